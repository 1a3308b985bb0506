//! The listing view (`<db>/listing.view`): it answers exactly what the
//! store's findings query answers (histories left out), every write removes
//! it, a garbled file is ignored without a panic, and the command line lists
//! from it — even while another process holds the database — and lists the
//! change after a write.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use haukiem::domain::label::Labelled;
use haukiem::domain::{Change, Finding, FindingFilter, FindingStatus, Id, Op, new_id};
use haukiem::store::{Listing, ListingView, Names, Store, StoreError};
use proptest::prelude::*;
use serde_json::Value;

use common::build::{
    TODAY, add_overdue_finding, date, days_from, in_status, open, stamp, template, today, unit,
    visit, worded_finding,
};
use common::cli::{demo_db, listing, ok, overdue_json, references, run, text};
use common::ops::{Action, Kind as K, Mix, action};
use common::run::Run;

/// Searches the view and the store must answer alike: with and without
/// diacritics, in capitals, words that fold to the same letters, a
/// reference prefix, nothing, blanks.
const SEARCHES: [&str; 12] = [
    "sinh hoat",
    "sinh hoạt",
    "SINH HOẠT",
    "khac phuc",
    "khắc phục",
    "đảng",
    "dang",
    "chi bộ",
    "ABC1",
    "kiem diem thieu",
    "zzqxj",
    "   ",
];

fn view_file(dir: &Path) -> PathBuf {
    dir.join(haukiem::store::view::FILE)
}

// ---------------------------------------------------------------------------
// Comparing the view with the store

fn todays() -> Vec<NaiveDate> {
    vec![
        today(),
        days_from(today(), -20),
        days_from(today(), 15),
        date(2100, 1, 1),
    ]
}

/// Filters over what `store` holds: each option alone, combinations, and
/// units and visits that do not exist.
fn filters(store: &Store) -> Vec<FindingFilter> {
    let f = FindingFilter::default;
    let mut out = vec![
        f(),
        FindingFilter {
            overdue: true,
            ..f()
        },
        FindingFilter {
            due_within: Some(0),
            ..f()
        },
        FindingFilter {
            due_within: Some(7),
            ..f()
        },
        FindingFilter {
            due_within: Some(30),
            ..f()
        },
        FindingFilter {
            due_within: Some(u32::MAX),
            ..f()
        },
        FindingFilter {
            overdue: true,
            due_within: Some(7),
            ..f()
        },
        FindingFilter {
            overdue: true,
            due_within: Some(u32::MAX),
            ..f()
        },
        FindingFilter {
            statuses: vec![FindingStatus::Open, FindingStatus::Remediated],
            ..f()
        },
        FindingFilter {
            statuses: vec![
                FindingStatus::InProgress,
                FindingStatus::Verified,
                FindingStatus::Unremediable,
            ],
            ..f()
        },
        // closed findings are never overdue
        FindingFilter {
            statuses: vec![FindingStatus::Remediated],
            overdue: true,
            ..f()
        },
        FindingFilter {
            statuses: vec![FindingStatus::InProgress],
            due_within: Some(30),
            ..f()
        },
        FindingFilter {
            unit: Some(new_id()),
            ..f()
        },
        FindingFilter {
            visit: Some(new_id()),
            overdue: true,
            ..f()
        },
    ];
    for s in FindingStatus::ALL {
        out.push(FindingFilter {
            statuses: vec![*s],
            ..f()
        });
    }
    for q in SEARCHES {
        out.push(FindingFilter {
            search: Some(q.into()),
            ..f()
        });
    }
    for q in ["sinh hoat", "sinh hoạt", "dang"] {
        out.push(FindingFilter {
            search: Some(q.into()),
            overdue: true,
            due_within: Some(10),
            ..f()
        });
        out.push(FindingFilter {
            search: Some(q.into()),
            statuses: vec![FindingStatus::Open, FindingStatus::Verified],
            ..f()
        });
    }
    for u in store.units().expect("units") {
        out.push(FindingFilter {
            unit: Some(u.id),
            ..f()
        });
        out.push(FindingFilter {
            unit: Some(u.id),
            overdue: true,
            ..f()
        });
        out.push(FindingFilter {
            unit: Some(u.id),
            statuses: vec![FindingStatus::Open],
            search: Some("sinh hoat".into()),
            ..f()
        });
    }
    for v in store.visits().expect("visits") {
        out.push(FindingFilter {
            visit: Some(v.id),
            ..f()
        });
        out.push(FindingFilter {
            visit: Some(v.id),
            overdue: true,
            due_within: Some(7),
            ..f()
        });
        out.push(FindingFilter {
            visit: Some(v.id),
            unit: v.units.first().copied(),
            search: Some("chi".into()),
            ..f()
        });
    }
    out
}

