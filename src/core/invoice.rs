//! Quarterly invoices (DOMAIN rules 3–6): for every agreement in force in a
//! quarter, one invoice per paying client, from the provider to that client.
//!
//! An invoice is built once as data: its lines (contracted hours × the rate
//! in force, ORT and travel from the activity of the quarter, the part of a
//! yearly allocation), the fees on them, VAT per category and the totals,
//! with an explanation for every figure. The activity arrives already summed
//! per borrower and calendar month (`load::activity::aggregate` feeding `core::activity`), so this
//! module never reads a file.

use chrono::{Datelike, NaiveDate};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

use crate::core::activity::{Aggregate, Totals as Activity};
use crate::core::agreement::{Agreement, Allocation, Article, LineKind, Party};
use crate::core::calendar::{Period, Quarter};
use crate::core::capacity::{self, MonthPart};
use crate::core::explain::{Explanation, Input};
use crate::core::facts::{Facts, WithdrawalFact};
use crate::core::lines::{self, Line, Totals};
use crate::core::money::{self, AllocationError, Money};
use crate::core::rate::{self, RateError, RateInForce};
use crate::core::term;
use crate::core::withdrawal;

/// The bucket the activity of a quarter is summed in: (year, month).
pub type Month = (i32, u32);

/// Why invoices could not be computed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InvoiceError {
    #[error(transparent)]
    Rate(#[from] RateError),
    #[error("cannot split allocation `{allocation}` over the quarters of {year}: {source}")]
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

/// One invoice from the provider to one client for one quarter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Invoice {
    /// Stable and derived: `<agreement>-<quarter>-<client>`.
    pub id: String,
    pub agreement: String,
    pub agreement_title: String,
    pub quarter: String,
    /// The part of the quarter in which the client takes part.
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
    pub notes: Vec<String>,
    /// How every figure came about, in the order of the invoice. Left empty
    /// (and out of JSON) unless explanations are asked for.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub explanations: Vec<Explanation>,
}

/// Something worth saying about an agreement or a client in the quarter that
/// is not an invoice: no invoice because the quarter lies outside the term,
/// or because no amount is agreed for the year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Note {
    pub agreement: String,
    pub party: Option<String>,
    pub message: String,
}

/// Everything one agreement gives for one quarter.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct QuarterBilling {
    pub invoices: Vec<Invoice>,
    pub notes: Vec<Note>,
    /// Remarks that do not stop the invoices (activity without contracted
    /// hours), each naming the client it is about so that a report for one
    /// party can leave the others' out.
    pub warnings: Vec<Note>,
}

