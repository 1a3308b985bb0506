//! `haukiem import [--dry-run] FILE...`: import all or nothing, or say what
//! would change, file by file.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::commands::open;
use super::{Error, Global, resolve_db};
use crate::i18n::Msg;
use crate::io::{Imported, Outcome, TemplateState};
use crate::store::Store;

type Result<T, E = Error> = std::result::Result<T, E>;

/// Import `files`, or with `dry_run` only describe what they would change.
///
/// # Errors
/// Bad input, a rule the data breaks, no name to record the changes under.
pub fn run(
    g: &Global,
    files: &[PathBuf],
    dry_run: bool,
    passphrase_file: Option<&Path>,
    undo: bool,
) -> Result<ExitCode> {
    if undo {
        let store = super::commands::open_existing(g)?;
        let files = store
            .last_import()?
            .map(|l| l.files.join(", "))
            .unwrap_or_default();
        let written = store.revert_last_import()?;
        println!("{}", Msg::RevertedImport.fill(&[&files, &written.len()]));
        return Ok(ExitCode::SUCCESS);
    }
    let today = super::resolve_today(g)?;
    let opened = open_bundles(files, passphrase_file)?;
    if !dry_run {
        // A new database can hold no saved name: refuse before creating it
        // (an export restored brings its own ops and records no new one).
        let named = g
            .actor
            .as_deref()
            .is_some_and(|a| !crate::domain::text::clean(a).is_empty());
        let exports_only = files.iter().all(|f| {
            f.extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("json"))
                || opened.contains(f)
        });
        if !named && !exports_only && !crate::store::open::exists(&resolve_db(g)?) {
            return Err(crate::store::StoreError::NoActor.into());
        }
        let store = open(g)?;
        let margin = chrono::Duration::minutes(10);
        let before = store.clock_behind(chrono::Utc::now(), margin);
        let done = crate::io::import::import_opened(&store, files, &opened.plain, today)?;
        // What was imported may come from a laptop whose clock was ahead.
        if store.clock_behind(chrono::Utc::now(), margin) != before {
            super::commands::clock_check(&store);
        }
        let mut err = std::io::stderr().lock();
        write_outcomes(&mut err, &done, false)?;
        writeln!(err, "{}", summary(&done))?;
        return Ok(ExitCode::SUCCESS);
    }
    let path = resolve_db(g)?;
    let done = if crate::store::open::exists(&path) {
        // Read as the other read-only commands read (a private copy where
        // the place cannot be written); nothing is created.
        let store = Store::open_existing(&path)?;
        let done = crate::io::import::dry_run_opened(&store, files, &opened.plain, today);
        store.close_read_only();
        done?
    } else {
        // No database yet: compare with an empty one, made elsewhere, so
        // that a dry run creates nothing where the database would be.
        let scratch = Scratch::new()?;
        let store = Store::open(&scratch.0)?;
        let done = crate::io::import::dry_run_opened(&store, files, &opened.plain, today);
        drop(store);
        done?
    };
    let mut out = std::io::stdout().lock();
    write_outcomes(&mut out, &done, true)?;
    writeln!(out, "{}", Msg::DryRunNothingWritten.fill(&[&done.ops]))?;
    Ok(ExitCode::SUCCESS)
}

/// The bundles among `files`, opened (authenticated whole) with the team's
/// passphrase, asked once for all of them.
struct Bundles {
    plain: crate::io::import::Opened,
    paths: Vec<PathBuf>,
}

impl Bundles {
    fn contains(&self, path: &Path) -> bool {
        self.paths.iter().any(|p| p == path)
    }
}

fn open_bundles(files: &[PathBuf], passphrase_file: Option<&Path>) -> Result<Bundles> {
    let mut b = Bundles {
        plain: crate::io::import::Opened::default(),
        paths: Vec::new(),
    };
    let mut secret = None;
    for f in files {
        if !crate::io::bundle::is_bundle(f).unwrap_or(false) {
            continue;
        }
        let s = match &secret {
            Some(s) => s,
            None => secret.insert(passphrase(passphrase_file, false)?),
        };
        let plain = crate::io::bundle::open(f, &f.display().to_string(), s)
            .map_err(crate::io::Error::from)?;
        b.plain.insert(f.clone(), plain);
        b.paths.push(f.clone());
    }
    Ok(b)
}

