//! A word-prefix index of a findings table's search text (the table keeps
//! one of its folded text and one of its exact text): each distinct word (a
//! run of letters and digits that begins a word, in the sense of
//! [`starts_word`](crate::domain::text::starts_word)) with the rows that
//! contain it. A query word of letters and digits matches a row exactly
//! when some word of the row begins with it, so a keystroke looks up a
//! range of the sorted words instead of scanning every row's text: at
//! 200,000 findings a two-letter word is a few hundred thousand bit sets,
//! not a 60 MB scan with a hit every few dozen bytes. Each word's rows are
//! kept as the gaps between them, in LEB128 bytes: most words recur within
//! a few rows, so a row costs one byte, not four (at 200,000 findings about
//! a quarter of the memory), and building never holds more than the lists
//! themselves.

use std::collections::HashMap;

/// Distinct words, sorted, and the rows holding each.
#[derive(Debug, Default)]
pub struct WordIndex {
    /// Every word back to back, in sorted order.
    text: String,
    /// Word `k` is `text[ends[k - 1]..ends[k]]` (from 0 for the first).
    ends: Vec<u32>,
    /// Rows of word `k`: the bytes `rows[at[k]..at[k + 1]]`, each row as
    /// its gap from the one before (the first from 0) in LEB128; ascending,
    /// no repeats.
    at: Vec<u32>,
    rows: Vec<u8>,
}

/// Append `n` in LEB128 (seven bits a byte, low first).
fn put_gap(out: &mut Vec<u8>, mut n: u32) {
    while n >= 0x80 {
        out.push((n as u8 & 0x7f) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// The rows a list of gaps names, in order.
fn gaps(bytes: &[u8]) -> impl Iterator<Item = u32> + '_ {
    let (mut at, mut row) = (0, 0u32);
    std::iter::from_fn(move || {
        let mut gap = 0u32;
        let mut shift = 0;
        loop {
            let b = *bytes.get(at)?;
            at += 1;
            gap |= u32::from(b & 0x7f).checked_shl(shift).unwrap_or(0);
            shift += 7;
            if b < 0x80 {
                break;
            }
        }
        row = row.wrapping_add(gap);
        Some(row)
    })
}

/// The words of `text` as the index sees them: at each word start, the run
/// of letters and digits that begins there. One pass, each character
/// classified once (a word starts where a letter or digit follows anything
/// else, as [`starts_word`](crate::domain::text::starts_word) says, and
/// ends before the next other character).
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    let mut chars = text.char_indices();
    let mut start: Option<usize> = None;
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        loop {
            match chars.next() {
                Some((i, c)) => match (c.is_alphanumeric(), start) {
                    (true, None) => start = Some(i),
                    (false, Some(s)) => {
                        start = None;
                        return Some(&text[s..i]);
                    }
                    _ => {}
                },
                None => {
                    done = true;
                    return start.take().map(|s| &text[s..]);
                }
            }
        }
    })
}

/// The leading run of letters and digits of a query word: the part the
/// index can look up.
#[must_use]
pub fn head(word: &str) -> &str {
    let end = word
        .char_indices()
        .find(|(_, c)| !c.is_alphanumeric())
        .map_or(word.len(), |(j, _)| j);
    &word[..end]
}

