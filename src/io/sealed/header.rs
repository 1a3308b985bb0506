//! The public header of a sealed bundle: writing it, and reading it back
//! with every field bounded before anything is allocated or derived.

use std::io::{self, Read};

use super::{CHECK_LEN, FORMAT_VERSION, MAGIC, MAX_PUBLIC_LEN, NONCE_LEN, SALT_LEN, SealError};

/// Key-derivation id of Argon2id, version 1.3.
const KDF_ARGON2ID: u8 = 1;

/// Header bytes before the public metadata.
pub(super) const FIXED_LEN: usize = MAGIC.len() + 2 + 12 + SALT_LEN + CHECK_LEN + NONCE_LEN + 2;

/// Argon2id cost parameters, stored in the header so that a later version
/// can raise them and still open older bundles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KdfParams {
    /// Memory in KiB.
    pub memory_kib: u32,
    /// Passes over the memory.
    pub iterations: u32,
    /// Lanes (computed one after another here; kept from RFC 9106's choice).
    pub lanes: u32,
}

impl KdfParams {
    /// RFC 9106's second recommended option (64 MiB, 3 passes, 4 lanes),
    /// above each of OWASP's minimum choices: 0.13–0.22 s on the project's
    /// shared 2-core machine (`cargo bench --bench sealed -- --quick`).
    pub const DEFAULT: KdfParams = KdfParams {
        memory_kib: 64 * 1024,
        iterations: 3,
        lanes: 4,
    };
    /// The most memory a header may ask for: 256 MiB, four times the default.
    pub const MAX_MEMORY_KIB: u32 = 256 * 1024;
    /// The most passes a header may ask for.
    pub const MAX_ITERATIONS: u32 = 8;
    /// The most lanes a header may ask for.
    pub const MAX_LANES: u32 = 8;
    /// The most memory × passes (KiB), which bounds the time: four times the default's.
    pub const MAX_WORK: u64 = 4 * 64 * 1024 * 3;

    /// Refuse parameters that Argon2 rejects or that would cost more memory
    /// or time than [`Self::MAX_MEMORY_KIB`] and [`Self::MAX_WORK`] allow.
    ///
    /// # Errors
    /// [`SealError::KdfOutOfBounds`] naming the first field out of bounds.
    pub fn check(&self) -> Result<(), SealError> {
        let bound = |what, value: u64, min: u64, max: u64| {
            if (min..=max).contains(&value) {
                Ok(())
            } else {
                Err(SealError::KdfOutOfBounds {
                    what,
                    value,
                    min,
                    max,
                })
            }
        };
        bound("lanes", self.lanes.into(), 1, Self::MAX_LANES.into())?;
        // Argon2 needs 8 blocks of 1 KiB per lane.
        let min_memory = 8 * u64::from(self.lanes);
        bound(
            "memory (KiB)",
            self.memory_kib.into(),
            min_memory,
            Self::MAX_MEMORY_KIB.into(),
        )?;
        bound(
            "iterations",
            self.iterations.into(),
            1,
            Self::MAX_ITERATIONS.into(),
        )?;
        bound(
            "memory × iterations (KiB)",
            u64::from(self.memory_kib) * u64::from(self.iterations),
            min_memory,
            Self::MAX_WORK,
        )
    }

    pub(super) fn to_argon(self) -> Result<argon2::Params, SealError> {
        self.check()?;
        argon2::Params::new(self.memory_kib, self.iterations, self.lanes, None).map_err(|e| {
            SealError::Io(io::Error::other(
                crate::i18n::Msg::SealKdfParams.fill(&[&e]),
            ))
        })
    }
}

/// The public part of a bundle, readable without the passphrase. Its bytes
/// are authenticated by every chunk, but only once the bundle is opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub(super) version: u8,
    pub(super) kdf: KdfParams,
    pub(super) salt: [u8; SALT_LEN],
    pub(super) check: [u8; CHECK_LEN],
    pub(super) nonce: [u8; NONCE_LEN],
    pub(super) public: Vec<u8>,
}

impl Header {
    /// Read and bound the header at the start of `input`, leaving `input`
    /// at the first chunk.
    ///
    /// # Errors
    /// [`SealError::NotABundle`], [`SealError::UnsupportedVersion`],
    /// [`SealError::UnsupportedKdf`], [`SealError::KdfOutOfBounds`],
    /// [`SealError::PublicTooLong`], [`SealError::TruncatedHeader`], or I/O.
    pub fn read(mut input: impl Read) -> Result<Header, SealError> {
        let mut magic = [0u8; MAGIC.len()];
        let got = read_full(&mut input, &mut magic)?;
        if magic[..got] != MAGIC[..got] || got == 0 {
            return Err(SealError::NotABundle);
        }
        if got < MAGIC.len() {
            return Err(SealError::TruncatedHeader);
        }
        let version = byte(&mut input)?;
        if version != FORMAT_VERSION {
            return Err(SealError::UnsupportedVersion {
                found: version,
                supported: FORMAT_VERSION,
            });
        }
        let kdf_id = byte(&mut input)?;
        if kdf_id != KDF_ARGON2ID {
            return Err(SealError::UnsupportedKdf(kdf_id));
        }
        let kdf = KdfParams {
            memory_kib: u32::from_be_bytes(array(&mut input)?),
            iterations: u32::from_be_bytes(array(&mut input)?),
            lanes: u32::from_be_bytes(array(&mut input)?),
        };
        kdf.check()?;
        let salt = array(&mut input)?;
        let check = array(&mut input)?;
        let nonce = array(&mut input)?;
        let len = usize::from(u16::from_be_bytes(array(&mut input)?));
        if len > MAX_PUBLIC_LEN {
            return Err(SealError::PublicTooLong {
                len,
                max: MAX_PUBLIC_LEN,
            });
        }
        let mut public = vec![0u8; len];
        if read_full(&mut input, &mut public)? < len {
            return Err(SealError::TruncatedHeader);
        }
        Ok(Header {
            version,
            kdf,
            salt,
            check,
            nonce,
            public,
        })
    }

