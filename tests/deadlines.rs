//! `ledger deadlines` on the shipped agreements: every deadline row of
//! DOMAIN.md's worked figures, pinned next to the article that yields it;
//! the renewal chain of the BRP pool; holiday flags; the iCalendar feed read
//! back by an independent parser; and the catalogue of bad input.

mod common;
use common::{ledger, ledger_in};

use serde_json::Value;

/// The deadlines of a window as JSON rows.
fn rows(args: &[&str]) -> Vec<Value> {
    let mut all = vec!["deadlines", "--format", "json"];
    all.extend_from_slice(args);
    let run = ledger(&all).success();
    let v: Value = run.json();
    v["deadlines"].as_array().expect("deadlines array").clone()
}

/// The row with this key, or a panic listing the keys there are.
fn by_key<'a>(rows: &'a [Value], key: &str) -> &'a Value {
    rows.iter().find(|r| r["key"] == key).unwrap_or_else(|| {
        let keys: Vec<&str> = rows.iter().filter_map(|r| r["key"].as_str()).collect();
        panic!("no deadline {key}; there are {keys:#?}")
    })
}

/// Checks one row: date, weekday, kind, article and the working-day flag.
fn pin(row: &Value, date: &str, weekday: &str, kind: &str, article: &str, next: Option<&str>) {
    assert_eq!(row["date"], date, "{row:#}");
    assert_eq!(row["weekday"], weekday, "{row:#}");
    assert_eq!(row["kind"], kind, "{row:#}");
    assert_eq!(row["article"], article, "{row:#}");
    match next {
        Some(n) => assert_eq!(row["next_working_day"], n, "{row:#}"),
        None => {
            assert!(row["next_working_day"].is_null(), "{row:#}");
            assert!(row["non_working"].is_null(), "{row:#}");
        }
    }
}

#[test]
fn expatcenter_2010_deadlines() {
    let r = rows(&[
        "--agreement",
        "expatcenter",
        "--from",
        "2010-01-01",
        "--to",
        "2010-12-31",
    ]);
    // Art. 3: "er naar streven om deze side letter voor 1 april 2010 geregeld te
    // hebben" — vóór 1 april → 31 March, a Wednesday; an aim, not an obligation.
    let side = by_key(&r, "expatcenter/side-letter/2010-03-31");
    pin(side, "2010-03-31", "woensdag", "aim", "Art. 3", None);
    assert_eq!(side["wording_nl"], "vóór 1 april 2010");
    assert_eq!(side["wording_en"], "before 1 April 2010");
    // Art. 7: within 3 months after entry into force on 9 February 2010 →
    // 9 May 2010, a Sunday; flagged, next working day Monday 10 May.
    let publ = by_key(&r, "expatcenter/publication/2010-05-09");
    pin(
        publ,
        "2010-05-09",
        "zondag",
        "obligation",
        "Art. 7",
        Some("2010-05-10"),
    );
    assert_eq!(publ["non_working"], "zondag");
    assert_eq!(publ["wording_en"], "within 3 months after 9 February 2010");
    // Art. 5 sub b: six months' notice; notice on 30 June ends the pilot on
    // 30 December, one day before its own end on 31 December.
    let early = by_key(&r, "expatcenter/early-notice/2010-06-30");
    pin(
        early,
        "2010-06-30",
        "woensdag",
        "option",
        "Art. 5 sub b",
        None,
    );
    assert!(early["what"]
        .as_str()
        .unwrap()
        .contains("de overeenkomst eindigt dan op 2010-12-30"));
    // Art. 5 sub a: "uiterlijk 1 oktober 2010" → 1 October itself, a Friday.
    let cont = by_key(&r, "expatcenter/continuation/2010-10-01");
    pin(
        cont,
        "2010-10-01",
        "vrijdag",
        "obligation",
        "Art. 5 sub a",
        None,
    );
    assert_eq!(cont["wording_en"], "no later than 1 October 2010");
    // Art. 5 sub a: "tot en met 31 december 2010".
    let end = by_key(&r, "expatcenter/end/2010-12-31");
    pin(
        end,
        "2010-12-31",
        "vrijdag",
        "obligation",
        "Art. 5 sub a",
        None,
    );
    assert_eq!(end["wording_en"], "up to and including 31 December 2010");
}

