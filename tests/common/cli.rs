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

/// The demo loaded as of [`TODAY`] into `dir/demo`.
pub fn demo_db(dir: &Path) -> PathBuf {
    let db = dir.join("demo");
    ok(&db, &["demo", "--no-tui", "--today", TODAY]);
    db
}

/// The references of JSON listing rows.
pub fn references(rows: &[Value]) -> Vec<String> {
    rows.iter()
        .map(|r| r["reference"].as_str().expect("reference").to_string())
        .collect()
}
