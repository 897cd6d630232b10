//! The lean path against the csv crate's: over random logs (valid rows,
//! every kind of bad row, blank lines, CRLF, quotes, stray bytes) both give
//! the same rows and the same diagnostics, in the same order.

use std::path::{Path, PathBuf};

use proptest::prelude::*;

use super::ActivityReader;
use crate::core::agreement::Agreement;
use crate::core::facts::Facts;

fn agreement() -> Agreement {
    let path = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/agreements/brp-pool.toml"
    ));
    let mut dataset = crate::load::load(&[path], &[]).expect("the BRP agreement loads");
    dataset.entries.remove(0).agreement
}

type Rows = Vec<Result<super::ActivityRow, crate::load::diag::Diagnostic>>;

fn read_all(mut reader: ActivityReader) -> Rows {
    std::iter::from_fn(|| reader.next_row().map(|r| r.copied())).collect()
}

/// Both readings of `bytes` as a log.
fn both(bytes: &[u8]) -> Option<(Rows, Rows)> {
    let dir = tempfile::tempdir().unwrap();
    let path: &Path = &dir.path().join("log.csv");
    std::fs::write(path, bytes).unwrap();
    let (a, f) = (agreement(), Facts::default());
    let lean = ActivityReader::open(path, &a, &f).ok()?;
    let csv = ActivityReader::open_csv_only(path, &a, &f);
    Some((read_all(lean), read_all(csv)))
}

const HEADERS: [&str; 4] = [
    "date,borrower,start,end,supervisors,hours,house_visits,km\n",
    "date,borrower,start,end,supervisors,hours,house_visits,km\r\n",
    "\n\n km ,date,borrower,start,end,supervisors,hours,house_visits\n",
    "\u{feff}date,borrower,start,end,supervisors,hours,house_visits,km",
];

/// Pieces of a log: rows good and bad, and what lies between rows.
fn piece() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        6 => (0u32..3, 0u32..40, 6u32..20, 1u32..5, 0u32..4, 0u32..300).prop_map(
            |(b, day, start, len, sup, km)| {
                let who = ["tholen", "steenbergen", "woensdrecht"][b as usize];
                format!(
                    "2018-03-{:02},{who},{start:02}:00,{:02}:30,{sup},{len}.50,{},{km}.5\n",
                    1 + day % 31,
                    (start + len).min(23),
                    day % 4
                )
                .into_bytes()
            }
        ),
        1 => Just(b"2018-03-05, tholen ,09:00,12:00,1,3.00,2,41.0\r\n".to_vec()),
        1 => Just(b"2018-03-05,roosendaal,09:00,12:00,1,3.00,2,41.0\n".to_vec()),
        1 => Just(b"2018-02-30,tholen,09:00,12:00,1,3.00,2,41.0\n".to_vec()),
        1 => Just(b"2018-03-05,tholen,9:00,12:00,+1,-0,0,0\n".to_vec()),
        1 => Just(b"2018-03-05,tholen,09:00,12:00,1,-2.00,1,30.0\n".to_vec()),
        1 => Just(b"2018-03-05,tholen,09:00,12:00,1,99.5,1,1e2\n".to_vec()),
        1 => Just(b"2018-03-05,tholen,09:00,12:00,1,24.000000000000000001,1,5000.0\n".to_vec()),
        1 => Just(b"2017-09-15,tholen,11:00,09:00,11,2.00,101,30.0\n".to_vec()),
        1 => Just(b"2017-09-20,tholen,09:00,11:00,1,2.00,1,30.0\n".to_vec()),
        1 => Just(b"2018-03-05,tholen,09:00,12:00,1,3.00,2\n".to_vec()),
        1 => Just(b"2018-03-05,tholen,09:00,12:00,1,3.00,2,4,5,6,7,8,9\n".to_vec()),
        1 => Just(b"2018-03-05,\xfftholen,09:00,12:00,1,3.00,2,41.0\n".to_vec()),
        1 => Just(b"\"2018-03-05\",tholen,09:00,12:00,1,\"3.00\",2,41.0\n".to_vec()),
        1 => Just(b"2018-03-05,\"tho\nlen\",09:00,12:00,1,3.00,2,41.0\n".to_vec()),
        1 => Just(b"\n".to_vec()),
        1 => Just(b"\r\n\r\n".to_vec()),
        1 => Just(b"\r".to_vec()),
        1 => Just(b"   \n".to_vec()),
    ]
}

