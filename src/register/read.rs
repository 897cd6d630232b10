//! Reading documents back, and the chain and numbering checks of `verify`.
//!
//! Stored text is parsed back into dates and exact amounts; a value that does
//! not parse can only come from an edit outside ledger and is reported as
//! [`RegisterError::BadValue`] with its row and column, never a panic.

use std::path::Path;

use chrono::NaiveDate;
use rusqlite::types::ValueRef;
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::core::money::Money;

use super::chain::{row_hash, series_problems, ChainProblem, Head, SeriesEntry, CHAINED_COLUMNS};
use super::document::{Document, DocumentKind, ListFilter, Totals};
use super::error::{classify, RegisterError};

/// The columns of [`Document`], in its field order, plus the number of the
/// credit note that credited the row (if any).
const SELECT: &str = "SELECT d.seq, d.number, d.series, d.series_seq, d.kind, d.agreement, \
    d.period, d.client, d.issuer, d.issue_date, d.due_date, d.credits, d.reason, \
    d.total_excl_vat, d.vat, d.total_incl_vat, d.currency, d.body, d.fingerprint, \
    d.prev_hash, d.hash, (SELECT c.number FROM documents c WHERE c.credits = d.number) \
    FROM documents d";

/// The document with this number, if any.
pub fn get(
    conn: &Connection,
    path: &Path,
    number: &str,
) -> Result<Option<Document>, RegisterError> {
    let sql = format!("{SELECT} WHERE d.number = ?1");
    let found = conn
        .prepare_cached(&sql)
        .and_then(|mut s| s.query_row([number], |r| Ok(document(path, r))).optional())
        .map_err(|e| classify(path, e))?;
    found.transpose()
}

/// The documents that match the filter, in the order they were issued.
pub fn list(
    conn: &Connection,
    path: &Path,
    filter: &ListFilter,
) -> Result<Vec<Document>, RegisterError> {
    let sql = format!(
        "{SELECT} WHERE (?1 IS NULL OR substr(d.issue_date, 1, 4) = ?1) \
         AND (?2 IS NULL OR d.client = ?2 OR d.issuer = ?2) \
         AND (?3 IS NULL OR d.agreement = ?3) ORDER BY d.seq"
    );
    let year = filter.year.map(|y| format!("{y:04}"));
    query(
        conn,
        path,
        &sql,
        params![year, filter.party, filter.agreement],
    )
}

/// Every invoice that no credit note has credited, in the order issued.
pub fn live_invoices(conn: &Connection, path: &Path) -> Result<Vec<Document>, RegisterError> {
    let sql = format!(
        "{SELECT} WHERE d.kind = 'invoice' \
         AND NOT EXISTS (SELECT 1 FROM documents c WHERE c.credits = d.number) ORDER BY d.seq"
    );
    query(conn, path, &sql, params![])
}

/// The number of the live invoice for (agreement, period, client), if any.
pub fn live_number(
    conn: &Connection,
    path: &Path,
    agreement: &str,
    period: &str,
    client: &str,
) -> Result<Option<String>, RegisterError> {
    conn.prepare_cached(
        "SELECT d.number FROM documents d WHERE d.kind = 'invoice' \
         AND d.agreement = ?1 AND d.period = ?2 AND d.client = ?3 \
         AND NOT EXISTS (SELECT 1 FROM documents c WHERE c.credits = d.number) LIMIT 1",
    )
    .and_then(|mut s| {
        s.query_row([agreement, period, client], |r| r.get(0))
            .optional()
    })
    .map_err(|e| classify(path, e))
}

fn query(
    conn: &Connection,
    path: &Path,
    sql: &str,
    params: impl rusqlite::Params,
) -> Result<Vec<Document>, RegisterError> {
    let rows: Vec<Result<Document, RegisterError>> = conn
        .prepare_cached(sql)
        .and_then(|mut s| s.query_map(params, |r| Ok(document(path, r)))?.collect())
        .map_err(|e| classify(path, e))?;
    rows.into_iter().collect()
}

