//! Overlays: help (generated from the keymap), the command palette, the
//! search bar and forms.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::centered;
use crate::domain::date::{format_date, weekday_en, weekday_vi};
use crate::domain::text::width;
use crate::tui::app::App;
use crate::tui::field::Field;
use crate::tui::form::{Form, Input};
use crate::tui::i18n::{Lang, Msg};
use crate::tui::keymap::{Ctx, hints};
use crate::tui::theme;

pub fn help(frame: &mut Frame, app: &App, area: Rect) {
    let screen_ctx = {
        let mut probe = app.contexts();
        probe.retain(|c| *c != Ctx::Help);
        probe.first().copied()
    };
    let ctx = match app.screen {
        crate::tui::app::Screen::Checklist => Ctx::Checklist,
        crate::tui::app::Screen::Findings => Ctx::Findings,
        crate::tui::app::Screen::Detail => Ctx::Detail,
        _ => screen_ctx.unwrap_or(Ctx::Global),
    };
    let mut lines = Vec::new();
    let mut section = |title: String, list: Vec<(String, crate::tui::action::Action)>| {
        if list.is_empty() {
            return;
        }
        lines.push(Line::styled(title, theme::HEADER));
        for (keys, action) in list {
            lines.push(Line::from(vec![
                Span::styled(format!("  {keys:<16}"), theme::KEY),
                Span::raw(action.hint(app.lang)),
            ]));
        }
        lines.push(Line::raw(""));
    };
    section(Msg::HelpTitle.tr(app.lang).to_string(), hints(ctx));
    if ctx == Ctx::Checklist {
        section(Msg::Recheck.tr(app.lang).to_string(), hints(Ctx::Recheck));
    }
    section("—".into(), hints(Ctx::Global));
    // Taller than the screen: flow into as many columns as the width allows,
    // so that at 80×24 every key is still listed.
    const COLUMN: u16 = 38;
    let rows = usize::from(area.height.saturating_sub(2)).max(1);
    let fit = usize::from(area.width.saturating_sub(2) / COLUMN).max(1);
    let cols = lines.len().div_ceil(rows).clamp(1, fit);
    let w = if cols == 1 {
        64
    } else {
        COLUMN * u16::try_from(cols).unwrap_or(1) + 2
    };
    let h = u16::try_from(lines.len().min(rows) + 2).unwrap_or(u16::MAX);
    let r = centered(area, w, h);
    frame.render_widget(Clear, r);
    let block = Block::bordered().title(format!("{} · Esc", Msg::HelpTitle.tr(app.lang)));
    let inner = block.inner(r);
    frame.render_widget(block, r);
    let per = if cols == 1 { lines.len().max(1) } else { rows };
    let parts = Layout::horizontal(vec![
        Constraint::Ratio(1, u32::try_from(cols).unwrap_or(1));
        cols
    ])
    .split(inner);
    for (chunk, part) in lines.chunks(per).zip(parts.iter()) {
        frame.render_widget(Paragraph::new(chunk.to_vec()), *part);
    }
}

pub fn palette(frame: &mut Frame, app: &App, field: &Field, area: Rect) {
    let r = centered(area, 70, 5);
    let r = Rect { y: area.y + 1, ..r };
    frame.render_widget(Clear, r);
    let block = Block::bordered().title(format!(
        "{} · Enter · Tab · Esc",
        Msg::PaletteTitle.tr(app.lang)
    ));
    let inner = block.inner(r);
    frame.render_widget(block, r);
    let [input, hint] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(inner);
    frame.render_widget(field.widget(), input);
    frame.render_widget(
        Paragraph::new(Msg::PaletteHint.tr(app.lang))
            .style(theme::DIM)
            .wrap(Wrap { trim: true }),
        hint,
    );
}

pub fn search(frame: &mut Frame, app: &App, field: &Field, area: Rect) {
    frame.render_widget(Clear, area);
    let label = format!("/{} ", Msg::Search.tr(app.lang));
    let w = u16::try_from(width(&label)).unwrap_or(8);
    let [l, f] = Layout::horizontal([Constraint::Length(w), Constraint::Min(1)]).areas(area);
    frame.render_widget(Paragraph::new(Span::styled(label, theme::KEY)), l);
    frame.render_widget(field.widget(), f);
}

fn date_preview(app: &App, text: &str) -> Line<'static> {
    if text.trim().is_empty() {
        return Line::raw("");
    }
    match crate::domain::date::parse_date(text, app.today) {
        Ok(d) => {
            let wd = if app.lang == Lang::En {
                weekday_en(d)
            } else {
                weekday_vi(d)
            };
            Line::styled(format!("→ {wd}, {}", format_date(d)), theme::OK)
        }
        Err(e) => Line::styled(
            format!(
                "✗ {}: {}",
                Msg::InvalidDate.tr(app.lang),
                crate::tui::i18n::date_error(&e, app.lang)
            ),
            theme::OVERDUE,
        ),
    }
}

