//! The findings table while it loads on a background thread, and once it has.

use std::thread::JoinHandle;

use super::FindingTable;
use crate::domain::Id;
use crate::store::{FindingsReader, Result};

/// The table, while it loads and once it has.
#[derive(Debug, Default)]
pub struct TableSlot {
    loading: Option<JoinHandle<Result<FindingTable>>>,
    table: Option<FindingTable>,
    /// Findings changed while the table was loading, to read again once it has.
    pub pending: Vec<Id>,
}

impl TableSlot {
    /// Start reading the table on a background thread.
    #[must_use]
    pub fn spawn(reader: FindingsReader) -> TableSlot {
        TableSlot {
            loading: Some(std::thread::spawn(move || FindingTable::load(&reader))),
            table: None,
            pending: Vec::new(),
        }
    }

    /// The table, waiting for the background read if it has not finished
    /// (or reading it here if it never started or failed before).
    ///
    /// # Errors
    /// What the read met, or a panic in the background thread.
    pub fn get(
        &mut self,
        reader: impl FnOnce() -> FindingsReader,
    ) -> anyhow::Result<&mut FindingTable> {
        if self.table.is_none() {
            let table = match self.loading.take() {
                Some(handle) => handle
                    .join()
                    .map_err(|_| anyhow::anyhow!("reading the findings stopped unexpectedly"))??,
                None => FindingTable::load(&reader())?,
            };
            self.table = Some(table);
        }
        Ok(self.table.get_or_insert_default())
    }

    /// The table if it is ready, to change it.
    pub fn ready_mut(&mut self) -> Option<&mut FindingTable> {
        self.table.as_mut()
    }

    /// The table if it is ready (drawing never waits).
    #[must_use]
    pub fn ready(&self) -> Option<&FindingTable> {
        self.table.as_ref()
    }
}
