//! Party documents in the form of Hướng dẫn 36-HD/VPTW: the Markdown of a
//! small báo cáo exactly, the HTML's head block and pages, and the Word file
//! read back — its text in order, fonts, body size, A4 page and margins,
//! borderless head, page number from page 2, repeated table headers, a
//! landscape appendix — and hostile text through every renderer; the demo's
//! báo cáo written by `report --format docx` and read back.

mod common;

#[path = "document/demo.rs"]
mod demo;
#[path = "document/sample.rs"]
mod sample;
#[path = "document/xml.rs"]
mod xml;

use haukiem::report::document::{
    Body, Cell, DocNumber, Kind, Level, Marker, PARTY_TITLE, PartyDocument, Span, Table,
};
use xml::{Package, texts};

/// The numbers the guidance sets, in Word's units.
const A4_TWIPS: (&str, &str) = ("11906", "16838");
const MARGIN_TWIPS: [(&str, &str); 5] = [
    ("w:top", "1417"),
    ("w:bottom", "1417"),
    ("w:left", "1984"),
    ("w:right", "850"),
    ("w:header", "567"),
];
const TNR: &str = "Times New Roman";

fn docx(doc: &PartyDocument) -> Package {
    Package::open(&doc.to_docx().expect("the Word file is written"))
}

#[test]
fn report_markdown() {
    insta::assert_snapshot!("report_md", sample::report().to_markdown());
}

#[test]
fn number_line_and_date_follow_the_guidance() {
    let doc = sample::report();
    assert_eq!(
        doc.head.number.line(),
        "Số \u{a0}\u{a0}\u{a0}\u{a0}\u{a0}\u{a0}-BC/ĐGS"
    );
    let numbered = DocNumber {
        number: Some(7),
        kind: "TB".to_string(),
        issuer: "TU".to_string(),
    };
    assert_eq!(numbered.line(), "Số 07-TB/TU");
    assert_eq!(doc.head.place_date(), "Nam Định, ngày 05 tháng 02 năm 2027");
    assert_eq!(
        sample::conclusion().head.place_date(),
        "Nam Định, ngày 09 tháng 3 năm 2027"
    );
    let issuer: Vec<(String, bool)> = doc
        .head
        .issuer_lines()
        .into_iter()
        .map(|l| (l.text, l.bold))
        .collect();
    let want = [
        ("THÀNH ỦY NAM ĐỊNH", false),
        ("ĐOÀN GIÁM SÁT", true),
        ("*", false),
    ];
    assert_eq!(issuer, want.map(|(t, b)| (t.to_string(), b)));
}

#[test]
fn html_is_a_printable_a4_page_with_the_head_block() {
    let html = sample::conclusion().to_html();
    for needle in [
        "@page { size: A4; margin: 25mm 15mm 25mm 35mm;",
        "@page wide { size: A4 landscape }",
        "font-family: 'Times New Roman'",
        ".party { font-size: 15pt; font-weight: bold; text-decoration: underline }",
        "<table class=\"head\">\n<tr><td>ĐẢNG BỘ TỈNH NAM ĐỊNH<br><span class=\"issuer\">THÀNH ỦY NAM ĐỊNH</span><br>*</td>",
        &format!("<td><span class=\"party\">{PARTY_TITLE}</span></td></tr>"),
        "<tr><td>Số 87-TB/TU</td><td><span class=\"date\">Nam Định, ngày 09 tháng 3 năm 2027</span></td></tr>",
        "<h1>THÔNG BÁO KẾT LUẬN</h1>",
        "<h2>III. YÊU CẦU</h2>",
        "<th rowspan=\"2\">Chi bộ</th><th rowspan=\"2\">Số HCKĐ</th><th colspan=\"3\">Khắc phục</th>",
        "<td class=\"right\">57,14%</td>",
        "<section class=\"appendix wide\">",
        "<p class=\"label\">PHỤ LỤC 2</p>",
        "T/M BAN THƯỜNG VỤ<br>PHÓ BÍ THƯ<div class=\"space\"></div>Nguyễn Thị Hoa",
        "- Lưu Đoàn giám sát.",
    ] {
        assert!(html.contains(needle), "missing {needle:?}");
    }
    for tag in ["table", "section", "thead", "tbody", "tr", "ul", "p"] {
        let open =
            html.matches(&format!("<{tag}>")).count() + html.matches(&format!("<{tag} ")).count();
        let close = html.matches(&format!("</{tag}>")).count();
        assert_eq!(open, close, "<{tag}> balanced");
    }
}

