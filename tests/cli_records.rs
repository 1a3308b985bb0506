//! The records from the command line: `haukiem visits` and `haukiem units`
//! listed against what `haukiem export` holds, one finding shown and
//! changed with `haukiem finding CODE` (each change one op under the actor,
//! old → new, refusals writing nothing), and every command's messages in
//! Vietnamese by default and in English with `--lang en`.

mod common;

use std::path::Path;

use serde_json::Value;
use tempfile::TempDir;

use common::build::{ACTOR, TODAY};
use common::cli::{by_code, demo_db, haukiem, ok, run, text};

fn json(s: &str) -> Value {
    serde_json::from_str(s).expect("JSON")
}

fn export(db: &Path) -> Value {
    json(&ok(db, &["export"]))
}

/// Run expecting exit code 1; returns stderr.
fn fails(db: &Path, args: &[&str]) -> String {
    let out = run(db, args);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "haukiem {args:?}: {err}");
    assert!(out.stdout.is_empty(), "{}", text(&out.stdout));
    err
}

fn by_id<'a>(items: &'a Value, id: &Value) -> &'a Value {
    items
        .as_array()
        .expect("array")
        .iter()
        .find(|x| &x["id"] == id)
        .expect("known id")
}

/// The export's finding with reference `r`.
fn stored_finding<'a>(e: &'a Value, r: &str) -> &'a Value {
    e["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["reference"] == r)
        .expect("the finding is exported")
}

/// An open finding of the demo that is past due as of TODAY.
fn an_overdue_open_finding(db: &Path) -> Value {
    let rows = json(&ok(
        db,
        &[
            "findings",
            "--today",
            TODAY,
            "--overdue",
            "--status",
            "mở",
            "--format",
            "json",
        ],
    ));
    rows.as_array().expect("rows")[0].clone()
}

// ------------------------------------------------------------------ visits

#[test]
fn visits_list_every_visit_with_its_units_progress_and_findings() {
    let dir = TempDir::new().expect("tmp");
    let db = demo_db(dir.path());
    let e = export(&db);
    let rows = json(&ok(&db, &["visits", "--format", "json"]));
    let rows = rows.as_array().expect("rows");
    assert_eq!(rows.len(), e["visits"].as_array().expect("visits").len());
    // Newest first.
    let codes: Vec<&str> = rows
        .iter()
        .map(|r| r["code"].as_str().expect("text"))
        .collect();
    assert_eq!(codes, ["HK-2026-02", "HK-2026-01", "HK-2025-01"]);
    for r in rows {
        let v = by_code(&e["visits"], r["code"].as_str().expect("text"));
        assert_eq!(r["title"], v["title"]);
        assert_eq!(r["plan_no"], v["plan_no"]);
        assert_eq!(r["start"], v["start"]);
        assert_eq!(r["end"], v["end"]);
        let units = v["units"].as_array().expect("array").len();
        assert_eq!(r["units"], units);
        let answered = e["answers"]
            .as_array()
            .expect("present")
            .iter()
            .filter(|a| a["visit"] == v["id"] && a["verdict"] != "Unchecked")
            .count();
        assert_eq!(r["answered"], answered, "{}", r["code"]);
        // Each unit answers the items of its sector (an item without
        // sectors is for every unit).
        let template = by_id(&e["templates"], &v["template"]);
        let items: usize = v["units"]
            .as_array()
            .expect("array")
            .iter()
            .map(|u| {
                let sector = &by_id(&e["units"], u)["sector"];
                template["sections"]
                    .as_array()
                    .expect("present")
                    .iter()
                    .flat_map(|s| s["items"].as_array().expect("array"))
                    .filter(|i| {
                        let sectors = i["sectors"].as_array().expect("array");
                        sectors.is_empty() || sectors.contains(sector)
                    })
                    .count()
            })
            .sum();
        assert_eq!(r["items"], items, "{}", r["code"]);
        let findings = e["findings"]
            .as_array()
            .expect("present")
            .iter()
            .filter(|f| f["visit"] == v["id"])
            .count();
        assert_eq!(r["findings"], findings);
    }
    assert_eq!(rows[0]["plan_no"], "58-KH/TU");
    assert_eq!(rows[0]["status_label"], "Đang tiến hành");
    assert_eq!(rows[1]["status_label"], "Đã kết thúc");
    assert!(
        rows[1]["answered"] == rows[1]["items"],
        "a concluded visit is walked"
    );

    let table = ok(&db, &["visits"]);
    let lines: Vec<&str> = table.lines().collect();
    assert!(lines[0].starts_with("Mã "), "{table}");
    assert!(lines[0].contains("Tiến độ"), "{table}");
    let progress = format!("{}/{}", rows[0]["answered"], rows[0]["items"]);
    assert!(lines[2].starts_with("HK-2026-02"), "{table}");
    assert!(lines[2].contains(&progress), "{table}");
    assert!(lines[2].contains("16/11/2026 – 04/12/2026"), "{table}");
    let en = ok(&db, &["visits", "--lang", "en"]);
    assert!(
        en.lines().next().expect("a line").contains("Progress"),
        "{en}"
    );
    assert!(en.contains("In progress"), "{en}");

    let csv = ok(&db, &["visits", "--format", "csv"]);
    assert!(
        csv.starts_with("\u{feff}ma,noi_dung,so_ke_hoach,tu_ngay"),
        "{csv}"
    );
    assert!(
        csv.contains(",58-KH/TU,16/11/2026,04/12/2026,Đang tiến hành,5,"),
        "{csv}"
    );
}

