//! `ledger issue --quarter Q`: the quarter's invoices, computed exactly as
//! `ledger invoice` computes them, recorded in the register with the next
//! numbers of their series, all in one transaction. `--dry-run` shows the
//! numbers they would take and writes nothing.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use chrono::NaiveDate;
use sha2::{Digest, Sha256};

use crate::cli::{IssueArgs, TodayArgs, UblProfile};
use crate::core::invoice::Invoice;
use crate::core::period::{BillingPeriod, Timing};
use crate::load::{Dataset, Entry};
use crate::register::{
    body, NewInvoice, NumberTemplate, Numbering, OpenMode, Register, Totals, DEFAULT_TEMPLATE,
};
use crate::report::files::{make_dir, MadeDirs};
use crate::report::register::{self as view, DocRow, IssueReport};
use crate::report::ubl::{self, Issue, IssueKind, Item, Profile};

pub fn run(
    data: &crate::cli::DataArgs,
    register: &super::RegisterFile,
    args: &IssueArgs,
    locale: crate::cli::Locale,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let quarter = args.quarter;
    let issue_date = args.date.unwrap_or_else(|| today(&args.today));
    check_issue_date(quarter, issue_date, args.in_advance)?;
    let dataset = super::load_dataset(data)?;
    let (report, warnings) = super::invoice::compute(
        &dataset,
        quarter,
        args.agreement.as_deref(),
        args.party.as_deref(),
    )?;
    for w in &warnings {
        eprintln!("warning: {w}");
    }
    let batch = report
        .invoices
        .iter()
        .map(|inv| new_invoice(&dataset, inv, issue_date))
        .collect::<anyhow::Result<Vec<_>>>()?;
    // E-invoices are built with the numbers the batch would take before
    // anything is issued, so that a missing party field or an existing file
    // stops the run while the register is untouched.
    // The output directory made for that is removed again (when still
    // empty) if the run stops before the invoices are issued, and after a
    // dry run.
    let made = match &args.out {
        Some(dir) => {
            let numbers = preview(register, &batch)?;
            let numbers: Vec<String> = numbers.into_iter().map(|r| r.number).collect();
            let items = e_invoice_items(&dataset, &report.invoices, &batch, &numbers)?;
            Some(check_e_invoices(dir, &items, args)?)
        }
        None => None,
    };
    let rows = if args.dry_run {
        preview(register, &batch)?
    } else if batch.is_empty() {
        Vec::new()
    } else {
        let mut reg = register.open(OpenMode::ReadWrite)?;
        let issued = reg.issue_batch(&batch)?;
        let numbers: Vec<String> = issued.iter().map(|i| i.number.clone()).collect();
        if let Some(dir) = &args.out {
            if let Some(made) = made {
                made.keep();
            }
            e_invoice_items(&dataset, &report.invoices, &batch, &numbers)
                .and_then(|items| ubl::write_files(dir, &items, profile(args.profile), args.force))
                .context("the invoices were issued; write their e-invoices with `ledger register show NUMBER --format ubl`")?;
        }
        batch
            .iter()
            .zip(numbers)
            .map(|(n, number)| DocRow::of_new(n, &number))
            .collect()
    };
    let notes = report
        .notes
        .iter()
        .map(|n| crate::report::lang::period_note(&n.message, locale))
        .collect();
    let report = IssueReport {
        register: register.path.display().to_string(),
        dry_run: args.dry_run,
        quarter: quarter.to_string(),
        documents: rows,
        notes,
    };
    view::write_issue(out, &report, locale)
}

/// The report profile of the CLI's `--profile`.
pub fn profile(p: UblProfile) -> Profile {
    match p {
        UblProfile::Peppol => Profile::Peppol,
        UblProfile::Nlcius => Profile::Nlcius,
    }
}

/// The e-invoice of every invoice of the batch, under `numbers`.
fn e_invoice_items<'a>(
    dataset: &'a Dataset,
    invoices: &'a [Invoice],
    batch: &[NewInvoice],
    numbers: &[String],
) -> anyhow::Result<Vec<Item<'a>>> {
    invoices
        .iter()
        .zip(batch)
        .zip(numbers)
        .map(|((inv, new), number)| {
            let entry = dataset.require(&inv.agreement)?;
            Ok(Item {
                invoice: inv,
                issue: Issue {
                    number: number.clone(),
                    issue_date: new.issue_date,
                    kind: IssueKind::Invoice {
                        due_date: new.due_date,
                    },
                },
                parties: &entry.facts.party_details,
            })
        })
        .collect()
}