#[test]
fn docx_text_in_reading_order() {
    let got = texts(&docx(&sample::report()).xml("word/document.xml"));
    let want = [
        "THÀNH ỦY NAM ĐỊNH",
        "ĐOÀN GIÁM SÁT",
        "*",
        PARTY_TITLE,
        "Số \u{a0}\u{a0}\u{a0}\u{a0}\u{a0}\u{a0}-BC/ĐGS",
        "Nam Định, ngày 05 tháng 02 năm 2027",
        "BÁO CÁO",
        "kết quả giám sát việc khắc phục hạn chế, khuyết điểm sau kiểm điểm của Đảng bộ phường Quang Trung",
        "-----",
        "Thực hiện Kế hoạch số 12-KH/TU ngày 15/01/2027 của Ban Thường vụ Thành ủy, Đoàn giám sát đã làm việc với Đảng ủy phường Quang Trung từ ngày 20/01/2027 đến ngày 30/01/2027. Đoàn giám sát báo cáo kết quả như sau:",
        "I. ĐẶC ĐIỂM TÌNH HÌNH",
        "Đảng bộ phường Quang Trung có 18 chi bộ trực thuộc với 1.017 đảng viên.",
        "II. KẾT QUẢ GIÁM SÁT",
        "1. Ưu điểm",
        "- Ban Thường vụ Đảng ủy đã ban hành kế hoạch khắc phục, phân công rõ người chịu trách nhiệm.",
        "- Sinh hoạt chi bộ thường kỳ được duy trì hằng tháng.",
        "2. Hạn chế, khuyết điểm",
        "STT",
        "Hạn chế, khuyết điểm",
        "Hạn",
        "Tình trạng",
        "1",
        "Chậm ban hành quy chế làm việc khóa mới",
        "30/06/2026",
        "Đã khắc phục",
        "2",
        "Sinh hoạt chuyên đề chưa đều",
        "31/12/2026",
        "Đang khắc phục",
        "Tỷ lệ đã khắc phục: 1/2 (50,00%).",
        "Tính trên các hạn chế, khuyết điểm đã xác minh.",
        "Nơi nhận:",
        "- Ban Thường vụ Thành ủy (để báo cáo),",
        "- Đảng ủy phường Quang Trung,",
        "- Lưu Đoàn giám sát.",
        "T/M ĐOÀN GIÁM SÁT",
        "TRƯỞNG ĐOÀN",
        "Trần Văn Bình",
    ];
    assert_eq!(got, want);
}

/// Every `w:rFonts` in the parts names Times New Roman, and the defaults
/// set it for all four scripts.
#[test]
fn docx_is_times_new_roman_14pt_throughout() {
    let pkg = docx(&sample::conclusion());
    let styles = pkg.xml("word/styles.xml");
    let defaults = styles.first("w:docDefaults");
    let fonts = defaults.first("w:rFonts");
    for script in ["w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"] {
        assert_eq!(fonts.attr(script), Some(TNR), "{script}");
    }
    assert_eq!(defaults.first("w:sz").attr("w:val"), Some("28"));
    let document = pkg.xml("word/document.xml");
    let mut parts = vec![styles, document.clone()];
    parts.extend(pkg.headers().into_values());
    for part in &parts {
        for f in part.all("w:rFonts") {
            for (k, v) in &f.attrs {
                assert_eq!(v, TNR, "{k} in <{}>", part.name);
            }
        }
    }
    // Body paragraphs keep the default size: no run of theirs sets another.
    let body = document
        .first("w:body")
        .all("w:p")
        .into_iter()
        .find(|p| p.paragraph_text().starts_with("Đảng ủy phường Vị Hoàng đã"))
        .expect("the first body paragraph");
    assert!(!body.has("w:sz"), "{body:?}");
}

/// Both sections are A4 with the guidance's margins: the document's
/// portrait, the wide appendix's landscape, which inherits the page number.
#[test]
fn docx_pages_are_a4_with_the_guidance_margins() {
    let document = docx(&sample::conclusion()).xml("word/document.xml");
    let sections = document.all("w:sectPr");
    assert_eq!(sections.len(), 2, "document and landscape appendix");
    for s in &sections {
        let m = s.first("w:pgMar");
        for (k, v) in MARGIN_TWIPS {
            assert_eq!(m.attr(k), Some(v), "{k}");
        }
    }
    let portrait = sections[0].first("w:pgSz");
    assert_eq!(
        (portrait.attr("w:w"), portrait.attr("w:h")),
        (Some(A4_TWIPS.0), Some(A4_TWIPS.1))
    );
    let landscape = sections[1].first("w:pgSz");
    assert_eq!(
        (
            landscape.attr("w:w"),
            landscape.attr("w:h"),
            landscape.attr("w:orient")
        ),
        (Some(A4_TWIPS.1), Some(A4_TWIPS.0), Some("landscape"))
    );
    assert!(!sections[1].has("w:titlePg") && !sections[1].has("w:headerReference"));
    // The portrait appendix follows the signature on a page of its own.
    let label = document
        .all("w:p")
        .into_iter()
        .find(|p| p.paragraph_text() == "PHỤ LỤC 1")
        .expect("the first appendix");
    assert!(label.has("w:pageBreakBefore"));
}

