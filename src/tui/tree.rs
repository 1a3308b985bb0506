//! The unit hierarchy as the app shows it (đảng bộ → chi bộ): siblings in
//! Vietnamese order, a unit's rows shown when its parent is expanded, and a
//! search (diacritics optional, as the findings search) that shows each unit
//! that matches with the units above it. The unit tree screen and the unit
//! picker of the visit form both show it.

use std::collections::{HashMap, HashSet};

use crate::domain::text::Query;
use crate::domain::{Id, Unit};

/// Deeper than any Party hierarchy: a parent link that loops stops here.
const MAX_DEPTH: usize = 12;

/// Every unit, by parent.
#[derive(Debug, Clone, Default)]
pub struct UnitTree {
    units: HashMap<Id, Unit>,
    /// Children of each unit (roots under `None`), in Vietnamese order.
    children: HashMap<Option<Id>, Vec<Id>>,
    /// The units merged into each unit (sáp nhập), in Vietnamese order.
    predecessors: HashMap<Id, Vec<Id>>,
}

/// One row of the tree as shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TreeRow {
    pub id: Id,
    pub depth: usize,
    pub has_children: bool,
    pub expanded: bool,
    /// Matches the search (else it is shown as the way to a unit that does).
    pub matched: bool,
}

impl UnitTree {
    /// The tree of `units`, siblings ordered by `rank` (their place in
    /// Vietnamese order), then code. A unit whose parent is unknown is a root.
    #[must_use]
    pub fn new(units: Vec<Unit>, rank: impl Fn(Id) -> u32) -> UnitTree {
        let units: HashMap<Id, Unit> = units.into_iter().map(|u| (u.id, u)).collect();
        let mut children: HashMap<Option<Id>, Vec<Id>> = HashMap::new();
        let mut predecessors: HashMap<Id, Vec<Id>> = HashMap::new();
        for u in units.values() {
            let parent = u.parent.filter(|p| units.contains_key(p) && *p != u.id);
            children.entry(parent).or_default().push(u.id);
            if let Some(s) = u.successor {
                predecessors.entry(s).or_default().push(u.id);
            }
        }
        let order = |a: &Id, b: &Id| {
            rank(*a)
                .cmp(&rank(*b))
                .then_with(|| units[a].code.cmp(&units[b].code))
        };
        for list in children.values_mut().chain(predecessors.values_mut()) {
            list.sort_by(order);
        }
        UnitTree {
            units,
            children,
            predecessors,
        }
    }

    #[must_use]
    pub fn unit(&self, id: Id) -> Option<&Unit> {
        self.units.get(&id)
    }

    #[must_use]
    pub fn len(&self) -> usize {
        self.units.len()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.units.is_empty()
    }

    /// The units directly under `parent` (the roots for `None`).
    #[must_use]
    pub fn children(&self, parent: Option<Id>) -> &[Id] {
        self.children.get(&parent).map_or(&[], Vec::as_slice)
    }

    /// The units merged into `id`.
    #[must_use]
    pub fn predecessors(&self, id: Id) -> &[Id] {
        self.predecessors.get(&id).map_or(&[], Vec::as_slice)
    }

    /// `id` and every unit under it, in tree order.
    #[must_use]
    pub fn with_descendants(&self, id: Id) -> Vec<Id> {
        let mut out = Vec::new();
        self.collect(id, 0, &mut out);
        out
    }

    fn collect(&self, id: Id, depth: usize, out: &mut Vec<Id>) {
        if depth > MAX_DEPTH || out.contains(&id) {
            return;
        }
        out.push(id);
        for c in self.children(Some(id)) {
            self.collect(*c, depth + 1, out);
        }
    }

    /// The rows shown: with no search, each root and the units under an
    /// expanded one; with a search, every unit that matches (name, code or
    /// secretary) and the units above it, all expanded.
    #[must_use]
    pub fn rows(&self, expanded: &HashSet<Id>, search: &str) -> Vec<TreeRow> {
        let query = Query::new(search);
        let mut out = Vec::new();
        for root in self.children(None) {
            if query.is_empty() {
                self.walk(*root, 0, expanded, &mut out);
            } else {
                self.find(*root, 0, &query, &mut out);
            }
        }
        out
    }

