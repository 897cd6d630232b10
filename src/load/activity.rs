//! The activity log CSV: one row per shift. Read as a stream, one reused
//! record at a time, so memory does not grow with the number of rows.
//! This module only reads and validates rows, with a diagnostic for each
//! bad one; what a row adds up to is `core::activity`.
//!
//! The columns are those the agreement declares (`[activity_log]`, or the
//! standard `date,borrower,start,end,supervisors,hours,house_visits,km`),
//! in any order; their positions are found once from the header. See
//! `docs/formats.md`.

use std::fs::File;
use std::hash::Hasher;
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveTime};
use rust_decimal::Decimal;

use crate::core::activity::{Accumulator, ActivityRow, Aggregate, Shift};
use crate::core::agreement::Agreement;
use crate::core::facts::Facts;
use crate::core::log_columns::{ColumnType, MAX_COLUMNS};
use crate::core::money;
use crate::core::term::{self, Participation};
use crate::load::diag::{Diagnostic, Diagnostics, Location};
use crate::load::progress::{Progress, ProgressReader};
use crate::load::shifts::RowCheck;

mod causes;
mod layout;
mod lean;
mod names;
mod parallel;
mod quick;
mod quotes;

use causes::{Bounds, Cause, Groups, RowError};
use layout::Layout;
use lean::{Lean, Next};

/// The plausible values of a row, shared by `Validator::validate`, which
/// words a value outside them, and the quick path, which refuses it.
const SUPERVISORS: std::ops::RangeInclusive<u32> = 1..=10;
const MOST_UNITS: u32 = 100;
const MOST_KM: i64 = 5000;

/// The most hours of one shift: 24 for each supervisor, or for the one
/// person of a row without a supervisors column.
fn most_hours(supervisors: Option<u32>) -> i64 {
    24 * i64::from(supervisors.unwrap_or(1))
}

/// The whole seconds from the start of `shift` to its end (after it).
fn seconds_of(shift: Shift) -> i64 {
    use chrono::Timelike;
    let (start, end) = (shift.start, shift.end);
    // The log's times are whole minutes; chrono's duration, which knows
    // fractions and leap seconds, costs a few times more.
    if start.nanosecond() == 0 && end.nanosecond() == 0 {
        i64::from(end.num_seconds_from_midnight()) - i64::from(start.num_seconds_from_midnight())
    } else {
        (end - start).num_seconds()
    }
}

/// The most hours `shift` holds for its `supervisors` (one person without
/// a supervisors column), as a whole number of units of `10^-decimals`
/// hours: its length times the supervisors, rounded half up to `decimals`
/// decimals.
fn shift_limit(shift: Shift, supervisors: Option<u32>, decimals: u32) -> i128 {
    let seconds = i128::from(shift_seconds(shift, supervisors));
    // seconds / 3600 rounded half up is (2 × seconds + 3600) / 7200; at
    // most 86,400 × 10 seconds times 10^28 fits an i128 many times over.
    (2 * seconds * 10i128.pow(decimals) + 3600) / 7200
}

/// The seconds of `shift` for all its `supervisors` (one person without a
/// supervisors column).
fn shift_seconds(shift: Shift, supervisors: Option<u32>) -> i64 {
    seconds_of(shift) * i64::from(supervisors.unwrap_or(1))
}

/// [`fits_shift`] for hours of a mantissa below 10^15 at two decimals or
/// fewer, as a row writes them, in 64 bits (a division by a constant is a
/// multiplication there, not a call); `None` for any other hours.
fn fits_shift_quickly(hours: Decimal, shift: Shift, supervisors: Option<u32>) -> Option<bool> {
    const MOST: i128 = 1_000_000_000_000_000;
    let (mantissa, scale) = (hours.mantissa(), hours.scale());
    if scale > 2 || !(0..MOST).contains(&mantissa) {
        return None;
    }
    // Hundredths of an hour, both; 2 × 864,000 × 100 fits easily.
    let units = mantissa as i64 * POWERS_OF_TEN[(2 - scale) as usize];
    let limit = (2 * shift_seconds(shift, supervisors) * 100 + 3600) / 7200;
    Some(units <= limit)
}

/// `hours` as a whole number of units of `10^-decimals` hours, and those
/// decimals: the ones the value needs (`0.670` needs two, as `0.67`), and
/// at least two, so that a 40-minute shift holds the 0.67 hours a
/// spreadsheet writes for it, and not 1.
fn hour_units(hours: Decimal) -> (i128, u32) {
    let (mut mantissa, mut scale) = (hours.mantissa(), hours.scale());
    while scale > 2 && mantissa % 10 == 0 {
        mantissa /= 10;
        scale -= 1;
    }
    // A mantissa below 2^96 times 100 fits an i128.
    (
        mantissa * 10i128.pow(2u32.saturating_sub(scale)),
        scale.max(2),
    )
}

/// Whether non-negative `hours` fit in `shift`: at most its length for
/// each of its `supervisors`, rounded to the decimals of [`hour_units`].
/// Compared in whole numbers, so nothing else rounds.
#[inline]
fn fits_shift(hours: Decimal, shift: Shift, supervisors: Option<u32>) -> bool {
    fits_shift_quickly(hours, shift, supervisors).unwrap_or_else(|| {
        let (units, decimals) = hour_units(hours);
        units <= shift_limit(shift, supervisors, decimals)
    })
}

/// The limit that `hours` went past, as a decimal for a message: the
/// figure [`fits_shift`] compares with, so that the figure itself fits.
fn shift_most(hours: Decimal, shift: Shift, supervisors: Option<u32>) -> Decimal {
    let (units, decimals) = hour_units(hours);
    let limit = shift_limit(shift, supervisors, decimals);
    debug_assert!(limit < units, "only hours past the limit are told it");
    // Less than the hours' units, which are below 2^96 at two decimals or
    // more (at two, a limit is at most 24,000 units): a decimal holds it.
    Decimal::try_from_i128_with_scale(limit, decimals)
        .expect("a limit below hours that are a decimal is one")
        .normalize()
}

/// A count of supervisors, as `validate` accepts it.
fn supervisors_value(b: &[u8]) -> Option<u32> {
    parse_count(b).filter(|n| SUPERVISORS.contains(n))
}

/// A count of the income column's units, as `validate` accepts it.
fn units_value(b: &[u8]) -> Option<u32> {
    parse_count(b).filter(|n| *n <= MOST_UNITS)
}

/// Logs smaller than this are read serially: below a few megabytes the
/// threads would cost more than they save, and small logs stay simple.
const PARALLEL_FROM: u64 = 8 << 20;

/// A streaming reader that validates each row against the agreement.
pub struct ActivityReader {
    validator: Validator,
    source: Source,
    row: u64,
    /// Where the body starts: its byte offset and line.
    body: (u64, u64),
    dates: LastDate,
    /// A bar on stderr for a large log (see `load::progress`).
    progress: Progress,
    /// The problems with a cause, kept back until the end of the log.
    groups: Groups,
    /// The row last read, built in place.
    current: ActivityRow,
    /// Those problems, one per cause, once the log has been read.
    grouped: Option<std::vec::IntoIter<Diagnostic>>,
}

/// The date field of the last valid row and its date: a log in date order
/// repeats one date for many rows, which then cost a comparison, not a
/// parse.
#[derive(Default)]
struct LastDate {
    text: [u8; 10],
    date: Option<NaiveDate>,
}

