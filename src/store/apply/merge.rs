//! Merging a finding changed on two laptops inside the write path: the
//! field-by-field merge of an imported op with what this laptop holds,
//! each finding's latest op in the log, and the op this laptop records for
//! what a merge made.

use super::{Tx, TxResult, abort};
use crate::domain::{Change, Finding, Op, Target};
use crate::store::error::{Conflict, Invalid, Subject};
use crate::store::keys::{self, Tree};
use crate::store::{Result, Rules, Store, StoreError, codec};

impl Store {
    /// The op this laptop records for a merge made while applying ops up
    /// to `max_at` (`of` the last of them on its target): under this
    /// laptop's name (or, with none known, the name `of` was made under),
    /// after every op of the batch.
    pub(super) fn merge_op(&self, of: &Op, max_at: i64, change: Change) -> Result<Op> {
        let target = change
            .target()
            .ok_or(StoreError::Invalid(Invalid::EmptyChange))?;
        let after =
            chrono::DateTime::from_timestamp_micros(max_at.saturating_add(1)).unwrap_or(of.at);
        let at = self.next_timestamp().max(after);
        Ok(Op {
            id: crate::domain::new_id(),
            at,
            actor: self.actor().unwrap_or_else(|| of.actor.clone()),
            device: self.device,
            target,
            change,
            reason: None,
            undoes: None,
            merge: true,
        })
    }
}

impl Tx<'_> {
    /// Keep the latest op (by its log key) on each finding; whether a
    /// later op than this one was already in the log.
    pub(super) fn head(&self, target: &Target, key: &[u8]) -> TxResult<bool> {
        let Target::Finding(id) = target else {
            return Ok(false);
        };
        let newer = match self.t(Tree::FindingHeads).get(id.as_bytes())? {
            Some(k) => key > k.as_ref(),
            None => true,
        };
        if newer {
            self.set(Tree::FindingHeads, id.as_bytes(), Some(key))?;
        }
        Ok(!newer)
    }

    /// A finding another laptop changed while this one changed it too: the
    /// two merged field by field ([`crate::domain::finding::merge`]), the
    /// merge to record after the op. `None`: no merge needed or possible
    /// here (the usual check then says why).
    pub(super) fn merge_finding(
        &mut self,
        old: &Finding,
        new: &Finding,
    ) -> TxResult<Option<Finding>> {
        if self.rules != Rules::History {
            return Ok(None);
        }
        let Some(current) = self.get::<Finding>(Tree::Findings, new.id.as_bytes())? else {
            return Ok(None);
        };
        if current == *old {
            return Ok(None);
        }
        if current == *new {
            // Already so here: another laptop's merge of the same changes.
            self.merged.entry(Target::Finding(new.id)).or_insert(None);
            return Ok(Some(current));
        }
        match crate::domain::finding::merge::merge(old, &current, new) {
            Ok(merged) => {
                self.merged.entry(Target::Finding(new.id)).or_insert(None);
                Ok(Some(merged))
            }
            // Undone further on in the same log: the clash was settled on
            // the laptop that made it. Recorded, not applied; its undo
            // then merges as a no-op.
            Err(_) if self.op.is_some_and(|id| self.undone.contains(&id)) => {
                self.merged.entry(Target::Finding(new.id)).or_insert(None);
                Ok(Some(current))
            }
            Err(clash) => abort(StoreError::Conflict(Conflict::Fields {
                subject: Subject::Finding(new.reference.clone()),
                fields: clash.0.join(", "),
            })),
        }
    }

    /// After a batch: each finding merged in it whose stored value is not
    /// what the log's latest op on it says gets this laptop's merge op.
    /// Returns how many were written.
    pub(super) fn record_merges(&mut self, store: &Store, max_at: i64) -> TxResult<usize> {
        let mut merges = 0;
        // A finding merged with this laptop's own changes: when what is
        // stored is not what the log's last op on it says, the log
        // records what the merge made, as this laptop's op.
        for (target, last) in std::mem::take(&mut self.merged) {
            let (Target::Finding(id), Some(last)) = (target, last) else {
                continue;
            };
            let Some(stored) = self.get::<Finding>(Tree::Findings, id.as_bytes())? else {
                continue;
            };
            // What the log's latest op on it says (an op applied now may
            // be older than one this laptop made or took before).
            let head: Option<Op> = match self.t(Tree::FindingHeads).get(id.as_bytes())? {
                Some(k) => self.get(Tree::Ops, &k)?,
                None => None,
            };
            let head = head.unwrap_or(last);
            let Change::Finding {
                new: Some(said), ..
            } = &head.change
            else {
                continue;
            };
            if stored == **said {
                continue;
            }
            let change = Change::update((**said).clone(), stored);
            let after = max_at.max(head.at.timestamp_micros());
            let merge = store.merge_op(&head, after, change).or_else(abort)?;
            let key = keys::op_key(merge.at, merge.id);
            let bytes = codec::encode(&merge)
                .map_err(StoreError::Encode)
                .or_else(abort)?;
            self.set(Tree::Ops, &key, Some(bytes.as_slice()))?;
            self.set(Tree::OpIds, merge.id.as_bytes(), Some(key.as_slice()))?;
            self.head(&merge.target, &key)?;
            merges += 1;
        }
        Ok(merges)
    }
}
