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
mod grid;
pub mod ics;
pub mod invoice;
pub mod lang;
pub mod layout;
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

use comfy_table::{presets, ColumnConstraint, ContentArrangement, Table};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::cli::{CsvDialect, Locale};
use crate::core::money::{self, Money};

/// A table in the house style: condensed UTF-8 borders, as wide as its
/// content when the run's width is free (pipes, files: the same output
/// everywhere), or fitted to the run's columns by wrapping the cells of
/// text (see [`layout`]); figures are never cut ([`align_right`],
/// [`keep_whole`]).
pub fn table() -> HouseTable {
    HouseTable::default()
}

/// A table's cells and how its columns are set, kept as text until it is
/// written ([`fitted`]): a table of free width is written directly
/// (`grid`), which is most of the cost of a run of many invoices; one
/// fitted to a width is handed to comfy-table, which wraps it.
#[derive(Debug, Default)]
pub struct HouseTable {
    header: Option<Vec<String>>,
    rows: Vec<Vec<String>>,
    /// What was asked of which column, in order: comfy-table is told the
    /// same, in the same order, when the table is fitted.
    settings: Vec<(usize, Setting)>,
}

/// How a column is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Setting {
    /// Right-aligned (figures).
    Right,
    /// As wide as its widest cell, never wrapped.
    Whole,
    /// Wrapped like text again, after [`Setting::Whole`].
    Wraps,
}

impl HouseTable {
    /// Sets the header row, the names of the columns.
    pub fn set_header<I>(&mut self, row: I) -> &mut HouseTable
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        self.header = Some(row.into_iter().map(Into::into).collect());
        self
    }

    /// Adds a row under the others.
    pub fn add_row<I>(&mut self, row: I) -> &mut HouseTable
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        self.rows.push(row.into_iter().map(Into::into).collect());
        self
    }

    /// Lets column `c` wrap when the table is fitted to a width, though
    /// [`align_right`] or [`keep_whole`] kept it whole.
    pub fn wrap(&mut self, c: usize) {
        self.set(c, Setting::Wraps);
    }

    /// The number of columns: as many as the longest row, header included.
    fn columns(&self) -> usize {
        let header = self.header.as_ref().map_or(0, Vec::len);
        self.rows.iter().map(Vec::len).fold(header, usize::max)
    }

    /// Records a setting of a column that is there, as comfy-table would
    /// apply it only to a column it has.
    fn set(&mut self, c: usize, setting: Setting) {
        if c < self.columns() {
            self.settings.push((c, setting));
        }
    }

    /// The least width of a column kept whole: its widest cell, or the
    /// longest word of its header where that is wider. Its cells then never
    /// wrap, and a long header (`prijs per eenheid`) wraps only where the
    /// room is short. comfy-table counts the padding (one space each side)
    /// in.
    fn whole_width(&self, c: usize) -> comfy_table::Width {
        let header = self.header.iter().filter_map(|h| h.get(c));
        let header = header.map(|h| longest(h.split_whitespace()));
        let cells = self.rows.iter().filter_map(|r| r.get(c));
        let cells = cells.map(|text| longest(text.lines()));
        let widest = cells.chain(header).max().unwrap_or(0);
        comfy_table::Width::Fixed(u16::try_from(widest + 2).unwrap_or(u16::MAX))
    }

    /// The right-aligned columns.
    fn right(&self) -> Vec<usize> {
        let right = self.settings.iter().filter(|(_, s)| *s == Setting::Right);
        right.map(|(c, _)| *c).collect()
    }

    /// The table for comfy-table, fitted to `width` columns.
    fn into_comfy(self, width: u16) -> Table {
        let whole: Vec<comfy_table::Width> =
            (0..self.columns()).map(|c| self.whole_width(c)).collect();
        let mut t = Table::new();
        t.load_preset(presets::UTF8_FULL_CONDENSED);
        t.set_content_arrangement(ContentArrangement::Dynamic)
            .set_width(width);
        if let Some(h) = self.header {
            t.set_header(h);
        }
        for r in self.rows {
            t.add_row(r);
        }
        for (c, setting) in self.settings {
            let Some(col) = t.column_mut(c) else { continue };
            match setting {
                Setting::Right => col.set_cell_alignment(comfy_table::CellAlignment::Right),
                Setting::Whole => {
                    col.set_constraint(ColumnConstraint::LowerBoundary(whole[c]));
                }
                Setting::Wraps => {
                    col.remove_constraint();
                }
            }
        }
        t
    }
}

