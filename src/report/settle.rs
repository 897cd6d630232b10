//! The report of `ledger settle`: the year-end settlement per client
//! (DOMAIN rule 7), built once from `core::settlement`, and its table, CSV
//! (one row per statement line) and JSON. The formats are documented in
//! `docs/settlement-formats.md`.

use crate::core::agreement::Unit;
use std::collections::BTreeMap;
use std::io::Write;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::cli::Locale;
use crate::core::agreement::{Agreement, Article, LineKind, OverUse, TakeOrPay, UnderUse};
use crate::core::explain::{Explanation, Phrase};
use crate::core::lines::{Line, Totals};
use crate::core::money::Money;
use crate::core::settlement::Settlement;
use crate::core::statement::StatementPhrase as S;
use crate::report::lang;
use crate::report::statement::{
    note_line, notes_table, notes_to_stderr, render_explanations, row, rows_table, say, Explained,
    Row,
};

#[derive(Debug, Serialize)]
pub struct SettleReport {
    pub year: i32,
    pub agreements: Vec<AgreementSettlements>,
    pub notes: Vec<Phrase>,
}

#[derive(Debug, Serialize)]
pub struct AgreementSettlements {
    pub agreement: String,
    pub title: String,
    pub settlements: Vec<SettlementView>,
}

#[derive(Debug, Serialize)]
pub struct HoursView {
    #[serde(serialize_with = "crate::core::text::json_text::hours")]
    pub contracted: Decimal,
    #[serde(serialize_with = "crate::core::text::json_text::hours")]
    pub invoiced: Decimal,
    #[serde(serialize_with = "crate::core::text::json_text::hours")]
    pub delivered: Decimal,
    #[serde(serialize_with = "crate::core::text::json_text::hours")]
    pub over_use: Decimal,
    #[serde(serialize_with = "crate::core::text::json_text::hours")]
    pub under_use: Decimal,
    #[serde(serialize_with = "crate::core::text::json_text::hours")]
    pub not_delivered: Decimal,
    #[serde(serialize_with = "crate::core::text::json_text::hours")]
    pub redeployed: Decimal,
    #[serde(serialize_with = "crate::core::text::json_text::hours")]
    pub exception_refunded: Decimal,
    #[serde(serialize_with = "crate::core::text::json_text::hours")]
    pub take_or_pay: Decimal,
    #[serde(serialize_with = "crate::core::text::json_text::hours")]
    pub charged: Decimal,
}

#[derive(Debug, Serialize)]
pub struct QuarterView {
    pub quarter: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    #[serde(serialize_with = "crate::core::text::json_text::hours")]
    pub hours: Decimal,
    pub service: Money,
    pub fee: Money,
    pub travel: Money,
}

#[derive(Debug, Serialize)]
pub struct ExceptionView {
    pub ground: String,
    pub what: String,
    pub article: Article,
    pub note: Option<String>,
    pub source: String,
}

#[derive(Debug, Serialize)]
pub struct IncomeView {
    pub what: String,
    #[serde(with = "rust_decimal::serde::str")]
    pub units: Decimal,
    pub unit_amount: Money,
    pub amount: Money,
    pub article: Article,
}

#[derive(Debug, Serialize)]
pub struct SettlementView {
    pub party: String,
    pub name: String,
    pub year: i32,
    pub start: NaiveDate,
    pub end: NaiveDate,
    #[serde(serialize_with = "crate::core::text::json_text::price")]
    pub rate: Decimal,
    pub hours: HoursView,
    pub house_visits: u64,
    pub activity_rows: u64,
    pub exception: Option<ExceptionView>,
    pub quarters: Vec<QuarterView>,
    pub invoiced_service: Money,
    pub invoiced_fee: Money,
    pub invoiced_travel: Money,
    /// Allocation parts (fixed amounts) as invoiced; left out where none.
    #[serde(skip_serializing_if = "Money::is_zero_ref")]
    pub invoiced_allocation: Money,
    #[serde(with = "rust_decimal::serde::str")]
    pub travel_km: Decimal,
    /// `extra`, `refund` or `none`.
    pub outcome: String,
    #[serde(serialize_with = "crate::core::text::json_text::lines")]
    pub lines: Vec<Line>,
    pub totals: Option<Totals>,
    pub income: Vec<IncomeView>,
    pub net_cost: Money,
    pub notes: Vec<Phrase>,
    #[serde(skip)]
    pub rows: Vec<Row>,
    #[serde(skip)]
    pub explanations: Vec<Explanation>,
}

