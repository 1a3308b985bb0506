//! Tổng quan: the figures that matter today (from counters) and, per unit,
//! the open, overdue and awaiting findings, who is late first, with the
//! organisation each unit belongs to.

use std::collections::HashMap;

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::Rect;

use super::{Cursor, Effect, Screen, ScreenId};
use crate::domain::{FindingFilter, Id, StatusCounts};
use crate::i18n::Msg;
use crate::store::{Listing, Store, Summary};
use crate::tui::action::Action;
use crate::tui::cx::{Cx, DrawCx, Units};
use crate::tui::keymap::Ctx;

mod draw;

/// A row of the per-unit table.
#[derive(Debug, Clone)]
pub struct UnitRow {
    pub id: Id,
    pub name: String,
    pub active: u64,
    /// Active findings past due (counted for every row, so that rows can
    /// be ordered by it).
    pub overdue: Option<u64>,
    pub awaiting: u64,
    /// The unit's place in Vietnamese order of names.
    pub rank: u32,
}

/// The order of the per-unit table: who is late first, by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UnitOrder {
    /// Most overdue first, then most open.
    #[default]
    Overdue,
    /// Most open first, then most overdue.
    Open,
    /// Vietnamese order of names.
    Name,
}

impl UnitOrder {
    fn next(self) -> UnitOrder {
        match self {
            UnitOrder::Overdue => UnitOrder::Open,
            UnitOrder::Open => UnitOrder::Name,
            UnitOrder::Name => UnitOrder::Overdue,
        }
    }

    fn label(self) -> Msg {
        match self {
            UnitOrder::Overdue => Msg::SortOverdue,
            UnitOrder::Open => Msg::SortOpen,
            UnitOrder::Name => Msg::SortName,
        }
    }

    fn sort(self, rows: &mut [UnitRow]) {
        let late = |r: &UnitRow| std::cmp::Reverse(r.overdue.unwrap_or(0));
        let open = |r: &UnitRow| std::cmp::Reverse(r.active);
        match self {
            UnitOrder::Overdue => rows.sort_by_key(|r| (late(r), open(r), r.rank)),
            UnitOrder::Open => rows.sort_by_key(|r| (open(r), late(r), r.rank)),
            UnitOrder::Name => rows.sort_by_key(|r| r.rank),
        }
    }
}

/// The days units must report back on their remediation by (set in the
/// thông báo kết luận to each) that have not been met: how many, how many
/// are past, and the nearest ones.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Deadlines {
    /// Conclusions with a report-back day and no report received.
    pub pending: u64,
    /// Of those, the ones whose day has passed.
    pub overdue: u64,
    /// The nearest days first (the latest past first): the unit and its day.
    pub nearest: Vec<(Id, NaiveDate)>,
}

impl Deadlines {
    /// How many nearest ones are kept.
    pub const NEAREST: usize = 3;

    /// Read from every report (a few per visit: one pass is cheap).
    ///
    /// # Errors
    /// Storage failure.
    pub fn read(store: &Store, today: NaiveDate) -> anyhow::Result<Deadlines> {
        let mut pending: Vec<(NaiveDate, Id)> = store
            .reports()?
            .into_iter()
            .filter_map(|r| match (r.unit, r.report_by, r.reported_on) {
                (Some(unit), Some(by), None) => Some((by, unit)),
                _ => None,
            })
            .collect();
        pending.sort_unstable();
        Ok(Deadlines {
            pending: pending.len() as u64,
            overdue: pending.iter().filter(|(by, _)| *by < today).count() as u64,
            nearest: pending
                .into_iter()
                .take(Deadlines::NEAREST)
                .map(|(by, unit)| (unit, by))
                .collect(),
        })
    }
}

#[derive(Debug, Clone, Default)]
pub struct Dashboard {
    pub summary: Summary,
    /// The units' report-back days not yet met.
    pub deadlines: Deadlines,
    pub rows: Vec<UnitRow>,
    pub cursor: Cursor,
    pub order: UnitOrder,
    /// The app's change count when the rows were read, and the day they
    /// were read for.
    pub built: Option<(u64, NaiveDate)>,
}

