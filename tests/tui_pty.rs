//! A real-terminal run: the binary in a tmux pane, driven with `send-keys`,
//! read back with `capture-pane`; the result is checked through the command
//! line. Skipped (with a notice) when tmux is not installed.
//!
//! The first day's test prints the panes it walked through (the unit tree,
//! the new-visit form, the walked checklist): `--nocapture` shows them.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::thread::sleep;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::Value;
use tempfile::TempDir;
use unicode_normalization::is_nfc;

use common::build::{ACTOR, TODAY};
use common::cli::{demo_db, ok, run};

const BIN: &str = env!("CARGO_BIN_EXE_haukiem");
const STEP: Duration = Duration::from_millis(300);
const WAIT: Duration = Duration::from_secs(30);

/// A tmux server of our own (its own socket), killed on drop whatever happens.
struct Tmux {
    socket: String,
    session: String,
    /// The server's socket file, removed on drop.
    socket_path: Option<PathBuf>,
}

impl Tmux {
    /// The app on `db` as of [`TODAY`], in a server and session named
    /// after `tag`, this process and the clock (tests run side by side).
    fn launch(tag: &str, db: &Path) -> Tmux {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let name = format!("haukiem-{tag}{}-{nanos}", std::process::id());
        let mut tmux = Tmux {
            socket: name.clone(),
            session: name,
            socket_path: None,
        };
        let db_arg = db.to_str().expect("UTF-8 temp path");
        tmux.start(&[BIN, "--db", db_arg, "--today", TODAY, "--actor", ACTOR]);
        tmux.wait_for("Tổng quan");
        tmux
    }

    fn command(&self) -> Command {
        let mut c = Command::new("tmux");
        c.args(["-u", "-f", "/dev/null", "-L", &self.socket])
            .env("LANG", "C.UTF-8")
            .env("LC_ALL", "C.UTF-8")
            .env_remove("TMUX");
        c
    }

    fn run(&self, args: &[&str]) -> Output {
        self.command().args(args).output().expect("run tmux")
    }

    fn start(&mut self, program: &[&str]) {
        let mut args = vec![
            "new-session",
            "-d",
            "-x",
            "120",
            "-y",
            "35",
            "-s",
            &self.session,
        ];
        args.extend_from_slice(program);
        let out = self
            .command()
            .args(&args)
            .env("TERM", "xterm-256color")
            .env_remove("HAUKIEM_ACTOR")
            .output()
            .expect("start tmux");
        assert!(
            out.status.success(),
            "tmux new-session: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let path = self.run(&["display-message", "-p", "#{socket_path}"]);
        let path = String::from_utf8_lossy(&path.stdout).trim().to_string();
        if !path.is_empty() {
            self.socket_path = Some(PathBuf::from(path));
        }
    }

    /// Named keys (`Enter`, `F3`, `C-s`, `j`), one at a time, with a pause after each.
    fn keys(&self, keys: &[&str]) {
        for k in keys {
            let out = self.run(&["send-keys", "-t", &self.session, k]);
            assert!(out.status.success(), "send-keys {k}");
            sleep(STEP);
        }
    }

    /// Text typed literally (UTF-8, as an IME commits it).
    fn type_text(&self, text: &str) {
        let out = self.run(&["send-keys", "-t", &self.session, "-l", text]);
        assert!(out.status.success(), "send-keys -l {text}");
        sleep(STEP);
    }

    fn screen(&self) -> String {
        let out = self.run(&["capture-pane", "-p", "-t", &self.session]);
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Poll the pane until it shows `text`.
    fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                start.elapsed() < WAIT,
                "waited {WAIT:?} for «{text}»; the screen:\n{screen}"
            );
            sleep(Duration::from_millis(100));
        }
    }

    fn alive(&self) -> bool {
        self.run(&["has-session", "-t", &self.session])
            .status
            .success()
    }

    fn wait_for_exit(&self) {
        let start = Instant::now();
        while self.alive() {
            assert!(
                start.elapsed() < WAIT,
                "the app did not quit:\n{}",
                self.screen()
            );
            sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.run(&["kill-server"]);
        if let Some(path) = &self.socket_path {
            let _ = std::fs::remove_file(path);
        }
    }
}

