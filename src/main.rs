//! Entry point: parse the command line, run the command, map errors to exit codes.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = haukiem::cli::Args::parse();
    match haukiem::cli::run(args) {
        Ok(code) => code,
        Err(e) => {
            let code = haukiem::cli::exit_code(&e);
            eprintln!("haukiem: {}", haukiem::cli::describe(&e));
            ExitCode::from(code)
        }
    }
}
