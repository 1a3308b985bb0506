//! Checklist templates from TOML: sections of items with codes, texts,
//! evidence and a critical flag, plus legal bases. Unknown fields, duplicate
//! item codes and empty sections are errors with their line and column.
//!
//! Figures a committee sets for itself (a threshold such as "98%") are
//! data, not wording: an optional `[params]` table names them
//! (`ty_le_hoc_tap = "98%"`) and an item's text or evidence says
//! `{ty_le_hoc_tap}`. The import writes the expanded text; a placeholder
//! without its param, a param no item uses, or a malformed one is refused
//! where it stands.
//!
//! An item only some units answer names their sectors
//! (`sectors = ["XP", "CQ"]`, codes or labels); without it every unit
//! answers the item. One template carries its sector variants this way.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Deserialize;
use toml::Spanned;

use super::import::{Outcome, Staged, TemplateState};
use super::{ImportError, Result, line_col};
use crate::domain::label::Labelled;
use crate::domain::text::{TextRule, clean, clean_multiline, rules, terminal_safe_line};
use crate::domain::{Change, Item, Section, Sector, Template, new_id};
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
    #[serde(default)]
    params: BTreeMap<Spanned<String>, Spanned<toml::Value>>,
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
    /// Codes or labels of the sectors whose units answer it; none: all.
    #[serde(default)]
    sectors: Vec<Spanned<String>>,
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

/// The `[params]` of a template file, and which of them items use.
struct Params {
    /// Name → value, cleaned.
    values: HashMap<String, String>,
    /// Names in the order of the file, each with where it is.
    order: Vec<(String, usize)>,
    used: HashSet<String>,
}

impl Params {
    /// Read `[params]`: names of lower-case ASCII letters, digits and `_`;
    /// values non-empty one-line texts.
    fn read(
        name: &str,
        text: &str,
        raw: BTreeMap<Spanned<String>, Spanned<toml::Value>>,
    ) -> Result<Params, ImportError> {
        let mut raw: Vec<_> = raw.into_iter().collect();
        raw.sort_by_key(|(k, _)| k.span().start);
        let mut params = Params {
            values: HashMap::new(),
            order: Vec::new(),
            used: HashSet::new(),
        };
        for (key, value) in raw {
            let k = key.get_ref();
            if !is_param_name(k) {
                return Err(at(
                    name,
                    text,
                    key.span().start,
                    Msg::TemplateParamName.fill(&[&terminal_safe_line(k)]),
                ));
            }
            let cleaned = match value.get_ref() {
                toml::Value::String(v) => clean(v),
                _ => String::new(),
            };
            if cleaned.is_empty() {
                return Err(at(
                    name,
                    text,
                    value.span().start,
                    Msg::TemplateParamValue.fill(&[&k]),
                ));
            }
            rules::check(rules::LINE, &cleaned).map_err(|problem| {
                at(
                    name,
                    text,
                    value.span().start,
                    Msg::ImportFieldText.fill(&[&format!("params.{k}"), &problem]),
                )
            })?;
            params.values.insert(k.clone(), cleaned);
            params.order.push((k.clone(), key.span().start));
        }
        Ok(params)
    }

