//! Activity: validated shifts, their sums per borrower and bucket, the
//! hours outside the day window (for ORT) and the Art. 5.2-style warning
//! about shifts outside it with too few supervisors.
//!
//! Pure: the loader reads and validates rows and feeds them to an
//! [`Accumulator`]; everything computed from a row lives here.

use std::collections::{BTreeMap, HashMap};
use std::hash::{BuildHasherDefault, Hash, Hasher};
use std::path::PathBuf;

use chrono::{NaiveDate, NaiveTime};
use rust_decimal::Decimal;

use crate::core::agreement::ShiftRule;
use crate::core::text::Clock;

/// One validated shift. The default is no row of any log: a place for a
/// reader to build rows in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ActivityRow {
    pub date: NaiveDate,
    /// Index into the borrowers of the log (the clients of the agreement).
    pub borrower: usize,
    /// The shift's times, where the log has `start` and `end` columns.
    pub shift: Option<Shift>,
    /// The people on the shift, where the log has a `supervisors` column.
    pub supervisors: Option<u32>,
    pub hours: Decimal,
    /// The units of the log's `income` column (zero without one).
    pub house_visits: u32,
    /// The kilometres of the log's `travel` column (zero without one).
    pub km: Decimal,
    /// The value of the log's `repeat` column: 0 for an ordinary row (and
    /// without the column), n for the n-th intended repeat of a row.
    pub repeat: u32,
    /// A fingerprint of the fields of the log's ignored columns (trimmed),
    /// 0 without such columns: with the values above it tells a repeated
    /// row without keeping the row's text.
    pub others: u64,
    /// The line in the file and the data row number (1 = first after the header).
    pub line: u64,
    pub row: u64,
}

/// The times of a shift; `end` is after `start`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shift {
    pub start: NaiveTime,
    pub end: NaiveTime,
}

/// Sums of activity rows for one borrower in one bucket (a quarter, a year).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Totals {
    pub rows: u64,
    pub hours: Decimal,
    pub km: Decimal,
    pub house_visits: u64,
    /// Hours worked outside the day window of the shift rule (for ORT),
    /// pro rata of each shift's minutes outside the window.
    pub hours_outside_window: Decimal,
    /// The first and last line of the file that contributed.
    pub first_line: u64,
    pub last_line: u64,
}

impl Totals {
    /// Adds one row and its hours outside the window. Returns whether every
    /// sum stayed exact: a decimal sum that no longer fits is rounded (its
    /// scale drops), and then the order of additions matters.
    pub fn add(&mut self, row: &ActivityRow, outside: Decimal) -> bool {
        if self.rows == 0 {
            self.first_line = row.line;
        }
        self.rows += 1;
        self.last_line = row.line;
        self.house_visits += u64::from(row.house_visits);
        exact_add(&mut self.hours, row.hours)
            & exact_add(&mut self.km, row.km)
            & exact_add(&mut self.hours_outside_window, outside)
    }

    /// Adds the totals of rows that come after this one's in the file.
    /// Returns whether every sum stayed exact (see [`Totals::add`]).
    pub fn merge(&mut self, later: &Totals) -> bool {
        if later.rows == 0 {
            return true;
        }
        if self.rows == 0 {
            self.first_line = later.first_line;
        }
        self.rows += later.rows;
        self.last_line = later.last_line;
        self.house_visits += later.house_visits;
        exact_add(&mut self.hours, later.hours)
            & exact_add(&mut self.km, later.km)
            & exact_add(&mut self.hours_outside_window, later.hours_outside_window)
    }
}

/// `sum += d`, and whether that was exact. An exact decimal sum keeps the
/// larger scale of its operands; rust_decimal lowers the scale only when it
/// has to round.
fn exact_add(sum: &mut Decimal, d: Decimal) -> bool {
    if d.is_zero() && d.scale() <= sum.scale() {
        return true;
    }
    let scale = sum.scale().max(d.scale());
    *sum += d;
    sum.scale() == scale
}

/// A remark about a row that does not make it invalid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// The borrower the row is about, so that `--party` can filter.
    pub borrower: String,
    pub position: String,
    pub message: String,
}

/// Activity summed per borrower and bucket, with the warnings of the rows
/// that were counted.
#[derive(Debug, Clone)]
pub struct Aggregate<K> {
    pub borrowers: Vec<String>,
    /// In a B-tree, which holds its entries without the room a hash map
    /// keeps free (half again, or twice, of 3,600 borrower-months).
    pub totals: BTreeMap<(String, K), Totals>,
    pub warnings: Vec<Warning>,
    /// The logs that were read.
    pub logs: Vec<PathBuf>,
}

impl<K: Ord> Aggregate<K> {
    /// The totals of `borrower` in `bucket` (zero when it had no activity).
    pub fn get(&self, borrower: &str, bucket: K) -> Totals {
        self.totals
            .get(&(borrower.to_string(), bucket))
            .cloned()
            .unwrap_or_default()
    }
}

