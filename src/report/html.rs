//! The report as one self-contained HTML file, printable on A4: inline
//! style, no external assets, a page break before each unit's appendix and
//! before each of the other reports.

use super::{Cell, Kind, Report, Table};
use crate::domain::date::format_date;

const STYLE: &str = "
@page { size: A4; margin: 2cm 1.5cm 2cm 3cm }
body { font-family: 'Times New Roman', Times, serif; font-size: 14pt; line-height: 1.3; color: #000; max-width: 17cm; margin: 0 auto }
h1 { font-size: 14pt; text-align: center; margin: 12pt 0 4pt }
h2 { font-size: 14pt; margin: 12pt 0 4pt }
h3 { font-size: 13pt; margin: 10pt 0 4pt }
p.center { text-align: center; margin: 0 }
table.head { width: 100%; border: none; margin-bottom: 12pt }
table.head td { border: none; text-align: center; vertical-align: top; width: 50%; font-size: 13pt }
.issuer, .nation { font-weight: bold }
.nation { text-decoration: underline }
table.grid { width: 100%; border-collapse: collapse; margin: 6pt 0 }
table.grid th, table.grid td { border: 1px solid #000; padding: 2pt 4pt; vertical-align: top; font-size: 13pt }
table.grid th { font-weight: bold; text-align: center }
table.grid thead { display: table-header-group }
table.grid tr { page-break-inside: avoid }
td.num { text-align: right; white-space: nowrap }
td.date { text-align: center; white-space: nowrap }
tr.total td { font-weight: bold }
p.note { font-style: italic; font-size: 12pt }
p.sign { text-align: right; font-weight: bold; margin-top: 18pt }
.page { page-break-before: always; break-before: page }
";

/// The whole report as an HTML document.
pub(super) fn render(r: &Report) -> String {
    let h = &r.header;
    let mut o = String::new();
    o.push_str("<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n");
    o.push_str(&format!(
        "<title>{} {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<section>\n",
        esc(&h.title),
        esc(&h.visit_code)
    ));
    o.push_str(&format!(
        "<table class=\"head\"><tr><td><span class=\"issuer\">{}</span><br>*<br>{}</td><td><span class=\"nation\">ĐẢNG CỘNG SẢN VIỆT NAM</span><br><i>{}</i></td></tr></table>\n",
        esc(&h.issuer),
        esc(&h.number),
        esc(&h.place_date)
    ));
    o.push_str(&format!("<h1>{}</h1>\n", esc(&h.title)));
    o.push_str(&format!(
        "<p class=\"center\"><b>{}</b></p>\n",
        esc(&h.subject)
    ));
    if let Some(u) = &h.unit {
        o.push_str(&format!("<p class=\"center\"><b>{}</b></p>\n", esc(u)));
    }
    o.push_str(&format!(
        "<p class=\"center\">Đợt {}, thời gian {}</p>\n",
        esc(&h.visit_code),
        esc(&h.period)
    ));
    o.push_str("<h2>I. Căn cứ</h2>\n");
    list(&mut o, &r.legal_bases);
    o.push_str(&format!("<h2>II. Đoàn {}</h2>\n", esc(&h.kind)));
    let team: Vec<String> = r
        .team
        .iter()
        .map(|(role, name)| format!("{role}: {name}"))
        .collect();
    list(&mut o, &team);
    o.push_str(&format!("<h2>III. Đơn vị được {}</h2>\n", esc(&h.kind)));
    list(&mut o, &r.units);
    o.push_str(&format!("<h2>IV. {}</h2>\n", esc(&r.checklist.title)));
    table(&mut o, &r.checklist);
    o.push_str("<h2>V. Hạn chế, khuyết điểm và kết quả khắc phục</h2>\n");
    o.push_str(&format!("<p>{}</p>\n", esc(&r.summary)));
    o.push_str("<h2>VI. Kiến nghị</h2>\n");
    list(&mut o, &r.recommendations);
    if let Some(lead) = &h.lead {
        o.push_str(&format!(
            "<p class=\"sign\">T/M ĐOÀN {}<br>TRƯỞNG ĐOÀN<br><br><br>{}</p>\n",
            esc(&h.kind.to_uppercase()),
            esc(lead)
        ));
    }
    o.push_str("</section>\n");
    for (i, (unit, t)) in r.appendix.iter().enumerate() {
        o.push_str("<section class=\"page\">\n");
        o.push_str(&format!(
            "<h2>Phụ lục {}: {}</h2>\n<h3>{}</h3>\n",
            i + 1,
            esc(&r.results.title),
            esc(unit)
        ));
        table(&mut o, t);
        o.push_str("</section>\n");
    }
    for t in r.further() {
        o.push_str("<section class=\"page\">\n");
        o.push_str(&format!("<h1>{}</h1>\n", esc(&t.title.to_uppercase())));
        o.push_str(&format!(
            "<p class=\"center\">Đợt {}, tính đến ngày {}</p>\n",
            esc(&h.visit_code),
            format_date(r.today)
        ));
        table(&mut o, t);
        o.push_str("</section>\n");
    }
    o.push_str("</body>\n</html>\n");
    o
}

fn list(o: &mut String, items: &[String]) {
    if items.is_empty() {
        return;
    }
    o.push_str("<ul>\n");
    for s in items {
        o.push_str(&format!("<li>{}</li>\n", esc(s)));
    }
    o.push_str("</ul>\n");
}

fn table(o: &mut String, t: &Table) {
    if t.rows.is_empty() {
        o.push_str(&format!("<p><i>{}.</i></p>\n", esc(t.empty)));
    } else {
        o.push_str("<table class=\"grid\">\n<thead><tr>");
        for c in &t.columns {
            o.push_str(&format!("<th>{}</th>", esc(c.name)));
        }
        o.push_str("</tr></thead>\n<tbody>\n");
        for row in &t.rows {
            row_html(o, t, row, "");
        }
        if let Some(total) = &t.total {
            row_html(o, t, total, " class=\"total\"");
        }
        o.push_str("</tbody>\n</table>\n");
    }
    for n in &t.notes {
        o.push_str(&format!("<p class=\"note\">{}</p>\n", esc(n)));
    }
}

fn row_html(o: &mut String, t: &Table, row: &[Cell], class: &str) {
    o.push_str(&format!("<tr{class}>"));
    for (c, cell) in t.columns.iter().zip(row) {
        let align = match c.kind {
            Kind::Int | Kind::Percent | Kind::Days => " class=\"num\"",
            Kind::Date => " class=\"date\"",
            Kind::Text | Kind::Wide => "",
        };
        o.push_str(&format!(
            "<td{align}>{}</td>",
            esc(&cell.display()).replace('\n', "<br>")
        ));
    }
    o.push_str("</tr>\n");
}

/// Escape text for HTML content and attribute values.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::esc;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            esc("<a href=\"x\">Tom & 'Jerry'</a>"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;"
        );
    }
}
