//! Generates `examples/brp-activity.csv`: a synthetic activity log for the
//! "BRP supervisors pool" agreement (in force from 2017-10-01), under which
//! the municipality of Bergen op Zoom lends BRP supervisors (address
//! inspectors) to the borrowing municipalities `woensdrecht`, `steenbergen`
//! and `tholen`.
//!
//! Each row is one shift: its date, the borrower, the wall-clock start and
//! end, the number of supervisors, the supervisor-hours (duration times
//! supervisors), the house visits made and the total kilometres driven (each
//! supervisor drives their own car from Bergen op Zoom and back).
//!
//! The log covers 2017-10-01 up to and including 2018-12-31, working days
//! only, and hits fixed per-borrower, per-year totals of hours and house
//! visits, which the year-end settlement tests use as their inputs. Exactly
//! six shifts lie (partly) outside 07:00–18:00.
//!
//! The output is deterministic: a fixed-seed splitmix64 generator, no clock,
//! and integer arithmetic only (minutes and tenths of kilometres).
//! Regenerate the committed file with:
//!
//! ```text
//! cargo run --example generate_activity > examples/brp-activity.csv
//! ```
//!
//! `tests/example_log.rs` fails when the committed file and this generator
//! drift apart.

use chrono::{Datelike, NaiveDate, Weekday};
use std::fmt::Write as _;

/// The CSV header, in column order.
const HEADER: &str = "date,borrower,start,end,supervisors,hours,house_visits,km";

/// Fixed seed, so that every run produces the same file.
const SEED: u64 = 0x4252_5020_2017_1001;

/// A calendar date as (year, month, day).
type Ymd = (i32, u32, u32);

/// Public holidays on which no shifts take place.
const HOLIDAYS: [Ymd; 10] = [
    (2017, 12, 25),
    (2017, 12, 26),
    (2018, 1, 1),
    (2018, 3, 30),
    (2018, 4, 2),
    (2018, 4, 27),
    (2018, 5, 10),
    (2018, 5, 21),
    (2018, 12, 25),
    (2018, 12, 26),
];

/// Quiet periods (inclusive): working days, but nobody is scheduled.
const QUIET: [(Ymd, Ymd); 3] = [
    ((2017, 12, 27), (2017, 12, 29)), // between Christmas and New Year
    ((2018, 7, 23), (2018, 8, 10)),   // summer holidays
    ((2018, 12, 27), (2018, 12, 31)), // between Christmas and New Year
];

/// Settlement inputs: per borrower and calendar year, the exact total of
/// supervisor-minutes and house visits the log must add up to.
struct Target {
    borrower: &'static str,
    year: i32,
    minutes: u32,
    visits: u32,
}

const TARGETS: [Target; 6] = [
    Target {
        borrower: "woensdrecht",
        year: 2017,
        minutes: 30 * 60,
        visits: 9,
    },
    Target {
        borrower: "steenbergen",
        year: 2017,
        minutes: 28 * 60 + 30,
        visits: 8,
    },
    Target {
        borrower: "tholen",
        year: 2017,
        minutes: 33 * 60,
        visits: 11,
    },
    Target {
        borrower: "woensdrecht",
        year: 2018,
        minutes: 131 * 60 + 30,
        visits: 44,
    },
    Target {
        borrower: "steenbergen",
        year: 2018,
        minutes: 110 * 60,
        visits: 37,
    },
    Target {
        borrower: "tholen",
        year: 2018,
        minutes: 118 * 60,
        visits: 40,
    },
];

/// A shift (partly) outside 07:00–18:00, placed at shift number
/// `n * slot / 8` of its borrower-year (`n` shifts in that year).
struct OffHours {
    borrower: &'static str,
    year: i32,
    slot: usize,
    start: u32,
    end: u32,
    supervisors: u32,
}

const OFF_HOURS: [OffHours; 6] = [
    OffHours {
        borrower: "woensdrecht",
        year: 2017,
        slot: 3,
        start: hm(6, 30),
        end: hm(9, 0),
        supervisors: 1,
    },
    OffHours {
        borrower: "tholen",
        year: 2017,
        slot: 5,
        start: hm(18, 0),
        end: hm(20, 30),
        supervisors: 2,
    },
    OffHours {
        borrower: "steenbergen",
        year: 2018,
        slot: 2,
        start: hm(6, 0),
        end: hm(8, 30),
        supervisors: 2,
    },
    OffHours {
        borrower: "steenbergen",
        year: 2018,
        slot: 6,
        start: hm(17, 30),
        end: hm(20, 0),
        supervisors: 1,
    },
    OffHours {
        borrower: "woensdrecht",
        year: 2018,
        slot: 4,
        start: hm(18, 0),
        end: hm(21, 0),
        supervisors: 2,
    },
    OffHours {
        borrower: "tholen",
        year: 2018,
        slot: 7,
        start: hm(6, 30),
        end: hm(9, 0),
        supervisors: 1,
    },
];