impl SettlementView {
    /// The view of one settlement of agreement `a`, its statement rows
    /// built once with typed figures for every format.
    pub fn build(a: &Agreement, s: &Settlement) -> SettlementView {
        let top = a.take_or_pay.as_ref().expect("settle checked the clause");
        let mut rows = hour_rows(a, top, s);
        rows.extend(s.lines.iter().map(line_row));
        let outcome = total_rows(top, s, &mut rows);
        rows.extend(closing_rows(a, s));
        SettlementView {
            party: s.party.clone(),
            name: s.party_name.clone(),
            year: s.year,
            start: s.period.start(),
            end: s.period.end(),
            rate: s.rate.amount,
            hours: hours_view(s),
            house_visits: s.delivered.house_visits,
            activity_rows: s.delivered.rows,
            exception: s.exception.as_ref().map(|e| ExceptionView {
                ground: e.ground.clone(),
                what: e.what.clone(),
                article: e.article.clone(),
                note: e.note.clone(),
                source: e.source.clone(),
            }),
            quarters: quarter_views(s),
            invoiced_service: s.invoiced_service,
            invoiced_fee: s.invoiced_fee,
            invoiced_travel: s.invoiced_travel,
            invoiced_allocation: s.invoiced_allocation,
            travel_km: s.travel_km.normalize(),
            outcome: outcome.to_string(),
            lines: s.lines.clone(),
            totals: s.totals.clone(),
            income: income_views(s),
            net_cost: s.net_cost,
            notes: s.notes.clone(),
            rows,
            explanations: s.explanations.clone(),
        }
    }
}

fn hours_view(s: &Settlement) -> HoursView {
    HoursView {
        contracted: s.contracted.hours.normalize(),
        invoiced: s.invoiced_hours.normalize(),
        delivered: s.delivered.hours.normalize(),
        over_use: s.split.over_use.normalize(),
        under_use: s.split.under_use.normalize(),
        not_delivered: s.split.not_delivered.normalize(),
        redeployed: s.split.redeployed.normalize(),
        exception_refunded: s.split.exception.normalize(),
        take_or_pay: s.split.take_or_pay.normalize(),
        charged: s.charged_hours().normalize(),
    }
}

fn quarter_views(s: &Settlement) -> Vec<QuarterView> {
    s.quarters
        .iter()
        .map(|q| QuarterView {
            quarter: q.quarter.to_string(),
            start: q.period.start(),
            end: q.period.end(),
            hours: q.hours().normalize(),
            service: q.service_amount(),
            fee: q.fee(),
            travel: q.travel_amount(),
        })
        .collect()
}

fn income_views(s: &Settlement) -> Vec<IncomeView> {
    s.income
        .iter()
        .map(|i| IncomeView {
            what: i.what.clone(),
            units: i.units.normalize(),
            unit_amount: i.unit_amount,
            amount: i.amount,
            article: i.article.clone(),
        })
        .collect()
}

/// The hours side of the statement: contracted, invoiced, delivered and
/// the split of the difference.
fn hour_rows(a: &Agreement, top: &TakeOrPay, s: &Settlement) -> Vec<Row> {
    let mut rows = invoiced_rows(a, s);
    rows.extend(split_rows(top, s));
    // Only an agreement that refunds all under-use has this row, so the
    // statements of the others keep their shape.
    if top.under_use == UnderUse::Always {
        rows.push(row(
            "always_refunded",
            S::AlwaysRefundedRow,
            Some(s.split.always),
            None,
            &top.settlement_article,
        ));
    }
    rows
}

