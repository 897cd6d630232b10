//! The report of `ledger notice`: what a written notice given on a date
//! achieves (the end it reaches, the deadline it met or missed, who must
//! agree, the early withdrawal beside it), built once and rendered as a
//! table, CSV (one row per line) or JSON.

use std::io::Write;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::cli::Locale;
use crate::core::agreement::{Agreement, Party, Renewal, Role, Withdrawal};
use crate::core::calendar;
use crate::core::explain::{Explanation, Input};
use crate::core::money::Money;
use crate::core::term::NoticeEffect;
use crate::core::withdrawal;

/// What a notice achieves, built once and rendered as table, CSV or JSON.
#[derive(Debug, Serialize)]
pub struct NoticeReport {
    pub agreement: String,
    pub title: String,
    pub given: NaiveDate,
    pub weekday: String,
    /// The party giving notice, when named.
    pub party: Option<PartyView>,
    /// The last day of what the notice ends.
    pub ends: NaiveDate,
    /// Under a notice period: the given date plus the period, before the
    /// term's own end is taken into account.
    pub computed_end: Option<NaiveDate>,
    /// Under a renewal clause: the last day for notice that the notice met.
    pub deadline_met: Option<NaiveDate>,
    /// Under a renewal clause: the earlier deadline the notice came too late for.
    pub deadline_missed: Option<NaiveDate>,
    /// What ends on that day: the agreement, or one client's participation.
    pub what_ends: String,
    /// How the end date follows from the clauses, step by step.
    pub steps: Vec<Step>,
    /// Who must agree to what.
    pub consent: Vec<Step>,
    /// Leaving before `ends` by early withdrawal, where the agreement has a
    /// withdrawal clause; `None` otherwise.
    pub early_withdrawal: Option<EarlyWithdrawal>,
    pub explanation: Explanation,
}

#[derive(Debug, Serialize)]
pub struct PartyView {
    pub id: String,
    pub name: String,
    pub role: String,
}

/// One labelled line with its article.
#[derive(Debug, Serialize)]
pub struct Step {
    pub label: String,
    pub value: String,
    pub article: String,
}

fn step(label: impl Into<String>, value: impl Into<String>, article: impl ToString) -> Step {
    Step {
        label: label.into(),
        value: value.into(),
        article: article.to_string(),
    }
}

/// The early-withdrawal alternative to waiting for the notice to take effect.
#[derive(Debug, Serialize)]
pub struct EarlyWithdrawal {
    /// The date the withdrawal is assumed to take effect: the day notice is given.
    pub effective: NaiveDate,
    /// The end the regular notice reaches.
    pub regular_end: NaiveDate,
    pub rule: Vec<Step>,
    /// The withdrawal clause's article, for the compensation's CSV row.
    #[serde(skip)]
    pub article: String,
    /// The Art. 22 compensation, when a client is named and it has been computed.
    pub compensation: Option<Compensation>,
    /// Why the compensation could not be computed, if it could not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unavailable: Option<String>,
    /// The command that computes it with other assumptions.
    pub command: String,
}

/// The compensation a withdrawing client owes (computed by
/// `core::withdrawal::compensation`).
#[derive(Debug, Serialize)]
pub struct Compensation {
    pub amount: Money,
    pub explanations: Vec<Explanation>,
}

/// What the notice's effect computed in the core means for the report:
/// the facts of the effect, as data.
pub struct Notice<'a> {
    pub agreement: &'a Agreement,
    /// Where the agreement was read from, for the explanation's sources.
    pub source: String,
    pub party: Option<&'a Party>,
    pub given: NaiveDate,
    pub effect: NoticeEffect,
    /// A notice recorded in the facts that already ends the agreement on or
    /// before the day this notice would: who gave it, when, where it is
    /// written, and the end it reaches.
    pub recorded: Option<RecordedEnd>,
    /// The compensation of a withdrawal taking effect on `given`, where one
    /// was computed.
    pub withdrawal_now: Option<Result<withdrawal::Compensation, String>>,
}

