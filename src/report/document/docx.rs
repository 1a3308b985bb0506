//! A Party document as a Word file, through `docx-rs`: A4 with the
//! guidance's margins, Times New Roman throughout, 14 pt body, the page
//! number centred in the top margin from page 2 on, and appendices in
//! sections of their own so that a wide one can turn landscape.

mod content;

use std::io::Cursor;

use docx_rs::{
    AlignmentType, Docx, Header, LineSpacing, LineSpacingType, PageMargin, PageNum,
    PageOrientationType, Paragraph, RunFonts, Section, Table,
};

use super::{MARGINS_MM, Orientation, PartyDocument};

/// Why a Word file could not be written.
#[derive(Debug, thiserror::Error)]
#[error("{}", crate::i18n::Msg::DocxCannotWrite.fill(&[.0]))]
pub struct DocxError(#[source] Box<dyn std::error::Error + Send + Sync>);

/// The font of the TCVN 6909:2001 set that Party offices use.
const FONT: &str = "Times New Roman";
/// Body text, in half-points: 14 pt (the guidance allows 13–14).
const BODY_SIZE: usize = 28;
/// A4 in twips (1/1440 inch): 210 × 297 mm.
const A4: (u32, u32) = (11906, 16838);

/// Millimetres to twips.
const fn twips(mm: u32) -> u32 {
    (mm * 1440 * 10 + 127) / 254
}

/// The width of the text between the margins, in twips.
const fn text_width(o: Orientation) -> u32 {
    let page = match o {
        Orientation::Portrait => A4.0,
        Orientation::Landscape => A4.1,
    };
    page - twips(MARGINS_MM.left) - twips(MARGINS_MM.right)
}

/// Something the body holds: Word's sections take paragraphs and tables.
enum Item {
    // Boxed as docx-rs boxes them: both are large.
    Paragraph(Box<Paragraph>),
    Table(Box<Table>),
}

fn para(p: Paragraph) -> Item {
    Item::Paragraph(Box::new(p))
}

fn grid(t: Table) -> Item {
    Item::Table(Box::new(t))
}

/// Consecutive parts printed the same way share a section.
struct Part {
    orientation: Orientation,
    items: Vec<Item>,
}

pub(super) fn render(doc: &PartyDocument) -> Result<Vec<u8>, DocxError> {
    let mut parts = vec![Part {
        orientation: Orientation::Portrait,
        items: content::main(doc, text_width(Orientation::Portrait)),
    }];
    for (i, a) in doc.appendices.iter().enumerate() {
        let new_section = parts.last().is_none_or(|p| p.orientation != a.orientation);
        // A new section starts on a new page already.
        let items = content::appendix(
            &doc.appendix_label(i),
            a,
            text_width(a.orientation),
            !new_section,
        );
        match parts.last_mut() {
            Some(p) if !new_section => p.items.extend(items),
            _ => parts.push(Part {
                orientation: a.orientation,
                items,
            }),
        }
    }
    let mut xml = assemble(parts).build();
    xml.document = content::repeat_header_rows(&xml.document);
    let mut out = Cursor::new(Vec::new());
    xml.pack(&mut out).map_err(|e| DocxError(Box::new(e)))?;
    Ok(out.into_inner())
}

/// Every part but the last becomes a section of its own; the last takes
/// the document's closing section properties, as Word expects. The page
/// number header is set on the first section and carries on through the
/// later ones, which inherit it.
fn assemble(parts: Vec<Part>) -> Docx {
    let mut docx = Docx::new()
        .default_fonts(
            RunFonts::new()
                .ascii(FONT)
                .hi_ansi(FONT)
                .east_asia(FONT)
                .cs(FONT),
        )
        .default_size(BODY_SIZE)
        .default_line_spacing(
            LineSpacing::new()
                .line_rule(LineSpacingType::Auto)
                .line(264)
                .before(0)
                .after(120),
        );
    let count = parts.len();
    for (i, part) in parts.into_iter().enumerate() {
        docx = if i + 1 < count {
            docx.add_section(Section::new().lay_out(part, i == 0))
        } else {
            docx.lay_out(part, i == 0)
        };
    }
    docx
}

/// What holds a part: a section of its own, or the document's last one.
trait Holder: Sized {
    fn paragraph(self, p: Paragraph) -> Self;
    fn table(self, t: Table) -> Self;
    fn page(self, o: Orientation) -> Self;
    /// The page number in the header, from the second page on.
    fn numbered(self) -> Self;

    fn lay_out(self, part: Part, first: bool) -> Self {
        let mut h = self.page(part.orientation);
        if first {
            h = h.numbered();
        }
        part.items.into_iter().fold(h, |h, item| match item {
            Item::Paragraph(p) => h.paragraph(*p),
            Item::Table(t) => h.table(*t),
        })
    }
}

/// The methods `Section` and `Docx` both have under the same names.
macro_rules! holder_common {
    () => {
        fn paragraph(self, p: Paragraph) -> Self {
            self.add_paragraph(p)
        }
        fn table(self, t: Table) -> Self {
            self.add_table(t)
        }
        fn numbered(self) -> Self {
            self.header(page_number()).title_pg()
        }
    };
}

impl Holder for Section {
    holder_common!();
    fn page(self, o: Orientation) -> Self {
        let (w, h) = page_size(o);
        self.page_size(docx_rs::PageSize::new().size(w, h).orient(orient(o)))
            .page_margin(margins())
    }
}

impl Holder for Docx {
    holder_common!();
    fn page(self, o: Orientation) -> Self {
        let (w, h) = page_size(o);
        self.page_size(w, h)
            .page_orient(orient(o))
            .page_margin(margins())
    }
}

fn page_size(o: Orientation) -> (u32, u32) {
    match o {
        Orientation::Portrait => A4,
        Orientation::Landscape => (A4.1, A4.0),
    }
}

fn orient(o: Orientation) -> PageOrientationType {
    match o {
        Orientation::Portrait => PageOrientationType::Portrait,
        Orientation::Landscape => PageOrientationType::Landscape,
    }
}

fn margins() -> PageMargin {
    let m = MARGINS_MM;
    let tw = |mm: u32| i32::try_from(twips(mm)).unwrap_or(i32::MAX);
    PageMargin::new()
        .top(tw(m.top))
        .bottom(tw(m.bottom))
        .left(tw(m.left))
        .right(tw(m.right))
        .header(tw(m.page_number))
        .footer(tw(m.page_number))
        .gutter(0)
}

/// The running header: the page number, centred. The first page has none:
/// `titlePg` without a first-page header gives the first section a blank
/// one (ECMA-376 §17.10.5). An explicit empty first-page header is not an
/// option, as docx-rs 0.4.22 drops a section's first-page header when it
/// also has a default one.
fn page_number() -> Header {
    Header::new().add_paragraph(
        Paragraph::new()
            .align(AlignmentType::Center)
            .add_page_num(PageNum::new()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_geometry_in_twips() {
        assert_eq!(twips(10), 567);
        assert_eq!(twips(25), 1417);
        assert_eq!(twips(35), 1984);
        assert_eq!(twips(15), 850);
        assert_eq!(text_width(Orientation::Portrait), 11906 - 1984 - 850);
        assert_eq!(text_width(Orientation::Landscape), 16838 - 1984 - 850);
    }
}
