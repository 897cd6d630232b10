//! Issue 9, part A: the family's shared yearly amounts, keys, recurring
//! amounts and billing rhythm, on the example agreement
//! examples/agreements/kempen-leerplicht.toml (text beside it) and on small
//! variants of it written to a temporary directory. Every figure is worked
//! out by hand from the text in the comment beside its assertion.

mod common;
use common::{ledger, replaced, Run, Scratch};

const KEMPEN: [&str; 4] = [
    "--agreements",
    "examples/agreements",
    "--facts",
    "examples/facts",
];

/// `ledger` on the example agreements, for kempen-leerplicht only (`show`
/// names it itself): the
/// other example agreements of the family sit in the same directory.
fn kempen(args: &[&str]) -> Run {
    let mut all = KEMPEN.to_vec();
    all.extend_from_slice(args);
    if args[0] != "show" && !args.contains(&"--agreement") {
        all.extend_from_slice(&["--agreement", "kempen-leerplicht"]);
    }
    ledger(&all)
}

/// The CSV rows `invoice_id,description,amount` of an invoice run.
fn csv_lines(run: &Run) -> Vec<String> {
    let mut r = csv::Reader::from_reader(run.stdout.as_bytes());
    r.records()
        .map(|rec| {
            let rec = rec.expect("valid CSV");
            format!("{} | {} | {}", &rec[0], &rec[13], &rec[17])
        })
        .collect()
}

#[test]
fn show_gives_the_licence_of_each_year_by_inhabitants() {
    let show = kempen(&["show", "kempen-leerplicht", "--years", "2020..2022"]).success();
    let out = &show.stdout;
    // Art. 10 lid 1: EUR 9,000.00 a year, prijspeil 2020.
    assert!(
        out.contains(
            "€ 9.000,00 per jaar vanaf 2020 voor elk jaar van de looptijd en de verlengingen"
        ),
        "{out}"
    );
    // 2020, inhabitants on 1 January (facts): Bergeijk 18,503, Bladel 20,329,
    // together 38,832 (Reusel-De Mierden joins 2021-01-01).
    //   Bergeijk 9000 × 18503 / 38832 = 4288.3961… → cut 4288.39
    //   Bladel   9000 × 20329 / 38832 = 4711.6038… → cut 4711.60
    //   cut sum 8999.99: 1 cent left, to the larger remainder (Bergeijk .61¢
    //   over Bladel .38¢) → 4288.40 + 4711.60 = 9000.00.
    assert!(
        out.contains("€ 9.000,00 → bergeijk 18.503 € 4.288,40 · bladel 20.329 € 4.711,60"),
        "{out}"
    );
    // 2021: indexed by the CPI of 2020 (Art. 10 lid 3): 9000.00 × 1.013 = 9117.00.
    // Weights 18,606 + 20,461 + 13,281 = 52,348:
    //   Bergeijk 911700¢ × 18606 / 52348 = 324044.67¢ → cut 3240.44
    //   Bladel   911700¢ × 20461 / 52348 = 356351.60¢ → cut 3563.51
    //   Reusel   911700¢ × 13281 / 52348 = 231303.73¢ → cut 2313.03
    //   cut sum 9116.98: 2 cents left, to the largest remainders (Reusel .73,
    //   Bergeijk .67; Bladel .60 gets none) → 3240.45 + 3563.51 + 2313.04 = 9117.00.
    //   Rounding each part on its own would give 3240.45 + 3563.52 + 2313.04
    //   = 9117.01, a cent more than the whole.
    assert!(
        out.contains("€ 9.117,00 (9.000,00 × (1 + 1,3%) = 9.117,00) → bergeijk 18.606 € 3.240,45 · bladel 20.461 € 3.563,51 · reusel-de-mierden 13.281 € 2.313,04"),
        "{out}"
    );
    // 2022 has no weights in the facts: said, not guessed.
    assert!(
        out.contains(
            "geen gewicht `inwoners` voor `bergeijk` in 2022, nodig voor gedeeld bedrag `licence`"
        ),
        "{out}"
    );
    // Art. 5 lid 2: 2 h a week × 42 weeks = 84 h a year, 7 h a month, 21 h a quarter.
    assert!(
        out.contains(
            "2,00 h per week × 42 weken = 84,00 h per jaar = 7,00 h per maand = 21,00 h per kwartaal"
        ),
        "{out}"
    );
    assert!(
        out.lines()
            .any(|l| l.starts_with("│ facturering ") && l.contains("┆ per kwartaal ")),
        "{out}"
    );
}

