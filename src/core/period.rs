//! Billing periods: the unit an agreement invoices in. A period is a month,
//! a quarter, a half-year or a year of the calendar, written as the register
//! stores it: `2019-03`, `2019-Q1`, `2019-H1`, `2019`.
//!
//! One parser reads every period on the command line and in files, so every
//! period argument accepts exactly the same spellings and fails the same way.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Serialize, Serializer};
use thiserror::Error;

use crate::core::calendar::{Period, MAX_PARSED_YEAR, MIN_PARSED_YEAR};

/// How often an agreement bills: the length of its billing periods.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rhythm {
    Month,
    Quarter,
    HalfYear,
    Year,
}

impl Rhythm {
    /// The number of calendar months in one period.
    pub fn months(self) -> u32 {
        match self {
            Rhythm::Month => 1,
            Rhythm::Quarter => 3,
            Rhythm::HalfYear => 6,
            Rhythm::Year => 12,
        }
    }

    /// How many periods of this rhythm a year has.
    pub fn per_year(self) -> u8 {
        // 12 / months is 12, 4, 2 or 1: always fits.
        (12 / self.months()) as u8
    }

    /// The period of this rhythm with the example spelling, for help texts.
    pub fn example(self) -> &'static str {
        match self {
            Rhythm::Month => "2018-03",
            Rhythm::Quarter => "2018-Q1",
            Rhythm::HalfYear => "2018-H1",
            Rhythm::Year => "2018",
        }
    }

    /// The word for the rhythm in messages: `quarter`.
    pub fn noun(self) -> &'static str {
        match self {
            Rhythm::Month => "month",
            Rhythm::Quarter => "quarter",
            Rhythm::HalfYear => "half-year",
            Rhythm::Year => "year",
        }
    }
}

/// When an agreement invoices a billing period: at its end (in arrears,
/// the default) or at its start (in advance). An invoice falls in the asked
/// period that holds that day; see [`BillingPeriod::billed_in`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Timing {
    Arrears,
    Advance,
}

impl Timing {
    pub fn as_str(self) -> &'static str {
        match self {
            Timing::Arrears => "in arrears",
            Timing::Advance => "in advance",
        }
    }
}

/// One billing period: the `index`-th period (1-based) of `rhythm` in `year`.
///
/// Periods order chronologically by their first day; two periods of
/// different rhythms that start on the same day order shortest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BillingPeriod {
    year: i32,
    rhythm: Rhythm,
    index: u8,
}

impl BillingPeriod {
    /// The `index`-th period of `rhythm` in `year`, or `None` when the index
    /// is not 1 ..= `rhythm.per_year()` or the year lies outside the range
    /// inputs may name (so that [`BillingPeriod::period`] can never fail).
    pub fn new(rhythm: Rhythm, year: i32, index: u8) -> Option<BillingPeriod> {
        let year_ok = (MIN_PARSED_YEAR..=MAX_PARSED_YEAR).contains(&year);
        let index_ok = (1..=rhythm.per_year()).contains(&index);
        (year_ok && index_ok).then_some(BillingPeriod {
            year,
            rhythm,
            index,
        })
    }

    /// The quarter `number` of `year`.
    pub fn quarter(year: i32, number: u8) -> Option<BillingPeriod> {
        BillingPeriod::new(Rhythm::Quarter, year, number)
    }

    /// The period of `rhythm` that `date` falls in: 2018-05-15 is in 2018-Q2.
    ///
    /// # Panics
    ///
    /// Panics when the date's year is outside the range inputs may name;
    /// the loaders keep every date inside it.
    pub fn of(rhythm: Rhythm, date: NaiveDate) -> BillingPeriod {
        let index = u8::try_from(date.month0() / rhythm.months() + 1).expect("index ≤ 12");
        BillingPeriod::new(rhythm, date.year(), index).expect("dates are validated to the range")
    }

    /// The periods of `rhythm` in `year`, in order.
    pub fn in_year(rhythm: Rhythm, year: i32) -> Vec<BillingPeriod> {
        (1..=rhythm.per_year())
            .filter_map(|i| BillingPeriod::new(rhythm, year, i))
            .collect()
    }

    pub fn year(&self) -> i32 {
        self.year
    }

    pub fn rhythm(&self) -> Rhythm {
        self.rhythm
    }

    /// The position of the period in its year, 1-based.
    pub fn index(&self) -> u8 {
        self.index
    }

    fn first_month(&self) -> u32 {
        u32::from(self.index - 1) * self.rhythm.months() + 1
    }

    /// The days of the period: 2018-Q1 is 2018-01-01 ..= 2018-03-31.
    pub fn period(&self) -> Period {
        let first = self.first_month();
        let last = first + self.rhythm.months() - 1;
        let start = NaiveDate::from_ymd_opt(self.year, first, 1).expect("year is in range");
        let end = crate::core::calendar::last_day_of_month(self.year, last);
        Period::new(start, end).expect("a period's first day precedes its last")
    }

