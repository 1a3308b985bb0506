//! What listings and the app's first frame read, answered alike by the
//! database and by the listing view: callers take a [`Listing`] instead of
//! branching on which of the two they hold. Both read a unit that others
//! merged into (sáp nhập) as holding their findings: its filter covers
//! them, its counts include theirs.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::read::Summary;
use super::view::Names;
use super::{Result, Store};
use crate::domain::{Finding, FindingFilter, Id, StatusCounts, Succession, UnitKind};

/// A unit as listings name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedUnit {
    pub id: Id,
    pub code: String,
    pub name: String,
    pub kind: UnitKind,
    /// The unit it belongs to (a chi bộ's đảng bộ).
    pub parent: Option<Id>,
}

/// The read side of listings and the dashboard.
pub trait Listing {
    /// A unit's id by its code.
    ///
    /// # Errors
    /// Storage failure.
    fn unit_id(&self, code: &str) -> Result<Option<Id>>;

    /// A visit's id by its code.
    ///
    /// # Errors
    /// Storage failure.
    fn visit_id(&self, code: &str) -> Result<Option<Id>>;

    /// The findings that pass `filter` as of `today`, by due date then
    /// reference (the view keeps no follow-up history: findings may come
    /// without it), and the names of their units and visits. A filter on a
    /// unit covers the units that merged into it (its `predecessors` are
    /// filled here when empty); the names say which unit stands for each
    /// finding's unit today ([`Names::current`]).
    ///
    /// # Errors
    /// Storage failure or a corrupt record.
    fn list(&self, filter: &FindingFilter, today: NaiveDate) -> Result<(Vec<Finding>, Names)>;

    /// Every unit, in Vietnamese order of their names.
    ///
    /// # Errors
    /// Storage failure or a corrupt record.
    fn units_in_order(&self) -> Result<Vec<ListedUnit>>;

    /// The dashboard's figures as of `today`.
    ///
    /// # Errors
    /// Storage failure.
    fn summary(&self, today: NaiveDate) -> Result<Summary>;

    /// Counts by status of every unit that has findings, a unit that
    /// merged into another counted under its successor.
    ///
    /// # Errors
    /// Storage failure or a malformed counter.
    fn status_by_unit(&self) -> Result<HashMap<Id, StatusCounts>>;

    /// Who merged into whom.
    ///
    /// # Errors
    /// Storage failure or a malformed index.
    fn succession(&self) -> Result<Succession>;

    /// How many active findings of each of `units`, and of the units that
    /// merged into it, are past due on `today`.
    ///
    /// # Errors
    /// Storage failure.
    fn overdue_by_unit(&self, units: &[Id], today: NaiveDate) -> Result<HashMap<Id, u64>>;
}

impl Listing for Store {
    fn unit_id(&self, code: &str) -> Result<Option<Id>> {
        Ok(self.unit_by_code(code)?.map(|u| u.id))
    }

    fn visit_id(&self, code: &str) -> Result<Option<Id>> {
        Ok(self.visit_by_code(code)?.map(|v| v.id))
    }

    fn list(&self, filter: &FindingFilter, today: NaiveDate) -> Result<(Vec<Finding>, Names)> {
        let found = self.query_findings(filter, today)?;
        let names = self.names_of(&found)?;
        Ok((found, names))
    }

    fn succession(&self) -> Result<Succession> {
        Store::succession(self)
    }

    fn units_in_order(&self) -> Result<Vec<ListedUnit>> {
        Ok(crate::domain::unit::in_vi_order(self.units()?)
            .into_iter()
            .map(|u| ListedUnit {
                id: u.id,
                code: u.code,
                name: u.name,
                kind: u.kind,
                parent: u.parent,
            })
            .collect())
    }

    fn summary(&self, today: NaiveDate) -> Result<Summary> {
        Store::summary(self, today)
    }

    fn status_by_unit(&self) -> Result<HashMap<Id, StatusCounts>> {
        Ok(Store::succession(self)?.fold(self.unit_status_table()?))
    }

    fn overdue_by_unit(&self, units: &[Id], today: NaiveDate) -> Result<HashMap<Id, u64>> {
        let succession = Store::succession(self)?;
        units
            .iter()
            .map(|&u| {
                // A unit that merged into another counts nothing of its own.
                let n = if succession.successor(u).is_some() {
                    0
                } else {
                    self.overdue_of_unit(u, today)?
                };
                Ok((u, n))
            })
            .collect()
    }
}
