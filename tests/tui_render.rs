//! Drawing tests: whole-screen snapshots at a fixed size and a fixed "today",
//! a sweep over terminal sizes that must never panic, and buffer checks of
//! the app's own drawing rules.

mod common;

use chrono::NaiveDate;
use crossterm::event::KeyCode;
use haukiem::domain::Verdict;
use haukiem::tui::app::Mode;
use haukiem::tui::screen::ScreenId;
use haukiem::tui::ui::{MIN_HEIGHT, MIN_WIDTH, draw, page_rows};
use haukiem::tui::{App, Lang};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Color;
use tempfile::TempDir;

use common::app::{press, render, text_of, type_text};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 20).expect("valid date")
}

fn empty_app(lang: Lang) -> (TempDir, App) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = common::build::open(dir.path());
    let app = App::new(store, lang, today()).expect("app");
    (dir, app)
}

fn demo_app(lang: Lang) -> (TempDir, App) {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = common::build::open(dir.path());
    haukiem::io::demo::load(&mut store, today()).expect("load demo");
    let app = App::new(store, lang, today()).expect("app");
    (dir, app)
}

/// Into the checklist of Đảng bộ phường Quang Trung in HK-2026-02, on item I.2.
fn checklist(app: &mut App) {
    press(app, KeyCode::F(3));
    press(app, KeyCode::Enter);
    let row = app
        .screens
        .visit
        .rows
        .iter()
        .position(|r| r.name == "Đảng bộ phường Quang Trung")
        .expect("Quang Trung in the visit");
    for _ in 0..row {
        press(app, KeyCode::Down);
    }
    press(app, KeyCode::Enter);
    assert_eq!(app.screen, ScreenId::Checklist);
    press(app, KeyCode::Down);
}

fn palette(app: &mut App, line: &str) {
    type_text(app, ":");
    type_text(app, line);
    press(app, KeyCode::Enter);
}

/// Every screen and mode the app can show, by name.
const SCENES: &[&str] = &[
    "welcome",
    "dashboard",
    "visits",
    "visit",
    "checklist",
    "recheck",
    "finding_form",
    "answer_form",
    "findings",
    "findings_overdue",
    "findings_empty",
    "search",
    "detail",
    "status_form",
    "extend_form",
    "help",
    "palette",
    "units",
    "unit",
    "unit_form",
    "visit_form",
    "close_form",
];

fn scene(name: &str, lang: Lang) -> (TempDir, App) {
    if name == "welcome" {
        return empty_app(lang);
    }
    let (dir, mut app) = demo_app(lang);
    let app_ref = &mut app;
    match name {
        "dashboard" => {}
        "visits" => press(app_ref, KeyCode::F(3)),
        "visit" => {
            press(app_ref, KeyCode::F(3));
            press(app_ref, KeyCode::Enter);
        }
        "checklist" => checklist(app_ref),
        "recheck" => {
            checklist(app_ref);
            press(app_ref, KeyCode::Tab);
        }
        "finding_form" => {
            checklist(app_ref);
            type_text(app_ref, "f");
            type_text(app_ref, "Bảng đối chiếu chưa cập nhật từ tháng 7/2026");
            for _ in 0..4 {
                press(app_ref, KeyCode::Tab);
            }
            type_text(app_ref, "Ban Thường vụ Đảng ủy phường");
        }
        "answer_form" => {
            checklist(app_ref);
            type_text(app_ref, "e");
        }
        "findings" => press(app_ref, KeyCode::F(4)),
        "findings_overdue" => {
            press(app_ref, KeyCode::F(4));
            type_text(app_ref, "o");
        }
        "findings_empty" => {
            press(app_ref, KeyCode::F(4));
            type_text(app_ref, "/");
            type_text(app_ref, "khongcogica");
            press(app_ref, KeyCode::Enter);
        }
        "search" => {
            press(app_ref, KeyCode::F(4));
            type_text(app_ref, "/");
            type_text(app_ref, "ho so");
        }
        "detail" => palette(app_ref, "finding HK-2026-01-JRH25"),
        "status_form" => {
            palette(app_ref, "finding HK-2026-01-JRH25");
            type_text(app_ref, "t");
        }
        "extend_form" => {
            palette(app_ref, "finding HK-2026-01-JRH25");
            type_text(app_ref, "x");
            type_text(app_ref, "31/02/2027");
        }
        "help" => {
            checklist(app_ref);
            type_text(app_ref, "?");
        }
        "palette" => {
            type_text(app_ref, ":");
            type_text(app_ref, "unit P-");
        }
        "units" => press(app_ref, KeyCode::F(5)),
        "unit" => {
            press(app_ref, KeyCode::F(5));
            type_text(app_ref, "/quang trung");
            press(app_ref, KeyCode::Enter);
            press(app_ref, KeyCode::Down);
            press(app_ref, KeyCode::Enter);
        }
        "unit_form" => {
            press(app_ref, KeyCode::F(5));
            type_text(app_ref, "e");
        }
        "visit_form" => {
            press(app_ref, KeyCode::F(3));
            type_text(app_ref, "n");
            for _ in 0..9 {
                press(app_ref, KeyCode::Tab);
            }
            type_text(app_ref, "quang trung");
        }
        "close_form" => {
            press(app_ref, KeyCode::F(3));
            type_text(app_ref, "t");
        }
        other => panic!("unknown scene {other}"),
    }
    (dir, app)
}

