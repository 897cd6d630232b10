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

use std::hash::Hasher;
use std::path::PathBuf;

use chrono::{NaiveDate, Timelike};
use rust_decimal::Decimal;

use crate::core::activity::{ActivityRow, FnvMap, Shift, Warning};
use crate::core::text::Clock;
use crate::load::diag::{Diagnostic, Location};

mod packed;

use packed::Pack;

/// How many overlapping rows of one borrower are told one by one; the
/// rest are counted.
pub const TOLD: usize = 20;

/// A row that was seen: its values but its date and borrower, which the
/// rows of a [`Day`] share, and where it stands. A busy day of a large log
/// keeps tens of thousands of these, so they hold no more than that: the
/// hours, km, times and supervisors packed (`packed`), 64 bytes in all,
/// and its key beside it in the [`Day`].
#[derive(Debug, Clone, Copy)]
struct Seen {
    hours: u64,
    km: u64,
    /// The shift and its supervisors.
    crew: u64,
    others: u64,
    line: u64,
    row: u64,
    house_visits: u32,
    repeat: u32,
    log: u32,
}

/// A row's values as its [`Seen`] would hold them: packed where they fit
/// (see `packed`), to compare it with the day's rows before it is kept.
#[derive(Debug, Clone, Copy)]
struct Probe {
    hours: Option<u64>,
    km: Option<u64>,
    crew: Option<u64>,
    key: u32,
}

/// The packed bits that stand for a wide crew in a row's key.
const WIDE_CREW: u64 = u64::MAX;

impl Probe {
    /// The row's values packed, and its key: the values a repeat must
    /// share but its hours and km (compared exactly afterwards), as one
    /// number.
    fn of(row: &ActivityRow) -> Probe {
        let crew = (row.shift, row.supervisors).packed();
        let mut h = crate::core::activity::Fnv::default();
        h.write_u64(crew.unwrap_or(WIDE_CREW));
        h.write_u64(row.others);
        h.write_u32(row.house_visits);
        h.write_u32(row.repeat);
        let key = h.finish();
        Probe {
            hours: row.hours.packed(),
            km: row.km.packed(),
            crew,
            key: (key ^ key >> 32) as u32,
        }
    }
}

impl Seen {
    fn log(&self) -> usize {
        self.log as usize
    }
}

/// From this many rows of one borrower on one day, the minutes their
/// shifts cover are kept: a row whose shift covers none of them overlaps
/// nothing, and an overlap that is only counted (past the first [`TOLD`])
/// is found without a scan of the day's rows.
const MAPPED_FROM: usize = 16;

/// The rows of one borrower on one day.
#[derive(Debug, Clone, Default)]
struct Day {
    rows: Vec<Seen>,
    /// The key of each row's values ([`Probe::key`]), beside `rows`: a
    /// repeat is looked for in these four bytes a row, and compared by
    /// value only where they agree. A busy day still costs a scan of them
    /// per row.
    keys: Vec<u32>,
    /// The rows' hours and km that do not pack inline, by index.
    numbers: Vec<Decimal>,
    /// The rows' shifts and supervisors that do not pack inline, by index.
    crews: Vec<packed::Crew>,
    /// The minutes the rows' shifts cover, once the day has
    /// [`MAPPED_FROM`] rows; `None` before, and once a shift is not a span
    /// of whole minutes. The loader's times always are (`%H:%M`); the
    /// fall-back keeps the check right for any `Shift`.
    minutes: Option<Box<Minutes>>,
}

/// The words of [`Minutes`]: one bit for each minute of a day.
const MINUTE_WORDS: usize = (24 * 60usize).div_ceil(64);

/// Minutes of a day, one bit each.
#[derive(Debug, Clone, Default)]
struct Minutes([u64; MINUTE_WORDS]);

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

/// What a day's rows say about a new row: a finding, or an overlap with
/// a shift that was not to be named (see [`Day::compare`]).
enum Match {
    Is(Kind),
    Overlapping,
}

/// A finding about one row of log `log`.
#[derive(Debug, Clone)]
pub struct Finding {
    log: usize,
    row: Named,
    kind: Kind,
}

