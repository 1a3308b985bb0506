//! Schema versions and forward-only migrations, run when the database opens.

use super::codec::SCHEMA;
use super::error::Invalid;
use super::keys::Tree;
use super::{META_GENERATION, META_SCHEMA, Result, Store, StoreError};

/// A migration from version `n` to `n + 1` is `MIGRATIONS[n - 1]`.
type Migration = fn(&Store) -> Result<()>;
const MIGRATIONS: &[Migration] = &[];

/// The schema version stored in `meta` (0 for a database never opened).
///
/// # Errors
/// Storage failure or a malformed value.
pub fn stored_version(store: &Store) -> Result<u16> {
    match store
        .tree(Tree::Meta)
        .get(META_SCHEMA)
        .map_err(|e| store.err(e))?
    {
        None => Ok(0),
        Some(v) => v
            .as_ref()
            .try_into()
            .map(u16::from_be_bytes)
            .map_err(|_| StoreError::Invalid(Invalid::MalformedMeta("schema"))),
    }
}

/// Bring the database to the current schema.
///
/// # Errors
/// The database is newer than this build, or a migration fails.
pub fn run(store: &Store) -> Result<()> {
    let mut version = stored_version(store)?;
    if version > SCHEMA {
        return Err(StoreError::NewerSchema {
            found: version,
            supported: SCHEMA,
        });
    }
    if version == SCHEMA {
        return Ok(());
    }
    if version == 0 {
        // A new database starts at the current schema.
        version = SCHEMA;
    }
    store.drop_view()?;
    while version < SCHEMA {
        let step = MIGRATIONS
            .get(usize::from(version) - 1)
            .ok_or(StoreError::Invalid(Invalid::NoMigration(version)))?;
        step(store)?;
        version += 1;
    }
    let meta = store.tree(Tree::Meta);
    meta.insert(META_SCHEMA, &version.to_be_bytes())
        .map_err(|e| store.err(e))?;
    // What a listing view of the old state proved no longer holds.
    meta.insert(META_GENERATION, crate::domain::new_id().as_bytes())
        .map_err(|e| store.err(e))?;
    store.sync()
}
