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

/// Every field has a size limit and refuses NUL and the like, named with
/// the file, line and column (or the export's field), before anything is
/// written: a 5.2-million-character unit name no longer grows the database.
#[test]
fn oversized_and_nul_values_are_refused_with_the_field_named() {
    let huge = "A".repeat(5_200_000);
    let err = import_units(format!("ma,ten,loai\nX0,{huge},CBTT\n").as_bytes());
    assert!(
        err.contains("don-vi.csv:2, column 2 (ten)"),
        "{}",
        &err[..err.len().min(300)]
    );
    assert!(
        err.contains("5200000 characters long, over the limit of 300"),
        "{}",
        &err[..err.len().min(300)]
    );
    assert!(
        err.len() < 2_000,
        "the value is not echoed back: {} bytes",
        err.len()
    );

    let long_code = "X".repeat(33);
    let err = import_units(format!("ma,ten,loai\n{long_code},A,CBTT\n").as_bytes());
    assert!(err.contains("don-vi.csv:2, column 1 (ma)"), "{err}");
    assert!(err.contains("over the limit of 32"), "{err}");

    let err = import_units(b"ma,ten,loai\nX\0Y,A,CBTT\n");
    assert!(err.contains("don-vi.csv:2, column 1 (ma)"), "{err}");
    assert!(err.contains("U+0000"), "{err}");

    // An export whose finding title is over its limit.
    let dir = tempfile::tempdir().expect("temp dir");
    let db = crate::common::cli::demo_db(dir.path());
    let mut doc: serde_json::Value =
        serde_json::from_str(&crate::common::cli::ok(&db, &["export"])).expect("json");
    // in the finding and in every op that records it
    let reference = doc["findings"][0]["reference"].clone();
    retitle(&mut doc, &reference, &"T".repeat(301));
    let file = dir.path().join("long.json");
    std::fs::write(&file, doc.to_string()).expect("write");
    let out = run(
        &dir.path().join("new"),
        &["import", file.to_str().expect("path"), "--lang", "en"],
    );
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("long.json"), "{err}");
    assert!(err.contains("title"), "{err}");
    assert!(
        err.contains("301 characters long, over the limit of 300"),
        "{err}"
    );
}

fn retitle(v: &mut serde_json::Value, reference: &serde_json::Value, title: &str) {
    match v {
        serde_json::Value::Object(o) => {
            if o.get("reference") == Some(reference) && o.contains_key("title") {
                o.insert("title".into(), serde_json::json!(title));
            }
            o.values_mut().for_each(|v| retitle(v, reference, title));
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(|v| retitle(v, reference, title)),
        _ => {}
    }
}
