//! The app: which screen is shown and the way back to the previous ones,
//! the mode (browsing, a form, the search bar, the palette, help), the
//! status line, and what every screen shares (the database, unit
//! names, the findings table). Each screen owns its own state (`screen`);
//! `update` routes actions to the one shown. Nothing here draws, and
//! drawing never reads the store.

use std::sync::Arc;

use chrono::NaiveDate;
use ratatui::layout::Size;

use super::cx::{Cx, DrawCx, Units};
use super::field::Field;
use super::form::{Editing, Editor, IdentityForm};
use super::keymap::Ctx;
use super::saver::Saver;
use super::screen::{Screen, ScreenId, Screens};
use super::table::TableCache;
use crate::i18n::{Lang, Msg};

use crate::domain::{Finding, Id};
use crate::store::Store;

/// What the keyboard is doing.
#[derive(Debug)]
pub enum Mode {
    Browse,
    Form(Box<dyn Editing>),
    Search(Field),
    Palette(Field),
    Help,
}

/// Tone of the status line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Info,
    Ok,
    Error,
}

/// The whole state of the app. `S` is the database: open (`Arc<Store>`,
/// the app that acts) or still opening (`Opening`, drawn but not driven).
pub struct App<S = Arc<Store>> {
    pub store: S,
    pub lang: Lang,
    pub today: NaiveDate,
    pub screen: ScreenId,
    pub back: Vec<ScreenId>,
    pub mode: Mode,
    pub status: Option<(String, Tone)>,
    pub quit: bool,
    /// Rows visible in the main list (updated from the terminal size).
    pub page: usize,
    /// The size of the area a screen draws in (updated from the terminal
    /// size with `page`, by [`App::resize`]).
    pub view: Size,
    /// How far the help overlay is scrolled.
    pub help_scroll: u16,
    pub units: Units,
    /// Every finding in compact form, for the findings list and its search.
    pub table: TableCache,
    /// Changes made by this app so far (cached screens compare it).
    pub changes: u64,
    /// Who changes are recorded under, for the header ("" until known).
    pub who: String,
    pub screens: Screens,
    /// Syncs changes made with [`Cx::commit_saving`] off the UI thread
    /// (started with the first); dropping it waits for what was asked.
    pub(crate) saver: Option<Saver>,
    /// A change made and not yet handed to the saver: what to say of it.
    pub(crate) saving: Option<String>,
    /// The newest ticket asked of the saver and what to say once durable.
    pub(crate) awaiting: Option<(u64, String)>,
}

impl App {
    /// Open the app on the dashboard (or the welcome screen for an empty database).
    ///
    /// # Errors
    /// Storage failure while loading.
    pub fn new(store: Store, lang: Lang, today: NaiveDate) -> anyhow::Result<App> {
        let mut app = App::blank(Arc::new(store), lang, today);
        if !app.store.is_empty()? {
            app.units = Units::load(app.store.as_ref())?;
            app.screen = ScreenId::Dashboard;
            app.reload()?;
            // After the dashboard, so the first frame does not share the CPU with it.
            app.table = TableCache::spawn(app.store.findings_reader());
        }
        app.greet()?;
        Ok(app)
    }

    /// On a database where nobody is known to work (no name saved, none
    /// given with `--actor`), ask who before anything else; once a name is
    /// known, that question is no longer asked. The header follows.
    ///
    /// # Errors
    /// The saved name cannot be read.
    pub fn greet(&mut self) -> anyhow::Result<()> {
        let first = |m: &Mode| match m {
            Mode::Form(f) => f.form::<IdentityForm>().is_some_and(|i| i.first),
            _ => false,
        };
        match self.store.actor() {
            Some(who) => {
                if first(&self.mode) {
                    self.mode = Mode::Browse;
                }
                self.who = who;
            }
            None if self.store.saved_actor()?.is_none() && !first(&self.mode) => {
                self.mode = Mode::Form(Editor::open(IdentityForm::new(true, None, None)));
            }
            None => {}
        }
        Ok(())
    }

    /// What screens and forms act with, beside the screens and the mode.
    pub(crate) fn parts(&mut self) -> (Cx<'_>, &mut Screens, &mut Mode) {
        let cx = Cx {
            store: &self.store,
            lang: self.lang,
            today: self.today,
            page: self.page,
            view: self.view,
            units: &mut self.units,
            table: &mut self.table,
            changes: &mut self.changes,
            status: &mut self.status,
            saving: &mut self.saving,
        };
        (cx, &mut self.screens, &mut self.mode)
    }

    /// Run `f` on screen `id` with what it acts with.
    pub(crate) fn with_screen<R>(
        &mut self,
        id: ScreenId,
        f: impl FnOnce(&mut dyn Screen, &mut Cx) -> R,
    ) -> R {
        let (mut cx, screens, _) = self.parts();
        f(screens.get_mut(id), &mut cx)
    }

