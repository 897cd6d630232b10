//! The year-end settlement of one client (DOMAIN rule 7): contracted hours as
//! invoiced per quarter against the hours delivered, the difference split
//! into over-use, hours the provider failed to deliver, redeployed hours and
//! take-or-pay hours, the extra charge or refund with its fee and VAT, the
//! income per house visit and the net cost of the year.
//!
//! What was invoiced is never computed here: the service, fee and travel
//! lines "as invoiced" are those of the invoices `core::invoice::period_invoices`
//! builds from the same month aggregate, so the settlement and the invoices
//! cannot drift apart.

use crate::core::agreement::Unit;
use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::core::activity::Aggregate;
use crate::core::agreement::{
    Agreement, Article, Hours, Income, IncomeBasis, LineKind, OverUse, Role, TakeOrPay, UnderUse,
};
use crate::core::calendar::Period;
use crate::core::capacity::{self, ContractedHours};
use crate::core::explain::{Explanation, Input, Phrase, Value};
use crate::core::facts::{ExceptionFact, Facts, YearHours};
use crate::core::invoice::{self, InvoiceError, Month};
use crate::core::lines::{self, Line, Totals};
use crate::core::money::Money;
use crate::core::period::BillingPeriod;
use crate::core::rate::{self, RateError, RateInForce};
use crate::core::statement::{given, PartYear, RecordedKind, RefundPart, StatementPhrase as S};
use crate::core::term::{self, Participation};

/// What the activity log says about one client in one calendar year: the
/// sum of the months of that year in the month aggregate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearActivity {
    pub hours: Decimal,
    pub house_visits: u64,
    pub rows: u64,
    pub km: Decimal,
    /// Where the figures come from, for explanations
    /// (`examples/brp-activity.csv lines 3–150 (38 rows)`).
    pub source: Phrase,
}

