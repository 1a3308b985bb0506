//! Operations: every change to the data is one `Op` — who, when, on which
//! device, what (old → new), and why. The log of ops is the source of truth;
//! entities are what the log adds up to.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Answer, Finding, Id, Report, Template, Unit, Visit};

/// What an op changes.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Target {
    Unit(Id),
    Template(Id),
    Visit(Id),
    /// An answer is keyed by visit, unit and item code.
    Answer {
        visit: Id,
        unit: Id,
        item: String,
    },
    Finding(Id),
    /// A report's text is keyed by visit and unit (none: the báo cáo).
    Report {
        visit: Id,
        unit: Option<Id>,
    },
    /// The settlement of a conflict on the target it names.
    Conflict(Box<Target>),
}

/// A conflict on `target` settled (see [`super::conflict`]): named by its
/// id — on a finding, the later of the two ops that clashed. The value
/// kept was written by an op of the same batch; this records that the
/// people involved decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settle {
    pub target: Target,
    pub conflict: Id,
    /// Opened again (the undo of a settlement).
    pub reopen: bool,
}

/// The change itself: the whole entity before and after. `None` before means
/// creation, `None` after means deletion. Keeping both sides makes undo a
/// plain swap and lets a later merge compare field by field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Change {
    Unit {
        old: Option<Box<Unit>>,
        new: Option<Box<Unit>>,
    },
    Template {
        old: Option<Box<Template>>,
        new: Option<Box<Template>>,
    },
    Visit {
        old: Option<Box<Visit>>,
        new: Option<Box<Visit>>,
    },
    Answer {
        old: Option<Box<Answer>>,
        new: Option<Box<Answer>>,
    },
    Finding {
        old: Option<Box<Finding>>,
        new: Option<Box<Finding>>,
    },
    Report {
        old: Option<Box<Report>>,
        new: Option<Box<Report>>,
    },
    /// A conflict settled or reopened.
    Settle(Box<Settle>),
}

/// An entity the log records: which `Change` variant holds it.
pub trait Recorded: Sized {
    /// The change from `old` to `new` (`None`: absent).
    fn change(old: Option<Self>, new: Option<Self>) -> Change;
}

macro_rules! recorded {
    ($($entity:ident),*) => {$(
        impl Recorded for $entity {
            fn change(old: Option<Self>, new: Option<Self>) -> Change {
                Change::$entity {
                    old: old.map(Box::new),
                    new: new.map(Box::new),
                }
            }
        }
    )*};
}

recorded!(Unit, Template, Visit, Answer, Finding, Report);

impl Change {
    /// The creation of `new`.
    #[must_use]
    pub fn create<E: Recorded>(new: E) -> Change {
        E::change(None, Some(new))
    }

    /// The change of `old` into `new`.
    #[must_use]
    pub fn update<E: Recorded>(old: E, new: E) -> Change {
        E::change(Some(old), Some(new))
    }

    /// The deletion of `old`.
    #[must_use]
    pub fn delete<E: Recorded>(old: E) -> Change {
        E::change(Some(old), None)
    }

    /// The target this change applies to.
    #[must_use]
    pub fn target(&self) -> Option<Target> {
        fn pick<'a, T>(old: &'a Option<Box<T>>, new: &'a Option<Box<T>>) -> Option<&'a T> {
            new.as_deref().or(old.as_deref())
        }
        Some(match self {
            Change::Unit { old, new } => Target::Unit(pick(old, new)?.id),
            Change::Template { old, new } => Target::Template(pick(old, new)?.id),
            Change::Visit { old, new } => Target::Visit(pick(old, new)?.id),
            Change::Answer { old, new } => {
                let a = pick(old, new)?;
                Target::Answer {
                    visit: a.visit,
                    unit: a.unit,
                    item: a.item.clone(),
                }
            }
            Change::Finding { old, new } => Target::Finding(pick(old, new)?.id),
            Change::Report { old, new } => {
                let r = pick(old, new)?;
                Target::Report {
                    visit: r.visit,
                    unit: r.unit,
                }
            }
            Change::Settle(s) => Target::Conflict(Box::new(s.target.clone())),
        })
    }

    /// The change that undoes this one.
    #[must_use]
    pub fn inverse(&self) -> Change {
        match self.clone() {
            Change::Unit { old, new } => Change::Unit { old: new, new: old },
            Change::Template { old, new } => Change::Template { old: new, new: old },
            Change::Visit { old, new } => Change::Visit { old: new, new: old },
            Change::Answer { old, new } => Change::Answer { old: new, new: old },
            Change::Finding { old, new } => Change::Finding { old: new, new: old },
            Change::Report { old, new } => Change::Report { old: new, new: old },
            Change::Settle(mut s) => {
                s.reopen = !s.reopen;
                Change::Settle(s)
            }
        }
    }

    /// Whether the change deletes its target (nothing after it).
    #[must_use]
    pub fn is_deletion(&self) -> bool {
        matches!(
            self,
            Change::Unit { new: None, .. }
                | Change::Template { new: None, .. }
                | Change::Visit { new: None, .. }
                | Change::Answer { new: None, .. }
                | Change::Finding { new: None, .. }
                | Change::Report { new: None, .. }
        )
    }

    /// Old and new are the same: nothing would change.
    #[must_use]
    pub fn is_noop(&self) -> bool {
        match self {
            Change::Unit { old, new } => old == new,
            Change::Template { old, new } => old == new,
            Change::Visit { old, new } => old == new,
            Change::Answer { old, new } => old == new,
            Change::Finding { old, new } => old == new,
            Change::Report { old, new } => old == new,
            Change::Settle(_) => false,
        }
    }
}

/// One recorded change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Op {
    /// UUIDv7.
    pub id: Id,
    /// When it was made (monotonic per device).
    pub at: DateTime<Utc>,
    /// Who made it.
    pub actor: String,
    /// Which laptop.
    pub device: Id,
    pub target: Target,
    pub change: Change,
    /// Why (required for extensions and for reopening a concluded visit).
    pub reason: Option<String>,
    /// The op this one undoes, when it is a compensating op.
    #[serde(default)]
    pub undoes: Option<Id>,
    /// This op records what a laptop's merge of concurrent changes made
    /// (see `domain::finding::merge`): the ops it merged travel with it,
    /// and every laptop merges them again, so it is recorded, not applied,
    /// where it is imported.
    #[serde(default)]
    pub merge: bool,
    /// The laptop's count of its own ops, this one included: its ops in
    /// the order it made them, whatever its clock said (0: made before
    /// counts were kept).
    #[serde(default)]
    pub seq: u64,
    /// The op this one was made on: the record's latest op this laptop
    /// held (kept for findings; none for the first, for other records, or
    /// before schema 4).
    #[serde(default)]
    pub base: Option<Id>,
}

impl Op {
    /// Check the op's own texts (who, why) within their rules.
    ///
    /// # Errors
    /// The first text that breaks its rule.
    pub fn validate(&self) -> Result<(), super::RuleError> {
        use super::text::rules::{NAME, TEXT};
        super::rule::Entity::Op.check_texts(
            &self.id.to_string(),
            [
                ("actor".into(), NAME, self.actor.as_str()),
                ("reason".into(), TEXT, self.reason.as_deref().unwrap_or("")),
            ],
        )
    }
}