/// Minutes of `start..end` before `day_start` or after `day_end`.
pub fn minutes_outside(
    start: NaiveTime,
    end: NaiveTime,
    day_start: NaiveTime,
    day_end: NaiveTime,
) -> i64 {
    let before = if start < day_start {
        (end.min(day_start) - start).num_minutes()
    } else {
        0
    };
    let after = if end > day_end {
        (end - start.max(day_end)).num_minutes()
    } else {
        0
    };
    before + after
}

/// The hours of `row` outside the rule's day window, pro rata of its
/// minutes outside it, and whether the row deserves the rule's warning
/// (see [`thinly_staffed`]), from one look at its times.
fn outside_window(row: &ActivityRow, rule: &ShiftRule) -> (Decimal, bool) {
    let Some(shift) = row.shift else {
        return (Decimal::ZERO, false);
    };
    let outside = minutes_outside(shift.start, shift.end, rule.day_start, rule.day_end);
    if outside == 0 {
        return (Decimal::ZERO, false);
    }
    let thin = row
        .supervisors
        .is_some_and(|n| n < rule.min_supervisors_outside);
    let total = (shift.end - shift.start).num_minutes();
    (pro_rata(row.hours, outside, total), thin)
}

/// `hours × part ÷ whole`. When the quotient is exact in the scale of
/// `hours` (the usual case: quarter hours and whole minutes) it is worked out
/// on the mantissa, which gives the same decimal as rust_decimal's division
/// at a fraction of its cost.
fn pro_rata(hours: Decimal, part: i64, whole: i64) -> Decimal {
    if let Some(product) = i64::try_from(hours.mantissa())
        .ok()
        .and_then(|m| m.checked_mul(part))
    {
        if product != 0 && product % whole == 0 {
            return Decimal::new(product / whole, hours.scale());
        }
    }
    hours * Decimal::from(part) / Decimal::from(whole)
}

/// The times and supervisors of `row` when it is a shift outside the day
/// window with fewer supervisors than the rule asks for ("in beginsel": a
/// warning, not an error). The loader makes an agreement with a rule
/// declare the columns it needs.
fn thinly_staffed(row: &ActivityRow, rule: &ShiftRule) -> Option<(Shift, u32)> {
    let (shift, n) = (row.shift?, row.supervisors?);
    let outside = minutes_outside(shift.start, shift.end, rule.day_start, rule.day_end);
    (n < rule.min_supervisors_outside && outside > 0).then_some((shift, n))
}

/// The warning about `row`, when it deserves one (see [`thinly_staffed`]);
/// `log` names the file.
pub fn warning(row: &ActivityRow, rule: &ShiftRule, borrower: &str, log: &str) -> Option<Warning> {
    let (shift, supervisors) = thinly_staffed(row, rule)?;
    Some(Warning {
        borrower: borrower.to_string(),
        position: format!("{log}:{}", row.line),
        message: format!(
            "{} {} {}–{} with {} supervisor{} outside {}–{}; in principle {} ({})",
            row.date,
            borrower,
            Clock(shift.start),
            Clock(shift.end),
            supervisors,
            if supervisors == 1 { "" } else { "s" },
            Clock(rule.day_start),
            Clock(rule.day_end),
            rule.min_supervisors_outside,
            rule.article
        ),
    })
}

/// FNV-1a: the keys are small integers and dates looked up once per row,
/// for which SipHash's protection against crafted keys costs more than it
/// brings.
#[derive(Default)]
pub struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for b in bytes {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
    fn write_u32(&mut self, n: u32) {
        self.write_u64(u64::from(n));
    }
    fn write_u64(&mut self, n: u64) {
        // One multiply per word instead of eight: the keys are not crafted.
        let h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        self.0 = (h ^ n).wrapping_mul(0x0100_0000_01b3).rotate_left(23);
    }
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
    fn write_i32(&mut self, n: i32) {
        self.write_u64(u64::from(n as u32));
    }
}

/// A map with the FNV hasher.
pub type FnvMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;

/// Sums rows per borrower and bucket, in the order of the file, and keeps
/// the rows that deserve a warning. Several accumulators over consecutive
/// parts of a log merge into the one a single pass would give.
#[derive(Debug, Clone)]
pub struct Accumulator<K> {
    rule: Option<ShiftRule>,
    /// Totals in the order their (borrower, bucket) first appeared.
    slots: Vec<((usize, K), Totals)>,
    index: FnvMap<(usize, K), usize>,
    /// Per borrower, its last bucket and slot: a log is mostly in date
    /// order, so most rows fall in the bucket of the borrower's last row.
    last: Vec<Option<(K, usize)>>,
    /// The rows to warn about, with the index of their log.
    flagged: Vec<(usize, ActivityRow)>,
    /// Whether every sum so far was exact (see [`Totals::add`]).
    exact: bool,
}

impl<K: Hash + Eq + Clone> Accumulator<K> {
    pub fn new(rule: Option<&ShiftRule>, borrowers: usize) -> Accumulator<K> {
        Accumulator {
            rule: rule.cloned(),
            slots: Vec::new(),
            index: FnvMap::default(),
            last: vec![None; borrowers],
            flagged: Vec::new(),
            exact: true,
        }
    }

