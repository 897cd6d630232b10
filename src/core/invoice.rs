//! Invoices per billing period (DOMAIN rules 3–6): for every agreement in
//! force in a period, one invoice per paying client, from the provider to
//! that client.
//!
//! What holds for the whole period (who takes part and from when, the end of
//! the agreement) is worked out once, in a `PeriodContext`, and passed down.
//!
//! An invoice is built once as data: its lines (contracted hours × the rate
//! in force, ORT and travel from the activity of the quarter, the part of a
//! yearly allocation), the fees on them, VAT per category and the totals,
//! with an explanation for every figure. The activity arrives already summed
//! per borrower and calendar month (the loader feeds `core::activity`), so this
//! module never reads a file.

use chrono::{Datelike, NaiveDate};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

use crate::core::activity::{Aggregate, Totals as Activity};
use crate::core::agreement::{
    Agreement, Allocation, AmountBilling, Article, LineKind, Party, SharedAmount,
};
use crate::core::calendar::Period;
use crate::core::capacity::{self, MonthPart};
use crate::core::explain::{Explanation, Input, KeyShare, Phrase, Rounding, Rows};
use crate::core::facts::{Facts, WithdrawalFact};
use crate::core::lines::{self, Line, Totals};
use crate::core::money::{AllocationError, Money};
use crate::core::parties::{Member, Parties};
use crate::core::period::BillingPeriod;
use crate::core::rate::{self, RateError, RateInForce};
use crate::core::shares::{self, SharePart, YearShares};
use crate::core::split::SplitPhrase;
use crate::core::term;
use crate::core::withdrawal;

/// The bucket the activity of a quarter is summed in: (year, month).
pub type Month = (i32, u32);

/// Why invoices could not be computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvoiceError {
    #[error(transparent)]
    Rate(#[from] RateError),
    #[error(transparent)]
    Share(#[from] crate::core::shares::ShareError),
    #[error("cannot split allocation `{allocation}` over the periods of {year}: {source}")]
    Allocation {
        allocation: String,
        year: i32,
        source: AllocationError,
    },
}

/// A party as it appears on an invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PartyRef {
    pub id: String,
    pub name: String,
    pub role_label: Option<String>,
    pub address: Option<String>,
}

impl PartyRef {
    fn of(p: &Party) -> PartyRef {
        PartyRef {
            id: p.id.clone(),
            name: p.name.clone(),
            role_label: p.role_label.clone(),
            address: p.address.clone(),
        }
    }
}

/// One invoice from the provider to one client for one billing period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Invoice {
    /// Stable and derived: `<agreement>-<period>-<client>`.
    pub id: String,
    pub agreement: String,
    pub agreement_title: String,
    /// The billing period, in its stored form (`2018-Q1`).
    pub period: BillingPeriod,
    /// The part of the period in which the client takes part.
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub issuer: PartyRef,
    pub recipient: PartyRef,
    /// The lines, fee lines last.
    #[serde(serialize_with = "crate::core::text::json_text::lines")]
    pub lines: Vec<Line>,
    /// The sum of the lines before fees.
    pub subtotal: Money,
    /// The sum of the fee lines.
    pub fees: Money,
    #[serde(flatten)]
    pub totals: Totals,
    pub notes: Vec<InvoiceNote>,
    /// How every figure came about, in the order of the invoice. Left empty
    /// (and out of JSON) unless explanations are asked for.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub explanations: Vec<Explanation>,
}

/// A remark an invoice carries, worded per locale by `report::lang`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InvoiceNote {
    /// The agreement's reason for its VAT treatment, in its own words.
    Vat(String),
    /// Logged hours fall outside the day window, but the agreement sets no
    /// ORT percentage, so there is no ORT line.
    NoOrt {
        hours: Decimal,
        /// The day window and its article, where a shift rule sets one.
        window: Option<(chrono::NaiveTime, chrono::NaiveTime, Article)>,
    },
    /// A credit note: the invoice it credits and why (the user's words).
    Credit { credits: String, reason: String },
    /// The client withdrew within the invoice's period (DOMAIN rule 8): its
    /// compensation is lost income, stated here and never a line.
    Withdrawal(Withdrawn),
    /// Words fixed elsewhere: a stored invoice's note as it was issued.
    Verbatim(String),
}

/// A recorded withdrawal as an invoice states it: the participation ended
/// on `ended` (the day before `effective`), and the compensation that
/// `ledger withdraw --agreement <agreement> --party <party> --effective
/// <effective>` computes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Withdrawn {
    pub agreement: String,
    pub party: String,
    pub ended: NaiveDate,
    pub effective: NaiveDate,
    /// The article of the agreement's withdrawal clause, where it has one.
    pub article: Option<Article>,
    /// The compensation excluding VAT, or why it cannot be computed (the
    /// error's own English words).
    pub compensation: Result<Money, String>,
}

/// Something worth saying about an agreement or a client in the quarter that
/// is not an invoice: no invoice because the quarter lies outside the term,
/// or because no amount is agreed for the year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note {
    pub agreement: String,
    pub party: Option<String>,
    /// Worded per locale by `report::lang`; the machine formats write it in
    /// Dutch.
    pub message: PeriodNote,
}

/// What a [`Note`] says, as a typed value worded by `report::lang`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PeriodNote {
    /// No invoice for `subject` (an agreement or a client; with `to`, the
    /// agreement's invoice to that client) in `period`, for the reasons
    /// `why`, in order.
    NoInvoice {
        subject: String,
        to: Option<String>,
        period: BillingPeriod,
        why: Vec<NoInvoice>,
    },
    /// A `--party` that names the provider: its invoices go to the clients.
    Provider { name: String, agreement: String },
    /// The activity log ends on `last`, before `period`: no travel line.
    LogEnds {
        last: NaiveDate,
        period: BillingPeriod,
    },
    /// The activity log has no rows: the invoices of `period` have no
    /// travel line.
    LogEmpty { period: BillingPeriod },
    /// A client has activity rows in the period but no contracted hours.
    Unbilled {
        client: String,
        rows: Rows,
        period: BillingPeriod,
    },
}

