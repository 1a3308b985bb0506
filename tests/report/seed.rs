//! The data the report tests run on, built through the store's one write
//! path: three units (one never answered), an earlier visit, the visit under
//! report with findings in every state, and a visit with no findings.

use std::path::Path;

use chrono::NaiveDate;
use haukiem::domain::finding::Stamp;
use haukiem::domain::{
    Answer, Change, Event, Finding, FindingStatus, FollowUp, Id, Item, Responsibility,
    ResponsibilityKind, Section, Sector, Severity, TeamMember, TeamRole, Template, Unit, UnitKind,
    Verdict, Visit, VisitKind, VisitStatus, new_id,
};
use haukiem::store::Store;

use super::{at, date};

fn template() -> Template {
    let item = |code: &str, text: &str| Item {
        code: code.into(),
        text: text.into(),
        evidence: "Sổ biên bản".into(),
        critical: false,
        sectors: Vec::new(),
    };
    let section = |code: &str, title: &str, items: Vec<Item>| Section {
        code: code.into(),
        title: title.into(),
        items,
    };
    Template {
        id: new_id(),
        code: "HK-T".into(),
        version: 1,
        title: "Hậu kiểm khắc phục".into(),
        legal_bases: vec!["Quy định số 296-QĐ/TW ngày 30/5/2025".into()],
        sections: vec![
            section(
                "I",
                "Kế hoạch khắc phục",
                vec![item("I.1", "Có kế hoạch"), item("I.2", "Có kết quả")],
            ),
            section(
                "II",
                "Sinh hoạt chi bộ",
                vec![item("II.1", "Hằng tháng"), item("II.2", "Chuyên đề")],
            ),
            section(
                "III",
                "Khiếu nại, tố cáo",
                vec![item("III.1", "Sổ theo dõi")],
            ),
        ],
    }
}

fn unit(code: &str, name: &str, sector: Sector) -> Unit {
    Unit {
        id: new_id(),
        code: code.into(),
        name: name.into(),
        kind: UnitKind::GrassrootsCommittee,
        sector,
        parent: None,
        secretary: "Trần Văn Khải".into(),
        members: 1438,
        valid_from: None,
        valid_to: None,
        successor: None,
    }
}

fn visit(code: &str, template: Id, start: NaiveDate, units: Vec<Id>) -> Visit {
    Visit {
        id: new_id(),
        code: code.into(),
        plan_no: "45-KH/TU".into(),
        decision_no: String::new(),
        title: "Hậu kiểm việc khắc phục hạn chế, khuyết điểm sau kiểm điểm".into(),
        kind: VisitKind::FollowUp,
        template,
        issuer: "Ban Thường vụ Thành ủy Nam Định".into(),
        place: "Nam Định".into(),
        team: vec![
            TeamMember {
                name: "Lê Thị Thư".into(),
                role: TeamRole::Secretary,
            },
            TeamMember {
                name: "Đặng Quốc Thịnh".into(),
                role: TeamRole::Lead,
            },
        ],
        start,
        end: start + chrono::Days::new(20),
        units,
        status: VisitStatus::InProgress,
        assignments: Vec::new(),
    }
}

