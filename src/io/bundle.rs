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
pub fn write(store: &Store, out: &Path, passphrase: &SecretString) -> anyhow::Result<Written> {
    write_with(store, out, passphrase, KdfParams::DEFAULT)
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
) -> anyhow::Result<Written> {
    let export = export::collect(store)?;
    let ops = export.ops.len();
    let plain = zeroize::Zeroizing::new(serde_json::to_vec(&export)?);
    drop(export);
    let mut sealed_bytes = Vec::with_capacity(plain.len() + plain.len() / 64 + 256);
    sealed::seal_with(passphrase, kdf, PUBLIC, plain.as_slice(), &mut sealed_bytes)?;
    crate::files::write(out, &sealed_bytes)
        .map_err(|e| anyhow::anyhow!("{}: {e}", out.display()))?;
    Ok(Written {
        ops,
        bytes: sealed_bytes.len() as u64,
    })
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
    )
}
