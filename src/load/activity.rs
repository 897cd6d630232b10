//! The activity log CSV: one row per shift. Read as a stream, one reused
//! record at a time, so memory does not grow with the number of rows.
//!
//! Columns (any order, all required): `date,borrower,start,end,supervisors,
//! hours,house_visits,km`. See `docs/formats.md`.

use std::collections::HashMap;
use std::fs::File;
use std::hash::{BuildHasherDefault, Hasher};
use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveTime};
use rust_decimal::Decimal;

use crate::core::agreement::Agreement;
use crate::core::facts::Facts;
use crate::core::money;
use crate::core::term::{self, Participation};
use crate::load::diag::{Diagnostic, Location};

pub const COLUMNS: [&str; 8] = [
    "date",
    "borrower",
    "start",
    "end",
    "supervisors",
    "hours",
    "house_visits",
    "km",
];

/// One validated shift.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityRow {
    pub date: NaiveDate,
    /// Index into `ActivityReader::borrowers`.
    pub borrower: usize,
    pub start: NaiveTime,
    pub end: NaiveTime,
    pub supervisors: u32,
    pub hours: Decimal,
    pub house_visits: u32,
    pub km: Decimal,
    /// The line in the file and the data row number (1 = first after the header).
    pub line: u64,
    pub row: u64,
}

/// A streaming reader that validates each row against the agreement.
pub struct ActivityReader {
    path: PathBuf,
    reader: csv::Reader<File>,
    record: csv::ByteRecord,
    /// Column positions in the order of `COLUMNS`.
    positions: [usize; 8],
    /// The clients, by id; rows refer to them by index.
    pub borrowers: Vec<String>,
    index: HashMap<String, usize, BuildHasherDefault<Fnv>>,
    participation: Vec<Participation>,
    row: u64,
}

