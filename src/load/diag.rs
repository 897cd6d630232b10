//! Diagnostics: an input problem with the place it comes from, rendered the
//! way compilers do (`--> file:line:col`, the offending line, carets).

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Where in a source file a problem sits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// The whole file (it could not be read, or something is missing).
    File,
    /// A position in a text file; line and column count from 1.
    Text {
        line: usize,
        col: usize,
        /// The text of that line, and the columns to underline.
        source_line: String,
        width: usize,
    },
    /// A CSV record: its line in the file, its data row number (the first
    /// row after the header is row 1) and the column by name.
    Csv {
        line: u64,
        row: u64,
        column: Option<String>,
        record: String,
    },
    /// Several CSV records with one cause: the first and the last of them,
    /// and how many there are.
    CsvRows {
        rows: u64,
        column: Option<String>,
        first: CsvRecord,
        last: CsvRecord,
    },
}

/// One CSV record as a diagnostic shows it: its line, its data row number
/// and its fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvRecord {
    pub line: u64,
    pub row: u64,
    pub record: String,
}

/// At most this many characters of a value are quoted in a message.
pub const VALUE_CHARS: usize = 60;

/// At most this many characters of a line or record are shown under a
/// diagnostic.
pub const LINE_CHARS: usize = 120;

/// `text` cut to at most `max` characters (on a character boundary), the
/// last of them an ellipsis where it was cut: a value or line of a
/// megabyte is not echoed in full.
pub fn excerpt(text: &str, max: usize) -> Cow<'_, str> {
    match text.char_indices().nth(max) {
        None => Cow::Borrowed(text),
        Some(_) => {
            let keep = text
                .char_indices()
                .nth(max.saturating_sub(1))
                .map_or(text.len(), |(i, _)| i);
            Cow::Owned(format!("{}…", &text[..keep]))
        }
    }
}

/// At most this many characters of a message or help are shown.
pub const MESSAGE_CHARS: usize = 400;

/// `message` with every value quoted in it (between backticks or double
/// quotes) cut to `VALUE_CHARS`, and the whole cut to `MESSAGE_CHARS`: a
/// diagnostic stays on one screen whatever the input held.
pub fn shortened(message: &str) -> Cow<'_, str> {
    let mut out = String::new();
    let mut rest = message;
    while let Some(open) = rest.find(['`', '"']) {
        let quote = &rest[open..open + 1];
        let inner = &rest[open + 1..];
        let Some(close) = inner.find(quote) else {
            break;
        };
        out.push_str(&rest[..=open]);
        out.push_str(&excerpt(&inner[..close], VALUE_CHARS));
        out.push_str(quote);
        rest = &inner[close + 1..];
    }
    let plain = !message.contains(['\n', '\r']);
    if out.is_empty() && plain && message.chars().count() <= MESSAGE_CHARS {
        return Cow::Borrowed(message);
    }
    out.push_str(rest);
    Cow::Owned(excerpt(&one_line(&out), MESSAGE_CHARS).into_owned())
}

/// `text` on one line: line breaks in it (a value or record that runs over
/// several lines) are written `\n` and `\r`.
pub fn one_line(text: &str) -> Cow<'_, str> {
    if !text.contains(['\n', '\r']) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(text.replace('\n', "\\n").replace('\r', "\\r"))
}

/// The part of a source line shown under a diagnostic whose carets start
/// at column `col` (from 1) and span `width` characters: the whole line
/// when it is short, otherwise a window of `LINE_CHARS` characters around
/// the carets, with an ellipsis where the line was cut. Returns the text,
/// and the column and width of the carets in it.
fn window(line: &str, col: usize, width: usize) -> (Cow<'_, str>, usize, usize) {
    let chars = line.chars().count();
    if chars <= LINE_CHARS {
        return (Cow::Borrowed(line), col, width);
    }
    // Keep some context to the left of the carets, and mark a cut start.
    let from = col.saturating_sub(1).saturating_sub(LINE_CHARS / 4);
    let lead = usize::from(from > 0);
    let body: String = line.chars().skip(from).collect();
    let body = excerpt(&body, LINE_CHARS - lead);
    let shown = format!("{}{body}", if lead == 1 { "…" } else { "" });
    let col = col - from + lead;
    let room = (LINE_CHARS + 1).saturating_sub(col);
    (Cow::Owned(shown), col, width.min(room))
}

