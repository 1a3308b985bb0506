//! Who did it, and undoing it: the app asks who works on a database with no
//! name saved (before anything else; Esc leaves), a name given for the
//! session wins, the palette changes it; `u` undoes my last change after the
//! app and the database were closed and opened again, saying what came back
//! in words; the palette's `undo` lists my changes and refuses one whose
//! record changed since.

use crossterm::event::KeyCode;
use haukiem::domain::{Change, Verdict, VisitStatus};
use haukiem::store::Store;
use haukiem::tui::app::Mode;
use haukiem::tui::form::IdentityForm;
use haukiem::tui::screen::ScreenId;
use haukiem::tui::{App, Lang};
use tempfile::TempDir;

mod common;

use common::app::{
    ch, ctrl, first_day_store, form_error, in_form, last_op, press, render, status, text_of,
    type_text, unit,
};
use common::build::{ACTOR, today, visit};

/// The shipped units and checklist, imported under the tests' name, then
/// the database opened again as a new user's app finds it: no name saved.
fn unnamed() -> (TempDir, App) {
    let (dir, store) = first_day_store();
    drop(store);
    let store = Store::open(dir.path()).expect("open again");
    assert_eq!(store.actor(), None);
    let app = App::new(store, Lang::Vi, today()).expect("app");
    (dir, app)
}

fn asks_who(app: &App) -> bool {
    match &app.mode {
        Mode::Form(f) => f.form::<IdentityForm>().is_some_and(|i| i.first),
        _ => false,
    }
}

#[test]
fn the_first_start_asks_who_works_here_and_records_changes_under_that_name() {
    let (dir, mut app) = unnamed();
    assert!(asks_who(&app));
    // Nothing else before it: F5 is no key in a form.
    press(&mut app, KeyCode::F(5));
    assert!(asks_who(&app));
    ctrl(&mut app, 's');
    assert_eq!(
        form_error(&app).as_deref(),
        Some("Họ và tên người kiểm tra (bắt buộc)")
    );
    type_text(&mut app, "Nguyễn Thị Hòa");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "Máy đoàn 2");
    ctrl(&mut app, 's');
    assert!(!in_form(&app), "{:?}", form_error(&app));
    assert_eq!(
        app.store.saved_actor().expect("read").as_deref(),
        Some("Nguyễn Thị Hòa")
    );
    assert_eq!(app.store.device_name().as_deref(), Some("Máy đoàn 2"));
    assert_eq!(
        status(&app),
        "Từ nay các thay đổi được ghi tên Nguyễn Thị Hòa."
    );
    let header = text_of(render(&mut app, 120, 35).backend().buffer())[0].clone();
    assert!(header.contains("Nguyễn Thị Hòa · 20/11/2026"), "{header}");

    // A change is recorded under it.
    press(&mut app, KeyCode::F(5));
    ch(&mut app, 'n');
    type_text(&mut app, "P-MOI");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "Chi bộ mới");
    ctrl(&mut app, 's');
    assert_eq!(last_op(&app).actor, "Nguyễn Thị Hòa");

    // Opened again: not asked, the name is the saved one.
    drop(app);
    let store = Store::open(dir.path()).expect("open again");
    let app = App::new(store, Lang::Vi, today()).expect("app");
    assert!(!in_form(&app));
    assert_eq!(app.who, "Nguyễn Thị Hòa");
}

#[test]
fn esc_on_the_first_start_leaves_the_app_and_saves_nothing() {
    let (_dir, mut app) = unnamed();
    press(&mut app, KeyCode::Esc);
    assert!(app.quit);
    assert_eq!(app.store.saved_actor().expect("read"), None);
}

#[test]
fn a_name_given_for_the_session_is_not_asked_and_not_saved() {
    let (dir, store) = first_day_store();
    drop(store);
    let store = Store::open(dir.path()).expect("open again");
    store.set_actor("Khách Mời");
    let mut app = App::new(store, Lang::Vi, today()).expect("app");
    assert!(!in_form(&app));
    assert_eq!(app.who, "Khách Mời");
    // Given after start (as --actor is): a question already asked goes away.
    let (_dir2, mut asked) = unnamed();
    asked.store.set_actor("Khách Mời");
    asked.greet().expect("greet");
    assert!(!in_form(&asked));
    assert_eq!(asked.who, "Khách Mời");
    press(&mut app, KeyCode::F(5));
    ch(&mut app, 'n');
    type_text(&mut app, "P-KHACH");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "Chi bộ khách");
    ctrl(&mut app, 's');
    assert_eq!(last_op(&app).actor, "Khách Mời");
    assert_eq!(app.store.saved_actor().expect("read"), None);
}

#[test]
fn the_palette_changes_who_works_here() {
    let (_dir, mut app) = unnamed();
    type_text(&mut app, "Trần Văn Một");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "Máy 1");
    ctrl(&mut app, 's');
    ch(&mut app, ':');
    type_text(&mut app, "nguoi");
    press(&mut app, KeyCode::Enter);
    assert!(
        in_form(&app) && !asks_who(&app),
        "a form that Esc only closes"
    );
    for _ in "Một".chars() {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "Hai");
    ctrl(&mut app, 's');
    assert_eq!(
        app.store.saved_actor().expect("read").as_deref(),
        Some("Trần Văn Hai")
    );
    assert_eq!(app.who, "Trần Văn Hai");
    assert_eq!(app.store.device_name().as_deref(), Some("Máy 1"), "kept");
}