fn log() -> impl Strategy<Value = Vec<u8>> {
    (
        0..HEADERS.len(),
        prop::collection::vec(piece(), 0..40),
        any::<bool>(),
    )
        .prop_map(|(h, pieces, cut)| {
            let mut bytes = HEADERS[h].as_bytes().to_vec();
            if h == 3 {
                bytes.push(b'\n');
            }
            for p in pieces {
                bytes.extend(p);
            }
            if cut {
                bytes.pop();
            }
            bytes
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn the_lean_path_reads_as_the_csv_crate_does(bytes in log()) {
        if let Some((lean, csv)) = both(&bytes) {
            prop_assert_eq!(lean, csv);
        }
    }
}

#[test]
fn line_numbers_follow_the_csv_crate_around_blank_lines_and_crlf() {
    let log = b"date,borrower,start,end,supervisors,hours,house_visits,km\r\n\r\n\
2018-03-05,tholen,09:00,12:00,1,3.00,2,41.0\r\n\n\n2018-03-06,tholen,09:00,12:00,1,3.00,2,41.0\n\
2018-03-07,tholen,09:00,12:00,1,\"3.00\",2,41.0\n2018-03-08,tholen,09:00,12:00,1,3.00,2,41.0";
    let (lean, csv) = both(log).unwrap();
    assert_eq!(lean, csv);
    assert_eq!(lean.len(), 4);
}

/// Sums by month, or the diagnostics, of `bytes` read with `cuts`.
type Summed = Result<
    (
        Vec<((String, (i32, u32)), crate::core::activity::Totals)>,
        Vec<crate::core::activity::Warning>,
    ),
    Vec<crate::load::diag::Diagnostic>,
>;

fn summed(path: &Path, cuts: &[u64]) -> Summed {
    use chrono::Datelike;
    let a = agreement();
    let f = Facts {
        activity_logs: vec![path.to_path_buf()],
        ..Facts::default()
    };
    let bucket = |d: chrono::NaiveDate| (d.day() % 3 != 0).then_some((d.year(), d.month()));
    let cuts: Vec<u64> = cuts.to_vec();
    match super::aggregate_with(&a, &f, &bucket, &|_, _| cuts.clone()) {
        Ok(agg) => {
            let mut totals: Vec<_> = agg.totals.into_iter().collect();
            totals.sort_by(|x, y| x.0.cmp(&y.0));
            Ok((totals, agg.warnings))
        }
        Err(d) => Err(d.0),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(150))]

    #[test]
    fn parallel_reading_sums_as_serial_reading(
        bytes in log(),
        cuts in prop::collection::vec(any::<u64>(), 0..4),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("log.csv");
        std::fs::write(&path, &bytes).unwrap();
        let len = bytes.len() as u64;
        let mut cuts: Vec<u64> = cuts.iter().map(|c| c % (len + 1)).collect();
        cuts.sort_unstable();
        prop_assert_eq!(summed(&path, &cuts), summed(&path, &[]));
    }

    /// `check` reads as the reports do: the same rows, problems and
    /// warnings in every number of parts.
    #[test]
    fn checking_in_parts_checks_as_one_pass(bytes in log(), parts in 2usize..5) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("log.csv");
        std::fs::write(&path, &bytes).unwrap();
        let a = agreement();
        let f = Facts {
            activity_logs: vec![path.clone()],
            ..Facts::default()
        };
        let checked = |parts: usize| {
            super::check_logs_with(&a, &f, &|size, body| super::nominal_cuts(size, body, parts))
        };
        prop_assert_eq!(checked(parts), checked(1));
    }
}

