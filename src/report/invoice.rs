//! The report of `ledger invoice`: the quarter's invoices and notes, built
//! once by `core::invoice`, and their table, CSV and JSON, on stdout or one
//! file per invoice in a directory.
//!
//! The CSV columns and the JSON schema are documented in
//! `docs/invoice-formats.md`; keep that file in step with this one.

use crate::core::agreement::Unit;
use std::io::Write;
use std::path::{Path, PathBuf};

use rust_decimal::Decimal;
use serde::Serialize;

use crate::cli::{CsvDialect, Format, Locale};
use crate::core::agreement::LineKind;
use crate::core::explain::Phrase;
use crate::core::invoice::{Invoice, Note, PartyRef};
use crate::core::money::Money;

use super::lang::tables::{Run, Say};
use super::lang::{self, Label, Words};

/// The whole answer for one quarter, as JSON renders it.
#[derive(Debug, Serialize)]
pub struct InvoiceReport {
    pub quarter: String,
    pub invoices: Vec<Invoice>,
    pub notes: Vec<Note>,
}

/// The report on stdout in `format`; for CSV the notes go to stderr.
pub fn write(
    out: &mut dyn Write,
    report: &InvoiceReport,
    format: Format,
    locale: Locale,
) -> anyhow::Result<()> {
    match format {
        Format::Json => super::write_json(out, report),
        Format::Csv => {
            write_csv(out, &report.invoices)?;
            // Notes would break the CSV on stdout; they go to stderr.
            for n in &report.notes {
                eprintln!("{}", note_line(n, locale));
            }
            Ok(())
        }
        Format::Table => {
            // Written whole at the end: stdout writes each line as it ends,
            // and a run of many invoices has thousands of lines.
            let mut text = Vec::new();
            for (k, inv) in report.invoices.iter().enumerate() {
                if k > 0 {
                    writeln!(text)?;
                }
                write_table(&mut text, inv, locale)?;
            }
            if !report.notes.is_empty() && !report.invoices.is_empty() {
                writeln!(text)?;
            }
            for n in &report.notes {
                writeln!(text, "{}", note_line(n, locale))?;
            }
            out.write_all(&text)?;
            Ok(())
        }
    }
}

/// One file per invoice in `dir` (`<invoice id>.json`, `.csv` in `dialect`
/// or `.txt`), all written or none; stdout lists the files and the notes.
pub fn write_files(
    out: &mut dyn Write,
    report: &InvoiceReport,
    dir: &Path,
    (format, dialect): (Format, CsvDialect),
    locale: Locale,
    force: bool,
) -> anyhow::Result<()> {
    let files = report
        .invoices
        .iter()
        .map(|inv| invoice_file(dir, inv, (format, dialect), locale))
        .collect::<anyhow::Result<Vec<_>>>()?;
    super::files::write_all_atomic(dir, &files, force, "invoice")?;
    for (path, _) in &files {
        let wrote = Say::Run(Run::Wrote(path.display().to_string()));
        writeln!(out, "{}", lang::say(&wrote, locale))?;
    }
    for n in &report.notes {
        writeln!(out, "{}", note_line(n, locale))?;
    }
    Ok(())
}

/// A note of the report as a line: `opmerking: geen factuur voor …`.
fn note_line(n: &Note, locale: Locale) -> String {
    let label = (lang::of(locale).label)(Label::Note);
    let text = lang::period_note(&n.message, locale).render(locale);
    format!("{label}: {text}")
}

/// The path and contents of one invoice's file.
fn invoice_file(
    dir: &Path,
    inv: &Invoice,
    (format, dialect): (Format, CsvDialect),
    locale: Locale,
) -> anyhow::Result<(PathBuf, Vec<u8>)> {
    let mut bytes = Vec::new();
    let ext = match format {
        Format::Json => {
            super::write_json(&mut bytes, inv)?;
            "json"
        }
        Format::Csv => {
            write_csv(&mut bytes, std::slice::from_ref(inv))?;
            bytes = super::csv_in_dialect(&bytes, dialect)?;
            "csv"
        }
        Format::Table => {
            write_table(&mut bytes, inv, locale)?;
            "txt"
        }
    };
    Ok((dir.join(format!("{}.{ext}", inv.id)), bytes))
}

/// A unit price for people: money where it is whole cents, otherwise with
/// every decimal it has (an ORT price can have more).
fn price(d: Decimal, locale: Locale) -> String {
    let d = d.normalize();
    if d.scale() <= 2 {
        super::money(Money::round(d), locale)
    } else {
        let n = super::number(d, d.scale(), locale);
        match locale {
            Locale::Nl => format!("€ {n}"),
            Locale::En => format!("€{n}"),
        }
    }
}

/// A quantity for people: hours with 2 decimals, or as they are
/// multiplied where 2 decimals would not give the amount (`0,338709… uur`
/// of a part month: 0,34 × 57,93 would be 19,70, not the 19,62 billed);
/// anything else as it is.
fn quantity(d: Decimal, kind: LineKind, unit: Unit, locale: Locale) -> String {
    if kind == LineKind::Service || kind == LineKind::Ort || unit == Unit::Hour {
        super::lang::hours_factor(d).render(locale)
    } else {
        // Km keep the decimals the log gives them (353.0, not 353).
        super::number(d, d.scale(), locale)
    }
}

