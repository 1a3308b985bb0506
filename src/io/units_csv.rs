//! Units from CSV as people keep them in Excel: UTF-8 with or without BOM,
//! `,` or `;`, CRLF or LF, Vietnamese or English headers, kinds and sectors
//! by their Vietnamese names (any case, diacritics optional) or short codes.
//! This module reads the rows; `merge` compares them with the database: a
//! new code adds a unit, a known one updates the columns the file has.

mod merge;

use std::collections::HashMap;

use chrono::NaiveDate;

use super::import::{Outcome, Staged};
use super::{ImportError, Result};
use crate::domain::date::format_date;
use crate::domain::label::Labelled;
use crate::domain::text::{clean, fold, rules};
use crate::domain::{Change, Sector, Unit, UnitKind, new_id};
use crate::i18n::Msg;
use crate::store::Store;

/// The columns, with the header names accepted for each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Code,
    Name,
    Parent,
    Kind,
    Sector,
    Secretary,
    Members,
    ValidFrom,
    ValidTo,
    Successor,
}

const COLUMNS: &[(Col, &[&str])] = &[
    (Col::Code, &["ma", "code", "ma_don_vi"]),
    (Col::Name, &["ten", "name", "ten_don_vi"]),
    (Col::Parent, &["ma_cap_tren", "parent", "cap_tren"]),
    (Col::Kind, &["loai", "kind", "loai_to_chuc"]),
    (Col::Sector, &["linh_vuc", "sector", "loai_hinh"]),
    (Col::Secretary, &["bi_thu", "secretary"]),
    (Col::Members, &["so_dang_vien", "members"]),
    (Col::ValidFrom, &["hieu_luc_tu", "valid_from"]),
    (Col::ValidTo, &["hieu_luc_den", "valid_to"]),
    (Col::Successor, &["ke_thua", "successor", "sap_nhap_vao"]),
];

/// A header cell as compared with the accepted names: folded, and every
/// run of other characters a `_`.
pub(super) fn header_name(h: &str) -> String {
    fold(h)
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '_' })
        .collect::<String>()
        .trim_matches('_')
        .to_string()
}

fn column_of(h: &str) -> Option<Col> {
    let key = header_name(h);
    COLUMNS
        .iter()
        .find(|(_, names)| names.contains(&key.as_str()))
        .map(|(c, _)| *c)
}

/// `column N (name)` of a column present in the header.
fn column_label(cols: &[Col], c: Col) -> String {
    match cols.iter().position(|x| *x == c) {
        Some(i) => Msg::IoColumnNamed.fill(&[&(i + 1), &col_name(c)]),
        None => Msg::IoColumn.fill(&[&col_name(c)]),
    }
}

fn col_name(c: Col) -> &'static str {
    COLUMNS
        .iter()
        .find(|(x, _)| *x == c)
        .map_or("", |(_, n)| n[0])
}

/// Pick `;` when the header line has more of them than commas (outside quotes).
pub(super) fn delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    let (mut commas, mut semis, mut quoted) = (0, 0, false);
    for c in first.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => commas += 1,
            ';' if !quoted => semis += 1,
            _ => {}
        }
    }
    if semis > commas { b';' } else { b',' }
}

/// One row: its line, the unit it describes (a new id; parent and
/// successor by code, resolved later), and the codes with where they are.
struct Row {
    line: u64,
    unit: Unit,
    parent_code: Option<(String, String)>,
    successor_code: Option<(String, String)>,
}

/// Read a units CSV and compare it with the database and the files before
/// it: new codes are added, known ones get the values of the columns the
/// file has, unchanged rows do nothing, units not in the file are left
/// alone.
///
/// # Errors
/// The first problem, with file, line and column; or the database cannot
/// be read.
pub fn read(
    store: &Store,
    name: &str,
    text: &str,
    staged: &mut Staged,
) -> Result<(Outcome, Vec<Change>)> {
    let (cols, rows) = rows(name, text)?;
    merge::changes(store, name, &cols, rows, staged)
}

/// How a CSV kind names its columns: the column a header cell names, a
/// column's name in messages, the columns it must have, and the message
/// for a header cell it does not know (`{0}` the cell, `{1}` a hint).
pub(super) struct Header<'a, C> {
    pub of: fn(&str) -> Option<C>,
    pub name: fn(C) -> &'static str,
    pub required: &'a [C],
    pub unknown: Msg,
}

