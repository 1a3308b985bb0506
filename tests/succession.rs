//! Succession on the read side: wards A and B merged into C; their open
//! findings (recorded by an earlier visit) now count and list under C — on
//! the dashboard's per-unit counts, in `findings --unit C`, and in the
//! report of a later visit to C, marked "trước đây" — from the database
//! and from the listing view alike, with references and histories intact.

mod common;

use std::collections::HashMap;
use std::path::Path;

use haukiem::domain::unit::merge;
use haukiem::domain::{Change, Finding, FindingFilter, FindingStatus, Id, Unit, VisitStatus};
use haukiem::store::{Listing, ListingView, Store};
use serde_json::Value;

use common::build::{
    TODAY, assert_clean, date, days_from, finding, in_status, open, template, today, unit, visit,
};
use common::cli::{by_code, ok, references};

struct Merged {
    a: Unit,
    b: Unit,
    c: Unit,
    /// A's findings: overdue, due later, verified (closed).
    of_a: Vec<Finding>,
    of_b: Finding,
    of_c: Finding,
}

/// A and B visited in 2025 (HK-2025-01, concluded), merged into C on
/// 01/07/2025; C visited now (HK-2026-07) and given a finding of its own.
fn merged(db: &Path) -> Merged {
    let store = open(db);
    let commit = |c: Change| {
        store.commit(c, None).expect("commit");
    };
    let (mut a, mut b) = (unit("P-QT", None), unit("P-THD", None));
    a.name = "Đảng bộ phường Quang Trung".into();
    b.name = "Đảng bộ phường Trần Hưng Đạo".into();
    let t = template(1);
    commit(Change::create(a.clone()));
    commit(Change::create(b.clone()));
    commit(Change::create(t.clone()));
    let mut v1 = visit("HK-2025-01", t.id, vec![a.id, b.id]);
    v1.start = date(2025, 3, 3);
    v1.end = date(2025, 3, 28);
    commit(Change::create(v1.clone()));
    let earlier = |reference: &str, u: Id, due, status| {
        let mut f = finding(reference, u, v1.id, Some("I.1"), due);
        f.created = date(2025, 3, 28);
        f.history[0].date = f.created;
        let f = in_status(f, status);
        commit(Change::create(f.clone()));
        f
    };
    let of_a = vec![
        earlier(
            "HK-2025-01-AAA01",
            a.id,
            days_from(today(), -19),
            FindingStatus::Open,
        ),
        earlier(
            "HK-2025-01-AAA02",
            a.id,
            days_from(today(), 40),
            FindingStatus::InProgress,
        ),
        earlier(
            "HK-2025-01-AAA03",
            a.id,
            days_from(today(), -60),
            FindingStatus::Verified,
        ),
    ];
    let of_b = earlier(
        "HK-2025-01-AAA04",
        b.id,
        days_from(today(), -5),
        FindingStatus::Open,
    );
    let mut done = v1.clone();
    done.status = VisitStatus::Concluded;
    commit(Change::update(v1, done));

    let on = date(2025, 7, 1);
    let mut c = unit("P-NĐ", None);
    c.name = "Đảng bộ phường Nam Định".into();
    c.valid_from = Some(on);
    let ended = merge(&[a.clone(), b.clone()], &c, on).expect("merge");
    let ops: Vec<_> = [Change::create(c.clone())]
        .into_iter()
        .chain(
            [&a, &b]
                .into_iter()
                .zip(&ended)
                .map(|(old, new)| Change::update(old.clone(), new.clone())),
        )
        .map(|ch| store.new_op(ch, None).expect("op"))
        .collect();
    store.apply_all(&ops).expect("the merger, in one batch");
    let v2 = visit("HK-2026-07", t.id, vec![c.id]);
    commit(Change::create(v2.clone()));
    let of_c = finding(
        "HK-2026-07-AAA01",
        c.id,
        v2.id,
        Some("I.2"),
        days_from(today(), 10),
    );
    commit(Change::create(of_c.clone()));
    assert_clean(&store);
    let [a, b]: [Unit; 2] = ended.try_into().expect("two ended");
    Merged {
        a,
        b,
        c,
        of_a,
        of_b,
        of_c,
    }
}

