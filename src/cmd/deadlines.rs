//! `ledger deadlines`: every dated obligation, option and aim of the
//! agreements in a window of dates, as a table, CSV, JSON or an iCalendar
//! feed with reminders.
//!
//! This module parses the window, loads and asks the core; the report and
//! its renderers are in `report::deadlines`.
//!
//! The clock is read here and nowhere else: `--today` (or `LEDGER_TODAY`)
//! replaces it, and the core only ever sees the dates this module passes.

use std::io::Write;

use crate::cli::{DataArgs, DeadlineFormat, DeadlinesArgs, Locale};
use crate::core::calendar;
use crate::core::deadline::{self, Deadline};
use crate::load::Entry;
use crate::report::deadlines::{self as view, DeadlinesReport};
use crate::report::{self, ics};
use anyhow::{bail, Context};
use chrono::{Days, NaiveDate};

/// The longest window the command accepts; far longer windows are almost
/// certainly typos, and the limit keeps date arithmetic far from the end of
/// the calendar.
const MAX_YEARS: u32 = 100;

pub fn run(
    data: &DataArgs,
    args: &DeadlinesArgs,
    locale: Locale,
    out: &mut dyn Write,
) -> anyhow::Result<()> {
    // Parse everything the user typed before loading any file, so that a
    // typo is reported as such.
    let today = args
        .today
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let (from, to) = window(args)?;
    let reminders = parse_reminders(&args.remind).map_err(super::as_usage)?;

    let dataset = super::load_dataset(data)?;
    let entries = super::select(&dataset, args.agreement.as_deref())?;
    let report = build(&entries, from, to);

    match args.format {
        DeadlineFormat::Table => view::write_table(out, &report, locale),
        DeadlineFormat::Json => report::write_json(out, &report),
        DeadlineFormat::Csv => view::write_csv(out, &report),
        DeadlineFormat::Ics => {
            // The stamp is a day the user chose, never the clock, so that the
            // same command gives the same feed byte for byte.
            let stamp = args.today.or(args.from).unwrap_or(today);
            let titles = |id: &str| {
                entries
                    .iter()
                    .find(|e| e.agreement.id == id)
                    .map_or(id.to_string(), |e| e.agreement.short_title.clone())
            };
            let cal = view::calendar_feed(&report, &reminders, stamp, &titles);
            let mut buf = Vec::new();
            ics::write(&mut buf, &cal)?;
            out.write_all(&buf)?;
            Ok(())
        }
    }
}

/// The deadlines of the agreements in the window `from ..= to`, in order.
pub fn build(entries: &[&Entry], from: NaiveDate, to: NaiveDate) -> DeadlinesReport {
    let all: Vec<Deadline> = entries
        .iter()
        .flat_map(|e| deadline::deadlines(&e.agreement, &e.facts, from, to))
        .collect();
    DeadlinesReport::new(from, to, all)
}

/// The window `from ..= to` the arguments ask for: `--from` (or today)
/// and its end. A malformed window is a usage error.
pub fn window(args: &DeadlinesArgs) -> anyhow::Result<(NaiveDate, NaiveDate)> {
    let today = args
        .today
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let from = args.from.unwrap_or(today);
    let to = window_end(from, args.to, args.within.as_deref()).map_err(super::as_usage)?;
    Ok((from, to))
}

/// The last day of the window: `--to`, `--from` plus `--within`, or one
/// year after `--from`. Fails when the window is empty, too long, or the
/// span has no unit.
pub fn window_end(
    from: NaiveDate,
    to: Option<NaiveDate>,
    within: Option<&str>,
) -> anyhow::Result<NaiveDate> {
    let to = match (to, within) {
        (Some(to), _) => to,
        (None, Some(text)) => add_span(from, parse_span(text, "--within")?),
        (None, None) => calendar::add_months(from, 12),
    };
    if to < from {
        bail!("--from {from} is after --to {to}");
    }
    if to > calendar::add_months(from, MAX_YEARS * 12) {
        bail!("the window {from} – {to} is longer than {MAX_YEARS} years");
    }
    // Every date an input may name lies in the one year range; a window
    // past its end would write dates that calendar programs reject.
    let last = calendar::last_parsed_day();
    if to > last {
        bail!("the window {from} – {to} ends after {last}, the last day the ledger works with");
    }
    Ok(to)
}

/// A length of time as the user writes it: `90d`, `12w`, `6m`, `2y`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    Days(u32),
    Weeks(u32),
    Months(u32),
    Years(u32),
}

