//! Writing the listing view, removing it before every change, and
//! vouching for a view on disk that shows the database's generation.

use std::collections::HashMap;
use std::io::Write;

use super::{Entry, Index, ListingView, MAGIC, day, path_in, proof};
use crate::domain::Id;
use crate::store::FindingsReader;
use crate::store::error::Invalid;
use crate::store::keys::{Tree, counter};
use crate::store::read::malformed_counter;
use crate::store::{Result, Store, StoreError, codec};

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
            Ok(()) => crate::files::sync_dir(&self.path).map_err(io),
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
        let generation = self.generation()?;
        let too_large = || StoreError::Invalid(Invalid::ViewTooLarge);
        let mut unit_at: HashMap<Id, u32> = HashMap::new();
        let mut index = Index::default();
        let units = crate::domain::unit::in_vi_order(self.units()?);
        for u in &units {
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
        for (unit, successor) in self.succession()?.pairs() {
            if let (Some(&a), Some(&b)) = (unit_at.get(&unit), unit_at.get(&successor)) {
                index.successors.push((a, b));
            }
        }
        index.unit_parents = units
            .iter()
            .map(|u| {
                u.parent
                    .and_then(|p| unit_at.get(&p).copied())
                    .unwrap_or(u32::MAX)
            })
            .collect();
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
                    let v = codec::encode(&f).map_err(StoreError::Encode)?;
                    let (Some(&unit), Some(&visit)) =
                        (unit_at.get(&f.unit), visit_at.get(&f.visit))
                    else {
                        return Err(StoreError::Invalid(Invalid::Unlinked(f.reference)));
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
        for kv in self
            .tree(Tree::Counters)
            .scan_prefix(counter::VERIFIED_PREFIX)
        {
            let (k, v) = kv.map_err(|e| self.err(e))?;
            let n = v.as_ref().try_into().ok().map_or(0, i64::from_be_bytes);
            // "f/ver/yyyy-mm"
            let month = std::str::from_utf8(&k[counter::VERIFIED_PREFIX.len()..])
                .ok()
                .and_then(|s| s.split_once('-'))
                .and_then(|(y, m)| Some((y.parse().ok()?, m.parse().ok()?)))
                .ok_or_else(|| malformed_counter(&k))?;
            index.verified.push((month, u64::try_from(n).unwrap_or(0)));
        }
        let index = codec::encode(&index).map_err(StoreError::Encode)?;

        let path = path_in(&self.path);
        let io = |source| StoreError::Io {
            path: path.clone(),
            source,
        };
        let stamp = *crate::domain::new_id().as_bytes();
        let file = crate::files::prepare(&path, |file| {
            file.write_all(MAGIC)?;
            file.write_all(&stamp)?;
            file.write_all(&generation)?;
            file.write_all(&(index.len() as u64).to_le_bytes())?;
            file.write_all(&crc32fast::hash(&index).to_le_bytes())?;
            file.write_all(&index)?;
            file.write_all(&records)
        })
        .map_err(io)?;
        let epoch = self.view_epoch();
        if *epoch != started {
            // Stale before it was finished (dropped, it is removed): the
            // next listing writes another.
            return Ok(());
        }
        // The proof first, so that the view is never in place unproven;
        // every commit was durable before it let go of the epoch, so
        // sled's files are as they will stay until the next one.
        proof::write(&self.path, &generation).map_err(io)?;
        file.commit().map_err(io)
    }

    /// The database's generation, made anew by every commit (zeros for a
    /// database no commit has given one yet).
    ///
    /// # Errors
    /// Storage failure.
    pub(crate) fn generation(&self) -> Result<[u8; 16]> {
        let stored = self
            .tree(Tree::Meta)
            .get(crate::store::META_GENERATION)
            .map_err(|e| self.err(e))?;
        Ok(stored
            .and_then(|v| <[u8; 16]>::try_from(v.as_ref()).ok())
            .unwrap_or_default())
    }

    /// Vouch for the listing view on disk if it shows this database's
    /// generation: sled's files may have changed since it was written
    /// (sled writes when it opens) without anything of the database
    /// changing. A view of another generation (an older copy put back
    /// over sled's files) is left unproven, so not used. Best effort: a
    /// failure only means the next listing opens the database.
    pub(crate) fn vouch_for_view(&self) {
        let Some(view) = ListingView::read(&self.path) else {
            return;
        };
        let epoch = self.view_epoch();
        let current = self.generation().is_ok_and(|g| g == view.generation);
        if current && view.generation != [0; 16] && self.db.flush().is_ok() {
            let _ = proof::write(&self.path, &view.generation);
        }
        drop(epoch);
    }
}
