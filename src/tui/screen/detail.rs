//! One finding: what it is, who answers for it, its deadline, and its
//! follow-up history; from here it is followed up (status, extension, note,
//! verification) or edited, each through a form.

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::{Effect, Screen, ScreenId};
use crate::domain::date::format_date;
use crate::domain::label::Labelled;
use crate::domain::{Event, Finding, FindingStatus, FollowUp, Id};
use crate::store::Store;
use crate::tui::action::Action;
use crate::tui::app::Tone;
use crate::tui::cx::{Cx, DrawCx};
use crate::tui::form::{Editor, ExtendForm, FindingForm, NoteForm, StatusForm};
use crate::i18n::{Lang, Msg};
use crate::tui::keymap::Ctx;
use crate::tui::{theme, ui};

#[derive(Debug, Clone, Default)]
pub struct Detail {
    /// The finding to show.
    pub id: Option<Id>,
    pub finding: Option<Finding>,
    pub unit_name: String,
    pub visit_code: String,
    pub scroll: u16,
}

impl Detail {
    /// Show finding `id` from its top.
    pub fn show(&mut self, id: Id) -> ScreenId {
        self.id = Some(id);
        self.scroll = 0;
        ScreenId::Detail
    }

    /// The status form, with the moves the finding allows (only `only` if
    /// given); none left says why.
    fn status_form(&self, only: Option<FindingStatus>, cx: &mut Cx) -> Effect {
        let Some(f) = &self.finding else {
            return Effect::None;
        };
        let mut options: Vec<FindingStatus> = f.status.next().to_vec();
        if let Some(s) = only {
            options.retain(|x| *x == s);
        }
        if options.is_empty() {
            let msg = if f.status.is_final() {
                Msg::Final
            } else {
                Msg::NotAwaiting
            };
            cx.say(msg.tr(cx.lang), Tone::Info);
            return Effect::None;
        }
        Effect::Form(Editor::open(StatusForm::new(f.id, options, cx.lang)))
    }

    /// The deadline form, only while the deadline runs (mở, đang khắc phục).
    fn extend_form(&self, cx: &mut Cx) -> Effect {
        let Some(f) = &self.finding else {
            return Effect::None;
        };
        if f.status.is_active() {
            return Effect::Form(Editor::open(ExtendForm::new(f.id, f.due)));
        }
        let msg = if f.status.is_final() {
            Msg::Final
        } else {
            Msg::NotActive
        };
        cx.say(msg.tr(cx.lang), Tone::Info);
        Effect::None
    }
}

impl Screen for Detail {
    fn context(&self) -> Ctx {
        Ctx::Detail
    }

    fn load(&mut self, cx: &mut Cx) -> anyhow::Result<()> {
        let Some(id) = self.id else {
            return Ok(());
        };
        let f = cx.store.finding(id)?;
        self.unit_name = f
            .as_ref()
            .map(|f| cx.units.listed_name(f.unit))
            .unwrap_or_default();
        self.visit_code = match &f {
            Some(f) => cx.store.visit(f.visit)?.map(|v| v.code).unwrap_or_default(),
            None => String::new(),
        };
        self.finding = f;
        Ok(())
    }

    /// Scroll within the content: its last line at the bottom at most.
    fn step(&mut self, delta: isize, cx: &mut Cx) {
        let Some(f) = &self.finding else { return };
        let area = Block::bordered().inner(Rect::from((Position::ORIGIN, cx.view)));
        let max = ui::max_scroll(&self.lines(f, &cx.draw_cx()), area.as_size());
        self.scroll = ui::scrolled(self.scroll, delta, max);
    }

    fn on(&mut self, action: Action, cx: &mut Cx) -> anyhow::Result<Effect> {
        let f = self.finding.as_ref();
        Ok(match (action, f) {
            (Action::ChangeStatus, _) => self.status_form(None, cx),
            (Action::Verify, _) => self.status_form(Some(FindingStatus::Verified), cx),
            (Action::Extend, _) => self.extend_form(cx),
            (Action::AddNote, Some(f)) => Effect::Form(Editor::open(NoteForm::new(f.id))),
            (Action::EditFinding, Some(f)) => {
                Effect::Form(Editor::open(FindingForm::edit(f, cx.lang)))
            }
            _ => Effect::None,
        })
    }

