//! What the statement-like reports (`settle`, `withdraw`, `budget`) share:
//! statement rows and their table, and explanations in text and JSON.

use std::io::Write;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::cli::Locale;
use crate::core::explain::{Explanation, Phrase};
use crate::core::money::Money;
use crate::core::statement::StatementPhrase;
use crate::report::lang::{self, Label};
use crate::report::text::Text;

impl From<StatementPhrase> for Text {
    fn from(p: StatementPhrase) -> Text {
        Text::from(Phrase::from(p))
    }
}

/// A statement phrase in the words of `locale`, figures in its format.
pub fn say(p: StatementPhrase, locale: Locale) -> String {
    Text::from(p).render(locale)
}

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
    let label = lang::of(locale).label;
    t.set_header(vec![
        "",
        label(Label::Hours),
        label(Label::Amount),
        label(Label::Article),
    ]);
    for r in rows {
        t.add_row(vec![
            r.description.render(locale),
            r.hours.map_or(String::new(), |h| super::hours(h, locale)),
            r.amount.map_or(String::new(), |m| super::money(m, locale)),
            r.article.clone(),
        ]);
    }
    super::align_right(&mut t, &[1, 2]);
    writeln!(out, "{}", super::fitted(t, &[], locale))?;
    Ok(())
}

/// Writes explanations under a heading, as `--explain` asks.
pub fn render_explanations(
    out: &mut dyn Write,
    explanations: &[Explanation],
    locale: crate::cli::Locale,
) -> anyhow::Result<()> {
    writeln!(out, "{}:", (lang::of(locale).label)(Label::Explanations))?;
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
/// the CSV. They are worded as the machine formats word them.
pub fn notes_to_stderr(notes: &[Phrase]) {
    for n in notes {
        eprintln!("note: {}", lang::machine(n));
    }
}

/// Writes one note of a table, in the words of `locale`.
pub fn note_line(out: &mut dyn Write, note: &Phrase, locale: Locale) -> anyhow::Result<()> {
    let w = lang::of(locale);
    let text = (w.phrase)(note).render(locale);
    writeln!(out, "{}: {text}", (w.label)(Label::Note))?;
    Ok(())
}

/// Writes the report-wide notes after a blank line, under the tables.
pub fn notes_table(out: &mut dyn Write, notes: &[Phrase], locale: Locale) -> anyhow::Result<()> {
    if !notes.is_empty() {
        writeln!(out)?;
        for n in notes {
            note_line(out, n, locale)?;
        }
    }
    Ok(())
}