// ------------------------------------------------------------ snapshots

fn snapshot(name: &str, lang: Lang, width: u16, height: u16) {
    let (_dir, mut app) = scene(name, lang);
    let terminal = render(&mut app, width, height);
    let screen = text_of(terminal.backend().buffer()).join("\n");
    assert!(!screen.contains("panicked"));
    let suffix = if lang == Lang::Vi { "vi" } else { "en" };
    insta::with_settings!({ snapshot_suffix => format!("{suffix}_{width}x{height}") }, {
        insta::assert_snapshot!(format!("tui_{name}"), terminal.backend());
    });
}

const SNAPSHOTS: &[&str] = &[
    "welcome",
    "dashboard",
    "visits",
    "visit",
    "checklist",
    "finding_form",
    "findings",
    "detail",
    "help",
];

#[test]
fn snapshots_vietnamese_100x30() {
    for name in SNAPSHOTS {
        snapshot(name, Lang::Vi, 100, 30);
    }
}

#[test]
fn snapshots_english_80x24() {
    for name in SNAPSHOTS {
        snapshot(name, Lang::En, 80, 24);
    }
}

// ------------------------------------------------------------ size sweep

/// Widths 1..=80 by 1 then by 7 up to 200; heights 1..=30 by 1 then by 5 up to 60;
/// always with the edges of the "too small" notice and the largest size.
fn sizes() -> Vec<(u16, u16)> {
    let mut widths: Vec<u16> = (1..=80).chain((87..=200).step_by(7)).collect();
    let mut heights: Vec<u16> = (1..=30).chain((35..=60).step_by(5)).collect();
    widths.extend([59, 60, 200]);
    heights.extend([15, 16, 60]);
    widths.sort_unstable();
    widths.dedup();
    heights.sort_unstable();
    heights.dedup();
    let mut out = Vec::new();
    for w in &widths {
        for h in &heights {
            out.push((*w, *h));
        }
    }
    out
}

/// Draw `name` in both languages at every size of the sweep; never a panic.
fn sweep(name: &str) {
    let sizes = sizes();
    for lang in [Lang::Vi, Lang::En] {
        let (_dir, mut app) = scene(name, lang);
        let mut terminal = Terminal::new(TestBackend::new(1, 1)).expect("terminal");
        for (w, h) in &sizes {
            terminal.backend_mut().resize(*w, *h);
            app.page = page_rows(*h);
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                terminal.draw(|f| draw(f, &app)).map(|_| ())
            }));
            assert!(
                matches!(result, Ok(Ok(()))),
                "{name} ({lang:?}) panicked at {w}×{h}"
            );
        }
    }
}

