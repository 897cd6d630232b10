//! `ledger settle --year Y [--agreement ID] [--party NAME]`: the year-end
//! settlement per client (DOMAIN rule 7), as a table, CSV (one row per
//! statement line) or JSON; `--explain` adds every figure's explanation.

use std::collections::BTreeMap;
use std::io::Write;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::cli::{DataArgs, Format, Locale, SettleArgs};
use crate::core::activity::{Aggregate, Totals as ActivityTotals};
use crate::core::agreement::{Agreement, Article};
use crate::core::explain::Explanation;
use crate::core::invoice;
use crate::core::lines::{Line, Totals};
use crate::core::money::{self, Money};
use crate::core::settlement::{self, Settlement};
use crate::load::{activity, Entry};
use crate::report;

use super::statement::{
    agreements_in_year, client_list, clients, find_client, print_warnings, render_explanations,
    row, rows_table, Explained, Row, YearlyReport,
};

#[derive(Debug, Serialize)]
pub struct SettleReport {
    pub year: i32,
    pub agreements: Vec<AgreementSettlements>,
    pub notes: Vec<String>,
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
    #[serde(with = "rust_decimal::serde::str")]
    pub travel_km: Decimal,
    /// `extra`, `refund` or `none`.
    pub outcome: String,
    #[serde(serialize_with = "crate::core::text::json_text::lines")]
    pub lines: Vec<Line>,
    pub totals: Option<Totals>,
    pub income: Vec<IncomeView>,
    pub net_cost: Money,
    pub notes: Vec<String>,
    #[serde(skip)]
    pub rows: Vec<Row>,
    #[serde(skip)]
    pub explanations: Vec<Explanation>,
}

pub fn run(data: &DataArgs, args: &SettleArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let dataset = super::load_dataset(data)?;
    let report = build(&dataset, args)?;
    render(&report, args, out)
}

/// Settles every client (or the one asked for) of every agreement with
/// hours (or the one asked for) for the year.
pub fn build(dataset: &crate::load::Dataset, args: &SettleArgs) -> anyhow::Result<SettleReport> {
    let year = args.year;
    let explicit = args.agreement.is_some();
    let mut notes = Vec::new();
    let (entries, skipped) = agreements_in_year(
        dataset,
        args.agreement.as_deref(),
        year,
        &YearlyReport {
            no_hours_note: "no contracted hours, nothing to settle",
            no_hours_error: "has no hours to settle: it bills no contracted hours",
            nothing: "nothing to settle in",
        },
        &mut notes,
    )?;
    let mut agreements = Vec::new();
    let mut party_found = false;
    for entry in entries {
        let a = &entry.agreement;
        let f = &entry.facts;
        let parties = match &args.party {
            Some(q) => match find_client(a, f, q)? {
                Some(id) => {
                    party_found = true;
                    vec![id]
                }
                None if explicit => anyhow::bail!(
                    "unknown party `{q}` in agreement `{}`; the borrowers are: {}",
                    a.id,
                    client_list(a, f)
                ),
                None => continue,
            },
            None => clients(a, f),
        };
        let settlements = settle_entry(
            entry,
            year,
            (args.output.format == Format::Table).then_some(args.output.locale),
            &parties,
            &mut notes,
        )?;
        agreements.push(AgreementSettlements {
            agreement: a.id.clone(),
            title: a.short_title.clone(),
            settlements,
        });
    }
    if let Some(q) = &args.party {
        if !party_found && !explicit {
            anyhow::bail!("unknown party `{q}`: no agreement with hours in {year} has a borrower by that name");
        }
    }
    notes.extend(skipped);
    Ok(SettleReport {
        year,
        agreements,
        notes,
    })
}

