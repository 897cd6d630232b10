//! Expectation files (`*.expect.toml`, described in docs/expectations.md):
//! the cases `ledger test` runs, each a command line and the figures it must
//! produce. `record` writes current figures back into such a file, keeping
//! its comments and layout.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::diag::Diagnostic;

/// One expectation file, its directories resolved against the file's own.
#[derive(Debug, Clone)]
pub struct ExpectFile {
    pub path: PathBuf,
    /// The agreements directory of its cases (default: the file's directory).
    pub agreements: PathBuf,
    /// The facts directory of its cases, when the file names one.
    pub facts: Option<PathBuf>,
    pub cases: Vec<Case>,
}

/// One case: a command line and the figures it must produce.
#[derive(Debug, Clone)]
pub struct Case {
    pub name: String,
    /// The arguments after `ledger`, e.g. `["invoice", "--quarter", "2018-Q1"]`.
    pub args: Vec<String>,
    /// Figure path and expected value, in key order.
    pub expect: Vec<(String, String)>,
    /// When set, the command must fail with a message containing this.
    pub fails_with: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    agreements: Option<String>,
    facts: Option<String>,
    #[serde(default)]
    case: Vec<RawCase>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCase {
    name: String,
    run: RawRun,
    #[serde(default)]
    expect: toml::Table,
    fails_with: Option<String>,
}

/// A command line as one string (split at spaces) or as a list of arguments
/// (for an argument with a space in it).
#[derive(Deserialize)]
#[serde(untagged)]
enum RawRun {
    Line(String),
    Args(Vec<String>),
}

/// Reads and checks an expectation file. Fails when it is not valid TOML,
/// has an unknown key, a case without a command, two cases of one name, or
/// an expected value that is not a string, integer or boolean.
pub fn read(path: &Path) -> Result<ExpectFile, Diagnostic> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Diagnostic::file(path, format!("cannot read file: {e}")))?;
    let raw: RawFile = toml::from_str(&text).map_err(|e| {
        let line = e
            .span()
            .map(|s| format!(" (line {})", text[..s.start].matches('\n').count() + 1))
            .unwrap_or_default();
        Diagnostic::file(
            path,
            format!("not an expectation file{line}: {}", e.message().trim()),
        )
        .with_help(
            "see docs/expectations.md: top-level `agreements` and `facts`, then [[case]] tables",
        )
    })?;
    let dir = path.parent().unwrap_or(Path::new(""));
    let mut cases: Vec<Case> = Vec::new();
    for c in raw.case {
        let case = case(path, c)?;
        if cases.iter().any(|other| other.name == case.name) {
            return Err(Diagnostic::file(
                path,
                format!("two cases are named `{}`", case.name),
            ));
        }
        cases.push(case);
    }
    Ok(ExpectFile {
        path: path.to_path_buf(),
        agreements: dir.join(raw.agreements.as_deref().unwrap_or(".")),
        facts: raw.facts.map(|f| dir.join(f)),
        cases,
    })
}

fn case(path: &Path, c: RawCase) -> Result<Case, Diagnostic> {
    let name = c.name.trim().to_string();
    if name.is_empty() {
        return Err(Diagnostic::file(path, "a case has an empty name"));
    }
    let args: Vec<String> = match c.run {
        RawRun::Line(line) => line.split_whitespace().map(str::to_string).collect(),
        RawRun::Args(args) => args,
    };
    if args.is_empty() {
        return Err(Diagnostic::file(
            path,
            format!("case `{name}` has an empty `run`"),
        ));
    }
    let mut expect = Vec::new();
    for (key, value) in c.expect {
        let text = match value {
            toml::Value::String(s) => s,
            toml::Value::Integer(i) => i.to_string(),
            toml::Value::Boolean(b) => b.to_string(),
            other => {
                return Err(Diagnostic::file(
                    path,
                    format!(
                        "case `{name}`: the expected value of `{key}` is a {}; write figures as strings, e.g. \"1794.24\"",
                        other.type_str()
                    ),
                ))
            }
        };
        expect.push((key, text));
    }
    Ok(Case {
        name,
        args,
        expect,
        fails_with: c.fails_with,
    })
}

