//! The report of `ledger verify`: what is wrong with the hash chain and the
//! numbering, and every live invoice that today's inputs would give
//! differently (drift), old against new per line, with the commands that
//! would correct it.

use std::io::Write;

use serde::Serialize;

use crate::cli::Locale;
use crate::core::lines::Line;
use crate::core::money::Money;
use crate::report::lang::say;
use crate::report::lang::tables::{Changed, Run, Say};

/// One line or sum of a drifted invoice: what was issued and what would be
/// now. `None` on a side means that side has no such line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LineChange {
    pub what: Changed,
    pub old: Option<Side>,
    pub new: Option<Side>,
}

/// One side of a change, kept typed so that the renderer words it in the
/// run's locale.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    Line(Box<Line>),
    Amount(Money),
    /// What a whole invoice came to: its total incl. VAT.
    Total(Money),
    /// Today's inputs give no invoice here.
    NoInvoice,
}

/// An issued invoice that differs from what today's inputs give.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Drift {
    pub number: String,
    pub agreement: String,
    pub period: String,
    pub client: String,
    pub changes: Vec<LineChange>,
    /// The commands that would correct it: a credit note, then a reissue.
    pub commands: Vec<String>,
}

/// Everything `verify` found.
#[derive(Debug, Serialize)]
pub struct VerifyReport {
    pub register: String,
    pub documents: usize,
    pub live_invoices: usize,
    #[serde(skip)]
    pub tampering: Vec<crate::register::ChainProblem>,
    /// The last row, `None` for an empty register.
    #[serde(skip)]
    pub head: Option<crate::register::Head>,
    /// `None` when drift was not checked (`--chain-only`).
    pub drift: Option<Vec<Drift>>,
}

pub fn write(out: &mut dyn Write, r: &VerifyReport, locale: Locale) -> anyhow::Result<()> {
    let line = |run: Run| say(&Say::Run(run), locale);
    writeln!(
        out,
        "{}",
        line(Run::VerifyHead {
            register: r.register.clone(),
            documents: r.documents,
            live: r.live_invoices,
        })
    )?;
    if r.tampering.is_empty() {
        writeln!(out, "{}", line(Run::ChainOk))?;
        if let Some(h) = &r.head {
            let head = Run::ChainHead {
                seq: h.seq,
                number: h.number.clone(),
                hash: h.hash.clone(),
            };
            writeln!(out, "  {}", line(head))?;
        }
    } else {
        writeln!(out, "{}", line(Run::ChainProblems(r.tampering.len())))?;
        for p in &r.tampering {
            writeln!(out, "  {}", line(Run::Tampered(p.clone())))?;
        }
    }
    match &r.drift {
        None => writeln!(out, "{}", line(Run::DriftNotChecked))?,
        Some(d) if d.is_empty() => writeln!(out, "{}", line(Run::DriftNone))?,
        Some(drifts) => {
            writeln!(out, "{}", line(Run::DriftFound(drifts.len())))?;
            for d in drifts {
                write_drift(out, d, locale)?;
            }
        }
    }
    Ok(())
}

fn write_drift(out: &mut dyn Write, d: &Drift, locale: Locale) -> anyhow::Result<()> {
    let line = |run: Run| say(&Say::Run(run), locale);
    let head = Run::Drifted {
        number: d.number.clone(),
        agreement: d.agreement.clone(),
        period: d.period.clone(),
        client: d.client.clone(),
    };
    writeln!(out, "  {}", line(head))?;
    let (old, new) = (line(Run::Old), line(Run::New));
    for c in &d.changes {
        writeln!(out, "    {}", line(Run::Changed(c.what)))?;
        writeln!(out, "      {old}: {}", side(c.old.as_ref(), locale))?;
        writeln!(out, "      {new}: {}", side(c.new.as_ref(), locale))?;
    }
    writeln!(out, "    {}", line(Run::ToCorrect))?;
    for cmd in &d.commands {
        writeln!(out, "      {cmd}")?;
    }
    Ok(())
}

/// One side of a change in the words and figures of `locale`.
fn side(s: Option<&Side>, locale: Locale) -> String {
    let line = |run: Run| say(&Say::Run(run), locale);
    match s {
        None => line(Run::NoSide),
        Some(Side::Line(l)) => super::invoice::line_summary(l, locale),
        Some(Side::Amount(m)) => super::money(*m, locale),
        Some(Side::Total(m)) => format!(
            "{} {}",
            line(Run::Changed(Changed::TotalInclVat)),
            super::money(*m, locale)
        ),
        Some(Side::NoInvoice) => line(Run::NoInvoiceNow),
    }
}
