//! Undo that survives a restart: my own recent changes, read back from the
//! op log (newest first), and the compensating op that undoes one of them.

use std::collections::HashSet;

use super::error::Conflict;
use super::keys::Tree;
use super::{Result, Store, StoreError};
use crate::domain::{Id, Op};

/// How many ops, from the newest, are read back for my changes: ops of
/// teammates imported since may lie between mine, and a log of a million
/// ops is not read whole for a key press.
const LOOK_BACK: usize = 5_000;

impl Store {
    /// My own recent changes, newest first, at most `limit`: ops of this
    /// laptop recorded under the current name, neither compensating ops nor
    /// already undone. Read from the end of the log, stopping at `limit`
    /// (or after [`LOOK_BACK`] ops); empty while no name is known.
    ///
    /// # Errors
    /// Storage failure or a corrupt op.
    pub fn my_recent_changes(&self, limit: usize) -> Result<Vec<Op>> {
        let Some(actor) = self.actor() else {
            return Ok(Vec::new());
        };
        let mut undone: HashSet<Id> = HashSet::new();
        let mut mine = Vec::new();
        for kv in self.tree(Tree::Ops).iter().rev().take(LOOK_BACK) {
            if mine.len() >= limit {
                break;
            }
            let (_, v) = kv.map_err(|e| self.err(e))?;
            let op: Op = self.decode(Tree::Ops, &v)?;
            // An undo comes after the op it undoes: seen first from the end.
            // An undo that was itself undone (a redo) undoes nothing.
            if let Some(id) = op.undoes {
                if !undone.contains(&op.id) {
                    undone.insert(id);
                }
            } else if op.device == self.device() && op.actor == actor && !undone.contains(&op.id) {
                mine.push(op);
            }
        }
        Ok(mine)
    }

    /// Undo an op with a compensating op (itself recorded in the log, with
    /// `undoes` naming `op`); undoing an undo does the change again.
    ///
    /// # Errors
    /// The target changed since (the undo would overwrite later work), or
    /// the change is no longer allowed (its visit has concluded since).
    pub fn undo(&self, op: &Op) -> Result<Op> {
        let mut undo = self.new_op(op.change.inverse(), None)?;
        undo.undoes = Some(op.id);
        match self.apply(&undo) {
            Ok(()) => Ok(undo),
            Err(StoreError::Conflict(
                Conflict::Changed(what) | Conflict::Gone(what) | Conflict::Exists(what),
            )) => Err(StoreError::UndoOutdated(what)),
            Err(e) => Err(e),
        }
    }
}

/// What the last import brought from other laptops: the ops it applied,
/// and from which files (so it can be reverted as a whole).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct LastImport {
    pub at: chrono::DateTime<chrono::Utc>,
    pub files: Vec<String>,
    pub ops: Vec<crate::domain::Id>,
}

const META_LAST_IMPORT: &[u8] = b"last_import";

impl Store {
    /// Remember what an import just applied (replacing the one before).
    ///
    /// # Errors
    /// Storage failure.
    pub fn note_import(&self, last: &LastImport) -> Result<()> {
        let bytes = serde_json::to_vec(last).map_err(|_| {
            StoreError::Invalid(super::error::Invalid::MalformedMeta("last_import"))
        })?;
        self.tree(super::keys::Tree::Meta)
            .insert(META_LAST_IMPORT, bytes)
            .map_err(|e| self.err(e))?;
        self.sync()
    }

    /// What the last import applied, if it is still to be reverted.
    ///
    /// # Errors
    /// Storage failure or a malformed record.
    pub fn last_import(&self) -> Result<Option<LastImport>> {
        match self
            .tree(super::keys::Tree::Meta)
            .get(META_LAST_IMPORT)
            .map_err(|e| self.err(e))?
        {
            None => Ok(None),
            Some(v) => serde_json::from_slice(&v).map(Some).map_err(|_| {
                StoreError::Invalid(super::error::Invalid::MalformedMeta("last_import"))
            }),
        }
    }

