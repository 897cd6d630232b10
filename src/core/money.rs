//! Money: an exact euro amount in cents, rounding and allocation.
//!
//! Every amount on an invoice must be reproducible to the cent by hand, so this
//! module never uses binary floating point. A [`Money`] is a
//! [`Decimal`] that always holds a whole number of cents (scale 2). Exact
//! intermediate values (hours × rate, a percentage of an amount) stay
//! [`Decimal`] until they are rounded once, half away from zero, with
//! [`Money::round`]. Splitting an amount over periods uses the largest
//! remainder method in [`Money::allocate`], so the parts always add up to the
//! whole.
//!
//! The module also holds the text forms: exact parsing of amounts and plain
//! decimals, the plain machine format for CSV and JSON, and the Dutch and
//! English human formats.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub, SubAssign};

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Serialize, Serializer};
use thiserror::Error;

/// The number of decimals of every [`Money`] amount: whole cents.
const CENT_SCALE: u32 = 2;

/// The one rounding rule of the ledger: half away from zero, as people round
/// by hand and as the agreements describe it.
const ROUNDING: RoundingStrategy = RoundingStrategy::MidpointAwayFromZero;

/// Why a text could not be read as an amount or a decimal.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum AmountError {
    /// The text was empty.
    #[error("expected a decimal number, found an empty value")]
    Empty,
    /// The text was not a plain decimal such as `1234.56` or `-5`.
    #[error("expected a plain decimal number like 10.5, found {text:?}")]
    NotADecimal {
        /// The text as it was given.
        text: String,
    },
    /// The text was a plain decimal, but an amount has at most two decimals.
    #[error("amounts have at most 2 decimals, found {decimals} in {text:?}")]
    TooManyDecimals {
        /// The text as it was given.
        text: String,
        /// How many decimals the text has.
        decimals: usize,
    },
    /// The text was a plain decimal, but it does not fit in a decimal number
    /// exactly (more than 28 significant digits).
    #[error("{text:?} has too many digits to be represented exactly")]
    OutOfRange {
        /// The text as it was given.
        text: String,
    },
}

/// Why an amount could not be split over weights.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum AllocationError {
    /// There were no weights, so there is nothing to split over.
    #[error("cannot allocate an amount over zero parts")]
    NoParts,
    /// One of the weights was negative.
    #[error("weight {weight} of part {} is negative", .index + 1)]
    NegativeWeight {
        /// The zero-based position of the weight.
        index: usize,
        /// The weight itself.
        weight: Decimal,
    },
    /// All weights were zero, so no part has a share.
    #[error("the weights add up to zero")]
    ZeroTotalWeight,
    /// The amount or the weights are too large or too precise to split
    /// exactly in 128-bit integer arithmetic.
    #[error("the amount and weights are too large to allocate exactly")]
    TooLarge,
}

/// An amount of euros, always a whole number of cents (scale 2).
///
/// The field is private so that every value goes through a constructor that
/// keeps the scale at 2 and never stores a negative zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money(Decimal);

impl Default for Money {
    /// Returns [`Money::ZERO`]; a derived default would be a zero of scale 0,
    /// which would print as "0" instead of "0.00".
    fn default() -> Money {
        Money::ZERO
    }
}

impl Money {
    /// Zero euros, "0.00".
    pub const ZERO: Money = Money(Decimal::from_parts(0, 0, 0, false, CENT_SCALE));

    /// Builds an amount from a whole number of cents: `from_cents(-500)` is
    /// -5.00.
    pub fn from_cents(cents: i64) -> Money {
        Money::from_decimal_cents(Decimal::new(cents, CENT_SCALE))
    }

    /// Rounds an exact value to whole cents, half away from zero:
    /// 358.848 becomes 358.85, 2.345 becomes 2.35 and -2.345 becomes -2.35.
    /// The result always has scale 2.
    ///
    /// Values beyond about 7.9 × 10²⁶ euros cannot carry two decimals in a
    /// [`Decimal`]; no agreement comes near that.
    pub fn round(value: Decimal) -> Money {
        Money::from_decimal_cents(value.round_dp_with_strategy(CENT_SCALE, ROUNDING))
    }

