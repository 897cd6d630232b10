//! What stdout holds, whatever the report: tables fitted to a width
//! (`--width`) with no figure cut, pipes left as they are, CSV in the Dutch
//! dialect (`--csv-dialect nl`), notes kept out of the data, and an
//! example and the exit codes in every command's long help.

mod common;
use common::ledger;

/// Every report in table form, on the shipped data and the examples.
const REPORTS: &[&[&str]] = &[
    &["invoice", "--quarter", "2018-Q1"],
    &[
        "invoice",
        "--quarter",
        "2018-Q1",
        "--party",
        "Tholen",
        "--explain",
    ],
    &["settle", "--year", "2018"],
    &[
        "settle",
        "--year",
        "2018",
        "--party",
        "Steenbergen",
        "--explain",
    ],
    &[
        "withdraw",
        "--agreement",
        "brp-pool",
        "--party",
        "Tholen",
        "--effective",
        "2018-07-01",
    ],
    &["budget", "--year", "2018"],
    &["deadlines", "--from", "2025-06-01", "--within", "6m"],
    &[
        "notice",
        "--agreement",
        "brp-pool",
        "--party",
        "Tholen",
        "--given",
        "2025-11-22",
    ],
    &["show"],
    &["check"],
    &["test"],
];

/// The same reports on the example agreements.
const EXAMPLES: &[&[&str]] = &[
    &["show"],
    &["invoice", "--year", "2021"],
    &[
        "settle",
        "--year",
        "2021",
        "--agreement",
        "kinderopvang-pool",
    ],
    &[
        "budget",
        "--year",
        "2021",
        "--agreement",
        "kinderopvang-pool",
    ],
    &["deadlines", "--from", "2021-01-01", "--within", "2y"],
    &["budget", "--year", "2021"],
    &[
        "invoice",
        "--quarter",
        "2021-Q2",
        "--agreement",
        "kempen-leerplicht",
        "--party",
        "bergeijk",
    ],
    &[
        "withdraw",
        "--agreement",
        "kinderopvang-pool",
        "--party",
        "borsele",
        "--effective",
        "2022-07-01",
    ],
];

/// The amounts (`€ 1.794,24`, `€ -358,85`) and dates of a text, sorted.
fn figures(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || "│┆()[];".contains(c))
        .filter(|w| !w.is_empty())
        .collect();
    for (i, w) in words.iter().enumerate() {
        let w = w.trim_end_matches([',', '.', ':']);
        let amount = w.contains(',')
            && w.trim_start_matches('-')
                .chars()
                .all(|c| c.is_ascii_digit() || c == '.' || c == ',');
        if i > 0 && words[i - 1] == "€" && amount {
            found.push(format!("€ {w}"));
        }
        let date = w.len() == 10 && w.as_bytes()[4] == b'-' && w.as_bytes()[7] == b'-';
        if date && w.bytes().filter(u8::is_ascii_digit).count() == 8 {
            found.push(w.to_string());
        }
    }
    found.sort();
    found
}

/// Runs `args` free and at 80 columns and checks the fitted run: no line
/// over 80, and every amount and date whole, the same ones as the free
/// run, except those of the columns a line names as left out.
fn fits_in_80(prefix: &[&str], args: &[&str]) {
    let all = |width: Option<&str>| {
        let mut v: Vec<&str> = prefix.to_vec();
        if let Some(w) = width {
            v.extend(["--width", w]);
        }
        v.extend_from_slice(args);
        ledger(&v).success()
    };
    let (free, fitted) = (all(None), all(Some("80")));
    let name = args.join(" ");
    for line in fitted.stdout.lines() {
        assert!(
            line.chars().count() <= 80,
            "`{name}`: {} wide:\n{line}",
            line.chars().count()
        );
    }
    assert_eq!(
        fitted.stderr, free.stderr,
        "`{name}`: stderr is never fitted"
    );
    no_word_split(&name, &free.stdout, &fitted.stdout);
    let (narrow, wide) = (figures(&fitted.stdout), figures(&free.stdout));
    if fitted
        .stdout
        .contains("(weggelaten om in 80 kolommen te passen:")
    {
        let mut rest = wide.clone();
        for f in &narrow {
            let at = rest.iter().position(|w| w == f);
            let at = at.unwrap_or_else(|| panic!("`{name}`: {f} is not a figure of the report"));
            rest.remove(at);
        }
    } else {
        assert_eq!(
            narrow, wide,
            "`{name}`: a figure was cut\n{}",
            fitted.stdout
        );
    }
    assert!(
        !wide.is_empty() || name == "check" || name == "test",
        "`{name}`: no figures seen"
    );
}

