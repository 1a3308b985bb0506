//! The lossless JSON export: every entity and the whole op log. Importing an
//! export into an empty database replays its ops through the one write path,
//! so exporting again gives the same bytes.

use crate::i18n::Msg;
use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::{ImportError, Result};
use crate::domain::{Answer, Change, Finding, Id, Op, Report, Target, Template, Unit, Visit};
use crate::store::codec::SCHEMA;
use crate::store::{Rules, Store};

/// Value of the `format` field.
pub const FORMAT: &str = "haukiem-export";

/// Everything in the database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Export {
    pub format: String,
    pub schema: u16,
    pub units: Vec<Unit>,
    pub templates: Vec<Template>,
    pub visits: Vec<Visit>,
    pub answers: Vec<Answer>,
    pub findings: Vec<Finding>,
    /// The team's text of the visits' documents (none before schema 3).
    #[serde(default)]
    pub reports: Vec<Report>,
    /// The op log, oldest first.
    pub ops: Vec<Op>,
    /// In a bundle: the laptop that wrote it, and what it held then — for
    /// each laptop whose ops it held, the time of the latest. Whoever
    /// takes the bundle records it, and leaves out of its own bundles
    /// what every teammate it knows holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sender: Option<Id>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub known: Vec<(Id, i64)>,
    /// Only the ops some known teammate lacked, without the entity lists:
    /// it applies only on a laptop that holds what it leaves out.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub partial: bool,
}

impl Export {
    /// For each laptop whose ops are in `ops`, the time of its latest.
    #[must_use]
    pub fn known_of(ops: &[Op]) -> Vec<(Id, i64)> {
        let mut latest: std::collections::BTreeMap<Id, i64> = std::collections::BTreeMap::new();
        for op in ops {
            let at = op.at.timestamp_micros();
            let e = latest.entry(op.device).or_insert(at);
            *e = (*e).max(at);
        }
        latest.into_iter().collect()
    }
}

/// Collect everything in a stable order.
///
/// # Errors
/// Storage failure.
pub fn collect(store: &Store) -> Result<Export> {
    let mut units = store.units()?;
    units.sort_by(|a, b| a.code.cmp(&b.code));
    let mut templates = store.templates()?;
    templates.sort_by(|a, b| (&a.code, a.version).cmp(&(&b.code, b.version)));
    let mut visits = store.visits()?;
    visits.sort_by(|a, b| a.code.cmp(&b.code));
    let answers = store.answers()?;
    let mut findings = store.findings()?;
    findings.sort_by(|a, b| a.reference.cmp(&b.reference));
    Ok(Export {
        format: FORMAT.into(),
        schema: SCHEMA,
        units,
        templates,
        visits,
        answers,
        findings,
        reports: store.reports()?,
        ops: store.ops()?,
        sender: None,
        known: Vec::new(),
        partial: false,
    })
}

/// An export with nothing in it but its format and schema.
#[must_use]
pub fn collect_empty() -> Export {
    Export {
        format: FORMAT.into(),
        schema: SCHEMA,
        units: Vec::new(),
        templates: Vec::new(),
        visits: Vec::new(),
        answers: Vec::new(),
        findings: Vec::new(),
        reports: Vec::new(),
        ops: Vec::new(),
        sender: None,
        known: Vec::new(),
        partial: false,
    }
}

/// The export as pretty JSON with a final newline.
///
/// # Errors
/// Storage failure.
pub fn to_json(store: &Store) -> Result<String> {
    let mut s = serde_json::to_string_pretty(&collect(store)?)?;
    s.push('\n');
    Ok(s)
}

#[derive(Deserialize)]
struct Header {
    format: Option<String>,
    schema: Option<u16>,
}

fn json_error(name: &str, e: &serde_json::Error) -> ImportError {
    let what = match e.classify() {
        serde_json::error::Category::Eof => Msg::ExportEof.text().to_string(),
        _ => e
            .to_string()
            .split(" at line")
            .next()
            .unwrap_or_default()
            .to_string(),
    };
    ImportError::at(
        name,
        e.line() as u64,
        Msg::IoColumn.fill(&[&e.column()]),
        what,
    )
}

/// What an export brings.
#[derive(Debug)]
pub struct ToImport {
    /// The ops not already in the database, oldest first.
    pub ops: Vec<Op>,
    /// How many were already there.
    pub skipped: usize,
    /// The laptop that wrote it (a bundle), and what it held.
    pub from: Option<(Id, Vec<(Id, i64)>)>,
    /// Only what the writer's teammates lacked.
    pub partial: bool,
    /// The rules its ops were made under (an old export's are older).
    pub rules: Rules,
}

/// Parse an export and return the ops to apply (those not already in the
/// database) and how many were skipped as already present.
///
/// # Errors
/// Malformed or truncated JSON, another format, a newer schema, entities that
/// disagree with the op log, or references to missing records.
pub fn ops_to_import(store: &Store, name: &str, text: &str) -> Result<ToImport> {
    ops_from(
        store,
        name,
        || serde_json::from_str(text),
        || serde_json::from_str(text),
    )
}

