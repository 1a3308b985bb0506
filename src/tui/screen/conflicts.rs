//! Xung đột (F6): the conflicts exchange could not settle by itself — the
//! same field of a finding or an answer changed two ways on two laptops.
//! Each shows the value before, both sides with who gave each and when, and
//! the value every laptop holds meanwhile (◀). `m` keeps mine, `t` takes
//! theirs, `1`/`2` a side by its place, `b` keeps both texts; Enter opens
//! the finding to edit it. A settlement is an op: once exchanged, the
//! conflict closes on every laptop.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Row, TableState, Wrap};

use super::{Cursor, Effect, Screen, ScreenId};
use crate::domain::conflict::{Choice, Conflict};
use crate::domain::date::format_moment;
use crate::domain::{Id, Target};
use crate::i18n::Msg;
use crate::io::listing::{field_label, field_value};
use crate::tui::action::Action;
use crate::tui::app::Tone;
use crate::tui::cx::{Cx, DrawCx};
use crate::tui::keymap::Ctx;
use crate::tui::ui;
use crate::tui::ui::fit;

#[derive(Debug, Clone, Default)]
pub struct Conflicts {
    /// The open conflicts, oldest first, each with its visit's code.
    pub open: Vec<(Conflict, String)>,
    pub cursor: Cursor,
    /// This laptop (which side is "mine").
    pub device: Id,
}

impl Screen for Conflicts {
    fn context(&self) -> Ctx {
        Ctx::Conflicts
    }

    fn help_notes(&self, _section: Ctx) -> Vec<Msg> {
        vec![Msg::HelpConflicts]
    }

    fn load(&mut self, cx: &mut Cx) -> anyhow::Result<()> {
        self.device = cx.store.device();
        let mut out = Vec::new();
        for c in cx.store.open_conflicts()? {
            let visit = cx.store.visit(c.visit)?.map_or_else(String::new, |v| v.code);
            out.push((c, visit));
        }
        self.open = out;
        let len = self.open.len();
        self.cursor.step(0, len, cx.page);
        Ok(())
    }

    fn step(&mut self, delta: isize, cx: &mut Cx) {
        self.cursor.step(delta, self.open.len(), cx.page);
    }

    fn on(&mut self, action: Action, cx: &mut Cx) -> anyhow::Result<Effect> {
        let Some((c, _)) = self.open.get(self.cursor.selected).cloned() else {
            return Ok(Effect::None);
        };
        let here = c.side_of(self.device);
        let choice = match action {
            Action::Open | Action::Edit => {
                return Ok(match c.target {
                    Target::Finding(id) => Effect::open(move |s| s.detail.show(id)),
                    _ => Effect::None,
                });
            }
            Action::KeepSide(i) if i < 2 => Choice::Take(usize::from(i)),
            Action::KeepMine | Action::TakeTheirs => {
                let Some(mine) = here else {
                    cx.say(Msg::ConflictNoSideHere.tr(cx.lang), Tone::Info);
                    return Ok(Effect::None);
                };
                Choice::Take(if action == Action::KeepMine { mine } else { 1 - mine })
            }
            Action::KeepBoth => Choice::Both,
            _ => return Ok(Effect::None),
        };
        let current = crate::io::listing::current_value(cx.store, &c.target)?;
        let changes = c.settlement(current, choice)?;
        let what = Msg::ConflictSettledTold.fill_in(cx.lang, &[&c.subject]);
        cx.commit_all(changes, what)?;
        self.load(cx)?;
        Ok(Effect::None)
    }

    fn command(&self, cmd: &str, _arg: &str, _cx: &Cx) -> Option<anyhow::Result<Effect>> {
        matches!(cmd, "conflicts" | "xung dot").then_some(Ok(Effect::Go(ScreenId::Conflicts)))
    }

    fn draw(&self, frame: &mut Frame, area: Rect, cx: &DrawCx) {
        let l = cx.lang;
        let block = Block::bordered().title(Msg::TabConflicts.tr(l));
        if self.open.is_empty() {
            frame.render_widget(Paragraph::new(Msg::ConflictNone.tr(l)).block(block), area);
            return;
        }
        let [list, detail] =
            Layout::vertical([Constraint::Percentage(40), Constraint::Min(8)]).areas(area);
        let header = Row::new(
            [Msg::ConflictId, Msg::ConflictSubject, Msg::ConflictField, Msg::ConflictWho]
                .map(|m| m.tr(l).to_string()),
        );
        let rows = self.open.iter().map(|(c, visit)| {
            let fields: Vec<String> = c.fields.iter().filter(|f| *f != "history").map(|f| field_label(f, l)).collect();
            let who = format!(
                "{} / {}",
                c.sides[0].actor, c.sides[1].actor
            );
            let safe = |s: String| crate::domain::text::terminal_safe_line(&s).into_owned();
            Row::new([
                format!("⚠ {}", c.short()),
                safe(fit::middle(&format!("{} ({visit})", c.subject), 40)),
                fields.join(", "),
                safe(who),
            ])
        });
        let widths = [
            Constraint::Length(11),
            Constraint::Length(40),
            Constraint::Length(24),
            Constraint::Fill(1),
        ];
        let t = ui::list(rows, widths.to_vec(), header, block);
        let mut state = TableState::new()
            .with_offset(self.cursor.offset)
            .with_selected(Some(self.cursor.selected));
        frame.render_stateful_widget(t, list, &mut state);
        if let Some((c, _)) = self.open.get(self.cursor.selected) {
            frame.render_widget(self.detail(c, cx), detail);
        }
    }
}

impl Conflicts {
    /// The selected conflict: each field before and on both sides, who
    /// gave each side and when, which value holds meanwhile, and the keys.
    fn detail<'a>(&self, c: &Conflict, cx: &DrawCx) -> Paragraph<'a> {
        let l = cx.lang;
        let mut lines: Vec<Line> = Vec::new();
        let side_name = |i: usize| {
            let s = &c.sides[i];
            let me = if s.device == self.device {
                format!(" {}", Msg::ConflictThisLaptop.tr(l))
            } else {
                String::new()
            };
            format!(
                "{} {}: {}{me}, {}",
                Msg::ConflictSideN.tr(l),
                i + 1,
                s.actor,
                format_moment(s.at)
            )
        };
        for f in c.fields.iter().filter(|f| *f != "history") {
            lines.push(Line::from(format!("{}:", field_label(f, l))).style(crate::tui::theme::TITLE));
            lines.push(Line::from(format!(
                "  {}: {}",
                Msg::ConflictBase.tr(l),
                crate::domain::text::terminal_safe_line(&field_value(c.base.as_ref(), f, l))
            )));
            for i in 0..2 {
                let mark = if i == 1 { "  ◀" } else { "" };
                lines.push(Line::from(format!(
                    "  {}: {}{mark}",
                    side_name(i),
                    crate::domain::text::terminal_safe_line(&field_value(
                        c.sides[i].value.as_ref(),
                        f,
                        l
                    ))
                )));
            }
        }
        lines.push(Line::from(""));
        lines.push(Line::from(Msg::ConflictKeys.tr(l).to_string()).style(crate::tui::theme::DIM));
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::bordered().title(Msg::ConflictDetail.tr(l)))
    }
}
