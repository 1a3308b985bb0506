//! A visit's own text: the parts of its báo cáo kết quả giám sát, each as
//! saved or waiting for the team (a draft made from the figures is ready to
//! insert), and per unit its thông báo kết luận — the requirements and the
//! day it must report back, followed like a deadline. Enter writes the
//! selected part or conclusion in a form; nothing is written until saved.

use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, HighlightSpacing, Paragraph, Row, Table, TableState, Wrap};

use super::{Cursor, Effect, Screen};
use crate::domain::date::format_date;
use crate::domain::report::Part;
use crate::domain::text::{self, vi_cmp};
use crate::domain::{Id, Report as ReportRecord, Visit};
use crate::i18n::{Lang, Msg};
use crate::store::Store;
use crate::tui::action::Action;
use crate::tui::cx::{Cx, DrawCx};
use crate::tui::form::report::part_label;
use crate::tui::form::{ConclusionForm, Editor, PartForm};
use crate::tui::keymap::Ctx;
use crate::tui::ui::fit;
use crate::tui::{theme, ui};

/// One unit of the visit and the conclusion sent to it, if written.
#[derive(Debug, Clone)]
pub struct ConclusionRow {
    pub unit: Id,
    pub name: String,
    pub code: String,
    pub report: Option<ReportRecord>,
}

/// The report screen of one visit.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// The visit shown.
    pub id: Option<Id>,
    pub visit: Option<Visit>,
    /// The báo cáo as saved.
    pub report: Option<ReportRecord>,
    /// The visit's units, in Vietnamese order, with their conclusions.
    pub units: Vec<ConclusionRow>,
    /// Over the parts, then the units.
    pub cursor: Cursor,
}

/// What the cursor is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Selected {
    Part(Part),
    Unit(usize),
}

impl Report {
    /// Show the report of visit `id` from its first part.
    pub fn show(&mut self, id: Id) -> super::ScreenId {
        self.id = Some(id);
        self.cursor = Cursor::default();
        super::ScreenId::Report
    }

    fn len(&self) -> usize {
        Part::ALL.len() + self.units.len()
    }

    /// What the cursor is on.
    #[must_use]
    pub fn selected(&self) -> Selected {
        let i = self.cursor.selected;
        match Part::ALL.get(i) {
            Some(p) => Selected::Part(*p),
            None => Selected::Unit(i - Part::ALL.len()),
        }
    }

    /// The text saved for `part` ("" if none).
    #[must_use]
    pub fn saved(&self, part: Part) -> &str {
        self.report.as_ref().map_or("", |r| r.part(part))
    }

    /// The form writing what is selected, with its draft.
    fn edit(&self, cx: &mut Cx) -> anyhow::Result<Effect> {
        let Some(visit) = &self.visit else {
            return Ok(Effect::None);
        };
        let draft_of = |unit: Option<&str>, cx: &mut Cx| {
            match crate::report::draft::draft(cx.store, &visit.code, unit, cx.today) {
                Ok(d) => Some(d),
                Err(e) => {
                    let why = crate::error::describe(&e);
                    cx.say(
                        Msg::DraftNone.fill_in(cx.lang, &[&why]),
                        crate::tui::app::Tone::Info,
                    );
                    None
                }
            }
        };
        Ok(match self.selected() {
            Selected::Part(part) => {
                let draft = draft_of(None, cx).map(|d| d.part(part).to_string());
                let form = PartForm::new(visit.id, part, self.saved(part), draft);
                Effect::Form(Editor::open(form))
            }
            Selected::Unit(i) => {
                let Some(row) = self.units.get(i) else {
                    return Ok(Effect::None);
                };
                let draft = draft_of(Some(&row.code), cx);
                let form =
                    ConclusionForm::new(visit.id, row.unit, row.report.as_ref(), draft.as_ref());
                Effect::Form(Editor::open(form))
            }
        })
    }
}

impl Screen for Report {
    fn context(&self) -> Ctx {
        Ctx::Report
    }

    fn help_notes(&self, section: Ctx) -> Vec<Msg> {
        match section {
            Ctx::Report => vec![Msg::HelpReport],
            Ctx::Draft => vec![Msg::DraftHint],
            _ => Vec::new(),
        }
    }

    fn help(&self) -> Vec<(Msg, Ctx)> {
        vec![
            (Msg::HelpTitle, Ctx::Report),
            (Msg::HelpDraft, Ctx::Draft),
        ]
    }