/// [`ops_to_import`] of the export at `path`, read as a stream (twice: the
/// header, then the whole) rather than held as text: an export of hundreds
/// of megabytes would otherwise be in memory twice, as text and as records.
///
/// # Errors
/// As [`ops_to_import`], and the file cannot be read or is not UTF-8.
pub fn read_export(store: &Store, name: &str, path: &std::path::Path) -> Result<ToImport> {
    if !super::is_utf8_file(path)? {
        // Named as for any text file (line, column, what is wrong).
        super::read_text(path)?;
    }
    let (header, export) = (super::open_text(path)?, super::open_text(path)?);
    ops_from(
        store,
        name,
        || serde_json::from_reader(header),
        || serde_json::from_reader(export),
    )
}

/// [`ops_to_import`] of an export held in memory (a bundle's plaintext).
///
/// # Errors
/// As [`ops_to_import`].
pub fn read_export_bytes(store: &Store, name: &str, bytes: &[u8]) -> Result<ToImport> {
    ops_from(
        store,
        name,
        || serde_json::from_slice(bytes),
        || serde_json::from_slice(bytes),
    )
}

fn ops_from(
    store: &Store,
    name: &str,
    header: impl FnOnce() -> serde_json::Result<Header>,
    export: impl FnOnce() -> serde_json::Result<Export>,
) -> Result<ToImport> {
    let header: Header = header().map_err(|e| json_error(name, &e))?;
    if header.format.as_deref() != Some(FORMAT) {
        return Err(ImportError::file(name, Msg::ExportNotOurs.fill(&[&FORMAT])).into());
    }
    match header.schema {
        Some(s) if s > SCHEMA => {
            return Err(
                ImportError::file(name, Msg::ExportNewerSchema.fill(&[&s, &SCHEMA])).into(),
            );
        }
        None => return Err(ImportError::file(name, Msg::ExportNoSchema.text()).into()),
        _ => {}
    }
    let mut export: Export = export().map_err(|e| json_error(name, &e))?;
    let schema1 = header.schema.is_some_and(|s| s < 2);
    if schema1 {
        // Read as schema 2 (serde fills what schema 1 lacked); what schema 1
        // kept in an undo's reason moves to `undoes`, as the migration of a
        // database does, so the same op reads the same on both sides.
        for op in &mut export.ops {
            crate::store::migrate::v1::undo_from_reason(op);
        }
    }
    check_references(store, name, &export)?;
    if !export.partial {
        check_log_matches(name, &export)?;
    }
    check_codes(store, name, &export)?;
    let from = export
        .sender
        .map(|s| (s, std::mem::take(&mut export.known)));
    let partial = export.partial;
    let mut fresh = Vec::new();
    let mut skipped = 0;
    for (i, op) in export.ops.into_iter().enumerate() {
        match store.op_by_id(op.id)? {
            None => fresh.push(op),
            // An op is never changed once made: the same id with other
            // content is a file edited by hand or a forged op.
            Some(stored) if stored == op => skipped += 1,
            Some(_) => {
                return Err(
                    ImportError::file(name, Msg::ExportOpAltered.fill(&[&i, &op.id])).into(),
                );
            }
        }
    }
    Ok(ToImport {
        ops: fresh,
        skipped,
        from,
        partial,
        rules: Rules::History,
    })
}

fn check_references(store: &Store, name: &str, e: &Export) -> Result<()> {
    let units: HashSet<Id> = e.units.iter().map(|u| u.id).collect();
    let visits: HashSet<Id> = e.visits.iter().map(|v| v.id).collect();
    let templates: HashSet<Id> = e.templates.iter().map(|t| t.id).collect();
    let unit_ok = |id: Id| -> Result<bool> { Ok(units.contains(&id) || store.unit(id)?.is_some()) };
    let visit_ok =
        |id: Id| -> Result<bool> { Ok(visits.contains(&id) || store.visit(id)?.is_some()) };
    let missing = |field: String, what: &str, id: Id| {
        let msg = match what {
            "template" => Msg::ExportMissingTemplate,
            "visit" => Msg::ExportMissingVisit,
            _ => Msg::ExportMissingUnit,
        };
        ImportError::file(name, msg.fill(&[&field, &id]))
    };
    for (i, u) in e.units.iter().enumerate() {
        if let Some(p) = u.parent.filter(|p| !unit_ok(*p).unwrap_or(false)) {
            return Err(missing(
                format!("units[{i}].parent ({})", Msg::SubjectUnit.fill(&[&u.code])),
                "unit",
                p,
            )
            .into());
        }
    }
    for (i, v) in e.visits.iter().enumerate() {
        if !templates.contains(&v.template) && store.template(v.template)?.is_none() {
            return Err(missing(
                format!(
                    "visits[{i}].template ({})",
                    Msg::SubjectVisit.fill(&[&v.code])
                ),
                "template",
                v.template,
            )
            .into());
        }
        if let Some(u) = v.units.iter().find(|u| !unit_ok(**u).unwrap_or(false)) {
            return Err(missing(
                format!("visits[{i}].units ({})", Msg::SubjectVisit.fill(&[&v.code])),
                "unit",
                *u,
            )
            .into());
        }
    }
    for (i, a) in e.answers.iter().enumerate() {
        if !visit_ok(a.visit)? {
            return Err(missing(format!("answers[{i}].visit"), "visit", a.visit).into());
        }
        if !unit_ok(a.unit)? {
            return Err(missing(format!("answers[{i}].unit"), "unit", a.unit).into());
        }
    }
    for (i, r) in e.reports.iter().enumerate() {
        if !visit_ok(r.visit)? {
            return Err(missing(format!("reports[{i}].visit"), "visit", r.visit).into());
        }
        if let Some(u) = r.unit.filter(|u| !unit_ok(*u).unwrap_or(false)) {
            return Err(missing(format!("reports[{i}].unit"), "unit", u).into());
        }
    }
    for (i, f) in e.findings.iter().enumerate() {
        if !unit_ok(f.unit)? {
            return Err(missing(
                format!(
                    "findings[{i}].unit ({})",
                    Msg::SubjectFinding.fill(&[&f.reference])
                ),
                "unit",
                f.unit,
            )
            .into());
        }
        if !visit_ok(f.visit)? {
            return Err(missing(
                format!(
                    "findings[{i}].visit ({})",
                    Msg::SubjectFinding.fill(&[&f.reference])
                ),
                "visit",
                f.visit,
            )
            .into());
        }
    }
    Ok(())
}

