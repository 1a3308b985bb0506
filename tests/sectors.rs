//! Sector variants of the checklist: one template carries items for
//! xã/phường, cơ quan, đơn vị sự nghiệp and doanh nghiệp; each unit walks,
//! counts and answers the items of its own sector, and the store refuses an
//! answer to an item the unit's sector is not asked — unless it replays
//! history as it happened.

mod common;

use crossterm::event::KeyCode;
use haukiem::domain::{Change, Sector, Template, Unit, Verdict, Visit};
use haukiem::i18n::{self, Lang};
use haukiem::io::listing::visit_rows;
use haukiem::store::error::Invalid;
use haukiem::store::{Rules, Store, StoreError};
use haukiem::tui::app::Mode;

use common::app::{ch, demo_app, open_checklist, press};
use common::build::{answer, assert_clean, open, unit, visit};

/// The shipped checklist, as imported.
fn shipped() -> Template {
    haukiem::io::template_toml::parse("hau-kiem.toml", haukiem::io::demo::TEMPLATE_TOML)
        .expect("the shipped checklist reads")
}

struct World {
    _dir: tempfile::TempDir,
    store: Store,
    ward: Unit,
    hospital: Unit,
    firm: Unit,
    visit: Visit,
}

/// A ward, a hospital and an enterprise in one running visit with the
/// shipped checklist.
fn world() -> World {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = open(&dir.path().join("db"));
    let with = |code: &str, sector| Unit {
        sector,
        ..unit(code, None)
    };
    let (ward, hospital, firm) = (
        with("P-A", Sector::Locality),
        with("BV-A", Sector::PublicService),
        with("DN-A", Sector::Enterprise),
    );
    let t = shipped();
    let v = visit("HK-2026-07", t.id, vec![ward.id, hospital.id, firm.id]);
    for c in [
        Change::create(ward.clone()),
        Change::create(hospital.clone()),
        Change::create(firm.clone()),
        Change::create(t),
        Change::create(v.clone()),
    ] {
        store.commit(c, None).expect("setup");
    }
    World {
        _dir: dir,
        store,
        ward,
        hospital,
        firm,
        visit: v,
    }
}

#[test]
fn the_store_refuses_an_answer_to_an_item_not_asked_of_the_units_sector() {
    let w = world();
    let ops = w.store.op_count();
    let refused = w
        .store
        .commit(
            Change::create(answer(w.visit.id, w.ward.id, "V.5", Verdict::Pass)),
            None,
        )
        .expect_err("V.5 is for enterprises");
    match &refused {
        StoreError::Invalid(Invalid::ItemNotForSector {
            unit,
            sector,
            sectors,
            ..
        }) => {
            assert_eq!(unit, "P-A");
            assert_eq!(*sector, Sector::Locality);
            assert_eq!(sectors, &[Sector::Enterprise]);
        }
        other => panic!("expected ItemNotForSector, got {other:?}"),
    }
    assert_eq!(w.store.op_count(), ops, "a refused answer writes nothing");
    i18n::set(Lang::Vi);
    assert_eq!(
        refused.to_string(),
        "kết quả mục V.5: đơn vị P-A thuộc loại hình Xã, phường, thị trấn, \
         mục này chỉ áp dụng cho Doanh nghiệp"
    );
    // II.5 is for agencies and public service units: both are named.
    let refused = w
        .store
        .commit(
            Change::create(answer(w.visit.id, w.firm.id, "II.5", Verdict::Fail)),
            None,
        )
        .expect_err("II.5 is not for enterprises");
    i18n::set(Lang::En);
    assert_eq!(
        refused.to_string(),
        "answer to II.5: unit DN-A is of sector Enterprise; this item is only \
         for Agency, Public service"
    );
    i18n::set(Lang::Vi);
    assert_eq!(w.store.op_count(), ops);

    // Each unit answers its own sector's items and the common ones.
    for (u, item) in [
        (&w.ward, "II.4"),
        (&w.ward, "XI.4"),
        (&w.hospital, "II.5"),
        (&w.firm, "V.5"),
        (&w.firm, "I.1"),
    ] {
        w.store
            .commit(
                Change::create(answer(w.visit.id, u.id, item, Verdict::Pass)),
                None,
            )
            .unwrap_or_else(|e| panic!("{} answers {item}: {e}", u.code));
    }
    assert_eq!(w.store.op_count(), ops + 5);
    assert_clean(&w.store);
}

#[test]
fn replayed_history_keeps_an_answer_to_an_item_not_asked_of_the_units_sector() {
    let w = world();
    let a = answer(w.visit.id, w.hospital.id, "II.6", Verdict::Partial);
    let op = w.store.new_op(Change::create(a.clone()), None).expect("op");
    assert!(matches!(
        w.store
            .apply_all_under(std::slice::from_ref(&op), |_| Rules::Current),
        Err(StoreError::Invalid(Invalid::ItemNotForSector { .. }))
    ));
    assert_eq!(
        w.store
            .apply_all_under(std::slice::from_ref(&op), |_| Rules::History)
            .expect("history as it happened"),
        1
    );
    let kept = w.store.answers_of(w.visit.id, w.hospital.id).expect("read");
    assert_eq!(kept, vec![a]);
    // The kept answer is not counted against the items the hospital answers.
    let row = visit_rows(&w.store, Lang::Vi)
        .expect("rows")
        .into_iter()
        .find(|r| r.code == "HK-2026-07")
        .expect("the visit");
    assert_eq!(row.answered, 0);
    let p = w
        .store
        .unit_progress(&shipped(), w.visit.id, w.hospital.id)
        .expect("progress");
    assert_eq!((p.answered(), p.items, p.unchecked()), (0, 38, 38));
    assert_clean(&w.store);
}

