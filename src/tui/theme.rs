//! Colours and styles, in one place.

use ratatui::style::{Color, Modifier, Style};

pub const TITLE: Style = Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD);
pub const TAB: Style = Style::new().fg(Color::Gray);
pub const TAB_ACTIVE: Style = Style::new()
    .fg(Color::Black)
    .bg(Color::Cyan)
    .add_modifier(Modifier::BOLD);
pub const HEADER: Style = Style::new()
    .add_modifier(Modifier::BOLD)
    .add_modifier(Modifier::UNDERLINED);
pub const SELECTED: Style = Style::new()
    .bg(Color::DarkGray)
    .add_modifier(Modifier::BOLD);
pub const OVERDUE: Style = Style::new()
    .fg(Color::LightRed)
    .add_modifier(Modifier::BOLD);
pub const SOON: Style = Style::new().fg(Color::Yellow);
pub const DONE: Style = Style::new().fg(Color::Green);
pub const DIM: Style = Style::new().fg(Color::DarkGray);
pub const KEY: Style = Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD);
pub const OK: Style = Style::new().fg(Color::Green);
pub const ERROR: Style = Style::new().fg(Color::White).bg(Color::Red);
pub const FOCUS: Style = Style::new().fg(Color::Cyan);
pub const SECTION: Style = Style::new().fg(Color::Magenta).add_modifier(Modifier::BOLD);

/// A finding's status and due date: overdue, verified, due within a week.
#[must_use]
pub fn finding(
    status: crate::domain::FindingStatus,
    due: chrono::NaiveDate,
    today: chrono::NaiveDate,
) -> Style {
    if crate::domain::finding::days_overdue(status, due, today).is_some() {
        OVERDUE
    } else if status == crate::domain::FindingStatus::Verified {
        DONE
    } else if status.is_active() && (due - today).num_days() <= 7 {
        SOON
    } else {
        Style::default()
    }
}
