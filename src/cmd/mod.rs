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

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use crate::cli::{
    Cli, Command, CsvDialect, DataArgs, DeadlineFormat, DocumentFormat, Format, RegisterCommand,
    ShowFormat, TestFormat,
};
use crate::load::diag::{Diagnostic, Diagnostics};
use crate::load::{self, Dataset};
use crate::register::{OpenMode, Register, RegisterError};
use crate::report::layout::{self, Width};

/// Runs the command, its output on `out` as the run's [`Shape`] asks: as
/// it is, or fitted to a width, or in the Dutch CSV dialect.
pub fn run(cli: Cli, out: &mut dyn Write) -> anyhow::Result<()> {
    let shape = Shape::of(&cli, std::io::stdout().is_terminal(), terminal_columns)?;
    if shape == Shape::default() {
        return dispatch(cli, out);
    }
    // The output is reshaped as a whole, so it is held until the command
    // ends; what it wrote before a failure is still written.
    let mut held = Vec::new();
    let result = layout::with_width(shape.width, || dispatch(cli, &mut held));
    out.write_all(&shape.apply(held)?)?;
    result
}

/// What the run's stdout becomes: text fitted to a width, CSV in a dialect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Shape {
    pub width: Width,
    pub csv: CsvDialect,
}

impl Shape {
    /// The shape of `cli`'s output. Text (tables, and the lines around
    /// them) is fitted to `--width`, or, when stdout is a terminal, to the
    /// terminal's columns (`columns()`); never otherwise, so that pipes and
    /// files get the same output everywhere. Fails (usage) when
    /// `--csv-dialect nl` comes without `--format csv`.
    pub fn of(
        cli: &Cli,
        stdout_is_terminal: bool,
        columns: impl Fn() -> Option<u16>,
    ) -> anyhow::Result<Shape> {
        let kind = output_kind(&cli.command);
        let csv = match (kind, csv_dialect(&cli.command)) {
            (Output::Csv, dialect) => dialect,
            // `invoice --out` applies the dialect to the files it writes.
            (Output::CsvFiles, _) => CsvDialect::Plain,
            (_, CsvDialect::Plain) => CsvDialect::Plain,
            (_, CsvDialect::Nl) => return Err(usage("--csv-dialect nl needs --format csv")),
        };
        let width = match (kind, cli.width) {
            (Output::Text, Some(w)) => Width::Columns(w),
            (Output::Text, None) if stdout_is_terminal => {
                columns().map_or(Width::Free, Width::Columns)
            }
            _ => Width::Free,
        };
        Ok(Shape { width, csv })
    }

    /// `held`, the command's output, in this shape.
    fn apply(self, held: Vec<u8>) -> anyhow::Result<Vec<u8>> {
        let held = match self.csv {
            CsvDialect::Plain => held,
            CsvDialect::Nl => crate::report::csv_in_dialect(&held, self.csv)?,
        };
        Ok(match self.width {
            Width::Free => held,
            Width::Columns(w) => {
                let folded = layout::fold(&String::from_utf8_lossy(&held), usize::from(w));
                layout::plain_spaces(&folded).into_bytes()
            }
        })
    }
}

/// What a command writes on stdout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Output {
    /// Text for people: tables and the lines around them.
    Text,
    /// CSV.
    Csv,
    /// Anything else (JSON, ICS, XML, roff, a script), or files.
    Data,
    /// The names of the CSV files it writes.
    CsvFiles,
}

/// What `command` writes on stdout.
fn output_kind(command: &Command) -> Output {
    let report = |format: Format| match format {
        Format::Table => Output::Text,
        Format::Csv => Output::Csv,
        Format::Json => Output::Data,
    };
    match command {
        // The report goes to files; stdout names them.
        Command::Invoice(a) if a.out.is_some() && a.output.format == Format::Csv => {
            Output::CsvFiles
        }
        Command::Invoice(a) if a.out.is_some() => Output::Data,
        Command::Invoice(a) => report(a.output.format),
        Command::Settle(a) => report(a.output.format),
        Command::Withdraw(a) => report(a.output.format),
        Command::Budget(a) => report(a.output.format),
        Command::Notice(a) => report(a.output.format),
        Command::Show(a) => match a.format {
            ShowFormat::Table => Output::Text,
            ShowFormat::Json => Output::Data,
        },
        Command::Deadlines(a) => match a.format {
            DeadlineFormat::Table => Output::Text,
            DeadlineFormat::Csv => Output::Csv,
            DeadlineFormat::Json | DeadlineFormat::Ics => Output::Data,
        },
        Command::Register(RegisterCommand::List(a)) => report(a.format),
        Command::Register(RegisterCommand::Show(a)) => match a.format {
            DocumentFormat::Table => Output::Text,
            DocumentFormat::Csv => Output::Csv,
            DocumentFormat::Json | DocumentFormat::Ubl => Output::Data,
        },
        Command::Test(a) if a.format == TestFormat::Text => Output::Text,
        Command::Test(_) => Output::Data,
        Command::Check(_) | Command::Issue(_) | Command::Credit(_) | Command::Verify(_) => {
            Output::Text
        }
        Command::Completions(_) | Command::Manpage => Output::Data,
    }
}

