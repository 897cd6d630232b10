//! The reports of the register commands: what `issue` and `credit` recorded
//! (or, with `--dry-run`, would record), `register list`, and `register show`,
//! which renders a stored document through the renderers of `ledger invoice`
//! (`report::invoice`), so that it reads exactly as it did when it was issued.
//!
//! The CSV columns and JSON schemas are documented in
//! `docs/register-formats.md`; keep that file in step with this one.

use std::io::Write;

use serde::Serialize;

use crate::cli::{Format, Locale};
use crate::core::invoice::Invoice;
use crate::core::money::Money;
use crate::register::{Document, DocumentKind, NewInvoice};
use crate::report::lang::tables::{Heading, Say};
use crate::report::lang::{heading, say};
use crate::report::text::Text;

/// One document as a row of a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocRow {
    pub number: String,
    pub kind: DocumentKind,
    pub agreement: String,
    pub period: String,
    pub client: String,
    pub issuer: String,
    pub issue_date: String,
    pub due_date: String,
    /// For a credit note: the invoice it credits.
    pub credits: Option<String>,
    /// For an invoice: the credit note that credited it.
    pub credited_by: Option<String>,
    pub total_excl_vat: Money,
    pub vat: Money,
    pub total_incl_vat: Money,
    pub currency: String,
}

impl DocRow {
    /// The row of an invoice about to be issued as `number`.
    pub fn of_new(n: &NewInvoice, number: &str) -> DocRow {
        DocRow {
            number: number.to_owned(),
            kind: DocumentKind::Invoice,
            agreement: n.agreement.clone(),
            period: n.period.clone(),
            client: n.client.clone(),
            issuer: n.issuer.clone(),
            issue_date: n.issue_date.to_string(),
            due_date: n.due_date.to_string(),
            credits: None,
            credited_by: None,
            total_excl_vat: n.totals.excl_vat,
            vat: n.totals.vat,
            total_incl_vat: n.totals.incl_vat,
            currency: n.totals.currency.clone(),
        }
    }

    /// The row of a stored document.
    pub fn of_document(d: &Document) -> DocRow {
        DocRow {
            number: d.number.clone(),
            kind: d.kind,
            agreement: d.agreement.clone(),
            period: d.period.clone(),
            client: d.client.clone(),
            issuer: d.issuer.clone(),
            issue_date: d.issue_date.to_string(),
            due_date: d.due_date.to_string(),
            credits: d.credits.clone(),
            credited_by: d.credited_by.clone(),
            total_excl_vat: d.totals.excl_vat,
            vat: d.totals.vat,
            total_incl_vat: d.totals.incl_vat,
            currency: d.totals.currency.clone(),
        }
    }
}

/// What `issue` or `credit` recorded, or would record with `--dry-run`.
#[derive(Debug, Serialize)]
pub struct IssueReport {
    pub register: String,
    pub dry_run: bool,
    pub quarter: String,
    pub documents: Vec<DocRow>,
    pub notes: Vec<Text>,
}

/// The issue report as a table, with a first line that says what happened.
pub fn write_issue(out: &mut dyn Write, r: &IssueReport, locale: Locale) -> anyhow::Result<()> {
    let count = r.documents.len();
    let credit = r.documents.first().map(|d| d.kind) == Some(DocumentKind::Credit);
    let (period, register) = (r.quarter.clone(), r.register.clone());
    let line = if r.dry_run {
        Say::WouldIssue {
            count,
            credit,
            period,
            register,
        }
    } else if count == 0 {
        Say::NothingToIssue { period, register }
    } else {
        Say::Issued {
            count,
            credit,
            register,
        }
    };
    writeln!(out, "{}", say(&line, locale))?;
    if count > 0 {
        writeln!(out, "{}", rows_table(&r.documents, locale))?;
    }
    for note in &r.notes {
        let label = super::lang::heading(Heading::Note, locale);
        writeln!(out, "{label}: {}", note.render(locale))?;
    }
    Ok(())
}

