//! The listing view: a read-side copy of what `haukiem findings` lists, in
//! one file beside sled's (`<db>/listing.view`).
//!
//! Opening sled 0.34 costs tens of milliseconds before the first read (it
//! rewrites every free segment of its file and fsyncs; more as the file
//! grows), so a listing answered from this file starts in a few.
//!
//! The file is kept honest by two rules:
//! - every write to the database removes it first, durably
//!   ([`Store::drop_view`], called by the one write path and by migrations);
//! - only a process holding sled's lock writes it, from the state it reads,
//!   through a temporary file renamed into place ([`Store::write_view`]).
//!
//! A missing file, or one of another version, whose index fails its CRC-32
//! or does not decode, is ignored, and so is a view whose records fail
//! theirs when a listing reads them: the listing opens the database and
//! writes a fresh view.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::keys::{T, counter};
use super::read::{FindingFilter, FindingsReader, Summary};
use super::{Result, Store, StoreError, codec};
use crate::domain::text::Query;
use crate::domain::{Finding, Id, UnitKind};

/// The file's name inside the database directory.
pub const FILE: &str = "listing.view";
const MAGIC: &[u8; 8] = b"HKVIEW\x00\x03";
/// Magic, the view's stamp, the index length, the index's CRC-32.
const HEAD: usize = MAGIC.len() + 16 + 8 + 4;

