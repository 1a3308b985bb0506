//! Đơn vị: the unit hierarchy as a tree (đảng bộ → chi bộ, expandable),
//! each unit with its members, secretary, open and overdue findings;
//! siblings in Vietnamese order; search as you type. From here a unit is
//! shown, added, edited, or merged into another.

use std::collections::{HashMap, HashSet};

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Row, TableState};

use super::{Cursor, Effect, Screen, ScreenId};
use crate::domain::text::format_int;
use crate::domain::{Id, StatusCounts, Unit};
use crate::i18n::Msg;
use crate::store::Listing;
use crate::tui::action::Action;
use crate::tui::cx::{Cx, DrawCx};
use crate::tui::form::{Editor, MergeForm, UnitForm};
use crate::tui::keymap::Ctx;
use crate::tui::tree::{TreeRow, UnitTree};
use crate::tui::{theme, ui};

#[derive(Debug, Clone, Default)]
pub struct Units {
    pub tree: UnitTree,
    pub expanded: HashSet<Id>,
    /// The rows shown, in order.
    pub rows: Vec<TreeRow>,
    pub cursor: Cursor,
    pub search: String,
    /// Findings by status of each unit that has some.
    pub counts: HashMap<Id, StatusCounts>,
    /// Overdue findings, counted for the rows shown so far.
    pub overdue: HashMap<Id, u64>,
    /// The app's change count and the day the tree was read for.
    built: Option<(u64, chrono::NaiveDate)>,
}

impl Units {
    /// The selected unit.
    #[must_use]
    pub fn selected(&self) -> Option<&Unit> {
        let row = self.rows.get(self.cursor.selected)?;
        self.tree.unit(row.id)
    }

    /// Read the tree again, keeping what is expanded and the selected unit.
    fn read(&mut self, cx: &Cx) -> anyhow::Result<()> {
        let first = self.built.is_none();
        self.tree = UnitTree::new(cx.store.units()?, |id| cx.units.rank(id));
        if first {
            self.expanded = self.tree.children(None).iter().copied().collect();
        }
        // Counted as the dashboard and the listings count: a unit that
        // merged into another is counted under it.
        self.counts = Listing::status_by_unit(cx.store)?;
        self.overdue.clear();
        self.built = Some((*cx.changes, cx.today));
        Ok(())
    }

    /// The rows for what is expanded and searched, the selection kept on
    /// the same unit when it is still shown.
    fn layout(&mut self, page: usize) {
        let keep = self.rows.get(self.cursor.selected).map(|r| r.id);
        self.rows = self.tree.rows(&self.expanded, &self.search);
        let at = keep
            .and_then(|id| self.rows.iter().position(|r| r.id == id))
            .unwrap_or(self.cursor.selected);
        self.cursor.jump(at, self.rows.len(), page);
    }

    /// Count overdue findings for the rows on screen that lack it.
    fn fill_overdue(&mut self, cx: &Cx) -> anyhow::Result<()> {
        let start = self.cursor.offset.min(self.rows.len());
        let end = (start + cx.page.max(1)).min(self.rows.len());
        let missing: Vec<Id> = self.rows[start..end]
            .iter()
            .map(|r| r.id)
            .filter(|id| !self.overdue.contains_key(id))
            .filter(|id| self.counts.get(id).is_some_and(|c| c.active() > 0))
            .collect();
        let counted = if missing.is_empty() {
            HashMap::new()
        } else {
            Listing::overdue_by_unit(cx.store, &missing, cx.today)?
        };
        for row in &self.rows[start..end] {
            self.overdue
                .entry(row.id)
                .or_insert_with(|| counted.get(&row.id).copied().unwrap_or(0));
        }
        Ok(())
    }

    fn toggle(&mut self, page: usize) {
        let Some(row) = self.rows.get(self.cursor.selected) else {
            return;
        };
        if !row.has_children || !self.search.is_empty() {
            return;
        }
        if !self.expanded.remove(&row.id) {
            self.expanded.insert(row.id);
        }
        self.layout(page);
    }
}

impl Screen for Units {
    fn context(&self) -> Ctx {
        Ctx::Units
    }

    fn load(&mut self, cx: &mut Cx) -> anyhow::Result<()> {
        if self.built != Some((*cx.changes, cx.today)) {
            self.read(cx)?;
        }
        self.layout(cx.page);
        self.fill_overdue(cx)
    }

    fn step(&mut self, delta: isize, cx: &mut Cx) {
        self.cursor.step(delta, self.rows.len(), cx.page);
        if let Err(e) = self.fill_overdue(cx) {
            cx.say(crate::error::describe(e.as_ref()), crate::tui::app::Tone::Error);
        }
    }

    fn on(&mut self, action: Action, cx: &mut Cx) -> anyhow::Result<Effect> {
        let selected = self.selected().cloned();
        Ok(match (action, selected) {
            (Action::Search, _) => Effect::Search(self.search.clone()),
            (Action::Expand, _) => {
                self.toggle(cx.page);
                self.fill_overdue(cx)?;
                Effect::None
            }
            (Action::Open, Some(u)) => Effect::open(move |s| s.unit.show(u.id)),
            (Action::New, selected) => {
                let parent = selected.map(|u| u.code);
                Effect::Form(Editor::open(UnitForm::new(parent.as_deref(), cx.lang)))
            }
            (Action::Edit, Some(u)) => Effect::Form(Editor::open(UnitForm::edit(&u, cx))),
            (Action::Merge, selected) => {
                Effect::Form(Editor::open(MergeForm::new(selected.as_ref(), cx)?))
            }
            _ => Effect::None,
        })
    }

