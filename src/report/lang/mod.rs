//! Every word a report says, in one place per language: `nl.rs` and
//! `en.rs` word the same typed messages (the labels of the tables, and what
//! the core says as typed values: explanations, line descriptions with
//! figures, invoice notes, weekdays, units and VAT categories).
//!
//! A message is built as [`Text`]: words with typed figures in them, so a
//! table writes the figures per locale and the machine formats write them
//! plainly. The machine formats (CSV, JSON, UBL, the register's stored
//! body) never depend on `--locale`: their prose is Dutch, the language of
//! the documents, with plain figures ([`machine`]); their keys and codes
//! are the stable English ones of the format documents.
//!
//! `--locale` is one global option, and everything a command writes on
//! stdout for people follows it: the tables, their notes and explanations,
//! and the summaries of `check`, `verify`, `test`, `issue` and `credit`
//! (`tables::Run`). Diagnostics on stderr (`error:`, `warning:`, the
//! input's `note:`s) stay English in both locales, like a compiler's; the
//! texts an agreement or facts file gives are shown as written.

mod en;
mod nl;
mod serial;
pub mod tables;

use chrono::NaiveDate;

use crate::cli::Locale;
use crate::core::agreement::{Unit, VatCategory};
use crate::core::deadline::Due;
use crate::core::explain::{Phrase, Rounding, Value};
use crate::core::invoice::{InvoiceNote, PeriodNote};
use crate::core::lines::VatPart;

use super::text::Text;

/// The fixed words of the tables: headers, labels and the sum rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Label {
    Invoice,
    CreditNote,
    Agreement,
    Period,
    Issuer,
    Recipient,
    NoAddress,
    Description,
    Quantity,
    Unit,
    UnitPrice,
    Amount,
    Article,
    Subtotal,
    TotalExclVat,
    TotalInclVat,
    Note,
    Explanation,
    Formula,
    Input,
    Unrounded,
    Rounding,
    Result,
    // settle, withdraw, budget
    Hours,
    Borrower,
    Rate,
    Service,
    Fee,
    Cost,
    Advice,
    Margin,
    Income,
    Net,
    TravelApart,
    Allocations,
    Travel,
    Explanations,
    Why,
    None,
}

/// The words of one language: a table of message functions, selected once
/// per report by [`of`].
pub struct Words {
    pub label: fn(Label) -> &'static str,
    pub phrase: fn(&Phrase) -> Text,
    pub rounding: fn(&Rounding) -> Text,
    pub invoice_note: fn(&InvoiceNote) -> Text,
    /// A note of a period without an invoice, or a warning about one.
    pub period_note: fn(&PeriodNote) -> Text,
    pub vat_category: fn(VatCategory) -> &'static str,
    pub unit: fn(Unit) -> &'static str,
    pub weekday: fn(chrono::Weekday) -> &'static str,
    /// The label of a VAT row: `btw 21% over € 1.991,13`.
    pub vat_row: fn(&VatPart) -> Text,
    /// How a deadline is worded: `uiterlijk 1 november 2021`, `no later
    /// than 1 November 2021`; `show` and `deadlines` both word it here.
    pub due: fn(&Due) -> String,
    /// The words of the tables of show, deadlines, notice and the register,
    /// and of the calendar (`tables.rs`).
    pub tables: &'static tables::Tables,
}

/// The words of `locale`.
pub fn of(locale: Locale) -> &'static Words {
    match locale {
        Locale::Nl => &nl::WORDS,
        Locale::En => &en::WORDS,
    }
}

impl Words {
    /// A value of an explanation: money and numbers as figures, or words.
    pub fn value(&self, v: &Value) -> Text {
        match v {
            Value::Money(m) => Text::default().money(*m),
            Value::Number(d) => Text::default().number(*d, d.scale()),
            // Two decimals, as every table writes hours.
            Value::Hours(d) => Text::default().number(*d, 2),
            Value::Said(p) => (self.phrase)(p),
        }
    }

    /// The weekday of `date`: `maandag`, `Monday`.
    pub fn weekday_of(&self, date: NaiveDate) -> &'static str {
        use chrono::Datelike;
        (self.weekday)(date.weekday())
    }
}

/// One indexation step, the same in every language and every place that
/// shows one (an explanation, a shared amount's split, `show`'s rate
/// table): `56,96 × (1 + 1,7%) = 57,92832 → 57,93`, figures per locale.
/// A step that needs no rounding says its result once:
/// `9.000,00 × (1 + 1,3%) = 9.117,00`.
pub fn index_step(
    previous: rust_decimal::Decimal,
    percent: rust_decimal::Decimal,
    unrounded: rust_decimal::Decimal,
    rounded: rust_decimal::Decimal,
) -> Text {
    let product = Text::default()
        .as_is(previous)
        .words(" × (1 + ")
        .as_is(percent)
        .words("%) = ");
    if unrounded == rounded {
        return product.as_is(rounded);
    }
    product.as_is(unrounded).words(" → ").as_is(rounded)
}

