//! `ledger budget`: the expected cost per borrower against the EUR 8,000
//! advice (BRP Art. 12 lid 4), with the indexed rate from 2019 (rule 5), a
//! declared budget converted to hours (Art. 4 lid 4) and the expected
//! house-visit income (Art. 4 lid 5, Art. 12 lid 5).

mod common;

use chrono::NaiveDate;
use common::{ledger, root};
use ledger::core::capacity::{self, HoursBasis};
use ledger::core::facts::{Declaration, Declared};
use ledger::core::money::Money;
use rust_decimal_macros::dec;
use serde_json::Value;

fn budgets(year: &str) -> Value {
    let run = ledger(&["budget", "--year", year, "--format", "json"]).success();
    run.json()
}

fn party<'a>(r: &'a Value, id: &str) -> &'a Value {
    r["agreements"][0]["budgets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["party"] == id)
        .unwrap()
}

#[test]
fn budget_2018_matches_the_advice() {
    let run = ledger(&["budget", "--year", "2018"]).success();
    let r = budgets("2018");
    for id in ["woensdrecht", "steenbergen", "tholen"] {
        let b = party(&r, id);
        // 126 h (Art. 4 lid 5) × 56.96 = 7,176.96; fee 5% = 358.85
        // (Art. 12 lid 6); 7,535.81, within the 8,000 advice by 464.19.
        assert_eq!(b["hours"], "126.00");
        assert_eq!(b["service"], "7176.96");
        assert_eq!(b["fee"], "358.85");
        assert_eq!(b["cost"], "7535.81");
        assert_eq!(b["advice"], "8000.00");
        assert_eq!(b["margin"], "464.19");
        // 40 house visits expected (Art. 4 lid 5) × 70 (Art. 12 lid 5).
        assert_eq!(b["expected_units"], "40");
        assert_eq!(b["income"], "2800.00");
        assert_eq!(b["net"], "4735.81");
    }
    // Travel comes from the 2017 log, which covers October–December only
    // (92 days), scaled to the 365 days of 2018: Woensdrecht 322.7 km ×
    // 365 / 92 = 1,280.28… km × 0.19 = 243.2527 → 243.25; Tholen 615.2 km →
    // 2,440.74… km × 0.19 = 463.740 → 463.74 (Art. 5 lid 3, assumed km rate).
    assert_eq!(party(&r, "woensdrecht")["travel"], "243.25");
    assert_eq!(party(&r, "tholen")["travel"], "463.74");
    assert!(party(&r, "woensdrecht")["travel_note"]
        .as_str()
        .unwrap()
        .contains("dat 2017-10-01 tot en met 2017-12-31 beslaat (alleen 92 dagen, 322.7 km"));
    assert!(run.stdout.contains("€ 7.535,81"));
    assert!(run.stdout.contains("€ 464,19"));
    // CSV prints the hours and the rate as JSON does: 126.00 h, 56.96.
    let csv_out = ledger(&["budget", "--year", "2018", "--format", "csv"]).success();
    for line in csv_out.stdout.lines().skip(1) {
        assert!(line.contains(",126.00,default,56.96,7176.96,"), "{line}");
    }
    assert_eq!(party(&r, "tholen")["rate"], "56.96");
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn scaled_travel_km_is_written_with_one_decimal_and_the_amount_stays_unrounded() {
    // The 2017 log covers 2017-10-01..2017-12-31, 92 days; 2018 has 365.
    //   Woensdrecht 322.7 km × 365 / 92 = 117,785.5 / 92 = 1,280.2771… → 1,280.3
    //   Steenbergen 317.9 km × 365 / 92 = 116,033.5 / 92 = 1,261.2336… → 1,261.2
    //   Tholen      615.2 km × 365 / 92 = 224,548.0 / 92 = 2,440.7391… → 2,440.7
    // (one decimal, half away from zero). The travel amount is computed
    // from the unrounded km, as before: 1,280.2771… × 0.19 = 243.2527… →
    // 243.25, where the written 1,280.3 × 0.19 = 243.257 would give 243.26;
    // 1,261.2336… × 0.19 = 239.6344… → 239.63; 2,440.7391… × 0.19 =
    // 463.7404… → 463.74.
    let r = budgets("2018");
    for (id, km, travel) in [
        ("woensdrecht", "1280.3", "243.25"),
        ("steenbergen", "1261.2", "239.63"),
        ("tholen", "2440.7", "463.74"),
    ] {
        assert_eq!(party(&r, id)["travel_km"], km, "{id}");
        assert_eq!(party(&r, id)["travel"], travel, "{id}");
    }
    let plain = ledger(&["budget", "--year", "2018", "--format", "csv"]).success();
    let nl = ledger(&[
        "budget",
        "--year",
        "2018",
        "--format",
        "csv",
        "--csv-dialect",
        "nl",
    ])
    .success();
    // The columns travel_km and travel, after margin 464.19.
    assert!(
        plain.stdout.contains(",464.19,1280.3,243.25,"),
        "{}",
        plain.stdout
    );
    assert!(
        plain.stdout.contains(",464.19,1261.2,239.63,"),
        "{}",
        plain.stdout
    );
    assert!(
        plain.stdout.contains(",464.19,2440.7,463.74,"),
        "{}",
        plain.stdout
    );
    assert!(
        nl.stdout.contains(";464,19;1280,3;243,25;"),
        "{}",
        nl.stdout
    );
    assert!(
        nl.stdout.contains(";464,19;1261,2;239,63;"),
        "{}",
        nl.stdout
    );
    assert!(
        nl.stdout.contains(";464,19;2440,7;463,74;"),
        "{}",
        nl.stdout
    );
    // A whole year's log is not scaled, and is written with one decimal
    // too: Woensdrecht's 2018 rows sum to 1,671.8 km × 0.19 = 317.642 →
    // 317.64.
    let w = party(&budgets("2019"), "woensdrecht").clone();
    assert_eq!(w["travel_km"], "1671.8");
    assert_eq!(w["travel"], "317.64");
}

#[test]
fn budget_2019_uses_the_indexed_rate_and_the_declarations() {
    let run = ledger(&["budget", "--year", "2019", "--locale", "en"]).success();
    let r = budgets("2019");
    // 56.96 × 1.017 = 57.928… → 57.93 (CPI 2018, rule 5).
    // Woensdrecht declared 140 h: 8,110.20 + 405.51 = 8,515.71, margin −515.71.
    let w = party(&r, "woensdrecht");
    assert_eq!(w["rate"], "57.93");
    assert_eq!(w["hours_basis"], "declared");
    assert_eq!(w["service"], "8110.20");
    assert_eq!(w["fee"], "405.51");
    assert_eq!(w["cost"], "8515.71");
    assert_eq!(w["margin"], "-515.71");
    // Steenbergen declared a budget of 8,000: 8000 ÷ (57.93 × 1.05) =
    // 131.52 h (cut); 7,618.95 + 380.95 = 7,999.90, margin 0.10.
    let s = party(&r, "steenbergen");
    assert_eq!(s["hours_basis"], "budget");
    assert_eq!(s["hours"], "131.52");
    assert_eq!(s["cost"], "7999.90");
    assert_eq!(s["margin"], "0.10");
    // Tholen declared nothing: 126 h → 7,299.18 + 364.96 = 7,664.14, margin 335.86.
    let t = party(&r, "tholen");
    assert_eq!(t["hours_basis"], "default");
    assert_eq!(t["cost"], "7664.14");
    assert_eq!(t["margin"], "335.86");
    // Travel from the full 2018 log: Woensdrecht 1,671.8 km × 0.19 = 317.64.
    assert_eq!(w["travel"], "317.64");
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn budget_csv_and_explain() {
    let run = ledger(&["budget", "--year", "2019", "--format", "csv"]).success();
    assert!(run.stdout.contains(
        "brp-pool,2019,steenbergen,Gemeente Steenbergen,131.52,budget,57.93,7618.95,380.95,7999.90,8000.00,0.10,"
    ));
    insta::assert_snapshot!(run.transcript());
    let run = ledger(&[
        "budget",
        "--year",
        "2017",
        "--agreement",
        "brp-pool",
        "--explain",
    ])
    .success();
    // 2017 covers October–December: 31.5 h, and 40 × 31.5/126 = 10 visits.
    assert!(run.stdout.contains("31,50 (standaard)"));
    assert!(run.stdout.contains("€ 700,00"));
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn a_budget_year_without_a_term_is_an_error() {
    let run = ledger(&["budget", "--year", "2016"]);
    insta::assert_snapshot!(run.transcript(), @r"
    exit: 1
    --- stdout
    --- stderr
    error: no budget for 2016: agreement `brp-pool` has no term in 2016: it runs from 2017-10-01 and renews
    ");
    let run = ledger(&["budget", "--year", "2010", "--agreement", "expatcenter"]);
    insta::assert_snapshot!(run.transcript(), @r"
    exit: 1
    --- stdout
    --- stderr
    error: agreement `expatcenter` has no contracted hours to budget
    ");
}

/// DOMAIN: a budget declaration of 8,000 at 56.96 gives 133.76 h
/// (8000 ÷ (56.96 × 1.05) = 133.7613…, cut to 2 decimals, Art. 4 lid 4),
/// and 133.76 × 56.96 = 7,618.97 + 380.95 = 7,999.92 stays within it.
#[test]
fn a_budget_of_8000_at_56_96_buys_133_76_hours() {
    let ds = ledger::load::load(
        &[root().join("agreements/brp-pool.toml")],
        &[root().join("examples/brp-facts.toml")],
    )
    .unwrap();
    let e = ds.get("brp-pool").unwrap();
    let mut f = e.facts.clone();
    // Declarations may be given before the start; this one for 2018 is.
    f.declarations.push(Declaration {
        party: "tholen".into(),
        year: 2018,
        given: NaiveDate::from_ymd_opt(2017, 9, 1).unwrap(),
        declared: Declared::Budget(Money::parse("8000.00").unwrap()),
        source: "test".into(),
        consent: None,
    });
    let y = capacity::yearly_hours(&e.agreement, &f, "tholen", 2018).unwrap();
    assert_eq!(y.hours, dec!(133.76));
    assert!(matches!(y.basis, HoursBasis::Budget { .. }));
    let service = Money::round(y.hours * dec!(56.96));
    assert_eq!(service, Money::parse("7618.97").unwrap());
    let (_, fee) = service.percent(dec!(5));
    assert_eq!(fee, Money::parse("380.95").unwrap());
    assert_eq!(service + fee, Money::parse("7999.92").unwrap());

    // The same through the budget: cost 7,999.92, margin 0.08.
    let b = ledger::core::budget::budget(
        &e.agreement,
        &f,
        "tholen",
        2018,
        &ledger::core::budget::PreviousYear::default(),
    )
    .unwrap();
    assert_eq!(b.cost, Money::parse("7999.92").unwrap());
    assert_eq!(b.margin, Some(Money::parse("0.08").unwrap()));
}

#[test]
fn expected_per_year_is_validated() {
    let dir = common::Scratch::new();
    dir.copy_edited("agreements/brp-pool.toml", "brp-pool.toml", |toml| {
        toml.replace("expected_per_year = 40", "expected_per_year = -1")
    });
    std::fs::create_dir(dir.path().join("no-facts")).unwrap();
    let run = dir.run(&["--agreements", ".", "--facts", "no-facts", "check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("expected_per_year must be from 0 to 100000, found -1"),
        "{}",
        run.stderr
    );
}

/// The advice is yearly ("3 uur per week, gedurende 42 weken", Art. 12 lid
/// 4): in 2017 the pool runs from 2017-10-01, 31.50 of the 126 hours, so the
/// advice counts 8,000.00 × 31.50 / 126 = 2,000.00 and the margin is
/// 2,000.00 − 1,883.95 = 116.05 (it compared the whole 8,000.00: 6,116.05).
#[test]
fn a_part_year_counts_its_share_of_the_advice() {
    let r = budgets("2017");
    for id in ["woensdrecht", "steenbergen", "tholen"] {
        let b = party(&r, id);
        assert_eq!(b["hours"], "31.50");
        assert_eq!(b["cost"], "1883.95");
        assert_eq!(b["advice"], "2000.00");
        assert_eq!(b["margin"], "116.05");
    }
    let run = ledger(&["budget", "--year", "2017", "--explain"]).success();
    assert!(run.stdout.contains("  marge van woensdrecht in 2017 (Art. 12 lid 4)\n    formule:    geadviseerd budget × gecontracteerde uren van het deel ÷ jaaruren − (dienst + opslag), vóór reiskosten\n    invoer:     geadviseerd budget = € 8.000,00  [budget_advice.amount]\n    invoer:     deel van het jaar = 31,50 ÷ 126  [gecontracteerde uren]\n    invoer:     geadviseerd budget van het deel = € 2.000,00  [geadviseerd budget × deel van het jaar, op centen]\n    invoer:     dienst + opslag = € 1.883,95  [de regels hierboven]\n    uitkomst:   € 116,05\n"), "{}", run.stdout);
}

/// Tholen withdraws effective 2019-08-15 (Art. 22): its 2019 budget covers
/// 2019-01-01 to 2019-08-14, 10.5 h × (7 + 14/31) = 78.2419… h: 78.24 ×
/// 57.93 → 4,532.56, fee 226.63, cost 4,759.19; the advice 8,000.00 ×
/// 78.2419… / 126 = 4,967.74, margin 208.55. The compensation it owes from
/// the effective date up to and including the term's end on 2019-10-01
/// (Art. 22 lid 1): 10.5 × 17/31 + 10.5 + 10.5 × 1/31 = 16.5967… h × 57.93
/// = 961.4511… → 961.45, is told beside the budget, as `withdraw` gives it.
#[test]
fn a_withdrawal_in_the_year_tells_its_compensation_beside_the_budget() {
    let dir = common::Scratch::brp_facts_with(
        "[[withdrawals]]\nparty = \"tholen\"\neffective = 2019-08-15\n",
    );
    let agreements = root().join("agreements");
    let data = ["--agreements", agreements.to_str().unwrap(), "--facts", "."];
    let run = dir
        .run(
            &[
                &data[..],
                &["budget", "--year", "2019", "--agreement", "brp-pool"],
            ]
            .concat(),
        )
        .success();
    assert!(run.stdout.contains("│ Gemeente Tholen      ┆  78,24 (standaard) ┆ € 57,93 ┆ € 4.532,56 ┆ € 226,63 ┆ € 4.759,19 ┆ € 4.967,74 ┆  € 208,55 ┆"), "{}", run.stdout);
    let withdraw = dir
        .run(
            &[
                &data[..],
                &[
                    "withdraw",
                    "--agreement",
                    "brp-pool",
                    "--party",
                    "tholen",
                    "--effective",
                    "2019-08-15",
                    "--format",
                    "json",
                ],
            ]
            .concat(),
        )
        .success()
        .json();
    assert_eq!(withdraw["total"], "961.45");
    // The explanation writes the part's hours as they are divided, and the
    // advice of the part: 8,000.00 × 78.241935… / 126 = 4,967.7419… →
    // 4,967.74; 4,967.74 − 4,759.19 = 208.55.
    let explained = dir
        .run(
            &[
                &data[..],
                &[
                    "budget",
                    "--year",
                    "2019",
                    "--agreement",
                    "brp-pool",
                    "--explain",
                ],
            ]
            .concat(),
        )
        .success();
    assert!(explained.stdout.contains("  marge van tholen in 2019 (Art. 12 lid 4)\n    formule:    geadviseerd budget × gecontracteerde uren van het deel ÷ jaaruren − (dienst + opslag), vóór reiskosten\n    invoer:     geadviseerd budget = € 8.000,00  [budget_advice.amount]\n    invoer:     deel van het jaar = 78,241935… ÷ 126  [gecontracteerde uren]\n    invoer:     geadviseerd budget van het deel = € 4.967,74  [geadviseerd budget × deel van het jaar, op centen]\n    invoer:     dienst + opslag = € 4.759,19  [de regels hierboven]\n    uitkomst:   € 208,55\n"), "{}", explained.stdout);
    assert!(run.stdout.contains("\nopmerking: Gemeente Tholen treedt uit per 2019-08-15: de uittredingsvergoeding (Art. 22 lid 1) staat niet in de begroting en komt erbij, € 961,45 excl. btw\n"), "{}", run.stdout);
}
