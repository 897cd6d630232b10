//! `ledger credit NUMBER --reason "…"`: a credit note that negates an issued
//! invoice in full, with its own number, so that the period can be issued
//! again. The credit note is built from the stored invoice, never from a
//! recomputation: it takes back exactly what was sent.

use std::io::Write;

use anyhow::Context;

use crate::cli::{CreditArgs, DataArgs};
use crate::register::{body, NewCredit, Numbering, OpenMode, RegisterError};
use crate::report::lang::tables::Say;
use crate::report::register::{self as view, DocRow, IssueReport};

pub fn run(
    data: &DataArgs,
    register: &super::RegisterFile,
    args: &CreditArgs,
    locale: crate::cli::Locale,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let issue_date = args
        .date
        .unwrap_or_else(|| super::issue::today(&args.today));
    let mut reg = register.open(OpenMode::ReadWrite)?;
    let invoice = reg
        .get(&args.number)?
        .ok_or_else(|| RegisterError::UnknownNumber {
            path: register.path.clone(),
            number: args.number.clone(),
        })?;
    let (stored, _) = body::from_body(&invoice.body)
        .with_context(|| format!("cannot read invoice {} back", invoice.number))?;
    let note = body::credit_note(&stored, &invoice.number, args.reason.trim());
    let credit_ref = body::CreditRef {
        credits: invoice.number.clone(),
        reason: args.reason.trim().to_owned(),
    };
    let numbering = numbering_for(data, &invoice.agreement)?;
    let issued = reg.credit(NewCredit {
        credits: invoice.number.clone(),
        reason: args.reason.trim().to_owned(),
        issue_date,
        numbering,
        body: body::to_body(&note, Some(&credit_ref)),
        // The credit note takes back what was sent, so it carries the
        // fingerprint of the inputs the invoice was computed from.
        fingerprint: invoice.fingerprint.clone(),
    })?;
    let credited = reg
        .get(&issued.number)?
        .context("the credit note just issued cannot be read back")?;
    let report = IssueReport {
        register: register.path.display().to_string(),
        dry_run: false,
        quarter: invoice.period.clone(),
        documents: vec![DocRow::of_document(&credited)],
        notes: vec![Say::IssueAgain {
            period: invoice.period.clone(),
            agreement: invoice.agreement.clone(),
            client: invoice.client.clone(),
        }
        .into()],
    };
    view::write_issue(out, &report, locale)
}

/// The issuer's number templates. The agreement must still be loadable: its
/// `[billing]` says which series the credit note takes.
fn numbering_for(data: &DataArgs, agreement: &str) -> anyhow::Result<Numbering> {
    let dataset = super::load_dataset(data)?;
    let entry = dataset.require(agreement)?;
    super::issue::numbering(entry)
}