/// A text stored with an issued document (a note), read back as words
/// with its decimal figures typed again: `2.00 van de gelogde uren` is
/// written `2,00 …` in a Dutch table and stays `2.00` in the machine
/// formats, as it was stored. Whole numbers (years, articles) and every
/// word stay as they are.
pub fn stored(text: &str) -> Text {
    let mut out = Text::default();
    for piece in text.split_inclusive(' ') {
        let lead = piece.len() - piece.trim_start_matches('(').len();
        let core = piece[lead..].trim_end_matches([' ', ',', ';', ':', ')', '.']);
        match decimal_figure(core) {
            Some(d) => {
                out = out
                    .words(&piece[..lead])
                    .as_is(d)
                    .words(&piece[lead + core.len()..]);
            }
            None => out = out.words(piece),
        }
    }
    out
}

/// A figure written with a decimal point (`2.00`, `-1794.24`), as the
/// machine formats write one: a plain decimal that is not a whole number.
fn decimal_figure(text: &str) -> Option<rust_decimal::Decimal> {
    let figure = crate::core::money::parse_decimal(text).ok()?;
    text.contains('.').then_some(figure)
}

/// Hours as a factor of a product: `31,50`, or `31,838709…` where the
/// hours have more than 2 decimals, so that the product beside them can be
/// checked by hand (settle's and withdraw's statements, in each language).
pub fn hours_factor(hours: rust_decimal::Decimal) -> Text {
    match hours.round_dp(2) == hours {
        true => Text::default().number(hours, 2),
        false => Text::default().factor(hours, 6),
    }
}

/// A deadline's wording in the words of `locale`.
pub fn due(d: &Due, locale: Locale) -> String {
    (of(locale).due)(d)
}

/// A clause's wording in the words of `locale`: `vóór 1 september 2018`.
pub fn wording(w: crate::core::calendar::Wording, locale: Locale) -> String {
    due(&Due::By(w), locale)
}

/// A month's name in the words of `locale`: `januari`, `January`.
///
/// # Panics
///
/// Panics if `month` is not in 1..=12.
pub fn month(month: u32, locale: Locale) -> &'static str {
    (of(locale).tables.month)(month)
}

/// A heading of the tables of show, deadlines, notice or the register.
pub fn heading(h: tables::Heading, locale: Locale) -> &'static str {
    (of(locale).tables.heading)(h)
}

/// A message of those tables, for people in `locale`.
pub fn say(s: &tables::Say, locale: Locale) -> String {
    (of(locale).tables.say)(s).render(locale)
}

/// A message of those tables as the machine formats write it.
pub fn machine_say(s: &tables::Say) -> String {
    (nl::WORDS.tables.say)(s).plain()
}

/// A phrase as the machine formats write it: Dutch, figures plain.
pub fn machine(p: &Phrase) -> String {
    (nl::WORDS.phrase)(p).plain()
}

/// A value as the machine formats write it.
pub fn machine_value(v: &Value) -> String {
    nl::WORDS.value(v).plain()
}

/// An invoice note as the machine formats write it.
pub fn machine_note(n: &InvoiceNote) -> String {
    (nl::WORDS.invoice_note)(n).plain()
}

/// A period's note as the machine formats write it.
pub fn machine_period_note(n: &PeriodNote) -> String {
    (nl::WORDS.period_note)(n).plain()
}

/// A period's note in the words of `locale`, figures kept typed.
pub fn period_note(n: &PeriodNote, locale: Locale) -> Text {
    (of(locale).period_note)(n)
}

/// A period's note in English, as the warnings on stderr say it, beside
/// the log's own (English) warnings.
pub fn english(n: &PeriodNote) -> String {
    (en::WORDS.period_note)(n).render(Locale::En)
}

/// A rounding as the machine formats write it.
pub fn machine_rounding(r: &Rounding) -> String {
    (nl::WORDS.rounding)(r).plain()
}

/// An explanation as indented text, in the words of `locale`.
pub fn write_explanation(
    out: &mut dyn std::io::Write,
    e: &crate::core::explain::Explanation,
    locale: Locale,
) -> std::io::Result<()> {
    let w = of(locale);
    let say = |p: &Phrase| (w.phrase)(p).render(locale);
    let labels = [
        Label::Formula,
        Label::Input,
        Label::Unrounded,
        Label::Rounding,
        Label::Result,
    ];
    // The values line up after the longest label of the language.
    let width = labels
        .iter()
        .map(|l| (w.label)(*l).chars().count() + 1)
        .max()
        .unwrap_or(0);
    let label = |l: Label| format!("{:<width$}", format!("{}:", (w.label)(l)));
    let article = e
        .article
        .as_ref()
        .map(|a| format!(" ({a})"))
        .unwrap_or_default();
    writeln!(out, "  {}{article}", say(&e.figure))?;
    writeln!(out, "    {} {}", label(Label::Formula), say(&e.formula))?;
    for i in &e.inputs {
        writeln!(
            out,
            "    {} {} = {}  [{}]",
            label(Label::Input),
            say(&i.name),
            w.value(&i.value).render(locale),
            say(&i.source)
        )?;
    }
    if let (Some(u), Some(r)) = (&e.unrounded, &e.rounding) {
        let u = w.value(u).render(locale);
        writeln!(out, "    {} {u}", label(Label::Unrounded))?;
        let r = (w.rounding)(r).render(locale);
        writeln!(out, "    {} {r}", label(Label::Rounding))?;
    }
    let result = w.value(&e.result).render(locale);
    writeln!(out, "    {} {result}", label(Label::Result))
}

#[cfg(test)]
mod tests;
