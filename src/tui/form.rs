//! Typed forms: one struct per purpose with named fields built from the
//! inputs in `input`, a `Focus` enum whose order is the fields' order, and a
//! `save` that reads its fields by name and writes through the store.
//! [`Editor`] adds what every form has (the focused field, the last refusal)
//! and required-field checks; the app holds it as a `dyn Editing`.

/// Declares the fields of `Form` in order, each as `Focus: field =>
/// Label`: the focus enum `F` naming them (the first focused on opening),
/// their labels, and the input of each by name.
macro_rules! fields {
    ($form:ident: $enum:ident {
        $first:ident: $first_field:ident => $first_label:ident,
        $($focus:ident: $field:ident => $label:ident,)*
    }) => {
        /// The fields, in order on screen.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
        pub enum $enum {
            #[default]
            $first,
            $($focus,)*
        }

        impl $crate::tui::form::Fields for $form {
            type Focus = $enum;
            const ALL: &'static [$enum] = &[$enum::$first, $($enum::$focus,)*];

            fn label(focus: $enum) -> $crate::i18n::Msg {
                use $crate::i18n::Msg;
                match focus {
                    $enum::$first => Msg::$first_label,
                    $($enum::$focus => Msg::$label,)*
                }
            }

            fn input(&self, focus: $enum) -> &dyn $crate::tui::form::Input {
                match focus {
                    $enum::$first => &self.$first_field,
                    $($enum::$focus => &self.$field,)*
                }
            }

            fn input_mut(&mut self, focus: $enum) -> &mut dyn $crate::tui::form::Input {
                match focus {
                    $enum::$first => &mut self.$first_field,
                    $($enum::$focus => &mut self.$field,)*
                }
            }
        }
    };
}

pub mod answer;
pub mod finding;
pub mod follow_up;
pub mod identity;
pub mod input;
pub mod merge;
pub mod pick;
pub mod picker;
pub mod report;
pub mod stage;
pub mod team;
pub mod undo;
pub mod unit;
pub mod visit;

use std::any::Any;
use std::fmt::Debug;

use crossterm::event::KeyEvent;

pub use answer::AnswerForm;
pub use finding::FindingForm;
pub use follow_up::{ExtendForm, NoteForm, StatusForm};
pub use identity::IdentityForm;
pub use input::{Choice, DateInput, DateRule, Input, TextInput};
pub use merge::MergeForm;
pub use pick::PickList;
pub use picker::UnitPicker;
pub use report::{ConclusionForm, DraftInput, PartForm};
pub use stage::{CloseForm, ReopenForm};
pub use team::TeamInput;
pub use undo::UndoForm;
pub use unit::UnitForm;
pub use visit::VisitForm;

use super::action::Action;
use super::app::Tone;
use super::cx::Cx;
use super::keymap::Ctx;
use crate::i18n::Msg;

/// The named fields of a form: declared with `fields!`.
pub trait Fields {
    /// Names the fields; the default is the first.
    type Focus: Copy + Eq + Debug + Default + 'static;
    /// Every field, in order on screen.
    const ALL: &'static [Self::Focus];

    fn label(focus: Self::Focus) -> Msg;

    fn input(&self, focus: Self::Focus) -> &dyn Input;

    fn input_mut(&mut self, focus: Self::Focus) -> &mut dyn Input;
}

/// A form for one purpose.
pub trait Form: Fields + Debug + 'static {
    fn title(&self) -> Msg;

    /// The fields shown, in order (all of them unless the form says).
    fn order(&self) -> &'static [Self::Focus] {
        Self::ALL
    }

    /// Check the fields and write (required fields are checked before).
    ///
    /// # Errors
    /// Why it cannot be saved, and at which field if one is to blame.
    fn save(&self, cx: &mut Cx) -> Result<(), Refusal<Self::Focus>>;

    /// An action of the focused input's keymap context (a form whose
    /// inputs depend on each other answers some itself).
    fn act(&mut self, focus: Self::Focus, action: Action) {
        self.input_mut(focus).act(action);
    }

    /// Whether Esc leaves the app rather than the form (a form that must be
    /// answered before anything else).
    fn cancel_quits(&self) -> bool {
        false
    }
}

