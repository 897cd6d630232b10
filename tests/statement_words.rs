//! One language per document for the yearly statements (issue 14): with the
//! default locale a `settle`, `withdraw` or `budget` table is Dutch
//! throughout, headings, labels, notes, reasons and explanations, with the
//! figures inside them in the Dutch format; `--locale en` is English
//! throughout. The figures pinned here are worked out by hand from the BRP
//! agreement (agreements/brp-pool.txt) and the shipped activity log.

mod common;

use common::ledger;

/// The table of `args` in `locale`, which must succeed.
fn table(locale: &str, args: &[&str]) -> String {
    let mut v = args.to_vec();
    v.extend(["--locale", locale]);
    ledger(&v).success().stdout
}

fn assert_has(out: &str, wanted: &[&str]) {
    for w in wanted {
        assert!(out.contains(w), "missing {w:?} in:\n{out}");
    }
}

/// Woensdrecht 2018 delivered 131.50 h against the 126.00 invoiced: 5.50 h
/// over-use (Art. 4 lid 3) × 56.96 = 313.28; the 5% fee (Art. 12 lid 6)
/// 15.664 → 15.66; 328.94 excl. VAT; VAT 21% 69.0774 → 69.08; 398.02 incl.
const WOENSDRECHT: [&str; 6] = [
    "settle",
    "--year",
    "2018",
    "--party",
    "woensdrecht",
    "--explain",
];

#[test]
fn settle_is_dutch_by_default() {
    let out = table("nl", &WOENSDRECHT);
    assert_has(
        &out,
        &[
            "Jaarafrekening 2018 — Gemeente Woensdrecht (woensdrecht), brp-pool\n",
            "2018-01-01 tot en met 2018-12-31, tarief € 56,96 per uur\n",
            "┆   uren ┆     bedrag ┆ artikel ",
            "│ gecontracteerde uren 2018-01-01 – 2018-12-31 ",
            "│ gefactureerd: 4 kwartaalfacturen ",
            "│ meerafname (in rekening gebracht als extra uren) ",
            "│ minderafname ",
            "│ meerafname 2018 boven de gecontracteerde uren ",
            "┆   5,50 ┆   € 313,28 ┆",
            "│ afrekening excl. btw ",
            "┆   € 328,94 ┆",
            "│ btw 21% ",
            "┆    € 69,08 ┆",
            "│ afrekening incl. btw ",
            "┆   € 398,02 ┆",
            "│ netto kosten van het jaar (excl. btw, reiskosten apart) ",
            // 425.5 + 449.9 + 388.2 + 408.2 = 1,671.8 km (Art. 5 lid 3).
            "│ reiskosten zoals gefactureerd (1.671,8 km, apart getoond) ",
            "\ntoelichtingen:\n",
            "  verschil van woensdrecht in 2018 (Art. 12 lid 3)\n",
            "    invoer:     gefactureerde gecontracteerde uren = 126,00  [de kwartaalfacturen (regel 4)]\n",
            "    invoer:     aantal (uur) = 5,50  [geleverd 131,50 − gefactureerd 126,00]\n",
            "    invoer:     prijs per eenheid = 56,96  [rates.hourly geldend op 2018-01-01]\n",
            "    invoer:     dienst zoals gefactureerd = € 7.176,96  [4 kwartaalfacturen]\n",
        ],
    );
}

#[test]
fn settle_in_english() {
    let out = table("en", &WOENSDRECHT);
    assert_has(
        &out,
        &[
            "Year-end settlement 2018 — Gemeente Woensdrecht (woensdrecht), brp-pool\n",
            "2018-01-01 up to and including 2018-12-31, rate €56.96/hour\n",
            "┆  hours ┆    amount ┆ article ",
            "│ invoiced: 4 quarterly invoices ",
            "│ over-use (charged as extra hours) ",
            "│ over-use 2018 beyond the contracted hours ",
            "┆   5.50 ┆   €313.28 ┆",
            "│ settlement excl. VAT ",
            "│ VAT 21% ",
            "┆    €69.08 ┆",
            "│ net cost of the year (excl. VAT, travel apart) ",
            "│ travel as invoiced (1,671.8 km, shown apart) ",
            "\nexplanations:\n",
            "  difference of woensdrecht in 2018 (Art. 12 lid 3)\n",
            "quantity (hour) = 5.50  [delivered 131.50 − invoiced 126.00]\n",
            "service as invoiced = €7,176.96  [4 quarterly invoice(s)]\n",
        ],
    );
}

/// Tholen withdrawing on 2018-07-01 (Art. 22 lid 1) owes the contracted
/// hours to the end of the initial term on 2018-10-01: 3 × 10.5 + 10.5 ×
/// 1/31 = 31.838709… h, shown 31.84, × 56.96 = 1,813.5329… → 1,813.53.
const THOLEN: [&str; 8] = [
    "withdraw",
    "--agreement",
    "brp-pool",
    "--party",
    "Tholen",
    "--effective",
    "2018-07-01",
    "--explain",
];

