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
    Agreement, AmountBilling, DeadlineKind, DeadlineWhen, RenewalNotice, SharedAmount, TakeOrPay,
};
use crate::core::calendar;
use crate::core::deadline;
use crate::core::facts::Facts;
use crate::core::money;
use crate::core::period::BillingPeriod;
use crate::core::{rate, shares, term};
use crate::report::lang::tables::{Heading, NoticeRule, Say, SharedBilling, Show};
use crate::report::lang::{self, heading, say};
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
    pub label: Text,
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
    /// The title of its table, in the words of the table's locale.
    #[serde(skip)]
    pub title: Text,
}

#[derive(Debug, Serialize)]
pub struct RateYear {
    pub year: i32,
    /// The rate in force on the first day of the year the agreement runs.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub amount: Option<Decimal>,
    /// How the figure came about (indexation) or why there is none.
    pub note: Text,
}

#[derive(Debug, Serialize)]
pub struct DeadlineView {
    /// What the deadline is about, as the machine formats word it.
    pub what: String,
    /// The same for the table, in the words of its locale.
    #[serde(skip)]
    pub about: Say,
    pub kind: String,
    #[serde(skip)]
    pub deadline_kind: DeadlineKind,
    /// In English, as the JSON of `show` has always written it.
    pub wording: String,
    /// The wording for the table, in the words of its locale.
    #[serde(skip)]
    pub due: deadline::Due,
    pub date: NaiveDate,
    pub weekday: String,
    pub article: String,
}

fn row(label: impl Into<Text>, value: impl Into<Text>, article: impl ToString) -> Row {
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
                .map(|fl| row(label(Heading::Flag), fl.what.clone(), &fl.article))
                .collect(),
        }
    }
}

/// The parties of the agreement, then those that joined it later.
fn party_rows(a: &Agreement, f: &Facts) -> Vec<Row> {
    let original = a.parties.iter().map(|p| {
        row(
            format!("{} [{}]", p.name, p.id),
            show(Show::Party {
                role: p.role,
                label: p.role_label.clone(),
                address: p.address.clone(),
            }),
            &p.article,
        )
    });
    let joined = f.accessions.iter().map(|ac| {
        row(
            format!("{} [{}]", ac.party.name, ac.party.id),
            show(Show::Joined {
                from: ac.from,
                source: ac.source.clone(),
            }),
            &ac.party.article,
        )
    });
    original.chain(joined).collect()
}

/// The term, and how the agreement renews and ends.
fn term_rows(a: &Agreement) -> Vec<Row> {
    let mut terms = vec![row(
        label(Heading::Term),
        show(Show::TermSpan {
            start: a.term.period.start(),
            end: a.term.period.end(),
        }),
        &a.term.article,
    )];
    terms.extend(renewal_rows(a));
    terms.extend(termination_row(a));
    terms.extend(withdrawal_rows(a));
    // In arrears is the default and goes unsaid, as the seeds' rows show.
    let advance = a.billing.timing == crate::core::period::Timing::Advance;
    terms.push(row(
        label(Heading::Billing),
        show(Show::Billing {
            rhythm: a.billing.rhythm,
            advance,
        }),
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
            // The year is left out of the words: the rule holds each year.
            let w =
                wording.at(NaiveDate::from_ymd_opt(2000, month, day).expect("validated month-day"));
            NoticeRule::OnDay(w)
        }
        RenewalNotice::MonthsBeforeEnd { months } => NoticeRule::MonthsBeforeEnd(months),
    };
    let end = a.term.period.end();
    vec![
        row(
            label(Heading::Renewal),
            show(Show::Renewal {
                months: r.months,
                rule,
            }),
            &r.article,
        ),
        row(
            label(Heading::FirstNoticeDeadline),
            show(Show::FirstNotice {
                last: r.notice.last_day(end),
                end,
            }),
            &r.article,
        ),
    ]
}

