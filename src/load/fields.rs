//! Field checks shared by the TOML loaders: each turns a raw spanned value
//! into a domain value or records a diagnostic pointing at it.

use chrono::{Datelike, NaiveDate, NaiveTime};
use rust_decimal::Decimal;
use toml::Spanned;

use crate::core::agreement::{Article, WordingKind};
use crate::core::calendar;
use crate::core::money::{self, Money};
use crate::load::diag::{Diagnostic, Diagnostics, SourceFile};

/// The largest amount, rate or hour count the ledger accepts in one field.
/// Anything above it is a typing error, not a municipal budget.
pub const ABSURD: i64 = 1_000_000_000;

/// Collects diagnostics for one source file while its fields are converted.
pub struct Checker<'a> {
    pub src: &'a SourceFile,
    pub diags: Diagnostics,
}

impl<'a> Checker<'a> {
    pub fn new(src: &'a SourceFile) -> Checker<'a> {
        Checker {
            src,
            diags: Diagnostics::default(),
        }
    }

    pub fn error<T>(&mut self, spanned: &Spanned<T>, message: impl Into<String>) {
        let d = self.src.error(spanned.span(), message);
        self.diags.push(d);
    }

    pub fn error_help<T>(
        &mut self,
        spanned: &Spanned<T>,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        let d = self.src.error(spanned.span(), message).with_help(help);
        self.diags.push(d);
    }

    /// The `file:line:col` of a value, for a message about another place.
    pub fn place<T>(&self, spanned: &Spanned<T>) -> String {
        self.src.error(spanned.span(), "").position()
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.diags.push(d);
    }

    /// A calendar date written as a TOML date (`2017-10-01`, no time).
    pub fn date(&mut self, value: &Spanned<toml::value::Datetime>) -> Option<NaiveDate> {
        let dt = value.get_ref();
        match (dt.date, dt.time, dt.offset) {
            (Some(d), None, None) => {
                match NaiveDate::from_ymd_opt(
                    i32::from(d.year),
                    u32::from(d.month),
                    u32::from(d.day),
                ) {
                    Some(date) if !calendar::year_in_range(date.year()) => {
                        self.error_help(
                            value,
                            format!("date {dt} is {}", calendar::years_wording()),
                            "every date in every input keeps to these years, as the command line does",
                        );
                        None
                    }
                    Some(date) => Some(date),
                    None => {
                        self.error(value, format!("impossible date {dt}"));
                        None
                    }
                }
            }
            _ => {
                self.error_help(
                    value,
                    format!("expected a date, found `{dt}`"),
                    "write a plain date such as 2017-10-01",
                );
                None
            }
        }
    }

    /// An amount of euros: a string with at most two decimals, positive
    /// (or zero where `allow_zero`), below the absurd bound.
    pub fn money(
        &mut self,
        value: &Spanned<String>,
        what: &str,
        allow_zero: bool,
    ) -> Option<Money> {
        match Money::parse(value.get_ref()) {
            Ok(m) => {
                if m.is_negative() || (!allow_zero && m.is_zero()) {
                    let must = if allow_zero {
                        "zero or more"
                    } else {
                        "more than zero"
                    };
                    self.error(
                        value,
                        format!("{what} must be {must}, found {}", value.get_ref()),
                    );
                    None
                } else if m.amount() >= Decimal::from(ABSURD) {
                    self.error(
                        value,
                        format!("{what} {} is not a plausible amount", value.get_ref()),
                    );
                    None
                } else {
                    Some(m)
                }
            }
            Err(e) => {
                self.error_help(
                    value,
                    format!("{what}: {e}"),
                    "write amounts as strings such as \"1234.56\"",
                );
                None
            }
        }
    }

    /// A positive decimal written as a string (a rate, hours, kilometres).
    pub fn positive(&mut self, value: &Spanned<String>, what: &str) -> Option<Decimal> {
        self.quantity(value, what, false)
    }

    /// Zero or a positive decimal written as a string.
    pub fn non_negative(&mut self, value: &Spanned<String>, what: &str) -> Option<Decimal> {
        self.quantity(value, what, true)
    }

    /// A decimal above zero (or from zero, with `allow_zero`) and below the
    /// absurd bound.
    fn quantity(
        &mut self,
        value: &Spanned<String>,
        what: &str,
        allow_zero: bool,
    ) -> Option<Decimal> {
        let d = self.decimal(value, what)?;
        let text = value.get_ref();
        if d < Decimal::ZERO || (!allow_zero && d.is_zero()) {
            let must = if allow_zero {
                "must not be negative"
            } else {
                "must be more than zero"
            };
            self.error(value, format!("{what} {must}, found {text}"));
            None
        } else if d >= Decimal::from(ABSURD) {
            self.error(value, format!("{what} {text} is not plausible"));
            None
        } else {
            Some(d)
        }
    }

    /// A percentage from 0 to 100 written as a string (`"5"`, `"21"`).
    pub fn percent(&mut self, value: &Spanned<String>, what: &str) -> Option<Decimal> {
        let d = self.decimal(value, what)?;
        if d < Decimal::ZERO || d > Decimal::ONE_HUNDRED {
            self.error(
                value,
                format!(
                    "{what} must be a percentage from 0 to 100, found {}",
                    value.get_ref()
                ),
            );
            None
        } else {
            Some(d)
        }
    }

    /// An index figure: a yearly percentage change, which may be negative
    /// (deflation) but not absurd.
    pub fn index_percent(&mut self, value: &Spanned<String>, what: &str) -> Option<Decimal> {
        let d = self.decimal(value, what)?;
        if d <= Decimal::from(-50) || d >= Decimal::ONE_HUNDRED {
            self.error(
                value,
                format!(
                    "{what} {}% is not a plausible yearly index figure",
                    value.get_ref()
                ),
            );
            None
        } else {
            Some(d)
        }
    }

    fn decimal(&mut self, value: &Spanned<String>, what: &str) -> Option<Decimal> {
        match money::parse_decimal(value.get_ref()) {
            Ok(d) => Some(d),
            Err(e) => {
                self.error_help(
                    value,
                    format!("{what}: {e}"),
                    "write numbers as strings such as \"10.5\"",
                );
                None
            }
        }
    }

    /// A whole number within bounds (months, weeks).
    pub fn bounded(&mut self, value: &Spanned<i64>, what: &str, min: i64, max: i64) -> Option<u32> {
        let v = *value.get_ref();
        if v < min || v > max {
            self.error(
                value,
                format!("{what} must be from {min} to {max}, found {v}"),
            );
            None
        } else {
            u32::try_from(v).ok()
        }
    }

    /// A year within the range the ledger works with.
    pub fn year(&mut self, value: &Spanned<i64>, what: &str) -> Option<i32> {
        let (min, max) = (calendar::MIN_PARSED_YEAR, calendar::MAX_PARSED_YEAR);
        self.bounded(value, what, i64::from(min), i64::from(max))
            .map(|y| y as i32)
    }

    /// A month and day written as `"09-01"`.
    pub fn month_day(&mut self, value: &Spanned<String>, what: &str) -> Option<(u32, u32)> {
        let text = value.get_ref();
        let parsed = text.split_once('-').and_then(|(m, d)| {
            let (m, d): (u32, u32) = (m.parse().ok()?, d.parse().ok()?);
            // 2000 is a leap year, so 29 February is accepted here and
            // clamped to the 28th in common years.
            NaiveDate::from_ymd_opt(2000, m, d).map(|_| (m, d))
        });
        if parsed.is_none() {
            self.error_help(
                value,
                format!("{what}: `{text}` is not a month and day"),
                "write it as \"MM-DD\", e.g. \"09-01\"",
            );
        }
        parsed
    }

    /// A time of day written as `"07:00"`.
    pub fn time(&mut self, value: &Spanned<String>, what: &str) -> Option<NaiveTime> {
        let parsed = NaiveTime::parse_from_str(value.get_ref(), "%H:%M").ok();
        if parsed.is_none() {
            self.error_help(
                value,
                format!("{what}: `{}` is not a time of day", value.get_ref()),
                "write it as \"HH:MM\", e.g. \"07:00\"",
            );
        }
        parsed
    }

    /// An article reference; it must not be empty.
    pub fn article(&mut self, value: &Spanned<String>) -> Article {
        if value.get_ref().trim().is_empty() {
            self.error(value, "article reference is empty");
        }
        Article(value.get_ref().trim().to_string())
    }

    /// A non-empty piece of text.
    pub fn text(&mut self, value: &Spanned<String>, what: &str) -> String {
        if value.get_ref().trim().is_empty() {
            self.error(value, format!("{what} is empty"));
        }
        value.get_ref().trim().to_string()
    }

    /// An identifier: lowercase letters, digits and dashes.
    pub fn id(&mut self, value: &Spanned<String>, what: &str) -> String {
        let v = value.get_ref();
        let ok = !v.is_empty()
            && v.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !v.starts_with('-');
        if !ok {
            self.error_help(
                value,
                format!("{what} `{v}` is not a valid id"),
                "ids use lowercase letters, digits and dashes, e.g. \"bergen-op-zoom\"",
            );
        }
        v.clone()
    }

    pub fn wording(&mut self, value: &Spanned<String>) -> Option<WordingKind> {
        match value.get_ref().as_str() {
            "before" => Some(WordingKind::Before),
            "no_later_than" => Some(WordingKind::NoLaterThan),
            "up_to_and_including" => Some(WordingKind::UpToAndIncluding),
            other => {
                self.error_help(
                    value,
                    format!("unknown wording `{other}`"),
                    "use \"before\" (vóór), \"no_later_than\" (uiterlijk) or \"up_to_and_including\" (tot en met)",
                );
                None
            }
        }
    }
}

/// Turns a TOML parse or type error into a diagnostic, with a hint where the
/// cause is a common one (a float where an amount string belongs). serde's
/// type names are put in plain words (see `plain_type_error`).
pub fn toml_error(src: &SourceFile, err: &toml::de::Error) -> Diagnostic {
    let message = err.message().trim().to_string();
    let span = err.span().unwrap_or(0..0);
    let plain = plain_type_error(&message).unwrap_or_else(|| message.clone());
    let mut d = src.error(span, plain);
    if message.contains("floating point")
        || message.contains("integer") && message.contains("string")
    {
        d = d.with_help(
            "amounts, rates, hours and percentages are strings, e.g. amount = \"1234.56\"",
        );
    }
    d
}

/// serde's "invalid type: string \"six\", expected i64" becomes "expected a
/// whole number, found the text \"six\"": the one place where serde's and
/// toml's type names are translated for a user. Other messages stay as
/// they are (`None`).
fn plain_type_error(message: &str) -> Option<String> {
    let rest = message.strip_prefix("invalid type: ")?;
    let (found, expected) = rest.split_once(", expected ")?;
    Some(format!(
        "expected {}, found {}",
        plain_expected(expected),
        plain_found(found)
    ))
}

fn plain_expected(expected: &str) -> &str {
    match expected {
        "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" | "an integer" => {
            "a whole number"
        }
        "a string" => "a text in quotes",
        "a sequence" => "a list [ … ]",
        "a boolean" => "true or false",
        "a TOML datetime" => "a date such as 2017-10-01",
        e if e.starts_with("struct ") || e == "a map" => "a table",
        e => e,
    }
}

fn plain_found(found: &str) -> String {
    // serde writes the value in backticks (`3`) or, for strings, in quotes.
    let value = |kind: &str| {
        found
            .strip_prefix(kind)
            .map(|v| v.trim().trim_matches('`').to_string())
    };
    if let Some(v) = value("integer") {
        format!("the whole number {v}")
    } else if let Some(v) = value("floating point") {
        format!("the number {v} with a decimal point")
    } else if let Some(v) = value("string") {
        format!("the text {v}")
    } else if let Some(v) = value("boolean") {
        v
    } else {
        match found {
            "sequence" => "a list".to_string(),
            "map" => "a table".to_string(),
            other => other.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::plain_type_error;

    #[test]
    fn serde_type_names_become_plain_words() {
        for (serde, plain) in [
            (
                "invalid type: string \"six\", expected i64",
                "expected a whole number, found the text \"six\"",
            ),
            (
                "invalid type: integer `3`, expected a string",
                "expected a text in quotes, found the whole number 3",
            ),
            (
                "invalid type: floating point `16159.2`, expected a string",
                "expected a text in quotes, found the number 16159.2 with a decimal point",
            ),
            (
                "invalid type: string \"service\", expected a sequence",
                "expected a list [ … ], found the text \"service\"",
            ),
            (
                "invalid type: string \"no\", expected a boolean",
                "expected true or false, found the text \"no\"",
            ),
            (
                "invalid type: integer `3`, expected struct RawTerm",
                "expected a table, found the whole number 3",
            ),
        ] {
            assert_eq!(plain_type_error(serde).as_deref(), Some(plain));
        }
        assert_eq!(plain_type_error("missing field `term`"), None);
    }
}
