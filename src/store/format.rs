//! The stored record format, for what reads stored bytes outside the store
//! (the golden-file tests): an envelope of format byte, codec byte and
//! schema version around a bincode 2 body.

pub use super::codec::{
    CODEC_BINCODE2, CodecError, FORMAT, SCHEMA, decode, decode_as, encode, encode_as, schema_of,
};
