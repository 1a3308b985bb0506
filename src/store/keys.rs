//! Key layouts of every tree, and what each entity contributes to the
//! secondary indexes and counters. `apply` and `check` both use these
//! functions, so what is maintained and what is recounted cannot differ.

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use crate::domain::{Answer, Finding, Id, Report, Template, Unit, Visit};

/// The trees of the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Tree {
    Meta,
    Ops,
    Units,
    Templates,
    Visits,
    Answers,
    Findings,
    Counters,
    /// Codes and references → id: `u|code`, `v|code`, `t|code\0version`, `f|reference`.
    ByCode,
    /// `active ‖ due ‖ finding` (active = mở or đang khắc phục).
    FindingDue,
    /// `unit ‖ active ‖ due ‖ finding`.
    FindingUnit,
    /// `visit ‖ finding`.
    FindingVisit,
    /// `parent (nil for roots) ‖ child`.
    UnitChildren,
    /// Op id → its key in `Ops`, so an id is never logged twice.
    OpIds,
    /// `successor ‖ predecessor`: the units that merged into a unit.
    UnitSuccessors,
    /// The team's text of a visit's documents: `visit ‖ unit (nil: the báo cáo)`.
    Reports,
    /// Finding → the log keys of its ops, in log order ([`head_key`]);
    /// the last is its head: where a merge learns what the log last said
    /// of the finding, and what a merge of concurrent changes replays.
    FindingHeads,
    /// A record → its conflicts, open and settled ([`conflicts_key`]).
    Conflicts,
    /// Ops taken from another laptop stamped more than a day ahead of
    /// this one's clock, by their log key: held, not applied, until the
    /// clock comes near them.
    Held,
}

impl Tree {
    pub const ALL: [Tree; 19] = [
        Tree::Meta,
        Tree::Ops,
        Tree::Units,
        Tree::Templates,
        Tree::Visits,
        Tree::Answers,
        Tree::Findings,
        Tree::Counters,
        Tree::ByCode,
        Tree::FindingDue,
        Tree::FindingUnit,
        Tree::FindingVisit,
        Tree::UnitChildren,
        Tree::OpIds,
        Tree::UnitSuccessors,
        Tree::Reports,
        Tree::FindingHeads,
        Tree::Conflicts,
        Tree::Held,
    ];
    /// Trees derived from the entities (rebuilt and verified by `check`).
    pub const INDEXES: [Tree; 6] = [
        Tree::ByCode,
        Tree::FindingDue,
        Tree::FindingUnit,
        Tree::FindingVisit,
        Tree::UnitChildren,
        Tree::UnitSuccessors,
    ];

    /// Name of the sled tree.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Tree::Meta => "meta",
            Tree::Ops => "ops",
            Tree::Units => "units",
            Tree::Templates => "templates",
            Tree::Visits => "visits",
            Tree::Answers => "answers",
            Tree::Findings => "findings",
            Tree::Counters => "counters",
            Tree::ByCode => "idx_code",
            Tree::FindingDue => "idx_finding_due",
            Tree::FindingUnit => "idx_finding_unit",
            Tree::FindingVisit => "idx_finding_visit",
            Tree::UnitChildren => "idx_unit_children",
            Tree::OpIds => "idx_op_ids",
            Tree::UnitSuccessors => "idx_unit_successors",
            Tree::Reports => "reports",
            Tree::FindingHeads => "idx_finding_heads",
            Tree::Conflicts => "conflicts",
            Tree::Held => "held_ops",
        }
    }

    /// Position in `Tree::ALL`.
    #[must_use]
    pub fn index(self) -> usize {
        self as usize
    }
}

/// A date as 4 big-endian bytes that sort in date order.
#[must_use]
pub fn date_key(d: NaiveDate) -> [u8; 4] {
    let days = d.num_days_from_ce();
    // Shift so negative day numbers still sort below positive ones.
    (days as u32 ^ 0x8000_0000).to_be_bytes()
}

/// An id read from 16 key bytes.
#[must_use]
pub fn id_from(b: &[u8]) -> Option<Id> {
    Some(Id::from_bytes(b.get(..16)?.try_into().ok()?))
}

/// Key of a finding in `FindingHeads`: its id. The settlement of a
/// conflict on a finding is one of its ops. Other records keep no list.
#[must_use]
pub fn head_key(target: &crate::domain::Target) -> Option<Vec<u8>> {
    use crate::domain::Target;
    match target {
        Target::Finding(id) => Some(id.as_bytes().to_vec()),
        Target::Conflict(t) => head_key(t),
        _ => None,
    }
}

