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
use crate::domain::{Id, Visit as VisitRecord};
use crate::store::Store;
use crate::tui::action::Action;
use crate::tui::cx::{Cx, DrawCx};
use crate::i18n::Msg;
use crate::tui::keymap::Ctx;
use crate::tui::ui::fit;
use crate::tui::{theme, ui};

/// One unit of the visit, with its walk-through progress.
#[derive(Debug, Clone)]
pub struct VisitUnitRow {
    pub unit: Id,
    pub name: String,
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

    /// Enter on a unit: its checklist.
    fn on(&mut self, action: Action, _cx: &mut Cx) -> anyhow::Result<Effect> {
        let visit = self.visit.as_ref().map(|v| v.id);
        let unit = self.rows.get(self.cursor.selected).map(|r| r.unit);
        Ok(match (action, visit.zip(unit)) {
            (Action::Open, Some((v, u))) => Effect::open(move |s| s.checklist.show(v, u)),
            _ => Effect::None,
        })
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
        .team
        .iter()
        .map(|m| format!("{} ({})", m.name, m.role.label(l.code())))
        .collect();
    let doc = format!("{} · ", v.plan_no);
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
        let header = Row::new(vec![
            Msg::Unit.tr(l),
            Msg::Progress.tr(l),
            Msg::Failed.tr(l),
            Msg::Findings.tr(l),
        ]);
        let counts = self.rows.iter().fold([0usize; 3], |w, r| {
            let cells = [
                format!("{}/{}", r.answered, r.total),
                r.failed.to_string(),
                r.findings.to_string(),
            ];
            [0, 1, 2].map(|i| w[i].max(text::width(&cells[i])))
        });
        let heads = [Msg::Progress, Msg::Failed, Msg::Findings].map(|m| text::width(m.tr(l)));
        let taken: usize = (0..3).map(|i| counts[i].max(heads[i]) + 1).sum();
        // Borders and the selection mark.
        let name_w = usize::from(area.width).saturating_sub(4 + taken);
        let rows = self.rows.iter().map(|r| unit_row(r, name_w));
        // Each count as wide as its header, the unit's name the rest.
        let count = |m: Msg, values: &mut dyn Iterator<Item = String>| {
            let w = values.fold(text::width(m.tr(l)), |w, v| w.max(text::width(&v)));
            Constraint::Length(u16::try_from(w).unwrap_or(10))
        };
        let widths = [
            Constraint::Min(20),
            count(
                Msg::Progress,
                &mut self.rows.iter().map(|r| format!("{}/{}", r.answered, r.total)),
            ),
            count(Msg::Failed, &mut self.rows.iter().map(|r| r.failed.to_string())),
            count(Msg::Findings, &mut self.rows.iter().map(|r| r.findings.to_string())),
        ];
        let t = ui::list(rows, widths, header, Block::bordered().title(Msg::Units.tr(l)));
        let mut state = TableState::new()
            .with_offset(self.cursor.offset)
            .with_selected(Some(self.cursor.selected));
        frame.render_stateful_widget(t, area, &mut state);
    }
}

fn unit_row(r: &VisitUnitRow, name_w: usize) -> Row<'static> {
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
        Line::raw(fit::middle(&r.name, name_w)),
        Line::styled(format!("{}/{}", r.answered, r.total), done),
        Line::styled(r.failed.to_string(), failed),
        Line::raw(r.findings.to_string()),
    ])
}
