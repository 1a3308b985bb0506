//! Hạn chế, khuyết điểm: every finding, filtered (status, overdue, due
//! window, unit), sorted and searched as one types, all in memory from the
//! findings table once it is there.

mod draw;
mod order;

use ratatui::Frame;
use ratatui::layout::Rect;

use super::{Cursor, Effect, Screen, ScreenId};
use crate::domain::label::Labelled;
use crate::domain::{Finding, FindingStatus, Id};
use crate::store::Store;
use crate::tui::action::Action;
use crate::tui::cx::{Cx, DrawCx, Units};
use crate::tui::keymap::Ctx;
use crate::tui::table::{FindingTable, TableRow};

/// Sort order of the list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    Due,
    #[default]
    Urgency,
    Unit,
}

#[derive(Debug, Clone, Default)]
pub struct Findings {
    pub status: Option<FindingStatus>,
    pub overdue: bool,
    /// Due within this many days.
    pub window: Option<u32>,
    pub unit: Option<Id>,
    pub visit: Option<Id>,
    pub search: String,
    pub sort: Sort,
    /// Rows of the findings table that pass the filters, in display order.
    pub base: Vec<u32>,
    /// Those of `base` that also match `searched`, in the same order.
    pub shown: Vec<u32>,
    /// The search text `shown` was computed for.
    pub searched: String,
    pub cursor: Cursor,
    /// Findings with an open conflict (marked ⚠).
    pub conflicted: std::collections::HashSet<Id>,
    /// While the findings table is still loading: the list's first rows,
    /// read through the due-date index (`base` and `shown` index these),
    /// until [`Findings::upgrade`] puts the whole list in their place.
    pub early: Option<std::sync::Arc<FindingTable>>,
    /// From how many findings the list shows early rows rather than wait
    /// for the table (`None`: [`order::EARLY_FROM`]).
    pub early_from: Option<u64>,
}

impl Findings {
    /// Show one unit's findings, nothing else filtered.
    pub fn show_unit(&mut self, unit: Id) -> ScreenId {
        *self = Findings {
            unit: Some(unit),
            ..Findings::default()
        };
        ScreenId::Findings
    }

    /// The table `base` and `shown` index: the early rows while the list
    /// shows them, else the app's table.
    #[must_use]
    pub fn rows_in<'a>(&'a self, table: Option<&'a FindingTable>) -> Option<&'a FindingTable> {
        match &self.early {
            Some(early) => Some(early),
            None => table,
        }
    }

    /// The selected row.
    #[must_use]
    pub fn selected<'a>(&'a self, table: Option<&'a FindingTable>) -> Option<&'a TableRow> {
        let i = self.shown.get(self.cursor.selected)?;
        self.rows_in(table)?.row(*i)
    }

    /// Once the table is there, the whole list in place of the early rows,
    /// the same finding selected (the early rows are the list's first).
    ///
    /// # Errors
    /// Storage failure.
    pub fn upgrade(&mut self, cx: &mut Cx) -> anyhow::Result<()> {
        if self.early.is_none() || !cx.table.arrived() {
            return Ok(());
        }
        let id = self.selected(None).map(|r| r.id);
        self.early = None;
        self.list(cx)?;
        let table = cx.table.ready();
        if let Some(at) = id.and_then(|id| {
            self.shown
                .iter()
                .position(|i| table.and_then(|t| t.row(*i)).is_some_and(|r| r.id == id))
        }) {
            self.cursor.jump(at, self.shown.len(), cx.page);
        }
        Ok(())
    }

    /// The findings the list shows, in order, read from the store.
    ///
    /// # Errors
    /// Storage failure.
    pub fn shown_findings(
        &self,
        table: Option<&FindingTable>,
        store: &Store,
    ) -> anyhow::Result<Vec<Finding>> {
        let Some(t) = self.rows_in(table) else {
            return Ok(Vec::new());
        };
        let mut out = Vec::with_capacity(self.shown.len());
        for i in &self.shown {
            if let Some(f) = t.row(*i).map(|r| store.finding(r.id)).transpose()? {
                out.extend(f);
            }
        }
        Ok(out)
    }

