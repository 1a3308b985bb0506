//! Phiếu kiểm tra: walk a unit's checklist in a visit section by section,
//! one verdict a key, with the selected item's detail and, in a second pane,
//! the unit's open findings from earlier visits to re-check.

mod draw;
mod write;

use std::collections::HashMap;

use ratatui::Frame;
use ratatui::layout::Rect;

use super::{Cursor, Effect, Screen, ScreenId};
use crate::domain::{Answer, Finding, Id, Sector, Template, Verdict, Visit, VisitStatus};
use crate::tui::app::Tone;
use crate::tui::action::Action;
use crate::tui::cx::{Cx, DrawCx};
use crate::i18n::Msg;
use crate::tui::keymap::Ctx;

/// One checklist item with its answer.
#[derive(Debug, Clone)]
pub struct ItemRow {
    pub section: usize,
    pub code: String,
    pub text: String,
    pub evidence: String,
    pub critical: bool,
    pub verdict: Verdict,
    pub note: String,
    pub seen: String,
    pub findings: usize,
}

/// A section's progress.
#[derive(Debug, Clone)]
pub struct SectionInfo {
    pub code: String,
    pub title: String,
    pub answered: usize,
    pub total: usize,
    pub failed: usize,
}

/// Which pane has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Pane {
    #[default]
    Items,
    Recheck,
}

#[derive(Debug, Clone, Default)]
pub struct Checklist {
    /// The visit and unit to show.
    pub target: Option<(Id, Id)>,
    pub visit: Option<Visit>,
    pub unit: Option<Id>,
    pub template: Option<Template>,
    pub sections: Vec<SectionInfo>,
    pub items: Vec<ItemRow>,
    pub cursor: Cursor,
    /// Open findings of this unit to re-check: from earlier visits, and
    /// those named at the review that this visit follows up.
    pub earlier: Vec<Finding>,
    pub earlier_cursor: Cursor,
    pub pane: Pane,
}

impl Checklist {
    /// Show `unit`'s checklist in `visit` (where it was left, if it is the
    /// one shown last).
    pub fn show(&mut self, visit: Id, unit: Id) -> ScreenId {
        self.target = Some((visit, unit));
        ScreenId::Checklist
    }

    fn read(&mut self, cx: &Cx, visit: Id, unit: Id) -> anyhow::Result<()> {
        let Some(v) = cx.store.visit(visit)? else {
            return Ok(());
        };
        let Some(t) = cx.store.template(v.template)? else {
            return Ok(());
        };
        let answers: HashMap<String, Answer> = cx
            .store
            .answers_of(visit, unit)?
            .into_iter()
            .map(|a| (a.item.clone(), a))
            .collect();
        let of_unit = cx.store.findings_of_unit(unit)?;
        let sector = cx.store.unit(unit)?.map(|u| u.sector);
        let (sections, items) = rows(&t, sector, &answers, &of_unit, visit);
        let mut earlier: Vec<Finding> = of_unit
            .into_iter()
            // A finding named at the review is re-checked by the visit it
            // is attached to; one found during a visit, by the visits after.
            .filter(|f| (f.visit != visit || f.origin.is_review()) && !f.status.is_final())
            .collect();
        earlier.sort_by(|a, b| a.due.cmp(&b.due).then_with(|| a.reference.cmp(&b.reference)));
        if self.unit != Some(unit) || self.visit.as_ref().map(|x| x.id) != Some(visit) {
            self.cursor = Cursor::default();
            self.earlier_cursor = Cursor::default();
            self.pane = Pane::Items;
        }
        self.visit = Some(v);
        self.unit = Some(unit);
        self.template = Some(t);
        self.sections = sections;
        self.items = items;
        self.earlier = earlier;
        self.keep_cursors(cx.page);
        Ok(())
    }

    /// A re-checked finding that closed leaves the list: keep both cursors
    /// on a row, and leave an empty pane.
    fn keep_cursors(&mut self, page: usize) {
        self.cursor
            .jump(self.cursor.selected, self.items.len(), page);
        self.earlier_cursor
            .jump(self.earlier_cursor.selected, self.earlier.len(), page);
        if self.earlier.is_empty() {
            self.pane = Pane::Items;
        }
    }

    /// The selected item: visit, unit, item code.
    fn current_item(&self) -> Option<(Id, Id, String)> {
        let item = self.items.get(self.cursor.selected)?;
        Some((self.visit.as_ref()?.id, self.unit?, item.code.clone()))
    }
}

