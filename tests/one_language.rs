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
    "the first time shown",
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
        "formule:    het einde van de eerste looptijd waarvan de uiterste opzegdatum op of na de gegeven datum valt\n",
        "invoer:     gegeven op = 2018-09-01  [--given]\n",
        "invoer:     eerste looptijd = 2017-10-01 – 2018-10-01  [agreements/brp-pool.toml: term]\n",
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

// ---------------------------------------------------------------------------
// Every command's table, in each language, has no word of the other.
// ---------------------------------------------------------------------------

/// Whole words that only the Dutch words (`src/report/lang/nl*.rs`) say;
/// none is English.
const DUTCH_WORDS: &[&str] = &[
    "btw",
    "uur",
    "uren",
    "subtotaal",
    "totaal",
    "factuur",
    "facturen",
    "overeenkomst",
    "looptijd",
    "termijn",
    "termijnen",
    "opzegging",
    "opzegtermijn",
    "afrekening",
    "vergoeding",
    "kosten",
    "inlener",
    "inlenende",
    "aanbieder",
    "uitlenende",
    "afnemer",
    "aanbieder",
    "jaar",
    "jaren",
    "maand",
    "maanden",
    "kwartaal",
    "kwartalen",
    "geen",
    "niet",
    "wordt",
    "vóór",
    "uiterlijk",
    "binnen",
    "maandag",
    "dinsdag",
    "woensdag",
    "donderdag",
    "vrijdag",
    "zaterdag",
    "zondag",
    "januari",
    "februari",
    "maart",
    "mei",
    "juni",
    "juli",
    "augustus",
    "oktober",
    "toelichting",
    "formule",
    "invoer",
    "afronding",
    "uitkomst",
    "onafgerond",
    "gefactureerd",
    "opslag",
    "eenheid",
    "bedrag",
    "aantal",
    "artikel",
    "verlenging",
    "verlengd",
    "opmerking",
    "waarom",
    "dagen",
    "tarief",
    "reiskosten",
    "inkomsten",
    "advies",
    "marge",
    "netto",
    "dienst",
    "een",
    "het",
    "van",
    "de",
    "en",
    "voor",
    "naar",
    "bij",
    "met",
    "zonder",
    "tot",
    "dus",
    "als",
    "op",
    "aan",
    "elk",
    "elke",
    "dan",
    "zijn",
    "haar",
    "zij",
    "wie",
    "wat",
    "soort",
    "bewoording",
    "datum",
    "dag",
    "periode",
    "afzender",
    "ontvanger",
    "omschrijving",
    "prijs",
    "stuk",
    "verschil",
    "terugbetaald",
    "meerafname",
    "meerafname",
    "meeruren",
    "afnameplicht",
    "jaarafrekening",
    "standaard",
    "opgave",
    "begroting",
    "uitzondering",
    "uitzonderingen",
    "logregel",
    "logregels",
    "regel",
    "regels",
    "partijen",
    "feitenbestand",
    "verwacht",
    "werkelijk",
    "waarden",
    "vastgelegd",
    "gedeeld",
    "verdeeld",
    "inwoners",
    "instemmen",
];

/// Phrases the Dutch words say whose words alone are also English.
const DUTCH_PHRASES: &[&str] = &[" over €", "tot en met", " per jaar", " per kwartaal"];

/// Whole words that only the English words (`src/report/lang/en*.rs`) say;
/// none is Dutch ("of", "is", "per", "budget" and "net" are both).
const ENGLISH_WORDS: &[&str] = &[
    "the",
    "and",
    "hour",
    "hours",
    "total",
    "subtotal",
    "invoice",
    "invoices",
    "agreement",
    "term",
    "notice",
    "before",
    "after",
    "with",
    "without",
    "from",
    "none",
    "vat",
    "fee",
    "fees",
    "rate",
    "days",
    "day",
    "months",
    "month",
    "year",
    "years",
    "quarter",
    "to",
    "on",
    "by",
    "for",
    "at",
    "not",
    "no",
    "which",
    "that",
    "this",
    "it",
    "its",
    "an",
    "be",
    "are",
    "settlement",
    "compensation",
    "income",
    "cost",
    "advice",
    "margin",
    "travel",
    "explanation",
    "formula",
    "input",
    "rounding",
    "result",
    "unrounded",
    "note",
    "why",
    "up",
    "including",
    "within",
    "until",
    "every",
    "each",
    "renews",
    "renewed",
    "provider",
    "client",
    "borrower",
    "lender",
    "rows",
    "row",
    "line",
    "lines",
    "parties",
    "party",
    "exception",
    "exceptions",
    "recorded",
    "refund",
    "refunded",
    "redeployed",
    "undelivered",
    "default",
    "declared",
    "declaration",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "may",
    "june",
    "july",
    "august",
    "october",
    "expected",
    "actual",
    "passed",
    "failed",
    "figures",
    "shared",
    "split",
    "inhabitants",
    "unit",
    "price",
    "amount",
    "article",
    "period",
    "description",
    "quantity",
];

