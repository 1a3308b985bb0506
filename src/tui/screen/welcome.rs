//! The welcome screen of an empty database: how to load the demo or import
//! one's own units and checklist.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::Screen;
use crate::tui::cx::{Cx, DrawCx};
use crate::i18n::Msg;
use crate::tui::keymap::Ctx;
use crate::tui::theme;

#[derive(Debug, Default)]
pub struct Welcome;

impl Screen for Welcome {
    fn context(&self) -> Ctx {
        Ctx::Welcome
    }

    /// Nothing to go to before there is data.
    fn may_leave(&self, cx: &Cx) -> anyhow::Result<bool> {
        Ok(!cx.store.is_empty()?)
    }

    fn draw(&self, frame: &mut Frame, area: Rect, cx: &DrawCx) {
        let l = cx.lang;
        let text = vec![
            Line::styled(Msg::WelcomeTitle.tr(l), theme::TITLE),
            Line::raw(""),
            Line::raw(Msg::Welcome1.tr(l)),
            Line::raw(""),
            Line::raw(format!("  {}", Msg::Welcome2.tr(l))),
            Line::styled("      haukiem demo", theme::KEY),
            Line::raw(""),
            Line::raw(format!("  {}", Msg::Welcome3.tr(l))),
            Line::styled(
                "      haukiem import don-vi.csv phieu-kiem-tra.toml",
                theme::KEY,
            ),
            Line::raw(""),
            Line::raw(Msg::Welcome4.tr(l)),
        ];
        frame.render_widget(
            Paragraph::new(text)
                .block(Block::bordered())
                .wrap(Wrap { trim: false }),
            area,
        );
    }
}
