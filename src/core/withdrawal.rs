//! Early withdrawal of one client (DOMAIN rule 8, BRP Art. 22): the
//! compensation for the hours lost from the effective date to the end of the
//! current term, capped, less redeployed hours, at the rate in force in each
//! month; next to it the regular way out by notice against renewal.

use crate::core::agreement::Unit;
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use crate::core::agreement::{
    Agreement, Article, CompensationUntil, Hours, LineKind, Rate, Withdrawal,
};
use crate::core::calendar::{self, Period, Wording};
use crate::core::capacity::{self, ContractedHours, MonthPart};
use crate::core::explain::{Explanation, Input, Phrase, Value};
use crate::core::facts::Facts;
use crate::core::lines::{self, Line};
use crate::core::money::Money;
use crate::core::parties::Parties;
use crate::core::rate::{self, RateError, RateInForce};
use crate::core::statement::{given, Owed, Reason, StatementPhrase as S, WindowWords};
use crate::core::term::{self, Participation};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WithdrawalError {
    #[error("agreement `{agreement}` has no withdrawal clause")]
    NoClause { agreement: String },
    #[error("agreement `{agreement}` has no contracted hours to compensate")]
    NoHours { agreement: String },
    #[error("unknown party `{party}` in agreement `{agreement}`; the clients are: {clients}")]
    UnknownParty {
        agreement: String,
        party: String,
        clients: String,
    },
    #[error(
        "{name} is the {role} of agreement `{agreement}`, not a client; only a client can withdraw"
    )]
    NotAClient {
        agreement: String,
        name: String,
        role: String,
    },
    #[error("redeployed hours cannot be negative, found {hours}")]
    NegativeRedeployed { hours: Decimal },
    #[error(
        "the withdrawal date {effective} lies before agreement `{agreement}` starts on {start}"
    )]
    BeforeStart {
        agreement: String,
        effective: NaiveDate,
        start: NaiveDate,
    },
    #[error("the withdrawal date {effective} lies after agreement `{agreement}` ends on {end}")]
    AfterEnd {
        agreement: String,
        effective: NaiveDate,
        end: NaiveDate,
    },
    #[error(
        "{name} takes no part in agreement `{agreement}` on {effective}; it takes part {part}"
    )]
    NotTakingPart {
        agreement: String,
        name: String,
        effective: NaiveDate,
        part: String,
    },
    #[error("{name} already withdrew from agreement `{agreement}` effective {recorded} ({recorded_in}); a withdrawal effective {effective} cannot also happen")]
    AlreadyWithdrawn {
        agreement: String,
        name: String,
        effective: NaiveDate,
        recorded: NaiveDate,
        recorded_in: String,
    },
    #[error(transparent)]
    Rate(#[from] RateError),
}

/// What ends the compensation period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    EndOfCurrentTerm,
    EndOfOriginalTerm,
    EndOfCalendarYear,
    Cap,
    ExternalContract,
    /// The client's own notice ends its part earlier anyway.
    OwnNotice,
}

/// One month (or part) of the compensation period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompensationMonth {
    pub covered: Period,
    pub contracted: Decimal,
    pub redeployed: Decimal,
    pub lost: Decimal,
    pub rate: Decimal,
}

/// The regular way out: notice against the renewal of the current term.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegularWayOut {
    /// The last day on which notice ends the agreement at `ends`.
    pub last_notice_day: NaiveDate,
    /// The deadline as the text words it ("vóór 1 september 2018").
    pub wording: Wording,
    /// The last day of the agreement under that notice; no compensation is due.
    pub ends: NaiveDate,
    pub article: Article,
    /// Where the effective date lies after `last_notice_day`: the notice
    /// given on the effective date, its last day and the end it gives.
    pub next: Option<(NaiveDate, NaiveDate)>,
    /// Whether the client's notice ends only its own participation, the
    /// agreement going on between the clients that still take part on
    /// `ends`, as `notice` says; with none left it ends the agreement.
    pub participation_only: bool,
}

