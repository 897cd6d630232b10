//! Issue 9, capability 8: the activity log's columns, declared by the
//! agreement (`[activity_log]`). The example `adres-zvl`
//! (examples/agreements/adres-zvl.txt and .toml, facts and log in
//! examples/facts/) keeps a log of its own (Art. 5): Dutch headers in
//! another order, no shift times, and a free-text column.
//!
//! The agreement in short: 2 h a week × 40 weeks = 80 h a year, billed per
//! month pro rata (Art. 3), so 20 h a quarter; rate 60.00 (Art. 4 lid 1),
//! 0.23 per km (Art. 4 lid 2), VAT 21%, income 50.00 per house visit
//! (Art. 4 lid 4), no fees. Every figure is worked out by hand beside it.

mod common;
use common::{ledger, ledger_in, Scratch};
use serde_json::Value;

const DATA: [&str; 4] = [
    "--agreements",
    "examples/agreements",
    "--facts",
    "examples/facts",
];

fn json(args: &[&str]) -> Value {
    let mut all = DATA.to_vec();
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    ledger(&all).success().json()
}

/// The invoice of `party` for 2023-Q1.
fn invoice(party: &str) -> Value {
    let report = json(&[
        "invoice",
        "--quarter",
        "2023-Q1",
        "--agreement",
        "adres-zvl",
        "--party",
        party,
    ]);
    report["invoices"][0].clone()
}

#[test]
fn a_log_in_its_own_columns_feeds_the_travel_line() {
    // Sluis, 2023-Q1: rows of 41.6 + 38.4 + 40.0 km = 120.0 km × 0.23 =
    // 27.60; 20 h × 60.00 = 1,200.00; subtotal 1,227.60; VAT 21% =
    // 257.796 → 257.80; total 1,485.40.
    let sluis = invoice("sluis");
    let lines = sluis["lines"].as_array().unwrap();
    assert_eq!(lines.len(), 2, "{sluis}");
    assert_eq!(lines[0]["quantity"], "20.00");
    assert_eq!(lines[0]["amount"], "1200.00");
    assert_eq!(lines[1]["kind"], "travel");
    assert_eq!(lines[1]["quantity"], "120");
    assert_eq!(lines[1]["amount"], "27.60");
    assert_eq!(sluis["vat_total"], "257.80");
    assert_eq!(sluis["total_incl_vat"], "1485.40");
    // Hulst: 22.0 + 30.5 = 52.5 km × 0.23 = 12.075 → 12.08 (half away from
    // zero); subtotal 1,212.08; VAT 254.5368 → 254.54; total 1,466.62.
    let hulst = invoice("hulst");
    assert_eq!(hulst["lines"][1]["quantity"], "52.5");
    assert_eq!(hulst["lines"][1]["amount"], "12.08");
    assert_eq!(hulst["vat_total"], "254.54");
    assert_eq!(hulst["total_incl_vat"], "1466.62");
}

#[test]
fn the_income_column_feeds_the_income_offset() {
    // Sluis 2023: its column `huisbezoeken` counts 2 + 3 + 1 = 6 visits in
    // 10.00 h (3.50 + 4.00 + 2.50); 6 × 50.00 = 300.00 (Art. 4 lid 4). Net
    // cost: 4 quarters × 1,200.00 = 4,800.00 − 300.00 = 4,500.00.
    let report = json(&["settle", "--year", "2023", "--agreement", "adres-zvl"]);
    let sluis = &report["agreements"][0]["settlements"][0];
    assert_eq!(sluis["party"], "sluis");
    assert_eq!(sluis["activity_rows"], 3);
    assert_eq!(sluis["house_visits"], 6);
    assert_eq!(sluis["income"][0]["units"], "6");
    assert_eq!(sluis["income"][0]["amount"], "300.00");
    assert_eq!(sluis["net_cost"], "4500.00");
}

/// The shipped data in a temporary directory, the BRP agreement edited.
fn with_brp(edit: impl Fn(&str) -> String, log: Option<&str>) -> Scratch {
    let dir = Scratch::new();
    dir.copy_edited("agreements/brp-pool.toml", "agreements/brp-pool.toml", edit)
        .copy("examples/brp-facts.toml", "examples/brp-facts.toml");
    match log {
        Some(log) => dir.write("examples/brp-activity.csv", log),
        None => dir.copy("examples/brp-activity.csv", "examples/brp-activity.csv"),
    };
    dir
}

