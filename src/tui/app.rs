//! The app's state: plain data, loaded from the store by `update` and drawn
//! by `ui`. Nothing here draws, and drawing never reads the store.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::field::Field;
use super::form::Form;
use super::i18n::Lang;
use crate::domain::text::{fold, vi_cmp};
use crate::domain::{Finding, FindingStatus, Id, Op, Template, Unit, Verdict, Visit};
use crate::store::{Store, Summary};

/// The screens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Welcome,
    Dashboard,
    Visits,
    Visit,
    Checklist,
    Findings,
    Detail,
}

/// What the keyboard is doing.
#[derive(Debug, Clone)]
pub enum Mode {
    Browse,
    Form(Box<Form>),
    Search(Field),
    Palette(Field),
    Help,
}

/// Tone of the status line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Info,
    Ok,
    Error,
}

/// A list's selection and scroll.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cursor {
    pub selected: usize,
    pub offset: usize,
}

impl Cursor {
    /// Move by `delta` rows within `len`, keeping the selection inside a window of `page` rows.
    pub fn step(&mut self, delta: isize, len: usize, page: usize) {
        if len == 0 {
            *self = Cursor::default();
            return;
        }
        let max = len - 1;
        self.selected = self.selected.saturating_add_signed(delta).min(max);
        self.fit(page);
    }

    /// Jump to a row.
    pub fn jump(&mut self, row: usize, len: usize, page: usize) {
        self.selected = row.min(len.saturating_sub(1));
        self.fit(page);
    }

    fn fit(&mut self, page: usize) {
        let page = page.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + page {
            self.offset = self.selected + 1 - page;
        }
    }
}

/// A unit's name and code, cached for display.
#[derive(Debug, Clone)]
pub struct UnitInfo {
    pub code: String,
    pub name: String,
    pub kind: crate::domain::UnitKind,
}

/// A row of the dashboard's per-unit table.
#[derive(Debug, Clone)]
pub struct UnitRow {
    pub id: Id,
    pub name: String,
    pub active: u64,
    pub overdue: u64,
    pub awaiting: u64,
}

#[derive(Debug, Clone, Default)]
pub struct DashboardView {
    pub summary: Summary,
    pub rows: Vec<UnitRow>,
    pub cursor: Cursor,
}

#[derive(Debug, Clone, Default)]
pub struct VisitsView {
    pub visits: Vec<(Visit, [u64; 5])>,
    pub cursor: Cursor,
}

/// One unit of a visit, with its walk-through progress.
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
pub struct VisitView {
    pub visit: Option<Visit>,
    pub rows: Vec<VisitUnitRow>,
    pub cursor: Cursor,
}

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

/// Which pane of the checklist has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Pane {
    #[default]
    Items,
    Recheck,
}

#[derive(Debug, Clone, Default)]
pub struct ChecklistView {
    pub visit: Option<Visit>,
    pub unit: Option<Id>,
    pub template: Option<Template>,
    pub sections: Vec<SectionInfo>,
    pub items: Vec<ItemRow>,
    pub cursor: Cursor,
    /// Open findings of this unit from earlier visits.
    pub earlier: Vec<Finding>,
    pub earlier_cursor: Cursor,
    pub pane: Pane,
}

/// Sort order of the findings list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    Due,
    #[default]
    Urgency,
    Unit,
}

/// A finding in the list, with what search and sorting need.
#[derive(Debug, Clone)]
pub struct FindingRow {
    pub finding: Finding,
    pub unit_name: String,
    pub folded: String,
}

#[derive(Debug, Clone, Default)]
pub struct FindingsView {
    pub status: Option<FindingStatus>,
    pub overdue: bool,
    pub window: Option<u32>,
    pub unit: Option<Id>,
    pub visit: Option<Id>,
    pub search: String,
    pub sort: Sort,
    pub rows: Vec<FindingRow>,
    /// Indices into `rows` that pass the search, in display order.
    pub shown: Vec<usize>,
    pub cursor: Cursor,
}

#[derive(Debug, Clone, Default)]
pub struct DetailView {
    pub finding: Option<Finding>,
    pub unit_name: String,
    pub visit_code: String,
    pub scroll: u16,
}

/// The whole state of the app.
pub struct App {
    pub store: Store,
    pub lang: Lang,
    pub today: NaiveDate,
    pub screen: Screen,
    pub back: Vec<Screen>,
    pub mode: Mode,
    pub status: Option<(String, Tone)>,
    /// Ops made in this session, newest last, with a description.
    pub undo: Vec<(Op, String)>,
    pub quit: bool,
    /// Rows visible in the main list (updated from the terminal size).
    pub page: usize,
    pub units: HashMap<Id, UnitInfo>,
    pub dash: DashboardView,
    pub visits: VisitsView,
    pub visit: VisitView,
    pub checklist: ChecklistView,
    pub findings: FindingsView,
    pub detail: DetailView,
}

