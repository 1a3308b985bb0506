//! Bad input is refused with a message that says where (file, line, column
//! or field) and what is wrong, and nothing is written: every case runs the
//! real binary, then checks through `export` and `check` that the database
//! is still empty. Domain rules are also checked through the library and
//! the store's one write path. A few good inputs make sure the checks do not
//! refuse what people really type.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use chrono::NaiveDate;
use serde_json::Value;
use tempfile::TempDir;
use unicode_normalization::UnicodeNormalization;

use haukiem::domain::{
    Change, Event, Finding, FindingStatus, FollowUp, Item, Responsibility, ResponsibilityKind,
    RuleError, Section, Sector, Severity, Template, Unit, UnitKind, Visit, VisitKind, VisitStatus,
    new_id,
};
use haukiem::store::{Store, StoreError};

use common::build::{created, date, stamp};
use common::cli::{DATA, haukiem, text};

// ------------------------------------------------------------------ helpers

/// One test's scratch directory with a database in `db/`.
struct Case {
    dir: TempDir,
}

impl Case {
    fn new() -> Case {
        Case {
            dir: tempfile::tempdir().expect("a temporary directory"),
        }
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("db")
    }

    /// Write `bytes` to `name` in the scratch directory.
    fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, bytes).expect("write the input file");
        path
    }

    /// Copy a file from `tests/data`.
    fn data(&self, name: &str) -> PathBuf {
        let bytes = std::fs::read(Path::new(DATA).join(name)).expect("read a tests/data file");
        self.write(name, bytes)
    }

    fn import(&self, files: &[&Path]) -> Output {
        haukiem()
            .arg("import")
            .args(files)
            .arg("--db")
            .arg(self.db())
            .output()
            .expect("run haukiem import")
    }

    /// Import that must succeed.
    fn import_ok(&self, files: &[&Path]) {
        let out = self.import(files);
        assert!(
            out.status.success(),
            "import {files:?} failed: {}",
            text(&out.stderr)
        );
    }

    /// Import that must fail with exit code 1; returns stderr.
    fn import_fails(&self, files: &[&Path]) -> String {
        let out = self.import(files);
        let err = text(&out.stderr);
        assert_eq!(
            out.status.code(),
            Some(1),
            "import {files:?} should fail with exit code 1; stderr: {err}"
        );
        assert!(!err.contains("panicked"), "a panic is not a message: {err}");
        assert!(
            text(&out.stdout).is_empty(),
            "nothing on stdout: {}",
            text(&out.stdout)
        );
        err
    }

    /// The database as `haukiem export` shows it.
    fn export(&self) -> Value {
        let out = haukiem()
            .arg("export")
            .arg("--db")
            .arg(self.db())
            .output()
            .expect("run haukiem export");
        assert!(out.status.success(), "export: {}", text(&out.stderr));
        serde_json::from_slice(&out.stdout).expect("export is JSON")
    }

    /// `haukiem check` exits 0 and says OK.
    fn check_ok(&self) {
        let out = haukiem()
            .arg("check")
            .arg("--db")
            .arg(self.db())
            .output()
            .expect("run haukiem check");
        assert_eq!(
            out.status.code(),
            Some(0),
            "check: {}{}",
            text(&out.stdout),
            text(&out.stderr)
        );
        assert!(text(&out.stdout).contains("OK"), "{}", text(&out.stdout));
    }

    /// Nothing was written: no entity and no op, and the database checks clean.
    fn assert_nothing_written(&self) {
        let e = self.export();
        for list in ["units", "templates", "visits", "answers", "findings", "ops"] {
            let items = e[list].as_array().expect("an array in the export");
            assert!(items.is_empty(), "{list} should be empty: {items:?}");
        }
        self.check_ok();
    }

    /// Import `file` alone; it must fail naming `file` + `location` (e.g.
    /// `:3, column 3 (ma_cap_tren)`) and every one of `words`; nothing written.
    fn refused(&self, file: &Path, location: &str, words: &[&str]) -> String {
        let err = self.import_fails(&[file]);
        expect_message(&err, file, location, words);
        self.assert_nothing_written();
        err
    }
}

fn expect_message(err: &str, file: &Path, location: &str, words: &[&str]) {
    let place = format!("{}{location}", file.display());
    assert!(err.contains(&place), "expected \"{place}\" in: {err}");
    for w in words {
        assert!(err.contains(w), "expected \"{w}\" in: {err}");
    }
}

/// A fresh database holding the demo, exported with `haukiem export`.
fn demo_export(case: &Case) -> String {
    let out = haukiem()
        .args(["demo", "--no-tui", "--today", "20/11/2026", "--db"])
        .arg(case.dir.path().join("demo-db"))
        .output()
        .expect("run haukiem demo");
    assert!(out.status.success(), "demo: {}", text(&out.stderr));
    let out = haukiem()
        .arg("export")
        .arg("--db")
        .arg(case.dir.path().join("demo-db"))
        .output()
        .expect("run haukiem export");
    assert!(out.status.success(), "export: {}", text(&out.stderr));
    String::from_utf8(out.stdout).expect("the export is UTF-8")
}