fn refs(found: &[Finding]) -> Vec<&str> {
    found.iter().map(|f| f.reference.as_str()).collect()
}

/// What the store answers, without the follow-up history.
fn store_answer(store: &Store, filter: &FindingFilter, today: NaiveDate) -> Vec<Finding> {
    let mut found = store.query_findings(filter, today).expect("store query");
    for f in &mut found {
        f.history.clear();
    }
    found
}

/// Names holds each listed finding's unit (code, name) and visit code, and
/// nothing else.
fn assert_names(store: &Store, found: &[Finding], names: &Names, context: &str) {
    let units: BTreeSet<Id> = found.iter().map(|f| f.unit).collect();
    let visits: BTreeSet<Id> = found.iter().map(|f| f.visit).collect();
    assert_eq!(
        names.units.keys().copied().collect::<BTreeSet<_>>(),
        units,
        "unit names of {context}"
    );
    assert_eq!(
        names.visits.keys().copied().collect::<BTreeSet<_>>(),
        visits,
        "visit names of {context}"
    );
    for id in units {
        let u = store.unit(id).expect("unit").expect("a listed unit exists");
        assert_eq!(names.units[&id], (u.code, u.name), "{context}");
    }
    for id in visits {
        let v = store
            .visit(id)
            .expect("visit")
            .expect("a listed visit exists");
        assert_eq!(names.visits[&id], v.code, "{context}");
    }
}

fn assert_same(view: &ListingView, store: &Store, filter: &FindingFilter, today: NaiveDate) {
    let context = format!("{filter:?} as of {today}");
    let (found, names) = view.query(filter, today).expect("view query");
    let expected = store_answer(store, filter, today);
    assert_eq!(refs(&found), refs(&expected), "references of {context}");
    assert_eq!(found, expected, "findings of {context}");
    assert!(found.iter().all(|f| f.history.is_empty()));
    assert_names(store, &found, &names, &context);
}

/// The view on disk answers every filter, as of every day, like the store;
/// its code lookups agree with the store's.
fn assert_view_matches(store: &Store) {
    let view = ListingView::load(store.path()).expect("the view on disk loads");
    for today in todays() {
        for filter in filters(store) {
            assert_same(&view, store, &filter, today);
        }
    }
    for u in store.units().expect("units") {
        assert_eq!(view.unit_id(&u.code), Some(u.id), "unit {}", u.code);
    }
    for v in store.visits().expect("visits") {
        assert_eq!(view.visit_id(&v.code), Some(v.id), "visit {}", v.code);
    }
    assert_eq!(view.unit_id("KHONG-CO"), None);
    assert_eq!(view.visit_id("KHONG-CO"), None);
    assert_dashboard_matches(&view, store);
}

/// What the app's first frame reads (units in order, the dashboard's
/// figures, counts by unit) is the same from the view as from the store.
fn assert_dashboard_matches(view: &ListingView, store: &Store) {
    let units = Listing::units_in_order(store).expect("units from the store");
    assert_eq!(
        Listing::units_in_order(view).expect("units from the view"),
        units
    );
    assert_eq!(
        Listing::status_by_unit(view).expect("view"),
        Listing::status_by_unit(store).expect("store"),
        "counts by unit and status"
    );
    let ids: Vec<Id> = units.iter().map(|u| u.id).collect();
    for today in todays() {
        assert_eq!(
            Listing::summary(view, today).expect("view"),
            Listing::summary(store, today).expect("store"),
            "summary as of {today}"
        );
        assert_eq!(
            Listing::overdue_by_unit(view, &ids, today).expect("view"),
            Listing::overdue_by_unit(store, &ids, today).expect("store"),
            "overdue by unit as of {today}"
        );
    }
}

