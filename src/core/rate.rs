//! The rate in force on a date (DOMAIN rule 5): the dated value, indexed
//! every calendar year from the first indexation date by the figure of the
//! named series for the year before, rounded to cents each year.

use chrono::{Datelike, NaiveDate};
use rust_decimal::{Decimal, RoundingStrategy};

use crate::core::agreement::{Agreement, DatedValue, IndexSeries, Indexation, Rate};
use crate::core::explain::{Explanation, Input, Phrase, CENTS};

/// One year's indexation step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexStep {
    pub year: i32,
    pub previous: Decimal,
    /// The series figure for `year - 1`.
    pub percent: Decimal,
    pub unrounded: Decimal,
    pub rounded: Decimal,
}

/// A rate as it stands on a date, with the steps that led to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateInForce {
    pub rate: String,
    pub date: NaiveDate,
    pub amount: Decimal,
    /// The dated value the indexation started from, and its date.
    pub base: Decimal,
    pub base_from: NaiveDate,
    pub series: Option<String>,
    pub steps: Vec<IndexStep>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RateError {
    #[error("unknown rate `{rate}`")]
    Unknown { rate: String },
    #[error("rate `{rate}` has no value on {date}; its first value holds from {first}")]
    NoValue {
        rate: String,
        date: NaiveDate,
        first: NaiveDate,
    },
    #[error("index series `{series}` has no figure for {year}, needed to index rate `{rate}` for {needed_for}; add it under [[index_figures]] in the facts")]
    MissingFigure {
        series: String,
        year: i32,
        rate: String,
        needed_for: i32,
    },
}

/// The rate `id` of the agreement. Fails when the agreement has no such rate.
pub fn find<'a>(agreement: &'a Agreement, id: &str) -> Result<&'a Rate, RateError> {
    agreement.rate(id).ok_or_else(|| RateError::Unknown {
        rate: id.to_string(),
    })
}

/// The value of rate `id` in force on `date`.
pub fn rate_on(agreement: &Agreement, id: &str, date: NaiveDate) -> Result<RateInForce, RateError> {
    let rate = find(agreement, id)?;
    match rate.indexation.as_ref().filter(|ix| date >= ix.first) {
        None => {
            let v = dated(rate, date)?;
            Ok(RateInForce {
                rate: rate.id.clone(),
                date,
                amount: v.amount,
                base: v.amount,
                base_from: v.from,
                series: None,
                steps: vec![],
            })
        }
        Some(ix) => indexed(agreement, rate, ix, date),
    }
}

/// The rate and the explanation of how it came about, for a statement that
/// prices at it and shows why.
pub fn explained_rate_on(
    agreement: &Agreement,
    id: &str,
    date: NaiveDate,
) -> Result<(RateInForce, Explanation), RateError> {
    let in_force = rate_on(agreement, id, date)?;
    let explanation = in_force.explain(find(agreement, id)?);
    Ok((in_force, explanation))
}

/// The dated value of `rate` that holds on `date`, before any indexation.
fn dated(rate: &Rate, date: NaiveDate) -> Result<&DatedValue, RateError> {
    rate.values
        .iter()
        .rev()
        .find(|v| v.from <= date)
        .ok_or_else(|| RateError::NoValue {
            rate: rate.id.clone(),
            date,
            first: rate.values[0].from,
        })
}

/// `rate` on `date` on or after its first indexation: the value dated the
/// day before indexation starts, indexed year by year up to `date`'s year.
fn indexed(
    agreement: &Agreement,
    rate: &Rate,
    ix: &Indexation,
    date: NaiveDate,
) -> Result<RateInForce, RateError> {
    let base = dated(
        rate,
        ix.first
            .pred_opt()
            .expect("indexation dates are far from the start of time"),
    )?;
    let series = agreement
        .series(&ix.series)
        .expect("the loader checks that the series exists");
    let mut amount = base.amount;
    let mut steps = Vec::new();
    for year in ix.first.year()..=date.year() {
        let step = index_step(rate, series, year, amount)?;
        amount = step.rounded;
        steps.push(step);
    }
    Ok(RateInForce {
        rate: rate.id.clone(),
        date,
        amount,
        base: base.amount,
        base_from: base.from,
        series: Some(series.id.clone()),
        steps,
    })
}

/// One year's step: `previous` × (1 + the series figure of the year before
/// / 100), rounded to cents. Fails when the series lacks that figure.
fn index_step(
    rate: &Rate,
    series: &IndexSeries,
    year: i32,
    previous: Decimal,
) -> Result<IndexStep, RateError> {
    let percent = *series
        .figures
        .get(&(year - 1))
        .ok_or_else(|| RateError::MissingFigure {
            series: series.id.clone(),
            year: year - 1,
            rate: rate.id.clone(),
            needed_for: year,
        })?;
    let unrounded = previous * (Decimal::ONE + percent / Decimal::ONE_HUNDRED);
    Ok(IndexStep {
        year,
        previous,
        percent,
        unrounded: unrounded.normalize(),
        rounded: unrounded.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero),
    })
}

impl RateInForce {
    /// Where a line priced at this rate says its price comes from:
    /// `rates.hourly in force on 2018-01-01`, as an invoice line says it.
    pub fn source(&self) -> Phrase {
        Phrase::RateInForce {
            rate: self.rate.clone(),
            date: self.date,
        }
    }

    /// How the rate came about, step by step.
    pub fn explain(&self, rate: &Rate) -> Explanation {
        let mut e = Explanation::new(
            Phrase::RateOn {
                what: rate.what.clone(),
                date: self.date,
            },
            if self.steps.is_empty() {
                Phrase::DatedValue
            } else {
                Phrase::IndexedRate
            },
            self.amount,
        )
        .input(Input::new(
            Phrase::BaseRate,
            self.base,
            Phrase::RateValues {
                rate: rate.id.clone(),
                from: self.base_from,
            },
        ))
        .article(&rate.article);
        for s in &self.steps {
            e = e.input(Input::new(
                Phrase::RateOfYear(s.year),
                Phrase::IndexStep {
                    previous: s.previous,
                    percent: s.percent,
                    unrounded: s.unrounded,
                    rounded: s.rounded,
                },
                Phrase::IndexFigure {
                    series: self.series.clone().unwrap_or_default(),
                    year: s.year - 1,
                },
            ));
        }
        if let Some(last) = self.steps.last() {
            e = e.rounded(last.unrounded, CENTS);
        }
        e
    }
}
