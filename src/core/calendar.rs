//! Dates: calendar arithmetic, periods, deadline wording (typed; the words
//! are the report's, in `report::lang`) and Dutch public holidays.
//! Billing periods (months, quarters, half-years, years) are in `core::period`.
//!
//! Agreements express their terms in calendar language ("within three months
//! after", "before 1 September", "per quarter"), so this module turns that
//! language into exact dates. Everything here is pure: no I/O and no clock,
//! so "today" is always something the caller passes in.
//!
//! Periods are inclusive on both ends because that is how agreements state
//! them: "1 January up to and including 31 December" is a whole year.

use std::fmt;

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use thiserror::Error;

/// The earliest year any input may name (a quarter, a `--year`, a TOML
/// year): earlier is a typing error, not an agreement.
pub const MIN_PARSED_YEAR: i32 = 1900;
/// The latest year any input may name.
pub const MAX_PARSED_YEAR: i32 = 2200;

/// Whether `year` lies in the range every input keeps to.
pub fn year_in_range(year: i32) -> bool {
    (MIN_PARSED_YEAR..=MAX_PARSED_YEAR).contains(&year)
}

/// The last day any date may fall on: 31 December of [`MAX_PARSED_YEAR`].
pub fn last_parsed_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(MAX_PARSED_YEAR, 12, 31).expect("31 December exists")
}

/// How messages name the range: `outside the years 1900 to 2200`.
pub fn years_wording() -> String {
    format!("outside the years {MIN_PARSED_YEAR} to {MAX_PARSED_YEAR}")
}

// Holiday names are constants so that the lookup and the yearly list can never
// spell a name differently.
const NIEUWJAARSDAG: &str = "Nieuwjaarsdag";
const GOEDE_VRIJDAG: &str = "Goede Vrijdag";
const EERSTE_PAASDAG: &str = "Eerste Paasdag";
const TWEEDE_PAASDAG: &str = "Tweede Paasdag";
const KONINGSDAG: &str = "Koningsdag";
const KONINGINNEDAG: &str = "Koninginnedag";
const BEVRIJDINGSDAG: &str = "Bevrijdingsdag";
const HEMELVAARTSDAG: &str = "Hemelvaartsdag";
const EERSTE_PINKSTERDAG: &str = "Eerste Pinksterdag";
const TWEEDE_PINKSTERDAG: &str = "Tweede Pinksterdag";
const EERSTE_KERSTDAG: &str = "Eerste Kerstdag";
const TWEEDE_KERSTDAG: &str = "Tweede Kerstdag";
/// Ascension Day falls on 5 May whenever Easter is on 27 March (2016, 2157),
/// and a deadline on such a day should name both reasons.
const HEMELVAARTSDAG_EN_BEVRIJDINGSDAG: &str = "Hemelvaartsdag en Bevrijdingsdag";

// ---------------------------------------------------------------------------
// Month arithmetic
// ---------------------------------------------------------------------------

/// Adds whole calendar months, keeping the day number or clamping to the last
/// day of the target month: 2010-08-31 + 6 = 2011-02-28, 2011-08-31 + 6 = 2012-02-29,
/// 2010-02-09 + 3 = 2010-05-09, 2010-06-30 + 6 = 2010-12-30. chrono's
/// `checked_add_months` clamps exactly so.
///
/// # Panics
///
/// Panics if the result lies outside the range of dates chrono can represent;
/// the loaders keep every date and month count far from it.
pub fn add_months(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_add_months(Months::new(months))
        .expect("month arithmetic left the range of representable dates")
}

/// Subtracts whole calendar months with the same clamping as [`add_months`]:
/// 2011-02-28 - 6 = 2010-08-28 and 2010-05-31 - 1 = 2010-04-30.
///
/// # Panics
///
/// Panics if the result lies outside the range of dates chrono can represent.
pub fn sub_months(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_sub_months(Months::new(months))
        .expect("month arithmetic left the range of representable dates")
}

