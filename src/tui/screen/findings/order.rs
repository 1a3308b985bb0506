//! The list's rows: the findings table filtered and put in order (no store
//! reads once the table is in memory), then narrowed by the search.

use super::{Findings, Sort};
use crate::domain::text::Query;
use crate::domain::FindingFilter;
use crate::tui::cx::{Cx, Units};
use crate::tui::table::{FindingTable, TableRow, urgency};

impl Findings {
    /// Filter and order the table, then apply the search.
    pub(super) fn list(&mut self, cx: &mut Cx) -> anyhow::Result<()> {
        if !cx.table.arrived() && self.early_list(cx)? {
            return Ok(());
        }
        self.early = None;
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
        self.base = match table.by_urgency() {
            // The order the background read left, while no row has changed.
            Some(order) if self.sort == Sort::Urgency => order
                .iter()
                .copied()
                .filter(|i| keep(&rows[*i as usize]))
                .collect(),
            _ => {
                let mut base: Vec<u32> = (0..rows.len())
                    .filter(|i| keep(&rows[*i]))
                    .map(|i| u32::try_from(i).unwrap_or(u32::MAX))
                    .collect();
                sort(&mut base, rows, self.sort, cx.units);
                base
            }
        };
        self.searched.clear();
        self.shown.clear();
        self.narrow(Some(table), cx.page);
        Ok(())
    }

