//! The baseline from CSV: the shortcomings (hạn chế, khuyết điểm) named at
//! a unit's kiểm điểm — in its báo cáo kiểm điểm or the upper committee's
//! thông báo kết luận — one a row, each attached to the visit that will
//! re-check it. A CSV is this kind when its header has a `noi_dung|title`
//! column (a units CSV has `ten|name`). The file is read as units CSVs are
//! (BOM, `,` or `;`, CRLF or LF, Vietnamese or English headers).
//!
//! Rules, documented in the README:
//! - the visit is the `dot` column's, else the latest visit of the unit
//!   that is not concluded; a concluded visit takes no new finding;
//! - the finding counts as recorded on the document's date
//!   (`ngay_van_ban`), else on the day of the import;
//! - `han` empty: the deadline is the last day of that visit, when the
//!   team re-checks it; the deadline may not precede the day recorded;
//! - `trach_nhiem` reads "tập thể: Chi ủy" or "cá nhân: đồng chí …"; plain
//!   text is a collective's name; empty, the unit's own collective;
//! - a row whose unit, title and document are already in the database
//!   adds nothing (re-importing a file is harmless); the same row twice in
//!   one file is a mistake.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};

use super::import::{Outcome, Staged};
use super::units_csv::{Header, Records, delimiter, header_name};
use super::{ImportError, Result};
use crate::domain::date::{format_date, parse_date};
use crate::domain::finding::{device_tag, reference};
use crate::domain::label::Labelled;
use crate::domain::text::{TextRule, clean, clean_multiline, rules};
use crate::domain::{
    Change, Event, Finding, FindingStatus, FollowUp, Id, Origin, Responsibility,
    ResponsibilityKind, Severity, Unit, Visit, VisitStatus, new_id,
};
use crate::i18n::Msg;
use crate::store::Store;

/// The columns, with the header names accepted for each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Unit,
    Title,
    Kind,
    Cause,
    Responsibility,
    Remedy,
    Due,
    Doc,
    DocDate,
    Visit,
}

const COLUMNS: &[(Col, &[&str])] = &[
    (Col::Unit, &["don_vi", "unit", "ma_don_vi"]),
    (Col::Title, &["noi_dung", "title"]),
    (Col::Kind, &["loai", "kind"]),
    (Col::Cause, &["nguyen_nhan", "cause"]),
    (Col::Responsibility, &["trach_nhiem", "responsibility"]),
    (Col::Remedy, &["giai_phap", "remedy"]),
    (Col::Due, &["han", "due"]),
    (Col::Doc, &["van_ban", "source_doc"]),
    (Col::DocDate, &["ngay_van_ban", "source_date"]),
    (Col::Visit, &["dot", "visit"]),
];

fn column_of(h: &str) -> Option<Col> {
    let key = header_name(h);
    COLUMNS
        .iter()
        .find(|(_, names)| names.contains(&key.as_str()))
        .map(|(c, _)| *c)
}

fn col_name(c: Col) -> &'static str {
    COLUMNS
        .iter()
        .find(|(x, _)| *x == c)
        .map_or("", |(_, n)| n[0])
}

/// Whether `text` is a baseline CSV: its header names a `noi_dung|title`
/// column.
#[must_use]
pub fn is_baseline(text: &str) -> bool {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter(text))
        .flexible(true)
        .has_headers(false)
        .from_reader(text.as_bytes());
    reader
        .records()
        .next()
        .and_then(std::result::Result::ok)
        .is_some_and(|h| h.iter().any(|c| column_of(c) == Some(Col::Title)))
}

/// One row as read, before it meets the database.
#[derive(Debug, Clone)]
struct Row {
    line: u64,
    unit: String,
    visit: Option<String>,
    title: String,
    severity: Severity,
    cause: String,
    /// As written; read once the unit is known (empty: the unit's own).
    responsibility: String,
    remedy: String,
    due: Option<NaiveDate>,
    doc: String,
    doc_date: Option<NaiveDate>,
}

