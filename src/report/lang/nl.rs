//! The Dutch words of every report: the default, and what the machine
//! formats write.
//!
//! One Dutch term per concept, taken from the seed texts where they fit
//! every agreement of the family, in this file and in `nl/`:
//!
//! - **aanbieder** / **afnemer**: the parties' roles (provider, client);
//!   an agreement's own word for a party (`role_label`, "uitlenende
//!   gemeente") is shown beside it as written.
//! - **looptijd**: the period an agreement runs, the first one or a
//!   renewal ("na de oorspronkelijke looptijd", BRP Art. 20 lid 2).
//! - **termijn**: a dated deadline (`deadlines`, "Belangrijkste
//!   termijnen"); **opzegtermijn**: the months of notice; **uiterste
//!   opzegdatum**: the last day on which notice can be given.
//! - **meerafname** / **minderafname**: hours taken above or below the
//!   contracted hours ("Meer afgenomen uren", "Minder afgenomen uren").
//! - **afnameplicht**: the take-or-pay obligation ("afnameverplichting").
//! - **opslag**: a fee on lines (the coordination contribution).
//! - **logregel**: a row of the activity log; **bestandsregel**: a line
//!   of a file by its number; **regel**: a line of an invoice.
//! - **onafgerond**: a value before its rounding.
//!
//! The English words (`en.rs`) keep the same distinctions: provider /
//! client, term, deadline / notice period / notice deadline, over-use /
//! under-use, take-or-pay, fee, row / line, unrounded.

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
        Label::Invoice => "factuur",
        Label::CreditNote => "creditnota",
        Label::Agreement => "overeenkomst",
        Label::Period => "periode",
        Label::Issuer => "afzender",
        Label::Recipient => "ontvanger",
        Label::NoAddress => "(geen adres in de overeenkomst)",
        Label::Description => "omschrijving",
        Label::Quantity => "aantal",
        Label::Unit => "eenheid",
        Label::UnitPrice => "prijs per eenheid",
        Label::Amount => "bedrag",
        Label::Article => "artikel",
        Label::Subtotal => "subtotaal",
        Label::TotalExclVat => "totaal excl. btw",
        Label::TotalInclVat => "totaal incl. btw",
        Label::Note => "opmerking",
        Label::Explanation => "toelichting",
        Label::Formula => "formule",
        Label::Input => "invoer",
        Label::Unrounded => "onafgerond",
        Label::Rounding => "afronding",
        Label::Result => "uitkomst",
        // settle, withdraw, budget
        Label::Hours => "uren",
        Label::Borrower => "afnemer",
        Label::Rate => "tarief",
        Label::Service => "dienst",
        Label::Fee => "opslag",
        Label::Cost => "kosten",
        Label::Advice => "advies",
        Label::Margin => "marge",
        Label::Income => "inkomsten",
        Label::Net => "netto",
        Label::TravelApart => "reiskosten",
        Label::Allocations => "vaste bedragen",
        Label::Travel => "reiskosten",
        Label::Explanations => "toelichtingen",
        Label::Why => "waarom",
        Label::None => "geen",
    }
}

fn t(words: &str) -> Text {
    Text::default().words(words)
}

