//! The report of `ledger budget`: per client the expected cost of the
//! year, the advised budget and the margin, travel, the expected income and
//! the net cost, built once from `core::budget` and rendered as a table, CSV
//! (one row per client) or JSON (`docs/settlement-formats.md`).

use std::io::Write;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::cli::Locale;
use crate::core::agreement::Article;
use crate::core::budget::Budget;
use crate::core::explain::{Explanation, Phrase};
use crate::core::money::Money;
use crate::core::statement::{Basis, StatementPhrase as S};
use crate::report::lang::{self, Label};
use crate::report::statement::{
    note_line, notes_table, notes_to_stderr, render_explanations, say, Explained,
};

#[derive(Debug, Serialize)]
pub struct BudgetReport {
    pub year: i32,
    pub agreements: Vec<AgreementBudgets>,
    pub notes: Vec<Phrase>,
}

#[derive(Debug, Serialize)]
pub struct AgreementBudgets {
    pub agreement: String,
    pub title: String,
    pub budgets: Vec<BudgetView>,
}

#[derive(Debug, Serialize)]
pub struct BudgetView {
    pub party: String,
    pub name: String,
    pub year: i32,
    pub start: NaiveDate,
    pub end: NaiveDate,
    #[serde(serialize_with = "crate::core::text::json_text::hours")]
    pub hours: Decimal,
    /// `default`, `declared` or `budget`.
    pub hours_basis: String,
    #[serde(skip)]
    pub basis: Basis,
    #[serde(serialize_with = "crate::core::text::json_text::price")]
    pub rate: Decimal,
    pub service: Money,
    /// The allocation parts (fixed amounts) of the year; left out of JSON
    /// where none.
    #[serde(skip_serializing_if = "Money::is_zero_ref")]
    pub allocation: Money,
    pub fee: Money,
    pub cost: Money,
    pub advice: Option<Money>,
    pub advice_article: Option<Article>,
    pub margin: Option<Money>,
    #[serde(with = "rust_decimal::serde::str_option")]
    pub travel_km: Option<Decimal>,
    pub travel: Option<Money>,
    pub travel_note: Phrase,
    #[serde(with = "rust_decimal::serde::str")]
    pub expected_units: Decimal,
    pub income: Money,
    pub net: Money,
    pub notes: Vec<Phrase>,
    #[serde(skip)]
    pub explanations: Vec<Explanation>,
}

/// The expected km as CSV and JSON write it: one decimal, the precision of
/// a log's km, rounded half away from zero (1280.277… km is 1280.3). Only
/// the written figure is rounded: the travel line, its amount and its
/// explanation keep the unrounded estimate (1280.277… × 0.19 = 243.25,
/// where 1280.3 × 0.19 would give 243.26).
fn km_for_output(km: Decimal) -> Decimal {
    let mut km = km.round_dp_with_strategy(1, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    km.rescale(1);
    km
}

impl BudgetView {
    /// The view of one client's budget.
    pub fn build(b: &Budget) -> BudgetView {
        use crate::core::capacity::HoursBasis;
        let (key, basis) = match b.yearly.basis {
            HoursBasis::Default => ("default", Basis::Default),
            HoursBasis::Declared { .. } => ("declared", Basis::Declared),
            HoursBasis::Budget { .. } => ("budget", Basis::Budget),
        };
        BudgetView {
            party: b.party.clone(),
            name: b.party_name.clone(),
            year: b.year,
            start: b.period.start(),
            end: b.period.end(),
            hours: b.hours.normalize(),
            hours_basis: key.to_string(),
            basis,
            rate: b.rate.amount,
            service: b.service.amount,
            allocation: b.allocations.iter().map(|l| l.amount).sum(),
            fee: b.fees.iter().map(|l| l.amount).sum(),
            cost: b.cost,
            advice: b.advice,
            advice_article: b.advice_article.clone(),
            margin: b.margin,
            travel_km: b.travel.line.as_ref().map(|l| km_for_output(l.quantity)),
            travel: b.travel.line.as_ref().map(|l| l.amount),
            travel_note: S::Travel(b.travel.note.clone()).into(),
            expected_units: b
                .income
                .iter()
                .map(|i| i.units)
                .sum::<Decimal>()
                .normalize(),
            income: b.income.iter().map(|i| i.amount).sum(),
            net: b.net,
            notes: b.notes.clone(),
            explanations: b.explanations.clone(),
        }
    }
}

#[derive(Serialize)]
struct CsvRow<'a> {
    agreement: &'a str,
    year: i32,
    party: &'a str,
    name: &'a str,
    hours: String,
    hours_basis: &'a str,
    rate: String,
    service: String,
    fee: String,
    cost: String,
    advice: String,
    margin: String,
    travel_km: String,
    travel: String,
    travel_note: String,
    expected_units: String,
    income: String,
    net: String,
    allocation: String,
}

/// The report as JSON; `explain` adds each budget's explanations.
pub fn write_json(out: &mut dyn Write, r: &BudgetReport, explain: bool) -> anyhow::Result<()> {
    let agreements: Vec<serde_json::Value> = r
        .agreements
        .iter()
        .map(|ag| {
            let budgets: Vec<serde_json::Value> = ag
                .budgets
                .iter()
                .map(|b| {
                    serde_json::to_value(Explained {
                        item: b,
                        explanations: explain.then_some(b.explanations.as_slice()),
                    })
                })
                .collect::<Result<_, _>>()?;
            Ok(serde_json::json!({
                "agreement": ag.agreement,
                "title": ag.title,
                "budgets": budgets,
            }))
        })
        .collect::<Result<_, serde_json::Error>>()?;
    super::write_json(
        out,
        &serde_json::json!({ "year": r.year, "agreements": agreements, "notes": r.notes }),
    )
}

