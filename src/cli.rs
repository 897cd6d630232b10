//! Command-line types only: clap derives them, doc comments become the help.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::core::period::{BillingPeriod, Rhythm};

/// What every command's help ends with: how dates are written and what the
/// exit codes mean. A macro, so that it joins each command's example with
/// `concat!` at compile time.
macro_rules! help_tail {
    () => {
        "Dates are written YYYY-MM-DD, e.g. 2018-09-01.\n\n\
         Exit codes:\n  \
         0  success\n  \
         1  a failed computation or invalid input (an agreement, facts file or activity log with a problem)\n  \
         2  usage: an unknown option, a missing or malformed value, options that do not go together"
    };
    ($example:literal) => {
        concat!("Example:\n  ", $example, "\n\n", help_tail!())
    };
}

/// The help tail for `--help` of the whole program and `ledger help`.
pub const HELP_TAIL: &str = help_tail!();

/// The command line as `ledger` reads it: the derived definition, with
/// every option that takes a value reading a leading `-` as part of that
/// value, so that `--year -1`, `--within -6m` or `--width -5` get the
/// value's own range or format error (exit 2), not "unexpected argument".
pub fn command() -> clap::Command {
    hyphen_values(<Cli as clap::CommandFactory>::command())
}

/// Parses the process's arguments with [`command`]; a usage error prints
/// clap's message and exits 2.
pub fn parse() -> Cli {
    let matches = command().get_matches();
    <Cli as clap::FromArgMatches>::from_arg_matches(&matches)
        .unwrap_or_else(|e| e.format(&mut command()).exit())
}

/// [`command`]'s rule applied to a command and all its subcommands.
fn hyphen_values(cmd: clap::Command) -> clap::Command {
    cmd.mut_args(|arg| {
        let valued = arg.get_long().is_some() && arg.get_action().takes_values();
        if valued {
            arg.allow_hyphen_values(true)
        } else {
            arg
        }
    })
    .mut_subcommands(hyphen_values)
}

#[derive(Debug, Parser)]
#[command(
    name = "ledger",
    version,
    about = "Agreement ledger and billing calculator for Dutch inter-municipal agreements",
    long_about = None,
    after_help = help_tail!(),
)]
pub struct Cli {
    #[command(flatten)]
    pub data: DataArgs,
    /// The invoice register (SQLite) that `issue`, `credit`, `register`, `verify` and `settle` use
    #[arg(
        long,
        global = true,
        env = "LEDGER_REGISTER",
        default_value = "ledger.sqlite",
        value_name = "PATH"
    )]
    pub register: PathBuf,
    /// Seconds a write waits for another process's lock on the register before it gives up
    #[arg(
        long,
        global = true,
        env = "LEDGER_BUSY_TIMEOUT",
        default_value_t = 5,
        value_name = "SECS",
        value_parser = parse_seconds
    )]
    pub busy_timeout: u64,
    /// Fit tables and text to this many columns. Default: the terminal's width (or COLUMNS) when
    /// stdout is a terminal; in a pipe or a file output is never wrapped, so it stays the same
    #[arg(long, global = true, value_name = "COLS", value_parser = clap::value_parser!(u16).range(40..=1000))]
    pub width: Option<u16>,
    /// Language and money format of tables and reports (nl: Dutch words, € 1.883,95; en: English, €1,883.95)
    #[arg(
        long,
        global = true,
        value_enum,
        env = "LEDGER_LOCALE",
        default_value_t = Locale::Nl
    )]
    pub locale: Locale,
    #[command(subcommand)]
    pub command: Command,
}

