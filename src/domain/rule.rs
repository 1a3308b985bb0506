//! The rules of the domain that a change can break, for every entity: the
//! write path refuses a change that breaks one, and says which.

use chrono::NaiveDate;

use std::borrow::Cow;

use super::FindingStatus;
use super::template::TemplateProblem;
use super::text::{TextProblem, TextRule};
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

impl FindingStatus {
    fn vi_label(self) -> &'static str {
        use super::label::Labelled;
        self.vi()
    }
}
