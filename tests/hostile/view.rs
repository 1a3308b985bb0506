//! A database put back from an older copy (`cp -a backup/. db/`) is never
//! listed from the listing view of the state it replaced.

use std::path::Path;

use serde_json::Value;

use crate::common::build::{TODAY, add_overdue_finding, open};
use crate::common::cli::{demo_db, ok, references};

fn listed(db: &Path) -> Vec<String> {
    let out = ok(db, &["findings", "--today", TODAY, "--format", "json"]);
    let rows: Value = serde_json::from_str(&out).expect("JSON");
    let mut refs = references(rows.as_array().expect("an array"));
    refs.sort();
    refs
}

fn exported(db: &Path) -> Vec<String> {
    let e: Value = serde_json::from_str(&ok(db, &["export"])).expect("export");
    let mut refs: Vec<String> = e["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["reference"].as_str().expect("reference").to_string())
        .collect();
    refs.sort();
    refs
}

/// Put a backup back: sled's files removed (a snapshot newer than the
/// backup's log would not go with it), then `cp -a BACKUP/. DB/`. What
/// haukiem keeps beside them (the listing view) stays, as it would for a
/// user who does not know of it.
fn restore(backup: &Path, db: &Path) {
    for e in std::fs::read_dir(db).expect("read dir") {
        let e = e.expect("entry");
        let name = e.file_name().to_string_lossy().into_owned();
        if name == "db" || name == "conf" || name.starts_with("snap.") {
            std::fs::remove_file(e.path()).expect("remove");
        }
    }
    cp_a(backup, db);
}

/// `cp -a FROM/. TO/`, as a user copies a database.
fn cp_a(from: &Path, to: &Path) {
    let mut src = from.as_os_str().to_owned();
    src.push("/.");
    let status = std::process::Command::new("cp")
        .arg("-a")
        .arg(src)
        .arg(to)
        .status()
        .expect("cp");
    assert!(status.success());
}

/// Five more findings, committed the way the app commits them.
fn add_findings(db: &Path, tag: &str) {
    let store = open(db);
    for i in 0..5 {
        add_overdue_finding(&store, tag, i);
    }
}

#[test]
fn a_restored_older_copy_is_listed_as_it_is_not_from_a_stale_view() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = demo_db(dir.path());
    // A backup taken after a change: no listing view in it.
    let backup = dir.path().join("backup");
    std::fs::create_dir(&backup).expect("mkdir");
    cp_a(&db, &backup);
    let original = listed(&db);
    assert_eq!(original.len(), 78, "the demo's findings");

    add_findings(&db, "ZZA");
    assert_eq!(listed(&db).len(), 83, "from the database");
    assert_eq!(listed(&db).len(), 83, "from the view it wrote");
    assert!(db.join(haukiem::store::view::FILE).exists());

    // Put the older copy back: the view of 83 findings stays beside it.
    restore(&backup, &db);
    assert_eq!(
        exported(&db),
        original,
        "the database holds the older state"
    );
    assert_eq!(listed(&db), original, "and listings say so");
    assert_eq!(listed(&db), original, "from the view written for it");
    assert!(ok(&db, &["check"]).starts_with("OK"));

    // A backup that holds a view: taken after a listing.
    let with_view = dir.path().join("with-view");
    std::fs::create_dir(&with_view).expect("mkdir");
    cp_a(&db, &with_view);
    assert!(with_view.join(haukiem::store::view::FILE).exists());
    add_findings(&db, "ZZB");
    assert_eq!(listed(&db).len(), 83);
    restore(&with_view, &db);
    assert_eq!(listed(&db), original);
    assert_eq!(exported(&db), original);
    assert!(ok(&db, &["check"]).starts_with("OK"));
}
