//! Succession (sáp nhập): units that merged into another on a day, the
//! rules a chain of successors keeps, and the chain read both ways.

use std::collections::HashMap;
use std::ops::AddAssign;

use chrono::{Days, NaiveDate};

use super::Unit;
use crate::domain::{Id, RuleError};

impl Unit {
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

/// Who merged into whom: each unit's successor, read both ways. A unit's
/// open findings are counted and listed under the unit it merged into, and
/// so on down the chain ([`Succession::current`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Succession {
    next: HashMap<Id, Id>,
    before: HashMap<Id, Vec<Id>>,
}

impl Succession {
    /// From (unit, its successor) pairs.
    pub fn new(pairs: impl IntoIterator<Item = (Id, Id)>) -> Succession {
        let mut s = Succession::default();
        for (unit, successor) in pairs {
            s.next.insert(unit, successor);
            s.before.entry(successor).or_default().push(unit);
        }
        s
    }

    /// Whether no unit has merged into another.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.next.is_empty()
    }

    /// Every (unit, the unit it merged into).
    pub fn pairs(&self) -> impl Iterator<Item = (Id, Id)> + '_ {
        self.next.iter().map(|(a, b)| (*a, *b))
    }

    /// The unit `unit` merged into, directly.
    #[must_use]
    pub fn successor(&self, unit: Id) -> Option<Id> {
        self.next.get(&unit).copied()
    }

    /// The unit that stands for `unit` today: the end of its chain of
    /// successors (itself when it has none).
    #[must_use]
    pub fn current(&self, unit: Id) -> Id {
        let mut at = unit;
        // The store refuses cycles; the bound only keeps a damaged
        // database from hanging a read.
        for _ in 0..64 {
            match self.next.get(&at) {
                Some(&n) if n != unit => at = n,
                _ => break,
            }
        }
        at
    }

    /// Figures kept per unit, each moved to the unit that stands for it
    /// today ([`Succession::current`]) and added there.
    #[must_use]
    pub fn fold<V: AddAssign + Default>(&self, per_unit: HashMap<Id, V>) -> HashMap<Id, V> {
        if self.is_empty() {
            return per_unit;
        }
        let mut out: HashMap<Id, V> = HashMap::with_capacity(per_unit.len());
        for (unit, v) in per_unit {
            *out.entry(self.current(unit)).or_default() += v;
        }
        out
    }

    /// Every unit that merged into `unit`, directly or down a chain, in no
    /// particular order (`unit` itself not included).
    #[must_use]
    pub fn predecessors(&self, unit: Id) -> Vec<Id> {
        let mut out: Vec<Id> = Vec::new();
        let mut todo = vec![unit];
        while let Some(u) = todo.pop() {
            for p in self.before.get(&u).into_iter().flatten() {
                if *p != unit && !out.contains(p) {
                    out.push(*p);
                    todo.push(*p);
                }
            }
        }
        out
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Sector, UnitKind};

    fn day(d: u32, m: u32, y: i32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    fn ward(code: &str) -> Unit {
        Unit {
            members: 300,
            ..Unit::new(
                crate::domain::new_id(),
                code,
                format!("Đảng bộ phường {code}"),
                UnitKind::GrassrootsCommittee,
                Sector::Locality,
            )
        }
    }

    #[test]
    fn succession_reads_a_chain_both_ways() {
        let (a, b, c, d) = (ward("A"), ward("B"), ward("C"), ward("D"));
        // A and B merged into C, C later into D.
        let s = Succession::new([(a.id, c.id), (b.id, c.id), (c.id, d.id)]);
        assert_eq!(s.current(a.id), d.id);
        assert_eq!(s.current(d.id), d.id);
        assert_eq!(s.successor(a.id), Some(c.id));
        let mut before_d = s.predecessors(d.id);
        before_d.sort();
        let mut want = vec![a.id, b.id, c.id];
        want.sort();
        assert_eq!(before_d, want);
        assert_eq!(s.predecessors(a.id), Vec::<Id>::new());
        let per_unit = HashMap::from([(a.id, 2u64), (b.id, 3), (d.id, 1), (ward("E").id, 7)]);
        let folded = s.fold(per_unit);
        assert_eq!(folded.get(&d.id), Some(&6));
        assert_eq!(folded.get(&a.id), None);
        assert_eq!(folded.len(), 2);
        // A damaged cycle does not hang.
        let looped = Succession::new([(a.id, b.id), (b.id, a.id)]);
        let _ = looped.current(a.id);
        assert_eq!(looped.predecessors(a.id), vec![b.id]);
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
}
