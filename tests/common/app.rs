//! The terminal app driven in-process: on the demo or an empty database,
//! keys pressed one at a time as a terminal sends them, the usual walks
//! (to a checklist, through the palette), and the screen drawn to a
//! `TestBackend` and read back as text.

use std::path::Path;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use haukiem::store::Store;
use haukiem::tui::app::Mode;
use haukiem::tui::screen::ScreenId;
use haukiem::tui::screen::checklist::ItemRow;
use haukiem::tui::ui::draw;
use haukiem::tui::{App, Lang};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use tempfile::TempDir;

use super::build::today;

/// A new database at `dir` holding the demo as of [`today`].
pub fn demo_store(dir: &Path) -> Store {
    let mut store = super::build::open(dir);
    haukiem::io::demo::load(&mut store, today()).expect("load demo");
    store
}

/// The demo in a temporary database, and the app on it as of [`today`].
pub fn demo_app(lang: Lang) -> (TempDir, App) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = demo_store(dir.path());
    let app = App::new(store, lang, today()).expect("app");
    (dir, app)
}

/// An empty temporary database, and the app on it (the welcome screen).
pub fn empty_app(lang: Lang) -> (TempDir, App) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = super::build::open(dir.path());
    let app = App::new(store, lang, today()).expect("app");
    (dir, app)
}

pub fn press(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
}

pub fn ch(app: &mut App, c: char) {
    press(app, KeyCode::Char(c));
}

pub fn ctrl(app: &mut App, c: char) {
    app.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

/// Type text one character (code point) at a time, as a terminal delivers it.
pub fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        ch(app, c);
    }
}

/// F3 → the newest visit (the demo's HK-2026-02) → the unit `code` → its
/// checklist, on the first item.
pub fn open_checklist(app: &mut App, code: &str) {
    let unit = app
        .store
        .unit_by_code(code)
        .expect("read unit")
        .expect("unit exists");
    press(app, KeyCode::F(3));
    assert_eq!(app.screen, ScreenId::Visits);
    assert_eq!(
        app.screens.visits.visits[0].0.code, "HK-2026-02",
        "newest visit first"
    );
    press(app, KeyCode::Enter);
    assert_eq!(app.screen, ScreenId::Visit);
    let row = visit_row(app, &unit.name);
    for _ in 0..row {
        ch(app, 'j');
    }
    assert_eq!(app.screens.visit.cursor.selected, row);
    press(app, KeyCode::Enter);
    assert_eq!(app.screen, ScreenId::Checklist);
    assert_eq!(app.screens.checklist.unit, Some(unit.id));
}

/// Where the unit named `name` stands on the visit screen.
pub fn visit_row(app: &App, name: &str) -> usize {
    app.screens
        .visit
        .rows
        .iter()
        .position(|r| r.name == name)
        .expect("unit in the visit")
}

/// Where item `code` stands in the checklist.
pub fn item_index(app: &App, code: &str) -> usize {
    app.screens
        .checklist
        .items
        .iter()
        .position(|i| i.code == code)
        .expect("item in the checklist")
}

/// The checklist's row of item `code`.
pub fn item_row<'a>(app: &'a App, code: &str) -> &'a ItemRow {
    &app.screens.checklist.items[item_index(app, code)]
}

/// Move the checklist cursor onto `code`.
pub fn go_to_item(app: &mut App, code: &str) {
    let target = item_index(app, code);
    while app.screens.checklist.cursor.selected < target {
        ch(app, 'j');
    }
    while app.screens.checklist.cursor.selected > target {
        ch(app, 'k');
    }
    assert_eq!(
        app.screens.checklist.items[app.screens.checklist.cursor.selected].code,
        code
    );
}

/// `:` then `line` then Enter: the palette opens, runs it and closes.
pub fn open_palette_and_run(app: &mut App, line: &str) {
    ch(app, ':');
    assert!(matches!(app.mode, Mode::Palette(_)));
    type_text(app, line);
    press(app, KeyCode::Enter);
    assert!(matches!(app.mode, Mode::Browse));
}

/// The app drawn on a `width`×`height` terminal, its lists as long as that
/// height allows.
pub fn render(app: &mut App, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    app.resize(width, height);
    terminal.draw(|f| draw(f, app)).expect("draw");
    terminal
}

/// The lines of a drawn buffer.
pub fn text_of(buffer: &Buffer) -> Vec<String> {
    (0..buffer.area.height)
        .map(|y| {
            (0..buffer.area.width)
                .map(|x| buffer[(x, y)].symbol())
                .collect::<String>()
        })
        .collect()
}