fn termination_row(a: &Agreement) -> Option<Row> {
    let t = a.termination.as_ref()?;
    let last =
        term::last_early_notice_day(a).map(|d| (d, calendar::add_months(d, t.notice_months)));
    Some(row(
        label(Heading::EarlyTermination),
        show(Show::EarlyTermination {
            months: t.notice_months,
            last,
        }),
        &t.article,
    ))
}

fn withdrawal_rows(a: &Agreement) -> Vec<Row> {
    let Some(w) = &a.withdrawal else {
        return Vec::new();
    };
    let mut rows = vec![row(
        label(Heading::EarlyWithdrawal),
        show(Show::EarlyWithdrawal {
            percent: w.percent,
            until: w.until,
            cap_months: w.cap_months,
            with_fees: w.with_fees,
        }),
        &w.article,
    )];
    // An agreement without a relief clause shows no "no compensation" row.
    rows.extend(
        w.relief_article
            .iter()
            .map(|relief| row(label(Heading::NoCompensation), show(Show::Relief), relief)),
    );
    rows
}

/// A fixed label of the tables.
fn label(h: Heading) -> Text {
    Say::Label(h).into()
}

/// A message of `show`.
fn show(s: Show) -> Text {
    Say::Show(s).into()
}

/// Each rate for each year from `first_year` to `to`.
fn rate_views(a: &Agreement, first_year: i32, to: i32) -> Vec<RateView> {
    a.rates
        .iter()
        .map(|r| RateView {
            title: show(Show::RateTitle {
                id: r.id.clone(),
                what: r.what.clone(),
                unit: r.unit,
                article: r.article.to_string(),
            }),
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
                .map(|s| lang::index_step(s.previous, s.percent, s.unrounded, s.rounded))
                .unwrap_or_else(|| show(Show::DatedValueFrom(rif.base_from))),
        },
        Err(e) => RateYear {
            year,
            amount: None,
            note: show(Show::RateProblem(e)),
        },
    }
}

/// Fees, allocations, other amounts, VAT and the take-or-pay clause.
fn money_rows(a: &Agreement) -> Vec<Row> {
    let mut rows = Vec::new();
    for fee in &a.fees {
        rows.push(row(
            show(Show::FeeLabel(fee.what.clone())),
            show(Show::Fee {
                percent: fee.percent,
                base: fee.base.clone(),
            }),
            &fee.article,
        ));
        rows.extend(assumption_row(fee.assumption.as_deref(), &fee.article));
    }
    for al in &a.allocations {
        let payer = a
            .party(&al.payer)
            .map_or(al.payer.as_str(), |p| p.name.as_str());
        let value = Text::default()
            .money(al.amount)
            .say(Say::Show(Show::AllocationPaidBy(payer.to_string())));
        rows.push(row(
            show(Show::AllocationLabel {
                year: al.year,
                what: al.what.clone(),
            }),
            value,
            &al.article,
        ));
    }
    rows.extend(other_amount_rows(a));
    rows.push(row(label(Heading::Vat), show(Show::Vat(a.vat.clone())), ""));
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
            show(Show::UnagreedLabel(u.from_year)),
            show(Show::Unagreed(u.note.clone())),
            &u.article,
        ));
    }
    if let Some(t) = &a.travel {
        let (what, rate) = (t.what.clone(), t.rate.clone());
        rows.push(row(
            label(Heading::Travel),
            show(Show::Travel { what, rate }),
            &t.article,
        ));
    }
    if let Some(o) = &a.ort {
        let (what, percent) = (o.what.clone(), o.percent);
        rows.push(row(
            label(Heading::Ort),
            show(Show::Ort { what, percent }),
            &o.article,
        ));
    }
    for i in &a.income {
        rows.push(row(
            show(Show::IncomeLabel(i.what.clone())),
            Text::default()
                .money(i.amount)
                .say(Say::Show(Show::PerHouseVisit)),
            &i.article,
        ));
        if let Some(n) = i.expected_per_year {
            let article = i.expected_article.as_ref().unwrap_or(&i.article);
            rows.push(row(
                Text::default(),
                show(Show::ExpectedPerYear(n)),
                article,
            ));
            rows.extend(assumption_row(i.expected_assumption.as_deref(), article));
        }
    }
    if let Some(b) = &a.budget_advice {
        rows.push(row(
            label(Heading::AdvisedBudget),
            Text::default()
                .money(b.amount)
                .say(Say::Show(Show::PerClientPerYear)),
            &b.article,
        ));
    }
    rows
}

