//! The `ledger` binary: parse arguments, run the command, print any error
//! once with its causes, and choose the exit code.

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;

use ledger::cli::Cli;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let stdout = io::stdout();
    let mut out = stdout.lock();
    match ledger::cmd::run(cli, &mut out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            // A closed pipe (`ledger invoice … | head`) is not a failure.
            if err.chain().any(|c| {
                c.downcast_ref::<io::Error>()
                    .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            let _ = out.flush();
            eprintln!("{}", ledger::cmd::render_error(&err));
            ExitCode::FAILURE
        }
    }
}