impl LastDate {
    /// The date `b` stands for, as `parse_date` reads it.
    fn parse(&mut self, b: &[u8]) -> Option<NaiveDate> {
        if let (Some(date), true) = (self.date, b == self.text) {
            return Some(date);
        }
        let date = parse_date(b)?;
        self.text.copy_from_slice(b);
        self.date = Some(date);
        Some(date)
    }
}

/// Where the records come from: the lean path until the first quote, the
/// csv crate from there on.
enum Source {
    Lean(Lean),
    Csv {
        reader: csv::Reader<ProgressReader<File>>,
        record: csv::ByteRecord,
        /// The file's length when the csv crate took over.
        size: u64,
    },
    Done,
}

/// What a row is checked against: the file's column order, the borrowers
/// and their participation. Shared by every way of reading a log.
struct Validator {
    path: PathBuf,
    /// Where each column stands in the file.
    layout: Layout,
    /// The clients, by id; rows refer to them by index.
    borrowers: Vec<String>,
    index: names::Names,
    participation: Vec<Participation>,
    /// Why each client's part begins and ends where it does.
    bounds: Bounds,
}

/// One record of the log as it stands in the file: its bytes and where
/// each field ends (as many as the layout has, not trimmed), its line and
/// its data row number.
struct RawRecord<'a> {
    bytes: &'a [u8],
    ends: &'a [u32],
    /// The bytes between a field's end and the next one's start: the comma
    /// in a line as it stands, none in a csv crate record.
    gap: usize,
    line: u64,
    row: u64,
}

/// `b` without its leading and trailing ASCII whitespace. A field usually
/// has none: a first and a last byte above the space (no ASCII whitespace
/// is) say so in two comparisons, where `trim_ascii` asks each end byte
/// whether it is one of five.
#[inline(always)]
fn trimmed(b: &[u8]) -> &[u8] {
    match (b.first(), b.last()) {
        (Some(&first), Some(&last)) if first > b' ' && last > b' ' => b,
        _ => b.trim_ascii(),
    }
}

impl<'a> RawRecord<'a> {
    /// Field `k` as it stands.
    #[inline(always)]
    fn field(&self, k: usize) -> &'a [u8] {
        let start = match k {
            0 => 0,
            _ => self.ends[k - 1] as usize + self.gap,
        };
        self.bytes
            .get(start..self.ends[k] as usize)
            .unwrap_or_default()
    }

    /// The first `len` fields as they stand.
    fn fields(&self, len: usize) -> impl Iterator<Item = &'a [u8]> + '_ {
        (0..len).map(|k| self.field(k))
    }
}

