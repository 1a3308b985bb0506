//! Finding-by-finding tables: the appendix of the báo cáo kết quả (per unit
//! and flat), the overdue / due-soon list, and the recommendation (đề nghị)
//! derived from a finding's status and deadline.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::gather::{Carried, Data};
use super::{Cell, Col, Kind, Table, col};
use crate::domain::date::format_date;
use crate::domain::label::Labelled;
use crate::domain::text::vi_cmp;
use crate::domain::{Event, Finding, FindingStatus, Origin};
use crate::i18n::{Lang, Msg};

/// Days ahead that count as "sắp đến hạn".
pub const DUE_SOON_DAYS: i64 = 7;

const NONE: &str = "Không có hạn chế, khuyết điểm";

/// What the team recommends for a finding as of `today` (đề nghị):
/// verified → close; cannot be remediated → to the committee; reported
/// fixed → verify; late and untouched → chase; late but under way → extend;
/// otherwise keep following.
#[must_use]
pub fn advice(f: &Finding, today: NaiveDate) -> String {
    match (f.status, f.days_overdue(today)) {
        (FindingStatus::Verified, _) => "Đã xác minh, kết thúc theo dõi".into(),
        (FindingStatus::Unremediable, _) => "Báo cáo cấp ủy xem xét".into(),
        (FindingStatus::Remediated, _) => "Xác minh kết quả khắc phục".into(),
        (FindingStatus::Open, Some(n)) => format!("Quá hạn {n} ngày — đôn đốc"),
        (FindingStatus::InProgress, Some(n)) => format!("Quá hạn {n} ngày — đề nghị gia hạn"),
        (FindingStatus::Open | FindingStatus::InProgress, None) => "Tiếp tục theo dõi".into(),
    }
}

/// The latest follow-up note (kết quả, bằng chứng), dated.
fn latest_result(f: &Finding) -> String {
    f.history
        .iter()
        .rev()
        .find(|h| matches!(h.event, Event::Note | Event::Status { .. }) && !h.note.is_empty())
        .map_or_else(
            || "Chưa có báo cáo kết quả".to_string(),
            |h| format!("{}: {}", format_date(h.date), h.note),
        )
}

/// "Title (reference)": how a finding is named in tables.
pub(super) fn label(f: &Finding) -> String {
    format!("{} ({})", f.title, f.reference)
}

/// How findings and visits are named in a table: with the program's codes
/// (data exports, where a reference finds the record again) or by their
/// title alone (Party documents, which carry no internal code).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Naming {
    Internal,
    Party,
}

impl Naming {
    fn finding(self, f: &Finding) -> String {
        match self {
            Naming::Internal => label(f),
            Naming::Party => f.title.clone(),
        }
    }
}

/// Where a shortcoming was first named: the review's document (số, ký
/// hiệu and date), this visit, or an earlier one.
pub(super) fn source(f: &Finding, visit: crate::domain::Id) -> String {
    match &f.origin {
        Origin::Review { doc, date } => {
            let mut s = "Qua kiểm điểm".to_string();
            let doc = doc.trim();
            match (doc.is_empty(), date) {
                (false, Some(d)) => s.push_str(&format!(" ({doc}, {})", format_date(*d))),
                (false, None) => s.push_str(&format!(" ({doc})")),
                (true, Some(d)) => s.push_str(&format!(" ({})", format_date(*d))),
                (true, None) => {}
            }
            s
        }
        Origin::Visit if f.visit == visit => "Phát sinh mới".to_string(),
        Origin::Visit => "Qua giám sát đợt trước".to_string(),
    }
}

/// The state of a finding in a Party document: "đã khắc phục" only when
/// verified; a unit's own report of remediation said apart.
pub(super) fn party_status(f: &Finding) -> String {
    match f.status {
        FindingStatus::Verified => "Đã khắc phục (đã xác minh)".to_string(),
        FindingStatus::Remediated => "Đơn vị báo cáo đã khắc phục, chưa xác minh".to_string(),
        other => other.vi().to_string(),
    }
}

/// The status, with the first deadline when it was extended.
fn status(f: &Finding) -> String {
    let original = f.original_due();
    if original == f.due {
        f.status.vi().to_string()
    } else {
        format!("{} (gia hạn từ {})", f.status.vi(), format_date(original))
    }
}

/// Findings in appendix order: by unit (as listed), then checklist order,
/// then creation day and reference.
fn ordered(data: &Data) -> Vec<&Finding> {
    let position: HashMap<&str, usize> = data
        .template
        .items()
        .enumerate()
        .map(|(i, (_, item))| (item.code.as_str(), i))
        .collect();
    let key = |f: &Finding| {
        (
            data.position(f.unit),
            f.item
                .as_deref()
                .and_then(|i| position.get(i).copied())
                .unwrap_or(usize::MAX),
            f.created,
        )
    };
    let mut out: Vec<&Finding> = data.findings.iter().collect();
    out.sort_by(|a, b| {
        key(a)
            .cmp(&key(b))
            .then_with(|| vi_cmp(&a.reference, &b.reference))
    });
    out
}