/// Where the records a baseline is checked against come from: the
/// database and the files imported with it, or the demo being built.
pub trait Book {
    /// The unit with this code.
    ///
    /// # Errors
    /// Storage failure.
    fn unit(&self, code: &str) -> Result<Option<Unit>>;
    /// The visit with this code.
    ///
    /// # Errors
    /// Storage failure.
    fn visit(&self, code: &str) -> Result<Option<Visit>>;
    /// Every visit that includes `unit`.
    ///
    /// # Errors
    /// Storage failure.
    fn visits_of(&self, unit: Id) -> Result<Vec<Visit>>;
    /// Whether `unit` already has a baseline finding with this title and
    /// source document.
    ///
    /// # Errors
    /// Storage failure.
    fn has(&self, unit: Id, title: &str, doc: &str) -> Result<bool>;
    /// The first number free for the references `tag` makes in `visit`.
    ///
    /// # Errors
    /// Storage failure.
    fn next_seq(&self, visit: &str, tag: &str) -> Result<u32>;
}

/// Who records the findings, with which device tag, and when.
pub struct Recorder<'a> {
    pub tag: String,
    pub by: String,
    pub today: NaiveDate,
    /// The moment recorded for a finding counted as recorded on a day.
    pub at: &'a dyn Fn(NaiveDate) -> DateTime<Utc>,
}

/// What a file brings: the findings to add, and the rows already present.
#[derive(Debug, Default)]
pub struct Baseline {
    pub findings: Vec<Finding>,
    pub already: usize,
}

/// Read a baseline CSV into findings to add.
///
/// `seen` holds the (unit, title, document) of rows taken so far by this
/// import and `seqs` the reference numbers it used per visit, so that two
/// files of one import neither repeat a row nor a reference.
///
/// # Errors
/// The first problem, with file, line and column; or the records cannot be
/// read.
pub fn build(
    book: &dyn Book,
    name: &str,
    text: &str,
    rec: &Recorder<'_>,
    seen: &mut HashMap<(Id, String, String), String>,
    seqs: &mut HashMap<String, u32>,
) -> Result<Baseline> {
    let (cols, rows) = rows(name, text)?;
    let mut out = Baseline::default();
    for row in rows {
        let err =
            |c: Col, msg: String| ImportError::at(name, row.line, column_label(&cols, c), msg);
        let unit = book
            .unit(&row.unit)?
            .ok_or_else(|| err(Col::Unit, Msg::BaselineUnknownUnit.fill(&[&row.unit])))?;
        let visit = visit_of(book, name, &row, &unit, &err)?;
        let key = (unit.id, row.title.to_lowercase(), row.doc.to_lowercase());
        if let Some(first) = seen.get(&key) {
            return Err(err(Col::Title, Msg::BaselineRowTwice.fill(&[first])).into());
        }
        seen.insert(key, format!("{name}:{}", row.line));
        if book.has(unit.id, &row.title, &row.doc)? {
            out.already += 1;
            continue;
        }
        if let Some(d) = row.doc_date
            && d > rec.today
        {
            let msg = Msg::BaselineDocAfterToday.fill(&[&format_date(d), &format_date(rec.today)]);
            return Err(err(Col::DocDate, msg).into());
        }
        let created = row.doc_date.unwrap_or(rec.today);
        let due = row.due.unwrap_or(visit.end);
        if due < created {
            let msg = match row.due {
                Some(_) => {
                    Msg::BaselineDueBeforeCreated.fill(&[&format_date(due), &format_date(created)])
                }
                None => Msg::BaselineVisitEndsBefore.fill(&[
                    &visit.code,
                    &format_date(due),
                    &format_date(created),
                ]),
            };
            return Err(err(Col::Due, msg).into());
        }
        let seq = match seqs.get(&visit.code) {
            Some(n) => *n,
            None => book.next_seq(&visit.code, &rec.tag)?,
        };
        seqs.insert(visit.code.clone(), seq + 1);
        let f = Finding {
            id: new_id(),
            reference: reference(&visit.code, &rec.tag, seq),
            unit: unit.id,
            visit: visit.id,
            item: None,
            title: row.title.clone(),
            detail: String::new(),
            cause: row.cause.clone(),
            responsibility: responsibility(&row.responsibility, &unit),
            remedy: row.remedy.clone(),
            severity: row.severity,
            due,
            status: FindingStatus::Open,
            created,
            history: vec![FollowUp {
                date: created,
                at: (rec.at)(created),
                by: rec.by.clone(),
                event: Event::Created,
                note: String::new(),
            }],
            origin: Origin::Review {
                doc: row.doc.clone(),
                date: row.doc_date,
            },
        };
        f.validate()
            .map_err(|e| ImportError::at(name, row.line, "", e.to_string()))?;
        out.findings.push(f);
    }
    Ok(out)
}

