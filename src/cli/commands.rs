//! One function per command: open the store, do the work, print the result.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use super::{
    Args, Command, Error, FindingsArgs, Format, Global, ReportArgs, ReportFormat, resolve_db,
    resolve_today,
};
use crate::domain::label::Labelled;
use crate::domain::{Finding, FindingFilter, FindingStatus};
use crate::i18n::Msg;
use crate::io::{demo, export, listing};
use crate::store::{Listing, ListingView, Names, Store};

type Result<T, E = Error> = std::result::Result<T, E>;

/// Run the parsed command line.
///
/// # Errors
/// Whatever the command reports; `main` prints it and exits with its
/// [`Error::exit_code`].
pub fn run(args: Args) -> Result<ExitCode> {
    let g = &args.global;
    crate::i18n::set(g.lang);
    match args.command {
        None => app(g),
        Some(Command::Demo { no_tui }) => demo_cmd(g, no_tui),
        Some(Command::Import { files }) => import(g, &files),
        Some(Command::Export { output }) => export_cmd(g, output),
        Some(Command::Findings(f)) => findings(g, &f),
        Some(Command::Report(r)) => report(g, &r),
        Some(Command::Check) => check(g),
        Some(Command::Generate {
            units,
            findings,
            answers,
            seed,
        }) => generate(g, units, findings, answers, seed),
    }
}

/// The database, recording changes under `--actor` when it is given.
fn open(g: &Global) -> Result<Store> {
    let path = resolve_db(g)?;
    let store = Store::open(&path)?;
    if let Some(actor) = &g.actor {
        store.set_actor(actor);
    }
    Ok(store)
}

fn app(g: &Global) -> Result<ExitCode> {
    let today = resolve_today(g)?;
    let path = resolve_db(g)?;
    crate::tui::run(&path, g.lang, today, g.actor.as_deref()).map_err(Error::App)?;
    Ok(ExitCode::SUCCESS)
}

fn demo_cmd(g: &Global, no_tui: bool) -> Result<ExitCode> {
    let today = resolve_today(g)?;
    let mut store = open(g)?;
    match demo::load(&mut store, today)? {
        demo::Outcome::Loaded {
            units,
            visits,
            findings,
            ops,
        } => eprintln!(
            "{}",
            Msg::DemoLoaded.fill(&[
                &store.path().display(),
                &units,
                &visits,
                &findings,
                &ops,
                &crate::domain::date::format_date(today),
            ])
        ),
        demo::Outcome::AlreadyLoaded => eprintln!(
            "{}",
            Msg::DemoAlreadyLoaded.fill(&[&store.path().display()])
        ),
    }
    if no_tui {
        return Ok(ExitCode::SUCCESS);
    }
    drop(store);
    app(g)
}

fn import(g: &Global, files: &[PathBuf]) -> Result<ExitCode> {
    let store = open(g)?;
    let done = crate::io::import_files(&store, files)?;
    eprintln!(
        "Imported {} units, {} templates, {} operations ({} already present).",
        done.units, done.templates, done.ops, done.skipped_ops
    );
    Ok(ExitCode::SUCCESS)
}

fn export_cmd(g: &Global, output: Option<PathBuf>) -> Result<ExitCode> {
    let store = open(g)?;
    let json = export::to_json(&store)?;
    match output {
        Some(path) => std::fs::write(&path, json).map_err(|source| Error::File { path, source })?,
        None => std::io::stdout().lock().write_all(json.as_bytes())?,
    }
    store.close_read_only();
    Ok(ExitCode::SUCCESS)
}

fn findings(g: &Global, a: &FindingsArgs) -> Result<ExitCode> {
    let today = resolve_today(g)?;
    let path = resolve_db(g)?;
    // The listing view answers without opening sled; without one (or with
    // one that fails its checks), the database answers and a view is
    // written for the next listing. A wrong option is the user's, whichever
    // answers.
    let from_view = ListingView::load(&path).map(|view| listed(&view, a, today));
    let (found, names) = match from_view {
        Some(Ok(answer)) => answer,
        Some(Err(e)) if e.is_user_error() => return Err(e),
        _ => {
            let store = Store::open(&path)?;
            let answer = listed(&store, a, today)?;
            if let Err(e) = store.write_view() {
                eprintln!(
                    "haukiem: note: the listing view was not saved ({}); listings still work",
                    crate::error::describe(&e)
                );
            }
            store.close_read_only();
            answer
        }
    };
    let lang = g.lang.code();
    let rows = listing::rows(&found, &names, today, lang);
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    match a.format {
        Format::Table => out.write_all(listing::table(&rows, lang).as_bytes())?,
        Format::Csv => out.write_all(listing::csv(&rows)?.as_bytes())?,
        Format::Json => listing::json(&rows, &mut out)?,
    }
    out.flush()?;
    // Nothing left to do but exit: freeing a long listing item by item
    // would only delay it.
    std::mem::forget(rows);
    std::mem::forget((found, names));
    Ok(ExitCode::SUCCESS)
}

