//! `ledger register list` and `ledger register show NUMBER`: the stored
//! documents, read back and rendered, never recomputed. The register is
//! opened read-only, so these commands never write to it.

use std::io::Write;

use anyhow::Context;

use crate::cli::{
    DataArgs, DocumentFormat, Format, Locale, RegisterCommand, RegisterListArgs, RegisterShowArgs,
};
use crate::register::{
    body, Document, DocumentKind, ListFilter, OpenMode, Register, RegisterError,
};
use crate::report::register::{self as view, DocRow, ShowReport};
use crate::report::ubl::{self, Issue};

pub fn run(
    data: &DataArgs,
    register: &super::RegisterFile,
    command: &RegisterCommand,
    locale: Locale,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    match command {
        RegisterCommand::List(args) => list(register, args, locale, out),
        RegisterCommand::Show(args) => match report_format(args.format) {
            Some(format) => show(register, args, format, locale, out),
            None => show_ubl(data, register, args, out),
        },
    }
}

fn list(
    register: &super::RegisterFile,
    args: &RegisterListArgs,
    locale: Locale,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let reg = register.open(OpenMode::ReadOnly)?;
    let filter = ListFilter {
        year: args.year,
        party: args.party.clone(),
        agreement: args.agreement.clone(),
    };
    let rows: Vec<DocRow> = reg.list(&filter)?.iter().map(DocRow::of_document).collect();
    view::write_list(out, &rows, args.format, locale)
}

fn show(
    register: &super::RegisterFile,
    args: &RegisterShowArgs,
    format: Format,
    locale: Locale,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    // One CSV row per line leaves no place for an explanation.
    if args.explain && format == Format::Csv {
        anyhow::bail!("--explain needs --format table or json; CSV has one row per line and no room for explanations");
    }
    let reg = register.open(OpenMode::ReadOnly)?;
    let doc = get(&reg, register, &args.number)?;
    let mut invoice = invoice_of(register, &doc)?;
    // The whole document is stored; without --explain it is shown as
    // `ledger invoice` shows it without --explain.
    if !args.explain {
        invoice.explanations.clear();
    }
    let report = ShowReport::of(&doc, invoice);
    view::write_show(out, &report, format, locale)
}

/// The report format of `--format`; `None` for UBL, which is no report.
fn report_format(f: DocumentFormat) -> Option<Format> {
    match f {
        DocumentFormat::Table => Some(Format::Table),
        DocumentFormat::Csv => Some(Format::Csv),
        DocumentFormat::Json => Some(Format::Json),
        DocumentFormat::Ubl => None,
    }
}

/// `register show NUMBER --format ubl`: the stored document as a UBL
/// e-invoice on stdout, with the parties' details from today's facts. A
/// credit note is written from the invoice it credits (in full), whose
/// stored body holds the amounts as the credit note states them.
fn show_ubl(
    data: &DataArgs,
    register: &super::RegisterFile,
    args: &RegisterShowArgs,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    if args.explain {
        anyhow::bail!(
            "--explain needs --format table or json; a UBL document has no room for explanations"
        );
    }
    let reg = register.open(OpenMode::ReadOnly)?;
    let doc = get(&reg, register, &args.number)?;
    let credited = match (&doc.kind, &doc.credits) {
        (DocumentKind::Credit, Some(number)) => Some(get(&reg, register, number)?),
        _ => None,
    };
    let issue = Issue::of_document(&doc, credited.as_ref())?;
    let invoice = invoice_of(register, credited.as_ref().unwrap_or(&doc))?;
    let dataset = super::load_dataset(data)?;
    let entry = dataset.require(&doc.agreement)?;
    let profile = super::issue::profile(args.profile);
    ubl::write(&invoice, &issue, &entry.facts.party_details, profile, out)?;
    Ok(())
}

/// The document with this number, or an error naming the register.
fn get(reg: &Register, register: &super::RegisterFile, number: &str) -> anyhow::Result<Document> {
    Ok(reg
        .get(number)?
        .ok_or_else(|| RegisterError::UnknownNumber {
            path: register.path.clone(),
            number: number.to_string(),
        })?)
}

/// The invoice a stored document's body holds.
fn invoice_of(
    register: &super::RegisterFile,
    doc: &Document,
) -> anyhow::Result<crate::core::invoice::Invoice> {
    let (invoice, _) = body::from_body(&doc.body).with_context(|| {
        format!(
            "cannot read document {} of the register {} back",
            doc.number,
            register.path.display()
        )
    })?;
    Ok(invoice)
}
