//! The `[activity_log]` table of an agreement: the columns of its activity
//! log, each with its header, type and role, validated into
//! `core::log_columns::LogColumns`. Without the table an agreement has the
//! standard layout. See `docs/formats.md`.

use std::collections::HashSet;

use serde::Deserialize;
use toml::Spanned;

use crate::core::log_columns::{ColumnRole, ColumnType, LogColumn, LogColumns, MAX_COLUMNS};
use crate::load::fields::Checker;

type S<T> = Spanned<T>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawActivityLog {
    pub columns: S<Vec<RawColumn>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawColumn {
    pub header: S<String>,
    #[serde(rename = "type")]
    pub kind: S<String>,
    pub role: S<String>,
}

/// What the agreement's other terms need of its log.
pub struct Needs {
    /// `[travel]`: a `travel` column.
    pub travel: bool,
    /// `[[income]]`: an `income` column.
    pub income: bool,
    /// `[shift_rule]`: `start`, `end` and `supervisors`.
    pub shift_rule: bool,
    /// `[ort]`: `start` and `end`.
    pub ort: bool,
}

/// The declared columns, or the standard layout without a declaration.
pub fn log_columns(c: &mut Checker, raw: Option<&RawActivityLog>, needs: &Needs) -> LogColumns {
    let Some(raw) = raw else {
        return LogColumns::standard();
    };
    let mut headers = HashSet::new();
    let mut columns = Vec::new();
    for col in raw.columns.get_ref() {
        let header = col.header.get_ref().trim();
        if header.is_empty() {
            c.error(&col.header, "a column needs a header");
        } else if !headers.insert(header.to_string()) {
            c.error(&col.header, format!("column `{header}` is declared twice"));
        }
        if let Some(column) = one_column(c, col, header) {
            columns.push(column);
        }
    }
    if raw.columns.get_ref().len() > MAX_COLUMNS {
        c.error(
            &raw.columns,
            format!("a log has at most {MAX_COLUMNS} columns"),
        );
    }
    let layout = LogColumns {
        columns,
        declared: true,
    };
    if layout.columns.len() == raw.columns.get_ref().len() {
        roles_complete(c, &raw.columns, &layout, needs);
    }
    layout
}

/// One column: its type and role known, the type fitting the role.
fn one_column(c: &mut Checker, col: &RawColumn, header: &str) -> Option<LogColumn> {
    let kind = ColumnType::ALL
        .into_iter()
        .find(|t| t.name() == col.kind.get_ref());
    if kind.is_none() {
        let names: Vec<&str> = ColumnType::ALL.iter().map(|t| t.name()).collect();
        c.error_help(
            &col.kind,
            format!("unknown column type `{}`", col.kind.get_ref()),
            format!("the types are: {}", names.join(", ")),
        );
    }
    let role = ColumnRole::ALL
        .into_iter()
        .find(|r| r.name() == col.role.get_ref());
    if role.is_none() {
        let names: Vec<&str> = ColumnRole::ALL.iter().map(|r| r.name()).collect();
        c.error_help(
            &col.role,
            format!("unknown column role `{}`", col.role.get_ref()),
            format!("the roles are: {}", names.join(", ")),
        );
    }
    let (kind, role) = (kind?, role?);
    let fits = match role.column_type() {
        Some(t) => t == kind,
        None => !matches!(kind, ColumnType::Party | ColumnType::Hours),
    };
    if !fits {
        let wanted = role
            .column_type()
            .map_or("text, count, decimal, date or time", |t| t.name());
        c.error(
            &col.kind,
            format!(
                "column `{header}` has role `{}`, which takes a column of type {wanted}, not {}",
                role.name(),
                kind.name()
            ),
        );
        return None;
    }
    Some(LogColumn {
        header: header.to_string(),
        kind,
        role,
    })
}

/// Every role the log must have is there once, and no role but `ignored`
/// twice; the problems point at the `columns` key.
fn roles_complete(c: &mut Checker, at: &S<Vec<RawColumn>>, layout: &LogColumns, needs: &Needs) {
    for role in ColumnRole::ALL {
        let n = layout.columns.iter().filter(|c| c.role == role).count();
        if n > 1 && role != ColumnRole::Ignored {
            c.error(
                at,
                format!("{n} columns have role `{}`; a log has one", role.name()),
            );
        }
    }
    let has = |role| layout.position(role).is_some();
    let mut wanted: Vec<(ColumnRole, &str)> = vec![
        (ColumnRole::Date, "every row"),
        (ColumnRole::Party, "every row"),
        (ColumnRole::Hours, "every row"),
    ];
    if has(ColumnRole::Start) || has(ColumnRole::End) {
        wanted.extend([(ColumnRole::Start, "`end`"), (ColumnRole::End, "`start`")]);
    }
    if needs.travel {
        wanted.push((ColumnRole::Travel, "[travel]"));
    }
    if needs.income {
        wanted.push((ColumnRole::Income, "[[income]]"));
    }
    if needs.shift_rule {
        wanted.extend([
            (ColumnRole::Start, "[shift_rule]"),
            (ColumnRole::End, "[shift_rule]"),
            (ColumnRole::Supervisors, "[shift_rule]"),
        ]);
    }
    if needs.ort {
        wanted.extend([(ColumnRole::Start, "[ort]"), (ColumnRole::End, "[ort]")]);
    }
    let mut told = HashSet::new();
    for (role, by) in wanted {
        if !has(role) && told.insert(role.name()) {
            c.error(
                at,
                format!("no column has role `{}`, which {by} needs", role.name()),
            );
        }
    }
}
