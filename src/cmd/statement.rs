//! Helpers the statement-like commands (`settle`, `withdraw`, `budget`)
//! share: statement rows and their table, explanations, the client a
//! `--party` names, and the activity log's warnings.

use std::io::Write;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::cli::Locale;
use crate::core::activity::Aggregate;
use crate::core::agreement::{Agreement, Role};
use crate::core::explain::Explanation;
use crate::core::facts::{self, Facts};
use crate::core::money::Money;
use crate::core::settlement;
use crate::load::{Dataset, Entry};
use crate::report;

/// One line of a statement: a figure with its hours and/or amount and its
/// article. Tables and CSV are both rendered from these rows.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// A stable key for machines (`contracted`, `refund`, `net_cost`, …).
    pub item: String,
    pub description: String,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub hours: Option<Decimal>,
    pub amount: Option<Money>,
    pub article: String,
}

pub fn row(
    item: &str,
    description: impl Into<String>,
    hours: Option<Decimal>,
    amount: Option<Money>,
    article: impl ToString,
) -> Row {
    Row {
        item: item.to_string(),
        description: description.into(),
        hours,
        amount,
        article: article.to_string(),
    }
}

/// Renders statement rows as a table: description, hours, amount, article.
pub fn rows_table(rows: &[Row], locale: Locale, out: &mut dyn Write) -> anyhow::Result<()> {
    let mut t = report::table();
    t.set_header(vec!["", "hours", "amount", "article"]);
    for r in rows {
        t.add_row(vec![
            r.description.clone(),
            r.hours.map_or(String::new(), |h| report::hours(h, locale)),
            r.amount.map_or(String::new(), |m| report::money(m, locale)),
            r.article.clone(),
        ]);
    }
    report::align_right(&mut t, &[1, 2]);
    writeln!(out, "{t}")?;
    Ok(())
}

/// Writes explanations under a heading, as `--explain` asks.
pub fn render_explanations(
    out: &mut dyn Write,
    explanations: &[Explanation],
) -> anyhow::Result<()> {
    writeln!(out, "explanations:")?;
    for e in explanations {
        e.render(out)?;
    }
    Ok(())
}

/// A report item with its explanations, for `--format json --explain`.
#[derive(Serialize)]
pub struct Explained<'a, T: Serialize> {
    #[serde(flatten)]
    pub item: &'a T,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanations: Option<&'a [Explanation]>,
}

/// The client of `a` that `query` names (id or name, accessions included):
/// `Ok(None)` when no party of the agreement has that name, an error when
/// it names the provider.
pub fn find_client(a: &Agreement, f: &Facts, query: &str) -> anyhow::Result<Option<String>> {
    match facts::find_party(a, f, query) {
        Some(p) if p.role != Role::Client => anyhow::bail!(
            "{} is the {} of agreement `{}`, not a borrower",
            p.name,
            p.role.as_str(),
            a.id
        ),
        found => Ok(found.map(|p| p.id.clone())),
    }
}

/// The clients of an agreement, accessions included, as `Name (id)`.
pub fn client_list(a: &Agreement, f: &Facts) -> String {
    facts::clients(a, f)
        .map(|p| format!("{} ({})", p.name, p.id))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The clients an agreement's report covers, in the order of the agreement.
pub fn clients(a: &Agreement, f: &Facts) -> Vec<String> {
    facts::clients(a, f).map(|p| p.id.clone()).collect()
}

/// Prints the activity log's warnings about the rows counted of the
/// borrowers in `parties` (the ones the report is about).
pub fn print_warnings<K>(agg: &Aggregate<K>, parties: &[String]) {
    for w in agg
        .warnings
        .iter()
        .filter(|w| parties.contains(&w.borrower))
    {
        eprintln!("warning: {}: {}", w.position, w.message);
    }
}

/// Where activity totals come from: `log lines a–b (n rows)`.
pub fn log_source(logs: &[std::path::PathBuf], rows: u64, first: u64, last: u64) -> String {
    settlement::log_source(logs, rows, first, last)
}

/// How a yearly report (settle, budget) speaks of agreements it cannot cover.
pub struct YearlyReport {
    /// The note for an agreement without contracted hours, after its id.
    pub no_hours_note: &'static str,
    /// The error when such an agreement was asked for, after `agreement `id``.
    pub no_hours_error: &'static str,
    /// The error when nothing is left, before `{year}: {why}`.
    pub nothing: &'static str,
}

/// The agreements a yearly report covers: those that bill contracted hours
/// and run in `year`. One asked for by id that cannot be covered is an
/// error; otherwise it becomes a note (no hours) or is skipped with its
/// reason (no term in the year). Fails when nothing is left to cover.
pub fn agreements_in_year<'a>(
    dataset: &'a Dataset,
    agreement: Option<&str>,
    year: i32,
    report: &YearlyReport,
    notes: &mut Vec<String>,
) -> anyhow::Result<(Vec<&'a Entry>, Vec<String>)> {
    let explicit = agreement.is_some();
    let mut covered = Vec::new();
    let mut skipped = Vec::new();
    for entry in super::select(dataset, agreement)? {
        let (a, f) = (&entry.agreement, &entry.facts);
        if a.hours.is_none() {
            if explicit {
                anyhow::bail!("agreement `{}` {}", a.id, report.no_hours_error);
            }
            notes.push(format!("{}: {}", a.id, report.no_hours_note));
            continue;
        }
        if let Err(e) = settlement::life_in_year(a, f, year) {
            if explicit {
                return Err(e.into());
            }
            skipped.push(e.to_string());
            continue;
        }
        covered.push(entry);
    }
    if covered.is_empty() {
        let why = if skipped.is_empty() {
            "no agreement bills contracted hours".to_string()
        } else {
            skipped.join("; ")
        };
        anyhow::bail!("{} {year}: {why}", report.nothing);
    }
    Ok((covered, skipped))
}
