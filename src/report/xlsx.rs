//! The report as an XLSX workbook: one sheet per table, header row bold and
//! frozen, an autofilter over the data rows, real dates (dd/mm/yyyy) and
//! percentages (0.00%), column widths fitted to the Vietnamese text.

use chrono::Datelike;
use rust_xlsxwriter::{ExcelDateTime, Format, FormatBorder, Workbook, Worksheet, XlsxError};

use super::{Cell, Kind, Report, ReportError, Table};
use crate::domain::text::width;

/// Widest a text column gets before it wraps.
const MAX_TEXT: usize = 30;
const MAX_WIDE: usize = 60;

/// The workbook's bytes.
pub(super) fn render(r: &Report) -> Result<Vec<u8>, ReportError> {
    let mut book = Workbook::new();
    let styles = Styles::new();
    for (name, t) in r.tables() {
        let sheet = book.add_worksheet();
        sheet.set_name(name)?;
        write_table(sheet, t, &styles)?;
    }
    Ok(book.save_to_buffer()?)
}

/// Cell formats by column kind, plain and bold (the total row).
struct Styles {
    header: Format,
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
            // Positive: days late; negative: days left; zero: due today.
            base.clone()
                .set_num_format("0;\"còn \"0\" ngày\";\"đến hạn hôm nay\""),
        ];
        Styles {
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

fn write_table(sheet: &mut Worksheet, t: &Table, s: &Styles) -> Result<(), XlsxError> {
    let last_col = u16::try_from(t.columns.len().saturating_sub(1)).unwrap_or(u16::MAX);
    for (c, column) in (0u16..).zip(&t.columns) {
        sheet.write_string_with_format(0, c, column.name, &s.header)?;
        sheet.set_column_width(c, fitted_width(t, usize::from(c)))?;
    }
    sheet.set_freeze_panes(1, 0)?;
    let mut row: u32 = 1;
    for cells in &t.rows {
        write_row(sheet, row, t, cells, &s.plain)?;
        row += 1;
    }
    sheet.autofilter(0, 0, row - 1, last_col)?;
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
            Cell::Days(n) => sheet.write_number_with_format(row, c, *n as f64, f)?,
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
            Cell::Days(n) if *n <= 0 => width(&cell.display()),
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
