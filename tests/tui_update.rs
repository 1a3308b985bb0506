//! Action-driven tests of the terminal app over a temporary database loaded
//! with the demo: keys go in, and the result is read back through the store.

mod common;

use chrono::{Datelike, NaiveDate};
use crossterm::event::KeyCode;
use haukiem::domain::filter::search_text;
use haukiem::domain::label::Labelled;
use haukiem::domain::text::{Query, fold};
use haukiem::domain::{Event, Finding, FindingStatus, Id, Verdict};
use haukiem::tui::app::{Mode, Tone};
use haukiem::tui::form::finding::Target;
use haukiem::tui::form::{FindingForm, StatusForm};
use haukiem::tui::keymap::{Ctx, hints};
use haukiem::tui::screen::ScreenId;
use haukiem::tui::screen::checklist::Pane;
use haukiem::tui::screen::findings::Sort;
use haukiem::tui::{App, Lang};
use tempfile::TempDir;
use unicode_normalization::{UnicodeNormalization, is_nfc};

use common::app::{
    ch, ctrl, demo_app, demo_store, empty_app, form_error, go_to_item, in_form, item_row,
    open_checklist, open_palette_and_run, press, render, status, text_of, tone, type_text,
    visit_row,
};
use common::build::{date, today};

const QUANG_TRUNG: &str = "Đảng bộ phường Quang Trung";

/// The demo app in Vietnamese, its lists as long as a 30-row terminal shows.
fn demo() -> (TempDir, App) {
    let (dir, mut app) = demo_app(Lang::Vi);
    app.page = haukiem::tui::ui::page_rows(30);
    (dir, app)
}

fn form_focus(app: &App) -> usize {
    match &app.mode {
        Mode::Form(f) => f.focus_index(),
        _ => panic!("not in a form: {:?}", app.mode),
    }
}

fn form_text(app: &App, i: usize) -> String {
    match &app.mode {
        Mode::Form(f) => f.rows()[i].input.text(),
        _ => panic!("not in a form"),
    }
}

fn unit_id(app: &App, code: &str) -> Id {
    app.store
        .unit_by_code(code)
        .expect("read unit")
        .expect("unit exists")
        .id
}

fn visit_id(app: &App, code: &str) -> Id {
    app.store
        .visit_by_code(code)
        .expect("read visit")
        .expect("visit exists")
        .id
}

fn finding(app: &App, id: Id) -> Finding {
    app.store
        .finding(id)
        .expect("read finding")
        .expect("finding exists")
}

fn section<'a>(app: &'a App, code: &str) -> &'a haukiem::tui::screen::checklist::SectionInfo {
    app.screens
        .checklist
        .sections
        .iter()
        .find(|s| s.code == code)
        .expect("section")
}

fn verdict_of(app: &App, item: &str) -> Option<Verdict> {
    let v = visit_id(app, "HK-2026-02");
    let u = unit_id(app, "P-QT");
    app.store
        .answer(v, u, item)
        .expect("read answer")
        .map(|a| a.verdict)
}

/// Open a finding's detail screen by reference through the palette.
fn open_detail(app: &mut App, reference: &str) {
    open_palette_and_run(app, &format!("finding {reference}"));
    assert_eq!(app.screen, ScreenId::Detail, "{}", status(app));
    assert_eq!(
        app.screens
            .detail
            .finding
            .as_ref()
            .map(|f| f.reference.as_str()),
        Some(reference)
    );
}

/// The first finding that satisfies `pred`, by reference order.
fn pick(app: &App, pred: impl Fn(&Finding) -> bool) -> Finding {
    let mut all = app.store.findings().expect("findings");
    all.sort_by(|a, b| a.reference.cmp(&b.reference));
    all.into_iter()
        .find(|f| pred(f))
        .expect("a matching finding")
}

// ------------------------------------------------------------ checklist

#[test]
fn walking_the_checklist_stores_each_verdict_and_advances() {
    let (_dir, mut app) = demo();
    open_checklist(&mut app, "P-QT");
    assert_eq!(app.screens.checklist.cursor.selected, 0);
    assert_eq!(verdict_of(&app, "II.1"), None, "II.1 starts unanswered");
    let before = section(&app, "II").clone();
    assert_eq!((before.answered, before.failed), (0, 0));

    go_to_item(&mut app, "II.1");
    let start = app.screens.checklist.cursor.selected;
    ch(&mut app, '1');
    assert_eq!(verdict_of(&app, "II.1"), Some(Verdict::Pass));
    assert_eq!(
        app.screens.checklist.cursor.selected,
        start + 1,
        "cursor advanced"
    );
    // Drawn at once; "saved" only once the saver thread's sync returned.
    assert!(status(&app).contains("Đang lưu: II.1"), "{}", status(&app));
    assert_eq!(tone(&app), Some(Tone::Info));
    app.settle();
    assert!(status(&app).contains("Đã lưu: II.1"), "{}", status(&app));
    assert_eq!(tone(&app), Some(Tone::Ok));
    assert!(!app.busy(), "nothing left to sync");

    ch(&mut app, '2');
    assert_eq!(verdict_of(&app, "II.2"), Some(Verdict::Partial));
    ch(&mut app, '3');
    assert_eq!(verdict_of(&app, "II.3"), Some(Verdict::Fail));
    assert_eq!(app.screens.checklist.cursor.selected, start + 3);

    // Section II has a fourth item for wards (II.4), still unanswered.
    let ii = section(&app, "II");
    assert_eq!((ii.answered, ii.total, ii.failed), (3, 4, 2));
    assert_eq!(item_row(&app, "II.4").verdict, Verdict::Unchecked);

    // III.1: not applicable; III.2: the Vietnamese keyboard's đ means d (Đạt).
    go_to_item(&mut app, "III.1");
    ch(&mut app, '4');
    assert_eq!(verdict_of(&app, "III.1"), Some(Verdict::NotApplicable));
    ch(&mut app, 'đ');
    assert_eq!(verdict_of(&app, "III.2"), Some(Verdict::Pass));
    ch(&mut app, 'd');
    assert_eq!(verdict_of(&app, "III.3"), Some(Verdict::Pass));
    assert_eq!(section(&app, "III").answered, 3);

    // 0 clears the verdict: an answer with no note is removed.
    go_to_item(&mut app, "III.2");
    ch(&mut app, '0');
    assert_eq!(verdict_of(&app, "III.2"), None);
    let iii = section(&app, "III");
    assert_eq!((iii.answered, iii.failed), (2, 0));
    let row = item_row(&app, "III.2");
    assert_eq!(row.verdict, Verdict::Unchecked);

    // The visit's progress row agrees with the store.
    ch(&mut app, 'h');
    assert_eq!(app.screen, ScreenId::Visit);
    let qt = &app.screens.visit.rows[visit_row(&app, QUANG_TRUNG)];
    let v = visit_id(&app, "HK-2026-02");
    let u = unit_id(&app, "P-QT");
    let stored = app.store.answers_of(v, u).expect("answers");
    assert_eq!(
        qt.answered,
        stored.iter().filter(|a| a.verdict.is_answered()).count() as u64
    );
}

#[test]
fn clearing_a_verdict_keeps_the_note_and_evidence() {
    let (_dir, mut app) = demo();
    open_checklist(&mut app, "P-QT");
    go_to_item(&mut app, "I.2");
    let v = visit_id(&app, "HK-2026-02");
    let u = unit_id(&app, "P-QT");
    let before = app
        .store
        .answer(v, u, "I.2")
        .expect("read")
        .expect("answered in the demo");
    ch(&mut app, '0');
    let after = app.store.answer(v, u, "I.2").expect("read").expect("kept");
    assert_eq!(after.verdict, Verdict::Unchecked);
    assert_eq!(after.note, before.note);
    assert_eq!(after.evidence, before.evidence);
}

#[test]
fn note_and_evidence_are_stored_nfc() {
    let (_dir, mut app) = demo();
    open_checklist(&mut app, "P-QT");
    go_to_item(&mut app, "II.1");
    ch(&mut app, 'e');
    assert!(in_form(&app));
    assert_eq!(form_focus(&app), 0, "evidence first");
    let evidence = "Biên bản hội nghị học tập Nghị quyết ngày 12/10/2026";
    // Decomposed, as macOS and "Unicode tổ hợp" IMEs send it.
    type_text(&mut app, &evidence.nfd().collect::<String>());
    press(&mut app, KeyCode::Tab);
    assert_eq!(form_focus(&app), 1);
    type_text(&mut app, "Đảng ủy đã tổ chức");
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "quán triệt đầy đủ.");
    ctrl(&mut app, 's');
    assert!(matches!(app.mode, Mode::Browse), "{}", status(&app));
    let a = app
        .store
        .answer(visit_id(&app, "HK-2026-02"), unit_id(&app, "P-QT"), "II.1")
        .expect("read")
        .expect("answer created with the note");
    assert_eq!(a.evidence, evidence);
    assert!(is_nfc(&a.evidence));
    assert_eq!(a.note, "Đảng ủy đã tổ chức\nquán triệt đầy đủ.");
    assert!(is_nfc(&a.note));
    assert_eq!(
        a.verdict,
        Verdict::Unchecked,
        "a note alone sets no verdict"
    );
    assert!(status(&app).contains("Đã lưu"));
    let row = &app.screens.checklist.items[app.screens.checklist.cursor.selected];
    assert_eq!(row.code, "II.1");
    assert_eq!(row.seen, evidence);

    // Enter on an item opens the same form, prefilled.
    press(&mut app, KeyCode::Enter);
    assert_eq!(form_text(&app, 0), evidence);
    press(&mut app, KeyCode::Esc);
    assert!(matches!(app.mode, Mode::Browse));
}

