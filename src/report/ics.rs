//! An RFC 5545 (iCalendar) writer for all-day events with reminders, so that
//! deadlines can be imported into any calendar.
//!
//! The output is written by hand rather than through a crate because the
//! subset needed is small and must be byte-for-byte reproducible: CRLF line
//! endings, lines folded at 75 octets, TEXT values escaped, and a DTSTAMP the
//! caller chooses instead of the clock.

use std::io::{self, Write};

use chrono::NaiveDate;

/// A calendar of all-day events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Calendar {
    /// The product identifier, such as `-//ledger//deadlines//EN`.
    pub prodid: String,
    /// A display name for calendar programs that honour `X-WR-CALNAME`.
    pub name: String,
    /// The DTSTAMP of every event, at 00:00:00 UTC on this day. A fixed day
    /// keeps the feed identical from run to run.
    pub stamp: NaiveDate,
    pub events: Vec<Event>,
}

/// One all-day event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// Globally unique and stable: the same deadline gets the same UID on every run.
    pub uid: String,
    pub date: NaiveDate,
    pub summary: String,
    pub description: String,
    pub categories: Vec<String>,
    pub alarms: Vec<Alarm>,
}

/// A display reminder some time before the event starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alarm {
    pub before: Lead,
    pub description: String,
}

/// How long before the event a reminder fires. RFC 5545 durations have no
/// months or years, so a lead time is in days or weeks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lead {
    Days(u32),
    Weeks(u32),
}

impl Lead {
    /// The TRIGGER value: `-P30D`, `-P2W`.
    pub fn trigger(self) -> String {
        match self {
            Lead::Days(n) => format!("-P{n}D"),
            Lead::Weeks(n) => format!("-P{n}W"),
        }
    }
}

/// Writes the calendar as iCalendar text.
pub fn write(out: &mut dyn Write, cal: &Calendar) -> io::Result<()> {
    let mut w = Lines { out };
    let stamp = format!("{}T000000Z", basic(cal.stamp));
    w.line("BEGIN:VCALENDAR")?;
    w.line("VERSION:2.0")?;
    w.prop("PRODID", &text(&cal.prodid))?;
    w.line("CALSCALE:GREGORIAN")?;
    w.line("METHOD:PUBLISH")?;
    w.prop("X-WR-CALNAME", &text(&cal.name))?;
    for e in &cal.events {
        w.line("BEGIN:VEVENT")?;
        w.prop("UID", &text(&e.uid))?;
        w.prop("DTSTAMP", &stamp)?;
        w.prop("DTSTART;VALUE=DATE", &basic(e.date))?;
        // DTEND of an all-day event is exclusive: the next day.
        let end = e.date.succ_opt().expect("an event date has a next day");
        w.prop("DTEND;VALUE=DATE", &basic(end))?;
        w.prop("SUMMARY", &text(&e.summary))?;
        w.prop("DESCRIPTION", &text(&e.description))?;
        if !e.categories.is_empty() {
            let list: Vec<String> = e.categories.iter().map(|c| text(c)).collect();
            w.prop("CATEGORIES", &list.join(","))?;
        }
        // A deadline does not make the day busy.
        w.line("TRANSP:TRANSPARENT")?;
        for a in &e.alarms {
            w.line("BEGIN:VALARM")?;
            w.line("ACTION:DISPLAY")?;
            w.prop("TRIGGER", &a.before.trigger())?;
            w.prop("DESCRIPTION", &text(&a.description))?;
            w.line("END:VALARM")?;
        }
        w.line("END:VEVENT")?;
    }
    w.line("END:VCALENDAR")
}

/// A date in the basic format of RFC 5545: `20250831`.
fn basic(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

/// Escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma
/// and newlines.
pub fn text(s: &str) -> String {
    let mut r = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => r.push_str("\\\\"),
            ';' => r.push_str("\\;"),
            ',' => r.push_str("\\,"),
            '\n' => r.push_str("\\n"),
            '\r' => {}
            c => r.push(c),
        }
    }
    r
}

