//! The app's writes: each builds a change from the domain's rules and sends
//! it through the store's one write path, then reloads what is shown.

use chrono::{Days, Utc};

use super::action::Recheck;
use super::app::{App, Mode, Screen, Tone};
use super::form::{Form, Purpose};
use super::i18n::{Lang, Msg};
use crate::domain::date::{format_date, weekday_en, weekday_vi};
use crate::domain::finding::{Stamp, device_tag};
use crate::domain::label::Labelled;
use crate::domain::text::{clean, clean_multiline};
use crate::domain::{
    Answer, Change, Event, Finding, FindingStatus, FollowUp, Id, Op, Responsibility,
    ResponsibilityKind, Severity, Target, Verdict, new_id,
};

impl App {
    fn stamp(&self) -> Stamp {
        Stamp {
            date: self.today,
            at: Utc::now(),
            by: self.store.actor().to_string(),
        }
    }

    /// Commit a change, remember it for undo, confirm in the status line.
    fn commit(
        &mut self,
        change: Change,
        reason: Option<String>,
        what: String,
    ) -> anyhow::Result<Op> {
        let op = self.store.commit(change, reason)?;
        self.after_change(&op)?;
        self.undo.push((op.clone(), what.clone()));
        self.say(format!("{}: {what}", Msg::Saved.tr(self.lang)), Tone::Ok);
        Ok(op)
    }

    /// Keep the in-memory views in step with a change just made.
    fn after_change(&mut self, op: &Op) -> anyhow::Result<()> {
        self.changes += 1;
        if let Some(Target::Finding(id)) = op.change.target() {
            self.changed_finding(id)?;
        }
        Ok(())
    }

    fn current_item(&self) -> Option<(Id, Id, String)> {
        let c = &self.checklist;
        let item = c.items.get(c.cursor.selected)?;
        Some((c.visit.as_ref()?.id, c.unit?, item.code.clone()))
    }

    /// Set the verdict of the selected item; saved at once.
    pub(crate) fn set_verdict(&mut self, verdict: Verdict) -> anyhow::Result<()> {
        let Some((visit, unit, item)) = self.current_item() else {
            return Ok(());
        };
        let old = self.store.answer(visit, unit, &item)?;
        let new = if verdict == Verdict::Unchecked
            && old
                .as_ref()
                .is_none_or(|a| a.note.is_empty() && a.evidence.is_empty())
        {
            None
        } else {
            let base = old.clone().unwrap_or(Answer {
                visit,
                unit,
                item: item.clone(),
                verdict,
                note: String::new(),
                evidence: String::new(),
                by: String::new(),
                at: Utc::now(),
            });
            Some(Answer {
                verdict,
                by: self.store.actor().to_string(),
                at: Utc::now(),
                ..base
            })
        };
        if old == new || old.as_ref().map(|a| a.verdict) == Some(verdict) {
            self.advance();
            return Ok(());
        }
        let what = format!("{item} → {}", verdict.label(self.lang.code()));
        self.commit(
            Change::Answer {
                old: old.map(Box::new),
                new: new.map(Box::new),
            },
            None,
            what,
        )?;
        self.refresh()?;
        self.advance();
        Ok(())
    }

    /// After a verdict, move to the next item, as a walk-through does.
    fn advance(&mut self) {
        let (len, page) = (self.checklist.items.len(), self.page);
        self.checklist.cursor.step(1, len, page);
    }

    pub(crate) fn edit_answer(&mut self) {
        let Some((visit, unit, item)) = self.current_item() else {
            return;
        };
        let row = &self.checklist.items[self.checklist.cursor.selected];
        self.mode = Mode::Form(Box::new(Form::answer(
            Purpose::Answer { visit, unit, item },
            &row.note,
            &row.seen,
        )));
    }

