//! What screens and forms work with: the database, the caches every screen
//! shares (unit names, the findings table), the status line and undo (`Cx`),
//! and the read-only part of it that drawing gets (`DrawCx`). Every write of
//! the app goes through [`Cx::commit`].

use std::collections::HashMap;

use chrono::{NaiveDate, Utc};
use ratatui::layout::Size;

use super::app::Tone;
use super::table::{FindingTable, TableCache};
use crate::domain::date::format_date;
use crate::domain::finding::Stamp;
use crate::domain::label::Labelled;
use crate::domain::{Change, Finding, Id, Op, Target, UnitKind, Verdict};
use crate::i18n::{Lang, Msg};
use crate::store::{Listing, Store};

/// A unit's name and code, cached for display.
#[derive(Debug, Clone)]
pub struct UnitInfo {
    pub code: String,
    pub name: String,
    pub kind: UnitKind,
    /// The unit it belongs to.
    pub parent: Option<Id>,
    /// Position of the name in Vietnamese order among all units.
    pub rank: u32,
}

/// Every unit's name and code, read once.
#[derive(Debug, Clone, Default)]
pub struct Units(HashMap<Id, UnitInfo>);

impl Units {
    /// Read from the database or the listing view.
    ///
    /// # Errors
    /// Storage failure.
    pub fn load(source: &impl Listing) -> anyhow::Result<Units> {
        let units = source.units_in_order()?;
        Ok(Units(
            units
                .into_iter()
                .enumerate()
                .map(|(rank, u)| {
                    let info = UnitInfo {
                        code: u.code,
                        name: u.name,
                        kind: u.kind,
                        parent: u.parent,
                        rank: u32::try_from(rank).unwrap_or(u32::MAX),
                    };
                    (u.id, info)
                })
                .collect(),
        ))
    }

    /// The name of the organisation a unit belongs to (a chi bộ's đảng
    /// bộ), unless that is an upper-level committee: every grassroots unit
    /// belongs to one, and saying so on each row tells nothing.
    #[must_use]
    pub fn belongs_to(&self, id: Id) -> Option<&str> {
        let parent = self.0.get(self.0.get(&id)?.parent.as_ref()?)?;
        (parent.kind != UnitKind::Upper).then_some(parent.name.as_str())
    }

    /// The display name of a unit ("" if unknown).
    #[must_use]
    pub fn name(&self, id: Id) -> String {
        self.0.get(&id).map(|u| u.name.clone()).unwrap_or_default()
    }

    /// A unit's position in Vietnamese order (unknown units last).
    #[must_use]
    pub fn rank(&self, id: Id) -> u32 {
        self.0.get(&id).map_or(u32::MAX, |u| u.rank)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&Id, &UnitInfo)> {
        self.0.iter()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// What a screen or a form may use while it acts.
pub struct Cx<'a> {
    pub store: &'a Store,
    pub lang: Lang,
    pub today: NaiveDate,
    /// Rows visible in the main list.
    pub page: usize,
    /// The size of the area the screen draws in.
    pub view: Size,
    pub units: &'a Units,
    pub table: &'a mut TableCache,
    /// Changes made by this app so far (cached screens compare it).
    pub changes: &'a mut u64,
    pub(crate) status: &'a mut Option<(String, Tone)>,
    pub(crate) undo: &'a mut Vec<(Op, String)>,
}

impl Cx<'_> {
    /// Set the status line.
    pub fn say(&mut self, text: impl Into<String>, tone: Tone) {
        *self.status = Some((text.into(), tone));
    }

