//! Importing files, all or nothing: every file is read and compared with
//! the database (and with the files before it) first; then every change is
//! applied in one transaction — or, in a dry run, only described.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::{
    Error, ImportError, Result, baseline_csv, export, plan_toml, read_text, template_toml,
    units_csv,
};
use crate::domain::{Change, Id, Op, Template, Unit};
use crate::i18n::Msg;
use crate::store::{Rules, Store, StoreError};

/// What one field of a unit becomes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldChange {
    /// The column's name in the file (`bi_thu`).
    pub field: &'static str,
    pub old: String,
    pub new: String,
}

/// A unit a file changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitChange {
    pub code: String,
    pub fields: Vec<FieldChange>,
}

/// What a file brings.
/// What importing a template does to the one of the same code and version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemplateState {
    /// There was none: it is added.
    New,
    /// There is one with the same content: nothing changes.
    Same,
    /// There is one that no visit uses: the new content replaces it.
    Replaced,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A units CSV: codes added, units changed, rows that change nothing.
    Units {
        added: Vec<(String, String)>,
        changed: Vec<UnitChange>,
        unchanged: usize,
    },
    /// A checklist template, and what importing it does.
    Template {
        code: String,
        version: u32,
        items: usize,
        state: TemplateState,
    },
    /// A visit plan.
    Plan {
        code: String,
        title: String,
        units: usize,
        team: usize,
    },
    /// Shortcomings named at a review (the baseline): the references and
    /// titles of those added, and how many rows were already present.
    Baseline {
        added: Vec<(String, String)>,
        already: usize,
    },
    /// An export: its ops not yet in the database (creating `units`,
    /// `templates` and `visits`), and those already there; a bundle also
    /// names the laptop that wrote it and what that laptop held, and may
    /// carry only what its writer's teammates lacked (`partial`).
    Export {
        ops: usize,
        already: usize,
        units: usize,
        templates: usize,
        visits: usize,
        from: Option<(Id, Vec<(Id, i64)>)>,
        partial: bool,
    },
}

/// One file's outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileOutcome {
    pub file: String,
    pub outcome: Outcome,
}

/// What an import did (or, in a dry run, would do).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Imported {
    pub files: Vec<FileOutcome>,
    /// Units added.
    pub units: usize,
    /// Units changed, and unchanged rows.
    pub changed: usize,
    pub unchanged: usize,
    /// Templates added.
    pub templates: usize,
    /// Visits planned.
    pub visits: usize,
    /// Baseline findings added, and baseline rows already present.
    pub findings: usize,
    pub findings_already: usize,
    /// Ops written (in a dry run: that would be).
    pub ops: usize,
    /// Ops of exports already in the database.
    pub skipped_ops: usize,
    /// Findings changed here and on another laptop, merged field by field.
    pub merged: usize,
    /// Conflicts the import opened (the same field changed two ways).
    pub conflicts: usize,
    /// Ops held, stamped more than a day ahead of this laptop's clock, and
    /// the latest moment among them.
    pub held: usize,
    pub held_until: Option<chrono::DateTime<chrono::Utc>>,
    /// Ops held by an earlier import, applied by this one.
    pub released: usize,
    /// It brought ops from other laptops: `haukiem import --undo` reverts it.
    pub revertible: bool,
}

/// How far ahead of this laptop's clock an op may be stamped and still be
/// applied.
pub const HOLD_HOURS: i64 = 24;

impl Imported {
    fn add(&mut self, file: String, outcome: Outcome) {
        match &outcome {
            Outcome::Units {
                added,
                changed,
                unchanged,
            } => {
                self.units += added.len();
                self.changed += changed.len();
                self.unchanged += unchanged;
            }
            Outcome::Template { state, .. } => {
                self.templates += usize::from(*state != TemplateState::Same);
            }
            Outcome::Plan { .. } => self.visits += 1,
            Outcome::Baseline { added, already } => {
                self.findings += added.len();
                self.findings_already += already;
            }
            Outcome::Export {
                already,
                units,
                templates,
                visits,
                ..
            } => {
                self.skipped_ops += already;
                self.units += units;
                self.templates += templates;
                self.visits += visits;
            }
        }
        self.files.push(FileOutcome { file, outcome });
    }
}

/// What the files of one import add, so later files can name it: units as
/// they will be (by code), templates and visit codes added.
#[derive(Debug, Default)]
pub struct Staged {
    pub units: HashMap<String, Unit>,
    /// The file each unit code came from: a code in two files of one
    /// import is a mistake, not an update.
    pub unit_files: HashMap<String, String>,
    pub templates: Vec<Template>,
    pub visits: HashSet<String>,
    /// The day of the import (a baseline row without a document date is
    /// recorded on it).
    pub today: NaiveDate,
    /// Baseline rows taken (unit, title, document) and where.
    pub baseline: HashMap<(Id, String, String), String>,
    /// The next reference number per visit, once this import used one.
    pub references: HashMap<String, u32>,
}

