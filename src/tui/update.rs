//! `App::update`: carry out an action. One match per mode; each arm is one
//! call. Failures go to the status line, never a panic.

use crossterm::event::KeyEvent;

use super::action::Action;
use super::app::{App, Mode, Pane, Screen, Sort, Tone};
use super::field::Field;
use super::form::Form;
use super::i18n::{Lang, Msg};
use super::keymap::{Ctx, lookup};
use crate::domain::FindingStatus;
use crate::domain::label::Labelled;

impl App {
    /// The keymap contexts in force, most specific first.
    #[must_use]
    pub fn contexts(&self) -> Vec<Ctx> {
        match &self.mode {
            Mode::Form(_) => vec![Ctx::Form],
            Mode::Search(_) => vec![Ctx::Search],
            Mode::Palette(_) => vec![Ctx::Palette],
            Mode::Help => vec![Ctx::Help],
            Mode::Browse => vec![match self.screen {
                Screen::Welcome => Ctx::Welcome,
                Screen::Dashboard => Ctx::Dashboard,
                Screen::Visits => Ctx::Visits,
                Screen::Visit => Ctx::Visit,
                Screen::Checklist if self.checklist.pane == Pane::Recheck => Ctx::Recheck,
                Screen::Checklist => Ctx::Checklist,
                Screen::Findings => Ctx::Findings,
                Screen::Detail => Ctx::Detail,
            }],
        }
    }

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

    /// Bracketed paste goes whole into the focused field.
    pub fn handle_paste(&mut self, text: &str) {
        match &mut self.mode {
            Mode::Form(form) => form.paste(text),
            Mode::Search(f) => {
                f.paste(text);
                self.findings.search = f.text();
                self.refilter();
            }
            Mode::Palette(f) => f.paste(text),
            Mode::Browse | Mode::Help => {}
        }
    }