/// One step of a finding's follow-up.
enum Step {
    Status(FindingStatus, &'static str),
    Note(&'static str),
    Extend(NaiveDate),
}

/// A finding to record: unit index, item, title, deadline, follow-up.
type Spec = (
    usize,
    Option<&'static str>,
    &'static str,
    NaiveDate,
    Vec<Step>,
);

pub struct Seeded {
    pub store: Store,
    pub units: [Unit; 3],
}

/// Three units (one never answered), an earlier visit, the visit under
/// report with seven findings in every state, and a visit with no findings.
pub fn seed(dir: &Path) -> Seeded {
    let store = crate::common::build::open(dir);
    let commit = |c: Change| {
        store.commit(c, Some("kiểm thử".into())).expect("commit");
    };
    let tpl = template();
    commit(Change::create(tpl.clone()));
    let units = [
        unit("P-QT", "Đảng bộ phường Quang Trung", Sector::Locality),
        unit("CB2", "Chi bộ Tổ dân phố số 2", Sector::Locality),
        unit("X-DS", "Đảng bộ xã Đông Sơn", Sector::Enterprise),
    ];
    for u in &units {
        commit(Change::create(u.clone()));
    }
    let ids: Vec<Id> = units.iter().map(|u| u.id).collect();
    let v0 = visit("HK-2025-01", tpl.id, date(2025, 10, 1), ids[..2].to_vec());
    let v1 = visit("HK-2026-01", tpl.id, date(2026, 10, 5), ids.clone());
    let v2 = visit("HK-2026-02", tpl.id, date(2026, 11, 2), vec![ids[1]]);
    for v in [&v0, &v1, &v2] {
        commit(Change::create(v.clone()));
    }
    let answers = [
        (&v0, 0, "I.1", Verdict::Fail),
        (&v0, 0, "II.1", Verdict::Pass),
        (&v0, 1, "III.1", Verdict::Partial),
        (&v1, 0, "I.1", Verdict::Fail),
        (&v1, 0, "I.2", Verdict::Pass),
        (&v1, 0, "II.1", Verdict::Partial),
        (&v1, 0, "II.2", Verdict::NotApplicable),
        (&v1, 1, "I.1", Verdict::Pass),
        (&v1, 1, "III.1", Verdict::Fail),
        (&v2, 1, "I.1", Verdict::Pass),
    ];
    for (v, u, item, verdict) in answers {
        let a = Answer {
            visit: v.id,
            unit: ids[u],
            item: item.into(),
            verdict,
            note: String::new(),
            evidence: String::new(),
            by: "Lê Thị Thư".into(),
            at: at(),
        };
        commit(Change::create(a));
    }
    use FindingStatus::{InProgress, Remediated, Unremediable, Verified};
    let findings: [Spec; 7] = [
        (
            0,
            Some("I.1"),
            "Chưa có kế hoạch khắc phục",
            date(2026, 11, 1),
            vec![],
        ),
        (
            0,
            Some("II.1"),
            "Sinh hoạt chi bộ chưa đều",
            date(2026, 11, 25),
            vec![
                Step::Status(InProgress, "Đã họp bù tháng 10"),
                Step::Note("Có biên bản | tháng 11"),
            ],
        ),
        (
            0,
            Some("II.1"),
            "Nội dung sinh hoạt <đơn điệu>",
            date(2026, 11, 15),
            vec![Step::Status(Remediated, "Đã đổi mới nội dung")],
        ),
        (
            1,
            Some("III.1"),
            "Sổ theo dõi đơn thư thiếu",
            date(2026, 10, 31),
            vec![
                Step::Status(Remediated, "Đã lập sổ"),
                Step::Status(Verified, "Đoàn đã xem sổ"),
            ],
        ),
        (
            1,
            None,
            "Đảng viên cao tuổi không sinh hoạt",
            date(2026, 12, 31),
            vec![Step::Status(Unremediable, "Đảng viên ốm nặng")],
        ),
        (
            1,
            Some("I.1"),
            "Kế hoạch chưa nêu người chịu trách nhiệm",
            date(2026, 10, 30),
            vec![
                Step::Status(InProgress, "Đang sửa kế hoạch"),
                Step::Extend(date(2026, 11, 10)),
            ],
        ),
        (
            0,
            Some("II.2"),
            "Chưa sinh hoạt chuyên đề",
            date(2026, 12, 31),
            vec![],
        ),
    ];
    for (n, (u, item, title, due, steps)) in findings.into_iter().enumerate() {
        let created = date(2026, 10, 10);
        let mut f = Finding {
            id: new_id(),
            reference: format!("HK-2026-01-ABC{:02}", n + 1),
            unit: ids[u],
            visit: v1.id,
            item: item.map(Into::into),
            title: title.into(),
            detail: String::new(),
            cause: String::new(),
            responsibility: Responsibility {
                kind: ResponsibilityKind::Individual,
                name: "Trần Văn Khải".into(),
            },
            remedy: "Họp chi ủy, phân công".into(),
            severity: Severity::Shortcoming,
            due,
            status: FindingStatus::Open,
            created,
            history: vec![FollowUp {
                date: created,
                at: at(),
                by: "Thư".into(),
                event: Event::Created,
                note: String::new(),
            }],
            origin: haukiem::domain::Origin::Visit,
        };
        commit(Change::create(f.clone()));
        for step in steps {
            let s = Stamp {
                date: date(2026, 11, 5),
                at: at(),
                by: "Thư".into(),
            };
            let next = match step {
                Step::Status(to, note) => f.with_status(to, note, s),
                Step::Note(note) => f.with_note(note, s),
                Step::Extend(to) => f.with_extension(to, "Chờ hội nghị chi bộ", s),
            }
            .expect("a legal follow-up");
            commit(Change::update(f, next.clone()));
            f = next;
        }
    }
    Seeded { store, units }
}

/// The saved text of the visit's báo cáo: the situation only, the other
/// parts left to the draft.
pub const SAVED_SITUATION: &str = "Ba tổ chức đảng được giám sát đã tổ chức kiểm điểm nghiêm túc.\n- Đảng bộ phường Quang Trung có 18 chi bộ trực thuộc.";
/// The saved requirements of the conclusion to P-QT.
pub const SAVED_REQUIREMENTS: &str =
    "Ban Thường vụ Đảng ủy phường Quang Trung chỉ đạo hoàn thành việc công khai kết quả kiểm điểm.";

/// On top of [`seed`]: the baseline named at P-QT's review (87-TB/TU,
/// 15/01/2026) and followed by HK-2026-01 — one verified at a re-check,
/// one the unit reports remedied, one open, one with signs of violation —
/// a finding of HK-2025-01 at CB2 re-checked during HK-2026-01, the team's
/// saved báo cáo (its situation) and conclusion to P-QT (requirements and
/// report-back day).
pub fn add_baseline(s: &Seeded) {
    use haukiem::domain::{Origin, Recheck, Report};
    let commit = |c: Change| {
        s.store.commit(c, Some("kiểm thử".into())).expect("commit");
    };
    let v0 = s
        .store
        .visit_by_code("HK-2025-01")
        .expect("read")
        .expect("v0");
    let v1 = s
        .store
        .visit_by_code("HK-2026-01")
        .expect("read")
        .expect("v1");
    let stamp = || Stamp {
        date: date(2026, 11, 12),
        at: at(),
        by: "Thư".into(),
    };
    let review = Origin::Review {
        doc: "87-TB/TU".into(),
        date: Some(date(2026, 1, 15)),
    };
    let finding = |unit: Id, visit: Id, title: &str, severity: Severity, origin: Origin| {
        let created = date(2026, 2, 1);
        Finding {
            id: new_id(),
            reference: format!("KD-{}", title.len()),
            unit,
            visit,
            item: None,
            title: title.into(),
            detail: String::new(),
            cause: String::new(),
            responsibility: Responsibility {
                kind: ResponsibilityKind::Collective,
                name: "Ban Thường vụ Đảng ủy phường".into(),
            },
            remedy: "Xây dựng kế hoạch khắc phục".into(),
            severity,
            due: date(2026, 12, 31),
            status: FindingStatus::Open,
            created,
            history: vec![FollowUp {
                date: created,
                at: at(),
                by: "Thư".into(),
                event: Event::Created,
                note: String::new(),
            }],
            origin,
        }
    };
    let pqt = s.units[0].id;
    let verified = finding(
        pqt,
        v1.id,
        "Chậm sửa đổi quy chế làm việc",
        Severity::Shortcoming,
        review.clone(),
    );
    let reported = finding(
        pqt,
        v1.id,
        "Chưa công khai kết quả kiểm điểm",
        Severity::Limitation,
        review.clone(),
    );
    let open = finding(
        pqt,
        v1.id,
        "Nêu gương của người đứng đầu chưa rõ",
        Severity::Shortcoming,
        review.clone(),
    );
    let violation = finding(
        pqt,
        v1.id,
        "Buông lỏng quản lý đất công",
        Severity::Violation,
        review,
    );
    let earlier = finding(
        s.units[1].id,
        v0.id,
        "Sổ nghị quyết ghi chép sơ sài",
        Severity::Limitation,
        Origin::Visit,
    );
    for f in [&verified, &reported, &open, &violation, &earlier] {
        commit(Change::create(f.clone()));
    }
    let next = verified
        .with_recheck(v1.id, Recheck::Done, "Đoàn đã xem quy chế mới", &stamp())
        .expect("a re-check");
    commit(Change::update(verified, next));
    let next = reported
        .with_status(
            FindingStatus::Remediated,
            "Đơn vị báo cáo đã niêm yết",
            stamp(),
        )
        .expect("a report");
    commit(Change::update(reported, next));
    let next = earlier
        .with_recheck(v1.id, Recheck::Doing, "Đã ghi lại sổ tháng 10", &stamp())
        .expect("a re-check");
    commit(Change::update(earlier, next));

    let mut r = Report::new(v1.id, None, "Đặng Quốc Thịnh", at());
    r.situation = SAVED_SITUATION.into();
    commit(Change::create(r));
    let mut c = Report::new(v1.id, Some(pqt), "Đặng Quốc Thịnh", at());
    c.proposals = SAVED_REQUIREMENTS.into();
    c.report_by = Some(date(2027, 1, 15));
    commit(Change::create(c));
}
