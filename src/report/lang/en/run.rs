//! The English words of what `check`, `verify` and `test` report on stdout.

use crate::report::lang::tables::{Changed, Run};
use crate::report::text::Text;

/// `1 agreement`, `2 agreements`.
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

pub(super) fn run(r: &Run) -> Text {
    Text::default().words(check(r).or_else(|| verify(r)).unwrap_or_else(|| test(r)))
}

fn check(r: &Run) -> Option<String> {
    Some(match r {
        Run::CheckOk {
            agreements,
            facts,
            logs,
            rows,
        } => format!(
            "ok: {}, {}, {} ({})",
            count(*agreements, "agreement", "agreements"),
            count(*facts, "facts file", "facts files"),
            count(*logs, "activity log", "activity logs"),
            count(usize::try_from(*rows).unwrap_or(usize::MAX), "row", "rows"),
        ),
        Run::CheckAgreement {
            parties,
            term,
            renews_months,
        } => {
            let renews = renews_months.map_or(String::new(), |m| format!(", renews by {m} months"));
            format!(
                "{}, term {term}{renews}",
                count(*parties, "party", "parties")
            )
        }
        _ => return None,
    })
}

fn verify(r: &Run) -> Option<String> {
    Some(match r {
        Run::VerifyHead {
            register,
            documents,
            live,
        } => format!(
            "register {register}: {}, {}",
            count(*documents, "document", "documents"),
            count(*live, "live invoice", "live invoices")
        ),
        Run::ChainOk => {
            "chain: ok, every row matches its hash and every series runs without gaps".into()
        }
        Run::ChainHead { seq, number, hash } => format!(
            "last row {seq} ({number}), hash {hash}; keep it outside the register: `ledger verify --head HASH` then sees later whether rows were removed from the end"
        ),
        Run::ChainProblems(n) => format!("chain: {}", count(*n, "problem", "problems")),
        // The English of a chain problem is its `Display`, as on stderr.
        Run::Tampered(p) => p.to_string(),
        Run::DriftNotChecked => "drift: not checked (--chain-only)".into(),
        Run::DriftNone => {
            "drift: none, every live invoice is what today's agreements, facts and log give".into()
        }
        Run::DriftFound(n) => format!(
            "drift: {} from today's inputs",
            count(*n, "invoice differs", "invoices differ")
        ),
        Run::Drifted {
            number,
            agreement,
            period,
            client,
        } => format!("{number} ({agreement} {period} to {client}):"),
        Run::Changed(c) => changed(*c),
        Run::Old => "old".into(),
        Run::New => "new".into(),
        Run::NoSide => "(none)".into(),
        Run::NoInvoiceNow => "no invoice: today's inputs bill nothing here".into(),
        Run::ToCorrect => "to correct it:".into(),
        _ => return None,
    })
}

fn changed(c: Changed) -> String {
    match c {
        Changed::WholeInvoice => "the whole invoice".into(),
        Changed::Line(n) => format!("line {n}"),
        Changed::Subtotal => "subtotal".into(),
        Changed::Fees => "fees".into(),
        Changed::TotalExclVat => "total excl. VAT".into(),
        Changed::Vat => "VAT".into(),
        Changed::TotalInclVat => "total incl. VAT".into(),
    }
}

fn test(r: &Run) -> String {
    match r {
        Run::CasePassed { name, figures } => {
            format!("ok    {name} ({})", count(*figures, "figure", "figures"))
        }
        Run::CaseFailed { name, command } => format!("FAIL  {name}  (ledger {command})"),
        Run::Expected => "expected".into(),
        Run::Actual => "actual".into(),
        // The English of the lookup is its `Display`.
        Run::ActualNone(why) => format!("none: {why}"),
        Run::HowComputed => "how the report computed it:".into(),
        Run::TestTotals { passed, failed } => {
            format!("expectations: {passed} passed, {failed} failed")
        }
        Run::Wrote(path) => format!("wrote {path}"),
        Run::Unchanged(path) => format!("{path}: unchanged"),
        Run::Recorded(path) => format!("{path}: recorded"),
        Run::RecordedCase(name) => format!("case {name:?}:"),
        Run::NoLongerInReport => "no longer in the report".into(),
        _ => String::new(),
    }
}
