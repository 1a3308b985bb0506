//! Conflicts: one field of a record changed to different values on two
//! laptops, or changed on one and deleted on the other. Nothing is chosen
//! silently: both values are kept here, with who made each and when, and
//! until people settle it every laptop shows the same provisional value —
//! the side whose op comes later in the log. Settling is an op
//! ([`super::Settle`]) that travels like any other, so the conflict closes
//! on every laptop that takes it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::finding::merge::{Prefer, copy_field, provisional};
use super::{Answer, Finding, Id, RuleError, Target};

mod fields;
mod replay;

pub use fields::merge_fields;
use fields::take_fields;
pub use replay::{Replayed, changed_fields, replay};

/// The value one side gave the record (`None` in a [`Side`]: deleted).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Value {
    Finding(Box<Finding>),
    Answer(Box<Answer>),
    Unit(Box<super::Unit>),
    Visit(Box<super::Visit>),
    Report(Box<super::Report>),
}

/// One side of a conflict: the op that made it, and what it made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Side {
    pub op: Id,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub device: Id,
    pub value: Option<Value>,
}

/// Who settled a conflict, when, by which op.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settled {
    pub op: Id,
    pub at: DateTime<Utc>,
    pub actor: String,
}

/// A conflict on one record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conflict {
    /// On a finding, the later op's id; on an answer, a digest of both
    /// values. Every laptop names a conflict alike.
    pub id: Id,
    pub target: Target,
    /// The visit the record belongs to (reports warn while it is open).
    pub visit: Id,
    /// What people call the record: a finding's reference, an answer's
    /// item code.
    pub subject: String,
    /// The fields changed two ways.
    pub fields: Vec<String>,
    /// What both sides started from (`None`: both created it).
    pub base: Option<Value>,
    /// The two sides, the earlier op first; the later one's value stands
    /// in until the conflict is settled.
    pub sides: [Side; 2],
    pub settled: Option<Settled>,
}

/// How a person settles a conflict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// Side 0 or 1's value for the fields that clashed.
    Take(usize),
    /// Both sides' texts, one after the other (text fields only).
    Both,
}

/// The clashing fields whose values are free text, which "keep both" joins.
const TEXTS: [&str; 5] = ["title", "detail", "cause", "remedy", "note"];

impl Conflict {
    #[must_use]
    pub fn is_open(&self) -> bool {
        self.settled.is_none()
    }

    /// The short name people type to pick it: the last eight hex digits
    /// of its id (the random part of an op's id).
    #[must_use]
    pub fn short(&self) -> String {
        let hex = self.id.simple().to_string();
        hex[hex.len() - 8..].to_owned()
    }

    /// Which side this laptop made, if either.
    #[must_use]
    pub fn side_of(&self, device: Id) -> Option<usize> {
        self.sides.iter().position(|s| s.device == device)
    }

    /// Whether "keep both" applies: every clashing field is free text.
    #[must_use]
    pub fn texts_only(&self) -> bool {
        !self.fields.is_empty() && self.fields.iter().all(|f| TEXTS.contains(&f.as_str()))
    }

    /// The value that settles the conflict as `choice` says, over what is
    /// held now (`current`, which may have moved on since: notes added
    /// after the conflict are kept).
    ///
    /// # Errors
    /// "Keep both" where a clashing field is not text, or a joined text
    /// that breaks its rule (too long).
    pub fn settle(
        &self,
        current: Option<&Value>,
        choice: Choice,
    ) -> Result<Option<Value>, RuleError> {
        let side = |i: usize| self.sides[i].value.clone();
        let chosen = match choice {
            Choice::Take(i) => side(i.min(1)),
            Choice::Both => {
                if !self.texts_only() {
                    return Err(RuleError::NotText(self.subject.clone()));
                }
                self.both()
            }
        };
        if let (Some(c), Some(n)) = (&chosen, current)
            && let Some(v) = n.with_fields_of(c, &self.fields)
        {
            return Ok(Some(v));
        }
        let (Some(Value::Finding(chosen)), Some(Value::Finding(now))) = (&chosen, current) else {
            return Ok(chosen);
        };
        let base = match &self.base {
            Some(Value::Finding(b)) => b.as_ref().clone(),
            _ => now.as_ref().clone(),
        };
        let (mut value, _) = provisional(&base, now, chosen, Prefer::Theirs);
        // The fields that clashed take the chosen value outright, even
        // where what is held now already differs from the base.
        for f in &self.fields {
            copy_field(&mut value, chosen, f);
        }
        value.validate()?;
        Ok(Some(Value::Finding(Box::new(value))))
    }

