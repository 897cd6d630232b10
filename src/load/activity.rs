//! The activity log CSV: one row per shift. Read as a stream, one reused
//! record at a time, so memory does not grow with the number of rows.
//!
//! Columns (any order, all required): `date,borrower,start,end,supervisors,
//! hours,house_visits,km`. See `docs/formats.md`.

use std::collections::HashMap;
use std::fs::File;
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
    index: HashMap<String, usize>,
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
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .trim(csv::Trim::All)
            .from_reader(file);
        let headers = reader
            .byte_headers()
            .map_err(|e| Diagnostic::file(path, format!("cannot read the header: {e}")))?
            .clone();
        let mut positions = [usize::MAX; 8];
        for (i, h) in headers.iter().enumerate() {
            let name = String::from_utf8_lossy(h);
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
        let mut borrowers: Vec<String> = agreement.clients().map(|p| p.id.clone()).collect();
        borrowers.extend(facts.accessions.iter().map(|a| a.party.id.clone()));
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
                Some(Err(Diagnostic {
                    path: self.path.clone(),
                    location: Box::new(Location::Csv {
                        line,
                        row: self.row,
                        column: None,
                        record: String::new(),
                    }),
                    message: format!("malformed CSV: {e}"),
                    help: None,
                }))
            }
        }
    }

    fn field(&self, k: usize) -> &str {
        std::str::from_utf8(self.record.get(self.positions[k]).unwrap_or(b"")).unwrap_or("\u{fffd}")
    }

    fn fail(&self, k: usize, message: String) -> Diagnostic {
        let record = self
            .record
            .iter()
            .map(|f| String::from_utf8_lossy(f).into_owned())
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
        let date = parse_date(self.field(0)).ok_or_else(|| {
            self.fail(
                0,
                format!("`{}` is not a valid date (YYYY-MM-DD)", self.field(0)),
            )
        })?;
        let name = self.field(1);
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
            NaiveTime::parse_from_str(self.field(k), "%H:%M").map_err(|_| {
                self.fail(
                    k,
                    format!("`{}` is not a time of day (HH:MM)", self.field(k)),
                )
            })
        };
        let start = time(2)?;
        let end = time(3)?;
        if end <= start {
            return Err(self.fail(
                3,
                format!(
                    "the shift ends at {} but starts at {}",
                    self.field(3),
                    self.field(2)
                ),
            ));
        }
        let supervisors: u32 = self
            .field(4)
            .parse()
            .ok()
            .filter(|n| (1..=10).contains(n))
            .ok_or_else(|| {
                self.fail(
                    4,
                    format!(
                        "`{}` is not a number of supervisors from 1 to 10",
                        self.field(4)
                    ),
                )
            })?;
        let number = |k: usize, max: i64| -> Result<Decimal, Diagnostic> {
            let d = money::parse_decimal(self.field(k)).map_err(|e| self.fail(k, e.to_string()))?;
            if d < Decimal::ZERO {
                Err(self.fail(k, format!("{} must not be negative, found {d}", COLUMNS[k])))
            } else if d > Decimal::from(max) {
                Err(self.fail(
                    k,
                    format!("{} {d} is not plausible for one shift", COLUMNS[k]),
                ))
            } else {
                Ok(d)
            }
        };
        let hours = number(5, 24 * i64::from(supervisors))?;
        let house_visits: u32 = self
            .field(6)
            .parse()
            .ok()
            .filter(|n| *n <= 100)
            .ok_or_else(|| {
                self.fail(
                    6,
                    format!(
                        "`{}` is not a number of house visits from 0 to 100",
                        self.field(6)
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
    use super::parse_date;

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
