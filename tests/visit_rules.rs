//! The rules the store keeps for visits and units: a visit's status moves
//! Chưa tiến hành → Đang tiến hành → Đã kết thúc; a concluded visit takes
//! no answers and no new findings and changes only by being reopened with
//! a reason, while its findings are still followed up; a visit's team has
//! one trưởng đoàn and its units are valid on its dates; a unit's successor
//! exists, takes over the day after it ends, and never leads back to it.
//! Every refused change writes nothing.

mod common;

use haukiem::domain::unit::merge;
use haukiem::domain::{
    Assignment, Change, FindingStatus, RuleError, TeamMember, TeamRole, Unit, Verdict, Visit,
    VisitStatus,
};
use haukiem::store::{Store, StoreError};

use common::build::{
    answer, assert_clean, date, days_from, finding, open, stamp, template, today, unit, visit,
};

struct World {
    _dir: tempfile::TempDir,
    store: Store,
    units: Vec<Unit>,
    visit: Visit,
}

/// Two units, a template and a planned visit to both.
fn world() -> World {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = open(&dir.path().join("db"));
    let units = vec![unit("P-A", None), unit("P-B", None)];
    let t = template(1);
    let mut v = visit("HK-2026-05", t.id, units.iter().map(|u| u.id).collect());
    v.status = VisitStatus::Planned;
    for c in units
        .iter()
        .map(|u| Change::create(u.clone()))
        .chain([Change::create(t), Change::create(v.clone())])
    {
        store.commit(c, None).expect("setup");
    }
    World {
        _dir: dir,
        store,
        units,
        visit: v,
    }
}

impl World {
    /// Move the visit to `status`, returning the result.
    fn set_status(&mut self, status: VisitStatus, reason: Option<&str>) -> Result<(), StoreError> {
        let mut next = self.visit.clone();
        next.status = status;
        self.store
            .commit(
                Change::update(self.visit.clone(), next.clone()),
                reason.map(Into::into),
            )
            .map(|_| self.visit = next)
    }

    /// `change` is refused with `rule`, and nothing is written.
    fn refused(&self, change: Change, reason: Option<&str>, rule: &RuleError) {
        let n = self.store.op_count();
        match self.store.commit(change, reason.map(Into::into)) {
            Err(StoreError::Rule(r)) => assert_eq!(&r, rule),
            other => panic!("expected {rule:?}, got {other:?}"),
        }
        assert_eq!(self.store.op_count(), n, "a refused change wrote nothing");
    }
}

#[test]
fn a_concluded_visit_is_read_only_but_its_findings_are_followed_up() {
    let mut w = world();
    let code = w.visit.code.clone();
    let (a, b) = (w.units[0].id, w.units[1].id);
    let skip = w.visit.clone();
    let mut jumped = skip.clone();
    jumped.status = VisitStatus::Concluded;
    w.refused(
        Change::update(skip, jumped),
        None,
        &RuleError::VisitTransition {
            visit: code.clone(),
            from: VisitStatus::Planned,
            to: VisitStatus::Concluded,
        },
    );
    w.set_status(VisitStatus::InProgress, None).expect("start");
    let given = answer(w.visit.id, a, "I.1", Verdict::Fail);
    w.store
        .commit(Change::create(given.clone()), None)
        .expect("an answer while it runs");
    let f = finding(
        "HK-2026-05-ABC01",
        a,
        w.visit.id,
        Some("I.1"),
        days_from(today(), 30),
    );
    w.store
        .commit(Change::create(f.clone()), None)
        .expect("a finding while it runs");
    w.set_status(VisitStatus::Concluded, None)
        .expect("conclude");

    let concluded = RuleError::VisitConcluded(code.clone());
    w.refused(
        Change::create(answer(w.visit.id, b, "I.1", Verdict::Pass)),
        None,
        &concluded,
    );
    let mut changed = given.clone();
    changed.verdict = Verdict::Pass;
    w.refused(Change::update(given.clone(), changed), None, &concluded);
    w.refused(Change::delete(given), None, &concluded);
    let mut another = finding(
        "HK-2026-05-ABC02",
        b,
        w.visit.id,
        None,
        days_from(today(), 30),
    );
    another.title = "Chưa lập sổ theo dõi".into();
    w.refused(Change::create(another), None, &concluded);
    let mut retitled = f.clone();
    retitled.title = "Sửa sau khi kết thúc".into();
    let of_concluded = RuleError::ConcludedFinding {
        finding: f.reference.clone(),
        visit: code.clone(),
    };
    w.refused(Change::update(f.clone(), retitled), None, &of_concluded);
    w.refused(Change::delete(f.clone()), None, &of_concluded);
    let mut renamed = w.visit.clone();
    renamed.title = "Tên khác".into();
    w.refused(
        Change::update(w.visit.clone(), renamed),
        Some("sửa"),
        &concluded,
    );
    w.refused(Change::delete(w.visit.clone()), None, &concluded);

    // Follow-up goes on: status, deadline, notes, verification.
    let g = f
        .with_status(FindingStatus::InProgress, "Đơn vị đã họp", stamp(today()))
        .expect("status");
    w.store
        .commit(Change::update(f, g.clone()), None)
        .expect("status after the visit ended");
    let h = g
        .with_extension(
            days_from(today(), 60),
            "Chờ kiện toàn chi ủy",
            stamp(today()),
        )
        .expect("extension");
    w.store
        .commit(
            Change::update(g, h.clone()),
            Some("Chờ kiện toàn chi ủy".into()),
        )
        .expect("extension after the visit ended");
    let i = h
        .with_note("Đã có dự thảo quy chế", stamp(today()))
        .expect("note");
    w.store
        .commit(Change::update(h, i.clone()), None)
        .expect("note after the visit ended");
    let j = i
        .with_status(FindingStatus::Remediated, "Đã ban hành", stamp(today()))
        .and_then(|x| x.with_status(FindingStatus::Verified, "Đoàn đã xem", stamp(today())))
        .expect("verified");
    w.store
        .commit(Change::update(i, j), None)
        .expect("verification after the visit ended");

    // Reopening needs a reason, and is then recorded with it.
    let n = w.store.op_count();
    match w.set_status(VisitStatus::InProgress, None) {
        Err(StoreError::Rule(r)) => assert_eq!(r, RuleError::ReopenWithoutReason(code.clone())),
        other => panic!("reopened without a reason: {other:?}"),
    }
    assert_eq!(w.store.op_count(), n);
    w.set_status(VisitStatus::InProgress, Some("Bổ sung biên bản làm việc"))
        .expect("reopen with a reason");
    let last = w.store.last_op().expect("read").expect("an op");
    assert_eq!(last.reason.as_deref(), Some("Bổ sung biên bản làm việc"));
    w.store
        .commit(
            Change::create(answer(w.visit.id, b, "I.1", Verdict::Pass)),
            None,
        )
        .expect("answers again once reopened");
    assert_clean(&w.store);
}

