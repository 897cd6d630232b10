//! The English words of the tables of show, deadlines, notice and the
//! register, and of the calendar.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use crate::core::agreement::{
    Article, CompensationUntil, DeadlineKind, LineKind, OverUse, Role, ShareKey, UnderUse, Vat,
};
use crate::core::calendar::NonWorking;
use crate::core::deadline::{Note, What};
use crate::core::facts::Declared;
use crate::core::period::Rhythm;
use crate::register::DocumentKind;
use crate::report::lang::tables::{Heading, Notice, NoticeRule, Say, SharedBilling, Show, Tables};
use crate::report::text::Text;

pub(in crate::report::lang) static TABLES: Tables = Tables {
    heading,
    say,
    month,
    date,
    what,
    deadline_note,
    non_working,
};

fn heading(h: Heading) -> &'static str {
    use Heading as H;
    match h {
        H::Source => "source",
        H::Parties => "Parties",
        H::TermRenewalEnding => "Term, renewal and ending",
        H::AmountsFeesVat => "Amounts, fees and VAT",
        H::SharedAmounts => "Shared amounts",
        H::Capacity => "Capacity",
        H::KeyDeadlines => "Key deadlines",
        H::WhoMustAgree => "Who must agree",
        H::Flags => "Flags",
        H::Assumption => "assumption",
        H::Article => "article",
        H::Year => "year",
        H::Rate => "rate",
        H::How => "how",
        H::Date => "date",
        H::Day => "day",
        H::Agreement => "agreement",
        H::What => "what",
        H::Kind => "kind",
        H::Wording => "wording",
        H::NotAWorkingDay => "not a working day",
        H::Number => "number",
        H::Period => "period",
        H::Client => "client",
        H::Issued => "issued",
        H::Due => "due",
        H::ExclVat => "excl. VAT",
        H::Vat => "VAT",
        H::InclVat => "incl. VAT",
        H::Credit => "credit",
        H::Note => "note",
        H::Term => "term",
        H::Billing => "billing",
        H::Renewal => "renewal",
        H::FirstNoticeDeadline => "first notice deadline",
        H::EarlyTermination => "early termination",
        H::EarlyWithdrawal => "early withdrawal",
        H::NoCompensation => "no compensation",
        H::Travel => "travel",
        H::Ort => "ORT",
        H::AdvisedBudget => "advised budget",
        H::TakeOrPay => "take-or-pay",
        H::YearEndSettlement => "year-end settlement",
        H::OverUse => "over-use",
        H::ProviderShortfall => "provider shortfall",
        H::TakeOrPayException => "take-or-pay exception",
        H::DefaultPerClient => "default per client",
        H::Billed => "billed",
        H::Flag => "flag",
        H::NoticePeriod => "notice period",
        H::EndOfTheTerm => "end of the term",
        H::Result => "result",
        H::RunningTerm => "running term",
        H::Compensation => "compensation",
        H::Explanation => "Explanation",
    }
}

fn t(words: impl Into<String>) -> Text {
    Text::default().words(words)
}

fn say(s: &Say) -> Text {
    match s {
        Say::Label(h) => t(heading(*h)),
        Say::Show(s) => show(s),
        Say::Notice(n) => notice(n),
        Say::Run(r) => super::run::run(r),
        _ => deadlines(s).unwrap_or_default(),
    }
}