/// The texts a file gives, which are shown as written in both languages
/// (docs/formats.md): every string under these keys in the shipped
/// agreements and facts, and the holidays, whose official names are Dutch.
fn given_texts() -> Vec<String> {
    const KEYS: &[&str] = &[
        "id",
        "what",
        "name",
        "title",
        "short_title",
        "role_label",
        "who",
        "reason",
        "note",
        "assumption",
        "address",
        "source",
        "party",
        "payer",
        "series",
        "consent",
        "agreement",
        "header",
        "weight",
        "key",
    ];
    fn walk(key: &str, v: &toml::Value, out: &mut Vec<String>) {
        match v {
            toml::Value::String(s)
                if KEYS.contains(&key)
                    || key.ends_with("article")
                    || key.ends_with("assumption") =>
            {
                out.push(s.clone())
            }
            toml::Value::Array(a) => a.iter().for_each(|v| walk(key, v, out)),
            toml::Value::Table(t) => t.iter().for_each(|(k, v)| walk(k, v, out)),
            _ => {}
        }
    }
    let mut texts = Vec::new();
    for dir in [
        "agreements",
        "examples",
        "examples/agreements",
        "examples/facts",
    ] {
        for entry in std::fs::read_dir(common::root().join(dir)).unwrap() {
            let path = entry.unwrap().path();
            let name = path.to_string_lossy().to_string();
            if !name.ends_with(".toml") || name.ends_with(".expect.toml") {
                continue;
            }
            let value: toml::Value =
                toml::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
            walk("", &value, &mut texts);
        }
    }
    texts.extend(
        [
            "Nieuwjaarsdag",
            "Goede Vrijdag",
            "Eerste Paasdag",
            "Tweede Paasdag",
            "Koningsdag",
            "Koninginnedag",
            "Bevrijdingsdag",
            "Hemelvaartsdag",
            "Eerste Pinksterdag",
            "Tweede Pinksterdag",
            "Eerste Kerstdag",
            "Tweede Kerstdag",
        ]
        .map(String::from),
    );
    // The longest first, so that a text is taken out before one inside it.
    texts.sort_by_key(|t| std::cmp::Reverse(t.chars().count()));
    texts.dedup();
    texts
}

