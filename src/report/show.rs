//! The report of `ledger show`: an agreement in readable form (parties,
//! term and renewal, the rate for each year, fees, capacities, allocations,
//! the key deadlines and flags, each with its article), and its table.
//!
//! Values are `Text`: amounts and hours in them read per locale in the
//! table and plainly (`16159.20`) in JSON.

use std::io::Write;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::cli::Locale;
use crate::core::agreement::{
    Agreement, DeadlineWhen, LineKind, OverUse, RenewalNotice, TakeOrPay, UnderUse, Vat,
};
use crate::core::agreement::{AmountBilling, ShareKey, SharedAmount};
use crate::core::calendar;
use crate::core::deadline;
use crate::core::facts::{Declared, Facts};
use crate::core::money;
use crate::core::period::BillingPeriod;
use crate::core::{rate, shares, term};
use crate::report::text::Text;

#[derive(Debug, Serialize)]
pub struct AgreementView {
    pub id: String,
    pub title: String,
    pub source: Option<String>,
    pub parties: Vec<Row>,
    pub terms: Vec<Row>,
    pub rates: Vec<RateView>,
    pub money: Vec<Row>,
    /// The shared yearly amounts and each year's parts by the key.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub shared: Vec<Row>,
    pub capacity: Vec<Row>,
    pub deadlines: Vec<DeadlineView>,
    pub consents: Vec<Row>,
    pub flags: Vec<Row>,
}

/// A labelled line with its article.
#[derive(Debug, Serialize)]
pub struct Row {
    pub label: String,
    pub value: Text,
    pub article: String,
}

#[derive(Debug, Serialize)]
pub struct RateView {
    pub id: String,
    pub what: String,
    pub unit: String,
    pub article: String,
    pub assumption: Option<String>,
    pub years: Vec<RateYear>,
}

#[derive(Debug, Serialize)]
pub struct RateYear {
    pub year: i32,
    /// The rate in force on the first day of the year the agreement runs.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub amount: Option<Decimal>,
    /// How the figure came about (indexation) or why there is none.
    pub note: String,
}

#[derive(Debug, Serialize)]
pub struct DeadlineView {
    pub what: String,
    pub kind: String,
    /// In English, as the JSON of `show` has always written it.
    pub wording: String,
    /// The wording for the table, in the words of its locale.
    #[serde(skip)]
    pub due: deadline::Due,
    pub date: NaiveDate,
    pub weekday: String,
    pub article: String,
}

fn row(label: impl Into<String>, value: impl Into<Text>, article: impl ToString) -> Row {
    Row {
        label: label.into(),
        value: value.into(),
        article: article.to_string(),
    }
}

impl AgreementView {
    /// The view of one agreement, rates and declarations for the years
    /// `from..=to` (the facts add accessions and declared capacities).
    pub fn build(a: &Agreement, f: &Facts, from: i32, to: i32) -> AgreementView {
        let first_year = from.max(a.term.period.start().year());
        AgreementView {
            id: a.id.clone(),
            title: a.title.clone(),
            source: a.source.clone(),
            parties: party_rows(a, f),
            terms: term_rows(a),
            rates: rate_views(a, first_year, to),
            money: money_rows(a),
            shared: shared_rows(a, f, first_year, to),
            capacity: capacity_rows(a, f, first_year, to),
            deadlines: key_deadlines(a, f),
            consents: a
                .consents
                .iter()
                .map(|x| row(x.what.clone(), x.who.clone(), &x.article))
                .collect(),
            flags: a
                .flags
                .iter()
                .map(|fl| row("flag", fl.what.clone(), &fl.article))
                .collect(),
        }
    }
}