/// The messages of `deadlines` and the table layout.
fn deadlines(s: &Say) -> Option<Text> {
    Some(match s {
        Say::DeadlinesIn { count, from, to } => {
            let noun = if *count == 1 { "deadline" } else { "deadlines" };
            t(format!("{count} {noun} from {from} up to and including {to}"))
        }
        Say::NextWorkingDay { reason, next } => t(format!(
            "{}; next working day {next}",
            non_working(reason)
        )),
        Say::DeadlinesDoNotMove => t(
            "A deadline on a weekend or public holiday does not move (the Algemene termijnenwet does not apply to contractual deadlines); the next working day is shown beside it.",
        ),
        Say::Kind(k) => t(kind(*k)),
        Say::What(w) => t(what(w)),
        Say::EveryYearFirstShown(w) => t(format!("{} (yearly; the first time shown)", what(w))),
        Say::IcsWording(nl) => t(format!("Wording: {nl}")),
        Say::IcsKind(k) => t(format!("Kind: {}", kind(*k))),
        Say::IcsDate(d) => t(format!("Date: {d} ({})", super::weekday(d.weekday()))),
        Say::IcsNotWorking { reason, next } => t(format!(
            "Not a working day ({}); next working day {next}. The deadline itself does not move.",
            non_working(reason)
        )),
        Say::IcsNote(n) => t(format!("Note: {n}")),
        Say::DocumentKind(k) => t(match k {
            DocumentKind::Invoice => "invoice",
            DocumentKind::Credit => "credit",
        }),
        Say::Credits(n) => t(format!("credits {n}")),
        Say::CreditedBy(n) => t(format!("credited by {n}")),
        Say::NoDocuments => t("no documents"),
        Say::StoredTitle {
            kind,
            number,
            series,
        } => t(format!("{} {number} (series {series})", kind_en(*kind))),
        Say::StoredExplanation { issued } => t(format!(
            "the explanation as stored when it was issued on {issued}; an issued document never changes"
        )),
        Say::IssuedDue { issued, due } => t(format!("issued {issued}, due {due}")),
        Say::CreditsBecause { credits, reason } => t(format!("credits {credits}: {reason}")),
        Say::Issued {
            count,
            credit,
            register,
        } => t(format!("issued {} into {register}", documents(*count, *credit))),
        Say::WouldIssue {
            count,
            credit,
            period,
            register,
        } => t(format!(
            "dry run: would issue {} for {period} into {register}; nothing was written",
            documents(*count, *credit)
        )),
        Say::NothingToIssue { period, register } => t(format!(
            "nothing to issue for {period}; nothing was written to {register}"
        )),
        Say::IssueAgain {
            period,
            agreement,
            client,
        } => t(format!(
            "{period} for {client} can now be issued again: ledger issue --quarter {period} --agreement {agreement} --party {client}"
        )),
        Say::LeftOut { width, columns } => t(format!(
            "(left out to fit {width} columns: {}; a wider --width shows them)",
            columns.join(", ")
        )),
        _ => return None,
    })
}

/// `3 invoices`, `1 credit note`.
fn documents(count: usize, credit: bool) -> String {
    match (credit, count) {
        (true, 1) => "1 credit note".to_string(),
        (true, n) => format!("{n} credit notes"),
        (false, 1) => "1 invoice".to_string(),
        (false, n) => format!("{n} invoices"),
    }
}

fn kind(k: DeadlineKind) -> &'static str {
    match k {
        DeadlineKind::Obligation => "obligation",
        DeadlineKind::Option => "option",
        DeadlineKind::Aim => "aim",
    }
}

fn what(w: &What) -> String {
    match w {
        What::Written(s) => s.clone(),
        What::EndByNotice { given } => {
            format!("End of the agreement by the notice given on {given}")
        }
        What::EndOfAgreement { term } => format!("End of the agreement (term {term})"),
        What::TermEnd {
            renewal,
            term,
            renewed_to,
            notice_by,
        } => {
            let label = if *renewal == 0 {
                "End of the initial term".to_string()
            } else {
                format!("End of renewal term {renewal}")
            };
            format!("{label} ({term}); renewed to {renewed_to} unless notice was given by {notice_by}")
        }
        What::RenewalNotice { ends, renewed_to } => format!(
            "Last day for notice against renewal: notice ends the agreement on {ends} instead of renewing it to {renewed_to}"
        ),
        What::EarlyNotice { ends, term_end } => format!(
            "Last day for notice that ends the agreement early: it ends on {ends} instead of {term_end}"
        ),
        What::Invoice { period, clients } => {
            format!("Invoice for {period} to {}", names(clients))
        }
    }
}