#[test]
fn progress_counts_the_items_of_each_units_sector() {
    let w = world();
    let t = shipped();
    assert_eq!(t.item_count(), 43);
    let per_unit = |u: &Unit| {
        w.store
            .unit_progress(&t, w.visit.id, u.id)
            .expect("count")
            .items
    };
    // 37 items for every unit; a ward adds II.4 and XI.4, a public service
    // unit II.5, an enterprise II.6 and V.5.
    assert_eq!(per_unit(&w.ward), 39);
    assert_eq!(per_unit(&w.hospital), 38);
    assert_eq!(per_unit(&w.firm), 39);
    for item in ["II.4", "I.1"] {
        w.store
            .commit(
                Change::create(answer(w.visit.id, w.ward.id, item, Verdict::Pass)),
                None,
            )
            .expect("answer");
    }
    let row = visit_rows(&w.store, Lang::Vi)
        .expect("rows")
        .into_iter()
        .find(|r| r.code == "HK-2026-07")
        .expect("the visit");
    assert_eq!((row.answered, row.items), (2, 39 + 38 + 39));
    let ward = w
        .store
        .unit_progress(&t, w.visit.id, w.ward.id)
        .expect("progress");
    assert_eq!((ward.answered(), ward.unchecked()), (2, 37));
}

#[test]
fn a_ward_walks_the_ward_items_and_an_agency_the_agency_items() {
    let (_dir, mut app) = demo_app(Lang::Vi);
    open_checklist(&mut app, "P-QT");
    let codes = |app: &haukiem::tui::App| -> Vec<String> {
        app.screens
            .checklist
            .items
            .iter()
            .map(|i| i.code.clone())
            .collect()
    };
    let ward = codes(&app);
    assert_eq!(ward.len(), 39);
    for own in ["II.4", "XI.4"] {
        assert!(ward.iter().any(|c| c == own), "{own} in {ward:?}");
    }
    for other in ["II.5", "II.6", "V.4", "V.5"] {
        assert!(!ward.iter().any(|c| c == other), "{other} in {ward:?}");
    }
    // Section II counts its four items for a ward, V its three.
    let total = |app: &haukiem::tui::App, code: &str| {
        app.screens
            .checklist
            .sections
            .iter()
            .find(|s| s.code == code)
            .map(|s| s.total)
    };
    assert_eq!(total(&app, "II"), Some(4));
    assert_eq!(total(&app, "V"), Some(3));

    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Esc);
    open_checklist(&mut app, "CB-TCKH");
    let agency = codes(&app);
    assert_eq!(agency.len(), 39);
    for own in ["II.5", "V.4"] {
        assert!(agency.iter().any(|c| c == own), "{own} in {agency:?}");
    }
    for other in ["II.4", "II.6", "V.5", "XI.4"] {
        assert!(!agency.iter().any(|c| c == other), "{other} in {agency:?}");
    }
    assert_eq!(total(&app, "V"), Some(4));
}

#[test]
fn closing_a_visit_counts_each_units_unchecked_items_of_its_sector() {
    let (_dir, mut app) = demo_app(Lang::Vi);
    press(&mut app, KeyCode::F(3));
    assert_eq!(app.screens.visits.visits[0].0.code, "HK-2026-02");
    press(&mut app, KeyCode::Enter);
    ch(&mut app, 't');
    let notice = match &app.mode {
        Mode::Form(f) => f.rows()[f.focus_index()].input.text(),
        other => panic!("not in a form: {other:?}"),
    };
    // Quang Trung (a ward) has answered 12 of its 39; the finance office
    // (an agency) none of its 39.
    assert!(
        notice.contains("Đảng bộ phường Quang Trung: 27 mục chưa kiểm tra"),
        "{notice}"
    );
    assert!(
        notice.contains("Chi bộ Phòng Tài chính – Kế hoạch thành phố: 39 mục chưa kiểm tra"),
        "{notice}"
    );
}

#[test]
fn a_template_with_an_unknown_sector_is_refused_with_its_place_and_nothing_is_imported() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = open(&dir.path().join("db"));
    // The shipped checklist with one sector misspelt: II.6's line.
    let text = haukiem::io::demo::TEMPLATE_TOML.replacen(
        "sectors = [\"DN\"]",
        "sectors = [\"DN\", \"Hop tac xa\"]",
        1,
    );
    let (line, _) = text
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("Hop tac xa"))
        .expect("the edited line");
    let path = dir.path().join("phieu.toml");
    std::fs::write(&path, &text).expect("write");
    i18n::set(Lang::Vi);
    let e = haukiem::io::import_files(&store, std::slice::from_ref(&path))
        .expect_err("an unknown sector");
    let shown = haukiem::error::describe(&e);
    assert!(
        shown.contains(&format!(
            "phieu.toml:{}, cột 18: sectors: không rõ loại hình \"Hop tac xa\"",
            line + 1
        )),
        "{shown}"
    );
    assert!(store.is_empty().expect("read"), "nothing imported");
}
