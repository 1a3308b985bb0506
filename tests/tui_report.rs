//! The report screen of a visit, driven by keys as a user would: the team
//! writes the parts of the báo cáo and each unit's thông báo kết luận, the
//! draft made from the figures goes into the editor but is saved only with
//! the form, every save is one op that undo takes back, and the report-back
//! days show on the dashboard.

mod common;

use crossterm::event::KeyCode;
use haukiem::domain::report::Part;
use haukiem::domain::text::clean_multiline;
use haukiem::domain::{Change, Id};
use haukiem::i18n::Msg;
use haukiem::tui::app::{Mode, Tone};
use haukiem::tui::form::{ConclusionForm, PartForm};
use haukiem::tui::screen::ScreenId;
use haukiem::tui::screen::report::Selected;
use haukiem::tui::{App, Lang};

use common::app::{
    ch, ctrl, demo_app, form_error, form_field, in_form, open_palette_and_run, press, render,
    status, text_of, tone, type_text,
};
use common::build::{days_from, today};

const VISIT: &str = "HK-2026-02";

/// F3 → the newest visit → `b`: its report screen, on the first part.
fn open_report(app: &mut App) {
    press(app, KeyCode::F(3));
    press(app, KeyCode::Enter);
    assert_eq!(app.screen, ScreenId::Visit);
    ch(app, 'b');
    assert_eq!(app.screen, ScreenId::Report);
    assert_eq!(
        app.screens.report.visit.as_ref().map(|v| v.code.as_str()),
        Some(VISIT)
    );
}

fn visit_id(app: &App) -> Id {
    app.store
        .visit_by_code(VISIT)
        .expect("read")
        .expect("the visit")
        .id
}

fn op_count(app: &App) -> usize {
    app.store.ops().expect("read the log").len()
}

/// The text in the open form's one text field.
fn editor_text(app: &App) -> String {
    match &app.mode {
        Mode::Form(f) => f.rows()[f.focus_index()].input.text(),
        other => panic!("not in a form: {other:?}"),
    }
}

/// Move the cursor onto unit row `i` of the conclusions.
fn to_unit(app: &mut App, i: usize) {
    assert!(!in_form(app), "still in a form: {:?}", form_error(app));
    let target = Part::ALL.len() + i;
    for _ in 0..64 {
        let at = app.screens.report.cursor.selected;
        if app.screens.report.selected() == Selected::Unit(i) {
            return;
        }
        ch(app, if at < target { 'j' } else { 'k' });
    }
    panic!("no unit row {i}");
}

fn screen_text(app: &mut App, w: u16, h: u16) -> String {
    text_of(render(app, w, h).backend().buffer()).join("\n")
}

#[test]
fn a_part_written_and_saved_is_one_op_and_reads_back() {
    let (_dir, mut app) = demo_app(Lang::Vi);
    open_report(&mut app);
    let before = op_count(&app);
    // II.1 Ưu điểm, two lines.
    ch(&mut app, 'j');
    assert_eq!(
        app.screens.report.selected(),
        Selected::Part(Part::Strengths)
    );
    press(&mut app, KeyCode::Enter);
    assert!(in_form(&app));
    assert_eq!(form_field(&app), Msg::PartStrengthsLabel);
    type_text(&mut app, "Cấp ủy quan tâm lãnh đạo.");
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "Hồ sơ đầy đủ.");
    ctrl(&mut app, 's');
    assert!(!in_form(&app), "saved: {}", status(&app));
    assert_eq!(tone(&app), Some(Tone::Ok));
    assert_eq!(op_count(&app), before + 1, "one op");
    assert!(matches!(
        haukiem_last_change(&app),
        Change::Report {
            old: None,
            new: Some(_)
        }
    ));
    let saved = app.store.report(visit_id(&app), None).expect("read");
    let saved = saved.expect("saved");
    assert_eq!(saved.strengths, "Cấp ủy quan tâm lãnh đạo.\nHồ sơ đầy đủ.");
    assert_eq!(saved.situation, "", "only the part written");
    assert!(!saved.by.is_empty(), "signed");
    // Back to the visit and in again: the screen reads it, the editor holds it.
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.screen, ScreenId::Visit);
    ch(&mut app, 'b');
    assert_eq!(
        app.screens.report.saved(Part::Strengths),
        "Cấp ủy quan tâm lãnh đạo.\nHồ sơ đầy đủ."
    );
    let shown = screen_text(&mut app, 100, 30);
    assert!(shown.contains("II.1. Ưu điểm"), "{shown}");
    assert!(shown.contains("Cấp ủy quan tâm lãnh đạo."), "{shown}");
    ch(&mut app, 'j');
    ch(&mut app, 'e');
    assert_eq!(
        editor_text(&app),
        "Cấp ủy quan tâm lãnh đạo.\nHồ sơ đầy đủ."
    );
    // Saving it unchanged writes nothing.
    ctrl(&mut app, 's');
    assert!(!in_form(&app));
    assert_eq!(op_count(&app), before + 1);
}

