//! `ledger invoice --quarter Q` (or `--month`, `--half`, `--year`): the
//! invoices of every agreement that fall in the asked period, one per paying
//! client and billing period of the agreement's own rhythm (an invoice falls
//! in the asked period that holds its invoice day, see
//! `BillingPeriod::billed_in`). This module loads, resolves
//! `--party` and computes; the report and its renderers (stdout or one file
//! per invoice in `--out DIR`) are in `report::invoice`.

use std::io::Write;

use anyhow::Context;

use crate::cli::{DataArgs, InvoiceArgs, Locale};
use crate::core::agreement::Role;
use crate::core::calendar::Period;
use crate::core::invoice::{self, NoInvoice, Note, PeriodNote};
use crate::core::parties::Parties;
use crate::core::period::BillingPeriod;
use crate::load::{activity, Dataset, Entry};
use crate::report::invoice::{self as view, InvoiceReport};
use crate::report::lang;

pub fn run(
    data: &DataArgs,
    args: &InvoiceArgs,
    locale: Locale,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let quarter = asked_period(args)?;
    let dataset = super::load_dataset(data)?;
    let (report, warnings) = compute_with(
        &dataset,
        quarter,
        args.agreement.as_deref(),
        args.party.as_deref(),
        args.output.explain,
    )?;
    super::warn_without_facts(data, &super::select(&dataset, args.agreement.as_deref())?);
    for w in &warnings {
        eprintln!("warning: {w}");
    }
    let format = args.output.format;
    match &args.out {
        None => view::write(out, &report, format, locale),
        Some(dir) => {
            let shape = (format, args.output.csv_dialect);
            view::write_files(out, &report, dir, shape, locale, args.force)
        }
    }
}

/// The quarter's invoices (explanations kept) and notes of the selected
/// agreements, to `party` only when one is named, and the warnings to print.
/// `ledger issue` and `ledger verify` compute through here too, so that what
/// is issued is exactly what `invoice` shows.
pub fn compute(
    dataset: &Dataset,
    quarter: BillingPeriod,
    agreement: Option<&str>,
    party: Option<&str>,
) -> anyhow::Result<(InvoiceReport, Vec<String>)> {
    compute_with(dataset, quarter, agreement, party, true)
}

/// [`compute`], with the invoices' explanations built only when `explain`
/// is set, and the invoices of `party` only: what is left out is never
/// built, so the rest is the same as what `compute` gives.
fn compute_with(
    dataset: &Dataset,
    quarter: BillingPeriod,
    agreement: Option<&str>,
    party: Option<&str>,
    explain: bool,
) -> anyhow::Result<(InvoiceReport, Vec<String>)> {
    let entries = super::select(dataset, agreement)?;
    // Resolve --party against the selected agreements before any work, so a
    // typo fails fast and names the parties there are.
    let party = party.map(|q| resolve_party(&entries, q)).transpose()?;
    let mut report = InvoiceReport {
        quarter: quarter.to_string(),
        invoices: Vec::new(),
        notes: Vec::new(),
    };
    let mut warnings: Vec<String> = Vec::new();
    for entry in entries {
        let wanted = party.as_deref();
        collect(entry, quarter, wanted, explain, &mut report, &mut warnings)?;
    }
    Ok((report, warnings))
}

/// The one period asked for (clap makes sure there is exactly one), parsed
/// as the rhythm of its option: `--month 2019-Q1` is an error.
pub fn asked_period(args: &InvoiceArgs) -> anyhow::Result<BillingPeriod> {
    // Each flag is parsed by clap with the one period parser (cli.rs); the
    // argument group makes exactly one of them present.
    [args.quarter, args.month, args.half, args.year]
        .into_iter()
        .flatten()
        .next()
        .ok_or_else(|| anyhow::anyhow!("give one of --quarter, --month, --half or --year"))
}

/// The ids `query` names in the selected agreements (a party by id or
/// name, or a joiner by id). Fails when it names none, listing the parties.
fn resolve_party(entries: &[&Entry], query: &str) -> anyhow::Result<Vec<String>> {
    let resolvers: Vec<Parties> = entries
        .iter()
        .map(|e| Parties::new(&e.agreement, &e.facts))
        .collect();
    let found: Vec<String> = resolvers
        .iter()
        .filter_map(|p| p.find(query).map(|m| m.id().to_string()))
        .collect();
    if found.is_empty() {
        let mut known: Vec<&str> = resolvers.iter().flat_map(Parties::ids).collect();
        known.dedup();
        anyhow::bail!(
            "unknown party `{query}`; the parties are: {}",
            known.join(", ")
        );
    }
    Ok(found)
}

