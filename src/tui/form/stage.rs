//! A visit's stages: Chưa tiến hành → Đang tiến hành → Đã kết thúc. Starting
//! is one key; closing first lists what is left undone (units with items not
//! checked, earlier findings not re-checked) and asks to confirm; a closed
//! visit is reopened only with a reason.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use crate::domain::label::Labelled;
use crate::domain::text::clean_multiline;
use crate::domain::{Change, Id, Visit, VisitStatus};
use crate::i18n::{Lang, Msg};
use crate::tui::action::Action;
use crate::tui::cx::{Cx, DrawCx};
use crate::tui::keymap::Ctx;
use crate::tui::theme;

use super::{Form, Input, Refusal, TextInput};

/// Lines to read in a form, not to edit.
#[derive(Debug, Clone)]
pub struct Notice {
    lines: Vec<(String, Style)>,
}

impl Input for Notice {
    fn key(&mut self, key: crossterm::event::KeyEvent) -> bool {
        key.code == crossterm::event::KeyCode::Enter
    }

    fn text(&self) -> String {
        let lines: Vec<&str> = self.lines.iter().map(|l| l.0.as_str()).collect();
        lines.join("\n")
    }

    fn required(&self) -> bool {
        false
    }

    fn height(&self) -> u16 {
        u16::try_from(self.lines.len() + 1).unwrap_or(u16::MAX)
    }

    fn draw(&self, frame: &mut Frame, area: Rect, _focused: bool, _cx: &DrawCx) {
        let lines: Vec<Line> = self
            .lines
            .iter()
            .map(|(t, s)| Line::styled(t.clone(), *s))
            .collect();
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
    }
}

/// Confirming that a visit ends, after reading what is left undone.
#[derive(Debug)]
pub struct CloseForm {
    pub visit: Id,
    pub notice: Notice,
}

fields! {
    CloseForm: CloseFocus {
        Notice: notice => CloseCheck,
    }
}

impl CloseForm {
    /// The confirmation for `v`, listing what is left undone in it.
    ///
    /// # Errors
    /// Storage failure.
    pub fn new(v: &Visit, cx: &Cx) -> anyhow::Result<CloseForm> {
        let left = left_undone(v, cx)?;
        let l = cx.lang;
        let mut lines = Vec::new();
        if left.is_empty() {
            lines.push((Msg::NothingLeft.tr(l).to_string(), theme::OK));
        } else {
            lines.push((Msg::LeftUndone.tr(l).to_string(), theme::SOON));
            lines.extend(
                left.into_iter()
                    .map(|s| (format!("  • {s}"), Style::default())),
            );
        }
        let keys = crate::tui::keymap::keys_of(Ctx::Form, Action::Submit);
        lines.push((Msg::ConfirmClose.fill_in(l, &[&keys, &v.code]), theme::KEY));
        Ok(CloseForm {
            visit: v.id,
            notice: Notice { lines },
        })
    }
}

/// Per unit of the visit: the items of its sector not checked and the earlier findings
/// not re-checked since the visit began (no follow-up dated on or after its
/// start), one line each, in the visit's order of units.
///
/// # Errors
/// Storage failure.
pub fn left_undone(v: &Visit, cx: &Cx) -> anyhow::Result<Vec<String>> {
    let l = cx.lang;
    let template = cx.store.template(v.template)?;
    let mut out = Vec::new();
    for unit in &v.units {
        let unchecked = match &template {
            Some(t) => cx.store.unit_progress(t, v.id, *unit)?.unchecked(),
            None => 0,
        };
        let not_rechecked = cx
            .store
            .findings_of_unit(*unit)?
            .iter()
            .filter(|f| f.visit != v.id && !f.status.is_final())
            .filter(|f| f.history.iter().all(|h| h.date < v.start))
            .count();
        if unchecked + not_rechecked as u64 == 0 {
            continue;
        }
        let mut parts = Vec::new();
        if unchecked > 0 {
            parts.push(Msg::ItemsUnchecked.fill_in(l, &[&unchecked]));
        }
        if not_rechecked > 0 {
            parts.push(Msg::NotRechecked.fill_in(l, &[&not_rechecked]));
        }
        out.push(format!("{}: {}", cx.units.name(*unit), parts.join(", ")));
    }
    Ok(out)
}

impl Form for CloseForm {
    fn title(&self) -> Msg {
        Msg::CloseVisit
    }

    fn save(&self, cx: &mut Cx) -> Result<(), Refusal<CloseFocus>> {
        move_to(cx, self.visit, VisitStatus::Concluded, None)?;
        Ok(())
    }
}

/// Reopening a closed visit, and why.
#[derive(Debug)]
pub struct ReopenForm {
    pub visit: Id,
    pub reason: TextInput,
}

fields! {
    ReopenForm: ReopenFocus {
        Reason: reason => Reason,
    }
}

impl ReopenForm {
    #[must_use]
    pub fn new(visit: Id) -> ReopenForm {
        ReopenForm {
            visit,
            reason: TextInput::lines("").required(),
        }
    }
}

impl Form for ReopenForm {
    fn title(&self) -> Msg {
        Msg::ReopenVisit
    }

    fn save(&self, cx: &mut Cx) -> Result<(), Refusal<ReopenFocus>> {
        let reason = clean_multiline(&self.reason.text());
        move_to(cx, self.visit, VisitStatus::InProgress, Some(reason))?;
        Ok(())
    }
}

/// Move visit `id` to `to`, recording why if given.
///
/// # Errors
/// The visit is gone, or the store refused the change.
pub fn move_to(cx: &mut Cx, id: Id, to: VisitStatus, reason: Option<String>) -> anyhow::Result<()> {
    let old = cx
        .store
        .visit(id)?
        .ok_or_else(|| anyhow::anyhow!("{}", Msg::NotFound.tr(cx.lang)))?;
    let new = Visit {
        status: to,
        ..old.clone()
    };
    let what = stage_change(&new, cx.lang);
    cx.commit(Change::update(old, new), reason, what)?;
    Ok(())
}

/// "HK-2026-03 → Đang tiến hành".
#[must_use]
pub fn stage_change(v: &Visit, lang: Lang) -> String {
    format!("{} → {}", v.code, v.status.label(lang.code()))
}
