//! Visits (đợt/cuộc hậu kiểm): who goes where, when, under which plan and
//! decision; the rules a visit must keep and the way its status moves.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::label::labels;
use super::{Id, RuleError, Unit};

/// Kind of visit. The order of the variants is their stored encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum VisitKind {
    /// Kiểm tra.
    Inspection,
    /// Giám sát chuyên đề.
    Supervision,
    /// Hậu kiểm.
    FollowUp,
}

labels!(VisitKind {
    FollowUp => "HK", "Hậu kiểm", "Follow-up check";
    Supervision => "GS", "Giám sát chuyên đề", "Thematic supervision", ["giám sát"];
    Inspection => "KT", "Kiểm tra", "Inspection";
});

/// Where a visit stands: Chưa tiến hành → Đang tiến hành → Đã kết thúc,
/// and back to Đang tiến hành only when reopened with a reason.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum VisitStatus {
    /// Chưa tiến hành (the plan is made).
    Planned,
    /// Đang tiến hành.
    InProgress,
    /// Đã kết thúc: read-only until reopened.
    Concluded,
}

labels!(VisitStatus {
    Planned => "CTH", "Chưa tiến hành", "Not started", ["kế hoạch", "KH", "planned"];
    InProgress => "DTH", "Đang tiến hành", "In progress";
    Concluded => "DKT", "Đã kết thúc", "Concluded";
});

impl VisitStatus {
    /// Statuses this one may move to (reopening a concluded visit also
    /// needs a reason: see [`Visit::check_transition`]).
    #[must_use]
    pub fn next(self) -> &'static [VisitStatus] {
        match self {
            VisitStatus::Planned => &[VisitStatus::InProgress],
            VisitStatus::InProgress => &[VisitStatus::Concluded],
            VisitStatus::Concluded => &[VisitStatus::InProgress],
        }
    }
}

/// Role in the visiting team. New roles are appended (the order of the
/// variants is their stored encoding); the order people read them in is
/// the label table's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TeamRole {
    /// Trưởng đoàn.
    Lead,
    /// Thành viên.
    Member,
    /// Thư ký.
    Secretary,
    /// Phó trưởng đoàn.
    DeputyLead,
}

labels!(TeamRole {
    Lead => "TD", "Trưởng đoàn", "Team lead";
    DeputyLead => "PTD", "Phó trưởng đoàn", "Deputy team lead", ["phó đoàn"];
    Member => "TV", "Thành viên", "Member";
    Secretary => "TK", "Thư ký", "Secretary";
});

impl TeamRole {
    /// Position in listings of the team: lead, deputy, members, secretary.
    #[must_use]
    pub fn rank(self) -> u8 {
        match self {
            TeamRole::Lead => 0,
            TeamRole::DeputyLead => 1,
            TeamRole::Member => 2,
            TeamRole::Secretary => 3,
        }
    }
}

/// One member of the team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamMember {
    pub name: String,
    pub role: TeamRole,
}

/// Which team member is in charge of one unit of the visit (phân công).
/// A unit without an assignment is the team's as a whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignment {
    pub unit: Id,
    /// The name of a member of the team.
    pub inspector: String,
}