pub fn form(frame: &mut Frame, app: &App, form: &Form, area: Rect) {
    let l = app.lang;
    // Borders, the error line and a spare line around the fields.
    let avail = area.height.saturating_sub(4);
    let (heights, start, end) = form_window(form, avail);
    let need = heights[start..end].iter().sum::<u16>() + 4;
    let r = centered(
        area,
        area.width.saturating_sub(4).min(100),
        need.min(area.height),
    );
    frame.render_widget(Clear, r);
    // Some fields are out of sight: say so first, where a narrow title still shows it.
    let more = if start > 0 || end < form.fields.len() {
        "↕ "
    } else {
        ""
    };
    let block = Block::bordered()
        .title(format!(
            "{more}{} · {}",
            form.title.tr(l),
            Msg::FormHint.tr(l)
        ))
        .border_style(theme::FOCUS);
    let inner = block.inner(r);
    frame.render_widget(block, r);
    let mut constraints: Vec<Constraint> = heights[start..end]
        .iter()
        .map(|h| Constraint::Length(*h))
        .collect();
    constraints.push(Constraint::Min(1));
    let rows = Layout::vertical(constraints).split(inner);
    for (i, (field, row)) in form.fields[start..end]
        .iter()
        .zip(rows.iter())
        .enumerate()
        .map(|(k, x)| (start + k, x))
    {
        let focused = i == form.focus;
        let label_style = if focused { theme::KEY } else { theme::DIM };
        let req = if field.required { " *" } else { "" };
        let [label, value, extra] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(1),
            Constraint::Length(u16::from(
                matches!(field.input, Input::Date(_)) && row.height >= 3,
            )),
        ])
        .areas(*row);
        frame.render_widget(
            Paragraph::new(Span::styled(
                format!("{}{req}", field.label.tr(l)),
                label_style,
            )),
            label,
        );
        match &field.input {
            Input::Text(t) | Input::Date(t) => {
                let mut w = t.widget().clone();
                if !focused {
                    w.set_cursor_style(Style::default());
                }
                frame.render_widget(&w, value);
                if let Input::Date(t) = &field.input {
                    frame.render_widget(Paragraph::new(date_preview(app, &t.text())), extra);
                }
            }
            Input::Choice { options, selected } => {
                let spans: Vec<Span> = options
                    .iter()
                    .enumerate()
                    .flat_map(|(j, o)| {
                        let style = if j == *selected {
                            if focused {
                                theme::TAB_ACTIVE
                            } else {
                                theme::KEY
                            }
                        } else {
                            theme::DIM
                        };
                        let text = if j == *selected {
                            format!("[{o}]")
                        } else {
                            format!(" {o} ")
                        };
                        [Span::styled(text, style), Span::raw(" ")]
                    })
                    .collect();
                let mut line = vec![Span::raw(if focused { "◀ " } else { "  " })];
                line.extend(spans);
                line.push(Span::raw(if focused { " ▶" } else { "" }));
                let mut line = Line::from(line);
                // Too narrow for every option: show the chosen one, never cut it off.
                if line.width() > usize::from(value.width) {
                    let chosen = options.get(*selected).cloned().unwrap_or_default();
                    line = Line::from(vec![
                        Span::raw(if focused { "◀ " } else { "  " }),
                        Span::styled(
                            format!("[{chosen}]"),
                            if focused {
                                theme::TAB_ACTIVE
                            } else {
                                theme::KEY
                            },
                        ),
                        Span::raw(format!(" {}/{}", selected + 1, options.len())),
                        Span::raw(if focused { " ▶" } else { "" }),
                    ]);
                }
                frame.render_widget(Paragraph::new(line), value);
            }
        }
    }
    if let (Some(err), Some(last)) = (&form.error, rows.last()) {
        frame.render_widget(
            Paragraph::new(Span::styled(err.clone(), theme::ERROR)).wrap(Wrap { trim: true }),
            *last,
        );
    }
}

/// Rows of each field, and the fields `start..end` that fit in `avail` rows
/// with the focused one among them: multi-line fields shrink to one line
/// first, then the form scrolls with the focus.
fn form_window(form: &Form, avail: u16) -> (Vec<u16>, usize, usize) {
    let full: Vec<u16> = form
        .fields
        .iter()
        .map(|f| match &f.input {
            Input::Text(t) if t.is_multiline() => 4,
            Input::Date(_) => 3,
            _ => 2,
        })
        .collect();
    let n = full.len();
    if full.iter().sum::<u16>() <= avail {
        return (full, 0, n);
    }
    let heights: Vec<u16> = full.iter().map(|h| (*h).min(2)).collect();
    let focus = form.focus.min(n.saturating_sub(1));
    let mut start = 0;
    while start < focus && heights[start..=focus].iter().sum::<u16>() > avail {
        start += 1;
    }
    let mut end = (focus + 1).min(n);
    while end < n && heights[start..=end].iter().sum::<u16>() <= avail {
        end += 1;
    }
    (heights, start, end)
}
