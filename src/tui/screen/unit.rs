//! One unit: what it is (kind, sector, the unit above it, secretary,
//! members, validity, what it merged into or came from), the visits that
//! went to it and its findings; Enter opens a visit or a finding.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Row, TableState};

use super::{Cursor, Effect, Screen, ScreenId};
use crate::domain::date::format_date;
use crate::domain::label::Labelled;
use crate::domain::{Finding, Id, Unit as UnitRecord, Visit};
use crate::i18n::Msg;
use crate::tui::action::Action;
use crate::tui::cx::{Cx, DrawCx};
use crate::tui::app::Tone;
use crate::tui::form::{Editor, FindingForm, UnitForm};
use crate::tui::keymap::Ctx;
use crate::tui::{theme, ui};

/// Which list has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Pane {
    #[default]
    Findings,
    Visits,
}

#[derive(Debug, Clone, Default)]
pub struct Unit {
    /// The unit to show.
    pub id: Option<Id>,
    pub unit: Option<UnitRecord>,
    /// The unit above it, by name.
    pub parent: String,
    /// What it merged into, and the units merged into it, by name.
    pub successor: Option<String>,
    pub predecessors: Vec<String>,
    /// The visits that went to it, newest first.
    pub visits: Vec<Visit>,
    /// Its findings, by deadline.
    pub findings: Vec<Finding>,
    pub pane: Pane,
    pub visit_cursor: Cursor,
    pub finding_cursor: Cursor,
}

impl Unit {
    /// Show unit `id` from the top of its findings.
    pub fn show(&mut self, id: Id) -> ScreenId {
        *self = Unit {
            id: Some(id),
            ..Unit::default()
        };
        ScreenId::Unit
    }

    fn read_lineage(&mut self, u: &UnitRecord, cx: &Cx) -> anyhow::Result<()> {
        self.parent = match u.parent {
            Some(p) => cx.units.name(p),
            None => String::new(),
        };
        self.successor = u.successor.map(|s| cx.units.name(s));
        let mut before: Vec<Id> = cx
            .store
            .units()?
            .into_iter()
            .filter(|p| p.successor == Some(u.id))
            .map(|p| p.id)
            .collect();
        before.sort_by_key(|p| cx.units.rank(*p));
        self.predecessors = before.into_iter().map(|p| cx.units.name(p)).collect();
        Ok(())
    }
}

impl Screen for Unit {
    fn context(&self) -> Ctx {
        Ctx::Unit
    }

    fn load(&mut self, cx: &mut Cx) -> anyhow::Result<()> {
        let Some(u) = self.id.map(|id| cx.store.unit(id)).transpose()?.flatten() else {
            return Ok(());
        };
        self.read_lineage(&u, cx)?;
        let mut visits: Vec<Visit> = cx
            .store
            .visits()?
            .into_iter()
            .filter(|v| v.units.contains(&u.id))
            .collect();
        visits.sort_by(|a, b| b.start.cmp(&a.start).then_with(|| b.code.cmp(&a.code)));
        let mut findings = cx.store.findings_of_unit(u.id)?;
        findings.sort_by(|a, b| a.due.cmp(&b.due).then_with(|| a.reference.cmp(&b.reference)));
        self.visit_cursor.jump(self.visit_cursor.selected, visits.len(), cx.page);
        self.finding_cursor
            .jump(self.finding_cursor.selected, findings.len(), cx.page);
        self.visits = visits;
        self.findings = findings;
        self.unit = Some(u);
        Ok(())
    }

    fn step(&mut self, delta: isize, cx: &mut Cx) {
        let page = (cx.page / 2).max(1);
        match self.pane {
            Pane::Findings => self.finding_cursor.step(delta, self.findings.len(), page),
            Pane::Visits => self.visit_cursor.step(delta, self.visits.len(), page),
        }
    }

    fn on(&mut self, action: Action, cx: &mut Cx) -> anyhow::Result<Effect> {
        Ok(match action {
            Action::NextPane => {
                self.pane = match self.pane {
                    Pane::Findings => Pane::Visits,
                    Pane::Visits => Pane::Findings,
                };
                Effect::None
            }
            Action::Open => match self.pane {
                Pane::Findings => match self.findings.get(self.finding_cursor.selected) {
                    Some(f) => {
                        let id = f.id;
                        Effect::open(move |s| s.detail.show(id))
                    }
                    None => Effect::None,
                },
                Pane::Visits => match self.visits.get(self.visit_cursor.selected) {
                    Some(v) => {
                        let id = v.id;
                        Effect::open(move |s| s.visit.show(id))
                    }
                    None => Effect::None,
                },
            },
            Action::NewBaseline => self.new_baseline(cx)?,
            Action::Edit => match &self.unit {
                Some(u) => Effect::Form(Editor::open(UnitForm::edit(u, cx))),
                None => Effect::None,
            },
            _ => Effect::None,
        })
    }

    fn draw(&self, frame: &mut Frame, area: Rect, cx: &DrawCx) {
        let Some(u) = &self.unit else {
            frame.render_widget(Block::bordered(), area);
            return;
        };
        let info = self.info(u, cx);
        let h = u16::try_from(info.len() + 2).unwrap_or(8);
        let [head, lists] =
            Layout::vertical([Constraint::Length(h), Constraint::Min(4)]).areas(area);
        let title = format!("{} · {}", u.code, Msg::UnitDetail.tr(cx.lang));
        frame.render_widget(
            Paragraph::new(info).block(Block::bordered().title(title)),
            head,
        );
        let [visits, findings] =
            Layout::vertical([Constraint::Percentage(35), Constraint::Percentage(65)])
                .areas(lists);
        self.draw_visits(frame, visits, cx);
        self.draw_findings(frame, findings, cx);
    }
}

