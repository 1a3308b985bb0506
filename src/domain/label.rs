//! Vietnamese and English labels of the domain's enumerations, and parsing
//! them back from what a person types (any case, with or without diacritics,
//! NFC or NFD, or a short code).

use super::text::fold;

/// An enumeration with a fixed set of values, each with labels.
pub trait Labelled: Sized + Copy + 'static {
    /// Every value, in display order.
    const ALL: &'static [Self];
    /// The Vietnamese label as written in documents.
    fn vi(self) -> &'static str;
    /// The English label.
    fn en(self) -> &'static str;
    /// A short ASCII code (used in CSV files and on the command line).
    fn code(self) -> &'static str;
    /// Other spellings accepted on input (folded before comparison).
    fn aliases(self) -> &'static [&'static str] {
        &[]
    }

    /// The label in the given language (`"en"` or anything else for Vietnamese).
    fn label(self, lang: &str) -> &'static str {
        if lang == "en" { self.en() } else { self.vi() }
    }

    /// The label in this thread's interface language ([`crate::i18n::current`]).
    fn shown(self) -> &'static str {
        self.label(crate::i18n::current().code())
    }

    /// Parse a label, code or alias; comparison ignores case, diacritics and
    /// spacing, so "Đảng bộ cơ sở", "dang bo co so" and "DBCS" all match.
    fn parse_label(input: &str) -> Option<Self> {
        let key = squash(&fold(input));
        if key.is_empty() {
            return None;
        }
        Self::ALL.iter().copied().find(|v| {
            squash(&fold(v.vi())) == key
                || squash(&fold(v.en())) == key
                || squash(&fold(v.code())) == key
                || v.aliases().iter().any(|a| squash(&fold(a)) == key)
        })
    }

    /// The accepted Vietnamese labels, for error messages.
    fn expected() -> String {
        Self::ALL
            .iter()
            .map(|v| format!("{} ({})", v.vi(), v.code()))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Drop everything but letters and digits, so "xa, phuong" == "xa phuong".
fn squash(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// Declare the labels of an enum in one table: value, code, vi, en, aliases.
macro_rules! labels {
    ($ty:ty { $($v:ident => $code:literal, $vi:literal, $en:literal $(, [$($alias:literal),*])?;)* }) => {
        impl $crate::domain::label::Labelled for $ty {
            const ALL: &'static [Self] = &[$(<$ty>::$v),*];
            fn vi(self) -> &'static str { match self { $(<$ty>::$v => $vi),* } }
            fn en(self) -> &'static str { match self { $(<$ty>::$v => $en),* } }
            fn code(self) -> &'static str { match self { $(<$ty>::$v => $code),* } }
            fn aliases(self) -> &'static [&'static str] {
                match self { $(<$ty>::$v => &[$($($alias),*)?]),* }
            }
        }
    };
}
pub(crate) use labels;
