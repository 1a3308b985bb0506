//! The sealed bundle container: round trips, every kind of damage refused
//! with the right error, hostile headers refused before any work, and a
//! golden file that fixes format version 1 byte for byte.
//!
//! `HAUKIEM_BLESS=1 cargo test --test sealed` rewrites the golden file — only
//! for an intended format change, which then needs a new format version.

use std::io::Read;
use std::path::PathBuf;

use haukiem::io::sealed::{
    self, CHUNK_LEN, FORMAT_VERSION, Header, KdfParams, MAX_PUBLIC_LEN, SealError, Secret, TAG_LEN,
};
use proptest::prelude::*;

/// Cheap key derivation, so that hundreds of opens stay fast.
const FAST: KdfParams = KdfParams {
    memory_kib: 64,
    iterations: 1,
    lanes: 1,
};
const SEALED_CHUNK: usize = CHUNK_LEN + TAG_LEN;
const FIXED_HEADER: usize = 75;
const PUBLIC: &[u8] = b"device=0193a1b2;vv=0193a1b2:41,0193c3d4:7";
const PASS: &str = "mật khẩu của đoàn 3";

fn secret(s: &str) -> Secret {
    Secret::from(s)
}

fn payload(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 7 + i / 251) as u8).collect()
}

fn seal(plaintext: &[u8]) -> Vec<u8> {
    seal_as(PASS, plaintext)
}

fn seal_as(pass: &str, plaintext: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    sealed::seal_with(&secret(pass), FAST, PUBLIC, plaintext, &mut out).expect("seals");
    out
}

fn open(bytes: &[u8]) -> Result<Vec<u8>, SealError> {
    open_as(PASS, bytes)
}

fn open_as(pass: &str, bytes: &[u8]) -> Result<Vec<u8>, SealError> {
    let mut plain = Vec::new();
    sealed::open_into(&secret(pass), bytes, &mut plain)?;
    Ok(plain)
}

/// Through the `Read` of `open`, errors recovered with `SealError::from_io`.
fn read_all(bytes: &[u8]) -> Result<Vec<u8>, SealError> {
    let mut opened = sealed::open(&secret(PASS), bytes)?;
    let mut plain = Vec::new();
    opened.read_to_end(&mut plain).map_err(SealError::from_io)?;
    Ok(plain)
}

fn header_len() -> usize {
    FIXED_HEADER + PUBLIC.len()
}

/// Start of chunk `i` in a sealed file.
fn chunk_at(i: usize) -> usize {
    header_len() + i * SEALED_CHUNK
}

fn is_tampered(r: &Result<Vec<u8>, SealError>, at: u64) -> bool {
    matches!(r, Err(SealError::Tampered { chunk, .. }) if *chunk == at)
}

fn is_truncated(r: &Result<Vec<u8>, SealError>, after: u64) -> bool {
    matches!(r, Err(SealError::Truncated { chunks }) if *chunks == after)
}

#[test]
fn payloads_of_every_shape_come_back_whole_through_every_path() {
    for len in [
        0,
        1,
        1000,
        CHUNK_LEN - 1,
        CHUNK_LEN,
        CHUNK_LEN + 1,
        3 * CHUNK_LEN,
        3 * CHUNK_LEN + 17,
        10_000_000,
    ] {
        let plain = payload(len);
        let bytes = seal(&plain);
        let chunks = len.div_ceil(CHUNK_LEN).max(1);
        assert_eq!(
            bytes.len(),
            header_len() + len + chunks * TAG_LEN,
            "{len} bytes: the header, then {chunks} chunks of at most {CHUNK_LEN} bytes and a tag each"
        );
        assert!(
            open(&bytes).expect("opens") == plain,
            "{len} bytes via open_into"
        );
        assert!(
            read_all(&bytes).expect("opens") == plain,
            "{len} bytes via Read"
        );
        let header = sealed::verify(&secret(PASS), &bytes[..]).expect("verifies");
        assert_eq!(header.public(), PUBLIC);
        if len >= 64 {
            let start = &plain[len - 64..];
            assert!(
                memchr::memmem::find(&bytes, start).is_none(),
                "{len} bytes: the plaintext does not show"
            );
        }
    }
}

