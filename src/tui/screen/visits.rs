//! Đợt hậu kiểm: the visits, newest first, with their findings by status.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::{Block, Paragraph, Row, TableState};

use super::{Cursor, Effect, Screen, ScreenId};
use crate::domain::text;
use crate::domain::{StatusCounts, Visit, VisitStatus};
use crate::domain::date::format_date;
use crate::domain::label::Labelled;
use crate::tui::action::Action;
use crate::tui::app::Tone;
use crate::tui::form::{CloseForm, Editor, ReopenForm, VisitForm, stage};
use crate::tui::cx::{Cx, DrawCx, Units};
use crate::i18n::Msg;
use crate::tui::keymap::Ctx;
use crate::tui::ui;
use crate::tui::ui::{fit, pick};

#[derive(Debug, Clone, Default)]
pub struct Visits {
    /// Each visit with its findings' counts by status.
    pub visits: Vec<(Visit, StatusCounts)>,
    pub cursor: Cursor,
}

impl Screen for Visits {
    fn context(&self) -> Ctx {
        Ctx::Visits
    }

    fn load(&mut self, cx: &mut Cx) -> anyhow::Result<()> {
        let mut out = Vec::new();
        for v in cx.store.visits()? {
            let counts = cx.store.visit_status_counts(v.id)?;
            out.push((v, counts));
        }
        self.visits = out;
        Ok(())
    }

    fn step(&mut self, delta: isize, cx: &mut Cx) {
        self.cursor.step(delta, self.visits.len(), cx.page);
    }

    /// Enter on a visit: its units; `n` plans one; the rest act on the
    /// selected visit.
    fn on(&mut self, action: Action, cx: &mut Cx) -> anyhow::Result<Effect> {
        let visit = self.visits.get(self.cursor.selected).map(|(v, _)| v.clone());
        match (action, visit) {
            (Action::New, _) => Ok(Effect::Form(Editor::open(VisitForm::new(cx)?))),
            (Action::Open, Some(v)) => Ok(Effect::open(move |s| s.visit.show(v.id))),
            (action, Some(v)) => {
                let effect = act_on(&v, action, cx)?;
                self.load(cx)?;
                Ok(effect)
            }
            _ => Ok(Effect::None),
        }
    }

    /// `visits` shows them; `visit new` (`dot moi`) plans one, as `n` does.
    fn command(&self, cmd: &str, arg: &str, cx: &Cx) -> Option<anyhow::Result<Effect>> {
        let new = matches!(cmd, "visit" | "dot" | "v")
            && matches!(crate::domain::text::fold(arg).as_str(), "new" | "moi");
        if new {
            return Some(VisitForm::new(cx).map(|f| Effect::Form(Editor::open(f))));
        }
        (cmd == "visits").then_some(Ok(Effect::Go(ScreenId::Visits)))
    }

    /// `visit` completes the codes of the visits listed here.
    fn complete(&self, cmd: &str, arg: &str, _units: &Units) -> Option<String> {
        if cmd != "visit" {
            return None;
        }
        self.visits
            .iter()
            .map(|(v, _)| v.code.clone())
            .find(|c| c.to_uppercase().starts_with(arg))
    }

    fn draw(&self, frame: &mut Frame, area: Rect, cx: &DrawCx) {
        let l = cx.lang;
        let block = Block::bordered().title(Msg::TabVisits.tr(l));
        if self.visits.is_empty() {
            frame.render_widget(Paragraph::new(Msg::NoVisits.tr(l)).block(block), area);
            return;
        }
        let (keep, widths) = columns(&self.visits, area.width, cx);
        let heads = [
            Msg::Visit,
            Msg::DocNumber,
            Msg::VisitTitle,
            Msg::Period,
            Msg::Status,
            Msg::Findings,
        ];
        let header = Row::new(pick(heads.map(|m| m.tr(l)), keep));
        let title_w = usize::from(widths[2]);
        let rows = self
            .visits
            .iter()
            .map(|(v, c)| Row::new(pick(visit_cells(v, c, title_w, cx), keep)));
        let widths = pick(widths.map(Constraint::Length), keep);
        let t = ui::list(rows, widths, header, block);
        let mut state = TableState::new()
            .with_offset(self.cursor.offset)
            .with_selected(Some(self.cursor.selected));
        frame.render_stateful_widget(t, area, &mut state);
    }
}

