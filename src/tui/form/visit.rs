//! The visit form (đợt hậu kiểm): planning one or editing one — its code
//! (suggested: the year and the next free number), title, kind, the plan's
//! and the team decision's numbers, dates, checklist template, team, and the
//! units with the member each is assigned to. Saved as one visit op.

use chrono::{Datelike, Days, NaiveDate};

use crate::domain::date::format_date;
use crate::domain::label::Labelled;
use crate::domain::text::clean;
use crate::domain::{
    Assignment, Id, RuleError, TeamRole, Template, Visit, VisitKind, VisitStatus, new_id,
};
use crate::i18n::{Lang, Msg, date_error};
use crate::store::Store;
use crate::tui::action::Action;
use crate::tui::cx::Cx;

use super::{
    Choice, DateInput, Fields, Form, Input, Refusal, TeamInput, TextInput, UnitPicker, own_code,
};

#[derive(Debug)]
pub struct VisitForm {
    /// The visit edited, or none for a new one.
    pub editing: Option<Visit>,
    pub code: TextInput,
    pub title: TextInput,
    pub kind: Choice<VisitKind>,
    /// Số kế hoạch: `12-KH/TU`.
    pub plan_no: TextInput,
    /// Số quyết định thành lập đoàn: `45-QĐ/TU`.
    pub decision_no: TextInput,
    pub from: DateInput,
    pub to: DateInput,
    /// A template version, by id.
    pub template: Choice<Id>,
    pub team: TeamInput,
    pub units: UnitPicker,
    /// Cơ quan ban hành, for the reports' header.
    pub issuer: TextInput,
    /// Địa danh, for the reports' date line.
    pub place: TextInput,
}

fields! {
    VisitForm: Focus {
        Title: title => VisitTitle,
        Code: code => Code,
        Kind: kind => Kind,
        PlanNo: plan_no => PlanNo,
        DecisionNo: decision_no => DecisionNo,
        From: from => FromDate,
        To: to => ToDate,
        Template: template => Template,
        Team: team => Team,
        Units: units => Units,
        Issuer: issuer => Issuer,
        Place: place => Place,
    }
}

impl VisitForm {
    /// A new visit: a free code suggested, from today for a week, the
    /// newest template, the issuer and place of the latest visit (left
    /// empty, they are taken from the committee above the units chosen).
    ///
    /// # Errors
    /// Storage failure.
    pub fn new(cx: &Cx) -> anyhow::Result<VisitForm> {
        let visits = cx.store.visits()?;
        let latest = visits.iter().max_by_key(|v| (v.start, v.code.clone()));
        let (issuer, place) =
            latest.map_or_else(Default::default, |v| (v.issuer.clone(), v.place.clone()));
        let to = cx.today.checked_add_days(Days::new(7)).unwrap_or(cx.today);
        Ok(VisitForm {
            editing: None,
            code: TextInput::line(&suggest_code(cx.store, cx.today.year())?).required(),
            title: TextInput::line("").required(),
            kind: kinds(cx.lang),
            plan_no: TextInput::line(""),
            decision_no: TextInput::line(""),
            from: DateInput::new(&format_date(cx.today)),
            to: DateInput::new(&format_date(to)),
            template: templates(cx.store, None)?,
            team: TeamInput::new(&[]),
            units: picker(cx, &[])?,
            issuer: TextInput::line(&issuer),
            place: TextInput::line(&place),
        })
    }

    /// Editing `v`, its fields filled in.
    ///
    /// # Errors
    /// Storage failure.
    pub fn edit(v: &Visit, cx: &Cx) -> anyhow::Result<VisitForm> {
        let chosen: Vec<(Id, Option<String>)> = v
            .units
            .iter()
            .map(|u| (*u, v.inspector_of(*u).map(str::to_string)))
            .collect();
        Ok(VisitForm {
            editing: Some(v.clone()),
            code: TextInput::line(&v.code).required(),
            title: TextInput::line(&v.title).required(),
            kind: kinds(cx.lang).with(v.kind),
            plan_no: TextInput::line(&v.plan_no),
            decision_no: TextInput::line(&v.decision_no),
            from: DateInput::new(&format_date(v.start)),
            to: DateInput::new(&format_date(v.end)),
            template: templates(cx.store, Some(v.template))?,
            team: TeamInput::new(&v.team),
            units: picker(cx, &chosen)?,
            issuer: TextInput::line(&v.issuer),
            place: TextInput::line(&v.place),
        })
    }

