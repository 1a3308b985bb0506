//! Screens. Each is a module that owns its state, loads it from the store,
//! carries out the actions of its keymap context and draws itself; what it
//! asks of the rest of the app (another screen, a form, the search bar) it
//! returns as an [`Effect`]. The app only routes: which screen is shown, the
//! way back, the mode. A new screen is a new file in `screen/` and one line
//! in `screens!` below, which is also the one place a screen id is matched.

use ratatui::Frame;
use ratatui::layout::Rect;

use super::action::Action;
use super::cx::{Cx, DrawCx, Units};
use super::form::Editing;
use super::keymap::Ctx;
use crate::i18n::Msg;
use crate::store::{Store, StoreError};

/// One screen of the app.
pub trait Screen {
    /// The keymap context while browsing it.
    fn context(&self) -> Ctx;

    /// The keymap sections the help overlay lists, with their titles.
    fn help(&self) -> Vec<(Msg, Ctx)> {
        vec![(Msg::HelpTitle, self.context())]
    }

    /// What the keys of a help section do beyond their hints.
    fn help_notes(&self, _section: Ctx) -> Vec<Msg> {
        Vec::new()
    }

    /// Read what it shows (on arrival, and after every change).
    ///
    /// # Errors
    /// Storage failure.
    fn load(&mut self, _cx: &mut Cx) -> anyhow::Result<()> {
        Ok(())
    }

    /// Move the selection by `delta` rows.
    fn step(&mut self, _delta: isize, _cx: &mut Cx) {}

    /// Carry out an action of its keymap context (or Open / Next pane).
    ///
    /// # Errors
    /// Storage failure or a refused change, for the status line.
    fn on(&mut self, _action: Action, _cx: &mut Cx) -> anyhow::Result<Effect> {
        Ok(Effect::None)
    }

    /// Esc: whether the screen used it itself (leaving a pane) rather than
    /// going back.
    fn back(&mut self) -> bool {
        false
    }

    /// The search bar's text changed.
    fn search(&mut self, _text: &str, _cx: &mut Cx) {}

    /// Whether the user may go to another screen from here.
    ///
    /// # Errors
    /// Storage failure.
    fn may_leave(&self, _cx: &Cx) -> anyhow::Result<bool> {
        Ok(true)
    }

    /// A palette command this screen answers (`cmd` folded), if it is one.
    fn command(&self, _cmd: &str, _arg: &str, _cx: &Cx) -> Option<anyhow::Result<Effect>> {
        None
    }

    /// Complete the argument of a palette command (`arg` upper-cased).
    fn complete(&self, _cmd: &str, _arg: &str, _units: &Units) -> Option<String> {
        None
    }

    /// Draw into `area`.
    fn draw(&self, frame: &mut Frame, area: Rect, cx: &DrawCx);
}

/// What a screen asks the app to do after an action.
pub enum Effect {
    None,
    /// Show a screen as it is (remembering this one for Esc).
    Go(ScreenId),
    /// Prepare a screen (what it shows), then show it.
    Open(Box<dyn FnOnce(&mut Screens) -> ScreenId>),
    /// Open a form over the screen.
    Form(Box<dyn Editing>),
    /// Open the search bar with this text.
    Search(String),
}

impl Effect {
    /// Prepare a screen with `prepare`, then show the one it returns.
    pub fn open(prepare: impl FnOnce(&mut Screens) -> ScreenId + 'static) -> Effect {
        Effect::Open(Box::new(prepare))
    }
}

/// Answer a palette command that names a record by its code, if `cmd` is
/// one of `names`: look the record up by `arg`, then `open` it ("not found:
/// CODE" if nothing has that code).
pub(crate) fn by_code<T>(
    cmd: &str,
    names: &[&str],
    arg: &str,
    cx: &Cx,
    lookup: fn(&Store, &str) -> Result<Option<T>, StoreError>,
    open: impl FnOnce(T) -> Effect,
) -> Option<anyhow::Result<Effect>> {
    names.contains(&cmd).then(|| {
        let record = lookup(cx.store, arg)?
            .ok_or_else(|| anyhow::anyhow!("{}: {arg}", Msg::NotFound.tr(cx.lang)))?;
        Ok(open(record))
    })
}

/// Declares the screens, one line each: `name: Type in Tab` for the module
/// `screen/name.rs` holding `Type`, shown under the tab of the top-level
/// screen `Tab`. It gives each an id, a place in the struct that keeps
/// every screen's state while another is shown, and the one match from an
/// id to its screen.
macro_rules! screens {
    ($($field:ident: $ty:ident in $tab:ident,)*) => {
        $(pub mod $field;)*

        /// Which screen is shown.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum ScreenId { $($ty),* }

        impl ScreenId {
            /// Every screen, in declaration order.
            pub const ALL: &'static [ScreenId] = &[$(ScreenId::$ty),*];

            /// The top-level screen whose tab is lit while this one is shown.
            #[must_use]
            pub fn tab(self) -> ScreenId {
                match self { $(ScreenId::$ty => ScreenId::$tab),* }
            }
        }

        /// Every screen's state.
        #[derive(Debug, Default)]
        pub struct Screens { $(pub $field: $field::$ty),* }

        impl Screens {
            #[must_use]
            pub fn get(&self, id: ScreenId) -> &dyn Screen {
                match id { $(ScreenId::$ty => &self.$field),* }
            }

            pub fn get_mut(&mut self, id: ScreenId) -> &mut dyn Screen {
                match id { $(ScreenId::$ty => &mut self.$field),* }
            }

            /// Every screen, in declaration order.
            #[must_use]
            pub fn all(&self) -> Vec<&dyn Screen> {
                vec![$(&self.$field),*]
            }
        }
    };
}

screens! {
    welcome: Welcome in Dashboard,
    dashboard: Dashboard in Dashboard,
    visits: Visits in Visits,
    visit: Visit in Visits,
    report: Report in Visits,
    checklist: Checklist in Visits,
    findings: Findings in Findings,
    detail: Detail in Findings,
    conflicts: Conflicts in Findings,
    units: Units in Units,
    unit: Unit in Units,
}

/// A list's selection and scroll.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cursor {
    pub selected: usize,
    pub offset: usize,
}

impl Cursor {
    /// Move by `delta` rows within `len`, keeping the selection inside a window of `page` rows.
    pub fn step(&mut self, delta: isize, len: usize, page: usize) {
        if len == 0 {
            *self = Cursor::default();
            return;
        }
        let max = len - 1;
        self.selected = self.selected.saturating_add_signed(delta).min(max);
        self.fit(page);
    }

    /// Jump to a row.
    pub fn jump(&mut self, row: usize, len: usize, page: usize) {
        self.selected = row.min(len.saturating_sub(1));
        self.fit(page);
    }

    fn fit(&mut self, page: usize) {
        let page = page.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + page {
            self.offset = self.selected + 1 - page;
        }
    }
}
