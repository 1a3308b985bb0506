//! A signal from another process while the app runs on a terminal: the
//! terminal is given back as it was (cooked mode, main screen).

use std::io::Read;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use rustix::termios::{LocalModes, tcgetattr};

/// Leaves the alternate screen.
const MAIN_SCREEN: &[u8] = b"\x1b[?1049l";
/// Enters it.
const ALT_SCREEN: &[u8] = b"\x1b[?1049h";

fn holds(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Wait (at most a minute, for a loaded machine) until `done` holds.
fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < Duration::from_secs(60), "never: {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn app_then(signal: &str) {
    use rustix::pty::{OpenptFlags, grantpt, openpt, ptsname, unlockpt};
    let master = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY).expect("a pty");
    grantpt(&master).expect("grantpt");
    unlockpt(&master).expect("unlockpt");
    let name = ptsname(&master, Vec::new()).expect("ptsname");
    let slave = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(name.to_str().expect("pts name"))
        .expect("open the pty's terminal end");
    rustix::termios::tcsetwinsize(
        &slave,
        rustix::termios::Winsize {
            ws_row: 40,
            ws_col: 120,
            ws_xpixel: 0,
            ws_ypixel: 0,
        },
    )
    .expect("size");
    let cooked = tcgetattr(&slave).expect("termios");
    assert!(cooked.local_modes.contains(LocalModes::ICANON));

    let dir = tempfile::tempdir().expect("temp dir");
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("haukiem"))
        .arg("--db")
        .arg(dir.path().join("db"))
        .env_remove("HAUKIEM_DB")
        .env("HAUKIEM_ACTOR", crate::common::build::ACTOR)
        .env("TERM", "xterm-256color")
        .stdin(Stdio::from(slave.try_clone().expect("dup")))
        .stdout(Stdio::from(slave.try_clone().expect("dup")))
        .stderr(Stdio::from(slave.try_clone().expect("dup")))
        .spawn()
        .expect("start the app");
    let shown = Arc::new(Mutex::new(Vec::new()));
    let mut reader = std::fs::File::from(master.try_clone().expect("dup"));
    let sink = Arc::clone(&shown);
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            sink.lock().expect("lock").extend_from_slice(&buf[..n]);
        }
    });
    wait_for("the app takes the terminal", || {
        let raw = !tcgetattr(&slave)
            .expect("termios")
            .local_modes
            .contains(LocalModes::ICANON);
        raw && holds(&shown.lock().expect("lock"), ALT_SCREEN).is_some()
    });
    let sent = Command::new("kill")
        .args([&format!("-{signal}"), &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(sent.success());
    wait_for("the app ends", || child.try_wait().expect("wait").is_some());
    let status = child.wait().expect("status");
    assert!(
        status.code().is_some(),
        "{signal}: ended by the signal itself: {status:?}"
    );
    let after = tcgetattr(&slave).expect("termios");
    assert!(
        after.local_modes.contains(LocalModes::ICANON),
        "{signal}: cooked mode again"
    );
    assert!(
        after.local_modes.contains(LocalModes::ECHO),
        "{signal}: echo again"
    );
    // The output reaches the reader thread a little after the exit.
    wait_for("the main screen is back", || {
        let shown = shown.lock().expect("lock");
        let entered = holds(&shown, ALT_SCREEN).expect("entered");
        holds(&shown[entered..], MAIN_SCREEN).is_some()
    });
}

#[test]
fn sigint_from_another_process_gives_the_terminal_back() {
    app_then("INT");
}

#[test]
fn sigterm_and_sighup_give_the_terminal_back() {
    app_then("TERM");
    app_then("HUP");
}
