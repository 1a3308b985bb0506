//! Findings (hạn chế, khuyết điểm — HCKĐ): what is still wrong at a unit, who
//! answers for it, the committed remedy and deadline, and the follow-up
//! history. The status machine and the deadline rules live here.

use std::borrow::Cow;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::label::labels;
use super::rule::Entity;
use super::text::TextRule;
use super::text::rules::{CODE, NAME, REFERENCE, TEXT};
use super::{Id, RuleError};

mod counts;
pub mod merge;
pub use counts::StatusCounts;

/// Remediation status of a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum FindingStatus {
    /// Chưa khắc phục: recorded, nothing done yet.
    Open,
    /// Đang khắc phục.
    InProgress,
    /// Đã khắc phục, chờ xác minh: the unit reports it fixed.
    Remediated,
    /// Đã xác minh: the team checked the fix. Final.
    Verified,
    /// Chưa thể khắc phục (nguyên nhân khách quan). Final.
    Unremediable,
}

labels!(FindingStatus {
    Open => "mo", "Chưa khắc phục", "Open", ["mở", "đang mở", "chưa KP", "not remediated"];
    InProgress => "dang", "Đang khắc phục", "In progress", ["đang KP"];
    Remediated => "da", "Đã khắc phục, chờ xác minh", "Remediated, awaiting verification", ["đã khắc phục", "chờ xác minh", "đã KP"];
    Verified => "xm", "Đã xác minh", "Verified";
    Unremediable => "khong", "Chưa thể khắc phục (nguyên nhân khách quan)", "Cannot be remediated", ["không khắc phục được", "không khắc phục", "chưa thể khắc phục"];
});

impl FindingStatus {
    /// Statuses this one may move to.
    #[must_use]
    pub fn next(self) -> &'static [FindingStatus] {
        use FindingStatus::{InProgress, Open, Remediated, Unremediable, Verified};
        match self {
            Open => &[InProgress, Remediated, Unremediable],
            InProgress => &[Remediated, Unremediable],
            Remediated => &[Verified, InProgress],
            Verified | Unremediable => &[],
        }
    }

    /// Still waiting for the unit to act: the deadline runs (chưa khắc phục,
    /// đang khắc phục).
    #[must_use]
    pub fn is_active(self) -> bool {
        matches!(self, FindingStatus::Open | FindingStatus::InProgress)
    }

    /// Final: nothing more can happen.
    #[must_use]
    pub fn is_final(self) -> bool {
        self.next().is_empty()
    }

    /// Stable index used in counters and index keys.
    #[must_use]
    pub fn index(self) -> u8 {
        match self {
            FindingStatus::Open => 0,
            FindingStatus::InProgress => 1,
            FindingStatus::Remediated => 2,
            FindingStatus::Verified => 3,
            FindingStatus::Unremediable => 4,
        }
    }

    /// The status of [`FindingStatus::index`] `i`.
    #[must_use]
    pub fn from_index(i: u8) -> Option<FindingStatus> {
        use FindingStatus::{InProgress, Open, Remediated, Unremediable, Verified};
        [Open, InProgress, Remediated, Verified, Unremediable]
            .into_iter()
            .find(|s| s.index() == i)
    }
}

/// The grade of a shortcoming (loại): hạn chế, khuyết điểm, or có dấu hiệu
/// vi phạm — the last proposes a kiểm tra. Schema 1 and 2 called these
/// Nhẹ, Trung bình and Nghiêm trọng; records keep their place, and old
/// exports and files still read through the aliases.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Severity {
    /// Hạn chế.
    #[serde(alias = "Minor")]
    Limitation,
    /// Khuyết điểm.
    #[serde(alias = "Moderate")]
    Shortcoming,
    /// Có dấu hiệu vi phạm.
    #[serde(alias = "Serious")]
    Violation,
}

labels!(Severity {
    Limitation => "HC", "Hạn chế", "Limitation", ["1", "nhẹ", "minor"];
    Shortcoming => "KD", "Khuyết điểm", "Shortcoming", ["2", "trung bình", "moderate"];
    Violation => "VP", "Có dấu hiệu vi phạm", "Signs of violation", ["3", "nghiêm trọng", "serious", "vi phạm"];
});

/// Where a shortcoming was first named.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum Origin {
    /// Found by the team during a visit.
    #[default]
    Visit,
    /// Identified at the unit's kiểm điểm — in its own báo cáo kiểm điểm or
    /// the upper committee's thông báo kết luận: that document's number
    /// (số, ký hiệu, e.g. `87-TB/TU`) and date.
    Review {
        doc: String,
        date: Option<NaiveDate>,
    },
}

