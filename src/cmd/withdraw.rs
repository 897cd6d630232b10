//! `ledger withdraw`: not implemented yet.

use std::io::Write;

use crate::cli::{DataArgs, WithdrawArgs};

pub fn run(_data: &DataArgs, _args: &WithdrawArgs, _out: &mut dyn Write) -> anyhow::Result<()> {
    anyhow::bail!("`ledger withdraw` is not implemented yet")
}
