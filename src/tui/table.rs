//! The findings list's working set: one compact row per finding with what
//! the list shows, filters and searches by (the search text folded and
//! exact, computed once). It is read from the store on a background thread
//! when the app starts, so the first frame never waits for it, and kept in
//! step with the store by the app itself: one process holds the database, so
//! every change passes through the app's own write path.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use memchr::memmem::Finder;

use crate::domain::text::{Query, TermRef, exact_key, fold, starts_word};
use crate::domain::{Finding, FindingStatus, Id, Severity};
use crate::store::read::search_text;
use crate::store::{FindingsReader, Result};

use super::words::{self, WordIndex};

mod cache;
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
    changed: HashSet<u32>,
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
        Ok(t)
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

    /// Index the words of every row's folded text as it is now.
    pub fn build_index(&mut self) {
        let index = WordIndex::build(
            self.rows
                .iter()
                .enumerate()
                .map(|(i, r)| (i as u32, slice(&self.folded, r.folded))),
        );
        self.index = Some(index);
        self.changed.clear();
    }

    /// Rows (as a mask) whose folded text has `w` at a word start, from the
    /// word index; `None` when there is no index or `w` does not begin with
    /// a letter or digit.
    fn indexed(&self, w: &Finder<'static>) -> Option<Vec<bool>> {
        let index = self.index.as_ref()?;
        let word = std::str::from_utf8(w.needle()).ok()?;
        let head = words::head(word);
        if head.is_empty() {
            return None;
        }
        let mut mask = vec![false; self.rows.len()];
        index.mark_prefix(head, &mut mask);
        let has = |i: usize| {
            self.rows.get(i).is_some_and(|r| {
                let text = slice(&self.folded, r.folded);
                w.find_iter(text.as_bytes()).any(|at| starts_word(text, at))
            })
        };
        if head.len() < word.len() {
            // The index found the words that begin like `w`: check the rest.
            for (i, m) in mask.iter_mut().enumerate() {
                if *m && !self.changed.contains(&(i as u32)) {
                    *m = has(i);
                }
            }
        }
        for &i in &self.changed {
            if let Some(m) = mask.get_mut(i as usize) {
                *m = has(i as usize);
            }
        }
        Some(mask)
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

    /// Of `from`, the rows that match `q`, in the same order. A small
    /// `from` is checked row by row; a large one by searching each query
    /// word through the whole text arena at once (one long SIMD scan instead
    /// of 200,000 short ones), the arena split over two threads.
    #[must_use]
    pub fn filter(&self, from: &[u32], q: &Query) -> Vec<u32> {
        if from.len() < self.rows.len() / 8 {
            return from
                .iter()
                .copied()
                .filter(|i| self.matches(*i, q))
                .collect();
        }
        let mut hits: Option<Vec<bool>> = None;
        for term in q.term_refs() {
            let found = match term {
                TermRef::Folded(w) => match w.needle() {
                    [b] if initial_bit(*b).is_some() => {
                        let bit = initial_bit(*b).unwrap_or(0);
                        self.rows.iter().map(|r| r.initials & bit != 0).collect()
                    }
                    _ => self
                        .indexed(w)
                        .unwrap_or_else(|| self.scan(Side::Folded, std::slice::from_ref(w))),
                },
                TermRef::Exact(ws) => self.scan(Side::Exact, ws),
            };
            hits = Some(match hits {
                None => found,
                Some(h) => h.iter().zip(&found).map(|(a, b)| *a && *b).collect(),
            });
        }
        let Some(hits) = hits else {
            return from.to_vec();
        };
        from.iter()
            .copied()
            .filter(|i| hits.get(*i as usize).copied().unwrap_or(false))
            .collect()
    }

    /// Rows (as a mask) whose text on `side` has any of `words` at a word start.
    fn scan(&self, side: Side, words: &[Finder<'static>]) -> Vec<bool> {
        let (arena, at) = match side {
            Side::Folded => (&self.folded, &self.folded_at),
            Side::Exact => (&self.exact, &self.exact_at),
        };
        let found: Vec<u32> = std::thread::scope(|s| {
            let (a, b) = at.split_at(at.len() / 2);
            let split = b.first().map_or(arena.len(), |e| e.0 as usize);
            let left = s.spawn(move || self.scan_part(side, arena, a, split, words));
            let mut right = self.scan_part(side, arena, b, arena.len(), words);
            let mut all = left.join().unwrap_or_default();
            all.append(&mut right);
            all
        });
        let mut mask = vec![false; self.rows.len()];
        for r in found {
            if let Some(m) = mask.get_mut(r as usize) {
                *m = true;
            }
        }
        mask
    }

    /// The rows among `entries` (a run of arena entries, whose text ends
    /// by byte `hi`) whose current text has one of `words` at a word start.
    fn scan_part(
        &self,
        side: Side,
        arena: &str,
        entries: &[(u32, u32)],
        hi: usize,
        words: &[Finder<'static>],
    ) -> Vec<u32> {
        let Some(first) = entries.first() else {
            return Vec::new();
        };
        let range_of = |row: u32| {
            self.rows.get(row as usize).map(|r| match side {
                Side::Folded => r.folded,
                Side::Exact => r.exact,
            })
        };
        let lo = first.0 as usize;
        let bytes = arena.as_bytes();
        let mut rows = Vec::new();
        for w in words {
            let mut pos = lo;
            let mut k = 0;
            while pos < hi {
                let Some(off) = w.find(&bytes[pos..hi]) else {
                    break;
                };
                let hit = pos + off;
                while k + 1 < entries.len() && entries[k + 1].0 as usize <= hit {
                    k += 1;
                }
                let (start, row) = entries[k];
                match range_of(row) {
                    // The row's current text, the word inside it, at a word start.
                    Some((s, e)) if s == start && hit + w.needle().len() <= e as usize => {
                        if starts_word(slice(arena, (s, e)), hit - s as usize) {
                            rows.push(row);
                            pos = e as usize;
                        } else {
                            pos = hit + 1;
                        }
                    }
                    _ => pos = hit + 1,
                }
            }
        }
        rows
    }

    /// Insert or replace the row of `f`.
    pub fn upsert(&mut self, f: &Finding) {
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

#[derive(Debug, Clone, Copy)]
enum Side {
    Folded,
    Exact,
}

fn slice(s: &str, (a, b): (u32, u32)) -> &str {
    s.get(a as usize..b as usize).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;
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
            prop_assert_eq!(t.filter(&all, &q), expected);
        }
    }
}
