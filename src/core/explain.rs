//! Explanations: every computed figure can say how it came about — the
//! formula, the inputs and where they came from, the unrounded value, the
//! rounding and the article.
//!
//! The core says all of this without a language: a [`Phrase`] is a typed
//! value (which figure, which formula, which source) with its figures, dates
//! and names as fields, and `report::lang` words it per locale. Only the
//! agreement's own words (`Phrase::Given`) pass through as they are.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::core::agreement::{Article, Unit, VatCategory};
use crate::core::calendar::Period;
use crate::core::money::Money;

/// Activity rows that a figure sums: how many, from which logs, which lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rows {
    pub rows: u64,
    pub logs: Vec<String>,
    pub first_line: u64,
    pub last_line: u64,
}

/// A client's place in the key of a shared amount.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyShare {
    /// One payer: the whole amount, nothing to say.
    Payer,
    Equal {
        parts: Decimal,
    },
    Percent {
        percent: Decimal,
        total: Decimal,
    },
    Weights {
        weight: Decimal,
        total: Decimal,
        series: String,
    },
}

/// Something the core says in an explanation or a line: a figure's name, a
/// formula, an input's name, value or source. Each variant carries its
/// figures typed, so that a table writes them per locale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Phrase {
    /// The agreement's own words (a line's description, a rate's name), a
    /// TOML key or a period: never translated.
    Given(String),
    /// Words fixed elsewhere, shown as they are in every locale: the stored
    /// text of an issued document.
    Verbatim(String),
    /// What a yearly statement (settle, withdraw, budget) says.
    Statement(Box<crate::core::statement::StatementPhrase>),
    /// What an explanation of a split amount says (allocations, shared
    /// amounts).
    Split(Box<crate::core::split::SplitPhrase>),
    /// A figure of one party or period among several: `tholen: …`.
    Of(String, Box<Phrase>),

    // Figures.
    Subtotal,
    Fees,
    TotalExclVat,
    TotalInclVat,
    /// The VAT of all categories together.
    Vat,
    /// The VAT of one category: `btw 21%`, `btw niet belastbaar`.
    VatPart {
        category: VatCategory,
        percent: Decimal,
    },
    /// A fee as a figure: `Bijdrage coördinatietaak 5%`.
    Fee {
        what: String,
        percent: Decimal,
    },
    /// A fee line's description: `Bijdrage coördinatietaak 5% over € 1.794,24`.
    FeeOver {
        what: String,
        percent: Decimal,
        base: Money,
    },
    /// An allocation line: `… 2010, 2010-Q1: 51 van 326 dagen`.
    AllocationPart {
        what: String,
        year: i32,
        period: String,
        days: u32,
        total: u32,
    },
    /// A client's part of a shared amount: `… 2021: 18.606 van 52.348
    /// inhabitants`, and where it is spread by days `, 2021-Q1: 90 van 365
    /// dagen` (the period, its days and the year's).
    SharedPart {
        what: String,
        year: i32,
        key: KeyShare,
        days: Option<(String, u32, u32)>,
    },
    /// A rate on a date: `Uurtarief toezichthouder BRP op 2018-01-01`.
    RateOn {
        what: String,
        date: NaiveDate,
    },
    /// The contracted hours of a client in a period.
    ContractedHours {
        party: String,
        period: Option<Period>,
    },
    /// The km of a client in a span of months.
    KmOf {
        party: String,
        start: NaiveDate,
        end: NaiveDate,
    },

    // Formulas.
    QuantityTimesPrice,
    FeeOnBase,
    SubtotalOfLines,
    SubtotalPlusFees,
    VatOnLines,
    ExclPlusVat,
    KmOfRows,
    DatedValue,
    IndexedRate,
    ContractedHoursOfMonths,

    // Input names.
    Quantity(Unit),
    UnitPrice,
    FeePercent,
    SumOfLines,
    VatPercent,
    VatTreatment,
    BaseRate,
    /// The indexed rate of a year.
    RateOfYear(i32),
    YearlyHoursOf(i32),
    /// A calendar month: `2018-01`.
    Month {
        year: i32,
        month: u32,
    },

    // Input values.
    /// `31 dagen van 31 → 10,5`
    DaysOf {
        covered: u32,
        days: u32,
        hours: Decimal,
    },
    /// `191,6 km`
    Km(Decimal),
    /// `56.96 × (1 + 1.7/100) = 57.92832 → 57.93`
    IndexStep {
        previous: Decimal,
        percent: Decimal,
        unrounded: Decimal,
        rounded: Decimal,
    },

    // Sources.
    Above,
    FeeLinesAbove,
    RoundedLinesAbove,
    /// A line of the invoice, with its article.
    LineOf(Article),
    /// A rate in force on a date: `rates.hourly in force on 2018-01-01`.
    RateInForce {
        rate: String,
        date: NaiveDate,
    },
    /// `rates.hourly.values (from 2017-10-01)`
    RateValues {
        rate: String,
        from: NaiveDate,
    },
    /// `index series cpi figure 2018`
    IndexFigure {
        series: String,
        year: i32,
    },
    /// The contracted hours of a span, explained above.
    ContractedHoursIn {
        start: NaiveDate,
        end: NaiveDate,
    },
    /// The activity log's rows of a line.
    ActivityLog(Rows),
    /// Rows of the activity log.
    RowsOf(Rows),
    NoRows,
    /// A DOMAIN rule: `rule 3`.
    Rule(u8),
    DefaultHours,
    /// Declared hours, and where the declaration was recorded.
    Declared(Box<Phrase>),
    FromBudget(Box<Phrase>),
}

