//! Fuzzing on stable: every parser of outside bytes (the stored-record
//! decoder, the units CSV, the template TOML, the export JSON) is fed
//! arbitrary bytes and mutations of a valid file, and must answer with a
//! value or an error, never a panic, a hang or an allocation the size of
//! a claimed length. `cargo test` runs a bounded number of cases;
//! `scripts/fuzz` runs many more (`PROPTEST_CASES`). An input that fails is
//! written to `tests/fuzz/<target>/` and from then on replayed by
//! `regression_files_still_parse` (there is no plan TOML to fuzz: plans
//! are not imported from files).

use std::path::{Path, PathBuf};

use haukiem::domain::{Answer, Finding, Op, Template, Unit, Visit};
use haukiem::io::import::Staged;
use haukiem::io::{decode_utf8, export, plan_toml, template_toml, units_csv};
use haukiem::store::Store;
use haukiem::store::format::{CODEC_BINCODE2, FORMAT, SCHEMA, decode, encode};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestError, TestRunner};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data");
const FOUND: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fuzz");

/// The parser called `target`, fed `bytes`; whatever it answers is fine
/// as long as it answers.
fn feed(target: &str, store: &Store, bytes: &[u8]) {
    match target {
        "record" => {
            let _ = decode::<Finding>(bytes);
            let _ = decode::<Unit>(bytes);
            let _ = decode::<Visit>(bytes);
            let _ = decode::<Answer>(bytes);
            let _ = decode::<Template>(bytes);
            let _ = decode::<Op>(bytes);
        }
        "units_csv" => {
            if let Ok(text) = decode_utf8("f.csv", bytes.to_vec()) {
                let _ = units_csv::read(store, "f.csv", &text, &mut Staged::default());
            }
        }
        "template_toml" => {
            if let Ok(text) = decode_utf8("f.toml", bytes.to_vec()) {
                let _ = template_toml::read(store, "f.toml", &text, &mut Staged::default());
            }
        }
        "plan_toml" => {
            if let Ok(text) = decode_utf8("plan.toml", bytes.to_vec()) {
                let _ = plan_toml::read(store, "plan.toml", &text, &mut Staged::default());
            }
        }
        "export_json" => {
            if let Ok(text) = decode_utf8("f.json", bytes.to_vec()) {
                let _ = export::ops_to_import(store, "f.json", &text);
            }
        }
        other => panic!("no fuzz target {other}"),
    }
}

/// A database with the test units and template in it, the valid files
/// mutations start from, and the folder that holds the database.
fn setup() -> (tempfile::TempDir, Store, Vec<(&'static str, Vec<u8>)>) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(&dir.path().join("db")).expect("open");
    store.set_actor("Kiểm thử viên");
    let units = Path::new(DATA).join("units_small.csv");
    let template = Path::new(DATA).join("template_small.toml");
    haukiem::io::import_files(&store, &[units.clone(), template.clone()]).expect("import");
    let json = export::to_json(&store).expect("export");
    let unit = store.units().expect("units").remove(0);
    let seeds = vec![
        ("record", encode(&unit).expect("encode")),
        ("units_csv", std::fs::read(&units).expect("read")),
        ("template_toml", std::fs::read(&template).expect("read")),
        ("export_json", json.into_bytes()),
        (
            "plan_toml",
            std::fs::read(Path::new(DATA).join("plan_small.toml")).expect("read"),
        ),
    ];
    (dir, store, seeds)
}

/// Arbitrary bytes, and a valid file with bytes flipped, inserted, cut
/// out and the file cut short (the inputs that reach deep into a parser).
fn inputs(seed: Vec<u8>) -> BoxedStrategy<Vec<u8>> {
    let header = vec![FORMAT, CODEC_BINCODE2, (SCHEMA >> 8) as u8, SCHEMA as u8];
    let edits = prop::collection::vec((any::<prop::sample::Index>(), 0u8..4, any::<u8>()), 1..12);
    let mutated =
        (Just(seed), edits, any::<prop::sample::Index>()).prop_map(|(mut b, edits, cut)| {
            for (at, kind, byte) in edits {
                if b.is_empty() {
                    b.push(byte);
                    continue;
                }
                let i = at.index(b.len());
                match kind {
                    0 => b[i] ^= byte | 1,
                    1 => b.insert(i, byte),
                    2 => {
                        b.remove(i);
                    }
                    _ => b[i] = byte,
                }
            }
            if cut.index(8) == 0 {
                let to = cut.index(b.len() + 1);
                b.truncate(to);
            }
            b
        });
    prop_oneof![
        1 => prop::collection::vec(any::<u8>(), 0..512),
        // a valid record header, then anything (claimed lengths included)
        1 => prop::collection::vec(any::<u8>(), 0..256).prop_map(move |tail| {
            let mut b = header.clone();
            b.extend(tail);
            b
        }),
        3 => mutated,
    ]
    .boxed()
}

/// Run `target` on `cases` inputs (`PROPTEST_CASES`, 256 by default); a
/// failing input is kept in `tests/fuzz/<target>/` and the test fails.
fn fuzz(target: &str) {
    let (_dir, store, seeds) = setup();
    let seed = seeds
        .into_iter()
        .find(|(t, _)| *t == target)
        .map(|(_, s)| s)
        .expect("a seed");
    let config = Config {
        failure_persistence: None,
        ..Config::default()
    };
    let cases = config.cases;
    let mut runner = TestRunner::new(config);
    let fed = std::sync::atomic::AtomicU32::new(0);
    let result = runner.run(&inputs(seed), |bytes| {
        feed(target, &store, &bytes);
        fed.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Ok(())
    });
    match result {
        Ok(()) => assert_eq!(fed.into_inner(), cases, "{target}: every case was fed"),
        Err(TestError::Fail(why, bytes)) => {
            let name = format!("crash-{:016x}", fnv(&bytes));
            let file = Path::new(FOUND).join(target).join(name);
            std::fs::write(&file, &bytes).expect("keep the input");
            panic!("{target}: {why}; the input is kept in {}", file.display());
        }
        Err(e) => panic!("{target}: {e}"),
    }
}

fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[test]
fn fuzz_record_decoder() {
    fuzz("record");
}

#[test]
fn fuzz_units_csv() {
    fuzz("units_csv");
}

#[test]
fn fuzz_template_toml() {
    fuzz("template_toml");
}

#[test]
fn fuzz_plan_toml() {
    fuzz("plan_toml");
}

#[test]
fn fuzz_export_json() {
    fuzz("export_json");
}

/// Every input that once failed (and the hand-made ones beside them) still
/// gets an answer from its parser.
#[test]
fn regression_files_still_parse() {
    let (_dir, store, _) = setup();
    let mut replayed = 0;
    for target in [
        "record",
        "units_csv",
        "template_toml",
        "plan_toml",
        "export_json",
    ] {
        let dir: PathBuf = Path::new(FOUND).join(target);
        for entry in std::fs::read_dir(&dir).expect("the regression folder") {
            let path = entry.expect("entry").path();
            if path.file_name().is_some_and(|n| n == "README.md") {
                continue;
            }
            feed(target, &store, &std::fs::read(&path).expect("read"));
            replayed += 1;
        }
    }
    assert!(
        replayed >= 4,
        "the hand-made regressions are there: {replayed}"
    );
}
