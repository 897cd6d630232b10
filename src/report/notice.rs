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
use crate::report::lang;
use crate::report::lang::tables::{Heading, Notice as Msg, Say};
use crate::report::text::Text;

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
    pub what_ends: Text,
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
    /// The role's stable name (`client`); the table words `party_role`.
    pub role: String,
    #[serde(skip)]
    pub party_role: Role,
}

/// One labelled line with its article.
#[derive(Debug, Serialize)]
pub struct Step {
    pub label: Text,
    pub value: Text,
    pub article: String,
}

fn step(label: impl Into<Text>, value: impl Into<Text>, article: impl ToString) -> Step {
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
    /// Whether another client still takes part when the notice takes
    /// effect: then a client's notice ends its own part only.
    pub others_go_on: bool,
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
                    say(Msg::AlreadyEndsLabel),
                    say(Msg::AlreadyEnds {
                        by: r.by.clone(),
                        given: r.given,
                        source: r.source.clone(),
                        ends: r.ends,
                        this_given: n.given,
                    }),
                    notice_article(a),
                ));
                say(Msg::EndedByRecorded {
                    by: r.by.clone(),
                    given: r.given,
                })
            }
            None => what_ends(a, n.party, n.others_go_on),
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
                party_role: p.role,
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
                say(Msg::NoNoticeClauseLabel),
                say(Msg::NoNoticeClause { ends: *ends }),
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
fn what_ends(a: &Agreement, party: Option<&Party>, others_go_on: bool) -> Text {
    let clients = a.clients().count();
    say(match party {
        Some(p) if p.role == Role::Client && others_go_on => Msg::Participation(p.name.clone()),
        Some(_) => Msg::TheAgreement,
        None if clients > 1 => Msg::TheAgreementWhenProvider,
        None => Msg::TheAgreement,
    })
}

/// A message of `notice`.
fn say(n: Msg) -> Text {
    Say::Notice(n).into()
}

