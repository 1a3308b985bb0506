//! The units of a visit as a form input: the unit hierarchy with a search
//! typed into it (diacritics optional), several units chosen, a đảng bộ
//! taken with all its chi bộ in one key, and each chosen unit assigned to a
//! member of the team. Its keys are the keymap's `Picker` context.

use std::collections::{HashMap, HashSet};

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::domain::{Id, Unit};
use crate::i18n::Msg;
use crate::tui::action::Action;
use crate::tui::cx::DrawCx;
use crate::tui::field::Field;
use crate::tui::keymap::Ctx;
use crate::tui::screen::Cursor;
use crate::tui::theme;
use crate::tui::tree::{TreeRow, UnitTree};

use super::Input;

/// Rows of the list when the picker has the focus.
const LIST_ROWS: u16 = 10;

#[derive(Debug, Clone)]
pub struct UnitPicker {
    tree: UnitTree,
    /// Every unit with units under it: the picker shows the whole tree.
    expanded: HashSet<Id>,
    search: Field,
    rows: Vec<TreeRow>,
    cursor: Cursor,
    /// The units chosen, in the order they were chosen.
    chosen: Vec<Id>,
    /// The team member each chosen unit is assigned to.
    assigned: HashMap<Id, String>,
}

impl UnitPicker {
    /// A picker over `units` (siblings ordered by `rank`), with `chosen`
    /// already chosen and assigned.
    #[must_use]
    pub fn new(
        units: Vec<Unit>,
        rank: impl Fn(Id) -> u32,
        chosen: &[(Id, Option<String>)],
    ) -> UnitPicker {
        let tree = UnitTree::new(units, rank);
        let expanded = tree
            .children(None)
            .iter()
            .flat_map(|r| tree.with_descendants(*r))
            .filter(|id| !tree.children(Some(*id)).is_empty())
            .collect();
        let mut p = UnitPicker {
            tree,
            expanded,
            search: Field::new("", false),
            rows: Vec::new(),
            cursor: Cursor::default(),
            chosen: chosen.iter().map(|c| c.0).collect(),
            assigned: chosen
                .iter()
                .filter_map(|(id, who)| Some((*id, who.clone()?)))
                .collect(),
        };
        p.layout();
        p
    }

    /// The units chosen, in order, each with the member assigned to it.
    #[must_use]
    pub fn chosen(&self) -> Vec<(Id, Option<String>)> {
        self.chosen
            .iter()
            .map(|id| (*id, self.assigned.get(id).cloned()))
            .collect()
    }

    /// The unit under the cursor.
    #[must_use]
    pub fn selected(&self) -> Option<&Unit> {
        self.tree.unit(self.rows.get(self.cursor.selected)?.id)
    }

    fn layout(&mut self) {
        self.rows = self.tree.rows(&self.expanded, &self.search.text());
        // The cursor goes to the first unit that matches.
        let first = self.rows.iter().position(|r| r.matched).unwrap_or(0);
        self.cursor = Cursor::default();
        self.cursor
            .jump(first, self.rows.len(), usize::from(LIST_ROWS));
    }

    fn toggle(&mut self, id: Id) {
        if let Some(i) = self.chosen.iter().position(|c| *c == id) {
            self.chosen.remove(i);
            self.assigned.remove(&id);
        } else {
            self.chosen.push(id);
        }
    }

    /// A đảng bộ with every unit under it; all of them dropped if all were chosen.
    fn take_all(&mut self, id: Id) {
        let all = self.tree.with_descendants(id);
        if all.iter().all(|u| self.chosen.contains(u)) {
            self.chosen.retain(|c| !all.contains(c));
            self.assigned.retain(|u, _| !all.contains(u));
        } else {
            for u in all {
                if !self.chosen.contains(&u) {
                    self.chosen.push(u);
                }
            }
        }
    }

    /// Assign the selected unit (choosing it) to the member after the one
    /// it has, among `team`; after the last, to no one.
    pub fn assign_next(&mut self, team: &[String]) {
        let Some(id) = self.rows.get(self.cursor.selected).map(|r| r.id) else {
            return;
        };
        if !self.chosen.contains(&id) {
            self.chosen.push(id);
        }
        let now = self.assigned.get(&id);
        let next = match now.and_then(|n| team.iter().position(|t| t == n)) {
            Some(i) => team.get(i + 1),
            None => team.first(),
        };
        match next {
            Some(name) => self.assigned.insert(id, name.clone()),
            None => self.assigned.remove(&id),
        };
    }

    /// "Đã chọn N: name (member), …" for the line under the list.
    fn summary(&self, cx: &DrawCx) -> String {
        let names: Vec<String> = self
            .chosen
            .iter()
            .filter_map(|id| {
                let u = self.tree.unit(*id)?;
                Some(match self.assigned.get(id) {
                    Some(who) => format!("{} → {who}", u.code),
                    None => u.code.clone(),
                })
            })
            .collect();
        Msg::Chosen.fill_in(cx.lang, &[&self.chosen.len(), &names.join(", ")])
    }