/// One CSV row per client; notes go to stderr.
pub fn write_csv(out: &mut dyn Write, r: &BudgetReport) -> anyhow::Result<()> {
    let opt = |m: Option<Money>| m.map_or(String::new(), |m| m.plain());
    let mut w = super::csv_writer(out);
    for ag in &r.agreements {
        for b in &ag.budgets {
            w.serialize(CsvRow {
                agreement: &ag.agreement,
                year: b.year,
                party: &b.party,
                name: &b.name,
                hours: crate::core::text::hours_text(b.hours),
                hours_basis: &b.hours_basis,
                rate: crate::core::text::price_text(b.rate),
                service: b.service.plain(),
                fee: b.fee.plain(),
                cost: b.cost.plain(),
                advice: opt(b.advice),
                margin: opt(b.margin),
                travel_km: b.travel_km.map_or(String::new(), |k| k.to_string()),
                travel: opt(b.travel),
                travel_note: lang::machine(&b.travel_note),
                expected_units: b.expected_units.to_string(),
                income: b.income.plain(),
                net: b.net.plain(),
                allocation: b.allocation.plain(),
            })?;
        }
    }
    w.flush()?;
    drop(w);
    notes_to_stderr(&r.notes);
    Ok(())
}

/// One table per agreement with its legend, travel notes and, if asked,
/// explanations.
pub fn write_table(
    out: &mut dyn Write,
    r: &BudgetReport,
    locale: Locale,
    explain: bool,
) -> anyhow::Result<()> {
    for (i, ag) in r.agreements.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        let heading = S::BudgetHeading {
            year: r.year,
            title: ag.title.clone(),
            agreement: ag.agreement.clone(),
        };
        writeln!(out, "{}", say(heading, locale))?;
        budget_table(out, ag, locale)?;
        legend(out, ag, locale)?;
        if explain {
            for b in &ag.budgets {
                render_explanations(out, &b.explanations, locale)?;
            }
        }
    }
    notes_table(out, &r.notes, locale)
}

fn budget_table(out: &mut dyn Write, ag: &AgreementBudgets, locale: Locale) -> anyhow::Result<()> {
    let m = |x: Money| super::money(x, locale);
    // The allocations column shows only where an agreement has fixed
    // amounts, so that the others keep the table they had.
    let allocated = ag.budgets.iter().any(|b| !b.allocation.is_zero());
    let label = lang::of(locale).label;
    let mut t = super::table();
    let mut header: Vec<&str> = [
        Label::Borrower,
        Label::Hours,
        Label::Rate,
        Label::Service,
        Label::Fee,
        Label::Cost,
        Label::Advice,
        Label::Margin,
        Label::Income,
        Label::Net,
        Label::TravelApart,
    ]
    .into_iter()
    .map(label)
    .collect();
    if allocated {
        header.insert(4, label(Label::Allocations));
    }
    t.set_header(header);
    let none = || label(Label::None).to_string();
    for b in &ag.budgets {
        let basis = say(S::Basis(b.basis), locale);
        let mut cells = vec![
            b.name.clone(),
            format!("{} ({basis})", super::hours(b.hours, locale)),
            m(Money::round(b.rate)),
            m(b.service),
            m(b.fee),
            m(b.cost),
            b.advice.map_or_else(none, m),
            b.margin.map_or("–".into(), m),
            m(b.income),
            m(b.net),
            b.travel.map_or_else(none, m),
        ];
        if allocated {
            cells.insert(4, m(b.allocation));
        }
        t.add_row(cells);
    }
    let columns: Vec<usize> = (1..=if allocated { 11 } else { 10 }).collect();
    super::align_right(&mut t, &columns);
    // The hours and their basis may wrap between the two.
    t.wrap(1);
    // What can be read off the others goes first when the width is short:
    // rate and service make the cost, advice less cost is the margin; then
    // the fixed amounts (in the cost) and the travel estimate (also in the
    // notes under the table).
    let shift = usize::from(allocated);
    let mut droppable = vec![2, 3, 4 + shift, 6 + shift, 8 + shift];
    if allocated {
        droppable.push(4);
    }
    droppable.push(10 + shift);
    writeln!(out, "{}", super::fitted(t, &droppable, locale))?;
    Ok(())
}

/// What the columns mean, then each client's travel note and notes.
fn legend(out: &mut dyn Write, ag: &AgreementBudgets, locale: Locale) -> anyhow::Result<()> {
    let advice_article = ag.budgets.iter().find_map(|b| b.advice_article.clone());
    let allocated = ag.budgets.iter().any(|b| !b.allocation.is_zero());
    let legend = S::Legend {
        allocated,
        advice_article,
    };
    writeln!(out, "{}", say(legend, locale))?;
    let w = lang::of(locale);
    for b in &ag.budgets {
        let travel = (w.phrase)(&b.travel_note).render(locale);
        let party = &b.party;
        writeln!(out, "{} {party}: {travel}", (w.label)(Label::Travel))?;
        for n in &b.notes {
            note_line(out, n, locale)?;
        }
    }
    Ok(())
}