/// What `source` lists for the findings options.
fn listed(
    source: &impl Listing,
    a: &FindingsArgs,
    today: chrono::NaiveDate,
) -> Result<(Vec<Finding>, Names)> {
    let filter = findings_filter(a, source)?;
    Ok(source.list(&filter, today)?)
}

/// The filter the findings options ask for; unit and visit codes are looked
/// up in `source`.
fn findings_filter(a: &FindingsArgs, source: &impl Listing) -> Result<FindingFilter> {
    let mut filter = FindingFilter {
        overdue: a.overdue,
        due_within: a.due_within,
        search: a.search.clone(),
        ..FindingFilter::default()
    };
    if let Some(code) = &a.unit {
        filter.unit = Some(
            source
                .unit_id(code)?
                .ok_or_else(|| Error::NoUnit(code.clone()))?,
        );
    }
    if let Some(code) = &a.visit {
        filter.visit = Some(
            source
                .visit_id(code)?
                .ok_or_else(|| Error::NoVisit(code.clone()))?,
        );
    }
    for s in &a.status {
        let status =
            FindingStatus::parse_label(s).ok_or_else(|| Error::UnknownStatus(s.clone()))?;
        filter.statuses.push(status);
    }
    Ok(filter)
}

fn report(g: &Global, a: &ReportArgs) -> Result<ExitCode> {
    use crate::report::{self, Format as F};
    let format = match a.format {
        ReportFormat::Md => F::Markdown,
        ReportFormat::Html => F::Html,
        ReportFormat::Csv => F::Csv,
        ReportFormat::Xlsx => F::Xlsx,
    };
    if format == F::Xlsx && a.output.is_none() {
        return Err(Error::XlsxNeedsFile);
    }
    let today = resolve_today(g)?;
    let store = open(g)?;
    let built = report::build(&store, &a.visit, a.unit.as_deref(), today)?;
    let bytes = report::render(&built, format)?;
    match &a.output {
        Some(path) => std::fs::write(path, bytes).map_err(|source| Error::File {
            path: path.clone(),
            source,
        })?,
        None => std::io::stdout().lock().write_all(&bytes)?,
    }
    store.close_read_only();
    Ok(ExitCode::SUCCESS)
}

fn check(g: &Global) -> Result<ExitCode> {
    let store = open(g)?;
    let (problems, checked) = store.check()?;
    let mut out = std::io::stdout().lock();
    if problems.is_empty() {
        writeln!(
            out,
            "OK: {} records and {} operations checked, no problems.",
            checked.records, checked.ops
        )?;
        store.close_read_only();
        return Ok(ExitCode::SUCCESS);
    }
    for p in &problems {
        writeln!(out, "{p}")?;
    }
    eprintln!("haukiem: {} problems found", problems.len());
    Ok(ExitCode::from(1))
}

fn generate(
    g: &Global,
    units: usize,
    findings: usize,
    answers: Option<usize>,
    seed: u64,
) -> Result<ExitCode> {
    let today = resolve_today(g)?;
    let mut store = open(g)?;
    let spec = crate::io::generate::Spec {
        units,
        findings,
        answers: answers.unwrap_or(findings * 5),
        seed,
    };
    let out = crate::io::generate::generate(&mut store, spec, today)?;
    writeln!(
        std::io::stdout(),
        "Generated {} units, {} visits, {} answers, {} findings ({} operations) in {:.1} s.",
        out.units,
        out.visits,
        out.answers,
        out.findings,
        out.ops,
        out.seconds
    )?;
    Ok(ExitCode::SUCCESS)
}
