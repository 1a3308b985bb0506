//! Calendar dates the Vietnamese way: parsing user input (dd/mm/yyyy and friends, `+N` days, "hôm nay"), display, weekday names and the administrative long date.

use chrono::{Datelike, Days, NaiveDate, Weekday};

use super::text;

/// Why a date could not be parsed (said in this thread's language,
/// [`crate::i18n::date_error`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateError {
    /// The input was empty or only whitespace.
    Empty,
    /// The input is in none of the accepted forms.
    Format(String),
    /// The month exists but has no such day (e.g. 31/02).
    NoSuchDay {
        /// The input as typed (trimmed, NFC).
        input: String,
        /// The day that was asked for.
        day: u32,
        /// The month (1–12).
        month: u32,
        /// The year.
        year: i32,
    },
    /// The month is not 1–12.
    NoSuchMonth {
        /// The input as typed (trimmed, NFC).
        input: String,
        /// The month that was asked for.
        month: u32,
    },
    /// The year (or the result of `+N`) is outside 1900..=2200.
    Year(String),
}

impl std::fmt::Display for DateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::i18n::date_error(self, crate::i18n::current()))
    }
}

impl std::error::Error for DateError {}

/// Earliest year accepted by [`parse_date`].
const MIN_YEAR: i32 = 1900;
/// Latest year accepted by [`parse_date`].
const MAX_YEAR: i32 = 2200;

/// Parses a date typed by a user. Accepted (after trimming and NFC):
/// `dd/mm/yyyy`, `d/m/yyyy`, `d-m-yyyy`, `dd.mm.yyyy`, two-digit years
/// (`d/m/yy`, `dd-mm-yy`, meaning 20yy), ISO `yyyy-mm-dd`, `+N` / `-N` days
/// from `today`, and `hôm nay` / `hom nay` / `today`. The three parts must use
/// one separator (`3/4-2026` is rejected). Results outside 1900..=2200 are
/// [`DateError::Year`].
pub fn parse_date(input: &str, today: NaiveDate) -> Result<NaiveDate, DateError> {
    let s = text::nfc(input.trim());
    if s.is_empty() {
        return Err(DateError::Empty);
    }
    let folded = text::fold(&s);
    if folded == "hom nay" || folded == "today" {
        return Ok(today);
    }
    if let Some(d) = parse_relative(&s, today)? {
        return check_year(d.year(), &s).map(|()| d);
    }
    let format_err = || DateError::Format(s.clone());
    let (parts, sep) = split_parts(&s).ok_or_else(format_err)?;
    let [a, b, c] = parts;
    let (day, month, year) = if sep == '-' && a.len() == 4 && b.len() <= 2 && c.len() <= 2 {
        (c, b, a)
    } else if a.len() <= 2 && b.len() <= 2 && matches!(c.len(), 2 | 4) {
        (a, b, c)
    } else {
        return Err(format_err());
    };
    let num = |p: &str| p.parse::<u32>().map_err(|_| format_err());
    let (day, month, year_n) = (num(day)?, num(month)?, num(year)?);
    let year = if year.len() == 2 {
        2000 + year_n
    } else {
        year_n
    };
    let year = i32::try_from(year).map_err(|_| DateError::Year(s.clone()))?;
    check_year(year, &s)?;
    if !(1..=12).contains(&month) {
        return Err(DateError::NoSuchMonth { input: s, month });
    }
    NaiveDate::from_ymd_opt(year, month, day).ok_or(DateError::NoSuchDay {
        input: s,
        day,
        month,
        year,
    })
}

/// `+N` / `-N` (optionally with spaces after the sign): `Ok(None)` if `s` is not of that form.
fn parse_relative(s: &str, today: NaiveDate) -> Result<Option<NaiveDate>, DateError> {
    let (forward, rest) = if let Some(r) = s.strip_prefix('+') {
        (true, r)
    } else if let Some(r) = s.strip_prefix('-') {
        (false, r)
    } else {
        return Ok(None);
    };
    let rest = rest.trim_start();
    if rest.is_empty() || !rest.bytes().all(|b| b.is_ascii_digit()) {
        return Err(DateError::Format(s.to_string()));
    }
    let out_of_range = || DateError::Year(s.to_string());
    let n: u64 = rest.parse().map_err(|_| out_of_range())?;
    let d = if forward {
        today.checked_add_days(Days::new(n))
    } else {
        today.checked_sub_days(Days::new(n))
    };
    d.map(Some).ok_or_else(out_of_range)
}

/// Splits `s` into exactly three ASCII-digit groups joined by one and the same
/// separator (`/`, `-` or `.`, spaces around it allowed).
fn split_parts(s: &str) -> Option<([&str; 3], char)> {
    let sep = s.chars().find(|c| matches!(c, '/' | '-' | '.'))?;
    let parts: Vec<&str> = s.split(sep).map(str::trim).collect();
    let &[a, b, c] = parts.as_slice() else {
        return None;
    };
    let ok = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    (ok(a) && ok(b) && ok(c)).then_some(([a, b, c], sep))
}