    pub(crate) fn new_finding(&mut self) {
        let Some((visit, unit, item)) = self.current_item() else {
            return;
        };
        if !self.checklist.items[self.checklist.cursor.selected]
            .verdict
            .is_failed()
        {
            self.say(Msg::NotFailed.tr(self.lang), Tone::Info);
            return;
        }
        let due = format_date(self.today + Days::new(30));
        let purpose = Purpose::NewFinding {
            visit,
            unit,
            item: Some(item),
        };
        self.mode = Mode::Form(Box::new(Form::finding(purpose, None, self.lang, &due)));
    }

    /// The finding the current screen is about.
    fn focused_finding(&self) -> Option<Finding> {
        match self.screen {
            Screen::Detail => self.detail.finding.clone(),
            Screen::Findings => {
                let id = self.selected_row()?.id;
                self.store.finding(id).ok().flatten()
            }
            _ => None,
        }
    }

    pub(crate) fn open_status_form(&mut self, only: Option<FindingStatus>) {
        let Some(f) = self.focused_finding() else {
            return;
        };
        let mut options: Vec<FindingStatus> = f.status.next().to_vec();
        if let Some(s) = only {
            options.retain(|x| *x == s);
        }
        if options.is_empty() {
            let msg = if f.status.is_final() {
                Msg::Final
            } else {
                Msg::NotAwaiting
            };
            self.say(msg.tr(self.lang), Tone::Info);
            return;
        }
        self.mode = Mode::Form(Box::new(Form::status(f.id, options, self.lang)));
    }

    /// The deadline form, only while the deadline runs (mở, đang khắc phục).
    pub(crate) fn open_extend_form(&mut self) {
        let Some(f) = self.focused_finding() else {
            return;
        };
        if f.status.is_active() {
            self.mode = Mode::Form(Box::new(Form::extend(f.id)));
        } else {
            let msg = if f.status.is_final() {
                Msg::Final
            } else {
                Msg::NotActive
            };
            self.say(msg.tr(self.lang), Tone::Info);
        }
    }

    pub(crate) fn open_finding_form(&mut self, make: fn(Id) -> Form) {
        if let Some(id) = self.focused_finding().map(|f| f.id) {
            self.mode = Mode::Form(Box::new(make(id)));
        }
    }

    pub(crate) fn edit_finding(&mut self) {
        if let Some(f) = self.focused_finding() {
            self.mode = Mode::Form(Box::new(Form::finding(
                Purpose::EditFinding(f.id),
                Some(&f),
                self.lang,
                "",
            )));
        }
    }

    /// Save the open form; on a rule error keep it open with the message.
    pub(crate) fn save_form(&mut self) -> anyhow::Result<()> {
        let Mode::Form(form) = &self.mode else {
            return Ok(());
        };
        let form = form.as_ref().clone();
        if let Some(i) = form.missing() {
            let why = format!(
                "{} ({})",
                form.fields[i].label.tr(self.lang),
                Msg::Required.tr(self.lang)
            );
            return self.refuse(form, i, why);
        }
        let result = match &form.purpose {
            Purpose::NewFinding { visit, unit, item } => {
                self.save_new_finding(&form, *visit, *unit, item.clone())
            }
            Purpose::EditFinding(id) => self.save_edit(&form, *id),
            Purpose::Answer { visit, unit, item } => self.save_answer(&form, *visit, *unit, item),
            Purpose::Status { finding, options } => {
                let to = options
                    .get(form.choice(0))
                    .copied()
                    .unwrap_or(FindingStatus::Open);
                self.change_finding(*finding, |f, s| f.with_status(to, &form.text(1), s), None)
            }
            Purpose::Extend(id) => match form.date(0, self.today) {
                Ok(d) => self.change_finding(
                    *id,
                    |f, s| f.with_extension(d, &form.text(1), s),
                    Some(clean_multiline(&form.text(1))),
                ),
                Err(e) => Err(anyhow::anyhow!(
                    "{}: {}",
                    Msg::InvalidDate.tr(self.lang),
                    super::i18n::date_error(&e, self.lang)
                )),
            },
            Purpose::Note(id) => {
                self.change_finding(*id, |f, s| f.with_note(&form.text(0), s), None)
            }
        };
        match result {
            Ok(()) => {
                self.mode = Mode::Browse;
                self.refresh()
            }
            Err(e) => {
                let focus = form.focus;
                self.refuse(form, focus, crate::error::describe(e.as_ref()))
            }
        }
    }

