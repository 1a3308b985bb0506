//! Three-way merge of a finding changed on two laptops: from the state both
//! started from (`base`), what this laptop holds (`mine`) and what the other
//! made of it (`theirs`). A field changed on one side only takes that side's
//! value; the follow-up history is append-only, so both sides' entries are
//! kept, in the order they were made. The same field changed to different
//! values on both sides is a conflict: nothing is chosen silently.

use super::{Event, Finding, FindingStatus, FollowUp};

/// Calls the macro `$m` with the finding's fields a person sets directly
/// (status and deadline move through the history): the one list the
/// merge, the replay and a settlement go by.
macro_rules! plain_fields {
    ($m:ident) => {
        $m!(
            reference,
            unit,
            visit,
            item,
            title,
            detail,
            cause,
            responsibility,
            remedy,
            severity,
            created,
            origin
        )
    };
}
pub(crate) use plain_fields;

/// Set the field `name` of `to` to `from`'s (status and deadline, which
/// move through the history, excepted); whether `name` is such a field.
pub fn copy_field(to: &mut Finding, from: &Finding, name: &str) -> bool {
    macro_rules! copy {
        ($($f:ident),*) => {
            match name {
                $(stringify!($f) => to.$f.clone_from(&from.$f),)*
                _ => return false,
            }
        };
    }
    plain_fields!(copy);
    true
}

/// The fields changed on both sides to different values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clash(pub Vec<&'static str>);

/// Which side's value a clashing field takes in a provisional merge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Prefer {
    Mine,
    Theirs,
}

/// `mine` and `theirs` combined over `base`.
///
/// # Errors
/// The fields both sides changed differently, or (as `history`) a combined
/// history that does not hold together (a deadline extended on one laptop
/// after the other closed the finding).
pub fn merge(base: &Finding, mine: &Finding, theirs: &Finding) -> Result<Finding, Clash> {
    let (out, clash) = combine(base, mine, theirs, None);
    if clash.is_empty() {
        Ok(out)
    } else {
        Err(Clash(clash))
    }
}

/// [`merge`], and where both sides changed a field two ways the
/// `prefer`red side's value stands in until people settle it: the value
/// every laptop shows meanwhile (the side whose op is later in the log,
/// so that all laptops prefer the same one). Nothing of the other side is
/// dropped from the log; its notes stay in the history; its clashing
/// status steps and extensions are left out of the value only.
/// Returns the value and the fields that clashed (none: a clean merge).
#[must_use]
pub fn provisional(
    base: &Finding,
    mine: &Finding,
    theirs: &Finding,
    prefer: Prefer,
) -> (Finding, Vec<&'static str>) {
    combine(base, mine, theirs, Some(prefer))
}

fn combine(
    base: &Finding,
    mine: &Finding,
    theirs: &Finding,
    prefer: Option<Prefer>,
) -> (Finding, Vec<&'static str>) {
    let mut clashes = Vec::new();
    let mut out = mine.clone();
    macro_rules! field {
        ($($f:ident),*) => {$(
            if mine.$f != theirs.$f {
                if mine.$f == base.$f {
                    out.$f = theirs.$f.clone();
                } else if theirs.$f != base.$f {
                    clashes.push(stringify!($f));
                    if prefer == Some(Prefer::Theirs) {
                        out.$f = theirs.$f.clone();
                    }
                }
            }
        )*};
    }
    plain_fields!(field);
    if mine.id != theirs.id {
        clashes.push("id");
    }
    out.history = united(&base.history, &mine.history, &theirs.history);
    // Status and deadline move only through the history: what the united
    // history says they are, whichever side made each step.
    let mut status = None;
    let mut due = None;
    for h in &out.history {
        match h.event {
            Event::Status { to, .. } => status = Some(to),
            Event::Extended { to, .. } => due = Some(to),
            _ => {}
        }
    }
    out.status = status.unwrap_or(FindingStatus::Open);
    match due {
        Some(d) => out.due = d,
        None => field!(due),
    }
    if out.validate_history().is_err() {
        clashes.push("status");
        clashes.push("history");
        if let Some(p) = prefer {
            let (winner, loser) = match p {
                Prefer::Mine => (mine, theirs),
                Prefer::Theirs => (theirs, mine),
            };
            spine(&mut out, base, winner, loser);
        }
    }
    (out, clashes)
}

