//! The findings list's working set: one compact row per finding with what
//! the list shows, filters and searches by (the search text folded and
//! exact, computed once). It is read from the store on a background thread
//! when the app starts, so the first frame never waits for it, and kept in
//! step with the store by the app itself: one process holds the database, so
//! every change passes through the app's own write path.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use crate::domain::filter::search_text;
use crate::domain::text::{exact_key, fold, starts_word};
use crate::domain::{Finding, FindingStatus, Id, Severity};
use crate::store::{FindingsReader, Result};

use super::words::WordIndex;

mod cache;
mod search;
pub use cache::TableCache;

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
    /// Which letters and digits begin a word of the folded text (bit 0 `a`
    /// … bit 25 `z`, bits 26–35 `0`–`9`): a one-letter query is a bit test.
    initials: u64,
}

/// The bit of an ASCII letter or digit in [`TableRow::initials`].
fn initial_bit(b: u8) -> Option<u64> {
    match b {
        b'a'..=b'z' => Some(1 << (b - b'a')),
        b'0'..=b'9' => Some(1 << (26 + b - b'0')),
        _ => None,
    }
}

crate::domain::filter::facts_from_fields!(TableRow);

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
        let folded_text = fold(&text);
        let initials = folded_text
            .bytes()
            .enumerate()
            .filter_map(|(i, b)| initial_bit(b).filter(|_| starts_word(&folded_text, i)))
            .fold(0, |m, bit| m | bit);
        let folded = put(folded_arena, &folded_text);
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
            initials,
        }
    }

    /// Days past due as of `today` (active findings only).
    #[must_use]
    pub fn days_overdue(&self, today: NaiveDate) -> Option<i64> {
        crate::domain::finding::days_overdue(self.status, self.due, today)
    }
}

/// The findings list's order by urgency: active findings first (the most
/// overdue at the top, the graver first on a day), then those awaiting
/// verification, then closed ones; references are unique, so the order is
/// total and an unstable sort of it exact.
#[must_use]
pub fn urgency(a: &TableRow, b: &TableRow) -> std::cmp::Ordering {
    let rank = |r: &TableRow| {
        if r.status.is_active() {
            0
        } else if r.status.is_final() {
            2
        } else {
            1
        }
    };
    (rank(a), a.due, std::cmp::Reverse(a.severity))
        .cmp(&(rank(b), b.due, std::cmp::Reverse(b.severity)))
        .then_with(|| a.reference.cmp(&b.reference))
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
    /// Where each row's text begins in `folded` and `exact`, in arena order
    /// (an entry whose row has since moved on to newer text is skipped).
    folded_at: Vec<(u32, u32)>,
    exact_at: Vec<(u32, u32)>,
    /// Words of the folded texts as loaded; rows changed since are in
    /// `changed` and checked directly.
    index: Option<WordIndex>,
    /// Words of the exact texts as loaded (what words typed with
    /// diacritics look up).
    exact_index: Option<WordIndex>,
    changed: HashSet<u32>,
    /// Every row in [`urgency`] order, sorted by the background read (200,000
    /// rows take the UI thread over 100 ms to sort); dropped at the first
    /// change.
    by_urgency: Option<Vec<u32>>,
}

impl FindingTable {
    /// Read every finding through `reader`.
    ///
    /// # Errors
    /// Storage failure or a corrupt record.
    pub fn load(reader: &FindingsReader) -> Result<FindingTable> {
        // Decoding and folding the text are most of the work: two threads.
        let (mut t, part) = reader.split_fold(FindingTable::default, |t, v| {
            t.upsert(&FindingsReader::decode(v)?);
            Ok(())
        })?;
        t.append(part);
        t.build_index();
        let mut order: Vec<u32> = (0..t.rows.len() as u32).collect();
        order.sort_unstable_by(|a, b| urgency(&t.rows[*a as usize], &t.rows[*b as usize]));
        t.by_urgency = Some(order);
        Ok(t)
    }

    /// Every row in [`urgency`] order, if no row changed since the read.
    #[must_use]
    pub fn by_urgency(&self) -> Option<&[u32]> {
        self.by_urgency.as_deref()
    }

    /// Add the rows of `other` (findings not in this table).
    fn append(&mut self, other: FindingTable) {
        let base = self.rows.len() as u32;
        let shift = |(a, b): (u32, u32), by: usize| {
            let by = u32::try_from(by).unwrap_or(u32::MAX);
            (a.saturating_add(by), b.saturating_add(by))
        };
        let (folded_base, exact_base) = (self.folded.len(), self.exact.len());
        // Exactly: growing by doubling would copy the arenas into buffers
        // up to twice their size.
        self.folded.reserve_exact(other.folded.len());
        self.exact.reserve_exact(other.exact.len());
        self.rows.reserve_exact(other.rows.len());
        for (id, i) in other.pos {
            self.pos.insert(id, base + i);
        }
        for mut r in other.rows {
            r.folded = shift(r.folded, folded_base);
            r.exact = shift(r.exact, exact_base);
            self.rows.push(r);
        }
        for (at, i) in other.folded_at {
            self.folded_at
                .push((shift((at, 0), folded_base).0, base + i));
        }
        for (at, i) in other.exact_at {
            self.exact_at.push((shift((at, 0), exact_base).0, base + i));
        }
        self.folded.push_str(&other.folded);
        self.exact.push_str(&other.exact);
    }

