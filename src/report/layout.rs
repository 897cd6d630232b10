//! How wide text output may be: free (as wide as its content, which is what
//! pipes, files and tests get) or a number of columns (a terminal's, or
//! `--width`). The width is the one piece of rendering state chosen for a
//! whole run: `cmd::run` picks it once and scopes it with [`with_width`];
//! [`super::table`] reads it, so every table of the run fits, and
//! [`fold`] folds the lines of prose around the tables to it afterwards.

use std::cell::Cell;

/// The width text output is fitted to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Width {
    /// As wide as the content: never wrapped, the same everywhere.
    #[default]
    Free,
    /// At most this many columns.
    Columns(u16),
}

thread_local! {
    static WIDTH: Cell<Width> = const { Cell::new(Width::Free) };
}

/// Runs `f` with tables fitted to `width`, and restores the width before.
pub fn with_width<R>(width: Width, f: impl FnOnce() -> R) -> R {
    let before = WIDTH.with(|w| w.replace(width));
    let result = f();
    WIDTH.with(|w| w.set(before));
    result
}

/// The width tables are fitted to now.
pub fn width() -> Width {
    WIDTH.with(Cell::get)
}

/// Whether a line is part of a table (comfy-table's borders), which the
/// table itself fitted.
fn is_table_line(line: &str) -> bool {
    line.starts_with(['┌', '│', '╞', '├', '└', '╭', '╰'])
}

/// `text` with every line of prose longer than `columns` folded at spaces:
/// the continuation lines are indented two more than the line. A word is
/// never cut, so a word longer than the room stays whole on its own line.
pub fn fold(text: &str, columns: usize) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let (body, end) = match line.strip_suffix('\n') {
            Some(b) => (b, "\n"),
            None => (line, ""),
        };
        if body.chars().count() <= columns || is_table_line(body) {
            out.push_str(line);
            continue;
        }
        out.push_str(&fold_line(body, columns));
        out.push_str(end);
    }
    out
}

/// One long line folded (see [`fold`]): the spaces between words are
/// kept, except where a line breaks.
fn fold_line(line: &str, columns: usize) -> String {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let hanging = " ".repeat((indent + 2).min(columns / 2));
    let mut lines: Vec<String> = Vec::new();
    let mut current = line[..indent].to_string();
    let mut rest = &line[indent..];
    while !rest.is_empty() {
        // The next word and the spaces before it.
        let word_start = rest.len() - rest.trim_start_matches(' ').len();
        let word_end = rest[word_start..]
            .find(' ')
            .map_or(rest.len(), |e| word_start + e);
        let (gap, word) = (&rest[..word_start], &rest[word_start..word_end]);
        let fresh = current.trim().is_empty();
        if !fresh && current.chars().count() + gap.len() + word.chars().count() > columns {
            lines.push(std::mem::replace(&mut current, hanging.clone()));
        } else {
            current.push_str(gap);
        }
        current.push_str(word);
        rest = &rest[word_end..];
    }
    lines.push(current.trim_end().to_string());
    lines.join("\n")
}

/// The text as it is written: the no-break spaces that kept figures
/// whole in fitted tables become spaces again.
pub fn plain_spaces(text: &str) -> String {
    text.replace('\u{a0}', " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_lines_and_tables_stay_as_they_are() {
        let text = "note: short\n│ a ┆ b │\n";
        assert_eq!(fold(text, 12), text);
        let wide_table = format!("│ {} │\n", "x".repeat(40));
        assert_eq!(fold(&wide_table, 12), wide_table);
    }

    #[test]
    fn long_prose_folds_at_spaces_with_a_hanging_indent() {
        let text = "  note: no invoice for expatcenter in 2018-Q1: the term runs 2010-02-09 – 2010-12-31\n";
        let folded = fold(text, 30);
        assert_eq!(
            folded,
            "  note: no invoice for\n    expatcenter in 2018-Q1:\n    the term runs 2010-02-09 –\n    2010-12-31\n"
        );
        assert!(folded.lines().all(|l| l.chars().count() <= 30));
        // Nothing is lost: the words are the same.
        let words = |s: &str| s.split_whitespace().map(str::to_owned).collect::<Vec<_>>();
        assert_eq!(words(&folded), words(text));
    }

    #[test]
    fn the_spaces_between_words_are_kept() {
        let folded = fold(
            "  agreement  Dienstverleningsovereenkomst toezichthouders-pool BRP",
            40,
        );
        assert_eq!(
            folded,
            "  agreement\n    Dienstverleningsovereenkomst\n    toezichthouders-pool BRP"
        );
        assert_eq!(
            fold("  period     2018-01-01 – 2018-03-31 x", 30),
            "  period     2018-01-01 –\n    2018-03-31 x"
        );
    }

    #[test]
    fn a_word_longer_than_the_room_is_never_cut() {
        let folded = fold("see € 1.794,24 and agreements/brp-pool.expect.toml", 10);
        assert!(folded.contains("1.794,24"));
        assert!(folded.contains("agreements/brp-pool.expect.toml"));
    }

    #[test]
    fn the_width_is_scoped() {
        assert_eq!(width(), Width::Free);
        let inner = with_width(Width::Columns(80), width);
        assert_eq!(inner, Width::Columns(80));
        assert_eq!(width(), Width::Free);
    }
}