impl ActivityReader {
    /// Opens a log and checks its header. Fails when the file cannot be
    /// opened or a column is missing, unknown or repeated.
    pub fn open(
        path: &Path,
        agreement: &Agreement,
        facts: &Facts,
    ) -> Result<ActivityReader, Diagnostic> {
        let file = File::open(path)
            .map_err(|e| Diagnostic::file(path, format!("cannot open activity log: {e}")))?;
        // Fields are trimmed of ASCII whitespace where they are read
        // (`field`), which is what `csv::Trim::All` does, without rebuilding
        // every record.
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_reader(file);
        let headers = reader
            .byte_headers()
            .map_err(|e| Diagnostic::file(path, format!("cannot read the header: {e}")))?
            .clone();
        if headers.iter().all(|h| h.trim_ascii().is_empty()) {
            return Err(Diagnostic::file(
                path,
                "the activity log is empty; it needs at least its header",
            )
            .with_help(format!("the header is: {}", COLUMNS.join(","))));
        }
        let mut positions = [usize::MAX; 8];
        for (i, h) in headers.iter().enumerate() {
            let name = String::from_utf8_lossy(h.trim_ascii());
            match COLUMNS.iter().position(|c| *c == name) {
                Some(k) if positions[k] == usize::MAX => positions[k] = i,
                Some(_) => {
                    return Err(Diagnostic::file(
                        path,
                        format!("column `{name}` appears twice in the header"),
                    ))
                }
                None => {
                    return Err(Diagnostic::file(
                        path,
                        format!("unknown column `{name}` in the header"),
                    )
                    .with_help(format!("the columns are: {}", COLUMNS.join(","))))
                }
            }
        }
        if let Some(k) = positions.iter().position(|p| *p == usize::MAX) {
            return Err(Diagnostic::file(
                path,
                format!("the header has no column `{}`", COLUMNS[k]),
            )
            .with_help(format!("the columns are: {}", COLUMNS.join(","))));
        }
        let borrowers: Vec<String> = crate::core::parties::Parties::new(agreement, facts)
            .clients()
            .map(|m| m.id().to_string())
            .collect();
        let index = borrowers
            .iter()
            .enumerate()
            .map(|(i, b)| (b.clone(), i))
            .collect();
        let participation = borrowers
            .iter()
            .map(|b| term::participation(agreement, facts, b))
            .collect();
        Ok(ActivityReader {
            path: path.to_path_buf(),
            reader,
            record: csv::ByteRecord::new(),
            positions,
            borrowers,
            index,
            participation,
            row: 0,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The next row, a problem with it, or `None` at the end of the file.
    /// After a problem the reader goes on with the next row.
    pub fn next_row(&mut self) -> Option<Result<ActivityRow, Diagnostic>> {
        match self.reader.read_byte_record(&mut self.record) {
            Ok(false) => None,
            Ok(true) => {
                self.row += 1;
                Some(self.parse())
            }
            Err(e) => {
                self.row += 1;
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
                let record = self
                    .record
                    .iter()
                    .map(|f| String::from_utf8_lossy(f).into_owned())
                    .collect::<Vec<_>>()
                    .join(",");
                Some(Err(Diagnostic {
                    path: self.path.clone(),
                    location: Box::new(Location::Csv {
                        line,
                        row: self.row,
                        column: None,
                        record,
                    }),
                    message,
                    help: None,
                }))
            }
        }
    }

    /// The fields of the current record in the order of `COLUMNS`, trimmed
    /// of ASCII whitespace. The record is checked for UTF-8 once as a whole;
    /// a field that is not valid UTF-8 on its own reads as U+FFFD.
    fn fields(&self) -> [&str; 8] {
        let whole = std::str::from_utf8(self.record.as_slice()).ok();
        self.positions.map(|pos| {
            let text = match (whole, self.record.range(pos)) {
                (Some(w), Some(r)) => w.get(r),
                _ => None,
            };
            match text {
                Some(t) => t.trim_ascii(),
                None => {
                    let bytes = self.record.get(pos).unwrap_or(b"");
                    std::str::from_utf8(bytes.trim_ascii()).unwrap_or("\u{fffd}")
                }
            }
        })
    }

    fn fail(&self, k: usize, message: String) -> Diagnostic {
        let record = self
            .record
            .iter()
            .map(|f| String::from_utf8_lossy(f.trim_ascii()).into_owned())
            .collect::<Vec<_>>()
            .join(",");
        Diagnostic {
            path: self.path.clone(),
            location: Box::new(Location::Csv {
                line: self.record.position().map_or(0, |p| p.line()),
                row: self.row,
                column: Some(COLUMNS[k].to_string()),
                record,
            }),
            message,
            help: None,
        }
    }

    fn parse(&self) -> Result<ActivityRow, Diagnostic> {
        if self.record.len() != COLUMNS.len() {
            return Err(self.fail(
                0,
                format!(
                    "expected {} fields, found {}",
                    COLUMNS.len(),
                    self.record.len()
                ),
            ));
        }
        let field = self.fields();
        let date = parse_date(field[0]).ok_or_else(|| {
            self.fail(
                0,
                format!("`{}` is not a valid date (YYYY-MM-DD)", field[0]),
            )
        })?;
        let name = field[1];
        let borrower = *self.index.get(name).ok_or_else(|| {
            self.fail(
                1,
                format!(
                    "unknown borrower `{name}`; the borrowers are: {}",
                    self.borrowers.join(", ")
                ),
            )
        })?;
        let time = |k: usize| {
            parse_time(field[k])
                .ok_or_else(|| self.fail(k, format!("`{}` is not a time of day (HH:MM)", field[k])))
        };
        let start = time(2)?;
        let end = time(3)?;
        if end <= start {
            return Err(self.fail(
                3,
                format!("the shift ends at {} but starts at {}", field[3], field[2]),
            ));
        }
        let supervisors: u32 = field[4]
            .parse()
            .ok()
            .filter(|n| (1..=10).contains(n))
            .ok_or_else(|| {
                self.fail(
                    4,
                    format!("`{}` is not a number of supervisors from 1 to 10", field[4]),
                )
            })?;
        let number = |k: usize, max: i64| -> Result<Decimal, Diagnostic> {
            let d = money::parse_decimal(field[k]).map_err(|e| self.fail(k, e.to_string()))?;
            // Sign and integer-part checks on the parts of the decimal: the
            // same tests as comparing with 0 and `max`, without rescaling
            // for every field of a large log.
            if d.is_sign_negative() && !d.is_zero() {
                Err(self.fail(k, format!("{} must not be negative, found {d}", COLUMNS[k])))
            } else if exceeds(d, max) {
                Err(self.fail(
                    k,
                    format!("{} {d} is not plausible for one shift", COLUMNS[k]),
                ))
            } else {
                Ok(d)
            }
        };
        let hours = number(5, 24 * i64::from(supervisors))?;
        let house_visits: u32 = field[6].parse().ok().filter(|n| *n <= 100).ok_or_else(|| {
            self.fail(
                6,
                format!(
                    "`{}` is not a number of house visits from 0 to 100",
                    field[6]
                ),
            )
        })?;
        let km = number(7, 5000)?;
        let part = &self.participation[borrower];
        if !part.contains(date) {
            let until = part
                .end
                .map_or_else(|| "on".to_string(), |e| format!("until {e}"));
            return Err(self.fail(
                0,
                format!(
                    "{date} lies outside the agreement's term for `{name}` (from {} {until})",
                    part.start
                ),
            ));
        }
        Ok(ActivityRow {
            date,
            borrower,
            start,
            end,
            supervisors,
            hours,
            house_visits,
            km,
            line: self.record.position().map_or(0, |p| p.line()),
            row: self.row,
        })
    }
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

/// FNV-1a: the borrower ids are short, trusted keys looked up once per
/// row, for which SipHash's protection against crafted keys costs more than
/// it brings.
#[derive(Default)]
struct Fnv(u64);

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
}

/// Parses a time of day as `%H:%M` does. The usual `HH:MM` form is read
/// directly, because interpreting the format string for every field of a
/// large log costs more than the rest of the row; any other form goes to
/// chrono, so what is accepted does not change.
fn parse_time(text: &str) -> Option<NaiveTime> {
    let b = text.as_bytes();
    if b.len() == 5 && b[2] == b':' {
        let digit = |c: u8| c.is_ascii_digit().then(|| u32::from(c - b'0'));
        if let (Some(h1), Some(h2), Some(m1), Some(m2)) =
            (digit(b[0]), digit(b[1]), digit(b[3]), digit(b[4]))
        {
            return NaiveTime::from_hms_opt(h1 * 10 + h2, m1 * 10 + m2, 0);
        }
    }
    NaiveTime::parse_from_str(text, "%H:%M").ok()
}

/// Parses `YYYY-MM-DD` without the generality (and cost) of a format string.
fn parse_date(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
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

#[cfg(test)]
mod tests {
    use super::{exceeds, parse_date, parse_time};
    use rust_decimal::Decimal;

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
    fn times_parse_as_chrono_does() {
        for text in [
            "07:00", "18:00", "23:59", "00:00", "7:30", "24:00", "12:60", "1230", "ab:cd", "",
        ] {
            assert_eq!(
                parse_time(text),
                chrono::NaiveTime::parse_from_str(text, "%H:%M").ok(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn dates_parse_strictly() {
        assert_eq!(
            parse_date("2018-02-28").map(|d| d.to_string()),
            Some("2018-02-28".into())
        );
        assert_eq!(parse_date("2018-02-30"), None);
        assert_eq!(parse_date("2018-2-3"), None);
        assert_eq!(parse_date("2018-13-01"), None);
    }
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
    fn add(&mut self, row: &ActivityRow, outside: Decimal) {
        if self.rows == 0 {
            self.first_line = row.line;
        }
        self.rows += 1;
        self.last_line = row.line;
        self.hours += row.hours;
        self.km += row.km;
        self.house_visits += u64::from(row.house_visits);
        self.hours_outside_window += outside;
    }
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
    pub totals: HashMap<(String, K), Totals>,
    pub warnings: Vec<Warning>,
    /// The logs that were read.
    pub logs: Vec<PathBuf>,
}

impl<K: std::hash::Hash + Eq> Aggregate<K> {
    /// The totals of `borrower` in `bucket` (zero when it had no activity).
    pub fn get(&self, borrower: &str, bucket: K) -> Totals {
        self.totals
            .get(&(borrower.to_string(), bucket))
            .cloned()
            .unwrap_or_default()
    }
}

/// Streams every activity log of the entry and sums the rows per borrower
/// and per `bucket(date)`; rows for which `bucket` gives `None` are skipped
/// (but still validated). Fails with every invalid row: a report is never
/// built on a log with errors.
pub fn aggregate<K: std::hash::Hash + Eq + Clone>(
    agreement: &Agreement,
    facts: &Facts,
    bucket: impl Fn(NaiveDate) -> Option<K>,
) -> Result<Aggregate<K>, crate::load::diag::Diagnostics> {
    let mut diags = crate::load::diag::Diagnostics::default();
    let mut totals: HashMap<(usize, K), Totals> = HashMap::new();
    let mut warnings = Vec::new();
    let mut borrowers = Vec::new();
    let rule = agreement.shift_rule.as_ref();
    for path in &facts.activity_logs {
        let mut reader = match ActivityReader::open(path, agreement, facts) {
            Ok(r) => r,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        while let Some(row) = reader.next_row() {
            let row = match row {
                Ok(r) => r,
                Err(d) => {
                    diags.push(d);
                    continue;
                }
            };
            let Some(key) = bucket(row.date) else {
                continue;
            };
            let mut outside = Decimal::ZERO;
            if let Some(rule) = rule {
                let minutes_outside =
                    minutes_outside(row.start, row.end, rule.day_start, rule.day_end);
                if minutes_outside > 0 {
                    let total = (row.end - row.start).num_minutes();
                    outside = row.hours * Decimal::from(minutes_outside) / Decimal::from(total);
                    if row.supervisors < rule.min_supervisors_outside {
                        warnings.push(Warning {
                            borrower: reader.borrowers[row.borrower].clone(),
                            position: format!("{}:{}", path.display(), row.line),
                            message: format!(
                                "{} {} {}–{} with {} supervisor{} outside {}–{}; in principle {} ({})",
                                row.date,
                                reader.borrowers[row.borrower],
                                row.start.format("%H:%M"),
                                row.end.format("%H:%M"),
                                row.supervisors,
                                if row.supervisors == 1 { "" } else { "s" },
                                rule.day_start.format("%H:%M"),
                                rule.day_end.format("%H:%M"),
                                rule.min_supervisors_outside,
                                rule.article
                            ),
                        });
                    }
                }
            }
            // Borrower indexes are the same for every log of one entry.
            totals
                .entry((row.borrower, key))
                .or_default()
                .add(&row, outside);
        }
        borrowers = reader.borrowers.clone();
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    let totals = totals
        .into_iter()
        .map(|((b, k), t)| ((borrowers[b].clone(), k), t))
        .collect();
    Ok(Aggregate {
        borrowers,
        totals,
        warnings,
        logs: facts.activity_logs.clone(),
    })
}

/// Minutes of `start..end` before `day_start` or after `day_end`.
fn minutes_outside(
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