fn unit_name(data: &Data, f: &Finding) -> String {
    data.unit(f.unit)
        .map(|u| u.name.clone())
        .unwrap_or_default()
}

/// The columns both appendix tables end with: what the unit committed to,
/// by when, what came of it, where it stands and what the team recommends.
const OUTCOME: [Col; 5] = [
    col("Giải pháp, biện pháp khắc phục", Kind::Wide),
    col("Hạn", Kind::Date),
    col("Kết quả, bằng chứng", Kind::Wide),
    col("Tình trạng", Kind::Text),
    col("Đề nghị", Kind::Text),
];

/// A finding's cells under [`OUTCOME`].
fn outcome(f: &Finding, today: NaiveDate) -> [Cell; 5] {
    [
        f.remedy.clone().into(),
        Cell::Date(f.due),
        latest_result(f).into(),
        status(f).into(),
        advice(f, today).into(),
    ]
}

/// The visit's findings in the report's order, one list per unit in scope.
fn grouped(data: &Data) -> Vec<Vec<&Finding>> {
    let mut by_unit: Vec<Vec<&Finding>> = vec![Vec::new(); data.units.len()];
    for f in ordered(data) {
        if let Some(list) = by_unit.get_mut(data.position(f.unit)) {
            list.push(f);
        }
    }
    by_unit
}

/// The appendix, one table per unit in scope.
pub(super) fn per_unit(data: &Data) -> Vec<(String, Table)> {
    data.units
        .iter()
        .zip(grouped(data))
        .map(|(u, findings)| {
            let rows = findings
                .into_iter()
                .enumerate()
                .map(|(i, f)| {
                    let mut row = vec![Cell::Int(i as u64 + 1), label(f).into()];
                    row.extend(outcome(f, data.today));
                    row
                })
                .collect();
            let mut columns = vec![
                col("STT", Kind::Int),
                col("Hạn chế, khuyết điểm", Kind::Wide),
            ];
            columns.extend(OUTCOME);
            let table = Table {
                title: u.name.clone(),
                columns,
                rows,
                total: None,
                notes: Vec::new(),
                empty: NONE,
            };
            (u.name.clone(), table)
        })
        .collect()
}

/// The findings of each unit in scope for a Party document: named by
/// their title only (a reference carries the visit's internal code), with
/// the remedy, deadline and status.
pub(super) fn titled_per_unit(data: &Data) -> Vec<(String, Table)> {
    data.units
        .iter()
        .zip(grouped(data))
        .map(|(u, findings)| {
            let rows = findings
                .into_iter()
                .enumerate()
                .map(|(i, f)| {
                    vec![
                        Cell::Int(i as u64 + 1),
                        f.title.clone().into(),
                        f.remedy.clone().into(),
                        Cell::Date(f.due),
                        status(f).into(),
                    ]
                })
                .collect();
            let table = Table {
                title: u.name.clone(),
                columns: vec![
                    col("STT", Kind::Int),
                    col("Hạn chế, khuyết điểm", Kind::Wide),
                    col("Giải pháp, biện pháp khắc phục", Kind::Wide),
                    col("Hạn", Kind::Date),
                    col("Tình trạng", Kind::Text),
                ],
                rows,
                total: None,
                notes: Vec::new(),
                empty: NONE,
            };
            (u.name.clone(), table)
        })
        .collect()
}

/// The appendix as one table, with unit, reference and item columns.
pub(super) fn flat(data: &Data) -> Table {
    let rows = ordered(data)
        .into_iter()
        .enumerate()
        .map(|(i, f)| {
            let mut row = vec![
                Cell::Int(i as u64 + 1),
                unit_name(data, f).into(),
                f.reference.clone().into(),
                f.item.clone().unwrap_or_default().into(),
                f.title.clone().into(),
            ];
            row.extend(outcome(f, data.today));
            row
        })
        .collect();
    let mut columns = vec![
        col("STT", Kind::Int),
        col("Đơn vị", Kind::Text),
        col("Mã HCKĐ", Kind::Text),
        col("Mục", Kind::Text),
        col("Hạn chế, khuyết điểm", Kind::Wide),
    ];
    columns.extend(OUTCOME);
    Table {
        title: "Danh mục hạn chế, khuyết điểm và kết quả khắc phục".into(),
        columns,
        rows,
        total: None,
        notes: Vec::new(),
        empty: NONE,
    }
}