/// Whether `year` is a leap year in the proleptic Gregorian calendar.
fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// The number of days in a month: 28 to 31.
///
/// # Panics
///
/// Panics if `month` is not in 1..=12.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => panic!("month {month} is not in 1..=12"),
    }
}

/// The last day of a month, such as 2012-02-29 for February 2012.
///
/// # Panics
///
/// Panics if `month` is not in 1..=12 or the year is outside chrono's range.
pub fn last_day_of_month(year: i32, month: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, days_in_month(year, month))
        .expect("year is outside the range of representable dates")
}

/// The first day of a month.
///
/// # Panics
///
/// Panics if `month` is not in 1..=12 or the year is outside chrono's range.
fn first_day_of_month(year: i32, month: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, 1).expect("month or year is out of range")
}

// ---------------------------------------------------------------------------
// Periods
// ---------------------------------------------------------------------------

/// A period whose end lies before its start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("end {end} is before start {start}")]
pub struct PeriodError {
    /// The first day the caller asked for.
    pub start: NaiveDate,
    /// The last day the caller asked for, which lies before `start`.
    pub end: NaiveDate,
}

/// An inclusive range of dates (both ends count). Invariant start <= end.
///
/// The derived ordering sorts by start and then by end, which is
/// chronological order for periods that do not overlap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Period {
    start: NaiveDate,
    end: NaiveDate,
}

impl Period {
    /// A period from `start` up to and including `end`. A single day is a
    /// valid period (start equals end); an end before the start is an error.
    pub fn new(start: NaiveDate, end: NaiveDate) -> Result<Period, PeriodError> {
        if end < start {
            Err(PeriodError { start, end })
        } else {
            Ok(Period { start, end })
        }
    }

    /// The first day of the period.
    pub fn start(&self) -> NaiveDate {
        self.start
    }

    /// The last day of the period; it is part of the period.
    pub fn end(&self) -> NaiveDate {
        self.end
    }

    /// The number of days in the period, counting both ends:
    /// 2010-02-09 ..= 2010-12-31 is 326 days and a single day is 1.
    pub fn days(&self) -> u32 {
        let span = self.end.signed_duration_since(self.start).num_days() + 1;
        // The widest period chrono can hold is about 191 million days, so the
        // count always fits; the invariant also keeps it positive.
        u32::try_from(span).expect("a period's day count fits in u32")
    }

    /// Whether `d` lies in the period, ends included.
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.start <= d && d <= self.end
    }

    /// The days both periods share, or `None` when they do not overlap.
    pub fn intersect(&self, other: &Period) -> Option<Period> {
        let start = self.start.max(other.start);
        let end = self.end.min(other.end);
        Period::new(start, end).ok()
    }

    /// The calendar year: 1 January ..= 31 December.
    ///
    /// # Panics
    ///
    /// Panics if the year is outside chrono's range.
    pub fn year(year: i32) -> Period {
        Period {
            start: first_day_of_month(year, 1),
            end: last_day_of_month(year, 12),
        }
    }

    /// The calendar month: its first ..= its last day.
    ///
    /// # Panics
    ///
    /// Panics if `month` is not in 1..=12 or the year is outside chrono's range.
    pub fn month(year: i32, month: u32) -> Period {
        Period {
            start: first_day_of_month(year, month),
            end: last_day_of_month(year, month),
        }
    }

    /// The calendar months this period touches, each with the part of it covered:
    /// (year, month, covered Period). 2018-07-01..=2018-10-01 gives Jul, Aug, Sep full and Oct 1..=1.
    pub fn months(&self) -> Vec<(i32, u32, Period)> {
        let mut result = Vec::new();
        let mut year = self.start.year();
        let mut month = self.start.month();
        loop {
            let covered = self
                .intersect(&Period::month(year, month))
                .expect("every month from start to end overlaps the period");
            result.push((year, month, covered));
            if covered.end == self.end {
                return result;
            }
            // The period continues past this month, so the next month exists
            // within chrono's range and the loop makes progress.
            if month == 12 {
                year += 1;
                month = 1;
            } else {
                month += 1;
            }
        }
    }
}