/// A recorded figure: text, or a whole number (counts such as house visits).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recorded {
    Text(String),
    Integer(i64),
}

/// The text of an expectation file with the `expect` table of each case
/// listed in `updates` (by case index) brought up to the given figures: a
/// figure already there gets its new value in its place, one no longer
/// given is removed, a new one is added at the end. Every other line,
/// comments and the order of the keys included, stays as it was.
///
/// Fails when the text is not TOML or has no `[[case]]` of such an index.
pub fn record(text: &str, updates: &[(usize, Vec<(String, Recorded)>)]) -> anyhow::Result<String> {
    let mut doc: toml_edit::DocumentMut = text.parse()?;
    let cases = doc
        .get_mut("case")
        .and_then(|c| c.as_array_of_tables_mut())
        .ok_or_else(|| anyhow::anyhow!("the file has no [[case]] tables"))?;
    for (index, figures) in updates {
        let case = cases
            .get_mut(*index)
            .ok_or_else(|| anyhow::anyhow!("the file has no case number {}", index + 1))?;
        match case.get_mut("expect").and_then(|e| e.as_table_like_mut()) {
            Some(table) => update_in_place(table, figures),
            None => {
                let mut table = toml_edit::Table::new();
                update_in_place(&mut table, figures);
                case.insert("expect", toml_edit::Item::Table(table));
            }
        }
    }
    Ok(doc.to_string())
}

/// Brings one `expect` table up to `figures`, keeping its order and the
/// comments around each value.
fn update_in_place(table: &mut dyn toml_edit::TableLike, figures: &[(String, Recorded)]) {
    let gone: Vec<String> = table
        .iter()
        .map(|(key, _)| key.to_owned())
        .filter(|key| !figures.iter().any(|(k, _)| k == key))
        .collect();
    for key in gone {
        table.remove(&key);
    }
    for (key, figure) in figures {
        let mut value = match figure {
            Recorded::Text(s) => toml_edit::Value::from(s.as_str()),
            Recorded::Integer(i) => toml_edit::Value::from(*i),
        };
        match table.get_mut(key).and_then(|item| item.as_value_mut()) {
            Some(old) => {
                *value.decor_mut() = old.decor().clone();
                *old = value;
            }
            None => {
                table.insert(key, toml_edit::Item::Value(value));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_keeps_comments_and_replaces_expectations() {
        let text = "# my cases\n[[case]]\nname = \"a\" # the first\nrun = \"budget --year 2018\"\n\n[case.expect]\n\"x.y\" = \"1\"\n";
        let out = record(
            text,
            &[(
                0,
                vec![
                    ("x.y".into(), Recorded::Text("2.50".into())),
                    ("n[tholen].visits".into(), Recorded::Integer(40)),
                ],
            )],
        )
        .unwrap();
        assert!(out.starts_with("# my cases\n[[case]]\nname = \"a\" # the first\n"));
        assert!(out.contains("\"x.y\" = \"2.50\""), "{out}");
        assert!(out.contains("\"n[tholen].visits\" = 40"), "{out}");
        assert!(!out.contains("\"1\""), "{out}");
    }

    #[test]
    fn record_keeps_the_order_of_the_keys_and_their_comments() {
        let text = "[[case]]\nname = \"a\"\nrun = \"budget --year 2018\"\n\n[case.expect]\n\"z\" = \"1\" # last letter\n\"b\" = \"2\"\n\"gone\" = \"3\"\n\"a\" = 4\n";
        let figures = vec![
            ("a".into(), Recorded::Integer(5)),
            ("b".into(), Recorded::Text("2".into())),
            ("z".into(), Recorded::Text("1.50".into())),
        ];
        let out = record(text, &[(0, figures)]).unwrap();
        let expect = &out[out.find("[case.expect]").unwrap()..];
        assert_eq!(
            expect,
            "[case.expect]\n\"z\" = \"1.50\" # last letter\n\"b\" = \"2\"\n\"a\" = 5\n"
        );
    }
}
