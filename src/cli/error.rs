//! What a command can fail with, and the exit code that says whose fault
//! it is: 1 for the user's input or data, 2 for ours.

use std::path::PathBuf;

use crate::domain::date::DateError;
use crate::domain::label::Labelled;
use crate::domain::{FindingStatus, RuleError};
use crate::i18n::Msg;
use crate::report::ReportError;
use crate::store::StoreError;

/// A command failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("--today: {}", crate::i18n::date_error(.0, crate::i18n::current()))]
    Today(DateError),
    #[error("{}", Msg::CliNoHome.text())]
    NoHome,
    #[error("{}", Msg::CliNoUnit.fill(&[.0]))]
    NoUnit(String),
    #[error("{}", Msg::CliNoVisit.fill(&[.0]))]
    NoVisit(String),
    #[error("{}", Msg::CliUnknownStatus.fill(&[.0, &FindingStatus::expected()]))]
    UnknownStatus(String),
    #[error("{}", Msg::CliNoDatabase.fill(&[&.0.display()]))]
    NoDatabase(PathBuf),
    #[error("{}", no_finding(.code, .close))]
    NoFinding { code: String, close: Vec<String> },
    #[error("{}", Msg::CliReasonWithoutDue.text())]
    ReasonWithoutDue,
    #[error("{}", Msg::CliVerifyWithStatus.fill(&[.0]))]
    VerifyWithStatus(String),
    #[error("{}", Msg::CliEmptyNote.text())]
    EmptyNote,
    #[error("{}", Msg::CliBadDue.fill(&[&crate::i18n::date_error(.0, crate::i18n::current())]))]
    BadDue(DateError),
    #[error(transparent)]
    Rule(#[from] RuleError),
    #[error("{}", Msg::CliXlsxNeedsFile.text())]
    XlsxNeedsFile,
    #[error("{}", Msg::CliDocxToTerminal.text())]
    DocxToTerminal,
    /// The app was asked for without a terminal to draw in.
    #[error("{}", Msg::AppNoTerminal.text())]
    NoTerminal,
    #[error("{}", Msg::CliConclusionNeedsUnit.text())]
    ConclusionNeedsUnit,
    #[error("{}", Msg::ConflictNotFound.fill(&[.0]))]
    NoConflict(String),
    #[error("{}", Msg::ConflictAmbiguous.fill(&[.0, .1]))]
    AmbiguousConflict(String, usize),
    #[error("{}", Msg::ConflictNoSide.fill(&[.0]))]
    NoSideHere(String),
    #[error("{}", Msg::ConflictBadSide.fill(&[.0]))]
    BadSide(String),
    #[error("{}", Msg::CliConclusionFormat.fill(&[.0]))]
    ConclusionFormat(&'static str),
    /// The file `-o` names.
    #[error("{}", Msg::CliCannotWrite.fill(&[&.path.display()]))]
    File {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}", Msg::CliStdout.text())]
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
            | Error::DocxToTerminal
            | Error::NoTerminal
            | Error::ConclusionNeedsUnit
            | Error::NoConflict(_)
            | Error::AmbiguousConflict(..)
            | Error::NoSideHere(_)
            | Error::BadSide(_)
            | Error::ConclusionFormat(_)
            | Error::NoDatabase(_)
            | Error::NoFinding { .. }
            | Error::ReasonWithoutDue
            | Error::VerifyWithStatus(_)
            | Error::EmptyNote
            | Error::BadDue(_)
            | Error::Rule(_)
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

/// "No finding CODE", with the closest references when there are any.
fn no_finding(code: &str, close: &[String]) -> String {
    if close.is_empty() {
        Msg::CliNoFinding.fill(&[&code])
    } else {
        Msg::CliNoFindingClose.fill(&[&code, &close.join(", ")])
    }
}
