//! The baseline: shortcomings named at the kiểm điểm, imported from CSV
//! (good files, bad ones refused whole with file:line:column, dry runs and
//! re-imports that add nothing), the demo's, and the first figure of the
//! report recounted from the store.

mod common;

use std::path::{Path, PathBuf};

use haukiem::domain::{Baseline, Change, FindingStatus, Origin};
use proptest::prelude::*;
use serde_json::Value;

use common::build::{days_from, finding, in_status, open, template, today, unit, visit};
use common::cli::{DATA, demo_db, listing, ok, run, text};

/// A database with the small units, template and plan (visit HK-2026-09,
/// 01/12–12/12/2026, of HT-XA and its chi bộ).
fn planned(dir: &Path) -> PathBuf {
    let db = dir.join("db");
    ok(
        &db,
        &[
            "import",
            "--today",
            "20/11/2026",
            &format!("{DATA}/units_small.csv"),
            &format!("{DATA}/template_small.toml"),
            &format!("{DATA}/plan_small.toml"),
        ],
    );
    db
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write csv");
    path.display().to_string()
}

fn findings(db: &Path) -> Vec<Value> {
    let out = listing(db, &["--format", "json"]);
    serde_json::from_str::<Value>(&out)
        .expect("json")
        .as_array()
        .expect("array")
        .clone()
}

const GOOD: &str = "\u{feff}don_vi;noi_dung;loai;nguyen_nhan;trach_nhiem;giai_phap;han;van_ban;ngay_van_ban\r\n\
HT-XA;Sinh hoạt chi bộ chưa đều đặn;khuyết điểm;Chi ủy chưa sâu sát;tập thể: Chi ủy;Họp đủ kỳ;30/06/2026;87-TB/TU;15/01/2026\r\n\
HT-XA;Chưa kiểm tra đảng viên nơi cư trú;Hạn chế;;cá nhân: đồng chí Trần Thị Bích;;;87-TB/TU;15/01/2026\r\n\
HT-XA-X1;Thu đảng phí chưa đúng;có dấu hiệu vi phạm;;Chi ủy Xóm 1;;31/12/2026;;\r\n";

#[test]
fn a_baseline_csv_becomes_findings_named_at_the_review_and_a_second_import_adds_nothing() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let db = planned(dir.path());
    let csv = write(dir.path(), "hckd.csv", GOOD);

    // A dry run says what would come and writes nothing.
    let dry = ok(&db, &["import", "--dry-run", "--today", "20/11/2026", &csv]);
    assert!(
        dry.contains("hckd.csv: 3 hạn chế, khuyết điểm qua kiểm điểm mới, 0 đã có sẵn"),
        "{dry}"
    );
    assert!(dry.contains("(3 thao tác nếu nhập thật)"), "{dry}");
    assert!(findings(&db).is_empty());

    let out = run(&db, &["import", "--today", "20/11/2026", &csv]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("Hạn chế, khuyết điểm qua kiểm điểm: 3 mới, 0 đã có sẵn."),
        "{}",
        text(&out.stderr)
    );
    let rows = findings(&db);
    assert_eq!(rows.len(), 3);
    let by_title = |t: &str| {
        rows.iter()
            .find(|r| r["title"] == t)
            .unwrap_or_else(|| panic!("{t} in {rows:?}"))
    };
    let a = by_title("Sinh hoạt chi bộ chưa đều đặn");
    assert_eq!(a["visit"], "HK-2026-09");
    assert_eq!(a["unit_code"], "HT-XA");
    assert_eq!(a["origin"], "review");
    assert_eq!(a["source_doc"], "87-TB/TU");
    assert_eq!(a["source_date"], "2026-01-15");
    assert_eq!(a["severity"], "Khuyết điểm");
    assert_eq!(a["due"], "2026-06-30");
    assert_eq!(a["status"], "mo");
    assert_eq!(a["responsibility"], "Tập thể");
    assert_eq!(a["responsible"], "Chi ủy");
    assert_eq!(a["days_overdue"], 143);
    // No deadline: the visit's last day; a person named.
    let b = by_title("Chưa kiểm tra đảng viên nơi cư trú");
    assert_eq!(b["due"], "2026-12-12");
    assert_eq!(b["severity"], "Hạn chế");
    assert_eq!(b["responsibility"], "Cá nhân");
    assert_eq!(b["responsible"], "đồng chí Trần Thị Bích");
    // No document: recorded today; plain text is a collective.
    let c = by_title("Thu đảng phí chưa đúng");
    assert_eq!(c["severity"], "Có dấu hiệu vi phạm");
    assert_eq!(c["source_doc"], "");
    assert_eq!(c["source_date"], Value::Null);
    assert_eq!(c["responsibility"], "Tập thể");
    assert_eq!(c["responsible"], "Chi ủy Xóm 1");

    let reference = a["reference"].as_str().expect("reference");
    let card = ok(&db, &["finding", reference, "--today", "20/11/2026"]);
    assert!(
        card.contains("Nguồn          Kiểm điểm — Thông báo 87-TB/TU ngày 15/01/2026"),
        "{card}"
    );
    assert!(card.contains("Ghi nhận       15/01/2026"), "{card}");

    // The same file again: already there.
    let again = run(&db, &["import", "--today", "20/11/2026", &csv]);
    assert!(again.status.success(), "{}", text(&again.stderr));
    assert!(
        text(&again.stderr)
            .contains("hckd.csv: 0 hạn chế, khuyết điểm qua kiểm điểm mới, 3 đã có sẵn"),
        "{}",
        text(&again.stderr)
    );
    assert_eq!(findings(&db).len(), 3);
}