// ------------------------------------------------------------ new finding

/// In the Quang Trung checklist, mark `item` as failed and open the finding form.
fn finding_form_on_failed_item(app: &mut App, item: &str) {
    open_checklist(app, "P-QT");
    go_to_item(app, item);
    ch(app, '3');
    ch(app, 'k');
    assert_eq!(
        app.screens.checklist.items[app.screens.checklist.cursor.selected].code,
        item
    );
    ch(app, 'f');
    assert!(in_form(app), "{}", status(app));
}

/// Replace the text of the focused field.
fn retype(app: &mut App, text: &str) {
    for _ in 0..40 {
        press(app, KeyCode::Backspace);
    }
    type_text(app, text);
}

fn fill_and_save_finding(app: &mut App, title: &str, responsible: &str, due: &str) {
    assert_eq!(form_focus(app), 0);
    type_text(app, title);
    for _ in 0..4 {
        press(app, KeyCode::Tab);
    }
    assert_eq!(form_focus(app), 4, "responsible body or person");
    type_text(app, responsible);
    for _ in 0..3 {
        press(app, KeyCode::Tab);
    }
    assert_eq!(form_focus(app), 7, "deadline");
    retype(app, due);
    ctrl(app, 's');
}

fn is_reference_of(reference: &str, visit: &str, seq: u32) -> bool {
    let Some(rest) = reference.strip_prefix(&format!("{visit}-")) else {
        return false;
    };
    let (tag, n) = rest.split_at(rest.len().min(3));
    tag.len() == 3
        && tag
            .chars()
            .all(|c| c.is_ascii_uppercase() && c != 'I' && c != 'O')
        && n == format!("{seq:02}")
}

fn new_findings(app: &App, before: &[Finding]) -> Vec<Finding> {
    app.store
        .findings()
        .expect("findings")
        .into_iter()
        .filter(|f| !before.iter().any(|b| b.id == f.id))
        .collect()
}

#[test]
fn a_finding_from_a_failed_item_is_prefilled_and_stored_nfc() {
    let (_dir, mut app) = demo();
    finding_form_on_failed_item(&mut app, "II.1");
    let v = visit_id(&app, "HK-2026-02");
    let u = unit_id(&app, "P-QT");
    match &app.mode {
        Mode::Form(f) => {
            assert_eq!(
                f.form::<FindingForm>().map(|f| &f.target),
                Some(&Target::New {
                    visit: v,
                    unit: u,
                    item: Some("II.1".into())
                })
            );
            assert_eq!(
                f.rows()[7].input.text(),
                "20/12/2026",
                "default deadline: today + 30"
            );
        }
        other => panic!("{other:?}"),
    }
    let before = app.store.findings().expect("findings");
    let ops = app.store.op_count();
    let title = "Chưa tổ chức học tập Nghị quyết kịp thời";
    let nfd: String = title.nfd().collect();
    assert_ne!(nfd, title);
    fill_and_save_finding(&mut app, &nfd, "Ban Thường vụ Đảng ủy phường", "+30");
    assert!(matches!(app.mode, Mode::Browse), "{}", status(&app));
    let added = new_findings(&app, &before);
    assert_eq!(added.len(), 1);
    let f = &added[0];
    assert_eq!(f.title, title);
    assert!(is_nfc(&f.title));
    assert_eq!(f.responsibility.name, "Ban Thường vụ Đảng ủy phường");
    assert_eq!(f.item.as_deref(), Some("II.1"));
    assert_eq!((f.unit, f.visit), (u, v));
    assert_eq!(f.due, date(2026, 12, 20));
    assert_eq!(f.created, today());
    assert_eq!(f.status, FindingStatus::Open);
    assert!(
        is_reference_of(&f.reference, "HK-2026-02", 1),
        "{}",
        f.reference
    );
    assert_eq!(app.store.op_count(), ops + 1);
    assert!(status(&app).contains(&f.reference), "{}", status(&app));
    // The item now carries the flag.
    let row = &app.screens.checklist.items[app.screens.checklist.cursor.selected];
    assert_eq!((row.code.as_str(), row.findings), ("II.1", 1));
    // And the reference finds it.
    assert_eq!(
        app.store
            .finding_by_ref(&f.reference)
            .expect("read")
            .map(|x| x.id),
        Some(f.id)
    );
}

#[test]
fn a_finding_deadline_in_short_form_is_understood() {
    let (_dir, mut app) = demo();
    finding_form_on_failed_item(&mut app, "II.2");
    let before = app.store.findings().expect("findings");
    fill_and_save_finding(
        &mut app,
        "Chương trình hành động chưa cụ thể",
        "Đảng ủy",
        "15/1/27",
    );
    assert!(matches!(app.mode, Mode::Browse), "{}", status(&app));
    let added = new_findings(&app, &before);
    assert_eq!(added.len(), 1);
    assert_eq!(added[0].due, date(2027, 1, 15));
    assert_eq!(added[0].item.as_deref(), Some("II.2"));

    // A second finding from the same laptop in the same visit gets the next number.
    ch(&mut app, 'f');
    let before = app.store.findings().expect("findings");
    fill_and_save_finding(&mut app, "Lần hai", "Đảng ủy", "+10");
    let second = new_findings(&app, &before);
    assert_eq!(second.len(), 1);
    assert!(is_reference_of(&second[0].reference, "HK-2026-02", 2));
    assert_eq!(
        second[0].reference[..second[0].reference.len() - 2],
        added[0].reference[..added[0].reference.len() - 2]
    );
}

#[test]
fn an_impossible_deadline_keeps_the_form_open_and_writes_nothing() {
    let (_dir, mut app) = demo();
    finding_form_on_failed_item(&mut app, "II.1");
    let ops = app.store.op_count();
    let count = app.store.findings().expect("findings").len();
    fill_and_save_finding(&mut app, "Tiêu đề", "Đảng ủy", "31/02/2026");
    assert!(in_form(&app), "the form stays open");
    let err = form_error(&app).expect("an error in the form");
    assert!(err.contains("31/02/2026"), "{err}");
    assert_eq!(tone(&app), Some(Tone::Error));
    assert_eq!(app.store.op_count(), ops);
    assert_eq!(app.store.findings().expect("findings").len(), count);
    // What was typed is still there to correct.
    assert_eq!(form_text(&app, 0), "Tiêu đề");
    assert_eq!(form_text(&app, 7), "31/02/2026");
    // Correct it and save.
    retype(&mut app, "28/02/2027");
    ctrl(&mut app, 's');
    assert!(matches!(app.mode, Mode::Browse), "{}", status(&app));
    assert_eq!(app.store.findings().expect("findings").len(), count + 1);
}

#[test]
fn a_deadline_before_today_or_an_empty_title_is_refused() {
    let (_dir, mut app) = demo();
    finding_form_on_failed_item(&mut app, "II.1");
    let ops = app.store.op_count();
    // Empty title: the required field is named and focused.
    for _ in 0..7 {
        press(&mut app, KeyCode::Tab);
    }
    ctrl(&mut app, 's');
    assert!(in_form(&app));
    assert_eq!(form_focus(&app), 0);
    assert!(form_error(&app).is_some());
    type_text(&mut app, "Có tiêu đề");
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "Chi ủy");
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    retype(&mut app, "01/01/2020");
    ctrl(&mut app, 's');
    assert!(in_form(&app), "a deadline before the finding is recorded");
    assert_eq!(app.store.op_count(), ops);
    // Esc abandons the form without writing (the first asks, as it is filled).
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Esc);
    assert!(matches!(app.mode, Mode::Browse));
    assert_eq!(app.store.op_count(), ops);
}

