//! The findings list's working set: one compact row per finding with what
//! the list shows, filters and searches by (the search text folded and
//! exact, computed once). It is read from the store on a background thread
//! when the app starts, so the first frame never waits for it, and kept in
//! step with the store by the app itself: one process holds the database, so
//! every change passes through the app's own write path.

use std::collections::HashMap;
use std::thread::JoinHandle;

use chrono::NaiveDate;

use crate::domain::text::{Query, exact_key, fold};
use crate::domain::{Finding, FindingStatus, Id, Severity};
use crate::store::read::search_text;
use crate::store::{FindingsReader, Result};

/// One finding, as the list needs it.
#[derive(Debug, Clone)]
pub struct TableRow {
    pub id: Id,
    pub unit: Id,
    pub visit: Id,
    pub due: NaiveDate,
    pub status: FindingStatus,
    pub severity: Severity,
    pub reference: Box<str>,
    pub title: Box<str>,
    /// `fold(search_text)` (what diacritic-free query words match) and
    /// `exact_key(search_text)` (what words with diacritics match), as
    /// ranges of the table's text arena: one contiguous buffer scans far
    /// faster than 200,000 separate strings.
    folded: (u32, u32),
    exact: (u32, u32),
}

impl TableRow {
    fn of(f: &Finding, folded_arena: &mut String, exact_arena: &mut String) -> TableRow {
        let text = search_text(f);
        let put = |arena: &mut String, s: &str| {
            let start = arena.len();
            arena.push_str(s);
            (
                u32::try_from(start).unwrap_or(u32::MAX),
                u32::try_from(arena.len()).unwrap_or(u32::MAX),
            )
        };
        let folded = put(folded_arena, &fold(&text));
        let exact = put(exact_arena, &exact_key(&text));
        TableRow {
            id: f.id,
            unit: f.unit,
            visit: f.visit,
            due: f.due,
            status: f.status,
            severity: f.severity,
            reference: f.reference.as_str().into(),
            title: f.title.as_str().into(),
            folded,
            exact,
        }
    }

    /// Days past due as of `today` (active findings only).
    #[must_use]
    pub fn days_overdue(&self, today: NaiveDate) -> Option<i64> {
        (self.status.is_active() && self.due < today).then(|| (today - self.due).num_days())
    }
}

/// Every finding, in no particular order, with a position per id.
#[derive(Debug, Default)]
pub struct FindingTable {
    rows: Vec<TableRow>,
    pos: HashMap<Id, u32>,
    /// The rows' folded and exact search texts, back to back in row order
    /// (a replaced row leaves its old text behind: a few hundred bytes per
    /// change made in this session).
    folded: String,
    exact: String,
}

impl FindingTable {
    /// Read every finding through `reader`.
    ///
    /// # Errors
    /// Storage failure or a corrupt record.
    pub fn load(reader: &FindingsReader) -> Result<FindingTable> {
        let mut t = FindingTable::default();
        reader.for_each(|f| t.upsert(&f))?;
        Ok(t)
    }

    #[must_use]
    pub fn rows(&self) -> &[TableRow] {
        &self.rows
    }

    #[must_use]
    pub fn row(&self, i: u32) -> Option<&TableRow> {
        self.rows.get(i as usize)
    }

    /// Whether row `i` matches the query.
    #[must_use]
    pub fn matches(&self, i: u32, q: &Query) -> bool {
        self.rows
            .get(i as usize)
            .is_some_and(|r| self.row_matches(r, q))
    }

    fn row_matches(&self, r: &TableRow, q: &Query) -> bool {
        q.matches_keys(slice(&self.exact, r.exact), slice(&self.folded, r.folded))
    }

    /// Of `from`, the rows that match `q`, in the same order. A large
    /// `from` is answered by scanning every row in storage order (the texts
    /// are read front to back, as memory likes), split over two threads.
    #[must_use]
    pub fn filter(&self, from: &[u32], q: &Query) -> Vec<u32> {
        if from.len() < self.rows.len() / 8 {
            return from
                .iter()
                .copied()
                .filter(|i| self.matches(*i, q))
                .collect();
        }
        let half = self.rows.len().div_ceil(2).max(1);
        let hits: Vec<bool> = std::thread::scope(|s| {
            let parts: Vec<_> = self
                .rows
                .chunks(half)
                .map(|chunk| {
                    s.spawn(move || {
                        chunk
                            .iter()
                            .map(|r| self.row_matches(r, q))
                            .collect::<Vec<bool>>()
                    })
                })
                .collect();
            parts
                .into_iter()
                .flat_map(|p| p.join().unwrap_or_default())
                .collect()
        });
        from.iter()
            .copied()
            .filter(|i| hits.get(*i as usize).copied().unwrap_or(false))
            .collect()
    }

    /// Insert or replace the row of `f`.
    pub fn upsert(&mut self, f: &Finding) {
        let row = TableRow::of(f, &mut self.folded, &mut self.exact);
        match self.pos.get(&f.id) {
            Some(i) => self.rows[*i as usize] = row,
            None => {
                self.pos.insert(f.id, self.rows.len() as u32);
                self.rows.push(row);
            }
        }
    }

    /// Drop the row of a finding that no longer exists (an undone creation).
    pub fn remove(&mut self, id: Id) {
        if let Some(i) = self.pos.remove(&id) {
            self.rows.swap_remove(i as usize);
            if let Some(moved) = self.rows.get(i as usize) {
                self.pos.insert(moved.id, i);
            }
        }
    }
}

fn slice(s: &str, (a, b): (u32, u32)) -> &str {
    s.get(a as usize..b as usize).unwrap_or("")
}

/// The table, while it loads and once it has.
#[derive(Debug, Default)]
pub struct TableSlot {
    loading: Option<JoinHandle<Result<FindingTable>>>,
    table: Option<FindingTable>,
    /// Findings changed while the table was loading, to read again once it has.
    pub pending: Vec<Id>,
}

impl TableSlot {
    /// Start reading the table on a background thread.
    #[must_use]
    pub fn spawn(reader: FindingsReader) -> TableSlot {
        TableSlot {
            loading: Some(std::thread::spawn(move || FindingTable::load(&reader))),
            table: None,
            pending: Vec::new(),
        }
    }

    /// The table, waiting for the background read if it has not finished
    /// (or reading it here if it never started or failed before).
    ///
    /// # Errors
    /// What the read met, or a panic in the background thread.
    pub fn get(
        &mut self,
        reader: impl FnOnce() -> FindingsReader,
    ) -> anyhow::Result<&mut FindingTable> {
        if self.table.is_none() {
            let table = match self.loading.take() {
                Some(handle) => handle
                    .join()
                    .map_err(|_| anyhow::anyhow!("reading the findings stopped unexpectedly"))??,
                None => FindingTable::load(&reader())?,
            };
            self.table = Some(table);
        }
        Ok(self.table.get_or_insert_default())
    }

    /// The table if it is ready, to change it.
    pub fn ready_mut(&mut self) -> Option<&mut FindingTable> {
        self.table.as_mut()
    }

    /// The table if it is ready (drawing never waits).
    #[must_use]
    pub fn ready(&self) -> Option<&FindingTable> {
        self.table.as_ref()
    }
}
