//! Schema 1's record types, frozen as they were encoded, and their
//! conversion to schema 2: units gained `successor`; visits renamed
//! `doc_number` to `plan_no` and gained `decision_no` and `assignments`;
//! ops gained `undoes`, which schema 1 wrote in the reason as `undo <id>`.
//!
//! The other types inside these records encode the same in schemas 1 and
//! 2: templates and findings as schema 2 froze them (`v2`), answers and
//! the enumerations as the domain's. Schema-1 records become schema-2
//! records here, and `v2` takes them on from there.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::v2::{self, Finding, Template};
use crate::domain::{self, Answer, Id, Sector, UnitKind, VisitKind, VisitStatus};

/// A unit of schema 1: no successor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unit {
    pub id: Id,
    pub code: String,
    pub name: String,
    pub kind: UnitKind,
    pub sector: Sector,
    pub parent: Option<Id>,
    pub secretary: String,
    pub members: u32,
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
}

/// Team roles of schema 1 (phó trưởng đoàn came later, appended).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TeamRole {
    Lead,
    Member,
    Secretary,
}

/// A team member of schema 1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamMember {
    pub name: String,
    pub role: TeamRole,
}

/// A visit of schema 1: one document number, no decision, no assignments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Visit {
    pub id: Id,
    pub code: String,
    pub doc_number: String,
    pub title: String,
    pub kind: VisitKind,
    pub template: Id,
    pub issuer: String,
    pub place: String,
    pub team: Vec<TeamMember>,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub units: Vec<Id>,
    pub status: VisitStatus,
}

/// What an op of schema 1 targets.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Target {
    Unit(Id),
    Template(Id),
    Visit(Id),
    Answer { visit: Id, unit: Id, item: String },
    Finding(Id),
}

/// A change of schema 1.
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

/// An op of schema 1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Op {
    pub id: Id,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub device: Id,
    pub target: Target,
    pub change: Change,
    pub reason: Option<String>,
}

impl From<Unit> for domain::Unit {
    fn from(u: Unit) -> Self {
        domain::Unit {
            id: u.id,
            code: u.code,
            name: u.name,
            kind: u.kind,
            sector: u.sector,
            parent: u.parent,
            secretary: u.secretary,
            members: u.members,
            valid_from: u.valid_from,
            valid_to: u.valid_to,
            successor: None,
        }
    }
}

impl From<TeamRole> for domain::TeamRole {
    fn from(r: TeamRole) -> Self {
        match r {
            TeamRole::Lead => domain::TeamRole::Lead,
            TeamRole::Member => domain::TeamRole::Member,
            TeamRole::Secretary => domain::TeamRole::Secretary,
        }
    }
}

impl From<Visit> for domain::Visit {
    fn from(v: Visit) -> Self {
        domain::Visit {
            id: v.id,
            code: v.code,
            plan_no: v.doc_number,
            decision_no: String::new(),
            title: v.title,
            kind: v.kind,
            template: v.template,
            issuer: v.issuer,
            place: v.place,
            team: v
                .team
                .into_iter()
                .map(|m| domain::TeamMember {
                    name: m.name,
                    role: m.role.into(),
                })
                .collect(),
            start: v.start,
            end: v.end,
            units: v.units,
            status: v.status,
            assignments: Vec::new(),
        }
    }
}

impl From<Target> for domain::Target {
    fn from(t: Target) -> Self {
        match t {
            Target::Unit(id) => domain::Target::Unit(id),
            Target::Template(id) => domain::Target::Template(id),
            Target::Visit(id) => domain::Target::Visit(id),
            Target::Answer { visit, unit, item } => domain::Target::Answer { visit, unit, item },
            Target::Finding(id) => domain::Target::Finding(id),
        }
    }
}

fn boxed<A, B: From<A>>(x: Option<Box<A>>) -> Option<Box<B>> {
    x.map(|a| Box::new(B::from(*a)))
}

impl From<Change> for v2::Change {
    fn from(c: Change) -> Self {
        match c {
            Change::Unit { old, new } => v2::Change::Unit {
                old: boxed(old),
                new: boxed(new),
            },
            Change::Template { old, new } => v2::Change::Template { old, new },
            Change::Visit { old, new } => v2::Change::Visit {
                old: boxed(old),
                new: boxed(new),
            },
            Change::Answer { old, new } => v2::Change::Answer { old, new },
            Change::Finding { old, new } => v2::Change::Finding { old, new },
        }
    }
}

impl From<Op> for v2::Op {
    fn from(o: Op) -> Self {
        let (reason, undoes) = split_undo(o.reason, None);
        v2::Op {
            id: o.id,
            at: o.at,
            actor: o.actor,
            device: o.device,
            target: o.target.into(),
            change: o.change.into(),
            reason,
            undoes,
        }
    }
}

/// Schema 1 named the op a compensating op undoes in its reason, as
/// `undo <id>`: move it to `undoes`. Ops that already say are left alone.
pub fn undo_from_reason(op: &mut domain::Op) {
    let (reason, undoes) = split_undo(op.reason.take(), op.undoes);
    op.reason = reason;
    op.undoes = undoes;
}

/// The reason and the undone op of an op whose reason may say `undo <id>`.
fn split_undo(reason: Option<String>, undoes: Option<Id>) -> (Option<String>, Option<Id>) {
    if undoes.is_some() {
        return (reason, undoes);
    }
    let undone = reason
        .as_deref()
        .and_then(|r| r.strip_prefix("undo "))
        .and_then(|id| Id::parse_str(id.trim()).ok());
    match undone {
        Some(id) => (None, Some(id)),
        None => (reason, None),
    }
}
