//! The `ledger` binary: parse arguments, run the command, print any error
//! once with its causes, and choose the exit code: 0 success, 1 a failed
//! computation or invalid input, 2 a usage error (clap's own, or a
//! `cmd::UsageError` found after parsing), 3 a tampered register and 4
//! drift (`ledger verify`).

use std::io::{self, Write};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = ledger::cli::parse();
    let stdout = io::stdout();
    let mut out = stdout.lock();
    match ledger::cmd::run(cli, &mut out) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            // A closed pipe (`ledger invoice … | head`) is not a failure.
            if err.chain().any(is_broken_pipe) {
                return ExitCode::SUCCESS;
            }
            let _ = out.flush();
            eprintln!("{}", ledger::cmd::render_error(&err));
            ExitCode::from(ledger::cmd::exit_code(&err))
        }
    }
}

/// Whether an error is a write into a closed pipe, as the I/O, JSON or CSV
/// layer reports it.
fn is_broken_pipe(err: &(dyn std::error::Error + 'static)) -> bool {
    let pipe = |kind: io::ErrorKind| kind == io::ErrorKind::BrokenPipe;
    if let Some(e) = err.downcast_ref::<io::Error>() {
        return pipe(e.kind());
    }
    if let Some(e) = err.downcast_ref::<serde_json::Error>() {
        return e.io_error_kind().is_some_and(pipe);
    }
    if let Some(e) = err.downcast_ref::<csv::Error>() {
        return matches!(e.kind(), csv::ErrorKind::Io(io) if pipe(io.kind()));
    }
    false
}
