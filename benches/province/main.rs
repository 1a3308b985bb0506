//! Province-scale benchmark: generates databases (10k units with 10k, 50k
//! and 200k findings, five answers per finding), then times whole processes
//! and the terminal app in-process (through the probe, `probe.rs`: this
//! binary run again with `HAUKIEM_PROBE` set) and
//! prints one Markdown table.
//!
//! ```text
//! cargo bench --bench province              # full run (generation ~4 min, cached)
//! cargo bench --bench province -- --quick   # small sizes, one run (CI)
//! ```
//!
//! P1 compares `haukiem findings --overdue --format json` with taskwarrior's
//! `task overdue` over the same 10,000 findings imported as pending tasks
//! (when `task` is installed), alternating the two, several runs each.
//! Timings are medians; the machine is shared, so read ratios, not digits.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[path = "../common/mod.rs"]
mod common;
mod probe;

const BIN: &str = env!("CARGO_BIN_EXE_haukiem");
const TODAY: &str = "20/11/2026";

struct Size {
    units: usize,
    findings: usize,
}

fn main() {
    if let Ok(role) = std::env::var(probe::ROLE) {
        if let Err(e) = probe::run(&role) {
            eprintln!("probe {role}: {e:#}");
            std::process::exit(1);
        }
        return;
    }
    let quick = std::env::args().any(|a| a == "--quick");
    // The X rows take most of the run at 200,000 findings (a 1.4 GB bundle
    // written and imported three times): `--no-exchange` leaves them out.
    let exchange = !std::env::args().any(|a| a == "--no-exchange");
    let (sizes, runs, rounds) = if quick {
        (
            vec![Size {
                units: 200,
                findings: 2_000,
            }],
            1,
            1,
        )
    } else {
        (
            vec![
                Size {
                    units: 10_000,
                    findings: 10_000,
                },
                Size {
                    units: 10_000,
                    findings: 50_000,
                },
                Size {
                    units: 10_000,
                    findings: 200_000,
                },
            ],
            7,
            20,
        )
    };
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench-data");
    if let Err(e) = run(&root, &sizes, runs, rounds, exchange) {
        eprintln!("benchmark failed: {e}");
        std::process::exit(1);
    }
}

type Res<T> = Result<T, String>;