/// The words of a table's cells (header included).
fn cell_words(text: &str) -> Vec<&str> {
    let rows = text.lines().filter(|l| l.starts_with('│'));
    rows.flat_map(|l| l.split(['│', '┆']).flat_map(str::split_whitespace))
        .collect()
}

/// Every word in a fitted table's cells is a word of the same table
/// unfitted: cells wrap at spaces and never split a word, except a word
/// longer than 24 characters (a path), which may break.
fn no_word_split(name: &str, free: &str, fitted: &str) {
    let whole = cell_words(free);
    for word in cell_words(fitted) {
        let part_of_long = whole
            .iter()
            .any(|w| w.chars().count() > 24 && w.contains(word));
        assert!(
            whole.contains(&word) || part_of_long,
            "`{name}`: `{word}` is part of a split word:\n{fitted}"
        );
    }
}

#[test]
fn every_table_fits_80_columns_without_cutting_a_figure() {
    for args in REPORTS {
        fits_in_80(&[], args);
    }
    let examples = [
        "--agreements",
        "examples/agreements",
        "--facts",
        "examples/facts",
    ];
    for args in EXAMPLES {
        fits_in_80(&examples, args);
    }
}

#[test]
fn the_tholen_invoice_at_80_columns() {
    let run = ledger(&[
        "--width",
        "80",
        "invoice",
        "--quarter",
        "2018-Q1",
        "--party",
        "Tholen",
    ])
    .success();
    // The amounts column is never wrapped: each amount on one line.
    for amount in [
        "€ 1.794,24",
        "€ 107,18",
        "€ 89,71",
        "€ 1.991,13",
        "€ 418,14",
        "€ 2.409,27",
    ] {
        assert!(run.stdout.contains(amount), "{amount}\n{}", run.stdout);
    }
    assert!(
        !run.stdout.contains('\u{a0}'),
        "no-break spaces are written as spaces"
    );
}

/// Fitted to 80 columns, no word of the invoice is split: a long header of
/// a figure column wraps at its space (`prijs per` / `eenheid`) so that the
/// description keeps its longest word, `(gecontracteerde`, whole.
#[test]
fn the_tholen_invoice_at_80_columns_splits_no_word() {
    let args = ["invoice", "--quarter", "2018-Q1", "--party", "Tholen"];
    let fitted = ledger(&[&["--width", "80"][..], &args].concat()).success();
    let cells = |text: &str| -> Vec<String> {
        let rows = text.lines().filter(|l| l.starts_with('│'));
        rows.flat_map(|l| {
            l.split(['│', '┆'])
                .map(|c| c.trim().to_string())
                .collect::<Vec<_>>()
        })
        .collect()
    };
    let words: Vec<String> = cells(&fitted.stdout)
        .iter()
        .flat_map(|c| c.split_whitespace().map(str::to_string).collect::<Vec<_>>())
        .collect();
    let free = ledger(&args).success();
    for cell in cells(&free.stdout) {
        for word in cell.split_whitespace() {
            assert!(
                words.iter().any(|w| w == word),
                "`{word}` split:\n{}",
                fitted.stdout
            );
        }
    }
    assert!(
        fitted.stdout.contains("┆  prijs per ┆"),
        "{}",
        fitted.stdout
    );
}