/// Contracted hours and what the year's invoices billed: service, fee and,
/// where the agreement has them, fixed amounts.
fn invoiced_rows(a: &Agreement, s: &Settlement) -> Vec<Row> {
    let fee_articles: Vec<String> = a.fees.iter().map(|f| f.article.to_string()).collect();
    let mut rows = vec![
        row(
            "contracted",
            S::ContractedRow {
                start: s.period.start(),
                end: s.period.end(),
            },
            Some(s.contracted.hours),
            None,
            s.contracted
                .years
                .first()
                .map_or(String::new(), |y| y.article.to_string()),
        ),
        row(
            "invoiced_service",
            S::InvoicedRow {
                invoices: s.quarters.len(),
            },
            Some(s.invoiced_hours),
            Some(s.invoiced_service),
            &a.billing.article,
        ),
        row(
            "invoiced_fee",
            S::FeeAsInvoiced,
            None,
            Some(s.invoiced_fee),
            fee_articles.join(", "),
        ),
    ];
    // Fixed amounts count in the net cost; an agreement without them keeps
    // the statement it had.
    if !s.invoiced_allocation.is_zero() {
        let mut articles: Vec<String> = a
            .allocations
            .iter()
            .map(|x| x.article.to_string())
            .collect();
        articles.dedup();
        rows.push(row(
            "invoiced_allocation",
            S::AllocationsAsInvoiced,
            None,
            Some(s.invoiced_allocation),
            articles.join(", "),
        ));
    }
    rows
}

/// The hours delivered and how the difference with the invoiced hours splits.
fn split_rows(top: &TakeOrPay, s: &Settlement) -> Vec<Row> {
    let h = |d: Decimal| Some(d);
    let (not_delivered, redeployed) = recorded_words(top);
    vec![
        row(
            "delivered",
            S::DeliveredRow {
                rows: s.delivered.rows,
                house_visits: s.delivered.house_visits,
            },
            h(s.delivered.hours),
            None,
            &top.settlement_article,
        ),
        row(
            "over_use",
            S::OverUseRow {
                billed: top.over_use == OverUse::Billed,
            },
            h(s.split.over_use),
            None,
            &top.overuse_article,
        ),
        row(
            "under_use",
            S::UnderUseRow,
            h(s.split.under_use),
            None,
            &top.article,
        ),
        row(
            "not_delivered",
            not_delivered,
            h(s.split.not_delivered),
            None,
            &top.shortfall_article,
        ),
        row(
            "redeployed",
            redeployed,
            h(s.split.redeployed),
            None,
            &top.article,
        ),
        exception_row(top, s),
        row(
            "take_or_pay",
            S::TakeOrPayRow,
            h(s.split.take_or_pay),
            None,
            &top.article,
        ),
    ]
}

/// The words of the not-delivered and redeployed rows: under a policy that
/// never refunds, these hours give no refund.
fn recorded_words(top: &TakeOrPay) -> (S, S) {
    let never_refunded = top.under_use == UnderUse::Never;
    (
        S::NotDeliveredRow { never_refunded },
        S::RedeployedRow { never_refunded },
    )
}

fn exception_row(top: &TakeOrPay, s: &Settlement) -> Row {
    let description = match &s.exception {
        Some(e) => S::ExceptionRow(e.what.clone()),
        None => S::NoExceptionRow,
    };
    // Without a recorded exception the row still names the clause that
    // would allow one.
    let article = s.exception.as_ref().map_or_else(
        || {
            top.exceptions
                .first()
                .map_or(top.article.to_string(), |e| e.article.to_string())
        },
        |e| e.article.to_string(),
    );
    row(
        "exception",
        description,
        Some(s.split.exception),
        None,
        article,
    )
}

/// A settlement line: the extra charge, the refund or their fee.
fn line_row(l: &Line) -> Row {
    let item = match l.kind {
        LineKind::Fee => "settlement_fee",
        _ if l.amount.is_negative() => "refund",
        _ => "extra",
    };
    row(
        item,
        l.description.clone(),
        (l.unit == Unit::Hour).then_some(l.quantity),
        Some(l.amount),
        &l.article,
    )
}

/// The settlement's totals (or that there is nothing to settle), pushed
/// onto `rows`; returns the outcome key (`extra`, `refund` or `none`).
fn total_rows(top: &TakeOrPay, s: &Settlement, rows: &mut Vec<Row>) -> &'static str {
    let Some(t) = &s.totals else {
        rows.push(row(
            "settlement_excl_vat",
            S::NoDifferenceRow,
            None,
            Some(Money::ZERO),
            &top.settlement_article,
        ));
        return "none";
    };
    rows.push(row(
        "settlement_excl_vat",
        S::SettlementExclVat,
        None,
        Some(t.total_excl_vat),
        &top.settlement_article,
    ));
    for v in &t.vat {
        rows.push(row(
            "settlement_vat",
            S::SettlementVat {
                category: v.category,
                percent: v.percent,
            },
            None,
            Some(v.amount),
            "",
        ));
    }
    rows.push(row(
        "settlement_incl_vat",
        S::SettlementInclVat,
        None,
        Some(t.total_incl_vat),
        "",
    ));
    if t.total_excl_vat.is_negative() {
        "refund"
    } else {
        "extra"
    }
}

