//! The saver thread: the fsync of a change made with
//! [`Store::commit_unsynced`] (a verdict a key), off the UI thread, so a disk
//! that stalls for tens of milliseconds never holds a key back. The app
//! draws the change at once, says "saving", and says "saved" only when the
//! sync that covers it has returned; quitting waits for it.

use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::thread::JoinHandle;

use crate::store::Store;

/// Where the saver has got to.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Saved {
    /// Every request up to this ticket is on disk.
    pub durable: u64,
    /// The sync failed: what the disk said (nothing after it is durable).
    pub failed: Option<String>,
}

type Shared = Arc<(Mutex<Saved>, Condvar)>;

/// A thread that syncs the store when asked.
#[derive(Debug)]
pub struct Saver {
    tx: Option<Sender<u64>>,
    shared: Shared,
    next: u64,
    thread: Option<JoinHandle<()>>,
}

impl Saver {
    /// Start the thread for `store`.
    #[must_use]
    pub fn spawn(store: Arc<Store>) -> Saver {
        let (tx, rx) = channel();
        let shared: Shared = Arc::default();
        let theirs = Arc::clone(&shared);
        let thread = std::thread::spawn(move || run(&store, &rx, &theirs));
        Saver {
            tx: Some(tx),
            shared,
            next: 0,
            thread: Some(thread),
        }
    }

    /// Ask for a sync covering every change made so far; its ticket.
    pub fn request(&mut self) -> u64 {
        self.next += 1;
        let sent = self
            .tx
            .as_ref()
            .is_some_and(|tx| tx.send(self.next).is_ok());
        if !sent {
            let (lock, _) = &*self.shared;
            let mut s = lock.lock().unwrap_or_else(PoisonError::into_inner);
            s.failed
                .get_or_insert_with(|| crate::i18n::Msg::JobStopped.text().to_string());
        }
        self.next
    }

    /// Where it has got to (never blocks on the disk).
    #[must_use]
    pub fn state(&self) -> Saved {
        let (lock, _) = &*self.shared;
        lock.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// Wait until `ticket` is durable or the sync failed.
    pub fn wait(&self, ticket: u64) -> Saved {
        let (lock, cv) = &*self.shared;
        let mut s = lock.lock().unwrap_or_else(PoisonError::into_inner);
        while s.durable < ticket && s.failed.is_none() {
            s = cv.wait(s).unwrap_or_else(PoisonError::into_inner);
        }
        s.clone()
    }
}

/// The thread: one sync for every batch of requests waiting.
fn run(store: &Store, rx: &Receiver<u64>, shared: &Shared) {
    while let Ok(mut ticket) = rx.recv() {
        while let Ok(t) = rx.try_recv() {
            ticket = ticket.max(t);
        }
        let result = store.sync();
        let (lock, cv) = &**shared;
        let mut s = lock.lock().unwrap_or_else(PoisonError::into_inner);
        match result {
            Ok(()) => s.durable = s.durable.max(ticket),
            Err(e) => {
                s.failed.get_or_insert_with(|| e.to_string());
            }
        }
        cv.notify_all();
    }
}

/// Whatever was asked is on disk (or has failed) before the app lets go.
impl Drop for Saver {
    fn drop(&mut self) {
        drop(self.tx.take());
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::unit::{Sector, UnitKind};
    use crate::domain::{Change, Unit};

    #[test]
    fn a_change_is_durable_once_its_ticket_is() {
        let dir = tempfile::tempdir().expect("dir");
        let store = Arc::new(Store::open(dir.path()).expect("open"));
        store.set_actor("Trần Thị Mai");
        let mut saver = Saver::spawn(Arc::clone(&store));
        assert_eq!(saver.state(), Saved::default());
        let unit = Unit::new(
            crate::domain::new_id(),
            "P-ND",
            "Đảng bộ phường Nguyễn Du",
            UnitKind::GrassrootsCommittee,
            Sector::Locality,
        );
        store
            .commit_unsynced(Change::create(unit.clone()), None)
            .expect("commit");
        let ticket = saver.request();
        assert_eq!(ticket, 1);
        let saved = saver.wait(ticket);
        assert_eq!(saved.durable, 1);
        assert_eq!(saved.failed, None);
        drop(saver);
        drop(store);
        // What the saver synced is what another process reads.
        let again = Store::open(dir.path()).expect("reopen");
        assert_eq!(
            again.unit_by_code("P-ND").expect("read").map(|u| u.id),
            Some(unit.id)
        );
    }
}
