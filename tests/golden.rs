//! Golden files of the record envelope: one fixed value per record kind,
//! encoded once and kept in `tests/golden/v<schema>/<kind>.bin`. Decoding
//! each file must give exactly the value, and encoding the value must give
//! exactly the file, so any silent change of the stored format (a field
//! added, reordered or retyped, a serde or bincode behaviour change) fails
//! here.
//!
//! `v1/` holds what the build before schema 2 wrote, bytes unchanged,
//! read with schema 1's frozen types (the migration reads a database so);
//! `v2/` what the build before schema 3 wrote, read with schema 2's
//! frozen types; `v3/` what the build before schema 4 wrote, read with
//! today's types (schema 4 only appended a variant); `v4/` the current schema. `HAUKIEM_BLESS=1 cargo test --test golden`
//! rewrites the current schema's files — only for an intended format
//! change, which then needs a schema bump and a migration.

mod common;
#[path = "golden/v1.rs"]
mod v1;

use std::fmt::Debug;
use std::path::PathBuf;

use haukiem::domain::{
    Change, Event, Finding, FollowUp, Op, Origin, Recheck, Report, Sector, Settle, Severity,
    Target, TeamRole, Template, Unit, Visit, VisitStatus,
};
use haukiem::store::format::{self as codec, CodecError};
use serde::Serialize;
use serde::de::DeserializeOwned;

use common::build::date;
use v1::id;

fn path(schema: u16, kind: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("golden")
        .join(format!("v{schema}"))
        .join(format!("{kind}.bin"))
}

fn golden<T>(schema: u16, kind: &str, value: &T)
where
    T: Serialize + DeserializeOwned + PartialEq + Debug,
{
    let file = path(schema, kind);
    let encoded = codec::encode_as(schema, value).expect("encode");
    if schema == codec::SCHEMA && std::env::var("HAUKIEM_BLESS").is_ok_and(|v| v == "1") {
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

    let [hi, lo] = schema.to_be_bytes();
    assert_eq!(
        &bytes[..4],
        &[codec::FORMAT, codec::CODEC_BINCODE2, hi, lo],
        "{kind}: envelope header"
    );
    assert_eq!(codec::schema_of(&bytes), Ok(schema));
    let decoded: T = codec::decode_as(schema, &bytes)
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
        codec::decode_as::<T>(schema, &longer),
        Err(CodecError::Trailing(1)),
        "{kind}: appended byte"
    );
    // One byte too few: a clean error, no panic.
    let shorter = &bytes[..bytes.len() - 1];
    match codec::decode_as::<T>(schema, shorter) {
        Err(CodecError::Body(_)) => {}
        other => panic!("{kind}: truncated record gave {other:?}"),
    }
    // Every shorter prefix fails cleanly too.
    for n in 0..bytes.len() {
        assert!(
            codec::decode_as::<T>(schema, &bytes[..n]).is_err(),
            "{kind}: a {n}-byte prefix decoded"
        );
    }
}

/// The schema-1 files, read as schema 1 wrote them.
mod schema1 {
    use super::golden;
    use super::v1::*;
    use haukiem::domain::Event;
    use haukiem::store::migrate::v1::Target;

    #[test]
    fn unit() {
        golden(1, "unit", &golden_unit());
    }

    #[test]
    fn template() {
        golden(1, "template", &golden_template());
    }

    #[test]
    fn visit() {
        golden(1, "visit", &golden_visit());
    }

    #[test]
    fn answer() {
        golden(1, "answer", &golden_answer());
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
        haukiem::domain::Finding::from(f.clone())
            .validate()
            .expect("the golden finding is valid");
        golden(1, "finding", &f);
    }

    #[test]
    fn op_unit() {
        golden(1, "op_unit", &golden_op_unit());
    }

    #[test]
    fn op_template() {
        golden(1, "op_template", &golden_op_template());
    }

    #[test]
    fn op_visit() {
        golden(1, "op_visit", &golden_op_visit());
    }

    #[test]
    fn op_answer() {
        let o = golden_op_answer();
        assert!(matches!(o.target, Target::Answer { .. }));
        golden(1, "op_answer", &o);
    }

    #[test]
    fn op_finding() {
        golden(1, "op_finding", &golden_op_finding());
    }
}

