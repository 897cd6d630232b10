//! A new agreement of the same family needs only a new TOML file: a pool
//! like the BRP one that starts in 2028, with other parties, is shown,
//! invoiced and given its deadlines without any change to the code.

mod common;
use common::ledger;

/// The BRP pool moved to 2028 with two other municipalities and a 60.00 rate.
fn third_agreement() -> common::Scratch {
    let dir = common::Scratch::new();
    dir.copy_edited(
        "agreements/brp-pool.toml",
        "agreements/pool-2028.toml",
        moved_to_2028,
    );
    std::fs::create_dir(dir.path().join("facts")).unwrap();
    dir
}

/// The BRP pool's text with its id, term, rate, dates and two clients
/// changed.
fn moved_to_2028(brp: &str) -> String {
    brp.replace("id = \"brp-pool\"", "id = \"pool-2028\"")
        .replace("start = 2017-10-01", "start = 2028-10-01")
        .replace("end = 2018-10-01", "end = 2029-10-01")
        .replace(
            "{ from = 2017-10-01, amount = \"56.96\" }",
            "{ from = 2028-10-01, amount = \"60.00\" }",
        )
        .replace("first = 2019-01-01", "first = 2030-01-01")
        .replace("2025 = \"3.3\" }", "2025 = \"3.3\", 2029 = \"2.0\" }")
        .replace("date = 2018-09-01", "date = 2029-09-01")
        .replace("first_year = 2019", "first_year = 2030")
        .replace("first_year = 2018", "first_year = 2029")
        .replace("id = \"woensdrecht\"", "id = \"roosendaal\"")
        .replace(
            "name = \"Gemeente Woensdrecht\"",
            "name = \"Gemeente Roosendaal\"",
        )
        .replace("id = \"steenbergen\"", "id = \"halderberge\"")
        .replace(
            "name = \"Gemeente Steenbergen\"",
            "name = \"Gemeente Halderberge\"",
        )
}

fn run(dir: &common::Scratch, args: &[&str]) -> common::Run {
    dir.run_own(args)
}

#[test]
fn a_third_agreement_is_only_a_toml_file() {
    let dir = third_agreement();
    let check = run(&dir, &["check"]).success();
    assert!(check.stdout.contains("pool-2028"), "{}", check.stdout);

    // The rate table covers the agreement's own first ten years:
    // 60.00 until 2029, then 60.00 × 1.02 = 61.20 in 2030 (Art. 12 lid 4).
    let show = run(&dir, &["show", "pool-2028"]).success();
    assert!(
        show.stdout.contains("│ 2028 ┆ € 60,00 ┆"),
        "{}",
        show.stdout
    );
    assert!(
        show.stdout.contains("│ 2030 ┆ € 61,20 ┆"),
        "{}",
        show.stdout
    );
    assert!(
        show.stdout.contains("Gemeente Roosendaal [roosendaal]"),
        "{}",
        show.stdout
    );

    // 2029-Q1: 126 h ÷ 4 = 31.50 h × 60.00 = 1,890.00; 5% fee = 94.50;
    // no activity log, so no travel; 1,984.50 + 21% VAT 416.75 = 2,401.25.
    let invoice = run(
        &dir,
        &["invoice", "--quarter", "2029-Q1", "--party", "Roosendaal"],
    )
    .success();
    for figure in [
        "€ 1.890,00",
        "€ 94,50",
        "€ 1.984,50",
        "€ 416,75",
        "€ 2.401,25",
    ] {
        assert!(
            invoice.stdout.contains(figure),
            "missing {figure}:\n{}",
            invoice.stdout
        );
    }

    // Art. 20 lid 2 for the first term ending 2029-10-01: notice before 1
    // September 2029, so the last day is Friday 2029-08-31.
    let deadlines = run(
        &dir,
        &[
            "deadlines",
            "--from",
            "2029-08-01",
            "--to",
            "2029-08-31",
            "--format",
            "csv",
        ],
    )
    .success();
    assert!(
        deadlines.stdout.contains("2029-08-31"),
        "{}",
        deadlines.stdout
    );
    assert!(
        deadlines
            .stdout
            .contains("pool-2028/renewal-notice/2029-10-01"),
        "{}",
        deadlines.stdout
    );
}

#[test]
fn show_years_can_be_chosen() {
    let run = ledger(&["show", "brp-pool", "--years", "2024..2025"]).success();
    assert!(run.stdout.contains("│ 2024 ┆ € 70,60 ┆"), "{}", run.stdout);
    assert!(!run.stdout.contains("│ 2023 ┆"), "{}", run.stdout);
    let bad = ledger(&["show", "brp-pool", "--years", "2025..2024"]);
    assert_eq!(bad.code, 2, "a usage error");
    assert!(
        bad.stderr.contains("--years expects FROM..TO"),
        "{}",
        bad.stderr
    );
}
