//! Checklist templates from TOML: sections of items with codes, texts,
//! evidence and a critical flag, plus legal bases. Unknown fields, duplicate
//! item codes and empty sections are errors with their line and column.

use std::collections::HashMap;

use serde::Deserialize;
use toml::Spanned;

use super::import::{Outcome, Staged, TemplateState};
use super::{ImportError, Result, line_col};
use crate::domain::text::{TextRule, clean, clean_multiline, rules};
use crate::domain::{Change, Item, Section, Template, new_id};
use crate::i18n::Msg;
use crate::store::Store;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TemplateFile {
    code: Spanned<String>,
    version: u32,
    title: Spanned<String>,
    #[serde(default)]
    legal_bases: Vec<Spanned<String>>,
    sections: Spanned<Vec<SectionFile>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SectionFile {
    code: Spanned<String>,
    title: Spanned<String>,
    #[serde(default)]
    items: Vec<ItemFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ItemFile {
    code: Spanned<String>,
    text: Spanned<String>,
    #[serde(default)]
    evidence: Option<Spanned<String>>,
    #[serde(default)]
    critical: bool,
}

/// An error at byte `offset` of `text`: its line and column.
pub(super) fn at(name: &str, text: &str, offset: usize, msg: impl Into<String>) -> ImportError {
    let (line, col) = line_col(text, offset);
    ImportError::at(name, line, Msg::IoColumn.fill(&[&col]), msg)
}

/// A TOML error where it happened. serde's words for a missing or an
/// unknown field are said in the interface language; the TOML parser's
/// own (syntax) are kept as they are.
pub(super) fn toml_error(name: &str, text: &str, e: &toml::de::Error) -> ImportError {
    let msg = field_error(e.message().trim());
    match e.span() {
        Some(span) => at(name, text, span.start, msg),
        None => ImportError::file(name, msg),
    }
}

/// serde's "missing field `x`" and "unknown field `x`, expected …" in the
/// interface language; any other message as it is.
fn field_error(msg: &str) -> String {
    if let Some(field) = msg
        .strip_prefix("missing field `")
        .and_then(|r| r.strip_suffix('`'))
    {
        return Msg::TomlMissingField.fill(&[&field]);
    }
    if let Some((field, expected)) = msg
        .strip_prefix("unknown field `")
        .and_then(|r| r.split_once("`, expected "))
    {
        let expected = expected.strip_prefix("one of ").unwrap_or(expected);
        return Msg::TomlUnknownField.fill(&[&field, &expected]);
    }
    msg.to_string()
}

/// A field's value, cleaned, if it keeps `rule`; else where it is and why not.
fn checked(
    name: &str,
    text: &str,
    field: &str,
    value: &Spanned<String>,
    rule: TextRule,
) -> Result<String, ImportError> {
    let cleaned = if rule.multiline {
        clean_multiline(value.get_ref())
    } else {
        clean(value.get_ref())
    };
    rules::check(rule, &cleaned).map_err(|problem| {
        at(
            name,
            text,
            value.span().start,
            Msg::ImportFieldText.fill(&[&field, &problem]),
        )
    })?;
    Ok(cleaned)
}

/// Parse a template file.
///
/// # Errors
/// Bad TOML, unknown fields, empty sections or texts, duplicate codes.
pub fn parse(name: &str, text: &str) -> Result<Template, ImportError> {
    if text.trim().is_empty() {
        return Err(ImportError::file(name, Msg::TomlEmpty.text()));
    }
    let file: TemplateFile = toml::from_str(text).map_err(|e| toml_error(name, text, &e))?;
    let code = checked(name, text, "code", &file.code, rules::CODE)?;
    if code.is_empty() {
        return Err(at(
            name,
            text,
            file.code.span().start,
            Msg::TemplateEmptyCode.text(),
        ));
    }
    if file.sections.get_ref().is_empty() {
        return Err(at(
            name,
            text,
            file.sections.span().start,
            Msg::TemplateWithoutSections.text(),
        ));
    }
    let mut seen_items: HashMap<String, usize> = HashMap::new();
    let mut seen_sections: HashMap<String, usize> = HashMap::new();
    let mut sections = Vec::new();
    for s in file.sections.into_inner() {
        let scode = checked(name, text, "code", &s.code, rules::CODE)?;
        if scode.is_empty() {
            return Err(at(
                name,
                text,
                s.code.span().start,
                Msg::SectionEmptyCode.text(),
            ));
        }
        if let Some(first) = seen_sections.insert(scode.clone(), s.code.span().start) {
            let (l, _) = line_col(text, first);
            return Err(at(
                name,
                text,
                s.code.span().start,
                Msg::SectionCodeTwice.fill(&[&scode, &l]),
            ));
        }
        if s.items.is_empty() {
            return Err(at(
                name,
                text,
                s.code.span().start,
                Msg::TemplateEmptySection.fill(&[&scode]),
            ));
        }
        let mut items = Vec::new();
        for i in s.items {
            let icode = checked(name, text, "code", &i.code, rules::CODE)?;
            if icode.is_empty() {
                return Err(at(
                    name,
                    text,
                    i.code.span().start,
                    Msg::ItemEmptyCode.text(),
                ));
            }
            if let Some(first) = seen_items.insert(icode.clone(), i.code.span().start) {
                let (l, _) = line_col(text, first);
                return Err(at(
                    name,
                    text,
                    i.code.span().start,
                    Msg::ItemCodeTwice.fill(&[&icode, &l]),
                ));
            }
            let itext = checked(name, text, "text", &i.text, rules::TEXT)?;
            if itext.is_empty() {
                return Err(at(
                    name,
                    text,
                    i.text.span().start,
                    Msg::ItemNoText.fill(&[&icode]),
                ));
            }
            items.push(Item {
                code: icode,
                text: itext,
                evidence: match &i.evidence {
                    Some(e) => checked(name, text, "evidence", e, rules::TEXT)?,
                    None => String::new(),
                },
                critical: i.critical,
                sectors: Vec::new(),
            });
        }
        sections.push(Section {
            code: scode,
            title: checked(name, text, "title", &s.title, rules::NAME)?,
            items,
        });
    }
    let mut legal_bases = Vec::new();
    for b in &file.legal_bases {
        let b = checked(name, text, "legal_bases", b, rules::LINE)?;
        if !b.is_empty() {
            legal_bases.push(b);
        }
    }
    Ok(Template {
        id: new_id(),
        code,
        version: file.version,
        title: checked(name, text, "title", &file.title, rules::NAME)?,
        legal_bases,
        sections,
    })
}

/// Read a template file: new (a change that adds it), already stored as
/// it is (nothing to do), a stored version no visit uses with other content
/// (an update that replaces it), or a version a visit uses with other
/// content (refused: a template in use cannot change).
///
/// # Errors
/// Bad TOML (see [`parse`]), or the same code and version with other content
/// where a visit uses it (or an earlier file of this import adds it).
pub fn read(
    store: &Store,
    name: &str,
    text: &str,
    staged: &mut Staged,
) -> Result<(Outcome, Vec<Change>)> {
    let t = parse(name, text)?;
    let in_staged = staged
        .templates
        .iter()
        .find(|x| x.code == t.code && x.version == t.version)
        .cloned();
    let stored = match &in_staged {
        Some(x) => Some(x.clone()),
        None => store.template_by_code(&t.code, t.version)?,
    };
    let outcome = |state| Outcome::Template {
        code: t.code.clone(),
        version: t.version,
        items: t.item_count(),
        state,
    };
    match stored {
        Some(s) if same_content(&s, &t) => Ok((outcome(TemplateState::Same), Vec::new())),
        Some(s) if in_staged.is_none() && !store.template_in_use(s.id)? => {
            let new = Template {
                id: s.id,
                ..t.clone()
            };
            staged.templates.push(new.clone());
            Ok((
                outcome(TemplateState::Replaced),
                vec![Change::update(s, new)],
            ))
        }
        Some(_) => Err(ImportError::file(
            name,
            Msg::ImportTemplateDiffers.fill(&[&t.code, &t.version]),
        )
        .into()),
        None => {
            staged.templates.push(t.clone());
            Ok((outcome(TemplateState::New), vec![Change::create(t)]))
        }
    }
}

/// The same template but for its id (each import makes a new one).
fn same_content(a: &Template, b: &Template) -> bool {
    Template {
        id: b.id,
        ..a.clone()
    } == *b
}
