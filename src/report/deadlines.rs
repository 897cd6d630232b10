//! The report of `ledger deadlines`: every deadline of a window, built
//! once, and its table, CSV, JSON and iCalendar feed
//! (`docs/deadline-formats.md`).

use std::io::Write;

use chrono::NaiveDate;
use serde::Serialize;

use crate::cli::Locale;
use crate::core::calendar;
use crate::core::deadline::Deadline;
use crate::report::ics;

/// The deadlines of a window, built once and rendered in every format.
#[derive(Debug, Serialize)]
pub struct DeadlinesReport {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub deadlines: Vec<DeadlineRow>,
}

/// One deadline as the reports show it; also the CSV row.
#[derive(Debug, Serialize)]
pub struct DeadlineRow {
    pub date: NaiveDate,
    pub weekday: String,
    pub agreement: String,
    pub what: String,
    pub kind: String,
    pub wording_nl: String,
    pub wording_en: String,
    pub article: String,
    /// Why the date is not a working day ("zondag", "Koningsdag"); empty on a working day.
    pub non_working: Option<String>,
    /// The next working day after a flagged date. The deadline itself does not move.
    pub next_working_day: Option<NaiveDate>,
    pub note: Option<String>,
    /// Stable across runs: `brp-pool/renewal-notice/2025-10-01`.
    pub key: String,
    /// The calendar UID: the key with `@ledger`.
    pub uid: String,
}

impl DeadlineRow {
    /// The row of one deadline.
    pub fn from_deadline(d: &Deadline) -> DeadlineRow {
        DeadlineRow {
            date: d.date,
            weekday: d.weekday().to_string(),
            agreement: d.agreement.clone(),
            what: d.what.clone(),
            kind: d.kind.as_str().to_string(),
            wording_nl: super::lang::due(&d.due, Locale::Nl),
            wording_en: super::lang::due(&d.due, Locale::En),
            article: d.article.to_string(),
            non_working: d.non_working.clone(),
            next_working_day: d.next_working_day,
            note: d.note.clone(),
            key: d.key.clone(),
            uid: format!("{}@ledger", d.key),
        }
    }
}

/// The calendar feed: one all-day event per deadline.
pub fn calendar_feed(
    report: &DeadlinesReport,
    reminders: &[ics::Lead],
    stamp: NaiveDate,
    title: &dyn Fn(&str) -> String,
) -> ics::Calendar {
    let events = report
        .deadlines
        .iter()
        .map(|d| {
            let summary = format!("{} ({})", d.what, d.agreement);
            let mut description = vec![
                d.what.clone(),
                format!("{}, {}", title(&d.agreement), d.article),
                format!("Wording: {} ({})", d.wording_nl, d.wording_en),
                format!("Kind: {}", d.kind),
                format!("Date: {} ({})", d.date, d.weekday),
            ];
            if let (Some(reason), Some(next)) = (&d.non_working, d.next_working_day) {
                description.push(format!(
                    "Not a working day ({reason}); next working day {next}. The deadline itself does not move."
                ));
            }
            if let Some(note) = &d.note {
                description.push(format!("Note: {note}"));
            }
            let alarms = reminders
                .iter()
                .map(|&before| ics::Alarm {
                    before,
                    description: format!("{} ({}): {}", d.date, d.agreement, d.what),
                })
                .collect();
            ics::Event {
                uid: d.uid.clone(),
                date: d.date,
                summary,
                description: description.join("\n"),
                categories: vec![d.kind.clone()],
                alarms,
            }
        })
        .collect();
    ics::Calendar {
        prodid: "-//ledger//deadlines//EN".into(),
        name: "ledger deadlines".into(),
        stamp,
        events,
    }
}

use super::weekday;

/// The deadlines as a table, notes numbered under it.
pub fn write_table(out: &mut dyn Write, r: &DeadlinesReport, locale: Locale) -> anyhow::Result<()> {
    let count = r.deadlines.len();
    let noun = if count == 1 { "deadline" } else { "deadlines" };
    writeln!(
        out,
        "{count} {noun} from {} up to and including {}",
        r.from, r.to
    )?;
    if r.deadlines.is_empty() {
        return Ok(());
    }
    let mut notes: Vec<&str> = Vec::new();
    let mut t = super::table();
    t.set_header(vec![
        "date",
        "day",
        "agreement",
        "what",
        "kind",
        "wording",
        "article",
        "not a working day",
    ]);
    for d in &r.deadlines {
        t.add_row(table_row(d, locale, &mut notes));
    }
    super::keep_whole(&mut t, &[0, 1]);
    // Short of room, the wording (the article has it), the kind and the
    // agreement (its id is in the feed) go first.
    writeln!(out, "{}", super::fitted(t, &[5, 4, 2]))?;
    for (i, note) in notes.iter().enumerate() {
        writeln!(out, "[{}] {note}", i + 1)?;
    }
    if r.deadlines.iter().any(|d| d.non_working.is_some()) {
        writeln!(
            out,
            "A deadline on a weekend or public holiday does not move (the Algemene termijnenwet does not apply to contractual deadlines); the next working day is shown beside it."
        )?;
    }
    Ok(())
}

/// One deadline's cells; its note, numbered once in `notes`, is referred
/// to by number.
fn table_row<'a>(d: &'a DeadlineRow, locale: Locale, notes: &mut Vec<&'a str>) -> Vec<String> {
    let mut what = d.what.clone();
    if let Some(note) = &d.note {
        let number = match notes.iter().position(|n| n == note) {
            Some(i) => i + 1,
            None => {
                notes.push(note);
                notes.len()
            }
        };
        what.push_str(&format!(" [{number}]"));
    }
    let wording = match locale {
        Locale::Nl => &d.wording_nl,
        Locale::En => &d.wording_en,
    };
    vec![
        d.date.to_string(),
        weekday(d.date, locale),
        d.agreement.clone(),
        what,
        d.kind.clone(),
        wording.clone(),
        d.article.clone(),
        non_working(d, locale),
    ]
}

/// Why the day is not a working day and the next one that is; empty on a
/// working day.
fn non_working(d: &DeadlineRow, locale: Locale) -> String {
    match (&d.non_working, d.next_working_day) {
        (Some(reason), Some(next)) => {
            // Weekends read in the table's language; holiday names are
            // proper names and stay Dutch.
            let reason = if reason == calendar::dutch_weekday(d.date) {
                weekday(d.date, locale)
            } else {
                reason.clone()
            };
            format!("{reason}; next working day {next}")
        }
        _ => String::new(),
    }
}

/// One CSV row per deadline.
pub fn write_csv(out: &mut dyn Write, r: &DeadlinesReport) -> anyhow::Result<()> {
    let mut w = super::csv_writer(out);
    for row in &r.deadlines {
        w.serialize(row)?;
    }
    w.flush()?;
    Ok(())
}
