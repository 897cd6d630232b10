//! The hash chain over the documents table, and the checks `verify` runs on it.
//!
//! # The encoding
//!
//! A row's `hash` is the lowercase hex SHA-256 of the bytes
//!
//! ```text
//! "ledger-register-row-v1\n" · field(prev_hash) · field(c) for c in CHAINED_COLUMNS
//! ```
//!
//! where each field is one tag byte and its value:
//!
//! - `N`: SQL NULL, nothing follows;
//! - `I`: an integer, 8 bytes big-endian two's complement;
//! - `R`: a real, its 8 IEEE 754 bytes big-endian (never written by ledger,
//!   but an edit outside it may store one, and it must hash differently);
//! - `T` or `B`: text (UTF-8) or a blob, its byte length as 8 bytes
//!   big-endian, then the bytes.
//!
//! The length prefix makes the encoding injective: no two different rows
//! give the same bytes, however their texts are split. The type tag makes a
//! total rewritten from text "1883.95" to another type visible. The first row
//! chains from [`GENESIS`]. `seq` is chained too, so that moving or removing a
//! row breaks the chain at its successor.

use std::collections::BTreeMap;
use std::fmt;

use rusqlite::types::ValueRef;
use sha2::{Digest, Sha256};

/// The `prev_hash` of the first row.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The columns the hash covers, in the order they are encoded: every column
/// except `prev_hash` (encoded first) and `hash` itself.
pub const CHAINED_COLUMNS: [&str; 19] = [
    "seq",
    "number",
    "series",
    "series_seq",
    "kind",
    "agreement",
    "period",
    "client",
    "issuer",
    "issue_date",
    "due_date",
    "credits",
    "reason",
    "total_excl_vat",
    "vat",
    "total_incl_vat",
    "currency",
    "body",
    "fingerprint",
];

const DOMAIN: &[u8] = b"ledger-register-row-v1\n";

/// The hash of a row: `prev_hash` and the values of [`CHAINED_COLUMNS`], in
/// that order.
pub fn row_hash(prev_hash: &str, values: &[ValueRef<'_>]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(DOMAIN);
    encode(&mut hasher, ValueRef::Text(prev_hash.as_bytes()));
    for value in values {
        encode(&mut hasher, *value);
    }
    hex(&hasher.finalize())
}

fn encode(hasher: &mut Sha256, value: ValueRef<'_>) {
    match value {
        ValueRef::Null => hasher.update(b"N"),
        ValueRef::Integer(i) => {
            hasher.update(b"I");
            hasher.update(i.to_be_bytes());
        }
        ValueRef::Real(r) => {
            hasher.update(b"R");
            hasher.update(r.to_bits().to_be_bytes());
        }
        ValueRef::Text(bytes) => length_prefixed(hasher, b"T", bytes),
        ValueRef::Blob(bytes) => length_prefixed(hasher, b"B", bytes),
    }
}

fn length_prefixed(hasher: &mut Sha256, tag: &[u8], bytes: &[u8]) {
    hasher.update(tag);
    hasher.update((bytes.len() as u64).to_be_bytes());
    hasher.update(bytes);
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        out.push(char::from(DIGITS[usize::from(byte >> 4)]));
        out.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
    out
}

/// Something `verify` found wrong with the register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChainProblem {
    /// The row's content does not match its own hash: it was edited.
    ContentChanged { seq: i64, number: String },
    /// The row's `prev_hash` is not its predecessor's hash: a row before it
    /// was removed, inserted or rewritten along with its hash.
    BrokenLink {
        seq: i64,
        number: String,
        expected: String,
        found: String,
    },
    /// Numbers missing in a series: `from..=to` were never stored.
    SeriesGap { series: String, from: i64, to: i64 },
    /// Two or more documents share one place in a series.
    SeriesDuplicate {
        series: String,
        series_seq: i64,
        numbers: Vec<String>,
    },
    /// No row has the hash a `verify` reported as the last one before
    /// (`verify --head`): rows were removed from the end.
    HeadMissing { hash: String },
}

/// The last row of the register: what `verify` reports so that it can be
/// kept outside the register and given back with `verify --head`, the one
/// way to see that rows were removed from the end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub seq: i64,
    pub number: String,
    pub hash: String,
}

