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
pub mod saver;
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

/// How the app ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// The user quit (or a signal ended it).
    Quit,
    /// Another window holds the database: the app said so and left.
    Held,
}

/// Run the app until the user quits or a SIGTERM/SIGHUP/SIGINT arrives. The
/// terminal is restored on every way out, panics included (`ratatui::init`
/// installs that hook); every change was already made durable when it was
/// made. A database another window holds is said in the app, in its
/// language, before anything of it is read or drawn.
///
/// # Errors
/// Terminal I/O failure, or the database cannot be opened or read.
pub fn run(db: &Path, lang: Lang, today: NaiveDate, actor: Option<&str>) -> anyhow::Result<Ended> {
    crate::i18n::set(lang);
    if crate::store::Store::held_elsewhere(db) {
        return held(db, lang);
    }
    let app = match App::launch(db, lang, today) {
        Err(e) if is_held(&e) => return held(db, lang),
        other => other?,
    };
    let stop = Arc::new(AtomicBool::new(false));
    watch_signals(Arc::clone(&stop))?;
    let mut terminal = terminal()?;
    let _ = crossterm::execute!(std::io::stdout(), EnableBracketedPaste);
    let result = match first_frame(&mut terminal, app).and_then(|mut app| {
        if let Some(name) = actor {
            app.store.set_actor(name);
        }
        app.greet()?;
        let now = chrono::Utc::now();
        if let Some(newest) = app.store.clock_behind(now, chrono::Duration::minutes(10)) {
            use crate::domain::date::format_moment;
            let said =
                crate::i18n::Msg::ClockBehind.fill(&[&format_moment(newest), &format_moment(now)]);
            app.say(said, crate::tui::app::Tone::Error);
        }
        event_loop(&mut terminal, &mut app, &stop)
    }) {
        // Taken by another window between the test and the open.
        Err(e) if is_held(&e) => say_held(&mut terminal, db, lang, &stop).map(|()| Ended::Held),
        other => other.map(|()| Ended::Quit),
    };
    let _ = crossterm::execute!(std::io::stdout(), DisableBracketedPaste);
    ratatui::restore();
    result
}

/// The terminal, in the app's mode; without one (input or output
/// redirected, no terminal attached) a message saying so, not a panic.
fn terminal() -> anyhow::Result<ratatui::DefaultTerminal> {
    use std::io::IsTerminal;
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        anyhow::bail!("{}", crate::i18n::Msg::AppNoTerminal.text());
    }
    ratatui::try_init()
        .map_err(|e| anyhow::anyhow!("{}: {e}", crate::i18n::Msg::AppNoTerminal.text()))
}

fn is_held(e: &anyhow::Error) -> bool {
    matches!(
        e.downcast_ref::<crate::store::StoreError>(),
        Some(crate::store::StoreError::Locked(_))
    )
}

/// Say in a terminal of its own that another window holds the database.
fn held(db: &Path, lang: Lang) -> anyhow::Result<Ended> {
    let stop = Arc::new(AtomicBool::new(false));
    watch_signals(Arc::clone(&stop))?;
    let mut terminal = terminal()?;
    let result = say_held(&mut terminal, db, lang, &stop);
    ratatui::restore();
    result.map(|()| Ended::Held)
}

/// Another window holds the database: say so, and which one to close,
/// until a key is pressed.
fn say_held(
    terminal: &mut DefaultTerminal,
    db: &Path,
    lang: Lang,
    stop: &AtomicBool,
) -> anyhow::Result<()> {
    let text = crate::i18n::Msg::DbHeld.fill_in(lang, &[&db.display()]);
    loop {
        terminal.draw(|frame| ui::notice(frame, &text))?;
        if stop.load(Ordering::Relaxed) {
            return Ok(());
        }
        if event::poll(Duration::from_millis(200))?
            && let Event::Key(key) = event::read()?
            && key.kind != crossterm::event::KeyEventKind::Release
        {
            return Ok(());
        }
    }
}

/// On SIGTERM, SIGHUP or SIGINT (sent by another process: in raw mode
/// Ctrl+C is a key, not a signal), ask the event loop to end; if it has not ended
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
        signal_hook::consts::SIGINT,
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
    let size = terminal.size()?;
    app.resize(size.width, size.height);
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
        app.resize(size.width, size.height);
        app.tick();
        terminal.draw(|frame| ui::draw(frame, app))?;
        if app.quit || stop.load(Ordering::Relaxed) {
            return Ok(());
        }
        // Soon again while a sync or the findings table is on its way.
        let wait = if app.busy() { 10 } else { 200 };
        if event::poll(Duration::from_millis(wait))? {
            match event::read()? {
                Event::Key(key) => app.handle_key(key),
                Event::Paste(text) => app.handle_paste(&text),
                _ => {}
            }
        }
    }
}