impl Origin {
    /// Identified at the review (the baseline a hậu kiểm follows).
    #[must_use]
    pub fn is_review(&self) -> bool {
        matches!(self, Origin::Review { .. })
    }
}

/// What a re-check during a visit found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Recheck {
    /// Đã khắc phục: the team saw it fixed (verified).
    Done,
    /// Đang khắc phục.
    Doing,
    /// Chưa khắc phục.
    Not,
}

labels!(Recheck {
    Done => "da", "Đã khắc phục", "Remediated";
    Doing => "dang", "Đang khắc phục", "In progress";
    Not => "chua", "Chưa khắc phục", "Not remediated";
});

impl Recheck {
    /// The statuses a re-check moves a finding in `status` through (none:
    /// the re-check is recorded and the status stays).
    #[must_use]
    pub fn path(self, status: FindingStatus) -> &'static [FindingStatus] {
        match (self, status) {
            (Recheck::Done, FindingStatus::Open | FindingStatus::InProgress) => {
                &[FindingStatus::Remediated, FindingStatus::Verified]
            }
            (Recheck::Done, FindingStatus::Remediated) => &[FindingStatus::Verified],
            // Found not fixed after the unit reported it fixed: back to in
            // progress, so the deadline runs again and shows when late.
            (Recheck::Doing | Recheck::Not, FindingStatus::Remediated)
            | (Recheck::Doing, FindingStatus::Open) => &[FindingStatus::InProgress],
            _ => &[],
        }
    }
}

/// Whose responsibility (trách nhiệm tập thể / cá nhân).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ResponsibilityKind {
    /// Tập thể.
    Collective,
    /// Cá nhân.
    Individual,
}

labels!(ResponsibilityKind {
    Collective => "TT", "Tập thể", "Collective";
    Individual => "CN", "Cá nhân", "Individual";
});

/// Responsibility: collective or individual, with the name of the body or person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Responsibility {
    pub kind: ResponsibilityKind,
    pub name: String,
}

/// What happened in one follow-up event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Event {
    /// The finding was recorded.
    Created,
    /// A dated note (tiến độ, kết quả, bằng chứng).
    Note,
    /// A status change.
    Status {
        from: FindingStatus,
        to: FindingStatus,
    },
    /// A deadline extension (gia hạn); the old date is kept here.
    Extended { from: NaiveDate, to: NaiveDate },
    /// Re-checked during a visit (kiểm tra lại): which visit, and what it
    /// found. Any status change it made is recorded before it.
    Recheck { visit: Id, outcome: Recheck },
}

/// One entry of the follow-up history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUp {
    /// The day it happened (as the inspector records it).
    pub date: NaiveDate,
    /// When it was recorded.
    pub at: DateTime<Utc>,
    pub by: String,
    pub event: Event,
    /// Note, or the reason of an extension.
    pub note: String,
}

/// A shortcoming (HCKĐ) found at a unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub id: Id,
    /// Human reference, unique across laptops: `VISIT-TAG07`.
    pub reference: String,
    pub unit: Id,
    /// The visit that recorded it.
    pub visit: Id,
    /// Checklist item code, when tied to one.
    pub item: Option<String>,
    pub title: String,
    pub detail: String,
    /// Nguyên nhân.
    pub cause: String,
    pub responsibility: Responsibility,
    /// Giải pháp, biện pháp khắc phục.
    pub remedy: String,
    pub severity: Severity,
    /// Current deadline (after extensions).
    pub due: NaiveDate,
    pub status: FindingStatus,
    /// Day it was recorded.
    pub created: NaiveDate,
    pub history: Vec<FollowUp>,
    /// Identified at the review, or found during the visit (exports made
    /// before schema 3 have none: found during the visit).
    #[serde(default)]
    pub origin: Origin,
}

/// Who records a follow-up, and when.
#[derive(Debug, Clone)]
pub struct Stamp {
    pub date: NaiveDate,
    pub at: DateTime<Utc>,
    pub by: String,
}

impl Finding {
    /// Check the fields of a new or edited finding.
    ///
    /// # Errors
    /// A required field is empty, a text breaks its rule, or the deadline
    /// precedes the creation day.
    pub fn validate(&self) -> Result<(), RuleError> {
        if self.title.trim().is_empty() {
            return Err(RuleError::Empty("title"));
        }
        if self.reference.trim().is_empty() {
            return Err(RuleError::Empty("reference"));
        }
        if self.due < self.created {
            return Err(RuleError::DueBeforeCreated {
                due: self.due,
                created: self.created,
            });
        }
        self.check_texts()?;
        self.validate_history()
    }

