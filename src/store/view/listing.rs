//! The listing view's answers to [`Listing`]: the findings query and code
//! lookups of `view.rs`, and the dashboard's figures from the index alone.

use std::collections::HashMap;

use chrono::{Datelike, Days, NaiveDate};

use super::{ListingView, Names, day};
use crate::domain::{Finding, FindingFilter, Id, StatusCounts, Succession};
use crate::store::{ListedUnit, Listing, Result, Summary};

impl Listing for ListingView {
    fn unit_id(&self, code: &str) -> Result<Option<Id>> {
        Ok(ListingView::unit_id(self, code))
    }

    fn visit_id(&self, code: &str) -> Result<Option<Id>> {
        Ok(ListingView::visit_id(self, code))
    }

    fn list(&self, filter: &FindingFilter, today: NaiveDate) -> Result<(Vec<Finding>, Names)> {
        self.query(filter, today)
    }

    fn units_in_order(&self) -> Result<Vec<ListedUnit>> {
        Ok(self
            .units()
            .enumerate()
            .map(|(i, (id, code, name, kind))| ListedUnit {
                id,
                code: code.to_string(),
                name: name.to_string(),
                kind,
                parent: self.unit_parent(i),
            })
            .collect())
    }

    fn summary(&self, today: NaiveDate) -> Result<Summary> {
        let active = &self.index.entries[..self.index.active as usize];
        let before = |d: Option<NaiveDate>| {
            d.map_or(active.len(), |d| active.partition_point(|e| e.due < day(d)))
        };
        let plus = |n: u64| today.checked_add_days(Days::new(n));
        let mut s = Summary {
            total: self.index.entries.len() as u64,
            overdue: before(Some(today)) as u64,
            due_7: (before(plus(8)) - before(Some(today))) as u64,
            due_30: (before(plus(31)) - before(Some(today))) as u64,
            verified_this_month: self
                .index
                .verified
                .iter()
                .find(|v| v.0 == (today.year(), today.month()))
                .map_or(0, |v| v.1),
            ..Summary::default()
        };
        for e in &self.index.entries {
            s.by_status[e.status()] += 1;
        }
        s.active = s.by_status.active();
        Ok(s)
    }

    fn status_by_unit(&self) -> Result<HashMap<Id, StatusCounts>> {
        let mut out: HashMap<Id, StatusCounts> = HashMap::new();
        for e in &self.index.entries {
            out.entry(self.index.unit_ids[e.unit as usize]).or_default()[e.status()] += 1;
        }
        Ok(self.succession().fold(out))
    }

    fn succession(&self) -> Result<Succession> {
        Ok(ListingView::succession(self))
    }

    /// One pass over the overdue entries (the first ones of the active
    /// part, which is in due-date order), whatever `units` asks; a unit
    /// that merged into another counted under its successor.
    fn overdue_by_unit(&self, units: &[Id], today: NaiveDate) -> Result<HashMap<Id, u64>> {
        let active = &self.index.entries[..self.index.active as usize];
        let end = active.partition_point(|e| e.due < day(today));
        let mut all: HashMap<Id, u64> = HashMap::new();
        for e in &active[..end] {
            *all.entry(self.index.unit_ids[e.unit as usize]).or_default() += 1;
        }
        let all = self.succession().fold(all);
        Ok(units
            .iter()
            .map(|u| (*u, all.get(u).copied().unwrap_or(0)))
            .collect())
    }
}
