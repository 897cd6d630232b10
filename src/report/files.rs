//! Atomic file output, the one way every command writes files: each file
//! goes to a temporary name in its directory and is renamed into place, so
//! that a reader never sees a half-written file, and a set of files is
//! written whole or not at all.
//!
//! An interrupted run (SIGINT, SIGTERM) removes what it has written so
//! far, temporary or renamed, before it exits: `signal-hook` runs the
//! cleanup on an ordinary thread, where taking a lock and removing files is
//! safe, which a bare signal handler could not do.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, OnceLock};

use anyhow::Context;

/// The paths the run in progress has created, for the signal thread. The
/// writer holds the lock while it creates or renames a file, so the thread
/// never sees a file that exists but is not listed; the thread keeps the
/// lock until the process exits, so nothing is created after its cleanup.
static WRITTEN: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

fn written() -> MutexGuard<'static, Vec<PathBuf>> {
    WRITTEN.lock().unwrap_or_else(|e| e.into_inner())
}

/// Starts the signal thread once. Without it (the handler cannot be
/// installed) the writer still works; only an interruption would leave
/// files behind, as before.
fn clean_up_on_signals() {
    static STARTED: OnceLock<()> = OnceLock::new();
    STARTED.get_or_init(|| {
        use signal_hook::consts::{SIGINT, SIGTERM};
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else {
            return;
        };
        std::thread::spawn(move || {
            if let Some(signal) = signals.forever().next() {
                let paths = written();
                for p in paths.iter() {
                    let _ = std::fs::remove_file(p);
                }
                if !paths.is_empty() {
                    eprintln!("interrupted: the files written so far were removed again");
                }
                // 128 + the signal, as a shell reports a process it killed.
                std::process::exit(128 + signal);
            }
        });
    });
}

/// Whether `path` names anything, a dangling symlink included
/// (`Path::exists` follows the link and says no).
fn taken(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok()
}

/// Makes `dir` with its parents when it does not exist yet; fails when it
/// cannot be made or is not a directory. `noun` names what goes into it in
/// the messages ("e-invoice").
pub fn ensure_dir(dir: &Path, noun: &str) -> anyhow::Result<()> {
    make_dir(dir, noun)?.keep();
    Ok(())
}

/// The directories [`make_dir`] created, outermost first. Dropped without
/// [`MadeDirs::keep`], it removes those that are still empty, so that a run
/// that fails after making its output directory leaves none behind.
#[must_use = "the directories are removed when this is dropped unless kept"]
pub struct MadeDirs(Vec<PathBuf>);

impl MadeDirs {
    /// Keeps the directories: the run has written (or will write) into them.
    pub fn keep(mut self) {
        self.0.clear();
    }
}

impl Drop for MadeDirs {
    fn drop(&mut self) {
        for dir in self.0.iter().rev() {
            // Fails, and keeps the directory, when something is in it.
            let _ = std::fs::remove_dir(dir);
        }
    }
}

/// Makes `dir` and its missing parents, and says which it made; fails
/// when it cannot, or when `dir` is not a directory.
pub fn make_dir(dir: &Path, noun: &str) -> anyhow::Result<MadeDirs> {
    let missing: Vec<PathBuf> = dir
        .ancestors()
        .take_while(|d| !d.as_os_str().is_empty() && !d.exists())
        .map(Path::to_path_buf)
        .collect();
    let made = MadeDirs(missing.into_iter().rev().collect());
    if !dir.exists() {
        std::fs::create_dir_all(dir).with_context(|| {
            format!(
                "cannot write {noun}s to {}: cannot create the directory",
                dir.display()
            )
        })?;
    }
    if !dir.is_dir() {
        anyhow::bail!(
            "cannot write {noun}s to {}: it is not a directory",
            dir.display()
        );
    }
    Ok(made)
}

/// Writes every file or none: all contents go to temporary files in `dir`
/// first, then each is renamed into place. If anything fails, the temporary
/// files and the files this run already renamed into place are removed.
/// `noun` names what the files are in messages ("invoice").
///
/// A directory that does not exist yet is created, with its parents.
///
/// Fails when `dir` cannot be created or is not a directory, when a file
/// exists and `force` is not set (before anything is written), or on any I/O
/// error.
pub fn write_all_atomic(
    dir: &Path,
    files: &[(PathBuf, Vec<u8>)],
    force: bool,
    noun: &str,
) -> anyhow::Result<()> {
    ensure_dir(dir, noun)?;
    if !force {
        if let Some((path, _)) = files.iter().find(|(p, _)| taken(p)) {
            anyhow::bail!(
                "{} already exists; use --force to overwrite it (nothing was written)",
                path.display()
            );
        }
    }
    clean_up_on_signals();
    let result = write_and_rename(dir, files);
    let written = std::mem::take(&mut *self::written());
    if let Err(cause) = result {
        // The cause leads: it is what the user must act on. What the
        // cleanup achieved follows it, and only claims what is true.
        let kept: Vec<String> = written
            .iter()
            .filter(|p| std::fs::remove_file(p).is_err() && p.exists())
            .map(|p| p.display().to_string())
            .collect();
        if kept.is_empty() {
            anyhow::bail!("{cause:#}; no {noun} files were left behind");
        }
        anyhow::bail!(
            "{cause:#}; these files could not be removed again: {}",
            kept.join(", ")
        );
    }
    Ok(())
}

/// The temporary name of `path` in `dir`: hidden, and unique to this process.
fn temporary(dir: &Path, path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    dir.join(format!(".{name}.{}.tmp", std::process::id()))
}

/// Writes every temporary file, then renames each into place; [`WRITTEN`]
/// collects every path this run created (temporary or final), for cleanup.
fn write_and_rename(dir: &Path, files: &[(PathBuf, Vec<u8>)]) -> anyhow::Result<()> {
    for (path, bytes) in files {
        let tmp = temporary(dir, path);
        let mut f = {
            let mut listed = written();
            let f = std::fs::File::create(&tmp)
                .with_context(|| format!("cannot create {}", tmp.display()))?;
            listed.push(tmp.clone());
            f
        };
        f.write_all(bytes)
            .and_then(|()| f.sync_all())
            .with_context(|| format!("cannot write {}", tmp.display()))?;
    }
    for (path, _) in files {
        let mut listed = written();
        std::fs::rename(temporary(dir, path), path)
            .with_context(|| format!("cannot move {} into place", path.display()))?;
        listed.push(path.clone());
    }
    Ok(())
}
