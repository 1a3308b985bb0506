//! Drafts of the team's own text, made from the figures: offered in the app
//! to edit, and printed (marked as a draft) only where the team has saved
//! nothing. Never the final wording: the team writes that.

use chrono::{Days, NaiveDate};

use super::ReportError;
use super::gather::{self, Data};
use crate::domain::text::format_int;
use crate::domain::{Finding, FindingStatus, Id, Report, ResponsibilityKind, Severity, Verdict};
use crate::store::Store;

/// Days a unit is given to report back on its remediation, from the day the
/// thông báo kết luận is drafted.
pub const REPORT_BACK_DAYS: u64 = 30;

/// The drafts for the báo cáo of `visit_code` (`unit_code` none) or for the
/// thông báo kết luận to `unit_code`, as of `today`, signed by nobody yet.
///
/// # Errors
/// An unknown visit or unit, a missing template, a storage failure.
pub fn draft(
    store: &Store,
    visit_code: &str,
    unit_code: Option<&str>,
    today: NaiveDate,
) -> Result<Report, ReportError> {
    let data = gather::gather(store, visit_code, unit_code, today)?;
    Ok(of(&data, unit_code.is_some()))
}

/// The drafts from gathered data: for the thông báo kết luận to the unit in
/// scope when `conclusion`, else for the báo cáo.
pub(super) fn of(data: &Data, conclusion: bool) -> Report {
    let unit = data.scope.as_ref().map(|u| u.id).filter(|_| conclusion);
    let mut r = Report::new(data.visit.id, unit, "", chrono::Utc::now());
    r.situation = situation(data);
    r.strengths = strengths(data);
    r.weaknesses = weaknesses(data);
    let open: Vec<&Finding> = data
        .of_units
        .iter()
        .flatten()
        .filter(|f| !f.status.is_final())
        .collect();
    r.causes = causes(&open);
    r.responsibility = responsibility(&open);
    r.proposals = if conclusion {
        requirements(&open)
    } else {
        proposals(data, &open)
    };
    r.recipients = recipients(data, conclusion);
    if conclusion {
        r.report_by = data.today.checked_add_days(Days::new(REPORT_BACK_DAYS));
    }
    r
}

/// I. The units and their members.
fn situation(data: &Data) -> String {
    let members: u64 = data.units.iter().map(|u| u64::from(u.members)).sum();
    let mut s = format!(
        "Đoàn giám sát làm việc với {} tổ chức đảng, có tổng số {} đảng viên.",
        format_int(i64::try_from(data.units.len()).unwrap_or(i64::MAX)),
        format_int(i64::try_from(members).unwrap_or(i64::MAX)),
    );
    for u in &data.units {
        s.push_str(&format!(
            "\n- {}: {} đảng viên",
            u.name,
            format_int(i64::from(u.members)),
        ));
        if !u.secretary.trim().is_empty() {
            s.push_str(&format!("; {}", super::party::secretary(u)));
        }
        s.push('.');
    }
    s
}

/// II.1 The sections of the checklist every unit met.
fn strengths(data: &Data) -> String {
    let mut lines = Vec::new();
    for s in &data.template.sections {
        let mut met = 0;
        let mut asked = 0;
        for u in &data.units {
            for i in s.items.iter().filter(|i| i.applies_to(u.sector)) {
                match data.verdict(u.id, &i.code) {
                    Verdict::Unchecked | Verdict::NotApplicable => {}
                    Verdict::Pass => {
                        met += 1;
                        asked += 1;
                    }
                    Verdict::Partial | Verdict::Fail => asked += 1,
                }
            }
        }
        if asked > 0 && met == asked {
            lines.push(format!("- {}. {}: các nội dung đều đạt.", s.code, s.title));
        }
    }
    if lines.is_empty() {
        "Đoàn giám sát nêu những ưu điểm trong việc khắc phục hạn chế, khuyết điểm.".to_string()
    } else {
        lines.join("\n")
    }
}

/// II.2 What is still open, by unit. The baseline's figure is not
/// repeated here: the documents print it, counted, above this part.
fn weaknesses(data: &Data) -> String {
    let mut lines = Vec::new();
    for (u, findings) in data.units.iter().zip(&data.of_units) {
        let open: Vec<&Finding> = findings.iter().filter(|f| f.status.is_active()).collect();
        if open.is_empty() {
            continue;
        }
        if data.units.len() > 1 {
            lines.push(format!("{}:", u.name));
        }
        lines.extend(open.iter().map(|f| format!("- {}", f.title.trim())));
    }
    if lines.is_empty() {
        "Các hạn chế, khuyết điểm đều đã khắc phục hoặc đang được xác minh.".to_string()
    } else {
        format!(
            "Những hạn chế, khuyết điểm chưa khắc phục xong:\n{}",
            lines.join("\n")
        )
    }
}

