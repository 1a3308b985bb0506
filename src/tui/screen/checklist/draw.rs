//! Drawing the walk-through: the items by section, the selected item's
//! detail, and the earlier findings to re-check.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span, Text};
use ratatui::widgets::{Block, Paragraph, Row, Table, TableState, Wrap};

use super::{Checklist, ItemRow, Pane, SectionInfo};
use crate::domain::Verdict;
use crate::domain::date::format_date;
use crate::domain::label::Labelled;
use crate::domain::text::width;
use crate::tui::cx::DrawCx;
use crate::i18n::Msg;
use crate::tui::theme;
use crate::tui::ui::fit;

/// Short mark and style of a verdict.
fn mark(v: Verdict) -> (&'static str, Style) {
    match v {
        Verdict::Unchecked => ("·", theme::DIM),
        Verdict::Pass => ("Đ", theme::DONE),
        Verdict::Partial => ("½", theme::SOON),
        Verdict::Fail => ("✗", theme::OVERDUE),
        Verdict::NotApplicable => ("–", theme::DIM),
    }
}

/// `style` if `on`, else the plain style.
fn when(on: bool, style: Style) -> Style {
    if on { style } else { Style::default() }
}

pub(super) fn draw(c: &Checklist, frame: &mut Frame, area: Rect, cx: &DrawCx) {
    let [head, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(3)]).areas(area);
    frame.render_widget(Paragraph::new(head_line(c, cx, head.width)), head);
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(58), Constraint::Percentage(42)]).areas(body);
    items(c, frame, left);
    let [detail, recheck] =
        Layout::vertical([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(right);
    item_detail(c, frame, detail, cx);
    earlier(c, frame, recheck, cx);
}

/// The unit, the visit and the progress; narrow, the progress loses its
/// words, then the unit's name its middle.
fn head_line(c: &Checklist, cx: &DrawCx, room: u16) -> Line<'static> {
    let l = cx.lang;
    let unit = c.unit.map(|u| cx.units.name(u)).unwrap_or_default();
    let answered: usize = c.sections.iter().map(|s| s.answered).sum();
    let total: usize = c.sections.iter().map(|s| s.total).sum();
    let failed: usize = c.sections.iter().map(|s| s.failed).sum();
    let visit = c.visit.as_ref().map(|v| v.code.clone()).unwrap_or_default();
    let failed = (
        format!("{failed} {}", Msg::Failed.tr(l)),
        if failed > 0 { theme::OVERDUE } else { theme::DIM },
    );
    let full = format!(
        " · {visit} · {}: {answered}/{total} {} · ",
        Msg::Progress.tr(l),
        Msg::Answered.tr(l)
    );
    let room = usize::from(room);
    let rest = if width(&unit) + width(&full) + width(&failed.0) <= room {
        full
    } else {
        format!(" · {visit} · {answered}/{total} · ")
    };
    let unit = fit::middle(&unit, room.saturating_sub(width(&rest) + width(&failed.0)));
    Line::from(vec![
        Span::styled(unit, theme::TITLE),
        Span::raw(rest),
        Span::styled(failed.0, failed.1),
    ])
}

fn items(c: &Checklist, frame: &mut Frame, area: Rect) {
    // The longest code of the template sets the code column ("  VIII.3").
    let code_w = c
        .items
        .iter()
        .map(|i| width(&i.code) + 2)
        .chain(c.sections.iter().map(|s| width(&s.code)))
        .max()
        .unwrap_or(4);
    // Borders, the code and verdict columns and the space between them.
    let text_w = usize::from(area.width).saturating_sub(2 + code_w + 3 + 2);
    let mut rows = Vec::new();
    let mut selected_row = 0;
    let mut last_section = usize::MAX;
    for (i, it) in c.items.iter().enumerate() {
        if it.section != last_section {
            last_section = it.section;
            if let Some(s) = c.sections.get(it.section) {
                rows.push(section_row(s, text_w));
            }
        }
        if i == c.cursor.selected {
            selected_row = rows.len();
        }
        rows.push(item_row(it, text_w));
    }
    let focused = c.pane == Pane::Items;
    let title = c
        .template
        .as_ref()
        .map(|t| fit::words(&t.title, usize::from(area.width.saturating_sub(2))))
        .unwrap_or_default();
    let block = Block::bordered()
        .title(title)
        .border_style(when(focused, theme::FOCUS));
    let widths = [
        Constraint::Length(u16::try_from(code_w).unwrap_or(u16::MAX)),
        Constraint::Min(10),
        Constraint::Length(3),
    ];
    let t = Table::new(rows, widths)
        .row_highlight_style(when(focused, theme::SELECTED))
        .block(block);
    let mut state = TableState::new().with_selected(Some(selected_row));
    frame.render_stateful_widget(t, area, &mut state);
}