/// Key of a record's conflicts in `Conflicts`: a finding's id (16 bytes),
/// or a letter and the record's key (`a` answer, `u` unit, `v` visit, `r`
/// report).
#[must_use]
pub fn conflicts_key(target: &crate::domain::Target) -> Option<Vec<u8>> {
    use crate::domain::Target;
    match target {
        Target::Finding(id) => Some(id.as_bytes().to_vec()),
        Target::Answer { visit, unit, item } => {
            Some([b"a".as_slice(), &answer_key(*visit, *unit, item)].concat())
        }
        Target::Unit(id) => Some([b"u".as_slice(), id.as_bytes()].concat()),
        Target::Visit(id) => Some([b"v".as_slice(), id.as_bytes()].concat()),
        Target::Report { visit, unit } => {
            Some([b"r".as_slice(), &report_key(*visit, *unit)].concat())
        }
        Target::Conflict(t) => conflicts_key(t),
        Target::Template(_) => None,
    }
}

/// Length of an op's key in the log.
pub const OP_KEY: usize = 24;

/// Key of an op in the log: time, then id, so the log reads in order.
#[must_use]
pub fn op_key(at: DateTime<Utc>, id: Id) -> Vec<u8> {
    let micros = at.timestamp_micros();
    let mut k = Vec::with_capacity(24);
    k.extend_from_slice(&(micros as u64 ^ (1 << 63)).to_be_bytes());
    k.extend_from_slice(id.as_bytes());
    k
}

/// Key of a report: visit ‖ unit (nil for the visit's báo cáo).
#[must_use]
pub fn report_key(visit: Id, unit: Option<Id>) -> Vec<u8> {
    let mut k = Vec::with_capacity(32);
    k.extend_from_slice(visit.as_bytes());
    k.extend_from_slice(unit.unwrap_or_else(Id::nil).as_bytes());
    k
}

/// The key of `r`.
#[must_use]
pub fn report_key_of(r: &Report) -> Vec<u8> {
    report_key(r.visit, r.unit)
}

/// Key of an answer: visit ‖ unit ‖ item code.
#[must_use]
pub fn answer_key(visit: Id, unit: Id, item: &str) -> Vec<u8> {
    let mut k = Vec::with_capacity(32 + item.len());
    k.extend_from_slice(visit.as_bytes());
    k.extend_from_slice(unit.as_bytes());
    k.extend_from_slice(item.as_bytes());
    k
}

/// Prefix of every answer of a unit in a visit.
#[must_use]
pub fn answer_prefix(visit: Id, unit: Id) -> Vec<u8> {
    answer_key(visit, unit, "")
}

pub fn code_key(kind: u8, code: &str) -> Vec<u8> {
    let mut k = vec![kind, b'|'];
    k.extend_from_slice(code.as_bytes());
    k
}

pub fn template_code_key(code: &str, version: u32) -> Vec<u8> {
    let mut k = code_key(b't', code);
    k.push(0);
    k.extend_from_slice(&version.to_be_bytes());
    k
}

