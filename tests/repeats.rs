//! Issue 13, item 12: duplicate and overlapping activity rows. An exact
//! repeat of a row is an error in every command that reads the log, naming
//! both rows, unless the log's `repeat` column marks it; overlapping shifts
//! of one borrower give a warning. Before, `invoice`, `settle` and `budget`
//! counted a repeated row twice and exited 0.

mod common;
use common::{ledger_in, Scratch};

const HEADER: &str = "date,borrower,start,end,supervisors,hours,house_visits,km\n";
const ROW: &str = "2018-02-01,tholen,09:00,12:00,1,3.00,0,40.0\n";

/// The BRP agreement (edited by `edit`) and its facts, with `log`.
fn data(edit: impl Fn(&str) -> String, log: &str) -> Scratch {
    let dir = Scratch::new();
    dir.copy_edited("agreements/brp-pool.toml", "agreements/brp-pool.toml", edit)
        .copy("examples/brp-facts.toml", "examples/brp-facts.toml")
        .write("examples/brp-activity.csv", log);
    dir
}

#[test]
fn a_repeated_row_fails_every_report_with_both_rows() {
    let dir = data(|t| t.to_string(), &format!("{HEADER}{ROW}{ROW}"));
    for args in [
        &["invoice", "--quarter", "2018-Q1"][..],
        &["settle", "--year", "2018"][..],
        &["budget", "--year", "2019"][..],
        &["check"][..],
    ] {
        let run = ledger_in(dir.path(), args);
        assert_eq!(run.code, 1, "{args:?}: {}", run.transcript());
        assert_eq!(run.stdout, "", "{args:?}");
        assert!(
            run.stderr.contains("error: this row repeats the one at examples/brp-activity.csv:2; it would be counted twice (rows 1 and 2)\n  --> examples/brp-activity.csv:3 (row 2)\n"),
            "{args:?}: {}",
            run.stderr
        );
    }
}

/// The BRP declaration with a `repeat` column `herhaling` after `km`.
fn with_marker(toml: &str) -> String {
    toml.replace(
        "    { header = \"km\", type = \"decimal\", role = \"travel\" },\n",
        "    { header = \"km\", type = \"decimal\", role = \"travel\" },\n    { header = \"herhaling\", type = \"count\", role = \"repeat\" },\n",
    )
}

