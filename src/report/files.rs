//! Atomic file output, the one way every command writes files: each file
//! goes to a temporary name in its directory and is renamed into place, so
//! that a reader never sees a half-written file, and a set of files is
//! written whole or not at all.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;

/// Writes every file or none: all contents go to temporary files in `dir`
/// first, then each is renamed into place. If anything fails, the temporary
/// files and the files this run already renamed into place are removed.
/// `noun` names what the files are in messages ("invoice").
///
/// Fails when `dir` is not an existing directory, when a file exists and
/// `force` is not set (before anything is written), or on any I/O error.
pub fn write_all_atomic(
    dir: &Path,
    files: &[(PathBuf, Vec<u8>)],
    force: bool,
    noun: &str,
) -> anyhow::Result<()> {
    if !dir.is_dir() {
        anyhow::bail!(
            "cannot write {noun}s to {}: it is not an existing directory",
            dir.display()
        );
    }
    if !force {
        if let Some((path, _)) = files.iter().find(|(p, _)| p.exists()) {
            anyhow::bail!(
                "{} already exists; use --force to overwrite it (nothing was written)",
                path.display()
            );
        }
    }
    let mut written = Vec::new();
    if let Err(cause) = write_and_rename(dir, files, &mut written) {
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

/// Writes every temporary file, then renames each into place; `written`
/// collects every path this run created (temporary or final), for cleanup.
fn write_and_rename(
    dir: &Path,
    files: &[(PathBuf, Vec<u8>)],
    written: &mut Vec<PathBuf>,
) -> anyhow::Result<()> {
    for (path, bytes) in files {
        let tmp = temporary(dir, path);
        let mut f = std::fs::File::create(&tmp)
            .with_context(|| format!("cannot create {}", tmp.display()))?;
        written.push(tmp.clone());
        f.write_all(bytes)
            .and_then(|()| f.sync_all())
            .with_context(|| format!("cannot write {}", tmp.display()))?;
    }
    for (path, _) in files {
        std::fs::rename(temporary(dir, path), path)
            .with_context(|| format!("cannot move {} into place", path.display()))?;
        written.push(path.clone());
    }
    Ok(())
}
