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
