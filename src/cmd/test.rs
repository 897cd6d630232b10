//! `ledger test [PATH…]`: runs the expectation files users keep beside their
//! agreements (docs/expectations.md). Each case's command line is parsed as
//! `ledger` parses it and its report is built in-process by the same
//! functions the command calls; the figures are then read from the report's
//! serde data, as its JSON renderer writes them. `--record` writes the
//! current figures back and prints what changed. The outcome and its
//! renderers (text, JUnit XML) are in `report::test`.

use crate::report::lang::tables::{Run, Say};
use crate::report::lang::{machine, machine_value, say};
use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Parser;
use serde_json::Value;

use crate::cli::{Cli, Command, DataArgs, TestArgs, TestFormat};
use crate::core::explain::Explanation;
use crate::load::diag::{Diagnostic, Diagnostics};
use crate::load::expect::{self, Case, ExpectFile, Recorded};
use crate::load::{self, Dataset};
use crate::report::figures;
use crate::report::test::{self as view, CaseOutcome, Failure, FileOutcome, TestReport};

/// A case's report as data: its serde value and every explanation in it.
struct Computed {
    value: Value,
    explanations: Vec<Explanation>,
}

pub fn run(
    data: &DataArgs,
    args: &TestArgs,
    locale: crate::cli::Locale,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let files = expectation_files(data, &args.paths).map_err(Diagnostics::from)?;
    super::statement::tell_each_warning_once();
    let mut report = TestReport::default();
    for path in &files {
        let file = expect::read(path).map_err(Diagnostics::from)?;
        let outcome = run_file(data, &file, args.record.then_some(locale), out)?;
        report.files.push(outcome);
    }
    // A failed case fails the run even when stdout is a pipe closed early
    // (`ledger test | head`), as `verify` keeps its verdict.
    let written = match args.format {
        TestFormat::Text => view::write_text(out, &report, locale),
        TestFormat::Junit => view::write_junit(out, &report),
    };
    let (passed, failed) = report.counts();
    if failed > 0 && !args.record {
        anyhow::bail!("{failed} of {} expectation cases failed", passed + failed);
    }
    written
}

/// The expectation files to run: the given files, the `*.expect.toml` of
/// the given directories, or those of the agreements directory. Fails when
/// there are none: a test run that checks nothing is a wrong directory.
fn expectation_files(data: &DataArgs, paths: &[PathBuf]) -> Result<Vec<PathBuf>, Diagnostic> {
    let dirs: Vec<PathBuf> = if paths.is_empty() {
        super::require_dir(
            &data.agreements,
            "agreements",
            "--agreements",
            "LEDGER_AGREEMENTS",
        )?;
        vec![data.agreements.clone()]
    } else {
        paths.to_vec()
    };
    let mut files = Vec::new();
    for p in &dirs {
        if p.is_dir() {
            let found = std::fs::read_dir(p)
                .map_err(|e| Diagnostic::file(p, format!("cannot read directory: {e}")))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| f.is_file() && load::is_expectation_file(f));
            let mut found: Vec<PathBuf> = found.collect();
            found.sort();
            files.extend(found);
        } else if p.is_file() {
            files.push(p.clone());
        } else {
            return Err(Diagnostic::file(p, "no such file or directory"));
        }
    }
    if files.is_empty() {
        let looked: Vec<String> = dirs.iter().map(|d| d.display().to_string()).collect();
        return Err(Diagnostic::file(
            &dirs[0],
            format!("no expectation files (*{}) in {}", load::EXPECT_SUFFIX, looked.join(", ")),
        )
        .with_help("write one beside the agreement (docs/expectations.md), or record one with `ledger test --record FILE`"));
    }
    Ok(files)
}

/// Runs every case of one file; when recording (in the words of the
/// locale it gives), writes the current figures into it and prints the
/// difference.
fn run_file(
    data: &DataArgs,
    file: &ExpectFile,
    record: Option<crate::cli::Locale>,
    out: &mut dyn Write,
) -> anyhow::Result<FileOutcome> {
    let data = DataArgs {
        agreements: file.agreements.clone(),
        facts: file.facts.clone().unwrap_or_else(|| data.facts.clone()),
    };
    let dataset = super::load_dataset(&data).map_err(|e| super::render_error(&e));
    let mut cases = Vec::new();
    let mut updates = Vec::new();
    for (i, case) in file.cases.iter().enumerate() {
        let computed = match &dataset {
            Ok(ds) => compute(ds, &case.args),
            Err(e) => Err(e.clone()),
        };
        if record.is_some() {
            if let Ok(c) = &computed {
                updates.push((i, recorded(case, &c.value)));
            }
        }
        cases.push(outcome(case, computed));
    }
    if let Some(locale) = record {
        write_recorded(&file.path, &file.cases, &updates, locale, out)?;
    }
    Ok(FileOutcome {
        path: file.path.display().to_string(),
        cases,
    })
}