    /// Change a filter or the order and list again.
    fn filter(&mut self, action: Action, cx: &mut Cx) -> anyhow::Result<()> {
        match action {
            Action::CycleStatus => {
                let all = FindingStatus::ALL;
                self.status = match self.status {
                    None => all.first().copied(),
                    Some(s) => all
                        .iter()
                        .position(|x| *x == s)
                        .and_then(|i| all.get(i + 1))
                        .copied(),
                };
            }
            Action::ToggleOverdue => self.overdue = !self.overdue,
            Action::CycleWindow => {
                self.window = match self.window {
                    None => Some(7),
                    Some(7) => Some(30),
                    Some(_) => None,
                };
            }
            Action::CycleSort => {
                self.sort = match self.sort {
                    Sort::Urgency => Sort::Due,
                    Sort::Due => Sort::Unit,
                    Sort::Unit => Sort::Urgency,
                };
                return self.load(cx);
            }
            _ => {
                *self = Findings {
                    sort: self.sort,
                    ..Findings::default()
                };
            }
        }
        self.cursor = Cursor::default();
        self.load(cx)
    }
}

impl Screen for Findings {
    fn context(&self) -> Ctx {
        Ctx::Findings
    }

    fn load(&mut self, cx: &mut Cx) -> anyhow::Result<()> {
        self.conflicted = cx
            .store
            .open_conflicts()?
            .into_iter()
            .filter_map(|c| match c.target {
                crate::domain::Target::Finding(id) => Some(id),
                _ => None,
            })
            .collect();
        self.list(cx)
    }

    fn step(&mut self, delta: isize, cx: &mut Cx) {
        self.cursor.step(delta, self.shown.len(), cx.page);
    }

    fn on(&mut self, action: Action, cx: &mut Cx) -> anyhow::Result<Effect> {
        match action {
            Action::Search => return Ok(Effect::Search(self.search.clone())),
            Action::CycleStatus
            | Action::ToggleOverdue
            | Action::CycleWindow
            | Action::CycleSort
            | Action::ClearFilters => self.filter(action, cx)?,
            Action::Open => {
                if let Some(id) = self.selected(cx.table.ready()).map(|r| r.id) {
                    return Ok(Effect::open(move |s| s.detail.show(id)));
                }
            }
            _ => {}
        }
        Ok(Effect::None)
    }

    /// The list narrows as the search is typed, from its first row.
    fn search(&mut self, text: &str, cx: &mut Cx) {
        text.clone_into(&mut self.search);
        self.cursor = Cursor::default();
        // While the table loads, the early rows that match: the first of
        // what the whole table will show (a prefix stays one when filtered),
        // until the tick that puts the whole list in place searches it all.
        let early = self.early.clone();
        self.narrow(early.as_deref().or(cx.table.ready()), cx.page);
    }

    /// `unit CODE`: that unit's findings; `findings`: the list as it was.
    fn command(&self, cmd: &str, arg: &str, cx: &Cx) -> Option<anyhow::Result<Effect>> {
        if matches!(cmd, "findings" | "hckd") {
            return Some(Ok(Effect::Go(ScreenId::Findings)));
        }
        let names = ["unit", "donvi", "u"];
        super::by_code(cmd, &names, arg, cx, Store::unit_by_code, |u| {
            Effect::open(move |s| s.findings.show_unit(u.id))
        })
    }

    /// `unit` completes the first unit code, in code order.
    fn complete(&self, cmd: &str, arg: &str, units: &Units) -> Option<String> {
        if cmd != "unit" {
            return None;
        }
        let mut codes: Vec<&str> = units
            .iter()
            .map(|(_, u)| u.code.as_str())
            .filter(|c| c.to_uppercase().starts_with(arg))
            .collect();
        codes.sort_unstable();
        codes.first().map(|c| (*c).to_string())
    }

    fn draw(&self, frame: &mut Frame, area: Rect, cx: &DrawCx) {
        draw::draw(self, frame, area, cx);
    }
}
