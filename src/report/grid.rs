//! A house-style table of free width, written directly: the same text as
//! comfy-table gives for it (`UTF8_FULL_CONDENSED`, arrangement disabled),
//! with every cell measured once and the lines written into one string.
//! comfy-table measures and pads each cell line several times and builds
//! a string per line part, which was most of the cost of printing many
//! invoices. Tables fitted to a width still go through comfy-table, which
//! wraps them.

use unicode_width::UnicodeWidthStr;

/// The table of `header` (if any) and `rows` as comfy-table writes it when
/// its width is free; the columns in `right` are right-aligned, the others
/// left-aligned. There are as many columns as the longest row has cells.
pub fn free(header: Option<&[String]>, rows: &[Vec<String>], right: &[usize]) -> String {
    let rows: Vec<&[String]> = header
        .into_iter()
        .chain(rows.iter().map(Vec::as_slice))
        .collect();
    let columns = rows.iter().map(|r| r.len()).max().unwrap_or(0);
    // Each cell is measured once: its width, or its widest line's; a
    // missing cell is 0 wide. One row after the other, `columns` each.
    let mut measured = vec![0; rows.len() * columns];
    let mut widths = vec![1; columns];
    for (row, room) in rows.iter().zip(measured.chunks_mut(columns.max(1))) {
        for ((cell, w), widest) in row.iter().zip(room.iter_mut()).zip(widths.iter_mut()) {
            *w = cell_width(cell);
            *widest = (*widest).max(*w);
        }
    }
    let aligned: Vec<bool> = (0..columns).map(|c| right.contains(&c)).collect();
    let mut out = String::with_capacity(estimate(&widths, rows.len()));
    border(&mut out, ['┌', '─', '┬', '┐'], &widths);
    for (k, row) in rows.iter().enumerate() {
        let measured = &measured[k * columns..(k + 1) * columns];
        let columns = Columns {
            widths: &widths,
            right: &aligned,
        };
        write_row(&mut out, row, measured, columns);
        if k == 0 && header.is_some() {
            border(&mut out, ['╞', '═', '╪', '╡'], &widths);
        }
    }
    border(&mut out, ['└', '─', '┴', '┘'], &widths);
    // comfy-table joins its lines: no newline after the last.
    out.pop();
    out
}

/// The width of the columns' content and whether each is right-aligned.
#[derive(Clone, Copy)]
struct Columns<'a> {
    widths: &'a [usize],
    right: &'a [bool],
}

/// How many columns a line takes, as comfy-table measures it (Unicode
/// widths); a line of printable ASCII takes one per byte.
fn width(line: &str) -> usize {
    if line.bytes().all(|b| (b' '..=b'~').contains(&b)) {
        line.len()
    } else {
        line.width()
    }
}

/// The width of a cell: of its widest line.
fn cell_width(text: &str) -> usize {
    if text.contains('\n') {
        text.split('\n').map(width).max().unwrap_or(0)
    } else {
        width(text)
    }
}

/// Room for the whole table, so that the string grows once.
fn estimate(widths: &[usize], rows: usize) -> usize {
    // Border characters take three bytes in UTF-8, the cells' text may too.
    let line = widths.iter().map(|w| 3 * w + 2 + 3).sum::<usize>() + 4;
    line * (rows + 3)
}

/// Appends `n` spaces.
fn spaces(out: &mut String, n: usize) {
    repeated(out, ' ', n);
}

/// Appends `c` `n` times: spaces and border lines a run of them at a time.
fn repeated(out: &mut String, c: char, n: usize) {
    const SPACES: &str = "                ";
    const SINGLE: &str = "────────────────";
    const DOUBLE: &str = "════════════════";
    let run = match c {
        ' ' => SPACES,
        '─' => SINGLE,
        '═' => DOUBLE,
        _ => {
            out.extend(std::iter::repeat_n(c, n));
            return;
        }
    };
    let (len, mut left) = (c.len_utf8(), n);
    while left > 0 {
        let k = left.min(run.len() / len);
        out.push_str(&run[..k * len]);
        left -= k;
    }
}