impl YearActivity {
    /// The months of `year` of `party` in `activity`, summed.
    pub fn of(activity: &Aggregate<Month>, party: &str, year: i32) -> YearActivity {
        let mut act = YearActivity {
            hours: Decimal::ZERO,
            house_visits: 0,
            rows: 0,
            km: Decimal::ZERO,
            source: S::None.into(),
        };
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
pub fn log_source(logs: &[std::path::PathBuf], rows: u64, first: u64, last: u64) -> Phrase {
    S::LogRows {
        logs: logs.iter().map(|p| p.display().to_string()).collect(),
        rows,
        first,
        last,
    }
    .into()
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SettlementError {
    #[error("agreement `{agreement}` has no contracted hours (it has no [hours] table)")]
    NoHours { agreement: String },
    #[error("agreement `{agreement}` has no take-or-pay clause to settle hours under")]
    NoTakeOrPay { agreement: String },
    #[error("agreement `{agreement}` has no term in {year}: {}", life(*start, *end))]
    NoTerm {
        agreement: String,
        year: i32,
        start: NaiveDate,
        /// The agreement's last day, `None` while it keeps renewing.
        end: Option<NaiveDate>,
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
    life_within(a, term::agreement_end(a, f), year)
}

/// [`life_in_year`] for an agreement whose last day (`None` while it keeps
/// renewing) is already known.
fn life_within(
    a: &Agreement,
    end: Option<NaiveDate>,
    year: i32,
) -> Result<Period, SettlementError> {
    let start = a.term.period.start();
    let in_year = Period::year(year);
    let life = match end {
        Some(e) => Period::new(start, e).ok(),
        None => Period::new(start, in_year.end().max(start)).ok(),
    };
    life.and_then(|l| l.intersect(&in_year))
        .ok_or_else(|| SettlementError::NoTerm {
            agreement: a.id.clone(),
            year,
            start,
            end,
        })
}

/// An agreement's life as the error of a year outside it says it.
fn life(start: NaiveDate, end: Option<NaiveDate>) -> String {
    match end {
        Some(e) => format!("it runs from {start} up to and including {e}"),
        None => format!("it runs from {start} and renews"),
    }
}

/// Who a yearly statement (the settlement, the budget) is for and which days
/// it covers. The agreement's end and the client's participation are worked
/// out once, here, and passed down to every phase of the statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct YearContext<'p> {
    /// The client's id.
    pub party: &'p str,
    pub party_name: String,
    pub year: i32,
    /// The agreement's last day, `None` while it keeps renewing.
    pub end: Option<NaiveDate>,
    /// The days the client takes part over the agreement's life.
    pub participation: Participation,
    /// The part of `year` the client takes part in.
    pub period: Period,
}

impl<'p> YearContext<'p> {
    /// The context of client `party` (an id) in calendar `year`. Fails when
    /// the year lies outside the agreement's life, when the party is not a
    /// client, or when it takes no part that year.
    pub fn new(
        a: &Agreement,
        f: &Facts,
        party: &'p str,
        year: i32,
    ) -> Result<YearContext<'p>, SettlementError> {
        let end = term::agreement_end(a, f);
        let life = life_within(a, end, year)?;
        let party_name = client_name(a, f, party)?;
        let participation = term::participation(a, f, party);
        let period = participation
            .clip(life)
            .ok_or_else(|| SettlementError::NotTakingPart {
                agreement: a.id.clone(),
                party: party.to_string(),
                year,
            })?;
        Ok(YearContext {
            party,
            party_name,
            year,
            end,
            participation,
            period,
        })
    }

    /// Whether the client takes part in the whole calendar year.
    pub fn full_year(&self) -> bool {
        self.period == Period::year(self.year)
    }

    /// The part of another calendar `year` the client took part in, if any.
    pub fn part_of(&self, a: &Agreement, year: i32) -> Option<Period> {
        life_within(a, self.end, year)
            .ok()
            .and_then(|l| self.participation.clip(l))
    }

    /// The note of a statement that covers only part of the year, ending in
    /// what that means for the statement; `None` for a whole year.
    pub fn part_year_note(&self, meaning: PartYear) -> Option<Phrase> {
        (!self.full_year()).then(|| {
            S::PartYear {
                party: self.party.to_string(),
                year: self.year,
                period: self.period,
                meaning,
            }
            .into()
        })
    }
}

/// The name of client `party` (an id), accessions included. Fails when the
/// party is not a client of the agreement.
fn client_name(a: &Agreement, f: &Facts, party: &str) -> Result<String, SettlementError> {
    let (name, is_client) = match a.party(party) {
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
    Ok(name)
}

/// The `[hours]` clause a yearly statement prices. Fails when the agreement
/// bills no hours.
pub(crate) fn hours_clause(a: &Agreement) -> Result<&Hours, SettlementError> {
    a.hours.as_ref().ok_or_else(|| SettlementError::NoHours {
        agreement: a.id.clone(),
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
    /// Hours refunded because the agreement refunds all under-use
    /// (`take_or_pay.under_use = "always"`).
    pub always: Decimal,
    /// Over-use the agreement does not bill (`take_or_pay.over_use =
    /// "not_billed"`): all of `over_use` or nothing.
    pub unbilled: Decimal,
}

impl Split {
    /// The hours refunded: everything under-used except take-or-pay.
    pub fn refunded(&self) -> Decimal {
        self.not_delivered + self.redeployed + self.exception + self.always
    }

    /// The over-use that is charged as extra hours.
    pub fn billed_over_use(&self) -> Decimal {
        self.over_use - self.unbilled
    }
}

/// One quarterly invoice to the client as `core::invoice::period_invoices`
/// builds it, reduced to what the settlement uses: the sums of its service
/// lines (contracted hours × the rate in force, one per rate), its fee
/// lines, its travel lines and its allocation parts (fixed amounts), and
/// those lines themselves where the settlement explains its figures (their
/// explanations are part of the settlement's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuarterInvoice {
    /// The invoice id (`<agreement>-<quarter>-<client>`), or its number
    /// where the invoice was issued into the register.
    pub id: String,
    pub quarter: BillingPeriod,
    pub period: Period,
    sums: QuarterSums,
    /// The lines by kind; `None` where the settlement is not explained.
    lines: Option<QuarterLines>,
}

/// What a quarterly invoice's lines add up to, by kind.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct QuarterSums {
    hours: Decimal,
    service: Money,
    fee: Money,
    travel: Money,
    km: Decimal,
    allocation: Money,
}

/// A quarterly invoice's lines by kind.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct QuarterLines {
    service: Vec<Line>,
    fees: Vec<Line>,
    travel: Vec<Line>,
    /// The parts of fixed yearly amounts the invoice bills (rule 6).
    allocations: Vec<Line>,
}

impl QuarterLines {
    /// The lines of `lines` that the settlement uses, by kind.
    fn of(lines: Vec<Line>) -> QuarterLines {
        let mut by_kind = QuarterLines::default();
        for l in lines {
            match l.kind {
                LineKind::Service => by_kind.service.push(l),
                LineKind::Fee => by_kind.fees.push(l),
                LineKind::Travel => by_kind.travel.push(l),
                LineKind::Allocation => by_kind.allocations.push(l),
                _ => {}
            }
        }
        // A year's invoices to every client are kept together, so the room
        // a growing vector leaves spare (four lines for one) is given back.
        for kind in [
            &mut by_kind.service,
            &mut by_kind.fees,
            &mut by_kind.travel,
            &mut by_kind.allocations,
        ] {
            kind.shrink_to_fit();
        }
        by_kind
    }
}

impl QuarterSums {
    /// What `lines` add up to, by kind.
    fn of(lines: &[Line]) -> QuarterSums {
        let of_kind = |kind: LineKind| lines.iter().filter(move |l| l.kind == kind);
        let amount = |kind| of_kind(kind).map(|l| l.amount).sum();
        let quantity = |kind| of_kind(kind).map(|l| l.quantity).sum();
        QuarterSums {
            hours: quantity(LineKind::Service),
            service: amount(LineKind::Service),
            fee: amount(LineKind::Fee),
            travel: amount(LineKind::Travel),
            km: quantity(LineKind::Travel),
            allocation: amount(LineKind::Allocation),
        }
    }
}

impl QuarterInvoice {
    /// The contracted hours the invoice bills.
    pub fn hours(&self) -> Decimal {
        self.sums.hours
    }

    pub fn service_amount(&self) -> Money {
        self.sums.service
    }

    pub fn fee(&self) -> Money {
        self.sums.fee
    }

    pub fn travel_amount(&self) -> Money {
        self.sums.travel
    }

    pub fn allocation_amount(&self) -> Money {
        self.sums.allocation
    }

    pub fn travel_km(&self) -> Decimal {
        self.sums.km
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
    /// The allocation parts (fixed amounts) as invoiced in the year.
    pub invoiced_allocation: Money,
    pub travel_km: Decimal,
    pub delivered: YearActivity,
    pub split: Split,
    pub exception: Option<AppliedException>,
    /// The extra charge or refund and its fee lines (empty when nothing differs).
    pub lines: Vec<Line>,
    pub totals: Option<Totals>,
    pub income: Vec<IncomeLine>,
    /// Service, fee and allocations as invoiced, plus the settlement, minus
    /// the income; excl. VAT, travel apart.
    pub net_cost: Money,
    pub notes: Vec<Phrase>,
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
        self.invoiced_hours + self.split.billed_over_use() - self.split.refunded()
    }
}

/// The settlement of client `party` (an id) for calendar `year`, given the
/// activity log summed per borrower and month (at least the months of
/// `year`). Fails when the agreement bills no hours or has no take-or-pay
/// clause, when the year lies outside its life, when the party is not a
/// client taking part that year, or when a rate has no value or an invoice
/// cannot be computed.
///
/// The phases run in the order of the statement, each one's explanations
/// after the last: contracted hours, the rate, what was invoiced, what was
/// delivered, the difference, the extra charge or refund with its fee and
/// VAT, the income, the net cost.
pub fn settle(
    a: &Agreement,
    f: &Facts,
    party: &str,
    year: i32,
    months: &Aggregate<Month>,
) -> Result<Settlement, SettlementError> {
    let only = [party.to_string()];
    let invoices = YearInvoices::new(a, f, year, months, true).only(Some(&only));
    settle_with(a, f, party, &invoices)
}

/// [`settle`] against the year's invoices built once for every client, so
/// that settling all clients of an agreement builds each period's invoices
/// once, not once per client. Fails as [`settle`] does.
pub fn settle_with(
    a: &Agreement,
    f: &Facts,
    party: &str,
    invoices: &YearInvoices<'_>,
) -> Result<Settlement, SettlementError> {
    let (year, months) = (invoices.year, invoices.months);
    let hours = hours_clause(a)?;
    let top = a
        .take_or_pay
        .as_ref()
        .ok_or_else(|| SettlementError::NoTakeOrPay {
            agreement: a.id.clone(),
        })?;
    let ctx = YearContext::new(a, f, party, year)?;
    let activity = YearActivity::of(months, party, year);
    let contracted = capacity::contracted_hours_taking_part(a, f, party, ctx.period)?;
    // Within a calendar year the rate only changes where the TOML dates a new
    // value (indexation starts on 1 January); the year's differences are
    // priced at the rate in force on the first day the client takes part in
    // the year.
    let (rate, rate_explanation) = rate::explained_rate_on(a, &hours.rate, ctx.period.start())?;
    let invoiced = Invoiced::of(a, &ctx, invoices)?;
    let difference = Difference::of(top, f, &ctx, activity.hours, invoiced.hours);
    let (lines, totals) = with_fees(a, difference.line(&ctx, top, &rate));
    let income = income_lines(a, &ctx, &activity);
    let net = NetCost::of(&invoiced, &lines, &income);

    let explanations = match invoices.explain {
        true => {
            let mut all = vec![contracted.explain(), rate_explanation];
            all.extend(invoiced.explanations());
            all.push(delivered_explanation(&ctx, &activity));
            all.push(difference.explain(&ctx, top, &activity.source));
            all.extend(lines.iter().map(|l| l.explanation.clone()));
            let vat = totals.iter().flat_map(|t| &t.vat);
            all.extend(vat.map(|v| v.explanation.clone()));
            all.extend(income.iter().map(|i| i.explanation.clone()));
            all.push(net.explain(&ctx, top, invoiced.quarters.len()));
            all
        }
        false => Vec::new(),
    };

    let mut notes: Vec<Phrase> = no_rows_note(&ctx, &activity).into_iter().collect();
    notes.extend(difference.notes(&ctx, top));
    notes.extend(ctx.part_year_note(PartYear::ContractedHours));

    Ok(Settlement {
        agreement: a.id.clone(),
        party: party.to_string(),
        party_name: ctx.party_name,
        year,
        period: ctx.period,
        rate,
        contracted,
        invoiced_hours: invoiced.hours,
        invoiced_service: invoiced.service,
        invoiced_fee: invoiced.fee,
        invoiced_travel: invoiced.travel,
        invoiced_allocation: invoiced.allocation,
        travel_km: invoiced.km,
        quarters: invoiced.quarters,
        delivered: activity,
        split: difference.split,
        exception: difference.recorded.exception,
        lines,
        totals,
        income,
        net_cost: net.amount,
        notes,
        explanations,
    })
}

/// The year's quarterly invoices to the client, and what they add up to.
struct Invoiced {
    quarters: Vec<QuarterInvoice>,
    hours: Decimal,
    service: Money,
    fee: Money,
    travel: Money,
    allocation: Money,
    km: Decimal,
}

impl Invoiced {
    /// The quarterly invoices of the year are the ones `ledger invoice`
    /// sends: "as invoiced" means their lines, never a rebuilt copy.
    fn of(
        a: &Agreement,
        ctx: &YearContext,
        invoices: &YearInvoices<'_>,
    ) -> Result<Invoiced, SettlementError> {
        let mut quarters = Vec::new();
        for q in BillingPeriod::in_year(a.billing.rhythm, ctx.year) {
            if q.period().intersect(&ctx.period).is_some() {
                quarters.extend(invoices.of(q, ctx.party)?.cloned());
            }
        }
        Ok(Invoiced {
            hours: quarters.iter().map(QuarterInvoice::hours).sum(),
            service: quarters.iter().map(QuarterInvoice::service_amount).sum(),
            fee: quarters.iter().map(QuarterInvoice::fee).sum(),
            travel: quarters.iter().map(QuarterInvoice::travel_amount).sum(),
            allocation: quarters.iter().map(QuarterInvoice::allocation_amount).sum(),
            km: quarters.iter().map(QuarterInvoice::travel_km).sum(),
            quarters,
        })
    }

    /// The invoices' own explanations: service and fee quarter by quarter,
    /// then travel.
    /// The quarters keep their lines where the settlement explains, the
    /// only time this is asked.
    fn explanations(&self) -> Vec<Explanation> {
        let service_and_fee = self.quarters.iter().flat_map(|q| {
            q.lines.iter().flat_map(move |l| {
                let of_kind = l.service.iter().chain(&l.allocations).chain(&l.fees);
                of_kind.map(move |line| named_after(q, line))
            })
        });
        let travel = self.quarters.iter().flat_map(|q| {
            let travel = q.lines.iter().flat_map(|l| &l.travel);
            travel.map(move |line| named_after(q, line))
        });
        service_and_fee.chain(travel).collect()
    }
}

/// The invoices of one agreement for the billing periods of one year, as
/// `core::invoice::period_invoices` builds them for every client at once,
/// reduced to what the settlement uses and kept per client. Each period is
/// built on first use, so a settlement that fails before it needs the
/// invoices builds none, and a period that cannot be invoiced fails only
/// the settlements of the clients taking part in it, as before.
pub struct YearInvoices<'m> {
    year: i32,
    months: &'m Aggregate<Month>,
    a: &'m Agreement,
    f: &'m Facts,
    periods: Vec<(BillingPeriod, std::cell::OnceCell<PeriodInvoices>)>,
    /// The clients whose invoices are built; all when `None`.
    only: Option<&'m [String]>,
    /// Invoices issued into the register, by period and recipient, named
    /// by their number: these are what was invoiced where they exist.
    issued: std::collections::HashMap<(BillingPeriod, String), QuarterInvoice>,
    /// Whether the settlements built against these invoices explain their
    /// figures.
    explain: bool,
}

/// One period's invoices by recipient id, or why there are none.
type PeriodInvoices = Result<std::collections::HashMap<String, QuarterInvoice>, InvoiceError>;

impl<'m> YearInvoices<'m> {
    /// The invoices of `a` for the billing periods of `year`, from the
    /// activity summed per borrower and month (at least the months of
    /// `year`), for settlements that `explain` their figures or not. Not
    /// explained, the invoices keep the sums of their lines, not the lines
    /// with their explanations, and a settlement copies none of those into
    /// its own. Nothing is built yet.
    pub fn new(
        a: &'m Agreement,
        f: &'m Facts,
        year: i32,
        months: &'m Aggregate<Month>,
        explain: bool,
    ) -> YearInvoices<'m> {
        YearInvoices {
            year,
            months,
            a,
            f,
            periods: BillingPeriod::in_year(a.billing.rhythm, year)
                .into_iter()
                .map(|q| (q, std::cell::OnceCell::new()))
                .collect(),
            only: None,
            issued: std::collections::HashMap::new(),
            explain,
        }
    }

