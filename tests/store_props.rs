//! Property tests of the store: random sequences of operations (legal and
//! illegal) against the shared model (`common::run`) and a recount of the
//! figures, plus plain tests of the write path's guarantees (all or nothing,
//! idempotent re-application, undo, the lock, the schema version).

mod common;

use std::path::Path;

use chrono::{Datelike, Days, NaiveDate};
use haukiem::domain::{
    Change, Event, Finding, FindingFilter, FindingStatus, FollowUp, Id, Op, StatusCounts, Template,
    Unit, Visit, new_id,
};
use haukiem::store::{Store, StoreError, Summary};
use proptest::prelude::*;

use common::build::{
    assert_clean, at, days_from, finding, open, stamp, template, today, unit, visit,
};
use common::cli::run;
use common::model::Model;
use common::ops::{Action, Kind as K, Mix, action};
use common::run::Run;

/// What the store property draws: every kind of change, legal and illegal,
/// and undo.
const MIX: &Mix = &[
    (1, &[K::DuplicateUnitCode, K::OrphanUnit, K::Template]),
    (1, &[K::BadAnswer, K::DeleteAnswer, K::BadFinding]),
    (1, &[K::DeleteFinding, K::DeleteUnit, K::DeleteVisit]),
    (2, &[K::Visit, K::Note]),
    (3, &[K::Unit, K::Answer, K::Extend, K::Undo]),
    (4, &[K::Finding]),
    (6, &[K::Status]),
];

/// The dashboard figures and overdue list, recounted from the entities.
fn verify_figures(store: &Store, model: &Model, today: NaiveDate) {
    let findings: Vec<&Finding> = model.findings.values().collect();
    let mut by_status = StatusCounts::default();
    for f in &findings {
        by_status[f.status] += 1;
    }
    let in_days = |f: &Finding, n: u64| {
        f.status.is_active()
            && f.due >= today
            && f.due <= today.checked_add_days(Days::new(n)).expect("date")
    };
    let expected = Summary {
        total: findings.len() as u64,
        overdue: findings
            .iter()
            .filter(|f| f.days_overdue(today).is_some())
            .count() as u64,
        due_7: findings.iter().filter(|f| in_days(f, 7)).count() as u64,
        due_30: findings.iter().filter(|f| in_days(f, 30)).count() as u64,
        active: findings.iter().filter(|f| f.status.is_active()).count() as u64,
        by_status,
        verified_this_month: findings
            .iter()
            .filter(|f| {
                f.verified_on()
                    .is_some_and(|d| d.year() == today.year() && d.month() == today.month())
            })
            .count() as u64,
    };
    let summary = store.summary(today).expect("summary");
    assert_eq!(summary, expected, "summary as of {today}");
    assert_eq!(summary.by_status, by_status);

    let sorted = |mut v: Vec<Id>| {
        v.sort();
        v
    };
    let overdue: Vec<Id> = findings
        .iter()
        .filter(|f| f.days_overdue(today).is_some())
        .map(|f| f.id)
        .collect();
    let queried = store
        .query_findings(
            &FindingFilter {
                overdue: true,
                ..FindingFilter::default()
            },
            today,
        )
        .expect("query overdue");
    assert!(
        queried.windows(2).all(|w| w[0].due <= w[1].due),
        "overdue list not in due order"
    );
    assert_eq!(
        sorted(queried.iter().map(|f| f.id).collect()),
        sorted(overdue),
        "overdue findings as of {today}"
    );
    let due_7: Vec<Id> = findings
        .iter()
        .filter(|f| in_days(f, 7))
        .map(|f| f.id)
        .collect();
    let queried = store
        .query_findings(
            &FindingFilter {
                due_within: Some(7),
                ..FindingFilter::default()
            },
            today,
        )
        .expect("query due within 7 days");
    assert_eq!(
        sorted(queried.iter().map(|f| f.id).collect()),
        sorted(due_7),
        "findings due within 7 days of {today}"
    );

    for u in model.units.values() {
        let mut counts = StatusCounts::default();
        for f in findings.iter().filter(|f| f.unit == u.id) {
            counts[f.status] += 1;
        }
        assert_eq!(store.unit_status_counts(u.id).expect("counts"), counts);
        assert_eq!(
            store.overdue_of_unit(u.id, today).expect("overdue"),
            findings
                .iter()
                .filter(|f| f.unit == u.id && f.days_overdue(today).is_some())
                .count() as u64
        );
        let of_unit = store.findings_of_unit(u.id).expect("findings of unit");
        assert_eq!(
            sorted(of_unit.iter().map(|f| f.id).collect()),
            sorted(
                findings
                    .iter()
                    .filter(|f| f.unit == u.id)
                    .map(|f| f.id)
                    .collect()
            )
        );
        let children = store.children(Some(u.id)).expect("children");
        assert_eq!(
            sorted(children.iter().map(|c| c.id).collect()),
            sorted(
                model
                    .units
                    .values()
                    .filter(|c| c.parent == Some(u.id))
                    .map(|c| c.id)
                    .collect()
            )
        );
    }
    let roots = store.children(None).expect("roots");
    assert_eq!(
        sorted(roots.iter().map(|c| c.id).collect()),
        sorted(
            model
                .units
                .values()
                .filter(|c| c.parent.is_none())
                .map(|c| c.id)
                .collect()
        )
    );
    for v in model.visits.values() {
        let mut counts = StatusCounts::default();
        for f in findings.iter().filter(|f| f.visit == v.id) {
            counts[f.status] += 1;
        }
        assert_eq!(store.visit_status_counts(v.id).expect("counts"), counts);
        for u in &v.units {
            let mut counts = [0u64; 5];
            for a in model
                .answers
                .values()
                .filter(|a| a.visit == v.id && a.unit == *u)
            {
                counts[usize::from(a.verdict.index())] += 1;
            }
            assert_eq!(store.answer_counts(v.id, *u).expect("counts"), counts);
        }
    }
}