    /// Parses an amount from TOML or CSV text exactly: "1234.56", "16159.20",
    /// "8000" and "-5.00" are accepted.
    ///
    /// The text must be a plain decimal (see [`parse_decimal`]), so "1,5",
    /// "1e3", "€5" and " 5" are rejected, and it may have at most two
    /// decimals, because silently rounding an input amount would hide a data
    /// error.
    pub fn parse(text: &str) -> Result<Money, AmountError> {
        let decimals = check_plain_decimal(text)?;
        if decimals > CENT_SCALE as usize {
            return Err(AmountError::TooManyDecimals {
                text: text.to_owned(),
                decimals,
            });
        }
        let value = Decimal::from_str_exact(text).map_err(|_| AmountError::OutOfRange {
            text: text.to_owned(),
        })?;
        Ok(Money::from_decimal_cents(value))
    }

    /// The amount as a decimal of scale 2, for calculations that need more
    /// than cents (rates times hours, percentages).
    pub fn amount(self) -> Decimal {
        self.0
    }

    /// The amount as a whole number of cents.
    ///
    /// # Panics
    ///
    /// Panics if the amount does not fit in an `i64` of cents, which is more
    /// than 92 million billion euros.
    pub fn cents(self) -> i64 {
        i64::try_from(self.0.mantissa()).expect("an amount of money fits in i64 cents")
    }

    /// Whether the amount is exactly zero.
    /// `is_zero` by reference, for serde's `skip_serializing_if`.
    pub fn is_zero_ref(&self) -> bool {
        self.is_zero()
    }

    pub fn is_zero(self) -> bool {
        self.0.is_zero()
    }

    /// Whether the amount is below zero (a credit).
    pub fn is_negative(self) -> bool {
        self.0 < Decimal::ZERO
    }

    /// The amount without its sign.
    pub fn abs(self) -> Money {
        Money::from_decimal_cents(self.0.abs())
    }

    /// Takes `percent` percent of the amount: the exact value (for
    /// explanations such as "5% of 1794.24 = 89.712") and that value rounded
    /// to cents (89.71).
    pub fn percent(self, percent: Decimal) -> (Decimal, Money) {
        let exact = (self.0 * percent / Decimal::ONE_HUNDRED).normalize();
        (exact, Money::round(exact))
    }

    /// Splits the amount over parts in proportion to `weights` (for example
    /// the days of each period), by the largest remainder method.
    ///
    /// Every part first gets its exact share truncated towards zero to whole
    /// cents. The cents left over then go one each to the parts with the
    /// largest remainders, ties going to the earlier part. The parts always
    /// add up exactly to the amount, and each part differs from its exact
    /// share by less than one cent; rounding each share on its own would not
    /// guarantee the sum. A negative amount is split as the mirror image of
    /// its absolute value, so credits split the same way as debits.
    ///
    /// Example: 16159.20 over [51, 91, 92, 92] days is
    /// [2527.97, 4510.70, 4560.27, 4560.26].
    ///
    /// The weights must be non-negative with a positive sum. The split is
    /// done in exact integer arithmetic; if the amount in cents times the
    /// weights does not fit in 128 bits, the result is
    /// [`AllocationError::TooLarge`].
    pub fn allocate(self, weights: &[Decimal]) -> Result<Vec<Money>, AllocationError> {
        let weights = integer_weights(weights)?;
        let total_weight = weights
            .iter()
            .try_fold(0u128, |sum, &weight| sum.checked_add(weight))
            .ok_or(AllocationError::TooLarge)?;
        if total_weight == 0 {
            return Err(AllocationError::ZeroTotalWeight);
        }

        // The mantissa of a scale-2 decimal is the amount in cents; it has at
        // most 96 bits, so its absolute value always fits in a u128.
        let total_cents = self.0.mantissa().unsigned_abs();

        // Each exact share is total_cents * weight / total_weight; split it
        // into whole cents (the quotient) and a remainder to rank the parts.
        let mut parts = Vec::with_capacity(weights.len());
        let mut remainders = Vec::with_capacity(weights.len());
        for &weight in &weights {
            let numerator = total_cents
                .checked_mul(weight)
                .ok_or(AllocationError::TooLarge)?;
            parts.push(numerator / total_weight);
            remainders.push(numerator % total_weight);
        }

        // The truncated shares fall short of the total by the sum of the
        // remainders divided by the total weight, which is fewer cents than
        // there are parts with a non-zero remainder.
        let handed_out: u128 = parts.iter().sum();
        let leftover = usize::try_from(total_cents - handed_out)
            .expect("the leftover is fewer cents than there are parts");

        // A stable sort on the remainder alone keeps equal remainders in
        // their original order, which gives ties to the earlier part.
        let mut order: Vec<usize> = (0..parts.len()).collect();
        order.sort_by(|&a, &b| remainders[b].cmp(&remainders[a]));
        for &index in order.iter().take(leftover) {
            parts[index] += 1;
        }

        let negative = self.is_negative();
        Ok(parts
            .into_iter()
            .map(|cents| {
                // Each part is at most the total, so it fits in an i128.
                let cents = i128::try_from(cents).expect("a part is at most the whole");
                let cents = if negative { -cents } else { cents };
                Money::from_decimal_cents(Decimal::from_i128_with_scale(cents, CENT_SCALE))
            })
            .collect())
    }

