//! Schema versions and forward-only migrations, run when the database opens.
//!
//! A migration reads every record of the entity trees and the op log with
//! the older schema's frozen types (`v1`), converts it and writes it back in
//! the current envelope; keys, indexes and counters do not change. Each
//! record says its schema in its envelope, so a migration interrupted by a
//! crash resumes where it stopped on the next open: `meta.migrating` holds
//! the version being migrated from until every record is rewritten and
//! durable. The schema version is raised before the first record is
//! rewritten, so an older haukiem refuses the database from then on
//! instead of misreading it.
//!
//! Records are rewritten in batches, each atomic on its tree, rather than
//! in one transaction over everything: a sled transaction holds all it
//! writes in memory, and a province's database is gigabytes.

pub mod v1;
pub mod v2;
pub mod v3;

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::codec::{self, SCHEMA};
use super::error::Invalid;
use super::keys::Tree;
use super::{META_GENERATION, META_SCHEMA, Result, Store, StoreError};
use crate::domain::{Answer, Finding, Op, Report, Template, Unit, Visit};

/// A migration from version `n` to `n + 1` is `MIGRATIONS[n - 1]`.
type Migration = fn(&Store) -> Result<()>;
const MIGRATIONS: &[Migration] = &[v1_to_v2, v2_to_v3, v3_to_v4];

/// The version a migration under way started from.
const META_MIGRATING: &[u8] = b"migrating";

/// Records rewritten per atomic batch.
const BATCH: usize = 4096;

/// The schema version stored in `meta` (0 for a database never opened).
///
/// # Errors
/// Storage failure or a malformed value.
pub fn stored_version(store: &Store) -> Result<u16> {
    meta_version(store, META_SCHEMA, "schema").map(Option::unwrap_or_default)
}

fn meta_version(store: &Store, key: &[u8], name: &'static str) -> Result<Option<u16>> {
    match store.tree(Tree::Meta).get(key).map_err(|e| store.err(e))? {
        None => Ok(None),
        Some(v) => v
            .as_ref()
            .try_into()
            .map(|b| Some(u16::from_be_bytes(b)))
            .map_err(|_| StoreError::Invalid(Invalid::MalformedMeta(name))),
    }
}

fn set_meta(store: &Store, key: &[u8], version: u16) -> Result<()> {
    store
        .tree(Tree::Meta)
        .insert(key, &version.to_be_bytes())
        .map(|_| ())
        .map_err(|e| store.err(e))
}

/// Bring the database to the current schema.
///
/// # Errors
/// The database is newer than this build, or a migration fails.
pub fn run(store: &Store) -> Result<()> {
    let version = stored_version(store)?;
    let pending = meta_version(store, META_MIGRATING, "migrating")?;
    if version > SCHEMA {
        return Err(StoreError::NewerSchema {
            found: version,
            supported: SCHEMA,
        });
    }
    if pending.is_none() && version == SCHEMA {
        return finding_heads(store);
    }
    if pending.is_none() && version == 0 {
        if version == 0 {
            // A new database starts at the current schema.
            set_meta(store, META_SCHEMA, SCHEMA)?;
            store
                .tree(Tree::Meta)
                .insert(META_GENERATION, crate::domain::new_id().as_bytes())
                .map_err(|e| store.err(e))?;
            store.sync()?;
        }
        return Ok(());
    }
    store.drop_view()?;
    let mut from = pending.unwrap_or(version);
    while from < SCHEMA {
        let step = MIGRATIONS
            .get(usize::from(from).wrapping_sub(1))
            .ok_or(StoreError::Invalid(Invalid::NoMigration(from)))?;
        set_meta(store, META_MIGRATING, from)?;
        set_meta(store, META_SCHEMA, from + 1)?;
        store.sync()?;
        step(store)?;
        from += 1;
    }
    finding_heads(store)?;
    let meta = store.tree(Tree::Meta);
    meta.remove(META_MIGRATING).map_err(|e| store.err(e))?;
    // What a listing view of the old state proved no longer holds.
    meta.insert(META_GENERATION, crate::domain::new_id().as_bytes())
        .map_err(|e| store.err(e))?;
    store.sync()
}

/// Schema 1 → 2: units gain a successor, visits a decision number and
/// assignments, ops the op they undo.
fn v1_to_v2(store: &Store) -> Result<()> {
    rewrite(store, Tree::Units, 1, to::<v1::Unit, Unit>)?;
    rewrite(store, Tree::Visits, 1, to::<v1::Visit, Visit>)?;
    rewrite(store, Tree::Ops, 1, to::<v1::Op, v2::Op>)?;
    rewrite(store, Tree::Templates, 1, to::<v2::Template, v2::Template>)?;
    rewrite(store, Tree::Answers, 1, to::<Answer, Answer>)?;
    rewrite(store, Tree::Findings, 1, to::<v2::Finding, v2::Finding>)?;
    store.sync()
}

