//! Behaviour every command shares: the exit codes, a closed pipe, and
//! errors for figures the data cannot give.

mod common;
use common::{ledger, Scratch};
use std::io::Read;
use std::process::Stdio;

/// `ledger … | head -1` closes the pipe early; that is not an error.
#[test]
fn a_closed_pipe_is_not_an_error() {
    for format in ["json", "csv", "table"] {
        let mut child = common::command_in(&common::root())
            .args([
                "deadlines",
                "--from",
                "2018-01-01",
                "--within",
                "60y",
                "--format",
                format,
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("ledger starts");
        let mut first = [0u8; 1];
        child
            .stdout
            .take()
            .expect("piped")
            .read_exact(&mut first)
            .expect("some output");
        // The read end is dropped here, so the next writes hit a closed pipe.
        let out = child.wait_with_output().expect("ledger ends");
        assert_eq!(
            out.status.code(),
            Some(0),
            "{format}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            out.stderr.is_empty(),
            "{format}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// DOMAIN rule 5: a missing index figure is an error naming the series and
/// the year, never a silently reused rate. The CPI figure for 2026 is not in
/// the data, so the 2027 rate (and every 2027 invoice) cannot be known.
#[test]
fn a_missing_index_figure_is_an_error_naming_series_and_year() {
    let run = ledger(&["invoice", "--quarter", "2027-Q1", "--agreement", "brp-pool"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    assert!(
        run.stderr.contains(
            "index series `cbs-cpi` has no figure for 2026, needed to index rate `hourly` for 2027"
        ),
        "{}",
        run.stderr
    );
    let run = ledger(&["budget", "--year", "2027"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(run.stderr.contains("no figure for 2026"), "{}", run.stderr);
}

#[test]
fn usage_errors_exit_with_2() {
    let run = ledger(&["invoice"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(run.stderr.contains("--quarter"), "{}", run.stderr);
}

/// A client withdraws once (Art. 22): with a withdrawal recorded in the facts,
/// `withdraw` recomputes that one but refuses any other date.
#[test]
fn a_recorded_withdrawal_cannot_happen_again_on_another_date() {
    let dir = Scratch::new();
    dir.copy("examples/brp-activity.csv", "brp-activity.csv").write(
        "facts.toml",
        "agreement = \"brp-pool\"\nactivity = [\"brp-activity.csv\"]\n\n[[withdrawals]]\nparty = \"tholen\"\neffective = 2018-12-31\n",
    );
    let facts = dir.path().to_str().unwrap();
    let run = ledger(&[
        "withdraw",
        "--agreement",
        "brp-pool",
        "--party",
        "tholen",
        "--effective",
        "2018-08-01",
        "--facts",
        facts,
    ]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(
        run.stderr.contains(
            "Gemeente Tholen already withdrew from agreement `brp-pool` effective 2018-12-31"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("facts.toml:5"), "{}", run.stderr);
    // The recorded one: 2018-12-31 (1 day of December, 10.5/31 h at 56.96 = 19.29)
    // and 2019-01-01 ..= 2019-10-01 (9 × 10.5 + 10.5/31 h at 57.93 = 5,494.01):
    // 5,513.30 (Art. 22 lid 1, indexed rate of Art. 12 lid 4).
    let run = ledger(&[
        "withdraw",
        "--agreement",
        "brp-pool",
        "--party",
        "tholen",
        "--effective",
        "2018-12-31",
        "--facts",
        facts,
    ])
    .success();
    assert!(run.stdout.contains("€ 5.513,30"), "{}", run.stdout);
}

#[test]
fn explain_needs_a_format_with_room_for_it() {
    let run = ledger(&[
        "invoice",
        "--quarter",
        "2018-Q1",
        "--explain",
        "--format",
        "csv",
    ]);
    // A usage error: options that do not go together.
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(run.stdout.is_empty());
    assert!(
        run.stderr
            .contains("--explain needs --format table or json"),
        "{}",
        run.stderr
    );
}

#[test]
fn dates_on_the_command_line_are_checked_with_a_clear_message() {
    let run = ledger(&[
        "withdraw",
        "--agreement",
        "brp-pool",
        "--party",
        "tholen",
        "--effective",
        "2018-02-30",
    ]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.stderr
            .contains("`2018-02-30` is not a date: February 2018 has 28 days"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_empty_reminder_list_is_refused() {
    let run = ledger(&[
        "deadlines",
        "--from",
        "2018-01-01",
        "--format",
        "ics",
        "--remind",
        "",
    ]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.stderr.contains("`none` for no reminders"),
        "{}",
        run.stderr
    );
}

/// A year far outside any agreement is a usage error, never a panic.
#[test]
fn years_on_the_command_line_are_bounded() {
    for args in [
        ["settle", "--year", "300000"],
        ["budget", "--year", "262143"],
        ["settle", "--year", "1899"],
    ] {
        let run = ledger(&args);
        assert_eq!(run.code, 2, "{}", run.transcript());
        assert!(
            run.stderr.contains("is not a year from 1900 to 2200"),
            "{}",
            run.stderr
        );
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    }
}
