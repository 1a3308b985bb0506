//! Units from CSV as people keep them in Excel: UTF-8 with or without BOM,
//! `,` or `;`, CRLF or LF, Vietnamese or English headers, kinds and sectors
//! by their Vietnamese names (any case, diacritics optional) or short codes.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::{ImportError, Result};
use crate::domain::date::format_date;
use crate::domain::label::Labelled;
use crate::domain::text::{clean, fold};
use crate::domain::{Change, Id, Op, Sector, Unit, UnitKind, new_id};
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
];

fn header_name(h: &str) -> String {
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
        Some(i) => format!("column {} ({})", i + 1, col_name(c)),
        None => format!("column {}", col_name(c)),
    }
}

fn col_name(c: Col) -> &'static str {
    COLUMNS
        .iter()
        .find(|(x, _)| *x == c)
        .map_or("", |(_, n)| n[0])
}

/// Units staged by earlier files of the same import (code → id).
#[derive(Debug, Default)]
pub struct Staged {
    codes: HashMap<String, Id>,
}

/// Pick `;` when the header line has more of them than commas (outside quotes).
fn delimiter(text: &str) -> u8 {
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

struct Row {
    line: u64,
    unit: Unit,
    parent_code: Option<(String, String)>,
}

/// Parse a units CSV into unit-creation ops, parents before children.
///
/// # Errors
/// The first problem, with file, line and column; or the database cannot
/// be read.
pub fn parse(store: &Store, name: &str, text: &str, staged: &mut Staged) -> Result<Vec<Op>> {
    if text.trim().is_empty() {
        return Err(ImportError::file(
            name,
            "the file is empty: expected a header row (ma, ten, ma_cap_tren, loai, linh_vuc, bi_thu, so_dang_vien) and one row per unit",
        ).into());
    }
    let delim = delimiter(text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delim)
        .flexible(true)
        .has_headers(false)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => return Err(csv_error(name, &e).into()),
        None => return Err(ImportError::file(name, "the file is empty").into()),
    };
    let mut cols: Vec<Col> = Vec::new();
    for (i, h) in header.iter().enumerate() {
        let column = format!("column {} ({})", i + 1, h.trim());
        let Some(c) = column_of(h) else {
            let hint = if h.contains(',') || h.contains(';') {
                " — the file mixes ',' and ';' as delimiters?"
            } else {
                ""
            };
            return Err(ImportError::at(
                name,
                1,
                column,
                format!(
                    "unknown column \"{}\"; expected ma|code, ten|name, ma_cap_tren|parent, loai|kind, linh_vuc|sector, bi_thu|secretary, so_dang_vien|members, hieu_luc_tu|valid_from, hieu_luc_den|valid_to{hint}",
                    h.trim()
                ),
            ).into());
        };
        if cols.contains(&c) {
            return Err(ImportError::at(name, 1, column, "this column appears twice").into());
        }
        cols.push(c);
    }
    for required in [Col::Code, Col::Name, Col::Kind] {
        if !cols.contains(&required) {
            return Err(ImportError::at(
                name,
                1,
                format!("column {}", col_name(required)),
                format!("required column \"{}\" is missing", col_name(required)),
            )
            .into());
        }
    }
    let mut rows: Vec<Row> = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    for rec in records {
        let rec = rec.map_err(|e| csv_error(name, &e))?;
        let line = rec.position().map_or(0, csv::Position::line);
        if rec.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if rec.len() != cols.len() {
            let d = char::from(delim);
            let other = if delim == b',' { ';' } else { ',' };
            // Where the row goes wrong, and the likely reason.
            let (column, hint) = if let Some(i) = rec.iter().position(|f| f.contains(['\n', '\r']))
            {
                (
                    i + 1,
                    " — a double quote (\") opened in this field is never closed".to_string(),
                )
            } else if let Some(i) = rec.iter().position(|f| f.contains(other)) {
                (
                    i + 1,
                    format!(" — the file mixes '{d}' and '{other}' as delimiters"),
                )
            } else if rec.len() > cols.len() {
                (
                    cols.len() + 1,
                    format!(" — put text that contains '{d}' in double quotes"),
                )
            } else {
                (rec.len() + 1, String::new())
            };
            return Err(ImportError::at(
                name,
                line,
                format!("column {column}"),
                format!(
                    "this row has {} field{} but the header has {}{hint}",
                    rec.len(),
                    if rec.len() == 1 { "" } else { "s" },
                    cols.len()
                ),
            )
            .into());
        }
        let row = parse_row(name, line, &cols, &rec)?;
        let code_at = column_label(&cols, Col::Code);
        if let Some(first) = seen.get(&row.unit.code) {
            return Err(ImportError::at(
                name,
                line,
                code_at,
                format!(
                    "unit code {} appears twice (first on line {first})",
                    row.unit.code
                ),
            )
            .into());
        }
        if staged.codes.contains_key(&row.unit.code)
            || store.unit_by_code(&row.unit.code)?.is_some()
        {
            return Err(ImportError::at(
                name,
                line,
                code_at,
                format!("unit code {} already exists in the database", row.unit.code),
            )
            .into());
        }
        seen.insert(row.unit.code.clone(), line);
        rows.push(row);
    }
    if rows.is_empty() {
        return Err(ImportError::file(name, "the file has a header but no units").into());
    }
    resolve_parents(store, name, &mut rows, staged)?;
    for r in &rows {
        staged.codes.insert(r.unit.code.clone(), r.unit.id);
    }
    Ok(order_parents_first(name, rows)?
        .into_iter()
        .map(|u| store.new_op(Change::create(u), None))
        .collect::<Result<_, _>>()?)
}