/// The parties of the agreement, then those that joined it later.
fn party_rows(a: &Agreement, f: &Facts) -> Vec<Row> {
    let original = a.parties.iter().map(|p| {
        let role = match &p.role_label {
            Some(l) => format!("{} ({l})", p.role.as_str()),
            None => p.role.as_str().to_string(),
        };
        let address = p
            .address
            .clone()
            .unwrap_or_else(|| "no address in the agreement".into());
        row(
            format!("{} [{}]", p.name, p.id),
            format!("{role}; {address}"),
            &p.article,
        )
    });
    let joined = f.accessions.iter().map(|ac| {
        row(
            format!("{} [{}]", ac.party.name, ac.party.id),
            format!("client, joined {} ({})", ac.from, ac.source),
            &ac.party.article,
        )
    });
    original.chain(joined).collect()
}

/// The term, and how the agreement renews and ends.
fn term_rows(a: &Agreement) -> Vec<Row> {
    let mut terms = vec![row(
        "term",
        format!(
            "{} up to and including {}",
            a.term.period.start(),
            a.term.period.end()
        ),
        &a.term.article,
    )];
    terms.extend(renewal_rows(a));
    terms.extend(termination_row(a));
    terms.extend(withdrawal_rows(a));
    // In arrears is the default and goes unsaid, as the seeds' rows show.
    let advance = match a.billing.timing {
        crate::core::period::Timing::Advance => ", in advance",
        crate::core::period::Timing::Arrears => "",
    };
    terms.push(row(
        "billing",
        format!("per {}{advance}", a.billing.rhythm.noun()),
        &a.billing.article,
    ));
    terms
}

fn renewal_rows(a: &Agreement) -> Vec<Row> {
    let Some(r) = &a.renewal else {
        return Vec::new();
    };
    let rule = match r.notice {
        RenewalNotice::MonthDay {
            month,
            day,
            wording,
        } => {
            let w =
                wording.at(NaiveDate::from_ymd_opt(2000, month, day).expect("validated month-day"));
            format!("{} of the year the term ends", strip_year(&w.english()))
        }
        RenewalNotice::MonthsBeforeEnd { months } => {
            format!("{months} months before the term ends")
        }
    };
    let end = a.term.period.end();
    vec![
        row(
            "renewal",
            format!(
                "renewed by {} months each time unless written notice is given {rule}",
                r.months
            ),
            &r.article,
        ),
        row(
            "first notice deadline",
            format!(
                "{} ends the agreement on {end}; later notice ends it a term later",
                r.notice.last_day(end)
            ),
            &r.article,
        ),
    ]
}

fn termination_row(a: &Agreement) -> Option<Row> {
    let t = a.termination.as_ref()?;
    let last = term::last_early_notice_day(a)
        .map(|d| {
            format!(
                "; the last notice that ends it before the term is given on {d}, ending it on {}",
                calendar::add_months(d, t.notice_months)
            )
        })
        .unwrap_or_default();
    Some(row(
        "early termination",
        format!("{} months' notice{last}", in_words(t.notice_months)),
        &t.article,
    ))
}

fn withdrawal_rows(a: &Agreement) -> Vec<Row> {
    let Some(w) = &a.withdrawal else {
        return Vec::new();
    };
    let until = w.until.words();
    let fees = if w.with_fees {
        "with fees"
    } else {
        "without fees"
    };
    let mut rows = vec![row(
        "early withdrawal",
        format!(
            "compensation: {}contracted hours lost until {until}, at most {} months, {fees}",
            share_words(w),
            w.cap_months
        ),
        &w.article,
    )];
    // An agreement without a relief clause shows no "no compensation" row.
    rows.extend(w.relief_article.iter().map(|relief| {
        row(
            "no compensation",
            "as far as the hours are redeployed or the external contract can be ended first",
            relief,
        )
    }));
    rows
}

/// `50% of the ` where the clause compensates only part of the lost hours.
pub(crate) fn share_words(w: &crate::core::agreement::Withdrawal) -> String {
    if w.percent == rust_decimal::Decimal::ONE_HUNDRED {
        String::new()
    } else {
        format!("{}% of the ", w.percent.normalize())
    }
}