impl ActivityReader {
    /// Opens a log and checks its header. Fails when the file cannot be
    /// opened or read, or a column is missing, unknown or repeated.
    pub fn open(
        path: &Path,
        agreement: &Agreement,
        facts: &Facts,
    ) -> Result<ActivityReader, Diagnostic> {
        let mut reader = open_csv(path)?;
        let layout = read_header(path, &mut reader, agreement)?;
        let body = reader.position().clone();
        let size = std::fs::metadata(path).map_or(0, |m| m.len());
        let progress = Progress::for_file(path, size);
        let lean = Lean::new(reader.into_inner(), body.byte(), u64::MAX, body.line())
            .map_err(|e| Diagnostic::file(path, format!("cannot read activity log: {e}")))?
            .reporting(progress.clone());
        Ok(ActivityReader {
            validator: Validator::new(path, layout, agreement, facts),
            source: Source::Lean(lean),
            row: 0,
            body: (body.byte(), body.line()),
            dates: LastDate::default(),
            progress,
            groups: Groups::default(),
            grouped: None,
            current: ActivityRow::default(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.validator.path
    }

    /// The clients, by id, in the order rows refer to them.
    pub fn borrowers(&self) -> &[String] {
        &self.validator.borrowers
    }

    /// The next row, a problem with it, or `None` at the end of the file.
    /// After a problem the reader goes on with the next row. Problems that
    /// rows share a cause of (see `causes`) come at the end, one per cause.
    pub fn next_row(&mut self) -> Option<Result<&ActivityRow, Diagnostic>> {
        loop {
            match self.next_record() {
                Some(Ok(())) => return Some(Ok(&self.current)),
                Some(Err(e)) => {
                    if let Some(d) = self.groups.keep(e) {
                        return Some(Err(d));
                    }
                }
                None => {
                    let groups = std::mem::take(&mut self.groups);
                    let bounds = &self.validator.bounds;
                    let grouped = self
                        .grouped
                        .get_or_insert_with(|| groups.finish(bounds).into_iter());
                    return grouped.next().map(Err);
                }
            }
        }
    }

    /// The next record read and checked into `current`, or `None` at the
    /// end of the file.
    fn next_record(&mut self) -> Option<Result<(), RowError>> {
        loop {
            let handover = match &mut self.source {
                Source::Lean(lean) => match lean.next() {
                    Next::Record(rec) => {
                        self.row += 1;
                        let (row, dates, out) = (self.row, &mut self.dates, &mut self.current);
                        return Some(self.validator.lean_record(&rec, row, dates, out));
                    }
                    Next::Quote { byte, line } => Some((byte, line, self.row)),
                    Next::Failed(e) => {
                        self.row += 1;
                        self.source = Source::Done;
                        return Some(Err(self.validator.read_error(e, self.row).into()));
                    }
                    Next::End => None,
                },
                Source::Csv {
                    reader,
                    record,
                    size,
                } => {
                    let read = next_csv(
                        &self.validator,
                        (reader, *size),
                        record,
                        &mut self.row,
                        &mut self.dates,
                    );
                    return read.map(|r| r.map(|row| self.current = row));
                }
                Source::Done => return None,
            };
            self.source = match handover {
                Some(at) => match csv_from(self.path(), at, &self.progress) {
                    Ok((reader, size)) => Source::Csv {
                        reader,
                        record: csv::ByteRecord::new(),
                        size,
                    },
                    Err(d) => {
                        self.source = Source::Done;
                        return Some(Err(d.into()));
                    }
                },
                None => Source::Done,
            };
        }
    }
}

impl Drop for ActivityReader {
    fn drop(&mut self) {
        // The bar is gone once the log is read: the report follows alone.
        self.progress.finish();
    }
}

/// The next row read by the csv crate (see `ActivityReader::next_row`)
/// from a file of `size` bytes. A record that runs to the end of the file
/// may hold a quote that is never closed, which is then said.
fn next_csv(
    validator: &Validator,
    (reader, size): (&mut csv::Reader<ProgressReader<File>>, u64),
    record: &mut csv::ByteRecord,
    row: &mut u64,
    dates: &mut LastDate,
) -> Option<Result<ActivityRow, RowError>> {
    match reader.read_byte_record(record) {
        Ok(false) => None,
        Ok(true) => {
            *row += 1;
            let (line, start) = record.position().map_or((0, 0), |p| (p.line(), p.byte()));
            let checked = validator.byte_record(record, line, *row, dates);
            if reader.position().byte() >= size {
                if let Some(d) = validator.unclosed_quote(start, line, *row) {
                    return Some(Err(d.into()));
                }
            }
            Some(checked)
        }
        Err(e) => {
            *row += 1;
            Some(Err(validator.csv_error(&e, record, *row).into()))
        }
    }
}

/// A csv reader of the log at `path` from `byte` on, where the line is
/// `line` and `rows` rows were read, telling `progress` what it reads, and
/// the file's length. The record length is checked by the validator, so
/// the reader is flexible.
fn csv_from(
    path: &Path,
    (byte, line, rows): (u64, u64, u64),
    progress: &Progress,
) -> Result<(csv::Reader<ProgressReader<File>>, u64), Diagnostic> {
    let file = File::open(path)
        .map_err(|e| Diagnostic::file(path, format!("cannot open activity log: {e}")))?;
    let size = file
        .metadata()
        .map_err(|e| Diagnostic::file(path, format!("cannot read activity log: {e}")))?
        .len();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(ProgressReader::new(file, progress.clone()));
    let mut at = csv::Position::new();
    at.set_byte(byte).set_line(line).set_record(rows);
    reader
        .seek(at)
        .map_err(|e| Diagnostic::file(path, format!("cannot read activity log: {e}")))?;
    Ok((reader, size))
}

/// A CSV reader over the file at `path`. Fields are trimmed of ASCII
/// whitespace where they are checked, which is what `csv::Trim::All` does,
/// without rebuilding every record.
fn open_csv(path: &Path) -> Result<csv::Reader<File>, Diagnostic> {
    let file = File::open(path)
        .map_err(|e| Diagnostic::file(path, format!("cannot open activity log: {e}")))?;
    Ok(csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(file))
}

/// Reads the header and finds the agreement's columns in it.
fn read_header(
    path: &Path,
    reader: &mut csv::Reader<File>,
    agreement: &Agreement,
) -> Result<Layout, Diagnostic> {
    let headers = reader
        .byte_headers()
        .map_err(|e| Diagnostic::file(path, format!("cannot read the header: {e}")))?
        .clone();
    let size = std::fs::metadata(path).map_or(u64::MAX, |m| m.len());
    if reader.position().byte() >= size {
        if let Ok(Some(q)) = quotes::unclosed(path, 0) {
            return Err(Diagnostic::file(
                path,
                format!(
                    "the quote opened at line {}, column {} is never closed, so the rest of the file reads as the header",
                    q.lines_on + 1,
                    q.column
                ),
            )
            .with_help("close the quote, or remove it"));
        }
    }
    let headers = &headers;
    let columns = &agreement.activity_log;
    if headers.iter().all(|h| h.trim_ascii().is_empty()) {
        return Err(Diagnostic::file(
            path,
            "the activity log is empty; it needs at least its header",
        )
        .with_help(layout::columns_help(columns, &agreement.id)));
    }
    let line = headers.position().map_or(1, |p| p.line());
    Layout::from_header(path, headers, line, columns, &agreement.id)
}

impl Validator {
    fn new(path: &Path, layout: Layout, agreement: &Agreement, facts: &Facts) -> Validator {
        let borrowers: Vec<String> = client_ids(agreement, facts);
        let index = names::Names::new(&borrowers);
        let participation = borrowers
            .iter()
            .map(|b| term::participation(agreement, facts, b))
            .collect();
        Validator {
            path: path.to_path_buf(),
            layout,
            bounds: Bounds::new(agreement, facts, &borrowers),
            borrowers,
            index,
            participation,
        }
    }

    /// Validates a record split by the lean path into `out`.
    fn lean_record(
        &self,
        rec: &lean::Record,
        row: u64,
        dates: &mut LastDate,
        out: &mut ActivityRow,
    ) -> Result<(), RowError> {
        if let Some(e) = self.too_long(rec.bytes.len(), rec.line, row) {
            return Err(e.into());
        }
        let len = self.layout.len();
        if rec.len != len || len > lean::MAX_FIELDS {
            return Err(self
                .length_error(rec.all_fields(), rec.len, rec.line, row)
                .into());
        }
        let rec = RawRecord {
            bytes: rec.bytes,
            ends: &rec.ends[..len],
            gap: 1,
            line: rec.line,
            row,
        };
        if self.quick(&rec, dates, out).is_none() {
            *out = self.validate(&rec, dates)?;
        }
        Ok(())
    }

    /// The diagnostic of a failed read, worded as the csv crate's.
    fn read_error(&self, e: std::io::Error, row: u64) -> Diagnostic {
        let e = csv::Error::from(e);
        self.diagnostic(0, row, None, String::new(), format!("malformed CSV: {e}"))
    }

    /// Validates a record read by the csv crate.
    fn byte_record(
        &self,
        record: &csv::ByteRecord,
        line: u64,
        row: u64,
        dates: &mut LastDate,
    ) -> Result<ActivityRow, RowError> {
        if let Some(e) = self.too_long(record.as_slice().len(), line, row) {
            return Err(e.into());
        }
        if record.len() != self.layout.len() || record.len() > MAX_COLUMNS {
            return Err(self
                .length_error(record.iter(), record.len(), line, row)
                .into());
        }
        let mut ends = [0u32; MAX_COLUMNS];
        let mut end = 0usize;
        for (slot, field) in ends.iter_mut().zip(record.iter()) {
            end += field.len();
            *slot = end as u32;
        }
        let rec = RawRecord {
            bytes: record.as_slice(),
            ends: &ends[..record.len()],
            gap: 0,
            line,
            row,
        };
        self.validate(&rec, dates)
    }

    /// The diagnostic of a record of `len` bytes, when it is too long for
    /// its field offsets (32 bits, a record of up to 4 GiB).
    fn too_long(&self, len: usize, line: u64, row: u64) -> Option<Diagnostic> {
        (len > u32::MAX as usize).then(|| {
            let message =
                format!("this row is {len} bytes long; a row of the log may be at most 4 GiB");
            self.diagnostic(line, row, None, String::new(), message)
        })
    }

    /// The diagnostic of a row with another number of fields than the
    /// header, worded as the csv crate's own check.
    fn length_error<'a>(
        &self,
        fields: impl Iterator<Item = &'a [u8]>,
        len: usize,
        line: u64,
        row: u64,
    ) -> Diagnostic {
        let message = format!(
            "this row has {len} fields, the header has {}",
            self.layout.len()
        );
        self.diagnostic(line, row, None, untrimmed(fields), message)
    }

    /// The diagnostic of a record at byte `start`, line `line`, that runs
    /// to the end of the file because a quote in it is never closed; `None`
    /// when no quote is open there (or the file cannot be read again).
    fn unclosed_quote(&self, start: u64, line: u64, row: u64) -> Option<Diagnostic> {
        let q = quotes::unclosed(&self.path, start).ok()??;
        let quote_line = line + q.lines_on;
        let column = (q.field < self.layout.len()).then_some(q.field);
        let message = format!(
            "the quote opened at line {quote_line}, column {} is never closed, so the rest of the file reads as one field",
            q.column
        );
        Some(
            self.diagnostic(quote_line, row, column, q.first_line, message)
                .with_help("close the quote, or remove it"),
        )
    }

    /// The diagnostic of a record the csv crate could not read.
    fn csv_error(&self, e: &csv::Error, record: &csv::ByteRecord, row: u64) -> Diagnostic {
        let line = e.position().map_or(0, |p| p.line());
        let message = match e.kind() {
            csv::ErrorKind::UnequalLengths {
                expected_len, len, ..
            } => {
                format!("this row has {len} fields, the header has {expected_len}")
            }
            csv::ErrorKind::Utf8 { .. } => "this row is not valid UTF-8".to_string(),
            _ => format!("malformed CSV: {e}"),
        };
        self.diagnostic(line, row, None, untrimmed(record.iter()), message)
    }

    fn diagnostic(
        &self,
        line: u64,
        row: u64,
        column: Option<usize>,
        record: String,
        message: String,
    ) -> Diagnostic {
        Diagnostic {
            path: self.path.clone(),
            location: Box::new(Location::Csv {
                line,
                row,
                column: column.map(|k| self.layout.name(k).to_string()),
                record,
            }),
            message,
            help: None,
        }
    }

    /// A problem with column `k` of `rec`.
    fn fail(&self, rec: &RawRecord, k: usize, message: String) -> Diagnostic {
        let record = rec
            .fields(self.layout.len())
            .map(|f| String::from_utf8_lossy(f.trim_ascii()))
            .collect::<Vec<_>>()
            .join(",");
        self.diagnostic(rec.line, rec.row, Some(k), record, message)
    }

    /// Field `k` of `rec`, trimmed of ASCII whitespace.
    #[inline(always)]
    fn field<'a>(&self, rec: &RawRecord<'a>, k: usize) -> &'a [u8] {
        trimmed(rec.field(k))
    }

