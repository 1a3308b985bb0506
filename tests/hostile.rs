//! Hostile input, files and faults: stored text that would act on a
//! terminal or a spreadsheet, files written over on a full disk or read by
//! others, a database put back from an older copy, damaged or on a
//! read-only medium, a mistyped `--db`, oversized and tampered input.
//! Every case runs the real binary where a user would.

mod common;

#[path = "hostile/damage.rs"]
mod damage;
#[path = "hostile/files.rs"]
mod files;
#[path = "hostile/input.rs"]
mod input;
#[path = "hostile/shown.rs"]
mod shown;
#[cfg(unix)]
#[path = "hostile/signal.rs"]
mod signal;
#[path = "hostile/view.rs"]
mod view;

use std::path::Path;

use haukiem::domain::{Finding, Unit};
use haukiem::store::format::{decode, encode};

/// Text that retitles a terminal, writes its clipboard, clears it and
/// rewrites a column, with a bidirectional override for good measure.
pub const HOSTILE: &str =
    "Tiêu đề\u{1b}]0;pwned\u{7}\u{1b}]52;c;cm0gLXJmIH4=\u{7}\u{1b}[2J\rX\u{8}\u{9b}31m\u{202e}cba";

/// Bytes that must never reach a terminal or a file we write.
pub fn assert_no_controls(what: &str, bytes: &[u8]) {
    for bad in [&b"\x1b"[..], b"\x07", b"\x08", "\u{9b}".as_bytes()] {
        assert!(
            !bytes.windows(bad.len()).any(|w| w == bad),
            "{what} holds {bad:?}: {}",
            String::from_utf8_lossy(bytes)
        );
    }
}

pub use common::build::open_sled;

/// Write `title` into the first finding and `name` into the first unit of
/// the database in `db`, behind the write path's back, as a database from
/// before the text rules may hold them (and remove the listing view, which
/// showed the old text).
pub fn plant(db: &Path, title: &str, name: &str) -> (Finding, Unit) {
    let sled = open_sled(db);
    let findings = sled.open_tree("findings").expect("findings");
    let (key, bytes) = findings.iter().next().expect("a finding").expect("read");
    let mut finding: Finding = decode(&bytes).expect("decode");
    finding.title = title.to_string();
    findings
        .insert(key, encode(&finding).expect("encode"))
        .expect("insert");
    let units = sled.open_tree("units").expect("units");
    let (key, bytes) = units
        .iter()
        .find(|kv| {
            kv.as_ref()
                .is_ok_and(|(_, v)| decode::<Unit>(v).is_ok_and(|u| u.id == finding.unit))
        })
        .expect("the finding's unit")
        .expect("read");
    let mut unit: Unit = decode(&bytes).expect("decode");
    unit.name = name.to_string();
    units
        .insert(key, encode(&unit).expect("encode"))
        .expect("insert");
    sled.flush().expect("flush");
    drop((findings, units, sled));
    let _ = std::fs::remove_file(db.join(haukiem::store::view::FILE));
    (finding, unit)
}

/// `script` run by `sh` in a mount namespace of its own (`unshare -rm`:
/// no privilege needed where user namespaces are allowed), where it can
/// mount a small or read-only tmpfs that vanishes with it; `$HAUKIEM` is
/// the binary and `$D` a scratch directory. `None`, with a note, where
/// namespaces are not allowed.
pub fn in_namespace(dir: &Path, script: &str) -> Option<std::process::Output> {
    let probe = std::process::Command::new("unshare")
        .args(["-rm", "sh", "-c", "mount -t tmpfs tmpfs \"$0\"", "."])
        .current_dir(dir)
        .output();
    if !probe.is_ok_and(|o| o.status.success()) {
        eprintln!("skipped: no mount namespace here (unshare -rm), so no small or read-only disk");
        return None;
    }
    let out = std::process::Command::new("unshare")
        .args(["-rm", "sh", "-c", script])
        .env("HAUKIEM", assert_cmd::cargo::cargo_bin("haukiem"))
        .env("D", dir)
        .env_remove("HAUKIEM_DB")
        .env_remove("HAUKIEM_TODAY")
        .env("HAUKIEM_ACTOR", crate::common::build::ACTOR)
        .output()
        .expect("run unshare");
    Some(out)
}
