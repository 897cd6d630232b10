//! The report of `ledger withdraw`: the compensation for an early
//! withdrawal (DOMAIN rule 8) and why it is what it is, next to the regular
//! way out, built once from `core::withdrawal` and rendered as a table, CSV
//! or JSON (`docs/settlement-formats.md`).

use crate::core::agreement::Unit;
use std::io::Write;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::cli::Locale;
use crate::core::agreement::{Article, LineKind};
use crate::core::calendar::Wording;
use crate::core::deadline::Due;
use crate::core::explain::{Explanation, Phrase};
use crate::core::lines::Line;
use crate::core::money::Money;
use crate::core::statement::StatementPhrase as S;
use crate::core::withdrawal::{Bound, Compensation, RegularWayOut};
use crate::report::lang::{self, Label};
use crate::report::statement::{
    note_line, render_explanations, row, rows_table, say, Explained, Row,
};
use crate::report::text::Text;

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
    /// As the machine formats word it: `vóór 1 september 2018`.
    #[serde(serialize_with = "machine_wording")]
    pub wording: Wording,
    pub ends: NaiveDate,
    pub article: Article,
    /// Where the effective date lies after the last notice day: the next
    /// last notice day and the end it gives.
    pub next_last_notice_day: Option<NaiveDate>,
    pub next_ends: Option<NaiveDate>,
    /// Whether that notice ends only the client's participation (the
    /// agreement goes on between the others), not the agreement.
    pub participation_only: bool,
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
    pub reason: Phrase,
    pub regular: Option<RegularView>,
    pub article: Article,
    pub relief_article: Option<Article>,
    #[serde(skip)]
    pub rows: Vec<Row>,
    #[serde(skip)]
    pub explanations: Vec<Explanation>,
}

impl WithdrawReport {
    /// The report of a computed compensation, its statement rows built once
    /// with typed figures for every format.
    pub fn build(c: &Compensation) -> WithdrawReport {
        let mut rows = period_rows(c);
        rows.extend(c.lines.iter().map(line_row));
        rows.push(row(
            "total",
            S::CompensationExclVat,
            None,
            Some(c.total),
            &c.article,
        ));
        if let Some(r) = &c.regular {
            rows.extend(regular_rows(r, &c.party_name));
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
            months: month_views(c),
            lines: c.lines.clone(),
            total: c.total,
            with_fees: c.with_fees,
            reason: c.reason.clone(),
            regular: c.regular.as_ref().map(regular_view),
            article: c.article.clone(),
            relief_article: c.relief_article.clone(),
            rows,
            explanations: std::iter::once(c.explanation.clone())
                .chain(c.explanations.iter().cloned())
                .collect(),
        }
    }
}

fn month_views(c: &Compensation) -> Vec<MonthView> {
    c.months
        .iter()
        .map(|m| MonthView {
            start: m.covered.start(),
            end: m.covered.end(),
            contracted: m.contracted.normalize(),
            redeployed: m.redeployed.normalize(),
            lost: m.lost.normalize(),
            rate: m.rate,
        })
        .collect()
}

/// A deadline's wording as the machine formats write it: Dutch.
fn machine_wording<Sr: serde::Serializer>(w: &Wording, s: Sr) -> Result<Sr::Ok, Sr::Error> {
    s.serialize_str(&lang::due(&Due::By(*w), Locale::Nl))
}

fn regular_view(r: &RegularWayOut) -> RegularView {
    RegularView {
        last_notice_day: r.last_notice_day,
        wording: r.wording,
        ends: r.ends,
        article: r.article.clone(),
        next_last_notice_day: r.next.map(|n| n.0),
        next_ends: r.next.map(|n| n.1),
        participation_only: r.participation_only,
    }
}

