//! The figure every hậu kiểm report opens with: of the shortcomings named
//! at the kiểm điểm (the baseline), how many are remedied — counted only
//! when the team verified it — how many are under way, how many not
//! started, and how many new ones the visit found.

use super::text::format_percent;
use super::{Finding, FindingStatus, Id};

/// The baseline's remediation for one unit, or summed over a visit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Baseline {
    /// N: named at the review.
    pub identified: u64,
    /// M: đã khắc phục — verified by a team.
    pub verified: u64,
    /// P: đang khắc phục, the unit's own reports of remediation included.
    pub in_progress: u64,
    /// Of P: the unit reports it remedied, no team has verified it yet.
    pub reported: u64,
    /// Q: chưa khắc phục.
    pub open: u64,
    /// Chưa thể khắc phục (nguyên nhân khách quan).
    pub unremediable: u64,
    /// K: phát sinh mới — found by the team during this visit.
    pub new: u64,
}

impl Baseline {
    /// Count `findings` (one unit's, or every unit's of the visit) for the
    /// report of `visit`: every finding named at a review is part of the
    /// baseline, whichever visit follows it; a finding found during a visit
    /// is new when that visit is this one.
    pub fn count<'a>(findings: impl IntoIterator<Item = &'a Finding>, visit: Id) -> Baseline {
        let mut b = Baseline::default();
        for f in findings {
            if !f.origin.is_review() {
                b.new += u64::from(f.visit == visit);
                continue;
            }
            b.identified += 1;
            match f.status {
                FindingStatus::Verified => b.verified += 1,
                FindingStatus::Remediated => {
                    b.in_progress += 1;
                    b.reported += 1;
                }
                FindingStatus::InProgress => b.in_progress += 1,
                FindingStatus::Open => b.open += 1,
                FindingStatus::Unremediable => b.unremediable += 1,
            }
        }
        b
    }

    /// The sum of two counts (units into the visit's total).
    #[must_use]
    pub fn plus(self, o: Baseline) -> Baseline {
        Baseline {
            identified: self.identified + o.identified,
            verified: self.verified + o.verified,
            in_progress: self.in_progress + o.in_progress,
            reported: self.reported + o.reported,
            open: self.open + o.open,
            unremediable: self.unremediable + o.unremediable,
            new: self.new + o.new,
        }
    }

    /// M as a share of N ("58,33%"; "—" when nothing was named).
    #[must_use]
    pub fn verified_share(&self) -> String {
        format_percent(self.verified, self.identified)
    }

    /// The sentence of the report, in Vietnamese as Party documents are:
    /// "Trong N hạn chế, khuyết điểm đã chỉ ra qua kiểm điểm: đã khắc phục
    /// M (x%), đang khắc phục P, chưa khắc phục Q; phát sinh mới K."
    #[must_use]
    pub fn sentence(&self) -> String {
        if self.identified == 0 {
            return format!(
                "Chưa có hạn chế, khuyết điểm nào đã chỉ ra qua kiểm điểm được đưa vào theo dõi; phát sinh mới {}.",
                self.new
            );
        }
        let mut s = format!(
            "Trong {} hạn chế, khuyết điểm đã chỉ ra qua kiểm điểm: đã khắc phục {} ({}), đang khắc phục {}",
            self.identified,
            self.verified,
            self.verified_share(),
            self.in_progress
        );
        if self.reported > 0 {
            s.push_str(&format!(
                " (trong đó {} đơn vị báo cáo đã khắc phục, chưa xác minh)",
                self.reported
            ));
        }
        s.push_str(&format!(", chưa khắc phục {}", self.open));
        if self.unremediable > 0 {
            s.push_str(&format!(
                ", chưa thể khắc phục (nguyên nhân khách quan) {}",
                self.unremediable
            ));
        }
        s.push_str(&format!("; phát sinh mới {}.", self.new));
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Origin;
    use crate::domain::finding::sample;

    fn finding(origin: Origin, visit: Id, status: FindingStatus) -> Finding {
        let mut f = sample();
        f.origin = origin;
        f.visit = visit;
        f.status = status;
        f
    }

    fn review() -> Origin {
        Origin::Review {
            doc: "87-TB/TU".into(),
            date: None,
        }
    }

    #[test]
    fn only_verified_remediation_counts_as_remedied() {
        let (this, earlier) = (Id::from_u128(1), Id::from_u128(2));
        let findings = [
            finding(review(), earlier, FindingStatus::Verified),
            finding(review(), this, FindingStatus::Verified),
            finding(review(), this, FindingStatus::Remediated),
            finding(review(), this, FindingStatus::InProgress),
            finding(review(), this, FindingStatus::Open),
            finding(review(), this, FindingStatus::Unremediable),
            finding(Origin::Visit, this, FindingStatus::Open),
            finding(Origin::Visit, this, FindingStatus::Verified),
            // Found during another visit: neither baseline nor new here.
            finding(Origin::Visit, earlier, FindingStatus::Open),
        ];
        let b = Baseline::count(&findings, this);
        assert_eq!(
            b,
            Baseline {
                identified: 6,
                verified: 2,
                in_progress: 2,
                reported: 1,
                open: 1,
                unremediable: 1,
                new: 2,
            }
        );
        assert_eq!(
            b.sentence(),
            "Trong 6 hạn chế, khuyết điểm đã chỉ ra qua kiểm điểm: đã khắc phục 2 (33,33%), \
             đang khắc phục 2 (trong đó 1 đơn vị báo cáo đã khắc phục, chưa xác minh), \
             chưa khắc phục 1, chưa thể khắc phục (nguyên nhân khách quan) 1; phát sinh mới 2."
        );
        assert_eq!(b.plus(b).identified, 12);
        assert_eq!(b.plus(Baseline::default()), b);
    }

    #[test]
    fn no_baseline_says_so() {
        let b = Baseline {
            new: 3,
            ..Baseline::default()
        };
        assert_eq!(b.verified_share(), "—");
        assert!(b.sentence().starts_with("Chưa có hạn chế, khuyết điểm nào"));
    }
}