fn run(root: &Path, sizes: &[Size], runs: usize, rounds: usize, with_x: bool) -> Res<()> {
    std::fs::create_dir_all(root).map_err(|e| format!("{}: {e}", root.display()))?;
    let mut table: Vec<(String, Vec<String>)> = Vec::new();
    let mut add = |row: &str, col: usize, value: String| {
        if let Some(r) = table.iter_mut().find(|r| r.0 == row) {
            r.1[col] = value;
        } else {
            let mut cells = vec![String::new(); sizes.len()];
            cells[col] = value;
            table.push((row.to_string(), cells));
        }
    };
    let mut tw_line = None;
    for (col, size) in sizes.iter().enumerate() {
        let db = dataset(root, size)?;
        eprintln!("measuring {} findings…", size.findings);

        // P1: overdue as a whole process (and taskwarrior on the first size).
        // The first listing after a change opens the database and writes
        // the listing view; the ones after answer from the view.
        let view = db.join("listing.view");
        let drop_view = || match std::fs::remove_file(&view) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                Err(format!("{}: {e}", view.display()))
            }
            _ => Ok(()),
        };
        let ours = |_: ()| time_process(BIN, &["findings", "--overdue", "--format", "json"], &db);
        let mut after_change = Vec::new();
        for _ in 0..runs.min(3) {
            drop_view()?;
            after_change.push(ours(())?);
        }
        add(
            "P1 findings --overdue, first after a change: writes the view (ms)",
            col,
            ms(median(&mut after_change)),
        );
        let tw = if col == 0 {
            taskwarrior(root, &db, size)?
        } else {
            None
        };
        let mut a = Vec::new();
        let mut b = Vec::new();
        for _ in 0..runs {
            a.push(ours(())?);
            if let Some(tw) = &tw {
                b.push(tw()?);
            }
        }
        let ours_ms = median(&mut a);
        add("P1 findings --overdue --format json (ms)", col, ms(ours_ms));
        if !b.is_empty() {
            let theirs = median(&mut b);
            tw_line = Some(format!(
                "taskwarrior 2.6 `task overdue` over the same {} findings as pending tasks: {} ms median; haukiem {} ms; ratio {:.1}×",
                size.findings,
                ms(theirs),
                ms(ours_ms),
                theirs.as_secs_f64() / ours_ms.as_secs_f64().max(1e-9)
            ));
        }

        // P2: process start to the first dashboard frame, from the view
        // (sled opens meanwhile), then without one (after a change).
        let mut first = Vec::new();
        for _ in 0..runs {
            first.push(first_frame(&db)?);
        }
        add(
            "P2 start → first dashboard frame (ms)",
            col,
            ms(median(&mut first)),
        );
        let mut first = Vec::new();
        for _ in 0..runs.min(3) {
            drop_view()?;
            first.push(first_frame(&db)?);
        }
        add(
            "P2 start → first frame, first start after a change (ms)",
            col,
            ms(median(&mut first)),
        );
        ours(())?;

        // P3–P5: the app in-process.
        let out = probe_output("interactive", &db, (probe::ROUNDS, rounds.to_string()))?;
        for line in out.lines() {
            let f: Vec<&str> = line.split_whitespace().collect();
            match f.as_slice() {
                ["rss_open_kib", kib] => {
                    let mib = kib.parse::<f64>().unwrap_or(0.0) / 1024.0;
                    add(
                        "P5 of which: database open, dashboard shown (MiB)",
                        col,
                        format!("{mib:.0}"),
                    );
                }
                [key, us] if MS_ROWS.iter().any(|r| r.0 == *key) => {
                    let ms = us.parse::<f64>().unwrap_or(0.0) / 1000.0;
                    if let Some((_, row, decimals)) = MS_ROWS.iter().find(|r| r.0 == *key) {
                        add(row, col, format!("{ms:.*}", decimals));
                    }
                }
                ["table_bytes", parts @ ..] => {
                    let mb = |p: &str| {
                        let b = p.split_once('=').map_or("0", |x| x.1);
                        format!("{:.0}", b.parse::<f64>().unwrap_or(0.0) / 1e6)
                    };
                    let cells: Vec<String> = parts.iter().map(|p| mb(p)).collect();
                    add(
                        "P5 the findings table (MB): folded / exact text, rows, ids, word index (as u32 rows)",
                        col,
                        format!(
                            "{} / {}, {}, {}, {} ({})",
                            cells.first().map_or("", String::as_str),
                            cells.get(1).map_or("", String::as_str),
                            cells.get(2).map_or("", String::as_str),
                            cells.get(3).map_or("", String::as_str),
                            cells.get(4).map_or("", String::as_str),
                            cells.get(5).map_or("", String::as_str),
                        ),
                    );
                }
                ["rss_kib", kib] => {
                    let mib = kib.parse::<f64>().unwrap_or(0.0) / 1024.0;
                    add("P5 peak memory of the app (MiB)", col, format!("{mib:.0}"));
                }
                [name, _, p50, p99] => {
                    let us = |s: &str| s.parse::<f64>().unwrap_or(0.0) / 1000.0;
                    add(
                        &format!("P3/P4 {name} p50 / p99 (ms)"),
                        col,
                        format!("{:.1} / {:.1}", us(p50), us(p99)),
                    );
                }
                _ => {}
            }
        }

        // P5: size on disk against the export; P6: check and export throughput.
        let export = root.join("export.json");
        let t = Instant::now();
        output(
            BIN,
            &["export", "-o", export.to_str().unwrap_or_default()],
            &db,
        )?;
        let export_time = t.elapsed();
        let export_bytes = std::fs::metadata(&export).map(|m| m.len()).unwrap_or(0);
        let _ = std::fs::remove_file(&export);
        let t = Instant::now();
        let check = output(BIN, &["check"], &db)?;
        let check_time = t.elapsed();
        let records = check_records(&check);
        add(
            "P5 database on disk / JSON export (MB)",
            col,
            format!(
                "{:.0} / {:.0}",
                dir_size(&db) as f64 / 1e6,
                export_bytes as f64 / 1e6
            ),
        );
        add(
            "P6 check (records/s)",
            col,
            format!("{:.0}", records as f64 / check_time.as_secs_f64()),
        );
        add(
            "P6 export (records/s)",
            col,
            format!("{:.0}", records as f64 / export_time.as_secs_f64()),
        );

        // X: the whole database as a bundle, and a new laptop taking it.
        if !with_x {
            continue;
        }
        let x = exchange(root, &db, runs)?;
        add(
            "X bundle of the whole database: size (MB) / written (ms)",
            col,
            format!("{:.0} / {}", x.bytes as f64 / 1e6, ms(x.write)),
        );
        add(
            "X import of that bundle by a new laptop / again, nothing new (ms)",
            col,
            format!("{} / {}", ms(x.import), ms(x.again)),
        );
    }
    print_table(sizes, &table);
    if !with_x {
        println!("\nExchange (rows X) left out: --no-exchange.");
    } else {
        visit_bundle(root, runs)?;
    }
    match tw_line {
        Some(l) => println!("\n{l}"),
        None => println!("\ntaskwarrior (`task`) is not installed: P1 ratio not measured."),
    }
    Ok(())
}

