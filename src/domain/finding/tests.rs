use chrono::{NaiveDate, TimeZone, Utc};

use super::*;
use crate::domain::Id;

fn day(d: u32, m: u32, y: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
}

fn stamp(d: NaiveDate) -> Stamp {
    Stamp {
        date: d,
        at: Utc
            .with_ymd_and_hms(2026, 11, 20, 8, 0, 0)
            .single()
            .expect("valid"),
        by: "Trần Văn Hùng".into(),
    }
}

fn finding() -> Finding {
    super::sample()
}

#[test]
fn legal_path_to_verified_records_each_step() {
    let f = finding();
    let f = f
        .with_status(FindingStatus::InProgress, "bắt đầu", stamp(day(1, 4, 2026)))
        .expect("legal");
    let f = f
        .with_status(FindingStatus::Remediated, "xong", stamp(day(1, 5, 2026)))
        .expect("legal");
    let f = f
        .with_status(
            FindingStatus::Verified,
            "đã kiểm tra",
            stamp(day(2, 5, 2026)),
        )
        .expect("legal");
    assert_eq!(f.status, FindingStatus::Verified);
    assert_eq!(f.history.len(), 3);
    assert_eq!(f.verified_on(), Some(day(2, 5, 2026)));
    assert!(f.status.is_final());
}

#[test]
fn illegal_transitions_are_errors() {
    let f = finding();
    let err = f
        .with_status(FindingStatus::Verified, "x", stamp(day(1, 4, 2026)))
        .expect_err("illegal");
    assert!(matches!(
        err,
        RuleError::IllegalTransition {
            from: FindingStatus::Open,
            to: FindingStatus::Verified,
            ..
        }
    ));
    assert!(err.to_string().contains("Chưa khắc phục"), "{err}");
    let done = f
        .with_status(
            FindingStatus::Unremediable,
            "không thể",
            stamp(day(1, 4, 2026)),
        )
        .expect("legal");
    for to in <FindingStatus as crate::domain::label::Labelled>::ALL {
        assert!(done.with_status(*to, "x", stamp(day(2, 4, 2026))).is_err());
    }
    assert!(
        f.with_status(FindingStatus::InProgress, "  ", stamp(day(1, 4, 2026)))
            .is_err()
    );
}

#[test]
fn extension_needs_reason_and_keeps_old_date() {
    let f = finding();
    let err = f
        .with_extension(day(30, 9, 2026), " ", stamp(day(25, 6, 2026)))
        .expect_err("no reason");
    assert_eq!(
        err,
        RuleError::ExtensionWithoutReason("HK-2026-01-ABC01".into())
    );
    assert!(
        f.with_extension(day(1, 6, 2026), "sớm hơn", stamp(day(25, 6, 2026)))
            .is_err()
    );
    let g = f
        .with_extension(day(30, 9, 2026), "chờ đại hội", stamp(day(25, 6, 2026)))
        .expect("ok");
    assert_eq!(g.due, day(30, 9, 2026));
    assert_eq!(
        g.history[0].event,
        Event::Extended {
            from: day(30, 6, 2026),
            to: day(30, 9, 2026)
        }
    );
    assert_eq!(g.history[0].note, "chờ đại hội");
}

#[test]
fn overdue_is_derived_from_today() {
    let f = finding();
    assert_eq!(f.days_overdue(day(30, 6, 2026)), None);
    assert_eq!(f.days_overdue(day(3, 7, 2026)), Some(3));
    let fixed = f
        .with_status(FindingStatus::Remediated, "xong", stamp(day(1, 7, 2026)))
        .expect("legal");
    assert_eq!(fixed.days_overdue(day(3, 7, 2026)), None);
}

#[test]
fn device_tags_differ_and_references_are_readable() {
    let a = device_tag(Id::from_u128(1));
    let b = device_tag(Id::from_u128(2));
    assert_eq!(a.len(), 3);
    assert_ne!(a, b);
    assert_eq!(reference("HK-2026-01", "QTX", 7), "HK-2026-01-QTX07");
}
