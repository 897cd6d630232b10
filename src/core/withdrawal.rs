//! Early withdrawal of one client (DOMAIN rule 8, BRP Art. 22): the
//! compensation for the hours lost from the effective date to the end of the
//! current term, capped, less redeployed hours, at the rate in force in each
//! month; next to it the regular way out by notice against renewal.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::core::agreement::{Agreement, Article, CompensationUntil, LineKind, Role};
use crate::core::calendar::{self, Period};
use crate::core::capacity::{self, ContractedHours};
use crate::core::explain::{Explanation, Input};
use crate::core::facts::{self, Facts};
use crate::core::lines::{self, Line};
use crate::core::money::{self, Money};
use crate::core::rate::{self, RateError};
use crate::core::term;

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
    /// The deadline as the text words it, in English ("before 1 September 2018").
    pub wording: String,
    /// The last day of the agreement under that notice; no compensation is due.
    pub ends: NaiveDate,
    pub article: Article,
    /// Where the effective date lies after `last_notice_day`: the notice
    /// given on the effective date, its last day and the end it gives.
    pub next: Option<(NaiveDate, NaiveDate)>,
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
    pub external_source: Option<String>,
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
    pub reason: String,
    pub regular: Option<RegularWayOut>,
    pub article: Article,
    pub relief_article: Option<Article>,
}

