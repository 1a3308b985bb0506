//! The first day without the demo, driven by keys: the unit tree and the
//! unit form, planning a visit in one form (the unit picker, the code
//! suggestion), the visit's stages and what closing asks; each change read
//! back through the store as the op it wrote.

use crossterm::event::KeyCode;
use haukiem::domain::label::Labelled;
use haukiem::domain::{Change, TeamRole, Visit, VisitKind, VisitStatus};
use haukiem::i18n::Msg;
use haukiem::tui::App;
use haukiem::tui::app::Mode;
use haukiem::tui::form::VisitForm;
use haukiem::tui::screen::ScreenId;

mod common;

use common::app::{
    ch, ctrl, first_day_app, focus, form_error, form_field, in_form, last_op, press, render,
    status, text_of, type_text, unit,
};
use common::build::date;

// ------------------------------------------------------------ visits

/// F3, `n`: the new-visit form with the title focused.
fn new_visit(app: &mut App) {
    press(app, KeyCode::F(3));
    ch(app, 'n');
    assert!(in_form(app), "{}", status(app));
    assert_eq!(form_field(app), Msg::VisitTitle);
}

/// The open visit form.
fn visit_form(app: &App) -> &VisitForm {
    match &app.mode {
        Mode::Form(f) => f.form::<VisitForm>().expect("the visit form"),
        other => panic!("not in a form: {other:?}"),
    }
}

/// In the picker: search `text`, which lands on the unit coded `code`,
/// choose it, assign it to the `member`-th member of the team (from 1; 0:
/// no one), and clear the search.
fn pick_unit(app: &mut App, text: &str, code: &str, member: usize) {
    focus(app, Msg::Units);
    type_text(app, text);
    let on = visit_form(app).units.selected().map(|u| u.code.clone());
    assert_eq!(on.as_deref(), Some(code), "the search lands on it");
    press(app, KeyCode::Enter);
    for _ in 0..member {
        ctrl(app, 'r');
    }
    for _ in text.chars() {
        press(app, KeyCode::Backspace);
    }
}

/// The team: a lead, a deputy-less member and a secretary.
fn fill_team(app: &mut App) {
    focus(app, Msg::Team);
    type_text(app, "Nguyễn Văn An");
    ctrl(app, 'n');
    type_text(app, "Trần Thị Bình");
    ctrl(app, 'n');
    type_text(app, "Lê Văn Cường");
    // Thành viên → the next roles until Thư ký.
    while !form_text(app).ends_with(&format!("{}: Lê Văn Cường", TeamRole::Secretary.code())) {
        ctrl(app, 'r');
    }
}

/// The text of the focused field.
fn form_text(app: &App) -> String {
    match &app.mode {
        Mode::Form(f) => f.rows()[f.focus_index()].input.text(),
        other => panic!("not in a form: {other:?}"),
    }
}

/// A visit for three units with a team, saved.
fn plan_three_units(app: &mut App) -> Visit {
    new_visit(app);
    type_text(app, "Hậu kiểm khắc phục sau kiểm điểm năm 2025");
    focus(app, Msg::PlanNo);
    type_text(app, "12-KH/TU");
    focus(app, Msg::DecisionNo);
    type_text(app, "45-QĐ/TU");
    focus(app, Msg::ToDate);
    for _ in 0..10 {
        press(app, KeyCode::Backspace);
    }
    type_text(app, "+14");
    fill_team(app);
    pick_unit(app, "quang trung", "P-QT", 1);
    pick_unit(app, "tran dang ninh", "P-TDN", 2);
    pick_unit(app, "vi hoang", "P-VH", 0);
    ctrl(app, 's');
    assert!(!in_form(app), "{:?}", form_error(app));
    app.store
        .visit_by_code("HK-2026-01")
        .expect("read")
        .expect("the suggested code")
}