/// "A", "A and B", "A, B and C".
fn names(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

fn deadline_note(n: &Note) -> String {
    match n {
        Note::DerivedFromNoticePeriod { months } => format!(
            "derived from the notice period of {months} months: notice given later ends the agreement no earlier than the term does"
        ),
        Note::NoInvoiceDueDate => "the agreement sets no due date for the quarterly invoice; the date is the first day it can be drawn up".to_string(),
    }
}

fn non_working(n: &NonWorking) -> String {
    match n {
        // Holiday names are the Dutch calendar's proper names.
        NonWorking::Holiday(name) => (*name).to_string(),
        NonWorking::Weekend(day) => super::weekday(*day).to_string(),
    }
}

/// The English name of a month.
///
/// # Panics
///
/// Panics if `month` is not in 1..=12.
fn month(month: u32) -> &'static str {
    match month {
        1 => "January",
        2 => "February",
        3 => "March",
        4 => "April",
        5 => "May",
        6 => "June",
        7 => "July",
        8 => "August",
        9 => "September",
        10 => "October",
        11 => "November",
        12 => "December",
        _ => panic!("month {month} is not in 1..=12"),
    }
}

/// A date the way British prose writes it: "9 February 2010".
pub(super) fn date(d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), month(d.month()), d.year())
}

// ---------------------------------------------------------------------------
// show
// ---------------------------------------------------------------------------

fn show(s: &Show) -> Text {
    show_terms(s)
        .or_else(|| show_amounts(s))
        .or_else(|| show_capacity(s))
        .unwrap_or_default()
}

fn role(r: Role) -> &'static str {
    match r {
        Role::Provider => "provider",
        Role::Client => "client",
    }
}

pub(super) fn noun(r: Rhythm) -> &'static str {
    match r {
        Rhythm::Month => "month",
        Rhythm::Quarter => "quarter",
        Rhythm::HalfYear => "half-year",
        Rhythm::Year => "year",
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

/// The parties, the term and how it renews and ends.
fn show_terms(s: &Show) -> Option<Text> {
    Some(match s {
        Show::Party {
            role: r,
            label,
            address,
        } => {
            let role = match label {
                Some(l) => format!("{} ({l})", role(*r)),
                None => role(*r).to_string(),
            };
            let address = address.as_deref().unwrap_or("no address in the agreement");
            t(format!("{role}; {address}"))
        }
        Show::Joined { from, source } => t(format!("client, joined {from} ({source})")),
        Show::TermSpan { start, end } => t(format!("{start} up to and including {end}")),
        Show::Billing { rhythm, advance } => {
            let advance = if *advance { ", in advance" } else { "" };
            t(format!("per {}{advance}", noun(*rhythm)))
        }
        Show::Renewal { months, rule } => {
            let rule = match rule {
                NoticeRule::OnDay(w) => {
                    let w = super::due(&crate::core::deadline::Due::By(*w));
                    format!("{} of the year the term ends", strip_year(&w))
                }
                NoticeRule::MonthsBeforeEnd(m) => format!("{m} months before the term ends"),
            };
            t(format!(
                "renewed by {months} months each time unless written notice is given {rule}"
            ))
        }
        Show::FirstNotice { last, end } => t(format!(
            "{last} ends the agreement on {end}; later notice ends it a term later"
        )),
        Show::EarlyTermination { months, last } => {
            let last = last.map_or(String::new(), |(d, e)| {
                format!(
                    "; the last notice that ends it before the term is given on {d}, ending it on {e}"
                )
            });
            t(format!("{} months' notice{last}", in_words(*months)))
        }
        Show::EarlyWithdrawal {
            percent,
            until,
            cap_months,
            with_fees,
        } => {
            let share = if *percent == Decimal::ONE_HUNDRED {
                String::new()
            } else {
                format!("{}% of the ", percent.normalize())
            };
            let fees = if *with_fees {
                "with fees"
            } else {
                "without fees"
            };
            t(format!(
                "compensation: {share}contracted hours lost until {}, at most {cap_months} months, {fees}",
                until_words(*until)
            ))
        }
        Show::Relief => {
            t("as far as the hours are redeployed or the external contract can be ended first")
        }
        _ => return None,
    })
}

fn until_words(u: CompensationUntil) -> &'static str {
    match u {
        CompensationUntil::EndOfCurrentTerm => "the end of the current term",
        CompensationUntil::EndOfOriginalTerm => "the end of the original term",
        CompensationUntil::EndOfCalendarYear => "the end of the calendar year",
    }
}