    /// The same, building the invoices of the clients `ids` only: settling
    /// one client then builds its own invoices, not every client's to keep
    /// one. Only the settlements of those clients may be asked for.
    pub fn only(self, ids: Option<&'m [String]>) -> YearInvoices<'m> {
        YearInvoices { only: ids, ..self }
    }

    /// The same, with the invoices issued into the register (each with its
    /// number) taking the place of the computed ones for their period and
    /// recipient. Issued invoices of other years are ignored.
    pub fn with_issued(mut self, issued: Vec<(String, invoice::Invoice)>) -> YearInvoices<'m> {
        for (number, inv) in issued {
            if inv.period.year() != self.year || inv.agreement != self.a.id {
                continue;
            }
            let key = (inv.period, inv.recipient.id.clone());
            let mut q = quarter_invoice(inv.period, inv, self.explain);
            q.id = number;
            self.issued.insert(key, q);
        }
        self
    }

    /// The number of the issued invoice of period `q` to `party`, if any.
    pub fn issued_number(&self, q: BillingPeriod, party: &str) -> Option<&str> {
        self.issued
            .get(&(q, party.to_string()))
            .map(|i| i.id.as_str())
    }

    /// The billing periods of the year.
    pub fn periods(&self) -> impl Iterator<Item = BillingPeriod> + '_ {
        self.periods.iter().map(|(p, _)| *p)
    }

    /// The invoice of period `q` to `party`; `None` when the period has none
    /// for it. Fails when the period's invoices cannot be computed.
    fn of(&self, q: BillingPeriod, party: &str) -> Result<Option<&QuarterInvoice>, InvoiceError> {
        if let Some(issued) = self.issued.get(&(q, party.to_string())) {
            return Ok(Some(issued));
        }
        let Some((_, cell)) = self.periods.iter().find(|(p, _)| *p == q) else {
            return Ok(None);
        };
        let built = cell.get_or_init(|| quarter_invoices(self, q));
        match built {
            Ok(by_party) => Ok(by_party.get(party)),
            Err(e) => Err(e.clone()),
        }
    }
}

