//! Bundles: what one laptop hands the team's others — by USB stick, e-mail
//! or a chat file — to combine their work. A bundle is this database's
//! export (entities and the whole op log) sealed with the team's
//! passphrase ([`super::sealed`]: Argon2id, XChaCha20-Poly1305 STREAM,
//! header bound as associated data), so nothing in it can be read, and a
//! changed byte, a wrong passphrase or another team's bundle is refused.
//!
//! Importing a bundle replays the ops this laptop lacks, as an export's
//! are; ops it already holds are skipped, so importing twice changes
//! nothing, and a bundle relays: what A gave B is in B's next bundle to C.
//! The plaintext is never written to disk: it is authenticated whole, in
//! memory, before one op is applied.

use std::io::{Read, Write};
use std::path::Path;

use secrecy::SecretString;

use super::export;
use super::sealed::{self, KdfParams, SealError};
use crate::i18n::Msg;
use crate::store::Store;

/// The public part of a bundle's header: what it is, and the schema of
/// the export inside. Nothing about the data.
const PUBLIC: &[u8] = b"haukiem-bundle";

/// What a bundle holds, once written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    /// Ops of the log it carries.
    pub ops: usize,
    /// Bytes of the sealed file.
    pub bytes: u64,
    /// Only what known teammates lacked: how many teammates that was
    /// judged against (`None`: the whole database).
    pub partial: Option<usize>,
}

/// What a bundle carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The whole database (a new laptop can start from it).
    All,
    /// The ops at least one teammate this laptop has heard from lacks —
    /// by what each said it held in the last bundle taken from it; the
    /// whole database while no teammate is known.
    Unacknowledged,
}

/// Whether the file at `path` starts as a bundle does.
///
/// # Errors
/// The file cannot be read.
pub fn is_bundle(path: &Path) -> std::io::Result<bool> {
    let mut magic = [0u8; 8];
    let mut f = std::fs::File::open(path)?;
    let mut got = 0;
    while got < magic.len() {
        match f.read(&mut magic[got..])? {
            0 => return Ok(false),
            n => got += n,
        }
    }
    Ok(magic == sealed::MAGIC)
}

/// Seal this database's export into `out`, private and replaced at once.
///
/// # Errors
/// Storage failure, the passphrase is empty, or `out` cannot be written.
pub fn write(
    store: &Store,
    out: &Path,
    passphrase: &SecretString,
    scope: Scope,
) -> anyhow::Result<Written> {
    write_with(store, out, passphrase, KdfParams::DEFAULT, scope)
}

/// [`write`] with chosen key-derivation parameters (tests use cheap ones).
///
/// # Errors
/// As [`write`].
pub fn write_with(
    store: &Store,
    out: &Path,
    passphrase: &SecretString,
    kdf: KdfParams,
    scope: Scope,
) -> anyhow::Result<Written> {
    let export = collect(store, scope)?;
    let ops = export.ops.len();
    let partial = export
        .partial
        .then(|| store.peers_known().map(|p| p.len()).unwrap_or(0));
    let plain = zeroize::Zeroizing::new(serde_json::to_vec(&export)?);
    drop(export);
    let mut sealed_bytes = Vec::with_capacity(plain.len() + plain.len() / 64 + 256);
    sealed::seal_with(passphrase, kdf, PUBLIC, plain.as_slice(), &mut sealed_bytes)?;
    crate::files::write(out, &sealed_bytes)
        .map_err(|e| anyhow::anyhow!("{}: {e}", out.display()))?;
    Ok(Written {
        ops,
        bytes: sealed_bytes.len() as u64,
        partial,
    })
}

/// The export a bundle carries: this laptop and what it holds named, and
/// with [`Scope::Unacknowledged`] and teammates known, only the ops one of
/// them lacks.
///
/// # Errors
/// Storage failure.
pub fn collect(store: &Store, scope: Scope) -> anyhow::Result<export::Export> {
    let peers = match scope {
        Scope::All => Vec::new(),
        Scope::Unacknowledged => store.peers_known()?,
    };
    let mut e = if peers.is_empty() {
        export::collect(store)?
    } else {
        let ops = store.ops()?;
        let lacks = |op: &crate::domain::Op| {
            let at = op.at.timestamp_micros();
            peers.iter().any(|(_, known)| {
                known
                    .iter()
                    .find(|(d, _)| *d == op.device)
                    .is_none_or(|(_, upto)| *upto < at)
            })
        };
        let wanted: Vec<_> = ops.iter().filter(|o| lacks(o)).cloned().collect();
        let mut e = export::collect_empty();
        e.known = export::Export::known_of(&ops);
        e.ops = wanted;
        e.partial = true;
        e
    };
    if e.known.is_empty() {
        e.known = export::Export::known_of(&e.ops);
    }
    e.sender = Some(store.device());
    Ok(e)
}

/// Authenticate the whole bundle at `path` and return its plaintext (the
/// export's JSON), held in memory and wiped when dropped.
///
/// # Errors
/// Not a bundle, a wrong passphrase or another team's bundle, a changed or
/// cut file, or the file cannot be read — named with the file.
pub fn open(
    path: &Path,
    name: &str,
    passphrase: &SecretString,
) -> Result<zeroize::Zeroizing<Vec<u8>>, super::ImportError> {
    let refuse = |e: SealError| super::ImportError::file(name, Msg::BundleRefused.fill(&[&e]));
    let file = std::fs::File::open(path).map_err(|e| refuse(SealError::Io(e)))?;
    let mut plain = zeroize::Zeroizing::new(Vec::new());
    let header = sealed::open_into(passphrase, std::io::BufReader::new(file), &mut *plain)
        .map_err(refuse)?;
    if header.public() != PUBLIC {
        return Err(super::ImportError::file(
            name,
            Msg::BundleNotOurs.text().to_string(),
        ));
    }
    Ok(plain)
}

/// Write the summary line of a bundle written.
///
/// # Errors
/// The output cannot be written.
pub fn tell(out: &mut impl Write, path: &Path, w: Written) -> std::io::Result<()> {
    writeln!(
        out,
        "{}",
        Msg::BundleWritten.fill(&[
            &path.display(),
            &w.ops,
            &crate::domain::text::format_int(i64::try_from(w.bytes).unwrap_or(i64::MAX))
        ])
    )?;
    if let Some(peers) = w.partial {
        writeln!(out, "{}", Msg::BundlePartialWritten.fill(&[&peers]))?;
    }
    Ok(())
}
