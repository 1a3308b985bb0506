//! The command line as scripts use it: help, the demo, the findings listing
//! in its three formats and its filters, the export/import round trip,
//! `check`, a second process on an open database, and the environment
//! variables. Expected results are computed from `haukiem export`, so the
//! tests follow whatever the demo data holds.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Output;

use chrono::{Days, NaiveDate};
use serde_json::Value;
use tempfile::TempDir;
use unicode_segmentation::UnicodeSegmentation;

use haukiem::domain::text::{fold, width};
use haukiem::store::Store;

use common::build::{TODAY, today};
use common::cli::{DATA, demo_db, haukiem, listing, ok, overdue_json, references, run, text};

// ------------------------------------------------------------------ helpers

/// Run expecting exit code 1; returns stderr.
fn fails(db: &Path, args: &[&str]) -> String {
    let out = run(db, args);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "haukiem {args:?}: {err}");
    assert!(!err.contains("panicked"), "{err}");
    err
}

fn export(db: &Path) -> Value {
    serde_json::from_str(&ok(db, &["export"])).expect("export is JSON")
}

fn op_count(db: &Path) -> usize {
    export(db)["ops"].as_array().expect("ops").len()
}

/// A scratch directory with the demo loaded into `demo/`.
struct Demo {
    dir: TempDir,
    db: PathBuf,
    /// The export of the demo database.
    export: Value,
}

fn demo() -> Demo {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let db = demo_db(dir.path());
    let export = export(&db);
    Demo { dir, db, export }
}

/// The demo, for tests that need its visits and findings.
fn demo_with_findings() -> Demo {
    let d = demo();
    for list in ["visits", "findings"] {
        assert!(
            !d.export[list].as_array().expect(list).is_empty(),
            "the demo data (fixtures/demo.toml) has {list}"
        );
    }
    d
}

/// `findings --today TODAY ARGS --format json`.
fn findings_json(db: &Path, args: &[&str]) -> Vec<Value> {
    let rows: Value =
        serde_json::from_str(&listing(db, &[args, &["--format", "json"]].concat())).expect("JSON");
    rows.as_array().expect("a JSON array").clone()
}

fn iso(v: &Value) -> NaiveDate {
    NaiveDate::parse_from_str(v.as_str().expect("a date"), "%Y-%m-%d").expect("an ISO date")
}

fn is_active(f: &Value) -> bool {
    f["status"] == "Open" || f["status"] == "InProgress"
}