    fn command(&self, cmd: &str, arg: &str, cx: &Cx) -> Option<anyhow::Result<Effect>> {
        let names = ["finding", "f", "ref"];
        super::by_code(cmd, &names, arg, cx, Store::finding_by_ref, |f| {
            Effect::open(move |s| s.detail.show(f.id))
        })
    }

    fn draw(&self, frame: &mut Frame, area: Rect, cx: &DrawCx) {
        let Some(f) = &self.finding else {
            frame.render_widget(Block::bordered(), area);
            return;
        };
        let block = Block::bordered().title(f.reference.clone());
        let inner = block.inner(area);
        let lines = self.lines(f, cx);
        // The size may have changed since the last key: never past the end.
        let scroll = self.scroll.min(ui::max_scroll(&lines, inner.as_size()));
        let p = Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0))
            .block(block);
        frame.render_widget(p, area);
    }
}

impl Detail {
    /// Everything shown, top to bottom, before wrapping.
    fn lines(&self, f: &Finding, cx: &DrawCx) -> Vec<Line<'static>> {
        let mut lines = self.head(f, cx);
        for (label, text) in [
            (Msg::Detail, &f.detail),
            (Msg::Cause, &f.cause),
            (Msg::Remedy, &f.remedy),
        ] {
            if !text.is_empty() {
                lines.push(Line::styled(label.tr(cx.lang), theme::HEADER));
                lines.extend(text.lines().map(|t| Line::raw(t.to_string())));
            }
        }
        lines.push(Line::raw(""));
        lines.push(Line::styled(Msg::History.tr(cx.lang), theme::HEADER));
        lines.extend(f.history.iter().map(|h| history_line(h, cx.lang)));
        lines
    }

    /// Title, unit, visit and item, status and deadline, severity, who answers.
    fn head(&self, f: &Finding, cx: &DrawCx) -> Vec<Line<'static>> {
        let l = cx.lang;
        let style = theme::finding(f.status, f.due, cx.today);
        let field = |label: Msg, value: String| {
            Line::from(vec![
                Span::styled(format!("{}: ", label.tr(l)), theme::DIM),
                Span::raw(value),
            ])
        };
        let item = f
            .item
            .as_ref()
            .map(|i| format!(" · {} {i}", Msg::Item.tr(l)))
            .unwrap_or_default();
        let late = f
            .days_overdue(cx.today)
            .map(|n| format!(" ({n} {})", Msg::DaysOverdue.tr(l)))
            .unwrap_or_default();
        let responsible = format!(
            "{} — {}",
            f.responsibility.kind.label(l.code()),
            f.responsibility.name
        );
        vec![
            Line::styled(f.title.clone(), theme::TITLE),
            field(Msg::Unit, self.unit_name.clone()),
            field(Msg::Visit, format!("{}{item}", self.visit_code)),
            Line::from(vec![
                Span::styled(format!("{}: ", Msg::Status.tr(l)), theme::DIM),
                Span::styled(f.status.label(l.code()).to_string(), style),
                Span::raw(format!(" · {}: ", Msg::DueDate.tr(l))),
                Span::styled(format_date(f.due), style),
                Span::styled(late, theme::OVERDUE),
            ]),
            field(Msg::Severity, f.severity.label(l.code()).to_string()),
            field(Msg::Responsibility, responsible),
            field(Msg::Origin, crate::i18n::origin(&f.origin, l)),
            Line::raw(""),
        ]
    }
}

fn history_line(h: &FollowUp, l: Lang) -> Line<'static> {
    let what = match &h.event {
        Event::Created => Msg::Created.tr(l).to_string(),
        Event::Note => Msg::Note.tr(l).to_string(),
        Event::Status { from, to } => {
            format!("{} → {}", from.label(l.code()), to.label(l.code()))
        }
        Event::Recheck { outcome, .. } => {
            format!("{}: {}", Msg::Rechecked.tr(l), outcome.label(l.code()))
        }
        Event::Extended { from, to } => format!(
            "{} {} → {}",
            Msg::Extended.tr(l),
            format_date(*from),
            format_date(*to)
        ),
    };
    let note = if h.note.is_empty() {
        String::new()
    } else {
        format!(" — {}", h.note)
    };
    Line::from(vec![
        Span::styled(format!("{}  ", format_date(h.date)), theme::DIM),
        Span::styled(what, theme::KEY),
        Span::raw(format!(" · {}{note}", h.by)),
    ])
}
