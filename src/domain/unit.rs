//! Party organisations (tổ chức đảng), their hierarchy and their succession
//! (sáp nhập): a unit that merged into another ends the day before and
//! names it as its successor.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::label::labels;
use super::{Id, RuleError};

/// Kind of organisation (loại tổ chức đảng).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum UnitKind {
    /// Cấp trên cơ sở: the committee that runs the visits (Thành ủy, Đảng ủy Khối).
    Upper,
    /// Đảng bộ cơ sở (ĐBCS).
    GrassrootsCommittee,
    /// Chi bộ cơ sở (CBCS).
    GrassrootsCell,
    /// Đảng bộ bộ phận (ĐBBP), inside a đảng bộ cơ sở.
    SubCommittee,
    /// Chi bộ trực thuộc (CBTT), the leaf cell.
    SubordinateCell,
}

labels!(UnitKind {
    Upper => "CT", "Cấp trên cơ sở", "Upper committee", ["cấp trên", "upper"];
    GrassrootsCommittee => "DBCS", "Đảng bộ cơ sở", "Grassroots committee", ["ĐBCS"];
    GrassrootsCell => "CBCS", "Chi bộ cơ sở", "Grassroots cell";
    SubCommittee => "DBBP", "Đảng bộ bộ phận", "Sub-committee", ["ĐBBP"];
    SubordinateCell => "CBTT", "Chi bộ trực thuộc", "Subordinate cell";
});

/// Sector the organisation works in (loại hình).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Sector {
    /// Xã, phường, thị trấn.
    Locality,
    /// Cơ quan (hành chính, đảng, đoàn thể).
    Agency,
    /// Đơn vị sự nghiệp (trường, bệnh viện…).
    PublicService,
    /// Doanh nghiệp.
    Enterprise,
    /// Lực lượng vũ trang.
    Armed,
    /// Khác.
    Other,
}

labels!(Sector {
    Locality => "XP", "Xã, phường, thị trấn", "Commune or ward", ["xã phường", "xã", "phường", "thị trấn", "xa/phuong"];
    Agency => "CQ", "Cơ quan", "Agency", ["cơ quan hành chính"];
    PublicService => "SN", "Sự nghiệp", "Public service", ["đơn vị sự nghiệp"];
    Enterprise => "DN", "Doanh nghiệp", "Enterprise";
    Armed => "LLVT", "Lực lượng vũ trang", "Armed forces", ["quân đội", "công an"];
    Other => "K", "Khác", "Other";
});

/// A Party organisation that can be visited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unit {
    pub id: Id,
    /// Short code users type (unique).
    pub code: String,
    pub name: String,
    pub kind: UnitKind,
    pub sector: Sector,
    /// The organisation above it (cấp trên trực tiếp).
    pub parent: Option<Id>,
    /// Secretary (bí thư).
    pub secretary: String,
    /// Number of Party members (số đảng viên).
    pub members: u32,
    /// First day the unit exists under this name.
    pub valid_from: Option<NaiveDate>,
    /// Last day (units are merged and dissolved; history keeps them).
    pub valid_to: Option<NaiveDate>,
    /// The unit this one merged into (sáp nhập), from the day after `valid_to`.
    #[serde(default)]
    pub successor: Option<Id>,
}

impl Unit {
    /// Whether the unit exists on `day`.
    #[must_use]
    pub fn is_valid_on(&self, day: NaiveDate) -> bool {
        self.valid_from.is_none_or(|f| f <= day) && self.valid_to.is_none_or(|t| day <= t)
    }

    /// Check the unit's own fields: a code and a name, a validity that
    /// ends on or after it starts, and a successor other than itself that
    /// takes over the day after the unit ends.
    ///
    /// # Errors
    /// The first of those that fails.
    pub fn validate(&self) -> Result<(), RuleError> {
        if self.code.trim().is_empty() || self.name.trim().is_empty() {
            return Err(RuleError::UnitIncomplete(self.code.clone()));
        }
        if let (Some(from), Some(to)) = (self.valid_from, self.valid_to)
            && to < from
        {
            return Err(RuleError::UnitEndsBeforeStart {
                unit: self.code.clone(),
                from,
                to,
            });
        }
        match self.successor {
            Some(s) if s == self.id => Err(RuleError::OwnSuccessor(self.code.clone())),
            Some(_) if self.valid_to.is_none() => {
                Err(RuleError::SuccessionWithoutEnd(self.code.clone()))
            }
            _ => Ok(()),
        }
    }

    /// The first day of the successor, if the unit has one (the day after
    /// it ends).
    #[must_use]
    pub fn succeeded_on(&self) -> Option<NaiveDate> {
        self.successor?;
        self.valid_to?.checked_add_days(Days::new(1))
    }

