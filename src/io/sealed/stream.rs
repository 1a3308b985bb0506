//! Sealing and opening the chunks: STREAM (32-bit big-endian counter and a
//! last-chunk flag in the nonce) over XChaCha20-Poly1305, the header as
//! associated data of every chunk, one chunk in memory at a time.

use std::io::{self, Read, Write};

use aead_stream::{EncryptorBE32, NewStream, StreamBE32, StreamPrimitive};
use chacha20poly1305::{KeyInit, XChaCha20Poly1305};
use secrecy::ExposeSecret;
use zeroize::Zeroizing;

use super::header::read_full;
use super::{
    CHUNK_LEN, FORMAT_VERSION, Header, KdfParams, MAX_PUBLIC_LEN, NONCE_LEN, SALT_LEN, SealError,
    Secret, TAG_LEN, derive, same,
};

/// A chunk as stored: its plaintext and the tag.
const SEALED_CHUNK: usize = CHUNK_LEN + TAG_LEN;

/// Seal `plaintext` into `out` with [`KdfParams::DEFAULT`], a random salt
/// and a random nonce. `public` is stored in clear in the header (readable
/// with [`Header::read`]) and authenticated with the rest.
///
/// # Errors
/// [`SealError::EmptyPassphrase`], [`SealError::PublicTooLong`],
/// [`SealError::TooLarge`], or I/O (`out` then holds a partial file that the
/// caller must not keep).
pub fn seal(
    passphrase: &Secret,
    public: &[u8],
    plaintext: impl Read,
    out: impl Write,
) -> Result<(), SealError> {
    seal_with(passphrase, KdfParams::DEFAULT, public, plaintext, out)
}

/// [`seal`] with chosen key-derivation parameters (tests and benchmarks use
/// cheap ones; a later version may raise the default).
///
/// # Errors
/// As [`seal`], and [`SealError::KdfOutOfBounds`].
pub fn seal_with(
    passphrase: &Secret,
    kdf: KdfParams,
    public: &[u8],
    plaintext: impl Read,
    out: impl Write,
) -> Result<(), SealError> {
    let mut salt = [0u8; SALT_LEN];
    let mut nonce = [0u8; NONCE_LEN];
    getrandom::fill(&mut salt)
        .and_then(|()| getrandom::fill(&mut nonce))
        .map_err(|e| {
            SealError::Io(io::Error::other(
                crate::i18n::Msg::SealNoRandomness.fill(&[&e]),
            ))
        })?;
    seal_fixed(passphrase, kdf, salt, nonce, public, plaintext, out)
}

/// [`seal_with`] with a given salt and nonce, for golden files only: a salt
/// or nonce used twice with one passphrase breaks the encryption.
///
/// # Errors
/// As [`seal_with`].
#[doc(hidden)]
pub fn seal_fixed(
    passphrase: &Secret,
    kdf: KdfParams,
    salt: [u8; SALT_LEN],
    nonce: [u8; NONCE_LEN],
    public: &[u8],
    mut plaintext: impl Read,
    mut out: impl Write,
) -> Result<(), SealError> {
    if passphrase.expose_secret().is_empty() {
        return Err(SealError::EmptyPassphrase);
    }
    if public.len() > MAX_PUBLIC_LEN {
        return Err(SealError::PublicTooLong {
            len: public.len(),
            max: MAX_PUBLIC_LEN,
        });
    }
    kdf.check()?;
    let keys = derive(passphrase, &kdf, &salt)?;
    let header = Header {
        version: FORMAT_VERSION,
        kdf,
        salt,
        check: keys.check,
        nonce,
        public: public.to_vec(),
    };
    let aad = header.encode();
    out.write_all(&aad)?;
    let cipher = XChaCha20Poly1305::new((&*keys.key).into());
    let encryptor = EncryptorBE32::from_aead(cipher, (&nonce).into());
    write_chunks(encryptor, &aad, &mut plaintext, &mut out)?;
    out.flush()?;
    Ok(())
}

