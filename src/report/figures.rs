//! A report's figures by path, for `ledger test`: the report as its JSON
//! renderer sees it (the same serde data), read as `key.key[name].key`.
//!
//! An element of a list is named by the first of [`NAME_KEYS`] that every
//! element has and no two share (`lines[service]`, `settlements[tholen]`),
//! or by its position (`vat[0]`). A figure is an amount, hours, a count or a
//! date; texts, notes and explanations are not figures.

use serde_json::Value;

/// The keys that can name an element of a list, in order of preference.
pub const NAME_KEYS: &[&str] = &[
    "id",
    "key",
    "party",
    "agreement",
    "quarter",
    "kind",
    "category",
    "description",
    "label",
    "what",
    "figure",
    "name",
];

/// Parts of a report that hold no figures of their own: explanations (they
/// are shown beside a failing figure instead), notes and statement rows
/// (the same figures again, as text).
const SKIPPED: &[&str] = &["explanations", "notes", "inputs", "rows"];

/// Every figure of a report, as (path, value), in the report's order.
pub fn figures(report: &Value) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    walk(report, String::new(), &mut out);
    out
}

fn walk(v: &Value, path: String, out: &mut Vec<(String, Value)>) {
    match v {
        Value::Object(map) => {
            for (k, x) in map {
                if SKIPPED.contains(&k.as_str()) {
                    continue;
                }
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                walk(x, p, out);
            }
        }
        Value::Array(items) => {
            let key = naming_key(items);
            for (i, x) in items.iter().enumerate() {
                let name = key
                    .and_then(|k| x.get(k).and_then(Value::as_str))
                    .map_or(i.to_string(), str::to_string);
                walk(x, format!("{path}[{name}]"), out);
            }
        }
        leaf if is_figure(leaf) => out.push((path, leaf.clone())),
        _ => {}
    }
}

/// The key that names the elements of a list: one every element has as a
/// text, no two alike, and usable inside `[…]`.
fn naming_key(items: &[Value]) -> Option<&'static str> {
    NAME_KEYS.iter().copied().find(|k| {
        let names: Option<Vec<&str>> = items
            .iter()
            .map(|x| x.get(*k).and_then(Value::as_str))
            .collect();
        names.is_some_and(|n| {
            let mut sorted = n.clone();
            sorted.sort_unstable();
            sorted.dedup();
            sorted.len() == n.len()
                && n.iter().all(|s| {
                    !s.is_empty() && !s.contains(['[', ']']) && s.parse::<usize>().is_err()
                })
        })
    })
}

/// An amount, hours, a count or a date: what an expectation pins.
fn is_figure(v: &Value) -> bool {
    match v {
        Value::Number(_) => true,
        Value::String(s) => is_decimal(s) || is_date(s),
        _ => false,
    }
}

fn is_decimal(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    let (whole, frac) = digits.split_once('.').unwrap_or((digits, "0"));
    !whole.is_empty()
        && !frac.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
}

fn is_date(s: &str) -> bool {
    s.len() == 10 && chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok()
}

/// Why a report has no value at a path: the segment that does not resolve
/// and what is there instead. `Display` says it in English; `ledger test`
/// words it in the run's language (`lang::tables::Run::ActualNone`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Missing {
    #[error("no `{key}` here; there is: {}", .there.join(", "))]
    Key { key: String, there: Vec<String> },
    #[error("`{key}` is not a list")]
    NotAList { key: String },
    #[error("`{key}` is empty")]
    Empty { key: String },
    #[error("no `{key}[{selector}]`; there is: {}", .there.join(", "))]
    Element {
        key: String,
        selector: String,
        there: Vec<String>,
    },
}

/// The value at `path`, or why there is none (naming the segment that
/// does not resolve and what is there instead).
pub fn lookup<'a>(report: &'a Value, path: &str) -> Result<&'a Value, Missing> {
    let mut here = report;
    for segment in segments(path) {
        let (key, selector) = match segment.split_once('[') {
            Some((k, rest)) => (k, Some(rest.strip_suffix(']').unwrap_or(rest))),
            None => (segment, None),
        };
        if !key.is_empty() {
            here = here.get(key).ok_or_else(|| {
                let there = here
                    .as_object()
                    .map(|m| m.keys().cloned().collect())
                    .unwrap_or_default();
                Missing::Key {
                    key: key.to_string(),
                    there,
                }
            })?;
        }
        if let Some(sel) = selector {
            here = element(here, key, sel)?;
        }
    }
    Ok(here)
}

