//! Vietnamese text handling: normalisation, diacritic-free search, tone canonicalisation, collation, terminal width and number formatting;
//! what a field may hold (`rules`) and how stored text is shown where it could act (`shown`).

pub mod rules;
mod shown;

pub use rules::{TextProblem, TextRule};
pub use shown::{spreadsheet_text, terminal_safe, terminal_safe_line};

use std::cmp::Ordering;

use icu_collator::options::CollatorOptions;
use icu_collator::preferences::CollationNumericOrdering;
use icu_collator::{Collator, CollatorBorrowed, CollatorPreferences};
use icu_locale_core::locale;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Unicode NFC (canonical composition) of `s`.
pub fn nfc(s: &str) -> String {
    s.nfc().collect()
}

/// Normalises a single-line field: NFC, trim, and collapse every internal run of
/// whitespace (including any stray newline or tab) into one ASCII space.
pub fn clean(s: &str) -> String {
    collapse_ws(&nfc(s))
}

/// Normalises a multi-line field: NFC, `\r\n` and lone `\r` become `\n`, a tab
/// a space, trailing whitespace is removed from every line, and the whole
/// text is trimmed.
pub fn clean_multiline(s: &str) -> String {
    let s = nfc(s)
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\t', " ");
    let lines: Vec<&str> = s.split('\n').map(str::trim_end).collect();
    lines.join("\n").trim().to_string()
}

/// Diacritic-free search key: NFD, combining marks dropped, `đ`/`Đ` (and the
/// look-alike `ð`/`Ð`) become `d`, lowercased, whitespace collapsed and trimmed.
pub fn fold(s: &str) -> String {
    // One pass, char by char, through a table built once for the first
    // 0x2000 code points (Latin with every Vietnamese letter); anything
    // else is decomposed on its own (marks are dropped, so canonical
    // reordering cannot matter). Equal to
    // `collapse_ws(nfd(lowercase(nfd(s))) without marks, đ → d)`, which the
    // tests check; it runs for every finding when the app starts.
    let table = fold_table();
    let mut out = String::with_capacity(s.len());
    let mut gap = false;
    let mut push = |c: char, out: &mut String| {
        if c.is_whitespace() {
            gap = !out.is_empty();
        } else {
            if gap {
                out.push(' ');
                gap = false;
            }
            out.push(c);
        }
    };
    for c in s.chars() {
        match table.get(c as usize) {
            Some(Folded::One(f)) => push(*f, &mut out),
            Some(Folded::Drop) => {}
            Some(Folded::Many(fs)) => fs.chars().for_each(|f| push(f, &mut out)),
            None => fold_char(c, &mut |f| push(f, &mut out)),
        }
    }
    out
}

/// What one character folds to.
#[derive(Debug, Clone)]
enum Folded {
    One(char),
    Drop,
    Many(Box<str>),
}

fn fold_char(c: char, sink: &mut dyn FnMut(char)) {
    unicode_normalization::char::decompose_canonical(c, |d| {
        for l in d.to_lowercase() {
            unicode_normalization::char::decompose_canonical(l, |x| {
                if !is_combining_mark(x) {
                    sink(if matches!(x, 'đ' | 'ð') { 'd' } else { x });
                }
            });
        }
    });
}

fn fold_table() -> &'static [Folded] {
    static TABLE: std::sync::OnceLock<Vec<Folded>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        (0..0x2000u32)
            .map(|n| {
                let Some(c) = char::from_u32(n) else {
                    return Folded::Drop;
                };
                let mut out = String::new();
                fold_char(c, &mut |f| out.push(f));
                let mut chars = out.chars();
                match (chars.next(), chars.next()) {
                    (None, _) => Folded::Drop,
                    (Some(f), None) => Folded::One(f),
                    _ => Folded::Many(out.into()),
                }
            })
            .collect()
    })
}

/// True if [`fold`] would change `s` beyond case and whitespace, i.e. `s` carries
/// a combining mark (tone, circumflex, breve, horn…) or a `đ`.
pub fn has_diacritics(s: &str) -> bool {
    s.nfd()
        .any(|c| is_combining_mark(c) || matches!(c, 'đ' | 'Đ' | 'ð' | 'Ð'))
}

