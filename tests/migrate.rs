//! Schema 1 → 2. `tests/data/v1/` is a small database written by the build
//! before schema 2 (sled's `conf` and `db` files): three units, a checklist
//! template, a concluded visit with two answers, two findings (one followed
//! up: a status change and a deadline extension) and an edit of a unit that
//! was undone, when an undo was recorded as the reason `undo <id>`. Beside
//! it, `export.json` is that build's export of the same database.
//! Opening a copy with this build migrates it; every value must read as
//! schema 2 says and `check` must find nothing wrong.

mod common;

use std::path::{Path, PathBuf};

use haukiem::domain::{Change, FindingStatus, Id, Op, VisitStatus};
use haukiem::store::Store;
use haukiem::store::format::{self as codec, SCHEMA};
use haukiem::store::migrate::{self, v1};

use common::build::{assert_clean, date};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/v1")
        .join(name)
}

/// A copy of the schema-1 database in `dir/db` (opening writes to it).
fn v1_copy(dir: &Path) -> PathBuf {
    let db = dir.join("db");
    std::fs::create_dir_all(&db).expect("create the copy");
    for f in ["conf", "db"] {
        std::fs::copy(fixture(f), db.join(f)).expect("copy the v1 database");
    }
    db
}

/// The device the schema-1 database's ops were made on.
fn v1_device() -> Id {
    Id::from_u128(0x0193_4b2a_7c00_7000_8000_0000_0000_00de)
}

fn id(s: &str) -> Id {
    Id::parse_str(s).expect("an id")
}

const EDIT: &str = "01a22e58-1115-7478-af53-608d70e80c62";
const UNDO: &str = "01a22e58-1116-7565-9fe1-e313ca545bae";
const LAST_KEPT: &str = "01a22e58-1115-7478-af53-608c3d21576a";

fn op(store: &Store, wanted: &str) -> Op {
    store
        .ops()
        .expect("ops")
        .into_iter()
        .find(|o| o.id == id(wanted))
        .expect("the op is in the log")
}

/// Everything of schema 1 reads as schema 2 says, and holds together.
fn assert_migrated(store: &Store) {
    assert_eq!(migrate::stored_version(store).expect("version"), SCHEMA);
    assert_clean(store);
    assert_eq!(store.op_count(), 13);

    let a = store.unit_by_code("P-A").expect("read").expect("P-A");
    // The edit was undone: the first secretary is back.
    assert_eq!(a.secretary, "Lê Văn Đức");
    assert_eq!(a.successor, None);
    let b = store.unit_by_code("P-B").expect("read").expect("P-B");
    assert_eq!(b.valid_to, Some(date(2025, 6, 30)));

    let v = store
        .visit_by_code("HK-2026-01")
        .expect("read")
        .expect("the visit");
    assert_eq!(v.plan_no, "12-KH/ĐUK");
    assert_eq!(v.decision_no, "");
    assert!(v.assignments.is_empty());
    assert_eq!(v.status, VisitStatus::Concluded);
    assert_eq!(v.lead(), Some("Trần Văn Hùng"));
    assert_eq!(v.units, vec![a.id, b.id]);

    let f = store
        .finding_by_ref("HK-2026-01-KQX01")
        .expect("read")
        .expect("the finding");
    assert_eq!(f.status, FindingStatus::InProgress);
    assert_eq!(f.due, date(2025, 12, 31));
    assert_eq!(f.original_due(), date(2025, 9, 30));

    // The undo names the op it undoes; its reason was only that.
    let undo = op(store, UNDO);
    assert_eq!(undo.undoes, Some(id(EDIT)));
    assert_eq!(undo.reason, None);
    assert_eq!(op(store, EDIT).undoes, None);
    let extension = store
        .ops()
        .expect("ops")
        .into_iter()
        .find(|o| o.reason.as_deref() == Some("Sáp nhập xã"))
        .expect("the extension keeps its reason");
    assert_eq!(extension.undoes, None);
    let Change::Unit { old: Some(old), .. } = &undo.change else {
        panic!("the undo changes a unit: {:?}", undo.change);
    };
    assert_eq!(old.secretary, "Nguyễn Văn Bình");
}