/// That one party's written notice needs no one's consent, under the
/// clause that allows notice.
fn notice_consent(a: &Agreement) -> Vec<Step> {
    notice_clause(a)
        .map(|article| step(say(Msg::NoticeLabel), say(Msg::NeedsNoConsent), article))
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
        say(Msg::EarlyWithdrawalLabel),
        say(Msg::MayLeaveEarly),
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
    let mut rule = vec![step(
        Say::Label(Heading::Compensation),
        say(Msg::Pays {
            percent: w.percent,
            until: w.until,
            cap_months: w.cap_months,
            with_fees: w.with_fees,
        }),
        &w.article,
    )];
    // An agreement without a relief clause has no "no compensation" step.
    rule.extend(w.relief_article.iter().map(|relief| {
        step(
            Say::Label(Heading::NoCompensation),
            say(Msg::Relief),
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
    let clamped = (computed.day() != given.day()).then(|| given.day());
    let term_end = a.term.period.end();
    let mut steps = vec![step(
        Say::Label(Heading::NoticePeriod),
        say(Msg::NoticePeriod {
            given,
            months,
            computed,
            clamped,
        }),
        &t.article,
    )];
    let (end_of_term, result) = if term_ends_first {
        (
            Msg::TermEndsFirst { term_end, computed },
            Msg::EndsWithTerm { ends },
        )
    } else {
        (
            Msg::TermEndsAfter { term_end, computed },
            Msg::EndsBeforeTerm { ends },
        )
    };
    let end_label = Say::Label(Heading::EndOfTheTerm);
    steps.push(step(end_label, say(end_of_term), &a.term.article));
    steps.push(step(Say::Label(Heading::Result), say(result), &t.article));
    use crate::core::statement::{given as key, StatementPhrase as S};
    let x = Explanation::new(S::AgreementEnd, S::NoticePeriodEndFormula { months }, ends)
        .input(Input::new(S::GivenOn, given, key("--given")))
        .input(Input::new(
            S::NoticePeriod,
            S::Months(months),
            key(format!("{source}: termination.notice_months")),
        ))
        .input(Input::new(
            S::TermEnd,
            term_end,
            key(format!("{source}: term.end")),
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
    let mut steps = Vec::new();
    let running = match missed {
        Some((p, _)) => (term_number - 1, p),
        None => (term_number, term),
    };
    steps.push(step(
        Say::Label(Heading::RunningTerm),
        say(Msg::Running {
            renewal: running.0,
            term: running.1,
        }),
        if running.0 == 0 {
            &a.term.article
        } else {
            &r.article
        },
    ));
    if let Some((p, missed_day)) = missed {
        steps.push(step(
            say(Msg::TooLateFor(p.end())),
            say(Msg::TooLate {
                end: p.end(),
                wording: r.notice.wording(p.end()),
                last_day: missed_day,
                given,
                days: (given - missed_day).num_days(),
                renews_to: term.end(),
            }),
            &r.article,
        ));
    }
    steps.push(step(
        say(Msg::OnTimeFor(term.end())),
        say(Msg::OnTime {
            end: term.end(),
            wording: r.notice.wording(term.end()),
            last_day,
            given,
            days: (last_day - given).num_days(),
        }),
        &r.article,
    ));
    steps.push(step(
        Say::Label(Heading::Result),
        say(Msg::EndsAtTermEnd {
            next: missed.is_some(),
            end: term.end(),
            renewal_to: calendar::add_months(term.end(), r.months),
        }),
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
    use crate::core::statement::{given as key, StatementPhrase as S};
    let (term, last_day) = (e.term, e.last_day);
    let deadline = S::NoticeDeadline {
        wording: r.notice.wording(term.end()),
        last_day,
    };
    Explanation::new(S::NoticeEnd, S::NoticeEndFormula, term.end())
        .input(Input::new(S::GivenOn, given, key("--given")))
        .input(Input::new(
            S::InitialTerm,
            a.term.period,
            key(format!("{source}: term")),
        ))
        .input(Input::new(
            S::Renewal,
            S::RenewalMonths(r.months),
            key(format!("{source}: renewal.months")),
        ))
        .input(Input::new(
            S::NoticeDeadlineFor(term.end()),
            deadline,
            key(format!("{source}: renewal")),
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
    let words = |n: Msg| lang::say(&Say::Notice(n), locale);
    writeln!(out, "{} [{}]", r.title, r.agreement)?;
    let by = r.party.as_ref().map(|p| (p.name.clone(), p.party_role));
    writeln!(out, "{}", words(Msg::Given { by, given: r.given }))?;
    let ends = words(Msg::Ends { ends: r.ends });
    writeln!(out, "{ends}{}", r.what_ends.render(locale))?;
    let section = |out: &mut dyn Write, title: String, rows: &[Step]| -> anyhow::Result<()> {
        if rows.is_empty() {
            return Ok(());
        }
        writeln!(out, "\n{title}")?;
        let mut t = super::table();
        t.set_header(vec!["", "", lang::heading(Heading::Article, locale)]);
        for s in rows {
            let (label, value) = (s.label.render(locale), s.value.render(locale));
            t.add_row(vec![label, value, s.article.clone()]);
        }
        writeln!(out, "{}", super::fitted(t, &[], locale))?;
        Ok(())
    };
    section(out, words(Msg::HowTheEndFollows), &r.steps)?;
    let who = lang::heading(Heading::WhoMustAgree, locale).to_string();
    section(out, who, &r.consent)?;
    if let Some(w) = &r.early_withdrawal {
        let (effective, before) = (w.effective, w.regular_end);
        let title = words(Msg::InsteadEffective { effective, before });
        section(out, title, &w.rule)?;
        write_compensation(out, w, locale, explain)?;
    }
    if explain {
        writeln!(out, "\n{}", lang::heading(Heading::Explanation, locale))?;
        lang::write_explanation(out, &r.explanation, locale)?;
    }
    Ok(())
}

/// The compensation of leaving early, or why it is not given here.
fn write_compensation(
    out: &mut dyn Write,
    w: &EarlyWithdrawal,
    locale: Locale,
    explain: bool,
) -> anyhow::Result<()> {
    let label = lang::heading(Heading::Compensation, locale);
    match (&w.compensation, &w.unavailable) {
        (Some(c), _) => {
            writeln!(out, "{label}: {}", super::money(c.amount, locale))?;
            if explain {
                for x in &c.explanations {
                    lang::write_explanation(out, x, locale)?;
                }
            }
        }
        (None, Some(why)) => {
            let why = lang::say(&Say::Notice(Msg::CannotBeComputed(why.clone())), locale);
            writeln!(out, "{label}: {why}")?;
        }
        (None, None) => {
            let how = lang::say(&Say::Notice(Msg::ComputedBy(w.command.clone())), locale);
            writeln!(out, "{label}: {how}")?;
        }
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
            label: &s.label.plain(),
            value: &s.value.plain(),
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
        // The label of this row is a key, not prose: a machine finds the
        // amount by it, so it is the same stable English in every run.
        let label = "compensation amount";
        let amount = match (&e.compensation, &e.unavailable) {
            (Some(c), _) => step(label, c.amount.plain(), &e.article),
            (None, Some(why)) => step(label, say(Msg::CannotBeComputed(why.clone())), &e.article),
            (None, None) => step(label, say(Msg::ComputedBy(e.command.clone())), &e.article),
        };
        put("early_withdrawal", &amount)?;
    }
    w.flush()?;
    Ok(())
}
