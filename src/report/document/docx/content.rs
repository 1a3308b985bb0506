//! The parts of a Party document as Word paragraphs and tables: the head
//! and the signature as borderless two-column tables, the body's blocks,
//! bordered tables whose header rows repeat on each page.

use docx_rs::{
    AlignmentType, BreakType, HeightRule, LineSpacing, Paragraph, Run, SpecialIndentType, Table,
    TableCell, TableLayoutType, TableRow, VMergeType, WidthType,
};

use super::{Item, grid, para};
use crate::report::document::{
    Align, Appendix, Block, Cell, Kind, Level, PARTY_TITLE, PartyDocument, Span, align, cell_text,
    printable,
};

/// Sizes in half-points, as Party documents are commonly printed: the
/// Party's title 15 pt, the type of document 16, recipients and notes 12,
/// tables 13 (not checked against the text of HD 36, which was not at hand;
/// the body's 14 is inside the 13–14 it allows).
const TITLE_SIZE: usize = 30;
const KIND_SIZE: usize = 32;
const SMALL_SIZE: usize = 24;
const TABLE_SIZE: usize = 26;
/// First-line indent of body paragraphs: 10 mm.
const INDENT: i32 = 567;

/// The main document: head, type and trích yếu, body, signature.
pub(super) fn main(doc: &PartyDocument, width: u32) -> Vec<Item> {
    let mut items = vec![grid(head(doc, width))];
    items.push(para(
        centred()
            .line_spacing(LineSpacing::new().before(240).after(0))
            .add_run(text(&doc.kind.to_uppercase()).size(KIND_SIZE).bold()),
    ));
    items.push(para(
        centred()
            .line_spacing(LineSpacing::new().after(0))
            .add_run(text(&doc.summary).bold()),
    ));
    items.push(para(centred().add_run(text("-----"))));
    blocks(&mut items, &doc.body, width);
    // A blank line between the last paragraph and the signature.
    items.push(para(Paragraph::new()));
    items.push(grid(signature(doc, width)));
    items
}

/// An appendix: its label, title and note centred, then its blocks.
pub(super) fn appendix(label: &str, a: &Appendix, width: u32, page_break: bool) -> Vec<Item> {
    let mut items = vec![para(
        centred()
            .page_break_before(page_break)
            .add_run(text(label).bold()),
    )];
    items.push(para(centred().add_run(text(&a.title).bold())));
    if let Some(note) = &a.note {
        items.push(para(centred().add_run(text(note).italic())));
    }
    blocks(&mut items, &a.body, width);
    items
}

/// A run of text; line breaks inside it become breaks, control characters
/// go (docx-rs escapes markup but would pass them on, and XML forbids them).
fn text(s: &str) -> Run {
    let mut run = Run::new();
    for (i, line) in printable(s).split('\n').enumerate() {
        if i > 0 {
            run = run.add_break(BreakType::TextWrapping);
        }
        run = run.add_text(line);
    }
    run
}

fn centred() -> Paragraph {
    Paragraph::new().align(AlignmentType::Center)
}

/// Body text: justified, first line indented 10 mm.
fn body_paragraph() -> Paragraph {
    Paragraph::new().align(AlignmentType::Both).indent(
        None,
        Some(SpecialIndentType::FirstLine(INDENT)),
        None,
        None,
    )
}

/// A paragraph inside a table: no space after, so rows stay tight.
fn tight(a: AlignmentType) -> Paragraph {
    Paragraph::new()
        .align(a)
        .line_spacing(LineSpacing::new().before(0).after(0))
}

fn blocks(items: &mut Vec<Item>, blocks: &[Block], width: u32) {
    for b in blocks {
        match b {
            Block::Heading(h) => {
                let run = text(&format!("{} {}", h.number, h.text));
                let run = emphasis(run, true, h.level == Level::Point);
                items.push(para(body_paragraph().keep_next(true).add_run(run)));
            }
            Block::Paragraph(p) => {
                let start = if p.first_line_indent {
                    body_paragraph()
                } else {
                    Paragraph::new().align(AlignmentType::Both)
                };
                items.push(para(
                    p.spans.iter().fold(start, |acc, s| acc.add_run(span(s))),
                ));
            }
            Block::List(l) => {
                for item in &l.items {
                    let line = format!("{} {item}", l.marker.sign());
                    items.push(para(body_paragraph().add_run(text(&line))));
                }
            }
            Block::Table(t) => table(items, t, width),
            Block::Note(n) => items.push(para(
                Paragraph::new()
                    .align(AlignmentType::Both)
                    .add_run(text(n).italic().size(SMALL_SIZE)),
            )),
        }
    }
}

