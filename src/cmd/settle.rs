//! `ledger settle --year Y [--agreement ID] [--party NAME]`: the year-end
//! settlement per client (DOMAIN rule 7). This module loads, selects and
//! settles; the report and its renderers are in `report::settle`.

use std::io::Write;

use chrono::{Datelike, NaiveDate};

use crate::cli::{DataArgs, Format, Locale, SettleArgs};
use crate::core::agreement::Agreement;
use crate::core::explain::Phrase;
use crate::core::facts::Facts;
use crate::core::invoice::{self, Invoice};
use crate::core::period::BillingPeriod;
use crate::core::settlement;
use crate::core::statement::{IssuedInPeriod, StatementPhrase as S, TakenBack, Yearly};
use crate::load::{activity, Dataset, Entry};
use crate::register::{body, OpenMode};
use crate::report::settle::{self as view, AgreementSettlements, SettleReport, SettlementView};

use super::statement::{
    agreements_in_year, client_list, clients, find_client, print_warnings, takes_no_part,
    YearlyReport,
};

pub fn run(
    data: &DataArgs,
    register: &super::RegisterFile,
    args: &SettleArgs,
    locale: Locale,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let dataset = super::load_dataset(data)?;
    let registered = registered_invoices(register, args.year)?;
    let o = &args.output;
    let report = build_with(&dataset, args, &registered, o.explain)?;
    match o.format {
        Format::Json => view::write_json(out, &report, o.explain),
        Format::Csv => view::write_csv(out, &report),
        Format::Table => view::write_table(out, &report, locale, o.explain),
    }
}

/// Settles every client (or the one asked for) of every agreement with
/// hours (or the one asked for) for the year, every figure explained (as
/// `ledger test` reads them).
pub fn build(dataset: &Dataset, args: &SettleArgs) -> anyhow::Result<SettleReport> {
    build_with(dataset, args, &Registered::default(), true)
}

/// What the register holds for a year: its live invoices, each with its
/// number, and the invoices credited and not issued again.
#[derive(Default)]
pub struct Registered {
    pub live: Vec<(String, Invoice)>,
    pub credited: Vec<Credited>,
}

/// An invoice that a credit note took back, with nothing issued in its
/// place yet: the settlement computes that period's invoice, and says so.
pub struct Credited {
    pub agreement: String,
    pub period: BillingPeriod,
    pub client: String,
    pub number: String,
    pub credit: String,
}

/// The register's invoices of `year`; none when there is no register file
/// yet.
fn registered_invoices(register: &super::RegisterFile, year: i32) -> anyhow::Result<Registered> {
    if !register.path.exists() {
        return Ok(Registered::default());
    }
    let reg = register.open(OpenMode::ReadOnly)?;
    let live = live_invoices(&reg, register, year)?;
    let credited = reg
        .list(&Default::default())?
        .into_iter()
        .filter_map(|d| {
            let credit = d.credited_by.clone()?;
            let period: BillingPeriod = d.period.parse().ok()?;
            let reissued = live.iter().any(|(_, inv)| {
                inv.agreement == d.agreement && inv.period == period && inv.recipient.id == d.client
            });
            (period.year() == year && !reissued).then_some(Credited {
                agreement: d.agreement,
                period,
                client: d.client,
                number: d.number,
                credit,
            })
        })
        .collect();
    Ok(Registered { live, credited })
}

/// The live invoices of `year` in the register, each with its number.
fn live_invoices(
    reg: &crate::register::Register,
    register: &super::RegisterFile,
    year: i32,
) -> anyhow::Result<Vec<(String, Invoice)>> {
    let mut issued = Vec::new();
    for doc in reg.live_invoices()? {
        let (invoice, _) = body::from_body(&doc.body).map_err(|e| {
            anyhow::anyhow!(
                "cannot read invoice {} from the register {}: {e}",
                doc.number,
                register.path.display()
            )
        })?;
        if invoice.period.year() == year {
            issued.push((doc.number, invoice));
        }
    }
    Ok(issued)
}