/// Where the agreements and the facts live.
#[derive(Debug, Clone, Args)]
#[command(next_help_heading = "Global options")]
pub struct DataArgs {
    /// Directory of agreement TOML files
    #[arg(
        long,
        global = true,
        env = "LEDGER_AGREEMENTS",
        default_value = "agreements",
        value_name = "DIR"
    )]
    pub agreements: PathBuf,
    /// Directory of facts TOML files (and the activity logs they name)
    #[arg(
        long,
        global = true,
        env = "LEDGER_FACTS",
        default_value = "examples",
        value_name = "DIR"
    )]
    pub facts: PathBuf,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Load and validate every agreement, facts file and activity log
    #[command(after_long_help = help_tail!("ledger check agreements/brp-pool.toml examples/brp-activity.csv"))]
    Check(CheckArgs),
    /// Show an agreement in readable form
    #[command(after_long_help = help_tail!("ledger show brp-pool --years 2018..2026"))]
    Show(ShowArgs),
    /// Invoices from the provider to each paying party for a period, each agreement at its own rhythm
    ///
    /// Give exactly one of --quarter, --month, --half or --year. Each agreement bills the periods of
    /// its own [billing] rhythm whose invoice day falls in the asked period: the period's last day
    /// in arrears (the default), its first day in advance. A quarterly agreement asked for its
    /// quarter bills that quarter; a yearly one in arrears bills 2019 when asked for 2019-Q4 and
    /// says when its invoice falls when asked for 2019-Q1.
    #[command(after_long_help = help_tail!("ledger invoice --quarter 2018-Q1 --party Tholen --explain"))]
    Invoice(InvoiceArgs),
    /// Year-end settlement of contracted against delivered hours
    #[command(after_long_help = help_tail!("ledger settle --year 2018 --party Steenbergen"))]
    Settle(SettleArgs),
    /// Compensation for an early withdrawal, next to the regular way out
    #[command(after_long_help = help_tail!(
        "ledger withdraw --agreement brp-pool --party Tholen --effective 2018-07-01"
    ))]
    Withdraw(WithdrawArgs),
    /// Expected cost per client for a year, against the advised budget
    #[command(after_long_help = help_tail!("ledger budget --year 2018 --agreement brp-pool"))]
    Budget(BudgetArgs),
    /// Every dated obligation, option and aim in a window
    ///
    /// The window includes both its first and its last day: --from 2025-06-01 --within 6m lists
    /// what falls on 2025-06-01 up to and including 2025-12-01. Without --to or --within it runs
    /// to the same day a year later, included (366 days, or 367 across a 29 February).
    #[command(after_long_help = help_tail!("ledger deadlines --from 2025-06-01 --within 6m --format ics > deadlines.ics"))]
    Deadlines(DeadlinesArgs),
    /// What a written notice given on a date achieves
    #[command(after_long_help = help_tail!(
        "ledger notice --agreement brp-pool --party Tholen --given 2025-11-22"
    ))]
    Notice(NoticeArgs),
    /// Issue the quarter's invoices into the register, numbered, in one transaction
    #[command(after_long_help = help_tail!("ledger issue --quarter 2018-Q1 --dry-run"))]
    Issue(IssueArgs),
    /// Issue a credit note that negates an issued invoice in full
    #[command(after_long_help = help_tail!(
        "ledger credit brp-pool-2018-0001 --reason \"hours corrected\""
    ))]
    Credit(CreditArgs),
    /// List or show the documents in the register
    #[command(subcommand)]
    #[command(after_long_help = help_tail!(
        "ledger register list --year 2018\n  ledger register show brp-pool-2018-0001 --format ubl > brp-pool-2018-0001.xml"
    ))]
    Register(RegisterCommand),
    /// Check the register: hash chain, numbering, and drift from today's inputs
    #[command(after_long_help = concat!(
        "Example:\n  ledger verify --chain-only\n\n",
        help_tail!(),
        "\n  3  the register was changed outside ledger (hash chain or numbering broken); wins over drift\n  \
         4  drift: an issued invoice differs from what today's agreements, facts and log give"
    ))]
    Verify(VerifyArgs),
    /// Run the expectation files (*.expect.toml) beside the agreements
    #[command(after_long_help = help_tail!("ledger test --format junit > ledger-test.xml"))]
    Test(TestArgs),
    /// Print a completion script for a shell
    #[command(after_long_help = help_tail!("ledger completions bash > ~/.local/share/bash-completion/completions/ledger"))]
    Completions(CompletionsArgs),
    /// Print the manual page (roff) on stdout
    #[command(after_long_help = help_tail!("ledger manpage > ~/.local/share/man/man1/ledger.1"))]
    Manpage,
}

