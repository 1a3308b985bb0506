//! The record envelope: every stored value is `[format, codec, schema hi,
//! schema lo] ++ body`. The codec byte lets a later move away from bincode
//! (frozen upstream) be a migration rather than a rewrite.

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::i18n::Msg;

/// First byte of every record.
pub const FORMAT: u8 = 0x48; // 'H'
/// bincode 2.0.1, `config::standard()`, serde API.
pub const CODEC_BINCODE2: u8 = 1;
/// Schema version of the records this build writes and reads (older
/// records are read only by the migrations, with their own types).
pub const SCHEMA: u16 = 4;
const HEADER: usize = 4;
/// Largest body a record may claim: guards decoding against absurd lengths.
const LIMIT: usize = 64 << 20;

/// A record could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodecError {
    #[error("{}", Msg::CodecShort.fill(&[.0]))]
    Short(usize),
    #[error("{}", Msg::CodecFormat.fill(&[&format!("{:#04x}", .0)]))]
    Format(u8),
    #[error("{}", Msg::CodecCodec.fill(&[.0]))]
    Codec(u8),
    #[error("{}", Msg::CodecNewerSchema.fill(&[.found, .supported]))]
    NewerSchema { found: u16, supported: u16 },
    #[error("{}", Msg::CodecOtherSchema.fill(&[.found, .expected]))]
    OtherSchema { found: u16, expected: u16 },
    #[error("{}", Msg::CodecBody.fill(&[.0]))]
    Body(String),
    #[error("{}", Msg::CodecTrailing.fill(&[.0]))]
    Trailing(usize),
    #[error("{}", Msg::CodecEncode.fill(&[.0]))]
    Encode(String),
}

fn config() -> bincode::config::Configuration<
    bincode::config::LittleEndian,
    bincode::config::Varint,
    bincode::config::Limit<LIMIT>,
> {
    bincode::config::standard().with_limit::<LIMIT>()
}

/// Encode a value in the current envelope.
///
/// # Errors
/// Only if serde refuses the value (never for the domain types).
pub fn encode<T: Serialize>(value: &T) -> Result<Vec<u8>, CodecError> {
    encode_as(SCHEMA, value)
}

/// Encode a value in the envelope of schema `schema` (the value must be
/// of that schema's type: migrations and golden files name older ones).
///
/// # Errors
/// Only if serde refuses the value (never for the domain types).
pub fn encode_as<T: Serialize>(schema: u16, value: &T) -> Result<Vec<u8>, CodecError> {
    let mut out = vec![FORMAT, CODEC_BINCODE2];
    out.extend_from_slice(&schema.to_be_bytes());
    let body = bincode::serde::encode_to_vec(value, bincode::config::standard())
        .map_err(|e| CodecError::Encode(e.to_string()))?;
    out.extend_from_slice(&body);
    Ok(out)
}

/// The schema version a record was written with.
///
/// # Errors
/// A record too short or of an unknown format or codec.
pub fn schema_of(bytes: &[u8]) -> Result<u16, CodecError> {
    if bytes.len() < HEADER {
        return Err(CodecError::Short(bytes.len()));
    }
    if bytes[0] != FORMAT {
        return Err(CodecError::Format(bytes[0]));
    }
    if bytes[1] != CODEC_BINCODE2 {
        return Err(CodecError::Codec(bytes[1]));
    }
    Ok(u16::from_be_bytes([bytes[2], bytes[3]]))
}

/// Decode a record of the current schema, rejecting a wrong header,
/// another schema (a newer one, or an older one that a migration should
/// have rewritten: its body may not read as today's types), a malformed
/// body and trailing bytes. Never panics.
///
/// # Errors
/// See [`CodecError`].
pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, CodecError> {
    decode_as(SCHEMA, bytes)
}

/// [`decode`] for a record of schema `expected`, as type `T` of that schema.
///
/// # Errors
/// See [`CodecError`].
pub fn decode_as<T: DeserializeOwned>(expected: u16, bytes: &[u8]) -> Result<T, CodecError> {
    let schema = schema_of(bytes)?;
    if schema > SCHEMA {
        return Err(CodecError::NewerSchema {
            found: schema,
            supported: SCHEMA,
        });
    }
    if schema != expected {
        return Err(CodecError::OtherSchema {
            found: schema,
            expected,
        });
    }
    let body = &bytes[HEADER..];
    let (value, used) = bincode::serde::decode_from_slice::<T, _>(body, config())
        .map_err(|e| CodecError::Body(e.to_string()))?;
    if used != body.len() {
        return Err(CodecError::Trailing(body.len() - used));
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_rejections() {
        let v = ("Đảng ủy".to_string(), 42u32);
        let bytes = encode(&v).expect("encode");
        assert_eq!(&bytes[..4], &[FORMAT, CODEC_BINCODE2, 0, SCHEMA as u8]);
        assert_eq!(decode::<(String, u32)>(&bytes).expect("decode"), v);

        let mut trailing = bytes.clone();
        trailing.push(0);
        assert_eq!(
            decode::<(String, u32)>(&trailing),
            Err(CodecError::Trailing(1))
        );
        assert_eq!(
            decode::<(String, u32)>(&bytes[..3]),
            Err(CodecError::Short(3))
        );
        let mut wrong = bytes.clone();
        wrong[0] = 0;
        assert_eq!(decode::<(String, u32)>(&wrong), Err(CodecError::Format(0)));
        let mut older = bytes.clone();
        older[3] = 1;
        assert_eq!(
            decode::<(String, u32)>(&older),
            Err(CodecError::OtherSchema {
                found: 1,
                expected: SCHEMA
            })
        );
        assert_eq!(decode_as::<(String, u32)>(1, &older), Ok(v.clone()));
        let mut newer = bytes.clone();
        newer[3] = 9;
        assert!(matches!(
            decode::<(String, u32)>(&newer),
            Err(CodecError::NewerSchema { found: 9, .. })
        ));
        assert!(matches!(
            decode::<(String, u32)>(&bytes[..6]),
            Err(CodecError::Body(_))
        ));
        // A huge claimed length must fail cleanly, not allocate.
        let mut huge = bytes[..4].to_vec();
        huge.extend_from_slice(&[0xFD, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F]);
        assert!(decode::<(String, u32)>(&huge).is_err());
    }
}