/// The schema-2 files, read as schema 2 wrote them: the frozen types of
/// `store::migrate::v2` for what schema 3 changed, the domain's for the rest.
mod schema2 {
    use super::{date, golden, id, v1};
    use haukiem::domain::{
        self, Assignment, FindingStatus, TeamMember, TeamRole, Unit, Visit, VisitStatus,
    };
    use haukiem::store::migrate::v2::{Change, Op};

    /// A unit of schema 2: it merged into another (sáp nhập).
    pub fn golden_unit() -> Unit {
        Unit {
            valid_to: Some(date(2025, 6, 30)),
            successor: Some(id(7)),
            ..v1::golden_unit().into()
        }
    }

    /// A visit of schema 2: plan and decision numbers, a deputy lead, and
    /// a member assigned to one of its units.
    pub fn golden_visit() -> Visit {
        let mut v: Visit = v1::golden_visit().into();
        v.decision_no = "45-QĐ/ĐUK".into();
        v.team.push(TeamMember {
            name: "Vũ Đình Khoa".into(),
            role: TeamRole::DeputyLead,
        });
        v.assignments = vec![Assignment {
            unit: id(5),
            inspector: "Vũ Đình Khoa".into(),
        }];
        v
    }

    pub fn op(n: u128, change: Change, reason: Option<&str>, undoes: Option<u128>) -> Op {
        Op {
            id: id(0x100 + n),
            at: v1::time(20, 8, 30, u32::try_from(n).expect("small")),
            actor: "Phạm Thị Ngọc Ánh".into(),
            device: id(0xDE),
            target: domain::Change::from(change.clone())
                .target()
                .expect("a target"),
            change,
            reason: reason.map(Into::into),
            undoes: undoes.map(id),
        }
    }

    #[test]
    fn unit() {
        let u = golden_unit();
        assert_eq!(u.validate(), Ok(()));
        golden(2, "unit", &u);
    }

    #[test]
    fn template() {
        golden(2, "template", &v1::golden_template());
    }

    #[test]
    fn visit() {
        let v = golden_visit();
        assert_eq!(v.validate(), Ok(()));
        golden(2, "visit", &v);
    }

    #[test]
    fn answer() {
        golden(2, "answer", &v1::golden_answer());
    }

    #[test]
    fn finding() {
        golden(2, "finding", &v1::golden_finding());
    }

    #[test]
    fn op_unit() {
        let change = Change::Unit {
            old: None,
            new: Some(Box::new(golden_unit())),
        };
        golden(2, "op_unit", &op(1, change, None, None));
    }

    #[test]
    fn op_template() {
        let change = Change::Template {
            old: None,
            new: Some(Box::new(v1::golden_template())),
        };
        golden(2, "op_template", &op(2, change, None, None));
    }

    #[test]
    fn op_visit() {
        let old = golden_visit();
        let mut new = old.clone();
        new.status = VisitStatus::Concluded;
        let change = Change::Visit {
            old: Some(Box::new(old)),
            new: Some(Box::new(new)),
        };
        let o = op(3, change, Some("Kết thúc đợt hậu kiểm"), None);
        golden(2, "op_visit", &o);
    }

    /// A compensating op: it names the op it undoes.
    #[test]
    fn op_answer() {
        let change = Change::Answer {
            old: Some(Box::new(v1::golden_answer())),
            new: None,
        };
        let o = op(4, change, None, Some(0x104));
        assert!(matches!(o.target, domain::Target::Answer { .. }));
        golden(2, "op_answer", &o);
    }

    #[test]
    fn op_finding() {
        let new = v1::golden_finding();
        let mut old = new.clone();
        old.history.pop();
        old.status = FindingStatus::Remediated;
        let change = Change::Finding {
            old: Some(Box::new(old)),
            new: Some(Box::new(new)),
        };
        let o = op(5, change, Some("Xác minh kết quả khắc phục"), None);
        golden(2, "op_finding", &o);
    }
}

/// A template of schema 3: one item answered only by communes and agencies.
fn golden_template() -> Template {
    let mut t: Template = v1::golden_template().into();
    t.sections[0].items[1].sectors = vec![Sector::Locality, Sector::Agency];
    t
}