fn span(s: &Span) -> Run {
    emphasis(text(&s.text), s.bold, s.italic)
}

fn emphasis(run: Run, bold: bool, italic: bool) -> Run {
    let run = if bold { run.bold() } else { run };
    if italic { run.italic() } else { run }
}

/// The head: issuer over the number on the left, the Party's title over
/// the place and date on the right, in a table without borders.
fn head(doc: &PartyDocument, width: u32) -> Table {
    let h = &doc.head;
    let mut issuer = TableCell::new();
    for line in h.issuer_lines() {
        let run = emphasis(text(&line.text), line.bold, false);
        issuer = issuer.add_paragraph(tight(AlignmentType::Center).add_run(run));
    }
    let title = TableCell::new().add_paragraph(
        tight(AlignmentType::Center).add_run(
            text(PARTY_TITLE)
                .size(TITLE_SIZE)
                .bold()
                .underline("single"),
        ),
    );
    let number = TableCell::new()
        .add_paragraph(tight(AlignmentType::Center).add_run(text(&h.number.line())));
    let date = TableCell::new()
        .add_paragraph(tight(AlignmentType::Center).add_run(text(&h.place_date()).italic()));
    two_columns(width, 45, vec![[issuer, title], [number, date]], false)
}

/// Recipients on the left in small print, the signature on the right with
/// room for the signature and the seal.
fn signature(doc: &PartyDocument, width: u32) -> Table {
    let mut to = TableCell::new()
        .add_paragraph(tight(AlignmentType::Left).add_run(text("Nơi nhận:").underline("single")));
    for line in doc.recipients.lines() {
        to = to.add_paragraph(tight(AlignmentType::Left).add_run(text(&line).size(SMALL_SIZE)));
    }
    let s = &doc.signature;
    let mut by = TableCell::new();
    for line in s.title_lines() {
        by = by.add_paragraph(tight(AlignmentType::Center).add_run(text(&line).bold()));
    }
    for _ in 0..4 {
        by = by.add_paragraph(tight(AlignmentType::Center));
    }
    by = by.add_paragraph(tight(AlignmentType::Center).add_run(text(&s.name).bold()));
    two_columns(width, 45, vec![[to, by]], true)
}