/// A cheaper check, after every step: a view on disk is never stale.
fn assert_view_current(store: &Store) {
    if !view_file(store.path()).exists() {
        return;
    }
    let view = ListingView::load(store.path()).expect("a view on disk loads");
    for filter in [
        FindingFilter::default(),
        FindingFilter {
            overdue: true,
            ..FindingFilter::default()
        },
    ] {
        assert_same(&view, store, &filter, today());
    }
}

// ---------------------------------------------------------------------------
// Random sequences of operations (the shared model, `common::run`)

/// What the view property draws: changes that move findings in and out of
/// listings, renames of what listings name, writing the view and reopening
/// the database.
const MIX: &Mix = &[
    (1, &[K::RenameUnit, K::RenameVisit, K::Note, K::Reopen]),
    (1, &[K::DeleteFinding, K::DeleteUnit, K::DeleteVisit]),
    (2, &[K::Unit, K::Visit]),
    (3, &[K::ValidExtend, K::Undo, K::WriteView]),
    (5, &[K::LegalStatus]),
    (6, &[K::Finding]),
];

fn run_sequence(actions: &[Action]) -> (usize, usize) {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let mut run = Run::new(populated(dir.path(), 0));
    for a in actions {
        run.step(a);
        run.check(a);
        match a {
            // Compare it with the store on every filter.
            Action::WriteView => assert_view_matches(run.store()),
            _ => assert_view_current(run.store()),
        }
    }
    // The final state, whatever was written last.
    let store = run.store();
    store.write_view().expect("write the view");
    assert_view_matches(store);
    (run.accepted, run.rejected)
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 24,
        max_shrink_iters: 128,
        ..ProptestConfig::default()
    })]

    #[test]
    fn the_view_answers_like_the_store_after_random_ops(
        actions in proptest::collection::vec(action(MIX), 10..=40)
    ) {
        let (accepted, rejected) = run_sequence(&actions);
        prop_assert!(accepted > 0);
        eprintln!("{} actions: {accepted} writes accepted, {rejected} refused", actions.len());
    }
}

// ---------------------------------------------------------------------------
// Plain tests of the store side

/// A store with a template, two units, a visit and `n` findings in every
/// status, due around today (a quarter of the references unpadded).
fn populated(dir: &Path, n: usize) -> Store {
    let store = open(dir);
    let t = template(1);
    let u1 = unit("U-A", None);
    let u2 = unit("U-B", Some(u1.id));
    let v = visit("HK-00", t.id, vec![u1.id, u2.id]);
    let mut changes = vec![
        Change::create(t.clone()),
        Change::create(u1.clone()),
        Change::create(u2.clone()),
        Change::create(v.clone()),
    ];
    for i in 0..n {
        let reference = if i % 4 == 0 {
            format!("HK-00-ABC{i}")
        } else {
            format!("HK-00-ABC{i:03}")
        };
        let due = days_from(today(), (i % 41) as i64 - 20);
        let u = if i % 3 == 0 { u2.id } else { u1.id };
        let item = i.is_multiple_of(2).then_some("I.1");
        let f = worded_finding(&reference, u, v.id, item, due, i);
        let f = in_status(f, FindingStatus::ALL[(i * 7 / 3) % 5]);
        changes.push(Change::create(f.clone()));
    }
    let ops: Vec<Op> = changes
        .into_iter()
        .map(|c| store.new_op(c, None).expect("op"))
        .collect();
    assert_eq!(store.apply_all(&ops).expect("apply"), ops.len());
    store
}

#[test]
fn a_long_listing_decoded_in_parallel_keeps_the_order() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    // More than 256 findings kept: the view decodes on two threads.
    let store = populated(dir.path(), 700);
    store.write_view().expect("write the view");
    let view = ListingView::load(store.path()).expect("load");
    let (all, _) = view
        .query(&FindingFilter::default(), today())
        .expect("query");
    assert_eq!(all.len(), 700);
    assert!(
        all.windows(2)
            .all(|w| (w[0].due, &w[0].reference) < (w[1].due, &w[1].reference)),
        "listing order: due date, then reference"
    );
    assert_view_matches(&store);
}