/// The invoices of period `q` to every client (or to the clients of
/// `only`), reduced to the lines the settlement uses, by recipient id.
fn quarter_invoices(year: &YearInvoices<'_>, q: BillingPeriod) -> PeriodInvoices {
    // The settlement takes the lines with their own explanations; the
    // invoices' further explanations would be dropped.
    let ctx = invoice::PeriodContext::new(year.a, year.f, q)
        .explained(false)
        .only(year.only);
    let billing = invoice::invoices_in(&ctx, year.months)?;
    Ok(billing
        .invoices
        .into_iter()
        .map(|inv| {
            (
                inv.recipient.id.clone(),
                quarter_invoice(q, inv, year.explain),
            )
        })
        .collect())
}

/// An invoice of quarter `q`, reduced to the sums the settlement uses, and
/// to its lines where it `explain`s.
fn quarter_invoice(q: BillingPeriod, inv: invoice::Invoice, explain: bool) -> QuarterInvoice {
    let sums = QuarterSums::of(&inv.lines);
    QuarterInvoice {
        id: inv.id,
        quarter: q,
        // The invoice core builds its period from a `Period`, so it is
        // valid; a fallback here would only hide a bug there.
        period: Period::new(inv.period_start, inv.period_end)
            .expect("an invoice's period starts before it ends"),
        sums,
        lines: explain.then(|| QuarterLines::of(inv.lines)),
    }
}