fn parse_row(
    name: &str,
    line: u64,
    cols: &[Col],
    rec: &csv::StringRecord,
) -> Result<Row, ImportError> {
    let mut unit = Unit {
        id: new_id(),
        code: String::new(),
        name: String::new(),
        kind: UnitKind::SubordinateCell,
        sector: Sector::Other,
        parent: None,
        secretary: String::new(),
        members: 0,
        valid_from: None,
        valid_to: None,
        successor: None,
    };
    let mut parent_code = None;
    for (i, (c, raw)) in cols.iter().zip(rec.iter()).enumerate() {
        let v = clean(raw);
        let at = || format!("column {} ({})", i + 1, col_name(*c));
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
                    return Err(ImportError::at(name, line, at(), "the unit code is empty"));
                }
                unit.code = v;
            }
            Col::Name => {
                if v.is_empty() {
                    return Err(ImportError::at(name, line, at(), "the unit name is empty"));
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
                        format!("unknown kind \"{v}\"; expected {}", UnitKind::expected()),
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
                            format!("unknown sector \"{v}\"; expected {}", Sector::expected()),
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
                        ImportError::at(
                            name,
                            line,
                            at(),
                            format!("\"{v}\" is not a whole number of members"),
                        )
                    })?
                };
            }
            Col::ValidFrom => unit.valid_from = date(&v)?,
            Col::ValidTo => unit.valid_to = date(&v)?,
        }
    }
    if let (Some(from), Some(to)) = (unit.valid_from, unit.valid_to)
        && to < from
    {
        return Err(ImportError::at(
            name,
            line,
            column_label(cols, Col::ValidTo),
            format!(
                "the unit ends ({}) before it starts ({})",
                format_date(to),
                format_date(from)
            ),
        ));
    }
    Ok(Row {
        line,
        unit,
        parent_code,
    })
}

fn resolve_parents(store: &Store, name: &str, rows: &mut [Row], staged: &Staged) -> Result<()> {
    let in_file: HashMap<String, Id> = rows
        .iter()
        .map(|r| (r.unit.code.clone(), r.unit.id))
        .collect();
    for r in rows.iter_mut() {
        let Some((code, at)) = &r.parent_code else {
            continue;
        };
        let id = match in_file.get(code).or_else(|| staged.codes.get(code)) {
            Some(id) => *id,
            None => match store.unit_by_code(code)? {
                Some(u) => u.id,
                None => {
                    return Err(ImportError::at(
                        name,
                        r.line,
                        at.clone(),
                        format!(
                            "unknown parent unit code \"{code}\": not in this file nor in the database"
                        ),
                    ).into());
                }
            },
        };
        if id == r.unit.id {
            return Err(ImportError::at(
                name,
                r.line,
                at.clone(),
                "a unit cannot be its own parent",
            )
            .into());
        }
        r.unit.parent = Some(id);
    }
    Ok(())
}

/// Parents before children, whatever the order of lines; a cycle is an error.
fn order_parents_first(name: &str, rows: Vec<Row>) -> Result<Vec<Unit>, ImportError> {
    let ids: HashMap<Id, usize> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| (r.unit.id, i))
        .collect();
    let mut state = vec![0u8; rows.len()]; // 0 new, 1 visiting, 2 done
    let mut order = Vec::with_capacity(rows.len());
    for start in 0..rows.len() {
        let mut path = Vec::new();
        let mut cur = Some(start);
        while let Some(i) = cur {
            match state[i] {
                2 => break,
                1 => {
                    let at = rows[i]
                        .parent_code
                        .as_ref()
                        .map_or_else(|| "column ma_cap_tren".to_string(), |(_, at)| at.clone());
                    return Err(ImportError::at(
                        name,
                        rows[i].line,
                        at,
                        format!(
                            "unit {} is its own ancestor (a cycle of parents)",
                            rows[i].unit.code
                        ),
                    ));
                }
                _ => {}
            }
            state[i] = 1;
            path.push(i);
            cur = rows[i].unit.parent.and_then(|p| ids.get(&p).copied());
        }
        for i in path.into_iter().rev() {
            state[i] = 2;
            order.push(i);
        }
    }
    let mut slots: Vec<Option<Unit>> = rows.into_iter().map(|r| Some(r.unit)).collect();
    Ok(order.into_iter().filter_map(|i| slots[i].take()).collect())
}

fn csv_error(name: &str, e: &csv::Error) -> ImportError {
    ImportError {
        file: name.into(),
        line: e.position().map(csv::Position::line),
        column: None,
        message: e.to_string(),
    }
}
