//! Integrity check: decode every record, rebuild the indexes and counters
//! from the entities and compare, verify references, and verify that the op
//! log adds up to the stored entities.

use crate::i18n::Msg;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt;

use super::codec::SCHEMA;
use super::keys::{self, Tree};
use super::{Result, Store, migrate};
use crate::domain::{Answer, Change, Finding, Op, Report, Target, Template, Unit, Visit};

/// One thing wrong with the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem(pub String);

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What `check` looked at.
#[derive(Debug, Default, Clone, Copy)]
pub struct Checked {
    pub records: u64,
    pub ops: u64,
}

struct Loaded<V> {
    items: Vec<V>,
}

impl Store {
    fn load<V: serde::de::DeserializeOwned>(
        &self,
        t: Tree,
        problems: &mut Vec<Problem>,
        checked: &mut Checked,
        key_of: impl Fn(&V) -> Vec<u8>,
    ) -> Result<Loaded<V>> {
        let mut items = Vec::new();
        for kv in self.tree(t).iter() {
            let (k, v) = kv.map_err(|e| self.err(e))?;
            checked.records += 1;
            match self.decode::<V>(t, &v) {
                Ok(item) => {
                    if key_of(&item) != k.as_ref() {
                        problems.push(Problem(Msg::CheckWrongKey.fill(&[&t.name()])));
                    }
                    items.push(item);
                }
                Err(e) => problems.push(Problem(Msg::CheckBadKey.fill(&[
                    &t.name(),
                    &hex(&k),
                    &crate::error::describe(&e),
                ]))),
            }
        }
        Ok(Loaded { items })
    }

    /// Verify everything; an empty list means the database is sound.
    ///
    /// # Errors
    /// Storage failure (a problem in the data is reported, not an error).
    pub fn check(&self) -> Result<(Vec<Problem>, Checked)> {
        let mut p = Vec::new();
        let mut c = Checked::default();
        let version = migrate::stored_version(self)?;
        if version != SCHEMA {
            p.push(Problem(Msg::CheckSchema.fill(&[&version, &SCHEMA])));
        }
        let units = self
            .load::<Unit>(Tree::Units, &mut p, &mut c, |u| u.id.as_bytes().to_vec())?
            .items;
        let templates = self
            .load::<Template>(Tree::Templates, &mut p, &mut c, |t| {
                t.id.as_bytes().to_vec()
            })?
            .items;
        let visits = self
            .load::<Visit>(Tree::Visits, &mut p, &mut c, |v| v.id.as_bytes().to_vec())?
            .items;
        let answers = self
            .load::<Answer>(Tree::Answers, &mut p, &mut c, |a| {
                keys::answer_key(a.visit, a.unit, &a.item)
            })?
            .items;
        let findings = self
            .load::<Finding>(Tree::Findings, &mut p, &mut c, |f| f.id.as_bytes().to_vec())?
            .items;
        let reports = self
            .load::<Report>(Tree::Reports, &mut p, &mut c, keys::report_key_of)?
            .items;
        let ops = self
            .load::<Op>(Tree::Ops, &mut p, &mut c, |o| keys::op_key(o.at, o.id))?
            .items;
        c.ops = ops.len() as u64;
        self.check_op_ids(&ops, &mut p)?;
        self.check_heads(&ops, &mut p)?;
        check_seq(&ops, &mut p);

        check_references(&units, &templates, &visits, &answers, &findings, &mut p);
        check_reports(&visits, &reports, &mut p);
        let mut entries = Vec::new();
        let mut counters: BTreeMap<String, i64> = BTreeMap::new();
        let mut add = |keys: Vec<String>| {
            for k in keys {
                *counters.entry(k).or_insert(0) += 1;
            }
        };
        for u in &units {
            entries.extend(keys::unit_entries(u));
            add(keys::unit_counters(u));
        }
        for t in &templates {
            entries.extend(keys::template_entries(t));
            add(keys::template_counters(t));
        }
        for v in &visits {
            entries.extend(keys::visit_entries(v));
            add(keys::visit_counters(v));
        }
        for a in &answers {
            add(keys::answer_counters(a));
        }
        for r in &reports {
            add(keys::report_counters(r));
        }
        for f in &findings {
            entries.extend(keys::finding_entries(f));
            add(keys::finding_counters(f));
            if let Err(e) = f.validate() {
                p.push(Problem(Msg::CheckFinding.fill(&[&f.reference, &e])));
            }
        }
        // Texts stored before the rules held them (the others' rules are
        // their writes' own, checked when they were made).
        let texts = units.iter().map(Unit::validate);
        let texts = texts.chain(templates.iter().map(Template::validate));
        let texts = texts.chain(visits.iter().map(Visit::validate));
        let texts = texts.chain(answers.iter().map(Answer::validate));
        let texts = texts.chain(reports.iter().map(Report::validate));
        for e in texts.filter_map(std::result::Result::err) {
            p.push(Problem(e.to_string()));
        }
        if let Some(view) = self.check_view(&findings, &units, &visits) {
            p.push(Problem(view));
        }
        self.compare_indexes(&entries, &mut p)?;
        self.compare_counters(&counters, &mut p)?;
        let entities = Entities {
            units: &units,
            templates: &templates,
            visits: &visits,
            answers: &answers,
            findings: &findings,
            reports: &reports,
        };
        check_log(&ops, &entities, &mut p);
        Ok((p, c))
    }