fn rows(r: &Rows) -> Text {
    t(&format!(
        "{} {} van {}, bestandsregels {}–{}",
        r.rows,
        if r.rows == 1 { "logregel" } else { "logregels" },
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
        Phrase::Subtotal => t("subtotaal"),
        Phrase::Fees => t("opslagen"),
        Phrase::TotalExclVat => t("totaal excl. btw"),
        Phrase::TotalInclVat => t("totaal incl. btw"),
        Phrase::Vat => t("btw"),
        Phrase::VatPart { category, percent } => t(&vat_head(*category, *percent)),
        Phrase::Fee { what, percent } => t(&format!("{what} {}%", percent.normalize())),
        Phrase::FeeOver {
            what,
            percent,
            base,
        } => t(&format!("{what} {}% over ", percent.normalize())).money(*base),
        Phrase::AllocationPart {
            what,
            year,
            period,
            days,
            total,
        } => t(&format!(
            "{what} {year}, {period}: {days} van {total} dagen"
        )),
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
                    text.words(": 1 van ").exact(*parts).words(" gelijke delen")
                }
                KeyShare::Percent { percent, total } => text
                    .words(": ")
                    .exact(*percent)
                    .words("% van ")
                    .exact(*total)
                    .words("%"),
                KeyShare::Weights {
                    weight,
                    total,
                    series,
                } => text
                    .words(": ")
                    .exact(*weight)
                    .words(" van ")
                    .exact(*total)
                    .words(format!(" {series}")),
            };
            match days {
                Some((period, days, total)) => {
                    text.words(format!(", {period}: {days} van {total} dagen"))
                }
                None => text,
            }
        }
        Phrase::RateOn { what, date } => t(&format!("{what} op {date}")),
        Phrase::ContractedHours { party, period } => t(&match period {
            Some(p) => format!("gecontracteerde uren van {party} {p}"),
            None => format!("gecontracteerde uren van {party} (geen)"),
        }),
        Phrase::KmOf { party, start, end } => t(&format!("km {party} {start} – {end}")),
        _ => return None,
    })
}

fn formula(p: &Phrase) -> Option<Text> {
    Some(t(match p {
        Phrase::QuantityTimesPrice => "aantal × prijs per eenheid",
        Phrase::FeeOnBase => "opslag % × de afgeronde bedragen van de regels in de grondslag",
        Phrase::SubtotalOfLines => {
            "Σ van de afgeronde regels vóór opslagen (regel 1: totalen zijn sommen van afgeronde regels)"
        }
        Phrase::SubtotalPlusFees => "subtotaal + opslagen",
        Phrase::VatOnLines => "btw % × de som van de regels van de categorie",
        Phrase::ExclPlusVat => "totaal excl. btw + Σ btw per categorie",
        Phrase::KmOfRows => "Σ km van de logregels van de maanden",
        Phrase::DatedValue => "de gedateerde waarde die op de datum geldt",
        Phrase::IndexedRate => "tarief(J) = tarief(J-1) × (1 + index(J-1) / 100), elk jaar afgerond",
        Phrase::ContractedHoursOfMonths => {
            "Σ over de maanden: jaaruren ÷ 12 × gedekte dagen ÷ dagen in de maand (niet afgerond)"
        }
        _ => return None,
    }))
}

/// The names and values of inputs.
fn input(p: &Phrase) -> Option<Text> {
    Some(match p {
        Phrase::Quantity(u) => t(&format!("aantal ({})", unit(*u))),
        Phrase::UnitPrice => t("prijs per eenheid"),
        Phrase::FeePercent => t("opslag %"),
        Phrase::SumOfLines => t("som van de regels"),
        Phrase::VatPercent => t("btw %"),
        Phrase::VatTreatment => t("btw-behandeling"),
        Phrase::BaseRate => t("basistarief"),
        Phrase::RateOfYear(y) => t(&format!("tarief {y}")),
        Phrase::YearlyHoursOf(y) => t(&format!("jaaruren {y}")),
        Phrase::Month { year, month } => t(&format!("{year}-{month:02}")),
        Phrase::DaysOf {
            covered,
            days,
            hours,
        } => t(&format!("{covered} dagen van {days} → ")).exact(*hours),
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
        Phrase::Above => t("hierboven"),
        Phrase::FeeLinesAbove => t("de opslagregels hierboven"),
        Phrase::RoundedLinesAbove => t("de afgeronde regels hierboven"),
        Phrase::LineOf(a) => t(&format!("regel ({a})")),
        Phrase::RateInForce { rate, date } => t(&format!("rates.{rate} geldend op {date}")),
        Phrase::RateValues { rate, from } => t(&format!("rates.{rate}.values (vanaf {from})")),
        Phrase::IndexFigure { series, year } => t(&format!("indexreeks {series} cijfer {year}")),
        Phrase::ContractedHoursIn { start, end } => t(&format!(
            "gecontracteerde uren {start} – {end} (regel 3, hierboven toegelicht)"
        )),
        Phrase::ActivityLog(r) => t("activiteitenlog: ").then(rows(r)),
        Phrase::RowsOf(r) => rows(r),
        Phrase::NoRows => t("geen logregels"),
        Phrase::Rule(n) => t(&format!("DOMAIN-regel {n}")),
        Phrase::DefaultHours => t("standaard (hours_per_week × weeks_per_year)"),
        Phrase::Declared(s) => t("opgegeven, ").then(phrase(s)),
        Phrase::FromBudget(s) => t("uit een opgegeven budget, ").then(phrase(s)),
        _ => return None,
    })
}

