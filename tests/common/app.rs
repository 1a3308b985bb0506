//! The terminal app driven in-process: on the demo, an empty database or
//! the shipped units and checklist only (as a new user starts), keys
//! pressed one at a time as a terminal sends them, the usual walks (to a
//! checklist, through the palette), what its status line, mode and open
//! form say, and the screen drawn to a `TestBackend` and read back as text.

use std::path::{Path, PathBuf};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use haukiem::domain::{Op, Unit};
use haukiem::store::Store;
use haukiem::tui::app::{Mode, Tone};
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

/// The unit coded `code`, which exists.
pub fn unit(app: &App, code: &str) -> Unit {
    app.store
        .unit_by_code(code)
        .expect("read unit")
        .expect("unit exists")
}

/// The newest op of the log.
pub fn last_op(app: &App) -> Op {
    app.store.last_op().expect("read").expect("an op")
}

pub fn status(app: &App) -> String {
    app.status
        .as_ref()
        .map(|(s, _)| s.clone())
        .unwrap_or_default()
}

pub fn tone(app: &App) -> Option<Tone> {
    app.status.as_ref().map(|(_, t)| *t)
}

pub fn in_form(app: &App) -> bool {
    matches!(app.mode, Mode::Form(_))
}

pub fn form_error(app: &App) -> Option<String> {
    match &app.mode {
        Mode::Form(f) => f.error().map(str::to_string),
        _ => None,
    }
}

/// The label of the focused field of the open form.
pub fn form_field(app: &App) -> haukiem::i18n::Msg {
    match &app.mode {
        Mode::Form(f) => f.rows()[f.focus_index()].label,
        _ => panic!("not in a form: {:?}", app.mode),
    }
}

/// Tab until the field labelled `label` has the focus.
pub fn focus(app: &mut App, label: haukiem::i18n::Msg) {
    for _ in 0..32 {
        if form_field(app) == label {
            return;
        }
        press(app, KeyCode::Tab);
    }
    panic!("no field {label:?} in the form");
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

/// A database holding only the shipped units and checklist, imported as
/// the README says, open under the tests' actor.
pub fn first_day_store() -> (TempDir, Store) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = super::build::open(dir.path());
    haukiem::io::import_files(&store, &[fixture("units.csv"), fixture("hau-kiem.toml")])
        .expect("import the fixtures");
    (dir, store)
}

/// The app on [`first_day_store`], in Vietnamese, 120×35.
pub fn first_day_app() -> (TempDir, App) {
    let (dir, store) = first_day_store();
    let mut app = App::new(store, Lang::Vi, today()).expect("app");
    app.resize(120, 35);
    (dir, app)
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