/// What a listing says about C and about A.
fn assert_folded(source: &impl Listing, m: &Merged) {
    let by_unit = source.status_by_unit().expect("counts");
    let at_c = by_unit.get(&m.c.id).expect("C has findings");
    // C's own, A's two open ones and B's, and A's verified one.
    assert_eq!(at_c.active(), 4);
    assert_eq!(at_c[FindingStatus::Verified], 1);
    assert_eq!(at_c.total(), 5);
    assert!(!by_unit.contains_key(&m.a.id) && !by_unit.contains_key(&m.b.id));
    let overdue: HashMap<Id, u64> = source
        .overdue_by_unit(&[m.c.id, m.a.id], today())
        .expect("overdue");
    assert_eq!(overdue[&m.c.id], 2, "A's and B's late findings");
    assert_eq!(overdue[&m.a.id], 0, "A no longer stands on its own");

    let filter = FindingFilter {
        unit: Some(m.c.id),
        ..FindingFilter::default()
    };
    let (found, names) = source.list(&filter, today()).expect("list");
    let mut refs: Vec<&str> = found.iter().map(|f| f.reference.as_str()).collect();
    refs.sort_unstable();
    let mut want = vec![
        m.of_a[0].reference.as_str(),
        m.of_a[1].reference.as_str(),
        m.of_a[2].reference.as_str(),
        m.of_b.reference.as_str(),
        m.of_c.reference.as_str(),
    ];
    want.sort_unstable();
    assert_eq!(refs, want);
    for f in &found {
        let expected_unit = if f.reference.starts_with("HK-2025-01-AAA04") {
            m.b.id
        } else if f.reference.starts_with("HK-2025") {
            m.a.id
        } else {
            m.c.id
        };
        assert_eq!(
            f.unit, expected_unit,
            "{}: its own unit is kept",
            f.reference
        );
        if f.unit != m.c.id {
            assert_eq!(names.current.get(&f.unit), Some(&m.c.id));
        }
    }
    assert_eq!(names.units[&m.c.id].0, "P-NĐ");
    assert_eq!(names.units[&m.a.id].0, "P-QT");
    // A filter on A itself still finds A's.
    let only_a = FindingFilter {
        unit: Some(m.a.id),
        ..FindingFilter::default()
    };
    assert_eq!(source.list(&only_a, today()).expect("list").0.len(), 3);
}

#[test]
fn findings_of_merged_units_count_and_list_under_their_successor() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db");
    let m = merged(&db);
    let store = Store::open(&db).expect("open");
    assert_folded(&store, &m);
    // The store's own per-unit reads fold too; its counters do not.
    assert_eq!(store.findings_of_unit(m.c.id).expect("read").len(), 5);
    assert_eq!(store.unit_status_counts(m.c.id).expect("read").total(), 5);
    assert_eq!(store.unit_status_table().expect("raw")[&m.a.id].total(), 3);
    // A's history is intact.
    let kept = store
        .finding_by_ref(&m.of_a[1].reference)
        .expect("read")
        .expect("finding");
    assert_eq!(kept, m.of_a[1]);
    store.write_view().expect("write the view");
    drop(store);
    let view = ListingView::load(&db).expect("the view loads");
    assert_folded(&view, &m);
}

fn listed(db: &Path, unit: &str) -> Vec<Value> {
    let out = ok(
        db,
        &[
            "findings", "--unit", unit, "--format", "json", "--today", TODAY,
        ],
    );
    serde_json::from_str::<Value>(&out)
        .expect("JSON")
        .as_array()
        .expect("rows")
        .clone()
}

#[test]
fn findings_unit_covers_the_predecessors_and_says_where_they_came_from() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db");
    let m = merged(&db);
    // Twice: the first answers from the database, the second from the view.
    for _ in 0..2 {
        let rows = listed(&db, "P-NĐ");
        let mut refs = references(&rows);
        refs.sort();
        assert_eq!(refs.len(), 5);
        assert!(refs.contains(&m.of_a[0].reference));
        for r in &rows {
            assert_eq!(r["unit_code"], "P-NĐ");
            assert_eq!(r["unit"], "Đảng bộ phường Nam Định");
        }
        let of_a = rows
            .iter()
            .find(|r| r["reference"] == m.of_a[0].reference.as_str())
            .expect("A's finding");
        assert_eq!(of_a["formerly_code"], "P-QT");
        assert_eq!(of_a["formerly"], "Đảng bộ phường Quang Trung");
        let own = rows
            .iter()
            .find(|r| r["reference"] == m.of_c.reference.as_str())
            .expect("C's finding");
        assert!(own["formerly"].is_null());
    }
    let table = ok(&db, &["findings", "--unit", "P-NĐ", "--today", TODAY]);
    assert!(
        table.contains("Đảng bộ phường Nam Định (trước đây: P-QT)"),
        "{table}"
    );
    let en = ok(
        &db,
        &[
            "findings", "--unit", "P-NĐ", "--today", TODAY, "--lang", "en",
        ],
    );
    assert!(en.contains("(formerly P-THD)"), "{en}");
}

