//! Reading what a report needs from the store: the visit, its template,
//! the units in scope, their findings and answers, and which findings repeat
//! a failure seen at an earlier visit.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use super::ReportError;
use super::suggest::closest;
use crate::domain::text::vi_cmp;
use crate::domain::{Answer, Baseline, Finding, Id, Recheck, Template, Unit, Verdict, Visit};
use crate::store::Store;

/// The raw material of a report, scoped to the visit (and the unit asked for).
#[derive(Debug, Clone)]
pub(super) struct Data {
    pub visit: Visit,
    pub template: Template,
    /// Units in scope, in Vietnamese order of their names.
    pub units: Vec<Unit>,
    /// The one unit asked for with `--unit`.
    pub scope: Option<Unit>,
    /// Findings recorded in this visit at the units in scope.
    pub findings: Vec<Finding>,
    /// Verdicts of this visit: (unit, item code) → verdict.
    pub verdicts: HashMap<(Id, String), Verdict>,
    /// Findings whose item failed (chưa đạt, đạt một phần) for the same unit
    /// at a visit that started before this one.
    pub repeated: HashSet<Id>,
    /// Findings of earlier visits still followed up at the units in scope,
    /// or at units that merged into them: what this visit re-checks.
    pub carried: Vec<Carried>,
    /// Every finding of each unit in scope, in the order of `units`: the
    /// baseline (named at the review, whatever visit follows it up), this
    /// visit's, and those of visits that started before it.
    pub of_units: Vec<Vec<Finding>>,
    /// The findings re-checked during this visit, at the units in scope or
    /// at units merged into them, with what the re-check found — findings
    /// of earlier visits and of the review included; by unit, then title.
    pub rechecks: Vec<(Finding, Recheck)>,
    pub today: NaiveDate,
    /// Position of each unit in `units`.
    index: HashMap<Id, usize>,
    /// Units with at least one item answered.
    answered: HashSet<Id>,
}

impl Data {
    /// The verdict on `item` for `unit` (chưa kiểm tra when not answered).
    pub fn verdict(&self, unit: Id, item: &str) -> Verdict {
        self.verdicts
            .get(&(unit, item.to_string()))
            .copied()
            .unwrap_or(Verdict::Unchecked)
    }

    /// Whether any item of `unit` has been answered.
    pub fn has_answers(&self, unit: Id) -> bool {
        self.answered.contains(&unit)
    }

    /// The unit with this id, if in scope.
    pub fn unit(&self, id: Id) -> Option<&Unit> {
        self.index.get(&id).map(|i| &self.units[*i])
    }

    /// The baseline's figure of each unit in scope, in the report's order.
    pub fn baselines(&self) -> Vec<(&Unit, Baseline)> {
        self.units
            .iter()
            .zip(&self.of_units)
            .map(|(u, f)| (u, Baseline::count(f, self.visit.id)))
            .collect()
    }

    /// The baseline's figure over every unit in scope.
    pub fn baseline_total(&self) -> Baseline {
        self.baselines()
            .into_iter()
            .fold(Baseline::default(), |t, (_, b)| t.plus(b))
    }

    /// Where the unit comes in the report's order.
    pub fn position(&self, id: Id) -> usize {
        self.index.get(&id).copied().unwrap_or(usize::MAX)
    }
}

/// A finding of an earlier visit that this visit re-checks.
#[derive(Debug, Clone)]
pub(super) struct Carried {
    pub finding: Finding,
    /// The unit in scope it is followed up at.
    pub unit: Id,
    /// The code of the visit that recorded it.
    pub visit: String,
    /// The name of the unit it was recorded at, when that unit has since
    /// merged into `unit` (trước đây).
    pub formerly: Option<String>,
}

/// Read everything the report of `visit_code` needs.
pub(super) fn gather(
    store: &Store,
    visit_code: &str,
    unit_code: Option<&str>,
    today: NaiveDate,
) -> Result<Data, ReportError> {
    let visit = find_visit(store, visit_code)?;
    let template = store
        .template(visit.template)?
        .ok_or_else(|| ReportError::MissingTemplate(visit.code.clone()))?;
    let mut units = Vec::with_capacity(visit.units.len());
    for id in &visit.units {
        units.extend(store.unit(*id)?);
    }
    let mut findings = store.findings_of_visit(visit.id)?;
    // A unit taken off the visit after its findings were recorded still counts.
    for f in &findings {
        if !units.iter().any(|u| u.id == f.unit) {
            units.extend(store.unit(f.unit)?);
        }
    }
    let scope = match unit_code {
        Some(code) => Some(find_unit(&units, code, &visit.code)?),
        None => None,
    };
    if let Some(s) = &scope {
        units.retain(|u| u.id == s.id);
        findings.retain(|f| f.unit == s.id);
    }
    units.sort_by(|a, b| vi_cmp(&a.name, &b.name).then_with(|| a.code.cmp(&b.code)));
    let in_scope: HashSet<Id> = units.iter().map(|u| u.id).collect();
    findings.retain(|f| in_scope.contains(&f.unit));
    let verdicts: HashMap<(Id, String), Verdict> = store
        .answers_of_visit(visit.id)?
        .into_iter()
        .filter(|a| in_scope.contains(&a.unit))
        .map(|a: Answer| ((a.unit, a.item), a.verdict))
        .collect();
    let repeated = repeated(store, &visit, &findings)?;
    // Each unit's findings (those of units merged into it included), read
    // once for what this visit carries and for its baseline.
    let unit_findings = units
        .iter()
        .map(|u| store.findings_of_unit(u.id))
        .collect::<Result<Vec<_>, _>>()?;
    let carried = carried(store, &visit, &units, &unit_findings)?;
    // What a later visit found is not this visit's to report on; what was
    // named at the review is, whichever visit follows it up.
    let starts: HashMap<Id, NaiveDate> = store
        .visits()?
        .into_iter()
        .map(|v| (v.id, v.start))
        .collect();
    let known = |f: &Finding| {
        f.origin.is_review()
            || f.visit == visit.id
            || starts.get(&f.visit).is_some_and(|s| *s < visit.start)
    };
    let of_units: Vec<Vec<Finding>> = unit_findings
        .into_iter()
        .map(|mut of_unit| {
            of_unit.retain(known);
            of_unit
        })
        .collect();
    let rechecks = rechecks(&visit, &units, &of_units, &carried);
    let index = units.iter().enumerate().map(|(i, u)| (u.id, i)).collect();
    let answered = verdicts
        .iter()
        .filter(|(_, v)| v.is_answered())
        .map(|((u, _), _)| *u)
        .collect();
    Ok(Data {
        visit,
        template,
        units,
        scope,
        findings,
        verdicts,
        repeated,
        carried,
        of_units,
        rechecks,
        today,
        index,
        answered,
    })
}

