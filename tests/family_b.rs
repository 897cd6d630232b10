//! Issue 9, part B: the example agreement `kinderopvang-pool`
//! (examples/agreements/kinderopvang-pool.txt and .toml, facts in
//! examples/facts/) and the capabilities it uses: a withdrawal compensation
//! of a percentage of the lost hours up to the end of the calendar year
//! without a relief clause, a settlement policy that never refunds
//! under-use, an enforced declaration deadline with a late declaration
//! accepted by consent, and allocations in budget and settlement net cost.
//!
//! Every figure is worked out by hand from the text beside the assertion.
//! The agreement in short: term 2021-04-01 ..= 2023-03-31 (Art. 2), 2 h a
//! week × 48 weeks = 96 h a year = 8 h a month (Art. 3), rate 62.50 fixed
//! (Art. 4 lid 1), fee 4% on service and settlement (Art. 4 lid 2), VAT 21%,
//! advice 6,500.00 (Art. 4 lid 4), start-up costs 1,500.00 for Borsele in
//! 2021 spread by days (Art. 5).

mod common;
use common::{ledger, Scratch};
use serde_json::Value;

const DATA: [&str; 4] = [
    "--agreements",
    "examples/agreements",
    "--facts",
    "examples/facts",
];

fn run(args: &[&str]) -> common::Run {
    let mut all = DATA.to_vec();
    all.extend_from_slice(args);
    ledger(&all)
}

fn json(args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend_from_slice(&["--format", "json"]);
    run(&all).success().json()
}

/// The statement of `party` in a settle or budget report.
fn of<'v>(report: &'v Value, list: &str, party: &str) -> &'v Value {
    report["agreements"][0][list]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["party"] == party)
        .unwrap_or_else(|| panic!("no {party} in {report}"))
}

/// The example data copied to a temporary directory, with `edit` applied
/// to the agreement and `edit_facts` to the facts.
fn edited(edit: impl Fn(String) -> String, edit_facts: impl Fn(String) -> String) -> Scratch {
    let dir = Scratch::new();
    dir.copy_edited(
        "examples/agreements/kinderopvang-pool.toml",
        "agreements/kinderopvang-pool.toml",
        |a| edit(a.to_owned()),
    )
    .copy_edited(
        "examples/facts/kinderopvang-facts.toml",
        "facts/kinderopvang-facts.toml",
        |f| edit_facts(f.to_owned()),
    )
    .copy(
        "examples/facts/kinderopvang-activity.csv",
        "facts/kinderopvang-activity.csv",
    );
    dir
}

#[test]
fn the_example_checks() {
    let out = run(&["check"]).success();
    assert!(out.stdout.contains("kinderopvang-pool"), "{}", out.stdout);
    // 6 Kapelle shifts + 5 Borsele shifts, and the 5 rows of the
    // adres-zvl example's log beside them.
    assert!(
        out.stdout.contains("2 activiteitenlogs (16 logregels)"),
        "{}",
        out.stdout
    );
}

#[test]
fn show_words_the_clauses_as_the_text_has_them() {
    let out = run(&["show", "kinderopvang-pool"]).success().stdout;
    // Art. 7: 50% of the hours, to the end of the calendar year, at most
    // twelve months, without the fee.
    assert!(
        out.contains("vergoeding: 50% van de gecontracteerde uren die vervallen tot het einde van het kalenderjaar, ten hoogste 12 maanden, zonder opslagen"),
        "{out}"
    );
    // Art. 7 has no relief clause: no "no compensation" row.
    assert!(!out.contains("geen vergoeding"), "{out}");
    // Art. 6 lid 3: under-use never refunded.
    assert!(
        out.contains("worden nooit terugbetaald, ook niet als de aanbieder ze elders inzet"),
        "{out}"
    );
    // Art. 3: 2 × 48 = 96 h a year = 8 h a month = 24 h a quarter.
    assert!(
        out.contains(
            "2,00 h per week × 48 weken = 96,00 h per jaar = 8,00 h per maand = 24,00 h per kwartaal"
        ),
        "{out}"
    );
    // Art. 4 lid 1: 62.50, fixed, every year.
    assert!(out.contains("│ 2022 ┆ € 62,50 ┆"), "{out}");
    // Art. 3 lid 2: "uiterlijk 1 november" for next year's hours.
    assert!(out.contains("uiterlijk 1 november 2021"), "{out}");
    // The late declaration shows the consent it counts by.
    assert!(
        out.contains("72,00 h, opgegeven op 2021-11-09 (examples/facts/kinderopvang-facts.toml:15), na de termijn, met instemming van de aanbieder: letter of the college of Goes of 16 November 2021"),
        "{out}"
    );
}