/// Encrypt `plaintext` chunk by chunk into `out`.
fn write_chunks(
    mut encryptor: EncryptorBE32<XChaCha20Poly1305>,
    aad: &[u8],
    plaintext: &mut impl Read,
    out: &mut impl Write,
) -> Result<(), SealError> {
    let mut chunk = chunk_buffer();
    let mut next = chunk_buffer();
    fill(plaintext, &mut chunk, CHUNK_LEN)?;
    // A full chunk is the last one only if nothing follows it, so read one
    // chunk ahead.
    while chunk.len() == CHUNK_LEN {
        fill(plaintext, &mut next, CHUNK_LEN)?;
        if next.is_empty() {
            break;
        }
        encryptor
            .encrypt_next_in_place(aad, &mut *chunk)
            .map_err(|_| SealError::TooLarge)?;
        out.write_all(&chunk)?;
        std::mem::swap(&mut chunk, &mut next);
    }
    encryptor
        .encrypt_last_in_place(aad, &mut *chunk)
        .map_err(|_| SealError::TooLarge)?;
    out.write_all(&chunk)?;
    Ok(())
}

/// Open a bundle: read its header, check the passphrase, and authenticate
/// the first chunk (so a changed header is refused here).
///
/// # Errors
/// Any of [`Header::read`]'s, [`SealError::WrongPassphrase`],
/// [`SealError::Tampered`] (chunk 0), [`SealError::Truncated`], or I/O.
pub fn open<R: Read>(passphrase: &Secret, mut input: R) -> Result<Opened<R>, SealError> {
    let header = Header::read(&mut input)?;
    let keys = derive(passphrase, &header.kdf, &header.salt)?;
    if !same(&keys.check, &header.check) {
        return Err(SealError::WrongPassphrase);
    }
    let cipher = XChaCha20Poly1305::new((&*keys.key).into());
    let stream = StreamBE32::from_aead(cipher, (&header.nonce).into());
    let mut opened = Opened {
        aad: header.encode(),
        header,
        stream,
        input,
        next: 0,
        plain: chunk_buffer(),
        pos: 0,
        carry: None,
        state: State::Reading,
    };
    opened.advance()?;
    Ok(opened)
}

/// Open and authenticate the whole bundle, writing its plaintext to `out`
/// chunk by chunk. `out` receives bytes before the end is authenticated: it
/// must be private (a 0600 temporary file) and discarded on any error.
///
/// # Errors
/// As [`open`], then [`SealError::Tampered`] or [`SealError::Truncated`]
/// for a later chunk, or I/O.
pub fn open_into(
    passphrase: &Secret,
    input: impl Read,
    mut out: impl Write,
) -> Result<Header, SealError> {
    let mut opened = open(passphrase, input)?;
    loop {
        out.write_all(&opened.plain)?;
        if opened.state == State::Done {
            break;
        }
        opened.advance()?;
    }
    out.flush()?;
    Ok(opened.header)
}

/// Authenticate the whole bundle without keeping its plaintext.
///
/// # Errors
/// As [`open_into`].
pub fn verify(passphrase: &Secret, input: impl Read) -> Result<Header, SealError> {
    open_into(passphrase, input, io::sink())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Reading,
    Done,
    Failed,
}

/// An open bundle: a `Read` of its plaintext that hands out a chunk only
/// once it has authenticated, and returns `Ok(0)` only after the final
/// chunk has. Read errors carry a [`SealError`] ([`SealError::from_io`]).
pub struct Opened<R> {
    header: Header,
    aad: Vec<u8>,
    stream: StreamBE32<XChaCha20Poly1305>,
    input: R,
    /// The index of the next chunk to read.
    next: u64,
    /// The current chunk: ciphertext while reading, then its plaintext.
    plain: Zeroizing<Vec<u8>>,
    pos: usize,
    /// The byte read past a full chunk to learn that it was not the last.
    carry: Option<u8>,
    state: State,
}

impl<R> std::fmt::Debug for Opened<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Opened")
            .field("header", &self.header)
            .field("next_chunk", &self.next)
            .field("state", &self.state)
            .finish_non_exhaustive()
    }
}