/// Builds every e-invoice and fails, before anything is issued, on a
/// missing party field or an existing file (without `--force`). Then makes
/// `dir` (with its parents), so that a path that cannot be made stops the
/// run while the register is still untouched; what it made is returned,
/// to keep once the invoices are issued.
fn check_e_invoices(dir: &Path, items: &[Item<'_>], args: &IssueArgs) -> anyhow::Result<MadeDirs> {
    let profile = profile(args.profile);
    for it in items {
        ubl::to_bytes(it.invoice, &it.issue, it.parties, profile)?;
        let path = dir.join(ubl::file_name(&it.issue.number));
        if path.exists() && !args.force {
            anyhow::bail!(
                "{} already exists; use --force to overwrite it (nothing was issued)",
                path.display()
            );
        }
    }
    make_dir(dir, "e-invoice").map_err(|e| anyhow::anyhow!("{e:#} (nothing was issued)"))
}

/// Today: `--today` or `LEDGER_TODAY` when given, else the system clock.
/// Documents are stamped through here so that tests can fix the date.
pub fn today(args: &TodayArgs) -> NaiveDate {
    args.today
        .unwrap_or_else(|| chrono::Local::now().date_naive())
}

/// An invoice for a period is issued once the period is over. Billing in
/// advance would allow it earlier, but no agreement format says so yet, so
/// `--in-advance` is refused with the reason rather than silently accepted.
fn check_issue_date(
    period: BillingPeriod,
    issue_date: NaiveDate,
    in_advance: bool,
) -> anyhow::Result<()> {
    let last = period.period().end();
    if issue_date > last {
        return Ok(());
    }
    if in_advance {
        anyhow::bail!(
            "--in-advance: no agreement bills in advance (every agreement bills {period} after it ends, on {last}); nothing was issued"
        );
    }
    anyhow::bail!(
        "the issue date {issue_date} is not after {period}, which ends on {last}; invoices for {period} can be issued from {}; nothing was issued",
        period.issuable_from(Timing::Arrears)
    )
}

/// The register's form of one computed invoice.
fn new_invoice(
    dataset: &Dataset,
    inv: &Invoice,
    issue_date: NaiveDate,
) -> anyhow::Result<NewInvoice> {
    let entry = dataset.require(&inv.agreement)?;
    let numbering = numbering(entry)?;
    let days = entry.agreement.billing.payment_days;
    Ok(NewInvoice {
        agreement: inv.agreement.clone(),
        period: inv.period.to_string(),
        client: inv.recipient.id.clone(),
        issuer: inv.issuer.id.clone(),
        issue_date,
        due_date: issue_date + chrono::Days::new(u64::from(days)),
        template: numbering.invoice,
        totals: totals_of(inv),
        body: body::to_body(inv, None),
        fingerprint: fingerprint(entry)?,
    })
}

/// The register's totals of an invoice (or credit note).
pub fn totals_of(inv: &Invoice) -> Totals {
    Totals {
        excl_vat: inv.totals.total_excl_vat,
        vat: inv.totals.vat_total,
        incl_vat: inv.totals.total_incl_vat,
        // Every amount the agreement formats hold is in euros.
        currency: "EUR".to_owned(),
    }
}

/// The provider's number templates from the agreement's `[billing]`, or the
/// register's default.
pub fn numbering(entry: &Entry) -> anyhow::Result<Numbering> {
    let b = &entry.agreement.billing;
    let parse =
        |t: &str| NumberTemplate::parse(t).with_context(|| format!("in {}", entry.path.display()));
    Ok(Numbering {
        invoice: parse(b.number_template.as_deref().unwrap_or(DEFAULT_TEMPLATE))?,
        credit: b.credit_template.as_deref().map(parse).transpose()?,
    })
}

/// The SHA-256 of the inputs an invoice was computed from: the agreement
/// file, its facts files and its activity logs, each by name and contents.
pub fn fingerprint(entry: &Entry) -> anyhow::Result<String> {
    let files: Vec<&PathBuf> = std::iter::once(&entry.path)
        .chain(&entry.facts.files)
        .chain(&entry.facts.activity_logs)
        .collect();
    let mut hasher = Sha256::new();
    for path in files {
        let bytes =
            std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        let name = name.unwrap_or_default();
        // Length prefixes keep the encoding unambiguous.
        hasher.update((name.len() as u64).to_be_bytes());
        hasher.update(name.as_bytes());
        hasher.update((bytes.len() as u64).to_be_bytes());
        hasher.update(&bytes);
    }
    let digest = hasher.finalize();
    Ok(digest.iter().map(|b| format!("{b:02x}")).collect())
}

/// The numbers the batch would take, checked as issuing checks it, without
/// writing anything. A register that does not exist yet is not created: the
/// preview runs against an empty register in a temporary file instead.
fn preview(register: &super::RegisterFile, batch: &[NewInvoice]) -> anyhow::Result<Vec<DocRow>> {
    let numbers = if register.path.exists() {
        register.open(OpenMode::ReadWrite)?.preview_numbers(batch)?
    } else {
        let scratch = std::env::temp_dir().join(format!(
            "ledger-dry-run-{}-{}.sqlite",
            std::process::id(),
            chrono::Local::now().timestamp_nanos_opt().unwrap_or(0)
        ));
        let numbers =
            Register::open(&scratch, OpenMode::ReadWrite).and_then(|r| r.preview_numbers(batch));
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", scratch.display()));
        }
        numbers?
    };
    Ok(batch
        .iter()
        .zip(numbers)
        .map(|(n, number)| DocRow::of_new(n, &number))
        .collect())
}