/// A visit's worth (50 units, 500 findings) as a bundle.
fn visit_bundle(root: &Path, runs: usize) -> Res<()> {
    let visit = dataset(
        root,
        &Size {
            units: 50,
            findings: 500,
        },
    )?;
    let x = exchange(root, &visit, runs)?;
    println!(
        "\nBundle of a visit (50 units, 500 findings, {} ops): {:.0} kB; written in {} ms; imported by a new laptop in {} ms, again (nothing new) in {} ms — each with one Argon2id key derivation.",
        x.ops,
        x.bytes as f64 / 1e3,
        ms(x.write),
        ms(x.import),
        ms(x.again)
    );
    Ok(())
}

/// The probe's lines of one time in microseconds: the row each goes in,
/// in milliseconds with so many decimals.
const MS_ROWS: [(&str, &str, usize); 3] = [
    (
        "table_ready_us",
        "P3 whole findings table in memory, from start (ms)",
        0,
    ),
    (
        "list_upgrade_us",
        "P3 the whole list in place of its first rows: one tick (ms)",
        1,
    ),
    (
        "verdicts_durable_us",
        "P3 every verdict on disk, after the last key (ms)",
        1,
    ),
];

/// What exchanging a database as a bundle measured.
struct Exchange {
    ops: usize,
    bytes: u64,
    write: Duration,
    import: Duration,
    again: Duration,
}

const PASSPHRASE: &str = "đoàn giám sát số 3 — benchmark";

/// `db` bundled (medians of `runs`, at most 3), the bundle imported into a
/// new database, then imported there again.
fn exchange(root: &Path, db: &Path, runs: usize) -> Res<Exchange> {
    let file = root.join("bench.hkb");
    let fresh = root.join("bench-fresh");
    let timed = |args: &[&str], on: &Path| -> Res<Duration> {
        let t = Instant::now();
        let status = command(BIN, args, on)
            .env("HAUKIEM_PASSPHRASE", PASSPHRASE)
            .env("HAUKIEM_ACTOR", "Trần Thị Mai")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .map_err(|e| format!("{BIN}: {e}"))?;
        let d = t.elapsed();
        if !status.success() {
            return Err(format!("{BIN} {args:?}: {status}"));
        }
        Ok(d)
    };
    let path = file.to_string_lossy().into_owned();
    let (mut w, mut i, mut a) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs.clamp(1, 3) {
        w.push(timed(&["bundle", "-o", &path], db)?);
        let _ = std::fs::remove_dir_all(&fresh);
        i.push(timed(&["import", &path], &fresh)?);
        a.push(timed(&["import", &path], &fresh)?);
    }
    let bytes = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
    let listed = output(BIN, &["check"], &fresh)?;
    let _ = std::fs::remove_file(&file);
    let _ = std::fs::remove_dir_all(&fresh);
    Ok(Exchange {
        ops: check_ops(&listed),
        bytes,
        write: median(&mut w),
        import: median(&mut i),
        again: median(&mut a),
    })
}