#[test]
fn expatcenter_table_2010() {
    let run = ledger(&[
        "deadlines",
        "--agreement",
        "expatcenter",
        "--from",
        "2010-01-01",
        "--to",
        "2010-12-31",
    ])
    .success();
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn expatcenter_appears_only_for_windows_touching_its_life() {
    assert!(rows(&[
        "--agreement",
        "expatcenter",
        "--from",
        "2009-01-01",
        "--to",
        "2009-12-31"
    ])
    .is_empty());
    // After the pilot only the invoice for its last quarter remains, dated
    // the first day after it (Art. 4 sets no due date).
    let after = rows(&[
        "--agreement",
        "expatcenter",
        "--from",
        "2011-01-01",
        "--to",
        "2012-12-31",
    ]);
    assert_eq!(after.len(), 1, "{after:#?}");
    assert_eq!(after[0]["key"], "expatcenter/invoice/2010-Q4");
    assert_eq!(after[0]["date"], "2011-01-01");
}

#[test]
fn brp_deadlines_around_the_first_term() {
    let r = rows(&[
        "--agreement",
        "brp-pool",
        "--from",
        "2018-08-01",
        "--to",
        "2018-10-31",
    ]);
    // Art. 20 lid 1: evaluation "voor 1 september 2018" → 31 August, a Friday.
    let eval = by_key(&r, "brp-pool/evaluation-pilot/2018-08-31");
    pin(
        eval,
        "2018-08-31",
        "vrijdag",
        "obligation",
        "Art. 20 lid 1",
        None,
    );
    // Art. 20 lid 2: notice against renewal "voor 1 september van het lopende
    // jaar" → 31 August 2018 for the term ending 1 October 2018.
    let notice = by_key(&r, "brp-pool/renewal-notice/2018-10-01");
    pin(
        notice,
        "2018-08-31",
        "vrijdag",
        "option",
        "Art. 20 lid 2",
        None,
    );
    assert!(notice["what"].as_str().unwrap().contains(
        "beëindigt de overeenkomst op 2018-10-01 in plaats van haar te verlengen tot 2019-10-01"
    ));
    // Art. 4 lid 4: declaration "voor 1 oktober" → 30 September 2018, a Sunday.
    let decl = by_key(&r, "brp-pool/declaration/2018-09-30");
    pin(
        decl,
        "2018-09-30",
        "zondag",
        "obligation",
        "Art. 4 lid 4",
        Some("2018-10-01"),
    );
    // Art. 20 lid 1: the initial term runs up to and including 1 October 2018.
    let end = by_key(&r, "brp-pool/term-end/2018-10-01");
    pin(
        end,
        "2018-10-01",
        "maandag",
        "obligation",
        "Art. 20 lid 1, Art. 26",
        None,
    );
    // The invoice for 2018-Q3 can be drawn up from 1 October (Art. 12 lid 2).
    let inv = by_key(&r, "brp-pool/invoice/2018-Q3");
    assert_eq!(inv["date"], "2018-10-01");
    assert_eq!(inv["wording_en"], "after 30 September 2018");
    // Sorted by date, then agreement, then what.
    let dates: Vec<&str> = r.iter().map(|x| x["date"].as_str().unwrap()).collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted);

    let run = ledger(&[
        "deadlines",
        "--agreement",
        "brp-pool",
        "--from",
        "2018-08-01",
        "--to",
        "2018-10-31",
        "--locale",
        "en",
    ])
    .success();
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn brp_notice_deadline_2025_falls_on_a_sunday() {
    let r = rows(&[
        "--agreement",
        "brp-pool",
        "--from",
        "2025-08-01",
        "--within",
        "90d",
    ]);
    // Art. 20 lid 2: for the term ending 1 October 2025 the last day is
    // 31 August 2025, a Sunday; it does not move, Monday 1 September is shown.
    let n = by_key(&r, "brp-pool/renewal-notice/2025-10-01");
    pin(
        n,
        "2025-08-31",
        "zondag",
        "option",
        "Art. 20 lid 2",
        Some("2025-09-01"),
    );
    assert!(n["what"].as_str().unwrap().contains(
        "beëindigt de overeenkomst op 2025-10-01 in plaats van haar te verlengen tot 2026-10-01"
    ));
    // Art. 24 lid 1: the yearly evaluation falls on the same Sunday.
    let e = by_key(&r, "brp-pool/evaluation-yearly/2025-08-31");
    pin(
        e,
        "2025-08-31",
        "zondag",
        "obligation",
        "Art. 24 lid 1",
        Some("2025-09-01"),
    );
}

#[test]
fn brp_renewal_chain_2018_to_2030() {
    let r = rows(&[
        "--agreement",
        "brp-pool",
        "--from",
        "2018-01-01",
        "--to",
        "2030-12-31",
    ]);
    // Art. 20: the initial term ends 2018-10-01; each renewal adds one year.
    let ends: Vec<&str> = r
        .iter()
        .filter(|x| x["key"].as_str().unwrap().contains("/term-end/"))
        .map(|x| x["date"].as_str().unwrap())
        .collect();
    let expected: Vec<String> = (2018..=2030).map(|y| format!("{y}-10-01")).collect();
    assert_eq!(ends, expected);
    // The notice deadline for the term ending 1 October Y is 31 August Y.
    let notices: Vec<(&str, &str)> = r
        .iter()
        .filter(|x| x["key"].as_str().unwrap().contains("/renewal-notice/"))
        .map(|x| (x["key"].as_str().unwrap(), x["date"].as_str().unwrap()))
        .collect();
    let expected: Vec<(String, String)> = (2018..=2030)
        .map(|y| {
            (
                format!("brp-pool/renewal-notice/{y}-10-01"),
                format!("{y}-08-31"),
            )
        })
        .collect();
    let expected: Vec<(&str, &str)> = expected
        .iter()
        .map(|(k, d)| (k.as_str(), d.as_str()))
        .collect();
    assert_eq!(notices, expected);
    // Term numbers: the term ending 2025-10-01 is renewal term 7.
    let t = by_key(&r, "brp-pool/term-end/2025-10-01");
    assert!(t["what"]
        .as_str()
        .unwrap()
        .starts_with("Einde van verlenging 7 (2024-10-02 – 2025-10-01)"));
    // Art. 4 lid 4: a declaration every year from 2018; Art. 24 lid 1: a
    // yearly evaluation from 2019; one invoice per quarter (2017-Q4 → 2018-01-01
    // up to 2030-Q3 → 2030-10-01: 52 quarters).
    let count = |part: &str| {
        r.iter()
            .filter(|x| x["key"].as_str().unwrap().contains(part))
            .count()
    };
    assert_eq!(count("/declaration/"), 13);
    assert_eq!(count("/evaluation-yearly/"), 12);
    assert_eq!(count("/invoice/"), 52);
}

/// An agreement with option deadlines on the public holidays the issue names.
const HOLIDAYS_TOML: &str = r#"
id = "holidays"
title = "Test agreement with deadlines on public holidays"
short_title = "Holidays"

[[parties]]
id = "lender"
name = "Gemeente A"
role = "provider"
article = "Art. 1"

[[parties]]
id = "borrower"
name = "Gemeente B"
role = "client"
article = "Art. 1"

[term]
start = 2014-01-01
end = 2025-12-31
article = "Art. 2"

[billing]
period = "quarter"
article = "Art. 3"

[vat]
category = "not_subject"
reason = "test"

[[deadlines]]
id = "koningsdag-2014"
what = "Koningsdag 2014 (27 April was a Sunday)"
kind = "option"
wording = "no_later_than"
date = 2014-04-26
article = "Art. 4"

[[deadlines]]
id = "koningsdag-2025"
what = "Koningsdag 2025 (27 April was a Sunday)"
kind = "option"
wording = "no_later_than"
date = 2025-04-26
article = "Art. 4"

[[deadlines]]
id = "bevrijdingsdag"
what = "Bevrijdingsdag on a Tuesday"
kind = "option"
wording = "no_later_than"
date = 2020-05-05
article = "Art. 4"

[[deadlines]]
id = "easter-monday"
what = "Tweede Paasdag 2019"
kind = "option"
wording = "before"
date = 2019-04-23
article = "Art. 4"
"#;

#[test]
fn holiday_flags() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("holidays.toml"), HOLIDAYS_TOML).unwrap();
    let d = dir.path().to_str().unwrap();
    // No facts: an empty directory beside the agreement.
    let facts = dir.path().join("facts");
    std::fs::create_dir(&facts).unwrap();
    let run = ledger_in(
        dir.path(),
        &[
            "--agreements",
            d,
            "--facts",
            facts.to_str().unwrap(),
            "deadlines",
            "--from",
            "2014-01-01",
            "--to",
            "2025-12-31",
            "--format",
            "json",
        ],
    )
    .success();
    let v: Value = run.json();
    let r = v["deadlines"].as_array().unwrap();
    let flag = |key: &str| {
        let row = by_key(r, key);
        (
            row["date"].as_str().unwrap().to_string(),
            row["non_working"].as_str().unwrap().to_string(),
            row["next_working_day"].as_str().unwrap().to_string(),
        )
    };
    // Koningsdag moves to 26 April when the 27th is a Sunday (2014, 2025);
    // 26 April is then a Saturday, and the next working day is Monday the 28th.
    assert_eq!(
        flag("holidays/koningsdag-2014/2014-04-26"),
        (
            "2014-04-26".into(),
            "Koningsdag".into(),
            "2014-04-28".into()
        )
    );
    assert_eq!(
        flag("holidays/koningsdag-2025/2025-04-26"),
        (
            "2025-04-26".into(),
            "Koningsdag".into(),
            "2025-04-28".into()
        )
    );
    // 5 May is a public holiday every year (DOMAIN rule 9); 2020-05-05 was a Tuesday.
    assert_eq!(
        flag("holidays/bevrijdingsdag/2020-05-05"),
        (
            "2020-05-05".into(),
            "Bevrijdingsdag".into(),
            "2020-05-06".into()
        )
    );
    // "vóór 23 april 2019" → 22 April 2019, Easter Monday.
    assert_eq!(
        flag("holidays/easter-monday/2019-04-22"),
        (
            "2019-04-22".into(),
            "Tweede Paasdag".into(),
            "2019-04-23".into()
        )
    );
}