fn collapse_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

// ---------------------------------------------------------------- tone marks

/// Combining tone marks: huyền, sắc, ngã, hỏi, nặng.
fn is_tone_mark(c: char) -> bool {
    matches!(c, '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}')
}

fn is_vowel(c: char) -> bool {
    matches!(c.to_ascii_lowercase(), 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
}

/// One base letter with the combining marks that follow it (NFD).
struct Unit {
    base: char,
    marks: Vec<char>,
}

impl Unit {
    fn lower(&self) -> char {
        self.base.to_ascii_lowercase()
    }
    /// A plain vowel letter: only tone marks, no circumflex/breve/horn.
    fn is_plain(&self) -> bool {
        self.marks.iter().all(|&m| is_tone_mark(m))
    }
}

/// Canonicalises tone placement to the "new style": for the vowel pairs `oa`,
/// `oe` and `uy` the tone sits on the main (second) vowel, so `"hóa"`→`"hoá"`,
/// `"ủy"`→`"uỷ"`, `"thúy"`→`"thuý"`, `"khỏe"`→`"khoẻ"`. Only well-formed
/// syllables (one vowel pair, one tone, a Vietnamese final consonant or none)
/// are touched; everything else passes through. The result is NFC.
pub fn canonical_tone(s: &str) -> String {
    place_tones(s, true)
}

/// The "old style" of [`canonical_tone`]: in open syllables with `oa`, `oe`
/// or `uy` the tone sits on the first vowel (`"hoá"`→`"hóa"`, `"uỷ"`→`"ủy"`).
pub fn old_style_tone(s: &str) -> String {
    place_tones(s, false)
}

fn place_tones(s: &str, new_style: bool) -> String {
    let chars: Vec<char> = s.nfd().collect();
    let is_word = |c: char| c.is_alphabetic() || is_combining_mark(c);
    let mut out = String::with_capacity(s.len() + 8);
    let mut rest = chars.as_slice();
    while let Some(&c) = rest.first() {
        let n = if is_word(c) {
            rest.iter().position(|&c| !is_word(c)).unwrap_or(rest.len())
        } else {
            1
        };
        let (head, tail) = rest.split_at(n);
        if is_word(c) {
            push_syllable(head, new_style, &mut out);
        } else {
            out.extend(head);
        }
        rest = tail;
    }
    nfc(&out)
}

fn push_syllable(word: &[char], new_style: bool, out: &mut String) {
    match retoned(word, new_style) {
        Some(units) => {
            for u in units {
                out.push(u.base);
                out.extend(u.marks);
            }
        }
        None => out.extend(word),
    }
}

/// Returns the word with its tone moved, or `None` when nothing should change.
fn retoned(word: &[char], new_style: bool) -> Option<Vec<Unit>> {
    let mut units: Vec<Unit> = Vec::new();
    for &c in word {
        if is_combining_mark(c) {
            units.last_mut()?.marks.push(c);
        } else {
            units.push(Unit {
                base: c,
                marks: Vec::new(),
            });
        }
    }
    let first = units.iter().position(|u| is_vowel(u.base))?;
    let vowels = units.iter().filter(|u| is_vowel(u.base)).count();
    let second = first + 1;
    let (v1, v2) = (units.get(first)?, units.get(second)?);
    if vowels != 2 || !is_vowel(v2.base) || !v1.is_plain() || !v2.is_plain() {
        return None;
    }
    if !matches!(
        (v1.lower(), v2.lower()),
        ('o', 'a') | ('o', 'e') | ('u', 'y')
    ) {
        return None;
    }
    // Exactly one tone mark in the word, on the vowel it moves from.
    let tones = units
        .iter()
        .map(|u| u.marks.iter().filter(|&&m| is_tone_mark(m)).count())
        .sum::<usize>();
    let from = if new_style { v1 } else { v2 };
    let tone = from.marks.iter().copied().find(|&m| is_tone_mark(m))?;
    if tones != 1 {
        return None;
    }
    let final_cons: String = units
        .get(second + 1..)?
        .iter()
        .map(|u| if u.marks.is_empty() { u.lower() } else { '?' })
        .collect();
    let closed = !final_cons.is_empty();
    if !matches!(
        final_cons.as_str(),
        "" | "c" | "ch" | "m" | "n" | "ng" | "nh" | "p" | "t"
    ) || (closed && !new_style)
    {
        // Both styles put the tone on the second vowel of a closed syllable.
        return None;
    }
    let (from, to) = if new_style {
        (first, second)
    } else {
        (second, first)
    };
    units.get_mut(from)?.marks.retain(|&m| m != tone);
    units.get_mut(to)?.marks.push(tone);
    Some(units)
}

// ---------------------------------------------------------------- search

#[derive(Debug, Clone)]
enum Term {
    /// Plain query word: substring of `fold(text)`.
    Folded(Box<memchr::memmem::Finder<'static>>),
    /// Query word with diacritics: substring of the lowercased text, in
    /// either tone style (new, old, or as typed).
    Exact(Vec<memchr::memmem::Finder<'static>>),
}

fn finder(w: &str) -> memchr::memmem::Finder<'static> {
    memchr::memmem::Finder::new(w.as_bytes()).into_owned()
}

/// Search matcher. Each whitespace-separated query word must occur at the
/// start of a word of the text (AND). A word
/// that carries diacritics matches exactly (case-insensitive, NFC,
/// [`canonical_tone`]); a word without diacritics matches on [`fold`], so
/// `"khac phuc"` finds `"Đã khắc phục"` but `"đảng"` does not find `"dang"`.
#[derive(Debug, Clone)]
pub struct Query {
    terms: Vec<Term>,
}

impl Query {
    /// Parses a user query.
    pub fn new(q: &str) -> Query {
        let terms = nfc(q)
            .split_whitespace()
            .map(|w| {
                if has_diacritics(w) {
                    {
                        let w = exact_key(w);
                        let mut styles = vec![canonical_tone(&w), old_style_tone(&w), w];
                        styles.sort();
                        styles.dedup();
                        Term::Exact(styles.iter().map(|s| finder(s)).collect())
                    }
                } else {
                    Term::Folded(Box::new(finder(&fold(w))))
                }
            })
            .collect();
        Query { terms }
    }

    /// True when the query has no words (it then matches everything).
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// Does `text` match every query word?
    pub fn matches(&self, text: &str) -> bool {
        let needs_fold = self.terms.iter().any(|t| matches!(t, Term::Folded(_)));
        let folded = if needs_fold {
            fold(text)
        } else {
            String::new()
        };
        self.matches_folded(text, &folded)
    }

    /// Like [`Query::matches`] when the caller already has `folded == fold(text)`.
    pub fn matches_folded(&self, text: &str, folded: &str) -> bool {
        let needs_exact = self.terms.iter().any(|t| matches!(t, Term::Exact(_)));
        let exact = if needs_exact {
            exact_key(text)
        } else {
            String::new()
        };
        self.matches_keys(&exact, folded)
    }

    /// Like [`Query::matches`] given `exact == exact_key(text)` and
    /// `folded == fold(text)`, both computed once ahead.
    pub fn matches_keys(&self, exact: &str, folded: &str) -> bool {
        self.terms.iter().all(|t| match t {
            Term::Folded(w) => at_word_start(folded, w),
            Term::Exact(ws) => ws.iter().any(|w| at_word_start(exact, w)),
        })
    }
}

/// One word of a [`Query`], for callers that search many texts at once.
#[derive(Debug, Clone, Copy)]
pub enum TermRef<'a> {
    /// Found in the folded text.
    Folded(&'a memchr::memmem::Finder<'static>),
    /// Found in the exact text, in any of these spellings.
    Exact(&'a [memchr::memmem::Finder<'static>]),
}