/// Income, the net cost of the year and travel shown apart.
fn closing_rows(a: &Agreement, s: &Settlement) -> Vec<Row> {
    let mut rows: Vec<Row> = s
        .income
        .iter()
        .map(|i| {
            let description = S::IncomeRow {
                units: i.units,
                amount: i.unit_amount,
            };
            row("income", description, None, Some(i.amount), &i.article)
        })
        .collect();
    rows.push(row("net_cost", S::NetCostRow, None, Some(s.net_cost), ""));
    if let Some(t) = &a.travel {
        let description = S::TravelRow { km: s.travel_km };
        rows.push(row(
            "travel",
            description,
            None,
            Some(s.invoiced_travel),
            &t.article,
        ));
    }
    rows
}

/// The report as JSON; `explain` adds each settlement's explanations.
pub fn write_json(out: &mut dyn Write, report: &SettleReport, explain: bool) -> anyhow::Result<()> {
    let agreements: Vec<BTreeMap<&str, serde_json::Value>> = report
        .agreements
        .iter()
        .map(|ag| {
            let settlements: Vec<serde_json::Value> = ag
                .settlements
                .iter()
                .map(|s| {
                    serde_json::to_value(Explained {
                        item: s,
                        explanations: explain.then_some(s.explanations.as_slice()),
                    })
                })
                .collect::<Result<_, _>>()?;
            Ok(BTreeMap::from([
                ("agreement", serde_json::json!(ag.agreement)),
                ("title", serde_json::json!(ag.title)),
                ("settlements", serde_json::Value::Array(settlements)),
            ]))
        })
        .collect::<Result<_, serde_json::Error>>()?;
    super::write_json(
        out,
        &serde_json::json!({
            "year": report.year,
            "agreements": agreements,
            "notes": report.notes,
        }),
    )
}

#[derive(Serialize)]
struct CsvRow<'a> {
    agreement: &'a str,
    party: &'a str,
    year: i32,
    item: &'a str,
    description: &'a str,
    hours: String,
    amount: String,
    article: &'a str,
}

/// One CSV row per statement line; notes go to stderr.
pub fn write_csv(out: &mut dyn Write, report: &SettleReport) -> anyhow::Result<()> {
    let mut w = super::csv_writer(out);
    for ag in &report.agreements {
        for s in &ag.settlements {
            for r in &s.rows {
                w.serialize(CsvRow {
                    agreement: &ag.agreement,
                    party: &s.party,
                    year: s.year,
                    item: &r.item,
                    description: r.description.plain().trim(),
                    hours: r.hours.map_or(String::new(), crate::core::text::hours_text),
                    amount: r.amount.map_or(String::new(), |m| m.plain()),
                    article: &r.article,
                })?;
            }
        }
    }
    w.flush()?;
    drop(w);
    for s in report.agreements.iter().flat_map(|ag| &ag.settlements) {
        for n in &s.notes {
            eprintln!("note: {}: {}", s.party, lang::machine(n));
        }
    }
    notes_to_stderr(&report.notes);
    Ok(())
}

/// One table per settlement, with its notes and, if asked, explanations.
pub fn write_table(
    out: &mut dyn Write,
    report: &SettleReport,
    locale: Locale,
    explain: bool,
) -> anyhow::Result<()> {
    let mut first = true;
    for ag in &report.agreements {
        for s in &ag.settlements {
            if !first {
                writeln!(out)?;
            }
            first = false;
            let heading = S::SettleHeading {
                year: s.year,
                name: s.name.clone(),
                party: s.party.clone(),
                agreement: ag.agreement.clone(),
            };
            writeln!(out, "{}", say(heading, locale))?;
            let span = S::SpanAndRate {
                start: s.start,
                end: s.end,
                rate: Money::round(s.rate),
            };
            writeln!(out, "{}", say(span, locale))?;
            rows_table(&s.rows, locale, out)?;
            for n in &s.notes {
                note_line(out, n, locale)?;
            }
            if explain {
                render_explanations(out, &s.explanations, locale)?;
            }
        }
    }
    notes_table(out, &report.notes, locale)
}
