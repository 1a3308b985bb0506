//! The binary as scripts run it, with the environment that could point it
//! elsewhere removed.

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use serde_json::Value;

use super::build::{ACTOR, TODAY};

/// The input files of the tests.
pub const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data");

/// The binary, without `HAUKIEM_DB` and `HAUKIEM_TODAY` from the outside,
/// recording changes under [`ACTOR`] (`HAUKIEM_ACTOR`).
pub fn haukiem() -> Command {
    let mut cmd = Command::cargo_bin("haukiem").expect("the haukiem binary is built");
    cmd.env_remove("HAUKIEM_DB")
        .env_remove("HAUKIEM_TODAY")
        .env("HAUKIEM_ACTOR", ACTOR);
    cmd
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// `haukiem ARGS --db DB`.
pub fn run(db: &Path, args: &[&str]) -> Output {
    haukiem()
        .args(args)
        .arg("--db")
        .arg(db)
        .output()
        .expect("run haukiem")
}

/// [`run`], expecting success; returns stdout.
pub fn ok(db: &Path, args: &[&str]) -> String {
    let out = run(db, args);
    assert!(
        out.status.success(),
        "haukiem {args:?} failed ({:?}): {}",
        out.status.code(),
        text(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("stdout is UTF-8")
}

/// `haukiem findings --today TODAY ARGS --db DB`, expecting success; returns stdout.
pub fn listing(db: &Path, args: &[&str]) -> String {
    ok(db, &[&["findings", "--today", TODAY], args].concat())
}

/// The overdue findings as JSON, as of [`TODAY`].
pub fn overdue_json(db: &Path) -> String {
    listing(db, &["--overdue", "--format", "json"])
}

/// The demo loaded as of [`TODAY`] into `dir/demo`.
pub fn demo_db(dir: &Path) -> PathBuf {
    let db = dir.join("demo");
    ok(&db, &["demo", "--no-tui", "--today", TODAY]);
    db
}

/// The record coded `code` among `items` (an export's `units` or `visits`).
pub fn by_code<'a>(items: &'a Value, code: &str) -> &'a Value {
    items
        .as_array()
        .expect("an array of records")
        .iter()
        .find(|x| x["code"] == code)
        .unwrap_or_else(|| panic!("no record coded {code}"))
}

/// The references of JSON listing rows.
pub fn references(rows: &[Value]) -> Vec<String> {
    rows.iter()
        .map(|r| r["reference"].as_str().expect("reference").to_string())
        .collect()
}
