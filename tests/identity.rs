//! Who makes a change: `--actor`/`HAUKIEM_ACTOR`, else the name saved in
//! the database, else nobody — and then a write is refused, saying how to
//! give a name, while reading needs none. And undo that survives a
//! restart: my own recent changes come back from the op log.

mod common;

use haukiem::domain::{Change, Id, Unit};
use haukiem::store::{Store, StoreError};
use serde_json::Value;

use common::build::{ACTOR, assert_clean, open, unit};
use common::cli::{DATA, haukiem, ok, text};

fn units_csv() -> String {
    format!("{DATA}/units_small.csv")
}

/// The actors of the ops in the database's export.
fn actors(db: &std::path::Path) -> Vec<String> {
    let export: Value = serde_json::from_str(&ok(db, &["export"])).expect("JSON");
    export["ops"]
        .as_array()
        .expect("ops")
        .iter()
        .map(|o| o["actor"].as_str().expect("actor").to_string())
        .collect()
}

#[test]
fn a_write_without_a_name_is_refused_and_reading_needs_none() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db");
    for (lang, words) in [
        ("vi", ["--actor", "HAUKIEM_ACTOR", "Chưa biết ai"]),
        ("en", ["--actor", "HAUKIEM_ACTOR", "Nobody to record"]),
    ] {
        let out = haukiem()
            .env_remove("HAUKIEM_ACTOR")
            .env("USER", "tester")
            .args(["import", &units_csv(), "--lang", lang, "--db"])
            .arg(&db)
            .output()
            .expect("run");
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{err}");
        for w in words {
            assert!(err.contains(w), "{lang}: {w} in {err}");
        }
    }
    // Nothing was written, not even an empty database.
    assert!(!db.exists(), "a refused import creates no database");

    // --actor names it; HAUKIEM_ACTOR too; never the login name.
    let out = haukiem()
        .env_remove("HAUKIEM_ACTOR")
        .env("USER", "tester")
        .args(["import", &units_csv(), "--actor", "Nguyễn Văn An", "--db"])
        .arg(&db)
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", text(&out.stderr));
    // Reading needs no name.
    for args in [&["export"][..], &["check"], &["findings"]] {
        let out = haukiem()
            .env_remove("HAUKIEM_ACTOR")
            .args(args)
            .arg("--db")
            .arg(&db)
            .output()
            .expect("run");
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
    }
    let names = actors(&db);
    assert_eq!(names.len(), 4);
    assert!(names.iter().all(|a| a == "Nguyễn Văn An"), "{names:?}");
    ok(&db, &["import", &format!("{DATA}/template_small.toml")]);
    assert_eq!(actors(&db).last().map(String::as_str), Some(ACTOR));
    assert!(!actors(&db).iter().any(|a| a == "tester" || a == "haukiem"));
}

#[test]
fn the_saved_name_is_used_and_a_given_one_wins() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db");
    {
        let store = Store::open(&db).expect("open");
        assert_eq!(store.actor(), None);
        assert!(matches!(
            store.commit(Change::create(unit("A", None)), None),
            Err(StoreError::NoActor)
        ));
        assert!(store.set_identity("  ", "máy").is_err(), "a blank name");
        store
            .set_identity("Nguyễn Thị Minh Phượng", "máy Lenovo của đoàn")
            .expect("save");
        let op = store
            .commit(Change::create(unit("A", None)), None)
            .expect("recorded under the saved name");
        assert_eq!(op.actor, "Nguyễn Thị Minh Phượng");
    }
    let store = Store::open(&db).expect("open again");
    assert_eq!(store.actor().as_deref(), Some("Nguyễn Thị Minh Phượng"));
    assert_eq!(
        store.saved_actor().expect("read").as_deref(),
        Some("Nguyễn Thị Minh Phượng")
    );
    assert_eq!(store.device_name().as_deref(), Some("máy Lenovo của đoàn"));
    assert_eq!(
        store.device_label(store.device()).as_deref(),
        Some("máy Lenovo của đoàn")
    );
    assert_eq!(store.device_label(Id::nil()), None);
    // A name given for this run wins, and is not saved.
    store.set_actor("Trần Quang Vinh");
    let op = store
        .commit(Change::create(unit("B", None)), None)
        .expect("commit");
    assert_eq!(op.actor, "Trần Quang Vinh");
    drop(store);
    // The command line without a name uses the saved one.
    let out = haukiem()
        .env_remove("HAUKIEM_ACTOR")
        .args(["import", &units_csv(), "--db"])
        .arg(&db)
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        actors(&db).last().map(String::as_str),
        Some("Nguyễn Thị Minh Phượng")
    );
}

