//! Repeated and overlapping shifts in an activity log: a row identical to
//! an earlier one would be counted twice, and two shifts of one borrower
//! that overlap in time are probably one shift entered twice.
//!
//! `ledger check` calls [`ShiftCheck::check`] once per valid row, in file
//! order, with one `ShiftCheck` for all the logs of an agreement (a row
//! repeated in a second log counts twice as well). So that memory does not
//! grow with the rows, it keeps the shifts of the latest day only: a log
//! written as it happens is in date order, and a repeat falls on the same
//! day. Where a date goes back, the days before it have been forgotten; the
//! first such row gets a warning that says so, and from then on every day
//! is kept.
//!
//! `load::activity::aggregate` does not call it yet: a large log is read in
//! parallel parts there, and a parallel read must give what a serial one
//! gives. The hook for it is the same call per row, one `ShiftCheck` per
//! part, with the shifts of each part's first and last day compared across
//! the cut when the parts are merged.

use std::collections::HashMap;
use std::path::Path;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::core::activity::{ActivityRow, Shift};
use crate::load::diag::{Diagnostic, Location};

/// What a row is, next to the rows before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finding {
    /// Nothing to say.
    Fine,
    /// The row repeats an earlier one: an error.
    Repeated(Diagnostic),
    /// A warning, at the row's `file:line`: the shift overlaps another of
    /// the same borrower, or the log goes back in date.
    Warning(String),
}

/// One shift seen earlier, as much of it as the comparison needs.
#[derive(Debug, Clone)]
struct Seen {
    shift: Option<Shift>,
    supervisors: Option<u32>,
    hours: Decimal,
    house_visits: u32,
    km: Decimal,
    place: String,
}

/// The shifts seen so far, by borrower and day.
#[derive(Debug, Default)]
pub struct ShiftCheck {
    days: HashMap<(usize, NaiveDate), Vec<Seen>>,
    latest: Option<NaiveDate>,
    out_of_order: bool,
}

impl ShiftCheck {
    pub fn new() -> ShiftCheck {
        ShiftCheck::default()
    }

    /// Compares `row` (from `path`; `borrower` is its id) with the earlier
    /// shifts of its borrower and day, then remembers it.
    pub fn check(&mut self, path: &Path, borrower: &str, row: &ActivityRow) -> Finding {
        let unordered = self.forget_earlier_days(row.date);
        let place = format!("{}:{}", path.display(), row.line);
        let seen = self.days.entry((row.borrower, row.date)).or_default();
        let same = |s: &&Seen| {
            (s.shift, s.supervisors, s.house_visits)
                == (row.shift, row.supervisors, row.house_visits)
                && s.hours == row.hours
                && s.km == row.km
        };
        let finding = match seen.iter().find(same) {
            Some(first) => Finding::Repeated(repeated(path, borrower, row, &first.place)),
            None => match overlap(seen, row.shift) {
                Some((this, other)) => Finding::Warning(format!(
                    "{} {borrower} {}–{} overlaps the shift {}–{} at {}; the same supervisors cannot work both, so one may be entered twice",
                    row.date,
                    this.start.format("%H:%M"),
                    this.end.format("%H:%M"),
                    other.0.start.format("%H:%M"),
                    other.0.end.format("%H:%M"),
                    other.1
                )),
                None if unordered => Finding::Warning(format!(
                    "{} comes after {} in the log; rows are expected in date order, and repeats of rows before this one are only found on the same day",
                    row.date,
                    self.latest.unwrap_or(row.date)
                )),
                None => Finding::Fine,
            },
        };
        seen.push(Seen {
            shift: row.shift,
            supervisors: row.supervisors,
            hours: row.hours,
            house_visits: row.house_visits,
            km: row.km,
            place,
        });
        finding
    }

    /// While the dates only go forward, a new day can repeat nothing of an
    /// earlier one: those days are dropped, so memory stays that of one day.
    /// Returns true for the first row whose date goes back.
    fn forget_earlier_days(&mut self, date: NaiveDate) -> bool {
        let first_back = match self.latest {
            Some(latest) if date < latest => !std::mem::replace(&mut self.out_of_order, true),
            Some(latest) if date > latest && !self.out_of_order => {
                self.days.clear();
                false
            }
            _ => false,
        };
        self.latest = self.latest.max(Some(date));
        first_back
    }
}

/// The first shift of `seen` that overlaps `shift` in time, with its place.
fn overlap(seen: &[Seen], shift: Option<Shift>) -> Option<(Shift, (Shift, &str))> {
    let this = shift?;
    seen.iter().find_map(|s| {
        let other = s.shift?;
        (other.start < this.end && this.start < other.end)
            .then_some((this, (other, s.place.as_str())))
    })
}

/// The error for a row that repeats the one at `first`, with the way out.
fn repeated(path: &Path, borrower: &str, row: &ActivityRow, first: &str) -> Diagnostic {
    let time =
        |t: Option<chrono::NaiveTime>| t.map_or(String::new(), |t| t.format("%H:%M").to_string());
    let record = format!(
        "{},{borrower},{},{},{},{},{},{}",
        row.date,
        time(row.shift.map(|s| s.start)),
        time(row.shift.map(|s| s.end)),
        row.supervisors.map_or(String::new(), |n| n.to_string()),
        row.hours,
        row.house_visits,
        row.km
    );
    Diagnostic {
        path: path.to_path_buf(),
        location: Box::new(Location::Csv {
            line: row.line,
            row: row.row,
            column: None,
            record,
        }),
        message: format!("this row repeats the one at {first}; it would be counted twice"),
        help: Some(
            "remove the repeated row; if two such shifts really were worked at the same time, write them as one row with the supervisors, hours, house visits and km of both".to_string(),
        ),
    }
}