fn run_sequence(actions: &[Action]) -> (usize, usize) {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let mut run = Run::new(open(dir.path()));
    run.run(&Action::Template);
    for a in actions {
        run.step(a);
        run.check(a);
    }
    assert_clean(run.store());
    for d in [today(), days_from(today(), 10), days_from(today(), -20)] {
        verify_figures(run.store(), &run.model, d);
    }
    // Everything is still there after closing and reopening.
    let (model, ops, accepted, rejected) = (run.model.clone(), run.ops, run.accepted, run.rejected);
    drop(run.into_store());
    let store = open(dir.path());
    assert_eq!(store.op_count(), ops);
    assert_eq!(Model::read(&store), model);
    assert_clean(&store);
    (accepted, rejected)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 48,
        max_shrink_iters: 256,
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_op_sequences_keep_the_store_sound(
        actions in proptest::collection::vec(action(MIX), 10..=40)
    ) {
        let (accepted, rejected) = run_sequence(&actions);
        eprintln!("{} actions: {accepted} ops accepted, {rejected} refused", actions.len());
    }
}

// ---------------------------------------------------------------------------
// Plain tests

/// A store with a template, a unit and a visit.
fn seeded(dir: &Path) -> (Store, Template, Unit, Visit) {
    let store = open(dir);
    let t = template(1);
    let u = unit("DU-01", None);
    let v = visit("HK-01", t.id, vec![u.id]);
    for change in [
        Change::create(t.clone()),
        Change::create(u.clone()),
        Change::create(v.clone()),
    ] {
        store.commit(change, None).expect("seed");
    }
    (store, t, u, v)
}

#[test]
fn a_rejected_op_writes_nothing() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let (store, _, u, v) = seeded(dir.path());
    let f = finding("HK-01-ABC01", u.id, v.id, Some("I.1"), today());
    store
        .commit(Change::create(f.clone()), None)
        .expect("finding");
    let before = (
        store.op_count(),
        Model::read(&store),
        store.check().expect("check").0,
    );
    assert!(before.2.is_empty());
    let summary = store.summary(today()).expect("summary");

    let mut bad = Vec::new();
    // An illegal status move (mở → đã xác minh).
    let mut g = f.clone();
    g.status = FindingStatus::Verified;
    g.history.push(FollowUp {
        date: today(),
        at: at(),
        by: "x".into(),
        event: Event::Status {
            from: FindingStatus::Open,
            to: FindingStatus::Verified,
        },
        note: "xong".into(),
    });
    bad.push(Change::update(f.clone(), g.clone()));
    // An extension without a reason.
    let mut g = f.clone();
    g.due = days_from(f.due, 10);
    g.history.push(FollowUp {
        date: today(),
        at: at(),
        by: "x".into(),
        event: Event::Extended {
            from: f.due,
            to: g.due,
        },
        note: String::new(),
    });
    bad.push(Change::update(f.clone(), g.clone()));
    // A stale old side.
    let mut stale = f.clone();
    stale.title = "Tiêu đề cũ".into();
    bad.push(Change::update(stale.clone(), f.clone()));
    // A duplicate creation, a missing parent, a duplicate reference.
    bad.push(Change::create(f.clone()));
    bad.push(Change::create(unit("DU-02", Some(new_id()))));
    let mut dup = finding("HK-01-ABC01", u.id, v.id, None, today());
    dup.id = new_id();
    bad.push(Change::create(dup.clone()));
    // Deleting a unit that still has a visit and a finding.
    bad.push(Change::delete(u.clone()));

    for change in bad {
        let r = store.commit(change.clone(), None);
        assert!(r.is_err(), "accepted {change:?}");
        let after = (
            store.op_count(),
            Model::read(&store),
            store.check().expect("check").0,
        );
        assert_eq!(after, before, "a rejected op changed the store");
        assert_eq!(store.summary(today()).expect("summary"), summary);
    }
}

