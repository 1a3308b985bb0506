//! Merging a finding changed on two laptops inside the write path: the
//! field-by-field merge of an imported op with what this laptop holds,
//! each finding's latest op in the log, and the op this laptop records for
//! what a merge made.

use super::{Rules, Tx, TxResult, abort};
use crate::domain::conflict::{self, Conflict, Settled, Side, Value};
use crate::domain::{Answer, Change, Finding, Op, Settle, Target};
use crate::store::error::Invalid;
use crate::store::keys::{self, Tree};
use crate::store::{Result, Store, StoreError, codec};

impl Store {
    /// The op this laptop records for a merge made while applying ops up
    /// to `max_at` (`of` the last of them on its target): under this
    /// laptop's name (or, with none known, the name `of` was made under),
    /// after every op of the batch.
    pub(super) fn merge_op(
        &self,
        of: &Op,
        max_at: i64,
        change: Change,
        base: Option<crate::domain::Id>,
    ) -> Result<Op> {
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
            seq: self.next_seq(),
            base,
        })
    }
}

impl Tx<'_> {
    /// The log keys of a finding's ops, in log order (see
    /// [`Tree::FindingHeads`]).
    fn op_keys(&self, head: &[u8]) -> TxResult<Vec<u8>> {
        Ok(self
            .t(Tree::FindingHeads)
            .get(head)?
            .map(|v| v.to_vec())
            .unwrap_or_default())
    }

    /// Add `key` to its finding's ops, in log order; whether a later op on
    /// it was already in the log.
    pub(super) fn head(&self, target: &Target, key: &[u8]) -> TxResult<bool> {
        let Some(head) = keys::head_key(target) else {
            return Ok(false);
        };
        let mut list = self.op_keys(&head)?;
        let n = list.len() / keys::OP_KEY;
        let pos = (0..n)
            .find(|i| &list[i * keys::OP_KEY..(i + 1) * keys::OP_KEY] >= key)
            .unwrap_or(n);
        if pos < n && &list[pos * keys::OP_KEY..(pos + 1) * keys::OP_KEY] == key {
            return Ok(pos + 1 < n);
        }
        let at = pos * keys::OP_KEY;
        list.splice(at..at, key.iter().copied());
        self.set(Tree::FindingHeads, &head, Some(list.as_slice()))?;
        Ok(pos < n)
    }

    /// Whether `op` needs its finding's ops replayed rather than applied
    /// as it is: it settles a conflict, or (from another laptop) it was
    /// made on a state this laptop no longer holds, or comes before an op
    /// already here.
    pub(super) fn needs_replay(&self, op: &Op, key: &[u8]) -> TxResult<bool> {
        match &op.change {
            Change::Settle(s) => Ok(matches!(s.target, Target::Finding(_))),
            Change::Finding { old, new } if self.rules == Rules::History => {
                let Some(id) = new.as_deref().or(old.as_deref()).map(|f| f.id) else {
                    return Ok(false);
                };
                // An undo taken or made as history (the revert of an
                // import): what the finding's other ops add up to.
                if op.undoes.is_some() {
                    return Ok(true);
                }
                let list = self.op_keys(id.as_bytes())?;
                if list.len() >= keys::OP_KEY && &list[list.len() - keys::OP_KEY..] > key {
                    return Ok(true);
                }
                let current: Option<Finding> = self.get(Tree::Findings, id.as_bytes())?;
                Ok(current.as_ref() != old.as_deref())
            }
            _ => Ok(false),
        }
    }

    /// Replay a finding's ops (`op`, already in its list, among them) and
    /// put what they add up to in place, with its conflicts
    /// ([`crate::domain::conflict::replay`]).
    pub(super) fn replay(&mut self, op: &Op, key: &[u8]) -> TxResult<()> {
        if op.change.target().as_ref() != Some(&op.target) {
            return abort(StoreError::Invalid(Invalid::TargetMismatch(op.id)));
        }
        op.validate().or_else(|e| abort(StoreError::Rule(e)))?;
        let Some(head) = keys::head_key(&op.target) else {
            return Ok(());
        };
        let Some(id) = keys::id_from(&head) else {
            return Ok(());
        };
        let list = self.op_keys(&head)?;
        let mut ops = Vec::with_capacity(list.len() / keys::OP_KEY);
        for k in list.chunks(keys::OP_KEY) {
            if k == key {
                ops.push(op.clone());
            } else if let Some(o) = self.get::<Op>(Tree::Ops, k)? {
                ops.push(o);
            }
        }
        let replayed = conflict::replay(&ops);
        let current: Option<Finding> = self.get(Tree::Findings, id.as_bytes())?;
        if current != replayed.value {
            self.finding(current.as_ref(), replayed.value.as_ref())?;
        }
        self.merged.entry(Target::Finding(id)).or_insert(None);
        self.put_conflicts(&Target::Finding(id), replayed.conflicts)
    }

    /// Store a record's conflicts, keeping count of those this batch
    /// opened and that are still open (one opened and settled by ops of
    /// the same batch is not counted).
    fn put_conflicts(&mut self, target: &Target, conflicts: Vec<Conflict>) -> TxResult<()> {
        let Some(key) = keys::conflicts_key(target) else {
            return Ok(());
        };
        let before: Vec<Conflict> = self.get(Tree::Conflicts, &key)?.unwrap_or_default();
        for c in &conflicts {
            let was_open = before.iter().any(|b| b.is_open() && b.id == c.id);
            if c.is_open() && !was_open {
                self.opened.insert(c.id);
            } else if !c.is_open() {
                self.opened.remove(&c.id);
            }
        }
        for b in &before {
            if !conflicts.iter().any(|c| c.id == b.id) {
                self.opened.remove(&b.id);
            }
        }
        if conflicts.is_empty() {
            if !before.is_empty() {
                self.set(Tree::Conflicts, &key, None)?;
            }
            Ok(())
        } else {
            self.put(Tree::Conflicts, &key, &conflicts)
        }
    }

    /// Add `conflict` to its record's, unless one of the same id is there.
    fn open_conflict(&mut self, conflict: Conflict) -> TxResult<()> {
        let key = keys::conflicts_key(&conflict.target).unwrap_or_default();
        let mut conflicts: Vec<Conflict> = self.get(Tree::Conflicts, &key)?.unwrap_or_default();
        if conflicts.iter().any(|c| c.id == conflict.id) {
            return Ok(());
        }
        let target = conflict.target.clone();
        conflicts.push(conflict);
        self.put_conflicts(&target, conflicts)
    }

    /// An answer changed here and, apart, on another laptop: the later
    /// answer (by when it was given, then by who, then by value) stands in
    /// — every laptop picks the same — and both are kept as a conflict.
    /// A deletion against a change keeps the change. Returns the value to
    /// hold, or `None` when there is no conflict (the usual check then
    /// applies).
    pub(super) fn answer_conflict(
        &mut self,
        old: Option<&Answer>,
        new: Option<&Answer>,
        current: Option<&Answer>,
        op: &Op,
    ) -> TxResult<Option<Option<Answer>>> {
        if self.rules != Rules::History || current == old {
            return Ok(None);
        }
        if current == new {
            return Ok(Some(current.cloned()));
        }
        if self.undone.contains(&op.id) {
            // Undone further on in the same log: settled where it was made.
            return Ok(Some(current.cloned()));
        }
        let Some(a) = new.or(current).or(old) else {
            return Ok(None);
        };
        let rank = |x: &Answer| (x.at, x.by.clone(), codec::encode(x).unwrap_or_default());
        let held = match (current, new) {
            (Some(c), Some(n)) => Some(if rank(n) > rank(c) { n } else { c }),
            (c, n) => c.or(n),
        };
        // This laptop's answer: the op that gave it is not looked up (an
        // answer keeps who gave it and when).
        let mine = current.map(|c| Side {
            op: crate::domain::Id::nil(),
            at: c.at,
            actor: c.by.clone(),
            device: self.device,
            value: Some(Value::Answer(Box::new(c.clone()))),
        });
        let theirs = Side {
            op: op.id,
            at: new.map_or(op.at, |n| n.at),
            actor: new.map_or_else(|| op.actor.clone(), |n| n.by.clone()),
            device: op.device,
            value: new.map(|n| Value::Answer(Box::new(n.clone()))),
        };
        let mine = mine.unwrap_or_else(|| Side {
            op: crate::domain::Id::nil(),
            at: op.at,
            actor: String::new(),
            device: self.device,
            value: None,
        });
        // The two sides in the order they were given; named by a digest of
        // both values, so every laptop names the conflict alike.
        let mut sides = [mine, theirs];
        sides.sort_by_key(|s| s.at);
        let digest = value_digest(current, new);
        let target = Target::Answer {
            visit: a.visit,
            unit: a.unit,
            item: a.item.clone(),
        };
        self.open_conflict(Conflict {
            id: digest,
            target: target.clone(),
            visit: a.visit,
            subject: a.item.clone(),
            fields: Value::answer_fields(current, new),
            base: old.map(|o| Value::Answer(Box::new(o.clone()))),
            sides,
            settled: None,
        })?;
        self.merged.entry(target).or_insert(None);
        Ok(Some(held.cloned()))
    }

    /// A unit, visit or report changed here and, apart, on another laptop:
    /// merged field by field ([`conflict::merge_fields`]); fields changed
    /// two ways take the greater value (the same on every laptop) and are
    /// kept as a conflict with both values. A deletion against a change
    /// keeps the change. Returns the value to hold, or `None` when there is
    /// nothing to merge (the usual check then applies).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn record_conflict<T>(
        &mut self,
        target: Target,
        visit: crate::domain::Id,
        subject: String,
        (old, new, current): (Option<&T>, Option<&T>, Option<&T>),
        op: &Op,
        wrap: fn(T) -> Value,
    ) -> TxResult<Option<Option<T>>>
    where
        T: serde::Serialize + serde::de::DeserializeOwned + Clone + PartialEq,
    {
        if self.rules != Rules::History || current == old {
            return Ok(None);
        }
        if current == new || self.undone.contains(&op.id) {
            return Ok(Some(current.cloned()));
        }
        let (held, fields) = match (current, new) {
            (Some(c), Some(n)) => {
                let (m, clash) = conflict::merge_fields(old, c, n);
                (Some(m), clash)
            }
            (None, Some(n)) => (Some(n.clone()), vec!["deleted".to_owned()]),
            (Some(c), None) => (Some(c.clone()), vec!["deleted".to_owned()]),
            (None, None) => return Ok(Some(None)),
        };
        if !fields.is_empty() {
            // This laptop's side: the op that made it is not looked up.
            let mine = Side {
                op: crate::domain::Id::nil(),
                at: op.at,
                actor: "—".to_owned(),
                device: self.device,
                value: current.cloned().map(wrap),
            };
            let theirs = Side {
                op: op.id,
                at: op.at,
                actor: op.actor.clone(),
                device: op.device,
                value: new.cloned().map(wrap),
            };
            self.open_conflict(Conflict {
                id: value_digest(current, new),
                target: target.clone(),
                visit,
                subject,
                fields,
                base: old.cloned().map(wrap),
                sides: [mine, theirs],
                settled: None,
            })?;
        }
        self.merged.entry(target).or_insert(None);
        Ok(Some(held))
    }

    /// The settlement of a conflict on an answer, a unit, a visit or a
    /// report: the value kept was written by an op of the same batch.
    pub(super) fn settle_record(&mut self, s: &Settle, op: &Op) -> TxResult<()> {
        let Some(key) = keys::conflicts_key(&s.target) else {
            return Ok(());
        };
        let mut conflicts: Vec<Conflict> = self.get(Tree::Conflicts, &key)?.unwrap_or_default();
        for c in &mut conflicts {
            if c.id == s.conflict {
                c.settled = (!s.reopen).then(|| Settled {
                    op: op.id,
                    at: op.at,
                    actor: op.actor.clone(),
                });
            }
        }
        self.put_conflicts(&s.target, conflicts)
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
            if let (
                Target::Answer { .. } | Target::Unit(_) | Target::Visit(_) | Target::Report { .. },
                Some(last),
            ) = (&target, &last)
            {
                merges += self.record_plain_merge(store, last, max_at)?;
                continue;
            }
            let (Target::Finding(id), Some(last)) = (target, last) else {
                continue;
            };
            let Some(stored) = self.get::<Finding>(Tree::Findings, id.as_bytes())? else {
                continue;
            };
            // What the log's latest change of it says (an op applied now
            // may be older than one this laptop made or took before).
            let list = self.op_keys(id.as_bytes())?;
            let mut head: Option<Op> = None;
            for k in list.chunks(keys::OP_KEY).rev() {
                if let Some(o) = self.get::<Op>(Tree::Ops, k)?
                    && matches!(o.change, Change::Finding { .. })
                {
                    head = Some(o);
                    break;
                }
            }
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
            let merge = store
                .merge_op(&head, after, change, Some(head.id))
                .or_else(abort)?;
            self.max_seq = self.max_seq.max(merge.seq);
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

impl Tx<'_> {
    /// An answer, unit, visit or report merged in this batch: this laptop's
    /// merge op records what it holds (see [`Tx::said_to_stored`]).
    fn record_plain_merge(&mut self, store: &Store, last: &Op, max_at: i64) -> TxResult<usize> {
        let change = match &last.change {
            Change::Answer { old, new } => {
                let Some(a) = new.as_deref().or(old.as_deref()) else {
                    return Ok(0);
                };
                let key = keys::answer_key(a.visit, a.unit, &a.item);
                self.said_to_stored::<Answer>(new.as_deref(), Tree::Answers, &key)?
            }
            Change::Unit { old, new } => {
                let Some(u) = new.as_deref().or(old.as_deref()) else {
                    return Ok(0);
                };
                self.said_to_stored(new.as_deref(), Tree::Units, u.id.as_bytes())?
            }
            Change::Visit { old, new } => {
                let Some(v) = new.as_deref().or(old.as_deref()) else {
                    return Ok(0);
                };
                self.said_to_stored(new.as_deref(), Tree::Visits, v.id.as_bytes())?
            }
            Change::Report { old, new } => {
                let Some(r) = new.as_deref().or(old.as_deref()) else {
                    return Ok(0);
                };
                self.said_to_stored(new.as_deref(), Tree::Reports, &keys::report_key_of(r))?
            }
            _ => None,
        };
        let Some(change) = change else {
            return Ok(0);
        };
        let after = max_at.max(last.at.timestamp_micros());
        let merge = store.merge_op(last, after, change, None).or_else(abort)?;
        self.max_seq = self.max_seq.max(merge.seq);
        let key = keys::op_key(merge.at, merge.id);
        let bytes = codec::encode(&merge)
            .map_err(StoreError::Encode)
            .or_else(abort)?;
        self.set(Tree::Ops, &key, Some(bytes.as_slice()))?;
        self.set(Tree::OpIds, merge.id.as_bytes(), Some(key.as_slice()))?;
        Ok(1)
    }
}

