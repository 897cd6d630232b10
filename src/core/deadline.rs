//! Deadlines: every dated obligation, option and aim of an agreement in a
//! window of dates — the deadlines written in the text, the ends of the
//! renewal chain, the last days for notice, and quarterly invoicing.
//!
//! A deadline is never moved (DOMAIN rule 9: the Algemene termijnenwet does
//! not apply to contractual deadlines). One that falls on a weekend or a Dutch
//! public holiday is flagged and carries the next working day beside it, so
//! that a reader can see how little time is really left.

use chrono::{Datelike, NaiveDate};

use crate::core::agreement::{
    clamp_month_day, Agreement, Article, DeadlineKind, DeadlineSpec, DeadlineWhen, Renewal, Role,
};
use crate::core::calendar::{self, Period, Wording};
use crate::core::facts::Facts;
use crate::core::parties::Parties;
use crate::core::period::BillingPeriod;
use crate::core::term;

/// When an act is due, as the agreement words it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Due {
    /// A worded deadline; the date is its last day on time.
    By(Wording),
    /// An act the agreement ties to the end of a period without setting a
    /// last day (invoicing "per kwartaal"). The date is the first day after
    /// `0`, the first day on which the act can be done; nothing in the text
    /// makes a later day late, so the ledger does not invent a due date.
    After(NaiveDate),
}

impl Due {
    /// The date the deadline is listed under.
    pub fn date(&self) -> NaiveDate {
        match self {
            Due::By(w) => w.last_day(),
            Due::After(d) => term::next_day(*d),
        }
    }

    /// The wording in Dutch: "vóór 1 september 2018", "na 31 maart 2018".
    pub fn dutch(&self) -> String {
        match self {
            Due::By(w) => w.dutch(),
            Due::After(d) => format!("na {}", calendar::dutch_date(*d)),
        }
    }

    /// The wording in English: "before 1 September 2018", "after 31 March 2018".
    pub fn english(&self) -> String {
        match self {
            Due::By(w) => w.english(),
            Due::After(d) => format!("after {}", calendar::english_date(*d)),
        }
    }
}

/// One dated obligation, option or aim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    /// The id of the agreement it belongs to.
    pub agreement: String,
    /// A key that names this deadline the same way on every run, whatever the
    /// window: `brp-pool/renewal-notice/2025-10-01`. Calendar UIDs use it.
    pub key: String,
    pub what: String,
    pub kind: DeadlineKind,
    pub due: Due,
    /// The last day on time (or, for [`Due::After`], the first possible day).
    pub date: NaiveDate,
    /// Why `date` is not a working day ("zondag", "Koningsdag"), if it is not.
    pub non_working: Option<String>,
    /// The next working day after a flagged date; the deadline stays `date`.
    pub next_working_day: Option<NaiveDate>,
    pub article: Article,
    /// What a reader must know beyond the wording, such as a date the text
    /// does not set.
    pub note: Option<String>,
}

impl Deadline {
    fn new(
        agreement: &Agreement,
        key: String,
        what: String,
        kind: DeadlineKind,
        due: Due,
        article: &Article,
    ) -> Deadline {
        let date = due.date();
        let non_working = calendar::non_working_reason(date);
        let next_working_day = non_working
            .is_some()
            .then(|| calendar::next_working_day(date));
        Deadline {
            agreement: agreement.id.clone(),
            key: format!("{}/{key}", agreement.id),
            what,
            kind,
            due,
            date,
            non_working,
            next_working_day,
            article: article.clone(),
            note: None,
        }
    }

    fn with_note(mut self, note: impl Into<String>) -> Deadline {
        self.note = Some(note.into());
        self
    }

    /// The Dutch weekday of the date: "maandag" to "zondag".
    pub fn weekday(&self) -> &'static str {
        calendar::dutch_weekday(self.date)
    }
}

/// Every deadline of `agreement` dated `from..=to`, sorted by date, then
/// agreement, then what.
///
/// Recurring deadlines (yearly ones, the renewal chain, quarters) are
/// generated while the agreement runs: up to the end fixed by a provider's
/// notice in `facts` (see [`term::agreement_end`]), or without end while it
/// keeps renewing, and never past `to`.
pub fn deadlines(a: &Agreement, f: &Facts, from: NaiveDate, to: NaiveDate) -> Vec<Deadline> {
    let end = term::agreement_end(a, f);
    let runs = |d: NaiveDate| d >= a.term.period.start() && end.is_none_or(|e| d <= e);
    let mut all = Vec::new();
    for spec in &a.deadlines {
        written(a, spec, to, &runs, &mut all);
    }
    chain(a, f, end, to, &mut all);
    invoicing(a, f, end, to, &mut all);
    all.retain(|d| from <= d.date && d.date <= to);
    sort(&mut all);
    all
}