    fn refuse(&mut self, mut form: Form, focus: usize, why: String) -> anyhow::Result<()> {
        form.focus = focus;
        form.error = Some(why.clone());
        self.mode = Mode::Form(Box::new(form));
        self.say(why, Tone::Error);
        Ok(())
    }

    fn finding_fields(&self, form: &Form, base: Finding) -> Finding {
        Finding {
            title: clean(&form.text(0)),
            detail: clean_multiline(&form.text(1)),
            cause: clean_multiline(&form.text(2)),
            responsibility: Responsibility {
                kind: ResponsibilityKind::ALL
                    .get(form.choice(3))
                    .copied()
                    .unwrap_or(ResponsibilityKind::Collective),
                name: clean(&form.text(4)),
            },
            remedy: clean_multiline(&form.text(5)),
            severity: Severity::ALL
                .get(form.choice(6))
                .copied()
                .unwrap_or(Severity::Moderate),
            ..base
        }
    }

    fn save_new_finding(
        &mut self,
        form: &Form,
        visit: Id,
        unit: Id,
        item: Option<String>,
    ) -> anyhow::Result<()> {
        let due = form.date(7, self.today).map_err(|e| {
            anyhow::anyhow!(
                "{}: {}",
                Msg::DueDate.tr(self.lang),
                super::i18n::date_error(&e, self.lang)
            )
        })?;
        let v = self
            .store
            .visit(visit)?
            .ok_or_else(|| anyhow::anyhow!("{}", Msg::NotFound.tr(self.lang)))?;
        let reference = self
            .store
            .next_reference(&v.code, &device_tag(self.store.device()))?;
        let stamp = self.stamp();
        let base = Finding {
            id: new_id(),
            reference: reference.clone(),
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
            severity: Severity::Moderate,
            due,
            status: FindingStatus::Open,
            created: self.today,
            history: vec![FollowUp {
                date: stamp.date,
                at: stamp.at,
                by: stamp.by,
                event: Event::Created,
                note: String::new(),
            }],
        };
        let f = self.finding_fields(form, base);
        let what = format!("{reference} — {}", f.title);
        self.commit(
            Change::Finding {
                old: None,
                new: Some(Box::new(f)),
            },
            None,
            what,
        )?;
        Ok(())
    }

    fn save_edit(&mut self, form: &Form, id: Id) -> anyhow::Result<()> {
        let old = self
            .store
            .finding(id)?
            .ok_or_else(|| anyhow::anyhow!("{}", Msg::NotFound.tr(self.lang)))?;
        let new = self.finding_fields(form, old.clone());
        let what = format!("{} — {}", new.reference, new.title);
        self.commit(
            Change::Finding {
                old: Some(Box::new(old)),
                new: Some(Box::new(new)),
            },
            None,
            what,
        )?;
        Ok(())
    }

    fn save_answer(&mut self, form: &Form, visit: Id, unit: Id, item: &str) -> anyhow::Result<()> {
        let old = self.store.answer(visit, unit, item)?;
        let base = old.clone().unwrap_or(Answer {
            visit,
            unit,
            item: item.to_string(),
            verdict: Verdict::Unchecked,
            note: String::new(),
            evidence: String::new(),
            by: String::new(),
            at: Utc::now(),
        });
        let new = Answer {
            evidence: clean_multiline(&form.text(0)),
            note: clean_multiline(&form.text(1)),
            by: self.store.actor().to_string(),
            at: Utc::now(),
            ..base
        };
        if old.as_ref() == Some(&new) {
            return Ok(());
        }
        let what = format!("{item}: {}", Msg::AnswerNote.tr(self.lang));
        self.commit(
            Change::Answer {
                old: old.map(Box::new),
                new: Some(Box::new(new)),
            },
            None,
            what,
        )?;
        Ok(())
    }

