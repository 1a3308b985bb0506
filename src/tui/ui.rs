//! Drawing: a pure function of the app's state. One module per screen.

mod checklist;
mod dashboard;
mod findings;
mod overlay;
mod visits;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::app::{App, Mode, Screen, Tone};
use super::i18n::Msg;
use super::keymap::hints;
use super::theme;

/// Smallest size the app draws in; below it a "too small" notice.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

/// Rows of the main list for a terminal of `height` rows (header, title, table header, footer).
#[must_use]
pub fn page_rows(height: u16) -> usize {
    usize::from(height.saturating_sub(8)).max(1)
}

/// Draw the whole screen.
pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let p = Paragraph::new(Msg::TooSmall.tr(app.lang)).wrap(Wrap { trim: true });
        frame.render_widget(p, area);
        return;
    }
    let [head, body, status, keys] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    tabs(frame, app, head);
    match app.screen {
        Screen::Welcome => welcome(frame, app, body),
        Screen::Dashboard => dashboard::draw(frame, app, body),
        Screen::Visits => visits::list(frame, app, body),
        Screen::Visit => visits::visit(frame, app, body),
        Screen::Checklist => checklist::draw(frame, app, body),
        Screen::Findings => findings::list(frame, app, body),
        Screen::Detail => findings::detail(frame, app, body),
    }
    status_line(frame, app, status);
    footer(frame, app, keys);
    match &app.mode {
        Mode::Browse => {}
        Mode::Help => overlay::help(frame, app, body),
        Mode::Palette(field) => overlay::palette(frame, app, field, body),
        Mode::Search(field) => overlay::search(frame, app, field, status),
        Mode::Form(form) => overlay::form(frame, app, form, body),
    }
}

fn tabs(frame: &mut Frame, app: &App, area: Rect) {
    let active = match app.screen {
        Screen::Welcome | Screen::Dashboard => 0,
        Screen::Visits | Screen::Visit | Screen::Checklist => 1,
        Screen::Findings | Screen::Detail => 2,
    };
    let mut spans = vec![Span::styled(
        format!(" haukiem · {} ", Msg::AppTitle.tr(app.lang)),
        theme::TITLE,
    )];
    for (i, (key, msg)) in [
        ("F2", Msg::TabDashboard),
        ("F3", Msg::TabVisits),
        ("F4", Msg::TabFindings),
    ]
    .into_iter()
    .enumerate()
    {
        let style = if i == active {
            theme::TAB_ACTIVE
        } else {
            theme::TAB
        };
        spans.push(Span::raw(" "));
        spans.push(Span::styled(format!(" {key} {} ", msg.tr(app.lang)), style));
    }
    let today = crate::domain::date::format_date(app.today);
    let line = Line::from(spans);
    let used = line.width();
    frame.render_widget(Paragraph::new(line), area);
    let w = u16::try_from(today.len()).unwrap_or(10) + 1;
    // Only where it does not cover a tab (Vietnamese tab names are long).
    if usize::from(area.width) >= used + usize::from(w) {
        let r = Rect {
            x: area.x + area.width - w,
            width: w,
            ..area
        };
        frame.render_widget(Paragraph::new(today).style(theme::DIM), r);
    }
}

fn status_line(frame: &mut Frame, app: &App, area: Rect) {
    if let Some((text, tone)) = &app.status {
        let style = match tone {
            Tone::Info => Style::default(),
            Tone::Ok => theme::OK,
            Tone::Error => theme::ERROR,
        };
        frame.render_widget(Paragraph::new(Span::styled(text.as_str(), style)), area);
    }
}

/// Key hints of the current context, generated from the keymap.
fn footer(frame: &mut Frame, app: &App, area: Rect) {
    let ctx = app.contexts()[0];
    let mut spans = Vec::new();
    let mut list = hints(ctx);
    // In help every key closes the overlay: the global keys do not apply there.
    if !ctx.is_text() && ctx != super::keymap::Ctx::Help {
        use super::action::Action as A;
        let global = hints(super::keymap::Ctx::Global);
        for wanted in [A::Help, A::Open, A::Back, A::Palette, A::Undo, A::Quit] {
            list.extend(global.iter().filter(|(_, a)| *a == wanted).cloned());
        }
    }
    for (keys, action) in list {
        spans.push(Span::styled(keys, theme::KEY));
        spans.push(Span::raw(format!(" {}  ", action.hint(app.lang))));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)).style(theme::DIM), area);
}

fn welcome(frame: &mut Frame, app: &App, area: Rect) {
    let l = app.lang;
    let text = vec![
        Line::styled(Msg::WelcomeTitle.tr(l), theme::TITLE),
        Line::raw(""),
        Line::raw(Msg::Welcome1.tr(l)),
        Line::raw(""),
        Line::raw(format!("  {}", Msg::Welcome2.tr(l))),
        Line::styled("      haukiem demo", theme::KEY),
        Line::raw(""),
        Line::raw(format!("  {}", Msg::Welcome3.tr(l))),
        Line::styled(
            "      haukiem import don-vi.csv phieu-kiem-tra.toml",
            theme::KEY,
        ),
        Line::raw(""),
        Line::raw(Msg::Welcome4.tr(l)),
    ];
    frame.render_widget(
        Paragraph::new(text)
            .block(Block::bordered())
            .wrap(Wrap { trim: false }),
        area,
    );
}

/// A rectangle of at most `w`×`h` centred in `area`.
#[must_use]
pub fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let w = w.min(area.width);
    let h = h.min(area.height);
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}
