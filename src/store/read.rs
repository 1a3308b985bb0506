//! Reads: entities by id and code, index ranges, counters, and the findings
//! query used by the command line and the app. Reads never scan every
//! finding when an index or a counter answers.

use chrono::{Datelike, Days, NaiveDate};
use serde::de::DeserializeOwned;

use super::error::Invalid;
use super::keys::{self, Tree, counter};
use super::{Result, Store, StoreError, codec};
use crate::domain::label::Labelled;
use crate::domain::{
    Answer, Finding, FindingFilter, FindingStatus, Id, Report, StatusCounts, Succession, Template,
    Unit, Verdict, Visit,
};

/// A unit's checklist progress in a visit ([`Store::unit_progress`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    /// Answers to the unit's items, indexed like `Verdict::index`.
    pub by_verdict: [u64; 5],
    /// The items the unit answers.
    pub items: u64,
}

impl Progress {
    /// Items answered (any verdict but "chưa kiểm tra").
    #[must_use]
    pub fn answered(&self) -> u64 {
        self.by_verdict.iter().skip(1).sum()
    }

    /// Items not answered yet.
    #[must_use]
    pub fn unchecked(&self) -> u64 {
        self.items.saturating_sub(self.answered())
    }
}

/// Dashboard figures, read from counters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub total: u64,
    pub overdue: u64,
    pub due_7: u64,
    pub due_30: u64,
    /// Active: mở + đang khắc phục.
    pub active: u64,
    pub by_status: StatusCounts,
    pub verified_this_month: u64,
}

impl Store {
    pub(crate) fn decode<V: DeserializeOwned>(&self, t: Tree, bytes: &[u8]) -> Result<V> {
        codec::decode(bytes).map_err(|source| {
            self.noted(StoreError::Corrupt {
                tree: t.name(),
                source,
            })
        })
    }

    fn get<V: DeserializeOwned>(&self, t: Tree, key: &[u8]) -> Result<Option<V>> {
        match self.tree(t).get(key).map_err(|e| self.err(e))? {
            Some(b) => self.decode(t, &b).map(Some),
            None => Ok(None),
        }
    }

    fn all<V: DeserializeOwned>(&self, t: Tree) -> Result<Vec<V>> {
        self.tree(t)
            .iter()
            .values()
            .map(|v| v.map_err(|e| self.err(e)).and_then(|b| self.decode(t, &b)))
            .collect()
    }

    fn by_code(&self, key: &[u8]) -> Result<Option<Id>> {
        Ok(self
            .tree(Tree::ByCode)
            .get(key)
            .map_err(|e| self.err(e))?
            .and_then(|v| keys::id_from(&v)))
    }

    /// Whether nothing has been recorded yet.
    ///
    /// # Errors
    /// Storage failure.
    pub fn is_empty(&self) -> Result<bool> {
        Ok(self
            .tree(Tree::Ops)
            .first()
            .map_err(|e| self.err(e))?
            .is_none())
    }

    pub fn unit(&self, id: Id) -> Result<Option<Unit>> {
        self.get(Tree::Units, id.as_bytes())
    }
    pub fn unit_by_code(&self, code: &str) -> Result<Option<Unit>> {
        match self.by_code(&keys::code_key(b'u', code))? {
            Some(id) => self.unit(id),
            None => Ok(None),
        }
    }
    /// Every unit (10,000 at province scale: fine for lists, not per frame).
    pub fn units(&self) -> Result<Vec<Unit>> {
        self.all(Tree::Units)
    }
    /// Direct sub-units of `parent` (`None`: the roots).
    pub fn children(&self, parent: Option<Id>) -> Result<Vec<Unit>> {
        let p = parent.unwrap_or(Id::nil());
        let mut out = Vec::new();
        for k in self
            .tree(Tree::UnitChildren)
            .scan_prefix(p.as_bytes())
            .keys()
        {
            let k = k.map_err(|e| self.err(e))?;
            if let Some(u) = keys::id_from(&k[16..])
                .map(|id| self.unit(id))
                .transpose()?
                .flatten()
            {
                out.push(u);
            }
        }
        Ok(out)
    }

