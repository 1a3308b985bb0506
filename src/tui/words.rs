//! A word-prefix index of the findings table's folded search text: each
//! distinct word (a run of letters and digits that begins a word, in the
//! sense of [`starts_word`]) with the rows that contain it. A query word of
//! letters and digits matches a row exactly when some word of the row
//! begins with it, so a keystroke looks up a range of the sorted words
//! instead of scanning every row's text: at 200,000 findings a two-letter
//! word is a few hundred thousand bit sets, not a 60 MB scan with a hit
//! every few dozen bytes.

use std::collections::HashMap;

use crate::domain::text::starts_word;

/// Distinct words, sorted, and the rows holding each.
#[derive(Debug, Default)]
pub struct WordIndex {
    /// Every word back to back, in sorted order.
    text: String,
    /// Word `k` is `text[ends[k - 1]..ends[k]]` (from 0 for the first).
    ends: Vec<u32>,
    /// Rows of word `k`: `rows[at[k]..at[k + 1]]`, ascending, no repeats.
    at: Vec<u32>,
    rows: Vec<u32>,
}

/// The words of `text` as the index sees them: at each word start, the run
/// of letters and digits that begins there.
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.char_indices().filter_map(move |(i, c)| {
        if !c.is_alphanumeric() || !starts_word(text, i) {
            return None;
        }
        let rest = &text[i..];
        let end = rest
            .char_indices()
            .find(|(_, c)| !c.is_alphanumeric())
            .map_or(rest.len(), |(j, _)| j);
        Some(&rest[..end])
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
    /// Index `texts`: (row, folded text) in ascending row order.
    pub fn build<'a>(texts: impl Iterator<Item = (u32, &'a str)>) -> WordIndex {
        let mut ids: HashMap<&'a str, u32> = HashMap::new();
        let mut postings: Vec<Vec<u32>> = Vec::new();
        for (row, text) in texts {
            for w in words(text) {
                let next = u32::try_from(postings.len()).unwrap_or(u32::MAX);
                let id = *ids.entry(w).or_insert(next);
                if id == next {
                    postings.push(Vec::new());
                }
                let list = &mut postings[id as usize];
                if list.last() != Some(&row) {
                    list.push(row);
                }
            }
        }
        let mut sorted: Vec<(&str, u32)> = ids.into_iter().collect();
        sorted.sort_unstable();
        let mut index = WordIndex {
            text: String::new(),
            ends: Vec::with_capacity(sorted.len()),
            at: Vec::with_capacity(sorted.len() + 1),
            rows: Vec::with_capacity(postings.iter().map(Vec::len).sum()),
        };
        index.at.push(0);
        for (w, id) in sorted {
            index.text.push_str(w);
            index
                .ends
                .push(u32::try_from(index.text.len()).unwrap_or(u32::MAX));
            index
                .rows
                .extend(std::mem::take(&mut postings[id as usize]));
            index
                .at
                .push(u32::try_from(index.rows.len()).unwrap_or(u32::MAX));
        }
        index
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
            for &r in &self.rows[self.at[k] as usize..self.at[k + 1] as usize] {
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
