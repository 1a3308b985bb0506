//! Searching the table: the word indexes (of the folded text, and of the
//! exact text for words typed with diacritics) for query words that begin
//! with a letter or digit, a bit test for one-letter words, and otherwise
//! one scan of the whole text arena per word, split over two threads.

use memchr::memmem::Finder;

use super::{FindingTable, TableRow, initial_bit, slice};
use crate::domain::text::{Query, TermRef, starts_word};
use crate::tui::words::{self, WordIndex};

/// Below this many rows, a search checks each row's text: a mask of the
/// whole table costs more than reading so few.
const ROW_BY_ROW: usize = 2_000;

impl FindingTable {
    /// Index the words of every row's folded and exact text as they are now.
    pub fn build_index(&mut self) {
        let build = |arena: &str, side: Side| {
            let texts = self.rows.iter().enumerate().map(|(i, r)| {
                let range = match side {
                    Side::Folded => r.folded,
                    Side::Exact => r.exact,
                };
                (i as u32, slice(arena, range))
            });
            match side {
                Side::Folded => WordIndex::build(texts),
                // Words typed with diacritics are the exact text's; one
                // without begins no word of plain ASCII.
                Side::Exact => WordIndex::build_of(texts, |w| !w.is_ascii()),
            }
        };
        let (folded, exact) = std::thread::scope(|s| {
            let exact = s.spawn(|| build(&self.exact, Side::Exact));
            let folded = build(&self.folded, Side::Folded);
            (folded, exact.join().ok())
        });
        self.index = Some(folded);
        self.exact_index = exact;
        self.changed.clear();
    }

    /// The index and the arena of one side of the text.
    fn side(&self, side: Side) -> (Option<&WordIndex>, &str) {
        match side {
            Side::Folded => (self.index.as_ref(), &self.folded),
            Side::Exact => (self.exact_index.as_ref(), &self.exact),
        }
    }

    /// Rows (as a mask) whose text on `side` has one of `ws` at a word
    /// start, from that side's word index; `None` when there is no index or
    /// a word does not begin with a letter or digit.
    fn indexed(&self, side: Side, ws: &[Finder<'static>]) -> Option<Vec<bool>> {
        let (index, arena) = self.side(side);
        let index = index?;
        let mut mask = vec![false; self.rows.len()];
        let mut whole = true;
        for w in ws {
            let word = std::str::from_utf8(w.needle()).ok()?;
            let head = words::head(word);
            // The exact index holds only words beyond ASCII (see `build_index`).
            if head.is_empty() || (matches!(side, Side::Exact) && head.is_ascii()) {
                return None;
            }
            whole &= head.len() == word.len();
            index.mark_prefix(head, &mut mask);
        }
        let has = |i: usize| {
            self.rows.get(i).is_some_and(|r| {
                let text = slice(
                    arena,
                    match side {
                        Side::Folded => r.folded,
                        Side::Exact => r.exact,
                    },
                );
                ws.iter()
                    .any(|w| w.find_iter(text.as_bytes()).any(|at| starts_word(text, at)))
            })
        };
        if !whole {
            // The index found the words that begin like them: check the rest.
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

    /// Of `from`, the rows that match `q`, in the same order. A few rows
    /// are checked one by one; more are checked at once, word by word:
    /// through the word index or the rows' initials where the word allows
    /// (a mask of every row, marked from the index: far less than reading
    /// 20,000 rows' text), else by searching the whole text arena (one
    /// long SIMD scan instead of 200,000 short ones, split over two
    /// threads) once `from` is an eighth of the table or more.
    #[must_use]
    pub fn filter(&self, from: &[u32], q: &Query) -> Vec<u32> {
        self.filter_from(from, q, ROW_BY_ROW)
    }

    pub(super) fn filter_from(&self, from: &[u32], q: &Query, row_by_row: usize) -> Vec<u32> {
        let looked_up = q.term_refs().all(|t| self.looks_up(t));
        let few = if looked_up {
            row_by_row
        } else {
            row_by_row.max(self.rows.len() / 8)
        };
        if from.len() < few {
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
                        .indexed(Side::Folded, std::slice::from_ref(w))
                        .unwrap_or_else(|| self.scan(Side::Folded, std::slice::from_ref(w))),
                },
                TermRef::Exact(ws) => self
                    .indexed(Side::Exact, ws)
                    .unwrap_or_else(|| self.scan(Side::Exact, ws)),
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

    /// Whether a word is answered without reading any row's text: one
    /// letter or digit (the rows' initials), or letters and digits only, in
    /// every spelling (a range of a word index).
    fn looks_up(&self, term: TermRef<'_>) -> bool {
        let whole = |w: &Finder<'static>| {
            std::str::from_utf8(w.needle())
                .is_ok_and(|word| !word.is_empty() && words::head(word).len() == word.len())
        };
        match term {
            TermRef::Folded(w) => match w.needle() {
                [b] => initial_bit(*b).is_some(),
                _ => self.index.is_some() && whole(w),
            },
            TermRef::Exact(ws) => {
                self.exact_index.is_some() && ws.iter().all(|w| whole(w) && !w.needle().is_ascii())
            }
        }
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
}

#[derive(Debug, Clone, Copy)]
enum Side {
    Folded,
    Exact,
}