#[test]
fn after_a_refusal_tab_keeps_the_focus_on_the_field_to_correct() {
    let (_dir, mut app) = demo();
    let f = pick(&app, |f| f.status == FindingStatus::Open);
    open_detail(&mut app, &f.reference);
    // The new deadline, then save without the reason.
    ch(&mut app, 'x');
    type_text(&mut app, "+60");
    ctrl(&mut app, 's');
    assert_eq!(form_error(&app).as_deref(), Some("Lý do (bắt buộc)"));
    assert_eq!(form_focus(&app), 1, "on the reason");
    // One Tab, as from the date to the reason: it stays there.
    press(&mut app, KeyCode::Tab);
    assert_eq!(form_focus(&app), 1);
    let reason = "Đảng ủy phường xin gia hạn để hoàn thiện hồ sơ";
    type_text(&mut app, reason);
    assert_eq!(form_text(&app, 0), "+60", "nothing typed into the date");
    assert_eq!(form_text(&app, 1), reason);
    // Typed into, the field lets Tab go on.
    press(&mut app, KeyCode::Tab);
    assert_eq!(form_focus(&app), 0);
    ctrl(&mut app, 's');
    assert!(!in_form(&app), "{}", status(&app));
    assert_eq!(finding(&app, f.id).due, today() + chrono::Days::new(60));

    // The finding form: a title, then save without the responsible body.
    finding_form_on_failed_item(&mut app, "II.1");
    let title = "Chưa tổ chức học tập nghị quyết";
    type_text(&mut app, title);
    ctrl(&mut app, 's');
    assert_eq!(form_focus(&app), 4, "on the responsible body or person");
    // Four Tabs, as from the title to it: it stays there.
    for _ in 0..4 {
        press(&mut app, KeyCode::Tab);
    }
    assert_eq!(form_focus(&app), 4);
    type_text(&mut app, "Ban Thường vụ Đảng ủy phường");
    assert_eq!(form_text(&app, 0), title, "nothing typed into the title");
    assert_eq!(form_text(&app, 4), "Ban Thường vụ Đảng ủy phường");
}

#[test]
fn a_rule_refusal_speaks_the_ui_language_with_dd_mm_yyyy_dates() {
    for (lang, said) in [
        (
            Lang::Vi,
            "Hạn khắc phục 01/01/2020 trước ngày ghi nhận hạn chế, khuyết điểm (20/11/2026)",
        ),
        (
            Lang::En,
            "The deadline 01/01/2020 is before the day the finding was recorded (20/11/2026)",
        ),
    ] {
        let (_dir, mut app) = demo();
        app.set_lang(lang);
        finding_form_on_failed_item(&mut app, "II.1");
        let ops = app.store.op_count();
        fill_and_save_finding(&mut app, "Chưa học tập nghị quyết", "Chi ủy", "01/01/2020");
        assert!(in_form(&app));
        assert_eq!(form_error(&app).as_deref(), Some(said), "{lang:?}");
        assert_eq!(form_focus(&app), 7, "on the deadline");
        assert_eq!(app.store.op_count(), ops);
    }
    // A new deadline not after the current one, refused at the date.
    let (_dir, mut app) = demo();
    let f = pick(&app, |f| f.status == FindingStatus::Open);
    open_detail(&mut app, &f.reference);
    ch(&mut app, 'x');
    type_text(&mut app, &haukiem::domain::date::format_date(f.due));
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "lý do");
    ctrl(&mut app, 's');
    let due = haukiem::domain::date::format_date(f.due);
    assert_eq!(
        form_error(&app),
        Some(format!(
            "Hạn chế, khuyết điểm {}: hạn mới {due} phải sau hạn hiện tại {due}.",
            f.reference
        ))
    );
    assert_eq!(form_focus(&app), 0);
}

#[test]
fn a_finding_is_refused_on_a_passed_item() {
    let (_dir, mut app) = demo();
    open_checklist(&mut app, "P-QT");
    go_to_item(&mut app, "I.1");
    assert_eq!(verdict_of(&app, "I.1"), Some(Verdict::Pass));
    let ops = app.store.op_count();
    ch(&mut app, 'f');
    assert!(matches!(app.mode, Mode::Browse));
    assert!(status(&app).contains("Chưa đạt"), "{}", status(&app));
    assert_eq!(app.store.op_count(), ops);
    // Unanswered items too.
    go_to_item(&mut app, "II.1");
    ch(&mut app, 'f');
    assert!(matches!(app.mode, Mode::Browse));
}

// ------------------------------------------------------------ findings list

#[test]
fn findings_filters_agree_with_the_store() {
    let (_dir, mut app) = demo();
    let t = today();
    let all = app.store.findings().expect("findings");
    let summary = app.store.summary(t).expect("summary");
    press(&mut app, KeyCode::F(4));
    assert_eq!(app.screen, ScreenId::Findings);
    assert_eq!(app.screens.findings.shown.len(), all.len());
    let shown = |app: &App| -> Vec<Finding> { app.shown_findings().expect("findings") };

    // Status: each press moves to the next status, then back to all.
    for st in FindingStatus::ALL {
        ch(&mut app, 's');
        assert_eq!(app.screens.findings.status, Some(*st));
        let list = shown(&app);
        assert!(list.iter().all(|f| f.status == *st));
        assert_eq!(
            list.len(),
            all.iter().filter(|f| f.status == *st).count(),
            "{st:?}"
        );
        assert_eq!(list.len() as u64, summary.by_status[*st]);
    }
    ch(&mut app, 's');
    assert_eq!(app.screens.findings.status, None);
    assert_eq!(app.screens.findings.shown.len(), all.len());

    // Overdue only.
    ch(&mut app, 'o');
    let list = shown(&app);
    assert!(!list.is_empty());
    assert!(list.iter().all(|f| f.days_overdue(t).is_some()));
    assert_eq!(list.len() as u64, summary.overdue);
    // Urgency order: the most overdue first.
    let days: Vec<i64> = list.iter().filter_map(|f| f.days_overdue(t)).collect();
    assert!(days.windows(2).all(|w| w[0] >= w[1]), "{days:?}");
    ch(&mut app, 'o');
    assert!(!app.screens.findings.overdue);

    // Due within 7, then 30 days, then no window.
    let within = |n: i64| {
        all.iter()
            .filter(|f| f.status.is_active() && f.due >= t && (f.due - t).num_days() <= n)
            .count()
    };
    ch(&mut app, 'w');
    assert_eq!(app.screens.findings.window, Some(7));
    assert_eq!(app.screens.findings.shown.len(), within(7));
    assert_eq!(app.screens.findings.shown.len() as u64, summary.due_7);
    ch(&mut app, 'w');
    assert_eq!(app.screens.findings.window, Some(30));
    assert_eq!(app.screens.findings.shown.len(), within(30));
    assert_eq!(app.screens.findings.shown.len() as u64, summary.due_30);
    assert!(summary.due_30 >= summary.due_7 && summary.due_30 > 0);
    ch(&mut app, 'w');
    assert_eq!(app.screens.findings.window, None);

    // Sort: urgency → due → unit → urgency.
    assert_eq!(app.screens.findings.sort, Sort::Urgency);
    ch(&mut app, 'r');
    assert_eq!(app.screens.findings.sort, Sort::Due);
    let dues: Vec<NaiveDate> = shown(&app).iter().map(|f| f.due).collect();
    assert!(dues.windows(2).all(|w| w[0] <= w[1]));
    ch(&mut app, 'r');
    assert_eq!(app.screens.findings.sort, Sort::Unit);
    let names: Vec<String> = app
        .shown_findings()
        .expect("findings")
        .iter()
        .map(|f| app.unit_name(f.unit))
        .collect();
    assert!(
        names
            .windows(2)
            .all(|w| haukiem::domain::text::vi_cmp(&w[0], &w[1]).is_le())
    );
    ch(&mut app, 'r');
    assert_eq!(app.screens.findings.sort, Sort::Urgency);

    // x clears every filter.
    ch(&mut app, 's');
    ch(&mut app, 'o');
    ch(&mut app, 'w');
    ch(&mut app, 'x');
    assert_eq!(app.screens.findings.status, None);
    assert!(!app.screens.findings.overdue);
    assert_eq!(app.screens.findings.window, None);
    assert_eq!(app.screens.findings.shown.len(), all.len());
}