/// As [`build`], with the invoices issued into the register taking the
/// place of the computed ones where they exist, and the settlements'
/// explanations only where `explain` asks for them (`--explain`).
pub fn build_with(
    dataset: &Dataset,
    args: &SettleArgs,
    registered: &Registered,
    explain: bool,
) -> anyhow::Result<SettleReport> {
    let year = args.year;
    let explicit = args.agreement.is_some();
    let mut notes = Vec::new();
    let (entries, skipped) = agreements_in_year(
        dataset,
        args.agreement.as_deref(),
        year,
        &YearlyReport {
            report: Yearly::Settle,
            no_hours_error: "has no hours to settle: it bills no contracted hours",
            nothing: "nothing to settle in",
        },
        &mut notes,
    )?;
    if share_a_log(&entries) {
        // Each agreement tells the warnings of the rows it reads.
        super::statement::tell_each_warning_once();
    }
    let mut agreements = Vec::new();
    let mut party_found = false;
    for entry in entries {
        let (a, f) = (&entry.agreement, &entry.facts);
        let Some(parties) = parties_of(a, f, args.party.as_deref(), explicit)? else {
            continue;
        };
        party_found |= args.party.is_some();
        agreements.push(AgreementSettlements {
            agreement: a.id.clone(),
            title: a.short_title.clone(),
            settlements: settle_entry(entry, year, &parties, registered, explain, &mut notes)?,
        });
    }
    if let Some(q) = &args.party {
        if !party_found && !explicit {
            anyhow::bail!("unknown party `{q}`: no agreement with hours in {year} has a borrower by that name");
        }
    }
    notes.extend(skipped);
    Ok(SettleReport {
        year,
        agreements,
        notes,
    })
}

/// Whether two of the agreements settled read the same activity log, so
/// that the log's warnings would be told once for each.
fn share_a_log(entries: &[&Entry]) -> bool {
    let mut logs = std::collections::BTreeSet::new();
    entries
        .iter()
        .flat_map(|e| &e.facts.activity_logs)
        .any(|log| !logs.insert(log))
}

/// The clients of `a` to settle: all, or the one `party` names. `None`
/// when that party is not in this agreement and others may have it; an
/// error when the agreement was asked for by id.
fn parties_of(
    a: &Agreement,
    f: &Facts,
    party: Option<&str>,
    explicit: bool,
) -> anyhow::Result<Option<Vec<String>>> {
    let Some(q) = party else {
        return Ok(Some(clients(a, f)));
    };
    match find_client(a, f, q)? {
        Some(id) => Ok(Some(vec![id])),
        None if explicit => anyhow::bail!(
            "unknown party `{q}` in agreement `{}`; the borrowers are: {}",
            a.id,
            client_list(a, f)
        ),
        None => Ok(None),
    }
}

fn settle_entry(
    entry: &Entry,
    year: i32,
    parties: &[String],
    registered: &Registered,
    explain: bool,
    notes: &mut Vec<Phrase>,
) -> anyhow::Result<Vec<SettlementView>> {
    let (a, f) = (&entry.agreement, &entry.facts);
    // One pass over the log per agreement, per borrower and month of the
    // year, as `ledger invoice` sums them; the settlement rebuilds the
    // year's invoices from those months. The last month with rows tells
    // whether the log reaches the end of the year; only when it does not is
    // the log read again, for its last day.
    let mut agg = activity::aggregate(a, f, |d| (d.year() == year).then(|| invoice::month_of(d)))?;
    let last_month = agg.totals.keys().map(|(_, m)| *m).max();
    let last_month = last_month.ok_or_else(|| no_rows_in_year(a, f, year))?;
    warn_if_log_ends_early(a, f, year, parties, last_month)?;
    // Printed and let go before the invoices are built: a log can have
    // thousands.
    print_warnings(std::mem::take(&mut agg.warnings), parties);
    // Each period's invoices are built once for every client and handed
    // to each settlement, so settling all clients is linear in them; one
    // client (`--party`) gets its own invoices built, not everyone's.
    let only = (parties.len() == 1).then_some(parties);
    let invoices = settlement::YearInvoices::new(a, f, year, &agg, explain)
        .only(only)
        .with_issued(registered.live.to_vec());
    let mut views = Vec::new();
    for party in parties {
        match settlement::settle_with(a, f, party, &invoices) {
            Ok(s) => {
                if !registered.live.is_empty() || !registered.credited.is_empty() {
                    notes.push(as_invoiced_note(a, &s, &invoices, &registered.credited));
                }
                views.push(SettlementView::build(a, &s));
            }
            Err(settlement::SettlementError::NotTakingPart { .. }) if parties.len() > 1 => {
                notes.push(takes_no_part(a, party, year));
            }
            Err(e) => return Err(e.into()),
        }
    }
    Ok(views)
}

