//! One row among many as a form input: a list of lines, the selected one
//! marked, moved with the keys of the keymap's `List` context (Enter saves
//! the form on it).

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::tui::action::Action;
use crate::tui::cx::DrawCx;
use crate::tui::keymap::Ctx;
use crate::tui::screen::Cursor;
use crate::tui::theme;

use super::Input;

/// Rows shown at most.
const SHOWN: u16 = 12;

#[derive(Debug, Clone)]
pub struct PickList {
    lines: Vec<String>,
    cursor: Cursor,
}

impl PickList {
    /// `lines`, the first selected.
    #[must_use]
    pub fn new(lines: Vec<String>) -> PickList {
        PickList {
            lines,
            cursor: Cursor::default(),
        }
    }

    /// The selected row's place.
    #[must_use]
    pub fn selected(&self) -> usize {
        self.cursor.selected
    }
}

impl Input for PickList {
    fn key(&mut self, _key: KeyEvent) -> bool {
        false
    }

    /// The selected line.
    fn text(&self) -> String {
        self.lines
            .get(self.cursor.selected)
            .cloned()
            .unwrap_or_default()
    }

    fn choice(&self) -> Option<usize> {
        Some(self.cursor.selected)
    }

    fn required(&self) -> bool {
        true
    }

    fn missing(&self) -> bool {
        self.lines.is_empty()
    }

    fn height(&self) -> u16 {
        u16::try_from(self.lines.len()).map_or(SHOWN, |n| n.clamp(1, SHOWN)) + 1
    }

    fn context(&self) -> Option<Ctx> {
        Some(Ctx::List)
    }

    fn act(&mut self, action: Action) {
        let (n, page) = (self.lines.len(), usize::from(SHOWN));
        let delta = match action {
            Action::Up => -1,
            Action::Down => 1,
            Action::PageUp => -(page as isize),
            Action::PageDown => page as isize,
            _ => return,
        };
        self.cursor.step(delta, n, page);
    }

    fn draw(&self, frame: &mut Frame, area: Rect, focused: bool, _cx: &DrawCx) {
        let shown = usize::from(area.height).max(1);
        let start = (self.cursor.selected + 1).saturating_sub(shown);
        let lines: Vec<Line> = self
            .lines
            .iter()
            .enumerate()
            .skip(start)
            .take(shown)
            .map(|(i, l)| {
                let on = i == self.cursor.selected;
                let style = if on && focused {
                    theme::SELECTED
                } else {
                    theme::DIM
                };
                Line::from(vec![
                    Span::raw(if on { "▶ " } else { "  " }),
                    Span::styled(l.clone(), if on { style } else { Default::default() }),
                ])
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), area);
    }
}
