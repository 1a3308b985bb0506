//! The demo's báo cáo through the command line, `report VISIT --format
//! docx`: written to a private file, read back, its head, parts, findings
//! and signature checked against the store; piped to standard output the
//! same document; refused on a terminal.

use std::path::Path;

use haukiem::i18n::{Lang, Msg};
use haukiem::report::document::PARTY_TITLE;
use haukiem::store::Store;

use crate::common::build::TODAY;
use crate::common::cli::{demo_db, haukiem, ok, text};
use crate::xml::{Package, texts};

const VISIT: &str = "HK-2026-01";
/// The room left for the number: six non-breaking spaces.
const BLANK: &str = "\u{a0}\u{a0}\u{a0}\u{a0}\u{a0}\u{a0}";

fn report_to(db: &Path, file: &Path, extra: &[&str]) -> Package {
    let out = ok(
        db,
        &[
            &[
                "report",
                VISIT,
                "--format",
                "docx",
                "--today",
                TODAY,
                "-o",
                file.to_str().expect("a UTF-8 path"),
            ],
            extra,
        ]
        .concat(),
    );
    assert!(out.is_empty(), "nothing on standard output: {out}");
    Package::open(&std::fs::read(file).expect("the Word file"))
}

/// (titles of the visit's findings, members of its units) from the store.
fn recount(db: &Path) -> (Vec<String>, u64, usize) {
    let store = Store::open(db).expect("the demo database");
    let v = store
        .visit_by_code(VISIT)
        .expect("read")
        .expect("the visit");
    let titles = store
        .findings_of_visit(v.id)
        .expect("findings")
        .into_iter()
        .map(|f| f.title)
        .collect();
    let members = v
        .units
        .iter()
        .map(|id| u64::from(store.unit(*id).expect("read").expect("a unit").members))
        .sum();
    (titles, members, v.units.len())
}

#[test]
fn the_demo_report_as_a_party_document_in_word() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let db = demo_db(dir.path());
    let file = dir.path().join("bao-cao.docx");
    let pkg = report_to(&db, &file, &[]);
    let document = pkg.xml("word/document.xml");
    let got = texts(&document);

    // The head, the type and the trích yếu, in reading order.
    let number = format!("Số {BLANK}-BC/ĐGS");
    let head = [
        "THÀNH ỦY NAM ĐỊNH",
        "ĐOÀN GIÁM SÁT",
        "*",
        PARTY_TITLE,
        number.as_str(),
        "Nam Định, ngày 20 tháng 11 năm 2026",
        "BÁO CÁO",
        "kết quả giám sát việc khắc phục hạn chế, khuyết điểm sau kiểm điểm năm 2025",
    ];
    assert_eq!(got[..head.len()], head, "{got:#?}");
    // The plan's number is cited, never taken as the report's.
    assert!(!got.iter().any(|t| t.starts_with("Số") && t.contains("KH/")));
    let opening = &got[head.len() + 1];
    for cited in ["Kế hoạch số 12-KH/TU", "Quyết định số 09-QĐ/TU"] {
        assert!(opening.contains(cited), "{cited} in {opening}");
    }

    // No internal code of the program in any part of the file.
    for name in pkg.names() {
        assert!(
            !pkg.raw(name).contains("HK-2026-"),
            "a visit code in {name}"
        );
    }

    // The parts in order, then the signature.
    let at = |want: &str| {
        got.iter()
            .position(|t| t == want)
            .unwrap_or_else(|| panic!("{want:?} not in {got:#?}"))
    };
    let parts = [
        at("I. ĐẶC ĐIỂM TÌNH HÌNH"),
        at("II. KẾT QUẢ GIÁM SÁT"),
        at("1. Ưu điểm"),
        at("2. Hạn chế, khuyết điểm"),
        at("III. NGUYÊN NHÂN VÀ TRÁCH NHIỆM"),
        at("IV. KIẾN NGHỊ, ĐỀ XUẤT"),
        at("Nơi nhận:"),
        at("T/M ĐOÀN GIÁM SÁT"),
        at("TRƯỞNG ĐOÀN"),
        at("Nguyễn Thị Minh Phượng"),
        at("PHỤ LỤC 1"),
        at("PHỤ LỤC 2"),
        at("PHỤ LỤC 3"),
    ];
    assert!(parts.windows(2).all(|w| w[0] < w[1]), "{parts:?}");

    // The figures and the findings, recounted from the store.
    let (titles, members, units) = recount(&db);
    // 38 found during the visit, 19 named at the review that it re-checked.
    assert_eq!(titles.len(), 57);
    let situation = format!(
        "Đoàn giám sát làm việc với {units} tổ chức đảng, có tổng số {} đảng viên.",
        haukiem::domain::text::format_int(i64::try_from(members).expect("a count"))
    );
    assert_eq!(got[parts[0] + 1], situation);
    // Nothing saved in the demo: the situation is the draft, and marked.
    let mark = haukiem::report::party::DRAFT_MARK;
    assert_eq!(got[parts[0] + 1 + units + 1], mark);
    // The baseline's figure opens II.2.
    assert!(
        got[parts[3] + 1].starts_with("Toàn đoàn: "),
        "{}",
        got[parts[3] + 1]
    );
    // The demo's visit re-checked shortcomings: their appendix is there.
    at("KẾT QUẢ RÀ SOÁT HẠN CHẾ, KHUYẾT ĐIỂM");
    // The visit's findings, in the appendix that lists them (up to the next).
    let listed = at("HẠN CHẾ, KHUYẾT ĐIỂM THEO DÕI TRONG ĐỢT VÀ KẾT QUẢ KHẮC PHỤC");
    assert!(
        got[listed - 1].starts_with("PHỤ LỤC "),
        "{}",
        got[listed - 1]
    );
    let next = got[listed..]
        .iter()
        .position(|t| t.starts_with("PHỤ LỤC "))
        .map_or(got.len(), |i| listed + i);
    let findings = &got[listed..next];
    for title in &titles {
        assert!(findings.contains(title), "{title:?} in the appendix");
    }

    // Times New Roman, 14 pt, on A4 portrait.
    let styles = pkg.xml("word/styles.xml");
    let defaults = styles.first("w:docDefaults");
    for script in ["w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"] {
        assert_eq!(
            defaults.first("w:rFonts").attr(script),
            Some("Times New Roman")
        );
    }
    assert_eq!(defaults.first("w:sz").attr("w:val"), Some("28"));
    for f in document.all("w:rFonts") {
        assert!(f.attrs.values().all(|v| v == "Times New Roman"), "{f:?}");
    }
    let page = document.first("w:sectPr").first("w:pgSz");
    assert_eq!(
        (page.attr("w:w"), page.attr("w:h")),
        (Some("11906"), Some("16838"))
    );

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file)
            .expect("metadata")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "{mode:o}");
    }

    // Piped, standard output carries the same document.
    let out = haukiem()
        .args([
            "report", VISIT, "--format", "docx", "--today", TODAY, "--db",
        ])
        .arg(&db)
        .output()
        .expect("run haukiem");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let piped = Package::open(&out.stdout);
    assert_eq!(piped.raw("word/document.xml"), pkg.raw("word/document.xml"));
}

