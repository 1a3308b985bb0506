//! Tổng quan: the figures that matter today (from counters) and, per unit,
//! the open, overdue and awaiting findings.

use std::collections::HashMap;

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Row, TableState};

use super::{Cursor, Effect, Screen, ScreenId};
use crate::domain::Id;
use crate::domain::text::format_int;
use crate::domain::StatusCounts;
use crate::store::{Listing, Summary};
use crate::tui::action::Action;
use crate::tui::app::Tone;
use crate::tui::cx::{Cx, DrawCx, Units};
use crate::i18n::Msg;
use crate::tui::keymap::Ctx;
use crate::tui::{theme, ui};

/// A row of the per-unit table.
#[derive(Debug, Clone)]
pub struct UnitRow {
    pub id: Id,
    pub name: String,
    pub active: u64,
    /// Counted for the rows on screen only (`None` until then).
    pub overdue: Option<u64>,
    pub awaiting: u64,
}

#[derive(Debug, Clone, Default)]
pub struct Dashboard {
    pub summary: Summary,
    pub rows: Vec<UnitRow>,
    pub cursor: Cursor,
    /// The app's change count when the rows were read, and the day they
    /// were read for.
    pub built: Option<(u64, NaiveDate)>,
}

impl Dashboard {
    /// Every figure and row, every row's overdue count included, from the
    /// listing view before the database is open (or from the database).
    ///
    /// # Errors
    /// Storage failure.
    pub fn from_listing(
        source: &impl Listing,
        today: NaiveDate,
        units: &Units,
        page: usize,
    ) -> anyhow::Result<Dashboard> {
        let mut rows = rows_of(source.status_by_unit()?, units);
        let ids: Vec<Id> = rows.iter().map(|r| r.id).collect();
        let overdue = source.overdue_by_unit(&ids, today)?;
        for r in &mut rows {
            r.overdue = Some(overdue.get(&r.id).copied().unwrap_or(0));
        }
        let mut cursor = Cursor::default();
        cursor.jump(0, rows.len(), page);
        Ok(Dashboard {
            summary: source.summary(today)?,
            rows,
            cursor,
            built: Some((0, today)),
        })
    }

    /// Count overdue findings for the rows on screen that lack it.
    fn fill_overdue(&mut self, cx: &Cx) -> anyhow::Result<()> {
        let start = self.cursor.offset;
        let end = (start + cx.page.max(1)).min(self.rows.len());
        for row in &mut self.rows[start..end] {
            if row.overdue.is_none() {
                let n = if row.active == 0 {
                    0
                } else {
                    cx.store.overdue_of_unit(row.id, cx.today)?
                };
                row.overdue = Some(n);
            }
        }
        Ok(())
    }
}

/// The per-unit rows from counts by status: units with active findings or
/// findings awaiting verification, in Vietnamese order.
fn rows_of(counts: HashMap<Id, StatusCounts>, units: &Units) -> Vec<UnitRow> {
    let mut rows: Vec<(u32, UnitRow)> = Vec::new();
    for (id, c) in counts {
        let active = c.active();
        if active + c.awaiting() == 0 {
            continue;
        }
        let row = UnitRow {
            id,
            name: units.name(id),
            active,
            overdue: None,
            awaiting: c.awaiting(),
        };
        rows.push((units.rank(id), row));
    }
    rows.sort_by_key(|r| r.0);
    rows.into_iter().map(|r| r.1).collect()
}

impl Screen for Dashboard {
    fn context(&self) -> Ctx {
        Ctx::Dashboard
    }

    /// Figures from counters; the rows from one pass over the per-unit
    /// counters, kept until the app changes something or the day changes;
    /// overdue counts for the rows on screen.
    fn load(&mut self, cx: &mut Cx) -> anyhow::Result<()> {
        self.summary = cx.store.summary(cx.today)?;
        let now = (*cx.changes, cx.today);
        if self.built != Some(now) {
            // Counted as the listing counts: a unit that merged into
            // another is counted under it.
            self.rows = rows_of(Listing::status_by_unit(cx.store)?, cx.units);
            self.built = Some(now);
        }
        self.cursor
            .jump(self.cursor.selected, self.rows.len(), cx.page);
        self.fill_overdue(cx)
    }