/// The end of the whole agreement by a notice already recorded in the facts.
pub struct RecordedEnd {
    pub by: String,
    pub given: NaiveDate,
    pub source: String,
    pub ends: NaiveDate,
}

impl NoticeReport {
    /// The report of a notice whose effect the core has worked out.
    pub fn build(n: &Notice) -> NoticeReport {
        let a = n.agreement;
        let (mut steps, explanation) = effect_steps(n);
        // A recorded notice that ends the agreement first wins: this notice
        // can neither end it later nor leave it running between the others.
        let recorded = n.recorded.as_ref().filter(|r| r.ends <= n.effect.end());
        let ends = recorded.map_or(n.effect.end(), |r| r.ends);
        let what_ends = match recorded {
            Some(r) => {
                steps.push(step(
                    "already ends",
                    format!(
                        "{} gave notice on {} ({}), which ends the agreement on {}; a notice given on {} cannot end it later",
                        r.by, r.given, r.source, r.ends, n.given
                    ),
                    notice_article(a),
                ));
                format!(
                    "the agreement, by the notice of {} given on {}; this notice changes nothing",
                    r.by, r.given
                )
            }
            None => what_ends(a, n.party),
        };
        let mut consent = notice_consent(a);
        let early_withdrawal = early_withdrawal(n, ends, &mut consent);
        consent.extend(
            a.consents
                .iter()
                .map(|x| step(x.what.clone(), x.who.clone(), &x.article)),
        );
        let (computed_end, deadline_met, deadline_missed) = match &n.effect {
            NoticeEffect::EndsAfterPeriod { computed, .. } => (Some(*computed), None, None),
            NoticeEffect::EndsAtTermEnd {
                last_day, missed, ..
            } => (None, Some(*last_day), missed.map(|(_, d)| d)),
            NoticeEffect::EndsWithTerm { .. } => (None, None, None),
        };
        NoticeReport {
            agreement: a.id.clone(),
            title: a.title.clone(),
            given: n.given,
            weekday: super::weekday(n.given, Locale::Nl),
            party: n.party.map(|p| PartyView {
                id: p.id.clone(),
                name: p.name.clone(),
                role: p.role.as_str().to_string(),
            }),
            ends,
            computed_end,
            deadline_met,
            deadline_missed,
            what_ends,
            steps,
            consent,
            early_withdrawal,
            explanation,
        }
    }
}

/// How the end follows from the clause that governs it.
fn effect_steps(n: &Notice) -> (Vec<Step>, Explanation) {
    let (a, given, source) = (n.agreement, n.given, n.source.as_str());
    match &n.effect {
        NoticeEffect::EndsAfterPeriod {
            computed,
            ends,
            term_ends_first,
        } => after_period(a, given, *computed, *ends, *term_ends_first, source),
        NoticeEffect::EndsAtTermEnd {
            term,
            term_number,
            last_day,
            missed,
        } => at_term_end(
            a,
            given,
            TermEnd {
                term: *term,
                term_number: *term_number,
                last_day: *last_day,
                missed: *missed,
            },
            source,
        ),
        NoticeEffect::EndsWithTerm { ends } => {
            let steps = vec![step(
                "no notice clause",
                format!("the agreement has no clause that ends it by notice; it ends with its term on {ends}"),
                &a.term.article,
            )];
            let x = Explanation::new("end of the agreement", "the end of the term", ends)
                .input(Input::new("term end", ends, format!("{source}: term.end")))
                .article(&a.term.article);
            (steps, x)
        }
    }
}

/// What ends: the agreement, or one client's participation.
fn what_ends(a: &Agreement, party: Option<&Party>) -> String {
    let clients = a.clients().count();
    match party {
        Some(p) if p.role == Role::Client && clients > 1 => format!(
            "the participation of {}; the agreement continues between the other parties",
            p.name
        ),
        Some(_) => "the agreement".to_string(),
        None if clients > 1 => {
            "the agreement when the provider gives notice; a client's notice ends only that client's participation".to_string()
        }
        None => "the agreement".to_string(),
    }
}

