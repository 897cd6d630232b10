//! Loaders: TOML agreements, TOML facts and CSV activity logs in, validated
//! domain types out. Every problem becomes a `Diagnostic` with its place.

pub mod activity;
pub mod agreement;
pub mod diag;
pub mod document;
pub mod expect;
pub mod facts;
pub mod fields;
pub mod log_columns;
mod party_details;
pub mod progress;
pub mod shared;
pub mod shifts;
pub mod weights;

use std::path::{Path, PathBuf};

use crate::core::agreement::Agreement;
use crate::core::facts::Facts;
use diag::{Diagnostic, Diagnostics, SourceFile};

/// Where each index figure was first given (`file:line:col`), by series id
/// and year: a figure given again names the place of the first.
pub type FigurePlaces = std::collections::BTreeMap<(String, i32), String>;

/// One agreement with the facts recorded beside it.
#[derive(Debug, Clone)]
pub struct Entry {
    pub agreement: Agreement,
    pub facts: Facts,
    pub path: PathBuf,
}

/// Everything the ledger knows: the agreements and their facts.
#[derive(Debug, Clone, Default)]
pub struct Dataset {
    pub entries: Vec<Entry>,
}

impl Dataset {
    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.agreement.id == id)
    }

    /// The entry with this id, or an error listing the known ids.
    pub fn require(&self, id: &str) -> anyhow::Result<&Entry> {
        self.get(id).ok_or_else(|| {
            let known: Vec<&str> = self
                .entries
                .iter()
                .map(|e| e.agreement.id.as_str())
                .collect();
            anyhow::anyhow!(
                "unknown agreement `{id}`; the agreements are: {}",
                known.join(", ")
            )
        })
    }
}

/// The suffix of expectation files (`ledger test`), which sit beside the
/// agreements but are not agreements.
pub const EXPECT_SUFFIX: &str = ".expect.toml";

/// Whether a path names an expectation file (`brp-pool.expect.toml`).
pub fn is_expectation_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.ends_with(EXPECT_SUFFIX))
}

/// The `*.toml` (or `*.csv`) files of a directory, sorted so that output
/// does not depend on the file system's order. Expectation files
/// (`*.expect.toml`) are left out: they are read by `ledger test` only.
pub fn files_with_extension(dir: &Path, ext: &str) -> Result<Vec<PathBuf>, Diagnostic> {
    let read = std::fs::read_dir(dir)
        .map_err(|e| Diagnostic::file(dir, format!("cannot read directory: {e}")))?;
    let mut files: Vec<PathBuf> = read
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == ext))
        .filter(|p| !is_expectation_file(p))
        .collect();
    files.sort();
    Ok(files)
}

pub fn read_source(path: &Path) -> Result<SourceFile, Diagnostic> {
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::file(path, format!("cannot read file: {e}")))?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile::new(path, text)),
        Err(e) => {
            // Name the place of the first bad byte, as for every other error.
            let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = good.iter().filter(|b| **b == b'\n').count() + 1;
            let column = good.iter().rev().take_while(|b| **b != b'\n').count() + 1;
            Err(Diagnostic::file(
                path,
                format!("line {line}, column {column}: this file is not valid UTF-8"),
            )
            .with_help("save the file as UTF-8"))
        }
    }
}

/// Loads agreement files and facts files. Facts files name their agreement
/// by id. Reports every problem in every file before giving up.
pub fn load(agreement_files: &[PathBuf], facts_files: &[PathBuf]) -> Result<Dataset, Diagnostics> {
    let (dataset, diags) = load_all(agreement_files, facts_files);
    diags.into_result(dataset)
}

/// Loads what loads, as [`load`] does, and says what does not: the entries
/// are the agreements that loaded with every facts file naming them, so
/// that `check` can read their activity logs too and report every problem
/// in one run.
pub fn load_all(agreement_files: &[PathBuf], facts_files: &[PathBuf]) -> (Dataset, Diagnostics) {
    let mut diags = Diagnostics::default();
    let mut dataset = Dataset::default();
    let mut places = load_agreements(agreement_files, &mut dataset, &mut diags);
    let mut broken: Vec<String> = Vec::new();
    for path in facts_files {
        let src = match read_source(path) {
            Ok(src) => src,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        // Parsed once: the agreement it names is read from the same tables
        // that are then checked against that agreement.
        let file = facts::read(&src);
        let id = match file.agreement() {
            Ok(id) => id,
            Err(d) => {
                diags.extend(d);
                continue;
            }
        };
        let Some(entry) = dataset
            .entries
            .iter_mut()
            .find(|e| e.agreement.id == *id.get_ref())
        else {
            // An agreement that failed to load has already been reported.
            if diags.is_empty() {
                let known: Vec<&str> = dataset
                    .entries
                    .iter()
                    .map(|e| e.agreement.id.as_str())
                    .collect();
                diags.push(
                    src.error(id.span(), format!("unknown agreement `{}`", id.get_ref()))
                        .with_help(format!("the agreements are: {}", known.join(", "))),
                );
            }
            continue;
        };
        let places = places.entry(entry.agreement.id.clone()).or_default();
        if let Err(d) = file.apply(&mut entry.agreement, &mut entry.facts, places) {
            broken.push(entry.agreement.id.clone());
            diags.extend(d);
        }
    }
    dataset
        .entries
        .retain(|e| !broken.contains(&e.agreement.id));
    (dataset, diags)
}

/// Reads and parses every agreement file into `dataset`, each problem into
/// `diags`; the figures' places by agreement id.
fn load_agreements(
    agreement_files: &[PathBuf],
    dataset: &mut Dataset,
    diags: &mut Diagnostics,
) -> std::collections::HashMap<String, FigurePlaces> {
    let mut places = std::collections::HashMap::new();
    for path in agreement_files {
        let src = match read_source(path) {
            Ok(src) => src,
            Err(d) => {
                diags.push(d);
                continue;
            }
        };
        match agreement::parse_agreement_with_places(&src) {
            Ok((a, figures)) => {
                if let Some(other) = dataset.get(&a.id) {
                    diags.push(Diagnostic::file(
                        path,
                        format!(
                            "duplicate agreement id `{}`, also used by {}",
                            a.id,
                            other.path.display()
                        ),
                    ));
                } else {
                    places.insert(a.id.clone(), figures);
                    dataset.entries.push(Entry {
                        agreement: a,
                        facts: Facts::default(),
                        path: path.clone(),
                    });
                }
            }
            Err(d) => diags.extend(d),
        }
    }
    places
}
