//! Repeated and overlapping shifts in the activity logs of an agreement: a
//! row identical to an earlier one would be counted twice (an error, unless
//! the log's `repeat` column marks it), and two shifts of one borrower on
//! one day that overlap in time are probably one shift entered twice (a
//! warning).
//!
//! Rows are compared by their values as parsed (and a fingerprint of any
//! ignored columns, `ActivityRow::others`), so nothing of a row but a few
//! numbers is kept. A log written as it happens
//! is in date order, and then a repeat or an overlap falls on the same day:
//! [`RowCheck::window`] keeps the rows of the latest day only, so memory is
//! that of one day. The first row whose date goes back makes the window
//! incomplete; the caller then reads the logs again with
//! [`RowCheck::everything`], which keeps every row's values.
//!
//! Overlaps are told for the first [`TOLD`] rows of each borrower that have
//! one and counted after that, so that a log full of them costs neither
//! memory nor a screen per row; repeats are errors and are all told.

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::core::activity::{ActivityRow, FnvMap, Shift, Warning};
use crate::load::diag::{Diagnostic, Location};

/// How many overlapping rows of one borrower are told one by one; the
/// rest are counted.
pub const TOLD: usize = 20;

/// A row that was seen, and its log.
#[derive(Debug, Clone, Copy)]
struct Seen {
    row: ActivityRow,
    log: usize,
}

/// What a row is, next to the rows before it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    /// It repeats the row at (log, line, row).
    Repeat(usize, u64, u64),
    /// It overlaps the shift at (log, line).
    Overlap(Shift, usize, u64),
    /// Its date goes back, from this date.
    Back(NaiveDate),
}

/// A finding about one row of log `log`.
#[derive(Debug, Clone)]
pub struct Finding {
    log: usize,
    row: ActivityRow,
    kind: Kind,
}

/// Which earlier rows a check keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Keep {
    LatestDay,
    Everything,
}

/// The rows seen so far and what was found about them, in row order.
#[derive(Debug, Clone)]
pub struct RowCheck {
    keep: Keep,
    /// `LatestDay`: the latest day's rows per borrower, and the borrowers
    /// that have any.
    day: Vec<Vec<Seen>>,
    touched: Vec<usize>,
    /// `Everything`: every row by borrower and day.
    all: FnvMap<(usize, NaiveDate), Vec<Seen>>,
    first: Option<NaiveDate>,
    latest: Option<NaiveDate>,
    went_back: bool,
    findings: Vec<Finding>,
    /// Per borrower: the overlaps among `findings`, and those past
    /// [`TOLD`], counted only.
    overlaps: Vec<(usize, u64)>,
}

impl RowCheck {
    /// A check that keeps the latest day only, for `borrowers` borrowers.
    pub fn window(borrowers: usize) -> RowCheck {
        RowCheck {
            keep: Keep::LatestDay,
            day: vec![Vec::new(); borrowers],
            touched: Vec::new(),
            all: FnvMap::default(),
            first: None,
            latest: None,
            went_back: false,
            findings: Vec::new(),
            overlaps: Vec::new(),
        }
    }

    /// A check that keeps every row: for logs out of date order.
    pub fn everything() -> RowCheck {
        RowCheck {
            keep: Keep::Everything,
            ..RowCheck::window(0)
        }
    }

    /// Compares `row` of log `log` with the earlier rows, then keeps it;
    /// an overlap is told only for a row the report `counts`.
    pub fn check(&mut self, log: usize, row: &ActivityRow, counts: bool) {
        if let Some(latest) = self.latest {
            if row.date < latest && !self.went_back {
                self.went_back = true;
                self.found(Finding {
                    log,
                    row: *row,
                    kind: Kind::Back(latest),
                });
            }
            if row.date > latest && self.keep == Keep::LatestDay {
                for b in self.touched.drain(..) {
                    self.day[b].clear();
                }
            }
        }
        if self.went_back && self.keep == Keep::LatestDay {
            // The window is incomplete now; the logs are read again.
            return;
        }
        self.first = self.first.or(Some(row.date));
        self.latest = self.latest.max(Some(row.date));
        let seen = match self.keep {
            Keep::LatestDay => {
                if self.day[row.borrower].is_empty() {
                    self.touched.push(row.borrower);
                }
                &mut self.day[row.borrower]
            }
            Keep::Everything => self.all.entry((row.borrower, row.date)).or_default(),
        };
        let kind = compare(seen, row);
        seen.push(Seen { row: *row, log });
        match kind {
            Some(Kind::Overlap(..)) if !counts => {}
            Some(kind) => self.found(Finding {
                log,
                row: *row,
                kind,
            }),
            None => {}
        }
    }

