//! `ledger`: an agreement ledger and billing calculator for Dutch
//! inter-municipal agreements.
//!
//! The crate is split the way ARCHITECTURE.md describes: a pure `core`
//! (money, dates, agreements and the calculations on them), `load` (TOML and
//! CSV in, validated domain types out, every error with its source location),
//! `report` (report data and its renderers) and `cmd` (one module per
//! subcommand). The binary in `main.rs` only parses arguments and dispatches.

pub mod cli;
pub mod cmd;
pub mod core;
pub mod load;
pub mod register;
pub mod report;
