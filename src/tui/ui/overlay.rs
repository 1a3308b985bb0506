//! Overlays: help (generated from the keymap), the command palette and the
//! search bar.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect, Size};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::{centered, fit};
use crate::domain::text::width;
use crate::i18n::Msg;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::field::Field;
use crate::tui::keymap::{Ctx, hints};
use crate::tui::theme;

/// Width of a column of the help.
const COLUMN: u16 = 38;

/// The help's lines: the keys of the shown screen by section (with what its
/// keys do beyond their hint, e.g. the checklist moving on after a
/// verdict), then the keys of every screen; each key once.
fn help_lines<S>(app: &App<S>) -> Vec<Line<'static>> {
    let l = app.lang;
    let mut lines = Vec::new();
    let mut section = |title: &str, notes: &[Msg], list: Vec<(String, Action)>| {
        if list.is_empty() {
            return;
        }
        lines.push(Line::styled(title.to_string(), theme::HEADER));
        for note in notes {
            let wrapped = fit::wrap(note.tr(l), usize::from(COLUMN - 4));
            lines.extend(
                wrapped
                    .into_iter()
                    .map(|w| Line::styled(format!("  {w}"), theme::DIM)),
            );
        }
        for (keys, action) in list {
            lines.push(Line::from(vec![
                Span::styled(format!("  {keys:<16}"), theme::KEY),
                Span::raw(action.hint(l)),
            ]));
        }
        lines.push(Line::raw(""));
    };
    let screen = app.current();
    for (title, ctx) in screen.help() {
        section(title.tr(l), &screen.help_notes(ctx), hints(ctx));
    }
    section(Msg::HelpEverywhere.tr(l), &[], hints(Ctx::Global));
    lines
}

/// How the help sits in `area` (the screen's body): its columns and the
/// rows each shows. Lines taller than the screen flow into as many columns
/// as the width allows; what still does not fit is one column that scrolls.
fn help_grid(lines: usize, area: Size) -> (usize, usize) {
    let rows = usize::from(area.height.saturating_sub(2)).max(1);
    let fit = usize::from(area.width.saturating_sub(2) / COLUMN).max(1);
    let cols = lines.div_ceil(rows).max(1);
    if cols <= fit { (cols, rows) } else { (1, rows) }
}

/// How far the help scrolls in the app's screen area.
pub fn help_max_scroll<S>(app: &App<S>) -> u16 {
    let lines = help_lines(app).len();
    let (cols, rows) = help_grid(lines, app.view);
    u16::try_from(lines.saturating_sub(cols * rows)).unwrap_or(u16::MAX)
}

/// The help over the screen, scrolled as far as the app says.
pub fn help<S>(frame: &mut Frame, app: &App<S>, area: Rect) {
    let lines = help_lines(app);
    let (cols, rows) = help_grid(lines.len(), area.as_size());
    let max = help_max_scroll(app);
    let scroll = app.help_scroll.min(max);
    let l = app.lang;
    let mut title = format!("{} · Esc", Msg::HelpTitle.tr(l));
    if max > 0 {
        title.push_str(&format!(" · j/k {}", Msg::HelpScroll.tr(l)));
    }
    let w = if cols == 1 {
        64
    } else {
        COLUMN * u16::try_from(cols).unwrap_or(1) + 2
    };
    let h = u16::try_from(lines.len().min(rows) + 2).unwrap_or(u16::MAX);
    let r = centered(area, w, h);
    frame.render_widget(Clear, r);
    let more = if scroll < max { "↓" } else { "" };
    let block = Block::bordered()
        .title(title)
        .title_bottom(Line::from(more).right_aligned());
    let inner = block.inner(r);
    frame.render_widget(block, r);
    let parts = Layout::horizontal(vec![
        Constraint::Ratio(1, u32::try_from(cols).unwrap_or(1));
        cols
    ])
    .split(inner);
    let per = if cols == 1 { lines.len().max(1) } else { rows };
    for (chunk, part) in lines.chunks(per).zip(parts.iter()) {
        frame.render_widget(Paragraph::new(chunk.to_vec()).scroll((scroll, 0)), *part);
    }
}

pub fn palette<S>(frame: &mut Frame, app: &App<S>, field: &Field, area: Rect) {
    let r = centered(area, 70, 5);
    let r = Rect { y: area.y + 1, ..r };
    frame.render_widget(Clear, r);
    let block = Block::bordered().title(format!(
        "{} · Enter · Tab · Esc",
        Msg::PaletteTitle.tr(app.lang)
    ));
    let inner = block.inner(r);
    frame.render_widget(block, r);
    let [input, hint] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(inner);
    frame.render_widget(field.widget(), input);
    frame.render_widget(
        Paragraph::new(Msg::PaletteHint.tr(app.lang))
            .style(theme::DIM)
            .wrap(Wrap { trim: true }),
        hint,
    );
}

pub fn search<S>(frame: &mut Frame, app: &App<S>, field: &Field, area: Rect) {
    frame.render_widget(Clear, area);
    let label = format!("/{} ", Msg::Search.tr(app.lang));
    let w = u16::try_from(width(&label)).unwrap_or(8);
    let [l, f] = Layout::horizontal([Constraint::Length(w), Constraint::Min(1)]).areas(area);
    frame.render_widget(Paragraph::new(Span::styled(label, theme::KEY)), l);
    frame.render_widget(field.widget(), f);
}