#[test]
fn every_write_removes_the_view_and_a_new_one_shows_the_change() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let store = populated(dir.path(), 12);
    let file = view_file(store.path());
    assert!(!file.exists(), "nothing wrote a view yet");
    store.write_view().expect("write");
    assert!(file.exists());
    let temporaries: Vec<_> = std::fs::read_dir(store.path())
        .expect("the database directory")
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(temporaries.is_empty(), "the temporary file was renamed");

    // A status change.
    let open_now = FindingFilter {
        statuses: vec![FindingStatus::Open],
        ..FindingFilter::default()
    };
    let before = ListingView::load(store.path())
        .expect("load")
        .query(&open_now, today())
        .expect("query")
        .0;
    let target = store
        .finding_by_ref(&before[0].reference)
        .expect("read")
        .expect("stored");
    let moved = target
        .with_status(FindingStatus::InProgress, "Đang khắc phục", stamp(today()))
        .expect("legal");
    let op = store
        .commit(Change::update(target.clone(), moved.clone()), None)
        .expect("commit");
    assert!(!file.exists(), "a commit removes the view");
    store.write_view().expect("write");
    let (after, _) = ListingView::load(store.path())
        .expect("load")
        .query(&open_now, today())
        .expect("query");
    assert_eq!(after.len(), before.len() - 1);
    assert!(after.iter().all(|f| f.reference != target.reference));
    assert_view_matches(&store);

    // Undo.
    store.undo(&op).expect("undo");
    assert!(!file.exists(), "an undo removes the view");
    store.write_view().expect("write");
    let (undone, _) = ListingView::load(store.path())
        .expect("load")
        .query(&open_now, today())
        .expect("query");
    assert_eq!(refs(&undone), refs(&before));
    assert_view_matches(&store);

    // A deadline extension moves a finding out of the overdue listing.
    let overdue = FindingFilter {
        overdue: true,
        ..FindingFilter::default()
    };
    let late = ListingView::load(store.path())
        .expect("load")
        .query(&overdue, today())
        .expect("query")
        .0;
    let target = store
        .finding_by_ref(&late[0].reference)
        .expect("read")
        .expect("stored");
    let reason = "Gia hạn theo đề nghị của chi bộ";
    let extended = target
        .with_extension(days_from(today(), 10), reason, stamp(today()))
        .expect("legal");
    store
        .commit(
            Change::update(target.clone(), extended.clone()),
            Some(reason.into()),
        )
        .expect("commit");
    assert!(!file.exists(), "an extension removes the view");
    store.write_view().expect("write");
    let (still_late, _) = ListingView::load(store.path())
        .expect("load")
        .query(&overdue, today())
        .expect("query");
    assert_eq!(still_late.len(), late.len() - 1);
    assert!(still_late.iter().all(|f| f.reference != target.reference));
    assert_view_matches(&store);

    // An import (units CSV) through `haukiem::io`.
    let csv = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/units_small.csv");
    let done = haukiem::io::import_files(&store, &[csv]).expect("import");
    assert_eq!(done.units, 4);
    assert!(!file.exists(), "an import removes the view");
    store.write_view().expect("write");
    let view = ListingView::load(store.path()).expect("load");
    let id = view
        .unit_id("HT-XA-X1")
        .expect("the imported unit is in the view");
    assert_eq!(
        Some(id),
        store.unit_by_code("HT-XA-X1").expect("read").map(|u| u.id)
    );
    assert_view_matches(&store);

    // A deletion.
    let gone = store
        .finding_by_ref(&before[1].reference)
        .expect("read")
        .expect("stored");
    store
        .commit(Change::delete(gone.clone()), None)
        .expect("delete");
    assert!(!file.exists(), "a deletion removes the view");
    store.write_view().expect("write");
    let (all, _) = ListingView::load(store.path())
        .expect("load")
        .query(&FindingFilter::default(), today())
        .expect("query");
    assert_eq!(all.len(), 11);
    assert!(all.iter().all(|f| f.reference != gone.reference));
    assert_view_matches(&store);
}