/// "before 1 September 2000" → "before 1 September".
fn strip_year(text: &str) -> &str {
    text.trim_end_matches(" 2000")
}

fn line_kind(kind: LineKind) -> &'static str {
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

/// Fees, allocations, other amounts, VAT and the take-or-pay clause.
fn show_amounts(s: &Show) -> Option<Text> {
    Some(match s {
        Show::FeeLabel(what) => t(format!("fee: {what}")),
        Show::Fee { percent, base } => {
            let base: Vec<&str> = base.iter().map(|k| line_kind(*k)).collect();
            t(format!(
                "{}% of the {} lines",
                percent.normalize(),
                base.join(" and ")
            ))
        }
        Show::AllocationLabel { year, what } => t(format!("allocation {year}: {what}")),
        Show::AllocationPaidBy(payer) => t(format!(
            " paid by {payer}, spread over the quarters by days of the term"
        )),
        Show::UnagreedLabel(year) => t(format!("from {year}")),
        Show::Unagreed(note) => t(format!("no amount agreed: {note}")),
        Show::Travel { what, rate } => {
            t(format!("{what}: km from the activity log × rate `{rate}`"))
        }
        Show::Ort { what, percent } => t(format!(
            "{what}: {}% on hours outside the day window",
            percent.normalize()
        )),
        Show::IncomeLabel(what) => t(format!("income: {what}")),
        Show::PerHouseVisit => t(" per house visit, to the client"),
        Show::PerClientPerYear => t(" per client per year"),
        Show::ExpectedPerYear(n) => t(format!("expected: {n} per client per year")),
        Show::Vat(v) => t(match v {
            Vat::Standard { percent, note } => format!(
                "standard {}%{}",
                percent.normalize(),
                note.as_ref().map(|n| format!(" ({n})")).unwrap_or_default()
            ),
            Vat::Exempt { reason } => format!("exempt: {reason}"),
            Vat::NotSubject { reason } => format!("not subject: {reason}"),
        }),
        Show::UnderUse(u) => t(match u {
            UnderUse::RedeployedOrUndelivered => {
                "hours contracted but not taken stay due for the year, unless the provider redeploys them"
            }
            UnderUse::Never => {
                "hours contracted but not taken stay due for the year and are never refunded, not even where the provider redeploys them"
            }
            UnderUse::Always => {
                "hours contracted but not taken are refunded at the year-end settlement"
            }
        }),
        Show::OverUse(o) => t(match o {
            OverUse::Billed => "over-use is charged at the rate with the fee",
            OverUse::NotBilled => "over-use is not billed",
        }),
        Show::Shortfall(u) => t(match u {
            UnderUse::Never => {
                "hours the provider failed to deliver give no refund at the settlement"
            }
            _ => "hours the provider failed to deliver are never charged",
        }),
        Show::SettledYearly => t(
            "differences between contracted and used hours are settled at the end of the calendar year",
        ),
        _ => return None,
    })
}

/// Hours as every table writes them, with the invoice's two decimals.
fn hours(t: Text, d: Decimal) -> Text {
    t.number(d, 2).words(" h")
}

