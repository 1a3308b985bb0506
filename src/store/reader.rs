//! Reading every finding, on one thread or split over two: the findings
//! table and the listing view are built this way.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use super::keys::Tree;
use super::{Result, Store, StoreError, codec};
use crate::domain::Finding;

/// Reads every finding on another thread (the app's findings table).
#[derive(Clone)]
pub struct FindingsReader {
    tree: sled::Tree,
    path: std::path::PathBuf,
    /// The store's mark of damage, set when a record does not read.
    damaged: Arc<AtomicBool>,
}

impl FindingsReader {
    /// Call `f` with each finding, in id order.
    ///
    /// # Errors
    /// Storage failure or a corrupt record.
    pub fn for_each(&self, mut f: impl FnMut(Finding)) -> Result<()> {
        self.for_each_record(|v| {
            f(FindingsReader::decode(&v)?);
            Ok(())
        })
    }

    /// Call `f` with each finding's stored record, in id order (to decode
    /// elsewhere with [`FindingsReader::decode`]); stops at `f`'s first error.
    ///
    /// # Errors
    /// Storage failure, or what `f` returns.
    pub fn for_each_record(&self, mut f: impl FnMut(sled::IVec) -> Result<()>) -> Result<()> {
        for v in self.tree.iter().values() {
            f(v.map_err(|e| StoreError::sled(&self.path, e))?).map_err(|e| self.noted(e))?;
        }
        Ok(())
    }

    fn noted(&self, e: StoreError) -> StoreError {
        if e.is_damage() && !self.damaged.swap(true, Ordering::Relaxed) {
            super::open::mark_damaged(&self.path);
        }
        e
    }

    /// Fold every finding's stored record into one of two accumulators made
    /// by `init`, on two threads: this one reads the records and handles
    /// every other batch, the other thread the rest. Which records go to
    /// which accumulator is not specified.
    ///
    /// # Errors
    /// Storage failure, or the first error of `f`.
    pub fn split_fold<A: Send>(
        &self,
        init: impl Fn() -> A + Sync,
        f: impl Fn(&mut A, &[u8]) -> Result<()> + Sync,
    ) -> Result<(A, A)> {
        const BATCH: usize = 512;
        std::thread::scope(|s| {
            let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<sled::IVec>>(4);
            let (init, f) = (&init, &f);
            let other = s.spawn(move || -> Result<A> {
                let mut acc = init();
                for batch in rx {
                    for v in batch {
                        f(&mut acc, &v)?;
                    }
                }
                Ok(acc)
            });
            let mut mine = init();
            let mut batch = Vec::with_capacity(BATCH);
            let mut here = true;
            let read = self.for_each_record(|v| {
                batch.push(v);
                if batch.len() == BATCH {
                    let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                    let full = if here {
                        Some(full)
                    } else {
                        // Back here if the other thread has stopped (on an error).
                        tx.send(full).err().map(|e| e.0)
                    };
                    for v in full.into_iter().flatten() {
                        f(&mut mine, &v)?;
                    }
                    here = !here;
                }
                Ok(())
            });
            drop(tx);
            let theirs = other
                .join()
                .unwrap_or_else(|p| std::panic::resume_unwind(p));
            read?;
            for v in batch {
                f(&mut mine, &v)?;
            }
            Ok((mine, theirs?))
        })
        .map_err(|e| self.noted(e))
    }

    /// Decode a record [`FindingsReader::for_each_record`] gave.
    ///
    /// # Errors
    /// A corrupt record.
    pub fn decode(bytes: &[u8]) -> Result<Finding> {
        codec::decode(bytes).map_err(|source| StoreError::Corrupt {
            tree: Tree::Findings.name(),
            source,
        })
    }
}

impl Store {
    /// A reader of every finding that can move to another thread.
    #[must_use]
    pub fn findings_reader(&self) -> FindingsReader {
        FindingsReader {
            tree: self.tree(Tree::Findings).clone(),
            path: self.path().to_path_buf(),
            damaged: Arc::clone(&self.damaged),
        }
    }
}
