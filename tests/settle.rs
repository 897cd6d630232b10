//! `ledger settle`: the year-end settlement (DOMAIN rule 7, BRP Art. 12 lid 3,
//! Art. 4 lid 2, 4 lid 3, 13 lid 2, 13 lid 3) on the shipped data, with a
//! recorded exception, its bad inputs, and the property that the hours a
//! client pays for over a year are its delivered hours plus take-or-pay.

mod common;

use std::path::Path;

use common::{ledger, ledger_in, replaced, root, Scratch};
use ledger::core::activity::{Aggregate, Totals};
use ledger::core::agreement::Agreement;
use ledger::core::facts::{ExceptionFact, Facts, YearHours};
use ledger::core::invoice::Month;
use ledger::core::money::Money;
use ledger::core::settlement;
use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde_json::Value;

fn json(args: &[&str]) -> Value {
    ledger(args).success().json()
}

/// The settlement of `party` in a `settle --format json` report.
fn party<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["agreements"][0]["settlements"]
        .as_array()
        .expect("settlements")
        .iter()
        .find(|s| s["party"] == id)
        .unwrap_or_else(|| panic!("no settlement for {id}"))
}

#[test]
fn settle_2018_on_the_shipped_data() {
    let run = ledger(&["settle", "--year", "2018"]).success();
    let r = json(&["settle", "--year", "2018", "--format", "json"]);

    // Woensdrecht delivered 131.50 h against 126 contracted: 5.5 extra hours
    // (Art. 4 lid 3) × 56.96 = 313.28; fee 5% = 15.66 (Art. 12 lid 6);
    // 328.94 excl. VAT, VAT 21% = 69.08, 398.02 incl. VAT.
    let w = party(&r, "woensdrecht");
    assert_eq!(w["hours"]["delivered"], "131.50");
    assert_eq!(w["hours"]["over_use"], "5.50");
    assert_eq!(w["lines"][0]["amount"], "313.28");
    assert_eq!(w["lines"][1]["amount"], "15.66");
    assert_eq!(w["totals"]["total_excl_vat"], "328.94");
    assert_eq!(w["totals"]["vat_total"], "69.08");
    assert_eq!(w["totals"]["total_incl_vat"], "398.02");
    assert_eq!(w["outcome"], "extra");
    // 44 house visits × 70 = 3,080.00 (Art. 12 lid 5); net cost = 7,176.96 +
    // 358.84 (four quarterly fees) + 328.94 − 3,080.00 = 4,784.74.
    assert_eq!(w["income"][0]["amount"], "3080.00");
    assert_eq!(w["net_cost"], "4784.74");

    // Steenbergen delivered 110 h: 16 h under, 6 h redeployed (facts) are
    // refunded: -6 × 56.96 = -341.76, fee -17.09, -358.85; 10 h stay due
    // (take-or-pay, Art. 13 lid 2).
    let s = party(&r, "steenbergen");
    assert_eq!(s["hours"]["under_use"], "16.00");
    assert_eq!(s["hours"]["redeployed"], "6.00");
    assert_eq!(s["hours"]["take_or_pay"], "10.00");
    assert_eq!(s["lines"][0]["amount"], "-341.76");
    assert_eq!(s["lines"][1]["amount"], "-17.09");
    assert_eq!(s["totals"]["total_excl_vat"], "-358.85");
    // 37 house visits × 70 = 2,590.00 (Art. 12 lid 5); net cost =
    // 7,176.96 + 358.84 (four quarterly fees of 89.71) − 358.85 − 2,590.00.
    assert_eq!(s["income"][0]["amount"], "2590.00");
    assert_eq!(s["invoiced_service"], "7176.96");
    assert_eq!(s["invoiced_fee"], "358.84");
    assert_eq!(s["net_cost"], "4586.95");

    // Tholen delivered 118 h: 8 h under, all of them not delivered by the
    // lender (Art. 4 lid 2, never charged): -455.68 - 22.78 = -478.46.
    let t = party(&r, "tholen");
    assert_eq!(t["hours"]["not_delivered"], "8.00");
    assert_eq!(t["hours"]["take_or_pay"], "0.00");
    assert_eq!(t["totals"]["total_excl_vat"], "-478.46");
    // 40 house visits: income 2,800.00.
    assert_eq!(t["income"][0]["amount"], "2800.00");
    assert_eq!(t["net_cost"], "4257.34");

    // The Expatcenter bills no hours: a note, not a failure.
    assert!(run
        .stdout
        .contains("opmerking: expatcenter: geen gecontracteerde uren, niets af te rekenen"));
    insta::assert_snapshot!(run.transcript());
}

