//! Terms and the life of an agreement: the initial term, the chain of tacit
//! renewals, what a notice achieves, and the period each client takes part.

use chrono::{Days, NaiveDate};

use crate::core::agreement::{Agreement, Role};
use crate::core::calendar::{self, Period};
use crate::core::facts::Facts;

/// The `n`-th term of the agreement: 0 is the initial term, 1 the first
/// renewal and so on. Renewal ends are counted from the initial end so that
/// month-end clamping never drifts. `None` past the initial term of an
/// agreement without renewal.
pub fn nth_term(agreement: &Agreement, n: u32) -> Option<Period> {
    let initial = agreement.term.period;
    if n == 0 {
        return Some(initial);
    }
    let renewal = agreement.renewal.as_ref()?;
    let prev_end = calendar::add_months(initial.end(), renewal.months * (n - 1));
    let end = calendar::add_months(initial.end(), renewal.months * n);
    Period::new(next_day(prev_end), end).ok()
}

/// The term (initial or renewed) that contains `date`, with its number.
pub fn term_containing(agreement: &Agreement, date: NaiveDate) -> Option<(u32, Period)> {
    if date < agreement.term.period.start() {
        return None;
    }
    (0..)
        .map_while(|n| nth_term(agreement, n).map(|p| (n, p)))
        .take_while(|(_, p)| p.start() <= date)
        .find(|(_, p)| p.contains(date))
}

/// The terms that overlap `from..=to`, in order.
pub fn terms_between(agreement: &Agreement, from: NaiveDate, to: NaiveDate) -> Vec<(u32, Period)> {
    (0..)
        .map_while(|n| nth_term(agreement, n).map(|p| (n, p)))
        .take_while(|(_, p)| p.start() <= to)
        .filter(|(_, p)| p.end() >= from)
        .collect()
}

pub fn next_day(date: NaiveDate) -> NaiveDate {
    date.checked_add_days(Days::new(1))
        .expect("dates stay far from the end of time")
}

pub fn previous_day(date: NaiveDate) -> NaiveDate {
    date.checked_sub_days(Days::new(1))
        .expect("dates stay far from the start of time")
}

/// What a written notice given on a date achieves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoticeEffect {
    /// Under a renewal clause: the agreement ends at the end of `term`; the
    /// notice was on time for it because `given` ≤ `last_day`.
    EndsAtTermEnd {
        term: Period,
        term_number: u32,
        last_day: NaiveDate,
        /// The term the notice came too late for, if any.
        missed: Option<(Period, NaiveDate)>,
    },
    /// Under a termination clause: ends `months` after the notice, or at the
    /// end of the term if that comes first.
    EndsAfterPeriod {
        computed: NaiveDate,
        ends: NaiveDate,
        term_ends_first: bool,
    },
    /// No clause lets notice end the agreement before its term ends.
    EndsWithTerm { ends: NaiveDate },
}

impl NoticeEffect {
    /// The last day of the agreement under this notice.
    pub fn end(&self) -> NaiveDate {
        match self {
            NoticeEffect::EndsAtTermEnd { term, .. } => term.end(),
            NoticeEffect::EndsAfterPeriod { ends, .. } => *ends,
            NoticeEffect::EndsWithTerm { ends } => *ends,
        }
    }
}

/// The effect of a notice given on `given`. Fails when the date lies before
/// the agreement starts or after it has ended.
pub fn notice_effect(agreement: &Agreement, given: NaiveDate) -> Result<NoticeEffect, String> {
    let start = agreement.term.period.start();
    if given < start {
        return Err(format!(
            "a notice given on {given} comes before the agreement starts on {start}"
        ));
    }
    if let Some(t) = &agreement.termination {
        let end = agreement.term.period.end();
        if given > end {
            return Err(format!(
                "a notice given on {given} comes after the agreement ended on {end}"
            ));
        }
        let computed = calendar::add_months(given, t.notice_months);
        let term_ends_first = computed > end;
        return Ok(NoticeEffect::EndsAfterPeriod {
            computed,
            ends: computed.min(end),
            term_ends_first,
        });
    }
    let Some(renewal) = &agreement.renewal else {
        let end = agreement.term.period.end();
        if given > end {
            return Err(format!(
                "a notice given on {given} comes after the agreement ended on {end}"
            ));
        }
        return Ok(NoticeEffect::EndsWithTerm { ends: end });
    };
    let (mut n, _) =
        term_containing(agreement, given).expect("renewing terms cover every later date");
    let mut missed = None;
    loop {
        let term = nth_term(agreement, n).expect("renewing terms never run out");
        let last_day = renewal.notice.last_day(term.end());
        if given <= last_day {
            return Ok(NoticeEffect::EndsAtTermEnd {
                term,
                term_number: n,
                last_day,
                missed,
            });
        }
        missed = Some((term, last_day));
        n += 1;
    }
}

