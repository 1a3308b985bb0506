//! The listing view: a read-side copy of what `haukiem findings` lists, in
//! one file beside sled's (`<db>/listing.view`).
//!
//! Opening sled 0.34 costs tens of milliseconds before the first read (it
//! rewrites every free segment of its file and fsyncs; more as the file
//! grows), so a listing answered from this file starts in a few.
//!
//! The file is kept honest by three rules:
//! - every write to the database removes it first, durably
//!   ([`Store::drop_view`], called by the one write path and by migrations);
//! - only a process holding sled's lock writes it, from the state it reads,
//!   through a temporary file renamed into place ([`Store::write_view`]);
//! - it is used only while it proves it belongs to the database's files as
//!   they are (`proof`): sled's files can be put back from a backup
//!   (`cp -a backup/. db/`) behind the write path's back.
//!
//! A missing file, or one of another version, whose index fails its CRC-32
//! or does not decode, is ignored, and so is a view whose records fail
//! theirs when a listing reads them, or that cannot prove it is current:
//! the listing opens the database and writes a fresh view.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{Result, Store, StoreError, codec};
use crate::domain::{
    Finding, FindingFacts, FindingFilter, FindingStatus, Id, Succession, UnitKind,
};

mod listing;
mod proof;
mod verify;
mod write;

/// The file's name inside the database directory.
pub const FILE: &str = "listing.view";
const MAGIC: &[u8; 8] = b"HKVIEW\x00\x06";
/// Magic, the view's stamp, the database generation it shows, the index
/// length, the index's CRC-32.
const HEAD: usize = MAGIC.len() + 16 + 16 + 8 + 4;

/// Unit and visit names a listing shows.
#[derive(Debug, Clone, Default)]
pub struct Names {
    /// Unit id → (code, name).
    pub units: HashMap<Id, (String, String)>,
    /// Visit id → code.
    pub visits: HashMap<Id, String>,
    /// A finding's unit that merged into another → the unit that stands for
    /// it today (named in `units` too): listings show the finding there,
    /// "trước đây" its own.
    pub current: HashMap<Id, Id>,
}

impl Store {
    /// The names of the units and visits `found` belongs to, as the view
    /// gives them.
    ///
    /// # Errors
    /// Storage failure or a corrupt record.
    pub fn names_of(&self, found: &[Finding]) -> Result<Names> {
        let mut names = Names::default();
        let succession = self.succession()?;
        for f in found {
            let now = succession.current(f.unit);
            if now != f.unit {
                names.current.insert(f.unit, now);
            }
            for unit in [f.unit, now] {
                if !names.units.contains_key(&unit)
                    && let Some(u) = self.unit(unit)?
                {
                    names.units.insert(u.id, (u.code, u.name));
                }
            }
            if !names.visits.contains_key(&f.visit)
                && let Some(v) = self.visit(f.visit)?
            {
                names.visits.insert(v.id, v.code);
            }
        }
        Ok(names)
    }
}

/// One finding's place in the view: what the filters test before decoding.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Entry {
    /// Days from the common era (`NaiveDate::num_days_from_ce`).
    due: i32,
    status: u8,
    unit: u32,
    visit: u32,
    /// Position in the listing's order (due date, then reference).
    rank: u32,
    /// Where the record starts, from the start of the records.
    start: u64,
    len: u32,
    /// CRC-32 of the record, checked when it is read.
    crc: u32,
}

/// An entry with the index that names its unit and visit: what a filter
/// tests before the record is decoded.
struct Facts<'a> {
    index: &'a Index,
    entry: &'a Entry,
}

impl Entry {
    /// The entry's status (`ListingView::load` checks that it is one).
    fn status(&self) -> FindingStatus {
        FindingStatus::from_index(self.status).unwrap_or(FindingStatus::Open)
    }
}

