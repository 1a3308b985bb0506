//! Drawing the list: the filters in force, and the rows on screen only.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Row, TableState};

use super::{Findings, Sort};
use crate::domain::date::format_date;
use crate::domain::label::Labelled;
use crate::domain::Id;
use crate::domain::text::{format_int, width as width_of};
use crate::tui::cx::DrawCx;
use crate::i18n::Msg;
use crate::tui::table::TableRow;
use crate::tui::ui::{fit, pick};
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
        if v.early.is_some() {
            format!(
                "· {} / … {}",
                format_int(v.shown.len() as i64),
                Msg::TableLoading.tr(l)
            )
        } else {
            format!(
                "· {} / {}",
                format_int(v.shown.len() as i64),
                format_int(v.base.len() as i64)
            )
        },
        theme::DIM,
    ));
    Line::from(parts)
}

/// The columns of the list and their widths, from what the rows on
/// screen hold: the reference, the due date, the days late and the status
/// as wide as their header and longest value; the unit a third of what is
/// left (none where the list is of one unit: the filters line names it),
/// the finding's content the rest. Narrow terminals drop the days late
/// first (the due date's colour still tells it), then the unit; never the
/// reference (it is how a finding is named) or the status.
fn columns(v: &Findings, shown: &[&TableRow], width: u16, cx: &DrawCx) -> ([bool; 6], [u16; 6]) {
    let l = cx.lang;
    let head = |m: Msg| width_of(m.tr(l));
    let widest = |m: Msg, f: &dyn Fn(&TableRow) -> usize| {
        shown.iter().map(|r| f(r)).fold(head(m), usize::max)
    };
    let mark = |r: &TableRow| if v.conflicted.contains(&r.id) { 2 } else { 0 };
    let reference = widest(Msg::Ref, &|r| width_of(&r.reference) + mark(r));
    let due = widest(Msg::Due, &|_| 10);
    let late = widest(Msg::Overdue, &|r| width_of(&late(r, cx)));
    let status = widest(Msg::Status, &|r| width_of(r.status.label(l.code())).min(15));
    let unit = widest(Msg::Unit, &|r| width_of(&unit_cell(r.unit, usize::MAX, cx)));
    // Borders and the selection mark.
    let inner = usize::from(width).saturating_sub(4);
    let mut keep = [true, v.unit.is_none(), true, true, true, true];
    let rest = |keep: &[bool; 6]| {
        let fixed: usize = [reference, 0, due, late, status, 0]
            .iter()
            .zip(keep)
            .filter(|(_, k)| **k)
            .map(|(w, _)| w + 1)
            .sum();
        inner.saturating_sub(fixed)
    };
    if keep[1] && rest(&keep) < 48 {
        keep[3] = false;
    }
    if rest(&keep) < 30 {
        keep[1] = false;
    }
    let rest = rest(&keep);
    // Where the room is short, the unit (what tells rows apart) gets half.
    let share = if rest < 48 { rest / 2 } else { rest / 3 };
    let unit = if keep[1] { unit.min(share).max(12) } else { 0 };
    let content = rest.saturating_sub(if keep[1] { unit + 1 } else { 0 });
    let w = |n: usize| u16::try_from(n).unwrap_or(u16::MAX);
    (keep, [reference, unit, due, late, status, content].map(w))
}

fn rows(v: &Findings, frame: &mut Frame, area: Rect, block: Block, cx: &DrawCx) {
    let l = cx.lang;
    let titles = [
        Msg::Ref,
        Msg::Unit,
        Msg::Due,
        Msg::Overdue,
        Msg::Status,
        Msg::Title,
    ];
    let (start, sel, end) = window(v, area.height);
    let shown: Vec<&TableRow> = v.shown[start..end]
        .iter()
        .filter_map(|i| v.rows_in(cx.table)?.row(*i))
        .collect();
    let (keep, widths) = columns(v, &shown, area.width, cx);
    let header = Row::new(pick(titles.iter().map(|m| Line::raw(m.tr(l))), keep));
    let rows = shown
        .iter()
        .map(|f| Row::new(pick(cells(f, v.conflicted.contains(&f.id), widths, cx), keep)));
    let t = ui::list(rows, pick(widths.map(Constraint::Length), keep), header, block);
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

fn late(f: &TableRow, cx: &DrawCx) -> String {
    f.days_overdue(cx.today)
        .map(|d| format!("{d} {}", Msg::Days.tr(cx.lang)))
        .unwrap_or_default()
}

/// A unit's name in `w` cells: whole, else without the "Đảng bộ" or
/// "Chi bộ" every unit's name starts with, its last words kept (they name
/// the place: "phường Quang Trung"); in a narrow column only those.
fn unit_name(name: &str, w: usize) -> String {
    if width_of(name) <= w {
        return name.to_string();
    }
    let short = ["Đảng bộ ", "Chi bộ "]
        .iter()
        .find_map(|p| name.strip_prefix(p))
        .unwrap_or(name);
    if w >= 20 || width_of(short) <= w {
        return fit::middle(short, w);
    }
    let words: Vec<&str> = short.split_whitespace().collect();
    let mut from = words.len();
    while from > 0 && width_of(&words[from - 1..].join(" ")) + 2 <= w {
        from -= 1;
    }
    if from == words.len() {
        return fit::words(short, w);
    }
    format!("… {}", words[from..].join(" "))
}

/// The unit a finding is listed under in `w` cells: the one it merged
/// into, followed by "← " and the one it was recorded at where that fits
/// (the finding's detail says "trước đây" in full), else its own.
fn unit_cell(id: Id, w: usize, cx: &DrawCx) -> String {
    let Some(now) = cx.units.now(id) else {
        return unit_name(&cx.units.name(id), w);
    };
    let base = unit_name(&cx.units.name(now), w);
    let was = cx.units.name(id);
    let was = ["Đảng bộ ", "Chi bộ "]
        .iter()
        .find_map(|p| was.strip_prefix(p))
        .unwrap_or(&was);
    let both = format!("{base} ← {was}");
    if width_of(&both) <= w { both } else { base }
}

/// A row's cells; a finding with an open conflict is marked ⚠.
fn cells(f: &TableRow, conflicted: bool, widths: [u16; 6], cx: &DrawCx) -> [Line<'static>; 6] {
    let style = theme::finding(f.status, f.due, cx.today);
    let w = |i: usize| usize::from(widths[i]);
    let reference = if conflicted {
        Line::from(vec![
            Span::styled("⚠ ", theme::OVERDUE),
            Span::raw(f.reference.to_string()),
        ])
    } else {
        Line::raw(f.reference.to_string())
    };
    [
        reference,
        Line::raw(unit_cell(f.unit, w(1), cx)),
        Line::styled(format_date(f.due), style),
        Line::styled(late(f, cx), style),
        Line::styled(fit::words(f.status.label(cx.lang.code()), w(4)), style),
        Line::raw(fit::words(&f.title, w(5))),
    ]
}