    /// The format version.
    #[must_use]
    pub fn version(&self) -> u8 {
        self.version
    }

    /// The key-derivation parameters.
    #[must_use]
    pub fn kdf(&self) -> KdfParams {
        self.kdf
    }

    /// The caller's public metadata, as given to `seal`.
    #[must_use]
    pub fn public(&self) -> &[u8] {
        &self.public
    }

    /// The header's bytes, as written and as authenticated.
    pub(super) fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(FIXED_LEN + self.public.len());
        out.extend_from_slice(&MAGIC);
        out.push(self.version);
        out.push(KDF_ARGON2ID);
        for n in [self.kdf.memory_kib, self.kdf.iterations, self.kdf.lanes] {
            out.extend_from_slice(&n.to_be_bytes());
        }
        out.extend_from_slice(&self.salt);
        out.extend_from_slice(&self.check);
        out.extend_from_slice(&self.nonce);
        // `seal` refuses longer metadata, so the length fits.
        let len = u16::try_from(self.public.len()).unwrap_or(u16::MAX);
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(&self.public);
        out
    }
}

/// Fill `buf` as far as the input goes; how many bytes were read.
pub(super) fn read_full(input: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        match input.read(&mut buf[got..]) {
            Ok(0) => break,
            Ok(n) => got += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(got)
}

fn array<const N: usize>(input: &mut impl Read) -> Result<[u8; N], SealError> {
    let mut buf = [0u8; N];
    if read_full(input, &mut buf)? < N {
        return Err(SealError::TruncatedHeader);
    }
    Ok(buf)
}

fn byte(input: &mut impl Read) -> Result<u8, SealError> {
    array::<1>(input).map(|[b]| b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header() -> Header {
        Header {
            version: FORMAT_VERSION,
            kdf: KdfParams::DEFAULT,
            salt: [1; SALT_LEN],
            check: [2; CHECK_LEN],
            nonce: [3; NONCE_LEN],
            public: b"device 7".to_vec(),
        }
    }

    #[test]
    fn a_header_reads_back_as_written_and_leaves_the_input_at_the_chunks() {
        let mut bytes = header().encode();
        assert_eq!(
            bytes.len(),
            75 + 8,
            "the v1 layout: 75 fixed bytes, then the metadata"
        );
        bytes.extend_from_slice(b"chunks");
        let mut input = &bytes[..];
        assert_eq!(Header::read(&mut input).expect("reads"), header());
        assert_eq!(input, b"chunks");
    }

    #[test]
    fn every_cut_of_a_header_is_truncated_or_not_a_bundle() {
        let bytes = header().encode();
        assert!(matches!(Header::read(&[][..]), Err(SealError::NotABundle)));
        for cut in 1..bytes.len() {
            let got = Header::read(&bytes[..cut]);
            assert!(
                matches!(got, Err(SealError::TruncatedHeader)),
                "cut at {cut}: {got:?}"
            );
        }
        assert!(matches!(
            Header::read(&b"\x89HKX"[..]),
            Err(SealError::NotABundle)
        ));
    }

    #[test]
    fn kdf_bounds_name_the_field() {
        let at = |memory_kib, iterations, lanes| match (KdfParams {
            memory_kib,
            iterations,
            lanes,
        })
        .check()
        {
            Ok(()) => "ok",
            Err(SealError::KdfOutOfBounds { what, .. }) => what,
            Err(_) => "other",
        };
        assert_eq!(at(64 * 1024, 3, 4), "ok");
        assert_eq!(at(8, 1, 1), "ok");
        assert_eq!(at(256 * 1024, 3, 8), "ok");
        assert_eq!(at(256 * 1024 + 1, 1, 1), "memory (KiB)");
        assert_eq!(at(u32::MAX, 1, 1), "memory (KiB)");
        assert_eq!(at(31, 1, 4), "memory (KiB)");
        assert_eq!(at(64, 0, 1), "iterations");
        assert_eq!(at(64, 9, 1), "iterations");
        assert_eq!(at(64, 1, 0), "lanes");
        assert_eq!(at(64 * 1024, 1, 9), "lanes");
        assert_eq!(at(256 * 1024, 4, 1), "memory × iterations (KiB)");
    }
}