/// A borderless table of two columns, the left one `left_pct` of the width;
/// `whole` keeps each row on one page (a signature is never split from its
/// name).
fn two_columns(width: u32, left_pct: u32, rows: Vec<[TableCell; 2]>, whole: bool) -> Table {
    let left = width * left_pct / 100;
    let widths = [left as usize, (width - left) as usize];
    let rows = rows
        .into_iter()
        .map(|cells| {
            let row = TableRow::new(
                cells
                    .into_iter()
                    .zip(widths)
                    .map(|(c, w)| c.width(w, WidthType::Dxa))
                    .collect(),
            );
            if whole { row.cant_split() } else { row }
        })
        .collect();
    // Every border set to nil rather than left out (`Table::without_borders`),
    // so that no table style a reader applies can draw one.
    Table::new(rows)
        .clear_all_border()
        .set_grid(widths.to_vec())
        .width(width as usize, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
}

/// Relative widths of columns by what they hold.
fn weight(kind: Kind) -> u32 {
    match kind {
        Kind::Wide => 8,
        Kind::Text | Kind::Date => 3,
        Kind::Int | Kind::Percent | Kind::Days => 2,
    }
}

fn table(items: &mut Vec<Item>, t: &crate::report::document::Table, width: u32) {
    if let Some(title) = &t.title {
        items.push(para(centred().keep_next(true).add_run(text(title).bold())));
    }
    if t.rows.is_empty() {
        items.push(para(body_paragraph().add_run(text(&t.empty).italic())));
        return;
    }
    let total: u32 = t.columns.iter().map(|c| weight(c.kind)).sum::<u32>().max(1);
    let widths: Vec<usize> = t
        .columns
        .iter()
        .map(|c| (width * weight(c.kind) / total) as usize)
        .collect();
    let mut rows = header_rows(t, &widths);
    for row in &t.rows {
        rows.push(body_row(t, row, &widths, false));
    }
    if let Some(total) = &t.total {
        rows.push(body_row(t, total, &widths, true));
    }
    items.push(grid(
        Table::new(rows)
            .set_grid(widths)
            .width(width as usize, WidthType::Dxa)
            .layout(TableLayoutType::Fixed),
    ));
}

fn header_cell(title: &str, width: usize) -> TableCell {
    TableCell::new()
        .width(width, WidthType::Dxa)
        .vertical_align(docx_rs::VAlignType::Center)
        .add_paragraph(tight(AlignmentType::Center).add_run(text(title).bold().size(TABLE_SIZE)))
}

/// The header: one row of column titles, or a row of groups over it.
fn header_rows(t: &crate::report::document::Table, widths: &[usize]) -> Vec<TableRow> {
    if !t.has_groups() {
        let cells = t
            .columns
            .iter()
            .zip(widths)
            .map(|(c, &w)| header_cell(&c.title, w))
            .collect();
        return vec![header_row(cells)];
    }
    let (mut top, mut bottom, mut start) = (Vec::new(), Vec::new(), 0);
    for g in &t.groups {
        let cols = &t.columns[start..start + g.span];
        let ws = &widths[start..start + g.span];
        if g.title.is_empty() && g.span == 1 {
            top.push(header_cell(&cols[0].title, ws[0]).vertical_merge(VMergeType::Restart));
            bottom.push(header_cell("", ws[0]).vertical_merge(VMergeType::Continue));
        } else {
            top.push(header_cell(&g.title, ws.iter().sum()).grid_span(g.span));
            for (c, &w) in cols.iter().zip(ws) {
                bottom.push(header_cell(&c.title, w));
            }
        }
        start += g.span;
    }
    vec![header_row(top), header_row(bottom)]
}

fn body_row(
    t: &crate::report::document::Table,
    row: &[Cell],
    widths: &[usize],
    bold: bool,
) -> TableRow {
    let cells = t
        .columns
        .iter()
        .zip(row)
        .zip(widths)
        .map(|((c, cell), &w)| {
            let a = match align(c.kind) {
                Align::Left => AlignmentType::Left,
                Align::Center => AlignmentType::Center,
                Align::Right => AlignmentType::Right,
            };
            let run = emphasis(text(&cell_text(cell)).size(TABLE_SIZE), bold, false);
            TableCell::new()
                .width(w, WidthType::Dxa)
                .add_paragraph(tight(a).add_run(run))
        })
        .collect();
    // A row stays on one page, as in the HTML.
    TableRow::new(cells).cant_split()
}

/// A row that repeats at the top of each page the table runs over.
/// docx-rs 0.4.22 cannot write `w:tblHeader`, so the row carries a height
/// of zero with the rule "auto" — meaning nothing to Word, and set on no
/// other row — which [`repeat_header_rows`] replaces in the finished XML.
fn header_row(cells: Vec<TableCell>) -> TableRow {
    TableRow::new(cells)
        .cant_split()
        .row_height(0.0)
        .height_rule(HeightRule::Auto)
}

/// The XML docx-rs writes for the marker of [`header_row`].
const HEADER_MARK: &[u8] = b"<w:trHeight w:val=\"0\" w:hRule=\"auto\" />";

/// Turns the marker of [`header_row`] into `w:tblHeader`. Text never holds
/// a raw `<`, so the marker cannot be mistaken.
pub(super) fn repeat_header_rows(document: &[u8]) -> Vec<u8> {
    const REPEAT: &[u8] = b"<w:tblHeader />";
    let mut out = Vec::with_capacity(document.len() + 256);
    let mut rest = document;
    while let Some(i) = rest
        .windows(HEADER_MARK.len())
        .position(|w| w == HEADER_MARK)
    {
        out.extend_from_slice(&rest[..i]);
        out.extend_from_slice(REPEAT);
        rest = &rest[i + HEADER_MARK.len()..];
    }
    out.extend_from_slice(rest);
    out
}
