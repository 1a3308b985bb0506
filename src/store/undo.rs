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
