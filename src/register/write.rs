//! Writing documents: number allocation, the live-invoice rule, credits, the insert.
//!
//! Every write runs inside a transaction the caller opened with
//! `BEGIN IMMEDIATE`, which takes the write lock before the next number is
//! read. Reading the series' highest number and inserting the next one are
//! therefore one atomic step: two processes can never take the same number,
//! and a rolled-back batch leaves no gap.

use std::path::Path;

use chrono::NaiveDate;
use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{params_from_iter, Connection, ErrorCode, OptionalExtension};

use super::chain::{row_hash, CHAINED_COLUMNS, GENESIS};
use super::document::{DocumentKind, Issued, NewCredit, NewInvoice, Totals};
use super::error::{classify, RegisterError};
use super::read;
use super::template::{NumberContext, NumberTemplate};

/// One row to insert, before its place (seq, number, hashes) is known.
struct Pending<'a> {
    kind: DocumentKind,
    agreement: &'a str,
    period: &'a str,
    client: &'a str,
    issuer: &'a str,
    issue_date: NaiveDate,
    due_date: NaiveDate,
    credits: Option<&'a str>,
    reason: Option<&'a str>,
    totals: &'a Totals,
    body: &'a str,
    fingerprint: &'a str,
    template: &'a NumberTemplate,
}

/// Issues one invoice, refusing when its (agreement, period, client) already
/// has a live invoice.
pub fn issue(
    conn: &Connection,
    path: &Path,
    invoice: &NewInvoice,
) -> Result<Issued, RegisterError> {
    let live = read::live_number(
        conn,
        path,
        &invoice.agreement,
        &invoice.period,
        &invoice.client,
    )?;
    if let Some(number) = live {
        return Err(RegisterError::LiveInvoiceExists {
            path: path.to_path_buf(),
            agreement: invoice.agreement.clone(),
            period: invoice.period.clone(),
            client: invoice.client.clone(),
            number,
        });
    }
    insert(
        conn,
        path,
        &Pending {
            kind: DocumentKind::Invoice,
            agreement: &invoice.agreement,
            period: &invoice.period,
            client: &invoice.client,
            issuer: &invoice.issuer,
            issue_date: invoice.issue_date,
            due_date: invoice.due_date,
            credits: None,
            reason: None,
            totals: &invoice.totals,
            body: &invoice.body,
            fingerprint: &invoice.fingerprint,
            template: &invoice.template,
        },
    )
}

/// Issues a credit note for a live invoice, with the invoice's totals negated.
/// Nothing is due on a credit note, so its due date is its issue date.
pub fn credit(conn: &Connection, path: &Path, credit: &NewCredit) -> Result<Issued, RegisterError> {
    if credit.reason.trim().is_empty() {
        return Err(RegisterError::EmptyReason {
            path: path.to_path_buf(),
        });
    }
    let invoice =
        read::get(conn, path, &credit.credits)?.ok_or_else(|| RegisterError::UnknownNumber {
            path: path.to_path_buf(),
            number: credit.credits.clone(),
        })?;
    if invoice.kind != DocumentKind::Invoice {
        return Err(RegisterError::NotAnInvoice {
            path: path.to_path_buf(),
            number: invoice.number,
        });
    }
    if let Some(existing) = invoice.credited_by {
        return Err(RegisterError::AlreadyCredited {
            path: path.to_path_buf(),
            number: invoice.number,
            credit: existing,
        });
    }
    if credit.issue_date < invoice.issue_date {
        return Err(RegisterError::CreditBeforeInvoice {
            path: path.to_path_buf(),
            number: invoice.number,
            invoice_date: invoice.issue_date,
            date: credit.issue_date,
        });
    }
    let totals = invoice.totals.negated();
    insert(
        conn,
        path,
        &Pending {
            kind: DocumentKind::Credit,
            agreement: &invoice.agreement,
            period: &invoice.period,
            client: &invoice.client,
            issuer: &invoice.issuer,
            issue_date: credit.issue_date,
            due_date: credit.issue_date,
            credits: Some(&invoice.number),
            reason: Some(&credit.reason),
            totals: &totals,
            body: &credit.body,
            fingerprint: &credit.fingerprint,
            template: credit.numbering.for_credit(),
        },
    )
}

