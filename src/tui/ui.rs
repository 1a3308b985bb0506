//! Drawing: a pure function of the app's state. The frame around the
//! screens (tabs, status line, key hints) and the overlays are here; each
//! screen draws itself.

mod form;
mod overlay;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Row, Table, Wrap};

use super::app::{App, Mode, Tone};
use super::keymap::hints;
use super::screen::ScreenId;
use super::theme;
use crate::i18n::Msg;

/// Smallest size the app draws in; below it a "too small" notice.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

/// Rows of the main list for a terminal of `height` rows (header, title, table header, footer).
#[must_use]
pub fn page_rows(height: u16) -> usize {
    usize::from(height.saturating_sub(8)).max(1)
}

/// Draw the whole screen.
pub fn draw<S>(frame: &mut Frame, app: &App<S>) {
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
    let cx = app.draw_cx();
    app.current().draw(frame, body, &cx);
    status_line(frame, app, status);
    footer(frame, app, keys);
    match &app.mode {
        Mode::Browse => {}
        Mode::Help => overlay::help(frame, app, body),
        Mode::Palette(field) => overlay::palette(frame, app, field, body),
        Mode::Search(field) => overlay::search(frame, app, field, status),
        Mode::Form(f) => form::draw(frame, f.as_ref(), body, &cx),
    }
}

/// The tabs: the top-level screens and the keys that show them.
const TABS: [(ScreenId, &str, Msg); 4] = [
    (ScreenId::Dashboard, "F2", Msg::TabDashboard),
    (ScreenId::Visits, "F3", Msg::TabVisits),
    (ScreenId::Findings, "F4", Msg::TabFindings),
    (ScreenId::Units, "F5", Msg::TabUnits),
];

fn tabs<S>(frame: &mut Frame, app: &App<S>, area: Rect) {
    let lit = app.screen.tab();
    let today = crate::domain::date::format_date(app.today);
    // The app's title gives way to the date where both do not fit.
    let full = format!(" haukiem · {} ", Msg::AppTitle.tr(app.lang));
    let tabs_width: usize = TABS
        .iter()
        .map(|(_, key, msg)| 4 + key.len() + Line::from(msg.tr(app.lang)).width())
        .sum();
    let title =
        if Line::from(full.as_str()).width() + tabs_width + today.len() > usize::from(area.width) {
            " haukiem ".to_string()
        } else {
            full
        };
    let mut spans = vec![Span::styled(title, theme::TITLE)];
    for (id, key, msg) in TABS {
        let style = if id == lit {
            theme::TAB_ACTIVE
        } else {
            theme::TAB
        };
        spans.push(Span::raw(" "));
        spans.push(Span::styled(format!(" {key} {} ", msg.tr(app.lang)), style));
    }
    let line = Line::from(spans);
    let used = line.width();
    frame.render_widget(Paragraph::new(line), area);
    // Who works, then the date, each only where it covers no tab
    // (Vietnamese tab names are long): the date first, it is the one the
    // deadlines depend on.
    let mut right = vec![Span::styled(today, theme::DIM)];
    if !app.who.is_empty() {
        right.insert(0, Span::styled(format!("{} · ", app.who), theme::KEY));
    }
    // The tabs end with their own padding, so the text may start right
    // after them; a blank column is kept at the edge when there is room.
    let room = usize::from(area.width).saturating_sub(used);
    while !right.is_empty() {
        let text = Line::from(right.clone());
        if text.width() <= room {
            let w = u16::try_from((text.width() + 1).min(room)).unwrap_or(u16::MAX);
            let r = Rect {
                x: area.x + area.width - w,
                width: w,
                ..area
            };
            frame.render_widget(Paragraph::new(text), r);
            return;
        }
        right.remove(0);
    }
}

fn status_line<S>(frame: &mut Frame, app: &App<S>, area: Rect) {
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
fn footer<S>(frame: &mut Frame, app: &App<S>, area: Rect) {
    let ctxs = app.contexts();
    let ctx = ctxs[0];
    let mut spans = Vec::new();
    // A list input's keys, then the form's.
    let mut list: Vec<_> = if ctx.is_text() {
        ctxs.iter().flat_map(|c| hints(*c)).collect()
    } else {
        hints(ctx)
    };
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

/// A list under a header row, the selected row marked, in `block`.
pub(crate) fn list<'a>(
    rows: impl IntoIterator<Item = Row<'a>>,
    widths: impl IntoIterator<Item = Constraint>,
    header: Row<'a>,
    block: Block<'a>,
) -> Table<'a> {
    Table::new(rows, widths)
        .header(header.style(theme::HEADER))
        .row_highlight_style(theme::SELECTED)
        .highlight_symbol("▶ ")
        .block(block)
}

/// A dimmed label, then its value.
pub(crate) fn labelled(label: &str, value: String) -> Line<'static> {
    Line::from(vec![
        Span::styled(format!("{label}: "), theme::DIM),
        Span::raw(value),
    ])
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_screen_lights_a_tab_that_is_drawn_and_shows_itself() {
        for id in ScreenId::ALL {
            let tab = id.tab();
            assert!(
                TABS.iter().any(|(t, _, _)| *t == tab),
                "{id:?} under {tab:?}"
            );
            assert_eq!(tab.tab(), tab, "{id:?}: a tab is a top-level screen");
        }
        for (id, _, _) in TABS {
            assert_eq!(id.tab(), id, "the tab of {id:?} is its own");
        }
    }
}