#[test]
fn planning_a_visit_writes_one_visit_op_with_every_field() {
    let (_dir, mut app) = first_day_app();
    let ops = app.store.op_count();
    let v = plan_three_units(&mut app);
    assert_eq!(app.store.op_count(), ops + 1, "one op");
    let op = last_op(&app);
    assert_eq!(op.change, Change::create(v.clone()));
    assert_eq!(op.actor, common::build::ACTOR);
    assert_eq!(v.title, "Hậu kiểm khắc phục sau kiểm điểm năm 2025");
    assert_eq!(v.kind, VisitKind::FollowUp);
    assert_eq!(v.plan_no, "12-KH/TU");
    assert_eq!(v.decision_no, "45-QĐ/TU");
    assert_eq!((v.start, v.end), (date(2026, 11, 20), date(2026, 12, 4)));
    assert_eq!(v.status, VisitStatus::Planned);
    let team: Vec<(&str, TeamRole)> = v.team.iter().map(|m| (m.name.as_str(), m.role)).collect();
    assert_eq!(
        team,
        [
            ("Nguyễn Văn An", TeamRole::Lead),
            ("Trần Thị Bình", TeamRole::Member),
            ("Lê Văn Cường", TeamRole::Secretary)
        ]
    );
    let units: Vec<String> = v.units.iter().map(|u| app.units.code(*u)).collect();
    assert_eq!(units, ["P-QT", "P-TDN", "P-VH"]);
    let assigned: Vec<(String, &str)> = v
        .assignments
        .iter()
        .map(|a| (app.units.code(a.unit), a.inspector.as_str()))
        .collect();
    assert_eq!(
        assigned,
        [
            ("P-QT".to_string(), "Nguyễn Văn An"),
            ("P-TDN".to_string(), "Trần Thị Bình")
        ]
    );
    assert_eq!(v.inspector_of(unit(&app, "P-VH").id), None);
    let template = app
        .store
        .template(v.template)
        .expect("read")
        .expect("template");
    assert_eq!(template.code, "HK-KD");
    assert_eq!(v.issuer, "Ban Thường vụ Thành ủy Nam Định");
    assert_eq!(v.place, "Nam Định");
    assert_eq!(app.screens.visits.visits[0].0, v, "listed");
    // The visit's screen shows who goes where.
    press(&mut app, KeyCode::Enter);
    let rows: Vec<(&str, &str)> = app
        .screens
        .visit
        .rows
        .iter()
        .map(|r| (r.name.as_str(), r.inspector.as_str()))
        .collect();
    assert!(
        rows.contains(&("Đảng bộ phường Quang Trung", "Nguyễn Văn An")),
        "{rows:?}"
    );
    assert!(rows.contains(&("Đảng bộ phường Vị Hoàng", "")), "{rows:?}");
}

#[test]
fn the_whole_committee_key_takes_a_đảng_bộ_with_all_its_chi_bộ() {
    let (_dir, mut app) = first_day_app();
    new_visit(&mut app);
    focus(&mut app, Msg::Units);
    type_text(&mut app, "vi hoang");
    ctrl(&mut app, 'a');
    assert_eq!(form_text(&app), "P-VH, P-VH-CA, P-VH-CB5", "in tree order");
    ctrl(&mut app, 'a');
    assert_eq!(form_text(&app), "", "taken again: all dropped");
    press(&mut app, KeyCode::Enter);
    assert_eq!(form_text(&app), "P-VH", "Enter takes one");
}

#[test]
fn the_code_suggested_is_the_next_free_one_and_a_taken_code_is_refused() {
    let (_dir, mut app) = first_day_app();
    plan_three_units(&mut app);
    new_visit(&mut app);
    focus(&mut app, Msg::Code);
    assert_eq!(form_text(&app), "HK-2026-02");
    press(&mut app, KeyCode::Backspace);
    type_text(&mut app, "1");
    press(&mut app, KeyCode::BackTab);
    type_text(&mut app, "Trùng mã");
    fill_team(&mut app);
    pick_unit(&mut app, "nam phong", "X-NP", 0);
    let ops = app.store.op_count();
    ctrl(&mut app, 's');
    assert_eq!(form_error(&app).as_deref(), Some("Mã: đã có mã HK-2026-01"));
    assert_eq!(form_field(&app), Msg::Code);
    assert_eq!(app.store.op_count(), ops);
}

#[test]
fn the_visit_form_names_the_field_it_refuses() {
    let (_dir, mut app) = first_day_app();
    new_visit(&mut app);
    type_text(&mut app, "Thiếu đơn vị");
    fill_team(&mut app);
    ctrl(&mut app, 's');
    assert_eq!(form_error(&app).as_deref(), Some("Đơn vị (bắt buộc)"));
    assert_eq!(form_field(&app), Msg::Units);
    pick_unit(&mut app, "nam phong", "X-NP", 0);
    // No lead: the lead becomes a member.
    focus(&mut app, Msg::Team);
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::Up);
    ctrl(&mut app, 'r');
    ctrl(&mut app, 's');
    assert_eq!(
        form_error(&app).as_deref(),
        Some("Đoàn: chưa có trưởng đoàn")
    );
    assert_eq!(form_field(&app), Msg::Team);
    while !form_text(&app).starts_with("TD:") {
        ctrl(&mut app, 'r');
    }
    focus(&mut app, Msg::ToDate);
    for _ in 0..10 {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "1/11/2026");
    ctrl(&mut app, 's');
    assert_eq!(
        form_error(&app).as_deref(),
        Some("Đến ngày: trước ngày bắt đầu")
    );
    assert_eq!(form_field(&app), Msg::ToDate);
    assert!(
        app.store.visits().expect("read").is_empty(),
        "nothing written"
    );
}

