//! `ledger invoice`: not implemented yet.

use std::io::Write;

use crate::cli::{DataArgs, InvoiceArgs};

pub fn run(_data: &DataArgs, _args: &InvoiceArgs, _out: &mut dyn Write) -> anyhow::Result<()> {
    anyhow::bail!("`ledger invoice` is not implemented yet")
}