// ------------------------------------------------------------------- units

#[test]
fn units_list_the_hierarchy_each_unit_under_its_parent() {
    let dir = TempDir::new().expect("tmp");
    let db = demo_db(dir.path());
    let e = export(&db);
    let rows = json(&ok(&db, &["units", "--today", TODAY, "--format", "json"]));
    let rows = rows.as_array().expect("rows");
    assert_eq!(rows.len(), e["units"].as_array().expect("array").len());
    for (i, r) in rows.iter().enumerate() {
        let u = by_code(&e["units"], r["code"].as_str().expect("text"));
        assert_eq!(r["name"], u["name"]);
        assert_eq!(r["secretary"], u["secretary"]);
        assert_eq!(r["members"], u["members"]);
        match u["parent"].as_str() {
            None => assert_eq!(r["depth"], 0, "{}", r["code"]),
            Some(_) => {
                let parent = by_id(&e["units"], &u["parent"]);
                assert_eq!(r["parent_code"], parent["code"]);
                // The parent comes earlier, one level up, with only its own
                // descendants between.
                let at = rows[..i]
                    .iter()
                    .rposition(|p| p["code"] == parent["code"])
                    .expect("parent listed before its child");
                let depth = r["depth"].as_u64().expect("number");
                assert_eq!(rows[at]["depth"].as_u64().expect("number") + 1, depth);
                assert!(
                    rows[at + 1..i]
                        .iter()
                        .all(|x| x["depth"].as_u64().expect("number") > depth - 1)
                );
            }
        }
    }
    // Open findings add up to the active ones, overdue to the overdue listing.
    let active = e["findings"]
        .as_array()
        .expect("present")
        .iter()
        .filter(|f| f["status"] == "Open" || f["status"] == "InProgress")
        .count() as u64;
    let open: u64 = rows
        .iter()
        .map(|r| r["open"].as_u64().expect("number"))
        .sum();
    assert_eq!(open, active);
    let overdue_rows = json(&ok(
        &db,
        &[
            "findings",
            "--today",
            TODAY,
            "--overdue",
            "--format",
            "json",
        ],
    ));
    let overdue: u64 = rows
        .iter()
        .map(|r| r["overdue"].as_u64().expect("number"))
        .sum();
    assert_eq!(
        overdue,
        overdue_rows.as_array().expect("array").len() as u64
    );

    let table = ok(&db, &["units", "--today", TODAY]);
    let head = table.lines().next().expect("a line");
    assert!(
        head.starts_with("Đơn vị") && head.contains("Bí thư"),
        "{table}"
    );
    let line = |code: &str| {
        table
            .lines()
            .find(|l| l.split_whitespace().any(|w| w == code))
            .unwrap_or_else(|| panic!("{code} in {table}"))
            .to_string()
    };
    assert!(line("TU-ND").starts_with("Thành ủy Nam Định"), "{table}");
    assert!(
        line("P-QT").starts_with("  Đảng bộ phường Quang Trung"),
        "{table}"
    );
    assert!(
        line("P-QT-CB1").starts_with("    Chi bộ Tổ dân phố số 1"),
        "{table}"
    );
    let en = ok(&db, &["units", "--today", TODAY, "--lang", "en"]);
    assert!(
        en.lines().next().expect("a line").contains("Secretary"),
        "{en}"
    );

    let csv = ok(&db, &["units", "--today", TODAY, "--format", "csv"]);
    assert!(
        csv.starts_with("\u{feff}ma,ten,loai,linh_vuc,ma_cap_tren,bi_thu"),
        "{csv}"
    );
    assert!(csv.contains("\nP-QT-CB1,Chi bộ Tổ dân phố số 1,"), "{csv}");
}

