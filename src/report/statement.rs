//! What the statement-like reports (`settle`, `withdraw`, `budget`) share:
//! statement rows and their table, and explanations in text and JSON.

use std::io::Write;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::cli::Locale;
use crate::core::explain::Explanation;
use crate::core::money::Money;
use crate::report::text::Text;

/// One line of a statement: a figure with its hours and/or amount and its
/// article. Tables and CSV are both rendered from these rows.
#[derive(Debug, Clone, Serialize)]
pub struct Row {
    /// A stable key for machines (`contracted`, `refund`, `net_cost`, …).
    pub item: String,
    pub description: Text,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub hours: Option<Decimal>,
    pub amount: Option<Money>,
    pub article: String,
}

pub fn row(
    item: &str,
    description: impl Into<Text>,
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
    let mut t = super::table();
    t.set_header(vec!["", "hours", "amount", "article"]);
    for r in rows {
        t.add_row(vec![
            r.description.render(locale),
            r.hours.map_or(String::new(), |h| super::hours(h, locale)),
            r.amount.map_or(String::new(), |m| super::money(m, locale)),
            r.article.clone(),
        ]);
    }
    super::align_right(&mut t, &[1, 2]);
    writeln!(out, "{}", super::fitted(t, &[]))?;
    Ok(())
}

/// Writes explanations under a heading, as `--explain` asks.
pub fn render_explanations(
    out: &mut dyn Write,
    explanations: &[Explanation],
    locale: crate::cli::Locale,
) -> anyhow::Result<()> {
    writeln!(out, "explanations:")?;
    for e in explanations {
        super::lang::write_explanation(out, e, locale)?;
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

/// Writes notes to stderr, as CSV output needs: on stdout they would break
/// the CSV.
pub fn notes_to_stderr(notes: &[String]) {
    for n in notes {
        eprintln!("note: {n}");
    }
}

/// Writes the report-wide notes after a blank line, under the tables.
pub fn notes_table(out: &mut dyn Write, notes: &[String]) -> anyhow::Result<()> {
    if !notes.is_empty() {
        writeln!(out)?;
        for n in notes {
            writeln!(out, "note: {n}")?;
        }
    }
    Ok(())
}
