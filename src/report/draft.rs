//! Drafts of the team's own text, made from the figures: offered in the app
//! to edit, and printed (marked as a draft) only where the team has saved
//! nothing. Never the final wording: the team writes that.

use chrono::{Days, NaiveDate};

use super::ReportError;
use super::gather::{self, Data};
use crate::domain::text::format_int;
use crate::domain::{
    Baseline, Finding, FindingStatus, Id, Report, ResponsibilityKind, Severity, Verdict,
};
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
    let mut of_units: Vec<(String, Vec<Finding>)> = Vec::with_capacity(data.units.len());
    for u in &data.units {
        of_units.push((u.name.clone(), store.findings_of_unit(u.id)?));
    }
    let unit = data.scope.as_ref().map(|u| u.id);
    let mut r = Report::new(data.visit.id, unit, "", chrono::Utc::now());
    r.situation = situation(&data);
    r.strengths = strengths(&data);
    r.weaknesses = weaknesses(&data, &of_units);
    let all: Vec<&Finding> = of_units.iter().flat_map(|(_, f)| f).collect();
    let open: Vec<&Finding> = all
        .iter()
        .copied()
        .filter(|f| !f.status.is_final())
        .collect();
    r.causes = causes(&open);
    r.responsibility = responsibility(&open);
    r.proposals = match unit {
        None => proposals(&data, &open),
        Some(_) => requirements(&open),
    };
    r.recipients = recipients(&data);
    if unit.is_some() {
        r.report_by = today.checked_add_days(Days::new(REPORT_BACK_DAYS));
    }
    Ok(r)
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
            "\n- {}: {} đảng viên; bí thư: đồng chí {}.",
            u.name,
            format_int(i64::from(u.members)),
            u.secretary.trim()
        ));
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

/// II.2 The baseline's figure per unit, and what is still open.
fn weaknesses(data: &Data, of_units: &[(String, Vec<Finding>)]) -> String {
    let mut total = Baseline::default();
    let mut lines = Vec::new();
    for (name, findings) in of_units {
        let b = Baseline::count(findings, data.visit.id);
        total = total.plus(b);
        lines.push(format!("- {name}: {}", b.sentence()));
    }
    let mut s = if of_units.len() == 1 {
        lines
            .pop()
            .unwrap_or_default()
            .trim_start_matches("- ")
            .to_string()
    } else {
        format!("{}\n{}", total.sentence(), lines.join("\n"))
    };
    let open: Vec<&Finding> = of_units
        .iter()
        .flat_map(|(_, f)| f)
        .filter(|f| f.status.is_active())
        .collect();
    if !open.is_empty() {
        s.push_str("\nNhững hạn chế, khuyết điểm chưa khắc phục xong:");
        for f in open {
            s.push_str(&format!("\n- {}", f.title.trim()));
        }
    }
    s
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
    let mut out = vec![
        "Đề nghị tổ chức đảng tập trung lãnh đạo, chỉ đạo khắc phục dứt điểm các hạn chế, khuyết điểm sau:"
            .to_string(),
    ];
    for f in open {
        out.push(format!("- {}", f.title.trim()));
    }
    out.push("Báo cáo kết quả khắc phục bằng văn bản về Đoàn giám sát đúng thời hạn.".to_string());
    out.join("\n")
}

/// Nơi nhận.
fn recipients(data: &Data) -> String {
    let mut out = Vec::new();
    let issuer = data.visit.issuer.trim();
    if !issuer.is_empty() {
        out.push(format!("- {issuer} (để báo cáo),"));
    }
    match &data.scope {
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