#[test]
fn search_ignores_diacritics_and_esc_clears_it() {
    let (_dir, mut app) = demo();
    let all = app.store.findings().expect("findings");
    press(&mut app, KeyCode::F(4));
    for q in ["khac phuc", "ho so"] {
        ch(&mut app, '/');
        assert!(matches!(app.mode, Mode::Search(_)));
        type_text(&mut app, q);
        assert_eq!(app.screens.findings.search, q);
        let query = Query::new(q);
        let expected = all
            .iter()
            .filter(|f| query.matches(&search_text(f)))
            .count();
        assert!(expected > 0, "the demo has findings about {q}");
        assert!(expected < all.len(), "{q} narrows the list");
        assert_eq!(app.screens.findings.shown.len(), expected, "{q}");
        let words: Vec<&str> = q.split(' ').collect();
        for f in &app.shown_findings().expect("findings") {
            let folded = fold(&search_text(f));
            assert!(words.iter().all(|w| folded.contains(w)), "{folded}");
        }
        // Enter keeps the search and returns to browsing; / reopens it with the text.
        press(&mut app, KeyCode::Enter);
        assert!(matches!(app.mode, Mode::Browse));
        assert_eq!(app.screens.findings.shown.len(), expected);
        ch(&mut app, '/');
        press(&mut app, KeyCode::Esc);
        assert!(matches!(app.mode, Mode::Browse));
        assert_eq!(app.screens.findings.search, "");
        assert_eq!(app.screens.findings.shown.len(), all.len());
    }
    // With diacritics, the word must match exactly: "hồ sơ" ⊂ "ho so".
    ch(&mut app, '/');
    type_text(&mut app, "hồ sơ");
    let exact = app.screens.findings.shown.len();
    press(&mut app, KeyCode::Esc);
    let query = Query::new("hồ sơ");
    assert_eq!(
        exact,
        all.iter()
            .filter(|f| query.matches(&search_text(f)))
            .count()
    );
}

// ------------------------------------------------------------ follow-up

#[test]
fn a_status_change_with_a_note_is_stored_in_the_history() {
    let (_dir, mut app) = demo();
    let f = pick(&app, |f| f.status == FindingStatus::Open);
    open_detail(&mut app, &f.reference);
    ch(&mut app, 't');
    match &app.mode {
        Mode::Form(form) => match form
            .form::<StatusForm>()
            .map(|s| s.status.options().to_vec())
        {
            Some(options) => {
                assert_eq!(options.as_slice(), FindingStatus::Open.next());
            }
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    }
    // The first option of an open finding is "đang khắc phục".
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "Đơn vị đã xây dựng kế hoạch khắc phục");
    let ops = app.store.op_count();
    ctrl(&mut app, 's');
    assert!(matches!(app.mode, Mode::Browse), "{}", status(&app));
    let after = finding(&app, f.id);
    assert_eq!(after.status, FindingStatus::InProgress);
    assert_eq!(after.history.len(), f.history.len() + 1);
    let last = after.history.last().expect("history");
    assert_eq!(
        last.event,
        Event::Status {
            from: FindingStatus::Open,
            to: FindingStatus::InProgress
        }
    );
    assert_eq!(last.note, "Đơn vị đã xây dựng kế hoạch khắc phục");
    assert_eq!(last.date, today());
    assert_eq!(app.store.op_count(), ops + 1);
    assert_eq!(
        app.screens.detail.finding.as_ref().map(|x| x.status),
        Some(FindingStatus::InProgress),
        "the screen shows the stored state"
    );

    // The choice moves with the arrows: in progress → cannot be remediated (second option).
    ch(&mut app, 't');
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "Báo cáo số 12-BC/ĐU");
    ctrl(&mut app, 's');
    assert_eq!(finding(&app, f.id).status, FindingStatus::Unremediable);
}

#[test]
fn a_status_change_needs_a_note() {
    let (_dir, mut app) = demo();
    let f = pick(&app, |f| f.status == FindingStatus::Open);
    open_detail(&mut app, &f.reference);
    ch(&mut app, 't');
    let ops = app.store.op_count();
    ctrl(&mut app, 's');
    assert!(in_form(&app));
    assert_eq!(form_focus(&app), 1, "the note field is focused");
    assert_eq!(app.store.op_count(), ops);
    assert_eq!(finding(&app, f.id), f);
}

#[test]
fn extending_a_deadline_needs_a_reason_and_records_both_dates() {
    let (_dir, mut app) = demo();
    let t = today();
    let f = pick(&app, |f| f.days_overdue(t).is_some());
    open_detail(&mut app, &f.reference);
    ch(&mut app, 'x');
    assert!(in_form(&app));
    type_text(&mut app, "+30");
    let ops = app.store.op_count();

    // No reason: refused, nothing written.
    ctrl(&mut app, 's');
    assert!(in_form(&app));
    assert_eq!(form_focus(&app), 1);
    assert!(form_error(&app).is_some());
    assert_eq!(app.store.op_count(), ops);
    assert_eq!(finding(&app, f.id), f);

    type_text(&mut app, "Chờ Thành ủy cho ý kiến về nhân sự");
    ctrl(&mut app, 's');
    assert!(matches!(app.mode, Mode::Browse), "{}", status(&app));
    let after = finding(&app, f.id);
    assert_eq!(after.due, date(2026, 12, 20));
    let last = after.history.last().expect("history");
    assert_eq!(
        last.event,
        Event::Extended {
            from: f.due,
            to: date(2026, 12, 20)
        }
    );
    assert_eq!(last.note, "Chờ Thành ủy cho ý kiến về nhân sự");
    assert_eq!(after.original_due(), f.original_due());
    assert_eq!(app.store.op_count(), ops + 1);
    let op = app.store.last_op().expect("read").expect("op");
    assert_eq!(
        op.reason.as_deref(),
        Some("Chờ Thành ủy cho ý kiến về nhân sự")
    );
    assert!(after.days_overdue(t).is_none(), "no longer overdue");
    assert!(status(&app).contains("20/12/2026"), "{}", status(&app));

    // An extension to a day not after the current deadline is refused.
    ch(&mut app, 'x');
    type_text(&mut app, "+5");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "Lý do");
    ctrl(&mut app, 's');
    assert!(in_form(&app));
    assert_eq!(finding(&app, f.id), after);
    press(&mut app, KeyCode::Esc);
}

#[test]
fn verify_is_offered_only_for_remediated_findings() {
    let (_dir, mut app) = demo();
    let done = pick(&app, |f| f.status == FindingStatus::Remediated);
    let open = pick(&app, |f| f.status == FindingStatus::Open);
    let closed = pick(&app, |f| f.status.is_final());
    let verified_before = app
        .store
        .summary(today())
        .expect("summary")
        .verified_this_month;

    // An open finding cannot be verified: no form, nothing written.
    open_detail(&mut app, &open.reference);
    let ops = app.store.op_count();
    ch(&mut app, 'v');
    assert!(matches!(app.mode, Mode::Browse));
    assert_eq!(app.store.op_count(), ops);
    assert!(
        status(&app).contains("chờ xác minh"),
        "says why: {}",
        status(&app)
    );

    // A closed one offers nothing at all.
    open_detail(&mut app, &closed.reference);
    ch(&mut app, 't');
    assert!(matches!(app.mode, Mode::Browse));
    assert!(status(&app).contains("đã đóng"), "{}", status(&app));
    ch(&mut app, 'x');
    assert!(
        matches!(app.mode, Mode::Browse),
        "a closed finding cannot be extended"
    );
    assert!(status(&app).contains("đã đóng"), "{}", status(&app));
    assert_eq!(app.store.op_count(), ops);

    // A remediated one: its deadline no longer runs, so no extension;
    // only "đã xác minh" is offered.
    open_detail(&mut app, &done.reference);
    ch(&mut app, 'x');
    assert!(matches!(app.mode, Mode::Browse));
    assert!(status(&app).contains("gia hạn"), "{}", status(&app));
    ch(&mut app, 'v');
    match &app.mode {
        Mode::Form(form) => match form
            .form::<StatusForm>()
            .map(|s| s.status.options().to_vec())
        {
            Some(options) => {
                assert_eq!(options.as_slice(), &[FindingStatus::Verified]);
            }
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    }
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "Đã kiểm tra hồ sơ, xác nhận khắc phục");
    ctrl(&mut app, 's');
    assert!(matches!(app.mode, Mode::Browse), "{}", status(&app));
    let after = finding(&app, done.id);
    assert_eq!(after.status, FindingStatus::Verified);
    assert_eq!(after.verified_on(), Some(today()));
    assert_eq!(
        app.store
            .summary(today())
            .expect("summary")
            .verified_this_month,
        verified_before + 1
    );
}

#[test]
fn esc_asks_before_it_discards_a_filled_form() {
    let asking = |app: &App| matches!(&app.mode, Mode::Form(f) if f.asking());
    let (_dir, mut app) = demo();
    let f = pick(&app, |f| f.status == FindingStatus::Open);
    open_detail(&mut app, &f.reference);
    let ops = app.store.op_count();
    // Nothing typed: Esc closes at once.
    ch(&mut app, 'x');
    press(&mut app, KeyCode::Esc);
    assert!(!in_form(&app));
    // Something typed: Esc asks; any other key goes on editing.
    ch(&mut app, 'x');
    type_text(&mut app, "+30");
    press(&mut app, KeyCode::Esc);
    assert!(in_form(&app) && asking(&app), "the first Esc asks");
    press(&mut app, KeyCode::Tab);
    assert!(in_form(&app) && !asking(&app));
    type_text(&mut app, "lý do");
    assert_eq!(form_text(&app, 1), "lý do", "typing goes on where it was");
    press(&mut app, KeyCode::Esc);
    assert!(asking(&app));
    press(&mut app, KeyCode::Esc);
    assert!(!in_form(&app), "a second Esc discards");
    assert_eq!(app.store.op_count(), ops, "nothing written");
    // An edit form left as it opened closes at once, even prefilled.
    ch(&mut app, 'e');
    assert!(!form_text(&app, 0).is_empty());
    press(&mut app, KeyCode::Esc);
    assert!(!in_form(&app));
}

