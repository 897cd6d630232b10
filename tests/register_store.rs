//! The register's storage layer against real SQLite files in temporary folders:
//! opening and refusing files, append-only rows, the hash chain, numbering,
//! credits, locking and concurrent writers.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use ledger::core::money::Money;
use ledger::register::{
    known_version, ChainProblem, DocumentKind, ListFilter, NewCredit, NewInvoice, NumberTemplate,
    Numbering, OpenMode, Register, RegisterError, Totals, APPLICATION_ID,
};
use rusqlite::Connection;
use tempfile::TempDir;

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

fn template(text: &str) -> NumberTemplate {
    NumberTemplate::parse(text).unwrap()
}

/// The 2018-Q1 invoice to Tholen (DOMAIN.md): 1,883.95 + 395.63 = 2,279.58.
fn totals() -> Totals {
    Totals {
        excl_vat: Money::from_cents(188_395),
        vat: Money::from_cents(39_563),
        incl_vat: Money::from_cents(227_958),
        currency: "EUR".to_owned(),
    }
}

fn invoice(period: &str, client: &str, issue_date: &str) -> NewInvoice {
    NewInvoice {
        agreement: "brp-pool".to_owned(),
        period: period.to_owned(),
        client: client.to_owned(),
        issuer: "bergen-op-zoom".to_owned(),
        issue_date: date(issue_date),
        due_date: date(issue_date) + chrono::Days::new(30),
        template: template("BOZ-{year}-{seq:04}"),
        totals: totals(),
        body: format!(r#"{{"period":"{period}","client":"{client}"}}"#),
        fingerprint: "sha256:abc".to_owned(),
    }
}

fn credit(number: &str, issue_date: &str) -> NewCredit {
    NewCredit {
        credits: number.to_owned(),
        reason: "late index figure".to_owned(),
        issue_date: date(issue_date),
        numbering: Numbering::single(template("BOZ-{year}-{seq:04}")),
        body: "{}".to_owned(),
        fingerprint: "sha256:def".to_owned(),
    }
}

struct Fixture {
    _dir: TempDir,
    path: PathBuf,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("ledger.sqlite");
    Fixture { _dir: dir, path }
}

fn open(path: &Path) -> Register {
    Register::open(path, OpenMode::ReadWrite).unwrap()
}

fn raw(path: &Path) -> Connection {
    Connection::open(path).unwrap()
}

fn numbers(register: &Register) -> Vec<String> {
    let all = register.list(&ListFilter::default()).unwrap();
    all.into_iter().map(|d| d.number).collect()
}

#[test]
fn a_new_register_has_the_current_schema_and_wal() {
    let f = fixture();
    drop(open(&f.path));
    let conn = raw(&f.path);
    let pragma = |name: &str| -> i64 { conn.pragma_query_value(None, name, |r| r.get(0)).unwrap() };
    assert_eq!(pragma("user_version"), known_version());
    assert_eq!(pragma("application_id"), i64::from(APPLICATION_ID));
    let mode: String = conn
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    drop(conn);
    // Opening again migrates nothing and keeps what was stored.
    let mut register = open(&f.path);
    register
        .issue(invoice("2018-Q1", "tholen", "2018-04-02"))
        .unwrap();
    drop(register);
    let register = Register::open(&f.path, OpenMode::ReadOnly).unwrap();
    assert_eq!(numbers(&register), ["BOZ-2018-0001"]);
}

#[test]
fn refuses_another_sqlite_database() {
    let f = fixture();
    raw(&f.path).execute_batch("CREATE TABLE t (x)").unwrap();
    let error = Register::open(&f.path, OpenMode::ReadWrite).unwrap_err();
    assert!(
        matches!(error, RegisterError::NotARegister { .. }),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        format!(
            "{} is not a ledger register: an SQLite database of another application (application id 0x0)",
            f.path.display()
        )
    );
    // Nothing was added to the foreign database.
    let tables: i64 = raw(&f.path)
        .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
        .unwrap();
    assert_eq!(tables, 1);
}

#[test]
fn refuses_a_text_file_and_leaves_it_alone() {
    let f = fixture();
    std::fs::write(&f.path, "agreement = \"brp-pool\"\n".repeat(100)).unwrap();
    for mode in [OpenMode::ReadWrite, OpenMode::ReadOnly] {
        let error = Register::open(&f.path, mode).unwrap_err();
        assert_eq!(
            error.to_string(),
            format!(
                "{} is not a ledger register: not an SQLite database",
                f.path.display()
            )
        );
    }
    let text = std::fs::read_to_string(&f.path).unwrap();
    assert!(text.starts_with("agreement = \"brp-pool\""));
}

#[test]
fn refuses_a_newer_schema() {
    let f = fixture();
    drop(open(&f.path));
    raw(&f.path)
        .pragma_update(None, "user_version", known_version() + 1)
        .unwrap();
    let error = Register::open(&f.path, OpenMode::ReadWrite).unwrap_err();
    assert_eq!(
        error.to_string(),
        format!(
            "the register {} was written by a newer ledger: schema {}, this ledger knows up to {}",
            f.path.display(),
            known_version() + 1,
            known_version()
        )
    );
}

#[test]
fn refuses_to_write_a_read_only_file_but_reads_it() {
    let f = fixture();
    open(&f.path)
        .issue(invoice("2018-Q1", "tholen", "2018-04-02"))
        .unwrap();
    let mut permissions = std::fs::metadata(&f.path).unwrap().permissions();
    permissions.set_readonly(true);
    std::fs::set_permissions(&f.path, permissions).unwrap();
    let error = Register::open(&f.path, OpenMode::ReadWrite).unwrap_err();
    assert!(matches!(error, RegisterError::ReadOnly { .. }), "{error:?}");
    assert!(error
        .to_string()
        .contains("is read-only; nothing was written"));
    let register = Register::open(&f.path, OpenMode::ReadOnly).unwrap();
    assert_eq!(numbers(&register), ["BOZ-2018-0001"]);
}

#[test]
fn a_missing_file_is_created_only_for_writing() {
    let f = fixture();
    let error = Register::open(&f.path, OpenMode::ReadOnly).unwrap_err();
    assert!(matches!(error, RegisterError::Missing { .. }), "{error:?}");
    assert!(!f.path.exists());
}

#[test]
fn refuses_a_corrupt_file() {
    let f = fixture();
    let mut register = open(&f.path);
    for quarter in 1..=4 {
        let mut big = invoice(&format!("2018-Q{quarter}"), "tholen", "2018-12-31");
        big.body = "x".repeat(20_000);
        register.issue(big).unwrap();
    }
    drop(register);
    // Keep the header page, overwrite the table's pages with garbage.
    let mut bytes = std::fs::read(&f.path).unwrap();
    assert!(bytes.len() > 16_384, "the WAL was checkpointed on close");
    for byte in &mut bytes[4096..] {
        *byte = 0xab;
    }
    std::fs::write(&f.path, bytes).unwrap();
    let error = Register::open(&f.path, OpenMode::ReadOnly)
        .and_then(|r| r.verify_chain())
        .unwrap_err();
    assert!(matches!(error, RegisterError::Corrupt { .. }), "{error:?}");
    assert!(error
        .to_string()
        .starts_with(&format!("the register {} is corrupt", f.path.display())));
}

#[test]
fn the_database_refuses_update_and_delete() {
    let f = fixture();
    open(&f.path)
        .issue(invoice("2018-Q1", "tholen", "2018-04-02"))
        .unwrap();
    let conn = raw(&f.path);
    let update = conn
        .execute("UPDATE documents SET total_incl_vat = '0.00'", [])
        .unwrap_err();
    assert!(
        update.to_string().contains("immutable: UPDATE refused"),
        "{update}"
    );
    let delete = conn.execute("DELETE FROM documents", []).unwrap_err();
    assert!(
        delete.to_string().contains("immutable: DELETE refused"),
        "{delete}"
    );
    let total: String = conn
        .query_row("SELECT total_incl_vat FROM documents", [], |r| r.get(0))
        .unwrap();
    assert_eq!(total, "2279.58");
}

/// Three invoices, then the triggers dropped as someone with raw SQL would.
fn tampered_register() -> (Fixture, Connection) {
    let f = fixture();
    let mut register = open(&f.path);
    for client in ["steenbergen", "tholen", "woensdrecht"] {
        register
            .issue(invoice("2018-Q1", client, "2018-04-02"))
            .unwrap();
    }
    assert_eq!(register.verify_chain().unwrap(), vec![]);
    drop(register);
    let conn = raw(&f.path);
    conn.execute_batch("DROP TRIGGER documents_no_update; DROP TRIGGER documents_no_delete;")
        .unwrap();
    (f, conn)
}

#[test]
fn verify_finds_a_total_edited_outside_ledger() {
    let (f, conn) = tampered_register();
    conn.execute(
        "UPDATE documents SET total_incl_vat = '1.00' WHERE seq = 2",
        [],
    )
    .unwrap();
    let problems = open(&f.path).verify_chain().unwrap();
    assert_eq!(
        problems,
        vec![ChainProblem::ContentChanged {
            seq: 2,
            number: "BOZ-2018-0002".to_owned()
        }]
    );
    assert_eq!(
        problems[0].to_string(),
        "row 2 (BOZ-2018-0002) does not match its hash: it was changed outside ledger"
    );
}

#[test]
fn verify_finds_a_deleted_row_and_the_gap_it_leaves() {
    let (f, conn) = tampered_register();
    conn.execute("DELETE FROM documents WHERE seq = 2", [])
        .unwrap();
    let problems = open(&f.path).verify_chain().unwrap();
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(matches!(
        &problems[0],
        ChainProblem::BrokenLink { seq: 3, .. }
    ));
    assert_eq!(
        problems[1],
        ChainProblem::SeriesGap {
            series: "BOZ-2018-{seq}".to_owned(),
            from: 2,
            to: 2
        }
    );
}

#[test]
fn numbers_run_per_series_and_restart_each_year() {
    let f = fixture();
    let mut register = open(&f.path);
    let issued = [
        invoice("2018-Q3", "tholen", "2018-10-01"),
        invoice("2018-Q4", "tholen", "2018-12-31"),
        invoice("2019-Q1", "tholen", "2019-04-01"),
        invoice("2019-Q1", "steenbergen", "2019-04-01"),
    ]
    .map(|i| register.issue(i).unwrap());
    let numbers: Vec<_> = issued.iter().map(|i| i.number.as_str()).collect();
    assert_eq!(
        numbers,
        [
            "BOZ-2018-0001",
            "BOZ-2018-0002",
            "BOZ-2019-0001",
            "BOZ-2019-0002"
        ]
    );
    assert_eq!(issued[2].series, "BOZ-2019-{seq}");
    assert_eq!(issued[2].series_seq, 1);
    // The default template gives each agreement its own series.
    let mut expat = invoice("2010-Q1", "almere", "2010-04-01");
    expat.agreement = "expatcenter".to_owned();
    expat.template = NumberTemplate::default_template();
    assert_eq!(
        register.issue(expat).unwrap().number,
        "expatcenter-2010-0001"
    );
}

#[test]
fn stores_the_document_exactly_as_given() {
    let f = fixture();
    let mut register = open(&f.path);
    let given = invoice("2018-Q1", "tholen", "2018-04-02");
    let issued = register.issue(given.clone()).unwrap();
    let stored = register.get(&issued.number).unwrap().unwrap();
    assert_eq!(stored.kind, DocumentKind::Invoice);
    assert_eq!(stored.totals, totals());
    assert_eq!(stored.totals.incl_vat.plain(), "2279.58");
    assert_eq!(stored.body, given.body);
    assert_eq!(stored.due_date, date("2018-05-02"));
    assert_eq!(stored.prev_hash, ledger::register::GENESIS);
    assert_eq!(stored.hash, issued.hash);
    assert!(stored.is_live_invoice());
    assert_eq!(register.get("BOZ-2018-9999").unwrap(), None);
}

#[test]
fn a_live_invoice_is_refused_until_it_is_credited() {
    let f = fixture();
    let mut register = open(&f.path);
    register
        .issue(invoice("2018-Q1", "tholen", "2018-04-02"))
        .unwrap();
    let error = register
        .issue(invoice("2018-Q1", "tholen", "2018-04-03"))
        .unwrap_err();
    assert!(
        matches!(&error, RegisterError::LiveInvoiceExists { number, .. } if number == "BOZ-2018-0001")
    );
    assert!(error.to_string().contains(
        "already has invoice BOZ-2018-0001 for agreement brp-pool, period 2018-Q1, client tholen"
    ));

    let note = register
        .credit(credit("BOZ-2018-0001", "2018-05-01"))
        .unwrap();
    assert_eq!(note.number, "BOZ-2018-0002");
    let stored = register.get(&note.number).unwrap().unwrap();
    assert_eq!(stored.kind, DocumentKind::Credit);
    assert_eq!(stored.credits.as_deref(), Some("BOZ-2018-0001"));
    assert_eq!(stored.reason.as_deref(), Some("late index figure"));
    assert_eq!(stored.totals.incl_vat.plain(), "-2279.58");
    assert_eq!(stored.period, "2018-Q1");

    let again = register
        .issue(invoice("2018-Q1", "tholen", "2018-05-01"))
        .unwrap();
    assert_eq!(again.number, "BOZ-2018-0003");
    let live: Vec<_> = register
        .live_invoices()
        .unwrap()
        .into_iter()
        .map(|d| d.number)
        .collect();
    assert_eq!(live, ["BOZ-2018-0003"]);
    let first = register.get("BOZ-2018-0001").unwrap().unwrap();
    assert_eq!(first.credited_by.as_deref(), Some("BOZ-2018-0002"));
    assert_eq!(register.verify_chain().unwrap(), vec![]);
}

#[test]
fn credits_are_refused_for_unknown_credited_and_credit_documents() {
    let f = fixture();
    let mut register = open(&f.path);
    register
        .issue(invoice("2018-Q1", "tholen", "2018-04-02"))
        .unwrap();
    let mut separate = credit("BOZ-2018-0001", "2018-05-01");
    separate.numbering.credit = Some(template("BOZ-CR-{year}-{seq:03}"));
    assert_eq!(register.credit(separate).unwrap().number, "BOZ-CR-2018-001");

    let twice = register
        .credit(credit("BOZ-2018-0001", "2018-05-02"))
        .unwrap_err();
    assert!(twice
        .to_string()
        .contains("invoice BOZ-2018-0001 in the register"));
    assert!(twice
        .to_string()
        .ends_with("was already credited by BOZ-CR-2018-001"));
    let of_credit = register
        .credit(credit("BOZ-CR-2018-001", "2018-05-02"))
        .unwrap_err();
    assert!(
        matches!(of_credit, RegisterError::NotAnInvoice { .. }),
        "{of_credit:?}"
    );
    let unknown = register
        .credit(credit("BOZ-2017-0001", "2018-05-02"))
        .unwrap_err();
    assert!(unknown
        .to_string()
        .ends_with("has no document numbered BOZ-2017-0001"));
    let mut no_reason = credit("BOZ-2018-0001", "2018-05-02");
    no_reason.reason = "  ".to_owned();
    assert!(matches!(
        register.credit(no_reason).unwrap_err(),
        RegisterError::EmptyReason { .. }
    ));
    assert_eq!(numbers(&register), ["BOZ-2018-0001", "BOZ-CR-2018-001"]);
}

#[test]
fn a_batch_is_all_or_nothing_and_preview_matches_it() {
    let f = fixture();
    let mut register = open(&f.path);
    let batch = [
        invoice("2018-Q1", "steenbergen", "2018-04-02"),
        invoice("2018-Q1", "tholen", "2018-04-02"),
        invoice("2018-Q1", "woensdrecht", "2018-04-02"),
    ];
    let bad = [batch[0].clone(), batch[1].clone(), batch[1].clone()];
    let error = register.issue_batch(&bad).unwrap_err();
    assert!(
        matches!(error, RegisterError::LiveInvoiceExists { .. }),
        "{error:?}"
    );
    assert!(numbers(&register).is_empty());
    assert!(register.preview_numbers(&bad).is_err());

    let preview = register.preview_numbers(&batch).unwrap();
    assert_eq!(preview, ["BOZ-2018-0001", "BOZ-2018-0002", "BOZ-2018-0003"]);
    assert!(numbers(&register).is_empty(), "preview wrote nothing");
    let issued = register.issue_batch(&batch).unwrap();
    let taken: Vec<_> = issued.into_iter().map(|i| i.number).collect();
    assert_eq!(taken, preview);
}

#[test]
fn list_filters_by_year_party_and_agreement() {
    let f = fixture();
    let mut register = open(&f.path);
    register
        .issue(invoice("2018-Q4", "tholen", "2018-12-31"))
        .unwrap();
    register
        .issue(invoice("2019-Q1", "tholen", "2019-04-01"))
        .unwrap();
    register
        .issue(invoice("2019-Q1", "steenbergen", "2019-04-01"))
        .unwrap();
    let list = |filter: ListFilter| -> Vec<String> {
        register
            .list(&filter)
            .unwrap()
            .into_iter()
            .map(|d| d.number)
            .collect()
    };
    let year = ListFilter {
        year: Some(2019),
        ..ListFilter::default()
    };
    assert_eq!(list(year), ["BOZ-2019-0001", "BOZ-2019-0002"]);
    let party = ListFilter {
        party: Some("tholen".into()),
        ..ListFilter::default()
    };
    assert_eq!(list(party), ["BOZ-2018-0001", "BOZ-2019-0001"]);
    let issuer = ListFilter {
        party: Some("bergen-op-zoom".into()),
        ..ListFilter::default()
    };
    assert_eq!(list(issuer).len(), 3);
    let other = ListFilter {
        agreement: Some("expatcenter".into()),
        ..ListFilter::default()
    };
    assert!(list(other).is_empty());
}

#[test]
fn a_locked_register_fails_in_bounded_time_and_writes_nothing() {
    let f = fixture();
    drop(open(&f.path));
    let holder = raw(&f.path);
    holder.execute_batch("BEGIN IMMEDIATE").unwrap();
    let mut register =
        Register::open_with_timeout(&f.path, OpenMode::ReadWrite, Duration::from_millis(300))
            .unwrap();
    let start = Instant::now();
    let error = register
        .issue(invoice("2018-Q1", "tholen", "2018-04-02"))
        .unwrap_err();
    let waited = start.elapsed();
    assert!(matches!(error, RegisterError::Locked { .. }), "{error:?}");
    assert_eq!(
        error.to_string(),
        format!(
            "the register {} is locked by another process; nothing was written",
            f.path.display()
        )
    );
    assert!(waited >= Duration::from_millis(250), "{waited:?}");
    assert!(waited < Duration::from_secs(3), "{waited:?}");
    holder.execute_batch("ROLLBACK").unwrap();
    assert!(numbers(&register).is_empty());
    // Once the lock is gone the same register writes normally, from number 1.
    let issued = register
        .issue(invoice("2018-Q1", "tholen", "2018-04-02"))
        .unwrap();
    assert_eq!(issued.number, "BOZ-2018-0001");
}

#[test]
fn parallel_writers_get_unique_numbers_without_gaps() {
    const THREADS: usize = 8;
    const EACH: usize = 50;
    let f = fixture();
    let path = f.path.clone();
    let handles: Vec<_> = (0..THREADS)
        .map(|thread| {
            let path = path.clone();
            std::thread::spawn(move || {
                // Every thread opens its own connection, racing the creation
                // and migration of the file too.
                let mut register = Register::open_with_timeout(
                    &path,
                    OpenMode::ReadWrite,
                    Duration::from_secs(30),
                )
                .unwrap();
                (0..EACH)
                    .map(|i| {
                        let client = format!("client-{thread}");
                        let period = format!("2018-{:02}-{i}", i % 12 + 1);
                        register
                            .issue(invoice(&period, &client, "2018-12-31"))
                            .unwrap()
                            .number
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let mut all: Vec<String> = handles
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .collect();
    all.sort();
    let expected: Vec<String> = (1..=THREADS * EACH)
        .map(|n| format!("BOZ-2018-{n:04}"))
        .collect();
    assert_eq!(all, expected);
    let register = open(&path);
    assert_eq!(register.verify_chain().unwrap(), vec![]);
}
