//! The finding form (hạn chế, khuyết điểm): recording one from a failed
//! checklist item, with its remediation deadline, or editing one.

use chrono::NaiveDate;

use crate::domain::date::format_date;
use crate::domain::finding::device_tag;
use crate::domain::text::{clean, clean_multiline};
use crate::domain::{
    Change, Event, Finding, FindingStatus, FollowUp, Id, Origin, Responsibility,
    ResponsibilityKind, RuleError, Severity, new_id,
};
use crate::i18n::{Lang, Msg, date_error};
use crate::tui::cx::Cx;

use super::{Choice, DateInput, Fields, Form, Input, Refusal, TextInput};

/// Which finding the form is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A new one, found at `unit` during `visit`, from checklist `item`.
    New {
        visit: Id,
        unit: Id,
        item: Option<String>,
    },
    /// A shortcoming named at the unit's kiểm điểm (the baseline),
    /// re-checked by `visit`.
    Baseline {
        visit: Id,
        unit: Id,
    },
    Edit(Id),
}

#[derive(Debug)]
pub struct FindingForm {
    pub target: Target,
    pub title: TextInput,
    pub detail: TextInput,
    pub cause: TextInput,
    pub responsibility: Choice<ResponsibilityKind>,
    /// The body or person responsible.
    pub responsible: TextInput,
    /// Giải pháp khắc phục.
    pub remedy: TextInput,
    pub severity: Choice<Severity>,
    pub due: DateInput,
    /// The review's document (số, ký hiệu) and its date: a baseline only.
    pub doc: TextInput,
    pub doc_date: DateInput,
}

fields! {
    FindingForm: Focus {
        Title: title => Title,
        Detail: detail => Detail,
        Cause: cause => Cause,
        Responsibility: responsibility => Responsibility,
        Responsible: responsible => Responsible,
        Remedy: remedy => Remedy,
        Severity: severity => Severity,
        Due: due => DueDate,
        Doc: doc => SourceDoc,
        DocDate: doc_date => SourceDate,
    }
}

/// A finding found during a visit: everything but the review's document.
const NEW: &[Focus] = <FindingForm as Fields>::ALL.split_at(8).0;
/// An edit leaves the deadline alone: it moves only by an extension.
const EDIT: &[Focus] = <FindingForm as Fields>::ALL.split_at(7).0;
/// A baseline shortcoming: the title, its grade, then cause,
/// responsibility, remedy, deadline and the document that named it.
const BASELINE: &[Focus] = &[
    Focus::Title,
    Focus::Severity,
    Focus::Cause,
    Focus::Responsibility,
    Focus::Responsible,
    Focus::Remedy,
    Focus::Due,
    Focus::Doc,
    Focus::DocDate,
];

impl FindingForm {
    /// A new finding at `unit` in `visit`, due by default on `default_due`.
    #[must_use]
    pub fn new(visit: Id, unit: Id, item: Option<String>, lang: Lang, default_due: &str) -> Self {
        FindingForm {
            target: Target::New { visit, unit, item },
            title: TextInput::line("").required(),
            detail: TextInput::lines(""),
            cause: TextInput::lines(""),
            responsibility: Choice::all(ResponsibilityKind::Collective, lang),
            responsible: TextInput::line("").required(),
            remedy: TextInput::lines(""),
            severity: Choice::all(Severity::Shortcoming, lang),
            due: DateInput::new(default_due),
            doc: TextInput::line(""),
            doc_date: DateInput::optional(""),
        }
    }

    /// A shortcoming named at `unit`'s kiểm điểm, re-checked by `visit`,
    /// due by default on `default_due` (the visit's last day).
    #[must_use]
    pub fn baseline(visit: Id, unit: Id, lang: Lang, default_due: &str) -> Self {
        FindingForm {
            target: Target::Baseline { visit, unit },
            ..FindingForm::new(visit, unit, None, lang, default_due)
        }
    }

    /// Editing `f`, its fields filled in.
    #[must_use]
    pub fn edit(f: &Finding, lang: Lang) -> Self {
        FindingForm {
            target: Target::Edit(f.id),
            title: TextInput::line(&f.title).required(),
            detail: TextInput::lines(&f.detail),
            cause: TextInput::lines(&f.cause),
            responsibility: Choice::all(f.responsibility.kind, lang),
            responsible: TextInput::line(&f.responsibility.name).required(),
            remedy: TextInput::lines(&f.remedy),
            severity: Choice::all(f.severity, lang),
            due: DateInput::new(""),
            doc: TextInput::line(""),
            doc_date: DateInput::optional(""),
        }
    }

    /// `base` with the form's fields.
    fn fill(&self, base: Finding) -> Finding {
        Finding {
            title: clean(&self.title.text()),
            detail: clean_multiline(&self.detail.text()),
            cause: clean_multiline(&self.cause.text()),
            responsibility: Responsibility {
                kind: self
                    .responsibility
                    .value()
                    .unwrap_or(ResponsibilityKind::Collective),
                name: clean(&self.responsible.text()),
            },
            remedy: clean_multiline(&self.remedy.text()),
            severity: self.severity.value().unwrap_or(Severity::Shortcoming),
            ..base
        }
    }