    fn walk(&self, id: Id, depth: usize, expanded: &HashSet<Id>, out: &mut Vec<TreeRow>) {
        let kids = self.children(Some(id));
        let open = expanded.contains(&id) && depth < MAX_DEPTH;
        out.push(TreeRow {
            id,
            depth,
            has_children: !kids.is_empty(),
            expanded: open && !kids.is_empty(),
            matched: true,
        });
        if open {
            for c in kids {
                self.walk(*c, depth + 1, expanded, out);
            }
        }
    }

    /// Rows of `id`'s subtree that match or lead to a match; whether any did.
    fn find(&self, id: Id, depth: usize, query: &Query, out: &mut Vec<TreeRow>) -> bool {
        let Some(u) = self.units.get(&id) else {
            return false;
        };
        let at = out.len();
        let kids = self.children(Some(id));
        let matched = query.matches(&format!("{} {} {}", u.name, u.code, u.secretary));
        out.push(TreeRow {
            id,
            depth,
            has_children: !kids.is_empty(),
            expanded: !kids.is_empty(),
            matched,
        });
        let mut below = false;
        if depth < MAX_DEPTH {
            for c in kids {
                below |= self.find(*c, depth + 1, query, out);
            }
        }
        if !matched && !below {
            out.truncate(at);
        }
        matched || below
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::domain::{Sector, UnitKind, new_id};

    /// A cell of one member under `parent` (the unit picker's tests build
    /// their trees with it too).
    pub(crate) fn unit(code: &str, name: &str, parent: Option<Id>) -> Unit {
        Unit {
            parent,
            members: 1,
            ..Unit::new(
                new_id(),
                code,
                name,
                UnitKind::SubordinateCell,
                Sector::Locality,
            )
        }
    }

    /// Thành ủy → two đảng bộ (given out of order) → their chi bộ.
    fn sample() -> (UnitTree, Vec<Id>) {
        let tu = unit("TU", "Thành ủy Nam Định", None);
        let b = unit("P-VH", "Đảng bộ phường Vị Hoàng", Some(tu.id));
        let a = unit("P-QT", "Đảng bộ phường Quang Trung", Some(tu.id));
        let a1 = unit("P-QT-1", "Chi bộ Tổ dân phố số 1", Some(a.id));
        let b1 = unit("P-VH-5", "Chi bộ Tổ dân phố số 5", Some(b.id));
        let ids = vec![tu.id, a.id, a1.id, b.id, b1.id];
        let order = ids.clone();
        let rank = move |id: Id| {
            u32::try_from(order.iter().position(|x| *x == id).unwrap_or(99)).unwrap_or(99)
        };
        (UnitTree::new(vec![b1, a1, b, a, tu], rank), ids)
    }

    #[test]
    fn only_expanded_units_show_their_children_in_order() {
        let (tree, ids) = sample();
        let (tu, a, a1, b) = (ids[0], ids[1], ids[2], ids[3]);
        let rows = tree.rows(&HashSet::new(), "");
        assert_eq!(rows.iter().map(|r| r.id).collect::<Vec<_>>(), vec![tu]);
        assert!(rows[0].has_children && !rows[0].expanded);
        let open: HashSet<Id> = [tu, a].into_iter().collect();
        let rows = tree.rows(&open, "");
        let shown: Vec<(Id, usize)> = rows.iter().map(|r| (r.id, r.depth)).collect();
        assert_eq!(shown, vec![(tu, 0), (a, 1), (a1, 2), (b, 1)]);
        assert_eq!(tree.with_descendants(a), vec![a, a1]);
    }

    #[test]
    fn a_search_without_diacritics_shows_matches_with_the_way_to_them() {
        let (tree, ids) = sample();
        let (tu, b, b1) = (ids[0], ids[3], ids[4]);
        let rows = tree.rows(&HashSet::new(), "vi hoang");
        let shown: Vec<(Id, bool)> = rows.iter().map(|r| (r.id, r.matched)).collect();
        // The đảng bộ matches; its chi bộ does not but is under it only if it matches.
        assert_eq!(shown, vec![(tu, false), (b, true)]);
        let rows = tree.rows(&HashSet::new(), "so 5");
        let shown: Vec<Id> = rows.iter().map(|r| r.id).collect();
        assert_eq!(shown, vec![tu, b, b1]);
        assert!(tree.rows(&HashSet::new(), "không có").is_empty());
    }
}
