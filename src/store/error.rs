//! What can go wrong in the store, typed: a caller branches on the kind,
//! and [`StoreError::is_user_error`] says whether the person at the
//! keyboard can fix it. A message never repeats its cause: the cause is the
//! error's `source`, printed once by whoever prints the chain.

use std::fmt;
use std::path::{Path, PathBuf};

use super::codec::CodecError;
use crate::domain::label::Labelled;
use crate::domain::{Id, RuleError, Sector};
use crate::i18n::Msg;

/// What can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{}", Msg::StoreLocked.fill(&[&.0.display()]))]
    Locked(PathBuf),
    #[error("{}", Msg::StoreSled.fill(&[&.path.display()]))]
    Sled {
        path: PathBuf,
        #[source]
        source: sled::Error,
    },
    #[error("{}", Msg::StoreDurable.fill(&[&.path.display()]))]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}", Msg::DbRecordDamaged.fill(&[.tree]))]
    Corrupt {
        tree: &'static str,
        #[source]
        source: CodecError,
    },
    #[error("{}", Msg::StoreEncode.text())]
    Encode(#[source] CodecError),
    #[error("{}", Msg::StoreNewerSchema.fill(&[.found, .supported]))]
    NewerSchema { found: u16, supported: u16 },
    /// Asked for after it failed to open (the first failure said why).
    #[error("{}", Msg::StoreNotOpen.text())]
    NotOpen,
    #[error(transparent)]
    Rule(#[from] RuleError),
    #[error(transparent)]
    Invalid(#[from] Invalid),
    #[error("{}", Msg::StoreConflict.fill(&[.0]))]
    Conflict(Conflict),
    /// A write with nobody to record it under.
    #[error("{}", Msg::NoActor.text())]
    NoActor,
    /// No import is on record to revert.
    #[error("{}", Msg::NothingToRevert.text())]
    NothingToRevert,
    /// The target of an undo changed after the op being undone.
    #[error("{}", Msg::UndoOutdated.fill(&[.0]))]
    UndoOutdated(Subject),
    /// A command that only reads was pointed at a directory that holds no
    /// database: it does not create one.
    #[error("{}", Msg::NoDatabase.fill(&[&.0.display()]))]
    NoDatabase(PathBuf),
    /// sled found its files damaged; its own words (kept for `Debug`) are
    /// no help to the person at the keyboard.
    #[error("{}", .damage.message(.path))]
    Damaged {
        path: PathBuf,
        damage: Damage,
        sled: Option<String>,
    },
    /// A read met damage earlier in this process: nothing more is written.
    #[error("{}", Msg::DbWritesRefused.fill(&[&.0.display()]))]
    WritesRefused(PathBuf),
    /// The database is read from a private copy (its own place cannot be
    /// written): nothing is written.
    #[error("{}", Msg::DbCopyReadOnly.fill(&[&.0.display()]))]
    ReadOnlyCopy(PathBuf),
}

/// What part of a database is damaged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Damage {
    /// sled's data file (`db`).
    DataFile,
    /// sled's configuration file (`conf`).
    ConfigFile,
}

impl Damage {
    fn message(self, path: &Path) -> String {
        let part = match self {
            Damage::DataFile => Msg::DbPartData,
            Damage::ConfigFile => Msg::DbPartConfig,
        };
        Msg::DbDamaged.fill(&[&path.display(), &part.text()])
    }
}

impl StoreError {
    pub(crate) fn sled(path: &Path, e: sled::Error) -> StoreError {
        let text = e.to_string();
        let damage = match &e {
            sled::Error::Corruption { .. } => Some(Damage::DataFile),
            // What sled says of a `conf` it cannot parse ("created using a
            // sled version earlier than 0.29", or settings that differ).
            sled::Error::Unsupported(_) => Some(Damage::ConfigFile),
            _ => None,
        };
        if let Some(damage) = damage {
            StoreError::Damaged {
                path: path.to_path_buf(),
                damage,
                sled: Some(text),
            }
        } else if text.contains("could not acquire lock") || text.contains("WouldBlock") {
            StoreError::Locked(path.to_path_buf())
        } else {
            StoreError::Sled {
                path: path.to_path_buf(),
                source: e,
            }
        }
    }

    /// Whether it says the database's files or records are damaged (a
    /// record of a newer schema is not damage: a newer haukiem reads it).
    #[must_use]
    pub fn is_damage(&self) -> bool {
        match self {
            StoreError::Corrupt { source, .. } => !matches!(source, CodecError::NewerSchema { .. }),
            StoreError::Damaged { .. } | StoreError::WritesRefused(_) => true,
            _ => false,
        }
    }

    /// Whether the person at the keyboard can do something about it
    /// (another window holds the database, a newer haukiem is needed, the
    /// data breaks a rule or conflicts, no database is where `--db` points,
    /// a damaged database to restore from an export) rather than a failure
    /// of the disk, of sled or of this program.
    #[must_use]
    pub fn is_user_error(&self) -> bool {
        !matches!(
            self,
            StoreError::Sled { .. } | StoreError::Io { .. } | StoreError::Encode(_)
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
    /// The team's text of a visit's báo cáo, or of a unit's thông báo kết luận.
    Report {
        conclusion: bool,
    },
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&match self {
            Subject::Unit(code) => Msg::SubjectUnit.fill(&[code]),
            Subject::Template { code, version } => Msg::SubjectTemplate.fill(&[code, version]),
            Subject::Visit(code) => Msg::SubjectVisit.fill(&[code]),
            Subject::Answer(item) => Msg::SubjectAnswer.fill(&[item]),
            Subject::Finding(reference) => Msg::SubjectFinding.fill(&[reference]),
            Subject::Report { conclusion: false } => Msg::SubjectReport.text().to_string(),
            Subject::Report { conclusion: true } => Msg::SubjectConclusion.text().to_string(),
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
            Absent::ParentUnit => f.write_str(Msg::AbsentParentUnit.text()),
            Absent::Template => f.write_str(Msg::AbsentTemplate.text()),
            Absent::Unit => f.write_str(Msg::AbsentUnit.text()),
            Absent::UnitOf(id) => f.write_str(&Msg::AbsentUnitOf.fill(&[id])),
            Absent::Visit => f.write_str(Msg::AbsentVisit.text()),
        }
    }
}

/// A change the stored state does not allow, or stored bookkeeping that
/// does not read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Invalid {
    #[error("{}", Msg::InvalidEmptyChange.text())]
    EmptyChange,
    #[error("{}", Msg::InvalidTargetMismatch.fill(&[.0]))]
    TargetMismatch(Id),
    #[error("{}", Msg::InvalidUnitCodeTaken.fill(&[.0]))]
    UnitCodeTaken(String),
    #[error("{}", Msg::InvalidVisitCodeTaken.fill(&[.0]))]
    VisitCodeTaken(String),
    #[error("{}", Msg::InvalidReferenceTaken.fill(&[.0]))]
    ReferenceTaken(String),
    #[error("{}", Msg::InvalidExists.fill(&[.0]))]
    TemplateExists(Subject),
    #[error("{}", Msg::InvalidTemplateFrozen.fill(&[.0]))]
    TemplateFrozen(Subject),
    #[error("{}", Msg::InvalidMissing.fill(&[.subject, .absent]))]
    Missing { subject: Subject, absent: Absent },
    #[error("{}", Msg::InvalidUnitInUse.fill(&[.0]))]
    UnitInUse(Subject),
    #[error("{}", Msg::InvalidVisitInUse.fill(&[.0]))]
    VisitInUse(Subject),
    #[error("{}", Msg::InvalidUnitNotInVisit.fill(&[.subject, .visit]))]
    UnitNotInVisit { subject: Subject, visit: String },
    #[error("{}", Msg::InvalidNoSuchItem.fill(&[.subject, .visit]))]
    NoSuchItem { subject: Subject, visit: String },
    #[error("{}", Msg::InvalidItemNotInChecklist.fill(&[.subject, .item, .visit]))]
    ItemNotInChecklist {
        subject: Subject,
        item: String,
        visit: String,
    },
    /// An answer to an item the checklist asks only of other sectors.
    #[error("{}", Msg::InvalidItemNotForSector.fill(&[.subject, .unit, &.sector.shown(), &sectors_shown(.sectors)]))]
    ItemNotForSector {
        subject: Subject,
        /// The unit's code.
        unit: String,
        /// The unit's sector.
        sector: Sector,
        /// The sectors the item is for.
        sectors: Vec<Sector>,
    },
    #[error("{}", Msg::InvalidUnlinked.fill(&[.0]))]
    Unlinked(String),
    #[error("{}", Msg::InvalidViewTooLarge.text())]
    ViewTooLarge,
    #[error("{}", Msg::InvalidNoMigration.fill(&[.0]))]
    NoMigration(u16),
    #[error("{}", Msg::InvalidMalformedMeta.fill(&[.0]))]
    MalformedMeta(&'static str),
    #[error("{}", Msg::InvalidMalformedKey.fill(&[.0]))]
    MalformedKey(String),
}

/// Sectors by their labels in the interface language, comma-separated.
fn sectors_shown(sectors: &[Sector]) -> String {
    sectors
        .iter()
        .map(|s| s.shown())
        .collect::<Vec<_>>()
        .join(", ")
}

/// A change made against a state that is no longer the stored one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Conflict {
    #[error("{}", Msg::ConflictOtherContent.fill(&[.0]))]
    OtherContent(Id),
    #[error("{}", Msg::ConflictOtherTime.fill(&[.0]))]
    OtherTime(Id),
    #[error("{}", Msg::ConflictGone.fill(&[.0]))]
    Gone(Subject),
    #[error("{}", Msg::InvalidExists.fill(&[.0]))]
    Exists(Subject),
    #[error("{}", Msg::ConflictChanged.fill(&[.0]))]
    Changed(Subject),
}