    /// The period after this one: 2018-Q4 is followed by 2019-Q1.
    pub fn next(&self) -> Option<BillingPeriod> {
        if self.index == self.rhythm.per_year() {
            BillingPeriod::new(self.rhythm, self.year + 1, 1)
        } else {
            BillingPeriod::new(self.rhythm, self.year, self.index + 1)
        }
    }

    /// The day this period is invoiced on: its last day in arrears, its
    /// first in advance.
    pub fn invoice_day(&self, timing: Timing) -> NaiveDate {
        match timing {
            Timing::Arrears => self.period().end(),
            Timing::Advance => self.period().start(),
        }
    }

    /// The first day its invoice can be issued: the day after the period in
    /// arrears, its first day in advance.
    pub fn issuable_from(&self, timing: Timing) -> NaiveDate {
        match timing {
            Timing::Arrears => self.period().end().succ_opt().unwrap_or(NaiveDate::MAX),
            Timing::Advance => self.period().start(),
        }
    }

    /// The periods of `rhythm` whose invoices fall in `asked`: those whose
    /// invoice day (see [`BillingPeriod::invoice_day`]) lies in it. Asked
    /// for its own rhythm, a period gives itself; a yearly agreement in
    /// arrears asked for 2019-Q4 gives 2019, asked for 2019-Q1 nothing.
    pub fn billed_in(rhythm: Rhythm, timing: Timing, asked: BillingPeriod) -> Vec<BillingPeriod> {
        let span = asked.period();
        BillingPeriod::in_year(rhythm, asked.year())
            .into_iter()
            .filter(|b| span.contains(b.invoice_day(timing)))
            .collect()
    }

    /// Parses `text` as a period of `rhythm` only: `--quarter 2019-03` is an
    /// error that names what was expected.
    pub fn parse_as(rhythm: Rhythm, text: &str) -> Result<BillingPeriod, PeriodParseError> {
        let wrong = || PeriodParseError::Rhythm {
            input: text.to_owned(),
            expected: rhythm,
        };
        match text.parse::<BillingPeriod>() {
            Ok(p) if p.rhythm == rhythm => Ok(p),
            Err(e @ PeriodParseError::Index { rhythm: r, .. }) if r == rhythm => Err(e),
            Err(e @ PeriodParseError::Year { .. }) => Err(e),
            _ => Err(wrong()),
        }
    }
}

impl Ord for BillingPeriod {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.year, self.first_month(), self.rhythm).cmp(&(
            other.year,
            other.first_month(),
            other.rhythm,
        ))
    }
}

impl PartialOrd for BillingPeriod {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for BillingPeriod {
    /// Writes the stored form: `2019-03`, `2019-Q1`, `2019-H1`, `2019`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.rhythm {
            Rhythm::Month => write!(f, "{}-{:02}", self.year, self.index),
            Rhythm::Quarter => write!(f, "{}-Q{}", self.year, self.index),
            Rhythm::HalfYear => write!(f, "{}-H{}", self.year, self.index),
            Rhythm::Year => write!(f, "{}", self.year),
        }
    }
}

impl Serialize for BillingPeriod {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Text that is not a billing period. Every variant quotes the input.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PeriodParseError {
    #[error("expected a period like 2019-Q1, 2019-03, 2019-H1 or 2019, got {input:?}")]
    Format { input: String },
    #[error("{input:?} has no such {rhythm}: {}", range(*rhythm))]
    Index { input: String, rhythm: Rhythm },
    #[error("year must be between {MIN_PARSED_YEAR} and {MAX_PARSED_YEAR}, got {input:?}")]
    Year { input: String },
    #[error("expected a {} like {}, got {input:?}", expected.noun(), expected.example())]
    Rhythm { input: String, expected: Rhythm },
}

impl fmt::Display for Rhythm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.noun())
    }
}

fn range(rhythm: Rhythm) -> &'static str {
    match rhythm {
        Rhythm::Month => "months are 01 to 12",
        Rhythm::Quarter => "quarters are Q1 to Q4",
        Rhythm::HalfYear => "half-years are H1 and H2",
        Rhythm::Year => "a year has one period",
    }
}

impl FromStr for BillingPeriod {
    type Err = PeriodParseError;

    /// Parses exactly `YYYY`, `YYYY-MM`, `YYYY-Qn` or `YYYY-Hn`: four-digit
    /// years in the input range, upper-case letters, no leading zeros after
    /// Q or H. Anything else in a ledger is far more likely a typo.
    fn from_str(s: &str) -> Result<BillingPeriod, PeriodParseError> {
        let format = || PeriodParseError::Format {
            input: s.to_owned(),
        };
        let (year_text, rest) = match s.split_once('-') {
            Some((y, r)) => (y, Some(r)),
            None => (s, None),
        };
        let year = parse_year(year_text).ok_or_else(format)?;
        if !(MIN_PARSED_YEAR..=MAX_PARSED_YEAR).contains(&year) {
            return Err(PeriodParseError::Year {
                input: s.to_owned(),
            });
        }
        let (rhythm, index) = match rest {
            None => (Rhythm::Year, 1),
            Some(r) => parse_rest(r).ok_or_else(format)?,
        };
        BillingPeriod::new(rhythm, year, index).ok_or_else(|| PeriodParseError::Index {
            input: s.to_owned(),
            rhythm,
        })
    }
}

