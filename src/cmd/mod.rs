//! One module per subcommand: load → compute → render. `run` dispatches.

pub mod budget;
pub mod check;
pub mod credit;
pub mod deadlines;
pub mod generate;
pub mod invoice;
pub mod issue;
pub mod notice;
pub mod register;
pub mod settle;
pub mod show;
pub mod statement;
pub mod test;
pub mod verify;
pub mod withdraw;

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::cli::{Cli, Command, DataArgs, Format};
use crate::load::diag::{Diagnostic, Diagnostics};
use crate::load::{self, Dataset};
use crate::register::{OpenMode, Register, RegisterError};

pub fn run(cli: Cli, out: &mut dyn Write) -> anyhow::Result<()> {
    let data = cli.data;
    let register = RegisterFile {
        path: cli.register,
        busy: std::time::Duration::from_secs(cli.busy_timeout),
    };
    let output = match &cli.command {
        Command::Invoice(a) => Some(&a.output),
        Command::Settle(a) => Some(&a.output),
        Command::Withdraw(a) => Some(&a.output),
        Command::Budget(a) => Some(&a.output),
        Command::Notice(a) => Some(&a.output),
        _ => None,
    };
    // One CSV row per line leaves no place for an explanation; asking for
    // both would silently drop what was asked for.
    if output.is_some_and(|o| o.explain && o.format == Format::Csv) {
        return Err(usage("--explain needs --format table or json; CSV has one row per line and no room for explanations"));
    }
    match cli.command {
        Command::Check(args) => check::run(&data, &args, out),
        Command::Show(args) => show::run(&data, &args, out),
        Command::Invoice(args) => invoice::run(&data, &args, out),
        Command::Settle(args) => settle::run(&data, &register, &args, out),
        Command::Withdraw(args) => withdraw::run(&data, &args, out),
        Command::Budget(args) => budget::run(&data, &args, out),
        Command::Deadlines(args) => deadlines::run(&data, &args, out),
        Command::Notice(args) => notice::run(&data, &args, out),
        Command::Issue(args) => issue::run(&data, &register, &args, out),
        Command::Credit(args) => credit::run(&data, &register, &args, out),
        Command::Register(command) => register::run(&data, &register, &command, out),
        Command::Verify(args) => verify::run(&data, &register, &args, out),
        Command::Test(args) => test::run(&data, &args, out),
        Command::Completions(args) => generate::completions(args.shell, out),
        Command::Manpage => generate::manpage(out),
    }
}

/// A usage error found after clap parsed the arguments: a value clap does
/// not check itself, or options that do not go together. `main` gives it
/// exit code 2, as clap does its own usage errors.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// A usage error with this message.
pub fn usage(message: impl Into<String>) -> anyhow::Error {
    UsageError(message.into()).into()
}

/// The same error as a usage error, its causes joined into one message.
pub fn as_usage(err: anyhow::Error) -> anyhow::Error {
    usage(format!("{err:#}"))
}

/// The error as the user sees it: diagnostics as they are (they carry their
/// own `error:` lines), anything else as `error: …` with its causes.
pub fn render_error(err: &anyhow::Error) -> String {
    // A verify verdict follows its own report on stdout; one line says it.
    if let Some(v) = err.downcast_ref::<verify::Verdict>() {
        return format!("error: {v}");
    }
    if let Some(d) = err.downcast_ref::<Diagnostics>() {
        return d.to_string();
    }
    let mut s = format!("error: {err}");
    for cause in err.chain().skip(1) {
        s.push_str(&format!("\n  caused by: {cause}"));
    }
    s
}

/// The register file the command line names, and how long a write waits
/// for another process's lock.
pub struct RegisterFile {
    pub path: PathBuf,
    pub busy: std::time::Duration,
}

impl RegisterFile {
    /// Opens the register; fails as [`Register::open`] does.
    pub fn open(&self, mode: OpenMode) -> Result<Register, RegisterError> {
        Register::open_with_timeout(&self.path, mode, self.busy)
    }
}

