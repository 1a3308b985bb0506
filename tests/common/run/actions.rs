//! What each action does to the store: the change it makes and whether
//! the store must take it.

use std::collections::BTreeSet;

use haukiem::domain::finding::Stamp;
use haukiem::domain::label::Labelled;
use haukiem::domain::{
    Change, Event, Finding, FindingStatus, FollowUp, Id, Item, RuleError, Verdict, new_id,
};
use haukiem::store::StoreError;

use super::{Expect, Run};
use crate::common::build::{
    answer, days_from, finding, stamp, template, today, unit, visit, worded_finding,
};
use crate::common::model::Model;
use crate::common::ops::{Action, Ix, NewFinding};

impl Run {
    /// Run an action as it is (nothing happens when what it picks from is
    /// empty).
    pub fn run(&mut self, a: &Action) {
        match a {
            Action::Unit { parent } => self.add_unit(*parent),
            Action::DuplicateUnitCode { unit } => self.duplicate_unit_code(*unit),
            Action::OrphanUnit => self.orphan_unit(),
            Action::RenameUnit { unit, code } => self.rename_unit(*unit, *code),
            Action::Template => self.add_template(),
            Action::Visit { template, units } => self.add_visit(*template, units),
            Action::RenameVisit { visit } => self.rename_visit(*visit),
            Action::Answer {
                visit,
                unit,
                item,
                verdict,
            } => self.answer(*visit, *unit, *item, *verdict),
            Action::BadAnswer { visit, unit } => self.bad_answer(*visit, *unit),
            Action::DeleteAnswer { answer } => self.delete_answer(*answer),
            Action::Finding(new) => self.add_finding(new),
            Action::BadFinding { visit, unit } => self.bad_finding(*visit, *unit),
            Action::Status {
                finding,
                to,
                legal,
                back,
            } => self.change_status(*finding, *to, *legal, *back),
            Action::Extend {
                finding,
                days,
                reason,
            } => self.extend(*finding, *days, *reason),
            Action::Note { finding } => self.note(*finding),
            Action::DeleteFinding { finding } => self.delete_finding(*finding),
            Action::DeleteUnit { unit } => self.delete_unit(*unit),
            Action::DeleteVisit { visit } => self.delete_visit(*visit),
            Action::Undo { op } => self.undo(*op),
            Action::WriteView => {
                self.store().write_view().expect("write the view");
                assert!(self.view_exists());
            }
            Action::Reopen => self.reopen(),
        }
    }

    fn add_unit(&mut self, parent: Option<Ix>) {
        let parent = parent
            .and_then(|i| Model::pick(&self.model.units, &i))
            .map(|u| u.id);
        let n = self.next();
        let u = unit(&format!("U{n:02}"), parent);
        self.commit(Change::create(u), None, Expect::Accepted);
    }

    fn duplicate_unit_code(&mut self, i: Ix) {
        let Some(existing) = Model::pick(&self.model.units, &i) else {
            return;
        };
        let u = unit(&existing.code, None);
        self.commit(Change::create(u), None, Expect::Rejected);
    }

    fn orphan_unit(&mut self) {
        let n = self.next();
        let u = unit(&format!("U{n:02}"), Some(new_id()));
        self.commit(Change::create(u), None, Expect::Rejected);
    }

    fn rename_unit(&mut self, i: Ix, code: bool) {
        let Some(old) = Model::pick(&self.model.units, &i).cloned() else {
            return;
        };
        let n = self.next();
        let mut new = old.clone();
        if code {
            new.code = format!("R{n:02}");
        } else {
            new.name = format!("Đảng bộ đổi tên {n}");
        }
        self.commit(Change::update(old, new), None, Expect::Accepted);
    }

    fn add_template(&mut self) {
        let n = self.next();
        self.commit(Change::create(template(n)), None, Expect::Accepted);
    }

    fn add_visit(&mut self, t: Ix, units: &[Ix]) {
        let Some(t) = Model::pick(&self.model.templates, &t).map(|t| t.id) else {
            return;
        };
        let ids: BTreeSet<Id> = units
            .iter()
            .filter_map(|i| Model::pick(&self.model.units, i))
            .map(|u| u.id)
            .collect();
        if ids.is_empty() {
            return;
        }
        let n = self.next();
        let v = visit(&format!("HK-{n:02}"), t, ids.into_iter().collect());
        self.commit(Change::create(v), None, Expect::Accepted);
    }