/// The row `aanname: …` under a figure whose reading the TOML states.
fn assumption_row(
    assumption: Option<&str>,
    article: &crate::core::agreement::Article,
) -> Option<Row> {
    assumption.map(|a| {
        row(
            label(Heading::Assumption),
            Text::default().words(a),
            article,
        )
    })
}

fn take_or_pay_rows(t: &TakeOrPay) -> Vec<Row> {
    let mut rows = vec![
        row(
            label(Heading::TakeOrPay),
            show(Show::UnderUse(t.under_use)),
            &t.article,
        ),
        row(
            label(Heading::YearEndSettlement),
            show(Show::SettledYearly),
            &t.settlement_article,
        ),
        row(
            label(Heading::OverUse),
            show(Show::OverUse(t.over_use)),
            &t.overuse_article,
        ),
        row(
            label(Heading::ProviderShortfall),
            show(Show::Shortfall(t.under_use)),
            &t.shortfall_article,
        ),
    ];
    for e in &t.exceptions {
        rows.push(row(
            label(Heading::TakeOrPayException),
            e.what.clone(),
            &e.article,
        ));
    }
    rows
}

fn capacity_rows(a: &Agreement, f: &Facts, from: i32, to: i32) -> Vec<Row> {
    let Some(h) = &a.hours else { return Vec::new() };
    let default = show(Show::DefaultHours {
        per_week: h.hours_per_week,
        weeks: h.weeks_per_year,
        yearly: h.default_yearly(),
    });
    let mut rows = vec![
        row(
            label(Heading::DefaultPerClient),
            default,
            &h.default_article,
        ),
        row(
            label(Heading::Billed),
            show(Show::BilledHours {
                rate: h.rate.clone(),
            }),
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
        rows.push(row(
            show(Show::DeclaredLabel {
                party: d.party.clone(),
                year: d.year,
            }),
            show(Show::Declared {
                declared: d.declared.clone(),
                given: d.given,
                source: d.source.clone(),
                consent: d.consent.clone(),
            }),
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
    let mut first = deadline::key_deadlines(a, f);
    crate::report::deadlines::sort(&mut first);
    first
        .into_iter()
        .map(|d| {
            let about = if yearly(&d.key) {
                Say::EveryYearFirstShown(d.what.clone())
            } else {
                Say::What(d.what.clone())
            };
            DeadlineView {
                what: lang::machine_say(&about),
                about,
                kind: d.kind.as_str().into(),
                deadline_kind: d.kind,
                wording: crate::report::lang::due(&d.due, Locale::En),
                due: d.due,
                date: d.date,
                weekday: super::weekday(d.date, Locale::Nl),
                article: d.article.to_string(),
            }
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
        writeln!(out, "{}: {s}", heading(Heading::Source, locale))?;
    }
    section(out, Heading::Parties, &v.parties, locale)?;
    section(out, Heading::TermRenewalEnding, &v.terms, locale)?;
    for r in &v.rates {
        rate_table(out, r, locale)?;
    }
    section(out, Heading::AmountsFeesVat, &v.money, locale)?;
    section(out, Heading::SharedAmounts, &v.shared, locale)?;
    section(out, Heading::Capacity, &v.capacity, locale)?;
    deadline_table(out, &v.deadlines, locale)?;
    section(out, Heading::WhoMustAgree, &v.consents, locale)?;
    section(out, Heading::Flags, &v.flags, locale)?;
    Ok(())
}

/// A titled table of labelled rows; nothing when there are none.
fn section(
    out: &mut dyn Write,
    title: Heading,
    rows: &[Row],
    locale: Locale,
) -> anyhow::Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    writeln!(out, "\n{}", heading(title, locale))?;
    let mut t = super::table();
    t.set_header(vec!["", "", heading(Heading::Article, locale)]);
    for r in rows {
        t.add_row(vec![
            r.label.render(locale),
            r.value.render(locale),
            r.article.clone(),
        ]);
    }
    writeln!(out, "{}", super::fitted(t, &[], locale))?;
    Ok(())
}

fn rate_table(out: &mut dyn Write, r: &RateView, locale: Locale) -> anyhow::Result<()> {
    writeln!(out, "\n{}", r.title.render(locale))?;
    if let Some(a) = &r.assumption {
        writeln!(out, "{}: {a}", heading(Heading::Assumption, locale))?;
    }
    let mut t = super::table();
    t.set_header([Heading::Year, Heading::Rate, Heading::How].map(|h| heading(h, locale)));
    for y in &r.years {
        let amount = y.amount.map_or("—".to_string(), |d| rate_text(d, locale));
        t.add_row(vec![y.year.to_string(), amount, y.note.render(locale)]);
    }
    super::align_right(&mut t, &[1]);
    writeln!(out, "{}", super::fitted(t, &[], locale))?;
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
    writeln!(out, "\n{}", heading(Heading::KeyDeadlines, locale))?;
    let mut t = super::table();
    use Heading as H;
    let columns = [H::Date, H::Day, H::What, H::Kind, H::Wording, H::Article];
    t.set_header(columns.map(|h| heading(h, locale)));
    for d in deadlines {
        t.add_row(vec![
            d.date.to_string(),
            super::weekday(d.date, locale),
            say(&d.about, locale),
            say(&Say::Kind(d.deadline_kind), locale),
            lang::due(&d.due, locale),
            d.article.clone(),
        ]);
    }
    super::keep_whole(&mut t, &[0, 1]);
    // Short of room, the wording (the article has it) and the kind go first.
    writeln!(out, "{}", super::fitted(t, &[4, 3], locale))?;
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
                    let label = format!("{} {year}", s.id);
                    rows.push(row(label, show(Show::ShareProblem(e)), &s.article));
                    break;
                }
            }
        }
    }
    rows
}

