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

/// The ledger's own environment variables, which a test starts without.
pub const LEDGER_ENV: [&str; 6] = [
    "LEDGER_AGREEMENTS",
    "LEDGER_FACTS",
    "LEDGER_TODAY",
    "LEDGER_LOCALE",
    "LEDGER_REGISTER",
    "LEDGER_BUSY_TIMEOUT",
];

/// The `ledger` binary to run in `dir`, with [`LEDGER_ENV`] removed, so
/// that a developer's settings never leak into a test.
pub fn command_in(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_ledger"));
    command.current_dir(dir);
    for name in LEDGER_ENV {
        command.env_remove(name);
    }
    command
}

impl From<std::process::Output> for Run {
    fn from(out: std::process::Output) -> Run {
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
        }
    }
}

/// Runs `ledger ARGS` in `dir` (see [`command_in`]).
pub fn ledger_in(dir: &Path, args: &[&str]) -> Run {
    command_in(dir)
        .args(args)
        .output()
        .expect("the ledger binary runs")
        .into()
}

/// Runs `ledger ARGS` from the repository root on the shipped data.
pub fn ledger(args: &[&str]) -> Run {
    ledger_in(&root(), args)
}

impl Run {
    /// Stdout parsed as JSON; panics with the transcript when it is not.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.transcript()))
    }
}

/// A temporary data directory made of the repository's files, some of them
/// edited, for the tests that change an agreement, facts or a log.
pub struct Scratch(tempfile::TempDir);

impl Scratch {
    pub fn new() -> Scratch {
        Scratch(tempfile::tempdir().expect("a temporary directory"))
    }

    /// A copy of the files of the shipped `agreements/` and `examples/`.
    pub fn shipped() -> Scratch {
        let scratch = Scratch::new();
        scratch
            .copy_dir("agreements", "agreements")
            .copy_dir("examples", "examples");
        scratch
    }

    /// A facts directory: the shipped BRP facts with `extra` TOML appended,
    /// and the shipped log beside them.
    pub fn brp_facts_with(extra: &str) -> Scratch {
        let dir = Scratch::new();
        dir.copy_edited("examples/brp-facts.toml", "brp-facts.toml", |facts| {
            format!("{facts}\n{extra}")
        })
        .copy("examples/brp-activity.csv", "brp-activity.csv");
        dir
    }

    pub fn path(&self) -> &Path {
        self.0.path()
    }

    /// Writes `text` to `to` (relative to the directory), making its
    /// directory first.
    pub fn write(&self, to: &str, text: &str) -> &Scratch {
        let path = self.path().join(to);
        std::fs::create_dir_all(path.parent().expect("a file in a directory")).unwrap();
        std::fs::write(&path, text).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        self
    }

    /// Copies the repository's file `from` to `to`, passed through `edit`.
    pub fn copy_edited(&self, from: &str, to: &str, edit: impl Fn(&str) -> String) -> &Scratch {
        let path = root().join(from);
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
        self.write(to, &edit(&text))
    }

    /// Copies the repository's file `from` to `to` as it is.
    pub fn copy(&self, from: &str, to: &str) -> &Scratch {
        self.copy_edited(from, to, str::to_owned)
    }

    /// Copies the files (not the subdirectories) of the repository's
    /// directory `from` into `to`, each passed through `edit(name, text)`.
    pub fn copy_dir_edited(
        &self,
        from: &str,
        to: &str,
        edit: impl Fn(&str, String) -> String,
    ) -> &Scratch {
        std::fs::create_dir_all(self.path().join(to)).unwrap();
        for entry in std::fs::read_dir(root().join(from)).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                let name = path.file_name().unwrap().to_str().unwrap().to_owned();
                let text = std::fs::read_to_string(&path).unwrap();
                self.write(&format!("{to}/{name}"), &edit(&name, text));
            }
        }
        self
    }

    /// A scratch directory with the examples' agreements and facts, each
    /// file passed through `edit(name, text)` first.
    pub fn examples_edited(edit: impl Fn(&str, String) -> String) -> Scratch {
        let dir = Scratch::new();
        dir.copy_dir_edited("examples/agreements", "agreements", &edit)
            .copy_dir_edited("examples/facts", "facts", &edit);
        dir
    }

    /// Copies the files of the repository's directory `from` into `to`.
    pub fn copy_dir(&self, from: &str, to: &str) -> &Scratch {
        self.copy_dir_edited(from, to, |_, text| text)
    }

    /// Replaces the first `from` by `to` in the file `file`, and fails when
    /// `from` is not there.
    pub fn edit(&self, file: &str, from: &str, to: &str) -> &Scratch {
        let path = self.path().join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{from} is not in {}", path.display());
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
        self
    }

    /// Runs `ledger ARGS` in the directory.
    pub fn run(&self, args: &[&str]) -> Run {
        ledger_in(self.path(), args)
    }

    /// Runs `ledger --agreements agreements --facts facts ARGS` in the
    /// directory.
    pub fn run_own(&self, args: &[&str]) -> Run {
        let mut all = vec!["--agreements", "agreements", "--facts", "facts"];
        all.extend_from_slice(args);
        self.run(&all)
    }
}

/// `text` with every `(from, to)` replaced, each of which must be there.
pub fn replaced(text: &str, edits: &[(&str, &str)]) -> String {
    edits.iter().fold(text.to_owned(), |t, (from, to)| {
        assert!(t.contains(from), "{from} is not in the text");
        t.replace(from, to)
    })
}
