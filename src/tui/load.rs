//! Loading what each screen shows from the store (counters and index
//! ranges where they answer), and the findings list's search and order.

use std::collections::HashMap;

use super::app::{
    App, Cursor, FindingRow, ItemRow, Pane, SectionInfo, Sort, UnitInfo, UnitRow, VisitUnitRow,
};
use crate::domain::text::{fold, vi_cmp};
use crate::domain::{Finding, Id, Unit, Verdict};

impl App {
    pub(crate) fn load_units(&mut self) -> anyhow::Result<()> {
        self.units = self
            .store
            .units()?
            .into_iter()
            .map(|u: Unit| {
                (
                    u.id,
                    UnitInfo {
                        code: u.code,
                        name: u.name,
                        kind: u.kind,
                    },
                )
            })
            .collect();
        Ok(())
    }

    pub(crate) fn load_dashboard(&mut self) -> anyhow::Result<()> {
        self.dash.summary = self.store.summary(self.today)?;
        let mut rows = Vec::new();
        for (id, info) in &self.units {
            let c = self.store.unit_status_counts(*id)?;
            let active = c[0] + c[1];
            if active + c[2] == 0 {
                continue;
            }
            let overdue = self.store.overdue_of_unit(*id, self.today)?;
            rows.push(UnitRow {
                id: *id,
                name: info.name.clone(),
                active,
                overdue,
                awaiting: c[2],
            });
        }
        rows.sort_by(|a, b| vi_cmp(&a.name, &b.name));
        self.dash.rows = rows;
        let len = self.dash.rows.len();
        self.dash
            .cursor
            .jump(self.dash.cursor.selected, len, self.page);
        Ok(())
    }

    pub(crate) fn load_visits(&mut self) -> anyhow::Result<()> {
        let mut out = Vec::new();
        for v in self.store.visits()? {
            let counts = self.store.visit_status_counts(v.id)?;
            out.push((v, counts));
        }
        self.visits.visits = out;
        Ok(())
    }

    pub(crate) fn load_visit(&mut self, id: Id) -> anyhow::Result<()> {
        let Some(visit) = self.store.visit(id)? else {
            return Ok(());
        };
        let total = self
            .store
            .template(visit.template)?
            .map_or(0, |t| t.item_count() as u64);
        let mut rows = Vec::new();
        // One pass over the visit's findings (from its index) for the per-unit counts.
        let mut per_unit: HashMap<Id, u64> = HashMap::new();
        for f in self.store.findings_of_visit(visit.id)? {
            *per_unit.entry(f.unit).or_insert(0) += 1;
        }
        for u in &visit.units {
            let a = self.store.answer_counts(visit.id, *u)?;
            let answered = a.iter().sum::<u64>() - a[0];
            let findings = per_unit.get(u).copied().unwrap_or(0);
            rows.push(VisitUnitRow {
                unit: *u,
                name: self.unit_name(*u),
                answered,
                total,
                failed: a[2] + a[3],
                findings,
            });
        }
        rows.sort_by(|a, b| vi_cmp(&a.name, &b.name));
        self.visit.rows = rows;
        self.visit.visit = Some(visit);
        Ok(())
    }

