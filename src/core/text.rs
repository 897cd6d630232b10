//! Figures as machine formats write them: CSV and JSON of every report take
//! their hours, unit prices and rates from here, so that the two formats
//! print the same value as the same string, exact and never rounded. Also
//! [`Clock`], the one way a time of day is written in messages and reports.

use chrono::{NaiveTime, Timelike};
use rust_decimal::Decimal;

use crate::core::agreement::{LineKind, Unit};
use crate::core::lines::Line;

/// The text of a figure in CSV and JSON: the exact decimal, never rounded,
/// with at least `min` decimals (`31.5` → `31.50` for `min` 2; a part-month
/// `31.838709677…` and a km rate `0.19` stay as they are). Every machine
/// format of every command takes its hours, unit prices and rates from here,
/// so that CSV and JSON print the same value as the same string.
pub fn exact_text(d: Decimal, min: u32) -> String {
    let mut d = d.normalize();
    if d.scale() < min {
        d.rescale(min);
    }
    d.to_string()
}

/// Hours in CSV and JSON: exact, at least 2 decimals (`31.50`).
pub fn hours_text(d: Decimal) -> String {
    exact_text(d, 2)
}

/// A unit price or rate in CSV and JSON: exact, at least 2 decimals like
/// money (`70.60`), more where the price has them (an ORT price, `0.19`).
pub fn price_text(d: Decimal) -> String {
    exact_text(d, 2)
}

/// Whether a line counts hours: a service or ORT line, or one priced per hour.
pub fn counts_hours(l: &Line) -> bool {
    matches!(l.kind, LineKind::Service | LineKind::Ort) || l.unit == Unit::Hour
}

/// The quantity of a line in CSV and JSON: hours as `hours_text`, anything
/// else (km, a fee's percentage, an allocation's 1) as the exact decimal.
pub fn quantity_text(l: &Line) -> String {
    if counts_hours(l) {
        hours_text(l.quantity)
    } else {
        exact_text(l.quantity, 0)
    }
}

/// Serde helpers that write figures through the functions above, for the
/// JSON of every report (`#[serde(serialize_with = "…")]`).
pub mod json_text {
    use rust_decimal::Decimal;
    use serde::ser::SerializeSeq;
    use serde::{Serialize, Serializer};

    use crate::core::agreement::{Article, LineKind, Unit};
    use crate::core::lines::Line;
    use crate::core::money::Money;

    pub fn hours<S: Serializer>(d: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::hours_text(*d))
    }

    pub fn price<S: Serializer>(d: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::price_text(*d))
    }

    /// One line as JSON: the keys of `Line`, with quantity and unit price as
    /// CSV writes them.
    #[derive(Serialize)]
    struct LineText<'a> {
        kind: LineKind,
        description: &'a crate::core::explain::Phrase,
        quantity: String,
        unit: Unit,
        unit_price: String,
        amount: Money,
        article: &'a Article,
    }

    pub fn lines<S: Serializer>(lines: &[Line], s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(lines.len()))?;
        for l in lines {
            seq.serialize_element(&LineText {
                kind: l.kind,
                description: &l.description,
                quantity: super::quantity_text(l),
                unit: l.unit,
                unit_price: super::price_text(l.unit_price),
                amount: l.amount,
                article: &l.article,
            })?;
        }
        seq.end()
    }
}

/// A time of day as `HH:MM`, as `format("%H:%M")` writes it, without
/// reading a format string: thousands of warnings name four times each.
#[derive(Debug, Clone, Copy)]
pub struct Clock(pub NaiveTime);

impl std::fmt::Display for Clock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:02}:{:02}", self.0.hour(), self.0.minute())
    }
}

#[cfg(test)]
mod tests {
    use super::{exact_text, Clock};
    use rust_decimal::Decimal;
    use std::str::FromStr;

    #[test]
    fn exact_text_pads_but_never_rounds() {
        for (value, min, text) in [
            ("31.5", 2, "31.50"),
            ("70.6", 2, "70.60"),
            ("2223.9", 2, "2223.90"),
            ("0.19", 2, "0.19"),
            ("14.2425", 2, "14.2425"),
            ("126", 2, "126.00"),
            ("-8", 2, "-8.00"),
            ("5.000", 0, "5"),
            ("425.50", 0, "425.5"),
            ("-0.0", 2, "0.00"),
            (
                "31.838709677419354838709677419",
                2,
                "31.838709677419354838709677419",
            ),
        ] {
            let d = Decimal::from_str(value).unwrap();
            assert_eq!(exact_text(d, min), text, "{value}");
        }
    }

    #[test]
    fn a_clock_writes_what_the_format_string_writes() {
        for seconds in (0..86_400).step_by(7) {
            for nano in [0, 999_999_999, 1_500_000_000] {
                // A leap second's nanoseconds exist only in a minute's last second.
                let Some(t) = chrono::NaiveTime::from_num_seconds_from_midnight_opt(seconds, nano)
                else {
                    continue;
                };
                assert_eq!(Clock(t).to_string(), t.format("%H:%M").to_string(), "{t}");
            }
        }
    }
}
