//! Import and export: units CSV, checklist templates in TOML, the lossless
//! JSON export, the embedded demo data, and findings listings. Every import
//! is parsed and validated whole before one all-or-nothing `apply_all`.

pub mod demo;
pub mod export;
pub mod generate;
pub mod listing;
pub mod sealed;
pub mod template_toml;
pub mod units_csv;

use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::domain::{Change, Id, Op, RuleError};
use crate::store::{Rules, Store, StoreError};

/// What can go wrong while importing, exporting or generating data.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad input, named where it is.
    #[error(transparent)]
    Input(#[from] ImportError),
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Data this program built (the demo, generated data) broke a rule.
    #[error(transparent)]
    Rule(#[from] RuleError),
    #[error("cannot write JSON")]
    Json(#[from] serde_json::Error),
    #[error("cannot write CSV")]
    Csv(#[from] csv::Error),
    #[error("cannot write the output")]
    Write(#[from] std::io::Error),
}

impl Error {
    /// Whether the person at the keyboard can fix it (bad input, a change
    /// the data does not allow) rather than a failure of the disk or of
    /// this program.
    #[must_use]
    pub fn is_user_error(&self) -> bool {
        match self {
            Error::Input(_) => true,
            Error::Store(e) => e.is_user_error(),
            Error::Rule(_) | Error::Json(_) | Error::Csv(_) | Error::Write(_) => false,
        }
    }

    /// Whether writing stopped because the reader went away (output piped
    /// into `head`).
    #[must_use]
    pub fn is_broken_pipe(&self) -> bool {
        let kind = match self {
            Error::Json(e) => e.io_error_kind(),
            Error::Write(e) => Some(e.kind()),
            _ => None,
        };
        kind == Some(std::io::ErrorKind::BrokenPipe)
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Bad input: what is wrong and where (file, line, column or field).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ImportError {
    pub file: String,
    pub line: Option<u64>,
    /// Column number or field name.
    pub column: Option<String>,
    pub message: String,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(l) = self.line {
            write!(f, ":{l}")?;
        }
        if let Some(c) = &self.column {
            write!(f, ", {c}")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl ImportError {
    /// An error about the whole file.
    pub fn file(file: &str, message: impl Into<String>) -> ImportError {
        ImportError {
            file: file.into(),
            line: None,
            column: None,
            message: message.into(),
        }
    }

    /// An error at a line and column or field.
    pub fn at(
        file: &str,
        line: u64,
        column: impl Into<String>,
        message: impl Into<String>,
    ) -> ImportError {
        let column: String = column.into();
        ImportError {
            file: file.into(),
            line: Some(line),
            column: (!column.is_empty()).then_some(column),
            message: message.into(),
        }
    }
}

/// Line and column (1-based) of a byte offset in `text`.
#[must_use]
pub fn line_col(text: &str, offset: usize) -> (u64, u64) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() as u64 + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u64 + 1;
    (line, col)
}

/// What an import added.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Imported {
    pub units: usize,
    pub templates: usize,
    pub ops: usize,
    pub skipped_ops: usize,
}

/// Read a file as UTF-8 text, naming the first bad byte's line and column.
///
/// # Errors
/// Unreadable file or invalid UTF-8.
pub fn read_text(path: &Path) -> Result<String, ImportError> {
    let name = path.display().to_string();
    let bytes =
        std::fs::read(path).map_err(|e| ImportError::file(&name, format!("cannot read: {e}")))?;
    decode_utf8(&name, bytes)
}

/// Bytes as UTF-8 text (a leading BOM dropped), naming where invalid bytes start.
///
/// # Errors
/// Invalid UTF-8.
pub fn decode_utf8(name: &str, bytes: Vec<u8>) -> Result<String, ImportError> {
    match String::from_utf8(bytes) {
        Ok(mut s) => {
            if s.starts_with('\u{feff}') {
                s.drain(..3);
            }
            Ok(s)
        }
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            // `error_len() == None`: the bytes stop in the middle of a character.
            let cut_short = e.utf8_error().error_len().is_none();
            let bytes = e.into_bytes();
            let good = String::from_utf8_lossy(&bytes[..at]);
            let (line, col) = line_col(&good, good.len());
            Err(ImportError::at(
                name,
                line,
                format!("column {col}"),
                if cut_short {
                    "the file ends in the middle of a UTF-8 character (truncated, or not saved as UTF-8?)"
                } else {
                    "not valid UTF-8 (save the file as \"CSV UTF-8\" / UTF-8 text; TCVN3 and VNI encodings are not supported)"
                },
            ))
        }
    }
}

/// Import files in order, all or nothing: every file is parsed and turned
/// into ops first; then all ops are applied in one transaction.
///
/// # Errors
/// The first bad input ([`ImportError`]) or a rule the store enforces; nothing is written.
pub fn import_files(store: &Store, paths: &[PathBuf]) -> Result<Imported> {
    let mut ops: Vec<Op> = Vec::new();
    // Ops of old exports, held to the rules they were made under.
    let mut schema1: HashSet<Id> = HashSet::new();
    let mut done = Imported::default();
    let mut staged = units_csv::Staged::default();
    for path in paths {
        let name = path.display().to_string();
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("")
            .to_ascii_lowercase();
        match ext.as_str() {
            "csv" => {
                let text = read_text(path)?;
                let new = units_csv::parse(store, &name, &text, &mut staged)?;
                done.units += new.len();
                ops.extend(new);
            }
            "toml" => {
                let text = read_text(path)?;
                let template = template_toml::parse(&name, &text)?;
                template_toml::check_new(store, &name, &template)?;
                done.templates += 1;
                ops.push(template_toml::create_op(store, template)?);
            }
            "json" => {
                let text = read_text(path)?;
                let export::ToImport {
                    ops: new,
                    skipped,
                    rules,
                } = export::ops_to_import(store, &name, &text)?;
                done.skipped_ops += skipped;
                if rules == Rules::Schema1 {
                    schema1.extend(new.iter().map(|o| o.id));
                }
                for op in &new {
                    match &op.change {
                        Change::Unit {
                            old: None,
                            new: Some(_),
                        } => done.units += 1,
                        Change::Template {
                            old: None,
                            new: Some(_),
                        } => done.templates += 1,
                        _ => {}
                    }
                }
                ops.extend(new);
            }
            _ => {
                return Err(ImportError::file(
                    &name,
                    "unknown kind of file: expected .csv (units), .toml (checklist template) or .json (export)",
                )
                .into());
            }
        }
    }
    let rules = |op: &Op| {
        if schema1.contains(&op.id) {
            Rules::Schema1
        } else {
            Rules::Current
        }
    };
    done.ops = store.apply_all_under(&ops, rules).map_err(|e| -> Error {
        match e {
            // the data broke a rule: name the files it came from
            StoreError::Invalid(_) | StoreError::Conflict(_) | StoreError::Rule(_) => {
                let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
                ImportError::file(&names.join(", "), e.to_string()).into()
            }
            other => other.into(),
        }
    })?;
    Ok(done)
}