/// A finding of schema 3: identified at the review, named in the upper
/// committee's thông báo kết luận, and re-checked during a visit.
fn golden_finding() -> Finding {
    let mut f: Finding = v1::golden_finding().into();
    f.origin = Origin::Review {
        doc: "87-TB/TU".into(),
        date: Some(date(2026, 1, 15)),
    };
    f.history.push(FollowUp {
        date: date(2026, 10, 2),
        at: v1::time(6, 11, 12, 0),
        by: "Phạm Thị Ngọc Ánh".into(),
        event: Event::Recheck {
            visit: id(4),
            outcome: Recheck::Done,
        },
        note: "Đã rà soát HK-2026-03: đã khắc phục".into(),
    });
    f
}

/// The thông báo kết luận to a unit, its report-back day set.
fn golden_report() -> Report {
    Report {
        visit: id(4),
        unit: Some(id(1)),
        situation: "Chi bộ có 17 đảng viên, 3 tổ đảng".into(),
        strengths: "Cấp ủy quan tâm lãnh đạo việc khắc phục".into(),
        weaknesses: "Sinh hoạt chuyên đề chưa đều".into(),
        causes: "Chủ quan: cấp ủy chưa sâu sát.\nKhách quan: sáp nhập phòng.".into(),
        responsibility: "Tập thể chi ủy; đồng chí Bí thư chi bộ".into(),
        proposals: "Báo cáo kết quả khắc phục trước ngày 30/06/2026".into(),
        recipients: "- Như trên,\n- Lưu VP.".into(),
        report_by: Some(date(2026, 6, 30)),
        reported_on: None,
        by: "Trần Văn Hùng".into(),
        at: v1::time(21, 16, 0, 7),
    }
}

/// Schema 4 only appended a variant (the settlement of a conflict):
/// what schema 3 wrote reads as it was, and schema 4 writes it the same
/// but for the schema in its envelope.
fn both<T>(kind: &str, value: &T)
where
    T: Serialize + DeserializeOwned + PartialEq + Debug,
{
    golden(3, kind, value);
    golden(4, kind, value);
}

/// An op as schema 3 wrote it (read with its frozen type), and as schema
/// 4 writes it: with this laptop's count of its ops and the op it was
/// made on.
fn ops_both(kind: &str, o: &Op) {
    golden(3, kind, &haukiem::store::migrate::v3::Op::from(o.clone()));
    let u = u64::try_from(o.id.as_u128() & 0xFF).expect("small");
    let counted = Op {
        seq: u,
        base: (u > 1).then(|| id(o.id.as_u128() - 1)),
        ..o.clone()
    };
    golden(4, kind, &counted);
}

fn op(n: u128, change: Change, reason: Option<&str>, undoes: Option<u128>) -> Op {
    Op {
        id: id(0x100 + n),
        at: v1::time(20, 8, 30, u32::try_from(n).expect("small")),
        actor: "Phạm Thị Ngọc Ánh".into(),
        device: id(0xDE),
        target: change.target().expect("a target"),
        change,
        reason: reason.map(Into::into),
        undoes: undoes.map(id),
        merge: false,
        seq: 0,
        base: None,
    }
}

#[test]
fn unit() {
    both("unit", &schema2::golden_unit());
}

#[test]
fn template() {
    let t = golden_template();
    assert_eq!(t.validate(), Ok(()));
    both("template", &t);
}

#[test]
fn visit() {
    both("visit", &schema2::golden_visit());
}

#[test]
fn answer() {
    both("answer", &v1::golden_answer());
}

#[test]
fn finding() {
    let f = golden_finding();
    assert_eq!(f.validate(), Ok(()));
    both("finding", &f);
}

#[test]
fn report() {
    let r = golden_report();
    assert_eq!(r.validate(), Ok(()));
    both("report", &r);
}

#[test]
fn op_unit() {
    let change = Change::create(schema2::golden_unit());
    ops_both("op_unit", &op(1, change, None, None));
}

#[test]
fn op_template() {
    ops_both(
        "op_template",
        &op(2, Change::create(golden_template()), None, None),
    );
}

#[test]
fn op_visit() {
    let old = schema2::golden_visit();
    let mut new = old.clone();
    new.status = VisitStatus::Concluded;
    let change = Change::update(old, new);
    ops_both(
        "op_visit",
        &op(3, change, Some("Kết thúc đợt hậu kiểm"), None),
    );
}