/// A line of borders: left corner, the line over each column, the
/// crossings between columns, the right corner; then a newline.
fn border(out: &mut String, [left, line, cross, end]: [char; 4], widths: &[usize]) {
    out.push(left);
    for (c, w) in widths.iter().enumerate() {
        if c > 0 {
            out.push(cross);
        }
        // One space of padding on each side of the content.
        repeated(out, line, w + 2);
    }
    out.push(end);
    out.push('\n');
}

/// One row, as many lines high as its highest cell; a missing cell or line
/// is blank. `measured` has the width of each cell of one line.
fn write_row(out: &mut String, row: &[String], measured: &[usize], columns: Columns) {
    let height = match row.iter().any(|c| c.contains('\n')) {
        true => row.iter().map(|c| c.split('\n').count()).max().unwrap_or(1),
        false => 1,
    };
    if columns.widths.is_empty() {
        return;
    }
    for k in 0..height {
        out.push('│');
        for (c, w) in columns.widths.iter().enumerate() {
            if c > 0 {
                out.push('┆');
            }
            let cell = row.get(c).map_or("", String::as_str);
            let (text, used) = match height {
                1 => (cell, measured.get(c).copied().unwrap_or(0)),
                _ => {
                    let line = cell.split('\n').nth(k).unwrap_or("");
                    (line, width(line))
                }
            };
            out.push(' ');
            if columns.right[c] {
                spaces(out, w - used);
                out.push_str(text);
            } else {
                out.push_str(text);
                spaces(out, w - used);
            }
            out.push(' ');
        }
        out.push('│');
        out.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use comfy_table::{presets, CellAlignment, ContentArrangement, Table};

    /// Each table written directly is byte for byte what comfy-table writes
    /// for it in the house style with free width.
    fn same_as_comfy(header: Option<Vec<&str>>, rows: &[Vec<&str>], right: &[usize]) {
        let mut t = Table::new();
        t.load_preset(presets::UTF8_FULL_CONDENSED);
        t.set_content_arrangement(ContentArrangement::Disabled);
        if let Some(h) = &header {
            t.set_header(h.clone());
        }
        for r in rows {
            t.add_row(r.clone());
        }
        for &c in right {
            if let Some(col) = t.column_mut(c) {
                col.set_cell_alignment(CellAlignment::Right);
            }
        }
        let text = |r: &Vec<&str>| r.iter().map(|c| c.to_string()).collect::<Vec<String>>();
        let header = header.as_ref().map(text);
        let rows: Vec<Vec<String>> = rows.iter().map(text).collect();
        assert_eq!(
            free(header.as_deref(), &rows, right),
            t.to_string(),
            "{rows:?}"
        );
    }

    #[test]
    fn an_invoice_like_table_is_written_as_comfy_table_writes_it() {
        same_as_comfy(
            Some(vec![
                "omschrijving",
                "aantal",
                "eenheid",
                "prijs",
                "bedrag",
                "artikel",
            ]),
            &[
                vec![
                    "Dienstverlening",
                    "31,50",
                    "uur",
                    "€ 56,96",
                    "€ 1.794,24",
                    "Art. 5",
                ],
                vec!["Subtotaal", "", "", "", "€ 1.794,24", ""],
                vec!["Totaal incl. btw", "", "", "", "€ 1.794,24", ""],
            ],
            &[1, 3, 4],
        );
    }

    #[test]
    fn lines_cells_widths_and_headers_of_every_kind() {
        // Cells of several lines, empty cells, a row shorter than the
        // header, wide and combining characters, an empty header cell.
        same_as_comfy(
            Some(vec!["", "hours", "amount"]),
            &[
                vec!["two\nlines", "1", ""],
                vec!["short row"],
                vec!["日本語", "e\u{301}", "€ 1,00\n€ 2,00\n€ 3,00"],
                vec!["", "", ""],
                vec!["a\ttab", "\u{7f}", "ß"],
            ],
            &[1, 2],
        );
        // No header: no line under the first row.
        same_as_comfy(None, &[vec!["a", "b"], vec!["ccc", "d"]], &[0]);
        // Only a header, and a table with nothing at all.
        same_as_comfy(Some(vec!["year", "rate"]), &[], &[]);
        same_as_comfy(None, &[], &[]);
        same_as_comfy(Some(vec![]), &[vec![]], &[]);
        // A row longer than the header adds a column.
        same_as_comfy(Some(vec!["a"]), &[vec!["b", "c", "d"]], &[2]);
    }
}