fn haukiem_last_change(app: &App) -> Change {
    common::app::last_op(app).change
}

#[test]
fn the_draft_fills_the_editor_but_is_saved_only_with_the_form() {
    let (_dir, mut app) = demo_app(Lang::Vi);
    let draft = haukiem::report::draft::draft(&app.store, VISIT, None, today()).expect("draft");
    assert!(!draft.situation.is_empty());
    open_report(&mut app);
    let before = op_count(&app);
    press(&mut app, KeyCode::Enter);
    assert_eq!(editor_text(&app), "");
    ctrl(&mut app, 'd');
    assert_eq!(editor_text(&app), draft.situation, "the draft, to edit");
    assert_eq!(op_count(&app), before, "nothing written yet");
    assert_eq!(app.store.report(visit_id(&app), None).expect("read"), None);
    // Esc asks, a second Esc discards: still nothing written.
    press(&mut app, KeyCode::Esc);
    assert!(in_form(&app), "asks before discarding");
    press(&mut app, KeyCode::Esc);
    assert!(!in_form(&app));
    assert_eq!(op_count(&app), before);
    assert_eq!(app.store.report(visit_id(&app), None).expect("read"), None);
    // Drafted, edited, saved.
    press(&mut app, KeyCode::Enter);
    ctrl(&mut app, 'd');
    type_text(&mut app, " Tình hình ổn định.");
    ctrl(&mut app, 's');
    assert!(!in_form(&app), "{}", status(&app));
    let saved = app.store.report(visit_id(&app), None).expect("read");
    let expected = clean_multiline(&format!("{} Tình hình ổn định.", draft.situation));
    assert_eq!(saved.map(|r| r.situation), Some(expected));
    assert_eq!(op_count(&app), before + 1);
}

#[test]
fn undo_takes_a_saved_part_back() {
    let (_dir, mut app) = demo_app(Lang::Vi);
    open_report(&mut app);
    let visit = visit_id(&app);
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "Lần một.");
    ctrl(&mut app, 's');
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, " Lần hai.");
    ctrl(&mut app, 's');
    let text = |app: &App| {
        app.store
            .report(visit, None)
            .expect("read")
            .map(|r| r.situation)
    };
    assert_eq!(text(&app).as_deref(), Some("Lần một. Lần hai."));
    ch(&mut app, 'u');
    assert_eq!(tone(&app), Some(Tone::Ok), "{}", status(&app));
    assert_eq!(text(&app).as_deref(), Some("Lần một."));
    assert_eq!(app.screens.report.saved(Part::Situation), "Lần một.");
    ch(&mut app, 'u');
    assert_eq!(text(&app), None, "the report made is gone");
    assert_eq!(app.screens.report.saved(Part::Situation), "");
}

/// On unit row `i`: the conclusion form, requirements typed, then the
/// report-back day and the received day, saved.
fn conclude(app: &mut App, i: usize, requirements: &str, by: &str, on: &str) {
    to_unit(app, i);
    press(app, KeyCode::Enter);
    assert!(in_form(app));
    assert_eq!(form_field(app), Msg::Requirements);
    type_text(app, requirements);
    press(app, KeyCode::Tab);
    assert_eq!(form_field(app), Msg::ReportByLabel);
    type_text(app, by);
    press(app, KeyCode::Tab);
    assert_eq!(form_field(app), Msg::ReportedOnLabel);
    type_text(app, on);
    ctrl(app, 's');
}