const HEADER: &str = "ma,ten,ma_cap_tren,loai,linh_vuc,bi_thu,so_dang_vien\n";

/// A units CSV: the full header, then `rows`.
fn units_csv(rows: &str) -> String {
    format!("{HEADER}{rows}")
}

// ------------------------------------------------------------- units CSV

#[test]
fn csv_unknown_parent_code() {
    let c = Case::new();
    let f = c.write(
        "units.csv",
        units_csv(
            "TU,Thành ủy Nam Định,,Cấp trên cơ sở,Khác,Đặng Quốc Thịnh,14870\n\
             P-QT,Đảng bộ phường Quang Trung,ZZ,Đảng bộ cơ sở,XP,Trần Văn Khải,438\n",
        ),
    );
    c.refused(
        &f,
        ":3, column 3 (ma_cap_tren)",
        &["unknown parent unit code \"ZZ\"", "nor in the database"],
    );
}

#[test]
fn csv_duplicate_code_in_the_file() {
    let c = Case::new();
    let f = c.write(
        "units.csv",
        units_csv(
            "TU,Thành ủy Nam Định,,CT,K,,14870\n\
             P-QT,Đảng bộ phường Quang Trung,TU,DBCS,XP,,438\n\
             P-QT,Chi bộ Tổ dân phố số 1,TU,CBTT,XP,,31\n",
        ),
    );
    c.refused(
        &f,
        ":4, column 1 (ma)",
        &["unit code P-QT appears twice", "first on line 3"],
    );
}

#[test]
fn csv_duplicate_code_already_in_the_database() {
    let c = Case::new();
    let first = c.data("units_small.csv");
    c.import_ok(&[&first]);
    let second = c.write(
        "more.csv",
        units_csv(
            "HT-XA-X2,Chi bộ Xóm 2,HT-XA,CBTT,XP,,35\n\
             HT-XA-X1,Chi bộ Xóm 1 (trùng),HT-XA,CBTT,XP,,41\n",
        ),
    );
    let err = c.import_fails(&[&second]);
    expect_message(
        &err,
        &second,
        ":3, column 1 (ma)",
        &["unit code HT-XA-X1 already exists in the database"],
    );
    let e = c.export();
    let mut codes: Vec<&str> = e["units"]
        .as_array()
        .expect("units")
        .iter()
        .map(|u| u["code"].as_str().expect("a code"))
        .collect();
    codes.sort_unstable();
    assert_eq!(codes, ["HT-TU", "HT-XA", "HT-XA-TH", "HT-XA-X1"]);
    assert_eq!(e["ops"].as_array().expect("ops").len(), 4);
    c.check_ok();
}

fn missing_column(header: &str, row: &str, column: &str) {
    let c = Case::new();
    let f = c.write("units.csv", format!("{header}\n{row}\n"));
    c.refused(
        &f,
        &format!(":1, column {column}"),
        &[&format!("required column \"{column}\" is missing")],
    );
}

#[test]
fn csv_missing_code_column() {
    missing_column("ten,loai", "Chi bộ Xóm 1,CBTT", "ma");
}

#[test]
fn csv_missing_name_column() {
    missing_column("ma,loai", "X1,CBTT", "ten");
}

#[test]
fn csv_missing_kind_column() {
    missing_column("ma,ten,ma_cap_tren", "X1,Chi bộ Xóm 1,", "loai");
}

#[test]
fn csv_unknown_column() {
    let c = Case::new();
    let f = c.write(
        "units.csv",
        "ma,ten,loai,ghi_chu\nX1,Chi bộ Xóm 1,CBTT,mới\n",
    );
    c.refused(
        &f,
        ":1, column 4 (ghi_chu)",
        &["unknown column \"ghi_chu\"", "expected ma|code"],
    );
}

#[test]
fn csv_duplicate_column() {
    let c = Case::new();
    // `name` is the English header of `ten`: the same column twice.
    let f = c.write(
        "units.csv",
        "ma,ten,loai,name\nX1,Chi bộ Xóm 1,CBTT,Chi bộ Xóm 1\n",
    );
    c.refused(&f, ":1, column 4 (name)", &["this column appears twice"]);
}

#[test]
fn csv_mixed_delimiters() {
    let c = Case::new();
    let f = c.write(
        "units.csv",
        "ma,ten,loai\nX1,Chi bộ Xóm 1,CBTT\nX2;Chi bộ Xóm 2;CBTT\n",
    );
    c.refused(
        &f,
        ":3, column 1",
        &["1 field but the header has 3", "mixes ',' and ';'"],
    );
}

#[test]
fn csv_unquoted_delimiter_in_a_name() {
    let c = Case::new();
    let f = c.write(
        "units.csv",
        "ma,ten,loai\nX1,Chi bộ Xóm 1, thôn Đông,CBTT\n",
    );
    c.refused(
        &f,
        ":2, column 4",
        &["4 fields but the header has 3", "in double quotes"],
    );
}

#[test]
fn csv_unclosed_quote() {
    let c = Case::new();
    let f = c.write(
        "units.csv",
        "ma,ten,loai\nX1,\"Chi bộ Xóm 1,CBTT\nX2,Chi bộ Xóm 2,CBTT\n",
    );
    c.refused(&f, ":2, column 2", &["double quote", "never closed"]);
}

