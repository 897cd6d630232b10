//! The English words of every report, for `--locale en`, one term per
//! concept as the glossary at the top of `nl.rs` lists them.

use chrono::Weekday;

use crate::core::agreement::{Unit, VatCategory};
use crate::core::calendar::Wording;
use crate::core::deadline::Due;
use crate::core::explain::{KeyShare, Phrase, Rounding, Rows};
use crate::core::invoice::InvoiceNote;
use crate::core::lines::VatPart;
use crate::core::text::Clock;
use crate::report::text::Text;

use super::{Label, Words};

// settle, withdraw, budget
mod statements;
// show, deadlines, notice, register, the calendar
mod tables;
// the notes of periods without an invoice
mod notes;
// the explanations of split amounts
mod split;
// what check, verify and test report
mod run;

pub(super) static WORDS: Words = Words {
    label,
    phrase,
    rounding,
    invoice_note,
    period_note: notes::period_note,
    vat_category,
    unit,
    weekday,
    vat_row,
    due,
    tables: &tables::TABLES,
};

fn label(l: Label) -> &'static str {
    match l {
        Label::Invoice => "invoice",
        Label::CreditNote => "credit note",
        Label::Agreement => "agreement",
        Label::Period => "period",
        Label::Issuer => "issuer",
        Label::Recipient => "recipient",
        Label::NoAddress => "(no address in the agreement)",
        Label::Description => "description",
        Label::Quantity => "quantity",
        Label::Unit => "unit",
        Label::UnitPrice => "unit price",
        Label::Amount => "amount",
        Label::Article => "article",
        Label::Subtotal => "subtotal",
        Label::TotalExclVat => "total excl. VAT",
        Label::TotalInclVat => "total incl. VAT",
        Label::Note => "note",
        Label::Explanation => "explanation",
        Label::Formula => "formula",
        Label::Input => "input",
        Label::Unrounded => "unrounded",
        Label::Rounding => "rounding",
        Label::Result => "result",
        // settle, withdraw, budget
        Label::Hours => "hours",
        Label::Borrower => "client",
        Label::Rate => "rate",
        Label::Service => "service",
        Label::Fee => "fee",
        Label::Cost => "cost",
        Label::Advice => "advice",
        Label::Margin => "margin",
        Label::Income => "income",
        Label::Net => "net",
        Label::TravelApart => "travel (apart)",
        Label::Allocations => "allocations",
        Label::Travel => "travel",
        Label::Explanations => "explanations",
        Label::Why => "why",
        Label::None => "none",
    }
}

fn t(words: &str) -> Text {
    Text::default().words(words)
}

fn rows(r: &Rows) -> Text {
    t(&format!(
        "{} row{} of {}, lines {}–{}",
        r.rows,
        if r.rows == 1 { "" } else { "s" },
        r.logs.join(", "),
        r.first_line,
        r.last_line
    ))
}

fn phrase(p: &Phrase) -> Text {
    figure(p)
        .or_else(|| formula(p))
        .or_else(|| input(p))
        .or_else(|| source(p))
        .unwrap_or_default()
}