#[test]
fn default_window_is_one_year_from_today() {
    let run = ledger(&[
        "deadlines",
        "--agreement",
        "brp-pool",
        "--today",
        "2018-08-01",
        "--format",
        "json",
    ])
    .success();
    let v: Value = run.json();
    assert_eq!(v["from"], "2018-08-01");
    assert_eq!(v["to"], "2019-08-01");
    // --within in weeks and months.
    let run = ledger(&[
        "deadlines",
        "--from",
        "2010-08-31",
        "--within",
        "6m",
        "--format",
        "json",
    ])
    .success();
    let v: Value = run.json();
    assert_eq!(v["to"], "2011-02-28");
    let run = ledger(&[
        "deadlines",
        "--from",
        "2018-08-01",
        "--within",
        "2w",
        "--format",
        "json",
    ])
    .success();
    let v: Value = run.json();
    assert_eq!(v["to"], "2018-08-15");
}

#[test]
fn csv_has_one_row_per_deadline() {
    let run = ledger(&[
        "deadlines",
        "--agreement",
        "brp-pool",
        "--from",
        "2025-08-01",
        "--within",
        "31d",
        "--format",
        "csv",
    ])
    .success();
    insta::assert_snapshot!(run.transcript());
}

// --- The iCalendar feed ------------------------------------------------------