#[test]
fn csv_unit_ends_before_it_starts() {
    let c = Case::new();
    let f = c.write(
        "units.csv",
        "ma,ten,loai,hieu_luc_tu,hieu_luc_den\nX1,Chi bộ Xóm 1,CBTT,01/01/2027,31/12/2026\n",
    );
    c.refused(
        &f,
        ":2, column 5 (hieu_luc_den)",
        &["ends (31/12/2026) before it starts (01/01/2027)"],
    );
}

#[test]
fn csv_not_utf8() {
    let c = Case::new();
    // "Đảng bộ" as a legacy Vietnamese code page would write it: 0xD0 0xE3 …
    let mut bytes = b"ma,ten,loai\nX1,Chi bo Xom 1,CBTT\nX2,".to_vec();
    bytes.extend_from_slice(b"\xd0\xe3ng b\xe9 X\xf3m 2,CBTT\n");
    let f = c.write("units.csv", bytes);
    c.refused(&f, ":3, column 4", &["not valid UTF-8", "CSV UTF-8"]);
}

#[test]
fn csv_empty_file() {
    let c = Case::new();
    let f = c.write("units.csv", "");
    c.refused(&f, ": the file is empty", &["header row"]);
}

#[test]
fn csv_blank_lines_only() {
    let c = Case::new();
    let f = c.write("units.csv", "\r\n  \r\n");
    c.refused(&f, ": the file is empty", &[]);
}

#[test]
fn csv_header_only() {
    let c = Case::new();
    let f = c.write("units.csv", HEADER);
    c.refused(&f, ": the file has a header but no units", &[]);
}

#[test]
fn csv_unknown_kind() {
    let c = Case::new();
    let f = c.write(
        "units.csv",
        units_csv("DD,Đảng đoàn Hội đồng nhân dân tỉnh,,Đảng đoàn,Cơ quan,,9\n"),
    );
    c.refused(
        &f,
        ":2, column 4 (loai)",
        &[
            "unknown kind \"Đảng đoàn\"",
            "expected",
            "Chi bộ trực thuộc (CBTT)",
        ],
    );
}

#[test]
fn csv_unknown_sector() {
    let c = Case::new();
    let f = c.write(
        "units.csv",
        units_csv("HTX,Chi bộ Hợp tác xã Nông nghiệp,,CBCS,Hợp tác xã,,12\n"),
    );
    c.refused(
        &f,
        ":2, column 5 (linh_vuc)",
        &["unknown sector \"Hợp tác xã\"", "Doanh nghiệp (DN)"],
    );
}

#[test]
fn csv_members_not_a_number() {
    let c = Case::new();
    let f = c.write(
        "units.csv",
        units_csv(
            "TU,Thành ủy,,CT,K,,14870\n\
             X1,Chi bộ Xóm 1,TU,CBTT,XP,Lê Văn Cường,ba mươi\n",
        ),
    );
    c.refused(
        &f,
        ":3, column 7 (so_dang_vien)",
        &["\"ba mươi\" is not a whole number of members"],
    );
}

#[test]
fn csv_date_that_does_not_exist() {
    let c = Case::new();
    let f = c.write(
        "units.csv",
        "ma,ten,loai,hieu_luc_tu\nX1,Chi bộ Xóm 1,CBTT,31/02/2026\n",
    );
    c.refused(
        &f,
        ":2, column 4 (hieu_luc_tu)",
        &["31/02/2026", "day 31 does not exist in 02/2026"],
    );
}

#[test]
fn csv_parent_cycle() {
    let c = Case::new();
    let f = c.write(
        "units.csv",
        units_csv(
            "TU,Thành ủy,,CT,K,,14870\n\
             A,Đảng bộ A,B,DBCS,XP,,300\n\
             B,Đảng bộ B,A,DBCS,XP,,200\n",
        ),
    );
    c.refused(
        &f,
        ":3, column 3 (ma_cap_tren)",
        &["unit A is its own ancestor", "cycle"],
    );
}

#[test]
fn csv_own_parent() {
    let c = Case::new();
    let f = c.write("units.csv", units_csv("A,Đảng bộ A,A,DBCS,XP,,300\n"));
    c.refused(
        &f,
        ":2, column 3 (ma_cap_tren)",
        &["cannot be its own parent"],
    );
}

#[test]
fn csv_empty_code() {
    let c = Case::new();
    let f = c.write(
        "units.csv",
        units_csv("TU,Thành ủy,,CT,K,,14870\n  ,Chi bộ Xóm 1,TU,CBTT,XP,,31\n"),
    );
    c.refused(&f, ":3, column 1 (ma)", &["the unit code is empty"]);
}

#[test]
fn multi_file_second_csv_bad_imports_nothing() {
    let c = Case::new();
    let good = c.data("units_small.csv");
    let bad = c.write(
        "bad.csv",
        units_csv("HT-XA-X9,Chi bộ Xóm 9,HT-XA,Đảng đoàn,XP,,20\n"),
    );
    let err = c.import_fails(&[&good, &bad]);
    expect_message(&err, &bad, ":2, column 4 (loai)", &["unknown kind"]);
    assert!(
        !err.contains(&good.display().to_string()),
        "only the bad file is blamed: {err}"
    );
    // all or nothing: the good first file was not imported either
    c.assert_nothing_written();
}

