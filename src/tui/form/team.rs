//! The team of a visit as a form input: rows of a name and a role
//! (trưởng đoàn, phó trưởng đoàn, thành viên, thư ký), one row edited at a
//! time; rows are added and removed with keys of the keymap's `Rows` context.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::domain::label::Labelled;
use crate::domain::text::{clean, pad_width};
use crate::domain::{TeamMember, TeamRole};
use crate::tui::action::Action;
use crate::tui::cx::DrawCx;
use crate::tui::field::Field;
use crate::tui::keymap::Ctx;
use crate::tui::theme;

use super::Input;

/// Rows shown at most; the list scrolls past them.
const SHOWN: usize = 6;

/// Width of the role column.
const ROLE_WIDTH: usize = 18;

#[derive(Debug, Clone)]
pub struct TeamInput {
    rows: Vec<(Field, TeamRole)>,
    selected: usize,
}

impl TeamInput {
    /// The team `members` (one empty row, the lead's, if there are none).
    #[must_use]
    pub fn new(members: &[TeamMember]) -> TeamInput {
        let mut rows: Vec<(Field, TeamRole)> = members
            .iter()
            .map(|m| (Field::new(&m.name, false), m.role))
            .collect();
        if rows.is_empty() {
            rows.push((Field::new("", false), TeamRole::Lead));
        }
        TeamInput { rows, selected: 0 }
    }

    /// The members named, in order (rows left empty are dropped).
    #[must_use]
    pub fn members(&self) -> Vec<TeamMember> {
        self.rows
            .iter()
            .map(|(f, role)| TeamMember {
                name: clean(&f.text()),
                role: *role,
            })
            .filter(|m| !m.name.is_empty())
            .collect()
    }

    /// The names of the members, in order.
    #[must_use]
    pub fn names(&self) -> Vec<String> {
        self.members().into_iter().map(|m| m.name).collect()
    }

    /// The row being edited.
    #[must_use]
    pub fn selected(&self) -> usize {
        self.selected
    }

    fn next_role(role: TeamRole) -> TeamRole {
        let all = TeamRole::ALL;
        let i = all.iter().position(|r| *r == role).unwrap_or(0);
        all[(i + 1) % all.len()]
    }

    fn row_line(&self, i: usize, focused: bool, cx: &DrawCx) -> Line<'static> {
        let (field, role) = &self.rows[i];
        let on = focused && i == self.selected;
        let role = pad_width(role.label(cx.lang.code()), ROLE_WIDTH);
        let style = if on { theme::KEY } else { theme::DIM };
        Line::from(vec![
            Span::raw(if on { "▶ " } else { "  " }),
            Span::styled(format!("[{role}] "), style),
            Span::raw(field.text()),
        ])
    }
}

impl Input for TeamInput {
    fn key(&mut self, key: KeyEvent) -> bool {
        if key.code == crossterm::event::KeyCode::Enter {
            return true;
        }
        if let Some((field, _)) = self.rows.get_mut(self.selected) {
            field.input(key);
        }
        false
    }

    fn paste(&mut self, text: &str) {
        if let Some((field, _)) = self.rows.get_mut(self.selected) {
            field.paste(text);
        }
    }

    /// The members as `role: name`, one a line.
    fn text(&self) -> String {
        self.members()
            .iter()
            .map(|m| format!("{}: {}", m.role.code(), m.name))
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn required(&self) -> bool {
        true
    }

    fn missing(&self) -> bool {
        self.members().is_empty()
    }

    fn height(&self) -> u16 {
        u16::try_from(self.rows.len().min(SHOWN) + 1).unwrap_or(2)
    }

    fn context(&self) -> Option<Ctx> {
        Some(Ctx::Rows)
    }

    fn act(&mut self, action: Action) {
        let n = self.rows.len();
        match action {
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::Down => self.selected = (self.selected + 1).min(n.saturating_sub(1)),
            Action::AddRow => {
                self.rows
                    .insert(self.selected + 1, (Field::new("", false), TeamRole::Member));
                self.selected += 1;
            }
            Action::RemoveRow if n > 1 => {
                self.rows.remove(self.selected);
                self.selected = self.selected.min(n - 2);
            }
            Action::RemoveRow => self.rows[0].0 = Field::new("", false),
            Action::CycleRole => {
                if let Some((_, role)) = self.rows.get_mut(self.selected) {
                    *role = Self::next_role(*role);
                }
            }
            _ => {}
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, focused: bool, cx: &DrawCx) {
        let shown = usize::from(area.height).max(1);
        if !focused && shown < self.rows.len() {
            // Cramped and not worked in: the whole team on one line.
            let all: Vec<String> = self
                .members()
                .iter()
                .map(|m| format!("{} ({})", m.name, m.role.label(cx.lang.code())))
                .collect();
            frame.render_widget(Paragraph::new(format!("  {}", all.join(", "))), area);
            return;
        }
        let start = (self.selected + 1).saturating_sub(shown);
        let end = (start + shown).min(self.rows.len());
        let rows = Layout::vertical(vec![Constraint::Length(1); end - start]).split(area);
        for (i, r) in (start..end).zip(rows.iter()) {
            let on = focused && i == self.selected;
            if !on {
                frame.render_widget(Paragraph::new(self.row_line(i, focused, cx)), *r);
                continue;
            }
            // The edited row's name is the text field itself, with its cursor.
            let head = u16::try_from(ROLE_WIDTH + 5).unwrap_or(23);
            let [role, name] =
                Layout::horizontal([Constraint::Length(head), Constraint::Min(1)]).areas(*r);
            let mut line = self.row_line(i, focused, cx);
            line.spans.truncate(2);
            frame.render_widget(Paragraph::new(line), role);
            let mut w = self.rows[i].0.widget().clone();
            w.set_style(Style::default());
            frame.render_widget(&w, name);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyModifiers};

    fn typed(t: &mut TeamInput, text: &str) {
        for c in text.chars() {
            t.key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        }
    }

    #[test]
    fn rows_are_added_named_given_roles_and_removed() {
        let mut t = TeamInput::new(&[]);
        typed(&mut t, "Nguyễn Văn An");
        t.act(Action::AddRow);
        typed(&mut t, "Trần Thị Bình");
        t.act(Action::AddRow);
        typed(&mut t, "Lê Văn Cường");
        t.act(Action::CycleRole);
        t.act(Action::CycleRole);
        let roles: Vec<TeamRole> = t.members().iter().map(|m| m.role).collect();
        assert_eq!(roles[0], TeamRole::Lead);
        assert_eq!(roles[1], TeamRole::Member);
        assert_eq!(
            roles[2],
            TeamInput::next_role(TeamInput::next_role(TeamRole::Member))
        );
        t.act(Action::Up);
        t.act(Action::RemoveRow);
        assert_eq!(t.names(), vec!["Nguyễn Văn An", "Lê Văn Cường"]);
        assert_eq!(t.selected(), 1, "the row after the removed one");
        t.act(Action::RemoveRow);
        t.act(Action::RemoveRow);
        assert!(t.missing(), "the last row is emptied, not removed");
        assert_eq!(t.rows.len(), 1);
    }
}
