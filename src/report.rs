//! Reports of a visit: the báo cáo kết quả hậu kiểm with its appendix, the
//! remediation rate per unit, findings per checklist section and the overdue
//! list — gathered once from the store into plain tables, then rendered as
//! Markdown, HTML, CSV or XLSX. Reports are administrative documents and are
//! always in Vietnamese.

mod appendix;
mod csv;
pub mod document;
pub mod draft;
mod figures;
mod gather;
pub mod party;
mod suggest;
mod xlsx;

use chrono::NaiveDate;

use crate::domain::date::format_date;
use crate::domain::report::Part;
use crate::domain::text::{format_int, format_percent, terminal_safe};
use crate::i18n::Msg;
use crate::store::{Store, StoreError};

pub use appendix::advice;
pub use suggest::closest;

/// Output format of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Html,
    /// All tables in one UTF-8 CSV (with BOM), each preceded by a title row.
    Csv,
    /// One sheet per table.
    Xlsx,
    /// The báo cáo as a Party document in Word ([`party::bao_cao`]).
    Docx,
}

/// What can go wrong while building or writing a report.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("{}{}", Msg::ReportNoVisit.fill(&[.code]), suggest::hint(.close))]
    UnknownVisit { code: String, close: Vec<String> },
    #[error("{}{}", Msg::ReportNoUnit.fill(&[.code, .visit]), suggest::hint(.close))]
    UnknownUnit {
        code: String,
        visit: String,
        close: Vec<String>,
    },
    #[error("{}", Msg::ReportNoTemplate.fill(&[.0]))]
    MissingTemplate(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{}", Msg::ReportNoXlsx.text())]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("{}", Msg::ReportNoCsv.text())]
    Csv(#[from] ::csv::Error),
    #[error(transparent)]
    Docx(#[from] document::DocxError),
}

impl ReportError {
    /// Whether the person asking can fix it (a wrong code, a database
    /// held by another window), as opposed to a problem with the database
    /// or the disk.
    #[must_use]
    pub fn is_user_error(&self) -> bool {
        match self {
            ReportError::UnknownVisit { .. } | ReportError::UnknownUnit { .. } => true,
            ReportError::Store(e) => e.is_user_error(),
            ReportError::MissingTemplate(_)
            | ReportError::Xlsx(_)
            | ReportError::Csv(_)
            | ReportError::Docx(_) => false,
        }
    }
}

/// Kind of a column: how its cells align, size and format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Short text.
    Text,
    /// Long text that wraps.
    Wide,
    /// A count.
    Int,
    Date,
    Percent,
    /// A number of days, shown only when positive (days late, days left).
    Days,
}

/// A column of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Col {
    pub name: &'static str,
    pub kind: Kind,
}

/// Shorthand for a column.
pub(crate) const fn col(name: &'static str, kind: Kind) -> Col {
    Col { name, kind }
}

/// One value of a table, typed so that spreadsheets get real numbers and dates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Text(String),
    Int(u64),
    Date(NaiveDate),
    /// A share `num / den`; `den == 0` shows as "—".
    Percent {
        num: u64,
        den: u64,
    },
    /// A number of days (`today − due`: days late; `due − today`: days
    /// left), printed only when positive: the cell is blank otherwise, so a
    /// column of days holds numbers only.
    Days(i64),
}

impl Cell {
    /// The cell as shown in documents: `14.357`, `20/11/2026`, `22,06%`,
    /// days `81` (blank when not positive).
    #[must_use]
    pub fn display(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Int(n) => format_int(i64::try_from(*n).unwrap_or(i64::MAX)),
            Cell::Date(d) => format_date(*d),
            Cell::Percent { num, den } => format_percent(*num, *den),
            Cell::Days(n) if *n > 0 => format_int(*n),
            Cell::Days(_) => String::new(),
        }
    }
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Cell {
        Cell::Text(s)
    }
}

