//! The demo data, embedded in the binary: Party units of Nam Định and Cần
//! Thơ, the 11-section hậu kiểm checklist, two visits, answers and findings
//! with follow-up histories. Dates are written around a base day and shifted
//! so that the demo always looks current, those in its texts too (`shift`).

mod shift;

use std::collections::HashMap;

use chrono::{DateTime, Days, NaiveDate, NaiveTime, Utc};
use serde::Deserialize;

use super::import::Staged;
use super::{ImportError, Result, baseline_csv, template_toml, units_csv};
use crate::domain::date::parse_date;
use crate::domain::finding::{Stamp, device_tag, reference};
use crate::domain::label::Labelled;
use crate::domain::text::{clean, clean_multiline};
use crate::domain::unit::merge;
use crate::domain::{
    Answer, Change, Event, Finding, FindingStatus, FollowUp, Id, Op, Recheck, Responsibility,
    ResponsibilityKind, Sector, Severity, TeamMember, TeamRole, Unit, UnitKind, Verdict, Visit,
    VisitKind, VisitStatus, new_id,
};
use crate::i18n::Msg;
use crate::store::Store;

pub const UNITS_CSV: &str = include_str!("../../fixtures/units.csv");
pub const TEMPLATE_TOML: &str = include_str!("../../fixtures/hau-kiem.toml");
pub const DEMO_TOML: &str = include_str!("../../fixtures/demo.toml");
/// The shortcomings named at the units' kiểm điểm, read as `haukiem import`
/// reads them.
pub const HCKD_CSV: &str = include_str!("../../fixtures/hckd.csv");
const HCKD_FILE: &str = "fixtures/hckd.csv";
/// The demo's findings are recorded by this device, so references are stable.
pub const DEMO_DEVICE: Id = Id::from_u128(0x0193_0000_0000_7000_8000_0000_0000_0d30);

const FILE: &str = "fixtures/demo.toml";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DemoFile {
    base_today: String,
    /// Who recorded the units, the checklist and the plans.
    by: String,
    visits: Vec<DVisit>,
    answers: Vec<DAnswers>,
    findings: Vec<DFinding>,
    #[serde(default)]
    mergers: Vec<DMerger>,
    /// The follow-up of the baseline (`fixtures/hckd.csv`).
    #[serde(default)]
    baseline: Vec<DBaseline>,
}

/// The follow-up of one row of `fixtures/hckd.csv`: its unit and title.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DBaseline {
    unit: String,
    title: String,
    history: Vec<DEvent>,
}