/// Sorts deadlines by date, then agreement, then what (the order of every
/// report and of the calendar feed).
pub fn sort(deadlines: &mut [Deadline]) {
    deadlines.sort_by(|x, y| {
        (x.date, &x.agreement, &x.what, &x.key).cmp(&(y.date, &y.agreement, &y.what, &y.key))
    });
}

/// The deadlines an agreement writes out (`[[deadlines]]` in its TOML).
fn written(
    a: &Agreement,
    spec: &DeadlineSpec,
    to: NaiveDate,
    runs: &dyn Fn(NaiveDate) -> bool,
    out: &mut Vec<Deadline>,
) {
    let make = |w: Wording| {
        let date = w.last_day();
        Deadline::new(
            a,
            format!("{}/{date}", spec.id),
            spec.what.clone(),
            spec.kind,
            Due::By(w),
            &spec.article,
        )
    };
    match spec.when {
        // A one-off deadline is set by the text itself, so it is listed even
        // when a notice ends the agreement before it.
        DeadlineWhen::Once(w) => out.push(make(w)),
        DeadlineWhen::WithinMonthsAfterStart { months } => {
            out.push(make(Wording::WithinMonthsAfter {
                months,
                anchor: a.term.period.start(),
            }))
        }
        DeadlineWhen::Yearly {
            month,
            day,
            wording,
            first_year,
        } => {
            for year in first_year.. {
                let d = make(wording.at(clamp_month_day(year, month, day)));
                if d.date > to || (d.date >= a.term.period.start() && !runs(d.date)) {
                    break;
                }
                if runs(d.date) {
                    out.push(d);
                }
            }
        }
    }
}

/// The ends of the initial and renewed terms, the last day for notice
/// against each renewal, and the last day for early notice under a
/// termination clause.
fn chain(a: &Agreement, f: &Facts, end: Option<NaiveDate>, to: NaiveDate, out: &mut Vec<Deadline>) {
    for n in 0.. {
        let Some(period) = term::nth_term(a, n) else {
            break;
        };
        let notice_day = a.renewal.as_ref().map(|r| r.notice.last_day(period.end()));
        if period.start() > to && notice_day.is_none_or(|d| d > to) {
            break;
        }
        if end.is_some_and(|e| period.start() > e) {
            break;
        }
        match end {
            // The agreement ends within this term or at its end by a notice
            // recorded in the facts (or, without renewal, by its own term).
            Some(e) if e <= period.end() => {
                end_of_agreement(a, f, n, period, e, out);
                break;
            }
            _ => {
                let (Some(r), Some(next)) = (&a.renewal, term::nth_term(a, n + 1)) else {
                    break;
                };
                end_of_term(a, r, n, period, next.end(), out);
            }
        }
    }
}

/// The article that sets term `n`: the term's own for the initial term, the
/// renewal clause's for the renewals.
fn term_article(a: &Agreement, n: u32) -> &Article {
    match (&a.renewal, n) {
        (Some(r), n) if n > 0 => &r.article,
        _ => &a.term.article,
    }
}

/// The end of the agreement on `end`, within or at the end of term `n`
/// (`period`), by a provider's notice or by the term itself; where the term
/// simply runs out, the last day for early notice beside it.
fn end_of_agreement(
    a: &Agreement,
    f: &Facts,
    n: u32,
    period: Period,
    end: NaiveDate,
    out: &mut Vec<Deadline>,
) {
    let by_notice = provider_notice_ending(a, f, end);
    let (what, article) = match by_notice {
        Some(given) => (
            format!("End of the agreement by the notice given on {given}"),
            a.termination
                .as_ref()
                .map_or(term_article(a, n), |t| &t.article),
        ),
        None => (
            format!("End of the agreement (term {period})"),
            term_article(a, n),
        ),
    };
    out.push(Deadline::new(
        a,
        format!("end/{end}"),
        what,
        DeadlineKind::Obligation,
        Due::By(Wording::UpToAndIncluding(end)),
        article,
    ));
    if end == period.end() && by_notice.is_none() {
        early_notice(a, out);
    }
}

/// The end of renewing term `n` (`period`) and the last day for notice
/// against its renewal to `next_end`.
fn end_of_term(
    a: &Agreement,
    r: &Renewal,
    n: u32,
    period: Period,
    next_end: NaiveDate,
    out: &mut Vec<Deadline>,
) {
    let last = r.notice.last_day(period.end());
    let label = if n == 0 {
        "End of the initial term".to_string()
    } else {
        format!("End of renewal term {n}")
    };
    out.push(Deadline::new(
        a,
        format!("term-end/{}", period.end()),
        format!("{label} ({period}); renewed to {next_end} unless notice was given by {last}"),
        DeadlineKind::Obligation,
        Due::By(Wording::UpToAndIncluding(period.end())),
        term_article(a, n),
    ));
    out.push(Deadline::new(
        a,
        format!("renewal-notice/{}", period.end()),
        format!(
            "Last day for notice against renewal: notice ends the agreement on {} instead of renewing it to {next_end}",
            period.end()
        ),
        DeadlineKind::Option,
        Due::By(r.notice.wording(period.end())),
        &r.article,
    ));
}

