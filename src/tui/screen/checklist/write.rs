//! What the walk-through records: a verdict a key (saved at once), the
//! note and evidence of an item, a finding from a failed item, and the
//! re-check of an earlier finding.

use chrono::{Days, Utc};

use super::{Checklist, Pane};
use crate::domain::date::format_date;
use crate::domain::label::Labelled;
use crate::domain::op::Recorded;
use crate::domain::{Answer, Change, Verdict};
use crate::tui::action::Recheck;
use crate::tui::app::Tone;
use crate::tui::cx::Cx;
use crate::tui::form::answer::blank;
use crate::tui::form::{AnswerForm, DateRule, Editor, FindingForm};
use crate::i18n::Msg;
use crate::tui::screen::{Effect, Screen};

impl Checklist {
    /// Set the verdict of the selected item, then move to the next one as
    /// a walk-through does.
    pub(super) fn set_verdict(&mut self, verdict: Verdict, cx: &mut Cx) -> anyhow::Result<()> {
        let Some((visit, unit, item)) = self.current_item() else {
            return Ok(());
        };
        let old = cx.store.answer(visit, unit, &item)?;
        // Clearing the verdict of an answer with nothing else in it removes it.
        let new = if verdict == Verdict::Unchecked
            && old
                .as_ref()
                .is_none_or(|a| a.note.is_empty() && a.evidence.is_empty())
        {
            None
        } else {
            let base = old
                .clone()
                .unwrap_or_else(|| blank(visit, unit, &item, verdict));
            Some(Answer {
                verdict,
                by: cx.store.actor().unwrap_or_default(),
                at: Utc::now(),
                ..base
            })
        };
        if old != new && old.as_ref().map(|a| a.verdict) != Some(verdict) {
            let what = format!("{item} → {}", verdict.label(cx.lang.code()));
            let change = Answer::change(old, new);
            // Drawn at once; "saved" once the saver thread's sync returns.
            cx.commit_saving(change, what)?;
            self.load(cx)?;
        }
        self.cursor.step(1, self.items.len(), cx.page);
        Ok(())
    }

    pub(super) fn edit_answer(&self) -> Effect {
        let Some((visit, unit, item)) = self.current_item() else {
            return Effect::None;
        };
        let row = &self.items[self.cursor.selected];
        Effect::Form(Editor::open(AnswerForm::new(
            visit, unit, item, &row.note, &row.seen,
        )))
    }

    /// The finding form for the selected item, if it failed.
    pub(super) fn new_finding(&self, cx: &mut Cx) -> Effect {
        let Some((visit, unit, item)) = self.current_item() else {
            return Effect::None;
        };
        if !self.items[self.cursor.selected].verdict.is_failed() {
            cx.say(Msg::NotFailed.tr(cx.lang), Tone::Info);
            return Effect::None;
        }
        let due = format_date(cx.today + Days::new(30));
        let mut form = FindingForm::new(visit, unit, Some(item), cx.lang, &due);
        form.due = form.due.keeping(DateRule::NotBefore(cx.today));
        Effect::Form(Editor::open(form))
    }

    /// Enter: an earlier finding's detail in the re-check pane, else the
    /// item's note and evidence.
    pub(super) fn open(&self) -> Effect {
        if self.pane == Pane::Items {
            return self.edit_answer();
        }
        match self.earlier.get(self.earlier_cursor.selected).map(|f| f.id) {
            Some(id) => Effect::open(move |s| s.detail.show(id)),
            None => Effect::None,
        }
    }

    /// Record the re-check of the selected earlier finding during this visit.
    pub(super) fn recheck(&mut self, outcome: Recheck, cx: &mut Cx) -> anyhow::Result<()> {
        let f = self.earlier.get(self.earlier_cursor.selected).cloned();
        let (Some(f), Some(visit)) = (f, self.visit.as_ref()) else {
            return Ok(());
        };
        let label = match outcome {
            Recheck::Done => Msg::RecheckDone,
            Recheck::Doing => Msg::RecheckDoing,
            Recheck::Not => Msg::RecheckNot,
        };
        let l = cx.lang;
        let note = format!("{} {}: {}", Msg::Rechecked.tr(l), visit.code, label.tr(l));
        let next = f.with_recheck(visit.id, outcome, &note, &cx.stamp())?;
        let what = format!("{} — {}", f.reference, label.tr(l));
        let id = f.id;
        let change = Change::update(f, next);
        cx.commit(change, None, what)?;
        self.load(cx)?;
        // Its new status may move it in the list: the cursor goes with it
        // (one that left the list leaves the cursor where it was).
        if let Some(row) = self.earlier.iter().position(|x| x.id == id) {
            self.earlier_cursor.jump(row, self.earlier.len(), cx.page);
        }
        Ok(())
    }
}

