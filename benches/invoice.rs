//! The honest bench: `invoice`, `settle`, `budget` and `check` against a
//! bare single-threaded `csv::ByteRecord` + `Decimal::from_str_exact` loop,
//! samples interleaved in one run, so that a change in the machine's speed
//! lands on both sides of a ratio instead of in it.
//!
//! Every sample is a child process: the real `ledger` binary as a user runs
//! it, or this bench re-run as the bare loop (`--bare-loop LOG`), both under
//! `/usr/bin/time` where it exists, for their peak resident memory. A round
//! is `bare invoice bare settle bare budget bare check`; each command's
//! ratio in a round is its time over the bare sample just before it. Each
//! ratio is reported as the median over the rounds with its range.
//!
//! The fixture is generated, deterministically, never committed: a
//! BRP-style agreement with 300 borrowers, a facts file naming the log, and
//! a log spread over 2018. The scaling table covers 100,000 and 1,000,000
//! rows, and 10,000,000 when `LEDGER_BENCH_10M=1` (about 420 MB of log in
//! a temporary directory, and minutes). Where valgrind is installed, the
//! instructions per row are counted with callgrind by the difference
//! between a 50,000- and a 150,000-row log (both below the parallel
//! threshold, so one thread), for the bare loop, `invoice` and `check`;
//! on the 50,000-row log also the fixed cost of the invoices (`invoice`
//! less `invoice --party` for one borrower, which reads the same rows) and
//! `settle --party` for one borrower.
//!
//! Environment: `LEDGER_BENCH_ROUNDS` (rounds per size, default 5),
//! `LEDGER_BENCH_10M=1`, `LEDGER_BENCH_CALLGRIND=0` (skip the counts),
//! `LEDGER_BENCH_TABLE=FILE` (also write the table there as Markdown).
//! `INVOICE_BENCH_WRITE=DIR INVOICE_BENCH_ROWS=N` writes a fixture to `DIR`
//! and exits.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use rust_decimal::Decimal;

/// The number of borrowers in the generated agreement.
const BORROWERS: usize = 300;

/// The commands measured, with their arguments after the data options.
const COMMANDS: [(&str, &[&str]); 4] = [
    ("invoice", &["invoice", "--quarter", "2018-Q1"]),
    ("settle", &["settle", "--year", "2018"]),
    ("budget", &["budget", "--year", "2018"]),
    ("check", &["check"]),
];

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--bare-loop") {
        let sums = bare_loop(Path::new(&args[i + 1]));
        assert_eq!(sums.len(), BORROWERS);
        println!("{}", sums.len());
        return;
    }
    if let Ok(dir) = std::env::var("INVOICE_BENCH_WRITE") {
        let rows = env_number("INVOICE_BENCH_ROWS").unwrap_or(1_000_000);
        let dir = PathBuf::from(dir);
        std::fs::create_dir_all(&dir).expect("create the fixture directory");
        write_fixture(&dir, rows);
        println!("wrote a fixture of {rows} rows to {}", dir.display());
        return;
    }
    // `cargo test --benches` runs a bench once as a test: nothing to time.
    if !args.iter().any(|a| a == "--bench") {
        return;
    }
    let rounds = env_number("LEDGER_BENCH_ROUNDS").unwrap_or(5).max(1);
    let mut sizes = vec![100_000, 1_000_000];
    if std::env::var("LEDGER_BENCH_10M").is_ok_and(|v| v == "1") {
        sizes.push(10_000_000);
    }
    println!("{}", conditions());
    if std::env::var("LEDGER_BENCH_CALLGRIND").map_or(true, |v| v != "0") {
        instructions_per_row();
    }
    let mut table = String::from(
        "| rows | bare loop (median) | invoice ÷ bare | settle ÷ bare | budget ÷ bare | check ÷ bare | peak RSS bare / invoice / settle / budget / check |\n\
         |---:|---:|---|---|---|---|---|\n",
    );
    for rows in sizes {
        let line = scale_row(rows, rounds);
        println!("{line}");
        table.push_str(&line);
        table.push('\n');
    }
    println!("\n{table}");
    if let Ok(path) = std::env::var("LEDGER_BENCH_TABLE") {
        let text = format!("{}\n\n{table}", conditions());
        std::fs::write(&path, text).expect("write the table");
    }
}

fn env_number(name: &str) -> Option<usize> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}

/// The machine and its load when the run starts, for the record.
fn conditions() -> String {
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let load: Vec<&str> = load.split_whitespace().take(3).collect();
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".to_string());
    format!(
        "machine: {cores} cores ({cpu}); load average {} at the start",
        load.join(" ")
    )
}

