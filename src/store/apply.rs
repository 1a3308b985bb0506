//! The one write path. `Store::apply_all` appends ops to the log and updates
//! entities, indexes and counters in a single sled transaction, then makes it
//! durable before returning. Nothing else writes entity, index or counter trees.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::rc::Rc;

use sled::Transactional;
use sled::transaction::{
    ConflictableTransactionError, TransactionError, TransactionalTree, UnabortableTransactionError,
};

use super::error::{Absent, Conflict, Invalid, Subject};
use super::keys::{self, Tree, counter};
use super::{Result, Store, StoreError, codec};

mod journal;
mod merge;

use crate::domain::{
    Answer, Change, Finding, Id, Op, Report, RuleError, Sector, Target, Template, Unit, Visit,
    VisitStatus,
};
use journal::{CHUNK, FRESH, JOURNAL, JOURNALED, META_IMPORT, Step, journal_key};

type TxResult<V> = std::result::Result<V, ConflictableTransactionError<StoreError>>;

fn abort<V>(e: StoreError) -> TxResult<V> {
    Err(ConflictableTransactionError::Abort(e))
}

fn invalid<V>(e: Invalid) -> TxResult<V> {
    abort(StoreError::Invalid(e))
}

fn missing<V>(subject: Subject, absent: Absent) -> TxResult<V> {
    invalid(Invalid::Missing { subject, absent })
}

/// What a batch of ops did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Applied {
    /// Ops new to this laptop, written.
    pub ops: usize,
    /// Findings merged with this laptop's own changes: the merge ops written.
    pub merges: usize,
    /// Conflicts this batch opened (the same field changed two ways).
    pub conflicts: usize,
    /// Ops held, not applied (stamped too far ahead of this clock).
    pub held: usize,
}

impl std::ops::AddAssign for Applied {
    fn add_assign(&mut self, o: Applied) {
        self.ops += o.ops;
        self.merges += o.merges;
        self.conflicts += o.conflicts;
        self.held += o.held;
    }
}

/// Which rules an op is held to when it is applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rules {
    /// Every rule of this build.
    Current,
    /// An op recorded on a laptop and replayed from its export: the
    /// workflow rules of the moment (a visit's status moving along fixed
    /// steps, a concluded visit being read-only, a visit's units valid on
    /// its dates) were that laptop's to apply, and schema 1 had none of
    /// them. Replayed in order, history stays as it happened — a
    /// teammate's finding made offline before the visit was concluded here
    /// is kept. Every record's own rules still hold.
    History,
    /// Another laptop's op stamped more than a day ahead of this laptop's
    /// clock: kept in `held_ops`, not applied, not in the log, and not
    /// advancing this clock, until an import when the clock is near it.
    Hold,
    /// A held op now applied ([`Rules::History`]), leaving `held_ops`.
    Released,
}

impl Store {
    /// Apply one op durably.
    ///
    /// # Errors
    /// The op breaks a rule, conflicts with the stored state, or the disk fails.
    pub fn apply(&self, op: &Op) -> Result<()> {
        self.apply_all(std::slice::from_ref(op)).map(|_| ())
    }

    /// Apply ops in order, all or nothing, in one transaction; ops already in
    /// the log (same id and content) are skipped. Returns how many were new.
    ///
    /// # Errors
    /// Any op breaks a rule or conflicts: nothing is written.
    pub fn apply_all(&self, ops: &[Op]) -> Result<usize> {
        self.apply_all_under(ops, |_| Rules::Current)
    }

    /// [`Store::apply_all`], holding each op to the rules `rules` says.
    ///
    /// # Errors
    /// Any op breaks a rule or conflicts: nothing is written.
    pub fn apply_all_under(&self, ops: &[Op], rules: impl Fn(&Op) -> Rules) -> Result<usize> {
        self.apply_merging(ops, rules).map(|a| a.ops)
    }

    /// [`Store::apply_all_under`], saying also how many findings were
    /// merged with this laptop's own changes (each recorded as its op).
    ///
    /// # Errors
    /// Any op breaks a rule or conflicts: nothing is written.
    pub fn apply_merging(&self, ops: &[Op], rules: impl Fn(&Op) -> Rules) -> Result<Applied> {
        self.apply_then(ops, rules, true)
    }

