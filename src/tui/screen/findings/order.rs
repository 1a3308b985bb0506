//! The list's rows: the findings table filtered and put in order (no store
//! reads once the table is in memory), then narrowed by the search.

use super::{Findings, Sort};
use crate::domain::text::Query;
use crate::domain::FindingFilter;
use crate::tui::cx::{Cx, Units};
use crate::tui::table::{FindingTable, TableRow};

impl Findings {
    /// Filter and order the table, then apply the search.
    pub(super) fn list(&mut self, cx: &mut Cx) -> anyhow::Result<()> {
        let table = cx.table.load(cx.store)?;
        // The search is the table's own (its word index), after this.
        let filter = FindingFilter {
            statuses: self.status.into_iter().collect(),
            unit: self.unit,
            visit: self.visit,
            overdue: self.overdue,
            due_within: self.window,
            search: None,
            predecessors: Vec::new(),
        }
        .with_predecessors(&cx.store.succession()?);
        let test = filter.as_of(cx.today);
        let keep = |r: &TableRow| test.admits(r);
        let rows = table.rows();
        let mut base: Vec<u32> = (0..rows.len())
            .filter(|i| keep(&rows[*i]))
            .map(|i| u32::try_from(i).unwrap_or(u32::MAX))
            .collect();
        sort(&mut base, rows, self.sort, cx.units);
        self.base = base;
        self.searched.clear();
        self.shown.clear();
        self.narrow(Some(table), cx.page);
        Ok(())
    }

    /// Apply the search text to the filtered rows. Typing one more
    /// character narrows the rows already shown instead of starting over.
    pub(super) fn narrow(&mut self, table: Option<&FindingTable>, page: usize) {
        let Some(table) = table else {
            self.shown.clear();
            return;
        };
        let q = Query::new(&self.search);
        let narrows = !self.searched.is_empty() && self.search.starts_with(self.searched.as_str());
        let shown: Vec<u32> = if q.is_empty() {
            self.base.clone()
        } else if narrows {
            // The shown rows match every word typed before; only the words
            // from the last one typed then onwards can have changed.
            let before = self.searched.split_whitespace().count().saturating_sub(1);
            let changed: Vec<&str> = self.search.split_whitespace().skip(before).collect();
            table.filter(&self.shown, &Query::new(&changed.join(" ")))
        } else {
            table.filter(&self.base, &q)
        };
        self.shown = shown;
        self.searched.clone_from(&self.search);
        let sel = self.cursor.selected;
        self.cursor.jump(sel, self.shown.len(), page);
    }
}

fn sort(base: &mut [u32], rows: &[TableRow], sort: Sort, units: &Units) {
    let row = |i: &u32| &rows[*i as usize];
    match sort {
        Sort::Due => base.sort_by(|a, b| {
            let (a, b) = (row(a), row(b));
            a.due
                .cmp(&b.due)
                .then_with(|| a.reference.cmp(&b.reference))
        }),
        // Active first (the most overdue at the top), then awaiting verification, then closed.
        Sort::Urgency => base.sort_by_cached_key(|i| {
            let r = row(i);
            let rank = if r.status.is_active() {
                0
            } else if r.status.is_final() {
                2
            } else {
                1
            };
            (
                rank,
                r.due,
                std::cmp::Reverse(r.severity),
                r.reference.clone(),
            )
        }),
        Sort::Unit => base.sort_by(|a, b| {
            let (a, b) = (row(a), row(b));
            units
                .rank(a.unit)
                .cmp(&units.rank(b.unit))
                .then(a.due.cmp(&b.due))
                .then_with(|| a.reference.cmp(&b.reference))
        }),
    }
}