/// An invoice line's explanation, named after its invoice so that the
/// reader can tell the quarters apart.
fn named_after(q: &QuarterInvoice, l: &Line) -> Explanation {
    let mut e = l.explanation.clone();
    e.figure = Phrase::Of(q.id.clone(), Box::new(e.figure));
    e
}

/// How the delivered hours were found: the log's rows of the year.
fn delivered_explanation(ctx: &YearContext, activity: &YearActivity) -> Explanation {
    Explanation::new(
        S::DeliveredHoursOf {
            party: ctx.party.to_string(),
            year: ctx.year,
        },
        S::SumOfLogHours,
        Value::Hours(activity.hours),
    )
    .input(Input::new(S::Rows, activity.rows, activity.source.clone()))
    .input(Input::new(
        S::HouseVisits,
        activity.house_visits,
        activity.source.clone(),
    ))
}

/// A log without rows for the year is settled, but the reader is told why
/// nothing counts as taken.
fn no_rows_note(ctx: &YearContext, activity: &YearActivity) -> Option<Phrase> {
    (activity.rows == 0).then(|| {
        S::NoRowsNote {
            party: ctx.party.to_string(),
            year: ctx.year,
        }
        .into()
    })
}

/// What the facts record against a year's under-use (rule 7).
struct Recorded<'f> {
    /// Hours the provider failed to deliver (Art. 4 lid 2).
    shortfall: Option<&'f YearHours>,
    /// Hours the provider redeployed elsewhere (Art. 13 lid 2).
    redeployed: Option<&'f YearHours>,
    /// An Art. 13 lid 3 exception.
    exception: Option<AppliedException>,
}

