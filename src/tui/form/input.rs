//! The inputs forms are built from: text (one line or several, on the
//! IME-safe [`Field`]), a date (parsed as the domain parses dates, its
//! weekday shown as it is typed) and a choice among a domain enumeration's
//! values. Each takes keys, says whether it is missing, and draws itself.

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::domain::date::{DateError, format_date, parse_date};
use crate::domain::label::Labelled;
use crate::i18n::{Lang, Msg, date_error, weekday};
use crate::tui::action::Action;
use crate::tui::cx::DrawCx;
use crate::tui::field::Field;
use crate::tui::keymap::Ctx;
use crate::tui::theme;

/// One input of a form.
pub trait Input: std::fmt::Debug {
    /// Apply a key; whether it asks to move on to the next field.
    fn key(&mut self, key: KeyEvent) -> bool;

    /// Pasted text.
    fn paste(&mut self, _text: &str) {}

    /// The text typed ("" for a choice).
    fn text(&self) -> String {
        String::new()
    }

    /// What Esc would lose if it changed since the form opened: the text
    /// typed, unless the input holds more than it shows as text.
    fn value(&self) -> String {
        self.text()
    }

    /// The chosen option's place, for a choice.
    fn choice(&self) -> Option<usize> {
        None
    }

    /// Marked with `*`.
    fn required(&self) -> bool;

    /// Required and left empty.
    fn missing(&self) -> bool {
        false
    }

    /// Rows it takes, its label included, when there is room.
    fn height(&self) -> u16;

    /// The keymap context of its own keys (a list's), tried before the form's.
    fn context(&self) -> Option<Ctx> {
        None
    }

    /// An action of its own keymap context.
    fn act(&mut self, _action: Action) {}

    /// Draw the value into `area` (below the label).
    fn draw(&self, frame: &mut Frame, area: Rect, focused: bool, cx: &DrawCx);
}

/// Text, on one line or several.
#[derive(Debug, Clone)]
pub struct TextInput {
    field: Field,
    required: bool,
}

impl TextInput {
    /// One line holding `text`.
    #[must_use]
    pub fn line(text: &str) -> TextInput {
        TextInput {
            field: Field::new(text, false),
            required: false,
        }
    }

    /// Several lines holding `text`.
    #[must_use]
    pub fn lines(text: &str) -> TextInput {
        TextInput {
            field: Field::new(text, true),
            required: false,
        }
    }

    /// The same, marked required.
    #[must_use]
    pub fn required(self) -> TextInput {
        TextInput {
            required: true,
            ..self
        }
    }
}

impl Input for TextInput {
    fn key(&mut self, key: KeyEvent) -> bool {
        if key.code == KeyCode::Enter && !self.field.is_multiline() {
            return true;
        }
        self.field.input(key);
        false
    }

    fn paste(&mut self, text: &str) {
        self.field.paste(text);
    }

    fn text(&self) -> String {
        self.field.text()
    }

    fn required(&self) -> bool {
        self.required
    }

    fn missing(&self) -> bool {
        self.required && self.field.text().trim().is_empty()
    }

    fn height(&self) -> u16 {
        if self.field.is_multiline() { 4 } else { 2 }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, focused: bool, _cx: &DrawCx) {
        let mut w = self.field.widget().clone();
        if !focused {
            w.set_cursor_style(Style::default());
        }
        frame.render_widget(&w, area);
    }
}

/// A date (required unless made optional), with its weekday shown below
/// as it is typed and, before it is saved, a warning if it breaks the rule
/// it must keep.
#[derive(Debug, Clone)]
pub struct DateInput {
    text: TextInput,
    rule: Option<DateRule>,
}

/// What a date must keep, as the domain will check it on saving.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateRule {
    /// A deadline: not before the day the finding is recorded.
    NotBefore(NaiveDate),
    /// A new deadline: after the current one.
    After(NaiveDate),
}

impl DateRule {
    /// Why `d` breaks the rule, if it does.
    fn broken_by(self, d: NaiveDate, lang: Lang) -> Option<String> {
        match self {
            DateRule::NotBefore(day) if d < day => {
                Some(Msg::DateBeforeRecorded.fill_in(lang, &[&format_date(day)]))
            }
            DateRule::After(day) if d <= day => {
                Some(Msg::DateNotAfter.fill_in(lang, &[&format_date(day)]))
            }
            _ => None,
        }
    }
}

impl DateInput {
    /// A required date.
    #[must_use]
    pub fn new(text: &str) -> DateInput {
        DateInput {
            text: TextInput::line(text).required(),
            rule: None,
        }
    }

    /// The same, warning as it is typed when the date breaks `rule`.
    #[must_use]
    pub fn keeping(self, rule: DateRule) -> DateInput {
        DateInput {
            rule: Some(rule),
            ..self
        }
    }

    /// A date that may be left empty.
    #[must_use]
    pub fn optional(text: &str) -> DateInput {
        DateInput {
            text: TextInput::line(text),
            rule: None,
        }
    }

    /// The date typed.
    ///
    /// # Errors
    /// The text is not a date.
    pub fn date(&self, today: NaiveDate) -> Result<NaiveDate, DateError> {
        parse_date(&self.text.text(), today)
    }

    /// The date typed, or none if the field is empty.
    ///
    /// # Errors
    /// The text is not a date.
    pub fn date_opt(&self, today: NaiveDate) -> Result<Option<NaiveDate>, DateError> {
        if self.text.text().trim().is_empty() {
            return Ok(None);
        }
        self.date(today).map(Some)
    }

