//! Hạn chế, khuyết điểm: the filtered list, and one finding with its history.

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Row, Table, TableState, Wrap};

use crate::domain::date::format_date;
use crate::domain::label::Labelled;
use crate::domain::text::format_int;
use crate::domain::{Event, FindingStatus};
use crate::tui::app::{App, Sort};
use crate::tui::i18n::Msg;
use crate::tui::theme;

fn status_style(status: FindingStatus, due: NaiveDate, app: &App) -> Style {
    if crate::domain::finding::days_overdue(status, due, app.today).is_some() {
        theme::OVERDUE
    } else if status == FindingStatus::Verified {
        theme::DONE
    } else if status.is_active() && (due - app.today).num_days() <= 7 {
        theme::SOON
    } else {
        Style::default()
    }
}

fn filters_line(app: &App) -> Line<'static> {
    let v = &app.findings;
    let l = app.lang;
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
        push(app.unit_name(u));
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

pub fn list(frame: &mut Frame, app: &App, area: Rect) {
    let l = app.lang;
    let [bar, table] = Layout::vertical([Constraint::Length(1), Constraint::Min(3)]).areas(area);
    frame.render_widget(Paragraph::new(filters_line(app)), bar);
    let v = &app.findings;
    let block = Block::bordered().title(Msg::TabFindings.tr(l));
    if v.shown.is_empty() {
        frame.render_widget(
            Paragraph::new(Msg::NoFindings.tr(l))
                .style(theme::DIM)
                .block(block),
            table,
        );
        return;
    }
    // Narrow terminals drop the unit, then the status (the colours still tell
    // it), never the reference: it is how a finding is named.
    let inner = table.width.saturating_sub(4);
    let keep = [true, inner >= 92, true, true, inner >= 75, true];
    let pick = move |cells: Vec<Line<'static>>| -> Vec<Line<'static>> {
        cells
            .into_iter()
            .zip(keep)
            .filter_map(|(c, k)| k.then_some(c))
            .collect()
    };
    let header = Row::new(pick(
        [
            Msg::Ref,
            Msg::Unit,
            Msg::Due,
            Msg::Overdue,
            Msg::Status,
            Msg::Title,
        ]
        .iter()
        .map(|m| Line::raw(m.tr(l)))
        .collect(),
    ))
    .style(theme::HEADER);
    // Only the visible window is built: the list may hold many thousands.
    let height = usize::from(table.height.saturating_sub(3)).max(1);
    let sel = v.cursor.selected.min(v.shown.len() - 1);
    let start = if sel >= v.cursor.offset + height {
        sel + 1 - height
    } else {
        v.cursor.offset.min(sel)
    };
    let end = (start + height).min(v.shown.len());
    let table_rows = app.table.ready();
    let rows = v.shown[start..end]
        .iter()
        .filter_map(|i| table_rows?.row(*i))
        .map(|f| {
            let style = status_style(f.status, f.due, app);
            let late = f
                .days_overdue(app.today)
                .map(|d| format!("{d} {}", Msg::Days.tr(l)))
                .unwrap_or_default();
            Row::new(pick(vec![
                Line::raw(f.reference.to_string()),
                Line::raw(app.unit_name(f.unit)),
                Line::styled(format_date(f.due), style),
                Line::styled(late, style),
                Line::styled(f.status.label(l.code()).to_string(), style),
                Line::raw(f.title.to_string()),
            ]))
        });
    let widths: Vec<Constraint> = [
        Constraint::Length(17),
        Constraint::Percentage(25),
        Constraint::Length(10),
        Constraint::Length(9),
        Constraint::Length(15),
        Constraint::Min(if keep[4] { 20 } else { 10 }),
    ]
    .into_iter()
    .zip(keep)
    .filter_map(|(c, k)| k.then_some(c))
    .collect();
    let t = Table::new(rows, widths)
        .header(header)
        .row_highlight_style(theme::SELECTED)
        .highlight_symbol("▶ ")
        .block(block);
    let mut state = TableState::new().with_selected(Some(sel - start));
    frame.render_stateful_widget(t, table, &mut state);
}

pub fn detail(frame: &mut Frame, app: &App, area: Rect) {
    let l = app.lang;
    let d = &app.detail;
    let Some(f) = &d.finding else {
        frame.render_widget(Block::bordered(), area);
        return;
    };
    let style = status_style(f.status, f.due, app);
    let field = |label: Msg, value: String| {
        Line::from(vec![
            Span::styled(format!("{}: ", label.tr(l)), theme::DIM),
            Span::raw(value),
        ])
    };
    let mut lines = vec![
        Line::styled(f.title.clone(), theme::TITLE),
        field(Msg::Unit, d.unit_name.clone()),
        field(
            Msg::Visit,
            format!(
                "{}{}",
                d.visit_code,
                f.item
                    .as_ref()
                    .map(|i| format!(" · {} {i}", Msg::Item.tr(l)))
                    .unwrap_or_default()
            ),
        ),
        Line::from(vec![
            Span::styled(format!("{}: ", Msg::Status.tr(l)), theme::DIM),
            Span::styled(f.status.label(l.code()).to_string(), style),
            Span::raw(format!(" · {}: ", Msg::DueDate.tr(l))),
            Span::styled(format_date(f.due), style),
            Span::styled(
                f.days_overdue(app.today)
                    .map(|n| format!(" ({n} {})", Msg::DaysOverdue.tr(l)))
                    .unwrap_or_default(),
                theme::OVERDUE,
            ),
        ]),
        field(Msg::Severity, f.severity.label(l.code()).to_string()),
        field(
            Msg::Responsibility,
            format!(
                "{} — {}",
                f.responsibility.kind.label(l.code()),
                f.responsibility.name
            ),
        ),
        Line::raw(""),
    ];
    for (label, text) in [
        (Msg::Detail, &f.detail),
        (Msg::Cause, &f.cause),
        (Msg::Remedy, &f.remedy),
    ] {
        if !text.is_empty() {
            lines.push(Line::styled(label.tr(l), theme::HEADER));
            lines.extend(text.lines().map(|t| Line::raw(t.to_string())));
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(Msg::History.tr(l), theme::HEADER));
    for h in &f.history {
        let what = match &h.event {
            Event::Created => Msg::Created.tr(l).to_string(),
            Event::Note => Msg::Note.tr(l).to_string(),
            Event::Status { from, to } => {
                format!("{} → {}", from.label(l.code()), to.label(l.code()))
            }
            Event::Extended { from, to } => format!(
                "{} {} → {}",
                Msg::Extended.tr(l),
                format_date(*from),
                format_date(*to)
            ),
        };
        let note = if h.note.is_empty() {
            String::new()
        } else {
            format!(" — {}", h.note)
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{}  ", format_date(h.date)), theme::DIM),
            Span::styled(what, theme::KEY),
            Span::raw(format!(" · {}{note}", h.by)),
        ]));
    }
    let p = Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .scroll((d.scroll, 0))
        .block(Block::bordered().title(f.reference.clone()));
    frame.render_widget(p, area);
}