    fn rename_visit(&mut self, i: Ix) {
        let Some(old) = Model::pick(&self.model.visits, &i).cloned() else {
            return;
        };
        let n = self.next();
        let mut new = old.clone();
        new.code = format!("HK-R{n:02}");
        self.commit(Change::update(old, new), None, Expect::Accepted);
    }

    /// The item codes of visit `v`'s checklist.
    fn items_of(&self, template: Id) -> Vec<String> {
        let t = &self.model.templates[&template];
        t.items().map(|(_, i): (_, &Item)| i.code.clone()).collect()
    }

    pub(super) fn answer(&mut self, v: Ix, u: Ix, item: Ix, verdict: Ix) {
        let m = &self.model;
        let Some(v) = Model::pick(&m.visits, &v) else {
            return;
        };
        let u = v.units[u.index(v.units.len())];
        let items = self.items_of(v.template);
        let item = &items[item.index(items.len())];
        let verdict = Verdict::ALL[verdict.index(Verdict::ALL.len())];
        let change = match m.answers.get(&(v.id, u, item.clone())) {
            Some(old) => {
                let mut new = old.clone();
                new.verdict = verdict;
                new.note = format!("Đổi thành {}", verdict.vi());
                Change::update(old.clone(), new)
            }
            None => Change::create(answer(v.id, u, item, verdict)),
        };
        self.commit(change, None, Expect::Accepted);
    }

    fn bad_answer(&mut self, v: Ix, u: Ix) {
        let Some(v) = Model::pick(&self.model.visits, &v) else {
            return;
        };
        let u = v.units[u.index(v.units.len())];
        let change = Change::create(answer(v.id, u, "IX.9", Verdict::Fail));
        self.commit(change, None, Expect::Rejected);
    }

    fn delete_answer(&mut self, i: Ix) {
        let Some(old) = Model::pick(&self.model.answers, &i).cloned() else {
            return;
        };
        self.commit(Change::delete(old), None, Expect::Accepted);
    }

    pub(super) fn add_finding(&mut self, new: &NewFinding) {
        let m = &self.model;
        let (Some(v), Some(u)) = (
            Model::pick(&m.visits, &new.visit),
            Model::pick(&m.units, &new.unit),
        ) else {
            return;
        };
        let (visit, code, unit) = (v.id, v.code.clone(), u.id);
        let items = self.items_of(v.template);
        let item = new.item.map(|i| items[i.index(items.len())].as_str());
        let n = self.next();
        let reference = if new.padded {
            format!("{code}-ABC{n:02}")
        } else {
            format!("{code}-ABC{n}")
        };
        let due = days_from(today(), new.due);
        let f = worded_finding(&reference, unit, visit, item, due, new.text);
        self.commit(Change::create(f), None, Expect::Accepted);
    }

    fn bad_finding(&mut self, v: Ix, u: Ix) {
        let m = &self.model;
        let (Some(v), Some(u)) = (Model::pick(&m.visits, &v), Model::pick(&m.units, &u)) else {
            return;
        };
        let (visit, code, unit) = (v.id, v.code.clone(), u.id);
        let n = self.next();
        let due = days_from(today(), -31);
        let f = finding(&format!("{code}-ABC{n:02}"), unit, visit, None, due);
        self.commit(Change::create(f), None, Expect::Rejected);
    }

    fn change_status(&mut self, f: Ix, to: Ix, legal: bool, back: i64) {
        let Some(f) = Model::pick(&self.model.findings, &f).cloned() else {
            return;
        };
        let next = f.status.next();
        let to = if legal && !next.is_empty() {
            next[to.index(next.len())]
        } else {
            FindingStatus::ALL[to.index(FindingStatus::ALL.len())]
        };
        let st = stamp(days_from(today(), -back));
        let note = format!("Chuyển sang {}", to.vi());
        match f.with_status(to, &note, st.clone()) {
            Ok(new) => {
                assert!(f.status.next().contains(&to));
                self.commit(Change::update(f, new), None, Expect::Accepted);
            }
            Err(e) => {
                assert!(
                    matches!(e, RuleError::IllegalTransition { .. }),
                    "unexpected {e}"
                );
                // Forge the illegal move: the store must refuse it.
                let event = Event::Status { from: f.status, to };
                let mut new = f.clone();
                new.status = to;
                self.forged(f, new, st, event, note);
            }
        }
    }

