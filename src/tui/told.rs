//! A change told as a person would say it: what it did ("II.1 của P-QT →
//! Chưa đạt"), for the list of one's recent changes, and what undoing it
//! brings back ("II.1 của P-QT trở lại Chưa kiểm tra"), for the status line.

use crate::domain::date::format_date;
use crate::domain::label::Labelled;
use crate::domain::{Answer, Change, Event, Finding, Unit, Verdict, Visit};
use crate::i18n::{Lang, Msg};
use crate::tui::cx::Units;

/// What `change` did.
#[must_use]
pub fn done(change: &Change, units: &Units, lang: Lang) -> String {
    tell(change, units, lang, false)
}

/// What undoing `change` brings back.
#[must_use]
pub fn undone(change: &Change, units: &Units, lang: Lang) -> String {
    tell(change, units, lang, true)
}

fn tell(change: &Change, units: &Units, lang: Lang, undo: bool) -> String {
    match change {
        Change::Answer { old, new } => answer(old.as_deref(), new.as_deref(), units, lang, undo),
        Change::Finding { old, new } => finding(old.as_deref(), new.as_deref(), lang, undo),
        Change::Visit { old, new } => visit(old.as_deref(), new.as_deref(), lang, undo),
        Change::Unit { old, new } => unit(old.as_deref(), new.as_deref(), units, lang, undo),
        Change::Report { old, new } => {
            let r = new.as_deref().or(old.as_deref());
            let name = match r.and_then(|r| r.unit) {
                Some(u) => Msg::ConclusionOf.fill_in(lang, &[&units.code(u)]),
                None => Msg::EntityReport.tr(lang).to_string(),
            };
            as_before(&name, lang, undo)
        }
        Change::Settle(s) => {
            let hex = s.conflict.simple().to_string();
            let name = Msg::ConflictNamed.fill_in(lang, &[&hex.get(24..).unwrap_or_default()]);
            if undo != s.reopen {
                Msg::ConflictReopened.fill_in(lang, &[&name])
            } else {
                Msg::ConflictSettledTold.fill_in(lang, &[&name])
            }
        }
        Change::Template { old, new } => {
            let t = new.as_deref().or(old.as_deref());
            let name = t
                .map(|t| format!("{} v{}", t.code, t.version))
                .unwrap_or_default();
            as_before(&name, lang, undo)
        }
    }
}

/// "{name} trở lại như trước" / "sửa {name}".
fn as_before(name: &str, lang: Lang, undo: bool) -> String {
    if undo {
        Msg::BackAsBefore.fill_in(lang, &[&name])
    } else {
        Msg::DidEdit.fill_in(lang, &[&name])
    }
}

fn answer(
    old: Option<&Answer>,
    new: Option<&Answer>,
    units: &Units,
    lang: Lang,
    undo: bool,
) -> String {
    let Some(a) = new.or(old) else {
        return String::new();
    };
    let verdict = |a: Option<&Answer>| a.map_or(Verdict::Unchecked, |a| a.verdict);
    let (before, after) = (verdict(old), verdict(new));
    let item = &a.item;
    let unit = units.code(a.unit);
    if before == after {
        // Only the note or the evidence changed.
        let name = Msg::ItemOf.fill_in(lang, &[item, &unit]);
        return as_before(&name, lang, undo);
    }
    if undo {
        Msg::AnswerBack.fill_in(lang, &[item, &unit, &before.label(lang.code())])
    } else {
        Msg::AnswerSet.fill_in(lang, &[item, &unit, &after.label(lang.code())])
    }
}

fn finding(old: Option<&Finding>, new: Option<&Finding>, lang: Lang, undo: bool) -> String {
    let (old, new) = match (old, new) {
        (Some(o), Some(n)) => (o, n),
        (None, Some(f)) | (Some(f), None) => {
            let created = new.is_some();
            return match (created, undo) {
                (true, false) => Msg::DidRecord.fill_in(lang, &[&f.reference, &f.title]),
                (true, true) => Msg::FindingDropped.fill_in(lang, &[&f.reference]),
                (false, _) => as_before(&f.reference, lang, undo),
            };
        }
        (None, None) => return String::new(),
    };
    let name = &old.reference;
    if old.status != new.status {
        let to = if undo { old.status } else { new.status };
        return back_or_to(name, to.label(lang.code()), lang, undo);
    }
    if old.due != new.due {
        let to = format_date(if undo { old.due } else { new.due });
        return if undo {
            Msg::DueBack.fill_in(lang, &[name, &to])
        } else {
            Msg::DueSet.fill_in(lang, &[name, &to])
        };
    }
    let noted = new.history.len() > old.history.len()
        && new.history.last().is_some_and(|h| h.event == Event::Note);
    match (noted, undo) {
        (true, true) => Msg::NoteDropped.fill_in(lang, &[name]),
        (true, false) => Msg::DidNote.fill_in(lang, &[name]),
        (false, _) => as_before(name, lang, undo),
    }
}

/// "{name} trở lại {state}" / "{name} → {state}".
fn back_or_to(name: &str, state: &str, lang: Lang, undo: bool) -> String {
    if undo {
        Msg::BackTo.fill_in(lang, &[&name, &state])
    } else {
        format!("{name} → {state}")
    }
}

fn visit(old: Option<&Visit>, new: Option<&Visit>, lang: Lang, undo: bool) -> String {
    match (old, new) {
        (Some(o), Some(n)) if o.status != n.status => {
            let to = if undo { o.status } else { n.status };
            back_or_to(&o.code, to.label(lang.code()), lang, undo)
        }
        (Some(o), Some(_)) => as_before(&o.code, lang, undo),
        (None, Some(v)) if undo => Msg::VisitDropped.fill_in(lang, &[&v.code]),
        (None, Some(v)) => Msg::DidPlan.fill_in(lang, &[&v.code, &v.title]),
        (Some(v), None) => as_before(&v.code, lang, undo),
        (None, None) => String::new(),
    }
}

fn unit(old: Option<&Unit>, new: Option<&Unit>, units: &Units, lang: Lang, undo: bool) -> String {
    match (old, new) {
        (Some(o), Some(n)) if o.successor != n.successor => {
            let into = n
                .successor
                .or(o.successor)
                .map(|s| units.code(s))
                .unwrap_or_default();
            let merged = if n.successor.is_some() { !undo } else { undo };
            if merged {
                Msg::DidMerge.fill_in(lang, &[&o.code, &into])
            } else {
                Msg::MergerUndone.fill_in(lang, &[&o.code, &into])
            }
        }
        (None, Some(u)) if undo => Msg::UnitDropped.fill_in(lang, &[&u.code]),
        (None, Some(u)) => Msg::DidAddUnit.fill_in(lang, &[&u.code, &u.name]),
        (Some(u), _) => as_before(&u.code, lang, undo),
        (None, None) => String::new(),
    }
}