/// Allocates the row's place, chains it to the last row and inserts it.
fn insert(conn: &Connection, path: &Path, row: &Pending<'_>) -> Result<Issued, RegisterError> {
    let (last_seq, prev_hash) =
        read::head(conn, path)?.map_or((0, GENESIS.to_owned()), |h| (h.seq, h.hash));
    let context = NumberContext {
        agreement: row.agreement,
        issuer: row.issuer,
        issue_date: row.issue_date,
    };
    let series = row.template.series(&context);
    if let Some((last, last_date)) = last_in_series(conn, &series).map_err(|e| classify(path, e))? {
        if row.issue_date < last_date {
            return Err(RegisterError::DateBeforeLast {
                path: path.to_path_buf(),
                series,
                last,
                last_date,
                date: row.issue_date,
            });
        }
    }
    let series_seq = next_in_series(conn, &series).map_err(|e| classify(path, e))?;
    let number = row.template.number(&context, series_seq);
    let seq = last_seq + 1;
    let texts = [
        row.issue_date.to_string(),
        row.due_date.to_string(),
        row.totals.excl_vat.plain(),
        row.totals.vat.plain(),
        row.totals.incl_vat.plain(),
    ];
    let values: [ValueRef<'_>; CHAINED_COLUMNS.len()] = [
        ValueRef::Integer(seq),
        text(&number),
        text(&series),
        ValueRef::Integer(series_seq),
        text(row.kind.as_str()),
        text(row.agreement),
        text(row.period),
        text(row.client),
        text(row.issuer),
        text(&texts[0]),
        text(&texts[1]),
        optional(row.credits),
        optional(row.reason),
        text(&texts[2]),
        text(&texts[3]),
        text(&texts[4]),
        text(&row.totals.currency),
        text(row.body),
        text(row.fingerprint),
    ];
    let hash = row_hash(&prev_hash, &values);
    let all = values
        .into_iter()
        .chain([text(&prev_hash), text(&hash)])
        .map(ToSqlOutput::Borrowed);
    conn.prepare_cached(INSERT)
        .and_then(|mut statement| statement.execute(params_from_iter(all)))
        .map_err(|e| insert_error(conn, path, &number, e))?;
    Ok(Issued {
        seq,
        number,
        series,
        series_seq,
        hash,
    })
}

fn text(s: &str) -> ValueRef<'_> {
    ValueRef::Text(s.as_bytes())
}

fn optional(s: Option<&str>) -> ValueRef<'_> {
    s.map_or(ValueRef::Null, text)
}

const INSERT: &str = "INSERT INTO documents (seq, number, series, series_seq, kind, agreement, \
    period, client, issuer, issue_date, due_date, credits, reason, total_excl_vat, vat, \
    total_incl_vat, currency, body, fingerprint, prev_hash, hash) \
    VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)";

/// The number and issue date of the last document of `series`, if any.
fn last_in_series(
    conn: &Connection,
    series: &str,
) -> rusqlite::Result<Option<(String, NaiveDate)>> {
    conn.prepare_cached(
        "SELECT number, issue_date FROM documents WHERE series = ?1 \
         ORDER BY series_seq DESC LIMIT 1",
    )?
    .query_row([series], |r| {
        let date: String = r.get(1)?;
        let date = date.parse::<NaiveDate>().map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(1, rusqlite::types::Type::Text, Box::new(e))
        })?;
        Ok((r.get(0)?, date))
    })
    .optional()
}

fn next_in_series(conn: &Connection, series: &str) -> rusqlite::Result<i64> {
    conn.prepare_cached("SELECT COALESCE(MAX(series_seq), 0) + 1 FROM documents WHERE series = ?1")?
        .query_row([series], |r| r.get(0))
}

/// A unique-constraint failure on insert means another template already
/// rendered this number; anything else is classified as usual.
fn insert_error(
    conn: &Connection,
    path: &Path,
    number: &str,
    error: rusqlite::Error,
) -> RegisterError {
    let taken = error.sqlite_error_code() == Some(ErrorCode::ConstraintViolation)
        && matches!(read::get(conn, path, number), Ok(Some(_)));
    if taken {
        RegisterError::NumberTaken {
            path: path.to_path_buf(),
            number: number.to_owned(),
        }
    } else {
        classify(path, error)
    }
}
