//! Checklist templates (phiếu kiểm tra): sections of items, with their legal
//! bases kept as data. A template version is immutable once answered.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use super::rule::Entity;
use super::text::TextRule;
use super::text::rules::{CODE, LINE, NAME, TEXT};
use super::{Id, RuleError, Sector};
use crate::i18n::Msg;

/// One checklist item (e.g. `VI.1`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    /// Code like `VI.1`, unique within the template.
    pub code: String,
    pub text: String,
    /// What the team looks at to judge it (bằng chứng).
    pub evidence: String,
    /// A failure here is serious.
    pub critical: bool,
    /// The sectors whose units answer it (xã/phường, cơ quan, doanh
    /// nghiệp…); empty: every unit. One template carries its sector
    /// variants this way, and each unit walks the items of its sector.
    #[serde(default)]
    pub sectors: Vec<Sector>,
}

impl Item {
    /// Whether a unit of `sector` answers this item.
    #[must_use]
    pub fn applies_to(&self, sector: Sector) -> bool {
        self.sectors.is_empty() || self.sectors.contains(&sector)
    }
}

/// A section of the checklist (e.g. `VI. Sinh hoạt cấp ủy, chi bộ`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    /// Roman numeral code, e.g. `VI`.
    pub code: String,
    pub title: String,
    pub items: Vec<Item>,
}

/// A versioned checklist template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Template {
    pub id: Id,
    pub code: String,
    pub version: u32,
    pub title: String,
    /// Căn cứ: the regulations the checklist rests on.
    pub legal_bases: Vec<String>,
    pub sections: Vec<Section>,
}

impl Template {
    /// Every item, in order, with its section.
    pub fn items(&self) -> impl Iterator<Item = (&Section, &Item)> {
        self.sections
            .iter()
            .flat_map(|s| s.items.iter().map(move |i| (s, i)))
    }

    /// The items a unit of `sector` answers, in order, with their section.
    pub fn items_for(&self, sector: Sector) -> impl Iterator<Item = (&Section, &Item)> {
        self.items().filter(move |(_, i)| i.applies_to(sector))
    }

    /// The item with this code.
    #[must_use]
    pub fn item(&self, code: &str) -> Option<(&Section, &Item)> {
        self.items().find(|(_, i)| i.code == code)
    }

    /// Number of items.
    #[must_use]
    pub fn item_count(&self) -> usize {
        self.sections.iter().map(|s| s.items.len()).sum()
    }

    /// The section an item code belongs to.
    #[must_use]
    pub fn section_of(&self, item_code: &str) -> Option<&Section> {
        self.item(item_code).map(|(s, _)| s)
    }
}

/// What is wrong with a template.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateProblem {
    #[error("{}", Msg::TemplateIncomplete.text())]
    Incomplete,
    #[error("{}", Msg::TemplateNoSections.text())]
    NoSections,
    #[error("{}", Msg::TemplateEmptySection.fill(&[.0]))]
    EmptySection(String),
    #[error("{}", Msg::TemplateIncompleteItem.fill(&[.0]))]
    IncompleteItem(String),
    #[error("{}", Msg::TemplateDuplicateItem.fill(&[.0]))]
    DuplicateItem(String),
}

impl Template {
    /// Check the template: at least one section, every section with items,
    /// codes present and unique, texts present and within their rules.
    ///
    /// # Errors
    /// The first problem, naming the offending section or item.
    pub fn validate(&self) -> Result<(), RuleError> {
        self.problem().map_or(Ok(()), |problem| {
            Err(RuleError::Template {
                code: self.code.clone(),
                version: self.version,
                problem,
            })
        })?;
        self.check_texts()
    }

    /// Every text of the template within its rule.
    fn check_texts(&self) -> Result<(), RuleError> {
        let mut fields: Vec<(Cow<'_, str>, TextRule, &str)> = vec![
            ("code".into(), CODE, &self.code),
            ("title".into(), NAME, &self.title),
        ];
        for (i, b) in self.legal_bases.iter().enumerate() {
            fields.push((format!("legal_bases[{i}]").into(), LINE, b));
        }
        for (i, s) in self.sections.iter().enumerate() {
            fields.push((format!("sections[{i}].code").into(), CODE, &s.code));
            fields.push((format!("sections[{i}].title").into(), NAME, &s.title));
            for (j, item) in s.items.iter().enumerate() {
                let at =
                    |f: &str| -> Cow<'_, str> { format!("sections[{i}].items[{j}].{f}").into() };
                fields.push((at("code"), CODE, &item.code));
                fields.push((at("text"), TEXT, &item.text));
                fields.push((at("evidence"), TEXT, &item.evidence));
            }
        }
        Entity::Template.check_texts(&format!("{} v{}", self.code, self.version), fields)
    }

    fn problem(&self) -> Option<TemplateProblem> {
        if self.code.trim().is_empty() || self.title.trim().is_empty() {
            return Some(TemplateProblem::Incomplete);
        }
        if self.sections.is_empty() {
            return Some(TemplateProblem::NoSections);
        }
        let mut seen = std::collections::HashSet::new();
        for s in &self.sections {
            if s.items.is_empty() {
                return Some(TemplateProblem::EmptySection(s.code.clone()));
            }
            for i in &s.items {
                if i.code.trim().is_empty() || i.text.trim().is_empty() {
                    return Some(TemplateProblem::IncompleteItem(s.code.clone()));
                }
                if !seen.insert(i.code.as_str()) {
                    return Some(TemplateProblem::DuplicateItem(i.code.clone()));
                }
            }
        }
        None
    }
}
