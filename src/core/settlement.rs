//! The year-end settlement of one client (DOMAIN rule 7): contracted hours as
//! invoiced per quarter against the hours delivered, the difference split
//! into over-use, hours the provider failed to deliver, redeployed hours and
//! take-or-pay hours, the extra charge or refund with its fee and VAT, the
//! income per house visit and the net cost of the year.
//!
//! What was invoiced is never computed here: the service, fee and travel
//! lines "as invoiced" are those of the invoices `core::invoice::quarter_invoices`
//! builds from the same month aggregate, so the settlement and the invoices
//! cannot drift apart.

use rust_decimal::Decimal;

use crate::core::activity::Aggregate;
use crate::core::agreement::{Agreement, Article, IncomeBasis, LineKind, Role};
use crate::core::calendar::{Period, Quarter};
use crate::core::capacity::{self, ContractedHours};
use crate::core::explain::{Explanation, Input};
use crate::core::facts::Facts;
use crate::core::invoice::{self, InvoiceError, Month};
use crate::core::lines::{self, Line, Totals};
use crate::core::money::{self, Money};
use crate::core::rate::{self, RateError, RateInForce};
use crate::core::term;

/// What the activity log says about one client in one calendar year: the
/// sum of the months of that year in the month aggregate.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct YearActivity {
    pub hours: Decimal,
    pub house_visits: u64,
    pub rows: u64,
    pub km: Decimal,
    /// Where the figures come from, for explanations
    /// (`examples/brp-activity.csv lines 3–150 (38 rows)`).
    pub source: String,
}

impl YearActivity {
    /// The months of `year` of `party` in `activity`, summed.
    pub fn of(activity: &Aggregate<Month>, party: &str, year: i32) -> YearActivity {
        let mut act = YearActivity::default();
        let (mut first, mut last) = (u64::MAX, 0);
        for month in 1..=12 {
            let t = activity.get(party, (year, month));
            if t.rows > 0 {
                first = first.min(t.first_line);
                last = last.max(t.last_line);
            }
            act.hours += t.hours;
            act.km += t.km;
            act.house_visits += t.house_visits;
            act.rows += t.rows;
        }
        act.source = log_source(&activity.logs, act.rows, first, last);
        act
    }
}