/// Expected supervisor-minutes per shift of the random draw below; used to
/// pick the number of shifts so that little adjustment is needed.
const MEAN_SHIFT_MINUTES: u32 = 175;

/// Daytime window for ordinary shifts.
const DAY_START: u32 = hm(8, 0);
const DAY_END: u32 = hm(17, 0);

/// Bounds on the wall-clock length of an ordinary shift while adjusting.
const MIN_SHIFT: u32 = 60;
const MAX_SHIFT: u32 = 5 * 60;

const fn hm(hours: u32, minutes: u32) -> u32 {
    hours * 60 + minutes
}

/// Round trip per car from Bergen op Zoom, in tenths of a kilometre.
fn km_per_car(borrower: &str) -> (u32, u32) {
    match borrower {
        "woensdrecht" => (220, 450),
        "steenbergen" => (200, 400),
        "tholen" => (280, 550),
        other => panic!("unknown borrower {other}"),
    }
}

/// splitmix64 (Steele, Lea, Flood 2014).
struct SplitMix64(u64);

impl SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform-enough integer in `lo..=hi`.
    fn range(&mut self, lo: u32, hi: u32) -> u32 {
        let span = u64::from(hi - lo) + 1;
        lo + u32::try_from(self.next_u64() % span).expect("span fits in u32")
    }

    /// Index in `0..len`.
    fn index(&mut self, len: usize) -> usize {
        let len = u64::try_from(len).expect("len fits in u64");
        usize::try_from(self.next_u64() % len).expect("index fits in usize")
    }

    fn chance(&mut self, percent: u32) -> bool {
        self.range(0, 99) < percent
    }
}

struct Shift {
    date: NaiveDate,
    borrower: &'static str,
    start: u32,
    end: u32,
    supervisors: u32,
    visits: u32,
    km_tenths: u32,
    fixed: bool,
}

impl Shift {
    fn duration(&self) -> u32 {
        self.end - self.start
    }

    fn supervisor_minutes(&self) -> u32 {
        self.duration() * self.supervisors
    }
}

fn date(ymd: Ymd) -> NaiveDate {
    NaiveDate::from_ymd_opt(ymd.0, ymd.1, ymd.2).expect("valid date")
}

/// Working days of `year` within the agreement period, minus quiet periods.
fn active_days(year: i32) -> Vec<NaiveDate> {
    let first = date((year, 1, 1)).max(date((2017, 10, 1)));
    let last = date((year, 12, 31));
    first
        .iter_days()
        .take_while(|d| *d <= last)
        .filter(|d| !matches!(d.weekday(), Weekday::Sat | Weekday::Sun))
        .filter(|d| !HOLIDAYS.iter().any(|h| date(*h) == *d))
        .filter(|d| !QUIET.iter().any(|(a, b)| date(*a) <= *d && *d <= date(*b)))
        .collect()
}