/// That one party's written notice needs no one's consent, under the
/// clause that allows notice.
fn notice_consent(a: &Agreement) -> Vec<Step> {
    notice_clause(a)
        .map(|article| {
            step(
                "notice",
                "written notice by any one party; no other party needs to agree",
                article,
            )
        })
        .into_iter()
        .collect()
}

/// The article of the clause that allows notice, if any.
fn notice_clause(a: &Agreement) -> Option<&crate::core::agreement::Article> {
    a.termination
        .as_ref()
        .map(|t| &t.article)
        .or(a.renewal.as_ref().map(|r| &r.article))
}

/// The article a recorded notice ends the agreement under.
fn notice_article(a: &Agreement) -> String {
    notice_clause(a).map_or_else(|| a.term.article.to_string(), |x| x.to_string())
}

/// Leaving at once by early withdrawal instead, where the agreement allows
/// it and the notice does not end things at once; adds its consent line.
fn early_withdrawal(
    n: &Notice,
    ends: NaiveDate,
    consent: &mut Vec<Step>,
) -> Option<EarlyWithdrawal> {
    let a = n.agreement;
    let w = a
        .withdrawal
        .as_ref()
        .filter(|_| n.party.is_none_or(|p| p.role == Role::Client))
        .filter(|_| n.given < ends)?;
    consent.push(step(
        "early withdrawal",
        "a client may leave before its notice takes effect, without the others' consent, but owes compensation",
        &w.article,
    ));
    let party_arg = n.party.map_or("<client>".to_string(), |p| p.id.clone());
    let now = n.withdrawal_now.as_ref();
    Some(EarlyWithdrawal {
        effective: n.given,
        regular_end: ends,
        rule: withdrawal_rule(w),
        article: w.article.to_string(),
        compensation: now.and_then(|c| c.as_ref().ok()).map(|c| Compensation {
            amount: c.total,
            explanations: c.explanations.clone(),
        }),
        unavailable: now.and_then(|c| c.as_ref().err()).cloned(),
        command: format!(
            "ledger withdraw --agreement {} --party {party_arg} --effective {}",
            a.id, n.given
        ),
    })
}

/// The withdrawal clause in words: what is compensated, and when not.
fn withdrawal_rule(w: &Withdrawal) -> Vec<Step> {
    let until = w.until.words();
    let fees = if w.with_fees {
        "with the fees of the agreement"
    } else {
        "without fees"
    };
    let mut rule = vec![
        step(
            "compensation",
            format!(
                "the withdrawing client pays {}the contracted hours it no longer takes from the effective date until {until}, at most {} months, {fees}",
                crate::report::show::share_words(w),
                w.cap_months
            ),
            &w.article,
        )];
    // An agreement without a relief clause has no "no compensation" step.
    rule.extend(w.relief_article.iter().map(|relief| {
        step(
            "no compensation",
            "as far as the provider can deploy the hours elsewhere or end its external hiring contract before the withdrawal takes effect",
            relief,
        )
    }));
    rule
}

/// A notice that ends the agreement at a term's end, as the core found it.
struct TermEnd {
    term: calendar::Period,
    term_number: u32,
    last_day: NaiveDate,
    missed: Option<(calendar::Period, NaiveDate)>,
}

/// Steps for a termination clause: the notice period, then the term's end.
fn after_period(
    a: &Agreement,
    given: NaiveDate,
    computed: NaiveDate,
    ends: NaiveDate,
    term_ends_first: bool,
    source: &str,
) -> (Vec<Step>, Explanation) {
    let t = a
        .termination
        .as_ref()
        .expect("only a termination clause ends an agreement after a notice period");
    let months = t.notice_months;
    let unit = if months == 1 { "month" } else { "months" };
    let clamp = if computed.day() != given.day() {
        format!(
            "; {} has no day {}, so the period ends on its last day",
            super::lang::month(computed.month(), Locale::En),
            given.day()
        )
    } else {
        String::new()
    };
    let term_end = a.term.period.end();
    let mut steps = vec![step(
        "notice period",
        format!("{given} + {months} {unit} = {computed}{clamp}"),
        &t.article,
    )];
    let result = if term_ends_first {
        steps.push(step(
            "end of the term",
            format!("{term_end} comes before {computed}: the term ends first"),
            &a.term.article,
        ));
        format!("the agreement ends with its term on {ends}; the notice does not end it earlier")
    } else {
        steps.push(step(
            "end of the term",
            format!("{term_end}, after {computed}"),
            &a.term.article,
        ));
        format!("the agreement ends on {ends}, before its term would")
    };
    steps.push(step("result", result, &t.article));
    let x = Explanation::new(
        "end of the agreement",
        format!(
            "min(given + {months} {unit}, clamped to the month's last day; the end of the term)"
        ),
        ends,
    )
    .input(Input::new("given", given, "--given"))
    .input(Input::new(
        "notice period",
        format!("{months} {unit}"),
        format!("{source}: termination.notice_months"),
    ))
    .input(Input::new(
        "end of the term",
        term_end,
        format!("{source}: term.end"),
    ))
    .article(&t.article);
    (steps, x)
}

