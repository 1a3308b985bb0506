//! What every CSV file we write shares: Excel reads a CSV as UTF-8 only
//! when it starts with a byte order mark (without one, Vietnamese turns
//! into mojibake), so each starts with one. The listing and the report both
//! start their output here.

/// The UTF-8 byte order mark.
pub const BOM: &str = "\u{feff}";

/// A buffer for a CSV file: the byte order mark, then whatever is written.
#[must_use]
pub fn start() -> Vec<u8> {
    BOM.as_bytes().to_vec()
}