#[derive(Debug, Args)]
pub struct IssueArgs {
    /// The quarter, e.g. 2018-Q1
    #[arg(long, value_parser = parse_quarter)]
    pub quarter: BillingPeriod,
    /// Only this agreement
    #[arg(long, value_name = "ID")]
    pub agreement: Option<String>,
    /// Only invoices to this party (id or name)
    #[arg(long, value_name = "NAME")]
    pub party: Option<String>,
    /// The issue date (default: today, or LEDGER_TODAY)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub date: Option<NaiveDate>,
    /// Show what would be issued and the numbers it would take; write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// Allow an issue date before the period ends, where the agreement bills in advance
    #[arg(long)]
    pub in_advance: bool,
    /// Also write each issued invoice into DIR as `<number>.xml` (needs --format ubl)
    #[arg(long, value_name = "DIR", requires = "format")]
    pub out: Option<PathBuf>,
    /// The format of the files --out writes
    #[arg(long, value_enum, requires = "out")]
    pub format: Option<IssueFormat>,
    /// The e-invoice profile of --format ubl
    #[arg(long, value_enum, default_value_t = UblProfile::Peppol)]
    pub profile: UblProfile,
    /// Overwrite files that already exist in --out
    #[arg(long, requires = "out")]
    pub force: bool,
    #[command(flatten)]
    pub today: TodayArgs,
}

#[derive(Debug, Args)]
pub struct CreditArgs {
    /// The number of the invoice to credit
    pub number: String,
    /// Why the invoice is credited (printed on the credit note)
    #[arg(long)]
    pub reason: String,
    /// The issue date of the credit note (default: today, or LEDGER_TODAY)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub date: Option<NaiveDate>,
    #[command(flatten)]
    pub today: TodayArgs,
}

/// Today's date for commands that stamp a document.
#[derive(Debug, Clone, Args)]
pub struct TodayArgs {
    /// Today's date (default: the system clock); fixes the date in tests
    #[arg(
        long,
        env = "LEDGER_TODAY",
        value_name = "DATE",
        hide_env_values = true,
        value_parser = parse_date
    )]
    pub today: Option<NaiveDate>,
}

#[derive(Debug, Subcommand)]
pub enum RegisterCommand {
    /// The documents in the register, in the order issued
    #[command(after_long_help = help_tail!("ledger register list --year 2018 --party tholen"))]
    List(RegisterListArgs),
    /// One stored document, rendered as `invoice` renders it
    #[command(after_long_help = help_tail!("ledger register show brp-pool-2018-0001 --explain"))]
    Show(RegisterShowArgs),
}

#[derive(Debug, Args)]
pub struct RegisterListArgs {
    /// Only documents issued in this year
    #[arg(long, value_parser = parse_year)]
    pub year: Option<i32>,
    /// Only documents to or from this party (id)
    #[arg(long, value_name = "ID")]
    pub party: Option<String>,
    /// Only documents of this agreement
    #[arg(long, value_name = "ID")]
    pub agreement: Option<String>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// The CSV of --format csv: plain, or nl for Dutch spreadsheets (`;`, decimal comma)
    #[arg(long, value_enum, default_value_t = CsvDialect::Plain, value_name = "DIALECT")]
    pub csv_dialect: CsvDialect,
}

#[derive(Debug, Args)]
pub struct RegisterShowArgs {
    /// The document number, e.g. brp-pool-2018-0001
    pub number: String,
    /// Output format: a report format, or ubl for the document as a UBL 2.1 e-invoice
    #[arg(long, value_enum, default_value_t = DocumentFormat::Table)]
    pub format: DocumentFormat,
    /// The e-invoice profile of --format ubl
    #[arg(long, value_enum, default_value_t = UblProfile::Peppol)]
    pub profile: UblProfile,
    /// Explain every figure: formula, inputs and their source, rounding, article
    #[arg(long)]
    pub explain: bool,
    /// The CSV of --format csv: plain, or nl for Dutch spreadsheets (`;`, decimal comma)
    #[arg(long, value_enum, default_value_t = CsvDialect::Plain, value_name = "DIALECT")]
    pub csv_dialect: CsvDialect,
}

