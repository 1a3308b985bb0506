//! Drawing the list: the filters in force, and the rows on screen only.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Row, TableState};

use super::{Findings, Sort};
use crate::domain::date::format_date;
use crate::domain::label::Labelled;
use crate::domain::text::format_int;
use crate::tui::cx::DrawCx;
use crate::i18n::Msg;
use crate::tui::table::TableRow;
use crate::tui::{theme, ui};

pub(super) fn draw(v: &Findings, frame: &mut Frame, area: Rect, cx: &DrawCx) {
    let [bar, table] = Layout::vertical([Constraint::Length(1), Constraint::Min(3)]).areas(area);
    frame.render_widget(Paragraph::new(filters_line(v, cx)), bar);
    let block = Block::bordered().title(Msg::TabFindings.tr(cx.lang));
    if v.shown.is_empty() {
        frame.render_widget(
            Paragraph::new(Msg::NoFindings.tr(cx.lang))
                .style(theme::DIM)
                .block(block),
            table,
        );
        return;
    }
    rows(v, frame, table, block, cx);
}

fn filters_line(v: &Findings, cx: &DrawCx) -> Line<'static> {
    let l = cx.lang;
    let mut parts = vec![Span::styled(format!("{}: ", Msg::Filter.tr(l)), theme::DIM)];
    let mut push = |s: String| {
        parts.push(Span::styled(s, theme::KEY));
        parts.push(Span::raw("  "));
    };
    push(v.status.map_or_else(
        || format!("{}: {}", Msg::Status.tr(l), Msg::All.tr(l)),
        |s| s.label(l.code()).to_string(),
    ));
    if v.overdue {
        push(Msg::Overdue.tr(l).to_string());
    }
    if let Some(w) = v.window {
        push(format!("{} {w} {}", Msg::Within.tr(l), Msg::Days.tr(l)));
    }
    if let Some(u) = v.unit {
        push(cx.units.name(u));
    }
    if !v.search.is_empty() {
        push(format!("{} «{}»", Msg::Search.tr(l), v.search));
    }
    let sort = match v.sort {
        Sort::Due => Msg::SortDue,
        Sort::Urgency => Msg::SortUrgency,
        Sort::Unit => Msg::SortUnit,
    };
    push(format!("{} {}", Msg::SortBy.tr(l), sort.tr(l)));
    parts.push(Span::styled(
        format!(
            "· {} / {}",
            format_int(v.shown.len() as i64),
            format_int(v.base.len() as i64)
        ),
        theme::DIM,
    ));
    Line::from(parts)
}

/// The columns kept at a table width: narrow terminals drop the unit, then
/// the status (the colours still tell it), never the reference: it is how a
/// finding is named.
fn columns(width: u16) -> [bool; 6] {
    let inner = width.saturating_sub(4);
    [true, inner >= 92, true, true, inner >= 75, true]
}

fn pick<T>(cells: impl IntoIterator<Item = T>, keep: [bool; 6]) -> Vec<T> {
    cells
        .into_iter()
        .zip(keep)
        .filter_map(|(c, k)| k.then_some(c))
        .collect()
}

fn rows(v: &Findings, frame: &mut Frame, area: Rect, block: Block, cx: &DrawCx) {
    let l = cx.lang;
    let keep = columns(area.width);
    let titles = [
        Msg::Ref,
        Msg::Unit,
        Msg::Due,
        Msg::Overdue,
        Msg::Status,
        Msg::Title,
    ];
    let header = Row::new(pick(titles.iter().map(|m| Line::raw(m.tr(l))), keep));
    let (start, sel, end) = window(v, area.height);
    let rows = v.shown[start..end]
        .iter()
        .filter_map(|i| cx.table?.row(*i))
        .map(|f| Row::new(pick(cells(f, cx), keep)));
    let widths = [
        Constraint::Length(17),
        Constraint::Percentage(25),
        Constraint::Length(10),
        Constraint::Length(9),
        Constraint::Length(15),
        Constraint::Min(if keep[4] { 20 } else { 10 }),
    ];
    let t = ui::list(rows, pick(widths, keep), header, block);
    let mut state = TableState::new().with_selected(Some(sel - start));
    frame.render_stateful_widget(t, area, &mut state);
}

/// The rows on screen, `start..end`, with `sel` selected: only they are
/// built, as the list may hold many thousands.
fn window(v: &Findings, height: u16) -> (usize, usize, usize) {
    let height = usize::from(height.saturating_sub(3)).max(1);
    let sel = v.cursor.selected.min(v.shown.len() - 1);
    let start = if sel >= v.cursor.offset + height {
        sel + 1 - height
    } else {
        v.cursor.offset.min(sel)
    };
    (start, sel, (start + height).min(v.shown.len()))
}

fn cells(f: &TableRow, cx: &DrawCx) -> [Line<'static>; 6] {
    let style = theme::finding(f.status, f.due, cx.today);
    let late = f
        .days_overdue(cx.today)
        .map(|d| format!("{d} {}", Msg::Days.tr(cx.lang)))
        .unwrap_or_default();
    [
        Line::raw(f.reference.to_string()),
        Line::raw(cx.units.name(f.unit)),
        Line::styled(format_date(f.due), style),
        Line::styled(late, style),
        Line::styled(f.status.label(cx.lang.code()).to_string(), style),
        Line::raw(f.title.to_string()),
    ]
}