// ---------------------------------------------------------------------------
// Garbled files

/// Where the records start in a view file of `store`: the records are the
/// findings without history, each in the store's envelope, back to back at
/// the end of the file (found this way, the test does not depend on the
/// header's layout).
fn records_at(bytes: &[u8], store: &Store) -> usize {
    let records: usize = store
        .findings()
        .expect("findings")
        .into_iter()
        .map(|mut f| {
            f.history.clear();
            haukiem::store::format::encode(&f).expect("encode").len()
        })
        .sum();
    let at = bytes.len() - records;
    assert_eq!(bytes[at], b'H', "records start with the envelope");
    at
}

/// A small store's view file, and a scratch directory to plant copies in.
struct Garble {
    _db: tempfile::TempDir,
    store: Store,
    bytes: Vec<u8>,
    /// Where the index length (u64, little-endian) is.
    len_at: usize,
    /// Where the records start.
    records_at: usize,
    scratch: tempfile::TempDir,
}

fn garble() -> Garble {
    let db = tempfile::TempDir::new().expect("temp dir");
    let store = populated(db.path(), 15);
    store.write_view().expect("write");
    let bytes = std::fs::read(view_file(store.path())).expect("read the view");
    assert_eq!(&bytes[..6], b"HKVIEW", "the file's magic");
    let records_at = records_at(&bytes, &store);
    // The index length is stored just before the index's CRC-32 and the index.
    let len_at = (8..records_at - 12)
        .find(|&o| {
            let n = u64::from_le_bytes(bytes[o..o + 8].try_into().expect("8 bytes"));
            usize::try_from(n).is_ok_and(|n| n == records_at - o - 12)
        })
        .expect("the index length is in the header");
    Garble {
        _db: db,
        store,
        bytes,
        len_at,
        records_at,
        scratch: tempfile::TempDir::new().expect("temp dir"),
    }
}

impl Garble {
    /// Load `bytes` as a view.
    fn load(&self, bytes: &[u8]) -> Option<ListingView> {
        use std::io::Write;
        // Overwritten in place, not truncated to zero first: ext4 flushes a
        // file truncated to zero when it is closed, which makes thousands of
        // plantings slow.
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(view_file(self.scratch.path()))
            .expect("open");
        f.write_all(bytes).expect("write");
        f.set_len(bytes.len() as u64).expect("set length");
        drop(f);
        // The file alone, whatever the proof beside it says.
        ListingView::read(self.scratch.path())
    }

    /// Run every filter on a loaded garbled view: no panic; errors are clean.
    /// Run `filters` on a loaded garbled view: no panic, errors are clean.
    /// Each answer, `None` for an error.
    fn query_all(
        &self,
        view: &ListingView,
        filters: &[FindingFilter],
        what: &str,
    ) -> Vec<Option<Vec<Finding>>> {
        filters
            .iter()
            .map(|filter| {
                let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    view.query(filter, today())
                }));
                match outcome {
                    Err(_) => panic!("the view panicked on {filter:?} ({what})"),
                    Ok(Ok((found, _))) => Some(found),
                    Ok(Err(e)) => {
                        assert!(
                            matches!(e, StoreError::Corrupt { .. } | StoreError::Io { .. }),
                            "{what}: {e}"
                        );
                        None
                    }
                }
            })
            .collect()
    }
}

#[test]
fn the_intact_file_loads_and_answers() {
    let g = garble();
    let view = g.load(&g.bytes).expect("an intact copy loads anywhere");
    let all = filters(&g.store);
    let answers = g.query_all(&view, &all, "intact");
    for (f, found) in all.iter().zip(answers) {
        assert_eq!(found, Some(store_answer(&g.store, f, today())), "{f:?}");
    }
    assert_same(&view, &g.store, &FindingFilter::default(), today());
}

#[test]
fn truncated_files_are_ignored() {
    let g = garble();
    for len in 0..g.bytes.len() {
        assert!(
            g.load(&g.bytes[..len]).is_none(),
            "a view cut to {len} of {} bytes was loaded",
            g.bytes.len()
        );
    }
}