#[test]
fn reading_commands_never_create_a_database() {
    let dir = TempDir::new().expect("tmp");
    let db = dir.path().join("none");
    for args in [
        &["visits"][..],
        &["units"],
        &["finding", "HK-2026-01-AAA01"],
    ] {
        let err = fails(&db, args);
        assert!(err.contains("Không có cơ sở dữ liệu haukiem nào"), "{err}");
    }
    assert!(!db.exists());
}

// ---------------------------------------------------------------- finding

#[test]
fn a_finding_is_shown_with_its_history() {
    let dir = TempDir::new().expect("tmp");
    let db = demo_db(dir.path());
    let row = an_overdue_open_finding(&db);
    let r = row["reference"].as_str().expect("text");
    let e = export(&db);
    let f = stored_finding(&e, r);
    let card = ok(&db, &["finding", r, "--today", TODAY]);
    assert!(
        card.starts_with(&format!("{r}  {}", f["title"].as_str().expect("text"))),
        "{card}"
    );
    assert!(
        card.contains("Tình trạng") && card.contains("ngày quá hạn"),
        "{card}"
    );
    assert!(card.contains("Quá trình theo dõi"), "{card}");
    for h in f["history"].as_array().expect("array") {
        assert!(card.contains(h["by"].as_str().expect("text")), "{card}");
    }
    let shown = json(&ok(
        &db,
        &["finding", r, "--today", TODAY, "--format", "json"],
    ));
    assert_eq!(shown["reference"], r);
    assert_eq!(shown["status"], "mo");
    assert_eq!(shown["due"], f["due"]);
    assert_eq!(
        shown["history"].as_array().expect("array").len(),
        f["history"].as_array().expect("array").len()
    );
    assert_eq!(shown["history"][0]["event"], "created");
    assert!(shown["days_overdue"].as_i64().expect("number") > 0);

    let en = ok(&db, &["finding", r, "--today", TODAY, "--lang", "en"]);
    assert!(en.contains("Status") && en.contains("days overdue"), "{en}");

    let err = fails(&db, &["finding", &r.to_lowercase()]);
    assert!(err.contains("mã gần giống") && err.contains(r), "{err}");
}

