//! Drawing tests: whole-screen snapshots at a fixed size and a fixed "today",
//! a sweep over terminal sizes that must never panic, and buffer checks of
//! the app's own drawing rules.

mod common;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use haukiem::domain::Verdict;
use haukiem::tui::app::Mode;
use haukiem::tui::ui::{MIN_HEIGHT, MIN_WIDTH, draw, page_rows};
use haukiem::tui::{App, Lang};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Color;
use tempfile::TempDir;

use common::app::{
    demo_app, empty_app, go_to_item, item_row, open_checklist, open_palette_and_run, press, render,
    text_of, type_text,
};
use common::build::today;

/// Into the checklist of Đảng bộ phường Quang Trung in HK-2026-02, on item I.2.
fn checklist(app: &mut App) {
    open_checklist(app, "P-QT");
    press(app, KeyCode::Down);
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
        "detail" => open_palette_and_run(app_ref, "finding HK-2026-01-JRH25"),
        "status_form" => {
            open_palette_and_run(app_ref, "finding HK-2026-01-JRH25");
            type_text(app_ref, "t");
        }
        "extend_form" => {
            open_palette_and_run(app_ref, "finding HK-2026-01-JRH25");
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
    // II.1 … II.4 get each verdict in turn; after II.4, the last item of
    // section II a ward's party committee answers, comes III.1 (II.5 and
    // II.6 are for agencies and enterprises).
    go_to_item(&mut app, "II.1");
    type_text(&mut app, "1234");
    let t = render(&mut app, 120, 40);
    let b = t.backend().buffer();
    let expect = [
        ("II.1", "Đ", Color::Green, Verdict::Pass),
        ("II.2", "½", Color::Yellow, Verdict::Partial),
        ("II.3", "✗", Color::LightRed, Verdict::Fail),
        ("II.4", "–", Color::DarkGray, Verdict::NotApplicable),
        ("III.1", "·", Color::DarkGray, Verdict::Unchecked),
    ];
    for (code, mark, color, verdict) in expect {
        let row = item_row(&app, code);
        assert_eq!(row.verdict, verdict, "{code}");
        assert_eq!(verdict_cell(b, code), (mark.to_string(), color), "{code}");
    }
    // The section header counts what was answered and failed.
    let lines = text_of(b);
    let ii = lines
        .iter()
        .find(|l| l.contains("│II "))
        .expect("section II header");
    assert!(ii.contains("4/4"), "{ii}");
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
        assert!(
            text.contains("[Chưa thể khắc phục (nguyên nhân khách quan)]"),
            "{w}:\n{text}"
        );
    }
}

#[test]
fn the_date_never_covers_a_tab() {
    for lang in [Lang::Vi, Lang::En] {
        let (_dir, mut app) = demo_app(lang);
        // The tab whole, in full or by its short name.
        let tab = if lang == Lang::Vi {
            "F4 Hạn chế, khuyết điểm "
        } else {
            "F4 Findings "
        };
        let short = if lang == Lang::Vi { "F4 HCKĐ " } else { tab };
        for w in 60..=140 {
            let t = render(&mut app, w, 20);
            let top = text_of(t.backend().buffer())[0].clone();
            assert!(top.contains(tab) || top.contains(short), "{w}: {top}");
            assert!(top.contains("20/11/2026"), "{w}: {top}");
        }
        let t = render(&mut app, 120, 20);
        assert!(text_of(t.backend().buffer())[0].ends_with("20/11/2026 "));
    }
}

/// Whether `line` shows anything between its box's borders.
fn has_text(line: &str) -> bool {
    line.trim_matches(|c: char| c == '│' || c.is_whitespace())
        .chars()
        .any(|c| !"─┌┐└┘".contains(c))
}

