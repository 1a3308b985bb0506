//! Who works on this database: the inspector's full name and a name for
//! this laptop, saved in the database and recorded with every change. Asked
//! before anything else on the first start (Esc then leaves the app), and
//! changed later from the palette.

use crate::i18n::Msg;
use crate::tui::cx::Cx;

use super::{Form, Input, Refusal, TextInput};

#[derive(Debug)]
pub struct IdentityForm {
    /// Asked on the first start: nothing else is possible before it.
    pub first: bool,
    pub name: TextInput,
    pub device: TextInput,
}

fields! {
    IdentityForm: IdentityFocus {
        Name: name => FullName,
        Device: device => DeviceName,
    }
}

impl IdentityForm {
    /// The form with the names saved so far (none on the first start).
    #[must_use]
    pub fn new(first: bool, name: Option<&str>, device: Option<&str>) -> IdentityForm {
        IdentityForm {
            first,
            name: TextInput::line(name.unwrap_or_default()).required(),
            device: TextInput::line(device.unwrap_or_default()).required(),
        }
    }
}

impl Form for IdentityForm {
    fn title(&self) -> Msg {
        if self.first {
            Msg::FirstStart
        } else {
            Msg::WhoWorksHere
        }
    }

    fn cancel_quits(&self) -> bool {
        self.first
    }

    fn save(&self, cx: &mut Cx) -> Result<(), Refusal<IdentityFocus>> {
        cx.store
            .set_identity(&self.name.text(), &self.device.text())?;
        let who = cx.store.actor().unwrap_or_default();
        cx.say(
            Msg::WorkingAs.fill_in(cx.lang, &[&who]),
            crate::tui::app::Tone::Ok,
        );
        Ok(())
    }
}
