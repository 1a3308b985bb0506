//! What screens and forms work with: the database, the caches every screen
//! shares (unit names, the findings table), the status line and undo (`Cx`),
//! and the read-only part of it that drawing gets (`DrawCx`). Every write of
//! the app goes through [`Cx::commit`].

use std::collections::HashMap;

use chrono::{NaiveDate, Utc};
use ratatui::layout::Size;

use super::app::Tone;
use super::table::{FindingTable, TableCache};
use crate::domain::finding::Stamp;
use crate::domain::op::Recorded;
use crate::domain::{Change, Finding, Id, Op, Target, UnitKind};
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
    /// The unit it merged into (at the end of a chain of mergers), if it
    /// did: its findings are followed up there.
    pub now: Option<Id>,
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
        let succession = source.succession()?;
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
                        now: Some(succession.current(u.id)).filter(|now| *now != u.id),
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

    /// The name a finding of unit `id` is listed under: the unit it merged
    /// into, saying which it was ("Đảng bộ phường Nam Định (trước đây:
    /// Đảng bộ phường Năng Tĩnh)"), else its own.
    #[must_use]
    pub fn listed_name(&self, id: Id) -> String {
        match self.0.get(&id).and_then(|u| u.now) {
            Some(now) => format!(
                "{} ({})",
                self.name(now),
                crate::i18n::Msg::Formerly.fill(&[&self.name(id)])
            ),
            None => self.name(id),
        }
    }

    /// The unit `id` merged into, if it did.
    #[must_use]
    pub fn now(&self, id: Id) -> Option<Id> {
        self.0.get(&id).and_then(|u| u.now)
    }

    /// The code of a unit ("" if unknown).
    #[must_use]
    pub fn code(&self, id: Id) -> String {
        self.0.get(&id).map(|u| u.code.clone()).unwrap_or_default()
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
    /// Read again whenever a unit changes.
    pub units: &'a mut Units,
    pub table: &'a mut TableCache,
    /// Changes made by this app so far (cached screens compare it).
    pub changes: &'a mut u64,
    pub(crate) status: &'a mut Option<(String, Tone)>,
    /// A change made with [`Cx::commit_saving`], for the app to hand to its
    /// saver thread: what to say once it is on disk.
    pub(crate) saving: &'a mut Option<String>,
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

    /// Commit a change and confirm it in the status line.
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
        Ok(op)
    }

    /// Commit a change and answer at once: the sync runs on the app's saver
    /// thread, the status line says "saving" until it has returned, then
    /// "saved" (a verdict a key: a disk that stalls never holds a key).
    ///
    /// # Errors
    /// The store refused the change: nothing is written.
    pub fn commit_saving(&mut self, change: Change, what: String) -> anyhow::Result<Op> {
        let op = self.store.commit_unsynced(change, None)?;
        self.changed(&op)?;
        self.say(format!("{}: {what}", Msg::Saving.tr(self.lang)), Tone::Info);
        *self.saving = Some(what);
        Ok(op)
    }

    /// Save what a form edited: `new` created, or `old` changed into it,
    /// confirmed as `what`; nothing written when they are the same.
    ///
    /// # Errors
    /// The store refused or failed to write it.
    pub fn save<E: Recorded + PartialEq + Clone>(
        &mut self,
        old: Option<&E>,
        new: E,
        what: String,
    ) -> anyhow::Result<()> {
        let change = match old {
            Some(old) if *old == new => return Ok(()),
            Some(old) => Change::update(old.clone(), new),
            None => Change::create(new),
        };
        self.commit(change, None, what)?;
        Ok(())
    }

    /// Commit several changes as one write (all or nothing) and confirm
    /// them in the status line as `what`.
    ///
    /// # Errors
    /// The store refused or failed to write them: nothing is written.
    pub fn commit_all(&mut self, changes: Vec<Change>, what: String) -> anyhow::Result<()> {
        let ops = changes
            .into_iter()
            .map(|c| self.store.new_op(c, None))
            .collect::<Result<Vec<Op>, _>>()?;
        self.store.apply_all(&ops)?;
        for op in &ops {
            self.changed(op)?;
        }
        self.say(format!("{}: {what}", Msg::Saved.tr(self.lang)), Tone::Ok);
        Ok(())
    }

    /// Keep the shared caches in step with a change just made.
    fn changed(&mut self, op: &Op) -> anyhow::Result<()> {
        *self.changes += 1;
        match op.change.target() {
            Some(Target::Finding(id)) => self.table.changed(id, self.store)?,
            Some(Target::Unit(_)) => *self.units = Units::load(self.store)?,
            _ => {}
        }
        Ok(())
    }

    /// Undo my newest change still undone, made on this laptop under my
    /// name, in this session or an earlier one; whether there was one.
    ///
    /// # Errors
    /// The store refused (its target changed since) or failed to write it.
    pub fn undo_last(&mut self) -> anyhow::Result<bool> {
        match self.store.my_recent_changes(1)?.into_iter().next() {
            Some(op) => self.undo(&op).map(|()| true),
            None => {
                self.say(Msg::NothingToUndo.tr(self.lang), Tone::Info);
                Ok(false)
            }
        }
    }

    /// Undo `op` with a compensating op and say in words what came back.
    ///
    /// # Errors
    /// The store refused (its target changed since) or failed to write it.
    pub fn undo(&mut self, op: &Op) -> anyhow::Result<()> {
        let told = super::told::undone(&op.change, self.units, self.lang);
        let undone = self.store.undo(op)?;
        self.changed(&undone)?;
        self.say(format!("{}: {told}", Msg::Undone.tr(self.lang)), Tone::Ok);
        Ok(())
    }
}

/// What a [`Cx`] borrows, owned, for tests that act on a screen or a form
/// without an app.
#[cfg(test)]
#[derive(Default)]
pub(crate) struct TestParts {
    pub units: Units,
    pub table: TableCache,
    pub changes: u64,
    pub status: Option<(String, Tone)>,
    pub saving: Option<String>,
}

#[cfg(test)]
impl TestParts {
    /// A context over `store` as of `today`, `page` rows to a list, in a
    /// `view` of that size.
    pub fn cx<'a>(
        &'a mut self,
        store: &'a Store,
        today: NaiveDate,
        page: usize,
        view: Size,
    ) -> Cx<'a> {
        Cx {
            store,
            lang: Lang::Vi,
            today,
            page,
            view,
            units: &mut self.units,
            table: &mut self.table,
            changes: &mut self.changes,
            status: &mut self.status,
            saving: &mut self.saving,
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
