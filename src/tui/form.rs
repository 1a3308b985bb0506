//! Forms: a list of fields (text, multi-line text, choice, date) with one
//! focused; what saving a form does depends on its purpose.

use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent};

use super::field::Field;
use super::i18n::{Lang, Msg};
use crate::domain::date::parse_date;
use crate::domain::label::Labelled;
use crate::domain::{Finding, FindingStatus, Id, ResponsibilityKind, Severity};

/// What the form is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Purpose {
    NewFinding {
        visit: Id,
        unit: Id,
        item: Option<String>,
    },
    EditFinding(Id),
    Answer {
        visit: Id,
        unit: Id,
        item: String,
    },
    Status {
        finding: Id,
        options: Vec<FindingStatus>,
    },
    Extend(Id),
    Note(Id),
}

/// A field's input.
#[derive(Debug, Clone)]
pub enum Input {
    Text(Field),
    Date(Field),
    Choice {
        options: Vec<String>,
        selected: usize,
    },
}

/// One field of a form.
#[derive(Debug, Clone)]
pub struct FormField {
    pub label: Msg,
    pub input: Input,
    pub required: bool,
}

/// A form being filled in.
#[derive(Debug, Clone)]
pub struct Form {
    pub purpose: Purpose,
    pub title: Msg,
    pub fields: Vec<FormField>,
    pub focus: usize,
    /// Why the last save was refused.
    pub error: Option<String>,
}

fn text(label: Msg, value: &str, multiline: bool, required: bool) -> FormField {
    FormField {
        label,
        input: Input::Text(Field::new(value, multiline)),
        required,
    }
}

fn date(label: Msg, value: &str) -> FormField {
    FormField {
        label,
        input: Input::Date(Field::new(value, false)),
        required: true,
    }
}

fn choice<L: Labelled + PartialEq>(label: Msg, lang: Lang, selected: L) -> FormField {
    FormField {
        label,
        input: Input::Choice {
            options: L::ALL
                .iter()
                .map(|v| v.label(lang.code()).to_string())
                .collect(),
            selected: L::ALL.iter().position(|v| *v == selected).unwrap_or(0),
        },
        required: true,
    }
}

impl Form {
    fn new(purpose: Purpose, title: Msg, fields: Vec<FormField>) -> Form {
        Form {
            purpose,
            title,
            fields,
            focus: 0,
            error: None,
        }
    }

    /// The finding form, prefilled from `existing` when editing.
    #[must_use]
    pub fn finding(
        purpose: Purpose,
        existing: Option<&Finding>,
        lang: Lang,
        default_due: &str,
    ) -> Form {
        let f = existing;
        let s = |get: fn(&Finding) -> &str| f.map_or(String::new(), |f| get(f).to_string());
        let title = if matches!(purpose, Purpose::EditFinding(_)) {
            Msg::EditFinding
        } else {
            Msg::NewFinding
        };
        let mut fields = vec![
            text(Msg::Title, &s(|f| &f.title), false, true),
            text(Msg::Detail, &s(|f| &f.detail), true, false),
            text(Msg::Cause, &s(|f| &f.cause), true, false),
            choice(
                Msg::Responsibility,
                lang,
                f.map_or(ResponsibilityKind::Collective, |f| f.responsibility.kind),
            ),
            text(
                Msg::Responsible,
                &s(|f| &f.responsibility.name),
                false,
                true,
            ),
            text(Msg::Remedy, &s(|f| &f.remedy), true, false),
            choice(
                Msg::Severity,
                lang,
                f.map_or(Severity::Moderate, |f| f.severity),
            ),
        ];
        if existing.is_none() {
            fields.push(date(Msg::DueDate, default_due));
        }
        Form::new(purpose, title, fields)
    }

