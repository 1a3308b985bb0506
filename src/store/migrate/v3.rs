//! Schema 3's op, frozen as it was encoded, and its conversion to schema 4:
//! ops gained this laptop's count of its own ops (`seq`, 0 for those made
//! before counts were kept) and the op they were made on (`base`, unknown
//! for those). Schema 4 also appended the settlement of a conflict to the
//! changes, so schema 3's changes read as they are; every other record
//! encodes the same.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::domain::{self, Change, Id, Target};

/// An op of schema 3.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Op {
    pub id: Id,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub device: Id,
    pub target: Target,
    pub change: Change,
    pub reason: Option<String>,
    pub undoes: Option<Id>,
    pub merge: bool,
}

impl From<Op> for domain::Op {
    fn from(o: Op) -> Self {
        domain::Op {
            id: o.id,
            at: o.at,
            actor: o.actor,
            device: o.device,
            target: o.target,
            change: o.change,
            reason: o.reason,
            undoes: o.undoes,
            merge: o.merge,
            seq: 0,
            base: None,
        }
    }
}

impl From<domain::Op> for Op {
    fn from(o: domain::Op) -> Self {
        Op {
            id: o.id,
            at: o.at,
            actor: o.actor,
            device: o.device,
            target: o.target,
            change: o.change,
            reason: o.reason,
            undoes: o.undoes,
            merge: o.merge,
        }
    }
}

impl From<super::v2::Op> for Op {
    fn from(o: super::v2::Op) -> Self {
        domain::Op::from(o).into()
    }
}
