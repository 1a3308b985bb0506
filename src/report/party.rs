//! The báo cáo of a visit as a Party document ([`PartyDocument`]), in the
//! form Hướng dẫn 36-HD/VPTW sets: issued by the team (Đoàn giám sát) under
//! the body that formed it, its number left blank for the văn thư (the
//! plan's number is the plan's, not the report's), the plan and the decision
//! forming the team cited in the opening paragraph, and no internal code of
//! the program anywhere in it.
//!
//! What the team writes in its own words — the situation, the causes and
//! responsibility, the recommendations — is not stored yet: those parts
//! carry the figures the program counts, marked as a draft to rewrite.

use chrono::NaiveDate;

use super::document::{
    self, Appendix, Body, DocNumber, Head, Level, Marker, Orientation, PartyDocument, Recipients,
    Signature, Span,
};
use super::gather::Data;
use super::{Report, Table, appendix};
use crate::domain::VisitKind;
use crate::domain::date::format_date;
use crate::domain::label::Labelled;
use crate::domain::text::format_int;

/// What the Party-form báo cáo cites and lists, beyond the report's tables.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    /// The plan's number as written ("12-KH/TU"); may be empty.
    pub plan_no: String,
    /// The number of the decision forming the team ("09-QĐ/TU"); may be empty.
    pub decision_no: String,
    /// The body that formed the team: "Ban Thường vụ Thành ủy Nam Định".
    pub issuer: String,
    /// Địa danh for the date line.
    pub place: String,
    /// The visit's title, as its plan names it.
    pub title: String,
    pub kind: VisitKind,
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// The units in scope, in the report's order.
    pub units: Vec<UnitFacts>,
    /// Each unit's findings named by title (no reference), in the report's order.
    pub findings: Vec<(String, Table)>,
}

/// A unit in scope, as the situation part counts it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitFacts {
    pub name: String,
    /// Loại tổ chức: "Đảng bộ cơ sở".
    pub kind: String,
    pub members: u32,
}

pub(super) fn facts(data: &Data) -> Facts {
    let v = &data.visit;
    Facts {
        plan_no: v.plan_no.trim().to_string(),
        decision_no: v.decision_no.trim().to_string(),
        issuer: v.issuer.trim().to_string(),
        place: v.place.clone(),
        title: v.title.trim().to_string(),
        kind: v.kind,
        start: v.start,
        end: v.end,
        units: data
            .units
            .iter()
            .map(|u| UnitFacts {
                name: u.name.clone(),
                kind: u.kind.vi().to_string(),
                members: u.members,
            })
            .collect(),
        findings: appendix::titled_per_unit(data),
    }
}

/// The team and its abbreviation in the number: a kiểm tra has an Đoàn
/// kiểm tra, a giám sát or hậu kiểm an Đoàn giám sát.
fn team(kind: VisitKind) -> (&'static str, &'static str) {
    match kind {
        VisitKind::Inspection => ("Đoàn kiểm tra", "ĐKT"),
        VisitKind::Supervision | VisitKind::FollowUp => ("Đoàn giám sát", "ĐGS"),
    }
}

/// The body above the team in the head: the committee whose standing
/// committee (or executive committee, or standing members) formed it —
/// "Ban Thường vụ Thành ủy Nam Định" → "Thành ủy Nam Định"; any other
/// issuer (an Ủy ban Kiểm tra) as written.
#[must_use]
pub fn upper_body(issuer: &str) -> Option<String> {
    let issuer = issuer.trim();
    if issuer.is_empty() {
        return None;
    }
    let lower = issuer.to_lowercase();
    for prefix in ["ban thường vụ ", "ban chấp hành ", "thường trực "] {
        // Lower-casing keeps the byte length of these prefixes' letters;
        // `get` checks it all the same.
        let rest = issuer.get(prefix.len()..).map(str::trim);
        if let Some(rest) = rest.filter(|r| lower.starts_with(prefix) && !r.is_empty()) {
            return Some(rest.to_string());
        }
    }
    Some(issuer.to_string())
}

/// The first letter in lower case, for a title quoted inside a sentence.
fn uncapitalized(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_lowercase().chain(chars).collect())
        .unwrap_or_default()
}

/// "Kế hoạch số 12-KH/TU", or "Kế hoạch" when the number is not known.
fn cited(what: &str, number: &str) -> String {
    if number.is_empty() {
        what.to_string()
    } else {
        format!("{what} số {number}")
    }
}

/// Marks a part the program drafted from its figures.
const DRAFT: &str =
    "Dự thảo do chương trình lập từ số liệu; Đoàn giám sát sửa, bổ sung trước khi ban hành.";