/// Each rate for each year from `first_year` to `to`.
fn rate_views(a: &Agreement, first_year: i32, to: i32) -> Vec<RateView> {
    a.rates
        .iter()
        .map(|r| RateView {
            id: r.id.clone(),
            what: r.what.clone(),
            unit: r.unit.as_str().into(),
            article: r.article.to_string(),
            assumption: r.assumption.clone(),
            years: (first_year..=to)
                .map(|year| rate_year(a, &r.id, year))
                .collect(),
        })
        .collect()
}

/// The rate in force on the first day of `year` the agreement runs, with
/// its last indexation step, or why there is none.
fn rate_year(a: &Agreement, rate_id: &str, year: i32) -> RateYear {
    let day = NaiveDate::from_ymd_opt(year, 1, 1)
        .expect("valid year")
        .max(a.term.period.start());
    match rate::rate_on(a, rate_id, day) {
        Ok(rif) => RateYear {
            year,
            amount: Some(rif.amount),
            note: rif
                .steps
                .last()
                .map(|s| {
                    format!(
                        "{} × (1 + {}%) = {} → {}",
                        s.previous, s.percent, s.unrounded, s.rounded
                    )
                })
                .unwrap_or_else(|| format!("dated value from {}", rif.base_from)),
        },
        Err(e) => RateYear {
            year,
            amount: None,
            note: e.to_string(),
        },
    }
}

/// Fees, allocations, other amounts, VAT and the take-or-pay clause.
fn money_rows(a: &Agreement) -> Vec<Row> {
    let mut rows = Vec::new();
    for fee in &a.fees {
        let base: Vec<&str> = fee.base.iter().map(line_kind_name).collect();
        rows.push(row(
            format!("fee: {}", fee.what),
            format!(
                "{}% of the {} lines",
                fee.percent.normalize(),
                base.join(" and ")
            ),
            &fee.article,
        ));
    }
    for al in &a.allocations {
        let payer = a
            .party(&al.payer)
            .map_or(al.payer.as_str(), |p| p.name.as_str());
        let value = Text::default().money(al.amount).words(format!(
            " paid by {payer}, spread over the quarters by days of the term"
        ));
        rows.push(row(
            format!("allocation {}: {}", al.year, al.what),
            value,
            &al.article,
        ));
    }
    rows.extend(other_amount_rows(a));
    rows.push(row("VAT", vat_text(&a.vat), ""));
    if let Some(t) = &a.take_or_pay {
        rows.extend(take_or_pay_rows(t));
    }
    rows
}

/// Amounts not agreed, travel, ORT, income and the advised budget.
fn other_amount_rows(a: &Agreement) -> Vec<Row> {
    let mut rows = Vec::new();
    if let Some(u) = &a.unagreed {
        rows.push(row(
            format!("from {}", u.from_year),
            format!("no amount agreed: {}", u.note),
            &u.article,
        ));
    }
    if let Some(t) = &a.travel {
        rows.push(row(
            "travel",
            format!("{}: km from the activity log × rate `{}`", t.what, t.rate),
            &t.article,
        ));
    }
    if let Some(o) = &a.ort {
        rows.push(row(
            "ORT",
            format!(
                "{}: {}% on hours outside the day window",
                o.what,
                o.percent.normalize()
            ),
            &o.article,
        ));
    }
    for i in &a.income {
        rows.push(row(
            format!("income: {}", i.what),
            Text::default()
                .money(i.amount)
                .words(" per house visit, to the client"),
            &i.article,
        ));
    }
    if let Some(b) = &a.budget_advice {
        rows.push(row(
            "advised budget",
            Text::default()
                .money(b.amount)
                .words(" per client per year"),
            &b.article,
        ));
    }
    rows
}

fn vat_text(vat: &Vat) -> String {
    match vat {
        Vat::Standard { percent, note } => format!(
            "standard {}%{}",
            percent.normalize(),
            note.as_ref().map(|n| format!(" ({n})")).unwrap_or_default()
        ),
        Vat::Exempt { reason } => format!("exempt: {reason}"),
        Vat::NotSubject { reason } => format!("not subject: {reason}"),
    }
}

