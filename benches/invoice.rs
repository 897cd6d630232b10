//! Benchmark of `ledger invoice` on a large activity log, next to a bare
//! `csv::ByteRecord` + `Decimal` loop over the same file in the same run.
//!
//! The fixture is generated here, deterministically: a BRP-style agreement
//! with 300 borrowers (TOML text), a facts file naming the log, and a log of
//! 1,000,000 rows spread over 2018. `invoice` runs the real command path
//! (`ledger::cmd::run` with parsed arguments, rendering into memory) for
//! 2018-Q1; every row of the log is read and validated, the rows of the
//! quarter are summed. The bare loop only splits each record and sums hours
//! and km per borrower, which is the floor any streaming reader can reach.
//!
//! Run with `cargo bench --bench invoice`. To keep a fixture on disk (for
//! measuring peak memory of the binary), run
//! `INVOICE_BENCH_WRITE=DIR INVOICE_BENCH_ROWS=100000 cargo bench --bench invoice`:
//! that writes the data directory and exits without timing.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use clap::Parser;
use rust_decimal::Decimal;

/// The number of borrowers in the generated agreement.
const BORROWERS: usize = 300;
/// The number of rows in the generated log.
const ROWS: usize = 1_000_000;

fn main() {
    if let Ok(dir) = std::env::var("INVOICE_BENCH_WRITE") {
        let rows = std::env::var("INVOICE_BENCH_ROWS")
            .ok()
            .and_then(|r| r.parse().ok())
            .unwrap_or(ROWS);
        let dir = PathBuf::from(dir);
        std::fs::create_dir_all(&dir).expect("create the fixture directory");
        write_fixture(&dir, rows);
        println!("wrote a fixture of {rows} rows to {}", dir.display());
        return;
    }
    divan::main();
}

/// The fixture of this run, generated once and removed at exit.
fn fixture() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().expect("a temporary directory");
        write_fixture(dir.path(), ROWS);
        dir
    })
    .path()
}

fn borrower(i: usize) -> String {
    format!("b{i:03}")
}

/// Writes `agreement.toml`, `facts.toml` and `activity.csv` into `dir`.
fn write_fixture(dir: &Path, rows: usize) {
    let mut toml = String::from(
        r#"id = "bench-pool"
title = "Generated supervisors pool for the benchmark"
short_title = "Benchmark pool"

[[parties]]
id = "lender"
name = "Gemeente Uitleen"
role = "provider"
article = "Art. 1"
"#,
    );
    for i in 0..BORROWERS {
        write!(
            toml,
            "\n[[parties]]\nid = \"{}\"\nname = \"Gemeente {i}\"\nrole = \"client\"\narticle = \"Art. 1\"\n",
            borrower(i)
        )
        .unwrap();
    }
    toml.push_str(
        r#"
[term]
start = 2017-10-01
end = 2018-10-01
article = "Art. 20"

[renewal]
months = 12
notice_before = "09-01"
article = "Art. 20"

[billing]
period = "quarter"
article = "Art. 12"

[[rates]]
id = "hourly"
what = "Uurtarief"
unit = "hour"
article = "Art. 12 lid 4"
values = [{ from = 2017-10-01, amount = "56.96" }]

[[rates]]
id = "km"
what = "Kilometervergoeding"
unit = "km"
article = "Art. 5 lid 3"
values = [{ from = 2017-10-01, amount = "0.19" }]

[[fees]]
id = "coordination"
what = "Bijdrage coördinatietaak"
percent = "5"
base = ["service", "ort", "settlement"]
article = "Art. 12 lid 6"

[hours]
rate = "hourly"
what = "Inzet toezichthouder"
article = "Art. 12 lid 1"
hours_per_week = "3"
weeks_per_year = 42
default_article = "Art. 4 lid 5"
declaration_article = "Art. 4 lid 4"

[travel]
rate = "km"
what = "Reiskosten"
article = "Art. 5 lid 3"

[shift_rule]
day_start = "07:00"
day_end = "18:00"
min_supervisors_outside = 2
article = "Art. 5 lid 2"

[vat]
category = "standard"
percent = "21"
"#,
    );
    std::fs::write(dir.join("agreement.toml"), toml).unwrap();
    let facts = dir.join("facts");
    std::fs::create_dir_all(&facts).unwrap();
    std::fs::write(
        facts.join("facts.toml"),
        "agreement = \"bench-pool\"\nactivity = [\"activity.csv\"]\n",
    )
    .unwrap();
    let agreements = dir.join("agreements");
    std::fs::create_dir_all(&agreements).unwrap();
    std::fs::rename(
        dir.join("agreement.toml"),
        agreements.join("bench-pool.toml"),
    )
    .unwrap();
    write_log(&facts.join("activity.csv"), rows);
}

