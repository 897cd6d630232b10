//! `ledger settle`: not implemented yet.

use std::io::Write;

use crate::cli::{DataArgs, SettleArgs};

pub fn run(_data: &DataArgs, _args: &SettleArgs, _out: &mut dyn Write) -> anyhow::Result<()> {
    anyhow::bail!("`ledger settle` is not implemented yet")
}
