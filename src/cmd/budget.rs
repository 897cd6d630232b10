//! `ledger budget --year Y [--agreement ID]`: per client the expected cost
//! of the year (contracted hours × the rate in force + fee), the travel the
//! previous year's log suggests, the advised budget and the margin, the
//! expected income and the net cost. This module loads and computes; the
//! report and its renderers are in `report::budget`.

use std::io::Write;

use chrono::Datelike;

use crate::cli::{BudgetArgs, DataArgs, Format, Locale};
use crate::core::budget::{self, PreviousYear};
use crate::core::settlement;
use crate::load::{activity, Dataset, Entry};
use crate::report::budget::{self as view, AgreementBudgets, BudgetReport, BudgetView};

use super::statement::{agreements_in_year, clients, log_source, takes_no_part, YearlyReport};
use crate::core::explain::Phrase;
use crate::core::statement::Yearly;

pub fn run(
    data: &DataArgs,
    args: &BudgetArgs,
    locale: Locale,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let dataset = super::load_dataset(data)?;
    super::warn_without_facts(data, &super::select(&dataset, args.agreement.as_deref())?);
    let report = build(&dataset, args)?;
    let o = &args.output;
    match o.format {
        Format::Json => view::write_json(out, &report, o.explain),
        Format::Csv => view::write_csv(out, &report),
        Format::Table => view::write_table(out, &report, locale, o.explain),
    }
}

/// Budgets every client of every agreement with hours (or the one asked
/// for) for the year.
pub fn build(dataset: &Dataset, args: &BudgetArgs) -> anyhow::Result<BudgetReport> {
    let year = args.year;
    let mut notes = Vec::new();
    let (entries, skipped) = agreements_in_year(
        dataset,
        args.agreement.as_deref(),
        year,
        &YearlyReport {
            report: Yearly::Budget,
            no_hours_error: "has no contracted hours to budget",
            nothing: "no budget for",
        },
        &mut notes,
    )?;
    let mut agreements = Vec::new();
    for entry in entries {
        agreements.push(AgreementBudgets {
            agreement: entry.agreement.id.clone(),
            title: entry.agreement.short_title.clone(),
            budgets: budget_entry(entry, year, &mut notes)?,
        });
    }
    notes.extend(skipped);
    Ok(BudgetReport {
        year,
        agreements,
        notes,
    })
}

/// The budget of each client of one agreement; travel is estimated from
/// the previous year's log.
fn budget_entry(
    entry: &Entry,
    year: i32,
    notes: &mut Vec<Phrase>,
) -> anyhow::Result<Vec<BudgetView>> {
    let (a, f) = (&entry.agreement, &entry.facts);
    let prev = year - 1;
    let agg = activity::aggregate(a, f, |d| (d.year() == prev).then_some(()))?;
    let mut budgets = Vec::new();
    for party in clients(a, f) {
        let t = agg.get(&party, ());
        let previous = PreviousYear {
            km: t.km,
            rows: t.rows,
            source: log_source(&agg.logs, t.rows, t.first_line, t.last_line),
            logged: !f.activity_logs.is_empty(),
        };
        match budget::budget(a, f, &party, year, &previous) {
            Ok(b) => budgets.push(BudgetView::build(&b)),
            Err(settlement::SettlementError::NotTakingPart { .. }) => {
                notes.push(takes_no_part(a, &party, year));
            }
            Err(e) => return Err(e.into()),
        }
    }
    Ok(budgets)
}