/// Why a form was not saved.
#[derive(Debug)]
pub struct Refusal<F> {
    /// The field to correct (the focus stays where it is if none).
    pub at: Option<F>,
    pub why: String,
    /// The domain's rule that refused it, if one did (a form tells from it
    /// which field to correct).
    pub rule: Option<crate::domain::RuleError>,
}

impl<F> Refusal<F> {
    /// A refusal naming a field.
    pub fn at(focus: F, why: String) -> Refusal<F> {
        Refusal {
            at: Some(focus),
            why,
            rule: None,
        }
    }
}

/// The code typed in `input`, cleaned, for the record `id` (a unit, a
/// visit): refused at `at` when `holder`, which finds the id of the record
/// that has a code, finds another one.
///
/// # Errors
/// The code is another record's, or looking it up failed.
pub fn own_code<F>(
    input: &TextInput,
    id: crate::domain::Id,
    at: F,
    lang: crate::i18n::Lang,
    holder: impl FnOnce(&str) -> crate::store::Result<Option<crate::domain::Id>>,
) -> Result<String, Refusal<F>> {
    let code = crate::domain::text::clean(&input.text());
    match holder(&code)? {
        Some(other) if other != id => {
            let why = Msg::CodeTaken.fill_in(lang, &[&Msg::Code.tr(lang), &code]);
            Err(Refusal::at(at, why))
        }
        _ => Ok(code),
    }
}

impl<F> From<anyhow::Error> for Refusal<F> {
    fn from(e: anyhow::Error) -> Refusal<F> {
        let rule = e
            .chain()
            .find_map(|c| c.downcast_ref::<crate::domain::RuleError>())
            .cloned();
        Refusal {
            at: None,
            why: crate::error::describe(e.as_ref()),
            rule,
        }
    }
}

impl<F> From<crate::store::StoreError> for Refusal<F> {
    fn from(e: crate::store::StoreError) -> Refusal<F> {
        anyhow::Error::from(e).into()
    }
}

impl<F> From<crate::domain::RuleError> for Refusal<F> {
    fn from(e: crate::domain::RuleError) -> Refusal<F> {
        anyhow::Error::from(e).into()
    }
}

/// A form being filled in.
#[derive(Debug)]
pub struct Editor<F: Form> {
    pub form: F,
    pub focus: F::Focus,
    /// Why the last save was refused.
    pub error: Option<String>,
    /// Each field's value when the form opened: what Esc would lose is
    /// what differs from it.
    opened: Vec<Value>,
    /// Esc was pressed on a form with something typed: the next Esc
    /// discards it, any other key goes on editing.
    asking: bool,
    /// The field the last refusal named, while it stands.
    flagged: Option<F::Focus>,
    /// A refusal moved the focus to the field to correct: Tab keeps it
    /// there until something is typed into it. Whoever counted Tabs from
    /// the field they were on would otherwise wrap past it and type into
    /// another field (a reason appended to the date, a name to the title).
    held: bool,
}

/// A field's value, to tell whether the form was changed.
type Value = (String, Option<usize>);

impl<F: Form> Editor<F> {
    /// The form with its first field focused, boxed for the app's mode.
    #[must_use]
    pub fn open(form: F) -> Box<dyn Editing> {
        let mut editor = Editor {
            form,
            focus: F::Focus::default(),
            error: None,
            opened: Vec::new(),
            asking: false,
            flagged: None,
            held: false,
        };
        editor.opened = editor.values();
        Box::new(editor)
    }

    fn values(&self) -> Vec<Value> {
        self.rows()
            .iter()
            .map(|r| (r.input.value(), r.input.choice()))
            .collect()
    }

    fn position(&self) -> usize {
        let order = self.form.order();
        order.iter().position(|f| *f == self.focus).unwrap_or(0)
    }

    fn refuse(&mut self, refusal: Refusal<F::Focus>, cx: &mut Cx) {
        if let Some(at) = refusal.at {
            self.held = at != self.focus;
            self.focus = at;
        }
        self.flagged = refusal.at;
        cx.say(refusal.why.clone(), Tone::Error);
        self.error = Some(refusal.why);
    }

