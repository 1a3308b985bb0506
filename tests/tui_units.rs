//! The unit tree and the unit forms, driven by keys over the shipped units
//! (no demo): the hierarchy, its search, a unit's screen, adding and editing
//! a unit, recording a merger; each change read back as the op it wrote.

use crossterm::event::KeyCode;
use haukiem::domain::Change;
use haukiem::i18n::Msg;
use haukiem::tui::App;
use haukiem::tui::screen::ScreenId;

mod common;

use common::app::{
    ch, ctrl, first_day_app, focus, form_error, form_field, in_form, last_op, press, render,
    status, text_of, type_text, unit,
};
use common::build::date;

/// The unit tree's rows, as codes.
fn tree_codes(app: &App) -> Vec<String> {
    let s = &app.screens.units;
    s.rows
        .iter()
        .map(|r| s.tree.unit(r.id).expect("unit").code.clone())
        .collect()
}

// ------------------------------------------------------------ units

#[test]
fn the_unit_tree_opens_on_f5_expands_and_searches_without_diacritics() {
    let (_dir, mut app) = first_day_app();
    press(&mut app, KeyCode::F(5));
    assert_eq!(app.screen, ScreenId::Units);
    let codes = tree_codes(&app);
    // The committees at the top are open; their đảng bộ closed.
    assert!(codes.contains(&"TU-ND".to_string()), "{codes:?}");
    assert!(codes.contains(&"P-QT".to_string()));
    assert!(!codes.contains(&"P-QT-CB1".to_string()));
    // Siblings in Vietnamese order: "Đảng bộ phường Quang Trung" before "… Vị Hoàng".
    let qt = codes.iter().position(|c| c == "P-QT").expect("P-QT");
    let vh = codes.iter().position(|c| c == "P-VH").expect("P-VH");
    assert!(qt < vh);
    while tree_codes(&app)[app.screens.units.cursor.selected] != "P-QT" {
        ch(&mut app, 'j');
    }
    ch(&mut app, ' ');
    let codes = tree_codes(&app);
    let children: Vec<&String> = codes.iter().filter(|c| c.starts_with("P-QT-")).collect();
    assert_eq!(children.len(), 6, "{codes:?}");
    // The chi bộ in natural order: số 1, 2, 3, 10.
    let order: Vec<usize> = ["P-QT-CB1", "P-QT-CB2", "P-QT-CB3", "P-QT-CB10"]
        .iter()
        .map(|c| codes.iter().position(|x| x == c).expect("chi bộ shown"))
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    ch(&mut app, ' ');
    assert!(
        !tree_codes(&app).contains(&"P-QT-CB1".to_string()),
        "collapsed"
    );

    // Search: "tran dang ninh" finds the đảng bộ and its school's chi bộ.
    ch(&mut app, '/');
    type_text(&mut app, "tran dang ninh");
    press(&mut app, KeyCode::Enter);
    let codes = tree_codes(&app);
    assert_eq!(
        codes,
        ["TU-ND", "P-TDN", "P-TDN-THCS"],
        "with the way to them"
    );
    assert_eq!(
        codes[app.screens.units.cursor.selected], "TU-ND",
        "the search starts at the top"
    );
}

#[test]
fn enter_on_a_unit_shows_its_details_visits_and_findings() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = common::build::open(dir.path());
    haukiem::io::demo::load(&mut store, common::build::today()).expect("demo");
    let mut app = App::new(store, haukiem::tui::Lang::Vi, common::build::today()).expect("app");
    ch(&mut app, ':');
    type_text(&mut app, "units");
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.screen, ScreenId::Units);
    ch(&mut app, '/');
    type_text(&mut app, "P-QT");
    press(&mut app, KeyCode::Enter);
    while app.screens.units.selected().map(|u| u.code.as_str()) != Some("P-QT") {
        ch(&mut app, 'j');
    }
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.screen, ScreenId::Unit);
    let shown = &app.screens.unit;
    assert_eq!(shown.unit.as_ref().map(|u| u.code.as_str()), Some("P-QT"));
    assert_eq!(shown.parent, "Thành ủy Nam Định");
    let of_unit = app
        .store
        .findings_of_unit(unit(&app, "P-QT").id)
        .expect("read");
    assert_eq!(shown.findings.len(), of_unit.len());
    assert!(!shown.findings.is_empty());
    assert!(
        shown.findings.windows(2).all(|w| w[0].due <= w[1].due),
        "by deadline"
    );
    assert!(
        shown
            .visits
            .iter()
            .all(|v| v.units.contains(&unit(&app, "P-QT").id))
    );
    assert_eq!(shown.visits.len(), 2, "both demo visits went there");
    // Enter on a finding opens it; Esc comes back.
    let first = shown.findings[0].clone();
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.screen, ScreenId::Detail);
    assert_eq!(
        app.screens.detail.finding.as_ref().map(|f| f.id),
        Some(first.id)
    );
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.screen, ScreenId::Unit);
    // Tab to the visits, Enter opens one.
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.screen, ScreenId::Visit);
}

/// F5, then `n` with the cursor on `parent` (the form's parent field
/// filled from it).
fn new_unit_under(app: &mut App, parent: &str) {
    press(app, KeyCode::F(5));
    while app.screens.units.selected().map(|u| u.code.as_str()) != Some(parent) {
        ch(app, 'j');
    }
    ch(app, 'n');
    assert!(in_form(app));
    assert_eq!(form_field(app), Msg::Code);
}