/// Builds the report a case's command line asks for, as the command does.
/// Fails with the message the command would print.
fn compute(dataset: &Dataset, args: &[String]) -> Result<Computed, String> {
    let cli =
        Cli::try_parse_from(std::iter::once("ledger".to_string()).chain(args.iter().cloned()))
            .map_err(|e| e.render().to_string().trim_end().to_string())?;
    build(dataset, &cli.command).map_err(|e| super::render_error(&e))
}

fn build(dataset: &Dataset, command: &Command) -> anyhow::Result<Computed> {
    fn of<T: serde::Serialize>(r: &T, explanations: Vec<Explanation>) -> anyhow::Result<Computed> {
        Ok(Computed {
            value: serde_json::to_value(r)?,
            explanations,
        })
    }
    match command {
        Command::Invoice(a) => {
            let quarter = super::invoice::asked_period(a)?;
            let (agreement, party) = (a.agreement.as_deref(), a.party.as_deref());
            let (r, _) = super::invoice::compute(dataset, quarter, agreement, party)?;
            let ex = r
                .invoices
                .iter()
                .flat_map(|i| i.explanations.clone())
                .collect();
            of(&r, ex)
        }
        Command::Settle(a) => {
            let r = super::settle::build(dataset, a)?;
            let ex = r.agreements.iter().flat_map(|g| &g.settlements);
            let ex = ex.flat_map(|s| s.explanations.clone()).collect();
            of(&r, ex)
        }
        Command::Withdraw(a) => {
            let r = super::withdraw::build(dataset, a)?;
            let ex = r.explanations.clone();
            of(&r, ex)
        }
        Command::Budget(a) => {
            let r = super::budget::build(dataset, a)?;
            let ex = r.agreements.iter().flat_map(|g| &g.budgets);
            let ex = ex.flat_map(|b| b.explanations.clone()).collect();
            of(&r, ex)
        }
        Command::Notice(a) => {
            let entry = dataset.require(&a.agreement)?;
            let r = super::notice::build(entry, a.party.as_deref(), a.given)?;
            let mut ex = vec![r.explanation.clone()];
            let comp = r
                .early_withdrawal
                .as_ref()
                .and_then(|w| w.compensation.as_ref());
            ex.extend(comp.into_iter().flat_map(|c| c.explanations.clone()));
            of(&r, ex)
        }
        Command::Deadlines(a) => {
            let (from, to) = super::deadlines::window(a)?;
            let entries = super::select(dataset, a.agreement.as_deref())?;
            of(&super::deadlines::build(&entries, from, to), Vec::new())
        }
        _ => Err(super::usage(
            "a case runs invoice, settle, withdraw, budget, notice or deadlines",
        )),
    }
}

/// Compares a case's expectations with its report.
fn outcome(case: &Case, computed: Result<Computed, String>) -> CaseOutcome {
    let mut o = CaseOutcome {
        name: case.name.clone(),
        command: case.args.join(" "),
        checked: case.expect.len(),
        failures: Vec::new(),
        error: None,
    };
    match (computed, &case.fails_with) {
        (Err(e), Some(want)) if e.contains(want.as_str()) => o.checked = 1,
        (Err(e), Some(want)) => {
            o.error = Some(format!("expected an error containing `{want}`, got:\n{e}"));
        }
        (Err(e), None) => o.error = Some(e),
        (Ok(_), Some(want)) => {
            o.error = Some(format!(
                "expected an error containing `{want}`, but the command succeeded"
            ));
        }
        (Ok(c), None) if case.expect.is_empty() => {
            o.error = Some(format!(
                "the case has no expectations; `ledger test --record` fills in its {} figures",
                figures::figures(&c.value).len()
            ));
        }
        (Ok(c), None) => {
            o.failures = case
                .expect
                .iter()
                .filter_map(|(path, want)| compare(&c, path, want))
                .collect();
        }
    }
    o
}

/// The failure of one expected figure, if it fails.
fn compare(c: &Computed, path: &str, want: &str) -> Option<Failure> {
    let actual = figures::lookup(&c.value, path);
    if let Ok(v) = actual {
        if figures::matches(want, v) {
            return None;
        }
    }
    let explanation = actual
        .as_ref()
        .ok()
        .and_then(|v| explanation_of(c, path, v));
    Some(Failure {
        figure: path.to_string(),
        expected: want.to_string(),
        actual: actual.map(figures::text),
        explanation,
    })
}

