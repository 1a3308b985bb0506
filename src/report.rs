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
mod html;
mod markdown;
pub mod party;
mod suggest;
mod xlsx;

use chrono::NaiveDate;

use crate::domain::date::format_date;
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
    /// Days past the deadline (negative: days left).
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
    /// Days past the deadline (`today − due`); zero or negative: not yet due.
    Days(i64),
}

impl Cell {
    /// The cell as shown in documents: `14.357`, `20/11/2026`, `22,06%`,
    /// `còn 3 ngày`.
    #[must_use]
    pub fn display(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Int(n) => format_int(i64::try_from(*n).unwrap_or(i64::MAX)),
            Cell::Date(d) => format_date(*d),
            Cell::Percent { num, den } => format_percent(*num, *den),
            Cell::Days(n) if *n > 0 => format_int(*n),
            Cell::Days(0) => "đến hạn hôm nay".to_string(),
            Cell::Days(n) => format!("còn {} ngày", format_int(-n)),
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
    /// Căn cứ.
    pub legal_bases: Vec<String>,
    /// (role, name), trưởng đoàn first.
    pub team: Vec<(String, String)>,
    /// One line per unit visited.
    pub units: Vec<String>,
    /// Verdicts per checklist section.
    pub checklist: Table,
    /// Figures of the findings in one sentence.
    pub summary: String,
    /// Kiến nghị.
    pub recommendations: Vec<String>,
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
    /// What the báo cáo in Party form cites and lists besides the tables.
    pub party: party::Facts,
}

/// Sheet names of the XLSX file, in order (stable: scripts read them); the
/// last only when the visit re-checks findings of earlier visits.
pub const SHEETS: [&str; 6] = [
    "Kết quả",
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
            (SHEETS[0], &self.results),
            (SHEETS[1], &self.checklist),
            (SHEETS[2], &self.rates),
            (SHEETS[3], &self.sections),
            (SHEETS[4], &self.due),
        ];
        tables.extend(self.rechecked.as_ref().map(|t| (SHEETS[5], t)));
        tables
    }

    /// The reports after the báo cáo kết quả and its appendix, in order.
    #[must_use]
    pub fn further(&self) -> Vec<&Table> {
        let mut tables = vec![&self.rates, &self.sections, &self.due];
        tables.extend(self.rechecked.as_ref());
        tables
    }
}

/// Build the report of visit `visit_code` (and only `unit_code`, if given) as of `today`.
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
    let data = gather::gather(store, visit_code, unit_code, today)?;
    Ok(figures::report(&data))
}

/// Render a report.
///
/// # Errors
/// The CSV, XLSX or Word writer fails.
pub fn render(report: &Report, format: Format) -> Result<Vec<u8>, ReportError> {
    // Text from old databases may hold control characters: shown, never
    // written raw, wherever the document goes (a terminal, a file).
    let shown = |s: String| terminal_safe(&s).into_owned().into_bytes();
    Ok(match format {
        Format::Markdown => shown(markdown::render(report)),
        Format::Html => shown(html::render(report)),
        Format::Csv => csv::render(report)?,
        Format::Xlsx => xlsx::render(report)?,
        Format::Docx => party::bao_cao(report).to_docx()?,
    })
}
