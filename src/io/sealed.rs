//! The sealed container that carries a bundle between laptops: a passphrase
//! encrypts and authenticates any stream of bytes, chunk by chunk, behind a
//! small public header. It knows nothing of ops: bytes in, bytes out.
//!
//! # API
//! - [`seal`] (default key derivation) / [`seal_with`] (chosen parameters):
//!   plaintext `Read` → sealed `Write`.
//! - [`Header::read`]: the public part, without the passphrase (magic,
//!   version, key-derivation parameters, the caller's [`Header::public`]
//!   bytes). Nothing there is authenticated until the bundle is opened.
//! - [`open`]: checks the passphrase, authenticates the first chunk, and
//!   returns [`Opened`], a `Read` of the plaintext that authenticates each
//!   chunk before handing out a byte of it and reports the end only after
//!   the final chunk has authenticated.
//! - [`open_into`] and [`verify`]: authenticate the whole bundle, writing the
//!   plaintext to a writer (a private temporary file) or nowhere.
//! - [`passphrase::obtain`]: the team's passphrase from a file, from
//!   `HAUKIEM_PASSPHRASE`, or asked on the terminal without echo.
//!
//! All or nothing: a caller that parses the plaintext as it streams must not
//! write anything to the database before [`Opened`] has returned `Ok(0)`
//! (the end) — a later chunk may still fail. Either parse everything first
//! and commit in one transaction after the end, or [`verify`] first.
//!
//! # Format, version 1 (integers big-endian)
//! | bytes | field |
//! |---|---|
//! | 8 | magic `89 48 4B 42 0D 0A 1A 0A` (`\x89HKB\r\n\x1a\n`: PNG's trick — a high byte and both line ends, so 7-bit or line-end mangling in transit is seen as "not a bundle") |
//! | 1 | format version = 1 |
//! | 1 | key derivation = 1: Argon2id, v1.3 |
//! | 4 + 4 + 4 | Argon2 memory (KiB), iterations, lanes |
//! | 16 | salt |
//! | 16 | passphrase check: bytes 32..48 of the Argon2id output |
//! | 19 | STREAM nonce prefix |
//! | 2 + n | caller's public metadata, n ≤ [`MAX_PUBLIC_LEN`] |
//! | … | chunks: XChaCha20-Poly1305 in STREAM (BE32: 32-bit counter and last-chunk flag in the nonce), [`CHUNK_LEN`] plaintext bytes + 16-byte tag each; the last chunk has 0..=`CHUNK_LEN` bytes and the last flag |
//!
//! The whole header is the associated data of every chunk, so a changed
//! header byte fails authentication. Argon2id's first 32 output bytes are
//! the stream key; the next 16 are stored as a passphrase check (as `WinZip`'s
//! AE-2 stores a password verifier): it tells a wrong passphrase from a
//! damaged file and costs an attacker nothing, since testing a guess against
//! the first chunk costs the same Argon2id run. The passphrase is put in
//! Unicode NFC first: Vietnamese input methods send composed or decomposed
//! letters, and the same passphrase must open on every laptop.
//!
//! # Why these crates and not `age`
//! `age` is a well-reviewed format with the same STREAM design (64 KiB
//! ChaCha20-Poly1305 chunks), but its passphrase mode is scrypt, its header
//! has no field for public metadata bound to the payload (we need the sender
//! device and version vector readable without the passphrase, yet
//! tamper-evident), and it brings a larger dependency tree. Here each piece is
//! a maintained `RustCrypto` crate — `argon2`, `chacha20poly1305`,
//! `aead-stream` — composed in the standard way: key from Argon2id, STREAM
//! from `aead-stream`, header as associated data. Nothing cryptographic is
//! written here.

mod header;
pub mod passphrase;
mod stream;

use std::io;

use crate::i18n::Msg;
use secrecy::ExposeSecret;
use unicode_normalization::UnicodeNormalization;
use zeroize::Zeroizing;

pub use header::{Header, KdfParams};
pub use stream::{Opened, open, open_into, seal, seal_fixed, seal_with, verify};

/// A passphrase held in memory that is wiped on drop.
pub type Secret = secrecy::SecretString;

/// The bytes every bundle starts with.
pub const MAGIC: [u8; 8] = *b"\x89HKB\r\n\x1a\n";
/// The format this code writes and reads.
pub const FORMAT_VERSION: u8 = 1;
/// Plaintext bytes per chunk (the last chunk may be shorter).
pub const CHUNK_LEN: usize = 64 * 1024;
/// Longest caller-supplied public metadata.
pub const MAX_PUBLIC_LEN: usize = 16 * 1024;
/// Salt length.
pub const SALT_LEN: usize = 16;
/// STREAM nonce prefix length (`XChaCha20`'s 24 bytes less STREAM's 5).
pub const NONCE_LEN: usize = 19;
/// Passphrase check length.
pub const CHECK_LEN: usize = 16;
/// Poly1305 tag length, added to every chunk.
pub const TAG_LEN: usize = 16;

