//! The one keymap table: context, key, action. Dispatch, the footer and the
//! help overlay all read it, so they cannot drift apart.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::{Action, Recheck};
use crate::domain::Verdict;

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Ctx {
    /// Every browsing screen (not text entry).
    Global,
    Welcome,
    Dashboard,
    Visits,
    Visit,
    Checklist,
    /// The re-check pane of the checklist.
    Recheck,
    Findings,
    Detail,
    /// The unit tree.
    Units,
    /// One unit: its details, visits and findings.
    Unit,
    /// A visit's báo cáo and thông báo kết luận: the team's own text.
    Report,
    /// The conflict queue.
    Conflicts,
    /// A form with text fields: only these bindings apply, other keys type.
    Form,
    /// A list input of a form (the unit picker, a pick list): its own keys
    /// before the form's.
    Picker,
    /// A pick list of a form: one row among many.
    List,
    /// The team list of a form: rows of name and role.
    Rows,
    /// A text of a report being written, with a draft to insert.
    Draft,
    /// Search as you type.
    Search,
    Palette,
    Help,
}

impl Ctx {
    /// Text-entry contexts take every unbound key as input and ignore global bindings.
    #[must_use]
    pub fn is_text(self) -> bool {
        matches!(
            self,
            Ctx::Form
                | Ctx::Picker
                | Ctx::List
                | Ctx::Rows
                | Ctx::Draft
                | Ctx::Search
                | Ctx::Palette
        )
    }
}

/// One row of the table.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub ctx: Ctx,
    pub code: KeyCode,
    pub mods: KeyModifiers,
    pub action: Action,
}

const fn b(ctx: Ctx, code: KeyCode, action: Action) -> Binding {
    Binding {
        ctx,
        code,
        mods: KeyModifiers::NONE,
        action,
    }
}

const fn ctrl(ctx: Ctx, c: char, action: Action) -> Binding {
    Binding {
        ctx,
        code: KeyCode::Char(c),
        mods: KeyModifiers::CONTROL,
        action,
    }
}

const fn ch(ctx: Ctx, c: char, action: Action) -> Binding {
    b(ctx, KeyCode::Char(c), action)
}

use Action as A;
use Ctx as C;
use KeyCode as K;