impl App {
    /// Open the app on the dashboard (or the welcome screen for an empty database).
    ///
    /// # Errors
    /// Storage failure while loading.
    pub fn new(store: Store, lang: Lang, today: NaiveDate) -> anyhow::Result<App> {
        let mut app = App {
            store,
            lang,
            today,
            screen: Screen::Welcome,
            back: Vec::new(),
            mode: Mode::Browse,
            status: None,
            undo: Vec::new(),
            quit: false,
            page: 20,
            units: HashMap::new(),
            dash: DashboardView::default(),
            visits: VisitsView::default(),
            visit: VisitView::default(),
            checklist: ChecklistView::default(),
            findings: FindingsView::default(),
            detail: DetailView::default(),
        };
        if !app.store.is_empty()? {
            app.load_units()?;
            app.load_dashboard()?;
            app.screen = Screen::Dashboard;
        }
        Ok(app)
    }

    pub(crate) fn load_units(&mut self) -> anyhow::Result<()> {
        self.units = self
            .store
            .units()?
            .into_iter()
            .map(|u: Unit| {
                (
                    u.id,
                    UnitInfo {
                        code: u.code,
                        name: u.name,
                        kind: u.kind,
                    },
                )
            })
            .collect();
        Ok(())
    }

    /// The display name of a unit.
    #[must_use]
    pub fn unit_name(&self, id: Id) -> String {
        self.units
            .get(&id)
            .map(|u| u.name.clone())
            .unwrap_or_default()
    }

    pub(crate) fn load_dashboard(&mut self) -> anyhow::Result<()> {
        self.dash.summary = self.store.summary(self.today)?;
        let mut rows = Vec::new();
        for (id, info) in &self.units {
            let c = self.store.unit_status_counts(*id)?;
            let active = c[0] + c[1];
            if active + c[2] == 0 {
                continue;
            }
            let overdue = self.store.overdue_of_unit(*id, self.today)?;
            rows.push(UnitRow {
                id: *id,
                name: info.name.clone(),
                active,
                overdue,
                awaiting: c[2],
            });
        }
        rows.sort_by(|a, b| vi_cmp(&a.name, &b.name));
        self.dash.rows = rows;
        let len = self.dash.rows.len();
        self.dash
            .cursor
            .jump(self.dash.cursor.selected, len, self.page);
        Ok(())
    }

    pub(crate) fn load_visits(&mut self) -> anyhow::Result<()> {
        let mut out = Vec::new();
        for v in self.store.visits()? {
            let counts = self.store.visit_status_counts(v.id)?;
            out.push((v, counts));
        }
        self.visits.visits = out;
        Ok(())
    }

    pub(crate) fn load_visit(&mut self, id: Id) -> anyhow::Result<()> {
        let Some(visit) = self.store.visit(id)? else {
            return Ok(());
        };
        let total = self
            .store
            .template(visit.template)?
            .map_or(0, |t| t.item_count() as u64);
        let mut rows = Vec::new();
        // One pass over the visit's findings (from its index) for the per-unit counts.
        let mut per_unit: HashMap<Id, u64> = HashMap::new();
        for f in self.store.findings_of_visit(visit.id)? {
            *per_unit.entry(f.unit).or_insert(0) += 1;
        }
        for u in &visit.units {
            let a = self.store.answer_counts(visit.id, *u)?;
            let answered = a.iter().sum::<u64>() - a[0];
            let findings = per_unit.get(u).copied().unwrap_or(0);
            rows.push(VisitUnitRow {
                unit: *u,
                name: self.unit_name(*u),
                answered,
                total,
                failed: a[2] + a[3],
                findings,
            });
        }
        rows.sort_by(|a, b| vi_cmp(&a.name, &b.name));
        self.visit.rows = rows;
        self.visit.visit = Some(visit);
        Ok(())
    }