#[test]
fn a_follow_up_note_is_added_to_the_history() {
    let (_dir, mut app) = demo();
    let f = pick(&app, |f| f.status.is_active());
    open_detail(&mut app, &f.reference);
    ch(&mut app, 'n');
    type_text(&mut app, "Đã làm việc với Chi bộ Tổ dân phố số 2");
    ctrl(&mut app, 's');
    let after = finding(&app, f.id);
    assert_eq!(after.status, f.status);
    let last = after.history.last().expect("history");
    assert_eq!(last.event, Event::Note);
    assert_eq!(last.note, "Đã làm việc với Chi bộ Tổ dân phố số 2");
}

#[test]
fn editing_a_finding_keeps_its_reference_and_history() {
    let (_dir, mut app) = demo();
    // Of a visit still running: a concluded visit's findings take only
    // follow-up.
    let running = visit_id(&app, "HK-2026-02");
    let f = pick(&app, |f| f.status.is_active() && f.visit == running);
    open_detail(&mut app, &f.reference);
    ch(&mut app, 'e');
    assert_eq!(form_text(&app, 0), f.title);
    press(&mut app, KeyCode::End);
    type_text(&mut app, " (sửa)");
    ctrl(&mut app, 's');
    assert!(matches!(app.mode, Mode::Browse), "{}", status(&app));
    let after = finding(&app, f.id);
    assert_eq!(after.title, format!("{} (sửa)", f.title));
    assert_eq!(after.reference, f.reference);
    assert_eq!(after.history, f.history);
    assert_eq!(after.due, f.due);
}

// ------------------------------------------------------------ re-check

#[test]
fn the_recheck_pane_lists_earlier_open_findings_and_records_outcomes() {
    let (_dir, mut app) = demo();
    open_checklist(&mut app, "P-QT");
    let v1 = visit_id(&app, "HK-2026-01");
    let u = unit_id(&app, "P-QT");
    let expected: Vec<Id> = {
        let mut list: Vec<Finding> = app
            .store
            .findings_of_unit(u)
            .expect("findings")
            .into_iter()
            .filter(|f| f.visit == v1 && !f.status.is_final())
            .collect();
        list.sort_by_key(|f| f.due);
        list.iter().map(|f| f.id).collect()
    };
    assert!(expected.len() >= 2, "the demo has earlier open findings");
    let mut listed: Vec<Id> = app.screens.checklist.earlier.iter().map(|f| f.id).collect();
    listed.sort();
    let mut want = expected.clone();
    want.sort();
    assert_eq!(listed, want);
    assert!(app.screens.checklist.earlier.iter().all(|f| f.visit == v1));

    press(&mut app, KeyCode::Tab);
    assert_eq!(app.screens.checklist.pane, Pane::Recheck);
    assert_eq!(app.contexts(), vec![Ctx::Recheck]);

    // 3: chưa khắc phục — a dated note, the status stays.
    let first = app.screens.checklist.earlier[0].clone();
    ch(&mut app, '3');
    let after = finding(&app, first.id);
    assert_eq!(after.history.len(), first.history.len() + 1);
    let last = after.history.last().expect("history");
    assert!(last.note.contains("HK-2026-02"), "{}", last.note);
    assert!(last.note.contains("chưa khắc phục"), "{}", last.note);
    assert_eq!(last.date, today());

    // 2: đang khắc phục.
    let open = app
        .screens
        .checklist
        .earlier
        .iter()
        .position(|f| f.status == FindingStatus::Open);
    if let Some(i) = open {
        while app.screens.checklist.earlier_cursor.selected < i {
            ch(&mut app, 'j');
        }
        let f = app.screens.checklist.earlier[i].clone();
        ch(&mut app, '2');
        let after = finding(&app, f.id);
        assert_eq!(after.status, FindingStatus::InProgress);
        // The status change, then the re-check itself, naming the visit.
        let n = after.history.len();
        assert!(matches!(
            after.history[n - 2].event,
            Event::Status {
                from: FindingStatus::Open,
                to: FindingStatus::InProgress
            }
        ));
        let visit = app.screens.checklist.visit.as_ref().expect("a visit").id;
        assert_eq!(
            after.history[n - 1].event,
            Event::Recheck {
                visit,
                outcome: haukiem::domain::Recheck::Doing
            }
        );
        assert_eq!(
            after.recheck_in(visit),
            Some(haukiem::domain::Recheck::Doing)
        );
    }

    // 1: đã khắc phục — verified on site; it leaves the list.
    ch(&mut app, 'g');
    let f = app.screens.checklist.earlier[0].clone();
    let n = app.screens.checklist.earlier.len();
    ch(&mut app, '1');
    let after = finding(&app, f.id);
    assert_eq!(after.status, FindingStatus::Verified);
    assert_eq!(after.verified_on(), Some(today()));
    assert_eq!(app.screens.checklist.earlier.len(), n - 1);
    assert!(app.screens.checklist.earlier.iter().all(|x| x.id != f.id));
    assert!(status(&app).contains(&f.reference), "{}", status(&app));

    // Esc leaves the pane first, then the screen.
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.screens.checklist.pane, Pane::Items);
    assert_eq!(app.screen, ScreenId::Checklist);
}

#[test]
fn rechecking_the_last_row_keeps_the_cursor_on_a_row() {
    let (_dir, mut app) = demo();
    open_checklist(&mut app, "P-QT");
    press(&mut app, KeyCode::Tab);
    let n = app.screens.checklist.earlier.len();
    ch(&mut app, 'G');
    assert_eq!(app.screens.checklist.earlier_cursor.selected, n - 1);
    let last = app.screens.checklist.earlier[n - 1].clone();
    ch(&mut app, '1');
    assert_eq!(finding(&app, last.id).status, FindingStatus::Verified);
    assert_eq!(app.screens.checklist.earlier.len(), n - 1);
    assert!(
        app.screens.checklist.earlier_cursor.selected < app.screens.checklist.earlier.len(),
        "cursor {} in a list of {}",
        app.screens.checklist.earlier_cursor.selected,
        app.screens.checklist.earlier.len()
    );
    // The next key acts on the row the cursor shows.
    let shown =
        app.screens.checklist.earlier[app.screens.checklist.earlier_cursor.selected].clone();
    ch(&mut app, '3');
    assert_eq!(
        finding(&app, shown.id).history.len(),
        shown.history.len() + 1
    );
}

#[test]
fn the_recheck_cursor_follows_the_finding_just_marked() {
    let (_dir, mut app) = demo();
    open_checklist(&mut app, "P-QT");
    press(&mut app, KeyCode::Tab);
    let n = app.screens.checklist.earlier.len();
    assert!(n >= 2, "the demo has earlier findings to re-check");
    for row in 0..n {
        ch(&mut app, 'g');
        for _ in 0..row {
            ch(&mut app, 'j');
        }
        let marked = app.screens.checklist.earlier[row].clone();
        // Chưa khắc phục: the finding stays in the list, perhaps elsewhere.
        ch(&mut app, '3');
        let c = &app.screens.checklist;
        assert_eq!(
            c.earlier[c.earlier_cursor.selected].id, marked.id,
            "row {row}: the cursor is still on {}",
            marked.reference
        );
        // A second press marks the same finding again, not a neighbour:
        // two re-checks recorded on it.
        ch(&mut app, '3');
        let rechecks = |f: &haukiem::domain::Finding| {
            f.history
                .iter()
                .filter(|h| matches!(h.event, Event::Recheck { .. }))
                .count()
        };
        assert_eq!(
            rechecks(&finding(&app, marked.id)),
            rechecks(&marked) + 2,
            "row {row}"
        );
    }
}

#[test]
fn rechecking_a_remediated_finding_as_not_remediated_reopens_it() {
    let (_dir, mut app) = demo();
    open_checklist(&mut app, "P-QT");
    let i = app
        .screens
        .checklist
        .earlier
        .iter()
        .position(|f| f.status == FindingStatus::Remediated)
        .expect("the demo has a remediated finding of HK-2026-01 at Quang Trung");
    press(&mut app, KeyCode::Tab);
    for _ in 0..i {
        ch(&mut app, 'j');
    }
    let f = app.screens.checklist.earlier[i].clone();
    ch(&mut app, '3');
    assert_eq!(
        finding(&app, f.id).status,
        FindingStatus::InProgress,
        "the team found it not fixed: it is no longer awaiting verification"
    );
}

