//! One language per document (issue #14): with the default locale the
//! tables of `show`, `deadlines` and `notice` on the shipped data say
//! nothing in English but what the agreements' TOML itself says (its
//! descriptions, assumptions and consents are data, written in the file's
//! own words), and `--locale en` says the same in English.

mod common;

use common::{ledger, Run};

/// The words these tables wrote in English before they were worded per
/// locale (taken from the code that built them); none of them occurs in the
/// shipped agreements' own texts.
const OLD_ENGLISH: &[&str] = &[
    // show
    "source:",
    "Parties",
    "Term, renewal and ending",
    "Amounts, fees and VAT",
    "Shared amounts",
    "Capacity",
    "Key deadlines",
    "Who must agree",
    "Flags",
    "assumption:",
    "┆ article",
    "Rate `",
    "dated value from",
    "no address in the agreement",
    "up to and including",
    "renewed by",
    "months' notice",
    "ends the agreement on",
    "later notice ends it",
    "contracted hours lost",
    "without fees",
    "per client per year",
    "per house visit",
    " a week × ",
    " a quarter",
    "paid by",
    "spread over",
    "standard 21%",
    "not subject:",
    "the calendar year",
    "are never charged",
    "first shown",
    "default per client",
    "take-or-pay",
    "over-use",
    "a year from",
    "│ term ",
    "│ billing ",
    "│ flag ",
    // deadlines
    "deadlines from",
    "┆ date",
    "┆ what",
    "┆ kind ",
    "┆ wording",
    "not a working day",
    "next working day",
    "End of the",
    "End of renewal",
    "Last day for notice",
    "Invoice for",
    "┆ obligation ",
    "┆ option ",
    "┆ aim ",
    "sets no due date",
    "derived from the notice period",
    "does not move",
    "Sunday",
    "Saturday",
    // notice
    "Written notice",
    "Ends:",
    "How the end follows",
    "Early withdrawal instead",
    "running term",
    "on time for",
    "too late for",
    "the participation of",
    "the agreement continues",
    "no other party needs to agree",
    "owes compensation",
    "the withdrawing client pays",
    "compensation:",
    "│ result ",
    "│ notice period ",
];

/// The tables of the shipped data in `locale`: `show` and `deadlines` of
/// every agreement (the seeds and the examples), and notices by a client,
/// without a party, late, and under a notice period.
fn tables(locale: &str) -> Vec<(String, Run)> {
    let examples = [
        "--agreements",
        "examples/agreements",
        "--facts",
        "examples/facts",
    ];
    let mut runs: Vec<Vec<&str>> = vec![
        vec!["show"],
        vec!["deadlines", "--from", "2010-01-01", "--to", "2030-12-31"],
        vec![
            "notice",
            "--agreement",
            "brp-pool",
            "--party",
            "Tholen",
            "--given",
            "2025-11-22",
        ],
        vec!["notice", "--agreement", "brp-pool", "--given", "2018-09-01"],
        vec![
            "notice",
            "--agreement",
            "brp-pool",
            "--party",
            "Tholen",
            "--given",
            "2018-07-01",
        ],
        vec![
            "notice",
            "--agreement",
            "expatcenter",
            "--given",
            "2010-08-31",
        ],
        vec![
            "notice",
            "--agreement",
            "expatcenter",
            "--given",
            "2010-06-30",
        ],
    ];
    for args in [
        vec!["show"],
        vec!["deadlines", "--from", "2020-01-01", "--to", "2030-12-31"],
        vec![
            "notice",
            "--agreement",
            "kempen-leerplicht",
            "--party",
            "bergeijk",
            "--given",
            "2020-09-30",
        ],
        vec![
            "notice",
            "--agreement",
            "kinderopvang-pool",
            "--party",
            "kapelle",
            "--given",
            "2022-12-31",
        ],
    ] {
        runs.push(examples.iter().copied().chain(args).collect());
    }
    runs.into_iter()
        .map(|mut args| {
            args.extend(["--locale", locale]);
            (args.join(" "), ledger(&args).success())
        })
        .collect()
}

