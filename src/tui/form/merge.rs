//! Recording a merger (sáp nhập): units A, B… merged into C on a day. The
//! merged units end the day before with C as their successor, through the
//! domain's succession rule, all in one write; C exists already (add it
//! first, valid from that day, if the merger made it).

use crate::domain::text::clean;
use crate::domain::unit::merge;
use crate::domain::{Change, RuleError, Unit};
use crate::i18n::{Msg, date_error};
use crate::tui::cx::Cx;

use super::unit::closest_codes;
use super::{DateInput, Fields, Form, Input, Refusal, TextInput, UnitPicker};

#[derive(Debug)]
pub struct MergeForm {
    /// The units that merged.
    pub merged: UnitPicker,
    /// The code of the unit they merged into.
    pub into: TextInput,
    pub day: DateInput,
}

fields! {
    MergeForm: MergeFocus {
        Merged: merged => MergedUnits,
        Into: into => Successor,
        Day: day => MergerDay,
    }
}

impl MergeForm {
    /// The form with `selected` (if any) among the merged units.
    ///
    /// # Errors
    /// Storage failure.
    pub fn new(selected: Option<&Unit>, cx: &Cx) -> anyhow::Result<MergeForm> {
        let units = cx
            .store
            .units()?
            .into_iter()
            .filter(|u| u.successor.is_none())
            .collect();
        let chosen: Vec<_> = selected.map(|u| (u.id, None)).into_iter().collect();
        Ok(MergeForm {
            merged: UnitPicker::new(units, |id| cx.units.rank(id), &chosen),
            into: TextInput::line("").required(),
            day: DateInput::new(""),
        })
    }
}

impl Form for MergeForm {
    fn title(&self) -> Msg {
        Msg::RecordMerger
    }

    fn save(&self, cx: &mut Cx) -> Result<(), Refusal<MergeFocus>> {
        let l = cx.lang;
        let code = clean(&self.into.text());
        let Some(successor) = cx.store.unit_by_code(&code)? else {
            let near = closest_codes(&code, cx.units.iter().map(|(_, u)| u.code.as_str()));
            let why = Msg::NoSuchUnit.fill_in(l, &[&Msg::Successor.tr(l), &code, &near]);
            return Err(Refusal::at(MergeFocus::Into, why));
        };
        let day = self.day.date(cx.today).map_err(|e| {
            let why = format!("{}: {}", Msg::MergerDay.tr(l), date_error(&e, l));
            Refusal::at(MergeFocus::Day, why)
        })?;
        let mut merged = Vec::new();
        for (id, _) in self.merged.chosen() {
            merged.extend(cx.store.unit(id)?);
        }
        let ended = merge(&merged, &successor, day).map_err(|e| {
            let at = match e {
                RuleError::SuccessorNotValid { .. } => MergeFocus::Into,
                RuleError::MergeBeforeStart { .. } => MergeFocus::Day,
                _ => MergeFocus::Merged,
            };
            Refusal::at(at, format!("{}: {e}", Self::label(at).tr(l)))
        })?;
        let codes: Vec<&str> = merged.iter().map(|u| u.code.as_str()).collect();
        let what = Msg::DidMerge.fill_in(l, &[&codes.join(", "), &successor.code]);
        let changes = merged
            .into_iter()
            .zip(ended)
            .map(|(old, new)| Change::update(old, new))
            .collect();
        cx.commit_all(changes, what)?;
        Ok(())
    }
}