/// Units that merged into a new one on `date` (sáp nhập): the units
/// (which the demo adds) and the one they became. Dates of a merger are
/// history and are not shifted.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DMerger {
    date: String,
    into: DUnit,
    units: Vec<DUnit>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DUnit {
    code: String,
    name: String,
    parent: Option<String>,
    kind: String,
    sector: String,
    secretary: String,
    members: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DVisit {
    code: String,
    plan_no: String,
    decision_no: String,
    title: String,
    kind: String,
    template: String,
    issuer: String,
    place: String,
    start: String,
    end: String,
    status: String,
    units: Vec<String>,
    team: Vec<DMember>,
    /// History (before a merger): its dates, and its findings', are not
    /// shifted.
    #[serde(default)]
    fixed_dates: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DMember {
    name: String,
    role: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DAnswers {
    visit: String,
    unit: String,
    by: String,
    date: String,
    items: Vec<DItem>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DItem {
    item: String,
    verdict: String,
    #[serde(default)]
    evidence: String,
    #[serde(default)]
    note: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DFinding {
    visit: String,
    unit: String,
    item: Option<String>,
    title: String,
    #[serde(default)]
    detail: String,
    #[serde(default)]
    cause: String,
    responsibility: String,
    responsible: String,
    #[serde(default)]
    remedy: String,
    severity: String,
    created: String,
    due: String,
    by: String,
    #[serde(default)]
    history: Vec<DEvent>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DEvent {
    date: String,
    by: String,
    status: Option<String>,
    note: Option<String>,
    extend_to: Option<String>,
    reason: Option<String>,
    /// A re-check: what the team found (Đã / Đang / Chưa khắc phục).
    recheck: Option<String>,
    /// The visit that re-checks (default: the finding's own).
    visit: Option<String>,
}

/// What `load` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Loaded {
        units: usize,
        visits: usize,
        findings: usize,
        ops: usize,
    },
    AlreadyLoaded,
}

fn bad(msg: impl Into<String>) -> ImportError {
    ImportError::file(FILE, msg)
}

struct Ctx {
    /// The shift of the dates being read.
    offset: i64,
    /// The demo's shift (dates of history are not shifted).
    shift: i64,
    /// Visits whose dates are history.
    fixed: std::collections::HashSet<String>,
    units: HashMap<String, Id>,
    visits: HashMap<String, (Id, String)>,
    /// The units and visits as built, for the baseline's import.
    unit_records: HashMap<String, Unit>,
    visit_records: HashMap<String, Visit>,
}

impl Ctx {
    fn date(&self, s: &str) -> Result<NaiveDate, ImportError> {
        let d = parse_date(s, NaiveDate::MIN).map_err(|e| bad(e.to_string()))?;
        let shifted = if self.offset >= 0 {
            d.checked_add_days(Days::new(self.offset.unsigned_abs()))
        } else {
            d.checked_sub_days(Days::new(self.offset.unsigned_abs()))
        };
        shifted.ok_or_else(|| bad(Msg::DemoOutOfRange.fill(&[&s])))
    }
    fn at(&self, s: &str) -> Result<DateTime<Utc>, ImportError> {
        Ok(self
            .date(s)?
            .and_time(NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default())
            .and_utc())
    }
    /// Read the dates of visit `code` (and its findings) from now on.
    fn dates_of(&mut self, visit: &str) {
        self.offset = if self.fixed.contains(visit) {
            0
        } else {
            self.shift
        };
    }
    /// Free text, its dates moved with the rest.
    fn text(&self, s: &str) -> String {
        clean(&shift::shift_dates(s, self.offset))
    }
    fn lines(&self, s: &str) -> String {
        clean_multiline(&shift::shift_dates(s, self.offset))
    }
    fn unit(&self, code: &str) -> Result<Id, ImportError> {
        self.units
            .get(code)
            .copied()
            .ok_or_else(|| bad(Msg::DemoUnknownUnit.fill(&[&code])))
    }
}

fn label<L: Labelled>(field: &str, s: &str) -> Result<L, ImportError> {
    L::parse_label(s).ok_or_else(|| bad(Msg::PlanUnknownLabel.fill(&[&field, &s, &L::expected()])))
}

/// Load the demo into `store` (once). Dates shift by `today − base_today`.
///
/// # Errors
/// The database holds other data whose codes collide with the demo's.
pub fn load(store: &mut Store, today: NaiveDate) -> Result<Outcome> {
    let file: DemoFile = toml::from_str(DEMO_TOML).map_err(|e| bad(e.to_string()))?;
    if let Some(v) = file.visits.first()
        && store.visit_by_code(&v.code)?.is_some()
    {
        return Ok(Outcome::AlreadyLoaded);
    }
    let base = parse_date(&file.base_today, today).map_err(|e| bad(e.to_string()))?;
    let own_device = store.device();
    let own_actor = store.actor();
    store.set_device(DEMO_DEVICE);
    // The demo's units, checklist and plans are the secretariat's.
    store.set_actor(&file.by);
    let result = build(store, &file, (today - base).num_days(), today);
    store.set_device(own_device);
    store.restore_actor(own_actor);
    let (ops, counts) = result?;
    let n = store.apply_all(&ops)?;
    Ok(Outcome::Loaded {
        units: counts.0,
        visits: counts.1,
        findings: counts.2,
        ops: n,
    })
}

type Counts = (usize, usize, usize);

fn build(
    store: &Store,
    file: &DemoFile,
    offset: i64,
    today: NaiveDate,
) -> Result<(Vec<Op>, Counts)> {
    let (_, units) = units_csv::read(
        store,
        "fixtures/units.csv",
        UNITS_CSV,
        &mut Staged::default(),
    )?;
    let mut ops = units
        .into_iter()
        .map(|c| store.new_op(c, None))
        .collect::<Result<Vec<_>, _>>()?;
    let mut ctx = Ctx {
        offset,
        shift: offset,
        fixed: file
            .visits
            .iter()
            .filter(|v| v.fixed_dates)
            .map(|v| v.code.clone())
            .collect(),
        units: HashMap::new(),
        visits: HashMap::new(),
        unit_records: HashMap::new(),
        visit_records: HashMap::new(),
    };
    for op in &ops {
        if let Change::Unit { new: Some(u), .. } = &op.change {
            ctx.units.insert(u.code.clone(), u.id);
            ctx.unit_records.insert(u.code.clone(), (**u).clone());
        }
    }
    // The units that will merge exist before any visit.
    let mut merging = Vec::new();
    for m in &file.mergers {
        let units = m
            .units
            .iter()
            .map(|u| unit_of(&ctx, u))
            .collect::<Result<Vec<_>, _>>()?;
        for u in &units {
            ctx.units.insert(u.code.clone(), u.id);
            ops.push(store.new_op(Change::create(u.clone()), None)?);
        }
        merging.push((m, units));
    }
    let mut unit_count = ops.len();
    let template = template_toml::parse("fixtures/hau-kiem.toml", TEMPLATE_TOML)?;
    let template_id = template.id;
    let template_code = template.code.clone();
    ops.push(store.new_op(Change::create(template), None)?);
    let mut concluding = Vec::new();
    for v in &file.visits {
        ctx.dates_of(&v.code);
        if v.template != template_code {
            return Err(bad(Msg::DemoUnknownTemplate.fill(&[&v.code, &v.template])).into());
        }
        let visit = Visit {
            id: new_id(),
            code: v.code.clone(),
            plan_no: clean(&v.plan_no),
            decision_no: clean(&v.decision_no),
            title: ctx.text(&v.title),
            kind: label::<VisitKind>("kind", &v.kind)?,
            template: template_id,
            issuer: clean(&v.issuer),
            place: clean(&v.place),
            team: v
                .team
                .iter()
                .map(|m| {
                    Ok(TeamMember {
                        name: clean(&m.name),
                        role: label::<TeamRole>("role", &m.role)?,
                    })
                })
                .collect::<Result<_, ImportError>>()?,
            start: ctx.date(&v.start)?,
            end: ctx.date(&v.end)?,
            units: v
                .units
                .iter()
                .map(|c| ctx.unit(c))
                .collect::<Result<_, _>>()?,
            status: label::<VisitStatus>("status", &v.status)?,
            assignments: Vec::new(),
        };
        ctx.visits
            .insert(v.code.clone(), (visit.id, v.code.clone()));
        let mut open = visit.clone();
        if open.status == VisitStatus::Concluded {
            open.status = VisitStatus::InProgress;
        }
        ctx.visit_records.insert(v.code.clone(), open);
        // A concluded visit takes no answers or findings: it concludes
        // after them.
        if visit.status == VisitStatus::Concluded {
            let mut running = visit.clone();
            running.status = VisitStatus::InProgress;
            concluding.push((running.clone(), visit));
            ops.push(store.new_op(Change::create(running), None)?);
        } else {
            ops.push(store.new_op(Change::create(visit), None)?);
        }
    }
    for a in &file.answers {
        ctx.dates_of(&a.visit);
        let (visit, _) = ctx
            .visits
            .get(&a.visit)
            .cloned()
            .ok_or_else(|| bad(Msg::DemoUnknownVisit.fill(&[&a.visit])))?;
        let unit = ctx.unit(&a.unit)?;
        for item in &a.items {
            let answer = Answer {
                visit,
                unit,
                item: item.item.clone(),
                verdict: label::<Verdict>("verdict", &item.verdict)?,
                note: ctx.lines(&item.note),
                evidence: ctx.lines(&item.evidence),
                by: clean(&a.by),
                at: ctx.at(&a.date)?,
            };
            let mut op = store.new_op(Change::create(answer), None)?;
            op.actor = clean(&a.by);
            ops.push(op);
        }
    }
    let tag = device_tag(DEMO_DEVICE);
    let mut seq: HashMap<String, u32> = HashMap::new();
    for f in &file.findings {
        ctx.dates_of(&f.visit);
        let n = seq.entry(f.visit.clone()).or_insert(0);
        *n += 1;
        ops.extend(finding_ops(store, &ctx, f, &reference(&f.visit, &tag, *n))?);
    }
    let baseline = baseline_ops(store, &mut ctx, file, &tag, &seq, today)?;
    let baseline_count = baseline.1;
    ops.extend(baseline.0);
    for (running, concluded) in concluding {
        ops.push(store.new_op(Change::update(running, concluded), None)?);
    }
    // Then the mergers: the new unit, and the old ones ended into it.
    for (m, units) in merging {
        let day = parse_date(&m.date, NaiveDate::MIN).map_err(|e| bad(e.to_string()))?;
        let mut into = unit_of(&ctx, &m.into)?;
        into.valid_from = Some(day);
        let ended = merge(&units, &into, day).map_err(|e| bad(e.to_string()))?;
        ctx.units.insert(into.code.clone(), into.id);
        ops.push(store.new_op(Change::create(into), None)?);
        unit_count += 1;
        for (old, new) in units.into_iter().zip(ended) {
            ops.push(store.new_op(Change::update(old, new), None)?);
        }
    }
    Ok((
        ops,
        (
            unit_count,
            file.visits.len(),
            file.findings.len() + baseline_count,
        ),
    ))
}

/// A unit the demo adds (not in `fixtures/units.csv`).
fn unit_of(ctx: &Ctx, u: &DUnit) -> Result<Unit, ImportError> {
    Ok(Unit {
        id: new_id(),
        code: clean(&u.code),
        name: clean(&u.name),
        kind: label::<UnitKind>("kind", &u.kind)?,
        sector: label::<Sector>("sector", &u.sector)?,
        parent: u.parent.as_deref().map(|p| ctx.unit(p)).transpose()?,
        secretary: clean(&u.secretary),
        members: u.members,
        valid_from: None,
        valid_to: None,
        successor: None,
    })
}

fn finding_ops(store: &Store, ctx: &Ctx, f: &DFinding, reference: &str) -> Result<Vec<Op>> {
    let (visit, _) = ctx
        .visits
        .get(&f.visit)
        .cloned()
        .ok_or_else(|| bad(Msg::DemoUnknownVisit.fill(&[&f.visit])))?;
    let created = ctx.date(&f.created)?;
    let finding = Finding {
        id: new_id(),
        reference: reference.to_string(),
        unit: ctx.unit(&f.unit)?,
        visit,
        item: f.item.clone(),
        title: ctx.text(&f.title),
        detail: ctx.lines(&f.detail),
        cause: ctx.lines(&f.cause),
        responsibility: Responsibility {
            kind: label::<ResponsibilityKind>("responsibility", &f.responsibility)?,
            name: clean(&f.responsible),
        },
        remedy: ctx.lines(&f.remedy),
        severity: label::<Severity>("severity", &f.severity)?,
        due: ctx.date(&f.due)?,
        status: FindingStatus::Open,
        created,
        history: vec![FollowUp {
            date: created,
            at: ctx.at(&f.created)?,
            by: clean(&f.by),
            event: Event::Created,
            note: String::new(),
        }],
        origin: crate::domain::Origin::Visit,
    };
    let mut op = store.new_op(Change::create(finding.clone()), None)?;
    op.actor = clean(&f.by);
    let mut ops = vec![op];
    ops.extend(follow(store, ctx, finding, &f.history)?);
    Ok(ops)
}

/// The records the baseline's rows are checked against: the demo as built
/// so far (its concluded visits still running: they conclude after).
struct DemoBook<'a> {
    ctx: &'a Ctx,
    /// The references the demo's own findings used, per visit.
    seq: &'a HashMap<String, u32>,
}

impl baseline_csv::Book for DemoBook<'_> {
    fn unit(&self, code: &str) -> Result<Option<Unit>> {
        Ok(self.ctx.unit_records.get(code).cloned())
    }
    fn visit(&self, code: &str) -> Result<Option<Visit>> {
        Ok(self.ctx.visit_records.get(code).cloned())
    }
    fn visits_of(&self, unit: Id) -> Result<Vec<Visit>> {
        Ok(self
            .ctx
            .visit_records
            .values()
            .filter(|v| v.units.contains(&unit))
            .cloned()
            .collect())
    }
    fn has(&self, _: Id, _: &str, _: &str) -> Result<bool> {
        Ok(false)
    }
    fn next_seq(&self, visit: &str, _: &str) -> Result<u32> {
        Ok(self.seq.get(visit).copied().unwrap_or(0) + 1)
    }
}

/// The baseline: `fixtures/hckd.csv` read by the import's own reader, its
/// dates moved with the demo's, then the follow-up `[[baseline]]` gives
/// each row. Also how many findings it adds.
fn baseline_ops(
    store: &Store,
    ctx: &mut Ctx,
    file: &DemoFile,
    tag: &str,
    seq: &HashMap<String, u32>,
    today: NaiveDate,
) -> Result<(Vec<Op>, usize)> {
    ctx.offset = ctx.shift;
    let ctx = &*ctx;
    let text = shift::shift_dates(HCKD_CSV, ctx.shift);
    let at = |d: NaiveDate| {
        d.and_time(NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default())
            .and_utc()
    };
    let rec = baseline_csv::Recorder {
        tag: tag.to_string(),
        by: clean(&file.by),
        today,
        at: &at,
    };
    let built = baseline_csv::build(
        &DemoBook { ctx, seq },
        HCKD_FILE,
        &text,
        &rec,
        &mut HashMap::new(),
        &mut HashMap::new(),
    )?;
    let codes: HashMap<Id, &str> = ctx
        .unit_records
        .values()
        .map(|u| (u.id, u.code.as_str()))
        .collect();
    let mut follow_ups: HashMap<(String, String), &DBaseline> = file
        .baseline
        .iter()
        .map(|b| ((clean(&b.unit), ctx.text(&b.title)), b))
        .collect();
    let n = built.findings.len();
    let mut ops = Vec::new();
    for f in built.findings {
        let mut op = store.new_op(Change::create(f.clone()), None)?;
        op.actor = clean(&file.by);
        ops.push(op);
        let key = (
            codes.get(&f.unit).copied().unwrap_or_default().to_string(),
            f.title.clone(),
        );
        if let Some(b) = follow_ups.remove(&key) {
            ops.extend(follow(store, ctx, f, &b.history)?);
        }
    }
    // A follow-up of no row is a mistake in the demo's files.
    if let Some(((unit, title), _)) = follow_ups.into_iter().min_by(|a, b| a.0.cmp(&b.0)) {
        return Err(bad(Msg::DemoUnknownBaseline.fill(&[&unit, &title])).into());
    }
    Ok((ops, n))
}

/// The ops of `events` happening to `finding`, in order.
fn follow(store: &Store, ctx: &Ctx, mut finding: Finding, events: &[DEvent]) -> Result<Vec<Op>> {
    let mut ops = Vec::new();
    for e in events {
        let stamp = Stamp {
            date: ctx.date(&e.date)?,
            at: ctx.at(&e.date)?,
            by: clean(&e.by),
        };
        let note = ctx.lines(e.note.as_deref().unwrap_or(""));
        let (next, reason) = if let Some(r) = &e.recheck {
            let outcome = label::<Recheck>("recheck", r)?;
            let visit = match &e.visit {
                Some(code) => {
                    ctx.visits
                        .get(code)
                        .ok_or_else(|| bad(Msg::DemoUnknownVisit.fill(&[code])))?
                        .0
                }
                None => finding.visit,
            };
            (
                finding
                    .with_recheck(visit, outcome, &note, &stamp)
                    .map_err(|x| bad(x.to_string()))?,
                None,
            )
        } else if let Some(s) = &e.status {
            let to = label::<FindingStatus>("status", s)?;
            (
                finding
                    .with_status(to, &note, stamp)
                    .map_err(|x| bad(x.to_string()))?,
                None,
            )
        } else if let Some(d) = &e.extend_to {
            let reason = ctx.lines(e.reason.as_deref().unwrap_or(""));
            (
                finding
                    .with_extension(ctx.date(d)?, &reason, stamp)
                    .map_err(|x| bad(x.to_string()))?,
                Some(reason),
            )
        } else {
            (
                finding
                    .with_note(&note, stamp)
                    .map_err(|x| bad(x.to_string()))?,
                None,
            )
        };
        let mut op = store.new_op(Change::update(finding, next.clone()), reason)?;
        op.actor = clean(&e.by);
        ops.push(op);
        finding = next;
    }
    Ok(ops)
}