/// The main text column of a wide table keeps a third of the width: at 120
/// columns `deadlines` leaves out its wording column rather than squeeze
/// what each deadline is to a word a line.
#[test]
fn the_deadlines_at_120_columns_leave_room_for_what() {
    let run = ledger(&[
        "--width",
        "120",
        "deadlines",
        "--from",
        "2018-06-01",
        "--within",
        "3m",
    ])
    .success();
    assert!(
        run.stdout
            .contains("┆ Evaluatie van het pilotjaar              ┆"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(
            "(weggelaten om in 120 kolommen te passen: bewoording; een grotere --width toont ze)"
        ),
        "{}",
        run.stdout
    );
}

#[test]
fn a_budget_too_wide_for_80_columns_names_what_it_leaves_out() {
    let run = ledger(&[
        "--width",
        "80",
        "budget",
        "--year",
        "2018",
        "--agreement",
        "brp-pool",
    ])
    .success();
    assert!(
        run.stdout
            .contains("(weggelaten om in 80 kolommen te passen: tarief, dienst, opslag, advies"),
        "{}",
        run.stdout
    );
    // What stays: 7,535.81 cost, 464.19 margin, 4,735.81 net (Art. 12).
    for amount in ["€ 7.535,81", "€ 464,19", "€ 4.735,81"] {
        assert!(run.stdout.contains(amount), "{amount}");
    }
}

/// In a pipe the output is as wide as its content whatever `COLUMNS` says,
/// and `--width` changes nothing but text.
#[test]
fn piped_output_is_never_fitted() {
    let args = ["deadlines", "--from", "2025-06-01", "--within", "6m"];
    let plain = ledger(&args).success();
    let out = common::command_in(&common::root())
        .args(args)
        .env("COLUMNS", "80")
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), plain.stdout);
    assert!(plain.stdout.lines().any(|l| l.chars().count() > 200));
    for format in ["csv", "json"] {
        let mut wide: Vec<&str> = args.to_vec();
        wide.extend(["--format", format]);
        let free = ledger(&wide).success().stdout;
        let mut narrow = vec!["--width", "80"];
        narrow.extend(wide);
        assert_eq!(
            ledger(&narrow).success().stdout,
            free,
            "{format} is data, never fitted"
        );
    }
}

#[test]
fn the_dutch_csv_dialect() {
    let run = ledger(&[
        "invoice",
        "--quarter",
        "2018-Q1",
        "--party",
        "Tholen",
        "--format",
        "csv",
        "--csv-dialect",
        "nl",
    ])
    .success();
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(run.stdout.as_bytes());
    let header = reader.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3, "{}", run.stdout);
    // 31.50 h × 56.96 = 1,794.24 (Art. 12 lid 1, 4); 564.1 km × 0.19 =
    // 107.18 (Art. 5 lid 3); 5% fee 89.71; 1,991.13 + 21% VAT 418.14 = 2,409.27.
    assert_eq!(&rows[0][col("quantity")], "31,50");
    assert_eq!(&rows[0][col("unit_price")], "56,96");
    assert_eq!(&rows[0][col("amount")], "1794,24");
    assert_eq!(&rows[1][col("quantity")], "564,1");
    assert_eq!(&rows[1][col("amount")], "107,18");
    assert_eq!(&rows[2][col("amount")], "89,71");
    assert_eq!(&rows[2][col("total_excl_vat")], "1991,13");
    assert_eq!(&rows[2][col("total_incl_vat")], "2409,27");
    // Dates, integers and text stay as they are.
    assert_eq!(&rows[0][col("period_end")], "2018-03-31");
    assert_eq!(&rows[0][col("vat_percent")], "21");
    assert_eq!(
        &rows[2][col("description")],
        "Bijdrage coördinatietaak 5% over 1794.24"
    );
    // The plain CSV is unchanged: commas and decimal points.
    let plain = ledger(&[
        "invoice",
        "--quarter",
        "2018-Q1",
        "--party",
        "Tholen",
        "--format",
        "csv",
    ])
    .success();
    assert!(plain.stdout.contains(",1794.24,"), "{}", plain.stdout);
}