/// The codes and references in the export must not belong to other records
/// of the database (the same units loaded separately on two laptops, say).
fn check_codes(store: &Store, name: &str, e: &Export) -> Result<()> {
    let taken = |field: String, what: String| {
        ImportError::file(name, Msg::ExportTaken.fill(&[&field, &what]))
    };
    for (i, u) in e.units.iter().enumerate() {
        if store.unit_by_code(&u.code)?.is_some_and(|x| x.id != u.id) {
            return Err(taken(
                format!("units[{i}].code"),
                Msg::TakenUnitCode.fill(&[&u.code]),
            )
            .into());
        }
    }
    for (i, t) in e.templates.iter().enumerate() {
        if store
            .template_by_code(&t.code, t.version)?
            .is_some_and(|x| x.id != t.id)
        {
            return Err(taken(
                format!("templates[{i}].code"),
                Msg::TakenTemplate.fill(&[&t.code, &t.version]),
            )
            .into());
        }
    }
    for (i, v) in e.visits.iter().enumerate() {
        if store.visit_by_code(&v.code)?.is_some_and(|x| x.id != v.id) {
            return Err(taken(
                format!("visits[{i}].code"),
                Msg::TakenVisitCode.fill(&[&v.code]),
            )
            .into());
        }
    }
    for (i, f) in e.findings.iter().enumerate() {
        if store
            .finding_by_ref(&f.reference)?
            .is_some_and(|x| x.id != f.id)
        {
            return Err(taken(
                format!("findings[{i}].reference"),
                Msg::TakenReference.fill(&[&f.reference]),
            )
            .into());
        }
    }
    Ok(())
}

/// The entities listed must be exactly what the op log adds up to.
fn check_log_matches(name: &str, e: &Export) -> Result<(), ImportError> {
    let mut last: HashMap<Target, &Change> = HashMap::new();
    for (i, op) in e.ops.iter().enumerate() {
        if op.change.target().as_ref() != Some(&op.target) {
            return Err(ImportError::file(
                name,
                Msg::ExportTargetMismatch.fill(&[&i]),
            ));
        }
        // A settlement names a conflict, not a record.
        if !matches!(op.target, Target::Conflict(_)) {
            last.insert(op.target.clone(), &op.change);
        }
    }
    let differs = |field: String| ImportError::file(name, Msg::ExportDiffers.fill(&[&field]));
    macro_rules! compare {
        ($list:expr, $field:literal, $variant:ident, $label:expr) => {
            for (i, x) in $list.iter().enumerate() {
                let wanted = Change::create(x.clone());
                let ok = wanted
                    .target()
                    .and_then(|t| last.remove(&t))
                    .is_some_and(|c| match c {
                        Change::$variant { new, .. } => new.as_deref() == Some(x),
                        _ => false,
                    });
                if !ok {
                    return Err(differs(format!("{}[{i}] ({})", $field, $label(x))));
                }
            }
        };
    }
    compare!(e.units, "units", Unit, |u: &Unit| u.code.clone());
    compare!(e.templates, "templates", Template, |t: &Template| t
        .code
        .clone());
    compare!(e.visits, "visits", Visit, |v: &Visit| v.code.clone());
    compare!(e.answers, "answers", Answer, |a: &Answer| a.item.clone());
    compare!(e.findings, "findings", Finding, |f: &Finding| f
        .reference
        .clone());
    compare!(e.reports, "reports", Report, |r: &Report| r
        .visit
        .to_string());
    // Whatever the log still holds must have been deleted.
    if let Some((t, _)) = last
        .iter()
        .find(|(_, c)| c.target().is_some() && !c.is_deletion())
    {
        return Err(ImportError::file(
            name,
            Msg::ExportUnlisted.fill(&[&format!("{t:?}")]),
        ));
    }
    Ok(())
}