/// Capacity, rates and shared amounts.
fn show_capacity(s: &Show) -> Option<Text> {
    Some(match s {
        Show::DefaultHours {
            per_week,
            weeks,
            yearly,
        } => {
            let x = hours(Text::default(), *per_week).words(format!(" a week × {weeks} weeks = "));
            let x = hours(x, *yearly).words(" a year = ");
            let x = hours(x, *yearly / Decimal::from(12)).words(" a month = ");
            hours(x, *yearly / Decimal::from(4)).words(" a quarter")
        }
        Show::BilledHours { rate } => t(format!(
            "the contracted hours of each month × the hourly rate `{rate}`"
        )),
        Show::DeclaredLabel { party, year } => t(format!("declared {party} for {year}")),
        Show::Declared {
            declared,
            given,
            source,
            consent,
        } => {
            let what = match declared {
                Declared::Hours(x) => hours(Text::default(), *x),
                Declared::Budget(b) => t("budget ").money(*b),
            };
            let consent = consent.as_ref().map_or(String::new(), |c| {
                format!(", after the deadline, with the provider's consent: {c}")
            });
            what.words(format!(", given {given} ({source}){consent}"))
        }
        Show::RateTitle {
            id,
            what,
            unit,
            article,
        } => t(format!(
            "Rate `{id}`: {what} per {} ({article})",
            super::unit(*unit)
        )),
        Show::DatedValueFrom(d) => t(format!("dated value from {d}")),
        // English is how these problems are said on stderr too.
        Show::RateProblem(e) => t(e.to_string()),
        Show::ShareProblem(e) => t(e.to_string()),
        Show::Shared {
            from_year,
            until_year,
            indexation,
            key,
            billing,
        } => t(shared(*from_year, *until_year, indexation, key, billing)),
        _ => return None,
    })
}

/// ` a year from 2020 for every year …; key: …; billed whole in Q1`.
fn shared(
    from: i32,
    until: Option<i32>,
    indexation: &Option<(String, i32, Article)>,
    key: &ShareKey,
    billing: &SharedBilling,
) -> String {
    let until = until.map_or(
        " for every year of the term and its renewals".to_string(),
        |u| format!(" up to {u}"),
    );
    let mut words = format!(" a year from {from}{until}");
    if let Some((series, first, article)) = indexation {
        words.push_str(&format!("; indexed by `{series}` from {first} ({article})"));
    }
    let key_words = match key {
        ShareKey::Payer(p) => format!("paid by {p} alone"),
        ShareKey::Equal => "equal parts".to_string(),
        ShareKey::Percent(_) => "fixed percentages".to_string(),
        ShareKey::Weights(series) => format!("weights `{series}` per client and year (facts)"),
    };
    words.push_str(&format!("; key: {key_words}"));
    if !matches!(key, ShareKey::Payer(_)) {
        words.push_str("; a client that joins during a year shares from the next year");
    }
    words.push_str(&match billing {
        SharedBilling::Whole(p) => format!("; billed whole in {p}"),
        SharedBilling::ByDays(r) => format!("; spread over the {}s by days", noun(*r)),
    });
    words
}

// ---------------------------------------------------------------------------
// notice
// ---------------------------------------------------------------------------

fn notice(n: &Notice) -> Text {
    notice_ends(n)
        .or_else(|| notice_steps(n))
        .unwrap_or_default()
}

/// What ends, and why.
fn notice_ends(n: &Notice) -> Option<Text> {
    Some(t(match n {
        Notice::Given { by, given } => {
            let by = by.as_ref().map_or(String::new(), |(name, r)| {
                format!(" by {name} ({})", role(*r))
            });
            format!(
                "Written notice{by} given on {given} ({})",
                super::weekday(given.weekday())
            )
        }
        Notice::Ends { ends } => format!("Ends: {ends} — "),
        Notice::Participation(name) => format!(
            "the participation of {name}; the agreement continues between the other parties"
        ),
        Notice::TheAgreement => "the agreement".to_string(),
        Notice::TheAgreementWhenProvider => "the agreement when the provider gives notice; a client's notice ends only that client's participation".to_string(),
        Notice::EndedByRecorded { by, given } => format!(
            "the agreement, by the notice of {by} given on {given}; this notice changes nothing"
        ),
        Notice::AlreadyEndsLabel => "already ends".to_string(),
        Notice::AlreadyEnds {
            by,
            given,
            source,
            ends,
            this_given,
        } => format!(
            "{by} gave notice on {given} ({source}), which ends the agreement on {ends}; a notice given on {this_given} cannot end it later"
        ),
        Notice::NoNoticeClauseLabel => "no notice clause".to_string(),
        Notice::NoNoticeClause { ends } => format!(
            "the agreement has no clause that ends it by notice; it ends with its term on {ends}"
        ),
        Notice::NoticeLabel => "notice".to_string(),
        Notice::NeedsNoConsent => {
            "written notice by any one party; no other party needs to agree".to_string()
        }
        Notice::EarlyWithdrawalLabel => "early withdrawal".to_string(),
        Notice::MayLeaveEarly => "a client may leave before its notice takes effect, without the others' consent, but owes compensation".to_string(),
        Notice::Pays {
            percent,
            until,
            cap_months,
            with_fees,
        } => {
            let share = if *percent == Decimal::ONE_HUNDRED {
                String::new()
            } else {
                format!("{}% of the ", percent.normalize())
            };
            let fees = if *with_fees {
                "with the fees of the agreement"
            } else {
                "without fees"
            };
            format!(
                "the withdrawing client pays {share}the contracted hours it no longer takes from the effective date until {}, at most {cap_months} months, {fees}",
                until_words(*until)
            )
        }
        Notice::Relief => "as far as the provider can deploy the hours elsewhere or end its external hiring contract before the withdrawal takes effect".to_string(),
        Notice::HowTheEndFollows => "How the end follows".to_string(),
        Notice::InsteadEffective { effective, before } => {
            format!("Early withdrawal instead, effective {effective} (before {before})")
        }
        Notice::CannotBeComputed(why) => format!("cannot be computed: {why}"),
        Notice::ComputedBy(command) => format!("computed by `{command}`"),
        _ => return None,
    }))
}