/// The invoices of agreement `a` for `quarter`, with the activity of the
/// quarter summed per borrower and month. Fails when a rate has no value or
/// no index figure for a month of the quarter, or an allocation cannot be
/// split.
pub fn quarter_invoices(
    a: &Agreement,
    f: &Facts,
    quarter: Quarter,
    activity: &Aggregate<Month>,
) -> Result<QuarterBilling, InvoiceError> {
    let qp = quarter.period();
    let mut out = QuarterBilling::default();
    let clients: Vec<&Party> = crate::core::facts::clients(a, f).collect();
    let taking_part: Vec<(&Party, Period)> = clients
        .iter()
        .filter_map(|p| {
            term::participation(a, f, &p.id)
                .clip(qp)
                .map(|part| (*p, part))
        })
        .collect();
    // A client outside the quarter while others take part is worth a note,
    // never silence: it has not joined yet, or its part has ended.
    let client_notes: Vec<Note> = clients
        .iter()
        .filter(|p| !taking_part.iter().any(|(t, _)| t.id == p.id))
        .filter_map(|p| {
            outside_wording(a, f, p, quarter).map(|why| Note {
                agreement: a.id.clone(),
                party: Some(p.id.clone()),
                message: format!("no invoice for {} in {quarter}: {why}", p.id),
            })
        })
        .collect();
    if taking_part.is_empty() {
        out.notes.extend(client_notes);
        let mut message = format!(
            "no invoice for {} in {quarter}: {}",
            a.id,
            term_wording(a, f)
        );
        if let Some(unagreed) = unagreed_wording(a, quarter.year(), None) {
            message.push_str("; ");
            message.push_str(&unagreed);
        }
        out.notes.push(Note {
            agreement: a.id.clone(),
            party: None,
            message,
        });
        return Ok(out);
    }
    out.notes.extend(client_notes);
    let provider = a.provider();
    for (client, part) in taking_part {
        let mut builder = Builder {
            a,
            f,
            quarter,
            client,
            part,
            activity,
            lines: Vec::new(),
            explanations: Vec::new(),
            notes: Vec::new(),
        };
        let contracted = builder.service()?;
        builder.ort()?;
        builder.travel()?;
        builder.allocations()?;

        let logged = activity_of(activity, &client.id, &part);
        if logged.rows > 0 && contracted.is_zero() {
            out.warnings.push(Note {
                agreement: a.id.clone(),
                party: Some(client.id.clone()),
                message: format!(
                    "{} has {} activity row{} in {quarter} ({}) but no contracted hours in that quarter",
                    client.id,
                    logged.rows,
                    if logged.rows == 1 { "" } else { "s" },
                    rows_source(activity, &logged)
                ),
            });
        }

        let Builder {
            lines: mut inv_lines,
            mut explanations,
            mut notes,
            ..
        } = builder;
        if inv_lines.is_empty() {
            let why = unagreed_wording(a, quarter.year(), Some(&client.id))
                .unwrap_or_else(|| "nothing to bill".to_string());
            let message = format!(
                "no invoice for {} to {} in {quarter}: {why}",
                a.id, client.id
            );
            out.notes.push(Note {
                agreement: a.id.clone(),
                party: Some(client.id.clone()),
                message,
            });
            continue;
        }
        let subtotal: Money = inv_lines.iter().map(|l| l.amount).sum();
        let mut subtotal_e = Explanation::new(
            "subtotal",
            "Σ of the rounded lines before fees (rule 1: totals are sums of rounded lines)",
            subtotal,
        );
        for l in &inv_lines {
            subtotal_e = subtotal_e.input(Input::new(
                l.description.clone(),
                l.amount,
                format!("line ({})", l.article),
            ));
        }
        explanations.push(subtotal_e);

        let fee_lines = lines::fee_lines(a, &inv_lines);
        let fees: Money = fee_lines.iter().map(|l| l.amount).sum();
        explanations.extend(fee_lines.iter().map(|l| l.explanation.clone()));
        inv_lines.extend(fee_lines);

        let totals = lines::totals(a, &inv_lines);
        explanations.push(
            Explanation::new("total excl. VAT", "subtotal + fees", totals.total_excl_vat)
                .input(Input::new("subtotal", subtotal, "above"))
                .input(Input::new("fees", fees, "the fee lines above")),
        );
        for v in &totals.vat {
            let mut e = v.explanation.clone();
            if let Some(reason) = &v.reason {
                e = e.input(Input::new(
                    "VAT treatment",
                    v.category.clone(),
                    reason.clone(),
                ));
            }
            explanations.push(e);
        }
        explanations.push(
            Explanation::new(
                "total incl. VAT",
                "total excl. VAT + Σ VAT per category",
                totals.total_incl_vat,
            )
            .input(Input::new(
                "total excl. VAT",
                totals.total_excl_vat,
                "above",
            ))
            .input(Input::new("VAT", totals.vat_total, "above")),
        );
        if let crate::core::agreement::Vat::Standard {
            note: Some(note), ..
        } = &a.vat
        {
            notes.push(format!("VAT: {note}"));
        }
        // A withdrawal within the quarter ends this invoice's period; its
        // compensation is lost income, not service, so it is stated here
        // and never added as a line.
        if let Some(w) = f
            .withdrawal(&client.id)
            .filter(|w| w.effective > part.start() && qp.contains(w.effective))
        {
            notes.push(format!(
                "{}; {}",
                ended_wording(a, w),
                compensation_wording(a, f, w)
            ));
        }
        out.invoices.push(Invoice {
            id: format!("{}-{quarter}-{}", a.id, client.id),
            agreement: a.id.clone(),
            agreement_title: a.title.clone(),
            quarter: quarter.to_string(),
            period_start: part.start(),
            period_end: part.end(),
            issuer: PartyRef::of(provider),
            recipient: PartyRef::of(client),
            lines: inv_lines,
            subtotal,
            fees,
            totals,
            notes,
            explanations,
        });
    }
    Ok(out)
}

/// The lines of one invoice while they are being built.
struct Builder<'a> {
    a: &'a Agreement,
    f: &'a Facts,
    quarter: Quarter,
    client: &'a Party,
    part: Period,
    activity: &'a Aggregate<Month>,
    lines: Vec<Line>,
    explanations: Vec<Explanation>,
    notes: Vec<String>,
}

/// Consecutive months of the quarter that share one rate in force.
struct RateGroup {
    rate: RateInForce,
    months: Vec<(i32, u32, Period)>,
}

