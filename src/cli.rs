//! The command line (stable: tests and scripts rely on it) and the wiring
//! of each command to the store, import/export and the app.

mod commands;
mod error;
mod import;

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};

use crate::domain::date::parse_date;
use crate::i18n::Lang;
pub use commands::run;
pub use error::Error;

/// haukiem — theo dõi hậu kiểm việc khắc phục hạn chế, khuyết điểm.
#[derive(Debug, Parser)]
#[command(name = "haukiem", version, about, long_about = None)]
pub struct Args {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Options every command accepts.
#[derive(Debug, Clone, clap::Args)]
pub struct Global {
    /// Database directory [default: $HAUKIEM_DB, else the platform data directory]
    #[arg(long, global = true, env = "HAUKIEM_DB", value_name = "DIR")]
    pub db: Option<PathBuf>,
    /// Interface language
    #[arg(long, global = true, value_enum, default_value_t = Lang::Vi)]
    pub lang: Lang,
    /// Pin "today" for deadline logic (dd/mm/yyyy, d/m/yy, +N …)
    #[arg(long, global = true, env = "HAUKIEM_TODAY", value_name = "DATE")]
    pub today: Option<String>,
    /// Who makes the changes (full name) [default: the name saved in the database]
    #[arg(long, global = true, env = "HAUKIEM_ACTOR", value_name = "NAME")]
    pub actor: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Load the demo data (once), then open the app
    Demo {
        /// Load and exit without opening the app
        #[arg(long)]
        no_tui: bool,
    },
    /// Import units (.csv), checklist templates or visit plans (.toml), an export (.json) or a teammate's bundle; all or nothing
    ///
    /// A units CSV adds the codes the database lacks and updates the
    /// columns it has for the others (units missing from the file are left
    /// alone). Importing a template that is already there changes nothing.
    Import {
        /// Say what would change, file by file, and write nothing
        #[arg(long)]
        dry_run: bool,
        /// The team's passphrase for bundles, from the first line of FILE [default: HAUKIEM_PASSPHRASE, else asked]
        #[arg(long, value_name = "FILE")]
        passphrase_file: Option<PathBuf>,
        /// Revert the last import that brought other laptops' work, as a whole (compensating ops)
        #[arg(long, conflicts_with_all = ["dry_run", "files"])]
        undo: bool,
        /// Files to import, in order
        #[arg(required_unless_present = "undo", value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Write a bundle for teammates: everything, op log included, encrypted with the team's passphrase
    ///
    /// A teammate imports it with `haukiem import FILE`: the ops their
    /// laptop lacks are added, those it holds are skipped, so importing a
    /// bundle twice changes nothing and bundles can be passed on (A's work
    /// reaches C through B). Each bundle says what its writer held; with
    /// --only-new it carries only the ops one of the teammates this laptop
    /// has taken a bundle from lacks (the whole database while none is
    /// known) — smaller, but a teammate not heard from yet may need a
    /// whole one. Nothing inside can be read without the passphrase; a
    /// changed byte, a wrong passphrase or another team's bundle is
    /// refused and nothing is written.
    Bundle {
        /// Only what the teammates this laptop has heard from lack
        #[arg(long)]
        only_new: bool,
        /// Where to write the bundle
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
        /// The team's passphrase, from the first line of FILE [default: HAUKIEM_PASSPHRASE, else asked twice]
        #[arg(long, value_name = "FILE")]
        passphrase_file: Option<PathBuf>,
    },
    /// Export everything, op log included, as lossless JSON
    Export {
        /// Write to FILE instead of standard output
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// List findings (hạn chế, khuyết điểm)
    Findings(FindingsArgs),
    /// Show one finding with its history, or change it (--status, --due, --note, --verify)
    ///
    /// The changes go through the same rules as the app: a status change
    /// needs a note (--note), a new deadline needs a reason (--reason) and
    /// must be later than the current one, a closed finding changes no more.
    /// Each change is one op in the log under --actor (or HAUKIEM_ACTOR, or
    /// the name saved in the database).
    Finding(FindingArgs),
    /// List visits (đợt hậu kiểm): code, plan, dates, status, units, progress
    Visits {
        /// Output format
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// List units (đơn vị) as their hierarchy, with open and overdue findings
    Units {
        /// Output format
        #[arg(long, value_enum, default_value_t = Format::Table)]
        format: Format,
    },
    /// Write the reports of a visit (in Vietnamese, whatever --lang says)
    ///
    /// md, html and docx write the báo cáo kết quả giám sát as a Party
    /// document (Hướng dẫn 36-HD/VPTW: the head block, the number left blank
    /// for the văn thư; I. Đặc điểm tình hình; II. Kết quả — ưu điểm, hạn
    /// chế, khuyết điểm opening with the baseline's figure per unit and in
    /// total, the re-checks of the visit; III. Nguyên nhân và trách nhiệm; IV.
    /// Kiến nghị, đề xuất; nơi nhận and signature), the data tables as
    /// appendices. The team's text is printed as saved; a part left empty is
    /// printed from a draft made from the figures and marked as a draft.
    /// With --unit CODE --conclusion: the thông báo kết luận to that unit
    /// (the conclusion on each of its shortcomings, the requirements, the
    /// day to report back by).
    ///
    /// md and html (one self-contained file, printable on A4) go to standard
    /// output unless -o is given; docx to -o FILE or to standard output when
    /// that is not a terminal. csv is one UTF-8 file with a BOM holding the
    /// tables one after the other: each starts with a title row, then its
    /// header row, and tables are separated by a blank line. xlsx writes one
    /// sheet per table (Kết quả, Kết quả rà soát, Danh mục HCKĐ, Phiếu kiểm
    /// tra, Tỷ lệ khắc phục, Theo lĩnh vực, Quá hạn, and Rà soát các đợt
    /// trước when there are any), each under a head block and title rows, set
    /// up for A4 landscape; it needs -o.
    Report(ReportArgs),
    /// List the conflicts a merge could not settle by itself: the same field changed two ways on two laptops
    ///
    /// Each shows the value before, both sides' values with who gave each
    /// and when, and (◀) the value every laptop holds until it is settled.
    /// Settle one with `haukiem resolve ID --take …`, or in the app (F6).
    Conflicts {
        /// Also the settled ones
        #[arg(long)]
        all: bool,
        /// Output format
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Settle a conflict: keep one side's value, or both texts
    ///
    /// The settlement is an op like any other: once teammates import a
    /// bundle that holds it, the conflict closes on their laptops too.
    Resolve {
        /// The conflict's id as `haukiem conflicts` lists it (or its last digits)
        #[arg(value_name = "ID")]
        id: String,
        /// Which value to keep: 1 or 2 (the side as listed), mine, theirs, or both (texts only)
        #[arg(long, value_name = "SIDE")]
        take: String,
    },
    /// Verify the integrity of the database; exits non-zero on a problem
    Check,
    /// Generate deterministic synthetic data for benchmarks
    Generate {
        /// Number of units
        #[arg(long, value_name = "N")]
        units: usize,
        /// Number of findings
        #[arg(long, value_name = "M")]
        findings: usize,
        /// Number of checklist answers [default: 5 per finding]
        #[arg(long, value_name = "K")]
        answers: Option<usize>,
        /// Random seed (the same seed gives the same data)
        #[arg(long, value_name = "S", default_value_t = 1)]
        seed: u64,
    },
}

/// Filters and output of `findings`.
#[derive(Debug, Clone, clap::Args)]
pub struct FindingsArgs {
    /// Only active findings past their deadline
    #[arg(long)]
    pub overdue: bool,
    /// Only active findings due within DAYS from today (with --overdue: overdue or due within DAYS)
    #[arg(long, value_name = "DAYS")]
    pub due_within: Option<u32>,
    /// Only findings of this unit (code)
    #[arg(long, value_name = "CODE")]
    pub unit: Option<String>,
    /// Only findings of this visit (code)
    #[arg(long, value_name = "CODE")]
    pub visit: Option<String>,
    /// Only findings with this status (mở, đang, đã, xm, không — or the full name); repeatable
    #[arg(long, value_name = "S")]
    pub status: Vec<String>,
    /// Search title, detail, cause, remedy (diacritics optional)
    #[arg(long, value_name = "TEXT")]
    pub search: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// One finding: shown, or changed.
#[derive(Debug, Clone, clap::Args)]
pub struct FindingArgs {
    /// The finding's reference (HK-2026-01-ABC01)
    #[arg(value_name = "CODE")]
    pub code: String,
    /// New status (mở, đang, đã, xm, không — or the full name); needs --note
    #[arg(long, value_name = "S")]
    pub status: Option<String>,
    /// New deadline (dd/mm/yyyy, d/m/yy, +N …); needs --reason
    #[arg(long, value_name = "DATE")]
    pub due: Option<String>,
    /// Why the deadline moves
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,
    /// A follow-up note (with --status or --verify: the note of that change)
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// Mark the finding verified (Đã xác minh); needs --note
    #[arg(long)]
    pub verify: bool,
    /// Output format of the finding shown
    #[arg(long, value_enum, default_value_t = CardFormat::Text)]
    pub format: CardFormat,
}

/// Output format of one finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CardFormat {
    Text,
    Json,
}

/// What `report` writes, and where.
#[derive(Debug, Clone, clap::Args)]
pub struct ReportArgs {
    /// Code of the visit (đợt hậu kiểm)
    #[arg(value_name = "VISIT_CODE")]
    pub visit: String,
    /// Only this unit of the visit (code)
    #[arg(long, value_name = "CODE")]
    pub unit: Option<String>,
    /// Output format (md, html, docx: the báo cáo in Party form, docx not to a terminal; csv: all tables in one file, each after a title row; xlsx: one sheet per table, needs -o)
    #[arg(long, value_enum, default_value_t = ReportFormat::Md)]
    pub format: ReportFormat,
    /// Write the thông báo kết luận to the unit given with --unit instead of the báo cáo (md, html or docx)
    #[arg(long)]
    pub conclusion: bool,
    /// Write to FILE instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Output format of reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    Md,
    Html,
    Csv,
    Xlsx,
    Docx,
}

/// Output format of a listing that has no CSV form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
}

/// Output format of listings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
}

/// "Today": `--today`/`HAUKIEM_TODAY`, else the local date.
///
/// # Errors
/// The date does not parse.
pub fn resolve_today(g: &Global) -> Result<NaiveDate, Error> {
    let real = chrono::Local::now().date_naive();
    match &g.today {
        None => Ok(real),
        Some(s) => parse_date(s, real).map_err(Error::Today),
    }
}

/// The database directory: `--db`/`HAUKIEM_DB`, else the platform data directory.
///
/// # Errors
/// No home directory to put it in.
pub fn resolve_db(g: &Global) -> Result<PathBuf, Error> {
    if let Some(p) = &g.db {
        return Ok(p.clone());
    }
    directories::ProjectDirs::from("vn", "haukiem", "haukiem")
        .map(|d| d.data_dir().join("db"))
        .ok_or(Error::NoHome)
}
