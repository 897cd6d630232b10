//! `ledger withdraw --agreement ID --party NAME --effective DATE`: the
//! compensation for an early withdrawal (DOMAIN rule 8) and why it is what
//! it is, next to the regular way out by notice against renewal.

use std::io::Write;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::cli::{DataArgs, Format, WithdrawArgs};
use crate::core::agreement::Article;
use crate::core::explain::Explanation;
use crate::core::lines::Line;
use crate::core::money::{self, Money};
use crate::core::withdrawal::{self, Bound, Compensation};
use crate::report;

use super::statement::{render_explanations, row, rows_table, Explained, Row};

#[derive(Debug, Serialize)]
pub struct TermView {
    pub number: u32,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

#[derive(Debug, Serialize)]
pub struct MonthView {
    pub start: NaiveDate,
    pub end: NaiveDate,
    #[serde(serialize_with = "crate::core::text::json_text::hours")]
    pub contracted: Decimal,
    #[serde(serialize_with = "crate::core::text::json_text::hours")]
    pub redeployed: Decimal,
    #[serde(serialize_with = "crate::core::text::json_text::hours")]
    pub lost: Decimal,
    #[serde(serialize_with = "crate::core::text::json_text::price")]
    pub rate: Decimal,
}

#[derive(Debug, Serialize)]
pub struct RegularView {
    pub last_notice_day: NaiveDate,
    pub wording: String,
    pub ends: NaiveDate,
    pub article: Article,
    /// Where the effective date lies after the last notice day: the next
    /// last notice day and the end it gives.
    pub next_last_notice_day: Option<NaiveDate>,
    pub next_ends: Option<NaiveDate>,
}

#[derive(Debug, Serialize)]
pub struct WithdrawReport {
    pub agreement: String,
    pub party: String,
    pub name: String,
    pub effective: NaiveDate,
    pub term: TermView,
    pub cap_months: u32,
    pub cap_end: NaiveDate,
    pub external_contract_ends: Option<NaiveDate>,
    pub period_start: Option<NaiveDate>,
    pub period_end: Option<NaiveDate>,
    pub bound: Option<Bound>,
    #[serde(serialize_with = "crate::core::text::json_text::hours")]
    pub hours_lost: Decimal,
    #[serde(serialize_with = "crate::core::text::json_text::hours")]
    pub redeployed_hours: Decimal,
    #[serde(serialize_with = "crate::core::text::json_text::hours")]
    pub redeployed_counted: Decimal,
    #[serde(serialize_with = "crate::core::text::json_text::hours")]
    pub hours_charged: Decimal,
    pub months: Vec<MonthView>,
    #[serde(serialize_with = "crate::core::text::json_text::lines")]
    pub lines: Vec<Line>,
    pub total: Money,
    pub with_fees: bool,
    pub reason: String,
    pub regular: Option<RegularView>,
    pub article: Article,
    pub relief_article: Option<Article>,
    #[serde(skip)]
    pub rows: Vec<Row>,
    #[serde(skip)]
    pub explanations: Vec<Explanation>,
}

pub fn run(data: &DataArgs, args: &WithdrawArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let dataset = super::load_dataset(data)?;
    let entry = dataset.require(&args.agreement)?;
    let (a, f) = (&entry.agreement, &entry.facts);
    let fact = super::statement::find_client(a, f, &args.party)?
        .and_then(|id| f.withdrawal(&id))
        .filter(|w| w.effective == args.effective);
    // A withdrawal recorded in the facts for this date supplies the
    // defaults; flags given on the command line win.
    let redeployed = match &args.redeployed_hours {
        Some(text) => {
            money::parse_decimal(text).map_err(|e| anyhow::anyhow!("--redeployed-hours: {e}"))?
        }
        None => fact.map_or(Decimal::ZERO, |w| w.redeployed_hours),
    };
    let external = args
        .external_contract_ends
        .or(fact.and_then(|w| w.external_contract_ends));
    let c = withdrawal::compensation(a, f, &args.party, args.effective, redeployed, external)?;
    let report = build(&c, args);
    render(&report, args, out)
}

/// Builds the report; descriptions use the table's locale, or plain numbers
/// for CSV and JSON like their amount columns.
fn build(c: &Compensation, args: &WithdrawArgs) -> WithdrawReport {
    let locale = (args.output.format == Format::Table).then_some(args.output.locale);
    let h = |d: Decimal| locale.map_or(money::plain_decimal(d, 2), |l| report::hours(d, l));
    let m = |x: Money| locale.map_or(x.plain(), |l| report::money(x, l));
    let mut rows = vec![
        row(
            "effective",
            format!("withdrawal takes effect on {}", c.effective),
            None,
            None,
            &c.article,
        ),
        row(
            "term",
            format!(
                "current term ({}): {} up to and including {}",
                withdrawal::term_label(c.term_number),
                c.term.start(),
                c.term.end()
            ),
            None,
            None,
            c.regular
                .as_ref()
                .map_or(String::new(), |r| r.article.to_string()),
        ),
        row(
            "period",
            match c.period {
                Some(p) => format!(
                    "compensation period {} up to and including {}",
                    p.start(),
                    p.end()
                ),
                None => "compensation period: none".to_string(),
            },
            None,
            None,
            &c.article,
        ),
        row(
            "hours_lost",
            "hours lost (contracted hours of the period)",
            Some(c.hours_lost),
            None,
            &c.article,
        ),
        row(
            "redeployed",
            if c.redeployed == c.redeployed_given {
                "redeployed hours (earliest months first)".to_string()
            } else {
                format!(
                    "redeployed hours counted (of {} given)",
                    h(c.redeployed_given)
                )
            },
            Some(c.redeployed),
            None,
            c.relief_article
                .as_ref()
                .map_or(String::new(), Article::to_string),
        ),
        row(
            "hours_charged",
            "hours charged",
            Some(c.hours_charged),
            None,
            &c.article,
        ),
    ];
    for l in &c.lines {
        rows.push(row(
            if l.kind == crate::core::agreement::LineKind::Fee {
                "fee"
            } else {
                "compensation_line"
            },
            format!(
                "{} × {}",
                if l.unit == "hour" {
                    format!("{} h", h(l.quantity))
                } else {
                    l.description.clone()
                },
                m(Money::round(l.unit_price))
            ),
            (l.unit == "hour").then_some(l.quantity),
            Some(l.amount),
            &l.article,
        ));
    }
    rows.push(row(
        "total",
        "compensation (excl. VAT)",
        None,
        Some(c.total),
        &c.article,
    ));
    if let Some(r) = &c.regular {
        rows.push(row(
            "last_notice_day",
            format!(
                "regular way out: notice {} (last day {})",
                r.wording, r.last_notice_day
            ),
            None,
            None,
            &r.article,
        ));
        rows.push(row(
            "regular_end",
            format!("… ends the agreement on {} without compensation", r.ends),
            None,
            Some(Money::ZERO),
            &r.article,
        ));
    }
    WithdrawReport {
        agreement: c.agreement.clone(),
        party: c.party.clone(),
        name: c.party_name.clone(),
        effective: c.effective,
        term: TermView {
            number: c.term_number,
            start: c.term.start(),
            end: c.term.end(),
        },
        cap_months: c.cap_months,
        cap_end: c.cap_end,
        external_contract_ends: c.external_contract_ends,
        period_start: c.period.map(|p| p.start()),
        period_end: c.period.map(|p| p.end()),
        bound: c.bound,
        hours_lost: c.hours_lost.normalize(),
        redeployed_hours: c.redeployed_given.normalize(),
        redeployed_counted: c.redeployed.normalize(),
        hours_charged: c.hours_charged.normalize(),
        months: c
            .months
            .iter()
            .map(|m| MonthView {
                start: m.covered.start(),
                end: m.covered.end(),
                contracted: m.contracted.normalize(),
                redeployed: m.redeployed.normalize(),
                lost: m.lost.normalize(),
                rate: m.rate,
            })
            .collect(),
        lines: c.lines.clone(),
        total: c.total,
        with_fees: c.with_fees,
        reason: c.reason.clone(),
        regular: c.regular.as_ref().map(|r| RegularView {
            last_notice_day: r.last_notice_day,
            wording: r.wording.clone(),
            ends: r.ends,
            article: r.article.clone(),
            next_last_notice_day: r.next.map(|n| n.0),
            next_ends: r.next.map(|n| n.1),
        }),
        article: c.article.clone(),
        relief_article: c.relief_article.clone(),
        rows,
        explanations: std::iter::once(c.explanation.clone())
            .chain(c.explanations.iter().cloned())
            .collect(),
    }
}

#[derive(Serialize)]
struct CsvRow<'a> {
    agreement: &'a str,
    party: &'a str,
    effective: NaiveDate,
    item: &'a str,
    description: &'a str,
    hours: String,
    amount: String,
    article: &'a str,
}

