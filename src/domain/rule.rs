//! The rules of the domain that a change can break, for every entity: the
//! write path refuses a change that breaks one, and says which.

use chrono::NaiveDate;

use super::FindingStatus;
use super::template::TemplateProblem;

/// A rule of the domain was broken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    #[error("finding {reference}: cannot go from \"{from}\" to \"{to}\"", from = .from.vi_label(), to = .to.vi_label())]
    IllegalTransition {
        reference: String,
        from: FindingStatus,
        to: FindingStatus,
    },
    #[error("finding {0}: a deadline extension needs a reason")]
    ExtensionWithoutReason(String),
    #[error("finding {reference}: the new deadline {to} must be after the current one {from}")]
    ExtensionNotLater {
        reference: String,
        from: NaiveDate,
        to: NaiveDate,
    },
    #[error("finding {0}: it is closed; nothing more can change")]
    Closed(String),
    #[error("finding {0}: a status change needs a note")]
    StatusWithoutNote(String),
    #[error("{0} must not be empty")]
    Empty(&'static str),
    #[error("the deadline {due} is before the day the finding was recorded ({created})")]
    DueBeforeCreated { due: NaiveDate, created: NaiveDate },
    #[error("unit {0}: code and name are required")]
    UnitIncomplete(String),
    #[error("visit {0}: a code is required")]
    VisitWithoutCode(String),
    #[error("visit {0}: it ends before it starts")]
    VisitEndsBeforeStart(String),
    #[error("template {code} v{version}: {problem}")]
    Template {
        code: String,
        version: u32,
        problem: TemplateProblem,
    },
}

impl FindingStatus {
    fn vi_label(self) -> &'static str {
        use super::label::Labelled;
        self.vi()
    }
}