impl Staged {
    /// The unit with `code` as this import leaves it, or as stored.
    ///
    /// # Errors
    /// Storage failure.
    pub fn unit(&self, store: &Store, code: &str) -> Result<Option<Unit>> {
        match self.units.get(code) {
            Some(u) => Ok(Some(u.clone())),
            None => Ok(store.unit_by_code(code)?),
        }
    }
}

/// A change to make, or an op someone else recorded (from an export).
enum Pending {
    Change(Change),
    Recorded(Op, Rules),
}

/// Import `paths` in order, all or nothing.
///
/// # Errors
/// The first bad input ([`ImportError`], naming its file and line) or a
/// rule the store enforces, or no name to record the changes under;
/// nothing is written.
pub fn import_files(store: &Store, paths: &[PathBuf]) -> Result<Imported> {
    import_opened(
        store,
        paths,
        &Opened::default(),
        chrono::Local::now().date_naive(),
    )
}

/// [`import_files`] on the day `today`.
///
/// # Errors
/// As [`import_files`].
pub fn import_files_on(store: &Store, paths: &[PathBuf], today: NaiveDate) -> Result<Imported> {
    import_opened(store, paths, &Opened::default(), today)
}

/// The plaintext of the bundles among the files to import, opened with the
/// team's passphrase before anything is read (see [`super::bundle::open`]).
#[derive(Debug, Default)]
pub struct Opened(HashMap<PathBuf, zeroize::Zeroizing<Vec<u8>>>);

impl Opened {
    /// Keep the plaintext of the bundle at `path`.
    pub fn insert(&mut self, path: PathBuf, plain: zeroize::Zeroizing<Vec<u8>>) {
        self.0.insert(path, plain);
    }
}

/// [`import_files_on`], bundles among them already opened.
///
/// # Errors
/// As [`import_files`]; a bundle not opened is refused.
pub fn import_opened(
    store: &Store,
    paths: &[PathBuf],
    opened: &Opened,
    today: NaiveDate,
) -> Result<Imported> {
    import_at(store, paths, opened, today, chrono::Utc::now())
}

