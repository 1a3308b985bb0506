//! Bundles between laptops from the command line: `haukiem bundle -o FILE`
//! seals everything for the team, `haukiem import FILE` takes in what this
//! laptop lacks. Importing twice changes nothing, bundles relay, and a
//! wrong passphrase, a changed byte or a bundle opened without the
//! passphrase writes nothing.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::build::TODAY;
use common::cli::{haukiem, text};

const PASS: &str = "Đoàn giám sát số 3 — 2026";

/// `haukiem ARGS --db DB` with the team's passphrase in the environment.
fn run(db: &Path, args: &[&str], pass: Option<&str>) -> Output {
    let mut cmd = haukiem();
    cmd.env_remove("HAUKIEM_PASSPHRASE");
    if let Some(p) = pass {
        cmd.env("HAUKIEM_PASSPHRASE", p);
    }
    cmd.args(args)
        .arg("--db")
        .arg(db)
        .output()
        .expect("run haukiem")
}

fn ok(db: &Path, args: &[&str]) -> String {
    let out = run(db, args, Some(PASS));
    assert!(
        out.status.success(),
        "haukiem {args:?}: {}",
        text(&out.stderr)
    );
    text(&out.stderr) + &text(&out.stdout)
}

/// Everything but the format header, as the export lists it.
fn state(db: &Path) -> serde_json::Value {
    let json = ok(db, &["export"]);
    let mut v: serde_json::Value = serde_json::from_str(&json).expect("export JSON");
    let ops = v["ops"].as_array().map_or(0, Vec::len);
    v["ops"] = serde_json::Value::from(ops);
    v
}

fn ops(db: &Path) -> usize {
    state(db)["ops"].as_u64().expect("a count") as usize
}

struct Team {
    _dir: tempfile::TempDir,
    root: PathBuf,
}

impl Team {
    fn new() -> Team {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path().to_path_buf();
        ok(&root.join("a"), &["demo", "--no-tui", "--today", TODAY]);
        Team { _dir: dir, root }
    }
    fn db(&self, who: &str) -> PathBuf {
        self.root.join(who)
    }
    fn file(&self, name: &str) -> PathBuf {
        self.root.join(name)
    }
}

