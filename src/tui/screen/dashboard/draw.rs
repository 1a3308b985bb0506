//! Drawing the dashboard: the figures as cards where each card's title fits
//! whole, else as a grid of "number label" lines (the words that tell "in
//! 7 days" from "in 30 days" are never cut); then the per-unit table, the
//! unit's name first and what it belongs to after it, as room allows.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Row, TableState};

use super::{Dashboard, UnitRow};
use crate::domain::date::format_date;
use crate::domain::text::{format_int, width};
use crate::i18n::Msg;
use crate::tui::cx::DrawCx;
use crate::tui::ui::fit;
use crate::tui::{theme, ui};

pub(super) fn draw(d: &Dashboard, frame: &mut Frame, area: Rect, cx: &DrawCx) {
    let figures = figures(d);
    let longest = figures
        .iter()
        .map(|(m, _, _)| width(m.tr(cx.lang)))
        .max()
        .unwrap_or(0);
    // A card's title sits in its top border, between the corners.
    let cards = usize::from(area.width) >= figures.len() * (longest + 2);
    // The report-back days only while some are awaited.
    let deadlines = deadline_lines(d, usize::from(area.width), cx);
    let [top, due, table] = Layout::vertical([
        Constraint::Length(if cards { 4 } else { 3 }),
        Constraint::Length(u16::try_from(deadlines.len()).unwrap_or(0)),
        Constraint::Min(3),
    ])
    .areas(area);
    if cards {
        draw_cards(&figures, frame, top, cx);
    } else {
        draw_grid(&figures, frame, top, cx);
    }
    frame.render_widget(Paragraph::new(deadlines), due);
    draw_units(d, frame, table, cx);
}

/// The figures that matter today, each with its label and colour.
fn figures(d: &Dashboard) -> [(Msg, u64, Style); 5] {
    let s = &d.summary;
    [
        (Msg::Overdue, s.overdue, theme::OVERDUE),
        (Msg::Due7, s.due_7, theme::SOON),
        (Msg::Due30, s.due_30, theme::SOON),
        (Msg::Active, s.active, Style::default()),
        (Msg::VerifiedMonth, s.verified_this_month, theme::DONE),
    ]
}

/// "3 tổ chức đảng chưa báo cáo kết quả khắc phục, 1 quá hạn", then the
/// nearest days and whose they are, in `w` cells; nothing when none is
/// awaited.
fn deadline_lines(d: &Dashboard, w: usize, cx: &DrawCx) -> Vec<Line<'static>> {
    let due = &d.deadlines;
    if due.pending == 0 {
        return Vec::new();
    }
    let l = cx.lang;
    let style = if due.overdue > 0 {
        theme::OVERDUE
    } else {
        theme::SOON
    };
    let summary = Msg::ReportBackSummary.fill_in(l, &[&number(due.pending), &number(due.overdue)]);
    let mut lines = vec![Line::styled(fit::words(&format!(" ⚑ {summary}"), w), style)];
    let nearest: Vec<String> = due
        .nearest
        .iter()
        .map(|(unit, by)| {
            let when = match (*by - cx.today).num_days() {
                n if n < 0 => Msg::ReportBackLate.fill_in(l, &[&(-n)]),
                0 => Msg::ReportBackToday.tr(l).to_string(),
                n => Msg::ReportBackLeft.fill_in(l, &[&n]),
            };
            format!("{} ({when}) {}", format_date(*by), cx.units.name(*unit))
        })
        .collect();
    let line = format!("   {}: {}", Msg::ReportBackNearest.tr(l), nearest.join(" · "));
    lines.push(Line::styled(fit::words(&line, w), theme::DIM));
    lines
}

fn number(n: u64) -> String {
    format_int(i64::try_from(n).unwrap_or(i64::MAX))
}

