//! The progress bar for large logs, end to end: a log over the 50 MB
//! threshold read with stderr piped shows nothing of a bar and gives the
//! figures of the small log; under a pseudo-terminal (util-linux `script`)
//! the bar is drawn on stderr, without colour under `NO_COLOR`, and never
//! when `CI` is set.
//!
//! The big log is the example ADRES log (examples/facts/adres-zvl-activity.csv)
//! with its ignored `toelichting` column padded to over 50 MB: the same five
//! rows, so the same figures, read in two to four seconds in a debug build.
//! A log of 50 MB of real rows would need over a million distinct rows
//! (a repeated row is an error), whose figures no one checks by hand.

mod common;

use std::path::Path;
use std::process::Command;

use common::{ledger_in, root, Scratch};

/// Each of the five rows gets this many bytes of explanation: 5 × 10.5 MB
/// is 52.5 MB, over the threshold of 50,000,000 bytes.
const PADDING: usize = 10_500_000;

/// A directory with a copy of the ADRES agreement and its facts, and its log
/// with every row's `toelichting` padded to [`PADDING`] bytes.
fn big_adres_log() -> Scratch {
    let dir = Scratch::new();
    dir.copy(
        "examples/agreements/adres-zvl.toml",
        "agreements/adres-zvl.toml",
    )
    .copy(
        "examples/facts/adres-zvl-facts.toml",
        "facts/adres-zvl-facts.toml",
    );
    let small =
        std::fs::read_to_string(root().join("examples/facts/adres-zvl-activity.csv")).unwrap();
    let mut big = String::with_capacity(small.len() + 5 * PADDING + 100);
    let mut lines = small.lines();
    big.push_str(lines.next().unwrap());
    big.push('\n');
    let pad = "x".repeat(PADDING);
    for row in lines {
        // The last field is the ignored `toelichting`: the padding goes
        // after what it says, the five rows keep their figures.
        big.push_str(row);
        big.push_str(&pad);
        big.push('\n');
    }
    dir.write("facts/adres-zvl-activity.csv", &big);
    assert!(big.len() > 50_000_000, "{} bytes", big.len());
    dir
}

const INVOICE: &[&str] = &[
    "--agreements",
    "agreements",
    "--facts",
    "facts",
    "invoice",
    "--agreement",
    "adres-zvl",
    "--quarter",
    "2023-Q1",
    "--format",
    "csv",
];

#[test]
fn a_big_log_in_a_pipe_shows_no_bar_and_the_figures_of_the_small_log() {
    let dir = big_adres_log();
    let started = std::time::Instant::now();
    // Neither CI nor TERM=dumb is what keeps the bar away here: the pipe is.
    let out = common::command_in(dir.path())
        .args(INVOICE)
        .env_remove("CI")
        .env_remove("NO_COLOR")
        .env("TERM", "xterm")
        .output()
        .unwrap();
    eprintln!("read 52.5 MB in {:?}", started.elapsed());
    let (stdout, stderr) = (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    );
    assert!(out.status.success(), "{stderr}");
    assert_eq!(stderr, "", "nothing of a bar on a piped stderr");
    // The same figures as the small log (examples/agreements/adres-zvl.expect.toml):
    // the padding is in the ignored column only. 20 h a quarter at 60.00 =
    // 1,200.00 (Art. 3 lid 1, Art. 4 lid 1). Sluis: 41.6 + 38.4 + 40.0 =
    // 120.0 km × 0.23 = 27.60; 1,227.60 + 21% VAT 257.796 → 257.80 =
    // 1,485.40. Hulst: 22.0 + 30.5 = 52.5 km × 0.23 = 12.075 → 12.08;
    // 1,212.08 + 254.5368 → 254.54 = 1,466.62.
    let small = ledger_in(&root().join("examples"), INVOICE).success();
    assert_eq!(
        stdout, small.stdout,
        "the big log gives the small log's invoices"
    );
    for tail in [
        ",sluis,Gemeente Sluis,,1,service,Inzet toezichthouder BRP,20.00,hour,60.00,1200.00,",
        ",sluis,Gemeente Sluis,,2,travel,Reiskosten,120,km,0.23,27.60,Art. 4 lid 2,standard,21,1227.60,0.00,1227.60,257.80,1485.40\n",
        ",hulst,Gemeente Hulst,,2,travel,Reiskosten,52.5,km,0.23,12.08,Art. 4 lid 2,standard,21,1212.08,0.00,1212.08,254.54,1466.62\n",
    ] {
        assert!(stdout.contains(tail), "{tail}: {stdout}");
    }
}