/// Why there is no invoice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoInvoice {
    /// The client joins the agreement later, by the accession `source`.
    Joins {
        agreement: String,
        on: NaiveDate,
        source: String,
    },
    /// The client withdrew with effect in the period: its participation
    /// ended, and its compensation is not invoiced.
    Withdrew(Withdrawn),
    /// The client's participation ended on `on`, by a withdrawal effective
    /// the next day (with the article of the clause) where one is recorded.
    Ended {
        on: NaiveDate,
        withdrawal: Option<(NaiveDate, Option<Article>)>,
    },
    /// The term: from `start`, until `end` where it ends, otherwise renewed
    /// by `renewal` months (with its article) where it renews.
    Term {
        start: NaiveDate,
        end: Option<NaiveDate>,
        article: Article,
        renewal: Option<(u32, Article)>,
    },
    /// No amount is agreed from `from_year` (the agreement's own note).
    Unagreed {
        from_year: i32,
        article: Article,
        note: String,
    },
    /// The client takes part but has nothing to pay.
    NothingToBill,
    /// The agreement bills per `rhythm` with `timing`; its next invoice,
    /// where there is one.
    Rhythm {
        rhythm: crate::core::period::Rhythm,
        timing: crate::core::period::Timing,
        next: Option<NextInvoice>,
        article: Article,
    },
}

/// When the next invoice of an agreement at another rhythm comes: the
/// period it bills, the day that puts it in an asked period (the period's
/// last day in arrears, its first in advance, see
/// [`BillingPeriod::invoice_day`]) and the first day it can be issued.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NextInvoice {
    pub period: BillingPeriod,
    pub day: NaiveDate,
    pub issuable_from: NaiveDate,
}

/// Everything one agreement gives for one billing period.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PeriodBilling {
    pub invoices: Vec<Invoice>,
    pub notes: Vec<Note>,
    /// Remarks that do not stop the invoices (activity without contracted
    /// hours), each naming the client it is about so that a report for one
    /// party can leave the others' out.
    pub warnings: Vec<Note>,
}

/// What holds for one agreement over one billing period, worked out once
/// and passed down to every line: the parties with the days they take part,
/// the end of the agreement, and the clients taking part in the period.
pub struct PeriodContext<'a> {
    pub agreement: &'a Agreement,
    pub facts: &'a Facts,
    pub period: BillingPeriod,
    /// The days of the period.
    pub span: Period,
    pub parties: Parties<'a>,
    /// Whether each invoice keeps the explanations of its figures; without
    /// them nothing of an explanation beyond the lines' own is built.
    pub explain: bool,
    /// The clients whose invoices are built (by id); `None` for all. The
    /// notes of the agreement and of clients outside the period are the
    /// same either way.
    pub only: Option<&'a [String]>,
}

impl<'a> PeriodContext<'a> {
    /// The context of every client's invoices, with explanations.
    pub fn new(a: &'a Agreement, f: &'a Facts, period: BillingPeriod) -> PeriodContext<'a> {
        PeriodContext {
            agreement: a,
            facts: f,
            period,
            span: period.period(),
            parties: Parties::new(a, f),
            explain: true,
            only: None,
        }
    }

    /// The context with explanations kept or not.
    pub fn explained(self, explain: bool) -> PeriodContext<'a> {
        PeriodContext { explain, ..self }
    }

    /// The context that builds the invoices of the clients `ids` only.
    pub fn only(self, ids: Option<&'a [String]>) -> PeriodContext<'a> {
        PeriodContext { only: ids, ..self }
    }

    /// Whether the invoice of client `id` is built.
    fn wants(&self, id: &str) -> bool {
        self.only.is_none_or(|ids| ids.iter().any(|x| x == id))
    }

    /// The clients taking part in the period, each with its part of it.
    pub fn taking_part(&self) -> Vec<(&Member<'a>, Period)> {
        self.parties
            .clients()
            .filter_map(|m| m.participation.clip(self.span).map(|part| (m, part)))
            .collect()
    }
}

/// The invoices of agreement `a` for `period`, with the activity of the
/// period summed per borrower and month. Fails when a rate has no value or
/// no index figure for a month of the period, or an allocation cannot be
/// split.
pub fn period_invoices(
    a: &Agreement,
    f: &Facts,
    period: BillingPeriod,
    activity: &Aggregate<Month>,
) -> Result<PeriodBilling, InvoiceError> {
    let ctx = PeriodContext::new(a, f, period);
    invoices_in(&ctx, activity)
}

/// The invoices of the context's period; see [`period_invoices`].
pub fn invoices_in(
    ctx: &PeriodContext<'_>,
    activity: &Aggregate<Month>,
) -> Result<PeriodBilling, InvoiceError> {
    let mut out = PeriodBilling::default();
    let taking_part = ctx.taking_part();
    // A client outside the period while others take part is worth a note,
    // never silence: it has not joined yet, or its part has ended.
    out.notes.extend(client_notes(ctx, &taking_part));
    if taking_part.is_empty() {
        out.notes.push(agreement_note(ctx));
        return Ok(out);
    }
    // Clients left out by `only` cost nothing: their invoices, notes and
    // warnings would be filtered out by the caller anyway.
    for (client, part) in taking_part.into_iter().filter(|(m, _)| ctx.wants(m.id())) {
        invoice_for(ctx, client, part, activity, &mut out)?;
    }
    Ok(out)
}

