//! Where each declared column of an activity log stands in the file, found
//! once from the header, so that a row costs an index per field and never a
//! lookup by name.

use std::path::Path;

use crate::core::log_columns::{ColumnRole, ColumnType, LogColumns};
use crate::load::diag::{Diagnostic, Location};

/// The field positions of a log's columns, by role.
#[derive(Debug, Clone)]
pub(super) struct Layout {
    /// The header of each field, in file order.
    names: Vec<String>,
    pub date: usize,
    pub party: usize,
    pub hours: usize,
    pub times: Option<(usize, usize)>,
    pub supervisors: Option<usize>,
    pub travel: Option<usize>,
    pub income: Option<usize>,
    pub repeat: Option<usize>,
    /// The ignored columns and their types, in file order.
    pub others: Vec<(usize, ColumnType)>,
}

impl Layout {
    /// The layout of a log whose header is `headers` (at `line`), for the
    /// columns `agreement` declares. Every declared column must appear
    /// exactly once, and no other may.
    pub fn from_header(
        path: &Path,
        headers: &csv::ByteRecord,
        line: u64,
        columns: &LogColumns,
        agreement: &str,
    ) -> Result<Layout, Diagnostic> {
        let mut file_pos = vec![usize::MAX; columns.columns.len()];
        let mut names = Vec::with_capacity(headers.len());
        // Every problem of the header, said at once.
        let (mut problems, mut first) = (Vec::new(), None);
        for (i, h) in headers.iter().enumerate() {
            let name = String::from_utf8_lossy(h.trim_ascii()).into_owned();
            match columns.columns.iter().position(|c| c.header == name) {
                Some(k) if file_pos[k] == usize::MAX => file_pos[k] = i,
                Some(_) => problems.push(format!("a second column `{name}`")),
                None => problems.push(format!("an unknown column `{name}`")),
            }
            if problems.len() == 1 && first.is_none() {
                first = Some(name.clone());
            }
            names.push(name);
        }
        for (k, _) in file_pos
            .iter()
            .enumerate()
            .filter(|(_, p)| **p == usize::MAX)
        {
            problems.push(format!("no column `{}`", columns.columns[k].header));
        }
        if !problems.is_empty() {
            let message = format!("the header has {}", problems.join(", "));
            let mut help = columns_help(columns, agreement);
            if headers.len() == 1 && names[0].contains(';') {
                help = format!("the fields are separated by `;`, but a log is read with `,` between them; {help}");
            }
            return Err(
                header_error(path, headers, line, first.as_deref(), message).with_help(help)
            );
        }
        Ok(Layout::of(names, &file_pos, columns))
    }

    /// The layout once every declared column `k` is known to stand at
    /// `file_pos[k]`.
    fn of(names: Vec<String>, file_pos: &[usize], columns: &LogColumns) -> Layout {
        let role = |r: ColumnRole| columns.position(r).map(|k| file_pos[k]);
        let mut others: Vec<(usize, ColumnType)> = columns
            .columns
            .iter()
            .zip(file_pos)
            .filter(|(c, _)| c.role == ColumnRole::Ignored)
            .map(|(c, &p)| (p, c.kind))
            .collect();
        others.sort_unstable_by_key(|(p, _)| *p);
        // The loader guarantees date, party and hours, and start with end.
        Layout {
            names,
            date: role(ColumnRole::Date).unwrap_or(0),
            party: role(ColumnRole::Party).unwrap_or(0),
            hours: role(ColumnRole::Hours).unwrap_or(0),
            times: role(ColumnRole::Start).zip(role(ColumnRole::End)),
            supervisors: role(ColumnRole::Supervisors),
            travel: role(ColumnRole::Travel),
            income: role(ColumnRole::Income),
            repeat: role(ColumnRole::Repeat),
            others,
        }
    }

    /// The number of fields of a record.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// The header of field `k`.
    pub fn name(&self, k: usize) -> &str {
        &self.names[k]
    }
}

/// A problem with the header at `line`, naming `column` where there is one.
fn header_error(
    path: &Path,
    headers: &csv::ByteRecord,
    line: u64,
    column: Option<&str>,
    message: String,
) -> Diagnostic {
    let record: Vec<String> = headers
        .iter()
        .map(|h| String::from_utf8_lossy(h).into_owned())
        .collect();
    Diagnostic {
        path: path.to_path_buf(),
        location: Box::new(Location::Csv {
            line,
            row: 0,
            column: column.map(str::to_string),
            record: record.join(","),
        }),
        message,
        help: None,
    }
}

/// The help of a header problem: the columns, and where they come from.
pub(super) fn columns_help(columns: &LogColumns, agreement: &str) -> String {
    let whence = match columns.declared {
        true => format!("as `{agreement}` declares them in [activity_log]"),
        false => format!("the standard columns: `{agreement}` declares no [activity_log]"),
    };
    format!("the columns are: {} ({whence})", columns.header_row())
}