/// `€ 9.000,00 a year from 2020, indexed …; key …; billed whole in Q1`.
fn shared_text(a: &Agreement, s: &SharedAmount) -> Text {
    let billing = match s.billing {
        AmountBilling::Whole { index } => {
            let p = BillingPeriod::new(a.billing.rhythm, 2000, index)
                .map_or(String::new(), |p| p.to_string());
            SharedBilling::Whole(p.trim_start_matches("2000").trim_start_matches('-').into())
        }
        AmountBilling::ByDays => SharedBilling::ByDays(a.billing.rhythm),
    };
    Text::default().money(s.amount).say(Say::Show(Show::Shared {
        from_year: s.from_year,
        until_year: s.until_year,
        indexation: s
            .indexation
            .as_ref()
            .map(|ix| (ix.series.clone(), ix.first_year, ix.article.clone())),
        key: s.key.clone(),
        billing,
    }))
}

/// `€ 9.117,00 (9000.00 × (1 + 1.3%) = 9117) → bergeijk € 3.240,45 · …`.
fn year_text(y: &shares::YearShares) -> Text {
    let mut t = Text::default().money(y.amount.amount);
    if let Some(st) = y.amount.steps.last() {
        let step = lang::index_step(
            st.previous.amount(),
            st.percent,
            st.unrounded,
            st.rounded.amount(),
        );
        t = t.words(" (").then(step).words(")");
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