// ------------------------------------------------------------ dashboard

#[test]
fn the_dashboard_summary_is_a_recount_of_the_findings() {
    let (_dir, app) = demo();
    let t = today();
    let all = app.store.findings().expect("findings");
    let s = app.screens.dashboard.summary;
    assert_eq!(s.total, all.len() as u64);
    assert_eq!(
        s.overdue,
        all.iter().filter(|f| f.days_overdue(t).is_some()).count() as u64
    );
    let within = |n: i64| {
        all.iter()
            .filter(|f| f.status.is_active() && f.due >= t && (f.due - t).num_days() <= n)
            .count() as u64
    };
    assert_eq!(s.due_7, within(7));
    assert_eq!(s.due_30, within(30));
    assert_eq!(
        s.active,
        all.iter().filter(|f| f.status.is_active()).count() as u64
    );
    for st in FindingStatus::ALL {
        assert_eq!(
            s.by_status[*st],
            all.iter().filter(|f| f.status == *st).count() as u64
        );
    }
    assert_eq!(
        s.verified_this_month,
        all.iter()
            .filter_map(Finding::verified_on)
            .filter(|d| d.year() == t.year() && d.month() == t.month())
            .count() as u64
    );
    // Per-unit rows: a unit's findings and those of the units that merged
    // into it.
    let succession = app.store.succession().expect("succession");
    assert!(
        app.screens.dashboard.rows.iter().any(|r| all
            .iter()
            .any(|f| f.unit != r.id && succession.current(f.unit) == r.id)),
        "the demo has a unit counting findings carried over by a merger"
    );
    for row in &app.screens.dashboard.rows {
        let of_unit: Vec<&Finding> = all
            .iter()
            .filter(|f| succession.current(f.unit) == row.id)
            .collect();
        assert_eq!(
            row.active,
            of_unit.iter().filter(|f| f.status.is_active()).count() as u64
        );
        // Every row is on screen, so each has its overdue count.
        assert_eq!(
            row.overdue,
            Some(
                of_unit
                    .iter()
                    .filter(|f| f.days_overdue(t).is_some())
                    .count() as u64
            ),
            "{}",
            row.name
        );
        assert_eq!(
            row.awaiting,
            of_unit
                .iter()
                .filter(|f| f.status == FindingStatus::Remediated)
                .count() as u64
        );
    }
}

#[test]
fn the_dashboard_puts_who_is_late_first_and_r_changes_the_order() {
    let (_dir, mut app) = demo();
    let key = |r: &haukiem::tui::screen::dashboard::UnitRow| (r.overdue.unwrap_or(0), r.active);
    let rows = &app.screens.dashboard.rows;
    assert!(rows.len() > 2);
    assert!(
        rows.windows(2).all(|w| key(&w[0]) >= key(&w[1])),
        "most overdue first, then most open: {:?}",
        rows.iter().map(|r| (&r.name, key(r))).collect::<Vec<_>>()
    );
    assert_ne!(
        rows[0].name, "Đảng bộ Bệnh viện Đa khoa thành phố Nam Định",
        "not by name"
    );
    ch(&mut app, 'j');
    ch(&mut app, 'r');
    assert_eq!(
        app.screens.dashboard.cursor.selected, 0,
        "a new order starts at the top"
    );
    let rows = &app.screens.dashboard.rows;
    let open = |r: &haukiem::tui::screen::dashboard::UnitRow| (r.active, r.overdue.unwrap_or(0));
    assert!(
        rows.windows(2).all(|w| open(&w[0]) >= open(&w[1])),
        "most open first"
    );
    ch(&mut app, 'r');
    let ranks: Vec<u32> = app.screens.dashboard.rows.iter().map(|r| r.rank).collect();
    assert!(ranks.is_sorted(), "by name");
    ch(&mut app, 'r');
    let rows = &app.screens.dashboard.rows;
    assert!(
        rows.windows(2).all(|w| key(&w[0]) >= key(&w[1])),
        "back to overdue"
    );
    // The order stays through a change made elsewhere.
    ch(&mut app, 'r');
    open_checklist(&mut app, "P-QT");
    go_to_item(&mut app, "II.1");
    ch(&mut app, '3');
    press(&mut app, KeyCode::F(2));
    let rows = &app.screens.dashboard.rows;
    assert!(
        rows.windows(2).all(|w| open(&w[0]) >= open(&w[1])),
        "still most open first"
    );
}

#[test]
fn enter_on_a_dashboard_unit_opens_its_findings() {
    let (_dir, mut app) = demo();
    assert_eq!(app.screen, ScreenId::Dashboard);
    // The ward the demo's merger made.
    let ward = app
        .store
        .unit_by_code("P-NAMDINH")
        .expect("read")
        .expect("the new ward");
    let at = app
        .screens
        .dashboard
        .rows
        .iter()
        .position(|r| r.id == ward.id)
        .expect("the new ward is on the dashboard");
    for _ in 0..at {
        ch(&mut app, 'j');
    }
    let row = app.screens.dashboard.rows[at].clone();
    press(&mut app, KeyCode::Enter);
    assert_eq!(app.screen, ScreenId::Findings);
    assert_eq!(app.screens.findings.unit, Some(row.id));
    let of_unit = app.store.findings_of_unit(row.id).expect("findings");
    assert!(!app.screens.findings.shown.is_empty());
    assert_eq!(app.screens.findings.shown.len(), of_unit.len());
    // Its findings are those of the wards that merged into it.
    let succession = app.store.succession().expect("succession");
    let shown = app.shown_findings().expect("findings");
    assert!(shown.iter().all(|f| f.unit != row.id));
    for f in &shown {
        assert_eq!(succession.current(f.unit), row.id);
        assert_eq!(app.unit_name(succession.current(f.unit)), row.name);
    }
    // x clears the unit filter as well; Esc goes back to the dashboard.
    ch(&mut app, 'x');
    assert_eq!(app.screens.findings.unit, None);
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.screen, ScreenId::Dashboard);
    assert_eq!(
        app.screens.dashboard.cursor.selected, at,
        "the dashboard keeps its cursor"
    );
}

#[test]
fn the_dashboard_follows_changes_made_elsewhere_in_the_app() {
    let (_dir, mut app) = demo();
    let t = today();
    let before = app.screens.dashboard.summary;
    let f = pick(&app, |f| f.days_overdue(t).is_some());
    open_detail(&mut app, &f.reference);
    ch(&mut app, 'x');
    type_text(&mut app, "+60");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "Lý do gia hạn");
    ctrl(&mut app, 's');
    press(&mut app, KeyCode::F(2));
    assert_eq!(app.screen, ScreenId::Dashboard);
    assert_eq!(app.screens.dashboard.summary.overdue, before.overdue - 1);
    assert_eq!(
        app.screens.dashboard.summary,
        app.store.summary(t).expect("summary")
    );
}

// ------------------------------------------------------------ undo

#[test]
fn undo_reverts_a_verdict_with_a_compensating_op() {
    let (_dir, mut app) = demo();
    open_checklist(&mut app, "P-QT");
    go_to_item(&mut app, "I.2");
    let v = visit_id(&app, "HK-2026-02");
    let u = unit_id(&app, "P-QT");
    let before = app.store.answer(v, u, "I.2").expect("read");
    ch(&mut app, '3');
    assert_eq!(verdict_of(&app, "I.2"), Some(Verdict::Fail));
    let ops = app.store.op_count();
    ch(&mut app, 'u');
    assert_eq!(app.store.answer(v, u, "I.2").expect("read"), before);
    assert_eq!(app.store.op_count(), ops + 1, "a compensating op");
    let s = status(&app);
    assert!(s.contains("Đã hoàn tác"), "{s}");
    assert!(s.contains("I.2"), "{s}");
    let op = app.store.last_op().expect("read").expect("op");
    assert!(op.undoes.is_some(), "{op:?}");
    // The screen follows.
    let row = item_row(&app, "I.2");
    assert_eq!(row.verdict, Verdict::Partial);
    // Nothing more to undo.
    ch(&mut app, 'u');
    assert!(status(&app).contains("Không có"), "{}", status(&app));
    assert_eq!(app.store.op_count(), ops + 1);
}

