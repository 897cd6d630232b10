//! The user's edges: completions and the man page, help that describes
//! every option, one exit code per kind of failure, and the data
//! directories when `ledger` runs outside the repository.

mod common;

use common::{ledger, ledger_in, root};

const SUBCOMMANDS: &[&str] = &[
    "check",
    "show",
    "invoice",
    "settle",
    "withdraw",
    "budget",
    "deadlines",
    "notice",
    "test",
    "completions",
    "manpage",
];

#[test]
fn completions_name_every_subcommand() {
    let bash = ledger(&["completions", "bash"]).success().stdout;
    assert!(bash.contains("_ledger()"), "{bash}");
    for sub in SUBCOMMANDS {
        assert!(bash.contains(&format!("ledger,{sub})")), "{sub} missing");
    }
    assert!(bash.contains("--quarter"), "options are completed too");
    for shell in ["zsh", "fish", "powershell", "elvish"] {
        let s = ledger(&["completions", shell]).success().stdout;
        assert!(s.contains("invoice") && s.contains("agreements"), "{shell}");
    }
    assert_eq!(ledger(&["completions", "tcsh"]).code, 2);
}

#[test]
fn the_man_page_is_roff_with_every_subcommand() {
    let man = ledger(&["manpage"]).success().stdout;
    assert!(man.contains(".TH ledger 1"), "{man}");
    assert!(
        man.contains(".SH NAME\nledger \\- Agreement ledger"),
        "{man}"
    );
    assert!(
        man.contains(".SH \"LEDGER\\-CHECK\"\n.PP\nLoad and validate every agreement"),
        "{man}"
    );
    assert!(man.contains("\\-\\-quarter"), "{man}");
    assert!(man.contains("Exit codes"), "{man}");
}

/// Every option of every subcommand says what it is for.
#[test]
fn no_option_has_an_empty_description() {
    for sub in SUBCOMMANDS {
        let help = ledger(&[sub, "--help"]).success().stdout;
        let mut lines = help.lines().peekable();
        while let Some(line) = lines.next() {
            let t = line.trim_start();
            let flag = t.starts_with("--")
                || (t.starts_with('-')
                    && t.chars().nth(1).is_some_and(|c| c.is_ascii_alphabetic()));
            if !flag || line.len() == t.len() {
                continue;
            }
            // The description follows the flag on its line, or on the next
            // line in long help; never another flag or nothing.
            let same_line = t
                .split_once("  ")
                .is_some_and(|(_, d)| !d.trim().is_empty());
            let next = lines.peek().map_or("", |l| l.trim());
            let next_line = !next.is_empty() && !next.starts_with('-');
            assert!(
                same_line || next_line,
                "`ledger {sub} --help`: `{t}` has no description\n{help}"
            );
        }
        assert!(
            help.contains("Exit codes:\n  0  success\n  1  a failed computation or invalid input"),
            "{sub}"
        );
        assert!(help.contains("Example:\n  ledger "), "{sub}: no example");
        assert!(
            help.contains("Global options:\n      --agreements <DIR>"),
            "{sub}: {help}"
        );
        assert!(help.contains("Dates are written YYYY-MM-DD"), "{sub}");
    }
    // The register's commands describe every option too.
    let register: &[&[&str]] = &[
        &["issue", "--help"],
        &["credit", "--help"],
        &["register", "list", "--help"],
        &["register", "show", "--help"],
        &["verify", "--help"],
    ];
    for args in register {
        let help = ledger(args).success().stdout;
        let lines: Vec<&str> = help.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            let t = line.trim_start();
            if !t.starts_with("--") || line.len() == t.len() {
                continue;
            }
            let same_line = t
                .split_once("  ")
                .is_some_and(|(_, d)| !d.trim().is_empty());
            let next = lines.get(i + 1).map_or("", |l| l.trim());
            assert!(
                same_line || (!next.is_empty() && !next.starts_with('-')),
                "`ledger {}`: `{t}` has no description",
                args.join(" ")
            );
        }
    }
    let short = ledger(&["--help"]).success().stdout;
    assert!(short.contains("Exit codes:"), "{short}");
}

#[test]
fn a_negative_year_is_a_value_out_of_range() {
    for sub in ["settle", "budget"] {
        let run = ledger(&[sub, "--year", "-1"]);
        assert_eq!(run.code, 2, "{}", run.transcript());
        assert!(
            run.stderr.contains("`-1` is not a year from 1900 to 2200"),
            "{}",
            run.stderr
        );
    }
}