/// The explanation of a figure: one named like the figure's line or item
/// (its description, label or what), else one whose result is the figure's
/// value; of those, preferably one that names an item of the path (the
/// party of `budgets[tholen]`), since clients often share figures.
fn explanation_of(c: &Computed, path: &str, v: &Value) -> Option<Explanation> {
    let parent = path.rsplit_once('.').map(|(p, _)| p);
    let name = parent
        .and_then(|p| figures::lookup(&c.value, p).ok())
        .and_then(|item| {
            ["description", "label", "what", "figure"]
                .iter()
                .find_map(|k| item.get(*k).and_then(Value::as_str))
        });
    let value = figures::text(v);
    let selectors: Vec<&str> = path
        .split('[')
        .skip(1)
        .filter_map(|s| s.split(']').next())
        .collect();
    let pick = |found: Vec<&Explanation>| {
        found
            .iter()
            .find(|e| selectors.iter().any(|s| machine(&e.figure).contains(s)))
            .or(found.first())
            .map(|e| (*e).clone())
    };
    let by_name: Vec<&Explanation> = c
        .explanations
        .iter()
        .filter(|e| Some(machine(&e.figure).as_str()) == name)
        .collect();
    let by_value = || {
        let found = c
            .explanations
            .iter()
            .filter(|e| machine_value(&e.result) == value);
        pick(found.collect())
    };
    pick(by_name).or_else(by_value)
}

/// What `--record` writes for a case: the current value of every expected
/// figure that still exists, or every figure of the report when the case
/// expects none yet.
fn recorded(case: &Case, report: &Value) -> Vec<(String, Recorded)> {
    let as_recorded = |v: &Value| match v.as_i64() {
        Some(i) if v.is_number() => Recorded::Integer(i),
        _ => Recorded::Text(figures::text(v)),
    };
    if case.expect.is_empty() {
        return figures::figures(report)
            .iter()
            .map(|(p, v)| (p.clone(), as_recorded(v)))
            .collect();
    }
    case.expect
        .iter()
        .filter_map(|(p, _)| {
            figures::lookup(report, p)
                .ok()
                .map(|v| (p.clone(), as_recorded(v)))
        })
        .collect()
}

/// Writes the recorded figures into the file and prints, per case, the
/// lines that change (`-` old, `+` new), as a review of what was accepted.
fn write_recorded(
    path: &Path,
    cases: &[Case],
    updates: &[(usize, Vec<(String, Recorded)>)],
    locale: crate::cli::Locale,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    let line = |run: Run| say(&Say::Run(run), locale);
    let show = |r: &Recorded| match r {
        Recorded::Text(s) => format!("{s:?}"),
        Recorded::Integer(i) => i.to_string(),
    };
    let mut diff = Vec::new();
    for (i, figures) in updates {
        let case = &cases[*i];
        let mut lines = Vec::new();
        for (key, old) in &case.expect {
            match figures.iter().find(|(k, _)| k == key) {
                Some((_, new)) if figures::matches(old, &recorded_value(new)) => {}
                Some((_, new)) => {
                    lines.push(format!("-   {key:?} = {old:?}"));
                    lines.push(format!("+   {key:?} = {}", show(new)));
                }
                None => lines.push(format!(
                    "-   {key:?} = {old:?}   ({})",
                    line(Run::NoLongerInReport)
                )),
            }
        }
        if case.expect.is_empty() {
            lines.extend(
                figures
                    .iter()
                    .map(|(k, v)| format!("+   {k:?} = {}", show(v))),
            );
        }
        if !lines.is_empty() {
            let head = line(Run::RecordedCase(case.name.clone()));
            diff.push(format!("  {head}\n{}", lines.join("\n")));
        }
    }
    if diff.is_empty() {
        writeln!(out, "{}", line(Run::Unchanged(path.display().to_string())))?;
        return Ok(());
    }
    let text = std::fs::read_to_string(path)?;
    let new = expect::record(&text, updates)?;
    crate::report::files::write_all_atomic(
        path.parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new(".")),
        &[(path.to_path_buf(), new.into_bytes())],
        true,
        "expectation file",
    )?;
    let done = line(Run::Recorded(path.display().to_string()));
    writeln!(out, "{done}\n{}", diff.join("\n"))?;
    Ok(())
}

fn recorded_value(r: &Recorded) -> Value {
    match r {
        Recorded::Text(s) => Value::String(s.clone()),
        Recorded::Integer(i) => Value::from(*i),
    }
}