impl fmt::Display for ChainProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChainProblem::ContentChanged { seq, number } => {
                write!(f, "row {seq} ({number}) does not match its hash: it was changed outside ledger")
            }
            ChainProblem::BrokenLink { seq, number, .. } => write!(
                f,
                "row {seq} ({number}) does not follow from the row before it: rows were removed, inserted or rewritten"
            ),
            ChainProblem::SeriesGap { series, from, to } if from == to => {
                write!(f, "series {series} is missing number {from}")
            }
            ChainProblem::SeriesGap { series, from, to } => {
                write!(f, "series {series} is missing numbers {from} to {to}")
            }
            ChainProblem::SeriesDuplicate {
                series,
                series_seq,
                numbers,
            } => write!(
                f,
                "series {series} has number {series_seq} more than once: {}",
                numbers.join(", ")
            ),
            ChainProblem::HeadMissing { hash } => write!(
                f,
                "no row has the hash {hash} given with --head: rows were removed from the end of the register, or it is another register"
            ),
        }
    }
}

/// A row's place in its series, as `verify` reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeriesEntry {
    pub series: String,
    pub series_seq: i64,
    pub number: String,
}

/// Gaps and duplicates per series; every series must run 1, 2, 3, … with no
/// hole. Series come out in name order, so the report is stable.
pub fn series_problems(entries: &[SeriesEntry]) -> Vec<ChainProblem> {
    let mut by_series: BTreeMap<&str, BTreeMap<i64, Vec<String>>> = BTreeMap::new();
    for entry in entries {
        by_series
            .entry(&entry.series)
            .or_default()
            .entry(entry.series_seq)
            .or_default()
            .push(entry.number.clone());
    }
    let mut problems = Vec::new();
    for (series, places) in by_series {
        let mut expected = 1;
        for (series_seq, numbers) in places {
            if series_seq > expected {
                problems.push(ChainProblem::SeriesGap {
                    series: series.to_owned(),
                    from: expected,
                    to: series_seq - 1,
                });
            }
            if numbers.len() > 1 {
                problems.push(ChainProblem::SeriesDuplicate {
                    series: series.to_owned(),
                    series_seq,
                    numbers,
                });
            }
            expected = expected.max(series_seq + 1);
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(series: &str, series_seq: i64, number: &str) -> SeriesEntry {
        SeriesEntry {
            series: series.to_owned(),
            series_seq,
            number: number.to_owned(),
        }
    }

    #[test]
    fn hash_is_sha256_hex_of_the_documented_encoding() {
        // The empty-row case pins the encoding by hand: domain, then
        // "T" + 8-byte length 64 + the genesis text.
        let mut bytes = DOMAIN.to_vec();
        bytes.push(b'T');
        bytes.extend_from_slice(&64u64.to_be_bytes());
        bytes.extend_from_slice(GENESIS.as_bytes());
        assert_eq!(row_hash(GENESIS, &[]), hex(&Sha256::digest(&bytes)));
        assert_eq!(row_hash(GENESIS, &[]).len(), 64);
    }

    #[test]
    fn length_prefix_and_type_tag_keep_rows_apart() {
        let ab_c = row_hash(GENESIS, &[ValueRef::Text(b"ab"), ValueRef::Text(b"c")]);
        let a_bc = row_hash(GENESIS, &[ValueRef::Text(b"a"), ValueRef::Text(b"bc")]);
        assert_ne!(ab_c, a_bc);
        let text = row_hash(GENESIS, &[ValueRef::Text(b"1")]);
        let integer = row_hash(GENESIS, &[ValueRef::Integer(1)]);
        let null = row_hash(GENESIS, &[ValueRef::Null]);
        let empty = row_hash(GENESIS, &[ValueRef::Text(b"")]);
        assert_ne!(text, integer);
        assert_ne!(null, empty);
    }

    #[test]
    fn series_without_holes_is_clean() {
        let entries = [
            entry("A", 1, "A1"),
            entry("B", 1, "B1"),
            entry("A", 2, "A2"),
        ];
        assert_eq!(series_problems(&entries), vec![]);
    }

    #[test]
    fn finds_gaps_and_duplicates() {
        let entries = [
            entry("A", 2, "A2"),
            entry("A", 5, "A5"),
            entry("A", 5, "A5bis"),
            entry("B", 1, "B1"),
        ];
        assert_eq!(
            series_problems(&entries),
            vec![
                ChainProblem::SeriesGap {
                    series: "A".into(),
                    from: 1,
                    to: 1
                },
                ChainProblem::SeriesGap {
                    series: "A".into(),
                    from: 3,
                    to: 4
                },
                ChainProblem::SeriesDuplicate {
                    series: "A".into(),
                    series_seq: 5,
                    numbers: vec!["A5".into(), "A5bis".into()]
                },
            ]
        );
    }
}