#[test]
fn the_sweep_includes_the_edges() {
    let sizes = sizes();
    for edge in [
        (1, 1),
        (59, 15),
        (59, 16),
        (60, 15),
        (60, 16),
        (80, 24),
        (200, 60),
    ] {
        assert!(sizes.contains(&edge), "{edge:?}");
    }
    let scenes: Vec<&str> = SWEEPS.iter().map(|(n, _)| *n).collect();
    assert_eq!(scenes, SCENES, "every scene is swept");
}

/// One test per scene, so that the sweep runs in parallel.
macro_rules! sweeps {
    ($($test:ident: $name:literal,)*) => {
        $(
            #[test]
            fn $test() {
                sweep($name);
            }
        )*
        const SWEEPS: &[(&str, fn())] = &[$(($name, $test)),*];
    };
}

sweeps! {
    sweep_welcome: "welcome",
    sweep_dashboard: "dashboard",
    sweep_visits: "visits",
    sweep_visit: "visit",
    sweep_checklist: "checklist",
    sweep_recheck: "recheck",
    sweep_finding_form: "finding_form",
    sweep_answer_form: "answer_form",
    sweep_findings: "findings",
    sweep_findings_overdue: "findings_overdue",
    sweep_findings_empty: "findings_empty",
    sweep_search: "search",
    sweep_detail: "detail",
    sweep_status_form: "status_form",
    sweep_extend_form: "extend_form",
    sweep_help: "help",
    sweep_palette: "palette",
    sweep_units: "units",
    sweep_unit: "unit",
    sweep_unit_form: "unit_form",
    sweep_visit_form: "visit_form",
    sweep_close_form: "close_form",
}

#[test]
fn lists_scrolled_to_the_bottom_draw_at_every_height() {
    for name in ["dashboard", "findings", "checklist", "visit"] {
        let (_dir, mut app) = scene(name, Lang::Vi);
        press(&mut app, KeyCode::End);
        for h in 1..=60 {
            for w in [59, 60, 80, 120] {
                let terminal = render(&mut app, w, h);
                let screen = text_of(terminal.backend().buffer()).join("\n");
                if w >= MIN_WIDTH && h >= MIN_HEIGHT && name == "findings" {
                    // The last finding is on screen: the selection is visible.
                    let all = app.shown_findings().expect("findings");
                    let reference = &all[all.len() - 1].reference;
                    assert!(screen.contains(reference.as_str()), "{w}×{h}:\n{screen}");
                }
            }
        }
    }
}

// ------------------------------------------------------------ buffer checks

#[test]
fn below_60x16_a_too_small_notice_is_drawn_instead() {
    for lang in [Lang::Vi, Lang::En] {
        let (_dir, mut app) = demo_app(lang);
        let notice = if lang == Lang::Vi {
            "Cửa sổ quá nhỏ"
        } else {
            "Window too small"
        };
        for (w, h) in [(59, 16), (60, 15), (59, 40), (200, 15), (30, 10)] {
            let t = render(&mut app, w, h);
            let text = text_of(t.backend().buffer()).join("\n");
            assert!(text.contains(notice), "{w}×{h}:\n{text}");
            assert!(!text.contains("F2"), "{w}×{h}: no tabs:\n{text}");
        }
        // Exactly the minimum draws the app.
        let t = render(&mut app, MIN_WIDTH, MIN_HEIGHT);
        let text = text_of(t.backend().buffer()).join("\n");
        assert!(!text.contains(notice), "{text}");
        assert!(text.contains("F2"), "{text}");
        // The notice wraps whole at the narrowest useful width.
        let t = render(&mut app, 20, 5);
        let text = text_of(t.backend().buffer()).join("");
        assert!(text.contains("60×16"), "{text}");
    }
}