/// What a finding's message names of its row; a log with thousands of
/// findings keeps no more of their rows than this.
#[derive(Debug, Clone, Copy)]
struct Named {
    date: NaiveDate,
    borrower: usize,
    shift: Option<Shift>,
    repeat: u32,
    line: u64,
    row: u64,
}

impl Named {
    fn of(row: &ActivityRow) -> Named {
        Named {
            date: row.date,
            borrower: row.borrower,
            shift: row.shift,
            repeat: row.repeat,
            line: row.line,
            row: row.row,
        }
    }
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
    day: Vec<Day>,
    touched: Vec<usize>,
    /// `Everything`: every row by borrower and day.
    all: FnvMap<(usize, NaiveDate), Day>,
    first: Option<NaiveDate>,
    latest: Option<NaiveDate>,
    went_back: bool,
    findings: Vec<Finding>,
    /// Per borrower: the overlaps among `findings`, and those past
    /// [`TOLD`], counted only.
    overlaps: Vec<(usize, u64)>,
    /// From how many rows a day's minutes are kept: [`MAPPED_FROM`], or
    /// never for the tests' reference.
    mapped_from: usize,
}

impl RowCheck {
    /// A check that keeps the latest day only, for `borrowers` borrowers.
    pub fn window(borrowers: usize) -> RowCheck {
        RowCheck {
            keep: Keep::LatestDay,
            day: vec![Day::default(); borrowers],
            touched: Vec::new(),
            all: FnvMap::default(),
            first: None,
            latest: None,
            went_back: false,
            findings: Vec::new(),
            overlaps: Vec::new(),
            mapped_from: MAPPED_FROM,
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
                    row: Named::of(row),
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
        // An overlap past the first [`TOLD`] of its borrower is only
        // counted, which needs no earlier row to name.
        let name = counts && self.told(row.borrower) < TOLD;
        let day = match self.keep {
            Keep::LatestDay => {
                if self.day[row.borrower].rows.is_empty() {
                    self.touched.push(row.borrower);
                }
                &mut self.day[row.borrower]
            }
            Keep::Everything => self.all.entry((row.borrower, row.date)).or_default(),
        };
        let probe = Probe::of(row);
        let found = day.compare(row, &probe, name);
        day.push(row, probe, log, self.mapped_from);
        match found {
            None => {}
            // A row the report does not count is told no overlap.
            Some(Match::Is(Kind::Overlap(..)) | Match::Overlapping) if !counts => {}
            Some(Match::Overlapping) => self.count_untold(row.borrower),
            Some(Match::Is(kind)) => self.found(Finding {
                log,
                row: Named::of(row),
                kind,
            }),
        }
    }

    /// The overlaps of `borrower` told so far.
    fn told(&self, borrower: usize) -> usize {
        self.overlaps.get(borrower).map_or(0, |o| o.0)
    }

    /// The overlaps of `borrower`: told, and only counted.
    fn overlaps_of(&mut self, borrower: usize) -> &mut (usize, u64) {
        if self.overlaps.len() <= borrower {
            self.overlaps.resize(borrower + 1, (0, 0));
        }
        &mut self.overlaps[borrower]
    }

    /// Counts an overlap of `borrower` past the first [`TOLD`].
    fn count_untold(&mut self, borrower: usize) {
        self.overlaps_of(borrower).1 += 1;
    }

    /// Keeps `f`, or only counts it when it is an overlap past [`TOLD`].
    fn found(&mut self, f: Finding) {
        if let Kind::Overlap(..) = f.kind {
            let b = f.row.borrower;
            if self.told(b) >= TOLD {
                self.count_untold(b);
                return;
            }
            self.overlaps_of(b).0 += 1;
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
        for seen in self.day.iter_mut().flat_map(|d| &mut d.rows) {
            seen.line += lines;
            seen.row += rows;
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
        // Each file's name, written once for its thousands of findings.
        let names: Vec<String> = logs.iter().map(|p| p.display().to_string()).collect();
        for f in self.findings {
            let borrower = &borrowers[f.row.borrower];
            let place = |log: usize, line: u64| format!("{}:{line}", names[log]);
            match f.kind {
                Kind::Repeat(log, line, row) => {
                    let d = repeated(&logs[f.log], &f.row, &place(log, line), row);
                    errors.push(d.with_help(repeat_help(marker, f.row.repeat)));
                }
                Kind::Overlap(other, log, line) => {
                    let position = place(f.log, f.row.line);
                    warnings.push(overlap(&f, borrower, other, &place(log, line), position))
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
                warnings.push(untold(n, &borrowers[b], &names));
            }
        }
        (errors, warnings)
    }
}

/// The warning that counts the overlapping rows of `borrower` past the
/// first [`TOLD`]; `names` are the logs' files.
fn untold(n: u64, borrower: &str, names: &[String]) -> Warning {
    Warning {
        borrower: borrower.to_string(),
        position: names.join(", "),
        message: format!(
            "{n} more rows of {borrower} overlap another shift of {borrower} on the same day; the first {TOLD} are told above"
        ),
    }
}

impl Day {
    /// What `row` (with its `probe`) is next to the day's rows: a repeat
    /// (of whichever row it repeats), else the first shift it overlaps,
    /// named only when `name` (`Match::Overlapping` otherwise), or nothing.
    fn compare(&self, row: &ActivityRow, probe: &Probe, name: bool) -> Option<Match> {
        if let Some(s) = self.repeated(row, probe) {
            return Some(Match::Is(Kind::Repeat(s.log(), s.line, s.row)));
        }
        // A row marked as an intended repeat overlaps its original by design.
        let this = row.shift.filter(|_| row.repeat == 0)?;
        self.overlapped(this, name)
    }

    /// The first of the day's rows that `row` (with `probe`) repeats.
    fn repeated(&self, row: &ActivityRow, probe: &Probe) -> Option<&Seen> {
        self.keys
            .iter()
            .zip(&self.rows)
            .find(|(k, s)| **k == probe.key && self.same_values(s, row, probe))
            .map(|(_, s)| s)
    }

    /// Whether `row`, of the same borrower and day, says the same in every
    /// column as the kept `s`: the values as parsed (so `3.0` and `3.00`
    /// hours are the same) and the fingerprint of the ignored columns.
    fn same_values(&self, s: &Seen, row: &ActivityRow, probe: &Probe) -> bool {
        (s.house_visits, s.repeat, s.others) == (row.house_visits, row.repeat, row.others)
            && packed::holds(
                s.crew,
                &self.crews,
                (row.shift, row.supervisors),
                probe.crew,
            )
            && packed::holds(s.hours, &self.numbers, row.hours, probe.hours)
            && packed::holds(s.km, &self.numbers, row.km, probe.km)
    }

    /// The shift of a kept row.
    fn shift(&self, s: &Seen) -> Option<Shift> {
        packed::value_of(s.crew, &self.crews).0
    }

    /// The first of the day's shifts that `this` (the shift of `row`)
    /// overlaps, named only when `name`.
    fn overlapped(&self, this: Shift, name: bool) -> Option<Match> {
        match (&self.minutes, Minutes::of(this)) {
            (Some(m), Some(span)) if !m.any(span) => return None,
            (Some(_), Some(_)) if !name => return Some(Match::Overlapping),
            _ => {}
        }
        self.rows.iter().find_map(|s| {
            let other = self.shift(s)?;
            (other.start < this.end && this.start < other.end).then_some(Match::Is(Kind::Overlap(
                other,
                s.log(),
                s.line,
            )))
        })
    }

    /// Forgets the day's rows (keeping the room of the rows and keys) and
    /// its minutes.
    fn clear(&mut self) {
        self.rows.clear();
        self.keys.clear();
        self.numbers.clear();
        self.crews.clear();
        self.minutes = None;
    }

    /// Keeps `row` of log `log` (with its `probe`), and the day's minutes
    /// once it has `mapped_from` rows.
    fn push(&mut self, row: &ActivityRow, probe: Probe, log: usize, mapped_from: usize) {
        let seen = Seen {
            hours: packed::keep(row.hours, probe.hours, &mut self.numbers),
            km: packed::keep(row.km, probe.km, &mut self.numbers),
            crew: packed::keep((row.shift, row.supervisors), probe.crew, &mut self.crews),
            others: row.others,
            line: row.line,
            row: row.row,
            house_visits: row.house_visits,
            repeat: row.repeat,
            log: u32::try_from(log).expect("fewer than 2^32 logs are named"),
        };
        self.rows.push(seen);
        self.keys.push(probe.key);
        if self.rows.len() == mapped_from {
            let mut minutes = Some(Box::default());
            for s in &self.rows {
                Minutes::add_to(&mut minutes, self.shift(s));
            }
            self.minutes = minutes;
        } else if self.rows.len() > mapped_from {
            Minutes::add_to(&mut self.minutes, row.shift);
        }
    }
}

impl Minutes {
    /// The minutes `shift` covers, from its start up to its end, when both
    /// are whole minutes and the end is after the start.
    fn of(shift: Shift) -> Option<(usize, usize)> {
        let minute = |t: chrono::NaiveTime| {
            let s = t.num_seconds_from_midnight();
            (s % 60 == 0 && t.nanosecond() == 0).then_some(s as usize / 60)
        };
        let (from, to) = (minute(shift.start)?, minute(shift.end)?);
        (from < to).then_some((from, to))
    }

    /// Adds the minutes of `shift` to `minutes`, or stops keeping them for a
    /// shift that is not a span of whole minutes.
    fn add_to(minutes: &mut Option<Box<Minutes>>, shift: Option<Shift>) {
        let Some(shift) = shift else { return };
        match (minutes.as_mut(), Minutes::of(shift)) {
            (Some(m), Some(span)) => m.set(span),
            _ => *minutes = None,
        }
    }

    /// The bits of `span` (`from < to`, within a day) in each word it
    /// touches, as (word, mask).
    fn words((from, to): (usize, usize)) -> impl Iterator<Item = (usize, u64)> {
        debug_assert!(from < to && to <= 24 * 60, "{from}..{to}");
        (from / 64..to.div_ceil(64)).map(move |w| {
            let (low, high) = (from.max(w * 64) - w * 64, to.min(w * 64 + 64) - w * 64);
            let mask = match high - low {
                64 => u64::MAX,
                n => ((1u64 << n) - 1) << low,
            };
            (w, mask)
        })
    }

    fn any(&self, span: (usize, usize)) -> bool {
        Minutes::words(span).any(|(w, mask)| self.0[w] & mask != 0)
    }

    fn set(&mut self, span: (usize, usize)) {
        for (w, mask) in Minutes::words(span) {
            self.0[w] |= mask;
        }
    }
}

/// The warning about a shift at `position` that overlaps the shift `other`
/// at `first`.
fn overlap(f: &Finding, borrower: &str, other: Shift, first: &str, position: String) -> Warning {
    let shift = f.row.shift.expect("only shifts with times overlap");
    Warning {
        borrower: borrower.to_string(),
        position,
        message: format!(
            "{} {borrower} {}–{} overlaps the shift {}–{} at {first}; the same supervisors cannot work both, so one may be entered twice",
            f.row.date,
            Clock(shift.start),
            Clock(shift.end),
            Clock(other.start),
            Clock(other.end),
        ),
    }
}

/// The error for `row` of `path`, which repeats row `first_row` at `first`.
fn repeated(path: &std::path::Path, row: &Named, first: &str, first_row: u64) -> Diagnostic {
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

#[cfg(test)]
mod tests {
    //! The day's minutes against comparing every row: over logs of many
    //! shifts a day, with repeats, marked repeats, shifts that are not in
    //! whole minutes, rows without times and rows the report does not
    //! count, in a window and over everything, both find the same, in the
    //! same order.

    use std::path::PathBuf;

    use chrono::{NaiveDate, NaiveTime};
    use proptest::prelude::*;
    use rust_decimal::Decimal;

    use super::{RowCheck, MAPPED_FROM};
    use crate::core::activity::{ActivityRow, Shift};

    /// A row: borrower, day, start minute and length, the seconds of its
    /// start and end (0 but rarely), hours in tenths, repeat marker, and
    /// whether it has times at all.
    #[derive(Debug, Clone, Copy)]
    struct Spec {
        borrower: usize,
        day: u32,
        start: u32,
        len: u32,
        seconds: (u32, u32),
        hours: u8,
        repeat: u32,
        timed: bool,
    }

    fn row(n: u64, s: Spec) -> ActivityRow {
        let time = |m: u32, sec: u32| NaiveTime::from_hms_opt(m / 60, m % 60, sec).unwrap();
        ActivityRow {
            date: NaiveDate::from_ymd_opt(2018, 3, 1 + s.day).unwrap(),
            borrower: s.borrower,
            shift: s.timed.then(|| Shift {
                start: time(s.start, s.seconds.0),
                end: time(s.start + s.len, s.seconds.1),
            }),
            supervisors: Some(1),
            hours: Decimal::new(i64::from(s.hours), 1),
            house_visits: 0,
            km: Decimal::ZERO,
            repeat: s.repeat,
            others: 0,
            line: n + 1,
            row: n,
        }
    }

    fn spec() -> impl Strategy<Value = Spec> {
        let seconds = || prop_oneof![20 => Just(0u32), 1 => 1u32..60];
        (
            (0usize..2, 0u32..2),
            prop_oneof![3 => (7 * 60)..(7 * 60 + 12u32), 1 => 0..(22 * 60u32)],
            prop_oneof![3 => 1u32..4, 1 => 1u32..120],
            (seconds(), seconds()),
            0u8..3,
            prop_oneof![8 => Just(0u32), 1 => Just(1u32)],
            prop_oneof![30 => Just(true), 1 => Just(false)],
        )
            .prop_map(
                |((borrower, day), start, len, seconds, hours, repeat, timed)| Spec {
                    borrower,
                    day,
                    start,
                    len,
                    // A start with seconds stays before its end.
                    seconds: (seconds.0.min(seconds.1), seconds.1),
                    hours,
                    repeat,
                    timed,
                },
            )
    }

    fn outcome(check: RowCheck) -> String {
        let logs = [PathBuf::from("log.csv")];
        let (errors, warnings) = check.finish(&logs, &["a".into(), "b".into()], None);
        format!("{errors:?}\n{warnings:?}")
    }

    /// `rows` (each with whether the report counts it) checked with the
    /// day's minutes and without, in a window and over everything.
    fn both_ways(rows: &[(ActivityRow, bool)]) -> [(String, String); 2] {
        [RowCheck::window(2), RowCheck::everything()].map(|check| {
            let (mut mapped, mut every) = (check.clone(), check);
            every.mapped_from = usize::MAX;
            for (r, counts) in rows {
                mapped.check(0, r, *counts);
                every.check(0, r, *counts);
            }
            (outcome(mapped), outcome(every))
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn a_mapped_day_finds_what_every_row_finds(
            specs in prop::collection::vec((spec(), any::<bool>()), 0..(8 * MAPPED_FROM)),
        ) {
            let mut specs = specs;
            specs.sort_by_key(|(s, _)| s.day);
            let rows: Vec<(ActivityRow, bool)> = specs
                .iter()
                .enumerate()
                .map(|(n, &(spec, counts))| (row(n as u64 + 1, spec), counts))
                .collect();
            for (mapped, every) in both_ways(&rows) {
                prop_assert_eq!(mapped, every);
            }
        }
    }

    /// 45 shifts of one borrower from 09:00 to 10:00, each with its own
    /// hours, so none repeats and rows 2 to 45 overlap row 1; the report
    /// counts every row but each third (4, 7, … 43: 14 rows). Of the 30
    /// counted overlaps the first 20 are told and 10 counted, with the
    /// minutes and without, whether the 21st comes after an uncounted row.
    #[test]
    fn past_twenty_told_overlaps_the_rest_are_counted_the_same_with_the_minutes() {
        let shift = |k: u32| Spec {
            borrower: 0,
            day: 0,
            start: 9 * 60,
            len: 60,
            seconds: (0, 0),
            hours: k as u8,
            repeat: 0,
            timed: true,
        };
        let rows: Vec<(ActivityRow, bool)> = (1..=45u32)
            .map(|k| (row(u64::from(k), shift(k)), k % 3 != 1))
            .collect();
        for (mapped, every) in both_ways(&rows) {
            assert_eq!(mapped, every);
            assert_eq!(
                mapped
                    .matches("overlaps the shift 09:00–10:00 at log.csv:2;")
                    .count(),
                20,
                "{mapped}"
            );
            assert!(
                mapped.contains("10 more rows of a overlap another shift of a on the same day"),
                "{mapped}"
            );
        }
    }

    /// Hours too wide to pack inline (a mantissa above 56 bits, as in
    /// `8.0000000000000000`, which the loader accepts) are kept whole beside
    /// the day's rows and still repeat their equal narrow values: over two
    /// days in a window, the second reusing the room of the first, and over
    /// every row.
    #[test]
    fn wide_hours_repeat_their_equal_values() {
        use super::packed::Pack;
        use std::str::FromStr;
        let hours = |s: &str| Decimal::from_str(s).unwrap();
        assert_eq!(hours("8.0000000000000000").packed(), None);
        assert_eq!(hours("7.00000000000000000").packed(), None);
        let at = |day, start| Spec {
            borrower: 0,
            day,
            start,
            len: 60,
            seconds: (0, 0),
            hours: 0,
            repeat: 0,
            timed: true,
        };
        let rows: Vec<ActivityRow> = [
            (0, 7 * 60, "8.0000000000000000"),
            (0, 7 * 60, "8"),
            (1, 9 * 60, "7.00000000000000000"),
            (1, 9 * 60, "7.5"),
            (1, 9 * 60, "7"),
        ]
        .iter()
        .enumerate()
        .map(|(n, &(day, start, h))| ActivityRow {
            hours: hours(h),
            ..row(n as u64 + 1, at(day, start))
        })
        .collect();
        for mut check in [RowCheck::window(1), RowCheck::everything()] {
            for r in &rows {
                check.check(0, r, true);
            }
            let out = outcome(check);
            for (first, rows) in [(2, "1 and 2"), (4, "3 and 5")] {
                let said = format!(
                    "this row repeats the one at log.csv:{first}; it would be counted twice (rows {rows})"
                );
                assert!(out.contains(&said), "{out}");
            }
            assert_eq!(out.matches("repeats").count(), 2, "{out}");
        }
    }

    /// What a busy day keeps of each row (see [`super::Seen`]).
    #[test]
    fn a_kept_row_is_64_bytes() {
        assert_eq!(std::mem::size_of::<super::Seen>(), 64);
    }

    #[test]
    fn minutes_are_masked_word_by_word() {
        let words = |from, to| super::Minutes::words((from, to)).collect::<Vec<_>>();
        assert_eq!(words(0, 1), [(0, 1)]);
        assert_eq!(words(63, 65), [(0, 1 << 63), (1, 1)]);
        assert_eq!(words(64, 128), [(1, u64::MAX)]);
        assert_eq!(
            words(1380, 1439),
            [(21, u64::MAX << 36), (22, (1 << 31) - 1)]
        );
        let day = words(0, 24 * 60);
        assert_eq!(day.len(), super::MINUTE_WORDS);
        assert_eq!(day[22], (22, (1 << 32) - 1));
        assert!(day[..22].iter().all(|w| w.1 == u64::MAX));
    }

    /// Past the minutes' start, a repeat still names the first row it
    /// repeats, and an overlap the first shift it overlaps.
    #[test]
    fn a_day_of_many_shifts_names_the_first_row_repeated_and_overlapped() {
        let mut check = RowCheck::window(1);
        let shift = |k: u32| Spec {
            borrower: 0,
            day: 0,
            start: 7 * 60 + 10 * k,
            len: 10,
            seconds: (0, 0),
            hours: 1,
            repeat: 0,
            timed: true,
        };
        let mut n = 0;
        for k in 0..(MAPPED_FROM as u32 + 4) {
            n += 1;
            check.check(0, &row(n, shift(k)), true);
        }
        let later = Spec {
            start: 7 * 60 + 25,
            hours: 2,
            ..shift(0)
        };
        for spec in [shift(2), later] {
            n += 1;
            check.check(0, &row(n, spec), true);
        }
        let out = outcome(check);
        assert!(
            out.contains(
                "this row repeats the one at log.csv:4; it would be counted twice (rows 3 and 21)"
            ),
            "{out}"
        );
        assert!(
            out.contains("overlaps the shift 07:20–07:30 at log.csv:4"),
            "{out}"
        );
        assert_eq!(out.matches("overlaps").count(), 1, "{out}");
    }
}
