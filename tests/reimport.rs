//! Importing a units CSV again: new codes are added, edited fields become
//! update ops (old → new in the log, under the actor), unchanged rows do
//! nothing, units missing from the file are left alone; succession can be
//! imported too. `--dry-run` says all that, file by file, and writes
//! nothing. A bad row still refuses the whole file.

mod common;

use std::path::{Path, PathBuf};

use serde_json::Value;

use common::build::ACTOR;
use common::cli::{by_code, haukiem, ok, run, text};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

fn path(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 path")
}

fn export(db: &Path) -> Value {
    serde_json::from_str(&ok(db, &["export"])).expect("JSON")
}

fn ops(db: &Path) -> Vec<Value> {
    export(db)["ops"].as_array().expect("ops").clone()
}

/// The fixture's rows, edited: TU-ND's secretary, P-QT's members and
/// X-LH's name changed, a new cell added under X-LH, and every unit of Cần
/// Thơ left out of the file.
fn edited_csv(dir: &Path) -> PathBuf {
    let original = std::fs::read_to_string(fixture("units.csv")).expect("the fixture");
    let mut lines: Vec<String> = original
        .lines()
        .filter(|l| !l.contains("Cần Thơ") && !l.starts_with("CT-"))
        .map(|l| {
            l.replace("Đặng Quốc Thịnh", "Phạm Văn Hòa")
                .replace("Trần Văn Khải,438", "Trần Văn Khải,441")
                .replace("X-LH,Đảng bộ xã Lộc Hòa", "X-LH,Đảng bộ phường Lộc Hòa")
        })
        .collect();
    lines.push(
        "X-LH-XN,Chi bộ Xóm Nam,X-LH,Chi bộ trực thuộc,\"Xã, phường, thị trấn\",Vũ Văn Bảy,28"
            .into(),
    );
    let file = dir.join("don-vi-sua.csv");
    std::fs::write(&file, lines.join("\n") + "\n").expect("write");
    file
}

/// The fields that differ between an update's old and new unit.
fn changed_fields(op: &Value) -> Vec<String> {
    let (old, new) = (&op["change"]["Unit"]["old"], &op["change"]["Unit"]["new"]);
    let mut keys: Vec<String> = new
        .as_object()
        .expect("a unit")
        .iter()
        .filter(|(k, v)| old[k.as_str()] != **v)
        .map(|(k, _)| k.clone())
        .collect();
    keys.sort();
    keys
}

fn units_db(dir: &Path) -> PathBuf {
    let db = dir.join("db");
    ok(&db, &["import", path(&fixture("units.csv"))]);
    db
}