    fn compare_indexes(&self, entries: &[keys::Entry], p: &mut Vec<Problem>) -> Result<()> {
        for t in Tree::INDEXES {
            let expected: BTreeMap<&[u8], &[u8]> = entries
                .iter()
                .filter(|(tree, ..)| *tree == t)
                .map(|(_, k, v)| (k.as_slice(), v.as_slice()))
                .collect();
            let mut stored = BTreeSet::new();
            for kv in self.tree(t).iter() {
                let (k, v) = kv.map_err(|e| self.err(e))?;
                match expected.get(k.as_ref()) {
                    None => p.push(Problem(Msg::CheckStrayEntry.fill(&[&t.name(), &hex(&k)]))),
                    Some(want) if *want != v.as_ref() => {
                        p.push(Problem(
                            Msg::CheckEntryElsewhere.fill(&[&t.name(), &hex(&k)]),
                        ));
                    }
                    Some(_) => {}
                }
                stored.insert(k.to_vec());
            }
            for k in expected.keys() {
                if !stored.contains(*k) {
                    p.push(Problem(Msg::CheckMissingEntry.fill(&[&t.name(), &hex(k)])));
                }
            }
        }
        Ok(())
    }

    fn check_op_ids(&self, ops: &[Op], p: &mut Vec<Problem>) -> Result<()> {
        let tree = self.tree(Tree::OpIds);
        for op in ops {
            let key = keys::op_key(op.at, op.id);
            match tree.get(op.id.as_bytes()).map_err(|e| self.err(e))? {
                Some(v) if v.as_ref() == key.as_slice() => {}
                _ => p.push(Problem(
                    Msg::CheckOpMissing.fill(&[&Tree::OpIds.name(), &op.id]),
                )),
            }
        }
        if tree.len() != ops.len() {
            p.push(Problem(Msg::CheckOpCount.fill(&[
                &Tree::OpIds.name(),
                &tree.len(),
                &ops.len(),
            ])));
        }
        Ok(())
    }

    /// Each finding's ops are the ones its list names, in log order.
    fn check_heads(&self, ops: &[Op], p: &mut Vec<Problem>) -> Result<()> {
        let mut expected: BTreeMap<Vec<u8>, Vec<u8>> = BTreeMap::new();
        for op in ops {
            if let Some(head) = keys::head_key(&op.target) {
                expected
                    .entry(head)
                    .or_default()
                    .extend(keys::op_key(op.at, op.id));
            }
        }
        let mut stored: BTreeMap<Vec<u8>, Vec<u8>> = BTreeMap::new();
        for kv in self.tree(Tree::FindingHeads).iter() {
            let (k, v) = kv.map_err(|e| self.err(e))?;
            stored.insert(k.to_vec(), v.to_vec());
        }
        if stored != expected {
            p.push(Problem(Msg::CheckHeads.fill(&[
                &Tree::FindingHeads.name(),
                &stored.len(),
                &expected.len(),
            ])));
        }
        Ok(())
    }

    fn compare_counters(
        &self,
        expected: &BTreeMap<String, i64>,
        p: &mut Vec<Problem>,
    ) -> Result<()> {
        let mut seen = HashSet::new();
        for kv in self.tree(Tree::Counters).iter() {
            let (k, v) = kv.map_err(|e| self.err(e))?;
            let name = String::from_utf8_lossy(&k).into_owned();
            let value = v.as_ref().try_into().ok().map(i64::from_be_bytes);
            let want = expected.get(&name).copied().unwrap_or(0);
            if value != Some(want) {
                p.push(Problem(Msg::CheckCounter.fill(&[
                    &name,
                    &format!("{value:?}"),
                    &want,
                ])));
            }
            seen.insert(name);
        }
        for (k, v) in expected {
            if !seen.contains(k) {
                p.push(Problem(Msg::CheckCounterMissing.fill(&[&k, &v])));
            }
        }
        Ok(())
    }
}

