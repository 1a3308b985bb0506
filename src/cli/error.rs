//! What a command can fail with, and the exit code that says whose fault
//! it is: 1 for the user's input or data, 2 for ours.

use std::path::PathBuf;

use crate::domain::FindingStatus;
use crate::domain::date::DateError;
use crate::domain::label::Labelled;
use crate::report::ReportError;
use crate::store::StoreError;

/// A command failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("--today")]
    Today(#[source] DateError),
    #[error("no home directory: pass --db DIR or set HAUKIEM_DB")]
    NoHome,
    #[error("--unit: no unit with code {0}")]
    NoUnit(String),
    #[error("--visit: no visit with code {0}")]
    NoVisit(String),
    #[error("--status: unknown status \"{0}\"; expected {expected}", expected = FindingStatus::expected())]
    UnknownStatus(String),
    #[error("--format xlsx writes a binary file: give -o FILE")]
    XlsxNeedsFile,
    /// The file `-o` names.
    #[error("cannot write {}", .path.display())]
    File {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot write to standard output")]
    Stdout(#[from] std::io::Error),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Io(#[from] crate::io::Error),
    #[error(transparent)]
    Report(#[from] ReportError),
    /// The app's own failure (it speaks anyhow).
    #[error(transparent)]
    App(#[from] anyhow::Error),
}

impl Error {
    /// Whether the user can fix it: a bad option, bad input or data, a
    /// database held by another window.
    #[must_use]
    pub fn is_user_error(&self) -> bool {
        match self {
            Error::Today(_)
            | Error::NoHome
            | Error::NoUnit(_)
            | Error::NoVisit(_)
            | Error::UnknownStatus(_)
            | Error::XlsxNeedsFile
            | Error::File { .. } => true,
            Error::Stdout(_) => false,
            Error::Store(e) => e.is_user_error(),
            Error::Io(e) => e.is_user_error(),
            Error::Report(e) => e.is_user_error(),
            // What the app fails with that is the user's is a database it
            // could not open (another window holds it, a newer schema).
            Error::App(e) => e
                .downcast_ref::<StoreError>()
                .is_some_and(StoreError::is_user_error),
        }
    }

    /// The process's exit code: 1 for the user's, 2 for ours.
    #[must_use]
    pub fn exit_code(&self) -> u8 {
        if self.is_user_error() { 1 } else { 2 }
    }

    /// Whether output stopped because its reader went away (piped into
    /// `head`): not an error.
    #[must_use]
    pub fn is_broken_pipe(&self) -> bool {
        match self {
            Error::Stdout(e) => e.kind() == std::io::ErrorKind::BrokenPipe,
            Error::Io(e) => e.is_broken_pipe(),
            _ => false,
        }
    }
}
