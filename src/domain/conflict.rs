//! Conflicts: one field of a record changed to different values on two
//! laptops, or changed on one and deleted on the other. Nothing is chosen
//! silently: both values are kept here, with who made each and when, and
//! until people settle it every laptop shows the same provisional value —
//! the side whose op comes later in the log. Settling is an op
//! ([`super::Settle`]) that travels like any other, so the conflict closes
//! on every laptop that takes it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::finding::merge::{Prefer, provisional};
use super::{Answer, Finding, Id, RuleError, Target};

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
        match (&chosen, current) {
            (Some(Value::Unit(c)), Some(Value::Unit(n))) => {
                return Ok(Some(Value::Unit(Box::new(take_fields(n, c, &self.fields)))));
            }
            (Some(Value::Visit(c)), Some(Value::Visit(n))) => {
                return Ok(Some(Value::Visit(Box::new(take_fields(
                    n,
                    c,
                    &self.fields,
                )))));
            }
            (Some(Value::Report(c)), Some(Value::Report(n))) => {
                return Ok(Some(Value::Report(Box::new(take_fields(
                    n,
                    c,
                    &self.fields,
                )))));
            }
            _ => {}
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
            match f.as_str() {
                "title" => value.title.clone_from(&chosen.title),
                "detail" => value.detail.clone_from(&chosen.detail),
                "cause" => value.cause.clone_from(&chosen.cause),
                "remedy" => value.remedy.clone_from(&chosen.remedy),
                "responsibility" => value.responsibility.clone_from(&chosen.responsibility),
                "severity" => value.severity = chosen.severity,
                "item" => value.item.clone_from(&chosen.item),
                "origin" => value.origin.clone_from(&chosen.origin),
                _ => {}
            }
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
    macro_rules! differ {
        ($($f:ident),*) => {{
            let mut out = Vec::new();
            $(if a.$f != b.$f { out.push(stringify!($f)); })*
            out
        }};
    }
    let out = differ!(
        reference,
        unit,
        visit,
        item,
        title,
        detail,
        cause,
        responsibility,
        remedy,
        severity,
        created,
        origin,
        status,
        due
    );
    debug_assert!(out.iter().all(|f| FIELDS.contains(f)));
    out
}

/// Replay a finding's ops (its changes and the settlements of its
/// conflicts), in log order: an op made on what is held applies as it is;
/// one made on an earlier state merges field by field
/// ([`super::finding::merge`]), the later op's value standing in where
/// both changed a field two ways — and that clash is a conflict between
/// the op that last set the field and this one. The same ops give the
/// same value and the same conflicts on every laptop, whatever order
/// they arrived in. Merge records (`Op::merge`) say what a laptop made of
/// the same ops and are not replayed; an op undone in the same log is
/// skipped with its undo.
#[must_use]
pub fn replay(ops: &[super::Op]) -> Replayed {
    use std::collections::{HashMap, HashSet};

    use super::Change;

    let present: HashSet<Id> = ops.iter().map(|o| o.id).collect();
    let undone: HashSet<Id> = ops
        .iter()
        .filter_map(|o| o.undoes)
        .filter(|id| present.contains(id))
        .collect();
    let mut state: Option<Finding> = None;
    // The op that last set each field.
    let mut set_by: HashMap<&'static str, &super::Op> = HashMap::new();
    let mut last: Option<&super::Op> = None;
    let mut conflicts: Vec<Conflict> = Vec::new();
    let side = |op: &super::Op, value: Option<&Finding>| Side {
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
                        target: super::Target::Finding(subject.id),
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

/// Three-way merge of any record field by field (its fields as JSON): a
/// field changed on one side takes that side's value; one changed two ways
/// takes the greater of the two values (an order every laptop shares), and
/// is named. `base` none: both created it.
#[must_use]
pub fn merge_fields<T>(base: Option<&T>, mine: &T, theirs: &T) -> (T, Vec<String>)
where
    T: serde::Serialize + serde::de::DeserializeOwned + Clone,
{
    use serde_json::Value as J;
    let as_map = |v: Option<&T>| match v.map(serde_json::to_value) {
        Some(Ok(J::Object(m))) => m,
        _ => serde_json::Map::new(),
    };
    let (b, m, t) = (as_map(base), as_map(Some(mine)), as_map(Some(theirs)));
    let mut out = m.clone();
    let mut clash = Vec::new();
    for (k, tv) in &t {
        let mv = m.get(k);
        let bv = b.get(k);
        if mv == Some(tv) {
            continue;
        }
        if mv == bv {
            out.insert(k.clone(), tv.clone());
        } else if bv != Some(tv) {
            clash.push(k.clone());
            let mine_s = mv.map(J::to_string).unwrap_or_default();
            let theirs_s = tv.to_string();
            if theirs_s > mine_s {
                out.insert(k.clone(), tv.clone());
            }
        }
    }
    match serde_json::from_value(J::Object(out)) {
        Ok(v) => (v, clash),
        Err(_) => (mine.clone(), clash),
    }
}

/// `current` with the `fields` of `chosen`.
fn take_fields<T>(current: &T, chosen: &T, fields: &[String]) -> T
where
    T: serde::Serialize + serde::de::DeserializeOwned + Clone,
{
    use serde_json::Value as J;
    let (Ok(J::Object(mut c)), Ok(J::Object(ch))) =
        (serde_json::to_value(current), serde_json::to_value(chosen))
    else {
        return chosen.clone();
    };
    for f in fields {
        if let Some(v) = ch.get(f) {
            c.insert(f.clone(), v.clone());
        }
    }
    serde_json::from_value(J::Object(c)).unwrap_or_else(|_| chosen.clone())
}
