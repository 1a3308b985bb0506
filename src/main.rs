//! Entry point: parse the command line, run the command, map errors to exit codes.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
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
