//! Findings listings for the command line: an aligned table (by display
//! width, so Vietnamese text lines up), CSV, or JSON.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::date::format_date;
use crate::domain::label::Labelled;
use crate::domain::text::{pad_width, width};
use crate::domain::{Finding, Id, Unit, Visit};

/// One finding as listed, with names resolved.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    pub reference: String,
    pub unit_code: String,
    pub unit: String,
    pub visit: String,
    pub item: Option<String>,
    pub title: String,
    pub detail: String,
    pub cause: String,
    pub responsibility: String,
    pub responsible: String,
    pub remedy: String,
    pub severity: String,
    /// ISO date (yyyy-mm-dd) in JSON; dd/mm/yyyy in the table and CSV.
    pub due: NaiveDate,
    pub status: String,
    pub status_label: String,
    pub days_overdue: Option<i64>,
}

/// Resolve names for each finding.
#[must_use]
pub fn rows(
    findings: &[Finding],
    units: &HashMap<Id, Unit>,
    visits: &HashMap<Id, Visit>,
    today: NaiveDate,
    lang: &str,
) -> Vec<Row> {
    findings
        .iter()
        .map(|f| {
            let unit = units.get(&f.unit);
            Row {
                reference: f.reference.clone(),
                unit_code: unit.map(|u| u.code.clone()).unwrap_or_default(),
                unit: unit.map(|u| u.name.clone()).unwrap_or_default(),
                visit: visits
                    .get(&f.visit)
                    .map(|v| v.code.clone())
                    .unwrap_or_default(),
                item: f.item.clone(),
                title: f.title.clone(),
                detail: f.detail.clone(),
                cause: f.cause.clone(),
                responsibility: f.responsibility.kind.label(lang).to_string(),
                responsible: f.responsibility.name.clone(),
                remedy: f.remedy.clone(),
                severity: f.severity.label(lang).to_string(),
                due: f.due,
                status: f.status.code().to_string(),
                status_label: f.status.label(lang).to_string(),
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
    let cells: Vec<[String; 6]> = rows
        .iter()
        .map(|r| {
            [
                r.reference.clone(),
                r.unit.clone(),
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
                r.status_label.clone(),
                r.title.clone(),
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

/// CSV with a header row (dates dd/mm/yyyy).
///
/// # Errors
/// Only if writing to memory fails.
pub fn csv(rows: &[Row]) -> anyhow::Result<String> {
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
        w.write_record([
            r.reference.as_str(),
            &r.unit_code,
            &r.unit,
            &r.visit,
            r.item.as_deref().unwrap_or(""),
            &r.title,
            &r.detail,
            &r.cause,
            &r.responsibility,
            &r.responsible,
            &r.remedy,
            &r.severity,
            &format_date(r.due),
            &r.status_label,
            &r.days_overdue.map(|d| d.to_string()).unwrap_or_default(),
        ])?;
    }
    Ok(String::from_utf8(w.into_inner()?)?)
}

/// Pretty JSON array.
///
/// # Errors
/// Never in practice.
pub fn json(rows: &[Row]) -> anyhow::Result<String> {
    Ok(serde_json::to_string_pretty(rows)? + "\n")
}