/// A line on one row of text, as `verify` shows a drifted one:
/// `Inzet … (gecontracteerde uren): 31,50 uur × € 56,96 = € 1.794,24`.
/// A percentage is written against its figure (`5% × € 1.794,24`).
pub fn line_summary(l: &crate::core::lines::Line, locale: Locale) -> String {
    let w = super::lang::of(locale);
    let space = if l.unit == Unit::Percent { "" } else { " " };
    format!(
        "{}: {}{space}{} × {} = {}",
        (w.phrase)(&l.description).render(locale),
        quantity(l.quantity, l.kind, l.unit, locale),
        (w.unit)(l.unit),
        price(l.unit_price, locale),
        super::money(l.amount, locale)
    )
}

fn party_line(p: &PartyRef, words: &Words) -> String {
    let role = p
        .role_label
        .as_ref()
        .map_or(String::new(), |r| format!(" ({r})"));
    let address = p
        .address
        .clone()
        .unwrap_or_else(|| (words.label)(Label::NoAddress).into());
    format!("{}{role}, {address}", p.name)
}

/// One invoice as a human table, with its explanations when they were kept.
pub fn write_table(out: &mut dyn Write, inv: &Invoice, locale: Locale) -> anyhow::Result<()> {
    write_table_as(out, inv, (Label::Invoice, None), locale)
}

/// The table of `inv`, headed as `title` (an invoice, or a stored credit
/// note read back from the register), its explanations under `stored`
/// when they are the text stored with an issued document.
pub fn write_table_as(
    out: &mut dyn Write,
    inv: &Invoice,
    (title, stored): (Label, Option<&Say>),
    locale: Locale,
) -> anyhow::Result<()> {
    let w = lang::of(locale);
    let heads = [
        Label::Agreement,
        Label::Period,
        Label::Issuer,
        Label::Recipient,
    ];
    // The values line up after the longest head of the language.
    let width = heads
        .iter()
        .map(|l| (w.label)(*l).chars().count() + 2)
        .max()
        .unwrap_or(0);
    let head = |l: Label| format!("{:<width$}", (w.label)(l));
    writeln!(out, "{} {}", (w.label)(title), inv.id)?;
    let (agreement, period) = (head(Label::Agreement), head(Label::Period));
    writeln!(
        out,
        "  {agreement}{} ({})",
        inv.agreement_title, inv.agreement
    )?;
    writeln!(
        out,
        "  {period}{} – {} ({})",
        inv.period_start, inv.period_end, inv.period
    )?;
    writeln!(
        out,
        "  {}{}",
        head(Label::Issuer),
        party_line(&inv.issuer, w)
    )?;
    let recipient = party_line(&inv.recipient, w);
    writeln!(out, "  {}{recipient}", head(Label::Recipient))?;
    writeln!(
        out,
        "{}",
        super::fitted(lines_table(inv, locale), &[], locale)
    )?;
    for v in &inv.totals.vat {
        if let Some(reason) = &v.reason {
            let vat = (w.phrase)(&Phrase::Vat).render(locale);
            writeln!(out, "  {vat} {}: {reason}", (w.vat_category)(v.category))?;
        }
    }
    let note = (w.label)(Label::Note);
    for n in &inv.notes {
        writeln!(out, "  {note}: {}", (w.invoice_note)(n).render(locale))?;
    }
    if !inv.explanations.is_empty() {
        writeln!(out, "{}:", (w.label)(Label::Explanation))?;
        if let Some(s) = stored {
            writeln!(out, "  ({})", lang::say(s, locale))?;
        }
        for e in &inv.explanations {
            lang::write_explanation(out, e, locale)?;
        }
    }
    Ok(())
}

/// A row with only a label and an amount: subtotal, totals and VAT.
fn sum_row(label: &str, amount: Money, locale: Locale) -> [String; 6] {
    let blank = String::new;
    [
        label.to_string(),
        blank(),
        blank(),
        blank(),
        super::money(amount, locale),
        blank(),
    ]
}

/// The invoice lines, the subtotal before the fees, VAT and the totals.
fn lines_table(inv: &Invoice, locale: Locale) -> super::HouseTable {
    let m = |x: Money| super::money(x, locale);
    let w = lang::of(locale);
    let label = |l: Label| (w.label)(l);
    let mut t = super::table();
    t.set_header(vec![
        label(Label::Description),
        label(Label::Quantity),
        label(Label::Unit),
        label(Label::UnitPrice),
        label(Label::Amount),
        label(Label::Article),
    ]);
    let subtotal = label(Label::Subtotal);
    let mut subtotal_shown = false;
    for l in &inv.lines {
        if l.kind == LineKind::Fee && !subtotal_shown {
            t.add_row(sum_row(subtotal, inv.subtotal, locale));
            subtotal_shown = true;
        }
        t.add_row([
            (w.phrase)(&l.description).render(locale),
            quantity(l.quantity, l.kind, l.unit, locale),
            (w.unit)(l.unit).to_string(),
            price(l.unit_price, locale),
            m(l.amount),
            l.article.to_string(),
        ]);
    }
    if !subtotal_shown {
        t.add_row(sum_row(subtotal, inv.subtotal, locale));
    }
    let excl = label(Label::TotalExclVat);
    t.add_row(sum_row(excl, inv.totals.total_excl_vat, locale));
    for v in &inv.totals.vat {
        let row = (w.vat_row)(v).render(locale);
        t.add_row(sum_row(&row, v.amount, locale));
    }
    let incl = label(Label::TotalInclVat);
    t.add_row(sum_row(incl, inv.totals.total_incl_vat, locale));
    super::align_right(&mut t, &[1, 3, 4]);
    t
}