    /// The focused field is being typed into.
    fn typed(&mut self) {
        self.asking = false;
        self.held = false;
    }
}

/// One field as drawn: its label and input.
pub struct Row<'a> {
    pub label: Msg,
    pub input: &'a dyn Input,
}

/// A form as the app drives and draws it, whatever its purpose.
pub trait Editing: Debug + Any {
    fn title(&self) -> Msg;
    /// The fields in order.
    fn rows(&self) -> Vec<Row<'_>>;
    /// The focused field's place in [`Editing::rows`].
    fn focus_index(&self) -> usize;
    /// The place of the field the last refusal named.
    fn flagged_index(&self) -> Option<usize>;
    fn error(&self) -> Option<&str>;
    /// Move the focus by `delta` fields (wrapping).
    fn step(&mut self, delta: isize);
    /// A key for the focused field.
    fn key(&mut self, key: KeyEvent);
    /// The keymap context of the focused field's own keys, if it has some.
    fn context(&self) -> Option<Ctx>;
    /// An action of that context.
    fn act(&mut self, action: Action);
    /// Whether Esc leaves the app rather than the form.
    fn cancel_quits(&self) -> bool;
    fn paste(&mut self, text: &str);
    /// Save; whether it was saved (if not, the form says why and focuses
    /// the field to correct).
    fn submit(&mut self, cx: &mut Cx) -> bool;
    /// Esc: whether the form may close. One with something typed asks
    /// first, and closes on a second Esc.
    fn cancel(&mut self) -> bool;
    /// Whether it is asking before it discards what was typed.
    fn asking(&self) -> bool;
    fn as_any(&self) -> &dyn Any;
}

impl dyn Editing {
    /// The typed form, if it is an `F`.
    #[must_use]
    pub fn form<F: Form>(&self) -> Option<&F> {
        self.as_any().downcast_ref::<Editor<F>>().map(|e| &e.form)
    }
}

impl<F: Form> Editing for Editor<F> {
    fn title(&self) -> Msg {
        self.form.title()
    }