/// The dates and hours of the compensation: effective date, term, period,
/// hours lost, redeployed and charged.
fn period_rows(c: &Compensation) -> Vec<Row> {
    let period = S::PeriodRow(c.period);
    let redeployed = if c.redeployed == c.redeployed_given {
        S::RedeployedHoursRow
    } else {
        S::RedeployedCountedRow {
            given: c.redeployed_given,
        }
    };
    let mut rows = vec![
        row(
            "effective",
            S::EffectiveRow(c.effective),
            None,
            None,
            &c.article,
        ),
        row(
            "term",
            S::TermRow {
                number: c.term_number,
                term: c.term,
            },
            None,
            None,
            c.regular
                .as_ref()
                .map_or(String::new(), |r| r.article.to_string()),
        ),
        row("period", period, None, None, &c.article),
        row(
            "hours_lost",
            S::HoursLostRow,
            Some(c.hours_lost),
            None,
            &c.article,
        ),
        row(
            "redeployed",
            redeployed,
            Some(c.redeployed),
            None,
            c.relief_article
                .as_ref()
                .map_or(String::new(), Article::to_string),
        ),
        row(
            "hours_charged",
            S::HoursChargedRow,
            Some(c.hours_charged),
            None,
            &c.article,
        ),
    ];
    // Only a clause that compensates part of the hours has this row.
    if c.percent != Decimal::ONE_HUNDRED {
        rows.push(row(
            "hours_compensated",
            S::CompensatedRow { percent: c.percent },
            Some(c.hours_charged * c.percent / Decimal::ONE_HUNDRED),
            None,
            &c.article,
        ));
    }
    rows
}

/// A compensation line or its fee: quantity × unit price.
fn line_row(l: &Line) -> Row {
    let item = if l.kind == LineKind::Fee {
        "fee"
    } else {
        "compensation_line"
    };
    let price = Money::round(l.unit_price);
    let what = if l.unit == Unit::Hour {
        Text::from(S::HoursTimes {
            hours: l.quantity,
            price,
        })
    } else {
        Text::from(l.description.clone()).words(" × ").money(price)
    };
    row(
        item,
        what,
        (l.unit == Unit::Hour).then_some(l.quantity),
        Some(l.amount),
        &l.article,
    )
}

/// The regular way out: notice against renewal, without compensation.
fn regular_rows(r: &RegularWayOut, name: &str) -> [Row; 2] {
    [
        row(
            "last_notice_day",
            S::RegularWayOut {
                wording: r.wording,
                last_day: r.last_notice_day,
            },
            None,
            None,
            &r.article,
        ),
        row(
            "regular_end",
            S::EndsWithoutCompensation {
                ends: r.ends,
                of: r.participation_only.then(|| name.to_owned()),
            },
            None,
            Some(Money::ZERO),
            &r.article,
        ),
    ]
}

/// The report as JSON; `explain` adds the explanations.
pub fn write_json(out: &mut dyn Write, r: &WithdrawReport, explain: bool) -> anyhow::Result<()> {
    super::write_json(
        out,
        &Explained {
            item: r,
            explanations: explain.then_some(r.explanations.as_slice()),
        },
    )
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

/// One CSV row per statement line.
pub fn write_csv(out: &mut dyn Write, r: &WithdrawReport) -> anyhow::Result<()> {
    let mut w = super::csv_writer(out);
    for row in &r.rows {
        w.serialize(CsvRow {
            agreement: &r.agreement,
            party: &r.party,
            effective: r.effective,
            item: &row.item,
            description: &row.description.plain(),
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

/// The statement as a table, why, and the next notice day where the
/// effective date lies after the last one.
pub fn write_table(
    out: &mut dyn Write,
    r: &WithdrawReport,
    locale: Locale,
    explain: bool,
) -> anyhow::Result<()> {
    let heading = S::WithdrawHeading {
        name: r.name.clone(),
        party: r.party.clone(),
        agreement: r.agreement.clone(),
    };
    writeln!(out, "{}", say(heading, locale))?;
    rows_table(&r.rows, locale, out)?;
    let w = lang::of(locale);
    let why = (w.phrase)(&r.reason).render(locale);
    writeln!(out, "{}: {why}", (w.label)(Label::Why))?;
    if let Some(reg) = &r.regular {
        if let (Some(d), Some(e)) = (reg.next_last_notice_day, reg.next_ends) {
            let note = S::AfterLastNoticeDay {
                last_day: reg.last_notice_day,
                next_last_day: d,
                ends: e,
                of: reg.participation_only.then(|| r.name.clone()),
            };
            note_line(out, &note.into(), locale)?;
        }
    }
    if explain {
        render_explanations(out, &r.explanations, locale)?;
    }
    Ok(())
}