    fn load(&mut self, cx: &mut Cx) -> anyhow::Result<()> {
        let Some(visit) = self.id.map(|id| cx.store.visit(id)).transpose()?.flatten() else {
            return Ok(());
        };
        let mut report = None;
        let mut conclusions = std::collections::HashMap::new();
        for r in cx.store.reports_of_visit(visit.id)? {
            match r.unit {
                None => report = Some(r),
                Some(u) => {
                    conclusions.insert(u, r);
                }
            }
        }
        let mut units: Vec<ConclusionRow> = visit
            .units
            .iter()
            .map(|u| ConclusionRow {
                unit: *u,
                name: cx.units.name(*u),
                code: cx.units.code(*u),
                report: conclusions.remove(u),
            })
            .collect();
        units.sort_by(|a, b| vi_cmp(&a.name, &b.name));
        self.report = report;
        self.units = units;
        self.visit = Some(visit);
        let len = self.len();
        self.cursor.jump(self.cursor.selected, len, len);
        Ok(())
    }

    fn step(&mut self, delta: isize, _cx: &mut Cx) {
        let len = self.len();
        self.cursor.step(delta, len, len);
    }

    fn on(&mut self, action: Action, cx: &mut Cx) -> anyhow::Result<Effect> {
        match action {
            Action::Open | Action::Edit => self.edit(cx),
            _ => Ok(Effect::None),
        }
    }

    /// `baocaodot CODE` / `writeup CODE`: the report screen of a visit.
    fn command(&self, cmd: &str, arg: &str, cx: &Cx) -> Option<anyhow::Result<Effect>> {
        let names = ["baocaodot", "ketluan", "writeup"];
        super::by_code(cmd, &names, arg, cx, Store::visit_by_code, |v| {
            Effect::open(move |s| s.report.show(v.id))
        })
    }

    fn draw(&self, frame: &mut Frame, area: Rect, cx: &DrawCx) {
        let Some(v) = &self.visit else {
            frame.render_widget(Block::bordered(), area);
            return;
        };
        let l = cx.lang;
        let parts_h = u16::try_from(Part::ALL.len() + 2).unwrap_or(9);
        let units_h = u16::try_from(self.units.len() + 3).unwrap_or(u16::MAX);
        let [parts, units, preview] = Layout::vertical([
            Constraint::Length(parts_h),
            Constraint::Max(units_h),
            Constraint::Min(5),
        ])
        .areas(area);
        let selected = self.selected();
        // The parts: each label, then the start of what is saved.
        let label_w = Part::ALL
            .iter()
            .map(|p| text::width(part_label(*p).tr(l)))
            .max()
            .unwrap_or(20);
        let text_w = usize::from(parts.width).saturating_sub(label_w + 2 + 2 + 1);
        let rows = Part::ALL.iter().map(|p| {
            let saved = self.saved(*p);
            let first = saved.lines().find(|s| !s.trim().is_empty());
            let cell = match first {
                Some(line) => Line::raw(fit::words(line, text_w)),
                None => Line::styled(Msg::NotWrittenDraft.tr(l), theme::DIM),
            };
            Row::new(vec![Line::raw(part_label(*p).tr(l)), cell])
        });
        let title = fit::words(
            &format!("{} · {} · {}", Msg::ReportOfVisit.tr(l), v.code, v.title),
            usize::from(parts.width).saturating_sub(2),
        );
        let t = Table::new(
            rows,
            [
                Constraint::Length(u16::try_from(label_w).unwrap_or(20)),
                Constraint::Min(10),
            ],
        )
        .row_highlight_style(theme::SELECTED)
        .highlight_symbol("▶ ")
        .highlight_spacing(HighlightSpacing::Always)
        .block(Block::bordered().title(title));
        let mut state = TableState::new().with_selected(match selected {
            Selected::Part(p) => Part::ALL.iter().position(|q| *q == p),
            Selected::Unit(_) => None,
        });
        frame.render_stateful_widget(t, parts, &mut state);
        self.draw_units(frame, units, cx);
        self.draw_preview(frame, preview, cx);
    }
}