    pub fn template(&self, id: Id) -> Result<Option<Template>> {
        self.get(Tree::Templates, id.as_bytes())
    }
    pub fn template_by_code(&self, code: &str, version: u32) -> Result<Option<Template>> {
        match self.by_code(&keys::template_code_key(code, version))? {
            Some(id) => self.template(id),
            None => Ok(None),
        }
    }
    /// Whether a visit uses the template (it can then no longer change).
    pub fn template_in_use(&self, id: Id) -> Result<bool> {
        Ok(self.counter(&counter::template_visits(id))? > 0)
    }
    pub fn templates(&self) -> Result<Vec<Template>> {
        self.all(Tree::Templates)
    }

    pub fn visit(&self, id: Id) -> Result<Option<Visit>> {
        self.get(Tree::Visits, id.as_bytes())
    }
    pub fn visit_by_code(&self, code: &str) -> Result<Option<Visit>> {
        match self.by_code(&keys::code_key(b'v', code))? {
            Some(id) => self.visit(id),
            None => Ok(None),
        }
    }
    /// Visits, newest first.
    pub fn visits(&self) -> Result<Vec<Visit>> {
        let mut v: Vec<Visit> = self.all(Tree::Visits)?;
        v.sort_by(|a, b| b.start.cmp(&a.start).then_with(|| a.code.cmp(&b.code)));
        Ok(v)
    }

    pub fn answer(&self, visit: Id, unit: Id, item: &str) -> Result<Option<Answer>> {
        self.get(Tree::Answers, &keys::answer_key(visit, unit, item))
    }
    /// The answers of one unit in one visit (a range of the answers tree).
    pub fn answers_of(&self, visit: Id, unit: Id) -> Result<Vec<Answer>> {
        self.tree(Tree::Answers)
            .scan_prefix(keys::answer_prefix(visit, unit))
            .values()
            .map(|v| {
                v.map_err(|e| self.err(e))
                    .and_then(|b| self.decode(Tree::Answers, &b))
            })
            .collect()
    }
    /// Every answer of a visit.
    pub fn answers_of_visit(&self, visit: Id) -> Result<Vec<Answer>> {
        self.tree(Tree::Answers)
            .scan_prefix(visit.as_bytes())
            .values()
            .map(|v| {
                v.map_err(|e| self.err(e))
                    .and_then(|b| self.decode(Tree::Answers, &b))
            })
            .collect()
    }
    /// Every answer (export and check only).
    pub fn answers(&self) -> Result<Vec<Answer>> {
        self.all(Tree::Answers)
    }

    /// The team's text of the visit's báo cáo (`unit` none) or of the
    /// thông báo kết luận to `unit`.
    pub fn report(&self, visit: Id, unit: Option<Id>) -> Result<Option<Report>> {
        self.get(Tree::Reports, &keys::report_key(visit, unit))
    }
    /// The báo cáo and every thông báo kết luận of a visit.
    pub fn reports_of_visit(&self, visit: Id) -> Result<Vec<Report>> {
        self.tree(Tree::Reports)
            .scan_prefix(visit.as_bytes())
            .values()
            .map(|v| {
                v.map_err(|e| self.err(e))
                    .and_then(|b| self.decode(Tree::Reports, &b))
            })
            .collect()
    }
    /// Every report (export, the dashboard's report-back deadlines).
    pub fn reports(&self) -> Result<Vec<Report>> {
        self.all(Tree::Reports)
    }

    /// Every conflict, open and settled, record by record (the
    /// conflict queue, `haukiem conflicts`).
    pub fn conflicts(&self) -> Result<Vec<crate::domain::Conflict>> {
        let lists: Vec<Vec<crate::domain::Conflict>> = self.all(Tree::Conflicts)?;
        Ok(lists.into_iter().flatten().collect())
    }