impl FindingFacts for Facts<'_> {
    fn status(&self) -> FindingStatus {
        self.entry.status()
    }
    fn due(&self) -> NaiveDate {
        NaiveDate::from_num_days_from_ce_opt(self.entry.due).unwrap_or_default()
    }
    fn unit(&self) -> Id {
        self.index.unit_ids[self.entry.unit as usize]
    }
    fn visit(&self) -> Id {
        self.index.visits[self.entry.visit as usize].0
    }
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Index {
    /// Units in Vietnamese order of their names.
    unit_ids: Vec<Id>,
    unit_kinds: Vec<UnitKind>,
    /// Each unit's parent, as its place in `unit_ids` (`u32::MAX`: none).
    unit_parents: Vec<u32>,
    /// Each unit's code then name, back to back: unit `i`'s code ends at
    /// `unit_ends[2 * i]`, its name at `unit_ends[2 * i + 1]` (one string,
    /// so that loading does not make ten thousand).
    unit_text: String,
    unit_ends: Vec<u32>,
    /// (id, code)
    visits: Vec<(Id, String)>,
    /// Active findings (mở, đang khắc phục) by due date then reference,
    /// then the others in the same order; records are stored in this order,
    /// so an overdue or due-soon listing is one read.
    entries: Vec<Entry>,
    /// How many entries are active.
    active: u32,
    /// Findings verified in each month: ((year, month), count).
    verified: Vec<((i32, u32), u64)>,
    /// (unit, the unit it merged into), as positions in `unit_ids`.
    successors: Vec<(u32, u32)>,
}

impl Index {
    /// Unit `i`'s (code, name).
    fn unit(&self, i: usize) -> (&str, &str) {
        let end = |k: usize| self.unit_ends.get(k).map_or(0, |&e| e as usize);
        let code_start = if i == 0 { 0 } else { end(2 * i - 1) };
        let (code_end, name_end) = (end(2 * i), end(2 * i + 1));
        (
            self.unit_text.get(code_start..code_end).unwrap_or(""),
            self.unit_text.get(code_end..name_end).unwrap_or(""),
        )
    }

    /// Every offset in bounds, on a character boundary, and in order;
    /// entries laid out back to back, of a known status and naming stored
    /// units and visits.
    fn is_sound(&self, records_len: u64) -> bool {
        let mut last = 0usize;
        let units = self.unit_ids.len();
        let ends_ok = self.unit_ends.len() == 2 * units
            && self.unit_kinds.len() == units
            && self.unit_parents.len() == units
            && self
                .unit_parents
                .iter()
                .all(|&p| p == u32::MAX || (p as usize) < units)
            && self.unit_ends.iter().all(|&e| {
                let e = e as usize;
                let ok = e >= last && self.unit_text.is_char_boundary(e);
                last = e;
                ok
            });
        let mut end = 0u64;
        let entries_ok = self.entries.iter().all(|e| {
            let ok = e.start == end
                && FindingStatus::from_index(e.status).is_some()
                && (e.unit as usize) < self.unit_ids.len()
                && (e.visit as usize) < self.visits.len();
            end += u64::from(e.len);
            ok
        });
        let units = self.unit_ids.len();
        let successors_ok = self
            .successors
            .iter()
            .all(|&(a, b)| (a as usize) < units && (b as usize) < units);
        ends_ok
            && entries_ok
            && successors_ok
            && end == records_len
            && self.active as usize <= self.entries.len()
    }
}

/// A loaded view: its index in memory, the records read when a query
/// needs them.
#[derive(Debug)]
pub struct ListingView {
    /// Made anew each time the view is written: tells this view from a
    /// later one.
    stamp: [u8; 16],
    /// The database's generation (changed by every commit) it shows.
    generation: [u8; 16],
    index: Index,
    file: std::fs::File,
    /// Where the records start in the file.
    records_at: u64,
}

fn path_in(dir: &Path) -> PathBuf {
    dir.join(FILE)
}

fn day(d: NaiveDate) -> i32 {
    d.num_days_from_ce()
}

impl ListingView {
    /// The view in database directory `dir`, if there is a readable one
    /// that proves it shows the database's files as they are now.
    #[must_use]
    pub fn load(dir: &Path) -> Option<ListingView> {
        ListingView::read(dir).filter(|v| proof::holds(dir, &v.generation))
    }

