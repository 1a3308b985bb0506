//! `check`'s look at the listing view: a view that listings would use must
//! list exactly what the database holds.

use std::collections::BTreeSet;

use super::ListingView;
use crate::domain::{Finding, FindingFilter, Id, Unit, Visit};
use crate::i18n::Msg;
use crate::store::Store;

impl Store {
    /// What is wrong with the listing view that listings would use now,
    /// compared with `findings`, `units` and `visits` as stored.
    pub(crate) fn check_view(
        &self,
        findings: &[Finding],
        units: &[Unit],
        visits: &[Visit],
    ) -> Option<String> {
        let view = ListingView::load(&self.path)?;
        let wrong = |why: String| Some(Msg::ViewMismatch.fill(&[&why]));
        let listed = match view.query(&FindingFilter::default(), chrono::NaiveDate::MIN) {
            Ok((listed, _)) => listed,
            Err(e) => return wrong(crate::error::describe(&e)),
        };
        if listed.len() != findings.len() {
            return wrong(Msg::ViewCounts.fill(&[&listed.len(), &findings.len()]));
        }
        let mut stored: Vec<Finding> = findings
            .iter()
            .map(|f| Finding {
                history: Vec::new(),
                ..f.clone()
            })
            .collect();
        stored.sort_by_key(|f| f.id);
        let mut listed = listed;
        listed.sort_by_key(|f| f.id);
        if let Some((f, _)) = stored.iter().zip(&listed).find(|(a, b)| a != b) {
            return wrong(Msg::ViewFindingDiffers.fill(&[&f.reference]));
        }
        let view_units: BTreeSet<(Id, &str, &str)> = view
            .units()
            .map(|(id, code, name, _)| (id, code, name))
            .collect();
        let stored_units: BTreeSet<(Id, &str, &str)> = units
            .iter()
            .map(|u| (u.id, u.code.as_str(), u.name.as_str()))
            .collect();
        let view_visits: BTreeSet<(Id, &str)> = view
            .index
            .visits
            .iter()
            .map(|(id, code)| (*id, code.as_str()))
            .collect();
        let stored_visits: BTreeSet<(Id, &str)> =
            visits.iter().map(|v| (v.id, v.code.as_str())).collect();
        if view_units != stored_units || view_visits != stored_visits {
            return wrong(Msg::ViewUnitsDiffer.text().to_string());
        }
        None
    }
}
