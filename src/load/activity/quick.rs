//! The quick path of a row: each field of a record parsed in its plain
//! form, by the position of its role, in a path that only ever accepts.
//! It gives the row when every check of `Validator::validate` passes on
//! fields as they usually stand (`2018-01-15`, `b001`, `07:30`, `2`,
//! `3.50`), with the values `validate` gives, and `None` otherwise, also
//! for a valid value in a form that is not plain (`+2`, a decimal of more
//! than 18 characters): then `validate` reads the record again, decides,
//! and words the problem. The bounds and value functions are the ones
//! `validate` uses; where a row has times, `validate` bounds its hours by
//! the shift alone, and the 24 hours a supervisor this path also asks for
//! never refuse hours that fit a shift (at most 23:59, 23.98 hours a
//! supervisor at two decimals). So what is accepted, and every message, stays
//! `validate`'s; this path only spares a valid row the cost of being able
//! to say what is wrong with it.

use rust_decimal::Decimal;

use super::{
    fits_plainly, fits_shift, most_hours, parse_count, parse_time, supervisors_value, units_value,
    LastDate, PlainDecimal, RawRecord, Validator, MOST_KM,
};
use crate::core::activity::{ActivityRow, Shift};

impl Validator {
    /// Writes the row of `rec` into `out`, when `validate` would accept it
    /// as it stands; `None` (and `out` as it was) when it might not. The
    /// row is built in its place, not moved there.
    pub(super) fn quick(
        &self,
        rec: &RawRecord,
        dates: &mut LastDate,
        out: &mut ActivityRow,
    ) -> Option<()> {
        let l = &self.layout;
        let field = |k: usize| self.field(rec, k);
        let date = dates.parse(field(l.date))?;
        let borrower = self.index.get(field(l.party))?;
        let shift = match l.times {
            Some((s, e)) => {
                let (start, end) = (parse_time(field(s))?, parse_time(field(e))?);
                Some((end > start).then_some(Shift { start, end })?)
            }
            None => None,
        };
        let supervisors = match l.supervisors {
            Some(k) => Some(supervisors_value(field(k))?),
            None => None,
        };
        let hours = PlainDecimal::parse(field(l.hours))?.within(most_hours(supervisors))?;
        if !shift.is_none_or(|s| fits_shift(hours, s, supervisors)) {
            return None;
        }
        let house_visits = match l.income {
            Some(k) => units_value(field(k))?,
            None => 0,
        };
        let km = match l.travel {
            Some(k) => PlainDecimal::parse(field(k))?.within(MOST_KM)?,
            None => Decimal::ZERO,
        };
        let repeat = match l.repeat {
            Some(k) => parse_count(field(k))?,
            None => 0,
        };
        if !l
            .others
            .iter()
            .all(|&(k, kind)| fits_plainly(kind, field(k)))
        {
            return None;
        }
        if !self.participation[borrower].contains(date) {
            return None;
        }
        *out = ActivityRow {
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
        Some(())
    }
}

#[cfg(test)]
mod tests {
    //! The quick path against `validate`, field by field: over records of
    //! every role and ignored type, with values in and out of their plain
    //! forms and bounds, a row the quick path gives is the row `validate`
    //! gives.

    use std::path::PathBuf;
    use std::sync::OnceLock;

    use proptest::prelude::*;

    use super::super::{open_csv, read_header, LastDate, RawRecord, Validator};
    use crate::core::activity::ActivityRow;
    use crate::core::facts::Facts;
    use crate::core::log_columns::{ColumnRole, ColumnType, LogColumn, LogColumns};

    /// Every role, and an ignored column of every type an ignored column may
    /// have (all but party and hours).
    const COLUMNS: [(&str, ColumnType, ColumnRole); 14] = [
        ("km", ColumnType::Decimal, ColumnRole::Travel),
        ("date", ColumnType::Date, ColumnRole::Date),
        ("borrower", ColumnType::Party, ColumnRole::Party),
        ("start", ColumnType::Time, ColumnRole::Start),
        ("end", ColumnType::Time, ColumnRole::End),
        ("hours", ColumnType::Hours, ColumnRole::Hours),
        ("supervisors", ColumnType::Count, ColumnRole::Supervisors),
        ("visits", ColumnType::Count, ColumnRole::Income),
        ("repeat", ColumnType::Count, ColumnRole::Repeat),
        ("booked", ColumnType::Date, ColumnRole::Ignored),
        ("at", ColumnType::Time, ColumnRole::Ignored),
        ("items", ColumnType::Count, ColumnRole::Ignored),
        ("amount", ColumnType::Decimal, ColumnRole::Ignored),
        ("note", ColumnType::Text, ColumnRole::Ignored),
    ];

    /// The row the quick path gives for `rec`, if any.
    fn quick_row(
        validator: &Validator,
        rec: &RawRecord,
        dates: &mut LastDate,
    ) -> Option<ActivityRow> {
        let mut row = ActivityRow::default();
        validator.quick(rec, dates, &mut row).map(|()| row)
    }