/// The Art. 22 compensation of `party` (id or name) withdrawing on
/// `effective` (its first day out). `external_contract_ends` defaults to the
/// date recorded in the facts. Fails when the agreement has no withdrawal
/// clause or no hours, the party is not a client, the redeployed hours are
/// negative, or the date lies outside the agreement's life or the party's
/// part in it.
pub fn compensation(
    a: &Agreement,
    f: &Facts,
    party: &str,
    effective: NaiveDate,
    redeployed_hours: Decimal,
    external_contract_ends: Option<NaiveDate>,
) -> Result<Compensation, WithdrawalError> {
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
    if redeployed_hours < Decimal::ZERO {
        return Err(WithdrawalError::NegativeRedeployed {
            hours: redeployed_hours,
        });
    }
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
    let (term_number, current) =
        term::term_containing(a, effective).ok_or_else(|| WithdrawalError::AfterEnd {
            agreement: a.id.clone(),
            effective,
            end: a.term.period.end(),
        })?;
    // A client withdraws once: a recorded withdrawal can be computed again,
    // but no other date can be asked for.
    if let Some(recorded) = f.withdrawal(&id).filter(|x| x.effective != effective) {
        return Err(WithdrawalError::AlreadyWithdrawn {
            agreement: a.id.clone(),
            name,
            effective,
            recorded: recorded.effective,
            recorded_in: recorded.source.clone(),
        });
    }
    // The hours lost are those the client would have owed had it stayed, so
    // a withdrawal already recorded for it must not cut them off.
    let mut stayed = f.clone();
    stayed.withdrawals.retain(|x| x.party != id);
    let part = term::participation(a, &stayed, &id);
    if !part.contains(effective) {
        return Err(WithdrawalError::NotTakingPart {
            agreement: a.id.clone(),
            name,
            effective,
            part: match part.end {
                Some(e) => format!("from {} up to and including {e}", part.start),
                None => format!("from {}", part.start),
            },
        });
    }

    let until = match w.until {
        CompensationUntil::EndOfCurrentTerm => current.end(),
        CompensationUntil::EndOfOriginalTerm => a.term.period.end(),
    };
    let cap_end = term::previous_day(calendar::add_months(effective, w.cap_months));
    let (external, external_source) = match (external_contract_ends, f.external_contract_ends) {
        (Some(d), _) => (Some(d), Some("--external-contract-ends".to_string())),
        (None, Some(d)) => (
            Some(d),
            Some("external_contract.ends in the facts".to_string()),
        ),
        (None, None) => (None, None),
    };

    let mut candidates = vec![
        (
            until,
            match w.until {
                CompensationUntil::EndOfCurrentTerm => Bound::EndOfCurrentTerm,
                CompensationUntil::EndOfOriginalTerm => Bound::EndOfOriginalTerm,
            },
        ),
        (cap_end, Bound::Cap),
    ];
    if let Some(x) = external {
        candidates.push((x, Bound::ExternalContract));
    }
    if let Some(e) = part.end {
        candidates.push((e, Bound::OwnNotice));
    }
    // The earliest end wins; among equal ends the clause's own comes first.
    let (end, bound) = candidates
        .iter()
        .copied()
        .min_by_key(|(d, _)| *d)
        .expect("at least two candidates");
    let period = Period::new(effective, end).ok();

    let hourly = a.rate(&hours.rate).ok_or_else(|| RateError::Unknown {
        rate: hours.rate.clone(),
    })?;
    let mut explanations = Vec::new();
    let contracted = match period {
        Some(p) => Some(capacity::contracted_hours(a, &stayed, &id, p)?),
        None => None,
    };
    let hours_lost = contracted.as_ref().map_or(Decimal::ZERO, |c| c.hours);
    if let Some(c) = &contracted {
        explanations.push(c.explain());
    }

    // Redeployed hours come off the earliest months first. Month hours carry
    // up to 28 digits, so their sum can differ from the total in the last
    // digit; redeployed hours that cover the total take every month whole.
    let covers_all = redeployed_hours >= hours_lost;
    let mut left = redeployed_hours;
    let mut months = Vec::new();
    for m in contracted.iter().flat_map(|c| c.months.iter()) {
        let off = if covers_all {
            m.hours
        } else {
            left.min(m.hours)
        };
        left -= off;
        let r = rate::rate_on(a, &hours.rate, m.covered.start())?;
        months.push(CompensationMonth {
            covered: m.covered,
            contracted: m.hours,
            redeployed: off,
            lost: m.hours - off,
            rate: r.amount,
        });
    }
    // Summed from the months, so that "all hours redeployed" is exactly zero
    // charged however many digits the hours carry.
    let redeployed: Decimal = months.iter().map(|m| m.redeployed).sum();
    let hours_charged: Decimal = months.iter().map(|m| m.lost).sum();

    // One line per rate in force: consecutive months at the same rate.
    let mut lines_out: Vec<Line> = Vec::new();
    let mut i = 0;
    while i < months.len() {
        let mut j = i;
        while j + 1 < months.len() && months[j + 1].rate == months[i].rate {
            j += 1;
        }
        let qty: Decimal = months[i..=j].iter().map(|m| m.lost).sum();
        if qty > Decimal::ZERO {
            let from = months[i].covered.start();
            let to = months[j].covered.end();
            let line = Line::new(
                LineKind::Compensation,
                format!("hours lost {from} – {to} at {}", months[i].rate),
                qty,
                "hour",
                months[i].rate,
                &w.article,
                "contracted hours of the period − redeployed hours (rule 3, rule 8)",
                format!("{} in force from {from}", hours.rate),
            );
            if let Ok(r) = rate::rate_on(a, &hours.rate, from) {
                explanations.push(r.explain(hourly));
            }
            explanations.push(line.explanation.clone());
            lines_out.push(line);
        }
        i = j + 1;
    }
    // Compensation is lost income, not service: fees apply only where the
    // agreement says so, and then as they apply to the service.
    if w.with_fees {
        let as_service: Vec<Line> = lines_out
            .iter()
            .map(|l| Line {
                kind: LineKind::Service,
                ..l.clone()
            })
            .collect();
        let fees = lines::fee_lines(a, &as_service);
        explanations.extend(fees.iter().map(|l| l.explanation.clone()));
        lines_out.extend(fees);
    }
    let total: Money = lines_out.iter().map(|l| l.amount).sum();

    let h = |d: Decimal| money::plain_decimal(d, 2);
    let reason = if let Some(x) = external.filter(|x| *x < effective) {
        format!(
            "no compensation: the provider's external contract can end on {x}, before the withdrawal takes effect on {effective}{}",
            w.relief_cite()
        )
    } else if hours_lost.is_zero() {
        format!("no compensation: no contracted hours remain from {effective} up to and including {end}")
    } else if hours_charged.is_zero() {
        format!(
            "no compensation: the {} hours redeployed cover all {} hours lost from {effective} up to and including {end}{}",
            h(redeployed_hours),
            h(hours_lost),
            w.relief_cite()
        )
    } else {
        let window = match bound {
            Bound::EndOfCurrentTerm => format!("to the end of the current term on {end}"),
            Bound::EndOfOriginalTerm => format!("to the end of the original term on {end}"),
            Bound::Cap => format!(
                "for at most {} months, up to and including {end} (the term runs until {until})",
                w.cap_months
            ),
            Bound::ExternalContract => format!(
                "up to and including {end}, when the provider's external contract can end{}",
                w.relief_cite()
            ),
            Bound::OwnNotice => {
                format!("up to and including {end}, when its own notice ends its part anyway")
            }
        };
        let within_cap = if bound == Bound::Cap {
            String::new()
        } else {
            format!(", within the {}-month cap", w.cap_months)
        };
        let redeployment = if redeployed.is_zero() {
            "nothing redeployed".to_string()
        } else {
            format!(
                "less {} hours redeployed, earliest months first{}",
                h(redeployed),
                w.relief_cite()
            )
        };
        let rates: Vec<String> = lines_out
            .iter()
            .filter(|l| l.kind == LineKind::Compensation)
            .map(|l| format!("{} h × {} = {}", h(l.quantity), l.unit_price, l.amount))
            .collect();
        let fee = if w.with_fees {
            "; the agreement's fees apply to compensation".to_string()
        } else {
            "; no fee: compensation is lost income, not service".to_string()
        };
        format!(
            "{name} withdraws from {effective} in the {} ({}): it owes the {} contracted hours {window}{within_cap} ({}), {redeployment}: {} charged; {}{fee}",
            term_label(term_number),
            current,
            h(hours_lost),
            w.article,
            h(hours_charged),
            rates.join(" + ")
        )
    };

    let mut explanation = Explanation::new(
        format!("withdrawal compensation of {id} from {effective}"),
        "Σ per rate in force: (contracted hours from the effective date to the end of the period − redeployed hours, earliest months first) × rate",
        total,
    )
    .input(Input::new("effective date", effective, "--effective"))
    .input(Input::new(
        "current term",
        format!("{}: {current}", term_label(term_number)),
        "term and renewal",
    ))
    .input(Input::new(
        "end under the clause",
        until,
        match w.until {
            CompensationUntil::EndOfCurrentTerm => "withdrawal.until = end_of_current_term",
            CompensationUntil::EndOfOriginalTerm => "withdrawal.until = end_of_original_term",
        },
    ))
    .input(Input::new(
        "cap",
        format!("{} months → {cap_end}", w.cap_months),
        "withdrawal.cap_months",
    ));
    if let (Some(x), Some(src)) = (external, &external_source) {
        explanation = explanation.input(Input::new("external contract can end", x, src.clone()));
    }
    explanation = explanation
        .input(Input::new(
            "period",
            period.map_or("none".to_string(), |p| p.to_string()),
            "the earliest of the ends above",
        ))
        .input(Input::new("hours lost", h(hours_lost), "rule 3"))
        .input(Input::new(
            "redeployed hours",
            format!("{} of {} given", h(redeployed), h(redeployed_hours)),
            format!("--redeployed-hours{}", w.relief_cite()),
        ))
        .input(Input::new(
            "hours charged",
            h(hours_charged),
            "hours lost − redeployed",
        ));
    for l in &lines_out {
        explanation = explanation.input(Input::new(
            l.description.clone(),
            l.amount,
            format!("line ({})", l.article),
        ));
    }
    explanation = explanation.article(&w.article);

    let regular = a.renewal.as_ref().map(|r| {
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
        RegularWayOut {
            last_notice_day: last,
            wording: r.notice.wording(current.end()).english(),
            ends: current.end(),
            article: r.article.clone(),
            next,
        }
    });

    Ok(Compensation {
        agreement: a.id.clone(),
        party: id,
        party_name: name,
        effective,
        term: current,
        term_number,
        until,
        cap_months: w.cap_months,
        cap_end,
        external_contract_ends: external,
        external_source,
        period,
        bound: period.map(|_| bound),
        contracted,
        hours_lost,
        redeployed_given: redeployed_hours,
        redeployed,
        hours_charged,
        months,
        lines: lines_out,
        total,
        with_fees: w.with_fees,
        explanation,
        explanations,
        reason,
        regular,
        article: w.article.clone(),
        relief_article: w.relief_article.clone(),
    })
}

/// "initial term" for term 0, "renewal 1" and so on after it.
pub fn term_label(n: u32) -> String {
    if n == 0 {
        "initial term".to_string()
    } else {
        format!("renewal {n}")
    }
}

/// The id and name of client `query` (id or name), accessions included.
fn resolve_client(
    a: &Agreement,
    f: &Facts,
    query: &str,
) -> Result<(String, String), WithdrawalError> {
    if let Some(p) = facts::find_party(a, f, query) {
        if p.role != Role::Client {
            return Err(WithdrawalError::NotAClient {
                agreement: a.id.clone(),
                name: p.name.clone(),
                role: p.role.as_str().to_string(),
            });
        }
        return Ok((p.id.clone(), p.name.clone()));
    }
    let clients: Vec<String> = facts::clients(a, f)
        .map(|p| format!("{} ({})", p.name, p.id))
        .collect();
    Err(WithdrawalError::UnknownParty {
        agreement: a.id.clone(),
        party: query.to_string(),
        clients: clients.join(", "),
    })
}
