//! The báo cáo of a visit as a Party document ([`PartyDocument`]), in the
//! form Hướng dẫn 36-HD/VPTW sets: issued by the team (Đoàn giám sát) under
//! the body that formed it, its number left blank for the văn thư (the
//! plan's number is the plan's, not the report's), the plan and the decision
//! forming the team cited in the opening paragraph, and no internal code of
//! the program anywhere in it.
//!
//! What the team writes in its own words — the situation, the strengths and
//! shortcomings, the causes and responsibility, the recommendations or
//! requirements, the recipients — is printed as the team saved it; a part
//! it left empty is printed from the draft ([`super::draft`]) under a one-line
//! mark saying so. The figures (the baseline's, the re-checks) are counted,
//! never typed. The same model renders as Markdown, HTML and Word.

use chrono::NaiveDate;

use super::document::{
    self, Appendix, Body, DocNumber, Head, Level, Marker, Orientation, PartyDocument, Recipients,
    Signature,
};
use super::gather::Data;
use super::{Cell, Kind, Report, Table, Texts, appendix, col};
use crate::domain::date::format_date;
use crate::domain::label::Labelled;
use crate::domain::report::Part;
use crate::domain::text::{format_int, vi_cmp};
use crate::domain::{Baseline, Finding, FindingStatus, Unit, UnitKind, VisitKind};

/// What the Party documents cite and list, beyond the report's tables.
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
    /// The baseline's figure over the units in scope.
    pub total: Baseline,
    /// Each unit's findings of the visit named by title (no reference), in
    /// the report's order.
    pub findings: Vec<(String, Table)>,
    /// The overdue list, findings named by title.
    pub due: Table,
    /// Earlier visits' findings still followed, named by title, no visit code.
    pub carried: Option<Table>,
}

/// A unit in scope: what the documents say of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitFacts {
    pub name: String,
    /// Loại tổ chức: "Đảng bộ cơ sở".
    pub kind: String,
    pub members: u32,
    /// The baseline's figure at this unit.
    pub baseline: Baseline,
    /// The baseline's shortcomings the unit reports remedied, not yet
    /// verified: shown apart from "đã khắc phục".
    pub reported: Vec<String>,
    /// Re-checks made during the visit: (title, source, outcome).
    pub rechecks: Vec<(String, String, String)>,
    /// Every shortcoming of the unit to conclude on: the baseline and what
    /// this visit found, with source, grade, state and deadline.
    pub shortcomings: Table,
}

pub(super) fn facts(data: &Data) -> Facts {
    let v = &data.visit;
    let units: Vec<UnitFacts> = data
        .units
        .iter()
        .zip(&data.of_units)
        .map(|(u, of_unit)| UnitFacts {
            name: u.name.clone(),
            kind: u.kind.vi().to_string(),
            members: u.members,
            baseline: Baseline::count(of_unit, v.id),
            reported: of_unit
                .iter()
                .filter(|f| f.origin.is_review() && f.status == FindingStatus::Remediated)
                .map(|f| f.title.trim().to_string())
                .collect(),
            rechecks: data
                .rechecks
                .iter()
                .filter(|(f, _)| {
                    f.unit == u.id
                        || data
                            .carried
                            .iter()
                            .any(|c| c.finding.id == f.id && c.unit == u.id)
                })
                .map(|(f, outcome)| {
                    (
                        f.title.trim().to_string(),
                        appendix::source(f, v.id),
                        outcome.vi().to_string(),
                    )
                })
                .collect(),
            shortcomings: shortcomings(data, of_unit),
        })
        .collect();
    Facts {
        plan_no: v.plan_no.trim().to_string(),
        decision_no: v.decision_no.trim().to_string(),
        issuer: v.issuer.trim().to_string(),
        place: v.place.clone(),
        title: v.title.trim().to_string(),
        kind: v.kind,
        start: v.start,
        end: v.end,
        total: units
            .iter()
            .fold(Baseline::default(), |t, u| t.plus(u.baseline)),
        units,
        findings: appendix::titled_per_unit(data),
        due: appendix::due(data, appendix::Naming::Party),
        carried: appendix::rechecked(data, appendix::Naming::Party),
    }
}