impl<'f> Recorded<'f> {
    /// The recorded hours not delivered and redeployed, each with its kind.
    fn facts(&self) -> [(Option<&'f YearHours>, RecordedKind); 2] {
        [
            (self.shortfall, RecordedKind::NotDelivered),
            (self.redeployed, RecordedKind::Redeployed),
        ]
    }

    fn of(top: &TakeOrPay, f: &'f Facts, party: &str, year: i32) -> Recorded<'f> {
        Recorded {
            shortfall: f.shortfall_hours(party, year),
            redeployed: f.redeployed_hours(party, year),
            exception: f.exception(party, year).map(|e| applied_exception(top, e)),
        }
    }
}

/// A recorded exception with the ground as the agreement words it; a ground
/// the clause does not name falls back to the take-or-pay article.
fn applied_exception(top: &TakeOrPay, e: &ExceptionFact) -> AppliedException {
    let ground = top.exceptions.iter().find(|g| g.id == e.ground);
    AppliedException {
        ground: e.ground.clone(),
        what: ground.map_or_else(|| e.ground.clone(), |g| g.what.clone()),
        article: ground.map_or_else(|| top.article.clone(), |g| g.article.clone()),
        note: e.note.clone(),
        source: e.source.clone(),
    }
}

/// The year's delivered hours against the invoiced contracted hours, and
/// the difference split by who bears it.
struct Difference<'f> {
    delivered: Decimal,
    invoiced: Decimal,
    recorded: Recorded<'f>,
    split: Split,
}

impl<'f> Difference<'f> {
    fn of(
        top: &TakeOrPay,
        f: &'f Facts,
        ctx: &YearContext,
        delivered: Decimal,
        invoiced: Decimal,
    ) -> Difference<'f> {
        let recorded = Recorded::of(top, f, ctx.party, ctx.year);
        let split = split(delivered - invoiced, &recorded, top);
        Difference {
            delivered,
            invoiced,
            recorded,
            split,
        }
    }

    /// Delivered − invoiced: positive for over-use, negative for under-use.
    fn diff(&self) -> Decimal {
        self.delivered - self.invoiced
    }

    /// The extra charge for over-use or the refund of hours not taken, at
    /// the year's rate; `None` when nothing is charged or refunded.
    fn line(&self, ctx: &YearContext, top: &TakeOrPay, rate: &RateInForce) -> Option<Line> {
        let year = ctx.year;
        if self.split.billed_over_use() > Decimal::ZERO {
            return Some(Line::new(
                LineKind::Settlement,
                S::ExtraHours(year),
                self.split.billed_over_use(),
                Unit::Hour,
                rate.amount,
                &top.overuse_article,
                S::DeliveredMinusInvoiced {
                    delivered: self.delivered,
                    invoiced: self.invoiced,
                },
                rate.source(),
            ));
        }
        let refunded = self.split.refunded();
        (refunded > Decimal::ZERO).then(|| {
            let parts = self.refund_parts(top);
            Line::new(
                LineKind::Settlement,
                S::RefundOfHours(year, parts.clone()),
                -refunded,
                Unit::Hour,
                rate.amount,
                &top.settlement_article,
                S::RefundParts(parts),
                rate.source(),
            )
        })
    }

    /// The refunded hours by ground, each with its article.
    fn refund_parts(&self, top: &TakeOrPay) -> Vec<RefundPart> {
        let s = &self.split;
        let mut parts = Vec::new();
        if !s.not_delivered.is_zero() {
            parts.push(RefundPart::NotDelivered(
                s.not_delivered,
                top.shortfall_article.clone(),
            ));
        }
        if !s.redeployed.is_zero() {
            parts.push(RefundPart::Redeployed(s.redeployed, top.article.clone()));
        }
        if !s.exception.is_zero() {
            let art = self
                .recorded
                .exception
                .as_ref()
                .map_or_else(|| top.article.clone(), |e| e.article.clone());
            parts.push(RefundPart::Exception(s.exception, art));
        }
        if !s.always.is_zero() {
            parts.push(RefundPart::AllRefunded(
                s.always,
                top.settlement_article.clone(),
            ));
        }
        parts
    }

    /// Where recorded facts count for less than was recorded, or not at
    /// all, and where the agreement's policy leaves a difference unsettled.
    fn notes(&self, ctx: &YearContext, top: &TakeOrPay) -> Vec<Phrase> {
        let diff = self.diff();
        if diff > Decimal::ZERO {
            let mut notes = self.over_use_notes(ctx);
            notes.extend(self.unbilled_note(ctx, top));
            notes
        } else if diff < Decimal::ZERO && top.under_use == UnderUse::Never {
            self.never_refunded_notes(ctx, top)
        } else if diff < Decimal::ZERO {
            self.under_use_notes(ctx)
        } else {
            Vec::new()
        }
    }

    /// Over-use the agreement does not bill, and why.
    fn unbilled_note(&self, ctx: &YearContext, top: &TakeOrPay) -> Option<Phrase> {
        (!self.split.unbilled.is_zero()).then(|| {
            S::UnbilledNote {
                hours: self.split.unbilled,
                party: ctx.party.to_string(),
                year: ctx.year,
                article: top.overuse_article.clone(),
            }
            .into()
        })
    }

    /// Under a policy that never refunds, recorded redeployed and
    /// undelivered hours give no refund: the note says so and why.
    fn never_refunded_notes(&self, ctx: &YearContext, top: &TakeOrPay) -> Vec<Phrase> {
        let year = ctx.year;
        let mut notes = Vec::new();
        for (fact, what) in self.recorded.facts() {
            if let Some(r) = fact.filter(|r| !r.hours.is_zero()) {
                notes.push(
                    S::NeverRefundedNote {
                        hours: r.hours,
                        what,
                        year,
                        source: r.source.clone(),
                        article: top.article.clone(),
                    }
                    .into(),
                );
            }
        }
        notes
    }

