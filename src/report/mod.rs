//! Reports and their renderers. Each command's report type (plain data) and
//! its table, CSV, JSON and ICS renderers live in a module of its own; this
//! one holds what they share: money and hour formats per locale, the table
//! style, and the JSON and CSV writers.
//!
//! Reports are plain data built once by a command; the renderers only write
//! them and never recompute a figure. The locale applies to tables only.

pub mod budget;
pub mod deadlines;
pub mod figures;
pub mod files;
pub mod ics;
pub mod invoice;
pub mod notice;
pub mod register;
pub mod settle;
pub mod show;
pub mod statement;
pub mod test;
pub mod text;
pub mod ubl;
pub mod verify;
pub mod withdraw;

use std::io::Write;

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

/// The weekday in the language of the table: `maandag` (nl), `Monday` (en).
pub fn weekday(date: chrono::NaiveDate, locale: Locale) -> String {
    match locale {
        Locale::Nl => crate::core::calendar::dutch_weekday(date).to_string(),
        Locale::En => date.format("%A").to_string(),
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
