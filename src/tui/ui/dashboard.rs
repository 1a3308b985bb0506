//! Tổng quan: the figures that matter today and open findings per unit.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Row, Table, TableState};

use crate::domain::text::format_int;
use crate::tui::app::App;
use crate::tui::i18n::Msg;
use crate::tui::theme;

pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let [cards, table] = Layout::vertical([Constraint::Length(4), Constraint::Min(3)]).areas(area);
    let s = &app.dash.summary;
    let l = app.lang;
    let figures = [
        (Msg::Overdue, s.overdue, theme::OVERDUE),
        (Msg::Due7, s.due_7, theme::SOON),
        (Msg::Due30, s.due_30, theme::SOON),
        (Msg::Active, s.active, ratatui::style::Style::default()),
        (Msg::VerifiedMonth, s.verified_this_month, theme::DONE),
    ];
    let parts = Layout::horizontal([Constraint::Ratio(1, 5); 5]).split(cards);
    for ((msg, n, style), r) in figures.into_iter().zip(parts.iter()) {
        let p = Paragraph::new(vec![
            Line::from(Span::styled(format_int(n as i64), style)),
            Line::raw(""),
        ])
        .block(Block::bordered().title(msg.tr(l)));
        frame.render_widget(p, *r);
    }
    let header = Row::new(vec![
        Msg::Unit.tr(l),
        Msg::OpenCount.tr(l),
        Msg::OverdueCount.tr(l),
        Msg::Awaiting.tr(l),
    ])
    .style(theme::HEADER);
    // Only the rows on screen are built: a province has thousands of units.
    let height = usize::from(table.height.saturating_sub(3)).max(1);
    let cursor = app.dash.cursor;
    let start = cursor.offset.min(app.dash.rows.len());
    let end = (start + height).min(app.dash.rows.len());
    let rows = app.dash.rows[start..end].iter().map(|r| {
        let overdue = match r.overdue {
            Some(n) => Span::styled(
                format_int(n as i64),
                if n > 0 { theme::OVERDUE } else { theme::DIM },
            ),
            None => Span::styled("…", theme::DIM),
        };
        Row::new(vec![
            Line::raw(r.name.clone()),
            Line::raw(format_int(r.active as i64)),
            Line::from(overdue),
            Line::raw(format_int(r.awaiting as i64)),
        ])
    });
    let title = format!(
        "{} · {} {}",
        Msg::ByUnit.tr(l),
        format_int(app.dash.rows.len() as i64),
        Msg::Units.tr(l).to_lowercase()
    );
    let t = Table::new(
        rows,
        [
            Constraint::Min(30),
            Constraint::Length(9),
            Constraint::Length(9),
            Constraint::Length(14),
        ],
    )
    .header(header)
    .row_highlight_style(theme::SELECTED)
    .highlight_symbol("▶ ")
    .block(Block::bordered().title(title));
    let mut state =
        TableState::new().with_selected(cursor.selected.checked_sub(start).filter(|_| end > start));
    frame.render_stateful_widget(t, table, &mut state);
}