/// References of the exported findings that pass `keep`, sorted.
fn expected(e: &Value, keep: impl Fn(&Value) -> bool) -> BTreeSet<String> {
    e["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| keep(f))
        .map(|f| f["reference"].as_str().expect("reference").to_string())
        .collect()
}

fn set(rows: &[Value]) -> BTreeSet<String> {
    references(rows).into_iter().collect()
}

/// The cells of a table line, cut at the display columns `starts`; checks
/// that no character straddles a column start and that each column is
/// preceded by at least two spaces.
fn cells(line: &str, starts: &[usize]) -> Vec<String> {
    let mut out = vec![String::new(); starts.len()];
    let mut col = 0;
    for g in line.graphemes(true) {
        let i = starts
            .iter()
            .rposition(|s| *s <= col)
            .expect("column 0 starts at 0");
        if let Some(next) = starts.get(i + 1) {
            assert!(
                col + width(g) <= *next,
                "\"{g}\" straddles display column {next} in: {line}"
            );
        }
        out[i].push_str(g);
        col += width(g);
    }
    for (i, cell) in out.iter().enumerate().take(starts.len() - 1) {
        if !out[i + 1].is_empty() {
            assert!(
                cell.ends_with("  "),
                "column {} must end in two spaces: {line:?}",
                i + 1
            );
        }
    }
    out.into_iter().map(|c| c.trim_end().to_string()).collect()
}

/// Display columns where the table's columns start, from its rule line.
fn column_starts(rule: &str) -> Vec<usize> {
    let mut starts = vec![0];
    let mut at = 0;
    let runs: Vec<&str> = rule.split("  ").collect();
    for run in &runs[..runs.len() - 1] {
        assert!(run.chars().all(|c| c == '─'), "rule line: {rule:?}");
        at += width(run) + 2;
        starts.push(at);
    }
    starts
}

// --------------------------------------------------------------------- help

#[test]
fn help_lists_the_commands_and_global_options() {
    let out = haukiem().arg("--help").output().expect("run haukiem");
    assert_eq!(out.status.code(), Some(0));
    let help = text(&out.stdout);
    for word in [
        "demo", "import", "export", "findings", "check", "--db", "--lang", "--today",
    ] {
        assert!(help.contains(word), "{word} in: {help}");
    }
    assert!(!help.contains("__crash-writer"), "hidden command shown");
    let out = haukiem().arg("--version").output().expect("run haukiem");
    assert_eq!(out.status.code(), Some(0));
    assert!(text(&out.stdout).contains(env!("CARGO_PKG_VERSION")));
}

#[test]
fn every_command_has_help_with_its_options() {
    let commands: &[(&str, &[&str])] = &[
        ("demo", &["--no-tui", "--db", "--today", "--lang"]),
        ("import", &["FILE", "--db"]),
        ("export", &["--output", "-o", "--db"]),
        (
            "findings",
            &[
                "--overdue",
                "--due-within",
                "--unit",
                "--visit",
                "--status",
                "--search",
                "--format",
                "table",
                "csv",
                "json",
                "--today",
                "--db",
                "--lang",
            ],
        ),
        ("check", &["--db"]),
    ];
    for (cmd, options) in commands {
        let out = haukiem()
            .args([cmd, "--help"])
            .output()
            .expect("run haukiem");
        let help = text(&out.stdout);
        assert_eq!(out.status.code(), Some(0), "{cmd} --help");
        for o in *options {
            assert!(help.contains(o), "`{cmd} --help` mentions {o}: {help}");
        }
    }
    // Commands still being written: check them once they exist.
    let later: &[(&str, &[&str])] = &[
        (
            "report",
            &[
                "VISIT_CODE",
                "--unit",
                "--format",
                "md",
                "html",
                "xlsx",
                "docx",
                "-o",
            ],
        ),
        ("generate", &["--units", "--findings", "--seed", "--db"]),
    ];
    for (cmd, options) in later {
        let out = haukiem()
            .args([cmd, "--help"])
            .output()
            .expect("run haukiem");
        if !out.status.success() {
            continue;
        }
        let help = text(&out.stdout);
        for o in *options {
            assert!(help.contains(o), "`{cmd} --help` mentions {o}: {help}");
        }
    }
}

// --------------------------------------------------------------------- demo

#[test]
fn the_demo_moves_the_dates_in_its_texts_with_the_rest() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let detail = |today: &str| {
        let db = dir.path().join(today.replace('/', "-"));
        ok(&db, &["demo", "--no-tui", "--today", today]);
        let rows: Vec<Value> = serde_json::from_str(&ok(
            &db,
            &["findings", "--today", today, "--format", "json"],
        ))
        .expect("JSON");
        let row = rows
            .iter()
            .find(|r| r["detail"].as_str().is_some_and(|d| d.contains("87-TB/TU")))
            .expect("the demo's finding on Thông báo kết luận 87-TB/TU")
            .clone();
        (
            row["detail"].as_str().expect("detail").to_string(),
            row["due"].clone(),
        )
    };
    let (base, base_due) = detail(TODAY);
    assert!(
        base.contains("ngày 03/04/2026") && base.contains("trước ngày 30/09/2026"),
        "{base}"
    );
    // Ten days later: the deadline and the dates the text gives move alike.
    let (later, later_due) = detail("30/11/2026");
    assert!(
        later.contains("ngày 13/04/2026") && later.contains("trước ngày 10/10/2026"),
        "{later}"
    );
    let day =
        |v: &Value| NaiveDate::parse_from_str(v.as_str().expect("due"), "%Y-%m-%d").expect("date");
    assert_eq!((day(&later_due) - day(&base_due)).num_days(), 10);
}

