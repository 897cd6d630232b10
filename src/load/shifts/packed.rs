//! A kept row's values in eight bytes each. A busy day of a large log keeps
//! tens of thousands of rows, so the hours, the km, and the times with the
//! supervisors that a row check holds for each are packed: inline when they
//! fit, as every value a log writes in its usual form does, and otherwise
//! as the index of the value in a list beside the day's rows, which then
//! holds it whole.
//!
//! A kept value is compared with a row's by its bits where both are inline
//! and agree, and by value otherwise, so that `3.0` and `3.00` hours are
//! the same without the cost of normalizing every row.

use chrono::{NaiveTime, Timelike};
use rust_decimal::Decimal;

use crate::core::activity::Shift;

/// The bit of a kept value that marks it wide: the rest is its index.
const WIDE: u64 = 1 << 63;

/// A value that packs into the 63 bits below [`WIDE`] when it fits.
pub trait Pack: Copy + PartialEq {
    /// The value's bits, when it fits.
    fn packed(self) -> Option<u64>;
    /// The value whose bits `packed` gave.
    fn from_packed(bits: u64) -> Self;
}

/// `value` as kept: its bits `packed` (from [`Pack::packed`]), or its index
/// after it is put in `wide`.
pub fn keep<T: Pack>(value: T, packed: Option<u64>, wide: &mut Vec<T>) -> u64 {
    packed.unwrap_or_else(|| {
        wide.push(value);
        WIDE | (wide.len() - 1) as u64
    })
}

/// The value that `bits` (from [`keep`], with its `wide` values) stand for.
pub fn value_of<T: Pack>(bits: u64, wide: &[T]) -> T {
    if bits & WIDE != 0 {
        wide[(bits & !WIDE) as usize]
    } else {
        T::from_packed(bits)
    }
}

/// Whether the kept `bits` hold `value`, whose bits are `packed`.
pub fn holds<T: Pack>(bits: u64, wide: &[T], value: T, packed: Option<u64>) -> bool {
    packed == Some(bits) || value_of(bits, wide) == value
}

/// The most a mantissa packs inline: 56 bits, beside its sign and a scale
/// of at most 28 (five bits).
const MANTISSA_BITS: u32 = 56;

/// A decimal packs as it stands (not normalized): scale, sign, mantissa.
impl Pack for Decimal {
    fn packed(self) -> Option<u64> {
        let bytes = self.serialize();
        let word =
            |i: usize| u32::from_le_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]);
        let (flags, lo, mid, hi) = (word(0), word(4), word(8), word(12));
        if hi != 0 || mid >> (MANTISSA_BITS - 32) != 0 {
            return None;
        }
        let scale = u64::from(self.scale());
        let negative = u64::from(flags >> 31);
        Some(scale << 57 | negative << 56 | u64::from(mid) << 32 | u64::from(lo))
    }

    fn from_packed(bits: u64) -> Decimal {
        let mantissa = bits & ((1 << MANTISSA_BITS) - 1);
        Decimal::from_parts(
            mantissa as u32,
            (mantissa >> 32) as u32,
            0,
            bits >> 56 & 1 == 1,
            (bits >> 57) as u32,
        )
    }
}

/// The bit of packed times that says the row has a shift.
const TIMED: u64 = 1 << 62;

/// Seconds of a day fit in this many bits.
const SECOND_BITS: u32 = 17;

/// Where the supervisors go in packed times: above the two seconds.
const CREW_SHIFT: u32 = 2 * SECOND_BITS;

/// The bits of the supervisors in packed times: 0 without a column, else
/// the count plus one, for counts below `2^28 - 1` (the loader's are 1 to
/// 10).
const CREW_BITS: u32 = 62 - CREW_SHIFT;

/// A row's shift and its supervisors, packed together.
pub type Crew = (Option<Shift>, Option<u32>);

/// A row's shift packs in the low bits as 0 without one, and as its start
/// and end in seconds from midnight when both are whole seconds (the
/// loader's are whole minutes); its supervisors go above them. A fraction
/// of a second, a leap second or a count of supervisors too large for its
/// bits is wide. Equal values pack the same, so the bits can go into a
/// row's key.
impl Pack for Crew {
    fn packed(self) -> Option<u64> {
        let crew = match self.1 {
            None => 0,
            Some(n) => u64::from(n) + 1,
        };
        if crew >> CREW_BITS != 0 {
            return None;
        }
        let times = match self.0 {
            None => 0,
            Some(s) => {
                let (start, end) = (whole_seconds(s.start)?, whole_seconds(s.end)?);
                TIMED | u64::from(start) << SECOND_BITS | u64::from(end)
            }
        };
        Some(crew << CREW_SHIFT | times)
    }

