//! Starting the app: the first dashboard frame is drawn from the listing
//! view while sled opens on a background job (its open costs tens of
//! milliseconds before the first read, more as the file grows). An app that
//! acts exists only once the database is open: [`App::launch`] gives an
//! `App<Opening>`, which draws but takes no key, and [`App::start`] waits
//! for the database and gives the running [`App`].

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;

use super::app::App;
use super::cx::Units;
use super::job::Job;
use super::screen::ScreenId;
use super::screen::dashboard::{Dashboard, Deadlines};
use super::table::TableCache;
use crate::i18n::Lang;
use crate::store::{ListingView, Store, StoreError};

/// The database of an app that is starting: open, or opening on a job.
pub struct Opening {
    store: Job<Arc<Store>, StoreError>,
    /// The view the first frame was drawn from, to check once the database
    /// is held that nothing changed in between.
    view: Option<(PathBuf, ListingView)>,
}

impl Opening {
    /// Wait for the database.
    ///
    /// # Errors
    /// Opening failed (held by another window, unreadable, newer schema).
    pub fn wait(&mut self) -> anyhow::Result<&Store> {
        Ok(self.store.wait()?)
    }

    /// The database, if it is open and nothing else holds it (a process
    /// that only read ends with it).
    #[must_use]
    pub fn into_store(self) -> Option<Store> {
        self.store.into_done().and_then(Arc::into_inner)
    }
}

impl App<Opening> {
    /// Open the app on the database in `path`: from its listing view when
    /// there is one (sled opens meanwhile), else from the database. Draw it,
    /// then [`App::start`] it.
    ///
    /// # Errors
    /// The database cannot be opened or read.
    pub fn launch(path: &Path, lang: Lang, today: NaiveDate) -> anyhow::Result<App<Opening>> {
        match ListingView::load(path) {
            Some(view) if view.units().next().is_some() => App::from_view(path, view, lang, today),
            _ => Ok(
                App::new(Store::open(path)?, lang, today)?.map_store(|store| Opening {
                    store: Job::done(store),
                    view: None,
                }),
            ),
        }
    }

    /// The units and the dashboard from the view; sled opens on a job.
    fn from_view(
        path: &Path,
        view: ListingView,
        lang: Lang,
        today: NaiveDate,
    ) -> anyhow::Result<App<Opening>> {
        let at = path.to_path_buf();
        let store = Job::spawn(move || Store::open(&at).map(Arc::new));
        let units = Units::load(&view)?;
        let dashboard = Dashboard::from_listing(&view, today, &units, 20)?;
        let view = Some((path.to_path_buf(), view));
        let mut app = App::blank(Opening { store, view }, lang, today);
        app.screens.dashboard = dashboard;
        app.units = units;
        app.screen = ScreenId::Dashboard;
        Ok(app)
    }

    /// After the first frame: wait for the database; if it changed since
    /// the view was read, read the dashboard again; start loading the
    /// findings table; without a current view, write one in the background
    /// for the next start.
    ///
    /// # Errors
    /// The database failed to open or to be read.
    pub fn start(mut self) -> anyhow::Result<App> {
        let store = Arc::clone(self.store.store.wait()?);
        let mut drawn_from = None;
        let mut app = self.map_store(|opening| {
            drawn_from = opening.view;
            store
        });
        let current = match drawn_from {
            // Drawn from the view: is it still the one on disk?
            Some((path, view)) => {
                let current = view.is_current(&path);
                if !current {
                    app.units = Units::load(app.store.as_ref())?;
                    app.screens.dashboard.built = None;
                    app.with_screen(ScreenId::Dashboard, |s, cx| s.load(cx))?;
                }
                // Report-back days are not in the view: read them now.
                app.screens.dashboard.deadlines = Deadlines::read(&app.store, app.today)?;
                app.table = TableCache::spawn(app.store.findings_reader());
                current
            }
            // Drawn from the database (`App::new` started the table).
            None => ListingView::load(app.store.path()).is_some(),
        };
        if !current && !app.units.is_empty() {
            // Not put in place if the app changes something meanwhile; a
            // failure only means the next start reads the database.
            let store = Arc::clone(&app.store);
            std::thread::spawn(move || store.write_view());
        }
        Ok(app)
    }
}