#[test]
fn the_licence_is_billed_whole_in_the_first_quarter() {
    let run = kempen(&["invoice", "--quarter", "2020-Q1", "--format", "csv"]).success();
    // Hours: 21 h × 64.00 = 1,344.00 (Art. 5 lid 2, Art. 8 lid 1); the licence
    // part of 2020 whole in Q1 (Art. 10 lid 4). No VAT (Art. 11).
    assert_eq!(
        csv_lines(&run),
        [
            "kempen-leerplicht-2020-Q1-bergeijk | Inzet leerplichtambtenaar (vaste inzet) | 1344.00",
            "kempen-leerplicht-2020-Q1-bergeijk | Gezamenlijke licentie registratiesysteem leerplicht 2020: 18503 van 38832 inwoners | 4288.40",
            "kempen-leerplicht-2020-Q1-bladel | Inzet leerplichtambtenaar (vaste inzet) | 1344.00",
            "kempen-leerplicht-2020-Q1-bladel | Gezamenlijke licentie registratiesysteem leerplicht 2020: 20329 van 38832 inwoners | 4711.60",
        ]
    );
    // Totals: Bergeijk 1344.00 + 4288.40 = 5632.40; Bladel 1344.00 + 4711.60 = 6055.60.
    let table = kempen(&["invoice", "--quarter", "2020-Q1"]).success();
    assert!(
        table.stdout.contains("totaal incl. btw"),
        "{}",
        table.stdout
    );
    assert!(table.stdout.contains("€ 5.632,40"), "{}", table.stdout);
    assert!(table.stdout.contains("€ 6.055,60"), "{}", table.stdout);
    // Reusel-De Mierden joins on 2021-01-01: a note for 2020, not silence.
    assert!(
        table.stdout.contains(
            "opmerking: geen factuur voor reusel-de-mierden over 2020-Q1: het treedt op 2021-01-01 \
             toe tot kempen-leerplicht (toetreding, "
        ),
        "{}",
        table.stdout
    );
    let en = kempen(&["invoice", "--quarter", "2020-Q1", "--locale", "en"]).success();
    assert!(
        en.stdout.contains(
            "note: no invoice for reusel-de-mierden in 2020-Q1: it joins kempen-leerplicht on 2021-01-01 (accession, "
        ),
        "{}",
        en.stdout
    );
}

#[test]
fn the_joiner_pays_its_share_from_its_first_year() {
    let run = kempen(&["invoice", "--quarter", "2021-Q1", "--format", "csv"]).success();
    // 2021 (see the show test): 3240.45 · 3563.51 · 2313.04 = 9117.00; the
    // hours of each client 21 h × 64.00 = 1,344.00, the joiner's from 2021-01-01.
    assert_eq!(
        csv_lines(&run),
        [
            "kempen-leerplicht-2021-Q1-bergeijk | Inzet leerplichtambtenaar (vaste inzet) | 1344.00",
            "kempen-leerplicht-2021-Q1-bergeijk | Gezamenlijke licentie registratiesysteem leerplicht 2021: 18606 van 52348 inwoners | 3240.45",
            "kempen-leerplicht-2021-Q1-bladel | Inzet leerplichtambtenaar (vaste inzet) | 1344.00",
            "kempen-leerplicht-2021-Q1-bladel | Gezamenlijke licentie registratiesysteem leerplicht 2021: 20461 van 52348 inwoners | 3563.51",
            "kempen-leerplicht-2021-Q1-reusel-de-mierden | Inzet leerplichtambtenaar (vaste inzet) | 1344.00",
            "kempen-leerplicht-2021-Q1-reusel-de-mierden | Gezamenlijke licentie registratiesysteem leerplicht 2021: 13281 van 52348 inwoners | 2313.04",
        ]
    );
    // Reusel-De Mierden: 1344.00 + 2313.04 = 3657.04.
    let table = kempen(&[
        "invoice",
        "--quarter",
        "2021-Q1",
        "--party",
        "reusel-de-mierden",
    ])
    .success();
    assert!(table.stdout.contains("€ 3.657,04"), "{}", table.stdout);
}