/// A deterministic log: rows in date order over the 365 days of 2018, the
/// borrowers in turn, shift times, supervisors, visits and km from a small
/// linear congruential generator. Shifts outside 07:00–18:00 always have two
/// supervisors, so the log gives no warnings (each warning is kept in memory
/// until it is printed).
fn write_log(path: &Path, rows: usize) {
    let file = std::fs::File::create(path).unwrap();
    let mut out = BufWriter::with_capacity(1 << 20, file);
    writeln!(
        out,
        "date,borrower,start,end,supervisors,hours,house_visits,km"
    )
    .unwrap();
    let first = chrono::NaiveDate::from_ymd_opt(2018, 1, 1).unwrap();
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = move |n: u64| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) % n
    };
    for i in 0..rows {
        let day = (i as u64 * 365 / rows as u64) as u32;
        let date = first + chrono::Days::new(u64::from(day));
        // Quarter-hour start between 06:00 and 16:45, 1 to 4 hours long.
        let start = 24 + next(44) as u32;
        let length = 4 + next(13) as u32;
        let end = start + length;
        let outside = start < 28 || end > 72;
        let supervisors = if outside { 2 } else { 1 + next(2) as u32 };
        let quarters = length * supervisors;
        let km_tenths = (200 + next(300)) * u64::from(supervisors);
        writeln!(
            out,
            "{date},{},{:02}:{:02},{:02}:{:02},{supervisors},{}.{:02},{},{}.{}",
            borrower(i % BORROWERS),
            start / 4,
            (start % 4) * 15,
            end / 4,
            (end % 4) * 15,
            quarters / 4,
            (quarters % 4) * 25,
            next(5),
            km_tenths / 10,
            km_tenths % 10,
        )
        .unwrap();
    }
    out.flush().unwrap();
}

/// The command as a user runs it, rendered into memory.
fn run_invoice(dir: &Path) -> Vec<u8> {
    let cli = ledger::cli::Cli::parse_from([
        "ledger".as_ref(),
        "--agreements".as_ref(),
        dir.join("agreements").as_os_str(),
        "--facts".as_ref(),
        dir.join("facts").as_os_str(),
        "invoice".as_ref(),
        "--quarter".as_ref(),
        "2018-Q1".as_ref(),
    ] as [&std::ffi::OsStr; 8]);
    let mut out = Vec::new();
    ledger::cmd::run(cli, &mut out).expect("the invoices of the fixture");
    out
}

/// The floor: split each record, parse hours and km exactly, sum them per
/// borrower. No validation, no dates, no times.
fn bare_loop(path: &Path) -> HashMap<Vec<u8>, (Decimal, Decimal)> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_path(path)
        .unwrap();
    let mut record = csv::ByteRecord::new();
    let mut sums: HashMap<Vec<u8>, (Decimal, Decimal)> = HashMap::new();
    while reader.read_byte_record(&mut record).unwrap() {
        let text = |k: usize| std::str::from_utf8(&record[k]).unwrap();
        let hours = Decimal::from_str_exact(text(5)).unwrap();
        let km = Decimal::from_str_exact(text(7)).unwrap();
        match sums.get_mut(&record[1]) {
            Some(s) => {
                s.0 += hours;
                s.1 += km;
            }
            None => {
                sums.insert(record[1].to_vec(), (hours, km));
            }
        }
    }
    sums
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn invoice(bencher: divan::Bencher) {
    let dir = fixture();
    bencher.bench(|| {
        let out = run_invoice(dir);
        assert!(out.starts_with(b"invoice bench-pool-2018-Q1-b000"));
        divan::black_box(out)
    });
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn bare_csv_decimal_loop(bencher: divan::Bencher) {
    let path = fixture().join("facts/activity.csv");
    bencher.bench(|| {
        let sums = bare_loop(&path);
        assert_eq!(sums.len(), BORROWERS);
        divan::black_box(sums)
    });
}
