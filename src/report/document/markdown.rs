//! A Party document as Markdown (CommonMark with GitHub tables): the head
//! and the signature as two-column tables, numbered headings, pipe tables.
//! Every piece of text is escaped so that it stays text.

use super::{
    Align, Appendix, Block, Heading, Level, PARTY_TITLE, PartyDocument, Span, Table, align,
    cell_text, printable,
};

/// The whole document.
pub(super) fn render(doc: &PartyDocument) -> String {
    let mut out = String::new();
    head(&mut out, doc);
    push(&mut out, &format!("# {}", text(&doc.kind.to_uppercase())));
    push(&mut out, &format!("**{}**", text(&doc.summary)));
    blocks(&mut out, &doc.body);
    signature(&mut out, doc);
    for (i, a) in doc.appendices.iter().enumerate() {
        appendix(&mut out, &doc.appendix_label(i), a);
    }
    out
}

/// The head as a two-column table: issuer and number on the left, the
/// Party's title and the place and date on the right.
fn head(out: &mut String, doc: &PartyDocument) {
    let h = &doc.head;
    let issuer: Vec<String> = h
        .issuer_lines()
        .iter()
        .map(|l| emphasis(&cell(&l.text), l.bold, false))
        .collect();
    push(
        out,
        &format!(
            "| {} | **<u>{PARTY_TITLE}</u>** |\n|:---:|:---:|\n| {} | *{}* |",
            issuer.join("<br>"),
            cell(&h.number.line()),
            cell(&h.place_date())
        ),
    );
}

fn blocks(out: &mut String, blocks: &[Block]) {
    for b in blocks {
        match b {
            Block::Heading(h) => heading(out, h),
            Block::Paragraph(p) => push(out, &spans(&p.spans)),
            Block::List(l) => {
                let items: Vec<String> = l.items.iter().map(|i| format!("- {}", text(i))).collect();
                push(out, &items.join("\n"));
            }
            Block::Table(t) => table(out, t),
            Block::Note(n) => push(out, &emphasis(&text(n), false, true)),
        }
    }
}

fn heading(out: &mut String, h: &Heading) {
    let marks = match h.level {
        Level::Part => "##",
        Level::Section => "###",
        Level::Point => "####",
    };
    push(out, &format!("{marks} {} {}", h.number, cell(&h.text)));
}

fn spans(spans: &[Span]) -> String {
    spans
        .iter()
        .map(|s| emphasis(&text(&s.text), s.bold, s.italic))
        .collect()
}

/// Wraps escaped text in emphasis, keeping spaces outside the delimiters
/// (`** a**` would not be bold).
fn emphasis(escaped: &str, bold: bool, italic: bool) -> String {
    let marks = match (bold, italic) {
        (true, true) => "***",
        (true, false) => "**",
        (false, true) => "*",
        (false, false) => return escaped.to_string(),
    };
    let core = escaped.trim();
    if core.is_empty() {
        return escaped.to_string();
    }
    let start = escaped.len() - escaped.trim_start().len();
    let end = start + core.len();
    format!(
        "{}{marks}{core}{marks}{}",
        &escaped[..start],
        &escaped[end..]
    )
}