impl fmt::Display for Period {
    /// Writes "2010-02-09 – 2010-12-31", with an en dash between the ends.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} – {}", self.start, self.end)
    }
}

// ---------------------------------------------------------------------------
// Deadline wording
// ---------------------------------------------------------------------------

/// How an agreement words a deadline; each resolves to the last day on which the act is on time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wording {
    /// "vóór D": the act must happen before D, so the last day is D - 1 day.
    Before(NaiveDate),
    /// "uiterlijk D": D itself is still on time.
    NoLaterThan(NaiveDate),
    /// "tot en met D": D itself is still on time.
    UpToAndIncluding(NaiveDate),
    /// "binnen N maanden na D": the last day is `add_months(D, N)`.
    WithinMonthsAfter {
        /// The number of calendar months allowed.
        months: u32,
        /// The date the months are counted from.
        anchor: NaiveDate,
    },
}

impl Wording {
    /// The last day on which the act is on time.
    ///
    /// # Panics
    ///
    /// Panics if that day lies outside the range of dates chrono can represent.
    pub fn last_day(&self) -> NaiveDate {
        match *self {
            Wording::Before(date) => date
                .pred_opt()
                .expect("the day before the deadline is representable"),
            Wording::NoLaterThan(date) | Wording::UpToAndIncluding(date) => date,
            Wording::WithinMonthsAfter { months, anchor } => add_months(anchor, months),
        }
    }
}

// ---------------------------------------------------------------------------
// Holidays and working days
// ---------------------------------------------------------------------------

/// Easter Sunday in the Gregorian calendar, by the anonymous Gregorian
/// algorithm (Meeus/Jones/Butcher). The result is only historically
/// meaningful from 1583, when the Gregorian calendar began.
///
/// # Panics
///
/// Panics if the year is outside chrono's range.
pub fn easter_sunday(year: i32) -> NaiveDate {
    // Euclidean division keeps every step well defined for negative years too;
    // for positive years it equals the plain integer division of the algorithm.
    let a = year.rem_euclid(19);
    let b = year.div_euclid(100);
    let c = year.rem_euclid(100);
    let d = b.div_euclid(4);
    let e = b.rem_euclid(4);
    let f = (b + 8).div_euclid(25);
    let g = (b - f + 1).div_euclid(3);
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l) / 451;
    let n = h + l - 7 * m + 114;
    let month = u32::try_from(n / 31).expect("easter month is 3 or 4");
    let day = u32::try_from(n % 31 + 1).expect("easter day is positive");
    NaiveDate::from_ymd_opt(year, month, day).expect("year is outside chrono's range")
}

/// The King's or Queen's Day of `year`, with its name. The royal birthday is
/// moved a day earlier when it falls on a Sunday.
fn royal_day(year: i32) -> (NaiveDate, &'static str) {
    let (day, name) = if year >= 2014 {
        (27, KONINGSDAG)
    } else {
        (30, KONINGINNEDAG)
    };
    let date = NaiveDate::from_ymd_opt(year, 4, day).expect("year is outside chrono's range");
    if date.weekday() == Weekday::Sun {
        (date.pred_opt().expect("april has an earlier day"), name)
    } else {
        (date, name)
    }
}

/// The holidays whose date depends on Easter, as day offsets from Easter Sunday.
const EASTER_HOLIDAYS: [(i64, &str); 6] = [
    (-2, GOEDE_VRIJDAG),
    (0, EERSTE_PAASDAG),
    (1, TWEEDE_PAASDAG),
    (39, HEMELVAARTSDAG),
    (49, EERSTE_PINKSTERDAG),
    (50, TWEEDE_PINKSTERDAG),
];