#[test]
fn every_command_that_writes_csv_takes_the_dialect() {
    let commands: &[&[&str]] = &[
        &["settle", "--year", "2018", "--party", "Steenbergen"],
        &[
            "withdraw",
            "--agreement",
            "brp-pool",
            "--party",
            "Tholen",
            "--effective",
            "2018-07-01",
        ],
        &["budget", "--year", "2018", "--agreement", "brp-pool"],
        &[
            "notice",
            "--agreement",
            "brp-pool",
            "--party",
            "Tholen",
            "--given",
            "2025-11-22",
        ],
        &["deadlines", "--from", "2025-06-01", "--within", "6m"],
    ];
    for args in commands {
        let mut v = args.to_vec();
        v.extend(["--format", "csv", "--csv-dialect", "nl"]);
        let nl = ledger(&v).success().stdout;
        let first = nl.lines().next().unwrap();
        assert!(
            first.contains(';') && !first.contains(','),
            "{args:?}: {first}"
        );
    }
    let budget = ledger(&[
        "budget",
        "--year",
        "2018",
        "--agreement",
        "brp-pool",
        "--format",
        "csv",
        "--csv-dialect",
        "nl",
    ])
    .success();
    // 126 h × 56.96 = 7,176.96 + 5% = 7,535.81 (Art. 12 lid 4, 6).
    assert!(budget.stdout.contains(";7176,96;"), "{}", budget.stdout);
    assert!(budget.stdout.contains(";7535,81;"), "{}", budget.stdout);
    // Without CSV the dialect means nothing: a usage error, not ignored.
    let run = ledger(&["invoice", "--quarter", "2018-Q1", "--csv-dialect", "nl"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.stderr.contains("--csv-dialect nl needs --format csv"),
        "{}",
        run.stderr
    );
}

/// The note that no invoice is due for the Expatcenter in 2018-Q1: on
/// stderr beside CSV, in the JSON's `notes`, under the tables otherwise;
/// never among the rows.
#[test]
fn notes_never_sit_among_the_data_on_stdout() {
    let note = "geen factuur voor expatcenter over 2018-Q1";
    let csv = ledger(&["invoice", "--quarter", "2018-Q1", "--format", "csv"]).success();
    assert!(!csv.stdout.contains(note) && csv.stderr.contains(&format!("opmerking: {note}")));
    let json = ledger(&["invoice", "--quarter", "2018-Q1", "--format", "json"]).success();
    let v: serde_json::Value = json.json();
    assert!(v["notes"].to_string().contains(note), "{}", json.stdout);
    let table = ledger(&["invoice", "--quarter", "2018-Q1"]).success();
    let lines: Vec<&str> = table.stdout.lines().collect();
    let last_table_line = lines.iter().rposition(|l| l.starts_with('└')).unwrap();
    let note_line = table.stdout.lines().position(|l| l.contains(note)).unwrap();
    assert!(note_line > last_table_line, "the note follows every table");

    // Every command's CSV is CSV alone, one header and rows of its width,
    // and its JSON one document, whatever notes and warnings the run has.
    let commands: &[&[&str]] = &[
        &["invoice", "--quarter", "2018-Q1"],
        &["invoice", "--quarter", "2018-Q3"],
        &["settle", "--year", "2018"],
        &[
            "withdraw",
            "--agreement",
            "brp-pool",
            "--party",
            "Tholen",
            "--effective",
            "2018-07-01",
        ],
        &["budget", "--year", "2018"],
        &[
            "notice",
            "--agreement",
            "brp-pool",
            "--party",
            "Tholen",
            "--given",
            "2025-11-22",
        ],
        &["deadlines", "--from", "2018-01-01", "--within", "2y"],
    ];
    for args in commands {
        let mut v = args.to_vec();
        v.extend(["--format", "csv"]);
        let run = ledger(&v).success();
        let mut reader = csv::ReaderBuilder::new().from_reader(run.stdout.as_bytes());
        let width = reader.headers().expect("a header").len();
        for record in reader.records() {
            let record = record.unwrap_or_else(|e| panic!("{args:?}: {e}\n{}", run.stdout));
            assert_eq!(record.len(), width, "{args:?}: {record:?}");
            assert!(!record[0].starts_with("note") && !record[0].starts_with("warning"));
        }
        let mut v = args.to_vec();
        v.extend(["--format", "json"]);
        let run = ledger(&v).success();
        serde_json::from_str::<serde_json::Value>(&run.stdout)
            .unwrap_or_else(|e| panic!("{args:?}: stdout is not one JSON document: {e}"));
    }
}

/// Every command and subcommand, the register's group included, has an
/// example and the exit codes in its long help.
#[test]
fn every_long_help_has_an_example_and_the_exit_codes() {
    use clap::CommandFactory;
    fn walk(cmd: &mut clap::Command, path: &str, seen: &mut Vec<String>) {
        for sub in cmd.get_subcommands_mut() {
            if sub.get_name() == "help" {
                continue;
            }
            let name = format!("{path} {}", sub.get_name());
            let help = sub.render_long_help().to_string();
            assert!(
                help.contains("Example:\n  ledger "),
                "`{name} --help` has no example:\n{help}"
            );
            assert!(
                help.contains("Exit codes:\n  0  success"),
                "`{name} --help` has no exit codes"
            );
            seen.push(name.clone());
            walk(sub, &name, seen);
        }
    }
    let mut cli = ledger::cli::Cli::command();
    cli.build();
    let mut seen = Vec::new();
    walk(&mut cli, "ledger", &mut seen);
    assert!(seen.contains(&"ledger register".to_string()), "{seen:?}");
    assert!(
        seen.contains(&"ledger register show".to_string()),
        "{seen:?}"
    );
    let verify = ledger(&["verify", "--help"]).success().stdout;
    assert!(
        verify.contains("  3  the register was changed outside ledger"),
        "{verify}"
    );
    assert!(verify.contains("  4  drift"), "{verify}");
}

/// `issue` and `register list` print the register's eleven columns; at 80
/// columns they keep the number, period, client and totals whole.
#[test]
fn the_register_tables_fit_80_columns() {
    let dir = tempfile::tempdir().unwrap();
    let register = dir.path().join("ledger.sqlite");
    let register = register.to_str().unwrap();
    let at_80 = |args: &[&str]| {
        let mut all = vec!["--register", register, "--width", "80"];
        all.extend_from_slice(args);
        ledger(&all).success()
    };
    let issued = at_80(&["issue", "--quarter", "2018-Q1", "--today", "2018-04-02"]);
    let credit = [
        "credit",
        "brp-pool-2018-0002",
        "--reason",
        "km dubbel",
        "--today",
        "2018-04-02",
    ];
    at_80(&credit);
    let list = at_80(&["register", "list"]);
    let free = ledger(&["--register", register, "register", "list"]).success();
    no_word_split("register list", &free.stdout, &list.stdout);
    // The credit note and the invoice it credits name each other whole.
    assert!(list.stdout.contains("┆ crediteert                 │\n│                    ┆             ┆             ┆ brp-pool-2018-0002         │"), "{}", list.stdout);
    for run in [&issued, &list] {
        for line in run.stdout.lines() {
            assert!(line.chars().count() <= 80, "{line}\n{}", run.stdout);
        }
        for whole in [
            "brp-pool-2018-0003",
            "woensdrecht",
            "€ 2.377,41",
            "€ 2.360,86",
            "€ 2.409,27",
        ] {
            assert!(run.stdout.contains(whole), "{whole}\n{}", run.stdout);
        }
        assert!(
            run.stdout
                .contains("(weggelaten om in 80 kolommen te passen: overeenkomst, soort"),
            "{}",
            run.stdout
        );
    }
}