#[test]
fn empty_wrong_magic_trailing_garbage_and_absurd_lengths_are_ignored() {
    let g = garble();
    assert!(g.load(&[]).is_none(), "empty file");
    for i in 0..8 {
        let mut b = g.bytes.clone();
        b[i] ^= 0x20;
        assert!(g.load(&b).is_none(), "magic byte {i} changed");
    }
    for version in [g.bytes[7].wrapping_sub(1), g.bytes[7].wrapping_add(1)] {
        let mut b = g.bytes.clone();
        b[7] = version;
        assert!(g.load(&b).is_none(), "another version of the file");
    }
    for extra in [&[0u8][..], &[0xFF; 100][..], &g.bytes[..]] {
        let b = [&g.bytes[..], extra].concat();
        assert!(
            g.load(&b).is_none(),
            "{} bytes of trailing garbage",
            extra.len()
        );
    }
    // Every change of the index length.
    for bit in 0..64 {
        let mut b = g.bytes.clone();
        b[g.len_at + bit / 8] ^= 1 << (bit % 8);
        assert!(g.load(&b).is_none(), "index length bit {bit} flipped");
    }
    let mut huge = g.bytes.clone();
    huge[g.len_at..g.len_at + 8].copy_from_slice(&u64::MAX.to_le_bytes());
    assert!(g.load(&huge).is_none(), "index length u64::MAX");
    // Not a file at all.
    let dir = tempfile::TempDir::new().expect("temp dir");
    std::fs::create_dir(view_file(dir.path())).expect("mkdir");
    assert!(ListingView::read(dir.path()).is_none(), "a directory");
    assert!(ListingView::read(&dir.path().join("missing")).is_none());
}

#[test]
fn flipped_bytes_in_the_index_never_panic() {
    let g = garble();
    let all = filters(&g.store);
    let expected: Vec<Vec<Finding>> = all
        .iter()
        .map(|f| store_answer(&g.store, f, today()))
        .collect();
    let (mut loaded, mut errors, mut wrong) = (0, 0, 0);
    for i in 8..g.records_at {
        for mask in [0x01u8, 0x80, 0xFF] {
            let mut b = g.bytes.clone();
            b[i] ^= mask;
            if let Some(view) = g.load(&b) {
                loaded += 1;
                let answers = g.query_all(&view, &all, &format!("index byte {i} ^ {mask:#04x}"));
                errors += answers.iter().filter(|a| a.is_none()).count();
                // The index's CRC-32 and each record's catch a flip: a
                // view that still loads lists what the store lists, or refuses.
                if answers
                    .iter()
                    .zip(&expected)
                    .any(|(a, want)| a.as_ref().is_some_and(|found| found != want))
                {
                    wrong += 1;
                }
            }
        }
    }
    eprintln!(
        "{} index flips: {loaded} still loaded, {errors} queries refused, \
         {wrong} loaded views list something else than the store",
        3 * (g.records_at - 8)
    );
    assert_eq!(wrong, 0, "a flipped byte changed a listing unnoticed");
}

#[test]
fn flipped_bytes_in_the_records_never_panic_and_a_bad_record_is_an_error() {
    let g = garble();
    // Listings that read every record, some, or none.
    let some = [
        FindingFilter::default(),
        FindingFilter {
            overdue: true,
            due_within: Some(7),
            ..FindingFilter::default()
        },
        FindingFilter {
            statuses: vec![FindingStatus::Open],
            search: Some("sinh hoat".into()),
            ..FindingFilter::default()
        },
        FindingFilter {
            due_within: Some(0),
            ..FindingFilter::default()
        },
    ];
    let full = store_answer(&g.store, &FindingFilter::default(), today());
    let (mut refused, mut wrong) = (0, 0);
    for i in g.records_at..g.bytes.len() {
        let mut b = g.bytes.clone();
        b[i] ^= 0xFF;
        if let Some(view) = g.load(&b) {
            match &g.query_all(&view, &some, &format!("record byte {i}"))[0] {
                None => refused += 1,
                Some(found) if *found != full => wrong += 1,
                Some(_) => {}
            }
        }
    }
    eprintln!(
        "{} record flips: the full listing refused {refused}, different {wrong}",
        g.bytes.len() - g.records_at
    );
    assert_eq!(
        wrong, 0,
        "a flipped record byte changed a listing unnoticed"
    );
    assert_eq!(
        refused,
        g.bytes.len() - g.records_at,
        "every flip is refused"
    );
    // The first record's envelope broken: the index still loads, and a
    // listing that reads the record fails cleanly.
    let mut b = g.bytes.clone();
    b[g.records_at] = 0;
    let view = g.load(&b).expect("the index is intact");
    let err = view
        .query(&FindingFilter::default(), today())
        .expect_err("the record does not decode");
    assert!(
        matches!(err, StoreError::Corrupt { tree, .. } if tree == haukiem::store::view::FILE),
        "{err}"
    );
}