/// One input problem.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub path: PathBuf,
    pub location: Box<Location>,
    pub message: String,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn file(path: &Path, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            path: path.to_path_buf(),
            location: Box::new(Location::File),
            message: message.into(),
            help: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// The `file:line:col` (or `file:line`) this diagnostic points at.
    pub fn position(&self) -> String {
        let path = self.path.display();
        match self.location.as_ref() {
            Location::File => format!("{path}"),
            Location::Text { line, col, .. } => format!("{path}:{line}:{col}"),
            Location::Csv { line, .. } => format!("{path}:{line}"),
            Location::CsvRows { first, .. } => format!("{path}:{}", first.line),
        }
    }
}

impl Diagnostic {
    /// The place of a diagnostic for several rows: the first and the last,
    /// with their records (an ellipsis between them stands for the others).
    fn fmt_rows(
        &self,
        f: &mut fmt::Formatter<'_>,
        rows: u64,
        column: Option<&str>,
        first: &CsvRecord,
        last: &CsvRecord,
    ) -> fmt::Result {
        let path = self.path.display();
        let column = column.map_or(String::new(), |c| format!(", column `{c}`"));
        writeln!(
            f,
            "  --> {path}:{} (row {}{column}) to {path}:{} (row {})",
            first.line, first.row, last.line, last.row
        )?;
        writeln!(f, "   | {}", excerpt(&one_line(&first.record), LINE_CHARS))?;
        if rows > 2 {
            writeln!(f, "   | …")?;
        }
        writeln!(f, "   | {}", excerpt(&one_line(&last.record), LINE_CHARS))
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "error: {}", shortened(&self.message))?;
        match self.location.as_ref() {
            Location::File => writeln!(f, "  --> {}", self.position())?,
            Location::Text {
                line,
                col,
                source_line,
                width,
            } => {
                let gutter = line.to_string().len();
                let pad = " ".repeat(gutter);
                writeln!(f, "{pad}--> {}", self.position())?;
                writeln!(f, "{pad} |")?;
                let (source_line, col, width) = window(source_line, *col, *width);
                writeln!(f, "{line} | {source_line}")?;
                let lead: String = source_line
                    .chars()
                    .take(col.saturating_sub(1))
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                writeln!(f, "{pad} | {lead}{}", "^".repeat(width.max(1)))?;
            }
            Location::Csv {
                row,
                column,
                record,
                ..
            } => {
                // Row 0 is the header.
                let row = match row {
                    0 => "header".to_string(),
                    n => format!("row {n}"),
                };
                match column {
                    Some(column) => {
                        writeln!(f, "  --> {} ({row}, column `{column}`)", self.position())?
                    }
                    None => writeln!(f, "  --> {} ({row})", self.position())?,
                }
                if !record.is_empty() {
                    writeln!(f, "   | {}", excerpt(&one_line(record), LINE_CHARS))?;
                }
            }
            Location::CsvRows {
                rows,
                column,
                first,
                last,
            } => self.fmt_rows(f, *rows, column.as_deref(), first, last)?,
        }
        if let Some(help) = &self.help {
            let pad = match self.location.as_ref() {
                Location::Text { line, .. } => " ".repeat(line.to_string().len()),
                _ => "  ".to_string(),
            };
            writeln!(f, "{pad} = help: {}", shortened(help))?;
        }
        Ok(())
    }
}

/// A text file kept in memory so that byte spans can be turned into lines
/// and columns.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
    /// The byte offset where each line starts, found once, when a span is
    /// first located: a loader locates every place it keeps, not only
    /// errors, so a file is not scanned from its start for each.
    line_starts: OnceLock<Vec<usize>>,
}

impl SourceFile {
    pub fn new(path: impl Into<PathBuf>, text: impl Into<String>) -> SourceFile {
        SourceFile {
            path: path.into(),
            text: text.into(),
            line_starts: OnceLock::new(),
        }
    }

    /// The line (from 1) that byte `at` is on, and the bytes of that line
    /// without its `\n`.
    fn line_of(&self, at: usize) -> (usize, Range<usize>) {
        let starts = self.line_starts.get_or_init(|| {
            let newlines = self.text.bytes().enumerate().filter(|&(_, b)| b == b'\n');
            std::iter::once(0)
                .chain(newlines.map(|(i, _)| i + 1))
                .collect()
        });
        // The first line starts at 0, so at least one start is at or before `at`.
        let line = starts.partition_point(|&s| s <= at);
        let end = starts.get(line).map_or(self.text.len(), |&next| next - 1);
        (line, starts[line - 1]..end)
    }

    /// A diagnostic pointing at the byte range `span` of this file.
    pub fn error(&self, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            path: self.path.clone(),
            location: Box::new(self.locate(span)),
            message: message.into(),
            help: None,
        }
    }

    fn locate(&self, span: Range<usize>) -> Location {
        let start = span.start.min(self.text.len());
        let (line, bytes) = self.line_of(start);
        let (line_start, line_end) = (bytes.start, bytes.end);
        let col = self.text[line_start..start].chars().count() + 1;
        let source_line = self.text[line_start..line_end].trim_end_matches('\r');
        let end = span.end.clamp(start, line_end);
        let width = self.text[start..end].chars().count();
        Location::Text {
            line,
            col,
            source_line: source_line.to_string(),
            width,
        }
    }
}

