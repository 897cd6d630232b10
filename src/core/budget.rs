//! The expected cost of one client for a calendar year against the advised
//! budget: contracted hours × the rate in force on the first day, the fee,
//! the travel the previous year's log suggests, the margin to the advice,
//! the expected income and the net cost.

use crate::core::agreement::Unit;
use chrono::Datelike;
use rust_decimal::Decimal;

use crate::core::activity::Aggregate;
use crate::core::agreement::{Agreement, Article, Hours, Income, LineKind, Travel};
use crate::core::calendar::Period;
use crate::core::capacity::{self, ContractedHours, YearlyHours};
use crate::core::explain::{Explanation, Input, Phrase, CENTS};
use crate::core::facts::Facts;
use crate::core::invoice;
use crate::core::lines::{self, Line};
use crate::core::money::Money;
use crate::core::period::BillingPeriod;
use crate::core::rate::{self, RateError, RateInForce};
use crate::core::settlement::{self, SettlementError, YearContext};
use crate::core::statement::{given, PartYear, StatementPhrase as S, TravelNote};
use std::collections::BTreeMap;

/// The kilometres of the previous year in the activity log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreviousYear {
    pub km: Decimal,
    pub rows: u64,
    pub source: Phrase,
    /// Whether the facts name any activity log: without one, "no rows"
    /// would be the wrong reason for having no travel figure.
    pub logged: bool,
}

impl Default for PreviousYear {
    /// No kilometres, no rows, no log.
    fn default() -> PreviousYear {
        PreviousYear {
            km: Decimal::ZERO,
            rows: 0,
            source: S::None.into(),
            logged: false,
        }
    }
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
    pub note: TravelNote,
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
    /// The parts of fixed yearly amounts the client's invoices of the year
    /// bill (rule 6), as `ledger invoice` builds them; empty where none.
    pub allocations: Vec<Line>,
    pub fees: Vec<Line>,
    /// Service + allocations + fees.
    pub cost: Money,
    pub travel: ExpectedTravel,
    pub advice: Option<Money>,
    pub advice_article: Option<Article>,
    /// Advice − cost, before travel.
    pub margin: Option<Money>,
    pub income: Vec<ExpectedIncome>,
    /// Cost − expected income, travel apart.
    pub net: Money,
    pub notes: Vec<Phrase>,
    pub explanations: Vec<Explanation>,
}

/// The budget of client `party` (an id) for calendar `year`. Fails like
/// `settlement::settle` does: no hours, a year outside the agreement's
/// life, a party that is not a client or takes no part, a missing rate.
///
/// The phases run in the order of the statement: the hours, the rate, the
/// service and fee, the expected travel, the margin, the expected income and
/// the net cost.
pub fn budget(
    a: &Agreement,
    f: &Facts,
    party: &str,
    year: i32,
    previous: &PreviousYear,
) -> Result<Budget, SettlementError> {
    let hours_spec = settlement::hours_clause(a)?;
    let ctx = YearContext::new(a, f, party, year)?;
    let yearly = capacity::yearly_hours(a, f, party, year)?;
    let part = hours_of_part(a, f, &ctx)?;
    let hours = part.as_ref().map_or(yearly.hours, |c| c.hours);
    let (rate, rate_explanation) =
        rate::explained_rate_on(a, &hours_spec.rate, ctx.period.start())?;
    let service = service_line(hours_spec, &ctx, hours, &rate);
    let allocations = allocation_lines(a, f, &ctx)?;
    let mut priced = vec![service.clone()];
    priced.extend(allocations.iter().cloned());
    let fees = lines::fee_lines(a, &priced);
    let cost = priced.iter().chain(&fees).map(|l| l.amount).sum::<Money>();
    let travel = expected_travel(a, &ctx, previous)?;
    let margin = margin(a, &ctx, cost, &yearly, hours);
    let income = expected_income(a, &ctx, &yearly, hours);
    let income_total: Money = income.iter().map(|i| i.amount).sum();
    let net = cost - income_total;

    let mut explanations = vec![yearly.explain(party)];
    explanations.extend(part.iter().map(ContractedHours::explain));
    explanations.push(rate_explanation);
    explanations.push(service.explanation.clone());
    explanations.extend(allocations.iter().map(|l| l.explanation.clone()));
    explanations.extend(fees.iter().map(|l| l.explanation.clone()));
    explanations.extend(travel.line.iter().map(|l| l.explanation.clone()));
    explanations.extend(margin.iter().map(|(_, _, e)| e.clone()));
    explanations.extend(income.iter().map(|i| i.explanation.clone()));
    explanations.push(net_explanation(
        &ctx,
        cost,
        income_total,
        net,
        !allocations.is_empty(),
    ));

    Ok(Budget {
        agreement: a.id.clone(),
        party: party.to_string(),
        party_name: ctx.party_name.clone(),
        year,
        period: ctx.period,
        yearly,
        hours,
        rate,
        service,
        allocations,
        fees,
        cost,
        travel,
        advice: margin.as_ref().map(|(b, _, _)| b.amount),
        advice_article: margin.as_ref().map(|(b, _, _)| b.article.clone()),
        margin: margin.as_ref().map(|(_, m, _)| *m),
        income,
        net,
        notes: ctx
            .part_year_note(PartYear::Budget)
            .into_iter()
            .chain(withdrawal_note(a, f, &ctx))
            .collect(),
        explanations,
    })
}