/// Active findings past their deadline or due within seven days, most late first.
pub(super) fn due(data: &Data, naming: Naming) -> Table {
    let today = data.today;
    let mut late: Vec<&Finding> = data
        .findings
        .iter()
        .filter(|f| f.status.is_active() && (today - f.due).num_days() >= -DUE_SOON_DAYS)
        .collect();
    late.sort_by(|a, b| {
        a.due
            .cmp(&b.due)
            .then_with(|| vi_cmp(&unit_name(data, a), &unit_name(data, b)))
            .then_with(|| vi_cmp(&a.reference, &b.reference))
    });
    let rows = late
        .into_iter()
        .enumerate()
        .map(|(i, f)| {
            let who = if f.responsibility.name.is_empty() {
                f.responsibility.kind.vi().to_string()
            } else {
                f.responsibility.name.clone()
            };
            vec![
                Cell::Int(i as u64 + 1),
                unit_name(data, f).into(),
                naming.finding(f).into(),
                who.into(),
                Cell::Date(f.due),
                Cell::Days((today - f.due).num_days()),
                Cell::Days((f.due - today).num_days()),
            ]
        })
        .collect();
    Table {
        title: "Hạn chế, khuyết điểm quá hạn và sắp đến hạn".into(),
        columns: vec![
            col("STT", Kind::Int),
            col("Đơn vị", Kind::Text),
            col("Hạn chế, khuyết điểm", Kind::Wide),
            col("Người chịu trách nhiệm", Kind::Text),
            col("Hạn", Kind::Date),
            col("Số ngày quá hạn", Kind::Days),
            col("Số ngày còn lại", Kind::Days),
        ],
        rows,
        total: None,
        notes: vec![format!(
            "Tính đến ngày {}: hạn chế, khuyết điểm chưa khắc phục xong (chưa khắc phục, đang khắc phục) đã quá hạn hoặc đến hạn trong {DUE_SOON_DAYS} ngày tới; đến hạn hôm nay: cả hai cột để trống.",
            format_date(today)
        )],
        empty: "Không có hạn chế, khuyết điểm quá hạn hoặc sắp đến hạn",
    }
}

/// The findings of earlier visits this visit re-checks (at its units, or at
/// units that merged into them), with where each was recorded; none when
/// there are none.
pub(super) fn rechecked(data: &Data, naming: Naming) -> Option<Table> {
    if data.carried.is_empty() {
        return None;
    }
    let here = |c: &Carried| {
        data.unit(c.unit)
            .map(|u| u.name.clone())
            .unwrap_or_default()
    };
    let rows = data
        .carried
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let f = &c.finding;
            let mut what = naming.finding(f);
            if let Some(name) = &c.formerly {
                what.push_str(&format!(" — {}", Msg::Formerly.fill_in(Lang::Vi, &[name])));
            }
            let mut row = vec![Cell::Int(i as u64 + 1), here(c).into()];
            if naming == Naming::Internal {
                row.push(c.visit.clone().into());
            }
            row.extend([
                what.into(),
                f.remedy.clone().into(),
                Cell::Date(f.due),
                latest_result(f).into(),
                status(f).into(),
            ]);
            if naming == Naming::Internal {
                row.push(advice(f, data.today).into());
            }
            row
        })
        .collect();
    Some(Table {
        title: "Rà soát hạn chế, khuyết điểm các đợt trước".into(),
        columns: vec![
            col("STT", Kind::Int),
            col("Đơn vị", Kind::Text),
            col("Đợt", Kind::Text),
            col("Hạn chế, khuyết điểm", Kind::Wide),
            col("Giải pháp, biện pháp khắc phục", Kind::Wide),
            col("Hạn", Kind::Date),
            col("Kết quả, bằng chứng", Kind::Wide),
            col("Tình trạng", Kind::Text),
            col("Đề nghị", Kind::Text),
        ],
        rows,
        total: None,
        notes: vec![format!(
            "Hạn chế, khuyết điểm do các đợt trước ghi nhận tại các đơn vị của đợt (hoặc tại đơn vị đã sáp nhập vào đơn vị của đợt), chưa kết thúc theo dõi tính đến ngày {}.",
            format_date(data.today)
        )],
        empty: NONE,
    })
}

/// The re-checks made during this visit — of the baseline, of earlier
/// visits' findings and of this visit's own — per unit: where each was
/// first named and what the team found (kết quả rà soát).
pub(super) fn rechecks(data: &Data) -> Table {
    let rows = data
        .rechecks
        .iter()
        .enumerate()
        .map(|(i, (f, outcome))| {
            let at = data
                .unit(f.unit)
                .map(|u| u.name.clone())
                .or_else(|| {
                    data.carried
                        .iter()
                        .find(|c| c.finding.id == f.id)
                        .and_then(|c| data.unit(c.unit))
                        .map(|u| u.name.clone())
                })
                .unwrap_or_default();
            vec![
                Cell::Int(i as u64 + 1),
                at.into(),
                f.title.clone().into(),
                source(f, data.visit.id).into(),
                outcome.vi().into(),
                party_status(f).into(),
            ]
        })
        .collect();
    Table {
        title: "Kết quả rà soát hạn chế, khuyết điểm".into(),
        columns: vec![
            col("STT", Kind::Int),
            col("Tổ chức đảng", Kind::Text),
            col("Hạn chế, khuyết điểm", Kind::Wide),
            col("Nguồn", Kind::Text),
            col("Kết quả rà soát", Kind::Text),
            col("Tình trạng", Kind::Text),
        ],
        rows,
        total: None,
        notes: vec![
            "Hạn chế, khuyết điểm Đoàn giám sát rà soát trong đợt này, kể cả những hạn chế, khuyết điểm đã chỉ ra qua kiểm điểm và qua các đợt trước.".into(),
        ],
        empty: "Chưa rà soát hạn chế, khuyết điểm nào trong đợt",
    }
}