/// Right-aligns the given columns of a table (numbers), which are never
/// wrapped.
pub fn align_right(table: &mut HouseTable, columns: &[usize]) {
    for &c in columns {
        table.set(c, Setting::Right);
    }
    keep_whole(table, columns);
}

/// The table as text, fitted to the run's width. A table of many columns
/// can need more than the width even with its text wrapped at spaces:
/// then the columns of `droppable` are left out, in that order, until it
/// fits, and a line under it names them. The table's main text column (its
/// widest one that wraps, such as a description) counts as needing a third
/// of the width, so that columns are left out before it is squeezed to a
/// word a line. With a free width it is the whole table.
pub fn fitted(house: HouseTable, droppable: &[usize], locale: Locale) -> String {
    let layout::Width::Columns(w) = layout::width() else {
        return grid::free(house.header.as_deref(), &house.rows, &house.right());
    };
    let mut t = house.into_comfy(w);
    let room = Some(usize::from(w) / 3);
    let left_out = leave_out(&mut t, droppable, |t| {
        least_width(t, room) <= usize::from(w)
    });
    // Where every word fits, no text column is made narrower than its
    // longest word (comfy-table would otherwise split words to share out
    // the room evenly), nor the main one narrower than its room where that
    // fits too.
    let main_room = room.filter(|_| least_width(&t, room) <= usize::from(w));
    if least_width(&t, main_room) <= usize::from(w) {
        for (c, need) in least_widths(&t, main_room) {
            let Some(col) = t.column_mut(c).filter(|col| col.constraint().is_none()) else {
                continue;
            };
            // comfy-table counts the padding (one space each side) in.
            let least = comfy_table::Width::Fixed(u16::try_from(need + 2).unwrap_or(u16::MAX));
            col.set_constraint(ColumnConstraint::LowerBoundary(least));
        }
    }
    let mut text = t.to_string();
    if !left_out.is_empty() {
        let columns = left_out;
        let line = lang::say(&lang::tables::Say::LeftOut { width: w, columns }, locale);
        text.push('\n');
        text.push_str(&line);
    }
    text
}

/// Hides the columns of `droppable`, in that order, until `fits`; returns
/// the headers of those it hid.
fn leave_out(t: &mut Table, droppable: &[usize], fits: impl Fn(&Table) -> bool) -> Vec<String> {
    let mut left_out = Vec::new();
    for &c in droppable {
        if fits(t) {
            break;
        }
        let name = t
            .header()
            .and_then(|h| h.cell_iter().nth(c))
            .map(|c| c.content());
        if let Some(col) = t.column_mut(c) {
            col.set_constraint(ColumnConstraint::Hidden);
            left_out.push(name.unwrap_or_default());
        }
    }
    left_out
}

/// The narrowest a table can be without splitting a word: its columns'
/// [`least_widths`], plus the borders and padding.
fn least_width(t: &Table, main_room: Option<usize>) -> usize {
    1 + least_widths(t, main_room)
        .iter()
        .map(|(_, w)| w + 3)
        .sum::<usize>()
}

/// The narrowest each shown column can be without splitting a word: as
/// wide as [`HouseTable::whole_width`] where it is kept whole, else as its longest
/// word (at most 24, so that a long word may still break). With
/// `main_room`, the widest column that wraps needs that much, or its
/// widest line where that is less.
fn least_widths(t: &Table, main_room: Option<usize>) -> Vec<(usize, usize)> {
    let cells = |index: usize| {
        t.header()
            .into_iter()
            .chain(t.row_iter())
            .filter_map(move |r| r.cell_iter().nth(index))
            .map(|c| c.content())
    };
    let widest_line = |index: usize| cells(index).map(|text| longest(text.lines())).max();
    let wraps = |col: &&comfy_table::Column| col.constraint().is_none() && !col.is_hidden();
    let main = t
        .column_iter()
        .filter(wraps)
        .max_by_key(|col| widest_line(col.index))
        .map(|col| col.index);
    t.column_iter()
        .filter(|c| !c.is_hidden())
        .map(|col| {
            let word = |text: String| longest(text.split_whitespace()).min(24);
            let need = match col.constraint() {
                Some(ColumnConstraint::LowerBoundary(comfy_table::Width::Fixed(w))) => {
                    usize::from(w.saturating_sub(2))
                }
                _ => cells(col.index).map(word).max().unwrap_or(0),
            };
            let room = main_room.filter(|_| main == Some(col.index));
            let room = room.map_or(0, |r| r.min(widest_line(col.index).unwrap_or(0)));
            (col.index, need.max(room))
        })
        .collect()
}