/// What the visits list and one visit's screen do alike to a visit: edit
/// it, move it to its next stage, reopen it. A closed visit is read only.
///
/// # Errors
/// Storage failure, or the store refused the change.
pub(super) fn act_on(v: &Visit, action: Action, cx: &mut Cx) -> anyhow::Result<Effect> {
    let closed = v.status == VisitStatus::Concluded;
    let l = cx.lang;
    Ok(match action {
        Action::Edit | Action::Advance if closed => {
            cx.say(Msg::VisitClosed.fill_in(l, &[&v.code]), Tone::Info);
            Effect::None
        }
        Action::Edit => Effect::Form(Editor::open(VisitForm::edit(v, cx)?)),
        Action::Advance if v.status == VisitStatus::Planned => {
            stage::move_to(cx, v.id, VisitStatus::InProgress, None)?;
            Effect::None
        }
        Action::Advance => Effect::Form(Editor::open(CloseForm::new(v, cx)?)),
        Action::Reopen if closed => Effect::Form(Editor::open(ReopenForm::new(v.id))),
        Action::Reopen => {
            cx.say(Msg::NotClosed.fill_in(l, &[&v.code]), Tone::Info);
            Effect::None
        }
        _ => Effect::None,
    })
}

/// The columns kept at `width` and each one's width: every column as wide
/// as its header and its longest value, the title the rest, cut in its
/// middle so that what tells two visits apart ("(đợt 2)") stays. Narrow
/// terminals drop the document number, then the period (both in the
/// visit's own screen), never the code, the status or the count.
fn columns(visits: &[(Visit, StatusCounts)], width: u16, cx: &DrawCx) -> ([bool; 6], [u16; 6]) {
    let l = cx.lang;
    let widest = |head: Msg, values: &mut dyn Iterator<Item = usize>| {
        values.fold(text::width(head.tr(l)), usize::max)
    };
    let code = widest(Msg::Visit, &mut visits.iter().map(|(v, _)| text::width(&v.code)));
    let doc = widest(
        Msg::DocNumber,
        &mut visits.iter().map(|(v, _)| text::width(&v.plan_no)),
    );
    let period = widest(Msg::Period, &mut std::iter::once(21));
    let status = widest(
        Msg::Status,
        &mut VisitStatus::ALL.iter().map(|s| text::width(s.label(l.code()))),
    );
    let count = widest(
        Msg::Findings,
        &mut visits.iter().map(|(_, c)| c.total().to_string().len()),
    );
    // Borders and the selection mark.
    let inner = usize::from(width).saturating_sub(4);
    let mut keep = [true; 6];
    let title = |keep: &[bool; 6]| {
        let others: usize = [code, doc, 0, period, status, count]
            .iter()
            .zip(keep)
            .filter(|(_, k)| **k)
            .map(|(w, _)| w + 1)
            .sum();
        inner.saturating_sub(others)
    };
    if title(&keep) < 30 {
        keep[1] = false;
    }
    if title(&keep) < 20 {
        keep[3] = false;
    }
    let w = |n: usize| u16::try_from(n).unwrap_or(u16::MAX);
    let widths = [code, doc, title(&keep), period, status, count].map(w);
    (keep, widths)
}

fn visit_cells(v: &Visit, counts: &StatusCounts, title_w: usize, cx: &DrawCx) -> [String; 6] {
    [
        v.code.clone(),
        v.plan_no.clone(),
        fit::middle(&v.title, title_w),
        format!("{}–{}", format_date(v.start), format_date(v.end)),
        v.status.label(cx.lang.code()).to_string(),
        counts.total().to_string(),
    ]
}
