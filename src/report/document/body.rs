//! The content of a Party document as blocks — numbered headings,
//! paragraphs, lists, tables and notes — and [`Body`], which numbers the
//! headings as they are added.

use super::{Cell, Kind};

/// One block of the content, in reading order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Heading(Heading),
    Paragraph(Paragraph),
    List(List),
    Table(Table),
    /// A remark in small print: a definition, the source of a figure.
    Note(String),
}

/// Levels of numbered headings, as Party documents number their parts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// "I.", "II.": the big parts (Đặc điểm tình hình, Kết quả…).
    Part,
    /// "1.", "2.": within a part; numbering restarts with each part.
    Section,
    /// "a)", "b)", "đ)": within a section.
    Point,
}

impl Level {
    fn depth(self) -> usize {
        match self {
            Level::Part => 0,
            Level::Section => 1,
            Level::Point => 2,
        }
    }
}

/// A numbered heading; `number` is "II.", "3." or "b)".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: Level,
    pub number: String,
    pub text: String,
}

/// A run of text with its emphasis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
}

impl Span {
    #[must_use]
    pub fn plain(text: impl Into<String>) -> Span {
        Span {
            text: text.into(),
            bold: false,
            italic: false,
        }
    }

    #[must_use]
    pub fn bold(text: impl Into<String>) -> Span {
        Span {
            bold: true,
            ..Span::plain(text)
        }
    }

    #[must_use]
    pub fn italic(text: impl Into<String>) -> Span {
        Span {
            italic: true,
            ..Span::plain(text)
        }
    }
}

/// A paragraph; body text indents its first line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    pub spans: Vec<Span>,
    pub first_line_indent: bool,
}

/// The sign before each item of a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marker {
    /// "-": the usual first level.
    Dash,
    /// "+": items under a dash item.
    Plus,
    /// "•".
    Bullet,
}

impl Marker {
    #[must_use]
    pub fn sign(self) -> &'static str {
        match self {
            Marker::Dash => "-",
            Marker::Plus => "+",
            Marker::Bullet => "•",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct List {
    pub marker: Marker,
    pub items: Vec<String>,
}

/// A column of a table: its heading and what its cells hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    pub title: String,
    pub kind: Kind,
}

/// A heading over `span` adjacent columns, in a header row above the column
/// titles. An untitled group of one column lets that column's title fill
/// both header rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    pub title: String,
    pub span: usize,
}

/// A table with borders; its header repeats on every page it runs over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// A bold line above the table.
    pub title: Option<String>,
    pub columns: Vec<Column>,
    /// Headings over groups of columns; empty for a single header row. The
    /// spans add up to the number of columns.
    pub groups: Vec<Group>,
    pub rows: Vec<Vec<Cell>>,
    /// The "Tổng" row, printed bold.
    pub total: Option<Vec<Cell>>,
    /// What to say instead of a table without rows.
    pub empty: String,
}

impl Table {
    /// Whether the header has a row of groups above the column titles.
    #[must_use]
    pub fn has_groups(&self) -> bool {
        !self.groups.is_empty()
            && self.groups.iter().all(|g| g.span > 0)
            && self.groups.iter().map(|g| g.span).sum::<usize>() == self.columns.len()
    }

    /// The title of column `i` with its group's, for renderers that have one
    /// header row only: "Kết quả khắc phục: Đã khắc phục".
    #[must_use]
    pub fn flat_title(&self, i: usize) -> String {
        let title = self.columns.get(i).map_or("", |c| c.title.as_str());
        if !self.has_groups() {
            return title.to_string();
        }
        let mut start = 0;
        for g in &self.groups {
            if i < start + g.span {
                return if g.title.is_empty() {
                    title.to_string()
                } else {
                    format!("{}: {title}", g.title)
                };
            }
            start += g.span;
        }
        title.to_string()
    }
}

/// A report table as a document table: same columns, rows and total, its
/// notes left to the caller (they become [`Block::Note`]s after it).
impl From<&super::super::Table> for Table {
    fn from(t: &super::super::Table) -> Table {
        Table {
            title: Some(t.title.clone()),
            columns: t
                .columns
                .iter()
                .map(|c| Column {
                    title: c.name.to_string(),
                    kind: c.kind,
                })
                .collect(),
            groups: Vec::new(),
            rows: t.rows.clone(),
            total: t.total.clone(),
            empty: t.empty.to_string(),
        }
    }
}