/// The allocation parts the client's invoices of the year bill: the lines
/// of `core::invoice`, so the budget and the invoices cannot drift. The
/// invoices are built without activity; allocation parts do not depend on it.
fn allocation_lines(
    a: &Agreement,
    f: &Facts,
    ctx: &YearContext,
) -> Result<Vec<Line>, SettlementError> {
    if a.allocations.is_empty() && a.shared_amounts.is_empty() {
        return Ok(Vec::new());
    }
    let no_activity = Aggregate {
        borrowers: Vec::new(),
        totals: BTreeMap::new(),
        warnings: Vec::new(),
        logs: Vec::new(),
    };
    // Only this client's invoices are built, without the explanations the
    // lines do not carry themselves: building every client's to keep one
    // made a budget of all clients quadratic in them.
    let only = [ctx.party.to_string()];
    let mut out = Vec::new();
    for p in BillingPeriod::in_year(a.billing.rhythm, ctx.year) {
        if p.period().intersect(&ctx.period).is_none() {
            continue;
        }
        let period = invoice::PeriodContext::new(a, f, p)
            .explained(false)
            .only(Some(&only));
        let billing = invoice::invoices_in(&period, &no_activity)?;
        out.extend(
            billing
                .invoices
                .iter()
                .filter(|i| i.recipient.id == ctx.party)
                .flat_map(|i| i.lines.iter())
                .filter(|l| l.kind == LineKind::Allocation)
                .cloned(),
        );
    }
    Ok(out)
}

/// The contracted hours of the part of the year the client takes part in,
/// or `None` for a whole year: a whole year uses the yearly hours as they
/// are, so that a figure such as 140 h is not summed back from twelve
/// inexact twelfths.
fn hours_of_part(
    a: &Agreement,
    f: &Facts,
    ctx: &YearContext,
) -> Result<Option<ContractedHours>, RateError> {
    if ctx.full_year() {
        return Ok(None);
    }
    capacity::contracted_hours_taking_part(a, f, ctx.party, ctx.period).map(Some)
}

/// The expected service: the hours at the rate in force on the first day.
fn service_line(spec: &Hours, ctx: &YearContext, hours: Decimal, rate: &RateInForce) -> Line {
    Line::new(
        LineKind::Service,
        given(format!("{} {}", spec.what, ctx.year)),
        hours,
        Unit::Hour,
        rate.amount,
        &spec.article,
        if ctx.full_year() {
            S::YearlyHoursSource
        } else {
            S::ContractedHoursOf(ctx.period)
        },
        rate.source(),
    )
}

/// Travel: the previous year's kilometres at this year's km rate, or why
/// there is no figure.
fn expected_travel(
    a: &Agreement,
    ctx: &YearContext,
    previous: &PreviousYear,
) -> Result<ExpectedTravel, RateError> {
    let (party, prev) = (ctx.party, ctx.year - 1);
    let covers = ctx.part_of(a, prev);
    let party = party.to_string();
    let none = |note: TravelNote| ExpectedTravel {
        covers,
        line: None,
        note,
    };
    Ok(match (&a.travel, covers) {
        (None, _) => none(TravelNote::NoTravel),
        (Some(_), None) => none(TravelNote::NotTakingPart { party, prev }),
        (Some(_), Some(_)) if !previous.logged => none(TravelNote::NoLog {
            agreement: a.id.clone(),
            prev,
        }),
        (Some(_), Some(_)) if previous.rows == 0 => none(TravelNote::NoRows { party, prev }),
        (Some(t), Some(c)) => {
            let km = PreviousKm::new(previous, c, ctx);
            ExpectedTravel {
                covers,
                line: Some(travel_line(a, t, ctx, &km)?),
                note: km.note(),
            }
        }
    })
}

