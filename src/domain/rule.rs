//! The rules of the domain that a change can break, for every entity: the
//! write path refuses a change that breaks one, and says which.

use std::fmt;

use chrono::NaiveDate;

use super::FindingStatus;
use super::date::format_date;
use super::label::Labelled;
use super::template::TemplateProblem;
use crate::i18n::Msg;

/// A rule of the domain was broken. Its message is the catalogue's, in the
/// language of the thread that shows it, with dates as dd/mm/yyyy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleError {
    IllegalTransition {
        reference: String,
        from: FindingStatus,
        to: FindingStatus,
    },
    ExtensionWithoutReason(String),
    ExtensionNotLater {
        reference: String,
        from: NaiveDate,
        to: NaiveDate,
    },
    Closed(String),
    StatusWithoutNote(String),
    /// A required field, by name (`title`, `reference`).
    Empty(&'static str),
    DueBeforeCreated {
        due: NaiveDate,
        created: NaiveDate,
    },
    UnitIncomplete(String),
    VisitWithoutCode(String),
    VisitEndsBeforeStart(String),
    Template {
        code: String,
        version: u32,
        problem: TemplateProblem,
    },
}

impl std::error::Error for RuleError {}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let l = crate::i18n::current();
        let label = |s: FindingStatus| s.label(l.code());
        let text = match self {
            RuleError::IllegalTransition {
                reference,
                from,
                to,
            } => Msg::RuleTransition.fill_in(l, &[reference, &label(*from), &label(*to)]),
            RuleError::ExtensionWithoutReason(r) => Msg::RuleExtensionReason.fill_in(l, &[r]),
            RuleError::ExtensionNotLater {
                reference,
                from,
                to,
            } => Msg::RuleExtensionLater
                .fill_in(l, &[reference, &format_date(*to), &format_date(*from)]),
            RuleError::Closed(r) => Msg::RuleClosed.fill_in(l, &[r]),
            RuleError::StatusWithoutNote(r) => Msg::RuleStatusNote.fill_in(l, &[r]),
            RuleError::Empty(field) => {
                let name = match *field {
                    "title" => Msg::Title.tr(l),
                    "reference" => Msg::Ref.tr(l),
                    other => other,
                };
                Msg::RuleEmpty.fill_in(l, &[&name])
            }
            RuleError::DueBeforeCreated { due, created } => {
                Msg::RuleDueBeforeCreated.fill_in(l, &[&format_date(*due), &format_date(*created)])
            }
            RuleError::UnitIncomplete(code) => Msg::RuleUnitIncomplete.fill_in(l, &[code]),
            RuleError::VisitWithoutCode(code) => Msg::RuleVisitCode.fill_in(l, &[code]),
            RuleError::VisitEndsBeforeStart(code) => Msg::RuleVisitEnds.fill_in(l, &[code]),
            RuleError::Template {
                code,
                version,
                problem,
            } => Msg::RuleTemplate.fill_in(l, &[code, version, problem]),
        };
        f.write_str(&text)
    }
}
