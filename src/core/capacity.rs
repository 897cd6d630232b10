//! Contracted hours (DOMAIN rule 3): each client's yearly hours — declared,
//! converted from a declared budget, or the default — spread evenly over the
//! calendar months, a partly covered month counting by its days.

use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};

use crate::core::agreement::{clamp_month_day, Agreement, Article, DeadlineWhen, Hours};
use crate::core::calendar::{self, Period, Wording};
use crate::core::explain::{Explanation, Input, Phrase, Rounding, Value};
use crate::core::facts::{Declared, Facts};
use crate::core::money::{self, Money};
use crate::core::rate::{self, RateError};
use crate::core::statement::{given, StatementPhrase as S};
use crate::core::term;

/// Hours as statements and explanations show them: two decimals, rounded
/// for showing only (a calculation never rounds hours).
pub fn fmt_hours(hours: Decimal) -> String {
    money::plain_decimal(hours, 2)
}

/// Where a client's yearly hours come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HoursBasis {
    /// `hours_per_week` × `weeks_per_year` of the `[hours]` table.
    Default,
    /// Hours declared under Art. 4 lid 4.
    Declared { source: Phrase },
    /// A declared budget: hours = budget ÷ (rate × (1 + fee%)), cut (not
    /// rounded) to two decimals so that it never exceeds the budget.
    Budget {
        budget: Money,
        rate: Decimal,
        fee_percent: Decimal,
        unrounded: Decimal,
        source: Phrase,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearlyHours {
    pub year: i32,
    pub hours: Decimal,
    pub basis: HoursBasis,
    pub article: Article,
}

impl YearlyHours {
    /// How the yearly hours of `party` came about: the default, a
    /// declaration or a budget converted to hours.
    pub fn explain(&self, party: &str) -> Explanation {
        let figure = S::YearlyHoursOf {
            party: party.to_string(),
            year: self.year,
        };
        let h = Value::Hours(self.hours);
        match &self.basis {
            HoursBasis::Default => Explanation::new(figure, S::DefaultHoursFormula, h.clone())
                .input(Input::new(
                    S::DefaultYearlyHours,
                    h,
                    given("hours.hours_per_week × hours.weeks_per_year"),
                )),
            HoursBasis::Declared { source } => Explanation::new(
                figure,
                S::DeclaredHours,
                h.clone(),
            )
            .input(Input::new(S::DeclaredHours, h, source.clone())),
            HoursBasis::Budget {
                budget,
                rate,
                fee_percent,
                unrounded,
                source,
            } => Explanation::new(figure, S::BudgetHoursFormula, h)
                .input(Input::new(S::DeclaredBudget, budget, source.clone()))
                .input(Input::new(S::RateWord, rate, S::RateOnNewYear(self.year)))
                .input(Input::new(
                    Phrase::FeePercent,
                    fee_percent.normalize(),
                    given("hours.budget_covers_fee"),
                ))
                .rounded(unrounded, Rounding::CutToHours),
        }
        .article(&self.article)
    }
}

/// The deadline by which a declaration for `year` must be given: the
/// agreement's yearly `hours.declaration_deadline` in `year − 1`, with its
/// wording and article. `None` where the agreement enforces no deadline or
/// the deadline does not yet run in `year − 1`.
pub fn declaration_deadline(a: &Agreement, year: i32) -> Option<(Wording, Article)> {
    let id = a.hours.as_ref()?.declaration_deadline.as_deref()?;
    let spec = a.deadlines.iter().find(|d| d.id == id)?;
    match spec.when {
        DeadlineWhen::Yearly {
            month,
            day,
            wording,
            first_year,
        } if year > first_year => Some((
            wording.at(clamp_month_day(year - 1, month, day)),
            spec.article.clone(),
        )),
        _ => None,
    }
}

/// Where a declaration was recorded, and the consent a late one was
/// accepted with.
fn declaration_source(source: &str, consent: Option<&str>) -> Phrase {
    match consent {
        Some(c) => S::LateWithConsent {
            source: source.to_string(),
            consent: c.to_string(),
        }
        .into(),
        None => given(source),
    }
}

/// The yearly hours a client owes for `year`.
pub fn yearly_hours(
    a: &Agreement,
    f: &Facts,
    party: &str,
    year: i32,
) -> Result<YearlyHours, RateError> {
    let h = a
        .hours
        .as_ref()
        .expect("callers check that the agreement bills hours");
    let Some(decl) = f.declaration(party, year) else {
        return Ok(YearlyHours {
            year,
            hours: h.default_yearly(),
            basis: HoursBasis::Default,
            article: h.default_article.clone(),
        });
    };
    let article = h.declaration_article.clone();
    let source = declaration_source(&decl.source, decl.consent.as_deref());
    match &decl.declared {
        Declared::Hours(hours) => Ok(YearlyHours {
            year,
            hours: *hours,
            basis: HoursBasis::Declared { source },
            article,
        }),
        Declared::Budget(budget) => {
            budget_hours(a, h, year, *budget, &source).map(|(hours, basis)| YearlyHours {
                year,
                hours,
                basis,
                article,
            })
        }
    }
}

/// The hours a declared `budget` buys in `year`: budget ÷ (the rate in force
/// on the year's first day of the agreement × (1 + the fee it must cover)),
/// cut to two decimals so that the hours never cost more than the budget.
fn budget_hours(
    a: &Agreement,
    h: &Hours,
    year: i32,
    budget: Money,
    source: &Phrase,
) -> Result<(Decimal, HoursBasis), RateError> {
    let first_day = NaiveDate::from_ymd_opt(year, 1, 1)
        .expect("valid year")
        .max(a.term.period.start());
    let rate = rate::rate_on(a, &h.rate, first_day)?.amount;
    let fee_percent = h
        .budget_covers_fee
        .as_deref()
        .and_then(|id| a.fee(id))
        .map_or(Decimal::ZERO, |fee| fee.percent);
    let unrounded = budget.amount() / (rate * (Decimal::ONE + fee_percent / Decimal::ONE_HUNDRED));
    let hours = unrounded.round_dp_with_strategy(2, RoundingStrategy::ToZero);
    let basis = HoursBasis::Budget {
        budget,
        rate,
        fee_percent,
        unrounded: unrounded.round_dp(10).normalize(),
        source: source.clone(),
    };
    Ok((hours, basis))
}

/// The contracted hours of one month, or the covered part of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthPart {
    pub year: i32,
    pub month: u32,
    pub covered: Period,
    pub days_covered: u32,
    pub days_in_month: u32,
    /// The yearly hours the month's share is taken from.
    pub yearly: Decimal,
    /// Yearly hours ÷ 12 × days covered ÷ days in the month, for showing
    /// one month; sums go through `sum_hours`.
    pub hours: Decimal,
}

