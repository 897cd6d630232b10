//! Shared helpers for the CLI tests: run the real binary from the repository
//! root and capture exit code, stdout and stderr in one text for snapshots.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository root, where `agreements/` and `examples/` live.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The result of one run of `ledger`.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Exit code, stdout and stderr in one block, for snapshots.
    pub fn transcript(&self) -> String {
        format!(
            "exit: {}\n--- stdout\n{}--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }

    /// Panics with the transcript unless the run succeeded.
    pub fn success(self) -> Run {
        assert_eq!(self.code, 0, "ledger failed:\n{}", self.transcript());
        self
    }
}

/// Runs `ledger ARGS` in `dir` with a clean environment for the ledger's own
/// variables, so that a developer's settings never leak into a test.
pub fn ledger_in(dir: &Path, args: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_ledger"))
        .args(args)
        .current_dir(dir)
        .env_remove("LEDGER_AGREEMENTS")
        .env_remove("LEDGER_FACTS")
        .env_remove("LEDGER_TODAY")
        .env_remove("LEDGER_LOCALE")
        .output()
        .expect("the ledger binary runs");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

/// Runs `ledger ARGS` from the repository root on the shipped data.
pub fn ledger(args: &[&str]) -> Run {
    ledger_in(&root(), args)
}
