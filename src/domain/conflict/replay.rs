//! A finding's ops replayed in log order: the value they add up to and
//! the conflicts among them, the same on every laptop.

use super::{Conflict, Settled, Side, Value};
use crate::domain::finding::merge::{Prefer, plain_fields, provisional};
use crate::domain::{Finding, Id};

/// What the ops of one finding add up to, replayed in log order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replayed {
    pub value: Option<Finding>,
    pub conflicts: Vec<Conflict>,
}

/// The fields a person can change, each compared on its own (status and
/// deadline move through the history).
const FIELDS: [&str; 14] = [
    "reference",
    "unit",
    "visit",
    "item",
    "title",
    "detail",
    "cause",
    "responsibility",
    "remedy",
    "severity",
    "created",
    "origin",
    "status",
    "due",
];

/// The fields in which `a` and `b` differ.
#[must_use]
pub fn changed_fields(a: &Finding, b: &Finding) -> Vec<&'static str> {
    let mut out = Vec::new();
    macro_rules! differ {
        ($($f:ident),*) => {
            $(if a.$f != b.$f { out.push(stringify!($f)); })*
        };
    }
    plain_fields!(differ);
    differ!(status, due);
    debug_assert!(out.iter().all(|f| FIELDS.contains(f)));
    out
}

/// Replay a finding's ops (its changes and the settlements of its
/// conflicts), in log order: an op made on what is held applies as it is;
/// one made on an earlier state merges field by field
/// ([`crate::domain::finding::merge`]), the later op's value standing in where
/// both changed a field two ways — and that clash is a conflict between
/// the op that last set the field and this one. The same ops give the
/// same value and the same conflicts on every laptop, whatever order
/// they arrived in. Merge records (`Op::merge`) say what a laptop made of
/// the same ops and are not replayed; an op undone in the same log is
/// skipped with its undo.
#[must_use]
pub fn replay(ops: &[crate::domain::Op]) -> Replayed {
    use std::collections::{HashMap, HashSet};

    use crate::domain::Change;

    let present: HashSet<Id> = ops.iter().map(|o| o.id).collect();
    let undone: HashSet<Id> = ops
        .iter()
        .filter_map(|o| o.undoes)
        .filter(|id| present.contains(id))
        .collect();
    let mut state: Option<Finding> = None;
    // The op that last set each field.
    let mut set_by: HashMap<&'static str, &crate::domain::Op> = HashMap::new();
    let mut last: Option<&crate::domain::Op> = None;
    let mut conflicts: Vec<Conflict> = Vec::new();
    let side = |op: &crate::domain::Op, value: Option<&Finding>| Side {
        op: op.id,
        at: op.at,
        actor: op.actor.clone(),
        device: op.device,
        value: value.map(|f| Value::Finding(Box::new(f.clone()))),
    };
    for op in ops {
        if op.merge || undone.contains(&op.id) || op.undoes.is_some_and(|u| undone.contains(&u)) {
            continue;
        }
        let (old, new) = match &op.change {
            Change::Settle(s) => {
                if let Some(c) = conflicts.iter_mut().find(|c| c.id == s.conflict) {
                    c.settled = (!s.reopen).then(|| Settled {
                        op: op.id,
                        at: op.at,
                        actor: op.actor.clone(),
                    });
                }
                continue;
            }
            Change::Finding { old, new } => (old.as_deref(), new.as_deref()),
            _ => continue,
        };
        let before = state.clone();
        let mut clash: Vec<String> = Vec::new();
        if state.as_ref() == old || state.as_ref() == new {
            state = new.cloned();
        } else {
            match (old, before.as_ref(), new) {
                (Some(b), Some(m), Some(t)) => {
                    let (v, fields) = provisional(b, m, t, Prefer::Theirs);
                    clash = fields.iter().map(|f| (*f).to_owned()).collect();
                    state = Some(v);
                }
                // Deleted here, changed there (or the reverse): the change
                // stands, nothing is lost.
                (_, None, Some(t)) => {
                    clash.push("deleted".into());
                    state = Some(t.clone());
                }
                (_, Some(_), None) => clash.push("deleted".into()),
                (None, Some(m), Some(t)) => {
                    clash.extend(changed_fields(m, t).iter().map(|f| (*f).to_owned()));
                    state = Some(t.clone());
                }
                (_, None, None) => {}
            }
        }
        if !clash.is_empty()
            && let Some(subject) = state.as_ref().or(before.as_ref())
        {
            // The earlier side: the op that last set the first clashing field.
            let key = clash
                .iter()
                .find_map(|f| FIELDS.iter().find(|x| **x == f.as_str()))
                .copied()
                .unwrap_or("status");
            if let Some(mine) = set_by.get(key).copied().or(last) {
                let sides = [side(mine, before.as_ref()), side(op, new)];
                if !conflicts.iter().any(|c| c.id == op.id) {
                    conflicts.push(Conflict {
                        id: op.id,
                        target: crate::domain::Target::Finding(subject.id),
                        visit: subject.visit,
                        subject: subject.reference.clone(),
                        fields: clash,
                        base: old.map(|b| Value::Finding(Box::new(b.clone()))),
                        sides,
                        settled: None,
                    });
                }
            }
        }
        match (&before, &state) {
            (Some(a), Some(b)) => {
                for f in changed_fields(a, b) {
                    set_by.insert(f, op);
                }
            }
            _ => {
                for f in FIELDS {
                    set_by.insert(f, op);
                }
            }
        }
        last = Some(op);
    }
    Replayed {
        value: state,
        conflicts,
    }
}
