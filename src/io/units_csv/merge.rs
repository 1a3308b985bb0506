//! A units CSV against the database: each row's unit as it will be (a known
//! code keeps its id and gets the values of the columns the file has),
//! parents and successors resolved by code, the rules checked row by row,
//! and the changes in an order the store accepts (a unit after its parent
//! and its successor).

use std::collections::HashMap;

use super::{Col, Row, column_label};
use crate::domain::date::format_date;
use crate::domain::label::Labelled;
use crate::domain::{Change, Id, RuleError, Unit};
use crate::i18n::Msg;
use crate::io::import::{FieldChange, Outcome, Staged, UnitChange};
use crate::io::{ImportError, Result};
use crate::store::Store;

/// A row with the unit it leaves: `before` is the stored one, if any.
struct Target {
    line: u64,
    before: Option<Unit>,
    unit: Unit,
}

/// The changes a file's rows make, and what they are.
pub(super) fn changes(
    store: &Store,
    name: &str,
    cols: &[Col],
    rows: Vec<Row>,
    staged: &mut Staged,
) -> Result<(Outcome, Vec<Change>)> {
    let mut targets = Vec::with_capacity(rows.len());
    for row in &rows {
        if let Some(first) = staged.unit_files.get(&row.unit.code) {
            return Err(ImportError::at(
                name,
                row.line,
                column_label(cols, Col::Code),
                Msg::ImportCodeTwice.fill(&[&row.unit.code, first]),
            )
            .into());
        }
        let before = staged.unit(store, &row.unit.code)?;
        let unit = match &before {
            Some(old) => overlay(old, &row.unit, cols),
            None => row.unit.clone(),
        };
        targets.push(Target {
            line: row.line,
            before,
            unit,
        });
    }
    let ids: HashMap<String, Id> = targets
        .iter()
        .map(|t| (t.unit.code.clone(), t.unit.id))
        .collect();
    for (row, t) in rows.iter().zip(&mut targets) {
        let find = |code: &str| -> Result<Option<Id>> {
            match ids.get(code) {
                Some(id) => Ok(Some(*id)),
                None => Ok(staged.unit(store, code)?.map(|u| u.id)),
            }
        };
        if cols.contains(&Col::Parent) {
            t.unit.parent = resolve(name, t, row.parent_code.as_ref(), &find, Link::Parent)?;
        }
        if cols.contains(&Col::Successor) {
            t.unit.successor =
                resolve(name, t, row.successor_code.as_ref(), &find, Link::Successor)?;
        }
        t.unit
            .validate()
            .map_err(|e| rule_at(name, t.line, cols, &e))?;
    }
    let order = in_order(name, cols, &targets)?;
    check_chains(store, name, cols, &targets, staged)?;
    let mut out = Vec::new();
    let (mut added, mut changed, mut unchanged) = (Vec::new(), Vec::new(), 0);
    let known = |id: Id| -> Result<String> { code_of(store, staged, &targets, id) };
    for i in order {
        let t = &targets[i];
        match &t.before {
            Some(old) if *old == t.unit => unchanged += 1,
            Some(old) => {
                changed.push(UnitChange {
                    code: t.unit.code.clone(),
                    fields: fields(old, &t.unit, &known)?,
                });
                out.push(Change::update(old.clone(), t.unit.clone()));
            }
            None => {
                added.push((t.unit.code.clone(), t.unit.name.clone()));
                out.push(Change::create(t.unit.clone()));
            }
        }
    }
    for t in targets {
        staged
            .unit_files
            .insert(t.unit.code.clone(), name.to_string());
        staged.units.insert(t.unit.code.clone(), t.unit);
    }
    Ok((
        Outcome::Units {
            added,
            changed,
            unchanged,
        },
        out,
    ))
}