impl Query {
    /// The query's words.
    pub fn term_refs(&self) -> impl Iterator<Item = TermRef<'_>> {
        self.terms.iter().map(|t| match t {
            Term::Folded(w) => TermRef::Folded(w),
            Term::Exact(ws) => TermRef::Exact(ws),
        })
    }
}

/// `needle` occurs in `hay` starting at the beginning of a word, so "ho"
/// finds "hồ sơ" and "học" but not "cho".
fn at_word_start(hay: &str, needle: &memchr::memmem::Finder<'static>) -> bool {
    needle
        .find_iter(hay.as_bytes())
        .any(|i| starts_word(hay, i))
}

/// Whether byte `i` of `hay` begins a word (nothing alphanumeric before it).
pub fn starts_word(hay: &str, i: usize) -> bool {
    match hay.as_bytes().get(..i).and_then(|b| b.last()) {
        None => true,
        Some(b) if b.is_ascii() => !b.is_ascii_alphanumeric(),
        Some(_) => hay
            .get(..i)
            .and_then(|h| h.chars().next_back())
            .is_none_or(|c| !c.is_alphanumeric()),
    }
}

/// What query words with diacritics are matched against: the text
/// lowercased, NFC. Tone placement (`"hoá"`/`"hóa"`) is handled on the query
/// side, which tries both styles, so this stays a cheap pass over the text.
pub fn exact_key(s: &str) -> String {
    let lower = s.to_lowercase();
    if unicode_normalization::is_nfc_quick(lower.chars())
        == unicode_normalization::IsNormalized::Yes
    {
        lower
    } else {
        nfc(&lower)
    }
}