    /// The open conflicts, oldest first.
    pub fn open_conflicts(&self) -> Result<Vec<crate::domain::Conflict>> {
        let mut open: Vec<_> = self
            .conflicts()?
            .into_iter()
            .filter(|c| c.is_open())
            .collect();
        open.sort_by_key(|c| (c.sides[1].at, c.id));
        Ok(open)
    }

    /// The ops held until this laptop's clock is near them, oldest first.
    pub fn held_ops(&self) -> Result<Vec<crate::domain::Op>> {
        self.all(Tree::Held)
    }

    /// A record's conflicts, open and settled.
    pub fn conflicts_of(
        &self,
        target: &crate::domain::Target,
    ) -> Result<Vec<crate::domain::Conflict>> {
        match keys::conflicts_key(target) {
            Some(k) => Ok(self.get(Tree::Conflicts, &k)?.unwrap_or_default()),
            None => Ok(Vec::new()),
        }
    }

    pub fn finding(&self, id: Id) -> Result<Option<Finding>> {
        self.get(Tree::Findings, id.as_bytes())
    }
    pub fn finding_by_ref(&self, reference: &str) -> Result<Option<Finding>> {
        match self.by_code(&keys::code_key(b'f', reference))? {
            Some(id) => self.finding(id),
            None => Ok(None),
        }
    }
    /// Every finding (export, check and the search index only).
    pub fn findings(&self) -> Result<Vec<Finding>> {
        self.all(Tree::Findings)
    }

    fn findings_at(
        &self,
        keys: impl Iterator<Item = sled::Result<sled::IVec>>,
        id_at: usize,
    ) -> Result<Vec<Finding>> {
        let mut out = Vec::new();
        for k in keys {
            let k = k.map_err(|e| self.err(e))?;
            if let Some(f) = keys::id_from(&k[id_at..])
                .map(|id| self.finding(id))
                .transpose()?
                .flatten()
            {
                out.push(f);
            }
        }
        Ok(out)
    }

    /// Ids of active findings due in `[from, to)` (`None`: unbounded), from the due-date index.
    pub fn active_due_ids(
        &self,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Result<Vec<Id>> {
        let lo = [&[1u8][..], &from.map_or([0; 4], keys::date_key)].concat();
        let hi = match to {
            Some(d) => [&[1u8][..], &keys::date_key(d)].concat(),
            None => vec![2u8],
        };
        self.tree(Tree::FindingDue)
            .range(lo..hi)
            .keys()
            .map(|k| {
                let k = k.map_err(|e| self.err(e))?;
                keys::id_from(&k[5..]).ok_or_else(|| {
                    StoreError::Invalid(Invalid::MalformedKey(
                        crate::i18n::Msg::KeyDueIndex.text().into(),
                    ))
                })
            })
            .collect()
    }

    /// How many findings the database holds (a counter: no scan).
    pub fn finding_count(&self) -> Result<u64> {
        self.counter(counter::FINDINGS)
    }

    /// The first `at_least` active findings in due-date order, and every
    /// other active finding due the same day as the last of them (so the
    /// caller can order ties as it likes), read through the due-date index:
    /// what the findings list's first page needs before the whole table is
    /// in memory. `None` when the ties would pass `most` findings.
    pub fn first_active(&self, at_least: usize, most: usize) -> Result<Option<Vec<Finding>>> {
        let mut ids = Vec::new();
        let mut last_due: Option<[u8; 4]> = None;
        for k in self
            .tree(Tree::FindingDue)
            .range(vec![1u8]..vec![2u8])
            .keys()
        {
            let k = k.map_err(|e| self.err(e))?;
            let malformed = || {
                StoreError::Invalid(Invalid::MalformedKey(
                    crate::i18n::Msg::KeyDueIndex.text().into(),
                ))
            };
            let due: [u8; 4] = k
                .get(1..5)
                .and_then(|d| d.try_into().ok())
                .ok_or_else(malformed)?;
            if ids.len() >= at_least && last_due != Some(due) {
                break;
            }
            if ids.len() >= most {
                return Ok(None);
            }
            ids.push(keys::id_from(&k[5..]).ok_or_else(malformed)?);
            last_due = Some(due);
        }
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            out.extend(self.finding(id)?);
        }
        Ok(Some(out))
    }