/// The provider's notice in the facts that ends the agreement on `end`.
fn provider_notice_ending(a: &Agreement, f: &Facts, end: NaiveDate) -> Option<NaiveDate> {
    f.notices
        .iter()
        .filter(|n| a.party(&n.party).is_some_and(|p| p.role == Role::Provider))
        .filter(|n| term::notice_effect(a, n.given).is_ok_and(|e| e.end() == end))
        .map(|n| n.given)
        .min()
}

/// The last day on which notice under a termination clause ends the
/// agreement before its own term does.
fn early_notice(a: &Agreement, out: &mut Vec<Deadline>) {
    let (Some(t), Some(last)) = (&a.termination, term::last_early_notice_day(a)) else {
        return;
    };
    let ends = calendar::add_months(last, t.notice_months);
    let term_end = a.term.period.end();
    out.push(
        Deadline::new(
            a,
            format!("early-notice/{last}"),
            format!(
                "Last day for notice that ends the agreement early: it ends on {ends} instead of {term_end}"
            ),
            DeadlineKind::Option,
            Due::By(Wording::NoLaterThan(last)),
            &t.article,
        )
        .with_note(format!(
            "derived from the notice period of {} months: notice given later ends the agreement no earlier than the term does",
            t.notice_months
        )),
    );
}

/// One invoicing deadline per billing period in which some client takes
/// part, dated the first day after the period (or after the agreement's last
/// day, where that comes first).
fn invoicing(
    a: &Agreement,
    f: &Facts,
    end: Option<NaiveDate>,
    to: NaiveDate,
    out: &mut Vec<Deadline>,
) {
    let start = a.term.period.start();
    // Accessions included: a client that joined is invoiced like the others.
    let parties = Parties::new(a, f);
    let mut quarter = BillingPeriod::of(a.billing.rhythm, start);
    loop {
        let q = quarter.period();
        if q.start() > to || end.is_some_and(|e| q.start() > e) {
            break;
        }
        let life_end = end.map_or(q.end(), |e| e.min(q.end()));
        let Ok(billed) = Period::new(q.start().max(start), life_end) else {
            break;
        };
        let clients: Vec<&str> = parties
            .clients()
            .filter(|m| m.participation.clip(billed).is_some())
            .map(|m| m.party.name.as_str())
            .collect();
        if !clients.is_empty() {
            out.push(
                Deadline::new(
                    a,
                    format!("invoice/{quarter}"),
                    format!("Invoice for {quarter} to {}", join_names(&clients)),
                    DeadlineKind::Obligation,
                    Due::After(billed.end()),
                    &a.billing.article,
                )
                .with_note(
                    "the agreement sets no due date for the quarterly invoice; the date is the first day it can be drawn up",
                ),
            );
        }
        let Some(next) = quarter.next() else {
            break;
        };
        quarter = next;
    }
}

/// "A", "A and B", "A, B and C".
fn join_names(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// The first occurrence of each kind of deadline over the agreement's life:
/// the written ones, the first term end and notice day, the early-notice
/// day. `ledger show` lists these as the key deadlines.
pub fn key_deadlines(a: &Agreement, f: &Facts) -> Vec<Deadline> {
    let start = a.term.period.start();
    // The first renewal's notice day lies within the second term at the
    // latest, and a yearly deadline first falls within a year of its first
    // year; the horizon covers both.
    let first_yearly = a
        .deadlines
        .iter()
        .filter_map(|d| match d.when {
            DeadlineWhen::Yearly { first_year, .. } => Some(first_year),
            _ => None,
        })
        .max()
        .unwrap_or(start.year());
    let horizon = term::nth_term(a, 1)
        .map_or(a.term.period.end(), |p| p.end())
        .max(calendar::last_day_of_month(first_yearly + 1, 12));
    let mut seen = std::collections::BTreeSet::new();
    let mut first: Vec<Deadline> = deadlines(a, f, NaiveDate::MIN, horizon)
        .into_iter()
        .filter(|d| !d.key.contains("/invoice/"))
        .filter(|d| {
            // The key is `<agreement>/<source>/<date>`; keep the first per source.
            let source = d
                .key
                .rsplit_once('/')
                .map_or(d.key.clone(), |(s, _)| s.to_string());
            seen.insert(source)
        })
        .collect();
    sort(&mut first);
    first
}
