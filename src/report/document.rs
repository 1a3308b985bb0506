//! A Party document (văn bản của Đảng) in the form Hướng dẫn 36-HD/VPTW
//! (03/4/2018) sets: the two-column head, the type and trích yếu, the body as
//! plain blocks, the signature beside the recipients, and appendices — a
//! model that knows nothing of its renderers (Markdown, HTML, Word).
//!
//! Text is stored as the caller gives it; every renderer passes it through
//! [`printable`] and escapes it for its own format, so no text can break the
//! markup it lands in.

mod body;
mod docx;
mod html;
mod markdown;

use chrono::NaiveDate;

use crate::domain::date::long_date_vi;

pub use super::{Cell, Kind};
pub use body::{Block, Body, Column, Group, Heading, Level, List, Marker, Paragraph, Span, Table};
pub use docx::DocxError;

/// The title every Party document carries, top right (tiêu đề).
pub const PARTY_TITLE: &str = "ĐẢNG CỘNG SẢN VIỆT NAM";

/// Page margins in millimetres, as a Party committee's handbook on its
/// documents gives them (Đảng ủy Khối Bình Thuận, "Yêu cầu kỹ thuật trình
/// bày văn bản"): the writing area of an A4 front page 25 mm from the top
/// and bottom edges, 35 mm from the left (binding) edge and 15 mm from the
/// right, and the page number, from page 2 on, 10 mm from the top edge,
/// centred over the text. Each lies inside the ranges in common use — top
/// and bottom 20–25, left 30–35, right 15–20, as NĐ 30/2020 also sets them
/// for state documents; the text of HD 36 itself was not at hand to check
/// its exact figures, so they are kept here, in one place.
pub const MARGINS_MM: Margins = Margins {
    top: 25,
    bottom: 25,
    left: 35,
    right: 15,
    page_number: 10,
};

/// Page margins, in millimetres.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Margins {
    pub top: u32,
    pub bottom: u32,
    pub left: u32,
    pub right: u32,
    /// From the top edge to the page number.
    pub page_number: u32,
}

/// A whole document: head, body, signature, recipients and appendices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartyDocument {
    pub head: Head,
    /// Tên loại: "BÁO CÁO", "THÔNG BÁO KẾT LUẬN".
    pub kind: String,
    /// Trích yếu: one line on what the document is about; it may wrap.
    pub summary: String,
    pub body: Vec<Block>,
    pub signature: Signature,
    pub recipients: Recipients,
    pub appendices: Vec<Appendix>,
}

/// The two-column head: issuing body on the left, title and date on the right.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    /// The body above the issuer, first line on the left: "THÀNH ỦY NAM ĐỊNH".
    pub upper_body: Option<String>,
    /// The issuer (cơ quan ban hành): "ĐOÀN GIÁM SÁT".
    pub issuer: String,
    pub number: DocNumber,
    /// Địa danh: "Nam Định".
    pub place: String,
    pub date: NaiveDate,
}

impl Head {
    /// The issuing-body lines in capitals, as the guidance prints them: the
    /// body above, the issuer in bold, then the `*` under it.
    #[must_use]
    pub fn issuer_lines(&self) -> Vec<Line> {
        let line = |text: String, bold| Line { text, bold };
        let mut lines: Vec<Line> = self
            .upper_body
            .iter()
            .map(|s| line(upper(s), false))
            .collect();
        lines.push(line(upper(&self.issuer), true));
        lines.push(line("*".to_string(), false));
        lines
    }

    /// "Nam Định, ngày 05 tháng 02 năm 2027": days below 10 and the months
    /// 1 and 2 take a leading zero, as the guidance writes dates.
    #[must_use]
    pub fn place_date(&self) -> String {
        long_date_vi(&printable(&self.place), self.date)
    }
}

/// A line of the head, bold or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub text: String,
    pub bold: bool,
}

/// Số và ký hiệu: `Số 12-BC/ĐGS`, the number left blank for the văn thư.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocNumber {
    /// Given by the issuer's văn thư from 01 per type and term; `None` leaves
    /// room to write it by hand.
    pub number: Option<u32>,
    /// The type's abbreviation: "BC", "TB".
    pub kind: String,
    /// The issuer's abbreviation: "ĐGS".
    pub issuer: String,
}

/// Non-breaking spaces where the number goes, so that no renderer collapses
/// the room left for it.
const BLANK_NUMBER: &str = "\u{a0}\u{a0}\u{a0}\u{a0}\u{a0}\u{a0}";