/// Where activity totals come from: `log lines a–b (n rows)`.
pub fn log_source(logs: &[std::path::PathBuf], rows: u64, first: u64, last: u64) -> String {
    let files: Vec<String> = logs.iter().map(|p| p.display().to_string()).collect();
    if rows == 0 {
        format!("{} (no rows)", files.join(", "))
    } else {
        format!("{} lines {first}–{last} ({rows} rows)", files.join(", "))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SettlementError {
    #[error("agreement `{agreement}` has no contracted hours (it has no [hours] table)")]
    NoHours { agreement: String },
    #[error("agreement `{agreement}` has no take-or-pay clause to settle hours under")]
    NoTakeOrPay { agreement: String },
    #[error("agreement `{agreement}` has no term in {year}: {life}")]
    NoTerm {
        agreement: String,
        year: i32,
        life: String,
    },
    #[error("`{party}` is not a client of agreement `{agreement}`")]
    NotAClient { agreement: String, party: String },
    #[error("`{party}` takes no part in agreement `{agreement}` in {year}")]
    NotTakingPart {
        agreement: String,
        party: String,
        year: i32,
    },
    #[error(transparent)]
    Rate(#[from] RateError),
    #[error(transparent)]
    Invoice(#[from] InvoiceError),
}

/// The part of calendar `year` the agreement runs: from its start to its end
/// (a provider's notice, or the term of an agreement that does not renew).
/// Fails with a one-line description of the agreement's life otherwise.
pub fn life_in_year(a: &Agreement, f: &Facts, year: i32) -> Result<Period, SettlementError> {
    let start = a.term.period.start();
    let end = term::agreement_end(a, f);
    let in_year = Period::year(year);
    let life = match end {
        Some(e) => Period::new(start, e).ok(),
        None => Period::new(start, in_year.end().max(start)).ok(),
    };
    life.and_then(|l| l.intersect(&in_year))
        .ok_or_else(|| SettlementError::NoTerm {
            agreement: a.id.clone(),
            year,
            life: match end {
                Some(e) => format!("it runs from {start} up to and including {e}"),
                None => format!("it runs from {start} and renews"),
            },
        })
}

/// The under-use of a year split by who bears it (rule 7). The parts add up
/// to `under_use`; over-use and under-use exclude each other.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Split {
    pub over_use: Decimal,
    pub under_use: Decimal,
    /// Hours the provider failed to deliver (Art. 4 lid 2): never charged.
    pub not_delivered: Decimal,
    /// Hours the provider redeployed elsewhere (Art. 13 lid 2): refunded.
    pub redeployed: Decimal,
    /// Hours refunded because an exception is recorded (Art. 13 lid 3).
    pub exception: Decimal,
    /// Hours that stay due (take-or-pay, Art. 13 lid 2).
    pub take_or_pay: Decimal,
}

impl Split {
    /// The hours refunded: everything under-used except take-or-pay.
    pub fn refunded(&self) -> Decimal {
        self.not_delivered + self.redeployed + self.exception
    }
}

/// One quarterly invoice to the client as `core::invoice::quarter_invoices`
/// builds it, reduced to the lines the settlement uses: its service lines
/// (contracted hours × the rate in force, one per rate), its fee lines and
/// its travel lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuarterInvoice {
    /// The invoice id (`<agreement>-<quarter>-<client>`).
    pub id: String,
    pub quarter: Quarter,
    pub period: Period,
    pub service: Vec<Line>,
    pub fees: Vec<Line>,
    pub travel: Vec<Line>,
}

impl QuarterInvoice {
    /// The contracted hours the invoice bills.
    pub fn hours(&self) -> Decimal {
        self.service.iter().map(|l| l.quantity).sum()
    }

    pub fn service_amount(&self) -> Money {
        self.service.iter().map(|l| l.amount).sum()
    }

    pub fn fee(&self) -> Money {
        self.fees.iter().map(|l| l.amount).sum()
    }

    pub fn travel_amount(&self) -> Money {
        self.travel.iter().map(|l| l.amount).sum()
    }

    pub fn travel_km(&self) -> Decimal {
        self.travel.iter().map(|l| l.quantity).sum()
    }
}

/// Income of the client from the activity (`income.amount` per house visit).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncomeLine {
    pub what: String,
    pub units: Decimal,
    pub unit_amount: Money,
    pub amount: Money,
    pub article: Article,
    pub explanation: Explanation,
}

/// A recorded Art. 13 lid 3 exception, with the ground as the agreement words it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppliedException {
    pub ground: String,
    pub what: String,
    pub article: Article,
    pub note: Option<String>,
    pub source: String,
}

/// The settlement of one client for one calendar year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settlement {
    pub agreement: String,
    pub party: String,
    pub party_name: String,
    pub year: i32,
    /// The part of the year the client takes part in.
    pub period: Period,
    pub rate: RateInForce,
    pub contracted: ContractedHours,
    pub quarters: Vec<QuarterInvoice>,
    /// The contracted hours billed by the quarterly invoices.
    pub invoiced_hours: Decimal,
    pub invoiced_service: Money,
    pub invoiced_fee: Money,
    pub invoiced_travel: Money,
    pub travel_km: Decimal,
    pub delivered: YearActivity,
    pub split: Split,
    pub exception: Option<AppliedException>,
    /// The extra charge or refund and its fee lines (empty when nothing differs).
    pub lines: Vec<Line>,
    pub totals: Option<Totals>,
    pub income: Vec<IncomeLine>,
    /// Service and fee as invoiced, plus the settlement, minus the income;
    /// excl. VAT, travel apart.
    pub net_cost: Money,
    pub notes: Vec<String>,
    /// Every figure's explanation, in the order of the statement.
    pub explanations: Vec<Explanation>,
}

impl Settlement {
    /// The settlement excl. VAT (negative for a refund).
    pub fn amount(&self) -> Money {
        self.lines.iter().map(|l| l.amount).sum()
    }

    /// The hours the client pays for over the year: the contracted hours as
    /// invoiced, plus extra hours, minus refunded hours.
    pub fn charged_hours(&self) -> Decimal {
        self.invoiced_hours + self.split.over_use - self.split.refunded()
    }
}

