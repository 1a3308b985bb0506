//! A damaged database says so in the interface's language, with what to
//! do; once damage is met nothing more is written; and a database whose
//! place cannot be written (a read-only medium, a full disk) can still be
//! exported.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::common::build::TODAY;
use crate::common::cli::{DATA, demo_db, ok, run, text};

/// What sled says, which no one at the keyboard can act on.
const SLED_WORDS: [&str; 5] = [
    "Read corrupted data",
    "sled version",
    "backtrace",
    "Corruption",
    "panicked",
];

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read dir") {
        let e = e.expect("entry");
        if e.file_type().expect("type").is_dir() {
            copy(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).expect("copy");
        }
    }
}

fn flip(file: &Path, from: f64, count: usize) {
    let mut b = std::fs::read(file).expect("read");
    let start = (b.len() as f64 * from) as usize;
    for i in (start..b.len()).step_by(97).take(count) {
        b[i] ^= 0xff;
    }
    std::fs::write(file, b).expect("write");
}

fn truncate(file: &Path, to: u64) {
    std::fs::OpenOptions::new()
        .write(true)
        .open(file)
        .and_then(|f| f.set_len(to))
        .expect("truncate");
}

/// The demo, opened once more after it was loaded (sled then keeps a
/// snapshot beside its log), and its export.
fn demo_with_snapshot(dir: &Path) -> (PathBuf, String) {
    let db = demo_db(dir);
    ok(&db, &["findings", "--today", TODAY]);
    let export = ok(&db, &["export"]);
    (db, export)
}

#[test]
fn damaged_files_are_named_in_the_interface_language_with_what_to_do() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (db, export) = demo_with_snapshot(dir.path());
    let size = std::fs::metadata(db.join("db")).expect("db").len();
    let snap = std::fs::read_dir(&db)
        .expect("read dir")
        .map(|e| e.expect("entry").path())
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("snap."))
        })
        .expect("a snapshot")
        .file_name()
        .expect("name")
        .to_owned();
    type Damage = Box<dyn Fn(&Path)>;
    let cases: Vec<(&str, &str, Damage)> = vec![
        (
            "bytes flipped early in db",
            "tệp dữ liệu",
            Box::new(|d| flip(&d.join("db"), 0.25, 40)),
        ),
        (
            "bytes flipped mid db",
            "tệp dữ liệu",
            Box::new(|d| flip(&d.join("db"), 0.5, 40)),
        ),
        (
            "db cut in half",
            "tệp dữ liệu",
            Box::new(move |d| truncate(&d.join("db"), size / 2)),
        ),
        (
            "db cut to 1000 bytes",
            "tệp dữ liệu",
            Box::new(|d| truncate(&d.join("db"), 1000)),
        ),
        (
            "a snapshot flipped",
            "tệp dữ liệu",
            Box::new(move |d| flip(&d.join(&snap), 0.5, 1)),
        ),
        (
            "a byte of conf flipped",
            "tệp cấu hình (conf)",
            Box::new(|d| flip(&d.join("conf"), 0.1, 1)),
        ),
    ];
    let units = Path::new(DATA).join("units_small.csv");
    for (i, (what, part, damage)) in cases.iter().enumerate() {
        let copy_db = dir.path().join(format!("copy{i}"));
        copy(&db, &copy_db);
        damage(&copy_db);
        let mut failed = 0;
        let mut all_read = false;
        for args in [
            &["check"][..],
            &["export"][..],
            &["import", units.to_str().expect("p")][..],
            &["findings", "--today", TODAY][..],
        ] {
            let out = run(&copy_db, args);
            let err = text(&out.stderr);
            for word in SLED_WORDS {
                assert!(!err.contains(word), "{what}, {args:?}: {err}");
            }
            match out.status.code() {
                Some(0) if args[0] == "export" => {
                    assert_eq!(text(&out.stdout), export, "{what}: nothing silently lost");
                    all_read = true;
                }
                // The bytes sled no longer reads (a log segment a snapshot
                // replaced): only if the export then has everything.
                Some(0) if args[0] == "check" => {}
                Some(0) if args[0] == "import" && all_read => {}
                Some(0) => assert_eq!(args[0], "findings", "{what}: {args:?} succeeded"),
                Some(1) => {
                    failed += 1;
                    // What is damaged, or (a command after the one that
                    // found it) that nothing more is written.
                    let named = err.contains(&format!("bị hỏng: {part}"))
                        || err.contains("có chỗ bị hỏng (đã gặp khi đọc), nên không ghi gì thêm");
                    assert!(named, "{what}, {args:?}: {err}");
                    assert!(err.contains("haukiem import TỆP-XUẤT.json --db"), "{err}");
                }
                code => panic!("{what}, {args:?}: exit {code:?}: {err}"),
            }
        }
        // `check` and `export` read everything and meet the damage; the
        // import is refused (from then on, if not at once); a listing may
        // still answer from pages that read. Damage where sled no longer
        // reads loses nothing: the export is whole.
        if all_read {
            continue;
        }
        assert!(failed >= 3, "{what}: {failed} commands failed");
        let out = run(&copy_db, &["export", "--lang", "en"]);
        assert!(
            text(&out.stderr).contains("is damaged"),
            "{}",
            text(&out.stderr)
        );
    }
}

