//! Three laptops that start from the same visit make random changes to its
//! findings that never set the same field two ways — notes by anyone,
//! deadlines by one inspector, a status by another — and exchange their
//! exports at random moments, in any direction, repeated or relayed. No
//! exchange may be refused, and once every laptop has taken every other's
//! work, all hold the same findings and the same ops, and each passes its
//! own integrity check.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use chrono::Utc;
use haukiem::domain::finding::Stamp;
use haukiem::domain::{Change, Finding, FindingStatus, Id};
use haukiem::io::bundle::Scope;
use haukiem::store::Store;
use proptest::prelude::*;

use common::build::{self, days_from, today};

const REPLICAS: usize = 3;
const FINDINGS: usize = 4;

#[derive(Debug, Clone)]
enum Step {
    /// Replica `r` adds a note to finding `f`.
    Note { r: usize, f: usize },
    /// Replica 0 moves finding `f`'s deadline later.
    Extend { f: usize, days: u64 },
    /// Replica 1 starts remediation of finding `f` (open → in progress).
    Start { f: usize },
    /// Replica `from`'s export imported by replica `to`.
    Exchange { from: usize, to: usize },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (0..REPLICAS, 0..FINDINGS).prop_map(|(r, f)| Step::Note { r, f }),
        (0..FINDINGS, 1..60u64).prop_map(|(f, days)| Step::Extend { f, days }),
        (0..FINDINGS).prop_map(|f| Step::Start { f }),
        (0..REPLICAS, 0..REPLICAS).prop_map(|(from, to)| Step::Exchange { from, to }),
    ]
}

fn stamp(who: &str) -> Stamp {
    Stamp {
        date: today(),
        at: Utc::now(),
        by: who.into(),
    }
}

/// The visit every replica starts from, with its findings' ids.
fn base(dir: &Path) -> (std::path::PathBuf, Vec<Id>) {
    let store = build::open(&dir.join("base"));
    let u = build::unit("P-HA", None);
    let t = build::template(1);
    let v = build::visit("HK-2026-07", t.id, vec![u.id]);
    let mut ids = Vec::new();
    store.commit(Change::create(u.clone()), None).expect("unit");
    store
        .commit(Change::create(t.clone()), None)
        .expect("template");
    store
        .commit(Change::create(v.clone()), None)
        .expect("visit");
    for i in 0..FINDINGS {
        let reference = format!("HK-2026-07-ABC{:02}", i + 1);
        let f = build::finding(&reference, u.id, v.id, None, days_from(today(), 30));
        ids.push(f.id);
        store.commit(Change::create(f), None).expect("finding");
    }
    let file = dir.join("base.json");
    std::fs::write(&file, haukiem::io::export::to_json(&store).expect("export")).expect("write");
    (file, ids)
}

/// The replicas, each started from the visit's export.
fn replicas(dir: &Path, file: &Path) -> Vec<Store> {
    (0..REPLICAS)
        .map(|r| {
            let s = Store::open(&dir.join(format!("r{r}"))).expect("open");
            haukiem::io::import_files(&s, &[file.to_path_buf()]).expect("start");
            s.set_actor(&format!("Thành viên {r}"));
            s
        })
        .collect()
}

fn finding(store: &Store, id: Id) -> Finding {
    store.finding(id).expect("read").expect("the finding")
}