/// The shortcomings of one unit a conclusion rules on: every one named at
/// the review, those this visit found, and those of earlier visits still
/// followed or re-checked now; the baseline first, then this visit's, then
/// the earlier ones, each by title.
fn shortcomings(data: &Data, of_unit: &[Finding]) -> Table {
    let this = data.visit.id;
    let rank = |f: &Finding| match (f.origin.is_review(), f.visit == this) {
        (true, _) => 0,
        (false, true) => 1,
        (false, false) => 2,
    };
    let mut list: Vec<&Finding> = of_unit
        .iter()
        .filter(|f| {
            f.origin.is_review()
                || f.visit == this
                || !f.status.is_final()
                || f.recheck_in(this).is_some()
        })
        .collect();
    list.sort_by(|a, b| {
        rank(a)
            .cmp(&rank(b))
            .then_with(|| vi_cmp(&a.title, &b.title))
    });
    let rows = list
        .into_iter()
        .enumerate()
        .map(|(i, f)| {
            let mut state = appendix::party_status(f);
            if let Some(outcome) = f.recheck_in(data.visit.id) {
                state = format!("{state}; rà soát: {}", lower_first(outcome.vi()));
            }
            vec![
                Cell::Int(i as u64 + 1),
                f.title.trim().to_string().into(),
                appendix::source(f, data.visit.id).into(),
                f.severity.vi().into(),
                state.into(),
                Cell::Date(f.due),
            ]
        })
        .collect();
    Table {
        title: String::new(),
        columns: vec![
            col("STT", Kind::Int),
            col("Hạn chế, khuyết điểm", Kind::Wide),
            col("Nguồn", Kind::Text),
            col("Phân loại", Kind::Text),
            col("Kết luận", Kind::Wide),
            col("Hạn khắc phục", Kind::Date),
        ],
        rows,
        total: None,
        notes: Vec::new(),
        empty: "Không có hạn chế, khuyết điểm",
    }
}

/// "đồng chí Trần Văn Khải, Bí thư Đảng ủy phường Quang Trung": the
/// secretary named as documents do, the committee's name from the unit's
/// ("Đảng bộ phường …" is led by the "Đảng ủy phường …"; a chi bộ by its
/// Bí thư Chi bộ).
#[must_use]
pub fn secretary(u: &Unit) -> String {
    let name = u.name.trim();
    let rest = |prefix: &str| {
        name.get(..prefix.len())
            .filter(|p| p.to_lowercase() == prefix.to_lowercase())
            .and_then(|_| name.get(prefix.len()..))
            .map(str::trim)
    };
    let committee = match u.kind {
        UnitKind::Upper | UnitKind::GrassrootsCommittee | UnitKind::SubCommittee => {
            match rest("Đảng bộ") {
                Some(r) if !r.is_empty() => format!("Đảng ủy {r}"),
                _ => "Đảng ủy".to_string(),
            }
        }
        UnitKind::GrassrootsCell | UnitKind::SubordinateCell => match rest("Chi bộ") {
            Some(r) if !r.is_empty() => format!("Chi bộ {r}"),
            _ => "Chi bộ".to_string(),
        },
    };
    format!("đồng chí {}, Bí thư {committee}", u.secretary.trim())
}

/// The visit's title as the subject of a Party document: a hậu kiểm is the
/// committee's giám sát of the remediation, and is named so.
#[must_use]
pub fn subject(title: &str, kind: VisitKind) -> String {
    let t = uncapitalized(title.trim());
    match kind {
        VisitKind::FollowUp => match t.strip_prefix("hậu kiểm") {
            Some(rest) => format!("giám sát{rest}"),
            None => t,
        },
        VisitKind::Supervision | VisitKind::Inspection => t,
    }
}

