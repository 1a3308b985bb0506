//! Fitting text into the cells a column or line has: cut after a whole
//! word with "…", or, where the end of a text is what tells it from its
//! neighbours ("… năm 2025 (đợt 2)", "… phường Quang Trung"), keep its first
//! and last words and let the middle give way.

use crate::domain::text::{truncate_width, width};

const ELLIPSIS: &str = "…";

/// `s` in at most `max` cells: cut after the last whole word that fits,
/// then "…" (a first word longer than `max` is cut inside it).
#[must_use]
pub fn words(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    let budget = max.saturating_sub(1);
    // A word ends before a space, without the punctuation that led on.
    let trim = |t: &str| {
        t.trim_end_matches(|c: char| c.is_whitespace() || ",;:–-·".contains(c))
            .len()
    };
    let mut head = "";
    for (i, c) in s.char_indices() {
        if c.is_whitespace() {
            let candidate = &s[..trim(&s[..i])];
            if width(candidate) > budget {
                break;
            }
            head = candidate;
        }
    }
    if head.is_empty() {
        return truncate_width(s, max);
    }
    format!("{head}{ELLIPSIS}")
}

/// `s` in at most `max` cells, keeping its first words and its last ones
/// around " … " (up to three fifths of the room for the end, which tells
/// similar names and titles apart); a text without room for both is cut
/// after a whole word.
#[must_use]
pub fn middle(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    let all: Vec<&str> = s.split_whitespace().collect();
    let room = max.saturating_sub(3);
    let mut tail = all.len();
    while tail > 1 && width(&all[tail - 1..].join(" ")) <= room * 3 / 5 {
        tail -= 1;
    }
    if tail == all.len() {
        return words(s, max);
    }
    let back = all[tail..].join(" ");
    let mut head = 0;
    while head < tail && width(&all[..=head].join(" ")) + width(&back) <= room {
        head += 1;
    }
    if head == 0 {
        return words(s, max);
    }
    format!("{} {ELLIPSIS} {back}", all[..head].join(" "))
}

/// `s` in lines of at most `max` cells, broken between words (a word
/// longer than a line is cut with "…").
#[must_use]
pub fn wrap(s: &str, max: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in s.split_whitespace() {
        if !line.is_empty() && width(&line) + 1 + width(word) > max {
            out.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&truncate_width(word, max));
    }
    if !line.is_empty() {
        out.push(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_cut_after_a_whole_word() {
        let t = "Hậu kiểm việc khắc phục hạn chế, khuyết điểm";
        assert_eq!(words(t, 60), t);
        assert_eq!(words(t, 24), "Hậu kiểm việc khắc phục…");
        assert_eq!(words(t, 32), "Hậu kiểm việc khắc phục hạn chế…");
        assert_eq!(words("Supercalifragilistic", 8), "Superca…");
        for max in 1..t.len() {
            assert!(width(&words(t, max)) <= max, "{max}");
        }
    }

    #[test]
    fn wrap_breaks_between_words() {
        let t = "Sau khi chọn kết quả, con trỏ tự sang mục sau";
        let lines = wrap(t, 20);
        assert_eq!(
            lines,
            ["Sau khi chọn kết", "quả, con trỏ tự sang", "mục sau"]
        );
        assert!(lines.iter().all(|l| width(l) <= 20), "{lines:?}");
        assert_eq!(lines.join(" "), t);
    }

    #[test]
    fn middle_keeps_the_words_that_tell_titles_apart() {
        let one = "Hậu kiểm việc khắc phục hạn chế, khuyết điểm sau kiểm điểm năm 2025";
        let two = "Hậu kiểm việc khắc phục hạn chế, khuyết điểm sau kiểm điểm năm 2025 (đợt 2)";
        for max in [24, 30, 40, 50] {
            let (a, b) = (middle(one, max), middle(two, max));
            assert!(width(&a) <= max && width(&b) <= max, "{max}: {a} / {b}");
            assert!(b.ends_with("(đợt 2)"), "{max}: {b}");
            assert!(a.starts_with("Hậu") && b.starts_with("Hậu"), "{max}");
            assert_ne!(a, b);
        }
        assert_eq!(
            middle("Đảng bộ phường Quang Trung", 22),
            "Đảng bộ … Quang Trung"
        );
        assert_eq!(middle("Đảng bộ xã Lộc Hòa", 22), "Đảng bộ xã Lộc Hòa");
        for max in 1..40 {
            assert!(width(&middle(two, max)) <= max, "{max}");
        }
    }
}
