//! The app's state: plain data, loaded from the store by `update` and drawn
//! by `ui`. Nothing here draws, and drawing never reads the store.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::field::Field;
use super::form::Form;
use super::i18n::Lang;
use super::start::StoreSlot;
use super::table::{TableCache, TableRow};

use crate::domain::{Finding, FindingStatus, Id, Op, Template, Verdict, Visit};
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
    /// Position of the name in Vietnamese order among all units.
    pub rank: u32,
}

/// A row of the dashboard's per-unit table.
#[derive(Debug, Clone)]
pub struct UnitRow {
    pub id: Id,
    pub name: String,
    pub active: u64,
    /// Counted for the rows on screen only (`None` until then).
    pub overdue: Option<u64>,
    pub awaiting: u64,
}

#[derive(Debug, Clone, Default)]
pub struct DashboardView {
    pub summary: Summary,
    pub rows: Vec<UnitRow>,
    pub cursor: Cursor,
    /// `App::changes` when the rows were read, and the day they were read for.
    pub built: Option<(u64, NaiveDate)>,
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

#[derive(Debug, Clone, Default)]
pub struct FindingsView {
    pub status: Option<FindingStatus>,
    pub overdue: bool,
    pub window: Option<u32>,
    pub unit: Option<Id>,
    pub visit: Option<Id>,
    pub search: String,
    pub sort: Sort,
    /// Rows of the findings table that pass the filters, in display order.
    pub base: Vec<u32>,
    /// Those of `base` that also match `searched`, in the same order.
    pub shown: Vec<u32>,
    /// The search text `shown` was computed for.
    pub searched: String,
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
    pub store: StoreSlot,
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
    /// Every finding in compact form, for the findings list and its search.
    pub table: TableCache,
    /// Changes made by this app so far (cached views compare it).
    pub changes: u64,
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
        let mut app = App::blank(StoreSlot::open(store), lang, today);
        if !app.store.is_empty()? {
            app.load_units()?;
            app.load_dashboard()?;
            // After the dashboard, so the first frame does not share the CPU with it.
            app.table = TableCache::spawn(app.store.findings_reader());
            app.screen = Screen::Dashboard;
        }
        Ok(app)
    }

    /// The app on the welcome screen with nothing loaded.
    pub(crate) fn blank(store: StoreSlot, lang: Lang, today: NaiveDate) -> App {
        App {
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
            table: TableCache::default(),
            changes: 0,
            dash: DashboardView::default(),
            visits: VisitsView::default(),
            visit: VisitView::default(),
            checklist: ChecklistView::default(),
            findings: FindingsView::default(),
            detail: DetailView::default(),
        }
    }

    /// The display name of a unit.
    #[must_use]
    pub fn unit_name(&self, id: Id) -> String {
        self.units
            .get(&id)
            .map(|u| u.name.clone())
            .unwrap_or_default()
    }

    /// The row selected in the findings list.
    #[must_use]
    pub fn selected_row(&self) -> Option<&TableRow> {
        let v = &self.findings;
        let i = v.shown.get(v.cursor.selected)?;
        self.table.ready()?.row(*i)
    }

    /// The findings the list shows, in order, read from the store.
    ///
    /// # Errors
    /// Storage failure.
    pub fn shown_findings(&self) -> anyhow::Result<Vec<Finding>> {
        let Some(t) = self.table.ready() else {
            return Ok(Vec::new());
        };
        let mut out = Vec::with_capacity(self.findings.shown.len());
        for i in &self.findings.shown {
            if let Some(f) = t.row(*i).map(|r| self.store.finding(r.id)).transpose()? {
                out.extend(f);
            }
        }
        Ok(out)
    }

    /// Set the status line.
    pub fn say(&mut self, text: impl Into<String>, tone: Tone) {
        self.status = Some((text.into(), tone));
    }
}