#[test]
fn report_back_days_show_on_the_dashboard_as_due_and_overdue() {
    let (_dir, mut app) = demo_app(Lang::Vi);
    open_report(&mut app);
    let visit = visit_id(&app);
    let units: Vec<Id> = app.screens.report.units.iter().map(|u| u.unit).collect();
    assert!(units.len() >= 3);
    // Past: 10 days overdue as of today (20/11/2026); in five days (a
    // relative day, as every date field takes it); a third already reported.
    conclude(&mut app, 0, "Hoàn thành khắc phục.", "10/11/2026", "");
    assert!(!in_form(&app), "{:?}", form_error(&app));
    conclude(&mut app, 1, "Báo cáo kết quả.", "+5", "");
    assert!(!in_form(&app), "{:?}", form_error(&app));
    conclude(&mut app, 2, "Đã xong.", "01/11/2026", "30/10/2026");
    assert!(!in_form(&app), "{:?}", form_error(&app));
    let first = app.store.report(visit, Some(units[0])).expect("read");
    let first = first.expect("saved");
    assert_eq!(first.report_by, Some(days_from(today(), -10)));
    assert_eq!(first.days_overdue(today()), Some(10));
    assert_eq!(first.proposals, "Hoàn thành khắc phục.");
    let second = app.store.report(visit, Some(units[1])).expect("read");
    assert_eq!(
        second.and_then(|r| r.report_by),
        Some(days_from(today(), 5))
    );
    // The screen says where each stands.
    let shown = screen_text(&mut app, 100, 30);
    assert!(shown.contains("quá hạn 10 ngày"), "{shown}");
    assert!(shown.contains("còn 5 ngày"), "{shown}");
    assert!(shown.contains("đã báo cáo 30/10/2026"), "{shown}");
    // The dashboard: two awaited, one overdue, the overdue one nearest.
    press(&mut app, KeyCode::F(2));
    let d = &app.screens.dashboard.deadlines;
    assert_eq!((d.pending, d.overdue), (2, 1));
    assert_eq!(
        d.nearest,
        vec![
            (units[0], days_from(today(), -10)),
            (units[1], days_from(today(), 5))
        ]
    );
    let shown = screen_text(&mut app, 100, 30);
    assert!(
        shown.contains("2 tổ chức đảng chưa báo cáo kết quả khắc phục, 1 quá hạn"),
        "{shown}"
    );
    let name = app.unit_name(units[0]);
    assert!(
        shown.contains(&format!("10/11/2026 (quá hạn 10 ngày) {name}")),
        "{shown}"
    );
    // The overdue unit reports: nothing overdue is left.
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.screen, ScreenId::Report);
    to_unit(&mut app, 0);
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "19/11/2026");
    ctrl(&mut app, 's');
    assert!(!in_form(&app), "{:?}", form_error(&app));
    press(&mut app, KeyCode::F(2));
    let d = &app.screens.dashboard.deadlines;
    assert_eq!((d.pending, d.overdue), (1, 0));
}

#[test]
fn a_bad_date_or_a_received_day_without_its_deadline_is_refused_naming_the_field() {
    let (_dir, mut app) = demo_app(Lang::Vi);
    open_report(&mut app);
    let before = op_count(&app);
    conclude(&mut app, 0, "Khắc phục.", "31/02/2027", "");
    assert!(in_form(&app), "refused");
    assert_eq!(form_field(&app), Msg::ReportByLabel, "focus on the field");
    let why = form_error(&app).expect("says why");
    assert!(why.starts_with("Hạn báo cáo kết quả khắc phục: "), "{why}");
    assert!(why.contains("31/02/2027"), "{why}");
    assert_eq!(op_count(&app), before, "nothing written");
    // Clear the day; a received day alone is refused at the deadline.
    for _ in 0.."31/02/2027".len() {
        press(&mut app, KeyCode::Backspace);
    }
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "15/11/2026");
    ctrl(&mut app, 's');
    assert!(in_form(&app));
    assert_eq!(form_field(&app), Msg::ReportByLabel);
    let why = form_error(&app).expect("says why");
    assert!(why.starts_with("Hạn báo cáo kết quả khắc phục: "), "{why}");
    assert_eq!(op_count(&app), before);
    // A bad received day names its own field.
    type_text(&mut app, "30/11/2026");
    press(&mut app, KeyCode::Tab);
    for _ in 0.."15/11/2026".len() {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "32/11/2026");
    ctrl(&mut app, 's');
    assert_eq!(form_field(&app), Msg::ReportedOnLabel);
    let why = form_error(&app).expect("says why");
    assert!(
        why.starts_with("Ngày nhận báo cáo của tổ chức đảng: "),
        "{why}"
    );
    assert_eq!(op_count(&app), before);
}