    /// Check the unit's succession against the others (`unit` finds a unit
    /// by id): the successor exists, is valid on the day it takes over, and
    /// following successors never comes back to this unit.
    ///
    /// # Errors
    /// The first of those that fails.
    pub fn validate_succession(&self, unit: impl Fn(Id) -> Option<Unit>) -> Result<(), RuleError> {
        let Some(next) = self.successor else {
            return Ok(());
        };
        let Some(successor) = unit(next) else {
            return Err(RuleError::SuccessorMissing(self.code.clone()));
        };
        if let Some(day) = self.succeeded_on()
            && !successor.is_valid_on(day)
        {
            return Err(RuleError::SuccessorNotValid {
                unit: self.code.clone(),
                successor: successor.code,
                day,
            });
        }
        let mut at = successor;
        // A chain longer than this would be a cycle not through `self`,
        // which the same check on its own units refuses.
        for _ in 0..64 {
            match at.successor {
                None => return Ok(()),
                Some(s) if s == self.id => {
                    return Err(RuleError::SuccessionCycle(self.code.clone()));
                }
                Some(s) => match unit(s) {
                    Some(u) => at = u,
                    None => return Ok(()),
                },
            }
        }
        Err(RuleError::SuccessionCycle(self.code.clone()))
    }
}

/// "Units `predecessors` merged into `successor` on `day`": each
/// predecessor, as it becomes — valid until the day before, with
/// `successor` as its successor. A successor that is new (made with the
/// merger) should start on `day`: see [`Unit::valid_from`].
///
/// # Errors
/// A predecessor that would end before it starts, that had already ended,
/// that already merged into another unit, or that is the successor itself;
/// or a successor not valid on `day`.
pub fn merge(
    predecessors: &[Unit],
    successor: &Unit,
    day: NaiveDate,
) -> Result<Vec<Unit>, RuleError> {
    if !successor.is_valid_on(day) {
        return Err(RuleError::SuccessorNotValid {
            unit: predecessors
                .first()
                .map_or_else(String::new, |u| u.code.clone()),
            successor: successor.code.clone(),
            day,
        });
    }
    let last = day
        .checked_sub_days(Days::new(1))
        .ok_or_else(|| RuleError::MergeBeforeStart {
            unit: successor.code.clone(),
            day,
        })?;
    predecessors
        .iter()
        .map(|p| {
            if p.id == successor.id {
                return Err(RuleError::OwnSuccessor(p.code.clone()));
            }
            if p.successor.is_some_and(|s| s != successor.id) {
                return Err(RuleError::AlreadySucceeded {
                    unit: p.code.clone(),
                    successor: successor.code.clone(),
                });
            }
            if let Some(ended) = p.valid_to.filter(|t| *t < last) {
                return Err(RuleError::EndedBeforeMerge {
                    unit: p.code.clone(),
                    ended,
                    day,
                });
            }
            if p.valid_from.is_some_and(|f| f > last) {
                return Err(RuleError::MergeBeforeStart {
                    unit: p.code.clone(),
                    day,
                });
            }
            let mut ended = p.clone();
            ended.valid_to = Some(last);
            ended.successor = Some(successor.id);
            Ok(ended)
        })
        .collect()
}