/// util-linux `script`, which runs a command under a pseudo-terminal; none
/// (or another `script`) skips the tests that need a terminal.
fn script_available() -> bool {
    let version = Command::new("script").arg("-V").output();
    match version {
        Ok(out) if String::from_utf8_lossy(&out.stdout).contains("util-linux") => true,
        _ => {
            eprintln!("skipped: util-linux `script` is not on PATH, no pseudo-terminal to test the bar in");
            false
        }
    }
}

/// Runs the invoice of [`INVOICE`] in `dir` under a pseudo-terminal with
/// stdout to `out.csv`, so that what `script` captures is stderr alone;
/// `env` sets (Some) or removes (None) variables. Returns the captured bytes
/// and the invoice written.
fn on_a_terminal(dir: &Path, env: &[(&str, Option<&str>)]) -> (String, String) {
    let command = format!(
        "'{}' {} > out.csv",
        env!("CARGO_BIN_EXE_ledger"),
        INVOICE.join(" ")
    );
    let mut script = Command::new("script");
    script
        .args(["-qec", &command, "/dev/null"])
        .current_dir(dir)
        .env("TERM", "xterm");
    for name in common::LEDGER_ENV {
        script.env_remove(name);
    }
    for (key, value) in env {
        match value {
            Some(v) => script.env(key, v),
            None => script.env_remove(key),
        };
    }
    let out = script.output().unwrap();
    let captured = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "{captured}");
    let invoice = std::fs::read_to_string(dir.join("out.csv")).unwrap();
    (captured, invoice)
}

/// Whether `s` holds an SGR sequence (ESC [ digits ; … m), which is colour.
fn has_colour(s: &str) -> bool {
    s.split('\x1b').skip(1).any(|seq| {
        let Some(rest) = seq.strip_prefix('[') else {
            return false;
        };
        let params = rest.trim_start_matches(|c: char| c.is_ascii_digit() || c == ';');
        params.starts_with('m')
    })
}

#[test]
fn on_a_terminal_the_bar_is_drawn_plain_under_no_color_and_never_in_ci() {
    if !script_available() {
        return;
    }
    let dir = big_adres_log();
    let small = ledger_in(&root().join("examples"), INVOICE)
        .success()
        .stdout;
    let reading = "reading facts/adres-zvl-activity.csv [";

    // Not in CI, colours allowed: the bar, in colour (cyan on blue).
    let (bar, invoice) = on_a_terminal(dir.path(), &[("CI", None), ("NO_COLOR", None)]);
    assert!(bar.contains(reading), "{bar:?}");
    assert!(
        bar.contains("/50.07 MiB"),
        "5 × 10,500,000 + 222 = 52,500,222 bytes / 1,048,576 = 50.07 MiB: {bar:?}"
    );
    assert!(bar.contains("\x1b[36m"), "cyan: {bar:?}");
    assert_eq!(invoice, small, "the bar changes nothing of the output");

    // NO_COLOR: the same bar without a colour code.
    let (plain, invoice) = on_a_terminal(dir.path(), &[("CI", None), ("NO_COLOR", Some("1"))]);
    assert!(plain.contains(reading), "{plain:?}");
    assert!(!has_colour(&plain), "{plain:?}");
    assert_eq!(invoice, small);

    // CI=true: no bar at all, on a terminal too.
    let (ci, invoice) = on_a_terminal(dir.path(), &[("CI", Some("true")), ("NO_COLOR", None)]);
    assert_eq!(ci, "", "nothing on stderr in CI");
    assert_eq!(invoice, small);
}

#[test]
fn colour_codes_are_told_from_other_escapes() {
    assert!(has_colour("a\x1b[36m>\x1b[0m"));
    assert!(!has_colour("\x1b[1A\r\x1b[2Kreading"));
}