fn check_references(
    units: &[Unit],
    templates: &[Template],
    visits: &[Visit],
    answers: &[Answer],
    findings: &[Finding],
    p: &mut Vec<Problem>,
) {
    let unit_map: HashMap<_, _> = units.iter().map(|u| (u.id, u)).collect();
    let unit_ids: HashSet<_> = unit_map.keys().copied().collect();
    let tmpl: HashMap<_, _> = templates.iter().map(|t| (t.id, t)).collect();
    let visit_map: HashMap<_, _> = visits.iter().map(|v| (v.id, v)).collect();
    for u in units {
        if u.parent.is_some_and(|x| !unit_ids.contains(&x)) {
            p.push(Problem(Msg::CheckParentMissing.fill(&[&u.code])));
        }
        let rules = u
            .validate()
            .and_then(|()| u.validate_succession(|id| unit_map.get(&id).map(|x| (*x).clone())));
        if let Err(e) = rules {
            p.push(Problem(e.to_string()));
        }
    }
    for v in visits {
        if let Err(e) = v.validate() {
            p.push(Problem(e.to_string()));
        }
        if !tmpl.contains_key(&v.template) {
            p.push(Problem(Msg::CheckTemplateMissing.fill(&[&v.code])));
        }
        if v.units.iter().any(|u| !unit_ids.contains(u)) {
            p.push(Problem(Msg::CheckVisitUnitMissing.fill(&[&v.code])));
        }
    }
    let has_item = |visit: &Visit, item: &str| {
        tmpl.get(&visit.template)
            .is_some_and(|t| t.item(item).is_some())
    };
    for a in answers {
        match visit_map.get(&a.visit) {
            Some(v) if v.units.contains(&a.unit) && has_item(v, &a.item) => {}
            _ => p.push(Problem(Msg::CheckAnswerUnlinked.fill(&[&a.item]))),
        }
    }
    for f in findings {
        let ok_visit = visit_map
            .get(&f.visit)
            .is_some_and(|v| f.item.as_deref().is_none_or(|i| has_item(v, i)));
        if !unit_ids.contains(&f.unit) || !ok_visit {
            p.push(Problem(Msg::CheckFindingUnlinked.fill(&[&f.reference])));
        }
    }
}

/// A report belongs to a visit, and a conclusion to one of its units.
fn check_reports(visits: &[Visit], reports: &[Report], p: &mut Vec<Problem>) {
    let visit_map: HashMap<_, _> = visits.iter().map(|v| (v.id, v)).collect();
    for r in reports {
        let linked = visit_map
            .get(&r.visit)
            .is_some_and(|v| r.unit.is_none_or(|u| v.units.contains(&u)));
        if !linked {
            p.push(Problem(Msg::CheckReportUnlinked.fill(&[&r.visit])));
        }
    }
}

/// Each laptop's count of its own ops rises through the log (0: made
/// before counts were kept).
fn check_seq(ops: &[Op], p: &mut Vec<Problem>) {
    let mut last: HashMap<crate::domain::Id, u64> = HashMap::new();
    for op in ops.iter().filter(|o| o.seq > 0) {
        let before = last.insert(op.device, op.seq);
        if before.is_some_and(|b| b >= op.seq) {
            p.push(Problem(Msg::CheckSeq.fill(&[
                &op.id,
                &op.seq,
                &before.unwrap_or(0),
            ])));
        }
    }
}

/// Every stored entity, by kind.
struct Entities<'a> {
    units: &'a [Unit],
    templates: &'a [Template],
    visits: &'a [Visit],
    answers: &'a [Answer],
    findings: &'a [Finding],
    reports: &'a [Report],
}

/// The last op on each target must leave exactly the stored entity.
fn check_log(ops: &[Op], e: &Entities<'_>, p: &mut Vec<Problem>) {
    let Entities {
        units,
        templates,
        visits,
        answers,
        findings,
        reports,
    } = *e;
    let mut last: HashMap<&Target, &Change> = HashMap::new();
    for op in ops {
        // A settlement names a conflict, not a record.
        if !matches!(op.target, Target::Conflict(_)) {
            last.insert(&op.target, &op.change);
        }
    }
    let mut expected: HashMap<Target, Change> = HashMap::new();
    let mut put = |change: Change| {
        if let Some(t) = change.target() {
            expected.insert(t, change);
        }
    };
    for u in units {
        put(Change::create(u.clone()));
    }
    for t in templates {
        put(Change::create(t.clone()));
    }
    for v in visits {
        put(Change::create(v.clone()));
    }
    for a in answers {
        put(Change::create(a.clone()));
    }
    for f in findings {
        put(Change::create(f.clone()));
    }
    for r in reports {
        put(Change::create(r.clone()));
    }
    for (target, change) in &last {
        let after = !change.is_deletion();
        match (expected.get(*target), after) {
            (Some(e), true) if same_new(e, change) => {}
            (None, false) => {}
            _ => p.push(Problem(
                Msg::CheckLogDiffers.fill(&[&format!("{target:?}")]),
            )),
        }
    }
    for t in expected.keys() {
        if !last.contains_key(t) {
            p.push(Problem(Msg::CheckWithoutOp.fill(&[&format!("{t:?}")])));
        }
    }
}

fn same_new(a: &Change, b: &Change) -> bool {
    match (a, b) {
        (Change::Unit { new: x, .. }, Change::Unit { new: y, .. }) => x == y,
        (Change::Template { new: x, .. }, Change::Template { new: y, .. }) => x == y,
        (Change::Visit { new: x, .. }, Change::Visit { new: y, .. }) => x == y,
        (Change::Answer { new: x, .. }, Change::Answer { new: y, .. }) => x == y,
        (Change::Finding { new: x, .. }, Change::Finding { new: y, .. }) => x == y,
        (Change::Report { new: x, .. }, Change::Report { new: y, .. }) => x == y,
        _ => false,
    }
}

fn hex(b: &[u8]) -> String {
    b.iter().take(24).map(|x| format!("{x:02x}")).collect()
}