fn first_reference(db: &Path) -> String {
    let json = ok(
        db,
        &[
            "findings", "--today", TODAY, "--status", "mo", "--format", "json",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(
        json.lines()
            .skip_while(|l| !l.starts_with('['))
            .collect::<Vec<_>>()
            .join("\n")
            .as_str(),
    )
    .expect("findings JSON");
    v[0]["reference"].as_str().expect("a reference").to_string()
}

#[test]
fn a_bundle_brings_a_new_laptop_everything_and_twice_changes_nothing() {
    let t = Team::new();
    let a = t.db("a");
    let bundle = t.file("a.hkb");
    let said = ok(&a, &["bundle", "-o", bundle.to_str().expect("utf-8")]);
    assert!(said.contains("a.hkb"), "{said}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&bundle)
            .expect("the bundle")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // Nothing readable inside: no unit name, no finding text, no code.
    let bytes = std::fs::read(&bundle).expect("read");
    for clear in ["Đảng", "Dang", "HK-20", "haukiem-export", "\"ops\""] {
        assert!(
            !bytes.windows(clear.len()).any(|w| w == clear.as_bytes()),
            "{clear:?} readable in the bundle"
        );
    }
    let b = t.db("b");
    let first = ok(&b, &["import", bundle.to_str().expect("utf-8")]);
    assert_eq!(state(&a), state(&b), "B holds what A holds");
    assert!(first.contains("0 đã có sẵn"), "{first}");
    let n = ops(&b);
    let again = ok(&b, &["import", bundle.to_str().expect("utf-8")]);
    assert!(
        again.contains(&format!("0 thao tác mới, {n} đã có sẵn")),
        "{again}"
    );
    assert_eq!(ops(&b), n);
}

#[test]
fn bundles_relay_a_teammates_work() {
    let t = Team::new();
    let (a, b, c) = (t.db("a"), t.db("b"), t.db("c"));
    let ab = t.file("ab.hkb");
    ok(&a, &["bundle", "-o", ab.to_str().expect("utf-8")]);
    ok(&b, &["import", ab.to_str().expect("utf-8")]);
    let reference = first_reference(&b);
    ok(
        &b,
        &[
            "finding",
            &reference,
            "--note",
            "Chi bộ đã họp bù, có biên bản",
        ],
    );
    let bc = t.file("bc.hkb");
    ok(&b, &["bundle", "-o", bc.to_str().expect("utf-8")]);
    // C never saw A's bundle: B's carries A's work and B's own.
    ok(&c, &["import", bc.to_str().expect("utf-8")]);
    assert_eq!(state(&b), state(&c));
    // A takes B's bundle back: only B's note is new.
    let back = ok(&a, &["import", bc.to_str().expect("utf-8")]);
    assert!(back.contains("1 thao tác mới"), "{back}");
    assert_eq!(state(&a), state(&c));
}

#[test]
fn a_wrong_passphrase_a_changed_byte_or_no_passphrase_writes_nothing() {
    let t = Team::new();
    let a = t.db("a");
    let bundle = t.file("a.hkb");
    ok(&a, &["bundle", "-o", bundle.to_str().expect("utf-8")]);
    let b = t.db("b");
    ok(
        &b,
        &["import", "--dry-run", bundle.to_str().expect("utf-8")],
    );
    assert!(!b.join("db").exists(), "a dry run creates no database");

    let wrong = run(
        &b,
        &["import", bundle.to_str().expect("utf-8")],
        Some("sai"),
    );
    assert!(!wrong.status.success());
    let said = text(&wrong.stderr);
    assert!(said.contains("a.hkb"), "{said}");
    assert!(
        said.contains("sai mật khẩu, hoặc gói dữ liệu của đoàn khác"),
        "{said}"
    );

    let mut bytes = std::fs::read(&bundle).expect("read");
    let at = bytes.len() / 2;
    bytes[at] ^= 0x01;
    let changed = t.file("changed.hkb");
    std::fs::write(&changed, &bytes).expect("write");
    let out = run(
        &b,
        &["import", changed.to_str().expect("utf-8")],
        Some(PASS),
    );
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("đã bị sửa đổi hoặc hư hỏng"),
        "{}",
        text(&out.stderr)
    );

    let none = run(&b, &["import", bundle.to_str().expect("utf-8")], None);
    assert!(!none.status.success());
    assert!(
        text(&none.stderr).contains("HAUKIEM_PASSPHRASE"),
        "{}",
        text(&none.stderr)
    );
    // Nothing of any of them was written.
    assert!(
        !b.join("db").exists() || ops(&b) == 0,
        "a refused bundle left data behind"
    );
}

#[test]
fn a_passphrase_file_opens_the_bundle() {
    let t = Team::new();
    let a = t.db("a");
    let bundle = t.file("a.hkb");
    let pass = t.file("pass.txt");
    std::fs::write(&pass, format!("{PASS}\n")).expect("write");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&pass, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    }
    let out = run(
        &a,
        &[
            "bundle",
            "-o",
            bundle.to_str().expect("utf-8"),
            "--passphrase-file",
            pass.to_str().expect("utf-8"),
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let b = t.db("b");
    let out = run(
        &b,
        &[
            "import",
            "--passphrase-file",
            pass.to_str().expect("utf-8"),
            bundle.to_str().expect("utf-8"),
        ],
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(state(&a), state(&b));
}

fn finding_json(db: &Path, reference: &str) -> serde_json::Value {
    let out = ok(
        db,
        &["finding", reference, "--format", "json", "--today", TODAY],
    );
    let start = out.find('{').expect("JSON");
    serde_json::from_str(&out[start..]).expect("finding JSON")
}

fn bundle(t: &Team, from: &Path, name: &str) -> String {
    let f = t.file(name);
    ok(from, &["bundle", "-o", f.to_str().expect("utf-8")]);
    f.to_str().expect("utf-8").to_string()
}

/// A extends a deadline, B sets the status, C adds a note — on the same
/// finding, apart. Exchanged A→B→C and C→A, every change holds on A and C,
/// and after one more exchange on B too; then A and B set different
/// statuses: one conflict, the same on all three, the later value shown
/// meanwhile; C settles it and after one more exchange it is closed
/// everywhere.
#[test]
fn three_laptops_merge_a_finding_changed_apart() {
    let t = Team::new();
    let (a, b, c) = (t.db("a"), t.db("b"), t.db("c"));
    let start = bundle(&t, &a, "start.hkb");
    ok(&b, &["import", &start]);
    ok(&c, &["import", &start]);
    let reference = first_reference(&a);
    let before = finding_json(&a, &reference);
    assert_eq!(before["status"], "mo", "{before}");

    ok(
        &a,
        &[
            "finding",
            &reference,
            "--due",
            "30/06/2027",
            "--reason",
            "Đơn vị xin gia hạn do sáp nhập",
            "--today",
            TODAY,
        ],
    );
    ok(
        &b,
        &[
            "finding",
            &reference,
            "--status",
            "đang",
            "--note",
            "Chi bộ đã họp, phân công",
            "--today",
            TODAY,
        ],
    );
    ok(
        &c,
        &[
            "finding",
            &reference,
            "--note",
            "Đã xem biên bản sinh hoạt tháng 10",
            "--today",
            TODAY,
        ],
    );

    let ab = bundle(&t, &a, "ab.hkb");
    let said = ok(&b, &["import", &ab]);
    assert!(said.contains("1 thao tác mới"), "{said}");
    assert!(
        said.contains("1 hạn chế, khuyết điểm được sửa cả ở máy này và máy khác đã được hợp nhất"),
        "{said}"
    );
    let bc = bundle(&t, &b, "bc.hkb");
    ok(&c, &["import", &bc]);
    let ca = bundle(&t, &c, "ca.hkb");
    ok(&a, &["import", &ca]);

    for db in [&a, &c] {
        let f = finding_json(db, &reference);
        assert_eq!(f["due"], "2027-06-30", "{f}");
        assert_eq!(f["status"], "dang", "{f}");
        let notes: Vec<&str> = f["history"]
            .as_array()
            .expect("history")
            .iter()
            .filter_map(|h| h["note"].as_str())
            .collect();
        for n in [
            "Đơn vị xin gia hạn do sáp nhập",
            "Chi bộ đã họp, phân công",
            "Đã xem biên bản sinh hoạt tháng 10",
        ] {
            assert!(
                notes.iter().any(|x| x.contains(n)),
                "{n} missing: {notes:?}"
            );
        }
    }
    assert_eq!(state(&a)["findings"], state(&c)["findings"]);
    // One more exchange brings B level.
    let cb = bundle(&t, &c, "cb.hkb");
    ok(&b, &["import", &cb]);
    assert_eq!(state(&b)["findings"], state(&c)["findings"]);
    // Every laptop passes its own integrity check.
    for db in [&a, &b, &c] {
        let out = run(db, &["check"], Some(PASS));
        assert!(out.status.success(), "{}", text(&out.stdout));
    }

    // A laptop restored from A's export replays the merges to the same
    // state and adds no op of its own.
    let export = t.file("a.json");
    ok(&a, &["export", "-o", export.to_str().expect("utf-8")]);
    let d = t.db("d");
    ok(&d, &["import", export.to_str().expect("utf-8")]);
    assert_eq!(state(&d), state(&a));

    // The same field set two ways: a conflict, the same on all three.
    ok(
        &a,
        &[
            "finding",
            &reference,
            "--status",
            "đã",
            "--note",
            "Đơn vị báo cáo đã khắc phục",
            "--today",
            TODAY,
        ],
    );
    ok(
        &b,
        &[
            "finding",
            &reference,
            "--status",
            "không",
            "--note",
            "Chi bộ giải thể",
            "--today",
            TODAY,
        ],
    );
    let ab2 = bundle(&t, &a, "ab2.hkb");
    let said = ok(&b, &["import", &ab2]);
    assert!(said.contains("1 xung đột cần giải quyết"), "{said}");
    let ba2 = bundle(&t, &b, "ba2.hkb");
    ok(&a, &["import", &ba2]);
    ok(&c, &["import", &ba2]);
    let open = |db: &Path| -> Vec<serde_json::Value> {
        let out = ok(db, &["conflicts", "--format", "json"]);
        let start = out.find('[').expect("JSON");
        serde_json::from_str(&out[start..]).expect("conflicts JSON")
    };
    let on_a = open(&a);
    assert_eq!(on_a.len(), 1, "{on_a:?}");
    assert_eq!(on_a[0]["subject"], reference.as_str());
    assert_eq!(on_a[0]["fields"], serde_json::json!(["status"]));
    for db in [&b, &c] {
        let there = open(db);
        assert_eq!(there.len(), 1, "{there:?}");
        assert_eq!(there[0]["id"], on_a[0]["id"]);
    }
    // The later op's value stands in, the same everywhere: B's (made
    // after A's).
    for db in [&a, &b, &c] {
        assert_eq!(finding_json(db, &reference)["status"], "khong");
    }
    assert_eq!(state(&a)["findings"], state(&b)["findings"]);
    assert_eq!(state(&a)["findings"], state(&c)["findings"]);
    let id = on_a[0]["id"].as_str().expect("id").to_owned();
    let table = ok(&a, &["conflicts"]);
    assert!(
        table.contains(&id) && table.contains("(máy này)"),
        "{table}"
    );
    // C settles it for A's value; one more exchange closes it everywhere.
    let out = run(&c, &["resolve", &id, "--take", "mine"], Some(PASS));
    assert!(!out.status.success(), "C made neither side");
    let said = ok(&c, &["resolve", &id, "--take", "1"]);
    assert!(said.contains("Đã giải quyết xung đột"), "{said}");
    assert!(open(&c).is_empty());
    assert_eq!(finding_json(&c, &reference)["status"], "da");
    let settled = bundle(&t, &c, "settled.hkb");
    ok(&a, &["import", &settled]);
    ok(&b, &["import", &settled]);
    for db in [&a, &b, &c] {
        assert!(open(db).is_empty(), "still open");
        assert_eq!(finding_json(db, &reference)["status"], "da");
        let out = run(db, &["check"], Some(PASS));
        assert!(out.status.success(), "{}", text(&out.stdout));
    }
    assert_eq!(state(&a)["findings"], state(&b)["findings"]);
    assert_eq!(state(&a)["findings"], state(&c)["findings"]);
    // A laptop that takes the whole story at once is told of no conflict:
    // it was opened and settled before it came.
    let d = t.db("d");
    let said = ok(&d, &["import", &settled]);
    assert!(!said.contains("xung đột"), "{said}");
    assert!(open(&d).is_empty());
    // The settled conflict is kept, with who settled it.
    let all = ok(&a, &["conflicts", "--all", "--format", "json"]);
    assert!(
        all.contains("\"open\": false") || all.contains("\"open\":false"),
        "{all}"
    );
}

/// A note made on laptop A with its clock `ahead`, bundled.
fn bundle_from_ahead(t: &Team, ahead: chrono::Duration) -> (PathBuf, String, String) {
    let a = t.db("a");
    let reference = first_reference(&a);
    {
        let store = haukiem::store::Store::open(&a).expect("open A");
        store.set_actor("Trần Văn Minh");
        let f = store
            .finding_by_ref(&reference)
            .expect("read")
            .expect("the finding");
        let stamp = haukiem::domain::finding::Stamp {
            date: common::build::today(),
            at: chrono::Utc::now() + ahead,
            by: "Trần Văn Minh".into(),
        };
        let noted = f.with_note("Ghi trên máy sai giờ", stamp).expect("note");
        let mut op = store
            .new_op(haukiem::domain::Change::update(f, noted), None)
            .expect("op");
        op.at = chrono::Utc::now() + ahead;
        store.apply(&op).expect("apply");
    }
    let ab = bundle(t, &a, "ahead.hkb");
    (a, reference, ab)
}

fn has_note(db: &Path, reference: &str, note: &str) -> bool {
    finding_json(db, reference)["history"]
        .as_array()
        .expect("history")
        .iter()
        .any(|h| h["note"] == note)
}

/// A teammate's laptop two hours ahead: its bundle goes in, with a warning
/// that names the moment, and this laptop's next op is stamped after it
/// (so the log keeps its order); the warning stays while the clock is
/// behind.
#[test]
fn a_bundle_from_a_laptop_whose_clock_is_ahead_is_taken_with_a_warning() {
    let t = Team::new();
    let (_, reference, ab) = bundle_from_ahead(&t, chrono::Duration::hours(2));
    let b = t.db("b");
    let said = ok(&b, &["import", &ab]);
    assert!(said.contains("muộn hơn đồng hồ máy này"), "{said}");
    assert!(has_note(&b, &reference, "Ghi trên máy sai giờ"));
    let said = ok(
        &b,
        &[
            "finding",
            &reference,
            "--note",
            "Đã xem lại",
            "--today",
            TODAY,
        ],
    );
    assert!(said.contains("muộn hơn đồng hồ máy này"), "{said}");
    let out = run(&b, &["export"], Some(PASS));
    assert!(out.status.success());
    // The warning goes to standard error; the export stays clean JSON.
    assert!(text(&out.stderr).contains("muộn hơn đồng hồ máy này"));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("export");
    let ops = v["ops"].as_array().expect("ops");
    let last = &ops[ops.len() - 1];
    assert_eq!(
        last["actor"],
        common::build::ACTOR,
        "B's note is the log's last op"
    );
    let at = |o: &serde_json::Value| {
        chrono::DateTime::parse_from_rfc3339(o["at"].as_str().expect("at")).expect("time")
    };
    assert!(at(last) > at(&ops[ops.len() - 2]));
    let out = run(&b, &["check"], Some(PASS));
    assert!(out.status.success(), "{}", text(&out.stdout));
}

/// A teammate's laptop a year ahead: the op it stamped a year on is held,
/// not applied — said, with the moment — and this laptop's clock does not
/// move; importing the bundle again holds it once. Everything else in the
/// bundle goes in.
#[test]
fn an_op_a_year_ahead_is_held_and_this_clock_stays() {
    let t = Team::new();
    let (_, reference, ab) = bundle_from_ahead(&t, chrono::Duration::days(365));
    let b = t.db("b");
    let said = ok(&b, &["import", &ab]);
    assert!(
        said.contains("1 thao tác ghi lúc muộn hơn đồng hồ máy này quá 24 giờ"),
        "{said}"
    );
    assert!(!said.contains("cảnh báo"), "the clock did not move: {said}");
    assert!(!has_note(&b, &reference, "Ghi trên máy sai giờ"));
    let said = ok(&b, &["import", &ab]);
    assert!(said.contains("1 thao tác ghi lúc muộn hơn"), "{said}");
    let store = haukiem::store::Store::open(&b).expect("open B");
    assert_eq!(store.held_ops().expect("held").len(), 1);
    assert!(
        store
            .clock_behind(chrono::Utc::now(), chrono::Duration::minutes(10))
            .is_none()
    );
    let (problems, _) = store.check().expect("check");
    assert!(problems.is_empty(), "{problems:?}");
}

/// A held op goes in with the first import once this laptop's clock is
/// within a day of it, where it belongs in the log.
#[test]
fn a_held_op_goes_in_once_the_clock_is_near() {
    let dir = tempfile::tempdir().expect("tempdir");
    let a = common::build::open(&dir.path().join("a"));
    let u = common::build::unit("P-HA", None);
    let tp = common::build::template(1);
    let v = common::build::visit("HK-2026-07", tp.id, vec![u.id]);
    let f = common::build::finding("HK-2026-07-ABC01", u.id, v.id, None, common::build::today());
    for c in [
        haukiem::domain::Change::create(u),
        haukiem::domain::Change::create(tp),
        haukiem::domain::Change::create(v),
        haukiem::domain::Change::create(f.clone()),
    ] {
        a.commit(c, None).expect("commit");
    }
    let later = chrono::Utc::now() + chrono::Duration::days(3);
    let stamp = haukiem::domain::finding::Stamp {
        date: common::build::today(),
        at: later,
        by: "Trần Văn Minh".into(),
    };
    let noted = f.with_note("Ghi ba ngày sau", stamp).expect("note");
    let mut op = a
        .new_op(haukiem::domain::Change::update(f.clone(), noted), None)
        .expect("op");
    op.at = later;
    a.apply(&op).expect("apply");
    let file = dir.path().join("a.json");
    std::fs::write(&file, haukiem::io::export::to_json(&a).expect("export")).expect("write");
    let b = common::build::open(&dir.path().join("b"));
    let now = chrono::Utc::now();
    let done = haukiem::io::import_files_at(&b, std::slice::from_ref(&file), now).expect("import");
    assert_eq!((done.ops, done.held, done.released), (4, 1, 0));
    assert_eq!(
        b.finding(f.id).expect("read").expect("f").history.len(),
        f.history.len()
    );
    // A day on: still two days ahead.
    let done =
        haukiem::io::import_files_at(&b, &[], now + chrono::Duration::days(1)).expect("import");
    assert_eq!((done.ops, done.released), (0, 0));
    // Three days on: in.
    let done = haukiem::io::import_files_at(&b, &[], later).expect("import");
    assert_eq!((done.ops, done.released, done.held), (1, 1, 0));
    assert!(b.held_ops().expect("held").is_empty());
    assert_eq!(
        b.finding(f.id).expect("read").expect("f"),
        a.finding(f.id).expect("read").expect("f")
    );
    common::build::assert_clean(&b);
}

/// `tests/golden/bundle_v1.hkb` is the schema-3 database of
/// `tests/data/v3/` as this format's first build bundled it, with the
/// passphrase below: it must keep opening, give the same ops and data,
/// and refuse a wrong passphrase — a change of the bundle's format that
/// breaks this needs a new version of it, read beside the old.
#[test]
fn the_first_bundle_format_still_opens() {
    const GOLDEN_PASS: &str = "đoàn giám sát — tệp mẫu";
    let golden = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden/bundle_v1.hkb");
    let bytes = std::fs::read(&golden).expect("golden bundle");
    assert_eq!(&bytes[..4], b"\x89HKB", "magic");
    let t = Team::new();
    let db = t.root.join("fresh");
    let g = golden.to_str().expect("utf-8");
    let out = run(&db, &["import", g], Some("sai mật khẩu"));
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("sai mật khẩu"),
        "{}",
        text(&out.stderr)
    );
    let out = run(&db, &["import", g], Some(GOLDEN_PASS));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let said = text(&out.stdout) + &text(&out.stderr);
    assert!(said.contains("17 thao tác mới"), "{said}");
    assert_eq!(ops(&db), 17);
    let f = finding_json(&db, "HK-2026-01-KQX02");
    assert_eq!(f["due"], "2026-12-31");
    assert_eq!(f["status"], "dang");
    let out = run(&db, &["check"], Some(GOLDEN_PASS));
    assert!(out.status.success(), "{}", text(&out.stdout));
}

/// Once A and B have each taken the other's bundle, A's `--only-new`
/// bundle carries only what B lacks — a handful of ops, not the log —
/// and B takes it to the same state. A new laptop that lacks what it
/// leaves out is refused with what to do, and nothing is written.
#[test]
fn only_new_carries_what_known_teammates_lack() {
    let t = Team::new();
    let (a, b) = (t.db("a"), t.db("b"));
    let start = bundle(&t, &a, "start.hkb");
    ok(&b, &["import", &start]);
    let back = bundle(&t, &b, "back.hkb");
    ok(&a, &["import", &back]);
    let reference = first_reference(&a);
    ok(
        &a,
        &[
            "finding",
            &reference,
            "--note",
            "Đã xem biên bản họp chi bộ",
            "--today",
            TODAY,
        ],
    );
    let f = t.file("new.hkb");
    let fs = f.to_str().expect("utf-8");
    let said = ok(&a, &["bundle", "--only-new", "-o", fs]);
    assert!(said.contains(": 1 thao tác,"), "{said}");
    assert!(said.contains("1 đồng đội"), "{said}");
    let small = std::fs::metadata(&f).expect("bundle").len();
    let whole = std::fs::metadata(&start).expect("bundle").len();
    assert!(small * 20 < whole, "{small} bytes against {whole}");
    let said = ok(&b, &["import", fs]);
    assert!(said.contains("1 thao tác mới"), "{said}");
    assert_eq!(state(&a)["findings"], state(&b)["findings"]);
    // A laptop that never had the rest.
    let c = t.db("c");
    let out = run(&c, &["import", fs], Some(PASS));
    assert!(!out.status.success());
    let said = text(&out.stderr);
    assert!(said.contains("xin một gói đầy đủ"), "{said}");
    assert!(!c.join("db").exists() || ops(&c) == 0);
}

/// B takes A's bundle — a status change merged with B's own note, and a
/// status set two ways (a conflict) — then reverts the import as a whole:
/// B's findings are as before, the conflict is gone, `check` holds, and
/// importing the same bundle again changes nothing.
#[test]
fn an_import_reverted_whole_leaves_things_as_before_and_stays_reverted() {
    let t = Team::new();
    let (a, b) = (t.db("a"), t.db("b"));
    let start = bundle(&t, &a, "start.hkb");
    ok(&b, &["import", &start]);
    let refs: Vec<String> = {
        let out = ok(&a, &["findings", "--status", "mở", "--format", "json"]);
        let v: serde_json::Value =
            serde_json::from_str(&out[out.find('[').expect("JSON")..]).expect("JSON");
        v.as_array()
            .expect("list")
            .iter()
            .take(2)
            .map(|f| f["reference"].as_str().expect("ref").to_owned())
            .collect()
    };
    let change = |db: &Path, r: &str, args: &[&str]| {
        let mut all = vec!["finding", r];
        all.extend_from_slice(args);
        all.extend_from_slice(&["--today", TODAY]);
        ok(db, &all);
    };
    change(
        &a,
        &refs[0],
        &["--status", "đang", "--note", "Chi ủy đã phân công"],
    );
    change(&b, &refs[0], &["--note", "Đã xem biên bản"]);
    change(
        &a,
        &refs[1],
        &["--status", "đã", "--note", "Đơn vị báo cáo xong"],
    );
    change(&b, &refs[1], &["--status", "đang", "--note", "Mới bắt đầu"]);
    let before = state(&b);
    let ab = bundle(&t, &a, "ab.hkb");
    let said = ok(&b, &["import", &ab]);
    assert!(
        said.contains("1 xung đột") && said.contains("haukiem import --undo"),
        "{said}"
    );
    assert_ne!(state(&b)["findings"], before["findings"]);
    let said = ok(&b, &["import", "--undo"]);
    assert!(said.contains("Đã hoàn tác lần nhập"), "{said}");
    assert_eq!(state(&b)["findings"], before["findings"]);
    let out = ok(&b, &["conflicts", "--format", "json"]);
    assert_eq!(out.trim(), "[]", "{out}");
    let out = run(&b, &["check"], Some(PASS));
    assert!(out.status.success(), "{}", text(&out.stdout));
    // Again: its ops are in the log, so nothing changes; and there is
    // nothing left to revert.
    let said = ok(&b, &["import", &ab]);
    assert!(said.contains("0 thao tác mới"), "{said}");
    assert_eq!(state(&b)["findings"], before["findings"]);
    let out = run(&b, &["import", "--undo"], Some(PASS));
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("Không có lần nhập nào để hoàn tác"));
}

/// A unit edited on two laptops: different columns merge by themselves;
/// the same column set two ways is a conflict (the import goes through),
/// the same on both laptops until one settles it.
#[test]
fn a_unit_edited_on_two_laptops_merges_or_is_a_conflict() {
    let t = Team::new();
    let (a, b) = (t.db("a"), t.db("b"));
    let start = bundle(&t, &a, "start.hkb");
    ok(&b, &["import", &start]);
    let csv = |name: &str, secretary: &str, members: &str| {
        let f = t.file(name);
        std::fs::write(
            &f,
            format!(
                "ma,ten,ma_cap_tren,loai,linh_vuc,bi_thu,so_dang_vien\nP-QT,Đảng bộ phường Quang Trung,TU-ND,Đảng bộ cơ sở,\"Xã, phường, thị trấn\",{secretary},{members}\n"
            ),
        )
        .expect("write");
        f.to_str().expect("utf-8").to_owned()
    };
    // A changes the secretary, B the members: both hold.
    ok(&a, &["import", &csv("a1.csv", "Phạm Văn Hòa", "438")]);
    ok(&b, &["import", &csv("b1.csv", "Trần Văn Khải", "441")]);
    let ab = bundle(&t, &a, "ab.hkb");
    let said = ok(&b, &["import", &ab]);
    assert!(!said.contains("xung đột"), "{said}");
    let ba = bundle(&t, &b, "ba.hkb");
    ok(&a, &["import", &ba]);
    let unit = |db: &Path| -> serde_json::Value {
        state(db)["units"]
            .as_array()
            .expect("units")
            .iter()
            .find(|u| u["code"] == "P-QT")
            .expect("P-QT")
            .clone()
    };
    for db in [&a, &b] {
        let u = unit(db);
        assert_eq!(u["secretary"], "Phạm Văn Hòa", "{u}");
        assert_eq!(u["members"], 441, "{u}");
    }
    // Both change the secretary: a conflict, one value on both.
    ok(&a, &["import", &csv("a2.csv", "Nguyễn Thị Lan", "441")]);
    ok(&b, &["import", &csv("b2.csv", "Lê Minh Tuấn", "441")]);
    let ab = bundle(&t, &a, "ab2.hkb");
    let said = ok(&b, &["import", &ab]);
    assert!(said.contains("1 xung đột"), "{said}");
    let ba = bundle(&t, &b, "ba2.hkb");
    let said = ok(&a, &["import", &ba]);
    assert!(said.contains("1 xung đột"), "{said}");
    assert_eq!(unit(&a), unit(&b));
    let listed = ok(&a, &["conflicts", "--format", "json"]);
    let v: serde_json::Value =
        serde_json::from_str(&listed[listed.find('[').expect("JSON")..]).expect("JSON");
    assert_eq!(v[0]["kind"], "unit");
    assert_eq!(v[0]["fields"], serde_json::json!(["secretary"]));
    let id = v[0]["id"].as_str().expect("id").to_owned();
    let on_b = ok(&b, &["conflicts", "--format", "json"]);
    assert!(on_b.contains(&id), "{on_b}");
    ok(&a, &["resolve", &id, "--take", "mine"]);
    assert_eq!(unit(&a)["secretary"], "Nguyễn Thị Lan");
    let settled = bundle(&t, &a, "settled.hkb");
    ok(&b, &["import", &settled]);
    assert_eq!(unit(&a), unit(&b));
    let on_b = ok(&b, &["conflicts", "--format", "json"]);
    assert_eq!(on_b.trim(), "[]", "{on_b}");
    for db in [&a, &b] {
        let out = run(db, &["check"], Some(PASS));
        assert!(out.status.success(), "{}", text(&out.stdout));
    }
}