/// [`import_files`] as if this laptop's clock said `now` (which ops are
/// held as too far ahead of it, and which held ones it releases).
///
/// # Errors
/// As [`import_files`].
pub fn import_files_at(
    store: &Store,
    paths: &[PathBuf],
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Imported> {
    import_at(
        store,
        paths,
        &Opened::default(),
        chrono::Local::now().date_naive(),
        now,
    )
}

fn import_at(
    store: &Store,
    paths: &[PathBuf],
    opened: &Opened,
    today: NaiveDate,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<Imported> {
    let (mut done, pending) = read_all(store, paths, opened, today)?;
    let mut ops = Vec::with_capacity(pending.len());
    let mut rules: HashMap<Id, Rules> = HashMap::new();
    // An op stamped more than a day ahead of this clock is held, not
    // applied: a teammate's clock set wrong must not drag this log's time
    // forward. Those held before and now near enough go in with this import.
    let limit = now + chrono::Duration::hours(HOLD_HOURS);
    let mut release = Vec::new();
    for op in store.held_ops()? {
        if op.at <= limit {
            rules.insert(op.id, Rules::Released);
            release.push(op);
        }
    }
    done.released = release.len();
    let released = !release.is_empty();
    ops.extend(release);
    for p in pending {
        match p {
            Pending::Change(c) => ops.push(store.new_op(c, None)?),
            Pending::Recorded(op, r) => {
                if op.at > limit && r == Rules::History {
                    done.held_until = done.held_until.max(Some(op.at));
                    rules.insert(op.id, Rules::Hold);
                } else if rules.get(&op.id) != Some(&Rules::Released) {
                    rules.insert(op.id, r);
                } else {
                    // Held before, in this file again: applied once.
                    continue;
                }
                ops.push(op);
            }
        }
    }
    // In log order: what was held goes in where it belongs.
    if released {
        ops.sort_by_key(|o| (o.at, o.id));
    }
    let rule = |op: &Op| rules.get(&op.id).copied().unwrap_or(Rules::Current);
    let partial = done
        .files
        .iter()
        .any(|f| matches!(f.outcome, Outcome::Export { partial: true, .. }));
    let applied = store.apply_merging(&ops, rule).map_err(|e| -> Error {
        match e {
            // the data broke a rule: name the files it came from
            StoreError::Invalid(_) | StoreError::Conflict(_) | StoreError::Rule(_) => {
                let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
                let mut said = e.to_string();
                if partial {
                    said = format!("{said} — {}", Msg::BundlePartialLacks.text());
                }
                ImportError::file(&names.join(", "), said).into()
            }
            other => other.into(),
        }
    })?;
    // What came from other laptops can be reverted as a whole, once.
    let brought: Vec<Id> = ops
        .iter()
        .filter(|o| matches!(rules.get(&o.id), Some(Rules::History | Rules::Released)))
        .map(|o| o.id)
        .collect();
    if applied.ops > 0 && !brought.is_empty() {
        store.note_import(&crate::store::LastImport {
            at: chrono::Utc::now(),
            files: paths.iter().map(|p| p.display().to_string()).collect(),
            ops: brought,
        })?;
        done.revertible = true;
    }
    // What each bundle's writer held: its next bundle to this laptop, and
    // this laptop's to it, leave that out.
    for f in &done.files {
        if let Outcome::Export {
            from: Some((peer, known)),
            ..
        } = &f.outcome
        {
            store.acknowledge(*peer, known)?;
        }
    }
    done.ops = applied.ops;
    done.merged = applied.merges;
    done.conflicts = applied.conflicts;
    done.held = applied.held;
    if done.held == 0 {
        done.held_until = None;
    }
    Ok(done)
}

/// What importing `paths` would do, writing nothing (and needing no name
/// to record changes under).
///
/// # Errors
/// The first bad input, as [`import_files`] would refuse it.
pub fn dry_run(store: &Store, paths: &[PathBuf]) -> Result<Imported> {
    dry_run_opened(
        store,
        paths,
        &Opened::default(),
        chrono::Local::now().date_naive(),
    )
}

/// [`dry_run`] on the day `today`.
///
/// # Errors
/// As [`dry_run`].
pub fn dry_run_on(store: &Store, paths: &[PathBuf], today: NaiveDate) -> Result<Imported> {
    dry_run_opened(store, paths, &Opened::default(), today)
}

/// [`dry_run_on`], bundles among the files already opened.
///
/// # Errors
/// As [`dry_run`].
pub fn dry_run_opened(
    store: &Store,
    paths: &[PathBuf],
    opened: &Opened,
    today: NaiveDate,
) -> Result<Imported> {
    let (mut done, pending) = read_all(store, paths, opened, today)?;
    done.ops = pending.len();
    Ok(done)
}

fn read_all(
    store: &Store,
    paths: &[PathBuf],
    opened: &Opened,
    today: NaiveDate,
) -> Result<(Imported, Vec<Pending>)> {
    let mut done = Imported::default();
    let mut pending = Vec::new();
    let mut staged = Staged {
        today,
        ..Staged::default()
    };
    for path in paths {
        let name = path.display().to_string();
        let (outcome, changes) = match opened.0.get(path) {
            Some(plain) => {
                let ops = export::read_export_bytes(store, &name, plain)?;
                (export_outcome(ops, &mut pending), Vec::new())
            }
            None if super::bundle::is_bundle(path).unwrap_or(false) => {
                return Err(ImportError::file(&name, Msg::BundleNotOpened.text()).into());
            }
            None => read_one(store, path, &name, &mut staged, &mut pending)?,
        };
        pending.extend(changes.into_iter().map(Pending::Change));
        done.add(name, outcome);
    }
    Ok((done, pending))
}

/// Read one file into its outcome and the changes it makes (an export's
/// ops go straight to `pending`).
fn read_one(
    store: &Store,
    path: &Path,
    name: &str,
    staged: &mut Staged,
    pending: &mut Vec<Pending>,
) -> Result<(Outcome, Vec<Change>)> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let text = || read_text(path);
    match ext.as_str() {
        "csv" => {
            let text = text()?;
            if baseline_csv::is_baseline(&text) {
                baseline_csv::read(store, name, &text, staged)
            } else {
                units_csv::read(store, name, &text, staged)
            }
        }
        "toml" => {
            let text = text()?;
            if plan_toml::is_plan(&text) {
                plan_toml::read(store, name, &text, staged)
            } else {
                template_toml::read(store, name, &text, staged)
            }
        }
        "json" => {
            let ops = export::read_export(store, name, path)?;
            Ok((export_outcome(ops, pending), Vec::new()))
        }
        _ => Err(ImportError::file(name, Msg::ImportUnknownKind.text()).into()),
    }
}

/// An export's (or a bundle's) ops to apply, and what they bring.
fn export_outcome(ops: export::ToImport, pending: &mut Vec<Pending>) -> Outcome {
    let export::ToImport {
        ops,
        skipped,
        rules,
        from,
        partial,
    } = ops;
    let (units, templates, visits) = created(&ops);
    let outcome = Outcome::Export {
        ops: ops.len(),
        already: skipped,
        units,
        templates,
        visits,
        from,
        partial,
    };
    pending.extend(ops.into_iter().map(|op| Pending::Recorded(op, rules)));
    outcome
}

/// How many units, templates and visits `ops` create.
fn created(ops: &[Op]) -> (usize, usize, usize) {
    let mut n = (0, 0, 0);
    for op in ops {
        match &op.change {
            Change::Unit {
                old: None,
                new: Some(_),
            } => n.0 += 1,
            Change::Template {
                old: None,
                new: Some(_),
            } => n.1 += 1,
            Change::Visit {
                old: None,
                new: Some(_),
            } => n.2 += 1,
            _ => {}
        }
    }
    n
}