/// The ledger binary cargo built for this bench.
fn ledger() -> &'static str {
    env!("CARGO_BIN_EXE_ledger")
}

/// A command of the bench: the bare loop (this executable) or `ledger`.
fn command(dir: &Path, which: Option<&[&str]>) -> Command {
    match which {
        None => {
            let mut c = Command::new(std::env::current_exe().expect("the bench executable"));
            c.arg("--bare-loop").arg(dir.join("facts/activity.csv"));
            c
        }
        Some(args) => {
            let mut c = Command::new(ledger());
            c.arg("--agreements")
                .arg(dir.join("agreements"))
                .arg("--facts")
                .arg(dir.join("facts"))
                .args(args);
            c
        }
    }
}

/// One sample: the wall time in seconds and the peak resident memory in
/// KiB (`None` without `/usr/bin/time`). Panics when the command fails.
fn sample(dir: &Path, which: Option<&[&str]>) -> (f64, Option<u64>) {
    let inner = command(dir, which);
    let rss_file = dir.join("rss.txt");
    let timed = Path::new("/usr/bin/time").exists();
    let mut c = if timed {
        let mut c = Command::new("/usr/bin/time");
        c.arg("-f").arg("%M").arg("-o").arg(&rss_file);
        c.arg(inner.get_program()).args(inner.get_args());
        c
    } else {
        inner
    };
    c.stdout(Stdio::null()).stderr(Stdio::piped());
    let start = Instant::now();
    let out = c.output().expect("run the command");
    let seconds = start.elapsed().as_secs_f64();
    assert!(
        out.status.success(),
        "{:?} failed: {}",
        which,
        String::from_utf8_lossy(&out.stderr)
    );
    let rss = timed
        .then(|| std::fs::read_to_string(&rss_file).ok())
        .flatten()
        .and_then(|t| t.lines().last().and_then(|l| l.trim().parse().ok()));
    (seconds, rss)
}