fn section_row(s: &SectionInfo, text_w: usize) -> Row<'static> {
    let done = if s.answered == s.total {
        theme::DONE
    } else {
        theme::DIM
    };
    let progress = format!("  {}/{}", s.answered, s.total);
    let failed = if s.failed > 0 {
        format!(" ✗{}", s.failed)
    } else {
        String::new()
    };
    let title_w = text_w.saturating_sub(width(&progress) + width(&failed));
    Row::new(vec![
        Line::styled(s.code.clone(), theme::SECTION),
        Line::from(vec![
            Span::styled(fit::words(&s.title, title_w), theme::SECTION),
            Span::styled(progress, done),
            Span::styled(failed, theme::OVERDUE),
        ]),
        Line::raw(""),
    ])
}

fn item_row(it: &ItemRow, text_w: usize) -> Row<'static> {
    let (m, style) = mark(it.verdict);
    let flag = if it.findings > 0 {
        "⚑"
    } else if it.critical {
        "*"
    } else {
        " "
    };
    Row::new(vec![
        Line::raw(format!("  {}", it.code)),
        Line::raw(fit::words(&it.text, text_w)),
        Line::from(vec![
            Span::styled(m, style),
            Span::styled(flag, theme::SOON),
        ]),
    ])
}

fn item_detail(c: &Checklist, frame: &mut Frame, area: Rect, cx: &DrawCx) {
    let l = cx.lang;
    let Some(it) = c.items.get(c.cursor.selected) else {
        frame.render_widget(Block::bordered(), area);
        return;
    };
    // The verdict in words, in its colour: the list's mark would say it twice.
    let (_, style) = mark(it.verdict);
    let mut lines = vec![
        Line::styled(it.text.clone(), theme::TITLE),
        Line::from(vec![
            Span::raw(format!("{}: ", Msg::Verdict.tr(l))),
            Span::styled(it.verdict.label(l.code()).to_string(), style),
        ]),
    ];
    // What the template asks to look at, then what the team saw.
    if !it.evidence.is_empty() {
        lines.push(Line::styled(
            format!("{}: {}", Msg::EvidenceToSee.tr(l), it.evidence),
            theme::DIM,
        ));
    }
    if !it.seen.is_empty() {
        lines.push(Line::raw(format!("{}: {}", Msg::Evidence.tr(l), it.seen)));
    }
    if !it.note.is_empty() {
        lines.push(Line::raw(format!("{}: {}", Msg::Note.tr(l), it.note)));
    }
    if it.findings > 0 {
        lines.push(Line::styled(
            format!("⚑ {} {}", it.findings, Msg::Findings.tr(l)),
            theme::SOON,
        ));
    }
    let p = Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .block(Block::bordered().title(format!("{} {}", Msg::Item.tr(l), it.code)));
    frame.render_widget(p, area);
}

fn earlier(c: &Checklist, frame: &mut Frame, area: Rect, cx: &DrawCx) {
    let l = cx.lang;
    let focused = c.pane == Pane::Recheck;
    let block = Block::bordered()
        .title({
            // The count and the key stay; the label gives way.
            let tail = format!(" ({}) · Tab", c.earlier.len());
            let room = usize::from(area.width.saturating_sub(2)).saturating_sub(width(&tail));
            format!("{}{tail}", fit::words(Msg::Recheck.tr(l), room))
        })
        .border_style(when(focused, theme::FOCUS));
    if c.earlier.is_empty() {
        frame.render_widget(
            Paragraph::new(Msg::RecheckNone.tr(l))
                .style(theme::DIM)
                .wrap(Wrap { trim: true })
                .block(block),
            area,
        );
        return;
    }
    // Two lines a finding, so that a narrow pane still shows its deadline,
    // status and the start of its title.
    let w = usize::from(area.width).saturating_sub(2);
    let rows = c.earlier.iter().map(|f| {
        let late = f.days_overdue(cx.today).is_some();
        let status = format!(" · {}", f.status.label(l.code()));
        Row::new(vec![Text::from(vec![
            Line::from(vec![
                Span::styled(format_date(f.due), when(late, theme::OVERDUE)),
                Span::styled(fit::words(&status, w.saturating_sub(10)), theme::DIM),
            ]),
            Line::raw(format!("  {}", fit::words(&f.title, w.saturating_sub(2)))),
        ])])
        .height(2)
    });
    let t = Table::new(rows, [Constraint::Min(10)])
        .row_highlight_style(when(focused, theme::SELECTED))
        .block(block);
    let mut state = TableState::new().with_selected(Some(c.earlier_cursor.selected));
    frame.render_stateful_widget(t, area, &mut state);
}