    /// Under over-use no recorded fact applies.
    fn over_use_notes(&self, ctx: &YearContext) -> Vec<Phrase> {
        let (party, year) = (ctx.party, ctx.year);
        let mut notes = Vec::new();
        for (fact, what) in self.recorded.facts() {
            if let Some(r) = fact.filter(|r| !r.hours.is_zero()) {
                notes.push(
                    S::NotUsedNote {
                        hours: r.hours,
                        what,
                        year,
                        source: r.source.clone(),
                        party: party.to_string(),
                    }
                    .into(),
                );
            }
        }
        if self.recorded.exception.is_some() {
            notes.push(S::ExceptionNotApplied(year).into());
        }
        notes
    }

    /// Under under-use a recorded fact counts only as far as the under-use goes.
    fn under_use_notes(&self, ctx: &YearContext) -> Vec<Phrase> {
        let year = ctx.year;
        let mut notes = Vec::new();
        let used = [self.split.not_delivered, self.split.redeployed];
        for ((fact, what), used) in self.recorded.facts().into_iter().zip(used) {
            if let Some(r) = fact.filter(|r| r.hours > used) {
                notes.push(
                    S::CountsOnlyNote {
                        hours: r.hours,
                        what,
                        year,
                        source: r.source.clone(),
                        used,
                        under_use: self.split.under_use,
                    }
                    .into(),
                );
            }
        }
        notes
    }

    /// How the difference came about and how it was split.
    fn explain(&self, ctx: &YearContext, top: &TakeOrPay, log_source: &Phrase) -> Explanation {
        let (s, r) = (&self.split, &self.recorded);
        let e = Explanation::new(
            S::DifferenceOf {
                party: ctx.party.to_string(),
                year: ctx.year,
            },
            S::DifferenceFormula,
            Value::Hours(self.diff()),
        )
        .input(Input::new(
            S::DeliveredHours,
            self.delivered.normalize(),
            log_source.clone(),
        ))
        .input(Input::new(
            S::InvoicedContractedHours,
            Value::Hours(self.invoiced),
            S::QuarterlyInvoicesRule4,
        ))
        .article(&top.settlement_article)
        .input(Input::new(
            S::OverUse,
            Value::Hours(s.over_use),
            given(&top.overuse_article),
        ))
        .input(Input::new(
            S::NotDeliveredByProvider,
            Value::Hours(s.not_delivered),
            recorded_source(r.shortfall, s.not_delivered, &top.shortfall_article),
        ))
        .input(Input::new(
            S::Redeployed,
            Value::Hours(s.redeployed),
            recorded_source(r.redeployed, s.redeployed, &top.article),
        ))
        .input(Input::new(
            S::Exception,
            Value::Hours(s.exception),
            exception_source(top, r.exception.as_ref()),
        ))
        .input(Input::new(
            S::TakeOrPayStaysDue,
            Value::Hours(s.take_or_pay),
            given(&top.article),
        ));
        policy_inputs(top, s)
            .into_iter()
            .fold(e, Explanation::input)
    }
}

/// The settlement policy as explanation inputs, where it differs from
/// rule 7's (over-use billed, under-use refunded as far as redeployed or
/// undelivered), so that the seeds' explanations stay as they are.
fn policy_inputs(top: &TakeOrPay, s: &Split) -> Vec<Input> {
    let mut inputs = Vec::new();
    if top.over_use == OverUse::NotBilled {
        inputs.push(Input::new(
            S::OverUseNotBilled,
            Value::Hours(s.unbilled),
            given(format!(
                "take_or_pay.over_use = not_billed ({})",
                top.overuse_article
            )),
        ));
    }
    match top.under_use {
        UnderUse::RedeployedOrUndelivered => {}
        UnderUse::Never => inputs.push(Input::new(
            S::UnderUsePolicy,
            S::NeverRefunded,
            given(format!("take_or_pay.under_use = never ({})", top.article)),
        )),
        UnderUse::Always => inputs.push(Input::new(
            S::RefundedAllUnderUse,
            Value::Hours(s.always),
            given(format!(
                "take_or_pay.under_use = always ({})",
                top.settlement_article
            )),
        )),
    }
    inputs
}

/// Rule 7 under the agreement's policy: over-use is charged unless the
/// agreement bills none; under-use is refunded never, as far as the
/// provider failed to deliver or redeployed the hours (the default), or
/// always, and what is not refunded stays due unless an exception is
/// recorded.
fn split(diff: Decimal, recorded: &Recorded, top: &TakeOrPay) -> Split {
    let mut split = Split::default();
    if diff > Decimal::ZERO {
        split.over_use = diff;
        if top.over_use == OverUse::NotBilled {
            split.unbilled = diff;
        }
    } else if diff < Decimal::ZERO {
        let under = -diff;
        split.under_use = under;
        match top.under_use {
            UnderUse::Never => {}
            UnderUse::Always => split.always = under,
            UnderUse::RedeployedOrUndelivered => {
                split.not_delivered = recorded
                    .shortfall
                    .map_or(Decimal::ZERO, |r| r.hours.min(under));
                split.redeployed = recorded
                    .redeployed
                    .map_or(Decimal::ZERO, |r| r.hours.min(under - split.not_delivered));
            }
        }
        let rest = under - split.not_delivered - split.redeployed - split.always;
        if recorded.exception.is_some() {
            split.exception = rest;
        } else {
            split.take_or_pay = rest;
        }
    }
    split
}

