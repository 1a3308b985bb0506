//! Stored text shown where it could act instead of being read: on a
//! terminal (an escape sequence retitles the window or writes the
//! clipboard; a carriage return rewrites a column) and in a spreadsheet
//! (a cell starting with `=` is a formula). Text entered today cannot hold
//! control characters (see `rules`), but databases and files from before
//! can: everything printed or exported passes through here.

use std::borrow::Cow;

use super::rules::{is_bidi_control, is_zero_width};

/// `s` with every control character shown instead of obeyed — C0 controls
/// as their Unicode pictures (`␛`, `␍`, `␉`), DEL as `␡`, C1 controls,
/// bidirectional controls and zero-width characters as `<U+202E>` — line
/// breaks kept.
#[must_use]
pub fn terminal_safe(s: &str) -> Cow<'_, str> {
    shown(s, |c| c == '\n')
}

/// [`terminal_safe`] for one line (a table cell): a line break is shown as `␊`.
#[must_use]
pub fn terminal_safe_line(s: &str) -> Cow<'_, str> {
    shown(s, |_| false)
}

/// A text cell of a CSV file as spreadsheets should read it: text that a
/// spreadsheet would take for a formula (starting with `=`, `+`, `-`, `@`,
/// a tab or a carriage return) gets a leading `'` (as OWASP advises), and
/// control characters other than line breaks and tabs are shown, not kept.
/// Only text goes through here: numbers stay numbers.
#[must_use]
pub fn spreadsheet_text(s: &str) -> Cow<'_, str> {
    let shown = shown(s, |c| c == '\n' || c == '\t' || c == '\r');
    if shown.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{shown}"))
    } else {
        shown
    }
}

/// Whether `c` must be shown rather than written as it is.
fn must_show(c: char) -> bool {
    c.is_control() || is_bidi_control(c) || is_zero_width(c)
}

fn shown(s: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !s.chars().any(|c| must_show(c) && !keep(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if !must_show(c) || keep(c) {
            out.push(c);
        } else if u32::from(c) < 0x20 {
            // U+2400..U+241F: the pictures of the C0 controls.
            out.push(char::from_u32(0x2400 + u32::from(c)).unwrap_or('�'));
        } else if c == '\u{7f}' {
            out.push('␡');
        } else {
            out.push_str(&format!("<{}>", super::rules::code_point(c)));
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_terminal_sees_every_control_and_never_an_escape() {
        let hostile = "\u{1b}]0;pwned\u{7} \u{1b}[2J a\rb\u{8} \u{9b}31m \u{202e}cba";
        let safe = terminal_safe(hostile);
        assert!(!safe.chars().any(char::is_control), "{safe}");
        assert_eq!(safe, "␛]0;pwned␇ ␛[2J a␍b␈ <U+009B>31m <U+202E>cba");
        assert_eq!(terminal_safe("Đảng ủy\ndòng 2"), "Đảng ủy\ndòng 2");
        assert_eq!(terminal_safe_line("a\nb\tc"), "a␊b␉c");
        assert!(matches!(terminal_safe("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn spreadsheet_formulas_are_neutralised_and_plain_text_kept() {
        assert_eq!(
            spreadsheet_text("=HYPERLINK(\"http://x\")"),
            "'=HYPERLINK(\"http://x\")"
        );
        assert_eq!(
            spreadsheet_text("+cmd|' /C calc'!A0"),
            "'+cmd|' /C calc'!A0"
        );
        for s in ["-1+2", "@SUM(A1)", "\tx", "\rx"] {
            assert!(spreadsheet_text(s).starts_with('\''), "{s:?}");
        }
        assert_eq!(spreadsheet_text("Chi bộ = tốt"), "Chi bộ = tốt");
        assert_eq!(spreadsheet_text("a\u{1b}b\nc"), "a␛b\nc");
    }
}