#[test]
fn the_finding_detail_scrolls_within_its_content_and_back_to_its_top() {
    let (_dir, mut app) = scene("detail", Lang::Vi);
    let (w, h) = (80, 24);
    let title: String = app
        .screens
        .detail
        .finding
        .as_ref()
        .expect("finding")
        .title
        .chars()
        .take(20)
        .collect();
    let first = text_of(render(&mut app, w, h).backend().buffer()).join("\n");
    assert!(first.contains(&title), "{first}");
    press(&mut app, KeyCode::End);
    let end = app.screens.detail.scroll;
    assert!(end > 0, "the finding is taller than the screen");
    let lines = text_of(render(&mut app, w, h).backend().buffer());
    // The box's last row above its border holds the end of the history.
    let last_row = usize::from(h) - 4;
    assert!(has_text(&lines[last_row]), "{}", lines.join("\n"));
    for _ in 0..40 {
        type_text(&mut app, "j");
    }
    assert_eq!(app.screens.detail.scroll, end, "j at the end stays there");
    type_text(&mut app, "k");
    assert_eq!(app.screens.detail.scroll, end - 1, "k moves at once");
    let lines = text_of(render(&mut app, w, h).backend().buffer());
    assert!(has_text(&lines[last_row]), "{}", lines.join("\n"));
    for _ in 0..40 {
        type_text(&mut app, "j");
    }
    type_text(&mut app, "g");
    assert_eq!(app.screens.detail.scroll, 0);
    let top = text_of(render(&mut app, w, h).backend().buffer()).join("\n");
    assert!(top.contains(&title), "g shows the top:\n{top}");
}

/// Move the checklist's cursor onto item `code`.
fn checklist_item(app: &mut App, code: &str) {
    let at = |app: &App| {
        app.screens.checklist.items[app.screens.checklist.cursor.selected]
            .code
            .clone()
    };
    press(app, KeyCode::Home);
    while at(app) != code {
        press(app, KeyCode::Down);
    }
}

#[test]
fn checklist_codes_are_whole_at_every_width() {
    let (_dir, mut app) = scene("checklist", Lang::Vi);
    checklist_item(&mut app, "VIII.3");
    for w in [60, 80, 120, 200] {
        let text = text_of(render(&mut app, w, 35).backend().buffer()).join("\n");
        for code in ["VIII.1", "VIII.2", "VIII.3", "VIII "] {
            assert!(
                text.contains(&format!("│  {code}")) || text.contains(&format!("│{code}")),
                "{w}: {code}\n{text}"
            );
        }
    }
}

#[test]
fn an_item_shows_what_to_look_at_apart_from_what_was_seen_and_its_verdict_once() {
    for (lang, to_see, seen, verdict) in [
        (
            Lang::Vi,
            "Hồ sơ, tài liệu cần xem:",
            "Hồ sơ, tài liệu đã kiểm tra:",
            "Đánh giá: Đạt một phần",
        ),
        (
            Lang::En,
            "Evidence to look at:",
            "Evidence seen:",
            "Verdict: Partly met",
        ),
    ] {
        let (_dir, mut app) = scene("checklist", lang);
        // I.2 is answered with the evidence the team saw; II.1 is not checked.
        checklist_item(&mut app, "I.2");
        let text = text_of(render(&mut app, 200, 40).backend().buffer()).join("\n");
        assert!(text.contains(to_see) && text.contains(seen), "{text}");
        assert!(text.contains(verdict), "{text}");
        assert!(
            !text.contains("½ Đạt") && !text.contains("½ Partly"),
            "{text}"
        );
        checklist_item(&mut app, "II.1");
        let text = text_of(render(&mut app, 200, 40).backend().buffer()).join("\n");
        assert!(text.contains(to_see), "{text}");
        assert!(
            !text.contains(seen),
            "nothing seen yet on an unchecked item:\n{text}"
        );
    }
}

/// Every key of `ctxs` with its hint, as the help lists them.
fn help_entries(ctxs: &[haukiem::tui::keymap::Ctx], lang: Lang) -> Vec<String> {
    ctxs.iter()
        .flat_map(|c| haukiem::tui::keymap::hints(*c))
        .map(|(keys, action)| format!("{keys:<16}{}", action.hint(lang)))
        .collect()
}