fn cat(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

/// Index entries (tree, key, value) an entity contributes.
pub type Entry = (Tree, Vec<u8>, Vec<u8>);

pub fn unit_entries(u: &Unit) -> Vec<Entry> {
    let parent = u.parent.unwrap_or(Id::nil());
    let succession = u.successor.map(|s| {
        (
            Tree::UnitSuccessors,
            cat(&[s.as_bytes(), u.id.as_bytes()]),
            vec![],
        )
    });
    let mut entries = vec![
        (
            Tree::ByCode,
            code_key(b'u', &u.code),
            u.id.as_bytes().to_vec(),
        ),
        (
            Tree::UnitChildren,
            cat(&[parent.as_bytes(), u.id.as_bytes()]),
            vec![],
        ),
    ];
    entries.extend(succession);
    entries
}

pub fn template_entries(t: &Template) -> Vec<Entry> {
    vec![(
        Tree::ByCode,
        template_code_key(&t.code, t.version),
        t.id.as_bytes().to_vec(),
    )]
}

pub fn visit_entries(v: &Visit) -> Vec<Entry> {
    vec![(
        Tree::ByCode,
        code_key(b'v', &v.code),
        v.id.as_bytes().to_vec(),
    )]
}

pub fn finding_entries(f: &Finding) -> Vec<Entry> {
    let active = [u8::from(f.status.is_active())];
    let due = date_key(f.due);
    let id = f.id.as_bytes();
    vec![
        (Tree::ByCode, code_key(b'f', &f.reference), id.to_vec()),
        (Tree::FindingDue, cat(&[&active, &due, id]), vec![]),
        (
            Tree::FindingUnit,
            cat(&[f.unit.as_bytes(), &active, &due, id]),
            vec![],
        ),
        (Tree::FindingVisit, cat(&[f.visit.as_bytes(), id]), vec![]),
    ]
}

/// Counter names. Each entity adds 1 to each of its counters.
pub mod counter {
    use crate::domain::{FindingStatus, Id, Verdict};
    use chrono::NaiveDate;

    pub const UNITS: &str = "units";
    pub const TEMPLATES: &str = "templates";
    pub const VISITS: &str = "visits";
    pub const FINDINGS: &str = "findings";
    pub const ANSWERS: &str = "answers";

    #[must_use]
    pub fn status(s: FindingStatus) -> String {
        format!("f/s/{}", s.index())
    }
    /// Prefix of every [`unit_status`] counter.
    pub const UNIT_STATUS_PREFIX: &str = "f/u/";
    #[must_use]
    pub fn unit_status(unit: Id, s: FindingStatus) -> String {
        format!("f/u/{unit}/s/{}", s.index())
    }
    #[must_use]
    pub fn visit_status(visit: Id, s: FindingStatus) -> String {
        format!("f/v/{visit}/s/{}", s.index())
    }
    /// Active findings due on a day (sum a range of these for overdue counts).
    #[must_use]
    pub fn active_due(d: NaiveDate) -> String {
        format!("f/due/{}", d.format("%Y-%m-%d"))
    }
    pub const ACTIVE_DUE_PREFIX: &str = "f/due/";
    /// Findings verified in a month.
    #[must_use]
    pub fn verified_month(year: i32, month: u32) -> String {
        format!("{VERIFIED_PREFIX}{year:04}-{month:02}")
    }
    pub const VERIFIED_PREFIX: &str = "f/ver/";
    /// Direct sub-units of a unit.
    #[must_use]
    pub fn unit_children(unit: Id) -> String {
        format!("u/{unit}/children")
    }
    /// Units that merged into a unit.
    #[must_use]
    pub fn unit_predecessors(unit: Id) -> String {
        format!("u/{unit}/predecessors")
    }
    /// Visits that include a unit.
    #[must_use]
    pub fn unit_visits(unit: Id) -> String {
        format!("u/{unit}/visits")
    }
    /// Visits that use a template (it is then frozen).
    #[must_use]
    pub fn template_visits(template: Id) -> String {
        format!("t/{template}/visits")
    }
    #[must_use]
    pub fn answers(visit: Id, unit: Id, v: Verdict) -> String {
        format!("a/{visit}/{unit}/{}", v.index())
    }
    #[must_use]
    pub fn visit_answers(visit: Id, v: Verdict) -> String {
        format!("a/{visit}/{}", v.index())
    }
    /// Reports (báo cáo, thông báo kết luận) of a visit.
    #[must_use]
    pub fn visit_reports(visit: Id) -> String {
        format!("r/{visit}")
    }
}

pub fn unit_counters(u: &Unit) -> Vec<String> {
    let mut c = vec![counter::UNITS.into()];
    if let Some(p) = u.parent {
        c.push(counter::unit_children(p));
    }
    if let Some(s) = u.successor {
        c.push(counter::unit_predecessors(s));
    }
    c
}
pub fn template_counters(_: &Template) -> Vec<String> {
    vec![counter::TEMPLATES.into()]
}
pub fn visit_counters(v: &Visit) -> Vec<String> {
    let mut c = vec![counter::VISITS.into(), counter::template_visits(v.template)];
    c.extend(v.units.iter().map(|u| counter::unit_visits(*u)));
    c
}
pub fn answer_counters(a: &Answer) -> Vec<String> {
    vec![
        counter::ANSWERS.into(),
        counter::answers(a.visit, a.unit, a.verdict),
        counter::visit_answers(a.visit, a.verdict),
    ]
}
pub fn report_counters(r: &Report) -> Vec<String> {
    vec![counter::visit_reports(r.visit)]
}
pub fn finding_counters(f: &Finding) -> Vec<String> {
    let mut c = vec![
        counter::FINDINGS.into(),
        counter::status(f.status),
        counter::unit_status(f.unit, f.status),
        counter::visit_status(f.visit, f.status),
    ];
    if f.status.is_active() {
        c.push(counter::active_due(f.due));
    }
    if let Some(d) = f.verified_on() {
        c.push(counter::verified_month(d.year(), d.month()));
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Inverse of [`date_key`].
    fn date_from_key(b: &[u8]) -> Option<NaiveDate> {
        let arr: [u8; 4] = b.get(..4)?.try_into().ok()?;
        let days = (u32::from_be_bytes(arr) ^ 0x8000_0000) as i32;
        NaiveDate::from_num_days_from_ce_opt(days)
    }

    #[test]
    fn date_keys_sort_and_round_trip() {
        let a = NaiveDate::from_ymd_opt(2026, 1, 31).expect("date");
        let b = NaiveDate::from_ymd_opt(2026, 2, 1).expect("date");
        assert!(date_key(a) < date_key(b));
        assert_eq!(date_from_key(&date_key(b)), Some(b));
    }
}
