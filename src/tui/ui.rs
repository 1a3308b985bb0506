//! Drawing: a pure function of the app's state. The frame around the
//! screens (tabs, status line, key hints) and the overlays are here; each
//! screen draws itself.

pub mod fit;
mod form;
mod overlay;

pub use overlay::help_max_scroll;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect, Size};
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

/// The size of the area a screen draws in, in a terminal of `size`:
/// below the tabs, above the status line and the key hints.
#[must_use]
pub fn body_size(size: Size) -> Size {
    Size::new(size.width, size.height.saturating_sub(3))
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

/// A notice alone on the screen (nothing of the database is drawn).
pub fn notice(frame: &mut Frame, text: &str) {
    let area = frame.area();
    let w = area.width.saturating_sub(4).min(70);
    let p = Paragraph::new(text).wrap(Wrap { trim: true });
    let h = u16::try_from(p.line_count(w.saturating_sub(4))).unwrap_or(u16::MAX);
    let r = centered(area, w, h.saturating_add(2));
    let block = Block::bordered()
        .title(" haukiem ")
        .border_style(theme::ERROR)
        .padding(ratatui::widgets::Padding::horizontal(1));
    frame.render_widget(p.block(block), r);
}

/// The tabs: the top-level screens, the keys that show them, and their
/// names in full and short.
const TABS: [(ScreenId, &str, Msg, Msg); 4] = [
    (
        ScreenId::Dashboard,
        "F2",
        Msg::TabDashboard,
        Msg::TabDashboardShort,
    ),
    (ScreenId::Visits, "F3", Msg::TabVisits, Msg::TabVisitsShort),
    (
        ScreenId::Findings,
        "F4",
        Msg::TabFindings,
        Msg::TabFindingsShort,
    ),
    (ScreenId::Units, "F5", Msg::TabUnits, Msg::TabUnits),
];

/// The order in which tabs take their short names (places in [`TABS`]):
/// the longest names first.
const SHORTENED: [usize; 3] = [1, 2, 0];

/// The top line: the app's name, the tabs, who works here and today's
/// date. Where they do not fit, the name goes first, then who works here,
/// then the tabs take their short names; the date goes only where even
/// those leave no room. A tab is never cut.
fn tabs<S>(frame: &mut Frame, app: &App<S>, area: Rect) {
    let lit = app.screen.tab();
    let today = crate::domain::date::format_date(app.today);
    let line = |brand: bool, short: usize| {
        let mut spans = Vec::new();
        if brand {
            spans.push(Span::styled(
                format!(" haukiem · {} ", Msg::AppTitle.tr(app.lang)),
                theme::TITLE,
            ));
        }
        for (i, (id, key, full, brief)) in TABS.into_iter().enumerate() {
            let style = if id == lit {
                theme::TAB_ACTIVE
            } else {
                theme::TAB
            };
            let name = if SHORTENED[..short].contains(&i) {
                brief
            } else {
                full
            };
            spans.push(Span::raw(" "));
            spans.push(Span::styled(
                format!(" {key} {} ", name.tr(app.lang)),
                style,
            ));
        }
        Line::from(spans)
    };
    // Who works here, then the date, right-aligned with a blank column at
    // the edge.
    let who = (!app.who.is_empty()).then(|| Span::styled(format!("{} · ", app.who), theme::KEY));
    let date = Span::styled(today, theme::DIM);
    let right = |who_too: bool| {
        let mut spans: Vec<Span> = who.iter().filter(|_| who_too).cloned().collect();
        spans.push(date.clone());
        Line::from(spans)
    };
    // The app's name gives way first, then who works here, then the tabs
    // take their short names one by one.
    let mut layouts = vec![(true, 0, true), (false, 0, true), (false, 0, false)];
    layouts.extend((1..=SHORTENED.len()).map(|short| (false, short, false)));
    let room = usize::from(area.width);
    let choice = layouts.into_iter().find_map(|(brand, short, who_too)| {
        let (tabs, right) = (line(brand, short), right(who_too));
        (tabs.width() + right.width() < room).then_some((tabs, right))
    });
    let Some((tabs, right)) = choice else {
        frame.render_widget(Paragraph::new(line(false, SHORTENED.len())), area);
        return;
    };
    frame.render_widget(Paragraph::new(tabs), area);
    let w = u16::try_from(right.width() + 1).unwrap_or(u16::MAX);
    let r = Rect {
        x: area.x + area.width.saturating_sub(w),
        width: w.min(area.width),
        ..area
    };
    frame.render_widget(Paragraph::new(right), r);
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

/// Key hints of the current context, generated from the keymap; as many
/// whole hints as the line holds.
fn footer<S>(frame: &mut Frame, app: &App<S>, area: Rect) {
    use super::action::Action as A;
    use super::keymap::Ctx;
    let ctxs = app.contexts();
    let ctx = ctxs[0];
    // A list input's keys, then the form's.
    let mut list: Vec<_> = if ctx.is_text() {
        ctxs.iter().flat_map(|c| hints(*c)).collect()
    } else {
        hints(ctx)
    };
    if ctx == Ctx::Help {
        // How to leave it; how to scroll it is on its border.
        list.retain(|(_, a)| *a == A::Cancel);
    } else if !ctx.is_text() {
        let global = hints(Ctx::Global);
        for wanted in [A::Help, A::Open, A::Back, A::Palette, A::Undo, A::Quit] {
            list.extend(global.iter().filter(|(_, a)| *a == wanted).cloned());
        }
    }
    let mut spans = Vec::new();
    let mut used = 0;
    for (keys, action) in list {
        let hint = format!(" {}  ", action.hint(app.lang));
        let w = crate::domain::text::width(&keys) + crate::domain::text::width(&hint);
        if used + w > usize::from(area.width) + 2 {
            break;
        }
        used += w;
        spans.push(Span::styled(keys, theme::KEY));
        spans.push(Span::raw(hint));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)).style(theme::DIM), area);
}

/// The cells of the columns `keep` marks (the columns a narrow screen
/// still shows), in order.
pub(crate) fn pick<T, const N: usize>(
    cells: impl IntoIterator<Item = T>,
    keep: [bool; N],
) -> Vec<T> {
    cells
        .into_iter()
        .zip(keep)
        .filter_map(|(c, k)| k.then_some(c))
        .collect()
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

/// How far `lines`, wrapped in an area of `size`, can scroll: until its
/// last row is the area's last, never past it.
#[must_use]
pub fn max_scroll(lines: &[Line], size: Size) -> u16 {
    let rows = Paragraph::new(lines.to_vec())
        .wrap(Wrap { trim: false })
        .line_count(size.width);
    u16::try_from(rows.saturating_sub(usize::from(size.height))).unwrap_or(u16::MAX)
}

/// `scroll` moved by `delta` rows, within `0..=max`.
#[must_use]
pub fn scrolled(scroll: u16, delta: isize, max: u16) -> u16 {
    let to = i64::from(scroll).saturating_add(i64::try_from(delta).unwrap_or(0));
    u16::try_from(to.clamp(0, i64::from(max))).unwrap_or(max)
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
                TABS.iter().any(|(t, _, _, _)| *t == tab),
                "{id:?} under {tab:?}"
            );
            assert_eq!(tab.tab(), tab, "{id:?}: a tab is a top-level screen");
        }
        for (id, _, _, _) in TABS {
            assert_eq!(id.tab(), id, "the tab of {id:?} is its own");
        }
    }
}
