//! The report's files (XLSX read back, HTML, CSV), the empty cases, and
//! the command line and its errors.

use super::*;

fn render(r: &Report, f: Format) -> Vec<u8> {
    report::render(r, f).expect("renders")
}

fn html_of(r: &Report) -> String {
    String::from_utf8(render(r, Format::Html)).expect("utf-8")
}

/// Rows above the column header on every sheet: the head block (0–2),
/// the title rows (4–5).
const HEADER: u32 = 7;

#[test]
fn xlsx_reads_back_with_names_headers_dates_and_totals() {
    let dir = TempDir::new().expect("tempdir");
    let s = seed(dir.path());
    let r = build(&s, "HK-2026-01", None);
    let mut book = Xlsx::new(Cursor::new(render(&r, Format::Xlsx))).expect("an xlsx file");
    assert_eq!(
        book.sheet_names(),
        [
            "Kết quả",
            "Kết quả rà soát",
            "Danh mục HCKĐ",
            "Phiếu kiểm tra",
            "Tỷ lệ khắc phục",
            "Theo lĩnh vực",
            "Quá hạn"
        ]
    );
    let rates = book.worksheet_range("Tỷ lệ khắc phục").expect("sheet");
    let at = |row: u32, col: u32| {
        rates
            .get_value((row, col))
            .map(ToString::to_string)
            .unwrap_or_default()
    };
    // The head block and the title rows above the table.
    assert_eq!(at(0, 0), "THÀNH ỦY NAM ĐỊNH");
    assert_eq!(at(1, 0), "ĐOÀN GIÁM SÁT");
    assert_eq!(at(0, 5), "ĐẢNG CỘNG SẢN VIỆT NAM");
    assert_eq!(at(1, 5), "Nam Định, ngày 20 tháng 11 năm 2026");
    assert_eq!(at(4, 0), "TỶ LỆ KHẮC PHỤC HẠN CHẾ, KHUYẾT ĐIỂM");
    assert_eq!(
        at(5, 0),
        "Giám sát việc khắc phục hạn chế, khuyết điểm sau kiểm điểm (tính đến ngày 20/11/2026)"
    );
    let header: Vec<String> = (0..10).map(|c| at(HEADER, c)).collect();
    assert_eq!(header[1], "Đơn vị");
    // The share: "%" in the cells' format, not in the header.
    assert_eq!(header[8], "Tỷ lệ đã KP");
    assert!(header.iter().all(|h| !h.contains('%')), "{header:?}");
    assert_eq!(
        rates.get_value((HEADER + 2, 1)),
        Some(&Data::String("Đảng bộ phường Quang Trung".into()))
    );
    // Total row: counts as numbers, the rate as a fraction.
    let expected = recount_rates(&s.store, "HK-2026-01");
    let total = HEADER + expected.len() as u32 + 1;
    assert_eq!(
        rates.get_value((total, 1)),
        Some(&Data::String("Tổng".into()))
    );
    let sum: u64 = expected.iter().map(|e| e.1[0]).sum();
    let done: u64 = expected.iter().map(|e| e.1[1]).sum();
    assert_eq!(rates.get_value((total, 3)), Some(&Data::Float(sum as f64)));
    match rates.get_value((total, 8)) {
        Some(Data::Float(x)) => assert!((x - done as f64 / sum as f64).abs() < 1e-9),
        other => panic!("rate is not a number: {other:?}"),
    }
    let styles = book.worksheet_style("Tỷ lệ khắc phục").expect("styles");
    let format = |row, col| {
        styles
            .get((row, col))
            .and_then(|s| s.number_format.as_ref())
            .map(|n| n.format_code.clone())
    };
    assert_eq!(format(total, 8).as_deref(), Some("0.00%"));
    let bold = styles
        .get((HEADER, 0))
        .and_then(|s| s.font.as_ref())
        .is_some_and(|f| f.is_bold());
    assert!(bold, "the header row is bold");

    // "Kết quả" holds the results: the baseline's figure per unit.
    let results = book.worksheet_range("Kết quả").expect("sheet");
    assert_eq!(
        results.get_value((HEADER, 2)),
        Some(&Data::String("Đã chỉ ra qua kiểm điểm".into()))
    );
    assert_eq!(
        results.get_value((HEADER + 4, 1)),
        Some(&Data::String("Tổng".into()))
    );
    // Seven findings of the visit, none named at a review: all new.
    assert_eq!(results.get_value((HEADER + 4, 9)), Some(&Data::Float(7.0)));

    // Dates are Excel dates, shown dd/mm/yyyy.
    let list = book.worksheet_range("Danh mục HCKĐ").expect("sheet");
    let first_due = r.results.rows[0][6].clone();
    let Cell::Date(due) = first_due else {
        panic!("not a date")
    };
    match list.get_value((HEADER + 1, 6)) {
        Some(Data::DateTime(x)) => {
            // Excel counts days from 30/12/1899.
            let serial = (due - date(1899, 12, 30)).num_days() as f64;
            assert!(x.is_datetime() && (x.as_f64() - serial).abs() < 1e-9);
        }
        other => panic!("due is not a date: {other:?}"),
    }
    let styles = book.worksheet_style("Danh mục HCKĐ").expect("styles");
    let code = styles
        .get((HEADER + 1, 6))
        .and_then(|s| s.number_format.as_ref())
        .map(|n| n.format_code.clone());
    assert_eq!(code.as_deref(), Some("dd/mm/yyyy"));

    // Days overdue: numbers or blank, never text.
    let due = book.worksheet_range("Quá hạn").expect("sheet");
    let mut late = Vec::new();
    for row in HEADER + 1..HEADER + 1 + r.due.rows.len() as u32 {
        for col in [5, 6] {
            match due.get_value((row, col)) {
                Some(Data::Float(x)) => late.push((col, *x)),
                None | Some(Data::Empty) => {}
                other => panic!("days are not a number: {other:?}"),
            }
        }
    }
    assert_eq!(late, [(5, 19.0), (5, 10.0), (6, 5.0)]);
}