/// All shifts of one borrower in one year, hitting the target exactly.
fn borrower_year(rng: &mut SplitMix64, target: &Target) -> Vec<Shift> {
    let days = active_days(target.year);
    let n = usize::try_from((target.minutes + MEAN_SHIFT_MINUTES / 2) / MEAN_SHIFT_MINUTES)
        .expect("shift count fits in usize");
    assert!(0 < n && n < days.len());

    // One shift in each of n consecutive, equally long runs of days.
    let mut shifts: Vec<Shift> = (0..n)
        .map(|i| {
            let run = &days[i * days.len() / n..(i + 1) * days.len() / n];
            let supervisors = if rng.chance(15) { 2 } else { 1 };
            let duration = if rng.chance(80) {
                rng.range(6, 12) * 15
            } else {
                rng.range(13, 16) * 15
            };
            Shift {
                date: run[rng.index(run.len())],
                borrower: target.borrower,
                start: 0,
                end: duration,
                supervisors,
                visits: 0,
                km_tenths: 0,
                fixed: false,
            }
        })
        .collect();

    for off in OFF_HOURS
        .iter()
        .filter(|o| o.borrower == target.borrower && o.year == target.year)
    {
        let shift = &mut shifts[n * off.slot / 8];
        assert!(!shift.fixed, "two off-hours shifts in one slot");
        shift.start = off.start;
        shift.end = off.end;
        shift.supervisors = off.supervisors;
        shift.fixed = true;
    }

    // Land exactly on the target: walk the ordinary shifts from the last one
    // backwards, lengthening or shortening each by a quarter of an hour.
    let total: u32 = shifts.iter().map(Shift::supervisor_minutes).sum();
    let mut diff = i64::from(target.minutes) - i64::from(total);
    let mut idle_rounds = 0;
    while diff != 0 {
        let mut changed = false;
        for shift in shifts.iter_mut().rev().filter(|s| !s.fixed) {
            let step = i64::from(15 * shift.supervisors);
            if diff >= step && shift.end + 15 <= MAX_SHIFT {
                shift.end += 15;
                diff -= step;
                changed = true;
            } else if -diff >= step && shift.end >= MIN_SHIFT + 15 {
                shift.end -= 15;
                diff += step;
                changed = true;
            }
            if diff == 0 {
                break;
            }
        }
        idle_rounds = if changed { 0 } else { idle_rounds + 1 };
        assert!(
            idle_rounds < 2,
            "cannot reach target for {}",
            target.borrower
        );
    }

    // Place the ordinary shifts within the day, on half-hour starts.
    for shift in shifts.iter_mut().filter(|s| !s.fixed) {
        let duration = shift.end;
        let latest = (DAY_END - DAY_START - duration) / 30;
        shift.start = DAY_START + 30 * rng.range(0, latest);
        shift.end = shift.start + duration;
    }

    // House visits: in a random order (off-hours shifts, which are early or
    // late address checks, first), shifts get field work at one visit per
    // 1–1.5 supervisor-hours (at most 4) until the target is reached; the
    // remaining shifts were file research without visits.
    let mut order: Vec<usize> = (0..shifts.len()).collect();
    for i in (1..order.len()).rev() {
        let j = rng.index(i + 1);
        order.swap(i, j);
    }
    order.sort_by_key(|&i| !shifts[i].fixed);
    let mut remaining = target.visits;
    for &i in &order {
        if remaining == 0 {
            break;
        }
        let minutes = shifts[i].supervisor_minutes();
        let hi = (minutes / 60).clamp(1, 4);
        let lo = (minutes / 90).clamp(1, hi);
        let visits = rng.range(lo, hi).min(remaining);
        shifts[i].visits = visits;
        remaining -= visits;
    }
    assert_eq!(remaining, 0, "not enough shifts for the house visits");

    let (km_lo, km_hi) = km_per_car(target.borrower);
    for shift in &mut shifts {
        shift.km_tenths = (0..shift.supervisors)
            .map(|_| rng.range(km_lo, km_hi))
            .sum();
    }

    shifts
}

/// The whole CSV text, header included, rows sorted by date then borrower.
pub fn generate() -> String {
    let mut rng = SplitMix64(SEED);
    let mut shifts: Vec<Shift> = TARGETS
        .iter()
        .flat_map(|target| borrower_year(&mut rng, target))
        .collect();
    shifts.sort_by(|a, b| (a.date, a.borrower).cmp(&(b.date, b.borrower)));

    let mut out = String::new();
    out.push_str(HEADER);
    out.push('\n');
    for s in &shifts {
        // Supervisor-minutes are whole quarters of an hour, so the hours
        // have an exact two-decimal form: minutes * 100 / 60.
        let centi_hours = s.supervisor_minutes() * 5 / 3;
        writeln!(
            out,
            "{},{},{:02}:{:02},{:02}:{:02},{},{}.{:02},{},{}.{}",
            s.date.format("%Y-%m-%d"),
            s.borrower,
            s.start / 60,
            s.start % 60,
            s.end / 60,
            s.end % 60,
            s.supervisors,
            centi_hours / 100,
            centi_hours % 100,
            s.visits,
            s.km_tenths / 10,
            s.km_tenths % 10,
        )
        .expect("writing to a String cannot fail");
    }
    out
}

fn main() {
    print!("{}", generate());
}