#[test]
fn multi_file_template_then_bad_csv_imports_nothing() {
    let c = Case::new();
    let template = c.data("template_small.toml");
    let good = c.data("units_small.csv");
    // The second CSV may use the first one's codes as parents …
    let children = c.write(
        "children.csv",
        units_csv(
            "HT-XA-X2,Chi bộ Xóm 2,HT-XA,CBTT,XP,,35\nHT-XA-X3,Chi bộ Xóm 3,HT-XA,CBTT,XP,,ba\n",
        ),
    );
    let err = c.import_fails(&[&template, &good, &children]);
    expect_message(
        &err,
        &children,
        ":3, column 7 (so_dang_vien)",
        &["not a whole number"],
    );
    c.assert_nothing_written();
}

#[test]
fn multi_file_same_code_in_two_files() {
    let c = Case::new();
    let good = c.data("units_small.csv");
    let again = c.write(
        "again.csv",
        units_csv("HT-XA,Đảng bộ xã Hải An (bản sao),,DBCS,XP,,312\n"),
    );
    let err = c.import_fails(&[&good, &again]);
    expect_message(&err, &again, ":2, column 1 (ma)", &["HT-XA already exists"]);
    c.assert_nothing_written();
}

// ------------------------------------------------------------ template TOML

const TEMPLATE_HEAD: &str = "code = \"T\"\nversion = 1\ntitle = \"Phiếu\"\n";

#[test]
fn toml_duplicate_item_codes() {
    let c = Case::new();
    let f = c.write(
        "template.toml",
        format!(
            "{TEMPLATE_HEAD}
[[sections]]
code = \"I\"
title = \"Một\"

[[sections.items]]
code = \"I.1\"
text = \"Mục một\"

[[sections.items]]
code = \"I.1\"
text = \"Mục hai\"
"
        ),
    );
    c.refused(
        &f,
        ":14, column 8",
        &["item code I.1 appears twice", "first on line 10"],
    );
}

