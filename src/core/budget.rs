//! The expected cost of one client for a calendar year against the advised
//! budget: contracted hours × the rate in force on the first day, the fee,
//! the travel the previous year's log suggests, the margin to the advice,
//! the expected income and the net cost.

use rust_decimal::Decimal;

use crate::core::agreement::{Agreement, Article, LineKind, Role};
use crate::core::calendar::Period;
use crate::core::capacity::{self, YearlyHours};
use crate::core::explain::{Explanation, Input, CENTS};
use crate::core::facts::Facts;
use crate::core::lines::{self, Line};
use crate::core::money::{self, Money};
use crate::core::rate::{self, RateError, RateInForce};
use crate::core::settlement::{self, SettlementError};
use crate::core::term;

/// The kilometres of the previous year in the activity log.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PreviousYear {
    pub km: Decimal,
    pub rows: u64,
    pub source: String,
}

/// Income the client can expect (`income.amount` × the expected house visits).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpectedIncome {
    pub what: String,
    pub units: Decimal,
    pub unit_amount: Money,
    pub amount: Money,
    pub article: Article,
    pub expected_article: Option<Article>,
    pub explanation: Explanation,
}

/// Expected travel: the previous year's kilometres at this year's km rate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpectedTravel {
    /// The part of the previous year the client took part in, if any.
    pub covers: Option<Period>,
    pub line: Option<Line>,
    /// Why there is no figure, or which period the figure rests on.
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Budget {
    pub agreement: String,
    pub party: String,
    pub party_name: String,
    pub year: i32,
    pub period: Period,
    pub yearly: YearlyHours,
    /// The contracted hours of `period`.
    pub hours: Decimal,
    pub rate: RateInForce,
    pub service: Line,
    pub fees: Vec<Line>,
    /// Service + fees.
    pub cost: Money,
    pub travel: ExpectedTravel,
    pub advice: Option<Money>,
    pub advice_article: Option<Article>,
    /// Advice − cost, before travel.
    pub margin: Option<Money>,
    pub income: Vec<ExpectedIncome>,
    /// Cost − expected income, travel apart.
    pub net: Money,
    pub notes: Vec<String>,
    pub explanations: Vec<Explanation>,
}