/// The content lines of the feed, each folded and ended with CRLF.
struct Lines<'a> {
    out: &'a mut dyn Write,
}

impl Lines<'_> {
    fn prop(&mut self, name: &str, value: &str) -> io::Result<()> {
        self.line(&format!("{name}:{value}"))
    }

    fn line(&mut self, line: &str) -> io::Result<()> {
        self.out.write_all(fold(line).as_bytes())
    }
}

/// The longest content line RFC 5545 recommends, in octets, without CRLF.
const MAX_OCTETS: usize = 75;

/// Folds a content line into physical lines of at most 75 octets, never
/// splitting a UTF-8 character; every continuation line starts with a space.
///
/// A physical line never ends in a space: some parsers trim trailing
/// whitespace before unfolding and would lose it, so the fold moves before
/// the space and the space opens the next line instead.
pub fn fold(line: &str) -> String {
    let mut result = String::with_capacity(line.len() + line.len() / 64 * 3 + 2);
    let mut rest = line;
    // The first physical line holds 75 octets, continuations 74 after their space.
    let mut limit = MAX_OCTETS;
    loop {
        if rest.len() <= limit {
            result.push_str(rest);
            result.push_str("\r\n");
            return result;
        }
        let mut cut = limit;
        while !rest.is_char_boundary(cut) {
            cut -= 1;
        }
        while cut > 1 && rest[..cut].ends_with([' ', '\t']) {
            cut -= 1;
            while !rest.is_char_boundary(cut) {
                cut -= 1;
            }
        }
        result.push_str(&rest[..cut]);
        result.push_str("\r\n ");
        rest = &rest[cut..];
        limit = MAX_OCTETS - 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_escapes_the_four_specials() {
        assert_eq!(text("a, b; c\\d\ne"), "a\\, b\\; c\\\\d\\ne");
    }

    #[test]
    fn short_lines_are_not_folded() {
        assert_eq!(fold("VERSION:2.0"), "VERSION:2.0\r\n");
        let exact = "X".repeat(75);
        assert_eq!(fold(&exact), format!("{exact}\r\n"));
    }

    #[test]
    fn long_lines_fold_at_75_octets_on_character_boundaries() {
        let line = format!("DESCRIPTION:{}", "é".repeat(100));
        let folded = fold(&line);
        for physical in folded.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(physical.len() <= 75, "{physical:?} has {}", physical.len());
        }
        let unfolded = folded.replace("\r\n ", "").replace("\r\n", "");
        assert_eq!(unfolded, line);
    }

    #[test]
    fn a_fold_never_leaves_a_trailing_space() {
        let line = format!("SUMMARY:{} tail", "x".repeat(66));
        let folded = fold(&line);
        assert!(!folded.contains(" \r\n"), "{folded:?}");
        assert_eq!(folded.replace("\r\n ", "").replace("\r\n", ""), line);
    }

    #[test]
    fn an_event_has_the_required_properties() {
        let d = NaiveDate::from_ymd_opt(2025, 8, 31).unwrap();
        let cal = Calendar {
            prodid: "-//test//EN".into(),
            name: "t".into(),
            stamp: NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
            events: vec![Event {
                uid: "a/b@test".into(),
                date: d,
                summary: "S".into(),
                description: "D".into(),
                categories: vec!["OPTION".into()],
                alarms: vec![Alarm {
                    before: Lead::Days(30),
                    description: "R".into(),
                }],
            }],
        };
        let mut buf = Vec::new();
        write(&mut buf, &cal).unwrap();
        let s = String::from_utf8(buf).unwrap();
        for needle in [
            "DTSTAMP:20250101T000000Z\r\n",
            "DTSTART;VALUE=DATE:20250831\r\n",
            "DTEND;VALUE=DATE:20250901\r\n",
            "TRIGGER:-P30D\r\n",
            "UID:a/b@test\r\n",
        ] {
            assert!(s.contains(needle), "{needle} missing in {s}");
        }
        assert!(!s.replace("\r\n", "").contains('\n'));
    }
}
