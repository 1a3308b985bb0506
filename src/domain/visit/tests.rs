use super::*;
use crate::domain::label::Labelled;
use crate::domain::{Sector, UnitKind};

fn day(d: u32, m: u32, y: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

fn unit(code: &str) -> Unit {
    Unit::new(
        crate::domain::new_id(),
        code,
        format!("Đảng bộ {code}"),
        UnitKind::GrassrootsCommittee,
        Sector::Locality,
    )
}

fn member(name: &str, role: TeamRole) -> TeamMember {
    TeamMember {
        name: name.into(),
        role,
    }
}

fn visit(units: &[&Unit]) -> Visit {
    Visit {
        id: crate::domain::new_id(),
        code: "HK-2026-03".into(),
        plan_no: "12-KH/TU".into(),
        decision_no: "45-QĐ/TU".into(),
        title: "Hậu kiểm sau kiểm điểm".into(),
        kind: VisitKind::FollowUp,
        template: crate::domain::new_id(),
        issuer: "Ban Thường vụ Thành ủy".into(),
        place: "Nam Định".into(),
        team: vec![
            member("Trần Quang Vinh", TeamRole::Lead),
            member("Lê Thị Bích Ngọc", TeamRole::Member),
            member("Phan Thị Ngọc Diệp", TeamRole::Secretary),
        ],
        start: day(16, 11, 2026),
        end: day(4, 12, 2026),
        units: units.iter().map(|u| u.id).collect(),
        status: VisitStatus::Planned,
        assignments: Vec::new(),
    }
}

#[test]
fn labels_read_as_people_type_them_and_list_in_reading_order() {
    assert_eq!(
        TeamRole::parse_label("phó trưởng đoàn"),
        Some(TeamRole::DeputyLead)
    );
    assert_eq!(TeamRole::parse_label("Trưởng đoàn"), Some(TeamRole::Lead));
    assert_eq!(TeamRole::parse_label("thu ky"), Some(TeamRole::Secretary));
    assert_eq!(TeamRole::ALL[1], TeamRole::DeputyLead);
    assert_eq!(
        VisitKind::ALL,
        &[
            VisitKind::FollowUp,
            VisitKind::Supervision,
            VisitKind::Inspection
        ]
    );
    assert_eq!(
        VisitKind::parse_label("giám sát chuyên đề"),
        Some(VisitKind::Supervision)
    );
    assert_eq!(VisitStatus::Planned.vi(), "Chưa tiến hành");
    assert_eq!(VisitStatus::Concluded.vi(), "Đã kết thúc");
    assert_eq!(
        VisitStatus::parse_label("kế hoạch"),
        Some(VisitStatus::Planned)
    );
}

#[test]
fn a_team_has_exactly_one_lead_and_assignees_are_members() {
    let (a, b) = (unit("P-A"), unit("P-B"));
    let mut v = visit(&[&a, &b]);
    assert_eq!(v.validate(), Ok(()));
    v.team.push(member("Phạm Văn Hòa", TeamRole::DeputyLead));
    assert_eq!(v.validate(), Ok(()));
    assert_eq!(
        v.team_in_order().iter().map(|m| m.role).collect::<Vec<_>>(),
        vec![
            TeamRole::Lead,
            TeamRole::DeputyLead,
            TeamRole::Member,
            TeamRole::Secretary
        ]
    );

    let mut two = v.clone();
    two.team.push(member("Vũ Đình Khoa", TeamRole::Lead));
    assert_eq!(
        two.validate(),
        Err(RuleError::TeamLeads {
            visit: "HK-2026-03".into(),
            leads: 2
        })
    );
    let mut none = v.clone();
    none.team.retain(|m| m.role != TeamRole::Lead);
    assert!(matches!(
        none.validate(),
        Err(RuleError::TeamLeads { leads: 0, .. })
    ));
    let mut empty = v.clone();
    empty.team.clear();
    assert_eq!(empty.validate(), Ok(()), "a plan may name its team later");

    v.assignments.push(Assignment {
        unit: a.id,
        inspector: "Lê Thị Bích Ngọc".into(),
    });
    assert_eq!(v.validate(), Ok(()));
    assert_eq!(v.inspector_of(a.id), Some("Lê Thị Bích Ngọc"));
    assert_eq!(v.inspector_of(b.id), None);
    let mut stranger = v.clone();
    stranger.assignments[0].inspector = "Nguyễn Văn Lạ".into();
    assert!(matches!(
        stranger.validate(),
        Err(RuleError::InspectorNotInTeam { inspector, .. }) if inspector == "Nguyễn Văn Lạ"
    ));
    let mut outside = v.clone();
    outside.assignments[0].unit = unit("P-C").id;
    assert!(matches!(
        outside.validate(),
        Err(RuleError::AssignmentOutsideVisit(_))
    ));
}

#[test]
fn code_title_and_dates_are_required() {
    let a = unit("P-A");
    let mut v = visit(&[&a]);
    v.end = day(15, 11, 2026);
    assert!(matches!(
        v.validate(),
        Err(RuleError::VisitEndsBeforeStart { .. })
    ));
    let mut v = visit(&[&a]);
    v.title = " ".into();
    assert!(matches!(v.validate(), Err(RuleError::VisitWithoutTitle(_))));
    let mut v = visit(&[&a]);
    v.units.push(a.id);
    assert!(matches!(v.validate(), Err(RuleError::UnitTwiceInVisit(_))));
}

#[test]
fn units_must_exist_and_be_valid_through_the_visit() {
    let (a, mut ended) = (unit("P-A"), unit("P-QT"));
    ended.valid_to = Some(day(30, 6, 2025));
    let v = visit(&[&a, &ended]);
    let find = |id| [&a, &ended].into_iter().find(|u| u.id == id).cloned();
    assert!(matches!(
        v.validate_units(find),
        Err(RuleError::VisitUnitNotValid { unit, .. }) if unit == "P-QT"
    ));
    let only_a = visit(&[&a]);
    assert_eq!(only_a.validate_units(find), Ok(()));
    assert!(matches!(
        only_a.validate_units(|_| None),
        Err(RuleError::VisitUnitMissing { .. })
    ));
}

#[test]
fn status_moves_forward_and_a_concluded_visit_reopens_only_with_a_reason() {
    let a = unit("P-A");
    let planned = visit(&[&a]);
    let with = |s| {
        let mut v = planned.clone();
        v.status = s;
        v
    };
    let (running, concluded) = (with(VisitStatus::InProgress), with(VisitStatus::Concluded));
    assert_eq!(
        Visit::check_transition(&planned, &running, None, false),
        Ok(())
    );
    assert_eq!(
        Visit::check_transition(&running, &concluded, None, false),
        Ok(())
    );
    assert!(matches!(
        Visit::check_transition(&planned, &concluded, None, false),
        Err(RuleError::VisitTransition { .. })
    ));
    assert!(matches!(
        Visit::check_transition(&running, &planned, None, false),
        Err(RuleError::VisitTransition { .. })
    ));
    assert_eq!(
        Visit::check_transition(&concluded, &running, None, false),
        Err(RuleError::ReopenWithoutReason("HK-2026-03".into()))
    );
    assert_eq!(
        Visit::check_transition(&concluded, &running, Some("Bổ sung biên bản"), false),
        Ok(())
    );
    // Read-only: nothing else changes, not even with the reopening.
    let mut renamed = running.clone();
    renamed.title = "Tên khác".into();
    assert_eq!(
        Visit::check_transition(&concluded, &renamed, Some("Sửa tên"), false),
        Err(RuleError::VisitConcluded("HK-2026-03".into()))
    );
    let mut edited = concluded.clone();
    edited.plan_no = "13-KH/TU".into();
    assert!(Visit::check_transition(&concluded, &edited, Some("x"), false).is_err());
    // Undoing a start puts a state back that existed.
    assert_eq!(
        Visit::check_transition(&running, &planned, None, true),
        Ok(())
    );
    assert_eq!(
        Visit::check_transition(&concluded, &running, None, true),
        Ok(())
    );
}