/// A note for each client that takes no part in the period, where there is
/// a reason worth stating.
fn client_notes(ctx: &PeriodContext<'_>, taking_part: &[(&Member<'_>, Period)]) -> Vec<Note> {
    let period = ctx.period;
    ctx.parties
        .clients()
        .filter(|m| !taking_part.iter().any(|(t, _)| t.id() == m.id()))
        .filter_map(|m| {
            outside(ctx, m).map(|why| Note {
                agreement: ctx.agreement.id.clone(),
                party: Some(m.id().to_string()),
                message: PeriodNote::NoInvoice {
                    subject: m.id().to_string(),
                    to: None,
                    period,
                    why: vec![why],
                },
            })
        })
        .collect()
}

/// Why the agreement bills nobody in the period.
pub fn agreement_note(ctx: &PeriodContext<'_>) -> Note {
    let a = ctx.agreement;
    let mut why = vec![term(ctx)];
    why.extend(unagreed(a, ctx.period.year(), None));
    Note {
        agreement: a.id.clone(),
        party: None,
        message: PeriodNote::NoInvoice {
            subject: a.id.clone(),
            to: None,
            period: ctx.period,
            why,
        },
    }
}

/// Builds the invoice of one client (or the note why there is none) into `out`.
fn invoice_for(
    ctx: &PeriodContext<'_>,
    client: &Member<'_>,
    part: Period,
    activity: &Aggregate<Month>,
    out: &mut PeriodBilling,
) -> Result<(), InvoiceError> {
    let mut builder = Builder::new(ctx, client.party, part, activity);
    let contracted = builder.service()?;
    builder.ort()?;
    builder.travel()?;
    builder.allocations()?;
    builder.shared_amounts()?;
    if let Some(w) = unbilled_activity(ctx, client, part, activity, contracted) {
        out.warnings.push(w);
    }
    let Builder {
        lines,
        explanations,
        notes,
        ..
    } = builder;
    if lines.is_empty() {
        out.notes.push(nothing_to_bill(ctx, client));
        return Ok(());
    }
    out.invoices
        .push(finish(ctx, client, part, lines, explanations, notes));
    Ok(())
}

/// A warning where the log has rows for a client without contracted hours.
fn unbilled_activity(
    ctx: &PeriodContext<'_>,
    client: &Member<'_>,
    part: Period,
    activity: &Aggregate<Month>,
    contracted: Decimal,
) -> Option<Note> {
    let logged = activity_of(activity, client.id(), &part);
    let rows = rows_of(activity, &logged).filter(|_| contracted.is_zero())?;
    Some(Note {
        agreement: ctx.agreement.id.clone(),
        party: Some(client.id().to_string()),
        message: PeriodNote::Unbilled {
            client: client.id().to_string(),
            rows,
            period: ctx.period,
        },
    })
}

/// The note for a client that takes part but has nothing to pay.
fn nothing_to_bill(ctx: &PeriodContext<'_>, client: &Member<'_>) -> Note {
    let a = ctx.agreement;
    let why = unagreed(a, ctx.period.year(), Some(client.id())).unwrap_or(NoInvoice::NothingToBill);
    Note {
        agreement: a.id.clone(),
        party: Some(client.id().to_string()),
        message: PeriodNote::NoInvoice {
            subject: a.id.clone(),
            to: Some(client.id().to_string()),
            period: ctx.period,
            why: vec![why],
        },
    }
}

/// The invoice from its lines: the subtotal, the fees on it, VAT and the
/// totals, each with its explanation, and the notes of the period.
fn finish(
    ctx: &PeriodContext<'_>,
    client: &Member<'_>,
    part: Period,
    mut lines: Vec<Line>,
    mut explanations: Vec<Explanation>,
    mut notes: Vec<InvoiceNote>,
) -> Invoice {
    let a = ctx.agreement;
    let subtotal: Money = lines.iter().map(|l| l.amount).sum();
    let fee_lines = lines::fee_lines(a, &lines);
    let fees: Money = fee_lines.iter().map(|l| l.amount).sum();
    if ctx.explain {
        explanations.push(subtotal_explanation(subtotal, &lines));
        explanations.extend(fee_lines.iter().map(|l| l.explanation.clone()));
    }
    lines.extend(fee_lines);
    let totals = lines::totals(a, &lines);
    if ctx.explain {
        explanations.extend(total_explanations(subtotal, fees, &totals));
    }
    notes.extend(period_notes(ctx, client, part));
    Invoice {
        id: format!("{}-{}-{}", a.id, ctx.period, client.id()),
        agreement: a.id.clone(),
        agreement_title: a.title.clone(),
        period: ctx.period,
        period_start: part.start(),
        period_end: part.end(),
        issuer: PartyRef::of(a.provider()),
        recipient: PartyRef::of(client.party),
        lines,
        subtotal,
        fees,
        totals,
        notes,
        explanations,
    }
}

fn subtotal_explanation(subtotal: Money, lines: &[Line]) -> Explanation {
    let mut e = Explanation::new(Phrase::Subtotal, Phrase::SubtotalOfLines, subtotal);
    for l in lines {
        e = e.input(Input::new(
            l.description.clone(),
            l.amount,
            Phrase::LineOf(l.article.clone()),
        ));
    }
    e
}

