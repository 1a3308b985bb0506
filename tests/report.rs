//! Reports of a visit: every figure is recounted here from the store's
//! findings and answers (never from the report code), the XLSX is read back
//! with calamine, the HTML is checked to be balanced and self-contained, the
//! Markdown is snapshotted, and the empty cases and wrong codes are covered.

mod common;

use std::collections::{BTreeSet, HashMap};
use std::io::Cursor;
use std::path::Path;

use assert_cmd::Command;
use calamine::{Data, Reader, Xlsx};
use haukiem::domain::text::vi_cmp;
use haukiem::domain::{Finding, FindingStatus, Id, Verdict};
use haukiem::report::{self, Cell, Format, Report};
use haukiem::store::Store;
use tempfile::TempDir;

use common::build::{TODAY, at, date, today};
use common::cli::{demo_db, ok};

#[path = "report/seed.rs"]
mod seed;
use seed::{Seeded, seed};

fn build(s: &Seeded, visit: &str, unit: Option<&str>) -> Report {
    report::build(&s.store, visit, unit, today()).expect("the report builds")
}

fn text(c: &Cell) -> String {
    c.display()
}
fn int(c: &Cell) -> u64 {
    match c {
        Cell::Int(n) => *n,
        other => panic!("not a count: {other:?}"),
    }
}

// ------------------------------------------------------------------ recounts

/// (name, [total, đã KP, đang KP, chưa KP, quá hạn]) per unit of the visit, in Vietnamese order.
fn recount_rates(store: &Store, code: &str) -> Vec<(String, [u64; 5])> {
    let v = store.visit_by_code(code).expect("read").expect("visit");
    let findings = store.findings_of_visit(v.id).expect("findings");
    let mut out: Vec<(String, [u64; 5])> = v
        .units
        .iter()
        .map(|id| {
            let name = store.unit(*id).expect("read").expect("unit").name;
            let mut c = [0; 5];
            for f in findings.iter().filter(|f| f.unit == *id) {
                c[0] += 1;
                let i = match f.status {
                    FindingStatus::Verified => 1,
                    FindingStatus::InProgress | FindingStatus::Remediated => 2,
                    FindingStatus::Open | FindingStatus::Unremediable => 3,
                };
                c[i] += 1;
                let active = matches!(f.status, FindingStatus::Open | FindingStatus::InProgress);
                c[4] += u64::from(active && f.due < today());
            }
            (name, c)
        })
        .collect();
    out.sort_by(|a, b| vi_cmp(&a.0, &b.0));
    out
}

#[test]
fn rates_match_a_recount_in_vietnamese_order() {
    let dir = TempDir::new().expect("tempdir");
    let s = seed(dir.path());
    let r = build(&s, "HK-2026-01", None);
    let expected = recount_rates(&s.store, "HK-2026-01");
    let names: Vec<String> = expected.iter().map(|e| e.0.clone()).collect();
    assert_eq!(
        names,
        [
            "Chi bộ Tổ dân phố số 2",
            "Đảng bộ phường Quang Trung",
            "Đảng bộ xã Đông Sơn"
        ]
    );
    assert_eq!(r.rates.rows.len(), expected.len());
    let mut sum = [0u64; 5];
    for (row, (name, c)) in r.rates.rows.iter().zip(&expected) {
        assert_eq!(&text(&row[1]), name);
        let got: Vec<u64> = row[3..8].iter().map(int).collect();
        assert_eq!(got, c, "{name}");
        assert_eq!(
            row[8],
            Cell::Percent {
                num: c[1],
                den: c[0]
            }
        );
        for i in 0..5 {
            sum[i] += c[i];
        }
    }
    let total = r.rates.total.as_ref().expect("a total row");
    assert_eq!(text(&total[1]), "Tổng");
    assert_eq!(total[3..8].iter().map(int).collect::<Vec<_>>(), sum);
    assert_eq!(
        text(&total[8]),
        haukiem::domain::text::format_percent(sum[1], sum[0])
    );
    // The unit never checked: a note, no division by zero.
    let last = &r.rates.rows[2];
    assert_eq!(text(&last[8]), "—");
    assert!(text(&last[9]).contains("Chưa có kết quả kiểm tra"));
    assert!(r.rates.notes[0].contains("Đã KP: đã khắc phục, Đoàn giám sát đã xác minh"));
}