/// Importing `body` into a planned database fails with `expected` on
/// stderr and writes nothing.
fn refused(body: &str, expected: &str) {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let db = planned(dir.path());
    let csv = write(dir.path(), "hckd.csv", body);
    let out = run(&db, &["import", "--today", "20/11/2026", &csv]);
    assert!(!out.status.success());
    let expected = expected.replace("FILE", &csv);
    assert_eq!(
        text(&out.stderr).trim(),
        format!("haukiem: {csv}{expected}")
    );
    assert!(findings(&db).is_empty());
}

#[test]
fn bad_rows_are_refused_whole_with_file_line_and_column() {
    let head = "don_vi,noi_dung,loai,han,dot\n";
    let good = "HT-XA,Sinh hoạt chưa đều,hạn chế,,\n";
    refused(
        &format!("{head}{good}HT-XA,Chưa kiểm tra,nhẹ lắm,,\n"),
        ":3, cột 3 (loai): không rõ loại \"nhẹ lắm\"; cần một trong: Hạn chế (HC), Khuyết điểm (KD), Có dấu hiệu vi phạm (VP)",
    );
    refused(
        &format!("{head}{good}HT-XB,Chưa kiểm tra,hạn chế,,\n"),
        ":3, cột 1 (don_vi): không có đơn vị mã \"HT-XB\"",
    );
    refused(
        &format!("{head}{good}HT-TU,Chưa kiểm tra,hạn chế,,\n"),
        ":3: đơn vị HT-TU chưa có đợt nào chưa kết thúc để kiểm tra lại việc khắc phục: lập kế hoạch đợt trước, hoặc ghi mã đợt ở cột dot",
    );
    refused(
        &format!("{head}{good}HT-XA,Chưa kiểm tra,hạn chế,,HK-2099\n"),
        ":3, cột 5 (dot): không có đợt mã \"HK-2099\"",
    );
    refused(
        &format!("{head}{good}HT-XA,Chưa kiểm tra,hạn chế,31/02/2026,\n"),
        ":3, cột 4 (han): \"31/02/2026\": tháng 02/2026 không có ngày 31",
    );
    refused(
        &format!("{head}{good}HT-XA,,hạn chế,,\n"),
        ":3, cột 2 (noi_dung): ô này không được để trống",
    );
    refused(
        &format!("{head}{good}{good}"),
        ":3, cột 2 (noi_dung): dòng này trùng dòng FILE:2 (cùng đơn vị, nội dung và văn bản)",
    );
    refused(
        &format!(
            "don_vi,noi_dung,loai,han,ngay_van_ban\n{good}HT-XA,Chưa kiểm tra,hạn chế,10/01/2026,15/01/2026\n"
        ),
        ":3, cột 4 (han): hạn khắc phục 10/01/2026 trước ngày 15/01/2026 (ngày văn bản, hoặc hôm nay nếu không ghi)",
    );
}