impl Tx<'_> {
    /// The change from what an op of the batch said of a record (`said`)
    /// to what is stored. Written even where they agree: a change this
    /// laptop made later than the batch's op may be the log's last word
    /// on it, and these records keep no list of their ops; the merge op,
    /// stamped after everything here, is then the last word.
    fn said_to_stored<T>(
        &self,
        said: Option<&T>,
        tree: Tree,
        key: &[u8],
    ) -> TxResult<Option<Change>>
    where
        T: crate::domain::op::Recorded + serde::de::DeserializeOwned + PartialEq + Clone,
    {
        let stored: Option<T> = self.get(tree, key)?;
        Ok(match (said, stored) {
            (Some(s), Some(t)) => Some(Change::update(s.clone(), t)),
            (None, Some(t)) => Some(Change::create(t)),
            (Some(s), None) => Some(Change::delete(s.clone())),
            (None, None) => None,
        })
    }
}

/// A conflict on an answer, a unit, a visit or a report is named by both
/// values, in either order.
fn value_digest<T: serde::Serialize>(a: Option<&T>, b: Option<&T>) -> crate::domain::Id {
    let enc = |x: Option<&T>| {
        x.map(|x| codec::encode(x).unwrap_or_default())
            .unwrap_or_default()
    };
    let (mut x, mut y) = (enc(a), enc(b));
    if x > y {
        std::mem::swap(&mut x, &mut y);
    }
    let hi = crc32fast::hash(&x);
    let mut h = crc32fast::Hasher::new_with_initial(0x9E37_79B9);
    h.update(&y);
    let lo = h.finalize();
    let mut h2 = crc32fast::Hasher::new_with_initial(hi);
    h2.update(&y);
    let mid = h2.finalize();
    let mut h3 = crc32fast::Hasher::new_with_initial(lo);
    h3.update(&x);
    let last = h3.finalize();
    let mut bytes = [0u8; 16];
    bytes[..4].copy_from_slice(&hi.to_be_bytes());
    bytes[4..8].copy_from_slice(&lo.to_be_bytes());
    bytes[8..12].copy_from_slice(&mid.to_be_bytes());
    bytes[12..].copy_from_slice(&last.to_be_bytes());
    crate::domain::Id::from_bytes(bytes)
}