/// The compensation a client owes for withdrawing early.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Compensation {
    pub agreement: String,
    pub party: String,
    pub party_name: String,
    pub effective: NaiveDate,
    /// The term in which the withdrawal takes effect, and its number (0 is
    /// the initial term).
    pub term: Period,
    pub term_number: u32,
    /// The end of the compensation window under the clause, before the cap.
    pub until: NaiveDate,
    pub cap_months: u32,
    pub cap_end: NaiveDate,
    pub external_contract_ends: Option<NaiveDate>,
    pub external_source: Option<Phrase>,
    /// The compensation period, `None` where nothing is owed for any day.
    pub period: Option<Period>,
    pub bound: Option<Bound>,
    pub contracted: Option<ContractedHours>,
    /// The contracted hours of the period: the hours the provider loses.
    pub hours_lost: Decimal,
    /// The redeployed hours given, and those that counted.
    pub redeployed_given: Decimal,
    pub redeployed: Decimal,
    pub hours_charged: Decimal,
    pub months: Vec<CompensationMonth>,
    /// One line per rate in force, then any fee lines.
    pub lines: Vec<Line>,
    pub total: Money,
    pub with_fees: bool,
    pub explanation: Explanation,
    pub explanations: Vec<Explanation>,
    /// Why the amount is what it is, zero cases included.
    pub reason: Phrase,
    pub regular: Option<RegularWayOut>,
    pub article: Article,
    pub relief_article: Option<Article>,
    /// The percentage of the hours charged that is compensated (100 unless
    /// the clause says otherwise).
    pub percent: Decimal,
}

/// The Art. 22 compensation of `party` (id or name) withdrawing on
/// `effective` (its first day out). `external_contract_ends` defaults to the
/// date recorded in the facts. Fails when the agreement has no withdrawal
/// clause or no hours, the party is not a client, the redeployed hours are
/// negative, or the date lies outside the agreement's life or the party's
/// part in it.
///
/// The phases: where the client stands on the date, the window the clause
/// and the cap leave, the hours lost less those redeployed, one line per
/// rate in force, the reason, the explanation and the regular way out.
pub fn compensation(
    a: &Agreement,
    f: &Facts,
    party: &str,
    effective: NaiveDate,
    redeployed_hours: Decimal,
    external_contract_ends: Option<NaiveDate>,
) -> Result<Compensation, WithdrawalError> {
    let case = Case::of(a, f, party, effective)?;
    if redeployed_hours < Decimal::ZERO {
        return Err(WithdrawalError::NegativeRedeployed {
            hours: redeployed_hours,
        });
    }
    let standing = Standing::of(a, f, &case)?;
    // Redeployed hours and the external contract lift compensation only
    // under a relief clause; without one they are set aside, and the
    // reason says so.
    let relief = case.w.relief_article.is_some();
    let external_given = external_contract_ends.or(f.external_contract_ends);
    let set_aside = no_relief_note(relief, redeployed_hours, external_given);
    let (redeployed_hours, f_relief) = if relief {
        (redeployed_hours, f.clone())
    } else {
        let mut without = f.clone();
        without.external_contract_ends = None;
        (Decimal::ZERO, without)
    };
    let external_contract_ends = external_contract_ends.filter(|_| relief);
    let window = Window::of(a, &f_relief, &case, &standing, external_contract_ends);
    let hourly = rate::find(a, &case.hours.rate)?;
    let lost = Lost::of(a, &case, &standing, &window, redeployed_hours)?;
    let (mut lines, mut explanations) = compensation_lines(&case, hourly, &lost.months);
    explanations.splice(0..0, lost.contracted.iter().map(ContractedHours::explain));
    // Compensation is lost income, not service: fees apply only where the
    // agreement says so, and then as they apply to the service.
    if case.w.with_fees {
        let fees = lines::fee_lines(a, &as_service(&lines));
        explanations.extend(fees.iter().map(|l| l.explanation.clone()));
        lines.extend(fees);
    }
    let total: Money = lines.iter().map(|l| l.amount).sum();
    let reason = reason(&case, &standing, &window, &lost, &lines, set_aside);
    let explanation = explain(&case, &standing, &window, &lost, &lines, total);
    let regular = regular_way_out(a, f, &case.id, effective, standing.current);
    let w = case.w;
    Ok(Compensation {
        agreement: a.id.clone(),
        party: case.id,
        party_name: case.name,
        effective,
        term: standing.current,
        term_number: standing.term_number,
        until: window.until,
        cap_months: w.cap_months,
        cap_end: window.cap_end,
        external_contract_ends: window.external,
        external_source: window.external_source,
        period: window.period,
        bound: window.period.map(|_| window.bound),
        contracted: lost.contracted,
        hours_lost: lost.hours,
        redeployed_given: lost.given,
        redeployed: lost.redeployed,
        hours_charged: lost.charged,
        months: lost.months.into_iter().map(|m| m.month).collect(),
        lines,
        total,
        with_fees: w.with_fees,
        explanation,
        explanations,
        reason: reason.into(),
        regular,
        article: w.article.clone(),
        relief_article: w.relief_article.clone(),
        percent: w.percent,
    })
}