/// Every problem found in a set of inputs; shown one after another.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.0.push(diagnostic);
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn extend(&mut self, other: Diagnostics) {
        self.0.extend(other.0);
    }
    /// The problems of one file sorted by their place in it, so that they
    /// read top to bottom; problems of the whole file come first, and
    /// problems at one place keep the order they were found in.
    pub fn in_file_order(mut self) -> Diagnostics {
        self.in_file_order_from(0);
        self
    }

    /// Sorts the problems from index `from` on (those of one file) as
    /// `in_file_order` does.
    pub fn in_file_order_from(&mut self, from: usize) {
        self.0[from..].sort_by_key(|d| match d.location.as_ref() {
            Location::File => (0, 0),
            Location::Text { line, col, .. } => (*line, *col),
            Location::Csv { line, .. } => (*line as usize, 0),
            Location::CsvRows { first, .. } => (first.line as usize, 0),
        });
    }

    /// `Ok(value)` when nothing was found, otherwise every problem.
    pub fn into_result<T>(self, value: T) -> Result<T, Diagnostics> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{d}")?;
        }
        let n = self.0.len();
        write!(f, "\n{n} problem{} found", if n == 1 { "" } else { "s" })
    }
}

impl std::error::Error for Diagnostics {}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Diagnostics {
        Diagnostics(vec![d])
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::{excerpt, shortened, window, SourceFile, LINE_CHARS, MESSAGE_CHARS, VALUE_CHARS};

    proptest! {
        /// A place's line and the line's bytes, by the line starts found
        /// once, are those of scanning the text from its start, at every
        /// character of texts with line ends, carriage returns and
        /// characters of two bytes.
        #[test]
        fn lines_are_found_as_by_scanning(
            parts in prop::collection::vec(
                prop_oneof![Just("a"), Just("é"), Just("\n"), Just("\r\n"), Just(" ")],
                0..40,
            ),
        ) {
            let text: String = parts.concat();
            let src = SourceFile::new("f.toml", text.clone());
            for at in (0..=text.len()).filter(|&at| text.is_char_boundary(at)) {
                let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
                let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
                let line = text[..at].matches('\n').count() + 1;
                prop_assert_eq!(src.line_of(at), (line, start..end));
            }
        }
    }

    #[test]
    fn excerpts_cut_on_character_boundaries() {
        assert_eq!(excerpt("short", 10), "short");
        assert_eq!(excerpt("exactly10!", 10), "exactly10!");
        assert_eq!(excerpt("eleven char", 10), "eleven ch…");
        // `é` is two bytes: the cut counts characters, never splits one.
        assert_eq!(excerpt(&"é".repeat(20), 5), "éééé…");
    }

    #[test]
    fn quoted_values_and_long_messages_are_shortened() {
        let long = "x".repeat(1000);
        let cut = format!("{}…", "x".repeat(VALUE_CHARS - 1));
        assert_eq!(
            shortened(&format!(
                "unknown borrower `{long}`; the borrowers are: a, b"
            )),
            format!("unknown borrower `{cut}`; the borrowers are: a, b")
        );
        assert_eq!(
            shortened(&format!("found the text \"{long}\"")),
            format!("found the text \"{cut}\"")
        );
        assert_eq!(shortened("two\nlines"), "two\\nlines");
        let plain = "y ".repeat(400);
        assert_eq!(shortened(&plain).chars().count(), MESSAGE_CHARS);
        assert_eq!(
            shortened("as it is: `a` and \"b\""),
            "as it is: `a` and \"b\""
        );
    }

    #[test]
    fn long_lines_are_shown_around_their_carets() {
        let short = "amount = 12";
        assert_eq!(window(short, 10, 2), (short.into(), 10, 2));
        // Carets at column 301 of a 400-character line: 30 characters of
        // context before them, after an ellipsis.
        let line = format!("{}{}", "a".repeat(300), "b".repeat(100));
        let (shown, col, width) = window(&line, 301, 5);
        assert_eq!(shown.chars().count(), LINE_CHARS);
        assert!(shown.starts_with(&format!("…{}b", "a".repeat(30))));
        assert!(shown.ends_with('…'));
        assert_eq!((col, width), (32, 5));
        // Carets that run past the window stop at its end.
        let (_, col, width) = window(&line, 1, 400);
        assert_eq!((col, width), (1, LINE_CHARS));
    }
}
