//! The report as one UTF-8 CSV (with a BOM, as every CSV we write, so Excel
//! reads the diacritics):
//! the tables one after the other, each preceded by a title row and followed
//! by its notes, separated by a blank line.

use super::{Cell, Report, ReportError, Table};
use crate::domain::text::spreadsheet_text;

/// All tables of the report in one CSV.
pub(super) fn render(r: &Report) -> Result<Vec<u8>, ReportError> {
    let mut out = crate::csv_file::BOM.as_bytes().to_vec();
    for (i, (_, t)) in r.tables().into_iter().enumerate() {
        if i > 0 {
            out.push(b'\n');
        }
        out.extend(table(&format!("{} — {}", t.title, r.header.visit_code), t)?);
    }
    Ok(out)
}

fn table(title: &str, t: &Table) -> Result<Vec<u8>, ReportError> {
    let mut w = ::csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    w.write_record([spreadsheet_text(title).as_bytes()])?;
    w.write_record(t.columns.iter().map(|c| c.name))?;
    for row in t.rows.iter().chain(t.total.iter()) {
        w.write_record(row.iter().map(plain))?;
    }
    if t.rows.is_empty() {
        w.write_record([t.empty])?;
    }
    for n in &t.notes {
        w.write_record([spreadsheet_text(n).as_bytes()])?;
    }
    w.into_inner()
        .map_err(|e| ReportError::Csv(::csv::Error::from(e.into_error())))
}

/// Counts without thousands separators (a "1.234" would read as a
/// decimal); text that a spreadsheet would take for a formula neutralised.
fn plain(c: &Cell) -> String {
    match c {
        Cell::Int(n) => n.to_string(),
        Cell::Text(s) => spreadsheet_text(s).into_owned(),
        other => other.display(),
    }
}
