//! Input that is hostile or careless: control characters and oversized
//! values, lines ended the Windows way, tampered operations.

use crate::common::cli::{run, text};

/// The import's message, for `bytes` as a units CSV in a new database.
fn import_units(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("don-vi.csv");
    std::fs::write(&file, bytes).expect("write");
    let out = run(
        &dir.path().join("db"),
        &["import", file.to_str().expect("path"), "--lang", "en"],
    );
    assert_eq!(out.status.code(), Some(1), "refused: {}", text(&out.stderr));
    text(&out.stderr)
}

/// Lines ended by CRLF (Excel on Windows), by a lone CR (old Macs) or by
/// LF are counted alike: the error is on the line it is on, and a
/// duplicate's first line is the data line, never the header.
#[test]
fn errors_name_the_same_line_whatever_ends_the_lines() {
    for end in ["\r\n", "\r", "\n"] {
        let rows = ["ma,ten,loai", "X0,A,CBTT", "X1,B,CBTT", "X2,C,Hội đồng"];
        let err = import_units((rows.join(end) + end).as_bytes());
        assert!(err.contains("don-vi.csv:4, "), "{end:?}: {err}");
        assert!(!err.contains("don-vi.csv:3"), "{end:?}: {err}");

        let rows = ["ma,ten,loai", "X0,A,CBTT", "X1,B,CBTT", "X0,C,CBTT"];
        let err = import_units((rows.join(end) + end).as_bytes());
        assert!(err.contains("don-vi.csv:4, "), "{end:?}: {err}");
        assert!(err.contains("first on line 2"), "{end:?}: {err}");

        // A quoted field over two lines: the next row's line counts both.
        let rows = ["ma,ten,loai", "X0,\"A", "a\",CBTT", "X1,B,nope"];
        let err = import_units((rows.join(end) + end).as_bytes());
        assert!(err.contains("don-vi.csv:4, "), "{end:?}: {err}");
    }
}

/// An op of an export whose id is already in the database but whose
/// content was changed (here the reason of a finding's change, and the
/// time it claims): the file is refused, naming the op, and nothing of it
/// is imported.
#[test]
fn a_tampered_op_refuses_the_file_and_names_the_op() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = crate::common::cli::demo_db(dir.path());
    let export = crate::common::cli::ok(&db, &["export"]);
    let before: serde_json::Value = serde_json::from_str(&export).expect("json");
    let ops = before["ops"].as_array().expect("ops").len();
    for (field, value) in [
        ("actor", serde_json::json!("someone else")),
        ("at", serde_json::json!("2020-01-01T00:00:00Z")),
    ] {
        let mut doc = before.clone();
        let i = ops / 2;
        let op = &mut doc["ops"][i];
        op[field] = value.clone();
        let id = op["id"].as_str().expect("id").to_string();
        let file = dir.path().join(format!("tampered-{field}.json"));
        std::fs::write(&file, serde_json::to_string_pretty(&doc).expect("json")).expect("write");
        let out = run(
            &db,
            &["import", file.to_str().expect("path"), "--lang", "en"],
        );
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{field}: {err}");
        assert!(
            err.contains(&format!("ops[{i}] (op {id})")),
            "{field}: {err}"
        );
        assert!(err.contains("different content"), "{field}: {err}");
        let after: serde_json::Value =
            serde_json::from_str(&crate::common::cli::ok(&db, &["export"])).expect("json");
        assert_eq!(after, before, "{field}: nothing imported");
    }
    // The export as it was is still welcome: everything already present.
    let file = dir.path().join("same.json");
    std::fs::write(&file, &export).expect("write");
    let out = run(
        &db,
        &["import", file.to_str().expect("path"), "--lang", "en"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
}