/// Sections with their progress and items with their answers: the items
/// a unit of `sector` answers (all, if the unit is not known), and the
/// sections that have any.
fn rows(
    t: &Template,
    sector: Option<Sector>,
    answers: &HashMap<String, Answer>,
    of_unit: &[Finding],
    visit: Id,
) -> (Vec<SectionInfo>, Vec<ItemRow>) {
    let mut sections = Vec::new();
    let mut items = Vec::new();
    for s in &t.sections {
        let mut info = SectionInfo {
            code: s.code.clone(),
            title: s.title.clone(),
            answered: 0,
            total: 0,
            failed: 0,
        };
        for i in s.items.iter().filter(|i| sector.is_none_or(|x| i.applies_to(x))) {
            let a = answers.get(&i.code);
            let verdict = a.map_or(Verdict::Unchecked, |a| a.verdict);
            info.total += 1;
            info.answered += usize::from(verdict.is_answered());
            info.failed += usize::from(verdict.is_failed());
            items.push(ItemRow {
                section: sections.len(),
                code: i.code.clone(),
                text: i.text.clone(),
                evidence: i.evidence.clone(),
                critical: i.critical,
                verdict,
                note: a.map(|a| a.note.clone()).unwrap_or_default(),
                seen: a.map(|a| a.evidence.clone()).unwrap_or_default(),
                findings: of_unit
                    .iter()
                    .filter(|f| f.visit == visit && f.item.as_deref() == Some(i.code.as_str()))
                    .count(),
            });
        }
        if info.total > 0 {
            sections.push(info);
        }
    }
    (sections, items)
}

impl Screen for Checklist {
    fn context(&self) -> Ctx {
        match self.pane {
            Pane::Items => Ctx::Checklist,
            Pane::Recheck => Ctx::Recheck,
        }
    }

    fn help(&self) -> Vec<(Msg, Ctx)> {
        vec![
            (Msg::HelpTitle, Ctx::Checklist),
            (Msg::Recheck, Ctx::Recheck),
        ]
    }

    fn help_notes(&self, section: Ctx) -> Vec<Msg> {
        match section {
            Ctx::Checklist => vec![Msg::HelpAutoAdvance],
            _ => Vec::new(),
        }
    }

    fn load(&mut self, cx: &mut Cx) -> anyhow::Result<()> {
        match self.target {
            Some((visit, unit)) => self.read(cx, visit, unit),
            None => Ok(()),
        }
    }

    fn step(&mut self, delta: isize, cx: &mut Cx) {
        match self.pane {
            Pane::Items => self.cursor.step(delta, self.items.len(), cx.page),
            Pane::Recheck => self.earlier_cursor.step(delta, self.earlier.len(), cx.page),
        }
    }

    fn on(&mut self, action: Action, cx: &mut Cx) -> anyhow::Result<Effect> {
        let writes = matches!(
            action,
            Action::SetVerdict(_) | Action::Recheck(_) | Action::EditAnswer | Action::NewFinding
        ) || (action == Action::Open && self.pane == Pane::Items);
        if let Some(v) = self.visit.as_ref().filter(|v| writes && v.status == VisitStatus::Concluded) {
            cx.say(Msg::VisitClosed.fill_in(cx.lang, &[&v.code]), Tone::Info);
            return Ok(Effect::None);
        }
        match action {
            Action::SetVerdict(v) => self.set_verdict(v, cx)?,
            Action::Recheck(r) => self.recheck(r, cx)?,
            Action::EditAnswer => return Ok(self.edit_answer()),
            Action::NewFinding => return Ok(self.new_finding(cx)),
            Action::NextPane => {
                self.pane = match self.pane {
                    Pane::Items if !self.earlier.is_empty() => Pane::Recheck,
                    _ => Pane::Items,
                };
            }
            Action::Open => return Ok(self.open()),
            _ => {}
        }
        Ok(Effect::None)
    }

    /// Esc in the re-check pane goes back to the items.
    fn back(&mut self) -> bool {
        let recheck = self.pane == Pane::Recheck;
        self.pane = Pane::Items;
        recheck
    }

    fn draw(&self, frame: &mut Frame, area: Rect, cx: &DrawCx) {
        draw::draw(self, frame, area, cx);
    }
}
