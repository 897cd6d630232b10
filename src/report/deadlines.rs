//! The report of `ledger deadlines`: every deadline of a window, built
//! once, and its table, CSV, JSON and iCalendar feed
//! (`docs/deadline-formats.md`).

use std::io::Write;

use chrono::NaiveDate;
use serde::Serialize;

use crate::cli::Locale;
use crate::core::deadline::Deadline;
use crate::report::ics;
use crate::report::lang::tables::{Heading, Say};
use crate::report::lang::{self, heading, say};

/// The deadlines of a window, built once and rendered in every format.
#[derive(Debug, Serialize)]
pub struct DeadlinesReport {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub deadlines: Vec<DeadlineRow>,
}

/// One deadline as the reports show it; also the CSV row. Its prose is
/// Dutch with plain figures, as every machine format writes it
/// (`report::lang`); the table words `deadline` in its own locale.
#[derive(Debug, Serialize)]
pub struct DeadlineRow {
    /// The deadline itself, for the table's words.
    #[serde(skip)]
    pub deadline: Deadline,
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
        let nl = lang::of(Locale::Nl);
        DeadlineRow {
            deadline: d.clone(),
            date: d.date,
            weekday: nl.weekday_of(d.date).to_string(),
            agreement: d.agreement.clone(),
            what: (nl.tables.what)(&d.what),
            kind: d.kind.as_str().to_string(),
            wording_nl: lang::due(&d.due, Locale::Nl),
            wording_en: lang::due(&d.due, Locale::En),
            article: d.article.to_string(),
            non_working: d.non_working.as_ref().map(nl.tables.non_working),
            next_working_day: d.next_working_day,
            note: d.note.as_ref().map(nl.tables.deadline_note),
            key: d.key.clone(),
            uid: format!("{}@ledger", d.key),
        }
    }
}

impl DeadlinesReport {
    /// The report of `deadlines`, in the order of [`sort`].
    pub fn new(from: NaiveDate, to: NaiveDate, mut deadlines: Vec<Deadline>) -> DeadlinesReport {
        sort(&mut deadlines);
        DeadlinesReport {
            from,
            to,
            deadlines: deadlines.iter().map(DeadlineRow::from_deadline).collect(),
        }
    }
}

/// Sorts deadlines as every report and the calendar feed list them: by
/// date, then agreement, then what they are about in the words of the
/// documents (Dutch, as the machine formats write it), so that the order is
/// the same in every locale.
pub fn sort(deadlines: &mut [Deadline]) {
    let what = lang::of(Locale::Nl).tables.what;
    deadlines.sort_by_cached_key(|d| (d.date, d.agreement.clone(), what(&d.what), d.key.clone()));
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
                lang::machine_say(&Say::IcsWording(d.wording_nl.clone())),
                lang::machine_say(&Say::IcsKind(d.deadline.kind)),
                lang::machine_say(&Say::IcsDate(d.date)),
            ];
            if let (Some(reason), Some(next)) = (d.deadline.non_working, d.next_working_day) {
                description.push(lang::machine_say(&Say::IcsNotWorking { reason, next }));
            }
            if let Some(note) = &d.note {
                description.push(lang::machine_say(&Say::IcsNote(note.clone())));
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
        name: "ledger termijnen".into(),
        stamp,
        events,
    }
}

/// The deadlines as a table in the words of `locale`, notes numbered
/// under it.
pub fn write_table(out: &mut dyn Write, r: &DeadlinesReport, locale: Locale) -> anyhow::Result<()> {
    let count = r.deadlines.len();
    let (from, to) = (r.from, r.to);
    writeln!(
        out,
        "{}",
        say(&Say::DeadlinesIn { count, from, to }, locale)
    )?;
    if r.deadlines.is_empty() {
        return Ok(());
    }
    let mut notes: Vec<String> = Vec::new();
    let mut t = super::table();
    use Heading as H;
    let columns = [
        H::Date,
        H::Day,
        H::Agreement,
        H::What,
        H::Kind,
        H::Wording,
        H::Article,
        H::NotAWorkingDay,
    ];
    t.set_header(columns.map(|h| heading(h, locale)));
    for d in &r.deadlines {
        t.add_row(table_row(&d.deadline, locale, &mut notes));
    }
    super::keep_whole(&mut t, &[0, 1]);
    // Short of room, the wording (the article has it), the kind and the
    // agreement (its id is in the feed) go first.
    writeln!(out, "{}", super::fitted(t, &[5, 4, 2], locale))?;
    for (i, note) in notes.iter().enumerate() {
        writeln!(out, "[{}] {note}", i + 1)?;
    }
    if r.deadlines.iter().any(|d| d.non_working.is_some()) {
        writeln!(out, "{}", say(&Say::DeadlinesDoNotMove, locale))?;
    }
    Ok(())
}

/// One deadline's cells in the words of `locale`; its note, numbered once
/// in `notes`, is referred to by number.
fn table_row(d: &Deadline, locale: Locale, notes: &mut Vec<String>) -> Vec<String> {
    let words = lang::of(locale).tables;
    let mut what = (words.what)(&d.what);
    if let Some(note) = d.note.as_ref().map(words.deadline_note) {
        let number = match notes.iter().position(|n| *n == note) {
            Some(i) => i + 1,
            None => {
                notes.push(note);
                notes.len()
            }
        };
        what.push_str(&format!(" [{number}]"));
    }
    let non_working = match (d.non_working, d.next_working_day) {
        (Some(reason), Some(next)) => say(&Say::NextWorkingDay { reason, next }, locale),
        _ => String::new(),
    };
    vec![
        d.date.to_string(),
        super::weekday(d.date, locale),
        d.agreement.clone(),
        what,
        say(&Say::Kind(d.kind), locale),
        lang::due(&d.due, locale),
        d.article.to_string(),
        non_working,
    ]
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