/// Every Dutch public holiday of `year` with its name, sorted by date.
///
/// The list always has eleven entries. Two of them share a date when Ascension
/// Day falls on 5 May (as in 2016), so the number of distinct dates can be ten.
///
/// # Panics
///
/// Panics if the year is outside chrono's range.
pub fn dutch_holidays(year: i32) -> Vec<(NaiveDate, &'static str)> {
    let ymd = |month, day| {
        NaiveDate::from_ymd_opt(year, month, day).expect("year is outside chrono's range")
    };
    let easter = easter_sunday(year);
    let mut holidays = vec![
        (ymd(1, 1), NIEUWJAARSDAG),
        royal_day(year),
        (ymd(5, 5), BEVRIJDINGSDAG),
        (ymd(12, 25), EERSTE_KERSTDAG),
        (ymd(12, 26), TWEEDE_KERSTDAG),
    ];
    holidays.extend(
        EASTER_HOLIDAYS
            .iter()
            .map(|&(offset, name)| (offset_days(easter, offset), name)),
    );
    holidays.sort();
    holidays
}

/// `date` moved by a small signed number of days.
fn offset_days(date: NaiveDate, offset: i64) -> NaiveDate {
    let days = Days::new(offset.unsigned_abs());
    if offset < 0 {
        date.checked_sub_days(days)
    } else {
        date.checked_add_days(days)
    }
    .expect("a holiday lies within chrono's range")
}

/// Dutch public holidays (the days on which a contractual deadline gets flagged).
/// Returns the Dutch name, or None. Covers: Nieuwjaarsdag (1 Jan), Goede Vrijdag (Easter - 2),
/// Eerste Paasdag (Easter Sunday), Tweede Paasdag (Easter + 1), Koningsdag (27 April, or 26 April
/// when 27 April is a Sunday; from 2014 on), Koninginnedag (30 April, or 29 April when the 30th is
/// a Sunday; up to and including 2013), Bevrijdingsdag (5 May, every year), Hemelvaartsdag
/// (Easter + 39), Eerste Pinksterdag (Easter + 49), Tweede Pinksterdag (Easter + 50),
/// Eerste Kerstdag (25 Dec), Tweede Kerstdag (26 Dec).
///
/// When Ascension Day falls on 5 May (as in 2016) the name is
/// "Hemelvaartsdag en Bevrijdingsdag", so that neither reason is lost.
/// The rules are those in force since 2014 (and for Koninginnedag, those of
/// 1980 to 2013); earlier years are computed with the same rules.
pub fn dutch_holiday(date: NaiveDate) -> Option<&'static str> {
    let mut names = dutch_holidays(date.year())
        .into_iter()
        .filter(|&(day, _)| day == date)
        .map(|(_, name)| name);
    let first = names.next()?;
    match (first, names.next()) {
        (_, None) => Some(first),
        // The list is sorted by date and then by name, so Bevrijdingsdag comes
        // before Hemelvaartsdag. No other pair of holidays can share a date,
        // because Easter lies between 22 March and 25 April.
        (BEVRIJDINGSDAG, Some(HEMELVAARTSDAG)) => Some(HEMELVAARTSDAG_EN_BEVRIJDINGSDAG),
        (_, Some(_)) => Some(first),
    }
}

/// Whether the date is a Saturday or a Sunday.
pub fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// Whether the date is a working day: neither weekend nor public holiday.
pub fn is_working_day(date: NaiveDate) -> bool {
    !is_weekend(date) && dutch_holiday(date).is_none()
}

/// The first working day on or after `date`; a working day maps to itself.
///
/// # Panics
///
/// Panics only at the very end of chrono's date range.
pub fn next_working_day(date: NaiveDate) -> NaiveDate {
    // At most a handful of days are skipped (Easter gives the longest run:
    // Friday to Monday), so the loop is short.
    let mut day = date;
    while !is_working_day(day) {
        day = day.succ_opt().expect("a later day is representable");
    }
    day
}

/// Why a date is not a working day. Holiday names are data, not words of a
/// report: they are the official names of the Dutch calendar, which every
/// language of the reports writes as they are (as it writes `Art. 12`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NonWorking {
    /// A Dutch public holiday, by its official name.
    Holiday(&'static str),
    /// A Saturday or a Sunday.
    Weekend(Weekday),
}