#[test]
fn a_visit_is_started_closed_after_a_confirmation_and_reopened_with_a_reason() {
    let (_dir, mut app) = first_day_app();
    let v = plan_three_units(&mut app);
    let stage = |app: &App| app.store.visit(v.id).expect("read").expect("visit").status;
    ch(&mut app, 't');
    assert_eq!(stage(&app), VisitStatus::InProgress);
    assert_eq!(status(&app), "Đã lưu: HK-2026-01 → Đang tiến hành");
    // Closing first lists what is left: every unit has the 39 items of a
    // ward unchecked (the 37 for every unit, II.4 and XI.4; not the 4 for
    // agencies and enterprises).
    ch(&mut app, 't');
    assert!(in_form(&app));
    let notice = form_text(&app);
    assert!(notice.contains("Còn dở dang"), "{notice}");
    for name in [
        "Đảng bộ phường Quang Trung",
        "Đảng bộ phường Trần Đăng Ninh",
    ] {
        assert!(
            notice.contains(&format!("{name}: 39 mục chưa kiểm tra")),
            "{notice}"
        );
    }
    press(&mut app, KeyCode::Esc);
    assert_eq!(stage(&app), VisitStatus::InProgress, "Esc: not closed");
    ch(&mut app, 't');
    ctrl(&mut app, 's');
    assert_eq!(stage(&app), VisitStatus::Concluded);

    // Closed: read only.
    ch(&mut app, 'e');
    assert!(!in_form(&app));
    assert!(status(&app).contains("đã kết thúc"), "{}", status(&app));
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.screen, ScreenId::Checklist);
    let ops = app.store.op_count();
    ch(&mut app, '1');
    assert_eq!(app.store.op_count(), ops, "no verdict on a closed visit");
    assert!(status(&app).contains("mở lại"), "{}", status(&app));

    // Reopen: a reason is required and recorded.
    press(&mut app, KeyCode::Esc);
    ch(&mut app, 'o');
    assert!(in_form(&app));
    ctrl(&mut app, 's');
    assert_eq!(form_error(&app).as_deref(), Some("Lý do (bắt buộc)"));
    type_text(&mut app, "Bổ sung biên bản làm việc");
    ctrl(&mut app, 's');
    assert_eq!(stage(&app), VisitStatus::InProgress);
    assert_eq!(
        last_op(&app).reason.as_deref(),
        Some("Bổ sung biên bản làm việc")
    );
}

/// Whether the open form asks before it discards what was typed.
fn asking(app: &App) -> bool {
    matches!(&app.mode, Mode::Form(f) if f.asking())
}