    /// Column `k` of `rec` as text, for messages and the general parsers;
    /// a field that is not valid UTF-8 reads as U+FFFD.
    fn text<'a>(&self, rec: &RawRecord<'a>, k: usize) -> &'a str {
        std::str::from_utf8(self.field(rec, k)).unwrap_or("\u{fffd}")
    }

    /// Checks every column of `rec` and stops at the first problem: date,
    /// party, times, supervisors, hours, income, travel, the ignored
    /// columns, then whether the date lies in the borrower's part.
    fn validate(&self, rec: &RawRecord, dates: &mut LastDate) -> Result<ActivityRow, RowError> {
        let l = &self.layout;
        let date = self.date(rec, dates)?;
        let borrower = self.borrower(rec)?;
        let shift = l.times.map(|(s, e)| self.shift(rec, s, e)).transpose()?;
        let supervisors = l
            .supervisors
            .map(|k| self.supervisors(rec, k))
            .transpose()?;
        // A shift bounds its hours more tightly than 24 a supervisor, and
        // its check words the limit, however large the hours.
        let bound = match shift {
            Some(_) => None,
            None => Some(most_hours(supervisors)),
        };
        let hours = self.number(rec, l.hours, bound)?;
        if let Some(shift) = shift {
            self.in_shift(rec, hours, shift, supervisors)?;
        }
        let house_visits = l.income.map_or(Ok(0), |k| self.units(rec, k))?;
        let km = l
            .travel
            .map_or(Ok(Decimal::ZERO), |k| self.number(rec, k, Some(MOST_KM)))?;
        let repeat = l.repeat.map_or(Ok(0), |k| self.repeat(rec, k))?;
        for &(k, kind) in &l.others {
            self.other(rec, k, kind)?;
        }
        self.in_term(rec, date, borrower, hours)?;
        let row = ActivityRow {
            date,
            borrower,
            shift,
            supervisors,
            hours,
            house_visits,
            km,
            repeat,
            others: self.others(rec),
            line: rec.line,
            row: rec.row,
        };
        Ok(row)
    }

    /// The fingerprint of the fields of `rec`'s ignored columns, trimmed;
    /// 0 where the log has none, so that a row of the usual columns costs
    /// no hashing (its values are compared as parsed).
    #[inline]
    fn others(&self, rec: &RawRecord) -> u64 {
        if self.layout.others.is_empty() {
            return 0;
        }
        // Compared only between rows of one borrower and day whose other
        // values are equal, so 64 bits of FNV are plenty; each field is
        // closed by its length, so `a,bc` and `ab,c` differ.
        let mut h = crate::core::activity::Fnv::default();
        for &(k, _) in &self.layout.others {
            let field = self.field(rec, k);
            h.write(field);
            h.write_usize(field.len());
        }
        h.finish()
    }

    /// The repeat marker in column `k`: a whole number, 0 or more.
    fn repeat(&self, rec: &RawRecord, k: usize) -> Result<u32, Diagnostic> {
        parse_count(self.field(rec, k)).ok_or_else(|| {
            let text = self.text(rec, k);
            let message =
                format!("`{text}` is not a repeat marker (0, or 1, 2 … for intended repeats)");
            self.fail(rec, k, message)
        })
    }

    /// The times in fields `start` and `end`; the end after the start.
    fn shift(&self, rec: &RawRecord, start: usize, end: usize) -> Result<Shift, Diagnostic> {
        let (s, e) = (self.time(rec, start)?, self.time(rec, end)?);
        if e <= s {
            let message = format!(
                "the shift ends at {} but starts at {}",
                self.text(rec, end),
                self.text(rec, start)
            );
            return Err(self.fail(rec, end, message));
        }
        Ok(Shift { start: s, end: e })
    }

    /// Checks that `hours` fit in `shift`: no more than its length for each
    /// of the `supervisors` (one person without a supervisors column).
    fn in_shift(
        &self,
        rec: &RawRecord,
        hours: Decimal,
        shift: Shift,
        supervisors: Option<u32>,
    ) -> Result<(), Diagnostic> {
        if fits_shift(hours, shift, supervisors) {
            return Ok(());
        }
        let (start, end) = self.layout.times.expect("a row with a shift has its times");
        let who = match supervisors {
            Some(1) => "1 supervisor".to_string(),
            Some(n) => format!("{n} supervisors"),
            None => "one person".to_string(),
        };
        let message = format!(
            "{} {hours} do not fit the shift {}–{} for {who}: at most {}",
            self.layout.name(self.layout.hours),
            self.text(rec, start),
            self.text(rec, end),
            shift_most(hours, shift, supervisors)
        );
        Err(self.fail(rec, self.layout.hours, message))
    }

    /// An ignored column: its value checked against its type only.
    fn other(&self, rec: &RawRecord, k: usize, kind: ColumnType) -> Result<(), Diagnostic> {
        if let ColumnType::Decimal | ColumnType::Hours = kind {
            return self.number(rec, k, None).map(|_| ());
        }
        if fits_plainly(kind, self.field(rec, k)) {
            return Ok(());
        }
        let message = format!(
            "`{}` is not a {} ({})",
            self.text(rec, k),
            kind.name(),
            match kind {
                ColumnType::Date => "YYYY-MM-DD",
                ColumnType::Time => "HH:MM",
                _ => "a whole number, 0 or more",
            }
        );
        Err(self.fail(rec, k, message))
    }

    fn date(&self, rec: &RawRecord, dates: &mut LastDate) -> Result<NaiveDate, Diagnostic> {
        let k = self.layout.date;
        dates.parse(self.field(rec, k)).ok_or_else(|| {
            let message = format!("`{}` is not a valid date (YYYY-MM-DD)", self.text(rec, k));
            self.fail(rec, k, message)
        })
    }

    fn borrower(&self, rec: &RawRecord) -> Result<usize, RowError> {
        let k = self.layout.party;
        let name = self.field(rec, k);
        self.index.get(name).ok_or_else(|| {
            let message = format!(
                "unknown borrower `{}`; the borrowers are: {}",
                self.text(rec, k),
                self.borrowers.join(", ")
            );
            let diagnostic = self.fail(rec, k, message);
            RowError::shared(diagnostic, Cause::Unknown(name.to_vec()), None)
        })
    }

    fn time(&self, rec: &RawRecord, k: usize) -> Result<NaiveTime, Diagnostic> {
        parse_time(self.field(rec, k)).ok_or_else(|| {
            let message = format!("`{}` is not a time of day (HH:MM)", self.text(rec, k));
            self.fail(rec, k, message)
        })
    }

    fn supervisors(&self, rec: &RawRecord, k: usize) -> Result<u32, Diagnostic> {
        supervisors_value(self.field(rec, k)).ok_or_else(|| {
            let (text, (low, high)) = (self.text(rec, k), (SUPERVISORS.start(), SUPERVISORS.end()));
            let message = format!("`{text}` is not a number of supervisors from {low} to {high}");
            self.fail(rec, k, message)
        })
    }

    /// The units of the income column `k`: a whole number from 0 to 100.
    fn units(&self, rec: &RawRecord, k: usize) -> Result<u32, Diagnostic> {
        units_value(self.field(rec, k)).ok_or_else(|| {
            let (text, name) = (self.text(rec, k), self.layout.name(k));
            let message = format!("`{text}` is not a number of {name} from 0 to {MOST_UNITS}");
            self.fail(rec, k, message)
        })
    }

    /// A decimal of 0 or more in column `k`, at most `max` where one is
    /// given.
    fn number(&self, rec: &RawRecord, k: usize, max: Option<i64>) -> Result<Decimal, Diagnostic> {
        // A plain decimal has at most 18 digits, so no more than i64::MAX.
        let plain = PlainDecimal::parse(self.field(rec, k));
        match plain.and_then(|p| p.within(max.unwrap_or(i64::MAX))) {
            Some(d) => Ok(d),
            None => self.checked_number(rec, k, max),
        }
    }

    /// `number` for any other text: the general parser, which also words
    /// the problem.
    fn checked_number(
        &self,
        rec: &RawRecord,
        k: usize,
        max: Option<i64>,
    ) -> Result<Decimal, Diagnostic> {
        let d = money::parse_decimal(self.text(rec, k))
            .map_err(|e| self.fail(rec, k, e.to_string()))?;
        // Sign and integer-part checks on the parts of the decimal: the
        // same tests as comparing with 0 and `max`, without rescaling
        // for every field of a large log.
        if d.is_sign_negative() && !d.is_zero() {
            Err(self.fail(
                rec,
                k,
                format!("{} must not be negative, found {d}", self.layout.name(k)),
            ))
        } else if let Some(max) = max.filter(|&max| exceeds(d, max)) {
            let message = format!(
                "{} {d} is not plausible for one shift (at most {max})",
                self.layout.name(k)
            );
            Err(self.fail(rec, k, message))
        } else {
            Ok(d)
        }
    }

    /// Checks that `date` lies in the borrower's part of the agreement; a
    /// row outside it has the row's `hours`.
    fn in_term(
        &self,
        rec: &RawRecord,
        date: NaiveDate,
        borrower: usize,
        hours: Decimal,
    ) -> Result<(), RowError> {
        let part = &self.participation[borrower];
        if part.contains(date) {
            return Ok(());
        }
        let until = part
            .end
            .map_or_else(|| "on".to_string(), |e| format!("until {e}"));
        let message = format!(
            "{date} lies outside the agreement's term for `{}` (from {} {until})",
            self.text(rec, self.layout.party),
            part.start
        );
        let cause = match date < part.start {
            true => Cause::Before(borrower),
            false => Cause::After(borrower),
        };
        Err(RowError::shared(
            self.fail(rec, self.layout.date, message),
            cause,
            Some(hours),
        ))
    }
}