/// The budget of client `party` (an id) for calendar `year`. Fails like
/// `settlement::settle` does: no hours, a year outside the agreement's
/// life, a party that is not a client or takes no part, a missing rate.
pub fn budget(
    a: &Agreement,
    f: &Facts,
    party: &str,
    year: i32,
    previous: &PreviousYear,
) -> Result<Budget, SettlementError> {
    let hours_spec = a.hours.as_ref().ok_or_else(|| SettlementError::NoHours {
        agreement: a.id.clone(),
    })?;
    let life = settlement::life_in_year(a, f, year)?;
    let (party_name, is_client) = match a.party(party) {
        Some(p) => (p.name.clone(), p.role == Role::Client),
        None => match f.accession(party) {
            Some(ac) => (ac.party.name.clone(), true),
            None => (party.to_string(), false),
        },
    };
    if !is_client {
        return Err(SettlementError::NotAClient {
            agreement: a.id.clone(),
            party: party.to_string(),
        });
    }
    let participation = term::participation(a, f, party);
    let period = participation
        .clip(life)
        .ok_or_else(|| SettlementError::NotTakingPart {
            agreement: a.id.clone(),
            party: party.to_string(),
            year,
        })?;
    let mut notes = Vec::new();
    let mut explanations = Vec::new();

    let yearly = capacity::yearly_hours(a, f, party, year)?;
    explanations.push(yearly.explain(party));
    let full_year = period == Period::year(year);
    // A whole year uses the yearly hours as they are, so that a figure such
    // as 140 h is not summed back from twelve inexact twelfths.
    let hours = if full_year {
        yearly.hours
    } else {
        let c = capacity::contracted_hours(a, f, party, period)?;
        explanations.push(c.explain());
        notes.push(format!(
            "{party} takes part in {year} from {} up to and including {} only; the budget covers that part",
            period.start(),
            period.end()
        ));
        c.hours
    };
    let hourly = a.rate(&hours_spec.rate).ok_or_else(|| RateError::Unknown {
        rate: hours_spec.rate.clone(),
    })?;
    let first = period.start();
    let rate = rate::rate_on(a, &hours_spec.rate, first)?;
    explanations.push(rate.explain(hourly));
    let service = Line::new(
        LineKind::Service,
        format!("{} {year}", hours_spec.what),
        hours,
        "hour",
        rate.amount,
        &hours_spec.article,
        if full_year {
            "yearly hours (declaration, budget or default)".to_string()
        } else {
            format!("contracted hours of {period} (rule 3)")
        },
        format!("{} in force on {first}", hours_spec.rate),
    );
    let fees = lines::fee_lines(a, std::slice::from_ref(&service));
    explanations.push(service.explanation.clone());
    explanations.extend(fees.iter().map(|l| l.explanation.clone()));
    let cost = service.amount + fees.iter().map(|l| l.amount).sum::<Money>();

    // Travel: the previous year's kilometres at this year's km rate.
    let prev = year - 1;
    let covers = settlement::life_in_year(a, f, prev)
        .ok()
        .and_then(|l| participation.clip(l));
    let travel = match (&a.travel, covers) {
        (None, _) => ExpectedTravel {
            covers,
            line: None,
            note: "the agreement bills no travel".to_string(),
        },
        (Some(_), None) => ExpectedTravel {
            covers,
            line: None,
            note: format!("none: {party} took no part in {prev}, so there is no log to go by"),
        },
        (Some(_), Some(_)) if previous.rows == 0 => ExpectedTravel {
            covers,
            line: None,
            note: format!("none: the activity log has no rows for {party} in {prev}"),
        },
        (Some(t), Some(c)) => {
            let km_rate = rate::rate_on(a, &t.rate, first)?;
            // A previous year the client took part in for only some days
            // (the pilot's October–December) would understate a whole year's
            // travel: its kilometres are scaled by days, and the note says so.
            let scaled = c.days() != period.days();
            let km = if scaled {
                previous.km * Decimal::from(period.days()) / Decimal::from(c.days())
            } else {
                previous.km
            };
            let km_source = if scaled {
                format!(
                    "{} km of {prev} in the activity log ({}) over {} days, × {} / {} days",
                    previous.km,
                    previous.source,
                    c.days(),
                    period.days(),
                    c.days()
                )
            } else {
                format!("km of {prev} in the activity log, {}", previous.source)
            };
            let line = Line::new(
                LineKind::Travel,
                format!("{} {year} (expected from {prev})", t.what),
                km,
                "km",
                km_rate.amount,
                &t.article,
                km_source,
                format!("{} in force on {first}", t.rate),
            );
            explanations.push(line.explanation.clone());
            let partial = if scaled {
                format!(
                    " only ({} days, {} km), scaled to the {} days of {year}",
                    c.days(),
                    previous.km,
                    period.days()
                )
            } else {
                String::new()
            };
            ExpectedTravel {
                covers,
                note: format!(
                    "from the {prev} log, which covers {} up to and including {}{partial}; an estimate, shown apart, not in the margin",
                    c.start(),
                    c.end()
                ),
                line: Some(line),
            }
        }
    };

    let (advice, advice_article, margin) = match &a.budget_advice {
        Some(b) => {
            let margin = b.amount - cost;
            explanations.push(
                Explanation::new(
                    format!("margin of {party} in {year}"),
                    "advised budget − (service + fee), before travel",
                    margin,
                )
                .input(Input::new(
                    "advised budget",
                    b.amount,
                    "budget_advice.amount",
                ))
                .input(Input::new("service + fee", cost, "the lines above"))
                .article(&b.article),
            );
            (Some(b.amount), Some(b.article.clone()), Some(margin))
        }
        None => (None, None, None),
    };

    let mut income = Vec::new();
    for inc in &a.income {
        let Some(n) = inc.expected_per_year else {
            continue;
        };
        let per_year = Decimal::from(n);
        let units = if full_year || yearly.hours.is_zero() {
            per_year
        } else {
            per_year * hours / yearly.hours
        };
        let exact = inc.amount.amount() * units;
        let amount = Money::round(exact);
        let mut e = Explanation::new(
            format!("expected {} {party} {year}", inc.what),
            if full_year {
                "expected units per year × amount per unit"
            } else {
                "expected units per year × contracted hours of the part ÷ yearly hours × amount per unit"
            },
            amount,
        )
        .input(Input::new(
            "expected per year",
            n,
            format!(
                "income.{}.expected_per_year ({})",
                inc.id,
                inc.expected_article
                    .as_ref()
                    .map_or_else(|| inc.article.to_string(), |a| a.to_string())
            ),
        ))
        .input(Input::new(
            "amount per unit",
            inc.amount,
            format!("income.{}.amount", inc.id),
        ))
        .article(&inc.article);
        if !full_year {
            e = e
                .input(Input::new(
                    "share of the year",
                    format!(
                        "{} ÷ {}",
                        money::plain_decimal(hours, 2),
                        yearly.hours.normalize()
                    ),
                    "contracted hours",
                ))
                .rounded(exact.normalize(), CENTS);
        }
        explanations.push(e.clone());
        income.push(ExpectedIncome {
            what: inc.what.clone(),
            units,
            unit_amount: inc.amount,
            amount,
            article: inc.article.clone(),
            expected_article: inc.expected_article.clone(),
            explanation: e,
        });
    }
    let income_total: Money = income.iter().map(|i| i.amount).sum();
    let net = cost - income_total;
    explanations.push(
        Explanation::new(
            format!("net expected cost of {party} in {year}"),
            "service + fee − expected income; travel apart",
            net,
        )
        .input(Input::new("service + fee", cost, "the lines above"))
        .input(Input::new(
            "expected income",
            income_total,
            "the income above",
        )),
    );

    Ok(Budget {
        agreement: a.id.clone(),
        party: party.to_string(),
        party_name,
        year,
        period,
        yearly,
        hours,
        rate,
        service,
        fees,
        cost,
        travel,
        advice,
        advice_article,
        margin,
        income,
        net,
        notes,
        explanations,
    })
}