fn rounding(r: &Rounding) -> Text {
    t(match r {
        Rounding::Cents => "op centen, half van nul af",
        Rounding::LargestRemainder => {
            "grootste rest: afgekapt op centen, de resterende centen naar de grootste resten"
        }
        Rounding::LargestRemainderOverPeriods => "grootste rest over de perioden van het jaar",
        Rounding::HoursShown => "getoond met 2 decimalen; nooit afgerond in een berekening",
        Rounding::CutToHours => {
            "afgekapt op 2 decimalen, zodat uren × tarief + opslag nooit boven het budget uitkomen"
        }
        Rounding::Verbatim(s) => s,
    })
}

fn invoice_note(n: &InvoiceNote) -> Text {
    match n {
        InvoiceNote::Vat(reason) => t(&format!("btw: {reason}")),
        InvoiceNote::NoOrt { hours, window } => {
            let text = t("geen ORT-regel: de overeenkomst noemt geen ORT-percentage; ")
                .number(*hours, 2)
                .words(" van de gelogde uren vallen buiten het dagvenster");
            match window {
                Some((from, to, article)) => {
                    text.words(format!(" {}–{} ({article})", Clock(*from), Clock(*to)))
                }
                None => text,
            }
        }
        InvoiceNote::Credit { credits, reason } => {
            t(&format!("creditnota voor factuur {credits}: {reason}"))
        }
        InvoiceNote::Withdrawal(w) => notes::withdrawn(w),
        InvoiceNote::Verbatim(s) => super::stored(s),
    }
}

fn vat_category(c: VatCategory) -> &'static str {
    match c {
        VatCategory::Standard => "standaard",
        VatCategory::Exempt => "vrijgesteld",
        VatCategory::NotSubject => "niet belastbaar",
    }
}

fn unit(u: Unit) -> &'static str {
    match u {
        Unit::Hour => "uur",
        Unit::Km => "km",
        Unit::Percent => "%",
        Unit::Item => "stuk",
    }
}

fn weekday(w: Weekday) -> &'static str {
    match w {
        Weekday::Mon => "maandag",
        Weekday::Tue => "dinsdag",
        Weekday::Wed => "woensdag",
        Weekday::Thu => "donderdag",
        Weekday::Fri => "vrijdag",
        Weekday::Sat => "zaterdag",
        Weekday::Sun => "zondag",
    }
}

/// The VAT row of every table: `btw 21%`, `btw niet belastbaar`; the one
/// wording of invoice, settle and withdraw.
pub(super) fn vat_head(category: VatCategory, percent: rust_decimal::Decimal) -> String {
    if percent.is_zero() {
        format!("btw {}", vat_category(category))
    } else {
        format!("btw {}%", percent.normalize())
    }
}

/// An invoice's VAT row with its base: `btw 21% over € 1.991,13`.
fn vat_row(v: &VatPart) -> Text {
    t(&format!("{} over ", vat_head(v.category, v.percent))).money(v.base)
}

fn due(d: &Due) -> String {
    let date = tables::date;
    match *d {
        Due::By(Wording::Before(x)) => format!("vóór {}", date(x)),
        Due::By(Wording::NoLaterThan(x)) => format!("uiterlijk {}", date(x)),
        Due::By(Wording::UpToAndIncluding(x)) => format!("tot en met {}", date(x)),
        Due::By(Wording::WithinMonthsAfter { months, anchor }) => {
            let unit = if months == 1 { "maand" } else { "maanden" };
            format!("binnen {months} {unit} na {}", date(anchor))
        }
        Due::After(x) => format!("na {}", date(x)),
    }
}
