//! Chunked parallel reading of a large log: the body is cut into byte
//! ranges at newlines, each thread reads its range into its own buffer (no
//! mmap, so memory stays flat) and sums into its own accumulator, and the
//! parts merge in range order. Line and row numbers are counted from the
//! start of each range and moved on when the parts merge, so diagnostics,
//! warnings and totals are those of one serial pass.
//!
//! A cut is moved on to where the date changes, so that one day's rows fall
//! in one range and each range's repeat check (see `load::shifts`) sees the
//! whole of its days. A range with a quote (quoting may span lines), a sum
//! that had to round (then the order of additions matters) or dates that do
//! not follow the range before gives `None`: the caller reads the log
//! serially instead.

use std::fs::File;
use std::hash::Hash;
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::Path;

use chrono::NaiveDate;

use super::causes::Groups;
use super::lean::{Lean, Next};
use super::{LastDate, Validator};
use crate::core::activity::{Accumulator, ActivityRow};
use crate::load::diag::{Diagnostic, Location};
use crate::load::progress::Progress;
use crate::load::shifts::RowCheck;

/// The sums, the row check and the diagnostics of the parts as one.
type Merged<K> = (Accumulator<K>, RowCheck, Vec<Diagnostic>);

/// How far past a nominal cut a boundary is looked for.
const WINDOW: usize = 1 << 16;

/// How far past a boundary a change of date is looked for: a day of a
/// large log is a few megabytes at most.
const DAY_WINDOW: u64 = 1 << 23;

/// What one range of the log gave.
struct Part<K> {
    sums: Accumulator<K>,
    check: RowCheck,
    diags: Vec<Diagnostic>,
    /// The problems with a cause (see `causes`).
    groups: Groups,
    rows: u64,
    /// The `\n` bytes up to the end of the range (from the start of the
    /// file for the first range, of the range for the others).
    newlines: u64,
    quoted: bool,
}

/// Gives the memory that the reading threads freed back to the system.
/// Each thread allocates from an arena of its own (glibc's malloc), and
/// what it frees there stays resident after it ends, held by small free
/// chunks that nothing consolidates: about 1 to 2.5 MiB at 10M rows, under
/// the report that is built next.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub(super) fn give_back_freed_memory() {
    // SAFETY: `malloc_trim` takes no pointer and touches no live
    // allocation: it only gives back memory that is free in the arenas of
    // glibc's malloc, under that allocator's own locks. It is sound to call
    // whichever allocator serves this program (std's `System`, which is
    // glibc's malloc here, or a sanitizer's in a fuzz build).
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Elsewhere the allocator is left as it is.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub(super) fn give_back_freed_memory() {}

