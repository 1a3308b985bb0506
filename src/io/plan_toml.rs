//! A visit planned in a TOML file, as office staff draft the kế hoạch: a
//! `[visit]` table (code, title, kind, the plan's and the decision's
//! numbers, dates, the checklist), `[[team]]` members with their roles and
//! `[[units]]` with the member in charge of each. Everything is checked
//! against the database (and the files imported before it) with the file,
//! line and column of what is wrong.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Deserialize;
use toml::Spanned;

use super::import::{Outcome, Staged};
use super::template_toml::{at, toml_error};
use super::{ImportError, Result};
use crate::domain::date::{format_date, parse_date};
use crate::domain::label::Labelled;
use crate::domain::suggest::closest;
use crate::domain::text::clean;
use crate::domain::visit::unit_fits;
use crate::domain::{
    Assignment, Change, Id, TeamMember, TeamRole, Template, Unit, Visit, VisitKind, VisitStatus,
    new_id,
};
use crate::i18n::Msg;
use crate::store::Store;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PlanFile {
    visit: Spanned<VisitFile>,
    team: Option<Spanned<Vec<MemberFile>>>,
    units: Option<Spanned<Vec<UnitFile>>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct VisitFile {
    code: Spanned<String>,
    title: Spanned<String>,
    kind: Spanned<String>,
    plan_no: String,
    #[serde(default)]
    decision_no: String,
    from: Spanned<String>,
    to: Spanned<String>,
    template: Spanned<String>,
    template_version: Option<Spanned<u32>>,
    #[serde(default)]
    issuer: String,
    #[serde(default)]
    place: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MemberFile {
    name: Spanned<String>,
    role: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UnitFile {
    code: Spanned<String>,
    inspector: Option<Spanned<String>>,
}

/// Whether a TOML file is a visit plan (it has a `[visit]` table) rather
/// than a checklist template.
#[must_use]
pub fn is_plan(text: &str) -> bool {
    toml::from_str::<toml::Table>(text).is_ok_and(|t| t.contains_key("visit"))
}

/// A file's text and name, to say where something is.
struct Src<'a> {
    name: &'a str,
    text: &'a str,
}

impl Src<'_> {
    fn at<T>(&self, what: &Spanned<T>, msg: impl Into<String>) -> ImportError {
        at(self.name, self.text, what.span().start, msg)
    }
}

/// Read a plan file into the visit it creates (Chưa tiến hành).
///
/// # Errors
/// Bad TOML or an unknown field; an empty or taken visit code, an empty
/// title, an unknown kind or role; a date that does not parse or ends
/// before the start; an unknown template or version; a team without
/// exactly one trưởng đoàn or with a name twice; an unknown unit (with the
/// closest codes), a unit twice or not valid on the visit's dates; an
/// inspector not in the team.
pub fn read(
    store: &Store,
    name: &str,
    text: &str,
    staged: &mut Staged,
) -> Result<(Outcome, Vec<Change>)> {
    let src = Src { name, text };
    let file: PlanFile = toml::from_str(text).map_err(|e| toml_error(name, text, &e))?;
    let v = file.visit.get_ref();
    let code = clean(v.code.get_ref());
    if code.is_empty() {
        return Err(src.at(&v.code, Msg::PlanEmpty.fill(&[&"code"])).into());
    }
    if staged.visits.contains(&code) || store.visit_by_code(&code)?.is_some() {
        return Err(src.at(&v.code, Msg::PlanVisitExists.fill(&[&code])).into());
    }
    let title = clean(v.title.get_ref());
    if title.is_empty() {
        return Err(src.at(&v.title, Msg::PlanEmpty.fill(&[&"title"])).into());
    }
    let kind = label::<VisitKind>(&src, &v.kind, "kind")?;
    let (start, end) = (date(&src, &v.from, "from")?, date(&src, &v.to, "to")?);
    if end < start {
        return Err(src
            .at(
                &v.to,
                Msg::PlanEndsBeforeStart.fill(&[&format_date(end), &format_date(start)]),
            )
            .into());
    }
    let template = template(store, &src, v, staged)?;
    let team = team(&src, &file)?;
    let (units, assignments) = units(store, &src, &file, &team, (&code, start, end), staged)?;
    let visit = Visit {
        id: new_id(),
        code: code.clone(),
        plan_no: clean(&v.plan_no),
        decision_no: clean(&v.decision_no),
        title: title.clone(),
        kind,
        template: template.id,
        issuer: clean(&v.issuer),
        place: clean(&v.place),
        team,
        start,
        end,
        units: units.iter().map(|u| u.id).collect(),
        status: VisitStatus::Planned,
        assignments,
    };
    // What the store will check; everything above named it where it is.
    visit
        .validate()
        .and_then(|()| visit.validate_units(|id| units.iter().find(|u| u.id == id).cloned()))
        .map_err(|e| ImportError::file(name, e.to_string()))?;
    staged.visits.insert(code.clone());
    let outcome = Outcome::Plan {
        code,
        title,
        units: visit.units.len(),
        team: visit.team.len(),
    };
    Ok((outcome, vec![Change::create(visit)]))
}

fn label<L: Labelled>(src: &Src, v: &Spanned<String>, field: &str) -> Result<L, ImportError> {
    L::parse_label(v.get_ref()).ok_or_else(|| {
        src.at(
            v,
            Msg::PlanUnknownLabel.fill(&[&field, v.get_ref(), &L::expected()]),
        )
    })
}

fn date(src: &Src, v: &Spanned<String>, field: &str) -> Result<NaiveDate, ImportError> {
    parse_date(v.get_ref(), NaiveDate::MIN).map_err(|e| {
        src.at(
            v,
            format!(
                "{field}: {}",
                crate::i18n::date_error(&e, crate::i18n::current())
            ),
        )
    })
}

/// The template the plan names: that version, or the highest one.
fn template(store: &Store, src: &Src, v: &VisitFile, staged: &Staged) -> Result<Template> {
    let code = clean(v.template.get_ref());
    let mut versions: Vec<Template> = store
        .templates()?
        .into_iter()
        .chain(staged.templates.iter().cloned())
        .collect();
    let all_codes: Vec<String> = versions.iter().map(|t| t.code.clone()).collect();
    versions.retain(|t| t.code == code);
    versions.sort_by_key(|t| t.version);
    let Some(highest) = versions.last() else {
        let close = closest(&code, all_codes.iter().map(String::as_str));
        return Err(src
            .at(
                &v.template,
                Msg::PlanUnknownTemplate.fill(&[&code, &close.join(", ")]),
            )
            .into());
    };
    match &v.template_version {
        None => Ok(highest.clone()),
        Some(wanted) => match versions.iter().find(|t| t.version == *wanted.get_ref()) {
            Some(t) => Ok(t.clone()),
            None => {
                let known: Vec<String> = versions.iter().map(|t| t.version.to_string()).collect();
                Err(src
                    .at(
                        wanted,
                        Msg::PlanUnknownVersion.fill(&[&code, wanted.get_ref(), &known.join(", ")]),
                    )
                    .into())
            }
        },
    }
}

/// The team: names given once, roles known, exactly one trưởng đoàn.
fn team(src: &Src, file: &PlanFile) -> Result<Vec<TeamMember>, ImportError> {
    let Some(members) = &file.team else {
        return Err(src.at(&file.visit, Msg::PlanNoLead.fill(&[&0])));
    };
    let mut team: Vec<TeamMember> = Vec::new();
    for m in members.get_ref() {
        let name = clean(m.name.get_ref());
        if name.is_empty() {
            return Err(src.at(&m.name, Msg::PlanEmpty.fill(&[&"name"])));
        }
        if team.iter().any(|t| t.name == name) {
            return Err(src.at(&m.name, Msg::PlanMemberTwice.fill(&[&name])));
        }
        let role = label::<TeamRole>(src, &m.role, "role")?;
        team.push(TeamMember { name, role });
    }
    let leads = team.iter().filter(|m| m.role == TeamRole::Lead).count();
    if leads != 1 {
        return Err(src.at(members, Msg::PlanNoLead.fill(&[&leads])));
    }
    Ok(team)
}

/// The units, each known, listed once and valid through the visit, and
/// the members assigned to them.
fn units(
    store: &Store,
    src: &Src,
    file: &PlanFile,
    team: &[TeamMember],
    (visit, start, end): (&str, NaiveDate, NaiveDate),
    staged: &Staged,
) -> Result<(Vec<Unit>, Vec<Assignment>)> {
    let Some(listed) = file.units.as_ref().filter(|u| !u.get_ref().is_empty()) else {
        return Err(src.at(&file.visit, Msg::PlanNoUnits.text()).into());
    };
    let mut codes: Option<Vec<String>> = None;
    let mut units: Vec<Unit> = Vec::new();
    let mut assignments = Vec::new();
    let mut seen: HashMap<Id, ()> = HashMap::new();
    for u in listed.get_ref() {
        let code = clean(u.code.get_ref());
        let Some(unit) = staged.unit(store, &code)? else {
            let all = match &codes {
                Some(c) => c,
                None => codes.insert(
                    store
                        .units()?
                        .into_iter()
                        .map(|x| x.code)
                        .chain(staged.units.keys().cloned())
                        .collect(),
                ),
            };
            let close = closest(&code, all.iter().map(String::as_str));
            return Err(src
                .at(
                    &u.code,
                    Msg::PlanUnknownUnit.fill(&[&code, &close.join(", ")]),
                )
                .into());
        };
        if seen.insert(unit.id, ()).is_some() {
            return Err(src.at(&u.code, Msg::PlanUnitTwice.fill(&[&code])).into());
        }
        unit_fits(visit, &unit, start, end).map_err(|e| src.at(&u.code, e.to_string()))?;
        if let Some(who) = &u.inspector {
            let name = clean(who.get_ref());
            if !team.iter().any(|m| m.name == name) {
                return Err(src
                    .at(who, Msg::PlanInspectorNotInTeam.fill(&[&name]))
                    .into());
            }
            assignments.push(Assignment {
                unit: unit.id,
                inspector: name,
            });
        }
        units.push(unit);
    }
    Ok((units, assignments))
}
