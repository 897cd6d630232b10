//! The catalogue of bad inputs: one file (or folder) under `tests/bad/` per
//! kind of error, each with the message it must give. Every case must exit
//! non-zero and name the file and the line (TOML) or row (CSV); the full
//! output is pinned by a snapshot per case.

mod common;
use common::ledger;

/// (case under tests/bad/, where the error points, what the message says)
const CASES: &[(&str, &str, &str)] = &[
    (
        "unknown-key.toml",
        "unknown-key.toml:10:1",
        "unknown field `shorttitle`",
    ),
    (
        // serde's "invalid type: floating point" is now put in plain words.
        "float-amount.toml",
        "float-amount.toml:52:10",
        "expected a text in quotes, found the number 16159.2 with a decimal point",
    ),
    (
        "rate-as-float-integer.toml",
        "rate-as-float-integer.toml:120:18",
        // serde's "invalid type: integer `3`, expected a string", in plain words.
        "expected a text in quotes, found the whole number 3",
    ),
    (
        "wrong-type.toml",
        "wrong-type.toml:37:17",
        // serde's "invalid type: string \"six\", expected i64", in plain words.
        "expected a whole number, found the text \"six\"",
    ),
    (
        "date-as-text.toml",
        "date-as-text.toml:31:9",
        "expected a date such as 2017-10-01, found the text \"2010-02-09\"",
    ),
    ("malformed.toml", "malformed.toml:36:13", "unclosed table"),
    (
        "zero-amount.toml",
        "zero-amount.toml:52:10",
        "must be more than zero, found 0.00",
    ),
    (
        "zero-rate.toml",
        "zero-rate.toml:80:41",
        "rate must be more than zero, found 0",
    ),
    (
        "negative-amount.toml",
        "negative-amount.toml:52:10",
        "must be more than zero, found -16159.20",
    ),
    (
        "too-many-decimals.toml",
        "too-many-decimals.toml:52:10",
        "at most 2 decimals",
    ),
    (
        "percent-out-of-range.toml",
        "percent-out-of-range.toml:110:11",
        "percentage from 0 to 100, found 105",
    ),
    (
        "end-before-start.toml",
        "end-before-start.toml:32:7",
        "ends on 2009-12-31, before it starts on 2010-02-09",
    ),
    (
        "impossible-date.toml",
        "impossible-date.toml:31:9",
        "invalid date",
    ),
    (
        "overlapping-rates.toml",
        "overlapping-rates.toml:94:14",
        "dated values overlap",
    ),
    (
        "unknown-party.toml",
        "unknown-party.toml:53:9",
        "unknown party `lelystad`",
    ),
    (
        "duplicate-id.toml",
        "duplicate-id.toml:23:6",
        "duplicate party id `amsterdam`",
    ),
    (
        "unknown-enum.toml",
        "unknown-enum.toml:66:12",
        "unknown VAT category `zero_rated`",
    ),
    (
        "absurd-months.toml",
        "absurd-months.toml:37:17",
        "notice months must be from 0 to 60, found 600",
    ),
    (
        "allocation-outside-term.toml",
        "allocation-outside-term.toml:51:8",
        "allocation year 2012 lies outside the term",
    ),
    (
        "facts-unknown-agreement.toml",
        "facts-unknown-agreement.toml:1:13",
        "unknown agreement `brp-poool`",
    ),
    (
        "facts-unknown-party.toml",
        "facts-unknown-party.toml:4:9",
        "unknown party `roosendaal`",
    ),
    (
        "facts-party-details-iban.toml",
        "facts-party-details-iban.toml:6:8",
        "iban `NL92ABNA0417164300` is not a valid IBAN (check digits)",
    ),
    (
        "facts-party-details-endpoint.toml",
        "facts-party-details-endpoint.toml:6:23",
        "endpoint scheme `0088` is not allowed",
    ),
    (
        // One table per party across the facts files of an agreement.
        "facts-party-details-twice.toml",
        "facts-party-details-twice.toml:8:9",
        "party details for `tholen` are given twice; the first are at tests/bad/facts-party-details-twice.toml:4:9",
    ),
    (
        "facts-date-before-start.toml",
        "facts-date-before-start.toml:5:9",
        "2017-06-01 lies before the agreement starts on 2017-10-01",
    ),
    (
        "facts-negative-hours.toml",
        "facts-negative-hours.toml:6:9",
        "redeployed hours must not be negative, found -6",
    ),
    (
        "facts-duplicate-declaration.toml",
        "facts-duplicate-declaration.toml:10:9",
        "a second declaration of `tholen` for 2019",
    ),
    (
        "three-mistakes.toml",
        "three-mistakes.toml:10:1",
        "unknown field `shorttitle`",
    ),
    (
        "renewal-two-notices.toml",
        "renewal-two-notices.toml:54:28",
        "a renewal needs exactly one of notice_before",
    ),
    (
        "renewal-no-notice.toml",
        "renewal-no-notice.toml:51:1",
        "a renewal needs exactly one of notice_before",
    ),
    (
        "facts-hours-and-budget.toml",
        "facts-hours-and-budget.toml:8:10",
        "`hours` is given at tests/bad/facts-hours-and-budget.toml:7:9",
    ),
    (
        "facts-neither-hours-nor-budget.toml",
        "facts-neither-hours-nor-budget.toml:3:1",
        "this one gives neither",
    ),
    (
        "facts-index-figure-twice.toml",
        "facts-index-figure-twice.toml:7:11",
        "for 2020 is given twice, first at agreements/brp-pool.toml:102:48",
    ),
    (
        "facts-index-figure-conflict.toml",
        "facts-index-figure-conflict.toml:7:11",
        "already set to 1.3 at agreements/brp-pool.toml:102:48; this one says 1.5",
    ),
    (
        "log-unknown-borrower",
        "log-unknown-borrower/log.csv:3 (row 2, column `borrower`)",
        "unknown borrower `roosendaal`",
    ),
    (
        // Item 7 of issue 13: the rows that one recorded withdrawal makes
        // wrong are one problem, with their count, hours (1.75 + 2.50 +
        // 4.50 = 8.75), first and last row, and the way out.
        "log-after-withdrawal",
        "log-after-withdrawal/log.csv:3 (row 2, column `date`) to tests/bad/log-after-withdrawal/log.csv:6 (row 5)",
        "3 rows of `tholen` (8.75 h) are dated on or after 2018-07-01, when its withdrawal took effect",
    ),
    (
        // One problem per unknown borrower, however many rows name it.
        "log-unknown-borrower-rows",
        "log-unknown-borrower-rows/log.csv:2 (row 1, column `borrower`) to tests/bad/log-unknown-borrower-rows/log.csv:6 (row 5)",
        "3 rows name the unknown borrower `roosendaal`; the borrowers are: woensdrecht, steenbergen, tholen",
    ),
    (
        "log-impossible-date",
        "log-impossible-date/log.csv:3 (row 2, column `date`)",
        "`2018-02-30` is not a valid date",
    ),
    (
        "log-negative-hours",
        "log-negative-hours/log.csv:3 (row 2, column `hours`)",
        "hours must not be negative",
    ),
    (
        "log-outside-term",
        "log-outside-term/log.csv:3 (row 2, column `date`)",
        "2017-09-15 lies outside the agreement's term",
    ),
    (
        "log-end-before-start",
        "log-end-before-start/log.csv:3 (row 2, column `end`)",
        "the shift ends at 09:00 but starts at 11:00",
    ),
    (
        "log-missing-column",
        "log-missing-column/log.csv",
        "the header has no column `house_visits`",
    ),
    (
        "log-empty-file",
        "log-empty-file/log.csv",
        "the activity log is empty",
    ),
    (
        // Item 14 of issue 13: was "this row has 3 fields, the header has 8".
        "log-unclosed-quote",
        "log-unclosed-quote/log.csv:3 (row 2, column `start`)",
        "the quote opened at line 3, column 19 is never closed, so the rest of the file reads as one field",
    ),
    (
        "log-unclosed-quote-header",
        "log-unclosed-quote-header/log.csv",
        "the quote opened at line 1, column 15 is never closed, so the rest of the file reads as the header",
    ),
    (
        // Was "missing field `id`" at 1:1 of a file with nothing in it.
        "empty.toml",
        "empty.toml",
        "this file is empty; an agreement (`id = …`) or a facts file (`agreement = …`) was expected",
    ),
    (
        "log-short-row",
        "log-short-row/log.csv:3 (row 2)",
        "this row has 7 fields, the header has 8",
    ),
    (
        // Issue 13, item 12: an exact repeat names both rows.
        "log-repeated-row",
        "log-repeated-row/log.csv:4 (row 3)",
        "this row repeats the one at tests/bad/log-repeated-row/log.csv:2; it would be counted twice (rows 1 and 3)",
    ),
];

