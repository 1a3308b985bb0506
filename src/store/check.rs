//! Integrity check: decode every record, rebuild the indexes and counters
//! from the entities and compare, verify references, and verify that the op
//! log adds up to the stored entities.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt;

use super::codec::SCHEMA;
use super::keys::{self, Tree};
use super::{Result, Store, migrate};
use crate::domain::{Answer, Change, Finding, Op, Target, Template, Unit, Visit};

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
                        problems.push(Problem(format!(
                            "{}: a record is stored under the wrong key",
                            t.name()
                        )));
                    }
                    items.push(item);
                }
                Err(e) => problems.push(Problem(format!(
                    "{}: key {}: {}",
                    t.name(),
                    hex(&k),
                    crate::error::describe(&e)
                ))),
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
            p.push(Problem(format!(
                "meta: schema version {version}, expected {SCHEMA}"
            )));
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
        let ops = self
            .load::<Op>(Tree::Ops, &mut p, &mut c, |o| keys::op_key(o.at, o.id))?
            .items;
        c.ops = ops.len() as u64;
        self.check_op_ids(&ops, &mut p)?;

        check_references(&units, &templates, &visits, &answers, &findings, &mut p);
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
        for f in &findings {
            entries.extend(keys::finding_entries(f));
            add(keys::finding_counters(f));
            if let Err(e) = f.validate() {
                p.push(Problem(format!("finding {}: {e}", f.reference)));
            }
        }
        self.compare_indexes(&entries, &mut p)?;
        self.compare_counters(&counters, &mut p)?;
        check_log(
            &ops, &units, &templates, &visits, &answers, &findings, &mut p,
        );
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
                    None => p.push(Problem(format!("{}: stray entry {}", t.name(), hex(&k)))),
                    Some(want) if *want != v.as_ref() => {
                        p.push(Problem(format!(
                            "{}: entry {} points elsewhere",
                            t.name(),
                            hex(&k)
                        )));
                    }
                    Some(_) => {}
                }
                stored.insert(k.to_vec());
            }
            for k in expected.keys() {
                if !stored.contains(*k) {
                    p.push(Problem(format!("{}: missing entry {}", t.name(), hex(k))));
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
                _ => p.push(Problem(format!(
                    "{}: op {} is missing or points elsewhere",
                    Tree::OpIds.name(),
                    op.id
                ))),
            }
        }
        if tree.len() != ops.len() {
            p.push(Problem(format!(
                "{}: {} entries for {} ops",
                Tree::OpIds.name(),
                tree.len(),
                ops.len()
            )));
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
                p.push(Problem(format!(
                    "counter {name}: stored {value:?}, recount {want}"
                )));
            }
            seen.insert(name);
        }
        for (k, v) in expected {
            if !seen.contains(k) {
                p.push(Problem(format!("counter {k}: missing, recount {v}")));
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
            p.push(Problem(format!("unit {}: parent missing", u.code)));
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
            p.push(Problem(format!("visit {}: template missing", v.code)));
        }
        if v.units.iter().any(|u| !unit_ids.contains(u)) {
            p.push(Problem(format!("visit {}: a unit is missing", v.code)));
        }
    }
    let has_item = |visit: &Visit, item: &str| {
        tmpl.get(&visit.template)
            .is_some_and(|t| t.item(item).is_some())
    };
    for a in answers {
        match visit_map.get(&a.visit) {
            Some(v) if v.units.contains(&a.unit) && has_item(v, &a.item) => {}
            _ => p.push(Problem(format!(
                "answer {}: visit, unit or item missing",
                a.item
            ))),
        }
    }
    for f in findings {
        let ok_visit = visit_map
            .get(&f.visit)
            .is_some_and(|v| f.item.as_deref().is_none_or(|i| has_item(v, i)));
        if !unit_ids.contains(&f.unit) || !ok_visit {
            p.push(Problem(format!(
                "finding {}: unit, visit or item missing",
                f.reference
            )));
        }
    }
}

/// The last op on each target must leave exactly the stored entity.
fn check_log(
    ops: &[Op],
    units: &[Unit],
    templates: &[Template],
    visits: &[Visit],
    answers: &[Answer],
    findings: &[Finding],
    p: &mut Vec<Problem>,
) {
    let mut last: HashMap<&Target, &Change> = HashMap::new();
    for op in ops {
        last.insert(&op.target, &op.change);
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
    for (target, change) in &last {
        let after = !change.is_deletion();
        match (expected.get(*target), after) {
            (Some(e), true) if same_new(e, change) => {}
            (None, false) => {}
            _ => p.push(Problem(format!(
                "op log and stored entity differ for {target:?}"
            ))),
        }
    }
    for t in expected.keys() {
        if !last.contains_key(t) {
            p.push(Problem(format!("entity without any op in the log: {t:?}")));
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
        _ => false,
    }
}

fn hex(b: &[u8]) -> String {
    b.iter().take(24).map(|x| format!("{x:02x}")).collect()
}