#[test]
fn allocation_parts_sum_to_the_whole() {
    // Art. 5: 1,500.00 over the 275 days 2021-04-01 ..= 2021-12-31:
    // Q2 91 days → 496.3636… → 496.36; Q3 92 days → 501.8181… → 501.81;
    // Q4 the same. Cut: 1,499.98; the 2 cents go to the largest remainders
    // (.0081 of Q3 and Q4): 496.36 + 501.82 + 501.82 = 1,500.00.
    for (q, part) in [
        ("2021-Q2", "€ 496,36"),
        ("2021-Q3", "€ 501,82"),
        ("2021-Q4", "€ 501,82"),
    ] {
        let out = run(&["invoice", "--quarter", q, "--party", "borsele"])
            .success()
            .stdout;
        assert!(out.contains(&format!("┆   {part} ┆")), "{q}: {out}");
    }
}

#[test]
fn settle_2021_never_refunds_and_counts_the_allocation() {
    let r = json(&[
        "settle",
        "--year",
        "2021",
        "--agreement",
        "kinderopvang-pool",
    ]);
    let k = of(&r, "settlements", "kapelle");
    // Contracted Apr–Dec: 9 × 8 = 72 h, invoiced in three quarters of
    // 24 h × 62.50 = 1,500.00 with fee 4% = 60.00 each.
    assert_eq!(k["hours"]["invoiced"], "72.00");
    assert_eq!(k["invoiced_service"], "4500.00"); // 3 × 1,500.00
    assert_eq!(k["invoiced_fee"], "180.00"); // 3 × 60.00
                                             // Delivered 8 + 16 + 8 + 16 + 6 + 12 = 66 h: 6 h under-use. 4 h are
                                             // recorded as redeployed, but Art. 6 lid 3 never refunds: 0 refunded,
                                             // 6 h stay due, nothing to settle.
    assert_eq!(k["hours"]["delivered"], "66.00");
    assert_eq!(k["hours"]["under_use"], "6.00");
    assert_eq!(k["hours"]["redeployed"], "0.00");
    assert_eq!(k["hours"]["take_or_pay"], "6.00");
    assert_eq!(k["outcome"], "none");
    assert_eq!(k["lines"].as_array().unwrap().len(), 0);
    // Net: 4,500.00 + 180.00 + 0 = 4,680.00.
    assert_eq!(k["net_cost"], "4680.00");
    assert!(k.get("invoiced_allocation").is_none());
    let notes = k["notes"].to_string();
    assert!(
        notes.contains("de 4.00 elders ingezette uren vastgelegd voor 2021 (examples/facts/kinderopvang-facts.toml:24) geven geen terugbetaling: minderafname wordt nooit terugbetaald (take_or_pay.under_use = never, Art. 6 lid 3)"),
        "{notes}"
    );

    let b = of(&r, "settlements", "borsele");
    // Delivered 16 + 16 + 8 + 16 + 20 = 76 h against 72: 4 h extra
    // (Art. 6 lid 2): 4 × 62.50 = 250.00; fee 4% = 10.00; excl. VAT
    // 260.00; VAT 21% = 54.60; incl. 314.60.
    assert_eq!(b["hours"]["over_use"], "4.00");
    assert_eq!(b["lines"][0]["amount"], "250.00");
    assert_eq!(b["lines"][1]["amount"], "10.00");
    assert_eq!(b["totals"]["total_excl_vat"], "260.00");
    assert_eq!(b["totals"]["vat_total"], "54.60");
    assert_eq!(b["totals"]["total_incl_vat"], "314.60");
    // The start-up costs as invoiced: 496.36 + 501.82 + 501.82 = 1,500.00.
    assert_eq!(b["invoiced_allocation"], "1500.00");
    // Net: 4,500.00 + 180.00 + 1,500.00 + 260.00 = 6,440.00.
    assert_eq!(b["net_cost"], "6440.00");
}

#[test]
fn settle_table_names_the_policy() {
    let out = run(&[
        "settle",
        "--year",
        "2021",
        "--agreement",
        "kinderopvang-pool",
    ])
    .success()
    .stdout;
    assert!(
        out.contains("elders ingezet door de aanbieder (niet terugbetaald: minderafname wordt nooit terugbetaald)"),
        "{out}"
    );
    assert!(out.contains("│ vaste bedragen zoals gefactureerd"), "{out}");
    assert!(out.contains("€ 6.440,00"), "{out}");
}