fn ics(args: &[&str]) -> String {
    let mut all = vec!["deadlines", "--format", "ics"];
    all.extend_from_slice(args);
    ledger(&all).success().stdout
}

fn prop<'a>(props: &'a [ical::property::Property], name: &str) -> Option<&'a str> {
    props
        .iter()
        .find(|p| p.name == name)
        .and_then(|p| p.value.as_deref())
}

/// Undoes the TEXT escaping of RFC 5545 §3.3.11, which the parser leaves in place.
fn unescape(s: &str) -> String {
    let mut out = String::new();
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') | Some('N') => out.push('\n'),
                Some(other) => out.push(other),
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Reads the feed with the `ical` crate and checks every event against the
/// JSON rows of the same window.
fn check_feed(window: &[&str], triggers: &[&str]) {
    let text = ics(window);
    let json = rows(window);
    // RFC 5545: CRLF line endings, no line longer than 75 octets.
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "line of {} octets: {line:?}", line.len());
        assert!(!line.contains('\n'), "bare LF in {line:?}");
    }
    let mut parser = ical::IcalParser::new(std::io::BufReader::new(text.as_bytes()));
    let cal = parser
        .next()
        .expect("one calendar")
        .expect("the feed parses");
    assert!(parser.next().is_none(), "exactly one calendar");
    assert_eq!(prop(&cal.properties, "VERSION"), Some("2.0"));
    assert_eq!(cal.events.len(), json.len());
    for (event, row) in cal.events.iter().zip(&json) {
        let p = &event.properties;
        assert_eq!(prop(p, "UID"), row["uid"].as_str());
        let date = row["date"].as_str().unwrap().replace('-', "");
        assert_eq!(prop(p, "DTSTART"), Some(date.as_str()), "{row:#}");
        let start = p.iter().find(|x| x.name == "DTSTART").unwrap();
        assert_eq!(
            start.params,
            Some(vec![("VALUE".to_string(), vec!["DATE".to_string()])])
        );
        let next = chrono::NaiveDate::parse_from_str(&date, "%Y%m%d")
            .unwrap()
            .succ_opt()
            .unwrap()
            .format("%Y%m%d")
            .to_string();
        assert_eq!(prop(p, "DTEND"), Some(next.as_str()));
        let summary = unescape(prop(p, "SUMMARY").unwrap());
        assert!(summary.contains(row["what"].as_str().unwrap()), "{summary}");
        let description = unescape(prop(p, "DESCRIPTION").unwrap());
        assert!(
            description
                .lines()
                .any(|l| l.ends_with(row["article"].as_str().unwrap())),
            "{description}"
        );
        let wording = format!("Bewoording: {}", row["wording_nl"].as_str().unwrap());
        assert!(description.lines().any(|l| l == wording), "{description}");
        // The feed's prose is Dutch, as in every machine format; the
        // category keeps the stable code.
        let kind = match row["kind"].as_str().unwrap() {
            "obligation" => "Soort: verplichting",
            "option" => "Soort: keuze",
            "aim" => "Soort: streven",
            other => panic!("unknown kind {other}"),
        };
        assert!(description.lines().any(|l| l == kind), "{description}");
        assert_eq!(prop(p, "CATEGORIES"), row["kind"].as_str());
        let got: Vec<&str> = event
            .alarms
            .iter()
            .map(|a| prop(&a.properties, "TRIGGER").unwrap())
            .collect();
        assert_eq!(got, triggers);
        for a in &event.alarms {
            assert_eq!(prop(&a.properties, "ACTION"), Some("DISPLAY"));
            assert!(prop(&a.properties, "DESCRIPTION").is_some());
        }
    }
}