/// Where the hours of a recorded fact that counted come from; `none` is the
/// article that would have let them count.
fn recorded_source(fact: Option<&YearHours>, used: Decimal, none: &Article) -> Phrase {
    fact.map_or_else(
        || S::NoneRecorded(none.clone()).into(),
        |r| {
            S::RecordedOf {
                used,
                recorded: r.hours,
                source: r.source.clone(),
            }
            .into()
        },
    )
}

/// Where the exception comes from, or which articles would have allowed one.
fn exception_source(top: &TakeOrPay, exception: Option<&AppliedException>) -> Phrase {
    exception.map_or_else(
        || {
            let mut articles: Vec<String> = top
                .exceptions
                .iter()
                .map(|g| g.article.to_string())
                .collect();
            articles.dedup();
            S::NoExceptionRecorded(articles).into()
        },
        |e| given(format!("{}: {}, {}", e.ground, e.what, e.source)),
    )
}

/// The settlement line, if any, followed by its fee lines, and their
/// totals with VAT (none when nothing is charged or refunded).
fn with_fees(a: &Agreement, line: Option<Line>) -> (Vec<Line>, Option<Totals>) {
    let mut lines: Vec<Line> = line.into_iter().collect();
    let fees = lines::fee_lines(a, &lines);
    lines.extend(fees);
    let totals = (!lines.is_empty()).then(|| lines::totals(a, &lines));
    (lines, totals)
}

/// The client's income from the year's activity, one line per income clause.
fn income_lines(a: &Agreement, ctx: &YearContext, activity: &YearActivity) -> Vec<IncomeLine> {
    a.income
        .iter()
        .map(|inc| income_line(inc, ctx, activity))
        .collect()
}

/// `income.amount` × the units the log counts for `inc`, rounded to cents.
fn income_line(inc: &Income, ctx: &YearContext, activity: &YearActivity) -> IncomeLine {
    let units = match inc.per {
        IncomeBasis::HouseVisit => Decimal::from(activity.house_visits),
    };
    let amount = Money::round(inc.amount.amount() * units);
    let explanation = Explanation::new(
        given(format!("{} {} {}", inc.what, ctx.party, ctx.year)),
        S::HouseVisitsTimesAmount,
        amount,
    )
    .input(Input::new(S::HouseVisits, units, activity.source.clone()))
    .input(Input::new(
        S::AmountPerVisit,
        inc.amount,
        given(format!("income.{}.amount", inc.id)),
    ))
    .article(&inc.article);
    IncomeLine {
        what: inc.what.clone(),
        units,
        unit_amount: inc.amount,
        amount,
        article: inc.article.clone(),
        explanation,
    }
}

/// The net cost of the year: service, fee and allocations as invoiced,
/// plus the settlement, minus the income; excl. VAT, travel apart.
struct NetCost {
    service: Money,
    fee: Money,
    allocation: Money,
    settlement: Money,
    income: Money,
    amount: Money,
}

impl NetCost {
    fn of(invoiced: &Invoiced, lines: &[Line], income: &[IncomeLine]) -> NetCost {
        let settlement: Money = lines.iter().map(|l| l.amount).sum();
        let income: Money = income.iter().map(|i| i.amount).sum();
        NetCost {
            service: invoiced.service,
            fee: invoiced.fee,
            allocation: invoiced.allocation,
            settlement,
            income,
            amount: invoiced.service + invoiced.fee + invoiced.allocation + settlement - income,
        }
    }

    /// An agreement without fixed amounts keeps the formula without them.
    fn explain(&self, ctx: &YearContext, top: &TakeOrPay, invoices: usize) -> Explanation {
        let allocated = !self.allocation.is_zero();
        let e = Explanation::new(
            S::NetCostOf {
                party: ctx.party.to_string(),
                year: ctx.year,
            },
            S::NetCostFormula { allocated },
            self.amount,
        )
        .input(Input::new(
            S::ServiceAsInvoiced,
            self.service,
            S::QuarterlyInvoices(invoices),
        ))
        .input(Input::new(
            S::FeeAsInvoiced,
            self.fee,
            S::TheQuarterlyInvoices,
        ));
        let e = if allocated {
            e.input(Input::new(
                S::AllocationsAsInvoiced,
                self.allocation,
                S::AllocationPartsRule6,
            ))
        } else {
            e
        };
        e.input(Input::new(
            S::SettlementExclVat,
            self.settlement,
            given(&top.settlement_article),
        ))
        .input(Input::new(S::Income, self.income, S::IncomeLinesAbove))
    }
}
