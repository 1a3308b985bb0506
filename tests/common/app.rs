//! Driving the app in-process: keys in, and what its status line, mode and
//! open form say; drawing it on a test backend; an app on the shipped units
//! and checklist only, as a new user starts (no demo).

use std::path::PathBuf;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use haukiem::domain::{Op, Unit};
use haukiem::store::Store;
use haukiem::tui::app::{Mode, Tone};
use haukiem::tui::ui::{draw, page_rows};
use haukiem::tui::{App, Lang};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use tempfile::TempDir;

use super::build::today;

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
    app.page = page_rows(35);
    (dir, app)
}

/// Draw the app on a `width`×`height` test terminal.
pub fn render(app: &mut App, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    app.page = page_rows(height);
    terminal.draw(|f| draw(f, app)).expect("draw");
    terminal
}

/// The buffer's text, a string a row.
pub fn text_of(buffer: &Buffer) -> Vec<String> {
    (0..buffer.area.height)
        .map(|y| {
            (0..buffer.area.width)
                .map(|x| buffer[(x, y)].symbol())
                .collect::<String>()
        })
        .collect()
}
