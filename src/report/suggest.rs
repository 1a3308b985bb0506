//! "Did you mean": existing codes closest to a mistyped one, by edit
//! distance on the folded code (case and diacritics ignored).

use crate::domain::text::fold;

/// How many close codes an error message lists.
const MAX: usize = 5;

/// Up to five of `candidates`, closest to `input` first (ties by code).
#[must_use]
pub fn closest<'a>(input: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let key: Vec<char> = fold(input).chars().collect();
    let mut ranked: Vec<(usize, &str)> = candidates
        .into_iter()
        .map(|c| (distance(&key, &fold(c).chars().collect::<Vec<_>>()), c))
        .collect();
    ranked.sort_unstable();
    ranked.dedup_by(|a, b| a.1 == b.1);
    ranked
        .into_iter()
        .take(MAX)
        .map(|(_, c)| c.to_string())
        .collect()
}

/// Levenshtein distance (insert, delete, substitute: 1 each).
fn distance(a: &[char], b: &[char]) -> usize {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

/// The tail of an error message listing close codes ("" when there are none).
pub(super) fn hint(close: &[String]) -> String {
    if close.is_empty() {
        String::new()
    } else {
        crate::i18n::Msg::ClosestCodes.fill(&[&close.join(", ")])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_counts_edits() {
        let d = |a: &str, b: &str| {
            distance(
                &a.chars().collect::<Vec<_>>(),
                &b.chars().collect::<Vec<_>>(),
            )
        };
        assert_eq!(d("", "abc"), 3);
        assert_eq!(d("kitten", "sitting"), 3);
        assert_eq!(d("HK-2026-01", "HK-2026-01"), 0);
    }

    #[test]
    fn closest_ignores_case_and_diacritics_and_keeps_five() {
        let codes = [
            "HK-2026-01",
            "HK-2025-02",
            "GS-2026-03",
            "P-QT",
            "P-TDN",
            "X-LH",
        ];
        let got = closest("hk-2026-1", codes);
        assert_eq!(got.len(), 5);
        assert_eq!(got[0], "HK-2026-01");
        assert_eq!(closest("p-đn", ["P-DN", "P-QT"])[0], "P-DN");
        assert!(closest("x", []).is_empty());
    }
}