/// Where the agreement has no relief clause, the redeployed hours and the
/// external contract's end given, which do not count, for the reason to say so.
fn no_relief_note(
    relief: bool,
    redeployed: Decimal,
    external: Option<NaiveDate>,
) -> (Option<Decimal>, Option<NaiveDate>) {
    if relief {
        return (None, None);
    }
    ((!redeployed.is_zero()).then_some(redeployed), external)
}

/// What is asked: the clauses that apply, the client and the date.
struct Case<'a> {
    w: &'a Withdrawal,
    hours: &'a Hours,
    id: String,
    name: String,
    effective: NaiveDate,
}

impl<'a> Case<'a> {
    /// Fails when the agreement has no withdrawal clause or no hours, or
    /// `party` is not one of its clients.
    fn of(
        a: &'a Agreement,
        f: &Facts,
        party: &str,
        effective: NaiveDate,
    ) -> Result<Case<'a>, WithdrawalError> {
        let w = a
            .withdrawal
            .as_ref()
            .ok_or_else(|| WithdrawalError::NoClause {
                agreement: a.id.clone(),
            })?;
        let hours = a.hours.as_ref().ok_or_else(|| WithdrawalError::NoHours {
            agreement: a.id.clone(),
        })?;
        let (id, name) = resolve_client(a, f, party)?;
        Ok(Case {
            w,
            hours,
            id,
            name,
            effective,
        })
    }
}

/// Where the client stands on the effective date, worked out once.
struct Standing {
    /// The term in which the withdrawal takes effect, and its number.
    term_number: u32,
    current: Period,
    /// The facts as if the client had stayed. The hours lost are those the
    /// client would have owed had it stayed, so a withdrawal already
    /// recorded for it must not cut them off.
    stayed: Facts,
    /// Its part in the agreement had it stayed.
    part: Participation,
}

impl Standing {
    /// Fails when the date lies outside the agreement's life, when another
    /// withdrawal is recorded, or when the client takes no part on the date.
    fn of(a: &Agreement, f: &Facts, case: &Case) -> Result<Standing, WithdrawalError> {
        let (term_number, current) = term_in_force(a, f, case.effective)?;
        // A client withdraws once: a recorded withdrawal can be computed
        // again, but no other date can be asked for.
        if let Some(recorded) = f
            .withdrawal(&case.id)
            .filter(|x| x.effective != case.effective)
        {
            return Err(WithdrawalError::AlreadyWithdrawn {
                agreement: a.id.clone(),
                name: case.name.clone(),
                effective: case.effective,
                recorded: recorded.effective,
                recorded_in: recorded.source.clone(),
            });
        }
        let mut stayed = f.clone();
        stayed.withdrawals.retain(|x| x.party != case.id);
        let part = term::participation(a, &stayed, &case.id);
        if !part.contains(case.effective) {
            return Err(WithdrawalError::NotTakingPart {
                agreement: a.id.clone(),
                name: case.name.clone(),
                effective: case.effective,
                part: match part.end {
                    Some(e) => format!("from {} up to and including {e}", part.start),
                    None => format!("from {}", part.start),
                },
            });
        }
        Ok(Standing {
            term_number,
            current,
            stayed,
            part,
        })
    }
}