#[test]
fn undo_says_what_the_value_is_now_in_words() {
    let (_dir, mut app) = demo();
    open_checklist(&mut app, "P-QT");
    go_to_item(&mut app, "V.2");
    assert_eq!(verdict_of(&app, "V.2"), Some(Verdict::Pass));
    ch(&mut app, '3');
    assert!(status(&app).contains("V.2 → Chưa đạt"), "{}", status(&app));
    ch(&mut app, 'u');
    assert_eq!(status(&app), "Đã hoàn tác: V.2 của P-QT trở lại Đạt");
    // An unanswered item goes back to "not checked".
    go_to_item(&mut app, "II.1");
    ch(&mut app, '1');
    ch(&mut app, 'u');
    assert_eq!(
        status(&app),
        "Đã hoàn tác: II.1 của P-QT trở lại Chưa kiểm tra"
    );
    // A finding's status.
    let f = pick(&app, |f| f.status == FindingStatus::Open);
    open_detail(&mut app, &f.reference);
    ch(&mut app, 't');
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "ghi chú");
    ctrl(&mut app, 's');
    ch(&mut app, 'u');
    assert_eq!(
        status(&app),
        format!("Đã hoàn tác: {} trở lại Chưa khắc phục", f.reference)
    );
    app.set_lang(Lang::En);
    ch(&mut app, 't');
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "note");
    ctrl(&mut app, 's');
    ch(&mut app, 'u');
    assert_eq!(
        status(&app),
        format!("Undone: {} is back to Open", f.reference)
    );
}

#[test]
fn undo_removes_a_new_finding_and_reverts_a_status_change() {
    let (_dir, mut app) = demo();
    finding_form_on_failed_item(&mut app, "II.1");
    let before = app.store.findings().expect("findings");
    fill_and_save_finding(&mut app, "Sẽ hoàn tác", "Đảng ủy", "+30");
    let added = new_findings(&app, &before);
    assert_eq!(added.len(), 1);
    let ops = app.store.op_count();
    ch(&mut app, 'u');
    assert_eq!(app.store.finding(added[0].id).expect("read"), None);
    assert_eq!(app.store.findings().expect("findings").len(), before.len());
    assert_eq!(
        app.store.finding_by_ref(&added[0].reference).expect("read"),
        None
    );
    assert_eq!(app.store.op_count(), ops + 1);
    assert!(status(&app).contains(&added[0].reference));
    let row = &app.screens.checklist.items[app.screens.checklist.cursor.selected];
    assert_eq!((row.code.as_str(), row.findings), ("II.1", 0));

    // A status change, undone.
    let f = pick(&app, |f| f.status == FindingStatus::Open);
    let summary_before = app.store.summary(today()).expect("summary");
    open_detail(&mut app, &f.reference);
    ch(&mut app, 't');
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "ghi chú");
    ctrl(&mut app, 's');
    assert_eq!(finding(&app, f.id).status, FindingStatus::InProgress);
    ch(&mut app, 'u');
    assert_eq!(finding(&app, f.id), f);
    assert_eq!(app.screens.detail.finding.as_ref(), Some(&f));
    assert_eq!(
        app.store.summary(today()).expect("summary").by_status,
        summary_before.by_status,
        "counters follow the undo"
    );
}

// ------------------------------------------------------------ palette

#[test]
fn palette_commands() {
    let (_dir, mut app) = demo();
    open_palette_and_run(&mut app, "unit P-QT");
    assert_eq!(app.screen, ScreenId::Findings);
    let qt = unit_id(&app, "P-QT");
    assert_eq!(app.screens.findings.unit, Some(qt));
    assert!(!app.screens.findings.shown.is_empty());
    assert!(
        app.shown_findings()
            .expect("findings")
            .iter()
            .all(|f| f.unit == qt)
    );

    open_palette_and_run(&mut app, "finding HK-2026-01-JRH25");
    assert_eq!(app.screen, ScreenId::Detail);
    let f = app.screens.detail.finding.as_ref().expect("a finding");
    assert_eq!(f.reference, "HK-2026-01-JRH25");
    assert_eq!(app.screens.detail.visit_code, "HK-2026-01");

    open_palette_and_run(&mut app, "lang en");
    assert_eq!(app.lang, Lang::En);
    open_palette_and_run(&mut app, "lang fr");
    assert_eq!(app.lang, Lang::En, "an unknown language changes nothing");
    assert_eq!(tone(&app), Some(Tone::Error));
    assert!(status(&app).contains("lang fr"), "{}", status(&app));
    open_palette_and_run(&mut app, "lang vi");
    assert_eq!(app.lang, Lang::Vi);

    let screen = app.screen;
    open_palette_and_run(&mut app, "frobnicate now");
    assert_eq!(tone(&app), Some(Tone::Error));
    assert!(status(&app).contains("Không hiểu lệnh"), "{}", status(&app));
    assert!(status(&app).contains("frobnicate"), "{}", status(&app));
    assert_eq!(app.screen, screen);

    open_palette_and_run(&mut app, "unit KHONG-CO");
    assert_eq!(tone(&app), Some(Tone::Error));
    assert!(status(&app).contains("KHONG-CO"), "{}", status(&app));

    open_palette_and_run(&mut app, "visit HK-2026-01");
    assert_eq!(app.screen, ScreenId::Visit);
    assert_eq!(
        app.screens.visit.visit.as_ref().map(|v| v.code.as_str()),
        Some("HK-2026-01")
    );

    // Tab completes a unit code; Esc closes without running.
    ch(&mut app, ':');
    type_text(&mut app, "unit p-q");
    press(&mut app, KeyCode::Tab);
    match &app.mode {
        Mode::Palette(f) => assert!(f.text().starts_with("unit P-QT"), "{}", f.text()),
        other => panic!("{other:?}"),
    }
    press(&mut app, KeyCode::Esc);
    assert!(matches!(app.mode, Mode::Browse));
    assert_eq!(app.screen, ScreenId::Visit);
}

#[test]
fn a_status_message_clears_on_the_next_navigation() {
    let (_dir, mut app) = demo();
    open_palette_and_run(&mut app, "finding new");
    assert_eq!(tone(&app), Some(Tone::Error));
    assert!(status(&app).contains("Không tìm thấy"), "{}", status(&app));
    press(&mut app, KeyCode::F(3));
    assert_eq!(app.screen, ScreenId::Visits);
    assert_eq!(app.status, None, "F3 leaves the error behind");
    // A message raised on a screen stays while one works there, and goes
    // with Esc as well.
    press(&mut app, KeyCode::Enter);
    open_palette_and_run(&mut app, "frobnicate");
    assert_eq!(tone(&app), Some(Tone::Error));
    ch(&mut app, 'j');
    assert_eq!(tone(&app), Some(Tone::Error));
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.screen, ScreenId::Visits);
    assert_eq!(app.status, None);
    // What a save says is not lost to the reload after it.
    press(&mut app, KeyCode::Enter);
    open_checklist(&mut app, "P-QT");
    go_to_item(&mut app, "II.1");
    ch(&mut app, '1');
    assert!(status(&app).contains("Đang lưu: II.1"), "{}", status(&app));
    app.settle();
    assert!(status(&app).contains("Đã lưu: II.1"), "{}", status(&app));
}

#[test]
fn palette_text_keeps_letters_that_are_keys_elsewhere() {
    let (_dir, mut app) = demo();
    ch(&mut app, ':');
    type_text(&mut app, "qjkđ?");
    match &app.mode {
        Mode::Palette(f) => assert_eq!(f.text(), "qjkđ?"),
        other => panic!("{other:?}"),
    }
    assert!(!app.quit);
}

// ------------------------------------------------------------ help

#[test]
fn help_lists_the_keymap_of_the_screen_and_esc_closes_it() {
    let (_dir, mut app) = demo();
    press(&mut app, KeyCode::F(4));
    ch(&mut app, '?');
    assert!(matches!(app.mode, Mode::Help));
    let terminal = render(&mut app, 100, 40);
    let text = text_of(terminal.backend().buffer()).join("\n");
    for (keys, action) in hints(Ctx::Findings) {
        assert!(text.contains(&keys), "{keys} missing:\n{text}");
        assert!(text.contains(action.hint(Lang::Vi)), "{action:?}:\n{text}");
    }
    press(&mut app, KeyCode::Esc);
    assert!(matches!(app.mode, Mode::Browse));
    assert_eq!(
        app.screen,
        ScreenId::Findings,
        "Esc closes help, not the screen"
    );
    // `q` in help closes help; it does not quit.
    ch(&mut app, '?');
    ch(&mut app, 'q');
    assert!(matches!(app.mode, Mode::Browse));
    assert!(!app.quit);
    ch(&mut app, 'q');
    assert!(app.quit);
}

// ------------------------------------------------------------ welcome

#[test]
fn an_empty_database_opens_on_the_welcome_screen() {
    let (_dir, mut app) = empty_app(Lang::Vi);
    assert_eq!(app.screen, ScreenId::Welcome);
    // Nothing to go to; keys do not panic or write.
    for code in [
        KeyCode::F(2),
        KeyCode::F(3),
        KeyCode::F(4),
        KeyCode::Enter,
        KeyCode::Down,
        KeyCode::Esc,
    ] {
        press(&mut app, code);
        assert_eq!(app.screen, ScreenId::Welcome);
    }
    ch(&mut app, 'u');
    assert_eq!(app.store.op_count(), 0);
    ch(&mut app, 'q');
    assert!(app.quit);
}