/// The log's body from `body` (a byte offset at line `line`) to its end,
/// read in ranges cut near `cuts`, one thread each, every thread telling
/// `progress` what it reads; `None` when it must be read serially.
#[allow(clippy::too_many_arguments)]
pub(super) fn read<K: Hash + Eq + Clone + Send>(
    validator: &Validator,
    log: usize,
    (body, line): (u64, u64),
    cuts: &[u64],
    rule: Option<&crate::core::agreement::ShiftRule>,
    bucket: &(impl Fn(NaiveDate) -> Option<K> + Sync),
    progress: &Progress,
) -> io::Result<Option<Merged<K>>> {
    let path = validator.path.as_path();
    let size = std::fs::metadata(path)?.len();
    let ranges = ranges(path, (body, size), cuts, validator.layout.date)?;
    let borrowers = validator.borrowers.len();
    let parts: Vec<io::Result<Part<K>>> = std::thread::scope(|scope| {
        let handles: Vec<_> = ranges
            .iter()
            .enumerate()
            .map(|(i, &(from, to))| {
                let start_line = if i == 0 { line } else { 1 };
                scope.spawn(move || {
                    let sums = Accumulator::new(rule, borrowers);
                    let range = (from, to, start_line);
                    read_part(validator, log, range, sums, bucket, progress.clone())
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a log reader thread panicked"))
            .collect()
    });
    let parts = parts.into_iter().collect::<io::Result<Vec<_>>>()?;
    // The problems with a cause come after the others, one per cause, as
    // in a serial pass.
    Ok(merge(parts).map(|((sums, check, mut diags), groups)| {
        diags.extend(groups.finish(&validator.bounds));
        (sums, check, diags)
    }))
}

/// The ranges of `body..size`: cut at the first boundary at or after each
/// nominal cut, dropping cuts without one nearby.
pub(super) fn ranges(
    path: &Path,
    (body, size): (u64, u64),
    cuts: &[u64],
    date: usize,
) -> io::Result<Vec<(u64, u64)>> {
    let mut file = File::open(path)?;
    let mut bounds = vec![body];
    for &cut in cuts {
        let last = *bounds.last().expect("the body's start");
        if cut <= last + 1 || cut >= size {
            continue;
        }
        let Some(b) = boundary(&mut file, cut)? else {
            continue;
        };
        if let Some(b) = next_day(&mut file, b, date)? {
            if b > last && b < size {
                bounds.push(b);
            }
        }
    }
    bounds.push(size);
    Ok(bounds.windows(2).map(|w| (w[0], w[1])).collect())
}

/// The first offset at or after `cut` that follows a lone `\n` right after
/// a field byte: a record there starts on the line after that `\n`, as the
/// csv crate counts, whatever came before.
fn boundary(file: &mut File, cut: u64) -> io::Result<Option<u64>> {
    file.seek(SeekFrom::Start(cut - 1))?;
    let mut buf = vec![0; WINDOW];
    let mut n = 0;
    while n < buf.len() {
        match file.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    let found = buf[..n]
        .windows(2)
        .position(|w| w[1] == b'\n' && w[0] != b'\n' && w[0] != b'\r');
    Ok(found.map(|i| cut - 1 + i as u64 + 2))
}

/// The start of the first line at or after the record start `at` whose
/// date field (field `date`) differs from the one of the line at `at`, or
/// `at` itself where a quote makes the fields unclear (that range is read
/// serially anyway); `None` when the date does not change within
/// [`DAY_WINDOW`].
fn next_day(file: &mut File, at: u64, date: usize) -> io::Result<Option<u64>> {
    file.seek(SeekFrom::Start(at))?;
    let mut lines = BufReader::new(file.take(DAY_WINDOW));
    let (mut line, mut first, mut offset) = (Vec::new(), None, at);
    // Whether the line before `offset` ends in a field byte and a lone
    // `\n`, so that a cut there counts lines as the csv crate does (see
    // `boundary`).
    let mut after_field = true;
    loop {
        line.clear();
        let n = lines.read_until(b'\n', &mut line)? as u64;
        if n == 0 || !line.ends_with(b"\n") {
            return Ok(None);
        }
        if line.contains(&b'"') {
            return Ok(Some(at));
        }
        let field = line.split(|&b| b == b',').nth(date).map(<[u8]>::trim_ascii);
        match (field, &first) {
            (None | Some(b""), _) => {}
            (Some(f), None) => first = Some(f.to_vec()),
            (Some(f), Some(d)) if f != d.as_slice() && after_field => return Ok(Some(offset)),
            _ => {}
        }
        after_field = matches!(line.as_slice(), [.., b, b'\n'] if *b != b'\n' && *b != b'\r');
        offset += n;
    }
}

/// Reads `from..to`, starting at line `start_line`, into `sums`.
fn read_part<K: Hash + Eq + Clone>(
    validator: &Validator,
    log: usize,
    (from, to, start_line): (u64, u64, u64),
    mut sums: Accumulator<K>,
    bucket: &impl Fn(NaiveDate) -> Option<K>,
    progress: Progress,
) -> io::Result<Part<K>> {
    let mut lean =
        Lean::new(File::open(&validator.path)?, from, to, start_line)?.reporting(progress);
    let (mut diags, mut rows, mut quoted) = (Vec::new(), 0u64, false);
    let mut groups = Groups::default();
    let mut check = RowCheck::window(validator.borrowers.len());
    let mut dates = LastDate::default();
    let mut row = ActivityRow::default();
    loop {
        match lean.next() {
            Next::Record(rec) => {
                rows += 1;
                match validator.lean_record(&rec, rows, &mut dates, &mut row) {
                    Ok(()) => {
                        let key = bucket(row.date);
                        check.check(log, &row, key.is_some());
                        if let Some(key) = key {
                            sums.add(log, &row, key);
                        }
                    }
                    Err(e) => diags.extend(groups.keep(e)),
                }
            }
            Next::Quote { .. } => {
                quoted = true;
                break;
            }
            Next::Failed(e) => return Err(e),
            Next::End => break,
        }
    }
    Ok(Part {
        sums,
        check,
        diags,
        groups,
        rows,
        newlines: lean.newlines(),
        quoted,
    })
}

/// The parts in range order as one, with lines and rows counted from the
/// start of the file; `None` when a part had a quote or a sum rounded.
fn merge<K: Hash + Eq + Clone>(parts: Vec<Part<K>>) -> Option<(Merged<K>, Groups)> {
    let mut parts = parts.into_iter();
    let first = parts.next()?;
    if first.quoted {
        return None;
    }
    let first_exact = first.sums.is_exact();
    let (mut sums, mut diags, mut check) = (first.sums, first.diags, first.check);
    let mut groups = first.groups;
    let (mut lines, mut rows) = (first.newlines, first.rows);
    for mut part in parts {
        if part.quoted {
            return None;
        }
        part.sums.shift_lines(lines, rows);
        part.check.shift_lines(lines, rows);
        if !sums.merge(part.sums) || !check.follows(&part.check) {
            return None;
        }
        check.append(part.check);
        diags.extend(part.diags.into_iter().map(|d| shifted(d, lines, rows)));
        groups.append(part.groups, lines, rows);
        lines += part.newlines;
        rows += part.rows;
    }
    first_exact.then_some(((sums, check, diags), groups))
}

/// `d` with its line and row moved on by `lines` and `rows`.
fn shifted(mut d: Diagnostic, lines: u64, rows: u64) -> Diagnostic {
    if let Location::Csv { line, row, .. } = d.location.as_mut() {
        *line += lines;
        *row += rows;
    }
    d
}
