//! The columns of an agreement's activity log: each one's header, the type
//! of its values and what it feeds (its role). The agreement declares them
//! in `[activity_log]`; one that does not has the standard layout of
//! [`LogColumns::standard`], documented in `docs/formats.md`.
//!
//! After loading, the invariants hold: headers are unique, every column's
//! type fits its role, `date`, `party` and `hours` appear exactly once,
//! `start` and `end` together, every other role but `ignored` at most once,
//! and the roles that the agreement's terms need are there.

/// The most columns a log may have.
pub const MAX_COLUMNS: usize = 16;

/// The type of a column's values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    /// `YYYY-MM-DD`.
    Date,
    /// The id of a client of the agreement.
    Party,
    /// Hours as a plain decimal, 0 or more.
    Hours,
    /// A plain decimal, 0 or more.
    Decimal,
    /// A whole number, 0 or more.
    Count,
    /// A time of day, `HH:MM`.
    Time,
    /// Any text.
    Text,
}

impl ColumnType {
    pub const ALL: [ColumnType; 7] = [
        ColumnType::Date,
        ColumnType::Party,
        ColumnType::Hours,
        ColumnType::Decimal,
        ColumnType::Count,
        ColumnType::Time,
        ColumnType::Text,
    ];

    /// The type's name in the agreement TOML.
    pub fn name(self) -> &'static str {
        match self {
            ColumnType::Date => "date",
            ColumnType::Party => "party",
            ColumnType::Hours => "hours",
            ColumnType::Decimal => "decimal",
            ColumnType::Count => "count",
            ColumnType::Time => "time",
            ColumnType::Text => "text",
        }
    }
}

/// What a column feeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnRole {
    /// The day of the shift.
    Date,
    /// The borrower.
    Party,
    /// The hours worked: the service line and the settlement.
    Hours,
    /// The start and end of the shift: the hours outside the day window
    /// (the irregular-hours share) and the shift rule's warning.
    Start,
    End,
    /// The people on the shift: the shift rule's warning.
    Supervisors,
    /// Kilometres driven: the travel line.
    Travel,
    /// The units `[[income]]` is paid per: the income offset.
    Income,
    /// Marks a row that repeats an earlier identical one on purpose: 0 (or
    /// no column) for an ordinary row, 1 for the first intended repeat, 2
    /// for the second …, so that the rows differ.
    Repeat,
    /// Read and checked against its type, and otherwise not used.
    Ignored,
}

impl ColumnRole {
    pub const ALL: [ColumnRole; 10] = [
        ColumnRole::Date,
        ColumnRole::Party,
        ColumnRole::Hours,
        ColumnRole::Start,
        ColumnRole::End,
        ColumnRole::Supervisors,
        ColumnRole::Travel,
        ColumnRole::Income,
        ColumnRole::Repeat,
        ColumnRole::Ignored,
    ];

    /// The role's name in the agreement TOML.
    pub fn name(self) -> &'static str {
        match self {
            ColumnRole::Date => "date",
            ColumnRole::Party => "party",
            ColumnRole::Hours => "hours",
            ColumnRole::Start => "start",
            ColumnRole::End => "end",
            ColumnRole::Supervisors => "supervisors",
            ColumnRole::Travel => "travel",
            ColumnRole::Income => "income",
            ColumnRole::Repeat => "repeat",
            ColumnRole::Ignored => "ignored",
        }
    }

    /// The type a column of this role has; `None`: any but `party` and
    /// `hours` (an ignored column).
    pub fn column_type(self) -> Option<ColumnType> {
        match self {
            ColumnRole::Date => Some(ColumnType::Date),
            ColumnRole::Party => Some(ColumnType::Party),
            ColumnRole::Hours => Some(ColumnType::Hours),
            ColumnRole::Start | ColumnRole::End => Some(ColumnType::Time),
            ColumnRole::Supervisors | ColumnRole::Income | ColumnRole::Repeat => {
                Some(ColumnType::Count)
            }
            ColumnRole::Travel => Some(ColumnType::Decimal),
            ColumnRole::Ignored => None,
        }
    }
}

/// One declared column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogColumn {
    pub header: String,
    pub kind: ColumnType,
    pub role: ColumnRole,
}

/// The columns of the log, in the order they are declared (a log may have
/// them in any order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogColumns {
    pub columns: Vec<LogColumn>,
    /// Whether the agreement declared them (`false`: the standard layout).
    pub declared: bool,
}

impl LogColumns {
    /// The layout of an agreement without `[activity_log]`: `date, borrower,
    /// start, end, supervisors, hours, house_visits, km`, each feeding what
    /// its name says (`house_visits` the income, `km` the travel line).
    pub fn standard() -> LogColumns {
        use ColumnRole as R;
        use ColumnType as T;
        let columns = [
            ("date", T::Date, R::Date),
            ("borrower", T::Party, R::Party),
            ("start", T::Time, R::Start),
            ("end", T::Time, R::End),
            ("supervisors", T::Count, R::Supervisors),
            ("hours", T::Hours, R::Hours),
            ("house_visits", T::Count, R::Income),
            ("km", T::Decimal, R::Travel),
        ]
        .into_iter()
        .map(|(header, kind, role)| LogColumn {
            header: header.to_string(),
            kind,
            role,
        })
        .collect();
        LogColumns {
            columns,
            declared: false,
        }
    }

    /// The index of the (first) column with `role`.
    pub fn position(&self, role: ColumnRole) -> Option<usize> {
        self.columns.iter().position(|c| c.role == role)
    }

    /// The headers, comma-separated, as a log's header row would be.
    pub fn header_row(&self) -> String {
        let headers: Vec<&str> = self.columns.iter().map(|c| c.header.as_str()).collect();
        headers.join(",")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_standard_layout_is_the_shipped_header() {
        let s = LogColumns::standard();
        assert_eq!(
            s.header_row(),
            "date,borrower,start,end,supervisors,hours,house_visits,km"
        );
        for c in &s.columns {
            assert_eq!(c.role.column_type(), Some(c.kind), "{}", c.header);
        }
    }
}