/// How the end follows from the clause, step by step.
fn notice_steps(n: &Notice) -> Option<Text> {
    Some(t(match n {
        Notice::NoticePeriod {
            given,
            months,
            computed,
            clamped,
        } => {
            let unit = if *months == 1 { "month" } else { "months" };
            let clamp = clamped.map_or(String::new(), |day| {
                format!(
                    "; {} has no day {day}, so the period ends on its last day",
                    month(computed.month())
                )
            });
            format!("{given} + {months} {unit} = {computed}{clamp}")
        }
        Notice::TermEndsFirst { term_end, computed } => {
            format!("{term_end} comes before {computed}: the term ends first")
        }
        Notice::TermEndsAfter { term_end, computed } => format!("{term_end}, after {computed}"),
        Notice::EndsWithTerm { ends } => format!(
            "the agreement ends with its term on {ends}; the notice does not end it earlier"
        ),
        Notice::EndsBeforeTerm { ends } => {
            format!("the agreement ends on {ends}, before its term would")
        }
        Notice::Running { renewal, term } => match renewal {
            0 => format!("the initial term: {term}"),
            n => format!("renewal term {n}: {term}"),
        },
        Notice::TooLateFor(d) => format!("too late for {d}"),
        Notice::TooLate {
            end,
            wording,
            last_day,
            given,
            days,
            renews_to,
        } => format!(
            "notice against the renewal after {end} had to be given {} (last day {last_day}); {given} is {days} {} late, so the agreement renews to {renews_to}",
            super::due(&crate::core::deadline::Due::By(*wording)),
            if *days == 1 { "day" } else { "days" }
        ),
        Notice::OnTimeFor(d) => format!("on time for {d}"),
        Notice::OnTime {
            end,
            wording,
            last_day,
            given,
            days,
        } => {
            let margin = match days {
                0 => "the last day itself".to_string(),
                1 => "1 day before it".to_string(),
                n => format!("{n} days before it"),
            };
            format!(
                "notice against the renewal after {end} must be given {} (last day {last_day}); {given} is {margin}",
                super::due(&crate::core::deadline::Due::By(*wording))
            )
        }
        Notice::EndsAtTermEnd {
            next,
            end,
            renewal_to,
        } => {
            let which = if *next { "the next term" } else { "the running term" };
            format!("it ends at the end of {which}, on {end}, instead of renewing to {renewal_to}")
        }
        _ => return None,
    }))
}

/// A stored document's kind in a title: `invoice`, `credit note`.
fn kind_en(kind: DocumentKind) -> &'static str {
    match kind {
        DocumentKind::Invoice => "invoice",
        DocumentKind::Credit => "credit note",
    }
}