    /// The changes that settle the conflict as `choice` says, over what
    /// is held now: the value kept (when it differs) and the settlement,
    /// to commit as one batch.
    ///
    /// # Errors
    /// As [`Conflict::settle`].
    pub fn settlement(
        &self,
        current: Option<Value>,
        choice: Choice,
    ) -> Result<Vec<super::Change>, RuleError> {
        use super::Change;
        let kept = self.settle(current.as_ref(), choice)?;
        let mut changes = Vec::new();
        if kept != current {
            let change = match (current, kept) {
                (Some(Value::Finding(o)), Some(Value::Finding(n))) => Some(Change::update(*o, *n)),
                (None, Some(Value::Finding(n))) => Some(Change::create(*n)),
                (Some(Value::Finding(o)), None) => Some(Change::delete(*o)),
                (Some(Value::Answer(o)), Some(Value::Answer(n))) => Some(Change::update(*o, *n)),
                (None, Some(Value::Answer(n))) => Some(Change::create(*n)),
                (Some(Value::Answer(o)), None) => Some(Change::delete(*o)),
                (Some(Value::Unit(o)), Some(Value::Unit(n))) => Some(Change::update(*o, *n)),
                (None, Some(Value::Unit(n))) => Some(Change::create(*n)),
                (Some(Value::Unit(o)), None) => Some(Change::delete(*o)),
                (Some(Value::Visit(o)), Some(Value::Visit(n))) => Some(Change::update(*o, *n)),
                (None, Some(Value::Visit(n))) => Some(Change::create(*n)),
                (Some(Value::Visit(o)), None) => Some(Change::delete(*o)),
                (Some(Value::Report(o)), Some(Value::Report(n))) => Some(Change::update(*o, *n)),
                (None, Some(Value::Report(n))) => Some(Change::create(*n)),
                (Some(Value::Report(o)), None) => Some(Change::delete(*o)),
                _ => None,
            };
            changes.extend(change);
        }
        changes.push(Change::Settle(Box::new(super::Settle {
            target: self.target.clone(),
            conflict: self.id,
            reopen: false,
        })));
        Ok(changes)
    }

    /// The later side's value, its clashing texts joined with the
    /// earlier side's (earlier first).
    fn both(&self) -> Option<Value> {
        let [first, second] = &self.sides;
        let join = |a: &str, b: &str, sep: &str| {
            if a.trim().is_empty() || a == b {
                b.to_owned()
            } else if b.trim().is_empty() {
                a.to_owned()
            } else {
                format!("{a}{sep}{b}")
            }
        };
        match (&first.value, &second.value) {
            (Some(Value::Finding(a)), Some(Value::Finding(b))) => {
                let mut v = b.as_ref().clone();
                for f in &self.fields {
                    match f.as_str() {
                        "title" => v.title = join(&a.title, &b.title, " / "),
                        "detail" => v.detail = join(&a.detail, &b.detail, "\n"),
                        "cause" => v.cause = join(&a.cause, &b.cause, "\n"),
                        "remedy" => v.remedy = join(&a.remedy, &b.remedy, "\n"),
                        _ => {}
                    }
                }
                Some(Value::Finding(Box::new(v)))
            }
            (Some(Value::Answer(a)), Some(Value::Answer(b))) => {
                let mut v = b.as_ref().clone();
                v.note = join(&a.note, &b.note, "\n");
                Some(Value::Answer(Box::new(v)))
            }
            (a, b) => b.clone().or_else(|| a.clone()),
        }
    }
}

impl Value {
    /// A unit, visit or report as `self` holds it with the `fields` of
    /// `chosen` (the same kind); `None` for findings, answers, or kinds
    /// that differ.
    fn with_fields_of(&self, chosen: &Value, fields: &[String]) -> Option<Value> {
        Some(match (self, chosen) {
            (Value::Unit(n), Value::Unit(c)) => Value::Unit(Box::new(take_fields(n, c, fields))),
            (Value::Visit(n), Value::Visit(c)) => Value::Visit(Box::new(take_fields(n, c, fields))),
            (Value::Report(n), Value::Report(c)) => {
                Value::Report(Box::new(take_fields(n, c, fields)))
            }
            _ => return None,
        })
    }

    /// The fields of two answers that differ (an answer's verdict and
    /// note are one value, but people see which parts differ).
    #[must_use]
    pub fn answer_fields(a: Option<&Answer>, b: Option<&Answer>) -> Vec<String> {
        let mut out = Vec::new();
        match (a, b) {
            (Some(a), Some(b)) => {
                if a.verdict != b.verdict {
                    out.push("verdict".into());
                }
                if a.note != b.note {
                    out.push("note".into());
                }
                if a.evidence != b.evidence {
                    out.push("evidence".into());
                }
            }
            _ => out.push("deleted".into()),
        }
        out
    }
}