/// Where a unit's report back stands as of `today`, and how it looks.
fn report_back(r: Option<&ReportRecord>, today: NaiveDate, lang: Lang) -> (String, Style) {
    let Some(r) = r else {
        return (Msg::NotWrittenDraft.tr(lang).to_string(), theme::DIM);
    };
    match (r.report_by, r.reported_on) {
        (_, Some(on)) => (
            Msg::ReportBackDone.fill_in(lang, &[&format_date(on)]),
            theme::DONE,
        ),
        (None, None) => (Msg::ReportBackNone.tr(lang).to_string(), theme::DIM),
        (Some(by), None) => match r.days_overdue(today) {
            Some(n) => (Msg::ReportBackLate.fill_in(lang, &[&n]), theme::OVERDUE),
            None if by == today => (Msg::ReportBackToday.tr(lang).to_string(), theme::SOON),
            None => {
                let left = (by - today).num_days();
                let style = if left <= 7 {
                    theme::SOON
                } else {
                    Style::default()
                };
                (Msg::ReportBackLeft.fill_in(lang, &[&left]), style)
            }
        },
    }
}

impl Report {
    fn draw_units(&self, frame: &mut Frame, area: Rect, cx: &DrawCx) {
        let l = cx.lang;
        let states: Vec<(String, Style)> = self
            .units
            .iter()
            .map(|u| report_back(u.report.as_ref(), cx.today, l))
            .collect();
        let by_w = text::width(Msg::ReportByHead.tr(l)).max(10);
        let state_w = states
            .iter()
            .map(|(s, _)| text::width(s))
            .chain([text::width(Msg::ReportBackState.tr(l))])
            .max()
            .unwrap_or(10);
        let name_w = usize::from(area.width).saturating_sub(2 + 2 + by_w + state_w + 2);
        let rows = self.units.iter().zip(&states).map(|(u, (state, style))| {
            let by = u
                .report
                .as_ref()
                .and_then(|r| r.report_by)
                .map(format_date)
                .unwrap_or_default();
            Row::new(vec![
                Line::raw(fit::middle(&u.name, name_w)),
                Line::raw(by),
                Line::styled(state.clone(), *style),
            ])
        });
        let header = Row::new(
            [Msg::Unit, Msg::ReportByHead, Msg::ReportBackState].map(|m| Line::raw(m.tr(l))),
        );
        let widths = [
            Constraint::Min(10),
            Constraint::Length(u16::try_from(by_w).unwrap_or(10)),
            Constraint::Length(u16::try_from(state_w).unwrap_or(10)),
        ];
        let title = fit::words(
            Msg::ConclusionsTitle.tr(l),
            usize::from(area.width).saturating_sub(2),
        );
        let t = ui::list(rows, widths, header, Block::bordered().title(title))
            .highlight_spacing(HighlightSpacing::Always);
        let mut state = TableState::new().with_selected(match self.selected() {
            Selected::Unit(i) => Some(i),
            Selected::Part(_) => None,
        });
        frame.render_stateful_widget(t, area, &mut state);
    }

    /// The whole text of what is selected.
    fn draw_preview(&self, frame: &mut Frame, area: Rect, cx: &DrawCx) {
        let l = cx.lang;
        let (title, lines) = match self.selected() {
            Selected::Part(p) => {
                let saved = self.saved(p);
                let lines = if saved.trim().is_empty() {
                    vec![
                        Line::styled(Msg::NotWrittenDraft.tr(l), theme::DIM),
                        Line::raw(""),
                        Line::styled(Msg::HelpReport.tr(l), theme::DIM),
                    ]
                } else {
                    saved.lines().map(|s| Line::raw(s.to_string())).collect()
                };
                (part_label(p).tr(l).to_string(), lines)
            }
            Selected::Unit(i) => {
                let Some(u) = self.units.get(i) else { return };
                let r = u.report.as_ref();
                let day = |d: Option<NaiveDate>| d.map(format_date).unwrap_or_default();
                let mut lines = vec![
                    ui::labelled(Msg::ReportByLabel.tr(l), day(r.and_then(|r| r.report_by))),
                    ui::labelled(
                        Msg::ReportedOnLabel.tr(l),
                        day(r.and_then(|r| r.reported_on)),
                    ),
                    Line::from(Span::styled(
                        format!("{}:", Msg::Requirements.tr(l)),
                        theme::DIM,
                    )),
                ];
                match r.map(|r| r.proposals.as_str()).filter(|p| !p.trim().is_empty()) {
                    Some(text) => lines.extend(text.lines().map(|s| Line::raw(s.to_string()))),
                    None => lines.push(Line::styled(Msg::NotWrittenDraft.tr(l), theme::DIM)),
                }
                (format!("{} · {}", Msg::ConclusionTitle.tr(l), u.name), lines)
            }
        };
        let title = fit::words(&title, usize::from(area.width).saturating_sub(2));
        let p = Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::bordered().title(title));
        frame.render_widget(p, area);
    }
}