/// The visit that re-checks `row`: the one it names, else the unit's latest
/// one not concluded.
fn visit_of(
    book: &dyn Book,
    name: &str,
    row: &Row,
    unit: &Unit,
    err: &dyn Fn(Col, String) -> ImportError,
) -> Result<Visit> {
    let Some(code) = &row.visit else {
        return following(book.visits_of(unit.id)?, unit.id).ok_or_else(|| {
            ImportError::at(name, row.line, "", Msg::BaselineNoVisit.fill(&[&unit.code])).into()
        });
    };
    let v = book
        .visit(code)?
        .ok_or_else(|| err(Col::Visit, Msg::BaselineUnknownVisit.fill(&[code])))?;
    if !v.units.contains(&unit.id) {
        return Err(err(
            Col::Visit,
            Msg::BaselineVisitLacksUnit.fill(&[code, &unit.code]),
        )
        .into());
    }
    if v.status == VisitStatus::Concluded {
        return Err(err(Col::Visit, Msg::BaselineVisitConcluded.fill(&[code])).into());
    }
    Ok(v)
}

/// The visit that follows up `unit`'s baseline when none is named: its
/// latest visit (by start, then code) that is not concluded.
#[must_use]
pub fn following(visits: impl IntoIterator<Item = Visit>, unit: Id) -> Option<Visit> {
    visits
        .into_iter()
        .filter(|v| v.status != VisitStatus::Concluded && v.units.contains(&unit))
        .max_by(|a, b| a.start.cmp(&b.start).then_with(|| a.code.cmp(&b.code)))
}

/// "tập thể: Chi ủy", "cá nhân: đồng chí …", or a collective's name; empty,
/// the unit's own collective.
fn responsibility(text: &str, unit: &Unit) -> Responsibility {
    if text.is_empty() {
        return Responsibility {
            kind: ResponsibilityKind::Collective,
            name: unit.name.clone(),
        };
    }
    if let Some((head, name)) = text.split_once(':')
        && let Some(kind) = ResponsibilityKind::parse_label(head)
    {
        let name = clean(name);
        return Responsibility {
            kind,
            name: if name.is_empty() {
                unit.name.clone()
            } else {
                name
            },
        };
    }
    Responsibility {
        kind: ResponsibilityKind::Collective,
        name: text.to_string(),
    }
}

/// `column N (name)` of column `c`.
fn column_label(cols: &[Col], c: Col) -> String {
    match cols.iter().position(|x| *x == c) {
        Some(i) => Msg::IoColumnNamed.fill(&[&(i + 1), &col_name(c)]),
        None => Msg::IoColumn.fill(&[&col_name(c)]),
    }
}

/// The header's columns and the rows, each checked on its own.
fn rows(name: &str, text: &str) -> Result<(Vec<Col>, Vec<Row>), ImportError> {
    let (cols, records) = Records::open(
        name,
        text,
        Msg::BaselineEmpty,
        &Header {
            of: column_of,
            name: col_name,
            required: &[Col::Unit, Col::Title, Col::Kind],
            unknown: Msg::BaselineUnknownColumn,
        },
    )?;
    let mut rows = Vec::new();
    for rec in records {
        let (line, rec) = rec?;
        rows.push(parse_row(name, line, &cols, &rec)?);
    }
    if rows.is_empty() {
        return Err(ImportError::file(name, Msg::BaselineNoRows.text()));
    }
    Ok((cols, rows))
}