fn settle_entry(
    entry: &Entry,
    year: i32,
    locale: Option<Locale>,
    parties: &[String],
    notes: &mut Vec<String>,
) -> anyhow::Result<Vec<SettlementView>> {
    let a = &entry.agreement;
    let f = &entry.facts;
    // One pass over the log per agreement, per borrower and day of the
    // year; the days are then summed per month as `ledger invoice` sums
    // them, and the settlement rebuilds the year's invoices from those
    // months. The days also tell where the log ends.
    let days = activity::aggregate(a, f, |d| (d.year() == year).then_some(d))?;
    let last_row = days.totals.keys().map(|(_, d)| *d).max();
    let agg = by_month(days);
    // A settlement weighs the hours delivered in the year against those
    // invoiced: without a single row of the year it would count every
    // contracted hour as not taken, which is a missing log, not a fact.
    let Some(last_row) = last_row else {
        if f.activity_logs.is_empty() {
            anyhow::bail!(
                "cannot settle agreement `{}` for {year}: its facts name no activity log, so the hours delivered in {year} are unknown",
                a.id
            );
        }
        let (what, has) = if f.activity_logs.len() == 1 {
            ("log", "has")
        } else {
            ("logs", "have")
        };
        anyhow::bail!(
            "cannot settle agreement `{}` for {year}: the activity {what} ({}) {has} no row in {year}, so the hours delivered in {year} are unknown",
            a.id,
            f.activity_logs
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
    };
    // The log should reach the last month in which any settled client takes
    // part in the year; a log with no rows in that month (that does not go on
    // in a later year) has probably not been brought up to date, which is
    // worth a warning, not a stop. A quiet last week or two is normal (the
    // shipped log's last shift is on 21 December), so the test is per month.
    let month = |d: chrono::NaiveDate| (d.year(), d.month());
    let life = settlement::life_in_year(a, f, year)?;
    let reach = parties
        .iter()
        .filter_map(|p| crate::core::term::participation(a, f, p).clip(life))
        .map(|p| p.end())
        .max();
    if reach.is_some_and(|end| month(last_row) < month(end)) {
        let later = activity::aggregate(a, f, |d| (d.year() > year).then_some(()))?;
        if later.totals.is_empty() {
            eprintln!(
                "warning: the activity log ends on {last_row}; hours delivered after it are not counted"
            );
        }
    }
    print_warnings(&agg, parties);
    let mut views = Vec::new();
    for party in parties {
        match settlement::settle(a, f, party, year, &agg) {
            Ok(s) => views.push(view(a, &s, locale)),
            Err(settlement::SettlementError::NotTakingPart { .. }) if parties.len() > 1 => {
                notes.push(format!("{}: {party} takes no part in {year}", a.id));
            }
            Err(e) => return Err(e.into()),
        }
    }
    Ok(views)
}

/// The day totals of a year summed per month, as the invoices need them.
fn by_month(days: Aggregate<NaiveDate>) -> Aggregate<invoice::Month> {
    let mut totals: std::collections::HashMap<(String, invoice::Month), ActivityTotals> =
        std::collections::HashMap::new();
    for ((borrower, day), t) in days.totals {
        let sum = totals
            .entry((borrower, invoice::month_of(day)))
            .or_default();
        if sum.rows == 0 {
            sum.first_line = t.first_line;
        } else {
            sum.first_line = sum.first_line.min(t.first_line);
        }
        sum.last_line = sum.last_line.max(t.last_line);
        sum.rows += t.rows;
        sum.hours += t.hours;
        sum.km += t.km;
        sum.house_visits += t.house_visits;
        sum.hours_outside_window += t.hours_outside_window;
    }
    Aggregate {
        borrowers: days.borrowers,
        totals,
        warnings: days.warnings,
        logs: days.logs,
    }
}

/// Builds the view; `locale` is `None` for CSV and JSON, whose descriptions
/// use plain numbers like their amount columns.
fn view(a: &Agreement, s: &Settlement, locale: Option<Locale>) -> SettlementView {
    let top = a.take_or_pay.as_ref().expect("settle checked the clause");
    let billing = &a.billing.article;
    let fee_articles: Vec<String> = a.fees.iter().map(|f| f.article.to_string()).collect();
    let h = |d: Decimal| Some(d);
    let mut rows = vec![
        row(
            "contracted",
            format!("contracted hours {} – {}", s.period.start(), s.period.end()),
            h(s.contracted.hours),
            None,
            s.contracted
                .years
                .first()
                .map_or(String::new(), |y| y.article.to_string()),
        ),
        row(
            "invoiced_service",
            format!(
                "invoiced: {} quarterly invoice{}",
                s.quarters.len(),
                if s.quarters.len() == 1 { "" } else { "s" },
            ),
            h(s.invoiced_hours),
            Some(s.invoiced_service),
            billing,
        ),
        row(
            "invoiced_fee",
            "fee as invoiced",
            None,
            Some(s.invoiced_fee),
            fee_articles.join(", "),
        ),
        row(
            "delivered",
            format!(
                "delivered (activity log: {} shifts, {} house visits)",
                s.delivered.rows, s.delivered.house_visits
            ),
            h(s.delivered.hours),
            None,
            &top.settlement_article,
        ),
        row(
            "over_use",
            "over-use (charged as extra hours)",
            h(s.split.over_use),
            None,
            &top.overuse_article,
        ),
        row(
            "under_use",
            "under-use",
            h(s.split.under_use),
            None,
            &top.article,
        ),
        row(
            "not_delivered",
            "  not delivered by the lender (never charged)",
            h(s.split.not_delivered),
            None,
            &top.shortfall_article,
        ),
        row(
            "redeployed",
            "  redeployed by the lender (refunded)",
            h(s.split.redeployed),
            None,
            &top.article,
        ),
        row(
            "exception",
            match &s.exception {
                Some(e) => format!("  refunded under the exception: {}", e.what),
                None => "  exception: none recorded".to_string(),
            },
            h(s.split.exception),
            None,
            s.exception.as_ref().map_or_else(
                || {
                    top.exceptions
                        .first()
                        .map_or(top.article.to_string(), |e| e.article.to_string())
                },
                |e| e.article.to_string(),
            ),
        ),
        row(
            "take_or_pay",
            "  take-or-pay (stays due)",
            h(s.split.take_or_pay),
            None,
            &top.article,
        ),
    ];
    for l in &s.lines {
        let item = match l.kind {
            crate::core::agreement::LineKind::Fee => "settlement_fee",
            _ if l.amount.is_negative() => "refund",
            _ => "extra",
        };
        rows.push(row(
            item,
            l.description.clone(),
            (l.unit == "hour").then_some(l.quantity),
            Some(l.amount),
            &l.article,
        ));
    }
    let outcome = match &s.totals {
        Some(t) => {
            rows.push(row(
                "settlement_excl_vat",
                "settlement excl. VAT",
                None,
                Some(t.total_excl_vat),
                &top.settlement_article,
            ));
            for v in &t.vat {
                rows.push(row(
                    "settlement_vat",
                    format!("VAT {} {}%", v.category, v.percent.normalize()),
                    None,
                    Some(v.amount),
                    "",
                ));
            }
            rows.push(row(
                "settlement_incl_vat",
                "settlement incl. VAT",
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
        None => {
            rows.push(row(
                "settlement_excl_vat",
                "settlement: no difference to settle",
                None,
                Some(Money::ZERO),
                &top.settlement_article,
            ));
            "none"
        }
    };
    for i in &s.income {
        rows.push(row(
            "income",
            format!(
                "income: {} × {} (not on the invoice)",
                i.units.normalize(),
                locale.map_or(i.unit_amount.plain(), |l| report::money(i.unit_amount, l))
            ),
            None,
            Some(i.amount),
            &i.article,
        ));
    }
    rows.push(row(
        "net_cost",
        "net cost of the year (excl. VAT, travel apart)",
        None,
        Some(s.net_cost),
        "",
    ));
    if a.travel.is_some() {
        rows.push(row(
            "travel",
            format!(
                "travel as invoiced ({} km, shown apart)",
                locale.map_or(money::plain_decimal(s.travel_km, 1), |l| report::number(
                    s.travel_km,
                    1,
                    l
                ))
            ),
            None,
            Some(s.invoiced_travel),
            a.travel
                .as_ref()
                .map_or(String::new(), |t| t.article.to_string()),
        ));
    }
    SettlementView {
        party: s.party.clone(),
        name: s.party_name.clone(),
        year: s.year,
        start: s.period.start(),
        end: s.period.end(),
        rate: s.rate.amount,
        hours: HoursView {
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
        },
        house_visits: s.delivered.house_visits,
        activity_rows: s.delivered.rows,
        exception: s.exception.as_ref().map(|e| ExceptionView {
            ground: e.ground.clone(),
            what: e.what.clone(),
            article: e.article.clone(),
            note: e.note.clone(),
            source: e.source.clone(),
        }),
        quarters: s
            .quarters
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
            .collect(),
        invoiced_service: s.invoiced_service,
        invoiced_fee: s.invoiced_fee,
        invoiced_travel: s.invoiced_travel,
        travel_km: s.travel_km.normalize(),
        outcome: outcome.to_string(),
        lines: s.lines.clone(),
        totals: s.totals.clone(),
        income: s
            .income
            .iter()
            .map(|i| IncomeView {
                what: i.what.clone(),
                units: i.units.normalize(),
                unit_amount: i.unit_amount,
                amount: i.amount,
                article: i.article.clone(),
            })
            .collect(),
        net_cost: s.net_cost,
        notes: s.notes.clone(),
        rows,
        explanations: s.explanations.clone(),
    }
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

fn render(report: &SettleReport, args: &SettleArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let locale = args.output.locale;
    match args.output.format {
        Format::Json => {
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
                                explanations: args
                                    .output
                                    .explain
                                    .then_some(s.explanations.as_slice()),
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
            report::write_json(
                out,
                &serde_json::json!({
                    "year": report.year,
                    "agreements": agreements,
                    "notes": report.notes,
                }),
            )
        }
        Format::Csv => {
            let mut w = report::csv_writer(out);
            for ag in &report.agreements {
                for s in &ag.settlements {
                    for r in &s.rows {
                        w.serialize(CsvRow {
                            agreement: &ag.agreement,
                            party: &s.party,
                            year: s.year,
                            item: &r.item,
                            description: r.description.trim(),
                            hours: r.hours.map_or(String::new(), crate::core::text::hours_text),
                            amount: r.amount.map_or(String::new(), |m| m.plain()),
                            article: &r.article,
                        })?;
                    }
                }
            }
            w.flush()?;
            drop(w);
            for ag in &report.agreements {
                for s in &ag.settlements {
                    for n in &s.notes {
                        eprintln!("note: {}: {n}", s.party);
                    }
                }
            }
            for n in &report.notes {
                eprintln!("note: {n}");
            }
            Ok(())
        }
        Format::Table => {
            let mut first = true;
            for ag in &report.agreements {
                for s in &ag.settlements {
                    if !first {
                        writeln!(out)?;
                    }
                    first = false;
                    writeln!(
                        out,
                        "Year-end settlement {} — {} ({}), {}",
                        s.year, s.name, s.party, ag.agreement
                    )?;
                    writeln!(
                        out,
                        "{} up to and including {}, rate {}/hour",
                        s.start,
                        s.end,
                        report::money(Money::round(s.rate), locale)
                    )?;
                    rows_table(&s.rows, locale, out)?;
                    for n in &s.notes {
                        writeln!(out, "note: {n}")?;
                    }
                    if args.output.explain {
                        render_explanations(out, &s.explanations)?;
                    }
                }
            }
            if !report.notes.is_empty() {
                writeln!(out)?;
                for n in &report.notes {
                    writeln!(out, "note: {n}")?;
                }
            }
            Ok(())
        }
    }
}
