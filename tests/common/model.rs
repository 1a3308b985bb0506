//! The model of what the store should hold: updated only when a change is
//! accepted, compared with the store after every step.

use std::collections::BTreeMap;

use haukiem::domain::{Answer, Change, Finding, Id, Report, Template, Unit, Visit};
use haukiem::store::Store;

use super::ops::Ix;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Model {
    pub units: BTreeMap<Id, Unit>,
    pub templates: BTreeMap<Id, Template>,
    pub visits: BTreeMap<Id, Visit>,
    pub answers: BTreeMap<(Id, Id, String), Answer>,
    pub findings: BTreeMap<Id, Finding>,
    pub reports: BTreeMap<(Id, Option<Id>), Report>,
}

fn put<K: Ord, V: Clone>(map: &mut BTreeMap<K, V>, key: K, new: Option<&V>) {
    match new {
        Some(v) => {
            map.insert(key, v.clone());
        }
        None => {
            map.remove(&key);
        }
    }
}

fn keyed<K: Ord, V>(items: Vec<V>, key: impl Fn(&V) -> K) -> BTreeMap<K, V> {
    items.into_iter().map(|v| (key(&v), v)).collect()
}

impl Model {
    /// Everything `store` holds.
    pub fn read(store: &Store) -> Model {
        Model {
            units: keyed(store.units().expect("units"), |u| u.id),
            templates: keyed(store.templates().expect("templates"), |t| t.id),
            visits: keyed(store.visits().expect("visits"), |v| v.id),
            answers: keyed(store.answers().expect("answers"), |a| {
                (a.visit, a.unit, a.item.clone())
            }),
            findings: keyed(store.findings().expect("findings"), |f| f.id),
            reports: keyed(store.reports().expect("reports"), |r| (r.visit, r.unit)),
        }
    }

    pub fn apply(&mut self, change: &Change) {
        match change {
            Change::Unit { old, new } => {
                let id = new.as_ref().or(old.as_ref()).expect("a side").id;
                put(&mut self.units, id, new.as_deref());
            }
            Change::Template { old, new } => {
                let id = new.as_ref().or(old.as_ref()).expect("a side").id;
                put(&mut self.templates, id, new.as_deref());
            }
            Change::Visit { old, new } => {
                let id = new.as_ref().or(old.as_ref()).expect("a side").id;
                put(&mut self.visits, id, new.as_deref());
            }
            Change::Answer { old, new } => {
                let a = new.as_ref().or(old.as_ref()).expect("a side");
                let key = (a.visit, a.unit, a.item.clone());
                put(&mut self.answers, key, new.as_deref());
            }
            Change::Finding { old, new } => {
                let id = new.as_ref().or(old.as_ref()).expect("a side").id;
                put(&mut self.findings, id, new.as_deref());
            }
            Change::Report { old, new } => {
                let r = new.as_ref().or(old.as_ref()).expect("a side");
                put(&mut self.reports, (r.visit, r.unit), new.as_deref());
            }
            // A settlement changes no record.
            Change::Settle(_) => {}
        }
    }

    /// Whether the stored value at the change's target is its `old` side.
    pub fn is_current(&self, change: &Change) -> bool {
        match change {
            Change::Unit { old, new } => {
                let id = new.as_ref().or(old.as_ref()).expect("a side").id;
                self.units.get(&id) == old.as_deref()
            }
            Change::Template { old, new } => {
                let id = new.as_ref().or(old.as_ref()).expect("a side").id;
                self.templates.get(&id) == old.as_deref()
            }
            Change::Visit { old, new } => {
                let id = new.as_ref().or(old.as_ref()).expect("a side").id;
                self.visits.get(&id) == old.as_deref()
            }
            Change::Answer { old, new } => {
                let a = new.as_ref().or(old.as_ref()).expect("a side");
                self.answers.get(&(a.visit, a.unit, a.item.clone())) == old.as_deref()
            }
            Change::Finding { old, new } => {
                let id = new.as_ref().or(old.as_ref()).expect("a side").id;
                self.findings.get(&id) == old.as_deref()
            }
            Change::Report { old, new } => {
                let r = new.as_ref().or(old.as_ref()).expect("a side");
                self.reports.get(&(r.visit, r.unit)) == old.as_deref()
            }
            Change::Settle(_) => true,
        }
    }

    /// The `i`-th value of `map` (modulo its length), if any.
    pub fn pick<'a, K, V>(map: &'a BTreeMap<K, V>, i: &Ix) -> Option<&'a V> {
        if map.is_empty() {
            None
        } else {
            map.values().nth(i.index(map.len()))
        }
    }
}