// ---------------------------------------------------------------- collation

/// Vietnamese collation (ICU/CLDR `vi`, numeric ordering on so
/// `"Chi bộ 2" < "Chi bộ 10"`). Build once, reuse. If the ICU data could not
/// be loaded it falls back to comparing [`fold`] keys by code point.
#[derive(Debug)]
pub struct ViCollator {
    inner: Option<CollatorBorrowed<'static>>,
}

impl ViCollator {
    /// Builds the `vi` collator with numeric ordering.
    pub fn new() -> ViCollator {
        let mut prefs: CollatorPreferences = locale!("vi").into();
        prefs.numeric_ordering = Some(CollationNumericOrdering::True);
        ViCollator {
            inner: Collator::try_new(prefs, CollatorOptions::default()).ok(),
        }
    }

    /// Compares two strings in Vietnamese order.
    pub fn compare(&self, a: &str, b: &str) -> Ordering {
        match &self.inner {
            Some(c) => c.compare(a, b),
            None => fold(a).cmp(&fold(b)).then_with(|| a.cmp(b)),
        }
    }
}

impl ViCollator {
    /// A byte string that sorts like [`ViCollator::compare`] (for sorting
    /// many names once: one key per name instead of a collation per comparison).
    pub fn sort_key(&self, s: &str) -> Vec<u8> {
        let mut key = Vec::new();
        match &self.inner {
            Some(c) => {
                let Ok(()) = c.write_sort_key_to(s, &mut key);
            }
            None => key.extend_from_slice(fold(s).as_bytes()),
        }
        // Ties (equal under collation) fall back to the text itself.
        key.push(0);
        key.extend_from_slice(s.as_bytes());
        key
    }
}

impl Default for ViCollator {
    fn default() -> Self {
        Self::new()
    }
}

thread_local! {
    static COLLATOR: ViCollator = ViCollator::new();
}

/// Compares in Vietnamese order using a per-thread [`ViCollator`].
pub fn vi_cmp(a: &str, b: &str) -> Ordering {
    COLLATOR.with(|c| c.compare(a, b))
}

/// [`ViCollator::sort_key`] with a per-thread collator.
pub fn vi_sort_key(s: &str) -> Vec<u8> {
    COLLATOR.with(|c| c.sort_key(s))
}