/// The last day of the agreement as a whole given the facts (a notice by
/// the provider or by the only client), or `None` while it keeps renewing.
pub fn agreement_end(agreement: &Agreement, facts: &Facts) -> Option<NaiveDate> {
    let by_notice = ending_notice(agreement, facts).map(|(_, end)| end);
    let natural = agreement
        .renewal
        .is_none()
        .then(|| agreement.term.period.end());
    match (by_notice, natural) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// The recorded notice that ends the agreement as a whole first, with the
/// last day it reaches: the provider's notice ends it for everyone, and so
/// does the notice of a client that is the only one (nothing is left to run
/// on). `None` when no such notice is recorded.
pub fn ending_notice<'f>(
    agreement: &Agreement,
    facts: &'f Facts,
) -> Option<(&'f crate::core::facts::Notice, NaiveDate)> {
    let provider = &agreement.provider().id;
    let sole_client = agreement.clients().count() + facts.accessions.len() == 1;
    facts
        .notices
        .iter()
        .filter(|n| &n.party == provider || sole_client)
        .filter_map(|n| notice_effect(agreement, n.given).ok().map(|e| (n, e.end())))
        .min_by_key(|(_, end)| *end)
}

/// The days a client takes part: from the start (or its accession) to the
/// end of the agreement, its own notice, or the day before its withdrawal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Participation {
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
}

impl Participation {
    pub fn contains(&self, date: NaiveDate) -> bool {
        date >= self.start && self.end.is_none_or(|e| date <= e)
    }

    /// The part of `period` in which the client takes part.
    pub fn clip(&self, period: Period) -> Option<Period> {
        let start = period.start().max(self.start);
        let end = match self.end {
            Some(e) => period.end().min(e),
            None => period.end(),
        };
        Period::new(start, end).ok()
    }
}

pub fn participation(agreement: &Agreement, facts: &Facts, party: &str) -> Participation {
    participation_until(agreement, facts, party, agreement_end(agreement, facts))
}

/// As [`participation`], with the agreement's end already worked out (see
/// `core::parties`, which asks it once for every party).
pub fn participation_until(
    agreement: &Agreement,
    facts: &Facts,
    party: &str,
    agreement_end: Option<NaiveDate>,
) -> Participation {
    let start = facts
        .accession(party)
        .map_or(agreement.term.period.start(), |a| a.from);
    let own_notice = facts
        .notices
        .iter()
        .filter(|n| n.party == party)
        .filter(|_| {
            agreement
                .party(party)
                .is_none_or(|p| p.role == Role::Client)
        })
        .filter_map(|n| notice_effect(agreement, n.given).ok())
        .map(|e| e.end())
        .min();
    let withdrawn = facts.withdrawal(party).map(|w| previous_day(w.effective));
    let end = [agreement_end, own_notice, withdrawn]
        .into_iter()
        .flatten()
        .min();
    Participation { start, end }
}

/// The last day on which notice under a termination clause still ends the
/// agreement before its term does (Expatcenter: notice on 2010-06-30 ends it
/// on 2010-12-30; a day later the pilot's own end comes first).
pub fn last_early_notice_day(agreement: &Agreement) -> Option<NaiveDate> {
    let t = agreement.termination.as_ref()?;
    let end = agreement.term.period.end();
    // `add_months` never decreases as the date grows, so the answer is the
    // first day at or before this start point that satisfies the condition.
    let mut d = calendar::sub_months(end, t.notice_months).checked_add_days(Days::new(3))?;
    while calendar::add_months(d, t.notice_months) >= end {
        d = previous_day(d);
    }
    (d >= agreement.term.period.start()).then_some(d)
}