/// The formats of one stored document: those of the reports, and UBL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum DocumentFormat {
    #[default]
    Table,
    Csv,
    Json,
    /// A UBL 2.1 e-invoice or credit note (see --profile)
    Ubl,
}

/// The format `ledger issue --out DIR` writes each issued document in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum IssueFormat {
    /// A UBL 2.1 e-invoice, `<number>.xml` (see --profile)
    Ubl,
}

/// Which specification a UBL document follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum UblProfile {
    /// Peppol BIS Billing 3.0, for delivery over the Peppol network
    #[default]
    Peppol,
    /// NLCIUS / SI-UBL 2.0, the Dutch use of EN 16931
    Nlcius,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// Check only the hash chain and numbering, not drift from today's inputs
    #[arg(long)]
    pub chain_only: bool,
    /// The hash of the last row as an earlier verify printed it (at least
    /// its first 12 characters): fails when no row has it any more, i.e.
    /// when rows were removed from the end
    #[arg(long, value_name = "HASH", value_parser = parse_hash)]
    pub head: Option<String>,
}

/// A row hash as `verify` prints it, or the first 12 or more of its 64
/// hexadecimal characters.
fn parse_hash(s: &str) -> Result<String, String> {
    let hash = s.trim().to_ascii_lowercase();
    if !(12..=64).contains(&hash.len()) || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(format!(
            "`{s}` is not a row hash: give the 64 hexadecimal characters verify printed, or at least the first 12"
        ));
    }
    Ok(hash)
}

/// The report format of `ledger test`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum TestFormat {
    /// One line per case, and expected against actual for each failure
    #[default]
    Text,
    /// JUnit XML, as GitLab, Azure DevOps and Jenkins read it
    Junit,
}

#[derive(Debug, Args)]
pub struct TestArgs {
    /// Expectation files, or directories to search for *.expect.toml (default: the agreements directory)
    pub paths: Vec<PathBuf>,
    /// Report format
    #[arg(long, value_enum, default_value_t = TestFormat::Text)]
    pub format: TestFormat,
    /// Write the current figures into the expectation files and print what changed
    #[arg(long)]
    pub record: bool,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Format {
    #[default]
    Table,
    Csv,
    Json,
}

/// The formats of `ledger show`: an agreement is sections, not rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ShowFormat {
    #[default]
    Table,
    Json,
}

/// How `--format csv` writes its fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum CsvDialect {
    /// Comma-separated, decimal point (1883.95): for machines
    #[default]
    Plain,
    /// For Dutch spreadsheets: semicolon-separated, decimal comma in numbers (1883,95)
    Nl,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Locale {
    /// Dutch words and amounts: € 1.883,95
    #[default]
    Nl,
    /// English words and amounts: €1,883.95
    En,
}

/// How a report is rendered.
#[derive(Debug, Clone, Args)]
pub struct OutputArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Explain every figure: formula, inputs and their source, rounding, article
    #[arg(long)]
    pub explain: bool,
    /// The CSV of --format csv: plain, or nl for Dutch spreadsheets (`;`, decimal comma)
    #[arg(long, value_enum, default_value_t = CsvDialect::Plain, value_name = "DIALECT")]
    pub csv_dialect: CsvDialect,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or directories to check instead of the agreements and facts directories
    pub paths: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Agreement id; all agreements when left out
    pub id: Option<String>,
    /// First and last year of the rate table (default: the first ten years of each agreement)
    #[arg(long, value_name = "FROM..TO")]
    pub years: Option<String>,
    /// Output format (an agreement is not rows: no csv)
    #[arg(long, value_enum, default_value_t = ShowFormat::Table)]
    pub format: ShowFormat,
}