#[test]
fn demo_twice_adds_nothing() {
    let d = demo_with_findings();
    let before = d.export["ops"].as_array().expect("ops").len();
    assert!(before > 0);
    assert!(
        !d.export["visits"].as_array().expect("visits").is_empty(),
        "the demo has visits"
    );
    let out = run(&d.db, &["demo", "--no-tui", "--today", TODAY]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("Dữ liệu mẫu đã có"), "{err}");
    assert_eq!(op_count(&d.db), before);
    assert_eq!(export(&d.db), d.export);
}

// ----------------------------------------------------------------- findings

#[test]
fn overdue_table_is_aligned_and_matches_json_and_csv() {
    let d = demo_with_findings();
    let table = ok(
        &d.db,
        &[
            "findings",
            "--overdue",
            "--today",
            TODAY,
            "--format",
            "table",
        ],
    );
    // table is the default format
    assert_eq!(
        ok(&d.db, &["findings", "--overdue", "--today", TODAY]),
        table
    );
    let lines: Vec<&str> = table.lines().collect();
    assert!(lines.len() > 2, "the demo has overdue findings:\n{table}");
    assert!(lines[0].starts_with("Mã"), "{}", lines[0]);
    let starts = column_starts(lines[1]);
    assert_eq!(starts.len(), 6, "six columns: {}", lines[1]);
    assert_eq!(
        cells(lines[0], &starts),
        [
            "Mã",
            "Đơn vị",
            "Hạn",
            "Quá hạn",
            "Tình trạng",
            "Hạn chế, khuyết điểm"
        ]
    );

    let json = findings_json(&d.db, &["--overdue"]);
    assert_eq!(json.len(), lines.len() - 2, "one table row per finding");
    for (line, row) in lines[2..].iter().zip(&json) {
        let c = cells(line, &starts);
        assert_eq!(c[0], row["reference"].as_str().expect("reference"));
        // A finding of a unit that merged into another is listed under
        // that one, saying where it was recorded.
        let unit = match row["formerly_code"].as_str() {
            Some(was) => format!("{} (trước đây: {was})", row["unit"].as_str().expect("unit")),
            None => row["unit"].as_str().expect("unit").to_string(),
        };
        let unit = unit.as_str();
        match c[1].strip_suffix('…') {
            Some(cut) => assert!(unit.starts_with(cut), "{} vs {unit}", c[1]),
            None => assert_eq!(c[1], unit),
        }
        let due = NaiveDate::parse_from_str(&c[2], "%d/%m/%Y").expect("due dd/mm/yyyy");
        assert!(due < today(), "{line}");
        assert_eq!(due, iso(&row["due"]));
        let days = row["days_overdue"].as_i64().expect("days_overdue");
        assert!(days > 0, "{row}");
        assert_eq!(days, (today() - due).num_days());
        assert_eq!(c[3], format!("{days} ngày"));
        assert_eq!(c[4], row["status_label"].as_str().expect("status_label"));
        assert_eq!(c[5], row["title"].as_str().expect("title"));
    }

    // the same findings as the export says are overdue, oldest deadline first
    let want = expected(&d.export, |f| is_active(f) && iso(&f["due"]) < today());
    assert_eq!(set(&json), want);
    let dues: Vec<NaiveDate> = json.iter().map(|r| iso(&r["due"])).collect();
    assert!(dues.is_sorted(), "sorted by deadline: {dues:?}");

    let csv_text = ok(
        &d.db,
        &["findings", "--overdue", "--today", TODAY, "--format", "csv"],
    );
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let headers = reader.headers().expect("a header row").clone();
    assert_eq!(&headers[0], "ma");
    let records: Vec<csv::StringRecord> = reader
        .records()
        .collect::<Result<_, _>>()
        .expect("valid CSV");
    assert_eq!(records.len(), json.len());
    for (rec, row) in records.iter().zip(&json) {
        assert_eq!(&rec[0], row["reference"].as_str().expect("reference"));
        let days = headers
            .iter()
            .position(|h| h == "so_ngay_qua_han")
            .expect("days overdue column");
        assert_eq!(rec[days], row["days_overdue"].to_string());
    }
}