fn take_or_pay_rows(t: &TakeOrPay) -> Vec<Row> {
    let (under, over, shortfall) = policy_words(t);
    let mut rows = vec![
        row("take-or-pay", under, &t.article),
        row(
            "year-end settlement",
            "differences between contracted and used hours are settled at the end of the calendar year",
            &t.settlement_article,
        ),
        row("over-use", over, &t.overuse_article),
        row("provider shortfall", shortfall, &t.shortfall_article),
    ];
    for e in &t.exceptions {
        rows.push(row("take-or-pay exception", e.what.clone(), &e.article));
    }
    rows
}

/// The settlement policy in words: under-use, over-use and the provider's
/// shortfall.
fn policy_words(t: &TakeOrPay) -> (&'static str, &'static str, &'static str) {
    let under = match t.under_use {
        UnderUse::RedeployedOrUndelivered => {
            "hours contracted but not taken stay due for the year, unless the provider redeploys them"
        }
        UnderUse::Never => {
            "hours contracted but not taken stay due for the year and are never refunded, not even where the provider redeploys them"
        }
        UnderUse::Always => "hours contracted but not taken are refunded at the year-end settlement",
    };
    let over = match t.over_use {
        OverUse::Billed => "extra hours are charged at the rate with the fee",
        OverUse::NotBilled => "extra hours are not billed",
    };
    let shortfall = match t.under_use {
        UnderUse::Never => "hours the provider failed to deliver give no refund at the settlement",
        _ => "hours the provider failed to deliver are never charged",
    };
    (under, over, shortfall)
}

fn line_kind_name(kind: &LineKind) -> &'static str {
    match kind {
        LineKind::Service => "service",
        LineKind::Ort => "ORT",
        LineKind::Travel => "travel",
        LineKind::Allocation => "allocation",
        LineKind::Compensation => "compensation",
        LineKind::Settlement => "settlement",
        LineKind::Fee => "fee",
    }
}

/// "before 1 September 2000" → "before 1 September".
fn strip_year(text: &str) -> String {
    text.trim_end_matches(" 2000").to_string()
}

/// Hours as every table writes them, with the invoice's two decimals
/// ("126,00 h", "10,50 h"); the figure itself is never rounded.
fn hours(t: Text, d: Decimal) -> Text {
    t.number(d, 2).words(" h")
}

fn capacity_rows(a: &Agreement, f: &Facts, from: i32, to: i32) -> Vec<Row> {
    let Some(h) = &a.hours else { return Vec::new() };
    let yearly = h.default_yearly();
    let default = hours(Text::default(), h.hours_per_week)
        .words(format!(" a week × {} weeks = ", h.weeks_per_year));
    let default = hours(default, yearly).words(" a year = ");
    let default = hours(default, yearly / Decimal::from(12)).words(" a month = ");
    let default = hours(default, yearly / Decimal::from(4)).words(" a quarter");
    let mut rows = vec![
        row("default per client", default, &h.default_article),
        row(
            "billed",
            format!(
                "the contracted hours of each month × the hourly rate `{}`",
                h.rate
            ),
            &h.article,
        ),
    ];
    let mut decls: Vec<_> = f
        .declarations
        .iter()
        .filter(|d| (from..=to).contains(&d.year))
        .collect();
    decls.sort_by_key(|d| (d.year, d.party.clone()));
    for d in decls {
        let what = match &d.declared {
            Declared::Hours(x) => hours(Text::default(), *x),
            Declared::Budget(b) => Text::default().words("budget ").money(*b),
        };
        rows.push(row(
            format!("declared {} for {}", d.party, d.year),
            what.words(format!(
                ", given {} ({}){}",
                d.given,
                d.source,
                d.consent.as_ref().map_or(String::new(), |c| format!(
                    ", after the deadline, with the lender's consent: {c}"
                ))
            )),
            &h.declaration_article,
        ));
    }
    rows
}