    /// Keeps `f`, or only counts it when it is an overlap past [`TOLD`].
    fn found(&mut self, f: Finding) {
        if let Kind::Overlap(..) = f.kind {
            let b = f.row.borrower;
            if self.overlaps.len() <= b {
                self.overlaps.resize(b + 1, (0, 0));
            }
            let (told, untold) = &mut self.overlaps[b];
            if *told >= TOLD {
                *untold += 1;
                return;
            }
            *told += 1;
        }
        self.findings.push(f);
    }

    /// Whether a date went back, so that the logs must be read again with
    /// [`RowCheck::everything`].
    pub fn went_back(&self) -> bool {
        self.went_back
    }

    /// Whether the rows of `later` (a check over the rows that follow this
    /// one's, from an empty window) can simply be added: every date of it
    /// after every date of this one, none going back.
    pub fn follows(&self, later: &RowCheck) -> bool {
        !self.went_back
            && !later.went_back
            && match (self.latest, later.first) {
                (Some(a), Some(b)) => a < b,
                _ => true,
            }
    }

    /// Adds `later` (see [`RowCheck::follows`]): its findings, and its
    /// window as the latest day's.
    pub fn append(&mut self, later: RowCheck) {
        if later.first.is_none() {
            return;
        }
        self.first = self.first.or(later.first);
        self.latest = later.latest;
        self.day = later.day;
        self.touched = later.touched;
        for f in later.findings {
            self.found(f);
        }
        if self.overlaps.len() < later.overlaps.len() {
            self.overlaps.resize(later.overlaps.len(), (0, 0));
        }
        for (mine, &(_, untold)) in self.overlaps.iter_mut().zip(&later.overlaps) {
            mine.1 += untold;
        }
    }

    /// Moves every line and row number on by `lines` and `rows`: the rows
    /// were counted from the start of a part of the log, not of the file.
    pub fn shift_lines(&mut self, lines: u64, rows: u64) {
        for f in &mut self.findings {
            f.row.line += lines;
            f.row.row += rows;
            match &mut f.kind {
                Kind::Repeat(_, line, row) => {
                    *line += lines;
                    *row += rows;
                }
                Kind::Overlap(_, _, line) => *line += lines,
                Kind::Back(_) => {}
            }
        }
        for seen in self.day.iter_mut().flatten() {
            seen.row.line += lines;
            seen.row.row += rows;
        }
    }

    /// The errors (repeats) and the warnings (overlaps, a date going back)
    /// found, in row order, with one more for the overlaps not told; `logs`
    /// name the files, `borrowers` the rows' borrowers, `marker` the log's
    /// `repeat` column where it has one.
    pub fn finish(
        self,
        logs: &[PathBuf],
        borrowers: &[String],
        marker: Option<&str>,
    ) -> (Vec<Diagnostic>, Vec<Warning>) {
        let (mut errors, mut warnings) = (Vec::new(), Vec::new());
        for f in self.findings {
            let borrower = &borrowers[f.row.borrower];
            let place = |log: usize, line: u64| format!("{}:{line}", logs[log].display());
            match f.kind {
                Kind::Repeat(log, line, row) => {
                    let d = repeated(&logs[f.log], &f.row, &place(log, line), row);
                    errors.push(d.with_help(repeat_help(marker, f.row.repeat)));
                }
                Kind::Overlap(other, log, line) => {
                    warnings.push(overlap(&f, borrower, other, &place(log, line), logs))
                }
                Kind::Back(latest) => warnings.push(Warning {
                    borrower: borrower.clone(),
                    position: place(f.log, f.row.line),
                    message: format!(
                        "{} is earlier than {latest} on a row above it; rows are expected in date order, so every row was compared with every earlier one, which takes memory as the log grows",
                        f.row.date
                    ),
                }),
            }
        }
        for (b, &(_, n)) in self.overlaps.iter().enumerate() {
            if n > 0 {
                warnings.push(untold(n, &borrowers[b], logs));
            }
        }
        (errors, warnings)
    }
}

