//! `ledger notice`: what a written notice given on a date achieves. This
//! module loads, checks the date and party, and asks the core for the
//! notice's effect and the compensation of leaving at once; the report and
//! its renderers are in `report::notice`.

use std::io::Write;

use anyhow::{anyhow, bail};
use chrono::NaiveDate;

use crate::cli::{DataArgs, Format, Locale, NoticeArgs};
use crate::core::agreement::{Agreement, Party, Role};
use crate::core::facts::Facts;
use crate::core::parties::Parties;
use crate::core::term;
use crate::core::withdrawal;
use crate::load::Entry;
use crate::report;
use crate::report::notice::{self as view, Notice, NoticeReport, RecordedEnd};

pub fn run(
    data: &DataArgs,
    args: &NoticeArgs,
    locale: Locale,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let dataset = super::load_dataset(data)?;
    let entry = dataset.require(&args.agreement)?;
    let report = build(entry, args.party.as_deref(), args.given)?;
    for w in warnings(entry, &report) {
        eprintln!("warning: {w}");
    }
    match args.output.format {
        Format::Json => report::write_json(out, &report),
        Format::Csv => view::write_csv(out, &report),
        Format::Table => view::write_table(out, &report, locale, args.output.explain),
    }
}

/// Builds the report for a notice by `party` (id or name, optional) given
/// on `given`. Fails when the party is unknown or does not take part on that
/// day, or when the date lies before the start or after the end of the
/// agreement.
pub fn build(entry: &Entry, party: Option<&str>, given: NaiveDate) -> anyhow::Result<NoticeReport> {
    let a = &entry.agreement;
    let f = &entry.facts;
    let party = party.map(|q| find_party(a, f, q)).transpose()?;
    check_runs(a, f, party, given)?;
    let effect = term::notice_effect(a, given).map_err(|e| anyhow!(e))?;
    let recorded = recorded_end(a, f);
    let ends = recorded
        .as_ref()
        .map_or(effect.end(), |r| r.ends.min(effect.end()));
    let withdrawal_now = withdrawal_now(a, f, party, given, ends);
    let others_go_on = party.is_some_and(|p| Parties::new(a, f).others_take_part(&p.id, ends));
    Ok(NoticeReport::build(&Notice {
        agreement: a,
        source: entry.path.display().to_string(),
        party,
        given,
        effect,
        recorded,
        withdrawal_now,
        others_go_on,
    }))
}

/// The notice recorded in the facts that ends the whole agreement first
/// (`term::ending_notice`), as the report names it.
fn recorded_end(a: &Agreement, f: &Facts) -> Option<RecordedEnd> {
    let (n, ends) = term::ending_notice(a, f)?;
    let by = Parties::new(a, f)
        .find(&n.party)
        .map_or(n.party.clone(), |m| m.party.name.clone());
    Some(RecordedEnd {
        by,
        given: n.given,
        source: n.source.clone(),
        ends,
    })
}

/// What leaving at once would cost instead: the compensation of a
/// withdrawal taking effect on the day of the notice, nothing redeployed.
/// The notice's answer stands on its own; a compensation that cannot be
/// computed (a missing index figure) is said beside it.
fn withdrawal_now(
    a: &Agreement,
    f: &Facts,
    party: Option<&Party>,
    given: NaiveDate,
    ends: NaiveDate,
) -> Option<Result<withdrawal::Compensation, String>> {
    let p = party.filter(|p| {
        p.role == Role::Client && a.withdrawal.is_some() && a.hours.is_some() && given < ends
    })?;
    Some(
        withdrawal::compensation(a, f, &p.id, given, rust_decimal::Decimal::ZERO, None)
            .map_err(|e| e.to_string()),
    )
}

/// A party of the agreement or one that joined it, by id or name.
fn find_party<'a>(a: &'a Agreement, f: &'a Facts, query: &str) -> anyhow::Result<&'a Party> {
    let parties = Parties::new(a, f);
    parties.find(query).map(|m| m.party).ok_or_else(|| {
        let known: Vec<&str> = parties.ids().collect();
        anyhow!(
            "unknown party `{query}` in {}; the parties are: {}",
            a.id,
            known.join(", ")
        )
    })
}

/// Fails when the notifying party does not take part on `given`, or the
/// agreement has already ended by a notice recorded in the facts.
fn check_runs(
    a: &Agreement,
    f: &Facts,
    party: Option<&Party>,
    given: NaiveDate,
) -> anyhow::Result<()> {
    let start = a.term.period.start();
    if given < start {
        bail!("a notice given on {given} comes before the agreement starts on {start}");
    }
    if let Some(end) = term::agreement_end(a, f) {
        if given > end {
            bail!("a notice given on {given} comes after the agreement ended on {end}");
        }
    }
    if let Some(p) = party.filter(|p| p.role == Role::Client) {
        let part = term::participation(a, f, &p.id);
        if given < part.start {
            bail!(
                "{} joins {} on {}; a notice given on {given} comes before that",
                p.name,
                a.id,
                part.start
            );
        }
        if let Some(end) = part.end.filter(|e| given > *e) {
            bail!(
                "{} takes part in {} only until {end}; a notice given on {given} comes after that",
                p.name,
                a.id
            );
        }
    }
    Ok(())
}

/// Warnings about facts the notice sits beside: an earlier notice by the
/// same party.
fn warnings(entry: &Entry, r: &NoticeReport) -> Vec<String> {
    let Some(p) = &r.party else {
        return Vec::new();
    };
    entry
        .facts
        .notices
        .iter()
        .filter(|n| n.party == p.id)
        .map(|n| {
            format!(
                "{} already gave notice on {} ({})",
                p.name, n.given, n.source
            )
        })
        .collect()
}