/// Parses a span for the flag `flag`; the number must carry its unit.
pub fn parse_span(text: &str, flag: &str) -> anyhow::Result<Span> {
    let t = text.trim();
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    let (number, unit) = t.split_at(digits);
    let expected = || {
        anyhow::anyhow!(
            "{flag} expects a number with a unit (d, w, m or y) such as 90d, 12w, 6m or 2y, got `{text}`"
        )
    };
    if number.is_empty() {
        return Err(expected());
    }
    if unit.is_empty() {
        bail!("{flag} `{text}` has no unit; write {text}d for days, {text}w for weeks, {text}m for months or {text}y for years");
    }
    let n: u32 = number
        .parse()
        .map_err(|_| anyhow::anyhow!("{flag} `{text}` is longer than {MAX_YEARS} years"))?;
    let (span, limit) = match unit {
        "d" => (Span::Days(n), MAX_YEARS * 366),
        "w" => (Span::Weeks(n), MAX_YEARS * 53),
        "m" => (Span::Months(n), MAX_YEARS * 12),
        "y" => (Span::Years(n), MAX_YEARS),
        _ => return Err(expected()),
    };
    if n > limit {
        bail!("{flag} `{text}` is longer than {MAX_YEARS} years");
    }
    Ok(span)
}

/// `from` moved forward by `span`; months and years are calendar months,
/// clamped at the end of a month like every other date in the ledger.
fn add_span(from: NaiveDate, span: Span) -> NaiveDate {
    let days = |n: u32| {
        from.checked_add_days(Days::new(u64::from(n)))
            .expect("a span of at most 100 years stays within the calendar")
    };
    match span {
        Span::Days(n) => days(n),
        Span::Weeks(n) => days(n * 7),
        Span::Months(n) => calendar::add_months(from, n),
        Span::Years(n) => calendar::add_months(from, n * 12),
    }
}

/// Parses `--remind`: a comma-separated list of days or weeks (`30d,7d`), or
/// `none`.
pub fn parse_reminders(text: &str) -> anyhow::Result<Vec<ics::Lead>> {
    if text.trim() == "none" {
        return Ok(Vec::new());
    }
    if text.trim().is_empty() {
        anyhow::bail!("--remind needs spans such as 30d,7d, or `none` for no reminders");
    }
    text.split(',')
        .map(|part| {
            // A bare number gets the hint of the units a reminder takes:
            // `parse_span` would also offer months, which alarms cannot count.
            let bare = part.trim();
            if !bare.is_empty() && bare.bytes().all(|b| b.is_ascii_digit()) {
                bail!("--remind `{bare}` has no unit; write {bare}d for days or {bare}w for weeks");
            }
            let lead = match parse_span(part, "--remind")
                .with_context(|| format!("in --remind `{text}`"))?
            {
                Span::Days(n) => ics::Lead::Days(n),
                Span::Weeks(n) => ics::Lead::Weeks(n),
                Span::Months(_) | Span::Years(_) => bail!(
                    "--remind takes days or weeks (a calendar alarm cannot count months), got `{}`",
                    part.trim()
                ),
            };
            Ok(lead)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn spans_carry_a_unit() {
        assert_eq!(parse_span("90d", "--within").unwrap(), Span::Days(90));
        assert_eq!(parse_span("6m", "--within").unwrap(), Span::Months(6));
        let err = parse_span("90", "--within").unwrap_err().to_string();
        assert!(err.contains("has no unit"), "{err}");
        assert!(parse_span("d", "--within").is_err());
        assert!(parse_span("9x", "--within").is_err());
        assert!(parse_span("99999999999d", "--within").is_err());
        assert!(parse_span("101y", "--within").is_err());
    }

    #[test]
    fn window_ends() {
        // 2018-08-01 + 90 days = 2018-10-30; + 1 month clamps to the month end.
        assert_eq!(
            window_end(d(2018, 8, 1), None, Some("90d")).unwrap(),
            d(2018, 10, 30)
        );
        assert_eq!(
            window_end(d(2010, 8, 31), None, Some("6m")).unwrap(),
            d(2011, 2, 28)
        );
        assert_eq!(
            window_end(d(2018, 1, 1), None, None).unwrap(),
            d(2019, 1, 1)
        );
        assert!(window_end(d(2019, 1, 1), Some(d(2018, 1, 1)), None).is_err());
    }

    #[test]
    fn reminders() {
        assert_eq!(
            parse_reminders("60d,14d").unwrap(),
            vec![ics::Lead::Days(60), ics::Lead::Days(14)]
        );
        assert_eq!(parse_reminders("2w").unwrap(), vec![ics::Lead::Weeks(2)]);
        assert!(parse_reminders("none").unwrap().is_empty());
        assert!(parse_reminders("1m").is_err());
        assert!(parse_reminders("30").is_err());
    }
}