fn renamed(u: &Unit, secretary: &str) -> Unit {
    let mut v = u.clone();
    v.secretary = secretary.into();
    v
}

#[test]
fn undo_survives_a_restart() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db");
    let a = unit("P-A", None);
    let (create, first, second) = {
        let store = open(&db);
        let create = store
            .commit(Change::create(a.clone()), None)
            .expect("create");
        let b = renamed(&a, "Trần Văn Khải");
        let first = store
            .commit(Change::update(a.clone(), b.clone()), None)
            .expect("edit");
        let c = renamed(&b, "Lại Thị Hồng");
        let second = store
            .commit(Change::update(b, c), None)
            .expect("edit again");
        (create, first, second)
    };
    let ids = |ops: Vec<haukiem::domain::Op>| ops.into_iter().map(|o| o.id).collect::<Vec<_>>();

    // Reopened: my changes come back, newest first.
    let store = open(&db);
    let mine = ids(store.my_recent_changes(10).expect("mine"));
    assert_eq!(mine, vec![second.id, first.id, create.id]);
    assert_eq!(
        ids(store.my_recent_changes(2).expect("mine")),
        vec![second.id, first.id]
    );
    // The first edit cannot be undone over the second.
    let err = store.undo(&first).expect_err("changed since");
    assert!(matches!(err, StoreError::UndoOutdated(_)), "{err}");
    assert!(err.to_string().contains("Không thể hoàn tác"), "{err}");
    let undo = store.undo(&second).expect("undo the last");
    assert_eq!(undo.undoes, Some(second.id));
    assert_eq!(undo.reason, None);
    assert_eq!(undo.actor, ACTOR);
    assert_eq!(
        store.unit(a.id).expect("read").map(|u| u.secretary),
        Some("Trần Văn Khải".into())
    );
    drop(store);

    // Reopened again: the undone change and the undo are not offered.
    let mut store = open(&db);
    let mine = ids(store.my_recent_changes(10).expect("mine"));
    assert_eq!(mine, vec![first.id, create.id]);
    let undo = store.undo(&first).expect("now the first edit can go");
    assert_eq!(undo.undoes, Some(first.id));
    assert_eq!(store.unit(a.id).expect("read"), Some(a.clone()));
    // Someone else's changes, or another laptop's, are not mine.
    store.set_actor("Người khác");
    assert!(store.my_recent_changes(10).expect("theirs").is_empty());
    store.set_actor(ACTOR);
    store.set_device(Id::nil());
    assert!(
        store
            .my_recent_changes(10)
            .expect("other laptop")
            .is_empty()
    );
    assert_clean(&store);
}

/// A blank `--actor` is no name: refused before a database is created. An
/// export restored into a new database needs none (it records no new op).
/// A dry run never creates a database, even in an existing empty folder.
#[test]
fn a_blank_name_is_no_name_and_a_restore_or_a_dry_run_needs_none() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db");
    let out = haukiem()
        .env_remove("HAUKIEM_ACTOR")
        .args(["import", &units_csv(), "--actor", "  ", "--db"])
        .arg(&db)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("--actor"),
        "{}",
        text(&out.stderr)
    );
    assert!(!db.exists(), "nothing created");

    // An export of a database filled under a name, restored without one.
    let source = dir.path().join("source");
    ok(&source, &["import", &units_csv()]);
    let export = dir.path().join("sao-luu.json");
    ok(&source, &["export", "-o", export.to_str().expect("path")]);
    let out = haukiem()
        .env_remove("HAUKIEM_ACTOR")
        .args(["import", export.to_str().expect("path"), "--db"])
        .arg(&db)
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(actors(&db), actors(&source), "the ops as they were");

    // A dry run in an existing, empty folder leaves it empty.
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).expect("mkdir");
    let out = haukiem()
        .env_remove("HAUKIEM_ACTOR")
        .args(["import", "--dry-run", &units_csv(), "--db"])
        .arg(&empty)
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let left: Vec<_> = std::fs::read_dir(&empty).expect("read").collect();
    assert!(left.is_empty(), "a dry run creates nothing: {left:?}");
}
