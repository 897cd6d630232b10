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
use crate::core::calendar::{self, NonWorking, Period, Wording};
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
}

/// What a deadline is about, typed; `report::lang` words it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum What {
    /// A deadline the agreement writes out, described in its own words
    /// (`[[deadlines]]`, `what`).
    Written(String),
    /// The end of the agreement by a provider's notice given on the date.
    EndByNotice { given: NaiveDate },
    /// The end of the agreement with its last term.
    EndOfAgreement { term: Period },
    /// The end of a renewing term: `renewal` 0 is the initial term; it is
    /// renewed to `renewed_to` unless notice was given by `notice_by`.
    TermEnd {
        renewal: u32,
        term: Period,
        renewed_to: NaiveDate,
        notice_by: NaiveDate,
    },
    /// The last day for notice against a renewal: notice ends the
    /// agreement on `ends` instead of renewing it to `renewed_to`.
    RenewalNotice {
        ends: NaiveDate,
        renewed_to: NaiveDate,
    },
    /// The last day for notice under a termination clause that ends the
    /// agreement on `ends`, before its term ends on `term_end`.
    EarlyNotice {
        ends: NaiveDate,
        term_end: NaiveDate,
    },
    /// The invoice of a billing period to the clients taking part, by name.
    Invoice {
        period: BillingPeriod,
        clients: Vec<String>,
    },
}

/// What a reader must know about a deadline beyond its wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Note {
    /// The early-notice day is derived from a notice period of `months`:
    /// notice given later ends the agreement no earlier than the term does.
    DerivedFromNoticePeriod { months: u32 },
    /// The agreement sets no due date for the periodic invoice; the date is
    /// the first day it can be drawn up.
    NoInvoiceDueDate,
}

/// One dated obligation, option or aim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    /// The id of the agreement it belongs to.
    pub agreement: String,
    /// A key that names this deadline the same way on every run, whatever the
    /// window: `brp-pool/renewal-notice/2025-10-01`. Calendar UIDs use it.
    pub key: String,
    pub what: What,
    pub kind: DeadlineKind,
    pub due: Due,
    /// The last day on time (or, for [`Due::After`], the first possible day).
    pub date: NaiveDate,
    /// Why `date` is not a working day (a weekend day, a holiday), if it is not.
    pub non_working: Option<NonWorking>,
    /// The next working day after a flagged date; the deadline stays `date`.
    pub next_working_day: Option<NaiveDate>,
    pub article: Article,
    /// What a reader must know beyond the wording, such as a date the text
    /// does not set.
    pub note: Option<Note>,
}

impl Deadline {
    fn new(
        agreement: &Agreement,
        key: String,
        what: What,
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

    fn with_note(mut self, note: Note) -> Deadline {
        self.note = Some(note);
        self
    }
}

/// Every deadline of `agreement` dated `from..=to`, sorted as [`sort`] does.
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

/// Sorts deadlines by date, then agreement, then key. The reports order
/// the deadlines of a day by what they are about, which takes words, and
/// so is theirs (`report::deadlines::sort`).
pub fn sort(deadlines: &mut [Deadline]) {
    deadlines.sort_by(|x, y| (x.date, &x.agreement, &x.key).cmp(&(y.date, &y.agreement, &y.key)));
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
            What::Written(spec.what.clone()),
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
            What::EndByNotice { given },
            a.termination
                .as_ref()
                .map_or(term_article(a, n), |t| &t.article),
        ),
        None => (What::EndOfAgreement { term: period }, term_article(a, n)),
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
    out.push(Deadline::new(
        a,
        format!("term-end/{}", period.end()),
        What::TermEnd {
            renewal: n,
            term: period,
            renewed_to: next_end,
            notice_by: last,
        },
        DeadlineKind::Obligation,
        Due::By(Wording::UpToAndIncluding(period.end())),
        term_article(a, n),
    ));
    out.push(Deadline::new(
        a,
        format!("renewal-notice/{}", period.end()),
        What::RenewalNotice {
            ends: period.end(),
            renewed_to: next_end,
        },
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
            What::EarlyNotice { ends, term_end },
            DeadlineKind::Option,
            Due::By(Wording::NoLaterThan(last)),
            &t.article,
        )
        .with_note(Note::DerivedFromNoticePeriod {
            months: t.notice_months,
        }),
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
        let clients: Vec<String> = parties
            .clients()
            .filter(|m| m.participation.clip(billed).is_some())
            .map(|m| m.party.name.clone())
            .collect();
        if !clients.is_empty() {
            out.push(
                Deadline::new(
                    a,
                    format!("invoice/{quarter}"),
                    What::Invoice {
                        period: quarter,
                        clients,
                    },
                    DeadlineKind::Obligation,
                    Due::After(billed.end()),
                    &a.billing.article,
                )
                .with_note(Note::NoInvoiceDueDate),
            );
        }
        let Some(next) = quarter.next() else {
            break;
        };
        quarter = next;
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