/// One unit: named in the trích yếu and among the recipients, its findings
/// only.
#[test]
fn one_unit_of_the_visit() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let db = demo_db(dir.path());
    let file = dir.path().join("p-qt.docx");
    let got = texts(&report_to(&db, &file, &["--unit", "P-QT"]).xml("word/document.xml"));
    let unit = "Đảng bộ phường Quang Trung";
    assert_eq!(
        got[7],
        format!(
            "kết quả giám sát việc khắc phục hạn chế, khuyết điểm sau kiểm điểm năm 2025 tại {unit}"
        )
    );
    assert!(got.contains(&format!("- {unit},")));
    assert!(got.contains(&format!("a) {unit}")));
    assert!(!got.iter().any(|t| t.starts_with("b) ")), "{got:#?}");
    assert!(!got.iter().any(|t| t.contains("Lộc Hòa")));
}

/// The thông báo kết luận to one unit in Word: the same head with a TB
/// number left blank, its parts, the report-back day, the draft marked;
/// Times New Roman 14 pt on A4, the head a borderless table.
#[test]
fn the_conclusion_to_one_unit_in_word() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let db = demo_db(dir.path());
    let file = dir.path().join("tb.docx");
    let pkg = report_to(&db, &file, &["--unit", "P-QT", "--conclusion"]);
    let document = pkg.xml("word/document.xml");
    let got = texts(&document);
    let number = format!("Số {BLANK}-TB/ĐGS");
    let unit = "Đảng bộ phường Quang Trung";
    let summary = format!(
        "kết luận giám sát việc khắc phục hạn chế, khuyết điểm sau kiểm điểm năm 2025 đối với {unit}"
    );
    let head = [
        "THÀNH ỦY NAM ĐỊNH",
        "ĐOÀN GIÁM SÁT",
        "*",
        PARTY_TITLE,
        number.as_str(),
        "Nam Định, ngày 20 tháng 11 năm 2026",
        "THÔNG BÁO",
        summary.as_str(),
    ];
    assert_eq!(got[..head.len()], head, "{got:#?}");
    let at = |want: &str| {
        got.iter()
            .position(|t| t == want)
            .unwrap_or_else(|| panic!("{want:?} not in {got:#?}"))
    };
    let by = format!("{unit} báo cáo kết quả khắc phục về Đoàn giám sát trước ngày 20/12/2026.");
    let parts = [
        at("I. KẾT LUẬN"),
        at("1. Ưu điểm"),
        at("2. Hạn chế, khuyết điểm"),
        at("3. Nguyên nhân và trách nhiệm"),
        at("II. YÊU CẦU"),
        at(&by),
        at("Nơi nhận:"),
        at(&format!("- {unit} (để thực hiện),")),
        at("T/M ĐOÀN GIÁM SÁT"),
    ];
    assert!(parts.windows(2).all(|w| w[0] < w[1]), "{parts:?}");
    let mark = haukiem::report::party::DRAFT_MARK;
    assert_eq!(
        got[parts[5] + 1],
        format!("Thời hạn báo cáo, nơi nhận: {mark}")
    );
    assert!(!got.iter().any(|t| t.contains("PHỤ LỤC")));
    // A finding of the unit that a later visit recorded is not concluded on
    // here, nor required.
    assert!(
        !got.iter()
            .any(|t| t.contains("Chưa báo cáo kết quả thực hiện Thông báo kết luận số 87-TB/TU"))
    );
    assert!(
        got.iter()
            .any(|t| t == "Quy chế làm việc của Đảng ủy nhiệm kỳ 2025–2030 chưa được sửa đổi")
    );
    for name in pkg.names() {
        assert!(
            !pkg.raw(name).contains("HK-2026-"),
            "a visit code in {name}"
        );
    }

    let styles = pkg.xml("word/styles.xml");
    let defaults = styles.first("w:docDefaults");
    assert_eq!(
        defaults.first("w:rFonts").attr("w:ascii"),
        Some("Times New Roman")
    );
    assert_eq!(defaults.first("w:sz").attr("w:val"), Some("28"));
    for f in document.all("w:rFonts") {
        assert!(f.attrs.values().all(|v| v == "Times New Roman"), "{f:?}");
    }
    // Body 14 pt; tables 13; only the recipients and the marks smaller,
    // at 12; titles up to 16.
    for sz in document.all("w:sz") {
        let half_points: u32 = sz
            .attr("w:val")
            .and_then(|v| v.parse().ok())
            .expect("a size");
        assert!((24..=32).contains(&half_points), "{half_points}");
    }
    let page = document.first("w:sectPr").first("w:pgSz");
    assert_eq!(
        (page.attr("w:w"), page.attr("w:h")),
        (Some("11906"), Some("16838"))
    );
    let head_table = document.first("w:body").first("w:tbl");
    assert!(head_table.paragraph_text().contains(PARTY_TITLE));
    let borders = head_table.first("w:tblBorders");
    assert!(
        borders
            .children
            .iter()
            .all(|b| b.attr("w:val") == Some("nil")),
        "{borders:?}"
    );
}