/// Unit and visit names a listing shows.
#[derive(Debug, Clone, Default)]
pub struct Names {
    /// Unit id → (code, name).
    pub units: HashMap<Id, (String, String)>,
    /// Visit id → code.
    pub visits: HashMap<Id, String>,
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

#[derive(Debug, Default, Serialize, Deserialize)]
struct Index {
    /// Units in Vietnamese order of their names.
    unit_ids: Vec<Id>,
    unit_kinds: Vec<UnitKind>,
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
    /// entries laid out back to back and naming stored units and visits.
    fn is_sound(&self, records_len: u64) -> bool {
        let mut last = 0usize;
        let ends_ok = self.unit_ends.len() == 2 * self.unit_ids.len()
            && self.unit_kinds.len() == self.unit_ids.len()
            && self.unit_ends.iter().all(|&e| {
                let e = e as usize;
                let ok = e >= last && self.unit_text.is_char_boundary(e);
                last = e;
                ok
            });
        let mut end = 0u64;
        let entries_ok = self.entries.iter().all(|e| {
            let ok = e.start == end
                && (e.unit as usize) < self.unit_ids.len()
                && (e.visit as usize) < self.visits.len();
            end += u64::from(e.len);
            ok
        });
        ends_ok && entries_ok && end == records_len && self.active as usize <= self.entries.len()
    }
}

/// A loaded view: its index in memory, the records read when a query
/// needs them.
#[derive(Debug)]
pub struct View {
    /// Made anew each time the view is written: tells this view from a
    /// later one.
    stamp: [u8; 16],
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

impl View {
    /// The view in database directory `dir`, if there is a readable one.
    #[must_use]
    pub fn load(dir: &Path) -> Option<View> {
        use std::io::Read;
        let mut file = std::fs::File::open(path_in(dir)).ok()?;
        let file_len = file.metadata().ok()?.len();
        let mut head = [0u8; HEAD];
        file.read_exact(&mut head).ok()?;
        let rest = head.strip_prefix(MAGIC.as_slice())?;
        let (stamp, rest) = rest.split_at(16);
        let (len, crc) = rest.split_at(8);
        let stamp: [u8; 16] = stamp.try_into().ok()?;
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
        index.is_sound(records_len).then_some(View {
            stamp,
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

    /// What [`Store::summary`] answers.
    #[must_use]
    pub fn summary(&self, today: NaiveDate) -> Summary {
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
            if let Some(n) = s.by_status.get_mut(usize::from(e.status)) {
                *n += 1;
            }
        }
        s.active = s.by_status[0] + s.by_status[1];
        s
    }

    /// What [`Store::unit_status_table`] answers.
    #[must_use]
    pub fn unit_status_table(&self) -> HashMap<Id, [u64; 5]> {
        let mut out: HashMap<Id, [u64; 5]> = HashMap::new();
        for e in &self.index.entries {
            if let Some(n) = out
                .entry(self.index.unit_ids[e.unit as usize])
                .or_default()
                .get_mut(usize::from(e.status))
            {
                *n += 1;
            }
        }
        out
    }

    /// Active findings past due on `today`, by unit (units with none left out).
    #[must_use]
    pub fn overdue_by_unit(&self, today: NaiveDate) -> HashMap<Id, u64> {
        let active = &self.index.entries[..self.index.active as usize];
        let end = active.partition_point(|e| e.due < day(today));
        let mut out: HashMap<Id, u64> = HashMap::new();
        for e in &active[..end] {
            *out.entry(self.index.unit_ids[e.unit as usize]).or_default() += 1;
        }
        out
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
        let entries = &self.index.entries;
        let (lo, hi) = match filter.due_range(today) {
            Some((from, to)) => {
                let active = &entries[..self.index.active as usize];
                let lo = from.map_or(0, |d| active.partition_point(|e| e.due < day(d)));
                let hi = to.map_or(active.len(), |d| active.partition_point(|e| e.due < day(d)));
                (lo, hi.max(lo))
            }
            None => (0, entries.len()),
        };
        let unit = filter
            .unit
            .map(|id| self.index.unit_ids.iter().position(|&u| u == id));
        let visit = filter
            .visit
            .map(|id| self.index.visits.iter().position(|v| v.0 == id));
        let statuses: Vec<u8> = filter.statuses.iter().map(|s| s.index()).collect();
        let query = filter
            .search
            .as_deref()
            .map(Query::new)
            .filter(|q| !q.is_empty());
        let records = self.records(lo, hi).map_err(|source| StoreError::Io {
            path: PathBuf::from(FILE),
            source,
        })?;
        let base = entries.get(lo).map_or(0, |e| e.start);
        let kept: Vec<&Entry> = entries[lo..hi]
            .iter()
            .filter(|e| {
                unit.is_none_or(|u| u == Some(e.unit as usize))
                    && visit.is_none_or(|v| v == Some(e.visit as usize))
                    && (statuses.is_empty() || statuses.contains(&e.status))
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
                        source: codec::CodecError::Body("the record fails its CRC-32".into()),
                    });
                }
                let f: Finding = codec::decode(bytes)
                    .map_err(|source| StoreError::Corrupt { tree: FILE, source })?;
                if filter.admits(&f, query.as_ref()) {
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
        for (f, _, unit, visit) in decoded {
            names.units.entry(f.unit).or_insert_with(|| {
                let (code, name) = self.index.unit(unit as usize);
                (code.to_string(), name.to_string())
            });
            names
                .visits
                .entry(f.visit)
                .or_insert_with(|| self.index.visits[visit as usize].1.clone());
            found.push(f);
        }
        Ok((found, names))
    }
}

impl Store {
    /// Remove the listing view, durably, before the database changes.
    ///
    /// # Errors
    /// The file exists and cannot be removed: the change must not go ahead,
    /// or the view would list the old state.
    pub(crate) fn drop_view(&self) -> Result<()> {
        self.drop_view_locked(&mut self.view_epoch())
    }

    /// The count of changes begun, locked.
    pub(crate) fn view_epoch(&self) -> std::sync::MutexGuard<'_, u64> {
        self.view_epoch
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// [`Store::drop_view`] with the epoch already locked.
    pub(crate) fn drop_view_locked(&self, epoch: &mut u64) -> Result<()> {
        *epoch += 1;
        let io = |source| StoreError::Io {
            path: path_in(&self.path),
            source,
        };
        match std::fs::remove_file(path_in(&self.path)) {
            Ok(()) => sync_dir(&self.path).map_err(io),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(io(e)),
        }
    }

    /// Write the listing view of the current state. This process holds the
    /// database; if it changes something while the view is being built
    /// (the app writes views in the background), the view is not put in
    /// place: commits hold the epoch lock from before they remove the view
    /// until they are durable, and the view is renamed into place under the
    /// same lock only if no change began since it was started.
    ///
    /// # Errors
    /// Storage failure, a corrupt record, or the file cannot be written.
    pub fn write_view(&self) -> Result<()> {
        let started = *self.view_epoch();
        let too_large = || StoreError::Invalid("the listing view would exceed 4 GiB".into());
        let mut unit_at: HashMap<Id, u32> = HashMap::new();
        let mut index = Index::default();
        for u in crate::domain::unit::in_vi_order(self.units()?) {
            let i = u32::try_from(index.unit_ids.len()).map_err(|_| too_large())?;
            unit_at.insert(u.id, i);
            index.unit_ids.push(u.id);
            index.unit_kinds.push(u.kind);
            for part in [&u.code, &u.name] {
                index.unit_text.push_str(part);
                let end = u32::try_from(index.unit_text.len()).map_err(|_| too_large())?;
                index.unit_ends.push(end);
            }
        }
        let mut visit_at: HashMap<Id, u32> = HashMap::new();
        for v in self.visits()? {
            let i = u32::try_from(index.visits.len()).map_err(|_| too_large())?;
            visit_at.insert(v.id, i);
            index.visits.push((v.id, v.code));
        }
        type Row = (String, Entry, Vec<u8>, bool);
        let (mut rows, theirs) =
            self.findings_reader()
                .split_fold(Vec::new, |rows: &mut Vec<Row>, v| {
                    let mut f = FindingsReader::decode(v)?;
                    // Listings do not show the follow-up history.
                    f.history = Vec::new();
                    let v = codec::encode(&f).map_err(|e| StoreError::Invalid(e.to_string()))?;
                    let (Some(&unit), Some(&visit)) =
                        (unit_at.get(&f.unit), visit_at.get(&f.visit))
                    else {
                        return Err(StoreError::Invalid(format!(
                            "finding {} names a unit or visit that is not stored",
                            f.reference
                        )));
                    };
                    let entry = Entry {
                        due: day(f.due),
                        status: f.status.index(),
                        unit,
                        visit,
                        rank: 0,
                        start: 0,
                        len: u32::try_from(v.len()).map_err(|_| too_large())?,
                        crc: crc32fast::hash(&v),
                    };
                    rows.push((f.reference, entry, v, f.status.is_active()));
                    Ok(())
                })?;
        rows.extend(theirs);
        rows.sort_by(|a, b| a.1.due.cmp(&b.1.due).then_with(|| a.0.cmp(&b.0)));
        for (rank, row) in rows.iter_mut().enumerate() {
            row.1.rank = u32::try_from(rank).map_err(|_| too_large())?;
        }
        // Stable: each part stays in the listing's order.
        rows.sort_by_key(|r| !r.3);
        index.active =
            u32::try_from(rows.iter().filter(|r| r.3).count()).map_err(|_| too_large())?;
        let mut records = Vec::new();
        for (_, mut entry, v, _) in rows {
            entry.start = records.len() as u64;
            records.extend_from_slice(&v);
            index.entries.push(entry);
        }
        for kv in self.tree(T::Counters).scan_prefix(counter::VERIFIED_PREFIX) {
            let (k, v) = kv.map_err(|e| self.err(e))?;
            let n = v.as_ref().try_into().ok().map_or(0, i64::from_be_bytes);
            // "f/ver/yyyy-mm"
            let month = std::str::from_utf8(&k[counter::VERIFIED_PREFIX.len()..])
                .ok()
                .and_then(|s| s.split_once('-'))
                .and_then(|(y, m)| Some((y.parse().ok()?, m.parse().ok()?)))
                .ok_or_else(|| {
                    StoreError::Invalid(format!(
                        "malformed counter key {}",
                        String::from_utf8_lossy(&k)
                    ))
                })?;
            index.verified.push((month, u64::try_from(n).unwrap_or(0)));
        }
        let index = codec::encode(&index).map_err(|e| StoreError::Invalid(e.to_string()))?;

        let path = path_in(&self.path);
        let tmp = self.path.join(format!("{FILE}.tmp"));
        let io = |source| StoreError::Io {
            path: path.clone(),
            source,
        };
        let mut file = std::fs::File::create(&tmp).map_err(io)?;
        file.write_all(MAGIC).map_err(io)?;
        file.write_all(crate::domain::new_id().as_bytes())
            .map_err(io)?;
        file.write_all(&(index.len() as u64).to_le_bytes())
            .map_err(io)?;
        file.write_all(&crc32fast::hash(&index).to_le_bytes())
            .map_err(io)?;
        file.write_all(&index).map_err(io)?;
        file.write_all(&records).map_err(io)?;
        file.sync_all().map_err(io)?;
        drop(file);
        let epoch = self.view_epoch();
        if *epoch != started {
            // Stale before it was finished: the next listing writes another.
            return std::fs::remove_file(&tmp).map_err(io);
        }
        std::fs::rename(&tmp, &path).map_err(io)?;
        sync_dir(&self.path).map_err(io)
    }
}

/// Make a rename or removal in `dir` durable.
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        std::fs::File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
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