/// The deadlines written in the agreement and those that follow from its
/// term, renewal and termination clauses, each at its first occurrence (the
/// generator of `ledger deadlines` decides which those are).
fn key_deadlines(a: &Agreement, f: &Facts) -> Vec<DeadlineView> {
    let yearly = |key: &str| {
        a.deadlines.iter().any(|spec| {
            matches!(spec.when, DeadlineWhen::Yearly { .. })
                && key.starts_with(&format!("{}/{}/", a.id, spec.id))
        })
    };
    deadline::key_deadlines(a, f)
        .into_iter()
        .map(|d| DeadlineView {
            what: if yearly(&d.key) {
                format!("{} (every year; first shown)", d.what)
            } else {
                d.what.clone()
            },
            kind: d.kind.as_str().into(),
            wording: crate::report::lang::due(&d.due, Locale::En),
            due: d.due,
            date: d.date,
            weekday: d.weekday().into(),
            article: d.article.to_string(),
        })
        .collect()
}

/// Small counts in words, as agreements write them ("six months").
fn in_words(n: u32) -> String {
    const WORDS: [&str; 13] = [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve",
    ];
    WORDS
        .get(n as usize)
        .map_or_else(|| n.to_string(), |w| w.to_string())
}

/// A unit rate for people: at least two decimals, more where the rate has them.
fn rate_text(d: Decimal, locale: Locale) -> String {
    let places = d.normalize().scale().max(2);
    match locale {
        Locale::Nl => format!("€ {}", money::dutch_decimal(d, places)),
        Locale::En => format!("€{}", money::english_decimal(d, places)),
    }
}

/// Every agreement as tables, a blank line between agreements.
pub fn write_tables(
    out: &mut dyn Write,
    views: &[AgreementView],
    locale: Locale,
) -> anyhow::Result<()> {
    for (i, v) in views.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        write_table(out, v, locale)?;
    }
    Ok(())
}

fn write_table(out: &mut dyn Write, v: &AgreementView, locale: Locale) -> anyhow::Result<()> {
    writeln!(out, "{} [{}]", v.title, v.id)?;
    if let Some(s) = &v.source {
        writeln!(out, "source: {s}")?;
    }
    section(out, "Parties", &v.parties, locale)?;
    section(out, "Term, renewal and ending", &v.terms, locale)?;
    for r in &v.rates {
        rate_table(out, r, locale)?;
    }
    section(out, "Amounts, fees and VAT", &v.money, locale)?;
    section(out, "Shared amounts", &v.shared, locale)?;
    section(out, "Capacity", &v.capacity, locale)?;
    deadline_table(out, &v.deadlines, locale)?;
    section(out, "Who must agree", &v.consents, locale)?;
    section(out, "Flags", &v.flags, locale)?;
    Ok(())
}

/// A titled table of labelled rows; nothing when there are none.
fn section(out: &mut dyn Write, title: &str, rows: &[Row], locale: Locale) -> anyhow::Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    writeln!(out, "\n{title}")?;
    let mut t = super::table();
    t.set_header(vec!["", "", "article"]);
    for r in rows {
        t.add_row(vec![
            r.label.clone(),
            r.value.render(locale),
            r.article.clone(),
        ]);
    }
    writeln!(out, "{}", super::fitted(t, &[]))?;
    Ok(())
}

fn rate_table(out: &mut dyn Write, r: &RateView, locale: Locale) -> anyhow::Result<()> {
    writeln!(
        out,
        "\nRate `{}`: {} per {} ({})",
        r.id, r.what, r.unit, r.article
    )?;
    if let Some(a) = &r.assumption {
        writeln!(out, "assumption: {a}")?;
    }
    let mut t = super::table();
    t.set_header(vec!["year", "rate", "how"]);
    for y in &r.years {
        let amount = y.amount.map_or("—".to_string(), |d| rate_text(d, locale));
        t.add_row(vec![y.year.to_string(), amount, y.note.clone()]);
    }
    super::align_right(&mut t, &[1]);
    writeln!(out, "{}", super::fitted(t, &[]))?;
    Ok(())
}