#[test]
fn the_dutch_tables_have_none_of_the_old_english_words() {
    let mut found = Vec::new();
    for (name, run) in tables("nl") {
        for word in OLD_ENGLISH {
            for line in run.stdout.lines().filter(|l| l.contains(word)) {
                found.push(format!("`{name}`: `{word}` in: {line}"));
            }
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// The English tables do say them: the list above is not a list of words
/// that simply never occur.
#[test]
fn the_english_tables_have_them() {
    let all: String = tables("en").into_iter().map(|(_, r)| r.stdout).collect();
    let missing: Vec<&&str> = OLD_ENGLISH.iter().filter(|w| !all.contains(**w)).collect();
    assert!(missing.is_empty(), "never said in English: {missing:?}");
}

/// `notice` in both locales, with the same dates: BRP Art. 20 lid 2, notice
/// given on 2018-09-01 is a day late for the term ending 2018-10-01 (last
/// day 2018-08-31, "vóór 1 september"), so the agreement renews to
/// 2019-10-01 and the notice ends it then (364 days before 2019-08-31).
#[test]
fn notice_in_dutch_and_english() {
    let args = ["notice", "--agreement", "brp-pool", "--given", "2018-09-01"];
    let nl = ledger(&args).success().stdout;
    for expected in [
        "Schriftelijke opzegging op 2018-09-01 (zaterdag)",
        "Einde: 2019-10-01 — de overeenkomst als de aanbieder opzegt",
        "\nHoe het einde volgt\n",
        "de eerste looptijd: 2017-10-01 – 2018-10-01",
        "moest vóór 1 september 2018 worden gedaan (laatste dag 2018-08-31); 2018-09-01 is 1 dag te laat, dus de overeenkomst wordt verlengd tot 2019-10-01",
        "2018-09-01 is 364 dagen ervoor",
        "zij eindigt aan het einde van de volgende looptijd, op 2019-10-01, in plaats van te worden verlengd tot 2020-10-01",
        "\nWie moet instemmen\n",
    ] {
        assert!(nl.contains(expected), "missing `{expected}` in:\n{nl}");
    }
    let mut en_args = args.to_vec();
    en_args.extend(["--locale", "en"]);
    let en = ledger(&en_args).success().stdout;
    for expected in [
        "Written notice given on 2018-09-01 (Saturday)",
        "Ends: 2019-10-01 — the agreement when the provider gives notice",
        "\nHow the end follows\n",
        "the initial term: 2017-10-01 – 2018-10-01",
        "had to be given before 1 September 2018 (last day 2018-08-31); 2018-09-01 is 1 day late, so the agreement renews to 2019-10-01",
        "2018-09-01 is 364 days before it",
        "it ends at the end of the next term, on 2019-10-01, instead of renewing to 2020-10-01",
        "\nWho must agree\n",
    ] {
        assert!(en.contains(expected), "missing `{expected}` in:\n{en}");
    }
}

/// `notice --explain` words its explanation in the run's language: the
/// same notice (2018-09-01, a day after the last day 2018-08-31 for the
/// term ending 2018-10-01) ends the term after the renewal, 2019-10-01,
/// whose deadline is before 1 September 2019 (Art. 20 lid 2).
#[test]
fn notice_explanation_in_dutch_and_english() {
    let args = [
        "notice",
        "--agreement",
        "brp-pool",
        "--party",
        "tholen",
        "--given",
        "2018-09-01",
        "--explain",
    ];
    let nl = ledger(&args).success().stdout;
    for expected in [
        "\nToelichting\n  einde na de opzegging (Art. 20 lid 2)\n",
        "formule:    het einde van de eerste termijn waarvan de uiterste opzegdatum op of na de gegeven datum valt\n",
        "invoer:     gegeven op = 2018-09-01  [--given]\n",
        "invoer:     eerste termijn = 2017-10-01 – 2018-10-01  [agreements/brp-pool.toml: term]\n",
        "invoer:     verlenging = 12 maanden  [agreements/brp-pool.toml: renewal.months]\n",
        "invoer:     uiterste opzegdatum voor 2019-10-01 = vóór 1 september 2019 → laatste dag 2019-08-31  [agreements/brp-pool.toml: renewal]\n",
        "uitkomst:   2019-10-01\n",
    ] {
        assert!(nl.contains(expected), "missing `{expected}` in:\n{nl}");
    }
    assert!(!nl.contains("end under the notice"), "{nl}");
    let mut en_args = args.to_vec();
    en_args.extend(["--locale", "en"]);
    let en = ledger(&en_args).success().stdout;
    for expected in [
        "\nExplanation\n  end under the notice (Art. 20 lid 2)\n",
        "formula:   the end of the first term whose notice deadline is on or after the date given\n",
        "input:     renewal = 12 months  [agreements/brp-pool.toml: renewal.months]\n",
        "input:     notice deadline for 2019-10-01 = before 1 September 2019 → last day 2019-08-31  [agreements/brp-pool.toml: renewal]\n",
        "result:    2019-10-01\n",
    ] {
        assert!(en.contains(expected), "missing `{expected}` in:\n{en}");
    }
}

/// `deadlines` in both locales, with the same dates: BRP Art. 20 lid 2,
/// notice before 1 September 2025 against the renewal of 2025-10-01; the
/// last day, 2025-08-31, is a Sunday, the next working day Monday
/// 2025-09-01.
#[test]
fn deadlines_in_dutch_and_english() {
    let args = [
        "deadlines",
        "--from",
        "2025-08-01",
        "--within",
        "1m",
        "--agreement",
        "brp-pool",
    ];
    let cells = |out: &str, what: &str| -> Vec<String> {
        out.lines()
            .map(|l| {
                l.trim_matches('│')
                    .split('┆')
                    .map(|c| c.trim().to_string())
                    .collect::<Vec<_>>()
            })
            .find(|c| c.iter().any(|x| x.starts_with(what)))
            .unwrap_or_else(|| panic!("no row `{what}` in:\n{out}"))
    };
    let nl = ledger(&args).success().stdout;
    assert!(
        nl.starts_with("2 termijnen van 2025-08-01 tot en met 2025-09-01\n"),
        "{nl}"
    );
    assert_eq!(
        cells(&nl, "datum"),
        [
            "datum",
            "dag",
            "overeenkomst",
            "wat",
            "soort",
            "bewoording",
            "artikel",
            "geen werkdag"
        ]
    );
    assert_eq!(
        cells(&nl, "Laatste dag"),
        [
            "2025-08-31",
            "zondag",
            "brp-pool",
            "Laatste dag om verlenging op te zeggen: opzegging beëindigt de overeenkomst op 2025-10-01 in plaats van haar te verlengen tot 2026-10-01",
            "keuze",
            "vóór 1 september 2025",
            "Art. 20 lid 2",
            "zondag; volgende werkdag 2025-09-01",
        ]
    );
    assert!(
        nl.contains("\nEen termijn die op een weekend of feestdag valt, verschuift niet"),
        "{nl}"
    );
    let mut en_args = args.to_vec();
    en_args.extend(["--locale", "en"]);
    let en = ledger(&en_args).success().stdout;
    assert!(
        en.starts_with("2 deadlines from 2025-08-01 up to and including 2025-09-01\n"),
        "{en}"
    );
    assert_eq!(
        cells(&en, "date"),
        [
            "date",
            "day",
            "agreement",
            "what",
            "kind",
            "wording",
            "article",
            "not a working day"
        ]
    );
    assert_eq!(
        cells(&en, "Last day"),
        [
            "2025-08-31",
            "Sunday",
            "brp-pool",
            "Last day for notice against renewal: notice ends the agreement on 2025-10-01 instead of renewing it to 2026-10-01",
            "option",
            "before 1 September 2025",
            "Art. 20 lid 2",
            "Sunday; next working day 2025-09-01",
        ]
    );
    assert!(
        en.contains("\nA deadline on a weekend or public holiday does not move"),
        "{en}"
    );
}

/// A client's part of a shared amount is worded per locale on the invoice
/// line: Kempen's licence 2021 by inhabitants on 1 January (Art. 10),
/// Reusel-De Mierden 13,281 of 52,348 (€ 2.313,04).
#[test]
fn a_shared_amount_line_in_dutch_and_english() {
    let args = [
        "--agreements",
        "examples/agreements",
        "--facts",
        "examples/facts",
        "invoice",
        "--quarter",
        "2021-Q1",
        "--party",
        "reusel-de-mierden",
    ];
    let nl = ledger(&args).success().stdout;
    assert!(
        nl.contains("│ Gezamenlijke licentie registratiesysteem leerplicht 2021: 13.281 van 52.348 inwoners ┆"),
        "{nl}"
    );
    let mut en_args = args.to_vec();
    en_args.extend(["--locale", "en"]);
    let en = ledger(&en_args).success().stdout;
    assert!(
        en.contains("│ Gezamenlijke licentie registratiesysteem leerplicht 2021: 13,281 of 52,348 inwoners ┆"),
        "{en}"
    );
}
