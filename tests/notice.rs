//! `ledger notice` on the shipped agreements: what a written notice given on
//! a date achieves, each end date worked out by hand from the agreement text
//! and pinned next to the article that yields it.

mod common;
use common::ledger;

use serde_json::Value;

fn notice(args: &[&str]) -> Value {
    let mut all = vec!["notice", "--format", "json"];
    all.extend_from_slice(args);
    let run = ledger(&all).success();
    run.json()
}

#[test]
fn brp_notice_before_1_september_ends_the_current_term() {
    // Art. 20 lid 2: notice "voor 1 september van het lopende jaar"; given on
    // 31 August 2018 it is on time (the last day itself) for the initial term,
    // which ends 1 October 2018 (Art. 20 lid 1).
    let v = notice(&["--agreement", "brp-pool", "--given", "2018-08-31"]);
    assert_eq!(v["ends"], "2018-10-01");
    assert_eq!(v["deadline_met"], "2018-08-31");
    assert!(v["deadline_missed"].is_null());
}

#[test]
fn brp_notice_on_1_september_ends_the_next_term() {
    // A day late for 2018: the agreement renews to 1 October 2019, and the
    // notice is on time for that term (deadline 31 August 2019).
    let v = notice(&["--agreement", "brp-pool", "--given", "2018-09-01"]);
    assert_eq!(v["ends"], "2019-10-01");
    assert_eq!(v["deadline_missed"], "2018-08-31");
    assert_eq!(v["deadline_met"], "2019-08-31");
    let run = ledger(&["notice", "--agreement", "brp-pool", "--given", "2018-09-01"]).success();
    assert!(run.stdout.contains(
        "2018-09-01 is 1 dag te laat, dus de overeenkomst wordt verlengd tot 2019-10-01"
    ));
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn brp_notice_in_november_2025() {
    // Given 22 November 2025, in the term 2025-10-02 – 2026-10-01: on time for
    // that term (deadline 31 August 2026), so it ends on 1 October 2026.
    let v = notice(&[
        "--agreement",
        "brp-pool",
        "--party",
        "Tholen",
        "--given",
        "2025-11-22",
    ]);
    assert_eq!(v["ends"], "2026-10-01");
    assert_eq!(v["deadline_met"], "2026-08-31");
    assert_eq!(v["party"]["id"], "tholen");
    // A borrower's notice ends its own participation.
    assert!(v["what_ends"]
        .as_str()
        .unwrap()
        .starts_with("de deelname van Gemeente Tholen"));
    // Art. 22: leaving earlier is an early withdrawal with compensation; the
    // figure comes from the withdrawal calculation.
    let w = &v["early_withdrawal"];
    assert_eq!(w["effective"], "2025-11-22");
    assert_eq!(w["regular_end"], "2026-10-01");
    let articles: Vec<&str> = w["rule"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["article"].as_str().unwrap())
        .collect();
    assert_eq!(articles, ["Art. 22 lid 1", "Art. 22 lid 2"]);
    let run = ledger(&[
        "notice",
        "--agreement",
        "brp-pool",
        "--party",
        "Tholen",
        "--given",
        "2025-11-22",
        "--explain",
    ])
    .success();
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn brp_provider_notice_ends_the_agreement_without_withdrawal() {
    let v = notice(&[
        "--agreement",
        "brp-pool",
        "--party",
        "bergen-op-zoom",
        "--given",
        "2019-03-01",
    ]);
    assert_eq!(v["ends"], "2019-10-01");
    assert_eq!(v["what_ends"], "de overeenkomst");
    assert!(v["early_withdrawal"].is_null());
}

#[test]
fn expatcenter_six_months_notice() {
    // Art. 5 sub b: six months' notice; Art. 5 sub a: the pilot ends 2010-12-31.
    let cases = [
        ("2010-03-15", "2010-09-15", "2010-09-15"),
        ("2010-06-30", "2010-12-30", "2010-12-30"),
        // 1 July + 6 months = 1 January 2011: the pilot ends first.
        ("2010-07-01", "2011-01-01", "2010-12-31"),
        // 31 August + 6 months = 28 February 2011 (February has no 31st).
        ("2010-08-31", "2011-02-28", "2010-12-31"),
    ];
    for (given, computed, ends) in cases {
        let v = notice(&["--agreement", "expatcenter", "--given", given]);
        assert_eq!(v["computed_end"], computed, "given {given}");
        assert_eq!(v["ends"], ends, "given {given}");
        assert_eq!(v["what_ends"], "de overeenkomst");
        assert!(v["early_withdrawal"].is_null());
    }
    let run = ledger(&[
        "notice",
        "--agreement",
        "expatcenter",
        "--party",
        "Almere",
        "--given",
        "2010-08-31",
    ])
    .success();
    assert!(run
        .stdout
        .contains("2010-08-31 + 6 maanden = 2011-02-28; februari heeft geen dag 31"));
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn notice_csv_has_one_row_per_line() {
    let run = ledger(&[
        "notice",
        "--agreement",
        "expatcenter",
        "--given",
        "2010-06-30",
        "--format",
        "csv",
    ])
    .success();
    insta::assert_snapshot!(run.transcript());
}

// --- Bad input -----------------------------------------------------------------

#[test]
fn a_notice_before_the_start_is_an_error() {
    let run = ledger(&["notice", "--agreement", "brp-pool", "--given", "2017-09-01"]);
    insta::assert_snapshot!(run.transcript(), @r"
    exit: 1
    --- stdout
    --- stderr
    error: a notice given on 2017-09-01 comes before the agreement starts on 2017-10-01
    ");
    let run = ledger(&[
        "notice",
        "--agreement",
        "expatcenter",
        "--given",
        "2010-01-01",
    ]);
    insta::assert_snapshot!(run.transcript(), @r"
    exit: 1
    --- stdout
    --- stderr
    error: a notice given on 2010-01-01 comes before the agreement starts on 2010-02-09
    ");
}

#[test]
fn other_bad_notices() {
    let run = ledger(&[
        "notice",
        "--agreement",
        "expatcenter",
        "--given",
        "2011-01-01",
    ]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "error: a notice given on 2011-01-01 comes after the agreement ended on 2010-12-31\n"
    );
    let run = ledger(&[
        "notice",
        "--agreement",
        "brp-pool",
        "--party",
        "Roosendaal",
        "--given",
        "2019-01-01",
    ]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "error: unknown party `Roosendaal` in brp-pool; the parties are: bergen-op-zoom, woensdrecht, steenbergen, tholen\n"
    );
    let run = ledger(&["notice", "--agreement", "brp-pool", "--given", "2019-02-29"]);
    assert_eq!(run.code, 2);
    assert!(run
        .stderr
        .contains("`2019-02-29` is not a date: February 2019 has 28 days"));
}

/// Art. 20 lid 2 and Art. 22 side by side: Tholen's notice on 2018-07-01 is on
/// time to end its part on 2018-10-01 without compensation; leaving at once
/// instead costs the contracted hours of 2018-07-01 ..= 2018-10-01:
/// 3 × 10.5 + 10.5 / 31 = 31.838709… h × 56.96 = 1,813.53 (DOMAIN rule 8).
#[test]
fn notice_shows_the_early_withdrawal_compensation_beside_it() {
    let run = common::ledger(&[
        "notice",
        "--agreement",
        "brp-pool",
        "--party",
        "Tholen",
        "--given",
        "2018-07-01",
    ])
    .success();
    assert!(run.stdout.contains("Einde: 2018-10-01"), "{}", run.stdout);
    assert!(
        run.stdout.contains("vergoeding: € 1.813,53"),
        "{}",
        run.stdout
    );
    let json = common::ledger(&[
        "notice",
        "--agreement",
        "brp-pool",
        "--party",
        "tholen",
        "--given",
        "2018-07-01",
        "--format",
        "json",
    ])
    .success();
    let v: serde_json::Value = json.json();
    assert_eq!(
        v["early_withdrawal"]["compensation"]["amount"], "1813.53",
        "{}",
        json.stdout
    );
}

/// Leaving at once on 2025-11-22 instead of giving notice: 126 h a year at the
/// indexed rates (Art. 12 lid 4): 2025-11-22 ..= 2025-12-31 is 10.5 × 9/30 +
/// 10.5 = 13.65 h × 72.93 = 995.49; 2026-01-01 ..= 2026-10-01 is 9 × 10.5 +
/// 10.5/31 = 94.838709… h × 75.34 = 7,145.15; together 8,140.64 (Art. 22).
#[test]
fn early_withdrawal_in_november_2025_crosses_an_indexation() {
    let run = common::ledger(&[
        "notice",
        "--agreement",
        "brp-pool",
        "--party",
        "tholen",
        "--given",
        "2025-11-22",
    ])
    .success();
    assert!(run.stdout.contains("Einde: 2026-10-01"), "{}", run.stdout);
    assert!(
        run.stdout.contains("vergoeding: € 8.140,64"),
        "{}",
        run.stdout
    );
}

/// Today (2026-11-22) a notice by Tholen ends its part on 2027-10-01 (Art. 20
/// lid 2). That answer needs no rate, so it stands even though the 2027 rate
/// cannot be known without the CPI figure for 2026 (DOMAIN rule 5): the
/// compensation beside it says why it is missing instead of failing the run.
#[test]
fn a_missing_index_figure_does_not_hide_the_notice_answer() {
    let run = common::ledger(&[
        "notice",
        "--agreement",
        "brp-pool",
        "--party",
        "Tholen",
        "--given",
        "2026-11-22",
    ])
    .success();
    assert!(run.stdout.contains("Einde: 2027-10-01"), "{}", run.stdout);
    assert!(
        run.stdout.contains(
            "vergoeding: niet te berekenen: index series `cbs-cpi` has no figure for 2026"
        ),
        "{}",
        run.stdout
    );
}

/// With Woensdrecht and Steenbergen gone from 2018-04-01, Tholen is the
/// last client: its notice ends the agreement, not only its own part.
#[test]
fn the_last_client_s_notice_ends_the_agreement() {
    let dir = common::Scratch::brp_facts_with(
        "[[withdrawals]]\nparty = \"woensdrecht\"\neffective = 2018-04-01\n\n[[withdrawals]]\nparty = \"steenbergen\"\neffective = 2018-04-01\n",
    );
    let agreements = common::root().join("agreements");
    let run = dir
        .run(&[
            "--agreements",
            agreements.to_str().unwrap(),
            "--facts",
            ".",
            "notice",
            "--agreement",
            "brp-pool",
            "--party",
            "tholen",
            "--given",
            "2018-08-01",
        ])
        .success();
    assert!(
        run.stdout
            .contains("\nEinde: 2018-10-01 — de overeenkomst\n"),
        "{}",
        run.stdout
    );
}
