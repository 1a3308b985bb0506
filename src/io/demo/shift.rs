//! The demo's free text moves with its dates: a note written "trước ngày
//! 25/11/2026" next to a follow-up dated 18/11/2026 must still say a day
//! a week after it once the demo is shifted to another "today". Full dates
//! (d/m/yyyy) move by the same number of days as every other date of the
//! demo; a month ("tháng 7/2026") moves with its middle day. Years alone
//! ("năm 2025", the year a review covers) name a period, not a day, and stay.

use chrono::{Datelike, Days, NaiveDate};

use crate::domain::date::format_date;

/// `d` moved by `offset` days (unchanged if that leaves the calendar).
fn moved(d: NaiveDate, offset: i64) -> NaiveDate {
    let n = Days::new(offset.unsigned_abs());
    if offset >= 0 {
        d.checked_add_days(n)
    } else {
        d.checked_sub_days(n)
    }
    .unwrap_or(d)
}

/// Up to `max` ASCII digits at the start of `s`, and their value.
fn number(s: &str, max: usize) -> Option<(u32, usize)> {
    let len = s.bytes().take(max).take_while(u8::is_ascii_digit).count();
    (len > 0).then(|| s[..len].parse().ok().map(|n| (n, len)))?
}

/// A date or month written at the start of `s` (`after_thang`: the text
/// before says "tháng"): the text that replaces it and its length.
fn date_at(s: &str, after_thang: bool, offset: i64) -> Option<(String, usize)> {
    let (a, la) = number(s, 2)?;
    let rest = s[la..].strip_prefix('/')?;
    let (b, lb) = number(rest, 4)?;
    let tail = &rest[lb..];
    let ends = |t: &str| !t.starts_with(|c: char| c.is_ascii_digit() || c == '/');
    if let Some(year) = tail.strip_prefix('/').filter(|_| lb <= 2) {
        let (y, ly) = number(year, 4).filter(|(_, l)| *l == 4)?;
        let d = NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, b, a)?;
        ends(&year[ly..]).then(|| (format_date(moved(d, offset)), la + 1 + lb + 1 + ly))
    } else if after_thang && lb == 4 && ends(tail) {
        let d = NaiveDate::from_ymd_opt(i32::try_from(b).ok()?, a, 15)?;
        let m = moved(d, offset);
        // As it was written: "tháng 7/2026", "tháng 01/2027".
        let month = if la == 1 {
            format!("{}/{}", m.month(), m.year())
        } else {
            format!("{:02}/{}", m.month(), m.year())
        };
        Some((month, la + 1 + lb))
    } else {
        None
    }
}

/// `text` with its dates moved by `offset` days.
#[must_use]
pub fn shift_dates(text: &str, offset: i64) -> String {
    if offset == 0 {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        let starts = rest.starts_with(|c: char| c.is_ascii_digit())
            && !text[..i].ends_with(|c: char| c.is_ascii_digit() || c == '/');
        let found = starts
            .then(|| date_at(rest, text[..i].ends_with("tháng "), offset))
            .flatten();
        match found {
            Some((date, len)) => {
                out.push_str(&date);
                i += len;
            }
            None => {
                let c = rest.chars().next().unwrap_or(' ');
                out.push(c);
                i += c.len_utf8();
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_months_move_counts_and_years_stay() {
        let t = "Giải trình trước ngày 25/11/2026; kế hoạch ngày 7/1/2026, \
                 tháng 12/2025 và tháng 7/2026; 438/438 đảng viên, 02/05 đồng chí, năm 2025, quý I/2026.";
        assert_eq!(
            shift_dates(t, 10),
            "Giải trình trước ngày 05/12/2026; kế hoạch ngày 17/01/2026, \
             tháng 12/2025 và tháng 7/2026; 438/438 đảng viên, 02/05 đồng chí, năm 2025, quý I/2026."
        );
        assert_eq!(
            shift_dates("tháng 12/2025, tháng 8 · 16/11/2026–04/12/2026", 20),
            "tháng 01/2026, tháng 8 · 06/12/2026–24/12/2026"
        );
        assert_eq!(shift_dates(t, 0), t);
        assert_eq!(
            shift_dates("31/02/2026 và 1/2/20261", 3),
            "31/02/2026 và 1/2/20261"
        );
    }
}
