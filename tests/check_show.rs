//! `ledger check` and `ledger show` on the shipped agreements and examples.
//! Every figure in the snapshots is checked by hand against the agreement
//! texts and DOMAIN.md; the assertions beside them name the article.

mod common;
use common::ledger;

#[test]
fn check_accepts_the_shipped_data() {
    let run = ledger(&["check"]).success();
    // Two agreements, a facts file for each, the 154-row example log; in
    // Dutch, the default language of everything on stdout.
    assert!(
        run.stdout.starts_with(
            "ok: 2 overeenkomsten, 2 feitenbestanden, 1 activiteitenlog (154 logregels)"
        ),
        "{}",
        run.stdout
    );
    insta::assert_snapshot!(run.transcript());
}

/// `--locale` is one global option: before or after the command, or
/// `LEDGER_LOCALE`, and `check` says its summary in English with `en`. The
/// diagnostics on stderr are English in both.
#[test]
fn check_speaks_the_locale_wherever_it_is_given() {
    let en = "ok: 2 agreements, 2 facts files, 1 activity log (154 rows)\n  brp-pool  agreements/brp-pool.toml: 4 parties, term 2017-10-01 – 2018-10-01, renews by 12 months\n  expatcenter  agreements/expatcenter.toml: 2 parties, term 2010-02-09 – 2010-12-31\n";
    let before = ledger(&["--locale", "en", "check"]).success();
    assert_eq!(before.stdout, en);
    assert_eq!(ledger(&["check", "--locale", "en"]).success().stdout, en);
    let by_env = common::command_in(&common::root())
        .arg("check")
        .env("LEDGER_LOCALE", "en")
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&by_env.stdout), en);
    let nl = ledger(&["check"]).success();
    assert!(
        nl.stdout.contains("  brp-pool  agreements/brp-pool.toml: 4 partijen, looptijd 2017-10-01 – 2018-10-01, stilzwijgend verlengd met 12 maanden\n"),
        "{}",
        nl.stdout
    );
    // The notes on stderr do not change with the locale.
    assert_eq!(before.stderr, nl.stderr);
    assert!(
        nl.stderr.contains("note: brp-pool: the party details of"),
        "{}",
        nl.stderr
    );
}