/// The term, and its number, in force on `effective`. Fails when the date
/// lies before the agreement starts or after it ends.
fn term_in_force(
    a: &Agreement,
    f: &Facts,
    effective: NaiveDate,
) -> Result<(u32, Period), WithdrawalError> {
    let start = a.term.period.start();
    if effective < start {
        return Err(WithdrawalError::BeforeStart {
            agreement: a.id.clone(),
            effective,
            start,
        });
    }
    if let Some(end) = term::agreement_end(a, f).filter(|e| effective > *e) {
        return Err(WithdrawalError::AfterEnd {
            agreement: a.id.clone(),
            effective,
            end,
        });
    }
    term::term_containing(a, effective).ok_or_else(|| WithdrawalError::AfterEnd {
        agreement: a.id.clone(),
        effective,
        end: a.term.period.end(),
    })
}

/// The compensation window: every end the clause, the cap, the external
/// contract and the client's own notice give, and the one that wins.
struct Window {
    /// The end under the clause, before the cap.
    until: NaiveDate,
    cap_end: NaiveDate,
    external: Option<NaiveDate>,
    external_source: Option<Phrase>,
    end: NaiveDate,
    bound: Bound,
    /// `None` where the window holds no day.
    period: Option<Period>,
}

impl Window {
    fn of(
        a: &Agreement,
        f: &Facts,
        case: &Case,
        standing: &Standing,
        external_contract_ends: Option<NaiveDate>,
    ) -> Window {
        let (w, effective) = (case.w, case.effective);
        let until = match w.until {
            CompensationUntil::EndOfCurrentTerm => standing.current.end(),
            CompensationUntil::EndOfOriginalTerm => a.term.period.end(),
            CompensationUntil::EndOfCalendarYear => Period::year(effective.year()).end(),
        };
        let cap_end = term::previous_day(calendar::add_months(effective, w.cap_months));
        let (external, external_source) = match (external_contract_ends, f.external_contract_ends) {
            (Some(d), _) => (Some(d), Some(given("--external-contract-ends"))),
            (None, Some(d)) => (Some(d), Some(S::ExternalInFacts.into())),
            (None, None) => (None, None),
        };
        let mut candidates = vec![(until, clause_bound(w.until)), (cap_end, Bound::Cap)];
        candidates.extend(external.map(|x| (x, Bound::ExternalContract)));
        candidates.extend(standing.part.end.map(|e| (e, Bound::OwnNotice)));
        // The earliest end wins; among equal ends the clause's own comes first.
        let (end, bound) = candidates
            .into_iter()
            .min_by_key(|(d, _)| *d)
            .expect("at least two candidates");
        Window {
            until,
            cap_end,
            external,
            external_source,
            end,
            bound,
            period: Period::new(effective, end).ok(),
        }
    }
}

/// The bound the clause's own end stands for.
fn clause_bound(until: CompensationUntil) -> Bound {
    match until {
        CompensationUntil::EndOfCurrentTerm => Bound::EndOfCurrentTerm,
        CompensationUntil::EndOfOriginalTerm => Bound::EndOfOriginalTerm,
        CompensationUntil::EndOfCalendarYear => Bound::EndOfCalendarYear,
    }
}

/// A month of the compensation period with the rate in force on its first
/// day, worked out once for both its price and its line's explanation.
struct PricedMonth {
    month: CompensationMonth,
    rate: RateInForce,
}