/// The fields of a record as they stand, joined by commas.
fn untrimmed<'a>(fields: impl Iterator<Item = &'a [u8]>) -> String {
    fields
        .map(|f| String::from_utf8_lossy(f).into_owned())
        .collect::<Vec<_>>()
        .join(",")
}

/// Whether a non-negative `d` is greater than `max`.
fn exceeds(d: Decimal, max: i64) -> bool {
    // Log values have a small mantissa and scale, so 64-bit arithmetic
    // nearly always suffices; 128-bit division is several times slower.
    if let (Ok(m), true) = (i64::try_from(d.mantissa()), d.scale() <= 18) {
        let unit = 10i64.pow(d.scale());
        let whole = m / unit;
        return whole > max || (whole == max && m % unit != 0);
    }
    let unit = 10i128.pow(d.scale());
    let whole = d.mantissa() / unit;
    let max = i128::from(max);
    whole > max || (whole == max && d.mantissa() % unit != 0)
}

/// Whether an ignored column's field fits its type in its plain form;
/// for a date, a time or a count that is the only form.
fn fits_plainly(kind: ColumnType, b: &[u8]) -> bool {
    match kind {
        ColumnType::Date => parse_date(b).is_some(),
        ColumnType::Time => parse_time(b).is_some(),
        ColumnType::Count => parse_count(b).is_some(),
        ColumnType::Decimal | ColumnType::Hours => PlainDecimal::parse(b).is_some(),
        ColumnType::Party | ColumnType::Text => true,
    }
}

/// Parses a count as `u32::from_str` does. Up to nine plain digits are read
/// directly; anything else (a sign, a long number, non-UTF-8) goes to the
/// standard parser, so what is accepted does not change.
#[inline]
fn parse_count(b: &[u8]) -> Option<u32> {
    if (1..=9).contains(&b.len()) {
        if let Some(n) = digits_value(b, 0) {
            return Some(n as u32);
        }
    }
    std::str::from_utf8(b).ok()?.parse().ok()
}

/// A plain decimal of at most 18 characters after an optional `-` (so at
/// most 18 digits, which fit an i64), read in one pass to its mantissa and
/// scale, with what a bound needs: its whole part and whether it has a
/// fraction, so that the bound is checked without dividing. A `-` is
/// taken only before zero, which reads as 0, as `money::parse_decimal` has
/// it. Anything else (another sign, an exponent, too long) is not plain:
/// the general parser then decides and words the problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct PlainDecimal {
    mantissa: i64,
    scale: u32,
    whole: i64,
    fraction: bool,
}

impl PlainDecimal {
    fn parse(b: &[u8]) -> Option<PlainDecimal> {
        let (negative, digits) = match b.split_first() {
            Some((b'-', rest)) => (true, rest),
            _ => (false, b),
        };
        // Eighteen characters hold at most eighteen digits, which fit an i64.
        if digits.is_empty() || digits.len() > 18 {
            return None;
        }
        // One pass: the digits into the mantissa, the point's place noted
        // with the whole part the digits before it make.
        let (mut mantissa, mut point) = (0i64, None);
        for (i, &c) in digits.iter().enumerate() {
            let d = c.wrapping_sub(b'0');
            if d < 10 {
                mantissa = mantissa * 10 + i64::from(d);
            } else if c == b'.' && point.is_none() {
                point = Some((i, mantissa));
            } else {
                return None;
            }
        }
        let (scale, whole) = match point {
            None => (0, mantissa),
            // A point needs a digit on either side.
            Some((0, _)) => return None,
            Some((p, _)) if p + 1 == digits.len() => return None,
            Some((p, whole)) => ((digits.len() - p - 1) as u32, whole),
        };
        if negative && mantissa != 0 {
            return None;
        }
        Some(PlainDecimal {
            mantissa,
            scale,
            whole,
            fraction: mantissa != whole * POWERS_OF_TEN[scale as usize],
        })
    }