impl From<crate::core::split::SplitPhrase> for Phrase {
    fn from(s: crate::core::split::SplitPhrase) -> Phrase {
        Phrase::Split(Box::new(s))
    }
}

impl From<crate::core::split::SplitPhrase> for Value {
    fn from(s: crate::core::split::SplitPhrase) -> Value {
        Value::Said(Phrase::from(s))
    }
}

impl From<String> for Phrase {
    /// Prose that is not typed yet (see [`Phrase::Verbatim`]).
    fn from(s: String) -> Phrase {
        Phrase::Verbatim(s)
    }
}

impl From<&str> for Phrase {
    fn from(s: &str) -> Phrase {
        Phrase::Verbatim(s.to_string())
    }
}

impl From<&String> for Phrase {
    fn from(s: &String) -> Phrase {
        Phrase::Verbatim(s.clone())
    }
}

/// The value of an input or of the figure itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Money(Money),
    /// A decimal written with the decimals it has.
    Number(Decimal),
    /// Hours, written with two decimals (rounded for showing only).
    Hours(Decimal),
    Said(Phrase),
}

impl From<Money> for Value {
    fn from(m: Money) -> Value {
        Value::Money(m)
    }
}

impl From<&Money> for Value {
    fn from(m: &Money) -> Value {
        Value::Money(*m)
    }
}

impl From<Decimal> for Value {
    fn from(d: Decimal) -> Value {
        Value::Number(d)
    }
}

impl From<&Decimal> for Value {
    fn from(d: &Decimal) -> Value {
        Value::Number(*d)
    }
}

impl From<Phrase> for Value {
    fn from(p: Phrase) -> Value {
        Value::Said(p)
    }
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::Said(Phrase::Verbatim(s))
    }
}

impl From<&String> for Value {
    fn from(s: &String) -> Value {
        Value::Said(Phrase::Verbatim(s.clone()))
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::Said(Phrase::Verbatim(s.to_string()))
    }
}

impl From<u32> for Value {
    fn from(n: u32) -> Value {
        Value::Number(Decimal::from(n))
    }
}

impl From<u64> for Value {
    fn from(n: u64) -> Value {
        Value::Number(Decimal::from(n))
    }
}

impl From<NaiveDate> for Value {
    /// A date reads the same in every language: `2018-07-01`.
    fn from(d: NaiveDate) -> Value {
        Value::Said(Phrase::Given(d.to_string()))
    }
}

impl From<&NaiveDate> for Value {
    fn from(d: &NaiveDate) -> Value {
        Value::from(*d)
    }
}

impl From<Period> for Value {
    /// A span of days reads the same in every language.
    fn from(p: Period) -> Value {
        Value::Said(Phrase::Given(p.to_string()))
    }
}

impl From<VatCategory> for Value {
    fn from(c: VatCategory) -> Value {
        Value::Said(Phrase::Given(c.as_str().to_string()))
    }
}

/// How a figure was rounded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rounding {
    /// To cents, half away from zero (DOMAIN rule 1).
    Cents,
    /// Cut to cents, the leftover cents to the largest remainders.
    LargestRemainder,
    /// A client's yearly part over the periods of the year, by largest
    /// remainder.
    LargestRemainderOverPeriods,
    /// Hours shown with 2 decimals, never rounded inside a calculation.
    HoursShown,
    /// Hours a budget buys, cut to 2 decimals so that they never cost more
    /// than the budget.
    CutToHours,
    /// Words fixed elsewhere (see [`Phrase::Verbatim`]).
    Verbatim(String),
}

impl From<&str> for Rounding {
    fn from(s: &str) -> Rounding {
        Rounding::Verbatim(s.to_string())
    }
}

impl From<String> for Rounding {
    fn from(s: String) -> Rounding {
        Rounding::Verbatim(s)
    }
}

/// One input of a calculation and where it came from (a TOML key, a fact, a
/// range of activity rows).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub name: Phrase,
    pub value: Value,
    pub source: Phrase,
}

impl Input {
    pub fn new(
        name: impl Into<Phrase>,
        value: impl Into<Value>,
        source: impl Into<Phrase>,
    ) -> Input {
        Input {
            name: name.into(),
            value: value.into(),
            source: source.into(),
        }
    }
}

/// How one figure was computed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Explanation {
    /// What the figure is ("service line Tholen 2018-Q1").
    pub figure: Phrase,
    pub formula: Phrase,
    pub inputs: Vec<Input>,
    /// The exact value before rounding, where rounding happened.
    pub unrounded: Option<Value>,
    /// The rounding applied.
    pub rounding: Option<Rounding>,
    pub result: Value,
    pub article: Option<Article>,
}

/// Rounding to cents, half away from zero.
pub const CENTS: Rounding = Rounding::Cents;

impl Explanation {
    pub fn new(
        figure: impl Into<Phrase>,
        formula: impl Into<Phrase>,
        result: impl Into<Value>,
    ) -> Explanation {
        Explanation {
            figure: figure.into(),
            formula: formula.into(),
            inputs: Vec::new(),
            unrounded: None,
            rounding: None,
            result: result.into(),
            article: None,
        }
    }

    pub fn input(mut self, input: Input) -> Explanation {
        self.inputs.push(input);
        self
    }

    pub fn rounded(
        mut self,
        unrounded: impl Into<Value>,
        rounding: impl Into<Rounding>,
    ) -> Explanation {
        self.unrounded = Some(unrounded.into());
        self.rounding = Some(rounding.into());
        self
    }

    pub fn article(mut self, article: &Article) -> Explanation {
        self.article = Some(article.clone());
        self
    }
}