/// A titled table with an optional total row and notes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub title: String,
    pub columns: Vec<Col>,
    pub rows: Vec<Vec<Cell>>,
    pub total: Option<Vec<Cell>>,
    /// Definitions and remarks printed under the table.
    pub notes: Vec<String>,
    /// What to say when there are no rows.
    pub empty: &'static str,
}

/// The document header in the administrative style.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// Issuing body, upper-cased: "BAN THƯỜNG VỤ THÀNH ỦY NAM ĐỊNH".
    pub issuer: String,
    /// "Số: 12-KH/TU" as written.
    pub number: String,
    /// "Nam Định, ngày 20 tháng 11 năm 2026".
    pub place_date: String,
    /// "BÁO CÁO KẾT QUẢ HẬU KIỂM".
    pub title: String,
    /// The kind of visit as a common noun: "hậu kiểm", "giám sát", "kiểm tra".
    pub kind: String,
    /// The visit's title.
    pub subject: String,
    /// The unit, when the report covers one unit only.
    pub unit: Option<String>,
    pub visit_code: String,
    /// "từ 05/10/2026 đến 30/10/2026".
    pub period: String,
    /// Trưởng đoàn, who signs.
    pub lead: Option<String>,
}

/// Everything a report shows, computed once; renderers only lay it out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    pub today: NaiveDate,
    pub header: Header,
    /// One line per unit visited.
    pub units: Vec<String>,
    /// Verdicts per checklist section.
    pub checklist: Table,
    /// Figures of the visit's findings in one sentence.
    pub summary: String,
    /// The results: the baseline's figure per unit and in total.
    pub baseline: Table,
    /// Phụ lục: (unit name, its findings), one table per unit.
    pub appendix: Vec<(String, Table)>,
    /// The appendix as one table with a unit column (CSV, XLSX).
    pub results: Table,
    /// Tỷ lệ khắc phục per unit.
    pub rates: Table,
    /// Per checklist section (lĩnh vực).
    pub sections: Table,
    /// Overdue and due within 7 days.
    pub due: Table,
    /// Findings of earlier visits re-checked by this one (at its units or
    /// at units that merged into them), when there are any.
    pub rechecked: Option<Table>,
    /// The re-checks made during this visit (kết quả rà soát).
    pub rechecks: Table,
    /// What the Party documents cite and list besides the tables.
    pub party: party::Facts,
    /// The team's text for the document: saved, or drafted where not.
    pub text: Texts,
}

/// Which Party document a report is printed as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Document {
    /// The báo cáo kết quả giám sát of the visit (or of one unit of it).
    BaoCao,
    /// The thông báo kết luận giám sát to one unit.
    Conclusion,
}

/// The team's own text for a document: what it saved ([`Store::report`]),
/// and for every part it left empty, the draft made from the figures —
/// printed, but marked as a draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Texts {
    pub document: Document,
    /// Every part: as saved, or as drafted.
    pub parts: crate::domain::Report,
    /// The parts printed from the draft.
    pub drafted: Vec<Part>,
    /// Whether the report-back day is the draft's (a conclusion only).
    pub report_by_drafted: bool,
}

impl Texts {
    /// Whether `part` is printed from the draft.
    #[must_use]
    pub fn is_drafted(&self, part: Part) -> bool {
        self.drafted.contains(&part)
    }

    /// The saved text where there is some, the draft elsewhere.
    fn merge(
        document: Document,
        saved: Option<crate::domain::Report>,
        draft: crate::domain::Report,
    ) -> Texts {
        let Some(mut parts) = saved else {
            return Texts {
                document,
                report_by_drafted: draft.report_by.is_some(),
                parts: draft,
                drafted: Part::ALL.to_vec(),
            };
        };
        let mut drafted = Vec::new();
        for p in Part::ALL {
            if parts.part(p).trim().is_empty() {
                parts.part_mut(p).clone_from(&draft.part(p).to_string());
                drafted.push(p);
            }
        }
        let report_by_drafted = parts.report_by.is_none() && draft.report_by.is_some();
        if parts.report_by.is_none() {
            parts.report_by = draft.report_by;
        }
        Texts {
            document,
            parts,
            drafted,
            report_by_drafted,
        }
    }
}

