//! `ledger withdraw`: the Art. 22 compensation (DOMAIN rule 8) next to the
//! regular way out under Art. 20 lid 2, its bad inputs, and the properties
//! that compensation never exceeds twelve months of contracted hours and
//! that redeployment of every hour lost removes it.

mod common;

use chrono::NaiveDate;
use common::{ledger, ledger_in, root, Scratch};
use ledger::core::agreement::Agreement;
use ledger::core::calendar::{self, Period};
use ledger::core::capacity;
use ledger::core::facts::Facts;
use ledger::core::money::Money;
use ledger::core::rate;
use ledger::core::withdrawal::{self, WithdrawalError};
use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde_json::Value;

/// The reason of a compensation in English, as `--locale en` words it.
fn reason(c: &withdrawal::Compensation) -> String {
    ledger::report::text::Text::from(c.reason.clone()).render(ledger::cli::Locale::En)
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn shipped() -> (Agreement, Facts) {
    let ds = ledger::load::load(
        &[root().join("agreements/brp-pool.toml")],
        &[root().join("examples/brp-facts.toml")],
    )
    .expect("shipped data loads");
    let e = ds.get("brp-pool").unwrap().clone();
    (e.agreement, e.facts)
}

#[test]
fn tholen_withdrawing_on_1_july_2018() {
    let run = ledger(&[
        "withdraw",
        "--agreement",
        "brp-pool",
        "--party",
        "Tholen",
        "--effective",
        "2018-07-01",
    ])
    .success();
    // Art. 22 lid 1, rule 3: 2018-07-01 ..= 2018-10-01 (end of the initial
    // term, Art. 20 lid 1) is 3 × 10.5 + 10.5 × 1/31 = 31.838709… h;
    // × 56.96 = 1,813.53; no fee on compensation.
    assert!(run.stdout.contains("€ 1.813,53"), "{}", run.stdout);
    // Art. 20 lid 2: notice before 1 September 2018 ends Tholen's part on
    // 2018-10-01; the agreement goes on between the others, as `notice`
    // says (it said "ends the agreement").
    assert!(run
        .stdout
        .contains("opzegging vóór 1 september 2018 (laatste dag 2018-08-31)"));
    assert!(run
        .stdout
        .contains("beëindigt de deelname van Gemeente Tholen op 2018-10-01 zonder vergoeding"));
    insta::assert_snapshot!(run.transcript());

    let run = ledger(&[
        "withdraw",
        "--agreement",
        "brp-pool",
        "--party",
        "Tholen",
        "--effective",
        "2018-07-01",
        "--format",
        "json",
    ])
    .success();
    let r: Value = run.json();
    assert_eq!(r["total"], "1813.53");
    assert_eq!(r["period_start"], "2018-07-01");
    assert_eq!(r["period_end"], "2018-10-01");
    assert_eq!(r["bound"], "end_of_current_term");
    assert!(r["hours_lost"]
        .as_str()
        .unwrap()
        .starts_with("31.838709677419"));
    assert_eq!(r["lines"].as_array().unwrap().len(), 1);
    assert_eq!(r["regular"]["last_notice_day"], "2018-08-31");
    assert_eq!(r["regular"]["ends"], "2018-10-01");
    // Three clients: Tholen's notice ends its own part only.
    assert_eq!(r["regular"]["participation_only"], true);

    let (a, f) = shipped();
    let c =
        withdrawal::compensation(&a, &f, "tholen", d("2018-07-01"), Decimal::ZERO, None).unwrap();
    assert_eq!(c.total, Money::parse("1813.53").unwrap());
    assert!(reason(&c).contains("to the end of the current term on 2018-10-01"));
}

#[test]
fn explain_and_csv() {
    let run = ledger(&[
        "withdraw",
        "--agreement",
        "brp-pool",
        "--party",
        "tholen",
        "--effective",
        "2018-07-01",
        "--explain",
        "--locale",
        "en",
    ])
    .success();
    assert!(run.stdout.contains("unrounded: 1,813.53"), "{}", run.stdout);
    insta::assert_snapshot!(run.transcript());
    let run = ledger(&[
        "withdraw",
        "--agreement",
        "brp-pool",
        "--party",
        "tholen",
        "--effective",
        "2018-07-01",
        "--format",
        "csv",
    ])
    .success();
    assert!(run
        .stdout
        .contains(",total,vergoeding (excl. btw),,1813.53,"));
    // The hours lost are not rounded in CSV either: the same string as the
    // JSON `hours_lost`: 10.5 h a month (126 ÷ 12) for July–September,
    // 31.50, plus 1 of 31 days of October up to the term's end on
    // 2018-10-01, 0.338709…, Art. 22 lid 1.
    assert!(run.stdout.contains(
        ",hours_lost,gederfde uren (gecontracteerde uren van de periode),31.838709677419354838709677419,,"
    ));
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn a_withdrawal_across_the_indexation_gives_one_line_per_rate() {
    // Effective 2018-12-01 in the first renewal (2018-10-02 ..= 2019-10-01):
    // December 10.5 h − 5 redeployed = 5.5 h × 56.96 = 313.28; 2019: 9 × 10.5
    // + 10.5/31 = 94.838709… h × 57.93 (CPI 2018 1.7%, rule 5) = 5,494.01.
    let (a, f) = shipped();
    let c = withdrawal::compensation(&a, &f, "tholen", d("2018-12-01"), dec!(5), None).unwrap();
    assert_eq!(c.lines.len(), 2);
    assert_eq!(c.lines[0].amount, Money::parse("313.28").unwrap());
    assert_eq!(c.lines[1].amount, Money::parse("5494.01").unwrap());
    assert_eq!(c.total, Money::parse("5807.29").unwrap());
    // The regular way out of that term: notice before 1 September 2019.
    let r = c.regular.unwrap();
    assert_eq!(r.last_notice_day, d("2019-08-31"));
    assert_eq!(r.ends, d("2019-10-01"));
}

#[test]
fn the_cap_and_the_external_contract_limit_the_period() {
    let (a, f) = shipped();
    // Art. 22 lid 2: the external contract can end on 2018-08-15, so the
    // period is 2018-07-01 ..= 2018-08-15: 10.5 + 10.5 × 15/31 h.
    let c = withdrawal::compensation(
        &a,
        &f,
        "tholen",
        d("2018-07-01"),
        dec!(0),
        Some(d("2018-08-15")),
    )
    .unwrap();
    assert_eq!(c.period.unwrap().end(), d("2018-08-15"));
    assert_eq!(
        c.total,
        Money::round((dec!(10.5) + dec!(10.5) * dec!(15) / dec!(31)) * dec!(56.96))
    );
    // It can end before the effective date: nothing is owed.
    let c = withdrawal::compensation(
        &a,
        &f,
        "tholen",
        d("2018-07-01"),
        dec!(0),
        Some(d("2018-06-30")),
    )
    .unwrap();
    assert!(c.total.is_zero());
    assert!(reason(&c)
        .starts_with("no compensation: the provider's external contract can end on 2018-06-30"));
    let run = ledger(&[
        "withdraw",
        "--agreement",
        "brp-pool",
        "--party",
        "Tholen",
        "--effective",
        "2018-07-01",
        "--external-contract-ends",
        "2018-06-30",
    ])
    .success();
    insta::assert_snapshot!(run.transcript());
    // Redeployed hours at or above the hours lost: zero, with the reason.
    let run = ledger(&[
        "withdraw",
        "--agreement",
        "brp-pool",
        "--party",
        "Tholen",
        "--effective",
        "2018-07-01",
        "--redeployed-hours",
        "40",
    ])
    .success();
    assert!(run.stdout.contains(
        "waarom: geen vergoeding: de 40,00 elders ingezette uren dekken alle 31,84 gederfde uren"
    ));
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn bad_inputs_are_clear_errors() {
    let w = |agreement: &'static str, rest: &[&'static str]| -> Vec<&'static str> {
        let mut v = vec!["withdraw", "--agreement", agreement, "--party"];
        v.extend_from_slice(rest);
        v
    };
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (w("brp-pool", &["Tholen", "--effective", "2017-09-30"]),
         "error: the withdrawal date 2017-09-30 lies before agreement `brp-pool` starts on 2017-10-01"),
        (w("brp-pool", &["Roosendaal", "--effective", "2018-07-01"]),
         "error: unknown party `Roosendaal` in agreement `brp-pool`; the clients are: Gemeente Woensdrecht (woensdrecht), Gemeente Steenbergen (steenbergen), Gemeente Tholen (tholen)"),
        (w("brp-pool", &["Bergen op Zoom", "--effective", "2018-07-01"]),
         "error: Gemeente Bergen op Zoom is the provider of agreement `brp-pool`, not a borrower"),
        (w("expatcenter", &["Almere", "--effective", "2010-07-01"]),
         "error: agreement `expatcenter` has no withdrawal clause"),
    ];
    for (all, expected) in cases {
        let run = ledger(&all);
        assert_eq!(run.code, 1, "{all:?}: {}", run.transcript());
        assert!(run.stdout.is_empty());
        assert_eq!(run.stderr.trim_end(), expected, "{all:?}");
    }
    // A malformed or negative option value is a usage error, said by the
    // value's parser.
    let usage: Vec<(Vec<&str>, &str)> = vec![
        (w("brp-pool", &["Tholen", "--effective", "2018-07-01", "--redeployed-hours=-5"]),
         "error: invalid value '-5' for '--redeployed-hours <H>': hours cannot be negative, got `-5`"),
        (w("brp-pool", &["Tholen", "--effective", "2018-07-01", "--redeployed-hours", "5,5"]),
         "error: invalid value '5,5' for '--redeployed-hours <H>': expected a plain decimal number like 10.5, found \"5,5\""),
    ];
    for (all, expected) in usage {
        let run = ledger(&all);
        assert_eq!(run.code, 2, "{all:?}: {}", run.transcript());
        assert!(run.stdout.is_empty());
        assert!(run.stderr.starts_with(expected), "{all:?}: {}", run.stderr);
    }
}