/// The warning that counts the overlapping rows of `borrower` past the
/// first [`TOLD`].
fn untold(n: u64, borrower: &str, logs: &[PathBuf]) -> Warning {
    let files: Vec<String> = logs.iter().map(|p| p.display().to_string()).collect();
    Warning {
        borrower: borrower.to_string(),
        position: files.join(", "),
        message: format!(
            "{n} more rows of {borrower} overlap another shift of {borrower} on the same day; the first {TOLD} are told above"
        ),
    }
}

/// What `row` is next to the earlier rows `seen` of its borrower (and, in a
/// window, of its day): a repeat (whichever row it repeats), else the
/// first shift it overlaps, or nothing.
fn compare(seen: &[Seen], row: &ActivityRow) -> Option<Kind> {
    // A row marked as an intended repeat overlaps its original by design.
    let this = row.shift.filter(|_| row.repeat == 0);
    let mut overlap = None;
    for s in seen.iter().filter(|s| s.row.date == row.date) {
        if same_values(&s.row, row) {
            return Some(Kind::Repeat(s.log, s.row.line, s.row.row));
        }
        if let (None, Some(this), Some(other)) = (&overlap, this, s.row.shift) {
            if other.start < this.end && this.start < other.end {
                overlap = Some(Kind::Overlap(other, s.log, s.row.line));
            }
        }
    }
    overlap
}

/// Whether rows `a` and `b` of one borrower and day say the same in every
/// column: the values as parsed (so `3.0` and `3.00` hours are the same)
/// and the fingerprint of the ignored columns.
fn same_values(a: &ActivityRow, b: &ActivityRow) -> bool {
    (a.shift, a.supervisors, a.house_visits, a.repeat, a.others)
        == (b.shift, b.supervisors, b.house_visits, b.repeat, b.others)
        && a.hours == b.hours
        && a.km == b.km
}

/// The warning about a shift that overlaps the shift `other` at `first`.
fn overlap(f: &Finding, borrower: &str, other: Shift, first: &str, logs: &[PathBuf]) -> Warning {
    let shift = f.row.shift.expect("only shifts with times overlap");
    Warning {
        borrower: borrower.to_string(),
        position: format!("{}:{}", logs[f.log].display(), f.row.line),
        message: format!(
            "{} {borrower} {}–{} overlaps the shift {}–{} at {first}; the same supervisors cannot work both, so one may be entered twice",
            f.row.date,
            shift.start.format("%H:%M"),
            shift.end.format("%H:%M"),
            other.start.format("%H:%M"),
            other.end.format("%H:%M"),
        ),
    }
}

/// The error for `row` of `path`, which repeats row `first_row` at `first`.
fn repeated(path: &std::path::Path, row: &ActivityRow, first: &str, first_row: u64) -> Diagnostic {
    Diagnostic {
        path: path.to_path_buf(),
        location: Box::new(Location::Csv {
            line: row.line,
            row: row.row,
            column: None,
            record: String::new(),
        }),
        message: format!(
            "this row repeats the one at {first}; it would be counted twice (rows {first_row} and {})",
            row.row
        ),
        help: None,
    }
}

/// The way out of a repeated row, whose repeat marker is `repeat`: mark it
/// in the log's `repeat` column `marker`, or declare such a column.
fn repeat_help(marker: Option<&str>, repeat: u32) -> String {
    let way = match marker {
        Some(column) => format!(
            "mark this row {} in the column `{column}` (each intended repeat of a row gets the next number)",
            repeat + 1
        ),
        None => "give the log a column with role `repeat` in the agreement's [activity_log] and mark the second row 1 (a third 2, …)".to_string(),
    };
    format!("remove the repeated row; if the same shift really was worked twice, write it as one row with the values of both, or {way}")
}
