//! What listings and the app's first frame read, answered alike by the
//! database and by the listing view: callers take a [`Listing`] instead of
//! branching on which of the two they hold.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::read::Summary;
use super::view::Names;
use super::{Result, Store};
use crate::domain::{Finding, FindingFilter, Id, StatusCounts, UnitKind};

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
    /// without it), and the names of their units and visits.
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

    /// Counts by status of every unit that has findings.
    ///
    /// # Errors
    /// Storage failure or a malformed counter.
    fn status_by_unit(&self) -> Result<HashMap<Id, StatusCounts>>;

    /// How many active findings of each of `units` are past due on `today`.
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
        self.unit_status_table()
    }

    fn overdue_by_unit(&self, units: &[Id], today: NaiveDate) -> Result<HashMap<Id, u64>> {
        units
            .iter()
            .map(|&u| Ok((u, self.overdue_of_unit(u, today)?)))
            .collect()
    }
}