/// The cell of the checklist's verdict column on the row of `code`.
fn verdict_cell(buffer: &Buffer, code: &str) -> (String, Color) {
    let lines = text_of(buffer);
    let y = lines
        .iter()
        .position(|l| l.contains(&format!("│  {code} ")) || l.contains(&format!("  {code}  ")))
        .unwrap_or_else(|| panic!("row {code} on screen:\n{}", lines.join("\n")));
    // The items pane is the left 58%; its verdict column is the last 3 cells
    // inside the right border.
    let pane_right = lines[y]
        .char_indices()
        .filter(|(_, c)| *c == '│')
        .map(|(i, _)| lines[y][..i].chars().count())
        .nth(1)
        .expect("right border of the items pane");
    let x = u16::try_from(pane_right - 3).expect("x");
    let y = u16::try_from(y).expect("y");
    let cell = &buffer[(x, y)];
    (cell.symbol().to_string(), cell.fg)
}

#[test]
fn checklist_rows_show_a_mark_for_each_verdict() {
    let (_dir, mut app) = scene("checklist", Lang::Vi);
    // II.1 … III.2 get each verdict in turn.
    while app.screens.checklist.items[app.screens.checklist.cursor.selected].code != "II.1" {
        press(&mut app, KeyCode::Down);
    }
    type_text(&mut app, "1234");
    let t = render(&mut app, 120, 40);
    let b = t.backend().buffer();
    let expect = [
        ("II.1", "Đ", Color::Green, Verdict::Pass),
        ("II.2", "½", Color::Yellow, Verdict::Partial),
        ("II.3", "✗", Color::LightRed, Verdict::Fail),
        ("III.1", "–", Color::DarkGray, Verdict::NotApplicable),
        ("III.2", "·", Color::DarkGray, Verdict::Unchecked),
    ];
    for (code, mark, color, verdict) in expect {
        let row = app
            .screens
            .checklist
            .items
            .iter()
            .find(|i| i.code == code)
            .expect("row");
        assert_eq!(row.verdict, verdict, "{code}");
        assert_eq!(verdict_cell(b, code), (mark.to_string(), color), "{code}");
    }
    // The section header counts what was answered and failed.
    let lines = text_of(b);
    let ii = lines
        .iter()
        .find(|l| l.contains("│II "))
        .expect("section II header");
    assert!(ii.contains("3/3"), "{ii}");
    assert!(ii.contains("✗2"), "{ii}");
}

#[test]
fn overdue_rows_show_the_days_late_in_red() {
    let (_dir, mut app) = scene("findings_overdue", Lang::Vi);
    let t = render(&mut app, 140, 40);
    let b = t.backend().buffer();
    let lines = text_of(b);
    let shown = app.screens.findings.shown.len().min(40 - 8);
    assert!(shown > 0);
    for f in &app.shown_findings().expect("findings")[..shown] {
        let days = f.days_overdue(today()).expect("overdue");
        let y = lines
            .iter()
            .position(|l| l.contains(&f.reference))
            .unwrap_or_else(|| panic!("{} on screen", f.reference));
        let cell = format!("{days} ngày");
        let line = &lines[y];
        let at = line
            .find(&format!(" {cell} "))
            .unwrap_or_else(|| panic!("{cell} on row {y}: {line}"));
        let x = u16::try_from(line[..=at].chars().count()).expect("x");
        let y16 = u16::try_from(y).expect("y");
        for dx in 0..u16::try_from(cell.chars().count()).expect("len") {
            assert_eq!(b[(x + dx, y16)].fg, Color::LightRed, "{line}");
        }
    }
    // Rows that are not late have an empty "Quá hạn" cell.
    let (_dir, mut app) = scene("findings", Lang::Vi);
    let t = render(&mut app, 140, 60);
    let lines = text_of(t.backend().buffer());
    for f in &app.shown_findings().expect("findings") {
        if f.days_overdue(today()).is_none()
            && let Some(line) = lines.iter().find(|l| l.contains(&f.reference))
        {
            assert!(!line.contains(" ngày "), "{line}");
        }
    }
}