/// The period asked for: exactly one of `--quarter`, `--month`, `--half`
/// or `--year`. Each agreement bills at its own rhythm what falls in it: the
/// invoice of one of its billing periods falls in the asked period that
/// holds its invoice day (the period's last day in arrears, its first in
/// advance).
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("period").required(true).args(["quarter", "month", "half", "year"])))]
pub struct InvoiceArgs {
    /// The quarter, YYYY-QN, e.g. 2018-Q1
    #[arg(long, value_parser = parse_quarter)]
    pub quarter: Option<BillingPeriod>,
    /// The month, e.g. 2019-03
    #[arg(long, value_parser = |t: &str| parse_period(Rhythm::Month, t))]
    pub month: Option<BillingPeriod>,
    /// The half-year, e.g. 2019-H1
    #[arg(long, value_parser = |t: &str| parse_period(Rhythm::HalfYear, t))]
    pub half: Option<BillingPeriod>,
    /// The calendar year, e.g. 2019 (every invoice that falls in it)
    #[arg(long, value_parser = |t: &str| parse_period(Rhythm::Year, t))]
    pub year: Option<BillingPeriod>,
    /// Only this agreement
    #[arg(long, value_name = "ID")]
    pub agreement: Option<String>,
    /// Only invoices to this party (id or name)
    #[arg(long, value_name = "NAME")]
    pub party: Option<String>,
    #[command(flatten)]
    pub output: OutputArgs,
    /// Write one file per invoice into this directory
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Overwrite existing files in --out
    #[arg(long, requires = "out")]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct SettleArgs {
    /// The calendar year to settle, e.g. 2018
    #[arg(long, value_name = "YEAR")]
    #[arg(value_parser = parse_year)]
    pub year: i32,
    /// Only this agreement
    #[arg(long, value_name = "ID")]
    pub agreement: Option<String>,
    /// Only this borrower (id or name)
    #[arg(long, value_name = "NAME")]
    pub party: Option<String>,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct WithdrawArgs {
    /// The agreement withdrawn from
    #[arg(long, value_name = "ID")]
    pub agreement: String,
    /// The borrower that withdraws (id or name)
    #[arg(long, value_name = "NAME")]
    pub party: String,
    /// The date the withdrawal takes effect (YYYY-MM-DD)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub effective: NaiveDate,
    /// Hours the provider can deploy elsewhere, e.g. 6 or 6.5 (0 or more)
    #[arg(long, value_name = "H", value_parser = parse_hours)]
    pub redeployed_hours: Option<rust_decimal::Decimal>,
    /// The date the provider's external contract can end (YYYY-MM-DD)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub external_contract_ends: Option<NaiveDate>,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Args)]
pub struct BudgetArgs {
    /// The calendar year to budget, e.g. 2019
    #[arg(long, value_name = "YEAR")]
    #[arg(value_parser = parse_year)]
    pub year: i32,
    /// Only this agreement
    #[arg(long, value_name = "ID")]
    pub agreement: Option<String>,
    #[command(flatten)]
    pub output: OutputArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum DeadlineFormat {
    #[default]
    Table,
    Csv,
    Json,
    Ics,
}

#[derive(Debug, Args)]
pub struct DeadlinesArgs {
    /// First day of the window, YYYY-MM-DD, included (default: today)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub from: Option<NaiveDate>,
    /// Last day of the window, YYYY-MM-DD, included (default: the same day a year after --from)
    #[arg(long, value_name = "DATE", conflicts_with = "within", value_parser = parse_date)]
    pub to: Option<NaiveDate>,
    /// Length of the window from --from, e.g. 90d, 12w, 6m, 2y; its last day, --from plus the span, is included
    #[arg(long, value_name = "SPAN")]
    pub within: Option<String>,
    /// Only this agreement
    #[arg(long, value_name = "ID")]
    pub agreement: Option<String>,
    /// Output format; ics is an iCalendar feed with reminders
    #[arg(long, value_enum, default_value_t = DeadlineFormat::Table)]
    pub format: DeadlineFormat,
    /// Reminders before each event in the ICS feed, in days or weeks (`none` for no reminders)
    #[arg(long, value_name = "SPANS", default_value = "30d,7d")]
    pub remind: String,
    /// The CSV of --format csv: plain, or nl for Dutch spreadsheets (`;`, decimal comma)
    #[arg(long, value_enum, default_value_t = CsvDialect::Plain, value_name = "DIALECT")]
    pub csv_dialect: CsvDialect,
    /// Today's date, YYYY-MM-DD (default: the system clock); fixes the date in tests
    #[arg(
        long,
        env = "LEDGER_TODAY",
        value_name = "DATE",
        hide_env_values = true,
        value_parser = parse_date
    )]
    pub today: Option<NaiveDate>,
}

#[derive(Debug, Args)]
pub struct NoticeArgs {
    /// The agreement notice is given under
    #[arg(long, value_name = "ID")]
    pub agreement: String,
    /// The party giving notice (id or name)
    #[arg(long, value_name = "NAME")]
    pub party: Option<String>,
    /// The date the written notice is given (YYYY-MM-DD)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub given: NaiveDate,
    #[command(flatten)]
    pub output: OutputArgs,
}

/// Parses a calendar date written as `YYYY-MM-DD`, saying what is wrong with
/// one that does not exist (`2018-02-30`) rather than only that it failed.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let shape_ok = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shape_ok {
        return Err(format!(
            "expected a date as YYYY-MM-DD such as 2018-09-01, got `{text}`"
        ));
    }
    // The shape check makes every part a run of ASCII digits.
    let number = |range: std::ops::Range<usize>| text[range].parse::<u32>().unwrap_or(0);
    let (year, month, day) = (number(0..4), number(5..7), number(8..10));
    let year = i32::try_from(year).unwrap_or(0);
    if !crate::core::calendar::year_in_range(year) {
        return Err(format!(
            "`{text}` is {}",
            crate::core::calendar::years_wording()
        ));
    }
    if !(1..=12).contains(&month) {
        return Err(format!("`{text}` is not a date: there is no month {month}"));
    }
    let days = crate::core::calendar::days_in_month(year, month);
    NaiveDate::from_ymd_opt(year, month, day)
        .filter(|_| day >= 1)
        .ok_or_else(|| {
            format!(
                "`{text}` is not a date: {} {year} has {days} days",
                crate::report::lang::month(month, Locale::En)
            )
        })
}

