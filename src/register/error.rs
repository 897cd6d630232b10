//! The register's errors: one typed enum, every message naming the register file.
//!
//! SQLite reports most trouble as a generic error code; [`classify`] turns the
//! codes a user can act on (locked, corrupt, not a database, read-only) into
//! their own variants so that the message says what happened and what did not.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rusqlite::ErrorCode;
use thiserror::Error;

/// Everything that can go wrong when opening, writing or reading a register.
///
/// Each variant carries the register's path, so that a message printed on its
/// own still says which file it is about.
#[derive(Debug, Error)]
pub enum RegisterError {
    /// The file could not be opened or created at all (missing folder, no
    /// permission).
    #[error("cannot open the register {}: {source}", path.display())]
    Open {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },

    /// A register opened read-only does not exist.
    #[error("the register {} does not exist", path.display())]
    Missing { path: PathBuf },

    /// The file is not a ledger register: another SQLite database, an empty
    /// one opened read-only, or not SQLite at all.
    #[error("{} is not a ledger register: {reason}", path.display())]
    NotARegister { path: PathBuf, reason: String },

    /// The schema is newer than this binary knows; writing to it could break
    /// what the newer version relies on.
    #[error(
        "the register {} was written by a newer ledger: schema {found}, this ledger knows up to {known}",
        path.display()
    )]
    NewerSchema {
        path: PathBuf,
        found: i64,
        known: i64,
    },

    /// A register opened read-only still has an older schema; it must be
    /// opened for writing once so that its migrations run.
    #[error(
        "the register {} has schema {found} and needs migrating to {known}; open it for writing first",
        path.display()
    )]
    OlderSchema {
        path: PathBuf,
        found: i64,
        known: i64,
    },

    /// The file cannot be written (read-only file or file system).
    #[error("the register {} is read-only; nothing was written", path.display())]
    ReadOnly { path: PathBuf },

    /// The file system does not support the WAL journal (a network share, for
    /// instance), so concurrent use would not be safe.
    #[error(
        "the register {} cannot use the WAL journal (SQLite chose {mode:?}); keep it on a local disk",
        path.display()
    )]
    NoWal { path: PathBuf, mode: String },

    /// Another process held the write lock for longer than the busy timeout.
    #[error(
        "the register {} is locked by another process; nothing was written",
        path.display()
    )]
    Locked { path: PathBuf },

    /// SQLite found the file damaged.
    #[error("the register {} is corrupt: {detail}", path.display())]
    Corrupt { path: PathBuf, detail: String },

    /// A stored value does not parse back (a date or an amount), which only an
    /// edit outside ledger can cause.
    #[error(
        "the register {} holds a bad value in row {seq}, column {column}: {value:?}",
        path.display()
    )]
    BadValue {
        path: PathBuf,
        seq: i64,
        column: &'static str,
        value: String,
    },

    /// The (agreement, period, client) already has an invoice that was not
    /// credited.
    #[error(
        "the register {} already has invoice {number} for agreement {agreement}, period {period}, client {client}; credit it first to issue a corrected one",
        path.display()
    )]
    LiveInvoiceExists {
        path: PathBuf,
        agreement: String,
        period: String,
        client: String,
        number: String,
    },

    /// No document has this number.
    #[error("the register {} has no document numbered {number}", path.display())]
    UnknownNumber { path: PathBuf, number: String },

    /// Only an invoice can be credited, not a credit note.
    #[error(
        "{number} in the register {} is a credit note; only an invoice can be credited",
        path.display()
    )]
    NotAnInvoice { path: PathBuf, number: String },

    /// The invoice already has a credit note.
    #[error(
        "invoice {number} in the register {} was already credited by {credit}",
        path.display()
    )]
    AlreadyCredited {
        path: PathBuf,
        number: String,
        credit: String,
    },

    /// A credit note cannot be dated before the invoice it takes back.
    #[error(
        "a credit note dated {date} would come before invoice {number} of {invoice_date}, which it credits; give a --date on or after {invoice_date}; nothing was written to the register {}",
        path.display()
    )]
    CreditBeforeInvoice {
        path: PathBuf,
        number: String,
        invoice_date: NaiveDate,
        date: NaiveDate,
    },

    /// The numbers of a series follow their dates: a document cannot be
    /// dated before the last one of its series.
    #[error(
        "the issue date {date} lies before {last_date}, the date of {last}, the last number of series {series}: the numbers of a series follow their dates; give a --date on or after {last_date}; nothing was written to the register {}",
        path.display()
    )]
    DateBeforeLast {
        path: PathBuf,
        series: String,
        last: String,
        last_date: NaiveDate,
        date: NaiveDate,
    },

    /// A credit note needs a reason, for the controller and the client.
    #[error("a credit note needs a reason; nothing was written to the register {}", path.display())]
    EmptyReason { path: PathBuf },

    /// Two number templates rendered the same number.
    #[error(
        "the number {number} is already taken in the register {} (do two number templates overlap?)",
        path.display()
    )]
    NumberTaken { path: PathBuf, number: String },

    /// Any other SQLite failure.
    #[error("the register {}: {source}", path.display())]
    Sqlite {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
}

/// Turns a SQLite error into the variant a user can act on.
pub(crate) fn classify(path: &Path, source: rusqlite::Error) -> RegisterError {
    let path = path.to_path_buf();
    match source.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => RegisterError::Locked { path },
        Some(ErrorCode::DatabaseCorrupt) => RegisterError::Corrupt {
            path,
            detail: source.to_string(),
        },
        Some(ErrorCode::NotADatabase) => RegisterError::NotARegister {
            path,
            reason: "not an SQLite database".to_owned(),
        },
        Some(ErrorCode::ReadOnly) => RegisterError::ReadOnly { path },
        _ => RegisterError::Sqlite { path, source },
    }
}