/// `--party` builds only that client's invoices (the others' are never
/// built), and each settlement is the very one of the report of all
/// clients. The net costs as worked out above: Woensdrecht 7,176.96 (126 h
/// contracted × 56.96, Art. 12 lid 4) + 358.84 + 328.94 − 3,080.00 = 4,784.74;
/// Steenbergen 7,176.96 + 358.84 − 358.85 − 2,590.00 = 4,586.95; Tholen
/// 7,176.96 + 358.84 − 478.46 − 2,800.00 = 4,257.34.
#[test]
fn settle_party_is_the_party_of_the_whole_report() {
    let all = json(&["settle", "--year", "2018", "--format", "json"]);
    for (id, net_cost) in [
        ("woensdrecht", "4784.74"),
        ("steenbergen", "4586.95"),
        ("tholen", "4257.34"),
    ] {
        let one = json(&[
            "settle", "--year", "2018", "--party", id, "--format", "json",
        ]);
        let settlements = one["agreements"][0]["settlements"].as_array().unwrap();
        assert_eq!(settlements.len(), 1, "{id}");
        assert_eq!(&settlements[0], party(&all, id), "{id}");
        assert_eq!(settlements[0]["net_cost"], net_cost, "{id}");
        assert_eq!(settlements[0]["invoiced_service"], "7176.96", "{id}");
    }
}

#[test]
fn settle_2017_uses_the_contracted_hours_of_october_to_december() {
    let r = json(&["settle", "--year", "2017", "--format", "json"]);
    // 3 months × 10.5 h = 31.5 h contracted in 2017 (Art. 26, rule 3).
    let w = party(&r, "woensdrecht");
    assert_eq!(w["hours"]["contracted"], "31.50");
    assert_eq!(w["start"], "2017-10-01");
    // Woensdrecht 30 h delivered: 1.5 h under, nothing redeployed: take-or-pay.
    assert_eq!(w["hours"]["take_or_pay"], "1.50");
    assert_eq!(w["outcome"], "none");
    // Steenbergen 28.5 h: 3 h take-or-pay.
    assert_eq!(party(&r, "steenbergen")["hours"]["take_or_pay"], "3.00");
    // Tholen 33 h: 1.5 h extra × 56.96 = 85.44, fee 4.27, 89.71.
    let t = party(&r, "tholen");
    assert_eq!(t["lines"][0]["amount"], "85.44");
    assert_eq!(t["lines"][1]["amount"], "4.27");
    assert_eq!(t["totals"]["total_excl_vat"], "89.71");
    // Net cost of the pilot quarter: one invoice of 1,794.24 + 89.71, plus
    // the settlement, minus 70 per house visit (9, 8 and 11 visits):
    // 1,883.95 − 630.00 = 1,253.95; 1,883.95 − 560.00 = 1,323.95;
    // 1,883.95 + 89.71 − 770.00 = 1,203.66.
    assert_eq!(w["net_cost"], "1253.95");
    assert_eq!(party(&r, "steenbergen")["net_cost"], "1323.95");
    assert_eq!(t["net_cost"], "1203.66");
}