/// The hours the provider loses over the window, less those redeployed.
struct Lost {
    contracted: Option<ContractedHours>,
    /// The contracted hours of the window.
    hours: Decimal,
    /// The redeployed hours given, those that counted, and the hours left
    /// to charge.
    given: Decimal,
    redeployed: Decimal,
    charged: Decimal,
    months: Vec<PricedMonth>,
}

impl Lost {
    fn of(
        a: &Agreement,
        case: &Case,
        standing: &Standing,
        window: &Window,
        redeployed_hours: Decimal,
    ) -> Result<Lost, WithdrawalError> {
        // The window ends no later than the client's part, and starts on a
        // day it takes part, so the window is its part already.
        let contracted = match window.period {
            Some(p) => Some(capacity::contracted_hours_taking_part(
                a,
                &standing.stayed,
                &case.id,
                p,
            )?),
            None => None,
        };
        let hours = contracted.as_ref().map_or(Decimal::ZERO, |c| c.hours);
        let parts = contracted.iter().flat_map(|c| c.months.iter());
        let months = redeploy(a, &case.hours.rate, parts, redeployed_hours, hours)?;
        Ok(Lost {
            contracted,
            hours,
            given: redeployed_hours,
            // Summed from the months, so that "all hours redeployed" is
            // exactly zero charged however many digits the hours carry.
            redeployed: months.iter().map(|m| m.month.redeployed).sum(),
            charged: months.iter().map(|m| m.month.lost).sum(),
            months,
        })
    }
}

/// The months of the window priced at the rate `rate_id` in force on their
/// first day, with the redeployed hours taken off the earliest months first.
/// Month hours carry up to 28 digits, so their sum can differ from the
/// total in the last digit; redeployed hours that cover the total take
/// every month whole.
fn redeploy<'m>(
    a: &Agreement,
    rate_id: &str,
    parts: impl Iterator<Item = &'m MonthPart>,
    redeployed_hours: Decimal,
    hours_lost: Decimal,
) -> Result<Vec<PricedMonth>, RateError> {
    let covers_all = redeployed_hours >= hours_lost;
    let mut left = redeployed_hours;
    let mut months = Vec::new();
    for m in parts {
        let off = if covers_all {
            m.hours
        } else {
            left.min(m.hours)
        };
        left -= off;
        let rate = rate::rate_on(a, rate_id, m.covered.start())?;
        let month = CompensationMonth {
            covered: m.covered,
            contracted: m.hours,
            redeployed: off,
            lost: m.hours - off,
            rate: rate.amount,
        };
        months.push(PricedMonth { month, rate });
    }
    Ok(months)
}

/// One line per rate in force (consecutive months at the same rate) that
/// leaves hours to charge, each after the explanation of its rate.
fn compensation_lines(
    case: &Case,
    hourly: &Rate,
    months: &[PricedMonth],
) -> (Vec<Line>, Vec<Explanation>) {
    let mut lines = Vec::new();
    let mut explanations = Vec::new();
    let percent = case.w.percent;
    for run in months.chunk_by(|x, y| x.month.rate == y.month.rate) {
        let lost: Decimal = run.iter().map(|m| m.month.lost).sum();
        if lost <= Decimal::ZERO {
            continue;
        }
        let (first, last) = (&run[0], &run[run.len() - 1]);
        let (from, to) = (first.month.covered.start(), last.month.covered.end());
        let whole = percent == Decimal::ONE_HUNDRED;
        let description = S::HoursLostLine {
            percent: (!whole).then_some(percent),
            from,
            to,
            rate: first.month.rate,
        };
        let (qty, source) = if whole {
            (lost, S::LostHoursSource)
        } else {
            // Hours are never rounded: the percentage applies to the exact
            // hours, and the line rounds their price once.
            (
                lost * percent / Decimal::ONE_HUNDRED,
                S::PercentOfLost {
                    percent,
                    hours: lost,
                },
            )
        };
        let line = Line::new(
            LineKind::Compensation,
            description,
            qty,
            Unit::Hour,
            first.month.rate,
            &case.w.article,
            source,
            S::RateInForceFrom {
                rate: case.hours.rate.clone(),
                from,
            },
        );
        explanations.push(first.rate.explain(hourly));
        explanations.push(line.explanation.clone());
        lines.push(line);
    }
    (lines, explanations)
}

