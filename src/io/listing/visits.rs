//! `haukiem visits`: every visit, newest first (as F3 lists them), with its
//! plan's number, dates, status, units, checklist progress and findings.

use chrono::NaiveDate;
use serde::Serialize;

use super::{Result, aligned, sheet};
use crate::domain::date::format_date;
use crate::domain::label::Labelled;
use crate::i18n::{Lang, Msg};
use crate::store::Store;

/// One visit as listed.
#[derive(Debug, Clone, Serialize)]
pub struct VisitRow {
    pub code: String,
    pub title: String,
    /// The plan's number as written (`12-KH/TU`).
    pub plan_no: String,
    /// ISO dates in JSON; dd/mm/yyyy in the table and CSV.
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub status: &'static str,
    pub status_label: &'static str,
    /// How many units it visits.
    pub units: usize,
    /// Checklist items answered over all its units, of `items` (summed
    /// over its units, each the template's items of the unit's sector).
    pub answered: u64,
    pub items: u64,
    /// Findings it recorded.
    pub findings: u64,
}

/// Every visit, newest first, in `lang`.
///
/// # Errors
/// Storage failure.
pub fn visit_rows(store: &Store, lang: Lang) -> Result<Vec<VisitRow>> {
    let mut rows = Vec::new();
    for v in store.visits()? {
        let template = store.template(v.template)?;
        let (mut answered, mut items) = (0, 0);
        for unit in &v.units {
            // Each unit answers the items of its sector.
            if let Some(t) = &template {
                let p = store.unit_progress(t, v.id, *unit)?;
                answered += p.answered();
                items += p.items;
            }
        }
        rows.push(VisitRow {
            findings: store.visit_status_counts(v.id)?.total(),
            status: v.status.code(),
            status_label: v.status.label(lang.code()),
            units: v.units.len(),
            answered,
            items,
            code: v.code,
            title: v.title,
            plan_no: v.plan_no,
            start: v.start,
            end: v.end,
        });
    }
    Ok(rows)
}

/// An aligned table, the title last.
#[must_use]
pub fn visits_table(rows: &[VisitRow], lang: Lang) -> String {
    let head = [
        Msg::CliCode,
        Msg::CliPlanNo,
        Msg::Period,
        Msg::Status,
        Msg::Units,
        Msg::Progress,
        Msg::Findings,
        Msg::VisitTitle,
    ]
    .map(|m| m.tr(lang));
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            vec![
                r.code.clone(),
                r.plan_no.clone(),
                format!("{} – {}", format_date(r.start), format_date(r.end)),
                r.status_label.to_string(),
                r.units.to_string(),
                format!("{}/{}", r.answered, r.items),
                r.findings.to_string(),
                r.title.clone(),
            ]
        })
        .collect();
    aligned(&head, &cells, &[])
}

/// CSV with a header row (dates dd/mm/yyyy), the BOM first.
///
/// # Errors
/// Only if writing to memory fails.
pub fn visits_csv(rows: &[VisitRow]) -> Result<String> {
    let mut w = crate::csv_file::writer(&csv::WriterBuilder::new());
    w.write_record([
        "ma",
        "noi_dung",
        "so_ke_hoach",
        "tu_ngay",
        "den_ngay",
        "tinh_trang",
        "so_don_vi",
        "so_muc_da_kiem_tra",
        "tong_so_muc",
        "so_hckd",
    ])?;
    for r in rows {
        w.write_record([
            sheet(&r.code).as_ref(),
            &sheet(&r.title),
            &sheet(&r.plan_no),
            &format_date(r.start),
            &format_date(r.end),
            r.status_label,
            &r.units.to_string(),
            &r.answered.to_string(),
            &r.items.to_string(),
            &r.findings.to_string(),
        ])?;
    }
    Ok(crate::csv_file::finish(w)?)
}