#[test]
fn a_log_without_quotes_is_read_in_parallel() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("log.csv");
    let mut text = String::from(HEADERS[0]);
    for day in 1..=28 {
        text.push_str(&format!(
            "2018-03-{day:02},tholen,06:00,09:00,1,3.00,2,41.0\n"
        ));
        text.push_str(&format!(
            "2018-03-{day:02},woensdrecht,08:00,09:00,x,3.00,2,41.0\n"
        ));
    }
    std::fs::write(&path, &text).unwrap();
    let (a, f) = (agreement(), Facts::default());
    let reader = ActivityReader::open(&path, &a, &f).unwrap();
    let len = text.len() as u64;
    let cuts = [len / 4, len / 2, len * 3 / 4];
    let parts = super::parallel::read(
        &reader.validator,
        0,
        reader.body,
        &cuts,
        a.shift_rule.as_ref(),
        &|d| Some(d),
        &crate::load::progress::Progress::default(),
    )
    .unwrap()
    .expect("no quote, exact sums: the parallel result stands");
    assert_eq!(parts.2.len(), 28, "one diagnostic per bad row");
    assert_eq!(summed(&path, &cuts), summed(&path, &[]));
}

/// A log of 28 days in March 2018, each with `per_day` rows of Tholen that
/// do not overlap, and `extra` inserted after the first row of 2018-03-15.
fn march(per_day: u32, extra: &str) -> String {
    let mut text = String::from(HEADERS[0]);
    for day in 1..=28 {
        for h in 0..per_day {
            text.push_str(&format!(
                "2018-03-{day:02},tholen,{h:02}:00,{h:02}:30,2,1.00,0,1.0\n"
            ));
            if day == 15 && h == 0 {
                text.push_str(extra);
            }
        }
    }
    text
}

#[test]
fn cuts_move_on_to_the_first_row_of_the_next_day() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("log.csv");
    let text = march(10, "");
    std::fs::write(&path, &text).unwrap();
    let body = HEADERS[0].len() as u64;
    // A cut in the middle of 2018-03-10 moves on to 2018-03-11's first row.
    let cut = text.find("2018-03-10,tholen,05:00").unwrap() as u64 + 3;
    let day = text.find("2018-03-11,").unwrap() as u64;
    let size = text.len() as u64;
    let ranges = super::parallel::ranges(&path, (body, size), &[cut], 0).unwrap();
    assert_eq!(ranges, vec![(body, day), (day, size)]);
}

#[test]
fn a_repeat_is_found_when_the_log_is_read_in_parallel() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("log.csv");
    let text = march(10, "2018-03-15,tholen,00:00,00:30,2,1.00,0,1.0\n");
    std::fs::write(&path, &text).unwrap();
    let (a, f) = (agreement(), Facts::default());
    let reader = ActivityReader::open(&path, &a, &f).unwrap();
    let len = text.len() as u64;
    let cuts = [len / 4, len / 2, len * 3 / 4];
    let (_, check, diags) = super::parallel::read(
        &reader.validator,
        0,
        reader.body,
        &cuts,
        a.shift_rule.as_ref(),
        &|d| Some(d),
        &crate::load::progress::Progress::default(),
    )
    .unwrap()
    .expect("dates in order, cut at day changes: the parallel result stands");
    assert!(diags.is_empty(), "{diags:?}");
    let (repeats, warnings) = check.finish(
        std::slice::from_ref(&path),
        &super::client_ids(&a, &f),
        None,
    );
    // 2018-03-15's first row is row 141 (14 days × 10 + 1), its repeat 142.
    assert_eq!(repeats.len(), 1, "{repeats:?}");
    assert!(
        repeats[0].message.contains("(rows 141 and 142)"),
        "{}",
        repeats[0].message
    );
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(summed(&path, &cuts), summed(&path, &[]));
}
