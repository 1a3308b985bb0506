//! Files are written whole or not at all, and only their owner reads them.

use std::path::Path;

use crate::common::build::TODAY;
use crate::common::cli::{demo_db, ok, run, text};

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// `haukiem ARGS` under `sh -c PRELUDE`, as a shell with another umask runs it.
fn in_shell(prelude: &str, db: &Path, args: &[&str]) -> std::process::Output {
    let bin = assert_cmd::cargo::cargo_bin("haukiem");
    std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{prelude}; exec \"$0\" \"$@\""))
        .arg(bin)
        .args(args)
        .arg("--db")
        .arg(db)
        .env_remove("HAUKIEM_DB")
        .env_remove("HAUKIEM_TODAY")
        .env("HAUKIEM_ACTOR", crate::common::build::ACTOR)
        .output()
        .expect("run sh")
}

/// A disk that fills up during the write: the previous export or report
/// stays byte for byte, and no temporary file is left beside it.
#[test]
fn a_write_on_a_disk_that_fills_up_keeps_the_previous_file_and_leaves_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = demo_db(dir.path());
    let full_export = ok(&db, &["export"]);
    assert!(full_export.len() > 200_000, "bigger than the room left");
    // A 1 MiB disk holding the previous backup, filled but for 8 KiB.
    let script = r#"
        set -u
        mkdir "$D/disk" && mount -t tmpfs -o size=1m tmpfs "$D/disk" || exit 90
        printf '{"the previous backup": true}\n' > "$D/disk/export.json"
        dd if=/dev/zero of="$D/disk/fill" bs=4k 2>/dev/null
        truncate -s -8K "$D/disk/fill"
        for args in "export" "report HK-2026-01 --format html" "report HK-2026-01 --format xlsx"; do
            "$HAUKIEM" $args -o "$D/disk/export.json" --db "$D/demo" --today 20/11/2026 2>&1
            echo "exit $?"
            cat "$D/disk/export.json"
            ls -A "$D/disk" | tr '\n' ' '
            echo
        done
    "#;
    let Some(out) = crate::in_namespace(dir.path(), script) else {
        return;
    };
    let said = text(&out.stdout);
    assert!(out.status.success(), "{said}{}", text(&out.stderr));
    let runs: Vec<&str> = said.split("exit ").skip(1).collect();
    assert_eq!(runs.len(), 3, "{said}");
    for run in runs {
        assert!(!run.starts_with('0'), "the disk is too small: {run}");
        assert!(
            run.contains("\n{\"the previous backup\": true}\nexport.json fill \n"),
            "the previous file is untouched and nothing else is left: {run}"
        );
    }
    assert!(
        said.contains("export.json"),
        "the message names the file: {said}"
    );
    assert!(!said.contains("panicked"), "{said}");
}

#[cfg(unix)]
fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::symlink_metadata(p)
        .expect("metadata")
        .permissions()
        .mode()
        & 0o777
}

/// Every file and folder under `dir`, with its mode.
#[cfg(unix)]
fn modes(dir: &Path) -> Vec<(String, u32)> {
    let mut out = vec![(dir.display().to_string(), mode(dir))];
    for e in std::fs::read_dir(dir).expect("read dir") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            out.extend(modes(&p));
        } else {
            out.push((p.display().to_string(), mode(&p)));
        }
    }
    out
}

/// Under umask 022 (files 0644, folders 0755 by default) the database,
/// its view, exports and reports are the user's alone; `check` warns
/// about a database others can read and says how to fix it.
#[cfg(unix)]
#[test]
fn the_database_and_every_file_written_are_private_whatever_the_umask() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("db");
    let out = in_shell("umask 022", &db, &["demo", "--no-tui", "--today", TODAY]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let outputs = dir.path().join("out");
    std::fs::create_dir(&outputs).expect("mkdir");
    let export = outputs.join("e.json");
    let report = outputs.join("r.xlsx");
    for args in [
        vec!["findings", "--today", TODAY],
        vec!["export", "-o", export.to_str().expect("p")],
        vec![
            "report",
            "HK-2026-01",
            "--format",
            "xlsx",
            "-o",
            report.to_str().expect("p"),
        ],
        vec!["import", export.to_str().expect("p")],
    ] {
        let out = in_shell("umask 022", &db, &args);
        assert!(out.status.success(), "{args:?}: {}", text(&out.stderr));
    }
    assert!(
        db.join(haukiem::store::view::FILE).exists(),
        "the view was written"
    );
    let all = modes(&db);
    assert!(all.len() > 4, "{all:?}");
    for (path, m) in &all {
        let want = if Path::new(path).is_dir() {
            0o700
        } else {
            0o600
        };
        assert_eq!(*m, want, "{path}: {m:o}");
    }
    assert_eq!(mode(&export), 0o600);
    assert_eq!(mode(&report), 0o600);
    let out = run(&db, &["check"]);
    assert!(out.status.success());
    assert!(
        !text(&out.stderr).contains("chmod"),
        "{}",
        text(&out.stderr)
    );
    // An older database others can read.
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    std::fs::set_permissions(db.join("db"), std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let out = run(&db, &["check", "--lang", "en"]);
    let err = text(&out.stderr);
    assert!(out.status.success(), "a warning, not a problem: {err}");
    assert!(err.contains("has mode 0755"), "{err}");
    assert!(err.contains("has mode 0644"), "{err}");
    assert!(
        err.contains(&format!("chmod -R go-rwx {}", db.display())),
        "{err}"
    );
}

/// A read-only command pointed at a directory with no database says so,
/// and leaves nothing behind; commands that write create one.
#[test]
fn a_mistyped_db_is_named_and_never_created() {
    let dir = tempfile::tempdir().expect("temp dir");
    let typo = dir.path().join("dbb");
    let empty = dir.path().join("empty");
    std::fs::create_dir(&empty).expect("mkdir");
    for db in [&typo, &empty] {
        for args in [
            &["check"][..],
            &["findings", "--today", TODAY][..],
            &["export"][..],
            &["report", "HK-2026-01", "--today", TODAY][..],
        ] {
            let out = run(db, args);
            let err = text(&out.stderr);
            assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
            assert!(
                err.contains(&format!(
                    "Không có cơ sở dữ liệu haukiem nào ở {}",
                    db.display()
                )),
                "{args:?}: {err}"
            );
            assert!(out.stdout.is_empty());
        }
        let out = run(db, &["export", "--lang", "en"]);
        assert!(text(&out.stderr).contains("There is no haukiem database at"));
    }
    assert!(!typo.exists(), "nothing was created");
    assert!(names(&empty).is_empty(), "nothing was created");
    let units = Path::new(crate::common::cli::DATA).join("units_small.csv");
    ok(&typo, &["import", units.to_str().expect("p")]);
    assert!(ok(&typo, &["check"]).starts_with("OK"));
}
