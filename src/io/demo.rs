//! The demo data, embedded in the binary: Party units of Nam Định and Cần
//! Thơ, the 11-section hậu kiểm checklist, two visits, answers and findings
//! with follow-up histories. Dates are written around a base day and shifted
//! so that the demo always looks current.

use std::collections::HashMap;

use chrono::{DateTime, Days, NaiveDate, NaiveTime, Utc};
use serde::Deserialize;

use super::{ImportError, Result, template_toml, units_csv};
use crate::domain::date::parse_date;
use crate::domain::finding::{Stamp, device_tag, reference};
use crate::domain::label::Labelled;
use crate::domain::text::{clean, clean_multiline};
use crate::domain::{
    Answer, Change, Event, Finding, FindingStatus, FollowUp, Id, Op, Responsibility,
    ResponsibilityKind, Severity, TeamMember, TeamRole, Verdict, Visit, VisitKind, VisitStatus,
    new_id,
};
use crate::store::Store;

pub const UNITS_CSV: &str = include_str!("../../fixtures/units.csv");
pub const TEMPLATE_TOML: &str = include_str!("../../fixtures/hau-kiem.toml");
pub const DEMO_TOML: &str = include_str!("../../fixtures/demo.toml");
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
    offset: i64,
    units: HashMap<String, Id>,
    visits: HashMap<String, (Id, String)>,
}

impl Ctx {
    fn date(&self, s: &str) -> Result<NaiveDate, ImportError> {
        let d = parse_date(s, NaiveDate::MIN).map_err(|e| bad(e.to_string()))?;
        let shifted = if self.offset >= 0 {
            d.checked_add_days(Days::new(self.offset.unsigned_abs()))
        } else {
            d.checked_sub_days(Days::new(self.offset.unsigned_abs()))
        };
        shifted.ok_or_else(|| bad(format!("{s}: out of range")))
    }
    fn at(&self, s: &str) -> Result<DateTime<Utc>, ImportError> {
        Ok(self
            .date(s)?
            .and_time(NaiveTime::from_hms_opt(9, 0, 0).unwrap_or_default())
            .and_utc())
    }
    fn unit(&self, code: &str) -> Result<Id, ImportError> {
        self.units
            .get(code)
            .copied()
            .ok_or_else(|| bad(format!("unknown unit code {code}")))
    }
}

fn label<L: Labelled>(field: &str, s: &str) -> Result<L, ImportError> {
    L::parse_label(s).ok_or_else(|| {
        bad(format!(
            "{field}: unknown value \"{s}\"; expected {}",
            L::expected()
        ))
    })
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
    let result = build(store, &file, (today - base).num_days());
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

fn build(store: &Store, file: &DemoFile, offset: i64) -> Result<(Vec<Op>, Counts)> {
    let mut ops = units_csv::parse(
        store,
        "fixtures/units.csv",
        UNITS_CSV,
        &mut units_csv::Staged::default(),
    )?;
    let mut ctx = Ctx {
        offset,
        units: HashMap::new(),
        visits: HashMap::new(),
    };
    for op in &ops {
        if let Change::Unit { new: Some(u), .. } = &op.change {
            ctx.units.insert(u.code.clone(), u.id);
        }
    }
    let unit_count = ops.len();
    let template = template_toml::parse("fixtures/hau-kiem.toml", TEMPLATE_TOML)?;
    let template_id = template.id;
    let template_code = template.code.clone();
    ops.push(template_toml::create_op(store, template)?);
    let mut concluding = Vec::new();
    for v in &file.visits {
        if v.template != template_code {
            return Err(bad(format!("visit {}: unknown template {}", v.code, v.template)).into());
        }
        let visit = Visit {
            id: new_id(),
            code: v.code.clone(),
            plan_no: clean(&v.plan_no),
            decision_no: clean(&v.decision_no),
            title: clean(&v.title),
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
        let (visit, _) = ctx
            .visits
            .get(&a.visit)
            .cloned()
            .ok_or_else(|| bad(format!("unknown visit {}", a.visit)))?;
        let unit = ctx.unit(&a.unit)?;
        for item in &a.items {
            let answer = Answer {
                visit,
                unit,
                item: item.item.clone(),
                verdict: label::<Verdict>("verdict", &item.verdict)?,
                note: clean_multiline(&item.note),
                evidence: clean_multiline(&item.evidence),
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
        let n = seq.entry(f.visit.clone()).or_insert(0);
        *n += 1;
        ops.extend(finding_ops(store, &ctx, f, &reference(&f.visit, &tag, *n))?);
    }
    for (running, concluded) in concluding {
        ops.push(store.new_op(Change::update(running, concluded), None)?);
    }
    Ok((ops, (unit_count, file.visits.len(), file.findings.len())))
}

fn finding_ops(store: &Store, ctx: &Ctx, f: &DFinding, reference: &str) -> Result<Vec<Op>> {
    let (visit, _) = ctx
        .visits
        .get(&f.visit)
        .cloned()
        .ok_or_else(|| bad(format!("unknown visit {}", f.visit)))?;
    let created = ctx.date(&f.created)?;
    let mut finding = Finding {
        id: new_id(),
        reference: reference.to_string(),
        unit: ctx.unit(&f.unit)?,
        visit,
        item: f.item.clone(),
        title: clean(&f.title),
        detail: clean_multiline(&f.detail),
        cause: clean_multiline(&f.cause),
        responsibility: Responsibility {
            kind: label::<ResponsibilityKind>("responsibility", &f.responsibility)?,
            name: clean(&f.responsible),
        },
        remedy: clean_multiline(&f.remedy),
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
    };
    let mut ops = Vec::new();
    let mut op = store.new_op(Change::create(finding.clone()), None)?;
    op.actor = clean(&f.by);
    ops.push(op);
    for e in &f.history {
        let stamp = Stamp {
            date: ctx.date(&e.date)?,
            at: ctx.at(&e.date)?,
            by: clean(&e.by),
        };
        let (next, reason) = if let Some(s) = &e.status {
            let to = label::<FindingStatus>("status", s)?;
            (
                finding
                    .with_status(to, e.note.as_deref().unwrap_or(""), stamp)
                    .map_err(|x| bad(x.to_string()))?,
                None,
            )
        } else if let Some(d) = &e.extend_to {
            let reason = e.reason.clone().unwrap_or_default();
            (
                finding
                    .with_extension(ctx.date(d)?, &reason, stamp)
                    .map_err(|x| bad(x.to_string()))?,
                Some(reason),
            )
        } else {
            (
                finding
                    .with_note(e.note.as_deref().unwrap_or(""), stamp)
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