    /// The plain machine format for CSV and JSON: "1883.95", "-5.00",
    /// "0.00".
    pub fn plain(self) -> String {
        plain_decimal(self.0, CENT_SCALE)
    }

    /// The Dutch human format: "€ 1.883,95", "€ 0,00", "€ -358,85".
    pub fn dutch(self) -> String {
        written("€ ", self.0, CENT_SCALE, ',', Some('.'))
    }

    /// The English human format: "€1,883.95", "-€358.85".
    pub fn english(self) -> String {
        let sign = if self.is_negative() { "-€" } else { "€" };
        written(sign, self.0.abs(), CENT_SCALE, '.', Some(','))
    }

    /// Wraps a decimal that already has at most two decimals, setting its
    /// scale to exactly 2 and turning a negative zero into zero, so that
    /// equal amounts print the same.
    fn from_decimal_cents(mut value: Decimal) -> Money {
        debug_assert!(value.scale() <= CENT_SCALE, "money is whole cents");
        value.rescale(CENT_SCALE);
        if value.is_zero() {
            value.set_sign_positive(true);
        }
        Money(value)
    }
}

impl Add for Money {
    type Output = Money;

    fn add(self, other: Money) -> Money {
        Money::from_decimal_cents(self.0 + other.0)
    }
}

impl Sub for Money {
    type Output = Money;

    fn sub(self, other: Money) -> Money {
        Money::from_decimal_cents(self.0 - other.0)
    }
}

impl Neg for Money {
    type Output = Money;

    fn neg(self) -> Money {
        Money::from_decimal_cents(-self.0)
    }
}

impl AddAssign for Money {
    fn add_assign(&mut self, other: Money) {
        *self = *self + other;
    }
}

impl SubAssign for Money {
    fn sub_assign(&mut self, other: Money) {
        *self = *self - other;
    }
}

impl Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, Add::add)
    }
}

impl<'a> Sum<&'a Money> for Money {
    fn sum<I: Iterator<Item = &'a Money>>(iter: I) -> Money {
        iter.copied().sum()
    }
}

impl fmt::Display for Money {
    /// Writes the plain format, honouring width and alignment so amounts can
    /// be lined up in text tables.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(&self.plain())
    }
}

impl Serialize for Money {
    /// Serializes as the plain string ("1883.95") rather than a number, so
    /// that JSON readers never turn an amount into a float.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.plain())
    }
}

/// Formats a decimal quantity (hours, kilometres) with exactly `places`
/// decimals, rounded half away from zero, in the plain machine form: "31.50".
pub fn plain_decimal(value: Decimal, places: u32) -> String {
    written("", value, places, '.', None)
}