fn check_year(year: i32, input: &str) -> Result<(), DateError> {
    if (MIN_YEAR..=MAX_YEAR).contains(&year) {
        Ok(())
    } else {
        Err(DateError::Year(input.to_string()))
    }
}

/// A moment as users read it, in local time: `dd/mm/yyyy hh:mm`.
#[must_use]
pub fn format_moment(t: chrono::DateTime<chrono::Utc>) -> String {
    t.with_timezone(&chrono::Local)
        .format("%d/%m/%Y %H:%M")
        .to_string()
}

/// Display form `dd/mm/yyyy`, e.g. `"03/04/2018"`.
#[must_use]
pub fn format_date(d: NaiveDate) -> String {
    format!("{:02}/{:02}/{:04}", d.day(), d.month(), d.year())
}

/// Vietnamese weekday name: `"Thứ Hai"` … `"Thứ Bảy"`, `"Chủ nhật"`.
pub fn weekday_vi(d: NaiveDate) -> &'static str {
    match d.weekday() {
        Weekday::Mon => "Thứ Hai",
        Weekday::Tue => "Thứ Ba",
        Weekday::Wed => "Thứ Tư",
        Weekday::Thu => "Thứ Năm",
        Weekday::Fri => "Thứ Sáu",
        Weekday::Sat => "Thứ Bảy",
        Weekday::Sun => "Chủ nhật",
    }
}

