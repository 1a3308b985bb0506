//! Checklist templates (phiếu kiểm tra): sections of items, with their legal
//! bases kept as data. A template version is immutable once answered.

use serde::{Deserialize, Serialize};

use super::{Id, RuleError};

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

/// What is wrong with a template (in the thread's language, as
/// [`RuleError`] says it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplateProblem {
    Incomplete,
    NoSections,
    EmptySection(String),
    IncompleteItem(String),
    DuplicateItem(String),
}

impl std::fmt::Display for TemplateProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::i18n::Msg;
        let l = crate::i18n::current();
        let text = match self {
            TemplateProblem::Incomplete => Msg::TemplateIncomplete.tr(l).to_string(),
            TemplateProblem::NoSections => Msg::TemplateNoSections.tr(l).to_string(),
            TemplateProblem::EmptySection(s) => Msg::TemplateEmptySection.fill_in(l, &[s]),
            TemplateProblem::IncompleteItem(s) => Msg::TemplateIncompleteItem.fill_in(l, &[s]),
            TemplateProblem::DuplicateItem(i) => Msg::TemplateDuplicateItem.fill_in(l, &[i]),
        };
        f.write_str(&text)
    }
}

impl Template {
    /// Check the template: at least one section, every section with items,
    /// codes present and unique, texts present.
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
        })
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