impl Dashboard {
    /// Every figure and row from the listing view before the database is
    /// open (or from the database).
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
        counted(&mut rows, &source.overdue_by_unit(&ids, today)?);
        let order = UnitOrder::default();
        order.sort(&mut rows);
        let mut cursor = Cursor::default();
        cursor.jump(0, rows.len(), page);
        Ok(Dashboard {
            summary: source.summary(today)?,
            rows,
            cursor,
            order,
            deadlines: Deadlines::default(),
            built: Some((0, today)),
        })
    }
}

/// Each row's overdue count from `overdue` (none: 0).
fn counted(rows: &mut [UnitRow], overdue: &HashMap<Id, u64>) {
    for r in rows {
        r.overdue = Some(overdue.get(&r.id).copied().unwrap_or(0));
    }
}

/// How many active findings of each of `ids` are past due: one pass over
/// the findings table once it is in memory, else the store's index.
fn overdue_counts(cx: &Cx, ids: &[Id]) -> anyhow::Result<HashMap<Id, u64>> {
    let Some(table) = cx.table.ready() else {
        return Ok(Listing::overdue_by_unit(cx.store, ids, cx.today)?);
    };
    let test = FindingFilter {
        overdue: true,
        ..FindingFilter::default()
    };
    let test = test.as_of(cx.today);
    let mut out = HashMap::new();
    for r in table.rows().iter().filter(|r| test.admits(*r)) {
        // A merged unit's finding counts under the unit that follows it
        // up (the units read at start know it: no second read here).
        *out.entry(cx.units.now(r.unit).unwrap_or(r.unit)).or_insert(0) += 1;
    }
    Ok(out)
}

/// The per-unit rows from counts by status: units with active findings or
/// findings awaiting verification.
fn rows_of(counts: HashMap<Id, StatusCounts>, units: &Units) -> Vec<UnitRow> {
    counts
        .into_iter()
        .filter(|(_, c)| c.active() + c.awaiting() > 0)
        .map(|(id, c)| UnitRow {
            id,
            name: units.name(id),
            active: c.active(),
            overdue: None,
            awaiting: c.awaiting(),
            rank: units.rank(id),
        })
        .collect()
}

impl Screen for Dashboard {
    fn context(&self) -> Ctx {
        Ctx::Dashboard
    }

    /// Figures from counters; the rows from one pass over the per-unit
    /// counters and the overdue counts, kept until the app changes
    /// something or the day changes.
    fn load(&mut self, cx: &mut Cx) -> anyhow::Result<()> {
        self.summary = cx.store.summary(cx.today)?;
        self.deadlines = Deadlines::read(cx.store, cx.today)?;
        let now = (*cx.changes, cx.today);
        if self.built != Some(now) {
            // Counted as the listing counts: a unit that merged into
            // another is counted under it.
            let mut rows = rows_of(Listing::status_by_unit(cx.store)?, cx.units);
            let ids: Vec<Id> = rows.iter().map(|r| r.id).collect();
            counted(&mut rows, &overdue_counts(cx, &ids)?);
            self.order.sort(&mut rows);
            self.rows = rows;
            self.built = Some(now);
        }
        self.cursor
            .jump(self.cursor.selected, self.rows.len(), cx.page);
        Ok(())
    }

    fn step(&mut self, delta: isize, cx: &mut Cx) {
        self.cursor.step(delta, self.rows.len(), cx.page);
    }

    /// Enter on a unit: its findings; `r`: the next order, from the top.
    fn on(&mut self, action: Action, cx: &mut Cx) -> anyhow::Result<Effect> {
        if action == Action::CycleSort {
            self.order = self.order.next();
            self.order.sort(&mut self.rows);
            self.cursor = Cursor::default();
            self.cursor.jump(0, self.rows.len(), cx.page);
            return Ok(Effect::None);
        }
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
        draw::draw(self, frame, area, cx);
    }
}