fn exchange(stores: &[Store], dir: &Path, from: usize, to: usize, n: &mut usize) {
    if from == to {
        return;
    }
    *n += 1;
    // Each laptop holds together at every exchange, not only at the end.
    let (problems, _) = stores[from].check().expect("check");
    assert!(
        problems.is_empty(),
        "replica {from} before exchange {n}: {problems:?}"
    );
    let file = dir.join(format!("x{n}.json"));
    std::fs::write(
        &file,
        haukiem::io::export::to_json(&stores[from]).expect("export"),
    )
    .expect("write");
    if let Err(e) = haukiem::io::import_files(&stores[to], &[file]) {
        panic!("replica {to} refused replica {from}'s export: {e}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn replicas_that_exchange_everything_converge(steps in prop::collection::vec(step(), 1..40)) {
        let dir = tempfile::tempdir().expect("tempdir");
        let (file, ids) = base(dir.path());
        let stores = replicas(dir.path(), &file);
        let mut n = 0;
        for s in &steps {
            match *s {
                Step::Note { r, f } => {
                    let old = finding(&stores[r], ids[f]);
                    let new = old.with_note(&format!("Ghi chú của máy {r}"), stamp("Ghi")).expect("note");
                    stores[r].commit(Change::update(old, new), None).expect("note");
                }
                Step::Extend { f, days } => {
                    let old = finding(&stores[0], ids[f]);
                    let to = old.due.checked_add_days(chrono::Days::new(days)).expect("date");
                    let new = old.with_extension(to, "Đơn vị xin gia hạn", stamp("Hạn")).expect("extend");
                    stores[0].commit(Change::update(old, new), None).expect("extend");
                }
                Step::Start { f } => {
                    let old = finding(&stores[1], ids[f]);
                    if old.status == FindingStatus::Open {
                        let new = old
                            .with_status(FindingStatus::InProgress, "Đã bắt đầu", stamp("TT"))
                            .expect("status");
                        stores[1].commit(Change::update(old, new), None).expect("status");
                    }
                }
                Step::Exchange { from, to } => exchange(&stores, dir.path(), from, to, &mut n),
            }
        }
        // Everyone takes everyone's work; twice, so relayed merges settle.
        for _ in 0..2 {
            for from in 0..REPLICAS {
                for to in 0..REPLICAS {
                    exchange(&stores, dir.path(), from, to, &mut n);
                }
            }
        }
        let first: Vec<Finding> = ids.iter().map(|id| finding(&stores[0], *id)).collect();
        let all_ops: BTreeSet<Id> = stores
            .iter()
            .flat_map(|s| s.ops().expect("ops").into_iter().map(|o| o.id))
            .collect();
        for (r, s) in stores.iter().enumerate() {
            let mine: Vec<Finding> = ids.iter().map(|id| finding(s, *id)).collect();
            prop_assert_eq!(&mine, &first, "replica {} differs", r);
            let ops: BTreeSet<Id> = s.ops().expect("ops").into_iter().map(|o| o.id).collect();
            prop_assert_eq!(&ops, &all_ops, "replica {} lacks ops", r);
            build::assert_clean(s);
        }
        // Every change made anywhere is in the result.
        let notes = steps.iter().filter(|s| matches!(s, Step::Note { .. })).count();
        let kept = first
            .iter()
            .flat_map(|f| &f.history)
            .filter(|h| h.note.starts_with("Ghi chú của máy"))
            .count();
        prop_assert_eq!(kept, notes);
    }
}

/// What replicas may do when clashes are allowed.
#[derive(Debug, Clone)]
enum Clash {
    /// Replica `r` renames finding `f` (three names: clashes are common).
    Title {
        r: usize,
        f: usize,
        name: usize,
    },
    /// Replica `r` moves finding `f` one status on (clashes with another
    /// replica's move from the same state).
    Status {
        r: usize,
        f: usize,
    },
    /// Replica `r` adds a note.
    Note {
        r: usize,
        f: usize,
    },
    /// Replica `r` settles its oldest open conflict, keeping side `side`.
    Settle {
        r: usize,
        side: usize,
    },
    Exchange {
        from: usize,
        to: usize,
    },
    /// Replica `from`'s bundle of only what its known teammates lack, to
    /// `to` — when `to` is one of them (else a whole one, as people do).
    OnlyNew {
        from: usize,
        to: usize,
    },
}

fn clash() -> impl Strategy<Value = Clash> {
    prop_oneof![
        (0..REPLICAS, 0..2usize, 0..3usize).prop_map(|(r, f, name)| Clash::Title { r, f, name }),
        (0..REPLICAS, 0..2usize).prop_map(|(r, f)| Clash::Status { r, f }),
        (0..REPLICAS, 0..2usize).prop_map(|(r, f)| Clash::Note { r, f }),
        (0..REPLICAS, 0..2usize).prop_map(|(r, side)| Clash::Settle { r, side }),
        (0..REPLICAS, 0..REPLICAS).prop_map(|(from, to)| Clash::Exchange { from, to }),
        (0..REPLICAS, 0..REPLICAS).prop_map(|(from, to)| Clash::OnlyNew { from, to }),
    ]
}

/// Settle `store`'s oldest open conflict keeping `side`; whether there was one.
fn settle_one(store: &Store, side: usize) -> bool {
    use haukiem::domain::conflict::{Choice, Value};
    let Some(c) = store
        .open_conflicts()
        .expect("conflicts")
        .into_iter()
        .next()
    else {
        return false;
    };
    let haukiem::domain::Target::Finding(id) = c.target else {
        return false;
    };
    let current = store
        .finding(id)
        .expect("read")
        .map(|f| Value::Finding(Box::new(f)));
    let changes = c.settlement(current, Choice::Take(side)).expect("settle");
    let ops: Vec<_> = changes
        .into_iter()
        .map(|ch| store.new_op(ch, None).expect("op"))
        .collect();
    store.apply_all(&ops).expect("apply");
    true
}

/// The conflicts a replica holds: each id, and whether it is open.
fn conflict_set(store: &Store) -> BTreeSet<(Id, bool)> {
    store
        .conflicts()
        .expect("conflicts")
        .into_iter()
        .map(|c| (c.id, c.is_open()))
        .collect()
}

/// Replica `from`'s bundle content (whole, or only what its known
/// teammates lack) imported by `to`: never refused.
fn bundle_to(stores: &[Store], dir: &Path, from: usize, to: usize, n: &mut usize, scope: Scope) {
    if from == to {
        return;
    }
    *n += 1;
    let export = haukiem::io::bundle::collect(&stores[from], scope).expect("collect");
    let file = dir.join(format!("b{n}.json"));
    std::fs::write(&file, serde_json::to_string(&export).expect("json")).expect("write");
    if let Err(e) = haukiem::io::import_files(&stores[to], &[file]) {
        panic!("replica {to} refused replica {from}'s bundle ({scope:?}): {e}");
    }
}

fn all_to_all(stores: &[Store], dir: &Path, n: &mut usize) {
    for from in 0..REPLICAS {
        for to in 0..REPLICAS {
            exchange(stores, dir, from, to, n);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    /// Any replica renames, moves the status, notes or settles, clashes
    /// included, with exchanges at random moments (repeated, relayed).
    /// No exchange is refused; once all have taken all, every replica
    /// holds the same findings, the same conflicts (open and settled) and
    /// every op ever made; and once one replica settles what is left and
    /// that is exchanged, none is open anywhere.
    #[test]
    fn replicas_with_clashes_hold_the_same_conflicts(steps in prop::collection::vec(clash(), 1..36)) {
        let dir = tempfile::tempdir().expect("tempdir");
        let (file, ids) = base(dir.path());
        let stores = replicas(dir.path(), &file);
        let mut n = 0;
        for s in &steps {
            match *s {
                Clash::Title { r, f, name } => {
                    let old = finding(&stores[r], ids[f]);
                    let mut new = old.clone();
                    new.title = format!("Sinh hoạt chi bộ chưa đều đặn (cách viết {name})");
                    if new != old {
                        stores[r].commit(Change::update(old, new), None).expect("title");
                    }
                }
                Clash::Status { r, f } => {
                    let old = finding(&stores[r], ids[f]);
                    let to = match old.status {
                        FindingStatus::Open => Some(FindingStatus::InProgress),
                        FindingStatus::InProgress => Some(FindingStatus::Remediated),
                        _ => None,
                    };
                    if let Some(to) = to {
                        let new = old.with_status(to, &format!("Máy {r} cập nhật"), stamp("TT")).expect("status");
                        stores[r].commit(Change::update(old, new), None).expect("status");
                    }
                }
                Clash::Note { r, f } => {
                    let old = finding(&stores[r], ids[f]);
                    let new = old.with_note(&format!("Ghi chú của máy {r}"), stamp("Ghi")).expect("note");
                    stores[r].commit(Change::update(old, new), None).expect("note");
                }
                Clash::Settle { r, side } => {
                    settle_one(&stores[r], side);
                }
                Clash::Exchange { from, to } => bundle_to(&stores, dir.path(), from, to, &mut n, Scope::All),
                Clash::OnlyNew { from, to } => {
                    let known = stores[from]
                        .peers_known()
                        .expect("peers")
                        .iter()
                        .any(|(d, _)| *d == stores[to].device());
                    let scope = if known { Scope::Unacknowledged } else { Scope::All };
                    bundle_to(&stores, dir.path(), from, to, &mut n, scope);
                }
            }
        }
        all_to_all(&stores, dir.path(), &mut n);
        all_to_all(&stores, dir.path(), &mut n);
        let all_ops: BTreeSet<Id> = stores
            .iter()
            .flat_map(|s| s.ops().expect("ops").into_iter().map(|o| o.id))
            .collect();
        let first: Vec<Finding> = ids.iter().map(|id| finding(&stores[0], *id)).collect();
        let conflicts = conflict_set(&stores[0]);
        for (r, s) in stores.iter().enumerate() {
            let mine: Vec<Finding> = ids.iter().map(|id| finding(s, *id)).collect();
            prop_assert_eq!(&mine, &first, "replica {} differs", r);
            prop_assert_eq!(&conflict_set(s), &conflicts, "replica {} has other conflicts", r);
            let ops: BTreeSet<Id> = s.ops().expect("ops").into_iter().map(|o| o.id).collect();
            prop_assert_eq!(&ops, &all_ops, "replica {} lacks ops", r);
            build::assert_clean(s);
        }
        // Replica 2 settles everything still open; one round closes it all.
        while settle_one(&stores[2], 1) {}
        all_to_all(&stores, dir.path(), &mut n);
        for (r, s) in stores.iter().enumerate() {
            prop_assert!(s.open_conflicts().expect("open").is_empty(), "replica {} still has open conflicts", r);
            let mine: Vec<Finding> = ids.iter().map(|id| finding(s, *id)).collect();
            let last: Vec<Finding> = ids.iter().map(|id| finding(&stores[2], *id)).collect();
            prop_assert_eq!(&mine, &last, "replica {} differs after settling", r);
        }
    }
}

/// A laptop counts its own ops, across restarts; `check` holds the count
/// rising through the log.
#[test]
fn a_laptops_ops_are_counted_across_restarts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (file, ids) = base(dir.path());
    let path = dir.path().join("r");
    let counted = |s: &Store| -> Vec<u64> {
        s.ops()
            .expect("ops")
            .into_iter()
            .filter(|o| o.device == s.device())
            .map(|o| o.seq)
            .collect()
    };
    {
        let s = Store::open(&path).expect("open");
        haukiem::io::import_files(&s, std::slice::from_ref(&file)).expect("start");
        s.set_actor("Thành viên 0");
        let old = finding(&s, ids[0]);
        let new = old.with_note("Ghi chú một", stamp("Ghi")).expect("note");
        let made = s
            .commit(Change::update(old.clone(), new), None)
            .expect("note");
        assert_eq!(made.seq, 1);
        assert_eq!(
            made.base,
            s.finding_ops(ids[0])
                .expect("ops")
                .iter()
                .rev()
                .nth(1)
                .map(|o| o.id)
        );
    }
    let s = Store::open(&path).expect("reopen");
    s.set_actor("Thành viên 0");
    let old = finding(&s, ids[1]);
    let new = old.with_note("Ghi chú hai", stamp("Ghi")).expect("note");
    s.commit(Change::update(old, new), None).expect("note");
    assert_eq!(counted(&s), vec![1, 2]);
    build::assert_clean(&s);
}

/// Two teammates' exports — one renames a finding, the other renames it
/// differently and notes another — taken in either order give the same
/// findings and the same conflict; taken twice, nothing more.
#[test]
fn two_exports_taken_in_either_order_give_the_same() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (file, ids) = base(dir.path());
    let open = |name: &str| {
        let s = Store::open(&dir.path().join(name)).expect("open");
        haukiem::io::import_files(&s, std::slice::from_ref(&file)).expect("start");
        s.set_actor(&format!("Thành viên {name}"));
        s
    };
    let (p, q) = (open("p"), open("q"));
    let rename = |s: &Store, title: &str| {
        let old = finding(s, ids[0]);
        let mut new = old.clone();
        new.title = title.into();
        s.commit(Change::update(old, new), None).expect("title");
    };
    rename(&p, "Chưa duy trì sinh hoạt chuyên đề hằng quý");
    rename(&q, "Sinh hoạt chuyên đề chưa đều");
    let old = finding(&q, ids[1]);
    let new = old
        .with_note("Đã xem biên bản", stamp("Ghi"))
        .expect("note");
    q.commit(Change::update(old, new), None).expect("note");
    let export = |s: &Store, name: &str| {
        let f = dir.path().join(name);
        std::fs::write(&f, haukiem::io::export::to_json(s).expect("export")).expect("write");
        f
    };
    let (e1, e2) = (export(&p, "p.json"), export(&q, "q.json"));
    let (x, y) = (open("x"), open("y"));
    for f in [&e1, &e2] {
        haukiem::io::import_files(&x, std::slice::from_ref(f)).expect("x");
    }
    for f in [&e2, &e1] {
        haukiem::io::import_files(&y, std::slice::from_ref(f)).expect("y");
    }
    let seen = |s: &Store| -> (Vec<Finding>, BTreeSet<(Id, bool)>) {
        (
            ids.iter().map(|id| finding(s, *id)).collect(),
            conflict_set(s),
        )
    };
    assert_eq!(seen(&x), seen(&y));
    assert_eq!(seen(&x).1.len(), 1);
    let again = haukiem::io::import_files(&x, &[e1, e2]).expect("again");
    assert_eq!(again.ops, 0);
    assert_eq!(seen(&x), seen(&y));
    build::assert_clean(&x);
    build::assert_clean(&y);
}