    fn extend(&mut self, f: Ix, days: i64, reason: bool) {
        let Some(f) = Model::pick(&self.model.findings, &f).cloned() else {
            return;
        };
        let to = days_from(f.due, days);
        let text = if reason {
            "Đơn vị xin gia hạn do thay đổi nhân sự"
        } else {
            "   "
        };
        let st = stamp(today());
        match f.with_extension(to, text, st.clone()) {
            Ok(new) => {
                assert!(reason && days > 0 && f.status.is_active());
                self.commit(Change::update(f, new), Some(text.into()), Expect::Accepted);
            }
            Err(_) if reason && days > 0 => {
                // Only "closed" is left; the store does not check it
                // (see `extension_of_a_closed_finding_is_refused`).
                assert!(!f.status.is_active());
            }
            Err(_) => {
                // Forge it: no reason, or not later — the store must refuse.
                let event = Event::Extended { from: f.due, to };
                let mut new = f.clone();
                new.due = to;
                self.forged(f, new, st, event, text.into());
            }
        }
    }

    /// `new` with `event` recorded by `st`, as a change of `old` the store
    /// must refuse (what a rule of the domain would not have built).
    fn forged(&mut self, old: Finding, mut new: Finding, st: Stamp, event: Event, note: String) {
        new.history.push(FollowUp {
            date: st.date,
            at: st.at,
            by: st.by,
            event,
            note,
        });
        self.commit(Change::update(old, new), None, Expect::Rejected);
    }

    fn note(&mut self, f: Ix) {
        let Some(f) = Model::pick(&self.model.findings, &f).cloned() else {
            return;
        };
        let new = f
            .with_note("Chi bộ đã họp kiểm điểm, có biên bản", stamp(today()))
            .expect("a note is always allowed");
        self.commit(Change::update(f, new), None, Expect::Accepted);
    }

    fn delete_finding(&mut self, f: Ix) {
        let Some(f) = Model::pick(&self.model.findings, &f).cloned() else {
            return;
        };
        self.commit(Change::delete(f), None, Expect::Accepted);
    }

    fn delete_unit(&mut self, u: Ix) {
        let m = &self.model;
        let Some(u) = Model::pick(&m.units, &u).cloned() else {
            return;
        };
        let used = m.units.values().any(|c| c.parent == Some(u.id))
            || m.visits.values().any(|v| v.units.contains(&u.id))
            || m.findings.values().any(|f| f.unit == u.id);
        self.delete_unless_used(Change::delete(u), used);
    }

    fn delete_visit(&mut self, v: Ix) {
        let m = &self.model;
        let Some(v) = Model::pick(&m.visits, &v).cloned() else {
            return;
        };
        let used = m.answers.values().any(|a| a.visit == v.id)
            || m.findings.values().any(|f| f.visit == v.id);
        self.delete_unless_used(Change::delete(v), used);
    }

    /// A deletion, which the store must refuse while something uses what
    /// it deletes.
    fn delete_unless_used(&mut self, change: Change, used: bool) {
        let expect = if used {
            Expect::Rejected
        } else {
            Expect::Accepted
        };
        self.commit(change, None, expect);
    }

    fn undo(&mut self, i: Ix) {
        let ops = self.store().ops().expect("ops");
        let Some(op) = i.pick(&ops) else {
            return;
        };
        let inverse = op.change.inverse();
        // The target must still be what the op left, or undo would
        // overwrite later work.
        let current = self.model.is_current(&inverse);
        let summary = self.store().summary(today()).expect("summary");
        match self.store().undo(&op) {
            Ok(undo) => {
                assert!(current, "undo of a changed target was accepted: {op:?}");
                assert_eq!(undo.change, inverse);
                assert_eq!(undo.undoes, Some(op.id));
                self.accepted(&inverse);
            }
            Err(e) => {
                if !current {
                    assert!(
                        matches!(e, StoreError::UndoOutdated(_)),
                        "undo of a changed target must be refused as outdated, got {e}"
                    );
                }
                assert_eq!(self.store().summary(today()).expect("summary"), summary);
                self.rejected += 1;
            }
        }
    }
}