#[test]
fn check_warns_about_parties_not_ready_for_e_invoices() {
    // The agreement alone: its facts were not read, so nothing is said
    // about its party details (they are complete in
    // examples/expatcenter-facts.toml).
    let run = ledger(&["check", "agreements/expatcenter.toml"]).success();
    insta::assert_snapshot!(run.transcript(), @r"
    exit: 0
    --- stdout
    ok: 1 overeenkomst, 0 feitenbestanden, 0 activiteitenlogs (0 logregels)
      expatcenter  agreements/expatcenter.toml: 2 partijen, looptijd 2010-02-09 – 2010-12-31
    --- stderr
    ");
    // Its facts without Amsterdam's IBAN and Almere's buyer reference:
    // neither can take part in an e-invoice. A warning, not an error:
    // tables and CSV need none of it.
    let dir = common::Scratch::shipped();
    dir.edit(
        "examples/expatcenter-facts.toml",
        "iban = \"NL07BNGH0285000002\"\n",
        "",
    )
    .edit(
        "examples/expatcenter-facts.toml",
        "buyer_reference = \"ALM-EXPATCENTER\"\n",
        "",
    );
    let run = dir.run(&["check"]).success();
    assert!(run.stderr.contains("warning: expatcenter: `amsterdam` cannot send e-invoices yet: no iban (add them to its [[party_details]] in a facts file)\nwarning: expatcenter: `almere` cannot receive e-invoices yet: no buyer_reference (add them to its [[party_details]] in a facts file)\n"), "{}", run.stderr);
}

/// The BRP pool as encoded from the text (seed 004), every figure checked
/// by hand against the agreement and DOMAIN.md.
#[test]
fn show_brp_pool() {
    let run = ledger(&["show", "brp-pool"]).success();
    let out = &run.stdout;
    for expected in [
        // Art. 20 lid 1, Art. 26: term 1 October 2017 up to and including 1 October 2018.
        "2017-10-01 tot en met 2018-10-01",
        // Art. 20 lid 2: notice before 1 September 2018 ends it on 2018-10-01.
        "opzegging uiterlijk 2018-08-31 beëindigt de overeenkomst op 2018-10-01",
        // Art. 12 lid 4: EUR 56.96 per hour, indexed from 2019 by CPI (DOMAIN rule 5).
        "│ 2018 ┆ € 56,96 ┆",
        "56,96 × (1 + 1,7%) = 57,92832 → 57,93",
        "│ 2019 ┆ € 57,93 ┆",
        "│ 2020 ┆ € 59,44 ┆",
        "│ 2021 ┆ € 60,21 ┆",
        "│ 2022 ┆ € 61,84 ┆",
        "│ 2023 ┆ € 68,02 ┆",
        "│ 2024 ┆ € 70,60 ┆",
        "│ 2025 ┆ € 72,93 ┆",
        "│ 2026 ┆ € 75,34 ┆",
        // Art. 12 lid 6: 5% coordination fee.
        "5% over de regels voor inzet",
        // Art. 4 lid 5, Art. 5 lid 12, Art. 6: 3 h × 42 weeks = 126 h = 10.5 h a month.
        "3,00 h per week × 42 weken = 126,00 h per jaar = 10,50 h per maand = 31,50 h per kwartaal",
        // Art. 12 lid 4: advice EUR 8,000; Art. 12 lid 5: EUR 70 per house visit.
        "€ 8.000,00 per afnemer per jaar",
        "€ 70,00 per huisbezoek",
        // Art. 21 and Art. 23 lid 1: who must agree to an accession and an amendment.
        "een meerderheid van de deelnemende gemeenten",
        "alle deelnemende gemeenten, na akkoord van de colleges",
        // Art. 4 lid 4: declaration before 1 October 2018 → 30 September (a Sunday).
        "│ 2018-09-30 ┆ zondag ",
    ] {
        assert!(out.contains(expected), "missing `{expected}` in:\n{out}");
    }
    insta::assert_snapshot!(run.transcript());
}

/// The Expatcenter pilot as encoded from the text (seed 000).
#[test]
fn show_expatcenter() {
    let run = ledger(&["show", "expatcenter"]).success();
    let out = &run.stdout;
    for expected in [
        // Art. 5 sub a: 9 February 2010 up to and including 31 December 2010.
        "2010-02-09 tot en met 2010-12-31",
        // Art. 4: EUR 16,159.20 for 2010; later years left to a separate document.
        "€ 16.159,20 te betalen door Gemeente Almere",
        "geen bedrag overeengekomen",
        // Art. 5 sub b: six months' notice; notice on 2010-06-30 ends it on 2010-12-30.
        "opzegtermijn van zes maanden",
        "wordt gedaan op 2010-06-30 en beëindigt haar op 2010-12-30",
        // Art. 3 (aim), Art. 7 (2010-02-09 + 3 months = 2010-05-09, a Sunday), Art. 5 sub a.
        "│ 2010-03-31 ┆ woensdag ┆ Side letter",
        "│ 2010-05-09 ┆ zondag   ┆ Publicatie van de tekst in de Staatscourant",
        "│ 2010-10-01 ┆ vrijdag  ┆ Besluit over de voortzetting",
        "│ 2010-12-31 ┆ vrijdag  ┆ Einde van de overeenkomst",
        // Art. 6.
        "niet in rechte afdwingbaar",
    ] {
        assert!(out.contains(expected), "missing `{expected}` in:\n{out}");
    }
    insta::assert_snapshot!(run.transcript());
}

#[test]
fn show_in_english_money_format() {
    let run = ledger(&["show", "expatcenter", "--locale", "en"]).success();
    assert!(
        run.stdout.contains("€16,159.20 paid by Gemeente Almere"),
        "{}",
        run.stdout
    );
    let run = ledger(&["show", "brp-pool", "--locale", "en"]).success();
    assert!(run.stdout.contains("│ 2026 ┆ €75.34 ┆"), "{}", run.stdout);
}

#[test]
fn show_json_has_plain_decimals() {
    let run = ledger(&["show", "brp-pool", "--format", "json"]).success();
    let v: serde_json::Value = run.json();
    let years = &v[0]["rates"][0]["years"];
    let amount = |year: i64| {
        years
            .as_array()
            .unwrap()
            .iter()
            .find(|y| y["year"] == year)
            .map(|y| y["amount"].as_str().unwrap().to_string())
    };
    assert_eq!(amount(2018).as_deref(), Some("56.96"));
    assert_eq!(amount(2019).as_deref(), Some("57.93"));
    assert_eq!(amount(2026).as_deref(), Some("75.34"));
}

#[test]
fn show_of_an_unknown_agreement_fails() {
    let run = ledger(&["show", "nope"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr.trim(),
        "error: unknown agreement `nope`; the agreements are: brp-pool, expatcenter"
    );
}

#[test]
fn a_missing_index_figure_is_named() {
    // The CPI figure for 2026 is not in the data, so the 2027 rate cannot be known.
    let run = ledger(&["show", "brp-pool", "--years", "2026..2027"]).success();
    assert!(
        run.stdout
            .contains("indexreeks `cbs-cpi` heeft geen cijfer voor 2026, nodig om tarief `hourly` voor 2027 te indexeren"),
        "{}",
        run.stdout
    );
    let en = ledger(&[
        "show",
        "brp-pool",
        "--years",
        "2026..2027",
        "--locale",
        "en",
    ])
    .success();
    assert!(
        en.stdout
            .contains("index series `cbs-cpi` has no figure for 2026"),
        "{}",
        en.stdout
    );
}

/// The locale applies to tables only: JSON writes the amounts and hours in
/// a value plainly, like every other machine format. (Before the report was
/// built with typed figures, this JSON said "€ 16.159,20" and "10,5 h".)
#[test]
fn show_json_values_have_plain_figures() {
    let run = ledger(&["show", "--format", "json", "--locale", "en"]).success();
    let v: serde_json::Value = run.json();
    let values: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|a| {
            ["money", "capacity"]
                .into_iter()
                .flat_map(move |s| a[s].as_array().unwrap())
        })
        .map(|r| r["value"].as_str().unwrap())
        .collect();
    for expected in [
        // Expatcenter Art. 4: EUR 16,159.20 for 2010. The prose of JSON is
        // Dutch whatever `--locale` says, as in every machine format.
        "16159.20 te betalen door Gemeente Almere, over de kwartalen verdeeld naar dagen van de looptijd",
        // BRP Art. 4 lid 5, Art. 5 lid 12: 3 h × 42 weeks = 126 h = 10.5 h a month = 31.5 a quarter.
        "3.00 h per week × 42 weken = 126.00 h per jaar = 10.50 h per maand = 31.50 h per kwartaal",
        // BRP Art. 12 lid 4 and lid 5.
        "8000.00 per afnemer per jaar",
        "70.00 per huisbezoek, voor de afnemer",
    ] {
        assert!(
            values.contains(&expected),
            "missing `{expected}` in {values:#?}"
        );
    }
    assert!(!run.stdout.contains('€'), "{}", run.stdout);
}

#[test]
fn a_withdrawal_clause_without_relief_loads_and_shows_no_relief() {
    // BRP pool's withdrawal clause without its relief article (Art. 22 lid 2).
    let text = std::fs::read_to_string(common::root().join("agreements/brp-pool.toml")).unwrap();
    let without: String = text
        .lines()
        .filter(|l| !l.starts_with("relief_article"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_ne!(text.len(), without.len(), "the seed has a relief article");
    let dir = common::Scratch::new();
    dir.write("agreements/brp-pool.toml", &without);
    std::fs::create_dir(dir.path().join("facts")).unwrap();
    let (agreements, facts) = (dir.path().join("agreements"), dir.path().join("facts"));
    let (a, f) = (agreements.to_str().unwrap(), facts.to_str().unwrap());
    let check = ledger(&["--agreements", a, "--facts", f, "check"]).success();
    assert!(
        check.stdout.starts_with("ok: 1 overeenkomst,"),
        "{}",
        check.stdout
    );
    let run = ledger(&["--agreements", a, "--facts", f, "show", "brp-pool"]).success();
    // The withdrawal clause itself is still shown (Art. 22 lid 1) ...
    assert!(run.stdout.contains("Art. 22 lid 1"), "{}", run.stdout);
    // ... but no relief row and no relief article.
    assert!(
        run.stdout.contains("tussentijdse uittreding"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("geen vergoeding"), "{}", run.stdout);
    assert!(!run.stdout.contains("Art. 22 lid 2"), "{}", run.stdout);
}

/// One hours format in every table: `show` writes the quarter of a client's
/// yearly hours with the two decimals the invoice bills it with (`31,50`,
/// not `31,5`), in both locales.
#[test]
fn show_writes_hours_as_the_invoice_does() {
    let show = ledger(&["show", "brp-pool"]).success();
    let invoice = ledger(&["invoice", "--quarter", "2018-Q1", "--agreement", "brp-pool"]).success();
    // Art. 4 lid 5: 126 h ÷ 4 = 31.50 h a quarter, billed as such.
    assert!(
        show.stdout.contains("31,50 h per kwartaal"),
        "{}",
        show.stdout
    );
    assert!(invoice.stdout.contains("31,50"), "{}", invoice.stdout);
    assert!(!show.stdout.contains("31,5 h"), "{}", show.stdout);
    let show = ledger(&["show", "brp-pool", "--locale", "en"]).success();
    assert!(show.stdout.contains("31.50 h a quarter"), "{}", show.stdout);
    // Declared hours too: Woensdrecht declared 140 h for 2019 (Art. 4 lid 4).
    assert!(show.stdout.contains("140.00 h, given"), "{}", show.stdout);
}

/// `--locale en` words `show` in English throughout, with the same figures
/// and dates as the Dutch default: BRP Art. 20 lid 1 and 2 (term, notice
/// before 1 September), Art. 12 lid 6 (5%), Art. 4 lid 5 (3 h × 42 weeks =
/// 126 h a year, ÷ 12 = 10.50 h a month, ÷ 4 = 31.50 h a quarter), Art. 12
/// lid 4 and 5 (EUR 8,000 advice, EUR 70 a house visit).
#[test]
fn show_in_english_words() {
    let run = ledger(&["show", "brp-pool", "--locale", "en"]).success();
    let out = &run.stdout;
    for expected in [
        "source: agreements/brp-pool.txt",
        "\nParties\n",
        "provider (uitlenende gemeente); no address in the agreement",
        "\nTerm, renewal and ending\n",
        "│ term ",
        "2017-10-01 up to and including 2018-10-01",
        "renewed by 12 months each time unless written notice is given before 1 September of the year the term ends",
        "2018-08-31 ends the agreement on 2018-10-01; later notice ends it a term later",
        "compensation: contracted hours lost until the end of the current term, at most 12 months, without fees",
        "Rate `hourly`: Uurtarief toezichthouder BRP per hour (Art. 12 lid 4)",
        "│ 2018 ┆ €56.96 ┆ dated value from 2017-10-01 ",
        "\nAmounts, fees and VAT\n",
        "5% of the service and ORT and settlement lines",
        "€8,000.00 per client per year",
        "€70.00 per house visit, to the client",
        "standard 21%",
        "3.00 h a week × 42 weeks = 126.00 h a year = 10.50 h a month = 31.50 h a quarter",
        "\nKey deadlines\n",
        "\nWho must agree\n",
    ] {
        assert!(out.contains(expected), "missing `{expected}` in:\n{out}");
    }
    // Art. 4 lid 4: before 1 October 2018, so 2018-09-30 (a Sunday);
    // Art. 20 lid 1: the initial term ends on 2018-10-01 (a Monday).
    assert_eq!(
        cells(out, "2018-09-30"),
        [
            "2018-09-30",
            "Sunday",
            "Opgave door de inlenende gemeenten van de uren en/of het budget voor het daaropvolgende kalenderjaar (yearly; the first time shown)",
            "obligation",
            "before 1 October 2018",
            "Art. 4 lid 4",
        ]
    );
    assert_eq!(
        cells(out, "2018-10-01"),
        [
            "2018-10-01",
            "Monday",
            "End of the initial term (2017-10-01 – 2018-10-01); renewed to 2019-10-01 unless notice was given by 2018-08-31",
            "obligation",
            "up to and including 1 October 2018",
            "Art. 20 lid 1, Art. 26",
        ]
    );
}

/// The cells of the first table row that starts with `date`.
fn cells(out: &str, date: &str) -> Vec<String> {
    out.lines()
        .map(|l| {
            l.trim_matches('│')
                .split('┆')
                .map(|c| c.trim().to_string())
                .collect::<Vec<_>>()
        })
        .find(|c| c[0] == date)
        .unwrap_or_else(|| panic!("no row {date} in:\n{out}"))
}

/// The same in Dutch, the default: the same figures and dates.
#[test]
fn show_in_dutch_words() {
    let run = ledger(&["show", "brp-pool"]).success();
    let out = &run.stdout;
    for expected in [
        "bron: agreements/brp-pool.txt",
        "\nPartijen\n",
        "aanbieder (uitlenende gemeente); geen adres in de overeenkomst",
        "\nLooptijd, verlenging en einde\n",
        "│ looptijd ",
        "telkens verlengd met 12 maanden, tenzij vóór 1 september van het jaar waarin de looptijd eindigt schriftelijk is opgezegd",
        "vergoeding: gecontracteerde uren die vervallen tot het einde van de lopende looptijd, ten hoogste 12 maanden, zonder opslagen",
        "Tarief `hourly`: Uurtarief toezichthouder BRP per uur (Art. 12 lid 4)",
        "│ 2018 ┆ € 56,96 ┆ gedateerde waarde vanaf 2017-10-01 ",
        "\nBedragen, opslagen en btw\n",
        "standaard 21%",
        "\nBelangrijkste termijnen\n",
        "\nWie moet instemmen\n",
    ] {
        assert!(out.contains(expected), "missing `{expected}` in:\n{out}");
    }
    assert_eq!(
        cells(out, "2018-09-30"),
        [
            "2018-09-30",
            "zondag",
            "Opgave door de inlenende gemeenten van de uren en/of het budget voor het daaropvolgende kalenderjaar (jaarlijks; de eerste keer getoond)",
            "verplichting",
            "vóór 1 oktober 2018",
            "Art. 4 lid 4",
        ]
    );
    assert_eq!(
        cells(out, "2018-10-01"),
        [
            "2018-10-01",
            "maandag",
            "Einde van de eerste looptijd (2017-10-01 – 2018-10-01); verlengd tot 2019-10-01 tenzij uiterlijk 2018-08-31 is opgezegd",
            "verplichting",
            "tot en met 1 oktober 2018",
            "Art. 20 lid 1, Art. 26",
        ]
    );
}

#[test]
fn check_reports_the_logs_too_when_an_agreement_does_not_load() {
    // A bad figure in one agreement, and a bad value in the logs of two
    // others: before, check stopped at the agreement and said "1 problem".
    let dir = common::Scratch::examples_edited(|name, text| match name {
        "kempen-leerplicht.toml" => {
            text.replacen("weeks_per_year = 42", "weeks_per_year = \"42\"", 1)
        }
        "adres-zvl-activity.csv" => {
            text.replacen("sluis,2023-01-10,3.50,", "sluis,2023-01-10,x,", 1)
        }
        _ => text,
    });
    let run = dir.run_own(&["check"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(
        run.stderr.contains("kempen-leerplicht.toml"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("error: expected a plain decimal number like 10.5, found \"x\"\n  --> facts/adres-zvl-activity.csv:2 (row 1, column `uren`)"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("\n2 problems found"), "{}", run.stderr);
}