#[test]
fn the_public_header_reads_without_the_passphrase_and_is_bounded() {
    let bytes = seal(b"ops");
    let header = Header::read(&bytes[..]).expect("reads");
    assert_eq!(header.public(), PUBLIC);
    assert_eq!(header.version(), FORMAT_VERSION);
    assert_eq!(header.kdf(), FAST);
    assert!(bytes.starts_with(b"\x89HKB\r\n\x1a\n"));

    let longest = vec![b'x'; MAX_PUBLIC_LEN];
    let mut out = Vec::new();
    sealed::seal_with(&secret(PASS), FAST, &longest, &b"ops"[..], &mut out).expect("seals");
    assert_eq!(
        Header::read(&out[..]).expect("reads").public().len(),
        MAX_PUBLIC_LEN
    );
    let mut out = Vec::new();
    let got = sealed::seal_with(
        &secret(PASS),
        FAST,
        &[b'x'; MAX_PUBLIC_LEN + 1],
        &b""[..],
        &mut out,
    );
    assert!(matches!(got, Err(SealError::PublicTooLong { len, .. }) if len == MAX_PUBLIC_LEN + 1));
    assert!(out.is_empty(), "nothing written");
}

#[test]
fn a_wrong_passphrase_or_another_teams_bundle_is_told_as_such() {
    let ours = seal(&payload(3 * CHUNK_LEN));
    assert!(matches!(
        open_as("mật khẩu của đoàn 4", &ours),
        Err(SealError::WrongPassphrase)
    ));
    assert!(matches!(
        open_as("", &ours),
        Err(SealError::WrongPassphrase)
    ));
    let theirs = seal_as("đoàn khác", &payload(100));
    assert!(matches!(open(&theirs), Err(SealError::WrongPassphrase)));
    assert!(matches!(read_all(&theirs), Err(SealError::WrongPassphrase)));
    let mut out = Vec::new();
    let got = sealed::seal_with(&secret(""), FAST, PUBLIC, &b"ops"[..], &mut out);
    assert!(matches!(got, Err(SealError::EmptyPassphrase)));
    assert!(out.is_empty(), "nothing written");
}

#[test]
fn a_passphrase_typed_composed_or_decomposed_opens_the_same_bundle() {
    let composed = "mật khẩu";
    let decomposed = "ma\u{323}\u{302}t kha\u{302}\u{309}u";
    assert_ne!(composed.as_bytes(), decomposed.as_bytes());
    let bytes = seal_as(decomposed, b"ops");
    assert_eq!(open_as(composed, &bytes).expect("opens"), b"ops");
}

/// What flipping byte `at` of a three-chunk bundle must give.
fn flip_refused_as(at: usize, got: &Result<Vec<u8>, SealError>) -> bool {
    let header = header_len();
    match at {
        0..8 => matches!(got, Err(SealError::NotABundle)),
        8 => matches!(got, Err(SealError::UnsupportedVersion { supported: 1, .. })),
        9 => matches!(got, Err(SealError::UnsupportedKdf(_))),
        10..22 => matches!(
            got,
            Err(SealError::KdfOutOfBounds { .. } | SealError::WrongPassphrase)
        ),
        // salt and passphrase check
        22..54 => matches!(got, Err(SealError::WrongPassphrase)),
        // nonce and public metadata: authenticated by chunk 0
        54..73 => is_tampered(got, 0),
        73..75 => matches!(got, Err(SealError::PublicTooLong { .. })) || is_tampered(got, 0),
        _ if at < header => is_tampered(got, 0),
        _ => is_tampered(got, ((at - header) / SEALED_CHUNK) as u64),
    }
}

#[test]
fn every_flipped_byte_in_header_and_body_is_refused_naming_what_broke() {
    let plain = payload(2 * CHUNK_LEN + 500);
    let bytes = seal(&plain);
    let mut positions: Vec<usize> = (0..header_len()).collect();
    for i in 0..3 {
        let start = chunk_at(i);
        let end = (start + SEALED_CHUNK).min(bytes.len());
        positions.extend([start, start + 1, end - TAG_LEN - 1, end - TAG_LEN, end - 1]);
    }
    positions.extend((header_len()..bytes.len()).step_by(4099));
    for at in positions {
        for mask in [0x01u8, 0x80, 0xff] {
            let mut bad = bytes.clone();
            bad[at] ^= mask;
            let got = open(&bad);
            assert!(flip_refused_as(at, &got), "byte {at} ^ {mask:#x}: {got:?}");
        }
    }
    assert!(
        open(&bytes).expect("opens") == plain,
        "the unflipped bundle still opens"
    );
}