/// English weekday name: `"Monday"` … `"Sunday"`.
pub fn weekday_en(d: NaiveDate) -> &'static str {
    match d.weekday() {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

/// Document header date in administrative style: `"Cần Thơ, ngày 03 tháng 4
/// năm 2018"`. Days 1–9 and months 1–2 get a leading zero (`"ngày 15 tháng
/// 01"`); other months do not. An empty `place` gives just `"ngày … năm …"`.
pub fn long_date_vi(place: &str, d: NaiveDate) -> String {
    let month = if d.month() <= 2 {
        format!("{:02}", d.month())
    } else {
        d.month().to_string()
    };
    let date = format!("ngày {:02} tháng {} năm {}", d.day(), month, d.year());
    let place = text::clean(place);
    if place.is_empty() {
        date
    } else {
        format!("{place}, {date}")
    }
}

/// Number of days from `from` to `to` (`to - from`; negative if `to` is earlier).
pub fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use unicode_normalization::UnicodeNormalization;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        match NaiveDate::from_ymd_opt(y, m, d) {
            Some(date) => date,
            None => panic!("bad test date {y}-{m}-{d}"),
        }
    }
    fn today() -> NaiveDate {
        ymd(2026, 3, 15)
    }
    fn p(s: &str) -> Result<NaiveDate, DateError> {
        parse_date(s, today())
    }

    #[test]
    fn all_formats() {
        let d = ymd(2013, 6, 16);
        assert_eq!(p("16/06/2013"), Ok(d));
        assert_eq!(p("  16/6/2013 "), Ok(d));
        assert_eq!(p("16-6-2013"), Ok(d));
        assert_eq!(p("16.06.2013"), Ok(d));
        assert_eq!(p("16/6/13"), Ok(d));
        assert_eq!(p("16-06-13"), Ok(d));
        assert_eq!(p("16.06.13"), Ok(d));
        assert_eq!(p("2013-06-16"), Ok(d));
        assert_eq!(p("2013-6-16"), Ok(d));
        assert_eq!(p("23-5-2013"), Ok(ymd(2013, 5, 23)));
        assert_eq!(p("3/4/2026"), Ok(ymd(2026, 4, 3)));
        assert_eq!(p("3/4/26"), Ok(ymd(2026, 4, 3)));
        assert_eq!(p("16 / 06 / 2013"), Ok(d));
    }

    #[test]
    fn relative_and_words() {
        assert_eq!(p("+30"), Ok(ymd(2026, 4, 14)));
        assert_eq!(p("-1"), Ok(ymd(2026, 3, 14)));
        assert_eq!(p("+0"), Ok(today()));
        assert_eq!(p("+ 7"), Ok(ymd(2026, 3, 22)));
        assert_eq!(p("hôm nay"), Ok(today()));
        let nfd_hom_nay: String = "Hôm  Nay".nfd().collect();
        assert_eq!(p(&nfd_hom_nay), Ok(today()));
        assert_eq!(p("hom nay"), Ok(today()));
        assert_eq!(p("TODAY"), Ok(today()));
        assert_eq!(p("+"), Err(DateError::Format("+".into())));
        assert_eq!(p("+3x"), Err(DateError::Format("+3x".into())));
        assert_eq!(
            p("+99999999999999999999"),
            Err(DateError::Year("+99999999999999999999".into()))
        );
        assert_eq!(p("+100000"), Err(DateError::Year("+100000".into())));
    }

    #[test]
    fn errors() {
        assert_eq!(p(""), Err(DateError::Empty));
        assert_eq!(p("   "), Err(DateError::Empty));
        assert_eq!(
            p("31/02/2026"),
            Err(DateError::NoSuchDay {
                input: "31/02/2026".into(),
                day: 31,
                month: 2,
                year: 2026
            })
        );
        assert_eq!(
            p("31/02/2026").map_err(|e| crate::i18n::date_error(&e, crate::i18n::Lang::En)),
            Err("\"31/02/2026\": day 31 does not exist in 02/2026".to_string())
        );
        assert_eq!(
            p("31/02/2026").map_err(|e| crate::i18n::date_error(&e, crate::i18n::Lang::Vi)),
            Err("\"31/02/2026\": tháng 02/2026 không có ngày 31".to_string())
        );
        assert_eq!(p("29/02/2028"), Ok(ymd(2028, 2, 29)));
        assert!(matches!(p("29/02/2026"), Err(DateError::NoSuchDay { .. })));
        assert!(matches!(
            p("0/3/2026"),
            Err(DateError::NoSuchDay { day: 0, .. })
        ));
        assert_eq!(
            p("1/13/2026"),
            Err(DateError::NoSuchMonth {
                input: "1/13/2026".into(),
                month: 13
            })
        );
        assert!(matches!(
            p("1/0/2026"),
            Err(DateError::NoSuchMonth { month: 0, .. })
        ));
        assert_eq!(p("3/4-2026"), Err(DateError::Format("3/4-2026".into())));
        assert_eq!(p("1/1/1899"), Err(DateError::Year("1/1/1899".into())));
        assert_eq!(p("1/1/2201"), Err(DateError::Year("1/1/2201".into())));
        assert_eq!(p("1/1/1900"), Ok(ymd(1900, 1, 1)));
        assert_eq!(p("31/12/2200"), Ok(ymd(2200, 12, 31)));
        for bad in [
            "abc",
            "3/4",
            "3/4/5/6",
            "3//2026",
            "003/4/2026",
            "3/4/202",
            "3/4/2",
            "2026/04/03",
            "2026.04.03",
            "１/２/2026",
            "3/4/2026x",
            "ngày mai",
        ] {
            assert_eq!(p(bad), Err(DateError::Format(bad.into())), "{bad}");
        }
        assert!(p("abc").is_err_and(|e| e.to_string().contains("dd/mm/yyyy")));
    }

    #[test]
    fn formatting() {
        let d = ymd(2018, 4, 3);
        assert_eq!(format_date(d), "03/04/2018");
        assert_eq!(format_date(ymd(2013, 12, 16)), "16/12/2013");
        assert_eq!(weekday_vi(d), "Thứ Ba");
        assert_eq!(weekday_en(d), "Tuesday");
        assert_eq!(weekday_vi(ymd(2018, 4, 8)), "Chủ nhật");
        assert_eq!(weekday_vi(ymd(2018, 4, 7)), "Thứ Bảy");
        assert_eq!(weekday_en(ymd(2018, 4, 2)), "Monday");
        assert_eq!(
            long_date_vi("Cần Thơ", d),
            "Cần Thơ, ngày 03 tháng 4 năm 2018"
        );
        assert_eq!(
            long_date_vi("Nam Định", ymd(2024, 1, 15)),
            "Nam Định, ngày 15 tháng 01 năm 2024"
        );
        assert_eq!(
            long_date_vi(" Đà Lạt ", ymd(2024, 2, 9)),
            "Đà Lạt, ngày 09 tháng 02 năm 2024"
        );
        assert_eq!(
            long_date_vi("", ymd(2024, 12, 31)),
            "ngày 31 tháng 12 năm 2024"
        );
        assert_eq!(
            long_date_vi("Hà Nội", ymd(2024, 10, 1)),
            "Hà Nội, ngày 01 tháng 10 năm 2024"
        );
    }

    #[test]
    fn day_counts() {
        assert_eq!(days_between(ymd(2026, 3, 1), ymd(2026, 3, 31)), 30);
        assert_eq!(days_between(ymd(2026, 3, 31), ymd(2026, 3, 1)), -30);
        assert_eq!(days_between(ymd(2028, 2, 28), ymd(2028, 3, 1)), 2);
        assert_eq!(days_between(today(), today()), 0);
    }

    proptest! {
        #[test]
        fn format_parse_roundtrip(offset in 0u64..=(ymd(2200, 12, 31) - ymd(1900, 1, 1)).num_days() as u64) {
            let d = ymd(1900, 1, 1) + Days::new(offset);
            prop_assert_eq!(parse_date(&format_date(d), today()), Ok(d));
            prop_assert_eq!(parse_date(&d.to_string(), today()), Ok(d));
            let dmy = format!("{}-{}-{}", d.day(), d.month(), d.year());
            prop_assert_eq!(parse_date(&dmy, today()), Ok(d));
        }

        #[test]
        fn never_panics(s in "\\PC{0,20}") {
            let _ = parse_date(&s, today());
        }
    }
}