/// One row of [`SELECT`] as a document. The outer error is SQLite's (a column
/// of the wrong type), the inner one a value that does not parse.
fn document(path: &Path, r: &Row<'_>) -> Result<Document, RegisterError> {
    let sql = |e| classify(path, e);
    let seq: i64 = r.get(0).map_err(sql)?;
    let text = |i: usize| -> Result<String, RegisterError> { r.get(i).map_err(sql) };
    let bad = |column: &'static str, value: &str| RegisterError::BadValue {
        path: path.to_path_buf(),
        seq,
        column,
        value: value.to_owned(),
    };
    let date = |i: usize, column| -> Result<NaiveDate, RegisterError> {
        let value = text(i)?;
        NaiveDate::parse_from_str(&value, "%Y-%m-%d").map_err(|_| bad(column, &value))
    };
    let money = |i: usize, column| -> Result<Money, RegisterError> {
        let value = text(i)?;
        Money::parse(&value).map_err(|_| bad(column, &value))
    };
    let kind_text = text(4)?;
    Ok(Document {
        seq,
        number: text(1)?,
        series: text(2)?,
        series_seq: r.get(3).map_err(sql)?,
        kind: DocumentKind::parse(&kind_text).ok_or_else(|| bad("kind", &kind_text))?,
        agreement: text(5)?,
        period: text(6)?,
        client: text(7)?,
        issuer: text(8)?,
        issue_date: date(9, "issue_date")?,
        due_date: date(10, "due_date")?,
        credits: r.get(11).map_err(sql)?,
        reason: r.get(12).map_err(sql)?,
        totals: Totals {
            excl_vat: money(13, "total_excl_vat")?,
            vat: money(14, "vat")?,
            incl_vat: money(15, "total_incl_vat")?,
            currency: text(16)?,
        },
        body: text(17)?,
        fingerprint: text(18)?,
        prev_hash: text(19)?,
        hash: text(20)?,
        credited_by: r.get(21).map_err(sql)?,
    })
}

/// The last row: its seq, number and hash; `None` for an empty register.
/// The insert chains each new row to it.
pub fn head(conn: &Connection, path: &Path) -> Result<Option<Head>, RegisterError> {
    conn.prepare_cached("SELECT seq, number, hash FROM documents ORDER BY seq DESC LIMIT 1")
        .and_then(|mut statement| {
            statement
                .query_row([], |r| {
                    Ok(Head {
                        seq: r.get(0)?,
                        number: r.get(1)?,
                        hash: r.get(2)?,
                    })
                })
                .optional()
        })
        .map_err(|e| classify(path, e))
}

/// Whether a row's hash is `hash` or starts with it (a prefix as `verify`
/// users may copy it; the caller checks its length).
pub fn has_hash(conn: &Connection, path: &Path, hash: &str) -> Result<bool, RegisterError> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM documents WHERE substr(hash, 1, length(?1)) = ?1)",
        [hash],
        |r| r.get(0),
    )
    .map_err(|e| classify(path, e))
}

/// Walks every row in order: its content against its hash, its `prev_hash`
/// against the previous row's hash, then the numbering of every series.
///
/// The values are hashed as SQLite returns them, without parsing, so that a
/// row whose values no longer parse is still checked (and found).
pub fn verify_chain(conn: &Connection, path: &Path) -> Result<Vec<ChainProblem>, RegisterError> {
    let sql = format!(
        "SELECT {}, prev_hash, hash FROM documents ORDER BY seq",
        CHAINED_COLUMNS.join(", ")
    );
    let mut statement = conn.prepare(&sql).map_err(|e| classify(path, e))?;
    let mut rows = statement.query([]).map_err(|e| classify(path, e))?;
    let mut problems = Vec::new();
    let mut entries = Vec::new();
    let mut expected_prev = super::chain::GENESIS.to_owned();
    while let Some(row) = rows.next().map_err(|e| classify(path, e))? {
        let checked = check_row(row, &expected_prev).map_err(|e| classify(path, e))?;
        problems.extend(checked.problems);
        entries.push(checked.entry);
        expected_prev = checked.hash;
    }
    problems.extend(series_problems(&entries));
    Ok(problems)
}

struct CheckedRow {
    problems: Vec<ChainProblem>,
    entry: SeriesEntry,
    hash: String,
}

fn check_row(row: &Row<'_>, expected_prev: &str) -> rusqlite::Result<CheckedRow> {
    let n = CHAINED_COLUMNS.len();
    let values = (0..n)
        .map(|i| row.get_ref(i))
        .collect::<rusqlite::Result<Vec<ValueRef<'_>>>>()?;
    let lossy = |v: ValueRef<'_>| match v {
        ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
        ValueRef::Integer(i) => i.to_string(),
        other => format!("{other:?}"),
    };
    let seq = row.get_ref(0)?.as_i64().unwrap_or(0);
    let number = lossy(values[1]);
    let prev_hash = lossy(row.get_ref(n)?);
    let hash = lossy(row.get_ref(n + 1)?);
    let mut problems = Vec::new();
    if prev_hash != expected_prev {
        problems.push(ChainProblem::BrokenLink {
            seq,
            number: number.clone(),
            expected: expected_prev.to_owned(),
            found: prev_hash.clone(),
        });
    }
    if row_hash(&prev_hash, &values) != hash {
        problems.push(ChainProblem::ContentChanged {
            seq,
            number: number.clone(),
        });
    }
    let entry = SeriesEntry {
        series: lossy(values[2]),
        series_seq: values[3].as_i64().unwrap_or(0),
        number,
    };
    Ok(CheckedRow {
        problems,
        entry,
        hash,
    })
}
