//! The figures of a report: verdicts per checklist section, the
//! remediation rate per unit, findings per section (lĩnh vực), the summary
//! and the recommendations — all counted from the gathered data.

use std::collections::HashSet;

use chrono::NaiveDate;

use super::gather::Data;
use super::{Cell, Header, Kind, Report, Table, appendix, col};
use crate::domain::date::{format_date, long_date_vi};
use crate::domain::label::Labelled;
use crate::domain::text::format_percent;
use crate::domain::{Baseline, Finding, FindingStatus, Verdict};

/// Findings counted by remediation state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Tally {
    total: u64,
    /// Đã KP: verified by a team; a unit's own report does not count.
    done: u64,
    /// Đang KP: đang khắc phục, and what the unit reports remedied that no
    /// team has verified yet.
    doing: u64,
    /// Chưa KP: mở + không khắc phục được.
    not_yet: u64,
    /// Active and past due.
    overdue: u64,
    awaiting: u64,
    unremediable: u64,
}

fn tally<'a>(findings: impl IntoIterator<Item = &'a Finding>, today: NaiveDate) -> Tally {
    let mut t = Tally::default();
    for f in findings {
        t.total += 1;
        match f.status {
            FindingStatus::Remediated => {
                t.doing += 1;
                t.awaiting += 1;
            }
            FindingStatus::Verified => t.done += 1,
            FindingStatus::InProgress => t.doing += 1,
            FindingStatus::Open => t.not_yet += 1,
            FindingStatus::Unremediable => {
                t.not_yet += 1;
                t.unremediable += 1;
            }
        }
        t.overdue += u64::from(f.days_overdue(today).is_some());
    }
    t
}

/// Build the whole report from the gathered data.
pub(super) fn report(data: &Data, text: super::Texts) -> Report {
    let all = tally(&data.findings, data.today);
    Report {
        today: data.today,
        header: header(data),
        units: data.units.iter().map(unit_line).collect(),
        checklist: checklist(data),
        summary: summary(&all, data.repeated.len()),
        baseline: baseline(data),
        appendix: appendix::per_unit(data),
        results: appendix::flat(data),
        rates: rates(data),
        sections: sections(data),
        due: appendix::due(data, appendix::Naming::Internal),
        rechecked: appendix::rechecked(data, appendix::Naming::Internal),
        rechecks: appendix::rechecks(data),
        party: super::party::facts(data),
        text,
    }
}

fn header(data: &Data) -> Header {
    let v = &data.visit;
    Header {
        issuer: v.issuer.to_uppercase(),
        number: if v.plan_no.is_empty() {
            "Số: ……".into()
        } else {
            format!("Số: {}", v.plan_no)
        },
        place_date: long_date_vi(&v.place, data.today),
        title: format!("BÁO CÁO KẾT QUẢ {}", v.kind.vi().to_uppercase()),
        kind: v.kind.vi().to_lowercase(),
        subject: v.title.clone(),
        unit: data.scope.as_ref().map(|u| u.name.clone()),
        visit_code: v.code.clone(),
        period: format!("từ {} đến {}", format_date(v.start), format_date(v.end)),
        lead: v.lead().map(str::to_string),
    }
}

fn unit_line(u: &crate::domain::Unit) -> String {
    let mut s = format!(
        "{} ({}) — {}; {}",
        u.name,
        u.code,
        u.kind.vi(),
        u.sector.vi()
    );
    if !u.secretary.trim().is_empty() {
        s.push_str(&format!("; {}", super::party::secretary(u)));
    }
    s.push_str(&format!(
        "; {} đảng viên",
        crate::domain::text::format_int(i64::from(u.members))
    ));
    s
}

fn int(n: usize) -> Cell {
    Cell::Int(n as u64)
}

/// Verdicts per section over the units in scope (unanswered items count as chưa kiểm tra).
fn checklist(data: &Data) -> Table {
    const ORDER: [Verdict; 5] = [
        Verdict::Pass,
        Verdict::Partial,
        Verdict::Fail,
        Verdict::NotApplicable,
        Verdict::Unchecked,
    ];
    let mut totals = [0usize; 5];
    let rows = data
        .template
        .sections
        .iter()
        .map(|s| {
            let mut counts = [0usize; 5];
            for u in &data.units {
                // Each unit answers the items of its sector only.
                for item in s.items.iter().filter(|i| i.applies_to(u.sector)) {
                    let v = data.verdict(u.id, &item.code);
                    if let Some(i) = ORDER.iter().position(|o| *o == v) {
                        counts[i] += 1;
                        totals[i] += 1;
                    }
                }
            }
            let mut row = vec![s.code.clone().into(), s.title.clone().into()];
            row.extend(counts.into_iter().map(int));
            row
        })
        .collect();
    let mut total = vec!["".into(), "Tổng".into()];
    total.extend(totals.into_iter().map(int));
    let t = &data.template;
    Table {
        title: "Kết quả kiểm tra theo nội dung của phiếu".into(),
        columns: vec![
            col("Mục", Kind::Text),
            col("Nội dung", Kind::Wide),
            col("Đạt", Kind::Int),
            col("Đạt một phần", Kind::Int),
            col("Chưa đạt", Kind::Int),
            col("Không phát sinh", Kind::Int),
            col("Chưa kiểm tra", Kind::Int),
        ],
        rows,
        total: Some(total),
        notes: vec![{
            let asked: usize = data
                .units
                .iter()
                .map(|u| t.items_for(u.sector).count())
                .sum();
            format!(
                "Số lượt đánh giá: {} lượt — {} đơn vị, mỗi đơn vị theo các nội dung của phiếu {} (phiên bản {}) áp dụng cho loại hình của mình.",
                crate::domain::text::format_int(i64::try_from(asked).unwrap_or(i64::MAX)),
                data.units.len(),
                t.code,
                t.version
            )
        }],
        empty: "Phiếu kiểm tra không có nội dung",
    }
}

