//! Golden files of the record envelope: one fixed value per record kind,
//! encoded once and kept in `tests/golden/<kind>.bin`. Decoding each file must
//! give exactly the value, and encoding the value must give exactly the file,
//! so any silent change of the stored format (a field added, reordered or
//! retyped, a serde or bincode behaviour change) fails here.
//!
//! `HAUKIEM_BLESS=1 cargo test --test golden` rewrites the files — only for
//! an intended format change, which then needs a schema bump and a migration.

mod common;

use std::fmt::Debug;
use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use haukiem::domain::{
    Answer, Change, Event, Finding, FindingStatus, FollowUp, Id, Item, Op, Responsibility,
    ResponsibilityKind, Section, Sector, Severity, Target, TeamMember, TeamRole, Template, Unit,
    UnitKind, Verdict, Visit, VisitKind, VisitStatus,
};
use haukiem::store::format::{self as codec, CodecError};
use serde::Serialize;
use serde::de::DeserializeOwned;

use common::build::date;

fn id(n: u128) -> Id {
    Id::from_u128(0x0193_4b2a_7c00_7000_8000_0000_0000_0000 | n)
}

fn time(d: u32, h: u32, min: u32, micros: u32) -> DateTime<Utc> {
    let t = Utc
        .with_ymd_and_hms(2026, 11, d, h, min, 7)
        .single()
        .expect("valid time");
    t + chrono::Duration::microseconds(i64::from(micros))
}

fn golden_unit() -> Unit {
    Unit {
        id: id(1),
        code: "CB-TCKH".into(),
        name: "Chi bộ Phòng Tài chính – Kế hoạch".into(),
        kind: UnitKind::SubordinateCell,
        sector: Sector::Agency,
        parent: Some(id(2)),
        secretary: "Nguyễn Thị Hương".into(),
        members: 17,
        valid_from: Some(date(2020, 1, 1)),
        valid_to: None,
    }
}

fn golden_template() -> Template {
    Template {
        id: id(3),
        code: "PKT-HK".into(),
        version: 2,
        title: "Phiếu hậu kiểm việc khắc phục hạn chế, khuyết điểm".into(),
        legal_bases: vec![
            "Quy định số 22-QĐ/TW ngày 28/7/2021".into(),
            "Hướng dẫn số 02-HD/UBKTTW".into(),
        ],
        sections: vec![
            Section {
                code: "I".into(),
                title: "Sinh hoạt chi bộ".into(),
                items: vec![
                    Item {
                        code: "I.1".into(),
                        text: "Duy trì sinh hoạt định kỳ hằng tháng".into(),
                        evidence: "Sổ ghi biên bản sinh hoạt chi bộ".into(),
                        critical: true,
                    },
                    Item {
                        code: "I.2".into(),
                        text: "Sinh hoạt chuyên đề ít nhất một quý một lần".into(),
                        evidence: String::new(),
                        critical: false,
                    },
                ],
            },
            Section {
                code: "VI".into(),
                title: "Kiểm điểm, tự phê bình và phê bình".into(),
                items: vec![Item {
                    code: "VI.1".into(),
                    text: "Xây dựng kế hoạch khắc phục sau kiểm điểm".into(),
                    evidence: "Kế hoạch, báo cáo kết quả".into(),
                    critical: false,
                }],
            },
        ],
    }
}

fn golden_visit() -> Visit {
    Visit {
        id: id(4),
        code: "HK-2026-03".into(),
        doc_number: "12-KH/ĐUK".into(),
        title: "Hậu kiểm việc khắc phục hạn chế, khuyết điểm sau kiểm điểm năm 2025".into(),
        kind: VisitKind::FollowUp,
        template: id(3),
        issuer: "Ủy ban Kiểm tra Đảng ủy Khối".into(),
        place: "Nam Định".into(),
        team: vec![
            TeamMember {
                name: "Trần Văn Hùng".into(),
                role: TeamRole::Lead,
            },
            TeamMember {
                name: "Phạm Thị Ngọc Ánh".into(),
                role: TeamRole::Secretary,
            },
        ],
        start: date(2026, 3, 16),
        end: date(2026, 3, 27),
        units: vec![id(1), id(5)],
        status: VisitStatus::InProgress,
    }
}