impl WordIndex {
    /// Index `texts`: (row, text) in ascending row order.
    pub fn build<'a>(texts: impl Iterator<Item = (u32, &'a str)>) -> WordIndex {
        WordIndex::build_of(texts, |_| true)
    }

    /// Index the words of `texts` that `keep` keeps (the exact text's index
    /// keeps only words with a letter beyond ASCII: a word typed with
    /// diacritics, the only kind looked up there, never begins a word
    /// without one).
    pub fn build_of<'a>(
        texts: impl Iterator<Item = (u32, &'a str)>,
        keep: impl Fn(&str) -> bool,
    ) -> WordIndex {
        let mut ids: HashMap<&'a str, u32> = HashMap::new();
        // Per word: the last row put in its list (plus one: 0 is none yet)
        // and the list, as gaps.
        let mut postings: Vec<(u32, Vec<u8>)> = Vec::new();
        for (row, text) in texts {
            for w in words(text).filter(|w| keep(w)) {
                let next = u32::try_from(postings.len()).unwrap_or(u32::MAX);
                let id = *ids.entry(w).or_insert(next);
                if id == next {
                    postings.push((0, Vec::new()));
                }
                let (last, list) = &mut postings[id as usize];
                let previous = last.checked_sub(1);
                if previous != Some(row) {
                    put_gap(list, row.wrapping_sub(previous.unwrap_or(0)));
                    *last = row.saturating_add(1);
                }
            }
        }
        let mut sorted: Vec<(&str, u32)> = ids.into_iter().collect();
        sorted.sort_unstable();
        let mut index = WordIndex {
            text: String::new(),
            ends: Vec::with_capacity(sorted.len()),
            at: Vec::with_capacity(sorted.len() + 1),
            rows: Vec::with_capacity(postings.iter().map(|p| p.1.len()).sum()),
        };
        index.at.push(0);
        for (w, id) in sorted {
            index.text.push_str(w);
            index
                .ends
                .push(u32::try_from(index.text.len()).unwrap_or(u32::MAX));
            index
                .rows
                .extend(std::mem::take(&mut postings[id as usize].1));
            index
                .at
                .push(u32::try_from(index.rows.len()).unwrap_or(u32::MAX));
        }
        index
    }

    /// Bytes held: (as kept, had each row been four bytes).
    #[must_use]
    pub fn heap_bytes(&self) -> (usize, usize) {
        let fixed = self.text.capacity() + (self.ends.capacity() + self.at.capacity()) * 4;
        // Every gap ends with a byte below 0x80: one row each.
        let rows = self.rows.iter().filter(|b| **b < 0x80).count();
        (fixed + self.rows.capacity(), fixed + rows * 4)
    }

    fn word(&self, k: usize) -> &str {
        let start = if k == 0 { 0 } else { self.ends[k - 1] as usize };
        &self.text[start..self.ends[k] as usize]
    }

    /// Mark in `mask` every row with a word that begins with `prefix`.
    pub fn mark_prefix(&self, prefix: &str, mask: &mut [bool]) {
        let first = partition_point(self.ends.len(), |k| self.word(k) < prefix);
        for k in first..self.ends.len() {
            if !self.word(k).starts_with(prefix) {
                break;
            }
            for r in gaps(&self.rows[self.at[k] as usize..self.at[k + 1] as usize]) {
                if let Some(m) = mask.get_mut(r as usize) {
                    *m = true;
                }
            }
        }
    }
}

/// The first `k` in `0..n` for which `before(k)` is false (`before` holds
/// for a prefix of `0..n`).
fn partition_point(n: usize, before: impl Fn(usize) -> bool) -> usize {
    let (mut lo, mut hi) = (0, n);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if before(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::text::starts_word;

    #[test]
    fn gaps_round_trip_rows_of_any_size() {
        let rows = [0u32, 1, 2, 129, 130, 16_512, 2_000_000, 2_000_001, u32::MAX];
        let mut bytes = Vec::new();
        let mut last = 0;
        for r in rows {
            put_gap(&mut bytes, r - last);
            last = r;
        }
        assert_eq!(gaps(&bytes).collect::<Vec<_>>(), rows);
        // Close rows cost a byte each.
        let mut near = Vec::new();
        put_gap(&mut near, 5);
        put_gap(&mut near, 127);
        assert_eq!(near.len(), 2);
    }

    proptest::proptest! {
        /// The one-pass split finds exactly the words `starts_word` begins.
        #[test]
        fn words_are_the_runs_starts_word_begins(text in "[a-zđạăâêôơư0-9 .,()\\-%\n]{0,40}") {
            let expected: Vec<&str> = text
                .char_indices()
                .filter(|(i, c)| c.is_alphanumeric() && starts_word(&text, *i))
                .map(|(i, _)| head(&text[i..]))
                .collect();
            proptest::prop_assert_eq!(words(&text).collect::<Vec<_>>(), expected);
        }
    }

    #[test]
    fn words_begin_where_starts_word_says() {
        let t = "hk-2026-01 (khac phuc) ho so, 98% ok2go đa";
        let w: Vec<&str> = words(t).collect();
        assert_eq!(
            w,
            [
                "hk", "2026", "01", "khac", "phuc", "ho", "so", "98", "ok2go", "đa"
            ]
        );
        assert_eq!(head("hk-2026"), "hk");
        assert_eq!(head("(ab"), "");
        assert_eq!(head("phuc"), "phuc");
    }

    #[test]
    fn prefix_marks_rows_with_a_word_beginning_so() {
        let texts = [
            "khac phuc han che",
            "chi bo khong",
            "bao cao",
            "phuc hoi kh",
        ];
        let index = WordIndex::build(texts.iter().enumerate().map(|(i, t)| (i as u32, *t)));
        let rows = |p: &str| {
            let mut m = vec![false; texts.len()];
            index.mark_prefix(p, &mut m);
            (0..texts.len()).filter(|i| m[*i]).collect::<Vec<_>>()
        };
        assert_eq!(rows("kh"), [0, 1, 3]);
        assert_eq!(rows("khac"), [0]);
        assert_eq!(rows("phuc"), [0, 3]);
        assert_eq!(rows("c"), [0, 1, 2]);
        assert_eq!(rows("hoi"), [3]);
        assert_eq!(rows("zz"), Vec::<usize>::new());
        assert_eq!(rows("ao"), Vec::<usize>::new(), "not a word start");
    }
}
