//! Visits (đợt/cuộc hậu kiểm): who goes where, when, under which document.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::label::labels;
use super::rule::Entity;
use super::text::rules::{CODE, NAME};
use super::{Id, RuleError};

/// Kind of visit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum VisitKind {
    /// Kiểm tra.
    Inspection,
    /// Giám sát.
    Supervision,
    /// Hậu kiểm.
    FollowUp,
}

labels!(VisitKind {
    Inspection => "KT", "Kiểm tra", "Inspection";
    Supervision => "GS", "Giám sát", "Supervision";
    FollowUp => "HK", "Hậu kiểm", "Follow-up check";
});

/// Where a visit stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum VisitStatus {
    /// Kế hoạch.
    Planned,
    /// Đang tiến hành.
    InProgress,
    /// Đã kết thúc.
    Concluded,
}

labels!(VisitStatus {
    Planned => "KH", "Kế hoạch", "Planned";
    InProgress => "DTH", "Đang tiến hành", "In progress";
    Concluded => "DKT", "Đã kết thúc", "Concluded";
});

/// Role in the visiting team.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TeamRole {
    /// Trưởng đoàn.
    Lead,
    /// Thành viên.
    Member,
    /// Thư ký.
    Secretary,
}

labels!(TeamRole {
    Lead => "TD", "Trưởng đoàn", "Team lead";
    Member => "TV", "Thành viên", "Member";
    Secretary => "TK", "Thư ký", "Secretary";
});

/// One member of the team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamMember {
    pub name: String,
    pub role: TeamRole,
}

/// A visit to one or more units.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Visit {
    pub id: Id,
    /// Short code users type (unique).
    pub code: String,
    /// Document number exactly as written (`12-KH/ĐUK`).
    pub doc_number: String,
    pub title: String,
    pub kind: VisitKind,
    /// The checklist template version used.
    pub template: Id,
    /// Issuing body (Ban Thường vụ …, Ủy ban Kiểm tra …).
    pub issuer: String,
    /// Place name for document headers ("Nam Định").
    pub place: String,
    pub team: Vec<TeamMember>,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub units: Vec<Id>,
    pub status: VisitStatus,
}

impl Visit {
    /// The team lead's name, if any.
    #[must_use]
    pub fn lead(&self) -> Option<&str> {
        self.team
            .iter()
            .find(|m| m.role == TeamRole::Lead)
            .map(|m| m.name.as_str())
    }

    /// Check the visit's own fields: a code, a period that ends on or
    /// after its start, and every text within its rule.
    ///
    /// # Errors
    /// The first of those that fails.
    pub fn validate(&self) -> Result<(), RuleError> {
        if self.code.trim().is_empty() {
            return Err(RuleError::VisitWithoutCode(self.code.clone()));
        }
        if self.end < self.start {
            return Err(RuleError::VisitEndsBeforeStart(self.code.clone()));
        }
        let fixed = [
            ("code".into(), CODE, self.code.as_str()),
            ("doc_number".into(), NAME, &self.doc_number),
            ("title".into(), NAME, &self.title),
            ("issuer".into(), NAME, &self.issuer),
            ("place".into(), NAME, &self.place),
        ];
        let team = self
            .team
            .iter()
            .enumerate()
            .map(|(i, m)| (format!("team[{i}].name").into(), NAME, m.name.as_str()));
        Entity::Visit.check_texts(&self.code, fixed.into_iter().chain(team))
    }
}