#[test]
fn budget_2021_includes_the_allocation() {
    let r = json(&[
        "budget",
        "--year",
        "2021",
        "--agreement",
        "kinderopvang-pool",
    ]);
    let k = of(&r, "budgets", "kapelle");
    // Apr–Dec: 72 h × 62.50 = 4,500.00; fee 4% = 180.00; cost 4,680.00;
    // the advice "per jaar" (Art. 4 lid 4) for 72 of the 96 yearly hours:
    // 6,500.00 × 72 / 96 = 4,875.00; margin 4,875.00 − 4,680.00 = 195.00;
    // no income: net 4,680.00.
    assert_eq!(k["hours"], "72.00");
    assert_eq!(k["service"], "4500.00");
    assert_eq!(k["fee"], "180.00");
    assert_eq!(k["cost"], "4680.00");
    assert_eq!(k["advice"], "4875.00");
    assert_eq!(k["margin"], "195.00");
    assert_eq!(k["net"], "4680.00");
    assert!(k.get("allocation").is_none());
    let b = of(&r, "budgets", "borsele");
    // 4,500.00 + allocation 1,500.00 + fee 180.00 (the fee is not on the
    // allocation, Art. 4 lid 2) = 6,180.00; margin 4,875.00 − 6,180.00 = −1,305.00.
    assert_eq!(b["allocation"], "1500.00");
    assert_eq!(b["fee"], "180.00");
    assert_eq!(b["cost"], "6180.00");
    assert_eq!(b["margin"], "-1305.00");
    assert_eq!(b["net"], "6180.00");
}

#[test]
fn budget_2022_uses_the_declarations() {
    let r = json(&[
        "budget",
        "--year",
        "2022",
        "--agreement",
        "kinderopvang-pool",
    ]);
    let k = of(&r, "budgets", "kapelle");
    // Declared 120 h (on time): 120 × 62.50 = 7,500.00; fee 300.00; cost
    // 7,800.00; margin 6,500.00 − 7,800.00 = −1,300.00.
    assert_eq!(k["hours_basis"], "declared");
    assert_eq!(k["service"], "7500.00");
    assert_eq!(k["fee"], "300.00");
    assert_eq!(k["cost"], "7800.00");
    assert_eq!(k["margin"], "-1300.00");
    let b = of(&r, "budgets", "borsele");
    // Declared 72 h late, with consent: 72 × 62.50 = 4,500.00; fee 180.00;
    // cost 4,680.00; margin 1,820.00. No allocation after 2021.
    assert_eq!(b["hours"], "72.00");
    assert_eq!(b["cost"], "4680.00");
    assert_eq!(b["margin"], "1820.00");
    assert!(b.get("allocation").is_none());
}

#[test]
fn withdrawal_is_half_the_hours_to_the_end_of_the_year() {
    let w = json(&[
        "withdraw",
        "--agreement",
        "kinderopvang-pool",
        "--party",
        "borsele",
        "--effective",
        "2022-07-01",
    ]);
    // Art. 7: to 2022-12-31 (the end of the calendar year; the term runs
    // to 2023-03-31, the 12-month cap to 2023-06-30). 2022 hours 72
    // (declared) → 6 h a month × 6 = 36 h lost; 50% = 18 h × 62.50 =
    // 1,125.00; no fee.
    assert_eq!(w["bound"], "end_of_calendar_year");
    assert_eq!(w["period_end"], "2022-12-31");
    assert_eq!(w["hours_lost"], "36.00");
    assert_eq!(w["hours_charged"], "36.00");
    assert_eq!(w["lines"][0]["quantity"], "18.00");
    assert_eq!(w["lines"][0]["amount"], "1125.00");
    assert_eq!(w["total"], "1125.00");
}

#[test]
fn without_a_relief_clause_redeployed_hours_do_not_count() {
    let w = json(&[
        "withdraw",
        "--agreement",
        "kinderopvang-pool",
        "--party",
        "borsele",
        "--effective",
        "2022-07-01",
        "--redeployed-hours",
        "10",
    ]);
    // Still 36 h × 50% × 62.50 = 1,125.00: Art. 7 has no relief clause.
    assert_eq!(w["total"], "1125.00");
    let reason = w["reason"].as_str().unwrap();
    assert!(
        reason.contains(
            "de 10.00 opgegeven elders ingezette uren tellen niet: de overeenkomst heeft geen ontlastingsbepaling"
        ),
        "{reason}"
    );
}

#[test]
fn end_of_current_term_for_comparison() {
    let dir = edited(
        |a| {
            a.replace(
                "until = \"end_of_calendar_year\"",
                "until = \"end_of_current_term\"",
            )
        },
        |f| f,
    );
    let out = dir
        .run_own(&[
            "withdraw",
            "--agreement",
            "kinderopvang-pool",
            "--party",
            "borsele",
            "--effective",
            "2022-07-01",
            "--format",
            "json",
        ])
        .success();
    let w: Value = out.json();
    // To 2023-03-31: 6 × 6 h (2022, declared 72) + 3 × 8 h (2023, default
    // 96) = 60 h; 50% = 30 h × 62.50 = 1,875.00.
    assert_eq!(w["bound"], "end_of_current_term");
    assert_eq!(w["hours_lost"], "60.00");
    assert_eq!(w["total"], "1875.00");
}