fn golden_answer() -> Answer {
    Answer {
        visit: id(4),
        unit: id(1),
        item: "I.1".into(),
        verdict: Verdict::Partial,
        note: "Tháng 7 và tháng 8 không sinh hoạt; đã họp bù".into(),
        evidence: "Sổ biên bản quyển 3".into(),
        by: "Trần Văn Hùng".into(),
        at: time(20, 9, 15, 123_456),
    }
}

/// A verified finding whose history has every kind of event.
fn golden_finding() -> Finding {
    let step = |date: NaiveDate, at: DateTime<Utc>, event: Event, note: &str| FollowUp {
        date,
        at,
        by: "Phạm Thị Ngọc Ánh".into(),
        event,
        note: note.into(),
    };
    Finding {
        id: id(6),
        reference: "HK-2026-03-KQX07".into(),
        unit: id(1),
        visit: id(4),
        item: Some("I.1".into()),
        title: "Sinh hoạt chi bộ chưa đều đặn".into(),
        detail: "Hai tháng liền không tổ chức sinh hoạt định kỳ".into(),
        cause: "Bí thư chi bộ đi công tác dài ngày, chưa phân công người thay".into(),
        responsibility: Responsibility {
            kind: ResponsibilityKind::Individual,
            name: "Đồng chí Lê Văn Đức, Bí thư chi bộ".into(),
        },
        remedy: "Họp bù, phân công phó bí thư chủ trì khi bí thư vắng".into(),
        severity: Severity::Serious,
        due: date(2026, 9, 30),
        status: FindingStatus::Verified,
        created: date(2026, 3, 27),
        history: vec![
            step(date(2026, 3, 27), time(1, 8, 0, 0), Event::Created, ""),
            step(
                date(2026, 4, 10),
                time(2, 10, 30, 1),
                Event::Status {
                    from: FindingStatus::Open,
                    to: FindingStatus::InProgress,
                },
                "Chi bộ đã họp, thống nhất kế hoạch",
            ),
            step(
                date(2026, 6, 25),
                time(3, 14, 5, 999_999),
                Event::Extended {
                    from: date(2026, 6, 30),
                    to: date(2026, 9, 30),
                },
                "Đơn vị xin gia hạn do sáp nhập phòng",
            ),
            step(
                date(2026, 8, 1),
                time(4, 16, 45, 500_000),
                Event::Note,
                "Đã sinh hoạt đủ tháng 6, 7 — có biên bản",
            ),
            step(
                date(2026, 9, 15),
                time(5, 9, 0, 42),
                Event::Status {
                    from: FindingStatus::InProgress,
                    to: FindingStatus::Remediated,
                },
                "Đơn vị báo cáo đã khắc phục",
            ),
            step(
                date(2026, 10, 2),
                time(6, 11, 11, 11),
                Event::Status {
                    from: FindingStatus::Remediated,
                    to: FindingStatus::Verified,
                },
                "Đoàn đã kiểm tra sổ biên bản, xác nhận",
            ),
        ],
    }
}

fn op(n: u128, change: Change, reason: Option<&str>) -> Op {
    Op {
        id: id(0x100 + n),
        at: time(20, 8, 30, u32::try_from(n).expect("small")),
        actor: "Phạm Thị Ngọc Ánh".into(),
        device: id(0xDE),
        target: change.target().expect("a target"),
        change,
        reason: reason.map(Into::into),
    }
}

/// Op creating a unit.
fn golden_op_unit() -> Op {
    op(1, Change::create(golden_unit()), None)
}

/// Op creating a template.
fn golden_op_template() -> Op {
    op(2, Change::create(golden_template()), None)
}

/// Op changing a visit (both sides present).
fn golden_op_visit() -> Op {
    let old = golden_visit();
    let mut new = old.clone();
    new.status = VisitStatus::Concluded;
    op(3, Change::update(old, new), Some("Kết thúc đợt hậu kiểm"))
}

