//! Đợt hậu kiểm: the visits, and one visit's units with their progress.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Row, Table, TableState};

use crate::domain::date::format_date;
use crate::domain::label::Labelled;
use crate::tui::app::App;
use crate::tui::i18n::Msg;
use crate::tui::theme;

pub fn list(frame: &mut Frame, app: &App, area: Rect) {
    let l = app.lang;
    if app.visits.visits.is_empty() {
        frame.render_widget(
            Paragraph::new(Msg::NoVisits.tr(l))
                .block(Block::bordered().title(Msg::TabVisits.tr(l))),
            area,
        );
        return;
    }
    let header = Row::new(vec![
        Msg::Visit.tr(l),
        Msg::DocNumber.tr(l),
        Msg::VisitTitle.tr(l),
        Msg::Period.tr(l),
        Msg::Status.tr(l),
        Msg::Findings.tr(l),
    ])
    .style(theme::HEADER);
    let rows = app.visits.visits.iter().map(|(v, c)| {
        Row::new(vec![
            v.code.clone(),
            v.doc_number.clone(),
            v.title.clone(),
            format!("{}–{}", format_date(v.start), format_date(v.end)),
            v.status.label(l.code()).to_string(),
            c.total().to_string(),
        ])
    });
    let t = Table::new(
        rows,
        [
            Constraint::Length(12),
            Constraint::Length(12),
            Constraint::Min(20),
            Constraint::Length(21),
            Constraint::Length(15),
            Constraint::Length(5),
        ],
    )
    .header(header)
    .row_highlight_style(theme::SELECTED)
    .highlight_symbol("▶ ")
    .block(Block::bordered().title(Msg::TabVisits.tr(l)));
    let mut state = TableState::new()
        .with_offset(app.visits.cursor.offset)
        .with_selected(Some(app.visits.cursor.selected));
    frame.render_stateful_widget(t, area, &mut state);
}

pub fn visit(frame: &mut Frame, app: &App, area: Rect) {
    let l = app.lang;
    let Some(v) = &app.visit.visit else { return };
    let [info, table] = Layout::vertical([Constraint::Length(5), Constraint::Min(3)]).areas(area);
    let team: Vec<String> = v
        .team
        .iter()
        .map(|m| format!("{} ({})", m.name, m.role.label(l.code())))
        .collect();
    let lines = vec![
        Line::from(vec![
            Span::styled(format!("{} · ", v.doc_number), theme::TITLE),
            Span::raw(v.title.clone()),
        ]),
        Line::raw(format!(
            "{} · {}–{} · {}",
            v.issuer,
            format_date(v.start),
            format_date(v.end),
            v.status.label(l.code())
        )),
        Line::raw(format!("{}: {}", Msg::Team.tr(l), team.join(", "))),
    ];
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(v.code.clone())),
        info,
    );
    let header = Row::new(vec![
        Msg::Unit.tr(l),
        Msg::Progress.tr(l),
        Msg::Failed.tr(l),
        Msg::Findings.tr(l),
    ])
    .style(theme::HEADER);
    let rows = app.visit.rows.iter().map(|r| {
        let done = if r.total > 0 && r.answered == r.total {
            theme::DONE
        } else {
            ratatui::style::Style::default()
        };
        Row::new(vec![
            Line::raw(r.name.clone()),
            Line::styled(format!("{}/{}", r.answered, r.total), done),
            Line::styled(
                r.failed.to_string(),
                if r.failed > 0 {
                    theme::OVERDUE
                } else {
                    theme::DIM
                },
            ),
            Line::raw(r.findings.to_string()),
        ])
    });
    let t = Table::new(
        rows,
        [
            Constraint::Min(30),
            Constraint::Length(10),
            Constraint::Length(10),
            Constraint::Length(6),
        ],
    )
    .header(header)
    .row_highlight_style(theme::SELECTED)
    .highlight_symbol("▶ ")
    .block(Block::bordered().title(Msg::Units.tr(l)));
    let mut state = TableState::new()
        .with_offset(app.visit.cursor.offset)
        .with_selected(Some(app.visit.cursor.selected));
    frame.render_stateful_widget(t, table, &mut state);
}