#[test]
fn finding_changes_are_ops_under_the_actor_old_to_new() {
    let dir = TempDir::new().expect("tmp");
    let db = demo_db(dir.path());
    let row = an_overdue_open_finding(&db);
    let r = row["reference"].as_str().expect("text").to_string();
    let before = export(&db);
    let ops_before = before["ops"].as_array().expect("array").len();
    let old_due = stored_finding(&before, &r)["due"]
        .as_str()
        .expect("present")
        .to_string();

    // Refused, nothing written: a new deadline without a reason, a reason
    // without a deadline, a deadline not later, a status without a note,
    // a move the status does not allow, an unknown status, a bad date.
    let refusals: [(&[&str], &str); 7] = [
        (&["--due", "+30"], "gia hạn cần nêu lý do"),
        (&["--reason", "chờ"], "--reason là lý do gia hạn"),
        (
            &["--due", "01/01/2020", "--reason", "x"],
            "phải sau hạn hiện tại",
        ),
        (&["--status", "đang"], "cần có ghi chú"),
        (
            &["--verify", "--note", "x"],
            "không thể chuyển từ \"Chưa khắc phục\" sang \"Đã xác minh\"",
        ),
        (
            &["--status", "xong rồi", "--note", "x"],
            "không có tình trạng \"xong rồi\"",
        ),
        (&["--due", "31/02/2027", "--reason", "x"], "--due:"),
    ];
    for (args, says) in refusals {
        let all = [&["finding", r.as_str(), "--today", TODAY][..], args].concat();
        let err = fails(&db, &all);
        assert!(err.contains(says), "{args:?}: {err}");
    }
    assert_eq!(
        export(&db)["ops"].as_array().expect("array").len(),
        ops_before
    );

    // Without a name, refused too.
    let out = haukiem()
        .env_remove("HAUKIEM_ACTOR")
        .args(["finding", &r, "--note", "x", "--db"])
        .arg(&db)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("--actor"),
        "{}",
        text(&out.stderr)
    );

    // A new deadline (in the app's own words: +30 days) and a status
    // change with its note, in one command: two ops, the deadline first.
    let said = ok(
        &db,
        &[
            "finding",
            &r,
            "--today",
            TODAY,
            "--due",
            "+30",
            "--reason",
            "Chờ hồ sơ chuyển đến",
            "--status",
            "đang",
            "--note",
            "Đã bắt đầu cập nhật",
        ],
    );
    assert!(
        said.starts_with(&format!("Đã lưu {r} ({ACTOR}, ngày {TODAY}):")),
        "{said}"
    );
    assert!(
        said.contains("Gia hạn:") && said.contains("→ 20/12/2026"),
        "{said}"
    );
    assert!(
        said.contains("Tình trạng: Chưa khắc phục → Đang khắc phục"),
        "{said}"
    );

    let after = export(&db);
    let ops = after["ops"].as_array().expect("array");
    assert_eq!(ops.len(), ops_before + 2);
    let (ext, status) = (&ops[ops_before], &ops[ops_before + 1]);
    for op in [ext, status] {
        assert_eq!(op["actor"], ACTOR);
    }
    assert_eq!(ext["reason"], "Chờ hồ sơ chuyển đến");
    let change = &ext["change"]["Finding"];
    assert_eq!(change["old"]["due"], old_due.as_str());
    assert_eq!(change["new"]["due"], "2026-12-20");
    assert_eq!(change["old"]["status"], "Open");
    assert_eq!(change["new"]["status"], "Open");
    let change = &status["change"]["Finding"];
    assert_eq!(change["old"]["status"], "Open");
    assert_eq!(change["new"]["status"], "InProgress");
    let last = change["new"]["history"]
        .as_array()
        .expect("present")
        .last()
        .expect("present")
        .clone();
    assert_eq!(last["by"], ACTOR);
    assert_eq!(last["note"], "Đã bắt đầu cập nhật");
    assert_eq!(
        last["event"],
        serde_json::json!({"Status": {"from": "Open", "to": "InProgress"}})
    );

    // Then remediated ("đã"), verified, and a note on the verified finding.
    ok(
        &db,
        &[
            "finding",
            &r,
            "--today",
            TODAY,
            "--status",
            "đã",
            "--note",
            "Sổ đã cập nhật",
        ],
    );
    let other = "Một ghi chú --actor";
    ok(
        &db,
        &[
            "finding",
            &r,
            "--today",
            TODAY,
            "--verify",
            "--note",
            "Đoàn đã kiểm tra sổ",
            "--actor",
            "Lê Thị Hoa",
        ],
    );
    ok(&db, &["finding", &r, "--today", TODAY, "--note", other]);
    let after = export(&db);
    let ops = after["ops"].as_array().expect("array");
    assert_eq!(ops.len(), ops_before + 5);
    assert_eq!(ops[ops_before + 3]["actor"], "Lê Thị Hoa");
    let verified = &ops[ops_before + 3]["change"]["Finding"];
    assert_eq!(verified["old"]["status"], "Remediated");
    assert_eq!(verified["new"]["status"], "Verified");
    let f = stored_finding(&after, &r);
    assert_eq!(f["status"], "Verified");
    assert_eq!(f["due"], "2026-12-20");
    assert_eq!(
        f["history"]
            .as_array()
            .expect("array")
            .last()
            .expect("an entry")["note"],
        other
    );
    // A verified finding's deadline moves no more.
    let err = fails(
        &db,
        &[
            "finding", &r, "--today", TODAY, "--due", "+60", "--reason", "x",
        ],
    );
    assert!(err.contains("chỉ gia hạn khi chưa khắc phục"), "{err}");
    assert_eq!(
        export(&db)["ops"].as_array().expect("array").len(),
        ops_before + 5
    );
}

