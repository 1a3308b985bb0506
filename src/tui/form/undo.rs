//! My recent changes, newest first, each with when and what, to undo one
//! of them: the palette's `undo`. An older change whose record changed
//! since is refused by the store, and the form says so.

use chrono::Local;

use crate::domain::Op;
use crate::i18n::Msg;
use crate::tui::cx::{Cx, Units};
use crate::tui::told;

use super::{Form, PickList, Refusal};

/// How many of my changes the list offers.
pub const RECENT: usize = 30;

#[derive(Debug)]
pub struct UndoForm {
    pub ops: Vec<Op>,
    pub list: PickList,
}

fields! {
    UndoForm: UndoFocus {
        List: list => MyRecentChanges,
    }
}

impl UndoForm {
    /// The list of `ops` (newest first), told in `cx`'s language.
    #[must_use]
    pub fn new(ops: Vec<Op>, units: &Units, lang: crate::i18n::Lang) -> UndoForm {
        let lines = ops
            .iter()
            .map(|op| {
                let when = op.at.with_timezone(&Local).format("%H:%M %d/%m/%Y");
                format!("{when} · {}", told::done(&op.change, units, lang))
            })
            .collect();
        UndoForm {
            ops,
            list: PickList::new(lines),
        }
    }
}

impl Form for UndoForm {
    fn title(&self) -> Msg {
        Msg::UndoWhich
    }

    fn save(&self, cx: &mut Cx) -> Result<(), Refusal<UndoFocus>> {
        let Some(op) = self.ops.get(self.list.selected()) else {
            return Ok(());
        };
        cx.undo(op)?;
        Ok(())
    }
}