/// How the totals excl. VAT, the VAT per category and the total incl. VAT
/// came about.
fn total_explanations(subtotal: Money, fees: Money, totals: &Totals) -> Vec<Explanation> {
    let mut out = vec![Explanation::new(
        Phrase::TotalExclVat,
        Phrase::SubtotalPlusFees,
        totals.total_excl_vat,
    )
    .input(Input::new(Phrase::Subtotal, subtotal, Phrase::Above))
    .input(Input::new(Phrase::Fees, fees, Phrase::FeeLinesAbove))];
    for v in &totals.vat {
        let mut e = v.explanation.clone();
        if let Some(reason) = &v.reason {
            e = e.input(Input::new(
                Phrase::VatTreatment,
                v.category,
                Phrase::Given(reason.clone()),
            ));
        }
        out.push(e);
    }
    out.push(
        Explanation::new(
            Phrase::TotalInclVat,
            Phrase::ExclPlusVat,
            totals.total_incl_vat,
        )
        .input(Input::new(
            Phrase::TotalExclVat,
            totals.total_excl_vat,
            Phrase::Above,
        ))
        .input(Input::new(Phrase::Vat, totals.vat_total, Phrase::Above)),
    );
    out
}

/// The notes an invoice carries: the agreement's VAT note, and a withdrawal
/// within the period. A withdrawal ends the invoice's period; its
/// compensation is lost income, not service, so it is stated here and never
/// added as a line.
fn period_notes(ctx: &PeriodContext<'_>, client: &Member<'_>, part: Period) -> Vec<InvoiceNote> {
    let (a, f) = (ctx.agreement, ctx.facts);
    let mut notes = Vec::new();
    if let crate::core::agreement::Vat::Standard {
        note: Some(note), ..
    } = &a.vat
    {
        notes.push(InvoiceNote::Vat(note.clone()));
    }
    if let Some(w) = f
        .withdrawal(client.id())
        .filter(|w| w.effective > part.start() && ctx.span.contains(w.effective))
    {
        notes.push(InvoiceNote::Withdrawal(withdrawn(a, f, w)));
    }
    notes
}

/// A recorded withdrawal with its compensation (by its recorded redeployed
/// hours and external contract end), as an invoice note states it.
fn withdrawn(a: &Agreement, f: &Facts, w: &WithdrawalFact) -> Withdrawn {
    let compensation = withdrawal::compensation(
        a,
        f,
        &w.party,
        w.effective,
        w.redeployed_hours,
        w.external_contract_ends,
    );
    Withdrawn {
        agreement: a.id.clone(),
        party: w.party.clone(),
        ended: term::previous_day(w.effective),
        effective: w.effective,
        article: a.withdrawal.as_ref().map(|c| c.article.clone()),
        compensation: compensation.map(|c| c.total).map_err(|e| e.to_string()),
    }
}

/// The lines of one invoice while they are being built.
struct Builder<'a> {
    ctx: &'a PeriodContext<'a>,
    a: &'a Agreement,
    client: &'a Party,
    part: Period,
    activity: &'a Aggregate<Month>,
    /// The months of the part grouped by the hourly rate in force, once
    /// worked out (see `take_hour_groups`).
    hour_groups: Option<Vec<RateGroup>>,
    lines: Vec<Line>,
    explanations: Vec<Explanation>,
    notes: Vec<InvoiceNote>,
}

/// Consecutive months of the period that share one rate in force.
struct RateGroup {
    rate: RateInForce,
    months: Vec<(i32, u32, Period)>,
}

/// The months of a client's part of the period, grouped by the rate
/// `rate_id` in force on the first covered day of each month. Periods align
/// with indexation on 1 January, so there is normally one group.
fn rate_groups(a: &Agreement, part: &Period, rate_id: &str) -> Result<Vec<RateGroup>, RateError> {
    let mut groups: Vec<RateGroup> = Vec::new();
    for (year, month, covered) in part.months() {
        let r = rate::rate_on(a, rate_id, covered.start())?;
        match groups.last_mut() {
            Some(g) if g.rate.amount == r.amount => g.months.push((year, month, covered)),
            _ => groups.push(RateGroup {
                rate: r,
                months: vec![(year, month, covered)],
            }),
        }
    }
    Ok(groups)
}