/// Every binding of the app.
pub const BINDINGS: &[Binding] = &[
    // Everywhere while browsing.
    ch(C::Global, 'q', A::Quit),
    ch(C::Global, '?', A::Help),
    b(C::Global, K::F(1), A::Help),
    ch(C::Global, ':', A::Palette),
    ch(C::Global, 'u', A::Undo),
    b(C::Global, K::Esc, A::Back),
    b(C::Global, K::F(2), A::GoDashboard),
    b(C::Global, K::F(3), A::GoVisits),
    b(C::Global, K::F(4), A::GoFindings),
    b(C::Global, K::F(5), A::GoUnits),
    b(C::Global, K::F(6), A::GoConflicts),
    ch(C::Global, 'j', A::Down),
    b(C::Global, K::Down, A::Down),
    ch(C::Global, 'k', A::Up),
    b(C::Global, K::Up, A::Up),
    ch(C::Global, 'g', A::Top),
    b(C::Global, K::Home, A::Top),
    ch(C::Global, 'G', A::Bottom),
    b(C::Global, K::End, A::Bottom),
    b(C::Global, K::PageUp, A::PageUp),
    b(C::Global, K::PageDown, A::PageDown),
    b(C::Global, K::Enter, A::Open),
    ch(C::Global, 'l', A::Open),
    b(C::Global, K::Right, A::Open),
    ch(C::Global, 'h', A::Back),
    b(C::Global, K::Left, A::Back),
    b(C::Global, K::Tab, A::NextPane),
    // The visits, and one visit.
    ch(C::Visits, 'n', A::New),
    ch(C::Visits, 'e', A::Edit),
    ch(C::Visits, 't', A::Advance),
    ch(C::Visits, 'o', A::Reopen),
    ch(C::Visit, 'e', A::Edit),
    ch(C::Visit, 't', A::Advance),
    ch(C::Visit, 'o', A::Reopen),
    ch(C::Visit, 'b', A::OpenReport),
    // A visit's báo cáo and conclusions.
    ch(C::Report, 'e', A::Edit),
    // The checklist walk-through.
    ch(C::Checklist, '1', A::SetVerdict(Verdict::Pass)),
    ch(C::Checklist, 'd', A::SetVerdict(Verdict::Pass)),
    ch(C::Checklist, '2', A::SetVerdict(Verdict::Partial)),
    ch(C::Checklist, 'p', A::SetVerdict(Verdict::Partial)),
    ch(C::Checklist, '3', A::SetVerdict(Verdict::Fail)),
    ch(C::Checklist, 'c', A::SetVerdict(Verdict::Fail)),
    ch(C::Checklist, '4', A::SetVerdict(Verdict::NotApplicable)),
    ch(C::Checklist, 'n', A::SetVerdict(Verdict::NotApplicable)),
    ch(C::Checklist, '0', A::SetVerdict(Verdict::Unchecked)),
    ch(C::Checklist, 'e', A::EditAnswer),
    ch(C::Checklist, 'f', A::NewFinding),
    ch(C::Recheck, '1', A::Recheck(Recheck::Done)),
    ch(C::Recheck, '2', A::Recheck(Recheck::Doing)),
    ch(C::Recheck, '3', A::Recheck(Recheck::Not)),
    // The dashboard.
    ch(C::Dashboard, 'r', A::CycleSort),
    // The findings list.
    ch(C::Findings, '/', A::Search),
    ch(C::Findings, 's', A::CycleStatus),
    ch(C::Findings, 'o', A::ToggleOverdue),
    ch(C::Findings, 'w', A::CycleWindow),
    ch(C::Findings, 'r', A::CycleSort),
    ch(C::Findings, 'x', A::ClearFilters),
    // One finding.
    ch(C::Detail, 't', A::ChangeStatus),
    ch(C::Detail, 'x', A::Extend),
    ch(C::Detail, 'n', A::AddNote),
    ch(C::Detail, 'v', A::Verify),
    ch(C::Detail, 'e', A::EditFinding),
    // The unit tree, and one unit.
    // The conflict queue.
    ch(C::Conflicts, 'm', A::KeepMine),
    ch(C::Conflicts, 't', A::TakeTheirs),
    ch(C::Conflicts, '1', A::KeepSide(0)),
    ch(C::Conflicts, '2', A::KeepSide(1)),
    ch(C::Conflicts, 'b', A::KeepBoth),
    ch(C::Conflicts, 'e', A::Edit),
    ch(C::Units, '/', A::Search),
    ch(C::Units, ' ', A::Expand),
    ch(C::Units, 'n', A::New),
    ch(C::Units, 'e', A::Edit),
    ch(C::Units, 'm', A::Merge),
    ch(C::Unit, 'e', A::Edit),
    ch(C::Unit, 'b', A::NewBaseline),
    // List inputs of forms: their keys come before the form's.
    b(C::Picker, K::Up, A::Up),
    b(C::Picker, K::Down, A::Down),
    b(C::Picker, K::PageUp, A::PageUp),
    b(C::Picker, K::PageDown, A::PageDown),
    b(C::Picker, K::Enter, A::Pick),
    ctrl(C::Picker, 'a', A::PickAll),
    ctrl(C::Picker, 'r', A::Assign),
    b(C::List, K::Up, A::Up),
    b(C::List, K::Down, A::Down),
    b(C::List, K::PageUp, A::PageUp),
    b(C::List, K::PageDown, A::PageDown),
    b(C::List, K::Enter, A::Submit),
    b(C::Rows, K::Up, A::Up),
    b(C::Rows, K::Down, A::Down),
    ctrl(C::Rows, 'n', A::AddRow),
    ctrl(C::Rows, 'd', A::RemoveRow),
    ctrl(C::Rows, 'r', A::CycleRole),
    ctrl(C::Draft, 'd', A::InsertDraft),
    // Forms and text entry.
    b(C::Form, K::Tab, A::NextField),
    b(C::Form, K::BackTab, A::PrevField),
    ctrl(C::Form, 's', A::Submit),
    b(C::Form, K::F(10), A::Submit),
    b(C::Form, K::Esc, A::Cancel),
    b(C::Search, K::Enter, A::Submit),
    b(C::Search, K::Esc, A::Cancel),
    b(C::Palette, K::Enter, A::Submit),
    b(C::Palette, K::Esc, A::Cancel),
    b(C::Palette, K::Tab, A::NextField),
    b(C::Help, K::Esc, A::Cancel),
    ch(C::Help, '?', A::Cancel),
    ch(C::Help, 'q', A::Cancel),
    // Help taller than the screen scrolls; any other key closes it.
    ch(C::Help, 'j', A::Down),
    b(C::Help, K::Down, A::Down),
    ch(C::Help, 'k', A::Up),
    b(C::Help, K::Up, A::Up),
    ch(C::Help, 'g', A::Top),
    b(C::Help, K::Home, A::Top),
    ch(C::Help, 'G', A::Bottom),
    b(C::Help, K::End, A::Bottom),
    b(C::Help, K::PageUp, A::PageUp),
    b(C::Help, K::PageDown, A::PageDown),
];

/// Vietnamese keyboards type đ where d is meant: treat them alike.
fn normalise(code: KeyCode) -> KeyCode {
    match code {
        KeyCode::Char('đ') => KeyCode::Char('d'),
        KeyCode::Char('Đ') => KeyCode::Char('D'),
        other => other,
    }
}

