//! The Dutch words of what `check`, `verify` and `test` report on stdout.

use crate::register::ChainProblem;
use crate::report::figures::Missing;
use crate::report::lang::tables::{Changed, Run};
use crate::report::text::Text;

/// `1 overeenkomst`, `2 overeenkomsten`.
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
            count(*agreements, "overeenkomst", "overeenkomsten"),
            count(*facts, "feitenbestand", "feitenbestanden"),
            count(*logs, "activiteitenlog", "activiteitenlogs"),
            count(
                usize::try_from(*rows).unwrap_or(usize::MAX),
                "logregel",
                "logregels"
            ),
        ),
        Run::CheckAgreement {
            parties,
            term,
            renews_months,
        } => {
            let renews = renews_months.map_or(String::new(), |m| {
                format!(", stilzwijgend verlengd met {m} maanden")
            });
            format!(
                "{}, looptijd {term}{renews}",
                count(*parties, "partij", "partijen")
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
            count(*documents, "document", "documenten"),
            count(*live, "geldende factuur", "geldende facturen")
        ),
        Run::ChainOk => {
            "keten: in orde, elke rij klopt met haar hash en elke serie loopt zonder gaten".into()
        }
        Run::ChainHead { seq, number, hash } => format!(
            "laatste rij {seq} ({number}), hash {hash}; bewaar die buiten het register: `ledger verify --head HASH` ziet dan later of er rijen van het einde zijn verwijderd"
        ),
        Run::ChainProblems(n) => format!("keten: {}", count(*n, "probleem", "problemen")),
        Run::Tampered(p) => tampered(p),
        Run::DriftNotChecked => "afwijking: niet nagegaan (--chain-only)".into(),
        Run::DriftNone => "afwijking: geen, elke geldende factuur is wat de overeenkomsten, feiten en log van vandaag geven".into(),
        Run::DriftFound(n) => format!(
            "afwijking: {} anders dan de invoer van vandaag geeft",
            count(*n, "factuur is", "facturen zijn")
        ),
        Run::Drifted {
            number,
            agreement,
            period,
            client,
        } => format!("{number} ({agreement} {period} aan {client}):"),
        Run::Changed(c) => changed(*c),
        Run::Old => "oud".into(),
        Run::New => "nieuw".into(),
        Run::NoSide => "(geen)".into(),
        Run::NoInvoiceNow => "geen factuur: de invoer van vandaag factureert hier niets".into(),
        Run::ToCorrect => "zo te corrigeren:".into(),
        _ => return None,
    })
}

/// One thing wrong with the hash chain or the numbering.
fn tampered(p: &ChainProblem) -> String {
    match p {
        ChainProblem::ContentChanged { seq, number } => format!(
            "rij {seq} ({number}) klopt niet met haar hash: zij is buiten ledger gewijzigd"
        ),
        ChainProblem::BrokenLink { seq, number, .. } => format!(
            "rij {seq} ({number}) volgt niet uit de rij ervoor: er zijn rijen verwijderd, ingevoegd of herschreven"
        ),
        ChainProblem::SeriesGap { series, from, to } if from == to => {
            format!("in serie {series} ontbreekt nummer {from}")
        }
        ChainProblem::SeriesGap { series, from, to } => {
            format!("in serie {series} ontbreken de nummers {from} tot en met {to}")
        }
        ChainProblem::SeriesDuplicate {
            series,
            series_seq,
            numbers,
        } => format!(
            "serie {series} heeft nummer {series_seq} meer dan eens: {}",
            numbers.join(", ")
        ),
        ChainProblem::HeadMissing { hash } => format!(
            "geen rij heeft de hash {hash} die met --head is gegeven: er zijn rijen van het einde van het register verwijderd, of het is een ander register"
        ),
    }
}

fn changed(c: Changed) -> String {
    match c {
        Changed::WholeInvoice => "de hele factuur".into(),
        Changed::Line(n) => format!("regel {n}"),
        Changed::Subtotal => "subtotaal".into(),
        Changed::Fees => "opslagen".into(),
        Changed::TotalExclVat => "totaal excl. btw".into(),
        Changed::Vat => "btw".into(),
        Changed::TotalInclVat => "totaal incl. btw".into(),
    }
}

/// Why a report has no value at a path.
fn missing(m: &Missing) -> String {
    match m {
        Missing::Key { key, there } => {
            format!("geen `{key}` hier; wel: {}", there.join(", "))
        }
        Missing::NotAList { key } => format!("`{key}` is geen lijst"),
        Missing::Empty { key } => format!("`{key}` is leeg"),
        Missing::Element {
            key,
            selector,
            there,
        } => format!("geen `{key}[{selector}]`; wel: {}", there.join(", ")),
    }
}

fn test(r: &Run) -> String {
    match r {
        Run::CasePassed { name, figures } => {
            format!("ok    {name} ({})", count(*figures, "waarde", "waarden"))
        }
        Run::CaseFailed { name, command } => format!("FOUT  {name}  (ledger {command})"),
        Run::Expected => "verwacht".into(),
        Run::Actual => "werkelijk".into(),
        Run::ActualNone(why) => format!("geen: {}", missing(why)),
        Run::HowComputed => "zo berekende het rapport het:".into(),
        Run::TestTotals { passed, failed } => {
            format!("verwachtingen: {passed} geslaagd, {failed} mislukt")
        }
        Run::Wrote(path) => format!("geschreven: {path}"),
        Run::Unchanged(path) => format!("{path}: ongewijzigd"),
        Run::Recorded(path) => format!("{path}: vastgelegd"),
        Run::RecordedCase(name) => format!("geval {name:?}:"),
        Run::NoLongerInReport => "niet meer in het rapport".into(),
        _ => String::new(),
    }
}
