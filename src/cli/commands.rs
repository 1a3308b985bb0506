//! One function per command: open the store, do the work, print the result.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{
    Args, CardFormat, Command, Error, FindingArgs, FindingsArgs, Format, Global, ReportArgs,
    ReportFormat, resolve_db, resolve_today,
};
use crate::domain::label::Labelled;
use crate::domain::{Finding, FindingFilter, FindingStatus};
use crate::i18n::Msg;
use crate::io::{demo, export, listing};
use crate::store::{Listing, ListingView, Names, Store, StoreError};

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
        Some(Command::Import {
            dry_run,
            passphrase_file,
            undo,
            files,
        }) => super::import::run(g, &files, dry_run, passphrase_file.as_deref(), undo),
        Some(Command::Bundle {
            output,
            passphrase_file,
            only_new,
        }) => bundle_cmd(g, &output, passphrase_file.as_deref(), only_new),
        Some(Command::Export { output }) => export_cmd(g, output),
        Some(Command::Findings(f)) => findings(g, &f),
        Some(Command::Finding(f)) => finding(g, &f),
        Some(Command::Visits { format }) => visits(g, format),
        Some(Command::Units { format }) => units(g, format),
        Some(Command::Report(r)) => report(g, &r),
        Some(Command::Conflicts { all, format }) => conflicts(g, all, format),
        Some(Command::Resolve { id, take }) => resolve(g, &id, &take),
        Some(Command::Check) => check(g),
        Some(Command::Generate {
            units,
            findings,
            answers,
            seed,
        }) => generate(g, units, findings, answers, seed),
    }
}

/// The database, recording changes under `--actor` when it is given;
/// created if needed (commands that write). An existing database whose
/// place cannot be written is read from a private copy, which then refuses
/// the write in the interface's language.
pub(super) fn open(g: &Global) -> Result<Store> {
    let path = resolve_db(g)?;
    if crate::store::open::exists(&path) {
        return open_existing(g);
    }
    let store = Store::open(&path)?;
    if let Some(actor) = &g.actor {
        store.set_actor(actor);
    }
    clock_check(&store);
    Ok(store)
}

/// Say when this laptop's clock is behind the newest op it holds: what it
/// records now is stamped after that op, not at its own time.
pub(super) fn clock_check(store: &Store) {
    let now = chrono::Utc::now();
    if let Some(newest) = store.clock_behind(now, chrono::Duration::minutes(10)) {
        use crate::domain::date::format_moment;
        let (newest, now) = (format_moment(newest), format_moment(now));
        note(&Msg::ClockBehind.fill(&[&newest, &now]));
    }
}

/// Open a database that must exist (commands that only read); say so when
/// it is read from a private copy because its place cannot be written.
pub(super) fn open_existing(g: &Global) -> Result<Store> {
    let path = resolve_db(g)?;
    let store = Store::open_existing(&path)?;
    if store.is_copy().is_some() {
        note(&Msg::DbReadFromCopy.fill(&[&path.display()]));
    }
    if let Some(actor) = &g.actor {
        store.set_actor(actor);
    }
    clock_check(&store);
    Ok(store)
}

/// A line on standard error, with nothing in it that a terminal would act on.
fn note(text: &str) {
    eprintln!("haukiem: {}", crate::domain::text::terminal_safe(text));
}

fn app(g: &Global) -> Result<ExitCode> {
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        return Err(Error::NoTerminal);
    }
    let today = resolve_today(g)?;
    let path = resolve_db(g)?;
    match crate::tui::run(&path, g.lang, today, g.actor.as_deref()).map_err(Error::App)? {
        crate::tui::Ended::Quit => Ok(ExitCode::SUCCESS),
        // The app said it; the exit code says it to a script.
        crate::tui::Ended::Held => Ok(ExitCode::from(1)),
    }
}