    /// Every text of the finding and its history within its rule.
    fn check_texts(&self) -> Result<(), RuleError> {
        let mut fields: Vec<(Cow<'_, str>, TextRule, &str)> = vec![
            ("reference".into(), REFERENCE, &self.reference),
            ("title".into(), NAME, &self.title),
            ("detail".into(), TEXT, &self.detail),
            ("cause".into(), TEXT, &self.cause),
            (
                "responsibility.name".into(),
                NAME,
                &self.responsibility.name,
            ),
            ("remedy".into(), TEXT, &self.remedy),
        ];
        if let Some(item) = &self.item {
            fields.push(("item".into(), CODE, item));
        }
        if let Origin::Review { doc, .. } = &self.origin {
            fields.push(("origin.doc".into(), REFERENCE, doc));
        }
        for (i, f) in self.history.iter().enumerate() {
            fields.push((format!("history[{i}].by").into(), NAME, &f.by));
            fields.push((format!("history[{i}].note").into(), TEXT, &f.note));
        }
        Entity::Finding.check_texts(&self.reference, fields)
    }

    /// The history must add up to the current status and deadline: every
    /// status change legal from the one before, every extension starting
    /// from the deadline then in force.
    fn validate_history(&self) -> Result<(), RuleError> {
        let mut status = FindingStatus::Open;
        let mut due: Option<NaiveDate> = None;
        for f in &self.history {
            match f.event {
                Event::Status { from, to } => {
                    if from != status || !from.next().contains(&to) {
                        return Err(RuleError::IllegalTransition {
                            reference: self.reference.clone(),
                            from: status,
                            to,
                        });
                    }
                    if f.note.trim().is_empty() {
                        return Err(RuleError::StatusWithoutNote(self.reference.clone()));
                    }
                    status = to;
                }
                Event::Extended { .. } if !status.is_active() => {
                    return Err(RuleError::Closed(self.reference.clone()));
                }
                Event::Extended { from, to } => {
                    if due.is_some_and(|d| d != from) || to <= from {
                        return Err(RuleError::ExtensionNotLater {
                            reference: self.reference.clone(),
                            from,
                            to,
                        });
                    }
                    if f.note.trim().is_empty() {
                        return Err(RuleError::ExtensionWithoutReason(self.reference.clone()));
                    }
                    due = Some(to);
                }
                Event::Created | Event::Note | Event::Recheck { .. } => {}
            }
        }
        if status != self.status {
            return Err(RuleError::IllegalTransition {
                reference: self.reference.clone(),
                from: status,
                to: self.status,
            });
        }
        if due.is_some_and(|d| d != self.due) {
            return Err(RuleError::ExtensionNotLater {
                reference: self.reference.clone(),
                from: self.due,
                to: due.unwrap_or(self.due),
            });
        }
        Ok(())
    }

    /// Whether `self` differs from `old` only by follow-up: status,
    /// deadline and history. A concluded visit's findings take only that.
    #[must_use]
    pub fn is_follow_up_of(&self, old: &Finding) -> bool {
        let mut same = old.clone();
        same.status = self.status;
        same.due = self.due;
        same.history.clone_from(&self.history);
        same == *self
    }

    /// The deadline first agreed, before any extension.
    #[must_use]
    pub fn original_due(&self) -> NaiveDate {
        self.history
            .iter()
            .find_map(|f| match f.event {
                Event::Extended { from, .. } => Some(from),
                _ => None,
            })
            .unwrap_or(self.due)
    }

    /// Days past the deadline as of `today`, if still active and late.
    /// Overdue is always derived, never stored.
    #[must_use]
    pub fn days_overdue(&self, today: NaiveDate) -> Option<i64> {
        days_overdue(self.status, self.due, today)
    }

    /// The day it was verified, if it is.
    #[must_use]
    pub fn verified_on(&self) -> Option<NaiveDate> {
        if self.status != FindingStatus::Verified {
            return None;
        }
        self.history.iter().rev().find_map(|f| match f.event {
            Event::Status {
                to: FindingStatus::Verified,
                ..
            } => Some(f.date),
            _ => None,
        })
    }

    /// The finding after a status change.
    ///
    /// # Errors
    /// The move is not allowed from the current status, or the note is empty.
    pub fn with_status(
        &self,
        to: FindingStatus,
        note: &str,
        stamp: Stamp,
    ) -> Result<Finding, RuleError> {
        if !self.status.next().contains(&to) {
            return Err(RuleError::IllegalTransition {
                reference: self.reference.clone(),
                from: self.status,
                to,
            });
        }
        if note.trim().is_empty() {
            return Err(RuleError::StatusWithoutNote(self.reference.clone()));
        }
        let mut next = self.clone();
        next.status = to;
        next.push(
            stamp,
            Event::Status {
                from: self.status,
                to,
            },
            note,
        );
        Ok(next)
    }

