//! Loading what each screen shows from the store (counters and index
//! ranges where they answer), and the findings list's search and order.

use std::collections::HashMap;

use super::app::{App, Cursor, ItemRow, Pane, SectionInfo, Sort, UnitInfo, UnitRow, VisitUnitRow};
use super::table::TableRow;
use crate::domain::text::{Query, vi_cmp};
use crate::domain::{Finding, Id, Verdict};

impl App {
    pub(crate) fn load_units(&mut self) -> anyhow::Result<()> {
        let units = crate::domain::unit::in_vi_order(self.store.units()?);
        self.units = units
            .into_iter()
            .enumerate()
            .map(|(rank, u)| {
                (
                    u.id,
                    UnitInfo {
                        code: u.code,
                        name: u.name,
                        kind: u.kind,
                        rank: u32::try_from(rank).unwrap_or(u32::MAX),
                    },
                )
            })
            .collect();
        Ok(())
    }

    fn unit_rank(&self, id: Id) -> u32 {
        self.units.get(&id).map_or(u32::MAX, |u| u.rank)
    }

    /// The dashboard: figures from counters; the per-unit table from one
    /// pass over the per-unit counters, kept until this app changes
    /// something or the day changes; overdue counts for the rows on screen.
    pub(crate) fn load_dashboard(&mut self) -> anyhow::Result<()> {
        self.dash.summary = self.store.summary(self.today)?;
        let now = (self.changes, self.today);
        if self.dash.built != Some(now) {
            self.dash.rows = self.dash_rows(self.store.unit_status_table()?);
            self.dash.built = Some(now);
        }
        let len = self.dash.rows.len();
        self.dash
            .cursor
            .jump(self.dash.cursor.selected, len, self.page);
        self.fill_overdue()
    }

    /// The per-unit table from counts by status: units with active findings
    /// or findings awaiting verification, in Vietnamese order.
    pub(crate) fn dash_rows(&self, counts: HashMap<Id, [u64; 5]>) -> Vec<UnitRow> {
        let mut rows: Vec<(u32, UnitRow)> = Vec::new();
        for (id, c) in counts {
            let active = c[0] + c[1];
            if active + c[2] == 0 {
                continue;
            }
            rows.push((
                self.unit_rank(id),
                UnitRow {
                    id,
                    name: self.unit_name(id),
                    active,
                    overdue: None,
                    awaiting: c[2],
                },
            ));
        }
        rows.sort_by_key(|r| r.0);
        rows.into_iter().map(|r| r.1).collect()
    }

    /// Count overdue findings for the dashboard rows on screen that lack it.
    pub(crate) fn fill_overdue(&mut self) -> anyhow::Result<()> {
        let start = self.dash.cursor.offset;
        let end = (start + self.page.max(1)).min(self.dash.rows.len());
        for i in start..end {
            let row = &self.dash.rows[i];
            if row.overdue.is_none() {
                let n = if row.active == 0 {
                    0
                } else {
                    self.store.overdue_of_unit(row.id, self.today)?
                };
                self.dash.rows[i].overdue = Some(n);
            }
        }
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

    /// Filter and order the findings table for the list (no store reads
    /// once the table is in memory), then apply the search.
    pub(crate) fn load_findings(&mut self) -> anyhow::Result<()> {
        let table = self.table.load(&self.store)?;
        let v = &self.findings;
        let range = crate::store::FindingFilter {
            overdue: v.overdue,
            due_within: v.window,
            ..Default::default()
        }
        .due_range(self.today);
        let keep = |r: &TableRow| {
            range.is_none_or(|(from, to)| {
                r.status.is_active()
                    && from.is_none_or(|d| r.due >= d)
                    && to.is_none_or(|d| r.due < d)
            }) && v.status.is_none_or(|s| r.status == s)
                && v.unit.is_none_or(|u| r.unit == u)
                && v.visit.is_none_or(|x| r.visit == x)
        };
        let rows = table.rows();
        let mut base: Vec<u32> = (0..rows.len())
            .filter(|i| keep(&rows[*i]))
            .map(|i| u32::try_from(i).unwrap_or(u32::MAX))
            .collect();
        let row = |i: &u32| &rows[*i as usize];
        match v.sort {
            Sort::Due => base.sort_by(|a, b| {
                let (a, b) = (row(a), row(b));
                a.due
                    .cmp(&b.due)
                    .then_with(|| a.reference.cmp(&b.reference))
            }),
            // Active first (the most overdue at the top), then awaiting verification, then closed.
            Sort::Urgency => base.sort_by_cached_key(|i| {
                let r = row(i);
                let rank = if r.status.is_active() {
                    0
                } else if r.status.is_final() {
                    2
                } else {
                    1
                };
                (
                    rank,
                    r.due,
                    std::cmp::Reverse(r.severity),
                    r.reference.clone(),
                )
            }),
            Sort::Unit => {
                let units = &self.units;
                let rank = |id: Id| units.get(&id).map_or(u32::MAX, |u| u.rank);
                base.sort_by(|a, b| {
                    let (a, b) = (row(a), row(b));
                    rank(a.unit)
                        .cmp(&rank(b.unit))
                        .then(a.due.cmp(&b.due))
                        .then_with(|| a.reference.cmp(&b.reference))
                });
            }
        }
        self.findings.base = base;
        self.findings.searched.clear();
        self.findings.shown.clear();
        self.refilter();
        Ok(())
    }

    /// Apply the search text to the filtered rows. Typing one more
    /// character narrows the rows already shown instead of starting over.
    pub(crate) fn refilter(&mut self) {
        let v = &mut self.findings;
        let Some(table) = self.table.ready() else {
            v.shown.clear();
            return;
        };
        let q = Query::new(&v.search);
        let narrows = !v.searched.is_empty() && v.search.starts_with(v.searched.as_str());
        let shown: Vec<u32> = if q.is_empty() {
            v.base.clone()
        } else if narrows {
            // The shown rows match every word typed before; only the words
            // from the last one typed then onwards can have changed.
            let before = v.searched.split_whitespace().count().saturating_sub(1);
            let changed: Vec<&str> = v.search.split_whitespace().skip(before).collect();
            table.filter(&v.shown, &Query::new(&changed.join(" ")))
        } else {
            table.filter(&v.base, &q)
        };
        v.shown = shown;
        v.searched.clone_from(&v.search);
        let len = v.shown.len();
        let sel = v.cursor.selected;
        v.cursor.jump(sel, len, self.page);
    }

    /// Keep the findings table in step after this app changed `id`.
    pub(crate) fn changed_finding(&mut self, id: Id) -> anyhow::Result<()> {
        self.table.changed(id, &self.store)
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
