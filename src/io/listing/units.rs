//! `haukiem units`: the unit hierarchy (đảng bộ, its chi bộ beneath it,
//! siblings in Vietnamese order) with secretary, members, validity,
//! succession and the open and overdue findings each answers for today —
//! a unit that merged into another counts nothing, its successor counts
//! them (as the dashboard does).

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::{Result, aligned, sheet};
use crate::domain::date::format_date;
use crate::domain::label::Labelled;
use crate::domain::unit::in_tree_order;
use crate::domain::{Id, Unit};
use crate::i18n::{Lang, Msg};
use crate::store::{Listing, Store};

/// Indentation of one level of the tree in the table.
const INDENT: &str = "  ";

/// One unit as listed.
#[derive(Debug, Clone, Serialize)]
pub struct UnitRow {
    /// 0 for a unit with no parent, one more for each level below.
    pub depth: usize,
    pub code: String,
    pub name: String,
    pub kind: &'static str,
    pub sector: &'static str,
    pub parent_code: Option<String>,
    pub secretary: String,
    pub members: u32,
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
    /// The unit it merged into (sáp nhập).
    pub successor_code: Option<String>,
    /// Active findings (mở, đang khắc phục), and those of them past due.
    pub open: u64,
    pub overdue: u64,
}

/// Every unit in tree order, as of `today`, in `lang`.
///
/// # Errors
/// Storage failure.
pub fn unit_rows(store: &Store, today: NaiveDate, lang: Lang) -> Result<Vec<UnitRow>> {
    let tree = in_tree_order(store.units()?);
    let codes: HashMap<Id, String> = tree.iter().map(|(_, u)| (u.id, u.code.clone())).collect();
    let ids: Vec<Id> = tree.iter().map(|(_, u)| u.id).collect();
    let open = store.status_by_unit()?;
    let overdue = store.overdue_by_unit(&ids, today)?;
    let code_of = |id: Option<Id>| id.and_then(|i| codes.get(&i).cloned());
    let l = lang.code();
    Ok(tree
        .into_iter()
        .map(|(depth, u): (usize, Unit)| UnitRow {
            depth,
            kind: u.kind.label(l),
            sector: u.sector.label(l),
            parent_code: code_of(u.parent),
            successor_code: code_of(u.successor),
            open: open.get(&u.id).map_or(0, |c| c.active()),
            overdue: overdue.get(&u.id).copied().unwrap_or(0),
            members: u.members,
            valid_from: u.valid_from,
            valid_to: u.valid_to,
            code: u.code,
            name: u.name,
            secretary: u.secretary,
        })
        .collect())
}

/// An aligned table: names indented under their parent, then code, kind,
/// secretary, members, open and overdue findings, and a note on validity
/// and succession.
#[must_use]
pub fn units_table(rows: &[UnitRow], lang: Lang) -> String {
    let head = [
        Msg::Unit,
        Msg::CliCode,
        Msg::Kind,
        Msg::CliSecretary,
        Msg::CliMembers,
        Msg::OpenCount,
        Msg::OverdueCount,
        Msg::Note,
    ]
    .map(|m| m.tr(lang));
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                format!("{}{}", INDENT.repeat(r.depth), r.name),
                r.code.clone(),
                r.kind.to_string(),
                r.secretary.clone(),
                r.members.to_string(),
                r.open.to_string(),
                r.overdue.to_string(),
                validity(r, lang),
            ]
        })
        .collect();
    aligned(&head, &cells, &[(0, 60)])
}

/// "từ 01/07/2025", "đến 30/06/2025, sáp nhập vào P-NĐ"; "" for a unit
/// valid without limits.
fn validity(r: &UnitRow, lang: Lang) -> String {
    let mut parts = Vec::new();
    if let Some(d) = r.valid_from {
        parts.push(Msg::CliValidFrom.fill_in(lang, &[&format_date(d)]));
    }
    if let Some(d) = r.valid_to {
        parts.push(Msg::CliValidTo.fill_in(lang, &[&format_date(d)]));
    }
    if let Some(code) = &r.successor_code {
        parts.push(Msg::CliMergedInto.fill_in(lang, &[code]));
    }
    parts.join(", ")
}

/// CSV with a header row, the BOM first: the units CSV's own columns (as
/// `haukiem import` reads them), then successor, open and overdue.
///
/// # Errors
/// Only if writing to memory fails.
pub fn units_csv(rows: &[UnitRow]) -> Result<String> {
    let mut w = crate::csv_file::writer(&csv::WriterBuilder::new());
    w.write_record([
        "ma",
        "ten",
        "loai",
        "linh_vuc",
        "ma_cap_tren",
        "bi_thu",
        "so_dang_vien",
        "hieu_luc_tu",
        "hieu_luc_den",
        "ma_ke_thua",
        "dang_mo",
        "qua_han",
    ])?;
    let date = |d: Option<NaiveDate>| d.map(format_date).unwrap_or_default();
    for r in rows {
        w.write_record([
            sheet(&r.code).as_ref(),
            &sheet(&r.name),
            r.kind,
            r.sector,
            &sheet(r.parent_code.as_deref().unwrap_or("")),
            &sheet(&r.secretary),
            &r.members.to_string(),
            &date(r.valid_from),
            &date(r.valid_to),
            &sheet(r.successor_code.as_deref().unwrap_or("")),
            &r.open.to_string(),
            &r.overdue.to_string(),
        ])?;
    }
    Ok(crate::csv_file::finish(w)?)
}