#[test]
fn form_choice_fields_only_cycle_their_options() {
    let (_dir, mut app) = demo();
    finding_form_on_failed_item(&mut app, "II.1");
    for _ in 0..3 {
        press(&mut app, KeyCode::Tab);
    }
    match &app.mode {
        Mode::Form(f) => assert!(f.rows()[3].input.choice().is_some()),
        other => panic!("{other:?}"),
    }
    press(&mut app, KeyCode::Right);
    type_text(&mut app, "abc");
    match &app.mode {
        Mode::Form(f) => assert_eq!(f.rows()[3].input.choice(), Some(1), "Cá nhân"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn palette_writes_a_visits_report() {
    let (dir, mut app) = demo();
    let md = dir.path().join("bao-cao.md");
    open_palette_and_run(&mut app, &format!("report HK-2026-01 md {}", md.display()));
    assert_eq!(tone(&app), Some(Tone::Ok), "{}", status(&app));
    let text = std::fs::read_to_string(&md).expect("report written");
    assert!(text.contains("# BÁO CÁO\n\n**kết quả giám sát việc khắc phục"));
    assert!(text.contains("TỶ LỆ KHẮC PHỤC"));
    let xlsx = dir.path().join("bao-cao.xlsx");
    open_palette_and_run(
        &mut app,
        &format!("report HK-2026-01 xlsx {}", xlsx.display()),
    );
    let bytes = std::fs::read(&xlsx).expect("xlsx written");
    assert_eq!(&bytes[..2], b"PK", "an XLSX is a zip file");
    // Written as every file we write: private, and whole.
    let json = dir.path().join("sao-luu.json");
    open_palette_and_run(&mut app, &format!("export {}", json.display()));
    assert_eq!(tone(&app), Some(Tone::Ok), "{}", status(&app));
    #[cfg(unix)]
    for f in [&md, &xlsx, &json] {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(f).expect("written").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{}", f.display());
    }
    open_palette_and_run(&mut app, "report HK-9999 md");
    assert_eq!(tone(&app), Some(Tone::Error));
    assert!(
        status(&app).contains("HK-2026-01"),
        "the error names the closest codes: {}",
        status(&app)
    );
}

/// A dashboard row as (name, active, overdue, awaiting).
type DashRow = (String, u64, Option<u64>, u64);

/// What the dashboard shows: figures, then each row, and each unit's rank
/// in Vietnamese order.
fn dashboard_of<S>(app: &App<S>) -> (String, Vec<DashRow>, Vec<(Id, u32)>) {
    let rows = app
        .screens
        .dashboard
        .rows
        .iter()
        .map(|r| (r.name.clone(), r.active, r.overdue, r.awaiting))
        .collect();
    let mut ranks: Vec<(Id, u32)> = app.units.iter().map(|(id, u)| (*id, u.rank)).collect();
    ranks.sort();
    (format!("{:?}", app.screens.dashboard.summary), rows, ranks)
}

/// Starting from the listing view (sled opening meanwhile) shows the
/// dashboard the database shows, on several days; once started, the app
/// reads and writes as usual, and a write removes the view.
#[test]
fn launch_from_the_view_shows_the_dashboard_of_the_database() {
    let dir = tempfile::tempdir().expect("temp dir");
    {
        let store = demo_store(dir.path());
        store.write_view().expect("write view");
    }
    let view_file = dir.path().join(haukiem::store::view::FILE);
    for day in [today(), date(2026, 12, 1), date(2027, 1, 31)] {
        let expected = {
            let store = common::build::open(dir.path());
            let mut app = App::new(store, Lang::Vi, day).expect("app");
            // Let the table's reader finish: it holds the database open.
            app.table.wait().expect("table");
            dashboard_of(&app)
        };
        assert!(expected.1.len() > 3, "the demo has units with findings");
        let mut app = App::launch(dir.path(), Lang::Vi, day).expect("launch");
        app.page = haukiem::tui::ui::page_rows(30);
        assert_eq!(app.screen, ScreenId::Dashboard);
        assert_eq!(dashboard_of(&app), expected, "from the view, {day}");
        let mut app = app.start().expect("start");
        assert_eq!(dashboard_of(&app), expected, "after start, {day}");
        assert!(view_file.exists(), "reading keeps the view");
        // Enter opens the first unit's findings: the database answers.
        press(&mut app, KeyCode::Enter);
        assert_eq!(app.screen, ScreenId::Findings);
        app.table.wait().expect("table");
        drop(app);
    }
    // A write removes the view; launching then reads the database.
    let app = App::launch(dir.path(), Lang::Vi, today()).expect("launch");
    let mut app = app.start().expect("start");
    app.store.set_actor(common::build::ACTOR);
    press(&mut app, KeyCode::F(3));
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    ch(&mut app, '1');
    app.settle();
    assert!(status(&app).contains("Đã lưu"), "{}", status(&app));
    assert!(!view_file.exists(), "a write removes the view");
}

/// A view put back from before a write (a copy of the folder restored, say)
/// does not prove it belongs to the database and is never shown: the app
/// shows what the database holds from its first frame; a newer view put in
/// its place before the app holds the database changes nothing either.
#[test]
fn a_view_from_before_a_write_is_never_shown() {
    let dir = tempfile::tempdir().expect("temp dir");
    let view_file = dir.path().join(haukiem::store::view::FILE);
    let old_view = dir.path().join("old.view");
    let new_view = dir.path().join("new.view");
    {
        let store = demo_store(dir.path());
        store.write_view().expect("write view");
        std::fs::copy(&view_file, &old_view).expect("keep the old view");
        // One open finding reported fixed: a unit's counts change.
        let open = store
            .findings()
            .expect("findings")
            .into_iter()
            .find(|f| f.status == FindingStatus::Open)
            .expect("an open finding");
        let stamp = haukiem::domain::finding::Stamp {
            date: today(),
            at: chrono::Utc::now(),
            by: "Trần Văn Hùng".into(),
        };
        let fixed = open
            .with_status(FindingStatus::Remediated, "đã bổ sung hồ sơ", stamp)
            .expect("legal move");
        store
            .commit(
                haukiem::domain::Change::Finding {
                    old: Some(Box::new(open)),
                    new: Some(Box::new(fixed)),
                },
                None,
            )
            .expect("commit");
        assert!(!view_file.exists(), "the write removed the view");
        store.write_view().expect("write the new view");
        std::fs::copy(&view_file, &new_view).expect("keep the new view");
    }
    let expected = {
        let store = common::build::open(dir.path());
        let mut app = App::new(store, Lang::Vi, today()).expect("app");
        app.table.wait().expect("table");
        dashboard_of(&app)
    };
    std::fs::copy(&old_view, &view_file).expect("the old view back");
    let app = App::launch(dir.path(), Lang::Vi, today()).expect("launch");
    assert_eq!(dashboard_of(&app), expected, "the old view is not shown");
    std::fs::copy(&new_view, &view_file).expect("a newer view");
    let app = app.start().expect("start");
    assert_eq!(dashboard_of(&app), expected);
}

/// The findings table read on two threads holds every finding once, and
/// its search (word index included) finds what matching each finding's
/// text finds.
#[test]
fn the_table_read_on_two_threads_holds_every_finding_and_searches_like_the_text() {
    use haukiem::tui::table::FindingTable;
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = common::build::open(dir.path());
    let spec = haukiem::io::generate::Spec {
        units: 40,
        findings: 2_600,
        answers: 0,
        seed: 7,
    };
    haukiem::io::generate::generate(&mut store, spec, today()).expect("generate");
    let findings = store.findings().expect("findings");
    assert!(
        findings.len() > 2 * 512,
        "enough for both threads: {}",
        findings.len()
    );
    let table = FindingTable::load(&store.findings_reader()).expect("load");
    let mut ids: Vec<Id> = table.rows().iter().map(|r| r.id).collect();
    ids.sort();
    let mut expected: Vec<Id> = findings.iter().map(|f| f.id).collect();
    expected.sort();
    assert_eq!(ids, expected, "every finding once");
    let all: Vec<u32> = (0..table.rows().len() as u32).collect();
    for q in [
        "khac phuc",
        "chi bo",
        "sinh hoạt",
        "ho so dang vien",
        "k",
        "hk-2026",
        "đảng",
    ] {
        let query = Query::new(q);
        let mut found: Vec<Id> = table
            .filter(&all, &query)
            .into_iter()
            .filter_map(|i| table.row(i).map(|r| r.id))
            .collect();
        found.sort();
        let mut want: Vec<Id> = findings
            .iter()
            .filter(|f| query.matches(&search_text(f)))
            .map(|f| f.id)
            .collect();
        want.sort();
        assert_eq!(found, want, "{q}");
        assert!(!want.is_empty() || q == "hk-2026", "{q} finds something");
    }
}