fn parse_year(text: &str) -> Option<i32> {
    (text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

/// `03` → (Month, 3); `Q1` → (Quarter, 1); `H2` → (HalfYear, 2). The index
/// may still be out of range; the caller names that error.
fn parse_rest(rest: &str) -> Option<(Rhythm, u8)> {
    let (rhythm, digits) = if let Some(d) = rest.strip_prefix('Q') {
        (Rhythm::Quarter, d)
    } else if let Some(d) = rest.strip_prefix('H') {
        (Rhythm::HalfYear, d)
    } else {
        (Rhythm::Month, rest)
    };
    let width_ok = match rhythm {
        Rhythm::Month => digits.len() == 2,
        _ => digits.len() == 1,
    };
    if !width_ok || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((rhythm, digits.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> BillingPeriod {
        s.parse().unwrap()
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_four_spellings_round_trip() {
        for s in [
            "2019-03", "2019-Q1", "2019-H2", "2019", "2018-12", "2018-Q4",
        ] {
            assert_eq!(p(s).to_string(), s);
        }
    }

    #[test]
    fn periods_cover_their_days() {
        let cases = [
            ("2018-Q1", "2018-01-01", "2018-03-31"),
            ("2020-02", "2020-02-01", "2020-02-29"),
            ("2019-H2", "2019-07-01", "2019-12-31"),
            ("2019", "2019-01-01", "2019-12-31"),
        ];
        for (s, start, end) in cases {
            let period = p(s).period();
            assert_eq!((period.start(), period.end()), (d(start), d(end)), "{s}");
        }
    }

    #[test]
    fn malformed_periods_are_refused_with_the_reason() {
        let format = [
            "2018-q1", "2018-Q01", "2018-3", "18-Q1", "2018-", "2018-Q", "2018-H", "2018-Qx",
            " 2018", "2018-013", "", "2018-h1",
        ];
        for s in format {
            assert!(
                matches!(
                    s.parse::<BillingPeriod>(),
                    Err(PeriodParseError::Format { .. })
                ),
                "{s:?} should be a format error"
            );
        }
        for s in ["2018-Q0", "2018-Q5", "2018-H3", "2018-00", "2018-13"] {
            assert!(
                matches!(
                    s.parse::<BillingPeriod>(),
                    Err(PeriodParseError::Index { .. })
                ),
                "{s:?} should be an index error"
            );
        }
        assert!(matches!(
            "1899-Q1".parse::<BillingPeriod>(),
            Err(PeriodParseError::Year { .. })
        ));
        assert_eq!(
            "2018-Q0".parse::<BillingPeriod>().unwrap_err().to_string(),
            "\"2018-Q0\" has no such quarter: quarters are Q1 to Q4"
        );
    }

    #[test]
    fn parse_as_insists_on_the_rhythm() {
        assert_eq!(
            BillingPeriod::parse_as(Rhythm::Quarter, "2019-03")
                .unwrap_err()
                .to_string(),
            "expected a quarter like 2018-Q1, got \"2019-03\""
        );
        assert_eq!(
            BillingPeriod::parse_as(Rhythm::Month, "2019-03").unwrap(),
            BillingPeriod::new(Rhythm::Month, 2019, 3).unwrap()
        );
    }

    #[test]
    fn of_next_and_in_year() {
        assert_eq!(
            BillingPeriod::of(Rhythm::Quarter, d("2018-05-15")),
            p("2018-Q2")
        );
        assert_eq!(
            BillingPeriod::of(Rhythm::HalfYear, d("2018-07-01")),
            p("2018-H2")
        );
        assert_eq!(
            BillingPeriod::of(Rhythm::Month, d("2018-12-31")),
            p("2018-12")
        );
        assert_eq!(p("2018-Q4").next(), Some(p("2019-Q1")));
        assert_eq!(p("2018-11").next(), Some(p("2018-12")));
        let quarters: Vec<String> = BillingPeriod::in_year(Rhythm::Quarter, 2018)
            .iter()
            .map(|q| q.to_string())
            .collect();
        assert_eq!(quarters, ["2018-Q1", "2018-Q2", "2018-Q3", "2018-Q4"]);
        assert_eq!(BillingPeriod::in_year(Rhythm::Month, 2018).len(), 12);
    }

    #[test]
    fn order_is_chronological() {
        let mut v = [p("2019-Q1"), p("2018-Q4"), p("2018-12"), p("2018")];
        v.sort();
        let s: Vec<String> = v.iter().map(|x| x.to_string()).collect();
        assert_eq!(s, ["2018", "2018-Q4", "2018-12", "2019-Q1"]);
    }
}