    /// What drawing would read now: a screen that scrolls measures its
    /// content with it, as drawing lays it out.
    #[must_use]
    pub fn draw_cx(&self) -> DrawCx<'_> {
        DrawCx {
            lang: self.lang,
            today: self.today,
            units: self.units,
            table: self.table.ready(),
        }
    }

    /// Who and when, for a finding's history.
    #[must_use]
    pub fn stamp(&self) -> Stamp {
        Stamp {
            date: self.today,
            at: Utc::now(),
            by: self.store.actor().unwrap_or_default(),
        }
    }

    /// A finding that must exist.
    ///
    /// # Errors
    /// Storage failure, or no such finding.
    pub fn finding(&self, id: Id) -> anyhow::Result<Finding> {
        self.store
            .finding(id)?
            .ok_or_else(|| anyhow::anyhow!("{}", Msg::NotFound.tr(self.lang)))
    }

    /// Commit a change, remember it for undo, confirm in the status line.
    ///
    /// # Errors
    /// The store refused or failed to write it.
    pub fn commit(
        &mut self,
        change: Change,
        reason: Option<String>,
        what: String,
    ) -> anyhow::Result<Op> {
        let op = self.store.commit(change, reason)?;
        self.changed(&op)?;
        self.say(format!("{}: {what}", Msg::Saved.tr(self.lang)), Tone::Ok);
        self.undo.push((op.clone(), what));
        Ok(op)
    }

    /// Keep the shared caches in step with a change just made.
    fn changed(&mut self, op: &Op) -> anyhow::Result<()> {
        *self.changes += 1;
        if let Some(Target::Finding(id)) = op.change.target() {
            self.table.changed(id, self.store)?;
        }
        Ok(())
    }

    /// Undo the newest change of this session with a compensating op;
    /// whether there was one.
    ///
    /// # Errors
    /// The store refused or failed to write it (it stays undoable).
    pub fn undo_last(&mut self) -> anyhow::Result<bool> {
        let Some((op, what)) = self.undo.pop() else {
            self.say(Msg::NothingToUndo.tr(self.lang), Tone::Info);
            return Ok(false);
        };
        match self.store.undo(&op) {
            Ok(undone) => {
                self.changed(&undone)?;
                let said = match in_words(&undone.change, self.lang) {
                    (name, Some(now)) => Msg::UndoneTo.fill_in(self.lang, &[&name, &now]),
                    (name, None) => Msg::UndoneGone.fill_in(self.lang, &[&name]),
                };
                self.say(said, Tone::Ok);
                Ok(true)
            }
            Err(e) => {
                self.undo.push((op, what));
                Err(e.into())
            }
        }
    }
}

/// What a change leaves behind, in words: the record's name as the user
/// knows it, and what it is now (`None` once it is gone): `("V.2",
/// Some("Đạt"))`, `("HK-2026-01-JRH25", Some("Mở, hạn 31/05/2026"))`.
#[must_use]
pub fn in_words(change: &Change, lang: Lang) -> (String, Option<String>) {
    let l = lang.code();
    match change {
        Change::Answer { old, new } => {
            let item = new.as_ref().or(old.as_ref()).map(|a| a.item.clone());
            let verdict = new.as_ref().map_or(Verdict::Unchecked, |a| a.verdict);
            (item.unwrap_or_default(), Some(verdict.label(l).to_string()))
        }
        Change::Finding { old, new } => {
            let now = new
                .as_ref()
                .map(|f| Msg::FindingNow.fill_in(lang, &[&f.status.label(l), &format_date(f.due)]));
            let name = new.as_ref().or(old.as_ref()).map(|f| f.reference.clone());
            (name.unwrap_or_default(), now)
        }
        Change::Unit { old, new } => {
            let name = new.as_ref().or(old.as_ref()).map(|u| u.code.clone());
            (
                name.unwrap_or_default(),
                new.as_ref().map(|u| u.name.clone()),
            )
        }
        Change::Visit { old, new } => {
            let name = new.as_ref().or(old.as_ref()).map(|v| v.code.clone());
            (
                name.unwrap_or_default(),
                new.as_ref().map(|v| v.status.label(l).to_string()),
            )
        }
        Change::Template { old, new } => {
            let name = new.as_ref().or(old.as_ref());
            let name = name.map(|t| format!("{} v{}", t.code, t.version));
            (
                name.unwrap_or_default(),
                new.as_ref().map(|t| t.title.clone()),
            )
        }
    }
}

/// What drawing reads: never the database.
pub struct DrawCx<'a> {
    pub lang: Lang,
    pub today: NaiveDate,
    pub units: &'a Units,
    /// The findings table once it is there.
    pub table: Option<&'a FindingTable>,
}
