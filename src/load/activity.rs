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