impl<'a> Builder<'a> {
    fn new(
        ctx: &'a PeriodContext<'a>,
        client: &'a Party,
        part: Period,
        activity: &'a Aggregate<Month>,
    ) -> Builder<'a> {
        Builder {
            ctx,
            a: ctx.agreement,
            client,
            part,
            activity,
            hour_groups: None,
            lines: Vec::new(),
            explanations: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// The months of the part grouped by the hourly rate in force: worked
    /// out on first use and kept, since the service and ORT lines share it.
    /// The caller puts the groups back with `keep_hour_groups`.
    fn take_hour_groups(&mut self, rate_id: &str) -> Result<Vec<RateGroup>, RateError> {
        match self.hour_groups.take() {
            Some(g) => Ok(g),
            None => rate_groups(self.a, &self.part, rate_id),
        }
    }

    fn keep_hour_groups(&mut self, groups: Vec<RateGroup>) {
        self.hour_groups = Some(groups);
    }

    /// Keeps the explanation `e` builds, only when explanations are asked
    /// for: building one formats every input, which costs more than the
    /// figure.
    fn explain(&mut self, e: impl FnOnce(&Self) -> Explanation) {
        if self.ctx.explain {
            let e = e(self);
            self.explanations.push(e);
        }
    }

    /// The service lines: contracted hours of the quarter (rule 3) × the
    /// rate in force (rule 5), one line per distinct rate. Returns the
    /// contracted hours of the quarter.
    fn service(&mut self) -> Result<Decimal, InvoiceError> {
        let Some(h) = &self.a.hours else {
            return Ok(Decimal::ZERO);
        };
        let ch = capacity::contracted_hours(self.a, self.ctx.facts, &self.client.id, self.part)?;
        if ch.hours.is_zero() {
            return Ok(Decimal::ZERO);
        }
        let rate_def = self.a.rate(&h.rate).expect("the loader checks the rate");
        let article = Article(format!("{}, {}", h.article, rate_def.article));
        self.explain(|_| ch.explain().article(&h.article));
        let groups = self.take_hour_groups(&h.rate)?;
        let several = groups.len() > 1;
        for g in &groups {
            let parts: Vec<&MonthPart> = ch
                .months
                .iter()
                .filter(|m| {
                    g.months
                        .iter()
                        .any(|(y, mo, _)| m.year == *y && m.month == *mo)
                })
                .collect();
            let hours = crate::core::capacity::sum_hours(parts.iter().copied());
            if hours.is_zero() {
                continue;
            }
            let (start, end) = span_of(&g.months);
            let description = if several {
                format!("{} {start} – {end}", h.what)
            } else {
                h.what.clone()
            };
            self.explain(|_| g.rate.explain(rate_def));
            let line = Line::new(
                LineKind::Service,
                Phrase::Given(description),
                hours,
                rate_def.unit,
                g.rate.amount,
                &article,
                Phrase::ContractedHoursIn { start, end },
                Phrase::RateInForce {
                    rate: rate_def.id.clone(),
                    date: g.rate.date,
                },
            );
            self.explain(|_| line.explanation.clone());
            self.lines.push(line);
        }
        self.keep_hour_groups(groups);
        Ok(ch.hours)
    }

    /// ORT: logged hours outside the day window × the hourly rate × the ORT
    /// percentage, only where the agreement sets one.
    fn ort(&mut self) -> Result<(), InvoiceError> {
        let outside = activity_of(self.activity, &self.client.id, &self.part);
        let (Some(ort), Some(h)) = (&self.a.ort, &self.a.hours) else {
            if !outside.hours_outside_window.is_zero() {
                let window = self
                    .a
                    .shift_rule
                    .as_ref()
                    .map(|r| (r.day_start, r.day_end, r.article.clone()));
                self.notes.push(InvoiceNote::NoOrt {
                    hours: outside.hours_outside_window,
                    window,
                });
            }
            return Ok(());
        };
        let rate_def = self.a.rate(&h.rate).expect("the loader checks the rate");
        let groups = self.take_hour_groups(&h.rate)?;
        for g in &groups {
            let t = self.activity_of_months(&g.months);
            if t.hours_outside_window.is_zero() {
                continue;
            }
            let price = g.rate.amount * ort.percent / Decimal::ONE_HUNDRED;
            let line = Line::new(
                LineKind::Ort,
                Phrase::Given(format!("{} {}%", ort.what, ort.percent.normalize())),
                t.hours_outside_window,
                rate_def.unit,
                price.normalize(),
                &ort.article,
                format!(
                    "hours outside the day window, pro rata per shift: {}",
                    rows_source(self.activity, &t)
                ),
                format!(
                    "rates.{} {} × ort.percent {}%",
                    rate_def.id,
                    g.rate.amount,
                    ort.percent.normalize()
                ),
            );
            self.explain(|_| line.explanation.clone());
            self.lines.push(line);
        }
        self.keep_hour_groups(groups);
        Ok(())
    }

    /// Travel: km of the quarter × the km rate in force, one line per rate.
    fn travel(&mut self) -> Result<(), InvoiceError> {
        let Some(t) = &self.a.travel else {
            return Ok(());
        };
        let rate_def = self.a.rate(&t.rate).expect("the loader checks the rate");
        let groups = rate_groups(self.a, &self.part, &t.rate)?;
        let several = groups.len() > 1;
        for g in groups {
            let sum = self.activity_of_months(&g.months);
            if sum.km.is_zero() {
                continue;
            }
            let (start, end) = span_of(&g.months);
            self.explain(|b| {
                let mut km_e = Explanation::new(
                    Phrase::KmOf {
                        party: b.client.id.clone(),
                        start,
                        end,
                    },
                    Phrase::KmOfRows,
                    sum.km.normalize(),
                )
                .article(&t.article);
                for (year, month, _) in &g.months {
                    let m = b.activity.get(&b.client.id, (*year, *month));
                    km_e = km_e.input(Input::new(
                        Phrase::Month {
                            year: *year,
                            month: *month,
                        },
                        Phrase::Km(m.km.normalize()),
                        rows_phrase(b.activity, &m),
                    ));
                }
                km_e
            });
            self.explain(|_| g.rate.explain(rate_def));
            let description = if several {
                format!("{} {start} – {end}", t.what)
            } else {
                t.what.clone()
            };
            let line = Line::new(
                LineKind::Travel,
                Phrase::Given(description),
                sum.km,
                rate_def.unit,
                g.rate.amount,
                &t.article,
                match rows_of(self.activity, &sum) {
                    Some(rows) => Phrase::ActivityLog(rows),
                    None => rows_phrase(self.activity, &sum),
                },
                Phrase::RateInForce {
                    rate: rate_def.id.clone(),
                    date: g.rate.date,
                },
            );
            self.explain(|_| line.explanation.clone());
            self.lines.push(line);
        }
        Ok(())
    }

    /// The quarter's part of each yearly allocation this client pays (rule 6).
    fn allocations(&mut self) -> Result<(), InvoiceError> {
        let year = self.ctx.period.year();
        for alloc in self
            .a
            .allocations
            .iter()
            .filter(|al| al.payer == self.client.id && al.year == year)
        {
            let line = allocation_line(self.ctx, alloc)?;
            self.explain(|_| line.explanation.clone());
            self.lines.push(line);
        }
        Ok(())
    }

    /// The activity of the client in the given months.
    fn activity_of_months(&self, months: &[(i32, u32, Period)]) -> Activity {
        let mut sum = Activity::default();
        for (y, m, _) in months {
            merge(&mut sum, &self.activity.get(&self.client.id, (*y, *m)));
        }
        sum
    }
}

/// A yearly amount split over the billing periods of its year in proportion
/// to the days the payer takes part in each (0 outside the term), by
/// largest remainder, with the steps written out for the explanation.
struct Split {
    periods: Vec<BillingPeriod>,
    days: Vec<u32>,
    parts: Vec<Money>,
    /// The exact share of each period, before cutting to cents.
    exact: Vec<Decimal>,
    /// Each exact share cut to cents (towards zero).
    truncated: Vec<Decimal>,
}

impl Split {
    fn of(ctx: &PeriodContext<'_>, alloc: &Allocation) -> Result<Split, InvoiceError> {
        let year = alloc.year;
        let participation = ctx.parties.get(&alloc.payer).map_or_else(
            || term::participation(ctx.agreement, ctx.facts, &alloc.payer),
            |m| m.participation,
        );
        let periods = BillingPeriod::in_year(ctx.period.rhythm(), year);
        let days: Vec<u32> = periods
            .iter()
            .map(|q| participation.clip(q.period()).map_or(0, |p| p.days()))
            .collect();
        let weights: Vec<Decimal> = days.iter().map(|d| Decimal::from(*d)).collect();
        let parts = alloc
            .amount
            .allocate(&weights)
            .map_err(|source| InvoiceError::Allocation {
                allocation: alloc.id.clone(),
                year,
                source,
            })?;
        // The same steps as `Money::allocate`, written out for the
        // explanation: the exact share and the truncated cents.
        let total_days = Decimal::from(days.iter().sum::<u32>());
        let exact: Vec<Decimal> = days
            .iter()
            .map(|d| alloc.amount.amount() * Decimal::from(*d) / total_days)
            .collect();
        let truncated = exact
            .iter()
            .map(|e| e.round_dp_with_strategy(2, RoundingStrategy::ToZero))
            .collect();
        Ok(Split {
            periods,
            days,
            parts,
            exact,
            truncated,
        })
    }