/// The element of a list that `sel` names: by position, or by the value
/// of one of its naming keys.
fn element<'a>(list: &'a Value, key: &str, sel: &str) -> Result<&'a Value, Missing> {
    let key_owned = || key.to_string();
    let items = list
        .as_array()
        .ok_or_else(|| Missing::NotAList { key: key_owned() })?;
    let by_name = items.iter().find(|x| {
        NAME_KEYS
            .iter()
            .any(|k| x.get(*k).and_then(Value::as_str) == Some(sel))
    });
    let by_index = sel.parse::<usize>().ok().and_then(|i| items.get(i));
    by_name.or(by_index).ok_or_else(|| {
        let names: Vec<String> = match naming_key(items) {
            Some(k) => items
                .iter()
                .filter_map(|x| x.get(k).and_then(Value::as_str))
                .map(str::to_string)
                .collect(),
            None => (0..items.len()).map(|i| i.to_string()).collect(),
        };
        if names.is_empty() {
            Missing::Empty { key: key_owned() }
        } else {
            Missing::Element {
                key: key_owned(),
                selector: sel.to_string(),
                there: names,
            }
        }
    })
}

/// The segments of a path, split at dots outside brackets (a line's
/// description may hold a dot).
fn segments(path: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0usize, 0usize);
    for (i, c) in path.char_indices() {
        match c {
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            '.' if depth == 0 => {
                out.push(&path[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&path[start..]);
    out
}

/// A value as an expectation writes it: texts as they are, numbers plainly.
pub fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "(nothing)".to_string(),
        other => other.to_string(),
    }
}

/// Whether an actual value is the expected one: numbers compare as exact
/// decimals (`-358.85` is `-358.850`), everything else as text.
pub fn matches(expected: &str, actual: &Value) -> bool {
    let actual = text(actual);
    match (
        rust_decimal::Decimal::from_str_exact(expected.trim()),
        rust_decimal::Decimal::from_str_exact(&actual),
    ) {
        (Ok(e), Ok(a)) => e == a,
        _ => expected.trim() == actual,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn report() -> Value {
        json!({
            "year": 2018,
            "lines": [
                {"kind": "service", "description": "Inzet 1.5", "amount": "1794.24"},
                {"kind": "fee", "description": "Bijdrage", "amount": "89.71"}
            ],
            "vat": [{"percent": "21", "amount": "418.14"}, {"percent": "9", "amount": "1.00"}],
            "start": "2018-01-01",
            "outcome": "refund",
            "notes": ["12.00 is not a figure here"],
            "explanations": [{"result": "1794.24"}]
        })
    }

    #[test]
    fn figures_are_named_by_their_lines() {
        let names: Vec<String> = figures(&report())
            .into_iter()
            .map(|(p, v)| format!("{p}={}", text(&v)))
            .collect();
        assert_eq!(
            names,
            // serde_json orders the keys of an object.
            [
                "lines[service].amount=1794.24",
                "lines[fee].amount=89.71",
                "start=2018-01-01",
                "vat[0].amount=418.14",
                "vat[0].percent=21",
                "vat[1].amount=1.00",
                "vat[1].percent=9",
                "year=2018",
            ]
        );
    }

    #[test]
    fn lookup_by_name_position_or_description() {
        let r = report();
        assert_eq!(lookup(&r, "lines[fee].amount").unwrap(), "89.71");
        assert_eq!(lookup(&r, "lines[Inzet 1.5].amount").unwrap(), "1794.24");
        assert_eq!(lookup(&r, "vat[1].amount").unwrap(), "1.00");
        assert_eq!(lookup(&r, "outcome").unwrap(), "refund");
        assert_eq!(
            lookup(&r, "lines[travel].amount").unwrap_err().to_string(),
            "no `lines[travel]`; there is: service, fee"
        );
        assert!(lookup(&r, "total")
            .unwrap_err()
            .to_string()
            .starts_with("no `total` here; there is: "));
    }

    #[test]
    fn numbers_compare_exactly() {
        assert!(matches("-358.85", &json!("-358.850")));
        assert!(!matches("-358.85", &json!("-358.86")));
        assert!(matches("37", &json!(37)));
        assert!(matches("2018-10-01", &json!("2018-10-01")));
    }
}