#[test]
fn withdraw_is_dutch_by_default() {
    let out = table("nl", &THOLEN);
    assert_has(
        &out,
        &[
            "Uittredingsvergoeding — Gemeente Tholen (tholen), brp-pool\n",
            "│ uittreding gaat in op 2018-07-01 ",
            "│ huidige looptijd (eerste looptijd): 2017-10-01 tot en met 2018-10-01 ",
            "│ gederfde uren (gecontracteerde uren van de periode) ",
            "┆ 31,84 ┆",
            // The product's hours are written as they are multiplied (DOMAIN
            // rule 3): 31.838709… h × 56.96 = 1,813.5329… → 1,813.53, where
            // 31.84 × 56.96 would give 1,813.61.
            "│ 31,838709… uur × € 56,96 ",
            "│ vergoeding (excl. btw) ",
            "┆ € 1.813,53 ┆",
            "│ reguliere weg: opzegging vóór 1 september 2018 (laatste dag 2018-08-31) ",
            "\nwaarom: Gemeente Tholen treedt uit per 2018-07-01 in de eerste looptijd (2017-10-01 – 2018-10-01): zij is de 31,84 gecontracteerde uren",
            "31,838709… uur × 56,96 = € 1.813,53; geen opslag",
            "  uittredingsvergoeding van tholen vanaf 2018-07-01 (Art. 22 lid 1)\n",
            "    invoer:     gederfde uren = 31,84  [DOMAIN-regel 3]\n",
            "    onafgerond: 1.813,5329032258064516129032258\n",
        ],
    );
}

#[test]
fn withdraw_in_english() {
    let out = table("en", &THOLEN);
    assert_has(
        &out,
        &[
            "Withdrawal compensation — Gemeente Tholen (tholen), brp-pool\n",
            "│ current term (initial term): 2017-10-01 up to and including 2018-10-01 ",
            "│ hours lost (contracted hours of the period) ",
            "│ 31.838709… h × €56.96 ",
            "┆ €1,813.53 ┆",
            "│ regular way out: notice before 1 September 2018 (last day 2018-08-31) ",
            "\nwhy: Gemeente Tholen withdraws from 2018-07-01 in the initial term (2017-10-01 – 2018-10-01): it owes the 31.84 contracted hours",
            "31.838709… h × 56.96 = €1,813.53; no fee",
            "  withdrawal compensation of tholen from 2018-07-01 (Art. 22 lid 1)\n",
            "hours lost = 31.84  [DOMAIN rule 3]\n",
            "unrounded: 1,813.5329032258064516129032258\n",
        ],
    );
}

/// The 2018 budget (Art. 12 lid 4): 126 h × 56.96 = 7,176.96 + 5% fee
/// 358.848 → 358.85 = 7,535.81 against the advised 8,000.00: margin 464.19.
/// Woensdrecht's travel: 322.7 km in the 92 days of October–December 2017,
/// × 365 / 92 = 1,280.277… km × 0.19 = 243.2527… → 243.25.
const BUDGET: [&str; 6] = [
    "budget",
    "--year",
    "2018",
    "--agreement",
    "brp-pool",
    "--explain",
];

#[test]
fn budget_is_dutch_by_default() {
    let out = table("nl", &BUDGET);
    assert_has(
        &out,
        &[
            "Begroting 2018 — Toezichthouders-pool BRP Brabantse Wal en Tholen (brp-pool)\n",
            "│ afnemer ",
            "┆  tarief ┆",
            "┆ reiskosten │",
            "┆ 126,00 (standaard) ┆ € 56,96 ┆ € 7.176,96 ┆ € 358,85 ┆ € 7.535,81 ┆ € 8.000,00 ┆ € 464,19 ┆",
            " € 243,25 │",
            "kosten = uren × tarief + opslag; marge = advies (Art. 12 lid 4) − kosten, vóór reiskosten",
            "reiskosten woensdrecht: uit het log van 2017, dat 2017-10-01 tot en met 2017-12-31 beslaat (alleen 92 dagen, 322,7 km, geschaald naar de 365 dagen van 2018)",
            "[322,7 km van 2017 in het activiteitenlog (examples/brp-activity.csv bestandsregels 4–30 (10 logregels)) over 92 dagen, × 365 / 92 dagen]",
            "  marge van woensdrecht in 2018 (Art. 12 lid 4)\n",
            "    invoer:     standaard jaaruren = 126,00  [hours.hours_per_week × hours.weeks_per_year]\n",
        ],
    );
}