/// III. Causes as the findings name them.
fn causes(open: &[&Finding]) -> String {
    let named: Vec<String> = open
        .iter()
        .map(|f| f.cause.trim())
        .filter(|c| !c.is_empty())
        .map(|c| format!("- {c}"))
        .collect();
    if named.is_empty() {
        "Nguyên nhân chủ quan: …\nNguyên nhân khách quan: …".to_string()
    } else {
        format!(
            "Nguyên nhân chủ quan: …\nNguyên nhân khách quan: …\nNguyên nhân đơn vị nêu:\n{}",
            named.join("\n")
        )
    }
}

/// III. Responsibility, collective then individual.
fn responsibility(open: &[&Finding]) -> String {
    let names = |kind: ResponsibilityKind| {
        let mut v: Vec<&str> = open
            .iter()
            .filter(|f| f.responsibility.kind == kind)
            .map(|f| f.responsibility.name.trim())
            .filter(|n| !n.is_empty())
            .collect();
        v.sort_unstable();
        v.dedup();
        v.join("; ")
    };
    format!(
        "Trách nhiệm tập thể: {}\nTrách nhiệm cá nhân: {}",
        or_dots(names(ResponsibilityKind::Collective)),
        or_dots(names(ResponsibilityKind::Individual))
    )
}

fn or_dots(s: String) -> String {
    if s.is_empty() { "…".to_string() } else { s }
}

/// IV. What the team proposes to the body that formed it.
fn proposals(data: &Data, open: &[&Finding]) -> String {
    let mut out = Vec::new();
    let violations: Vec<&&Finding> = open
        .iter()
        .filter(|f| f.severity == Severity::Violation)
        .collect();
    if !violations.is_empty() {
        let at: Vec<String> = unit_names(data, violations.iter().map(|f| f.unit));
        out.push(format!(
            "- Đề nghị Ủy ban Kiểm tra xem xét, tiến hành kiểm tra khi có dấu hiệu vi phạm đối với {} hạn chế, khuyết điểm tại {}.",
            violations.len(),
            at.join(", ")
        ));
    }
    let overdue = open
        .iter()
        .filter(|f| f.days_overdue(data.today).is_some())
        .count();
    if overdue > 0 {
        out.push(format!(
            "- Yêu cầu các tổ chức đảng khắc phục dứt điểm {overdue} hạn chế, khuyết điểm đã quá thời hạn cam kết."
        ));
    }
    let reported = open
        .iter()
        .filter(|f| f.status == FindingStatus::Remediated)
        .count();
    if reported > 0 {
        out.push(format!(
            "- Tiếp tục theo dõi, xác minh {reported} hạn chế, khuyết điểm đơn vị báo cáo đã khắc phục."
        ));
    }
    if out.is_empty() {
        out.push("- Đoàn giám sát nêu kiến nghị, đề xuất.".to_string());
    }
    out.join("\n")
}

/// The requirements (yêu cầu) to one unit: each shortcoming not yet remedied.
fn requirements(open: &[&Finding]) -> String {
    if open.is_empty() {
        return "Đề nghị tổ chức đảng tiếp tục duy trì kết quả khắc phục, không để tái diễn các hạn chế, khuyết điểm đã khắc phục."
            .to_string();
    }
    let mut out = vec![
        "Đề nghị tổ chức đảng tập trung lãnh đạo, chỉ đạo khắc phục dứt điểm các hạn chế, khuyết điểm sau:"
            .to_string(),
    ];
    for f in open {
        out.push(format!("- {}", f.title.trim()));
    }
    out.join("\n")
}

/// Nơi nhận.
fn recipients(data: &Data, conclusion: bool) -> String {
    let mut out = Vec::new();
    let issuer = data.visit.issuer.trim();
    if !issuer.is_empty() {
        let why = if conclusion {
            "để biết"
        } else {
            "để báo cáo"
        };
        out.push(format!("- {issuer} ({why}),"));
    }
    match &data.scope {
        Some(u) if conclusion => out.push(format!("- {} (để thực hiện),", u.name)),
        Some(u) => out.push(format!("- {},", u.name)),
        None => out.push("- Các tổ chức đảng được giám sát,".to_string()),
    }
    out.push("- Lưu Đoàn giám sát.".to_string());
    out.join("\n")
}

fn unit_names(data: &Data, ids: impl Iterator<Item = Id>) -> Vec<String> {
    let mut v: Vec<Id> = ids.collect();
    v.sort_by_key(|id| data.position(*id));
    v.dedup();
    v.into_iter()
        .filter_map(|id| data.unit(id).map(|u| u.name.clone()))
        .collect()
}