#[test]
fn sections_and_checklist_match_a_recount() {
    let dir = TempDir::new().expect("tempdir");
    let s = seed(dir.path());
    let store = &s.store;
    let r = build(&s, "HK-2026-01", None);
    let v = store
        .visit_by_code("HK-2026-01")
        .expect("read")
        .expect("visit");
    let tpl = store.template(v.template).expect("read").expect("template");
    let findings = store.findings_of_visit(v.id).expect("findings");
    let earlier: Vec<Id> = store
        .visits()
        .expect("visits")
        .iter()
        .filter(|e| e.start < v.start)
        .map(|e| e.id)
        .collect();
    for (row, section) in r.sections.rows.iter().zip(&tpl.sections) {
        let of: Vec<&Finding> = findings
            .iter()
            .filter(|f| {
                f.item.as_deref().and_then(|i| i.split('.').next()) == Some(section.code.as_str())
            })
            .collect();
        let units: BTreeSet<Id> = of.iter().map(|f| f.unit).collect();
        // Remedied: verified by a team, not merely reported by the unit.
        let done = of
            .iter()
            .filter(|f| f.status == FindingStatus::Verified)
            .count();
        let repeated = of
            .iter()
            .filter(|f| {
                earlier.iter().any(|e| {
                    let a = store
                        .answer(*e, f.unit, f.item.as_deref().unwrap_or_default())
                        .expect("read");
                    a.is_some_and(|a| matches!(a.verdict, Verdict::Fail | Verdict::Partial))
                })
            })
            .count();
        assert_eq!(text(&row[0]), section.code);
        let got: Vec<u64> = [&row[2], &row[3], &row[4], &row[6]]
            .into_iter()
            .map(int)
            .collect();
        assert_eq!(
            got,
            [units.len(), of.len(), done, repeated].map(|n| n as u64),
            "section {}",
            section.code
        );
    }
    // I: two findings at two units, one repeated (P-QT failed I.1 in 2025); III: repeated too.
    assert_eq!(int(&r.sections.rows[0][6]), 1);
    assert_eq!(int(&r.sections.rows[2][6]), 1);
    // The finding with no item has its own row.
    assert_eq!(r.sections.rows.len(), tpl.sections.len() + 1);
    assert_eq!(int(&r.sections.rows[3][3]), 1);
    let total = r.sections.total.as_ref().expect("total");
    assert_eq!(int(&total[2]), 2, "units with a finding, counted once");
    assert_eq!(int(&total[3]), findings.len() as u64);

    // Verdicts per section over every unit × item (unanswered = chưa kiểm tra).
    let order = [
        Verdict::Pass,
        Verdict::Partial,
        Verdict::Fail,
        Verdict::NotApplicable,
        Verdict::Unchecked,
    ];
    for (row, section) in r.checklist.rows.iter().zip(&tpl.sections) {
        let mut c = [0u64; 5];
        for u in &v.units {
            for item in &section.items {
                let verdict = store
                    .answer(v.id, *u, &item.code)
                    .expect("read")
                    .map_or(Verdict::Unchecked, |a| a.verdict);
                c[order.iter().position(|o| *o == verdict).expect("a verdict")] += 1;
            }
        }
        assert_eq!(
            row[2..7].iter().map(int).collect::<Vec<_>>(),
            c,
            "section {}",
            section.code
        );
    }
    let total = r.checklist.total.as_ref().expect("total");
    assert_eq!(
        total[2..7].iter().map(int).sum::<u64>(),
        (v.units.len() * tpl.item_count()) as u64
    );
}

