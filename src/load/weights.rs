//! The `[[weights]]` tables of a facts file: the weight of each client in a
//! year of a weight series (inhabitants on 1 January), as the key of a
//! shared amount uses it. A year's table must give every client that shares
//! in that year; a missing one is an error naming the party and the year.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use crate::core::agreement::{Agreement, ShareKey};
use crate::core::facts::{Facts, Weight};
use crate::core::parties::Parties;
use crate::core::shares;
use crate::load::fields::Checker;

type S<T> = Spanned<T>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawWeights {
    series: S<String>,
    year: S<i64>,
    values: S<BTreeMap<String, S<String>>>,
    #[allow(dead_code)] // for the reader of the file
    note: Option<String>,
}

/// Reads the weight tables into `facts`, once the file's accessions are
/// known, and checks each year's table against the clients that share then.
pub(crate) fn weights(c: &mut Checker, a: &Agreement, raw: &[RawWeights], facts: &mut Facts) {
    for w in raw {
        let series = w.series.get_ref();
        let used = a
            .shared_amounts
            .iter()
            .any(|s| matches!(&s.key, ShareKey::Weights(x) if x == series));
        if !used {
            c.error(
                &w.series,
                format!(
                    "no shared amount of `{}` is keyed by weights `{series}`",
                    a.id
                ),
            );
            continue;
        }
        let Some(year) = c.year(&w.year, "year") else {
            continue;
        };
        for (party, value) in w.values.get_ref() {
            table_value(c, a, facts, w, year, party, value);
        }
        complete(c, a, facts, w, year);
    }
}

fn table_value(
    c: &mut Checker,
    a: &Agreement,
    facts: &mut Facts,
    w: &RawWeights,
    year: i32,
    party: &str,
    value: &S<String>,
) {
    let series = w.series.get_ref();
    let is_client = Parties::new(a, facts).clients().any(|m| m.id() == party);
    if !is_client {
        c.error(
            &w.values,
            format!(
                "`{party}` is not a client of `{}` (nor joins it in this file)",
                a.id
            ),
        );
        return;
    }
    if facts.weight(series, year, party).is_some() {
        c.error(
            value,
            format!("the `{series}` weight of `{party}` for {year} is given twice"),
        );
        return;
    }
    if let Some(v) = c.positive(value, "weight") {
        facts.weights.push(Weight {
            series: series.clone(),
            year,
            party: party.to_string(),
            value: v,
            source: c.place(value),
        });
    }
}

/// Every client that shares in `year` (see `core::shares`) has a weight.
fn complete(c: &mut Checker, a: &Agreement, facts: &Facts, w: &RawWeights, year: i32) {
    let parties = Parties::new(a, facts);
    let Some(day) = shares::reference_day(a, &parties, year) else {
        c.error(&w.year, format!("`{}` does not run in {year}", a.id));
        return;
    };
    let missing: Vec<String> = parties
        .clients()
        .filter(|m| m.participation.contains(day))
        .filter(|m| !w.values.get_ref().contains_key(m.id()))
        .map(|m| m.id().to_string())
        .collect();
    for party in missing {
        c.error(
            &w.values,
            format!(
                "no `{}` weight for `{party}` in {year}: it takes part on {day} and shares in that year",
                w.series.get_ref()
            ),
        );
    }
}
