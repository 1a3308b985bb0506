//! The rules of the domain that a change can break, for every entity: the
//! write path refuses a change that breaks one, and says which.

use chrono::NaiveDate;

use std::borrow::Cow;

use super::template::TemplateProblem;
use super::text::{TextProblem, TextRule};
use super::{FindingStatus, VisitStatus};
use crate::domain::date::format_date;
use crate::domain::label::Labelled;
use crate::i18n::Msg;

/// A rule of the domain was broken.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RuleError {
    #[error("{}", Msg::RuleIllegalTransition.fill(&[.reference, &.from.shown(), &.to.shown()]))]
    IllegalTransition {
        reference: String,
        from: FindingStatus,
        to: FindingStatus,
    },
    #[error("{}", Msg::RuleExtensionWithoutReason.fill(&[.0]))]
    ExtensionWithoutReason(String),
    #[error("{}", Msg::RuleExtensionNotLater.fill(&[.reference, &format_date(*.from), &format_date(*.to)]))]
    ExtensionNotLater {
        reference: String,
        from: NaiveDate,
        to: NaiveDate,
    },
    /// A deadline moved while the finding is no longer open or in progress.
    #[error("{}", Msg::RuleNotExtendable.fill(&[.0]))]
    Closed(String),
    #[error("{}", Msg::RuleStatusWithoutNote.fill(&[.0]))]
    StatusWithoutNote(String),
    /// "Keep both" asked for a conflict whose clashing fields are not all text.
    #[error("{}", Msg::RuleConflictNotText.fill(&[.0]))]
    NotText(String),
    #[error("{}", empty(.0))]
    Empty(&'static str),
    #[error("{}", Msg::RuleDueBeforeCreated.fill(&[&format_date(*.due), &format_date(*.created)]))]
    DueBeforeCreated { due: NaiveDate, created: NaiveDate },
    #[error("{}", Msg::RuleTemplate.fill(&[.code, .version, .problem]))]
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
    /// A report-back day set on the visit's báo cáo rather than a unit's conclusion.
    #[error("{}", Msg::RuleReportBackWithoutUnit.text())]
    ReportBackWithoutUnit,
    /// A text field breaks its rule (a control character, too long).
    #[error("{}", Msg::TextField.fill(&[&.entity.noun(), .name, .field, .problem]))]
    Text {
        entity: Entity,
        /// The record's code or reference.
        name: String,
        field: String,
        problem: TextProblem,
    },
}

/// Which kind of record a broken rule is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entity {
    Unit,
    Template,
    Visit,
    Answer,
    Finding,
    Op,
    Report,
}

impl Entity {
    /// The record's kind as messages name it, in this thread's language.
    #[must_use]
    pub fn noun(self) -> &'static str {
        match self {
            Entity::Unit => Msg::EntityUnit,
            Entity::Template => Msg::EntityTemplate,
            Entity::Visit => Msg::EntityVisit,
            Entity::Answer => Msg::EntityAnswer,
            Entity::Finding => Msg::EntityFinding,
            Entity::Op => Msg::EntityOp,
            Entity::Report => Msg::EntityReport,
        }
        .text()
    }

    /// Check the text fields of the record `name`: each `(field, rule, value)`.
    ///
    /// # Errors
    /// The first field that breaks its rule.
    pub fn check_texts<'a>(
        self,
        name: &str,
        fields: impl IntoIterator<Item = (Cow<'a, str>, TextRule, &'a str)>,
    ) -> Result<(), RuleError> {
        for (field, rule, value) in fields {
            if let Err(problem) = super::text::rules::check(rule, value) {
                return Err(RuleError::Text {
                    entity: self,
                    name: name.to_string(),
                    field: field.into_owned(),
                    problem,
                });
            }
        }
        Ok(())
    }
}

/// "… must not be empty" for a field of a finding.
fn empty(field: &str) -> String {
    match field {
        "title" => Msg::RuleEmptyTitle.text().to_string(),
        "reference" => Msg::RuleEmptyReference.text().to_string(),
        "note" => Msg::RuleEmptyNote.text().to_string(),
        other => Msg::RuleEmptyField.fill(&[&other]),
    }
}

/// A date, or "…" for an open end.
fn maybe_date(d: Option<NaiveDate>) -> String {
    d.map_or_else(|| "…".into(), format_date)
}
