//! `ledger invoice --quarter Q`: the quarterly invoices of every agreement in
//! force in the quarter, one per paying client, as tables, CSV or JSON, on
//! stdout or one file per invoice in `--out DIR`.
//!
//! The CSV columns and the JSON schema are documented in
//! `docs/invoice-formats.md`; keep that file in step with this one.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use comfy_table::Cell;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::cli::{DataArgs, Format, InvoiceArgs, Locale};
use crate::core::agreement::{LineKind, Role};
use crate::core::calendar::Quarter;
use crate::core::invoice::{self, Invoice, Note, PartyRef};
use crate::core::money::Money;
use crate::load::activity;
use crate::report;

/// The whole answer for one quarter, as JSON renders it.
#[derive(Debug, Serialize)]
pub struct InvoiceReport {
    pub quarter: String,
    pub invoices: Vec<Invoice>,
    pub notes: Vec<Note>,
}

pub fn run(data: &DataArgs, args: &InvoiceArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let quarter: Quarter = args
        .quarter
        .parse()
        .map_err(|e| anyhow::anyhow!("invalid --quarter: {e}"))?;
    let dataset = super::load_dataset(data)?;
    let entries = super::select(&dataset, args.agreement.as_deref())?;

    // Resolve --party against the selected agreements before any work, so a
    // typo fails fast and names the parties there are.
    let party = match &args.party {
        None => None,
        Some(query) => {
            let found: Vec<String> = entries
                .iter()
                .filter_map(|e| {
                    e.agreement
                        .find_party(query)
                        .or_else(|| {
                            e.facts
                                .accessions
                                .iter()
                                .map(|ac| &ac.party)
                                .find(|p| p.id == query.trim().to_lowercase())
                        })
                        .map(|p| p.id.clone())
                })
                .collect();
            if found.is_empty() {
                let mut known: Vec<String> = entries
                    .iter()
                    .flat_map(|e| e.agreement.parties.iter().map(|p| p.id.clone()))
                    .collect();
                known.dedup();
                anyhow::bail!(
                    "unknown party `{query}`; the parties are: {}",
                    known.join(", ")
                );
            }
            Some(found)
        }
    };

    let mut report = InvoiceReport {
        quarter: quarter.to_string(),
        invoices: Vec::new(),
        notes: Vec::new(),
    };
    let mut warnings: Vec<String> = Vec::new();
    for entry in entries {
        let a = &entry.agreement;
        let f = &entry.facts;
        let wanted = |id: &str| party.as_ref().is_none_or(|p| p.iter().any(|x| x == id));
        if let Some(p) = party.as_ref().and_then(|ids| {
            ids.iter()
                .find_map(|id| a.party(id).filter(|p| p.role == Role::Provider))
        }) {
            report.notes.push(Note {
                agreement: a.id.clone(),
                party: Some(p.id.clone()),
                message: format!(
                    "{} is the provider of {}; its invoices go to the clients",
                    p.name, a.id
                ),
            });
            continue;
        }
        let takes_part = a.parties.iter().any(|p| wanted(&p.id))
            || f.accessions.iter().any(|ac| wanted(&ac.party.id));
        if !takes_part {
            continue;
        }
        // Only the rows of the quarter are summed (per month, for rates that
        // change within it); every row of the log is still validated.
        let activity = activity::aggregate(a, f, |d| {
            (Quarter::of(d) == quarter).then(|| invoice::month_of(d))
        })?;
        let billing = invoice::quarter_invoices(a, f, quarter, &activity)
            .with_context(|| format!("cannot compute the invoices of {} for {quarter}", a.id))?;
        // The warnings of the log are about its rows, whichever invoice of
        // the quarter is asked for, but with --party only the rows of that
        // party: another client's shift is not this invoice's business.
        warnings.extend(
            activity
                .warnings
                .iter()
                .filter(|w| wanted(&w.borrower))
                .map(|w| format!("{}: {}", w.position, w.message)),
        );
        warnings.extend(
            billing
                .warnings
                .into_iter()
                .filter(|n| n.party.as_deref().is_none_or(wanted))
                .map(|n| n.message),
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
    if !args.output.explain {
        for i in &mut report.invoices {
            i.explanations.clear();
        }
    }
    for w in &warnings {
        eprintln!("warning: {w}");
    }

    let format = args.output.format;
    let locale = args.output.locale;
    match &args.out {
        None => {
            match format {
                Format::Json => report::write_json(out, &report)?,
                Format::Csv => {
                    write_csv(out, &report.invoices)?;
                    // Notes would break the CSV on stdout; they go to stderr.
                    for n in &report.notes {
                        eprintln!("note: {}", n.message);
                    }
                }
                Format::Table => {
                    for (k, inv) in report.invoices.iter().enumerate() {
                        if k > 0 {
                            writeln!(out)?;
                        }
                        write_table(out, inv, locale)?;
                    }
                    if !report.notes.is_empty() && !report.invoices.is_empty() {
                        writeln!(out)?;
                    }
                    for n in &report.notes {
                        writeln!(out, "note: {}", n.message)?;
                    }
                }
            }
            Ok(())
        }
        Some(dir) => {
            let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::new();
            for inv in &report.invoices {
                let mut bytes = Vec::new();
                let ext = match format {
                    Format::Json => {
                        report::write_json(&mut bytes, inv)?;
                        "json"
                    }
                    Format::Csv => {
                        write_csv(&mut bytes, std::slice::from_ref(inv))?;
                        "csv"
                    }
                    Format::Table => {
                        write_table(&mut bytes, inv, locale)?;
                        "txt"
                    }
                };
                files.push((dir.join(format!("{}.{ext}", inv.id)), bytes));
            }
            write_all_atomic(dir, &files, args.force)?;
            for (path, _) in &files {
                writeln!(out, "wrote {}", path.display())?;
            }
            for n in &report.notes {
                writeln!(out, "note: {}", n.message)?;
            }
            Ok(())
        }
    }
}

/// Writes every file or none: all contents go to temporary files in `dir`
/// first, then each is renamed into place. If anything fails, the temporary
/// files and the files this run already renamed into place are removed.
/// Without `force` an existing file stops the run before anything is written.
fn write_all_atomic(dir: &Path, files: &[(PathBuf, Vec<u8>)], force: bool) -> anyhow::Result<()> {
    if !dir.is_dir() {
        anyhow::bail!(
            "cannot write invoices to {}: it is not an existing directory",
            dir.display()
        );
    }
    if !force {
        if let Some((path, _)) = files.iter().find(|(p, _)| p.exists()) {
            anyhow::bail!(
                "{} already exists; use --force to overwrite it (nothing was written)",
                path.display()
            );
        }
    }
    let tmp_of = |path: &Path| {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        dir.join(format!(".{name}.{}.tmp", std::process::id()))
    };
    let mut temps: Vec<PathBuf> = Vec::new();
    let mut placed: Vec<PathBuf> = Vec::new();
    let result = (|| -> anyhow::Result<()> {
        for (path, bytes) in files {
            let tmp = tmp_of(path);
            let mut f = std::fs::File::create(&tmp)
                .with_context(|| format!("cannot create {}", tmp.display()))?;
            temps.push(tmp.clone());
            f.write_all(bytes)
                .and_then(|()| f.sync_all())
                .with_context(|| format!("cannot write {}", tmp.display()))?;
        }
        for (path, _) in files {
            let tmp = tmp_of(path);
            std::fs::rename(&tmp, path)
                .with_context(|| format!("cannot move {} into place", path.display()))?;
            placed.push(path.clone());
        }
        Ok(())
    })();
    if let Err(cause) = result {
        // The cause leads: it is what the user must act on. What the
        // cleanup achieved follows it, and only claims what is true.
        let kept: Vec<String> = temps
            .iter()
            .chain(&placed)
            .filter(|p| std::fs::remove_file(p).is_err() && p.exists())
            .map(|p| p.display().to_string())
            .collect();
        if kept.is_empty() {
            anyhow::bail!("{cause:#}; no invoice files were left behind");
        }
        anyhow::bail!(
            "{cause:#}; these files could not be removed again: {}",
            kept.join(", ")
        );
    }
    Ok(())
}

/// A unit price for people: money where it is whole cents, otherwise with
/// every decimal it has (an ORT price can have more).
fn price(d: Decimal, locale: Locale) -> String {
    let d = d.normalize();
    if d.scale() <= 2 {
        report::money(Money::round(d), locale)
    } else {
        let n = report::number(d, d.scale(), locale);
        match locale {
            Locale::Nl => format!("€ {n}"),
            Locale::En => format!("€{n}"),
        }
    }
}

/// A quantity for people: hours with 2 decimals, anything else as it is.
fn quantity(d: Decimal, kind: LineKind, unit: &str, locale: Locale) -> String {
    if kind == LineKind::Service || kind == LineKind::Ort || unit == "uur" || unit == "hour" {
        report::hours(d, locale)
    } else {
        // Km keep the decimals the log gives them (353.0, not 353).
        report::number(d, d.scale(), locale)
    }
}

fn party_line(p: &PartyRef) -> String {
    let role = p
        .role_label
        .as_ref()
        .map_or(String::new(), |r| format!(" ({r})"));
    let address = p
        .address
        .clone()
        .unwrap_or_else(|| "(no address in the agreement)".into());
    format!("{}{role}, {address}", p.name)
}

/// One invoice as a human table, with its explanations when they were kept.
fn write_table(out: &mut dyn Write, inv: &Invoice, locale: Locale) -> anyhow::Result<()> {
    let m = |x: Money| report::money(x, locale);
    writeln!(out, "invoice {}", inv.id)?;
    writeln!(
        out,
        "  agreement  {} ({})",
        inv.agreement_title, inv.agreement
    )?;
    writeln!(
        out,
        "  period     {} – {} ({})",
        inv.period_start, inv.period_end, inv.quarter
    )?;
    writeln!(out, "  issuer     {}", party_line(&inv.issuer))?;
    writeln!(out, "  recipient  {}", party_line(&inv.recipient))?;
    let mut t = report::table();
    t.set_header(vec![
        "description",
        "quantity",
        "unit",
        "unit price",
        "amount",
        "article",
    ]);
    let sum_row = |label: &str, amount: Money| {
        vec![
            Cell::new(label),
            Cell::new(""),
            Cell::new(""),
            Cell::new(""),
            Cell::new(m(amount)),
            Cell::new(""),
        ]
    };
    let mut subtotal_shown = false;
    for l in &inv.lines {
        if l.kind == LineKind::Fee && !subtotal_shown {
            t.add_row(sum_row("subtotal", inv.subtotal));
            subtotal_shown = true;
        }
        t.add_row(vec![
            Cell::new(&l.description),
            Cell::new(quantity(l.quantity, l.kind, &l.unit, locale)),
            Cell::new(&l.unit),
            Cell::new(price(l.unit_price, locale)),
            Cell::new(m(l.amount)),
            Cell::new(&l.article),
        ]);
    }
    if !subtotal_shown {
        t.add_row(sum_row("subtotal", inv.subtotal));
    }
    t.add_row(sum_row("total excl. VAT", inv.totals.total_excl_vat));
    for v in &inv.totals.vat {
        let label = if v.percent.is_zero() {
            format!("VAT {} over {}", v.category.replace('_', " "), m(v.base))
        } else {
            format!("VAT {}% over {}", v.percent.normalize(), m(v.base))
        };
        t.add_row(sum_row(&label, v.amount));
    }
    t.add_row(sum_row("total incl. VAT", inv.totals.total_incl_vat));
    report::align_right(&mut t, &[1, 3, 4]);
    writeln!(out, "{t}")?;
    for v in &inv.totals.vat {
        if let Some(reason) = &v.reason {
            writeln!(out, "  VAT {}: {reason}", v.category.replace('_', " "))?;
        }
    }
    for n in &inv.notes {
        writeln!(out, "  note: {n}")?;
    }
    if !inv.explanations.is_empty() {
        writeln!(out, "explanation:")?;
        for e in &inv.explanations {
            e.render(out)?;
        }
    }
    Ok(())
}

/// One CSV row per invoice line, the invoice's keys repeated on each row.
#[derive(Debug, Serialize)]
struct CsvRow<'a> {
    invoice_id: &'a str,
    agreement: &'a str,
    quarter: &'a str,
    period_start: String,
    period_end: String,
    issuer_id: &'a str,
    issuer_name: &'a str,
    issuer_address: &'a str,
    recipient_id: &'a str,
    recipient_name: &'a str,
    recipient_address: &'a str,
    line: usize,
    kind: LineKind,
    description: &'a str,
    quantity: String,
    unit: &'a str,
    unit_price: String,
    amount: Money,
    article: &'a str,
    vat_category: &'a str,
    vat_percent: String,
    subtotal: Money,
    fees: Money,
    total_excl_vat: Money,
    vat_total: Money,
    total_incl_vat: Money,
}

fn write_csv(out: &mut dyn Write, invoices: &[Invoice]) -> anyhow::Result<()> {
    let mut w = report::csv_writer(out);
    if invoices.is_empty() {
        // The header alone still says what the columns are.
        w.write_record(CSV_COLUMNS)?;
    }
    for inv in invoices {
        // Every line of an agreement falls in its one VAT category.
        let (category, percent) = inv
            .totals
            .vat
            .first()
            .map_or(("", Decimal::ZERO), |v| (v.category.as_str(), v.percent));
        for (k, l) in inv.lines.iter().enumerate() {
            w.serialize(CsvRow {
                invoice_id: &inv.id,
                agreement: &inv.agreement,
                quarter: &inv.quarter,
                period_start: inv.period_start.to_string(),
                period_end: inv.period_end.to_string(),
                issuer_id: &inv.issuer.id,
                issuer_name: &inv.issuer.name,
                issuer_address: inv.issuer.address.as_deref().unwrap_or(""),
                recipient_id: &inv.recipient.id,
                recipient_name: &inv.recipient.name,
                recipient_address: inv.recipient.address.as_deref().unwrap_or(""),
                line: k + 1,
                kind: l.kind,
                description: &l.description,
                quantity: crate::core::text::quantity_text(l),
                unit: &l.unit,
                unit_price: crate::core::text::price_text(l.unit_price),
                amount: l.amount,
                article: &l.article.0,
                vat_category: category,
                vat_percent: percent.normalize().to_string(),
                subtotal: inv.subtotal,
                fees: inv.fees,
                total_excl_vat: inv.totals.total_excl_vat,
                vat_total: inv.totals.vat_total,
                total_incl_vat: inv.totals.total_incl_vat,
            })?;
        }
    }
    w.flush()?;
    Ok(())
}

/// The CSV header, in the order of `CsvRow`.
const CSV_COLUMNS: [&str; 26] = [
    "invoice_id",
    "agreement",
    "quarter",
    "period_start",
    "period_end",
    "issuer_id",
    "issuer_name",
    "issuer_address",
    "recipient_id",
    "recipient_name",
    "recipient_address",
    "line",
    "kind",
    "description",
    "quantity",
    "unit",
    "unit_price",
    "amount",
    "article",
    "vat_category",
    "vat_percent",
    "subtotal",
    "fees",
    "total_excl_vat",
    "vat_total",
    "total_incl_vat",
];