/// The kilometres of the previous year as the budget year counts them. A
/// previous year the client took part in for only some days (the pilot's
/// October–December) would understate a whole year's travel: its
/// kilometres are scaled by days, and the note says so.
struct PreviousKm<'p> {
    previous: &'p PreviousYear,
    prev: i32,
    year: i32,
    /// The part of the previous year the client took part in.
    covered: Period,
    /// The part of the budget year it takes part in.
    period: Period,
}

impl<'p> PreviousKm<'p> {
    fn new(previous: &'p PreviousYear, covered: Period, ctx: &YearContext) -> PreviousKm<'p> {
        PreviousKm {
            previous,
            prev: ctx.year - 1,
            year: ctx.year,
            covered,
            period: ctx.period,
        }
    }

    fn scaled(&self) -> bool {
        self.covered.days() != self.period.days()
    }

    fn km(&self) -> Decimal {
        if self.scaled() {
            self.previous.km * Decimal::from(self.period.days())
                / Decimal::from(self.covered.days())
        } else {
            self.previous.km
        }
    }

    fn source(&self) -> S {
        let p = self.previous;
        S::KmOfPrevious {
            prev: self.prev,
            source: Box::new(p.source.clone()),
            scaled: self
                .scaled()
                .then(|| (p.km, self.covered.days(), self.period.days())),
        }
    }

    fn note(&self) -> TravelNote {
        TravelNote::FromLog {
            prev: self.prev,
            covered: self.covered,
            whole: self.covered == Period::year(self.prev),
            scaled: self
                .scaled()
                .then(|| (self.previous.km, self.period.days(), self.year)),
        }
    }
}

/// The expected travel line: the previous year's kilometres at the km rate
/// in force on the first day of the budget.
fn travel_line(
    a: &Agreement,
    t: &Travel,
    ctx: &YearContext,
    km: &PreviousKm,
) -> Result<Line, RateError> {
    let km_rate = rate::rate_on(a, &t.rate, ctx.period.start())?;
    Ok(Line::new(
        LineKind::Travel,
        S::ExpectedTravelLine {
            what: t.what.clone(),
            year: ctx.year,
            prev: km.prev,
        },
        km.km(),
        Unit::Km,
        km_rate.amount,
        &t.article,
        km.source(),
        km_rate.source(),
    ))
}

/// The advised budget of the year, the margin to it and its explanation,
/// where the agreement advises one. The advice is a yearly figure (BRP:
/// 3 hours a week for 42 weeks, Art. 12 lid 4): for a part year it counts in
/// proportion to the part's contracted hours, rounded to cents, as the
/// expected income does.
fn margin(
    a: &Agreement,
    ctx: &YearContext,
    cost: Money,
    yearly: &YearlyHours,
    hours: Decimal,
) -> Option<(Advice, Money, Explanation)> {
    let b = a.budget_advice.as_ref()?;
    let share = PartShare::of(ctx, yearly, hours);
    let advice = Money::round(share.map_or(b.amount.amount(), |s| s.of_amount(b.amount.amount())));
    let margin = advice - cost;
    let mut explanation = Explanation::new(
        S::MarginOf {
            party: ctx.party.to_string(),
            year: ctx.year,
        },
        S::MarginFormula {
            whole_year: share.is_none(),
        },
        margin,
    )
    .input(Input::new(
        S::AdvisedBudget,
        b.amount,
        given("budget_advice.amount"),
    ));
    if let Some(share) = share {
        explanation = explanation.input(share.input()).input(Input::new(
            S::AdvisedBudgetOfPart,
            advice,
            S::AdvisedBudgetTimesShare,
        ));
    }
    let explanation = explanation
        .input(Input::new(S::ServicePlusFee, cost, S::LinesAbove))
        .article(&b.article);
    let advice = Advice {
        amount: advice,
        article: b.article.clone(),
    };
    Some((advice, margin, explanation))
}

/// The note of a recorded withdrawal that takes effect in the year: the
/// budget covers the hours up to it, and the compensation (Art. 22 in the
/// BRP pool) is owed beside it.
fn withdrawal_note(a: &Agreement, f: &Facts, ctx: &YearContext) -> Option<Phrase> {
    let clause = a.withdrawal.as_ref()?;
    let w = f
        .withdrawal(ctx.party)
        .filter(|w| w.effective.year() == ctx.year)?;
    let compensation = crate::core::withdrawal::compensation(
        a,
        f,
        &w.party,
        w.effective,
        w.redeployed_hours,
        w.external_contract_ends,
    );
    Some(
        S::WithdrawalBesideBudget {
            party: ctx.party_name.clone(),
            effective: w.effective,
            compensation: compensation.ok().map(|c| c.total),
            article: clause.article.clone(),
        }
        .into(),
    )
}

/// The share of the year that a part-year budget counts, for the advice
/// and the expected income alike: the part's contracted hours over the
/// yearly hours.
#[derive(Clone, Copy)]
struct PartShare {
    hours: Decimal,
    yearly: Decimal,
}

impl PartShare {
    /// `None` for a whole year (or no yearly hours to divide by).
    fn of(ctx: &YearContext, yearly: &YearlyHours, hours: Decimal) -> Option<PartShare> {
        (!ctx.full_year() && !yearly.hours.is_zero()).then_some(PartShare {
            hours,
            yearly: yearly.hours,
        })
    }

