//! The rules of the domain that a change can break, for every entity: the
//! write path refuses a change that breaks one, and says which.

use chrono::NaiveDate;

use super::template::TemplateProblem;
use super::{FindingStatus, VisitStatus};
use crate::domain::date::format_date;
use crate::domain::label::Labelled;
use crate::i18n::Msg;

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
    #[error("template {code} v{version}: {problem}")]
    Template {
        code: String,
        version: u32,
        problem: TemplateProblem,
    },
    // Units and their succession.
    #[error("{}", Msg::RuleUnitIncomplete.fill(&[.0]))]
    UnitIncomplete(String),
    #[error("{}", Msg::RuleUnitEndsBeforeStart.fill(&[.unit, &format_date(*.to), &format_date(*.from)]))]
    UnitEndsBeforeStart {
        unit: String,
        from: NaiveDate,
        to: NaiveDate,
    },
    #[error("{}", Msg::RuleOwnSuccessor.fill(&[.0]))]
    OwnSuccessor(String),
    #[error("{}", Msg::RuleSuccessorMissing.fill(&[.0]))]
    SuccessorMissing(String),
    #[error("{}", Msg::RuleSuccessionCycle.fill(&[.0]))]
    SuccessionCycle(String),
    #[error("{}", Msg::RuleSuccessionWithoutEnd.fill(&[.0]))]
    SuccessionWithoutEnd(String),
    #[error("{}", Msg::RuleSuccessorNotValid.fill(&[.unit, .successor, &format_date(*.day)]))]
    SuccessorNotValid {
        unit: String,
        successor: String,
        day: NaiveDate,
    },
    #[error("{}", Msg::RuleMergeBeforeStart.fill(&[.unit, &format_date(*.day)]))]
    MergeBeforeStart { unit: String, day: NaiveDate },
    #[error("{}", Msg::RuleEndedBeforeMerge.fill(&[.unit, &format_date(*.ended), &format_date(*.day)]))]
    EndedBeforeMerge {
        unit: String,
        ended: NaiveDate,
        day: NaiveDate,
    },
    #[error("{}", Msg::RuleAlreadySucceeded.fill(&[.unit, .successor]))]
    AlreadySucceeded { unit: String, successor: String },
    // Visits.
    #[error("{}", Msg::RuleVisitWithoutCode.text())]
    VisitWithoutCode(String),
    #[error("{}", Msg::RuleVisitWithoutTitle.fill(&[.0]))]
    VisitWithoutTitle(String),
    #[error("{}", Msg::RuleVisitEndsBeforeStart.fill(&[.visit, &format_date(*.end), &format_date(*.start)]))]
    VisitEndsBeforeStart {
        visit: String,
        start: NaiveDate,
        end: NaiveDate,
    },
    #[error("{}", Msg::RuleTeamMemberWithoutName.fill(&[.0]))]
    TeamMemberWithoutName(String),
    #[error("{}", Msg::RuleTeamLeads.fill(&[.visit, .leads]))]
    TeamLeads { visit: String, leads: usize },
    #[error("{}", Msg::RuleUnitTwiceInVisit.fill(&[.0]))]
    UnitTwiceInVisit(String),
    #[error("{}", Msg::RuleAssignmentOutsideVisit.fill(&[.0]))]
    AssignmentOutsideVisit(String),
    #[error("{}", Msg::RuleInspectorNotInTeam.fill(&[.visit, .inspector]))]
    InspectorNotInTeam { visit: String, inspector: String },
    #[error("{}", Msg::RuleVisitUnitMissing.fill(&[.visit, .unit]))]
    VisitUnitMissing { visit: String, unit: String },
    #[error("{}", Msg::RuleVisitUnitNotValid.fill(&[.visit, .unit, &maybe_date(*.from), &maybe_date(*.to)]))]
    VisitUnitNotValid {
        visit: String,
        unit: String,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    },
    #[error("{}", Msg::RuleVisitConcluded.fill(&[.0]))]
    VisitConcluded(String),
    #[error("{}", Msg::RuleVisitTransition.fill(&[.visit, &.from.shown(), &.to.shown()]))]
    VisitTransition {
        visit: String,
        from: VisitStatus,
        to: VisitStatus,
    },
    #[error("{}", Msg::RuleReopenWithoutReason.fill(&[.0]))]
    ReopenWithoutReason(String),
    #[error("{}", Msg::RuleConcludedFinding.fill(&[.finding, .visit]))]
    ConcludedFinding { finding: String, visit: String },
}

/// A date, or "…" for an open end.
fn maybe_date(d: Option<NaiveDate>) -> String {
    d.map_or_else(|| "…".into(), format_date)
}

impl FindingStatus {
    fn vi_label(self) -> &'static str {
        self.vi()
    }
}
