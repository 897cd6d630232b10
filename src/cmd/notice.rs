//! `ledger notice`: not implemented yet.

use std::io::Write;

use crate::cli::{DataArgs, NoticeArgs};

pub fn run(_data: &DataArgs, _args: &NoticeArgs, _out: &mut dyn Write) -> anyhow::Result<()> {
    anyhow::bail!("`ledger notice` is not implemented yet")
}