/// Schema 2 → 3: checklist items gain their sectors, findings their
/// origin (found during a visit), ops the report variants.
fn v2_to_v3(store: &Store) -> Result<()> {
    rewrite(store, Tree::Units, 2, to::<Unit, Unit>)?;
    rewrite(store, Tree::Visits, 2, to::<Visit, Visit>)?;
    rewrite(store, Tree::Ops, 2, to::<v2::Op, v3::Op>)?;
    rewrite(store, Tree::Templates, 2, to::<v2::Template, Template>)?;
    rewrite(store, Tree::Answers, 2, to::<Answer, Answer>)?;
    rewrite(store, Tree::Findings, 2, to::<v2::Finding, Finding>)?;
    store.sync()
}

/// Schema 3 → 4: ops gain this laptop's count of its own ops and the op
/// they were made on (unknown for those before), and the settlement of a
/// conflict (an appended variant); each finding's list of ops replaces its
/// latest op alone, and records gain their conflicts.
fn v3_to_v4(store: &Store) -> Result<()> {
    rewrite(store, Tree::Units, 3, to::<Unit, Unit>)?;
    rewrite(store, Tree::Visits, 3, to::<Visit, Visit>)?;
    rewrite(store, Tree::Ops, 3, to::<v3::Op, Op>)?;
    rewrite(store, Tree::Templates, 3, to::<Template, Template>)?;
    rewrite(store, Tree::Answers, 3, to::<Answer, Answer>)?;
    rewrite(store, Tree::Findings, 3, to::<Finding, Finding>)?;
    rewrite(store, Tree::Reports, 3, to::<Report, Report>)?;
    // Rebuilt as lists by `finding_heads` once the migration ends.
    store
        .tree(Tree::FindingHeads)
        .clear()
        .map_err(|e| store.err(e))?;
    store.sync()
}

/// Each finding's ops in the log, for a database whose log was written
/// before they were kept (once; the write path keeps them after).
fn finding_heads(store: &Store) -> Result<()> {
    let heads = store.tree(Tree::FindingHeads);
    let ops = store.tree(Tree::Ops);
    if !heads.is_empty() || ops.is_empty() {
        return Ok(());
    }
    let mut lists: std::collections::HashMap<Vec<u8>, Vec<u8>> = std::collections::HashMap::new();
    for kv in ops.iter() {
        let (k, v) = kv.map_err(|e| store.err(e))?;
        let op: Op = codec::decode(&v).map_err(|source| StoreError::Corrupt {
            tree: Tree::Ops.name(),
            source,
        })?;
        if let Some(head) = super::keys::head_key(&op.target) {
            lists.entry(head).or_default().extend_from_slice(&k);
        }
    }
    let mut batch = sled::Batch::default();
    for (head, list) in lists {
        batch.insert(head, list);
    }
    heads.apply_batch(batch).map_err(|e| store.err(e))?;
    store.sync()
}

/// A record of one schema as the next one's type.
fn to<A, B: From<A>>(a: A) -> B {
    B::from(a)
}

/// Rewrite every record of `tree` still of schema `from`, read as `Old`,
/// as `convert` makes it, in the envelope of schema `from + 1`.
fn rewrite<Old, New>(
    store: &Store,
    tree: Tree,
    from: u16,
    convert: impl Fn(Old) -> New,
) -> Result<()>
where
    Old: DeserializeOwned,
    New: Serialize,
{
    let t = store.tree(tree);
    let corrupt = |source| StoreError::Corrupt {
        tree: tree.name(),
        source,
    };
    let mut batch = sled::Batch::default();
    let mut pending = 0;
    for kv in t.iter() {
        let (k, v) = kv.map_err(|e| store.err(e))?;
        if codec::schema_of(&v).map_err(corrupt)? != from {
            continue;
        }
        let old: Old = codec::decode_as(from, &v).map_err(corrupt)?;
        let new = codec::encode_as(from + 1, &convert(old)).map_err(StoreError::Encode)?;
        batch.insert(k, new);
        pending += 1;
        if pending == BATCH {
            t.apply_batch(std::mem::take(&mut batch))
                .map_err(|e| store.err(e))?;
            pending = 0;
        }
    }
    t.apply_batch(batch).map_err(|e| store.err(e))
}