fn matches(bind: &Binding, code: KeyCode, mods: KeyModifiers) -> bool {
    // Shift is part of the character itself ('G', '?', ':').
    let mods = if matches!(code, KeyCode::Char(_)) {
        mods - KeyModifiers::SHIFT
    } else {
        mods
    };
    bind.code == code && bind.mods == mods
}

/// The action for a key in the given contexts (most specific first); text
/// contexts (a form and the list input focused in it) never fall through to
/// global bindings.
#[must_use]
pub fn lookup(ctxs: &[Ctx], key: KeyEvent) -> Option<Action> {
    let text = ctxs.first().is_some_and(|c| c.is_text());
    let code = if text { key.code } else { normalise(key.code) };
    let mods = if key.code == KeyCode::BackTab {
        key.mods_without_shift()
    } else {
        key.modifiers
    };
    for ctx in ctxs {
        if let Some(bind) = BINDINGS
            .iter()
            .find(|b| b.ctx == *ctx && matches(b, code, mods))
        {
            return Some(bind.action);
        }
    }
    if !text {
        return BINDINGS
            .iter()
            .find(|b| b.ctx == Ctx::Global && matches(b, code, mods))
            .map(|b| b.action);
    }
    None
}

trait ModsWithoutShift {
    fn mods_without_shift(&self) -> KeyModifiers;
}

impl ModsWithoutShift for KeyEvent {
    fn mods_without_shift(&self) -> KeyModifiers {
        self.modifiers - KeyModifiers::SHIFT
    }
}

/// How a key is written in hints.
#[must_use]
pub fn key_label(bind: &Binding) -> String {
    let key = match bind.code {
        KeyCode::Char(' ') => "Space".to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::BackTab => "Shift-Tab".into(),
        KeyCode::Up => "↑".into(),
        KeyCode::Down => "↓".into(),
        KeyCode::Left => "←".into(),
        KeyCode::Right => "→".into(),
        KeyCode::Home => "Home".into(),
        KeyCode::End => "End".into(),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::PageDown => "PgDn".into(),
        KeyCode::F(n) => format!("F{n}"),
        other => format!("{other:?}"),
    };
    if bind.mods.contains(KeyModifiers::CONTROL) {
        format!("Ctrl-{}", key.to_uppercase())
    } else {
        key
    }
}

/// The bindings of a context grouped by action, in table order: `(keys, action)`.
#[must_use]
pub fn hints(ctx: Ctx) -> Vec<(String, Action)> {
    let mut out: Vec<(String, Action)> = Vec::new();
    for bind in BINDINGS.iter().filter(|b| b.ctx == ctx) {
        let label = key_label(bind);
        match out.iter_mut().find(|(_, a)| *a == bind.action) {
            Some((keys, _)) => {
                keys.push('/');
                keys.push_str(&label);
            }
            None => out.push((label, bind.action)),
        }
    }
    out
}

/// The keys bound to `action` in `ctx`, as hints write them ("Ctrl-S/F10").
#[must_use]
pub fn keys_of(ctx: Ctx, action: Action) -> String {
    hints(ctx)
        .into_iter()
        .find(|(_, a)| *a == action)
        .map(|(keys, _)| keys)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn no_key_is_bound_twice_in_a_context_or_shadows_a_global_one() {
        let mut seen = HashSet::new();
        for bind in BINDINGS {
            assert!(
                seen.insert((bind.ctx, bind.code, bind.mods)),
                "bound twice: {bind:?}"
            );
        }
        let globals: HashSet<_> = BINDINGS
            .iter()
            .filter(|b| b.ctx == Ctx::Global)
            .map(|b| (b.code, b.mods))
            .collect();
        for bind in BINDINGS
            .iter()
            .filter(|b| !b.ctx.is_text() && !matches!(b.ctx, Ctx::Global | Ctx::Help))
        {
            assert!(
                !globals.contains(&(bind.code, bind.mods)),
                "shadows a global binding: {bind:?}"
            );
        }
    }

    #[test]
    fn every_action_has_a_hint_in_both_languages() {
        for bind in BINDINGS {
            let vi = bind.action.hint(Lang::Vi);
            let en = bind.action.hint(Lang::En);
            assert!(!vi.is_empty() && !en.is_empty(), "{bind:?}");
        }
    }

    #[test]
    fn dj_and_đ_reach_the_same_action_but_text_fields_keep_đ() {
        let key = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
        assert_eq!(
            lookup(&[Ctx::Checklist], key('đ')),
            Some(Action::SetVerdict(Verdict::Pass))
        );
        assert_eq!(lookup(&[Ctx::Checklist], key('j')), Some(Action::Down));
        assert_eq!(lookup(&[Ctx::Form], key('q')), None);
        assert_eq!(lookup(&[Ctx::Form], key('đ')), None);
        let shift_g = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(lookup(&[Ctx::Findings], shift_g), Some(Action::Bottom));
        let back = KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(lookup(&[Ctx::Form], back), Some(Action::PrevField));
    }
}
