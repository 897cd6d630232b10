//! Benchmark of the register: 10,000 invoices issued into a fresh register in
//! a temporary folder, first one transaction each (as 10,000 `ledger issue`
//! runs of one invoice would commit them), then 100 per transaction (as
//! `ledger issue --quarter` commits a quarter of a 100-borrower pool), each
//! followed by one `verify_chain` over all of them.
//!
//! It is a measurement, not a test: plain wall-clock timing, printed. Every
//! commit is durable (`synchronous = FULL` in WAL mode), so the figure
//! includes one fsync per invoice and depends on the disk. The body is a JSON
//! document of about 2 KB, the size of a quarterly invoice with explanations.
//!
//! Run with `cargo bench --bench register`; `REGISTER_BENCH_COUNT=N` issues N
//! invoices instead.

use std::time::Instant;

use chrono::{Days, NaiveDate};
use ledger::core::money::Money;
use ledger::register::{NewInvoice, NumberTemplate, OpenMode, Register, Totals};

const DEFAULT_COUNT: usize = 10_000;

/// Invoices per transaction in the second run: `ledger issue --quarter`
/// records every invoice of the run in one transaction, and a pool of 100
/// borrowers issues 100 invoices a quarter.
const BATCH: usize = 100;

fn main() {
    let count = std::env::var("REGISTER_BENCH_COUNT")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(DEFAULT_COUNT);
    for batch in [1, BATCH] {
        run(count, batch);
    }
}

/// Issues `count` invoices into a fresh register, `batch` per transaction,
/// then verifies the chain, and prints the time per invoice and the size.
fn run(count: usize, batch: usize) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("ledger.sqlite");
    let mut register = Register::open(&path, OpenMode::ReadWrite).expect("a fresh register");
    let invoices: Vec<NewInvoice> = (0..count).map(invoice).collect();

    let start = Instant::now();
    for chunk in invoices.chunks(batch) {
        if batch == 1 {
            register.issue(chunk[0].clone()).expect("issue");
        } else {
            register.issue_batch(chunk).expect("issue a batch");
        }
    }
    let issuing = start.elapsed();

    let start = Instant::now();
    let problems = register.verify_chain().expect("verify");
    let verifying = start.elapsed();
    assert!(problems.is_empty(), "{problems:?}");
    drop(register);

    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    let per_invoice = issuing.as_micros() / count.max(1) as u128;
    let how = if batch == 1 {
        "one transaction each".to_string()
    } else {
        format!("{batch} per transaction, as `ledger issue` commits a quarter")
    };
    println!("register: {count} invoices issued in {issuing:?}, {how}");
    println!(
        "register: {}.{:03} ms per invoice (goal: under 2 ms)",
        per_invoice / 1000,
        per_invoice % 1000
    );
    println!("register: verify_chain over {count} rows in {verifying:?}");
    println!(
        "register: file size {size} bytes ({} KiB, {} bytes per invoice)",
        size / 1024,
        size / count.max(1) as u64
    );
}

/// The `i`-th invoice: a quarterly invoice body of about 2 KB.
fn invoice(i: usize) -> NewInvoice {
    let issue_date = NaiveDate::from_ymd_opt(2018, 4, 2).expect("a date");
    let body = format!(
        r#"{{"lines":[{}]}}"#,
        r#"{"text":"toezicht BRP","hours":"31.50","price":"56.96","amount":"1794.24"},"#.repeat(25)
    );
    NewInvoice {
        agreement: "brp-pool".to_owned(),
        period: format!("2018-Q{}", i % 4 + 1),
        client: format!("client-{i}"),
        issuer: "bergen-op-zoom".to_owned(),
        issue_date,
        due_date: issue_date + Days::new(30),
        template: NumberTemplate::parse("BOZ-{year}-{seq:05}").expect("a valid template"),
        totals: Totals {
            excl_vat: Money::from_cents(188_395),
            vat: Money::from_cents(39_563),
            incl_vat: Money::from_cents(227_958),
            currency: "EUR".to_owned(),
        },
        body,
        fingerprint: format!("sha256:{i:064}"),
    }
}