/// The names of figures, and the phrases with figures in them.
fn figure(p: &Phrase) -> Option<Text> {
    Some(match p {
        Phrase::Given(s) | Phrase::Verbatim(s) => t(s),
        Phrase::Statement(s) => statements::phrase(s),
        Phrase::Split(s) => split::phrase(s),
        Phrase::Of(id, p) => t(&format!("{id}: ")).then(phrase(p)),
        Phrase::Subtotal => t("subtotal"),
        Phrase::Fees => t("fees"),
        Phrase::TotalExclVat => t("total excl. VAT"),
        Phrase::TotalInclVat => t("total incl. VAT"),
        Phrase::Vat => t("VAT"),
        Phrase::VatPart { category, percent } => t(&vat_head(*category, *percent)),
        Phrase::Fee { what, percent } => t(&format!("{what} {}%", percent.normalize())),
        Phrase::FeeOver {
            what,
            percent,
            base,
        } => t(&format!("{what} {}% of ", percent.normalize())).money(*base),
        Phrase::AllocationPart {
            what,
            year,
            period,
            days,
            total,
        } => t(&format!("{what} {year}, {period}: {days} of {total} days")),
        Phrase::SharedPart {
            what,
            year,
            key,
            days,
        } => {
            let mut text = t(&format!("{what} {year}"));
            text = match key {
                KeyShare::Payer => text,
                KeyShare::Equal { parts } => {
                    text.words(": 1 of ").exact(*parts).words(" equal parts")
                }
                KeyShare::Percent { percent, total } => text
                    .words(": ")
                    .exact(*percent)
                    .words("% of ")
                    .exact(*total)
                    .words("%"),
                KeyShare::Weights {
                    weight,
                    total,
                    series,
                } => text
                    .words(": ")
                    .exact(*weight)
                    .words(" of ")
                    .exact(*total)
                    .words(format!(" {series}")),
            };
            match days {
                Some((period, days, total)) => {
                    text.words(format!(", {period}: {days} of {total} days"))
                }
                None => text,
            }
        }
        Phrase::RateOn { what, date } => t(&format!("{what} on {date}")),
        Phrase::ContractedHours { party, period } => t(&match period {
            Some(p) => format!("contracted hours of {party} {p}"),
            None => format!("contracted hours of {party} (none)"),
        }),
        Phrase::KmOf { party, start, end } => t(&format!("km {party} {start} – {end}")),
        _ => return None,
    })
}

fn formula(p: &Phrase) -> Option<Text> {
    Some(t(match p {
        Phrase::QuantityTimesPrice => "quantity × unit price",
        Phrase::FeeOnBase => "fee % × the rounded amounts of the lines in its base",
        Phrase::SubtotalOfLines => {
            "Σ of the rounded lines before fees (rule 1: totals are sums of rounded lines)"
        }
        Phrase::SubtotalPlusFees => "subtotal + fees",
        Phrase::VatOnLines => "VAT % × the sum of the lines of the category",
        Phrase::ExclPlusVat => "total excl. VAT + Σ VAT per category",
        Phrase::KmOfRows => "Σ km of the activity rows of the months",
        Phrase::DatedValue => "the dated value in force on the date",
        Phrase::IndexedRate => "rate(Y) = rate(Y-1) × (1 + index(Y-1) / 100), rounded each year",
        Phrase::ContractedHoursOfMonths => {
            "Σ over the months: yearly hours ÷ 12 × days covered ÷ days in the month (not rounded)"
        }
        _ => return None,
    }))
}

/// The names and values of inputs.
fn input(p: &Phrase) -> Option<Text> {
    Some(match p {
        Phrase::Quantity(u) => t(&format!("quantity ({})", unit(*u))),
        Phrase::UnitPrice => t("unit price"),
        Phrase::FeePercent => t("fee %"),
        Phrase::SumOfLines => t("sum of lines"),
        Phrase::VatPercent => t("VAT %"),
        Phrase::VatTreatment => t("VAT treatment"),
        Phrase::BaseRate => t("base rate"),
        Phrase::RateOfYear(y) => t(&format!("{y} rate")),
        Phrase::YearlyHoursOf(y) => t(&format!("yearly hours {y}")),
        Phrase::Month { year, month } => t(&format!("{year}-{month:02}")),
        Phrase::DaysOf {
            covered,
            days,
            hours,
        } => t(&format!("{covered} days of {days} → ")).exact(*hours),
        Phrase::Km(km) => Text::default().exact(*km).words(" km"),
        Phrase::IndexStep {
            previous,
            percent,
            unrounded,
            rounded,
        } => super::index_step(*previous, *percent, *unrounded, *rounded),
        _ => return None,
    })
}