// ---------------------------------------------------------------- language

/// `haukiem ARGS --db DB` in both languages: (vi stdout+stderr, en stdout+stderr).
fn both(db: &Path, args: &[&str]) -> (String, String) {
    let said = |lang: &str| {
        let out = run(db, &[args, &["--lang", lang]].concat());
        format!("{}{}", text(&out.stdout), text(&out.stderr))
    };
    (said("vi"), said("en"))
}

#[test]
fn every_command_speaks_vietnamese_by_default_and_english_on_request() {
    let dir = TempDir::new().expect("tmp");
    let db = demo_db(dir.path());
    let row = an_overdue_open_finding(&db);
    let r = row["reference"].as_str().expect("text").to_string();
    let other = dir.path().join("other.json");
    std::fs::write(&other, "{}\n").expect("write");
    let other = other.to_str().expect("a UTF-8 path");
    let missing = dir.path().join("khong-co.csv");
    let missing = missing.to_str().expect("a UTF-8 path");
    let cases: Vec<(Vec<&str>, &Path, &str, &str)> = vec![
        (
            vec!["import", other],
            &db,
            "không phải tệp xuất của haukiem",
            "not a haukiem export",
        ),
        (
            vec!["import", missing],
            &db,
            "không đọc được",
            "cannot read",
        ),
        (vec!["check"], &db, "OK:", "OK:"),
        (vec!["check"], &db, "không có lỗi", "no problems"),
        (
            vec!["findings", "--unit", "KHONG-CO"],
            &db,
            "không có đơn vị",
            "no unit",
        ),
        (
            vec!["findings", "--visit", "KHONG-CO"],
            &db,
            "không có đợt",
            "no visit",
        ),
        (
            vec!["findings", "--status", "lạ"],
            &db,
            "không có tình trạng",
            "unknown status",
        ),
        (
            vec!["findings", "--today", "32/01/2026"],
            &db,
            "--today",
            "--today",
        ),
        (
            vec!["report", "HK-2026-01", "--format", "xlsx"],
            &db,
            "cần -o",
            "give -o",
        ),
        (
            vec!["finding", "HK-XX"],
            &db,
            "Không có hạn chế",
            "No finding",
        ),
        (
            vec!["finding", &r, "--due", "+5"],
            &db,
            "gia hạn cần nêu lý do",
            "needs a reason",
        ),
        (
            vec!["finding", &r, "--status", "xm", "--note", "x"],
            &db,
            "không thể chuyển từ",
            "cannot go from",
        ),
        (
            vec!["finding", &r, "--status", "đã"],
            &db,
            "cần có ghi chú",
            "needs a note",
        ),
        (
            vec!["units", "--today", "hôm kia"],
            &db,
            "--today:",
            "--today:",
        ),
        (
            vec!["report", "HK-2026-1"],
            &db,
            "mã gần giống: HK-2026-01",
            "closest codes: HK-2026-01",
        ),
    ];
    for (args, at, vi, en) in cases {
        let (said_vi, said_en) = both(at, &args);
        assert!(said_vi.contains(vi), "{args:?} vi: {said_vi}");
        assert!(said_en.contains(en), "{args:?} en: {said_en}");
    }
    // Without --lang: Vietnamese.
    let out = run(&db, &["findings", "--unit", "KHONG-CO"]);
    assert!(
        text(&out.stderr).contains("không có đơn vị"),
        "{}",
        text(&out.stderr)
    );
}
