//! Bad input is refused in the interface language: Vietnamese by default,
//! English with `--lang en`, from the one catalogue. Each case runs the
//! real binary twice on the same file and reads where and what in both.

mod common;

use std::path::{Path, PathBuf};

use tempfile::TempDir;

use common::cli::{haukiem, ok, text};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures");

/// `haukiem import FILE --db DB [--lang LANG]`, which must fail with exit
/// code 1 and say nothing on stdout; returns stderr.
fn refused(db: &Path, file: &Path, lang: Option<&str>) -> String {
    let mut cmd = haukiem();
    cmd.arg("import").arg(file).arg("--db").arg(db);
    if let Some(l) = lang {
        cmd.args(["--lang", l]);
    }
    let out = cmd.output().expect("run haukiem import");
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{}: {err}", file.display());
    assert!(out.stdout.is_empty(), "{}", text(&out.stdout));
    assert!(!err.contains("panicked"), "{err}");
    err
}

/// One bad file: without `--lang` its error holds every one of `vi` and
/// none of `en`; with `--lang en` every one of `en` and none of `vi`.
fn speaks(db: &Path, file: &Path, vi: &[&str], en: &[&str]) {
    let said_vi = refused(db, file, None);
    let said_en = refused(db, file, Some("en"));
    for w in vi {
        assert!(said_vi.contains(w), "expected \"{w}\" in: {said_vi}");
        assert!(!said_en.contains(w), "\"{w}\" should not be in: {said_en}");
    }
    for w in en {
        assert!(said_en.contains(w), "expected \"{w}\" in: {said_en}");
        assert!(!said_vi.contains(w), "\"{w}\" should not be in: {said_vi}");
    }
    // The place is named the same way in both, but for the word "column".
    let place = format!("{}:", file.display());
    assert!(said_vi.contains(&place) && said_en.contains(&place));
}

fn write(dir: &TempDir, name: &str, content: &str) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, content).expect("write the input file");
    path
}

#[test]
fn units_csv_errors_speak_vietnamese_by_default_and_english_on_request() {
    let dir = TempDir::new().expect("tmp");
    let db = dir.path().join("db");
    let twice = write(
        &dir,
        "twice.csv",
        "ma,ten,loai,ma\nX1,Chi bộ Xóm 1,CBTT,X1\n",
    );
    speaks(
        &db,
        &twice,
        &[":1, cột 4 (ma): cột này xuất hiện hai lần"],
        &[":1, column 4 (ma): this column appears twice"],
    );
    let short = write(&dir, "short.csv", "ma,ten,loai\nX1,Chi bộ Xóm 1\n");
    speaks(
        &db,
        &short,
        &[":2, cột 3: dòng này có 2 trường nhưng dòng tiêu đề có 3"],
        &[":2, column 3: this row has 2 fields but the header has 3"],
    );
    let empty = write(&dir, "empty.csv", "\n");
    speaks(
        &db,
        &empty,
        &["tệp trống: cần một dòng tiêu đề"],
        &["the file is empty: expected a header row"],
    );
    let header_only = write(&dir, "header.csv", "ma,ten,loai\n");
    speaks(
        &db,
        &header_only,
        &["tệp có dòng tiêu đề nhưng không có đơn vị nào"],
        &["the file has a header but no units"],
    );
    let bad_day = write(
        &dir,
        "day.csv",
        "ma,ten,loai,hieu_luc_tu\nX1,Chi bộ Xóm 1,CBTT,31/02/2026\n",
    );
    speaks(
        &db,
        &bad_day,
        &[":2, cột 4 (hieu_luc_tu): \"31/02/2026\": tháng 02/2026 không có ngày 31"],
        &[":2, column 4 (hieu_luc_tu): \"31/02/2026\": day 31 does not exist in 02/2026"],
    );
    let kind = write(&dir, "kind.csv", "ma,ten,loai\nX1,Chi bộ Xóm 1,Tổ đảng\n");
    speaks(
        &db,
        &kind,
        &["không rõ loại tổ chức \"Tổ đảng\"; cần một trong: "],
        &["unknown kind \"Tổ đảng\"; expected "],
    );
}

#[test]
fn template_errors_speak_vietnamese_by_default_and_english_on_request() {
    let dir = TempDir::new().expect("tmp");
    let db = dir.path().join("db");
    let no_sections = write(
        &dir,
        "no-sections.toml",
        "code = \"HK-X\"\nversion = 1\ntitle = \"Phiếu thử\"\n",
    );
    speaks(
        &db,
        &no_sections,
        &[":1, cột 1: thiếu trường `sections`"],
        &[":1, column 1: missing field `sections`"],
    );
    let typo = write(
        &dir,
        "typo.toml",
        "code = \"HK-X\"\nversion = 1\ntitle = \"Phiếu thử\"\n\n[[sections]]\ncode = \"I\"\n\
         title = \"Phần I\"\n\n[[sections.items]]\ncode = \"I.1\"\ntext = \"Mục\"\ncritcal = true\n",
    );
    speaks(
        &db,
        &typo,
        &["không có trường `critcal`; các trường dùng được: `code`"],
        &["unknown field `critcal`; expected one of `code`"],
    );
    let twice = write(
        &dir,
        "twice.toml",
        "code = \"HK-X\"\nversion = 1\ntitle = \"Phiếu thử\"\n\n[[sections]]\ncode = \"I\"\n\
         title = \"Phần I\"\n\n[[sections.items]]\ncode = \"I.1\"\ntext = \"Mục\"\n\n\
         [[sections.items]]\ncode = \"I.1\"\ntext = \"Mục nữa\"\n",
    );
    speaks(
        &db,
        &twice,
        &["mã mục I.1 xuất hiện hai lần (lần đầu ở dòng 10)"],
        &["item code I.1 appears twice (first on line 10)"],
    );
}

#[test]
fn plan_errors_speak_vietnamese_by_default_and_english_on_request() {
    let dir = TempDir::new().expect("tmp");
    let db = dir.path().join("db");
    ok(
        &db,
        &[
            "import",
            &format!("{FIXTURES}/units.csv"),
            &format!("{FIXTURES}/hau-kiem.toml"),
        ],
    );
    let plan = std::fs::read_to_string(format!("{FIXTURES}/plan.toml")).expect("the plan");
    let stranger = write(
        &dir,
        "plan.toml",
        &plan.replace("code = \"X-NP\"", "code = \"X-NQ\""),
    );
    speaks(
        &db,
        &stranger,
        &["[[units]]: không có đơn vị mã \"X-NQ\" (mã gần nhất: X-NP"],
        &["[[units]]: no unit with code \"X-NQ\" (closest codes: X-NP"],
    );
    let bad_day = write(
        &dir,
        "day.toml",
        &plan.replace("from = \"07/12/2026\"", "from = \"31/11/2026\""),
    );
    speaks(
        &db,
        &bad_day,
        &["from: \"31/11/2026\": tháng 11/2026 không có ngày 31"],
        &["from: \"31/11/2026\": day 31 does not exist in 11/2026"],
    );
}
