//! Party organisations (tổ chức đảng), their hierarchy and their succession
//! (sáp nhập, in `succession`): a unit that merged into another ends the day
//! before and names it as its successor.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::label::labels;
use super::rule::Entity;
use super::text::rules::{CODE, NAME};
use super::{Id, RuleError};

mod succession;
mod tree;
pub use succession::{Succession, merge};
pub use tree::in_tree_order;

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
    PublicService => "SN", "Đơn vị sự nghiệp", "Public service", ["sự nghiệp"];
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
    /// A unit with its id, code, name, kind and sector, and nothing else:
    /// no parent, secretary or members, valid from always to always, no
    /// successor. The rest is set with struct update (`..Unit::new(…)`).
    #[must_use]
    pub fn new(
        id: Id,
        code: impl Into<String>,
        name: impl Into<String>,
        kind: UnitKind,
        sector: Sector,
    ) -> Unit {
        Unit {
            id,
            code: code.into(),
            name: name.into(),
            kind,
            sector,
            parent: None,
            secretary: String::new(),
            members: 0,
            valid_from: None,
            valid_to: None,
            successor: None,
        }
    }

    /// Whether the unit exists on `day`.
    #[must_use]
    pub fn is_valid_on(&self, day: NaiveDate) -> bool {
        self.valid_from.is_none_or(|f| f <= day) && self.valid_to.is_none_or(|t| day <= t)
    }

    /// Check the unit's own fields: a code and a name, a validity that
    /// ends on or after it starts, and a successor other than itself that
    /// takes over the day after the unit ends; every text within its rule.
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
        }?;
        Entity::Unit.check_texts(
            &self.code,
            [
                ("code".into(), CODE, self.code.as_str()),
                ("name".into(), NAME, &self.name),
                ("secretary".into(), NAME, &self.secretary),
            ],
        )
    }
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
