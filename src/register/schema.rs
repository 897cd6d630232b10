//! Opening a register: the file checks, the pragmas, and the schema migrations.
//!
//! As in cargo's `util/sqlite.rs`, the schema is an append-only list of
//! migrations keyed on `PRAGMA user_version`: a released migration is never
//! edited or removed, a change is a new entry at the end. They are applied in
//! one exclusive transaction, so a crash leaves either the old or the new
//! schema. Unlike cargo, a file whose `user_version` is beyond the list is
//! refused, because this binary cannot know what a newer one relies on, and
//! `PRAGMA application_id` marks the file as a ledger register so that another
//! SQLite database is refused before anything is written to it.

use std::path::Path;
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

use super::error::{classify, RegisterError};

/// `PRAGMA application_id` of a ledger register: "LDGR" in ASCII.
pub const APPLICATION_ID: i32 = 0x4c44_4752;

/// The migrations, in order; `user_version` counts how many were applied.
/// Append only.
pub const MIGRATIONS: &[&str] = &[
    // 1: the documents table, append-only by triggers.
    "CREATE TABLE documents (
        seq            INTEGER PRIMARY KEY,
        number         TEXT NOT NULL UNIQUE,
        series         TEXT NOT NULL,
        series_seq     INTEGER NOT NULL,
        kind           TEXT NOT NULL CHECK (kind IN ('invoice', 'credit')),
        agreement      TEXT NOT NULL,
        period         TEXT NOT NULL,
        client         TEXT NOT NULL,
        issuer         TEXT NOT NULL,
        issue_date     TEXT NOT NULL,
        due_date       TEXT NOT NULL,
        credits        TEXT REFERENCES documents (number),
        reason         TEXT,
        total_excl_vat TEXT NOT NULL,
        vat            TEXT NOT NULL,
        total_incl_vat TEXT NOT NULL,
        currency       TEXT NOT NULL,
        body           TEXT NOT NULL,
        fingerprint    TEXT NOT NULL,
        prev_hash      TEXT NOT NULL,
        hash           TEXT NOT NULL,
        UNIQUE (series, series_seq),
        CHECK ((kind = 'invoice') = (credits IS NULL)),
        CHECK ((kind = 'invoice') = (reason IS NULL))
    );
    -- An invoice is credited at most once.
    CREATE UNIQUE INDEX documents_credits ON documents (credits) WHERE credits IS NOT NULL;
    -- The live-invoice check looks invoices up by what they bill.
    CREATE INDEX documents_billed ON documents (agreement, period, client) WHERE kind = 'invoice';
    CREATE TRIGGER documents_no_update BEFORE UPDATE ON documents
    BEGIN
        SELECT RAISE(ABORT, 'issued documents are immutable: UPDATE refused, issue a credit note');
    END;
    CREATE TRIGGER documents_no_delete BEFORE DELETE ON documents
    BEGIN
        SELECT RAISE(ABORT, 'issued documents are immutable: DELETE refused, issue a credit note');
    END;",
];

/// The schema version this binary writes: the number of migrations.
pub fn known_version() -> i64 {
    MIGRATIONS.len() as i64
}

/// How a register is opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    /// Creates the file if it is missing and migrates it to the current schema.
    ReadWrite,
    /// Never writes; the file must exist and be current.
    ReadOnly,
}

/// Opens the connection and brings it to the current schema, or refuses.
pub fn open(path: &Path, mode: OpenMode, busy: Duration) -> Result<Connection, RegisterError> {
    let conn = connect(path, mode)?;
    let setup = |conn: &Connection| -> rusqlite::Result<()> {
        conn.busy_timeout(busy)?;
        conn.pragma_update(None, "foreign_keys", true)
    };
    setup(&conn).map_err(|e| classify(path, e))?;
    let found = check_identity(path, &conn, mode)?;
    match mode {
        OpenMode::ReadOnly if found < known_version() => Err(RegisterError::OlderSchema {
            path: path.to_path_buf(),
            found,
            known: known_version(),
        }),
        OpenMode::ReadOnly => Ok(conn),
        OpenMode::ReadWrite => {
            prepare_for_writing(path, &conn)?;
            if found < known_version() {
                migrate(&conn).map_err(|e| classify(path, e))?;
            }
            Ok(conn)
        }
    }
}