/// The number of ops `check` says it verified.
fn check_ops(s: &str) -> usize {
    s.split_whitespace()
        .filter_map(|w| w.replace('.', "").parse::<usize>().ok())
        .nth(1)
        .unwrap_or(0)
}

/// The database for `size`, generated once and kept under `target/bench-data`.
fn dataset(root: &Path, size: &Size) -> Res<PathBuf> {
    let db = root.join(format!("u{}-f{}", size.units, size.findings));
    // The marker names the record format the data was written in: a
    // database generated by a build that wrote records otherwise is made
    // again, not measured (nor failed on).
    let done = db.join("generated");
    let mark = format_mark()?;
    if std::fs::read_to_string(&done).ok().as_deref() != Some(mark.as_str()) {
        let _ = std::fs::remove_dir_all(&db);
        eprintln!(
            "generating {} units, {} findings…",
            size.units, size.findings
        );
        output(
            BIN,
            &[
                "generate",
                "--units",
                &size.units.to_string(),
                "--findings",
                &size.findings.to_string(),
            ],
            &db,
        )?;
        std::fs::write(&done, &mark).map_err(|e| format!("{}: {e}", done.display()))?;
    }
    Ok(db)
}

/// The schema and a checksum of one op (creating a unit) as this build
/// encodes it: what changes when the stored format does.
fn format_mark() -> Res<String> {
    use haukiem::domain::unit::{Sector, UnitKind};
    use haukiem::domain::{Change, Id, Op, Target, Unit};
    use haukiem::store::format::{SCHEMA, encode};
    let unit = Unit::new(
        Id::from_u128(1),
        "P-ND",
        "Đảng bộ phường Nguyễn Du",
        UnitKind::GrassrootsCommittee,
        Sector::Locality,
    );
    let op = Op {
        id: Id::from_u128(2),
        at: chrono::DateTime::from_timestamp(1_764_547_200, 0).unwrap_or_default(),
        actor: "Trần Thị Mai".into(),
        device: Id::from_u128(3),
        target: Target::Unit(unit.id),
        change: Change::create(unit),
        reason: None,
        undoes: None,
        merge: false,
        seq: 1,
        base: None,
    };
    let bytes = encode(&op).map_err(|e| e.to_string())?;
    Ok(format!(
        "schema {SCHEMA}, op {:08x}\n",
        crc32fast::hash(&bytes)
    ))
}

type Timer = Box<dyn Fn() -> Res<Duration>>;