    /// One op applied in one transaction, in memory and in sled's buffers
    /// but not yet on disk: [`Store::sync`] (the app's saver thread) makes
    /// it durable, and nothing may call it saved before that returns. A
    /// crash before then loses it whole, never half of it.
    ///
    /// # Errors
    /// The op breaks a rule or conflicts: nothing is written.
    pub(crate) fn apply_unsynced(&self, op: &Op) -> Result<()> {
        self.apply_then(std::slice::from_ref(op), |_| Rules::Current, false)
            .map(|_| ())
    }

    fn apply_then(&self, ops: &[Op], rules: impl Fn(&Op) -> Rules, sync: bool) -> Result<Applied> {
        if ops.is_empty() {
            return Ok(Applied::default());
        }
        self.writable()?;
        // Held ops do not move this laptop's clock.
        let max_at = ops
            .iter()
            .filter(|o| rules(o) != Rules::Hold)
            .map(|o| o.at.timestamp_micros())
            .max()
            .unwrap_or(0);
        // Held until the commit is durable: a listing view built meanwhile
        // cannot be put in place (see `Store::write_view`).
        let mut epoch = self.view_epoch();
        self.drop_view_locked(&mut epoch)?;
        let generation = *crate::domain::new_id().as_bytes();
        // The ops this import undoes: a clash with one of them was settled
        // where it was made (see `Tx::merge_finding`).
        let undone: HashSet<Id> = ops.iter().filter_map(|o| o.undoes).collect();
        let applied: Applied = if ops.len() <= CHUNK {
            self.transact(ops, &rules, max_at, &generation, None, &undone)?
        } else {
            self.apply_chunked(ops, &rules, max_at, &generation, &undone)?
        };
        // A chunked import relies on its journal being durable: always sync it.
        if sync || ops.len() > CHUNK {
            self.sync()?;
        }
        if ops.len() > CHUNK {
            // Committed: the journal is no longer needed. Failing to clear it
            // does not undo the import (the next open clears what is left).
            let _ = self.clear_journal();
        }
        if let Some(at) = chrono::DateTime::from_timestamp_micros(max_at) {
            self.bump_clock(at);
        }
        Ok(applied)
    }

