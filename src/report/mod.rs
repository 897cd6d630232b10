//! Report rendering shared by every command: money and hour formats per
//! locale, the table style, JSON and CSV writers, and atomic file output.
//!
//! Reports are plain data built once by a command; the functions here only
//! render them and never recompute a figure.

pub mod ics;

use std::io::Write;
use std::path::Path;

use comfy_table::{presets, ContentArrangement, Table};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::cli::Locale;
use crate::core::money::{self, Money};

/// A table in the house style: condensed UTF-8 borders, never wrapped to the
/// terminal width, so that output is the same everywhere.
pub fn table() -> Table {
    let mut t = Table::new();
    t.load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled);
    t
}

/// Right-aligns the given columns of a table (numbers).
pub fn align_right(table: &mut Table, columns: &[usize]) {
    for &c in columns {
        if let Some(col) = table.column_mut(c) {
            col.set_cell_alignment(comfy_table::CellAlignment::Right);
        }
    }
}

/// An amount for people: `€ 1.883,95` (nl) or `€1,883.95` (en).
pub fn money(m: Money, locale: Locale) -> String {
    match locale {
        Locale::Nl => m.dutch(),
        Locale::En => m.english(),
    }
}

/// A quantity for people with `places` decimals: `31,50` (nl) or `31.50` (en).
pub fn number(d: Decimal, places: u32, locale: Locale) -> String {
    match locale {
        Locale::Nl => money::dutch_decimal(d, places),
        Locale::En => money::english_decimal(d, places),
    }
}

/// Hours for people, always two decimals.
pub fn hours(d: Decimal, locale: Locale) -> String {
    number(d, 2, locale)
}

/// Writes `value` as pretty JSON followed by a newline.
pub fn write_json<T: Serialize + ?Sized>(out: &mut dyn Write, value: &T) -> anyhow::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)?;
    Ok(())
}

/// The one CSV writer configuration used by every command.
pub fn csv_writer(out: &mut dyn Write) -> csv::Writer<&mut dyn Write> {
    csv::WriterBuilder::new().has_headers(true).from_writer(out)
}

/// Writes `bytes` to `path` atomically: into a temporary file in the same
/// directory, then renamed over the target, so that a reader never sees a
/// half-written file. An existing file is kept unless `force` is set.
pub fn write_atomic(path: &Path, bytes: &[u8], force: bool) -> anyhow::Result<()> {
    use anyhow::Context;
    if path.exists() && !force {
        anyhow::bail!(
            "{} already exists; use --force to overwrite it",
            path.display()
        );
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| -> anyhow::Result<()> {
        let mut f = std::fs::File::create(&tmp)
            .with_context(|| format!("cannot create {}", tmp.display()))?;
        f.write_all(bytes)
            .with_context(|| format!("cannot write {}", tmp.display()))?;
        f.sync_all()
            .with_context(|| format!("cannot write {}", tmp.display()))?;
        std::fs::rename(&tmp, path)
            .with_context(|| format!("cannot move {} into place", path.display()))?;
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