    /// Counts `row` of log number `log` in `bucket`.
    pub fn add(&mut self, log: usize, row: &ActivityRow, bucket: K) {
        let (outside, thin) = match &self.rule {
            Some(rule) => outside_window(row, rule),
            None => (Decimal::ZERO, false),
        };
        if thin {
            self.flagged.push((log, *row));
        }
        let slot = self.slot(row.borrower, bucket);
        self.exact &= self.slots[slot].1.add(row, outside);
    }

    /// The slot of (borrower, bucket), created when it is new.
    fn slot(&mut self, borrower: usize, bucket: K) -> usize {
        if let Some((k, slot)) = &self.last[borrower] {
            if *k == bucket {
                return *slot;
            }
        }
        let key = (borrower, bucket.clone());
        let next = self.slots.len();
        let slot = *self.index.entry(key.clone()).or_insert(next);
        if slot == next {
            self.slots.push((key, Totals::default()));
        }
        self.last[borrower] = Some((bucket, slot));
        slot
    }

    /// Moves every line number on by `lines`: the rows were counted from the
    /// start of a part of the log, not of the file.
    pub fn shift_lines(&mut self, lines: u64, rows: u64) {
        for (_, t) in &mut self.slots {
            if t.rows > 0 {
                t.first_line += lines;
                t.last_line += lines;
            }
        }
        for (_, row) in &mut self.flagged {
            row.line += lines;
            row.row += rows;
        }
    }

    /// Adds the sums of the rows that come after this accumulator's.
    /// Returns whether `later` and every sum of the merge were exact, so
    /// that the figures are those of adding `later`'s rows one by one.
    pub fn merge(&mut self, later: Accumulator<K>) -> bool {
        let mut exact = later.exact;
        for ((borrower, bucket), t) in later.slots {
            let slot = self.slot(borrower, bucket);
            exact &= self.slots[slot].1.merge(&t);
        }
        self.flagged.extend(later.flagged);
        self.exact &= exact;
        exact
    }

    /// Whether every sum was exact, so that summing in another order gives
    /// the same figures.
    pub fn is_exact(&self) -> bool {
        self.exact
    }

    /// The rows counted so far, in every bucket.
    pub fn rows(&self) -> u64 {
        self.slots.iter().map(|(_, t)| t.rows).sum()
    }

    /// The aggregate, with borrowers by name and warnings in file order;
    /// `logs` are the files in the order of the log numbers given to `add`.
    pub fn finish(self, borrowers: Vec<String>, logs: Vec<PathBuf>) -> Aggregate<K>
    where
        K: Ord,
    {
        let warnings = match &self.rule {
            Some(rule) => self
                .flagged
                .iter()
                .filter_map(|(log, row)| {
                    let name = &borrowers[row.borrower];
                    warning(row, rule, name, &logs[*log].display().to_string())
                })
                .collect(),
            None => Vec::new(),
        };
        let totals = self
            .slots
            .into_iter()
            .map(|((b, k), t)| ((borrowers[b].clone(), k), t))
            .collect();
        Aggregate {
            borrowers,
            totals,
            warnings,
            logs,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn time(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn minutes_outside_count_both_ends_of_the_day() {
        let (day_start, day_end) = (time(7, 0), time(18, 0));
        assert_eq!(
            minutes_outside(time(6, 0), time(8, 0), day_start, day_end),
            60
        );
        assert_eq!(
            minutes_outside(time(17, 0), time(19, 30), day_start, day_end),
            90
        );
        assert_eq!(
            minutes_outside(time(5, 0), time(20, 0), day_start, day_end),
            240
        );
        assert_eq!(
            minutes_outside(time(9, 0), time(17, 0), day_start, day_end),
            0
        );
        assert_eq!(
            minutes_outside(time(19, 0), time(20, 0), day_start, day_end),
            60
        );
    }

    #[test]
    fn pro_rata_gives_the_decimal_of_a_division() {
        for mantissa in 0..400i64 {
            for scale in 0..4 {
                let hours = Decimal::new(mantissa, scale);
                for (part, whole) in [(15, 60), (60, 180), (30, 45), (1, 7), (45, 45), (90, 240)] {
                    let expected = hours * Decimal::from(part) / Decimal::from(whole);
                    let got = pro_rata(hours, part, whole);
                    assert_eq!(got, expected);
                    assert_eq!(
                        got.to_string(),
                        expected.to_string(),
                        "{hours} {part}/{whole}"
                    );
                }
            }
        }
    }

    #[test]
    fn an_inexact_sum_is_noticed() {
        let mut sum = dec!(0.3333333333333333333333333333);
        assert!(exact_add(&mut sum, dec!(0.3333333333333333333333333333)));
        let mut big = dec!(7.9000000000000000000000000000);
        assert!(!exact_add(&mut big, dec!(7.9000000000000000000000000000)));
        let mut zero = Decimal::ZERO;
        assert!(exact_add(&mut zero, dec!(1.25)));
        assert_eq!(zero.scale(), 2);
    }
}