/// The settlement of client `party` (an id) for calendar `year`, given the
/// activity log summed per borrower and month (at least the months of
/// `year`). Fails when the agreement bills no hours or has no take-or-pay
/// clause, when the year lies outside its life, when the party is not a
/// client taking part that year, or when a rate has no value or an invoice
/// cannot be computed.
pub fn settle(
    a: &Agreement,
    f: &Facts,
    party: &str,
    year: i32,
    months: &Aggregate<Month>,
) -> Result<Settlement, SettlementError> {
    let activity = &YearActivity::of(months, party, year);
    let hours = a.hours.as_ref().ok_or_else(|| SettlementError::NoHours {
        agreement: a.id.clone(),
    })?;
    let top = a
        .take_or_pay
        .as_ref()
        .ok_or_else(|| SettlementError::NoTakeOrPay {
            agreement: a.id.clone(),
        })?;
    let life = life_in_year(a, f, year)?;
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
    let period = term::participation(a, f, party).clip(life).ok_or_else(|| {
        SettlementError::NotTakingPart {
            agreement: a.id.clone(),
            party: party.to_string(),
            year,
        }
    })?;
    let mut notes = Vec::new();
    let mut explanations = Vec::new();

    let contracted = capacity::contracted_hours(a, f, party, period)?;
    explanations.push(contracted.explain());
    let hourly = a.rate(&hours.rate).ok_or_else(|| RateError::Unknown {
        rate: hours.rate.clone(),
    })?;
    // Within a calendar year the rate only changes where the TOML dates a new
    // value (indexation starts on 1 January); the year's differences are
    // priced at the rate in force on the first day the client takes part in
    // the year.
    let rate = rate::rate_on(a, &hours.rate, period.start())?;
    explanations.push(rate.explain(hourly));
    let rate_source = format!("{} in force on {}", hours.rate, period.start());

    // The quarterly invoices of the year are the ones `ledger invoice`
    // sends: "as invoiced" means their lines, never a rebuilt copy.
    let mut quarters = Vec::new();
    for q in Quarter::quarters_of_year(year) {
        if q.period().intersect(&period).is_none() {
            continue;
        }
        let billing = invoice::quarter_invoices(a, f, q, months)?;
        let Some(inv) = billing
            .invoices
            .into_iter()
            .find(|i| i.recipient.id == party)
        else {
            continue;
        };
        let of_kind = |kind: LineKind| -> Vec<Line> {
            inv.lines
                .iter()
                .filter(|l| l.kind == kind)
                .cloned()
                .collect()
        };
        quarters.push(QuarterInvoice {
            id: inv.id.clone(),
            quarter: q,
            // The invoice core builds its period from a `Period`, so it is
            // valid; a fallback here would only hide a bug there.
            period: Period::new(inv.period_start, inv.period_end)
                .expect("an invoice's period starts before it ends"),
            service: of_kind(LineKind::Service),
            fees: of_kind(LineKind::Fee),
            travel: of_kind(LineKind::Travel),
        });
    }
    // The explanations are the invoices' own, named after their invoice so
    // that the reader can tell the quarters apart.
    let from_invoice = |q: &QuarterInvoice, l: &Line| {
        let mut e = l.explanation.clone();
        e.figure = format!("{}: {}", q.id, e.figure);
        e
    };
    for q in &quarters {
        explanations.extend(q.service.iter().map(|l| from_invoice(q, l)));
        explanations.extend(q.fees.iter().map(|l| from_invoice(q, l)));
    }
    let invoiced_hours: Decimal = quarters.iter().map(QuarterInvoice::hours).sum();
    let invoiced_service: Money = quarters.iter().map(QuarterInvoice::service_amount).sum();
    let invoiced_fee: Money = quarters.iter().map(QuarterInvoice::fee).sum();
    let invoiced_travel: Money = quarters.iter().map(QuarterInvoice::travel_amount).sum();
    let travel_km: Decimal = quarters.iter().map(QuarterInvoice::travel_km).sum();
    for q in &quarters {
        explanations.extend(q.travel.iter().map(|l| from_invoice(q, l)));
    }

    let delivered = activity.hours;
    let mut e_delivered = Explanation::new(
        format!("delivered hours of {party} in {year}"),
        "Σ hours of the activity log rows in the year",
        money::plain_decimal(delivered, 2),
    )
    .input(Input::new("rows", activity.rows, activity.source.clone()));
    e_delivered = e_delivered.input(Input::new(
        "house visits",
        activity.house_visits,
        activity.source.clone(),
    ));
    explanations.push(e_delivered);
    if activity.rows == 0 {
        notes.push(format!(
            "the activity log has no rows for {party} in {year}: every contracted hour counts as not taken"
        ));
    }

    // Rule 7: over-use is charged; under-use is refunded as far as the
    // provider failed to deliver or redeployed the hours, and the rest stays
    // due unless an exception is recorded.
    let mut split = Split::default();
    let diff = delivered - invoiced_hours;
    let shortfall_fact = f.shortfall_hours(party, year);
    let redeployed_fact = f.redeployed_hours(party, year);
    let exception_fact = f.exception(party, year);
    let exception = exception_fact.map(|e| {
        let ground = top.exceptions.iter().find(|g| g.id == e.ground);
        AppliedException {
            ground: e.ground.clone(),
            what: ground.map_or_else(|| e.ground.clone(), |g| g.what.clone()),
            article: ground.map_or_else(|| top.article.clone(), |g| g.article.clone()),
            note: e.note.clone(),
            source: e.source.clone(),
        }
    });
    let mut e_split = Explanation::new(
        format!("difference of {party} in {year}"),
        "delivered − invoiced; under-use split: not delivered by the provider first, then redeployed, the rest take-or-pay (or refunded under a recorded exception)",
        money::plain_decimal(diff, 2),
    )
    .input(Input::new(
        "delivered hours",
        delivered.normalize(),
        activity.source.clone(),
    ))
    .input(Input::new(
        "invoiced contracted hours",
        money::plain_decimal(invoiced_hours, 2),
        "the quarterly invoices (rule 4)",
    ))
    .article(&top.settlement_article);
    let mut settlement_lines = Vec::new();
    if diff > Decimal::ZERO {
        split.over_use = diff;
        for (fact, what) in [
            (shortfall_fact, "hours not delivered"),
            (redeployed_fact, "redeployed hours"),
        ] {
            if let Some(r) = fact.filter(|r| !r.hours.is_zero()) {
                notes.push(format!(
                    "{} {what} recorded for {year} ({}) are not used: {party} used more than its contracted hours",
                    money::plain_decimal(r.hours, 2),
                    r.source
                ));
            }
        }
        if exception.is_some() {
            notes.push(format!(
                "the exception recorded for {year} does not apply: there is no under-use"
            ));
        }
        settlement_lines.push(Line::new(
            LineKind::Settlement,
            format!("extra hours {year} beyond the contracted hours"),
            split.over_use,
            "hour",
            rate.amount,
            &top.overuse_article,
            format!(
                "delivered {} − invoiced {}",
                money::plain_decimal(delivered, 2),
                money::plain_decimal(invoiced_hours, 2)
            ),
            rate_source.clone(),
        ));
    } else if diff < Decimal::ZERO {
        let under = -diff;
        split.under_use = under;
        split.not_delivered = shortfall_fact.map_or(Decimal::ZERO, |r| r.hours.min(under));
        split.redeployed =
            redeployed_fact.map_or(Decimal::ZERO, |r| r.hours.min(under - split.not_delivered));
        let rest = under - split.not_delivered - split.redeployed;
        if exception.is_some() {
            split.exception = rest;
        } else {
            split.take_or_pay = rest;
        }
        for (fact, used, what) in [
            (shortfall_fact, split.not_delivered, "hours not delivered"),
            (redeployed_fact, split.redeployed, "redeployed hours"),
        ] {
            if let Some(r) = fact.filter(|r| r.hours > used) {
                notes.push(format!(
                    "of the {} {what} recorded for {year} ({}), {} count: the under-use is only {}",
                    money::plain_decimal(r.hours, 2),
                    r.source,
                    money::plain_decimal(used, 2),
                    money::plain_decimal(under, 2)
                ));
            }
        }
        let refunded = split.refunded();
        if refunded > Decimal::ZERO {
            let mut parts = Vec::new();
            if !split.not_delivered.is_zero() {
                parts.push(format!(
                    "{} not delivered ({})",
                    money::plain_decimal(split.not_delivered, 2),
                    top.shortfall_article
                ));
            }
            if !split.redeployed.is_zero() {
                parts.push(format!(
                    "{} redeployed ({})",
                    money::plain_decimal(split.redeployed, 2),
                    top.article
                ));
            }
            if !split.exception.is_zero() {
                let art = exception
                    .as_ref()
                    .map_or_else(|| top.article.clone(), |e| e.article.clone());
                parts.push(format!(
                    "{} under the exception ({art})",
                    money::plain_decimal(split.exception, 2)
                ));
            }
            settlement_lines.push(Line::new(
                LineKind::Settlement,
                format!("refund of hours not taken {year}: {}", parts.join(" + ")),
                -refunded,
                "hour",
                rate.amount,
                &top.settlement_article,
                parts.join(" + "),
                rate_source.clone(),
            ));
        }
    }
    e_split = e_split
        .input(Input::new(
            "over-use",
            money::plain_decimal(split.over_use, 2),
            top.overuse_article.to_string(),
        ))
        .input(Input::new(
            "not delivered by the provider",
            money::plain_decimal(split.not_delivered, 2),
            shortfall_fact.map_or_else(
                || format!("none recorded ({})", top.shortfall_article),
                |r| {
                    format!(
                        "{} of {} recorded, {}",
                        fmt_h(split.not_delivered),
                        fmt_h(r.hours),
                        r.source
                    )
                },
            ),
        ))
        .input(Input::new(
            "redeployed",
            money::plain_decimal(split.redeployed, 2),
            redeployed_fact.map_or_else(
                || format!("none recorded ({})", top.article),
                |r| {
                    format!(
                        "{} of {} recorded, {}",
                        fmt_h(split.redeployed),
                        fmt_h(r.hours),
                        r.source
                    )
                },
            ),
        ))
        .input(Input::new(
            "exception",
            money::plain_decimal(split.exception, 2),
            exception.as_ref().map_or_else(
                || {
                    let articles: Vec<String> = top
                        .exceptions
                        .iter()
                        .map(|g| g.article.to_string())
                        .collect();
                    let mut articles = articles;
                    articles.dedup();
                    format!(
                        "none recorded (take_or_pay.exceptions, {})",
                        articles.join(", ")
                    )
                },
                |e| format!("{}: {}, {}", e.ground, e.what, e.source),
            ),
        ))
        .input(Input::new(
            "take-or-pay, stays due",
            money::plain_decimal(split.take_or_pay, 2),
            top.article.to_string(),
        ));
    explanations.push(e_split);

    let fee_lines = lines::fee_lines(a, &settlement_lines);
    explanations.extend(settlement_lines.iter().map(|l| l.explanation.clone()));
    explanations.extend(fee_lines.iter().map(|l| l.explanation.clone()));
    settlement_lines.extend(fee_lines);
    let totals = (!settlement_lines.is_empty()).then(|| lines::totals(a, &settlement_lines));
    if let Some(t) = &totals {
        explanations.extend(t.vat.iter().map(|v| v.explanation.clone()));
    }

    let mut income = Vec::new();
    for inc in &a.income {
        let units = match inc.per {
            IncomeBasis::HouseVisit => Decimal::from(activity.house_visits),
        };
        let exact = inc.amount.amount() * units;
        let amount = Money::round(exact);
        let explanation = Explanation::new(
            format!("{} {party} {year}", inc.what),
            "house visits in the log × amount per visit",
            amount,
        )
        .input(Input::new("house visits", units, activity.source.clone()))
        .input(Input::new(
            "amount per visit",
            inc.amount,
            format!("income.{}.amount", inc.id),
        ))
        .article(&inc.article);
        explanations.push(explanation.clone());
        income.push(IncomeLine {
            what: inc.what.clone(),
            units,
            unit_amount: inc.amount,
            amount,
            article: inc.article.clone(),
            explanation,
        });
    }
    let income_total: Money = income.iter().map(|i| i.amount).sum();
    let settlement_amount: Money = settlement_lines.iter().map(|l| l.amount).sum();
    let net_cost = invoiced_service + invoiced_fee + settlement_amount - income_total;
    explanations.push(
        Explanation::new(
            format!("net cost of {party} in {year}"),
            "service + fee as invoiced + settlement (excl. VAT) − income; travel apart",
            net_cost,
        )
        .input(Input::new(
            "service as invoiced",
            invoiced_service,
            format!("{} quarterly invoice(s)", quarters.len()),
        ))
        .input(Input::new(
            "fee as invoiced",
            invoiced_fee,
            "the quarterly invoices",
        ))
        .input(Input::new(
            "settlement excl. VAT",
            settlement_amount,
            top.settlement_article.to_string(),
        ))
        .input(Input::new("income", income_total, "the income lines above")),
    );
    if period != Period::year(year) {
        notes.push(format!(
            "{party} takes part in {year} from {} up to and including {} only; the contracted hours are those of that part",
            period.start(),
            period.end()
        ));
    }
    Ok(Settlement {
        agreement: a.id.clone(),
        party: party.to_string(),
        party_name,
        year,
        period,
        rate,
        contracted,
        quarters,
        invoiced_hours,
        invoiced_service,
        invoiced_fee,
        invoiced_travel,
        travel_km,
        delivered: activity.clone(),
        split,
        exception,
        lines: settlement_lines,
        totals,
        income,
        net_cost,
        notes,
        explanations,
    })
}

fn fmt_h(d: Decimal) -> String {
    money::plain_decimal(d, 2)
}
