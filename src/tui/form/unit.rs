//! The unit form (tổ chức đảng): adding one, or editing one's code, name,
//! kind, sector, the unit above it, secretary, members and validity. A unit
//! is never deleted: it ends on the last day of its validity.

use crate::domain::date::format_date;
use crate::domain::text::clean;
use crate::domain::{Id, Sector, Unit, UnitKind, new_id};
use crate::i18n::{Lang, Msg, date_error};
use crate::tui::cx::Cx;

use super::{Choice, DateInput, Fields, Form, Input, Refusal, TextInput, own_code};

#[derive(Debug)]
pub struct UnitForm {
    /// The unit edited, or none for a new one.
    pub editing: Option<Unit>,
    pub code: TextInput,
    pub name: TextInput,
    pub kind: Choice<UnitKind>,
    pub sector: Choice<Sector>,
    /// The code of the unit above it (cấp trên trực tiếp).
    pub parent: TextInput,
    pub secretary: TextInput,
    pub members: TextInput,
    pub valid_from: DateInput,
    pub valid_to: DateInput,
}

fields! {
    UnitForm: Focus {
        Code: code => Code,
        Name: name => UnitName,
        Kind: kind => Kind,
        Sector: sector => Sector,
        Parent: parent => ParentCode,
        Secretary: secretary => Secretary,
        Members: members => Members,
        ValidFrom: valid_from => ValidFrom,
        ValidTo: valid_to => ValidTo,
    }
}

impl UnitForm {
    /// A new unit under the unit coded `parent`, if given.
    #[must_use]
    pub fn new(parent: Option<&str>, lang: Lang) -> UnitForm {
        UnitForm {
            editing: None,
            code: TextInput::line("").required(),
            name: TextInput::line("").required(),
            kind: Choice::all(UnitKind::SubordinateCell, lang),
            sector: Choice::all(Sector::Locality, lang),
            parent: TextInput::line(parent.unwrap_or_default()),
            secretary: TextInput::line(""),
            members: TextInput::line("0").required(),
            valid_from: DateInput::optional(""),
            valid_to: DateInput::optional(""),
        }
    }

    /// Editing `u`, its fields filled in.
    #[must_use]
    pub fn edit(u: &Unit, cx: &Cx) -> UnitForm {
        let parent = u
            .parent
            .and_then(|p| cx.units.iter().find(|(id, _)| **id == p))
            .map(|(_, info)| info.code.clone())
            .unwrap_or_default();
        let date = |d: Option<chrono::NaiveDate>| d.map(format_date).unwrap_or_default();
        UnitForm {
            editing: Some(u.clone()),
            code: TextInput::line(&u.code).required(),
            name: TextInput::line(&u.name).required(),
            kind: Choice::all(u.kind, cx.lang),
            sector: Choice::all(u.sector, cx.lang),
            parent: TextInput::line(&parent),
            secretary: TextInput::line(&u.secretary),
            members: TextInput::line(&u.members.to_string()).required(),
            valid_from: DateInput::optional(&date(u.valid_from)),
            valid_to: DateInput::optional(&date(u.valid_to)),
        }
    }

    /// The unit the fields describe, checked field by field.
    fn unit(&self, cx: &Cx) -> Result<Unit, Refusal<Focus>> {
        let l = cx.lang;
        let id = self.editing.as_ref().map_or_else(new_id, |u| u.id);
        let code = own_code(&self.code, id, Focus::Code, l, |c| {
            Ok(cx.store.unit_by_code(c)?.map(|u| u.id))
        })?;
        let parent = self.parent(cx, id)?;
        let members = self.members.text().trim().replace('.', "");
        let members = members.parse::<u32>().map_err(|_| {
            let why = Msg::NotANumber.fill_in(l, &[&Msg::Members.tr(l), &self.members.text()]);
            Refusal::at(Focus::Members, why)
        })?;
        let date = |input: &DateInput, at: Focus| {
            input.date_opt(cx.today).map_err(|e| {
                let why = format!("{}: {}", Self::label(at).tr(l), date_error(&e, l));
                Refusal::at(at, why)
            })
        };
        let valid_from = date(&self.valid_from, Focus::ValidFrom)?;
        let valid_to = date(&self.valid_to, Focus::ValidTo)?;
        if let (Some(from), Some(to)) = (valid_from, valid_to)
            && to < from
        {
            let why = Msg::EndsBeforeStart.fill_in(l, &[&Msg::ValidTo.tr(l)]);
            return Err(Refusal::at(Focus::ValidTo, why));
        }
        let base = self.editing.clone().unwrap_or_else(|| blank(id));
        Ok(Unit {
            code,
            name: clean(&self.name.text()),
            kind: self.kind.value().unwrap_or(base.kind),
            sector: self.sector.value().unwrap_or(base.sector),
            parent,
            secretary: clean(&self.secretary.text()),
            members,
            valid_from,
            valid_to,
            ..base
        })
    }

    /// The unit above, by its code (none if left empty).
    fn parent(&self, cx: &Cx, id: Id) -> Result<Option<Id>, Refusal<Focus>> {
        let l = cx.lang;
        let code = clean(&self.parent.text());
        if code.is_empty() {
            return Ok(None);
        }
        match cx.store.unit_by_code(&code)? {
            Some(p) if p.id == id => {
                let why = Msg::OwnParent.fill_in(l, &[&Msg::ParentCode.tr(l)]);
                Err(Refusal::at(Focus::Parent, why))
            }
            Some(p) => Ok(Some(p.id)),
            None => {
                let near = closest_codes(&code, cx.units.iter().map(|(_, u)| u.code.as_str()));
                let why = Msg::NoSuchUnit.fill_in(l, &[&Msg::ParentCode.tr(l), &code, &near]);
                Err(Refusal::at(Focus::Parent, why))
            }
        }
    }
}

/// A unit with nothing in it yet but its id.
fn blank(id: Id) -> Unit {
    Unit::new(id, "", "", UnitKind::SubordinateCell, Sector::Locality)
}

/// Up to three codes near `code` (sharing its start, or containing it),
/// for a message about a code that does not exist.
#[must_use]
pub fn closest_codes<'a>(code: &str, codes: impl Iterator<Item = &'a str>) -> String {
    let want = crate::domain::text::fold(code);
    let score = |c: &str| {
        let c = crate::domain::text::fold(c);
        let common = c
            .chars()
            .zip(want.chars())
            .take_while(|(a, b)| a == b)
            .count();
        common + if c.contains(&want) { want.len() } else { 0 }
    };
    let mut scored: Vec<(usize, &str)> = codes.map(|c| (score(c), c)).filter(|s| s.0 > 0).collect();
    scored.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    scored
        .iter()
        .take(3)
        .map(|s| s.1)
        .collect::<Vec<_>>()
        .join(", ")
}

impl Form for UnitForm {
    fn title(&self) -> Msg {
        match self.editing {
            Some(_) => Msg::EditUnit,
            None => Msg::NewUnit,
        }
    }

    fn save(&self, cx: &mut Cx) -> Result<(), Refusal<Focus>> {
        let new = self.unit(cx)?;
        let what = format!("{} — {}", new.code, new.name);
        cx.save(self.editing.as_ref(), new, what)?;
        Ok(())
    }
}
