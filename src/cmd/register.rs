//! `ledger register list` and `ledger register show NUMBER`: the stored
//! documents, read back and rendered, never recomputed. The register is
//! opened read-only, so these commands never write to it.

use std::io::Write;

use anyhow::Context;

use crate::cli::{RegisterCommand, RegisterListArgs, RegisterShowArgs};
use crate::register::{body, ListFilter, OpenMode, RegisterError};
use crate::report::register::{self as view, DocRow, ShowReport};

pub fn run(
    register: &super::RegisterFile,
    command: &RegisterCommand,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    match command {
        RegisterCommand::List(args) => list(register, args, out),
        RegisterCommand::Show(args) => show(register, args, out),
    }
}

fn list(
    register: &super::RegisterFile,
    args: &RegisterListArgs,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let reg = register.open(OpenMode::ReadOnly)?;
    let filter = ListFilter {
        year: args.year,
        party: args.party.clone(),
        agreement: args.agreement.clone(),
    };
    let rows: Vec<DocRow> = reg.list(&filter)?.iter().map(DocRow::of_document).collect();
    view::write_list(out, &rows, args.format, args.locale)
}

fn show(
    register: &super::RegisterFile,
    args: &RegisterShowArgs,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let reg = register.open(OpenMode::ReadOnly)?;
    let doc = reg
        .get(&args.number)?
        .ok_or_else(|| RegisterError::UnknownNumber {
            path: register.path.clone(),
            number: args.number.clone(),
        })?;
    let (mut invoice, _) = body::from_body(&doc.body).with_context(|| {
        format!(
            "cannot read document {} of the register {} back",
            doc.number,
            register.path.display()
        )
    })?;
    // The whole document is stored; without --explain it is shown as
    // `ledger invoice` shows it without --explain.
    if !args.output.explain {
        invoice.explanations.clear();
    }
    let report = ShowReport::of(&doc, invoice);
    view::write_show(out, &report, args.output.format, args.output.locale)
}