#[test]
fn a_schema_1_database_opens_migrated() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = v1_copy(dir.path());
    let mut store = Store::open(&db).expect("open the schema-1 database");
    assert_migrated(&store);
    // The undone edit and its undo are not among my changes to undo (the
    // old build was told its device, not keeping it).
    store.set_actor("Trần Văn Hùng");
    store.set_device(v1_device());
    let mine = store.my_recent_changes(3).expect("my changes");
    assert_eq!(
        mine.iter().map(|o| o.id).collect::<Vec<_>>()[0],
        id(LAST_KEPT)
    );
    assert!(mine.iter().all(|o| o.id != id(EDIT) && o.id != id(UNDO)));
    drop(store);
    // Opened again: nothing left to migrate, the same values.
    let store = Store::open(&db).expect("open again");
    assert_migrated(&store);
}

/// A migration stopped half way (a crash) resumes on the next open: here
/// the schema was raised and the units rewritten, the rest not yet.
#[test]
fn an_interrupted_migration_resumes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = v1_copy(dir.path());
    {
        let raw = common::build::open_sled(&db);
        let meta = raw.open_tree("meta").expect("meta");
        meta.insert("migrating", &1u16.to_be_bytes()).expect("mark");
        meta.insert("schema", &2u16.to_be_bytes()).expect("raise");
        let units = raw.open_tree("units").expect("units");
        for kv in units.iter() {
            let (k, v) = kv.expect("a unit");
            let old: v1::Unit = codec::decode_as(1, &v).expect("a schema-1 unit");
            let new: haukiem::domain::Unit = old.into();
            units
                .insert(k, codec::encode(&new).expect("encode"))
                .expect("rewrite");
        }
        raw.flush().expect("flush");
    }
    let store = Store::open(&db).expect("open resumes the migration");
    assert_migrated(&store);
}

/// An export written by the build before schema 2 (`doc_number`, no
/// `decision_no`, undo in the reason) imports, and gives what migrating
/// the database it came from gives.
#[test]
fn a_schema_1_export_imports_as_the_migrated_database_reads() {
    let dir = tempfile::tempdir().expect("tempdir");
    let fresh = common::build::open(&dir.path().join("fresh"));
    let done = haukiem::io::import_files(&fresh, &[fixture("export.json")]).expect("import");
    assert_eq!(done.ops, 13);
    assert_migrated(&fresh);
    let migrated = Store::open(&v1_copy(&dir.path().join("old"))).expect("migrate");
    assert_eq!(
        haukiem::io::export::to_json(&fresh).expect("export"),
        haukiem::io::export::to_json(&migrated).expect("export"),
        "the imported export and the migrated database differ"
    );
    // Importing it again into the migrated database adds nothing: the
    // same ops read the same on both sides.
    let again = haukiem::io::import_files(&migrated, &[fixture("export.json")]).expect("again");
    assert_eq!((again.ops, again.skipped_ops), (0, 13));
}

/// `tests/data/v2/` is the schema-1 database above as the build before
/// schema 3 left it after two more changes (a note on KQX01, KQX02 moved
/// to in progress), with that build's export beside it. It opens as
/// schema 3: every finding found during its visit, every checklist item for
/// every sector, the log whole, and its export imports to the same.
#[test]
fn a_schema_2_database_opens_migrated() {
    let dir = tempfile::tempdir().expect("tempdir");
    let v2 = |name: &str| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/v2")
            .join(name)
    };
    let db = dir.path().join("db");
    std::fs::create_dir_all(&db).expect("create the copy");
    for f in ["conf", "db"] {
        std::fs::copy(v2(f), db.join(f)).expect("copy the v2 database");
    }
    let store = Store::open(&db).expect("open migrates");
    assert_eq!(migrate::stored_version(&store).expect("version"), SCHEMA);
    assert_clean(&store);
    assert_eq!(store.op_count(), 15);
    let one = store
        .finding_by_ref("HK-2026-01-KQX01")
        .expect("read")
        .expect("KQX01");
    assert_eq!(one.origin, haukiem::domain::Origin::Visit);
    assert_eq!(
        one.history.last().map(|h| h.note.as_str()),
        Some("Chi bộ đã bổ sung nghị quyết chuyên đề")
    );
    let two = store
        .finding_by_ref("HK-2026-01-KQX02")
        .expect("read")
        .expect("KQX02");
    assert_eq!(two.status, FindingStatus::InProgress);
    for t in store.templates().expect("templates") {
        assert!(t.items().all(|(_, i)| i.sectors.is_empty()), "{}", t.code);
    }
    // Every op of the log reads as schema 3, the finding ops with origins.
    let findings_in_log = store
        .ops()
        .expect("ops")
        .into_iter()
        .filter(|o| matches!(o.change, Change::Finding { .. }))
        .count();
    assert!(findings_in_log >= 4, "{findings_in_log}");
    // The build before schema 3's export imports as the migrated database reads.
    let fresh = common::build::open(&dir.path().join("fresh"));
    let done = haukiem::io::import_files(&fresh, &[v2("export.json")]).expect("import");
    assert_eq!(done.ops, 15);
    assert_eq!(
        haukiem::io::export::to_json(&fresh).expect("export"),
        haukiem::io::export::to_json(&store).expect("export"),
        "the imported export and the migrated database differ"
    );
}