    /// Note and evidence of a checklist answer.
    #[must_use]
    pub fn answer(purpose: Purpose, note: &str, seen: &str) -> Form {
        Form::new(
            purpose,
            Msg::AnswerNote,
            vec![
                text(Msg::Evidence, seen, true, false),
                text(Msg::Note, note, true, false),
            ],
        )
    }

    /// A status change with its note.
    #[must_use]
    pub fn status(finding: Id, options: Vec<FindingStatus>, lang: Lang) -> Form {
        let labels = options
            .iter()
            .map(|s| s.label(lang.code()).to_string())
            .collect();
        Form::new(
            Purpose::Status { finding, options },
            Msg::ChangeStatus,
            vec![
                FormField {
                    label: Msg::NewStatus,
                    input: Input::Choice {
                        options: labels,
                        selected: 0,
                    },
                    required: true,
                },
                text(Msg::Note, "", true, true),
            ],
        )
    }

    /// A deadline extension: new date and the reason.
    #[must_use]
    pub fn extend(finding: Id) -> Form {
        Form::new(
            Purpose::Extend(finding),
            Msg::ExtendDeadline,
            vec![date(Msg::ExtendTo, ""), text(Msg::Reason, "", true, true)],
        )
    }

    /// A follow-up note.
    #[must_use]
    pub fn note(finding: Id) -> Form {
        Form::new(
            Purpose::Note(finding),
            Msg::AddNote,
            vec![text(Msg::Note, "", true, true)],
        )
    }

    /// Move the focus by `delta` fields (wrapping).
    pub fn step(&mut self, delta: isize) {
        let n = self.fields.len().max(1);
        self.focus = (self.focus as isize + delta).rem_euclid(n as isize) as usize;
    }

    /// Give a key to the focused field.
    pub fn input(&mut self, key: KeyEvent) {
        let Some(field) = self.fields.get_mut(self.focus) else {
            return;
        };
        match &mut field.input {
            Input::Text(f) | Input::Date(f) => {
                if key.code == KeyCode::Enter && !f.is_multiline() {
                    self.step(1);
                } else {
                    f.input(key);
                }
            }
            Input::Choice { options, selected } => {
                let n = options.len().max(1);
                match key.code {
                    KeyCode::Left | KeyCode::Up => *selected = (*selected + n - 1) % n,
                    KeyCode::Right | KeyCode::Down | KeyCode::Char(' ') => {
                        *selected = (*selected + 1) % n
                    }
                    KeyCode::Enter => self.step(1),
                    _ => {}
                }
            }
        }
    }

    /// Paste into the focused field.
    pub fn paste(&mut self, text: &str) {
        if let Some(FormField {
            input: Input::Text(f) | Input::Date(f),
            ..
        }) = self.fields.get_mut(self.focus)
        {
            f.paste(text);
        }
    }

    /// The text of field `i` ("" for a choice).
    #[must_use]
    pub fn text(&self, i: usize) -> String {
        match self.fields.get(i).map(|f| &f.input) {
            Some(Input::Text(f) | Input::Date(f)) => f.text(),
            _ => String::new(),
        }
    }

    /// The selected option of field `i`.
    #[must_use]
    pub fn choice(&self, i: usize) -> usize {
        match self.fields.get(i).map(|f| &f.input) {
            Some(Input::Choice { selected, .. }) => *selected,
            _ => 0,
        }
    }

    /// The date in field `i`, parsed as the domain parses dates.
    ///
    /// # Errors
    /// The text is not a date.
    pub fn date(
        &self,
        i: usize,
        today: NaiveDate,
    ) -> Result<NaiveDate, crate::domain::date::DateError> {
        parse_date(&self.text(i), today)
    }

    /// The first required field left empty, if any.
    #[must_use]
    pub fn missing(&self) -> Option<usize> {
        self.fields
            .iter()
            .enumerate()
            .find(|(i, f)| {
                f.required
                    && !matches!(f.input, Input::Choice { .. })
                    && self.text(*i).trim().is_empty()
            })
            .map(|(i, _)| i)
    }
}