#[test]
fn help_scrolls_with_j_and_k_and_lists_each_key_once_at_60x20() {
    use haukiem::tui::keymap::Ctx;
    for (name, ctxs) in [
        ("dashboard", vec![Ctx::Global]),
        ("visits", vec![Ctx::Global]),
        ("checklist", vec![Ctx::Checklist, Ctx::Recheck, Ctx::Global]),
    ] {
        let (_dir, mut app) = scene(name, Lang::Vi);
        type_text(&mut app, "?");
        let mut seen: Vec<String> = Vec::new();
        let mut last = String::new();
        for _ in 0..60 {
            let screen = text_of(render(&mut app, 60, 20).backend().buffer()).join("\n");
            assert!(
                matches!(app.mode, Mode::Help),
                "{name}: j keeps the help open"
            );
            seen.extend(screen.lines().map(str::to_string));
            if screen == last {
                break;
            }
            last = screen;
            type_text(&mut app, "j");
        }
        for entry in help_entries(&ctxs, Lang::Vi) {
            let times = seen.iter().filter(|l| l.contains(&entry)).count();
            assert!(times > 0, "{name}: «{entry}» never shown at 60×20");
        }
        // Back to the top with g; k at the top stays there.
        type_text(&mut app, "g");
        type_text(&mut app, "k");
        assert_eq!(app.help_scroll, 0);
        type_text(&mut app, "G");
        assert!(app.help_scroll > 0, "{name}: at 60×20 the help scrolls");
        // Any other key closes it.
        press(&mut app, KeyCode::Esc);
        assert!(matches!(app.mode, Mode::Browse));
        // Where it all fits, every key is listed exactly once.
        type_text(&mut app, "?");
        let screen = text_of(render(&mut app, 200, 60).backend().buffer()).join("\n");
        for entry in help_entries(&ctxs, Lang::Vi) {
            assert_eq!(
                screen.matches(&entry).count(),
                1,
                "{name}: «{entry}»\n{screen}"
            );
        }
    }
}

#[test]
fn the_checklist_help_says_a_verdict_moves_on_to_the_next_item() {
    for (lang, said) in [
        (Lang::Vi, "Chọn đánh giá xong, con trỏ tự"),
        (Lang::En, "After a verdict the cursor"),
    ] {
        let (_dir, mut app) = scene("help", lang);
        let screen = text_of(render(&mut app, 120, 40).backend().buffer()).join(" ");
        let screen = screen.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(screen.contains(said), "{screen}");
    }
}

#[test]
fn a_refusal_wraps_whole_in_the_form_and_names_its_field() {
    let (_dir, mut app) = scene("extend_form", Lang::Vi);
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "Chờ kết luận của Thành ủy");
    app.handle_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
    let why = match &app.mode {
        Mode::Form(f) => f.error().expect("refused").to_string(),
        other => panic!("{other:?}"),
    };
    assert!(why.ends_with("không có ngày 31"), "{why}");
    for (w, h) in [(60, 20), (80, 24)] {
        let lines = text_of(render(&mut app, w, h).backend().buffer());
        // The form's lines, inside its borders, read as one text.
        let top = lines
            .iter()
            .position(|l| l.contains("┌Gia hạn"))
            .expect("the form");
        let chars: Vec<char> = lines[top].chars().collect();
        let left = chars.iter().rposition(|c| *c == '┌').expect("corner");
        let right = chars.iter().rposition(|c| *c == '┐').expect("corner");
        let inside: Vec<String> = lines[top..]
            .iter()
            .map(|l| {
                l.chars()
                    .skip(left + 1)
                    .take(right - left - 1)
                    .collect::<String>()
                    .trim()
                    .to_string()
            })
            .collect();
        let text = inside.join(" ");
        assert!(
            text.contains(&why),
            "{w}×{h}: «{why}» whole:\n{}",
            lines.join("\n")
        );
        assert!(
            text.contains("▶ Hạn mới *"),
            "{w}×{h}: the field named:\n{}",
            lines.join("\n")
        );
    }
}

#[test]
fn a_deadline_that_breaks_a_rule_is_warned_of_before_saving() {
    for (lang, warned) in [
        (Lang::Vi, "⚠ trước ngày ghi nhận HCKĐ (20/11/2026)"),
        (
            Lang::En,
            "⚠ before the day the finding is recorded (20/11/2026)",
        ),
    ] {
        let (_dir, mut app) = scene("finding_form", lang);
        for _ in 0..3 {
            press(&mut app, KeyCode::Tab);
        }
        for _ in 0..12 {
            press(&mut app, KeyCode::Backspace);
        }
        type_text(&mut app, "01/01/2020");
        let text = text_of(render(&mut app, 100, 30).backend().buffer()).join("\n");
        assert!(text.contains(warned), "{text}");
        // A valid deadline shows only its weekday.
        for _ in 0..12 {
            press(&mut app, KeyCode::Backspace);
        }
        type_text(&mut app, "+7");
        let text = text_of(render(&mut app, 100, 30).backend().buffer()).join("\n");
        assert!(!text.contains('⚠'), "{text}");
    }
    // A new deadline must be after the current one (31/05/2026 for JRH25).
    let (_dir, mut app) = scene("detail", Lang::Vi);
    type_text(&mut app, "x");
    type_text(&mut app, "30/05/2026");
    let text = text_of(render(&mut app, 100, 30).backend().buffer()).join("\n");
    assert!(
        text.contains("⚠ phải sau hạn hiện tại 31/05/2026"),
        "{text}"
    );
}