/// Orders person names by given name (last word), then by the rest (họ và
/// tên đệm): `"Trần Văn Bình" < "Nguyễn Thị Cúc"`.
pub fn person_cmp(a: &str, b: &str) -> Ordering {
    let (ga, ra) = split_name(a);
    let (gb, rb) = split_name(b);
    vi_cmp(&ga, &gb)
        .then_with(|| vi_cmp(&ra, &rb))
        .then_with(|| vi_cmp(a, b))
}

fn split_name(s: &str) -> (String, String) {
    let mut words: Vec<&str> = s.split_whitespace().collect();
    let given = words.pop().unwrap_or_default().to_string();
    (given, words.join(" "))
}

// ---------------------------------------------------------------- width

/// Terminal display width, summed per grapheme cluster (`"a\u{306}\u{301}"` is 1).
pub fn width(s: &str) -> usize {
    s.graphemes(true).map(UnicodeWidthStr::width).sum()
}

/// Cuts `s` at grapheme boundaries to at most `max` cells, appending `'…'`
/// (which counts as one cell) when something was cut.
pub fn truncate_width(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    let Some(budget) = max.checked_sub(1) else {
        return String::new();
    };
    let mut out = String::new();
    let mut used = 0;
    for g in s.graphemes(true) {
        let w = g.width();
        if used + w > budget {
            break;
        }
        used += w;
        out.push_str(g);
    }
    out.push('…');
    out
}

/// [`truncate_width`] to `w` cells, then pads with spaces to exactly `w` cells.
pub fn pad_width(s: &str, w: usize) -> String {
    let mut out = truncate_width(s, w);
    let used = width(&out);
    out.extend(std::iter::repeat_n(' ', w.saturating_sub(used)));
    out
}

/// Removes the last grapheme cluster (Backspace in a text field); false if `s` was empty.
pub fn graphemes_pop(s: &mut String) -> bool {
    match s.grapheme_indices(true).next_back() {
        Some((i, _)) => {
            s.truncate(i);
            true
        }
        None => false,
    }
}

// ---------------------------------------------------------------- numbers

fn group_thousands(n: u128) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// Vietnamese thousands grouping: `14357` → `"14.357"`, `-1200` → `"-1.200"`.
pub fn format_int(n: i64) -> String {
    let body = group_thousands(u128::from(n.unsigned_abs()));
    if n < 0 { format!("-{body}") } else { body }
}