    pub(crate) fn load_checklist(&mut self, visit: Id, unit: Id) -> anyhow::Result<()> {
        let Some(v) = self.store.visit(visit)? else {
            return Ok(());
        };
        let Some(t) = self.store.template(v.template)? else {
            return Ok(());
        };
        let answers: HashMap<String, crate::domain::Answer> = self
            .store
            .answers_of(visit, unit)?
            .into_iter()
            .map(|a| (a.item.clone(), a))
            .collect();
        let of_unit = self.store.findings_of_unit(unit)?;
        let mut sections = Vec::new();
        let mut items = Vec::new();
        for (si, s) in t.sections.iter().enumerate() {
            let mut info = SectionInfo {
                code: s.code.clone(),
                title: s.title.clone(),
                answered: 0,
                total: s.items.len(),
                failed: 0,
            };
            for i in &s.items {
                let a = answers.get(&i.code);
                let verdict = a.map_or(Verdict::Unchecked, |a| a.verdict);
                info.answered += usize::from(verdict.is_answered());
                info.failed += usize::from(verdict.is_failed());
                items.push(ItemRow {
                    section: si,
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
            sections.push(info);
        }
        let mut earlier: Vec<Finding> = of_unit
            .into_iter()
            .filter(|f| f.visit != visit && !f.status.is_final())
            .collect();
        earlier.sort_by_key(|a| a.due);
        let c = &mut self.checklist;
        if c.unit != Some(unit) || c.visit.as_ref().map(|x| x.id) != Some(visit) {
            c.cursor = Cursor::default();
            c.earlier_cursor = Cursor::default();
            c.pane = Pane::Items;
        }
        c.visit = Some(v);
        c.unit = Some(unit);
        c.template = Some(t);
        c.sections = sections;
        c.items = items;
        c.earlier = earlier;
        // A re-checked finding that closed leaves the list: keep both cursors on a row.
        let page = self.page;
        c.cursor.jump(c.cursor.selected, c.items.len(), page);
        c.earlier_cursor
            .jump(c.earlier_cursor.selected, c.earlier.len(), page);
        if c.earlier.is_empty() {
            c.pane = Pane::Items;
        }
        Ok(())
    }

    pub(crate) fn load_findings(&mut self) -> anyhow::Result<()> {
        let v = &self.findings;
        let filter = crate::store::FindingFilter {
            statuses: v.status.into_iter().collect(),
            unit: v.unit,
            visit: v.visit,
            overdue: v.overdue,
            due_within: v.window,
            search: None,
        };
        let found = self.store.query_findings(&filter, self.today)?;
        self.findings.rows = found
            .into_iter()
            .map(|f| {
                let unit_name = self.unit_name(f.unit);
                let folded = fold(&crate::store::read::search_text(&f));
                FindingRow {
                    finding: f,
                    unit_name,
                    folded,
                }
            })
            .collect();
        self.refilter();
        Ok(())
    }

    /// Apply the search text and sort order to the loaded rows.
    pub(crate) fn refilter(&mut self) {
        let q = crate::domain::text::Query::new(&self.findings.search);
        let rows = &self.findings.rows;
        let mut shown: Vec<usize> = (0..rows.len())
            .filter(|i| {
                q.is_empty()
                    || q.matches_folded(
                        &crate::store::read::search_text(&rows[*i].finding),
                        &rows[*i].folded,
                    )
            })
            .collect();
        match self.findings.sort {
            Sort::Due => shown.sort_by(|a, b| rows[*a].finding.due.cmp(&rows[*b].finding.due)),
            // Active first (the most overdue at the top), then awaiting verification, then closed.
            Sort::Urgency => shown.sort_by_key(|i| {
                let f = &rows[*i].finding;
                let rank = if f.status.is_active() {
                    0
                } else if f.status.is_final() {
                    2
                } else {
                    1
                };
                (rank, f.due, std::cmp::Reverse(f.severity))
            }),
            Sort::Unit => shown.sort_by(|a, b| {
                vi_cmp(&rows[*a].unit_name, &rows[*b].unit_name)
                    .then(rows[*a].finding.due.cmp(&rows[*b].finding.due))
            }),
        }
        self.findings.shown = shown;
        let len = self.findings.shown.len();
        let sel = self.findings.cursor.selected;
        self.findings.cursor.jump(sel, len, self.page);
    }

    pub(crate) fn load_detail(&mut self, id: Id) -> anyhow::Result<()> {
        let f = self.store.finding(id)?;
        self.detail.unit_name = f
            .as_ref()
            .map(|f| self.unit_name(f.unit))
            .unwrap_or_default();
        self.detail.visit_code = match &f {
            Some(f) => self
                .store
                .visit(f.visit)?
                .map(|v| v.code)
                .unwrap_or_default(),
            None => String::new(),
        };
        self.detail.finding = f;
        Ok(())
    }

    /// The finding selected in the findings list.
    #[must_use]
    pub fn selected_finding(&self) -> Option<&Finding> {
        let v = &self.findings;
        v.shown
            .get(v.cursor.selected)
            .and_then(|i| v.rows.get(*i))
            .map(|r| &r.finding)
    }

    /// Set the status line.
    pub fn say(&mut self, text: impl Into<String>, tone: Tone) {
        self.status = Some((text.into(), tone));
    }
}