#[test]
fn reimporting_an_edited_csv_changes_exactly_the_edited_fields() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = units_db(dir.path());
    let before = ops(&db).len();
    let out = run(
        &db,
        &["import", path(&edited_csv(dir.path())), "--lang", "en"],
    );
    let err = text(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(err.contains("Imported 1 units"), "{err}");
    assert!(err.contains("3 units changed, 42 unchanged"), "{err}");
    assert!(
        err.contains("~ TU-ND: bi_thu: Đặng Quốc Thịnh → Phạm Văn Hòa"),
        "{err}"
    );
    assert!(err.contains("~ P-QT: so_dang_vien: 438 → 441"), "{err}");

    let all = ops(&db);
    let new: Vec<&Value> = all[before..].iter().collect();
    assert_eq!(new.len(), 4, "one creation, three updates");
    assert!(new.iter().all(|o| o["actor"] == ACTOR));
    let code = |o: &Value| {
        let u = &o["change"]["Unit"];
        u["new"]["code"].as_str().expect("code").to_string()
    };
    let created: Vec<String> = new
        .iter()
        .filter(|o| o["change"]["Unit"]["old"].is_null())
        .map(|o| code(o))
        .collect();
    assert_eq!(created, ["X-LH-XN"]);
    for (unit, field) in [
        ("TU-ND", "secretary"),
        ("P-QT", "members"),
        ("X-LH", "name"),
    ] {
        let op = new
            .iter()
            .find(|o| code(o) == unit && !o["change"]["Unit"]["old"].is_null())
            .unwrap_or_else(|| panic!("an update of {unit}"));
        assert_eq!(changed_fields(op), [field], "{unit}");
    }
    // Left out of the file, left alone.
    let e = export(&db);
    assert!(
        e["units"]
            .as_array()
            .expect("units")
            .iter()
            .any(|u| u["code"] == "CT-STP")
    );
    assert_eq!(e["units"].as_array().expect("units").len(), 60);

    // The same file again changes nothing.
    let out = run(
        &db,
        &["import", path(&edited_csv(dir.path())), "--lang", "en"],
    );
    assert!(
        text(&out.stderr).contains("(0 changes)"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(ops(&db).len(), all.len());
    assert!(ok(&db, &["check"]).starts_with("OK"));
}

#[test]
fn a_dry_run_prints_the_changes_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = units_db(dir.path());
    let before = ok(&db, &["export"]);
    let edited = edited_csv(dir.path());
    // No name needed: nothing is recorded.
    let out = haukiem()
        .env_remove("HAUKIEM_ACTOR")
        .args([
            "import",
            "--dry-run",
            path(&edited),
            path(&fixture("hau-kiem.toml")),
        ])
        .args([path(&fixture("plan.toml")), "--db", path(&db)])
        .output()
        .expect("run");
    let said = text(&out.stdout);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        said.contains("1 đơn vị mới, 3 thay đổi, 42 không đổi"),
        "{said}"
    );
    assert!(said.contains("+ X-LH-XN Chi bộ Xóm Nam"), "{said}");
    assert!(said.contains("~ X-LH: ten: Đảng bộ xã Lộc Hòa → Đảng bộ phường Lộc Hòa"));
    assert!(
        said.contains("phiếu kiểm tra HK-KD phiên bản 2 (43 mục): mới"),
        "{said}"
    );
    assert!(said.contains("đợt HK-2026-03"), "{said}");
    assert!(said.contains("3 đơn vị, đoàn 5 người"), "{said}");
    assert!(said.contains("Chạy thử: chưa ghi gì"), "{said}");
    assert_eq!(ok(&db, &["export"]), before, "nothing written");

    // In English, and against a database that does not exist: none made.
    let none = dir.path().join("none");
    let out = run(
        &none,
        &["import", "--dry-run", path(&edited), "--lang", "en"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("46 new units, 0 changed, 0 unchanged"));
    assert!(text(&out.stdout).contains("Dry run: nothing written"));
    assert!(!none.exists(), "a dry run creates no database");
}

#[test]
fn a_bad_row_refuses_the_whole_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = units_db(dir.path());
    let before = ok(&db, &["export"]);
    let edited = edited_csv(dir.path());
    let text_of = std::fs::read_to_string(&edited).expect("read");
    let bad = text_of.replace(
        "P-VH,Đảng bộ phường Vị Hoàng,TU-ND,Đảng bộ cơ sở",
        "P-VH,Đảng bộ phường Vị Hoàng,TU-ND,Đảng bộ cấp xã",
    );
    std::fs::write(&edited, bad).expect("write");
    let out = run(&db, &["import", path(&edited), "--lang", "en"]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&format!("{}:14, column 4 (loai)", path(&edited))),
        "{err}"
    );
    assert_eq!(ok(&db, &["export"]), before);
}

#[test]
fn succession_imports_from_the_csv() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = units_db(dir.path());
    let merged = dir.path().join("sap-nhap.csv");
    std::fs::write(
        &merged,
        "ma,ten,ma_cap_tren,loai,hieu_luc_tu,hieu_luc_den,ke_thua\n\
         P-QT,Đảng bộ phường Quang Trung,TU-ND,DBCS,,30/06/2025,P-NĐ\n\
         P-THD,Đảng bộ phường Trần Hưng Đạo,TU-ND,DBCS,,30/06/2025,P-NĐ\n\
         P-NĐ,Đảng bộ phường Nam Định,TU-ND,DBCS,01/07/2025,,\n",
    )
    .expect("write");
    let dry = ok(&db, &["import", "--dry-run", path(&merged), "--lang", "en"]);
    assert!(dry.contains("1 new units, 2 changed, 0 unchanged"), "{dry}");
    assert!(dry.contains("~ P-QT: ke_thua: — → P-NĐ"), "{dry}");
    assert!(
        dry.contains("~ P-QT: hieu_luc_den: — → 30/06/2025"),
        "{dry}"
    );
    ok(&db, &["import", path(&merged)]);
    let e = export(&db);
    let unit = |code: &str| by_code(&e["units"], code);
    let nd = unit("P-NĐ");
    assert_eq!(unit("P-QT")["successor"], nd["id"]);
    assert_eq!(unit("P-THD")["successor"], nd["id"]);
    assert_eq!(unit("P-QT")["valid_to"], "2025-06-30");
    assert_eq!(nd["valid_from"], "2025-07-01");
    assert!(ok(&db, &["check"]).starts_with("OK"));

    // A successor that is not known, or one without a last day, is refused
    // at its line.
    for (row, at) in [
        (
            "P-ND,Đảng bộ phường Nguyễn Du,TU-ND,DBCS,,30/06/2025,P-XYZ",
            "column 7 (ke_thua)",
        ),
        (
            "P-ND,Đảng bộ phường Nguyễn Du,TU-ND,DBCS,,,P-NĐ",
            "column 6 (hieu_luc_den)",
        ),
    ] {
        let f = dir.path().join("bad.csv");
        std::fs::write(
            &f,
            format!("ma,ten,ma_cap_tren,loai,hieu_luc_tu,hieu_luc_den,ke_thua\n{row}\n"),
        )
        .expect("write");
        let out = run(&db, &["import", path(&f), "--lang", "en"]);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(err.contains(&format!(":2, {at}")), "{at}: {err}");
    }
}