    /// Apply `ops` in one transaction; with `step`, recording what they
    /// overwrite in the journal.
    fn transact(
        &self,
        ops: &[Op],
        rules: &dyn Fn(&Op) -> Rules,
        max_at: i64,
        generation: &[u8; 16],
        step: Option<Step>,
        undone: &HashSet<Id>,
    ) -> Result<Applied> {
        let encoded = ops
            .iter()
            .map(|op| Ok((keys::op_key(op.at, op.id), codec::encode(op)?)))
            .collect::<std::result::Result<Vec<_>, codec::CodecError>>()
            .map_err(StoreError::Encode)?;
        let outcome = self.trees.as_slice().transaction(|trees| {
            let mut tx = Tx {
                trees,
                pending: BTreeMap::new(),
                visits: HashMap::new(),
                merged: HashMap::new(),
                undone,
                op: None,
                opened: HashSet::new(),
                device: self.device,
                max_seq: ops
                    .iter()
                    .filter(|o| o.device == self.device)
                    .map(|o| o.seq)
                    .max()
                    .unwrap_or(0),
                rules: Rules::Current,
                journal: step.map(|s| s.chunk),
                journaled: RefCell::new(HashSet::new()),
                fresh: step.is_some_and(|s| s.fresh),
            };
            if let Some(s) = step.filter(|s| s.chunk == 0) {
                let mark = if s.fresh { FRESH } else { JOURNALED };
                tx.t(Tree::Meta).insert(META_IMPORT, [mark].as_slice())?;
            }
            let mut applied = 0;
            let mut merges = 0;
            let mut held = 0;
            for (op, (key, bytes)) in ops.iter().zip(&encoded) {
                if let Some(existing) = tx.t(Tree::Ops).get(key)? {
                    if existing.as_ref() == bytes.as_slice() {
                        continue;
                    }
                    return abort(StoreError::Conflict(Conflict::OtherContent(op.id)));
                }
                if tx.t(Tree::OpIds).get(op.id.as_bytes())?.is_some() {
                    return abort(StoreError::Conflict(Conflict::OtherTime(op.id)));
                }
                tx.rules = rules(op);
                tx.op = Some(op.id);
                match tx.rules {
                    Rules::Hold => {
                        tx.set(Tree::Held, key, Some(bytes.as_slice()))?;
                        held += 1;
                        continue;
                    }
                    Rules::Released => {
                        tx.set(Tree::Held, key, None)?;
                        tx.rules = Rules::History;
                    }
                    Rules::Current | Rules::History => {}
                }
                if op.merge && tx.rules == Rules::History {
                    // Another laptop's merge: the ops it merged are merged
                    // here too; its record keeps the log whole.
                    tx.merged.entry(op.target.clone()).or_insert(None);
                } else if tx.needs_replay(op, key)? {
                    // Made apart from what is held here, or settling a
                    // conflict: the finding's ops are replayed in log order.
                    tx.set(Tree::Ops, key, Some(bytes.as_slice()))?;
                    tx.head(&op.target, key)?;
                    tx.replay(op, key)?;
                } else {
                    tx.change(op)?;
                }
                tx.set(Tree::Ops, key, Some(bytes.as_slice()))?;
                tx.set(Tree::OpIds, op.id.as_bytes(), Some(key.as_slice()))?;
                if tx.head(&op.target, key)? {
                    // Applied after a later op on it (an undo, say): the
                    // log's last word on it may no longer be what is stored.
                    tx.merged.entry(op.target.clone()).or_insert(None);
                }
                applied += 1;
                if let Some(last) = tx.merged.get_mut(&op.target) {
                    *last = Some(op.clone());
                }
            }
            merges += tx.record_merges(self, max_at)?;
            tx.write_counters()?;
            let seq = tx
                .t(Tree::Meta)
                .get(super::META_SEQ)?
                .and_then(|v| v.as_ref().try_into().ok().map(u64::from_be_bytes))
                .unwrap_or(0);
            if tx.max_seq > seq {
                tx.set(
                    Tree::Meta,
                    super::META_SEQ,
                    Some(tx.max_seq.to_be_bytes().as_slice()),
                )?;
            }
            let clock = tx
                .t(Tree::Meta)
                .get(super::META_CLOCK)?
                .and_then(|v| v.as_ref().try_into().ok().map(i64::from_be_bytes))
                .unwrap_or(0);
            if max_at > clock {
                tx.set(
                    Tree::Meta,
                    super::META_CLOCK,
                    Some(max_at.to_be_bytes().as_slice()),
                )?;
            }
            tx.set(
                Tree::Meta,
                super::META_GENERATION,
                Some(generation.as_slice()),
            )?;
            if step.is_some_and(|s| s.last) {
                tx.t(Tree::Meta).remove(META_IMPORT)?;
            }
            Ok(Applied {
                ops: applied,
                merges,
                conflicts: tx.opened.len(),
                held,
            })
        });
        match outcome {
            Ok(n) => Ok(n),
            Err(TransactionError::Abort(e)) => Err(self.noted(e)),
            Err(TransactionError::Storage(e)) => Err(self.err(e)),
        }
    }
}

struct Tx<'a> {
    trees: &'a [TransactionalTree],
    /// The findings merged in this batch (see [`Tx::merge_finding`]), with
    /// the batch's last op on each, to record the merge after the batch.
    merged: HashMap<Target, Option<Op>>,
    /// The ops that ops of this import undo.
    undone: &'a HashSet<Id>,
    /// The op being applied.
    op: Option<Id>,
    /// Conflicts opened in this batch and still open.
    opened: HashSet<Id>,
    /// This laptop.
    device: Id,
    /// The highest count of this laptop's own ops written in this batch.
    max_seq: u64,
    /// Counter deltas not yet written, so later ops in a batch see them.
    pending: BTreeMap<String, i64>,
    /// Visits with their checklist's item codes, decoded once per batch
    /// (answers and findings check against them); cleared when a visit or
    /// template changes.
    visits: HashMap<Id, Option<Rc<VisitInfo>>>,
    /// The rules the op being applied is held to.
    rules: Rules,
    /// In a chunked import, this chunk: what each key held before the
    /// chunk first writes it is recorded.
    journal: Option<u32>,
    /// The keys this chunk has recorded (tree index ‖ key).
    journaled: RefCell<HashSet<Vec<u8>>>,
    /// Only `Meta`'s keys are recorded (see [`FRESH`]).
    fresh: bool,
}