    fn total_days(&self) -> u32 {
        self.days.iter().sum()
    }

    /// The periods that got a leftover cent.
    fn given(&self) -> Vec<String> {
        self.periods
            .iter()
            .zip(self.parts.iter().zip(&self.truncated))
            .filter(|(_, (p, t))| p.amount() != **t)
            .map(|(q, _)| q.to_string())
            .collect()
    }
}

/// The line for the context period's part of a yearly allocation (rule 6).
fn allocation_line(ctx: &PeriodContext<'_>, alloc: &Allocation) -> Result<Line, InvoiceError> {
    let split = Split::of(ctx, alloc)?;
    let index = usize::from(ctx.period.index() - 1);
    let e = split_explanation(ctx, alloc, &split, index);
    Ok(Line::fixed(
        LineKind::Allocation,
        Phrase::AllocationPart {
            what: alloc.what.clone(),
            year: alloc.year,
            period: ctx.period.to_string(),
            days: split.days[index],
            total: split.total_days(),
        },
        split.parts[index],
        &alloc.article,
        e,
    ))
}

/// How the allocation part of period `index` came about.
fn split_explanation(
    ctx: &PeriodContext<'_>,
    alloc: &Allocation,
    split: &Split,
    index: usize,
) -> Explanation {
    let (year, rhythm) = (alloc.year, ctx.period.rhythm());
    let mut e = Explanation::new(
        Phrase::Given(format!("{} {}", alloc.what, ctx.period)),
        SplitPhrase::ByTermDays { rhythm, year },
        split.parts[index],
    )
    .input(Input::new(
        SplitPhrase::AmountOf(year),
        alloc.amount,
        Phrase::Given(format!("allocations.{}.amount", alloc.id)),
    ))
    .input(Input::new(
        SplitPhrase::TermDays,
        term_days(ctx, &alloc.payer, year, split.total_days()),
        SplitPhrase::Term(ctx.agreement.term.article.clone()),
    ));
    for (i, q) in split.periods.iter().enumerate() {
        e = e.input(Input::new(
            Phrase::Given(q.to_string()),
            SplitPhrase::PeriodPart {
                days: split.days[i],
                exact: split.exact[i].round_dp(6).normalize(),
                cut: split.truncated[i],
                part: split.parts[i],
            },
            SplitPhrase::WeightIsDays(rhythm),
        ));
    }
    let leftover = alloc.amount.amount() - split.truncated.iter().sum::<Decimal>();
    e.input(Input::new(
        SplitPhrase::LeftoverCents,
        SplitPhrase::Leftover {
            cents: leftover.normalize(),
            given: split.given(),
        },
        SplitPhrase::LargestRemainder,
    ))
    .rounded(
        split.exact[index].round_dp(10).normalize(),
        Rounding::LargestRemainder,
    )
    .article(&alloc.article)
}

/// The activity of `borrower` in the months of `part`.
fn activity_of(activity: &Aggregate<Month>, borrower: &str, part: &Period) -> Activity {
    let mut sum = Activity::default();
    for (y, m, _) in part.months() {
        merge(&mut sum, &activity.get(borrower, (y, m)));
    }
    sum
}

fn merge(sum: &mut Activity, t: &Activity) {
    if t.rows == 0 {
        return;
    }
    sum.first_line = if sum.rows == 0 {
        t.first_line
    } else {
        sum.first_line.min(t.first_line)
    };
    sum.last_line = sum.last_line.max(t.last_line);
    sum.rows += t.rows;
    sum.hours += t.hours;
    sum.km += t.km;
    sum.house_visits += t.house_visits;
    sum.hours_outside_window += t.hours_outside_window;
}

/// The summed activity rows and the logs they came from; `None` without rows.
fn rows_of(activity: &Aggregate<Month>, t: &Activity) -> Option<Rows> {
    (t.rows > 0).then(|| Rows {
        rows: t.rows,
        logs: activity
            .logs
            .iter()
            .map(|p| p.display().to_string())
            .collect(),
        first_line: t.first_line,
        last_line: t.last_line,
    })
}

/// Where summed activity rows came from: `12 rows of brp-activity.csv,
/// lines 3–40`, or that there were none.
fn rows_phrase(activity: &Aggregate<Month>, t: &Activity) -> Phrase {
    rows_of(activity, t).map_or(Phrase::NoRows, Phrase::RowsOf)
}

/// Where summed activity rows came from, as words for a warning.
fn rows_source(activity: &Aggregate<Month>, t: &Activity) -> String {
    match rows_of(activity, t) {
        None => "no activity rows".to_string(),
        Some(r) => format!(
            "{} row{} of {}, lines {}–{}",
            r.rows,
            if r.rows == 1 { "" } else { "s" },
            r.logs.join(", "),
            r.first_line,
            r.last_line
        ),
    }
}

/// The first and last day of the months of a group.
fn span_of(months: &[(i32, u32, Period)]) -> (NaiveDate, NaiveDate) {
    // A group always has a month: `rate_groups` starts each with one.
    let start = months.first().map_or(NaiveDate::MIN, |m| m.2.start());
    let end = months.last().map_or(NaiveDate::MIN, |m| m.2.end());
    (start, end)
}

/// Why `client` has no invoice for the period although the agreement runs:
/// it joins later, or its part ended before the period (by a withdrawal:
/// with the compensation in the period it takes effect). `None` where its
/// part ends with the agreement's, which the agreement's own note covers.
fn outside(ctx: &PeriodContext<'_>, client: &Member<'_>) -> Option<NoInvoice> {
    let (a, f, qp) = (ctx.agreement, ctx.facts, ctx.span);
    let part = client.participation;
    if part.start > qp.end() {
        // Before the agreement starts the agreement's own note speaks for
        // every client; only a later accession is this client's own.
        let ac = client.accession?;
        return Some(NoInvoice::Joins {
            agreement: a.id.clone(),
            on: part.start,
            source: ac.source.clone(),
        });
    }
    let end = part.end.filter(|e| *e < qp.start())?;
    if ctx.parties.agreement_end().is_some_and(|ae| ae <= end) {
        return None;
    }
    let article = a.withdrawal.as_ref().map(|c| c.article.clone());
    Some(
        match f
            .withdrawal(client.id())
            .filter(|w| term::previous_day(w.effective) == end)
        {
            Some(w) if qp.contains(w.effective) => NoInvoice::Withdrew(withdrawn(a, f, w)),
            Some(w) => NoInvoice::Ended {
                on: end,
                withdrawal: Some((w.effective, article)),
            },
            None => NoInvoice::Ended {
                on: end,
                withdrawal: None,
            },
        },
    )
}

/// The term of the agreement, as the note of a period outside it says it.
fn term(ctx: &PeriodContext<'_>) -> NoInvoice {
    let a = ctx.agreement;
    let end = ctx.parties.agreement_end();
    NoInvoice::Term {
        start: a.term.period.start(),
        end,
        article: a.term.article.clone(),
        renewal: a
            .renewal
            .as_ref()
            .filter(|_| end.is_none())
            .map(|r| (r.months, r.article.clone())),
    }
}

/// The days the allocation counts: the days of `year` in the term of
/// `party` (which has no end while it runs on).
fn term_days(ctx: &PeriodContext<'_>, party: &str, year: i32, total: u32) -> SplitPhrase {
    let p = ctx.parties.get(party).map_or_else(
        || term::participation(ctx.agreement, ctx.facts, party),
        |m| m.participation,
    );
    SplitPhrase::TermDaysOf {
        total,
        year,
        start: p.start,
        end: p.end,
    }
}

/// Why no amount is billed for `year`, where the agreement leaves it open:
/// no amount is agreed from 2011 (Art. 4, with its note). With a party, only when
/// that party pays an allocation in some other year.
fn unagreed(a: &Agreement, year: i32, payer: Option<&str>) -> Option<NoInvoice> {
    let u = a.unagreed.as_ref()?;
    if year < u.from_year {
        return None;
    }
    let mut paid = a
        .allocations
        .iter()
        .filter(|al| payer.is_none_or(|p| al.payer == p))
        .peekable();
    // Shared amounts this payer takes part in (a key, or it pays alone).
    let mut shared = a
        .shared_amounts
        .iter()
        .filter(|s| match (&s.key, payer) {
            (crate::core::agreement::ShareKey::Payer(p), Some(q)) => p == q,
            _ => true,
        })
        .peekable();
    // Only agreements that bill fixed yearly amounts leave a year open; the
    // year is open when none of those amounts is for it.
    if paid.peek().is_none() && shared.peek().is_none() {
        return None;
    }
    if paid.any(|al| al.year == year) || shared.any(|s| s.agreed_for(year)) {
        return None;
    }
    Some(NoInvoice::Unagreed {
        from_year: u.from_year,
        article: u.article.clone(),
        note: u.note.clone(),
    })
}

/// The bucket of `date`: its year and month.
pub fn month_of(date: NaiveDate) -> Month {
    (date.year(), date.month())
}

impl Builder<'_> {
    /// The client's part of each shared amount for the period's year: the
    /// whole part in the period the agreement names, or the period's share
    /// of it by days (`core::shares` divides the year's amount).
    fn shared_amounts(&mut self) -> Result<(), InvoiceError> {
        let ctx = self.ctx;
        let year = ctx.period.year();
        for s in &self.a.shared_amounts {
            if let AmountBilling::Whole { index } = s.billing {
                if ctx.period.index() != index {
                    continue;
                }
            }
            let Some(shares) = shares::year_shares(self.a, ctx.facts, &ctx.parties, s, year)?
            else {
                continue;
            };
            let Some(part) = shares.part_of(&self.client.id) else {
                continue;
            };
            let line = shared_line(ctx, s, &shares, part)?;
            self.explain(|_| line.explanation.clone());
            self.lines.push(line);
        }
        Ok(())
    }
}

