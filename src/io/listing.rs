//! Listings for the command line — findings here; one finding with its
//! history (`card`), visits and units in their modules — each as an aligned
//! table (by display width, so Vietnamese text lines up), CSV (with a BOM,
//! [`crate::csv_file`]) or JSON. Stored text reaches a terminal through
//! [`shown`] and a spreadsheet through [`sheet`].

mod card;
mod conflicts;
mod units;
mod visits;

pub use card::{Card, Entry};
pub use conflicts::{
    ConflictRow, SideRow, conflict_row, conflict_rows, conflicts_table, current_value, field_label,
    field_value, find_open, open_in_visit,
};
pub use units::{UnitRow, unit_rows, units_csv, units_table};
pub use visits::{VisitRow, visit_rows, visits_csv, visits_table};

use std::borrow::Cow;

use chrono::NaiveDate;
use serde::Serialize;

use super::Result;

use crate::domain::Finding;
use crate::domain::date::format_date;
use crate::domain::label::Labelled;
use crate::domain::text::{pad_width, spreadsheet_text, width};
use crate::i18n::{Lang, Msg};
use crate::store::Names;

/// The interface language of a label-table language code.
fn lang_of(code: &str) -> Lang {
    if code == "en" { Lang::En } else { Lang::Vi }
}

/// One finding as listed, with names resolved (borrowed from the findings
/// and names it was made from).
#[derive(Debug, Clone, Serialize)]
pub struct Row<'a> {
    pub reference: &'a str,
    pub unit_code: &'a str,
    pub unit: &'a str,
    pub visit: &'a str,
    pub item: Option<&'a str>,
    pub title: &'a str,
    pub detail: &'a str,
    pub cause: &'a str,
    pub responsibility: &'static str,
    pub responsible: &'a str,
    pub remedy: &'a str,
    pub severity: &'static str,
    /// `review` (named at the kiểm điểm) or `visit` (found during one),
    /// and the review's document and date.
    pub origin: &'static str,
    pub source_doc: Option<&'a str>,
    pub source_date: Option<NaiveDate>,
    /// ISO date (yyyy-mm-dd) in JSON; dd/mm/yyyy in the table and CSV.
    pub due: NaiveDate,
    pub status: &'static str,
    pub status_label: &'static str,
    pub days_overdue: Option<i64>,
    /// The unit the finding was recorded at, when that unit has since
    /// merged into `unit` (sáp nhập): its code and name.
    pub formerly_code: Option<&'a str>,
    pub formerly: Option<&'a str>,
}

/// Resolve names for each finding; a finding of a unit that merged into
/// another is listed under the one that stands for it today.
#[must_use]
pub fn rows<'a>(
    findings: &'a [Finding],
    names: &'a Names,
    today: NaiveDate,
    lang: &str,
) -> Vec<Row<'a>> {
    findings
        .iter()
        .map(|f| {
            let own = names.units.get(&f.unit);
            let now = names.current.get(&f.unit);
            let unit = now.and_then(|c| names.units.get(c)).or(own);
            let before = now.and(own);
            Row {
                reference: &f.reference,
                unit_code: unit.map_or("", |u| u.0.as_str()),
                unit: unit.map_or("", |u| u.1.as_str()),
                visit: names.visits.get(&f.visit).map_or("", String::as_str),
                item: f.item.as_deref(),
                title: &f.title,
                detail: &f.detail,
                cause: &f.cause,
                responsibility: f.responsibility.kind.label(lang),
                responsible: &f.responsibility.name,
                remedy: &f.remedy,
                severity: f.severity.label(lang),
                origin: card::origin_code(&f.origin),
                source_doc: match &f.origin {
                    crate::domain::Origin::Review { doc, .. } => Some(doc.as_str()),
                    crate::domain::Origin::Visit => None,
                },
                source_date: match &f.origin {
                    crate::domain::Origin::Review { date, .. } => *date,
                    crate::domain::Origin::Visit => None,
                },
                due: f.due,
                status: f.status.code(),
                status_label: f.status.label(lang),
                days_overdue: f.days_overdue(today),
                formerly_code: before.map(|u| u.0.as_str()),
                formerly: before.map(|u| u.1.as_str()),
            }
        })
        .collect()
}