/// The compensation lines as service lines, for the fees that apply to
/// service.
fn as_service(lines: &[Line]) -> Vec<Line> {
    lines
        .iter()
        .map(|l| Line {
            kind: LineKind::Service,
            ..l.clone()
        })
        .collect()
}

/// Why the amount is what it is, and what was given that does not count.
fn reason(
    case: &Case,
    standing: &Standing,
    window: &Window,
    lost: &Lost,
    lines: &[Line],
    set_aside: (Option<Decimal>, Option<NaiveDate>),
) -> S {
    S::Reason {
        reason: why(case, standing, window, lost, lines),
        set_aside,
    }
}

/// Why the amount is what it is, zero cases included.
fn why(case: &Case, standing: &Standing, window: &Window, lost: &Lost, lines: &[Line]) -> Reason {
    let (w, effective, end) = (case.w, case.effective, window.end);
    let relief = w.relief_article.clone();
    if let Some(external) = window.external.filter(|x| *x < effective) {
        Reason::ExternalEndsBefore {
            external,
            effective,
            relief,
        }
    } else if lost.hours.is_zero() {
        Reason::NoHoursLeft { effective, end }
    } else if lost.charged.is_zero() {
        Reason::AllRedeployed {
            given: lost.given,
            lost: lost.hours,
            effective,
            end,
            relief,
        }
    } else {
        Reason::Owed(Box::new(owed_reason(case, standing, window, lost, lines)))
    }
}

/// The reason where compensation is owed: the window, the cap, the
/// redeployment, the lines per rate and whether fees apply.
fn owed_reason(
    case: &Case,
    standing: &Standing,
    window: &Window,
    lost: &Lost,
    lines: &[Line],
) -> Owed {
    let w = case.w;
    Owed {
        name: case.name.clone(),
        effective: case.effective,
        term_number: standing.term_number,
        term: standing.current,
        hours: lost.hours,
        window: WindowWords {
            bound: window.bound,
            end: window.end,
            cap_months: w.cap_months,
            until: window.until,
            relief: w.relief_article.clone(),
        },
        within_cap: (window.bound != Bound::Cap).then_some(w.cap_months),
        article: w.article.clone(),
        redeployed: (!lost.redeployed.is_zero())
            .then(|| (lost.redeployed, w.relief_article.clone())),
        charged: lost.charged,
        share: (w.percent != Decimal::ONE_HUNDRED).then(|| (w.percent, w.article.clone())),
        lines: lines
            .iter()
            .filter(|l| l.kind == LineKind::Compensation)
            .map(|l| (l.quantity, l.unit_price, l.amount))
            .collect(),
        with_fees: w.with_fees,
    }
}

/// How the total came about: the date, the term, every end of the window,
/// the hours and each line.
fn explain(
    case: &Case,
    standing: &Standing,
    window: &Window,
    lost: &Lost,
    lines: &[Line],
    total: Money,
) -> Explanation {
    let w = case.w;
    let mut e = Explanation::new(
        S::CompensationOf {
            party: case.id.clone(),
            effective: case.effective,
        },
        S::CompensationFormula {
            percent: w.percent != Decimal::ONE_HUNDRED,
        },
        total,
    )
    .input(Input::new(
        S::EffectiveDate,
        case.effective,
        given("--effective"),
    ))
    .input(Input::new(
        S::CurrentTerm,
        S::TermOf {
            number: standing.term_number,
            term: standing.current,
        },
        S::TermAndRenewal,
    ))
    .input(Input::new(
        S::EndUnderClause,
        window.until,
        given(until_key(w.until)),
    ))
    .input(Input::new(
        S::Cap,
        S::CapMonths {
            months: w.cap_months,
            end: window.cap_end,
        },
        given("withdrawal.cap_months"),
    ));
    if let (Some(x), Some(src)) = (window.external, &window.external_source) {
        e = e.input(Input::new(S::ExternalCanEnd, x, src.clone()));
    }
    hour_inputs(e, w, window, lost, lines).article(&w.article)
}

