//! A Party document as one self-contained HTML page: inline style, no
//! external assets, A4 pages with the guidance's margins, the head and the
//! signature as borderless two-column tables, landscape appendices on pages
//! of their own.

use super::{
    Align, Appendix, Block, Heading, Level, MARGINS_MM, Orientation, PARTY_TITLE, PartyDocument,
    Table, align, cell_text, printable,
};

/// Print style. Page numbers go in the top margin from page 2 on where the
/// browser supports page-margin boxes; the rest prints anywhere.
fn style() -> String {
    let m = MARGINS_MM;
    format!(
        "
@page {{ size: A4; margin: {}mm {}mm {}mm {}mm;
  @top-center {{ content: counter(page); font: 14pt 'Times New Roman', serif; vertical-align: top; padding-top: {}mm }} }}
@page :first {{ @top-center {{ content: none }} }}
@page wide {{ size: A4 landscape }}
body {{ font-family: 'Times New Roman', Times, serif; font-size: 14pt; line-height: 1.3; color: #000; max-width: 160mm; margin: 0 auto }}
section.appendix {{ break-before: page; page-break-before: always }}
section.wide {{ page: wide; max-width: 247mm }}
table.head, table.sign {{ width: 100%; border: none; border-collapse: collapse }}
table.head td, table.sign td {{ border: none; padding: 0 4pt; vertical-align: top }}
table.head td {{ text-align: center; width: 50% }}
.issuer {{ font-weight: bold }}
.party {{ font-size: 15pt; font-weight: bold; text-decoration: underline }}
.date {{ font-style: italic }}
h1 {{ font-size: 16pt; text-align: center; margin: 18pt 0 0 }}
p.summary, p.label, p.title {{ text-align: center; font-weight: bold; margin: 0 }}
p.rule {{ text-align: center; margin: 0 0 12pt }}
p.sub {{ text-align: center; font-style: italic; margin: 0 0 12pt }}
h2, h3, h4 {{ font-size: 14pt; margin: 12pt 0 6pt }}
h4 {{ font-style: italic }}
p {{ text-align: justify; margin: 0 0 6pt }}
p.indent {{ text-indent: 10mm }}
ul {{ list-style: none; margin: 0 0 6pt; padding-left: 10mm }}
ul.dash li::before {{ content: '- ' }}
ul.plus li::before {{ content: '+ ' }}
ul.bullet li::before {{ content: '• ' }}
p.caption {{ text-align: center; font-weight: bold; margin: 6pt 0 }}
table.grid {{ width: 100%; border-collapse: collapse; margin: 6pt 0; font-size: 13pt }}
table.grid th, table.grid td {{ border: 1px solid #000; padding: 2pt 4pt; vertical-align: top }}
table.grid th {{ font-weight: bold; text-align: center; vertical-align: middle }}
table.grid thead {{ display: table-header-group }}
table.grid tr {{ break-inside: avoid; page-break-inside: avoid }}
td.right {{ text-align: right; white-space: nowrap }}
td.center {{ text-align: center; white-space: nowrap }}
tr.total td {{ font-weight: bold }}
p.note {{ font-style: italic; font-size: 12pt }}
table.sign {{ margin-top: 12pt }}
td.to {{ width: 45%; font-size: 12pt; text-align: left }}
td.to .label {{ font-size: 14pt; text-decoration: underline }}
td.by {{ text-align: center; font-weight: bold }}
td.by .space {{ height: 25mm }}
",
        m.top, m.right, m.bottom, m.left, m.page_number
    )
}

/// The whole document.
pub(super) fn render(doc: &PartyDocument) -> String {
    let mut o =
        String::from("<!DOCTYPE html>\n<html lang=\"vi\">\n<head>\n<meta charset=\"utf-8\">\n");
    o.push_str(&format!(
        "<title>{} {}</title>\n<style>{}</style>\n</head>\n<body>\n<section>\n",
        esc(&doc.kind.to_uppercase()),
        esc(&doc.head.number.symbol()),
        style()
    ));
    head(&mut o, doc);
    o.push_str(&format!(
        "<h1>{}</h1>\n<p class=\"summary\">{}</p>\n<p class=\"rule\">-----</p>\n",
        esc(&doc.kind.to_uppercase()),
        esc(&doc.summary)
    ));
    blocks(&mut o, &doc.body);
    signature(&mut o, doc);
    o.push_str("</section>\n");
    for (i, a) in doc.appendices.iter().enumerate() {
        appendix(&mut o, &doc.appendix_label(i), a);
    }
    o.push_str("</body>\n</html>\n");
    o
}

fn head(o: &mut String, doc: &PartyDocument) {
    let h = &doc.head;
    let issuer: Vec<String> = h
        .issuer_lines()
        .iter()
        .map(|l| {
            if l.bold {
                format!("<span class=\"issuer\">{}</span>", esc(&l.text))
            } else {
                esc(&l.text)
            }
        })
        .collect();
    o.push_str(&format!(
        "<table class=\"head\">\n<tr><td>{}</td><td><span class=\"party\">{PARTY_TITLE}</span></td></tr>\n\
         <tr><td>{}</td><td><span class=\"date\">{}</span></td></tr>\n</table>\n",
        issuer.join("<br>"),
        esc(&h.number.line()),
        esc(&h.place_date())
    ));
}

fn blocks(o: &mut String, blocks: &[Block]) {
    for b in blocks {
        match b {
            Block::Heading(h) => heading(o, h),
            Block::Paragraph(p) => {
                let class = if p.first_line_indent {
                    " class=\"indent\""
                } else {
                    ""
                };
                let text: String = p
                    .spans
                    .iter()
                    .map(|s| match (s.bold, s.italic) {
                        (true, true) => format!("<b><i>{}</i></b>", esc(&s.text)),
                        (true, false) => format!("<b>{}</b>", esc(&s.text)),
                        (false, true) => format!("<i>{}</i>", esc(&s.text)),
                        (false, false) => esc(&s.text),
                    })
                    .collect();
                o.push_str(&format!("<p{class}>{text}</p>\n"));
            }
            Block::List(l) => {
                let class = match l.marker {
                    super::Marker::Dash => "dash",
                    super::Marker::Plus => "plus",
                    super::Marker::Bullet => "bullet",
                };
                o.push_str(&format!("<ul class=\"{class}\">\n"));
                for item in &l.items {
                    o.push_str(&format!("<li>{}</li>\n", esc(item)));
                }
                o.push_str("</ul>\n");
            }
            Block::Table(t) => table(o, t),
            Block::Note(n) => o.push_str(&format!("<p class=\"note\">{}</p>\n", esc(n))),
        }
    }
}

fn heading(o: &mut String, h: &Heading) {
    let tag = match h.level {
        Level::Part => "h2",
        Level::Section => "h3",
        Level::Point => "h4",
    };
    o.push_str(&format!(
        "<{tag}>{} {}</{tag}>\n",
        esc(&h.number),
        esc(&h.text)
    ));
}

fn table(o: &mut String, t: &Table) {
    if let Some(title) = &t.title {
        o.push_str(&format!("<p class=\"caption\">{}</p>\n", esc(title)));
    }
    if t.rows.is_empty() {
        o.push_str(&format!("<p class=\"note\">{}</p>\n", esc(&t.empty)));
        return;
    }
    o.push_str("<table class=\"grid\">\n<thead>\n");
    header(o, t);
    o.push_str("</thead>\n<tbody>\n");
    // Each column's opening tag, aligned by what it holds.
    let opens: Vec<&str> = t
        .columns
        .iter()
        .map(|c| match align(c.kind) {
            Align::Left => "<td>",
            Align::Center => "<td class=\"center\">",
            Align::Right => "<td class=\"right\">",
        })
        .collect();
    let rows = t.rows.iter().map(|r| ("<tr>", r));
    let total = t.total.iter().map(|r| ("<tr class=\"total\">", r));
    for (tr, row) in rows.chain(total) {
        o.push_str(tr);
        for (open, cell) in opens.iter().zip(row) {
            o.push_str(&format!("{open}{}</td>", esc(&cell_text(cell))));
        }
        o.push_str("</tr>\n");
    }
    o.push_str("</tbody>\n</table>\n");
}

/// One header row, or two when columns are grouped: an untitled group of
/// one column spans both rows with that column's title.
fn header(o: &mut String, t: &Table) {
    if !t.has_groups() {
        let cells: String = t
            .columns
            .iter()
            .map(|c| format!("<th>{}</th>", esc(&c.title)))
            .collect();
        o.push_str(&format!("<tr>{cells}</tr>\n"));
        return;
    }
    let (mut top, mut bottom, mut start) = (String::new(), String::new(), 0);
    for g in &t.groups {
        let cols = &t.columns[start..start + g.span];
        if g.title.is_empty() && g.span == 1 {
            top.push_str(&format!("<th rowspan=\"2\">{}</th>", esc(&cols[0].title)));
        } else {
            top.push_str(&format!(
                "<th colspan=\"{}\">{}</th>",
                g.span,
                esc(&g.title)
            ));
            for c in cols {
                bottom.push_str(&format!("<th>{}</th>", esc(&c.title)));
            }
        }
        start += g.span;
    }
    o.push_str(&format!("<tr>{top}</tr>\n<tr>{bottom}</tr>\n"));
}

fn signature(o: &mut String, doc: &PartyDocument) {
    let to: Vec<String> = doc.recipients.lines().iter().map(|l| esc(l)).collect();
    let s = &doc.signature;
    let titles: Vec<String> = s.title_lines().iter().map(|l| esc(l)).collect();
    o.push_str(&format!(
        "<table class=\"sign\">\n<tr><td class=\"to\"><span class=\"label\">Nơi nhận:</span><br>{}</td>\
         <td class=\"by\">{}<div class=\"space\"></div>{}</td></tr>\n</table>\n",
        to.join("<br>"),
        titles.join("<br>"),
        esc(&s.name)
    ));
}

fn appendix(o: &mut String, label: &str, a: &Appendix) {
    let class = match a.orientation {
        Orientation::Portrait => "appendix",
        Orientation::Landscape => "appendix wide",
    };
    o.push_str(&format!(
        "<section class=\"{class}\">\n<p class=\"label\">{}</p>\n<p class=\"title\">{}</p>\n",
        esc(label),
        esc(&a.title)
    ));
    if let Some(note) = &a.note {
        o.push_str(&format!("<p class=\"sub\">{}</p>\n", esc(note)));
    }
    blocks(o, &a.body);
    o.push_str("</section>\n");
}

/// Text as HTML element content: control characters dropped, `&`, `<` and
/// `>` as entities, line breaks as `<br>`. Quotes need no escaping because
/// no caller text goes into an attribute.
fn esc(s: &str) -> String {
    printable(s)
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('\n', "<br>")
}