    fn row_line(&self, r: &TreeRow, on: bool) -> Line<'static> {
        let Some(u) = self.tree.unit(r.id) else {
            return Line::raw("");
        };
        let mark = if self.chosen.contains(&r.id) {
            "[x]"
        } else {
            "[ ]"
        };
        let style = match (on, r.matched) {
            (true, _) => theme::SELECTED,
            (false, true) => Style::default(),
            (false, false) => theme::DIM,
        };
        let mut spans = vec![
            Span::raw(if on { "▶ " } else { "  " }),
            Span::styled(format!("{}{mark} {}", "  ".repeat(r.depth), u.name), style),
            Span::styled(format!("  {}", u.code), theme::DIM),
        ];
        if let Some(who) = self.assigned.get(&r.id) {
            spans.push(Span::styled(format!("  → {who}"), theme::KEY));
        }
        Line::from(spans)
    }
}

impl Input for UnitPicker {
    fn key(&mut self, key: KeyEvent) -> bool {
        if self.search.input(key) {
            self.layout();
        }
        false
    }

    fn paste(&mut self, text: &str) {
        self.search.paste(text);
        self.layout();
    }

    /// The codes chosen, in order.
    fn text(&self) -> String {
        self.chosen
            .iter()
            .filter_map(|id| self.tree.unit(*id).map(|u| u.code.clone()))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The codes chosen, each with the member assigned to it.
    fn value(&self) -> String {
        self.chosen()
            .iter()
            .map(|(id, who)| format!("{id}→{}", who.as_deref().unwrap_or("")))
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn required(&self) -> bool {
        true
    }

    fn missing(&self) -> bool {
        self.chosen.is_empty()
    }

    fn height(&self) -> u16 {
        LIST_ROWS + 3
    }

    fn context(&self) -> Option<Ctx> {
        Some(Ctx::Picker)
    }

    fn act(&mut self, action: Action) {
        let page = usize::from(LIST_ROWS);
        let selected = self.rows.get(self.cursor.selected).map(|r| r.id);
        match (action, selected) {
            (Action::Up, _) => self.cursor.step(-1, self.rows.len(), page),
            (Action::Down, _) => self.cursor.step(1, self.rows.len(), page),
            (Action::PageUp, _) => self.cursor.step(-(page as isize), self.rows.len(), page),
            (Action::PageDown, _) => self.cursor.step(page as isize, self.rows.len(), page),
            (Action::Pick, Some(id)) => self.toggle(id),
            (Action::PickAll, Some(id)) => self.take_all(id),
            _ => {}
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, focused: bool, cx: &DrawCx) {
        let summary = Paragraph::new(Span::styled(self.summary(cx), theme::OK));
        if area.height < 3 {
            frame.render_widget(summary, area);
            return;
        }
        let [search, list, last] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(1),
            Constraint::Length(1),
        ])
        .areas(area);
        let [label, field] =
            Layout::horizontal([Constraint::Length(8), Constraint::Min(1)]).areas(search);
        frame.render_widget(
            Paragraph::new(Span::styled(
                format!("/{} ", Msg::Search.tr(cx.lang)),
                theme::DIM,
            )),
            label,
        );
        let mut w = self.search.widget().clone();
        if !focused {
            w.set_cursor_style(Style::default());
        }
        frame.render_widget(&w, field);
        let shown = usize::from(list.height).max(1);
        let start = self.cursor.offset.min(self.rows.len());
        let start = if self.cursor.selected >= start + shown {
            self.cursor.selected + 1 - shown
        } else {
            start
        };
        let lines: Vec<Line> = self
            .rows
            .iter()
            .enumerate()
            .skip(start)
            .take(shown)
            .map(|(i, r)| self.row_line(r, focused && i == self.cursor.selected))
            .collect();
        frame.render_widget(Paragraph::new(lines), list);
        frame.render_widget(summary, last);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::tree::tests::unit;

    #[test]
    fn a_committee_is_taken_with_its_cells_and_assigned_in_turn() {
        let tu = unit("TU", "Thành ủy", None);
        let qt = unit("P-QT", "Đảng bộ phường Quang Trung", Some(tu.id));
        let c1 = unit("P-QT-1", "Chi bộ số 1", Some(qt.id));
        let c2 = unit("P-QT-2", "Chi bộ số 2", Some(qt.id));
        let vh = unit("P-VH", "Đảng bộ phường Vị Hoàng", Some(tu.id));
        let ids = [tu.id, qt.id, c1.id, c2.id, vh.id];
        let rank = move |id: Id| {
            u32::try_from(ids.iter().position(|x| *x == id).unwrap_or(9)).unwrap_or(9)
        };
        let mut p = UnitPicker::new(vec![tu, qt.clone(), c1, c2, vh.clone()], rank, &[]);
        assert_eq!(p.rows.len(), 5, "the whole tree is shown");
        for c in "quang trung".chars() {
            p.key(KeyEvent::from(crossterm::event::KeyCode::Char(c)));
        }
        assert_eq!(p.selected().map(|u| u.code.as_str()), Some("P-QT"));
        p.act(Action::PickAll);
        assert_eq!(p.text(), "P-QT, P-QT-1, P-QT-2");
        let team = vec!["An".to_string(), "Bình".to_string()];
        p.assign_next(&team);
        p.assign_next(&team);
        assert_eq!(p.chosen()[0], (qt.id, Some("Bình".into())));
        p.assign_next(&team);
        assert_eq!(
            p.chosen()[0],
            (qt.id, None),
            "after the last member: no one"
        );
        p.act(Action::PickAll);
        assert!(p.missing(), "taken again: all dropped");
        p.search = Field::new("vi hoang", false);
        p.layout();
        p.act(Action::Pick);
        assert_eq!(p.chosen(), vec![(vh.id, None)]);
    }
}