/// The line of one client's part of a shared amount in the context period.
fn shared_line(
    ctx: &PeriodContext<'_>,
    s: &SharedAmount,
    shares: &YearShares,
    part: &SharePart,
) -> Result<Line, InvoiceError> {
    let year = shares.amount.year;
    let e = shares_explanation(s, shares, part);
    let (amount, description, e) = match s.billing {
        AmountBilling::Whole { .. } => (part.part, None, e),
        AmountBilling::ByDays => {
            let (amount, days, total, e) = by_days(ctx, s, part, e)?;
            (amount, Some((ctx.period.to_string(), days, total)), e)
        }
    };
    let description = Phrase::SharedPart {
        what: s.what.clone(),
        year,
        key: key_share(s, shares, part),
        days: description,
    };
    Ok(Line::fixed(
        LineKind::Allocation,
        description,
        amount,
        &s.article,
        e,
    ))
}

/// The client's place in the key, for a line: `18503 of 38832 inhabitants`.
fn key_share(s: &SharedAmount, shares: &YearShares, part: &SharePart) -> KeyShare {
    use crate::core::agreement::ShareKey;
    let (w, total) = (part.weight.normalize(), shares.total_weight().normalize());
    match &s.key {
        ShareKey::Payer(_) => KeyShare::Payer,
        ShareKey::Equal => KeyShare::Equal { parts: total },
        ShareKey::Percent(_) => KeyShare::Percent { percent: w, total },
        ShareKey::Weights(series) => KeyShare::Weights {
            weight: w,
            total,
            series: series.clone(),
        },
    }
}