    /// What the table holds in memory, in bytes, by part: the folded and
    /// the exact text arenas, the rows (with their titles and references),
    /// the id → row map, the word indexes of both texts (and what they
    /// would be with a row in four bytes). Measured by the benchmark's probe.
    #[must_use]
    pub fn heap_bytes(&self) -> [(&'static str, usize); 6] {
        let rows = self.rows.capacity() * std::mem::size_of::<TableRow>()
            + self
                .rows
                .iter()
                .map(|r| r.title.len() + r.reference.len())
                .sum::<usize>();
        let (index, index_u32) = [&self.index, &self.exact_index]
            .into_iter()
            .flatten()
            .map(WordIndex::heap_bytes)
            .fold((0, 0), |(a, b), (c, d)| (a + c, b + d));
        [
            ("folded", self.folded.capacity()),
            ("exact", self.exact.capacity()),
            ("rows", rows),
            (
                "ids",
                self.pos.capacity() * (std::mem::size_of::<(Id, u32)>() + 1)
                    + (self.folded_at.capacity() + self.exact_at.capacity()) * 8,
            ),
            ("index", index),
            ("index_if_u32", index_u32),
        ]
    }

    #[must_use]
    pub fn rows(&self) -> &[TableRow] {
        &self.rows
    }

    #[must_use]
    pub fn row(&self, i: u32) -> Option<&TableRow> {
        self.rows.get(i as usize)
    }

    /// Insert or replace the row of `f`.
    pub fn upsert(&mut self, f: &Finding) {
        self.by_urgency = None;
        let row = TableRow::of(f, &mut self.folded, &mut self.exact);
        let (folded, exact) = (row.folded.0, row.exact.0);
        let i = match self.pos.get(&f.id) {
            Some(i) => {
                self.rows[*i as usize] = row;
                *i
            }
            None => {
                let i = self.rows.len() as u32;
                self.pos.insert(f.id, i);
                self.rows.push(row);
                i
            }
        };
        self.folded_at.push((folded, i));
        self.exact_at.push((exact, i));
        if self.index.is_some() {
            self.changed.insert(i);
        }
    }

    /// Drop the row of a finding that no longer exists (an undone creation).
    pub fn remove(&mut self, id: Id) {
        self.by_urgency = None;
        if let Some(i) = self.pos.remove(&id) {
            self.rows.swap_remove(i as usize);
            let moved = self
                .rows
                .get(i as usize)
                .map(|r| (r.id, r.folded.0, r.exact.0));
            if self.index.is_some() {
                self.changed.insert(i);
            }
            if let Some((moved, folded, exact)) = moved {
                self.pos.insert(moved, i);
                // Its text now belongs to row i: say so in the arena order.
                for (at, start) in [(&mut self.folded_at, folded), (&mut self.exact_at, exact)] {
                    if let Ok(k) = at.binary_search_by_key(&start, |e| e.0) {
                        at[k].1 = i;
                    }
                }
            }
        }
    }
}

fn slice(s: &str, (a, b): (u32, u32)) -> &str {
    s.get(a as usize..b as usize).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::text::Query;
    use proptest::prelude::*;

    fn finding(n: u128, title: &str) -> Finding {
        let mut f = crate::domain::finding::sample();
        f.id = Id::from_u128(n + 1);
        f.reference = format!("R{n:04}");
        f.item = None;
        title.clone_into(&mut f.title);
        f
    }

    const WORD: &str = "(khắc|phục|hoá|hóa|uỷ|ủy|đảng|dang|chi|bộ|sinh|hoạt|kh|ho|a|ng|oa|uc|ạt|hk-20|hk-2026|-20|\\(ii\\)|ii|98%|98|k2|[a-zđ]{1,3}|[\\-.(]?[a-z]{1,2}[\\-.)]?[a-z0-9]{0,2})";

    proptest! {
        /// The whole-arena scan and the word index find exactly the rows
        /// that row-by-row matching finds, after replacements and removals
        /// too.
        #[test]
        fn arena_scan_equals_row_by_row(
            titles in prop::collection::vec(prop::collection::vec(WORD, 0..6), 1..40),
            edits in prop::collection::vec((0usize..40, prop::collection::vec(WORD, 0..4), any::<bool>()), 0..10),
            query in prop::collection::vec(WORD, 1..3),
            indexed in any::<bool>(),
        ) {
            let mut t = FindingTable::default();
            for (n, words) in titles.iter().enumerate() {
                t.upsert(&finding(n as u128, &words.join(" ")));
            }
            if indexed {
                t.build_index();
            }
            for (n, words, remove) in &edits {
                let n = (*n % titles.len()) as u128;
                if *remove {
                    t.remove(Id::from_u128(n + 1));
                } else {
                    t.upsert(&finding(n, &words.join(" ")));
                }
            }
            let q = Query::new(&query.join(" "));
            let all: Vec<u32> = (0..t.rows().len() as u32).collect();
            let expected: Vec<u32> = all.iter().copied().filter(|i| t.matches(*i, &q)).collect();
            prop_assert_eq!(t.filter_from(&all, &q, 0), expected.clone());
            // And from part of the table, row by row or not.
            let part: Vec<u32> = all.iter().copied().filter(|i| i % 3 != 0).collect();
            let expected: Vec<u32> = part.iter().copied().filter(|i| t.matches(*i, &q)).collect();
            prop_assert_eq!(t.filter_from(&part, &q, 0), expected.clone());
            prop_assert_eq!(t.filter(&part, &q), expected);
        }
    }
}