/// `tests/data/v3/` is the schema-2 database above as the build before
/// schema 4 left it after two more changes (a note on KQX01, KQX02's
/// deadline extended), with that build's export beside it. It opens as
/// schema 4: each finding's ops listed in log order (the integrity check
/// recounts them), no conflict, and a finding changed there and in its
/// export apart still merges.
#[test]
fn a_schema_3_database_opens_migrated() {
    let dir = tempfile::tempdir().expect("tempdir");
    let v3 = |name: &str| {
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/v3")
            .join(name)
    };
    let db = dir.path().join("db");
    std::fs::create_dir_all(&db).expect("create the copy");
    for f in ["conf", "db"] {
        std::fs::copy(v3(f), db.join(f)).expect("copy the v3 database");
    }
    let store = Store::open(&db).expect("open migrates");
    assert_eq!(migrate::stored_version(&store).expect("version"), SCHEMA);
    assert_clean(&store);
    assert_eq!(store.op_count(), 17);
    assert!(store.conflicts().expect("conflicts").is_empty());
    let two = store
        .finding_by_ref("HK-2026-01-KQX02")
        .expect("read")
        .expect("KQX02");
    assert_eq!(two.due, common::build::date(2026, 12, 31));
    assert_eq!(two.status, FindingStatus::InProgress);
    // Its export imports to the same.
    let fresh = common::build::open(&dir.path().join("fresh"));
    let done = haukiem::io::import_files(&fresh, &[v3("export.json")]).expect("import");
    assert_eq!(done.ops, 17);
    assert_eq!(
        haukiem::io::export::to_json(&fresh).expect("export"),
        haukiem::io::export::to_json(&store).expect("export"),
    );
    // Changed apart on both (a note here, another there): merged by
    // replaying each finding's ops, which the migration listed.
    store.set_actor("Nguyễn Thị Thu Hà");
    fresh.set_actor("Trần Văn Hùng");
    let stamp = |by: &str| haukiem::domain::finding::Stamp {
        date: common::build::date(2026, 10, 12),
        at: chrono::Utc::now(),
        by: by.into(),
    };
    let here = two
        .with_note("Ghi chú ở máy này", stamp("Nguyễn Thị Thu Hà"))
        .expect("note");
    let head = store.finding_ops(two.id).expect("ops").last().map(|o| o.id);
    assert!(
        store
            .ops()
            .expect("ops")
            .iter()
            .all(|o| o.seq == 0 && o.base.is_none())
    );
    let made = store
        .commit(Change::update(two.clone(), here), None)
        .expect("note here");
    // Counted from here on, and made on the finding's latest op.
    assert_eq!((made.seq, made.base), (1, head));
    let there = two
        .with_note("Ghi chú ở máy kia", stamp("Trần Văn Hùng"))
        .expect("note");
    fresh
        .commit(Change::update(two, there), None)
        .expect("note there");
    let theirs = haukiem::io::export::to_json(&fresh).expect("export");
    let file = dir.path().join("theirs.json");
    std::fs::write(&file, theirs).expect("write");
    let done = haukiem::io::import_files(&store, &[file]).expect("merge");
    assert_eq!((done.ops, done.merged, done.conflicts), (1, 1, 0));
    let merged = store
        .finding_by_ref("HK-2026-01-KQX02")
        .expect("read")
        .expect("KQX02");
    let notes: Vec<&str> = merged.history.iter().map(|h| h.note.as_str()).collect();
    assert!(
        notes.contains(&"Ghi chú ở máy này") && notes.contains(&"Ghi chú ở máy kia"),
        "{notes:?}"
    );
    assert_clean(&store);
}