/// Page setup read from the sheets' XML: A4 landscape, one page wide, the
/// column header repeated on every printed page.
#[test]
fn xlsx_sheets_print_on_a4_landscape_with_titles() {
    use std::io::Read;
    let dir = TempDir::new().expect("tempdir");
    let s = seed(dir.path());
    let bytes = render(&build(&s, "HK-2026-01", None), Format::Xlsx);
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    let mut part = |name: &str| {
        let mut s = String::new();
        zip.by_name(name)
            .expect("a part")
            .read_to_string(&mut s)
            .expect("utf-8");
        s
    };
    let workbook = part("xl/workbook.xml");
    for n in 1..=7 {
        let sheet = part(&format!("xl/worksheets/sheet{n}.xml"));
        assert!(
            sheet.contains("<pageSetUpPr fitToPage=\"1\"/>"),
            "sheet {n}"
        );
        assert!(
            sheet.contains("paperSize=\"9\"") && sheet.contains("orientation=\"landscape\""),
            "sheet {n}: {sheet}"
        );
        assert!(sheet.contains("fitToHeight=\"0\""), "sheet {n}");
        // Print titles: the header row (8 in the sheet's numbering).
        let index = n - 1;
        assert!(
            workbook.contains(&format!(
                "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"{index}\">"
            )),
            "{workbook}"
        );
    }
    assert_eq!(workbook.matches("!$8:$8</definedName>").count(), 7);
}

#[test]
fn html_is_balanced_self_contained_and_escaped() {
    let dir = TempDir::new().expect("tempdir");
    let s = seed(dir.path());
    let html = html_of(&build(&s, "HK-2026-01", None));
    for (open, close) in [
        ("<table", "</table>"),
        ("<tr", "</tr>"),
        ("<section", "</section>"),
        ("<ul", "</ul>"),
    ] {
        assert_eq!(
            html.matches(open).count(),
            html.matches(close).count(),
            "{open}"
        );
    }
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.trim_end().ends_with("</html>"));
    assert_eq!(html.matches("<html").count(), 1);
    assert!(!html.contains("http"), "no external address");
    assert!(!html.contains("<link") && !html.contains("<script"));
    assert!(html.contains("@page { size: A4; margin: 25mm 15mm 25mm 35mm;"));
    assert!(html.contains("<h1>BÁO CÁO</h1>"));
    assert!(html.contains("Nội dung sinh hoạt &lt;đơn điệu&gt;"));
    assert!(!html.contains("<đơn điệu>"));
    // The data tables as appendices, each from a new page.
    // No re-checks in this visit: no appendix for them.
    assert_eq!(html.matches("<section class=\"appendix").count(), 6);
}

