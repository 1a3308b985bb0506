//! Drawing a form over the screen, whatever its purpose: each field's label
//! and input, the focused one always in sight, and why the last save was
//! refused.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::centered;
use crate::i18n::Msg;
use crate::tui::cx::DrawCx;
use crate::tui::form::{Editing, Row};
use crate::tui::theme;

pub fn draw(frame: &mut Frame, form: &dyn Editing, area: Rect, cx: &DrawCx) {
    let fields = form.rows();
    let focus = form.focus_index();
    let w = area.width.saturating_sub(4).min(100);
    // Why it was refused (or the question before discarding it), wrapped
    // whole at the form's width.
    let said = if form.asking() {
        Some(Msg::DiscardAsk.tr(cx.lang))
    } else {
        form.error()
    };
    let said = said.map(|t| {
        Paragraph::new(Span::styled(t.to_string(), theme::ERROR)).wrap(Wrap { trim: true })
    });
    let said_h = said.as_ref().map_or(1, |p| {
        u16::try_from(p.line_count(w.saturating_sub(2)))
            .unwrap_or(u16::MAX)
            .max(1)
    });
    // Borders, what it says and a spare line around the fields.
    let avail = area.height.saturating_sub(3 + said_h);
    let (heights, start, end) = window(&fields, focus, avail);
    let need = heights[start..end].iter().sum::<u16>() + 3 + said_h;
    let r = centered(area, w, need.min(area.height));
    frame.render_widget(Clear, r);
    let block = frame_of(form, start > 0 || end < fields.len(), cx);
    let inner = block.inner(r);
    frame.render_widget(block, r);
    let mut constraints: Vec<Constraint> = heights[start..end]
        .iter()
        .map(|h| Constraint::Length(*h))
        .collect();
    constraints.push(Constraint::Min(1));
    let rows = Layout::vertical(constraints).split(inner);
    let flagged = form.flagged_index();
    for (i, area) in (start..end).zip(rows.iter()) {
        let mark = if flagged == Some(i) {
            Mark::Flagged
        } else if i == focus {
            Mark::Focused
        } else {
            Mark::None
        };
        field(frame, &fields[i], i == focus, mark, *area, cx);
    }
    if let (Some(said), Some(last)) = (said, rows.last()) {
        frame.render_widget(said, *last);
    }
}

/// The form's border and title; fields out of sight are said first, where
/// a narrow title still shows it.
fn frame_of(form: &dyn Editing, more: bool, cx: &DrawCx) -> Block<'static> {
    let more = if more { "↕ " } else { "" };
    Block::bordered()
        .title(format!(
            "{more}{} · {}",
            form.title().tr(cx.lang),
            Msg::FormHint.tr(cx.lang)
        ))
        .border_style(theme::FOCUS)
}

/// How a field's label stands out.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mark {
    None,
    Focused,
    /// The field the last refusal named.
    Flagged,
}

/// A field: its label (marked if required), then its input.
fn field(frame: &mut Frame, row: &Row, focused: bool, mark: Mark, area: Rect, cx: &DrawCx) {
    let (style, lead) = match mark {
        Mark::Flagged => (theme::ERROR, "▶ "),
        Mark::Focused => (theme::KEY, ""),
        Mark::None => (theme::DIM, ""),
    };
    let req = if row.input.required() { " *" } else { "" };
    let [label, value] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    frame.render_widget(
        Paragraph::new(Span::styled(
            format!("{lead}{}{req}", row.label.tr(cx.lang)),
            style,
        )),
        label,
    );
    row.input.draw(frame, value, focused, cx);
}

/// Rows of each field, and the fields `start..end` that fit in `avail` rows
/// with the focused one among them: fields taller than two rows shrink to
/// one line of value first (the focused one keeps what room it needs: a list
/// is worked in), then the form scrolls with the focus.
fn window(fields: &[Row], focus: usize, avail: u16) -> (Vec<u16>, usize, usize) {
    let full: Vec<u16> = fields.iter().map(|f| f.input.height()).collect();
    let n = full.len();
    if full.iter().sum::<u16>() <= avail {
        return (full, 0, n);
    }
    let focus = focus.min(n.saturating_sub(1));
    let heights: Vec<u16> = full
        .iter()
        .enumerate()
        .map(|(i, h)| {
            if i == focus {
                (*h).min(avail.max(2))
            } else {
                (*h).min(2)
            }
        })
        .collect();
    let mut start = 0;
    while start < focus && heights[start..=focus].iter().sum::<u16>() > avail {
        start += 1;
    }
    let mut end = (focus + 1).min(n);
    while end < n && heights[start..=end].iter().sum::<u16>() <= avail {
        end += 1;
    }
    (heights, start, end)
}
