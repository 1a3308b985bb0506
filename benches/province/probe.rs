//! The probe: this benchmark binary run again with `HAUKIEM_PROBE` set
//! drives the terminal app in-process against a test backend, on the
//! database in `HAUKIEM_DB` as of `HAUKIEM_TODAY`, and prints timings.
//!
//! `first-frame` starts the app as `haukiem` does and draws one 160×50
//! frame; given the spawn time in `HAUKIEM_PROBE_SPAWNED_NS`, it prints
//! `first_frame_us N` (spawn to frame drawn), then waits for the database
//! and exits. `interactive` (repetitions in `HAUKIEM_PROBE_ROUNDS`)
//! replays keystrokes and prints one line per measured path:
//! `name n p50_us p99_us`, `table_ready_us N` (launch to the findings
//! table in memory) and `list_upgrade_us N` (the tick that puts the whole
//! list in place of its first rows), then `rss_kib N` (peak resident
//! memory) and `rss_open_kib N` (peak with the database open and the
//! dashboard shown).

use std::io::Write;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::Context;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use haukiem::domain::date::parse_date;
use haukiem::tui::screen::ScreenId;
use haukiem::tui::{App, Lang, ui};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::common::peak_rss_kib;

/// Set to the probe's role (`first-frame` or `interactive`) in the probe
/// process.
pub const ROLE: &str = "HAUKIEM_PROBE";
/// Repetitions of each measured path (multiplied per path).
pub const ROUNDS: &str = "HAUKIEM_PROBE_ROUNDS";

/// Environment variable the benchmark sets to the wall-clock time it
/// spawned the probe (nanoseconds since the Unix epoch).
pub const SPAWNED_NS: &str = "HAUKIEM_PROBE_SPAWNED_NS";
const W: u16 = 160;
const H: u16 = 50;

/// What the probe measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Probe {
    FirstFrame,
    Interactive,
}