/// Why a bundle could not be sealed or opened. Each kind asks for a
/// different message: the caller maps it into the interface's language.
#[derive(Debug, thiserror::Error)]
pub enum SealError {
    /// The input does not start with [`MAGIC`] (another file, or one mangled in transit).
    #[error("{}", Msg::SealNotABundle.text())]
    NotABundle,
    /// A format this version of haukiem does not know (made by a newer one).
    #[error("{}", Msg::SealVersion.fill(&[.found, .supported]))]
    UnsupportedVersion { found: u8, supported: u8 },
    /// A key derivation this version of haukiem does not know.
    #[error("{}", Msg::SealKdf.fill(&[.0]))]
    UnsupportedKdf(u8),
    /// Key-derivation parameters outside what we accept; refused before any
    /// memory is allocated, so a hostile header cannot exhaust the laptop.
    #[error("{}", Msg::SealKdfBounds.fill(&[.what, .value, .min, .max]))]
    KdfOutOfBounds {
        what: &'static str,
        value: u64,
        min: u64,
        max: u64,
    },
    /// Public metadata longer than [`MAX_PUBLIC_LEN`].
    #[error("{}", Msg::SealPublicTooLong.fill(&[.len, .max]))]
    PublicTooLong { len: usize, max: usize },
    /// Sealing with an empty passphrase.
    #[error("{}", Msg::SealEmptyPassphrase.text())]
    EmptyPassphrase,
    /// The passphrase check failed: a wrong passphrase, a bundle made by
    /// another team, or a damaged salt or key-derivation field.
    #[error("{}", Msg::SealWrongPassphrase.text())]
    WrongPassphrase,
    /// A chunk failed authentication: the file was changed, corrupted, its
    /// chunks reordered, or it was cut inside this chunk. Chunk 0 also covers
    /// a changed public header.
    #[error("{}", Msg::SealTampered.fill(&[.chunk, .offset]))]
    Tampered { chunk: u64, offset: u64 },
    /// The file ends inside its header.
    #[error("{}", Msg::SealTruncatedHeader.text())]
    TruncatedHeader,
    /// The file ends after `chunks` whole chunks, none of them the final one.
    #[error("{}", Msg::SealTruncated.fill(&[.chunks]))]
    Truncated { chunks: u64 },
    /// More chunks than the STREAM counter allows (256 TiB of plaintext).
    #[error("{}", Msg::SealTooLarge.text())]
    TooLarge,
    /// Reading, writing, randomness or the key derivation's memory failed.
    #[error("{0}")]
    Io(#[from] io::Error),
}

impl SealError {
    /// The [`SealError`] inside an `io::Error` returned by [`Opened`]'s `Read`,
    /// or the `io::Error` itself as [`SealError::Io`].
    #[must_use]
    pub fn from_io(e: io::Error) -> SealError {
        e.downcast::<SealError>().unwrap_or_else(SealError::Io)
    }

    pub(crate) fn into_io(self) -> io::Error {
        match self {
            SealError::Io(e) => e,
            other => io::Error::new(io::ErrorKind::InvalidData, other),
        }
    }
}

/// The stream key (wiped on drop) and the passphrase check.
pub(crate) struct Keys {
    pub key: Zeroizing<[u8; 32]>,
    pub check: [u8; CHECK_LEN],
}

/// Argon2id over the NFC form of the passphrase. `kdf` must have passed
/// [`KdfParams::check`], which bounds the memory this allocates.
pub(crate) fn derive(
    passphrase: &Secret,
    kdf: &KdfParams,
    salt: &[u8; SALT_LEN],
) -> Result<Keys, SealError> {
    let text = passphrase.expose_secret();
    // NFC can grow a string up to 3×; reserving that avoids reallocations
    // that would leave unwiped copies behind.
    let mut nfc = Zeroizing::new(String::with_capacity(text.len() * 3));
    nfc.extend(text.nfc());
    let argon = argon2::Argon2::new(
        argon2::Algorithm::Argon2id,
        argon2::Version::V0x13,
        kdf.to_argon()?,
    );
    let mut out = Zeroizing::new([0u8; 32 + CHECK_LEN]);
    argon
        .hash_password_into(nfc.as_bytes(), salt, out.as_mut())
        .map_err(|e| SealError::Io(io::Error::other(Msg::SealKdfFailed.fill(&[&e]))))?;
    let mut key = Zeroizing::new([0u8; 32]);
    key.copy_from_slice(&out[..32]);
    let mut check = [0u8; CHECK_LEN];
    check.copy_from_slice(&out[32..]);
    Ok(Keys { key, check })
}

/// Equality that takes the same time wherever the first difference is.
pub(crate) fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
