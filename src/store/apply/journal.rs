//! Large batches (an import) in chunks: a sled transaction keeps every
//! version of a page it replaces until it commits, so one transaction of a
//! large import would hold gigabytes. Each chunk records what it overwrote
//! in a journal in `Meta`, in its own transaction, so that a refused op or
//! a crash part way puts everything back: an import stays all or nothing.

use std::collections::HashSet;

use sled::Transactional;
use sled::transaction::TransactionError;

use super::{Rules, abort};
use crate::domain::{Id, Op};
use crate::store::error::Invalid;
use crate::store::keys::Tree;
use crate::store::{Result, Store, StoreError};

impl Store {
    /// Many ops, in transactions of [`CHUNK`]: a sled transaction keeps
    /// every version of a page it replaces until it commits, so one
    /// transaction of a large import holds gigabytes. All or nothing still:
    /// each chunk records, in the same transaction, what it overwrote (see
    /// [`Step`]); an op refused in a later chunk puts back what earlier ones
    /// wrote, and so does the next [`Store::open`] after a crash.
    pub(super) fn apply_chunked(
        &self,
        ops: &[Op],
        rules: &dyn Fn(&Op) -> Rules,
        max_at: i64,
        generation: &[u8; 16],

        undone: &HashSet<Id>,
    ) -> Result<super::Applied> {
        // What a journal left by an earlier import says is stale: it must
        // not be taken for what this one overwrote.
        self.clear_journal()?;
        // Into a database with no records (a restore from an export), what
        // the chunks wrote is undone by emptying the trees again: only
        // `Meta` needs its keys recorded.
        let fresh = Tree::ALL
            .iter()
            .filter(|t| **t != Tree::Meta)
            .all(|t| self.tree(*t).is_empty());
        let chunks = ops.len().div_ceil(CHUNK);
        let mut applied = super::Applied::default();
        for (i, chunk) in ops.chunks(CHUNK).enumerate() {
            let step = Step {
                chunk: u32::try_from(i).unwrap_or(u32::MAX),
                last: i + 1 == chunks,
                fresh,
            };
            match self.transact(chunk, rules, max_at, generation, Some(step), undone) {
                Ok(n) => applied += n,
                Err(e) => {
                    if i > 0 {
                        self.roll_back()?;
                    }
                    return Err(e);
                }
            }
        }
        Ok(applied)
    }

    /// An import was left unfinished (refused part way, or the process
    /// died): put back what its chunks overwrote, from the journal, last
    /// chunk first, then forget it. Each transaction restores some keys of
    /// one chunk and drops their journal entries, so an interrupted
    /// roll-back resumes where it was.
    ///
    /// # Errors
    /// The disk fails, or the journal is damaged.
    pub(crate) fn roll_back(&self) -> Result<()> {
        let meta = self.tree(Tree::Meta);
        let mark = meta.get(META_IMPORT).map_err(|e| self.err(e))?;
        if mark.is_some_and(|m| m.as_ref() == [FRESH]) {
            for t in Tree::ALL.iter().filter(|t| **t != Tree::Meta) {
                self.tree(*t).clear().map_err(|e| self.err(e))?;
            }
        }
        loop {
            let last = meta
                .scan_prefix(JOURNAL)
                .keys()
                .next_back()
                .transpose()
                .map_err(|e| self.err(e))?;
            let Some(last) = last else { break };
            let Some(chunk) = last.get(..JOURNAL.len() + 4) else {
                return Err(StoreError::Invalid(Invalid::MalformedMeta("journal")));
            };
            let batch = meta
                .scan_prefix(chunk)
                .take(CHUNK)
                .collect::<std::result::Result<Vec<_>, _>>()
                .map_err(|e| self.err(e))?;
            if batch.is_empty() {
                break;
            }
            let outcome = self.trees.as_slice().transaction(|trees| {
                for (jkey, before) in &batch {
                    let Some((tree, key)) = journal_entry(jkey) else {
                        return abort(StoreError::Invalid(Invalid::MalformedMeta("journal")));
                    };
                    match before.split_first() {
                        Some((1, value)) => {
                            trees[tree.index()].insert(key, value)?;
                        }
                        _ => {
                            trees[tree.index()].remove(key)?;
                        }
                    }
                    trees[Tree::Meta.index()].remove(jkey)?;
                }
                Ok(())
            });
            match outcome {
                Ok(()) => {}
                Err(TransactionError::Abort(e)) => return Err(self.noted(e)),
                Err(TransactionError::Storage(e)) => return Err(self.err(e)),
            }
        }
        meta.remove(META_IMPORT).map_err(|e| self.err(e))?;
        self.sync()
    }