#[test]
fn apply_all_is_all_or_nothing() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let (store, _, root, _) = seeded(dir.path());
    let before_ops = store.op_count();
    let before = Model::read(&store);

    let a = unit("DU-10", Some(root.id));
    let b = unit("DU-11", Some(a.id));
    // Third: same code as the first op of the batch — only invalid because
    // the batch's own earlier op is visible to it.
    let c = unit("DU-10", None);
    let d = unit("DU-12", Some(b.id));
    let ops: Vec<Op> = [&a, &b, &c, &d]
        .iter()
        .map(|u| {
            store
                .new_op(Change::create((*u).clone()), None)
                .expect("op")
        })
        .collect();
    let err = store.apply_all(&ops).expect_err("the third op is invalid");
    assert!(err.to_string().contains("DU-10"), "{err}");
    assert_eq!(store.op_count(), before_ops);
    assert_eq!(Model::read(&store), before);
    for op in &ops {
        assert!(!store.has_op(op).expect("has_op"));
    }
    assert!(store.unit(a.id).expect("read").is_none());
    assert_eq!(store.counter("units").expect("counter"), 1);
    assert_clean(&store);

    // Third op invalid on its own (a parent that does not exist).
    let c = unit("DU-13", Some(new_id()));
    let ops: Vec<Op> = [&a, &b, &c, &d]
        .iter()
        .map(|u| {
            store
                .new_op(Change::create((*u).clone()), None)
                .expect("op")
        })
        .collect();
    store.apply_all(&ops).expect_err("the third op is invalid");
    assert_eq!(store.op_count(), before_ops);
    assert_eq!(Model::read(&store), before);
    assert_clean(&store);

    // Without it, the batch goes in whole.
    let good = [ops[0].clone(), ops[1].clone(), ops[3].clone()];
    assert_eq!(store.apply_all(&good).expect("valid batch"), 3);
    assert_eq!(store.op_count(), before_ops + 3);
    assert_eq!(store.children(Some(a.id)).expect("children"), vec![b]);
    assert_clean(&store);
}

/// A batch too large for one transaction is applied in chunks; an op
/// refused in the last chunk still leaves nothing of the earlier ones.
#[test]
fn a_batch_of_many_chunks_is_all_or_nothing() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let (store, _, root, _) = seeded(dir.path());
    let before_ops = store.op_count();
    let before = Model::read(&store);
    let units: Vec<Unit> = (0..5_000)
        .map(|i| unit(&format!("NH-{i:05}"), Some(root.id)))
        .collect();
    let mut ops: Vec<Op> = units
        .iter()
        .map(|u| store.new_op(Change::create(u.clone()), None).expect("op"))
        .collect();
    // Last: a unit under a parent that does not exist.
    let orphan = unit("NH-ORPHAN", Some(new_id()));
    ops.push(store.new_op(Change::create(orphan), None).expect("op"));
    let err = store.apply_all(&ops).expect_err("the last op is invalid");
    assert!(err.to_string().contains("NH-ORPHAN"), "{err}");
    assert_eq!(store.op_count(), before_ops);
    assert_eq!(Model::read(&store), before);
    assert!(store.unit(units[0].id).expect("read").is_none());
    assert_eq!(store.counter("units").expect("counter"), 1);
    assert_clean(&store);
    drop(store);

    // Reopened: still as before; then the batch without its bad op goes in whole.
    let store = open(dir.path());
    assert_eq!(store.op_count(), before_ops);
    assert_eq!(Model::read(&store), before);
    ops.pop();
    assert_eq!(store.apply_all(&ops).expect("valid batch"), 5_000);
    assert_eq!(store.op_count(), before_ops + 5_000);
    assert_eq!(store.counter("units").expect("counter"), 5_001);
    assert_eq!(
        store.children(Some(root.id)).expect("children").len(),
        5_000
    );
    assert_clean(&store);
}

