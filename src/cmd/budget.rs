//! `ledger budget`: not implemented yet.

use std::io::Write;

use crate::cli::{BudgetArgs, DataArgs};

pub fn run(_data: &DataArgs, _args: &BudgetArgs, _out: &mut dyn Write) -> anyhow::Result<()> {
    anyhow::bail!("`ledger budget` is not implemented yet")
}
