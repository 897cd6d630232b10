//! The agreement TOML format: raw serde types that mirror the file, and the
//! conversion that validates them into `core::agreement::Agreement`.
//!
//! The format is documented with an annotated example in `docs/formats.md`.
//! Every table rejects unknown keys (all reported at once, see `document`),
//! every amount is a string, and every problem found is reported with its
//! `file:line:col`, in file order.

use std::collections::{BTreeMap, HashSet};

use serde::Deserialize;
use toml::value::Datetime;
use toml::Spanned;

use crate::core::agreement::*;
use crate::core::calendar::{Period, MAX_PARSED_YEAR, MIN_PARSED_YEAR};
use crate::core::period::{Rhythm, Timing};
use crate::load::diag::{Diagnostics, SourceFile};
use crate::load::document::{self, Schema};
use crate::load::fields::Checker;
use crate::load::log_columns::{self, Needs, RawActivityLog, RawColumn};
use crate::load::shared::{self, RawAmountIndexation, RawSharedAmount};
use crate::load::FigurePlaces;

type S<T> = Spanned<T>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAgreement {
    id: S<String>,
    title: S<String>,
    short_title: Option<S<String>>,
    source: Option<String>,
    #[serde(default)]
    parties: Vec<RawParty>,
    term: RawTerm,
    renewal: Option<S<RawRenewal>>,
    termination: Option<RawTermination>,
    withdrawal: Option<RawWithdrawal>,
    billing: RawBilling,
    #[serde(default)]
    rates: Vec<RawRate>,
    #[serde(default)]
    index_series: Vec<RawSeries>,
    #[serde(default)]
    fees: Vec<RawFee>,
    hours: Option<RawHours>,
    travel: Option<RawTravel>,
    ort: Option<RawOrt>,
    shift_rule: Option<RawShiftRule>,
    #[serde(default)]
    allocations: Vec<RawAllocation>,
    unagreed: Option<RawUnagreed>,
    take_or_pay: Option<RawTakeOrPay>,
    #[serde(default)]
    income: Vec<RawIncome>,
    budget_advice: Option<RawBudgetAdvice>,
    vat: S<RawVat>,
    #[serde(default)]
    deadlines: Vec<RawDeadline>,
    #[serde(default)]
    consents: Vec<RawConsent>,
    #[serde(default)]
    flags: Vec<RawFlag>,
    #[serde(default)]
    shared_amounts: Vec<RawSharedAmount>,
    activity_log: Option<RawActivityLog>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConsent {
    id: S<String>,
    what: S<String>,
    who: S<String>,
    article: S<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawParty {
    id: S<String>,
    name: S<String>,
    role: S<String>,
    role_label: Option<String>,
    address: Option<String>,
    article: S<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTerm {
    start: S<Datetime>,
    end: S<Datetime>,
    article: S<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRenewal {
    months: S<i64>,
    article: S<String>,
    /// Notice against renewal: a month-day in the year the term ends ...
    notice_before: Option<S<String>>,
    notice_no_later_than: Option<S<String>>,
    /// ... or a number of months before the term ends.
    notice_months_before_end: Option<S<i64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTermination {
    notice_months: S<i64>,
    article: S<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWithdrawal {
    cap_months: S<i64>,
    until: S<String>,
    #[serde(default)]
    with_fees: bool,
    article: S<String>,
    /// Optional: not every agreement lifts compensation for redeployed hours.
    relief_article: Option<S<String>>,
    /// Optional: the percentage of the lost hours compensated (100).
    percent: Option<S<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBilling {
    period: S<String>,
    /// Optional: "arrears" (the default) or "advance".
    timing: Option<S<String>>,
    article: S<String>,
    number_template: Option<S<String>>,
    credit_template: Option<S<String>>,
    payment_days: Option<S<i64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRate {
    id: S<String>,
    what: S<String>,
    unit: S<String>,
    article: S<String>,
    assumption: Option<String>,
    values: Vec<RawDatedValue>,
    indexation: Option<RawIndexation>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDatedValue {
    from: S<Datetime>,
    amount: S<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIndexation {
    series: S<String>,
    first: S<Datetime>,
    article: S<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSeries {
    id: S<String>,
    name: S<String>,
    assumption: Option<String>,
    #[serde(default)]
    figures: BTreeMap<S<String>, S<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFee {
    id: S<String>,
    what: S<String>,
    percent: S<String>,
    base: Vec<S<String>>,
    article: S<String>,
    assumption: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawHours {
    rate: S<String>,
    what: S<String>,
    article: S<String>,
    hours_per_week: S<String>,
    weeks_per_year: S<i64>,
    default_article: S<String>,
    declaration_article: S<String>,
    budget_covers_fee: Option<S<String>>,
    /// Optional: the id of the yearly deadline declarations must meet.
    declaration_deadline: Option<S<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTravel {
    rate: S<String>,
    what: S<String>,
    article: S<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOrt {
    percent: S<String>,
    what: S<String>,
    article: S<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawShiftRule {
    day_start: S<String>,
    day_end: S<String>,
    min_supervisors_outside: S<i64>,
    article: S<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAllocation {
    id: S<String>,
    what: S<String>,
    year: S<i64>,
    amount: S<String>,
    payer: S<String>,
    method: S<String>,
    article: S<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUnagreed {
    from_year: S<i64>,
    note: S<String>,
    article: S<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTakeOrPay {
    article: S<String>,
    settlement_article: S<String>,
    overuse_article: S<String>,
    shortfall_article: S<String>,
    #[serde(default)]
    exceptions: Vec<RawException>,
    /// Optional: "billed" (the default) or "not_billed".
    over_use: Option<S<String>>,
    /// Optional: "never", "redeployed_or_undelivered" (the default) or "always".
    under_use: Option<S<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawException {
    id: S<String>,
    what: S<String>,
    article: S<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIncome {
    id: S<String>,
    what: S<String>,
    per: S<String>,
    amount: S<String>,
    article: S<String>,
    expected_per_year: Option<S<i64>>,
    expected_article: Option<S<String>>,
    expected_assumption: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBudgetAdvice {
    amount: S<String>,
    article: S<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawVat {
    category: S<String>,
    percent: Option<S<String>>,
    reason: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDeadline {
    id: S<String>,
    what: S<String>,
    kind: S<String>,
    article: S<String>,
    /// One of: a fixed `date`, a yearly month-day, or months after the start.
    wording: Option<S<String>>,
    date: Option<S<Datetime>>,
    yearly: Option<S<String>>,
    first_year: Option<S<i64>>,
    within_months_after_start: Option<S<i64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFlag {
    id: S<String>,
    what: S<String>,
    article: S<String>,
}

/// Parses and validates one agreement file. Fails with every problem found,
/// each pointing at its place in the file.
pub fn parse_agreement(src: &SourceFile) -> Result<Agreement, Diagnostics> {
    parse_agreement_with_places(src).map(|(agreement, _)| agreement)
}

/// `parse_agreement`, with the place of each index figure the file gives,
/// so that a facts file that gives one again can say where the first is.
pub fn parse_agreement_with_places(
    src: &SourceFile,
) -> Result<(Agreement, FigurePlaces), Diagnostics> {
    let (raw, diags) = document::read::<RawAgreement>(src, &schema());
    let mut c = Checker::new(src);
    c.diags = diags;
    let mut places = FigurePlaces::new();
    let agreement = raw.and_then(|raw| convert(&mut c, raw, &mut places));
    c.diags.in_file_order().into_result(())?;
    let agreement = agreement.expect("conversion yields a value when it reports no problem");
    Ok((agreement, places))
}

/// The tables of the file and the tables nested in them, for the report of
/// unknown keys.
fn schema() -> Schema {
    Schema::of::<RawAgreement>()
        .with("parties", Schema::of::<RawParty>())
        .with("term", Schema::of::<RawTerm>())
        .with("renewal", Schema::of::<RawRenewal>())
        .with("termination", Schema::of::<RawTermination>())
        .with("withdrawal", Schema::of::<RawWithdrawal>())
        .with("billing", Schema::of::<RawBilling>())
        .with(
            "rates",
            Schema::of::<RawRate>()
                .with("values", Schema::of::<RawDatedValue>())
                .with("indexation", Schema::of::<RawIndexation>()),
        )
        .with("index_series", Schema::of::<RawSeries>())
        .with("fees", Schema::of::<RawFee>())
        .with("hours", Schema::of::<RawHours>())
        .with("travel", Schema::of::<RawTravel>())
        .with("ort", Schema::of::<RawOrt>())
        .with("shift_rule", Schema::of::<RawShiftRule>())
        .with("allocations", Schema::of::<RawAllocation>())
        .with("unagreed", Schema::of::<RawUnagreed>())
        .with(
            "take_or_pay",
            Schema::of::<RawTakeOrPay>().with("exceptions", Schema::of::<RawException>()),
        )
        .with("income", Schema::of::<RawIncome>())
        .with("budget_advice", Schema::of::<RawBudgetAdvice>())
        .with("vat", Schema::of::<RawVat>())
        .with("deadlines", Schema::of::<RawDeadline>())
        .with("consents", Schema::of::<RawConsent>())
        .with("flags", Schema::of::<RawFlag>())
        .with(
            "shared_amounts",
            Schema::of::<RawSharedAmount>().with("indexation", Schema::of::<RawAmountIndexation>()),
        )
        .with(
            "activity_log",
            Schema::of::<RawActivityLog>().with("columns", Schema::of::<RawColumn>()),
        )
}

/// Records a duplicate id as a problem.
fn unique(c: &mut Checker, seen: &mut HashSet<String>, id: &S<String>, what: &str) {
    if !seen.insert(id.get_ref().clone()) {
        c.error(id, format!("duplicate {what} id `{}`", id.get_ref()));
    }
}

/// Converts the whole file, table by table. Each table's function records
/// its own problems; the agreement is built only when the parts it cannot
/// do without are there.
fn convert(c: &mut Checker, raw: RawAgreement, places: &mut FigurePlaces) -> Option<Agreement> {
    let id = c.id(&raw.id, "agreement");
    let title = c.text(&raw.title, "title");
    let short_title = raw.short_title.as_ref().map(|s| c.text(s, "short_title"));
    let parties = parties(c, &raw.id, &raw.parties);
    let term = term(c, &raw.term);
    let renewal = raw.renewal.as_ref().and_then(|r| renewal(c, r));
    let termination = raw.termination.as_ref().and_then(|t| termination(c, t));
    let withdrawal = raw.withdrawal.as_ref().and_then(|w| withdrawal(c, w));
    let billing = billing(c, &raw.billing);
    // Index series first, so that rates can refer to them.
    let index_series = index_series(c, &raw.index_series, places);
    let rates = rates(c, &raw.rates, &index_series);
    if let Some(t) = &term {
        rates_cover_the_start(c, &raw.rates, &rates, t.period.start());
    }
    let fees = fees(c, &raw.fees);
    let hours = raw.hours.as_ref().and_then(|h| hours(c, h, &rates, &fees));
    let travel = raw.travel.as_ref().map(|t| travel(c, t, &rates));
    let ort = raw.ort.as_ref().and_then(|o| ort(c, o));
    let shift_rule = raw.shift_rule.as_ref().and_then(|s| shift_rule(c, s));
    let period = term.as_ref().map(|t| t.period);
    let allocations = allocations(c, &raw.allocations, &parties, period);
    let unagreed = raw.unagreed.as_ref().and_then(|u| unagreed(c, u));
    let take_or_pay = raw.take_or_pay.as_ref().map(|t| take_or_pay(c, t));
    let income = income(c, &raw.income);
    let budget_advice = raw.budget_advice.as_ref().and_then(|b| budget_advice(c, b));
    let vat = vat(c, &raw.vat);
    let deadlines = deadlines(c, &raw.deadlines, period);
    declaration_deadline(c, raw.hours.as_ref(), &deadlines);
    let consents = consents(c, &raw.consents);
    let flags = flags(c, &raw.flags);
    let shared_amounts = shared::shared_amounts(
        c,
        &raw.shared_amounts,
        &shared::Context {
            parties: &parties,
            series: &index_series,
            rhythm: billing.as_ref().map(|b| b.rhythm),
            term: period,
        },
    );
    let activity_log = log_columns::log_columns(c, raw.activity_log.as_ref(), &log_needs(&raw));
    Some(Agreement {
        short_title: short_title.unwrap_or_else(|| title.clone()),
        id,
        title,
        source: raw.source,
        parties,
        term: term?,
        renewal,
        termination,
        withdrawal,
        billing: billing?,
        rates,
        index_series,
        fees,
        hours,
        travel,
        ort,
        shift_rule,
        allocations,
        unagreed,
        take_or_pay,
        income,
        budget_advice,
        vat: vat?,
        deadlines,
        consents,
        flags,
        shared_amounts,
        activity_log,
    })
}

/// What the agreement's terms need of its activity log's columns.
fn log_needs(raw: &RawAgreement) -> Needs {
    Needs {
        travel: raw.travel.is_some(),
        income: !raw.income.is_empty(),
        shift_rule: raw.shift_rule.is_some(),
        ort: raw.ort.is_some(),
    }
}

/// Parties: unique ids, exactly one provider, at least one client. The
/// counts point at the agreement's id, the file's first line of substance.
fn parties(c: &mut Checker, agreement_id: &S<String>, raw: &[RawParty]) -> Vec<Party> {
    let mut seen = HashSet::new();
    let mut parties = Vec::new();
    for p in raw {
        unique(c, &mut seen, &p.id, "party");
        let role = role(c, &p.role);
        parties.push(Party {
            id: c.id(&p.id, "party"),
            name: c.text(&p.name, "party name"),
            role: role.unwrap_or(Role::Client),
            role_label: p.role_label.clone(),
            address: p.address.clone(),
            article: c.article(&p.article),
        });
    }
    let providers = parties.iter().filter(|p| p.role == Role::Provider).count();
    if providers != 1 {
        c.error(
            agreement_id,
            format!(
                "an agreement needs exactly one party with role \"provider\", found {providers}"
            ),
        );
    }
    if !parties.iter().any(|p| p.role == Role::Client) {
        c.error(
            agreement_id,
            "an agreement needs at least one party with role \"client\"",
        );
    }
    parties
}

fn role(c: &mut Checker, raw: &S<String>) -> Option<Role> {
    match raw.get_ref().as_str() {
        "provider" => Some(Role::Provider),
        "client" => Some(Role::Client),
        other => {
            c.error_help(
                raw,
                format!("unknown role `{other}`"),
                "a party is a \"provider\" or a \"client\"",
            );
            None
        }
    }
}

fn term(c: &mut Checker, raw: &RawTerm) -> Option<Term> {
    let start = c.date(&raw.start);
    let end = c.date(&raw.end);
    let article = c.article(&raw.article);
    let (s, e) = (start?, end?);
    match Period::new(s, e) {
        Ok(period) => Some(Term { period, article }),
        Err(_) => {
            c.error(
                &raw.end,
                format!("the term ends on {e}, before it starts on {s}"),
            );
            None
        }
    }
}

fn renewal(c: &mut Checker, table: &S<RawRenewal>) -> Option<Renewal> {
    let r = table.get_ref();
    let months = c.bounded(&r.months, "renewal months", 1, 120);
    let article = c.article(&r.article);
    let notice = renewal_notice(c, table);
    Some(Renewal {
        months: months?,
        notice: notice?,
        article,
    })
}

const NOTICE_KEYS: &str = "notice_before, notice_no_later_than or notice_months_before_end";

/// The notice against renewal: exactly one of the three notice keys. Too
/// many points at each key after the first; none points at the table.
fn renewal_notice(c: &mut Checker, table: &S<RawRenewal>) -> Option<RenewalNotice> {
    let r = table.get_ref();
    let given: Vec<(&str, std::ops::Range<usize>)> = [
        ("notice_before", r.notice_before.as_ref().map(|v| v.span())),
        (
            "notice_no_later_than",
            r.notice_no_later_than.as_ref().map(|v| v.span()),
        ),
        (
            "notice_months_before_end",
            r.notice_months_before_end.as_ref().map(|v| v.span()),
        ),
    ]
    .into_iter()
    .filter_map(|(key, span)| Some((key, span?)))
    .collect();
    match given.as_slice() {
        [] => {
            c.error(
                table,
                format!("a renewal needs exactly one of {NOTICE_KEYS}"),
            );
            return None;
        }
        [_] => {}
        [(first, _), rest @ ..] => {
            for (key, span) in rest {
                let d = c
                    .src
                    .error(
                        span.clone(),
                        format!("a renewal needs exactly one of {NOTICE_KEYS}"),
                    )
                    .with_help(format!("`{key}` and `{first}` are both given; keep one"));
                c.push(d);
            }
            return None;
        }
    }
    if let Some(md) = &r.notice_before {
        return c
            .month_day(md, "notice_before")
            .map(|(month, day)| RenewalNotice::MonthDay {
                month,
                day,
                wording: WordingKind::Before,
            });
    }
    if let Some(md) = &r.notice_no_later_than {
        return c.month_day(md, "notice_no_later_than").map(|(month, day)| {
            RenewalNotice::MonthDay {
                month,
                day,
                wording: WordingKind::NoLaterThan,
            }
        });
    }
    let m = r.notice_months_before_end.as_ref()?;
    c.bounded(m, "notice months", 0, 60)
        .map(|months| RenewalNotice::MonthsBeforeEnd { months })
}

fn termination(c: &mut Checker, t: &RawTermination) -> Option<Termination> {
    let months = c.bounded(&t.notice_months, "notice months", 0, 60);
    Some(Termination {
        notice_months: months?,
        article: c.article(&t.article),
    })
}

fn withdrawal(c: &mut Checker, w: &RawWithdrawal) -> Option<Withdrawal> {
    let cap = c.bounded(&w.cap_months, "cap_months", 1, 120);
    let until = match w.until.get_ref().as_str() {
        "end_of_current_term" => Some(CompensationUntil::EndOfCurrentTerm),
        "end_of_original_term" => Some(CompensationUntil::EndOfOriginalTerm),
        "end_of_calendar_year" => Some(CompensationUntil::EndOfCalendarYear),
        other => {
            c.error_help(
                &w.until,
                format!("unknown value `{other}`"),
                "use \"end_of_current_term\", \"end_of_calendar_year\" or \"end_of_original_term\"",
            );
            None
        }
    };
    let percent = match &w.percent {
        Some(p) => c.percent(p, "compensation percentage"),
        None => Some(rust_decimal::Decimal::ONE_HUNDRED),
    };
    Some(Withdrawal {
        cap_months: cap?,
        until: until?,
        with_fees: w.with_fees,
        article: c.article(&w.article),
        relief_article: w.relief_article.as_ref().map(|a| c.article(a)),
        percent: percent?,
    })
}

fn billing(c: &mut Checker, raw: &RawBilling) -> Option<Billing> {
    let period = match raw.period.get_ref().as_str() {
        "month" => Some(Rhythm::Month),
        "quarter" => Some(Rhythm::Quarter),
        "half_year" => Some(Rhythm::HalfYear),
        "year" => Some(Rhythm::Year),
        other => {
            c.error_help(
                &raw.period,
                format!("unknown billing period `{other}`"),
                "use \"month\", \"quarter\", \"half_year\" or \"year\"",
            );
            None
        }
    };
    let timing = match raw.timing.as_ref().map(|t| (t, t.get_ref().as_str())) {
        None | Some((_, "arrears")) => Some(Timing::Arrears),
        Some((_, "advance")) => Some(Timing::Advance),
        Some((t, other)) => {
            c.error_help(
                t,
                format!("unknown billing timing `{other}`"),
                "use \"arrears\" (invoiced at the end of each period) or \"advance\" (at its start)",
            );
            None
        }
    };
    let article = c.article(&raw.article);
    let number_template = optional_template(c, raw.number_template.as_ref());
    let credit_template = optional_template(c, raw.credit_template.as_ref());
    // Neither seed text agrees a payment term; thirty days is the default
    // the register issue asks for, and a TOML file can say otherwise.
    let payment_days = match &raw.payment_days {
        Some(d) => c.bounded(d, "payment_days", 0, 365),
        None => Some(30),
    };
    Some(Billing {
        rhythm: period?,
        timing: timing?,
        article,
        number_template: number_template?,
        credit_template: credit_template?,
        payment_days: payment_days?,
    })
}

/// An optional number template, parsed here so that a bad one is an error
/// at its place in the file rather than when an invoice is issued. `None`
/// when it is bad; `Some(None)` when it is absent.
fn optional_template(c: &mut Checker, raw: Option<&S<String>>) -> Option<Option<String>> {
    let Some(raw) = raw else {
        return Some(None);
    };
    match crate::register::NumberTemplate::parse(raw.get_ref()) {
        Ok(_) => Some(Some(raw.get_ref().clone())),
        Err(e) => {
            c.error_help(
                raw,
                e.to_string(),
                "e.g. number_template = \"BOZ-{year}-{seq:04}\"",
            );
            None
        }
    }
}

fn index_series(c: &mut Checker, raw: &[RawSeries], places: &mut FigurePlaces) -> Vec<IndexSeries> {
    let mut seen = HashSet::new();
    let mut index_series = Vec::new();
    for s in raw {
        unique(c, &mut seen, &s.id, "index series");
        let figures = index_figures(c, &s.figures);
        for (year, pct) in &s.figures {
            if let Ok(y) = year.get_ref().parse::<i32>() {
                places.insert((s.id.get_ref().clone(), y), c.place(pct));
            }
        }
        index_series.push(IndexSeries {
            id: c.id(&s.id, "index series"),
            name: c.text(&s.name, "series name"),
            assumption: s.assumption.clone(),
            figures,
        });
    }
    index_series
}

/// A series' published figures, keyed by year (the TOML keys are strings).
fn index_figures(
    c: &mut Checker,
    raw: &BTreeMap<S<String>, S<String>>,
) -> BTreeMap<i32, rust_decimal::Decimal> {
    let mut figures = BTreeMap::new();
    for (year, pct) in raw {
        let y = year
            .get_ref()
            .parse::<i32>()
            .ok()
            .filter(|y| (MIN_PARSED_YEAR..=MAX_PARSED_YEAR).contains(y));
        if y.is_none() {
            c.error(year, format!("`{}` is not a year", year.get_ref()));
        }
        let p = c.index_percent(pct, "index figure");
        if let (Some(y), Some(p)) = (y, p) {
            figures.insert(y, p);
        }
    }
    figures
}

fn rates(c: &mut Checker, raw: &[RawRate], index_series: &[IndexSeries]) -> Vec<Rate> {
    let mut seen = HashSet::new();
    let mut rates = Vec::new();
    for r in raw {
        unique(c, &mut seen, &r.id, "rate");
        let unit = unit(c, &r.unit);
        let values = dated_values(c, r);
        let indexation = r
            .indexation
            .as_ref()
            .and_then(|ix| indexation(c, ix, &values, index_series));
        rates.push(Rate {
            id: c.id(&r.id, "rate"),
            what: c.text(&r.what, "rate description"),
            unit: unit.unwrap_or(Unit::Hour),
            values: values.into_iter().map(|(v, _)| v).collect(),
            indexation,
            article: c.article(&r.article),
            assumption: r.assumption.clone(),
        });
    }
    rates
}

/// A rate whose first value starts after the term does would leave the
/// first days without a price; the error points at that first value.
fn rates_cover_the_start(
    c: &mut Checker,
    raw: &[RawRate],
    rates: &[Rate],
    start: chrono::NaiveDate,
) {
    for (r, rate) in raw.iter().zip(rates) {
        let (Some(first), Some(v)) = (rate.values.first(), r.values.first()) else {
            continue;
        };
        if first.from > start {
            c.error_help(
                &v.from,
                format!(
                    "rate `{}` starts on {}, after the term starts on {start}",
                    rate.id, first.from
                ),
                format!("give the rate a value from {start}"),
            );
        }
    }
}

fn unit(c: &mut Checker, raw: &S<String>) -> Option<Unit> {
    match raw.get_ref().as_str() {
        "hour" => Some(Unit::Hour),
        "km" => Some(Unit::Km),
        other => {
            c.error_help(
                raw,
                format!("unknown unit `{other}`"),
                "use \"hour\" or \"km\"",
            );
            None
        }
    }
}

/// A rate's dated values, each with the place of its date, in date order.
fn dated_values<'r>(c: &mut Checker, r: &'r RawRate) -> Vec<(DatedValue, &'r S<Datetime>)> {
    let mut values: Vec<(DatedValue, &S<Datetime>)> = Vec::new();
    for v in &r.values {
        let from = c.date(&v.from);
        let amount = c.positive(&v.amount, "rate");
        if let (Some(from), Some(amount)) = (from, amount) {
            values.push((DatedValue { from, amount }, &v.from));
        }
    }
    if r.values.is_empty() {
        c.error(&r.id, format!("rate `{}` has no values", r.id.get_ref()));
    }
    for pair in values.windows(2) {
        if pair[1].0.from <= pair[0].0.from {
            c.error(pair[1].1, format!(
                "dated values overlap: {} does not come after {}; list values in date order, one per start date",
                pair[1].0.from, pair[0].0.from
            ));
        }
    }
    values
}

fn indexation(
    c: &mut Checker,
    ix: &RawIndexation,
    values: &[(DatedValue, &S<Datetime>)],
    index_series: &[IndexSeries],
) -> Option<Indexation> {
    let first = c.date(&ix.first);
    if !index_series.iter().any(|s| s.id == *ix.series.get_ref()) {
        c.error(
            &ix.series,
            format!("unknown index series `{}`", ix.series.get_ref()),
        );
    }
    if let Some(f) = first {
        if let Some((late, span)) = values.iter().find(|(v, _)| v.from >= f) {
            c.error(*span, format!("a dated value from {} lies after the first indexation date {f}; an indexed rate takes its later values from the index", late.from));
        }
    }
    Some(Indexation {
        series: ix.series.get_ref().clone(),
        first: first?,
        article: c.article(&ix.article),
    })
}

/// The id of a rate that must exist and be priced per `unit`.
fn known_rate(c: &mut Checker, rates: &[Rate], id: &S<String>, unit: Unit) -> String {
    match rates.iter().find(|r| r.id == *id.get_ref()) {
        None => c.error(id, format!("unknown rate `{}`", id.get_ref())),
        Some(r) if r.unit != unit => c.error(
            id,
            format!(
                "rate `{}` is per {}, expected a rate per {}",
                r.id,
                r.unit.as_str(),
                unit.as_str()
            ),
        ),
        Some(_) => {}
    }
    id.get_ref().clone()
}

fn fees(c: &mut Checker, raw: &[RawFee]) -> Vec<Fee> {
    let mut seen = HashSet::new();
    let mut fees = Vec::new();
    for f in raw {
        unique(c, &mut seen, &f.id, "fee");
        let mut base = Vec::new();
        for b in &f.base {
            match line_kind(b.get_ref()) {
                Some(k) => base.push(k),
                None => c.error_help(b, format!("unknown fee base `{}`", b.get_ref()), "use \"service\", \"ort\", \"travel\", \"allocation\", \"compensation\" or \"settlement\""),
            }
        }
        let percent = c.percent(&f.percent, "fee percent");
        fees.push(Fee {
            id: c.id(&f.id, "fee"),
            what: c.text(&f.what, "fee description"),
            percent: percent.unwrap_or_default(),
            base,
            article: c.article(&f.article),
            assumption: f.assumption.clone(),
        });
    }
    fees
}

fn hours(c: &mut Checker, h: &RawHours, rates: &[Rate], fees: &[Fee]) -> Option<Hours> {
    let rate = known_rate(c, rates, &h.rate, Unit::Hour);
    let per_week = c.positive(&h.hours_per_week, "hours_per_week");
    if per_week.is_some_and(|w| w > rust_decimal::Decimal::from(168)) {
        c.error(
            &h.hours_per_week,
            "hours_per_week cannot exceed the 168 hours of a week",
        );
    }
    // Hours are written with two decimals everywhere; a finer figure is a
    // typo (0.0000001), not a contract.
    if per_week.is_some_and(|w| w.normalize().scale() > 2) {
        c.error_help(
            &h.hours_per_week,
            format!(
                "hours_per_week `{}` has more than two decimals",
                h.hours_per_week.get_ref()
            ),
            "write hours to the hundredth at most, such as \"2.75\"",
        );
    }
    let weeks = c.bounded(&h.weeks_per_year, "weeks_per_year", 1, 53);
    if let Some(fee) = &h.budget_covers_fee {
        if !fees.iter().any(|f| f.id == *fee.get_ref()) {
            c.error(fee, format!("unknown fee `{}`", fee.get_ref()));
        }
    }
    Some(Hours {
        rate,
        what: c.text(&h.what, "description"),
        article: c.article(&h.article),
        hours_per_week: per_week?,
        weeks_per_year: weeks?,
        default_article: c.article(&h.default_article),
        declaration_article: c.article(&h.declaration_article),
        budget_covers_fee: h.budget_covers_fee.as_ref().map(|f| f.get_ref().clone()),
        declaration_deadline: h.declaration_deadline.as_ref().map(|d| d.get_ref().clone()),
    })
}

fn travel(c: &mut Checker, t: &RawTravel, rates: &[Rate]) -> Travel {
    Travel {
        rate: known_rate(c, rates, &t.rate, Unit::Km),
        what: c.text(&t.what, "description"),
        article: c.article(&t.article),
    }
}

fn ort(c: &mut Checker, o: &RawOrt) -> Option<Ort> {
    Some(Ort {
        percent: c.percent(&o.percent, "ORT percent")?,
        what: c.text(&o.what, "description"),
        article: c.article(&o.article),
    })
}

fn shift_rule(c: &mut Checker, s: &RawShiftRule) -> Option<ShiftRule> {
    let day_start = c.time(&s.day_start, "day_start");
    let day_end = c.time(&s.day_end, "day_end");
    if let (Some(a), Some(b)) = (day_start, day_end) {
        if b <= a {
            c.error(&s.day_end, "day_end must come after day_start");
        }
    }
    Some(ShiftRule {
        day_start: day_start?,
        day_end: day_end?,
        min_supervisors_outside: c.bounded(
            &s.min_supervisors_outside,
            "min_supervisors_outside",
            1,
            10,
        )?,
        article: c.article(&s.article),
    })
}

fn allocations(
    c: &mut Checker,
    raw: &[RawAllocation],
    parties: &[Party],
    period: Option<Period>,
) -> Vec<Allocation> {
    let mut seen = HashSet::new();
    let mut allocations = Vec::new();
    for a in raw {
        unique(c, &mut seen, &a.id, "allocation");
        if let Some(allocation) = allocation(c, a, parties, period) {
            allocations.push(allocation);
        }
    }
    allocations
}

fn allocation(
    c: &mut Checker,
    a: &RawAllocation,
    parties: &[Party],
    period: Option<Period>,
) -> Option<Allocation> {
    let year = c.year(&a.year, "allocation year");
    let amount = c.money(&a.amount, "allocation amount", false);
    let payer = a.payer.get_ref().clone();
    match parties.iter().find(|p| p.id == payer) {
        None => c.error(&a.payer, format!("unknown party `{payer}`")),
        Some(p) if p.role != Role::Client => {
            c.error(&a.payer, format!("the payer `{payer}` is not a client"))
        }
        Some(_) => {}
    }
    let method = match a.method.get_ref().as_str() {
        "days_of_term" => Some(AllocationMethod::DaysOfTerm),
        other => {
            c.error_help(
                &a.method,
                format!("unknown allocation method `{other}`"),
                "use \"days_of_term\"",
            );
            None
        }
    };
    if let (Some(y), Some(p)) = (year, period) {
        if p.intersect(&Period::year(y)).is_none() {
            c.error(
                &a.year,
                format!("the allocation year {y} lies outside the term {p}"),
            );
        }
    }
    let (year, amount, method) = (year?, amount?, method?);
    Some(Allocation {
        id: a.id.get_ref().clone(),
        what: c.text(&a.what, "description"),
        year,
        amount,
        payer,
        method,
        article: c.article(&a.article),
    })
}

fn unagreed(c: &mut Checker, u: &RawUnagreed) -> Option<Unagreed> {
    Some(Unagreed {
        from_year: c.year(&u.from_year, "from_year")?,
        note: c.text(&u.note, "note"),
        article: c.article(&u.article),
    })
}

fn take_or_pay(c: &mut Checker, t: &RawTakeOrPay) -> TakeOrPay {
    let mut seen = HashSet::new();
    let exceptions = t
        .exceptions
        .iter()
        .map(|e| {
            unique(c, &mut seen, &e.id, "exception");
            Exception {
                id: c.id(&e.id, "exception"),
                what: c.text(&e.what, "description"),
                article: c.article(&e.article),
            }
        })
        .collect();
    TakeOrPay {
        article: c.article(&t.article),
        settlement_article: c.article(&t.settlement_article),
        overuse_article: c.article(&t.overuse_article),
        shortfall_article: c.article(&t.shortfall_article),
        exceptions,
        over_use: t
            .over_use
            .as_ref()
            .map_or(OverUse::Billed, |o| over_use(c, o)),
        under_use: t
            .under_use
            .as_ref()
            .map_or(UnderUse::RedeployedOrUndelivered, |u| under_use(c, u)),
    }
}

/// `take_or_pay.over_use`; an unknown value is an error (and counts as
/// billed only so that the other problems can still be found).
fn over_use(c: &mut Checker, raw: &S<String>) -> OverUse {
    match raw.get_ref().as_str() {
        "billed" => OverUse::Billed,
        "not_billed" => OverUse::NotBilled,
        other => {
            c.error_help(
                raw,
                format!("unknown over-use policy `{other}`"),
                "use \"billed\" or \"not_billed\"",
            );
            OverUse::Billed
        }
    }
}

/// `take_or_pay.under_use`; an unknown value is an error, as above.
fn under_use(c: &mut Checker, raw: &S<String>) -> UnderUse {
    match raw.get_ref().as_str() {
        "never" => UnderUse::Never,
        "redeployed_or_undelivered" => UnderUse::RedeployedOrUndelivered,
        "always" => UnderUse::Always,
        other => {
            c.error_help(
                raw,
                format!("unknown under-use policy `{other}`"),
                "use \"never\", \"redeployed_or_undelivered\" or \"always\"",
            );
            UnderUse::RedeployedOrUndelivered
        }
    }
}

/// `hours.declaration_deadline` must name a yearly deadline of the
/// agreement: a declaration for year Y is due by its date in year Y − 1.
fn declaration_deadline(c: &mut Checker, raw: Option<&RawHours>, deadlines: &[DeadlineSpec]) {
    let Some(id) = raw.and_then(|h| h.declaration_deadline.as_ref()) else {
        return;
    };
    match deadlines.iter().find(|d| d.id == *id.get_ref()) {
        Some(d) if matches!(d.when, DeadlineWhen::Yearly { .. }) => {}
        Some(_) => c.error(
            id,
            format!(
                "deadline `{}` is not a yearly deadline; a declaration deadline recurs every year",
                id.get_ref()
            ),
        ),
        None => {
            let yearly: Vec<&str> = deadlines
                .iter()
                .filter(|d| matches!(d.when, DeadlineWhen::Yearly { .. }))
                .map(|d| d.id.as_str())
                .collect();
            c.error_help(
                id,
                format!("unknown deadline `{}`", id.get_ref()),
                format!("the yearly [[deadlines]] are: {}", yearly.join(", ")),
            );
        }
    }
}

fn income(c: &mut Checker, raw: &[RawIncome]) -> Vec<Income> {
    let mut seen = HashSet::new();
    let mut income = Vec::new();
    for i in raw {
        unique(c, &mut seen, &i.id, "income");
        if let Some(one) = one_income(c, i) {
            income.push(one);
        }
    }
    income
}

fn one_income(c: &mut Checker, i: &RawIncome) -> Option<Income> {
    let per = match i.per.get_ref().as_str() {
        "house_visit" => Some(IncomeBasis::HouseVisit),
        other => {
            c.error_help(
                &i.per,
                format!("unknown income basis `{other}`"),
                "use \"house_visit\"",
            );
            None
        }
    };
    let amount = c.money(&i.amount, "income amount", false);
    let expected = i
        .expected_per_year
        .as_ref()
        .map(|e| c.bounded(e, "expected_per_year", 0, 100_000));
    let expected_article = i.expected_article.as_ref().map(|a| c.article(a));
    // An expected count that was given but is invalid drops the income; one
    // that was not given is simply absent.
    let expected_per_year = expected.map_or(Some(None), |e| e.map(Some));
    let (per, amount, expected_per_year) = (per?, amount?, expected_per_year?);
    Some(Income {
        id: i.id.get_ref().clone(),
        what: c.text(&i.what, "description"),
        per,
        amount,
        article: c.article(&i.article),
        expected_per_year,
        expected_article,
        expected_assumption: i.expected_assumption.clone(),
    })
}

fn budget_advice(c: &mut Checker, b: &RawBudgetAdvice) -> Option<BudgetAdvice> {
    Some(BudgetAdvice {
        amount: c.money(&b.amount, "budget advice", false)?,
        article: c.article(&b.article),
    })
}

fn vat(c: &mut Checker, raw: &S<RawVat>) -> Option<Vat> {
    let v = raw.get_ref();
    match v.category.get_ref().as_str() {
        "standard" => match &v.percent {
            Some(p) => c.percent(p, "VAT percent").map(|percent| Vat::Standard {
                percent,
                note: v.reason.clone(),
            }),
            None => {
                c.error(raw, "standard VAT needs a percent, e.g. percent = \"21\"");
                None
            }
        },
        "exempt" | "not_subject" => vat_without_percent(c, raw),
        other => {
            c.error_help(
                &v.category,
                format!("unknown VAT category `{other}`"),
                "use \"standard\", \"exempt\" or \"not_subject\"",
            );
            None
        }
    }
}

/// Exempt and not-subject VAT: no percent, and a reason that says why.
fn vat_without_percent(c: &mut Checker, raw: &S<RawVat>) -> Option<Vat> {
    let v = raw.get_ref();
    if let Some(p) = &v.percent {
        c.error(p, "only standard VAT has a percent");
    }
    match &v.reason {
        Some(reason) if !reason.trim().is_empty() => {
            let reason = reason.clone();
            Some(if v.category.get_ref() == "exempt" {
                Vat::Exempt { reason }
            } else {
                Vat::NotSubject { reason }
            })
        }
        _ => {
            c.error(
                raw,
                format!("VAT category \"{}\" needs a reason", v.category.get_ref()),
            );
            None
        }
    }
}

fn deadlines(c: &mut Checker, raw: &[RawDeadline], period: Option<Period>) -> Vec<DeadlineSpec> {
    let mut seen = HashSet::new();
    let mut deadlines = Vec::new();
    for d in raw {
        unique(c, &mut seen, &d.id, "deadline");
        let kind = deadline_kind(c, &d.kind);
        let wording = d.wording.as_ref().and_then(|w| c.wording(w));
        let when = deadline_when(c, d, wording, period);
        let article = c.article(&d.article);
        let what = c.text(&d.what, "description");
        if let (Some(kind), Some(when)) = (kind, when) {
            deadlines.push(DeadlineSpec {
                id: d.id.get_ref().clone(),
                what,
                kind,
                when,
                article,
            });
        }
    }
    deadlines
}

fn deadline_kind(c: &mut Checker, raw: &S<String>) -> Option<DeadlineKind> {
    match raw.get_ref().as_str() {
        "obligation" => Some(DeadlineKind::Obligation),
        "option" => Some(DeadlineKind::Option),
        "aim" => Some(DeadlineKind::Aim),
        other => {
            c.error_help(
                raw,
                format!("unknown deadline kind `{other}`"),
                "use \"obligation\", \"option\" or \"aim\"",
            );
            None
        }
    }
}

/// When a deadline falls: exactly one of a date, a yearly month-day or a
/// number of months after the start.
fn deadline_when(
    c: &mut Checker,
    d: &RawDeadline,
    wording: Option<WordingKind>,
    period: Option<Period>,
) -> Option<DeadlineWhen> {
    match (&d.date, &d.yearly, &d.within_months_after_start) {
        (Some(date), None, None) => {
            let date = c.date(date);
            match (date, wording) {
                (Some(date), Some(w)) => Some(DeadlineWhen::Once(w.at(date))),
                (Some(_), None) if d.wording.is_none() => {
                    c.error(&d.id, "a dated deadline needs a wording");
                    None
                }
                _ => None,
            }
        }
        (None, Some(md), None) => yearly_deadline(c, d, md, wording, period),
        (None, None, Some(m)) => {
            if d.wording.is_some() {
                c.error(
                    &d.id,
                    "a deadline within months after the start has its own wording; drop `wording`",
                );
            }
            c.bounded(m, "months", 1, 120)
                .map(|months| DeadlineWhen::WithinMonthsAfterStart { months })
        }
        _ => {
            c.error(
                &d.id,
                "a deadline needs exactly one of `date`, `yearly` or `within_months_after_start`",
            );
            None
        }
    }
}

fn yearly_deadline(
    c: &mut Checker,
    d: &RawDeadline,
    md: &S<String>,
    wording: Option<WordingKind>,
    period: Option<Period>,
) -> Option<DeadlineWhen> {
    let md = c.month_day(md, "yearly");
    let first_year = match &d.first_year {
        Some(y) => c.year(y, "first_year"),
        None => period.map(|p| chrono::Datelike::year(&p.start())),
    };
    if d.wording.is_none() {
        c.error(&d.id, "a yearly deadline needs a wording");
    }
    let ((month, day), wording, first_year) = (md?, wording?, first_year?);
    Some(DeadlineWhen::Yearly {
        month,
        day,
        wording,
        first_year,
    })
}

fn consents(c: &mut Checker, raw: &[RawConsent]) -> Vec<Consent> {
    let mut seen = HashSet::new();
    raw.iter()
        .map(|x| {
            unique(c, &mut seen, &x.id, "consent");
            Consent {
                id: c.id(&x.id, "consent"),
                what: c.text(&x.what, "description"),
                who: c.text(&x.who, "who"),
                article: c.article(&x.article),
            }
        })
        .collect()
}

fn flags(c: &mut Checker, raw: &[RawFlag]) -> Vec<Flag> {
    let mut seen = HashSet::new();
    raw.iter()
        .map(|f| {
            unique(c, &mut seen, &f.id, "flag");
            Flag {
                id: c.id(&f.id, "flag"),
                what: c.text(&f.what, "description"),
                article: c.article(&f.article),
            }
        })
        .collect()
}

fn line_kind(text: &str) -> Option<LineKind> {
    Some(match text {
        "service" => LineKind::Service,
        "ort" => LineKind::Ort,
        "travel" => LineKind::Travel,
        "allocation" => LineKind::Allocation,
        "compensation" => LineKind::Compensation,
        "settlement" => LineKind::Settlement,
        _ => return None,
    })
}