/// The text with its first letter upper-cased.
fn capitalized(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn rate_cells(t: &Tally) -> Vec<Cell> {
    vec![
        Cell::Int(t.total),
        Cell::Int(t.done),
        Cell::Int(t.doing),
        Cell::Int(t.not_yet),
        Cell::Int(t.overdue),
        Cell::Percent {
            num: t.done,
            den: t.total,
        },
    ]
}

/// Tỷ lệ khắc phục per unit, with a total row.
fn rates(data: &Data) -> Table {
    let rows = data
        .units
        .iter()
        .enumerate()
        .map(|(i, u)| {
            let t = tally(data.findings.iter().filter(|f| f.unit == u.id), data.today);
            let mut remarks = Vec::new();
            if !data.has_answers(u.id) {
                remarks.push("chưa có kết quả kiểm tra".to_string());
            }
            if t.total == 0 {
                remarks.push("không có hạn chế, khuyết điểm".to_string());
            }
            if t.awaiting > 0 {
                remarks.push(format!(
                    "{} đơn vị báo cáo đã khắc phục, chưa xác minh",
                    t.awaiting
                ));
            }
            if t.unremediable > 0 {
                remarks.push(format!("{} chưa thể khắc phục", t.unremediable));
            }
            let mut row = vec![int(i + 1), u.name.clone().into(), u.sector.vi().into()];
            row.extend(rate_cells(&t));
            row.push(capitalized(&remarks.join("; ")).into());
            row
        })
        .collect();
    let mut total = vec!["".into(), "Tổng".into(), "".into()];
    total.extend(rate_cells(&tally(&data.findings, data.today)));
    total.push("".into());
    Table {
        title: "Tỷ lệ khắc phục hạn chế, khuyết điểm".into(),
        columns: vec![
            col("STT", Kind::Int),
            col("Đơn vị", Kind::Text),
            col("Loại hình", Kind::Text),
            col("Số HCKĐ", Kind::Int),
            col("Đã KP", Kind::Int),
            col("Đang KP", Kind::Int),
            col("Chưa KP", Kind::Int),
            col("Quá hạn", Kind::Int),
            col("Tỷ lệ đã KP", Kind::Percent),
            col("Ghi chú", Kind::Text),
        ],
        rows,
        total: Some(total),
        notes: vec![format!(
            "Tính đến ngày {}. Đã KP: đã khắc phục, Đoàn giám sát đã xác minh; Đang KP: đang khắc phục, kể cả đơn vị báo cáo đã khắc phục mà chưa xác minh; Chưa KP: chưa khắc phục và chưa thể khắc phục (nguyên nhân khách quan); Quá hạn: chưa khắc phục xong (chưa khắc phục, đang khắc phục) mà hạn đã qua; Tỷ lệ đã KP = Đã KP / Số HCKĐ.",
            format_date(data.today)
        )],
        empty: "Không có đơn vị",
    }
}

fn section_row(
    code: &str,
    title: &str,
    findings: &[&Finding],
    data: &Data,
) -> (Vec<Cell>, HashSet<crate::domain::Id>) {
    let units: HashSet<_> = findings.iter().map(|f| f.unit).collect();
    let t = tally(findings.iter().copied(), data.today);
    let repeated = findings
        .iter()
        .filter(|f| data.repeated.contains(&f.id))
        .count();
    let row = vec![
        code.into(),
        title.into(),
        int(units.len()),
        Cell::Int(t.total),
        Cell::Int(t.done),
        Cell::Percent {
            num: t.done,
            den: t.total,
        },
        int(repeated),
    ];
    (row, units)
}

/// Findings per checklist section (lĩnh vực), with a total row.
fn sections(data: &Data) -> Table {
    let section_of = |f: &Finding| {
        f.item
            .as_deref()
            .and_then(|i| data.template.section_of(i))
            .map(|s| s.code.clone())
    };
    let mut rows = Vec::new();
    for s in &data.template.sections {
        let of: Vec<&Finding> = data
            .findings
            .iter()
            .filter(|f| section_of(f).as_deref() == Some(s.code.as_str()))
            .collect();
        rows.push(section_row(&s.code, &s.title, &of, data).0);
    }
    let other: Vec<&Finding> = data
        .findings
        .iter()
        .filter(|f| section_of(f).is_none())
        .collect();
    if !other.is_empty() {
        rows.push(section_row("—", "Nội dung khác", &other, data).0);
    }
    let all: Vec<&Finding> = data.findings.iter().collect();
    let (mut total, _) = section_row("", "Tổng", &all, data);
    total[0] = "".into();
    Table {
        title: "Hạn chế, khuyết điểm theo lĩnh vực".into(),
        columns: vec![
            col("Mục", Kind::Text),
            col("Lĩnh vực", Kind::Wide),
            col("Số đơn vị", Kind::Int),
            col("Tổng HCKĐ", Kind::Int),
            col("Đã KP", Kind::Int),
            col("Tỷ lệ đã KP", Kind::Percent),
            col("Lặp lại", Kind::Int),
        ],
        rows,
        total: Some(total),
        notes: vec![format!(
            "Số đơn vị: số đơn vị có hạn chế, khuyết điểm thuộc lĩnh vực (dòng Tổng: không tính trùng). Lặp lại: hạn chế, khuyết điểm thuộc nội dung mà chính đơn vị đó đã bị đánh giá chưa đạt hoặc đạt một phần tại một đợt bắt đầu trước ngày {}.",
            format_date(data.visit.start)
        )],
        empty: "Phiếu kiểm tra không có lĩnh vực",
    }
}

fn summary(t: &Tally, repeated: usize) -> String {
    if t.total == 0 {
        return "Không có hạn chế, khuyết điểm.".into();
    }
    let mut s = format!(
        "Tổng số {} hạn chế, khuyết điểm: đã khắc phục {} ({}), đang khắc phục {}, chưa khắc phục {}; quá hạn {}.",
        t.total,
        t.done,
        format_percent(t.done, t.total),
        t.doing,
        t.not_yet,
        t.overdue
    );
    if repeated > 0 {
        s.push_str(&format!(
            " Có {repeated} hạn chế, khuyết điểm lặp lại so với các đợt trước."
        ));
    }
    s
}

/// The baseline's figure per unit — of the shortcomings named at the
/// review, how many verified remedied, under way, not started — and the
/// new ones this visit found, with a total row: the report's results.
fn baseline(data: &Data) -> Table {
    let cells = |b: &Baseline| {
        vec![
            Cell::Int(b.identified),
            Cell::Int(b.verified),
            Cell::Percent {
                num: b.verified,
                den: b.identified,
            },
            Cell::Int(b.in_progress),
            Cell::Int(b.reported),
            Cell::Int(b.open),
            Cell::Int(b.unremediable),
            Cell::Int(b.new),
        ]
    };
    let rows = data
        .baselines()
        .into_iter()
        .enumerate()
        .map(|(i, (u, b))| {
            let mut row = vec![int(i + 1), u.name.clone().into()];
            row.extend(cells(&b));
            row
        })
        .collect();
    let mut total = vec!["".into(), "Tổng".into()];
    total.extend(cells(&data.baseline_total()));
    Table {
        title: "Kết quả khắc phục hạn chế, khuyết điểm đã chỉ ra qua kiểm điểm".into(),
        columns: vec![
            col("STT", Kind::Int),
            col("Tổ chức đảng", Kind::Text),
            col("Đã chỉ ra qua kiểm điểm", Kind::Int),
            col("Đã khắc phục", Kind::Int),
            col("Tỷ lệ đã khắc phục", Kind::Percent),
            col("Đang khắc phục", Kind::Int),
            col(
                "Trong đó: đơn vị báo cáo đã khắc phục, chưa xác minh",
                Kind::Int,
            ),
            col("Chưa khắc phục", Kind::Int),
            col("Chưa thể khắc phục", Kind::Int),
            col("Phát sinh mới", Kind::Int),
        ],
        rows,
        total: Some(total),
        notes: vec![format!(
            "Tính đến ngày {}. Đã chỉ ra qua kiểm điểm: hạn chế, khuyết điểm nêu trong báo cáo kiểm điểm của tổ chức đảng hoặc thông báo kết luận của cấp trên. Đã khắc phục: Đoàn giám sát đã xác minh. Phát sinh mới: Đoàn giám sát phát hiện trong đợt này. Tỷ lệ đã khắc phục = Đã khắc phục / Đã chỉ ra qua kiểm điểm.",
            format_date(data.today)
        )],
        empty: "Không có tổ chức đảng",
    }
}