#[test]
fn the_read_path_hands_out_only_authenticated_chunks_and_stays_failed() {
    let plain = payload(2 * CHUNK_LEN + 500);
    let mut bad = seal(&plain);
    bad[chunk_at(1) + 10] ^= 1;
    let mut opened = sealed::open(&secret(PASS), &bad[..]).expect("chunk 0 is fine");
    let mut got = Vec::new();
    let err = opened.read_to_end(&mut got).expect_err("chunk 1 fails");
    assert_eq!(got, plain[..CHUNK_LEN], "exactly chunk 0 was handed out");
    assert!(matches!(
        SealError::from_io(err),
        SealError::Tampered { chunk: 1, offset } if offset == chunk_at(1) as u64
    ));
    let mut more = [0u8; 16];
    assert!(
        opened.read(&mut more).is_err(),
        "a failed bundle stays failed"
    );
}

/// How a cut bundle must be refused.
#[derive(Debug, Clone, Copy)]
enum Cut {
    NotABundle,
    InHeader,
    Truncated(u64),
    Tampered(u64),
}

#[test]
fn cuts_at_and_inside_chunks_are_refused() {
    let bytes = seal(&payload(2 * CHUNK_LEN + 500));
    let h = header_len();
    let cases = [
        (0, Cut::NotABundle),
        (5, Cut::InHeader),
        (40, Cut::InHeader),
        (h - 1, Cut::InHeader),
        (h, Cut::Truncated(0)),
        (h + 5, Cut::Truncated(0)),
        (h + 100, Cut::Tampered(0)),
        (chunk_at(1) - 1, Cut::Tampered(0)),
        (chunk_at(1), Cut::Truncated(1)),
        (chunk_at(1) + 10, Cut::Truncated(1)),
        (chunk_at(1) + 1000, Cut::Tampered(1)),
        (chunk_at(2), Cut::Truncated(2)),
        (bytes.len() - 1, Cut::Tampered(2)),
    ];
    for (cut, expected) in cases {
        let got = open(&bytes[..cut]);
        let ok = match expected {
            Cut::NotABundle => matches!(got, Err(SealError::NotABundle)),
            Cut::InHeader => matches!(got, Err(SealError::TruncatedHeader)),
            Cut::Truncated(n) => is_truncated(&got, n),
            Cut::Tampered(n) => is_tampered(&got, n),
        };
        assert!(ok, "cut at {cut}: expected {expected:?}, got {got:?}");
    }
    // A payload of exactly two chunks: the second full chunk is the final one.
    let two = seal(&payload(2 * CHUNK_LEN));
    assert_eq!(two.len(), chunk_at(2));
    assert!(is_truncated(&open(&two[..chunk_at(1)]), 1));
    assert!(is_tampered(&open(&two[..two.len() - 1]), 1));
}

fn chunks(bytes: &[u8]) -> Vec<&[u8]> {
    bytes[header_len()..].chunks(SEALED_CHUNK).collect()
}

#[test]
fn swapped_dropped_repeated_or_foreign_chunks_are_refused() {
    let bytes = seal(&payload(3 * CHUNK_LEN + 500));
    let header = &bytes[..header_len()];
    let c = chunks(&bytes);
    assert_eq!(c.len(), 4);
    let build = |order: &[&[u8]]| -> Vec<u8> {
        [header]
            .iter()
            .chain(order)
            .flat_map(|c| c.iter().copied())
            .collect()
    };
    assert!(is_tampered(&open(&build(&[c[1], c[0], c[2], c[3]])), 0));
    assert!(is_tampered(&open(&build(&[c[0], c[2], c[1], c[3]])), 1));
    assert!(is_tampered(&open(&build(&[c[0], c[0], c[2], c[3]])), 1));
    assert!(
        is_tampered(&open(&build(&[c[0], c[1], c[3]])), 2),
        "a dropped middle chunk"
    );
    assert!(
        is_truncated(&open(&build(&[c[0], c[1], c[2]])), 3),
        "the final chunk dropped"
    );
    assert!(
        is_tampered(&open(&build(&[c[0], c[1], c[2], c[3], c[3]])), 3),
        "bytes appended"
    );
    // The same passphrase, another bundle: its chunks belong to another key.
    let other = seal(&payload(3 * CHUNK_LEN + 500));
    let o = chunks(&other);
    assert!(is_tampered(&open(&build(&[c[0], o[1], c[2], c[3]])), 1));
    assert!(open(&build(&c)).expect("opens") == payload(3 * CHUNK_LEN + 500));
}