#[test]
fn ics_feed_reads_back_with_an_independent_parser() {
    check_feed(
        &["--from", "2010-01-01", "--to", "2010-12-31"],
        &["-P30D", "-P7D"],
    );
    check_feed(
        &["--from", "2018-01-01", "--to", "2026-12-31"],
        &["-P30D", "-P7D"],
    );
    check_feed(
        &[
            "--from",
            "2025-01-01",
            "--within",
            "1y",
            "--remind",
            "60d,14d",
        ],
        &["-P60D", "-P14D"],
    );
    check_feed(&["--from", "2025-01-01", "--remind", "none"], &[]);
}

#[test]
fn ics_uids_are_stable() {
    let a = ics(&["--from", "2018-01-01", "--to", "2019-12-31"]);
    let b = ics(&["--from", "2018-01-01", "--to", "2019-12-31"]);
    assert_eq!(a, b, "two runs give the same feed byte for byte");
    // A different window gives the same deadline the same UID.
    let c = ics(&[
        "--from",
        "2018-06-01",
        "--to",
        "2018-09-30",
        "--today",
        "2018-05-01",
    ]);
    for uid in [
        "UID:brp-pool/renewal-notice/2018-10-01@ledger",
        "UID:brp-pool/declaration/2018-09-30@ledger",
    ] {
        assert!(a.contains(uid) && c.contains(uid), "{uid}");
    }
    // The stamp comes from --today, or else --from, never from the clock.
    assert!(c.contains("DTSTAMP:20180501T000000Z"));
    assert!(a.contains("DTSTAMP:20180101T000000Z"));
}

