//! Entry point: parse the command line, run the command, map errors to exit codes.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // Everything this process creates is its user's alone (0600 files,
    // 0700 folders), sled's own files included, whatever umask it got.
    #[cfg(unix)]
    rustix::process::umask(rustix::fs::Mode::from_raw_mode(0o077));
    let args = haukiem::cli::Args::parse();
    match haukiem::cli::run(args) {
        Ok(code) => code,
        // Output piped into `head` and closed early is not an error.
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            // Messages quote what the user gave and what is stored: nothing
            // in them may act on the terminal.
            let message = haukiem::error::describe(&e);
            eprintln!(
                "haukiem: {}",
                haukiem::domain::text::terminal_safe(&message)
            );
            ExitCode::from(e.exit_code())
        }
    }
}