#[test]
fn the_conclusion_draft_offers_requirements_and_the_form_reads_back() {
    let (_dir, mut app) = demo_app(Lang::Vi);
    open_report(&mut app);
    let row = app.screens.report.units[0].clone();
    let draft =
        haukiem::report::draft::draft(&app.store, VISIT, Some(&row.code), today()).expect("draft");
    to_unit(&mut app, 0);
    press(&mut app, KeyCode::Enter);
    ctrl(&mut app, 'd');
    assert_eq!(editor_text(&app), draft.proposals);
    match &app.mode {
        Mode::Form(f) => assert!(f.form::<ConclusionForm>().is_some()),
        _ => panic!("a form"),
    }
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "+30");
    ctrl(&mut app, 's');
    assert!(!in_form(&app), "{:?}", form_error(&app));
    let saved = app
        .store
        .report(visit_id(&app), Some(row.unit))
        .expect("read")
        .expect("saved");
    assert_eq!(saved.report_by, Some(days_from(today(), 30)));
    assert_eq!(saved.proposals, clean_multiline(&draft.proposals));
    assert!(matches!(
        haukiem_last_change(&app),
        Change::Report {
            old: None,
            new: Some(_)
        }
    ));
    // The undo list tells it as the conclusion to the unit.
    ch(&mut app, 'u');
    assert!(status(&app).contains(&row.code), "{}", status(&app));
    assert_eq!(
        app.store
            .report(visit_id(&app), Some(row.unit))
            .expect("read"),
        None
    );
}

#[test]
fn the_palette_opens_the_report_screen_and_help_lists_its_keys() {
    let (_dir, mut app) = demo_app(Lang::Vi);
    open_palette_and_run(&mut app, &format!("writeup {VISIT}"));
    assert_eq!(app.screen, ScreenId::Report);
    ch(&mut app, '?');
    let shown = screen_text(&mut app, 120, 40);
    assert!(shown.contains("chèn dự thảo"), "{shown}");
    assert!(shown.contains("Ctrl-D"), "{shown}");
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Enter);
    match &app.mode {
        Mode::Form(f) => assert!(f.form::<PartForm>().is_some()),
        _ => panic!("a form"),
    }
    let shown = screen_text(&mut app, 100, 30);
    assert!(shown.contains("Ctrl-D chèn dự thảo"), "the footer: {shown}");
}

// ------------------------------------------------------------ drawing

/// The report screen with one part and two conclusions written.
fn written(lang: Lang) -> (tempfile::TempDir, App) {
    let (dir, mut app) = demo_app(lang);
    open_report(&mut app);
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "Đoàn làm việc với 5 tổ chức đảng.");
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "Các cấp ủy phối hợp tốt.");
    ctrl(&mut app, 's');
    conclude(&mut app, 0, "Hoàn thành khắc phục.", "10/11/2026", "");
    conclude(&mut app, 1, "Báo cáo kết quả.", "+5", "");
    to_unit(&mut app, 0);
    app.status = None;
    (dir, app)
}

#[test]
fn snapshots_of_the_report_screen() {
    for (lang, w, h, suffix) in [
        (Lang::Vi, 100, 30, "vi_100x30"),
        (Lang::En, 80, 24, "en_80x24"),
    ] {
        let (_dir, mut app) = written(lang);
        let terminal = render(&mut app, w, h);
        insta::with_settings!({ snapshot_suffix => suffix }, {
            insta::assert_snapshot!("tui_report", terminal.backend());
        });
        press(&mut app, KeyCode::F(2));
        app.status = None;
        let terminal = render(&mut app, w, h);
        insta::with_settings!({ snapshot_suffix => suffix }, {
            insta::assert_snapshot!("tui_dashboard_report_back", terminal.backend());
        });
    }
}

#[test]
fn the_report_screen_and_its_forms_draw_at_any_size() {
    use haukiem::tui::ui::{draw, page_rows};
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    for lang in [Lang::Vi, Lang::En] {
        let (_dir, mut app) = written(lang);
        let mut terminal = Terminal::new(TestBackend::new(1, 1)).expect("terminal");
        for form in [false, true] {
            if form {
                press(&mut app, KeyCode::Enter);
                assert!(in_form(&app));
            }
            for w in (1..=80).chain((87..=200).step_by(19)) {
                for h in (1..=30).chain([40, 60]) {
                    terminal.backend_mut().resize(w, h);
                    app.page = page_rows(h);
                    terminal.draw(|f| draw(f, &app)).expect("draw");
                }
            }
        }
    }
}