#[test]
fn ics_snapshot_of_a_small_feed() {
    let run = ledger(&[
        "deadlines",
        "--agreement",
        "brp-pool",
        "--from",
        "2025-08-01",
        "--within",
        "31d",
        "--format",
        "ics",
    ])
    .success();
    // CRLF is part of the format; the snapshot shows it as ⏎.
    let t = run.transcript().replace("\r\n", "⏎\n");
    insta::assert_snapshot!(t);
}

// --- Bad input -----------------------------------------------------------------

#[test]
fn from_after_to_is_an_error() {
    // A window that cannot be is a usage error.
    let run = ledger(&["deadlines", "--from", "2019-01-01", "--to", "2018-01-01"]);
    assert_eq!(run.code, 2);
    assert!(run.stdout.is_empty());
    insta::assert_snapshot!(run.transcript(), @r"
    exit: 2
    --- stdout
    --- stderr
    error: --from 2019-01-01 is after --to 2018-01-01
    ");
}

#[test]
fn an_impossible_date_is_an_error() {
    let run = ledger(&["deadlines", "--from", "2018-02-30"]);
    assert_eq!(run.code, 2);
    assert!(run
        .stderr
        .contains("`2018-02-30` is not a date: February 2018 has 28 days"));
    insta::assert_snapshot!(run.transcript(), @r"
    exit: 2
    --- stdout
    --- stderr
    error: invalid value '2018-02-30' for '--from <DATE>': `2018-02-30` is not a date: February 2018 has 28 days

    For more information, try '--help'.
    ");
    let run = ledger(&["deadlines", "--to", "2018-13-01", "--from", "2018-01-01"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("`2018-13-01` is not a date: there is no month 13"),
        "{}",
        run.stderr
    );
    let run = ledger(&["deadlines", "--from", "1-9-2018"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("expected a date as YYYY-MM-DD such as 2018-09-01, got `1-9-2018`"),
        "{}",
        run.stderr
    );
}

#[test]
fn within_without_a_unit_is_an_error() {
    let run = ledger(&["deadlines", "--from", "2018-01-01", "--within", "90"]);
    insta::assert_snapshot!(run.transcript(), @r"
    exit: 2
    --- stdout
    --- stderr
    error: --within `90` has no unit; write 90d for days, 90w for weeks, 90m for months or 90y for years
    ");
    let run = ledger(&["deadlines", "--from", "2018-01-01", "--within", "3q"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("expects a number with a unit"),
        "{}",
        run.stderr
    );
}

#[test]
fn other_bad_input() {
    let run = ledger(&["deadlines", "--from", "2018-01-01", "--remind", "1m"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("--remind takes days or weeks"),
        "{}",
        run.stderr
    );
    let run = ledger(&["deadlines", "--from", "2018-01-01", "--to", "2200-01-01"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("longer than 100 years"),
        "{}",
        run.stderr
    );
    let run = ledger(&["deadlines", "--from", "2018-01-01", "--agreement", "nope"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("unknown agreement `nope`"),
        "{}",
        run.stderr
    );
    let run = ledger(&[
        "deadlines",
        "--from",
        "2018-01-01",
        "--to",
        "2018-02-01",
        "--within",
        "3d",
    ]);
    assert_eq!(run.code, 2, "--to and --within conflict");
}

#[test]
fn a_provider_notice_in_the_facts_ends_the_chain() {
    // Bergen op Zoom gives notice on 2024-08-15, before 1 September 2024
    // (Art. 20 lid 2): the agreement ends on 2024-10-01 and nothing recurs after.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("brp.toml"),
        "agreement = \"brp-pool\"\n\n[[notices]]\nparty = \"bergen-op-zoom\"\ngiven = 2024-08-15\n",
    )
    .unwrap();
    let agreements = common::root().join("agreements");
    let run = ledger_in(
        dir.path(),
        &[
            "--agreements",
            agreements.to_str().unwrap(),
            "--facts",
            dir.path().to_str().unwrap(),
            "deadlines",
            "--from",
            "2024-08-01",
            "--to",
            "2026-12-31",
            "--format",
            "json",
        ],
    )
    .success();
    let v: Value = run.json();
    let keys: Vec<&str> = v["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["key"].as_str().unwrap())
        .collect();
    assert_eq!(
        keys,
        [
            "brp-pool/evaluation-yearly/2024-08-31",
            "brp-pool/declaration/2024-09-30",
            "brp-pool/end/2024-10-01",
            "brp-pool/invoice/2024-Q3",
            // 1 October 2024 is the last day and lies in Q4 (DOMAIN rule 3).
            "brp-pool/invoice/2024-Q4",
        ]
    );
}

/// One party resolver (issue 8): the invoice deadlines name a client that
/// joined by accession, like its invoices do. (Before, they left it out.)
#[test]
fn invoice_deadlines_name_a_later_joiner() {
    // Roosendaal joins on 2019-01-01 (Art. 21): the 2019-Q1 invoice row names
    // it after the four clients of the text; 2018-Q4 still has four.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("brp.toml"),
        "agreement = \"brp-pool\"\n\n[[accessions]]\nid = \"roosendaal\"\n\
         name = \"Gemeente Roosendaal\"\nfrom = 2019-01-01\narticle = \"Art. 21\"\n",
    )
    .unwrap();
    let agreements = common::root().join("agreements");
    let run = ledger_in(
        dir.path(),
        &[
            "--agreements",
            agreements.to_str().unwrap(),
            "--facts",
            dir.path().to_str().unwrap(),
            "deadlines",
            "--from",
            "2018-12-01",
            "--to",
            "2019-04-30",
            "--format",
            "json",
        ],
    )
    .success();
    let v: Value = run.json();
    let rows = v["deadlines"].as_array().unwrap();
    let what = |key: &str| by_key(rows, key)["what"].as_str().unwrap().to_string();
    assert!(
        what("brp-pool/invoice/2019-Q1").ends_with("Gemeente Tholen en Gemeente Roosendaal"),
        "{}",
        what("brp-pool/invoice/2019-Q1")
    );
    assert!(!what("brp-pool/invoice/2018-Q4").contains("Roosendaal"));
}

/// The window includes both its ends: `--within 3m` from 2025-07-01 ends
/// on 2025-10-01 itself (as the help says), so the invoices that can be
/// drawn up on the first and on the last day (Art. 12 lid 2) are both in
/// it; a day later at either end leaves one out.
#[test]
fn the_window_includes_its_first_and_last_day() {
    let keys = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["--agreement", "brp-pool"];
        all.extend_from_slice(args);
        rows(&all)
            .iter()
            .filter_map(|r| r["key"].as_str().map(str::to_owned))
            .filter(|k| k.starts_with("brp-pool/invoice/"))
            .collect()
    };
    let q2 = "brp-pool/invoice/2025-Q2".to_string();
    let q3 = "brp-pool/invoice/2025-Q3".to_string();
    let both = keys(&["--from", "2025-07-01", "--within", "3m"]);
    assert_eq!(both, vec![q2.clone(), q3.clone()]);
    assert_eq!(keys(&["--from", "2025-07-01", "--within", "92d"]), both);
    assert_eq!(keys(&["--from", "2025-07-01", "--to", "2025-10-01"]), both);
    assert_eq!(keys(&["--from", "2025-07-02", "--within", "3m"]), vec![q3]);
    assert_eq!(
        keys(&["--from", "2025-07-01", "--to", "2025-09-30"]),
        vec![q2]
    );
    let help = ledger(&["deadlines", "--help"]).success().stdout;
    assert!(
        help.contains("The window includes both its first and its last day"),
        "{help}"
    );
    assert!(help.contains("366 days"), "{help}");
}

/// The cells of the table row of `show` or `deadlines` whose date is `date`
/// and whose `what` starts with `what`.
fn table_cells(out: &str, date: &str, what: &str) -> Vec<String> {
    out.lines()
        .map(|l| {
            l.trim_matches('│')
                .split('┆')
                .map(|c| c.trim().to_string())
                .collect::<Vec<_>>()
        })
        .find(|c| c[0] == date && c.iter().any(|x| x.starts_with(what)))
        .unwrap_or_else(|| panic!("no row {date} `{what}` in:\n{out}"))
}

/// `show` and `deadlines` word the same deadline with the same words, in
/// each locale: BRP Art. 4 lid 4, the declaration "vóór 1 oktober 2018"
/// (last day 2018-09-30), and Art. 20 lid 1 "tot en met 1 oktober 2018".
#[test]
fn show_and_deadlines_word_a_deadline_alike() {
    let cases = [
        (
            "nl",
            "vóór 1 oktober 2018",
            "tot en met 1 oktober 2018",
            "Einde van de eerste looptijd",
        ),
        (
            "en",
            "before 1 October 2018",
            "up to and including 1 October 2018",
            "End of the initial term",
        ),
    ];
    for (locale, declaration, end, end_of_term) in cases {
        let show = ledger(&["show", "brp-pool", "--locale", locale]).success();
        let window = [
            "deadlines",
            "--from",
            "2018-09-01",
            "--within",
            "1m",
            "--agreement",
            "brp-pool",
            "--locale",
            locale,
        ];
        let list = ledger(&window).success();
        for (date, what, wording) in [
            (
                "2018-09-30",
                "Opgave door de inlenende gemeenten",
                declaration,
            ),
            ("2018-10-01", end_of_term, end),
        ] {
            let in_show = table_cells(&show.stdout, date, what);
            let in_list = table_cells(&list.stdout, date, what);
            // show: date, day, what, kind, wording; deadlines: date, day,
            // agreement, what, kind, wording.
            assert_eq!(in_show[4], wording, "{locale}: {in_show:?}");
            assert_eq!(in_list[5], wording, "{locale}: {in_list:?}");
            assert_eq!(in_show[1], in_list[1], "{locale}: the weekday");
        }
    }
}

/// Weekday names in both locales, in the `deadlines` and `show` tables: BRP
/// Art. 4 lid 4 falls on 2018-09-30, a Sunday, and Art. 20 lid 1 ends the
/// term on 2018-10-01, a Monday (the calendar: 1 September 2018 was a
/// Saturday); the yearly evaluation of Art. 24 lid 1 on 2019-08-31 is a
/// Saturday and Art. 20 lid 1's evaluation on 2018-08-31 a Friday.
#[test]
fn weekdays_are_named_in_the_locale() {
    let cases = [
        (
            "nl",
            ["zondag", "maandag", "zaterdag", "vrijdag"],
            "Einde van",
        ),
        ("en", ["Sunday", "Monday", "Saturday", "Friday"], "End of"),
    ];
    for (locale, [sunday, monday, saturday, friday], end_of) in cases {
        let list = ledger(&[
            "deadlines",
            "--from",
            "2018-09-01",
            "--within",
            "1m",
            "--agreement",
            "brp-pool",
            "--locale",
            locale,
        ])
        .success();
        let declaration = table_cells(&list.stdout, "2018-09-30", "Opgave");
        assert_eq!(declaration[1], sunday, "{}", list.stdout);
        // Not a working day: the weekend reads in the table's language too.
        assert!(
            declaration[7].starts_with(&format!("{sunday}; ")),
            "{declaration:?}"
        );
        assert_eq!(table_cells(&list.stdout, "2018-10-01", end_of)[1], monday);
        let show = ledger(&["show", "brp-pool", "--locale", locale]).success();
        assert_eq!(table_cells(&show.stdout, "2018-09-30", "Opgave")[1], sunday);
        assert_eq!(
            table_cells(&show.stdout, "2019-08-31", "Jaarlijkse evaluatie")[1],
            saturday
        );
        assert_eq!(
            table_cells(&show.stdout, "2018-08-31", "Evaluatie van het pilotjaar")[1],
            friday
        );
    }
}