// ------------------------------------------------------------ undo

/// A running visit for P-QT, then the app on its checklist.
fn checklist_of_p_qt(dir: &TempDir) -> App {
    let store = common::build::open(dir.path());
    let app = App::new(store, Lang::Vi, today()).expect("app");
    let mut app = app;
    press(&mut app, KeyCode::F(3));
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.screen, ScreenId::Checklist);
    app
}

fn first_day_with_a_visit() -> TempDir {
    let (dir, store) = first_day_store();
    let template = store.templates().expect("read")[0].id;
    let p_qt = store.unit_by_code("P-QT").expect("read").expect("P-QT").id;
    let mut v = visit("HK-2026-01", template, vec![p_qt]);
    v.status = VisitStatus::InProgress;
    store.commit(Change::create(v), None).expect("plan");
    dir
}

/// The cursor on `item`, moving down or up to it.
fn go_to(app: &mut App, item: &str) {
    let items = &app.screens.checklist.items;
    let at = items
        .iter()
        .position(|i| i.code == item)
        .unwrap_or_else(|| panic!("item {item} on the checklist"));
    while app.screens.checklist.cursor.selected < at {
        ch(app, 'j');
    }
    while app.screens.checklist.cursor.selected > at {
        ch(app, 'k');
    }
}

fn verdict(app: &App, item: &str) -> Option<Verdict> {
    let v = app
        .store
        .visit_by_code("HK-2026-01")
        .expect("read")
        .expect("visit");
    app.store
        .answer(v.id, unit(app, "P-QT").id, item)
        .expect("read")
        .map(|a| a.verdict)
}

#[test]
fn undo_after_reopening_the_app_says_what_came_back() {
    let dir = first_day_with_a_visit();
    let mut app = checklist_of_p_qt(&dir);
    go_to(&mut app, "II.1");
    ch(&mut app, '3');
    assert_eq!(verdict(&app, "II.1"), Some(Verdict::Fail));
    drop(app);

    for (lang, said) in [
        (Lang::Vi, "Đã hoàn tác: II.1 của P-QT trở lại Chưa kiểm tra"),
        (Lang::En, "Undone: II.1 of P-QT is back to Not checked"),
    ] {
        let mut app = checklist_of_p_qt(&dir);
        app.set_lang(lang);
        if lang == Lang::En {
            // Done again, to undo it again in English.
            go_to(&mut app, "II.1");
            ch(&mut app, '3');
            drop(app);
            app = checklist_of_p_qt(&dir);
            app.set_lang(lang);
        }
        ch(&mut app, 'u');
        assert_eq!(status(&app), said);
        assert_eq!(verdict(&app, "II.1"), None);
        let op = last_op(&app);
        assert!(op.undoes.is_some() && op.actor == ACTOR, "{op:?}");
        let row = &app.screens.checklist.items;
        assert!(
            row.iter().all(|i| i.verdict == Verdict::Unchecked),
            "the screen follows"
        );
        drop(app);
    }
}

#[test]
fn the_undo_list_shows_my_changes_newest_first_and_refuses_one_changed_since() {
    let dir = first_day_with_a_visit();
    let mut app = checklist_of_p_qt(&dir);
    go_to(&mut app, "I.1");
    ch(&mut app, '1');
    ch(&mut app, '3'); // I.2
    go_to(&mut app, "I.1");
    ch(&mut app, '2');
    ch(&mut app, ':');
    type_text(&mut app, "undo");
    press(&mut app, KeyCode::Enter);
    let lines: Vec<String> = match &app.mode {
        Mode::Form(f) => {
            let form = f
                .form::<haukiem::tui::form::UndoForm>()
                .expect("the undo list");
            form.ops
                .iter()
                .map(|op| haukiem::tui::told::done(&op.change, &app.units, Lang::Vi))
                .collect()
        }
        other => panic!("{other:?}"),
    };
    // Newest first; before them, the visit and the imports, made under
    // the same name.
    assert_eq!(
        lines[..4],
        [
            "I.1 của P-QT → Đạt một phần",
            "I.2 của P-QT → Chưa đạt",
            "I.1 của P-QT → Đạt",
            "lập đợt HK-2026-01 — Hậu kiểm khắc phục sau kiểm điểm"
        ]
    );
    let screen = text_of(render(&mut app, 120, 35).backend().buffer()).join("\n");
    assert!(screen.contains("· I.2 của P-QT → Chưa đạt"), "{screen}");
    // The oldest: I.1 changed since.
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Down);
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        form_error(&app).as_deref(),
        Some("Không thể hoàn tác: kết quả mục I.1 đã thay đổi sau thao tác này.")
    );
    assert_eq!(verdict(&app, "I.1"), Some(Verdict::Partial));
    // The one before: I.2, nothing changed since.
    press(&mut app, KeyCode::Up);
    press(&mut app, KeyCode::Enter);
    assert!(!in_form(&app));
    assert_eq!(
        status(&app),
        "Đã hoàn tác: I.2 của P-QT trở lại Chưa kiểm tra"
    );
    assert_eq!(verdict(&app, "I.2"), None);
    assert_eq!(verdict(&app, "I.1"), Some(Verdict::Partial));
}