    fn rows(&self) -> Vec<Row<'_>> {
        let order = self.form.order();
        order
            .iter()
            .map(|f| Row {
                label: F::label(*f),
                input: self.form.input(*f),
            })
            .collect()
    }

    fn focus_index(&self) -> usize {
        self.position()
    }

    fn flagged_index(&self) -> Option<usize> {
        let at = self.flagged?;
        self.form.order().iter().position(|f| *f == at)
    }

    fn error(&self) -> Option<&str> {
        self.error.as_deref()
    }

    fn step(&mut self, delta: isize) {
        self.asking = false;
        if self.held {
            return;
        }
        let order = self.form.order();
        let n = order.len().max(1) as isize;
        let i = (self.position() as isize + delta).rem_euclid(n) as usize;
        if let Some(f) = order.get(i) {
            self.focus = *f;
        }
    }

    fn key(&mut self, key: KeyEvent) {
        self.typed();
        if self.form.input_mut(self.focus).key(key) {
            self.step(1);
        }
    }

    fn paste(&mut self, text: &str) {
        self.typed();
        self.form.input_mut(self.focus).paste(text);
    }

    fn context(&self) -> Option<Ctx> {
        self.form.input(self.focus).context()
    }

    fn act(&mut self, action: Action) {
        // A list's own key (a row added, a unit picked) is typing into it.
        self.typed();
        self.form.act(self.focus, action);
    }

    fn cancel_quits(&self) -> bool {
        self.form.cancel_quits()
    }

    fn cancel(&mut self) -> bool {
        if self.asking || self.values() == self.opened {
            return true;
        }
        self.asking = true;
        false
    }

    fn asking(&self) -> bool {
        self.asking
    }

    fn submit(&mut self, cx: &mut Cx) -> bool {
        self.asking = false;
        let order = self.form.order();
        let missing = order.iter().find(|f| self.form.input(**f).missing());
        let refusal = match missing {
            Some(at) => {
                let l = cx.lang;
                let why = format!("{} ({})", F::label(*at).tr(l), Msg::Required.tr(l));
                Refusal::at(*at, why)
            }
            None => match self.form.save(cx) {
                Ok(()) => return true,
                Err(refusal) => refusal,
            },
        };
        self.refuse(refusal, cx);
        false
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use crossterm::event::{KeyCode, KeyModifiers};

    use super::*;
    use crate::domain::Severity;
    use crate::i18n::Lang;
    use crate::store::Store;
    use crate::tui::cx::TestParts;

    /// A form built only from the blocks, as later forms will be.
    #[derive(Debug)]
    struct Trip {
        name: TextInput,
        kind: Choice<Severity>,
        on: DateInput,
    }

    fields! {
        Trip: TripFocus {
            Name: name => Title,
            Kind: kind => Severity,
            On: on => DueDate,
        }
    }

    impl Form for Trip {
        fn title(&self) -> Msg {
            Msg::NewFinding
        }

        fn save(&self, cx: &mut Cx) -> Result<(), Refusal<TripFocus>> {
            self.on
                .date(cx.today)
                .map_err(|e| Refusal::at(TripFocus::On, e.to_string()))?;
            Ok(())
        }
    }

    fn trip(on: &str) -> Box<dyn Editing> {
        Editor::open(Trip {
            name: TextInput::line("").required(),
            kind: Choice::all(Severity::Shortcoming, Lang::Vi),
            on: DateInput::new(on),
        })
    }

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    /// Submit `form` with a context over an empty database; whether it
    /// saved, and the status line.
    fn submit(form: &mut dyn Editing) -> (bool, Option<(String, Tone)>) {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open(dir.path()).expect("open store");
        let mut parts = TestParts::default();
        let today = NaiveDate::from_ymd_opt(2026, 11, 20).expect("date");
        let mut cx = parts.cx(&store, today, 10, ratatui::layout::Size::new(80, 21));
        let saved = form.submit(&mut cx);
        (saved, parts.status)
    }

    #[test]
    fn focus_follows_the_declared_order_and_wraps() {
        let mut f = trip("");
        let labels: Vec<Msg> = f.rows().iter().map(|r| r.label).collect();
        assert_eq!(labels, [Msg::Title, Msg::Severity, Msg::DueDate]);
        assert_eq!(f.focus_index(), 0);
        // Enter on a single line moves on; on a choice too.
        f.key(key(KeyCode::Enter));
        assert_eq!(f.focus_index(), 1);
        f.key(key(KeyCode::Right));
        assert_eq!(f.rows()[1].input.choice(), Some(2), "the next severity");
        f.step(1);
        f.step(1);
        assert_eq!(f.focus_index(), 0, "wraps after the last field");
        f.step(-1);
        assert_eq!(f.focus_index(), 2, "and before the first");
    }

    #[test]
    fn a_required_field_left_empty_is_named_and_focused_before_saving() {
        let mut f = trip("+3");
        f.step(2);
        let (saved, status) = submit(f.as_mut());
        assert!(!saved);
        assert_eq!(f.focus_index(), 0);
        assert_eq!(f.error(), Some("Nội dung (bắt buộc)"));
        assert_eq!(status, Some(("Nội dung (bắt buộc)".into(), Tone::Error)));
    }

    #[test]
    fn a_refusal_at_a_field_focuses_it_and_a_valid_form_saves() {
        let mut f = trip("31/02/2026");
        f.paste("Đi kiểm tra");
        let (saved, _) = submit(f.as_mut());
        assert!(!saved);
        assert_eq!(f.focus_index(), 2, "the date to correct");
        assert!(f.error().is_some_and(|e| e.contains("31/02/2026")));
        let mut ok = trip("+3");
        ok.paste("Đi kiểm tra");
        assert!(submit(ok.as_mut()).0);
    }

    #[test]
    fn the_typed_form_is_reached_by_its_type() {
        let f = trip("");
        assert!(f.form::<Trip>().is_some());
        assert!(f.form::<StatusForm>().is_none());
        assert_eq!(f.form::<Trip>().map(|t| t.on.text()), Some(String::new()));
    }
}
