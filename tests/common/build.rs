//! Builders of units, templates, visits, answers and findings, dated around
//! a fixed "today" (20/11/2026), and a store opened under a test actor.

use std::path::Path;

use chrono::{DateTime, Days, NaiveDate, TimeZone, Utc};
use haukiem::domain::finding::Stamp;
use haukiem::domain::{
    Answer, Change, Event, Finding, FindingStatus, FollowUp, Id, Item, Responsibility,
    ResponsibilityKind, Section, Sector, Severity, TeamMember, TeamRole, Template, Unit, UnitKind,
    Verdict, Visit, VisitKind, VisitStatus, new_id,
};
use haukiem::store::Store;

/// The day the tests are run as of.
pub const TODAY: &str = "20/11/2026";

/// A date that exists.
pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a real date")
}

/// [`TODAY`].
pub fn today() -> NaiveDate {
    date(2026, 11, 20)
}

/// `n` days after `d` (before it when negative).
pub fn days_from(d: NaiveDate, n: i64) -> NaiveDate {
    if n >= 0 {
        d.checked_add_days(Days::new(n.unsigned_abs()))
    } else {
        d.checked_sub_days(Days::new(n.unsigned_abs()))
    }
    .expect("date in range")
}

/// The moment every built record is stamped with.
pub fn at() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 20, 8, 30, 0)
        .single()
        .expect("valid time")
}

/// A follow-up made on `date`.
pub fn stamp(date: NaiveDate) -> Stamp {
    Stamp {
        date,
        at: at(),
        by: "Nguyễn Thị Hương".into(),
    }
}

/// The "recorded" entry that starts a finding's history.
pub fn created(date: NaiveDate) -> FollowUp {
    FollowUp {
        date,
        at: at(),
        by: "Trần Văn Hùng".into(),
        event: Event::Created,
        note: String::new(),
    }
}

/// A grassroots committee, or a cell under `parent`.
pub fn unit(code: &str, parent: Option<Id>) -> Unit {
    Unit {
        id: new_id(),
        code: code.into(),
        name: format!("Chi bộ {code}"),
        kind: if parent.is_some() {
            UnitKind::SubordinateCell
        } else {
            UnitKind::GrassrootsCommittee
        },
        sector: Sector::Agency,
        parent,
        secretary: "Lê Văn Đức".into(),
        members: 12,
        valid_from: None,
        valid_to: None,
        successor: None,
    }
}

/// A checklist of two sections and three items (I.1, I.2, II.1).
pub fn template(version: u32) -> Template {
    let item = |code: &str, text: &str| Item {
        code: code.into(),
        text: text.into(),
        evidence: "Sổ ghi biên bản".into(),
        critical: false,
        sectors: Vec::new(),
    };
    Template {
        id: new_id(),
        code: "PKT-HK".into(),
        version,
        title: "Phiếu hậu kiểm khắc phục hạn chế".into(),
        legal_bases: vec!["Quy định 22-QĐ/TW".into()],
        sections: vec![
            Section {
                code: "I".into(),
                title: "Sinh hoạt chi bộ".into(),
                items: vec![
                    item("I.1", "Sinh hoạt định kỳ hằng tháng"),
                    item("I.2", "Nội dung sinh hoạt chuyên đề"),
                ],
            },
            Section {
                code: "II".into(),
                title: "Kiểm điểm, tự phê bình".into(),
                items: vec![item("II.1", "Kiểm điểm cuối năm")],
            },
        ],
    }
}

/// A follow-up visit 40 to 35 days ago.
pub fn visit(code: &str, template: Id, units: Vec<Id>) -> Visit {
    Visit {
        id: new_id(),
        code: code.into(),
        plan_no: "12-KH/ĐUK".into(),
        decision_no: "45-QĐ/ĐUK".into(),
        title: "Hậu kiểm khắc phục sau kiểm điểm".into(),
        kind: VisitKind::FollowUp,
        template,
        issuer: "Ủy ban Kiểm tra Đảng ủy Khối".into(),
        place: "Nam Định".into(),
        team: vec![TeamMember {
            name: "Trần Văn Hùng".into(),
            role: TeamRole::Lead,
        }],
        start: days_from(today(), -40),
        end: days_from(today(), -35),
        units,
        status: VisitStatus::InProgress,
        assignments: Vec::new(),
    }
}