    /// While the table loads, the list's first rows from the due-date
    /// index, when they are the list's first: the order by urgency puts
    /// active findings first, by due date (ties by severity, then
    /// reference: the index gives every tie of the last date), and no
    /// filter but "overdue" (a prefix of them) is set. Whether it could.
    fn early_list(&mut self, cx: &mut Cx) -> anyhow::Result<bool> {
        let plain = self.status.is_none()
            && self.window.is_none()
            && self.unit.is_none()
            && self.visit.is_none()
            && self.search.is_empty()
            && self.sort == Sort::Urgency;
        // A small table is read in less time than the first page would
        // take to read: wait for it (and the list is whole at once).
        if !plain || cx.store.finding_count()? < self.early_from.unwrap_or(EARLY_FROM) {
            return Ok(false);
        }
        let Some(found) = cx.store.first_active(cx.page.max(20) * 3, EARLY_MOST)? else {
            return Ok(false);
        };
        let test = FindingFilter {
            overdue: self.overdue,
            ..FindingFilter::default()
        };
        let test = test.as_of(cx.today);
        let mut table = FindingTable::default();
        for f in &found {
            table.upsert(f);
        }
        let rows = table.rows();
        let mut base: Vec<u32> = (0..rows.len())
            .filter(|i| test.admits(&rows[*i]))
            .map(|i| u32::try_from(i).unwrap_or(u32::MAX))
            .collect();
        if base.is_empty() {
            return Ok(false);
        }
        sort(&mut base, rows, self.sort, cx.units);
        self.shown.clone_from(&base);
        self.base = base;
        self.searched.clear();
        self.early = Some(std::sync::Arc::new(table));
        let sel = self.cursor.selected;
        self.cursor.jump(sel, self.shown.len(), cx.page);
        Ok(true)
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

/// From this many findings, the list opened while the table still loads
/// shows its first rows at once (10,000 findings take the table ~150 ms
/// to read on two cores; 5,000 about half that).
pub(crate) const EARLY_FROM: u64 = 5_000;

/// The most findings the early rows read (active findings due the same
/// day as the last row of the first page are all read, to order them).
const EARLY_MOST: usize = 5_000;

fn sort(base: &mut [u32], rows: &[TableRow], sort: Sort, units: &Units) {
    let row = |i: &u32| &rows[*i as usize];
    match sort {
        Sort::Due => base.sort_unstable_by(|a, b| {
            let (a, b) = (row(a), row(b));
            a.due
                .cmp(&b.due)
                .then_with(|| a.reference.cmp(&b.reference))
        }),
        Sort::Urgency => base.sort_unstable_by(|a, b| urgency(row(a), row(b))),
        Sort::Unit => base.sort_unstable_by(|a, b| {
            let (a, b) = (row(a), row(b));
            units
                .rank(a.unit)
                .cmp(&units.rank(b.unit))
                .then(a.due.cmp(&b.due))
                .then_with(|| a.reference.cmp(&b.reference))
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;
    use crate::tui::cx::TestParts;
    use crate::tui::table::TableCache;
    use chrono::NaiveDate;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 20).expect("date")
    }

    /// A generated database of `units` units and `findings` findings.
    fn generated(units: usize, findings: usize, seed: u64) -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().expect("dir");
        let mut store = Store::open(dir.path()).expect("open");
        store.set_actor("Trần Thị Mai");
        let spec = crate::io::generate::Spec {
            units,
            findings,
            answers: 0,
            seed,
        };
        crate::io::generate::generate(&mut store, spec, today()).expect("generate");
        (dir, store)
    }

    /// What a context over `store` borrows, its table read on a job that
    /// starts once `gate` is sent to or dropped.
    fn parts(store: &Store, gate: std::sync::mpsc::Receiver<()>) -> TestParts {
        TestParts {
            units: Units::load(store).expect("units"),
            table: TableCache::held(store.findings_reader(), gate),
            ..TestParts::default()
        }
    }

    /// While the table loads, the list shows rows read through the due-date
    /// index: exactly the whole list's first rows, in its order, with or
    /// without "overdue"; once the table is there the whole list takes
    /// their place with the same finding selected. Other filters wait.
    #[test]
    fn the_early_rows_are_the_whole_lists_first() {
        let (_dir, store) = generated(30, 900, 7);
        for overdue in [false, true] {
            let (gate, wait) = std::sync::mpsc::channel();
            let mut parts = parts(&store, wait);
            let mut cx = parts.cx(&store, today(), 20, ratatui::layout::Size::new(120, 30));
            let mut v = Findings {
                overdue,
                ..Findings::default()
            };
            // 900 findings are read in a few milliseconds, and the app
            // would wait for them: here the early rows are asked for.
            v.early_from = Some(0);
            v.list(&mut cx).expect("list");
            let early = v.early.clone().expect("early rows while the table loads");
            let early_ids: Vec<_> = v.shown.iter().map(|i| early.rows()[*i as usize].id).collect();
            assert!(early_ids.len() >= 60, "three pages at least: {}", early_ids.len());
            // A search typed meanwhile narrows the early rows at once.
            let mut searched = v.clone();
            crate::tui::screen::Screen::search(&mut searched, "sinh hoat", &mut cx);
            let early_found: Vec<_> = searched
                .shown
                .iter()
                .map(|i| early.rows()[*i as usize].id)
                .collect();
            assert!(!early_found.is_empty() && early_found.len() < early_ids.len());
            v.cursor.jump(25, v.shown.len(), cx.page);
            let picked = v.selected(None).map(|r| r.id);
            // Not yet there: upgrading does nothing.
            v.upgrade(&mut cx).expect("upgrade");
            assert!(v.early.is_some());

            gate.send(()).expect("release");
            while !cx.table.arrived() {
                std::thread::yield_now();
            }
            v.upgrade(&mut cx).expect("upgrade");
            assert!(v.early.is_none());
            searched.upgrade(&mut cx).expect("upgrade");
            let whole = cx.table.ready().expect("table");
            let found: Vec<_> = searched
                .shown
                .iter()
                .map(|i| whole.rows()[*i as usize].id)
                .collect();
            assert!(found.len() > early_found.len(), "the whole table searched");
            assert_eq!(found[..early_found.len()], early_found[..], "overdue {overdue}");
            assert!(
                found
                    .iter()
                    .all(|id| whole.rows().iter().any(|r| r.id == *id && r.title.to_lowercase().contains("sinh hoạt"))),
                "every row found says «sinh hoạt» in its title"
            );
            let ids: Vec<_> = v.shown.iter().map(|i| whole.rows()[*i as usize].id).collect();
            assert!(ids.len() > early_ids.len(), "the whole list is longer");
            assert_eq!(ids[..early_ids.len()], early_ids[..], "overdue {overdue}");
            assert_eq!(v.selected(cx.table.ready()).map(|r| r.id), picked);
            // The same order as a list sorted on this thread.
            let mut again = Findings {
                overdue,
                ..Findings::default()
            };
            whole_sorted(&mut again, &mut cx);
            assert_eq!(again.shown, v.shown);
        }
    }

    /// A list sorted here, not from the background read's order.
    fn whole_sorted(v: &mut Findings, cx: &mut Cx) {
        let table = cx.table.ready().expect("table");
        let filter = FindingFilter {
            overdue: v.overdue,
            ..FindingFilter::default()
        };
        let test = filter.as_of(cx.today);
        let rows = table.rows();
        let mut base: Vec<u32> = (0..rows.len() as u32)
            .filter(|i| test.admits(&rows[*i as usize]))
            .collect();
        sort(&mut base, rows, v.sort, cx.units);
        v.shown = base;
    }

    /// Sorted by due date (closed findings among the rest), or on a
    /// database small enough to read at once, the list waits for the table.
    #[test]
    fn a_filter_other_than_overdue_waits_for_the_table() {
        let (_dir, store) = generated(5, 50, 3);
        let (gate, wait) = std::sync::mpsc::channel::<()>();
        drop(gate);
        let mut parts = parts(&store, wait);
        let mut cx = parts.cx(&store, today(), 20, ratatui::layout::Size::new(120, 30));
        let mut v = Findings {
            sort: Sort::Due,
            early_from: Some(0),
            ..Findings::default()
        };
        v.list(&mut cx).expect("list");
        assert!(v.early.is_none());
        assert_eq!(v.base.len(), 50, "the whole table, waited for");
        let mut small = Findings::default();
        small.list(&mut cx).expect("list");
        assert!(small.early.is_none());
        assert_eq!(small.base.len(), 50);
    }
}