    pub(crate) fn load_checklist(&mut self, visit: Id, unit: Id) -> anyhow::Result<()> {
        let Some(v) = self.store.visit(visit)? else {
            return Ok(());
        };
        let Some(t) = self.store.template(v.template)? else {
            return Ok(());
        };
        let answers: HashMap<String, crate::domain::Answer> = self
            .store
            .answers_of(visit, unit)?
            .into_iter()
            .map(|a| (a.item.clone(), a))
            .collect();
        let of_unit = self.store.findings_of_unit(unit)?;
        let mut sections = Vec::new();
        let mut items = Vec::new();
        for (si, s) in t.sections.iter().enumerate() {
            let mut info = SectionInfo {
                code: s.code.clone(),
                title: s.title.clone(),
                answered: 0,
                total: s.items.len(),
                failed: 0,
            };
            for i in &s.items {
                let a = answers.get(&i.code);
                let verdict = a.map_or(Verdict::Unchecked, |a| a.verdict);
                info.answered += usize::from(verdict.is_answered());
                info.failed += usize::from(verdict.is_failed());
                items.push(ItemRow {
                    section: si,
                    code: i.code.clone(),
                    text: i.text.clone(),
                    evidence: i.evidence.clone(),
                    critical: i.critical,
                    verdict,
                    note: a.map(|a| a.note.clone()).unwrap_or_default(),
                    seen: a.map(|a| a.evidence.clone()).unwrap_or_default(),
                    findings: of_unit
                        .iter()
                        .filter(|f| f.visit == visit && f.item.as_deref() == Some(i.code.as_str()))
                        .count(),
                });
            }
            sections.push(info);
        }
        let mut earlier: Vec<Finding> = of_unit
            .into_iter()
            .filter(|f| f.visit != visit && !f.status.is_final())
            .collect();
        earlier.sort_by_key(|a| a.due);
        let c = &mut self.checklist;
        if c.unit != Some(unit) || c.visit.as_ref().map(|x| x.id) != Some(visit) {
            c.cursor = Cursor::default();
            c.earlier_cursor = Cursor::default();
            c.pane = Pane::Items;
        }
        c.visit = Some(v);
        c.unit = Some(unit);
        c.template = Some(t);
        c.sections = sections;
        c.items = items;
        c.earlier = earlier;
        // A re-checked finding that closed leaves the list: keep both cursors on a row.
        let page = self.page;
        c.cursor.jump(c.cursor.selected, c.items.len(), page);
        c.earlier_cursor
            .jump(c.earlier_cursor.selected, c.earlier.len(), page);
        if c.earlier.is_empty() {
            c.pane = Pane::Items;
        }
        Ok(())
    }

    pub(crate) fn load_findings(&mut self) -> anyhow::Result<()> {
        let v = &self.findings;
        let filter = crate::store::FindingFilter {
            statuses: v.status.into_iter().collect(),
            unit: v.unit,
            visit: v.visit,
            overdue: v.overdue,
            due_within: v.window,
            search: None,
        };
        let found = self.store.query_findings(&filter, self.today)?;
        self.findings.rows = found
            .into_iter()
            .map(|f| {
                let unit_name = self.unit_name(f.unit);
                let folded = fold(&crate::store::read::search_text(&f));
                FindingRow {
                    finding: f,
                    unit_name,
                    folded,
                }
            })
            .collect();
        self.refilter();
        Ok(())
    }

    /// Apply the search text and sort order to the loaded rows.
    pub(crate) fn refilter(&mut self) {
        let q = crate::domain::text::Query::new(&self.findings.search);
        let rows = &self.findings.rows;
        let mut shown: Vec<usize> = (0..rows.len())
            .filter(|i| {
                q.is_empty()
                    || q.matches_folded(
                        &crate::store::read::search_text(&rows[*i].finding),
                        &rows[*i].folded,
                    )
            })
            .collect();
        match self.findings.sort {
            Sort::Due => shown.sort_by(|a, b| rows[*a].finding.due.cmp(&rows[*b].finding.due)),
            // Active first (the most overdue at the top), then awaiting verification, then closed.
            Sort::Urgency => shown.sort_by_key(|i| {
                let f = &rows[*i].finding;
                let rank = if f.status.is_active() {
                    0
                } else if f.status.is_final() {
                    2
                } else {
                    1
                };
                (rank, f.due, std::cmp::Reverse(f.severity))
            }),
            Sort::Unit => shown.sort_by(|a, b| {
                vi_cmp(&rows[*a].unit_name, &rows[*b].unit_name)
                    .then(rows[*a].finding.due.cmp(&rows[*b].finding.due))
            }),
        }
        self.findings.shown = shown;
        let len = self.findings.shown.len();
        let sel = self.findings.cursor.selected;
        self.findings.cursor.jump(sel, len, self.page);
    }

    pub(crate) fn load_detail(&mut self, id: Id) -> anyhow::Result<()> {
        let f = self.store.finding(id)?;
        self.detail.unit_name = f
            .as_ref()
            .map(|f| self.unit_name(f.unit))
            .unwrap_or_default();
        self.detail.visit_code = match &f {
            Some(f) => self
                .store
                .visit(f.visit)?
                .map(|v| v.code)
                .unwrap_or_default(),
            None => String::new(),
        };
        self.detail.finding = f;
        Ok(())
    }
}