#[test]
fn a_visit_keeps_one_lead_members_as_assignees_and_valid_units() {
    let w = world();
    let code = w.visit.code.clone();
    let mut two = w.visit.clone();
    two.team.push(TeamMember {
        name: "Vũ Đình Khoa".into(),
        role: TeamRole::Lead,
    });
    w.refused(
        Change::update(w.visit.clone(), two),
        None,
        &RuleError::TeamLeads {
            visit: code.clone(),
            leads: 2,
        },
    );
    let mut assigned = w.visit.clone();
    assigned.team.push(TeamMember {
        name: "Vũ Đình Khoa".into(),
        role: TeamRole::DeputyLead,
    });
    assigned.assignments = vec![Assignment {
        unit: w.units[1].id,
        inspector: "Nguyễn Văn Lạ".into(),
    }];
    w.refused(
        Change::update(w.visit.clone(), assigned.clone()),
        None,
        &RuleError::InspectorNotInTeam {
            visit: code.clone(),
            inspector: "Nguyễn Văn Lạ".into(),
        },
    );
    assigned.assignments[0].inspector = "Vũ Đình Khoa".into();
    w.store
        .commit(Change::update(w.visit.clone(), assigned.clone()), None)
        .expect("a member assigned to a unit");
    let stored = w.store.visit(w.visit.id).expect("read").expect("visit");
    assert_eq!(stored.inspector_of(w.units[1].id), Some("Vũ Đình Khoa"));

    // A unit that ended before the visit cannot be visited.
    let mut ended = unit("P-CU", None);
    ended.valid_to = Some(days_from(today(), -400));
    w.store
        .commit(Change::create(ended.clone()), None)
        .expect("an ended unit");
    let mut late = stored.clone();
    late.units.push(ended.id);
    w.refused(
        Change::update(stored, late),
        None,
        &RuleError::VisitUnitNotValid {
            visit: code,
            unit: "P-CU".into(),
            from: None,
            to: ended.valid_to,
        },
    );
}

#[test]
fn a_merger_ends_units_into_their_successor_and_keeps_the_chain_sound() {
    let w = world();
    let on = date(2025, 7, 1);
    let mut nd = unit("P-ND", None);
    nd.name = "Đảng bộ phường Nam Định".into();
    nd.valid_from = Some(on);
    let ended = merge(&w.units, &nd, on).expect("merge");
    let mut changes = vec![Change::create(nd.clone())];
    changes.extend(
        w.units
            .iter()
            .zip(&ended)
            .map(|(old, new)| Change::update(old.clone(), new.clone())),
    );
    let ops: Vec<_> = changes
        .into_iter()
        .map(|c| w.store.new_op(c, None).expect("op"))
        .collect();
    // The successor is created in the same batch, before the others end.
    w.store.apply_all(&ops).expect("the merger");
    for u in &w.units {
        let now = w.store.unit(u.id).expect("read").expect("unit");
        assert_eq!(now.successor, Some(nd.id));
        assert_eq!(now.valid_to, Some(date(2025, 6, 30)));
    }
    assert_clean(&w.store);

    // A successor that does not exist, or one that leads back, is refused.
    let mut orphan = unit("P-X", None);
    orphan.valid_to = Some(date(2025, 6, 30));
    orphan.successor = Some(unit("P-Y", None).id);
    w.refused(
        Change::create(orphan),
        None,
        &RuleError::SuccessorMissing("P-X".into()),
    );
    let mut back = nd.clone();
    back.valid_to = Some(date(2025, 12, 31));
    back.successor = Some(w.units[0].id);
    let stored = w.store.unit(nd.id).expect("read").expect("P-ND");
    let n = w.store.op_count();
    let err = w
        .store
        .commit(Change::update(stored.clone(), back), None)
        .expect_err("a cycle or a successor no longer valid");
    assert!(matches!(err, StoreError::Rule(_)), "{err}");
    assert_eq!(w.store.op_count(), n);
    // A unit others merged into is not deleted.
    let err = w
        .store
        .commit(Change::delete(stored), None)
        .expect_err("predecessors name it");
    assert!(matches!(err, StoreError::Invalid(_)), "{err}");
    assert_clean(&w.store);
}