/// Steps for a renewal clause: the running term, the deadline the notice
/// missed (if any) and the one it met.
fn at_term_end(
    a: &Agreement,
    given: NaiveDate,
    e: TermEnd,
    source: &str,
) -> (Vec<Step>, Explanation) {
    let r = a
        .renewal
        .as_ref()
        .expect("only a renewal clause ends an agreement at a term's end");
    let x = term_end_explanation(a, r, given, &e, source);
    (term_end_steps(a, r, given, e), x)
}

/// The steps of a notice that ends the agreement at a term's end.
fn term_end_steps(a: &Agreement, r: &Renewal, given: NaiveDate, e: TermEnd) -> Vec<Step> {
    let TermEnd {
        term,
        term_number,
        last_day,
        missed,
    } = e;
    let term_name = |n: u32| {
        if n == 0 {
            "the initial term".to_string()
        } else {
            format!("renewal term {n}")
        }
    };
    let mut steps = Vec::new();
    let running = match missed {
        Some((p, _)) => (term_number - 1, p),
        None => (term_number, term),
    };
    steps.push(step(
        "running term",
        format!("{}: {}", term_name(running.0), running.1),
        if running.0 == 0 {
            &a.term.article
        } else {
            &r.article
        },
    ));
    if let Some((p, missed_day)) = missed {
        let late = (given - missed_day).num_days();
        let days = if late == 1 { "day" } else { "days" };
        steps.push(step(
            format!("too late for {}", p.end()),
            format!(
                "notice against the renewal after {} had to be given {} (last day {missed_day}); {given} is {late} {days} late, so the agreement renews to {}",
                p.end(),
                super::lang::wording(r.notice.wording(p.end()), Locale::En),
                term.end()
            ),
            &r.article,
        ));
    }
    let early = (last_day - given).num_days();
    let margin = match early {
        0 => "the last day itself".to_string(),
        1 => "1 day before it".to_string(),
        n => format!("{n} days before it"),
    };
    steps.push(step(
        format!("on time for {}", term.end()),
        format!(
            "notice against the renewal after {} must be given {} (last day {last_day}); {given} is {margin}",
            term.end(),
            super::lang::wording(r.notice.wording(term.end()), Locale::En)
        ),
        &r.article,
    ));
    let which = if missed.is_some() {
        "the next term"
    } else {
        "the running term"
    };
    steps.push(step(
        "result",
        format!(
            "it ends at the end of {which}, on {}, instead of renewing to {}",
            term.end(),
            calendar::add_months(term.end(), r.months)
        ),
        &r.article,
    ));
    steps
}

/// How the end under a renewal clause follows, for `--explain`.
fn term_end_explanation(
    a: &Agreement,
    r: &Renewal,
    given: NaiveDate,
    e: &TermEnd,
    source: &str,
) -> Explanation {
    let (term, last_day) = (e.term, e.last_day);
    Explanation::new(
        "end under the notice",
        "the end of the first term whose notice deadline is on or after the date given",
        term.end(),
    )
    .input(Input::new("given", given, "--given"))
    .input(Input::new(
        "initial term",
        a.term.period,
        format!("{source}: term"),
    ))
    .input(Input::new(
        "renewal",
        format!("{} months", r.months),
        format!("{source}: renewal.months"),
    ))
    .input(Input::new(
        format!("notice deadline for {}", term.end()),
        format!(
            "{} → last day {last_day}",
            super::lang::wording(r.notice.wording(term.end()), Locale::En)
        ),
        format!("{source}: renewal"),
    ))
    .article(&r.article)
}