/// The documents as a table: `€ 1.883,95` per locale. Where the width is
/// short, the agreement, kind, dates and VAT are left out first (see
/// `report::fitted`).
fn rows_table(rows: &[DocRow], locale: Locale) -> String {
    use Heading as H;
    let mut t = super::table();
    let columns = [
        H::Number,
        H::Kind,
        H::Agreement,
        H::Period,
        H::Client,
        H::Issued,
        H::Due,
        H::ExclVat,
        H::Vat,
        H::InclVat,
        H::Credit,
    ];
    t.set_header(columns.map(|h| heading(h, locale)));
    for r in rows {
        let link = match (&r.credits, &r.credited_by) {
            (Some(c), _) => say(&Say::Credits(c.clone()), locale),
            (None, Some(by)) => say(&Say::CreditedBy(by.clone()), locale),
            (None, None) => String::new(),
        };
        let kind = say(&Say::DocumentKind(r.kind), locale);
        t.add_row([
            r.number.clone(),
            kind,
            r.agreement.clone(),
            r.period.clone(),
            r.client.clone(),
            r.issue_date.clone(),
            r.due_date.clone(),
            super::money(r.total_excl_vat, locale),
            super::money(r.vat, locale),
            super::money(r.total_incl_vat, locale),
            link,
        ]);
    }
    super::align_right(&mut t, &[7, 8, 9]);
    super::keep_whole(&mut t, &[0, 3, 4, 5, 6]);
    // Left out first what the number and the others imply; the amount
    // excluding VAT and the period last, before a credit note's link would
    // be cut mid-number.
    super::fitted(t, &[2, 1, 6, 5, 8, 7, 3], locale)
}

/// `register list` in `format`; an empty register says so in a table.
pub fn write_list(
    out: &mut dyn Write,
    rows: &[DocRow],
    format: Format,
    locale: Locale,
) -> anyhow::Result<()> {
    match format {
        Format::Json => super::write_json(out, rows),
        Format::Csv => {
            let mut w = super::csv_writer(out);
            if rows.is_empty() {
                w.write_record(LIST_COLUMNS)?;
            }
            for r in rows {
                w.serialize(r)?;
            }
            w.flush()?;
            Ok(())
        }
        Format::Table if rows.is_empty() => {
            writeln!(out, "{}", say(&Say::NoDocuments, locale))?;
            Ok(())
        }
        Format::Table => {
            writeln!(out, "{}", rows_table(rows, locale))?;
            Ok(())
        }
    }
}

/// The CSV header of `register list`, in the order of `DocRow`.
const LIST_COLUMNS: [&str; 14] = [
    "number",
    "kind",
    "agreement",
    "period",
    "client",
    "issuer",
    "issue_date",
    "due_date",
    "credits",
    "credited_by",
    "total_excl_vat",
    "vat",
    "total_incl_vat",
    "currency",
];

/// One stored document: its place in the register and the invoice as sent.
#[derive(Debug, Serialize)]
pub struct ShowReport {
    #[serde(flatten)]
    pub row: DocRow,
    pub series: String,
    pub reason: Option<String>,
    pub fingerprint: String,
    pub hash: String,
    pub document: Invoice,
}

impl ShowReport {
    pub fn of(d: &Document, document: Invoice) -> ShowReport {
        ShowReport {
            row: DocRow::of_document(d),
            series: d.series.clone(),
            reason: d.reason.clone(),
            fingerprint: d.fingerprint.clone(),
            hash: d.hash.clone(),
            document,
        }
    }
}

/// `register show` in `format`: the register's header, then the document
/// through the invoice renderers. CSV is the invoice CSV, one row per line.
pub fn write_show(
    out: &mut dyn Write,
    r: &ShowReport,
    format: Format,
    locale: Locale,
) -> anyhow::Result<()> {
    match format {
        Format::Json => super::write_json(out, r),
        Format::Csv => {
            let stored = super::invoice::StoredColumns {
                number: &r.row.number,
                document_kind: r.row.kind,
                issue_date: &r.row.issue_date,
                due_date: &r.row.due_date,
                credits: r.row.credits.as_deref().unwrap_or(""),
            };
            super::invoice::write_stored_csv(out, &stored, &r.document)
        }
        Format::Table => {
            let kind = r.row.kind;
            let title = Say::StoredTitle {
                kind,
                number: r.row.number.clone(),
                series: r.series.clone(),
            };
            writeln!(out, "{}", say(&title, locale))?;
            let (issued, due) = (r.row.issue_date.clone(), r.row.due_date.clone());
            writeln!(out, "  {}", say(&Say::IssuedDue { issued, due }, locale))?;
            if let Some(c) = &r.row.credits {
                let reason = r.reason.clone().unwrap_or_default();
                let credits = c.clone();
                writeln!(
                    out,
                    "  {}",
                    say(&Say::CreditsBecause { credits, reason }, locale)
                )?;
            }
            if let Some(by) = &r.row.credited_by {
                writeln!(out, "  {}", say(&Say::CreditedBy(by.clone()), locale))?;
            }
            let label = match kind {
                DocumentKind::Invoice => super::lang::Label::Invoice,
                DocumentKind::Credit => super::lang::Label::CreditNote,
            };
            // An issued document never changes: its explanation is the
            // text stored at issue, in the words and figures of then.
            let stored = Say::StoredExplanation {
                issued: r.row.issue_date.clone(),
            };
            super::invoice::write_table_as(out, &r.document, (label, Some(&stored)), locale)
        }
    }
}
