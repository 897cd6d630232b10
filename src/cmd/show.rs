//! `ledger show [ID]`: an agreement in readable form — parties, term and
//! renewal, the rate for each year, fees, capacities, allocations, the key
//! deadlines and flags, each with its article.

use std::io::Write;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::cli::{DataArgs, Format, Locale, ShowArgs};
use crate::core::agreement::{Agreement, DeadlineWhen, RenewalNotice};
use crate::core::calendar::{self, MAX_PARSED_YEAR, MIN_PARSED_YEAR};
use crate::core::facts::{Declared, Facts};
use crate::core::money::{self, Money};
use crate::core::{deadline, rate, term};
use crate::load::Entry;
use crate::report;

#[derive(Debug, Serialize)]
pub struct AgreementView {
    pub id: String,
    pub title: String,
    pub source: Option<String>,
    pub parties: Vec<Row>,
    pub terms: Vec<Row>,
    pub rates: Vec<RateView>,
    pub money: Vec<Row>,
    pub capacity: Vec<Row>,
    pub deadlines: Vec<DeadlineView>,
    pub consents: Vec<Row>,
    pub flags: Vec<Row>,
}

/// A labelled line with its article.
#[derive(Debug, Serialize)]
pub struct Row {
    pub label: String,
    pub value: String,
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
    pub wording: String,
    pub date: NaiveDate,
    pub weekday: String,
    pub article: String,
}

fn row(label: impl Into<String>, value: impl Into<String>, article: impl ToString) -> Row {
    Row {
        label: label.into(),
        value: value.into(),
        article: article.to_string(),
    }
}

pub fn run(data: &DataArgs, args: &ShowArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let dataset = super::load_dataset(data)?;
    let years = args.years.as_deref().map(parse_years).transpose()?;
    let entries = super::select(&dataset, args.id.as_deref())?;
    let locale = args.locale;
    let views: Vec<AgreementView> = entries
        .iter()
        .map(|e| {
            // By default the rate table covers the agreement's first ten
            // calendar years, whatever they are.
            let start = e.agreement.term.period.start().year();
            let (from, to) = years.unwrap_or((start, start + 9));
            build(e, from, to, locale)
        })
        .collect();
    match args.format {
        Format::Json => report::write_json(out, &views),
        Format::Csv => anyhow::bail!("`ledger show` renders as table or json"),
        Format::Table => {
            for (i, v) in views.iter().enumerate() {
                if i > 0 {
                    writeln!(out)?;
                }
                render(v, out, locale)?;
            }
            Ok(())
        }
    }
}

fn parse_years(text: &str) -> anyhow::Result<(i32, i32)> {
    let parsed = text
        .split_once("..")
        .and_then(|(a, b)| Some((a.parse::<i32>().ok()?, b.parse::<i32>().ok()?)));
    match parsed {
        Some((a, b)) if a <= b && (MIN_PARSED_YEAR..=MAX_PARSED_YEAR).contains(&a) && (MIN_PARSED_YEAR..=MAX_PARSED_YEAR).contains(&b) => {
            Ok((a, b))
        }
        _ => anyhow::bail!(
            "--years expects FROM..TO with FROM ≤ TO, both from {MIN_PARSED_YEAR} to {MAX_PARSED_YEAR}, got `{text}`"
        ),
    }
}