/// Page numbers: a PAGE field centred in the running header of the first
/// section, whose first page has none (`titlePg` and no first-page header:
/// a blank one, ECMA-376 §17.10.5); a later landscape section inherits it.
#[test]
fn docx_numbers_pages_from_the_second() {
    for doc in [sample::report(), sample::conclusion()] {
        let pkg = docx(&doc);
        let document = pkg.xml("word/document.xml");
        let section = document.first("w:sectPr");
        assert!(section.has("w:titlePg"));
        let refs: Vec<(Option<&str>, Option<&str>)> = section
            .all("w:headerReference")
            .iter()
            .map(|r| (r.attr("w:type"), r.attr("r:id")))
            .collect();
        assert_eq!(refs.len(), 1, "{refs:?}");
        assert_eq!(refs[0].0, Some("default"));
        let headers = pkg.headers();
        let running = &headers[refs[0].1.expect("an id")];
        let field: String = running
            .all("w:instrText")
            .iter()
            .map(|e| e.text.trim().to_string())
            .collect();
        assert_eq!(field, "PAGE");
        assert_eq!(running.first("w:jc").attr("w:val"), Some("center"));
        let begin = running.first("w:fldChar");
        assert_eq!(begin.attr("w:fldCharType"), Some("begin"));
    }
}

/// The head is a table without borders; data tables have borders and
/// header rows that repeat, grouped headers merged across and down.
#[test]
fn docx_tables() {
    let document = docx(&sample::conclusion()).xml("word/document.xml");
    let tables = document.first("w:body").all("w:tbl");
    let head = tables[0];
    assert!(head.paragraph_text().contains(PARTY_TITLE));
    let borders = head.first("w:tblBorders");
    let sides: Vec<(&str, Option<&str>)> = borders
        .children
        .iter()
        .map(|b| (b.name.as_str(), b.attr("w:val")))
        .collect();
    assert_eq!(sides.len(), 6, "{sides:?}");
    assert!(sides.iter().all(|(_, v)| *v == Some("nil")), "{sides:?}");
    assert!(head.all("w:tcBorders").is_empty());
    let rates = tables
        .iter()
        .find(|t| t.all("w:t").iter().any(|t| t.text == "Khắc phục"))
        .expect("the rates table");
    let borders = rates.first("w:tblBorders");
    assert!(
        borders
            .children
            .iter()
            .any(|b| b.attr("w:val") == Some("single"))
    );
    let rows = rates.all("w:tr");
    let repeats: Vec<bool> = rows.iter().map(|r| r.has("w:tblHeader")).collect();
    assert_eq!(repeats, [true, true, false, false, false]);
    assert!(
        rows.iter()
            .all(|r| r.has("w:cantSplit") && !r.has("w:trHeight"))
    );
    assert_eq!(rows[0].first("w:gridSpan").attr("w:val"), Some("3"));
    assert_eq!(rows[1].all("w:vMerge").len(), 3);
    let total: Vec<String> = rows[4]
        .all("w:p")
        .iter()
        .map(|p| p.paragraph_text())
        .collect();
    assert_eq!(total, ["Tổng", "7", "4", "2", "1", "57,14%"]);
    // The signature is never split from the name under it.
    let signature = tables
        .iter()
        .find(|t| t.paragraph_text().starts_with("Nơi nhận:"))
        .expect("the signature");
    assert!(signature.paragraph_text().ends_with("Nguyễn Thị Hoa"));
    assert!(signature.first("w:tr").has("w:cantSplit"));
}

/// Markup and control characters in every field a caller fills.
const HOSTILE: &str = "<b>x</b> & y | z *w* _v_ [l](u)\u{1}\u{1b}[2J\u{7f}\u{9f}\nline2";
/// What is left of it to print.
const CLEAN: &str = "<b>x</b> & y | z *w* _v_ [l](u)[2J\nline2";