/// The winner's history, status and deadline, with every note and
/// re-check the loser added; the loser's extensions too where they still
/// hold on that spine.
fn spine(out: &mut Finding, base: &Finding, winner: &Finding, loser: &Finding) {
    let added = |keep: fn(&Event) -> bool| {
        let mut h = winner.history.clone();
        h.extend(
            loser
                .history
                .iter()
                .filter(|e| {
                    keep(&e.event) && !base.history.contains(e) && !winner.history.contains(e)
                })
                .cloned(),
        );
        h.sort_by_key(|e| e.at);
        h
    };
    out.status = winner.status;
    out.due = winner.due;
    out.history = added(|e| !matches!(e, Event::Status { .. } | Event::Extended { .. }));
    let mut extended = out.clone();
    extended.history = added(|e| !matches!(e, Event::Status { .. }));
    if let Some(to) = extended.history.iter().rev().find_map(|e| match e.event {
        Event::Extended { to, .. } => Some(to),
        _ => None,
    }) {
        extended.due = to;
    }
    if extended.validate_history().is_ok() {
        *out = extended;
    }
}

/// Both histories: the base's entries, then every entry either side added,
/// in the order they were recorded (ties: mine first), each once.
fn united(base: &[FollowUp], mine: &[FollowUp], theirs: &[FollowUp]) -> Vec<FollowUp> {
    let mut out: Vec<FollowUp> = mine.to_vec();
    let added = theirs
        .iter()
        .filter(|h| !base.contains(h) && !mine.contains(h));
    out.extend(added.cloned());
    // Stable: entries recorded at the same instant keep mine-then-theirs.
    out.sort_by_key(|h| h.at);
    out
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, NaiveDate};

    use super::*;
    use crate::domain::finding::{Stamp, sample};
    use crate::domain::{Event, FindingStatus};

    fn day(d: u32, m: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap_or_default()
    }

    fn stamp(by: &str, minutes: i64) -> Stamp {
        Stamp {
            date: day(1, 7),
            at: chrono::DateTime::UNIX_EPOCH + Duration::minutes(minutes),
            by: by.into(),
        }
    }

    #[test]
    fn a_deadline_a_status_and_a_note_made_apart_all_hold() {
        let base = sample();
        // A extends the deadline, B sets the status, then C's note (here
        // merged in two steps, as two imports would).
        let a = base
            .with_extension(day(30, 9), "Đơn vị xin gia hạn", stamp("A", 1))
            .expect("extend");
        let b = base
            .with_status(FindingStatus::InProgress, "Đã họp chi bộ", stamp("B", 2))
            .expect("status");
        let c = base
            .with_note("Đã xem biên bản", stamp("C", 3))
            .expect("note");
        let ab = merge(&base, &a, &b).expect("no clash");
        assert_eq!(ab.due, day(30, 9));
        assert_eq!(ab.status, FindingStatus::InProgress);
        let abc = merge(&base, &ab, &c).expect("no clash");
        let events: Vec<&Event> = abc.history.iter().map(|h| &h.event).collect();
        assert_eq!(events.len(), 3);
        assert!(matches!(events[0], Event::Extended { .. }));
        assert!(matches!(events[1], Event::Status { .. }));
        assert_eq!(events[2], &Event::Note);
        // The same result whichever side is "mine".
        assert_eq!(merge(&base, &b, &a).expect("no clash"), ab);
        // Merging what is already merged changes nothing.
        assert_eq!(merge(&a, &abc, &abc).expect("same"), abc);
        // A later extension on one side wins over a merge that carried the
        // earlier one: the deadline is the history's last.
        let a2 = a
            .with_extension(day(31, 10), "Gia hạn lần hai", stamp("A", 4))
            .expect("extend again");
        let stale = merge(&base, &c, &a).expect("no clash");
        let both = merge(&c, &a2, &stale).expect("no clash");
        assert_eq!(both.due, day(31, 10));
    }

    #[test]
    fn the_same_field_changed_two_ways_is_a_clash() {
        let base = sample();
        let a = base
            .with_status(FindingStatus::InProgress, "A", stamp("A", 1))
            .expect("status");
        let b = base
            .with_status(FindingStatus::Remediated, "B", stamp("B", 2))
            .expect("status");
        assert_eq!(merge(&base, &a, &b), Err(Clash(vec!["status", "history"])));
        let mut t = base.clone();
        t.title = "Tên khác".into();
        let mut u = base.clone();
        u.title = "Tên khác nữa".into();
        assert_eq!(merge(&base, &t, &u), Err(Clash(vec!["title"])));
        // Both to the same value: no clash.
        assert_eq!(merge(&base, &t, &t).expect("same"), t);
    }

    #[test]
    fn an_extension_after_the_other_side_closed_it_is_a_clash() {
        let base = sample();
        let closed = base
            .with_status(FindingStatus::Unremediable, "Giải thể", stamp("A", 1))
            .expect("status");
        let extended = base
            .with_extension(day(30, 9), "Xin gia hạn", stamp("B", 2))
            .expect("extend");
        assert_eq!(
            merge(&base, &closed, &extended),
            Err(Clash(vec!["status", "history"]))
        );
    }
}