#[test]
fn csv_has_a_bom_and_every_table_after_its_title() {
    let dir = TempDir::new().expect("tempdir");
    let s = seed(dir.path());
    let r = build(&s, "HK-2026-01", None);
    let bytes = render(&r, Format::Csv);
    assert!(bytes.starts_with("\u{feff}".as_bytes()));
    let csv = String::from_utf8(bytes).expect("utf-8");
    let blocks: Vec<&str> = csv.trim_start_matches('\u{feff}').split("\n\n").collect();
    assert_eq!(blocks.len(), 7);
    for (block, (_, t)) in blocks.iter().zip(r.tables()) {
        let mut lines = block.lines();
        assert!(
            lines.next().is_some_and(|l| l.contains(&t.title)),
            "{}",
            t.title
        );
        assert!(
            lines
                .next()
                .is_some_and(|l| l.starts_with(t.columns[0].name))
        );
    }
    assert!(csv.contains(",Tổng,,7,1,3,3,2,\"14,29%\",\n"), "{csv}");
}

#[test]
fn a_visit_without_findings_and_a_unit_without_answers() {
    let dir = TempDir::new().expect("tempdir");
    let s = seed(dir.path());
    let r = build(&s, "HK-2026-02", None);
    assert!(r.results.rows.is_empty() && r.due.rows.is_empty());
    assert_eq!(r.summary, "Không có hạn chế, khuyết điểm.");
    let total = r.rates.total.as_ref().expect("total");
    assert_eq!(text(&total[8]), "—");
    let md = String::from_utf8(render(&r, Format::Markdown)).expect("utf-8");
    assert!(md.contains("*Không có hạn chế, khuyết điểm*"), "{md}");
    assert!(md.contains("*Không có hạn chế, khuyết điểm quá hạn hoặc sắp đến hạn*"));
    for f in [Format::Html, Format::Csv, Format::Xlsx] {
        assert!(!render(&r, f).is_empty());
    }

    let r = build(&s, "HK-2026-01", Some("X-DS"));
    assert_eq!(r.header.unit.as_deref(), Some("Đảng bộ xã Đông Sơn"));
    assert_eq!(r.units.len(), 1);
    let total = r.checklist.total.as_ref().expect("total");
    assert_eq!(int(&total[6]), 5, "every item of the template is unchecked");
    assert_eq!(total[2..6].iter().map(int).sum::<u64>(), 0);
    assert!(text(&r.rates.rows[0][9]).contains("Chưa có kết quả kiểm tra"));
    assert!(html_of(&r).contains("Không có hạn chế, khuyết điểm"));
}

// ------------------------------------------------------------------ command line

#[test]
fn command_line_writes_files_and_explains_wrong_codes() {
    let dir = TempDir::new().expect("tempdir");
    let db = dir.path().join("db");
    drop(seed(&db));
    let out = haukiem_on(&db)
        .args(["report", "HK-2026-1", "--format", "md"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("Không có đợt nào mã HK-2026-1"), "{err}");
    assert!(
        err.contains("mã gần giống: HK-2026-01, HK-2025-01, HK-2026-02"),
        "{err}"
    );

    let out = haukiem_on(&db)
        .args(["report", "HK-2026-01", "--unit", "X-D"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("mã gần giống: X-DS"));

    let out = haukiem_on(&db)
        .args(["report", "HK-2026-01", "--format", "xlsx"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1), "xlsx needs -o");

    let md = ok(&db, &["report", "HK-2026-01", "--today", TODAY]);
    assert!(md.contains("# BÁO CÁO\n\n**kết quả giám sát việc khắc phục hạn chế, khuyết điểm"));

    // A conclusion goes to one unit, and is a document, not a data table.
    let out = haukiem_on(&db)
        .args(["report", "HK-2026-01", "--conclusion"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(haukiem::i18n::Msg::CliConclusionNeedsUnit.tr(haukiem::i18n::Lang::Vi)),
        "{err}"
    );
    assert!(out.stdout.is_empty());
    let out = haukiem_on(&db)
        .args([
            "report",
            "HK-2026-01",
            "--conclusion",
            "--unit",
            "P-QT",
            "--format",
            "csv",
        ])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("md, html hoặc docx"));
    let file = dir.path().join("r.xlsx");
    let to = file.to_str().expect("UTF-8 temp path");
    ok(
        &db,
        &[
            "report",
            "HK-2026-01",
            "--format",
            "xlsx",
            "-o",
            to,
            "--today",
            TODAY,
        ],
    );
    let book: Xlsx<_> = calamine::open_workbook(&file).expect("an xlsx file");
    assert_eq!(book.sheet_names().len(), 7);
}
