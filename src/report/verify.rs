//! The report of `ledger verify`: what is wrong with the hash chain and the
//! numbering, and every live invoice that today's inputs would give
//! differently (drift), old against new per line, with the commands that
//! would correct it.

use std::io::Write;

use serde::Serialize;

/// One line of a drifted invoice: what was issued and what would be now.
/// `None` on a side means that side has no such line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LineChange {
    pub what: String,
    pub old: Option<String>,
    pub new: Option<String>,
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
    pub tampering: Vec<String>,
    /// `None` when drift was not checked (`--chain-only`).
    pub drift: Option<Vec<Drift>>,
}

pub fn write(out: &mut dyn Write, r: &VerifyReport) -> anyhow::Result<()> {
    writeln!(
        out,
        "register {}: {} documents, {} live invoices",
        r.register, r.documents, r.live_invoices
    )?;
    if r.tampering.is_empty() {
        writeln!(
            out,
            "chain: ok, every row matches its hash and every series runs without gaps"
        )?;
    } else {
        writeln!(out, "chain: {} problems", r.tampering.len())?;
        for p in &r.tampering {
            writeln!(out, "  {p}")?;
        }
    }
    match &r.drift {
        None => writeln!(out, "drift: not checked (--chain-only)")?,
        Some(d) if d.is_empty() => writeln!(
            out,
            "drift: none, every live invoice is what today's agreements, facts and log give"
        )?,
        Some(drifts) => {
            writeln!(
                out,
                "drift: {} invoices differ from today's inputs",
                drifts.len()
            )?;
            for d in drifts {
                write_drift(out, d)?;
            }
        }
    }
    Ok(())
}

fn write_drift(out: &mut dyn Write, d: &Drift) -> anyhow::Result<()> {
    writeln!(
        out,
        "  {} ({} {} to {}):",
        d.number, d.agreement, d.period, d.client
    )?;
    for c in &d.changes {
        let side = |s: &Option<String>| s.clone().unwrap_or_else(|| "(none)".to_owned());
        writeln!(out, "    {}", c.what)?;
        writeln!(out, "      old: {}", side(&c.old))?;
        writeln!(out, "      new: {}", side(&c.new))?;
    }
    writeln!(out, "    to correct it:")?;
    for cmd in &d.commands {
        writeln!(out, "      {cmd}")?;
    }
    Ok(())
}
