//! Checks the example activity log `examples/brp-activity.csv` of the
//! "BRP supervisors pool" agreement: it matches its generator, adds up to
//! the settlement inputs, and every row follows the log's rules.

#[path = "../examples/generate_activity.rs"]
#[allow(dead_code)]
mod generate_activity;

use chrono::{Datelike, NaiveDate, NaiveTime, Timelike, Weekday};
use rust_decimal::Decimal;
use std::collections::BTreeMap;

const CSV_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/brp-activity.csv");

const HEADER: [&str; 8] = [
    "date",
    "borrower",
    "start",
    "end",
    "supervisors",
    "hours",
    "house_visits",
    "km",
];

const HOLIDAYS: [&str; 10] = [
    "2017-12-25",
    "2017-12-26",
    "2018-01-01",
    "2018-03-30",
    "2018-04-02",
    "2018-04-27",
    "2018-05-10",
    "2018-05-21",
    "2018-12-25",
    "2018-12-26",
];

struct Row {
    date: NaiveDate,
    borrower: String,
    start: NaiveTime,
    end: NaiveTime,
    supervisors: u32,
    hours: Decimal,
    house_visits: u32,
    km: Decimal,
}

fn decimal(field: &str) -> Decimal {
    Decimal::from_str_exact(field).unwrap_or_else(|e| panic!("bad decimal {field:?}: {e}"))
}

fn time(field: &str) -> NaiveTime {
    assert_eq!(field.len(), 5, "time {field:?} is not HH:MM");
    NaiveTime::parse_from_str(field, "%H:%M").unwrap_or_else(|e| panic!("bad time {field:?}: {e}"))
}

fn read_log() -> Vec<Row> {
    let mut reader = csv::Reader::from_path(CSV_PATH).expect("open examples/brp-activity.csv");
    let header = reader.headers().expect("read header").clone();
    assert_eq!(header.iter().collect::<Vec<_>>(), HEADER);
    reader
        .records()
        .map(|record| {
            let record = record.expect("read record");
            assert_eq!(record.len(), HEADER.len(), "row {record:?}");
            let date = &record[0];
            assert_eq!(date.len(), 10, "date {date:?} is not YYYY-MM-DD");
            Row {
                date: NaiveDate::parse_from_str(date, "%Y-%m-%d")
                    .unwrap_or_else(|e| panic!("bad date {date:?}: {e}")),
                borrower: record[1].to_owned(),
                start: time(&record[2]),
                end: time(&record[3]),
                supervisors: record[4].parse().expect("supervisors"),
                hours: decimal(&record[5]),
                house_visits: record[6].parse().expect("house_visits"),
                km: decimal(&record[7]),
            }
        })
        .collect()
}

fn minutes(t: NaiveTime) -> u32 {
    t.hour() * 60 + t.minute()
}

#[test]
fn committed_csv_matches_generator() {
    let committed = std::fs::read_to_string(CSV_PATH).expect("read examples/brp-activity.csv");
    let generated = generate_activity::generate();
    if committed != generated {
        let line = committed
            .lines()
            .zip(generated.lines())
            .position(|(a, b)| a != b)
            .map_or_else(|| "the end".to_owned(), |i| format!("line {}", i + 1));
        panic!(
            "examples/brp-activity.csv differs from examples/generate_activity.rs (first at {line}); \
             regenerate it with `cargo run --example generate_activity > examples/brp-activity.csv`"
        );
    }
}

#[test]
fn totals_per_borrower_and_year() {
    // Settlement inputs: the year-end settlement tests rely on exactly these
    // supervisor-hours and house visits per borrower and calendar year.
    let expected: BTreeMap<(&str, i32), (Decimal, u32)> = BTreeMap::from([
        (("woensdrecht", 2017), (decimal("30.00"), 9)),
        (("steenbergen", 2017), (decimal("28.50"), 8)),
        (("tholen", 2017), (decimal("33.00"), 11)),
        (("woensdrecht", 2018), (decimal("131.50"), 44)),
        (("steenbergen", 2018), (decimal("110.00"), 37)),
        (("tholen", 2018), (decimal("118.00"), 40)),
    ]);

    let rows = read_log();
    let mut actual: BTreeMap<(&str, i32), (Decimal, u32)> = BTreeMap::new();
    for row in &rows {
        let entry = actual
            .entry((row.borrower.as_str(), row.date.year()))
            .or_insert((Decimal::ZERO, 0));
        entry.0 += row.hours;
        entry.1 += row.house_visits;
    }
    assert_eq!(actual, expected);
}

#[test]
fn every_row_follows_the_rules() {
    let first = NaiveDate::from_ymd_opt(2017, 10, 1).unwrap();
    let last = NaiveDate::from_ymd_opt(2018, 12, 31).unwrap();
    let holidays: Vec<NaiveDate> = HOLIDAYS
        .iter()
        .map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap())
        .collect();
    let seven = NaiveTime::from_hms_opt(7, 0, 0).unwrap();
    let eighteen = NaiveTime::from_hms_opt(18, 0, 0).unwrap();

    let rows = read_log();
    assert!(!rows.is_empty());
    let mut outside = Vec::new();
    for row in &rows {
        let at = format!("row {} {}", row.date, row.borrower);
        assert!(
            first <= row.date && row.date <= last,
            "{at}: outside the period"
        );
        assert!(
            !matches!(row.date.weekday(), Weekday::Sat | Weekday::Sun),
            "{at}: not a weekday"
        );
        assert!(!holidays.contains(&row.date), "{at}: on a holiday");

        // Round trip per car from Bergen op Zoom, in kilometres.
        let (km_lo, km_hi) = match row.borrower.as_str() {
            "woensdrecht" => (22, 45),
            "steenbergen" => (20, 40),
            "tholen" => (28, 55),
            other => panic!("{at}: unknown borrower {other:?}"),
        };

        assert_eq!(minutes(row.start) % 15, 0, "{at}: start not on a quarter");
        assert_eq!(minutes(row.end) % 15, 0, "{at}: end not on a quarter");
        assert!(row.start < row.end, "{at}: end not after start");
        assert!((1..=2).contains(&row.supervisors), "{at}: supervisors");

        let duration = minutes(row.end) - minutes(row.start);
        assert_eq!(row.hours.scale(), 2, "{at}: hours not with two decimals");
        assert_eq!(
            row.hours * Decimal::from(60),
            Decimal::from(duration * row.supervisors),
            "{at}: hours is not duration × supervisors"
        );

        assert!(row.house_visits <= 4, "{at}: house visits");

        let cars = Decimal::from(row.supervisors);
        assert_eq!(row.km.scale(), 1, "{at}: km not with one decimal");
        assert!(
            Decimal::from(km_lo) * cars <= row.km && row.km <= Decimal::from(km_hi) * cars,
            "{at}: km out of range"
        );

        if row.start < seven || row.end > eighteen {
            outside.push(row.supervisors);
        }
    }

    for pair in rows.windows(2) {
        assert!(
            (pair[0].date, &pair[0].borrower) < (pair[1].date, &pair[1].borrower),
            "rows not sorted by date then borrower at {} {}",
            pair[1].date,
            pair[1].borrower
        );
    }

    assert_eq!(outside.len(), 6, "shifts outside 07:00–18:00");
    assert_eq!(
        outside.iter().filter(|&&s| s == 1).count(),
        3,
        "shifts outside 07:00–18:00 with one supervisor"
    );
}