#[test]
fn budget_in_english() {
    let out = table("en", &BUDGET);
    assert_has(
        &out,
        &[
            "Budget 2018 — Toezichthouders-pool BRP Brabantse Wal en Tholen (brp-pool)\n",
            "│ client ",
            "┆ travel (apart) │",
            "┆ 126.00 (default) ┆ €56.96 ┆ €7,176.96 ┆ €358.85 ┆ €7,535.81 ┆ €8,000.00 ┆ €464.19 ┆",
            "cost = hours × rate + fee; margin = advice (Art. 12 lid 4) − cost, before travel",
            "travel woensdrecht: from the 2017 log, which covers 2017-10-01 up to and including 2017-12-31 only (92 days, 322.7 km), scaled to the 365 days of 2018",
            "[322.7 km of 2017 in the activity log (examples/brp-activity.csv lines 4–30 (10 rows)) over 92 days, × 365 / 92 days]",
            "  margin of woensdrecht in 2018 (Art. 12 lid 4)\n",
            "default yearly hours = 126.00  [hours.hours_per_week × hours.weeks_per_year]\n",
        ],
    );
}

/// The English words the three tables printed before they were Dutch.
const ENGLISH: &[&str] = &[
    "Year-end",
    "settlement",
    "contracted hours",
    "invoiced",
    "quarterly",
    "over-use",
    "under-use",
    "take-or-pay",
    "delivered",
    "redeployed",
    "exception",
    "recorded",
    "VAT",
    "net cost",
    "travel",
    "income",
    "up to and including",
    "/hour",
    "note:",
    "explanations:",
    "why:",
    "Withdrawal",
    "compensation",
    "hours lost",
    "hours charged",
    "regular way out",
    "borrower",
    "advice",
    "margin",
    "(default)",
    "expected",
    "in force",
    " the ",
];

/// The table without the TOML keys and options it cites
/// (`income.house-visit.amount`, `take_or_pay.under_use = never`,
/// `--redeployed-hours`), which are the file's and the command line's own words.
fn without_keys(out: &str) -> String {
    out.split(' ')
        .filter(|w| !(w.contains('.') && w.contains(['_', '-']) && !w.contains('€')))
        .filter(|w| !w.contains('_') && !w.trim_start_matches('[').starts_with("--"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Every `settle`, `withdraw` and `budget` of the shipped agreements and
/// examples, in the default locale: no English word is left in them.
#[test]
fn no_english_is_left_in_the_dutch_tables() {
    let examples = [
        "--agreements",
        "examples/agreements",
        "--facts",
        "examples/facts",
    ];
    let runs: Vec<Vec<&str>> = vec![
        vec!["settle", "--year", "2018", "--explain"],
        vec!["budget", "--year", "2018", "--explain"],
        vec!["budget", "--year", "2019", "--explain"],
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
        vec![
            "withdraw",
            "--agreement",
            "brp-pool",
            "--party",
            "Steenbergen",
            "--effective",
            "2019-03-01",
            "--redeployed-hours",
            "10",
            "--external-contract-ends",
            "2019-09-30",
            "--explain",
        ],
        vec![
            "withdraw",
            "--agreement",
            "brp-pool",
            "--party",
            "Tholen",
            "--effective",
            "2018-07-01",
            "--redeployed-hours",
            "40",
        ],
        // The explanations of the allocation parts (start-up costs) and of
        // the licence are the invoices' own (`core::invoice`), not these
        // reports': these runs are scanned without them.
        [
            &examples[..],
            &[
                "settle",
                "--year",
                "2021",
                "--agreement",
                "kinderopvang-pool",
            ],
        ]
        .concat(),
        [
            &examples[..],
            &[
                "budget",
                "--year",
                "2021",
                "--agreement",
                "kinderopvang-pool",
            ],
        ]
        .concat(),
        [
            &examples[..],
            &[
                "budget",
                "--year",
                "2022",
                "--agreement",
                "kinderopvang-pool",
                "--explain",
            ],
        ]
        .concat(),
        [
            &examples[..],
            &[
                "budget",
                "--year",
                "2021",
                "--agreement",
                "kempen-leerplicht",
            ],
        ]
        .concat(),
        [
            &examples[..],
            &[
                "withdraw",
                "--agreement",
                "kinderopvang-pool",
                "--party",
                "borsele",
                "--effective",
                "2022-07-01",
                "--redeployed-hours",
                "10",
                "--explain",
            ],
        ]
        .concat(),
    ];
    for args in runs {
        let out = ledger(&args).success().stdout;
        // The consent is the facts file's own words.
        let text = without_keys(&out).replace("letter of the college of Goes", "");
        for word in ENGLISH {
            assert!(
                !text.contains(word),
                "`ledger {}` says {word:?} in Dutch:\n{out}",
                args.join(" ")
            );
        }
    }
}