/// Sheet names of the XLSX file, in order (stable: scripts read them); the
/// last only when the visit re-checks findings of earlier visits.
pub const SHEETS: [&str; 8] = [
    "Kết quả",
    "Kết quả rà soát",
    "Danh mục HCKĐ",
    "Phiếu kiểm tra",
    "Tỷ lệ khắc phục",
    "Theo lĩnh vực",
    "Quá hạn",
    "Rà soát các đợt trước",
];

impl Report {
    /// The tables in sheet order, with their sheet names.
    #[must_use]
    pub fn tables(&self) -> Vec<(&'static str, &Table)> {
        let mut tables = vec![
            (SHEETS[0], &self.baseline),
            (SHEETS[1], &self.rechecks),
            (SHEETS[2], &self.results),
            (SHEETS[3], &self.checklist),
            (SHEETS[4], &self.rates),
            (SHEETS[5], &self.sections),
            (SHEETS[6], &self.due),
        ];
        tables.extend(self.rechecked.as_ref().map(|t| (SHEETS[7], t)));
        tables
    }
}

/// Build the report of visit `visit_code` (and only `unit_code`, if given)
/// as of `today`, with the text of its báo cáo: the team's saved text of the
/// visit's báo cáo, drafts where it saved nothing. A báo cáo of one unit
/// only prints the drafts for that unit: the saved text speaks of them all.
///
/// # Errors
/// An unknown visit or unit code (with the closest codes), a missing
/// template, or a storage failure.
pub fn build(
    store: &Store,
    visit_code: &str,
    unit_code: Option<&str>,
    today: NaiveDate,
) -> Result<Report, ReportError> {
    build_as(store, visit_code, unit_code, today, Document::BaoCao)
}

/// Build the report of one unit of the visit with the text of its thông
/// báo kết luận: the team's saved conclusion to that unit, drafts where it
/// saved nothing.
///
/// # Errors
/// As [`build`].
pub fn build_conclusion(
    store: &Store,
    visit_code: &str,
    unit_code: &str,
    today: NaiveDate,
) -> Result<Report, ReportError> {
    build_as(
        store,
        visit_code,
        Some(unit_code),
        today,
        Document::Conclusion,
    )
}

fn build_as(
    store: &Store,
    visit_code: &str,
    unit_code: Option<&str>,
    today: NaiveDate,
    document: Document,
) -> Result<Report, ReportError> {
    let data = gather::gather(store, visit_code, unit_code, today)?;
    let unit = data.scope.as_ref().map(|u| u.id);
    let saved = match (document, unit) {
        (Document::BaoCao, None) => store.report(data.visit.id, None)?,
        (Document::BaoCao, Some(_)) => None,
        (Document::Conclusion, u) => store.report(data.visit.id, u)?,
    };
    let draft = draft::of(&data, document == Document::Conclusion);
    let text = Texts::merge(document, saved, draft);
    Ok(figures::report(&data, text))
}

/// Render a report.
///
/// # Errors
/// The CSV, XLSX or Word writer fails.
pub fn render(report: &Report, format: Format) -> Result<Vec<u8>, ReportError> {
    // Text from old databases may hold control characters: shown, never
    // written raw, wherever the document goes (a terminal, a file).
    let shown = |s: String| terminal_safe(&s).into_owned().into_bytes();
    let document = || match report.text.document {
        Document::BaoCao => party::bao_cao(report),
        Document::Conclusion => party::conclusion(report),
    };
    Ok(match format {
        Format::Markdown => shown(document().to_markdown()),
        Format::Html => shown(document().to_html()),
        Format::Csv => csv::render(report)?,
        Format::Xlsx => xlsx::render(report)?,
        Format::Docx => document().to_docx()?,
    })
}
