//! What the statement-like commands (`settle`, `withdraw`, `budget`) share
//! when they load and select: the agreements a yearly report covers, the
//! client a `--party` names, and the activity log's warnings. Their rows and
//! renderers are in `report::statement`.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

use crate::core::agreement::Agreement;
use crate::core::explain::Phrase;
use crate::core::facts::Facts;
use crate::core::parties::Parties;
use crate::core::settlement::{self, SettlementError};
use crate::core::statement::{StatementPhrase as S, Yearly};
use crate::load::{Dataset, Entry};

/// The client of `a` that `query` names (id or name, accessions included):
/// `Ok(None)` when no party of the agreement has that name, an error when
/// it names the provider.
pub fn find_client(a: &Agreement, f: &Facts, query: &str) -> anyhow::Result<Option<String>> {
    let parties = Parties::new(a, f);
    Ok(parties.find_client(query)?.map(|m| m.id().to_string()))
}

/// The clients of an agreement, accessions included, as `Name (id)`.
pub fn client_list(a: &Agreement, f: &Facts) -> String {
    Parties::new(a, f).client_list()
}

/// The clients an agreement's report covers, in the order of the agreement.
pub fn clients(a: &Agreement, f: &Facts) -> Vec<String> {
    Parties::new(a, f)
        .clients()
        .map(|m| m.id().to_string())
        .collect()
}

/// Prints the activity log's `warnings` about the rows counted of the
/// borrowers in `parties` (the ones the report is about).
pub fn print_warnings(warnings: Vec<crate::core::activity::Warning>, parties: &[String]) {
    for w in warnings.iter().filter(|w| parties.contains(&w.borrower)) {
        warn_once(format!("{}: {}", w.position, w.message));
    }
}

/// Whether [`warn_once`] remembers what it printed, because this process
/// may print the same warning more than once: `ledger test` builds a
/// report per case over the same logs, and `settle` may cover agreements
/// that read the same log. Otherwise each warning of a log is told once by
/// itself and none is remembered, since a large log can have thousands.
static REMEMBER: AtomicBool = AtomicBool::new(false);

/// Makes [`warn_once`] remember the warnings it prints from now on.
pub fn tell_each_warning_once() {
    REMEMBER.store(true, Ordering::Relaxed);
}

/// Prints `warning: {message}` on stderr, unless it was printed before
/// while [`tell_each_warning_once`] holds: the log's warnings are about the
/// log, not about a case or an agreement, so each is told once.
pub fn warn_once(message: String) {
    static PRINTED: Mutex<BTreeSet<String>> = Mutex::new(BTreeSet::new());
    if !REMEMBER.load(Ordering::Relaxed) {
        eprintln!("warning: {message}");
        return;
    }
    // A poisoned set only means another thread panicked while printing; the
    // warnings it holds are still the ones printed.
    let mut printed = PRINTED.lock().unwrap_or_else(|e| e.into_inner());
    if !printed.contains(&message) {
        eprintln!("warning: {message}");
        printed.insert(message);
    }
}

/// Where activity totals come from: `log lines a–b (n rows)`.
pub fn log_source(logs: &[std::path::PathBuf], rows: u64, first: u64, last: u64) -> Phrase {
    settlement::log_source(logs, rows, first, last)
}

/// How a yearly report (settle, budget) speaks of agreements it cannot cover.
pub struct YearlyReport {
    /// Which report notes an agreement without contracted hours.
    pub report: Yearly,
    /// The error when such an agreement was asked for, after `agreement `id``.
    pub no_hours_error: &'static str,
    /// The error when nothing is left, before `{year}: {why}`.
    pub nothing: &'static str,
}

/// The agreements a yearly report covers: those that bill contracted hours
/// and run in `year`. One asked for by id that cannot be covered is an
/// error; otherwise it becomes a note (no hours) or is skipped with its
/// reason (no term in the year). Fails when nothing is left to cover.
pub fn agreements_in_year<'a>(
    dataset: &'a Dataset,
    agreement: Option<&str>,
    year: i32,
    report: &YearlyReport,
    notes: &mut Vec<Phrase>,
) -> anyhow::Result<(Vec<&'a Entry>, Vec<Phrase>)> {
    let explicit = agreement.is_some();
    let mut covered = Vec::new();
    let mut skipped = Vec::new();
    for entry in super::select(dataset, agreement)? {
        let (a, f) = (&entry.agreement, &entry.facts);
        if a.hours.is_none() {
            if explicit {
                anyhow::bail!("agreement `{}` {}", a.id, report.no_hours_error);
            }
            notes.push(
                S::NoHours {
                    agreement: a.id.clone(),
                    report: report.report,
                }
                .into(),
            );
            continue;
        }
        if let Err(e) = settlement::life_in_year(a, f, year) {
            if explicit {
                return Err(e.into());
            }
            skipped.push(e);
            continue;
        }
        covered.push(entry);
    }
    if covered.is_empty() {
        let why = if skipped.is_empty() {
            "no agreement bills contracted hours".to_string()
        } else {
            let why: Vec<String> = skipped.iter().map(ToString::to_string).collect();
            why.join("; ")
        };
        anyhow::bail!("{} {year}: {why}", report.nothing);
    }
    Ok((covered, skipped.iter().filter_map(skipped_note).collect()))
}

/// The note of an agreement a yearly report skips: it does not run in the year.
fn skipped_note(e: &SettlementError) -> Option<Phrase> {
    match e {
        SettlementError::NoTerm {
            agreement,
            year,
            start,
            end,
        } => Some(
            S::NoTerm {
                agreement: agreement.clone(),
                year: *year,
                start: *start,
                end: *end,
            }
            .into(),
        ),
        _ => None,
    }
}

/// The note of a client that takes no part in the year of a yearly report.
pub fn takes_no_part(a: &Agreement, party: &str, year: i32) -> Phrase {
    S::TakesNoPart {
        agreement: a.id.clone(),
        party: party.to_string(),
        year,
    }
    .into()
}