impl Builder<'_> {
    /// The months of the client's part of the quarter, grouped by the rate
    /// `rate_id` in force on the first covered day of each month. Quarters
    /// align with indexation on 1 January, so there is normally one group.
    fn rate_groups(&self, rate_id: &str) -> Result<Vec<RateGroup>, RateError> {
        let mut groups: Vec<RateGroup> = Vec::new();
        for (year, month, covered) in self.part.months() {
            let r = rate::rate_on(self.a, rate_id, covered.start())?;
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

    /// The service lines: contracted hours of the quarter (rule 3) × the
    /// rate in force (rule 5), one line per distinct rate. Returns the
    /// contracted hours of the quarter.
    fn service(&mut self) -> Result<Decimal, InvoiceError> {
        let Some(h) = &self.a.hours else {
            return Ok(Decimal::ZERO);
        };
        let ch = capacity::contracted_hours(self.a, self.f, &self.client.id, self.part)?;
        if ch.hours.is_zero() {
            return Ok(Decimal::ZERO);
        }
        let rate_def = self.a.rate(&h.rate).expect("the loader checks the rate");
        let article = Article(format!("{}, {}", h.article, rate_def.article));
        self.explanations.push(ch.explain().article(&h.article));
        let groups = self.rate_groups(&h.rate)?;
        let several = groups.len() > 1;
        for g in groups {
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
            let span = span_of(&g.months);
            let description = if several {
                format!("{} {span}", h.what)
            } else {
                h.what.clone()
            };
            self.explanations.push(g.rate.explain(rate_def));
            let line = Line::new(
                LineKind::Service,
                description,
                hours,
                rate_def.unit.dutch(),
                g.rate.amount,
                &article,
                format!("contracted hours {span} (rule 3, explained above)"),
                format!("rates.{} in force on {}", rate_def.id, g.rate.date),
            );
            self.explanations.push(line.explanation.clone());
            self.lines.push(line);
        }
        Ok(ch.hours)
    }

    /// ORT: logged hours outside the day window × the hourly rate × the ORT
    /// percentage, only where the agreement sets one.
    fn ort(&mut self) -> Result<(), InvoiceError> {
        let outside = activity_of(self.activity, &self.client.id, &self.part);
        let (Some(ort), Some(h)) = (&self.a.ort, &self.a.hours) else {
            if !outside.hours_outside_window.is_zero() {
                let window = self.a.shift_rule.as_ref().map_or(String::new(), |r| {
                    format!(
                        " {}–{} ({})",
                        r.day_start.format("%H:%M"),
                        r.day_end.format("%H:%M"),
                        r.article
                    )
                });
                self.notes.push(format!(
                    "no ORT line: the agreement sets no ORT percentage; {} of the logged hours fall outside the day window{window}",
                    money::plain_decimal(outside.hours_outside_window, 2)
                ));
            }
            return Ok(());
        };
        let rate_def = self.a.rate(&h.rate).expect("the loader checks the rate");
        for g in self.rate_groups(&h.rate)? {
            let t = self.activity_of_months(&g.months);
            if t.hours_outside_window.is_zero() {
                continue;
            }
            let price = g.rate.amount * ort.percent / Decimal::ONE_HUNDRED;
            let line = Line::new(
                LineKind::Ort,
                format!("{} {}%", ort.what, ort.percent.normalize()),
                t.hours_outside_window,
                rate_def.unit.dutch(),
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
            self.explanations.push(line.explanation.clone());
            self.lines.push(line);
        }
        Ok(())
    }

    /// Travel: km of the quarter × the km rate in force, one line per rate.
    fn travel(&mut self) -> Result<(), InvoiceError> {
        let Some(t) = &self.a.travel else {
            return Ok(());
        };
        let rate_def = self.a.rate(&t.rate).expect("the loader checks the rate");
        let groups = self.rate_groups(&t.rate)?;
        let several = groups.len() > 1;
        for g in groups {
            let sum = self.activity_of_months(&g.months);
            if sum.km.is_zero() {
                continue;
            }
            let span = span_of(&g.months);
            let mut km_e = Explanation::new(
                format!("km {} {span}", self.client.id),
                "Σ km of the activity rows of the months",
                sum.km.normalize(),
            )
            .article(&t.article);
            for (year, month, _) in &g.months {
                let m = self.activity.get(&self.client.id, (*year, *month));
                km_e = km_e.input(Input::new(
                    format!("{year}-{month:02}"),
                    format!("{} km", m.km.normalize()),
                    rows_source(self.activity, &m),
                ));
            }
            self.explanations.push(km_e);
            self.explanations.push(g.rate.explain(rate_def));
            let description = if several {
                format!("{} {span}", t.what)
            } else {
                t.what.clone()
            };
            let line = Line::new(
                LineKind::Travel,
                description,
                sum.km,
                rate_def.unit.dutch(),
                g.rate.amount,
                &t.article,
                format!("activity log: {}", rows_source(self.activity, &sum)),
                format!("rates.{} in force on {}", rate_def.id, g.rate.date),
            );
            self.explanations.push(line.explanation.clone());
            self.lines.push(line);
        }
        Ok(())
    }

    /// The quarter's part of each yearly allocation this client pays (rule 6).
    fn allocations(&mut self) -> Result<(), InvoiceError> {
        let year = self.quarter.year();
        for alloc in self
            .a
            .allocations
            .iter()
            .filter(|al| al.payer == self.client.id && al.year == year)
        {
            let line = allocation_line(self.a, self.f, alloc, self.quarter)?;
            self.explanations.push(line.explanation.clone());
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

/// The line for `quarter`'s part of a yearly allocation: the amount split
/// over the quarters of its year in proportion to the days the payer takes
/// part in each (0 outside the term), by largest remainder.
pub fn allocation_line(
    a: &Agreement,
    f: &Facts,
    alloc: &Allocation,
    quarter: Quarter,
) -> Result<Line, InvoiceError> {
    let year = alloc.year;
    let participation = term::participation(a, f, &alloc.payer);
    let quarters = Quarter::quarters_of_year(year);
    let days: Vec<u32> = quarters
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
    let total_days: u32 = days.iter().sum();
    let index = usize::from(quarter.number() - 1);
    let part = parts[index];

    // The same steps as `Money::allocate`, written out for the explanation:
    // the exact share, the truncated cents and who gets the leftover cents.
    let exact: Vec<Decimal> = days
        .iter()
        .map(|d| alloc.amount.amount() * Decimal::from(*d) / Decimal::from(total_days))
        .collect();
    let truncated: Vec<Decimal> = exact
        .iter()
        .map(|e| e.round_dp_with_strategy(2, RoundingStrategy::ToZero))
        .collect();
    let leftover = alloc.amount.amount() - truncated.iter().sum::<Decimal>();
    let given: Vec<String> = quarters
        .iter()
        .zip(parts.iter().zip(&truncated))
        .filter(|(_, (p, t))| p.amount() != **t)
        .map(|(q, _)| q.to_string())
        .collect();

    let mut e = Explanation::new(
        format!("{} {quarter}", alloc.what),
        format!(
            "amount × days of the term in the quarter ÷ days of the term in {year}; \
             each share cut to cents, the leftover cents to the largest remainders \
             (ties to the earlier quarter), so the parts sum to the whole"
        ),
        part,
    )
    .input(Input::new(
        format!("amount {year}"),
        alloc.amount,
        format!("allocations.{}.amount", alloc.id),
    ))
    .input(Input::new(
        "days of the term",
        format!(
            "{total_days} (of {})",
            participation_wording(a, f, &alloc.payer)
        ),
        format!("term ({})", a.term.article),
    ));
    for (i, q) in quarters.iter().enumerate() {
        e = e.input(Input::new(
            format!("{q}"),
            format!(
                "{} days → exact {} → cut {} → part {}",
                days[i],
                exact[i].round_dp(6).normalize(),
                money::plain_decimal(truncated[i], 2),
                parts[i]
            ),
            "weight = days of the term in the quarter",
        ));
    }
    e = e
        .input(Input::new(
            "leftover cents",
            format!(
                "{} → {}",
                leftover.normalize(),
                if given.is_empty() {
                    "none".to_string()
                } else {
                    given.join(", ")
                }
            ),
            "largest remainder",
        ))
        .rounded(
            exact[index].round_dp(10).normalize(),
            "largest remainder: cut to cents, leftover cents to the largest remainders",
        )
        .article(&alloc.article);
    Ok(Line::fixed(
        LineKind::Allocation,
        format!(
            "{} {year}, {quarter}: {} of {total_days} days",
            alloc.what, days[index]
        ),
        part,
        &alloc.article,
        e,
    ))
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

/// Where summed activity rows came from: `12 rows, brp-activity.csv lines 3–40`.
fn rows_source(activity: &Aggregate<Month>, t: &Activity) -> String {
    if t.rows == 0 {
        return "no activity rows".to_string();
    }
    let logs: Vec<String> = activity
        .logs
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    format!(
        "{} row{} of {}, lines {}–{}",
        t.rows,
        if t.rows == 1 { "" } else { "s" },
        logs.join(", "),
        t.first_line,
        t.last_line
    )
}

/// `2018-01 – 2018-03` for the months of a group.
fn span_of(months: &[(i32, u32, Period)]) -> String {
    match (months.first(), months.last()) {
        (Some(first), Some(last)) => format!("{} – {}", first.2.start(), last.2.end()),
        _ => String::new(),
    }
}

/// Why `client` has no invoice for `quarter` although the agreement runs:
/// it joins later, or its part ended before the quarter (by a withdrawal:
/// with the compensation in the quarter it takes effect). `None` where its
/// part ends with the agreement's, which the agreement's own note covers.
fn outside_wording(a: &Agreement, f: &Facts, client: &Party, quarter: Quarter) -> Option<String> {
    let qp = quarter.period();
    let part = term::participation(a, f, &client.id);
    if part.start > qp.end() {
        // Before the agreement starts the agreement's own note speaks for
        // every client; only a later accession is this client's own.
        let ac = f.accession(&client.id)?;
        return Some(format!(
            "it joins {} on {} (accession, {})",
            a.id, part.start, ac.source
        ));
    }
    let end = part.end.filter(|e| *e < qp.start())?;
    if term::agreement_end(a, f).is_some_and(|ae| ae <= end) {
        return None;
    }
    match f
        .withdrawal(&client.id)
        .filter(|w| term::previous_day(w.effective) == end)
    {
        Some(w) if qp.contains(w.effective) => Some(format!(
            "{}; {}",
            ended_wording(a, w),
            compensation_wording(a, f, w)
        )),
        Some(w) => Some(ended_wording(a, w)),
        None => Some(format!("its participation ended on {end}")),
    }
}

/// `its participation ended on 2018-06-30 (withdrawal effective 2018-07-01, Art. 22 lid 1)`.
fn ended_wording(a: &Agreement, w: &WithdrawalFact) -> String {
    let article = a
        .withdrawal
        .as_ref()
        .map_or(String::new(), |c| format!(", {}", c.article));
    format!(
        "its participation ended on {} (withdrawal effective {}{article})",
        term::previous_day(w.effective),
        w.effective
    )
}

/// The compensation of a recorded withdrawal (with its recorded redeployed
/// hours and external contract end) and the command that explains it.
fn compensation_wording(a: &Agreement, f: &Facts, w: &WithdrawalFact) -> String {
    let command = format!(
        "`ledger withdraw --agreement {} --party {} --effective {}`",
        a.id, w.party, w.effective
    );
    match withdrawal::compensation(
        a,
        f,
        &w.party,
        w.effective,
        w.redeployed_hours,
        w.external_contract_ends,
    ) {
        Ok(c) => format!(
            "the compensation of {} (excl. VAT) is not invoiced here; it is computed by {command}",
            c.total
        ),
        Err(e) => format!("the compensation cannot be computed ({e}); {command} shows why"),
    }
}

/// The term as a sentence part: `the term runs 2010-02-09 – 2010-12-31 (Art. 5 sub a)`.
fn term_wording(a: &Agreement, f: &Facts) -> String {
    let start = a.term.period.start();
    match term::agreement_end(a, f) {
        Some(end) => format!("the term runs {start} – {end} ({})", a.term.article),
        None => match &a.renewal {
            Some(r) => format!(
                "the agreement runs from {start} ({}) and renews by {} months each time ({})",
                a.term.article, r.months, r.article
            ),
            None => format!("the agreement runs from {start} ({})", a.term.article),
        },
    }
}

fn participation_wording(a: &Agreement, f: &Facts, party: &str) -> String {
    let p = term::participation(a, f, party);
    match p.end {
        Some(end) => format!("{} – {end}", p.start),
        None => format!("from {}", p.start),
    }
}

/// Why no amount is billed for `year`, where the agreement leaves it open:
/// `no amount is agreed from 2011 (Art. 4: …)`. With a party, only when
/// that party pays an allocation in some other year.
fn unagreed_wording(a: &Agreement, year: i32, payer: Option<&str>) -> Option<String> {
    let u = a.unagreed.as_ref()?;
    if year < u.from_year {
        return None;
    }
    let mut paid = a
        .allocations
        .iter()
        .filter(|al| payer.is_none_or(|p| al.payer == p))
        .peekable();
    // Only agreements that bill fixed yearly amounts leave a year open; the
    // year is open when none of those amounts is for it.
    if paid.peek().is_none() || paid.any(|al| al.year == year) {
        return None;
    }
    Some(format!(
        "no amount is agreed from {} ({}: {})",
        u.from_year, u.article, u.note
    ))
}

/// The bucket of `date`: its year and month.
pub fn month_of(date: NaiveDate) -> Month {
    (date.year(), date.month())
}