    /// Who merged into whom (sáp nhập), from the succession index.
    pub fn succession(&self) -> Result<Succession> {
        let mut pairs = Vec::new();
        for k in self.tree(Tree::UnitSuccessors).iter().keys() {
            let k = k.map_err(|e| self.err(e))?;
            let (Some(successor), Some(unit)) = (keys::id_from(&k), keys::id_from(&k[16..])) else {
                return Err(StoreError::Invalid(Invalid::MalformedKey(
                    crate::i18n::Msg::KeySuccessionIndex.text().into(),
                )));
            };
            pairs.push((unit, successor));
        }
        Ok(Succession::new(pairs))
    }

    /// The unit and every unit that merged into it: whose findings are
    /// read as the unit's.
    fn lineage(&self, unit: Id) -> Result<Vec<Id>> {
        let mut units = vec![unit];
        if self
            .tree(Tree::UnitSuccessors)
            .scan_prefix(unit.as_bytes())
            .next()
            .is_some()
        {
            units.extend(self.succession()?.predecessors(unit));
        }
        Ok(units)
    }

    /// Findings of a unit and of the units that merged into it, from the
    /// unit index.
    pub fn findings_of_unit(&self, unit: Id) -> Result<Vec<Finding>> {
        let mut out = Vec::new();
        for u in self.lineage(unit)? {
            out.extend(
                self.findings_at(
                    self.tree(Tree::FindingUnit)
                        .scan_prefix(u.as_bytes())
                        .keys(),
                    21,
                )?,
            );
        }
        Ok(out)
    }

    /// Active findings of a unit and of the units that merged into it that
    /// are past due on `today`, from the unit index.
    pub fn overdue_of_unit(&self, unit: Id, today: NaiveDate) -> Result<u64> {
        let mut n = 0;
        for u in self.lineage(unit)? {
            let lo = [u.as_bytes().as_slice(), &[1], &[0; 4]].concat();
            let hi = [u.as_bytes().as_slice(), &[1], &keys::date_key(today)].concat();
            n += self.tree(Tree::FindingUnit).range(lo..hi).count() as u64;
        }
        Ok(n)
    }

    /// Findings of a visit, from the visit index.
    pub fn findings_of_visit(&self, visit: Id) -> Result<Vec<Finding>> {
        self.findings_at(
            self.tree(Tree::FindingVisit)
                .scan_prefix(visit.as_bytes())
                .keys(),
            16,
        )
    }

    /// The findings that pass `filter` as of `today`, ordered by due date then reference.
    /// Starts from the narrowest index the filter allows.
    pub fn query_findings(&self, filter: &FindingFilter, today: NaiveDate) -> Result<Vec<Finding>> {
        let filled;
        let filter = if filter.unit.is_some() && filter.predecessors.is_empty() {
            filled = filter.clone().with_predecessors(&self.succession()?);
            &filled
        } else {
            filter
        };
        let test = filter.as_of(today);
        let mut found = if let Some((from, to)) = test.due_range() {
            let ids = self.active_due_ids(from, to)?;
            let mut v = Vec::with_capacity(ids.len());
            for id in ids {
                v.extend(self.finding(id)?);
            }
            v
        } else if let Some(u) = filter.unit {
            self.findings_of_unit(u)?
        } else if let Some(v) = filter.visit {
            self.findings_of_visit(v)?
        } else {
            self.findings()?
        };
        found.retain(|f| test.matches(f));
        found.sort_by(|a, b| {
            a.due
                .cmp(&b.due)
                .then_with(|| a.reference.cmp(&b.reference))
        });
        Ok(found)
    }