#[test]
fn a_date_after_the_agreement_ends_is_an_error() {
    // Bergen op Zoom gives notice on 2018-08-01: the agreement ends on
    // 2018-10-01 (Art. 20 lid 2); a withdrawal from 2018-11-01 is too late.
    let dir =
        Scratch::brp_facts_with("[[notices]]\nparty = \"bergen-op-zoom\"\ngiven = 2018-08-01\n");
    let agreements = root().join("agreements");
    let run = ledger_in(
        dir.path(),
        &[
            "--agreements",
            agreements.to_str().unwrap(),
            "--facts",
            ".",
            "withdraw",
            "--agreement",
            "brp-pool",
            "--party",
            "Tholen",
            "--effective",
            "2018-11-01",
        ],
    );
    insta::assert_snapshot!(run.transcript(), @r"
    exit: 1
    --- stdout
    --- stderr
    error: the withdrawal date 2018-11-01 lies after agreement `brp-pool` ends on 2018-10-01
    ");
    let (a, f) = shipped();
    assert!(matches!(
        withdrawal::compensation(&a, &f, "tholen", d("2018-07-01"), dec!(-0.01), None),
        Err(WithdrawalError::NegativeRedeployed { .. })
    ));
}

/// Twelve months of contracted hours from `effective` at the rate in force
/// in each month, each month rounded up to the next cent.
fn twelve_months(a: &Agreement, f: &Facts, effective: NaiveDate) -> Decimal {
    let end = calendar::add_months(effective, 12).pred_opt().unwrap();
    let ch = capacity::contracted_hours(a, f, "woensdrecht", Period::new(effective, end).unwrap())
        .unwrap();
    ch.months
        .iter()
        .map(|m| {
            let r = rate::rate_on(a, "hourly", m.covered.start())
                .unwrap()
                .amount;
            (m.hours * r).round_dp_with_strategy(2, rust_decimal::RoundingStrategy::AwayFromZero)
        })
        .sum()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(150))]

    /// Compensation never exceeds 12 months of contracted hours at the rate
    /// in force, and redeployed hours at or above the hours lost give zero.
    #[test]
    fn compensation_is_capped_and_redeployment_removes_it(
        days in 0i64..(365 * 8),
        redeployed_cents in 0i64..20_000,
        external_days in proptest::option::of(-60i64..800),
    ) {
        let (a, f) = shipped();
        let effective = d("2017-10-01") + chrono::Days::new(days as u64);
        let external = external_days.map(|x| effective + chrono::Duration::days(x));
        let redeployed = Decimal::new(redeployed_cents, 2);
        let c = withdrawal::compensation(&a, &f, "woensdrecht", effective, redeployed, external).unwrap();
        let cap = twelve_months(&a, &f, effective);
        prop_assert!(c.total.amount() <= cap, "{} > {}", c.total, cap);
        prop_assert!(c.hours_charged <= c.hours_lost);
        prop_assert_eq!(c.total.is_zero(), c.hours_charged.is_zero() || c.lines.is_empty());
        let all = withdrawal::compensation(&a, &f, "woensdrecht", effective, c.hours_lost + redeployed, external).unwrap();
        prop_assert!(all.total.is_zero());
        prop_assert!(reason(&all).starts_with("no compensation"), "{}", reason(&all));
    }
}

/// Whose part a notice ends depends on who is still in: with Woensdrecht
/// and Steenbergen gone from 2018-04-01, Tholen is the last client, and its
/// notice ends the agreement itself on 2018-10-01.
#[test]
fn the_last_client_s_notice_ends_the_agreement() {
    let dir = Scratch::brp_facts_with(
        "[[withdrawals]]\nparty = \"woensdrecht\"\neffective = 2018-04-01\n\n[[withdrawals]]\nparty = \"steenbergen\"\neffective = 2018-04-01\n",
    );
    let agreements = root().join("agreements");
    let run = dir
        .run(&[
            "--agreements",
            agreements.to_str().unwrap(),
            "--facts",
            ".",
            "withdraw",
            "--agreement",
            "brp-pool",
            "--party",
            "tholen",
            "--effective",
            "2018-07-01",
        ])
        .success();
    assert!(
        run.stdout
            .contains("… beëindigt de overeenkomst op 2018-10-01 zonder vergoeding"),
        "{}",
        run.stdout
    );
}
