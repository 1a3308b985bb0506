//! One visit: its document, team and period, and its units with the
//! progress of each one's checklist.

use std::collections::HashMap;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Row, TableState};

use super::{Cursor, Effect, Screen, ScreenId};
use crate::domain::date::format_date;
use crate::domain::label::Labelled;
use crate::domain::text::vi_cmp;
use crate::domain::{Id, Visit as VisitRecord};
use crate::store::Store;
use crate::tui::action::Action;
use crate::tui::cx::{Cx, DrawCx};
use crate::i18n::Msg;
use crate::tui::keymap::Ctx;
use crate::tui::{theme, ui};

/// One unit of the visit, with its walk-through progress.
#[derive(Debug, Clone)]
pub struct VisitUnitRow {
    pub unit: Id,
    pub name: String,
    /// The team member assigned to it.
    pub inspector: String,
    pub answered: u64,
    pub total: u64,
    pub failed: u64,
    pub findings: u64,
}

#[derive(Debug, Clone, Default)]
pub struct Visit {
    /// The visit to show.
    pub id: Option<Id>,
    pub visit: Option<VisitRecord>,
    pub rows: Vec<VisitUnitRow>,
    pub cursor: Cursor,
}

impl Visit {
    /// Show visit `id` from its first unit.
    pub fn show(&mut self, id: Id) -> ScreenId {
        self.id = Some(id);
        self.cursor = Cursor::default();
        ScreenId::Visit
    }

    fn row(
        cx: &Cx,
        visit: &VisitRecord,
        unit: Id,
        total: u64,
        findings: u64,
    ) -> anyhow::Result<VisitUnitRow> {
        let a = cx.store.answer_counts(visit.id, unit)?;
        Ok(VisitUnitRow {
            unit,
            name: cx.units.name(unit),
            inspector: visit.inspector_of(unit).unwrap_or_default().to_string(),
            answered: a.iter().sum::<u64>() - a[0],
            total,
            failed: a[2] + a[3],
            findings,
        })
    }
}

impl Screen for Visit {
    fn context(&self) -> Ctx {
        Ctx::Visit
    }

    fn load(&mut self, cx: &mut Cx) -> anyhow::Result<()> {
        let Some(visit) = self.id.map(|id| cx.store.visit(id)).transpose()?.flatten() else {
            return Ok(());
        };
        let total = cx
            .store
            .template(visit.template)?
            .map_or(0, |t| t.item_count() as u64);
        // One pass over the visit's findings (from its index) for the per-unit counts.
        let mut per_unit: HashMap<Id, u64> = HashMap::new();
        for f in cx.store.findings_of_visit(visit.id)? {
            *per_unit.entry(f.unit).or_insert(0) += 1;
        }
        let mut rows = Vec::new();
        for u in &visit.units {
            let findings = per_unit.get(u).copied().unwrap_or(0);
            rows.push(Visit::row(cx, &visit, *u, total, findings)?);
        }
        rows.sort_by(|a, b| vi_cmp(&a.name, &b.name));
        self.rows = rows;
        self.visit = Some(visit);
        Ok(())
    }

    fn step(&mut self, delta: isize, cx: &mut Cx) {
        self.cursor.step(delta, self.rows.len(), cx.page);
    }

    /// Enter on a unit: its checklist; the visit's own actions as in the list.
    fn on(&mut self, action: Action, cx: &mut Cx) -> anyhow::Result<Effect> {
        let Some(visit) = self.visit.clone() else {
            return Ok(Effect::None);
        };
        let unit = self.rows.get(self.cursor.selected).map(|r| r.unit);
        match (action, unit) {
            (Action::Open, Some(u)) => Ok(Effect::open(move |s| s.checklist.show(visit.id, u))),
            (Action::Open, None) => Ok(Effect::None),
            (action, _) => {
                let effect = super::visits::act_on(&visit, action, cx)?;
                self.load(cx)?;
                Ok(effect)
            }
        }
    }

    fn command(&self, cmd: &str, arg: &str, cx: &Cx) -> Option<anyhow::Result<Effect>> {
        let names = ["visit", "dot", "v"];
        super::by_code(cmd, &names, arg, cx, Store::visit_by_code, |v| {
            Effect::open(move |s| s.visit.show(v.id))
        })
    }

    fn draw(&self, frame: &mut Frame, area: Rect, cx: &DrawCx) {
        let Some(v) = &self.visit else { return };
        let [info, table] =
            Layout::vertical([Constraint::Length(5), Constraint::Min(3)]).areas(area);
        draw_info(frame, info, v, cx);
        self.draw_units(frame, table, cx);
    }
}

fn draw_info(frame: &mut Frame, area: Rect, v: &VisitRecord, cx: &DrawCx) {
    let l = cx.lang;
    let team: Vec<String> = v
        .team_in_order()
        .iter()
        .map(|m| format!("{} ({})", m.name, m.role.label(l.code())))
        .collect();
    let numbers: Vec<&str> = [v.plan_no.as_str(), v.decision_no.as_str()]
        .into_iter()
        .filter(|n| !n.is_empty())
        .collect();
    let lines = vec![
        Line::from(vec![
            Span::styled(format!("{} · ", numbers.join(" · ")), theme::TITLE),
            Span::raw(v.title.clone()),
        ]),
        Line::raw(format!(
            "{} · {}–{} · {}",
            v.issuer,
            format_date(v.start),
            format_date(v.end),
            v.status.label(l.code())
        )),
        Line::raw(format!("{}: {}", Msg::Team.tr(l), team.join(", "))),
    ];
    frame.render_widget(
        Paragraph::new(lines).block(Block::bordered().title(v.code.clone())),
        area,
    );
}

impl Visit {
    fn draw_units(&self, frame: &mut Frame, area: Rect, cx: &DrawCx) {
        let l = cx.lang;
        let header = Row::new(vec![
            Msg::Unit.tr(l),
            Msg::Inspector.tr(l),
            Msg::Progress.tr(l),
            Msg::Failed.tr(l),
            Msg::Findings.tr(l),
        ]);
        let rows = self.rows.iter().map(unit_row);
        let widths = [
            Constraint::Min(24),
            Constraint::Length(18),
            Constraint::Length(10),
            Constraint::Length(10),
            Constraint::Length(6),
        ];
        let t = ui::list(rows, widths, header, Block::bordered().title(Msg::Units.tr(l)));
        let mut state = TableState::new()
            .with_offset(self.cursor.offset)
            .with_selected(Some(self.cursor.selected));
        frame.render_stateful_widget(t, area, &mut state);
    }
}

fn unit_row(r: &VisitUnitRow) -> Row<'static> {
    let done = if r.total > 0 && r.answered == r.total {
        theme::DONE
    } else {
        Style::default()
    };
    let failed = if r.failed > 0 {
        theme::OVERDUE
    } else {
        theme::DIM
    };
    Row::new(vec![
        Line::raw(r.name.clone()),
        Line::styled(r.inspector.clone(), theme::DIM),
        Line::styled(format!("{}/{}", r.answered, r.total), done),
        Line::styled(r.failed.to_string(), failed),
        Line::raw(r.findings.to_string()),
    ])
}