    /// The validator of a log with `COLUMNS`, made once.
    fn validator() -> &'static Validator {
        static VALIDATOR: OnceLock<Validator> = OnceLock::new();
        VALIDATOR.get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            validator_in(dir.path())
        })
    }

    /// The validator of a log with `COLUMNS` in `dir`.
    fn validator_in(dir: &std::path::Path) -> Validator {
        let path: PathBuf = [env!("CARGO_MANIFEST_DIR"), "agreements", "brp-pool.toml"]
            .iter()
            .collect();
        let mut dataset = crate::load::load(&[path], &[]).expect("the BRP agreement loads");
        let mut agreement = dataset.entries.remove(0).agreement;
        agreement.activity_log = LogColumns {
            columns: COLUMNS
                .iter()
                .map(|&(header, kind, role)| LogColumn {
                    header: header.to_string(),
                    kind,
                    role,
                })
                .collect(),
            declared: true,
        };
        let log = dir.join("log.csv");
        let header: Vec<&str> = COLUMNS.iter().map(|c| c.0).collect();
        std::fs::write(&log, header.join(",") + "\n").unwrap();
        let mut csv = open_csv(&log).unwrap();
        let layout = read_header(&log, &mut csv, &agreement).expect("the header fits");
        Validator::new(&log, layout, &agreement, &Facts::default())
    }

    const DECIMALS: &[&str] = &[
        "0",
        "3",
        "3.5",
        "03.50",
        " 2.25 ",
        "-0",
        "-0.00",
        "-1",
        "+1",
        "3.",
        ".5",
        "1.2.3",
        "24",
        "24.0",
        "24.01",
        "48.00",
        "5000",
        "5000.1",
        "1e2",
        "",
        "x",
        "123456789012345678",
        "1234567890123456789",
        "0.000000000000000001",
    ];
    const TIMES: &[&str] = &[
        "07:00", "09:30", "18:45", "7:30", "24:00", "12:60", "1230", "",
    ];
    const COUNTS: &[&str] = &[
        "0",
        "1",
        "2",
        "10",
        "11",
        "100",
        "101",
        "01",
        "+1",
        "-1",
        "",
        "4294967296",
    ];
    const DATES: &[&str] = &[
        "2018-03-05",
        "2018-02-30",
        "2018-3-5",
        " 2018-03-06",
        "2017-09-15",
        "",
    ];
    const PARTIES: &[&str] = &[
        "tholen",
        " tholen ",
        "woensdrecht",
        "Tholen",
        "roosendaal",
        "",
    ];
    const TEXTS: &[&str] = &["", "a note", "\u{fffd}"];

    /// The values a column's field may take.
    fn values(kind: ColumnType) -> &'static [&'static str] {
        match kind {
            ColumnType::Decimal | ColumnType::Hours => DECIMALS,
            ColumnType::Time => TIMES,
            ColumnType::Count => COUNTS,
            ColumnType::Date => DATES,
            ColumnType::Party => PARTIES,
            ColumnType::Text => TEXTS,
        }
    }

    /// Values a column's field usually takes, all valid on their own.
    fn plain(kind: ColumnType) -> &'static [&'static str] {
        match kind {
            ColumnType::Decimal | ColumnType::Hours => &["0", "3", "3.5", "2.25", "24", "24.00"],
            ColumnType::Time => &["07:00", "09:30", "18:45"],
            ColumnType::Count => &["0", "1", "2", "10"],
            ColumnType::Date => &["2018-03-05", "2018-03-06"],
            ColumnType::Party => &["tholen", "woensdrecht"],
            ColumnType::Text => TEXTS,
        }
    }

    /// Mostly plain fields, so that many records pass every check and the
    /// rows themselves are compared; any value of the column otherwise.
    fn record() -> impl Strategy<Value = Vec<&'static str>> {
        COLUMNS
            .iter()
            .map(|c| {
                prop_oneof![
                    6 => prop::sample::select(plain(c.1)),
                    1 => prop::sample::select(values(c.1)),
                ]
            })
            .collect::<Vec<_>>()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(5000))]

        #[test]
        fn a_quick_row_is_the_row_validate_gives(fields in record()) {
            let validator = validator();
            let line = fields.join(",");
            let mut ends = Vec::new();
            let mut end = 0;
            for f in &fields {
                end += f.len();
                ends.push(end as u32);
                end += 1;
            }
            let rec = RawRecord { bytes: line.as_bytes(), ends: &ends, gap: 1, line: 2, row: 1 };
            // One date cache, as the reader keeps it: the quick path first,
            // then `validate` where it refuses, for this record and the next.
            let mut dates = LastDate::default();
            for _ in 0..2 {
                let quick = quick_row(validator, &rec, &mut dates);
                let full = match &quick {
                    Some(row) => Some(*row),
                    None => validator.validate(&rec, &mut dates).ok(),
                };
                let fresh = validator.validate(&rec, &mut LastDate::default()).ok();
                prop_assert_eq!(full, fresh);
                if let (Some(q), Some(v)) = (quick, fresh) {
                    // Decimals compare by value; their scales must agree too.
                    prop_assert_eq!((q.hours.scale(), q.km.scale()), (v.hours.scale(), v.km.scale()));
                } else if quick.is_none() {
                    // Refused only where a field is not plain or a check fails.
                    let plainly = fields.iter().zip(COLUMNS).all(|(f, c)| plain(c.1).contains(f));
                    prop_assert!(fresh.is_none() || !plainly, "{line}");
                }
            }
        }
    }

    /// The quick path takes the usual row, so the test above compares rows.
    #[test]
    fn the_quick_path_takes_a_plain_row() {
        let validator = validator();
        let line = "41.5,2018-03-05,tholen,09:00,12:30,6.50,2,1,0,2018-03-06,10:00,3,1.25,note";
        let ends: Vec<u32> = line
            .match_indices(',')
            .map(|(i, _)| i as u32)
            .chain([line.len() as u32])
            .collect();
        let rec = RawRecord {
            bytes: line.as_bytes(),
            ends: &ends,
            gap: 1,
            line: 2,
            row: 1,
        };
        let quick = quick_row(validator, &rec, &mut LastDate::default());
        let full = validator.validate(&rec, &mut LastDate::default());
        assert!(
            quick.is_some(),
            "{:?}",
            full.err().map(|e| e.diagnostic.message)
        );
        assert_eq!(quick, full.ok());
    }
}