/// Every option that takes a value reads a leading `-` as part of it, so a
/// negative or dashed value gets that value's own error, with exit 2, and
/// never "unexpected argument".
#[test]
fn a_negative_value_is_read_as_the_options_value() {
    let cases: &[(&[&str], &str)] = &[
        (
            &["invoice", "--year", "-1"],
            "expected a year like 2018, got \"-1\"",
        ),
        (
            &["invoice", "--quarter", "-1"],
            "expected a quarter like 2018-Q1",
        ),
        (&["deadlines", "--within", "-6m"], "got `-6m`"),
        (&["deadlines", "--remind", "-1w"], "got `-1w`"),
        (&["show", "brp-pool", "--years", "-1..2"], "got `-1..2`"),
        (
            &["--width", "-5", "show", "brp-pool"],
            "-5 is not in 40..=1000",
        ),
        (
            &["--busy-timeout", "-1", "register", "list"],
            "expected whole seconds, 0 or more, such as 5, got `-1`",
        ),
        (&["register", "list", "--year", "-1"], "`-1` is not a year"),
        (
            &[
                "withdraw",
                "--agreement",
                "brp-pool",
                "--party",
                "Tholen",
                "--effective",
                "2018-07-01",
                "--redeployed-hours",
                "-5",
            ],
            "hours cannot be negative, got `-5`",
        ),
    ];
    for (args, message) in cases {
        let run = ledger(args);
        assert_eq!(run.code, 2, "{}", run.transcript());
        assert!(run.stderr.contains(message), "{message}\n{}", run.stderr);
        assert!(
            !run.stderr.contains("unexpected argument"),
            "{}",
            run.stderr
        );
    }
}

/// 2 for every usage error, clap's or found after parsing; 1 for input.
#[test]
fn one_exit_code_per_kind_of_failure() {
    let usage: &[&[&str]] = &[
        &["invoice"],
        &["invoice", "--quarter", "2018-Q1", "--bogus"],
        &[
            "invoice",
            "--quarter",
            "2018-Q1",
            "--explain",
            "--format",
            "csv",
        ],
        &["deadlines", "--from", "2018-01-01", "--within", "90"],
        &["deadlines", "--from", "2018-01-01", "--remind", ""],
        &["show", "--years", "2020..2010"],
        &["show", "--format", "csv"],
        &[
            "withdraw",
            "--agreement",
            "brp-pool",
            "--party",
            "Tholen",
            "--effective",
            "2018-07-01",
            "--redeployed-hours",
            "x",
        ],
    ];
    for args in usage {
        assert_eq!(ledger(args).code, 2, "ledger {}", args.join(" "));
    }
    let input = ledger(&["check", "tests/bad/float-amount.toml"]);
    assert_eq!(input.code, 1);
    assert_eq!(
        ledger(&["invoice", "--quarter", "2018-Q1", "--agreement", "nope"]).code,
        1
    );
}

#[test]
fn outside_the_repository_it_says_where_it_looked() {
    let dir = tempfile::tempdir().unwrap();
    let run = ledger_in(dir.path(), &["invoice", "--quarter", "2018-Q1"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    let looked = dir.path().canonicalize().unwrap().join("agreements");
    assert!(
        run.stderr.contains(&format!(
            "no agreements directory: looked for {}",
            looked.display()
        )) || run.stderr.contains(&format!(
            "no agreements directory: looked for {}",
            dir.path().join("agreements").display()
        )),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("point --agreements DIR (or LEDGER_AGREEMENTS) at the directory of agreements TOML files"), "{}", run.stderr);
    // `ledger test` looks in the same place and says so the same way.
    let run = ledger_in(dir.path(), &["test"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(
        run.stderr.contains("no agreements directory: looked for "),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("point --agreements DIR (or LEDGER_AGREEMENTS)"),
        "{}",
        run.stderr
    );

    let agreements = root().join("agreements");
    let run = ledger_in(
        dir.path(),
        &["--agreements", agreements.to_str().unwrap(), "check"],
    );
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(
        run.stderr.contains("no facts directory: looked for "),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("--facts DIR (or LEDGER_FACTS)"),
        "{}",
        run.stderr
    );
}

#[test]
fn out_creates_the_directory_and_its_parents() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("2018/Q1/invoices");
    let run = ledger(&[
        "invoice",
        "--quarter",
        "2018-Q1",
        "--party",
        "Tholen",
        "--out",
        target.to_str().unwrap(),
    ])
    .success();
    assert!(
        run.stdout.contains("brp-pool-2018-Q1-tholen"),
        "{}",
        run.stdout
    );
    let files: Vec<_> = std::fs::read_dir(&target).unwrap().collect();
    assert_eq!(files.len(), 1);
}

#[test]
fn check_of_a_log_uses_the_facts_file_that_names_it() {
    // examples/brp-facts.toml names examples/brp-activity.csv: the log is
    // checked against the BRP pool's parties without naming the facts.
    let run = ledger(&["check", "./examples/brp-activity.csv"]).success();
    assert!(
        run.stdout.starts_with(
            "ok: 2 overeenkomsten, 1 feitenbestand, 1 activiteitenlog (154 logregels)"
        ),
        "{}",
        run.stdout
    );
    // Only the BRP facts were read: nothing is said about the Expatcenter's
    // party details, which are complete in a facts file not checked here.
    assert_eq!(
        run.stderr,
        "note: brp-pool: the party details of bergen-op-zoom, woensdrecht, steenbergen, tholen are placeholders; replace them before sending e-invoices\n"
    );
}

#[test]
fn check_of_a_log_without_a_facts_directory_says_where_it_looked() {
    // Run where there is no `examples/`: no facts file names the log, and
    // the message says why rather than only that.
    let dir = tempfile::tempdir().unwrap();
    let log = root().join("examples/brp-activity.csv");
    let run = ledger_in(dir.path(), &["check", log.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(
        run.stderr.contains(
            "error: this activity log is not named by any facts file: none was given, and the facts directory `examples` does not exist"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(
            "help: give the facts file that names it as well, or its directory with `--facts DIR`"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty(), "{}", run.stdout);
}
