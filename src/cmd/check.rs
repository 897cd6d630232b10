//! `ledger check [PATH…]`: loads and validates every agreement, facts file
//! and activity log, and reports every problem with its place.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::cli::{CheckArgs, DataArgs, Locale};
use crate::core::party_details::{self, Side};
use crate::load::activity;
use crate::load::diag::{Diagnostic, Diagnostics};
use crate::load::{self, Dataset};
use crate::report::lang::say;
use crate::report::lang::tables::{Run, Say};

pub fn run(
    data: &DataArgs,
    args: &CheckArgs,
    locale: Locale,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let (agreement_files, facts_files, csv_files) = if args.paths.is_empty() {
        let (a, f) = super::data_files(data)?;
        (a, f, Vec::new())
    } else {
        files_of(data, &args.paths)?
    };
    // What loads is checked on (its activity logs too), so that one run
    // reports every problem.
    let (dataset, mut diags) = load::load_all(&agreement_files, &facts_files);
    let loaded_all = diags.is_empty();
    let mut logs = 0usize;
    let mut rows = 0u64;
    let mut named: HashSet<PathBuf> = HashSet::new();
    for entry in &dataset.entries {
        named.extend(entry.facts.activity_logs.iter().cloned());
        logs += entry.facts.activity_logs.len();
        let checked = activity::check_logs(&entry.agreement, &entry.facts);
        rows += checked.rows;
        diags.extend(checked.problems);
        for w in checked.warnings {
            eprintln!("warning: {}: {}", w.position, w.message);
        }
    }
    let named: HashSet<PathBuf> = named.iter().map(|p| canonical(p)).collect();
    // A log may belong to a facts file that did not load: it is not said
    // to be unnamed then.
    for csv in csv_files.iter().filter(|_| loaded_all) {
        if !named.contains(&canonical(csv)) {
            diags.push(unnamed_log(csv, &data.facts, facts_files.is_empty()));
        }
    }
    if !diags.is_empty() {
        return Err(diags.into());
    }
    if args.paths.is_empty() {
        let entries: Vec<&load::Entry> = dataset.entries.iter().collect();
        super::warn_without_facts(data, &entries);
    }
    summary(out, &dataset, (facts_files.len(), logs, rows), locale)?;
    einvoice_warnings(&dataset, args.paths.is_empty());
    Ok(())
}

/// A log that no facts file names. When no facts file was read at all
/// because the facts directory is not there, that is what it says.
fn unnamed_log(csv: &Path, facts_dir: &Path, no_facts: bool) -> Diagnostic {
    if no_facts && !facts_dir.is_dir() {
        return Diagnostic::file(
            csv,
            format!(
                "this activity log is not named by any facts file: none was given, and the facts directory `{}` does not exist",
                facts_dir.display()
            ),
        )
        .with_help("give the facts file that names it as well, or its directory with `--facts DIR`");
    }
    Diagnostic::file(csv, "this activity log is not named by any facts file")
        .with_help("add it to `activity = [...]` in the facts file of its agreement")
}

/// Warns about every party that cannot send or receive an e-invoice yet,
/// naming the fields it lacks, and notes party details that are
/// placeholders. Neither stops the check: invoices as tables and CSV need
/// none of it. When only some files are checked (`whole` false), an
/// agreement whose facts were not among them is left out: its party
/// details were not read.
fn einvoice_warnings(dataset: &Dataset, whole: bool) {
    for e in dataset
        .entries
        .iter()
        .filter(|e| whole || !e.facts.files.is_empty())
    {
        let a = &e.agreement;
        for u in party_details::unready(a, &e.facts) {
            let verb = match u.side {
                Side::Seller => "send",
                Side::Buyer => "receive",
            };
            eprintln!(
                "warning: {}: `{}` cannot {verb} e-invoices yet: no {} (add them to its [[party_details]] in a facts file)",
                a.id,
                u.party,
                u.missing.join(", ")
            );
        }
        let placeholders: Vec<&str> = e
            .facts
            .party_details
            .iter()
            .filter(|d| d.placeholder)
            .map(|d| d.party.as_str())
            .collect();
        if !placeholders.is_empty() {
            eprintln!(
                "note: {}: the party details of {} are placeholders; replace them before sending e-invoices",
                a.id,
                placeholders.join(", ")
            );
        }
    }
}

/// The summary of a check that found no problem: the counts, then one line
/// per agreement.
fn summary(
    out: &mut dyn Write,
    dataset: &Dataset,
    counts: (usize, usize, u64),
    locale: Locale,
) -> std::io::Result<()> {
    let (facts, logs, rows) = counts;
    let ok = Run::CheckOk {
        agreements: dataset.entries.len(),
        facts,
        logs,
        rows,
    };
    writeln!(out, "{}", say(&Say::Run(ok), locale))?;
    for e in &dataset.entries {
        let a = &e.agreement;
        let line = Run::CheckAgreement {
            parties: a.parties.len() + e.facts.accessions.len(),
            term: a.term.period,
            renews_months: a.renewal.as_ref().map(|r| r.months),
        };
        let line = say(&Say::Run(line), locale);
        writeln!(out, "  {}  {}: {line}", a.id, e.path.display())?;
    }
    Ok(())
}