#[test]
fn the_demo_follows_a_baseline_with_every_kind_of_outcome() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let db = demo_db(dir.path());
    let rows = findings(&db);
    let review: Vec<&Value> = rows.iter().filter(|r| r["origin"] == "review").collect();
    assert_eq!(review.len(), 29);
    let count = |visit: &str, status: &str| {
        review
            .iter()
            .filter(|r| r["visit"] == visit && r["status"] == status)
            .count()
    };
    // HK-2026-01 re-checked its baseline in March; HK-2026-02 is re-checking.
    assert_eq!(
        [
            count("HK-2026-01", "xm"),
            count("HK-2026-01", "dang"),
            count("HK-2026-01", "da"),
            count("HK-2026-01", "mo"),
        ],
        [8, 4, 2, 5]
    );
    assert_eq!(
        [
            count("HK-2026-02", "xm"),
            count("HK-2026-02", "dang"),
            count("HK-2026-02", "da"),
            count("HK-2026-02", "mo"),
        ],
        [3, 2, 1, 4]
    );
    let first = review
        .iter()
        .find(|r| r["unit_code"] == "P-QT")
        .expect("P-QT has a baseline");
    assert_eq!(first["source_doc"], "87-TB/TU");
    assert_eq!(first["source_date"], "2026-01-15");
}

/// One random finding: its unit (of three), visit (of two), whether it was
/// named at the review, and its status.
fn arb_finding() -> impl Strategy<Value = (usize, usize, bool, usize)> {
    (0..3usize, 0..2usize, any::<bool>(), 0..5usize)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn the_baseline_figure_matches_a_recount_from_the_store(
        specs in proptest::collection::vec(arb_finding(), 0..24)
    ) {
        let dir = tempfile::TempDir::new().expect("temp dir");
        let store = open(dir.path());
        let units: Vec<_> = (0..3).map(|i| unit(&format!("U{i}"), None)).collect();
        let t = template(1);
        let visits = [
            visit("HK-A", t.id, units.iter().map(|u| u.id).collect()),
            visit("HK-B", t.id, units.iter().map(|u| u.id).collect()),
        ];
        for u in &units {
            store.commit(Change::create(u.clone()), None).expect("unit");
        }
        store.commit(Change::create(t.clone()), None).expect("template");
        for v in &visits {
            store.commit(Change::create(v.clone()), None).expect("visit");
        }
        let statuses = [
            FindingStatus::Open,
            FindingStatus::InProgress,
            FindingStatus::Remediated,
            FindingStatus::Verified,
            FindingStatus::Unremediable,
        ];
        for (i, (u, v, review, s)) in specs.iter().enumerate() {
            let mut f = finding(
                &format!("{}-TST{:02}", visits[*v].code, i + 1),
                units[*u].id,
                visits[*v].id,
                None,
                days_from(today(), 10),
            );
            if *review {
                f.origin = Origin::Review { doc: "87-TB/TU".into(), date: None };
            }
            let f = in_status(f, statuses[*s]);
            store.commit(Change::create(f), None).expect("finding");
        }
        let this = visits[0].id;
        let mut total = Baseline::default();
        for u in &units {
            let b = Baseline::count(&store.findings_of_unit(u.id).expect("findings"), this);
            // The recount: every finding, read apart from the unit index.
            let all = store.findings().expect("all");
            let of_unit: Vec<_> = all.iter().filter(|f| f.unit == u.id).collect();
            let review = |s: FindingStatus| {
                of_unit.iter().filter(|f| f.origin.is_review() && f.status == s).count() as u64
            };
            prop_assert_eq!(b.identified, of_unit.iter().filter(|f| f.origin.is_review()).count() as u64);
            prop_assert_eq!(b.verified, review(FindingStatus::Verified));
            prop_assert_eq!(b.reported, review(FindingStatus::Remediated));
            prop_assert_eq!(b.in_progress, review(FindingStatus::InProgress) + review(FindingStatus::Remediated));
            prop_assert_eq!(b.open, review(FindingStatus::Open));
            prop_assert_eq!(b.unremediable, review(FindingStatus::Unremediable));
            prop_assert_eq!(
                b.new,
                of_unit.iter().filter(|f| !f.origin.is_review() && f.visit == this).count() as u64
            );
            // And with the store's status counters: the baseline and the
            // findings of visits together are every finding of the unit.
            let counts = store.unit_status_counts(u.id).expect("counts");
            let found = of_unit.iter().filter(|f| !f.origin.is_review()).count() as u64;
            prop_assert_eq!(b.identified + found, counts.total());
            total = total.plus(b);
        }
        let all = store.findings().expect("all");
        prop_assert_eq!(Baseline::count(&all, this), total);
        prop_assert_eq!(total.identified, specs.iter().filter(|s| s.2).count() as u64);
    }
}
