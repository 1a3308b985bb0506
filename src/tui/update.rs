//! `App::update`: route an action. One match per mode; each arm is one
//! call. What a screen does with its own actions is its business
//! ([`Screen::on`]); what it asks for in return ([`Effect`]) is carried out
//! here. Failures go to the status line, never a panic.

use crossterm::event::KeyEvent;

use super::action::Action;
use super::app::{App, Mode, Tone};
use super::field::Field;
use super::keymap::lookup;
use super::screen::{Effect, ScreenId};
use crate::i18n::{Lang, Msg};

impl App {
    /// A key press: through the keymap to an action, or into the focused text field.
    pub fn handle_key(&mut self, key: KeyEvent) {
        if key.kind == crossterm::event::KeyEventKind::Release {
            return;
        }
        match lookup(&self.contexts(), key) {
            Some(action) => self.update(action),
            None => self.type_key(key),
        }
    }

    /// Bracketed paste goes whole into the focused field; text with a
    /// control character is refused whole, and the status line says why.
    pub fn handle_paste(&mut self, text: &str) {
        if let Some(problem) = super::field::paste_problem(text) {
            let why = Msg::PasteRefused.fill_in(self.lang, &[&problem]);
            self.say(why, Tone::Error);
            return;
        }
        match &mut self.mode {
            Mode::Form(form) => form.paste(text),
            Mode::Search(f) => {
                f.paste(text);
                let text = f.text();
                self.searched(&text);
            }
            Mode::Palette(f) => {
                f.paste(text);
            }
            Mode::Browse | Mode::Help => {}
        }
    }

    fn type_key(&mut self, key: KeyEvent) {
        match &mut self.mode {
            Mode::Form(form) => form.key(key),
            Mode::Search(f) => {
                if f.input(key) {
                    let text = f.text();
                    self.searched(&text);
                }
            }
            Mode::Palette(f) => {
                f.input(key);
            }
            Mode::Browse | Mode::Help => {}
        }
    }

    /// Carry out an action.
    pub fn update(&mut self, action: Action) {
        let result = match self.mode {
            Mode::Browse => self.browse(action),
            Mode::Form(_) => self.form_action(action),
            Mode::Search(_) => {
                self.search_action(action);
                Ok(())
            }
            Mode::Palette(_) => self.palette_action(action),
            Mode::Help => {
                self.help_action(action);
                Ok(())
            }
        };
        // A change made to be synced off this thread: start its sync now.
        self.request_save();
        if let Err(e) = result {
            self.say(
                format!(
                    "{}: {}",
                    Msg::Error.tr(self.lang),
                    crate::error::describe(e.as_ref())
                ),
                Tone::Error,
            );
        }
    }

    fn browse(&mut self, action: Action) -> anyhow::Result<()> {
        let page = self.page as isize;
        match action {
            Action::Quit => self.quit = true,
            Action::Help => {
                self.help_scroll = 0;
                self.mode = Mode::Help;
            }
            Action::Palette => self.mode = Mode::Palette(Field::new("", false)),
            Action::Undo => self.undo_last()?,
            Action::Back => self.go_back()?,
            Action::GoDashboard => self.go(ScreenId::Dashboard)?,
            Action::GoVisits => self.go(ScreenId::Visits)?,
            Action::GoFindings => self.go(ScreenId::Findings)?,
            Action::GoUnits => self.go(ScreenId::Units)?,
            Action::GoConflicts => self.go(ScreenId::Conflicts)?,
            Action::Up => self.step(-1),
            Action::Down => self.step(1),
            Action::Top => self.step(isize::MIN / 2),
            Action::Bottom => self.step(isize::MAX / 2),
            Action::PageUp => self.step(-page),
            Action::PageDown => self.step(page),
            Action::SetLang(lang) => {
                self.lang = lang;
                crate::i18n::set(lang);
            }
            Action::Open
            | Action::NextPane
            | Action::SetVerdict(_)
            | Action::EditAnswer
            | Action::NewFinding
            | Action::NewBaseline
            | Action::Recheck(_)
            | Action::Search
            | Action::CycleStatus
            | Action::ToggleOverdue
            | Action::CycleWindow
            | Action::CycleSort
            | Action::ClearFilters
            | Action::ChangeStatus
            | Action::Extend
            | Action::AddNote
            | Action::Verify
            | Action::EditFinding
            | Action::New
            | Action::Edit
            | Action::Advance
            | Action::Reopen
            | Action::OpenReport
            | Action::Expand
            | Action::KeepMine
            | Action::TakeTheirs
            | Action::KeepSide(_)
            | Action::KeepBoth
            | Action::Merge => self.act(action)?,
            Action::NextField
            | Action::PrevField
            | Action::Submit
            | Action::Cancel
            | Action::InsertDraft
            | Action::Pick
            | Action::PickAll
            | Action::Assign
            | Action::AddRow
            | Action::RemoveRow
            | Action::CycleRole => {}
        }
        Ok(())
    }

