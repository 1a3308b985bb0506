//! Starting the app: the first dashboard frame is drawn from the listing
//! view while sled opens on another thread (its open costs tens of
//! milliseconds before the first read, more as the file grows); the app
//! waits for the database before it handles the first key.

use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use std::thread::JoinHandle;

use chrono::NaiveDate;

use super::app::App;
use super::cx::Units;
use super::i18n::Lang;
use super::screen::ScreenId;
use super::screen::dashboard::Dashboard;
use super::table::TableCache;
use crate::store::{Store, StoreError, View};

/// The app's database: open, or opening on another thread.
pub struct StoreSlot {
    store: OnceLock<Arc<Store>>,
    opening: Mutex<Option<JoinHandle<Result<Store, StoreError>>>>,
    /// The view the first frame was drawn from, to check once the database
    /// is held that nothing changed in between.
    view: Option<(PathBuf, View)>,
}

impl StoreSlot {
    /// An open database.
    #[must_use]
    pub fn open(store: Store) -> StoreSlot {
        StoreSlot {
            store: OnceLock::from(Arc::new(store)),
            opening: Mutex::new(None),
            view: None,
        }
    }

    fn opening(path: &Path, view: View) -> StoreSlot {
        let at = path.to_path_buf();
        StoreSlot {
            store: OnceLock::new(),
            opening: Mutex::new(Some(std::thread::spawn(move || Store::open(&at)))),
            view: Some((path.to_path_buf(), view)),
        }
    }

    /// Wait for the database to be open.
    ///
    /// # Errors
    /// Opening failed (locked by another window, unreadable, newer schema).
    pub fn wait(&self) -> Result<&Arc<Store>, StoreError> {
        if let Some(s) = self.store.get() {
            return Ok(s);
        }
        let handle = self
            .opening
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take();
        let opened = match handle {
            Some(h) => h.join().unwrap_or_else(|p| std::panic::resume_unwind(p))?,
            None => {
                return Err(StoreError::Invalid(
                    "the database failed to open earlier".into(),
                ));
            }
        };
        Ok(self.store.get_or_init(|| Arc::new(opened)))
    }

    /// The database, once open and if nothing else holds it (a read-only
    /// process ends with it).
    #[must_use]
    pub fn into_inner(self) -> Option<Store> {
        self.store.into_inner().and_then(Arc::into_inner)
    }

    /// Write the listing view on another thread (it is not put in place if
    /// the app changes something meanwhile; a failure only means the next
    /// start reads the database).
    fn write_view_in_background(&self) {
        if let Some(store) = self.store.get() {
            let store = Arc::clone(store);
            std::thread::spawn(move || store.write_view());
        }
    }
}

impl Deref for StoreSlot {
    type Target = Store;

    /// The open database. `App::start` waits for it before the first key is
    /// handled and stops the app if it failed to open, so every later use
    /// finds it here.
    fn deref(&self) -> &Store {
        match self.wait() {
            Ok(s) => s.as_ref(),
            Err(e) => unreachable!("the app runs only with its database open: {e}"),
        }
    }
}

impl App {
    /// Open the app on the database in `path`: from its listing view when
    /// there is one (sled opens meanwhile), else from the database. Call
    /// [`App::start`] after the first frame.
    ///
    /// # Errors
    /// The database cannot be opened or read.
    pub fn launch(path: &Path, lang: Lang, today: NaiveDate) -> anyhow::Result<App> {
        match View::load(path) {
            Some(view) if view.units().next().is_some() => {
                let mut app = App::blank(StoreSlot::opening(path, view), lang, today);
                app.show_view();
                Ok(app)
            }
            _ => App::new(Store::open(path)?, lang, today),
        }
    }

    /// Fill the units and the dashboard from the view the store slot holds.
    fn show_view(&mut self) {
        let Some((_, view)) = &self.store.view else {
            return;
        };
        self.units = Units::from_view(view);
        self.screens.dashboard = Dashboard::from_view(view, self.today, &self.units, self.page);
        self.screen = ScreenId::Dashboard;
    }

    /// After the first frame: wait for the database; if it changed since
    /// the view was read, read the dashboard again; start loading the
    /// findings table; without a current view, write one in the background
    /// for the next start.
    ///
    /// # Errors
    /// The database failed to open or to be read.
    pub fn start(&mut self) -> anyhow::Result<()> {
        self.store.wait()?;
        let current = match self.store.view.take() {
            // Drawn from the view: is it still the one on disk?
            Some((path, view)) => {
                let current = view.is_current(&path);
                if !current {
                    self.units = Units::load(&self.store)?;
                    self.screens.dashboard.built = None;
                    self.with_screen(ScreenId::Dashboard, |s, cx| s.load(cx))?;
                }
                self.table = TableCache::spawn(self.store.findings_reader());
                current
            }
            // Drawn from the database (`App::new` started the table).
            None => View::load(self.store.path()).is_some(),
        };
        if !current && !self.units.is_empty() {
            self.store.write_view_in_background();
        }
        Ok(())
    }
}