#[test]
fn due_within_seven_days() {
    let d = demo_with_findings();
    let rows = findings_json(&d.db, &["--due-within", "7"]);
    let last = today() + Days::new(7);
    for r in &rows {
        let due = iso(&r["due"]);
        assert!(today() <= due && due <= last, "{r}");
        assert!(r["days_overdue"].is_null(), "{r}");
        assert!(["mo", "dang"].contains(&r["status"].as_str().expect("status")));
    }
    let want = expected(&d.export, |f| {
        let due = iso(&f["due"]);
        is_active(f) && today() <= due && due <= last
    });
    assert_eq!(set(&rows), want);
    // a wider window holds at least as much
    let wide = findings_json(&d.db, &["--due-within", "30"]);
    assert!(set(&wide).is_superset(&set(&rows)));
}

#[test]
fn status_filter() {
    let d = demo_with_findings();
    let all = findings_json(&d.db, &[]);
    assert_eq!(all.len(), d.export["findings"].as_array().expect("f").len());
    for (code, stored) in [
        ("mo", "Open"),
        ("dang", "InProgress"),
        ("da", "Remediated"),
        ("xm", "Verified"),
        ("khong", "Unremediable"),
    ] {
        let rows = findings_json(&d.db, &["--status", code]);
        assert!(rows.iter().all(|r| r["status"] == code), "{code}");
        assert_eq!(set(&rows), expected(&d.export, |f| f["status"] == stored));
    }
    // full names, without diacritics, repeated
    let named = findings_json(&d.db, &["--status", "Đã xác minh"]);
    assert_eq!(
        set(&named),
        expected(&d.export, |f| f["status"] == "Verified")
    );
    let two = findings_json(&d.db, &["--status", "mo", "--status", "dang khac phuc"]);
    assert_eq!(set(&two), expected(&d.export, is_active));
    let err = fails(&d.db, &["findings", "--today", TODAY, "--status", "đóng"]);
    assert!(
        err.contains("--status: không có tình trạng \"đóng\""),
        "{err}"
    );
    assert!(err.contains("Đã xác minh (xm)"), "{err}");
}

#[test]
fn unit_and_visit_filters() {
    let d = demo_with_findings();
    let findings = d.export["findings"].as_array().expect("findings");
    let units = d.export["units"].as_array().expect("units");
    let unit_id = &findings[0]["unit"];
    let code = units
        .iter()
        .find(|u| &u["id"] == unit_id)
        .and_then(|u| u["code"].as_str())
        .expect("the finding's unit is exported");
    let rows = findings_json(&d.db, &["--unit", code]);
    assert!(!rows.is_empty());
    // under the unit, or under the one it merged into, saying so
    assert!(
        rows.iter()
            .all(|r| r["unit_code"] == code || r["formerly_code"] == code)
    );
    assert_eq!(set(&rows), expected(&d.export, |f| &f["unit"] == unit_id));

    for v in d.export["visits"].as_array().expect("visits") {
        let vcode = v["code"].as_str().expect("visit code");
        let rows = findings_json(&d.db, &["--visit", vcode]);
        assert!(rows.iter().all(|r| r["visit"] == vcode));
        assert_eq!(set(&rows), expected(&d.export, |f| f["visit"] == v["id"]));
        // filters combine
        let both = findings_json(&d.db, &["--visit", vcode, "--overdue"]);
        assert_eq!(
            set(&both),
            expected(&d.export, |f| f["visit"] == v["id"]
                && is_active(f)
                && iso(&f["due"]) < today())
        );
    }

    let err = fails(&d.db, &["findings", "--today", TODAY, "--unit", "KHONG-CO"]);
    assert!(err.contains("--unit: không có đơn vị mã KHONG-CO"), "{err}");
    let err = fails(
        &d.db,
        &["findings", "--today", TODAY, "--visit", "KHONG-CO"],
    );
    assert!(err.contains("--visit: không có đợt mã KHONG-CO"), "{err}");
}