fn table(out: &mut String, t: &Table) {
    if let Some(title) = &t.title {
        push(out, &format!("**{}**", text(title)));
    }
    if t.rows.is_empty() {
        push(out, &emphasis(&text(&t.empty), false, true));
        return;
    }
    let head: Vec<String> = (0..t.columns.len())
        .map(|i| cell(&t.flat_title(i)))
        .collect();
    let rule: Vec<&str> = t
        .columns
        .iter()
        .map(|c| match align(c.kind) {
            Align::Left => "---",
            Align::Center => ":---:",
            Align::Right => "---:",
        })
        .collect();
    let mut s = format!("| {} |\n|{}|\n", head.join(" | "), rule.join("|"));
    // Cells past the header's would be dropped by GitHub and kept by others.
    let width = t.columns.len();
    for row in &t.rows {
        let cells: Vec<String> = row
            .iter()
            .take(width)
            .map(|c| cell(&cell_text(c)))
            .collect();
        s.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    if let Some(total) = &t.total {
        let cells: Vec<String> = total
            .iter()
            .take(width)
            .map(|c| emphasis(&cell(&cell_text(c)), true, false))
            .collect();
        s.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    push(out, &s);
}

/// Recipients on the left, the signature on the right, as a table whose
/// only row is its header.
fn signature(out: &mut String, doc: &PartyDocument) {
    let mut left = vec!["<u>Nơi nhận:</u>".to_string()];
    left.extend(doc.recipients.lines().iter().map(|l| cell(l)));
    let s = &doc.signature;
    let mut right: Vec<String> = s
        .title_lines()
        .iter()
        .map(|l| format!("**{}**", cell(l)))
        .collect();
    // Room for the signature and the seal.
    right.extend(["", "", ""].map(String::from));
    right.push(format!("**{}**", cell(&s.name)));
    push(
        out,
        &format!(
            "| {} | {} |\n|:---|:---:|",
            left.join("<br>"),
            right.join("<br>")
        ),
    );
}

fn appendix(out: &mut String, label: &str, a: &Appendix) {
    push(out, "---");
    push(out, &format!("## {label}"));
    push(out, &format!("**{}**", text(&a.title)));
    if let Some(note) = &a.note {
        push(out, &emphasis(&text(note), false, true));
    }
    blocks(out, &a.body);
}

/// Appends a block followed by a blank line.
fn push(out: &mut String, block: &str) {
    out.push_str(block.trim_end_matches('\n'));
    out.push_str("\n\n");
}

/// Text of a paragraph: line breaks become hard breaks, and each line may
/// start a block.
fn text(s: &str) -> String {
    lines(s, "\\\n", true)
}

/// Text inside a table cell or a heading, which must stay on one line and
/// cannot open a block.
fn cell(s: &str) -> String {
    lines(s, "<br>", false)
}

fn lines(s: &str, joint: &str, block_start: bool) -> String {
    printable(s)
        .split('\n')
        .map(|l| line(l, block_start))
        .collect::<Vec<_>>()
        .join(joint)
}

/// One line made inert: inline markup characters are backslash-escaped
/// everywhere (CommonMark allows escaping any ASCII punctuation), and, where
/// the line starts a block, what would open one — a list item, an ordered
/// item, a setext underline, an indented code block — is neutralised.
fn line(l: &str, block_start: bool) -> String {
    let l = if block_start { l.trim_start() } else { l };
    let mut out = String::with_capacity(l.len() + 8);
    if block_start && l.starts_with(['-', '+', '=']) {
        out.push('\\');
    }
    // "1. " or "1) " would open an ordered list; "14.357" would not.
    let chars: Vec<char> = l.chars().collect();
    let digits = chars.iter().take_while(|c| c.is_ascii_digit()).count();
    let ordered_at = (block_start
        && digits > 0
        && matches!(chars.get(digits), Some('.' | ')'))
        && chars.get(digits + 1).is_none_or(|c| c.is_whitespace()))
    .then_some(digits);
    for (i, &c) in chars.iter().enumerate() {
        let ordered = ordered_at == Some(i);
        if ordered
            || matches!(
                c,
                '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '&'
            )
        {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_stays_text() {
        assert_eq!(line("# a | b", true), "\\# a \\| b");
        assert_eq!(line("- x", true), "\\- x");
        assert_eq!(line("12. x", true), "12\\. x");
        assert_eq!(line("14.357 đảng viên", true), "14.357 đảng viên");
        assert_eq!(line("Tỷ lệ 22,06%", true), "Tỷ lệ 22,06%");
        assert_eq!(line("<b>&amp;</b>", true), "\\<b\\>\\&amp;\\</b\\>");
        assert_eq!(cell("a\nb\u{1b}[31m"), "a<br>b\\[31m");
        assert_eq!(cell("- Lưu"), "- Lưu");
    }

    #[test]
    fn emphasis_keeps_spaces_outside() {
        assert_eq!(emphasis(" Ưu điểm: ", true, false), " **Ưu điểm:** ");
        assert_eq!(emphasis("  ", true, false), "  ");
    }
}