/// `out` without the texts the files give, file paths and keys (`[agreements/brp-pool.toml:
/// renewal.months]`), command-line flags and commands.
fn own_words(out: &str, given: &[String]) -> String {
    let mut s = out.to_string();
    for t in given.iter().filter(|t| t.chars().count() > 1) {
        s = erase(&s, t);
    }
    s.lines()
        .map(|line| {
            // A command the report tells the reader to run is not prose.
            let line = line.split("ledger ").next().unwrap_or_default();
            let mut words = Vec::new();
            let mut after_file = false;
            for w in line.split_whitespace() {
                // `agreements/brp-pool.toml: renewal.months`: a file and a key in it.
                if !is_key(w) && !after_file {
                    words.push(w);
                }
                after_file = w.ends_with(".toml:");
            }
            words.join(" ")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `s` without the occurrences of `t` that stand on their own: not part of
/// a longer word, key or path (`coordination` in `fees.coordination.percent`).
fn erase(s: &str, t: &str) -> String {
    let part_of = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || "._-/".contains(c));
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find(t) {
        let before = rest[..i]
            .chars()
            .next_back()
            .or_else(|| out.chars().next_back());
        let after = rest[i + t.len()..].chars().next();
        out.push_str(&rest[..i]);
        if part_of(before) || part_of(after) {
            out.push_str(t);
        } else {
            out.push(' ');
        }
        rest = &rest[i + t.len()..];
    }
    out.push_str(rest);
    out
}

/// A flag, a path or a key (`--given`, `renewal.months`, `fees.coordination.percent`,
/// `` `hourly` ``): names, in either language.
fn is_key(w: &str) -> bool {
    let dotted = w
        .char_indices()
        .any(|(i, c)| c == '.' && w[i + 1..].starts_with(|n: char| n.is_alphabetic()));
    // A document's number or id: `kempen-leerplicht-2021-Q1-reusel-de-mierden`.
    let id = w.contains('-') && w.contains(|c: char| c.is_ascii_digit()) && !w.contains('–');
    let flag = w.trim_start_matches(['[', '(']).starts_with("--");
    flag || id || w.contains('/') || w.contains('_') || w.contains('`') || dotted
}

/// Every word or phrase of `words` and `phrases` that `text` says.
fn said(text: &str, words: &[&str], phrases: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    for line in text.lines() {
        let lower = line.to_lowercase();
        for w in lower.split(|c: char| !c.is_alphabetic()) {
            if words.contains(&w) {
                found.push(format!("`{w}` in: {line}"));
            }
        }
        for p in phrases.iter().filter(|p| lower.contains(**p)) {
            found.push(format!("`{p}` in: {line}"));
        }
    }
    found
}

/// Every command's table on the shipped agreements and the examples:
/// invoices of 2018-Q1 and 2023-Q1 (and the examples' quarters), settle,
/// withdraw and budget with their explanations, deadlines from a fixed
/// day, show of every agreement, notice and check.
fn every_table(locale: &str) -> Vec<(String, Run)> {
    let seeds: Vec<Vec<&str>> = vec![
        vec!["invoice", "--quarter", "2018-Q1", "--explain"],
        vec!["invoice", "--quarter", "2023-Q1", "--explain"],
        vec!["invoice", "--quarter", "2010-Q1", "--explain"],
        vec!["settle", "--year", "2018", "--explain"],
        vec![
            "withdraw",
            "--agreement",
            "brp-pool",
            "--party",
            "Tholen",
            "--effective",
            "2018-07-01",
            "--explain",
        ],
        vec!["budget", "--year", "2019", "--explain"],
        vec!["deadlines", "--from", "2018-01-01", "--to", "2019-12-31"],
        vec!["deadlines", "--from", "2010-01-01", "--to", "2010-12-31"],
        vec!["show"],
        vec![
            "notice",
            "--agreement",
            "brp-pool",
            "--party",
            "Tholen",
            "--given",
            "2025-11-22",
            "--explain",
        ],
        vec![
            "notice",
            "--agreement",
            "expatcenter",
            "--given",
            "2010-06-30",
            "--explain",
        ],
        vec!["check"],
    ];
    let examples: Vec<Vec<&str>> = vec![
        vec!["invoice", "--quarter", "2020-Q1", "--explain"],
        vec!["invoice", "--quarter", "2021-Q1", "--explain"],
        vec!["invoice", "--quarter", "2021-Q2", "--explain"],
        vec![
            "invoice",
            "--quarter",
            "2023-Q1",
            "--agreement",
            "adres-zvl",
            "--explain",
        ],
        vec![
            "settle",
            "--year",
            "2021",
            "--agreement",
            "kinderopvang-pool",
            "--explain",
        ],
        vec![
            "settle",
            "--year",
            "2023",
            "--agreement",
            "adres-zvl",
            "--explain",
        ],
        vec![
            "withdraw",
            "--agreement",
            "kinderopvang-pool",
            "--party",
            "borsele",
            "--effective",
            "2022-07-01",
            "--explain",
        ],
        vec!["budget", "--year", "2021", "--explain"],
        vec!["deadlines", "--from", "2020-01-01", "--to", "2023-12-31"],
        vec!["show"],
        vec![
            "notice",
            "--agreement",
            "kinderopvang-pool",
            "--party",
            "kapelle",
            "--given",
            "2022-12-31",
        ],
        vec!["check"],
    ];
    let dirs = [
        "--agreements",
        "examples/agreements",
        "--facts",
        "examples/facts",
    ];
    let runs = seeds.into_iter().chain(
        examples
            .into_iter()
            .map(|a| dirs.iter().copied().chain(a).collect()),
    );
    runs.map(|mut args| {
        args.extend(["--locale", locale]);
        (args.join(" "), ledger(&args).success())
    })
    .collect()
}

#[test]
fn every_english_table_says_no_dutch_word_of_its_own() {
    let given = given_texts();
    let mut found = Vec::new();
    for (name, run) in every_table("en") {
        for f in said(&own_words(&run.stdout, &given), DUTCH_WORDS, DUTCH_PHRASES) {
            found.push(format!("`{name}`: {f}"));
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn every_dutch_table_says_no_english_word_of_its_own() {
    let given = given_texts();
    let mut found = Vec::new();
    for (name, run) in every_table("nl") {
        for f in said(&own_words(&run.stdout, &given), ENGLISH_WORDS, &[]) {
            found.push(format!("`{name}`: {f}"));
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

/// The scan is not empty-handed: each language's tables say the words the
/// other's scan looks for.
#[test]
fn the_word_lists_are_said_by_their_own_language() {
    let given = given_texts();
    let words = |locale: &str| -> String {
        every_table(locale)
            .iter()
            .map(|(_, r)| own_words(&r.stdout, &given).to_lowercase())
            .collect()
    };
    let (nl, en) = (words("nl"), words("en"));
    for w in [
        "btw",
        "uur",
        "totaal",
        "factuur",
        "looptijd",
        "afrekening",
        "toelichting",
    ] {
        assert!(
            !said(&nl, &[w], &[]).is_empty(),
            "the Dutch tables never say `{w}`"
        );
    }
    for w in [
        "vat",
        "hour",
        "total",
        "invoice",
        "term",
        "settlement",
        "explanation",
    ] {
        assert!(
            !said(&en, &[w], &[]).is_empty(),
            "the English tables never say `{w}`"
        );
    }
}
