//! IME-safe text fields on top of `ratatui-textarea`: every edit is applied
//! at once (no fast echo), text is kept in NFC so decomposed input from
//! macOS or "Unicode tổ hợp" IMEs composes, Backspace removes one grapheme,
//! and pasted text arrives whole.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::{CursorMove, TextArea, WrapMode};
use unicode_normalization::{UnicodeNormalization, is_nfc};
use unicode_segmentation::UnicodeSegmentation;

use crate::domain::text::{self, TextProblem};

/// Why pasted text is refused, if it is: a control character (line
/// breaks and tabs are whitespace, not refused) or more than a long text holds.
#[must_use]
pub fn paste_problem(text: &str) -> Option<TextProblem> {
    text::rules::check(text::rules::TEXT, &line_breaks(text)).err()
}

/// CRLF and CR as LF, tabs as spaces: what a field keeps of them.
fn line_breaks(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\t', " ")
}

/// A single- or multi-line text field.
#[derive(Debug, Clone)]
pub struct Field {
    area: TextArea<'static>,
    multiline: bool,
}

impl Field {
    /// A field holding `text`.
    #[must_use]
    pub fn new(text: &str, multiline: bool) -> Field {
        let lines: Vec<String> = if multiline {
            text.split('\n').map(|l| l.nfc().collect()).collect()
        } else {
            vec![text.replace('\n', " ").nfc().collect()]
        };
        let mut area = TextArea::new(lines);
        area.move_cursor(CursorMove::Bottom);
        area.move_cursor(CursorMove::End);
        let mut f = Field { area, multiline };
        f.style();
        f
    }

    fn style(&mut self) {
        self.area
            .set_cursor_line_style(ratatui::style::Style::default());
        // A note is read whole: wrap it rather than scroll it sideways.
        if self.multiline {
            self.area.set_wrap_mode(WrapMode::WordOrGlyph);
        }
    }

    /// Whether the field takes several lines.
    #[must_use]
    pub fn is_multiline(&self) -> bool {
        self.multiline
    }

    /// The text, NFC, lines joined with `\n`.
    #[must_use]
    pub fn text(&self) -> String {
        self.area.lines().join("\n")
    }

