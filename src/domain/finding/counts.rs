//! Counts of findings by status, as the dashboard and the visit list show
//! them.

use std::ops::{AddAssign, Index, IndexMut};

use super::FindingStatus;

/// How many findings are in each status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StatusCounts([u64; 5]);

impl StatusCounts {
    /// Active ones: mở and đang khắc phục, whose deadline runs.
    #[must_use]
    pub fn active(&self) -> u64 {
        self[FindingStatus::Open] + self[FindingStatus::InProgress]
    }

    /// Reported fixed and awaiting verification (đã khắc phục, chờ xác minh).
    #[must_use]
    pub fn awaiting(&self) -> u64 {
        self[FindingStatus::Remediated]
    }

    /// All of them.
    #[must_use]
    pub fn total(&self) -> u64 {
        self.0.iter().sum()
    }
}

impl AddAssign for StatusCounts {
    fn add_assign(&mut self, other: StatusCounts) {
        for (a, b) in self.0.iter_mut().zip(other.0) {
            *a += b;
        }
    }
}

impl Index<FindingStatus> for StatusCounts {
    type Output = u64;

    fn index(&self, status: FindingStatus) -> &u64 {
        &self.0[usize::from(status.index())]
    }
}

impl IndexMut<FindingStatus> for StatusCounts {
    fn index_mut(&mut self, status: FindingStatus) -> &mut u64 {
        &mut self.0[usize::from(status.index())]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::label::Labelled;

    #[test]
    fn each_status_has_its_own_count() {
        let mut c = StatusCounts::default();
        for (n, s) in FindingStatus::ALL.iter().enumerate() {
            c[*s] += 10u64.pow(u32::try_from(n).expect("five statuses"));
        }
        assert_eq!(c[FindingStatus::Verified], 1000);
        assert_eq!(c.active(), 11);
        assert_eq!(c.awaiting(), 100);
        assert_eq!(c.total(), 11_111);
        let mut twice = c;
        twice += c;
        assert_eq!(twice.total(), 22_222);
        assert_eq!(twice[FindingStatus::Verified], 2000);
    }
}