fn hostile() -> PartyDocument {
    let mut doc = sample::report();
    doc.head.upper_body = Some(HOSTILE.to_string());
    doc.head.place = "# Nam Định".to_string();
    doc.summary = HOSTILE.to_string();
    doc.signature.name = HOSTILE.to_string();
    doc.recipients.to = vec![HOSTILE.to_string()];
    let mut b = Body::new();
    b.heading(Level::Part, HOSTILE)
        .spans(vec![Span::bold(HOSTILE)])
        .paragraph("# not a heading\n- not a list\n1. not a list")
        .list(Marker::Dash, ["- not nested", HOSTILE])
        .note(HOSTILE)
        .table(Table {
            title: Some(HOSTILE.to_string()),
            columns: vec![sample::col(HOSTILE, Kind::Wide)],
            groups: Vec::new(),
            rows: vec![vec![Cell::Text(HOSTILE.to_string())]],
            total: None,
            empty: String::new(),
        });
    doc.body = b.into_blocks();
    doc
}

fn has_controls(s: &str) -> bool {
    s.chars().any(|c| c.is_control() && c != '\n')
}

/// Markdown, as a CommonMark reader with GitHub tables parses it: only the
/// headings, lists, tables and inline HTML (`<br>`, `<u>`) the document
/// makes, every table row as wide as its header, and the text read back.
#[test]
fn hostile_text_stays_text_in_markdown() {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let md = hostile().to_markdown();
    assert!(!has_controls(&md));
    let (mut headings, mut lists, mut tables) = (0, 0, Vec::new());
    let (mut cells, mut strong, mut in_strong) = (0, Vec::new(), false);
    for event in Parser::new_ext(&md, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH) {
        match event {
            Event::Start(Tag::Heading { .. }) => headings += 1,
            Event::Start(Tag::List(_)) => lists += 1,
            Event::Start(Tag::Table(columns)) => tables.push(columns.len()),
            Event::Start(Tag::TableHead | Tag::TableRow) => cells = 0,
            Event::Start(Tag::TableCell) => cells += 1,
            Event::End(TagEnd::TableHead | TagEnd::TableRow) => {
                assert_eq!(Some(&cells), tables.last(), "a row as wide as its table");
            }
            Event::Start(Tag::Strong) => in_strong = true,
            Event::End(TagEnd::Strong) => in_strong = false,
            Event::Text(t) if in_strong => strong.push(t.to_string()),
            Event::HardBreak if in_strong => strong.push("\n".to_string()),
            Event::Html(h) | Event::InlineHtml(h) => {
                assert!(["<br>", "<u>", "</u>"].contains(&h.as_ref()), "HTML {h:?}");
            }
            Event::Start(
                t @ (Tag::Link { .. } | Tag::Image { .. } | Tag::Strikethrough | Tag::CodeBlock(_)),
            ) => panic!("{t:?} in {md}"),
            Event::Code(c) => panic!("code {c:?}"),
            _ => {}
        }
    }
    assert_eq!((headings, lists), (2, 1));
    assert_eq!(tables, [2, 1, 2], "head, data, signature");
    // The bold paragraph reads back as the text, line break included.
    assert!(strong.concat().contains(CLEAN), "{strong:?}");
    assert!(md.contains("\\# not a heading\\\n\\- not a list\\\n1\\. not a list"));
}

#[test]
fn hostile_text_stays_text_in_html() {
    let html = hostile().to_html();
    assert!(!has_controls(&html));
    assert!(!html.contains("<b>x"));
    assert!(html.contains("&lt;b&gt;x&lt;/b&gt; &amp; y | z *w* _v_ [l](u)[2J<br>line2"));
}

/// Word: the XML parses, holds no control character, and reads back as the
/// text without its control characters.
#[test]
fn hostile_text_stays_text_in_docx() {
    let pkg = docx(&hostile());
    let raw = pkg.raw("word/document.xml");
    assert!(!has_controls(&raw.replace(['\r', '\t'], "")));
    let got = texts(&pkg.xml("word/document.xml"));
    let upper = CLEAN.to_uppercase();
    let heading = format!("I. {CLEAN}");
    let item = format!("- {CLEAN}");
    for want in [
        upper.as_str(),
        CLEAN,
        &heading,
        &item,
        "# Nam Định, ngày 05 tháng 02 năm 2027",
    ] {
        assert!(got.iter().any(|t| t == want), "{want:?} not in {got:#?}");
    }
}