/// A valid bundle's header with the key-derivation fields replaced.
fn with_kdf(memory_kib: u32, iterations: u32, lanes: u32) -> Vec<u8> {
    let mut bytes = seal(b"ops");
    bytes[10..14].copy_from_slice(&memory_kib.to_be_bytes());
    bytes[14..18].copy_from_slice(&iterations.to_be_bytes());
    bytes[18..22].copy_from_slice(&lanes.to_be_bytes());
    bytes
}

#[test]
fn hostile_key_derivation_parameters_are_refused_before_any_work() {
    for (memory, iterations, lanes, field) in [
        (u32::MAX, 1, 1, "memory (KiB)"),
        (KdfParams::MAX_MEMORY_KIB + 1, 1, 1, "memory (KiB)"),
        (64, u32::MAX, 1, "iterations"),
        (64, 1, 0, "lanes"),
        (u32::MAX, u32::MAX, u32::MAX, "lanes"),
        (
            KdfParams::MAX_MEMORY_KIB,
            KdfParams::MAX_ITERATIONS,
            1,
            "memory × iterations (KiB)",
        ),
    ] {
        let bytes = with_kdf(memory, iterations, lanes);
        let started = std::time::Instant::now();
        for got in [Header::read(&bytes[..]).map(|_| Vec::new()), open(&bytes)] {
            assert!(
                matches!(got, Err(SealError::KdfOutOfBounds { what, .. }) if what == field),
                "{memory}/{iterations}/{lanes}: {got:?}"
            );
        }
        assert!(started.elapsed().as_secs() < 2, "refused without deriving");
        let mut out = Vec::new();
        let kdf = KdfParams {
            memory_kib: memory,
            iterations,
            lanes,
        };
        let got = sealed::seal_with(&secret(PASS), kdf, PUBLIC, &b"ops"[..], &mut out);
        assert!(matches!(got, Err(SealError::KdfOutOfBounds { .. })));
        assert!(out.is_empty(), "nothing written");
    }
    let mut newer = seal(b"ops");
    newer[8] = 2;
    assert!(matches!(
        open(&newer),
        Err(SealError::UnsupportedVersion {
            found: 2,
            supported: 1
        })
    ));
}

fn golden_plaintext() -> Vec<u8> {
    let line = "HK-2026-01-JRH02 | Chi bộ Phòng Tài chính – Kế hoạch | chưa khắc phục\n";
    line.bytes().cycle().take(CHUNK_LEN + 200).collect()
}

fn golden_seal() -> Vec<u8> {
    let salt: [u8; 16] = std::array::from_fn(|i| i as u8);
    let nonce: [u8; 19] = std::array::from_fn(|i| 0xa0 + i as u8);
    let mut out = Vec::new();
    sealed::seal_fixed(
        &secret(PASS),
        FAST,
        salt,
        nonce,
        PUBLIC,
        &golden_plaintext()[..],
        &mut out,
    )
    .expect("seals");
    out
}

#[test]
fn the_golden_bundle_fixes_format_version_1_byte_for_byte() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden/sealed_v1.bin");
    if std::env::var_os("HAUKIEM_BLESS").is_some() {
        std::fs::write(&path, golden_seal()).expect("bless");
    }
    let golden = std::fs::read(&path).expect("tests/golden/sealed_v1.bin");
    assert_eq!(
        golden.len(),
        header_len() + SEALED_CHUNK + 200 + TAG_LEN,
        "a full chunk, then a final chunk of 200 bytes"
    );
    assert!(
        open(&golden).expect("opens") == golden_plaintext(),
        "the golden file opens"
    );
    assert_eq!(Header::read(&golden[..]).expect("reads").public(), PUBLIC);
    assert!(
        golden_seal() == golden,
        "sealing again with the same salt and nonce gives the file"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = Header::read(&bytes[..]);
        prop_assert!(open(&bytes).is_err());
    }

    #[test]
    fn a_valid_header_with_an_arbitrary_body_is_refused(
        body in proptest::collection::vec(any::<u8>(), 0..2 * SEALED_CHUNK + 40),
    ) {
        let mut bytes = seal(b"")[..header_len()].to_vec();
        bytes.extend_from_slice(&body);
        prop_assert!(open(&bytes).is_err());
        prop_assert!(read_all(&bytes).is_err());
    }

    #[test]
    fn any_changed_byte_of_a_small_bundle_is_refused(at in 0usize..400, mask in 1u8..=255) {
        let mut bytes = seal(b"one op, a few hundred bytes of it ............................");
        let at = at % bytes.len();
        bytes[at] ^= mask;
        prop_assert!(open(&bytes).is_err());
    }
}