    /// Revert the last import as a whole: for every op it brought, a
    /// compensating op of this laptop's (`undoes` naming it), in one
    /// write. A finding goes back to what its other ops add up to (its
    /// conflicts with the import's ops close with them); anything else to
    /// the value it had before, which must still be what the import left
    /// (else nothing is written). Importing the same files again changes
    /// nothing: their ops are in the log. Returns the ops written.
    ///
    /// # Errors
    /// No import to revert, a record changed since, a rule the reverted
    /// state breaks, or storage failure: nothing is written.
    pub fn revert_last_import(&self) -> Result<Vec<Op>> {
        use std::collections::{HashMap, HashSet};

        use crate::domain::{Change, Finding, Target};

        let Some(last) = self.last_import()? else {
            return Err(StoreError::NothingToRevert);
        };
        let brought: HashSet<crate::domain::Id> = last.ops.iter().copied().collect();
        let mut ops = Vec::new();
        for id in &last.ops {
            if let Some(op) = self.op_by_id(*id)?
                && !op.merge
            {
                ops.push(op);
            }
        }
        ops.sort_by_key(|o| (o.at, o.id));
        let reason = Some(crate::i18n::Msg::RevertReason.fill(&[&last.files.join(", ")]));
        let mut out: Vec<Op> = Vec::new();
        // Findings: replayed without the import's ops.
        let mut findings: Vec<crate::domain::Id> = Vec::new();
        let mut by_finding: HashMap<crate::domain::Id, Vec<&Op>> = HashMap::new();
        let mut others: Vec<&Op> = Vec::new();
        for op in &ops {
            let fid = match &op.target {
                Target::Finding(f) => Some(*f),
                Target::Conflict(t) => match t.as_ref() {
                    Target::Finding(f) => Some(*f),
                    _ => None,
                },
                _ => None,
            };
            match fid {
                Some(f) => {
                    if !by_finding.contains_key(&f) {
                        findings.push(f);
                    }
                    by_finding.entry(f).or_default().push(op);
                }
                None => others.push(op),
            }
        }
        for f in findings {
            let all = self.finding_ops(f)?;
            let kept: Vec<Op> = all
                .into_iter()
                .filter(|o| !brought.contains(&o.id))
                .collect();
            let without = crate::domain::conflict::replay(&kept).value;
            let current: Option<Finding> = self.finding(f)?;
            let mut state = current.clone();
            for op in &by_finding[&f] {
                let change = match &op.change {
                    Change::Settle(s) => Change::Settle(Box::new(crate::domain::Settle {
                        reopen: !s.reopen,
                        ..(**s).clone()
                    })),
                    _ => match (state.clone(), without.clone()) {
                        (Some(a), Some(b)) => Change::update(a, b),
                        (None, Some(b)) => Change::create(b),
                        (Some(a), None) => Change::delete(a),
                        (None, None) => continue,
                    },
                };
                if matches!(change, Change::Finding { .. }) {
                    state.clone_from(&without);
                }
                let mut undo = self.new_op(change, reason.clone())?;
                undo.undoes = Some(op.id);
                out.push(undo);
            }
        }
        // The rest: each op's inverse, newest first.
        for op in others.iter().rev() {
            let mut undo = self.new_op(op.change.inverse(), reason.clone())?;
            undo.undoes = Some(op.id);
            out.push(undo);
        }
        // As history: a finding is replayed without the import's ops, and
        // the workflow rules of the moment were the importing laptop's.
        match self.apply_all_under(&out, |_| super::Rules::History) {
            Ok(_) => {}
            Err(StoreError::Conflict(
                Conflict::Changed(what) | Conflict::Gone(what) | Conflict::Exists(what),
            )) => return Err(StoreError::UndoOutdated(what)),
            Err(e) => return Err(e),
        }
        self.tree(super::keys::Tree::Meta)
            .remove(META_LAST_IMPORT)
            .map_err(|e| self.err(e))?;
        self.sync()?;
        Ok(out)
    }

    /// A finding's ops, in log order.
    ///
    /// # Errors
    /// Storage failure.
    pub fn finding_ops(&self, id: crate::domain::Id) -> Result<Vec<Op>> {
        let list = self
            .tree(super::keys::Tree::FindingHeads)
            .get(id.as_bytes())
            .map_err(|e| self.err(e))?
            .map(|v| v.to_vec())
            .unwrap_or_default();
        let mut out = Vec::new();
        for k in list.chunks(super::keys::OP_KEY) {
            if let Some(v) = self
                .tree(super::keys::Tree::Ops)
                .get(k)
                .map_err(|e| self.err(e))?
            {
                out.push(self.decode(super::keys::Tree::Ops, &v)?);
            }
        }
        Ok(out)
    }
}