#[test]
fn the_dashboard_names_the_dang_bo_of_each_chi_bo() {
    use haukiem::domain::Change;
    let dir = tempfile::tempdir().expect("temp dir");
    let store = common::app::demo_store(dir.path());
    // A cell of Quang Trung visited in HK-2026-02, with an overdue finding.
    let cell = store
        .unit_by_code("P-QT-CB2")
        .expect("read")
        .expect("P-QT-CB2");
    let visit = store
        .visit_by_code("HK-2026-02")
        .expect("read")
        .expect("visit");
    let mut with_cell = visit.clone();
    with_cell.units.push(cell.id);
    store
        .commit(Change::update(visit.clone(), with_cell), None)
        .expect("add the cell");
    let due = common::build::days_from(today(), -5);
    let f = common::build::finding("HK-2026-02-TST01", cell.id, visit.id, None, due);
    store
        .commit(Change::create(f), None)
        .expect("a finding of the cell");
    let mut app = App::new(store, Lang::Vi, today()).expect("app");
    let text = text_of(render(&mut app, 120, 35).backend().buffer()).join("\n");
    assert!(
        text.contains("Chi bộ Tổ dân phố số 2 · Đảng bộ phường Quang Trung"),
        "{text}"
    );
    // A grassroots committee belongs to the city committee: not said on every row.
    assert!(!text.contains("· Thành ủy Nam Định"), "{text}");
}

/// The screen `name` at `w`×`h` in `lang`, as lines of text.
fn screen_at(name: &str, lang: Lang, w: u16, h: u16) -> Vec<String> {
    let (_dir, mut app) = scene(name, lang);
    text_of(render(&mut app, w, h).backend().buffer())
}

#[test]
fn the_top_line_keeps_its_tabs_whole_and_the_date_at_80_and_60_columns() {
    let top = |lang, w| screen_at("dashboard", lang, w, 24)[0].clone();
    let at_80 = top(Lang::Vi, 80);
    assert!(at_80.contains("F4 Hạn chế, khuyết điểm "), "{at_80}");
    assert!(at_80.ends_with("20/11/2026 "), "{at_80}");
    let at_60 = top(Lang::Vi, 60);
    assert!(
        at_60.contains("F3 Đợt ") && at_60.contains("F4 HCKĐ "),
        "{at_60}"
    );
    assert!(at_60.ends_with("20/11/2026 "), "{at_60}");
    let en = top(Lang::En, 60);
    assert!(en.contains("F4 Findings "), "{en}");
}

#[test]
fn visit_titles_keep_the_words_that_tell_them_apart_at_every_common_size() {
    for (w, h) in [(200, 60), (120, 35), (80, 24), (60, 20)] {
        for lang in [Lang::Vi, Lang::En] {
            let text = screen_at("visits", lang, w, h);
            let row = |code: &str| {
                text.iter()
                    .find(|l| l.contains(code))
                    .unwrap_or_else(|| panic!("{code} at {w}×{h}: {text:#?}"))
                    .clone()
            };
            let second = row("HK-2026-02");
            assert!(second.contains("(đợt 2)"), "{w}×{h}: {second}");
            assert!(!row("HK-2026-01").contains("(đợt 2)"));
            // The title cut between words, never inside one.
            assert!(!second.contains(" s "), "{w}×{h}: {second}");
            let count = if lang == Lang::Vi {
                "HCKĐ"
            } else {
                "Findings"
            };
            let header = text
                .iter()
                .find(|l| l.contains("HK-2026") || l.contains(count));
            assert!(
                header.is_some_and(|l| l.contains(count)),
                "{w}×{h}: {text:#?}"
            );
        }
    }
}

#[test]
fn the_visit_shows_its_whole_team_at_120_and_80_columns() {
    for (w, h) in [(120, 35), (80, 24)] {
        let text = screen_at("visit", Lang::Vi, w, h).join("\n");
        assert!(
            text.contains("Phan Thị Ngọc Diệp (Thư ký)"),
            "{w}×{h}: {text}"
        );
        assert!(text.contains("năm 2025 (đợt 2)"), "{w}×{h}: {text}");
        let en = screen_at("visit", Lang::En, w, h).join("\n");
        assert!(en.contains("Findings│"), "{w}×{h}: {en}");
    }
}