    /// What the event loop does between keys: the findings list's early
    /// rows give way to the whole list once the table is in memory.
    pub fn tick(&mut self) {
        self.request_save();
        self.saved();
        if self.screens.findings.early.is_none() || !self.table.arrived() {
            return;
        }
        let (mut cx, screens, _) = self.parts();
        if let Err(e) = screens.findings.upgrade(&mut cx) {
            let text = format!(
                "{}: {}",
                Msg::Error.tr(cx.lang),
                crate::error::describe(e.as_ref())
            );
            cx.say(text, Tone::Error);
        }
    }

    /// Whether the loop has work of its own to look at soon (a sync asked
    /// of the saver, the findings table on its way to the list).
    #[must_use]
    pub fn busy(&self) -> bool {
        self.awaiting.is_some() || self.saving.is_some() || self.screens.findings.early.is_some()
    }

    /// Hand a change just made to the saver thread.
    pub(crate) fn request_save(&mut self) {
        if let Some(what) = self.saving.take() {
            let store = Arc::clone(&self.store);
            let saver = self.saver.get_or_insert_with(|| Saver::spawn(store));
            self.awaiting = Some((saver.request(), what));
        }
    }

    /// Say "saved" once the saver has synced the newest change asked of it
    /// (and "not saved" if the sync failed), then nothing more.
    fn saved(&mut self) {
        let (Some((ticket, what)), Some(saver)) = (&self.awaiting, &self.saver) else {
            return;
        };
        let state = saver.state();
        if let Some(e) = state.failed {
            let text = format!("{}: {what} — {e}", Msg::NotSaved.tr(self.lang));
            self.say(text, Tone::Error);
        } else if state.durable >= *ticket {
            let saying = format!("{}: {what}", Msg::Saving.tr(self.lang));
            if self.status.as_ref().is_some_and(|(s, _)| *s == saying) {
                let text = format!("{}: {what}", Msg::Saved.tr(self.lang));
                self.say(text, Tone::Ok);
            }
        } else {
            return;
        }
        self.awaiting = None;
    }

    /// Wait until every change handed to the saver is on disk, and say so.
    pub fn settle(&mut self) {
        self.request_save();
        if let (Some((ticket, _)), Some(saver)) = (&self.awaiting, &self.saver) {
            saver.wait(*ticket);
        }
        self.saved();
    }

    /// The findings the list shows, in order, read from the store.
    ///
    /// # Errors
    /// Storage failure.
    pub fn shown_findings(&self) -> anyhow::Result<Vec<Finding>> {
        self.screens
            .findings
            .shown_findings(self.table.ready(), &self.store)
    }
}

impl<S> App<S> {
    /// The app on the welcome screen with nothing loaded.
    pub(crate) fn blank(store: S, lang: Lang, today: NaiveDate) -> App<S> {
        // Errors shown on the status line speak the app's language.
        crate::i18n::set(lang);
        App {
            store,
            lang,
            today,
            screen: ScreenId::Welcome,
            back: Vec::new(),
            mode: Mode::Browse,
            status: None,
            quit: false,
            page: 20,
            view: super::ui::body_size(Size::new(80, 24)),
            help_scroll: 0,
            units: Units::default(),
            table: TableCache::default(),
            changes: 0,
            who: String::new(),
            screens: Screens::default(),
            saver: None,
            saving: None,
            awaiting: None,
        }
    }

    /// The same app on another form of the database (opening → open).
    pub(crate) fn map_store<T>(self, f: impl FnOnce(S) -> T) -> App<T> {
        App {
            store: f(self.store),
            lang: self.lang,
            today: self.today,
            screen: self.screen,
            back: self.back,
            mode: self.mode,
            status: self.status,
            quit: self.quit,
            page: self.page,
            view: self.view,
            help_scroll: self.help_scroll,
            units: self.units,
            table: self.table,
            changes: self.changes,
            who: self.who,
            screens: self.screens,
            saver: self.saver,
            saving: self.saving,
            awaiting: self.awaiting,
        }
    }

    /// The terminal is `width`×`height`: what lists page by and screens
    /// scroll within follows.
    pub fn resize(&mut self, width: u16, height: u16) {
        self.page = super::ui::page_rows(height);
        self.view = super::ui::body_size(Size::new(width, height));
    }

    /// The screen shown.
    #[must_use]
    pub fn current(&self) -> &dyn Screen {
        self.screens.get(self.screen)
    }

    /// The keymap contexts in force, most specific first.
    #[must_use]
    pub fn contexts(&self) -> Vec<Ctx> {
        match &self.mode {
            Mode::Form(f) => f.context().into_iter().chain([Ctx::Form]).collect(),
            Mode::Search(_) => vec![Ctx::Search],
            Mode::Palette(_) => vec![Ctx::Palette],
            Mode::Help => vec![Ctx::Help],
            Mode::Browse => vec![self.current().context()],
        }
    }

    /// The display name of a unit.
    #[must_use]
    pub fn unit_name(&self, id: Id) -> String {
        self.units.name(id)
    }

    /// What drawing reads.
    #[must_use]
    pub fn draw_cx(&self) -> DrawCx<'_> {
        DrawCx {
            lang: self.lang,
            today: self.today,
            units: &self.units,
            table: self.table.ready(),
        }
    }

    /// Set the status line.
    pub fn say(&mut self, text: impl Into<String>, tone: Tone) {
        self.status = Some((text.into(), tone));
    }
}