    /// The finding after a re-check during `visit`: the status moves as
    /// [`Recheck::path`] says, and the re-check itself is recorded.
    ///
    /// # Errors
    /// The note is empty, or a status move is not allowed.
    pub fn with_recheck(
        &self,
        visit: Id,
        outcome: Recheck,
        note: &str,
        stamp: &Stamp,
    ) -> Result<Finding, RuleError> {
        if note.trim().is_empty() {
            return Err(RuleError::Empty("note"));
        }
        let mut next = self.clone();
        for to in outcome.path(self.status) {
            next = next.with_status(*to, note, stamp.clone())?;
        }
        next.push(stamp.clone(), Event::Recheck { visit, outcome }, note);
        Ok(next)
    }

    /// The last re-check made during `visit`, if any.
    #[must_use]
    pub fn recheck_in(&self, visit: Id) -> Option<Recheck> {
        self.history.iter().rev().find_map(|f| match f.event {
            Event::Recheck { visit: v, outcome } if v == visit => Some(outcome),
            _ => None,
        })
    }

    /// The finding with its deadline moved to `to`; the old date stays in the history.
    ///
    /// # Errors
    /// No reason, a date not later than the current deadline, or a closed finding.
    pub fn with_extension(
        &self,
        to: NaiveDate,
        reason: &str,
        stamp: Stamp,
    ) -> Result<Finding, RuleError> {
        if !self.status.is_active() {
            return Err(RuleError::Closed(self.reference.clone()));
        }
        if reason.trim().is_empty() {
            return Err(RuleError::ExtensionWithoutReason(self.reference.clone()));
        }
        if to <= self.due {
            return Err(RuleError::ExtensionNotLater {
                reference: self.reference.clone(),
                from: self.due,
                to,
            });
        }
        let mut next = self.clone();
        next.due = to;
        next.push(stamp, Event::Extended { from: self.due, to }, reason);
        Ok(next)
    }

    /// The finding with a follow-up note added.
    ///
    /// # Errors
    /// An empty note.
    pub fn with_note(&self, note: &str, stamp: Stamp) -> Result<Finding, RuleError> {
        if note.trim().is_empty() {
            return Err(RuleError::Empty("note"));
        }
        let mut next = self.clone();
        next.push(stamp, Event::Note, note);
        Ok(next)
    }

    fn push(&mut self, stamp: Stamp, event: Event, note: &str) {
        self.history.push(FollowUp {
            date: stamp.date,
            at: stamp.at,
            by: stamp.by,
            event,
            note: super::text::clean_multiline(note),
        });
    }
}

/// A three-letter tag for a device, part of every finding reference it makes,
/// so two laptops recording in the same visit never produce the same one.
#[must_use]
pub fn device_tag(device: Id) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";
    let mut n = device.as_u128();
    let mut tag = String::with_capacity(3);
    for _ in 0..3 {
        let i = usize::try_from(n % 24).unwrap_or(0);
        tag.push(char::from(ALPHABET[i]));
        n /= 24;
    }
    tag
}

/// The reference of the `seq`-th finding made by a device in a visit.
#[must_use]
pub fn reference(visit_code: &str, tag: &str, seq: u32) -> String {
    format!("{visit_code}-{tag}{seq:02}")
}

/// Days a finding with this status and deadline is past due as of `today`
/// (active and late only): the one rule, for whole findings and list rows.
#[must_use]
pub fn days_overdue(status: FindingStatus, due: NaiveDate, today: NaiveDate) -> Option<i64> {
    (status.is_active() && due < today).then(|| (today - due).num_days())
}

/// A finding for unit tests elsewhere in the crate.
#[cfg(test)]
pub(crate) fn sample() -> Finding {
    let day = |d, m, y| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
    Finding {
        id: Id::nil(),
        reference: "HK-2026-01-ABC01".into(),
        unit: Id::nil(),
        visit: Id::nil(),
        item: Some("VI.1".into()),
        title: "Sinh hoạt chi bộ chưa đều đặn".into(),
        detail: String::new(),
        cause: String::new(),
        responsibility: Responsibility {
            kind: ResponsibilityKind::Collective,
            name: "Chi ủy".into(),
        },
        remedy: String::new(),
        severity: Severity::Shortcoming,
        due: day(30, 6, 2026),
        status: FindingStatus::Open,
        created: day(27, 3, 2026),
        history: vec![],
        origin: Origin::Visit,
    }
}

#[cfg(test)]
mod tests;