#[test]
fn a_later_visit_reports_the_findings_it_carries_over() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db");
    let m = merged(&db);
    // The data export names findings and visits by their codes (the Party
    // documents carry none).
    let csv = ok(
        &db,
        &["report", "HK-2026-07", "--format", "csv", "--today", TODAY],
    );
    let section = csv
        .split(CARRIED)
        .nth(1)
        .unwrap_or_else(|| panic!("the section: {csv}"));
    for f in [&m.of_a[0], &m.of_a[1], &m.of_b] {
        assert!(section.contains(&f.reference), "{}: {section}", f.reference);
    }
    // Closed ones are not re-checked; C's own belongs to the visit itself.
    assert!(!section.contains(&m.of_a[2].reference));
    assert!(!section.contains(&m.of_c.reference));
    assert!(
        section.contains("trước đây: Đảng bộ phường Quang Trung"),
        "{section}"
    );
    assert!(section.contains("trước đây: Đảng bộ phường Trần Hưng Đạo"));
    assert!(section.contains("HK-2025-01"));
    // The earlier visit's own report is as it was: nothing carried into it.
    let before = ok(
        &db,
        &["report", "HK-2025-01", "--format", "csv", "--today", TODAY],
    );
    assert!(!before.contains(CARRIED));
    // The Party document lists them by title, under their own appendix.
    let md = ok(
        &db,
        &["report", "HK-2026-07", "--format", "md", "--today", TODAY],
    );
    let section = md
        .split("RÀ SOÁT HẠN CHẾ, KHUYẾT ĐIỂM CÁC ĐỢT TRƯỚC")
        .nth(1)
        .expect("the appendix");
    for f in [&m.of_a[0], &m.of_a[1], &m.of_b] {
        assert!(section.contains(&f.title), "{}: {section}", f.title);
        assert!(!section.contains(&f.reference));
    }
    assert!(!md.contains("HK-2025-01"));
}

/// The title of the carried findings' table in the CSV export.
const CARRIED: &str = "Rà soát hạn chế, khuyết điểm các đợt trước";

/// The demo's merger: phường Cửa Bắc and phường Năng Tĩnh, visited in March
/// 2025, merged into phường Nam Định on 01/07/2025. Their findings list
/// under the new ward; a visit planned there (from a plan file) reports the
/// ones still open as carried over.
#[test]
fn the_demo_merger_carries_findings_into_a_planned_visit() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = common::cli::demo_db(dir.path());
    let e: Value = serde_json::from_str(&ok(&db, &["export"])).expect("JSON");
    let unit = |code: &str| by_code(&e["units"], code);
    let new = unit("P-NAMDINH");
    assert_eq!(new["valid_from"], "2025-07-01");
    for old in ["P-CB", "P-NT"] {
        assert_eq!(unit(old)["valid_to"], "2025-06-30", "{old}");
        assert_eq!(unit(old)["successor"], new["id"], "{old}");
    }

    let rows = |args: &[&str]| -> Vec<Value> {
        let mut all = vec!["findings", "--format", "json", "--today", TODAY];
        all.extend_from_slice(args);
        serde_json::from_str(&ok(&db, &all)).expect("JSON")
    };
    let listed = rows(&["--unit", "P-NAMDINH"]);
    assert_eq!(listed.len(), 3, "{listed:?}");
    assert!(listed.iter().all(|r| r["unit_code"] == "P-NAMDINH"));
    let mut formerly: Vec<&str> = listed
        .iter()
        .map(|r| r["formerly_code"].as_str().expect("formerly"))
        .collect();
    formerly.sort_unstable();
    assert_eq!(formerly, ["P-CB", "P-NT", "P-NT"]);
    let overdue = references(&rows(&["--unit", "P-NAMDINH", "--overdue"]));
    assert_eq!(overdue.len(), 2, "{overdue:?}");
    assert!(overdue.iter().all(|r| r.starts_with("HK-2025-01-")));

    // Plan a visit to the new ward, and report it.
    let plan = dir.path().join("plan.toml");
    std::fs::write(
        &plan,
        "[visit]\ncode = \"HK-2026-05\"\ntitle = \"Hậu kiểm phường Nam Định\"\n\
         kind = \"hậu kiểm\"\nplan_no = \"70-KH/TU\"\nfrom = \"23/11/2026\"\n\
         to = \"27/11/2026\"\ntemplate = \"HK-KD\"\n\n\
         [[team]]\nname = \"Trần Quang Vinh\"\nrole = \"trưởng đoàn\"\n\n\
         [[units]]\ncode = \"P-NAMDINH\"\ninspector = \"Trần Quang Vinh\"\n",
    )
    .expect("write");
    ok(&db, &["import", plan.to_str().expect("UTF-8")]);
    let csv = ok(
        &db,
        &["report", "HK-2026-05", "--format", "csv", "--today", TODAY],
    );
    let section = csv
        .split(CARRIED)
        .nth(1)
        .unwrap_or_else(|| panic!("the section: {csv}"));
    for r in &overdue {
        assert!(section.contains(r.as_str()), "{r}: {section}");
    }
    assert!(
        section.contains("trước đây: Đảng bộ phường Cửa Bắc"),
        "{section}"
    );
    assert!(section.contains("trước đây: Đảng bộ phường Năng Tĩnh"));
    // The verified one is not re-checked.
    let verified = listed
        .iter()
        .find(|r| r["status"] == "xm")
        .expect("a verified finding");
    assert!(!section.contains(verified["reference"].as_str().expect("ref")));
}