/// The same into a database with no records yet (a restore from an
/// export), which is undone by emptying it again.
#[test]
fn a_batch_of_many_chunks_into_a_new_database_is_all_or_nothing() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let store = open(dir.path());
    let actor = store.actor();
    let root = unit("NM-ROOT", None);
    let mut ops = vec![
        store
            .new_op(Change::create(root.clone()), None)
            .expect("op"),
    ];
    for i in 0..4_500 {
        let u = unit(&format!("NM-{i:05}"), Some(root.id));
        ops.push(store.new_op(Change::create(u), None).expect("op"));
    }
    let orphan = unit("NM-ORPHAN", Some(new_id()));
    ops.push(store.new_op(Change::create(orphan), None).expect("op"));
    store.apply_all(&ops).expect_err("the last op is invalid");
    assert_eq!(store.op_count(), 0);
    assert_eq!(store.counter("units").expect("counter"), 0);
    assert!(store.unit(root.id).expect("read").is_none());
    assert_eq!(store.actor(), actor);
    assert_clean(&store);
    drop(store);

    let store = open(dir.path());
    assert_eq!(store.op_count(), 0);
    ops.pop();
    assert_eq!(store.apply_all(&ops).expect("valid batch"), 4_501);
    assert_eq!(store.counter("units").expect("counter"), 4_501);
    assert_clean(&store);
}

#[test]
fn reapplying_a_logged_op_is_skipped_and_a_changed_one_is_refused() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let (store, _, u, v) = seeded(dir.path());
    let f = finding("HK-01-ABC01", u.id, v.id, None, today());
    let op = store
        .commit(Change::create(f.clone()), None)
        .expect("finding");
    let n = store.op_count();

    assert_eq!(
        store.apply_all(std::slice::from_ref(&op)).expect("again"),
        0
    );
    store.apply(&op).expect("apply again is fine");
    assert_eq!(store.op_count(), n);

    // A batch of one old op and one new: only the new one counts.
    let g = f
        .with_note("Đã lập kế hoạch khắc phục", stamp(today()))
        .expect("note");
    let next = store
        .new_op(Change::update(f.clone(), g.clone()), None)
        .expect("op");
    assert_eq!(
        store.apply_all(&[op.clone(), next.clone()]).expect("batch"),
        1
    );
    assert_eq!(store.op_count(), n + 1);
    assert_eq!(store.finding(f.id).expect("read"), Some(g.clone()));

    // Same id and time, different content: an error, nothing written.
    let mut changed = op.clone();
    changed.reason = Some("sửa lại".into());
    let err = store.apply(&changed).expect_err("different content");
    assert!(matches!(err, StoreError::Conflict(_)), "{err}");
    let mut changed = next.clone();
    changed.actor = "người khác".into();
    store.apply_all(&[changed]).expect_err("different content");
    assert_eq!(store.op_count(), n + 1);
    assert_eq!(store.finding(f.id).expect("read"), Some(g));
    assert_clean(&store);
}

/// An op whose id is already in the log under another time is refused too.
/// The log is keyed by time ‖ id, so this needs a lookup by id.
#[test]

fn reusing_an_op_id_with_another_time_is_refused() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let (store, _, u, v) = seeded(dir.path());
    let f = finding("HK-01-ABC01", u.id, v.id, None, today());
    store
        .commit(Change::create(f.clone()), None)
        .expect("finding");
    let g = f.with_note("ghi chú", stamp(today())).expect("note");
    let op = store
        .commit(Change::update(f.clone(), g.clone()), None)
        .expect("note");
    let h = g.with_note("ghi chú khác", stamp(today())).expect("note");
    let mut reused = store
        .new_op(Change::update(g.clone(), h.clone()), None)
        .expect("op");
    reused.id = op.id;
    let n = store.op_count();
    assert!(store.apply(&reused).is_err(), "op id {} reused", op.id);
    assert_eq!(store.op_count(), n);
}

/// Nothing may change on a closed finding (RuleError::Closed): a forged
/// extension of a verified finding must be refused by the store, as
/// `Finding::with_extension` refuses to build one.
#[test]

fn extension_of_a_closed_finding_is_refused() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let (store, _, u, v) = seeded(dir.path());
    let f = finding("HK-01-ABC01", u.id, v.id, None, today());
    store
        .commit(Change::create(f.clone()), None)
        .expect("finding");
    let g = f
        .with_status(FindingStatus::Unremediable, "không thể", stamp(today()))
        .expect("legal");
    store
        .commit(Change::update(f.clone(), g.clone()), None)
        .expect("close");
    assert!(
        g.with_extension(days_from(g.due, 5), "lý do", stamp(today()))
            .is_err()
    );
    let mut h = g.clone();
    h.due = days_from(g.due, 5);
    h.history.push(FollowUp {
        date: today(),
        at: at(),
        by: "x".into(),
        event: Event::Extended {
            from: g.due,
            to: h.due,
        },
        note: "lý do".into(),
    });
    assert!(
        store
            .commit(Change::update(g.clone(), h.clone()), None)
            .is_err()
    );
}

