//! Following a finding up: a status change with its note, a deadline
//! extension with its reason, a dated note. Each goes through the domain's
//! rules for findings.

use crate::domain::date::format_date;
use crate::domain::finding::Stamp;
use crate::domain::label::Labelled;
use crate::domain::text::clean_multiline;
use crate::domain::{Change, Event, Finding, FindingStatus, Id, RuleError};
use crate::i18n::{Lang, Msg, date_error, weekday};
use crate::tui::cx::Cx;

use chrono::NaiveDate;

use super::{Choice, DateInput, DateRule, Form, Input, Refusal, TextInput};

/// A status change (only the moves the finding allows) with its note.
#[derive(Debug)]
pub struct StatusForm {
    pub finding: Id,
    pub status: Choice<FindingStatus>,
    pub note: TextInput,
}

fields! {
    StatusForm: StatusFocus {
        Status: status => NewStatus,
        Note: note => Note,
    }
}

impl StatusForm {
    #[must_use]
    pub fn new(finding: Id, options: Vec<FindingStatus>, lang: Lang) -> StatusForm {
        StatusForm {
            finding,
            status: Choice::of(options, lang),
            note: TextInput::lines("").required(),
        }
    }
}

impl Form for StatusForm {
    fn title(&self) -> Msg {
        Msg::ChangeStatus
    }

    fn save(&self, cx: &mut Cx) -> Result<(), Refusal<StatusFocus>> {
        let to = self.status.value().unwrap_or(FindingStatus::Open);
        let note = self.note.text();
        change(cx, self.finding, |f, s| f.with_status(to, &note, s), None)
    }
}

/// A new deadline and the reason for it.
#[derive(Debug)]
pub struct ExtendForm {
    pub finding: Id,
    pub to: DateInput,
    pub reason: TextInput,
}

fields! {
    ExtendForm: ExtendFocus {
        To: to => ExtendTo,
        Reason: reason => Reason,
    }
}

impl ExtendForm {
    /// Extending the deadline `due` of `finding`.
    #[must_use]
    pub fn new(finding: Id, due: NaiveDate) -> ExtendForm {
        ExtendForm {
            finding,
            to: DateInput::new("").keeping(DateRule::After(due)),
            reason: TextInput::lines("").required(),
        }
    }
}

impl Form for ExtendForm {
    fn title(&self) -> Msg {
        Msg::ExtendDeadline
    }

    fn save(&self, cx: &mut Cx) -> Result<(), Refusal<ExtendFocus>> {
        let to = self.to.date(cx.today).map_err(|e| {
            let why = format!(
                "{}: {}",
                Msg::InvalidDate.tr(cx.lang),
                date_error(&e, cx.lang)
            );
            Refusal::at(ExtendFocus::To, why)
        })?;
        let reason = self.reason.text();
        let logged = Some(clean_multiline(&reason));
        change(
            cx,
            self.finding,
            |f, s| f.with_extension(to, &reason, s),
            logged,
        )
        .map_err(|mut refusal| {
            // What the rules refuse here is the date or the reason.
            refusal.at = refusal.at.or(match refusal.rule {
                Some(RuleError::ExtensionNotLater { .. }) => Some(ExtendFocus::To),
                Some(RuleError::ExtensionWithoutReason(_)) => Some(ExtendFocus::Reason),
                _ => None,
            });
            refusal
        })
    }
}

/// A dated follow-up note.
#[derive(Debug)]
pub struct NoteForm {
    pub finding: Id,
    pub note: TextInput,
}

fields! {
    NoteForm: NoteFocus {
        Note: note => Note,
    }
}

impl NoteForm {
    #[must_use]
    pub fn new(finding: Id) -> NoteForm {
        NoteForm {
            finding,
            note: TextInput::lines("").required(),
        }
    }
}

impl Form for NoteForm {
    fn title(&self) -> Msg {
        Msg::AddNote
    }

    fn save(&self, cx: &mut Cx) -> Result<(), Refusal<NoteFocus>> {
        let note = self.note.text();
        change(cx, self.finding, |f, s| f.with_note(&note, s), None)
    }
}

/// Apply a rule of the domain to finding `id` and commit the result.
fn change<F>(
    cx: &mut Cx,
    id: Id,
    rule: impl FnOnce(&Finding, Stamp) -> Result<Finding, RuleError>,
    reason: Option<String>,
) -> Result<(), Refusal<F>> {
    let old = cx.finding(id)?;
    let new = rule(&old, cx.stamp())?;
    let what = describe(&old, &new, cx.lang);
    let change = Change::update(old, new);
    cx.commit(change, reason, what)?;
    Ok(())
}

/// A short description of a finding change for the status line.
fn describe(old: &Finding, new: &Finding, lang: Lang) -> String {
    match new.history.last().map(|h| &h.event) {
        Some(Event::Status { to, .. }) if old.status != new.status => {
            format!("{} → {}", new.reference, to.label(lang.code()))
        }
        Some(Event::Extended { to, .. }) => format!(
            "{} {} → {}, {}",
            new.reference,
            Msg::Extended.tr(lang),
            weekday(*to, lang),
            format_date(*to)
        ),
        _ => format!("{} — {}", new.reference, Msg::Note.tr(lang)),
    }
}