fn demo_cmd(g: &Global, no_tui: bool) -> Result<ExitCode> {
    let today = resolve_today(g)?;
    let mut store = match open(g) {
        // The app says it, in its language, before it draws anything.
        Err(Error::Store(StoreError::Locked(_))) if !no_tui => return app(g),
        other => other?,
    };
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

fn export_cmd(g: &Global, output: Option<PathBuf>) -> Result<ExitCode> {
    let store = open_existing(g)?;
    let json = export::to_json(&store)?;
    match output {
        Some(path) => write_file(path, json.as_bytes())?,
        None => std::io::stdout().lock().write_all(json.as_bytes())?,
    }
    store.close_read_only();
    Ok(ExitCode::SUCCESS)
}

/// `haukiem bundle -o FILE`: this database sealed for the team.
fn bundle_cmd(
    g: &Global,
    output: &Path,
    passphrase_file: Option<&Path>,
    only_new: bool,
) -> Result<ExitCode> {
    use crate::io::bundle::Scope;
    let store = open_existing(g)?;
    let secret = super::import::passphrase(passphrase_file, true)?;
    let scope = if only_new {
        Scope::Unacknowledged
    } else {
        Scope::All
    };
    let written = crate::io::bundle::write(&store, output, &secret, scope)?;
    store.close_read_only();
    crate::io::bundle::tell(&mut std::io::stderr().lock(), output, written)?;
    Ok(ExitCode::SUCCESS)
}

/// The file `-o` names, written privately and whole (the old one stays if
/// anything fails).
fn write_file(path: PathBuf, bytes: &[u8]) -> Result<()> {
    crate::files::write(&path, bytes).map_err(|source| Error::File { path, source })
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
        Some(Err(e)) if !matches!(e, Error::Store(_)) => return Err(e),
        _ => {
            let store = open_existing(g)?;
            let answer = listed(&store, a, today)?;
            if let Err(e) = store.write_view() {
                eprintln!(
                    "{}",
                    Msg::CliViewNotSaved.fill(&[&crate::error::describe(&e)])
                );
            }
            store.close_read_only();
            answer
        }
    };
    let lang = g.lang.code();
    let rows = listing::rows(&found, &names, today, lang);
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    // A person reads what goes to a terminal: stored text is shown, never
    // obeyed (the table always is: it is only for people).
    let terminal = std::io::stdout().is_terminal();
    let shown = |s: String| -> Vec<u8> {
        if terminal {
            crate::domain::text::terminal_safe(&s)
                .into_owned()
                .into_bytes()
        } else {
            s.into_bytes()
        }
    };
    match a.format {
        Format::Table => out.write_all(listing::table(&rows, lang).as_bytes())?,
        Format::Csv => out.write_all(&shown(listing::csv(&rows)?))?,
        Format::Json if terminal => {
            let mut json = Vec::new();
            listing::json(&rows, &mut json)?;
            out.write_all(&shown(String::from_utf8_lossy(&json).into_owned()))?;
        }
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
        ReportFormat::Docx => F::Docx,
    };
    if a.conclusion {
        if a.unit.is_none() {
            return Err(Error::ConclusionNeedsUnit);
        }
        match a.format {
            ReportFormat::Csv => return Err(Error::ConclusionFormat("csv")),
            ReportFormat::Xlsx => return Err(Error::ConclusionFormat("xlsx")),
            ReportFormat::Md | ReportFormat::Html | ReportFormat::Docx => {}
        }
    }
    if format == F::Xlsx && a.output.is_none() {
        return Err(Error::XlsxNeedsFile);
    }
    // A Word file is binary: to a file or a pipe, never onto a terminal.
    if format == F::Docx && a.output.is_none() && std::io::stdout().is_terminal() {
        return Err(Error::DocxToTerminal);
    }
    let today = resolve_today(g)?;
    let store = open_existing(g)?;
    let built = match (a.conclusion, a.unit.as_deref()) {
        (true, Some(unit)) => report::build_conclusion(&store, &a.visit, unit, today)?,
        _ => report::build(&store, &a.visit, a.unit.as_deref(), today)?,
    };
    let bytes = report::render(&built, format)?;
    // Figures from provisional values are not final: said on stderr, so
    // the document itself stays as it is.
    if let Some(v) = store.visit_by_code(a.visit.trim())? {
        let open = listing::open_in_visit(&store, v.id)?;
        if open > 0 {
            note(&Msg::ReportConflictsOpen.fill(&[&v.code, &open]));
        }
    }
    match &a.output {
        Some(path) => write_file(path.clone(), &bytes)?,
        // Text formats only (xlsx needs -o, docx a pipe): shown, never
        // obeyed, on a terminal.
        None if std::io::stdout().is_terminal() => {
            let text = String::from_utf8_lossy(&bytes);
            let shown = crate::domain::text::terminal_safe(&text);
            std::io::stdout().lock().write_all(shown.as_bytes())?;
        }
        None => std::io::stdout().lock().write_all(&bytes)?,
    }
    store.close_read_only();
    Ok(ExitCode::SUCCESS)
}

