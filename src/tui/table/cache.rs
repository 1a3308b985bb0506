//! The findings table as the app holds it: read on a background job after
//! the first frame, then kept in step with the app's own writes (changes made
//! while it loads are replayed once it is there).

use super::FindingTable;
use crate::domain::Id;
use crate::store::{FindingsReader, Store, StoreError};
use crate::tui::job::Job;

/// The app's findings table, loading or loaded.
#[derive(Debug, Default)]
pub struct TableCache {
    job: Job<FindingTable, StoreError>,
    /// Findings changed while the table was loading, to read again once it has.
    pending: Vec<Id>,
}

impl TableCache {
    /// Start reading the table in the background.
    #[must_use]
    pub fn spawn(reader: FindingsReader) -> TableCache {
        TableCache {
            job: Job::spawn(move || FindingTable::load(&reader)),
            pending: Vec::new(),
        }
    }

    /// A read that starts only once `gate` is sent to (or dropped): what
    /// the app sees of a table still loading, for as long as a test likes.
    #[cfg(test)]
    pub(crate) fn held(reader: FindingsReader, gate: std::sync::mpsc::Receiver<()>) -> TableCache {
        TableCache {
            job: Job::spawn(move || {
                let _ = gate.recv();
                FindingTable::load(&reader)
            }),
            pending: Vec::new(),
        }
    }

    /// The table if it is there (drawing never waits).
    #[must_use]
    pub fn ready(&self) -> Option<&FindingTable> {
        self.job.get()
    }

    /// Whether the background read has ended (so [`TableCache::load`]
    /// would not block on it), or none runs.
    #[must_use]
    pub fn arrived(&self) -> bool {
        self.job.finished()
    }

    /// Wait for the background read.
    ///
    /// # Errors
    /// What the read met, a panic in it, or no read started.
    pub fn wait(&mut self) -> anyhow::Result<&mut FindingTable> {
        Ok(self.job.wait()?)
    }

    /// The table up to date: waiting for the background read (or reading it
    /// here if none runs, e.g. after one failed), then reading again the
    /// findings changed meanwhile.
    ///
    /// # Errors
    /// Storage failure, or the background read failed.
    pub fn load(&mut self, store: &Store) -> anyhow::Result<&FindingTable> {
        if self.job.is_idle() {
            self.job = Job::done(FindingTable::load(&store.findings_reader())?);
        }
        self.job.wait()?;
        for id in std::mem::take(&mut self.pending) {
            self.changed(id, store)?;
        }
        Ok(self.job.wait()?)
    }

    /// Keep the table in step after the app changed finding `id`.
    ///
    /// # Errors
    /// Storage failure.
    pub fn changed(&mut self, id: Id, store: &Store) -> anyhow::Result<()> {
        let Some(table) = self.job.get_mut() else {
            // Still loading: the background read may have passed it already.
            self.pending.push(id);
            return Ok(());
        };
        match store.finding(id)? {
            Some(f) => table.upsert(&f),
            None => table.remove(id),
        }
        Ok(())
    }
}
