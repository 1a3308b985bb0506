//! Import and export: units CSV, checklist templates and visit plans in
//! TOML, the lossless JSON export, the embedded demo data, and findings
//! listings. Every import is parsed and validated whole before one
//! all-or-nothing `apply_all` (`import`).

pub mod baseline_csv;
pub mod bundle;
pub mod demo;
pub mod export;
pub mod generate;
pub mod import;
pub mod listing;
pub mod plan_toml;
pub mod sealed;
pub mod template_toml;
pub mod units_csv;

pub use import::{
    Imported, Outcome, TemplateState, dry_run, dry_run_on, import_files, import_files_at,
    import_files_on,
};

use std::fmt;
use std::path::Path;

use crate::domain::RuleError;
use crate::store::StoreError;

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
    #[error("{}", crate::i18n::Msg::IoCannotWriteJson.text())]
    Json(#[from] serde_json::Error),
    #[error("{}", crate::i18n::Msg::IoCannotWriteCsv.text())]
    Csv(#[from] csv::Error),
    #[error("{}", crate::i18n::Msg::IoCannotWriteOutput.text())]
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

/// Line and column (1-based) of a byte offset in `text`; a line ends with
/// LF, CRLF or a lone CR (old Mac files), as spreadsheets write them.
#[must_use]
pub fn line_col(text: &str, offset: usize) -> (u64, u64) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = line_breaks(before.as_bytes()) + 1;
    let col = before
        .rsplit(['\n', '\r'])
        .next()
        .map_or(0, |l| l.chars().count()) as u64
        + 1;
    (line, col)
}

/// Line breaks in `bytes`: LF, CRLF (one) and lone CR.
fn line_breaks(bytes: &[u8]) -> u64 {
    let mut n = 0;
    for (i, b) in bytes.iter().enumerate() {
        match b {
            b'\n' => n += 1,
            b'\r' if bytes.get(i + 1) != Some(&b'\n') => n += 1,
            _ => {}
        }
    }
    n
}

/// Line numbers of byte offsets met in increasing order (a CSV reader's
/// records), counted once through the text whatever its line endings.
pub(crate) struct Lines<'a> {
    text: &'a [u8],
    at: usize,
    line: u64,
}

impl<'a> Lines<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        Lines {
            text: text.as_bytes(),
            at: 0,
            line: 1,
        }
    }

    /// The line on which byte `offset` stands.
    pub(crate) fn of(&mut self, offset: u64) -> u64 {
        let offset = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .min(self.text.len());
        if offset < self.at {
            self.at = 0;
            self.line = 1;
        }
        // A CRLF split by the previous offset was counted at its CR.
        let from = if self.at > 0
            && self.text[self.at - 1] == b'\r'
            && self.text.get(self.at) == Some(&b'\n')
        {
            self.at + 1
        } else {
            self.at
        };
        if from < offset {
            self.line += line_breaks(&self.text[from..offset]);
        }
        self.at = offset.max(from);
        self.line
    }
}

/// Read a file as UTF-8 text, naming the first bad byte's line and column.
///
/// # Errors
/// Unreadable file or invalid UTF-8.
pub fn read_text(path: &Path) -> Result<String, ImportError> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path)
        .map_err(|e| ImportError::file(&name, crate::i18n::Msg::IoCannotRead.fill(&[&e])))?;
    decode_utf8(&name, bytes)
}

/// Whether the file at `path` is UTF-8, read a block at a time.
///
/// # Errors
/// The file cannot be read.
pub fn is_utf8_file(path: &Path) -> Result<bool, ImportError> {
    use std::io::Read;
    let name = path.display().to_string();
    let cannot =
        |e: std::io::Error| ImportError::file(&name, crate::i18n::Msg::IoCannotRead.fill(&[&e]));
    let mut file = std::fs::File::open(path).map_err(cannot)?;
    let mut block = vec![0u8; 1 << 16];
    // Bytes of a character cut by the end of the previous block.
    let mut carry = 0;
    loop {
        let n = file.read(&mut block[carry..]).map_err(cannot)?;
        if n == 0 {
            return Ok(carry == 0);
        }
        let filled = carry + n;
        match std::str::from_utf8(&block[..filled]) {
            Ok(_) => carry = 0,
            Err(e) if e.error_len().is_none() => {
                let at = e.valid_up_to();
                block.copy_within(at..filled, 0);
                carry = filled - at;
            }
            Err(_) => return Ok(false),
        }
    }
}

/// The text file at `path` as a buffered reader, a leading BOM skipped.
///
/// # Errors
/// The file cannot be read.
pub fn open_text(path: &Path) -> Result<std::io::BufReader<std::fs::File>, ImportError> {
    use std::io::BufRead;
    let name = path.display().to_string();
    let cannot =
        |e: std::io::Error| ImportError::file(&name, crate::i18n::Msg::IoCannotRead.fill(&[&e]));
    let file = std::fs::File::open(path).map_err(cannot)?;
    let mut reader = std::io::BufReader::with_capacity(1 << 16, file);
    if reader
        .fill_buf()
        .map_err(cannot)?
        .starts_with("\u{feff}".as_bytes())
    {
        reader.consume(3);
    }
    Ok(reader)
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
                crate::i18n::Msg::IoColumn.fill(&[&col]),
                if cut_short {
                    crate::i18n::Msg::IoUtf8CutShort.text()
                } else {
                    crate::i18n::Msg::IoUtf8Invalid.text()
                },
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_utf8_file;

    /// Read a block at a time, a character across two blocks is still
    /// whole; one cut by the end of the file, or a stray byte, is not.
    #[test]
    fn utf8_is_checked_across_blocks() {
        let dir = tempfile::TempDir::new().expect("temp dir");
        let file = dir.path().join("f.json");
        let check = |bytes: &[u8]| {
            std::fs::write(&file, bytes).expect("write");
            is_utf8_file(&file).expect("read")
        };
        let mut text = vec![b'a'; (1 << 16) - 1];
        text.extend_from_slice("ệ".as_bytes());
        text.extend_from_slice("Đảng".repeat(30_000).as_bytes());
        text.extend_from_slice("ệ".as_bytes());
        assert!(check(&text));
        assert!(std::str::from_utf8(&text).is_ok());
        let cut = &text[..text.len() - 1];
        assert!(!check(cut));
        let mut stray = text.clone();
        stray[70_000] = 0xff;
        assert!(!check(&stray));
        assert!(check(b""));
    }
}