fn check(g: &Global) -> Result<ExitCode> {
    let store = open_existing(g)?;
    warn_permissions(store.is_copy().unwrap_or(store.path()));
    let (problems, checked) = store.check()?;
    let mut out = std::io::stdout().lock();
    if problems.is_empty() {
        writeln!(
            out,
            "{}",
            Msg::CliCheckOk.fill(&[&checked.records, &checked.ops])
        )?;
        store.close_read_only();
        return Ok(ExitCode::SUCCESS);
    }
    for p in &problems {
        writeln!(
            out,
            "{}",
            crate::domain::text::terminal_safe(&p.to_string())
        )?;
    }
    eprintln!("{}", Msg::CliCheckProblems.fill(&[&problems.len()]));
    Ok(ExitCode::from(1))
}

/// Say which of the database's files others could read, and how to fix it.
fn warn_permissions(dir: &std::path::Path) {
    let Ok(loose) = crate::store::open::loose_permissions(dir) else {
        return;
    };
    for (path, mode) in loose {
        note(&Msg::LoosePermissions.fill(&[
            &path.display(),
            &format!("{mode:04o}"),
            &dir.display(),
        ]));
    }
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
        "{}",
        Msg::CliGenerated.fill(&[
            &out.units,
            &out.visits,
            &out.answers,
            &out.findings,
            &out.ops,
            &format!("{:.1}", out.seconds),
        ])
    )?;
    Ok(ExitCode::SUCCESS)
}

