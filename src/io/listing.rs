//! Findings listings for the command line: an aligned table (by display
//! width, so Vietnamese text lines up), CSV, or JSON.

use super::Result;
use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::Finding;
use crate::domain::date::format_date;
use crate::domain::label::Labelled;
use crate::domain::text::{pad_width, spreadsheet_text, terminal_safe_line, width};
use crate::store::Names;

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
    /// ISO date (yyyy-mm-dd) in JSON; dd/mm/yyyy in the table and CSV.
    pub due: NaiveDate,
    pub status: &'static str,
    pub status_label: &'static str,
    pub days_overdue: Option<i64>,
}

/// Resolve names for each finding.
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
            let unit = names.units.get(&f.unit);
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
                due: f.due,
                status: f.status.code(),
                status_label: f.status.label(lang),
                days_overdue: f.days_overdue(today),
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
    // Old databases may hold control characters: shown, never obeyed.
    let shown = |s: &str| terminal_safe_line(s).into_owned();
    let cells: Vec<[String; 6]> = rows
        .iter()
        .map(|r| {
            [
                shown(r.reference),
                shown(r.unit),
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
                shown(r.title),
            ]
        })
        .collect();
    let mut widths: [usize; 6] = head.map(width);
    for c in &cells {
        for (w, s) in widths.iter_mut().zip(c) {
            *w = (*w).max(width(s));
        }
    }
    widths[1] = widths[1].min(40);
    let line = |c: [&str; 6]| {
        let mut s = String::new();
        for (i, (cell, w)) in c.iter().zip(widths).enumerate() {
            if i == 5 {
                s.push_str(cell);
            } else {
                s.push_str(&pad_width(cell, w));
                s.push_str("  ");
            }
        }
        s.trim_end().to_string() + "\n"
    };
    let mut out = line(head);
    out.push_str(&line(
        widths.map(|w| "─".repeat(w)).each_ref().map(String::as_str),
    ));
    for c in &cells {
        out.push_str(&line(c.each_ref().map(String::as_str)));
    }
    out
}

/// CSV with a header row (dates dd/mm/yyyy); text that a spreadsheet would
/// take for a formula is neutralised ([`spreadsheet_text`]), the days
/// overdue stay a number.
///
/// # Errors
/// Only if writing to memory fails.
pub fn csv(rows: &[Row]) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
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
        w.write_record(
            text.iter().map(|c| c.as_bytes()).chain([
                format_date(r.due).as_bytes(),
                r.status_label.as_bytes(),
                r.days_overdue
                    .map(|d| d.to_string())
                    .unwrap_or_default()
                    .as_bytes(),
            ]),
        )?;
    }
    let bytes = w.into_inner().map_err(csv::IntoInnerError::into_error)?;
    // Every field was a `str`.
    String::from_utf8(bytes)
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e).into())
}

/// Pretty JSON array, written to `out`.
///
/// # Errors
/// Writing fails.
pub fn json(rows: &[Row], out: &mut impl std::io::Write) -> Result<()> {
    serde_json::to_writer_pretty(&mut *out, rows)?;
    out.write_all(b"\n")?;
    Ok(())
}