    /// The visit the fields describe, checked field by field.
    fn visit(&self, cx: &Cx) -> Result<Visit, Refusal<Focus>> {
        let l = cx.lang;
        let id = self.editing.as_ref().map_or_else(new_id, |v| v.id);
        let code = own_code(&self.code, id, Focus::Code, l, |c| {
            Ok(cx.store.visit_by_code(c)?.map(|v| v.id))
        })?;
        let start = self.date(&self.from, Focus::From, cx)?;
        let end = self.date(&self.to, Focus::To, cx)?;
        if end < start {
            let why = Msg::EndsBeforeStart.fill_in(l, &[&Msg::ToDate.tr(l)]);
            return Err(Refusal::at(Focus::To, why));
        }
        let template = self
            .template
            .value()
            .ok_or_else(|| Refusal::at(Focus::Template, Msg::NoTemplates.tr(l).to_string()))?;
        let team = self.team.members();
        if !team.iter().any(|m| m.role == TeamRole::Lead) {
            let why = Msg::NoLead.fill_in(l, &[&Msg::Team.tr(l)]);
            return Err(Refusal::at(Focus::Team, why));
        }
        let chosen = self.units.chosen();
        let names = self.team.names();
        if let Some((unit, who)) = chosen
            .iter()
            .find_map(|(u, who)| who.as_ref().filter(|w| !names.contains(w)).map(|w| (u, w)))
        {
            let code = cx
                .units
                .iter()
                .find(|(id, _)| *id == unit)
                .map(|(_, u)| u.code.clone());
            let why =
                Msg::NotInTeam.fill_in(l, &[&Msg::Units.tr(l), &code.unwrap_or_default(), who]);
            return Err(Refusal::at(Focus::Units, why));
        }
        let base = self
            .editing
            .clone()
            .unwrap_or_else(|| planned(id, template));
        let (issuer, place) = match (clean(&self.issuer.text()), clean(&self.place.text())) {
            (i, p) if i.is_empty() || p.is_empty() => {
                let (di, dp) = match chosen.first() {
                    Some((u, _)) => issuer_above(cx, *u)?,
                    None => Default::default(),
                };
                (
                    if i.is_empty() { di } else { i },
                    if p.is_empty() { dp } else { p },
                )
            }
            both => both,
        };
        Ok(Visit {
            code,
            plan_no: clean(&self.plan_no.text()),
            decision_no: clean(&self.decision_no.text()),
            title: clean(&self.title.text()),
            kind: self.kind.value().unwrap_or(base.kind),
            template,
            issuer,
            place,
            team,
            start,
            end,
            assignments: chosen
                .iter()
                .filter_map(|(unit, who)| {
                    let inspector = who.clone()?;
                    Some(Assignment {
                        unit: *unit,
                        inspector,
                    })
                })
                .collect(),
            units: chosen.into_iter().map(|(u, _)| u).collect(),
            ..base
        })
    }

    fn date(&self, input: &DateInput, at: Focus, cx: &Cx) -> Result<NaiveDate, Refusal<Focus>> {
        input.date(cx.today).map_err(|e| {
            let why = format!(
                "{}: {}",
                Self::label(at).tr(cx.lang),
                date_error(&e, cx.lang)
            );
            Refusal::at(at, why)
        })
    }
}

/// The field to correct for a rule of visits the form's own checks did
/// not catch.
fn field_of(e: &RuleError) -> Focus {
    match e {
        RuleError::VisitWithoutCode(_) => Focus::Code,
        RuleError::VisitEndsBeforeStart { .. } => Focus::To,
        RuleError::TeamMemberWithoutName(_) | RuleError::TeamLeads { .. } => Focus::Team,
        RuleError::UnitTwiceInVisit(_)
        | RuleError::AssignmentOutsideVisit(_)
        | RuleError::InspectorNotInTeam { .. }
        | RuleError::VisitUnitMissing { .. }
        | RuleError::VisitUnitNotValid { .. } => Focus::Units,
        _ => Focus::Title,
    }
}

/// A visit planned today, with nothing in it yet.
fn planned(id: Id, template: Id) -> Visit {
    Visit {
        id,
        code: String::new(),
        plan_no: String::new(),
        decision_no: String::new(),
        title: String::new(),
        kind: VisitKind::FollowUp,
        template,
        issuer: String::new(),
        place: String::new(),
        team: Vec::new(),
        start: NaiveDate::MIN,
        end: NaiveDate::MIN,
        units: Vec::new(),
        status: VisitStatus::Planned,
        assignments: Vec::new(),
    }
}

/// The kinds, hậu kiểm first.
fn kinds(lang: Lang) -> Choice<VisitKind> {
    Choice::all(VisitKind::FollowUp, lang)
}