    /// The view file in `dir`, if it reads, whether or not it is current
    /// (for `check` and for tests of the file format).
    #[must_use]
    pub fn read(dir: &Path) -> Option<ListingView> {
        use std::io::Read;
        let mut file = std::fs::File::open(path_in(dir)).ok()?;
        let file_len = file.metadata().ok()?.len();
        let mut head = [0u8; HEAD];
        file.read_exact(&mut head).ok()?;
        let rest = head.strip_prefix(MAGIC.as_slice())?;
        let (stamp, rest) = rest.split_at(16);
        let (generation, rest) = rest.split_at(16);
        let (len, crc) = rest.split_at(8);
        let stamp: [u8; 16] = stamp.try_into().ok()?;
        let generation: [u8; 16] = generation.try_into().ok()?;
        let len = u64::from_le_bytes(len.try_into().ok()?);
        let crc = u32::from_le_bytes(crc.try_into().ok()?);
        let records_at = (head.len() as u64).checked_add(len)?;
        let records_len = file_len.checked_sub(records_at)?;
        let mut index = vec![0u8; usize::try_from(len).ok()?];
        file.read_exact(&mut index).ok()?;
        if crc32fast::hash(&index) != crc {
            return None;
        }
        let index: Index = codec::decode(&index).ok()?;
        index.is_sound(records_len).then_some(ListingView {
            stamp,
            generation,
            index,
            file,
            records_at,
        })
    }

    /// Whether this is still the view in `dir` (none has replaced or
    /// removed it since it was loaded).
    #[must_use]
    pub fn is_current(&self, dir: &Path) -> bool {
        use std::io::Read;
        let mut head = [0u8; HEAD];
        std::fs::File::open(path_in(dir))
            .and_then(|mut f| f.read_exact(&mut head))
            .is_ok()
            && head.starts_with(MAGIC)
            && head[MAGIC.len()..MAGIC.len() + 16] == self.stamp
    }

    /// Units in Vietnamese order of their names: (id, code, name, kind).
    pub fn units(&self) -> impl Iterator<Item = (Id, &str, &str, UnitKind)> {
        (0..self.index.unit_ids.len()).map(|i| {
            let (code, name) = self.index.unit(i);
            (self.index.unit_ids[i], code, name, self.index.unit_kinds[i])
        })
    }

    /// The parent of the unit at `i` in [`ListingView::units`], if it has one.
    #[must_use]
    pub fn unit_parent(&self, i: usize) -> Option<Id> {
        let p = *self.index.unit_parents.get(i)?;
        self.index.unit_ids.get(p as usize).copied()
    }

    /// The stored records of entries `lo..hi`, in one read.
    fn records(&self, lo: usize, hi: usize) -> std::io::Result<Vec<u8>> {
        let entries = &self.index.entries[lo..hi];
        let (Some(first), Some(last)) = (entries.first(), entries.last()) else {
            return Ok(Vec::new());
        };
        let len = last.start + u64::from(last.len) - first.start;
        let mut buf = vec![0u8; usize::try_from(len).map_err(std::io::Error::other)?];
        read_at(&self.file, &mut buf, self.records_at + first.start)?;
        Ok(buf)
    }

    /// A unit's id by its code.
    #[must_use]
    pub fn unit_id(&self, code: &str) -> Option<Id> {
        (0..self.index.unit_ids.len())
            .find(|&i| self.index.unit(i).0 == code)
            .map(|i| self.index.unit_ids[i])
    }

    /// Who merged into whom.
    #[must_use]
    pub fn succession(&self) -> Succession {
        let id = |i: u32| self.index.unit_ids[i as usize];
        Succession::new(self.index.successors.iter().map(|&(a, b)| (id(a), id(b))))
    }

    /// A visit's id by its code.
    #[must_use]
    pub fn visit_id(&self, code: &str) -> Option<Id> {
        self.index.visits.iter().find(|v| v.1 == code).map(|v| v.0)
    }

