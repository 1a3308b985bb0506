//! All access to the sled database: the record envelope, the op log, the one
//! write path (`apply`), indexes, counters, integrity checks and migrations;
//! and the listing view, which answers the read contract (`Listing`) as the
//! database does.

pub(crate) mod apply;
pub mod check;
pub(crate) mod codec;
pub mod error;
pub mod format;
pub(crate) mod keys;
mod listing;
pub mod migrate;
pub mod open;
pub(crate) mod read;
pub(crate) mod reader;
mod undo;
pub mod view;

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Utc};

use crate::domain::{Change, Id, Op};
use error::Invalid;
use keys::Tree;

pub use apply::{Applied, Rules};
pub use check::Problem;
pub use error::StoreError;
pub use listing::{ListedUnit, Listing};
pub use read::{Progress, Summary};
pub use reader::FindingsReader;
pub use undo::LastImport;
pub use view::{ListingView, Names};

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// How many times (20 ms apart) opening retries a held lock.
const LOCK_TRIES: u32 = 25;

/// Bytes of decoded pages sled keeps in memory.
const CACHE_BYTES: u64 = 64 * 1024 * 1024;

/// The open database. One per process.
pub struct Store {
    db: sled::Db,
    trees: Vec<sled::Tree>,
    path: PathBuf,
    /// sled's data file, kept open to fsync it after each commit.
    data_file: File,
    device: Id,
    /// Who changes are recorded under: `--actor`/`HAUKIEM_ACTOR` when the
    /// command line gives one, else the name saved in `meta`; none until
    /// one of them says (a write is then refused).
    actor: Mutex<Option<String>>,
    /// This laptop's name, as saved in `meta`.
    device_name: Mutex<Option<String>>,
    /// Last op timestamp (µs): new ops are stamped strictly after it.
    clock: Mutex<i64>,
    /// The count of this laptop's own ops handed out (see [`Op::seq`]).
    seq: std::sync::atomic::AtomicU64,
    /// Changes begun since the database was opened: held through each
    /// commit, so a listing view built meanwhile is known to be stale
    /// (see `view`).
    view_epoch: Mutex<u64>,
    /// Set once a read meets damage: from then on nothing is written.
    damaged: Arc<AtomicBool>,
    /// The database this store reads a private copy of, and the copy
    /// (removed when the store is dropped).
    copy_of: Option<(PathBuf, open::Copy)>,
}

const META_DEVICE: &[u8] = b"device";
const META_CLOCK: &[u8] = b"clock";
/// The count of this laptop's own ops (u64, big-endian).
pub(crate) const META_SEQ: &[u8] = b"seq";
const META_ACTOR: &[u8] = b"actor";
/// What a laptop holds: for each laptop whose ops it holds, the time (µs)
/// of the latest.
pub type Known = Vec<(Id, i64)>;

/// `peer\0 ‖ device`: what that teammate's laptop said it held.
const META_PEER: &[u8] = b"peer\0";
const META_DEVICE_NAME: &[u8] = b"device_name";
pub(crate) const META_SCHEMA: &[u8] = b"schema";
/// Made anew by every commit: what a listing view proves it shows.
pub(crate) const META_GENERATION: &[u8] = b"generation";

