//! `ledger invoice`: the quarterly invoices of the shipped agreements.
//!
//! Every BRP quarter from 2017-Q4 to 2019-Q1 and every Expatcenter quarter of
//! 2010 is snapshotted. Next to each snapshot the figures are asserted as
//! worked out by hand from DOMAIN.md and the agreement texts; the travel
//! figures are checked against sums computed here, independently of the
//! ledger, from `examples/brp-activity.csv`.

mod common;

use std::collections::HashMap;
use std::path::Path;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use common::{ledger, ledger_in, root, Scratch};
use ledger::cli::Locale;
use ledger::core::activity::{Aggregate, Totals};
use ledger::core::agreement::LineKind;
use ledger::core::calendar::Period;
use ledger::core::facts::{Declaration, Declared};
use ledger::core::invoice::{period_invoices, Month};
use ledger::core::money::Money;
use ledger::core::period::{BillingPeriod, Rhythm};
use ledger::report::lang;
use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use serde_json::Value;

const BORROWERS: [&str; 3] = ["woensdrecht", "steenbergen", "tholen"];

/// Km per borrower in a quarter, summed here from the example log with the
/// csv crate and exact decimals, without any ledger code.
fn logged_km(borrower: &str, quarter: &str) -> Decimal {
    let (year, q) = quarter.split_once("-Q").expect("a quarter like 2018-Q1");
    let year: i32 = year.parse().unwrap();
    let q: u32 = q.parse().unwrap();
    let mut reader = csv::Reader::from_path(root().join("examples/brp-activity.csv")).unwrap();
    let mut km = Decimal::ZERO;
    for record in reader.records() {
        let r = record.unwrap();
        let date = NaiveDate::parse_from_str(&r[0], "%Y-%m-%d").unwrap();
        if &r[1] == borrower && date.year() == year && (date.month() - 1) / 3 + 1 == q {
            km += Decimal::from_str_exact(&r[7]).unwrap();
        }
    }
    km
}

/// A money amount from a JSON string such as "1883.95".
fn money(v: &Value) -> Decimal {
    Decimal::from_str(v.as_str().unwrap_or_else(|| panic!("not a string: {v}"))).unwrap()
}

fn round(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
}

fn json(args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    ledger(&all).success().json()
}

fn invoice<'a>(report: &'a Value, id: &str) -> &'a Value {
    report["invoices"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == id)
        .unwrap_or_else(|| panic!("no invoice {id} in {report}"))
}

fn line<'a>(inv: &'a Value, kind: &str) -> Option<&'a Value> {
    inv["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["kind"] == kind)
}