#[test]
fn the_footer_and_help_come_from_the_keymap() {
    use haukiem::tui::keymap::{Ctx, hints};
    let (_dir, mut app) = scene("checklist", Lang::En);
    let t = render(&mut app, 200, 40);
    let lines = text_of(t.backend().buffer());
    let footer = lines.last().expect("footer");
    for (keys, action) in hints(Ctx::Checklist) {
        assert!(
            footer.contains(&format!("{keys} {}", action.hint(Lang::En))),
            "{footer}"
        );
    }
    type_text(&mut app, "?");
    assert!(matches!(app.mode, Mode::Help));
    // At the classic 80×24 every key is listed (the overlay flows into columns).
    let t = render(&mut app, 80, 24);
    let lines = text_of(t.backend().buffer());
    // In help every key closes it: the footer offers only that, not "q quit" or "u undo".
    let footer = lines.last().expect("footer").trim_end().to_string();
    assert_eq!(footer, "Esc/?/q cancel");
    let text = lines.join("\n");
    for ctx in [Ctx::Checklist, Ctx::Recheck, Ctx::Global] {
        for (keys, action) in hints(ctx) {
            assert!(
                text.contains(&keys) && text.contains(action.hint(Lang::En)),
                "{keys} {action:?}:\n{text}"
            );
        }
    }
}

#[test]
fn no_screen_shows_an_internal_id() {
    for name in SCENES {
        let (_dir, mut app) = scene(name, Lang::Vi);
        let t = render(&mut app, 200, 60);
        let text = text_of(t.backend().buffer()).join("\n");
        let ids: Vec<String> = app
            .store
            .findings()
            .expect("findings")
            .iter()
            .map(|f| f.id.to_string())
            .chain(
                app.store
                    .units()
                    .expect("units")
                    .iter()
                    .map(|u| u.id.to_string()),
            )
            .collect();
        for id in ids {
            assert!(!text.contains(&id[..8]), "{name} shows {id}");
        }
    }
}

#[test]
fn a_form_always_shows_its_focused_field() {
    use haukiem::tui::form::Editing;
    for (w, h) in [(60, 16), (60, 20), (80, 24), (100, 30)] {
        let (_dir, mut app) = scene("finding_form", Lang::Vi);
        let n = match &app.mode {
            Mode::Form(f) => f.rows().len(),
            other => panic!("{other:?}"),
        };
        for _ in 0..=n {
            let (label, focus) = match &app.mode {
                Mode::Form(f) => {
                    let f: &dyn Editing = f.as_ref();
                    (
                        f.rows()[f.focus_index()].label.tr(Lang::Vi),
                        f.focus_index(),
                    )
                }
                other => panic!("{other:?}"),
            };
            let t = render(&mut app, w, h);
            let text = text_of(t.backend().buffer()).join("\n");
            assert!(
                text.contains(label),
                "{w}×{h}: field {focus} «{label}» not shown:\n{text}"
            );
            press(&mut app, KeyCode::Tab);
        }
    }
}

#[test]
fn a_narrow_choice_still_shows_the_chosen_option() {
    let (_dir, mut app) = scene("status_form", Lang::Vi);
    press(&mut app, KeyCode::Left);
    let chosen = match &app.mode {
        Mode::Form(f) => f.rows()[0].input.choice().expect("a choice"),
        other => panic!("{other:?}"),
    };
    assert_eq!(chosen, 2, "the last option");
    for w in [60, 70, 80, 120] {
        let t = render(&mut app, w, 20);
        let text = text_of(t.backend().buffer()).join("\n");
        assert!(text.contains("[Không khắc phục được]"), "{w}:\n{text}");
    }
}

#[test]
fn the_date_never_covers_a_tab() {
    for lang in [Lang::Vi, Lang::En] {
        let (_dir, mut app) = demo_app(lang);
        let tab = if lang == Lang::Vi {
            "F4 Hạn chế, khuyết điểm"
        } else {
            "F4 Findings"
        };
        for w in 60..=140 {
            let t = render(&mut app, w, 20);
            let top = text_of(t.backend().buffer())[0].clone();
            if top.contains("20/11/2026") {
                assert!(top.contains(tab), "{w}: {top}");
            }
        }
        let t = render(&mut app, 120, 20);
        assert!(text_of(t.backend().buffer())[0].ends_with("20/11/2026 "));
    }
}
