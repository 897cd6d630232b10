//! Finding a quote that is never closed. The csv crate reads an opening
//! quote without its closing one as a field that runs to the end of the
//! file, so the row looks short ("this row has 3 fields"); when a bad
//! record reaches the end of the file, its bytes are read again to name the
//! quote instead.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Seek, SeekFrom};
use std::path::Path;

/// A quote that opens a field and is never closed.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Unclosed {
    /// The quote's line, counted from the record's first line (0).
    pub lines_on: u64,
    /// Its column in that line, in characters from 1.
    pub column: usize,
    /// The field it opens, by its position in the record (from 0).
    pub field: usize,
    /// The record's first line, as it stands.
    pub first_line: String,
}

/// The unclosed quote of the record that starts at byte `from` of the file
/// at `path` and runs to its end, as the csv crate reads quotes (one opens
/// a field only at its start; `""` inside is a quote), or `None`.
pub(super) fn unclosed(path: &Path, from: u64) -> io::Result<Option<Unclosed>> {
    let mut file = File::open(path)?;
    file.seek(SeekFrom::Start(from))?;
    let mut reader = BufReader::new(file);
    let mut scan = Scan::default();
    loop {
        let buf = reader.fill_buf()?;
        if buf.is_empty() {
            break;
        }
        let n = buf.len();
        buf.iter().for_each(|&b| scan.byte(b));
        reader.consume(n);
    }
    let first_line = String::from_utf8_lossy(&scan.first_line).into_owned();
    Ok(scan.open.map(|(lines_on, column, field)| Unclosed {
        lines_on,
        column,
        field,
        first_line,
    }))
}

/// The state of a walk over a record's bytes.
#[derive(Default)]
struct Scan {
    line: u64,
    /// Characters seen on the current line.
    column: usize,
    field: usize,
    /// At the start of a field.
    fresh: Fresh,
    /// The open quote's line, column and field, while inside quotes.
    open: Option<(u64, usize, usize)>,
    /// Inside quotes, the previous byte was a quote (closing, or the
    /// first of `""`).
    quote_seen: bool,
    first_line: Vec<u8>,
}

/// Whether the walk is at the start of a field (true at the start).
struct Fresh(bool);

impl Default for Fresh {
    fn default() -> Fresh {
        Fresh(true)
    }
}

impl Scan {
    fn byte(&mut self, b: u8) {
        if self.line == 0 && b != b'\n' && b != b'\r' {
            self.first_line.push(b);
        }
        // A continuation byte of UTF-8 is no new character.
        if b & 0xC0 != 0x80 {
            self.column += 1;
        }
        if self.open.is_some() {
            self.quoted(b);
        } else {
            self.plain(b);
        }
        if b == b'\n' {
            self.line += 1;
            self.column = 0;
        }
    }

    fn quoted(&mut self, b: u8) {
        if self.quote_seen {
            self.quote_seen = false;
            if b != b'"' {
                // The previous quote closed the field.
                self.open = None;
                self.plain(b);
            }
        } else if b == b'"' {
            self.quote_seen = true;
        }
    }

    fn plain(&mut self, b: u8) {
        match b {
            b'"' if self.fresh.0 => {
                self.open = Some((self.line, self.column, self.field));
                self.fresh.0 = false;
            }
            b',' => {
                self.field += 1;
                self.fresh.0 = true;
            }
            b'\n' | b'\r' => {
                self.field = 0;
                self.fresh.0 = true;
            }
            _ => self.fresh.0 = false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::unclosed;

    fn scan(text: &str) -> Option<(u64, usize, usize)> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("log.csv");
        std::fs::write(&path, text).unwrap();
        unclosed(&path, 0)
            .unwrap()
            .map(|u| (u.lines_on, u.column, u.field))
    }

    #[test]
    fn finds_the_quote_that_is_never_closed() {
        // Line 0, column 19 (the quote before 09:00), field 2.
        assert_eq!(
            scan("2018-03-06,tholen,\"09:00,12:00,1\n2018-03-07,tholen\n"),
            Some((0, 19, 2))
        );
        // Closed quotes, doubled quotes and a quote inside a field are fine;
        // the open one is on the second line, in field 1.
        assert_eq!(scan("\"a\"\"b\",c\"d,\"e\"\nx,\"é\nyz"), Some((1, 3, 1)));
        assert_eq!(scan("\"a\",\"b\"\"\"\nc,d\n"), None);
        assert_eq!(scan("a,b\"c\n"), None);
    }
}