pub fn answer(visit: Id, unit: Id, item: &str, verdict: Verdict) -> Answer {
    Answer {
        visit,
        unit,
        item: item.into(),
        verdict,
        note: "Có biên bản".into(),
        evidence: "Sổ nghị quyết".into(),
        by: "Trần Văn Hùng".into(),
        at: at(),
    }
}

/// Titles the searches tell apart: with and without diacritics, and words
/// that fold to the same letters ("đảng" / "dang").
pub const TITLES: [&str; 5] = [
    "Sinh hoạt chi bộ chưa đều đặn",
    "Chưa khắc phục hạn chế sau kiểm điểm",
    "Sinh hoat chuyen de chua co chu de",
    "Đảng viên chưa nộp đảng phí đúng hạn",
    "Hồ sơ kiểm điểm thiếu chữ ký; đang bổ sung",
];

/// An open finding recorded 30 days ago.
pub fn finding(
    reference: &str,
    unit: Id,
    visit: Id,
    item: Option<&str>,
    due: NaiveDate,
) -> Finding {
    worded_finding(reference, unit, visit, item, due, 0)
}

/// [`finding`], titled with the `text`-th of [`TITLES`] (and one of two
/// people responsible), for searches to tell findings apart.
pub fn worded_finding(
    reference: &str,
    unit: Id,
    visit: Id,
    item: Option<&str>,
    due: NaiveDate,
    text: usize,
) -> Finding {
    let created_on = days_from(today(), -30);
    Finding {
        id: new_id(),
        reference: reference.into(),
        unit,
        visit,
        item: item.map(Into::into),
        title: TITLES[text % TITLES.len()].into(),
        detail: "Ba tháng không họp".into(),
        cause: "Bí thư đi công tác".into(),
        responsibility: Responsibility {
            kind: ResponsibilityKind::Collective,
            name: if text.is_multiple_of(3) {
                "Chi ủy".into()
            } else {
                "Bí thư chi bộ".into()
            },
        },
        remedy: "Họp bù, lập kế hoạch".into(),
        severity: Severity::Shortcoming,
        due,
        status: FindingStatus::Open,
        created: created_on,
        history: vec![created(created_on)],
        origin: haukiem::domain::Origin::Visit,
    }
}

/// One more open finding of the first visit at its first unit, three days
/// overdue, titled with the `text`-th of [`TITLES`], its reference the next
/// one under `tag`, committed the way the app commits it. Returns its
/// reference.
pub fn add_overdue_finding(store: &Store, tag: &str, text: usize) -> String {
    let v = store.visits().expect("visits").remove(0);
    let reference = store.next_reference(&v.code, tag).expect("reference");
    let f = worded_finding(
        &reference,
        v.units[0],
        v.id,
        None,
        days_from(today(), -3),
        text,
    );
    store.commit(Change::create(f), None).expect("commit");
    reference
}

/// The finding moved along legal status changes to `to`.
pub fn in_status(f: Finding, to: FindingStatus) -> Finding {
    use FindingStatus::{InProgress, Open, Remediated, Unremediable, Verified};
    let path: &[FindingStatus] = match to {
        Open => &[],
        InProgress => &[InProgress],
        Remediated => &[Remediated],
        Verified => &[Remediated, Verified],
        Unremediable => &[Unremediable],
    };
    path.iter().fold(f, |f, s| {
        f.with_status(*s, "Chuyển trạng thái", stamp(days_from(today(), -5)))
            .expect("a legal status change")
    })
}

/// The name test runs record their changes under.
pub const ACTOR: &str = "Kiểm thử viên";

/// The database in `dir`, recording ops under [`ACTOR`].
pub fn open(dir: &Path) -> Store {
    let store = Store::open(dir).expect("open store");
    store.set_actor(ACTOR);
    store
}

/// `check` finds nothing wrong.
pub fn assert_clean(store: &Store) {
    let (problems, _) = store.check().expect("check runs");
    assert!(problems.is_empty(), "check found problems: {problems:?}");
}

/// sled opened directly (behind the write path's back). sled's threads let
/// go of the file lock a moment after the last process or handle closed
/// it, so a locked database is tried again for a while.
pub fn open_sled(db: &Path) -> sled::Db {
    let mut tries = 0;
    loop {
        match sled::open(db) {
            Ok(d) => return d,
            Err(e) if tries < 250 && e.to_string().contains("could not acquire lock") => {
                tries += 1;
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            Err(e) => panic!("open sled: {e}"),
        }
    }
}