fn lower_first(s: &str) -> String {
    uncapitalized(s)
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

/// The one line under a part printed from the draft: never silently final.
pub const DRAFT_MARK: &str =
    "(Dự thảo do chương trình lập từ số liệu; Đoàn giám sát sửa, bổ sung trước khi ban hành.)";

/// A part of the team's text, marked when drafted: a paragraph a line,
/// lines that start with "- " gathered into a list.
fn part(b: &mut Body, t: &Texts, p: Part) {
    let mut items: Vec<String> = Vec::new();
    for line in t
        .parts
        .part(p)
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
    {
        if let Some(item) = line.strip_prefix("- ") {
            items.push(item.trim().to_string());
            continue;
        }
        if !items.is_empty() {
            b.list(Marker::Dash, std::mem::take(&mut items));
        }
        b.paragraph(line);
    }
    if !items.is_empty() {
        b.list(Marker::Dash, items);
    }
    if t.is_drafted(p) {
        b.note(DRAFT_MARK);
    }
}

/// Nơi nhận from the team's lines ("- Ban Thường vụ Thành ủy (để báo
/// cáo),"; "- Lưu Đoàn giám sát."), the copy kept by the team unless a
/// line says who keeps it.
fn recipients(t: &Texts, team_name: &str) -> Recipients {
    let mut to = Vec::new();
    let mut archive = None;
    for line in t.parts.recipients.lines() {
        let l = line.trim().trim_start_matches(['-', '+', '•']).trim();
        if l.is_empty() {
            continue;
        }
        match l.strip_prefix("Lưu:").or_else(|| l.strip_prefix("Lưu ")) {
            Some(rest) => archive = Some(rest.trim().to_string()),
            None => to.push(l.to_string()),
        }
    }
    Recipients {
        to,
        archive: archive.unwrap_or_else(|| format!("{team_name}.")),
    }
}

/// The recipients' mark, in the body above them: the block beside the
/// signature has no room for it.
fn recipients_mark(b: &mut Body, t: &Texts) {
    if t.is_drafted(Part::Recipients) {
        b.note(format!("Nơi nhận: {}", DRAFT_MARK));
    }
}

/// The baseline's figure — over the units and per unit — and, apart from
/// it, what the units report remedied that no team has verified.
fn baseline(b: &mut Body, f: &Facts) {
    if f.units.len() == 1 {
        b.paragraph(f.total.sentence());
    } else {
        b.paragraph(format!("Toàn đoàn: {}", lower_first(&f.total.sentence())));
        let last = f.units.len().saturating_sub(1);
        b.list(
            Marker::Dash,
            f.units.iter().enumerate().map(|(i, u)| {
                let s = lower_first(&u.baseline.sentence());
                let s = if i == last {
                    s
                } else {
                    format!("{};", s.trim_end_matches('.'))
                };
                format!("{}: {s}", u.name)
            }),
        );
    }
    let reported: Vec<String> = f
        .units
        .iter()
        .flat_map(|u| {
            u.reported.iter().map(move |t| {
                if f.units.len() == 1 {
                    t.clone()
                } else {
                    format!("{t} ({})", u.name)
                }
            })
        })
        .collect();
    if !reported.is_empty() {
        b.paragraph("Đơn vị báo cáo đã khắc phục, chưa xác minh (chưa tính là đã khắc phục):");
        b.list(Marker::Dash, reported);
    }
}

/// Kết quả rà soát: what each re-check during the visit found, per unit.
fn rechecks(b: &mut Body, f: &Facts) {
    let mut any = false;
    for u in f.units.iter().filter(|u| !u.rechecks.is_empty()) {
        any = true;
        b.paragraph(format!("Kết quả rà soát tại {}:", u.name));
        b.list(
            Marker::Dash,
            u.rechecks.iter().map(|(title, source, outcome)| {
                format!(
                    "{title} — {}: {}.",
                    lower_first(source),
                    lower_first(outcome)
                )
            }),
        );
    }
    if !any {
        b.paragraph("Kết quả rà soát: trong đợt chưa có hạn chế, khuyết điểm nào được rà soát.");
    }
}

/// A phụ lục holding one report table.
fn table_appendix(t: &Table, today: NaiveDate) -> Appendix {
    let mut a = Body::new();
    let mut d = document::Table::from(t);
    d.title = None;
    a.table(d);
    for n in &t.notes {
        a.note(n.clone());
    }
    Appendix {
        title: t.title.to_uppercase(),
        note: Some(format!("(Tính đến ngày {})", format_date(today))),
        orientation: Orientation::Landscape,
        body: a.into_blocks(),
    }
}

/// The báo cáo kết quả of the visit as a Party document, dated `r.today`:
/// the parts Hướng dẫn 36 sets, the team's text in them, the data tables
/// as appendices.
#[must_use]
pub fn bao_cao(r: &Report) -> PartyDocument {
    let f = &r.party;
    let t = &r.text;
    let (team_name, team_abbr) = team(f.kind);
    let subject = subject(&f.title, f.kind);
    let scope = r.header.unit.as_ref();
    let mut b = Body::new();
    opening(
        &mut b,
        r,
        team_name,
        &subject,
        &format!("{team_name} báo cáo kết quả như sau:"),
    );

    b.heading(Level::Part, "ĐẶC ĐIỂM TÌNH HÌNH");
    part(&mut b, t, Part::Situation);

    b.heading(Level::Part, "KẾT QUẢ GIÁM SÁT");
    b.heading(Level::Section, "Ưu điểm");
    part(&mut b, t, Part::Strengths);
    b.heading(Level::Section, "Hạn chế, khuyết điểm");
    baseline(&mut b, f);
    rechecks(&mut b, f);
    part(&mut b, t, Part::Weaknesses);

    b.heading(Level::Part, "NGUYÊN NHÂN VÀ TRÁCH NHIỆM");
    b.heading(Level::Section, "Nguyên nhân");
    part(&mut b, t, Part::Causes);
    b.heading(Level::Section, "Trách nhiệm");
    part(&mut b, t, Part::Responsibility);

    b.heading(Level::Part, "KIẾN NGHỊ, ĐỀ XUẤT");
    part(&mut b, t, Part::Proposals);
    recipients_mark(&mut b, t);

    let summary = match scope {
        Some(unit) => format!("kết quả {subject} tại {unit}"),
        None => format!("kết quả {subject}"),
    };
    let mut appendices = vec![table_appendix(&r.baseline, r.today)];
    if !r.rechecks.rows.is_empty() {
        appendices.push(table_appendix(&r.rechecks, r.today));
    }
    appendices.push({
        let mut a = Body::new();
        for (unit, table) in &f.findings {
            a.heading(Level::Point, unit.clone());
            let mut t = document::Table::from(table);
            t.title = None;
            a.table(t);
        }
        Appendix {
            title: "HẠN CHẾ, KHUYẾT ĐIỂM THEO DÕI TRONG ĐỢT VÀ KẾT QUẢ KHẮC PHỤC".to_string(),
            note: Some(format!("(Tính đến ngày {})", format_date(r.today))),
            orientation: Orientation::Landscape,
            body: a.into_blocks(),
        }
    });
    for table in [&r.checklist, &r.rates, &r.sections, &f.due] {
        appendices.push(table_appendix(table, r.today));
    }
    if let Some(carried) = &f.carried {
        appendices.push(table_appendix(carried, r.today));
    }
    PartyDocument {
        head: head(f, team_name, team_abbr, "BC", r.today),
        kind: "Báo cáo".to_string(),
        summary,
        body: b.into_blocks(),
        signature: signature(r, team_name),
        recipients: recipients(t, team_name),
        appendices,
    }
}

/// The thông báo kết luận giám sát to the one unit in scope: the
/// conclusions on each of its shortcomings (the baseline and the new, with
/// their state), the requirements, and the day by which it reports back.
#[must_use]
pub fn conclusion(r: &Report) -> PartyDocument {
    let f = &r.party;
    let t = &r.text;
    let (team_name, team_abbr) = team(f.kind);
    let subject = subject(&f.title, f.kind);
    let unit_name = r
        .header
        .unit
        .clone()
        .or_else(|| f.units.first().map(|u| u.name.clone()))
        .unwrap_or_default();
    let mut b = Body::new();
    opening(
        &mut b,
        r,
        team_name,
        &subject,
        &format!(
            "Trên cơ sở báo cáo của tổ chức đảng và kết quả giám sát, {team_name} thông báo kết luận như sau:"
        ),
    );

    b.heading(Level::Part, "KẾT LUẬN");
    b.heading(Level::Section, "Ưu điểm");
    part(&mut b, t, Part::Strengths);
    b.heading(Level::Section, "Hạn chế, khuyết điểm");
    baseline(&mut b, f);
    for u in &f.units {
        let mut table = document::Table::from(&u.shortcomings);
        table.title = None;
        b.table(table).note(
            "Nguồn: đã chỉ ra qua kiểm điểm (văn bản, ngày), qua giám sát đợt trước, hoặc phát sinh mới trong đợt giám sát này.",
        );
    }
    part(&mut b, t, Part::Weaknesses);
    b.heading(Level::Section, "Nguyên nhân và trách nhiệm");
    part(&mut b, t, Part::Causes);
    part(&mut b, t, Part::Responsibility);

    b.heading(Level::Part, "YÊU CẦU");
    part(&mut b, t, Part::Proposals);
    match t.parts.report_by {
        Some(by) => b.paragraph(format!(
            "{unit_name} báo cáo kết quả khắc phục về {team_name} trước ngày {}.",
            format_date(by)
        )),
        None => b.paragraph(format!(
            "{unit_name} báo cáo kết quả khắc phục về {team_name} đúng thời hạn."
        )),
    };
    match (t.report_by_drafted, t.is_drafted(Part::Recipients)) {
        (true, true) => {
            b.note(format!("Thời hạn báo cáo, nơi nhận: {DRAFT_MARK}"));
        }
        (true, false) => {
            b.note(format!("Thời hạn báo cáo: {DRAFT_MARK}"));
        }
        (false, _) => recipients_mark(&mut b, t),
    }

    PartyDocument {
        head: head(f, team_name, team_abbr, "TB", r.today),
        kind: "Thông báo".to_string(),
        summary: format!("kết luận {subject} đối với {unit_name}"),
        body: b.into_blocks(),
        signature: signature(r, team_name),
        recipients: recipients(t, team_name),
        appendices: Vec::new(),
    }
}

fn head(f: &Facts, team_name: &str, team_abbr: &str, kind: &str, date: NaiveDate) -> Head {
    Head {
        upper_body: upper_body(&f.issuer),
        issuer: team_name.to_string(),
        number: DocNumber {
            number: None,
            kind: kind.to_string(),
            issuer: team_abbr.to_string(),
        },
        place: f.place.clone(),
        date,
    }
}

fn signature(r: &Report, team_name: &str) -> Signature {
    Signature {
        authority: Some(format!("T/M {team_name}")),
        position: "Trưởng đoàn".to_string(),
        name: r.header.lead.clone().unwrap_or_default(),
    }
}

/// "Thực hiện Kế hoạch số … của … về … và Quyết định số … thành lập Đoàn
/// giám sát, từ ngày … đến ngày …, Đoàn giám sát đã làm việc với …", then
/// `then`.
fn opening(b: &mut Body, r: &Report, team_name: &str, subject: &str, then: &str) {
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
         {team_name} đã làm việc với {with}. {then}",
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

    #[test]
    fn a_secretary_is_named_with_the_committee_the_unit_kind_says() {
        let unit = |name: &str, kind| Unit {
            id: crate::domain::new_id(),
            code: "X".into(),
            name: name.into(),
            kind,
            sector: crate::domain::Sector::Locality,
            parent: None,
            secretary: " Trần Văn Khải ".into(),
            members: 10,
            valid_from: None,
            valid_to: None,
            successor: None,
        };
        assert_eq!(
            secretary(&unit(
                "Đảng bộ phường Quang Trung",
                UnitKind::GrassrootsCommittee
            )),
            "đồng chí Trần Văn Khải, Bí thư Đảng ủy phường Quang Trung"
        );
        assert_eq!(
            secretary(&unit("Chi bộ Tổ dân phố số 2", UnitKind::SubordinateCell)),
            "đồng chí Trần Văn Khải, Bí thư Chi bộ Tổ dân phố số 2"
        );
        assert_eq!(
            secretary(&unit("Tổ dân phố số 3", UnitKind::GrassrootsCell)),
            "đồng chí Trần Văn Khải, Bí thư Chi bộ"
        );
    }

    #[test]
    fn a_hau_kiem_is_named_a_giam_sat_in_documents() {
        assert_eq!(
            subject("Hậu kiểm việc khắc phục", VisitKind::FollowUp),
            "giám sát việc khắc phục"
        );
        assert_eq!(
            subject("Kiểm tra việc thực hiện", VisitKind::Inspection),
            "kiểm tra việc thực hiện"
        );
    }
}