/// The team's passphrase: from `file`, else `HAUKIEM_PASSPHRASE`, else
/// asked on the terminal (twice when sealing). Warnings go to stderr.
///
/// # Errors
/// No passphrase can be had, or it is empty.
pub fn passphrase(file: Option<&Path>, sealing: bool) -> Result<secrecy::SecretString> {
    use crate::io::sealed::passphrase::{Prompt, obtain};
    let l = crate::i18n::current();
    let prompt = Prompt {
        ask: Msg::BundleAsk.tr(l),
        confirm: sealing.then(|| Msg::BundleAskAgain.tr(l)),
    };
    let p = obtain(file, prompt).map_err(|e| anyhow::anyhow!("{e}"))?;
    for w in &p.warnings {
        let crate::io::sealed::passphrase::Warning::Readable { path, mode } = w;
        let mode = format!("{mode:04o}");
        eprintln!(
            "haukiem: {}",
            Msg::PassReadable.fill(&[&path.display(), &mode])
        );
    }
    Ok(p.secret)
}

/// One line per file, one per field a unit changes, and with `added` one
/// per unit added.
fn write_outcomes(out: &mut impl Write, done: &Imported, added_too: bool) -> std::io::Result<()> {
    for f in &done.files {
        match &f.outcome {
            Outcome::Units {
                added,
                changed,
                unchanged,
            } => {
                let counts: [&dyn std::fmt::Display; 4] =
                    [&f.file, &added.len(), &changed.len(), unchanged];
                writeln!(out, "{}", Msg::FileUnits.fill(&counts))?;
                for (code, name) in added.iter().filter(|_| added_too) {
                    writeln!(out, "{}", Msg::FileUnitAdded.fill(&[code, name]))?;
                }
                for c in changed {
                    for x in &c.fields {
                        let shown = |v: &str| {
                            if v.is_empty() {
                                "—".to_string()
                            } else {
                                v.to_string()
                            }
                        };
                        writeln!(
                            out,
                            "{}",
                            Msg::FileUnitChanged.fill(&[
                                &c.code,
                                &x.field,
                                &shown(&x.old),
                                &shown(&x.new)
                            ])
                        )?;
                    }
                }
            }
            Outcome::Template {
                code,
                version,
                items,
                state,
            } => {
                let msg = match state {
                    TemplateState::Same => Msg::FileTemplateSame.fill(&[&f.file, code, version]),
                    TemplateState::New => {
                        Msg::FileTemplateNew.fill(&[&f.file, code, version, items])
                    }
                    TemplateState::Replaced => {
                        Msg::FileTemplateReplaced.fill(&[&f.file, code, version, items])
                    }
                };
                writeln!(out, "{msg}")?;
            }
            Outcome::Plan {
                code,
                title,
                units,
                team,
            } => writeln!(
                out,
                "{}",
                Msg::FilePlan.fill(&[&f.file, code, title, units, team])
            )?,
            Outcome::Baseline { added, already } => {
                writeln!(
                    out,
                    "{}",
                    Msg::FileBaseline.fill(&[&f.file, &added.len(), already])
                )?;
                for (reference, title) in added.iter().filter(|_| added_too) {
                    writeln!(out, "{}", Msg::FileBaselineAdded.fill(&[reference, title]))?;
                }
            }
            Outcome::Export { ops, already, .. } => {
                writeln!(out, "{}", Msg::FileExport.fill(&[&f.file, ops, already]))?;
            }
        }
    }
    Ok(())
}

/// The import's last line.
fn summary(done: &Imported) -> String {
    let mut tail = String::new();
    let mut say = |text: String| {
        tail.push(' ');
        tail.push_str(&text);
    };
    if done.findings + done.findings_already > 0 {
        say(Msg::ImportedBaseline.fill(&[&done.findings, &done.findings_already]));
    }
    if done.merged > 0 {
        say(Msg::ImportedMerged.fill(&[&done.merged]));
    }
    if done.conflicts > 0 {
        say(Msg::ImportedConflicts.fill(&[&done.conflicts]));
    }
    if done.released > 0 {
        say(Msg::ImportedReleased.fill(&[&done.released]));
    }
    if let Some(until) = done.held_until {
        let until = crate::domain::date::format_moment(until);
        say(Msg::ImportedHeld.fill(&[&done.held, &until]));
    }
    if done.revertible {
        say(Msg::ImportedRevertHint.text().to_string());
    }
    if done.ops == 0 {
        return Msg::ImportedNothing.fill(&[&done.skipped_ops]) + &tail;
    }
    Msg::ImportedSummary.fill(&[
        &done.units,
        &done.templates,
        &done.visits,
        &done.changed,
        &done.unchanged,
        &done.ops,
        &done.skipped_ops,
    ]) + &tail
}

/// An empty directory of its own under the system's temporary directory,
/// removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Result<Scratch> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let dir =
            std::env::temp_dir().join(format!("haukiem-dry-run-{}-{nanos}", std::process::id()));
        let mut builder = std::fs::DirBuilder::new();
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(&dir).map_err(|source| Error::File {
            path: dir.clone(),
            source,
        })?;
        Ok(Scratch(dir))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(Path::new(&self.0));
    }
}