/// The báo cáo kết quả of the visit as a Party document, dated `r.today`.
#[must_use]
pub fn bao_cao(r: &Report) -> PartyDocument {
    let f = &r.party;
    let (team_name, team_abbr) = team(f.kind);
    let subject = uncapitalized(&f.title);
    let scope = r.header.unit.as_ref();
    let mut b = Body::new();
    opening(&mut b, r, team_name, &subject);

    b.heading(Level::Part, "ĐẶC ĐIỂM TÌNH HÌNH");
    let members: u64 = f.units.iter().map(|u| u64::from(u.members)).sum();
    b.paragraph(format!(
        "{team_name} làm việc với {} tổ chức đảng, có tổng số {} đảng viên:",
        format_int(i64::try_from(f.units.len()).unwrap_or(i64::MAX)),
        format_int(i64::try_from(members).unwrap_or(i64::MAX)),
    ));
    let last = f.units.len().saturating_sub(1);
    b.list(
        Marker::Dash,
        f.units.iter().enumerate().map(|(i, u)| {
            format!(
                "{} ({}): {} đảng viên{}",
                u.name,
                uncapitalized(&u.kind),
                format_int(i64::from(u.members)),
                if i == last { "." } else { ";" }
            )
        }),
    );
    b.note(DRAFT);

    b.heading(Level::Part, "KẾT QUẢ GIÁM SÁT");
    b.heading(Level::Section, "Kết quả kiểm tra theo phiếu");
    b.table(document::Table::from(&r.checklist));
    for n in &r.checklist.notes {
        b.note(n.clone());
    }
    b.heading(Level::Section, "Hạn chế, khuyết điểm và kết quả khắc phục");
    b.spans(vec![Span::plain(r.summary.clone())]);
    for (unit, table) in &f.findings {
        b.heading(Level::Point, unit.clone());
        let mut t = document::Table::from(table);
        t.title = None;
        b.table(t);
    }

    b.heading(
        Level::Part,
        "NGUYÊN NHÂN (CHỦ QUAN, KHÁCH QUAN) VÀ TRÁCH NHIỆM (TẬP THỂ, CÁ NHÂN)",
    );
    b.paragraph(r.summary.clone());
    b.note(format!(
        "{team_name} nêu nguyên nhân chủ quan, khách quan và trách nhiệm của tập thể, cá nhân đối với từng hạn chế, khuyết điểm. {DRAFT}"
    ));

    b.heading(Level::Part, "KIẾN NGHỊ, ĐỀ XUẤT");
    b.list(Marker::Dash, r.recommendations.iter().cloned());
    b.note(DRAFT);

    let mut to = vec![format!("{} (để báo cáo),", f.issuer)];
    match scope {
        Some(unit) => to.push(format!("{unit},")),
        None => to.push("Các tổ chức đảng được giám sát,".to_string()),
    }
    let summary = match scope {
        Some(unit) => format!("kết quả {subject} tại {unit}"),
        None => format!("kết quả {subject}"),
    };
    PartyDocument {
        head: Head {
            upper_body: upper_body(&f.issuer),
            issuer: team_name.to_string(),
            number: DocNumber {
                number: None,
                kind: "BC".to_string(),
                issuer: team_abbr.to_string(),
            },
            place: f.place.clone(),
            date: r.today,
        },
        kind: "Báo cáo".to_string(),
        summary,
        body: b.into_blocks(),
        signature: Signature {
            authority: Some(format!("T/M {team_name}")),
            position: "Trưởng đoàn".to_string(),
            name: r.header.lead.clone().unwrap_or_default(),
        },
        recipients: Recipients {
            to,
            archive: format!("{team_name}."),
        },
        appendices: vec![Appendix {
            title: r.rates.title.to_uppercase(),
            note: Some(format!("(Tính đến ngày {})", format_date(r.today))),
            orientation: Orientation::Landscape,
            body: {
                let mut a = Body::new();
                let mut t = document::Table::from(&r.rates);
                t.title = None;
                a.table(t);
                for n in &r.rates.notes {
                    a.note(n.clone());
                }
                a.into_blocks()
            },
        }],
    }
}

/// "Thực hiện Kế hoạch số … của … về … và Quyết định số … thành lập Đoàn
/// giám sát, từ ngày … đến ngày …, Đoàn giám sát đã làm việc với …".
fn opening(b: &mut Body, r: &Report, team_name: &str, subject: &str) {
    let f = &r.party;
    let by = if f.issuer.is_empty() {
        String::new()
    } else {
        format!(" của {}", f.issuer)
    };
    let with = match (r.header.unit.as_ref(), f.units.len()) {
        (Some(unit), _) => unit.clone(),
        (None, 1) => f.units[0].name.clone(),
        (None, n) => format!("{} tổ chức đảng", format_int(i64::try_from(n).unwrap_or(0))),
    };
    b.paragraph(format!(
        "Thực hiện {}{by} về {subject} và {} thành lập {team_name}, từ ngày {} đến ngày {}, \
         {team_name} đã làm việc với {with}. {team_name} báo cáo kết quả như sau:",
        cited("Kế hoạch", &f.plan_no),
        cited("Quyết định", &f.decision_no),
        format_date(f.start),
        format_date(f.end),
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_upper_body_is_the_committee_that_formed_the_team() {
        assert_eq!(
            upper_body("Ban Thường vụ Thành ủy Nam Định").as_deref(),
            Some("Thành ủy Nam Định")
        );
        assert_eq!(
            upper_body("BAN CHẤP HÀNH Đảng bộ tỉnh").as_deref(),
            Some("Đảng bộ tỉnh")
        );
        assert_eq!(
            upper_body("Ủy ban Kiểm tra Thành ủy").as_deref(),
            Some("Ủy ban Kiểm tra Thành ủy")
        );
        assert_eq!(upper_body("  "), None);
        assert_eq!(
            upper_body("Ban Thường vụ").as_deref(),
            Some("Ban Thường vụ")
        );
    }

    #[test]
    fn citations_leave_out_an_unknown_number() {
        assert_eq!(cited("Kế hoạch", "12-KH/TU"), "Kế hoạch số 12-KH/TU");
        assert_eq!(cited("Quyết định", ""), "Quyết định");
        assert_eq!(uncapitalized("Hậu kiểm việc"), "hậu kiểm việc");
    }
}