    fn save_new(
        &self,
        cx: &mut Cx,
        visit: Id,
        unit: Id,
        item: Option<String>,
    ) -> Result<(), Refusal<Focus>> {
        let due = self.due.date(cx.today).map_err(|e| {
            let why = format!("{}: {}", Msg::DueDate.tr(cx.lang), date_error(&e, cx.lang));
            Refusal::at(Focus::Due, why)
        })?;
        if due < cx.today {
            let rule = RuleError::DueBeforeCreated {
                due,
                created: cx.today,
            };
            return Err(Refusal::at(Focus::Due, rule.to_string()));
        }
        let v = cx
            .store
            .visit(visit)?
            .ok_or_else(|| anyhow::anyhow!("{}", Msg::NotFound.tr(cx.lang)))?;
        let reference = cx
            .store
            .next_reference(&v.code, &device_tag(cx.store.device()))?;
        let f = self.fill(created_finding(
            cx,
            reference.clone(),
            visit,
            unit,
            item,
            due,
        ));
        let what = format!("{reference} — {}", f.title);
        let change = Change::create(f);
        cx.commit(change, None, what)?;
        Ok(())
    }

    /// A baseline shortcoming: recorded on the document's date (else
    /// today), due no earlier.
    fn save_baseline(&self, cx: &mut Cx, visit: Id, unit: Id) -> Result<(), Refusal<Focus>> {
        let doc_date = self.doc_date.date_opt(cx.today).map_err(|e| {
            let why = format!(
                "{}: {}",
                Msg::SourceDate.tr(cx.lang),
                date_error(&e, cx.lang)
            );
            Refusal::at(Focus::DocDate, why)
        })?;
        if let Some(d) = doc_date
            && d > cx.today
        {
            let why = Msg::BaselineDocAfterToday
                .fill_in(cx.lang, &[&format_date(d), &format_date(cx.today)]);
            return Err(Refusal::at(Focus::DocDate, why));
        }
        let created = doc_date.unwrap_or(cx.today);
        let due = self.due.date(cx.today).map_err(|e| {
            let why = format!("{}: {}", Msg::DueDate.tr(cx.lang), date_error(&e, cx.lang));
            Refusal::at(Focus::Due, why)
        })?;
        if due < created {
            let rule = RuleError::DueBeforeCreated { due, created };
            return Err(Refusal::at(Focus::Due, rule.to_string()));
        }
        let v = cx
            .store
            .visit(visit)?
            .ok_or_else(|| anyhow::anyhow!("{}", Msg::NotFound.tr(cx.lang)))?;
        let reference = cx
            .store
            .next_reference(&v.code, &device_tag(cx.store.device()))?;
        let mut f = self.fill(created_finding(
            cx,
            reference.clone(),
            visit,
            unit,
            None,
            due,
        ));
        f.created = created;
        if let Some(first) = f.history.first_mut() {
            first.date = created;
        }
        f.origin = Origin::Review {
            doc: clean(&self.doc.text()),
            date: doc_date,
        };
        let what = format!("{reference} — {}", f.title);
        cx.commit(Change::create(f), None, what)?;
        Ok(())
    }

    fn save_edit(&self, cx: &mut Cx, id: Id) -> Result<(), Refusal<Focus>> {
        let old = cx.finding(id)?;
        let new = self.fill(old.clone());
        let what = format!("{} — {}", new.reference, new.title);
        let change = Change::update(old, new);
        cx.commit(change, None, what)?;
        Ok(())
    }
}

/// A finding recorded today, with nothing in it yet but where it was
/// found and its deadline.
fn created_finding(
    cx: &Cx,
    reference: String,
    visit: Id,
    unit: Id,
    item: Option<String>,
    due: NaiveDate,
) -> Finding {
    let stamp = cx.stamp();
    Finding {
        id: new_id(),
        reference,
        unit,
        visit,
        item,
        title: String::new(),
        detail: String::new(),
        cause: String::new(),
        responsibility: Responsibility {
            kind: ResponsibilityKind::Collective,
            name: String::new(),
        },
        remedy: String::new(),
        severity: Severity::Shortcoming,
        due,
        status: FindingStatus::Open,
        created: cx.today,
        history: vec![FollowUp {
            date: stamp.date,
            at: stamp.at,
            by: stamp.by,
            event: Event::Created,
            note: String::new(),
        }],
        origin: crate::domain::Origin::Visit,
    }
}

impl Form for FindingForm {
    fn title(&self) -> Msg {
        match self.target {
            Target::New { .. } => Msg::NewFinding,
            Target::Baseline { .. } => Msg::NewBaselineFinding,
            Target::Edit(_) => Msg::EditFinding,
        }
    }

    fn order(&self) -> &'static [Focus] {
        match self.target {
            Target::New { .. } => NEW,
            Target::Baseline { .. } => BASELINE,
            Target::Edit(_) => EDIT,
        }
    }

    fn save(&self, cx: &mut Cx) -> Result<(), Refusal<Focus>> {
        match &self.target {
            Target::New { visit, unit, item } => self.save_new(cx, *visit, *unit, item.clone()),
            Target::Baseline { visit, unit } => self.save_baseline(cx, *visit, *unit),
            Target::Edit(id) => self.save_edit(cx, *id),
        }
    }
}