    fn preview(&self, cx: &DrawCx) -> Line<'static> {
        if self.text().trim().is_empty() {
            return Line::raw("");
        }
        match self.date(cx.today) {
            Ok(d) => {
                let day = format!("→ {}, {}", weekday(d, cx.lang), format_date(d));
                match self.rule.and_then(|r| r.broken_by(d, cx.lang)) {
                    Some(why) => Line::styled(format!("{day} ⚠ {why}"), theme::OVERDUE),
                    None => Line::styled(day, theme::OK),
                }
            }
            Err(e) => Line::styled(
                format!(
                    "✗ {}: {}",
                    Msg::InvalidDate.tr(cx.lang),
                    date_error(&e, cx.lang)
                ),
                theme::OVERDUE,
            ),
        }
    }
}

impl Input for DateInput {
    fn key(&mut self, key: KeyEvent) -> bool {
        self.text.key(key)
    }

    fn paste(&mut self, text: &str) {
        self.text.paste(text);
    }

    fn text(&self) -> String {
        self.text.text()
    }

    fn required(&self) -> bool {
        self.text.required
    }

    fn missing(&self) -> bool {
        self.text.missing()
    }

    fn height(&self) -> u16 {
        3
    }

    fn draw(&self, frame: &mut Frame, area: Rect, focused: bool, cx: &DrawCx) {
        // The weekday only where the date has its full height.
        let [value, extra] = Layout::vertical([
            Constraint::Min(1),
            Constraint::Length(u16::from(area.height >= 2)),
        ])
        .areas(area);
        self.text.draw(frame, value, focused, cx);
        frame.render_widget(Paragraph::new(self.preview(cx)), extra);
    }
}

/// One of a fixed list of values, chosen with the arrows.
#[derive(Debug, Clone)]
pub struct Choice<T> {
    options: Vec<T>,
    labels: Vec<String>,
    selected: usize,
}

impl<T: Labelled + PartialEq> Choice<T> {
    /// Among `options`, the first selected.
    #[must_use]
    pub fn of(options: Vec<T>, lang: Lang) -> Choice<T> {
        let labels = options
            .iter()
            .map(|v| v.label(lang.code()).to_string())
            .collect();
        Choice::labelled(options, labels)
    }

    /// Among every value of `T`, `selected` selected.
    #[must_use]
    pub fn all(selected: T, lang: Lang) -> Choice<T> {
        Choice::of(T::ALL.to_vec(), lang).with(selected)
    }
}

impl<T: Copy + PartialEq> Choice<T> {
    /// Among `options` shown as `labels` (one each), the first selected.
    #[must_use]
    pub fn labelled(options: Vec<T>, labels: Vec<String>) -> Choice<T> {
        Choice {
            options,
            labels,
            selected: 0,
        }
    }

    /// The same with `value` selected (if it is an option).
    #[must_use]
    pub fn with(mut self, value: T) -> Choice<T> {
        self.selected = self.options.iter().position(|v| *v == value).unwrap_or(0);
        self
    }

    /// The value chosen.
    #[must_use]
    pub fn value(&self) -> Option<T> {
        self.options.get(self.selected).copied()
    }

    #[must_use]
    pub fn options(&self) -> &[T] {
        &self.options
    }

    /// Every option, the chosen one bracketed.
    fn line(&self, focused: bool) -> Line<'static> {
        let mut spans = vec![Span::raw(if focused { "◀ " } else { "  " })];
        for (j, o) in self.labels.iter().enumerate() {
            let (text, style) = if j == self.selected {
                (format!("[{o}]"), chosen_style(focused))
            } else {
                (format!(" {o} "), theme::DIM)
            };
            spans.push(Span::styled(text, style));
            spans.push(Span::raw(" "));
        }
        spans.push(Span::raw(if focused { " ▶" } else { "" }));
        Line::from(spans)
    }

    /// Only the chosen option and its place, for a narrow form.
    fn narrow_line(&self, focused: bool) -> Line<'static> {
        let chosen = self.labels.get(self.selected).cloned().unwrap_or_default();
        Line::from(vec![
            Span::raw(if focused { "◀ " } else { "  " }),
            Span::styled(format!("[{chosen}]"), chosen_style(focused)),
            Span::raw(format!(" {}/{}", self.selected + 1, self.labels.len())),
            Span::raw(if focused { " ▶" } else { "" }),
        ])
    }
}

fn chosen_style(focused: bool) -> Style {
    if focused {
        theme::TAB_ACTIVE
    } else {
        theme::KEY
    }
}

impl<T: Copy + PartialEq + std::fmt::Debug> Input for Choice<T> {
    fn key(&mut self, key: KeyEvent) -> bool {
        let n = self.options.len().max(1);
        match key.code {
            KeyCode::Left | KeyCode::Up => self.selected = (self.selected + n - 1) % n,
            KeyCode::Right | KeyCode::Down | KeyCode::Char(' ') => {
                self.selected = (self.selected + 1) % n;
            }
            KeyCode::Enter => return true,
            _ => {}
        }
        false
    }

    fn choice(&self) -> Option<usize> {
        Some(self.selected)
    }

    fn required(&self) -> bool {
        true
    }

    fn height(&self) -> u16 {
        2
    }

    fn draw(&self, frame: &mut Frame, area: Rect, focused: bool, _cx: &DrawCx) {
        let mut line = self.line(focused);
        // Too narrow for every option: show the chosen one, never cut it off.
        if line.width() > usize::from(area.width) {
            line = self.narrow_line(focused);
        }
        frame.render_widget(Paragraph::new(line), area);
    }
}
