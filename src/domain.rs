//! Domain types and rules of hậu kiểm: units, checklist templates, visits,
//! answers, findings, the operations that change them, and Vietnamese text
//! and dates. No I/O here.

pub mod answer;
pub mod baseline;
pub mod conflict;
pub mod date;
pub mod filter;
pub mod finding;
pub mod label;
pub mod op;
pub mod report;
pub mod rule;
pub mod suggest;
pub mod template;
pub mod text;
pub mod unit;
pub mod visit;

pub use answer::{Answer, Verdict};
pub use baseline::Baseline;
pub use conflict::{Conflict, Side, Value};
pub use filter::{FindingFacts, FindingFilter};
pub use finding::{
    Event, Finding, FindingStatus, FollowUp, Origin, Recheck, Responsibility, ResponsibilityKind,
    Severity, StatusCounts,
};
pub use op::{Change, Op, Settle, Target};
pub use report::Report;
pub use rule::{Entity, RuleError};
pub use template::{Item, Section, Template};
pub use unit::{Sector, Succession, Unit, UnitKind};
pub use visit::{Assignment, TeamMember, TeamRole, Visit, VisitKind, VisitStatus};

/// Identifier of every entity and operation: UUIDv7, unique across laptops
/// and ordered by creation time. Users never see it.
pub type Id = uuid::Uuid;

/// A new time-ordered identifier.
#[must_use]
pub fn new_id() -> Id {
    uuid::Uuid::now_v7()
}
