//! Answers: a verdict on one checklist item for one unit in one visit.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::label::labels;
use super::rule::Entity;
use super::text::rules::{CODE, NAME, TEXT};
use super::{Id, RuleError};

/// Verdict on a checklist item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Verdict {
    /// Chưa kiểm tra.
    Unchecked,
    /// Đạt.
    Pass,
    /// Đạt một phần.
    Partial,
    /// Chưa đạt.
    Fail,
    /// Không phát sinh (the item does not apply to the unit).
    NotApplicable,
}

labels!(Verdict {
    Unchecked => "-", "Chưa kiểm tra", "Not checked";
    Pass => "D", "Đạt", "Pass";
    Partial => "P", "Đạt một phần", "Partly met", ["một phần", "MP"];
    Fail => "C", "Chưa đạt", "Not met", ["không đạt", "fail"];
    NotApplicable => "KAD", "Không phát sinh", "Not applicable", ["không áp dụng", "N/A", "NA", "KPS"];
});

impl Verdict {
    /// Whether the item needs a finding (chưa đạt or đạt một phần).
    #[must_use]
    pub fn is_failed(self) -> bool {
        matches!(self, Verdict::Fail | Verdict::Partial)
    }

    /// Whether the item has been looked at.
    #[must_use]
    pub fn is_answered(self) -> bool {
        self != Verdict::Unchecked
    }

    /// Stable index used in counters.
    #[must_use]
    pub fn index(self) -> u8 {
        match self {
            Verdict::Unchecked => 0,
            Verdict::Pass => 1,
            Verdict::Partial => 2,
            Verdict::Fail => 3,
            Verdict::NotApplicable => 4,
        }
    }
}

/// The answer to one item, for one unit, in one visit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    pub visit: Id,
    pub unit: Id,
    /// Item code within the visit's template.
    pub item: String,
    pub verdict: Verdict,
    pub note: String,
    /// Documents seen (bằng chứng đã xem).
    pub evidence: String,
    pub by: String,
    pub at: DateTime<Utc>,
}

impl Answer {
    /// Check every text of the answer within its rule.
    ///
    /// # Errors
    /// The first text that breaks its rule.
    pub fn validate(&self) -> Result<(), RuleError> {
        Entity::Answer.check_texts(
            &self.item,
            [
                ("item".into(), CODE, self.item.as_str()),
                ("note".into(), TEXT, &self.note),
                ("evidence".into(), TEXT, &self.evidence),
                ("by".into(), NAME, &self.by),
            ],
        )
    }
}