/// Builds the blocks of a body, numbering headings: "I.", then "1.", "2.",
/// then "a)", each level restarting under a new heading above it.
#[derive(Debug, Clone, Default)]
pub struct Body {
    blocks: Vec<Block>,
    counters: [usize; 3],
}

/// Letters of points in Vietnamese order, as documents number them.
const POINT_LETTERS: [&str; 23] = [
    "a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t",
    "u", "v", "x", "y",
];

impl Body {
    #[must_use]
    pub fn new() -> Body {
        Body::default()
    }

    /// A heading numbered after the previous ones.
    pub fn heading(&mut self, level: Level, text: impl Into<String>) -> &mut Body {
        let depth = level.depth();
        self.counters[depth] += 1;
        for c in &mut self.counters[depth + 1..] {
            *c = 0;
        }
        let n = self.counters[depth];
        let number = match level {
            Level::Part => format!("{}.", roman(n)),
            Level::Section => format!("{n}."),
            Level::Point => match POINT_LETTERS.get(n - 1) {
                Some(letter) => format!("{letter})"),
                None => format!("{n})"),
            },
        };
        self.push(Block::Heading(Heading {
            level,
            number,
            text: text.into(),
        }))
    }

    /// A body paragraph of plain text, first line indented.
    pub fn paragraph(&mut self, text: impl Into<String>) -> &mut Body {
        self.spans(vec![Span::plain(text)])
    }

    /// A body paragraph of mixed emphasis, first line indented.
    pub fn spans(&mut self, spans: Vec<Span>) -> &mut Body {
        self.push(Block::Paragraph(Paragraph {
            spans,
            first_line_indent: true,
        }))
    }

    pub fn list<S: Into<String>>(
        &mut self,
        marker: Marker,
        items: impl IntoIterator<Item = S>,
    ) -> &mut Body {
        self.push(Block::List(List {
            marker,
            items: items.into_iter().map(Into::into).collect(),
        }))
    }

    pub fn table(&mut self, table: Table) -> &mut Body {
        self.push(Block::Table(table))
    }

    pub fn note(&mut self, text: impl Into<String>) -> &mut Body {
        self.push(Block::Note(text.into()))
    }

    pub fn push(&mut self, block: Block) -> &mut Body {
        self.blocks.push(block);
        self
    }

    #[must_use]
    pub fn into_blocks(self) -> Vec<Block> {
        self.blocks
    }
}

/// Roman numerals for part numbers (I … XX is all a document needs; larger
/// numbers come out right too).
fn roman(mut n: usize) -> String {
    const DIGITS: [(usize, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, digits) in DIGITS {
        while n >= value {
            out.push_str(digits);
            n -= value;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(body: Body) -> Vec<String> {
        body.into_blocks()
            .into_iter()
            .filter_map(|b| match b {
                Block::Heading(h) => Some(h.number),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn headings_number_by_level_and_restart_under_a_new_part() {
        let mut b = Body::new();
        b.heading(Level::Part, "Đặc điểm tình hình")
            .heading(Level::Part, "Kết quả")
            .heading(Level::Section, "Ưu điểm")
            .heading(Level::Section, "Hạn chế, khuyết điểm");
        for i in 0..5 {
            b.heading(Level::Point, format!("điểm {i}"));
        }
        b.heading(Level::Part, "Nguyên nhân")
            .heading(Level::Section, "Chủ quan");
        assert_eq!(
            numbers(b),
            [
                "I.", "II.", "1.", "2.", "a)", "b)", "c)", "d)", "đ)", "III.", "1."
            ]
        );
    }

    #[test]
    fn roman_numerals() {
        let got: Vec<String> = [1, 4, 9, 14, 19, 40, 1999].map(roman).to_vec();
        assert_eq!(got, ["I", "IV", "IX", "XIV", "XIX", "XL", "MCMXCIX"]);
    }

    #[test]
    fn flat_titles_name_the_group() {
        let col = |t: &str| Column {
            title: t.to_string(),
            kind: Kind::Int,
        };
        let t = Table {
            title: None,
            columns: vec![col("Đơn vị"), col("Đã"), col("Đang")],
            groups: vec![
                Group {
                    title: String::new(),
                    span: 1,
                },
                Group {
                    title: "Khắc phục".to_string(),
                    span: 2,
                },
            ],
            rows: Vec::new(),
            total: None,
            empty: String::new(),
        };
        assert!(t.has_groups());
        let got: Vec<String> = (0..3).map(|i| t.flat_title(i)).collect();
        assert_eq!(got, ["Đơn vị", "Khắc phục: Đã", "Khắc phục: Đang"]);
    }
}
