//! The report as Markdown: the báo cáo kết quả with its appendix, then the
//! three tables, separated by rules.

use super::{Cell, Kind, Report, Table};
use crate::domain::date::format_date;

/// The whole report as Markdown.
pub(super) fn render(r: &Report) -> String {
    let mut out = String::new();
    let h = &r.header;
    push(
        &mut out,
        &format!(
            "| {} | ĐẢNG CỘNG SẢN VIỆT NAM |\n|:---:|:---:|\n| {} | *{}* |\n",
            esc(&h.issuer),
            esc(&h.number),
            esc(&h.place_date)
        ),
    );
    push(&mut out, &format!("# {}\n", h.title));
    let mut about = format!("**{}**", esc(&h.subject));
    if let Some(u) = &h.unit {
        about.push_str(&format!(" — {}", esc(u)));
    }
    push(&mut out, &about);
    push(
        &mut out,
        &format!("Đợt {}, thời gian {}.\n", h.visit_code, h.period),
    );
    push(&mut out, "## I. Căn cứ\n");
    list(
        &mut out,
        &r.legal_bases,
        "Chưa có căn cứ trong phiếu kiểm tra.",
    );
    push(&mut out, &format!("## II. Đoàn {}\n", h.kind));
    let team: Vec<String> = r
        .team
        .iter()
        .map(|(role, name)| format!("{role}: {name}"))
        .collect();
    list(&mut out, &team, "Chưa có thành phần đoàn.");
    push(&mut out, &format!("## III. Đơn vị được {}\n", h.kind));
    list(&mut out, &r.units, "Không có đơn vị.");
    push(&mut out, &format!("## IV. {}\n", r.checklist.title));
    table(&mut out, &r.checklist);
    push(
        &mut out,
        "## V. Hạn chế, khuyết điểm và kết quả khắc phục\n",
    );
    push(&mut out, &format!("{}\n", esc(&r.summary)));
    push(&mut out, "## VI. Kiến nghị\n");
    list(&mut out, &r.recommendations, "");
    if let Some(lead) = &h.lead {
        push(
            &mut out,
            &format!(
                "**T/M ĐOÀN {} — TRƯỞNG ĐOÀN**<br>{}\n",
                h.kind.to_uppercase(),
                esc(lead)
            ),
        );
    }
    push(&mut out, &format!("## Phụ lục: {}\n", r.results.title));
    for (i, (unit, t)) in r.appendix.iter().enumerate() {
        push(&mut out, &format!("### {}. {}\n", i + 1, esc(unit)));
        table(&mut out, t);
    }
    for t in r.further() {
        push(&mut out, "---\n");
        push(&mut out, &format!("# {}\n", t.title.to_uppercase()));
        push(
            &mut out,
            &format!(
                "Đợt {}, tính đến ngày {}.\n",
                h.visit_code,
                format_date(r.today)
            ),
        );
        table(&mut out, t);
    }
    out
}

/// Append a block followed by a blank line.
fn push(out: &mut String, block: &str) {
    out.push_str(block.trim_end_matches('\n'));
    out.push_str("\n\n");
}

fn list(out: &mut String, items: &[String], empty: &str) {
    if items.is_empty() {
        if !empty.is_empty() {
            push(out, empty);
        }
        return;
    }
    let text: Vec<String> = items.iter().map(|s| format!("- {}", esc(s))).collect();
    push(out, &text.join("\n"));
}

/// A Markdown table, or its "empty" sentence; notes follow in italics.
fn table(out: &mut String, t: &Table) {
    if t.rows.is_empty() {
        push(out, &format!("*{}.*", t.empty));
    } else {
        let mut s = String::new();
        let head: Vec<String> = t.columns.iter().map(|c| esc(c.name)).collect();
        s.push_str(&format!("| {} |\n", head.join(" | ")));
        let rule: Vec<&str> = t
            .columns
            .iter()
            .map(|c| match c.kind {
                Kind::Int | Kind::Percent | Kind::Days => "---:",
                Kind::Date => ":---:",
                Kind::Text | Kind::Wide => "---",
            })
            .collect();
        s.push_str(&format!("|{}|\n", rule.join("|")));
        for row in &t.rows {
            s.push_str(&row_line(row, false));
        }
        if let Some(total) = &t.total {
            s.push_str(&row_line(total, true));
        }
        push(out, &s);
    }
    for n in &t.notes {
        push(out, &format!("*{}*", esc(n)));
    }
}

fn row_line(row: &[Cell], bold: bool) -> String {
    let cells: Vec<String> = row
        .iter()
        .map(|c| {
            let text = esc(&c.display());
            if bold && !text.is_empty() {
                format!("**{text}**")
            } else {
                text
            }
        })
        .collect();
    format!("| {} |\n", cells.join(" | "))
}

/// Make text safe inside a table cell: escape `\`, `|` and `<` (no stray
/// HTML), keep line breaks as `<br>`.
fn esc(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('<', "\\<")
        .replace('\n', "<br>")
}