fn render(r: &WithdrawReport, args: &WithdrawArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let locale = args.output.locale;
    match args.output.format {
        Format::Json => report::write_json(
            out,
            &Explained {
                item: r,
                explanations: args.output.explain.then_some(r.explanations.as_slice()),
            },
        ),
        Format::Csv => {
            let mut w = report::csv_writer(out);
            for row in &r.rows {
                w.serialize(CsvRow {
                    agreement: &r.agreement,
                    party: &r.party,
                    effective: r.effective,
                    item: &row.item,
                    description: &row.description,
                    hours: row
                        .hours
                        .map_or(String::new(), crate::core::text::hours_text),
                    amount: row.amount.map_or(String::new(), |m| m.plain()),
                    article: &row.article,
                })?;
            }
            w.flush()?;
            Ok(())
        }
        Format::Table => {
            writeln!(
                out,
                "Withdrawal compensation — {} ({}), {}",
                r.name, r.party, r.agreement
            )?;
            rows_table(&r.rows, locale, out)?;
            writeln!(out, "why: {}", r.reason)?;
            if let Some(reg) = &r.regular {
                if let (Some(d), Some(e)) = (reg.next_last_notice_day, reg.next_ends) {
                    writeln!(
                        out,
                        "note: the effective date lies after the last notice day {}; notice given by {d} ends the agreement on {e}",
                        reg.last_notice_day
                    )?;
                }
            }
            if args.output.explain {
                render_explanations(out, &r.explanations)?;
            }
            Ok(())
        }
    }
}
