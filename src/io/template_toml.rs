//! Checklist templates from TOML: sections of items with codes, texts,
//! evidence and a critical flag, plus legal bases. Unknown fields, duplicate
//! item codes and empty sections are errors with their line and column.

use std::collections::HashMap;

use serde::Deserialize;
use toml::Spanned;

use super::{ImportError, Result, line_col};
use crate::domain::text::{TextRule, clean, clean_multiline, rules};
use crate::domain::{Change, Item, Op, Section, Template, new_id};
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

fn at(name: &str, text: &str, offset: usize, msg: impl Into<String>) -> ImportError {
    let (line, col) = line_col(text, offset);
    ImportError::at(name, line, format!("column {col}"), msg)
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
    let code = checked(name, text, "code", &file.code, rules::CODE)?;
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
        let scode = checked(name, text, "code", &s.code, rules::CODE)?;
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
            let icode = checked(name, text, "code", &i.code, rules::CODE)?;
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
            let itext = checked(name, text, "text", &i.text, rules::TEXT)?;
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
                evidence: match &i.evidence {
                    Some(e) => checked(name, text, "evidence", e, rules::TEXT)?,
                    None => String::new(),
                },
                critical: i.critical,
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

/// The template's code and version must be new.
///
/// # Errors
/// The same code and version is already in the database.
pub fn check_new(store: &Store, name: &str, t: &Template) -> Result<()> {
    if store.template_by_code(&t.code, t.version)?.is_some() {
        return Err(ImportError::file(name, format!("template {} version {} already exists; a used template cannot change — give the new one a higher version", t.code, t.version)).into());
    }
    Ok(())
}

/// The op that creates the template.
///
/// # Errors
/// Never for a parsed template.
pub fn create_op(store: &Store, t: Template) -> Result<Op> {
    Ok(store.new_op(Change::create(t), None)?)
}
