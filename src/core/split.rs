//! `SplitPhrase`, the typed messages of the explanations of amounts split
//! into parts: a yearly allocation over the billing periods by days of the
//! term, a shared amount over the clients by its key, and a client's part
//! over the periods by its days. They travel in `Phrase::Split` and are
//! worded by `report::lang`.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::core::agreement::{Article, ShareKey};
use crate::core::money::Money;
use crate::core::period::{BillingPeriod, Rhythm};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SplitPhrase {
    // An allocation over the periods of its year (DOMAIN rule 6).
    /// The formula, in periods of `rhythm`, over the days of `year`.
    ByTermDays { rhythm: Rhythm, year: i32 },
    /// The amount of a year (an input's name).
    AmountOf(i32),
    /// The days of the term (an input's name).
    TermDays,
    /// `326 (the days of 2010 in the term 2010-02-09 – 2010-12-31)`; the
    /// term has no `end` while it runs on.
    TermDaysOf {
        total: u32,
        year: i32,
        start: NaiveDate,
        end: Option<NaiveDate>,
    },
    /// The term and its article (a source).
    Term(Article),
    /// `51 days → exact 2527.973006 → cut 2527.97 → part 2527.97`.
    PeriodPart {
        days: u32,
        exact: Decimal,
        cut: Decimal,
        part: Money,
    },
    /// The weight of a period: its days of the term (a source).
    WeightIsDays(Rhythm),
    /// The leftover cents (an input's name).
    LeftoverCents,
    /// The leftover cents and the periods given one each.
    Leftover { cents: Decimal, given: Vec<String> },
    /// The largest-remainder method (a source).
    LargestRemainder,

    // A shared amount over the clients (`[[shared_amounts]]`).
    /// The formula: the key's weights of the clients taking part on
    /// `reference_day`.
    ByKey { year: i32, reference_day: NaiveDate },
    /// `3600.00 × (1 + 2%) = 3672.0000 → 3672.00`.
    Indexed {
        previous: Money,
        percent: Decimal,
        unrounded: Decimal,
        rounded: Money,
    },
    /// The indexation series and its article (a source).
    Indexation(Option<(String, Article)>),
    /// A client's weight (an input's name).
    WeightOf(String),
    /// `40 → part 3600.00`.
    WeightPart { weight: Decimal, part: Money },
    /// The key (an input's name).
    Key,
    /// What the key is.
    KeyIs(ShareKey),

    // A client's yearly part over the periods of the year.
    /// The days of a period (an input's name).
    DaysIn(BillingPeriod),
    /// `90 of 365 → 887.67`.
    DaysOfTotal { days: u32, total: u32, part: Money },
    /// How a client's part is spread (a source).
    ClientDays,
}