/// The columns the header row names, each once, the required ones there;
/// else the cell (line 1, its column) and what is wrong with it.
pub(super) fn columns<C: Copy + PartialEq>(
    file: &str,
    header: &csv::StringRecord,
    h: &Header<'_, C>,
) -> Result<Vec<C>, ImportError> {
    let mut cols: Vec<C> = Vec::new();
    for (i, cell) in header.iter().enumerate() {
        let column = Msg::IoColumnNamed.fill(&[&(i + 1), &cell.trim()]);
        let Some(c) = (h.of)(cell) else {
            let hint = if cell.contains(',') || cell.contains(';') {
                Msg::CsvHintMixedHeader.text()
            } else {
                ""
            };
            return Err(ImportError::at(
                file,
                1,
                column,
                h.unknown.fill(&[&cell.trim(), &hint]),
            ));
        };
        if cols.contains(&c) {
            return Err(ImportError::at(file, 1, column, Msg::CsvColumnTwice.text()));
        }
        cols.push(c);
    }
    for required in h.required {
        if !cols.contains(required) {
            let n = (h.name)(*required);
            return Err(ImportError::at(
                file,
                1,
                Msg::IoColumn.fill(&[&n]),
                Msg::CsvMissingColumn.fill(&[&n]),
            ));
        }
    }
    Ok(cols)
}

/// The records of a CSV after its header row: each with its line, blank
/// ones skipped, each as wide as the header.
pub(super) struct Records<'a> {
    name: &'a str,
    records: csv::StringRecordsIntoIter<&'a [u8]>,
    lines: super::Lines<'a>,
    width: usize,
    delim: u8,
}

impl<'a> Records<'a> {
    /// The header's columns (see [`columns`]) and the records after it;
    /// `empty` says what an empty file lacks.
    pub(super) fn open<C: Copy + PartialEq>(
        name: &'a str,
        text: &'a str,
        empty: Msg,
        header: &Header<'_, C>,
    ) -> Result<(Vec<C>, Records<'a>), ImportError> {
        if text.trim().is_empty() {
            return Err(ImportError::file(name, empty.text()));
        }
        let delim = delimiter(text);
        let mut records = csv::ReaderBuilder::new()
            .delimiter(delim)
            .flexible(true)
            .has_headers(false)
            .from_reader(text.as_bytes())
            .into_records();
        let mut lines = super::Lines::new(text);
        let first = match records.next() {
            Some(Ok(h)) => h,
            Some(Err(e)) => return Err(csv_error(name, &e, &mut lines)),
            None => return Err(ImportError::file(name, Msg::FileEmpty.text())),
        };
        let cols = columns(name, &first, header)?;
        let width = cols.len();
        Ok((
            cols,
            Records {
                name,
                records,
                lines,
                width,
                delim,
            },
        ))
    }
}

impl Iterator for Records<'_> {
    type Item = Result<(u64, csv::StringRecord), ImportError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let rec = match self.records.next()? {
                Ok(rec) => rec,
                Err(e) => return Some(Err(csv_error(self.name, &e, &mut self.lines))),
            };
            // csv counts lines by LF only and a record's line after its first
            // line break: the line is counted here from the record's first byte.
            let line = rec.position().map_or(0, |p| self.lines.of(p.byte()));
            if rec.iter().all(|f| f.trim().is_empty()) {
                continue;
            }
            return Some(
                check_width(self.name, line, &rec, self.width, self.delim).map(|()| (line, rec)),
            );
        }
    }
}

/// The header's columns and the rows, each checked on its own.
fn rows(name: &str, text: &str) -> Result<(Vec<Col>, Vec<Row>), ImportError> {
    let (cols, records) = Records::open(
        name,
        text,
        Msg::CsvEmpty,
        &Header {
            of: column_of,
            name: col_name,
            required: &[Col::Code, Col::Name, Col::Kind],
            unknown: Msg::CsvUnknownColumn,
        },
    )?;
    let mut rows: Vec<Row> = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    for rec in records {
        let (line, rec) = rec?;
        let row = parse_row(name, line, &cols, &rec)?;
        let code_at = column_label(&cols, Col::Code);
        if let Some(first) = seen.get(&row.unit.code) {
            return Err(ImportError::at(
                name,
                line,
                code_at,
                Msg::CsvCodeTwice.fill(&[&row.unit.code, first]),
            ));
        }
        seen.insert(row.unit.code.clone(), line);
        rows.push(row);
    }
    if rows.is_empty() {
        return Err(ImportError::file(name, Msg::CsvNoUnits.text()));
    }
    Ok((cols, rows))
}