/// A taskwarrior database holding every finding of `db` as a pending task
/// with the same due date, and a timer of `task overdue` over it.
fn taskwarrior(root: &Path, db: &Path, size: &Size) -> Res<Option<Timer>> {
    if Command::new("task").arg("--version").output().is_err() {
        return Ok(None);
    }
    let dir = root.join(format!("task-f{}", size.findings));
    let rc = dir.join("taskrc");
    if !dir.join("imported").exists() {
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        std::fs::write(&rc, format!("data.location={}\n", dir.display()))
            .map_err(|e| e.to_string())?;
        let json = output(BIN, &["findings", "--format", "json"], db)?;
        let findings: Vec<serde_json::Value> =
            serde_json::from_str(&json).map_err(|e| format!("findings json: {e}"))?;
        let tasks: Vec<serde_json::Value> = findings
            .iter()
            .map(|f| {
                let due = f["due"].as_str().unwrap_or("2026-01-01").replace('-', "");
                serde_json::json!({
                    "description": format!("{} {}", f["reference"].as_str().unwrap_or(""), f["title"].as_str().unwrap_or("")),
                    "status": "pending",
                    "due": format!("{due}T000000Z"),
                    "entry": "20260101T000000Z",
                })
            })
            .collect();
        let file = dir.join("tasks.json");
        std::fs::write(
            &file,
            serde_json::to_vec(&tasks).map_err(|e| e.to_string())?,
        )
        .map_err(|e| e.to_string())?;
        let status = Command::new("task")
            .env("TASKRC", &rc)
            .args(["rc.confirmation=off", "rc.verbose=nothing", "import"])
            .arg(&file)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .map_err(|e| e.to_string())?;
        if !status.success() {
            return Err("task import failed".into());
        }
        std::fs::write(dir.join("imported"), b"").map_err(|e| e.to_string())?;
    }
    Ok(Some(Box::new(move || {
        let t = Instant::now();
        let status = Command::new("task")
            .env("TASKRC", &rc)
            .args(["rc.gc=off", "rc.confirmation=off", "overdue"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .map_err(|e| e.to_string())?;
        // `task` exits 1 when a report is empty; anything else is a failure.
        if status.code().is_none_or(|c| c > 1) {
            return Err(format!("task overdue: {status}"));
        }
        Ok(t.elapsed())
    })))
}

fn command(bin: &str, args: &[&str], db: &Path) -> Command {
    let mut c = Command::new(bin);
    c.args(args)
        .env("HAUKIEM_DB", db)
        .env("HAUKIEM_TODAY", TODAY)
        .env_remove("HAUKIEM_LANG");
    c
}

fn time_process(bin: &str, args: &[&str], db: &Path) -> Res<Duration> {
    let t = Instant::now();
    let status = command(bin, args, db)
        .stdout(Stdio::null())
        .status()
        .map_err(|e| format!("{bin}: {e}"))?;
    let d = t.elapsed();
    if !status.success() {
        return Err(format!("{bin} {args:?}: {status}"));
    }
    Ok(d)
}

/// What this binary, run as the probe `role` on `db` with `extra` in its
/// environment, printed once it ended well.
fn probe_output(role: &str, db: &Path, extra: (&str, String)) -> Res<String> {
    let me = std::env::current_exe().map_err(|e| format!("this benchmark's path: {e}"))?;
    let mut c = command(&me.to_string_lossy(), &[], db);
    c.env(probe::ROLE, role).env(extra.0, extra.1);
    stdout_of(c, &format!("probe {role}"))
}

/// Spawn the first-frame probe and read the time from spawn to the first
/// frame drawn that it prints.
fn first_frame(db: &Path) -> Res<Duration> {
    let spawned = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_err(|e| e.to_string())?
        .as_nanos();
    probe_output("first-frame", db, (probe::SPAWNED_NS, spawned.to_string()))?
        .lines()
        .find_map(|l| l.strip_prefix("first_frame_us "))
        .and_then(|us| us.trim().parse::<u64>().ok())
        .map(Duration::from_micros)
        .ok_or_else(|| "probe first-frame printed no first_frame_us".to_string())
}

fn output(bin: &str, args: &[&str], db: &Path) -> Res<String> {
    stdout_of(command(bin, args, db), &format!("{bin} {args:?}"))
}

/// What `c` printed, once it ended well (`what` names it otherwise).
fn stdout_of(mut c: Command, what: &str) -> Res<String> {
    let out = c.output().map_err(|e| format!("{what}: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "{what}: {}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// "OK: N records and M operations checked…" → N + M.
fn check_records(s: &str) -> u64 {
    s.split_whitespace()
        .filter_map(|w| w.parse::<u64>().ok())
        .take(2)
        .sum()
}

fn dir_size(p: &Path) -> u64 {
    std::fs::read_dir(p)
        .map(|rd| {
            rd.flatten()
                .map(|e| match e.metadata() {
                    Ok(m) if m.is_dir() => dir_size(&e.path()),
                    Ok(m) => m.len(),
                    Err(_) => 0,
                })
                .sum()
        })
        .unwrap_or(0)
}

fn median(v: &mut [Duration]) -> Duration {
    v.sort();
    v.get(v.len() / 2).copied().unwrap_or_default()
}

fn ms(d: Duration) -> String {
    format!("{:.0}", d.as_secs_f64() * 1000.0)
}

fn print_table(sizes: &[Size], rows: &[(String, Vec<String>)]) {
    let head: Vec<String> = sizes
        .iter()
        .map(|s| format!("{} units, {} findings", s.units, s.findings))
        .collect();
    println!("| Measure | {} |", head.join(" | "));
    println!("|---|{}", "---:|".repeat(sizes.len()));
    for (name, cells) in rows {
        println!("| {name} | {} |", cells.join(" | "));
    }
}