/// `units` in Vietnamese order of their names, then by code. One ICU sort
/// key per name (not a collation per comparison), made on two threads:
/// 10,000 names take a few tens of milliseconds.
#[must_use]
pub fn in_vi_order(mut units: Vec<Unit>) -> Vec<Unit> {
    let keyed = |part: Vec<Unit>| -> Vec<(Vec<u8>, Unit)> {
        part.into_iter()
            .map(|u| (super::text::vi_sort_key(&u.name), u))
            .collect()
    };
    let second = units.split_off(units.len() / 2);
    let mut keyed_units = std::thread::scope(|s| {
        let other = s.spawn(|| keyed(second));
        let mut v = keyed(units);
        v.extend(
            other
                .join()
                .unwrap_or_else(|p| std::panic::resume_unwind(p)),
        );
        v
    });
    keyed_units.sort_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.code.cmp(&b.1.code)));
    keyed_units.into_iter().map(|(_, u)| u).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::label::Labelled;

    fn day(d: u32, m: u32, y: i32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    fn ward(code: &str) -> Unit {
        Unit {
            id: crate::domain::new_id(),
            code: code.into(),
            name: format!("Đảng bộ phường {code}"),
            kind: UnitKind::GrassrootsCommittee,
            sector: Sector::Locality,
            parent: None,
            secretary: String::new(),
            members: 300,
            valid_from: None,
            valid_to: None,
            successor: None,
        }
    }

    #[test]
    fn a_merger_ends_each_predecessor_the_day_before_with_its_successor() {
        let (qt, thd) = (ward("P-QT"), ward("P-THD"));
        let mut nd = ward("P-NĐ");
        nd.valid_from = Some(day(1, 7, 2025));
        let ended = merge(&[qt.clone(), thd.clone()], &nd, day(1, 7, 2025)).expect("merge");
        assert_eq!(ended.len(), 2);
        for (u, before) in ended.iter().zip([&qt, &thd]) {
            assert_eq!(u.id, before.id);
            assert_eq!(u.valid_to, Some(day(30, 6, 2025)));
            assert_eq!(u.successor, Some(nd.id));
            assert_eq!(u.succeeded_on(), Some(day(1, 7, 2025)));
            assert_eq!(u.validate(), Ok(()));
        }
        let all = [ended[0].clone(), ended[1].clone(), nd.clone()];
        let find = |id| all.iter().find(|u| u.id == id).cloned();
        assert_eq!(ended[0].validate_succession(find), Ok(()));
        // The successor must exist on the day.
        let mut late = nd.clone();
        late.valid_from = Some(day(2, 7, 2025));
        assert!(matches!(
            merge(std::slice::from_ref(&qt), &late, day(1, 7, 2025)),
            Err(RuleError::SuccessorNotValid { .. })
        ));
        assert!(matches!(
            merge(std::slice::from_ref(&nd), &nd, day(1, 7, 2025)),
            Err(RuleError::OwnSuccessor(_))
        ));
        let mut gone = qt.clone();
        gone.valid_to = Some(day(31, 12, 2024));
        assert!(matches!(
            merge(&[gone], &nd, day(1, 7, 2025)),
            Err(RuleError::EndedBeforeMerge { .. })
        ));
        let mut young = qt.clone();
        young.valid_from = Some(day(1, 7, 2025));
        assert!(matches!(
            merge(&[young], &nd, day(1, 7, 2025)),
            Err(RuleError::MergeBeforeStart { .. })
        ));
        let other = ward("P-KHAC");
        assert!(matches!(
            merge(&ended[..1], &other, day(1, 7, 2025)),
            Err(RuleError::AlreadySucceeded { .. })
        ));
    }

    #[test]
    fn succession_rules_refuse_cycles_missing_and_unended_successors() {
        let (mut a, mut b) = (ward("A"), ward("B"));
        a.valid_to = Some(day(30, 6, 2025));
        b.valid_to = Some(day(31, 12, 2025));
        a.successor = Some(b.id);
        b.successor = Some(a.id);
        let all = [a.clone(), b.clone()];
        let find = |id| all.iter().find(|u| u.id == id).cloned();
        assert_eq!(
            a.validate_succession(find),
            Err(RuleError::SuccessionCycle("A".into()))
        );
        assert_eq!(
            a.validate_succession(|_| None),
            Err(RuleError::SuccessorMissing("A".into()))
        );
        let mut own = a.clone();
        own.successor = Some(own.id);
        assert_eq!(own.validate(), Err(RuleError::OwnSuccessor("A".into())));
        let mut open = ward("C");
        open.successor = Some(a.id);
        assert_eq!(
            open.validate(),
            Err(RuleError::SuccessionWithoutEnd("C".into()))
        );
        let mut backwards = ward("D");
        backwards.valid_from = Some(day(1, 7, 2025));
        backwards.valid_to = Some(day(30, 6, 2025));
        assert!(matches!(
            backwards.validate(),
            Err(RuleError::UnitEndsBeforeStart { .. })
        ));
    }

    #[test]
    fn kinds_parse_as_typed_in_excel() {
        for s in [
            "Đảng bộ cơ sở",
            "dang bo co so",
            "ĐẢNG BỘ CƠ SỞ",
            "DBCS",
            "đbcs",
        ] {
            assert_eq!(
                UnitKind::parse_label(s),
                Some(UnitKind::GrassrootsCommittee),
                "{s}"
            );
        }
        let nfd: String =
            unicode_normalization::UnicodeNormalization::nfd("Chi bộ trực thuộc").collect();
        assert_eq!(UnitKind::parse_label(&nfd), Some(UnitKind::SubordinateCell));
        assert_eq!(UnitKind::parse_label("chi bo"), None);
        assert_eq!(
            Sector::parse_label("xa, phuong, thi tran"),
            Some(Sector::Locality)
        );
        assert_eq!(
            Sector::parse_label("Doanh nghiệp"),
            Some(Sector::Enterprise)
        );
        assert_eq!(Sector::parse_label("dn"), Some(Sector::Enterprise));
    }
}