/// What answers and findings are checked against.
struct VisitInfo {
    code: String,
    units: HashSet<Id>,
    /// Item codes, each with the sectors it is for (none: every unit).
    items: HashMap<String, Vec<Sector>>,
    /// Đã kết thúc: no answers, no new findings, follow-up only.
    concluded: bool,
}

impl Tx<'_> {
    fn t(&self, t: Tree) -> &TransactionalTree {
        &self.trees[t.index()]
    }

    fn get<V: serde::de::DeserializeOwned>(&self, t: Tree, key: &[u8]) -> TxResult<Option<V>> {
        match self.t(t).get(key)? {
            None => Ok(None),
            Some(bytes) => match codec::decode(&bytes) {
                Ok(v) => Ok(Some(v)),
                Err(source) => abort(StoreError::Corrupt {
                    tree: t.name(),
                    source,
                }),
            },
        }
    }

    /// Write (or with `None` remove) `key`: the only way a transaction
    /// changes a tree, so a chunked import's journal misses nothing.
    fn set(
        &self,
        t: Tree,
        key: &[u8],
        value: Option<&[u8]>,
    ) -> std::result::Result<(), UnabortableTransactionError> {
        if let Some(chunk) = self.journal
            && (!self.fresh || t == Tree::Meta)
        {
            let jkey = journal_key(chunk, t, key);
            if self
                .journaled
                .borrow_mut()
                .insert(jkey[JOURNAL.len() + 4..].to_vec())
            {
                let before = match self.t(t).get(key)? {
                    None => vec![0],
                    Some(v) => [&[1], v.as_ref()].concat(),
                };
                self.t(Tree::Meta).insert(jkey, before)?;
            }
        }
        match value {
            Some(v) => self.t(t).insert(key, v)?,
            None => self.t(t).remove(key)?,
        };
        Ok(())
    }

    fn put<V: serde::Serialize>(&self, t: Tree, key: &[u8], value: &V) -> TxResult<()> {
        match codec::encode(value) {
            Ok(bytes) => {
                self.set(t, key, Some(&bytes))?;
                Ok(())
            }
            Err(e) => abort(StoreError::Encode(e)),
        }
    }

    fn counter(&self, key: &str) -> TxResult<i64> {
        let stored = self
            .t(Tree::Counters)
            .get(key.as_bytes())?
            .and_then(|v| v.as_ref().try_into().ok().map(i64::from_be_bytes))
            .unwrap_or(0);
        Ok(stored + self.pending.get(key).copied().unwrap_or(0))
    }

    fn count(&mut self, keys: Vec<String>, delta: i64) {
        for k in keys {
            *self.pending.entry(k).or_insert(0) += delta;
        }
    }

    fn write_counters(&mut self) -> std::result::Result<(), UnabortableTransactionError> {
        for (k, d) in std::mem::take(&mut self.pending) {
            if d == 0 {
                continue;
            }
            let tree = self.t(Tree::Counters);
            let old = tree
                .get(k.as_bytes())?
                .and_then(|v| v.as_ref().try_into().ok().map(i64::from_be_bytes))
                .unwrap_or(0);
            let new = old + d;
            if new == 0 {
                self.set(Tree::Counters, k.as_bytes(), None)?;
            } else {
                self.set(
                    Tree::Counters,
                    k.as_bytes(),
                    Some(new.to_be_bytes().as_slice()),
                )?;
            }
        }
        Ok(())
    }

    fn index(&self, entries: &[keys::Entry], add: bool) -> TxResult<()> {
        for (t, k, v) in entries {
            self.set(*t, k, add.then_some(v.as_slice()))?;
        }
        Ok(())
    }

    fn exists(&self, t: Tree, id: Id) -> TxResult<bool> {
        Ok(self.t(t).get(id.as_bytes())?.is_some())
    }

    /// The code is free, or taken by `id` itself.
    fn code_free(&self, key: &[u8], id: Id) -> TxResult<bool> {
        Ok(self
            .t(Tree::ByCode)
            .get(key)?
            .is_none_or(|v| keys::id_from(&v) == Some(id)))
    }

    fn visit_info(&mut self, id: Id) -> TxResult<Option<Rc<VisitInfo>>> {
        if let Some(hit) = self.visits.get(&id) {
            return Ok(hit.clone());
        }
        let info = match self.get::<Visit>(Tree::Visits, id.as_bytes())? {
            None => None,
            Some(v) => {
                let template: Option<Template> =
                    self.get(Tree::Templates, v.template.as_bytes())?;
                let items = template
                    .map(|t| {
                        t.items()
                            .map(|(_, i)| (i.code.clone(), i.sectors.clone()))
                            .collect()
                    })
                    .unwrap_or_default();
                Some(Rc::new(VisitInfo {
                    concluded: v.status == VisitStatus::Concluded,
                    code: v.code,
                    units: v.units.into_iter().collect(),
                    items,
                }))
            }
        };
        self.visits.insert(id, info.clone());
        Ok(info)
    }

    fn change(&mut self, op: &Op) -> TxResult<()> {
        if matches!(op.change, Change::Visit { .. } | Change::Template { .. }) {
            self.visits.clear();
        }
        if op.change.target().as_ref() != Some(&op.target) {
            return invalid(Invalid::TargetMismatch(op.id));
        }
        op.validate().or_else(|e| abort(StoreError::Rule(e)))?;
        match &op.change {
            Change::Unit { old, new } => {
                let (old, new) = (old.as_deref(), new.as_deref());
                let Some(u) = new.or(old) else { return Ok(()) };
                let current: Option<Unit> = self.get(Tree::Units, u.id.as_bytes())?;
                let wrap = |u| crate::domain::conflict::Value::Unit(Box::new(u));
                match self.record_conflict(
                    Target::Unit(u.id),
                    Id::nil(),
                    u.code.clone(),
                    (old, new, current.as_ref()),
                    op,
                    wrap,
                )? {
                    Some(held) if held == current => Ok(()),
                    Some(held) => self.unit(current.as_ref(), held.as_ref()),
                    None => self.unit(old, new),
                }
            }
            Change::Template { old, new } => self.template(old.as_deref(), new.as_deref()),
            Change::Visit { old, new } => {
                let (old, new) = (old.as_deref(), new.as_deref());
                let Some(v) = new.or(old) else { return Ok(()) };
                let current: Option<Visit> = self.get(Tree::Visits, v.id.as_bytes())?;
                let wrap = |v| crate::domain::conflict::Value::Visit(Box::new(v));
                match self.record_conflict(
                    Target::Visit(v.id),
                    v.id,
                    v.code.clone(),
                    (old, new, current.as_ref()),
                    op,
                    wrap,
                )? {
                    Some(held) if held == current => Ok(()),
                    Some(held) => self.visit(current.as_ref(), held.as_ref(), op),
                    None => self.visit(old, new, op),
                }
            }
            Change::Answer { old, new } => {
                let key = match new.as_deref().or(old.as_deref()) {
                    Some(a) => keys::answer_key(a.visit, a.unit, &a.item),
                    None => return Ok(()),
                };
                let current: Option<Answer> = self.get(Tree::Answers, &key)?;
                match self.answer_conflict(old.as_deref(), new.as_deref(), current.as_ref(), op)? {
                    Some(held) if held == current => Ok(()),
                    Some(held) => self.answer(current.as_ref(), held.as_ref()),
                    None => self.answer(old.as_deref(), new.as_deref()),
                }
            }
            Change::Finding { old, new } => self.finding(old.as_deref(), new.as_deref()),
            Change::Report { old, new } => {
                let (old, new) = (old.as_deref(), new.as_deref());
                let Some(r) = new.or(old) else { return Ok(()) };
                let current: Option<Report> = self.get(Tree::Reports, &keys::report_key_of(r))?;
                let wrap = |r| crate::domain::conflict::Value::Report(Box::new(r));
                let target = Target::Report {
                    visit: r.visit,
                    unit: r.unit,
                };
                let subject = crate::i18n::Msg::EntityReport.text().to_string();
                match self.record_conflict(
                    target,
                    r.visit,
                    subject,
                    (old, new, current.as_ref()),
                    op,
                    wrap,
                )? {
                    Some(held) if held == current => Ok(()),
                    Some(held) => self.report(current.as_ref(), held.as_ref()),
                    None => self.report(old, new),
                }
            }
            // A settlement of a conflict on anything but a finding.
            Change::Settle(s) => self.settle_record(s, op),
        }
    }

    /// The stored value must be exactly `old`: otherwise someone changed it since.
    fn expect_current<V>(
        &self,
        t: Tree,
        key: &[u8],
        old: Option<&V>,
        what: &Subject,
    ) -> TxResult<()>
    where
        V: serde::de::DeserializeOwned + PartialEq,
    {
        let current: Option<V> = self.get(t, key)?;
        if current.as_ref() != old {
            let what = what.clone();
            let conflict = match (current.is_some(), old.is_some()) {
                (false, true) => Conflict::Gone(what),
                (true, false) => Conflict::Exists(what),
                _ => Conflict::Changed(what),
            };
            return abort(StoreError::Conflict(conflict));
        }
        Ok(())
    }

    fn unit(&mut self, old: Option<&Unit>, new: Option<&Unit>) -> TxResult<()> {
        let Some(id) = new.or(old).map(|u| u.id) else {
            return Ok(());
        };
        let what = Subject::Unit(new.or(old).map_or(String::new(), |u| u.code.clone()));
        self.expect_current(Tree::Units, id.as_bytes(), old, &what)?;
        if let Some(o) = old {
            self.index(&keys::unit_entries(o), false)?;
            self.count(keys::unit_counters(o), -1);
        }
        match new {
            Some(u) => {
                u.validate().or_else(|e| abort(StoreError::Rule(e)))?;
                if !self.code_free(&keys::code_key(b'u', &u.code), u.id)? {
                    return invalid(Invalid::UnitCodeTaken(u.code.clone()));
                }
                if let Some(p) = u.parent
                    && (p == u.id || !self.exists(Tree::Units, p)?)
                {
                    return missing(what, Absent::ParentUnit);
                }
                self.check_succession(u)?;
                self.index(&keys::unit_entries(u), true)?;
                self.count(keys::unit_counters(u), 1);
                self.put(Tree::Units, id.as_bytes(), u)
            }
            None => {
                let used = self.counter(&counter::unit_children(id))?
                    + self.counter(&counter::unit_visits(id))?
                    + self.counter(&counter::unit_predecessors(id))?
                    + self.finding_count(&|s| counter::unit_status(id, s))?;
                if used > 0 {
                    return invalid(Invalid::UnitInUse(what));
                }
                self.set(Tree::Units, id.as_bytes(), None)?;
                Ok(())
            }
        }
    }

    /// The unit's succession against the stored units (those written
    /// earlier in the same batch included): the chain of successors is
    /// read first, then the domain's rule judges it.
    fn check_succession(&self, u: &Unit) -> TxResult<()> {
        let mut chain: HashMap<Id, Unit> = HashMap::new();
        let mut next = u.successor;
        while let Some(id) = next.filter(|id| *id != u.id && !chain.contains_key(id)) {
            let Some(s) = self.get::<Unit>(Tree::Units, id.as_bytes())? else {
                break;
            };
            next = s.successor;
            chain.insert(id, s);
        }
        u.validate_succession(|id| chain.get(&id).cloned())
            .or_else(|e| abort(StoreError::Rule(e)))
    }

    fn finding_count(&self, key: &dyn Fn(crate::domain::FindingStatus) -> String) -> TxResult<i64> {
        use crate::domain::label::Labelled;
        let mut n = 0;
        for s in crate::domain::FindingStatus::ALL {
            n += self.counter(&key(*s))?;
        }
        Ok(n)
    }

    fn template(&mut self, old: Option<&Template>, new: Option<&Template>) -> TxResult<()> {
        let Some(t) = new.or(old) else { return Ok(()) };
        let id = t.id;
        let what = Subject::Template {
            code: t.code.clone(),
            version: t.version,
        };
        self.expect_current(Tree::Templates, id.as_bytes(), old, &what)?;
        if old.is_some() && self.counter(&counter::template_visits(id))? > 0 {
            return invalid(Invalid::TemplateFrozen(what));
        }
        if let Some(o) = old {
            self.index(&keys::template_entries(o), false)?;
            self.count(keys::template_counters(o), -1);
        }
        match new {
            Some(t) => {
                if !self.code_free(&keys::template_code_key(&t.code, t.version), t.id)? {
                    return invalid(Invalid::TemplateExists(what));
                }
                t.validate().or_else(|e| abort(StoreError::Rule(e)))?;
                self.index(&keys::template_entries(t), true)?;
                self.count(keys::template_counters(t), 1);
                self.put(Tree::Templates, id.as_bytes(), t)
            }
            None => {
                self.set(Tree::Templates, id.as_bytes(), None)?;
                Ok(())
            }
        }
    }

    fn visit(&mut self, old: Option<&Visit>, new: Option<&Visit>, op: &Op) -> TxResult<()> {
        let Some(v) = new.or(old) else { return Ok(()) };
        let (id, what) = (v.id, Subject::Visit(v.code.clone()));
        self.expect_current(Tree::Visits, id.as_bytes(), old, &what)?;
        match (old, new) {
            _ if self.rules == Rules::History => {}
            (Some(o), Some(n)) => {
                Visit::check_transition(o, n, op.reason.as_deref(), op.undoes.is_some())
                    .or_else(|e| abort(StoreError::Rule(e)))?;
            }
            (Some(o), None) if o.status == VisitStatus::Concluded => {
                return abort(StoreError::Rule(RuleError::VisitConcluded(o.code.clone())));
            }
            _ => {}
        }
        if let Some(o) = old {
            self.index(&keys::visit_entries(o), false)?;
            self.count(keys::visit_counters(o), -1);
        }
        match new {
            Some(v) => {
                v.validate().or_else(|e| abort(StoreError::Rule(e)))?;
                if !self.code_free(&keys::code_key(b'v', &v.code), v.id)? {
                    return invalid(Invalid::VisitCodeTaken(v.code.clone()));
                }
                if !self.exists(Tree::Templates, v.template)? {
                    return missing(what, Absent::Template);
                }
                let mut units = HashMap::new();
                for u in &v.units {
                    match self.get::<Unit>(Tree::Units, u.as_bytes())? {
                        Some(unit) => units.insert(*u, unit),
                        None => return missing(what, Absent::UnitOf(*u)),
                    };
                }
                if self.rules == Rules::Current {
                    v.validate_units(|u| units.get(&u).cloned())
                        .or_else(|e| abort(StoreError::Rule(e)))?;
                }
                self.index(&keys::visit_entries(v), true)?;
                self.count(keys::visit_counters(v), 1);
                self.put(Tree::Visits, id.as_bytes(), v)
            }
            None => {
                use crate::domain::label::Labelled;
                let mut used = self.finding_count(&|s| counter::visit_status(id, s))?;
                used += self.counter(&counter::visit_reports(id))?;
                for verdict in crate::domain::Verdict::ALL {
                    used += self.counter(&counter::visit_answers(id, *verdict))?;
                }
                if used > 0 {
                    return invalid(Invalid::VisitInUse(what));
                }
                self.set(Tree::Visits, id.as_bytes(), None)?;
                Ok(())
            }
        }
    }

    fn answer(&mut self, old: Option<&Answer>, new: Option<&Answer>) -> TxResult<()> {
        let Some(a) = new.or(old) else { return Ok(()) };
        let key = keys::answer_key(a.visit, a.unit, &a.item);
        let what = Subject::Answer(a.item.clone());
        self.expect_current(Tree::Answers, &key, old, &what)?;
        if let Some(o) = old {
            self.count(keys::answer_counters(o), -1);
        }
        match new {
            Some(a) => {
                a.validate().or_else(|e| abort(StoreError::Rule(e)))?;
                let Some(visit) = self.visit_info(a.visit)? else {
                    return missing(what, Absent::Visit);
                };
                if visit.concluded && self.rules == Rules::Current {
                    return abort(StoreError::Rule(RuleError::VisitConcluded(
                        visit.code.clone(),
                    )));
                }
                if !visit.units.contains(&a.unit) {
                    return invalid(Invalid::UnitNotInVisit {
                        subject: what,
                        visit: visit.code.clone(),
                    });
                }
                let Some(sectors) = visit.items.get(&a.item) else {
                    return invalid(Invalid::NoSuchItem {
                        subject: what,
                        visit: visit.code.clone(),
                    });
                };
                // A unit answers the items of its sector; replayed history
                // keeps what was answered under an earlier checklist or sector.
                if !sectors.is_empty()
                    && self.rules == Rules::Current
                    && let Some(unit) = self.get::<Unit>(Tree::Units, a.unit.as_bytes())?
                    && !sectors.contains(&unit.sector)
                {
                    return invalid(Invalid::ItemNotForSector {
                        subject: what,
                        unit: unit.code,
                        sector: unit.sector,
                        sectors: sectors.clone(),
                    });
                }
                self.count(keys::answer_counters(a), 1);
                self.put(Tree::Answers, &key, a)
            }
            None => {
                if let Some(visit) = self.visit_info(a.visit)?
                    && visit.concluded
                    && self.rules == Rules::Current
                {
                    return abort(StoreError::Rule(RuleError::VisitConcluded(
                        visit.code.clone(),
                    )));
                }
                self.set(Tree::Answers, &key, None)?;
                Ok(())
            }
        }
    }

    /// A concluded visit takes no new finding, and its findings change only
    /// by follow-up (status, deadline, history); they are never deleted.
    fn check_concluded(&mut self, old: Option<&Finding>, new: Option<&Finding>) -> TxResult<()> {
        if self.rules == Rules::History {
            return Ok(());
        }
        if let Some(o) = old
            && let Some(visit) = self.visit_info(o.visit)?
            && visit.concluded
            && !new.is_some_and(|n| n.is_follow_up_of(o))
        {
            return abort(StoreError::Rule(RuleError::ConcludedFinding {
                finding: o.reference.clone(),
                visit: visit.code.clone(),
            }));
        }
        if let Some(n) = new
            && old.is_none_or(|o| o.visit != n.visit)
            && let Some(visit) = self.visit_info(n.visit)?
            && visit.concluded
        {
            return abort(StoreError::Rule(RuleError::VisitConcluded(
                visit.code.clone(),
            )));
        }
        Ok(())
    }

    fn finding(&mut self, old: Option<&Finding>, new: Option<&Finding>) -> TxResult<()> {
        let Some(f) = new.or(old) else { return Ok(()) };
        let (id, what) = (f.id, Subject::Finding(f.reference.clone()));
        self.expect_current(Tree::Findings, id.as_bytes(), old, &what)?;
        self.check_concluded(old, new)?;
        if let Some(o) = old {
            self.index(&keys::finding_entries(o), false)?;
            self.count(keys::finding_counters(o), -1);
        }
        match new {
            Some(f) => {
                f.validate().or_else(|e| abort(StoreError::Rule(e)))?;
                if !self.code_free(&keys::code_key(b'f', &f.reference), f.id)? {
                    return invalid(Invalid::ReferenceTaken(f.reference.clone()));
                }
                if !self.exists(Tree::Units, f.unit)? {
                    return missing(what, Absent::Unit);
                }
                let Some(visit) = self.visit_info(f.visit)? else {
                    return missing(what, Absent::Visit);
                };
                if let Some(item) = f.item.as_ref().filter(|i| !visit.items.contains_key(*i)) {
                    return invalid(Invalid::ItemNotInChecklist {
                        subject: what,
                        item: item.clone(),
                        visit: visit.code.clone(),
                    });
                }
                self.index(&keys::finding_entries(f), true)?;
                self.count(keys::finding_counters(f), 1);
                self.put(Tree::Findings, id.as_bytes(), f)
            }
            None => {
                self.set(Tree::Findings, id.as_bytes(), None)?;
                Ok(())
            }
        }
    }

    /// The team's text of a visit's documents. Unlike the checklist it
    /// stays writable after the visit ends: the report is written then.
    fn report(&mut self, old: Option<&Report>, new: Option<&Report>) -> TxResult<()> {
        let Some(r) = new.or(old) else { return Ok(()) };
        let key = keys::report_key_of(r);
        let what = Subject::Report {
            conclusion: r.unit.is_some(),
        };
        self.expect_current(Tree::Reports, &key, old, &what)?;
        if let Some(o) = old {
            self.count(keys::report_counters(o), -1);
        }
        match new {
            Some(r) => {
                r.validate().or_else(|e| abort(StoreError::Rule(e)))?;
                let Some(visit) = self.visit_info(r.visit)? else {
                    return missing(what, Absent::Visit);
                };
                if let Some(u) = r.unit
                    && !visit.units.contains(&u)
                {
                    return invalid(Invalid::UnitNotInVisit {
                        subject: what,
                        visit: visit.code.clone(),
                    });
                }
                self.count(keys::report_counters(r), 1);
                self.put(Tree::Reports, &key, r)
            }
            None => {
                self.set(Tree::Reports, &key, None)?;
                Ok(())
            }
        }
    }
}