    /// The decimal, when it is at most `max` (`None` above it).
    fn within(self, max: i64) -> Option<Decimal> {
        if self.whole > max || (self.whole == max && self.fraction) {
            return None;
        }
        // At most 18 digits, so below 2^60: the low and middle words
        // hold it, and the scale is below 18.
        let m = self.mantissa as u64;
        Some(Decimal::from_parts(
            m as u32,
            (m >> 32) as u32,
            0,
            false,
            self.scale,
        ))
    }
}

/// 10^k for the scales of a plain decimal (0 to 17).
const POWERS_OF_TEN: [i64; 18] = {
    let mut p = [1i64; 18];
    let mut k = 1;
    while k < 18 {
        p[k] = p[k - 1] * 10;
        k += 1;
    }
    p
};

/// `start` followed by the decimal digits `b`, as a number; `None` when
/// a byte of `b` is not a digit. At most eighteen digits in all.
fn digits_value(b: &[u8], start: i64) -> Option<i64> {
    b.iter().try_fold(start, |n, &c| {
        let d = c.wrapping_sub(b'0');
        (d < 10).then(|| n * 10 + i64::from(d))
    })
}

/// Parses a time of day as `%H:%M` does. The usual `HH:MM` form is read
/// directly, because interpreting the format string for every field of a
/// large log costs more than the rest of the row; any other form goes to
/// chrono, so what is accepted does not change.
#[inline]
fn parse_time(b: &[u8]) -> Option<NaiveTime> {
    if let [h1, h2, b':', m1, m2] = *b {
        let digit = |c: u8| u32::from(c.wrapping_sub(b'0'));
        let (h1, h2, m1, m2) = (digit(h1), digit(h2), digit(m1), digit(m2));
        if h1 < 10 && h2 < 10 && m1 < 10 && m2 < 10 {
            return NaiveTime::from_hms_opt(h1 * 10 + h2, m1 * 10 + m2, 0);
        }
    }
    NaiveTime::parse_from_str(std::str::from_utf8(b).ok()?, "%H:%M").ok()
}

/// Parses `YYYY-MM-DD` without the generality (and cost) of a format string.
fn parse_date(b: &[u8]) -> Option<NaiveDate> {
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |s: &[u8]| -> Option<u32> {
        s.iter().try_fold(0u32, |acc, c| {
            c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
        })
    };
    NaiveDate::from_ymd_opt(num(&b[0..4])? as i32, num(&b[5..7])?, num(&b[8..10])?)
}

/// Streams every activity log of the entry and sums the rows per borrower
/// and per `bucket(date)`; rows for which `bucket` gives `None` are skipped
/// (but still validated). Fails with every invalid row: a report is never
/// built on a log with errors. A large log is read by several threads, with
/// the same result as one.
pub fn aggregate<K: std::hash::Hash + Ord + Clone + Send>(
    agreement: &Agreement,
    facts: &Facts,
    bucket: impl Fn(NaiveDate) -> Option<K> + Sync,
) -> Result<Aggregate<K>, Diagnostics> {
    aggregate_with(agreement, facts, &bucket, &parallel_cuts)
}

/// Where a log of `size` bytes whose body starts at `body` is cut for
/// reading in parallel: into as many ranges as there are processors (at
/// most 8), or not at all below `PARALLEL_FROM`.
fn parallel_cuts(size: u64, body: u64) -> Vec<u64> {
    if size < PARALLEL_FROM {
        return Vec::new();
    }
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    nominal_cuts(size, body, threads)
}

/// What `check` learns from the activity logs of an entry, read as
/// `aggregate` reads them (in parallel byte ranges when they are large,
/// summed into one bucket per borrower, which only counts the rows): the
/// rows read, every problem, and the warnings of the row check (repeated
/// shifts are problems, overlapping ones warnings; the shift rule's
/// warnings are the reports').
#[derive(Debug, PartialEq)]
pub struct LogCheck {
    pub rows: u64,
    pub problems: Diagnostics,
    pub warnings: Vec<crate::core::activity::Warning>,
}

/// Reads and checks every activity log of the entry (see `LogCheck`).
pub fn check_logs(agreement: &Agreement, facts: &Facts) -> LogCheck {
    check_logs_with(agreement, facts, &parallel_cuts)
}

/// `check_logs`, with each log cut where `cuts` says.
fn check_logs_with(
    agreement: &Agreement,
    facts: &Facts,
    cuts: &dyn Fn(u64, u64) -> Vec<u64>,
) -> LogCheck {
    let read = read_logs(agreement, facts, None, &|_| Some(()), cuts);
    LogCheck {
        rows: read.sums.rows(),
        problems: read.diags,
        warnings: read.warnings,
    }
}

/// `aggregate` with every log cut into `parts` byte ranges whatever its
/// size (one or none: read serially), so that both ways of reading can be
/// exercised on small logs; the fuzz targets do. The answer is the same for
/// every `parts`.
pub fn aggregate_in_parts<K: std::hash::Hash + Ord + Clone + Send>(
    agreement: &Agreement,
    facts: &Facts,
    bucket: impl Fn(NaiveDate) -> Option<K> + Sync,
    parts: usize,
) -> Result<Aggregate<K>, Diagnostics> {
    aggregate_with(agreement, facts, &bucket, &|size, body| {
        nominal_cuts(size, body, parts)
    })
}

/// Where a body from byte `body` to `size` is cut into `parts` equal ranges;
/// none for one part.
fn nominal_cuts(size: u64, body: u64, parts: usize) -> Vec<u64> {
    let n = parts as u64;
    let len = size.saturating_sub(body);
    (1..n).map(|k| body + len * k / n).collect()
}

/// `aggregate`, with the nominal cuts of a log of `size` bytes whose body
/// starts at a given byte chosen by `cuts` (none: read serially).
fn aggregate_with<K: std::hash::Hash + Ord + Clone + Send>(
    agreement: &Agreement,
    facts: &Facts,
    bucket: &(impl Fn(NaiveDate) -> Option<K> + Sync),
    cuts: &dyn Fn(u64, u64) -> Vec<u64>,
) -> Result<Aggregate<K>, Diagnostics> {
    let rule = agreement.shift_rule.as_ref();
    let read = read_logs(agreement, facts, rule, bucket, cuts);
    if !read.diags.is_empty() {
        return Err(read.diags);
    }
    let borrowers = client_ids(agreement, facts);
    let mut agg = read.sums.finish(borrowers, facts.activity_logs.clone());
    agg.warnings.extend(read.warnings);
    Ok(agg)
}

/// The logs of an entry read: their sums, every problem, and the row
/// check's warnings.
struct Read<K> {
    sums: Accumulator<K>,
    diags: Diagnostics,
    warnings: Vec<crate::core::activity::Warning>,
}