/// The period, the hours lost, redeployed and charged, the share and the
/// lines of the compensation, as explanation inputs.
fn hour_inputs(
    mut e: Explanation,
    w: &Withdrawal,
    window: &Window,
    lost: &Lost,
    lines: &[Line],
) -> Explanation {
    e = e
        .input(Input::new(
            S::CompensationPeriod,
            window.period.map_or_else(|| S::None.into(), Value::from),
            S::EarliestOfEnds,
        ))
        .input(Input::new(
            S::HoursLost,
            Value::Hours(lost.hours),
            Phrase::Rule(3),
        ))
        .input(Input::new(
            S::RedeployedHours,
            S::OfGiven {
                used: lost.redeployed,
                given: lost.given,
            },
            given(format!("--redeployed-hours{}", w.relief_cite())),
        ))
        .input(Input::new(
            S::HoursCharged,
            Value::Hours(lost.charged),
            S::HoursLostMinusRedeployed,
        ));
    if w.percent != Decimal::ONE_HUNDRED {
        e = e.input(Input::new(
            S::ShareCompensated,
            given(format!("{}%", w.percent.normalize())),
            given("withdrawal.percent"),
        ));
    }
    for l in lines {
        e = e.input(Input::new(
            l.description.clone(),
            l.amount,
            Phrase::LineOf(l.article.clone()),
        ));
    }
    e
}

/// The TOML key and value that set the clause's own end.
fn until_key(until: CompensationUntil) -> &'static str {
    match until {
        CompensationUntil::EndOfCurrentTerm => "withdrawal.until = end_of_current_term",
        CompensationUntil::EndOfOriginalTerm => "withdrawal.until = end_of_original_term",
        CompensationUntil::EndOfCalendarYear => "withdrawal.until = end_of_calendar_year",
    }
}

/// The regular way out beside the compensation: notice against the renewal
/// of the current term, and where the date is past its last day, what a
/// notice given on the date achieves instead.
fn regular_way_out(
    a: &Agreement,
    f: &Facts,
    party: &str,
    effective: NaiveDate,
    current: Period,
) -> Option<RegularWayOut> {
    let r = a.renewal.as_ref()?;
    let last = r.notice.last_day(current.end());
    let next = (effective > last)
        .then(|| term::notice_effect(a, effective).ok())
        .flatten()
        .and_then(|e| match e {
            term::NoticeEffect::EndsAtTermEnd { term, last_day, .. } => {
                Some((last_day, term.end()))
            }
            _ => None,
        });
    Some(RegularWayOut {
        last_notice_day: last,
        wording: r.notice.wording(current.end()),
        ends: current.end(),
        article: r.article.clone(),
        next,
        participation_only: Parties::new(a, f).others_take_part(party, current.end()),
    })
}

/// The id and name of client `query` (id or name), accessions included.
fn resolve_client(
    a: &Agreement,
    f: &Facts,
    query: &str,
) -> Result<(String, String), WithdrawalError> {
    let parties = Parties::new(a, f);
    match parties.find(query) {
        Some(m) if !m.is_client() => Err(WithdrawalError::NotAClient {
            agreement: a.id.clone(),
            name: m.party.name.clone(),
            role: m.party.role.as_str().to_string(),
        }),
        Some(m) => Ok((m.id().to_string(), m.party.name.clone())),
        None => Err(WithdrawalError::UnknownParty {
            agreement: a.id.clone(),
            party: query.to_string(),
            clients: parties.client_list(),
        }),
    }
}