    /// A counter's value.
    pub fn counter(&self, key: &str) -> Result<u64> {
        Ok(self
            .tree(Tree::Counters)
            .get(key.as_bytes())
            .map_err(|e| self.err(e))?
            .and_then(|v| v.as_ref().try_into().ok().map(i64::from_be_bytes))
            .map_or(0, |n| u64::try_from(n).unwrap_or(0)))
    }

    fn sum_counters(&self, lo: &str, hi: &str) -> Result<u64> {
        let mut n = 0u64;
        for kv in self
            .tree(Tree::Counters)
            .range(lo.as_bytes()..hi.as_bytes())
        {
            let (_, v) = kv.map_err(|e| self.err(e))?;
            let c = v.as_ref().try_into().ok().map_or(0, i64::from_be_bytes);
            n += u64::try_from(c).unwrap_or(0);
        }
        Ok(n)
    }

    /// Findings of a unit, and of the units that merged into it, by status.
    pub fn unit_status_counts(&self, unit: Id) -> Result<StatusCounts> {
        let mut out = StatusCounts::default();
        for u in self.lineage(unit)? {
            out += self.status_counts(|s| counter::unit_status(u, s))?;
        }
        Ok(out)
    }

    /// Findings of a visit by status.
    pub fn visit_status_counts(&self, visit: Id) -> Result<StatusCounts> {
        self.status_counts(|s| counter::visit_status(visit, s))
    }

    /// The counters `key` names, by status.
    fn status_counts(&self, key: impl Fn(FindingStatus) -> String) -> Result<StatusCounts> {
        let mut out = StatusCounts::default();
        for s in FindingStatus::ALL {
            out[*s] = self.counter(&key(*s))?;
        }
        Ok(out)
    }

    /// Answers of a unit in a visit, by verdict (indexed like `Verdict::index`).
    pub fn answer_counts(&self, visit: Id, unit: Id) -> Result<[u64; 5]> {
        let mut out = [0; 5];
        for v in Verdict::ALL {
            out[usize::from(v.index())] = self.counter(&counter::answers(visit, unit, *v))?;
        }
        Ok(out)
    }

    /// A unit's checklist progress in a visit: its answers, by verdict, to
    /// the items of `template` its sector answers, and how many items that
    /// is (every item if the unit is not stored). An answer kept from
    /// replayed history to an item of other sectors is not counted.
    ///
    /// # Errors
    /// Storage failure.
    pub fn unit_progress(&self, template: &Template, visit: Id, unit: Id) -> Result<Progress> {
        let mut by_verdict = self.answer_counts(visit, unit)?;
        let Some(sector) = self.unit(unit)?.map(|u| u.sector) else {
            return Ok(Progress {
                by_verdict,
                items: template.item_count() as u64,
            });
        };
        let mut items = 0;
        for (_, item) in template.items() {
            if item.applies_to(sector) {
                items += 1;
            } else if let Some(a) = self.answer(visit, unit, &item.code)? {
                let n = &mut by_verdict[usize::from(a.verdict.index())];
                *n = n.saturating_sub(1);
            }
        }
        Ok(Progress { by_verdict, items })
    }

    /// The dashboard's figures as of `today`, from counters only.
    pub fn summary(&self, today: NaiveDate) -> Result<Summary> {
        let day = |d: NaiveDate| counter::active_due(d);
        let plus = |n: u64| today.checked_add_days(Days::new(n)).unwrap_or(today);
        let mut s = Summary {
            total: self.counter(counter::FINDINGS)?,
            overdue: self.sum_counters(counter::ACTIVE_DUE_PREFIX, &day(today))?,
            due_7: self.sum_counters(&day(today), &day(plus(8)))?,
            due_30: self.sum_counters(&day(today), &day(plus(31)))?,
            verified_this_month: self
                .counter(&counter::verified_month(today.year(), today.month()))?,
            by_status: self.status_counts(counter::status)?,
            ..Summary::default()
        };
        s.active = s.by_status.active();
        Ok(s)
    }