/// A row with as many fields as the header, or where it goes wrong and
/// the likely reason.
pub(super) fn check_width(
    name: &str,
    line: u64,
    rec: &csv::StringRecord,
    width: usize,
    delim: u8,
) -> Result<(), ImportError> {
    if rec.len() != width {
        let d = char::from(delim);
        let other = if delim == b',' { ';' } else { ',' };
        // Where the row goes wrong, and the likely reason.
        let (column, hint) = if let Some(i) = rec.iter().position(|f| f.contains(['\n', '\r'])) {
            (i + 1, Msg::CsvHintUnclosedQuote.text().to_string())
        } else if let Some(i) = rec.iter().position(|f| f.contains(other)) {
            (i + 1, Msg::CsvHintMixed.fill(&[&d, &other]))
        } else if rec.len() > width {
            (width + 1, Msg::CsvHintQuote.fill(&[&d]))
        } else {
            (rec.len() + 1, String::new())
        };
        return Err(ImportError::at(
            name,
            line,
            Msg::IoColumn.fill(&[&column]),
            if rec.len() == 1 {
                Msg::CsvFieldCountOne
            } else {
                Msg::CsvFieldCount
            }
            .fill(&[&rec.len(), &width, &hint]),
        ));
    }
    Ok(())
}

fn parse_row(
    name: &str,
    line: u64,
    cols: &[Col],
    rec: &csv::StringRecord,
) -> Result<Row, ImportError> {
    let mut unit = Unit::new(new_id(), "", "", UnitKind::SubordinateCell, Sector::Other);
    let (mut parent_code, mut successor_code) = (None, None);
    for (i, (c, raw)) in cols.iter().zip(rec.iter()).enumerate() {
        let v = clean(raw);
        let at = || Msg::IoColumnNamed.fill(&[&(i + 1), &col_name(*c)]);
        let rule = match c {
            Col::Code | Col::Parent => rules::CODE,
            _ => rules::NAME,
        };
        if let Err(problem) = rules::check(rule, &v) {
            return Err(ImportError::at(
                name,
                line,
                at(),
                Msg::ImportText.fill(&[&problem]),
            ));
        }
        let date = |v: &str| -> Result<Option<NaiveDate>, ImportError> {
            if v.is_empty() {
                return Ok(None);
            }
            crate::domain::date::parse_date(v, NaiveDate::MIN)
                .map(Some)
                .map_err(|e| ImportError::at(name, line, at(), e.to_string()))
        };
        match c {
            Col::Code => {
                if v.is_empty() {
                    return Err(ImportError::at(name, line, at(), Msg::CsvEmptyCode.text()));
                }
                unit.code = v;
            }
            Col::Name => {
                if v.is_empty() {
                    return Err(ImportError::at(name, line, at(), Msg::CsvEmptyName.text()));
                }
                unit.name = v;
            }
            Col::Parent => parent_code = (!v.is_empty()).then(|| (v, at())),
            Col::Kind => {
                unit.kind = UnitKind::parse_label(&v).ok_or_else(|| {
                    ImportError::at(
                        name,
                        line,
                        at(),
                        Msg::CsvUnknownKind.fill(&[&v, &UnitKind::expected()]),
                    )
                })?
            }
            Col::Sector => {
                if !v.is_empty() {
                    unit.sector = Sector::parse_label(&v).ok_or_else(|| {
                        ImportError::at(
                            name,
                            line,
                            at(),
                            Msg::CsvUnknownSector.fill(&[&v, &Sector::expected()]),
                        )
                    })?;
                }
            }
            Col::Secretary => unit.secretary = v,
            Col::Members => {
                let digits: String = v
                    .chars()
                    .filter(|c| !matches!(c, '.' | ' ' | '\u{a0}'))
                    .collect();
                unit.members = if digits.is_empty() {
                    0
                } else {
                    digits.parse().map_err(|_| {
                        ImportError::at(name, line, at(), Msg::CsvNotMembers.fill(&[&v]))
                    })?
                };
            }
            Col::ValidFrom => unit.valid_from = date(&v)?,
            Col::ValidTo => unit.valid_to = date(&v)?,
            Col::Successor => successor_code = (!v.is_empty()).then(|| (v, at())),
        }
    }
    if let (Some(from), Some(to)) = (unit.valid_from, unit.valid_to)
        && to < from
    {
        return Err(ImportError::at(
            name,
            line,
            column_label(cols, Col::ValidTo),
            Msg::CsvEndsBeforeStart.fill(&[&format_date(to), &format_date(from)]),
        ));
    }
    Ok(Row {
        line,
        unit,
        parent_code,
        successor_code,
    })
}

pub(super) fn csv_error(name: &str, e: &csv::Error, lines: &mut super::Lines<'_>) -> ImportError {
    ImportError {
        file: name.into(),
        line: e.position().map(|p| lines.of(p.byte())),
        column: None,
        message: e.to_string(),
    }
}