/// Percentage with 2 decimals (half-up) and a decimal comma: `(15, 68)` →
/// `"22,06%"`; a zero denominator gives `"—"`.
pub fn format_percent(num: u64, den: u64) -> String {
    if den == 0 {
        return "—".to_string();
    }
    let (num, den) = (u128::from(num), u128::from(den));
    let hundredths = (num * 10_000 * 2 + den) / (2 * den);
    format!(
        "{},{:02}%",
        group_thousands(hundredths / 100),
        hundredths % 100
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn nfd(s: &str) -> String {
        s.nfd().collect()
    }

    #[test]
    fn nfc_composes() {
        assert_eq!(nfc("a\u{306}\u{301}"), "ắ");
        assert_eq!(nfc(&nfd("Đảng ủy")), "Đảng ủy");
    }

    #[test]
    fn clean_single_line() {
        assert_eq!(
            clean("  Đảng \t ủy\u{a0} phường\n Vị Hoàng "),
            "Đảng ủy phường Vị Hoàng"
        );
        assert_eq!(clean(&nfd(" khắc  phục ")), "khắc phục");
        assert_eq!(clean("   "), "");
    }

    #[test]
    fn clean_multiline_lines() {
        assert_eq!(clean_multiline("\r\n a  \r\nb\t\r\n\r\n"), "a\nb");
        assert_eq!(clean_multiline("x\ry"), "x\ny");
        assert_eq!(
            clean_multiline(&nfd("Ưu điểm:  \n- tốt")),
            "Ưu điểm:\n- tốt"
        );
    }

    #[test]
    fn fold_examples() {
        assert_eq!(fold("Đảng ủy"), "dang uy");
        assert_eq!(fold("  ĐÃ   KHẮC\tPHỤC "), "da khac phuc");
        assert_eq!(fold(&nfd("Nguyễn Thị Ưng")), "nguyen thi ung");
        assert_eq!(fold("TCCSĐ"), "tccsd");
        assert_eq!(fold("Ơ ư ă â ê ô"), "o u a a e o");
    }

    #[test]
    fn diacritics_detection() {
        assert!(has_diacritics("Đảng"));
        assert!(has_diacritics("đ"));
        assert!(has_diacritics(&nfd("ủy")));
        assert!(!has_diacritics("dang"));
        assert!(!has_diacritics("DANG  Uy"));
        assert!(!has_diacritics(""));
    }

    #[test]
    fn tone_canonical() {
        assert_eq!(canonical_tone("uỷ"), canonical_tone("ủy"));
        assert_eq!(canonical_tone("ủy"), "uỷ");
        assert_eq!(canonical_tone("hóa"), "hoá");
        assert_eq!(canonical_tone("hoá"), "hoá");
        assert_eq!(canonical_tone("thúy"), canonical_tone("thuý"));
        assert_eq!(canonical_tone("khỏe"), canonical_tone("khoẻ"));
        assert_eq!(canonical_tone("ỦY BAN"), "UỶ BAN");
        assert_eq!(canonical_tone("cấp ủy, văn hóa."), "cấp uỷ, văn hoá.");
        assert_eq!(canonical_tone("quỷ quỳnh"), "quỷ quỳnh");
        // with a final consonant both styles already agree
        assert_eq!(canonical_tone("hoàng toán khuyến"), "hoàng toán khuyến");
        // misplaced tone before a final consonant is fixed too
        assert_eq!(canonical_tone("hòang"), "hoàng");
        // untouched: other nuclei, no tone, foreign words
        for s in ["của", "quả", "hoài", "khuya", "hoa", "Toyota", "óax", "ặc"] {
            assert_eq!(canonical_tone(s), s);
        }
    }

    #[test]
    fn tone_canonical_nfd_input() {
        let old = nfd("Ủy ban kiểm tra; văn hóa; khỏe");
        assert_eq!(canonical_tone(&old), "Uỷ ban kiểm tra; văn hoá; khoẻ");
        assert_eq!(canonical_tone(&nfd("uỷ")), canonical_tone("ủy"));
    }

    #[test]
    fn query_folded_mode() {
        assert!(Query::new("khac phuc").matches("Đã khắc phục"));
        assert!(Query::new("dang uy").matches("ĐẢNG ỦY"));
        assert!(Query::new("DANG").matches(&nfd("Đảng ủy")));
        assert!(Query::new("phuc khac").matches("Đã khắc phục")); // AND, any order
        assert!(!Query::new("khac phuong").matches("Đã khắc phục"));
        // Words match from their start: "ho" finds "hồ sơ", not "cho".
        assert!(Query::new("ho so").matches("Hồ sơ đảng viên"));
        assert!(!Query::new("ho").matches("Đề nghị cho ý kiến"));
    }

    #[test]
    fn query_exact_mode() {
        assert!(!Query::new("đảng").matches("dang"));
        assert!(Query::new("đảng").matches("BAN CHẤP HÀNH ĐẢNG BỘ"));
        assert!(Query::new("ủy").matches("cấp uỷ"));
        assert!(Query::new("cấp uỷ").matches("Cấp ủy viên"));
        assert!(Query::new("hóa").matches(&nfd("văn hoá")));
        assert!(!Query::new("hòa").matches("hóa"));
        // mixed query: each word picks its own mode
        assert!(Query::new("đảng uy").matches("Đảng ủy"));
        assert!(!Query::new("đảng uy").matches("Dang uy"));
    }

    #[test]
    fn query_empty_and_folded() {
        let q = Query::new("  \t ");
        assert!(q.is_empty());
        assert!(q.matches("anything"));
        let q = Query::new("khac đảng");
        assert!(!q.is_empty());
        let text = "Đảng ủy khắc phục";
        assert!(q.matches_folded(text, &fold(text)));
    }

    #[test]
    fn collator_is_icu_vi() {
        let c = ViCollator::new();
        assert!(c.inner.is_some());
        let chain = |xs: &[&str]| {
            for w in xs.windows(2) {
                assert_eq!(c.compare(w[0], w[1]), Ordering::Less, "{} < {}", w[0], w[1]);
                assert_eq!(vi_cmp(w[0], w[1]), Ordering::Less);
                assert!(
                    vi_sort_key(w[0]) < vi_sort_key(w[1]),
                    "key {} < {}",
                    w[0],
                    w[1]
                );
            }
        };
        chain(&["Dung", "Đức", "Em"]);
        chain(&["d", "đ", "e"]);
        chain(&["a", "ă", "â", "b"]);
        chain(&["e", "ê", "g"]);
        chain(&["o", "ô", "ơ", "p"]);
        chain(&["u", "ư", "v"]);
        chain(&["ma", "mà", "mả", "mã", "má", "mạ"]);
        chain(&["Chi bộ 2", "Chi bộ 10"]);
        chain(&["khóa XI", "khóa XII", "khóa XIII"]);
        assert_eq!(vi_cmp("Đảng", &nfd("Đảng")), Ordering::Equal);
        assert_eq!(ViCollator::default().compare("Zê", "Đa"), Ordering::Greater);
    }

    #[test]
    fn collator_is_send_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<ViCollator>();
        assert_send_sync::<Query>();
    }

    #[test]
    fn fallback_comparison() {
        let c = ViCollator { inner: None };
        assert_eq!(c.compare("dang", "Đảng"), Ordering::Less);
        assert_eq!(c.compare("b", "a"), Ordering::Greater);
    }

    #[test]
    fn person_order() {
        assert_eq!(
            person_cmp("Trần Văn Bình", "Nguyễn Thị Cúc"),
            Ordering::Less
        );
        assert_eq!(person_cmp("Nguyễn Văn An", "Trần Văn An"), Ordering::Less);
        assert_eq!(person_cmp("Lê Đức", "Nguyễn Dũng"), Ordering::Greater);
        let mut names = vec!["Phạm Thị Ánh", "Võ Văn Ba", "Nguyễn An", "Lê Thị Ánh"];
        names.sort_by(|a, b| person_cmp(a, b));
        assert_eq!(
            names,
            ["Nguyễn An", "Lê Thị Ánh", "Phạm Thị Ánh", "Võ Văn Ba"]
        );
        assert_eq!(person_cmp("", "A"), Ordering::Less);
    }

    #[test]
    fn widths() {
        assert_eq!(width("a\u{306}\u{301}"), 1);
        assert_eq!(width("Đảng"), 4);
        assert_eq!(width(&nfd("Đảng ủy")), 7);
        assert_eq!(width("中文"), 4);
        assert_eq!(width(""), 0);
    }

    #[test]
    fn truncate_and_pad() {
        assert_eq!(truncate_width("Đảng ủy", 10), "Đảng ủy");
        assert_eq!(truncate_width("Đảng ủy", 7), "Đảng ủy");
        assert_eq!(truncate_width("Đảng ủy", 5), "Đảng…");
        assert_eq!(truncate_width(&nfd("Đảng ủy"), 3), nfd("Đả") + "…");
        assert_eq!(truncate_width("abc", 0), "");
        assert_eq!(truncate_width("abc", 1), "…");
        assert_eq!(truncate_width("中文字", 4), "中…");
        assert_eq!(pad_width("Đảng", 6), "Đảng  ");
        assert_eq!(pad_width("Đảng ủy", 5), "Đảng…");
        assert_eq!(pad_width("中文字", 5), "中文…");
        assert_eq!(pad_width("中文字", 4), "中… ");
        assert_eq!(width(&pad_width("中文字", 4)), 4);
        assert_eq!(pad_width("", 3), "   ");
    }

    #[test]
    fn backspace_per_grapheme() {
        let mut s = nfd("ủy");
        assert!(graphemes_pop(&mut s));
        assert_eq!(s, nfd("ủ"));
        assert!(graphemes_pop(&mut s));
        assert_eq!(s, "");
        assert!(!graphemes_pop(&mut s));
        let mut s = String::from("a\u{306}\u{301}b\u{306}\u{301}");
        assert!(graphemes_pop(&mut s));
        assert_eq!(s, "a\u{306}\u{301}");
    }

    #[test]
    fn numbers() {
        assert_eq!(format_int(14357), "14.357");
        assert_eq!(format_int(0), "0");
        assert_eq!(format_int(999), "999");
        assert_eq!(format_int(1000), "1.000");
        assert_eq!(format_int(-1_117), "-1.117");
        assert_eq!(format_int(1_234_567), "1.234.567");
        assert_eq!(format_int(i64::MIN), "-9.223.372.036.854.775.808");
        assert_eq!(format_percent(15, 68), "22,06%");
        assert_eq!(format_percent(17, 22), "77,27%");
        assert_eq!(format_percent(1, 1), "100,00%");
        assert_eq!(format_percent(0, 5), "0,00%");
        assert_eq!(format_percent(1, 3), "33,33%");
        assert_eq!(format_percent(2, 3), "66,67%");
        assert_eq!(format_percent(1, 0), "—");
        assert_eq!(format_percent(20, 1), "2.000,00%");
        assert_eq!(
            format_percent(u64::MAX, 1),
            "1.844.674.407.370.955.161.500,00%"
        );
    }

    /// The definition [`fold`] is checked against.
    fn fold_reference(s: &str) -> String {
        let stripped: String = s
            .nfd()
            .flat_map(char::to_lowercase)
            .nfd()
            .filter(|&c| !is_combining_mark(c))
            .map(|c| if matches!(c, 'đ' | 'ð') { 'd' } else { c })
            .collect();
        collapse_ws(&stripped)
    }

    proptest! {
        #[test]
        fn a_query_finds_either_tone_style(s in "[aăâeêioôơuưyđĐAĂÂEÊIOÔƠUƯYbcdhkmnqt \u{300}\u{301}\u{303}\u{309}\u{323}]{0,30}") {
            let new = canonical_tone(&nfc(&s));
            let old = old_style_tone(&new);
            prop_assert!(Query::new(&new).matches(&old), "{new:?} finds {old:?}");
            prop_assert!(Query::new(&old).matches(&new), "{old:?} finds {new:?}");
        }

        #[test]
        fn fold_equals_its_definition(s in "\\PC{0,60}") {
            prop_assert_eq!(fold(&s), fold_reference(&s));
        }

        #[test]
        fn fold_equals_its_definition_vietnamese(s in "[aăâeêioôơuưyđĐAĂÂEÊIOÔƠUƯYẠẶẬỆỘỢỰỲbcdhkmnt \t\n\u{300}\u{301}\u{303}\u{309}\u{323}]{0,40}") {
            prop_assert_eq!(fold(&s), fold_reference(&s));
            prop_assert_eq!(fold(&nfd(&s)), fold_reference(&s));
        }

        #[test]
        fn fold_idempotent_and_short(s in "\\PC{0,40}") {
            let f = fold(&s);
            prop_assert_eq!(fold(&f), f.clone());
            prop_assert!(f.chars().count() <= s.nfd().count());
        }

        #[test]
        fn fold_idempotent_vietnamese(s in "[aăâeêioôơuưyđĐAĂÂEÊIOÔƠUƯYbcdhkmnt \u{300}\u{301}\u{303}\u{309}\u{323}]{0,30}") {
            let f = fold(&s);
            prop_assert_eq!(fold(&f), f.clone());
            prop_assert!(f.chars().count() <= s.nfd().count());
            prop_assert_eq!(canonical_tone(&canonical_tone(&s)), canonical_tone(&s));
        }

        #[test]
        fn truncate_fits(s in "\\PC{0,30}", w in 0usize..20) {
            prop_assert!(width(&truncate_width(&s, w)) <= w);
            prop_assert_eq!(width(&pad_width(&s, w)), w);
        }
    }
}