fn find_visit(store: &Store, code: &str) -> Result<Visit, ReportError> {
    if let Some(v) = store.visit_by_code(code.trim())? {
        return Ok(v);
    }
    let visits = store.visits()?;
    Err(ReportError::UnknownVisit {
        code: code.to_string(),
        close: closest(code, visits.iter().map(|v| v.code.as_str())),
    })
}

/// The unit of the visit with this code (case-insensitive); else an error
/// listing the visit's closest unit codes.
fn find_unit(units: &[Unit], code: &str, visit: &str) -> Result<Unit, ReportError> {
    let wanted = code.trim();
    units
        .iter()
        .find(|u| u.code == wanted)
        .or_else(|| units.iter().find(|u| u.code.eq_ignore_ascii_case(wanted)))
        .cloned()
        .ok_or_else(|| ReportError::UnknownUnit {
            code: code.to_string(),
            visit: visit.to_string(),
            close: closest(code, units.iter().map(|u| u.code.as_str())),
        })
}

/// The findings of visits that started before `visit`, at `units` or at
/// the units that merged into them, not yet closed (verified or found
/// impossible): by unit, then deadline and reference.
fn carried(
    store: &Store,
    visit: &Visit,
    units: &[Unit],
    unit_findings: &[Vec<Finding>],
) -> Result<Vec<Carried>, ReportError> {
    let mut visits: HashMap<Id, Option<Visit>> = HashMap::new();
    let mut formerly: HashMap<Id, Option<String>> = HashMap::new();
    let mut out = Vec::new();
    for (u, of_unit) in units.iter().zip(unit_findings) {
        let mut found: Vec<Finding> = of_unit
            .iter()
            .filter(|f| f.visit != visit.id && !f.status.is_final())
            .cloned()
            .collect();
        found.sort_by(|a, b| {
            a.due
                .cmp(&b.due)
                .then_with(|| a.reference.cmp(&b.reference))
        });
        for f in found {
            let origin = match visits.get(&f.visit) {
                Some(v) => v.clone(),
                None => {
                    let v = store.visit(f.visit)?;
                    visits.insert(f.visit, v.clone());
                    v
                }
            };
            let Some(origin) = origin.filter(|o| o.start < visit.start) else {
                continue;
            };
            let before = if f.unit == u.id {
                None
            } else if let Some(name) = formerly.get(&f.unit) {
                name.clone()
            } else {
                let name = store.unit(f.unit)?.map(|x| x.name);
                formerly.insert(f.unit, name.clone());
                name
            };
            out.push(Carried {
                unit: u.id,
                visit: origin.code,
                formerly: before,
                finding: f,
            });
        }
    }
    Ok(out)
}

/// The findings re-checked during `visit`: those of the units in scope and
/// those carried from units merged into them, each once, with the outcome
/// recorded; in the order of the units, then by title.
fn rechecks(
    visit: &Visit,
    units: &[Unit],
    of_units: &[Vec<Finding>],
    carried: &[Carried],
) -> Vec<(Finding, Recheck)> {
    let position: HashMap<Id, usize> = units.iter().enumerate().map(|(i, u)| (u.id, i)).collect();
    let mut seen = HashSet::new();
    let mut out: Vec<(usize, Finding, Recheck)> = Vec::new();
    let candidates = of_units
        .iter()
        .enumerate()
        .flat_map(|(i, fs)| fs.iter().map(move |f| (i, f)))
        .chain(carried.iter().map(|c| {
            (
                position.get(&c.unit).copied().unwrap_or(usize::MAX),
                &c.finding,
            )
        }));
    for (i, f) in candidates {
        if let Some(outcome) = f.recheck_in(visit.id)
            && seen.insert(f.id)
        {
            out.push((i, f.clone(), outcome));
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| vi_cmp(&a.1.title, &b.1.title)));
    out.into_iter().map(|(_, f, r)| (f, r)).collect()
}

/// Ids of the findings whose checklist item failed for their unit at an
/// earlier visit (one that started before `visit`).
fn repeated(
    store: &Store,
    visit: &Visit,
    findings: &[Finding],
) -> Result<HashSet<Id>, ReportError> {
    let earlier: Vec<Id> = store
        .visits()?
        .into_iter()
        .filter(|v| v.start < visit.start && v.id != visit.id)
        .map(|v| v.id)
        .collect();
    let mut out = HashSet::new();
    if earlier.is_empty() {
        return Ok(out);
    }
    for f in findings {
        let Some(item) = &f.item else { continue };
        for e in &earlier {
            if store
                .answer(*e, f.unit, item)?
                .is_some_and(|a| a.verdict.is_failed())
            {
                out.insert(f.id);
                break;
            }
        }
    }
    Ok(out)
}