/// One record that does not read, planted behind the write path's back.
fn plant_garbage(db: &Path) {
    let sled = crate::open_sled(db);
    let findings = sled.open_tree("findings").expect("findings");
    findings
        .insert([0xAB; 16], b"HK\x01\x00 not a finding".as_slice())
        .expect("insert");
    sled.flush().expect("flush");
}

fn unit_count(db: &Path) -> usize {
    let sled = crate::open_sled(db);
    sled.open_tree("units").expect("units").len()
}

/// The damage one command met stops the next from writing.
#[test]
fn once_damage_is_met_nothing_more_is_written() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = demo_db(dir.path());
    plant_garbage(&db);
    let before = unit_count(&db);
    let out = run(&db, &["export"]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("Một bản ghi của cơ sở dữ liệu bị hỏng (bảng findings)"),
        "{err}"
    );
    let units = Path::new(DATA).join("units_small.csv");
    let out = run(&db, &["import", units.to_str().expect("p")]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("nên không ghi gì thêm"), "{err}");
    assert_eq!(unit_count(&db), before, "nothing was written");
}

/// The database on a read-only disk, and on a full one: sled cannot open
/// it where it is, so it is read from a private copy, which is gone after.
#[test]
fn a_database_on_a_read_only_or_full_disk_can_still_be_exported() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (_db, export) = demo_with_snapshot(dir.path());
    std::fs::copy(
        Path::new(DATA).join("units_small.csv"),
        dir.path().join("units.csv"),
    )
    .expect("copy units");
    let script = r#"
        set -u
        mkdir "$D/ro" "$D/full" "$D/tmp"
        mount -t tmpfs -o size=16m tmpfs "$D/ro" && cp -a "$D/demo" "$D/ro/db" && mount -o remount,ro "$D/ro" || exit 90
        mount -t tmpfs -o size=8m tmpfs "$D/full" && cp -a "$D/demo" "$D/full/db" || exit 91
        dd if=/dev/zero of="$D/full/fill" bs=4k 2>/dev/null
        for where in ro full; do
            TMPDIR="$D/tmp" "$HAUKIEM" export --db "$D/$where/db" > "$D/$where.json" 2> "$D/$where.err"
            echo "$where export $?"
            TMPDIR="$D/tmp" "$HAUKIEM" findings --db "$D/$where/db" --today 20/11/2026 --lang en > /dev/null 2>> "$D/$where.err"
            echo "$where findings $?"
            TMPDIR="$D/tmp" "$HAUKIEM" import "$D/units.csv" --db "$D/$where/db" 2>> "$D/$where.err"
            echo "$where import $?"
        done
        ls -A "$D/tmp" | wc -l
    "#;
    let Some(out) = crate::in_namespace(dir.path(), script) else {
        return;
    };
    let said = text(&out.stdout);
    assert!(out.status.success(), "{said}{}", text(&out.stderr));
    for place in ["ro", "full"] {
        let err = std::fs::read_to_string(dir.path().join(format!("{place}.err"))).expect("err");
        assert!(
            said.contains(&format!("{place} export 0")),
            "{place}: {said}{err}"
        );
        assert!(
            said.contains(&format!("{place} findings 0")),
            "{place}: {said}{err}"
        );
        let json = std::fs::read_to_string(dir.path().join(format!("{place}.json"))).expect("json");
        assert_eq!(json, export, "{place}: everything got out");
        // sled may still find room in its own files on the full disk (then
        // the import is written there); the read-only one refuses it.
        if place == "full" {
            continue;
        }
        assert!(
            !said.contains("ro import 0"),
            "nothing written: {said}{err}"
        );
        assert!(err.contains("đọc từ một bản sao riêng"), "{place}: {err}");
        assert!(err.contains("private, temporary copy"), "{place}: {err}");
        assert!(
            err.contains("bản sao riêng (nơi lưu không ghi được): không ghi gì"),
            "{err}"
        );
    }
    assert!(
        said.trim_end().ends_with("\n0"),
        "no copy left behind: {said}"
    );
    let _: Value = serde_json::from_str(&export).expect("the export is JSON");
}

/// A process killed while it created a database leaves sled's files
/// without the mark of a database set up: reading them back as empty is
/// the new database it was, not damage (once set up, the cases above are).
#[test]
fn a_database_cut_short_while_it_was_created_opens_as_new() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("db");
    let units = Path::new(DATA).join("units_small.csv");
    let units = units.to_str().expect("path");
    ok(&db, &["import", units]);
    assert!(db.join("kept").is_file(), "set up, and marked so");
    std::fs::remove_file(db.join("kept")).expect("remove the mark");
    truncate(&db.join("db"), 1000);
    // Opens (as new, or with what it held), writes, and is marked again.
    ok(&db, &["import", units]);
    assert!(db.join("kept").is_file(), "marked once set up again");
}