#[test]
fn appendix_and_due_list_follow_status_and_deadline() {
    let dir = TempDir::new().expect("tempdir");
    let s = seed(dir.path());
    let store = &s.store;
    let r = build(&s, "HK-2026-01", None);
    let v = store
        .visit_by_code("HK-2026-01")
        .expect("read")
        .expect("visit");
    let findings = store.findings_of_visit(v.id).expect("findings");
    // One appendix table per unit, holding exactly that unit's findings.
    let by_name: HashMap<String, Id> = s.units.iter().map(|u| (u.name.clone(), u.id)).collect();
    for (name, t) in &r.appendix {
        let n = findings.iter().filter(|f| f.unit == by_name[name]).count();
        assert_eq!(t.rows.len(), n, "{name}");
    }
    assert_eq!(r.appendix[2].1.rows.len(), 0);
    assert_eq!(r.results.rows.len(), findings.len());
    let advice: HashMap<String, String> = r
        .results
        .rows
        .iter()
        .map(|row| (text(&row[2]), text(&row[9])))
        .collect();
    assert_eq!(advice["HK-2026-01-ABC01"], "Quá hạn 19 ngày — đôn đốc");
    assert_eq!(advice["HK-2026-01-ABC02"], "Tiếp tục theo dõi");
    assert_eq!(advice["HK-2026-01-ABC03"], "Xác minh kết quả khắc phục");
    assert_eq!(advice["HK-2026-01-ABC04"], "Đã xác minh, kết thúc theo dõi");
    assert_eq!(advice["HK-2026-01-ABC05"], "Báo cáo cấp ủy xem xét");
    assert_eq!(
        advice["HK-2026-01-ABC06"],
        "Quá hạn 10 ngày — đề nghị gia hạn"
    );
    let latest = r
        .results
        .rows
        .iter()
        .find(|row| text(&row[2]) == "HK-2026-01-ABC02")
        .expect("row");
    assert_eq!(text(&latest[7]), "05/11/2026: Có biên bản | tháng 11");

    // Due list: active, overdue or due within 7 days; most late first.
    let mut expected: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.status.is_active() && (f.due - today()).num_days() <= 7)
        .collect();
    expected.sort_by_key(|f| f.due);
    let got: Vec<(String, Cell)> = r
        .due
        .rows
        .iter()
        .map(|row| (text(&row[2]), row[5].clone()))
        .collect();
    let want: Vec<(String, Cell)> = expected
        .iter()
        .map(|f| {
            (
                format!("{} ({})", f.title, f.reference),
                Cell::Days((today() - f.due).num_days()),
            )
        })
        .collect();
    assert_eq!(got, want);
    // Days are numbers only: late in one column, left in the next, the
    // other blank.
    assert_eq!(text(&r.due.rows[2][5]), "");
    assert_eq!(text(&r.due.rows[2][6]), "5");
    assert_eq!(text(&r.due.rows[0][5]), "19");
    assert_eq!(text(&r.due.rows[0][6]), "");
    assert_eq!(r.due.columns[6].name, "Số ngày còn lại");
}

#[test]
fn header_names_the_issuer_the_number_and_the_date() {
    let dir = TempDir::new().expect("tempdir");
    let s = seed(dir.path());
    let md = String::from_utf8(
        report::render(&build(&s, "HK-2026-01", None), Format::Markdown).expect("md"),
    )
    .expect("utf-8");
    assert!(md.starts_with(
        "| THÀNH ỦY NAM ĐỊNH<br>**ĐOÀN GIÁM SÁT**<br>\\* | **<u>ĐẢNG CỘNG SẢN VIỆT NAM</u>** |"
    ));
    // The report's number is left blank; the plan's is cited, not reused.
    assert!(md.contains(
        "| Số \u{a0}\u{a0}\u{a0}\u{a0}\u{a0}\u{a0}-BC/ĐGS | *Nam Định, ngày 20 tháng 11 năm 2026* |"
    ));
    assert!(md.contains("Thực hiện Kế hoạch số 45-KH/TU của Ban Thường vụ Thành ủy Nam Định"));
    assert!(
        md.contains("**T/M ĐOÀN GIÁM SÁT**<br>**TRƯỞNG ĐOÀN**<br><br><br><br>**Đặng Quốc Thịnh**")
    );
    assert!(
        !md.contains("HK-2026-01"),
        "no internal visit or finding code in a Party document"
    );
    assert!(
        !md.contains(&s.units[0].id.to_string()),
        "no UUIDs in reports"
    );
    insta::assert_snapshot!("small_visit_md", md);
}

/// The binary on database `db`, with today pinned and the environment cleared.
fn haukiem_on(db: &Path) -> Command {
    let mut cmd = common::cli::haukiem();
    cmd.arg("--db").arg(db).args(["--today", TODAY]);
    cmd
}

/// The demo visit as the demo command loads it (finding references are
/// stable: the demo records them under a fixed device).
#[test]
fn demo_visit_markdown_snapshot() {
    let dir = TempDir::new().expect("tempdir");
    let db = demo_db(dir.path());
    let md = ok(
        &db,
        &["report", "HK-2026-01", "--format", "md", "--today", TODAY],
    );
    insta::assert_snapshot!("demo_visit_md", md);
}

#[path = "report/formats.rs"]
mod formats;
#[path = "report/party.rs"]
mod party;