/// The row of the scaling table for a generated log of `rows` rows.
fn scale_row(rows: usize, rounds: usize) -> String {
    let dir = tempfile::tempdir().expect("a temporary directory");
    write_fixture(dir.path(), rows);
    // One unmeasured pass of everything warms the page cache.
    sample(dir.path(), None);
    for (_, args) in COMMANDS {
        sample(dir.path(), Some(args));
    }
    let mut bare = Vec::new();
    let mut ratios: Vec<Vec<f64>> = vec![Vec::new(); COMMANDS.len()];
    let mut rss: Vec<Option<u64>> = vec![None; COMMANDS.len() + 1];
    let mut keep = |slot: usize, r: Option<u64>| {
        rss[slot] = rss[slot].max(r);
    };
    for round in 0..rounds {
        for (k, (_, args)) in COMMANDS.iter().enumerate() {
            let (b, b_rss) = sample(dir.path(), None);
            let (t, t_rss) = sample(dir.path(), Some(args));
            bare.push(b);
            ratios[k].push(t / b);
            keep(0, b_rss);
            keep(k + 1, t_rss);
        }
        eprintln!("{rows} rows: round {} of {rounds} done", round + 1);
    }
    let mut line = format!("| {rows} | {:.3} s |", median(&mut bare));
    for r in &mut ratios {
        let (lo, hi) = range(r);
        write!(line, " {:.2}× ({lo:.2}–{hi:.2}) |", median(r)).unwrap();
    }
    let mib: Vec<String> = rss
        .iter()
        .map(|r| r.map_or("–".to_string(), |k| format!("{:.1}", k as f64 / 1024.0)))
        .collect();
    write!(line, " {} MiB |", mib.join(" / ")).unwrap();
    line
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

fn range(v: &[f64]) -> (f64, f64) {
    let lo = v.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    (lo, hi)
}

/// Instructions per row by callgrind's difference between two log sizes,
/// where valgrind is installed: the fixed cost (start, loading, rendering)
/// cancels out.
fn instructions_per_row() {
    let available = Command::new("valgrind")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !available {
        println!("instructions per row: valgrind is not installed, not counted");
        return;
    }
    let (small, large) = (50_000, 150_000);
    let dirs: Vec<tempfile::TempDir> = [small, large]
        .iter()
        .map(|&rows| {
            let d = tempfile::tempdir().expect("a temporary directory");
            write_fixture(d.path(), rows);
            d
        })
        .collect();
    let mut which: Vec<(&str, Option<&[&str]>)> = vec![("bare loop", None)];
    which.push(("invoice", Some(COMMANDS[0].1)));
    which.push(("check", Some(COMMANDS[3].1)));
    for (name, args) in which {
        let counts: Vec<Option<u64>> = dirs.iter().map(|d| callgrind(d.path(), args)).collect();
        match (counts[0], counts[1]) {
            (Some(a), Some(b)) => println!(
                "instructions per row, {name}: {} (callgrind, ({b} − {a}) ÷ {} rows)",
                (b.saturating_sub(a)) / (large - small) as u64,
                large - small
            ),
            _ => println!("instructions per row, {name}: callgrind gave no count"),
        }
    }
    fixed_cost(dirs[0].path(), small);
}

/// The fixed cost of building and printing the quarter's invoices above
/// reading the log: `invoice` for all 300 borrowers less `invoice --party`
/// for one, which reads and validates the same rows (callgrind counts).
fn fixed_cost(dir: &Path, rows: usize) {
    let all: &[&str] = COMMANDS[0].1;
    let one: &[&str] = &["invoice", "--quarter", "2018-Q1", "--party", "b000"];
    let settle_one: &[&str] = &["settle", "--year", "2018", "--party", "b000"];
    let [all, one, settle_one] = [all, one, settle_one].map(|args| callgrind(dir, Some(args)));
    match (all, one) {
        (Some(all), Some(one)) => println!(
            "fixed cost of the other {} invoices: {} instructions (callgrind, invoice {all} − invoice --party {one}, {rows} rows)",
            BORROWERS - 1,
            all.saturating_sub(one)
        ),
        _ => println!("fixed cost of the invoices: callgrind gave no count"),
    }
    match settle_one {
        Some(n) => println!("settle --party, one of {BORROWERS} borrowers: {n} instructions (callgrind, {rows} rows)"),
        None => println!("settle --party: callgrind gave no count"),
    }
}

/// The instructions callgrind collected for one command.
fn callgrind(dir: &Path, which: Option<&[&str]>) -> Option<u64> {
    let inner = command(dir, which);
    let out = Command::new("valgrind")
        .arg("--tool=callgrind")
        .arg("--callgrind-out-file=/dev/null")
        .arg(inner.get_program())
        .args(inner.get_args())
        .stdout(Stdio::null())
        .output()
        .ok()?;
    let text = String::from_utf8_lossy(&out.stderr);
    let line = text.lines().find(|l| l.contains("Collected :"))?;
    line.rsplit(':').next()?.trim().parse().ok()
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

[take_or_pay]
article = "Art. 13 lid 2"
settlement_article = "Art. 12 lid 3"
overuse_article = "Art. 4 lid 3"
shortfall_article = "Art. 4 lid 2"

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
/// supervisors, so the log gives no supervisor warnings, and no row repeats
/// another. At about nine rows per borrower and day (a million rows) most
/// shifts overlap another of their borrower: those warnings are capped per
/// borrower (`load::shifts::TOLD`), so they cost little.
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
    // The rows of the current day, so that no row repeats another (a
    // repeat is an error); a repeat is drawn again.
    let (mut today, mut seen) = (u32::MAX, std::collections::HashSet::new());
    for i in 0..rows {
        let day = (i as u64 * 365 / rows as u64) as u32;
        if day != today {
            (today, seen) = (day, std::collections::HashSet::new());
        }
        let date = first + chrono::Days::new(u64::from(day));
        let row = loop {
            let row = random_row(&mut next, borrower(i % BORROWERS));
            if seen.insert(row.clone()) {
                break row;
            }
        };
        writeln!(out, "{date},{row}").unwrap();
    }
    out.flush().unwrap();
}

/// A row of `who` after its date: a quarter-hour start between 06:00 and
/// 16:45, 1 to 4 hours long, two supervisors outside 07:00–18:00.
fn random_row(next: &mut impl FnMut(u64) -> u64, who: String) -> String {
    let start = 24 + next(44) as u32;
    let length = 4 + next(13) as u32;
    let end = start + length;
    let outside = start < 28 || end > 72;
    let supervisors = if outside { 2 } else { 1 + next(2) as u32 };
    let quarters = length * supervisors;
    let km_tenths = (200 + next(300)) * u64::from(supervisors);
    format!(
        "{who},{:02}:{:02},{:02}:{:02},{supervisors},{}.{:02},{},{}.{}",
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
}

/// The floor: split each record, parse hours and km exactly, sum them per
/// borrower. No validation, no dates, no times, one thread.
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