/// Checks one BRP invoice: the service line is contracted hours × rate
/// (Art. 12 lid 1, lid 4), the fee 5% of it (Art. 12 lid 6), the travel line
/// the independently summed km × 0.19 (Art. 5 lid 3), VAT 21% on the sum of
/// the lines, and the totals sums of rounded lines (rule 1).
fn check_brp(report: &Value, quarter: &str, borrower: &str, hours: Decimal, rate: Decimal) {
    let inv = invoice(report, &format!("brp-pool-{quarter}-{borrower}"));
    let service = line(inv, "service").expect("a service line");
    assert_eq!(money(&service["unit_price"]), rate, "Art. 12 lid 4");
    assert_eq!(
        money(&service["amount"]),
        round(hours * rate),
        "Art. 12 lid 1"
    );
    let fee = line(inv, "fee").expect("a fee line");
    assert_eq!(
        money(&fee["amount"]),
        round(money(&service["amount"]) * dec!(0.05)),
        "Art. 12 lid 6"
    );
    assert_eq!(fee["article"], "Art. 12 lid 6");
    let km = logged_km(borrower, quarter);
    match line(inv, "travel") {
        Some(travel) => {
            assert_eq!(money(&travel["quantity"]), km, "km from the log");
            assert_eq!(money(&travel["amount"]), round(km * dec!(0.19)), "Art. 5.3");
        }
        None => assert!(km.is_zero(), "travel of {km} km missing"),
    }
    let lines_sum: Decimal = inv["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| money(&l["amount"]))
        .sum();
    assert_eq!(money(&inv["total_excl_vat"]), lines_sum);
    let vat = round(lines_sum * dec!(0.21));
    assert_eq!(money(&inv["vat_total"]), vat, "21% VAT");
    assert_eq!(money(&inv["total_incl_vat"]), lines_sum + vat);
}

fn brp_snapshot(quarter: &str, explain: bool) -> Value {
    let mut args = vec!["invoice", "--quarter", quarter, "--agreement", "brp-pool"];
    if explain {
        args.push("--explain");
    }
    let run = ledger(&args).success();
    insta::assert_snapshot!(format!("brp-{quarter}"), run.transcript());
    json(&["invoice", "--quarter", quarter, "--agreement", "brp-pool"])
}

#[test]
fn brp_2017_q4() {
    // The pool starts on 1 October 2017 (Art. 26), so 2017-Q4 is whole: 3
    // months × 10.5 h = 31.50 h each (Art. 4 lid 5: 3 h × 42 weeks = 126).
    let report = brp_snapshot("2017-Q4", false);
    for b in BORROWERS {
        check_brp(&report, "2017-Q4", b, dec!(31.5), dec!(56.96));
    }
    let inv = invoice(&report, "brp-pool-2017-Q4-tholen");
    assert_eq!(inv["period_start"], "2017-10-01");
    assert_eq!(inv["period_end"], "2017-12-31");
    // Tholen 2017-Q4: 615.2 km × 0.19 = 116.888 → 116.89; 1794.24 + 116.89
    // + 89.71 = 2000.84; 21% = 420.1764 → 420.18; 2421.02.
    assert_eq!(logged_km("tholen", "2017-Q4"), dec!(615.2));
    assert_eq!(money(&inv["total_excl_vat"]), dec!(2000.84));
    assert_eq!(money(&inv["total_incl_vat"]), dec!(2421.02));
    // Woensdrecht 2017-11-02 06:30–09:00 with one supervisor (Art. 5 lid 2).
    let run = ledger(&["invoice", "--quarter", "2017-Q4", "--agreement", "brp-pool"]);
    assert!(run.stderr.contains(
        "warning: examples/brp-activity.csv:14: 2017-11-02 woensdrecht 06:30–09:00 with 1 supervisor"
    ));
}

#[test]
fn brp_2018_q1_tholen_hand_checked() {
    let report = brp_snapshot("2018-Q1", true);
    for b in BORROWERS {
        check_brp(&report, "2018-Q1", b, dec!(31.5), dec!(56.96));
    }
    let inv = invoice(&report, "brp-pool-2018-Q1-tholen");
    // DOMAIN worked figure, the quarter without travel: 31.50 h × 56.96 =
    // 1,794.24 (Art. 12 lid 1, lid 4); 5% = 89.71 (Art. 12 lid 6); excl. VAT
    // 1,883.95; 21% = 395.63; 2,279.58.
    let service = money(&line(inv, "service").unwrap()["amount"]);
    let fee = money(&line(inv, "fee").unwrap()["amount"]);
    assert_eq!(service, dec!(1794.24));
    assert_eq!(fee, dec!(89.71));
    assert_eq!(service + fee, dec!(1883.95));
    assert_eq!(round((service + fee) * dec!(0.21)), dec!(395.63));
    assert_eq!(service + fee + dec!(395.63), dec!(2279.58));
    // Our log has travel: 564.1 km × 0.19 = 107.179 → 107.18 (Art. 5 lid 3),
    // outside the fee base. Excl. VAT 1,991.13; 21% = 418.1373 → 418.14
    // (= 395.63 + 22.51 on the travel); incl. 2,409.27.
    assert_eq!(logged_km("tholen", "2018-Q1"), dec!(564.1));
    assert_eq!(money(&line(inv, "travel").unwrap()["amount"]), dec!(107.18));
    assert_eq!(money(&inv["subtotal"]), dec!(1901.42));
    assert_eq!(money(&inv["total_excl_vat"]), dec!(1991.13));
    assert_eq!(money(&inv["vat_total"]), dec!(418.14));
    assert_eq!(money(&inv["total_incl_vat"]), dec!(2409.27));

    let run = ledger(&["invoice", "--quarter", "2018-Q1", "--explain"]).success();
    assert!(run.stdout.contains("(Art. 12 lid 4)"));
    assert!(run
        .stdout
        .contains("Bijdrage coördinatietaak 5% (Art. 12 lid 6)"));
    assert!(run.stdout.contains("onafgerond: 89,712"));
    assert!(run.stdout.contains("onafgerond: 107,179"));
}

#[test]
fn brp_2018_q2() {
    let report = brp_snapshot("2018-Q2", false);
    for b in BORROWERS {
        check_brp(&report, "2018-Q2", b, dec!(31.5), dec!(56.96));
    }
}

#[test]
fn brp_2018_q3() {
    let report = brp_snapshot("2018-Q3", false);
    for b in BORROWERS {
        check_brp(&report, "2018-Q3", b, dec!(31.5), dec!(56.96));
    }
}

#[test]
fn brp_2018_q4() {
    // The initial term ends on 1 October 2018 and the pool renews by a year
    // (Art. 20 lid 2), so 2018-Q4 is billed whole at the 2018 rate.
    let report = brp_snapshot("2018-Q4", false);
    for b in BORROWERS {
        check_brp(&report, "2018-Q4", b, dec!(31.5), dec!(56.96));
    }
}

#[test]
fn brp_2019_q1_indexed_and_declared() {
    // 2019 rate: 56.96 × 1.017 = 57.92832 → 57.93 (Art. 12 lid 4, CPI 2018).
    // Woensdrecht declared 140 h: 35 h × 57.93 = 2,027.55 (Art. 4 lid 4).
    // Steenbergen declared a budget of 8,000: 8000 ÷ (57.93 × 1.05) =
    // 131.5216… → 131.52 h, 32.88 h a quarter × 57.93 = 1,904.7384 → 1,904.74.
    // Tholen keeps 126 h: 31.50 × 57.93 = 1,824.795 → 1,824.80.
    // The log ends in 2018, so there is no travel line.
    let report = brp_snapshot("2019-Q1", false);
    check_brp(&report, "2019-Q1", "woensdrecht", dec!(35), dec!(57.93));
    check_brp(&report, "2019-Q1", "steenbergen", dec!(32.88), dec!(57.93));
    check_brp(&report, "2019-Q1", "tholen", dec!(31.5), dec!(57.93));
    let amount = |id: &str| money(&line(invoice(&report, id), "service").unwrap()["amount"]);
    assert_eq!(amount("brp-pool-2019-Q1-woensdrecht"), dec!(2027.55));
    assert_eq!(amount("brp-pool-2019-Q1-steenbergen"), dec!(1904.74));
    assert_eq!(amount("brp-pool-2019-Q1-tholen"), dec!(1824.80));
    let tholen = invoice(&report, "brp-pool-2019-Q1-tholen");
    // 1824.80 + 91.24 = 1916.04; 21% = 402.3684 → 402.37; 2318.41.
    assert_eq!(money(&tholen["total_excl_vat"]), dec!(1916.04));
    assert_eq!(money(&tholen["total_incl_vat"]), dec!(2318.41));
}

#[test]
fn brp_before_the_term_says_so() {
    let run = ledger(&["invoice", "--quarter", "2017-Q3", "--agreement", "brp-pool"]).success();
    insta::assert_snapshot!(run.transcript(), @r"
    exit: 0
    --- stdout
    opmerking: geen factuur voor brp-pool over 2017-Q3: de overeenkomst loopt vanaf 2017-10-01 (Art. 20 lid 1, Art. 26) en wordt telkens met 12 maanden verlengd (Art. 20 lid 2)
    --- stderr
    ");
    let run = ledger(&[
        "invoice",
        "--quarter",
        "2017-Q3",
        "--agreement",
        "brp-pool",
        "--locale",
        "en",
    ])
    .success();
    insta::assert_snapshot!(run.transcript(), @r"
    exit: 0
    --- stdout
    note: no invoice for brp-pool in 2017-Q3: the agreement runs from 2017-10-01 (Art. 20 lid 1, Art. 26) and renews by 12 months each time (Art. 20 lid 2)
    --- stderr
    ");
}

/// Expatcenter 2010: EUR 16,159.20 (Art. 4) over the days of the term
/// 2010-02-09 – 2010-12-31 (Art. 5 sub a) in each quarter: 51, 91, 92, 92 of
/// 326 days; largest remainder gives 2,527.97 · 4,510.70 · 4,560.27 ·
/// 4,560.26 (rule 6). No VAT: not subject.
#[test]
fn expatcenter_2010_quarters() {
    let expected = [
        ("2010-Q1", "2010-02-09", "2010-03-31", dec!(2527.97)),
        ("2010-Q2", "2010-04-01", "2010-06-30", dec!(4510.70)),
        ("2010-Q3", "2010-07-01", "2010-09-30", dec!(4560.27)),
        ("2010-Q4", "2010-10-01", "2010-12-31", dec!(4560.26)),
    ];
    let mut sum = Decimal::ZERO;
    for (quarter, start, end, amount) in expected {
        let mut args = vec![
            "invoice",
            "--quarter",
            quarter,
            "--agreement",
            "expatcenter",
        ];
        if quarter == "2010-Q1" {
            args.push("--explain");
        }
        let run = ledger(&args).success();
        insta::assert_snapshot!(format!("expatcenter-{quarter}"), run.transcript());
        let report = json(&[
            "invoice",
            "--quarter",
            quarter,
            "--agreement",
            "expatcenter",
        ]);
        let inv = invoice(&report, &format!("expatcenter-{quarter}-almere"));
        assert_eq!(inv["period_start"], start);
        assert_eq!(inv["period_end"], end);
        assert_eq!(money(&inv["total_excl_vat"]), amount, "Art. 4");
        assert_eq!(money(&inv["vat_total"]), dec!(0));
        assert_eq!(money(&inv["total_incl_vat"]), amount);
        assert_eq!(inv["vat"][0]["category"], "not_subject");
        assert_eq!(
            inv["recipient"]["address"],
            "Stadhuisplein 1, 1315 HR Almere"
        );
        assert_eq!(inv["issuer"]["address"], "Amstel 1, 1011 PN Amsterdam");
        sum += amount;
    }
    assert_eq!(sum, dec!(16159.20));
    // The table of 2010-Q1 in Dutch money format.
    let run = ledger(&["invoice", "--quarter", "2010-Q1"]).success();
    assert!(run.stdout.contains("€ 2.527,97"));
    let run = ledger(&["invoice", "--quarter", "2010-Q1", "--locale", "en"]).success();
    assert!(run.stdout.contains("€2,527.97"));
}

#[test]
fn expatcenter_2011_has_no_amount() {
    // Outside the term (Art. 5 sub a), and Art. 4 leaves 2011 to a separate
    // document: the ledger says so instead of printing zero, and exits 0.
    let run = ledger(&[
        "invoice",
        "--quarter",
        "2011-Q1",
        "--agreement",
        "expatcenter",
    ])
    .success();
    insta::assert_snapshot!(run.transcript(), @r"
    exit: 0
    --- stdout
    opmerking: geen factuur voor expatcenter over 2011-Q1: de looptijd is 2010-02-09 – 2010-12-31 (Art. 5 sub a); er is geen bedrag overeengekomen vanaf 2011 (Art. 4: na 2010 is de kostentoedeling onderwerp van een separaat document ter goedkeuring aan de Stuurgroep Expatcenter)
    --- stderr
    ");
    let run = ledger(&[
        "invoice",
        "--quarter",
        "2011-Q1",
        "--agreement",
        "expatcenter",
        "--locale",
        "en",
    ])
    .success();
    insta::assert_snapshot!(run.transcript(), @r"
    exit: 0
    --- stdout
    note: no invoice for expatcenter in 2011-Q1: the term runs 2010-02-09 – 2010-12-31 (Art. 5 sub a); no amount is agreed from 2011 (Art. 4: na 2010 is de kostentoedeling onderwerp van een separaat document ter goedkeuring aan de Stuurgroep Expatcenter)
    --- stderr
    ");
}

#[test]
fn locale_en_and_party_filter() {
    let run = ledger(&[
        "invoice",
        "--quarter",
        "2018-Q1",
        "--party",
        "Tholen",
        "--locale",
        "en",
    ])
    .success();
    assert!(run.stdout.contains("€1,794.24"), "{}", run.stdout);
    assert!(run.stdout.contains("€2,409.27"));
    assert!(run.stdout.contains("invoice brp-pool-2018-Q1-tholen"));
    assert!(!run.stdout.contains("woensdrecht"));
    assert!(!run.stdout.contains("expatcenter"));
}

/// `--party` filters the activity log's warnings too: the 2017-11-02
/// Woensdrecht shift with one supervisor before 07:00 (Art. 5 lid 2, log
/// line 14) is not Tholen's business.
#[test]
fn party_filters_the_activity_warnings() {
    let all = ledger(&["invoice", "--quarter", "2017-Q4"]).success();
    assert_eq!(
        all.stderr,
        "warning: examples/brp-activity.csv:14: 2017-11-02 woensdrecht 06:30–09:00 \
         with 1 supervisor outside 07:00–18:00; in principle 2 (Art. 5 lid 2)\n"
    );
    let tholen = ledger(&["invoice", "--quarter", "2017-Q4", "--party", "tholen"]).success();
    assert_eq!(tholen.stderr, "", "{}", tholen.transcript());
    let woensdrecht = ledger(&[
        "invoice",
        "--quarter",
        "2017-Q4",
        "--party",
        "woensdrecht",
        "--format",
        "csv",
    ])
    .success();
    assert_eq!(woensdrecht.stderr, all.stderr);
}

/// CSV and JSON parse back and agree with each other and with the table.
#[test]
fn csv_and_json_agree_with_the_table() {
    let report = json(&["invoice", "--quarter", "2018-Q1"]);
    let table = ledger(&["invoice", "--quarter", "2018-Q1"])
        .success()
        .stdout;
    let csv_out = ledger(&["invoice", "--quarter", "2018-Q1", "--format", "csv"]).success();
    let mut reader = csv::Reader::from_reader(csv_out.stdout.as_bytes());
    let header = reader.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();

    let invoices = report["invoices"].as_array().unwrap();
    assert_eq!(invoices.len(), 3);
    let n_lines: usize = invoices
        .iter()
        .map(|i| i["lines"].as_array().unwrap().len())
        .sum();
    assert_eq!(rows.len(), n_lines, "one CSV row per invoice line");
    let mut k = 0;
    for (index, inv) in invoices.iter().enumerate() {
        let id = inv["id"].as_str().unwrap();
        // This invoice's part of the table.
        let start = table.find(&format!("factuur {id}")).unwrap();
        let end = invoices
            .get(index + 1)
            .and_then(|next| table.find(&format!("factuur {}", next["id"].as_str().unwrap())))
            .unwrap_or(table.len());
        let part = &table[start..end];
        for l in inv["lines"].as_array().unwrap() {
            let row = &rows[k];
            k += 1;
            assert_eq!(&row[col("invoice_id")], id);
            assert_eq!(&row[col("amount")], l["amount"].as_str().unwrap());
            assert_eq!(&row[col("description")], l["description"].as_str().unwrap());
            assert_eq!(&row[col("article")], l["article"].as_str().unwrap());
            assert_eq!(
                &row[col("total_incl_vat")],
                inv["total_incl_vat"].as_str().unwrap()
            );
            let amount = Money::parse(l["amount"].as_str().unwrap()).unwrap();
            assert!(
                part.contains(&amount.dutch()),
                "{} not in\n{part}",
                amount.dutch()
            );
        }
        for key in ["subtotal", "total_excl_vat", "vat_total", "total_incl_vat"] {
            let amount = Money::parse(inv[key].as_str().unwrap()).unwrap();
            assert!(part.contains(&amount.dutch()), "{key} {}", amount.dutch());
        }
    }
    // The note about the Expatcenter goes to stderr, so stdout stays CSV.
    assert!(csv_out
        .stderr
        .contains("opmerking: geen factuur voor expatcenter over 2018-Q1"));
    assert!(report["notes"][0]["message"]
        .as_str()
        .unwrap()
        .contains("er is geen bedrag overeengekomen vanaf 2011 (Art. 4"));
}

/// CSV rows of `ledger ARGS --format csv`, as maps from column to value.
fn csv_rows(args: &[&str]) -> Vec<HashMap<String, String>> {
    let mut all = args.to_vec();
    all.extend(["--format", "csv"]);
    let run = ledger(&all).success();
    let mut reader = csv::Reader::from_reader(run.stdout.as_bytes());
    let header = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            header
                .iter()
                .zip(r.unwrap().iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// CSV and JSON print every quantity and unit price as the same string:
/// hours and money-like prices with at least 2 decimals, a km rate with its
/// own (Art. 5 lid 3: 0.19), nothing rounded.
#[test]
fn csv_and_json_print_quantities_and_prices_alike() {
    // 2024-Q1 Tholen: 31.50 h (126 h ÷ 4, Art. 4 lid 5) × 70.60 = 2,223.90;
    // the 5% fee (Art. 12 lid 6) has that base as its unit price.
    let args = ["invoice", "--quarter", "2024-Q1", "--party", "tholen"];
    let rows = csv_rows(&args);
    let report = json(&args);
    let lines = report["invoices"][0]["lines"].as_array().unwrap();
    assert_eq!(rows[0]["quantity"], "31.50");
    assert_eq!(rows[0]["unit_price"], "70.60");
    assert_eq!(rows[0]["amount"], "2223.90");
    assert_eq!(lines[0]["quantity"], "31.50");
    assert_eq!(lines[0]["unit_price"], "70.60");
    assert_eq!(rows[1]["quantity"], "5");
    assert_eq!(rows[1]["unit_price"], "2223.90");
    assert_eq!(lines[1]["unit_price"], "2223.90");

    // Every line of every quarter with service, travel, fee and allocation
    // lines: the two formats print the same strings.
    for quarter in ["2010-Q1", "2017-Q4", "2018-Q1", "2018-Q4", "2019-Q1"] {
        let rows = csv_rows(&["invoice", "--quarter", quarter]);
        let report = json(&["invoice", "--quarter", quarter]);
        let lines: Vec<&Value> = report["invoices"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|i| i["lines"].as_array().unwrap())
            .collect();
        assert_eq!(rows.len(), lines.len(), "{quarter}");
        for (row, line) in rows.iter().zip(lines) {
            for key in ["quantity", "unit_price", "amount"] {
                assert_eq!(row[key], line[key].as_str().unwrap(), "{quarter} {key}");
            }
            if row["kind"] == "travel" {
                assert_eq!(row["unit_price"], "0.19", "Art. 5 lid 3");
            }
            if row["kind"] == "service" {
                assert!(row["quantity"].split('.').nth(1).unwrap().len() >= 2);
            }
        }
    }
}

#[test]
fn bad_quarters_agreements_and_parties() {
    // A malformed quarter used to exit 1 from inside the command; it is now
    // refused by clap's value parser, built on the one period parser
    // (core::period), so it exits 2 like every other usage error. Those
    // cases are pinned in tests/found_from_outside.rs.
    let cases: [(&[&str], &str); 2] = [
        (
            &["invoice", "--quarter", "2018-Q1", "--agreement", "nope"],
            "error: unknown agreement `nope`; the agreements are: brp-pool, expatcenter\n",
        ),
        (
            &["invoice", "--quarter", "2018-Q1", "--party", "Roosendaal"],
            "error: unknown party `Roosendaal`; the parties are: bergen-op-zoom, woensdrecht, steenbergen, tholen, amsterdam, almere\n",
        ),
    ];
    for (args, stderr) in cases {
        let run = ledger(args);
        assert_eq!(run.code, 1, "{}", run.transcript());
        assert_eq!(run.stdout, "");
        assert_eq!(run.stderr, stderr);
    }
}

/// The shipped agreements in a scratch data directory of `agreements/` and
/// `facts/`.
fn shipped_agreements() -> Scratch {
    let dir = Scratch::new();
    for name in ["brp-pool.toml", "expatcenter.toml"] {
        dir.copy(&format!("agreements/{name}"), &format!("agreements/{name}"));
    }
    dir
}

/// A data directory with the shipped agreements and a facts file that points
/// at `log` (the CSV text).
fn data_dir(log: &str) -> Scratch {
    let dir = shipped_agreements();
    dir.write(
        "facts/brp-facts.toml",
        "agreement = \"brp-pool\"\nactivity = [\"log.csv\"]\n",
    )
    .write("facts/log.csv", log);
    dir
}

/// A data directory with the shipped agreements, the shipped facts plus
/// `extra`, and the shipped log without the rows `drop` rejects.
fn shipped_with(extra: &str, drop: impl Fn(&str) -> bool) -> Scratch {
    let dir = shipped_agreements();
    dir.copy_edited(
        "examples/brp-facts.toml",
        "facts/brp-facts.toml",
        |shipped| format!("{shipped}\n{extra}"),
    )
    .copy_edited(
        "examples/brp-activity.csv",
        "facts/brp-activity.csv",
        |log| {
            log.lines()
                .enumerate()
                .filter(|(k, l)| *k == 0 || !drop(l))
                .map(|(_, l)| format!("{l}\n"))
                .collect()
        },
    );
    dir
}

fn invoice_in(dir: &Path, quarter: &str, extra: &[&str]) -> common::Run {
    let mut args = vec![
        "invoice",
        "--quarter",
        quarter,
        "--agreements",
        "agreements",
        "--facts",
        "facts",
    ];
    args.extend_from_slice(extra);
    ledger_in(dir, &args)
}

/// A recorded withdrawal (Art. 22 lid 1) is never silent: the quarter it
/// takes effect in says the participation ended and what the compensation
/// is (1,813.53: 31.838709… h × 56.96, pinned in tests/withdraw.rs), and is
/// no invoice line; later quarters say the participation ended.
#[test]
fn a_recorded_withdrawal_is_a_note() {
    let dir = shipped_with(
        "[[withdrawals]]\nparty = \"tholen\"\neffective = 2018-07-01\n",
        |l| l.contains(",tholen,") && &l[..10] >= "2018-07-01",
    );
    let command = "`ledger withdraw --agreement brp-pool --party tholen --effective 2018-07-01`";
    let q3 = |amount: &str| {
        format!(
            "geen factuur voor tholen over 2018-Q3: de deelname eindigde op 2018-06-30 \
             (uittreding met ingang van 2018-07-01, Art. 22 lid 1); de vergoeding van {amount} \
             (excl. btw) wordt hier niet gefactureerd; {command} berekent haar"
        )
    };
    let run = invoice_in(dir.path(), "2018-Q3", &["--party", "tholen"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert_eq!(run.stdout, format!("opmerking: {}\n", q3("€ 1.813,53")));
    assert_eq!(run.stderr, "");
    let run = invoice_in(
        dir.path(),
        "2018-Q3",
        &["--party", "tholen", "--locale", "en"],
    );
    assert_eq!(
        run.stdout,
        format!(
            "note: no invoice for tholen in 2018-Q3: its participation ended on 2018-06-30 \
             (withdrawal effective 2018-07-01, Art. 22 lid 1); the compensation of €1,813.53 \
             (excl. VAT) is not invoiced here; it is computed by {command}\n"
        )
    );
    // CSV: the header alone on stdout, the note on stderr.
    let run = invoice_in(
        dir.path(),
        "2018-Q3",
        &["--party", "tholen", "--format", "csv"],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert_eq!(run.stdout.lines().count(), 1);
    assert_eq!(run.stderr, format!("opmerking: {}\n", q3("€ 1.813,53")));
    // JSON: the other clients are invoiced, Tholen has the note.
    let run = invoice_in(dir.path(), "2018-Q3", &["--format", "json"]).success();
    let r: Value = run.json();
    let ids: Vec<&str> = r["invoices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "brp-pool-2018-Q3-woensdrecht",
            "brp-pool-2018-Q3-steenbergen"
        ]
    );
    assert!(r["notes"]
        .as_array()
        .unwrap()
        .iter()
        .any(|n| n["party"] == "tholen" && n["message"] == q3("1813.53")));
    // The amount is the one `ledger withdraw` gives on the same data.
    let w = ledger_in(
        dir.path(),
        &[
            "withdraw",
            "--agreement",
            "brp-pool",
            "--party",
            "tholen",
            "--effective",
            "2018-07-01",
            "--agreements",
            "agreements",
            "--facts",
            "facts",
            "--format",
            "csv",
        ],
    )
    .success();
    assert!(w.stdout.contains(",total,vergoeding (excl. btw),,1813.53,"));

    let run = invoice_in(dir.path(), "2018-Q4", &["--party", "tholen"]).success();
    assert_eq!(
        run.stdout,
        "opmerking: geen factuur voor tholen over 2018-Q4: de deelname eindigde op 2018-06-30 \
         (uittreding met ingang van 2018-07-01, Art. 22 lid 1)\n"
    );
    let run = invoice_in(
        dir.path(),
        "2018-Q4",
        &["--party", "tholen", "--locale", "en"],
    );
    assert_eq!(
        run.success().stdout,
        "note: no invoice for tholen in 2018-Q4: its participation ended on 2018-06-30 \
         (withdrawal effective 2018-07-01, Art. 22 lid 1)\n"
    );
    // Before it takes effect Tholen is invoiced as usual: 2018-Q2 31.50 h.
    let run = invoice_in(dir.path(), "2018-Q2", &["--party", "tholen"]).success();
    assert!(run.stdout.contains("factuur brp-pool-2018-Q2-tholen"));
    assert!(!run.stdout.contains("geen factuur"));
}

/// A withdrawal within a quarter: the invoice covers the part before it and
/// carries the note; the compensation is not one of its lines.
#[test]
fn a_withdrawal_within_a_quarter_is_noted_on_its_invoice() {
    let dir = shipped_with(
        "[[withdrawals]]\nparty = \"tholen\"\neffective = 2018-08-15\n",
        |l| l.contains(",tholen,") && &l[..10] >= "2018-08-15",
    );
    let run = invoice_in(
        dir.path(),
        "2018-Q3",
        &["--party", "tholen", "--format", "json"],
    );
    assert_eq!(run.code, 0, "{}", run.transcript());
    let r: Value = run.json();
    let inv = &r["invoices"][0];
    assert_eq!(inv["period_end"], "2018-08-14");
    assert!(inv["lines"]
        .as_array()
        .unwrap()
        .iter()
        .all(|l| l["kind"] == "service" || l["kind"] == "travel" || l["kind"] == "fee"));
    let notes: Vec<&str> = inv["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    // Art. 22 lid 1: from 2018-08-15 to the end of the term on 2018-10-01,
    // 10.5 h a month: 10.5 × 17/31 + 10.5 + 10.5 × 1/31 = 16.596774… h
    // × 56.96 = 945.352… → 945.35 (the amount `ledger withdraw` gives).
    // JSON: the machine prose, Dutch with the plain amount.
    let command = "`ledger withdraw --agreement brp-pool --party tholen --effective 2018-08-15`";
    let dutch = "de deelname eindigde op 2018-08-14 (uittreding met ingang van 2018-08-15, \
                 Art. 22 lid 1); de vergoeding van ";
    assert!(
        notes.contains(
            &format!(
                "{dutch}945.35 (excl. btw) wordt hier niet gefactureerd; {command} berekent haar"
            )
            .as_str()
        ),
        "{notes:?}"
    );
    // The table, in Dutch and in English.
    let run = invoice_in(dir.path(), "2018-Q3", &["--party", "tholen"]).success();
    let line = format!(
        "  opmerking: {dutch}€ 945,35 (excl. btw) wordt hier niet gefactureerd; {command} berekent haar\n"
    );
    assert!(run.stdout.contains(&line), "{}", run.stdout);
    let run = invoice_in(
        dir.path(),
        "2018-Q3",
        &["--party", "tholen", "--locale", "en"],
    )
    .success();
    let line = format!(
        "  note: its participation ended on 2018-08-14 (withdrawal effective 2018-08-15, \
         Art. 22 lid 1); the compensation of €945.35 (excl. VAT) is not invoiced here; \
         it is computed by {command}\n"
    );
    assert!(run.stdout.contains(&line), "{}", run.stdout);
    assert!(!run.stdout.contains("deelname"), "{}", run.stdout);
}

/// A client that joins later (Art. 21) is named in the quarters before.
#[test]
fn a_later_accession_is_a_note() {
    let dir = shipped_with(
        "[[accessions]]\nid = \"roosendaal\"\nname = \"Gemeente Roosendaal\"\n\
         from = 2019-01-01\narticle = \"Art. 21\"\n",
        |_| false,
    );
    let run = invoice_in(dir.path(), "2018-Q4", &["--party", "roosendaal"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(
        run.stdout.starts_with(
            "opmerking: geen factuur voor roosendaal over 2018-Q4: het treedt op 2019-01-01 toe \
             tot brp-pool (toetreding, "
        ),
        "{}",
        run.transcript()
    );
    let run = invoice_in(
        dir.path(),
        "2018-Q4",
        &["--party", "roosendaal", "--locale", "en"],
    );
    assert!(
        run.stdout
            .starts_with("note: no invoice for roosendaal in 2018-Q4: it joins brp-pool on 2019-01-01 (accession, "),
        "{}",
        run.transcript()
    );
}

#[test]
fn a_broken_log_row_names_file_and_row() {
    let dir = data_dir(
        "date,borrower,start,end,supervisors,hours,house_visits,km\n\
         2018-01-09,tholen,09:00,12:00,1,3.00,1,40.2\n\
         2018-01-10,tholen,09:00,12:00,1,3.0x,1,40.2\n",
    );
    let run = ledger_in(
        dir.path(),
        &[
            "invoice",
            "--quarter",
            "2018-Q1",
            "--agreements",
            "agreements",
            "--facts",
            "facts",
        ],
    );
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "");
    insta::assert_snapshot!(run.transcript(), @r#"
    exit: 1
    --- stdout
    --- stderr
    error: expected a plain decimal number like 10.5, found "3.0x"
      --> facts/log.csv:3 (row 2, column `hours`)
       | 2018-01-10,tholen,09:00,12:00,1,3.0x,1,40.2

    1 problem found
    "#);
}

#[test]
fn out_writes_one_file_per_invoice_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    let args = [
        "invoice",
        "--quarter",
        "2018-Q1",
        "--agreement",
        "brp-pool",
        "--format",
        "json",
        "--out",
        out,
    ];
    let run = ledger(&args).success();
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "brp-pool-2018-Q1-steenbergen.json",
            "brp-pool-2018-Q1-tholen.json",
            "brp-pool-2018-Q1-woensdrecht.json"
        ]
    );
    assert_eq!(run.stdout.lines().count(), 3);
    let tholen: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("brp-pool-2018-Q1-tholen.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(money(&tholen["total_incl_vat"]), dec!(2409.27));

    // A second run without --force refuses and changes nothing.
    let before = std::fs::read(dir.path().join("brp-pool-2018-Q1-tholen.json")).unwrap();
    let run = ledger(&args);
    assert_eq!(run.code, 1);
    assert!(run
        .stderr
        .contains("already exists; use --force to overwrite it"));
    assert_eq!(
        std::fs::read(dir.path().join("brp-pool-2018-Q1-tholen.json")).unwrap(),
        before
    );
    let mut forced = args.to_vec();
    forced.push("--force");
    ledger(&forced).success();
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 3);
}

#[test]
fn out_onto_an_unwritable_path_leaves_nothing() {
    // A path below a regular file cannot be a directory.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("file");
    std::fs::write(&file, "x").unwrap();
    let target = file.join("invoices");
    let run = ledger(&[
        "invoice",
        "--quarter",
        "2018-Q1",
        "--out",
        target.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.starts_with("error: cannot write invoices to "));
    assert!(
        run.stderr.contains("cannot create the directory"),
        "{}",
        run.stderr
    );

    // The last invoice's name is taken by a directory: the rename fails
    // after the first two files are in place, and both are removed again.
    let out = tempfile::tempdir().unwrap();
    std::fs::create_dir(out.path().join("brp-pool-2018-Q1-tholen.txt")).unwrap();
    std::fs::write(out.path().join("brp-pool-2018-Q1-tholen.txt/keep"), "x").unwrap();
    let run = ledger(&[
        "invoice",
        "--quarter",
        "2018-Q1",
        "--agreement",
        "brp-pool",
        "--out",
        out.path().to_str().unwrap(),
        "--force",
    ]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    // The cause comes first, the cleanup after it, on one line.
    let tholen = out.path().join("brp-pool-2018-Q1-tholen.txt");
    assert!(
        run.stderr.starts_with(&format!(
            "error: cannot move {} into place: ",
            tholen.display()
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .ends_with("; no invoice files were left behind\n"),
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    let names: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["brp-pool-2018-Q1-tholen.txt"]);
}

fn load(agreement: &str, facts: Option<&str>) -> ledger::load::Entry {
    let facts: Vec<_> = facts.iter().map(|f| root().join(f)).collect();
    let dataset = ledger::load::load(&[root().join(agreement)], &facts).unwrap();
    dataset.entries.into_iter().next().unwrap()
}

fn no_activity() -> Aggregate<Month> {
    Aggregate {
        borrowers: Vec::new(),
        totals: std::collections::BTreeMap::new(),
        warnings: Vec::new(),
        logs: Vec::new(),
    }
}

#[test]
fn activity_without_contracted_hours_warns() {
    // An agreement that bills travel but no hours, with a logged shift.
    let mut entry = load("agreements/brp-pool.toml", None);
    entry.agreement.hours = None;
    let mut activity = no_activity();
    activity.totals.insert(
        ("tholen".to_string(), (2018, 2)),
        Totals {
            rows: 1,
            hours: dec!(3),
            km: dec!(40.2),
            first_line: 7,
            last_line: 7,
            ..Totals::default()
        },
    );
    activity.logs.push(Path::new("log.csv").to_path_buf());
    let q = BillingPeriod::from_str("2018-Q1").unwrap();
    let billing = period_invoices(&entry.agreement, &entry.facts, q, &activity).unwrap();
    let said = |l| {
        billing
            .warnings
            .iter()
            .map(|w| lang::period_note(&w.message, l).render(l))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        said(Locale::En),
        ["tholen has 1 activity row in 2018-Q1 (1 row of log.csv, lines 7–7) but no contracted hours in that quarter"]
    );
    assert_eq!(
        said(Locale::Nl),
        ["tholen heeft 1 logregel in 2018-Q1 (1 logregel van log.csv, bestandsregels 7–7) maar geen gecontracteerde uren in dat kwartaal"]
    );
    // The warning on stderr is the English one, beside the log's own.
    assert_eq!(
        lang::english(&billing.warnings[0].message),
        said(Locale::En)[0]
    );
    // The travel is still billed: 40.2 km × 0.19 = 7.638 → 7.64.
    let tholen = billing
        .invoices
        .iter()
        .find(|i| i.recipient.id == "tholen")
        .unwrap();
    assert_eq!(tholen.lines[0].amount, Money::parse("7.64").unwrap());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Rule 6: for any allocation amount and any term, the quarterly parts
    /// of the year sum exactly to the whole.
    #[test]
    fn allocation_parts_sum_to_the_whole(
        cents in 1i64..10_000_000_000,
        start in 0u64..700,
        length in 0u64..800,
    ) {
        let mut entry = load("agreements/expatcenter.toml", None);
        let first = NaiveDate::from_ymd_opt(2010, 1, 1).unwrap();
        let start = first + chrono::Days::new(start);
        let end = start + chrono::Days::new(length);
        entry.agreement.term.period = Period::new(start, end).unwrap();
        let whole = Money::from_cents(cents);
        entry.agreement.allocations[0].amount = whole;
        entry.agreement.allocations[0].year = start.year();
        entry.agreement.deadlines.clear();
        let mut sum = Money::ZERO;
        for q in BillingPeriod::in_year(Rhythm::Quarter, start.year()) {
            let billing = period_invoices(&entry.agreement, &entry.facts, q, &no_activity()).unwrap();
            for inv in &billing.invoices {
                sum += inv.lines.iter().filter(|l| l.kind == LineKind::Allocation).map(|l| l.amount).sum::<Money>();
            }
        }
        prop_assert_eq!(sum, whole);
    }

    /// Rule 3 and 4: for any yearly contracted hours, the four quarterly
    /// service lines differ from the yearly amount by at most a cent each.
    #[test]
    fn quarterly_service_lines_add_up_to_the_year(hundredths in 1i64..1_000_000) {
        let mut entry = load("agreements/brp-pool.toml", Some("examples/brp-facts.toml"));
        let hours = Decimal::new(hundredths, 2);
        entry.facts.declarations.push(Declaration {
            party: "tholen".into(),
            year: 2018,
            given: NaiveDate::from_ymd_opt(2017, 9, 1).unwrap(),
            declared: Declared::Hours(hours),
            source: "test".into(),
            consent: None,
        });
        let mut sum = Money::ZERO;
        for q in BillingPeriod::in_year(Rhythm::Quarter, 2018) {
            let billing = period_invoices(&entry.agreement, &entry.facts, q, &no_activity()).unwrap();
            let tholen = billing.invoices.iter().find(|i| i.recipient.id == "tholen").unwrap();
            sum += tholen.lines.iter().filter(|l| l.kind == LineKind::Service).map(|l| l.amount).sum::<Money>();
        }
        let yearly = Money::round(hours * dec!(56.96));
        prop_assert!((sum - yearly).abs() <= Money::from_cents(4), "{} vs {}", sum, yearly);
    }
}

/// An agreement that sets an ORT percentage gets an ORT line from the log
/// (the BRP text excludes ORT from the rate but sets no percentage, so the
/// shipped TOML has none). With 20%: Steenbergen's shift of 2018-03-20,
/// 06:00–08:30 with 2 supervisors (5.00 h), lies 60 of its 150 minutes
/// before 07:00: 2.00 h × 56.96 × 20% = 2 × 11.392 = 22.784 → 22.78. The
/// fee base is service + ORT (Art. 12 lid 6): (1,794.24 + 22.78) × 5% =
/// 90.851 → 90.85; with travel 67.17 the total is 1,975.04, VAT 21%
/// 414.7584 → 414.76, incl. VAT 2,389.80.
#[test]
fn an_ort_percentage_gives_an_ort_line() {
    let dir = Scratch::new();
    dir.copy("agreements/expatcenter.toml", "expatcenter.toml")
        .copy_edited("agreements/brp-pool.toml", "brp-pool.toml", |toml| {
            format!("{toml}\n[ort]\npercent = \"20\"\nwhat = \"Onregelmatigheidstoeslag\"\narticle = \"Art. 12 lid 4\"\n")
        });
    let run = common::ledger(&[
        "--agreements",
        dir.path().to_str().unwrap(),
        "invoice",
        "--quarter",
        "2018-Q1",
        "--party",
        "steenbergen",
        "--format",
        "json",
    ])
    .success();
    let v: serde_json::Value = run.json();
    let inv = &v["invoices"][0];
    let ort = inv["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["kind"] == "ort")
        .expect("an ORT line");
    assert_eq!(ort["quantity"], "2.00");
    assert_eq!(ort["unit_price"], "11.392");
    assert_eq!(ort["amount"], "22.78");
    let fee = inv["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["kind"] == "fee")
        .expect("a fee line");
    assert_eq!(fee["unit_price"], "1817.02");
    assert_eq!(fee["amount"], "90.85");
    assert_eq!(inv["total_excl_vat"], "1975.04");
    assert_eq!(inv["vat_total"], "414.76");
    assert_eq!(inv["total_incl_vat"], "2389.80");
}

/// Declared hours that divide by four give exact quarters: Woensdrecht's 140 h
/// for 2019 (Art. 4 lid 4) are 35.00 h a quarter, not 3 × 11.666…67, so CSV,
/// JSON and the settlement's comparison of hours see exactly 35.
#[test]
fn declared_hours_give_exact_quarters() {
    let run = common::ledger(&[
        "invoice",
        "--quarter",
        "2019-Q1",
        "--party",
        "woensdrecht",
        "--format",
        "json",
    ])
    .success();
    let v: serde_json::Value = run.json();
    let service = &v["invoices"][0]["lines"][0];
    assert_eq!(service["kind"], "service");
    assert_eq!(service["quantity"], "35.00");
    // 35 × 57.93 = 2,027.55 (the 2019 rate, Art. 12 lid 4).
    assert_eq!(service["amount"], "2027.55");
}

/// Units are a type (issue 8): CSV and JSON write the same stable names as
/// the settle and withdraw formats (`hour`, never the table's `uur`), and
/// only the table words them per locale.
#[test]
fn units_have_one_name_in_every_machine_format() {
    let report = json(&["invoice", "--quarter", "2018-Q1", "--party", "Tholen"]);
    let inv = invoice(&report, "brp-pool-2018-Q1-tholen");
    let units: Vec<&str> = inv["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["unit"].as_str().unwrap())
        .collect();
    assert_eq!(units, ["hour", "km", "percent"]);

    let csv = ledger(&[
        "invoice",
        "--quarter",
        "2018-Q1",
        "--party",
        "Tholen",
        "--format",
        "csv",
    ])
    .success();
    let mut rows = csv.stdout.lines();
    let header: Vec<&str> = rows.next().unwrap().split(',').collect();
    let unit = header.iter().position(|h| *h == "unit").unwrap();
    let csv_units: Vec<String> = csv::Reader::from_reader(csv.stdout.as_bytes())
        .records()
        .map(|r| r.unwrap()[unit].to_string())
        .collect();
    assert_eq!(csv_units, ["hour", "km", "percent"]);

    let table = ledger(&["invoice", "--quarter", "2018-Q1", "--party", "Tholen"]).success();
    assert!(table.stdout.contains(" uur "), "{}", table.stdout);
    let settle = ledger(&[
        "settle", "--year", "2018", "--party", "Tholen", "--format", "json",
    ])
    .success();
    assert!(
        settle.stdout.contains("\"unit\": \"hour\""),
        "{}",
        settle.stdout
    );
}

/// The billing period is a type at every layer (issue 8): each invoice in
/// the JSON carries it as `period`, in the form the register stores.
#[test]
fn each_invoice_names_its_billing_period() {
    let report = json(&["invoice", "--quarter", "2018-Q1", "--party", "Tholen"]);
    let inv = invoice(&report, "brp-pool-2018-Q1-tholen");
    assert_eq!(inv["period"], "2018-Q1");
    assert_eq!(inv["period_start"], "2018-01-01");
    assert_eq!(inv["period_end"], "2018-03-31");
    assert!(inv.get("quarter").is_none());
}

/// One party resolver (issue 8): a later joiner is found by its name as by
/// its id, in `invoice` as in every other command. (Before, `--party
/// "Gemeente Roosendaal"` failed with "unknown party".)
#[test]
fn a_later_joiner_is_found_by_name() {
    let dir = shipped_with(
        "[[accessions]]\nid = \"roosendaal\"\nname = \"Gemeente Roosendaal\"\n\
         from = 2019-01-01\narticle = \"Art. 21\"\n",
        |_| false,
    );
    for query in ["roosendaal", "Gemeente Roosendaal", "Roosendaal"] {
        let run = invoice_in(dir.path(), "2018-Q4", &["--party", query]);
        assert_eq!(run.code, 0, "{query}: {}", run.transcript());
        assert!(
            run.stdout.starts_with(
                "opmerking: geen factuur voor roosendaal over 2018-Q4: het treedt op 2019-01-01 \
                 toe tot brp-pool"
            ),
            "{query}: {}",
            run.transcript()
        );
    }
}

/// One language per document: the default table is Dutch, `--locale en`
/// English, with the same hand-checked figures (Tholen 2018-Q1: 31.50 h ×
/// 56.96 = 1,794.24; fee 5% of 1,794.24 = 89.71; excl. 1,991.13; VAT 21%
/// = 418.14; incl. 2,409.27). Line texts from the TOML stay as written.
#[test]
fn each_table_speaks_one_language() {
    let nl = ledger(&[
        "invoice",
        "--quarter",
        "2018-Q1",
        "--party",
        "Tholen",
        "--explain",
    ])
    .success();
    for s in [
        "factuur brp-pool-2018-Q1-tholen",
        "│ subtotaal ",
        "│ Bijdrage coördinatietaak 5% over € 1.794,24 ",
        "│ totaal excl. btw ",
        "│ btw 21% over € 1.991,13 ",
        "│ totaal incl. btw ",
        "€ 2.409,27",
        "  opmerking: btw: het tarief is exclusief btw (Art. 12 lid 4)",
        "    formule:    aantal × prijs per eenheid\n",
        "    afronding:  op centen, half van nul af\n",
        "    uitkomst:   € 89,71\n",
    ] {
        assert!(nl.stdout.contains(s), "{s:?} in\n{}", nl.stdout);
    }
    for english in [
        "subtotal",
        "total excl. VAT",
        "VAT ",
        "note:",
        "formula",
        "input:",
        "rounding:",
        "half away",
        "quantity",
        "unit price",
    ] {
        assert!(
            !nl.stdout.contains(english),
            "{english:?} in\n{}",
            nl.stdout
        );
    }
    let en = ledger(&[
        "invoice",
        "--quarter",
        "2018-Q1",
        "--party",
        "Tholen",
        "--explain",
        "--locale",
        "en",
    ])
    .success();
    for s in [
        "invoice brp-pool-2018-Q1-tholen",
        "│ subtotal ",
        "│ Bijdrage coördinatietaak 5% of €1,794.24 ",
        "│ total excl. VAT ",
        "│ VAT 21% of €1,991.13 ",
        "│ total incl. VAT ",
        "€2,409.27",
        "  note: VAT: het tarief is exclusief btw (Art. 12 lid 4)",
        "    formula:   quantity × unit price\n",
        "    rounding:  to cents, half away from zero\n",
        "    result:    €89.71\n",
    ] {
        assert!(en.stdout.contains(s), "{s:?} in\n{}", en.stdout);
    }
    for dutch in [
        "subtotaal",
        "totaal",
        "opmerking",
        "formule",
        "invoer",
        "afronding",
        "uitkomst",
        "aantal",
        "(geen adres",
    ] {
        assert!(!en.stdout.contains(dutch), "{dutch:?} in\n{}", en.stdout);
    }
}

/// `--party` naming the provider: a note, not an invoice, in the words of
/// the locale in the table and in Dutch in JSON.
#[test]
fn the_provider_is_told_where_its_invoices_go() {
    let args = [
        "invoice",
        "--quarter",
        "2018-Q1",
        "--party",
        "Gemeente Bergen op Zoom",
    ];
    let nl =
        "Gemeente Bergen op Zoom is de aanbieder van brp-pool; de facturen gaan naar de afnemers";
    assert_eq!(ledger(&args).success().stdout, format!("opmerking: {nl}\n"));
    let en = ledger(&[&args[..], &["--locale", "en"]].concat()).success();
    assert_eq!(
        en.stdout,
        "note: Gemeente Bergen op Zoom is the provider of brp-pool; its invoices go to the clients\n"
    );
    let report = json(&args);
    assert_eq!(report["notes"][0]["message"], nl);
    assert_eq!(report["notes"][0]["party"], "bergen-op-zoom");
}

/// A part month's hours are written as they are multiplied. Tholen's
/// notice of 2019-06-15 ends its part on 2019-10-01 (Art. 20 lid 2), so its
/// 2019-Q4 invoice bills one day of October: 126 / 12 = 10.5 h × 1/31 =
/// 0.338709… h × 57.93 (56.96 × 1.017, Art. 12 lid 4) = 19.6214… → 19.62.
/// Written `0,34` the line read 0,34 × 57,93 = 19,70. Fee 5% of 19.62 =
/// 0.981 → 0.98; VAT 21% of 20.60 = 4.326 → 4.33; total 24.93.
#[test]
fn a_part_month_shows_the_hours_it_multiplies() {
    let dir = Scratch::brp_facts_with("[[notices]]\nparty = \"tholen\"\ngiven = 2019-06-15\n");
    let agreements = root().join("agreements");
    let args = [
        "--agreements",
        agreements.to_str().unwrap(),
        "--facts",
        ".",
        "invoice",
        "--quarter",
        "2019-Q4",
        "--party",
        "tholen",
    ];
    let run = dir.run(&args).success();
    assert!(
        run.stdout.contains(
            "│ Inzet toezichthouder BRP (gecontracteerde uren) ┆ 0,338709… ┆ uur     ┆           € 57,93 ┆ € 19,62 ┆"
        ),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("│ totaal incl. btw                                ┆           ┆         ┆                   ┆ € 24,93 ┆"), "{}", run.stdout);
    let en = dir
        .run(&[&args[..], &["--locale", "en"]].concat())
        .success();
    assert!(
        en.stdout
            .contains("┆ 0.338709… ┆ hour ┆     €57.93 ┆ €19.62 ┆"),
        "{}",
        en.stdout
    );
    // The machine formats keep the exact hours.
    let csv = dir
        .run(&[&args[..], &["--format", "csv"]].concat())
        .success();
    assert!(csv.stdout.contains(",service,Inzet toezichthouder BRP (gecontracteerde uren),0.3387096774193548387096774194,hour,57.93,19.62,"), "{}", csv.stdout);
}