/// Adds the invoices, notes and warnings of one agreement for the quarter,
/// those of `party` only when one was asked for.
fn collect(
    entry: &Entry,
    quarter: BillingPeriod,
    party: Option<&[String]>,
    explain: bool,
    report: &mut InvoiceReport,
    warnings: &mut Vec<String>,
) -> anyhow::Result<()> {
    let (a, f) = (&entry.agreement, &entry.facts);
    let wanted = |id: &str| is_wanted(party, id);
    if let Some(p) = party.and_then(|ids| {
        ids.iter()
            .find_map(|id| a.party(id).filter(|p| p.role == Role::Provider))
    }) {
        report.notes.push(Note {
            agreement: a.id.clone(),
            party: Some(p.id.clone()),
            message: PeriodNote::Provider {
                name: p.name.clone(),
                agreement: a.id.clone(),
            },
        });
        return Ok(());
    }
    let takes_part = a.parties.iter().any(|p| wanted(&p.id))
        || f.accessions.iter().any(|ac| wanted(&ac.party.id));
    if !takes_part {
        return Ok(());
    }
    // The agreement's own billing periods whose invoices fall in the asked
    // period; none is worth a note that says when they do fall.
    let periods = BillingPeriod::billed_in(a.billing.rhythm, a.billing.timing, quarter);
    let (Some(first), Some(last)) = (periods.first(), periods.last()) else {
        // Outside the term the term is the reason, not the rhythm: ADRES
        // runs from 2023, so `--month 2021-01` has no 2021-Q1 invoice to
        // announce.
        let asked = invoice::PeriodContext::new(a, f, quarter);
        report.notes.push(match asked.taking_part().is_empty() {
            true => invoice::agreement_note(&asked),
            false => rhythm_note(a, quarter),
        });
        return Ok(());
    };
    let span = Period::new(first.period().start(), last.period().end())
        .expect("billing periods are in order");
    // Only the rows of those periods are summed (per month, for rates that
    // change within them); every row of the log is still validated.
    let mut activity =
        activity::aggregate(a, f, |d| span.contains(d).then(|| invoice::month_of(d)))?;
    // Worded now, so that a log full of warnings is not held twice while
    // the invoices are built.
    keep_log_warnings(std::mem::take(&mut activity.warnings), party, warnings);
    let mut billing = invoice::PeriodBilling::default();
    for p in periods {
        // Explanations are built only when asked for, and the invoices of
        // the party asked for only: the others would be dropped below.
        let ctx = invoice::PeriodContext::new(a, f, p)
            .explained(explain)
            .only(party);
        let b = invoice::invoices_in(&ctx, &activity)
            .with_context(|| format!("cannot compute the invoices of {} for {p}", a.id))?;
        billing.invoices.extend(b.invoices);
        billing.notes.extend(b.notes);
        billing.warnings.extend(b.warnings);
    }
    if activity.totals.is_empty() {
        if let Some(message) = log_stops(entry, quarter, span.start())? {
            report.notes.push(Note {
                agreement: a.id.clone(),
                party: None,
                message,
            });
        }
    }
    keep_wanted(billing, party, report, warnings);
    Ok(())
}

/// Whether `id` is wanted: every party, or one that `--party` names.
fn is_wanted(party: Option<&[String]>, id: &str) -> bool {
    party.is_none_or(|p| p.iter().any(|x| x == id))
}

/// Adds the warnings of the log, worded. They are about its rows, whichever
/// invoice of the quarter is asked for, but with `--party` only the rows of
/// that party: another client's shift is not this invoice's business.
fn keep_log_warnings(
    log: Vec<crate::core::activity::Warning>,
    party: Option<&[String]>,
    warnings: &mut Vec<String>,
) {
    warnings.extend(
        log.into_iter()
            .filter(|w| is_wanted(party, &w.borrower))
            .map(|w| format!("{}: {}", w.position, w.message)),
    );
}

/// Adds what one agreement's billing gave to the report: everything, or
/// with `--party` only what is about that party.
fn keep_wanted(
    billing: invoice::PeriodBilling,
    party: Option<&[String]>,
    report: &mut InvoiceReport,
    warnings: &mut Vec<String>,
) {
    let wanted = |id: &str| is_wanted(party, id);
    warnings.extend(
        billing
            .warnings
            .into_iter()
            .filter(|n| n.party.as_deref().is_none_or(wanted))
            .map(|n| lang::english(&n.message)),
    );
    report.invoices.extend(
        billing
            .invoices
            .into_iter()
            .filter(|i| wanted(&i.recipient.id)),
    );
    report.notes.extend(
        billing
            .notes
            .into_iter()
            .filter(|n| n.party.as_deref().is_none_or(wanted)),
    );
}

/// Why an agreement has no invoice in the asked period: it bills at another
/// rhythm, and its invoices fall elsewhere (per year in arrears, its 2019
/// invoice can be issued from 2020-01-01, Art. 7).
fn rhythm_note(a: &crate::core::agreement::Agreement, asked: BillingPeriod) -> Note {
    let b = &a.billing;
    let next = [asked.year(), asked.year() + 1]
        .into_iter()
        .flat_map(|y| BillingPeriod::in_year(b.rhythm, y))
        .find(|p| p.invoice_day(b.timing) > asked.period().end())
        .map(|p| invoice::NextInvoice {
            period: p,
            day: p.invoice_day(b.timing),
            issuable_from: p.issuable_from(b.timing),
        });
    Note {
        agreement: a.id.clone(),
        party: None,
        message: PeriodNote::NoInvoice {
            subject: a.id.clone(),
            to: None,
            period: asked,
            why: vec![NoInvoice::Rhythm {
                rhythm: b.rhythm,
                timing: b.timing,
                next,
                article: b.article.clone(),
            }],
        },
    }
}

/// Where a quarter has no rows because the log stops before it, the note
/// that says so: without it a missing travel line reads as no travel. A log
/// that goes on after the quarter (a quiet quarter) needs no note.
/// `start` is the first day the invoices of `quarter` (the asked period)
/// bill.
fn log_stops(
    entry: &Entry,
    quarter: BillingPeriod,
    start: chrono::NaiveDate,
) -> anyhow::Result<Option<PeriodNote>> {
    let (a, f) = (&entry.agreement, &entry.facts);
    if a.travel.is_none() || f.activity_logs.is_empty() {
        return Ok(None);
    }
    // One pass: the days before `start` as themselves, every later day as
    // `start`, so the largest key is the log's last day before the billed
    // days, or `start` when the log goes on.
    let days = activity::aggregate(a, f, |d| Some(d.min(start)))?;
    Ok(match days.totals.keys().map(|(_, d)| *d).max() {
        Some(last) if last == start => None,
        Some(last) => Some(PeriodNote::LogEnds {
            last,
            period: quarter,
        }),
        None => Some(PeriodNote::LogEmpty { period: quarter }),
    })
}