    /// `value` with each `{name}` replaced by its param and `{{` by `{`.
    fn expand(
        &mut self,
        name: &str,
        text: &str,
        field: &str,
        value: &Spanned<String>,
    ) -> Result<String, ImportError> {
        let raw = value.get_ref();
        let mut out = String::with_capacity(raw.len());
        let mut rest = raw.as_str();
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            if let Some(more) = after.strip_prefix('{') {
                out.push('{');
                rest = more;
                continue;
            }
            let close = after.find('}').filter(|&c| is_param_name(&after[..c]));
            let Some(close) = close else {
                let shown: String = rest[open..].chars().take(12).collect();
                return Err(at(
                    name,
                    text,
                    where_in(text, value, &shown),
                    Msg::TemplateBadPlaceholder.fill(&[&field]),
                ));
            };
            let param = &after[..close];
            let Some(v) = self.values.get(param) else {
                let declared = if self.order.is_empty() {
                    Msg::TemplateNoParams.text().to_string()
                } else {
                    self.order
                        .iter()
                        .map(|(n, _)| n.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                return Err(at(
                    name,
                    text,
                    where_in(text, value, &format!("{{{param}}}")),
                    Msg::TemplateUnknownParam.fill(&[&field, &param, &declared]),
                ));
            };
            out.push_str(v);
            self.used.insert(param.to_string());
            rest = &after[close + 1..];
        }
        out.push_str(rest);
        Ok(out)
    }

    /// The first param no item used, as an error where it is declared.
    fn check_all_used(&self, name: &str, text: &str) -> Result<(), ImportError> {
        match self.order.iter().find(|(n, _)| !self.used.contains(n)) {
            Some((n, offset)) => Err(at(name, text, *offset, Msg::TemplateParamUnused.fill(&[n]))),
            None => Ok(()),
        }
    }
}

/// A param's name: lower-case ASCII letters, digits and `_`, not empty.
fn is_param_name(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// Where `needle` stands inside the TOML string `value` (its first
/// occurrence in the source), or the start of the string if the source
/// spells it otherwise (with escapes).
fn where_in(text: &str, value: &Spanned<String>, needle: &str) -> usize {
    let span = value.span();
    text.get(span.clone())
        .and_then(|src| src.find(needle))
        .map_or(span.start, |i| span.start + i)
}

/// An item's text or evidence with its params put in, cleaned, if it keeps
/// the rule for texts; else where it is and why not.
fn expanded(
    name: &str,
    text: &str,
    field: &str,
    value: &Spanned<String>,
    params: &mut Params,
) -> Result<String, ImportError> {
    let filled = params.expand(name, text, field, value)?;
    let filled = Spanned::new(value.span(), filled);
    checked(name, text, field, &filled, rules::TEXT)
}

/// An item's sectors, each a code or label ("XP", "Doanh nghiệp"), in
/// the order written, each once; one not known is refused where it stands.
fn sectors(name: &str, text: &str, raw: &[Spanned<String>]) -> Result<Vec<Sector>, ImportError> {
    let mut out = Vec::new();
    for s in raw {
        let sector = Sector::parse_label(s.get_ref()).ok_or_else(|| {
            at(
                name,
                text,
                s.span().start,
                Msg::TemplateUnknownSector
                    .fill(&[&terminal_safe_line(s.get_ref()), &Sector::expected()]),
            )
        })?;
        if !out.contains(&sector) {
            out.push(sector);
        }
    }
    Ok(out)
}

/// Parse a template file.
///
/// # Errors
/// Bad TOML, unknown fields, empty sections or texts, duplicate codes, a
/// placeholder without its param, a param no item uses or a malformed one.
pub fn parse(name: &str, text: &str) -> Result<Template, ImportError> {
    if text.trim().is_empty() {
        return Err(ImportError::file(name, Msg::TomlEmpty.text()));
    }
    let file: TemplateFile = toml::from_str(text).map_err(|e| toml_error(name, text, &e))?;
    let mut params = Params::read(name, text, file.params)?;
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
            let itext = expanded(name, text, "text", &i.text, &mut params)?;
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
                    Some(e) => expanded(name, text, "evidence", e, &mut params)?,
                    None => String::new(),
                },
                critical: i.critical,
                sectors: sectors(name, text, &i.sectors)?,
            });
        }
        sections.push(Section {
            code: scode,
            title: checked(name, text, "title", &s.title, rules::NAME)?,
            items,
        });
    }
    params.check_all_used(name, text)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "code = \"T\"\nversion = 1\ntitle = \"Phiếu\"\n";

    fn with(params: &str, text: &str, evidence: &str) -> String {
        format!(
            "{HEAD}{params}\n[[sections]]\ncode = \"I\"\ntitle = \"Một\"\n\n\
             [[sections.items]]\ncode = \"I.1\"\ntext = \"{text}\"\nevidence = \"{evidence}\"\n"
        )
    }

    fn error(text: &str) -> String {
        crate::i18n::set(crate::i18n::Lang::Vi);
        parse("t.toml", text).expect_err("refused").to_string()
    }

    #[test]
    fn params_are_put_into_text_and_evidence() {
        let t = parse(
            "t.toml",
            &with(
                "[params]\nty_le = \"98%\"\nso_ky = \"12\"\n",
                "Tỷ lệ dự đạt từ {ty_le} trở lên; {{ngoặc}",
                "Sổ biên bản đủ {so_ky} kỳ, tỷ lệ {ty_le}",
            ),
        )
        .expect("parsed");
        let (_, item) = t.item("I.1").expect("I.1");
        assert_eq!(item.text, "Tỷ lệ dự đạt từ 98% trở lên; {ngoặc}");
        assert_eq!(item.evidence, "Sổ biên bản đủ 12 kỳ, tỷ lệ 98%");
    }

    #[test]
    fn a_template_without_params_reads_as_before() {
        let t = parse("t.toml", &with("", "Mục một", "Sổ")).expect("parsed");
        assert_eq!(t.item("I.1").expect("I.1").1.text, "Mục một");
    }

    #[test]
    fn an_unknown_placeholder_is_named_with_its_line_and_column() {
        let e = error(&with(
            "[params]\nty_le = \"98%\"\n",
            "Đạt từ {ty_le_hoc_tap} trở lên",
            "Danh sách",
        ));
        assert_eq!(
            e,
            "t.toml:13, cột 16: trường text: tham số {ty_le_hoc_tap} chưa khai báo \
             trong [params] (đã khai báo: ty_le)"
        );
    }

    #[test]
    fn an_unknown_placeholder_without_params_says_there_are_none() {
        let e = error(&with("", "Mục", "Sổ đủ {so_ky} kỳ"));
        assert!(
            e.starts_with("t.toml:12, cột 19: trường evidence: tham số {so_ky}"),
            "{e}"
        );
        assert!(e.ends_with("(đã khai báo: không có tham số nào)"), "{e}");
    }

    #[test]
    fn a_brace_that_opens_no_placeholder_is_refused() {
        let e = error(&with("", "Đạt {tỷ lệ} trở lên", "Sổ"));
        assert!(
            e.starts_with("t.toml:11, cột 13: trường text: dấu {"),
            "{e}"
        );
        let e = error(&with("", "Đạt {ty_le", "Sổ"));
        assert!(e.starts_with("t.toml:11, cột 13:"), "{e}");
    }

    #[test]
    fn an_unused_param_is_refused_where_it_is_declared() {
        let e = error(&with(
            "[params]\nty_le = \"98%\"\nso_ky = \"12\"\n",
            "Đạt {ty_le}",
            "Sổ",
        ));
        assert!(
            e.starts_with("t.toml:6, cột 1: [params]: tham số so_ky không được dùng"),
            "{e}"
        );
    }

    #[test]
    fn a_malformed_param_is_refused() {
        let e = error(&with("[params]\n\"Tỷ lệ\" = \"98%\"\n", "Đạt", "Sổ"));
        assert!(
            e.starts_with("t.toml:5, cột 1: [params]: tên tham số \"Tỷ lệ\""),
            "{e}"
        );
        let e = error(&with("[params]\nty_le = 98\n", "Đạt {ty_le}", "Sổ"));
        assert!(
            e.starts_with("t.toml:5, cột 9: [params]: tham số ty_le phải là"),
            "{e}"
        );
        let e = error(&with("[params]\nty_le = \"  \"\n", "Đạt {ty_le}", "Sổ"));
        assert!(
            e.starts_with("t.toml:5, cột 9: [params]: tham số ty_le phải là"),
            "{e}"
        );
    }

    #[test]
    fn the_shipped_checklist_takes_its_threshold_from_params() {
        let t = parse("hau-kiem.toml", crate::io::demo::TEMPLATE_TOML).expect("parsed");
        let (_, item) = t.item("II.1").expect("II.1");
        assert!(item.text.contains("từ 98% trở lên"), "{}", item.text);
        assert!(crate::io::demo::TEMPLATE_TOML.contains("{ty_le_hoc_tap}"));
    }

    /// One section with a common item and an item with `sectors` (the
    /// second item's `sectors` line is line 16).
    fn with_sectors(sectors: &str) -> String {
        format!(
            "{HEAD}\n[[sections]]\ncode = \"I\"\ntitle = \"Một\"\n\n\
             [[sections.items]]\ncode = \"I.1\"\ntext = \"Chung\"\n\n\
             [[sections.items]]\ncode = \"I.2\"\ntext = \"Riêng\"\nsectors = {sectors}\n"
        )
    }

    #[test]
    fn an_item_reads_its_sectors_by_code_or_label_each_once() {
        use crate::domain::Sector;
        let t = parse(
            "t.toml",
            &with_sectors(r#"["XP", "Doanh nghiệp", "xa, phuong, thi tran", "co quan"]"#),
        )
        .expect("parsed");
        assert!(t.item("I.1").expect("I.1").1.sectors.is_empty());
        assert_eq!(
            t.item("I.2").expect("I.2").1.sectors,
            vec![Sector::Locality, Sector::Enterprise, Sector::Agency]
        );
        let codes = |s: Sector| {
            t.items_for(s)
                .map(|(_, i)| i.code.as_str())
                .collect::<Vec<_>>()
        };
        assert_eq!(codes(Sector::Locality), ["I.1", "I.2"]);
        assert_eq!(codes(Sector::PublicService), ["I.1"]);
    }

    #[test]
    fn an_unknown_sector_is_named_with_its_line_and_column() {
        let e = error(&with_sectors(r#"["XP", "Hợp tác xã"]"#));
        assert!(
            e.starts_with(
                "t.toml:16, cột 18: sectors: không rõ loại hình \"Hợp tác xã\"; cần một trong: \
                 Xã, phường, thị trấn (XP), Cơ quan (CQ),"
            ),
            "{e}"
        );
        let e = error(&with_sectors(r#""XP""#));
        assert!(e.starts_with("t.toml:16, cột 11:"), "{e}");
    }

    #[test]
    fn the_shipped_checklist_has_variants_for_communes_agencies_and_enterprises() {
        use crate::domain::Sector;
        let t = parse("hau-kiem.toml", crate::io::demo::TEMPLATE_TOML).expect("parsed");
        let only = |s: Sector| {
            t.items_for(s)
                .filter(|(_, i)| !i.sectors.is_empty())
                .map(|(_, i)| i.code.as_str())
                .collect::<Vec<_>>()
        };
        assert_eq!(only(Sector::Locality), ["II.4", "XI.4"]);
        assert_eq!(only(Sector::Agency), ["II.5", "V.4"]);
        assert_eq!(only(Sector::PublicService), ["II.5"]);
        assert_eq!(only(Sector::Enterprise), ["II.6", "V.5"]);
        assert!(only(Sector::Armed).is_empty());
        let common = t.items().filter(|(_, i)| i.sectors.is_empty()).count();
        assert_eq!(common, 37);
        assert_eq!(t.items_for(Sector::Enterprise).count(), 39);
    }
}