#[test]
fn under_use_always_refunded_and_over_use_not_billed() {
    let dir = edited(
        |a| {
            a.replace("under_use = \"never\"", "under_use = \"always\"")
                .replace("over_use = \"billed\"", "over_use = \"not_billed\"")
        },
        |f| f,
    );
    let out = dir
        .run_own(&["settle", "--year", "2021", "--format", "json"])
        .success();
    let r: Value = out.json();
    let k = of(&r, "settlements", "kapelle");
    // All 6 h refunded: −6 × 62.50 = −375.00; fee 4% = −15.00; excl. VAT
    // −390.00; net 4,680.00 − 390.00 = 4,290.00.
    assert_eq!(k["lines"][0]["amount"], "-375.00");
    assert_eq!(k["lines"][1]["amount"], "-15.00");
    assert_eq!(k["totals"]["total_excl_vat"], "-390.00");
    assert_eq!(k["net_cost"], "4290.00");
    assert_eq!(k["hours"]["charged"], "66.00"); // 72 − 6
    let b = of(&r, "settlements", "borsele");
    // The 4 extra hours are not billed: net 4,500.00 + 180.00 + 1,500.00 = 6,180.00.
    assert_eq!(b["outcome"], "none");
    assert_eq!(b["net_cost"], "6180.00");
    assert_eq!(b["hours"]["charged"], "72.00");
    assert!(b["notes"].to_string().contains(
        "worden niet in rekening gebracht: de overeenkomst brengt geen meerafname in rekening"
    ));
}

#[test]
fn a_late_declaration_without_consent_is_refused() {
    let dir = edited(
        |a| a,
        |f| {
            f.replace(
                "consent = \"letter of the college of Goes of 16 November 2021\"\n",
                "",
            )
        },
    );
    let out = dir.run_own(&["check"]);
    assert_eq!(out.code, 1, "{}", out.transcript());
    // Due no later than 1 November 2021 (Art. 3 lid 2); given 2021-11-09.
    assert!(
        out.stderr.contains("a declaration for 2022 given on 2021-11-09 is too late: it is due no later than 2021-11-01 (last day 2021-11-01, Art. 3 lid 2); it is refused for 2022"),
        "{}",
        out.stderr
    );
    // The place of the declaration's `given`: line 17, after `given = `.
    assert!(
        out.stderr.contains("facts/kinderopvang-facts.toml:17:9"),
        "{}",
        out.stderr
    );
    assert!(out.stderr.contains("consent = \"…\""), "{}", out.stderr);
}

#[test]
fn the_seed_deadline_is_enforced_too() {
    // BRP Art. 4 lid 4: "voor 1 oktober": the last day for 2019 is
    // 2018-09-30; the shipped declarations (2018-09-24, 2018-09-27) are on
    // time, and one given on 2018-10-01 is refused.
    let dir = Scratch::new();
    dir.copy("agreements/brp-pool.toml", "agreements/brp-pool.toml")
        .copy_edited("examples/brp-facts.toml", "facts/brp-facts.toml", |facts| {
            facts
                .replace("activity = [\"brp-activity.csv\"]\n", "")
                .replace("given = 2018-09-24", "given = 2018-10-01")
        });
    let out = dir.run_own(&["check"]);
    assert_eq!(out.code, 1, "{}", out.transcript());
    assert!(
        out.stderr.contains(
            "is too late: it is due before 2018-10-01 (last day 2018-09-30, Art. 4 lid 4)"
        ),
        "{}",
        out.stderr
    );
}

#[test]
fn the_seeds_have_no_allocation_in_budget_or_settlement() {
    // BRP has no [[allocations]]: its budget and settlement figures stay as
    // they were (tests/budget.rs, tests/settle.rs), and its JSON gains no
    // `allocation`. The Expatcenter's 2010 allocation does not reach budget
    // or settle: it has no [hours], so neither covers it.
    let out = ledger(&["budget", "--year", "2019", "--format", "json"]).success();
    assert!(!out.stdout.contains("\"allocation\""), "{}", out.stdout);
    assert!(
        out.stdout
            .contains("expatcenter: geen gecontracteerde uren, geen begroting"),
        "{}",
        out.stdout
    );
    let out = ledger(&["settle", "--year", "2018", "--format", "json"]).success();
    assert!(
        !out.stdout.contains("invoiced_allocation"),
        "{}",
        out.stdout
    );
}