/// A visit to one or more units.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Visit {
    pub id: Id,
    /// Short code users type (unique).
    pub code: String,
    /// The plan's number as written (`12-KH/TU`); exports of schema 1
    /// called it `doc_number`.
    #[serde(alias = "doc_number")]
    pub plan_no: String,
    /// The number of the decision forming the team (`45-QĐ/TU`).
    #[serde(default)]
    pub decision_no: String,
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
    /// Who is in charge of which unit; at most one entry per unit.
    #[serde(default)]
    pub assignments: Vec<Assignment>,
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

    /// The team member in charge of `unit`, if one is assigned.
    #[must_use]
    pub fn inspector_of(&self, unit: Id) -> Option<&str> {
        self.assignments
            .iter()
            .find(|a| a.unit == unit)
            .map(|a| a.inspector.as_str())
    }

    /// The team in reading order: lead, deputy, members, secretary.
    #[must_use]
    pub fn team_in_order(&self) -> Vec<&TeamMember> {
        let mut team: Vec<&TeamMember> = self.team.iter().collect();
        team.sort_by_key(|m| m.role.rank());
        team
    }

    /// Check the visit's own fields: a code and a title, a period that ends
    /// on or after its start, a team with exactly one trưởng đoàn (when
    /// there is a team), units listed once, and each assignment to one of
    /// the visit's units and a member of the team.
    ///
    /// # Errors
    /// The first of those that fails.
    pub fn validate(&self) -> Result<(), RuleError> {
        let code = || self.code.clone();
        if self.code.trim().is_empty() {
            return Err(RuleError::VisitWithoutCode(code()));
        }
        if self.title.trim().is_empty() {
            return Err(RuleError::VisitWithoutTitle(code()));
        }
        if self.end < self.start {
            return Err(RuleError::VisitEndsBeforeStart {
                visit: code(),
                start: self.start,
                end: self.end,
            });
        }
        if self.team.iter().any(|m| m.name.trim().is_empty()) {
            return Err(RuleError::TeamMemberWithoutName(code()));
        }
        let leads = self
            .team
            .iter()
            .filter(|m| m.role == TeamRole::Lead)
            .count();
        if !self.team.is_empty() && leads != 1 {
            return Err(RuleError::TeamLeads {
                visit: code(),
                leads,
            });
        }
        for (i, u) in self.units.iter().enumerate() {
            if self.units[..i].contains(u) {
                return Err(RuleError::UnitTwiceInVisit(code()));
            }
        }
        for (i, a) in self.assignments.iter().enumerate() {
            if !self.units.contains(&a.unit)
                || self.assignments[..i].iter().any(|b| b.unit == a.unit)
            {
                return Err(RuleError::AssignmentOutsideVisit(code()));
            }
            if !self.team.iter().any(|m| m.name == a.inspector) {
                return Err(RuleError::InspectorNotInTeam {
                    visit: code(),
                    inspector: a.inspector.clone(),
                });
            }
        }
        Ok(())
    }

    /// Check the visit's units: each exists (`unit` finds it) and is valid
    /// on every day of the visit.
    ///
    /// # Errors
    /// The first unit that is missing or not valid then; a missing one is
    /// named by its id (it has no code to show).
    pub fn validate_units(&self, unit: impl Fn(Id) -> Option<Unit>) -> Result<(), RuleError> {
        for id in &self.units {
            let Some(u) = unit(*id) else {
                return Err(RuleError::VisitUnitMissing {
                    visit: self.code.clone(),
                    unit: id.to_string(),
                });
            };
            if !u.is_valid_on(self.start) || !u.is_valid_on(self.end) {
                return Err(RuleError::VisitUnitNotValid {
                    visit: self.code.clone(),
                    unit: u.code,
                    from: u.valid_from,
                    to: u.valid_to,
                });
            }
        }
        Ok(())
    }

    /// Whether `new` may follow `old` (this visit as stored): the status
    /// moves only along [`VisitStatus::next`], and a concluded visit is
    /// read-only: the one change it takes is its reopening, with a reason
    /// (`reason`) and nothing else changed. A compensating op (`undo`)
    /// restores a state that existed, so it may move the status back too.
    ///
    /// # Errors
    /// The move is not allowed, or a concluded visit would change otherwise.
    pub fn check_transition(
        old: &Visit,
        new: &Visit,
        reason: Option<&str>,
        undo: bool,
    ) -> Result<(), RuleError> {
        if old.status == VisitStatus::Concluded {
            let mut reopened = old.clone();
            reopened.status = new.status;
            if reopened != *new || new.status == VisitStatus::Planned {
                return Err(RuleError::VisitConcluded(old.code.clone()));
            }
        }
        if old.status == new.status || undo {
            return Ok(());
        }
        if !old.status.next().contains(&new.status) {
            return Err(RuleError::VisitTransition {
                visit: old.code.clone(),
                from: old.status,
                to: new.status,
            });
        }
        if old.status == VisitStatus::Concluded && reason.is_none_or(|r| r.trim().is_empty()) {
            return Err(RuleError::ReopenWithoutReason(old.code.clone()));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