fn draw_cards(figures: &[(Msg, u64, Style)], frame: &mut Frame, area: Rect, cx: &DrawCx) {
    let n = u32::try_from(figures.len()).unwrap_or(1);
    let parts = Layout::horizontal(vec![Constraint::Ratio(1, n); figures.len()]).split(area);
    for ((msg, n, style), r) in figures.iter().zip(parts.iter()) {
        let p = Paragraph::new(vec![
            Line::from(Span::styled(number(*n), *style)),
            Line::raw(""),
        ])
        .block(Block::bordered().title(msg.tr(cx.lang)));
        frame.render_widget(p, *r);
    }
}

/// Narrow: three lines of "number label", in two columns.
fn draw_grid(figures: &[(Msg, u64, Style)], frame: &mut Frame, area: Rect, cx: &DrawCx) {
    let w = figures
        .iter()
        .map(|(_, n, _)| width(&number(*n)))
        .max()
        .unwrap_or(1);
    let line = |(msg, n, style): &(Msg, u64, Style)| {
        Line::from(vec![
            Span::styled(format!(" {:>w$} ", number(*n)), *style),
            Span::raw(msg.tr(cx.lang)),
        ])
    };
    let (left, right) = figures.split_at(3);
    let [l, r] = Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)])
        .areas(area);
    frame.render_widget(Paragraph::new(left.iter().map(line).collect::<Vec<_>>()), l);
    frame.render_widget(Paragraph::new(right.iter().map(line).collect::<Vec<_>>()), r);
}

fn draw_units(d: &Dashboard, frame: &mut Frame, area: Rect, cx: &DrawCx) {
    let l = cx.lang;
    let heads = [Msg::OpenCount, Msg::OverdueCount, Msg::Awaiting].map(|m| m.tr(l));
    let header = Row::new([Msg::Unit.tr(l)].into_iter().chain(heads));
    // Only the rows on screen are built: a province has thousands of units.
    let height = usize::from(area.height.saturating_sub(3)).max(1);
    let start = d.cursor.offset.min(d.rows.len());
    let end = (start + height).min(d.rows.len());
    // Borders, the selection mark, the counts and the spaces between.
    let counts: usize = heads.iter().map(|h| width(h).max(5)).sum();
    let name_w = usize::from(area.width).saturating_sub(2 + 2 + counts + 3);
    let rows = d.rows[start..end].iter().map(|r| unit_row(r, name_w, cx));
    let title = format!(
        "{} · {} {} · {} {} (r)",
        Msg::ByUnit.tr(l),
        number(d.rows.len() as u64),
        Msg::Units.tr(l).to_lowercase(),
        Msg::SortBy.tr(l),
        d.order.label().tr(l)
    );
    let mut widths = vec![Constraint::Min(10)];
    widths.extend(
        heads
            .iter()
            .map(|h| Constraint::Length(u16::try_from(width(h).max(5)).unwrap_or(5))),
    );
    let block = Block::bordered().title(fit::words(&title, usize::from(area.width).saturating_sub(2)));
    let t = ui::list(rows, widths, header, block);
    let selected = d.cursor.selected.checked_sub(start).filter(|_| end > start);
    let mut state = TableState::new().with_selected(selected);
    frame.render_stateful_widget(t, area, &mut state);
}

/// A unit's name, then (dim) what it belongs to where there is room.
fn unit_cell(r: &UnitRow, w: usize, cx: &DrawCx) -> Line<'static> {
    let name = fit::middle(&r.name, w);
    let room = w.saturating_sub(width(&name) + 3);
    let mut spans = vec![Span::raw(name)];
    if let Some(parent) = cx.units.belongs_to(r.id).filter(|_| room >= 12) {
        spans.push(Span::styled(
            format!(" · {}", fit::middle(parent, room)),
            theme::DIM,
        ));
    }
    Line::from(spans)
}

fn unit_row(r: &UnitRow, name_w: usize, cx: &DrawCx) -> Row<'static> {
    let overdue = match r.overdue {
        Some(n) => Span::styled(number(n), if n > 0 { theme::OVERDUE } else { theme::DIM }),
        None => Span::styled("…", theme::DIM),
    };
    Row::new(vec![
        unit_cell(r, name_w, cx),
        Line::raw(number(r.active)),
        Line::from(overdue),
        Line::raw(number(r.awaiting)),
    ])
}
