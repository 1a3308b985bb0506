//! Overlays: help (generated from the keymap), the command palette and the
//! search bar.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::centered;
use crate::domain::text::width;
use crate::i18n::Msg;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::field::Field;
use crate::tui::keymap::{Ctx, hints};
use crate::tui::theme;

/// The keys of the shown screen (its sections), then the global ones.
pub fn help<S>(frame: &mut Frame, app: &App<S>, area: Rect) {
    let mut lines = Vec::new();
    let mut section = |title: String, list: Vec<(String, Action)>| {
        if list.is_empty() {
            return;
        }
        lines.push(Line::styled(title, theme::HEADER));
        for (keys, action) in list {
            lines.push(Line::from(vec![
                Span::styled(format!("  {keys:<16}"), theme::KEY),
                Span::raw(action.hint(app.lang)),
            ]));
        }
        lines.push(Line::raw(""));
    };
    for (title, ctx) in app.current().help() {
        section(title.tr(app.lang).to_string(), hints(ctx));
    }
    section("—".into(), hints(Ctx::Global));
    let title = format!("{} · Esc", Msg::HelpTitle.tr(app.lang));
    in_columns(frame, &lines, title, area);
}

/// Lines taller than the screen flow into as many columns as the width
/// allows, so that at 80×24 every key is still listed.
fn in_columns(frame: &mut Frame, lines: &[Line<'static>], title: String, area: Rect) {
    const COLUMN: u16 = 38;
    let rows = usize::from(area.height.saturating_sub(2)).max(1);
    let fit = usize::from(area.width.saturating_sub(2) / COLUMN).max(1);
    let cols = lines.len().div_ceil(rows).clamp(1, fit);
    let w = if cols == 1 {
        64
    } else {
        COLUMN * u16::try_from(cols).unwrap_or(1) + 2
    };
    let h = u16::try_from(lines.len().min(rows) + 2).unwrap_or(u16::MAX);
    let r = centered(area, w, h);
    frame.render_widget(Clear, r);
    let block = Block::bordered().title(title);
    let inner = block.inner(r);
    frame.render_widget(block, r);
    let per = if cols == 1 { lines.len().max(1) } else { rows };
    let parts = Layout::horizontal(vec![
        Constraint::Ratio(1, u32::try_from(cols).unwrap_or(1));
        cols
    ])
    .split(inner);
    for (chunk, part) in lines.chunks(per).zip(parts.iter()) {
        frame.render_widget(Paragraph::new(chunk.to_vec()), *part);
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