/// Builds the view of one agreement (the facts add declared capacities).
pub fn build(entry: &Entry, from: i32, to: i32, locale: Locale) -> AgreementView {
    let a = &entry.agreement;
    let f = &entry.facts;
    let m = |x: Money| report::money(x, locale);
    let parties = a
        .parties
        .iter()
        .map(|p| {
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
        })
        .chain(f.accessions.iter().map(|ac| {
            row(
                format!("{} [{}]", ac.party.name, ac.party.id),
                format!("client, joined {} ({})", ac.from, ac.source),
                &ac.party.article,
            )
        }))
        .collect();

    let mut terms = vec![row(
        "term",
        format!(
            "{} up to and including {}",
            a.term.period.start(),
            a.term.period.end()
        ),
        &a.term.article,
    )];
    if let Some(r) = &a.renewal {
        let rule = match r.notice {
            RenewalNotice::MonthDay {
                month,
                day,
                wording,
            } => {
                let w = wording
                    .at(NaiveDate::from_ymd_opt(2000, month, day).expect("validated month-day"));
                format!("{} of the year the term ends", strip_year(&w.english()))
            }
            RenewalNotice::MonthsBeforeEnd { months } => {
                format!("{months} months before the term ends")
            }
        };
        terms.push(row(
            "renewal",
            format!(
                "renewed by {} months each time unless written notice is given {rule}",
                r.months
            ),
            &r.article,
        ));
        let end = a.term.period.end();
        terms.push(row(
            "first notice deadline",
            format!(
                "{} ends the agreement on {end}; later notice ends it a term later",
                r.notice.last_day(end)
            ),
            &r.article,
        ));
    }
    if let Some(t) = &a.termination {
        let last = term::last_early_notice_day(a)
            .map(|d| format!("; the last notice that ends it before the term is given on {d}, ending it on {}", calendar::add_months(d, t.notice_months)))
            .unwrap_or_default();
        terms.push(row(
            "early termination",
            format!("{} months' notice{last}", in_words(t.notice_months)),
            &t.article,
        ));
    }
    if let Some(w) = &a.withdrawal {
        let until = match w.until {
            crate::core::agreement::CompensationUntil::EndOfCurrentTerm => {
                "the end of the current term"
            }
            crate::core::agreement::CompensationUntil::EndOfOriginalTerm => {
                "the end of the original term"
            }
        };
        let fees = if w.with_fees {
            "with fees"
        } else {
            "without fees"
        };
        terms.push(row(
            "early withdrawal",
            format!(
                "compensation: contracted hours lost until {until}, at most {} months, {fees}",
                w.cap_months
            ),
            &w.article,
        ));
        // An agreement without a relief clause shows no "no compensation" row.
        if let Some(relief) = &w.relief_article {
            terms.push(row(
                "no compensation",
                "as far as the hours are redeployed or the external contract can be ended first",
                relief,
            ));
        }
    }
    terms.push(row("billing", "per quarter", &a.billing.article));

    let first_year = from.max(a.term.period.start().year());
    let rates = a
        .rates
        .iter()
        .map(|r| RateView {
            id: r.id.clone(),
            what: r.what.clone(),
            unit: r.unit.as_str().into(),
            article: r.article.to_string(),
            assumption: r.assumption.clone(),
            years: (first_year..=to)
                .map(|year| {
                    let day = NaiveDate::from_ymd_opt(year, 1, 1)
                        .expect("valid year")
                        .max(a.term.period.start());
                    match rate::rate_on(a, &r.id, day) {
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
                })
                .collect(),
        })
        .collect();

    let mut money_rows = Vec::new();
    for fee in &a.fees {
        let base: Vec<&str> = fee.base.iter().map(|b| serde_plain(b)).collect();
        money_rows.push(row(
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
        money_rows.push(row(
            format!("allocation {}: {}", al.year, al.what),
            format!(
                "{} paid by {payer}, spread over the quarters by days of the term",
                m(al.amount)
            ),
            &al.article,
        ));
    }
    if let Some(u) = &a.unagreed {
        money_rows.push(row(
            format!("from {}", u.from_year),
            format!("no amount agreed: {}", u.note),
            &u.article,
        ));
    }
    if let Some(t) = &a.travel {
        money_rows.push(row(
            "travel",
            format!("{}: km from the activity log × rate `{}`", t.what, t.rate),
            &t.article,
        ));
    }
    if let Some(o) = &a.ort {
        money_rows.push(row(
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
        money_rows.push(row(
            format!("income: {}", i.what),
            format!("{} per house visit, to the client", m(i.amount)),
            &i.article,
        ));
    }
    if let Some(b) = &a.budget_advice {
        money_rows.push(row(
            "advised budget",
            format!("{} per client per year", m(b.amount)),
            &b.article,
        ));
    }
    let vat = match &a.vat {
        crate::core::agreement::Vat::Standard { percent, note } => {
            format!(
                "standard {}%{}",
                percent.normalize(),
                note.as_ref().map(|n| format!(" ({n})")).unwrap_or_default()
            )
        }
        crate::core::agreement::Vat::Exempt { reason } => format!("exempt: {reason}"),
        crate::core::agreement::Vat::NotSubject { reason } => format!("not subject: {reason}"),
    };
    money_rows.push(row("VAT", vat, ""));
    if let Some(t) = &a.take_or_pay {
        money_rows.push(row("take-or-pay", "hours contracted but not taken stay due for the year, unless the provider redeploys them", &t.article));
        money_rows.push(row("year-end settlement", "differences between contracted and used hours are settled at the end of the calendar year", &t.settlement_article));
        money_rows.push(row(
            "over-use",
            "extra hours are charged at the rate with the fee",
            &t.overuse_article,
        ));
        money_rows.push(row(
            "provider shortfall",
            "hours the provider failed to deliver are never charged",
            &t.shortfall_article,
        ));
        for e in &t.exceptions {
            money_rows.push(row("take-or-pay exception", e.what.clone(), &e.article));
        }
    }

    let capacity = capacity_rows(a, f, locale, first_year, to);
    let deadlines = key_deadlines(a, f);
    let flags = a
        .flags
        .iter()
        .map(|fl| row("flag", fl.what.clone(), &fl.article))
        .collect();
    let consents = a
        .consents
        .iter()
        .map(|x| row(x.what.clone(), x.who.clone(), &x.article))
        .collect();
    AgreementView {
        id: a.id.clone(),
        title: a.title.clone(),
        source: a.source.clone(),
        parties,
        terms,
        rates,
        money: money_rows,
        capacity,
        deadlines,
        consents,
        flags,
    }
}

fn serde_plain(kind: &crate::core::agreement::LineKind) -> &'static str {
    use crate::core::agreement::LineKind::*;
    match kind {
        Service => "service",
        Ort => "ORT",
        Travel => "travel",
        Allocation => "allocation",
        Compensation => "compensation",
        Settlement => "settlement",
        Fee => "fee",
    }
}

/// "before 1 September 2000" → "before 1 September".
fn strip_year(text: &str) -> String {
    text.trim_end_matches(" 2000").to_string()
}

fn capacity_rows(a: &Agreement, f: &Facts, locale: Locale, from: i32, to: i32) -> Vec<Row> {
    let Some(h) = &a.hours else { return Vec::new() };
    let yearly = h.default_yearly();
    // Whole hours print without decimals ("126 h"), others with what they need ("10,5 h").
    let hrs = |d: Decimal| {
        let d = d.normalize();
        format!("{} h", report::number(d, d.scale(), locale))
    };
    let mut rows = vec![
        row(
            "default per client",
            format!(
                "{} h a week × {} weeks = {} a year = {} a month = {} a quarter",
                h.hours_per_week.normalize(),
                h.weeks_per_year,
                hrs(yearly),
                hrs(yearly / Decimal::from(12)),
                hrs(yearly / Decimal::from(4))
            ),
            &h.default_article,
        ),
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
            Declared::Hours(x) => hrs(*x),
            Declared::Budget(b) => format!("budget {}", report::money(*b, locale)),
        };
        rows.push(row(
            format!("declared {} for {}", d.party, d.year),
            format!("{what}, given {} ({})", d.given, d.source),
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
            wording: d.due.english(),
            date: d.date,
            weekday: d.weekday().into(),
            article: d.article.to_string(),
        })
        .collect()
}

/// A unit rate for people: at least two decimals, more where the rate has them.
fn rate_text(d: Decimal, locale: Locale) -> String {
    let places = d.normalize().scale().max(2);
    match locale {
        Locale::Nl => format!("€ {}", money::dutch_decimal(d, places)),
        Locale::En => format!("€{}", money::english_decimal(d, places)),
    }
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

fn render(v: &AgreementView, out: &mut dyn Write, locale: Locale) -> anyhow::Result<()> {
    writeln!(out, "{} [{}]", v.title, v.id)?;
    if let Some(s) = &v.source {
        writeln!(out, "source: {s}")?;
    }
    let section = |out: &mut dyn Write, title: &str, rows: &[Row]| -> anyhow::Result<()> {
        if rows.is_empty() {
            return Ok(());
        }
        writeln!(out, "\n{title}")?;
        let mut t = report::table();
        t.set_header(vec!["", "", "article"]);
        for r in rows {
            t.add_row(vec![r.label.as_str(), r.value.as_str(), r.article.as_str()]);
        }
        writeln!(out, "{t}")?;
        Ok(())
    };
    section(out, "Parties", &v.parties)?;
    section(out, "Term, renewal and ending", &v.terms)?;
    for r in &v.rates {
        writeln!(
            out,
            "\nRate `{}`: {} per {} ({})",
            r.id, r.what, r.unit, r.article
        )?;
        if let Some(a) = &r.assumption {
            writeln!(out, "assumption: {a}")?;
        }
        let mut t = report::table();
        t.set_header(vec!["year", "rate", "how"]);
        for y in &r.years {
            let amount = y.amount.map_or("—".to_string(), |d| rate_text(d, locale));
            t.add_row(vec![y.year.to_string(), amount, y.note.clone()]);
        }
        report::align_right(&mut t, &[1]);
        writeln!(out, "{t}")?;
    }
    section(out, "Amounts, fees and VAT", &v.money)?;
    section(out, "Capacity", &v.capacity)?;
    if !v.deadlines.is_empty() {
        writeln!(out, "\nKey deadlines")?;
        let mut t = report::table();
        t.set_header(vec!["date", "day", "what", "kind", "wording", "article"]);
        for d in &v.deadlines {
            t.add_row(vec![
                d.date.to_string(),
                d.weekday.clone(),
                d.what.clone(),
                d.kind.clone(),
                d.wording.clone(),
                d.article.clone(),
            ]);
        }
        writeln!(out, "{t}")?;
    }
    section(out, "Who must agree", &v.consents)?;
    section(out, "Flags", &v.flags)?;
    Ok(())
}