/// A binary file is never written onto a terminal: refused before the
/// database is opened, with the catalogue's message, nothing on the screen.
#[cfg(unix)]
#[test]
fn docx_is_refused_on_a_terminal() {
    use std::process::Stdio;

    use rustix::pty::{OpenptFlags, grantpt, openpt, ptsname, unlockpt};
    let master = openpt(OpenptFlags::RDWR | OpenptFlags::NOCTTY).expect("a pty");
    grantpt(&master).expect("grantpt");
    unlockpt(&master).expect("unlockpt");
    let name = ptsname(&master, Vec::new()).expect("ptsname");
    let terminal = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(name.to_str().expect("pts name"))
        .expect("open the pty's terminal end");
    let dir = tempfile::tempdir().expect("a temporary directory");
    let db = dir.path().join("none");
    for (lang, l) in [("vi", Lang::Vi), ("en", Lang::En)] {
        let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("haukiem"))
            .env_remove("HAUKIEM_DB")
            .env_remove("HAUKIEM_TODAY")
            .args(["report", VISIT, "--format", "docx", "--lang", lang, "--db"])
            .arg(&db)
            .stdout(Stdio::from(terminal.try_clone().expect("dup")))
            .output()
            .expect("run haukiem");
        assert_eq!(out.status.code(), Some(1));
        let err = text(&out.stderr);
        assert!(err.contains(Msg::CliDocxToTerminal.tr(l)), "{err}");
    }
    // Refused before anything else: no database was looked for or made.
    assert!(!db.exists());
}