/// A compensating op: it names the op it undoes.
#[test]
fn op_answer() {
    let o = op(4, Change::delete(v1::golden_answer()), None, Some(0x104));
    assert!(matches!(o.target, Target::Answer { .. }));
    ops_both("op_answer", &o);
}

#[test]
fn op_finding() {
    let new = golden_finding();
    let mut old = new.clone();
    old.history.pop();
    let change = Change::update(old, new);
    ops_both(
        "op_finding",
        &op(5, change, Some("Rà soát trong đợt"), None),
    );
}

#[test]
fn op_report() {
    let o = op(6, Change::create(golden_report()), None, None);
    assert_eq!(
        o.target,
        Target::Report {
            visit: id(4),
            unit: Some(id(1))
        }
    );
    ops_both("op_report", &o);
}

/// A laptop's record of a merge: recorded, not applied, where imported.
#[test]
fn op_merge() {
    let new = golden_finding();
    let mut old = new.clone();
    old.history.pop();
    let o = Op {
        merge: true,
        ..op(7, Change::update(old, new), None, None)
    };
    ops_both("op_merge", &o);
}

/// The settlement of a conflict (schema 4): the conflict it names, on
/// the finding it is on.
#[test]
fn op_settle() {
    let o = op(
        8,
        Change::Settle(Box::new(Settle {
            target: Target::Finding(id(3)),
            conflict: id(0x107),
            reopen: false,
        })),
        None,
        None,
    );
    assert_eq!(o.target, Target::Conflict(Box::new(Target::Finding(id(3)))));
    golden(4, "op_settle", &o);
}

/// What the migration makes of each schema-1 record is the schema-2 value
/// without what schema 1 could not say.
#[test]
fn schema_1_records_convert_to_schema_2() {
    use haukiem::store::migrate::v2;
    let unit: Unit = v1::golden_unit().into();
    assert_eq!(unit.successor, None);
    assert_eq!(unit.code, "CB-TCKH");
    let visit: Visit = v1::golden_visit().into();
    assert_eq!(visit.plan_no, "12-KH/ĐUK");
    assert_eq!(visit.decision_no, "");
    assert!(visit.assignments.is_empty());
    assert_eq!(visit.team[1].role, TeamRole::Secretary);
    // "undo <id>" in the reason becomes `undoes`.
    let undo: v2::Op = v1::golden_op_answer().into();
    assert_eq!(undo.undoes, Some(id(0x104)));
    assert_eq!(undo.reason, None);
    assert_eq!(
        Change::from(undo.change),
        Change::delete(v1::golden_answer())
    );
    // Any other reason stays a reason.
    let closing: v2::Op = v1::golden_op_visit().into();
    assert_eq!(closing.undoes, None);
    assert_eq!(closing.reason.as_deref(), Some("Kết thúc đợt hậu kiểm"));
    let v2::Change::Visit { new: Some(v), .. } = &closing.change else {
        panic!("a visit change: {:?}", closing.change);
    };
    assert_eq!(v.status, VisitStatus::Concluded);
    assert_eq!(v.plan_no, "12-KH/ĐUK");
    let f: v2::Op = v1::golden_op_finding().into();
    let v2::Change::Finding { new: Some(f), .. } = &f.change else {
        panic!("a finding change");
    };
    assert!(f.history.iter().any(|h| h.event == Event::Note));
}

/// What the migration makes of each schema-2 record: every checklist item
/// for every sector, every finding found during its visit, the severities
/// in their places under their new names.
#[test]
fn schema_2_records_convert_to_schema_3() {
    let t: Template = v1::golden_template().into();
    assert!(t.items().all(|(_, i)| i.sectors.is_empty()));
    assert_eq!(t.items_for(Sector::Enterprise).count(), 3);
    let f: Finding = v1::golden_finding().into();
    assert_eq!(f.origin, Origin::Visit);
    assert_eq!(f.severity, Severity::Violation);
    assert_eq!(f.validate(), Ok(()));
    let op: Op = schema2::op(
        5,
        haukiem::store::migrate::v2::Change::Finding {
            old: None,
            new: Some(Box::new(v1::golden_finding())),
        },
        None,
        None,
    )
    .into();
    assert_eq!(op.change, Change::create(f));
    assert_eq!(op.target, Target::Finding(id(6)));
}