/// Parses a number of hours given on the command line: a plain decimal,
/// 0 or more (`6`, `6.5`).
pub fn parse_hours(text: &str) -> Result<rust_decimal::Decimal, String> {
    let hours = crate::core::money::parse_decimal(text.trim()).map_err(|e| e.to_string())?;
    if hours.is_sign_negative() {
        return Err(format!("hours cannot be negative, got `{text}`"));
    }
    Ok(hours)
}

/// Parses a number of whole seconds, 0 or more.
pub fn parse_seconds(text: &str) -> Result<u64, String> {
    text.trim()
        .parse()
        .map_err(|_| format!("expected whole seconds, 0 or more, such as 5, got `{text}`"))
}

/// Parses a calendar year within the range every input keeps to.
pub fn parse_year(text: &str) -> Result<i32, String> {
    use crate::core::calendar::{MAX_PARSED_YEAR, MIN_PARSED_YEAR};
    match text.trim().parse::<i32>() {
        Ok(y) if (MIN_PARSED_YEAR..=MAX_PARSED_YEAR).contains(&y) => Ok(y),
        _ => Err(format!(
            "`{text}` is not a year from {MIN_PARSED_YEAR} to {MAX_PARSED_YEAR}"
        )),
    }
}

/// Parses a quarter (`2018-Q1`) with the one period parser of
/// `core::period`, so that every malformed period is a usage error worded
/// the same way.
pub fn parse_quarter(text: &str) -> Result<BillingPeriod, String> {
    parse_period(Rhythm::Quarter, text)
}

/// Parses a period of `rhythm`; the value parser of every period argument
/// is built on this.
pub fn parse_period(rhythm: Rhythm, text: &str) -> Result<BillingPeriod, String> {
    BillingPeriod::parse_as(rhythm, text).map_err(|e| e.to_string())
}