#[test]
fn a_new_unit_and_its_edit_are_unit_ops_with_old_and_new() {
    let (_dir, mut app) = first_day_app();
    new_unit_under(&mut app, "P-QT");
    type_text(&mut app, "P-QT-CB11");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "Chi bộ Tổ dân phố số 11");
    focus(&mut app, Msg::Secretary);
    type_text(&mut app, "Đào Văn Mạnh");
    focus(&mut app, Msg::Members);
    press(&mut app, KeyCode::Backspace);
    type_text(&mut app, "1.024");
    ctrl(&mut app, 's');
    assert!(!in_form(&app), "{:?}", form_error(&app));
    let u = unit(&app, "P-QT-CB11");
    assert_eq!(u.name, "Chi bộ Tổ dân phố số 11");
    assert_eq!(u.parent, Some(unit(&app, "P-QT").id));
    assert_eq!((u.members, u.secretary.as_str()), (1024, "Đào Văn Mạnh"));
    let op = last_op(&app);
    assert_eq!(op.actor, common::build::ACTOR);
    assert_eq!(op.change, Change::create(u.clone()));
    assert!(status(&app).contains("P-QT-CB11"), "{}", status(&app));
    // It is in the tree, under P-QT, in its place among the numbered cells.
    ch(&mut app, ' ');
    let codes = tree_codes(&app);
    let at = |c: &str| codes.iter().position(|x| x == c).expect(c);
    assert!(at("P-QT-CB10") < at("P-QT-CB11"), "{codes:?}");

    // Edit: the unit ends on 30/06/2025 (never deleted).
    while app.screens.units.selected().map(|u| u.code.as_str()) != Some("P-QT-CB11") {
        ch(&mut app, 'j');
    }
    ch(&mut app, 'e');
    focus(&mut app, Msg::ValidTo);
    type_text(&mut app, "30/6/2025");
    ctrl(&mut app, 's');
    assert!(!in_form(&app), "{:?}", form_error(&app));
    let ended = unit(&app, "P-QT-CB11");
    assert_eq!(ended.valid_to, Some(date(2025, 6, 30)));
    assert_eq!(last_op(&app).change, Change::update(u, ended));
}

#[test]
fn the_unit_form_names_the_field_it_refuses() {
    let (_dir, mut app) = first_day_app();
    let ops = app.store.op_count();
    new_unit_under(&mut app, "P-QT");
    type_text(&mut app, "P-VH");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "Chi bộ trùng mã");
    ctrl(&mut app, 's');
    assert_eq!(form_error(&app).as_deref(), Some("Mã: đã có mã P-VH"));
    assert_eq!(form_field(&app), Msg::Code);
    for _ in 0..4 {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "P-QT-CB11");
    focus(&mut app, Msg::ParentCode);
    for _ in 0..4 {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "P-QX");
    ctrl(&mut app, 's');
    let e = form_error(&app).expect("refused");
    assert!(
        e.starts_with("Mã đơn vị cấp trên: không có đơn vị mã P-QX (gần nhất: P-QT"),
        "{e}"
    );
    assert_eq!(form_field(&app), Msg::ParentCode);
    press(&mut app, KeyCode::Backspace);
    type_text(&mut app, "T");
    focus(&mut app, Msg::Members);
    type_text(&mut app, "x");
    ctrl(&mut app, 's');
    assert_eq!(
        form_error(&app).as_deref(),
        Some("Số đảng viên: \"0x\" không phải là số")
    );
    assert_eq!(app.store.op_count(), ops, "nothing written");
}

#[test]
fn the_unit_tree_fits_80x24_and_120x35() {
    for (w, h) in [(80, 24), (120, 35)] {
        let (_dir, mut app) = first_day_app();
        press(&mut app, KeyCode::F(5));
        let screen = text_of(render(&mut app, w, h).backend().buffer());
        let joined = screen.join("\n");
        assert!(joined.contains("F5 Đơn vị") || w < 100, "{joined}");
        assert!(joined.contains("Thành ủy Nam Định"), "{w}×{h}:\n{joined}");
        assert!(joined.contains("TU-ND"), "{w}×{h}:\n{joined}");
        assert!(joined.contains("14.870"), "members in full:\n{joined}");
        assert!(joined.contains("Bí thư"), "{w}×{h}:\n{joined}");
        assert!(joined.contains("Quá hạn"), "{w}×{h}:\n{joined}");
    }
}

/// The tree counts as the dashboard does: a unit that merged into another
/// is counted under it (the demo's new ward holds the two wards' open
/// findings, both overdue), the merged units count nothing.
#[test]
fn the_unit_tree_counts_merged_units_under_their_successor() {
    let (_dir, mut app) = common::app::demo_app(haukiem::tui::Lang::Vi);
    press(&mut app, KeyCode::F(5));
    render(&mut app, 120, 60);
    let s = &app.screens.units;
    let id = |code: &str| unit(&app, code).id;
    let active = |code: &str| s.counts.get(&id(code)).map_or(0, |c| c.active());
    assert_eq!(active("P-NAMDINH"), 2);
    assert_eq!(active("P-CB"), 0);
    assert_eq!(active("P-NT"), 0);
    assert_eq!(s.overdue.get(&id("P-NAMDINH")).copied(), Some(2));
    // As `haukiem units` and the dashboard say.
    let dashboard = &app.screens.dashboard.rows;
    let row = dashboard
        .iter()
        .find(|r| r.id == id("P-NAMDINH"))
        .expect("on the dashboard");
    assert_eq!(row.active, 2);
}