    /// The tree narrows to the units that match and the way to them.
    fn search(&mut self, text: &str, cx: &mut Cx) {
        text.clone_into(&mut self.search);
        self.cursor = Cursor::default();
        self.layout(cx.page);
        if let Err(e) = self.fill_overdue(cx) {
            cx.say(crate::error::describe(e.as_ref()), crate::tui::app::Tone::Error);
        }
    }

    fn command(&self, cmd: &str, _arg: &str, _cx: &Cx) -> Option<anyhow::Result<Effect>> {
        matches!(cmd, "units" | "cacdonvi" | "cay").then_some(Ok(Effect::Go(ScreenId::Units)))
    }

    fn draw(&self, frame: &mut Frame, area: Rect, cx: &DrawCx) {
        let l = cx.lang;
        let mut title = format!(
            "{} · {} {}",
            Msg::TabUnits.tr(l),
            format_int(self.tree.len() as i64),
            Msg::Units.tr(l).to_lowercase()
        );
        if !self.search.is_empty() {
            title.push_str(&format!(" · {} «{}»", Msg::Search.tr(l), self.search));
        }
        let block = Block::bordered().title(title);
        if self.rows.is_empty() {
            frame.render_widget(
                Paragraph::new(Msg::NoUnits.tr(l)).style(theme::DIM).block(block),
                area,
            );
            return;
        }
        let header = Row::new(vec![
            Msg::UnitName.tr(l),
            Msg::Code.tr(l),
            Msg::MembersShort.tr(l),
            Msg::Secretary.tr(l),
            Msg::OpenCount.tr(l),
            Msg::OverdueCount.tr(l),
        ]);
        // Only the rows on screen are built: a province has thousands of units.
        let height = usize::from(area.height.saturating_sub(3)).max(1);
        let start = self.cursor.offset.min(self.rows.len());
        let end = (start + height).min(self.rows.len());
        let rows = self.rows[start..end].iter().map(|r| self.row(r, cx));
        let widths = [
            Constraint::Min(22),
            Constraint::Length(9),
            Constraint::Length(6),
            Constraint::Length(20),
            Constraint::Length(7),
            Constraint::Length(7),
        ];
        let t = ui::list(rows, widths, header, block);
        let selected = self.cursor.selected.checked_sub(start).filter(|_| end > start);
        let mut state = TableState::new().with_selected(selected);
        frame.render_stateful_widget(t, area, &mut state);
    }
}

impl Units {
    fn row(&self, r: &TreeRow, cx: &DrawCx) -> Row<'static> {
        let Some(u) = self.tree.unit(r.id) else {
            return Row::new(Vec::<Line>::new());
        };
        let mark = match (r.has_children, r.expanded) {
            (false, _) => "  ",
            (true, true) => "▾ ",
            (true, false) => "▸ ",
        };
        let ended = !u.is_valid_on(cx.today);
        let style = if ended || !r.matched {
            theme::DIM
        } else {
            Style::default()
        };
        let mut name = vec![
            Span::raw(format!("{}{mark}", "  ".repeat(r.depth))),
            Span::styled(u.name.clone(), style),
        ];
        name.extend(lineage(u, &self.tree, cx));
        let open = self.counts.get(&r.id).map_or(0, StatusCounts::active);
        let overdue = match self.overdue.get(&r.id) {
            Some(0) => Span::styled("0", theme::DIM),
            Some(n) => Span::styled(format_int(*n as i64), theme::OVERDUE),
            None => Span::styled("…", theme::DIM),
        };
        Row::new(vec![
            Line::from(name),
            Line::raw(u.code.clone()),
            Line::raw(format_int(i64::from(u.members))),
            Line::raw(u.secretary.clone()),
            Line::raw(format_int(open as i64)),
            Line::from(overdue),
        ])
    }
}

/// After a unit's name: what it merged into, or when it ended; the units
/// merged into it.
pub(crate) fn lineage(u: &Unit, tree: &UnitTree, cx: &DrawCx) -> Vec<Span<'static>> {
    let l = cx.lang;
    let mut out = Vec::new();
    let name = |id: Id| tree.unit(id).map_or_else(String::new, |u| u.name.clone());
    if let Some(s) = u.successor {
        let into = Msg::MergedInto.fill_in(l, &[&name(s)]);
        out.push(Span::styled(format!(" ({})", lowercase_first(&into)), theme::SOON));
    } else if let Some(to) = u.valid_to.filter(|_| !u.is_valid_on(cx.today)) {
        let date = crate::domain::date::format_date(to);
        out.push(Span::styled(
            format!(" ({})", Msg::EndedOn.fill_in(l, &[&date])),
            theme::DIM,
        ));
    }
    let before: Vec<String> = tree.predecessors(u.id).iter().map(|p| name(*p)).collect();
    if !before.is_empty() {
        let formerly = Msg::Formerly.fill_in(l, &[&before.join(", ")]);
        out.push(Span::styled(format!(" ({formerly})"), theme::DIM));
    }
    out
}

/// "Đã sáp nhập …" inside brackets after a name reads "đã sáp nhập …".
fn lowercase_first(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_lowercase().chain(chars).collect())
        .unwrap_or_default()
}
