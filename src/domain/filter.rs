//! Which findings a listing shows. `FindingFilter` is the one predicate: the
//! store's query, the listing view and the app's findings table all test it,
//! over whatever form of a finding they hold (`FindingFacts`).

use chrono::{Days, NaiveDate};

use super::text::Query;
use super::{Finding, FindingStatus, Id, Succession};

/// What a filter tests, other than the search text: a stored finding, or a
/// compact row of one (the app's table, the listing view's index).
pub trait FindingFacts {
    fn status(&self) -> FindingStatus;
    fn due(&self) -> NaiveDate;
    fn unit(&self) -> Id;
    fn visit(&self) -> Id;
}

/// `FindingFacts` for a type with `status`, `due`, `unit` and `visit`
/// fields of those types.
macro_rules! facts_from_fields {
    ($t:ty) => {
        impl $crate::domain::FindingFacts for $t {
            fn status(&self) -> $crate::domain::FindingStatus {
                self.status
            }
            fn due(&self) -> chrono::NaiveDate {
                self.due
            }
            fn unit(&self) -> $crate::domain::Id {
                self.unit
            }
            fn visit(&self) -> $crate::domain::Id {
                self.visit
            }
        }
    };
}
pub(crate) use facts_from_fields;

facts_from_fields!(Finding);

/// Filters of the findings list (all optional; all must hold, except
/// `overdue` with `due_within`, which together mean either).
#[derive(Debug, Clone, Default)]
pub struct FindingFilter {
    pub statuses: Vec<FindingStatus>,
    /// Findings of this unit, and of the units that merged into it
    /// (`predecessors`).
    pub unit: Option<Id>,
    /// The units that merged into `unit`, directly or down a chain: their
    /// findings are now `unit`'s. [`FindingFilter::with_predecessors`]
    /// fills it; every `Listing` does before it lists.
    pub predecessors: Vec<Id>,
    pub visit: Option<Id>,
    /// Active and past due.
    pub overdue: bool,
    /// Active and due from today to today + N days. With `overdue` too,
    /// either one: everything that needs attention up to today + N.
    pub due_within: Option<u32>,
    pub search: Option<String>,
}

/// Due dates `[from, to)`, `None` for no bound.
pub type DueRange = (Option<NaiveDate>, Option<NaiveDate>);

impl FindingFilter {
    /// The filter with `predecessors` filled from `succession` for its unit.
    #[must_use]
    pub fn with_predecessors(mut self, succession: &Succession) -> FindingFilter {
        self.predecessors = self
            .unit
            .map(|u| succession.predecessors(u))
            .unwrap_or_default();
        self
    }

    /// The due dates `overdue` and `due_within` admit as of `today`, for
    /// active findings only; `None` when neither is set.
    #[must_use]
    pub fn due_range(&self, today: NaiveDate) -> Option<DueRange> {
        if !self.overdue && self.due_within.is_none() {
            return None;
        }
        let from = if self.overdue { None } else { Some(today) };
        let to = match self.due_within {
            // Past the calendar's end there is no upper limit.
            Some(n) => today.checked_add_days(Days::new(u64::from(n) + 1)),
            None => Some(today),
        };
        Some((from, to))
    }

    /// The filter as of `today`, ready to test many findings.
    #[must_use]
    pub fn as_of(&self, today: NaiveDate) -> FilterTest<'_> {
        FilterTest {
            filter: self,
            due: self.due_range(today),
            query: self
                .search
                .as_deref()
                .map(Query::new)
                .filter(|q| !q.is_empty()),
        }
    }
}

/// A [`FindingFilter`] as of one day, its search parsed.
#[derive(Debug)]
pub struct FilterTest<'a> {
    filter: &'a FindingFilter,
    due: Option<DueRange>,
    query: Option<Query>,
}

impl FilterTest<'_> {
    /// The due dates admitted (active findings only), if the filter limits them.
    #[must_use]
    pub fn due_range(&self) -> Option<DueRange> {
        self.due
    }

    /// Whether a finding with these facts passes every filter but the
    /// search.
    #[must_use]
    pub fn admits(&self, f: &impl FindingFacts) -> bool {
        let filter = self.filter;
        self.due.is_none_or(|(from, to)| {
            f.status().is_active()
                && from.is_none_or(|d| f.due() >= d)
                && to.is_none_or(|d| f.due() < d)
        }) && filter
            .unit
            .is_none_or(|u| f.unit() == u || filter.predecessors.contains(&f.unit()))
            && filter.visit.is_none_or(|v| f.visit() == v)
            && (filter.statuses.is_empty() || filter.statuses.contains(&f.status()))
    }

    /// Whether `f` passes every filter, the search included.
    #[must_use]
    pub fn matches(&self, f: &Finding) -> bool {
        self.admits(f)
            && self
                .query
                .as_ref()
                .is_none_or(|q| q.matches(&search_text(f)))
    }
}

/// The text a finding is searched by.
#[must_use]
pub fn search_text(f: &Finding) -> String {
    let mut s = String::with_capacity(f.title.len() + f.detail.len() + 64);
    for part in [
        &f.reference,
        &f.title,
        &f.detail,
        &f.cause,
        &f.remedy,
        &f.responsibility.name,
    ] {
        s.push_str(part);
        s.push('\n');
    }
    s
}
