//! The terminal app: one module per screen (`screen`), each owning its
//! state, loading, actions and drawing; the app (`app`) routing between
//! them (`update`) with one keymap table (`keymap`) to actions (`action`);
//! typed forms (`form`); every write through the store's one write path
//! (`cx`); loads off the UI thread as jobs (`job`); the frame around the
//! screens and the overlays drawn as a pure function of the state (`ui`).

pub mod action;
pub mod app;
pub mod cx;
pub mod field;
pub mod form;
mod job;
pub mod keymap;
mod palette;
pub mod screen;
mod start;
pub mod table;
pub mod theme;
pub mod told;
pub mod tree;
pub mod ui;
mod update;
mod words;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use chrono::NaiveDate;
use crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event};
use ratatui::DefaultTerminal;

pub use crate::i18n::Lang;
pub use app::App;
pub use start::Opening;

use std::path::Path;

/// Run the app until the user quits or a SIGTERM/SIGHUP arrives. The
/// terminal is restored on every way out, panics included (`ratatui::init`
/// installs that hook); every change was already made durable when it was made.
///
/// # Errors
/// Terminal I/O failure, or the database cannot be opened or read.
pub fn run(db: &Path, lang: Lang, today: NaiveDate, actor: Option<&str>) -> anyhow::Result<()> {
    let app = App::launch(db, lang, today)?;
    let stop = Arc::new(AtomicBool::new(false));
    watch_signals(Arc::clone(&stop))?;
    let mut terminal = ratatui::init();
    let _ = crossterm::execute!(std::io::stdout(), EnableBracketedPaste);
    let result = first_frame(&mut terminal, app).and_then(|mut app| {
        if let Some(name) = actor {
            app.store.set_actor(name);
        }
        app.greet()?;
        event_loop(&mut terminal, &mut app, &stop)
    });
    let _ = crossterm::execute!(std::io::stdout(), DisableBracketedPaste);
    ratatui::restore();
    result
}

/// On SIGTERM or SIGHUP, ask the event loop to end; if it has not ended
/// half a second later, end the process. A closed terminal sends SIGHUP, and
/// crossterm 0.29 then keeps re-reading the dead tty inside `event::poll`,
/// which never returns (crossterm-rs/crossterm#793): the process would spin
/// and keep the database locked. Nothing is lost by exiting: every change was
/// made durable when it was made, and the loop is stuck in `poll`, not in a
/// commit.
fn watch_signals(stop: Arc<AtomicBool>) -> std::io::Result<()> {
    let mut signals = signal_hook::iterator::Signals::new([
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
    ])?;
    std::thread::spawn(move || {
        if signals.forever().next().is_some() {
            stop.store(true, Ordering::Relaxed);
            std::thread::sleep(Duration::from_millis(500));
            ratatui::restore();
            std::process::exit(1);
        }
    });
    Ok(())
}

/// Draw the first frame (from the listing view when there is one), then
/// wait for the database.
fn first_frame(terminal: &mut DefaultTerminal, mut app: App<Opening>) -> anyhow::Result<App> {
    app.page = ui::page_rows(terminal.size()?.height);
    terminal.draw(|frame| ui::draw(frame, &app))?;
    app.start()
}

fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    stop: &AtomicBool,
) -> anyhow::Result<()> {
    loop {
        let size = terminal.size()?;
        app.page = ui::page_rows(size.height);
        terminal.draw(|frame| ui::draw(frame, app))?;
        if app.quit || stop.load(Ordering::Relaxed) {
            return Ok(());
        }
        if event::poll(Duration::from_millis(200))? {
            match event::read()? {
                Event::Key(key) => app.handle_key(key),
                Event::Paste(text) => app.handle_paste(&text),
                _ => {}
            }
        }
    }
}