fn deadline_table(
    out: &mut dyn Write,
    deadlines: &[DeadlineView],
    locale: Locale,
) -> anyhow::Result<()> {
    if deadlines.is_empty() {
        return Ok(());
    }
    writeln!(out, "\nKey deadlines")?;
    let mut t = super::table();
    t.set_header(vec!["date", "day", "what", "kind", "wording", "article"]);
    for d in deadlines {
        t.add_row(vec![
            d.date.to_string(),
            super::weekday(d.date, locale),
            d.what.clone(),
            d.kind.clone(),
            crate::report::lang::due(&d.due, locale),
            d.article.clone(),
        ]);
    }
    super::keep_whole(&mut t, &[0, 1]);
    // Short of room, the wording (the article has it) and the kind go first.
    writeln!(out, "{}", super::fitted(t, &[4, 3]))?;
    Ok(())
}

/// Each shared amount: what it is, then its amount and parts for every year
/// `from..=to` the facts allow, and the first year they do not, with why.
fn shared_rows(a: &Agreement, f: &Facts, from: i32, to: i32) -> Vec<Row> {
    let parties = crate::core::parties::Parties::new(a, f);
    let mut rows = Vec::new();
    for s in &a.shared_amounts {
        rows.push(row(s.what.clone(), shared_text(a, s), &s.article));
        for year in from.max(s.from_year)..=to {
            match shares::year_shares(a, f, &parties, s, year) {
                Ok(Some(y)) => {
                    rows.push(row(format!("{} {year}", s.id), year_text(&y), &s.article))
                }
                Ok(None) => {}
                Err(e) => {
                    rows.push(row(format!("{} {year}", s.id), e.to_string(), &s.article));
                    break;
                }
            }
        }
    }
    rows
}

/// `€ 9.000,00 a year from 2020, indexed …; key …; billed whole in Q1`.
fn shared_text(a: &Agreement, s: &SharedAmount) -> Text {
    let until = s.until_year.map_or(
        " for every year of the term and its renewals".to_string(),
        |u| format!(" up to {u}"),
    );
    let mut words = format!(" a year from {}{until}", s.from_year);
    if let Some(ix) = &s.indexation {
        words.push_str(&format!(
            "; indexed by `{}` from {} ({})",
            ix.series, ix.first_year, ix.article
        ));
    }
    words.push_str(&format!("; key: {}", shares::key_words(s)));
    if !matches!(s.key, ShareKey::Payer(_)) {
        words.push_str("; a client that joins during a year shares from the next year");
    }
    words.push_str(&match s.billing {
        AmountBilling::Whole { index } => {
            let p = BillingPeriod::new(a.billing.rhythm, 2000, index)
                .map_or(String::new(), |p| p.to_string());
            format!(
                "; billed whole in {}",
                p.trim_start_matches("2000").trim_start_matches('-')
            )
        }
        AmountBilling::ByDays => format!("; spread over the {}s by days", a.billing.rhythm.noun()),
    });
    Text::default().money(s.amount).words(words)
}

/// `€ 9.117,00 (9000.00 × (1 + 1.3%) = 9117) → bergeijk € 3.240,45 · …`.
fn year_text(y: &shares::YearShares) -> Text {
    let mut t = Text::default().money(y.amount.amount);
    if let Some(st) = y.amount.steps.last() {
        t = t.words(format!(
            " ({} × (1 + {}%) = {})",
            st.previous,
            st.percent.normalize(),
            st.unrounded
        ));
    }
    for (i, p) in y.parts.iter().enumerate() {
        let sep = if i == 0 { " → " } else { " · " };
        t = t
            .words(format!("{sep}{} ", p.party))
            .number(p.weight, 0)
            .words(" ")
            .money(p.part);
    }
    t
}
