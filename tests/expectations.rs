//! `ledger test`: the shipped expectation files pass with their
//! hand-checked figures, a changed rate, fee or date in a temporary copy of
//! an agreement makes the run fail and name the case, JUnit XML is written
//! for CI servers, and `--record` writes the current figures back.

mod common;

use common::{ledger, ledger_in, Scratch};

#[test]
fn the_shipped_expectations_pass() {
    // In Dutch by default, like everything on stdout.
    let run = ledger(&["test"]).success();
    assert!(
        run.stdout.starts_with(
            "agreements/brp-pool.expect.toml\n  ok    invoice Tholen 2018-Q1 (8 waarden)\n"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("  ok    settle 2018 (13 waarden)\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("agreements/expatcenter.expect.toml\n  ok    invoice 2010-Q1 (2 waarden)\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .ends_with("\nverwachtingen: 12 geslaagd, 0 mislukt\n"),
        "{}",
        run.stdout
    );
}

/// The example agreements carry expectation files of their own, worked
/// out by hand (the arithmetic is in their comments), which name their
/// agreements and facts directories.
#[test]
fn the_example_expectations_pass() {
    let run = ledger(&["--locale", "en", "test", "examples/agreements"]).success();
    for line in [
        "examples/agreements/adres-zvl.expect.toml\n  ok    invoice 2023-Q1 (9 figures)\n  ok    settle 2023 Sluis (7 figures)\n  ok    deadlines 2023 (4 figures)\n",
        "examples/agreements/kempen-leerplicht.expect.toml\n  ok    invoice 2020-Q1 (8 figures)\n",
        "  ok    invoice 2021-Q1 (5 figures)\n",
        "  ok    budget 2021 (7 figures)\n",
        "examples/agreements/kinderopvang-pool.expect.toml\n  ok    invoice 2021-Q2 (11 figures)\n",
        "  ok    settle 2021 (12 figures)\n",
        "  ok    withdraw Borsele 2022-07-01 (5 figures)\n",
    ] {
        assert!(run.stdout.contains(line), "{line}\n{}", run.stdout);
    }
    assert!(
        run.stdout
            .ends_with("\nexpectations: 22 passed, 0 failed\n"),
        "{}",
        run.stdout
    );
    // With the examples as the agreements directory, `ledger test` finds
    // them by itself.
    let run = ledger(&[
        "--agreements",
        "examples/agreements",
        "--facts",
        "examples/facts",
        "test",
    ])
    .success();
    assert!(
        run.stdout
            .ends_with("\nverwachtingen: 22 geslaagd, 0 mislukt\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_changed_fee_fails_and_names_the_case_with_its_explanation() {
    let dir = Scratch::shipped();
    dir.edit(
        "agreements/brp-pool.toml",
        "percent = \"5\"",
        "percent = \"6\"",
    );
    let run = ledger_in(dir.path(), &["test"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    // 6% of 1,794.24 = 107.6544 → 107.65 instead of 89.71 (Art. 12 lid 6).
    assert!(run.stdout.contains(
        "  FOUT  invoice Tholen 2018-Q1  (ledger invoice --agreement brp-pool --quarter 2018-Q1 --party Tholen)\n        invoices[brp-pool-2018-Q1-tholen].lines[fee].amount\n          verwacht   89.71\n          werkelijk  107.65\n          zo berekende het rapport het:\n            Bijdrage coördinatietaak 6% (Art. 12 lid 6)\n"
    ), "{}", run.stdout);
    assert!(
        run.stdout.contains("              onafgerond: 107,6544\n"),
        "{}",
        run.stdout
    );
    // The Expatcenter has no fee: its cases still pass.
    assert!(
        run.stdout.contains("  ok    invoice 2010-Q4 (1 waarde)\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stderr
            .contains("error: 3 of 12 expectation cases failed"),
        "{}",
        run.stderr
    );
}

/// `ledger test | head`: with the pipe closed before anything is written,
/// failed cases still fail the run (exit 1), as `verify` keeps exit 4.
#[test]
fn failed_cases_fail_the_run_when_the_pipe_is_closed() {
    let dir = Scratch::shipped();
    dir.edit(
        "agreements/brp-pool.toml",
        "percent = \"5\"",
        "percent = \"6\"",
    );
    let mut child = common::command_in(dir.path())
        .arg("test")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("error: 3 of 12 expectation cases failed")
    );
}

#[test]
fn a_changed_rate_or_date_fails_the_cases_that_use_it() {
    let dir = Scratch::shipped();
    dir.edit("agreements/brp-pool.toml", "\"56.96\"", "\"57.96\"");
    // In English with --locale en; the explanation too.
    let run = ledger_in(dir.path(), &["test", "--locale", "en"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    // 31.50 h × 57.96 = 1,825.74.
    assert!(run.stdout.contains("        invoices[brp-pool-2018-Q1-tholen].lines[service].amount\n          expected  1794.24\n          actual    1825.74\n"), "{}", run.stdout);
    assert!(
        run.stdout.contains("  FAIL  withdraw Tholen 2018-07-01"),
        "{}",
        run.stdout
    );

    let dir = Scratch::shipped();
    let text = std::fs::read_to_string(dir.path().join("agreements/expatcenter.toml")).unwrap();
    let continuation = text
        .lines()
        .find(|l| l.contains("2010-10-01"))
        .unwrap()
        .to_string();
    dir.edit(
        "agreements/expatcenter.toml",
        &continuation,
        &continuation.replace("2010-10-01", "2010-09-15"),
    );
    let run = ledger_in(dir.path(), &["--locale", "en", "test"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(run.stdout.contains("  FAIL  deadlines 2010  (ledger deadlines --agreement expatcenter --from 2010-01-01 --to 2010-12-31)\n        deadlines[expatcenter/continuation/2010-10-01].date\n          expected  2010-10-01\n          actual    none: no `deadlines[expatcenter/continuation/2010-10-01]`; there is: "), "{}", run.stdout);
    // The same in Dutch, the default, the missing figure worded too.
    let nl = ledger_in(dir.path(), &["test"]);
    assert!(nl.stdout.contains("  FOUT  deadlines 2010  (ledger deadlines --agreement expatcenter --from 2010-01-01 --to 2010-12-31)\n        deadlines[expatcenter/continuation/2010-10-01].date\n          verwacht   2010-10-01\n          werkelijk  geen: geen `deadlines[expatcenter/continuation/2010-10-01]`; wel: "), "{}", nl.stdout);
}

#[test]
fn junit_xml_for_ci_servers() {
    let dir = Scratch::shipped();
    dir.edit(
        "agreements/brp-pool.toml",
        "percent = \"5\"",
        "percent = \"6\"",
    );
    let run = ledger_in(dir.path(), &["test", "--format", "junit"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    let xml = &run.stdout;
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"ledger test\" tests=\"12\" failures=\"3\">\n"), "{xml}");
    assert!(
        xml.contains(
            "  <testsuite name=\"agreements/brp-pool.expect.toml\" tests=\"6\" failures=\"3\">\n"
        ),
        "{xml}"
    );
    assert!(xml.contains("<testcase name=\"invoice Tholen 2018-Q1\" classname=\"agreements/brp-pool.expect.toml\" file=\"agreements/brp-pool.expect.toml\">\n      <failure message=\"4 figures differ\" type=\"expectation\">ledger invoice"), "{xml}");
    assert!(xml.contains("<testcase name=\"invoice 2010-Q1\" classname=\"agreements/expatcenter.expect.toml\" file=\"agreements/expatcenter.expect.toml\"/>"), "{xml}");
    assert!(xml.trim_end().ends_with("</testsuites>"), "{xml}");
    // The whole body is English under the default (Dutch) locale, the
    // explanation's words included: 5% -> 6% of the rounded service line
    // 1,794.24 is 107.6544, 107.65 to the cent (Art. 12 lid 6).
    assert!(xml.contains(concat!(
        "          how the report computed it:\n",
        "            Bijdrage coördinatietaak 6% (Art. 12 lid 6)\n",
        "              formula:   fee % × the rounded amounts of the lines in its base\n",
        "              input:     Inzet toezichthouder BRP (gecontracteerde uren) = €1,794.24  [line (Art. 12 lid 1, Art. 12 lid 4)]\n",
        "              input:     fee % = 6  [fees.coordination.percent]\n",
        "              unrounded: 107.6544\n",
        "              rounding:  to cents, half away from zero\n",
        "              result:    €107.65\n",
    )), "{xml}");
    // 1,901.42 subtotal + 107.65 fee = 2,009.07.
    assert!(
        xml.contains("            total excl. VAT\n              formula:   subtotal + fees\n"),
        "{xml}"
    );
    for dutch in [
        "formule:",
        "invoer:",
        "uitkomst:",
        "afronding:",
        "onafgerond:",
        "totaal excl. btw",
        "verwacht",
    ] {
        assert!(!xml.contains(dutch), "{dutch} in the JUnit body: {xml}");
    }
    // --locale changes nothing of it.
    for locale in ["nl", "en"] {
        let other = ledger_in(
            dir.path(),
            &["--locale", locale, "test", "--format", "junit"],
        );
        assert_eq!(other.code, 1, "{}", other.transcript());
        assert_eq!(&other.stdout, xml, "--locale {locale}");
    }
}

#[test]
fn each_warning_of_the_log_is_printed_once_per_run() {
    // Two cases read the 2018 rows of the same log: the settlement of the
    // year and Tholen's alone. Rows 125 (Steenbergen) and 141 (Tholen) each
    // have one supervisor outside 07:00-18:00; each warning is told once.
    // Tholen's 8 h not delivered are never charged, as in the case of the
    // whole year: 8 × 56.96 = 455.68, + 5% fee 22.78 = 478.46 back.
    let dir = Scratch::shipped();
    let expect = dir.path().join("agreements/brp-pool.expect.toml");
    let mut text = std::fs::read_to_string(&expect).unwrap();
    text.push_str("\n[[case]]\nname = \"settle 2018 Tholen\"\nrun = \"settle --agreement brp-pool --year 2018 --party Tholen\"\n\n[case.expect]\n\"agreements[brp-pool].settlements[tholen].totals.total_excl_vat\" = \"-478.46\"\n");
    std::fs::write(&expect, text).unwrap();
    let run = ledger_in(dir.path(), &["test"]).success();
    assert_eq!(
        run.stderr,
        concat!(
            "warning: agreements/../examples/brp-activity.csv:125: 2018-10-04 steenbergen 17:30–20:00 with 1 supervisor outside 07:00–18:00; in principle 2 (Art. 5 lid 2)\n",
            "warning: agreements/../examples/brp-activity.csv:141: 2018-11-16 tholen 06:30–09:00 with 1 supervisor outside 07:00–18:00; in principle 2 (Art. 5 lid 2)\n",
        ),
        "{}",
        run.transcript()
    );
    assert!(
        run.stdout.contains("  ok    settle 2018 Tholen ("),
        "{}",
        run.stdout
    );
}

#[test]
fn record_writes_the_current_figures_and_shows_the_diff() {
    let dir = Scratch::shipped();
    let expect = dir.path().join("agreements/brp-pool.expect.toml");
    dir.edit(
        "agreements/brp-pool.toml",
        "percent = \"5\"",
        "percent = \"6\"",
    );
    let before = std::fs::read_to_string(&expect).unwrap();
    let run = ledger_in(
        dir.path(),
        &["test", "--record", "agreements/brp-pool.expect.toml"],
    )
    .success();
    assert!(
        run.stdout.starts_with(
            "agreements/brp-pool.expect.toml: vastgelegd\n  geval \"invoice Tholen 2018-Q1\":\n"
        ),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("-   \"invoices[brp-pool-2018-Q1-tholen].lines[fee].amount\" = \"89.71\"\n+   \"invoices[brp-pool-2018-Q1-tholen].lines[fee].amount\" = \"107.65\"\n"), "{}", run.stdout);
    let text = std::fs::read_to_string(&expect).unwrap();
    assert!(
        text.contains("\"invoices[brp-pool-2018-Q1-tholen].lines[fee].amount\" = \"107.65\""),
        "{text}"
    );
    assert!(
        text.starts_with("# Expectations for agreements/brp-pool.toml"),
        "comments are kept"
    );
    // Only the changed figures' lines differ: keys keep their order.
    assert_eq!(text.lines().count(), before.lines().count());
    let changed = text
        .lines()
        .zip(before.lines())
        .filter(|(new, old)| new != old)
        .count();
    assert_eq!(changed, run.stdout.matches("\n+   ").count(), "{text}");
    // Recorded, the file passes; recording again changes nothing.
    ledger_in(dir.path(), &["test"]).success();
    let again = ledger_in(
        dir.path(),
        &[
            "test",
            "--record",
            "agreements/brp-pool.expect.toml",
            "--locale",
            "en",
        ],
    )
    .success();
    assert!(
        again
            .stdout
            .starts_with("agreements/brp-pool.expect.toml: unchanged\n"),
        "{}",
        again.stdout
    );
}

#[test]
fn a_new_case_is_recorded_with_every_figure_and_fails_until_then() {
    let dir = Scratch::shipped();
    let file = dir.path().join("agreements/mine.expect.toml");
    std::fs::write(&file, "facts = \"../examples\"\n\n[[case]]\nname = \"budget 2019\"\nrun = \"budget --agreement brp-pool --year 2019\"\n").unwrap();
    let run = ledger_in(dir.path(), &["test", "agreements/mine.expect.toml"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(
        run.stdout
            .contains("the case has no expectations; `ledger test --record` fills in its"),
        "{}",
        run.stdout
    );
    let run = ledger_in(
        dir.path(),
        &["test", "--record", "agreements/mine.expect.toml"],
    )
    .success();
    // 2019: 56.96 × 1.017 = 57.93 (Art. 12 lid 4); Woensdrecht declared 140 h.
    assert!(
        run.stdout
            .contains("+   \"agreements[brp-pool].budgets[woensdrecht].hours\" = \"140.00\""),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("+   \"agreements[brp-pool].budgets[tholen].rate\" = \"57.93\""),
        "{}",
        run.stdout
    );
    ledger_in(dir.path(), &["test", "agreements/mine.expect.toml"]).success();
}

#[test]
fn expected_errors_and_bad_files() {
    let dir = Scratch::shipped();
    let file = dir.path().join("agreements/mine.expect.toml");
    std::fs::write(&file, "facts = \"../examples\"\n[[case]]\nname = \"no amount for 2011\"\nrun = \"settle --agreement expatcenter --year 2010\"\nfails_with = \"has no hours to settle\"\n").unwrap();
    let run = ledger_in(dir.path(), &["test", "agreements/mine.expect.toml"]).success();
    assert!(
        run.stdout.contains("  ok    no amount for 2011 (1 waarde)"),
        "{}",
        run.stdout
    );

    std::fs::write(
        &file,
        "[[case]]\nname = \"x\"\nrun = \"budget --year 2018\"\n[case.expect]\n\"a\" = 1.5\n",
    )
    .unwrap();
    let run = ledger_in(dir.path(), &["test", "agreements/mine.expect.toml"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(run.stderr.contains("case `x`: the expected value of `a` is a float; write figures as strings, e.g. \"1794.24\""), "{}", run.stderr);

    std::fs::write(
        &file,
        "[[case]]\nname = \"x\"\nrun = \"show brp-pool\"\n[case.expect]\n\"a\" = \"1\"\n",
    )
    .unwrap();
    let run = ledger_in(dir.path(), &["test", "agreements/mine.expect.toml"]);
    assert!(
        run.stdout.contains(
            "        error: a case runs invoice, settle, withdraw, budget, notice or deadlines"
        ),
        "{}",
        run.stdout
    );

    let run = ledger_in(dir.path(), &["test", "examples"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(
        run.stderr
            .contains("no expectation files (*.expect.toml) in examples"),
        "{}",
        run.stderr
    );
}

#[test]
fn check_and_the_commands_ignore_expectation_files() {
    let run = ledger(&["check"]).success();
    assert!(
        run.stdout.starts_with("ok: 2 overeenkomsten, "),
        "{}",
        run.stdout
    );
}