    fn form_action(&mut self, action: Action) -> anyhow::Result<()> {
        let Mode::Form(form) = &mut self.mode else {
            return Ok(());
        };
        match action {
            Action::NextField => form.step(1),
            Action::PrevField => form.step(-1),
            Action::Cancel if !form.cancel() => {}
            Action::Cancel if form.cancel_quits() => self.quit = true,
            Action::Cancel => self.mode = Mode::Browse,
            Action::Submit => self.save_form()?,
            other => form.act(other),
        }
        Ok(())
    }

    /// In help, the moves scroll it (when it is taller than the screen);
    /// every other key closes it.
    fn help_action(&mut self, action: Action) {
        let page = self.page as isize;
        let delta = match action {
            Action::Down => 1,
            Action::Up => -1,
            Action::PageDown => page,
            Action::PageUp => -page,
            Action::Top => isize::MIN / 2,
            Action::Bottom => isize::MAX / 2,
            _ => {
                self.mode = Mode::Browse;
                return;
            }
        };
        let max = super::ui::help_max_scroll(self);
        self.help_scroll = super::ui::scrolled(self.help_scroll, delta, max);
    }

    fn search_action(&mut self, action: Action) {
        match action {
            Action::Cancel => {
                self.searched("");
                self.mode = Mode::Browse;
            }
            Action::Submit => self.mode = Mode::Browse,
            _ => {}
        }
    }

    /// The shown screen's own action, and what it asks for.
    fn act(&mut self, action: Action) -> anyhow::Result<()> {
        let effect = self.with_screen(self.screen, |s, cx| s.on(action, cx))?;
        self.apply(effect)
    }

    /// Carry out what a screen asked for.
    pub(crate) fn apply(&mut self, effect: Effect) -> anyhow::Result<()> {
        match effect {
            Effect::None => Ok(()),
            Effect::Go(id) => self.go(id),
            Effect::Open(prepare) => {
                let id = prepare(&mut self.screens);
                self.go(id)
            }
            Effect::Form(form) => {
                self.mode = Mode::Form(form);
                Ok(())
            }
            Effect::Search(text) => {
                self.mode = Mode::Search(Field::new(&text, false));
                Ok(())
            }
        }
    }

    /// Show a screen, remembering where we were.
    pub(crate) fn go(&mut self, to: ScreenId) -> anyhow::Result<()> {
        if !self.with_screen(self.screen, |s, cx| s.may_leave(cx))? {
            return Ok(());
        }
        if self.screen != to {
            self.back.push(self.screen);
        }
        self.screen = to;
        self.arrived()
    }

    /// Esc: the screen's own (leaving a pane), else the previous screen.
    fn go_back(&mut self) -> anyhow::Result<()> {
        if self.screens.get_mut(self.screen).back() {
            return Ok(());
        }
        if let Some(prev) = self.back.pop() {
            self.screen = prev;
            self.arrived()?;
        }
        Ok(())
    }

    /// On another screen: what the status line said belonged to the one
    /// left; read what this one shows.
    fn arrived(&mut self) -> anyhow::Result<()> {
        self.status = None;
        self.reload()
    }

    /// Read again what the shown screen shows.
    pub(crate) fn reload(&mut self) -> anyhow::Result<()> {
        self.with_screen(self.screen, |s, cx| s.load(cx))
    }

    fn step(&mut self, delta: isize) {
        self.with_screen(self.screen, |s, cx| s.step(delta, cx));
    }

    /// The search bar's text changed.
    fn searched(&mut self, text: &str) {
        self.with_screen(self.screen, |s, cx| s.search(text, cx));
    }

    /// Save the open form; if it is refused it stays open and says why.
    fn save_form(&mut self) -> anyhow::Result<()> {
        let (mut cx, _, mode) = self.parts();
        let Mode::Form(form) = mode else {
            return Ok(());
        };
        if form.submit(&mut cx) {
            self.mode = Mode::Browse;
            self.who = self.store.actor().unwrap_or_default();
            self.reload()?;
        }
        Ok(())
    }

    /// Undo the newest change of this session with a compensating op.
    fn undo_last(&mut self) -> anyhow::Result<()> {
        let (mut cx, _, _) = self.parts();
        if cx.undo_last()? {
            self.reload()?;
        }
        Ok(())
    }

    /// Change language (also a palette command).
    pub fn set_lang(&mut self, lang: Lang) {
        self.update(Action::SetLang(lang));
    }
}