/// Sorts explicit paths into agreement, facts and CSV files. Directories are
/// expanded. A facts file whose agreement is not among the paths brings that
/// agreement in from the agreements directory.
fn files_of(data: &DataArgs, paths: &[PathBuf]) -> Result<Files, Diagnostics> {
    let mut files = Vec::new();
    for p in paths {
        if p.is_dir() {
            files.extend(load::files_with_extension(p, "toml")?);
            files.extend(load::files_with_extension(p, "csv")?);
        } else if p.is_file() {
            files.push(p.clone());
        } else {
            return Err(not_a_file(p).into());
        }
    }
    let (mut agreements, mut facts, mut csvs) = (Vec::new(), Vec::new(), Vec::new());
    let mut wanted = HashSet::new();
    let mut have = HashSet::new();
    for f in files {
        match f.extension().and_then(|e| e.to_str()) {
            Some("csv") => csvs.push(f),
            Some("toml") => match head(&f) {
                Head::Facts(id) => {
                    wanted.insert(id);
                    facts.push(f);
                }
                Head::Agreement(id) => {
                    have.insert(id);
                    agreements.push(f);
                }
                Head::Empty => return Err(Diagnostic::file(&f, EMPTY).with_help(TAKES).into()),
                // Let the agreement parser report what is wrong with it.
                Head::Unknown => agreements.push(f),
            },
            _ => {
                return Err(Diagnostic::file(&f, "not a .toml or .csv file")
                    .with_help(TAKES)
                    .into())
            }
        }
    }
    // A log given without the facts file that names it is checked as that
    // facts file (in the facts directory) describes it.
    for csv in &csvs {
        if facts.iter().any(|f| names_log(f, csv)) || !data.facts.is_dir() {
            continue;
        }
        for f in load::files_with_extension(&data.facts, "toml")? {
            if names_log(&f, csv) && !facts.contains(&f) {
                if let Head::Facts(id) = head(&f) {
                    wanted.insert(id);
                }
                facts.push(f);
            }
        }
    }
    // The agreements of the data directory stand behind the named files:
    // they supply what a facts file refers to, and the list of known ids when
    // it refers to none of them. One with an id already named is left out.
    let missing = wanted.iter().any(|id| !have.contains(id));
    if missing && data.agreements.is_dir() {
        for f in load::files_with_extension(&data.agreements, "toml")? {
            if let Head::Agreement(id) = head(&f) {
                if !have.contains(&id) {
                    agreements.push(f);
                }
            }
        }
    }
    Ok((agreements, facts, csvs))
}

/// What `check` takes, for the errors about a path it cannot take.
const TAKES: &str =
    "check takes agreement and facts files (*.toml), activity logs (*.csv) and directories of them";

const EMPTY: &str =
    "this file is empty; an agreement (`id = …`) or a facts file (`agreement = …`) was expected";

/// The error for a path that is neither a regular file nor a directory:
/// what it is (`/dev/null` is a device), or that it is not there.
fn not_a_file(path: &Path) -> Diagnostic {
    let Ok(meta) = std::fs::metadata(path) else {
        return Diagnostic::file(path, "no such file or directory");
    };
    let kind = file_kind(&meta.file_type());
    Diagnostic::file(
        path,
        format!("this is {kind}, not an agreement, facts file or activity log"),
    )
    .with_help(TAKES)
}

/// What a file that is not a regular file or directory is, in words.
#[cfg(unix)]
fn file_kind(t: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if t.is_char_device() || t.is_block_device() {
        "a device"
    } else if t.is_fifo() {
        "a named pipe (FIFO)"
    } else if t.is_socket() {
        "a socket"
    } else {
        "not a regular file"
    }
}

#[cfg(not(unix))]
fn file_kind(_: &std::fs::FileType) -> &'static str {
    "not a regular file"
}

/// Whether the facts file `facts` names the activity log `log` in its
/// `activity = [...]` (relative to the facts file, as the loader reads it).
fn names_log(facts: &Path, log: &Path) -> bool {
    let Ok(text) = std::fs::read_to_string(facts) else {
        return false;
    };
    let Ok(table) = text.parse::<toml::Table>() else {
        return false;
    };
    let dir = facts.parent().unwrap_or(Path::new(""));
    let log = canonical(log);
    table
        .get("activity")
        .and_then(|v| v.as_array())
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str())
        .any(|name| canonical(&dir.join(name)) == log)
}

/// The path with `.` and symbolic links resolved where the file exists, so
/// that `./examples/log.csv` and `examples/log.csv` are the same log.
fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// Agreement, facts and CSV files, in that order.
type Files = (Vec<PathBuf>, Vec<PathBuf>, Vec<PathBuf>);

enum Head {
    Agreement(String),
    Facts(String),
    /// Nothing but white space.
    Empty,
    Unknown,
}

/// Tells a facts file (top-level `agreement = "…"`) from an agreement file
/// (top-level `id = "…"`) without validating either.
fn head(path: &Path) -> Head {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Head::Unknown;
    };
    if text.trim().is_empty() {
        return Head::Empty;
    }
    let Ok(table) = text.parse::<toml::Table>() else {
        return Head::Unknown;
    };
    match (
        table.get("agreement").and_then(|v| v.as_str()),
        table.get("id").and_then(|v| v.as_str()),
    ) {
        (Some(a), _) => Head::Facts(a.to_string()),
        (None, Some(id)) => Head::Agreement(id.to_string()),
        _ => Head::Unknown,
    }
}
