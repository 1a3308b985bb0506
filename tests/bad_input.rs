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
    Change, Event, Finding, FindingStatus, FollowUp, Item, RuleError, Section, Sector, Template,
    Unit, UnitKind, Visit, VisitKind, VisitStatus, new_id,
};
use haukiem::store::{Store, StoreError};

use common::build::{TODAY, created, date, stamp, today};
use common::cli::{DATA, by_code, demo_db, haukiem, ok, text};

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

    /// `import FILES`, its messages in English (what these tests read).
    fn import(&self, files: &[&Path]) -> Output {
        haukiem()
            .args(["import", "--lang", "en"])
            .args(files)
            .arg("--db")
            .arg(self.db())
            .output()
            .expect("run haukiem import")
    }

    /// Import that must succeed; returns what it reported (stderr).
    fn import_ok(&self, files: &[&Path]) -> String {
        let out = self.import(files);
        let err = text(&out.stderr);
        assert!(out.status.success(), "import {files:?} failed: {err}");
        err
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

/// A test that imports `file` alone, holding `content`: it must be refused
/// naming `file` + `location` and every one of `words`, and write nothing
/// (see [`Case::refused`]).
macro_rules! refused {
    ($test:ident, $file:literal, $content:expr, $location:expr, $words:expr $(,)?) => {
        #[test]
        fn $test() {
            let c = Case::new();
            let f = c.write($file, $content);
            c.refused(&f, $location, $words);
        }
    };
}

/// A fresh database holding the demo (in `demo/`), exported with `haukiem export`.
fn demo_export(case: &Case) -> String {
    ok(&demo_db(case.dir.path()), &["export"])
}

const HEADER: &str = "ma,ten,ma_cap_tren,loai,linh_vuc,bi_thu,so_dang_vien\n";

/// A units CSV: the full header, then `rows`.
fn units_csv(rows: &str) -> String {
    format!("{HEADER}{rows}")
}

// ------------------------------------------------------------- units CSV

refused!(
    csv_unknown_parent_code,
    "units.csv",
    units_csv(
        "TU,Thành ủy Nam Định,,Cấp trên cơ sở,Khác,Đặng Quốc Thịnh,14870\n\
         P-QT,Đảng bộ phường Quang Trung,ZZ,Đảng bộ cơ sở,XP,Trần Văn Khải,438\n",
    ),
    ":3, column 3 (ma_cap_tren)",
    &["unknown parent unit code \"ZZ\"", "nor in the database"]
);

refused!(
    csv_duplicate_code_in_the_file,
    "units.csv",
    units_csv(
        "TU,Thành ủy Nam Định,,CT,K,,14870\n\
         P-QT,Đảng bộ phường Quang Trung,TU,DBCS,XP,,438\n\
         P-QT,Chi bộ Tổ dân phố số 1,TU,CBTT,XP,,31\n",
    ),
    ":4, column 1 (ma)",
    &["unit code P-QT appears twice", "first on line 3"]
);

/// A code already in the database is no longer refused: the row updates
/// that unit (issue 11), and a new code beside it is added.
#[test]
fn csv_code_already_in_the_database_updates_it() {
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
    c.import_ok(&[&second]);
    let e = c.export();
    let mut codes: Vec<&str> = e["units"]
        .as_array()
        .expect("units")
        .iter()
        .map(|u| u["code"].as_str().expect("a code"))
        .collect();
    codes.sort_unstable();
    assert_eq!(
        codes,
        ["HT-TU", "HT-XA", "HT-XA-TH", "HT-XA-X1", "HT-XA-X2"]
    );
    let ops = e["ops"].as_array().expect("ops");
    assert_eq!(ops.len(), 6);
    let update = &ops[5]["change"]["Unit"];
    assert_eq!(update["old"]["name"], "Chi bộ Xóm 1");
    assert_eq!(update["new"]["name"], "Chi bộ Xóm 1 (trùng)");
    assert_eq!(update["old"]["id"], update["new"]["id"]);
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

refused!(
    csv_unknown_column,
    "units.csv",
    "ma,ten,loai,ghi_chu\nX1,Chi bộ Xóm 1,CBTT,mới\n",
    ":1, column 4 (ghi_chu)",
    &["unknown column \"ghi_chu\"", "expected ma|code"]
);

// `name` is the English header of `ten`: the same column twice.
refused!(
    csv_duplicate_column,
    "units.csv",
    "ma,ten,loai,name\nX1,Chi bộ Xóm 1,CBTT,Chi bộ Xóm 1\n",
    ":1, column 4 (name)",
    &["this column appears twice"]
);

refused!(
    csv_mixed_delimiters,
    "units.csv",
    "ma,ten,loai\nX1,Chi bộ Xóm 1,CBTT\nX2;Chi bộ Xóm 2;CBTT\n",
    ":3, column 1",
    &["1 field but the header has 3", "mixes ',' and ';'"]
);

refused!(
    csv_unquoted_delimiter_in_a_name,
    "units.csv",
    "ma,ten,loai\nX1,Chi bộ Xóm 1, thôn Đông,CBTT\n",
    ":2, column 4",
    &["4 fields but the header has 3", "in double quotes"]
);

refused!(
    csv_unclosed_quote,
    "units.csv",
    "ma,ten,loai\nX1,\"Chi bộ Xóm 1,CBTT\nX2,Chi bộ Xóm 2,CBTT\n",
    ":2, column 2",
    &["double quote", "never closed"]
);

refused!(
    csv_unit_ends_before_it_starts,
    "units.csv",
    "ma,ten,loai,hieu_luc_tu,hieu_luc_den\nX1,Chi bộ Xóm 1,CBTT,01/01/2027,31/12/2026\n",
    ":2, column 5 (hieu_luc_den)",
    &["ends (31/12/2026) before it starts (01/01/2027)"]
);

#[test]
fn csv_not_utf8() {
    let c = Case::new();
    // "Đảng bộ" as a legacy Vietnamese code page would write it: 0xD0 0xE3 …
    let mut bytes = b"ma,ten,loai\nX1,Chi bo Xom 1,CBTT\nX2,".to_vec();
    bytes.extend_from_slice(b"\xd0\xe3ng b\xe9 X\xf3m 2,CBTT\n");
    let f = c.write("units.csv", bytes);
    c.refused(&f, ":3, column 4", &["not valid UTF-8", "CSV UTF-8"]);
}

refused!(
    csv_empty_file,
    "units.csv",
    "",
    ": the file is empty",
    &["header row"]
);

refused!(
    csv_blank_lines_only,
    "units.csv",
    "\r\n  \r\n",
    ": the file is empty",
    &[]
);

refused!(
    csv_header_only,
    "units.csv",
    HEADER,
    ": the file has a header but no units",
    &[]
);

refused!(
    csv_unknown_kind,
    "units.csv",
    units_csv("DD,Đảng đoàn Hội đồng nhân dân tỉnh,,Đảng đoàn,Cơ quan,,9\n"),
    ":2, column 4 (loai)",
    &[
        "unknown kind \"Đảng đoàn\"",
        "expected",
        "Chi bộ trực thuộc (CBTT)",
    ]
);

refused!(
    csv_unknown_sector,
    "units.csv",
    units_csv("HTX,Chi bộ Hợp tác xã Nông nghiệp,,CBCS,Hợp tác xã,,12\n"),
    ":2, column 5 (linh_vuc)",
    &["unknown sector \"Hợp tác xã\"", "Doanh nghiệp (DN)"]
);

refused!(
    csv_members_not_a_number,
    "units.csv",
    units_csv(
        "TU,Thành ủy,,CT,K,,14870\n\
         X1,Chi bộ Xóm 1,TU,CBTT,XP,Lê Văn Cường,ba mươi\n",
    ),
    ":3, column 7 (so_dang_vien)",
    &["\"ba mươi\" is not a whole number of members"]
);

refused!(
    csv_date_that_does_not_exist,
    "units.csv",
    "ma,ten,loai,hieu_luc_tu\nX1,Chi bộ Xóm 1,CBTT,31/02/2026\n",
    ":2, column 4 (hieu_luc_tu)",
    &["31/02/2026", "day 31 does not exist in 02/2026"]
);

refused!(
    csv_parent_cycle,
    "units.csv",
    units_csv(
        "TU,Thành ủy,,CT,K,,14870\n\
         A,Đảng bộ A,B,DBCS,XP,,300\n\
         B,Đảng bộ B,A,DBCS,XP,,200\n",
    ),
    ":3, column 3 (ma_cap_tren)",
    &["unit A is its own ancestor", "cycle"]
);

refused!(
    csv_own_parent,
    "units.csv",
    units_csv("A,Đảng bộ A,A,DBCS,XP,,300\n"),
    ":2, column 3 (ma_cap_tren)",
    &["cannot be its own parent"]
);

refused!(
    csv_empty_code,
    "units.csv",
    units_csv("TU,Thành ủy,,CT,K,,14870\n  ,Chi bộ Xóm 1,TU,CBTT,XP,,31\n"),
    ":3, column 1 (ma)",
    &["the unit code is empty"]
);

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

refused!(
    toml_duplicate_item_codes,
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
    ":14, column 8",
    &["item code I.1 appears twice", "first on line 10"]
);

refused!(
    toml_duplicate_section_codes,
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
    ":11, column 8",
    &["section code I appears twice", "first on line 6"]
);

refused!(
    toml_item_without_text,
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
    ":11, column 8",
    &["field text", "item I.1 has no text"]
);

refused!(
    toml_section_with_empty_items,
    "template.toml",
    format!("{TEMPLATE_HEAD}\n[[sections]]\ncode = \"I\"\ntitle = \"Một\"\nitems = []\n"),
    ":6, column 8",
    &["section I has no items"]
);

refused!(
    toml_section_without_items,
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
    ":6, column 8",
    &["section I has no items"]
);

refused!(
    toml_no_sections,
    "template.toml",
    format!("{TEMPLATE_HEAD}sections = []\n"),
    ":4, column 12",
    &["the template has no sections"]
);

refused!(
    toml_unknown_field,
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
    ":12, column 1",
    &["unknown field `critcal`", "`critical`"]
);

refused!(
    toml_section_without_code,
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
    ":5, column 1",
    &["missing field `code`"]
);

refused!(
    toml_syntax_error,
    "template.toml",
    "code = \"T\"\nversion = 1\ntitle = \"Phiếu\n\n[[sections]]\ncode = \"I\"\n",
    ":3, column 15",
    &["invalid basic string"]
);

refused!(
    toml_placeholder_without_its_param,
    "template.toml",
    format!(
        "{TEMPLATE_HEAD}
[params]
ty_le_hoc_tap = \"98%\"

[[sections]]
code = \"I\"
title = \"Một\"

[[sections.items]]
code = \"I.1\"
text = \"Tỷ lệ dự đạt từ {{ty_le_hoc_tap}}\"
evidence = \"Sổ đủ {{so_ky}} kỳ\"
"
    ),
    ":15, column 19",
    &[
        "field evidence: parameter {so_ky} is not declared in [params]",
        "declared: ty_le_hoc_tap",
    ]
);

refused!(
    toml_param_no_item_uses,
    "template.toml",
    format!(
        "{TEMPLATE_HEAD}
[params]
ty_le_hoc_tap = \"98%\"

[[sections]]
code = \"I\"
title = \"Một\"

[[sections.items]]
code = \"I.1\"
text = \"Mục một\"
"
    ),
    ":6, column 1",
    &["[params]: parameter ty_le_hoc_tap is not used"]
);

refused!(
    toml_param_that_is_not_a_text,
    "template.toml",
    format!(
        "{TEMPLATE_HEAD}
[params]
ty_le_hoc_tap = 98

[[sections]]
code = \"I\"
title = \"Một\"

[[sections.items]]
code = \"I.1\"
text = \"Đạt {{ty_le_hoc_tap}}\"
"
    ),
    ":6, column 17",
    &["parameter ty_le_hoc_tap must be a non-empty text"]
);

refused!(
    toml_empty_file,
    "template.toml",
    "\n\n",
    ": the file is empty",
    &["expected code, version, title and [[sections]]"]
);

#[test]
fn toml_same_template_version_twice() {
    let c = Case::new();
    let f = c.data("template_small.toml");
    c.import_ok(&[&f]);
    // The same content again changes nothing, and says so.
    let out = c.import(&[&f]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("(0 changes)"),
        "{}",
        text(&out.stderr)
    );
    let e = c.export();
    assert_eq!(e["templates"].as_array().expect("templates").len(), 1);
    assert_eq!(e["ops"].as_array().expect("ops").len(), 1);
    c.check_ok();
}

#[test]
fn toml_changed_template_version_no_visit_uses_is_replaced() {
    let c = Case::new();
    let f = c.data("template_small.toml");
    c.import_ok(&[&f]);
    let first = c.export()["templates"][0].clone();
    let changed = std::fs::read_to_string(&f).expect("read").replace(
        "Sinh hoạt chi bộ định kỳ hằng tháng",
        "Sinh hoạt chi bộ đủ 12 kỳ",
    );
    let g = c.write("template_changed.toml", changed);
    let out = c.import(&[&g]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("replaces the old content"),
        "{}",
        text(&out.stderr)
    );
    let e = c.export();
    let templates = e["templates"].as_array().expect("templates");
    assert_eq!(templates.len(), 1);
    assert_eq!(
        templates[0]["id"], first["id"],
        "the same template, replaced"
    );
    assert!(templates[0].to_string().contains("đủ 12 kỳ"));
    assert_eq!(e["ops"].as_array().expect("ops").len(), 2);
    c.check_ok();
}

#[test]
fn toml_template_version_a_visit_uses_cannot_change_but_may_come_again() {
    let c = Case::new();
    let out = haukiem()
        .args(["demo", "--no-tui", "--today", "20/11/2026", "--db"])
        .arg(c.db())
        .output()
        .expect("run haukiem demo");
    assert!(out.status.success(), "demo: {}", text(&out.stderr));
    let before = c.export()["ops"].as_array().expect("ops").len();
    let same = c.write("hau-kiem.toml", haukiem::io::demo::TEMPLATE_TOML);
    let out = c.import(&[&same]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("(0 changes)"),
        "{}",
        text(&out.stderr)
    );
    let changed = haukiem::io::demo::TEMPLATE_TOML.replacen("text = \"", "text = \"Đã sửa: ", 1);
    let f = c.write("hau-kiem-sua.toml", changed);
    let err = c.import_fails(&[&f]);
    expect_message(
        &err,
        &f,
        ": template HK-KD version 2 already exists",
        &["higher version"],
    );
    assert_eq!(c.export()["ops"].as_array().expect("ops").len(), before);
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
    ok(&c.db(), &["demo", "--no-tui", "--today", TODAY]);
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

refused!(
    json_not_a_haukiem_export,
    "other.json",
    "{}\n",
    ": not a haukiem export",
    &["\"format\" must be \"haukiem-export\""]
);

refused!(
    json_not_json,
    "notes.json",
    "{\n  \"format\": \"haukiem-export\",\n  schema: 1\n}\n",
    ":3, column 3",
    &["key must be a string"]
);

refused!(
    unknown_extension,
    "units.xlsx",
    b"PK\x03\x04 not really a workbook",
    ": unknown kind of file",
    &[
        ".csv (units)",
        ".toml (checklist template)",
        ".json (export)",
    ]
);

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
    assert!(err.contains("không có ngày 31"), "{err}");
    assert!(text(&out.stdout).is_empty());
    let out = haukiem()
        .args(["findings", "--lang", "en", "--today", "31/02/2026", "--db"])
        .arg(c.db())
        .output()
        .expect("run haukiem findings");
    let err = text(&out.stderr);
    assert!(err.contains("day 31 does not exist"), "{err}");
}

#[test]
fn due_within_a_huge_number_of_days() {
    let c = Case::new();
    let e: Value = serde_json::from_str(&demo_export(&c)).expect("export is JSON");
    let today = today();
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
            .args(["findings", "--due-within", days, "--today", TODAY])
            .args(["--format", "json", "--db"])
            .arg(c.dir.path().join("demo"))
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
                sectors: Vec::new(),
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
    let due = date(2026, 6, 30);
    let finding = Finding {
        created: date(2026, 3, 27),
        history: vec![created(date(2026, 3, 27))],
        ..common::build::finding("HK-2026-01-ABC01", unit.id, visit.id, Some("VI.1"), due)
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
        .expect_err("chưa khắc phục → đã xác minh skips the fix");
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
    assert!(
        msg.contains("Chưa khắc phục") && msg.contains("Đã xác minh"),
        "{msg}"
    );
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
    assert!(err.to_string().contains("gia hạn cần nêu lý do"), "{err}");
    haukiem::i18n::set(haukiem::i18n::Lang::En);
    let en = err.to_string();
    haukiem::i18n::set(haukiem::i18n::Lang::Vi);
    assert!(en.contains("needs a reason"), "{en}");
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
    let said = c.import_ok(&[&f]);
    assert!(said.contains("Imported 5 units"), "{said}");

    let e = c.export();
    let units = e["units"].as_array().expect("units");
    assert_eq!(units.len(), 5);
    let get = |code: &str| by_code(&e["units"], code);
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
    let said = c.import_ok(&[&template, &units, &children]);
    assert!(said.contains("Imported 5 units, 1 template"), "{said}");
    let e = c.export();
    assert_eq!(e["units"].as_array().expect("units").len(), 5);
    let t = &e["templates"][0];
    assert_eq!(t["code"], "HK-NHO");
    assert_eq!(t["sections"].as_array().expect("sections").len(), 2);
    assert_eq!(t["sections"][0]["items"][0]["critical"], true);
    assert_eq!(t["sections"][0]["items"][1]["critical"], false);
    c.check_ok();
}

// ------------------------------------------------------------- visit plan TOML

/// A valid plan for two units of `units_small.csv` with the checklist of
/// `template_small.toml`; each bad case changes one line of it.
const PLAN: &str = "[visit]
code = \"HK-2026-09\"
title = \"Hậu kiểm xã Hải An\"
kind = \"hậu kiểm\"
plan_no = \"12-KH/HU\"
decision_no = \"45-QĐ/HU\"
from = \"01/12/2026\"
to = \"12/12/2026\"
template = \"HK-NHO\"

[[team]]
name = \"Nguyễn Văn An\"
role = \"trưởng đoàn\"

[[team]]
name = \"Trần Thị Bích\"
role = \"thư ký\"

[[units]]
code = \"HT-XA\"
inspector = \"Trần Thị Bích\"

[[units]]
code = \"HT-XA-X1\"
";

impl Case {
    /// The plan `text`, imported after the units and the template in one
    /// import.
    fn plan_import(&self, text: &str) -> (PathBuf, Output) {
        let plan = self.write("plan.toml", text);
        let out = self.import(&[
            &self.data("units_small.csv"),
            &self.data("template_small.toml"),
            &plan,
        ]);
        (plan, out)
    }

    /// The plan `text` is refused at `location` with `words`; nothing written.
    fn plan_refused(&self, text: &str, location: &str, words: &[&str]) {
        let (plan, out) = self.plan_import(text);
        let err = text_of_failure(&out);
        expect_message(&err, &plan, location, words);
        self.assert_nothing_written();
    }
}

fn text_of_failure(out: &Output) -> String {
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "should fail: {err}");
    assert!(!err.contains("panicked"), "{err}");
    err
}

#[test]
fn plan_good_creates_a_planned_visit_with_team_and_assignments() {
    let c = Case::new();
    let (_, out) = c.plan_import(PLAN);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("1 visits"),
        "{}",
        text(&out.stderr)
    );
    let e = c.export();
    let v = &e["visits"][0];
    assert_eq!(v["code"], "HK-2026-09");
    assert_eq!(v["plan_no"], "12-KH/HU");
    assert_eq!(v["decision_no"], "45-QĐ/HU");
    assert_eq!(v["status"], "Planned");
    assert_eq!(v["kind"], "FollowUp");
    assert_eq!(v["start"], "2026-12-01");
    assert_eq!(v["end"], "2026-12-12");
    assert_eq!(v["team"][0]["role"], "Lead");
    assert_eq!(v["team"][1]["role"], "Secretary");
    let unit_id = |code: &str| by_code(&e["units"], code)["id"].clone();
    assert_eq!(v["units"][0], unit_id("HT-XA"));
    assert_eq!(v["units"][1], unit_id("HT-XA-X1"));
    assert_eq!(v["assignments"].as_array().expect("assignments").len(), 1);
    assert_eq!(v["assignments"][0]["unit"], unit_id("HT-XA"));
    assert_eq!(v["assignments"][0]["inspector"], "Trần Thị Bích");
    assert_eq!(v["template"], e["templates"][0]["id"]);
    let last = e["ops"]
        .as_array()
        .expect("ops")
        .last()
        .expect("an op")
        .clone();
    assert_eq!(last["actor"], common::build::ACTOR);
    assert!(last["change"]["Visit"]["old"].is_null());
    c.check_ok();
}

#[test]
fn plan_unknown_unit_names_the_closest_codes() {
    Case::new().plan_refused(
        &PLAN.replace("code = \"HT-XA-X1\"", "code = \"HT-XA-X9\""),
        ":24, column 8",
        &["HT-XA-X9", "closest codes: HT-XA-X1"],
    );
}

#[test]
fn plan_unknown_template_and_version() {
    Case::new().plan_refused(
        &PLAN.replace("template = \"HK-NHO\"", "template = \"HK-NH0\""),
        ":9, column 12",
        &["HK-NH0", "closest codes: HK-NHO"],
    );
    Case::new().plan_refused(
        &PLAN.replace(
            "template = \"HK-NHO\"",
            "template = \"HK-NHO\"\ntemplate_version = 3",
        ),
        ":10, column 20",
        &["template_version", "no version 3", "there are: 1"],
    );
}

#[test]
fn plan_ending_before_it_starts_shows_both_days_as_dd_mm_yyyy() {
    Case::new().plan_refused(
        &PLAN.replace("to = \"12/12/2026\"", "to = \"2026-11-30\""),
        ":8, column 6",
        &["ends on 30/11/2026, before it starts on 01/12/2026"],
    );
}

#[test]
fn plan_visit_code_already_used() {
    let c = Case::new();
    let (_, out) = c.plan_import(PLAN);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let before = c.export()["ops"].as_array().expect("ops").len();
    let again = c.write("again.toml", PLAN);
    let err = c.import_fails(&[&again]);
    expect_message(
        &err,
        &again,
        ":2, column 8",
        &["HK-2026-09", "already in the database"],
    );
    assert_eq!(c.export()["ops"].as_array().expect("ops").len(), before);
}

#[test]
fn plan_bad_date_and_end_before_start() {
    Case::new().plan_refused(
        &PLAN.replace("from = \"01/12/2026\"", "from = \"31/02/2026\""),
        ":7, column 8",
        &["from", "31/02/2026", "does not exist"],
    );
    Case::new().plan_refused(
        &PLAN.replace("to = \"12/12/2026\"", "to = \"30/11/2026\""),
        ":8, column 6",
        &["30/11/2026", "before it starts on 01/12/2026"],
    );
}

#[test]
fn plan_team_without_a_lead_or_with_a_stranger_assigned() {
    Case::new().plan_refused(
        &PLAN.replace("role = \"trưởng đoàn\"", "role = \"thành viên\""),
        ":11",
        &["exactly one trưởng đoàn", "it has 0"],
    );
    Case::new().plan_refused(
        &PLAN.replace("inspector = \"Trần Thị Bích\"", "inspector = \"Lê Văn Lạ\""),
        ":21, column 13",
        &["Lê Văn Lạ", "not in the [[team]]"],
    );
    Case::new().plan_refused(
        &PLAN.replace("role = \"thư ký\"", "role = \"đội trưởng\""),
        ":17, column 8",
        &["role", "đội trưởng", "Phó trưởng đoàn"],
    );
}

#[test]
fn plan_unknown_field_and_a_unit_ended_before_the_visit() {
    Case::new().plan_refused(
        &PLAN.replace(
            "kind = \"hậu kiểm\"",
            "kind = \"hậu kiểm\"\nleader = \"Nguyễn Văn An\"",
        ),
        ":5, column 1",
        &["unknown field `leader`"],
    );
    let c = Case::new();
    let ended = c.write(
        "ended.csv",
        "ma,ten,ma_cap_tren,loai,hieu_luc_den\nHT-CU,Chi bộ Xóm Cũ,HT-XA,CBTT,30/06/2025\n",
    );
    let plan = c.write(
        "plan.toml",
        PLAN.replace("code = \"HT-XA-X1\"", "code = \"HT-CU\""),
    );
    let err = c.import_fails(&[
        &c.data("units_small.csv"),
        &ended,
        &c.data("template_small.toml"),
        &plan,
    ]);
    expect_message(
        &err,
        &plan,
        ":24, column 8",
        &["HT-CU", "not valid during the visit"],
    );
    c.assert_nothing_written();
}

#[test]
fn plan_code_twice_in_one_import_and_names_listed_twice() {
    let c = Case::new();
    let first = c.write("plan.toml", PLAN);
    let second = c.write("plan2.toml", PLAN.replace("Hậu kiểm xã Hải An", "Đợt khác"));
    let err = c.import_fails(&[
        &c.data("units_small.csv"),
        &c.data("template_small.toml"),
        &first,
        &second,
    ]);
    expect_message(&err, &second, ":2, column 8", &["HK-2026-09"]);
    c.assert_nothing_written();
    Case::new().plan_refused(
        &PLAN.replace("code = \"HT-XA-X1\"", "code = \"HT-XA\""),
        ":24, column 8",
        &["unit HT-XA is listed twice"],
    );
    Case::new().plan_refused(
        &PLAN.replace("name = \"Trần Thị Bích\"", "name = \"Nguyễn Văn An\""),
        ":16, column 8",
        &["\"Nguyễn Văn An\" is listed twice"],
    );
}
