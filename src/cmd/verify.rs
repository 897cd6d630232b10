//! `ledger verify`: (1) the hash chain and the numbering of every series,
//! and (2) drift: every live invoice recomputed from today's agreements,
//! facts and log, listed where its figures differ, with the `credit` and
//! `issue` commands that would correct it.
//!
//! The outcome is an exit code: 0 when all is well, [`EXIT_TAMPERED`] when
//! the chain or numbering is broken (which wins over drift: figures read
//! from a tampered register cannot be trusted), [`EXIT_DRIFT`] otherwise.

use std::collections::HashMap;
use std::io::Write;

use crate::cli::{DataArgs, VerifyArgs};
use crate::core::invoice::Invoice;
use crate::core::lines::Line;
use crate::core::period::BillingPeriod;
use crate::load::Dataset;
use crate::register::{body, ChainProblem, Document, OpenMode};
use crate::report::lang::tables::Changed;
use crate::report::verify::{self as view, Drift, LineChange, Side, VerifyReport};

/// The exit code when the hash chain or the numbering is broken.
pub const EXIT_TAMPERED: u8 = 3;
/// The exit code when an issued invoice differs from today's inputs.
pub const EXIT_DRIFT: u8 = 4;

/// A verify that found something: the report is printed, this carries the
/// exit code and the one-line summary for stderr.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct Verdict {
    pub code: u8,
    pub message: String,
}

pub fn run(
    data: &DataArgs,
    register: &super::RegisterFile,
    args: &VerifyArgs,
    locale: crate::cli::Locale,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let reg = register.open(OpenMode::ReadOnly)?;
    let mut tampering = reg.verify_chain()?;
    if let Some(hash) = &args.head {
        if !reg.has_hash(hash)? {
            tampering.push(ChainProblem::HeadMissing { hash: hash.clone() });
        }
    }
    let documents = reg.list(&Default::default())?.len();
    let live = reg.live_invoices()?;
    let drift = if args.chain_only {
        None
    } else {
        let dataset = super::load_dataset(data)?;
        Some(drifts(&dataset, &live)?)
    };
    let report = VerifyReport {
        register: register.path.display().to_string(),
        documents,
        live_invoices: live.len(),
        tampering,
        head: reg.head()?,
        drift,
    };
    // The verdict stands when stdout is a pipe closed early
    // (`ledger verify | head -1`): tampering and drift keep their exit code.
    let written = view::write(out, &report, locale);
    verdict(&report)?;
    written
}

fn verdict(r: &VerifyReport) -> anyhow::Result<()> {
    if !r.tampering.is_empty() {
        return Err(Verdict {
            code: EXIT_TAMPERED,
            message: format!(
                "the register {} was changed outside ledger: {} in the hash chain or numbering",
                r.register,
                plural(r.tampering.len(), "problem", "problems")
            ),
        }
        .into());
    }
    match &r.drift {
        Some(d) if !d.is_empty() => Err(Verdict {
            code: EXIT_DRIFT,
            message: format!(
                "{} from what today's inputs give; credit and reissue {} as listed",
                plural(d.len(), "issued invoice differs", "issued invoices differ"),
                if d.len() == 1 { "it" } else { "them" }
            ),
        }
        .into()),
        _ => Ok(()),
    }
}

/// `1 problem`, `3 problems`.
fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Every live invoice whose figures differ from a recomputation. The
/// invoices of one (agreement, period) are computed once.
fn drifts(dataset: &Dataset, live: &[Document]) -> anyhow::Result<Vec<Drift>> {
    let mut computed: HashMap<(String, String), Vec<Invoice>> = HashMap::new();
    let mut out = Vec::new();
    for doc in live {
        let (old, _) = body::from_body(&doc.body)
            .map_err(|e| anyhow::anyhow!("cannot read document {} back: {e}", doc.number))?;
        let key = (doc.agreement.clone(), doc.period.clone());
        if !computed.contains_key(&key) {
            let now = recompute(dataset, &doc.agreement, &doc.period)?;
            computed.insert(key.clone(), now);
        }
        let new = computed[&key].iter().find(|i| i.recipient.id == doc.client);
        let changes = compare(&old, new);
        if !changes.is_empty() {
            out.push(Drift {
                number: doc.number.clone(),
                agreement: doc.agreement.clone(),
                period: doc.period.clone(),
                client: doc.client.clone(),
                changes,
                commands: commands(doc, new.is_some()),
            });
        }
    }
    Ok(out)
}

/// The invoices today's inputs give for an agreement and period; none when
/// the agreement is gone from the data directory.
fn recompute(dataset: &Dataset, agreement: &str, period: &str) -> anyhow::Result<Vec<Invoice>> {
    if dataset.get(agreement).is_none() {
        return Ok(Vec::new());
    }
    let period: BillingPeriod = period
        .parse()
        .map_err(|e| anyhow::anyhow!("the register holds a bad period {period:?}: {e}"))?;
    let (report, _) = super::invoice::compute(dataset, period, Some(agreement), None)?;
    Ok(report.invoices)
}

/// The lines and totals that differ, old against new, in the order of the
/// invoice. Explanations are not compared: only figures are drift.
fn compare(old: &Invoice, new: Option<&Invoice>) -> Vec<LineChange> {
    let Some(new) = new else {
        return vec![LineChange {
            what: Changed::WholeInvoice,
            old: Some(Side::Total(old.totals.total_incl_vat)),
            new: Some(Side::NoInvoice),
        }];
    };
    let mut changes = Vec::new();
    let count = old.lines.len().max(new.lines.len());
    for k in 0..count {
        let (o, n) = (old.lines.get(k), new.lines.get(k));
        // Lines are compared as they read, so that a change of the
        // explanation alone is not drift.
        if o.map(line_text) != n.map(line_text) {
            changes.push(LineChange {
                what: Changed::Line(k + 1),
                old: o.map(|l| Side::Line(Box::new(l.clone()))),
                new: n.map(|l| Side::Line(Box::new(l.clone()))),
            });
        }
    }
    let sums = [
        (Changed::Subtotal, old.subtotal, new.subtotal),
        (Changed::Fees, old.fees, new.fees),
        (
            Changed::TotalExclVat,
            old.totals.total_excl_vat,
            new.totals.total_excl_vat,
        ),
        (Changed::Vat, old.totals.vat_total, new.totals.vat_total),
        (
            Changed::TotalInclVat,
            old.totals.total_incl_vat,
            new.totals.total_incl_vat,
        ),
    ];
    for (what, o, n) in sums {
        if o != n {
            changes.push(LineChange {
                what,
                old: Some(Side::Amount(o)),
                new: Some(Side::Amount(n)),
            });
        }
    }
    changes
}

/// A line as plain text, what drift compares: `Inzet … 31.50 hour × 56.96
/// = 1794.24`.
fn line_text(l: &Line) -> String {
    format!(
        "{}: {} {} × {} = {}",
        crate::report::lang::machine(&l.description),
        crate::core::text::quantity_text(l),
        l.unit.as_str(),
        crate::core::text::price_text(l.unit_price),
        l.amount
    )
}

/// The commands that would correct a drifted invoice.
fn commands(doc: &Document, reissue: bool) -> Vec<String> {
    let mut cmds = vec![format!(
        "ledger credit {} --reason \"recomputed from today's inputs\"",
        doc.number
    )];
    if reissue {
        cmds.push(format!(
            "ledger issue --quarter {} --agreement {} --party {}",
            doc.period, doc.agreement, doc.client
        ));
    }
    cmds
}
