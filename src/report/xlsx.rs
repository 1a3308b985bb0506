//! The report as an XLSX workbook: one sheet per table, each under the
//! document's head block (the body above and the team on the left, the
//! Party's title and the place and date on the right) and its title rows;
//! the column header bold, frozen and repeated on every printed page; A4
//! landscape, fitted to the page's width, numbered; an autofilter over the
//! data rows, real dates (dd/mm/yyyy) and shares (0.00%), days as plain
//! numbers, column widths fitted to the Vietnamese text.

use chrono::Datelike;
use rust_xlsxwriter::{ExcelDateTime, Format, FormatBorder, Workbook, Worksheet, XlsxError};

use super::document::PARTY_TITLE;
use super::{Cell, Kind, Report, ReportError, Table, party};
use crate::domain::date::{format_date, long_date_vi};
use crate::domain::text::width;

/// The row of the column header: under the head block (rows 0–2) and the
/// title rows (4–5).
const HEADER_ROW: u32 = 7;
/// Paper size code of A4 in the spreadsheet's page setup.
const A4: u8 = 9;

/// What the head block and title rows of every sheet say.
struct Head {
    upper_body: String,
    team: String,
    place_date: String,
    /// "Giám sát việc khắc phục …, tại …, tính đến ngày 20/11/2026".
    subtitle: String,
}

fn head(r: &Report) -> Head {
    let f = &r.party;
    let team = match f.kind {
        crate::domain::VisitKind::Inspection => "ĐOÀN KIỂM TRA",
        _ => "ĐOÀN GIÁM SÁT",
    };
    let mut subtitle = capitalized(&party::subject(&f.title, f.kind));
    if let Some(u) = &r.header.unit {
        subtitle.push_str(&format!(" tại {u}"));
    }
    subtitle.push_str(&format!(" (tính đến ngày {})", format_date(r.today)));
    Head {
        upper_body: party::upper_body(&f.issuer)
            .unwrap_or_default()
            .to_uppercase(),
        team: team.to_string(),
        place_date: long_date_vi(&f.place, r.today),
        subtitle,
    }
}