fn visits(g: &Global, format: Format) -> Result<ExitCode> {
    let store = open_existing(g)?;
    let rows = listing::visit_rows(&store, g.lang)?;
    store.close_read_only();
    let mut out = std::io::stdout().lock();
    match format {
        Format::Table => out.write_all(listing::visits_table(&rows, g.lang).as_bytes())?,
        Format::Csv => out.write_all(listing::visits_csv(&rows)?.as_bytes())?,
        Format::Json => listing::json(&rows, &mut out)?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn units(g: &Global, format: Format) -> Result<ExitCode> {
    let today = resolve_today(g)?;
    let store = open_existing(g)?;
    let rows = listing::unit_rows(&store, today, g.lang)?;
    store.close_read_only();
    let mut out = std::io::stdout().lock();
    match format {
        Format::Table if rows.is_empty() => {
            writeln!(out, "{}", Msg::CliNoUnits.tr(g.lang))?;
        }
        Format::Table => out.write_all(listing::units_table(&rows, g.lang).as_bytes())?,
        Format::Csv => out.write_all(listing::units_csv(&rows)?.as_bytes())?,
        Format::Json => listing::json(&rows, &mut out)?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn conflicts(g: &Global, all: bool, format: crate::cli::ListFormat) -> Result<ExitCode> {
    let store = open_existing(g)?;
    let rows = listing::conflict_rows(&store, all, g.lang)?;
    store.close_read_only();
    let mut out = std::io::stdout().lock();
    match format {
        crate::cli::ListFormat::Table if rows.is_empty() => {
            writeln!(out, "{}", Msg::ConflictNone.tr(g.lang))?;
        }
        crate::cli::ListFormat::Table => {
            out.write_all(listing::conflicts_table(&rows, g.lang).as_bytes())?;
        }
        crate::cli::ListFormat::Json => listing::json(&rows, &mut out)?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// Settle the open conflict `id` as `take` says: the value kept (when it
/// differs from what is held) and the settlement, in one batch.
fn resolve(g: &Global, id: &str, take: &str) -> Result<ExitCode> {
    use crate::domain::conflict::Choice;
    let store = open_existing(g)?;
    let found = listing::find_open(&store, id)?;
    let c = match found.as_slice() {
        [c] => c,
        [] => return Err(Error::NoConflict(id.to_owned())),
        many => return Err(Error::AmbiguousConflict(id.to_owned(), many.len())),
    };
    let here = c.side_of(store.device());
    let choice = match take.trim().to_lowercase().as_str() {
        "1" => Choice::Take(0),
        "2" => Choice::Take(1),
        "both" | "ca-hai" | "cả hai" => Choice::Both,
        "mine" | "cua-toi" | "của tôi" => {
            Choice::Take(here.ok_or_else(|| Error::NoSideHere(c.short()))?)
        }
        "theirs" | "cua-ban" | "của bạn" => {
            Choice::Take(1 - here.ok_or_else(|| Error::NoSideHere(c.short()))?)
        }
        other => return Err(Error::BadSide(other.to_owned())),
    };
    let current = listing::current_value(&store, &c.target)?;
    let changes = c.settlement(current, choice)?;
    let ops = changes
        .into_iter()
        .map(|ch| store.new_op(ch, None))
        .collect::<std::result::Result<Vec<_>, _>>()?;
    store.apply_all(&ops)?;
    let kept = match choice {
        Choice::Both => Msg::ConflictKeptBoth.tr(g.lang).to_string(),
        Choice::Take(i) => Msg::ConflictKeptSide.fill_in(g.lang, &[&c.sides[i].actor]),
    };
    println!(
        "{}",
        Msg::ConflictResolved.fill_in(g.lang, &[&c.short(), &c.subject, &kept])
    );
    Ok(ExitCode::SUCCESS)
}

/// Show one finding, or change it as the app does: each change checked by
/// the domain's rules before any is written, then one op per change (the
/// new deadline first, while the finding is still open; then the status or
/// the note).
fn finding(g: &Global, a: &FindingArgs) -> Result<ExitCode> {
    let today = resolve_today(g)?;
    let store = open_existing(g)?;
    let Some(old) = store.finding_by_ref(a.code.trim())? else {
        let refs: Vec<String> = store.findings()?.into_iter().map(|f| f.reference).collect();
        let close = crate::report::closest(&a.code, refs.iter().map(String::as_str));
        return Err(Error::NoFinding {
            code: a.code.clone(),
            close,
        });
    };
    let steps = finding_steps(&old, a, today, &store)?;
    let mut out = std::io::stdout().lock();
    if steps.is_empty() {
        let card = listing::Card::of(&store, &old, today, g.lang)?;
        store.close_read_only();
        match a.format {
            CardFormat::Text => out.write_all(card.text(g.lang).as_bytes())?,
            CardFormat::Json => listing::json(&card, &mut out)?,
        }
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut current = old;
    let mut ops = Vec::with_capacity(steps.len());
    for (new, reason) in steps {
        ops.push(store.commit(crate::domain::Change::update(current, new.clone()), reason)?);
        current = new;
    }
    let first_new = current.history.len() - ops.len();
    let by = ops.first().map(|op| op.actor.clone()).unwrap_or_default();
    writeln!(
        out,
        "{}",
        listing::shown(&Msg::CliSaved.fill_in(
            g.lang,
            &[
                &current.reference,
                &by,
                &crate::domain::date::format_date(today)
            ]
        ))
    )?;
    for h in &current.history[first_new..] {
        out.write_all(listing::Entry::of(h, g.lang).line().as_bytes())?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The findings `a` asks `old` to become, one per change, each with the
/// reason its op records; none when it asks for nothing.
fn finding_steps(
    old: &Finding,
    a: &FindingArgs,
    today: chrono::NaiveDate,
    store: &Store,
) -> Result<Vec<(Finding, Option<String>)>> {
    let status = match (&a.status, a.verify) {
        (None, false) => None,
        (None, true) => Some(FindingStatus::Verified),
        (Some(s), verify) => {
            let status =
                FindingStatus::parse_label(s).ok_or_else(|| Error::UnknownStatus(s.clone()))?;
            if verify && status != FindingStatus::Verified {
                return Err(Error::VerifyWithStatus(s.clone()));
            }
            Some(status)
        }
    };
    let due = match &a.due {
        None => None,
        Some(d) => Some(crate::domain::date::parse_date(d, today).map_err(Error::BadDue)?),
    };
    if a.reason.is_some() && due.is_none() {
        return Err(Error::ReasonWithoutDue);
    }
    let note = a.note.as_deref();
    if note.is_some_and(|n| n.trim().is_empty()) && status.is_none() {
        return Err(Error::EmptyNote);
    }
    let stamp = || crate::domain::finding::Stamp {
        date: today,
        at: chrono::Utc::now(),
        by: store.actor().unwrap_or_default(),
    };
    let mut steps = Vec::new();
    let mut current = old.clone();
    if let Some(to) = due {
        let reason = a.reason.as_deref().unwrap_or("");
        let next = current.with_extension(to, reason, stamp())?;
        let logged = crate::domain::text::clean_multiline(reason);
        steps.push((next.clone(), Some(logged)));
        current = next;
    }
    if let Some(to) = status {
        let next = current.with_status(to, note.unwrap_or(""), stamp())?;
        steps.push((next, None));
    } else if let Some(n) = note {
        let next = current.with_note(n, stamp())?;
        steps.push((next, None));
    }
    if !steps.is_empty() {
        // Nobody to record the changes under: refused before any is written.
        store.require_actor()?;
    }
    Ok(steps)
}