    fn type_key(&mut self, key: KeyEvent) {
        match &mut self.mode {
            Mode::Form(form) => form.input(key),
            Mode::Search(f) => {
                if f.input(key) {
                    self.findings.search = f.text();
                    self.findings.cursor = super::app::Cursor::default();
                    self.refilter();
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
                self.mode = Mode::Browse;
                Ok(())
            }
        };
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
        match action {
            Action::Quit => self.quit = true,
            Action::Help => self.mode = Mode::Help,
            Action::Palette => self.mode = Mode::Palette(Field::new("", false)),
            Action::Undo => self.undo_last()?,
            Action::Back => self.go_back()?,
            Action::GoDashboard => self.go(Screen::Dashboard)?,
            Action::GoVisits => self.go(Screen::Visits)?,
            Action::GoFindings => self.go(Screen::Findings)?,
            Action::Up => self.move_by(-1),
            Action::Down => self.move_by(1),
            Action::Top => self.move_by(isize::MIN / 2),
            Action::Bottom => self.move_by(isize::MAX / 2),
            Action::PageUp => self.move_by(-(self.page as isize)),
            Action::PageDown => self.move_by(self.page as isize),
            Action::Open => self.open()?,
            Action::NextPane => self.next_pane(),
            Action::SetVerdict(v) => self.set_verdict(v)?,
            Action::EditAnswer => self.edit_answer(),
            Action::NewFinding => self.new_finding(),
            Action::Recheck(r) => self.recheck(r)?,
            Action::Search => self.mode = Mode::Search(Field::new(&self.findings.search, false)),
            Action::CycleStatus
            | Action::ToggleOverdue
            | Action::CycleWindow
            | Action::CycleSort
            | Action::ClearFilters => self.filter(action)?,
            Action::ChangeStatus => self.open_status_form(None),
            Action::Verify => self.open_status_form(Some(FindingStatus::Verified)),
            Action::Extend => self.open_extend_form(),
            Action::AddNote => self.open_finding_form(Form::note),
            Action::EditFinding => self.edit_finding(),
            Action::SetLang(lang) => self.lang = lang,
            Action::NextField | Action::PrevField | Action::Submit | Action::Cancel => {}
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
            Action::Cancel => self.mode = Mode::Browse,
            Action::Submit => self.save_form()?,
            _ => {}
        }
        Ok(())
    }

    fn search_action(&mut self, action: Action) {
        match action {
            Action::Cancel => {
                self.findings.search.clear();
                self.refilter();
                self.mode = Mode::Browse;
            }
            Action::Submit => self.mode = Mode::Browse,
            _ => {}
        }
    }

    /// Switch to a top-level screen, remembering where we were.
    pub(crate) fn go(&mut self, screen: Screen) -> anyhow::Result<()> {
        if self.screen == Screen::Welcome && self.store.is_empty()? {
            return Ok(());
        }
        if self.screen != screen {
            self.back.push(self.screen);
        }
        self.screen = screen;
        self.refresh()
    }

    fn go_back(&mut self) -> anyhow::Result<()> {
        if self.screen == Screen::Checklist && self.checklist.pane == Pane::Recheck {
            self.checklist.pane = Pane::Items;
            return Ok(());
        }
        if let Some(prev) = self.back.pop() {
            self.screen = prev;
            self.refresh()?;
        }
        Ok(())
    }

    /// Reload what the current screen shows.
    pub(crate) fn refresh(&mut self) -> anyhow::Result<()> {
        match self.screen {
            Screen::Welcome => {}
            Screen::Dashboard => self.load_dashboard()?,
            Screen::Visits => self.load_visits()?,
            Screen::Visit => {
                if let Some(id) = self.visit.visit.as_ref().map(|v| v.id) {
                    self.load_visit(id)?;
                }
            }
            Screen::Checklist => {
                if let (Some(v), Some(u)) = (
                    self.checklist.visit.as_ref().map(|v| v.id),
                    self.checklist.unit,
                ) {
                    self.load_checklist(v, u)?;
                }
            }
            Screen::Findings => self.load_findings()?,
            Screen::Detail => {
                if let Some(id) = self.detail.finding.as_ref().map(|f| f.id) {
                    self.load_detail(id)?;
                }
            }
        }
        Ok(())
    }

    fn move_by(&mut self, delta: isize) {
        let page = self.page;
        match self.screen {
            Screen::Welcome => {}
            Screen::Dashboard => {
                self.dash.cursor.step(delta, self.dash.rows.len(), page);
                if let Err(e) = self.fill_overdue() {
                    self.say(crate::error::describe(e.as_ref()), super::app::Tone::Error);
                }
            }
            Screen::Visits => self
                .visits
                .cursor
                .step(delta, self.visits.visits.len(), page),
            Screen::Visit => self.visit.cursor.step(delta, self.visit.rows.len(), page),
            Screen::Checklist => {
                let c = &mut self.checklist;
                match c.pane {
                    Pane::Items => c.cursor.step(delta, c.items.len(), page),
                    Pane::Recheck => c.earlier_cursor.step(delta, c.earlier.len(), page),
                }
            }
            Screen::Findings => self
                .findings
                .cursor
                .step(delta, self.findings.shown.len(), page),
            Screen::Detail => {
                let s = i64::from(self.detail.scroll) + delta.clamp(-1000, 1000) as i64;
                self.detail.scroll = u16::try_from(s.max(0)).unwrap_or(0);
            }
        }
    }

    fn open(&mut self) -> anyhow::Result<()> {
        match self.screen {
            Screen::Welcome | Screen::Detail => {}
            Screen::Dashboard => {
                if let Some(row) = self.dash.rows.get(self.dash.cursor.selected) {
                    self.findings = super::app::FindingsView {
                        unit: Some(row.id),
                        ..Default::default()
                    };
                    self.go(Screen::Findings)?;
                }
            }
            Screen::Visits => {
                if let Some((v, _)) = self.visits.visits.get(self.visits.cursor.selected) {
                    let id = v.id;
                    self.visit.cursor = super::app::Cursor::default();
                    self.load_visit(id)?;
                    self.go(Screen::Visit)?;
                }
            }
            Screen::Visit => {
                let target = self.visit.visit.as_ref().map(|v| v.id).zip(
                    self.visit
                        .rows
                        .get(self.visit.cursor.selected)
                        .map(|r| r.unit),
                );
                if let Some((v, u)) = target {
                    self.load_checklist(v, u)?;
                    self.go(Screen::Checklist)?;
                }
            }
            Screen::Checklist => {
                if self.checklist.pane == Pane::Recheck {
                    if let Some(id) = self
                        .checklist
                        .earlier
                        .get(self.checklist.earlier_cursor.selected)
                        .map(|f| f.id)
                    {
                        self.load_detail(id)?;
                        self.detail.scroll = 0;
                        self.go(Screen::Detail)?;
                    }
                } else {
                    self.edit_answer();
                }
            }
            Screen::Findings => {
                if let Some(id) = self.selected_row().map(|r| r.id) {
                    self.load_detail(id)?;
                    self.detail.scroll = 0;
                    self.go(Screen::Detail)?;
                }
            }
        }
        Ok(())
    }

    fn next_pane(&mut self) {
        if self.screen == Screen::Checklist {
            self.checklist.pane = match self.checklist.pane {
                Pane::Items if !self.checklist.earlier.is_empty() => Pane::Recheck,
                _ => Pane::Items,
            };
        }
    }

    fn filter(&mut self, action: Action) -> anyhow::Result<()> {
        if self.screen != Screen::Findings {
            return Ok(());
        }
        let v = &mut self.findings;
        match action {
            Action::CycleStatus => {
                let all = FindingStatus::ALL;
                v.status = match v.status {
                    None => all.first().copied(),
                    Some(s) => all
                        .iter()
                        .position(|x| *x == s)
                        .and_then(|i| all.get(i + 1))
                        .copied(),
                };
            }
            Action::ToggleOverdue => v.overdue = !v.overdue,
            Action::CycleWindow => {
                v.window = match v.window {
                    None => Some(7),
                    Some(7) => Some(30),
                    Some(_) => None,
                };
            }
            Action::CycleSort => {
                v.sort = match v.sort {
                    Sort::Urgency => Sort::Due,
                    Sort::Due => Sort::Unit,
                    Sort::Unit => Sort::Urgency,
                };
                return self.load_findings();
            }
            _ => {
                *v = super::app::FindingsView {
                    sort: v.sort,
                    ..Default::default()
                }
            }
        }
        self.findings.cursor = super::app::Cursor::default();
        self.load_findings()
    }

    fn palette_action(&mut self, action: Action) -> anyhow::Result<()> {
        let Mode::Palette(field) = &self.mode else {
            return Ok(());
        };
        match action {
            Action::Cancel => self.mode = Mode::Browse,
            Action::Submit => {
                let line = field.text();
                self.mode = Mode::Browse;
                self.run_command(&line)?;
            }
            Action::NextField => {
                if let Some(done) = self.complete(&field.text()) {
                    self.mode = Mode::Palette(Field::new(&done, false));
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Change language (also a palette command).
    pub fn set_lang(&mut self, lang: Lang) {
        self.update(Action::SetLang(lang));
    }
}