    fn change_finding(
        &mut self,
        id: Id,
        rule: impl FnOnce(&Finding, Stamp) -> Result<Finding, crate::domain::RuleError>,
        reason: Option<String>,
    ) -> anyhow::Result<()> {
        let old = self
            .store
            .finding(id)?
            .ok_or_else(|| anyhow::anyhow!("{}", Msg::NotFound.tr(self.lang)))?;
        let new = rule(&old, self.stamp())?;
        let what = describe_change(&old, &new, self.lang);
        self.commit(
            Change::Finding {
                old: Some(Box::new(old)),
                new: Some(Box::new(new)),
            },
            reason,
            what,
        )?;
        Ok(())
    }

    /// Re-check an earlier finding during a visit.
    pub(crate) fn recheck(&mut self, outcome: Recheck) -> anyhow::Result<()> {
        let c = &self.checklist;
        let (Some(f), Some(visit)) = (
            c.earlier.get(c.earlier_cursor.selected).cloned(),
            c.visit.clone(),
        ) else {
            return Ok(());
        };
        let label = match outcome {
            Recheck::Done => Msg::RecheckDone,
            Recheck::Doing => Msg::RecheckDoing,
            Recheck::Not => Msg::RecheckNot,
        };
        let note = format!(
            "{} {}: {}",
            Msg::Rechecked.tr(self.lang),
            visit.code,
            label.tr(self.lang)
        );
        let path: &[FindingStatus] = match (outcome, f.status) {
            (Recheck::Done, FindingStatus::Open | FindingStatus::InProgress) => {
                &[FindingStatus::Remediated, FindingStatus::Verified]
            }
            (Recheck::Done, FindingStatus::Remediated) => &[FindingStatus::Verified],
            // Found not fixed after the unit reported it fixed: back to in progress,
            // so the deadline runs again and it shows as overdue when late.
            (Recheck::Doing | Recheck::Not, FindingStatus::Remediated)
            | (Recheck::Doing, FindingStatus::Open) => &[FindingStatus::InProgress],
            _ => &[],
        };
        let mut next = f.clone();
        for to in path {
            next = next.with_status(*to, &note, self.stamp())?;
        }
        if path.is_empty() {
            next = next.with_note(&note, self.stamp())?;
        }
        let what = format!("{} — {}", f.reference, label.tr(self.lang));
        self.commit(
            Change::Finding {
                old: Some(Box::new(f)),
                new: Some(Box::new(next)),
            },
            None,
            what,
        )?;
        self.refresh()
    }

    /// Undo the newest change of this session with a compensating op.
    pub(crate) fn undo_last(&mut self) -> anyhow::Result<()> {
        let Some((op, what)) = self.undo.pop() else {
            self.say(Msg::NothingToUndo.tr(self.lang), Tone::Info);
            return Ok(());
        };
        match self.store.undo(&op) {
            Ok(undone) => {
                self.after_change(&undone)?;
                self.say(format!("{}: {what}", Msg::Undone.tr(self.lang)), Tone::Ok);
                self.refresh()
            }
            Err(e) => {
                self.undo.push((op, what));
                Err(e.into())
            }
        }
    }
}

/// A short description of a finding change for the status line.
fn describe_change(old: &Finding, new: &Finding, lang: Lang) -> String {
    match new.history.last().map(|h| &h.event) {
        Some(Event::Status { to, .. }) if old.status != new.status => {
            format!("{} → {}", new.reference, to.label(lang.code()))
        }
        Some(Event::Extended { to, .. }) => {
            let wd = if lang == Lang::En {
                weekday_en(*to)
            } else {
                weekday_vi(*to)
            };
            format!(
                "{} {} → {wd}, {}",
                new.reference,
                Msg::Extended.tr(lang),
                format_date(*to)
            )
        }
        _ => format!("{} — {}", new.reference, Msg::Note.tr(lang)),
    }
}