impl Store {
    /// Whether another process holds the database in `path`: sled's lock on
    /// its data file is tested (and let go at once) without opening it, so
    /// that the app can say so before it reads or draws anything. Like
    /// [`Store::open`], it waits a moment for a database this process has
    /// just closed.
    #[must_use]
    pub fn held_elsewhere(path: &Path) -> bool {
        use fs2::FileExt;
        let Ok(file) = File::open(path.join("db")) else {
            return false;
        };
        for _ in 0..LOCK_TRIES {
            if file.try_lock_exclusive().is_ok() {
                let _ = FileExt::unlock(&file);
                return false;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        true
    }

    /// Open (or create) the database in `path`, run pending migrations.
    /// A new database's directory is 0700 and its files 0600, whatever the
    /// umask. Commands that only read use [`Store::open_existing`].
    ///
    /// # Errors
    /// Locked by another process, unreadable, damaged, or of a newer schema.
    pub fn open(path: &Path) -> Result<Store> {
        let created = crate::files::private_dir(path).map_err(|source| StoreError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        let found = open::Found::look(path);
        let config = sled::Config::new()
            .path(path)
            .mode(sled::Mode::HighThroughput)
            // sled's default page cache is 1 GiB; a laptop app keeps less
            // (reads that miss it come from the OS file cache).
            .cache_capacity(CACHE_BYTES)
            // Every commit flushes and fsyncs before it returns (`sync`):
            // sled's own flush every 500 ms would only add fsyncs that a
            // commit then waits behind.
            .flush_every_ms(None);
        // sled's threads let go of the file lock a moment after a database
        // is closed (`demo` closes it, then the app opens it): wait a little
        // before saying another window holds it.
        let mut tries = 0;
        let db = loop {
            match config
                .open()
                .map_err(|e| found.named(StoreError::sled(path, e)))
            {
                Err(StoreError::Locked(_)) if tries < LOCK_TRIES => {
                    tries += 1;
                    std::thread::sleep(std::time::Duration::from_millis(20));
                }
                other => break other?,
            }
        };
        found.recovered(&db, path)?;
        let trees = Tree::ALL
            .iter()
            .map(|t| db.open_tree(t.name()))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| StoreError::sled(path, e))?;
        let data_path = path.join("db");
        let data_file = File::open(&data_path).map_err(|source| StoreError::Io {
            path: data_path,
            source,
        })?;
        let mut store = Store {
            db,
            trees,
            path: path.to_path_buf(),
            data_file,
            device: Id::nil(),
            actor: Mutex::new(None),
            device_name: Mutex::new(None),
            clock: Mutex::new(0),
            seq: std::sync::atomic::AtomicU64::new(0),
            view_epoch: Mutex::new(0),
            damaged: Arc::new(AtomicBool::new(false)),
            copy_of: None,
        };
        store.finish_import()?;
        migrate::run(&store)?;
        store.device = store.init_device()?;
        let clock = store
            .tree(Tree::Meta)
            .get(META_CLOCK)
            .map_err(|e| store.err(e))?
            .and_then(|v| v.as_ref().try_into().ok().map(i64::from_be_bytes))
            .unwrap_or(0);
        store.clock = Mutex::new(clock);
        let seq = store
            .tree(Tree::Meta)
            .get(META_SEQ)
            .map_err(|e| store.err(e))?
            .and_then(|v| v.as_ref().try_into().ok().map(u64::from_be_bytes))
            .unwrap_or(0);
        store.seq = std::sync::atomic::AtomicU64::new(seq);
        store.actor = Mutex::new(store.meta_text(META_ACTOR)?);
        store.device_name = Mutex::new(store.meta_text(META_DEVICE_NAME)?);
        if created {
            open::secure(path).map_err(|source| StoreError::Io {
                path: path.to_path_buf(),
                source,
            })?;
        }
        if open::marked_damaged(path) {
            store.damaged.store(true, Ordering::Relaxed);
        }
        store.vouch_for_view();
        open::mark_kept(path);
        Ok(store)
    }

    fn init_device(&self) -> Result<Id> {
        let meta = self.tree(Tree::Meta);
        if let Some(v) = meta.get(META_DEVICE).map_err(|e| self.err(e))? {
            return keys::id_from(&v).ok_or(StoreError::Invalid(Invalid::MalformedMeta("device")));
        }
        let id = crate::domain::new_id();
        meta.insert(META_DEVICE, id.as_bytes().as_slice())
            .map_err(|e| self.err(e))?;
        self.sync()?;
        Ok(id)
    }

    /// End a process that only read: skip sled's closing flush and fsync
    /// (nothing of ours is pending: every commit was made durable when it
    /// returned, and sled recovers from an unclosed database by design —
    /// the crash test kills writers mid-commit).
    pub fn close_read_only(mut self) {
        // A private copy is removed all the same.
        drop(self.copy_of.take());
        std::mem::forget(self);
    }

    pub(crate) fn tree(&self, t: Tree) -> &sled::Tree {
        &self.trees[t.index()]
    }

    pub(crate) fn err(&self, e: sled::Error) -> StoreError {
        self.noted(StoreError::sled(&self.path, e))
    }

    /// `e`, remembered if it says the database is damaged: nothing is
    /// written after that.
    pub(crate) fn noted(&self, e: StoreError) -> StoreError {
        if e.is_damage() && !self.damaged.swap(true, Ordering::Relaxed) {
            open::mark_damaged(&self.path);
        }
        e
    }

    /// Refuse to write to a database found damaged, or to a private copy.
    pub(crate) fn writable(&self) -> Result<()> {
        if let Some((original, _)) = &self.copy_of {
            return Err(StoreError::ReadOnlyCopy(original.clone()));
        }
        if self.damaged.load(Ordering::Relaxed) {
            return Err(StoreError::WritesRefused(self.path.clone()));
        }
        Ok(())
    }

    /// Where the database lives.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// This laptop's id.
    #[must_use]
    pub fn device(&self) -> Id {
        self.device
    }

    /// The name ops are recorded under, if one is known.
    #[must_use]
    pub fn actor(&self) -> Option<String> {
        lock(&self.actor).clone()
    }

    /// The name ops are recorded under.
    ///
    /// # Errors
    /// No name is known: nobody gave `--actor` or `HAUKIEM_ACTOR`, and none
    /// is saved in this database ([`Store::set_identity`]).
    pub fn require_actor(&self) -> Result<String> {
        self.actor().ok_or(StoreError::NoActor)
    }

    /// Record this process's ops under `actor` (`--actor`,
    /// `HAUKIEM_ACTOR`), whatever name is saved; a blank name is ignored.
    pub fn set_actor(&self, actor: &str) {
        let name = crate::domain::text::clean(actor);
        if !name.is_empty() {
            *lock(&self.actor) = Some(name);
        }
    }

    /// Put back a name [`Store::actor`] gave (`None`: none known), after
    /// recording ops under another one for a while (the demo's data).
    pub fn restore_actor(&self, actor: Option<String>) {
        *lock(&self.actor) = actor;
    }

    /// The name saved in this database for who works on it, if any (the
    /// app asks it on its first start).
    ///
    /// # Errors
    /// Storage failure or a malformed value.
    pub fn saved_actor(&self) -> Result<Option<String>> {
        self.meta_text(META_ACTOR)
    }

    /// This laptop's name (máy Lenovo của đoàn), if one is saved.
    #[must_use]
    pub fn device_name(&self) -> Option<String> {
        lock(&self.device_name).clone()
    }

    /// The name of the laptop that made ops with id `device`, when it is
    /// known: this laptop's own for now.
    #[must_use]
    pub fn device_label(&self, device: Id) -> Option<String> {
        (device == self.device)
            .then(|| self.device_name())
            .flatten()
    }

    /// Save who works on this database and this laptop's name, durably,
    /// and record changes under that name from now on.
    ///
    /// # Errors
    /// A blank name, or the disk fails.
    pub fn set_identity(&self, actor: &str, device_name: &str) -> Result<()> {
        let (actor, device_name) = (
            crate::domain::text::clean(actor),
            crate::domain::text::clean(device_name),
        );
        if actor.is_empty() {
            return Err(StoreError::NoActor);
        }
        let meta = self.tree(Tree::Meta);
        meta.insert(META_ACTOR, actor.as_bytes())
            .map_err(|e| self.err(e))?;
        if device_name.is_empty() {
            meta.remove(META_DEVICE_NAME).map_err(|e| self.err(e))?;
        } else {
            meta.insert(META_DEVICE_NAME, device_name.as_bytes())
                .map_err(|e| self.err(e))?;
        }
        self.sync()?;
        *lock(&self.actor) = Some(actor);
        *lock(&self.device_name) = (!device_name.is_empty()).then_some(device_name);
        Ok(())
    }

    /// What each teammate's laptop said it held when it last wrote a
    /// bundle this laptop took: for each laptop whose ops it held, the
    /// time of the latest ([`crate::io::bundle`] leaves out what every
    /// known teammate holds).
    ///
    /// # Errors
    /// Storage failure or a malformed record.
    pub fn peers_known(&self) -> Result<Vec<(Id, Known)>> {
        let mut out = Vec::new();
        for kv in self.tree(Tree::Meta).scan_prefix(META_PEER) {
            let (k, v) = kv.map_err(|e| self.err(e))?;
            let peer = keys::id_from(&k[META_PEER.len()..])
                .ok_or(StoreError::Invalid(Invalid::MalformedMeta("peer")))?;
            let known: Vec<(Id, i64)> = serde_json::from_slice(&v)
                .map_err(|_| StoreError::Invalid(Invalid::MalformedMeta("peer")))?;
            out.push((peer, known));
        }
        Ok(out)
    }

    /// Record that `peer` holds `known` (merged with what it said before:
    /// the later of the two for each laptop), durably. Nothing is
    /// recorded of this laptop itself.
    ///
    /// # Errors
    /// Storage failure.
    pub fn acknowledge(&self, peer: Id, known: &[(Id, i64)]) -> Result<()> {
        if peer == self.device {
            return Ok(());
        }
        let key = [META_PEER, peer.as_bytes().as_slice()].concat();
        let meta = self.tree(Tree::Meta);
        let mut merged: std::collections::BTreeMap<Id, i64> =
            match meta.get(&key).map_err(|e| self.err(e))? {
                Some(v) => serde_json::from_slice::<Vec<(Id, i64)>>(&v)
                    .unwrap_or_default()
                    .into_iter()
                    .collect(),
                None => std::collections::BTreeMap::new(),
            };
        for (d, at) in known {
            let e = merged.entry(*d).or_insert(*at);
            *e = (*e).max(*at);
        }
        let list: Vec<(Id, i64)> = merged.into_iter().collect();
        let bytes = serde_json::to_vec(&list)
            .map_err(|_| StoreError::Invalid(Invalid::MalformedMeta("peer")))?;
        meta.insert(key, bytes).map_err(|e| self.err(e))?;
        self.sync()
    }

    /// A text value of `meta`.
    fn meta_text(&self, key: &'static [u8]) -> Result<Option<String>> {
        match self.tree(Tree::Meta).get(key).map_err(|e| self.err(e))? {
            None => Ok(None),
            Some(v) => String::from_utf8(v.to_vec())
                .map(Some)
                .map_err(|_| StoreError::Invalid(Invalid::MalformedMeta(meta_name(key)))),
        }
    }

    /// Use a fixed device id (demo data and tests that need stable references).
    pub fn set_device(&mut self, device: Id) {
        self.device = device;
    }

    /// A timestamp strictly after every op this store has stamped or applied.
    pub fn next_timestamp(&self) -> DateTime<Utc> {
        let now = Utc::now().timestamp_micros();
        let mut last = self
            .clock
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let at = now.max(*last + 1);
        *last = at;
        DateTime::from_timestamp_micros(at).unwrap_or_else(Utc::now)
    }

    /// Build an op for `change`, stamped now by this actor and device.
    ///
    /// # Errors
    /// A change with neither old nor new value, or no name to record it
    /// under.
    pub fn new_op(&self, change: Change, reason: Option<String>) -> Result<Op> {
        let target = change
            .target()
            .ok_or(StoreError::Invalid(Invalid::EmptyChange))?;
        let base = self.base_of(&target)?;
        Ok(Op {
            id: crate::domain::new_id(),
            at: self.next_timestamp(),
            actor: self.require_actor()?,
            device: self.device,
            target,
            change,
            reason,
            undoes: None,
            merge: false,
            seq: self.next_seq(),
            base,
        })
    }

    /// The next number of this laptop's own ops (kept durably by the write
    /// path as ops are applied).
    pub(crate) fn next_seq(&self) -> u64 {
        self.seq.fetch_add(1, Ordering::Relaxed) + 1
    }

    /// The latest op this laptop holds on the record `target` names, where
    /// it keeps the list (findings).
    ///
    /// # Errors
    /// Storage failure.
    pub(crate) fn base_of(&self, target: &crate::domain::Target) -> Result<Option<Id>> {
        let Some(head) = keys::head_key(target) else {
            return Ok(None);
        };
        Ok(self
            .tree(Tree::FindingHeads)
            .get(head)
            .map_err(|e| self.err(e))?
            .and_then(|list| {
                list.len()
                    .checked_sub(16)
                    .and_then(|at| keys::id_from(&list[at..]))
            }))
    }

    /// Build, apply and durably record one change.
    ///
    /// # Errors
    /// The change breaks a rule or conflicts with the stored state.
    pub fn commit(&self, change: Change, reason: Option<String>) -> Result<Op> {
        let op = self.new_op(change, reason)?;
        self.apply(&op)?;
        Ok(op)
    }

    /// [`Store::commit`] without the fsync: the change is applied, read back
    /// by everything in this process, and durable only once [`Store::sync`]
    /// returns (the app's saver thread calls it). For a verdict a key: the
    /// key is answered at once, and "saved" is said only after the sync.
    ///
    /// # Errors
    /// The change breaks a rule or conflicts with the stored state.
    pub fn commit_unsynced(&self, change: Change, reason: Option<String>) -> Result<Op> {
        let op = self.new_op(change, reason)?;
        self.apply_unsynced(&op)?;
        Ok(op)
    }

    /// Flush sled's buffers, then fsync its data file: sled's own flush is
    /// not a full fsync on Linux.
    pub fn sync(&self) -> Result<()> {
        self.db.flush().map_err(|e| self.err(e))?;
        self.data_file.sync_all().map_err(|source| StoreError::Io {
            path: self.path.join("db"),
            source,
        })
    }

    /// The newest op this laptop has stamped or taken, when it is later
    /// than `now` by more than `margin`: this laptop's clock is behind (or
    /// a teammate's was ahead), and the ops it makes now are stamped after
    /// that newest one, not at its own time.
    #[must_use]
    pub fn clock_behind(
        &self,
        now: DateTime<Utc>,
        margin: chrono::Duration,
    ) -> Option<DateTime<Utc>> {
        let newest = *self
            .clock
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let newest = DateTime::from_timestamp_micros(newest)?;
        (newest > now + margin).then_some(newest)
    }

    pub(crate) fn bump_clock(&self, at: DateTime<Utc>) {
        let mut last = self
            .clock
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *last = (*last).max(at.timestamp_micros());
    }

    /// Size of the database on disk, in bytes.
    ///
    /// # Errors
    /// sled cannot tell.
    pub fn size_on_disk(&self) -> Result<u64> {
        self.db.size_on_disk().map_err(|e| self.err(e))
    }
}

/// A mutex's value, even if a thread panicked holding it (what it guards
/// is replaced whole, never left half-written).
fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The name of a `meta` key, for messages.
fn meta_name(key: &[u8]) -> &'static str {
    match key {
        META_ACTOR => "actor",
        META_DEVICE_NAME => "device_name",
        _ => "?",
    }
}