/// The exit code of an error: 2 for a usage error, a verify verdict its
/// own (3 tampering, 4 drift), every other error 1.
pub fn exit_code(err: &anyhow::Error) -> u8 {
    if err.chain().any(|e| e.is::<UsageError>()) {
        return 2;
    }
    err.downcast_ref::<verify::Verdict>().map_or(1, |v| v.code)
}

/// The agreement and facts files of the data directories.
/// Fails when the agreements directory holds no agreement: every report
/// would be empty, which is a wrong directory rather than an answer.
pub fn data_files(data: &DataArgs) -> Result<(Vec<PathBuf>, Vec<PathBuf>), Diagnostics> {
    require_dir(
        &data.agreements,
        "agreements",
        "--agreements",
        "LEDGER_AGREEMENTS",
    )?;
    require_dir(&data.facts, "facts", "--facts", "LEDGER_FACTS")?;
    let agreements = load::files_with_extension(&data.agreements, "toml")?;
    if agreements.is_empty() {
        return Err(Diagnostic::file(
            &data.agreements,
            "no agreement files (*.toml) in this directory",
        )
        .with_help(
            "point --agreements (or LEDGER_AGREEMENTS) at the directory of agreement TOML files",
        )
        .into());
    }
    let facts = load::files_with_extension(&data.facts, "toml")?;
    Ok((agreements, facts))
}

/// Fails, saying where it looked and how to point elsewhere, when a data
/// directory does not exist: the usual cause is running `ledger` outside
/// the repository that holds `agreements/` and `examples/`.
fn require_dir(dir: &Path, what: &str, flag: &str, var: &str) -> Result<(), Diagnostic> {
    if dir.is_dir() {
        return Ok(());
    }
    let looked = std::env::current_dir()
        .map(|cwd| cwd.join(dir))
        .unwrap_or_else(|_| dir.to_path_buf());
    Err(Diagnostic::file(
        dir,
        format!("no {what} directory: looked for {}", looked.display()),
    )
    .with_help(format!(
        "run ledger in the directory that holds it, or point {flag} DIR (or {var}) at the directory of {what} TOML files"
    )))
}

/// Loads every agreement and facts file of the data directories.
pub fn load_dataset(data: &DataArgs) -> anyhow::Result<Dataset> {
    let (agreements, facts) = data_files(data)?;
    Ok(load::load(&agreements, &facts)?)
}

/// The agreements a command works on: one by id, or all.
pub fn select<'a>(dataset: &'a Dataset, id: Option<&str>) -> anyhow::Result<Vec<&'a load::Entry>> {
    match id {
        Some(id) => Ok(vec![dataset.require(id)?]),
        None => Ok(dataset.entries.iter().collect()),
    }
}

/// Says on stderr which of `entries` need facts but have none: a `--facts`
/// directory that exists but holds no facts for an agreement would
/// otherwise lose its travel and declarations without a word.
pub fn warn_without_facts(data: &DataArgs, entries: &[&load::Entry]) {
    for w in without_facts(data, entries) {
        eprintln!("warning: {w}");
    }
}

/// The warnings of [`warn_without_facts`]. An agreement needs facts when
/// it bills travel from an activity log or contracted hours that a
/// declaration can change.
pub fn without_facts(data: &DataArgs, entries: &[&load::Entry]) -> Vec<String> {
    entries
        .iter()
        .filter(|e| e.facts.files.is_empty())
        .filter_map(|e| {
            let a = &e.agreement;
            let mut missing = Vec::new();
            if a.travel.is_some() {
                missing.push("no activity log (no travel)");
            }
            if a.hours.is_some() {
                missing.push("no declarations");
            }
            (!missing.is_empty()).then(|| {
                format!(
                    "no facts file in {} names agreement `{}`: {}",
                    data.facts.display(),
                    a.id,
                    missing.join(", ")
                )
            })
        })
        .collect()
}
