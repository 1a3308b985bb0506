//! Schema 2's record types that schema 3 changed, frozen as they were
//! encoded, and their conversion to schema 3: checklist items gained the
//! sectors they apply to (none: every unit), findings their origin (found
//! during a visit, for every finding recorded before), and ops the report
//! variants (appended, so schema 2's ops read as they are).
//!
//! The severities kept their places (Nhẹ, Trung bình, Nghiêm trọng became
//! Hạn chế, Khuyết điểm, Có dấu hiệu vi phạm) and the history events gained
//! a variant at the end, so both read unchanged; units, visits and answers
//! encode the same.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::{
    self, Answer, FindingStatus, FollowUp, Id, Origin, Responsibility, Severity, Unit, Visit,
};

/// A checklist item of schema 2: for every sector.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    pub code: String,
    pub text: String,
    pub evidence: String,
    pub critical: bool,
}

/// A section of schema 2.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    pub code: String,
    pub title: String,
    pub items: Vec<Item>,
}

/// A template of schema 2.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Template {
    pub id: Id,
    pub code: String,
    pub version: u32,
    pub title: String,
    pub legal_bases: Vec<String>,
    pub sections: Vec<Section>,
}

/// A finding of schema 2: no origin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub id: Id,
    pub reference: String,
    pub unit: Id,
    pub visit: Id,
    pub item: Option<String>,
    pub title: String,
    pub detail: String,
    pub cause: String,
    pub responsibility: Responsibility,
    pub remedy: String,
    pub severity: Severity,
    pub due: NaiveDate,
    pub status: FindingStatus,
    pub created: NaiveDate,
    pub history: Vec<FollowUp>,
}

/// A change of schema 2.
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
}

/// An op of schema 2. Its target reads as today's: schema 3 only appended
/// a variant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Op {
    pub id: Id,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub device: Id,
    pub target: domain::Target,
    pub change: Change,
    pub reason: Option<String>,
    pub undoes: Option<Id>,
}

impl From<Item> for domain::Item {
    fn from(i: Item) -> Self {
        domain::Item {
            code: i.code,
            text: i.text,
            evidence: i.evidence,
            critical: i.critical,
            sectors: Vec::new(),
        }
    }
}

impl From<Template> for domain::Template {
    fn from(t: Template) -> Self {
        domain::Template {
            id: t.id,
            code: t.code,
            version: t.version,
            title: t.title,
            legal_bases: t.legal_bases,
            sections: t
                .sections
                .into_iter()
                .map(|s| domain::Section {
                    code: s.code,
                    title: s.title,
                    items: s.items.into_iter().map(Into::into).collect(),
                })
                .collect(),
        }
    }
}

impl From<Finding> for domain::Finding {
    fn from(f: Finding) -> Self {
        domain::Finding {
            id: f.id,
            reference: f.reference,
            unit: f.unit,
            visit: f.visit,
            item: f.item,
            title: f.title,
            detail: f.detail,
            cause: f.cause,
            responsibility: f.responsibility,
            remedy: f.remedy,
            severity: f.severity,
            due: f.due,
            status: f.status,
            created: f.created,
            history: f.history,
            origin: Origin::Visit,
        }
    }
}

fn boxed<A, B: From<A>>(x: Option<Box<A>>) -> Option<Box<B>> {
    x.map(|a| Box::new(B::from(*a)))
}

impl From<Change> for domain::Change {
    fn from(c: Change) -> Self {
        match c {
            Change::Unit { old, new } => domain::Change::Unit { old, new },
            Change::Template { old, new } => domain::Change::Template {
                old: boxed(old),
                new: boxed(new),
            },
            Change::Visit { old, new } => domain::Change::Visit { old, new },
            Change::Answer { old, new } => domain::Change::Answer { old, new },
            Change::Finding { old, new } => domain::Change::Finding {
                old: boxed(old),
                new: boxed(new),
            },
        }
    }
}

impl From<Op> for domain::Op {
    fn from(o: Op) -> Self {
        domain::Op {
            id: o.id,
            at: o.at,
            actor: o.actor,
            device: o.device,
            target: o.target,
            change: o.change.into(),
            reason: o.reason,
            undoes: o.undoes,
            merge: false,
            seq: 0,
            base: None,
        }
    }
}