/// Op deleting an answer.
fn golden_op_answer() -> Op {
    op(
        4,
        Change::delete(golden_answer()),
        Some("undo 01934b2a-7c00-7000-8000-000000000104"),
    )
}

/// Op changing a finding: the last step of its history.
fn golden_op_finding() -> Op {
    let new = golden_finding();
    let mut old = new.clone();
    old.history.pop();
    old.status = FindingStatus::Remediated;
    op(
        5,
        Change::update(old, new),
        Some("Xác minh kết quả khắc phục"),
    )
}

fn path(kind: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("golden")
        .join(format!("{kind}.bin"))
}

fn golden<T>(kind: &str, value: &T)
where
    T: Serialize + DeserializeOwned + PartialEq + Debug,
{
    let file = path(kind);
    let encoded = codec::encode(value).expect("encode");
    if std::env::var("HAUKIEM_BLESS").is_ok_and(|v| v == "1") {
        std::fs::create_dir_all(file.parent().expect("a parent")).expect("create tests/golden");
        std::fs::write(&file, &encoded).expect("write golden file");
        eprintln!("blessed {} ({} bytes)", file.display(), encoded.len());
    }
    let bytes = std::fs::read(&file).unwrap_or_else(|e| {
        panic!(
            "{}: {e}; create it with HAUKIEM_BLESS=1 cargo test --test golden",
            file.display()
        )
    });

    assert_eq!(
        &bytes[..4],
        &[codec::FORMAT, codec::CODEC_BINCODE2, 0, 1],
        "{kind}: envelope header"
    );
    assert_eq!(codec::schema_of(&bytes), Ok(codec::SCHEMA));
    let decoded: T = codec::decode(&bytes)
        .unwrap_or_else(|e| panic!("{kind}: the golden file no longer decodes: {e}"));
    assert_eq!(&decoded, value, "{kind}: decoded value differs");
    assert!(
        encoded == bytes,
        "{kind}: the encoding changed ({} bytes now, {} in {}); a format change needs a schema bump and a migration",
        encoded.len(),
        bytes.len(),
        file.display()
    );

    // One byte too many.
    let mut longer = bytes.clone();
    longer.push(0);
    assert_eq!(
        codec::decode::<T>(&longer),
        Err(CodecError::Trailing(1)),
        "{kind}: appended byte"
    );
    // One byte too few: a clean error, no panic.
    let shorter = &bytes[..bytes.len() - 1];
    match codec::decode::<T>(shorter) {
        Err(CodecError::Body(_)) => {}
        other => panic!("{kind}: truncated record gave {other:?}"),
    }
    // Every shorter prefix fails cleanly too.
    for n in 0..bytes.len() {
        assert!(
            codec::decode::<T>(&bytes[..n]).is_err(),
            "{kind}: a {n}-byte prefix decoded"
        );
    }
}

#[test]
fn unit() {
    golden("unit", &golden_unit());
}

#[test]
fn template() {
    golden("template", &golden_template());
}

#[test]
fn visit() {
    golden("visit", &golden_visit());
}

#[test]
fn answer() {
    golden("answer", &golden_answer());
}

#[test]
fn finding() {
    let f = golden_finding();
    // The history covers every kind of event, and is a valid one.
    let kinds: Vec<&Event> = f.history.iter().map(|h| &h.event).collect();
    assert!(kinds.contains(&&Event::Created));
    assert!(kinds.contains(&&Event::Note));
    assert!(kinds.iter().any(|e| matches!(e, Event::Status { .. })));
    assert!(kinds.iter().any(|e| matches!(e, Event::Extended { .. })));
    f.validate().expect("the golden finding is valid");
    golden("finding", &f);
}

#[test]
fn op_unit() {
    golden("op_unit", &golden_op_unit());
}

#[test]
fn op_template() {
    golden("op_template", &golden_op_template());
}

#[test]
fn op_visit() {
    golden("op_visit", &golden_op_visit());
}

#[test]
fn op_answer() {
    let o = golden_op_answer();
    assert!(matches!(o.target, Target::Answer { .. }));
    golden("op_answer", &o);
}

#[test]
fn op_finding() {
    golden("op_finding", &golden_op_finding());
}