#[test]
fn settle_csv_has_one_row_per_statement_line() {
    let run = ledger(&[
        "settle",
        "--year",
        "2018",
        "--party",
        "Steenbergen",
        "--format",
        "csv",
    ])
    .success();
    assert!(run.stdout.contains(
        "brp-pool,steenbergen,2018,settlement_excl_vat,afrekening excl. btw,,-358.85,Art. 12 lid 3"
    ));
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn settle_explains_every_figure() {
    let run = ledger(&[
        "settle",
        "--year",
        "2018",
        "--agreement",
        "brp-pool",
        "--party",
        "steenbergen",
        "--explain",
        "--locale",
        "en",
    ])
    .success();
    assert!(run.stdout.contains("unrounded: -17.088"));
    insta::assert_snapshot!(run.transcript());
}

/// `--party` filters the activity log's warnings: of the two 2018 shifts
/// with one supervisor outside 07:00–18:00 (Art. 5 lid 2), Tholen's
/// settlement shows only its own (log line 141), Woensdrecht's none.
#[test]
fn party_filters_the_activity_warnings() {
    let all = ledger(&["settle", "--year", "2018"]).success();
    assert!(all
        .stderr
        .contains("brp-activity.csv:125: 2018-10-04 steenbergen"));
    let tholen = ledger(&["settle", "--year", "2018", "--party", "tholen"]).success();
    let warnings: Vec<&str> = tholen
        .stderr
        .lines()
        .filter(|l| l.contains("Art. 5 lid 2"))
        .collect();
    assert_eq!(
        warnings,
        [
            "warning: examples/brp-activity.csv:141: 2018-11-16 tholen 06:30–09:00 \
          with 1 supervisor outside 07:00–18:00; in principle 2 (Art. 5 lid 2)"
        ]
    );
    let woensdrecht = ledger(&["settle", "--year", "2018", "--party", "woensdrecht"]).success();
    assert!(
        !woensdrecht.stderr.contains("Art. 5 lid 2"),
        "{}",
        woensdrecht.stderr
    );
}

/// CSV and JSON print the hours of a settlement as the same strings: exact,
/// at least 2 decimals (Steenbergen 2018: contracted 126.00 h, Art. 4 lid 5;
/// under-use 16.00 of which 6.00 redeployed and 10.00 take-or-pay, Art. 13
/// lid 2; the refund line −6.00 h).
#[test]
fn csv_and_json_print_hours_alike() {
    let args = ["settle", "--year", "2018", "--party", "steenbergen"];
    let r = json(&[&args[..], &["--format", "json"]].concat());
    let s = party(&r, "steenbergen");
    let run = ledger(&[&args[..], &["--format", "csv"]].concat()).success();
    let mut reader = csv::Reader::from_reader(run.stdout.as_bytes());
    let hours: std::collections::HashMap<String, String> = reader
        .records()
        .map(|r| r.unwrap())
        .map(|r| (r[3].to_string(), r[5].to_string()))
        .collect();
    for (item, key, text) in [
        ("contracted", "contracted", "126.00"),
        ("invoiced_service", "invoiced", "126.00"),
        ("delivered", "delivered", "110.00"),
        ("over_use", "over_use", "0.00"),
        ("under_use", "under_use", "16.00"),
        ("redeployed", "redeployed", "6.00"),
        ("take_or_pay", "take_or_pay", "10.00"),
    ] {
        assert_eq!(hours[item], text, "CSV {item}");
        assert_eq!(s["hours"][key], text, "JSON {key}");
    }
    assert_eq!(hours["refund"], "-6.00");
    assert_eq!(s["lines"][0]["quantity"], "-6.00");
    assert_eq!(s["lines"][0]["unit_price"], "56.96");
    assert_eq!(s["rate"], "56.96");
    assert_eq!(s["quarters"][0]["hours"], "31.50");
}

/// A settlement needs the hours delivered in the year (Art. 12 lid 3): the
/// shipped log ends in 2018, so 2019 cannot be settled and says why.
#[test]
fn a_year_without_log_rows_is_an_error() {
    for args in [
        &["settle", "--year", "2019", "--party", "steenbergen"][..],
        &["settle", "--year", "2019"][..],
        &[
            "settle",
            "--year",
            "2019",
            "--agreement",
            "brp-pool",
            "--format",
            "json",
        ][..],
    ] {
        let run = ledger(args);
        assert_eq!(run.code, 1, "{}", run.transcript());
        assert_eq!(run.stdout, "");
        assert_eq!(
            run.stderr,
            "error: cannot settle agreement `brp-pool` for 2019: the activity log \
             (examples/brp-activity.csv) has no row in 2019, so the hours delivered \
             in 2019 are unknown\n"
        );
    }
}

/// A log that stops before the end of the year is settled with a warning:
/// the shipped log cut before 2018-07-01 ends on 2018-06-27, and only the
/// hours up to then count as delivered.
#[test]
fn a_log_that_ends_early_warns() {
    let dir = Scratch::brp_facts_with("");
    let log = std::fs::read_to_string(root().join("examples/brp-activity.csv")).unwrap();
    let kept: Vec<&str> = log
        .lines()
        .enumerate()
        .filter(|(k, l)| *k == 0 || &l[..10] < "2018-07-01")
        .map(|(_, l)| l)
        .collect();
    std::fs::write(dir.path().join("brp-activity.csv"), kept.join("\n") + "\n").unwrap();
    let delivered: Decimal = kept
        .iter()
        .skip(1)
        .filter(|l| l.starts_with("2018-") && l.split(',').nth(1) == Some("steenbergen"))
        .map(|l| l.split(',').nth(5).unwrap().parse::<Decimal>().unwrap())
        .sum();
    let args = ["settle", "--year", "2018", "--party", "steenbergen"];
    let run = ledger_with_facts(dir.path(), &args);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(
        run.stderr.starts_with(
            "warning: brp-pool: the activity log ends on 2018-06-27; hours delivered after it are not counted\n"
        ),
        "{}",
        run.stderr
    );
    let json_run = ledger_with_facts(dir.path(), &[&args[..], &["--format", "json"]].concat());
    let r: Value = json_run.json();
    assert_eq!(
        party(&r, "steenbergen")["hours"]["delivered"],
        format!("{:.2}", delivered)
    );
    // The full log reaches past the last day the year is settled for when it
    // goes on in the next year (2017 ends on 2017-12-20, 2018 follows).
    let run = ledger(&["settle", "--year", "2017"]).success();
    assert!(
        !run.stderr.contains("the activity log ends"),
        "{}",
        run.stderr
    );
}

fn ledger_with_facts(dir: &Path, args: &[&str]) -> common::Run {
    let agreements = root().join("agreements");
    let mut all = vec!["--agreements", agreements.to_str().unwrap(), "--facts", "."];
    all.extend_from_slice(args);
    ledger_in(dir, &all)
}

#[test]
fn the_art_13_3_exception_refunds_every_hour_not_taken() {
    let dir = Scratch::brp_facts_with(
        r#"
[[exceptions]]
party = "steenbergen"
year = 2018
ground = "council-priorities"
note = "council decision of 2018-03-15"
"#,
    );
    let run = ledger_with_facts(
        dir.path(),
        &[
            "settle",
            "--year",
            "2018",
            "--party",
            "steenbergen",
            "--format",
            "json",
        ],
    )
    .success();
    let r: Value = run.json();
    let s = party(&r, "steenbergen");
    // With the exception recorded all 16 h are refunded (Art. 13 lid 3):
    // -16 × 56.96 = -911.36, fee -45.57, -956.93.
    assert_eq!(s["hours"]["redeployed"], "6.00");
    assert_eq!(s["hours"]["exception_refunded"], "10.00");
    assert_eq!(s["hours"]["take_or_pay"], "0.00");
    assert_eq!(s["lines"][0]["amount"], "-911.36");
    assert_eq!(s["lines"][1]["amount"], "-45.57");
    assert_eq!(s["totals"]["total_excl_vat"], "-956.93");
    assert_eq!(s["exception"]["ground"], "council-priorities");

    let table = ledger_with_facts(
        dir.path(),
        &["settle", "--year", "2018", "--party", "steenbergen"],
    )
    .success();
    insta::assert_snapshot!(table.transcript());
}

#[test]
fn a_year_without_a_term_is_an_error() {
    let run = ledger(&["settle", "--year", "2016"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("has no term in 2016"), "{}", run.stderr);
    assert!(run.stdout.is_empty());
    insta::assert_snapshot!(run.transcript(), @r"
    exit: 1
    --- stdout
    --- stderr
    error: nothing to settle in 2016: agreement `brp-pool` has no term in 2016: it runs from 2017-10-01 and renews
    ");
    let run = ledger(&["settle", "--year", "2016", "--agreement", "brp-pool"]);
    insta::assert_snapshot!(run.transcript(), @r"
    exit: 1
    --- stdout
    --- stderr
    error: agreement `brp-pool` has no term in 2016: it runs from 2017-10-01 and renews
    ");
}

#[test]
fn an_unknown_party_or_the_lender_is_an_error() {
    let run = ledger(&["settle", "--year", "2018", "--party", "Roosendaal"]);
    insta::assert_snapshot!(run.transcript(), @r"
    exit: 1
    --- stdout
    --- stderr
    error: unknown party `Roosendaal`: no agreement with hours in 2018 has a borrower by that name
    ");
    let run = ledger(&[
        "settle",
        "--year",
        "2018",
        "--agreement",
        "brp-pool",
        "--party",
        "Roosendaal",
    ]);
    insta::assert_snapshot!(run.transcript(), @r"
    exit: 1
    --- stdout
    --- stderr
    error: unknown party `Roosendaal` in agreement `brp-pool`; the borrowers are: Gemeente Woensdrecht (woensdrecht), Gemeente Steenbergen (steenbergen), Gemeente Tholen (tholen)
    ");
    let run = ledger(&["settle", "--year", "2018", "--party", "Bergen op Zoom"]);
    insta::assert_snapshot!(run.transcript(), @r"
    exit: 1
    --- stdout
    --- stderr
    error: Gemeente Bergen op Zoom is the provider of agreement `brp-pool`, not a borrower
    ");
}

#[test]
fn the_expatcenter_asked_for_explicitly_has_no_hours_to_settle() {
    let run = ledger(&["settle", "--year", "2010", "--agreement", "expatcenter"]);
    insta::assert_snapshot!(run.transcript(), @r"
    exit: 1
    --- stdout
    --- stderr
    error: agreement `expatcenter` has no hours to settle: it bills no contracted hours
    ");
}

// ---------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------

fn shipped() -> (Agreement, Facts) {
    let agreements = vec![root().join("agreements/brp-pool.toml")];
    let facts = vec![root().join("examples/brp-facts.toml")];
    let ds = ledger::load::load(&agreements, &facts).expect("shipped data loads");
    let e = ds.get("brp-pool").expect("brp-pool").clone();
    (e.agreement, e.facts)
}

fn hours_strategy(max_cents: i64) -> impl Strategy<Value = Decimal> {
    (0..=max_cents).prop_map(|c| Decimal::new(c, 2))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Over a year, the hours charged (the quarterly invoices' contracted
    /// hours, plus extra hours, minus refunded hours) equal the delivered
    /// hours plus the take-or-pay hours exactly; the amounts agree with
    /// those hours at the rate to within one cent per invoice involved.
    #[test]
    fn hours_charged_are_delivered_plus_take_or_pay(
        year in 2017i32..=2021,
        delivered in hours_strategy(30_000),
        redeployed in hours_strategy(6_000),
        shortfall in hours_strategy(6_000),
        exception in any::<bool>(),
    ) {
        let (a, mut f) = shipped();
        f.redeployed.clear();
        f.shortfalls.clear();
        let fact = |hours| YearHours { party: "tholen".into(), year, hours, note: None, source: "test".into() };
        f.redeployed.push(fact(redeployed));
        f.shortfalls.push(fact(shortfall));
        if exception {
            f.exceptions.push(ExceptionFact { party: "tholen".into(), year, ground: "reorganisation".into(), note: None, source: "test".into() });
        }
        // The delivered hours split over two months of the year that every
        // year from 2017 covers (the agreement starts on 2017-10-01), as the
        // month aggregate of the log would hold them; no km.
        let month_hours = |c: Decimal| Totals { rows: 1, hours: c, ..Totals::default() };
        let first = (delivered * Decimal::new(7, 1)).round_dp(2);
        let act: Aggregate<Month> = Aggregate {
            borrowers: vec!["tholen".into()],
            totals: [
                (("tholen".to_string(), (year, 11)), month_hours(first)),
                (("tholen".to_string(), (year, 12)), month_hours(delivered - first)),
            ]
            .into_iter()
            .collect(),
            warnings: Vec::new(),
            logs: Vec::new(),
        };
        let s = settlement::settle(&a, &f, "tholen", year, &act).unwrap();
        prop_assert_eq!(s.delivered.hours, delivered);
        let invoiced: Decimal = s.quarters.iter().map(|q| q.hours()).sum();
        let charged = invoiced + s.split.over_use - s.split.refunded();
        prop_assert_eq!(charged, delivered + s.split.take_or_pay);
        prop_assert!(s.split.over_use.is_zero() || s.split.under_use.is_zero());
        prop_assert_eq!(
            s.split.under_use,
            s.split.not_delivered + s.split.redeployed + s.split.exception + s.split.take_or_pay
        );
        if !exception {
            prop_assert!(s.split.exception.is_zero());
        } else {
            prop_assert!(s.split.take_or_pay.is_zero());
        }

        // Amounts: the service of the invoices and the settlement against
        // the charged hours × rate, and the fees against 5% of that.
        let invoices = Decimal::from(s.quarters.len() as u64 + u64::from(!s.lines.is_empty()));
        let cent = dec!(0.01);
        let service: Money = s.quarters.iter().map(|q| q.service_amount()).sum::<Money>()
            + s.lines.iter().filter(|l| l.kind != ledger::core::agreement::LineKind::Fee).map(|l| l.amount).sum::<Money>();
        let exact = charged * s.rate.amount;
        prop_assert!((service.amount() - exact).abs() <= cent * invoices,
            "service {} vs exact {}", service, exact);
        let fees: Money = s.invoiced_fee
            + s.lines.iter().filter(|l| l.kind == ledger::core::agreement::LineKind::Fee).map(|l| l.amount).sum::<Money>();
        let exact_fee = exact * dec!(0.05);
        prop_assert!((fees.amount() - exact_fee).abs() <= cent * invoices,
            "fees {} vs exact {}", fees, exact_fee);
    }
}

/// The statement rows are built once with typed figures: the locale changes
/// the table only, and CSV writes the figures in a description plainly.
#[test]
fn settle_csv_does_not_depend_on_the_locale() {
    let csv = |locale: &str| {
        ledger(&[
            "settle",
            "--year",
            "2018",
            "--party",
            "Steenbergen",
            "--format",
            "csv",
            "--locale",
            locale,
        ])
        .success()
        .stdout
    };
    let nl = csv("nl");
    assert_eq!(nl, csv("en"));
    // Art. 12 lid 5: 37 house visits × EUR 70 = EUR 2,590; Art. 5 lid 3: 1258.1 km.
    assert!(
        nl.contains("inkomsten: 37 × 70.00 (niet op de factuur),,2590.00,"),
        "{nl}"
    );
    assert!(
        nl.contains("\"reiskosten zoals gefactureerd (1258.1 km, apart getoond)\",,239.04,"),
        "{nl}"
    );
    let table = ledger(&["settle", "--year", "2018", "--party", "Steenbergen"])
        .success()
        .stdout;
    assert!(
        table.contains("inkomsten: 37 × € 70,00 (niet op de factuur)"),
        "{table}"
    );
    assert!(
        table.contains("reiskosten zoals gefactureerd (1.258,1 km, apart getoond)"),
        "{table}"
    );
}

/// Every client's settlement is the same with and without `--explain`
/// (settle builds the explanations, and keeps the invoices' lines, only
/// when asked), and only with it do the settlements carry explanations.
#[test]
fn explaining_changes_no_figure_of_a_settlement() {
    let plain = json(&["settle", "--year", "2018", "--format", "json"]);
    let mut explained = json(&["settle", "--year", "2018", "--format", "json", "--explain"]);
    let settlements = explained["agreements"][0]["settlements"]
        .as_array_mut()
        .expect("settlements");
    assert_eq!(settlements.len(), 3, "{plain}");
    for s in settlements.iter_mut() {
        let explanations = s
            .as_object_mut()
            .expect("a settlement")
            .remove("explanations")
            .expect("explanations with --explain");
        // Contracted hours, rate, the invoices' lines, delivered hours,
        // difference, … : far more than a handful for each client.
        assert!(
            explanations.as_array().expect("a list").len() > 10,
            "{explanations}"
        );
    }
    let plain_settlements = plain["agreements"][0]["settlements"].as_array().unwrap();
    assert!(plain_settlements
        .iter()
        .all(|s| s.get("explanations").is_none()));
    assert_eq!(plain, explained);
}

/// Two agreements that read the same log tell each of its warnings once,
/// as one of them alone does: a copy of brp-pool under another id, whose
/// facts name the shipped log too. The shipped log has shifts with one
/// supervisor outside 07:00–18:00 (Art. 5 lid 2), each a warning.
#[test]
fn agreements_that_share_a_log_tell_its_warnings_once() {
    let dir = Scratch::new();
    dir.copy("agreements/brp-pool.toml", "agreements/brp-pool.toml")
        .copy_edited(
            "agreements/brp-pool.toml",
            "agreements/brp-pool-2.toml",
            |t| replaced(t, &[("id = \"brp-pool\"", "id = \"brp-pool-2\"")]),
        )
        .copy("examples/brp-facts.toml", "facts/brp-facts.toml")
        .write(
            "facts/brp-pool-2-facts.toml",
            "agreement = \"brp-pool-2\"\nactivity = [\"brp-activity.csv\"]\n",
        )
        .copy("examples/brp-activity.csv", "facts/brp-activity.csv");
    let both = dir.run_own(&["settle", "--year", "2018"]);
    assert_eq!(both.code, 0, "{}", both.transcript());
    assert!(both.stdout.contains("brp-pool-2"), "{}", both.stdout);
    let one = dir.run_own(&["settle", "--year", "2018", "--agreement", "brp-pool"]);
    assert_eq!(one.code, 0, "{}", one.transcript());
    let warnings = one
        .stderr
        .lines()
        .filter(|l| l.starts_with("warning: "))
        .count();
    assert!(warnings >= 2, "{}", one.stderr);
    assert_eq!(both.stderr, one.stderr);
}