#[test]
fn every_bad_input_fails_with_its_place_and_message() {
    for (case, place, message) in CASES {
        let path = format!("tests/bad/{case}");
        let run = ledger(&["check", &path]);
        assert_eq!(run.code, 1, "{case} must fail:\n{}", run.transcript());
        assert!(
            run.stdout.is_empty(),
            "{case} printed to stdout:\n{}",
            run.stdout
        );
        assert!(
            run.stderr.contains(&format!("tests/bad/{place}")),
            "{case}: no `{place}` in:\n{}",
            run.stderr
        );
        assert!(
            run.stderr.contains(message),
            "{case}: no `{message}` in:\n{}",
            run.stderr
        );
        assert!(!run.stderr.contains("panicked"), "{case} panicked");
        let name = case.trim_end_matches(".toml");
        insta::assert_snapshot!(name, run.transcript());
    }
}

#[test]
fn one_run_reports_every_problem_of_a_file_in_file_order() {
    // Two unknown keys (one at the top, one in the last table) around a
    // value out of range: all three in one run, top to bottom.
    let run = ledger(&["check", "tests/bad/three-mistakes.toml"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    let expected = [
        ("three-mistakes.toml:10:1", "unknown field `shorttitle`"),
        (
            "three-mistakes.toml:37:17",
            "notice months must be from 0 to 60, found 600",
        ),
        ("three-mistakes.toml:113:1", "unknown field `note`"),
    ];
    let mut from = 0;
    for (place, message) in expected {
        let at = run.stderr[from..]
            .find(message)
            .unwrap_or_else(|| panic!("no `{message}` after byte {from} in:\n{}", run.stderr));
        let place_at = run.stderr[from..].find(place).expect(place);
        assert!(place_at > at, "`{place}` does not follow `{message}`");
        from += place_at;
    }
    assert!(run.stderr.ends_with("3 problems found\n"), "{}", run.stderr);
}

#[test]
fn the_catalogue_covers_every_case_on_disk() {
    let mut on_disk: Vec<String> = std::fs::read_dir(common::root().join("tests/bad"))
        .expect("tests/bad exists")
        .map(|e| {
            e.expect("readable entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = CASES.iter().map(|(c, _, _)| c.to_string()).collect();
    listed.sort();
    assert_eq!(on_disk, listed);
}

#[test]
fn a_missing_path_is_an_error() {
    let run = ledger(&["check", "tests/bad/no-such-file.toml"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("tests/bad/no-such-file.toml"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("no such file or directory"),
        "{}",
        run.stderr
    );
}

/// Item 14 of issue 13: `check /dev/null` said "no such file or
/// directory"; a path that is there but is no regular file is called what
/// it is, with what check takes.
#[test]
fn a_path_that_is_not_a_file_is_called_what_it_is() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fifo = dir.path().join("agreement.toml");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    let fifo = fifo.to_str().unwrap();
    for (path, what) in [("/dev/null", "a device"), (fifo, "a named pipe (FIFO)")] {
        let run = ledger(&["check", path]);
        assert_eq!(run.code, 1, "{}", run.transcript());
        assert_eq!(
            run.stderr,
            format!(
                "error: this is {what}, not an agreement, facts file or activity log\n  --> {path}\n   = help: check takes agreement and facts files (*.toml), activity logs (*.csv) and directories of them\n\n1 problem found\n"
            )
        );
    }
}

#[test]
fn the_agreements_directory_can_be_overridden() {
    // An empty directory holds no agreement: that is an error, not an empty report.
    let empty = tempfile::tempdir().expect("temp dir");
    let run = common::ledger(&["--agreements", empty.path().to_str().unwrap(), "check"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(
        run.stderr
            .contains("no agreement files (*.toml) in this directory"),
        "{}",
        run.stderr
    );
    // The environment variable does the same.
    let out = common::command_in(&common::root())
        .arg("check")
        .env("LEDGER_AGREEMENTS", empty.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("no agreement files (*.toml) in this directory"));
}
