//! Progress while a large file is read: a progress bar on stderr fed with
//! the bytes read, as a hook the activity reader calls. [`Progress`] is the
//! callback (`advance(bytes)`, cheap to clone and safe to share between the
//! threads that read ranges of a log); [`open`] is the same as a wrapper
//! around a plain file reader. The bar is shown only when stderr is a
//! terminal, the file is large (over [`THRESHOLD`] bytes), and no CI is
//! running; `NO_COLOR` draws it without colour. Everywhere else both only
//! pass the bytes through.

use std::fs::File;
use std::io::{self, IsTerminal, Read};
use std::path::Path;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Files above this size (50 MB) get a progress bar.
pub const THRESHOLD: u64 = 50 * 1000 * 1000;

/// Whether to show a bar for a file of `len` bytes: stderr a terminal,
/// the file large, and neither `CI` set nor `TERM=dumb`.
pub fn wanted(len: u64, stderr_is_terminal: bool, env: impl Fn(&str) -> Option<String>) -> bool {
    stderr_is_terminal
        && len > THRESHOLD
        && env("CI").is_none_or(|v| v.is_empty() || v == "false")
        && env("TERM").as_deref() != Some("dumb")
}

/// The progress of reading one file: a bar on stderr, or nothing.
#[derive(Clone, Default)]
pub struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    /// The progress of reading `path`, `len` bytes long: a bar when
    /// [`wanted`], otherwise a hook that does nothing.
    pub fn for_file(path: &Path, len: u64) -> Progress {
        let env = |k: &str| std::env::var(k).ok();
        if !wanted(len, io::stderr().is_terminal(), env) {
            return Progress::default();
        }
        Progress {
            bar: Some(bar(path, len, env("NO_COLOR").is_none_or(|v| v.is_empty()))),
        }
    }

    /// Reports `bytes` more read.
    pub fn advance(&self, bytes: u64) {
        if let Some(bar) = &self.bar {
            bar.inc(bytes);
        }
    }

    /// Removes the bar: the file is read.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

fn bar(path: &Path, len: u64, colour: bool) -> ProgressBar {
    let template = if colour {
        "{msg} [{bar:40.cyan/blue}] {bytes}/{total_bytes} ({eta})"
    } else {
        "{msg} [{bar:40}] {bytes}/{total_bytes} ({eta})"
    };
    let style = ProgressStyle::with_template(template)
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ");
    ProgressBar::with_draw_target(Some(len), ProgressDrawTarget::stderr())
        .with_style(style)
        .with_message(format!("reading {}", path.display()))
}

/// A reader that reports every byte it reads to an optional progress bar.
pub struct ProgressReader<R> {
    inner: R,
    bar: Option<ProgressBar>,
}

impl<R> ProgressReader<R> {
    /// Wraps `inner` without a bar: the bytes only pass through.
    pub fn plain(inner: R) -> ProgressReader<R> {
        ProgressReader { inner, bar: None }
    }
}

/// Opens a file for reading, with a progress bar on stderr when it is
/// large and stderr is a terminal. Fails as `File::open` does.
pub fn open(path: &Path) -> io::Result<ProgressReader<File>> {
    let file = File::open(path)?;
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    Ok(ProgressReader {
        inner: file,
        bar: Progress::for_file(path, len).bar,
    })
}

impl<R: Read> Read for ProgressReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if let Some(bar) = &self.bar {
            bar.inc(n as u64);
        }
        Ok(n)
    }
}

impl<R> Drop for ProgressReader<R> {
    fn drop(&mut self) {
        // The bar is gone once the file is read: the report follows alone.
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_env(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn a_bar_only_for_large_files_on_a_terminal_outside_ci() {
        let big = 60 * 1000 * 1000;
        assert!(wanted(big, true, no_env));
        assert!(!wanted(big, false, no_env), "never in a pipe");
        assert!(
            !wanted(THRESHOLD, true, no_env),
            "50 MB itself is not large"
        );
        assert!(!wanted(big, true, |k| (k == "CI").then(|| "true".into())));
        assert!(!wanted(big, true, |k| (k == "TERM").then(|| "dumb".into())));
        assert!(wanted(big, true, |k| (k == "CI").then(|| "false".into())));
    }

    #[test]
    fn bytes_pass_through_unchanged() {
        let data = b"date,borrower\n2018-01-02,tholen\n".to_vec();
        let mut r = ProgressReader {
            inner: &data[..],
            bar: Some(ProgressBar::hidden()),
        };
        let mut out = Vec::new();
        r.read_to_end(&mut out).unwrap();
        assert_eq!(out, data);
        assert_eq!(r.bar.as_ref().unwrap().position(), data.len() as u64);
    }

    #[test]
    fn the_hook_counts_what_it_is_told() {
        let p = Progress {
            bar: Some(ProgressBar::hidden()),
        };
        let shared = p.clone();
        p.advance(8 << 20);
        shared.advance(100);
        assert_eq!(p.bar.as_ref().unwrap().position(), (8 << 20) + 100);
        // Without a bar the hook does nothing, and costs nothing.
        Progress::default().advance(1);
    }
}