/// Reads every log of the entry into sums by `bucket`, warning by the
/// shift `rule` where one is given, each log cut where `cuts` says.
fn read_logs<K: std::hash::Hash + Eq + Clone + Send>(
    agreement: &Agreement,
    facts: &Facts,
    rule: Option<&crate::core::agreement::ShiftRule>,
    bucket: &(impl Fn(NaiveDate) -> Option<K> + Sync),
    cuts: &dyn Fn(u64, u64) -> Vec<u64>,
) -> Read<K> {
    let clients = client_ids(agreement, facts).len();
    let mut diags = Diagnostics::default();
    let mut sums = Accumulator::new(rule, clients);
    let mut rows = RowCheck::window(clients);
    let mut threads = false;
    for (log, path) in facts.activity_logs.iter().enumerate() {
        let reader = match ActivityReader::open(path, agreement, facts) {
            Ok(r) => r,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        let from = diags.len();
        let size = std::fs::metadata(path).map_or(0, |m| m.len());
        let cuts = cuts(size, reader.body.0);
        threads |= !cuts.is_empty();
        let parts = match cuts.is_empty() {
            true => None,
            false => {
                let v = &reader.validator;
                parallel::read(v, log, reader.body, &cuts, rule, bucket, &reader.progress)
                    .ok()
                    .flatten()
            }
        };
        // The parts count only when adding them to the earlier logs' sums
        // is exact too, as a serial pass would have added them row by row,
        // and when their rows compare with the earlier rows as one pass's.
        let merged = parts.and_then(|(part, part_rows, part_diags)| {
            let mut merged = sums.clone();
            (merged.merge(part) && rows.follows(&part_rows))
                .then_some((merged, part_rows, part_diags))
        });
        match merged {
            Some((merged, part_rows, part_diags)) => {
                sums = merged;
                rows.append(part_rows);
                part_diags.into_iter().for_each(|d| diags.push(d));
            }
            None => {
                reader.progress.restart();
                read_serially(reader, log, (&mut sums, &mut rows), &mut diags, bucket)
            }
        }
        // The problems with a cause shared by several rows come last from
        // the reader; put them where their first row is.
        diags.in_file_order_from(from);
    }
    let (repeats, warnings) = compared(agreement, facts, rows, &|d| bucket(d).is_some());
    repeats.into_iter().for_each(|d| diags.push(d));
    if threads {
        parallel::give_back_freed_memory();
    }
    Read {
        sums,
        diags,
        warnings,
    }
}

/// The repeats (errors) and overlaps (warnings, of the rows `counted`) that
/// `rows` found over the logs of the entry; where a date went back, the
/// logs are read again and every row is compared with every earlier one.
pub fn compared(
    agreement: &Agreement,
    facts: &Facts,
    mut rows: RowCheck,
    counted: &dyn Fn(NaiveDate) -> bool,
) -> (Vec<Diagnostic>, Vec<crate::core::activity::Warning>) {
    if rows.went_back() {
        rows = RowCheck::everything();
        for (log, path) in facts.activity_logs.iter().enumerate() {
            if let Ok(mut reader) = ActivityReader::open(path, agreement, facts) {
                while let Some(row) = reader.next_row() {
                    if let Ok(row) = row {
                        rows.check(log, row, counted(row.date));
                    }
                }
            }
        }
    }
    let borrowers = client_ids(agreement, facts);
    let log = &agreement.activity_log;
    let marker = log
        .position(crate::core::log_columns::ColumnRole::Repeat)
        .map(|k| log.columns[k].header.as_str());
    rows.finish(&facts.activity_logs, &borrowers, marker)
}

/// Reads every row of `reader` into `sums`, `rows` and `diags`.
fn read_serially<K: std::hash::Hash + Eq + Clone>(
    mut reader: ActivityReader,
    log: usize,
    (sums, rows): (&mut Accumulator<K>, &mut RowCheck),
    diags: &mut Diagnostics,
    bucket: &impl Fn(NaiveDate) -> Option<K>,
) {
    while let Some(row) = reader.next_row() {
        match row {
            Ok(row) => {
                let key = bucket(row.date);
                rows.check(log, row, key.is_some());
                if let Some(key) = key {
                    sums.add(log, row, key);
                }
            }
            Err(d) => diags.push(d),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{exceeds, fits_shift, parse_count, parse_date, parse_time, trimmed, PlainDecimal};
    use crate::core::activity::Shift;
    use proptest::prelude::*;
    use rust_decimal::Decimal;

    proptest! {
        /// The quick trim is `trim_ascii`, over fields of spaces, tabs,
        /// line ends, form feeds, other control bytes and text.
        #[test]
        fn a_field_trims_as_trim_ascii_does(
            b in prop::collection::vec(
                prop_oneof![Just(b' '), Just(b'\t'), Just(b'\r'), Just(b'\n'), Just(0x0c), Just(0x0b), 0u8..0x21, any::<u8>()],
                0..8,
            ),
        ) {
            prop_assert_eq!(trimmed(&b), b.trim_ascii());
        }
    }

    #[test]
    fn counts_parse_as_u32_does() {
        for text in [
            "0",
            "7",
            "10",
            "010",
            "123456789",
            "1234567890",
            "4294967295",
            "4294967296",
            "+1",
            "-0",
            "-1",
            "1.0",
            " 1",
            "",
            "x",
            "1x",
        ] {
            assert_eq!(parse_count(text.as_bytes()), text.parse().ok(), "{text:?}");
        }
    }

    proptest! {
        /// The one-pass decimal reads what the general parser reads, within
        /// the bound, and gives way to it for everything else.
        #[test]
        fn small_decimals_parse_as_the_general_parser_does(
            text in "-?[0-9.]{0,20}",
            max in prop_oneof![Just(0i64), Just(24), Just(48), Just(5000), Just(i64::MAX)],
        ) {
            let general = crate::core::money::parse_decimal(&text)
                .ok()
                .filter(|d| !d.is_sign_negative() || d.is_zero())
                .filter(|d| *d <= Decimal::from(max));
            match PlainDecimal::parse(text.as_bytes()).and_then(|p| p.within(max)) {
                Some(d) => {
                    prop_assert_eq!(Some(d), general);
                    prop_assert_eq!(d.scale(), general.unwrap().scale());
                }
                None => prop_assert!(general.is_none() || text.len() > 18, "{text}"),
            }
        }
    }

    #[test]
    fn exceeds_compares_like_decimals() {
        for (text, max) in [
            ("24", 24),
            ("24.00", 24),
            ("24.01", 24),
            ("23.99", 24),
            ("0", 0),
            ("0.1", 0),
            ("5000.0", 5000),
            ("5000.1", 5000),
            ("48.5", 48),
        ] {
            let d = Decimal::from_str_exact(text).unwrap();
            assert_eq!(exceeds(d, max), d > Decimal::from(max), "{text} > {max}");
        }
    }

    #[test]
    fn hours_fit_a_shift_rounded_to_their_decimals() {
        let at = |h, m, s| chrono::NaiveTime::from_hms_opt(h, m, s).unwrap();
        let two_hours = Shift {
            start: at(9, 0, 0),
            end: at(11, 0, 0),
        };
        let forty_minutes = Shift {
            start: at(9, 0, 0),
            end: at(9, 40, 0),
        };
        let eighteen_seconds = Shift {
            start: at(9, 0, 0),
            end: at(9, 0, 18),
        };
        // 40 minutes are 0.666… hours: 0.67 at two decimals (half up),
        // 0.6667 at four; whole hours are compared at two decimals too.
        for (text, shift, supervisors, fits) in [
            ("2", two_hours, None, true),
            ("2.00", two_hours, Some(1), true),
            ("2.01", two_hours, Some(1), false),
            ("2.0000000000000000000000001", two_hours, Some(1), false),
            ("4", two_hours, Some(2), true),
            ("4.01", two_hours, Some(2), false),
            ("240", two_hours, Some(10), false),
            ("20", two_hours, Some(10), true),
            ("0", two_hours, Some(1), true),
            ("0.67", forty_minutes, Some(1), true),
            // Trailing zeros do not ask for more decimals: 0.670 is 0.67.
            ("0.670", forty_minutes, Some(1), true),
            ("0.67000", forty_minutes, Some(1), true),
            ("0.671", forty_minutes, Some(1), false),
            ("0.010", eighteen_seconds, None, true),
            ("0.68", forty_minutes, Some(1), false),
            ("1", forty_minutes, Some(1), false),
            ("0.6667", forty_minutes, None, true),
            ("0.6668", forty_minutes, None, false),
            // 12 decimals are compared in 64 bits, 13 in 128.
            ("0.666666666667", forty_minutes, None, true),
            ("0.666666666668", forty_minutes, None, false),
            ("0.6666666666667", forty_minutes, None, true),
            ("0.6666666666668", forty_minutes, None, false),
            ("0.666666666666666666666666667", forty_minutes, None, true),
            ("0.666666666666666666666666668", forty_minutes, None, false),
            // 18 seconds are 0.005 hours: half up to 0.01.
            ("0.01", eighteen_seconds, None, true),
            ("0.02", eighteen_seconds, None, false),
            ("79228162514264337593543950335", two_hours, Some(10), false),
        ] {
            let hours = Decimal::from_str_exact(text).unwrap();
            assert_eq!(
                fits_shift(hours, shift, supervisors),
                fits,
                "{text} in {shift:?} × {supervisors:?}"
            );
        }
    }

    proptest! {
        /// The 64-bit path gives what the general one gives, where it
        /// answers at all.
        #[test]
        fn hours_fit_a_shift_the_same_in_64_bits(
            mantissa in 0i64..2_000_000,
            scale in 0u32..=3,
            (from, len) in (0u32..1439).prop_flat_map(|f| (Just(f), 1u32..=1439 - f)),
            supervisors in proptest::option::of(1u32..=10),
        ) {
            let at = |m: u32| chrono::NaiveTime::from_hms_opt(m / 60, m % 60, 0).unwrap();
            let shift = Shift { start: at(from), end: at(from + len) };
            let hours = Decimal::new(mantissa, scale);
            let (units, decimals) = super::hour_units(hours);
            let general = units <= super::shift_limit(shift, supervisors, decimals);
            let quick = super::fits_shift_quickly(hours, shift, supervisors);
            prop_assert!(quick.is_none_or(|q| q == general), "{hours} in {shift:?}");
            prop_assert_eq!(quick.is_some(), scale <= 2);
        }
    }

    #[test]
    fn the_limit_told_is_the_one_compared_with_and_fits() {
        let at = |h, m| chrono::NaiveTime::from_hms_opt(h, m, 0).unwrap();
        let shift = |from: (u32, u32), to: (u32, u32)| Shift {
            start: at(from.0, from.1),
            end: at(to.0, to.1),
        };
        for (text, s, supervisors, most) in [
            ("3.01", shift((9, 0), (10, 30)), Some(2), "3"),
            ("0.68", shift((9, 0), (9, 40)), Some(1), "0.67"),
            ("0.6668", shift((9, 0), (9, 40)), None, "0.6667"),
            ("0.6710", shift((9, 0), (9, 40)), None, "0.667"),
            ("10000000000000000000", shift((9, 0), (11, 0)), Some(1), "2"),
            ("2.5", shift((9, 0), (11, 0)), Some(1), "2"),
            // 23:59 for ten is 239.83… hours, here at 26 decimals.
            (
                "239.83333333333333333333333334",
                shift((0, 0), (23, 59)),
                Some(10),
                "239.83333333333333333333333333",
            ),
            (
                "0.1666666666666666666666666668",
                shift((9, 0), (9, 10)),
                None,
                "0.1666666666666666666666666667",
            ),
        ] {
            let hours = Decimal::from_str_exact(text).unwrap();
            let told = super::shift_most(hours, s, supervisors);
            assert_eq!(told.to_string(), most, "{text}");
            assert!(!fits_shift(hours, s, supervisors), "{text}");
            assert!(fits_shift(told, s, supervisors), "{text}: {told} must fit");
        }
    }

    #[test]
    fn a_shift_lasts_the_seconds_chrono_counts() {
        let at = |s, n| chrono::NaiveTime::from_num_seconds_from_midnight_opt(s, n).unwrap();
        for (start, end) in [
            (at(0, 0), at(1, 0)),
            (at(32_400, 0), at(39_600, 0)),
            (at(10, 500), at(20, 400)),
            (at(10, 400), at(20, 500)),
            (at(86_399, 0), at(86_399, 1_500_000_000)),
            (at(59, 1_200_000_000), at(61, 0)),
            (at(0, 0), at(59, 1_999_999_999)),
        ] {
            let shift = Shift { start, end };
            assert_eq!(
                super::seconds_of(shift),
                (end - start).num_seconds(),
                "{shift:?}"
            );
        }
    }

    #[test]
    fn times_parse_as_chrono_does() {
        for text in [
            "07:00", "18:00", "23:59", "00:00", "7:30", "24:00", "12:60", "1230", "ab:cd", "",
        ] {
            assert_eq!(
                parse_time(text.as_bytes()),
                chrono::NaiveTime::parse_from_str(text, "%H:%M").ok(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn dates_parse_strictly() {
        assert_eq!(
            parse_date(b"2018-02-28").map(|d| d.to_string()),
            Some("2018-02-28".into())
        );
        assert_eq!(parse_date(b"2018-02-30"), None);
        assert_eq!(parse_date(b"2018-2-3"), None);
        assert_eq!(parse_date(b"2018-13-01"), None);
    }
}

#[cfg(test)]
impl ActivityReader {
    /// A reader that takes the csv crate's path for the whole body: the
    /// reference the lean path is checked against.
    fn open_csv_only(path: &Path, agreement: &Agreement, facts: &Facts) -> ActivityReader {
        let mut reader = open_csv(path).unwrap();
        let layout = read_header(path, &mut reader, agreement).unwrap();
        let body = reader.position().clone();
        ActivityReader {
            validator: Validator::new(path, layout, agreement, facts),
            source: {
                let at = (body.byte(), body.line(), 0);
                let (reader, size) = csv_from(path, at, &Progress::default()).unwrap();
                Source::Csv {
                    reader,
                    record: csv::ByteRecord::new(),
                    size,
                }
            },
            row: 0,
            body: (body.byte(), body.line()),
            dates: LastDate::default(),
            progress: Progress::default(),
            groups: Groups::default(),
            grouped: None,
            current: ActivityRow::default(),
        }
    }
}

#[cfg(test)]
mod equivalence;

/// The ids of the clients, accessions included, in the order rows refer to
/// them by index.
fn client_ids(agreement: &Agreement, facts: &Facts) -> Vec<String> {
    crate::core::parties::Parties::new(agreement, facts)
        .clients()
        .map(|m| m.id().to_string())
        .collect()
}