#[test]
fn a_marked_repeat_counts_and_does_not_warn() {
    let log = "date,borrower,start,end,supervisors,hours,house_visits,km,herhaling\n\
               2018-02-01,tholen,09:00,12:00,1,3.00,0,40.0,0\n\
               2018-02-01,tholen,09:00,12:00,1,3.00,0,40.0,1\n";
    let dir = data(with_marker, log);
    let run = ledger_in(
        dir.path(),
        &[
            "invoice",
            "--quarter",
            "2018-Q1",
            "--party",
            "tholen",
            "--format",
            "json",
        ],
    )
    .success();
    // Both rows count: 40.0 + 40.0 = 80.0 km × 0.19 = 15.20 (Art. 5 lid 3).
    let v: serde_json::Value = run.json();
    let travel = v["invoices"][0]["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["kind"] == "travel")
        .cloned()
        .unwrap();
    assert_eq!(travel["quantity"], "80");
    assert_eq!(travel["amount"], "15.20");
    assert!(!run.stderr.contains("overlaps"), "{}", run.stderr);
    // The same marker twice is an exact repeat again.
    let log = format!("{log}2018-02-01,tholen,09:00,12:00,1,3.00,0,40.0,1\n");
    let dir = data(with_marker, &log);
    let run = ledger_in(dir.path(), &["invoice", "--quarter", "2018-Q1"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(run.stderr.contains("(rows 2 and 3)"), "{}", run.stderr);
    // The log has a marker column, so the help says which number to write.
    assert!(
        run.stderr.contains("or mark this row 2 in the column `herhaling` (each intended repeat of a row gets the next number)"),
        "{}",
        run.stderr
    );
}

#[test]
fn an_overlapping_shift_warns_in_the_reports() {
    let log = format!("{HEADER}{ROW}2018-02-01,tholen,11:00,13:00,1,2.00,0,20.0\n");
    let dir = data(|t| t.to_string(), &log);
    let run = ledger_in(dir.path(), &["invoice", "--quarter", "2018-Q1"]).success();
    assert!(
        run.stderr.contains("warning: examples/brp-activity.csv:3: 2018-02-01 tholen 11:00–13:00 overlaps the shift 09:00–12:00 at examples/brp-activity.csv:2"),
        "{}",
        run.stderr
    );
}

/// `n` shifts of `who` on 2018-02-01 that each overlap the one before:
/// 09:00–10:00 with 1 km, then 09:01–10:01 with 2 km, and so on.
fn overlapping(who: &str, n: u32) -> String {
    (0..n)
        .map(|i| {
            format!(
                "2018-02-01,{who},09:{i:02},10:{i:02},1,1.00,0,{}.0\n",
                i + 1
            )
        })
        .collect()
}

#[test]
fn overlaps_are_told_for_the_first_twenty_rows_of_a_borrower_and_counted_after() {
    let log = format!(
        "{HEADER}{}{}",
        overlapping("tholen", 31),
        overlapping("steenbergen", 2)
    );
    let dir = data(|t| t.to_string(), &log);
    let run = ledger_in(dir.path(), &["invoice", "--quarter", "2018-Q1"]).success();
    let told = |who: &str| {
        run.stderr
            .lines()
            .filter(|l| l.contains(&format!(" {who} ")) && l.contains("overlaps the shift"))
            .count()
    };
    // Tholen's rows 2..=31 overlap: 30 rows, the first 20 told, 10 counted.
    assert_eq!(told("tholen"), 20, "{}", run.stderr);
    assert!(
        run.stderr.contains("warning: examples/brp-activity.csv: 10 more rows of tholen overlap another shift of tholen on the same day; the first 20 are told above\n"),
        "{}",
        run.stderr
    );
    // Steenbergen's second row is its one overlap, and nothing is counted.
    assert_eq!(told("steenbergen"), 1, "{}", run.stderr);
    assert!(
        !run.stderr.contains("more rows of steenbergen"),
        "{}",
        run.stderr
    );
    // With --party only that party's rows are told.
    let run = ledger_in(
        dir.path(),
        &["invoice", "--quarter", "2018-Q1", "--party", "steenbergen"],
    )
    .success();
    assert!(!run.stderr.contains("tholen"), "{}", run.stderr);
    assert!(
        run.stderr.contains(" steenbergen 09:01–10:01 overlaps"),
        "{}",
        run.stderr
    );
}

/// The BRP declaration with an ignored text column `opmerking` after `km`.
fn with_remark(toml: &str) -> String {
    toml.replace(
        "    { header = \"km\", type = \"decimal\", role = \"travel\" },\n",
        "    { header = \"km\", type = \"decimal\", role = \"travel\" },\n    { header = \"opmerking\", type = \"text\", role = \"ignored\" },\n",
    )
}

#[test]
fn rows_are_compared_by_value_and_by_their_ignored_columns() {
    // 3.0 and 3.00 hours, 40 and 40.0 km are the same values: a repeat.
    let log = format!("{HEADER}{ROW}2018-02-01,tholen,09:00,12:00,1,3.0,0,40\n");
    let dir = data(|t| t.to_string(), &log);
    let run = ledger_in(dir.path(), &["invoice", "--quarter", "2018-Q1"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(run.stderr.contains("(rows 1 and 2)"), "{}", run.stderr);
    // Rows that differ only in an ignored column are two rows (and the
    // second overlaps the first): 40.0 + 40.0 km = 80 km.
    let log = "date,borrower,start,end,supervisors,hours,house_visits,km,opmerking\n\
               2018-02-01,tholen,09:00,12:00,1,3.00,0,40.0,ochtend\n\
               2018-02-01,tholen,09:00,12:00,1,3.00,0,40.0,tweede ploeg\n";
    let dir = data(with_remark, log);
    let run = ledger_in(
        dir.path(),
        &[
            "invoice",
            "--quarter",
            "2018-Q1",
            "--party",
            "tholen",
            "--format",
            "csv",
        ],
    )
    .success();
    assert!(run.stdout.contains(",80,"), "{}", run.stdout);
    assert!(
        run.stderr.contains("overlaps the shift 09:00–12:00"),
        "{}",
        run.stderr
    );
    // The same remark twice is a repeat again.
    let log = log.replace("tweede ploeg", "ochtend");
    let dir = data(with_remark, &log);
    let run = ledger_in(dir.path(), &["invoice", "--quarter", "2018-Q1"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(run.stderr.contains("(rows 1 and 2)"), "{}", run.stderr);
}

/// A log over the 8 MiB from which the reports and `check` read it in
/// parallel byte ranges: 273 days of 2018, three borrowers, 240 shifts of
/// three minutes a day each: 196,560 rows of 48 bytes (steenbergen,
/// woensdrecht) and 43 (tholen), 273 × 240 × 139 = 9,107,280 bytes.
fn big_log() -> Vec<String> {
    let start = chrono::NaiveDate::from_ymd_opt(2018, 1, 1).unwrap();
    let mut rows = Vec::with_capacity(196_561);
    for day in 0..273 {
        let date = start + chrono::Duration::days(day);
        for who in ["steenbergen", "tholen", "woensdrecht"] {
            for k in 0..240u32 {
                let (from, to) = (7 * 60 + 3 * k, 7 * 60 + 3 * k + 3);
                rows.push(format!(
                    "{date},{who},{:02}:{:02},{:02}:{:02},2,0.05,0,1.0\n",
                    from / 60,
                    from % 60,
                    to / 60,
                    to % 60
                ));
            }
        }
    }
    rows
}

#[test]
fn check_reads_a_large_log_in_parts_with_every_row_and_problem_in_place() {
    let rows = big_log();
    let body: String = rows.concat();
    assert_eq!(body.len(), 9_107_280);
    assert!(body.len() > 8 << 20, "{} bytes", body.len());
    let dir = data(|t| t.to_string(), &format!("{HEADER}{body}"));
    let run = ledger_in(dir.path(), &["check"]).success();
    assert!(
        run.stdout.starts_with(
            "ok: 1 overeenkomst, 1 feitenbestand, 1 activiteitenlog (196560 logregels)\n"
        ),
        "{}",
        run.stdout
    );

    // Row 150,000 (line 150,001) gets a date that does not exist, and the
    // last row is written twice: row 196,561 at line 196,562 repeats row
    // 196,560 at line 196,561. Both are said, in row order, with their
    // lines, as one pass over the file says them.
    let mut rows = rows;
    rows[149_999] = format!("2018-02-30{}", &rows[149_999][10..]);
    let last = rows.last().unwrap().clone();
    rows.push(last);
    let dir = data(|t| t.to_string(), &format!("{HEADER}{}", rows.concat()));
    let run = ledger_in(dir.path(), &["check"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    let bad = run.stderr.find("error: `2018-02-30` is not a valid date (YYYY-MM-DD)\n  --> examples/brp-activity.csv:150001 (row 150000, column `date`)\n");
    let repeat = run.stderr.find("error: this row repeats the one at examples/brp-activity.csv:196561; it would be counted twice (rows 196560 and 196561)\n  --> examples/brp-activity.csv:196562 (row 196561)\n");
    assert!(
        bad.is_some() && repeat.is_some() && bad < repeat,
        "{}",
        run.stderr
    );
    assert_eq!(run.stderr.matches("error:").count(), 2, "{}", run.stderr);
}