impl Unit {
    /// The form for a shortcoming named at this unit's kiểm điểm, attached
    /// to the visit that follows it up (as an import attaches it); none
    /// yet, say how to get one.
    fn new_baseline(&self, cx: &mut Cx) -> anyhow::Result<Effect> {
        let Some(u) = &self.unit else {
            return Ok(Effect::None);
        };
        let Some(v) = crate::io::baseline_csv::following(cx.store.visits()?, u.id) else {
            cx.say(Msg::BaselineNoVisit.fill_in(cx.lang, &[&u.code]), Tone::Error);
            return Ok(Effect::None);
        };
        let due = format_date(v.end);
        let form = FindingForm::baseline(v.id, u.id, cx.lang, &due);
        Ok(Effect::Form(Editor::open(form)))
    }

    /// Name, kind and sector, the unit above, secretary and members,
    /// validity and lineage.
    fn info(&self, u: &UnitRecord, cx: &DrawCx) -> Vec<Line<'static>> {
        let l = cx.lang;
        let field = |label: Msg, value: String| ui::labelled(label.tr(l), value);
        let valid = match (u.valid_from, u.valid_to) {
            (None, None) => Msg::NoEnd.tr(l).to_string(),
            (from, to) => format!(
                "{} – {}",
                from.map(format_date).unwrap_or_default(),
                to.map(format_date).unwrap_or_default()
            ),
        };
        let mut lines = vec![
            Line::styled(u.name.clone(), theme::TITLE),
            field(
                Msg::Kind,
                format!("{} · {}", u.kind.label(l.code()), u.sector.label(l.code())),
            ),
            field(Msg::Parent, self.parent.clone()),
            field(
                Msg::Secretary,
                format!("{} · {} {}", u.secretary, u.members, Msg::MembersShort.tr(l)),
            ),
            field(Msg::Validity, valid),
        ];
        if let Some(to) = &self.successor {
            lines.push(Line::styled(Msg::MergedInto.fill_in(l, &[to]), theme::SOON));
        }
        if !self.predecessors.is_empty() {
            let from = self.predecessors.join(", ");
            lines.push(Line::styled(Msg::FormerlyLine.fill_in(l, &[&from]), theme::SOON));
        }
        lines
    }

    fn draw_visits(&self, frame: &mut Frame, area: Rect, cx: &DrawCx) {
        let l = cx.lang;
        let rows = self.visits.iter().map(|v| {
            Row::new(vec![
                v.code.clone(),
                v.title.clone(),
                format!("{}–{}", format_date(v.start), format_date(v.end)),
                v.status.label(l.code()).to_string(),
            ])
        });
        let header = Row::new(vec![
            Msg::Visit.tr(l),
            Msg::VisitTitle.tr(l),
            Msg::Period.tr(l),
            Msg::Status.tr(l),
        ]);
        let widths = [
            Constraint::Length(12),
            Constraint::Min(16),
            Constraint::Length(21),
            Constraint::Length(15),
        ];
        let block = pane_block(Msg::Visits, self.visits.len(), self.pane == Pane::Visits, cx);
        let t = ui::list(rows, widths, header, block);
        let selected = (self.pane == Pane::Visits).then_some(self.visit_cursor.selected);
        let mut state = TableState::new()
            .with_offset(self.visit_cursor.offset)
            .with_selected(selected);
        frame.render_stateful_widget(t, area, &mut state);
    }

    fn draw_findings(&self, frame: &mut Frame, area: Rect, cx: &DrawCx) {
        let l = cx.lang;
        let rows = self.findings.iter().map(|f| {
            let style = theme::finding(f.status, f.due, cx.today);
            Row::new(vec![
                Line::raw(f.reference.clone()),
                Line::raw(f.title.clone()),
                Line::styled(format_date(f.due), style),
                Line::styled(f.status.label(l.code()).to_string(), style),
            ])
        });
        let header = Row::new(vec![
            Msg::Ref.tr(l),
            Msg::Title.tr(l),
            Msg::Due.tr(l),
            Msg::Status.tr(l),
        ]);
        let widths = [
            Constraint::Length(20),
            Constraint::Min(16),
            Constraint::Length(10),
            Constraint::Length(16),
        ];
        let on = self.pane == Pane::Findings;
        let block = pane_block(Msg::Findings, self.findings.len(), on, cx);
        let t = ui::list(rows, widths, header, block);
        let mut state = TableState::new()
            .with_offset(self.finding_cursor.offset)
            .with_selected(on.then_some(self.finding_cursor.selected));
        frame.render_stateful_widget(t, area, &mut state);
    }
}

/// A list's border: its name and count, lit when it has the keyboard.
fn pane_block(title: Msg, n: usize, focused: bool, cx: &DrawCx) -> Block<'static> {
    let b = Block::bordered().title(format!("{} ({n})", title.tr(cx.lang)));
    if focused { b.border_style(theme::FOCUS) } else { b }
}
