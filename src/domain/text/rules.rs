//! What a stored text field may hold: no control character (a line break
//! only in multi-line fields), at most so many characters, and in codes no
//! bidirectional override or zero-width character either (two codes that
//! look the same must be the same). Every entry checks it — imports, the
//! app's fields, the store's write path — so nothing stored can put a
//! control sequence on a terminal, and nothing grows the database without
//! bound.

use std::fmt;

use crate::i18n::Msg;

/// The rule a field follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextRule {
    /// Characters (Unicode scalar values) at most.
    pub max: usize,
    /// Line breaks allowed.
    pub multiline: bool,
    /// A code: no bidirectional override or zero-width character either.
    pub code: bool,
}

/// Codes users type: units, visits, templates, sections, items.
pub const CODE: TextRule = TextRule {
    max: 32,
    multiline: false,
    code: true,
};
/// Finding references: a visit code, a device tag and a number.
pub const REFERENCE: TextRule = TextRule {
    max: CODE.max + 8,
    ..CODE
};
/// Names and titles: a unit, a person, a finding, a document number.
pub const NAME: TextRule = TextRule {
    max: 300,
    multiline: false,
    code: false,
};
/// One long line: a legal basis.
pub const LINE: TextRule = TextRule { max: 2_000, ..NAME };
/// Long texts on several lines: details, notes, remedies, checklist items.
pub const TEXT: TextRule = TextRule {
    max: 20_000,
    multiline: true,
    code: false,
};

/// What is wrong with a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TextProblem {
    /// A control character (a line break in a one-line field), at this
    /// character position (1-based).
    Control { at: usize, ch: char },
    /// A bidirectional override or zero-width character in a code.
    Invisible { at: usize, ch: char },
    /// Longer than the field allows.
    TooLong { len: usize, max: usize },
}

impl fmt::Display for TextProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            TextProblem::Control { at, ch } => Msg::TextControl.fill(&[&code_point(*ch), &at]),
            TextProblem::Invisible { at, ch } => Msg::TextInvisible.fill(&[&code_point(*ch), &at]),
            TextProblem::TooLong { len, max } => Msg::TextTooLong.fill(&[&len, &max]),
        };
        f.write_str(&text)
    }
}

/// `U+001B`.
#[must_use]
pub fn code_point(ch: char) -> String {
    format!("U+{:04X}", u32::from(ch))
}

/// Bidirectional controls (embeddings, overrides, isolates and marks):
/// they reorder what a terminal or a table shows.
#[must_use]
pub fn is_bidi_control(ch: char) -> bool {
    matches!(ch, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Characters that take no room: two codes differing only by one look
/// the same.
#[must_use]
pub fn is_zero_width(ch: char) -> bool {
    matches!(
        ch,
        '\u{200B}'..='\u{200D}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{180E}' | '\u{00AD}'
    )
}

/// Whether `text` keeps `rule`.
///
/// # Errors
/// The first control (or, in a code, invisible) character, or the length.
pub fn check(rule: TextRule, text: &str) -> Result<(), TextProblem> {
    let mut len = 0;
    for (i, ch) in text.chars().enumerate() {
        len += 1;
        if ch.is_control() && !(rule.multiline && ch == '\n') {
            return Err(TextProblem::Control { at: i + 1, ch });
        }
        if rule.code && (is_bidi_control(ch) || is_zero_width(ch)) {
            return Err(TextProblem::Invisible { at: i + 1, ch });
        }
    }
    if len > rule.max {
        return Err(TextProblem::TooLong { len, max: rule.max });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_are_refused_and_a_line_break_only_where_lines_are() {
        assert_eq!(check(NAME, "Chi bộ Tổ dân phố số 2"), Ok(()));
        assert_eq!(
            check(NAME, "tên\u{1b}]0;pwned\u{7}"),
            Err(TextProblem::Control {
                at: 4,
                ch: '\u{1b}'
            })
        );
        assert_eq!(check(TEXT, "dòng 1\ndòng 2"), Ok(()));
        assert!(check(NAME, "dòng 1\ndòng 2").is_err());
        for c in ['\0', '\r', '\t', '\u{8}', '\u{7f}', '\u{9b}', '\u{85}'] {
            assert!(check(TEXT, &format!("a{c}b")).is_err(), "{c:?}");
        }
        // Bidi overrides show in names (escaped on terminals) but not in codes.
        assert_eq!(check(NAME, "a\u{202e}b"), Ok(()));
        assert_eq!(
            check(CODE, "P-QT\u{202e}"),
            Err(TextProblem::Invisible {
                at: 5,
                ch: '\u{202e}'
            })
        );
        assert!(check(CODE, "P\u{200b}QT").is_err());
        assert!(check(CODE, "P\u{2066}QT").is_err());
    }

    #[test]
    fn lengths_are_counted_in_characters() {
        let name = "ủ".repeat(300);
        assert_eq!(check(NAME, &name), Ok(()));
        assert_eq!(
            check(NAME, &format!("{name}a")),
            Err(TextProblem::TooLong { len: 301, max: 300 })
        );
        assert!(check(CODE, &"X".repeat(33)).is_err());
        assert!(check(REFERENCE, &format!("{}-ABC01", "X".repeat(32))).is_ok());
    }
}