#[test]
fn search_ignores_diacritics() {
    let d = demo_with_findings();
    let rows = findings_json(&d.db, &["--search", "khac phuc"]);
    assert!(!rows.is_empty(), "the demo mentions khắc phục");
    let text_of = |r: &Value| {
        [
            "reference",
            "title",
            "detail",
            "cause",
            "remedy",
            "responsible",
        ]
        .iter()
        .map(|k| r[*k].as_str().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n")
    };
    for r in &rows {
        let folded = fold(&text_of(r));
        assert!(folded.contains("khac") && folded.contains("phuc"), "{r}");
    }
    assert!(
        rows.iter()
            .any(|r| text_of(r).to_lowercase().contains("khắc phục")),
        "matched through the diacritics"
    );
    let want = expected(&d.export, |f| {
        let t = fold(
            &[
                &f["reference"],
                &f["title"],
                &f["detail"],
                &f["cause"],
                &f["remedy"],
                &f["responsibility"]["name"],
            ]
            .iter()
            .map(|v| v.as_str().unwrap_or_default())
            .collect::<Vec<_>>()
            .join("\n"),
        );
        t.contains("khac") && t.contains("phuc")
    });
    assert_eq!(set(&rows), want);
    // with diacritics typed, the search is exact
    let exact = findings_json(&d.db, &["--search", "khắc phục"]);
    assert!(set(&exact).is_subset(&set(&rows)));
    // nothing matches nonsense
    assert!(findings_json(&d.db, &["--search", "zzqxj"]).is_empty());
}

#[test]
fn english_headers() {
    let d = demo_with_findings();
    let table = ok(
        &d.db,
        &["findings", "--overdue", "--today", TODAY, "--lang", "en"],
    );
    let lines: Vec<&str> = table.lines().collect();
    let starts = column_starts(lines[1]);
    assert_eq!(
        cells(lines[0], &starts),
        ["Ref", "Unit", "Due", "Overdue", "Status", "Finding"]
    );
    for line in &lines[2..] {
        let c = cells(line, &starts);
        assert!(c[3].ends_with(" d"), "{line}");
        assert!(
            ["Open", "In progress"].contains(&c[4].as_str()),
            "English status: {line}"
        );
    }
    let rows = findings_json(&d.db, &["--overdue", "--lang", "en"]);
    assert!(
        rows.iter()
            .all(|r| ["Open", "In progress"].contains(&r["status_label"].as_str().unwrap_or("")))
    );
}

#[test]
fn every_csv_written_starts_with_a_bom_for_excel() {
    let d = demo_with_findings();
    let listing = ok(&d.db, &["findings", "--today", TODAY, "--format", "csv"]);
    assert!(listing.starts_with("\u{feff}ma,"), "{listing}");
    let report = d.dir.path().join("bao-cao.csv");
    let visit = d.export["visits"][0]["code"].as_str().expect("visit code");
    let out = haukiem()
        .args(["report", visit, "--format", "csv", "--today", TODAY, "--db"])
        .arg(&d.db)
        .arg("-o")
        .arg(&report)
        .output()
        .expect("run haukiem report");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let bytes = std::fs::read(&report).expect("the report");
    assert!(bytes.starts_with(haukiem::csv_file::BOM.as_bytes()));
    assert_eq!(
        bytes.windows(3).filter(|w| *w == b"\xef\xbb\xbf").count(),
        1
    );
}

#[test]
fn findings_on_an_empty_database() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let db = dir.path().join("db");
    // Commands that only read never create a database: make an empty one.
    drop(Store::open(&db).expect("an empty database"));
    let table = ok(&db, &["findings", "--today", TODAY]);
    assert!(table.starts_with("Mã"), "{table}");
    assert_eq!(table.lines().count(), 2, "header and rule only: {table}");
    assert!(findings_json(&db, &[]).is_empty());
    let csv_text = ok(&db, &["findings", "--today", TODAY, "--format", "csv"]);
    assert_eq!(csv_text.lines().count(), 1, "{csv_text}");
}