    /// The journal of a finished import (or a stale one): removed a key at
    /// a time, outside any transaction; without [`META_IMPORT`] nothing
    /// reads it.
    pub(super) fn clear_journal(&self) -> Result<()> {
        let meta = self.tree(Tree::Meta);
        for entry in meta.scan_prefix(JOURNAL).keys() {
            let key = entry.map_err(|e| self.err(e))?;
            meta.remove(key).map_err(|e| self.err(e))?;
        }
        Ok(())
    }

    /// At open: an import the process did not finish is undone; the journal
    /// of one it finished is cleared.
    ///
    /// # Errors
    /// The disk fails, or the journal is damaged.
    pub(crate) fn finish_import(&self) -> Result<()> {
        let meta = self.tree(Tree::Meta);
        if meta.get(META_IMPORT).map_err(|e| self.err(e))?.is_some() {
            self.roll_back()
        } else if meta
            .scan_prefix(JOURNAL)
            .next()
            .transpose()
            .map_err(|e| self.err(e))?
            .is_some()
        {
            self.clear_journal()?;
            self.sync()
        } else {
            Ok(())
        }
    }
}

/// Ops applied in one transaction at most (see [`Store::apply_chunked`]).
pub(crate) const CHUNK: usize = 1_000;

/// In `Meta` while a chunked import is under way: its chunks are undone
/// at the next open unless the last one committed. The value says how:
/// [`JOURNALED`] or [`FRESH`].
pub(super) const META_IMPORT: &[u8] = b"import";
/// Every key the import wrote is in the journal.
pub(super) const JOURNALED: u8 = 1;
/// The database had no records: every tree but `Meta` is emptied, and
/// `Meta`'s keys are in the journal.
pub(super) const FRESH: u8 = 2;

/// In `Meta`: `journal/` ‖ chunk (u32, big-endian) ‖ tree index ‖ key →
/// what the key held before that chunk of the import under way first
/// wrote it (`0`: nothing; `1` ‖ value). Put back last chunk first, the
/// keys end as they were before the import.
pub(super) const JOURNAL: &[u8] = b"journal/";

/// Which chunk of a chunked import a transaction is.
#[derive(Debug, Clone, Copy)]
pub(super) struct Step {
    pub(super) chunk: u32,
    pub(super) last: bool,
    /// The database had no records when the import began.
    pub(super) fresh: bool,
}

pub(super) fn journal_key(chunk: u32, t: Tree, key: &[u8]) -> Vec<u8> {
    let mut k = Vec::with_capacity(JOURNAL.len() + 5 + key.len());
    k.extend_from_slice(JOURNAL);
    k.extend_from_slice(&chunk.to_be_bytes());
    k.push(u8::try_from(t.index()).unwrap_or(u8::MAX));
    k.extend_from_slice(key);
    k
}

fn journal_entry(jkey: &[u8]) -> Option<(Tree, &[u8])> {
    let rest = jkey.strip_prefix(JOURNAL)?.get(4..)?;
    let (index, key) = rest.split_first()?;
    let tree = *Tree::ALL.get(usize::from(*index))?;
    Some((tree, key))
}