/// The hours of a set of month parts, as exact as a decimal can hold them:
/// whole months of one year count together as yearly × n ÷ 12 — multiplied
/// before divided, so that three months of 140 h are exactly 35 h rather
/// than 3 × 11.666…67 — and each part month as yearly × days ÷ (12 × days
/// in the month).
pub fn sum_hours<'a>(parts: impl IntoIterator<Item = &'a MonthPart>) -> Decimal {
    let mut whole: Vec<(i32, Decimal, u32)> = Vec::new();
    let mut partial = Decimal::ZERO;
    for m in parts {
        if m.days_covered == m.days_in_month {
            match whole
                .iter_mut()
                .find(|(y, h, _)| *y == m.year && *h == m.yearly)
            {
                Some((_, _, n)) => *n += 1,
                None => whole.push((m.year, m.yearly, 1)),
            }
        } else {
            partial += m.yearly * Decimal::from(m.days_covered)
                / (Decimal::from(12) * Decimal::from(m.days_in_month));
        }
    }
    let whole: Decimal = whole
        .into_iter()
        .map(|(_, yearly, n)| yearly * Decimal::from(n) / Decimal::from(12))
        .sum();
    whole + partial
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContractedHours {
    pub party: String,
    /// The part of the asked period in which the client takes part.
    pub period: Option<Period>,
    pub hours: Decimal,
    pub months: Vec<MonthPart>,
    pub years: Vec<YearlyHours>,
}

impl ContractedHours {
    pub fn explain(&self) -> Explanation {
        let mut e = Explanation::new(
            Phrase::ContractedHours {
                party: self.party.clone(),
                period: self.period,
            },
            Phrase::ContractedHoursOfMonths,
            Value::Hours(self.hours),
        );
        for y in &self.years {
            let source = match &y.basis {
                HoursBasis::Default => Phrase::DefaultHours,
                HoursBasis::Declared { source } => Phrase::Declared(Box::new(source.clone())),
                HoursBasis::Budget { source, .. } => Phrase::FromBudget(Box::new(source.clone())),
            };
            e = e.input(Input::new(
                Phrase::YearlyHoursOf(y.year),
                y.hours.normalize(),
                source,
            ));
        }
        for m in &self.months {
            e = e.input(Input::new(
                Phrase::Month {
                    year: m.year,
                    month: m.month,
                },
                Phrase::DaysOf {
                    covered: m.days_covered,
                    days: m.days_in_month,
                    hours: m.hours.round_dp(6).normalize(),
                },
                Phrase::Rule(3),
            ));
        }
        if self.hours.scale() > 2 {
            e = e.rounded(self.hours.round_dp(12).normalize(), Rounding::HoursShown);
        }
        e
    }
}

/// The hours `party` owes over `period` (DOMAIN rule 3), limited to the days
/// it takes part in the agreement.
pub fn contracted_hours(
    a: &Agreement,
    f: &Facts,
    party: &str,
    period: Period,
) -> Result<ContractedHours, RateError> {
    match term::participation(a, f, party).clip(period) {
        Some(part) => contracted_hours_taking_part(a, f, party, part),
        None => Ok(ContractedHours {
            party: party.to_string(),
            period: None,
            hours: Decimal::ZERO,
            months: Vec::new(),
            years: Vec::new(),
        }),
    }
}

/// The hours `party` owes over `part`, every day of which the caller knows
/// it takes part in: a statement that has clipped its period to the
/// participation once need not have it worked out again.
pub fn contracted_hours_taking_part(
    a: &Agreement,
    f: &Facts,
    party: &str,
    part: Period,
) -> Result<ContractedHours, RateError> {
    let mut months = Vec::new();
    let mut years: Vec<YearlyHours> = Vec::new();
    for (year, month, covered) in part.months() {
        if years.last().is_none_or(|y| y.year != year) {
            years.push(yearly_hours(a, f, party, year)?);
        }
        let yearly = years.last().expect("pushed above").hours;
        months.push(month_part(year, month, covered, yearly));
    }
    Ok(ContractedHours {
        party: party.to_string(),
        period: Some(part),
        hours: sum_hours(&months),
        months,
        years,
    })
}

/// The share of `yearly` hours that falls on `covered`, a part of one month.
fn month_part(year: i32, month: u32, covered: Period, yearly: Decimal) -> MonthPart {
    let dim = calendar::days_in_month(year, month);
    let days = covered.days();
    let hours = if days == dim {
        yearly / Decimal::from(12)
    } else {
        yearly / Decimal::from(12) * Decimal::from(days) / Decimal::from(dim)
    };
    MonthPart {
        year,
        month,
        covered,
        days_covered: days,
        days_in_month: dim,
        yearly,
        hours,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(year: i32, month: u32, days: u32, yearly: Decimal) -> MonthPart {
        let dim = calendar::days_in_month(year, month);
        let start = NaiveDate::from_ymd_opt(year, month, 1).unwrap();
        let end = NaiveDate::from_ymd_opt(year, month, days).unwrap();
        MonthPart {
            year,
            month,
            covered: Period::new(start, end).unwrap(),
            days_covered: days,
            days_in_month: dim,
            yearly,
            hours: yearly / Decimal::from(12) * Decimal::from(days) / Decimal::from(dim),
        }
    }

    /// 140 h a year over a quarter is exactly 35 h; summing three months of
    /// 11.666…67 would leave a trace in the 27th decimal.
    #[test]
    fn whole_months_sum_exactly() {
        let h = Decimal::from(140);
        let q = [
            part(2019, 1, 31, h),
            part(2019, 2, 28, h),
            part(2019, 3, 31, h),
        ];
        assert_eq!(sum_hours(&q), Decimal::from(35));
        let year: Vec<MonthPart> = (1..=12)
            .map(|m| part(2019, m, calendar::days_in_month(2019, m), h))
            .collect();
        assert_eq!(sum_hours(&year), h);
    }

    /// DOMAIN rule 3: 2018-07-01 ..= 2018-10-01 at 126 h a year is
    /// 3 × 10.5 + 10.5 × 1/31 = 31.838709… h.
    #[test]
    fn part_months_count_by_days() {
        let h = Decimal::from(126);
        let parts = [
            part(2018, 7, 31, h),
            part(2018, 8, 31, h),
            part(2018, 9, 30, h),
            part(2018, 10, 1, h),
        ];
        assert_eq!(
            sum_hours(&parts).round_dp(9),
            Decimal::new(31_838_709_677, 9)
        );
    }

    /// 3 × 42 = 126 h a year → 10.5 a month; 2018-07-01..=2018-10-01 is
    /// 3 × 10.5 + 10.5 × 1/31 = 31.838709… h (DOMAIN rule 3).
    #[test]
    fn month_parts_count_by_days() {
        let yearly = Decimal::from(126);
        let monthly = yearly / Decimal::from(12);
        assert_eq!(monthly, Decimal::new(105, 1));
        let part = monthly * Decimal::from(1) / Decimal::from(31);
        let total = monthly * Decimal::from(3) + part;
        assert_eq!(total.round_dp(6), Decimal::new(31_838_710, 6));
    }
}