    fn step(&mut self, delta: isize, cx: &mut Cx) {
        self.cursor.step(delta, self.rows.len(), cx.page);
        if let Err(e) = self.fill_overdue(cx) {
            cx.say(e.to_string(), Tone::Error);
        }
    }

    /// Enter on a unit: its findings.
    fn on(&mut self, action: Action, _cx: &mut Cx) -> anyhow::Result<Effect> {
        let row = self.rows.get(self.cursor.selected);
        Ok(match (action, row.map(|r| r.id)) {
            (Action::Open, Some(unit)) => Effect::open(move |s| s.findings.show_unit(unit)),
            _ => Effect::None,
        })
    }

    fn command(&self, cmd: &str, _arg: &str, _cx: &Cx) -> Option<anyhow::Result<Effect>> {
        matches!(cmd, "dashboard" | "tongquan").then_some(Ok(Effect::Go(ScreenId::Dashboard)))
    }

    fn draw(&self, frame: &mut Frame, area: Rect, cx: &DrawCx) {
        let [cards, table] =
            Layout::vertical([Constraint::Length(4), Constraint::Min(3)]).areas(area);
        self.draw_figures(frame, cards, cx);
        self.draw_units(frame, table, cx);
    }
}

impl Dashboard {
    fn draw_figures(&self, frame: &mut Frame, area: Rect, cx: &DrawCx) {
        let s = &self.summary;
        let figures = [
            (Msg::Overdue, s.overdue, theme::OVERDUE),
            (Msg::Due7, s.due_7, theme::SOON),
            (Msg::Due30, s.due_30, theme::SOON),
            (Msg::Active, s.active, ratatui::style::Style::default()),
            (Msg::VerifiedMonth, s.verified_this_month, theme::DONE),
        ];
        let parts = Layout::horizontal([Constraint::Ratio(1, 5); 5]).split(area);
        for ((msg, n, style), r) in figures.into_iter().zip(parts.iter()) {
            let p = Paragraph::new(vec![
                Line::from(Span::styled(format_int(n as i64), style)),
                Line::raw(""),
            ])
            .block(Block::bordered().title(msg.tr(cx.lang)));
            frame.render_widget(p, *r);
        }
    }

    fn draw_units(&self, frame: &mut Frame, area: Rect, cx: &DrawCx) {
        let l = cx.lang;
        let header = Row::new(vec![
            Msg::Unit.tr(l),
            Msg::OpenCount.tr(l),
            Msg::OverdueCount.tr(l),
            Msg::Awaiting.tr(l),
        ]);
        // Only the rows on screen are built: a province has thousands of units.
        let height = usize::from(area.height.saturating_sub(3)).max(1);
        let start = self.cursor.offset.min(self.rows.len());
        let end = (start + height).min(self.rows.len());
        let rows = self.rows[start..end].iter().map(unit_row);
        let title = format!(
            "{} · {} {}",
            Msg::ByUnit.tr(l),
            format_int(self.rows.len() as i64),
            Msg::Units.tr(l).to_lowercase()
        );
        let widths = [
            Constraint::Min(30),
            Constraint::Length(9),
            Constraint::Length(9),
            Constraint::Length(14),
        ];
        let t = ui::list(rows, widths, header, Block::bordered().title(title));
        let selected = self
            .cursor
            .selected
            .checked_sub(start)
            .filter(|_| end > start);
        let mut state = TableState::new().with_selected(selected);
        frame.render_stateful_widget(t, area, &mut state);
    }
}

fn unit_row(r: &UnitRow) -> Row<'static> {
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
}