#[test]
fn toml_duplicate_section_codes() {
    let c = Case::new();
    let f = c.write(
        "template.toml",
        format!(
            "{TEMPLATE_HEAD}
[[sections]]
code = \"I\"
title = \"Một\"
items = [{{ code = \"I.1\", text = \"Mục một\" }}]

[[sections]]
code = \"I\"
title = \"Hai\"
items = [{{ code = \"I.2\", text = \"Mục hai\" }}]
"
        ),
    );
    c.refused(
        &f,
        ":11, column 8",
        &["section code I appears twice", "first on line 6"],
    );
}

#[test]
fn toml_item_without_text() {
    let c = Case::new();
    let f = c.write(
        "template.toml",
        format!(
            "{TEMPLATE_HEAD}
[[sections]]
code = \"I\"
title = \"Một\"

[[sections.items]]
code = \"I.1\"
text = \"   \"
"
        ),
    );
    c.refused(&f, ":11, column 8", &["field text", "item I.1 has no text"]);
}

#[test]
fn toml_section_with_empty_items() {
    let c = Case::new();
    let f = c.write(
        "template.toml",
        format!("{TEMPLATE_HEAD}\n[[sections]]\ncode = \"I\"\ntitle = \"Một\"\nitems = []\n"),
    );
    c.refused(&f, ":6, column 8", &["section I has no items"]);
}

#[test]
fn toml_section_without_items() {
    let c = Case::new();
    let f = c.write(
        "template.toml",
        format!(
            "{TEMPLATE_HEAD}
[[sections]]
code = \"I\"
title = \"Một\"

[[sections]]
code = \"II\"
title = \"Hai\"

[[sections.items]]
code = \"II.1\"
text = \"Mục\"
"
        ),
    );
    c.refused(&f, ":6, column 8", &["section I has no items"]);
}

#[test]
fn toml_no_sections() {
    let c = Case::new();
    let f = c.write("template.toml", format!("{TEMPLATE_HEAD}sections = []\n"));
    c.refused(&f, ":4, column 12", &["the template has no sections"]);
}

#[test]
fn toml_unknown_field() {
    let c = Case::new();
    let f = c.write(
        "template.toml",
        format!(
            "{TEMPLATE_HEAD}
[[sections]]
code = \"I\"
title = \"Một\"

[[sections.items]]
code = \"I.1\"
text = \"Mục một\"
critcal = true
"
        ),
    );
    c.refused(
        &f,
        ":12, column 1",
        &["unknown field `critcal`", "`critical`"],
    );
}

#[test]
fn toml_section_without_code() {
    let c = Case::new();
    let f = c.write(
        "template.toml",
        format!(
            "{TEMPLATE_HEAD}
[[sections]]
title = \"Một\"

[[sections.items]]
code = \"I.1\"
text = \"Mục một\"
"
        ),
    );
    c.refused(&f, ":5, column 1", &["missing field `code`"]);
}

#[test]
fn toml_syntax_error() {
    let c = Case::new();
    let f = c.write(
        "template.toml",
        "code = \"T\"\nversion = 1\ntitle = \"Phiếu\n\n[[sections]]\ncode = \"I\"\n",
    );
    c.refused(&f, ":3, column 15", &["invalid basic string"]);
}

#[test]
fn toml_empty_file() {
    let c = Case::new();
    let f = c.write("template.toml", "\n\n");
    c.refused(
        &f,
        ": the file is empty",
        &["expected code, version, title and [[sections]]"],
    );
}

#[test]
fn toml_same_template_version_twice() {
    let c = Case::new();
    let f = c.data("template_small.toml");
    c.import_ok(&[&f]);
    let err = c.import_fails(&[&f]);
    expect_message(
        &err,
        &f,
        ": template HK-NHO version 1 already exists",
        &["higher version"],
    );
    let e = c.export();
    assert_eq!(e["templates"].as_array().expect("templates").len(), 1);
    assert_eq!(e["ops"].as_array().expect("ops").len(), 1);
    c.check_ok();
}

// --------------------------------------------------------------- JSON export

#[test]
fn json_truncated() {
    let c = Case::new();
    let full = demo_export(&c);
    let mut cut = full.len() / 2;
    while !full.is_char_boundary(cut) {
        cut -= 1;
    }
    let half = &full[..cut];
    let f = c.write("half.json", half);
    let last_line = half.matches('\n').count() + 1;
    c.refused(
        &f,
        &format!(":{last_line}, column "),
        &["the file ends early (truncated?)"],
    );
}

#[test]
fn json_truncated_inside_a_character() {
    let c = Case::new();
    let full = demo_export(&c);
    // cut after the first byte of a Vietnamese letter in the second half
    // (the middle itself may fall inside a letter: start at the one before)
    let mut start = full.len() / 2;
    while !full.is_char_boundary(start) {
        start -= 1;
    }
    let (at, _) = full[start..]
        .char_indices()
        .find(|(_, ch)| ch.len_utf8() > 1)
        .expect("Vietnamese text in the export");
    let cut = start + at + 1;
    let f = c.write("cut.json", &full.as_bytes()[..cut]);
    let line = full[..start + at].matches('\n').count() + 1;
    c.refused(
        &f,
        &format!(":{line}, column "),
        &["ends in the middle of a UTF-8 character", "truncated"],
    );
}

#[test]
fn json_newer_schema() {
    let c = Case::new();
    let mut e: Value = serde_json::from_str(&demo_export(&c)).expect("export is JSON");
    e["schema"] = Value::from(99);
    let f = c.write(
        "newer.json",
        serde_json::to_string_pretty(&e).expect("serialise"),
    );
    c.refused(
        &f,
        ": field \"schema\"",
        &["schema 99", "newer than this haukiem understands"],
    );
}

#[test]
fn json_finding_points_to_missing_unit() {
    let c = Case::new();
    let mut e: Value = serde_json::from_str(&demo_export(&c)).expect("export is JSON");
    let reference = e["findings"][0]["reference"]
        .as_str()
        .expect("the demo has findings")
        .to_string();
    let ghost = new_id().to_string();
    e["findings"][0]["unit"] = Value::from(ghost.clone());
    let f = c.write(
        "ghost.json",
        serde_json::to_string_pretty(&e).expect("serialise"),
    );
    c.refused(
        &f,
        &format!(": findings[0].unit (finding {reference})"),
        &[
            &format!("unit {ghost}"),
            "neither in the export nor in the database",
        ],
    );
}

#[test]
fn json_entities_disagree_with_the_log() {
    let c = Case::new();
    let mut e: Value = serde_json::from_str(&demo_export(&c)).expect("export is JSON");
    let code = e["units"][0]["code"].as_str().expect("a unit").to_string();
    e["units"][0]["name"] = Value::from("Tên đã bị sửa tay");
    let f = c.write(
        "edited.json",
        serde_json::to_string_pretty(&e).expect("serialise"),
    );
    c.refused(
        &f,
        &format!(": units[0] ({code}) differs from what the op log records"),
        &[],
    );
}

#[test]
fn json_from_a_database_filled_separately() {
    let c = Case::new();
    let theirs = c.write("theirs.json", demo_export(&c));
    // this database loaded the demo on its own: same codes, other ids
    let out = haukiem()
        .args(["demo", "--no-tui", "--today", "20/11/2026", "--db"])
        .arg(c.db())
        .output()
        .expect("run haukiem demo");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let before = c.export();
    let err = c.import_fails(&[&theirs]);
    let code = before["units"][0]["code"].as_str().expect("a unit code");
    expect_message(
        &err,
        &theirs,
        ": units[0].code",
        &[&format!(
            "unit code {code} is already used by another record"
        )],
    );
    assert_eq!(c.export(), before, "nothing written");
    c.check_ok();
}

#[test]
fn csv_and_json_with_the_same_code_in_one_import() {
    let c = Case::new();
    let export = demo_export(&c);
    let e: Value = serde_json::from_str(&export).expect("JSON");
    let code = e["units"][0]["code"].as_str().expect("a unit code");
    let json = c.write("demo.json", &export);
    let csv = c.write(
        "units.csv",
        format!("ma,ten,loai\n{code},Chi bộ trùng mã,CBTT\n"),
    );
    let err = c.import_fails(&[&csv, &json]);
    let both = format!("{}, {}", csv.display(), json.display());
    expect_message(
        &err,
        Path::new(&both),
        ": ",
        &[&format!("unit code {code} is already used")],
    );
    c.assert_nothing_written();
}

#[test]
fn json_not_a_haukiem_export() {
    let c = Case::new();
    let f = c.write("other.json", "{}\n");
    c.refused(
        &f,
        ": not a haukiem export",
        &["\"format\" must be \"haukiem-export\""],
    );
}

#[test]
fn json_not_json() {
    let c = Case::new();
    let f = c.write(
        "notes.json",
        "{\n  \"format\": \"haukiem-export\",\n  schema: 1\n}\n",
    );
    c.refused(&f, ":3, column 3", &["key must be a string"]);
}

#[test]
fn unknown_extension() {
    let c = Case::new();
    let f = c.write("units.xlsx", b"PK\x03\x04 not really a workbook");
    c.refused(
        &f,
        ": unknown kind of file",
        &[
            ".csv (units)",
            ".toml (checklist template)",
            ".json (export)",
        ],
    );
}

#[test]
fn missing_file() {
    let c = Case::new();
    let f = c.dir.path().join("khong-co.csv");
    c.refused(&f, ": cannot read", &[]);
}

// -------------------------------------------------------------------- rules

#[test]
fn today_that_does_not_exist() {
    let c = Case::new();
    let out = haukiem()
        .args(["findings", "--today", "31/02/2026", "--db"])
        .arg(c.db())
        .output()
        .expect("run haukiem findings");
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("--today"), "{err}");
    assert!(err.contains("31/02/2026"), "{err}");
    assert!(err.contains("day 31 does not exist"), "{err}");
    assert!(text(&out.stdout).is_empty());
}

#[test]
fn due_within_a_huge_number_of_days() {
    let c = Case::new();
    let e: Value = serde_json::from_str(&demo_export(&c)).expect("export is JSON");
    let today = date(2026, 11, 20);
    let mut want: Vec<&str> = e["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter(|f| {
            let due = NaiveDate::parse_from_str(f["due"].as_str().expect("due"), "%Y-%m-%d")
                .expect("an ISO date");
            (f["status"] == "Open" || f["status"] == "InProgress") && due >= today
        })
        .map(|f| f["reference"].as_str().expect("reference"))
        .collect();
    want.sort_unstable();
    // a window past the end of the calendar means "every deadline from today on"
    for days in ["100000000", "4294967295"] {
        let out = haukiem()
            .args(["findings", "--due-within", days, "--today", "20/11/2026"])
            .args(["--format", "json", "--db"])
            .arg(c.dir.path().join("demo-db"))
            .output()
            .expect("run haukiem findings");
        let err = text(&out.stderr);
        assert!(
            !err.contains("panicked"),
            "--due-within {days} panics: {err}"
        );
        assert_eq!(out.status.code(), Some(0), "--due-within {days}: {err}");
        let rows: Value = serde_json::from_slice(&out.stdout).expect("JSON");
        let mut got: Vec<&str> = rows
            .as_array()
            .expect("an array")
            .iter()
            .map(|r| r["reference"].as_str().expect("reference"))
            .collect();
        got.sort_unstable();
        assert_eq!(got, want, "--due-within {days}");
    }
}

/// A store with one unit, one template, one visit and one open finding.
struct World {
    _dir: TempDir,
    path: PathBuf,
    store: Store,
    finding: Finding,
}

fn world() -> World {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("db");
    let store = Store::open(&path).expect("open a new store");
    store.set_actor(common::build::ACTOR);
    let unit = Unit {
        id: new_id(),
        code: "X1".into(),
        name: "Chi bộ Xóm 1".into(),
        kind: UnitKind::SubordinateCell,
        sector: Sector::Locality,
        parent: None,
        secretary: "Lê Văn Cường".into(),
        members: 41,
        valid_from: None,
        valid_to: None,
        successor: None,
    };
    let template = Template {
        id: new_id(),
        code: "HK".into(),
        version: 1,
        title: "Phiếu hậu kiểm".into(),
        legal_bases: vec![],
        sections: vec![Section {
            code: "VI".into(),
            title: "Sinh hoạt chi bộ".into(),
            items: vec![Item {
                code: "VI.1".into(),
                text: "Sinh hoạt chi bộ định kỳ".into(),
                evidence: String::new(),
                critical: true,
            }],
        }],
    };
    let visit = Visit {
        id: new_id(),
        code: "HK-2026-01".into(),
        plan_no: "12-KH/ĐUK".into(),
        decision_no: String::new(),
        title: "Hậu kiểm".into(),
        kind: VisitKind::FollowUp,
        template: template.id,
        issuer: "Ủy ban Kiểm tra".into(),
        place: "Nam Định".into(),
        team: vec![],
        start: date(2026, 3, 1),
        end: date(2026, 3, 30),
        units: vec![unit.id],
        // Running: a concluded visit would refuse the new findings below
        // before their history is judged.
        status: VisitStatus::InProgress,
        assignments: Vec::new(),
    };
    let finding = Finding {
        id: new_id(),
        reference: "HK-2026-01-ABC01".into(),
        unit: unit.id,
        visit: visit.id,
        item: Some("VI.1".into()),
        title: "Sinh hoạt chi bộ chưa đều đặn".into(),
        detail: String::new(),
        cause: String::new(),
        responsibility: Responsibility {
            kind: ResponsibilityKind::Collective,
            name: "Chi ủy".into(),
        },
        remedy: String::new(),
        severity: Severity::Moderate,
        due: date(2026, 6, 30),
        status: FindingStatus::Open,
        created: date(2026, 3, 27),
        history: vec![created(date(2026, 3, 27))],
    };
    store.commit(Change::create(unit), None).expect("unit");
    store
        .commit(Change::create(template), None)
        .expect("template");
    store.commit(Change::create(visit), None).expect("visit");
    store
        .commit(Change::create(finding.clone()), None)
        .expect("finding");
    World {
        _dir: dir,
        path,
        store,
        finding,
    }
}

#[test]
fn rule_illegal_status_transition() {
    let w = world();
    let f = &w.finding;
    let err = f
        .with_status(
            FindingStatus::Verified,
            "đã kiểm tra",
            stamp(date(2026, 4, 1)),
        )
        .expect_err("mở → đã xác minh skips the fix");
    assert!(matches!(
        err,
        RuleError::IllegalTransition {
            from: FindingStatus::Open,
            to: FindingStatus::Verified,
            ..
        }
    ));
    let msg = err.to_string();
    assert!(msg.contains("HK-2026-01-ABC01"), "{msg}");
    assert!(msg.contains("Mở") && msg.contains("Đã xác minh"), "{msg}");
    // a final status cannot move at all
    let closed = f
        .with_status(
            FindingStatus::Unremediable,
            "đơn vị đã giải thể",
            stamp(date(2026, 4, 1)),
        )
        .expect("mở → không khắc phục được is legal");
    assert!(
        closed
            .with_status(FindingStatus::InProgress, "mở lại", stamp(date(2026, 4, 2)))
            .is_err()
    );
}

#[test]
fn rule_extension_without_reason() {
    let w = world();
    let err = w
        .finding
        .with_extension(date(2026, 9, 30), "   ", stamp(date(2026, 6, 25)))
        .expect_err("an extension needs a reason");
    assert_eq!(
        err,
        RuleError::ExtensionWithoutReason("HK-2026-01-ABC01".into())
    );
    assert!(err.to_string().contains("needs a reason"), "{err}");
}

#[test]
fn store_rejects_illegal_history_and_writes_nothing() {
    let w = world();
    let before = w.store.op_count();
    assert_eq!(before, 4);

    // (1) an update whose history jumps from mở to đã xác minh
    let mut jumped = w.finding.clone();
    jumped.status = FindingStatus::Verified;
    jumped.history.push(FollowUp {
        date: date(2026, 4, 1),
        at: stamp(date(2026, 4, 1)).at,
        by: "Trần Văn Hùng".into(),
        event: Event::Status {
            from: FindingStatus::Open,
            to: FindingStatus::Verified,
        },
        note: "đã kiểm tra".into(),
    });
    let err = w
        .store
        .commit(Change::update(w.finding.clone(), jumped), None)
        .expect_err("the store enforces the status machine");
    assert!(
        matches!(
            err,
            StoreError::Rule(RuleError::IllegalTransition {
                from: FindingStatus::Open,
                to: FindingStatus::Verified,
                ..
            })
        ),
        "{err}"
    );
    assert_eq!(w.store.op_count(), before);
    assert_eq!(
        w.store.finding(w.finding.id).expect("read"),
        Some(w.finding.clone())
    );

    // (2) a new finding created straight into a final status
    let mut fresh = w.finding.clone();
    fresh.id = new_id();
    fresh.reference = "HK-2026-01-ABC02".into();
    fresh.status = FindingStatus::Verified;
    fresh.history.push(FollowUp {
        date: date(2026, 3, 28),
        at: stamp(date(2026, 3, 28)).at,
        by: "Trần Văn Hùng".into(),
        event: Event::Status {
            from: FindingStatus::InProgress,
            to: FindingStatus::Verified,
        },
        note: "x".into(),
    });
    let err = w
        .store
        .commit(Change::create(fresh.clone()), None)
        .expect_err("history does not start from mở");
    assert!(matches!(err, StoreError::Rule(_)), "{err}");
    assert_eq!(w.store.op_count(), before);
    assert_eq!(w.store.finding(fresh.id).expect("read"), None);

    // (3) an extension recorded without a reason
    let mut extended = w.finding.clone();
    extended.due = date(2026, 9, 30);
    extended.history.push(FollowUp {
        date: date(2026, 6, 25),
        at: stamp(date(2026, 6, 25)).at,
        by: "Trần Văn Hùng".into(),
        event: Event::Extended {
            from: date(2026, 6, 30),
            to: date(2026, 9, 30),
        },
        note: " ".into(),
    });
    let err = w
        .store
        .commit(
            Change::update(w.finding.clone(), extended),
            Some("chờ đại hội".into()),
        )
        .expect_err("the reason lives in the history note");
    assert!(
        matches!(err, StoreError::Rule(RuleError::ExtensionWithoutReason(_))),
        "{err}"
    );
    assert_eq!(w.store.op_count(), before);

    // (4) a legal change still goes through
    let moving = w
        .finding
        .with_status(
            FindingStatus::InProgress,
            "đã xây dựng kế hoạch",
            stamp(date(2026, 4, 2)),
        )
        .expect("legal");
    w.store
        .commit(Change::update(w.finding.clone(), moving), None)
        .expect("mở → đang khắc phục");
    assert_eq!(w.store.op_count(), before + 1);

    // the database is consistent for the command line too
    let path = w.path.clone();
    drop(w.store);
    let out = haukiem()
        .arg("check")
        .arg("--db")
        .arg(&path)
        .output()
        .expect("run haukiem check");
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stdout));
}

// ------------------------------------------------------------- good inputs

#[test]
fn good_csv_as_excel_writes_it() {
    let c = Case::new();
    let nfd = |s: &str| s.nfd().collect::<String>();
    let rows = [
        "code;name;parent;kind;sector;secretary;members".to_string(),
        "TU;Thành ủy Nam Định;;Cấp trên cơ sở;Khác;Đặng Quốc Thịnh;14.870".to_string(),
        "P-QT;Đảng bộ phường Quang Trung;TU;dang bo co so;xa phuong;Trần Văn Khải;438".into(),
        format!(
            "P-QT-1;{};P-QT;CHI BỘ TRỰC THUỘC;\"Xã, phường, thị trấn\";{};31",
            nfd("Chi bộ Tổ dân phố số 1"),
            nfd("Nguyễn Đình Thọ")
        ),
        // a child listed before its parent, and a blank line
        "BV-K;Chi bộ Khoa Nội;BV;cbtt;SN;  Phạm   Thị Dung ;14".into(),
        String::new(),
        format!(
            "BV;{};TU;DBCS;{};;186",
            nfd("Đảng bộ Bệnh viện Đa khoa tỉnh"),
            nfd("Sự nghiệp")
        ),
    ];
    let mut bytes = b"\xef\xbb\xbf".to_vec();
    bytes.extend_from_slice(rows.join("\r\n").as_bytes());
    bytes.extend_from_slice(b"\r\n");
    let f = c.write("don-vi.csv", bytes);
    let out = c.import(&[&f]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("Imported 5 units"),
        "{}",
        text(&out.stderr)
    );

    let e = c.export();
    let units = e["units"].as_array().expect("units");
    assert_eq!(units.len(), 5);
    let get = |code: &str| {
        units
            .iter()
            .find(|u| u["code"] == code)
            .unwrap_or_else(|| panic!("unit {code} imported"))
    };
    let id = |code: &str| get(code)["id"].clone();
    for u in units {
        for field in ["name", "secretary"] {
            let s = u[field].as_str().expect("text");
            assert_eq!(s, s.nfc().collect::<String>(), "{field} stored as NFC");
        }
    }
    assert_eq!(get("TU")["kind"], "Upper");
    assert_eq!(get("TU")["members"], 14870);
    assert_eq!(get("P-QT")["kind"], "GrassrootsCommittee");
    assert_eq!(get("P-QT")["sector"], "Locality");
    assert_eq!(get("P-QT-1")["kind"], "SubordinateCell");
    assert_eq!(get("P-QT-1")["name"], "Chi bộ Tổ dân phố số 1");
    assert_eq!(get("P-QT-1")["secretary"], "Nguyễn Đình Thọ");
    assert_eq!(get("P-QT-1")["parent"], id("P-QT"));
    assert_eq!(get("BV")["kind"], "GrassrootsCommittee");
    assert_eq!(get("BV")["sector"], "PublicService");
    assert_eq!(get("BV")["name"], "Đảng bộ Bệnh viện Đa khoa tỉnh");
    assert_eq!(get("BV-K")["parent"], id("BV"));
    assert_eq!(get("BV-K")["secretary"], "Phạm Thị Dung");
    assert_eq!(get("TU")["parent"], Value::Null);
    c.check_ok();
}

#[test]
fn good_template_and_units_in_one_import() {
    let c = Case::new();
    let template = c.data("template_small.toml");
    let units = c.data("units_small.csv");
    let children = c.write(
        "children.csv",
        "ma,ten,ma_cap_tren,loai\nHT-XA-X2,Chi bộ Xóm 2,HT-XA,CBTT\n",
    );
    let out = c.import(&[&template, &units, &children]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("Imported 5 units, 1 template"),
        "{}",
        text(&out.stderr)
    );
    let e = c.export();
    assert_eq!(e["units"].as_array().expect("units").len(), 5);
    let t = &e["templates"][0];
    assert_eq!(t["code"], "HK-NHO");
    assert_eq!(t["sections"].as_array().expect("sections").len(), 2);
    assert_eq!(t["sections"][0]["items"][0]["critical"], true);
    assert_eq!(t["sections"][0]["items"][1]["critical"], false);
    c.check_ok();
}
