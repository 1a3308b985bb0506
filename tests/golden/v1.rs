//! The schema-1 golden values, built with the frozen types of schema 1
//! (`store::migrate::v1`) for the records whose encoding changed by schema
//! 2, of schema 2 (`store::migrate::v2`) for those schema 3 changed, and
//! the domain's for the others: the bytes in `tests/golden/v1/` are what
//! the build before schema 2 wrote, and the migration reads them this way.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use haukiem::domain::{
    Answer, Event, FindingStatus, FollowUp, Id, Responsibility, ResponsibilityKind, Sector,
    Severity, UnitKind, Verdict, VisitKind, VisitStatus,
};
use haukiem::store::migrate::v1::{Change, Op, Target, TeamMember, TeamRole, Unit, Visit};
use haukiem::store::migrate::v2::{Finding, Item, Section, Template};

use crate::common::build::date;

pub fn id(n: u128) -> Id {
    Id::from_u128(0x0193_4b2a_7c00_7000_8000_0000_0000_0000 | n)
}

pub fn time(d: u32, h: u32, min: u32, micros: u32) -> DateTime<Utc> {
    let t = Utc
        .with_ymd_and_hms(2026, 11, d, h, min, 7)
        .single()
        .expect("valid time");
    t + chrono::Duration::microseconds(i64::from(micros))
}

pub fn golden_unit() -> Unit {
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

pub fn golden_template() -> Template {
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

pub fn golden_visit() -> Visit {
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

pub fn golden_answer() -> Answer {
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
pub fn golden_finding() -> Finding {
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
        severity: Severity::Violation,
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

fn op(n: u128, target: Target, change: Change, reason: Option<&str>) -> Op {
    Op {
        id: id(0x100 + n),
        at: time(20, 8, 30, u32::try_from(n).expect("small")),
        actor: "Phạm Thị Ngọc Ánh".into(),
        device: id(0xDE),
        target,
        change,
        reason: reason.map(Into::into),
    }
}

/// Op creating a unit.
pub fn golden_op_unit() -> Op {
    let u = golden_unit();
    op(
        1,
        Target::Unit(u.id),
        Change::Unit {
            old: None,
            new: Some(Box::new(u)),
        },
        None,
    )
}

/// Op creating a template.
pub fn golden_op_template() -> Op {
    let t = golden_template();
    op(
        2,
        Target::Template(t.id),
        Change::Template {
            old: None,
            new: Some(Box::new(t)),
        },
        None,
    )
}

/// Op changing a visit (both sides present).
pub fn golden_op_visit() -> Op {
    let old = golden_visit();
    let mut new = old.clone();
    new.status = VisitStatus::Concluded;
    op(
        3,
        Target::Visit(old.id),
        Change::Visit {
            old: Some(Box::new(old)),
            new: Some(Box::new(new)),
        },
        Some("Kết thúc đợt hậu kiểm"),
    )
}

/// Op deleting an answer.
pub fn golden_op_answer() -> Op {
    let a = golden_answer();
    op(
        4,
        Target::Answer {
            visit: a.visit,
            unit: a.unit,
            item: a.item.clone(),
        },
        Change::Answer {
            old: Some(Box::new(a)),
            new: None,
        },
        Some("undo 01934b2a-7c00-7000-8000-000000000104"),
    )
}

/// Op changing a finding: the last step of its history.
pub fn golden_op_finding() -> Op {
    let new = golden_finding();
    let mut old = new.clone();
    old.history.pop();
    old.status = FindingStatus::Remediated;
    op(
        5,
        Target::Finding(new.id),
        Change::Finding {
            old: Some(Box::new(old)),
            new: Some(Box::new(new)),
        },
        Some("Xác minh kết quả khắc phục"),
    )
}
