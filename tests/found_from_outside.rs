//! The bugs found by trying the tool from outside (issue 13), one test each,
//! run against the real binary.

mod common;
use common::{ledger, Scratch};

use std::path::Path;

/// A data directory with the shipped agreements and an editable copy of the
/// shipped facts and log, for cases that need other facts.
fn data_dir() -> Scratch {
    let dir = Scratch::new();
    for name in ["brp-pool.toml", "expatcenter.toml"] {
        dir.copy(&format!("agreements/{name}"), &format!("agreements/{name}"));
    }
    for name in ["brp-facts.toml", "brp-activity.csv"] {
        dir.copy(&format!("examples/{name}"), &format!("facts/{name}"));
    }
    dir
}

/// Item 4: every malformed period is a usage error (exit 2) worded by the one
/// parser in core::period, and the loose spellings are refused.
#[test]
fn every_malformed_quarter_is_a_usage_error() {
    let cases = [
        (
            "2018-Q0",
            "\"2018-Q0\" has no such quarter: quarters are Q1 to Q4",
        ),
        (
            "2018-Q5",
            "\"2018-Q5\" has no such quarter: quarters are Q1 to Q4",
        ),
        (
            "2018-q1",
            "expected a quarter like 2018-Q1, got \"2018-q1\"",
        ),
        (
            "2018-Q01",
            "expected a quarter like 2018-Q1, got \"2018-Q01\"",
        ),
        (
            "2018-13",
            "expected a quarter like 2018-Q1, got \"2018-13\"",
        ),
        (
            "9999-Q1",
            "year must be between 1900 and 2200, got \"9999-Q1\"",
        ),
    ];
    for (quarter, message) in cases {
        let run = ledger(&["invoice", "--quarter", quarter]);
        assert_eq!(run.code, 2, "{quarter}: {}", run.transcript());
        assert!(
            run.stderr.starts_with(&format!(
                "error: invalid value '{quarter}' for '--quarter <QUARTER>': {message}\n"
            )),
            "{quarter}: {}",
            run.stderr
        );
        assert_eq!(run.stdout, "");
    }
}

/// Item 5: a reminder without a unit is told the units a reminder takes.
#[test]
fn remind_hint_offers_only_days_and_weeks() {
    let run = ledger(&[
        "deadlines",
        "--from",
        "2018-01-01",
        "--format",
        "ics",
        "--remind",
        "90",
    ]);
    // A malformed option value is a usage error.
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.stderr
            .contains("--remind `90` has no unit; write 90d for days or 90w for weeks"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("90m"), "{}", run.stderr);
    // --within still offers all four units.
    let run = ledger(&["deadlines", "--from", "2018-01-01", "--within", "90"]);
    assert!(
        run.stderr
            .contains("90d for days, 90w for weeks, 90m for months or 90y for years"),
        "{}",
        run.stderr
    );
}

/// Item 6: command-line dates keep to the years every input keeps to, and so
/// does the window they open.
#[test]
fn command_line_dates_keep_to_the_year_range() {
    for date in ["9999-01-01", "0000-01-01", "1899-12-31"] {
        let run = ledger(&["deadlines", "--from", date]);
        assert_eq!(run.code, 2, "{date}: {}", run.transcript());
        assert!(
            run.stderr
                .contains(&format!("`{date}` is outside the years 1900 to 2200")),
            "{}",
            run.stderr
        );
    }
    // A window may not run past the last day of the range either.
    let run = ledger(&["deadlines", "--from", "2200-06-01"]);
    assert_eq!(
        run.code,
        2,
        "a window asked beyond the range is a usage error: {}",
        run.transcript()
    );
    assert_eq!(
        run.stderr,
        "error: the window 2200-06-01 – 2201-06-01 ends after 2200-12-31, the last day the ledger works with\n"
    );
    let run = ledger(&[
        "deadlines",
        "--from",
        "2200-01-01",
        "--to",
        "2200-12-31",
        "--format",
        "ics",
    ])
    .success();
    assert!(
        !run.stdout.contains("DTSTART;VALUE=DATE:+"),
        "{}",
        run.stdout
    );
}