fn source(p: &Phrase) -> Option<Text> {
    Some(match p {
        Phrase::Above => t("above"),
        Phrase::FeeLinesAbove => t("the fee lines above"),
        Phrase::RoundedLinesAbove => t("the rounded lines above"),
        Phrase::LineOf(a) => t(&format!("line ({a})")),
        Phrase::RateInForce { rate, date } => t(&format!("rates.{rate} in force on {date}")),
        Phrase::RateValues { rate, from } => t(&format!("rates.{rate}.values (from {from})")),
        Phrase::IndexFigure { series, year } => t(&format!("index series {series} figure {year}")),
        Phrase::ContractedHoursIn { start, end } => t(&format!(
            "contracted hours {start} – {end} (rule 3, explained above)"
        )),
        Phrase::ActivityLog(r) => t("activity log: ").then(rows(r)),
        Phrase::RowsOf(r) => rows(r),
        Phrase::NoRows => t("no activity rows"),
        Phrase::Rule(n) => t(&format!("DOMAIN rule {n}")),
        Phrase::DefaultHours => t("default (hours_per_week × weeks_per_year)"),
        Phrase::Declared(s) => t("declared, ").then(phrase(s)),
        Phrase::FromBudget(s) => t("from a declared budget, ").then(phrase(s)),
        _ => return None,
    })
}

fn rounding(r: &Rounding) -> Text {
    t(match r {
        Rounding::Cents => "to cents, half away from zero",
        Rounding::LargestRemainder => {
            "largest remainder: cut to cents, leftover cents to the largest remainders"
        }
        Rounding::LargestRemainderOverPeriods => "largest remainder over the periods of the year",
        Rounding::HoursShown => "shown with 2 decimals; never rounded inside a calculation",
        Rounding::CutToHours => {
            "cut (truncated) to 2 decimals, so that hours × rate + fee never exceed the budget"
        }
        Rounding::Verbatim(s) => s,
    })
}

fn invoice_note(n: &InvoiceNote) -> Text {
    match n {
        InvoiceNote::Vat(reason) => t(&format!("VAT: {reason}")),
        InvoiceNote::NoOrt { hours, window } => {
            let text = t("no ORT line: the agreement sets no ORT percentage; ")
                .number(*hours, 2)
                .words(" of the logged hours fall outside the day window");
            match window {
                Some((from, to, article)) => {
                    text.words(format!(" {}–{} ({article})", Clock(*from), Clock(*to)))
                }
                None => text,
            }
        }
        InvoiceNote::Credit { credits, reason } => {
            t(&format!("credit note for invoice {credits}: {reason}"))
        }
        InvoiceNote::Withdrawal(w) => notes::withdrawn(w),
        InvoiceNote::Verbatim(s) => super::stored(s),
    }
}

fn vat_category(c: VatCategory) -> &'static str {
    match c {
        VatCategory::Standard => "standard",
        VatCategory::Exempt => "exempt",
        VatCategory::NotSubject => "not subject",
    }
}

fn unit(u: Unit) -> &'static str {
    match u {
        Unit::Hour => "hour",
        Unit::Km => "km",
        Unit::Percent => "%",
        Unit::Item => "item",
    }
}

fn weekday(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

/// The VAT row of every table: `VAT 21%`, `VAT not subject`; the one
/// wording of invoice, settle and withdraw.
pub(super) fn vat_head(category: VatCategory, percent: rust_decimal::Decimal) -> String {
    if percent.is_zero() {
        format!("VAT {}", vat_category(category))
    } else {
        format!("VAT {}%", percent.normalize())
    }
}

/// An invoice's VAT row with its base: `VAT 21% of €1,991.13`.
fn vat_row(v: &VatPart) -> Text {
    t(&format!("{} of ", vat_head(v.category, v.percent))).money(v.base)
}

fn due(d: &Due) -> String {
    let date = tables::date;
    match *d {
        Due::By(Wording::Before(x)) => format!("before {}", date(x)),
        Due::By(Wording::NoLaterThan(x)) => format!("no later than {}", date(x)),
        Due::By(Wording::UpToAndIncluding(x)) => format!("up to and including {}", date(x)),
        Due::By(Wording::WithinMonthsAfter { months, anchor }) => {
            let unit = if months == 1 { "month" } else { "months" };
            format!("within {months} {unit} after {}", date(anchor))
        }
        Due::After(x) => format!("after {}", date(x)),
    }
}