/// Formats a decimal quantity with exactly `places` decimals, rounded half
/// away from zero, in the Dutch form: "31,50", "1.234,50".
pub fn dutch_decimal(value: Decimal, places: u32) -> String {
    written("", value, places, ',', Some('.'))
}

/// Formats a decimal quantity with exactly `places` decimals, rounded half
/// away from zero, in the English form: "31.50", "1,234.50".
pub fn english_decimal(value: Decimal, places: u32) -> String {
    written("", value, places, '.', Some(','))
}

/// Parses a decimal that is not money (hours "10.5", a percentage "5",
/// kilometres "23.4") exactly.
///
/// Only plain decimals are accepted: an optional leading '-', digits, and
/// optionally a '.' followed by more digits. Exponents, decimal commas,
/// thousands separators, a '+' sign and surrounding spaces are all rejected,
/// because each of them hints at a value typed in another convention.
pub fn parse_decimal(text: &str) -> Result<Decimal, AmountError> {
    check_plain_decimal(text)?;
    let value = Decimal::from_str_exact(text).map_err(|_| AmountError::OutOfRange {
        text: text.to_owned(),
    })?;
    // A text such as "-0" would otherwise keep its sign and print as "-0".
    Ok(if value.is_zero() { value.abs() } else { value })
}

/// Checks that `text` is a plain decimal and returns its number of decimals.
fn check_plain_decimal(text: &str) -> Result<usize, AmountError> {
    if text.is_empty() {
        return Err(AmountError::Empty);
    }
    let not_a_decimal = || AmountError::NotADecimal {
        text: text.to_owned(),
    };
    let unsigned = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = match unsigned.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (unsigned, None),
    };
    let all_digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(whole) {
        return Err(not_a_decimal());
    }
    match fraction {
        None => Ok(0),
        Some(fraction) if all_digits(fraction) => Ok(fraction.len()),
        Some(_) => Err(not_a_decimal()),
    }
}

/// Converts the weights to integers with a common scale, divided by their
/// greatest common divisor so that the products in [`Money::allocate`] stay
/// as small as possible.
fn integer_weights(weights: &[Decimal]) -> Result<Vec<u128>, AllocationError> {
    if weights.is_empty() {
        return Err(AllocationError::NoParts);
    }
    if let Some((index, &weight)) = weights
        .iter()
        .enumerate()
        .find(|(_, weight)| weight.is_sign_negative() && !weight.is_zero())
    {
        return Err(AllocationError::NegativeWeight { index, weight });
    }

    // Dropping trailing zeros first keeps "1.50" and "2" at a common scale
    // of 1 rather than 2.
    let weights: Vec<Decimal> = weights.iter().map(Decimal::normalize).collect();
    let scale = weights.iter().map(Decimal::scale).max().unwrap_or(0);
    let mut integers = Vec::with_capacity(weights.len());
    for weight in &weights {
        let factor = 10u128
            .checked_pow(scale - weight.scale())
            .ok_or(AllocationError::TooLarge)?;
        let integer = weight
            .mantissa()
            .unsigned_abs()
            .checked_mul(factor)
            .ok_or(AllocationError::TooLarge)?;
        integers.push(integer);
    }

    let divisor = integers.iter().fold(0, |acc, &weight| gcd(acc, weight));
    if divisor > 1 {
        for weight in &mut integers {
            *weight /= divisor;
        }
    }
    Ok(integers)
}

