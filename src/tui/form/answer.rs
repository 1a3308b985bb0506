//! The note and evidence of a checklist answer.

use chrono::Utc;

use crate::domain::op::Recorded;
use crate::domain::text::clean_multiline;
use crate::domain::{Answer, Id, Verdict};
use crate::i18n::Msg;
use crate::tui::cx::Cx;

use super::{Form, Input, Refusal, TextInput};

/// Note and evidence seen for `item` of `unit` in `visit`.
#[derive(Debug)]
pub struct AnswerForm {
    pub visit: Id,
    pub unit: Id,
    pub item: String,
    /// Evidence seen (hồ sơ, tài liệu đã xem).
    pub evidence: TextInput,
    pub note: TextInput,
}

fields! {
    AnswerForm: Focus {
        Evidence: evidence => Evidence,
        Note: note => Note,
    }
}

impl AnswerForm {
    #[must_use]
    pub fn new(visit: Id, unit: Id, item: String, note: &str, seen: &str) -> AnswerForm {
        AnswerForm {
            visit,
            unit,
            item,
            evidence: TextInput::lines(seen),
            note: TextInput::lines(note),
        }
    }
}

/// An answer with nothing recorded yet but `verdict`.
#[must_use]
pub fn blank(visit: Id, unit: Id, item: &str, verdict: Verdict) -> Answer {
    Answer {
        visit,
        unit,
        item: item.to_string(),
        verdict,
        note: String::new(),
        evidence: String::new(),
        by: String::new(),
        at: Utc::now(),
    }
}

impl Form for AnswerForm {
    fn title(&self) -> Msg {
        Msg::AnswerNote
    }

    fn save(&self, cx: &mut Cx) -> Result<(), Refusal<Focus>> {
        let (visit, unit, item) = (self.visit, self.unit, self.item.as_str());
        let old = cx.store.answer(visit, unit, item)?;
        let base = old
            .clone()
            .unwrap_or_else(|| blank(visit, unit, item, Verdict::Unchecked));
        let new = Answer {
            evidence: clean_multiline(&self.evidence.text()),
            note: clean_multiline(&self.note.text()),
            by: cx.store.actor().unwrap_or_default(),
            at: Utc::now(),
            ..base
        };
        if old.as_ref() == Some(&new) {
            return Ok(());
        }
        let what = format!("{item}: {}", Msg::AnswerNote.tr(cx.lang));
        let change = Answer::change(old, Some(new));
        cx.commit(change, None, what)?;
        Ok(())
    }
}
