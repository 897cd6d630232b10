//! `ledger withdraw --agreement ID --party NAME --effective DATE`: the
//! compensation for an early withdrawal (DOMAIN rule 8). This module loads
//! and computes; the report and its renderers are in `report::withdraw`.

use std::io::Write;

use rust_decimal::Decimal;

use crate::cli::{DataArgs, Format, Locale, WithdrawArgs};
use crate::core::withdrawal;
use crate::load::Dataset;
use crate::report::withdraw::{self as view, WithdrawReport};

pub fn run(
    data: &DataArgs,
    args: &WithdrawArgs,
    locale: Locale,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let dataset = super::load_dataset(data)?;
    let report = build(&dataset, args)?;
    let o = &args.output;
    match o.format {
        Format::Json => view::write_json(out, &report, o.explain),
        Format::Csv => view::write_csv(out, &report),
        Format::Table => view::write_table(out, &report, locale, o.explain),
    }
}

/// The compensation of the withdrawal the arguments describe.
pub fn build(dataset: &Dataset, args: &WithdrawArgs) -> anyhow::Result<WithdrawReport> {
    let entry = dataset.require(&args.agreement)?;
    let (a, f) = (&entry.agreement, &entry.facts);
    let fact = super::statement::find_client(a, f, &args.party)?
        .and_then(|id| f.withdrawal(&id))
        .filter(|w| w.effective == args.effective);
    // A withdrawal recorded in the facts for this date supplies the
    // defaults; flags given on the command line win.
    let redeployed = match args.redeployed_hours {
        Some(hours) => hours,
        None => fact.map_or(Decimal::ZERO, |w| w.redeployed_hours),
    };
    let external = args
        .external_contract_ends
        .or(fact.and_then(|w| w.external_contract_ends));
    // A contract that could end before the agreement began is a typo, and
    // would silently wipe out the compensation.
    if let Some(ends) = args.external_contract_ends {
        let start = a.term.period.start();
        if ends < start {
            anyhow::bail!(
                "--external-contract-ends {ends} is before {} starts on {start}",
                a.id
            );
        }
    }
    let c = withdrawal::compensation(a, f, &args.party, args.effective, redeployed, external)?;
    Ok(WithdrawReport::build(&c))
}
