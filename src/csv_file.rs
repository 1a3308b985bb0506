//! Every CSV haukiem writes is written one way: UTF-8 with a byte order
//! mark first. Offices open CSV files in Excel, which reads a file without
//! the mark in the computer's ANSI code page and garbles the diacritics.

/// The UTF-8 byte order mark.
pub const BOM: &str = "\u{feff}";

/// A CSV writer into memory that has already written the BOM.
#[must_use]
pub fn writer(builder: &csv::WriterBuilder) -> csv::Writer<Vec<u8>> {
    builder.from_writer(BOM.as_bytes().to_vec())
}

/// What `w` wrote, the BOM first.
///
/// # Errors
/// Flushing into memory failed (it does not), or a field was not UTF-8
/// (every field we write is a `str`).
pub fn finish(w: csv::Writer<Vec<u8>>) -> Result<String, csv::Error> {
    let bytes = w.into_inner().map_err(csv::IntoInnerError::into_error)?;
    String::from_utf8(bytes)
        .map_err(|e| csv::Error::from(std::io::Error::new(std::io::ErrorKind::InvalidData, e)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_starts_with_the_bom_and_reads_back_without_it() {
        let mut w = writer(&csv::WriterBuilder::new());
        w.write_record(["ma", "ten"]).expect("header");
        w.write_record(["P-QT", "Đảng bộ phường Quang Trung"])
            .expect("row");
        let text = finish(w).expect("finish");
        assert!(text.starts_with("\u{feff}ma,ten\n"), "{text:?}");
        let mut r = csv::Reader::from_reader(text.as_bytes());
        assert_eq!(&r.headers().expect("headers")[0], "ma");
    }
}