impl DocNumber {
    /// "12-BC/ĐGS", or the symbol after a blank: "      -BC/ĐGS".
    #[must_use]
    pub fn symbol(&self) -> String {
        let number = self
            .number
            .map_or_else(|| BLANK_NUMBER.to_string(), |n| format!("{n:02}"));
        format!(
            "{number}-{}/{}",
            printable(&self.kind),
            printable(&self.issuer)
        )
    }

    /// The line under the issuer. HD 36 writes "Số 36-HD/VPTW", without the
    /// colon that state documents use.
    #[must_use]
    pub fn line(&self) -> String {
        format!("Số {}", self.symbol())
    }
}

/// Who signs: quyền hạn, chức vụ, họ tên; the seal goes over the space left.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// "T/M ĐOÀN GIÁM SÁT"; `None` when the holder signs in their own right.
    pub authority: Option<String>,
    /// "TRƯỞNG ĐOÀN".
    pub position: String,
    pub name: String,
}

impl Signature {
    /// Authority and position in capitals, as they are printed.
    #[must_use]
    pub fn title_lines(&self) -> Vec<String> {
        let mut lines: Vec<String> = self.authority.iter().map(|s| upper(s)).collect();
        lines.push(upper(&self.position));
        lines
    }
}

/// Nơi nhận: one recipient a line, the copy kept on file last.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipients {
    /// "Ban Thường vụ Thành ủy (để báo cáo),".
    pub to: Vec<String>,
    /// Who keeps the copy: "Văn phòng Thành ủy, Đoàn giám sát."
    pub archive: String,
}

impl Recipients {
    /// The printed lines: "- Ban Thường vụ Thành ủy,", …, "- Lưu Văn phòng."
    #[must_use]
    pub fn lines(&self) -> Vec<String> {
        self.to
            .iter()
            .map(|r| format!("- {}", printable(r)))
            .chain(std::iter::once(format!(
                "- Lưu {}",
                printable(&self.archive)
            )))
            .collect()
    }
}

/// Page orientation of an appendix; the document itself is A4 portrait.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Orientation {
    #[default]
    Portrait,
    /// For tables too wide for a portrait page.
    Landscape,
}

/// A phụ lục printed after the signature, from a new page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appendix {
    pub title: String,
    /// A line under the title: "(Kèm theo Báo cáo số -BC/ĐGS …)".
    pub note: Option<String>,
    pub orientation: Orientation,
    pub body: Vec<Block>,
}

impl PartyDocument {
    /// "PHỤ LỤC", or "PHỤ LỤC 2" when there are several (HD 36 numbers
    /// appendices in Arabic figures from the second on).
    #[must_use]
    pub fn appendix_label(&self, index: usize) -> String {
        if self.appendices.len() > 1 {
            format!("PHỤ LỤC {}", index + 1)
        } else {
            "PHỤ LỤC".to_string()
        }
    }

    /// The document rendered as Markdown.
    #[must_use]
    pub fn to_markdown(&self) -> String {
        markdown::render(self)
    }

    /// The document as one self-contained HTML page, printable on A4.
    #[must_use]
    pub fn to_html(&self) -> String {
        html::render(self)
    }

    /// The document as a Word file (.docx).
    ///
    /// # Errors
    /// The archive could not be written.
    pub fn to_docx(&self) -> Result<Vec<u8>, DocxError> {
        docx::render(self)
    }
}

/// How a column's cells align: counts and shares right, dates centred,
/// text left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
}

#[must_use]
pub fn align(kind: Kind) -> Align {
    match kind {
        Kind::Int | Kind::Percent | Kind::Days => Align::Right,
        Kind::Date => Align::Center,
        Kind::Text | Kind::Wide => Align::Left,
    }
}

/// A cell as printed in a document: numbers `14.357`, shares `22,06%`, dates
/// `05/02/2027`, text without control characters.
#[must_use]
pub fn cell_text(cell: &Cell) -> String {
    match cell {
        Cell::Text(s) => printable(s),
        other => other.display(),
    }
}

/// The text with every control character removed (tabs become spaces, line
/// breaks stay), along with the noncharacters U+FFFE and U+FFFF: XML 1.0
/// cannot carry them even escaped, and nothing in a document needs them.
#[must_use]
pub fn printable(s: &str) -> String {
    s.chars()
        .filter_map(|c| match c {
            '\n' => Some('\n'),
            '\t' => Some(' '),
            '\r' | '\u{fffe}' | '\u{ffff}' => None,
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

/// Upper case as the guidance prints issuers, types and positions: Unicode
/// case mapping covers every Vietnamese letter ("ủy" → "ỦY").
fn upper(s: &str) -> String {
    printable(s).to_uppercase()
}
