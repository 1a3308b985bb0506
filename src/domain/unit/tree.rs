//! The unit hierarchy in reading order (đảng bộ, then its chi bộ beneath
//! it): each unit after its parent, siblings in Vietnamese order of their
//! names. Listings that show the hierarchy as an indented tree read it so.

use std::collections::{HashMap, HashSet};

use super::{Unit, in_vi_order};
use crate::domain::Id;

/// `units` as a tree, each with its depth (0 for a root): a unit comes
/// after its parent and before its parent's next sibling; siblings are in
/// Vietnamese order of their names, then by code. A unit whose parent is
/// not among `units` is a root. Nothing is dropped: units caught in a loop
/// of parents (a damaged database) come last, as roots.
#[must_use]
pub fn in_tree_order(units: Vec<Unit>) -> Vec<(usize, Unit)> {
    let units = in_vi_order(units);
    let ids: HashSet<Id> = units.iter().map(|u| u.id).collect();
    // Positions in Vietnamese order, grouped by parent: the order is kept.
    let mut children: HashMap<Option<Id>, Vec<usize>> = HashMap::new();
    for (i, u) in units.iter().enumerate() {
        let parent = u.parent.filter(|p| *p != u.id && ids.contains(p));
        children.entry(parent).or_default().push(i);
    }
    let mut order: Vec<(usize, usize)> = Vec::with_capacity(units.len());
    let mut placed = vec![false; units.len()];
    let mut stack: Vec<(usize, usize)> = Vec::new();
    let roots = children.get(&None).cloned().unwrap_or_default();
    // Roots first, then whatever a loop of parents kept out of reach.
    for root in roots.into_iter().chain(0..units.len()) {
        if placed[root] {
            continue;
        }
        stack.push((root, 0));
        while let Some((i, depth)) = stack.pop() {
            if placed[i] {
                continue;
            }
            placed[i] = true;
            order.push((i, depth));
            let below = children
                .get(&Some(units[i].id))
                .map_or(&[][..], Vec::as_slice);
            stack.extend(below.iter().rev().map(|&c| (c, depth + 1)));
        }
    }
    let mut slots: Vec<Option<Unit>> = units.into_iter().map(Some).collect();
    order
        .into_iter()
        .filter_map(|(i, depth)| slots[i].take().map(|u| (depth, u)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Sector, UnitKind};

    fn unit(code: &str, name: &str, parent: Option<&Unit>) -> Unit {
        Unit {
            parent: parent.map(|p| p.id),
            ..Unit::new(
                crate::domain::new_id(),
                code,
                name,
                UnitKind::SubordinateCell,
                Sector::Locality,
            )
        }
    }

    fn codes(tree: &[(usize, Unit)]) -> Vec<(usize, &str)> {
        tree.iter().map(|(d, u)| (*d, u.code.as_str())).collect()
    }

    #[test]
    fn children_follow_their_parent_in_vietnamese_order() {
        let top = unit("TU", "Thành ủy", None);
        let b = unit("B", "Đảng bộ phường Vị Hoàng", Some(&top));
        let a = unit("A", "Đảng bộ phường Quang Trung", Some(&top));
        let a10 = unit("A10", "Chi bộ Tổ dân phố số 10", Some(&a));
        let a2 = unit("A2", "Chi bộ Tổ dân phố số 2", Some(&a));
        let b1 = unit("B1", "Chi bộ Công an phường", Some(&b));
        let other = unit("X", "Ủy ban Kiểm tra", None);
        let tree = in_tree_order(vec![b1, other, a10, b, top, a2, a]);
        assert_eq!(
            codes(&tree),
            vec![
                (0, "TU"),
                (1, "A"),
                (2, "A2"),
                (2, "A10"),
                (1, "B"),
                (2, "B1"),
                (0, "X"),
            ]
        );
    }

    #[test]
    fn a_loop_of_parents_loses_nothing() {
        let mut a = unit("A", "Chi bộ A", None);
        let mut b = unit("B", "Chi bộ B", None);
        a.parent = Some(b.id);
        b.parent = Some(a.id);
        let lone = unit("C", "Chi bộ C", None);
        let tree = in_tree_order(vec![a, b, lone]);
        assert_eq!(codes(&tree), vec![(0, "C"), (0, "A"), (1, "B")]);
    }
}