/// Every template version, newest first, `current` (else the newest) chosen.
fn templates(store: &Store, current: Option<Id>) -> anyhow::Result<Choice<Id>> {
    let mut all: Vec<Template> = store.templates()?;
    all.sort_by(|a, b| b.version.cmp(&a.version).then_with(|| a.code.cmp(&b.code)));
    let labels = all
        .iter()
        .map(|t| format!("{} v{}", t.code, t.version))
        .collect();
    let ids: Vec<Id> = all.iter().map(|t| t.id).collect();
    let first = current.or_else(|| ids.first().copied());
    let choice = Choice::labelled(ids, labels);
    Ok(match first {
        Some(id) => choice.with(id),
        None => choice,
    })
}

/// The unit picker over the units that exist today (and those already chosen).
fn picker(cx: &Cx, chosen: &[(Id, Option<String>)]) -> anyhow::Result<UnitPicker> {
    let units = cx
        .store
        .units()?
        .into_iter()
        .filter(|u| u.is_valid_on(cx.today) || chosen.iter().any(|c| c.0 == u.id))
        .collect();
    Ok(UnitPicker::new(units, |id| cx.units.rank(id), chosen))
}

/// "Ban Thường vụ" of the committee at the top above `unit`, and its
/// place: "Thành ủy Nam Định" gives "Nam Định".
fn issuer_above(cx: &Cx, unit: Id) -> anyhow::Result<(String, String)> {
    let mut top = cx.store.unit(unit)?;
    // Deeper than any Party hierarchy: a parent link that loops stops here.
    for _ in 0..12 {
        let Some(p) = top.as_ref().and_then(|u| u.parent) else {
            break;
        };
        match cx.store.unit(p)? {
            Some(up) => top = Some(up),
            None => break,
        }
    }
    let name = top.map(|u| u.name).unwrap_or_default();
    Ok((format!("Ban Thường vụ {name}"), place_of(&name).to_string()))
}

/// The place a committee is named after: what follows "Thành ủy",
/// "Tỉnh ủy"… or the last "thành phố", "tỉnh"… in its name.
fn place_of(name: &str) -> &str {
    const HEADS: [&str; 6] = [
        "Thành ủy ",
        "Tỉnh ủy ",
        "Huyện ủy ",
        "Quận ủy ",
        "Thị ủy ",
        "Đảng ủy ",
    ];
    const TAILS: [&str; 5] = ["thành phố ", "tỉnh ", "huyện ", "quận ", "thị xã "];
    if let Some(rest) = HEADS.iter().find_map(|h| name.strip_prefix(h))
        && !rest.starts_with("Khối")
    {
        return rest;
    }
    TAILS
        .iter()
        .filter_map(|t| name.rfind(t).map(|i| &name[i + t.len()..]))
        .min_by_key(|rest| rest.len())
        .unwrap_or(name)
}

/// `HK-YEAR-NN`: the next number after the highest of the year, free.
///
/// # Errors
/// Storage failure.
pub fn suggest_code(store: &Store, year: i32) -> anyhow::Result<String> {
    let prefix = format!("{}-{year}-", VisitKind::FollowUp.code());
    let highest = store
        .visits()?
        .iter()
        .filter_map(|v| v.code.strip_prefix(&prefix)?.parse::<u32>().ok())
        .max()
        .unwrap_or(0);
    let mut n = highest + 1;
    loop {
        let code = format!("{prefix}{n:02}");
        if store.visit_by_code(&code)?.is_none() {
            return Ok(code);
        }
        n += 1;
    }
}

impl Form for VisitForm {
    fn title(&self) -> Msg {
        match self.editing {
            Some(_) => Msg::EditVisit,
            None => Msg::NewVisit,
        }
    }

    /// The picker assigns units to the members named in the team field.
    fn act(&mut self, focus: Focus, action: Action) {
        match (focus, action) {
            (Focus::Units, Action::Assign) => self.units.assign_next(&self.team.names()),
            _ => self.input_mut(focus).act(action),
        }
    }

    fn save(&self, cx: &mut Cx) -> Result<(), Refusal<Focus>> {
        let new = self.visit(cx)?;
        let units = |id| cx.store.unit(id).ok().flatten();
        if let Err(e) = new.validate().and_then(|()| new.validate_units(units)) {
            let at = field_of(&e);
            let why = format!("{}: {e}", Self::label(at).tr(cx.lang));
            return Err(Refusal::at(at, why));
        }
        let what = format!("{} — {}", new.code, new.title);
        cx.save(self.editing.as_ref(), new, what)?;
        Ok(())
    }
}
