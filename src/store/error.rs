//! What can go wrong in the store, typed: a caller branches on the kind,
//! and [`StoreError::is_user_error`] says whether the person at the
//! keyboard can fix it. A message never repeats its cause: the cause is the
//! error's `source`, printed once by whoever prints the chain.

use std::fmt;
use std::path::{Path, PathBuf};

use super::codec::CodecError;
use crate::domain::{Id, RuleError};
use crate::i18n::Msg;

/// What can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the database at {0} is open in another haukiem window; close it or use --db")]
    Locked(PathBuf),
    #[error("database error at {path}")]
    Sled {
        path: PathBuf,
        #[source]
        source: sled::Error,
    },
    #[error("cannot make the database durable ({path})")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("corrupt record in tree {tree}")]
    Corrupt {
        tree: &'static str,
        #[source]
        source: CodecError,
    },
    #[error("cannot encode a record")]
    Encode(#[source] CodecError),
    #[error(
        "the database has schema version {found}, newer than this haukiem understands ({supported}); use a newer haukiem"
    )]
    NewerSchema { found: u16, supported: u16 },
    /// Asked for after it failed to open (the first failure said why).
    #[error("the database failed to open earlier")]
    NotOpen,
    #[error(transparent)]
    Rule(#[from] RuleError),
    #[error(transparent)]
    Invalid(#[from] Invalid),
    #[error("conflict: {0}")]
    Conflict(Conflict),
    /// A write with nobody to record it under.
    #[error("{}", Msg::NoActor.text())]
    NoActor,
    /// The target of an undo changed after the op being undone.
    #[error("{}", Msg::UndoOutdated.fill(&[.0]))]
    UndoOutdated(Subject),
}

impl StoreError {
    pub(crate) fn sled(path: &Path, e: sled::Error) -> StoreError {
        let text = e.to_string();
        if text.contains("could not acquire lock") || text.contains("WouldBlock") {
            StoreError::Locked(path.to_path_buf())
        } else {
            StoreError::Sled {
                path: path.to_path_buf(),
                source: e,
            }
        }
    }

    /// Whether the person at the keyboard can do something about it
    /// (another window holds the database, a newer haukiem is needed, the
    /// data breaks a rule or conflicts) rather than a failure of the disk,
    /// of sled or of this program.
    #[must_use]
    pub fn is_user_error(&self) -> bool {
        !matches!(
            self,
            StoreError::Sled { .. }
                | StoreError::Io { .. }
                | StoreError::Corrupt { .. }
                | StoreError::Encode(_)
        )
    }
}

/// What a refused change is about, as messages name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    Unit(String),
    Template {
        code: String,
        version: u32,
    },
    Visit(String),
    /// An answer, by its item code.
    Answer(String),
    /// A finding, by its reference.
    Finding(String),
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&match self {
            Subject::Unit(code) => Msg::SubjectUnit.fill(&[code]),
            Subject::Template { code, version } => Msg::SubjectTemplate.fill(&[code, version]),
            Subject::Visit(code) => Msg::SubjectVisit.fill(&[code]),
            Subject::Answer(item) => Msg::SubjectAnswer.fill(&[item]),
            Subject::Finding(reference) => Msg::SubjectFinding.fill(&[reference]),
        })
    }
}

/// What a change refers to that is not stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Absent {
    ParentUnit,
    Template,
    Unit,
    /// One of a visit's units.
    UnitOf(Id),
    Visit,
}

impl fmt::Display for Absent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Absent::ParentUnit => f.write_str("its parent unit"),
            Absent::Template => f.write_str("its checklist template"),
            Absent::Unit => f.write_str("its unit"),
            Absent::UnitOf(id) => write!(f, "unit {id}"),
            Absent::Visit => f.write_str("its visit"),
        }
    }
}

/// A change the stored state does not allow, or stored bookkeeping that
/// does not read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Invalid {
    #[error("a change needs an old or a new value")]
    EmptyChange,
    #[error("op {0}: its target does not match its change")]
    TargetMismatch(Id),
    #[error("unit code {0} is already used by another unit")]
    UnitCodeTaken(String),
    #[error("visit code {0} is already used")]
    VisitCodeTaken(String),
    #[error("finding reference {0} is already used")]
    ReferenceTaken(String),
    #[error("{0} already exists")]
    TemplateExists(Subject),
    #[error("{0} is used by a visit and can no longer change; make a new version")]
    TemplateFrozen(Subject),
    #[error("{subject}: {absent} does not exist")]
    Missing { subject: Subject, absent: Absent },
    #[error("{0} still has sub-units, visits or findings")]
    UnitInUse(Subject),
    #[error("{0} still has answers or findings")]
    VisitInUse(Subject),
    #[error("{subject}: the unit is not part of visit {visit}")]
    UnitNotInVisit { subject: Subject, visit: String },
    #[error("{subject}: no such item in the checklist of visit {visit}")]
    NoSuchItem { subject: Subject, visit: String },
    #[error("{subject}: item {item} is not in the checklist of visit {visit}")]
    ItemNotInChecklist {
        subject: Subject,
        item: String,
        visit: String,
    },
    #[error("finding {0} names a unit or visit that is not stored")]
    Unlinked(String),
    #[error("the listing view would exceed 4 GiB")]
    ViewTooLarge,
    #[error("no migration from schema {0}")]
    NoMigration(u16),
    #[error("meta.{0} is malformed")]
    MalformedMeta(&'static str),
    #[error("malformed {0}")]
    MalformedKey(String),
}

/// A change made against a state that is no longer the stored one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Conflict {
    #[error("op {0} is already in the log with different content")]
    OtherContent(Id),
    #[error("op {0} is already in the log with another time")]
    OtherTime(Id),
    #[error("{0} does not exist")]
    Gone(Subject),
    #[error("{0} already exists")]
    Exists(Subject),
    #[error("{0} has changed since")]
    Changed(Subject),
}