fn parse_row(
    name: &str,
    line: u64,
    cols: &[Col],
    rec: &csv::StringRecord,
) -> Result<Row, ImportError> {
    let mut row = Row {
        line,
        unit: String::new(),
        visit: None,
        title: String::new(),
        severity: Severity::Shortcoming,
        cause: String::new(),
        responsibility: String::new(),
        remedy: String::new(),
        due: None,
        doc: String::new(),
        doc_date: None,
    };
    for (i, (c, raw)) in cols.iter().zip(rec.iter()).enumerate() {
        let at = || Msg::IoColumnNamed.fill(&[&(i + 1), &col_name(*c)]);
        let multiline = matches!(c, Col::Cause | Col::Remedy);
        let v = if multiline {
            clean_multiline(raw)
        } else {
            clean(raw)
        };
        let rule: TextRule = match c {
            Col::Unit | Col::Visit => rules::CODE,
            Col::Doc => rules::REFERENCE,
            Col::Cause | Col::Remedy => rules::TEXT,
            _ => rules::NAME,
        };
        if let Err(problem) = rules::check(rule, &v) {
            return Err(ImportError::at(
                name,
                line,
                at(),
                Msg::ImportText.fill(&[&problem]),
            ));
        }
        let required = |v: String| {
            if v.is_empty() {
                Err(ImportError::at(
                    name,
                    line,
                    at(),
                    Msg::BaselineEmptyCell.text(),
                ))
            } else {
                Ok(v)
            }
        };
        let date = |v: &str| -> Result<Option<NaiveDate>, ImportError> {
            if v.is_empty() {
                return Ok(None);
            }
            parse_date(v, NaiveDate::MIN)
                .map(Some)
                .map_err(|e| ImportError::at(name, line, at(), e.to_string()))
        };
        match c {
            Col::Unit => row.unit = required(v)?,
            Col::Title => row.title = required(v)?,
            Col::Kind => {
                let v = required(v)?;
                row.severity = Severity::parse_label(&v).ok_or_else(|| {
                    ImportError::at(
                        name,
                        line,
                        at(),
                        Msg::BaselineUnknownGrade.fill(&[&v, &Severity::expected()]),
                    )
                })?;
            }
            Col::Cause => row.cause = v,
            Col::Responsibility => row.responsibility = v,
            Col::Remedy => row.remedy = v,
            Col::Due => row.due = date(&v)?,
            Col::Doc => row.doc = v,
            Col::DocDate => row.doc_date = date(&v)?,
            Col::Visit => row.visit = (!v.is_empty()).then_some(v),
        }
    }
    Ok(row)
}

/// The database, with what the files before this one in the same import
/// add.
struct Stored<'a> {
    store: &'a Store,
    staged: &'a Staged,
}

impl Book for Stored<'_> {
    fn unit(&self, code: &str) -> Result<Option<Unit>> {
        self.staged.unit(self.store, code)
    }
    fn visit(&self, code: &str) -> Result<Option<Visit>> {
        Ok(self.store.visit_by_code(code)?)
    }
    fn visits_of(&self, unit: Id) -> Result<Vec<Visit>> {
        Ok(self
            .store
            .visits()?
            .into_iter()
            .filter(|v| v.units.contains(&unit))
            .collect())
    }
    fn has(&self, unit: Id, title: &str, doc: &str) -> Result<bool> {
        Ok(self
            .store
            .findings_of_unit(unit)?
            .iter()
            .any(|f| match &f.origin {
                Origin::Review { doc: d, .. } => {
                    f.title.to_lowercase() == title.to_lowercase()
                        && d.to_lowercase() == doc.to_lowercase()
                }
                Origin::Visit => false,
            }))
    }
    fn next_seq(&self, visit: &str, tag: &str) -> Result<u32> {
        let next = self.store.next_reference(visit, tag)?;
        Ok(seq_of(&next))
    }
}

/// The number at the end of a reference (`HK-2026-01-ABC07` → 7).
fn seq_of(reference: &str) -> u32 {
    let digits = reference.len()
        - reference
            .bytes()
            .rev()
            .take_while(u8::is_ascii_digit)
            .count();
    reference[digits..].parse().unwrap_or(1)
}

/// Read a baseline CSV against the database and the files before it.
///
/// # Errors
/// The first problem, with file, line and column; or the database cannot
/// be read.
pub fn read(
    store: &Store,
    name: &str,
    text: &str,
    staged: &mut Staged,
) -> Result<(Outcome, Vec<Change>)> {
    let at = |_: NaiveDate| Utc::now();
    let rec = Recorder {
        tag: device_tag(store.device()),
        by: store.actor().unwrap_or_default(),
        today: staged.today,
        at: &at,
    };
    let mut seen = std::mem::take(&mut staged.baseline);
    let mut seqs = std::mem::take(&mut staged.references);
    let built = build(
        &Stored { store, staged },
        name,
        text,
        &rec,
        &mut seen,
        &mut seqs,
    );
    staged.baseline = seen;
    staged.references = seqs;
    let built = built?;
    let added = built
        .findings
        .iter()
        .map(|f| (f.reference.clone(), f.title.clone()))
        .collect();
    let outcome = Outcome::Baseline {
        added,
        already: built.already,
    };
    Ok((
        outcome,
        built.findings.into_iter().map(Change::create).collect(),
    ))
}