#[test]
fn esc_asks_before_discarding_a_team_or_units_picked_in_the_visit_form() {
    let (_dir, mut app) = first_day_app();
    let ops = app.store.op_count();
    // A member named in the team rows is something typed.
    new_visit(&mut app);
    focus(&mut app, Msg::Team);
    type_text(&mut app, "Nguyễn Văn An");
    press(&mut app, KeyCode::Esc);
    assert!(in_form(&app) && asking(&app), "the first Esc asks");
    press(&mut app, KeyCode::Esc);
    assert!(!in_form(&app), "the second discards");
    // A search typed and cleared in the unit picker keeps nothing.
    new_visit(&mut app);
    focus(&mut app, Msg::Units);
    type_text(&mut app, "quang trung");
    for _ in "quang trung".chars() {
        press(&mut app, KeyCode::Backspace);
    }
    press(&mut app, KeyCode::Esc);
    assert!(!in_form(&app), "nothing chosen: Esc closes");
    // A unit picked is; a key of the picker's own goes on editing.
    new_visit(&mut app);
    pick_unit(&mut app, "quang trung", "P-QT", 0);
    press(&mut app, KeyCode::Esc);
    assert!(in_form(&app) && asking(&app), "a unit picked: Esc asks");
    press(&mut app, KeyCode::Down);
    assert!(
        in_form(&app) && !asking(&app),
        "any other key keeps editing"
    );
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Esc);
    assert!(!in_form(&app));
    assert_eq!(app.store.op_count(), ops, "nothing written");

    // Editing a visit: a unit it already has, only assigned to a member.
    plan_three_units(&mut app);
    ch(&mut app, 'e');
    assert!(in_form(&app), "{}", status(&app));
    press(&mut app, KeyCode::Esc);
    assert!(!in_form(&app), "opened and left as it was: Esc closes");
    ch(&mut app, 'e');
    focus(&mut app, Msg::Units);
    type_text(&mut app, "vi hoang");
    ctrl(&mut app, 'r');
    for _ in "vi hoang".chars() {
        press(&mut app, KeyCode::Backspace);
    }
    assert!(
        visit_form(&app)
            .units
            .chosen()
            .iter()
            .any(|(u, who)| *u == unit(&app, "P-VH").id && who.is_some()),
        "assigned"
    );
    press(&mut app, KeyCode::Esc);
    assert!(in_form(&app) && asking(&app), "an assignment: Esc asks");
}

#[test]
fn a_visit_shows_its_decision_and_who_is_assigned_each_unit() {
    let (_dir, mut app) = first_day_app();
    plan_three_units(&mut app);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.screen, ScreenId::Visit);
    for (w, h) in [(120, 35), (80, 24)] {
        let screen = text_of(render(&mut app, w, h).backend().buffer());
        let all = screen.join("\n");
        assert!(all.contains("12-KH/TU · 45-QĐ/TU · "), "{w}×{h}:\n{all}");
        assert!(all.contains("Người phụ trách"), "{w}×{h}:\n{all}");
        for (name, who) in [
            ("Đảng bộ phường Quang Trung", "Nguyễn Văn An"),
            ("Đảng bộ phường Trần Đăng Ninh", "Trần Thị Bình"),
        ] {
            let row = screen.iter().find(|l| l.contains(name));
            assert!(
                row.is_some_and(|r| r.contains(who)),
                "{w}×{h}: {name} → {who}\n{all}"
            );
        }
    }
    // At 60 columns the unit's name keeps its room: who is assigned gives way.
    let screen = text_of(render(&mut app, 60, 20).backend().buffer()).join("\n");
    assert!(screen.contains("Quang Trung"), "{screen}");
    assert!(!screen.contains("Người phụ trách"), "{screen}");
}

// ------------------------------------------------------------ layouts

#[test]
fn the_new_visit_form_scrolls_to_its_focused_field_at_80x24_and_120x35() {
    for (w, h) in [(80, 24), (120, 35)] {
        let (_dir, mut app) = first_day_app();
        new_visit(&mut app);
        fill_team(&mut app);
        focus(&mut app, Msg::Units);
        type_text(&mut app, "quang trung");
        let screen = text_of(render(&mut app, w, h).backend().buffer()).join("\n");
        // The picker, worked in, is shown whole: its search and the unit found.
        assert!(screen.contains("quang trung"), "{w}×{h}:\n{screen}");
        assert!(
            screen.contains("[ ] Đảng bộ phường Quang Trung"),
            "{w}×{h}:\n{screen}"
        );
        assert!(screen.contains("Đã chọn 0"), "{w}×{h}:\n{screen}");
        // Scrolled: the fields above are out of sight and the title says so.
        assert!(screen.contains("↕ Lập đợt hậu kiểm"), "{w}×{h}:\n{screen}");
        focus(&mut app, Msg::VisitTitle);
        let screen = text_of(render(&mut app, w, h).backend().buffer()).join("\n");
        assert!(screen.contains("Nội dung *"), "{w}×{h}:\n{screen}");
    }
}

#[test]
fn the_palette_plans_a_visit_as_n_does() {
    let (_dir, mut app) = first_day_app();
    for line in ["visit new", "dot mới"] {
        ch(&mut app, ':');
        type_text(&mut app, line);
        press(&mut app, KeyCode::Enter);
        assert!(in_form(&app), "{line}: {}", status(&app));
        assert_eq!(form_field(&app), Msg::VisitTitle);
        focus(&mut app, Msg::Code);
        assert_eq!(form_text(&app), "HK-2026-01", "{line}");
        press(&mut app, KeyCode::Esc);
        assert!(!in_form(&app));
    }
}