/// The BRP agreement's `[activity_log]` table, as shipped.
fn declaration(toml: &str) -> (usize, usize) {
    let start = toml.find("[activity_log]").expect("BRP declares its log");
    let end = start + toml[start..].find("]\n\n").expect("the table ends") + 3;
    (start, end)
}

#[test]
fn the_brp_log_reads_the_same_declared_or_by_the_standard_layout() {
    let declared = with_brp(|t| t.to_string(), None);
    let standard = with_brp(
        |t| {
            let (a, b) = declaration(t);
            format!("{}{}", &t[..a], &t[b..])
        },
        None,
    );
    for args in [
        &["invoice", "--quarter", "2018-Q1"][..],
        &["settle", "--year", "2018"][..],
        &["check"][..],
    ] {
        let a = ledger_in(declared.path(), args).success();
        let b = ledger_in(standard.path(), args).success();
        assert_eq!(a.stdout, b.stdout, "{args:?}");
        assert_eq!(a.stderr, b.stderr, "{args:?}");
    }
}

#[test]
fn a_declaration_with_an_unknown_role_or_a_wrong_type_points_at_it() {
    let dir = with_brp(
        |t| {
            t.replace(
                r#"{ header = "km", type = "decimal", role = "travel" }"#,
                r#"{ header = "km", type = "decimal", role = "kilometres" }"#,
            )
            .replace(
                r#"{ header = "supervisors", type = "count", role = "supervisors" }"#,
                r#"{ header = "supervisors", type = "decimal", role = "supervisors" }"#,
            )
        },
        None,
    );
    let run = ledger_in(dir.path(), &["check"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    let toml = std::fs::read_to_string(dir.path().join("agreements/brp-pool.toml")).unwrap();
    let line_of = |needle: &str| 1 + toml[..toml.find(needle).unwrap()].matches('\n').count();
    let km = line_of(r#"{ header = "km""#);
    let sup = line_of(r#"{ header = "supervisors""#);
    for expected in [
        "error: unknown column role `kilometres`\n".to_string(),
        format!("--> agreements/brp-pool.toml:{km}:47\n"),
        "= help: the roles are: date, party, hours, start, end, supervisors, travel, income, repeat, ignored".to_string(),
        "error: column `supervisors` has role `supervisors`, which takes a column of type count, not decimal\n".to_string(),
        format!("--> agreements/brp-pool.toml:{sup}:38\n"),
    ] {
        assert!(run.stderr.contains(&expected), "{expected}\n{}", run.stderr);
    }
    // With the role unknown, no column feeds the travel line: not silently
    // left out, but an error too.
    assert!(
        !run.stderr.contains("no column has role `travel`"),
        "one cause, one error: {}",
        run.stderr
    );
}

#[test]
fn a_declaration_without_a_role_the_terms_need_is_refused() {
    let dir = with_brp(
        |t| {
            t.replace(
                "    { header = \"km\", type = \"decimal\", role = \"travel\" },\n",
                "",
            )
        },
        None,
    );
    let run = ledger_in(dir.path(), &["check"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(
        run.stderr
            .contains("error: no column has role `travel`, which [travel] needs"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("--> agreements/brp-pool.toml:"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_log_without_a_declared_column_is_refused_at_its_header() {
    let dir = with_brp(
        |t| t.to_string(),
        Some("date,borrower,start,end,supervisors,hours,km\n2018-03-05,tholen,09:00,12:00,1,3.00,41.0\n"),
    );
    let run = ledger_in(dir.path(), &["invoice", "--quarter", "2018-Q1"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert_eq!(run.stdout, "");
    assert!(
        run.stderr.contains(
            "error: the header has no column `house_visits`\n  --> examples/brp-activity.csv:1 (header)\n   | date,borrower,start,end,supervisors,hours,km\n"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("= help: the columns are: date,borrower,start,end,supervisors,hours,house_visits,km (as `brp-pool` declares them in [activity_log])"),
        "{}",
        run.stderr
    );
}

#[test]
fn every_problem_of_a_header_is_said_at_once() {
    let log = "date,borrower,borrower,start,end,hours,km,extra\n";
    let dir = with_brp(|t| t.to_string(), Some(log));
    let run = ledger_in(dir.path(), &["check"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(
        run.stderr.contains(
            "error: the header has a second column `borrower`, an unknown column `extra`, no column `supervisors`, no column `house_visits`\n  --> examples/brp-activity.csv:1 (header, column `borrower`)\n"
        ),
        "{}",
        run.stderr
    );
    // A log saved with semicolons reads as one column; the help says why.
    let log = "date;borrower;start;end;supervisors;hours;house_visits;km\n";
    let dir = with_brp(|t| t.to_string(), Some(log));
    let run = ledger_in(dir.path(), &["check"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(
        run.stderr.contains("= help: the fields are separated by `;`, but a log is read with `,` between them; the columns are: date,borrower,"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_implausible_figure_names_its_limit() {
    // With times, a shift bounds the hours: 3 for one supervisor from 09:00
    // to 12:00, and 30 hours fit two supervisors' 23.75 hours (47.5).
    let log = "date,borrower,start,end,supervisors,hours,house_visits,km\n\
               2018-03-05,tholen,09:00,12:00,1,30.00,0,1.0\n\
               2018-03-06,tholen,00:00,23:45,2,30.00,0,1.0\n";
    let dir = with_brp(|t| t.to_string(), Some(log));
    let run = ledger_in(dir.path(), &["check"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(
        run.stderr.contains("error: hours 30.00 do not fit the shift 09:00–12:00 for 1 supervisor: at most 3\n  --> examples/brp-activity.csv:2 (row 1, column `hours`)"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("\n1 problem found"), "{}", run.stderr);
}

#[test]
fn without_times_one_person_works_at_most_24_hours_a_row() {
    // The ADRES log has no start and end: 24 hours is the bound.
    let dir = Scratch::examples_edited(|name, text| match name {
        "adres-zvl-activity.csv" => {
            text.replacen("sluis,2023-01-10,3.50,", "sluis,2023-01-10,24.01,", 1)
        }
        _ => text,
    });
    let run = dir.run_own(&["check"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(
        run.stderr.contains("error: uren 24.01 is not plausible for one shift (at most 24)\n  --> facts/adres-zvl-activity.csv:2 (row 1, column `uren`)"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("\n1 problem found"), "{}", run.stderr);
}

#[test]
fn hours_beyond_the_shift_and_its_supervisors_are_refused() {
    // A shift of 2 hours holds 2 hours for one supervisor and 4 for two;
    // exactly that fits, a cent of an hour more does not. The length is
    // rounded half up to the decimals the value needs (at least two), so
    // 0.670 fits 40 minutes as 0.67 does.
    let log = "date,borrower,start,end,supervisors,hours,house_visits,km\n\
               2018-03-05,tholen,09:00,11:00,1,2.00,0,1.0\n\
               2018-03-06,tholen,09:00,11:00,1,5.00,0,1.0\n\
               2018-03-07,tholen,09:00,11:00,2,4.00,0,1.0\n\
               2018-03-08,tholen,09:00,10:30,2,3.01,0,1.0\n\
               2018-03-09,tholen,09:00,09:40,1,0.67,0,1.0\n\
               2018-03-12,tholen,09:00,09:40,1,0.68,0,1.0\n\
               2018-03-13,tholen,09:00,09:40,1,0.670,0,1.0\n\
               2018-03-14,tholen,09:00,11:00,1,10000000000000000000,0,1.0\n";
    let dir = with_brp(|t| t.to_string(), Some(log));
    let run = ledger_in(dir.path(), &["check"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    for (line, row, record, hours, shift, who, most) in [
        (
            3,
            2,
            "2018-03-06,tholen,09:00,11:00,1,5.00,0,1.0",
            "5.00",
            "09:00–11:00",
            "1 supervisor",
            "2",
        ),
        (
            5,
            4,
            "2018-03-08,tholen,09:00,10:30,2,3.01,0,1.0",
            "3.01",
            "09:00–10:30",
            "2 supervisors",
            "3",
        ),
        // 40 minutes are 0.666… hours: 0.67 at the row's two decimals.
        (
            7,
            6,
            "2018-03-12,tholen,09:00,09:40,1,0.68,0,1.0",
            "0.68",
            "09:00–09:40",
            "1 supervisor",
            "0.67",
        ),
        // However many hours, a row with times is told its shift's limit.
        (
            9,
            8,
            "2018-03-14,tholen,09:00,11:00,1,10000000000000000000,0,1.0",
            "10000000000000000000",
            "09:00–11:00",
            "1 supervisor",
            "2",
        ),
    ] {
        let expected = format!(
            "error: hours {hours} do not fit the shift {shift} for {who}: at most {most}\n  \
             --> examples/brp-activity.csv:{line} (row {row}, column `hours`)\n   | {record}\n"
        );
        assert!(run.stderr.contains(&expected), "{expected}\n{}", run.stderr);
    }
    assert!(run.stderr.contains("\n4 problems found"), "{}", run.stderr);
}