/// Item 13: every date in an agreement or facts file keeps to the same range.
#[test]
fn absurd_years_in_files_are_errors() {
    for (from, to, place) in [
        ("start = 2017-10-01", "start = 0000-01-01", "44:9"),
        ("end = 2018-10-01", "end = 9999-10-01", "45:7"),
    ] {
        let dir = data_dir();
        let path = dir.path().join("agreements/brp-pool.toml");
        let text = std::fs::read_to_string(&path).unwrap().replace(from, to);
        std::fs::write(&path, text).unwrap();
        let run = dir.run_own(&["check"]);
        assert_eq!(run.code, 1, "{}", run.transcript());
        let date = to.rsplit(' ').next().unwrap();
        assert!(
            run.stderr
                .contains(&format!("date {date} is outside the years 1900 to 2200")),
            "{}",
            run.stderr
        );
        assert!(
            run.stderr
                .contains(&format!("--> agreements/brp-pool.toml:{place}")),
            "{}",
            run.stderr
        );
    }
    let dir = data_dir();
    let path = dir.path().join("facts/brp-facts.toml");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("given = 2018-09-24", "given = 2300-09-24");
    std::fs::write(&path, text).unwrap();
    let run = dir.run_own(&["check"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(
        run.stderr
            .contains("date 2300-09-24 is outside the years 1900 to 2200"),
        "{}",
        run.stderr
    );
}

/// Item 8: the allocation's explanation names the days it counts in words.
#[test]
fn allocation_explanation_reads_as_a_sentence() {
    let run = ledger(&["invoice", "--quarter", "2010-Q1", "--explain"]).success();
    assert!(
        run.stdout.contains(
            "dagen van de looptijd = 326 (de dagen van 2010 in de looptijd 2010-02-09 – 2010-12-31)  [looptijd (Art. 5 sub a)]\n"
        ),
        "{}",
        run.stdout
    );
    let en = ledger(&[
        "invoice",
        "--quarter",
        "2010-Q1",
        "--explain",
        "--locale",
        "en",
    ])
    .success();
    assert!(
        en.stdout.contains(
            "days of the term = 326 (the days of 2010 in the term 2010-02-09 – 2010-12-31)  [term (Art. 5 sub a)]\n"
        ),
        "{}",
        en.stdout
    );
    // JSON: the Dutch words, figures plain.
    let json = ledger(&[
        "invoice",
        "--quarter",
        "2010-Q1",
        "--explain",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = json.success().json();
    let inputs = &v["invoices"][0]["explanations"][0]["inputs"];
    assert_eq!(inputs[1]["name"], "dagen van de looptijd");
    assert_eq!(
        inputs[1]["value"],
        "326 (de dagen van 2010 in de looptijd 2010-02-09 – 2010-12-31)"
    );
    // 16,159.20 × 51/326 = 2527.973006…, cut 2527.97, no leftover cent.
    assert_eq!(
        inputs[2]["value"],
        "51 dagen → onafgerond 2527.973006 → afgekapt 2527.97 → deel 2527.97"
    );
    // An open-ended term: the expatcenter renewed yearly, with a 2011 amount.
    let dir = data_dir();
    let path = dir.path().join("agreements/expatcenter.toml");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("year = 2010\n", "year = 2011\n")
        .replace("end = 2010-12-31", "end = 2011-12-31")
        .replace("from_year = 2011", "from_year = 2012")
        .replace(
            "[billing]",
            "[renewal]\nmonths = 12\nnotice_before = \"07-01\"\narticle = \"Art. 5 sub b\"\n\n[billing]",
        );
    std::fs::write(&path, text).unwrap();
    let args = [
        "invoice",
        "--quarter",
        "2011-Q1",
        "--agreement",
        "expatcenter",
        "--explain",
    ];
    let run = dir.run_own(&args);
    assert!(!run.stdout.contains("(of "), "{}", run.transcript());
    assert!(
        run.stdout.contains(
            "dagen van de looptijd = 365 (de dagen van 2011 in de looptijd vanaf 2010-02-09)"
        ),
        "{}",
        run.transcript()
    );
    let en = dir.run_own(&[&args[..], &["--locale", "en"]].concat());
    assert!(
        en.stdout
            .contains("days of the term = 365 (the days of 2011 in the term from 2010-02-09 on)"),
        "{}",
        en.transcript()
    );
}

/// Item 9: without any activity log, the budget says there is no log.
#[test]
fn budget_without_a_log_says_so() {
    let dir = data_dir();
    std::fs::remove_file(dir.path().join("facts/brp-facts.toml")).unwrap();
    let run = dir
        .run_own(&["budget", "--year", "2019", "--agreement", "brp-pool"])
        .success();
    assert!(
        run.stdout
            .contains("geen: voor brp-pool is geen activiteitenlog vastgelegd"),
        "{}",
        run.stdout
    );
    assert!(
        !run.stdout.contains("heeft geen logregels"),
        "{}",
        run.stdout
    );
}

/// Item 10: two facts files that name the same log are refused; the log
/// would count twice.
#[test]
fn the_same_log_named_twice_is_an_error() {
    let dir = data_dir();
    std::fs::write(
        dir.path().join("facts/more.toml"),
        "agreement = \"brp-pool\"\nactivity = [\"./brp-activity.csv\"]\n",
    )
    .unwrap();
    let run = dir.run_own(&["check"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(
        run.stderr.contains("facts/more.toml:2:13"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("activity log `facts/./brp-activity.csv` is already named for this agreement; its rows would count twice"),
        "{}",
        run.stderr
    );
}

/// Item 7: a withdrawal recorded in the facts that the shipped log goes on
/// past is one error, not one per row, for `check` and for `invoice`: the
/// 19 rows of tholen from 2018-07-02 (line 99) to 2018-12-20 (line 153),
/// whose hours add up to 51.50 (1.75 + 2.50 + 2.50 + 3.00 + 2.75 + 3.25 +
/// 2.50 + 3.00 + 4.50 in July–September, 2.00 + 3.00 + 3.75 + 3.00 + 2.50 +
/// 2.50 + 2.50 + 2.50 + 2.00 + 2.00 after), with the way out.
#[test]
fn rows_after_a_recorded_withdrawal_are_one_error() {
    let dir = data_dir();
    let facts = dir.path().join("facts/brp-facts.toml");
    let mut text = std::fs::read_to_string(&facts).unwrap();
    text.push_str("\n[[withdrawals]]\nparty = \"tholen\"\neffective = 2018-07-01\n");
    std::fs::write(&facts, text).unwrap();
    let expected = "\
error: 19 rows of `tholen` (51.50 h) are dated on or after 2018-07-01, when its withdrawal took effect
  --> facts/brp-activity.csv:99 (row 98, column `date`) to facts/brp-activity.csv:153 (row 152)
   | 2018-07-02,tholen,08:30,10:15,1,1.75,1,51.1
   | …
   | 2018-12-20,tholen,09:30,11:30,1,2.00,1,43.9
   = help: the withdrawal is recorded at facts/brp-facts.toml:96: if `tholen` left on 2018-07-01, take its rows from that day on out of the log (and record the hours the supervisors worked elsewhere instead as the withdrawal's `redeployed_hours`); if it did not leave then, correct `effective`

1 problem found
";
    for args in [&["check"][..], &["invoice", "--quarter", "2018-Q1"][..]] {
        let run = dir.run_own(args);
        assert_eq!(run.code, 1, "{}", run.transcript());
        assert_eq!(run.stdout, "");
        assert!(run.stderr.ends_with(expected), "{args:?}:\n{}", run.stderr);
    }
}

/// Item 14: a field of a megabyte is not echoed (it was, twice in full):
/// values in messages are cut to 60 characters, and shown lines and records
/// to 120, with an ellipsis, on character boundaries (`é` is two bytes).
#[test]
fn long_values_are_cut_in_diagnostics() {
    let field = "é".repeat(1 << 20);
    let dir = with_log(&format!("2018-02-01,{field},09:00,12:00,1,3.00,0,40.0\n"));
    let run = dir.run_own(&["check"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    let value = format!("{}…", "é".repeat(59));
    let record = format!("2018-02-01,{}…", "é".repeat(108));
    assert_eq!(
        run.stderr,
        format!(
            "error: unknown borrower `{value}`; the borrowers are: woensdrecht, steenbergen, tholen
  --> facts/brp-activity.csv:2 (row 1, column `borrower`)
   | {record}
   = help: correct the borrower, or record the party's accession in a facts file ([[accessions]])

1 problem found
"
        )
    );
    // The same in an agreement: the value in the message, and the line
    // under it, its carets cut with it.
    let path = dir.path().join("agreements/brp-pool.toml");
    let shipped = std::fs::read_to_string(&path).unwrap();
    let start = "\nstart = 2017-10-01\n";
    assert!(shipped.contains(start));
    std::fs::write(
        &path,
        shipped.replace(start, &format!("\nstart = \"{field}\"\n")),
    )
    .unwrap();
    let run = dir.run_own(&["check"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    let value = format!("\"{}…", "é".repeat(59));
    let line = format!("44 | start = \"{}…\n", "é".repeat(110));
    let carets = format!("   |         {}\n", "^".repeat(112));
    let expected = format!(
        "error: expected a date such as 2017-10-01, found the text {value}\"\n  --> agreements/brp-pool.toml:44:9\n   |\n{line}{carets}"
    );
    assert!(run.stderr.starts_with(&expected), "{}", run.stderr);
    assert!(run.stderr.len() < 2000, "{} bytes", run.stderr.len());
}

/// Item 14: a log that is not a regular file is called what it is.
#[test]
fn a_log_that_is_not_a_file_is_named_as_such() {
    let dir = data_dir();
    let facts = dir.path().join("facts/brp-facts.toml");
    let text = std::fs::read_to_string(&facts).unwrap();
    std::fs::create_dir(dir.path().join("facts/logdir")).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(dir.path().join("facts/fifo.csv"))
        .status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo");
    for (log, message) in [
        (
            "logdir",
            "activity log `facts/logdir` is a directory, not a CSV file",
        ),
        (
            "/dev/zero",
            "activity log `/dev/zero` is not a regular file",
        ),
        ("missing.csv", "activity log `facts/missing.csv` not found"),
        (
            "fifo.csv",
            "activity log `facts/fifo.csv` is not a regular file",
        ),
    ] {
        std::fs::write(
            &facts,
            text.replace("\"brp-activity.csv\"", &format!("\"{log}\"")),
        )
        .unwrap();
        let run = dir.run_own(&["check"]);
        assert_eq!(run.code, 1, "{}", run.transcript());
        assert!(run.stderr.contains(message), "{}", run.stderr);
    }
}

/// The shipped data with the provider's notice recorded: given 2018-11-01, it
/// ends the BRP agreement at the end of renewal term 1, on 2019-10-01.
fn lender_gave_notice() -> Scratch {
    let dir = data_dir();
    let path = dir.path().join("facts/brp-facts.toml");
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str("\n[[notices]]\nparty = \"bergen-op-zoom\"\ngiven = 2018-11-01\n");
    std::fs::write(&path, text).unwrap();
    dir
}

/// Item 1: a client's notice cannot end an agreement later than the
/// provider's recorded notice does, nor leave it running between the others.
#[test]
fn notice_respects_the_lenders_recorded_notice() {
    let dir = lender_gave_notice();
    let late = dir
        .run_own(&[
            "notice",
            "--agreement",
            "brp-pool",
            "--party",
            "woensdrecht",
            "--given",
            "2019-09-15",
        ])
        .success();
    assert!(
        late.stdout.contains("Einde: 2019-10-01 — de overeenkomst, door de opzegging van Gemeente Bergen op Zoom op 2018-11-01; deze opzegging verandert niets"),
        "{}",
        late.stdout
    );
    assert!(!late.stdout.contains("2020-10-01 —"), "{}", late.stdout);
    assert!(late.stdout.contains("eindigt al"), "{}", late.stdout);
    let early = dir
        .run_own(&[
            "notice",
            "--agreement",
            "brp-pool",
            "--party",
            "woensdrecht",
            "--given",
            "2019-07-01",
        ])
        .success();
    assert!(
        !early
            .stdout
            .contains("loopt door tussen de andere partijen"),
        "{}",
        early.stdout
    );
    assert!(
        early.stdout.contains(
            "Einde: 2019-10-01 — de overeenkomst, door de opzegging van Gemeente Bergen op Zoom"
        ),
        "{}",
        early.stdout
    );
    // The JSON says the same end.
    let json = dir
        .run_own(&[
            "notice",
            "--agreement",
            "brp-pool",
            "--party",
            "woensdrecht",
            "--given",
            "2019-09-15",
            "--format",
            "json",
        ])
        .success();
    let v: serde_json::Value = json.json();
    assert_eq!(v["ends"], "2019-10-01");
}

/// Item 2: `notice --locale en` writes English amounts and weekdays, and the
/// CSV carries the compensation the table and JSON show.
#[test]
fn notice_locale_and_csv_compensation() {
    // Tholen leaving on 2018-07-02 instead of at the term's end on
    // 2018-10-01: 31.5 h of July–September × 56.96 = 1,794.24 (Art. 22).
    let args = [
        "notice",
        "--agreement",
        "brp-pool",
        "--party",
        "tholen",
        "--given",
        "2018-07-02",
    ];
    let en = ledger(&[&args[..], &["--locale", "en"]].concat()).success();
    assert!(
        en.stdout.contains("given on 2018-07-02 (Monday)"),
        "{}",
        en.stdout
    );
    assert!(
        en.stdout.contains("compensation: €1,794.24"),
        "{}",
        en.stdout
    );
    let nl = ledger(&args).success();
    assert!(
        nl.stdout.contains("op 2018-07-02 (maandag)"),
        "{}",
        nl.stdout
    );
    assert!(
        nl.stdout.contains("vergoeding: € 1.794,24"),
        "{}",
        nl.stdout
    );
    let csv = ledger(&[&args[..], &["--format", "csv"]].concat()).success();
    assert!(
        csv.stdout.contains("brp-pool,2018-07-02,tholen,2018-10-01,early_withdrawal,compensation amount,1794.24,Art. 22 lid 1\n"),
        "{}",
        csv.stdout
    );
}

/// Item 3: invoices for quarters after the log's last row say that the log
/// stops, so a missing travel line is not read as no travel.
#[test]
fn invoices_after_the_log_say_that_it_stops() {
    let run = ledger(&["invoice", "--quarter", "2019-Q1", "--agreement", "brp-pool"]).success();
    assert!(
        run.stdout.contains("opmerking: het activiteitenlog eindigt op 2018-12-21, vóór 2019-Q1: deze facturen hebben geen reiskostenregel; voeg de logregels van de periode toe aan het log als er activiteit was\n"),
        "{}",
        run.stdout
    );
    let en = ledger(&[
        "invoice",
        "--quarter",
        "2019-Q1",
        "--agreement",
        "brp-pool",
        "--locale",
        "en",
    ])
    .success();
    assert!(
        en.stdout.contains("note: the activity log ends on 2018-12-21, before 2019-Q1: these invoices have no travel line; add the quarter's rows to the log if there was activity\n"),
        "{}",
        en.stdout
    );
    // A quarter the log covers has no such note.
    let run = ledger(&["invoice", "--quarter", "2018-Q4", "--agreement", "brp-pool"]).success();
    assert!(
        !run.stdout.contains("activiteitenlog eindigt"),
        "{}",
        run.stdout
    );
}

/// Item 11: a --facts directory without facts for an agreement that needs
/// them is said on stderr, by the commands and by `check`.
#[test]
fn an_agreement_without_facts_is_said() {
    let dir = data_dir();
    std::fs::remove_file(dir.path().join("facts/brp-facts.toml")).unwrap();
    let warning = "warning: no facts file in facts names agreement `brp-pool`: no activity log (no travel), no declarations\n";
    let invoice = dir
        .run_own(&["invoice", "--quarter", "2018-Q1", "--agreement", "brp-pool"])
        .success();
    assert!(invoice.stderr.contains(warning), "{}", invoice.stderr);
    let budget = dir.run_own(&["budget", "--year", "2019"]).success();
    assert!(budget.stderr.contains(warning), "{}", budget.stderr);
    let check = dir.run_own(&["check"]).success();
    assert!(check.stderr.contains(warning), "{}", check.stderr);
    // The expatcenter needs no facts: nothing is said about it.
    assert!(
        !check.stderr.contains("names agreement `expatcenter`"),
        "{}",
        check.stderr
    );
    // With the facts in place, nothing is said.
    let shipped = ledger(&["invoice", "--quarter", "2018-Q1"]).success();
    assert!(
        !shipped.stderr.contains("no facts file"),
        "{}",
        shipped.stderr
    );
}

/// A pool with `n` more clients than the BRP pool, and no facts: one
/// quarter gives n + 3 invoice files, enough to interrupt a run in the middle.
fn many_clients(n: usize) -> Scratch {
    let dir = data_dir();
    std::fs::remove_file(dir.path().join("facts/brp-facts.toml")).unwrap();
    let path = dir.path().join("agreements/brp-pool.toml");
    let mut text = std::fs::read_to_string(&path).unwrap();
    let mut extra = String::new();
    for i in 0..n {
        extra.push_str(&format!(
            "[[parties]]\nid = \"client-{i}\"\nname = \"Gemeente {i}\"\nrole = \"client\"\narticle = \"Art. 1 sub c\"\n\n"
        ));
    }
    text = text.replacen("[term]", &format!("{extra}[term]"), 1);
    std::fs::write(&path, text).unwrap();
    dir
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Item 15: SIGTERM or SIGINT in the middle of `--out` leaves no temporary
/// file behind, and no partial set of invoices. Each run is signalled once
/// its output directory holds `when` entries, so that the signal comes
/// while temporary files are being written, or (the last cases) while they
/// are being renamed into place.
#[test]
fn a_signal_leaves_no_temporary_files() {
    let dir = many_clients(400);
    type Ready = fn(&[String]) -> bool;
    let cases: [(&str, Ready); 4] = [
        ("-TERM", |names| !names.is_empty()),
        ("-INT", |names| names.len() >= 200),
        ("-TERM", |names| names.iter().any(|n| !n.starts_with('.'))),
        ("-INT", |names| {
            names.iter().filter(|n| !n.starts_with('.')).count() >= 100
        }),
    ];
    for (i, (signal, when)) in cases.iter().enumerate() {
        let out = dir.path().join(format!("out-{i}"));
        std::fs::create_dir(&out).unwrap();
        let mut child = common::command_in(dir.path())
            .args([
                "--agreements",
                "agreements",
                "--facts",
                "facts",
                "invoice",
                "--quarter",
                "2018-Q1",
                "--out",
            ])
            .arg(&out)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        while !when(&files_in(&out)) && child.try_wait().unwrap().is_none() {
            std::thread::sleep(std::time::Duration::from_micros(200));
        }
        std::process::Command::new("kill")
            .args([*signal, &child.id().to_string()])
            .status()
            .unwrap();
        let status = child.wait().unwrap();
        let names = files_in(&out);
        assert!(
            names.iter().all(|n| !n.ends_with(".tmp")),
            "case {i} ({signal}) left: {names:?}"
        );
        // All or nothing: a signal after the last rename (or a run that
        // finished first) leaves the whole set; any earlier one, none.
        assert!(
            names.is_empty() || names.len() == 403,
            "case {i} ({signal}, {status}) left {} files: {names:?}",
            names.len()
        );
    }
}

/// Item 15: a dangling symlink with an invoice's name is an existing file:
/// it is replaced only with --force.
#[cfg(unix)]
#[test]
fn a_dangling_symlink_is_not_replaced_without_force() {
    let dir = data_dir();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let first = dir
        .run_own(&["invoice", "--quarter", "2018-Q1", "--out", "out"])
        .success();
    let name = files_in(&out).into_iter().next().unwrap();
    // stdout names each file in the run's language.
    assert!(
        first.stdout.contains(&format!("geschreven: out/{name}\n")),
        "{}",
        first.stdout
    );
    let en = dir
        .run_own(&[
            "invoice",
            "--quarter",
            "2018-Q1",
            "--out",
            "out",
            "--force",
            "--locale",
            "en",
        ])
        .success();
    assert!(
        en.stdout.contains(&format!("wrote out/{name}\n")),
        "{}",
        en.stdout
    );
    for n in files_in(&out) {
        std::fs::remove_file(out.join(n)).unwrap();
    }
    std::os::unix::fs::symlink("/nonexistent/target", out.join(&name)).unwrap();
    let run = dir.run_own(&["invoice", "--quarter", "2018-Q1", "--out", "out"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(
        run.stderr.contains(&format!(
            "out/{name} already exists; use --force to overwrite it (nothing was written)"
        )),
        "{}",
        run.stderr
    );
    assert_eq!(files_in(&out), vec![name.clone()]);
    assert!(std::fs::symlink_metadata(out.join(&name))
        .unwrap()
        .file_type()
        .is_symlink());
    dir.run_own(&["invoice", "--quarter", "2018-Q1", "--out", "out", "--force"])
        .success();
    assert!(std::fs::symlink_metadata(out.join(&name))
        .unwrap()
        .is_file());
    let _ = first;
}

/// A data directory whose log is the shipped header and `rows`.
fn with_log(rows: &str) -> Scratch {
    let dir = data_dir();
    std::fs::write(
        dir.path().join("facts/brp-activity.csv"),
        format!("date,borrower,start,end,supervisors,hours,house_visits,km\n{rows}"),
    )
    .unwrap();
    dir
}

/// Item 12: an exact repeat of a row is an error;
/// overlapping shifts of one borrower are a warning.
#[test]
fn repeated_rows_are_errors_and_overlaps_warnings() {
    let row = "2018-02-01,tholen,09:00,12:00,1,3.00,0,40.0\n";
    let dir = with_log(&format!(
        "{row}2018-02-01,tholen,13:00,14:00,1,1.00,0,10.0\n{row}"
    ));
    // `check` and every report that reads the log (see tests/repeats.rs).
    let run = dir.run_own(&["check"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(
        run.stderr.contains("facts/brp-activity.csv:4"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("error: this row repeats the one at facts/brp-activity.csv:2; it would be counted twice"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "if the same shift really was worked twice, write it as one row with the values of both, or give the log a column with role `repeat` in the agreement's [activity_log] and mark the second row 1 (a third 2, …)"
        ),
        "{}",
        run.stderr
    );
    assert_eq!(run.stdout, "");
    // A log that goes back in date is said to, and is then compared in
    // full: the repeat two days back is still found.
    let dir = with_log(&format!(
        "{row}2018-02-02,tholen,09:00,10:00,1,1.00,0,10.0\n{row}"
    ));
    let run = dir.run_own(&["check"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(
        run.stderr.contains("error: this row repeats the one at facts/brp-activity.csv:2; it would be counted twice (rows 1 and 3)"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("warning: facts/brp-activity.csv:4: 2018-02-01 is earlier than 2018-02-02 on a row above it; rows are expected in date order"),
        "{}",
        run.stderr
    );
    // A shift that overlaps another of the same borrower is a warning.
    let dir = with_log("2018-02-01,tholen,09:00,12:00,1,3.00,0,40.0\n2018-02-01,tholen,11:00,13:00,1,2.00,0,20.0\n");
    let run = dir.run_own(&["check"]).success();
    assert!(
        run.stderr.contains("warning: facts/brp-activity.csv:3: 2018-02-01 tholen 11:00–13:00 overlaps the shift 09:00–12:00 at facts/brp-activity.csv:2"),
        "{}",
        run.stderr
    );
}

/// Item 14: values that passed without a question, and a file without a
/// place.
#[test]
fn weak_values_are_refused_with_their_place() {
    // A term that starts before its rate's first value.
    let dir = data_dir();
    let path = dir.path().join("agreements/brp-pool.toml");
    let shipped = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        shipped.replace(
            "{ from = 2017-10-01, amount = \"56.96\" }",
            "{ from = 2018-01-01, amount = \"56.96\" }",
        ),
    )
    .unwrap();
    let run = dir.run_own(&["check"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(
        run.stderr.contains(
            "error: rate `hourly` starts on 2018-01-01, after the term starts on 2017-10-01"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("--> agreements/brp-pool.toml:"),
        "{}",
        run.stderr
    );
    // Hours finer than hundredths.
    std::fs::write(
        &path,
        shipped.replace("hours_per_week = \"3\"", "hours_per_week = \"0.0000001\""),
    )
    .unwrap();
    let run = dir.run_own(&["check"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(
        run.stderr
            .contains("error: hours_per_week `0.0000001` has more than two decimals"),
        "{}",
        run.stderr
    );
    // Not UTF-8: the place of the first bad byte.
    std::fs::write(&path, b"id = \"brp\"\ntitle = \"caf\xe9\"\n").unwrap();
    let run = dir.run_own(&["check"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(
        run.stderr
            .contains("line 2, column 13: this file is not valid UTF-8"),
        "{}",
        run.stderr
    );
    // An external contract that ends before the agreement began.
    let run = ledger(&[
        "withdraw",
        "--agreement",
        "brp-pool",
        "--party",
        "tholen",
        "--effective",
        "2018-07-01",
        "--external-contract-ends",
        "1900-01-01",
    ]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert_eq!(
        run.stderr,
        "error: --external-contract-ends 1900-01-01 is before brp-pool starts on 2017-10-01\n"
    );
}
