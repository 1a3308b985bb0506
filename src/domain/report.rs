//! What the team writes itself for a visit's documents: the narrative
//! sections of the báo cáo kết quả giám sát (Hướng dẫn 36-HD/VPTW), and per
//! unit the thông báo kết luận — the requirements and the day by which the
//! unit must report back, a deadline followed like any other.
//!
//! The app offers drafts made from the figures; only what the team saved
//! here is printed as the final wording.

use std::borrow::Cow;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::rule::Entity;
use super::text::TextRule;
use super::text::rules::{NAME, TEXT};
use super::{Id, RuleError};

/// The team's own text for one document: the visit's báo cáo (`unit` none)
/// or the thông báo kết luận to one unit of the visit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    pub visit: Id,
    /// The unit a thông báo kết luận goes to; none for the báo cáo.
    pub unit: Option<Id>,
    /// I. Đặc điểm tình hình (with figures: tổ chức đảng, chi bộ, đảng viên).
    pub situation: String,
    /// II.1 Ưu điểm.
    pub strengths: String,
    /// II.2 Hạn chế, khuyết điểm (the team's assessment, beside the list).
    pub weaknesses: String,
    /// III. Nguyên nhân (chủ quan, khách quan).
    pub causes: String,
    /// III. Trách nhiệm (tập thể, cá nhân).
    pub responsibility: String,
    /// IV. Kiến nghị, đề xuất (báo cáo) or the yêu cầu (thông báo kết luận).
    pub proposals: String,
    /// Nơi nhận, one per line.
    pub recipients: String,
    /// The day the unit must report back on its remediation (thông báo
    /// kết luận only).
    pub report_by: Option<NaiveDate>,
    /// The day the unit's report back was received; ends the deadline.
    pub reported_on: Option<NaiveDate>,
    /// Who saved it last, and when.
    pub by: String,
    pub at: DateTime<Utc>,
}

/// The parts of a [`Report`] the team writes, by name: forms, drafts and
/// documents go through this list, so none is forgotten.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Part {
    Situation,
    Strengths,
    Weaknesses,
    Causes,
    Responsibility,
    Proposals,
    Recipients,
}

impl Part {
    pub const ALL: [Part; 7] = [
        Part::Situation,
        Part::Strengths,
        Part::Weaknesses,
        Part::Causes,
        Part::Responsibility,
        Part::Proposals,
        Part::Recipients,
    ];

    /// The field's name in messages and exports.
    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Part::Situation => "situation",
            Part::Strengths => "strengths",
            Part::Weaknesses => "weaknesses",
            Part::Causes => "causes",
            Part::Responsibility => "responsibility",
            Part::Proposals => "proposals",
            Part::Recipients => "recipients",
        }
    }
}

impl Report {
    /// An empty report of `visit` (and `unit`), made by `by` at `at`.
    #[must_use]
    pub fn new(visit: Id, unit: Option<Id>, by: &str, at: DateTime<Utc>) -> Report {
        Report {
            visit,
            unit,
            situation: String::new(),
            strengths: String::new(),
            weaknesses: String::new(),
            causes: String::new(),
            responsibility: String::new(),
            proposals: String::new(),
            recipients: String::new(),
            report_by: None,
            reported_on: None,
            by: by.to_string(),
            at,
        }
    }

    /// The text of one part.
    #[must_use]
    pub fn part(&self, part: Part) -> &str {
        match part {
            Part::Situation => &self.situation,
            Part::Strengths => &self.strengths,
            Part::Weaknesses => &self.weaknesses,
            Part::Causes => &self.causes,
            Part::Responsibility => &self.responsibility,
            Part::Proposals => &self.proposals,
            Part::Recipients => &self.recipients,
        }
    }

    /// The text of one part, to change.
    pub fn part_mut(&mut self, part: Part) -> &mut String {
        match part {
            Part::Situation => &mut self.situation,
            Part::Strengths => &mut self.strengths,
            Part::Weaknesses => &mut self.weaknesses,
            Part::Causes => &mut self.causes,
            Part::Responsibility => &mut self.responsibility,
            Part::Proposals => &mut self.proposals,
            Part::Recipients => &mut self.recipients,
        }
    }

    /// Whether the unit's report back is due and not yet received, and late
    /// as of `today`: the days past the day.
    #[must_use]
    pub fn days_overdue(&self, today: NaiveDate) -> Option<i64> {
        match (self.report_by, self.reported_on) {
            (Some(by), None) if by < today => Some((today - by).num_days()),
            _ => None,
        }
    }

    /// Check the texts; a report-back day only on a unit's conclusion, and
    /// a received day only with a report-back day.
    ///
    /// # Errors
    /// The first field that breaks its rule.
    pub fn validate(&self) -> Result<(), RuleError> {
        if self.unit.is_none() && (self.report_by.is_some() || self.reported_on.is_some()) {
            return Err(RuleError::ReportBackWithoutUnit);
        }
        if self.reported_on.is_some() && self.report_by.is_none() {
            return Err(RuleError::Empty("report_by"));
        }
        let mut fields: Vec<(Cow<'_, str>, TextRule, &str)> = Part::ALL
            .iter()
            .map(|p| (Cow::Borrowed(p.key()), TEXT, self.part(*p)))
            .collect();
        fields.push(("by".into(), NAME, &self.by));
        Entity::Report.check_texts("", fields)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(d: u32, m: u32, y: i32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn a_report_back_is_overdue_only_until_received() {
        let mut r = Report::new(Id::nil(), Some(Id::nil()), "Trần Văn Minh", Utc::now());
        assert_eq!(r.days_overdue(day(1, 6, 2026)), None);
        r.report_by = Some(day(30, 4, 2026));
        assert_eq!(r.days_overdue(day(30, 4, 2026)), None);
        assert_eq!(r.days_overdue(day(10, 5, 2026)), Some(10));
        r.reported_on = Some(day(8, 5, 2026));
        assert_eq!(r.days_overdue(day(10, 5, 2026)), None);
        assert_eq!(r.validate(), Ok(()));
    }

    #[test]
    fn the_visit_report_has_no_report_back_day() {
        let mut r = Report::new(Id::nil(), None, "Trần Văn Minh", Utc::now());
        r.report_by = Some(day(30, 4, 2026));
        assert_eq!(r.validate(), Err(RuleError::ReportBackWithoutUnit));
        let mut r = Report::new(Id::nil(), Some(Id::nil()), "Trần Văn Minh", Utc::now());
        r.reported_on = Some(day(30, 4, 2026));
        assert_eq!(r.validate(), Err(RuleError::Empty("report_by")));
    }

    #[test]
    fn every_part_reads_back_what_was_written() {
        let mut r = Report::new(Id::nil(), None, "Trần Văn Minh", Utc::now());
        for (i, p) in Part::ALL.iter().enumerate() {
            *r.part_mut(*p) = format!("phần {i}");
        }
        for (i, p) in Part::ALL.iter().enumerate() {
            assert_eq!(r.part(*p), format!("phần {i}"));
        }
    }
}