/// Run the probe `role` names.
///
/// # Errors
/// An unknown role, a missing database, or the app reported an error.
pub fn run(role: &str) -> anyhow::Result<()> {
    let probe = match role {
        "first-frame" => Probe::FirstFrame,
        "interactive" => Probe::Interactive,
        _ => anyhow::bail!("{ROLE}: unknown probe {role:?}"),
    };
    let rounds: usize = std::env::var(ROUNDS)
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(20);
    let db = PathBuf::from(std::env::var_os("HAUKIEM_DB").context("HAUKIEM_DB is not set")?);
    let real = chrono::Local::now().date_naive();
    let today = match std::env::var("HAUKIEM_TODAY") {
        Ok(s) => parse_date(&s, real)?,
        Err(_) => real,
    };
    let launched = Instant::now();
    let mut app = App::launch(&db, Lang::Vi, today)?;
    let mut term = Terminal::new(TestBackend::new(W, H))?;
    draw(&mut term, &mut app)?;
    if probe == Probe::FirstFrame {
        // The time from the script's spawn to here, on the wall clock both
        // read: the database may still be opening, as in the app.
        if let Some(spawned) = std::env::var(SPAWNED_NS)
            .ok()
            .and_then(|v| v.parse::<u128>().ok())
        {
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)?
                .as_nanos();
            writeln!(
                std::io::stdout(),
                "first_frame_us {}",
                now.saturating_sub(spawned) / 1000
            )?;
        }
        app.store.wait()?;
        // Nothing was written: end as a read-only command does.
        if let Some(store) = app.store.into_store() {
            store.close_read_only();
        }
        return Ok(());
    }
    // Memory once the database is open and the dashboard shown, before the
    // findings table loads.
    app.store.wait()?;
    let open_rss = peak_rss_kib().unwrap_or(0);
    let mut app = app.start()?;
    // As `haukiem` does with `HAUKIEM_ACTOR` set: nobody is asked who works.
    app.store.set_actor("Trần Thị Mai");
    app.greet()?;
    let rounds = rounds.max(1);

    // Findings list: open it, then move down.
    let mut times = Vec::new();
    times.push(timed(|| key(&mut term, &mut app, KeyCode::F(4)))?);
    report("open_findings_list", &mut times)?;
    for _ in 0..rounds * 20 {
        times.push(timed(|| key(&mut term, &mut app, KeyCode::Char('j')))?);
    }
    report("findings_move_down", &mut times)?;

    // Until here the list showed its first rows from the due-date index;
    // the whole table arrives in the background, and the loop's next tick
    // puts the whole list in their place.
    let parts = app.table.wait()?.heap_bytes();
    let ready = launched.elapsed();
    let mut line = String::from("table_bytes");
    for (part, bytes) in parts {
        line.push_str(&format!(" {part}={bytes}"));
    }
    writeln!(std::io::stdout(), "{line}")?;
    let t = Instant::now();
    app.tick();
    draw(&mut term, &mut app)?;
    let upgrade = t.elapsed();
    writeln!(std::io::stdout(), "table_ready_us {}", ready.as_micros())?;
    writeln!(std::io::stdout(), "list_upgrade_us {}", upgrade.as_micros())?;

    // Search as you type, one character at a time.
    for q in [
        "khac phuc",
        "chi bo sinh hoat",
        "ho so dang vien",
        "bao cao",
        "đảng viên",
        "quy che lam viec",
        "kiem tra ho so",
        "sinh hoạt chi bộ",
        "ket luan giam sat",
        "phát triển",
    ] {
        key(&mut term, &mut app, KeyCode::Char('/'))?;
        for c in q.chars() {
            times.push(timed(|| key(&mut term, &mut app, KeyCode::Char(c)))?);
        }
        key(&mut term, &mut app, KeyCode::Esc)?;
    }
    report("search_per_char", &mut times)?;

    // Jump to the dashboard (from the findings list, and back).
    for _ in 0..rounds * 5 {
        times.push(timed(|| key(&mut term, &mut app, KeyCode::F(2)))?);
        key(&mut term, &mut app, KeyCode::F(4))?;
    }
    report("jump_to_dashboard", &mut times)?;
    let rss = peak_rss_kib().unwrap_or(0);

    // Open a unit's checklist from the visit screen, unit after unit.
    key(&mut term, &mut app, KeyCode::F(3))?;
    key(&mut term, &mut app, KeyCode::Enter)?;
    if app.screen != ScreenId::Visit {
        anyhow::bail!("the database has no visit to open");
    }
    for _ in 0..rounds * 5 {
        times.push(timed(|| key(&mut term, &mut app, KeyCode::Enter))?);
        key(&mut term, &mut app, KeyCode::Esc)?;
        key(&mut term, &mut app, KeyCode::Char('j'))?;
    }
    report("open_checklist", &mut times)?;

    // Set verdicts item after item (each a durable write).
    key(&mut term, &mut app, KeyCode::Enter)?;
    for i in 0..rounds * 5 {
        let verdict = if i % 2 == 0 { '1' } else { '2' };
        times.push(timed(|| key(&mut term, &mut app, KeyCode::Char(verdict)))?);
        key(&mut term, &mut app, KeyCode::Char('j'))?;
    }
    report("set_verdict", &mut times)?;
    // Each verdict is drawn at once and synced by the app's saver thread:
    // all of them on disk before the probe ends, as before the app quits.
    let t = Instant::now();
    app.settle();
    writeln!(
        std::io::stdout(),
        "verdicts_durable_us {}",
        t.elapsed().as_micros()
    )?;
    if let Some((text, haukiem::tui::app::Tone::Error)) = &app.status {
        anyhow::bail!("the app reported an error: {text}");
    }
    let rss = rss.max(peak_rss_kib().unwrap_or(0));
    writeln!(std::io::stdout(), "rss_kib {rss}")?;
    writeln!(std::io::stdout(), "rss_open_kib {open_rss}")?;
    Ok(())
}

fn draw<S>(term: &mut Terminal<TestBackend>, app: &mut App<S>) -> anyhow::Result<()> {
    app.page = ui::page_rows(H);
    term.draw(|f| ui::draw(f, app))?;
    Ok(())
}

/// One keystroke and the frame after it.
fn key(term: &mut Terminal<TestBackend>, app: &mut App, code: KeyCode) -> anyhow::Result<()> {
    // What the event loop does before it waits for a key.
    app.tick();
    app.handle_key(KeyEvent::new(code, KeyModifiers::NONE));
    if let Some((text, haukiem::tui::app::Tone::Error)) = &app.status {
        anyhow::bail!("the app reported an error: {text}");
    }
    draw(term, app)
}

fn timed(f: impl FnOnce() -> anyhow::Result<()>) -> anyhow::Result<Duration> {
    let t = Instant::now();
    f()?;
    Ok(t.elapsed())
}

fn report(name: &str, times: &mut Vec<Duration>) -> std::io::Result<()> {
    times.sort();
    let at = |q: f64| {
        let i = ((times.len() as f64 - 1.0) * q).round() as usize;
        times.get(i).map_or(0, Duration::as_micros)
    };
    let line = writeln!(
        std::io::stdout(),
        "{name} {} {} {}",
        times.len(),
        at(0.5),
        at(0.99)
    );
    times.clear();
    line
}
