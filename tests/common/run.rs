//! Running random operations against the store and the model: each change
//! is expected to be accepted or refused (a refused one must leave the
//! counters as they were), the model follows the accepted ones, and an
//! accepted write must remove the listing view.

use haukiem::domain::Change;
use haukiem::store::Store;

use super::build::{open, today};
use super::model::Model;
use super::ops::{Action, Ix, NewFinding};

mod actions;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    Accepted,
    Rejected,
}

/// A store, the model of what it should hold, and counts of what it took.
pub struct Run {
    store: Option<Store>,
    pub model: Model,
    /// Ops the log should hold.
    pub ops: usize,
    seq: u32,
    pub accepted: usize,
    pub rejected: usize,
}

impl Run {
    /// Operations on `store`, starting from what it holds.
    pub fn new(store: Store) -> Run {
        Run {
            model: Model::read(&store),
            ops: store.op_count(),
            store: Some(store),
            seq: 0,
            accepted: 0,
            rejected: 0,
        }
    }

    pub fn store(&self) -> &Store {
        self.store.as_ref().expect("the store is open")
    }

    /// Close the store and hand it back.
    pub fn into_store(mut self) -> Store {
        self.store.take().expect("the store is open")
    }

    fn next(&mut self) -> u32 {
        self.seq += 1;
        self.seq
    }

    fn view_exists(&self) -> bool {
        self.store()
            .path()
            .join(haukiem::store::view::FILE)
            .exists()
    }

    /// Commit a change; a rejected one must leave the store as it was, an
    /// accepted one must have removed the listing view.
    fn commit(&mut self, change: Change, reason: Option<String>, expect: Expect) -> bool {
        let summary = self.store().summary(today()).expect("summary");
        match self.store().commit(change.clone(), reason) {
            Ok(op) => {
                assert_ne!(
                    expect,
                    Expect::Rejected,
                    "the store accepted an op it must refuse: {op:?}"
                );
                self.accepted(&change);
                true
            }
            Err(e) => {
                assert_ne!(
                    expect,
                    Expect::Accepted,
                    "the store refused a legal op: {e}; change {change:?}"
                );
                assert_eq!(
                    self.store().summary(today()).expect("summary"),
                    summary,
                    "a rejected op ({e}) changed the counters"
                );
                self.rejected += 1;
                false
            }
        }
    }

    fn accepted(&mut self, change: &Change) {
        assert!(
            !self.view_exists(),
            "the listing view survived an accepted write ({change:?})"
        );
        self.model.apply(change);
        self.ops += 1;
        self.accepted += 1;
    }

    /// The store holds what the model says, and the log one op per
    /// accepted change.
    pub fn check(&self, what: &Action) {
        assert_eq!(self.store().op_count(), self.ops, "op count after {what:?}");
        assert_eq!(
            Model::read(self.store()),
            self.model,
            "store and model differ after {what:?}"
        );
    }

    /// Close and reopen the database: what it held, and its listing view,
    /// are still there.
    pub fn reopen(&mut self) {
        let path = self.store().path().to_path_buf();
        let had_view = self.view_exists();
        drop(self.store.take());
        self.store = Some(open(&path));
        assert_eq!(
            self.view_exists(),
            had_view,
            "opening the database, with nothing to migrate, keeps the view"
        );
    }

    /// Run `a` first if the model has none of what `missing` looks for.
    fn ensure(&mut self, missing: fn(&Model) -> bool, a: &Action) {
        if missing(&self.model) {
            self.run(a);
        }
    }

    fn ensure_template(&mut self) {
        self.ensure(|m| m.templates.is_empty(), &Action::Template);
    }

    fn ensure_unit(&mut self) {
        self.ensure(|m| m.units.is_empty(), &Action::Unit { parent: None });
    }

    fn ensure_visit(&mut self) {
        self.ensure_template();
        self.ensure_unit();
        let first = Action::Visit {
            template: Ix(0),
            units: vec![Ix(0)],
        };
        self.ensure(|m| m.visits.is_empty(), &first);
    }

    fn ensure_finding(&mut self) {
        self.ensure_visit();
        if self.model.findings.is_empty() {
            self.add_finding(&NewFinding {
                padded: true,
                ..NewFinding::default()
            });
        }
    }

    fn ensure_answer(&mut self) {
        self.ensure_visit();
        if self.model.answers.is_empty() {
            self.answer(Ix(0), Ix(0), Ix(0), Ix(3));
        }
    }

    /// Run an action, first creating what it needs, so that every action of
    /// a sequence does something.
    pub fn step(&mut self, a: &Action) {
        match a {
            Action::Unit { .. }
            | Action::OrphanUnit
            | Action::Template
            | Action::Undo { .. }
            | Action::WriteView
            | Action::Reopen => {}
            Action::DuplicateUnitCode { .. }
            | Action::RenameUnit { .. }
            | Action::DeleteUnit { .. } => self.ensure_unit(),
            Action::Visit { .. } => {
                self.ensure_template();
                self.ensure_unit();
            }
            Action::RenameVisit { .. }
            | Action::Answer { .. }
            | Action::BadAnswer { .. }
            | Action::Finding { .. }
            | Action::BadFinding { .. }
            | Action::DeleteVisit { .. } => self.ensure_visit(),
            Action::DeleteAnswer { .. } => self.ensure_answer(),
            Action::Status { .. }
            | Action::Extend { .. }
            | Action::Note { .. }
            | Action::DeleteFinding { .. } => self.ensure_finding(),
        }
        self.run(a);
    }
}