// ---------------------------------------------------------------------------
// The command line

fn json_refs(listing: &str) -> Vec<String> {
    let rows: Value = serde_json::from_str(listing).expect("JSON");
    references(rows.as_array().expect("an array"))
}

#[cfg(unix)]
fn inode(p: &Path) -> u64 {
    std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(p).expect("metadata"))
}

#[test]
fn cli_lists_from_the_view_and_a_write_removes_it() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let db = demo_db(dir.path());
    let file = view_file(&db);
    assert!(!file.exists(), "loading the demo writes no view");

    let first = overdue_json(&db);
    assert!(file.exists(), "the first listing writes the view");
    assert!(
        !json_refs(&first).is_empty(),
        "the demo has overdue findings"
    );
    #[cfg(unix)]
    let ino = inode(&file);
    let second = overdue_json(&db);
    assert_eq!(first, second, "the view lists what the database listed");
    #[cfg(unix)]
    assert_eq!(
        inode(&file),
        ino,
        "the second listing read the view, not rewrote it"
    );

    // Every option: from the database (no view), then from the view.
    let e: Value = serde_json::from_str(&ok(&db, &["export"])).expect("export");
    let unit = e["units"][0]["code"]
        .as_str()
        .expect("unit code")
        .to_string();
    let visit = e["visits"][0]["code"]
        .as_str()
        .expect("visit code")
        .to_string();
    let cases: Vec<Vec<&str>> = vec![
        vec![],
        vec!["--format", "json"],
        vec!["--format", "csv"],
        vec!["--lang", "en"],
        vec!["--due-within", "7", "--format", "json"],
        vec!["--overdue", "--due-within", "30", "--format", "csv"],
        vec!["--status", "mo", "--status", "da", "--format", "json"],
        vec!["--status", "xm"],
        vec!["--unit", &unit, "--format", "json"],
        vec!["--visit", &visit, "--overdue", "--format", "json"],
        vec!["--search", "sinh hoat", "--format", "json"],
        vec!["--search", "sinh hoạt", "--format", "json"],
        vec!["--search", "khac phuc", "--status", "dang"],
    ];
    for args in &cases {
        std::fs::remove_file(&file).expect("remove the view");
        let from_db = listing(&db, args);
        assert!(file.exists(), "{args:?} wrote the view");
        let from_view = listing(&db, args);
        assert_eq!(from_db, from_view, "findings {args:?}");
    }
    let out = run(&db, &["findings", "--today", TODAY, "--unit", "KHONG-CO"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("--unit: không có đơn vị mã KHONG-CO"));

    // A second database with one more overdue finding, exported and
    // imported through the command line.
    let a_json = dir.path().join("a.json");
    let b_json = dir.path().join("b.json");
    ok(&db, &["export", "-o", a_json.to_str().expect("path")]);
    let other = dir.path().join("other");
    ok(&other, &["import", a_json.to_str().expect("path")]);
    let added = add_overdue_finding(&open(&other), "ZZZ", 1);
    ok(&other, &["export", "-o", b_json.to_str().expect("path")]);
    assert!(!json_refs(&overdue_json(&db)).contains(&added));
    assert!(file.exists());
    ok(&db, &["import", b_json.to_str().expect("path")]);
    assert!(!file.exists(), "the import removed the view");
    let third = overdue_json(&db);
    assert!(file.exists(), "the next listing wrote it again");
    let mut want = json_refs(&first);
    want.push(added.clone());
    want.sort();
    let mut got = json_refs(&third);
    got.sort();
    assert_eq!(got, want, "the new overdue finding is listed");
    assert_eq!(third, overdue_json(&db), "and the view lists it too");
}