/// The greatest common divisor, with gcd(0, n) = n.
fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// Rounds `value` to `places` decimals, half away from zero, and writes
/// it after `prefix` (a currency sign) with its sign, the digits before the point (with `group` between
/// each three, counted from the right: "1.234.567" with a '.'), `point`
/// and exactly `places` digits after it. A value that rounds to zero loses
/// its minus sign. Written from the integer digits in one string: amounts
/// are written for every line of every invoice.
fn written(prefix: &str, value: Decimal, places: u32, point: char, group: Option<char>) -> String {
    let mut rounded = value.round_dp_with_strategy(places, ROUNDING);
    rounded.rescale(places);
    let negative = rounded.is_sign_negative() && !rounded.is_zero();
    // The digits of the value without its point, as many after it as its
    // scale says, and at least one before it ("0.05"), as `Decimal`'s own
    // `Display` writes them.
    let scale = rounded.scale() as usize;
    let mut digits = rounded.mantissa().unsigned_abs().to_string();
    if digits.len() <= scale {
        digits.insert_str(0, &"0".repeat(scale + 1 - digits.len()));
    }
    let (whole, fraction) = digits.split_at(digits.len() - scale);
    let mut out = String::with_capacity(prefix.len() + digits.len() + digits.len() / 3 + 2);
    out.push_str(prefix);
    if negative {
        out.push('-');
    }
    for (position, digit) in whole.chars().enumerate() {
        if position > 0 && (whole.len() - position) % 3 == 0 {
            out.extend(group);
        }
        out.push(digit);
    }
    if !fraction.is_empty() {
        out.push(point);
        out.push_str(fraction);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    /// Shorthand for an amount written as a decimal literal with cents.
    fn money(value: Decimal) -> Money {
        let parsed = Money::round(value);
        assert_eq!(parsed.amount(), value, "test amounts are whole cents");
        parsed
    }

    #[test]
    fn round_is_half_away_from_zero_to_cents() {
        // The rounding table from the module specification.
        assert_eq!(Money::round(dec!(358.848)), money(dec!(358.85)));
        assert_eq!(Money::round(dec!(17.088)), money(dec!(17.09)));
        assert_eq!(Money::round(dec!(15.664)), money(dec!(15.66)));
        assert_eq!(Money::round(dec!(2.345)), money(dec!(2.35)));
        assert_eq!(Money::round(dec!(-2.345)), money(dec!(-2.35)));
        assert_eq!(Money::round(dec!(1813.5329)), money(dec!(1813.53)));
    }

    #[test]
    fn round_always_has_scale_two() {
        assert_eq!(Money::round(dec!(8000)).amount().scale(), 2);
        assert_eq!(Money::round(dec!(1.5)).plain(), "1.50");
        assert_eq!(Money::round(dec!(358.848)).amount().scale(), 2);
        // A tiny negative value rounds to zero, not to "-0.00".
        assert_eq!(Money::round(dec!(-0.001)).plain(), "0.00");
        assert!(!Money::round(dec!(-0.001)).is_negative());
    }

    #[test]
    fn cents_and_sign_helpers() {
        assert_eq!(Money::from_cents(188_395), money(dec!(1883.95)));
        assert_eq!(money(dec!(1883.95)).cents(), 188_395);
        assert_eq!(Money::from_cents(-500).cents(), -500);
        assert!(Money::ZERO.is_zero());
        assert!(Money::default().is_zero());
        assert_eq!(Money::default().plain(), "0.00");
        assert!(Money::from_cents(-1).is_negative());
        assert!(!Money::ZERO.is_negative());
        assert_eq!(Money::from_cents(-500).abs(), Money::from_cents(500));
    }

    #[test]
    fn arithmetic_stays_in_cents() {
        let mut total = Money::from_cents(1000);
        total += Money::from_cents(250);
        total -= Money::from_cents(50);
        assert_eq!(total, Money::from_cents(1200));
        assert_eq!(-total, Money::from_cents(-1200));
        assert_eq!(
            Money::from_cents(100) - Money::from_cents(300),
            Money::from_cents(-200)
        );
        // Negating zero must not produce a "-0.00".
        assert_eq!((-Money::ZERO).plain(), "0.00");
        let parts = [
            Money::from_cents(1),
            Money::from_cents(2),
            Money::from_cents(3),
        ];
        assert_eq!(parts.iter().sum::<Money>(), Money::from_cents(6));
        assert_eq!(parts.into_iter().sum::<Money>(), Money::from_cents(6));
        assert_eq!(
            Vec::<Money>::new().into_iter().sum::<Money>().plain(),
            "0.00"
        );
    }

    #[test]
    fn parse_accepts_plain_amounts() {
        assert_eq!(Money::parse("1234.56"), Ok(money(dec!(1234.56))));
        assert_eq!(Money::parse("16159.20"), Ok(money(dec!(16159.20))));
        assert_eq!(
            Money::parse("8000").map(Money::plain),
            Ok("8000.00".to_owned())
        );
        assert_eq!(Money::parse("-5.00"), Ok(Money::from_cents(-500)));
        assert_eq!(Money::parse("1.5").map(Money::plain), Ok("1.50".to_owned()));
        assert_eq!(Money::parse("-0").map(Money::plain), Ok("0.00".to_owned()));
    }

    #[test]
    fn parse_rejects_everything_else() {
        assert_eq!(Money::parse(""), Err(AmountError::Empty));
        for text in [
            "1,5", "1e3", "€5", " 5", "5 ", "+5", ".5", "5.", "-", "1.000,00", "--5",
        ] {
            assert_eq!(
                Money::parse(text),
                Err(AmountError::NotADecimal {
                    text: text.to_owned()
                }),
                "{text:?}"
            );
        }
        let error = Money::parse("1.005").unwrap_err();
        assert_eq!(
            error,
            AmountError::TooManyDecimals {
                text: "1.005".to_owned(),
                decimals: 3
            }
        );
        assert!(error
            .to_string()
            .contains("amounts have at most 2 decimals"));
    }

    #[test]
    fn parse_decimal_is_exact_and_plain() {
        assert_eq!(parse_decimal("10.5"), Ok(dec!(10.5)));
        assert_eq!(parse_decimal("5"), Ok(dec!(5)));
        assert_eq!(parse_decimal("23.4"), Ok(dec!(23.4)));
        assert_eq!(parse_decimal("-1.25"), Ok(dec!(-1.25)));
        assert_eq!(parse_decimal("0.333333333333"), Ok(dec!(0.333333333333)));
        assert_eq!(
            parse_decimal("1e2"),
            Err(AmountError::NotADecimal {
                text: "1e2".to_owned()
            })
        );
        assert_eq!(parse_decimal(""), Err(AmountError::Empty));
        assert!(parse_decimal("10,5").is_err());
        assert!(matches!(
            parse_decimal("123456789012345678901234567890"),
            Err(AmountError::OutOfRange { .. })
        ));
    }

    #[test]
    fn error_messages_are_lowercase_without_period() {
        let messages = [
            AmountError::Empty.to_string(),
            Money::parse("1,5").unwrap_err().to_string(),
            Money::parse("1.005").unwrap_err().to_string(),
            AllocationError::NoParts.to_string(),
            AllocationError::ZeroTotalWeight.to_string(),
            AllocationError::TooLarge.to_string(),
            Money::ZERO.allocate(&[dec!(-1)]).unwrap_err().to_string(),
        ];
        for message in messages {
            assert!(!message.ends_with('.'), "{message}");
            assert!(!message.starts_with(char::is_uppercase), "{message}");
        }
        assert_eq!(
            Money::ZERO
                .allocate(&[dec!(1), dec!(-2)])
                .unwrap_err()
                .to_string(),
            "weight -2 of part 2 is negative"
        );
    }

    #[test]
    fn allocate_ties_go_to_the_earlier_part() {
        // 10 cents over three equal parts: 3 each, remainders equal, the one
        // leftover cent goes to the first part.
        let parts = money(dec!(0.10))
            .allocate(&[dec!(1), dec!(1), dec!(1)])
            .unwrap();
        assert_eq!(
            parts,
            [money(dec!(0.04)), money(dec!(0.03)), money(dec!(0.03))]
        );

        // 10000 cents over three: 3333 each and one cent left for the first.
        let parts = money(dec!(100.00))
            .allocate(&[dec!(1), dec!(1), dec!(1)])
            .unwrap();
        assert_eq!(
            parts,
            [money(dec!(33.34)), money(dec!(33.33)), money(dec!(33.33))]
        );
    }

    #[test]
    fn allocate_mirrors_negative_amounts() {
        let parts = money(dec!(-16159.20))
            .allocate(&[dec!(51), dec!(91), dec!(92), dec!(92)])
            .unwrap();
        assert_eq!(
            parts,
            [
                money(dec!(-2527.97)),
                money(dec!(-4510.70)),
                money(dec!(-4560.27)),
                money(dec!(-4560.26)),
            ]
        );
        let parts = money(dec!(-0.10))
            .allocate(&[dec!(1), dec!(1), dec!(1)])
            .unwrap();
        assert_eq!(
            parts,
            [money(dec!(-0.04)), money(dec!(-0.03)), money(dec!(-0.03))]
        );
    }

    #[test]
    fn allocate_handles_zero_and_decimal_weights() {
        // A zero weight gets nothing, even when cents are left over.
        let parts = money(dec!(0.10))
            .allocate(&[dec!(1), dec!(0), dec!(2)])
            .unwrap();
        // Exact shares 3.33 and 6.67 cents: truncated 3 and 6, the leftover
        // cent goes to the larger remainder (0.67, the last part).
        assert_eq!(parts, [money(dec!(0.03)), Money::ZERO, money(dec!(0.07))]);

        // Weights 0.5 and 1.50 are the same split as 1 and 3.
        let parts = money(dec!(1.00))
            .allocate(&[dec!(0.5), dec!(1.50)])
            .unwrap();
        assert_eq!(parts, [money(dec!(0.25)), money(dec!(0.75))]);

        // Zero splits into zeros.
        let parts = Money::ZERO.allocate(&[dec!(1), dec!(2)]).unwrap();
        assert_eq!(parts, [Money::ZERO, Money::ZERO]);
    }

    #[test]
    fn allocate_rejects_bad_weights() {
        let amount = money(dec!(100.00));
        assert_eq!(amount.allocate(&[]), Err(AllocationError::NoParts));
        assert_eq!(
            amount.allocate(&[dec!(0), dec!(0)]),
            Err(AllocationError::ZeroTotalWeight)
        );
        assert_eq!(
            amount.allocate(&[dec!(1), dec!(-1), dec!(2)]),
            Err(AllocationError::NegativeWeight {
                index: 1,
                weight: dec!(-1)
            })
        );
        // Weights of wildly different scales cannot share one integer scale.
        assert_eq!(
            amount.allocate(&[Decimal::MAX, dec!(0.0000000001)]),
            Err(AllocationError::TooLarge)
        );
    }

    proptest! {
        #[test]
        fn allocate_sums_exactly_and_stays_within_a_cent(
            cents in -1_000_000_000i64..1_000_000_000,
            weights in prop::collection::vec(0u32..400, 1..12),
        ) {
            prop_assume!(weights.iter().any(|&weight| weight > 0));
            let whole = Money::from_cents(cents);
            let decimals: Vec<Decimal> = weights.iter().map(|&w| Decimal::from(w)).collect();
            let parts = whole.allocate(&decimals).unwrap();

            prop_assert_eq!(parts.len(), weights.len());
            prop_assert_eq!(parts.iter().sum::<Money>(), whole);

            // The exact share is cents * weight / total; compare it with the
            // part in integers, scaled by the total so no division is needed.
            let total = i128::from(weights.iter().sum::<u32>());
            for (part, &weight) in parts.iter().zip(&weights) {
                let scaled_part = i128::from(part.cents()) * total;
                let scaled_share = i128::from(cents) * i128::from(weight);
                prop_assert!((scaled_part - scaled_share).abs() < total);
            }
        }
    }

    /// The decimal as `Decimal`'s own `Display` writes it once rounded,
    /// grouped by hand: how the formats were made before they were written
    /// from the integer digits.
    fn by_display(value: Decimal, places: u32, point: &str, group: &str) -> String {
        let mut rounded = value.round_dp_with_strategy(places, ROUNDING);
        rounded.rescale(places);
        let sign = if rounded.is_sign_negative() && !rounded.is_zero() {
            "-"
        } else {
            ""
        };
        let digits = rounded.abs().to_string();
        let (whole, fraction) = digits.split_once('.').unwrap_or((&digits, ""));
        let mut grouped = String::new();
        for (k, d) in whole.chars().enumerate() {
            if k > 0 && (whole.len() - k) % 3 == 0 {
                grouped.push_str(group);
            }
            grouped.push(d);
        }
        match fraction {
            "" => format!("{sign}{grouped}"),
            f => format!("{sign}{grouped}{point}{f}"),
        }
    }

    proptest! {
        #[test]
        fn the_formats_write_what_display_writes(
            mantissa in any::<i64>(),
            scale in 0u32..12,
            places in 0u32..5,
        ) {
            let value = Decimal::new(mantissa, scale);
            prop_assert_eq!(dutch_decimal(value, places), by_display(value, places, ",", "."));
            prop_assert_eq!(english_decimal(value, places), by_display(value, places, ".", ","));
            prop_assert_eq!(plain_decimal(value, places), by_display(value, places, ".", ""));
            let m = Money::round(value);
            prop_assert_eq!(m.dutch(), format!("€ {}", by_display(m.0, 2, ",", ".")));
            let sign = if m.is_negative() { "-" } else { "" };
            prop_assert_eq!(m.english(), format!("{sign}€{}", by_display(m.0.abs(), 2, ".", ",")));
        }
    }

    #[test]
    fn small_and_rounded_values_keep_a_digit_before_the_point() {
        assert_eq!(dutch_decimal(dec!(0.05), 2), "0,05");
        assert_eq!(dutch_decimal(dec!(-0.004), 2), "0,00");
        assert_eq!(dutch_decimal(dec!(-0.005), 2), "-0,01");
        assert_eq!(english_decimal(dec!(999.995), 2), "1,000.00");
        assert_eq!(plain_decimal(dec!(1234567), 0), "1234567");
        assert_eq!(dutch_decimal(dec!(1234567.5), 0), "1.234.568");
    }

    #[test]
    fn money_formats() {
        assert_eq!(money(dec!(1883.95)).dutch(), "€ 1.883,95");
        assert_eq!(money(dec!(16159.20)).dutch(), "€ 16.159,20");
        assert_eq!(money(dec!(-358.85)).dutch(), "€ -358,85");
        assert_eq!(Money::ZERO.dutch(), "€ 0,00");
        assert_eq!(money(dec!(1000000.00)).dutch(), "€ 1.000.000,00");
        assert_eq!(money(dec!(1883.95)).english(), "€1,883.95");
        assert_eq!(money(dec!(16159.20)).english(), "€16,159.20");
        assert_eq!(money(dec!(-358.85)).english(), "-€358.85");
        assert_eq!(money(dec!(1883.95)).plain(), "1883.95");
        assert_eq!(Money::from_cents(-500).plain(), "-5.00");
        assert_eq!(Money::ZERO.plain(), "0.00");
        assert_eq!(money(dec!(1883.95)).to_string(), "1883.95");
        assert_eq!(format!("{:>8}", Money::from_cents(-500)), "   -5.00");
    }

    #[test]
    fn money_serializes_as_a_plain_string() {
        assert_eq!(
            serde_json::to_string(&money(dec!(1883.95))).unwrap(),
            "\"1883.95\""
        );
        assert_eq!(serde_json::to_string(&Money::ZERO).unwrap(), "\"0.00\"");
    }

    #[test]
    fn decimal_formats() {
        // 31.838709677 rounds to 31.84 (the third decimal is 8).
        assert_eq!(dutch_decimal(dec!(31.838709677), 2), "31,84");
        assert_eq!(plain_decimal(dec!(31.5), 2), "31.50");
        assert_eq!(english_decimal(dec!(1234.5), 2), "1,234.50");
        assert_eq!(dutch_decimal(dec!(1234.5), 2), "1.234,50");
        assert_eq!(plain_decimal(dec!(2.345), 2), "2.35");
        assert_eq!(plain_decimal(dec!(-2.345), 2), "-2.35");
        assert_eq!(plain_decimal(dec!(-0.001), 2), "0.00");
        assert_eq!(plain_decimal(dec!(7.5), 0), "8");
        assert_eq!(dutch_decimal(dec!(1234567), 0), "1.234.567");
        assert_eq!(english_decimal(dec!(-1234.5), 1), "-1,234.5");
        assert_eq!(dutch_decimal(dec!(123), 1), "123,0");
    }
}