/// The width of the longest of some pieces of text, in characters.
fn longest<'a>(pieces: impl Iterator<Item = &'a str>) -> usize {
    pieces.map(|p| p.chars().count()).max().unwrap_or(0)
}

/// Keeps the given columns (figures, dates) as wide as their content when
/// a table is fitted to a width, so that only text cells wrap.
pub fn keep_whole(table: &mut HouseTable, columns: &[usize]) {
    for &c in columns {
        table.set(c, Setting::Whole);
    }
}

/// An amount for people: `€ 1.883,95` (nl) or `€1,883.95` (en).
pub fn money(m: Money, locale: Locale) -> String {
    let text = match locale {
        Locale::Nl => m.dutch(),
        Locale::En => m.english(),
    };
    // A fitted table wraps its cells at spaces; a no-break space keeps
    // `€ 1.991,13` on one line, and `cmd` writes it as a space again.
    match layout::width() {
        layout::Width::Free => text,
        layout::Width::Columns(_) => text.replacen("€ ", "€\u{a0}", 1),
    }
}

/// The weekday in the language of the table: `maandag` (nl), `Monday` (en).
pub fn weekday(date: chrono::NaiveDate, locale: Locale) -> String {
    lang::of(locale).weekday_of(date).to_string()
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

/// CSV written by [`csv_writer`] in `dialect`: for `Nl` separated by `;`,
/// every field that is a decimal number (`-1794.24`) with a decimal comma
/// (`-1794,24`); dates, integers and text as they are. The reports write
/// their figures plainly, so this is the one place the dialect is made.
/// Fails only on CSV that [`csv_writer`] would not write.
pub fn csv_in_dialect(plain: &[u8], dialect: CsvDialect) -> anyhow::Result<Vec<u8>> {
    if dialect == CsvDialect::Plain {
        return Ok(plain.to_vec());
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(plain);
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .flexible(true)
        .from_writer(Vec::new());
    for record in reader.records() {
        let record = record?;
        writer.write_record(record.iter().map(|f| decimal_comma(f).into_owned()))?;
    }
    Ok(writer.into_inner().map_err(|e| e.into_error())?)
}

/// A field with a decimal comma when it is a decimal number.
fn decimal_comma(field: &str) -> std::borrow::Cow<'_, str> {
    let digits = field.strip_prefix('-').unwrap_or(field);
    let number = digits.split_once('.').is_some_and(|(int, frac)| {
        !int.is_empty()
            && !frac.is_empty()
            && int.bytes().all(|b| b.is_ascii_digit())
            && frac.bytes().all(|b| b.is_ascii_digit())
    });
    match number {
        true => field.replacen('.', ",", 1).into(),
        false => field.into(),
    }
}

/// The one CSV writer configuration used by every command.
pub fn csv_writer(out: &mut dyn Write) -> csv::Writer<&mut dyn Write> {
    csv::WriterBuilder::new().has_headers(true).from_writer(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dutch_dialect_has_semicolons_and_decimal_commas() {
        let plain = "description,quantity,amount,date,count\n\
                     \"Bijdrage 5% over 1794.24, fee\",31.50,-1794.24,2018-03-31,37\n";
        let nl = csv_in_dialect(plain.as_bytes(), CsvDialect::Nl).unwrap();
        assert_eq!(
            String::from_utf8(nl).unwrap(),
            "description;quantity;amount;date;count\n\
             Bijdrage 5% over 1794.24, fee;31,50;-1794,24;2018-03-31;37\n"
        );
    }

    #[test]
    fn only_whole_decimal_numbers_get_a_comma() {
        for (field, want) in [
            ("1794.24", "1794,24"),
            ("-0.5", "-0,5"),
            ("564.1", "564,1"),
            ("37", "37"),
            ("1.2.3", "1.2.3"),
            (".5", ".5"),
            ("5.", "5."),
            ("Art. 12", "Art. 12"),
            ("v1.0", "v1.0"),
            ("", ""),
        ] {
            assert_eq!(decimal_comma(field), want, "{field}");
        }
    }

    #[test]
    fn a_semicolon_in_a_field_is_quoted() {
        let nl = csv_in_dialect(b"a,b\nx;y,1.5\n", CsvDialect::Nl).unwrap();
        assert_eq!(String::from_utf8(nl).unwrap(), "a;b\n\"x;y\";1,5\n");
    }
}