fn tmux_available() -> bool {
    Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// The demo in a temporary database and the app on it in tmux (see
/// [`Tmux::launch`]); `None`, with a notice, when tmux is not installed.
fn demo_in_tmux(tag: &str) -> Option<(TempDir, PathBuf, Tmux)> {
    if !tmux_available() {
        eprintln!("tmux is not installed: skipping the real-terminal test");
        return None;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let db = demo_db(dir.path());
    let tmux = Tmux::launch(tag, &db);
    Some((dir, db, tmux))
}

/// From the demo's dashboard: F3 → the newest visit → Quang Trung's
/// checklist, on II.1 (I.1–I.3 are answered in the demo; II.1–II.3 not).
fn to_quang_trung_ii1(tmux: &Tmux) {
    tmux.keys(&["F3"]);
    tmux.wait_for("58-KH/TU");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Đảng bộ phường Quang Trung");
    tmux.keys(&["j", "j"]);
    tmux.wait_for("▶ Đảng bộ phường Quang Trung");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Tiến độ: 12/39");
    tmux.keys(&["j", "j", "j"]);
    tmux.wait_for("Mục II.1");
}

#[test]
fn record_a_verdict_and_a_finding_in_a_real_terminal() {
    let Some((_dir, db, tmux)) = demo_in_tmux("") else {
        return;
    };
    tmux.wait_for(TODAY);

    // 1. The checklist walk: F3 → the newest visit → Quang Trung → a verdict.
    to_quang_trung_ii1(&tmux);
    tmux.keys(&["3"]);
    tmux.wait_for("Đã lưu: II.1 → Chưa đạt");
    tmux.wait_for("Tiến độ: 13/39");

    // 2. A finding from that item: back to it, f, type, Tab to the responsible, Ctrl-S.
    tmux.keys(&["k"]);
    tmux.wait_for("Mục II.1");
    tmux.keys(&["f"]);
    tmux.wait_for("Ghi nhận hạn chế, khuyết điểm ·");
    let title = "Chưa tổ chức học tập Nghị quyết kịp thời";
    let responsible = "Ban Thường vụ Đảng ủy phường";
    tmux.type_text(title);
    tmux.wait_for(title);
    tmux.keys(&["Tab", "Tab", "Tab", "Tab"]);
    tmux.type_text(responsible);
    tmux.wait_for(responsible);
    tmux.keys(&["C-s"]);
    let screen = tmux.wait_for("Đã lưu: HK-2026-02-");
    assert!(screen.contains(title), "{screen}");

    // Quit, and let the session end with the app.
    tmux.keys(&["q"]);
    tmux.wait_for_exit();

    // What the terminal did is in the database.
    let listing = ok(&db, &["findings", "--format", "json", "--today", TODAY]);
    let rows: Vec<Value> = serde_json::from_str(&listing).expect("findings as JSON");
    let found: Vec<&Value> = rows
        .iter()
        .filter(|r| r["title"].as_str() == Some(title))
        .collect();
    assert_eq!(found.len(), 1, "one new finding titled «{title}»");
    let f = found[0];
    let stored = f["title"].as_str().expect("title");
    assert!(is_nfc(stored));
    assert_eq!(f["responsible"].as_str(), Some(responsible));
    assert_eq!(f["visit"].as_str(), Some("HK-2026-02"));
    assert_eq!(f["unit_code"].as_str(), Some("P-QT"));
    assert_eq!(f["item"].as_str(), Some("II.1"));
    assert_eq!(f["due"].as_str(), Some("2026-12-20"));
    let reference = f["reference"].as_str().expect("reference");
    assert!(reference.starts_with("HK-2026-02-"), "{reference}");
    assert!(reference.ends_with("01"), "{reference}");
    assert!(
        screen.contains(reference),
        "the status line named it:\n{screen}"
    );
}

/// Closing the terminal (here, killing the tmux server) ends the app and
/// frees the database: crossterm keeps re-reading a dead tty, so the app
/// must not wait for its event loop to notice.
#[test]
fn closing_the_terminal_ends_the_app_and_frees_the_database() {
    let Some((_dir, db, tmux)) = demo_in_tmux("hup-") else {
        return;
    };
    let _ = tmux.run(&["kill-server"]);
    // The app holds the database until it ends: a listing that must open
    // it (no view after a removal) fails while it runs.
    let view = db.join(haukiem::store::view::FILE);
    let mut freed = false;
    for _ in 0..50 {
        let _ = std::fs::remove_file(&view);
        if run(&db, &["findings", "--overdue", "--today", TODAY])
            .status
            .success()
        {
            freed = true;
            break;
        }
        sleep(Duration::from_millis(100));
    }
    assert!(
        freed,
        "the app still holds the database 5 s after its terminal closed"
    );
}

/// A second window on the same database says so in the app, in its
/// language, before it draws anything of the database, and leaves on a key.
#[test]
fn a_second_window_says_the_database_is_held_before_drawing_it() {
    if !tmux_available() {
        eprintln!("tmux is not installed: skipping the real-terminal test");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let db = demo_db(dir.path());
    let db_arg = db.to_str().expect("utf-8 path");
    let session = |tag: &str| {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let name = format!("haukiem-{tag}-{}-{nanos}", std::process::id());
        Tmux {
            socket: name.clone(),
            session: name,
            socket_path: None,
        }
    };
    let mut first = session("first");
    first.start(&[BIN, "--db", db_arg, "--today", TODAY, "--actor", ACTOR]);
    first.wait_for("Theo đơn vị");
    for (args, said) in [
        (
            vec![BIN, "--db", db_arg, "--today", TODAY],
            "đang mở ở một cửa sổ haukiem khác",
        ),
        (
            vec![BIN, "demo", "--db", db_arg, "--today", TODAY],
            "đang mở ở một cửa sổ haukiem khác",
        ),
        (
            vec![BIN, "--db", db_arg, "--lang", "en", "--today", TODAY],
            "is open in another haukiem window",
        ),
    ] {
        let mut second = session("second");
        second.start(&args);
        // The message wraps (the database's path is long): read it as words.
        let words = |s: &str| {
            s.replace('│', " ")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        };
        let start = Instant::now();
        let screen = loop {
            let screen = second.screen();
            if words(&screen).contains(said) {
                break screen;
            }
            assert!(start.elapsed() < WAIT, "waited for «{said}»:\n{screen}");
            sleep(Duration::from_millis(100));
        };
        for data in ["Theo đơn vị", "By unit", "F2", "Quá hạn", "Overdue"] {
            assert!(
                !screen.contains(data),
                "nothing of the database: {data}\n{screen}"
            );
        }
        assert!(screen.contains("--db"), "{screen}");
        second.keys(&["x"]);
        second.wait_for_exit();
    }
    // The first window goes on.
    first.keys(&["F4"]);
    first.wait_for("HK-2026-01-JRH25");
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

/// The first day, without the demo: the shipped units and checklist
/// imported on the command line, then the app on a real terminal asks who
/// works here, shows the unit tree, plans a visit for three units with a
/// team, starts it and walks one checklist item; the export then holds the
/// visit and the answer, both under the inspector's name.
#[test]
fn plan_a_visit_and_walk_an_item_on_a_fresh_database_in_a_real_terminal() {
    if !tmux_available() {
        eprintln!("tmux is not installed: skipping the real-terminal test");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("db");
    let units = fixture("units.csv");
    let template = fixture("hau-kiem.toml");
    ok(
        &db,
        &[
            "import",
            units.to_str().expect("UTF-8 path"),
            template.to_str().expect("UTF-8 path"),
        ],
    );

    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let name = format!("haukiem-first-{}-{nanos}", std::process::id());
    let mut tmux = Tmux {
        socket: name.clone(),
        session: name,
        socket_path: None,
    };
    let db_arg = db.to_str().expect("UTF-8 temp path");
    // No --actor: the app asks.
    tmux.start(&[BIN, "--db", db_arg, "--today", TODAY]);

    // 1. Who works here, before anything else.
    tmux.wait_for("Chào mừng! Ai làm việc trên máy này?");
    let inspector = "Phạm Thị Thu";
    tmux.type_text(inspector);
    tmux.keys(&["Tab"]);
    tmux.type_text("Máy đoàn kiểm tra 1");
    tmux.keys(&["C-s"]);
    let screen = tmux.wait_for(&format!("Từ nay các thay đổi được ghi tên {inspector}."));
    assert!(
        screen.lines().next().is_some_and(|h| h.contains(inspector)),
        "the header names who works:\n{screen}"
    );

    // 2. The unit tree.
    tmux.keys(&["F5"]);
    let tree = tmux.wait_for("Đảng bộ phường Quang Trung");
    assert!(tree.contains("Thành ủy Nam Định"), "{tree}");
    eprintln!("--- the unit tree (F5)\n{tree}");

    // 3. The new-visit form: title, plan and decision numbers, a team of
    // two, three units picked by search, the first two assigned.
    tmux.keys(&["F3"]);
    tmux.keys(&["n"]);
    tmux.wait_for("Lập đợt hậu kiểm");
    let title = "Hậu kiểm khắc phục sau kiểm điểm năm 2025";
    tmux.type_text(title);
    tmux.keys(&["Tab", "Tab", "Tab"]);
    tmux.type_text("12-KH/TU");
    tmux.keys(&["Tab"]);
    tmux.type_text("45-QĐ/TU");
    tmux.keys(&["Tab", "Tab", "Tab", "Tab"]);
    tmux.type_text("Nguyễn Văn An");
    tmux.keys(&["C-n"]);
    tmux.type_text("Trần Thị Bình");
    tmux.keys(&["Tab"]);
    for (search, assign) in [("quang trung", 1), ("tran dang ninh", 2), ("vi hoang", 0)] {
        tmux.type_text(search);
        tmux.keys(&["Enter"]);
        for _ in 0..assign {
            tmux.keys(&["C-r"]);
        }
        for _ in search.chars() {
            tmux.keys(&["BSpace"]);
        }
    }
    let form = tmux.wait_for("Đã chọn 3: P-QT → Nguyễn Văn An, P-TDN → Trần Thị Bình, P-VH");
    assert!(form.contains("Nguyễn Văn An (Trưởng đoàn)"), "{form}");
    eprintln!("--- the new-visit form (F3, n)\n{form}");
    tmux.keys(&["C-s"]);
    tmux.wait_for("HK-2026-01");

    // 4. Started (t), then its first unit, then one item walked.
    tmux.keys(&["t"]);
    tmux.wait_for("Đang tiến hành");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Đảng bộ phường Quang Trung");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Mục I.1");
    tmux.keys(&["1"]);
    let walked = tmux.wait_for("Đã lưu: I.1 → Đạt");
    assert!(
        walked.contains("Đảng bộ phường Quang Trung · HK-2026-01 · Tiến độ: 1/39"),
        "{walked}"
    );
    eprintln!("--- the walked checklist\n{walked}");

    tmux.keys(&["q"]);
    tmux.wait_for_exit();

    // What the terminal did is in the database, under the inspector's name.
    let export: Value = serde_json::from_str(&ok(&db, &["export"])).expect("export JSON");
    let visits = export["visits"].as_array().expect("visits");
    assert_eq!(visits.len(), 1, "{visits:?}");
    let v = &visits[0];
    assert_eq!(v["code"].as_str(), Some("HK-2026-01"));
    assert_eq!(v["title"].as_str(), Some(title));
    assert_eq!(v["plan_no"].as_str(), Some("12-KH/TU"));
    assert_eq!(v["decision_no"].as_str(), Some("45-QĐ/TU"));
    assert_eq!(v["units"].as_array().map(Vec::len), Some(3));
    assert_eq!(v["team"].as_array().map(Vec::len), Some(2));
    let answers = export["answers"].as_array().expect("answers");
    assert_eq!(answers.len(), 1, "{answers:?}");
    assert_eq!(answers[0]["item"].as_str(), Some("I.1"));
    assert_eq!(answers[0]["verdict"].as_str(), Some("Pass"));
    assert_eq!(answers[0]["by"].as_str(), Some(inspector));
    let ops = export["ops"].as_array().expect("ops");
    let mine = ops
        .iter()
        .filter(|op| op["actor"].as_str() == Some(inspector))
        .count();
    assert_eq!(mine, 3, "the visit, its start and the answer");
}

/// Verdicts are drawn at once and synced on the app's saver thread: once
/// the status line says "Đã lưu", the verdict is on disk, and a `kill -9`
/// of the app a moment later loses none of the verdicts it said were saved.
#[test]
fn verdicts_said_saved_survive_a_kill() {
    let Some((_dir, db, tmux)) = demo_in_tmux("kill-") else {
        return;
    };
    tmux.wait_for(TODAY);
    // II.1, II.2, II.3 are not answered in the demo.
    to_quang_trung_ii1(&tmux);
    tmux.keys(&["1", "2", "3"]);
    tmux.wait_for("Đã lưu: II.3 → Chưa đạt");
    let pid = tmux.run(&["display-message", "-p", "-t", &tmux.session, "#{pane_pid}"]);
    let pid = String::from_utf8_lossy(&pid.stdout).trim().to_string();
    assert!(!pid.is_empty(), "the app's pid");
    let killed = Command::new("kill")
        .args(["-9", &pid])
        .status()
        .expect("kill");
    assert!(killed.success(), "kill -9 {pid}");
    tmux.wait_for_exit();

    let export: Value = serde_json::from_str(&ok(&db, &["export"])).expect("export JSON");
    let answers = export["answers"].as_array().expect("answers");
    let verdict_of = |item: &str| {
        answers
            .iter()
            .filter(|a| a["item"].as_str() == Some(item) && a["by"].as_str() == Some(ACTOR))
            .filter_map(|a| a["verdict"].as_str())
            .collect::<Vec<_>>()
    };
    assert_eq!(verdict_of("II.1"), ["Pass"]);
    assert_eq!(verdict_of("II.2"), ["Partial"]);
    assert_eq!(verdict_of("II.3"), ["Fail"]);
    // And the database the kill left is whole (`check` fails on any problem).
    ok(&db, &["check"]);
}