// --------------------------------------------------------------- round trip

#[test]
fn export_import_export_is_byte_identical() {
    let d = demo();
    let a = d.dir.path().join("a.json");
    let b = d.dir.path().join("b.json");
    let c = d.dir.path().join("c.json");
    let empty = d.dir.path().join("empty");
    let a_s = a.to_str().expect("a UTF-8 path");
    ok(&d.db, &["export", "-o", a_s]);
    // -o writes the same bytes as stdout
    assert_eq!(
        std::fs::read(&a).expect("a.json"),
        ok(&d.db, &["export"]).into_bytes()
    );
    let out = run(&empty, &["import", a_s, "--lang", "en"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let n = d.export["ops"].as_array().expect("ops").len();
    let units = d.export["units"].as_array().expect("units").len();
    let err = text(&out.stderr);
    assert!(
        err.contains(&format!("Imported {units} units")),
        "counts units: {err}"
    );
    assert!(
        err.contains(&format!("{n} operations (0 already present)")),
        "{err}"
    );
    ok(&empty, &["export", "--output", b.to_str().expect("path")]);
    let (a_bytes, b_bytes) = (
        std::fs::read(&a).expect("a.json"),
        std::fs::read(&b).expect("b.json"),
    );
    assert!(
        a_bytes == b_bytes,
        "export → import → export changed the bytes"
    );

    for db in [&d.db, &empty] {
        let out = ok(db, &["check"]);
        assert!(out.contains("OK"), "{out}");
    }

    // importing the same export again adds nothing
    let out = run(&empty, &["import", a_s, "--lang", "en"]);
    let err = text(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains(&format!("0 operations ({n} already present)")),
        "{err}"
    );
    assert_eq!(op_count(&empty), n);
    ok(&empty, &["export", "-o", c.to_str().expect("path")]);
    assert!(std::fs::read(&c).expect("c.json") == b_bytes);
    // and into the database it came from, too
    let out = run(&d.db, &["import", a_s]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(op_count(&d.db), n);
}

#[test]
fn check_says_ok() {
    let d = demo();
    let out = run(&d.db, &["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let says = text(&out.stdout);
    assert!(says.starts_with("OK"), "{says}");
    let ops = d.export["ops"].as_array().expect("ops").len();
    assert!(says.contains(&format!("{ops} thao tác")), "{says}");
    // an empty database is fine too
    let empty = d.dir.path().join("empty");
    drop(Store::open(&empty).expect("an empty database"));
    assert!(ok(&empty, &["check"]).starts_with("OK"));
}

// -------------------------------------------------------- second process

#[test]
fn second_process_gets_a_clear_message() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let db = dir.path().join("db");
    let store = Store::open(&db).expect("open the database in this process");
    for args in [
        &["findings", "--today", TODAY][..],
        &["export"][..],
        &["check"][..],
    ] {
        let out = run(&db, args);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(
            err.contains("đang mở trong một cửa sổ haukiem khác"),
            "{err}"
        );
        assert!(
            err.contains(&db.display().to_string()),
            "names the database: {err}"
        );
        assert!(!err.contains("panicked"), "{err}");
    }
    let units = Path::new(DATA).join("units_small.csv");
    let out = run(&db, &["import", units.to_str().expect("path")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("đang mở trong một cửa sổ haukiem khác"));
    drop(store);
    // once closed, the other process gets in
    assert!(ok(&db, &["check"]).starts_with("OK"));
}

// ------------------------------------------------------------- environment

const OVERDUE_JSON: &[&str] = &["--overdue", "--format", "json"];

/// `haukiem findings ARGS --db DB` with `HAUKIEM_TODAY` set to `today`.
fn findings_with_today_var(db: &Path, today: &str, args: &[&str]) -> Output {
    haukiem()
        .env("HAUKIEM_TODAY", today)
        .arg("findings")
        .args(args)
        .arg("--db")
        .arg(db)
        .output()
        .expect("run haukiem")
}

#[test]
fn haukiem_db_is_honoured() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let from_env = dir.path().join("from-env");
    let other = dir.path().join("other");
    let units = Path::new(DATA).join("units_small.csv");
    let out = haukiem()
        .env("HAUKIEM_DB", &from_env)
        .arg("import")
        .arg(&units)
        .output()
        .expect("run haukiem");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(export(&from_env)["units"].as_array().expect("u").len(), 4);
    // reading through the variable sees the same database
    let out = haukiem()
        .env("HAUKIEM_DB", &from_env)
        .arg("export")
        .output()
        .expect("run haukiem");
    assert!(out.status.success());
    let e: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(e, export(&from_env));
    // --db wins over the variable
    drop(Store::open(&other).expect("an empty database"));
    let out = haukiem()
        .env("HAUKIEM_DB", &from_env)
        .arg("export")
        .arg("--db")
        .arg(&other)
        .output()
        .expect("run haukiem");
    let e: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert!(e["units"].as_array().expect("units").is_empty());
}

#[test]
fn haukiem_today_is_honoured() {
    let d = demo_with_findings();
    let pinned = overdue_json(&d.db);
    let out = findings_with_today_var(&d.db, TODAY, OVERDUE_JSON);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), pinned);

    // a later day makes more findings overdue, by the same number of extra days
    let out = findings_with_today_var(&d.db, "30/11/2026", OVERDUE_JSON);
    let later: Vec<Value> = serde_json::from_slice(&out.stdout).expect("JSON");
    let now: Vec<Value> = serde_json::from_str(&pinned).expect("JSON");
    assert!(set(&later).is_superset(&set(&now)));
    for r in &now {
        let same = later
            .iter()
            .find(|l| l["reference"] == r["reference"])
            .expect("still overdue");
        assert_eq!(
            same["days_overdue"].as_i64().expect("days"),
            r["days_overdue"].as_i64().expect("days") + 10
        );
    }

    // --today wins over the variable; a bad variable is reported as such
    let out = findings_with_today_var(
        &d.db,
        "31/02/2026",
        &[OVERDUE_JSON, &["--today", TODAY]].concat(),
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout), pinned);
    let out = findings_with_today_var(&d.db, "31/02/2026", &[]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("31/02/2026") && err.contains("không có ngày 31"),
        "{err}"
    );
}

/// The app with no terminal to draw in (input or output redirected) says
/// so and exits 1, after `demo` has loaded its data; it never panics.
#[test]
fn the_app_without_a_terminal_says_so() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db");
    let out = common::cli::haukiem()
        .args(["demo", "--db"])
        .arg(&db)
        .output()
        .expect("run haukiem");
    assert_eq!(out.status.code(), Some(1));
    let said = common::cli::text(&out.stderr);
    assert!(
        said.contains("ứng dụng cần một cửa sổ dòng lệnh (terminal)"),
        "{said}"
    );
    assert!(!said.contains("panicked"), "{said}");
    // The demo was loaded all the same.
    let all = common::cli::text(&out.stdout) + &said;
    assert!(all.contains("Đã nạp dữ liệu mẫu"), "{all}");
}