/// `old` with the values of the columns `cols` the file has (parent and
/// successor are resolved after).
fn overlay(old: &Unit, row: &Unit, cols: &[Col]) -> Unit {
    let mut u = old.clone();
    for c in cols {
        match c {
            Col::Name => u.name.clone_from(&row.name),
            Col::Kind => u.kind = row.kind,
            Col::Sector => u.sector = row.sector,
            Col::Secretary => u.secretary.clone_from(&row.secretary),
            Col::Members => u.members = row.members,
            Col::ValidFrom => u.valid_from = row.valid_from,
            Col::ValidTo => u.valid_to = row.valid_to,
            Col::Code | Col::Parent | Col::Successor => {}
        }
    }
    u
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Link {
    Parent,
    Successor,
}

/// The unit a parent or successor code names (in this file, an earlier
/// file of the import, or the database).
fn resolve(
    name: &str,
    t: &Target,
    code: Option<&(String, String)>,
    find: &dyn Fn(&str) -> Result<Option<Id>>,
    link: Link,
) -> Result<Option<Id>> {
    let Some((code, at)) = code else {
        return Ok(None);
    };
    let Some(id) = find(code)? else {
        let msg = match link {
            Link::Parent => Msg::ImportUnknownParent.fill(&[code]),
            Link::Successor => Msg::ImportUnknownSuccessor.fill(&[code]),
        };
        return Err(ImportError::at(name, t.line, at.clone(), msg).into());
    };
    if id == t.unit.id {
        let msg = match link {
            Link::Parent => Msg::ImportOwnParent.text().to_string(),
            Link::Successor => RuleError::OwnSuccessor(t.unit.code.clone()).to_string(),
        };
        return Err(ImportError::at(name, t.line, at.clone(), msg).into());
    }
    Ok(Some(id))
}

/// A rule the row's unit breaks, at the column it is about.
fn rule_at(name: &str, line: u64, cols: &[Col], e: &RuleError) -> ImportError {
    let col = match e {
        RuleError::UnitEndsBeforeStart { .. } | RuleError::SuccessionWithoutEnd(_) => {
            column_label(cols, Col::ValidTo)
        }
        RuleError::UnitIncomplete(_) => column_label(cols, Col::Name),
        _ => column_label(cols, Col::Successor),
    };
    ImportError::at(name, line, col, e.to_string())
}

/// The rows in an order the store accepts: each after its parent and its
/// successor when they are in the file; a cycle among them is an error.
fn in_order(name: &str, cols: &[Col], targets: &[Target]) -> Result<Vec<usize>, ImportError> {
    let at: HashMap<Id, usize> = targets
        .iter()
        .enumerate()
        .map(|(i, t)| (t.unit.id, i))
        .collect();
    let deps = |i: usize| {
        [
            (targets[i].unit.successor, Link::Successor),
            (targets[i].unit.parent, Link::Parent),
        ]
        .into_iter()
        .filter_map(|(id, link)| Some((*at.get(&id?)?, link)))
        .collect::<Vec<_>>()
    };
    let mut state = vec![0u8; targets.len()]; // 0 new, 1 on the path, 2 placed
    let mut order = Vec::with_capacity(targets.len());
    for start in 0..targets.len() {
        // Depth first, without recursion: (row, its dependencies left).
        let mut stack = vec![(start, deps(start))];
        if state[start] == 2 {
            continue;
        }
        state[start] = 1;
        while let Some((i, left)) = stack.last_mut() {
            match left.pop() {
                Some((d, link)) if state[d] == 1 => {
                    let t = &targets[d];
                    return Err(match link {
                        Link::Parent => ImportError::at(
                            name,
                            t.line,
                            column_label(cols, Col::Parent),
                            Msg::ImportParentCycle.fill(&[&t.unit.code]),
                        ),
                        Link::Successor => ImportError::at(
                            name,
                            t.line,
                            column_label(cols, Col::Successor),
                            RuleError::SuccessionCycle(t.unit.code.clone()).to_string(),
                        ),
                    });
                }
                Some((d, _)) if state[d] == 0 => {
                    state[d] = 1;
                    stack.push((d, deps(d)));
                }
                Some(_) => {}
                None => {
                    state[*i] = 2;
                    order.push(*i);
                    stack.pop();
                }
            }
        }
    }
    Ok(order)
}

/// Following parents, or successors, from a unit of the file never comes
/// back to it, through the database as it will be; and each successor is
/// valid the day after its predecessor ends.
fn check_chains(
    store: &Store,
    name: &str,
    cols: &[Col],
    targets: &[Target],
    staged: &Staged,
) -> Result<()> {
    let in_file: HashMap<Id, &Unit> = targets.iter().map(|t| (t.unit.id, &t.unit)).collect();
    let mut others: HashMap<Id, Option<Unit>> = HashMap::new();
    let mut unit = |id: Id| -> Result<Option<Unit>> {
        if let Some(u) = in_file.get(&id) {
            return Ok(Some((*u).clone()));
        }
        if let Some(u) = others.get(&id) {
            return Ok(u.clone());
        }
        let u = match staged.units.values().find(|u| u.id == id) {
            Some(u) => Some(u.clone()),
            None => store.unit(id)?,
        };
        others.insert(id, u.clone());
        Ok(u)
    };
    for t in targets {
        let mut parent = t.unit.parent;
        for _ in 0..64 {
            let Some(p) = parent else { break };
            if p == t.unit.id {
                return Err(ImportError::at(
                    name,
                    t.line,
                    column_label(cols, Col::Parent),
                    Msg::ImportParentCycle.fill(&[&t.unit.code]),
                )
                .into());
            }
            parent = unit(p)?.and_then(|u| u.parent);
        }
        let mut chain: HashMap<Id, Unit> = HashMap::new();
        let mut next = t.unit.successor;
        while let Some(id) = next.filter(|id| *id != t.unit.id && !chain.contains_key(id)) {
            let Some(s) = unit(id)? else { break };
            next = s.successor;
            chain.insert(id, s);
        }
        t.unit
            .validate_succession(|id| chain.get(&id).cloned())
            .map_err(|e| rule_at(name, t.line, cols, &e))?;
    }
    Ok(())
}

/// The code of unit `id`: in the file, the import, or the database.
fn code_of(store: &Store, staged: &Staged, targets: &[Target], id: Id) -> Result<String> {
    if let Some(t) = targets.iter().find(|t| t.unit.id == id) {
        return Ok(t.unit.code.clone());
    }
    if let Some(u) = staged.units.values().find(|u| u.id == id) {
        return Ok(u.code.clone());
    }
    Ok(store.unit(id)?.map_or_else(|| id.to_string(), |u| u.code))
}

/// Each field that differs, by its column's name, old → new as the file
/// writes values.
fn fields(old: &Unit, new: &Unit, code: &dyn Fn(Id) -> Result<String>) -> Result<Vec<FieldChange>> {
    let date = |d: Option<chrono::NaiveDate>| d.map(format_date).unwrap_or_default();
    let unit = |id: Option<Id>| -> Result<String> { id.map_or(Ok(String::new()), code) };
    let pairs = [
        ("ten", old.name.clone(), new.name.clone()),
        ("ma_cap_tren", unit(old.parent)?, unit(new.parent)?),
        ("loai", old.kind.vi().into(), new.kind.vi().into()),
        ("linh_vuc", old.sector.vi().into(), new.sector.vi().into()),
        ("bi_thu", old.secretary.clone(), new.secretary.clone()),
        (
            "so_dang_vien",
            old.members.to_string(),
            new.members.to_string(),
        ),
        ("hieu_luc_tu", date(old.valid_from), date(new.valid_from)),
        ("hieu_luc_den", date(old.valid_to), date(new.valid_to)),
        ("ke_thua", unit(old.successor)?, unit(new.successor)?),
    ];
    Ok(pairs
        .into_iter()
        .filter(|(_, a, b)| a != b)
        .map(|(field, old, new)| FieldChange { field, old, new })
        .collect())
}