    /// `amount` × the share, unrounded.
    fn of_amount(self, amount: Decimal) -> Decimal {
        amount * self.hours / self.yearly
    }

    /// The share as an explanation's input: `deel van het jaar = 78,241935… ÷ 126`.
    fn input(self) -> Input {
        Input::new(
            S::ShareOfYear,
            S::HoursOver {
                hours: self.hours,
                yearly: self.yearly,
            },
            S::ContractedHoursWord,
        )
    }
}

/// The advised budget of one year: the agreement's, or its share of a part
/// year.
struct Advice {
    amount: Money,
    article: Article,
}

/// The income the client can expect, one line per income clause that gives
/// an expected number per year.
fn expected_income(
    a: &Agreement,
    ctx: &YearContext,
    yearly: &YearlyHours,
    hours: Decimal,
) -> Vec<ExpectedIncome> {
    a.income
        .iter()
        .filter_map(|inc| {
            let n = inc.expected_per_year?;
            Some(expected_income_line(inc, n, ctx, yearly, hours))
        })
        .collect()
}

/// `n` expected units a year, for a part year in proportion to its
/// contracted hours, × `income.amount`, rounded to cents.
fn expected_income_line(
    inc: &Income,
    n: u32,
    ctx: &YearContext,
    yearly: &YearlyHours,
    hours: Decimal,
) -> ExpectedIncome {
    let per_year = Decimal::from(n);
    let share = PartShare::of(ctx, yearly, hours);
    let units = share.map_or(per_year, |s| s.of_amount(per_year));
    let exact = inc.amount.amount() * units;
    let amount = Money::round(exact);
    let mut e = expected_income_explanation(inc, n, ctx, amount);
    if let Some(share) = share {
        e = e.input(share.input()).rounded(exact.normalize(), CENTS);
    }
    ExpectedIncome {
        what: inc.what.clone(),
        units,
        unit_amount: inc.amount,
        amount,
        article: inc.article.clone(),
        expected_article: inc.expected_article.clone(),
        explanation: e,
    }
}

/// How an expected income figure comes about, before any share of a part
/// year.
fn expected_income_explanation(
    inc: &Income,
    n: u32,
    ctx: &YearContext,
    amount: Money,
) -> Explanation {
    Explanation::new(
        S::ExpectedIncomeOf {
            what: inc.what.clone(),
            party: ctx.party.to_string(),
            year: ctx.year,
        },
        S::ExpectedIncomeFormula {
            whole_year: ctx.full_year(),
        },
        amount,
    )
    .input(Input::new(
        S::ExpectedPerYear,
        n,
        given(format!(
            "income.{}.expected_per_year ({})",
            inc.id,
            inc.expected_article.as_ref().unwrap_or(&inc.article)
        )),
    ))
    .input(Input::new(
        S::AmountPerUnit,
        inc.amount,
        given(format!("income.{}.amount", inc.id)),
    ))
    .article(&inc.article)
}

/// How the net expected cost comes about; an agreement with fixed amounts
/// names them in the formula.
fn net_explanation(
    ctx: &YearContext,
    cost: Money,
    income: Money,
    net: Money,
    allocated: bool,
) -> Explanation {
    Explanation::new(
        S::NetExpectedOf {
            party: ctx.party.to_string(),
            year: ctx.year,
        },
        S::NetExpectedFormula { allocated },
        net,
    )
    .input(Input::new(S::CostOf { allocated }, cost, S::LinesAbove))
    .input(Input::new(S::ExpectedIncome, income, S::IncomeAbove))
}
