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

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    /// A client's notice ends its own part where others go on, and the
    /// agreement where it is the only client.
    #[test]
    fn the_regular_end_names_what_it_ends() {
        let ends = NaiveDate::from_ymd_opt(2018, 10, 1).unwrap();
        let end = |of: Option<&str>| StatementPhrase::EndsWithoutCompensation {
            ends,
            of: of.map(str::to_owned),
        };
        assert_eq!(
            say(end(Some("Gemeente Tholen")), Locale::Nl),
            "… beëindigt de deelname van Gemeente Tholen op 2018-10-01 zonder vergoeding"
        );
        assert_eq!(
            say(end(None), Locale::Nl),
            "… beëindigt de overeenkomst op 2018-10-01 zonder vergoeding"
        );
        assert_eq!(
            say(end(None), Locale::En),
            "… ends the agreement on 2018-10-01 without compensation"
        );
        let after = StatementPhrase::AfterLastNoticeDay {
            last_day: NaiveDate::from_ymd_opt(2018, 8, 31).unwrap(),
            next_last_day: NaiveDate::from_ymd_opt(2019, 8, 31).unwrap(),
            ends: NaiveDate::from_ymd_opt(2019, 10, 1).unwrap(),
            of: Some("Gemeente Tholen".into()),
        };
        assert_eq!(
            say(after, Locale::En),
            "the effective date lies after the last notice day 2018-08-31; notice given by 2019-08-31 ends the participation of Gemeente Tholen on 2019-10-01"
        );
    }
}
