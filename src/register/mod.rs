//! The invoice register: every issued invoice and credit note, in SQLite.
//!
//! The register is an edge like `load` and `report`: it stores documents the
//! core computed and hands them back; the core never touches it. One table,
//! `documents`, is append-only: triggers make the database itself refuse
//! UPDATE and DELETE, a correction is a credit note that refers to the
//! invoice, and each row carries a SHA-256 chained to the previous row's (see
//! `chain`), so that an edit made outside ledger shows in
//! [`Register::verify_chain`].
//!
//! Numbers are allocated per series (see `template`) inside the same
//! `BEGIN IMMEDIATE` transaction as the insert, so parallel processes never
//! share a number and a failed write leaves no gap. Every function that can
//! fail returns a [`RegisterError`] that names the register file.

pub mod body;
mod chain;
mod document;
mod error;
mod read;
mod schema;
mod template;
mod write;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, Transaction, TransactionBehavior};

pub use chain::{ChainProblem, Head, GENESIS};
pub use document::{Document, DocumentKind, Issued, ListFilter, NewCredit, NewInvoice, Totals};
pub use error::RegisterError;
pub use schema::{known_version, OpenMode, APPLICATION_ID};
pub use template::{NumberContext, NumberTemplate, Numbering, TemplateError, DEFAULT_TEMPLATE};

use error::classify;

/// The register file used when none is given.
pub const DEFAULT_FILE: &str = "ledger.sqlite";

/// How long a write waits for another process's lock before giving up.
pub const DEFAULT_BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// An open register.
#[derive(Debug)]
pub struct Register {
    conn: Connection,
    path: PathBuf,
}

impl Register {
    /// Opens (in [`OpenMode::ReadWrite`], creates) the register at `path`,
    /// waiting at most [`DEFAULT_BUSY_TIMEOUT`] for a lock.
    ///
    /// Fails when the file is not a ledger register, is corrupt, has a newer
    /// schema, is read-only while writing is asked, or stays locked.
    pub fn open(path: impl AsRef<Path>, mode: OpenMode) -> Result<Register, RegisterError> {
        Register::open_with_timeout(path, mode, DEFAULT_BUSY_TIMEOUT)
    }

    /// [`Register::open`] with another busy timeout (tests use a short one).
    pub fn open_with_timeout(
        path: impl AsRef<Path>,
        mode: OpenMode,
        busy: Duration,
    ) -> Result<Register, RegisterError> {
        let path = path.as_ref().to_path_buf();
        let conn = schema::open(&path, mode, busy)?;
        Ok(Register { conn, path })
    }

    /// The register file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Issues one invoice with the next number of its series.
    ///
    /// Fails when its (agreement, period, client) already has a live invoice,
    /// naming that invoice's number; nothing is written then.
    pub fn issue(&mut self, invoice: NewInvoice) -> Result<Issued, RegisterError> {
        let mut issued = self.issue_batch(std::slice::from_ref(&invoice))?;
        Ok(issued.remove(0))
    }

    /// Issues several invoices in one transaction: all of them or none.
    ///
    /// Fails as [`Register::issue`] does for any one of them, including two
    /// invoices of the batch that bill the same (agreement, period, client).
    pub fn issue_batch(&mut self, invoices: &[NewInvoice]) -> Result<Vec<Issued>, RegisterError> {
        let path = &self.path;
        let tx = Transaction::new(&mut self.conn, TransactionBehavior::Immediate)
            .map_err(|e| classify(path, e))?;
        let issued = invoices
            .iter()
            .map(|invoice| write::issue(&tx, path, invoice))
            .collect::<Result<Vec<_>, _>>()?;
        tx.commit().map_err(|e| classify(path, e))?;
        Ok(issued)
    }

    /// The numbers a batch would take, checked exactly as
    /// [`Register::issue_batch`] checks it, without writing anything: the batch
    /// is written in a transaction that is rolled back. It takes the write lock
    /// for that moment, so the register must be open for writing.
    pub fn preview_numbers(&self, invoices: &[NewInvoice]) -> Result<Vec<String>, RegisterError> {
        let path = &self.path;
        let tx = Transaction::new_unchecked(&self.conn, TransactionBehavior::Immediate)
            .map_err(|e| classify(path, e))?;
        let numbers = invoices
            .iter()
            .map(|invoice| write::issue(&tx, path, invoice).map(|issued| issued.number))
            .collect::<Result<Vec<_>, _>>()?;
        tx.rollback().map_err(|e| classify(path, e))?;
        Ok(numbers)
    }

    /// Issues a credit note that negates the totals of invoice
    /// `credit.credits` in full; the period can then be issued again.
    ///
    /// Fails on an unknown number, a credit note, an invoice that was already
    /// credited, or an empty reason.
    pub fn credit(&mut self, credit: NewCredit) -> Result<Issued, RegisterError> {
        let path = &self.path;
        let tx = Transaction::new(&mut self.conn, TransactionBehavior::Immediate)
            .map_err(|e| classify(path, e))?;
        let issued = write::credit(&tx, path, &credit)?;
        tx.commit().map_err(|e| classify(path, e))?;
        Ok(issued)
    }

    /// The document with this number, if there is one.
    pub fn get(&self, number: &str) -> Result<Option<Document>, RegisterError> {
        read::get(&self.conn, &self.path, number)
    }

    /// The documents that match `filter`, in the order issued.
    pub fn list(&self, filter: &ListFilter) -> Result<Vec<Document>, RegisterError> {
        read::list(&self.conn, &self.path, filter)
    }

    /// Every invoice that has not been credited, in the order issued.
    pub fn live_invoices(&self) -> Result<Vec<Document>, RegisterError> {
        read::live_invoices(&self.conn, &self.path)
    }

    /// The last row, to keep outside the register (see [`Head`]).
    pub fn head(&self) -> Result<Option<Head>, RegisterError> {
        read::head(&self.conn, &self.path)
    }

    /// Whether some row's hash is `hash` (or begins with it).
    pub fn has_hash(&self, hash: &str) -> Result<bool, RegisterError> {
        read::has_hash(&self.conn, &self.path, hash)
    }

    /// Everything wrong with the hash chain and the numbering; empty when the
    /// register is intact. Fails only when the register cannot be read.
    pub fn verify_chain(&self) -> Result<Vec<ChainProblem>, RegisterError> {
        read::verify_chain(&self.conn, &self.path)
    }
}