#[test]
fn other_quarters_bill_the_hours_only() {
    let run = kempen(&["invoice", "--quarter", "2020-Q2", "--format", "csv"]).success();
    // Art. 10 lid 4: the licence is billed in Q1 only; Q2 has 21 h × 64.00.
    assert_eq!(
        csv_lines(&run),
        [
            "kempen-leerplicht-2020-Q2-bergeijk | Inzet leerplichtambtenaar (vaste inzet) | 1344.00",
            "kempen-leerplicht-2020-Q2-bladel | Inzet leerplichtambtenaar (vaste inzet) | 1344.00",
        ]
    );
}

#[test]
fn a_year_without_weights_is_an_error_naming_party_and_year() {
    let run = kempen(&["invoice", "--quarter", "2022-Q1"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    insta::assert_snapshot!(run.stderr, @r"
    error: cannot compute the invoices of kempen-leerplicht for 2022-Q1
      caused by: no `inwoners` weight for `bergeijk` in 2022, which shared amount `licence` needs; add it to the [[weights]] of the facts
    ");
    // Q2 of 2022 bills no licence, so it needs no weights: 21 h × 64.00 each.
    let q2 = kempen(&["invoice", "--quarter", "2022-Q2", "--format", "csv"]).success();
    assert_eq!(csv_lines(&q2).len(), 3, "{}", q2.stdout);
}

#[test]
fn any_period_bills_what_falls_in_it_at_the_agreements_rhythm() {
    // A quarterly agreement in arrears invoices each quarter on its last day.
    // --month 2020-03 holds 2020-03-31: the 2020-Q1 invoices.
    let march = kempen(&["invoice", "--month", "2020-03", "--format", "csv"]).success();
    assert_eq!(csv_lines(&march).len(), 4, "{}", march.stdout);
    assert!(march.stdout.contains("kempen-leerplicht-2020-Q1-bergeijk"));
    // --month 2020-01 holds no quarter's last day: a note that says when.
    let jan = kempen(&["invoice", "--month", "2020-01"]).success();
    assert_eq!(
        jan.stdout,
        "opmerking: geen factuur voor kempen-leerplicht over 2020-01: de overeenkomst factureert \
         per kwartaal achteraf; de factuur over 2020-Q1 valt in 2020-03, de maand waarin de periode eindigt, en kan worden uitgereikt vanaf 2020-04-01 (Art. 9 lid 1)\n"
    );
    let jan = kempen(&["invoice", "--month", "2020-01", "--locale", "en"]).success();
    assert_eq!(
        jan.stdout,
        "note: no invoice for kempen-leerplicht in 2020-01: it bills per quarter in arrears; \
         its 2020-Q1 invoice falls in 2020-03, the month the period ends in, and can be issued from 2020-04-01 (Art. 9 lid 1)\n"
    );
    // JSON: the Dutch words, whatever the locale.
    let jan = kempen(&[
        "invoice", "--month", "2020-01", "--format", "json", "--locale", "en",
    ]);
    let v: serde_json::Value = jan.success().json();
    assert_eq!(
        v["notes"][0]["message"],
        "geen factuur voor kempen-leerplicht over 2020-01: de overeenkomst factureert \
         per kwartaal achteraf; de factuur over 2020-Q1 valt in 2020-03, de maand waarin de periode eindigt, en kan worden uitgereikt vanaf 2020-04-01 (Art. 9 lid 1)"
    );
    // --half 2020-H1: Q1 and Q2 (4 + 2 lines); --year 2020: every quarter
    // (Q1 4 lines, Q2–Q4 2 each = 10).
    let h1 = kempen(&["invoice", "--half", "2020-H1", "--format", "csv"]).success();
    assert_eq!(csv_lines(&h1).len(), 6, "{}", h1.stdout);
    let year = kempen(&["invoice", "--year", "2020", "--format", "csv"]).success();
    assert_eq!(csv_lines(&year).len(), 10, "{}", year.stdout);
}

#[test]
fn the_period_options_share_one_error_style() {
    // Every period option is parsed by clap with the one period parser
    // (cli::parse_period), so a malformed period is a usage error (exit 2,
    // where it was 1 from inside the command) worded by core::period.
    for (flag, value, message) in [
        (
            "--month",
            "2020-Q1",
            r#"expected a month like 2018-03, got "2020-Q1""#,
        ),
        (
            "--half",
            "2020-H3",
            r#""2020-H3" has no such half-year: half-years are H1 and H2"#,
        ),
        (
            "--year",
            "2020-01",
            r#"expected a year like 2018, got "2020-01""#,
        ),
    ] {
        let bad = kempen(&["invoice", flag, value]);
        assert_eq!(bad.code, 2, "{}", bad.transcript());
        let upper = flag.trim_start_matches("--").to_uppercase();
        assert!(
            bad.stderr.starts_with(&format!(
                "error: invalid value '{value}' for '{flag} <{upper}>': {message}\n"
            )),
            "{}",
            bad.stderr
        );
    }
    let two = kempen(&["invoice", "--year", "2020", "--quarter", "2020-Q1"]);
    assert_eq!(two.code, 2, "{}", two.transcript());
    let none = kempen(&["invoice"]);
    assert_eq!(none.code, 2, "{}", none.transcript());
}

/// The example agreement with `edit` applied, and its facts with `facts`
/// applied, in a temporary directory.
fn variant(edit: &[(&str, &str)], facts: &[(&str, &str)]) -> Scratch {
    let dir = Scratch::new();
    dir.copy_edited(
        "examples/agreements/kempen-leerplicht.toml",
        "agreements/k.toml",
        |text| replaced(text, edit),
    )
    .copy_edited("examples/facts/kempen-facts.toml", "facts/f.toml", |text| {
        replaced(text, facts)
    });
    dir
}

#[test]
fn a_missing_weight_is_a_load_error_naming_party_and_year() {
    let dir = variant(&[], &[("bladel = \"20461\", ", "")]);
    let run = dir.run_own(&["check"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(
        run.stderr.contains("error: no `inwoners` weight for `bladel` in 2021: it takes part on 2021-01-01 and shares in that year"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("--> facts/f.toml:22:10"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_joiner_during_the_year_shares_from_the_next_year() {
    // Reusel-De Mierden joins on 2021-04-01 instead: 2021's licence is shared
    // by Bergeijk and Bladel alone (Art. 10 lid 5), 9117.00 over 18,606 + 20,461
    // = 39,067: Bergeijk 911700¢ × 18606 / 39067 = 434205.09¢ → cut 4342.05,
    // Bladel 911700¢ × 20461 / 39067 = 477494.91¢ → cut 4774.94; cut sum
    // 9116.99, the cent to Bladel (.91 over .09): 4342.05 + 4774.95 = 9117.00.
    let dir = variant(
        &[],
        &[
            ("from = 2021-01-01", "from = 2021-04-01"),
            (", reusel-de-mierden = \"13281\"", ""),
        ],
    );
    let run = dir
        .run_own(&["invoice", "--quarter", "2021-Q1", "--format", "csv"])
        .success();
    let lines = csv_lines(&run);
    assert!(lines.contains(&"kempen-leerplicht-2021-Q1-bergeijk | Gezamenlijke licentie registratiesysteem leerplicht 2021: 18606 van 39067 inwoners | 4342.05".to_string()), "{lines:?}");
    assert!(lines.contains(&"kempen-leerplicht-2021-Q1-bladel | Gezamenlijke licentie registratiesysteem leerplicht 2021: 20461 van 39067 inwoners | 4774.95".to_string()), "{lines:?}");
    // From 2021-04-01 it owes its hours: Q2 21 h × 64.00 = 1,344.00 and no licence.
    let q2 = dir
        .run_own(&[
            "invoice",
            "--quarter",
            "2021-Q2",
            "--party",
            "reusel-de-mierden",
            "--format",
            "csv",
        ])
        .success();
    assert_eq!(csv_lines(&q2), ["kempen-leerplicht-2021-Q2-reusel-de-mierden | Inzet leerplichtambtenaar (vaste inzet) | 1344.00"]);
}

#[test]
fn equal_and_percent_keys_spread_by_days_and_a_yearly_rhythm() {
    // Equal parts, spread over the quarters by days: 2020 has 91/91/92/92
    // days (leap year, 366). 9000.00 ÷ 2 = 4500.00 each; Q1 part
    // 4500 × 91 / 366 = 1118.852… → cut 1118.85; Q2 1118.85; Q3, Q4
    // 4500 × 92 / 366 = 1131.147… → cut 1131.14; cut sum 4499.98, 2 cents to
    // the largest remainders (Q3, Q4 .75¢ over Q1, Q2 .25¢): 1131.15 each.
    let dir = variant(
        &[
            (
                "key = \"weights\"\nweights = \"inwoners\"",
                "key = \"equal\"",
            ),
            (
                "billing = \"whole\"\nbilled_in = \"Q1\"",
                "billing = \"by_days\"",
            ),
        ],
        &[],
    );
    // The weights tables are no longer used; drop them from the facts.
    let facts = dir.path().join("facts/f.toml");
    let text = std::fs::read_to_string(&facts).unwrap();
    let cut = text.find("# Inhabitants").unwrap();
    std::fs::write(&facts, &text[..cut]).unwrap();
    let q1 = dir
        .run_own(&[
            "invoice",
            "--quarter",
            "2020-Q1",
            "--party",
            "bergeijk",
            "--format",
            "csv",
        ])
        .success();
    assert_eq!(csv_lines(&q1)[1], "kempen-leerplicht-2020-Q1-bergeijk | Gezamenlijke licentie registratiesysteem leerplicht 2020: 1 van 2 gelijke delen, 2020-Q1: 91 van 366 dagen | 1118.85");
    let q3 = dir
        .run_own(&[
            "invoice",
            "--quarter",
            "2020-Q3",
            "--party",
            "bergeijk",
            "--format",
            "csv",
        ])
        .success();
    assert!(
        csv_lines(&q3)[1].ends_with("| 1131.15"),
        "{:?}",
        csv_lines(&q3)
    );
    let explain = [
        "invoice",
        "--quarter",
        "2020-Q3",
        "--party",
        "bergeijk",
        "--explain",
    ];
    // The explanation of Bergeijk's Q3 part, in each language: its half of
    // 9000.00 by the equal key, then 92 of the 366 days of 2020.
    let nl = dir.run_own(&explain).success();
    for line in [
        "    formule:    bedrag van 2020 × gewicht van de afnemer ÷ Σ gewichten van de afnemers die op 2020-01-01 deelnemen; centen naar de grootste resten (bij gelijke stand de eerdere afnemer), zodat de delen samen het geheel zijn\n",
        "    invoer:     gewicht bergeijk = 1 → deel € 4.500,00  [shared_amounts.licence.key = equal]\n",
        "    invoer:     verdeelsleutel = gelijke delen  [shared_amounts.licence.key]\n",
        "    invoer:     dagen in 2020-Q3 = 92 van 366 → € 1.131,15  [de dagen van de afnemer in elke periode van het jaar, centen naar de grootste rest]\n",
        "    afronding:  grootste rest over de perioden van het jaar\n",
    ] {
        assert!(nl.stdout.contains(line), "{line}\n{}", nl.stdout);
    }
    let en = dir
        .run_own(&[&explain[..], &["--locale", "en"]].concat())
        .success();
    for line in [
        "    formula:   amount of 2020 × weight of the client ÷ Σ weights of the clients taking part on 2020-01-01; cents by largest remainder (ties to the earlier client), so the parts sum to the whole\n",
        "    input:     weight bergeijk = 1 → part €4,500.00  [shared_amounts.licence.key = equal]\n",
        "    input:     key = equal parts  [shared_amounts.licence.key]\n",
        "    input:     days in 2020-Q3 = 92 of 366 → €1,131.15  [the client's days in each period of the year, cents by largest remainder]\n",
        "    rounding:  largest remainder over the periods of the year\n",
    ] {
        assert!(en.stdout.contains(line), "{line}\n{}", en.stdout);
    }
    // JSON: Dutch, figures plain, whatever the locale.
    let json = dir.run_own(&[&explain[..], &["--format", "json", "--locale", "en"]].concat());
    let v: serde_json::Value = json.success().json();
    let licence = v["invoices"][0]["explanations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| {
            e["figure"] == "Gezamenlijke licentie registratiesysteem leerplicht 2020 bergeijk"
        })
        .expect("the licence part is explained");
    let inputs = licence["inputs"].as_array().unwrap();
    let input = |name: &str| inputs.iter().find(|i| i["name"] == name).unwrap()["value"].clone();
    assert_eq!(input("gewicht bergeijk"), "1 → deel 4500.00");
    assert_eq!(input("verdeelsleutel"), "gelijke delen");
    assert_eq!(input("dagen in 2020-Q3"), "92 van 366 → 1131.15");
    assert_eq!(
        licence["rounding"],
        "grootste rest over de perioden van het jaar"
    );

    // Percentages 40/60, billed whole once a year by a yearly rhythm in
    // advance: the 2020 invoice falls on 2020-01-01, so in 2020-Q1 and in
    // --month 2020-01. Bergeijk 40% of 9000.00 = 3600.00, Bladel 5400.00;
    // hours 84 h × 64.00 = 5,376.00 for the year.
    let dir = variant(
        &[
            (
                "key = \"weights\"\nweights = \"inwoners\"",
                "key = \"percent\"\npercent = { bergeijk = \"40\", bladel = \"60\" }",
            ),
            ("billed_in = \"Q1\"", "billed_in = \"year\""),
            (
                "period = \"quarter\"\ntiming = \"arrears\"",
                "period = \"year\"\ntiming = \"advance\"",
            ),
        ],
        &[("from = 2021-01-01", "from = 2020-01-01")],
    );
    let facts = dir.path().join("facts/f.toml");
    let text = std::fs::read_to_string(&facts).unwrap();
    let cut = text.find("# Inhabitants").unwrap();
    // Reusel-De Mierden is left out: a percent key without its share is an
    // error at billing time, so this variant has no accession.
    let text = text[..cut].replace("[[accessions]]", "[[ignored_accessions]]");
    std::fs::write(
        &facts,
        text.lines()
            .take_while(|l| !l.starts_with("[[ignored"))
            .collect::<Vec<_>>()
            .join("\n"),
    )
    .unwrap();
    let jan = dir
        .run_own(&["invoice", "--month", "2020-01", "--format", "csv"])
        .success();
    assert_eq!(
        csv_lines(&jan),
        [
            "kempen-leerplicht-2020-bergeijk | Inzet leerplichtambtenaar (vaste inzet) | 5376.00",
            "kempen-leerplicht-2020-bergeijk | Gezamenlijke licentie registratiesysteem leerplicht 2020: 40% van 100% | 3600.00",
            "kempen-leerplicht-2020-bladel | Inzet leerplichtambtenaar (vaste inzet) | 5376.00",
            "kempen-leerplicht-2020-bladel | Gezamenlijke licentie registratiesysteem leerplicht 2020: 60% van 100% | 5400.00",
        ]
    );
    let q2 = dir.run_own(&["invoice", "--quarter", "2020-Q2"]).success();
    assert_eq!(
        q2.stdout,
        "opmerking: geen factuur voor kempen-leerplicht over 2020-Q2: de overeenkomst factureert \
         per jaar vooraf; de factuur over 2021 valt in 2021-01, de maand waarin de periode begint, en kan worden uitgereikt vanaf 2021-01-01 (Art. 9 lid 1)\n"
    );
    let q2 = dir
        .run_own(&["invoice", "--quarter", "2020-Q2", "--locale", "en"])
        .success();
    assert_eq!(
        q2.stdout,
        "note: no invoice for kempen-leerplicht in 2020-Q2: it bills per year in advance; \
         its 2021 invoice falls in 2021-01, the month the period starts in, and can be issued from 2021-01-01 (Art. 9 lid 1)\n"
    );
}

#[test]
fn a_shared_amount_that_stops_says_so_from_the_year_after() {
    // until_year = 2020 with [unagreed] from 2021: the 2021 Q1 invoices bill
    // the hours only and say that no amount is agreed (as Expatcenter Art. 4).
    let dir = variant(
        &[(
            "from_year = 2020\n",
            "from_year = 2020\nuntil_year = 2020\n",
        ), (
            "# \"over de bedragen",
            "[unagreed]\nfrom_year = 2021\nnote = \"the licence after 2020 is agreed separately\"\narticle = \"Art. 10\"\n\n# \"over de bedragen",
        )],
        &[],
    );
    let run = dir
        .run_own(&["invoice", "--quarter", "2021-Q1", "--format", "csv"])
        .success();
    assert!(
        csv_lines(&run).iter().all(|l| l.contains("Inzet")),
        "{}",
        run.stdout
    );
    let show = dir.run_own(&["show", "kempen-leerplicht"]).success();
    assert!(
        show.stdout
            .contains("geen bedrag overeengekomen: the licence after 2020 is agreed separately"),
        "{}",
        show.stdout
    );
    assert!(
        show.stdout
            .contains("€ 9.000,00 per jaar vanaf 2020 tot en met 2020"),
        "{}",
        show.stdout
    );
}

#[test]
fn bad_shared_amounts_point_at_their_place() {
    let dir = variant(
        &[
            ("billed_in = \"Q1\"", "billed_in = \"H1\""),
            ("joiners = \"next_year\"\n", ""),
        ],
        &[],
    );
    let run = dir.run_own(&["check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("error: a shared key needs `joiners`"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("error: `H1` is not a quarter of the agreement's billing"),
        "{}",
        run.stderr
    );
    let dir = variant(
        &[],
        &[(
            "series = \"inwoners\"\nyear = 2020",
            "series = \"inhabitants\"\nyear = 2020",
        )],
    );
    let run = dir.run_own(&["check"]);
    assert!(
        run.stderr
            .contains("no shared amount of `kempen-leerplicht` is keyed by weights `inhabitants`"),
        "{}",
        run.stderr
    );
}

#[test]
fn budget_gives_the_hours_of_each_client() {
    // Art. 5 lid 2 and Art. 8 lid 1: 84 h × 64.00 = 5,376.00 a year for each
    // client, the joiner included from 2021-01-01, plus its part of the
    // licence (the show test works the parts out by hand): 2021 parts
    // 3,240.45 · 3,563.51 · 2,313.04, so a cost of 8,616.45 · 8,939.51 ·
    // 7,689.04 (no fee, no VAT in the budget).
    let run = kempen(&["budget", "--year", "2021", "--width", "300"]).success();
    for (name, part, cost) in [
        ("Gemeente Bergeijk", "€ 3.240,45", "€ 8.616,45"),
        ("Gemeente Bladel", "€ 3.563,51", "€ 8.939,51"),
        ("Gemeente Reusel-De Mierden", "€ 2.313,04", "€ 7.689,04"),
    ] {
        let row = run
            .stdout
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("{name}: {}", run.stdout));
        let expected =
            format!("84,00 (standaard) ┆ € 64,00 ┆ € 5.376,00 ┆     {part} ┆ € 0,00 ┆ {cost}");
        assert!(row.contains(&expected), "{row}");
    }
}

#[test]
fn budget_2020_shares_the_licence_between_the_two_founders() {
    // 9,000 × 18,503 / 38,832 = 4,288.3961… and 9,000 × 20,329 / 38,832 =
    // 4,711.6038…; cut to cents 4,288.39 + 4,711.60 = 8,999.99, and the
    // spare cent goes to the larger remainder (0.61 of a cent for Bergeijk
    // against 0.38 for Bladel): 4,288.40 and 4,711.60. With 5,376.00 of
    // hours each: 9,664.40 and 10,087.60.
    let run = kempen(&["budget", "--year", "2020", "--width", "300"]).success();
    for (name, cost) in [
        ("Gemeente Bergeijk", "€ 4.288,40 ┆ € 0,00 ┆  € 9.664,40"),
        ("Gemeente Bladel", "€ 4.711,60 ┆ € 0,00 ┆ € 10.087,60"),
    ] {
        let row = run.stdout.lines().find(|l| l.contains(name)).unwrap();
        assert!(row.contains(cost), "{row}");
    }
    assert!(!run.stdout.contains("Reusel"), "{}", run.stdout);
}

#[test]
fn budget_refuses_a_year_without_inhabitants() {
    // The facts give inhabitants for 2020 and 2021 only: the 2022 licence
    // cannot be shared, and the budget says which weight is missing.
    let run = kempen(&["budget", "--year", "2022"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(
        run.stderr
            .contains("no `inwoners` weight for `bergeijk` in 2022"),
        "{}",
        run.stderr
    );
}

/// The explanation of a client's part of the 2021 licence (Art. 10): the
/// 2020 amount 9000.00 indexed by the CPI of 2020, 1.3%: 9117.00; Bergeijk's
/// 18,606 of 52,348 inhabitants: 3240.45, in each language and in JSON.
#[test]
fn the_shared_licence_is_explained_in_each_language() {
    let args = ["budget", "--year", "2021", "--explain"];
    let nl = kempen(&args).success();
    for line in [
        "    invoer:     bedrag 2021 = 9.000,00 × (1 + 1,3%) = 9.117,00  [indexering cbs-cpi (Art. 10 lid 3)]\n",
        "    invoer:     gewicht bergeijk = 18.606 → deel € 3.240,45  [examples/facts/kempen-facts.toml:22:23]\n",
        "    invoer:     verdeelsleutel = gewichten `inwoners` per afnemer en jaar (feiten)  [shared_amounts.licence.key]\n",
    ] {
        assert!(nl.stdout.contains(line), "{line}\n{}", nl.stdout);
    }
    let en = kempen(&[&args[..], &["--locale", "en"]].concat()).success();
    for line in [
        "    input:     amount 2021 = 9,000.00 × (1 + 1.3%) = 9,117.00  [indexation cbs-cpi (Art. 10 lid 3)]\n",
        "    input:     weight bergeijk = 18,606 → part €3,240.45  [examples/facts/kempen-facts.toml:22:23]\n",
        "    input:     key = weights `inwoners` per client and year (facts)  [shared_amounts.licence.key]\n",
    ] {
        assert!(en.stdout.contains(line), "{line}\n{}", en.stdout);
    }
    let json = kempen(&[&args[..], &["--format", "json"]].concat()).success();
    for text in [
        "9000.00 × (1 + 1.3%) = 9117.00",
        "indexering cbs-cpi (Art. 10 lid 3)",
        "18606 → deel 3240.45",
        "gewichten `inwoners` per afnemer en jaar (feiten)",
    ] {
        assert!(json.stdout.contains(text), "{text}\n{}", json.stdout);
    }
}

/// The Kempen agreement has no withdrawal clause: a withdrawal recorded in
/// its facts gets no compensation note in the budget (there is none to owe).
#[test]
fn a_withdrawal_without_a_clause_adds_no_note_to_the_budget() {
    let dir = Scratch::new();
    dir.copy(
        "examples/agreements/kempen-leerplicht.toml",
        "agreements/k.toml",
    )
    .copy_edited("examples/facts/kempen-facts.toml", "facts/f.toml", |f| {
        format!("{f}\n[[withdrawals]]\nparty = \"bladel\"\neffective = 2021-08-01\n")
    });
    let run = dir
        .run_own(&[
            "budget",
            "--year",
            "2021",
            "--agreement",
            "kempen-leerplicht",
        ])
        .success();
    assert!(
        !run.stdout.contains("uittredingsvergoeding"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("withdrawal clause"), "{}", run.stdout);
}