#[test]
fn undo_restores_the_previous_entity_and_is_logged() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let (store, _, u, v) = seeded(dir.path());
    let f = finding(
        "HK-01-ABC01",
        u.id,
        v.id,
        Some("I.2"),
        days_from(today(), -5),
    );
    store
        .commit(Change::create(f.clone()), None)
        .expect("finding");
    let g = f
        .with_extension(days_from(today(), 20), "Xin gia hạn", stamp(today()))
        .expect("extension");
    let ext = store
        .commit(
            Change::update(f.clone(), g.clone()),
            Some("Xin gia hạn".into()),
        )
        .expect("extend");
    assert_eq!(store.summary(today()).expect("summary").overdue, 0);
    let n = store.op_count();

    let undo = store.undo(&ext).expect("undo");
    assert_eq!(store.finding(f.id).expect("read"), Some(f.clone()));
    assert_eq!(store.op_count(), n + 1);
    assert!(store.has_op(&undo).expect("has_op"));
    let last = store.last_op().expect("last").expect("an op");
    assert_eq!(last, undo);
    assert_eq!(last.change, ext.change.inverse());
    assert_eq!(last.undoes, Some(ext.id));
    assert!(last.at > ext.at);
    assert_eq!(store.summary(today()).expect("summary").overdue, 1);
    assert_clean(&store);

    // Undo the undo: the extension is back.
    store.undo(&undo).expect("redo");
    assert_eq!(store.finding(f.id).expect("read"), Some(g.clone()));

    // An op whose target changed since cannot be undone.
    let h = g.with_note("Đã họp", stamp(today())).expect("note");
    store
        .commit(Change::update(g.clone(), h.clone()), None)
        .expect("note");
    let n = store.op_count();
    let err = store.undo(&ext).expect_err("target changed since");
    assert!(matches!(err, StoreError::UndoOutdated(_)), "{err}");
    assert_eq!(store.op_count(), n);
    assert_eq!(store.finding(f.id).expect("read"), Some(h));

    // Undoing a creation deletes; undoing that deletion recreates.
    let w = unit("DU-20", Some(u.id));
    let created = store.commit(Change::create(w.clone()), None).expect("unit");
    let gone = store.undo(&created).expect("undo creation");
    assert_eq!(store.unit(w.id).expect("read"), None);
    store.undo(&gone).expect("undo deletion");
    assert_eq!(store.unit(w.id).expect("read"), Some(w));
    assert_clean(&store);
}

#[test]
fn a_second_open_is_refused_with_a_clear_message() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let (store, ..) = seeded(dir.path());

    // Another process.
    let out = run(dir.path(), &["check"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "stderr: {stderr}");
    assert!(
        stderr.contains("đang mở trong một cửa sổ haukiem khác"),
        "stderr: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "stderr: {stderr}");

    // The same process.
    match Store::open(dir.path()) {
        Err(e @ StoreError::Locked(_)) => {
            assert!(
                e.to_string()
                    .contains("đang mở trong một cửa sổ haukiem khác")
            );
        }
        Err(e) => panic!("expected Locked, got {e}"),
        Ok(_) => panic!("the database opened twice"),
    }

    // Once closed, it opens again.
    drop(store);
    let out = run(dir.path(), &["check"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_newer_schema_is_refused() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let (store, ..) = seeded(dir.path());
    drop(store);
    {
        let db = common::build::open_sled(dir.path());
        let meta = db.open_tree("meta").expect("meta tree");
        let current = meta.get("schema").expect("get").expect("a schema version");
        assert_eq!(
            current.as_ref(),
            haukiem::store::format::SCHEMA.to_be_bytes().as_slice()
        );
        meta.insert("schema", 99u16.to_be_bytes().as_slice())
            .expect("insert");
        db.flush().expect("flush");
    }
    match Store::open(dir.path()) {
        Err(StoreError::NewerSchema { found, supported }) => {
            assert_eq!((found, supported), (99, haukiem::store::format::SCHEMA));
        }
        Err(e) => panic!("expected NewerSchema, got {e}"),
        Ok(_) => panic!("a database of schema 99 was opened"),
    }
    // The command line says so too, and exits 1.
    let out = run(dir.path(), &["check"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "stderr: {stderr}");
    assert!(stderr.contains("phiên bản cấu trúc 99"), "stderr: {stderr}");
}