/// An aligned text table; the last column (title) is not padded.
#[must_use]
pub fn table(rows: &[Row], lang: &str) -> String {
    let head: [&str; 6] = if lang == "en" {
        ["Ref", "Unit", "Due", "Overdue", "Status", "Finding"]
    } else {
        [
            "Mã",
            "Đơn vị",
            "Hạn",
            "Quá hạn",
            "Tình trạng",
            "Hạn chế, khuyết điểm",
        ]
    };
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                r.reference.to_string(),
                match r.formerly_code {
                    Some(code) => format!(
                        "{} ({})",
                        r.unit,
                        Msg::Formerly.fill_in(lang_of(lang), &[&code])
                    ),
                    None => r.unit.to_string(),
                },
                format_date(r.due),
                r.days_overdue
                    .map(|d| {
                        if lang == "en" {
                            format!("{d} d")
                        } else {
                            format!("{d} ngày")
                        }
                    })
                    .unwrap_or_default(),
                r.status_label.to_string(),
                shown(r.title).into_owned(),
            ]
        })
        .collect();
    // Room for "(trước đây: CODE)" after a name when a row says it.
    let unit_cap = if rows.iter().any(|r| r.formerly_code.is_some()) {
        56
    } else {
        40
    };
    aligned(&head, &cells, &[(1, unit_cap)])
}

/// An aligned text table for people: a header, a rule under it, and each
/// row; every column but the last padded to its widest cell by display
/// width (so Vietnamese text lines up), column `i` of `caps` cut to at most
/// its cells with "…". Every cell is [`shown`]: stored text never acts on
/// the terminal.
#[must_use]
pub fn aligned(head: &[&str], rows: &[Vec<String>], caps: &[(usize, usize)]) -> String {
    let rows: Vec<Vec<Cow<str>>> = rows
        .iter()
        .map(|r| r.iter().map(|c| shown(c)).collect())
        .collect();
    let mut widths: Vec<usize> = head.iter().map(|h| width(h)).collect();
    for r in &rows {
        for (w, c) in widths.iter_mut().zip(r) {
            *w = (*w).max(width(c));
        }
    }
    for &(i, cap) in caps {
        if let Some(w) = widths.get_mut(i) {
            *w = (*w).min(cap);
        }
    }
    let last = head.len().saturating_sub(1);
    let line = |cells: &mut dyn Iterator<Item = &str>| {
        let mut s = String::new();
        for (i, (cell, w)) in cells.zip(&widths).enumerate() {
            if i == last {
                s.push_str(cell);
            } else {
                s.push_str(&pad_width(cell, *w));
                s.push_str("  ");
            }
        }
        s.trim_end().to_string() + "\n"
    };
    let mut out = line(&mut head.iter().copied());
    let rules: Vec<String> = widths.iter().map(|w| "─".repeat(*w)).collect();
    out.push_str(&line(&mut rules.iter().map(String::as_str)));
    for r in &rows {
        out.push_str(&line(&mut r.iter().map(AsRef::as_ref)));
    }
    out
}

/// Stored text as a terminal may be given it, and as a CSV cell: see
/// [`crate::domain::text::terminal_safe_line`] and
/// [`crate::domain::text::spreadsheet_text`]. Everything listings print or
/// write of what is stored goes through one of them.
pub use crate::domain::text::{spreadsheet_text as sheet, terminal_safe_line as shown};

/// CSV with a header row (dates dd/mm/yyyy); text that a spreadsheet would
/// take for a formula is neutralised ([`spreadsheet_text`]), the days
/// overdue stay a number.
///
/// # Errors
/// Only if writing to memory fails.
pub fn csv(rows: &[Row]) -> Result<String> {
    let mut w = crate::csv_file::writer(&csv::WriterBuilder::new());
    w.write_record([
        "ma",
        "ma_don_vi",
        "don_vi",
        "dot",
        "muc",
        "noi_dung",
        "chi_tiet",
        "nguyen_nhan",
        "trach_nhiem",
        "nguoi_chiu_trach_nhiem",
        "giai_phap",
        "muc_do",
        "han",
        "tinh_trang",
        "so_ngay_qua_han",
        "ma_don_vi_truoc_day",
        "don_vi_truoc_day",
    ])?;
    for r in rows {
        let text = [
            r.reference,
            r.unit_code,
            r.unit,
            r.visit,
            r.item.unwrap_or(""),
            r.title,
            r.detail,
            r.cause,
            r.responsibility,
            r.responsible,
            r.remedy,
            r.severity,
        ]
        .map(spreadsheet_text);
        let formerly =
            [r.formerly_code.unwrap_or(""), r.formerly.unwrap_or("")].map(spreadsheet_text);
        w.write_record(
            text.iter()
                .map(|c| c.as_bytes())
                .chain([
                    format_date(r.due).as_bytes(),
                    r.status_label.as_bytes(),
                    r.days_overdue
                        .map(|d| d.to_string())
                        .unwrap_or_default()
                        .as_bytes(),
                ])
                .chain(formerly.iter().map(|c| c.as_bytes())),
        )?;
    }
    Ok(crate::csv_file::finish(w)?)
}

/// Pretty JSON of a listing (an array of rows) or of one finding, written
/// to `out`.
///
/// # Errors
/// Writing fails.
pub fn json<T: Serialize + ?Sized>(value: &T, out: &mut impl std::io::Write) -> Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    out.write_all(b"\n")?;
    Ok(())
}
