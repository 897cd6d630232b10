//! `ledger deadlines`: not implemented yet.

use std::io::Write;

use crate::cli::{DataArgs, DeadlinesArgs};

pub fn run(_data: &DataArgs, _args: &DeadlinesArgs, _out: &mut dyn Write) -> anyhow::Result<()> {
    anyhow::bail!("`ledger deadlines` is not implemented yet")
}