/// One CSV row per invoice line, the invoice's keys repeated on each row.
#[derive(Debug, Serialize)]
struct CsvRow<'a> {
    invoice_id: &'a str,
    agreement: &'a str,
    quarter: String,
    period_start: String,
    period_end: String,
    issuer_id: &'a str,
    issuer_name: &'a str,
    issuer_address: &'a str,
    recipient_id: &'a str,
    recipient_name: &'a str,
    recipient_address: &'a str,
    line: usize,
    kind: LineKind,
    description: String,
    quantity: String,
    unit: Unit,
    unit_price: String,
    amount: Money,
    article: &'a str,
    vat_category: &'a str,
    vat_percent: String,
    subtotal: Money,
    fees: Money,
    total_excl_vat: Money,
    vat_total: Money,
    total_incl_vat: Money,
}

/// One CSV row per invoice line; the header alone when there is none.
pub fn write_csv(out: &mut dyn Write, invoices: &[Invoice]) -> anyhow::Result<()> {
    let mut w = super::csv_writer(out);
    if invoices.is_empty() {
        // The header alone still says what the columns are.
        w.write_record(CSV_COLUMNS)?;
    }
    for inv in invoices {
        for row in csv_rows(inv) {
            w.serialize(row)?;
        }
    }
    w.flush()?;
    Ok(())
}

/// A stored document's own columns, written before the invoice's by
/// `register show --format csv`: its legal number, whether it is an
/// invoice or a credit note, its dates and the invoice it credits.
#[derive(Debug, Serialize)]
pub struct StoredColumns<'a> {
    pub number: &'a str,
    pub document_kind: crate::register::DocumentKind,
    pub issue_date: &'a str,
    pub due_date: &'a str,
    pub credits: &'a str,
}

/// The rows of [`write_csv`] for one stored document, each after the
/// document's own columns.
pub fn write_stored_csv(
    out: &mut dyn Write,
    stored: &StoredColumns<'_>,
    inv: &Invoice,
) -> anyhow::Result<()> {
    let mut w = super::csv_writer(out);
    for row in csv_rows(inv) {
        w.serialize((stored, row))?;
    }
    w.flush()?;
    Ok(())
}

/// The CSV rows of one invoice: one per line, the invoice's keys repeated.
fn csv_rows(inv: &Invoice) -> impl Iterator<Item = CsvRow<'_>> {
    // Every line of an agreement falls in its one VAT category.
    let (category, percent) = inv
        .totals
        .vat
        .first()
        .map_or(("", Decimal::ZERO), |v| (v.category.as_str(), v.percent));
    inv.lines.iter().enumerate().map(move |(k, l)| CsvRow {
        invoice_id: &inv.id,
        agreement: &inv.agreement,
        quarter: inv.period.to_string(),
        period_start: inv.period_start.to_string(),
        period_end: inv.period_end.to_string(),
        issuer_id: &inv.issuer.id,
        issuer_name: &inv.issuer.name,
        issuer_address: inv.issuer.address.as_deref().unwrap_or(""),
        recipient_id: &inv.recipient.id,
        recipient_name: &inv.recipient.name,
        recipient_address: inv.recipient.address.as_deref().unwrap_or(""),
        line: k + 1,
        kind: l.kind,
        description: lang::machine(&l.description),
        quantity: crate::core::text::quantity_text(l),
        unit: l.unit,
        unit_price: crate::core::text::price_text(l.unit_price),
        amount: l.amount,
        article: &l.article.0,
        vat_category: category,
        vat_percent: percent.normalize().to_string(),
        subtotal: inv.subtotal,
        fees: inv.fees,
        total_excl_vat: inv.totals.total_excl_vat,
        vat_total: inv.totals.vat_total,
        total_incl_vat: inv.totals.total_incl_vat,
    })
}

/// The CSV header, in the order of `CsvRow`.
const CSV_COLUMNS: [&str; 26] = [
    "invoice_id",
    "agreement",
    "quarter",
    "period_start",
    "period_end",
    "issuer_id",
    "issuer_name",
    "issuer_address",
    "recipient_id",
    "recipient_name",
    "recipient_address",
    "line",
    "kind",
    "description",
    "quantity",
    "unit",
    "unit_price",
    "amount",
    "article",
    "vat_category",
    "vat_percent",
    "subtotal",
    "fees",
    "total_excl_vat",
    "vat_total",
    "total_incl_vat",
];