#[test]
fn cli_lists_from_the_view_while_another_process_holds_the_database() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let db = demo_db(dir.path());
    let file = view_file(&db);
    let before = overdue_json(&db);
    let table = listing(&db, &["--lang", "en"]);
    assert!(file.exists());

    let store = Store::open(&db).expect("open the database in this process");
    assert!(file.exists(), "opening the database keeps the view");
    assert_eq!(overdue_json(&db), before, "listed from the view");
    assert_eq!(listing(&db, &["--lang", "en"]), table);

    std::fs::remove_file(&file).expect("remove the view");
    let out = run(&db, &["findings", "--overdue", "--today", TODAY]);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("đang mở trong một cửa sổ haukiem khác"),
        "{err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    assert!(!file.exists());
    drop(store);
    assert_eq!(overdue_json(&db), before);
}

/// A view whose records fail their checks when a listing reads them is
/// ignored like one that fails to load: the listing answers from the
/// database (and writes a fresh view).
#[test]
fn cli_ignores_a_view_whose_records_do_not_decode() {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let db = demo_db(dir.path());
    let file = view_file(&db);
    let before = overdue_json(&db);
    let mut bytes = std::fs::read(&file).expect("read the view");
    let store = Store::open(&db).expect("open");
    let at = records_at(&bytes, &store);
    drop(store);
    bytes[at] = 0;
    std::fs::write(&file, &bytes).expect("write");
    assert!(ListingView::load(&db).is_some(), "the index still loads");

    assert_eq!(overdue_json(&db), before);
    let fresh = ListingView::load(&db).expect("the listing wrote a fresh view");
    fresh
        .query(&FindingFilter::default(), today())
        .expect("the fresh view reads back");
}

/// The app writes views on a background thread while it commits changes:
/// a view built across a commit is never put in place, so between commits
/// any view on disk shows the current state.
#[test]
fn a_view_written_while_changes_are_committed_is_never_stale() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    let dir = tempfile::TempDir::new().expect("temp dir");
    let store = Arc::new(populated(dir.path(), 40));
    let stop = Arc::new(AtomicBool::new(false));
    let written = Arc::new(AtomicUsize::new(0));
    let writer = {
        let (store, stop, written) = (Arc::clone(&store), Arc::clone(&stop), Arc::clone(&written));
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                store.write_view().expect("write view");
                written.fetch_add(1, Ordering::Relaxed);
            }
        })
    };
    let mut checked = 0;
    for round in 0..60 {
        // A new title for one active finding, each round.
        let f = store
            .findings()
            .expect("findings")
            .into_iter()
            .find(|f| f.status.is_active())
            .expect("an active finding");
        let mut changed = f.clone();
        changed.title = format!("Hồ sơ đảng viên chưa bổ sung đầy đủ (lần {round})");
        store
            .commit(Change::update(f.clone(), changed.clone()), None)
            .expect("commit");
        // Nothing changes until the next commit: let the writer finish a
        // view or two (or one begun before the commit), then look.
        std::thread::sleep(std::time::Duration::from_millis(round % 12));
        // On a loaded machine the writer may need longer: wait for a view
        // (a bounded while), so that views are checked whatever the load.
        let until = std::time::Instant::now() + std::time::Duration::from_secs(2);
        while !view_file(store.path()).exists() && std::time::Instant::now() < until {
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        if view_file(store.path()).exists() {
            assert_view_current(&store);
            checked += 1;
        }
    }
    stop.store(true, Ordering::Relaxed);
    writer.join().expect("writer");
    assert!(written.load(Ordering::Relaxed) > 5, "the writer ran");
    assert!(checked > 5, "views were found and checked: {checked}");
    eprintln!(
        "{} views written, {checked} found on disk after a commit",
        written.load(Ordering::Relaxed)
    );
}