    fn from_packed(bits: u64) -> Crew {
        let crew = bits >> CREW_SHIFT & ((1 << CREW_BITS) - 1);
        let supervisors = crew.checked_sub(1).map(|n| n as u32);
        if bits & TIMED == 0 {
            return (None, supervisors);
        }
        let mask = (1 << SECOND_BITS) - 1;
        let time = |secs: u64| {
            NaiveTime::from_num_seconds_from_midnight_opt(secs as u32, 0)
                .expect("packed from the seconds of a time")
        };
        let shift = Shift {
            start: time(bits >> SECOND_BITS & mask),
            end: time(bits & mask),
        };
        (Some(shift), supervisors)
    }
}

fn whole_seconds(t: NaiveTime) -> Option<u32> {
    (t.nanosecond() == 0).then(|| t.num_seconds_from_midnight())
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use chrono::NaiveTime;
    use proptest::prelude::*;
    use rust_decimal::Decimal;

    use super::{holds, keep, value_of, Crew, Pack};
    use crate::core::activity::Shift;

    /// Keeps `a`, then asks whether what was kept holds `b`, and that it
    /// gives `a` back.
    fn same<T: Pack + std::fmt::Debug>(a: T, b: T) -> bool {
        let mut wide = Vec::new();
        let bits = keep(a, a.packed(), &mut wide);
        assert_eq!(value_of(bits, &wide), a);
        holds(bits, &wide, b, b.packed())
    }

    fn decimal() -> impl Strategy<Value = Decimal> {
        prop_oneof![
            (any::<i64>(), 0u32..=28).prop_map(|(m, s)| Decimal::new(m, s)),
            (any::<i32>(), 0u32..=20).prop_map(|(m, s)| Decimal::new(i64::from(m), s)),
            (
                any::<u32>(),
                any::<u32>(),
                any::<u32>(),
                any::<bool>(),
                0u32..=28
            )
                .prop_map(|(lo, mid, hi, neg, s)| Decimal::from_parts(lo, mid, hi, neg, s)),
        ]
    }

    proptest! {
        /// A kept decimal holds another exactly when the two are equal,
        /// whatever their scales and widths.
        #[test]
        fn a_kept_number_holds_the_equal_ones(a in decimal(), b in decimal(), zeros in 0u32..20) {
            prop_assert_eq!(same(a, b), a == b);
            // The same value written with more trailing zeros.
            let mut longer = a;
            longer.rescale((a.scale() + zeros).min(28));
            if longer == a {
                prop_assert!(same(a, longer));
                prop_assert!(same(longer, a));
            }
        }
    }

    #[test]
    fn usual_values_are_inline_and_wide_ones_kept_whole() {
        let d = |s: &str| Decimal::from_str(s).unwrap();
        for s in [
            "0",
            "3.50",
            "240",
            "5000.000",
            "-0.00",
            "0.0000000000000000000000000001",
        ] {
            let back = Decimal::from_packed(d(s).packed().expect(s));
            assert_eq!((back, back.scale()), (d(s), d(s).scale()), "{s}");
        }
        assert!(same(d("-0.00"), d("0")));
        assert!(same(d("3.50"), d("3.5000000000000000000000")));
        assert!(same(d("3.5000000000000000000000"), d("3.50")));
        let wide = d("79228162514264337593543950335");
        assert_eq!(wide.packed(), None);
        assert!(same(wide, wide));
        assert!(!same(wide, d("1")));
        assert!(!same(d("1"), wide));
    }

    #[test]
    fn shifts_and_crews_are_kept_as_themselves() {
        let t = |h, m, s, n| NaiveTime::from_hms_nano_opt(h, m, s, n).unwrap();
        let shift = |start, end| Some(Shift { start, end });
        let shifts = [
            shift(t(0, 0, 0, 0), t(23, 59, 59, 0)),
            shift(t(7, 30, 0, 0), t(16, 0, 0, 0)),
            shift(t(7, 30, 0, 5), t(16, 0, 0, 0)),
            shift(t(22, 0, 0, 0), t(23, 59, 59, 1_500_000_000)),
            None,
        ];
        let crews = [
            None,
            Some(0),
            Some(1),
            Some(10),
            Some((1 << 28) - 2),
            Some((1 << 28) - 1),
            Some(u32::MAX),
        ];
        let all: Vec<Crew> = shifts
            .iter()
            .flat_map(|&s| crews.iter().map(move |&n| (s, n)))
            .collect();
        let mut wide = Vec::new();
        for &c in &all {
            let bits = keep(c, c.packed(), &mut wide);
            assert_eq!(value_of(bits, &wide), c);
            for &other in &all {
                assert_eq!(holds(bits, &wide, other, other.packed()), other == c);
            }
        }
        // Wide: the two shifts with a fraction of a second, with every
        // count, and the two counts too large for their bits (from 2^28 - 1)
        // with each of the other three shifts.
        assert_eq!(wide.len(), 2 * crews.len() + 2 * 3);
    }
}