impl<R: Read> Opened<R> {
    /// The bundle's header, authenticated by the first chunk.
    #[must_use]
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// Read and authenticate the next chunk into `plain`.
    fn advance(&mut self) -> Result<(), SealError> {
        let result = self.next_chunk();
        self.pos = 0;
        if result.is_err() {
            self.state = State::Failed;
            self.plain.clear();
        }
        result
    }

    fn next_chunk(&mut self) -> Result<(), SealError> {
        let index = self.next;
        self.next += 1;
        let position = u32::try_from(index).map_err(|_| self.tampered(index))?;
        let last = self.read_piece()?;
        if !last {
            return self
                .stream
                .decrypt_in_place(position, false, &self.aad, &mut *self.plain)
                .map_err(|_| self.tampered(index));
        }
        if self.plain.len() < TAG_LEN {
            return Err(SealError::Truncated { chunks: index });
        }
        // A full final piece may be a middle chunk whose successors were cut off.
        let full = (self.plain.len() == SEALED_CHUNK).then(|| self.plain.clone());
        if self
            .stream
            .decrypt_in_place(position, true, &self.aad, &mut *self.plain)
            .is_ok()
        {
            self.state = State::Done;
            return Ok(());
        }
        if let Some(mut middle) = full
            && self
                .stream
                .decrypt_in_place(position, false, &self.aad, &mut *middle)
                .is_ok()
        {
            return Err(SealError::Truncated { chunks: index + 1 });
        }
        Err(self.tampered(index))
    }

    /// Read the next sealed chunk into `plain`; whether it is the last piece
    /// of the input.
    fn read_piece(&mut self) -> Result<bool, SealError> {
        self.plain.clear();
        self.plain.extend(self.carry.take());
        let have = self.plain.len();
        fill_after(&mut self.input, &mut self.plain, have, SEALED_CHUNK + 1)?;
        if self.plain.len() > SEALED_CHUNK {
            self.carry = self.plain.pop();
            return Ok(false);
        }
        Ok(true)
    }

    fn tampered(&self, index: u64) -> SealError {
        let chunk_len = u64::try_from(SEALED_CHUNK).unwrap_or(u64::MAX);
        let header_len = u64::try_from(self.aad.len()).unwrap_or(u64::MAX);
        SealError::Tampered {
            chunk: index,
            offset: header_len.saturating_add(index.saturating_mul(chunk_len)),
        }
    }
}

impl<R: Read> Read for Opened<R> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        loop {
            if out.is_empty() {
                return Ok(0);
            }
            if self.pos < self.plain.len() {
                let n = out.len().min(self.plain.len() - self.pos);
                out[..n].copy_from_slice(&self.plain[self.pos..self.pos + n]);
                self.pos += n;
                return Ok(n);
            }
            match self.state {
                State::Done => return Ok(0),
                State::Failed => {
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        crate::i18n::Msg::SealFailed.text(),
                    ));
                }
                State::Reading => self.advance().map_err(SealError::into_io)?,
            }
        }
    }
}

/// A buffer that holds one sealed chunk and the byte after it without
/// growing, so no copy of plaintext is left behind unwiped.
fn chunk_buffer() -> Zeroizing<Vec<u8>> {
    Zeroizing::new(Vec::with_capacity(SEALED_CHUNK + 1))
}

/// Replace `buf` with up to `len` bytes of `input`.
fn fill(input: &mut impl Read, buf: &mut Vec<u8>, len: usize) -> io::Result<()> {
    fill_after(input, buf, 0, len)
}

/// Keep `buf[..keep]` and read after it until `buf` holds `len` bytes or
/// the input ends.
fn fill_after(input: &mut impl Read, buf: &mut Vec<u8>, keep: usize, len: usize) -> io::Result<()> {
    buf.resize(len, 0);
    let got = read_full(input, &mut buf[keep..])?;
    buf.truncate(keep + got);
    Ok(())
}
