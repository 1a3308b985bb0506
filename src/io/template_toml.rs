//! Checklist templates from TOML: sections of items with codes, texts,
//! evidence and a critical flag, plus legal bases. Unknown fields, duplicate
//! item codes and empty sections are errors with their line and column.

use std::collections::HashMap;

use serde::Deserialize;
use toml::Spanned;

use super::{ImportError, Result, line_col};
use crate::domain::text::{clean, clean_multiline};
use crate::domain::{Change, Item, Op, Section, Template, new_id};
use crate::store::Store;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TemplateFile {
    code: Spanned<String>,
    version: u32,
    title: String,
    #[serde(default)]
    legal_bases: Vec<String>,
    sections: Spanned<Vec<SectionFile>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SectionFile {
    code: Spanned<String>,
    title: String,
    #[serde(default)]
    items: Vec<ItemFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ItemFile {
    code: Spanned<String>,
    text: Spanned<String>,
    #[serde(default)]
    evidence: String,
    #[serde(default)]
    critical: bool,
}

fn at(name: &str, text: &str, offset: usize, msg: impl Into<String>) -> ImportError {
    let (line, col) = line_col(text, offset);
    ImportError::at(name, line, format!("column {col}"), msg)
}

/// Parse a template file.
///
/// # Errors
/// Bad TOML, unknown fields, empty sections or texts, duplicate codes.
pub fn parse(name: &str, text: &str) -> Result<Template, ImportError> {
    if text.trim().is_empty() {
        return Err(ImportError::file(
            name,
            "the file is empty: expected code, version, title and [[sections]]",
        ));
    }
    let file: TemplateFile = toml::from_str(text).map_err(|e| {
        let msg = e.message().trim().to_string();
        match e.span() {
            Some(span) => at(name, text, span.start, msg),
            None => ImportError::file(name, msg),
        }
    })?;
    let code = clean(file.code.get_ref());
    if code.is_empty() {
        return Err(at(
            name,
            text,
            file.code.span().start,
            "field code: the template code is empty",
        ));
    }
    if file.sections.get_ref().is_empty() {
        return Err(at(
            name,
            text,
            file.sections.span().start,
            "the template has no sections",
        ));
    }
    let mut seen_items: HashMap<String, usize> = HashMap::new();
    let mut seen_sections: HashMap<String, usize> = HashMap::new();
    let mut sections = Vec::new();
    for s in file.sections.into_inner() {
        let scode = clean(s.code.get_ref());
        if scode.is_empty() {
            return Err(at(
                name,
                text,
                s.code.span().start,
                "field code: the section code is empty",
            ));
        }
        if let Some(first) = seen_sections.insert(scode.clone(), s.code.span().start) {
            let (l, _) = line_col(text, first);
            return Err(at(
                name,
                text,
                s.code.span().start,
                format!("section code {scode} appears twice (first on line {l})"),
            ));
        }
        if s.items.is_empty() {
            return Err(at(
                name,
                text,
                s.code.span().start,
                format!("section {scode} has no items"),
            ));
        }
        let mut items = Vec::new();
        for i in s.items {
            let icode = clean(i.code.get_ref());
            if icode.is_empty() {
                return Err(at(
                    name,
                    text,
                    i.code.span().start,
                    "field code: the item code is empty",
                ));
            }
            if let Some(first) = seen_items.insert(icode.clone(), i.code.span().start) {
                let (l, _) = line_col(text, first);
                return Err(at(
                    name,
                    text,
                    i.code.span().start,
                    format!("item code {icode} appears twice (first on line {l})"),
                ));
            }
            let itext = clean_multiline(i.text.get_ref());
            if itext.is_empty() {
                return Err(at(
                    name,
                    text,
                    i.text.span().start,
                    format!("field text: item {icode} has no text"),
                ));
            }
            items.push(Item {
                code: icode,
                text: itext,
                evidence: clean_multiline(&i.evidence),
                critical: i.critical,
            });
        }
        sections.push(Section {
            code: scode,
            title: clean(&s.title),
            items,
        });
    }
    Ok(Template {
        id: new_id(),
        code,
        version: file.version,
        title: clean(&file.title),
        legal_bases: file
            .legal_bases
            .iter()
            .map(|b| clean(b))
            .filter(|b| !b.is_empty())
            .collect(),
        sections,
    })
}

/// What importing a template does to the one of the same code and version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// There was none: it is added.
    New,
    /// There is one with the same content: nothing changes.
    Unchanged,
    /// There is one that no visit uses: the new content replaces it.
    Replaced,
}

/// The op that imports `t` (none for the same content already there), and
/// what it does. A version a visit uses can no longer change.
///
/// # Errors
/// The same code and version is used by a visit with other content, or
/// storage failure.
pub fn import_op(store: &Store, name: &str, t: Template) -> Result<(Option<Op>, Outcome)> {
    let Some(old) = store.template_by_code(&t.code, t.version)? else {
        return Ok((Some(create_op(store, t)?), Outcome::New));
    };
    let new = Template { id: old.id, ..t };
    if new == old {
        return Ok((None, Outcome::Unchanged));
    }
    if store.template_in_use(old.id)? {
        return Err(ImportError::file(name, format!("template {} version {} already exists; a used template cannot change — give the new one a higher version", new.code, new.version)).into());
    }
    Ok((
        Some(store.new_op(Change::update(old, new), None)?),
        Outcome::Replaced,
    ))
}

/// The op that creates the template.
///
/// # Errors
/// Never for a parsed template.
pub fn create_op(store: &Store, t: Template) -> Result<Op> {
    Ok(store.new_op(Change::create(t), None)?)
}