/// How a client's part of a year came about: the year's amount (indexed),
/// the key's weights, and the largest-remainder division.
fn shares_explanation(s: &SharedAmount, shares: &YearShares, part: &SharePart) -> Explanation {
    let year = shares.amount.year;
    let mut e = Explanation::new(
        Phrase::Given(format!("{} {year} {}", s.what, part.party)),
        SplitPhrase::ByKey {
            year,
            reference_day: shares.reference_day,
        },
        part.part,
    )
    .input(Input::new(
        SplitPhrase::AmountOf(s.from_year),
        s.amount,
        Phrase::Given(format!("shared_amounts.{}.amount", s.id)),
    ));
    let indexation = s
        .indexation
        .as_ref()
        .map(|ix| (ix.series.clone(), ix.article.clone()));
    for st in &shares.amount.steps {
        e = e.input(Input::new(
            SplitPhrase::AmountOf(st.year),
            SplitPhrase::Indexed {
                previous: st.previous,
                percent: st.percent.normalize(),
                unrounded: st.unrounded,
                rounded: st.rounded,
            },
            SplitPhrase::Indexation(indexation.clone()),
        ));
    }
    for p in &shares.parts {
        e = e.input(Input::new(
            SplitPhrase::WeightOf(p.party.clone()),
            SplitPhrase::WeightPart {
                weight: p.weight.normalize(),
                part: p.part,
            },
            Phrase::Given(p.source.clone()),
        ));
    }
    e.input(Input::new(
        SplitPhrase::Key,
        SplitPhrase::KeyIs(s.key.clone()),
        Phrase::Given(format!("shared_amounts.{}.key", s.id)),
    ))
    .article(&s.article)
}

/// The period's part of a client's yearly part, by the days the client
/// takes part in each period of the year, cents by largest remainder.
fn by_days(
    ctx: &PeriodContext<'_>,
    s: &SharedAmount,
    part: &SharePart,
    e: Explanation,
) -> Result<(Money, u32, u32, Explanation), InvoiceError> {
    let year = ctx.period.year();
    let participation = ctx.parties.get(&part.party).map_or_else(
        || term::participation(ctx.agreement, ctx.facts, &part.party),
        |m| m.participation,
    );
    let days: Vec<u32> = BillingPeriod::in_year(ctx.period.rhythm(), year)
        .iter()
        .map(|q| participation.clip(q.period()).map_or(0, |p| p.days()))
        .collect();
    let weights: Vec<Decimal> = days.iter().map(|d| Decimal::from(*d)).collect();
    let parts = part
        .part
        .allocate(&weights)
        .map_err(|source| InvoiceError::Allocation {
            allocation: s.id.clone(),
            year,
            source,
        })?;
    let index = usize::from(ctx.period.index() - 1);
    let total: u32 = days.iter().sum();
    let mut e = e
        .input(Input::new(
            SplitPhrase::DaysIn(ctx.period),
            SplitPhrase::DaysOfTotal {
                days: days[index],
                total,
                part: parts[index],
            },
            SplitPhrase::ClientDays,
        ))
        .rounded(part.part.amount(), Rounding::LargestRemainderOverPeriods);
    e.result = parts[index].into();
    Ok((parts[index], days[index], total, e))
}