/// The `--csv-dialect` of a command that has one.
fn csv_dialect(command: &Command) -> CsvDialect {
    match command {
        Command::Invoice(a) => a.output.csv_dialect,
        Command::Settle(a) => a.output.csv_dialect,
        Command::Withdraw(a) => a.output.csv_dialect,
        Command::Budget(a) => a.output.csv_dialect,
        Command::Notice(a) => a.output.csv_dialect,
        Command::Deadlines(a) => a.csv_dialect,
        Command::Register(RegisterCommand::List(a)) => a.csv_dialect,
        Command::Register(RegisterCommand::Show(a)) => a.csv_dialect,
        _ => CsvDialect::Plain,
    }
}

/// The terminal's width in columns: `COLUMNS` when set, else what the
/// terminal says (comfy-table asks it).
fn terminal_columns() -> Option<u16> {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<u16>().ok())
        .filter(|&c| c > 0)
        .or_else(|| comfy_table::Table::new().width())
}

/// Runs the command on the parsed arguments.
fn dispatch(cli: Cli, out: &mut dyn Write) -> anyhow::Result<()> {
    let (data, locale) = (cli.data, cli.locale);
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
        Command::Check(args) => check::run(&data, &args, locale, out),
        Command::Show(args) => show::run(&data, &args, locale, out),
        Command::Invoice(args) => invoice::run(&data, &args, locale, out),
        Command::Settle(args) => settle::run(&data, &register, &args, locale, out),
        Command::Withdraw(args) => withdraw::run(&data, &args, locale, out),
        Command::Budget(args) => budget::run(&data, &args, locale, out),
        Command::Deadlines(args) => deadlines::run(&data, &args, locale, out),
        Command::Notice(args) => notice::run(&data, &args, locale, out),
        Command::Issue(args) => issue::run(&data, &register, &args, locale, out),
        Command::Credit(args) => credit::run(&data, &register, &args, locale, out),
        Command::Register(command) => register::run(&data, &register, &command, locale, out),
        Command::Verify(args) => verify::run(&data, &register, &args, locale, out),
        Command::Test(args) => test::run(&data, &args, locale, out),
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
pub fn require_dir(dir: &Path, what: &str, flag: &str, var: &str) -> Result<(), Diagnostic> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn shape(args: &[&str], terminal: bool, columns: Option<u16>) -> anyhow::Result<Shape> {
        let cli = Cli::try_parse_from(std::iter::once("ledger").chain(args.iter().copied()))?;
        Shape::of(&cli, terminal, || columns)
    }

    #[test]
    fn text_fits_a_terminal_and_never_a_pipe() {
        let invoice = ["invoice", "--quarter", "2018-Q1"];
        let on_terminal = shape(&invoice, true, Some(100)).unwrap();
        assert_eq!(on_terminal.width, Width::Columns(100));
        // A terminal whose width is unknown, and every pipe: free.
        assert_eq!(shape(&invoice, true, None).unwrap(), Shape::default());
        assert_eq!(shape(&invoice, false, Some(100)).unwrap(), Shape::default());
        // --width fits anywhere, and wins over the terminal.
        let fixed = ["--width", "80", "invoice", "--quarter", "2018-Q1"];
        assert_eq!(
            shape(&fixed, false, None).unwrap().width,
            Width::Columns(80)
        );
        assert_eq!(
            shape(&fixed, true, Some(200)).unwrap().width,
            Width::Columns(80)
        );
    }

    #[test]
    fn data_is_never_fitted() {
        for args in [
            &[
                "--width",
                "80",
                "invoice",
                "--quarter",
                "2018-Q1",
                "--format",
                "csv",
            ][..],
            &[
                "--width",
                "80",
                "invoice",
                "--quarter",
                "2018-Q1",
                "--format",
                "json",
            ],
            &[
                "--width",
                "80",
                "invoice",
                "--quarter",
                "2018-Q1",
                "--out",
                "x",
            ],
            &["--width", "80", "deadlines", "--format", "ics"],
            &["--width", "80", "test", "--format", "junit"],
            &["--width", "80", "register", "show", "n", "--format", "ubl"],
            &["--width", "80", "manpage"],
        ] {
            assert_eq!(
                shape(args, true, Some(80)).unwrap().width,
                Width::Free,
                "{args:?}"
            );
        }
    }

    #[test]
    fn the_csv_dialect_goes_with_csv_only() {
        let nl = [
            "invoice",
            "--quarter",
            "2018-Q1",
            "--format",
            "csv",
            "--csv-dialect",
            "nl",
        ];
        assert_eq!(shape(&nl, false, None).unwrap().csv, CsvDialect::Nl);
        let files = [
            "invoice",
            "--quarter",
            "2018-Q1",
            "--format",
            "csv",
            "--csv-dialect",
            "nl",
            "--out",
            "x",
        ];
        // The files get it; stdout only names them.
        assert_eq!(shape(&files, false, None).unwrap(), Shape::default());
        let table = ["invoice", "--quarter", "2018-Q1", "--csv-dialect", "nl"];
        let err = shape(&table, false, None).unwrap_err();
        assert_eq!(exit_code(&err), 2, "{err}");
    }

    #[test]
    fn the_width_has_a_sensible_range() {
        assert!(shape(&["--width", "39", "check"], false, None).is_err());
        assert!(shape(&["--width", "40", "check"], false, None).is_ok());
    }
}