    /// What [`Store::query_findings`] answers, in the same order, and the
    /// names of the units and visits they belong to. The findings come
    /// without their follow-up history: listings do not show it, and the
    /// view does not keep it.
    ///
    /// # Errors
    /// The view's file cannot be read or a record does not decode.
    pub fn query(&self, filter: &FindingFilter, today: NaiveDate) -> Result<(Vec<Finding>, Names)> {
        let succession = self.succession();
        let filled;
        let filter = if filter.unit.is_some() && filter.predecessors.is_empty() {
            filled = filter.clone().with_predecessors(&succession);
            &filled
        } else {
            filter
        };
        let test = filter.as_of(today);
        let entries = &self.index.entries;
        let (lo, hi) = match test.due_range() {
            Some((from, to)) => {
                let active = &entries[..self.index.active as usize];
                let lo = from.map_or(0, |d| active.partition_point(|e| e.due < day(d)));
                let hi = to.map_or(active.len(), |d| active.partition_point(|e| e.due < day(d)));
                (lo, hi.max(lo))
            }
            None => (0, entries.len()),
        };
        let records = self.records(lo, hi).map_err(|source| StoreError::Io {
            path: PathBuf::from(FILE),
            source,
        })?;
        let base = entries.get(lo).map_or(0, |e| e.start);
        let kept: Vec<&Entry> = entries[lo..hi]
            .iter()
            .filter(|&entry| {
                test.admits(&Facts {
                    index: &self.index,
                    entry,
                })
            })
            .collect();
        let decode = |part: &[&'_ Entry]| -> Result<Vec<(Finding, u32, u32, u32)>> {
            let mut out = Vec::with_capacity(part.len());
            for &e in part {
                let start = usize::try_from(e.start - base).unwrap_or(usize::MAX);
                let bytes = &records[start..start + e.len as usize];
                if crc32fast::hash(bytes) != e.crc {
                    return Err(StoreError::Corrupt {
                        tree: FILE,
                        source: codec::CodecError::Body(crate::i18n::Msg::ViewCrc.text().into()),
                    });
                }
                let f: Finding = codec::decode(bytes)
                    .map_err(|source| StoreError::Corrupt { tree: FILE, source })?;
                if test.matches(&f) {
                    out.push((f, e.rank, e.unit, e.visit));
                }
            }
            Ok(out)
        };
        // Decoding dominates a long listing: two halves on two threads.
        let mut decoded = if kept.len() < 256 {
            decode(&kept)?
        } else {
            let (first, second) = kept.split_at(kept.len() / 2);
            let (a, b) = std::thread::scope(|s| {
                let other = s.spawn(|| decode(second));
                let first = decode(first);
                (
                    first,
                    other
                        .join()
                        .unwrap_or_else(|p| std::panic::resume_unwind(p)),
                )
            });
            let mut a = a?;
            a.extend(b?);
            a
        };
        // Active and other findings are stored apart: back to one order.
        decoded.sort_unstable_by_key(|d| d.1);
        let mut found = Vec::with_capacity(decoded.len());
        let mut names = Names::default();
        let positions: HashMap<Id, usize> = if succession.is_empty() {
            HashMap::new()
        } else {
            self.index
                .unit_ids
                .iter()
                .enumerate()
                .map(|(i, id)| (*id, i))
                .collect()
        };
        for (f, _, unit, visit) in decoded {
            names.units.entry(f.unit).or_insert_with(|| {
                let (code, name) = self.index.unit(unit as usize);
                (code.to_string(), name.to_string())
            });
            let now = succession.current(f.unit);
            if now != f.unit
                && let Some(&i) = positions.get(&now)
            {
                names.current.insert(f.unit, now);
                names.units.entry(now).or_insert_with(|| {
                    let (code, name) = self.index.unit(i);
                    (code.to_string(), name.to_string())
                });
            }
            names
                .visits
                .entry(f.visit)
                .or_insert_with(|| self.index.visits[visit as usize].1.clone());
            found.push(f);
        }
        Ok((found, names))
    }
}

#[cfg(unix)]
fn read_at(file: &std::fs::File, buf: &mut [u8], at: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, buf, at)
}

#[cfg(not(unix))]
fn read_at(mut file: &std::fs::File, buf: &mut [u8], at: u64) -> std::io::Result<()> {
    use std::io::{Read, Seek, SeekFrom};
    file.seek(SeekFrom::Start(at))?;
    file.read_exact(buf)
}