    /// The widget to render.
    #[must_use]
    pub fn widget(&self) -> &TextArea<'static> {
        &self.area
    }

    /// Cursor position (row, column in chars).
    #[must_use]
    pub fn cursor(&self) -> (usize, usize) {
        let c = self.area.cursor();
        (c.0, c.1)
    }

    /// Apply one key. Returns whether the text changed.
    pub fn input(&mut self, key: KeyEvent) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Backspace if !ctrl => self.backspace(),
            KeyCode::Enter if !self.multiline => false,
            KeyCode::Enter => {
                self.area.insert_newline();
                true
            }
            // A terminal may pass a control character through as a key: never text.
            KeyCode::Char(c) if c.is_control() => false,
            KeyCode::Char(c) if !ctrl && !key.modifiers.contains(KeyModifiers::ALT) => {
                self.area.insert_char(c);
                self.compose();
                true
            }
            KeyCode::Tab | KeyCode::BackTab | KeyCode::Esc => false,
            _ => self.area.input(key),
        }
    }

    /// Insert pasted text whole (newlines become spaces in a single-line
    /// field, tabs spaces everywhere); whether it was pasted: text with a
    /// control character is refused whole ([`paste_problem`] says why).
    pub fn paste(&mut self, text: &str) -> bool {
        if paste_problem(text).is_some() {
            return false;
        }
        let text = line_breaks(text);
        let text: String = if self.multiline {
            text
        } else {
            text.replace('\n', " ")
        };
        self.area.insert_str(text.nfc().collect::<String>());
        self.compose();
        true
    }

    /// Remove the grapheme before the cursor (one user-perceived character,
    /// however many code points it has).
    fn backspace(&mut self) -> bool {
        let (row, col) = self.cursor();
        if col == 0 {
            return self.area.delete_char();
        }
        let line = &self.area.lines()[row];
        let prefix: String = line.chars().take(col).collect();
        let n = prefix
            .graphemes(true)
            .next_back()
            .map_or(1, |g| g.chars().count());
        for _ in 0..n {
            self.area.delete_char();
        }
        true
    }

    /// Re-normalise the cursor's line to NFC when a combining mark arrived
    /// separately, keeping the cursor after the same text.
    fn compose(&mut self) {
        let (row, col) = self.cursor();
        let lines = self.area.lines();
        let Some(line) = lines.get(row) else { return };
        if is_nfc(line) {
            return;
        }
        let before: String = line.chars().take(col).collect::<String>().nfc().collect();
        let new_col = before.chars().count();
        let mut all: Vec<String> = lines.to_vec();
        all[row] = line.nfc().collect();
        self.area = TextArea::new(all);
        self.style();
        self.area.move_cursor(CursorMove::Jump(
            u16::try_from(row).unwrap_or(u16::MAX),
            u16::try_from(new_col).unwrap_or(u16::MAX),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(c: KeyCode) -> KeyEvent {
        KeyEvent::new(c, KeyModifiers::NONE)
    }

    fn typed(f: &mut Field, s: &str) {
        for c in s.chars() {
            f.input(key(KeyCode::Char(c)));
        }
    }

    #[test]
    fn decomposed_input_is_stored_composed() {
        let mut f = Field::new("", false);
        let nfd: String = "Đảng ủy khắc phục".nfd().collect();
        typed(&mut f, &nfd);
        assert_eq!(f.text(), "Đảng ủy khắc phục");
        assert!(is_nfc(&f.text()));
    }

    #[test]
    fn backspace_removes_one_grapheme() {
        let mut f = Field::new("", false);
        // a + breve + acute: one grapheme that NFC composes to "ắ".
        typed(&mut f, "ba\u{306}\u{301}");
        assert_eq!(f.text(), "bắ");
        f.input(key(KeyCode::Backspace));
        assert_eq!(f.text(), "b");
        // A grapheme with no precomposed form stays several code points; it still goes at once.
        let mut g = Field::new("", false);
        typed(&mut g, "x\u{301}\u{323}\u{31b}");
        g.input(key(KeyCode::Backspace));
        assert_eq!(g.text(), "");
    }

    #[test]
    fn ime_backspace_and_replace_sequences_end_as_intended() {
        // Telex "tieengs" as an IME sends it: t i e, then BS + ê, then BS + ế.
        let mut f = Field::new("", false);
        typed(&mut f, "tie");
        f.input(key(KeyCode::Backspace));
        typed(&mut f, "ê");
        typed(&mut f, "n");
        f.input(key(KeyCode::Backspace));
        f.input(key(KeyCode::Backspace));
        typed(&mut f, "ến");
        assert_eq!(f.text(), "tiến");
    }

    #[test]
    fn control_characters_are_refused_on_paste_and_typing() {
        let mut f = Field::new("Chi bộ", false);
        assert!(!f.paste("\u{1b}]52;c;cm0gLXJmIH4=\u{7}"));
        assert!(!f.paste("a\u{8}\u{8}b"));
        assert!(paste_problem("x\u{1b}[2J").is_some());
        assert!(paste_problem(&"a".repeat(20_001)).is_some());
        assert!(!f.input(key(KeyCode::Char('\u{1b}'))));
        assert_eq!(f.text(), "Chi bộ", "nothing got in");
        assert!(f.paste("\tsố 2\r\n"));
        assert_eq!(f.text(), "Chi bộ số 2 ");
    }

    #[test]
    fn paste_is_whole_and_single_line_fields_flatten_newlines() {
        let mut f = Field::new("", false);
        f.paste("Chi bộ\r\nTổ dân phố số 2");
        assert_eq!(f.text(), "Chi bộ Tổ dân phố số 2");
        let mut m = Field::new("", true);
        m.paste("dòng 1\ndòng 2");
        assert_eq!(m.text(), "dòng 1\ndòng 2");
        assert!(!f.input(key(KeyCode::Enter)));
    }
}
