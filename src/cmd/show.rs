//! `ledger show [ID]`: an agreement in readable form. The report and its
//! table are in `report::show`.

use std::io::Write;

use chrono::Datelike;

use crate::cli::{DataArgs, Locale, ShowArgs, ShowFormat};
use crate::core::calendar::{MAX_PARSED_YEAR, MIN_PARSED_YEAR};
use crate::report::{self, show::AgreementView};

pub fn run(
    data: &DataArgs,
    args: &ShowArgs,
    locale: Locale,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let dataset = super::load_dataset(data)?;
    let years = args
        .years
        .as_deref()
        .map(parse_years)
        .transpose()
        .map_err(super::as_usage)?;
    let entries = super::select(&dataset, args.id.as_deref())?;
    let views: Vec<AgreementView> = entries
        .iter()
        .map(|e| {
            // By default the rate table covers the agreement's first ten
            // calendar years, whatever they are.
            let start = e.agreement.term.period.start().year();
            let (from, to) = years.unwrap_or((start, start + 9));
            AgreementView::build(&e.agreement, &e.facts, from, to)
        })
        .collect();
    match args.format {
        ShowFormat::Json => report::write_json(out, &views),
        ShowFormat::Table => report::show::write_tables(out, &views, locale),
    }
}

fn parse_years(text: &str) -> anyhow::Result<(i32, i32)> {
    let parsed = text
        .split_once("..")
        .and_then(|(a, b)| Some((a.parse::<i32>().ok()?, b.parse::<i32>().ok()?)));
    let known = |y: i32| (MIN_PARSED_YEAR..=MAX_PARSED_YEAR).contains(&y);
    match parsed {
        Some((a, b)) if a <= b && known(a) && known(b) => Ok((a, b)),
        _ => anyhow::bail!(
            "--years expects FROM..TO with FROM ≤ TO, both from {MIN_PARSED_YEAR} to {MAX_PARSED_YEAR}, got `{text}`"
        ),
    }
}