/// Why a date is not a working day: a weekend day or a holiday; None on a
/// working day.
///
/// A holiday that falls in a weekend (such as Eerste Paasdag, always a Sunday)
/// is reported as the holiday, because that is the more telling reason.
pub fn non_working_reason(date: NaiveDate) -> Option<NonWorking> {
    if let Some(name) = dutch_holiday(date) {
        Some(NonWorking::Holiday(name))
    } else if is_weekend(date) {
        Some(NonWorking::Weekend(date.weekday()))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::period::{BillingPeriod, Rhythm};

    /// A date from literal numbers; the tests only use valid ones.
    fn d(year: i32, month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, month, day).expect("valid test date")
    }

    fn p(start: NaiveDate, end: NaiveDate) -> Period {
        Period::new(start, end).expect("valid test period")
    }

    // --- Month arithmetic ----------------------------------------------------

    #[test]
    fn add_months_keeps_the_day_or_clamps_to_the_month_end() {
        // 2011 is not a leap year, so 31 August + 6 months clamps to 28 February.
        assert_eq!(add_months(d(2010, 8, 31), 6), d(2011, 2, 28));
        // 2012 is a leap year, so the clamp stops at 29 February.
        assert_eq!(add_months(d(2011, 8, 31), 6), d(2012, 2, 29));
        assert_eq!(add_months(d(2010, 2, 9), 3), d(2010, 5, 9));
        assert_eq!(add_months(d(2010, 6, 30), 6), d(2010, 12, 30));
        // Crossing the year boundary.
        assert_eq!(add_months(d(2010, 7, 1), 6), d(2011, 1, 1));
        assert_eq!(add_months(d(2018, 1, 31), 1), d(2018, 2, 28));
        assert_eq!(add_months(d(2019, 12, 31), 2), d(2020, 2, 29));
        assert_eq!(add_months(d(2019, 12, 31), 0), d(2019, 12, 31));
        assert_eq!(add_months(d(2010, 1, 15), 24), d(2012, 1, 15));
    }

    #[test]
    fn sub_months_clamps_the_same_way() {
        assert_eq!(sub_months(d(2011, 2, 28), 6), d(2010, 8, 28));
        assert_eq!(sub_months(d(2010, 5, 31), 1), d(2010, 4, 30));
        assert_eq!(sub_months(d(2012, 3, 31), 1), d(2012, 2, 29));
        assert_eq!(sub_months(d(2011, 1, 15), 13), d(2009, 12, 15));
    }

    #[test]
    fn days_in_month_follows_the_gregorian_leap_rule() {
        assert_eq!(days_in_month(2010, 1), 31);
        assert_eq!(days_in_month(2010, 4), 30);
        assert_eq!(days_in_month(2010, 2), 28);
        assert_eq!(days_in_month(2012, 2), 29);
        // 1900 is divisible by 100 but not by 400; 2000 is divisible by 400.
        assert_eq!(days_in_month(1900, 2), 28);
        assert_eq!(days_in_month(2000, 2), 29);
        assert_eq!(last_day_of_month(2012, 2), d(2012, 2, 29));
        assert_eq!(last_day_of_month(2018, 12), d(2018, 12, 31));
    }

    // --- Periods -------------------------------------------------------------

    #[test]
    fn period_rejects_an_end_before_its_start() {
        let err = Period::new(d(2018, 2, 1), d(2018, 1, 1)).unwrap_err();
        assert_eq!(
            err,
            PeriodError {
                start: d(2018, 2, 1),
                end: d(2018, 1, 1)
            }
        );
        assert_eq!(err.to_string(), "end 2018-01-01 is before start 2018-02-01");
        // A single day is a valid period of one day.
        assert_eq!(p(d(2018, 1, 1), d(2018, 1, 1)).days(), 1);
    }

    #[test]
    fn period_days_counts_both_ends() {
        // February 9..=28 is 20 days, then 31+30+31+30+31+31+30+31+30+31 = 306.
        let period = p(d(2010, 2, 9), d(2010, 12, 31));
        assert_eq!(period.days(), 326);
        assert_eq!(Period::year(2010).days(), 365);
        assert_eq!(Period::year(2012).days(), 366);
        assert_eq!(Period::month(2012, 2).days(), 29);
    }

    #[test]
    fn quarters_of_2010_split_a_partial_year() {
        let period = p(d(2010, 2, 9), d(2010, 12, 31));
        let days: Vec<u32> = BillingPeriod::in_year(Rhythm::Quarter, 2010)
            .iter()
            .map(|q| q.period().intersect(&period).expect("overlaps").days())
            .collect();
        // Q1: 20 days of February and 31 of March; Q2: 30+31+30;
        // Q3: 31+31+30; Q4: 31+30+31.
        assert_eq!(days, vec![51, 91, 92, 92]);
        assert_eq!(days.iter().sum::<u32>(), 326);
    }

    #[test]
    fn period_contains_and_intersect() {
        let period = p(d(2018, 3, 1), d(2018, 3, 31));
        assert!(period.contains(d(2018, 3, 1)));
        assert!(period.contains(d(2018, 3, 31)));
        assert!(!period.contains(d(2018, 2, 28)));
        assert!(!period.contains(d(2018, 4, 1)));
        // Periods that touch on a single day share that day.
        let touching = p(d(2018, 3, 31), d(2018, 4, 30));
        assert_eq!(
            period.intersect(&touching),
            Some(p(d(2018, 3, 31), d(2018, 3, 31)))
        );
        let disjoint = p(d(2018, 4, 1), d(2018, 4, 30));
        assert_eq!(period.intersect(&disjoint), None);
        assert_eq!(Period::year(2018).intersect(&period), Some(period));
    }

    #[test]
    fn period_months_lists_the_covered_part_of_each_month() {
        let period = p(d(2018, 7, 1), d(2018, 10, 1));
        let months = period.months();
        assert_eq!(
            months,
            vec![
                (2018, 7, Period::month(2018, 7)),
                (2018, 8, Period::month(2018, 8)),
                (2018, 9, Period::month(2018, 9)),
                (2018, 10, p(d(2018, 10, 1), d(2018, 10, 1))),
            ]
        );
        assert_eq!(months[3].2.days(), 1);
    }

    #[test]
    fn period_months_crosses_a_year_and_covers_a_single_day() {
        let months = p(d(2018, 12, 15), d(2019, 1, 10)).months();
        assert_eq!(
            months,
            vec![
                (2018, 12, p(d(2018, 12, 15), d(2018, 12, 31))),
                (2019, 1, p(d(2019, 1, 1), d(2019, 1, 10))),
            ]
        );
        let single = p(d(2018, 5, 5), d(2018, 5, 5));
        assert_eq!(single.months(), vec![(2018, 5, single)]);
    }

    #[test]
    fn period_displays_with_an_en_dash() {
        assert_eq!(
            p(d(2010, 2, 9), d(2010, 12, 31)).to_string(),
            "2010-02-09 – 2010-12-31"
        );
    }

    // --- Deadline wording -----------------------------------------------------

    #[test]
    fn wording_resolves_to_the_last_day_on_time() {
        assert_eq!(Wording::Before(d(2018, 9, 1)).last_day(), d(2018, 8, 31));
        assert_eq!(Wording::Before(d(2018, 10, 1)).last_day(), d(2018, 9, 30));
        assert_eq!(
            Wording::NoLaterThan(d(2010, 10, 1)).last_day(),
            d(2010, 10, 1)
        );
        assert_eq!(
            Wording::UpToAndIncluding(d(2010, 12, 31)).last_day(),
            d(2010, 12, 31)
        );
        let within = Wording::WithinMonthsAfter {
            months: 3,
            anchor: d(2010, 2, 9),
        };
        assert_eq!(within.last_day(), d(2010, 5, 9));
    }

    // --- Easter and holidays ---------------------------------------------------

    /// Easter Sundays 2010..=2030 from the published tables.
    const EASTER_2010_TO_2030: [(i32, u32, u32); 21] = [
        (2010, 4, 4),
        (2011, 4, 24),
        (2012, 4, 8),
        (2013, 3, 31),
        (2014, 4, 20),
        (2015, 4, 5),
        (2016, 3, 27),
        (2017, 4, 16),
        (2018, 4, 1),
        (2019, 4, 21),
        (2020, 4, 12),
        (2021, 4, 4),
        (2022, 4, 17),
        (2023, 4, 9),
        (2024, 3, 31),
        (2025, 4, 20),
        (2026, 4, 5),
        (2027, 3, 28),
        (2028, 4, 16),
        (2029, 4, 1),
        (2030, 4, 21),
    ];

    #[test]
    fn easter_sunday_known_years() {
        assert_eq!(easter_sunday(2010), d(2010, 4, 4));
        assert_eq!(easter_sunday(2014), d(2014, 4, 20));
        assert_eq!(easter_sunday(2018), d(2018, 4, 1));
        assert_eq!(easter_sunday(2019), d(2019, 4, 21));
        assert_eq!(easter_sunday(2024), d(2024, 3, 31));
        assert_eq!(easter_sunday(2025), d(2025, 4, 20));
        assert_eq!(easter_sunday(2030), d(2030, 4, 21));
    }

    #[test]
    fn easter_sunday_matches_the_table_for_2010_to_2030() {
        for (year, month, day) in EASTER_2010_TO_2030 {
            let easter = easter_sunday(year);
            assert_eq!(easter, d(year, month, day), "easter {year}");
            assert_eq!(easter.weekday(), Weekday::Sun, "easter {year}");
        }
    }

    #[test]
    fn royal_days() {
        // 27 April 2014 and 27 April 2025 were Sundays, so Koningsdag moved to the 26th.
        assert_eq!(dutch_holiday(d(2014, 4, 26)), Some("Koningsdag"));
        assert_eq!(dutch_holiday(d(2025, 4, 26)), Some("Koningsdag"));
        assert_eq!(dutch_holiday(d(2018, 4, 27)), Some("Koningsdag"));
        assert_eq!(dutch_holiday(d(2014, 4, 27)), None);
        assert_eq!(
            non_working_reason(d(2014, 4, 27)),
            Some(NonWorking::Weekend(Weekday::Sun))
        );
        assert_eq!(dutch_holiday(d(2010, 4, 30)), Some("Koninginnedag"));
        // 30 April 2006 was a Sunday, so Koninginnedag was on the 29th.
        assert_eq!(dutch_holiday(d(2006, 4, 29)), Some("Koninginnedag"));
        assert_eq!(dutch_holiday(d(2013, 4, 27)), None);
        assert_eq!(dutch_holiday(d(2014, 4, 30)), None);
    }

    #[test]
    fn fixed_and_easter_holidays() {
        assert_eq!(dutch_holiday(d(2019, 5, 5)), Some("Bevrijdingsdag"));
        assert_eq!(dutch_holiday(d(2018, 5, 5)), Some("Bevrijdingsdag"));
        assert_eq!(dutch_holiday(d(2019, 4, 22)), Some("Tweede Paasdag"));
        assert_eq!(dutch_holiday(d(2019, 4, 21)), Some("Eerste Paasdag"));
        assert_eq!(dutch_holiday(d(2019, 4, 19)), Some("Goede Vrijdag"));
        assert_eq!(dutch_holiday(d(2018, 5, 10)), Some("Hemelvaartsdag"));
        assert_eq!(dutch_holiday(d(2025, 5, 29)), Some("Hemelvaartsdag"));
        assert_eq!(dutch_holiday(d(2018, 5, 20)), Some("Eerste Pinksterdag"));
        assert_eq!(dutch_holiday(d(2018, 5, 21)), Some("Tweede Pinksterdag"));
        assert_eq!(dutch_holiday(d(2025, 6, 9)), Some("Tweede Pinksterdag"));
        assert_eq!(dutch_holiday(d(2018, 12, 25)), Some("Eerste Kerstdag"));
        assert_eq!(dutch_holiday(d(2018, 12, 26)), Some("Tweede Kerstdag"));
        assert_eq!(dutch_holiday(d(2018, 1, 1)), Some("Nieuwjaarsdag"));
        assert_eq!(dutch_holiday(d(2018, 12, 31)), None);
        assert_eq!(dutch_holiday(d(2018, 6, 12)), None);
    }

    #[test]
    fn ascension_on_liberation_day_names_both() {
        // Easter 2016 was 27 March; 39 days later is 5 May.
        assert_eq!(
            dutch_holiday(d(2016, 5, 5)),
            Some("Hemelvaartsdag en Bevrijdingsdag")
        );
    }

    #[test]
    fn every_year_has_exactly_the_eleven_named_holidays() {
        for (year, month, day) in EASTER_2010_TO_2030 {
            if year < 2014 {
                continue;
            }
            let easter = d(year, month, day);
            let plus = |days: u64| easter.checked_add_days(Days::new(days)).unwrap();
            // 27 April fell on a Sunday in 2014 and 2025 only, within this range.
            let koningsdag = if year == 2014 || year == 2025 { 26 } else { 27 };
            let mut expected = vec![
                (d(year, 1, 1), "Nieuwjaarsdag"),
                (
                    easter.checked_sub_days(Days::new(2)).unwrap(),
                    "Goede Vrijdag",
                ),
                (easter, "Eerste Paasdag"),
                (plus(1), "Tweede Paasdag"),
                (d(year, 4, koningsdag), "Koningsdag"),
                (d(year, 5, 5), "Bevrijdingsdag"),
                (plus(39), "Hemelvaartsdag"),
                (plus(49), "Eerste Pinksterdag"),
                (plus(50), "Tweede Pinksterdag"),
                (d(year, 12, 25), "Eerste Kerstdag"),
                (d(year, 12, 26), "Tweede Kerstdag"),
            ];
            expected.sort();
            assert_eq!(dutch_holidays(year), expected, "holidays {year}");

            for &(date, name) in &expected {
                let found = dutch_holiday(date).unwrap_or_else(|| panic!("{date} {name}"));
                assert!(found.contains(name), "{date}: {found} should name {name}");
            }

            // No other day of the year is a holiday.
            let mut distinct: Vec<NaiveDate> = expected.iter().map(|&(date, _)| date).collect();
            distinct.dedup();
            let flagged = Period::year(year)
                .start()
                .iter_days()
                .take_while(|&date| date.year() == year)
                .filter(|&date| dutch_holiday(date).is_some())
                .count();
            assert_eq!(flagged, distinct.len(), "holiday count {year}");
            // Only 2016 has Hemelvaartsdag on 5 May in this range.
            let expected_distinct = if year == 2016 { 10 } else { 11 };
            assert_eq!(distinct.len(), expected_distinct, "distinct dates {year}");
        }
    }

    // --- Working days ----------------------------------------------------------

    #[test]
    fn weekends_and_working_days() {
        assert!(is_weekend(d(2010, 5, 8)));
        assert!(is_weekend(d(2010, 5, 9)));
        assert!(!is_weekend(d(2010, 5, 10)));
        assert!(is_working_day(d(2010, 5, 10)));
        assert!(!is_working_day(d(2018, 12, 25)));
        assert_eq!(
            non_working_reason(d(2010, 5, 8)),
            Some(NonWorking::Weekend(Weekday::Sat))
        );
        assert_eq!(non_working_reason(d(2010, 5, 10)), None);
        // Easter Sunday is reported as the holiday rather than as a Sunday.
        assert_eq!(
            non_working_reason(d(2019, 4, 21)),
            Some(NonWorking::Holiday("Eerste Paasdag"))
        );
    }

    #[test]
    fn next_working_day_skips_weekends_and_holidays() {
        assert_eq!(next_working_day(d(2010, 5, 9)), d(2010, 5, 10));
        assert_eq!(next_working_day(d(2018, 9, 30)), d(2018, 10, 1));
        assert_eq!(next_working_day(d(2025, 8, 31)), d(2025, 9, 1));
        // Goede Vrijdag, the Easter weekend and Tweede Paasdag are all skipped.
        assert_eq!(next_working_day(d(2019, 4, 19)), d(2019, 4, 23));
        // A working day maps to itself.
        assert_eq!(next_working_day(d(2018, 10, 2)), d(2018, 10, 2));
    }
}