/// The report as tables; `explain` adds the explanations.
pub fn write_table(
    out: &mut dyn Write,
    r: &NoticeReport,
    locale: Locale,
    explain: bool,
) -> anyhow::Result<()> {
    writeln!(out, "{} [{}]", r.title, r.agreement)?;
    let by = r
        .party
        .as_ref()
        .map_or(String::new(), |p| format!(" by {} ({})", p.name, p.role));
    writeln!(
        out,
        "Written notice{by} given on {} ({})",
        r.given,
        super::weekday(r.given, locale)
    )?;
    writeln!(out, "Ends: {} — {}", r.ends, r.what_ends)?;
    let section = |out: &mut dyn Write, title: &str, rows: &[Step]| -> anyhow::Result<()> {
        if rows.is_empty() {
            return Ok(());
        }
        writeln!(out, "\n{title}")?;
        let mut t = super::table();
        t.set_header(vec!["", "", "article"]);
        for s in rows {
            t.add_row(vec![s.label.as_str(), s.value.as_str(), s.article.as_str()]);
        }
        writeln!(out, "{}", super::fitted(t, &[], locale))?;
        Ok(())
    };
    section(out, "How the end follows", &r.steps)?;
    section(out, "Who must agree", &r.consent)?;
    if let Some(w) = &r.early_withdrawal {
        section(
            out,
            &format!(
                "Early withdrawal instead, effective {} (before {})",
                w.effective, w.regular_end
            ),
            &w.rule,
        )?;
        match &w.compensation {
            Some(c) => {
                writeln!(out, "compensation: {}", super::money(c.amount, locale))?;
                if explain {
                    for x in &c.explanations {
                        super::lang::write_explanation(out, x, locale)?;
                    }
                }
            }
            None => match &w.unavailable {
                Some(why) => writeln!(out, "compensation: cannot be computed: {why}")?,
                None => writeln!(out, "compensation: computed by `{}`", w.command)?,
            },
        }
    }
    if explain {
        writeln!(out, "\nExplanation")?;
        super::lang::write_explanation(out, &r.explanation, locale)?;
    }
    Ok(())
}

/// One CSV row per line of the report.
pub fn write_csv(out: &mut dyn Write, r: &NoticeReport) -> anyhow::Result<()> {
    #[derive(Serialize)]
    struct Row<'a> {
        agreement: &'a str,
        given: NaiveDate,
        party: &'a str,
        ends: NaiveDate,
        section: &'a str,
        label: &'a str,
        value: &'a str,
        article: &'a str,
    }
    let party = r.party.as_ref().map_or("", |p| p.id.as_str());
    let mut w = super::csv_writer(out);
    let mut put = |section: &str, s: &Step| {
        w.serialize(Row {
            agreement: &r.agreement,
            given: r.given,
            party,
            ends: r.ends,
            section,
            label: &s.label,
            value: &s.value,
            article: &s.article,
        })
    };
    for s in &r.steps {
        put("end", s)?;
    }
    for s in &r.consent {
        put("consent", s)?;
    }
    if let Some(e) = &r.early_withdrawal {
        for s in &e.rule {
            put("early_withdrawal", s)?;
        }
        // The figure the table and JSON show, written plainly like every
        // CSV amount, or why there is none.
        let amount = match (&e.compensation, &e.unavailable) {
            (Some(c), _) => step("compensation amount", c.amount.plain(), &e.article),
            (None, Some(why)) => step(
                "compensation amount",
                format!("cannot be computed: {why}"),
                &e.article,
            ),
            (None, None) => step(
                "compensation amount",
                format!("computed by `{}`", e.command),
                &e.article,
            ),
        };
        put("early_withdrawal", &amount)?;
    }
    w.flush()?;
    Ok(())
}
