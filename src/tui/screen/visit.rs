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
use crate::domain::text::{self, vi_cmp};
use crate::domain::{Id, Template, Visit as VisitRecord};
use crate::store::{Progress, Store};
use crate::tui::action::Action;
use crate::tui::cx::{Cx, DrawCx};
use crate::i18n::Msg;
use crate::tui::keymap::Ctx;
use crate::tui::ui::{fit, pick};
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

    /// A unit's row: its progress on the items of its sector.
    fn row(
        cx: &Cx,
        visit: &VisitRecord,
        template: Option<&Template>,
        unit: Id,
        findings: u64,
    ) -> anyhow::Result<VisitUnitRow> {
        let p = match template {
            Some(t) => cx.store.unit_progress(t, visit.id, unit)?,
            None => Progress {
                by_verdict: cx.store.answer_counts(visit.id, unit)?,
                items: 0,
            },
        };
        let a = p.by_verdict;
        Ok(VisitUnitRow {
            unit,
            name: cx.units.name(unit),
            inspector: visit.inspector_of(unit).unwrap_or_default().to_string(),
            answered: p.answered(),
            total: p.items,
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
        let template = cx.store.template(visit.template)?;
        // One pass over the visit's findings (from its index) for the per-unit counts.
        let mut per_unit: HashMap<Id, u64> = HashMap::new();
        for f in cx.store.findings_of_visit(visit.id)? {
            *per_unit.entry(f.unit).or_insert(0) += 1;
        }
        let mut rows = Vec::new();
        for u in &visit.units {
            let findings = per_unit.get(u).copied().unwrap_or(0);
            rows.push(Visit::row(cx, &visit, template.as_ref(), *u, findings)?);
        }
        rows.sort_by(|a, b| vi_cmp(&a.name, &b.name));
        self.rows = rows;
        self.visit = Some(visit);
        Ok(())
    }

    fn step(&mut self, delta: isize, cx: &mut Cx) {
        self.cursor.step(delta, self.rows.len(), cx.page);
    }

    /// Enter on a unit: its checklist; `b`: the visit's báo cáo and
    /// conclusions; the visit's own actions as in the list.
    fn on(&mut self, action: Action, cx: &mut Cx) -> anyhow::Result<Effect> {
        let Some(visit) = self.visit.clone() else {
            return Ok(Effect::None);
        };
        let unit = self.rows.get(self.cursor.selected).map(|r| r.unit);
        match (action, unit) {
            (Action::Open, Some(u)) => Ok(Effect::open(move |s| s.checklist.show(visit.id, u))),
            (Action::Open, None) => Ok(Effect::None),
            (Action::OpenReport, _) => Ok(Effect::open(move |s| s.report.show(visit.id))),
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
        let lines = info_lines(v, usize::from(area.width.saturating_sub(2)), cx);
        let height = u16::try_from(lines.len() + 2).unwrap_or(5);
        let [info, table] =
            Layout::vertical([Constraint::Length(height), Constraint::Min(3)]).areas(area);
        frame.render_widget(
            Paragraph::new(lines).block(Block::bordered().title(v.code.clone())),
            info,
        );
        self.draw_units(frame, table, cx);
    }
}

/// The visit's title (its end kept: "(đợt 2)"), issuer, period and
/// status, then its team on as many lines as it takes (three at most): a
/// line is never cut inside a name.
fn info_lines(v: &VisitRecord, w: usize, cx: &DrawCx) -> Vec<Line<'static>> {
    let l = cx.lang;
    let team: Vec<String> = v
        .team_in_order()
        .iter()
        .map(|m| format!("{} ({})", m.name, m.role.label(l.code())))
        .collect();
    // The plan's number and the decision forming the team, if it has one.
    let numbers: Vec<&str> = [v.plan_no.as_str(), v.decision_no.as_str()]
        .into_iter()
        .filter(|n| !n.is_empty())
        .collect();
    let doc = format!("{} · ", numbers.join(" · "));
    let title_w = w.saturating_sub(text::width(&doc));
    let mut lines = vec![
        Line::from(vec![
            Span::styled(doc, theme::TITLE),
            Span::raw(fit::middle(&v.title, title_w)),
        ]),
    ];
    // Issuer, period and status on one line, or the issuer on its own.
    let when = format!(
        "{}–{} · {}",
        format_date(v.start),
        format_date(v.end),
        v.status.label(l.code())
    );
    let one = format!("{} · {when}", v.issuer);
    if text::width(&one) <= w {
        lines.push(Line::raw(one));
    } else {
        lines.push(Line::raw(fit::words(&v.issuer, w)));
        lines.push(Line::raw(fit::words(&when, w)));
    }
    // The team, a member at a time.
    let mut wrapped = vec![format!("{}:", Msg::Team.tr(l))];
    for (i, m) in team.iter().enumerate() {
        let sep = if i + 1 < team.len() { "," } else { "" };
        let item = format!("{m}{sep}");
        let last = wrapped.last_mut().expect("a first line");
        if text::width(last) + 1 + text::width(&item) <= w {
            last.push(' ');
            last.push_str(&item);
        } else {
            wrapped.push(format!("  {item}"));
        }
    }
    if wrapped.len() > 3 {
        wrapped.truncate(3);
        wrapped[2].push_str(" …");
    }
    lines.extend(wrapped.into_iter().map(|t| Line::raw(fit::words(&t, w))));
    lines
}

impl Visit {
    fn draw_units(&self, frame: &mut Frame, area: Rect, cx: &DrawCx) {
        let l = cx.lang;
        let counts = self.rows.iter().fold([0usize; 3], |w, r| {
            let cells = [
                format!("{}/{}", r.answered, r.total),
                r.failed.to_string(),
                r.findings.to_string(),
            ];
            [0, 1, 2].map(|i| w[i].max(text::width(&cells[i])))
        });
        let heads = [Msg::Progress, Msg::FailedHead, Msg::Findings].map(|m| text::width(m.tr(l)));
        let taken: usize = (0..3).map(|i| counts[i].max(heads[i]) + 1).sum();
        // Borders and the selection mark.
        let rest = usize::from(area.width).saturating_sub(4 + taken);
        let inspector_w = inspector_width(&self.rows, rest, cx);
        let keep = [true, inspector_w > 0, true, true, true];
        let name_w = rest.saturating_sub(inspector_w + usize::from(keep[1]));
        let header = Row::new(pick(
            [
                Msg::Unit,
                Msg::Inspector,
                Msg::Progress,
                Msg::FailedHead,
                Msg::Findings,
            ]
            .map(|m| Line::raw(m.tr(l))),
            keep,
        ));
        let rows = self
            .rows
            .iter()
            .map(|r| Row::new(pick(unit_cells(r, name_w, inspector_w), keep)));
        // Each count as wide as its header, the unit's name the rest.
        let count = |m: Msg, values: &mut dyn Iterator<Item = String>| {
            let w = values.fold(text::width(m.tr(l)), |w, v| w.max(text::width(&v)));
            Constraint::Length(u16::try_from(w).unwrap_or(10))
        };
        let widths = [
            Constraint::Min(20),
            Constraint::Length(u16::try_from(inspector_w).unwrap_or(0)),
            count(
                Msg::Progress,
                &mut self.rows.iter().map(|r| format!("{}/{}", r.answered, r.total)),
            ),
            count(Msg::FailedHead, &mut self.rows.iter().map(|r| r.failed.to_string())),
            count(Msg::Findings, &mut self.rows.iter().map(|r| r.findings.to_string())),
        ];
        let t = ui::list(
            rows,
            pick(widths, keep),
            header,
            Block::bordered().title(Msg::Units.tr(l)),
        );
        let mut state = TableState::new()
            .with_offset(self.cursor.offset)
            .with_selected(Some(self.cursor.selected));
        frame.render_stateful_widget(t, area, &mut state);
    }
}

/// The width of the column of who is assigned each unit, out of `rest`
/// cells it shares with the unit's name: as wide as its header and the
/// longest name, leaving the unit's name 20 cells (a person's name is cut
/// in its middle, keeping the given name); none when no unit is assigned,
/// or when the column would be narrower than its header.
fn inspector_width(rows: &[VisitUnitRow], rest: usize, cx: &DrawCx) -> usize {
    let head = text::width(Msg::Inspector.tr(cx.lang));
    let longest = rows.iter().map(|r| text::width(&r.inspector)).max();
    match longest {
        Some(n) if n > 0 => {
            let room = rest.saturating_sub(20 + 1);
            let w = n.max(head).min(room);
            if w < head { 0 } else { w }
        }
        _ => 0,
    }
}

fn unit_cells(r: &VisitUnitRow, name_w: usize, inspector_w: usize) -> [Line<'static>; 5] {
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
    [
        Line::raw(fit::middle(&r.name, name_w)),
        Line::styled(fit::middle(&r.inspector, inspector_w), theme::DIM),
        Line::styled(format!("{}/{}", r.answered, r.total), done),
        Line::styled(r.failed.to_string(), failed),
        Line::raw(r.findings.to_string()),
    ]
}