#[test]
fn the_findings_list_gives_the_content_the_room_and_keeps_unit_and_status() {
    let wide = screen_at("findings", Lang::Vi, 120, 35);
    let row = |text: &[String], reference: &str| {
        text.iter()
            .find(|l| l.contains(reference))
            .unwrap_or_else(|| panic!("{reference}: {text:#?}"))
            .clone()
    };
    let first = row(&wide, "HK-2026-01-JRH25");
    assert!(first.contains("Đảng bộ xã Lộc Hòa"), "{first}");
    assert!(
        first.contains("Sổ danh sách đảng viên chưa cập nhật"),
        "{first}"
    );
    assert!(first.contains("173 ngày"), "{first}");
    // 80×24: the unit stays (its last words), and the status.
    let at_80 = screen_at("findings", Lang::Vi, 80, 24);
    assert!(
        at_80[3].contains("Đơn vị") && at_80[3].contains("Tình trạng"),
        "{at_80:#?}"
    );
    assert!(
        row(&at_80, "HK-2026-01-JRH02").contains("Quang Trung"),
        "{at_80:#?}"
    );
    assert!(row(&at_80, "HK-2026-01-JRH20").contains("Đang khắc phục"));
    // 60×20: still the status, the content cut after a whole word.
    let at_60 = screen_at("findings", Lang::Vi, 60, 20);
    let r = row(&at_60, "HK-2026-01-JRH25");
    assert!(
        r.contains("Chưa khắc phục") && r.contains("Sổ danh…"),
        "{r}"
    );
    // English: whole headers.
    let en = screen_at("findings", Lang::En, 80, 24);
    assert!(
        en[3].contains("Status") && en[3].contains("Finding"),
        "{en:#?}"
    );
}

#[test]
fn the_dashboard_figures_keep_their_words_at_80_and_60_columns() {
    for (w, h) in [(80, 24), (60, 20)] {
        let text = screen_at("dashboard", Lang::Vi, w, h).join("\n");
        for label in ["Đến hạn trong 7 ngày", "Đến hạn trong 30 ngày", "Quá hạn"] {
            assert!(text.contains(label), "{w}×{h}: {label}: {text}");
        }
        let en = screen_at("dashboard", Lang::En, w, h).join("\n");
        assert!(
            en.contains("Due in 7 days") && en.contains("Verified this month"),
            "{en}"
        );
    }
}

#[test]
fn an_english_verdict_is_said_in_english_once() {
    let text = screen_at("checklist", Lang::En, 120, 35).join("\n");
    assert!(
        !text.contains("Đ Pass") && !text.contains("Verdict: Đ"),
        "{text}"
    );
}

#[test]
fn at_60x20_box_titles_and_the_visit_status_are_cut_between_words_or_kept() {
    let text = screen_at("checklist", Lang::Vi, 60, 20).join("\n");
    assert!(text.contains("┌Hậu kiểm việc khắc phục hạn chế…"), "{text}");
    assert!(text.contains("… (5) · Tab┐"), "{text}");
    let visit = screen_at("visit", Lang::Vi, 60, 20).join("\n");
    assert!(
        visit.contains("16/11/2026–04/12/2026 · Đang tiến hành"),
        "{visit}"
    );
    assert!(visit.contains("Phan Thị Ngọc Diệp (Thư ký)"), "{visit}");
}

/// A finding of a unit that merged into another is listed under the unit
/// that follows it up, saying which it was recorded at: in the list where
/// there is room, in full in its detail.
#[test]
fn a_merged_units_findings_are_listed_under_its_successor() {
    let (_dir, mut app) = demo_app(Lang::Vi);
    press(&mut app, KeyCode::F(4));
    let lines = text_of(render(&mut app, 200, 40).backend().buffer()).join("\n");
    assert!(
        lines.contains("Đảng bộ phường Nam Định ← phường Năng Tĩnh"),
        "{lines}"
    );
    let narrow = text_of(render(&mut app, 80, 24).backend().buffer()).join("\n");
    assert!(narrow.contains("phường Nam Định"), "{narrow}");
    assert!(!narrow.contains("Năng Tĩnh"), "{narrow}");
    press(&mut app, KeyCode::Enter);
    let detail = text_of(render(&mut app, 120, 35).backend().buffer()).join("\n");
    assert!(
        detail.contains("Đảng bộ phường Nam Định (trước đây: Đảng bộ phường Năng Tĩnh)"),
        "{detail}"
    );
}
