//! Progress while a large file is read: a progress bar on stderr fed with
//! the bytes read, as a hook the activity reader calls. [`Progress`] is the
//! callback (`advance(bytes)`, cheap to clone and safe to share between the
//! threads that read ranges of a log), which the lean reader calls once per
//! buffer it fills; [`ProgressReader`] is the same as a wrapper around the
//! file the csv crate reads. The bar is shown only when stderr is a
//! terminal, the file is large (over [`THRESHOLD`] bytes), and no CI is
//! running; `NO_COLOR` draws it without colour. Everywhere else both only
//! pass the bytes through.

use std::io::{self, IsTerminal};
use std::path::Path;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Files above this size (50 MB) get a progress bar.
pub const THRESHOLD: u64 = 50 * 1000 * 1000;

/// How the reading of a file is shown on stderr.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Display {
    /// No bar: stderr is not a terminal, the file is small, or CI runs.
    Nothing,
    /// A bar without colour (`NO_COLOR` is set, to anything but empty).
    Plain,
    /// A bar in colour.
    Colour,
}

/// How to show the reading of a file of `len` bytes: a bar only when
/// stderr is a terminal, the file is over [`THRESHOLD`], and neither `CI`
/// is set nor `TERM=dumb`; without colour under `NO_COLOR`. `env` reads an
/// environment variable, so that the decision is testable.
pub fn decide(len: u64, stderr_is_terminal: bool, env: impl Fn(&str) -> Option<String>) -> Display {
    let set = |k: &str| env(k).is_some_and(|v| !v.is_empty());
    let ci = env("CI").is_some_and(|v| !v.is_empty() && v != "false");
    if !stderr_is_terminal || len <= THRESHOLD || ci || env("TERM").as_deref() == Some("dumb") {
        return Display::Nothing;
    }
    match set("NO_COLOR") {
        true => Display::Plain,
        false => Display::Colour,
    }
}

/// The progress of reading one file: a bar on stderr, or nothing.
#[derive(Clone, Default)]
pub struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    /// The progress of reading `path`, `len` bytes long: a bar as
    /// [`decide`] says, otherwise a hook that does nothing.
    pub fn for_file(path: &Path, len: u64) -> Progress {
        let env = |k: &str| std::env::var(k).ok();
        let colour = match decide(len, io::stderr().is_terminal(), env) {
            Display::Nothing => return Progress::default(),
            Display::Plain => false,
            Display::Colour => true,
        };
        Progress {
            bar: Some(bar(path, len, colour)),
        }
    }

    /// Reports `bytes` more read. The readers call it once per buffer they
    /// fill (up to 64 KiB, or the whole of a smaller log), never per row.
    pub fn advance(&self, bytes: u64) {
        if let Some(bar) = &self.bar {
            bar.inc(bytes);
        }
    }

    /// Starts again from nothing read: the file is read once more, serially.
    pub fn restart(&self) {
        if let Some(bar) = &self.bar {
            bar.set_position(0);
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

/// A reader that reports every byte it reads to a [`Progress`]: the csv
/// crate's reader reads through it, in its own buffer's chunks.
pub struct ProgressReader<R> {
    inner: R,
    progress: Progress,
}

impl<R> ProgressReader<R> {
    /// Wraps `inner`, reporting what is read to `progress`.
    pub fn new(inner: R, progress: Progress) -> ProgressReader<R> {
        ProgressReader { inner, progress }
    }
}

impl<R: io::Seek> io::Seek for ProgressReader<R> {
    fn seek(&mut self, pos: io::SeekFrom) -> io::Result<u64> {
        self.inner.seek(pos)
    }
}

impl<R: io::Read> io::Read for ProgressReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.progress.advance(n as u64);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    const BIG: u64 = 60 * 1000 * 1000;

    /// An environment with only the given variables.
    fn env(vars: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |k| {
            vars.iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn a_bar_only_for_large_files_on_a_terminal_outside_ci() {
        assert_eq!(decide(BIG, true, env(&[])), Display::Colour);
        assert_eq!(
            decide(BIG, false, env(&[])),
            Display::Nothing,
            "never in a pipe"
        );
        assert_eq!(
            decide(THRESHOLD, true, env(&[])),
            Display::Nothing,
            "50 MB itself is not large"
        );
        assert_eq!(decide(THRESHOLD + 1, true, env(&[])), Display::Colour);
        assert_eq!(decide(BIG, true, env(&[("CI", "true")])), Display::Nothing);
        assert_eq!(decide(BIG, true, env(&[("CI", "1")])), Display::Nothing);
        assert_eq!(
            decide(BIG, true, env(&[("TERM", "dumb")])),
            Display::Nothing
        );
        assert_eq!(decide(BIG, true, env(&[("CI", "false")])), Display::Colour);
        assert_eq!(decide(BIG, true, env(&[("CI", "")])), Display::Colour);
    }

    #[test]
    fn no_color_draws_the_bar_plain() {
        assert_eq!(decide(BIG, true, env(&[("NO_COLOR", "1")])), Display::Plain);
        // An empty NO_COLOR does not count (no-color.org).
        assert_eq!(decide(BIG, true, env(&[("NO_COLOR", "")])), Display::Colour);
        // NO_COLOR never brings a bar where there would be none.
        assert_eq!(
            decide(BIG, false, env(&[("NO_COLOR", "1")])),
            Display::Nothing
        );
        assert_eq!(
            decide(1000, true, env(&[("NO_COLOR", "1")])),
            Display::Nothing
        );
    }

    #[test]
    fn bytes_pass_through_unchanged() {
        let data = b"date,borrower\n2018-01-02,tholen\n".to_vec();
        let progress = Progress {
            bar: Some(ProgressBar::hidden()),
        };
        let mut r = ProgressReader::new(&data[..], progress.clone());
        let mut out = Vec::new();
        r.read_to_end(&mut out).unwrap();
        assert_eq!(out, data);
        assert_eq!(progress.bar.as_ref().unwrap().position(), data.len() as u64);
        progress.restart();
        assert_eq!(progress.bar.as_ref().unwrap().position(), 0);
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