    /// Every op, oldest first.
    pub fn ops(&self) -> Result<Vec<crate::domain::Op>> {
        self.all(Tree::Ops)
    }

    /// The newest op, if any.
    pub fn last_op(&self) -> Result<Option<crate::domain::Op>> {
        match self.tree(Tree::Ops).last().map_err(|e| self.err(e))? {
            Some((_, v)) => self.decode(Tree::Ops, &v).map(Some),
            None => Ok(None),
        }
    }

    /// The reference for the next finding a device records in a visit:
    /// one more than the highest it has used there.
    pub fn next_reference(&self, visit_code: &str, tag: &str) -> Result<String> {
        let prefix = keys::code_key(b'f', &format!("{visit_code}-{tag}"));
        let mut max = 0u32;
        for k in self.tree(Tree::ByCode).scan_prefix(&prefix).keys() {
            let k = k.map_err(|e| self.err(e))?;
            if let Some(n) = std::str::from_utf8(&k[prefix.len()..])
                .ok()
                .and_then(|s| s.parse::<u32>().ok())
            {
                max = max.max(n);
            }
        }
        Ok(crate::domain::finding::reference(visit_code, tag, max + 1))
    }

    /// Number of ops in the log.
    #[must_use]
    pub fn op_count(&self) -> usize {
        self.tree(Tree::Ops).len()
    }

    /// The op of the log with this id, whatever time it claims: what an
    /// import compares its ops with.
    pub fn op_by_id(&self, id: Id) -> Result<Option<crate::domain::Op>> {
        let Some(key) = self
            .tree(Tree::OpIds)
            .get(id.as_bytes())
            .map_err(|e| self.err(e))?
        else {
            return Ok(None);
        };
        match self.tree(Tree::Ops).get(key).map_err(|e| self.err(e))? {
            Some(v) => self.decode(Tree::Ops, &v).map(Some),
            None => Ok(None),
        }
    }

    /// Whether an op with this id and time is in the log.
    pub fn has_op(&self, op: &crate::domain::Op) -> Result<bool> {
        self.tree(Tree::Ops)
            .contains_key(keys::op_key(op.at, op.id))
            .map_err(|e| self.err(e))
    }
}

impl Store {
    /// Counts of findings by status for every unit that has any, read in
    /// one pass over the per-unit counters (not one lookup per unit); each
    /// under its own unit (the listings fold predecessors into successors).
    pub fn unit_status_table(&self) -> Result<std::collections::HashMap<Id, StatusCounts>> {
        let mut out: std::collections::HashMap<Id, StatusCounts> = std::collections::HashMap::new();
        for kv in self
            .tree(Tree::Counters)
            .scan_prefix(counter::UNIT_STATUS_PREFIX)
        {
            let (k, v) = kv.map_err(|e| self.err(e))?;
            let n = v.as_ref().try_into().ok().map_or(0, i64::from_be_bytes);
            let n = u64::try_from(n).unwrap_or(0);
            if n == 0 {
                continue;
            }
            // "f/u/{unit}/s/{index}"
            let rest = &k[counter::UNIT_STATUS_PREFIX.len()..];
            let parsed = std::str::from_utf8(rest).ok().and_then(|s| {
                let (unit, status) = s.split_once("/s/")?;
                let status = FindingStatus::from_index(status.parse().ok()?)?;
                Some((unit.parse::<Id>().ok()?, status))
            });
            match parsed {
                Some((unit, status)) => out.entry(unit).or_default()[status] += n,
                _ => {
                    return Err(malformed_counter(&k));
                }
            }
        }
        Ok(out)
    }
}

/// A counter key that does not read.
pub(crate) fn malformed_counter(key: &[u8]) -> StoreError {
    StoreError::Invalid(Invalid::MalformedKey(
        crate::i18n::Msg::KeyCounter.fill(&[&String::from_utf8_lossy(key)]),
    ))
}