fn capitalized(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Widest a text column gets before it wraps.
const MAX_TEXT: usize = 30;
const MAX_WIDE: usize = 60;

/// The workbook's bytes.
pub(super) fn render(r: &Report) -> Result<Vec<u8>, ReportError> {
    let mut book = Workbook::new();
    let styles = Styles::new();
    let h = head(r);
    for (name, t) in r.tables() {
        let sheet = book.add_worksheet();
        sheet.set_name(name)?;
        write_head(sheet, t, &h, &styles)?;
        write_table(sheet, t, &styles)?;
        page_setup(sheet)?;
    }
    Ok(book.save_to_buffer()?)
}

/// Cell formats by column kind, plain and bold (the total row).
struct Styles {
    header: Format,
    /// Head block and title rows, centred across their columns.
    centre: Format,
    centre_bold: Format,
    centre_italic: Format,
    title: Format,
    plain: [Format; 6],
    bold: [Format; 6],
}

fn slot(kind: Kind) -> usize {
    match kind {
        Kind::Text => 0,
        Kind::Wide => 1,
        Kind::Int => 2,
        Kind::Date => 3,
        Kind::Percent => 4,
        Kind::Days => 5,
    }
}

impl Styles {
    fn new() -> Styles {
        let base = Format::new()
            .set_border(FormatBorder::Thin)
            .set_align(rust_xlsxwriter::FormatAlign::Top);
        let kinds = [
            base.clone().set_text_wrap(),
            base.clone().set_text_wrap(),
            base.clone(),
            base.clone().set_num_format("dd/mm/yyyy"),
            base.clone().set_num_format("0.00%"),
            // A count of days; cells where there is none stay blank.
            base.clone().set_num_format("0"),
        ];
        let centre = Format::new().set_align(rust_xlsxwriter::FormatAlign::Center);
        Styles {
            centre_bold: centre.clone().set_bold(),
            centre_italic: centre.clone().set_italic(),
            title: centre.clone().set_bold().set_font_size(14),
            centre,
            header: base
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_align(rust_xlsxwriter::FormatAlign::Center),
            bold: kinds.clone().map(Format::set_bold),
            plain: kinds,
        }
    }
}

/// Writes `text` over columns `first..=last` of `row`, merged when they are several.
fn across(
    sheet: &mut Worksheet,
    row: u32,
    (first, last): (u16, u16),
    text: &str,
    f: &Format,
) -> Result<(), XlsxError> {
    if last > first {
        sheet.merge_range(row, first, row, last, text, f)?;
    } else {
        sheet.write_string_with_format(row, first, text, f)?;
    }
    Ok(())
}

/// The head block (left: the body above and the team, `*`; right: the
/// Party's title, the place and date) and the title rows.
fn write_head(sheet: &mut Worksheet, t: &Table, h: &Head, s: &Styles) -> Result<(), XlsxError> {
    let last = u16::try_from(t.columns.len().saturating_sub(1)).unwrap_or(u16::MAX);
    let (left, right) = if last == 0 {
        ((0, 0), (0, 0))
    } else {
        let mid = last.div_ceil(2);
        ((0, mid - 1), (mid, last))
    };
    let mut put = |row, cols, text: &str, f| -> Result<(), XlsxError> {
        if !text.is_empty() {
            across(sheet, row, cols, text, f)?;
        }
        Ok(())
    };
    if last == 0 {
        put(0, left, &h.upper_body, &s.centre)?;
        put(1, left, &h.team, &s.centre_bold)?;
        put(2, left, PARTY_TITLE, &s.centre_bold)?;
        put(3, left, &h.place_date, &s.centre_italic)?;
    } else {
        put(0, left, &h.upper_body, &s.centre)?;
        put(1, left, &h.team, &s.centre_bold)?;
        put(2, left, "*", &s.centre)?;
        put(0, right, PARTY_TITLE, &s.centre_bold)?;
        put(1, right, &h.place_date, &s.centre_italic)?;
    }
    put(4, (0, last), &t.title.to_uppercase(), &s.title)?;
    put(5, (0, last), &h.subtitle, &s.centre_italic)?;
    Ok(())
}

/// A4 landscape, one page wide, the column header on every page, page
/// numbers in the footer.
fn page_setup(sheet: &mut Worksheet) -> Result<(), XlsxError> {
    sheet
        .set_paper_size(A4)
        .set_landscape()
        .set_print_fit_to_pages(1, 0)
        .set_print_center_horizontally(true)
        .set_footer("&CTrang &P/&N");
    sheet.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
    Ok(())
}

fn write_table(sheet: &mut Worksheet, t: &Table, s: &Styles) -> Result<(), XlsxError> {
    let last_col = u16::try_from(t.columns.len().saturating_sub(1)).unwrap_or(u16::MAX);
    for (c, column) in (0u16..).zip(&t.columns) {
        sheet.write_string_with_format(HEADER_ROW, c, column.name, &s.header)?;
        sheet.set_column_width(c, fitted_width(t, usize::from(c)))?;
    }
    sheet.set_freeze_panes(HEADER_ROW + 1, 0)?;
    let mut row: u32 = HEADER_ROW + 1;
    for cells in &t.rows {
        write_row(sheet, row, t, cells, &s.plain)?;
        row += 1;
    }
    sheet.autofilter(HEADER_ROW, 0, row - 1, last_col)?;
    if t.rows.is_empty() {
        sheet.write_string(row, 0, t.empty)?;
        row += 1;
    }
    if let Some(total) = &t.total {
        write_row(sheet, row, t, total, &s.bold)?;
        row += 1;
    }
    for note in &t.notes {
        row += 1;
        sheet.write_string(row, 0, note)?;
    }
    Ok(())
}

fn write_row(
    sheet: &mut Worksheet,
    row: u32,
    t: &Table,
    cells: &[Cell],
    formats: &[Format; 6],
) -> Result<(), XlsxError> {
    for ((c, column), cell) in (0u16..).zip(&t.columns).zip(cells) {
        let f = &formats[slot(column.kind)];
        match cell {
            Cell::Text(text) => sheet.write_string_with_format(row, c, text, f)?,
            Cell::Int(n) => sheet.write_number_with_format(row, c, *n as f64, f)?,
            Cell::Date(d) => match excel_date(*d) {
                Some(x) => sheet.write_datetime_with_format(row, c, &x, f)?,
                None => sheet.write_string_with_format(row, c, cell.display(), f)?,
            },
            Cell::Percent { den: 0, .. } => sheet.write_string_with_format(row, c, "—", f)?,
            Cell::Percent { num, den } => {
                sheet.write_number_with_format(row, c, *num as f64 / *den as f64, f)?
            }
            Cell::Days(n) if *n > 0 => sheet.write_number_with_format(row, c, *n as f64, f)?,
            Cell::Days(_) => sheet.write_blank(row, c, f)?,
        };
    }
    Ok(())
}

fn excel_date(d: chrono::NaiveDate) -> Option<ExcelDateTime> {
    let year = u16::try_from(d.year()).ok()?;
    let month = u8::try_from(d.month()).ok()?;
    let day = u8::try_from(d.day()).ok()?;
    ExcelDateTime::from_ymd(year, month, day).ok()
}

/// Column width in characters: the widest line of the header or any cell
/// (measured in display cells, so diacritics do not count), capped for text.
fn fitted_width(t: &Table, c: usize) -> f64 {
    let kind = t.columns[c].kind;
    let longest_line = |s: &str| s.lines().map(width).max().unwrap_or(0);
    let header = t.columns[c]
        .name
        .split_whitespace()
        .map(width)
        .max()
        .unwrap_or(0)
        .max(longest_line(t.columns[c].name).min(16));
    let content = t
        .rows
        .iter()
        .chain(t.total.iter())
        .filter_map(|r| r.get(c))
        .map(|cell| match cell {
            Cell::Date(_) => 10,
            _ => longest_line(&cell.display()),
        })
        .max()
        .unwrap_or(0);
    let cap = match kind {
        Kind::Wide => MAX_WIDE,
        Kind::Text => MAX_TEXT,
        Kind::Int | Kind::Date | Kind::Percent | Kind::Days => usize::MAX,
    };
    let w = header.max(content).min(cap) + 2;
    f64::from(u32::try_from(w).unwrap_or(u32::MAX))
}