fn connect(path: &Path, mode: OpenMode) -> Result<Connection, RegisterError> {
    let flags = match mode {
        OpenMode::ReadWrite => {
            // Root ignores permission bits, so SQLite alone would happily write
            // to a file its owner marked read-only; honour the mark ourselves.
            let read_only = std::fs::metadata(path).is_ok_and(|m| m.permissions().readonly());
            if read_only {
                return Err(RegisterError::ReadOnly {
                    path: path.to_path_buf(),
                });
            }
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE
        }
        OpenMode::ReadOnly => {
            if !path.exists() {
                return Err(RegisterError::Missing {
                    path: path.to_path_buf(),
                });
            }
            OpenFlags::SQLITE_OPEN_READ_ONLY
        }
    };
    let flags = flags | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    Connection::open_with_flags(path, flags).map_err(|source| RegisterError::Open {
        path: path.to_path_buf(),
        source,
    })
}

/// Refuses a file that is not a register or is newer than this binary, and
/// returns its schema version. A new, empty database is taken as a register
/// with schema 0 (in read-write mode, which will create it).
fn check_identity(path: &Path, conn: &Connection, mode: OpenMode) -> Result<i64, RegisterError> {
    // One read transaction, so that the three values come from one state of
    // the file: read one by one, they can straddle another process's first
    // migration and show its tables without its application id.
    let read = |conn: &Connection| -> rusqlite::Result<(i32, i64, i64)> {
        let tx = rusqlite::Transaction::new_unchecked(conn, TransactionBehavior::Deferred)?;
        let objects = tx.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))?;
        let id = tx.pragma_query_value(None, "application_id", |r| r.get(0))?;
        let version = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
        tx.commit()?;
        Ok((id, version, objects))
    };
    let (id, version, objects) = read(conn).map_err(|e| classify(path, e))?;
    let not_a_register = |reason: String| RegisterError::NotARegister {
        path: path.to_path_buf(),
        reason,
    };
    if id == 0 && objects == 0 && version == 0 {
        return match mode {
            OpenMode::ReadWrite => Ok(0),
            OpenMode::ReadOnly => Err(not_a_register("the database is empty".to_owned())),
        };
    }
    if id != APPLICATION_ID {
        return Err(not_a_register(format!(
            "an SQLite database of another application (application id {id:#x})"
        )));
    }
    if version > known_version() {
        return Err(RegisterError::NewerSchema {
            path: path.to_path_buf(),
            found: version,
            known: known_version(),
        });
    }
    Ok(version)
}

/// WAL lets readers go on while one process issues; `synchronous = FULL`
/// makes every issued document durable once `issue` returns, because an
/// invoice that was sent must never vanish from the register.
fn prepare_for_writing(path: &Path, conn: &Connection) -> Result<(), RegisterError> {
    if conn
        .is_readonly(rusqlite::MAIN_DB)
        .map_err(|e| classify(path, e))?
    {
        return Err(RegisterError::ReadOnly {
            path: path.to_path_buf(),
        });
    }
    let set = |conn: &Connection| -> rusqlite::Result<String> {
        let mode: String =
            conn.pragma_update_and_check(None, "journal_mode", "wal", |r| r.get(0))?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        Ok(mode)
    };
    let mode = set(conn).map_err(|e| classify(path, e))?;
    if !mode.eq_ignore_ascii_case("wal") {
        return Err(RegisterError::NoWal {
            path: path.to_path_buf(),
            mode,
        });
    }
    Ok(())
}

/// Applies the missing migrations in one exclusive transaction. The version is
/// read again inside it, because another process may have migrated between
/// our first look and taking the lock.
fn migrate(conn: &Connection) -> rusqlite::Result<()> {
    let tx = rusqlite::Transaction::new_unchecked(conn, TransactionBehavior::Exclusive)?;
    let version: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version >= known_version() {
        return tx.commit();
    }
    for migration in MIGRATIONS
        .iter()
        .skip(usize::try_from(version).unwrap_or(0))
    {
        tx.execute_batch(migration)?;
    }
    tx.pragma_update(None, "application_id", APPLICATION_ID)?;
    tx.pragma_update(None, "user_version", known_version())?;
    tx.commit()
}
