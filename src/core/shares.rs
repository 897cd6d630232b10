//! Shared yearly amounts (`[[shared_amounts]]`): the amount of a year, indexed
//! where the agreement says so, who shares in it, and each client's part by
//! the key (one payer, equal parts, fixed percentages or weights per year
//! from the facts), cents by largest remainder so the parts sum to the whole.
//!
//! Who shares in year Y: the clients taking part on the first day the
//! agreement runs in Y (1 January, or the start of the term in its first
//! year). A client that joins during a year shares from the next year
//! (`joiners = "next_year"`); its hours and other lines start on the day it
//! joins, as always. A client whose part ends during a year keeps its part
//! of that year.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::core::agreement::{Agreement, ShareKey, SharedAmount};
use crate::core::calendar::Period;
use crate::core::facts::Facts;
use crate::core::money::{AllocationError, Money};
use crate::core::parties::Parties;

/// Why a shared amount cannot be divided for a year.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ShareError {
    #[error(
        "no `{series}` weight for `{party}` in {year}, which shared amount `{amount}` needs; \
         add it to the [[weights]] of the facts"
    )]
    MissingWeight {
        amount: String,
        series: String,
        party: String,
        year: i32,
    },
    #[error(
        "index series `{series}` has no figure for {year}, needed to index shared amount \
         `{amount}` for {needed_for}"
    )]
    MissingFigure {
        amount: String,
        series: String,
        year: i32,
        needed_for: i32,
    },
    #[error("`{party}` has no percentage in the key of shared amount `{amount}`")]
    NoPercent { amount: String, party: String },
    #[error("cannot divide shared amount `{amount}` for {year}: {source}")]
    Split {
        amount: String,
        year: i32,
        source: AllocationError,
    },
}

/// One indexation step: `previous` × (1 + `percent` ÷ 100) → `rounded`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AmountStep {
    pub year: i32,
    pub previous: Money,
    pub percent: Decimal,
    pub unrounded: Decimal,
    pub rounded: Money,
}

/// The amount of one year, with the steps that indexed it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearAmount {
    pub year: i32,
    pub amount: Money,
    pub steps: Vec<AmountStep>,
}

/// The amount of `s` for `year` (which must be `from_year` or later):
/// the base amount, indexed year by year from the first indexed year.
/// Fails when the series lacks a figure.
pub fn amount_of_year(
    a: &Agreement,
    s: &SharedAmount,
    year: i32,
) -> Result<YearAmount, ShareError> {
    let mut amount = s.amount;
    let mut steps = Vec::new();
    if let Some(ix) = &s.indexation {
        let series = a.series(&ix.series).expect("the loader checks the series");
        for y in ix.first_year.max(s.from_year + 1)..=year {
            let percent =
                *series
                    .figures
                    .get(&(y - 1))
                    .ok_or_else(|| ShareError::MissingFigure {
                        amount: s.id.clone(),
                        series: series.id.clone(),
                        year: y - 1,
                        needed_for: y,
                    })?;
            let unrounded = amount.amount() * (Decimal::ONE + percent / Decimal::ONE_HUNDRED);
            let rounded = Money::round(unrounded);
            steps.push(AmountStep {
                year: y,
                previous: amount,
                percent,
                unrounded: unrounded.normalize(),
                rounded,
            });
            amount = rounded;
        }
    }
    Ok(YearAmount {
        year,
        amount,
        steps,
    })
}

/// One client's part of a year's amount.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharePart {
    pub party: String,
    /// Its weight in the key (1 for equal parts, the percentage, the
    /// inhabitants …).
    pub weight: Decimal,
    /// Where the weight comes from (`examples/facts/x.toml:12`).
    pub source: String,
    pub part: Money,
}

/// A year's amount divided by the key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearShares {
    pub amount: YearAmount,
    /// The day on which a client must take part to share (see the module).
    pub reference_day: NaiveDate,
    pub parts: Vec<SharePart>,
}

impl YearShares {
    pub fn part_of(&self, party: &str) -> Option<&SharePart> {
        self.parts.iter().find(|p| p.party == party)
    }

    pub fn total_weight(&self) -> Decimal {
        self.parts.iter().map(|p| p.weight).sum()
    }
}

/// The first day the agreement runs in `year`, if it runs then.
pub fn reference_day(a: &Agreement, parties: &Parties<'_>, year: i32) -> Option<NaiveDate> {
    let start = Period::year(year).start().max(a.term.period.start());
    let within = start <= Period::year(year).end();
    let running = parties.agreement_end().is_none_or(|end| start <= end);
    (within && running).then_some(start)
}

/// The parts of `s` for `year`; `None` where the amount is not agreed for
/// the year or the agreement does not run then. Fails when the key lacks a
/// weight or percentage for a client taking part, or an index figure.
pub fn year_shares(
    a: &Agreement,
    f: &Facts,
    parties: &Parties<'_>,
    s: &SharedAmount,
    year: i32,
) -> Result<Option<YearShares>, ShareError> {
    if !s.agreed_for(year) {
        return Ok(None);
    }
    let Some(day) = reference_day(a, parties, year) else {
        return Ok(None);
    };
    let amount = amount_of_year(a, s, year)?;
    let mut parts = Vec::new();
    for m in parties.clients().filter(|m| m.participation.contains(day)) {
        if let Some((weight, source)) = key_weight(f, s, m.id(), year)? {
            parts.push(SharePart {
                party: m.id().to_string(),
                weight,
                source,
                part: Money::ZERO,
            });
        }
    }
    if !parts.is_empty() {
        let weights: Vec<Decimal> = parts.iter().map(|p| p.weight).collect();
        let split = amount
            .amount
            .allocate(&weights)
            .map_err(|source| ShareError::Split {
                amount: s.id.clone(),
                year,
                source,
            })?;
        for (p, m) in parts.iter_mut().zip(split) {
            p.part = m;
        }
    }
    Ok(Some(YearShares {
        amount,
        reference_day: day,
        parts,
    }))
}

/// The weight of `party` in the key of `s` for `year`, with its source;
/// `None` where the key leaves the party out (another client pays).
fn key_weight(
    f: &Facts,
    s: &SharedAmount,
    party: &str,
    year: i32,
) -> Result<Option<(Decimal, String)>, ShareError> {
    Ok(match &s.key {
        ShareKey::Payer(p) if p == party => {
            Some((Decimal::ONE, format!("shared_amounts.{}.payer", s.id)))
        }
        ShareKey::Payer(_) => None,
        ShareKey::Equal => Some((Decimal::ONE, format!("shared_amounts.{}.key = equal", s.id))),
        ShareKey::Percent(map) => {
            let p = map.get(party).ok_or_else(|| ShareError::NoPercent {
                amount: s.id.clone(),
                party: party.to_string(),
            })?;
            Some((*p, format!("shared_amounts.{}.percent.{party}", s.id)))
        }
        ShareKey::Weights(series) => {
            let w = f
                .weight(series, year, party)
                .ok_or_else(|| ShareError::MissingWeight {
                    amount: s.id.clone(),
                    series: series.clone(),
                    party: party.to_string(),
                    year,
                })?;
            Some((w.value, w.source.clone()))
        }
    })
}