/// A settlement weighs the hours delivered in the year against those
/// invoiced: without a single row of the year it would count every
/// contracted hour as not taken, which is a missing log, not a fact.
fn no_rows_in_year(a: &Agreement, f: &Facts, year: i32) -> anyhow::Error {
    if f.activity_logs.is_empty() {
        return anyhow::anyhow!(
            "cannot settle agreement `{}` for {year}: its facts name no activity log, so the hours delivered in {year} are unknown",
            a.id
        );
    }
    let (what, has) = if f.activity_logs.len() == 1 {
        ("log", "has")
    } else {
        ("logs", "have")
    };
    anyhow::anyhow!(
        "cannot settle agreement `{}` for {year}: the activity {what} ({}) {has} no row in {year}, so the hours delivered in {year} are unknown",
        a.id,
        f.activity_logs
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// The log should reach the last month in which any settled client takes
/// part in the year; a log with no rows in that month (that does not go on
/// in a later year) has probably not been brought up to date, which is
/// worth a warning, not a stop. A quiet last week or two is normal (the
/// shipped log's last shift is on 21 December), so the test is per month.
/// `last_month` is the last month of the year with rows.
fn warn_if_log_ends_early(
    a: &Agreement,
    f: &Facts,
    year: i32,
    parties: &[String],
    last_month: invoice::Month,
) -> anyhow::Result<()> {
    let month = |d: NaiveDate| (d.year(), d.month());
    let life = settlement::life_in_year(a, f, year)?;
    let reach = parties
        .iter()
        .filter_map(|p| crate::core::term::participation(a, f, p).clip(life))
        .map(|p| p.end())
        .max();
    if reach.is_none_or(|end| last_month >= month(end)) {
        return Ok(());
    }
    // Rarely needed, so a second pass: the days of the year as themselves
    // and every later day as the day after the year, so that the largest
    // key is the log's last day, or that day when the log goes on.
    let Some(after) = NaiveDate::from_ymd_opt(year + 1, 1, 1) else {
        return Ok(());
    };
    let days = activity::aggregate(a, f, |d| (d.year() >= year).then(|| d.min(after)))?;
    if let Some(last) = days.totals.keys().map(|(_, d)| *d).max() {
        if last < after {
            super::statement::warn_once(format!(
                "{}: the activity log ends on {last}; hours delivered after it are not counted",
                a.id
            ));
        }
    }
    Ok(())
}

/// Which invoices a settlement took as invoiced: the issued ones by number,
/// those credited and not issued again (computed, and warned about), and
/// the others computed because the register holds none for them.
fn as_invoiced_note(
    a: &Agreement,
    s: &settlement::Settlement,
    invoices: &settlement::YearInvoices<'_>,
    credited: &[Credited],
) -> Phrase {
    let (mut issued, mut taken_back, mut computed) = (Vec::new(), Vec::new(), Vec::new());
    for q in &s.quarters {
        let period = q.quarter.to_string();
        // The latest, where a reissue was credited again.
        let back = credited
            .iter()
            .rev()
            .find(|c| c.agreement == a.id && c.period == q.quarter && c.client == s.party);
        match (invoices.issued_number(q.quarter, &s.party), back) {
            (Some(number), _) => issued.push(IssuedInPeriod {
                period,
                number: number.to_string(),
            }),
            (None, Some(c)) => {
                super::statement::warn_once(format!(
                    "{} {period} for {}: invoice {} was credited by {} and not issued again; the settlement counts the invoice as computed today, so issue it before the settlement is sent",
                    a.id, s.party, c.number, c.credit
                ));
                taken_back.push(TakenBack {
                    period,
                    number: c.number.clone(),
                    credit: c.credit.clone(),
                });
            }
            (None, None) => computed.push(period),
        }
    }
    S::AsInvoiced {
        agreement: a.id.clone(),
        party: s.party.clone(),
        issued,
        credited: taken_back,
        computed,
    }
    .into()
}
