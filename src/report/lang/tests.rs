//! The notes of periods without an invoice and the explanations of split
//! amounts, each variant in Dutch, in English and as the machine formats
//! write it (Dutch, figures plain).

use chrono::NaiveDate;

use crate::cli::Locale;
use crate::core::agreement::Article;
use crate::core::explain::Rows;
use crate::core::invoice::{NextInvoice, NoInvoice, PeriodNote, Withdrawn};
use crate::core::money::Money;
use crate::core::period::{BillingPeriod, Rhythm, Timing};

fn d(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap()
}

fn p(s: &str) -> BillingPeriod {
    s.parse().unwrap()
}

fn art(s: &str) -> Article {
    Article(s.to_string())
}

/// The note of `subject` in `period` for the one reason `why`.
fn no_invoice(subject: &str, to: Option<&str>, period: &str, why: Vec<NoInvoice>) -> PeriodNote {
    PeriodNote::NoInvoice {
        subject: subject.to_string(),
        to: to.map(str::to_string),
        period: p(period),
        why,
    }
}

fn check(note: PeriodNote, dutch: &str, english: &str, machine: &str) {
    assert_eq!(
        super::period_note(&note, Locale::Nl).render(Locale::Nl),
        dutch
    );
    assert_eq!(
        super::period_note(&note, Locale::En).render(Locale::En),
        english
    );
    assert_eq!(super::english(&note), english);
    assert_eq!(super::machine_period_note(&note), machine);
    // JSON writes the machine text.
    let json = serde_json::to_string(&note).unwrap();
    assert_eq!(json, serde_json::to_string(machine).unwrap());
}

/// A note whose words have no figure reads the same in the table and in
/// the machine formats.
fn check_plain(note: PeriodNote, dutch: &str, english: &str) {
    check(note, dutch, english, dutch);
}

#[test]
fn a_term_with_an_end_and_an_open_year() {
    check_plain(
        no_invoice(
            "expatcenter",
            None,
            "2011-Q1",
            vec![
                NoInvoice::Term {
                    start: d(2010, 2, 9),
                    end: Some(d(2010, 12, 31)),
                    article: art("Art. 5 sub a"),
                    renewal: None,
                },
                NoInvoice::Unagreed {
                    from_year: 2011,
                    article: art("Art. 4"),
                    note: "apart geregeld".to_string(),
                },
            ],
        ),
        "geen factuur voor expatcenter over 2011-Q1: de looptijd is 2010-02-09 – 2010-12-31 \
         (Art. 5 sub a); er is geen bedrag overeengekomen vanaf 2011 (Art. 4: apart geregeld)",
        "no invoice for expatcenter in 2011-Q1: the term runs 2010-02-09 – 2010-12-31 \
         (Art. 5 sub a); no amount is agreed from 2011 (Art. 4: apart geregeld)",
    );
}

#[test]
fn a_term_that_runs_on_with_and_without_renewal() {
    let term = |renewal| NoInvoice::Term {
        start: d(2017, 10, 1),
        end: None,
        article: art("Art. 20 lid 1"),
        renewal,
    };
    check_plain(
        no_invoice(
            "brp-pool",
            None,
            "2017-Q3",
            vec![term(Some((12, art("Art. 20 lid 2"))))],
        ),
        "geen factuur voor brp-pool over 2017-Q3: de overeenkomst loopt vanaf 2017-10-01 \
         (Art. 20 lid 1) en wordt telkens met 12 maanden verlengd (Art. 20 lid 2)",
        "no invoice for brp-pool in 2017-Q3: the agreement runs from 2017-10-01 \
         (Art. 20 lid 1) and renews by 12 months each time (Art. 20 lid 2)",
    );
    check_plain(
        no_invoice("brp-pool", None, "2017-Q3", vec![term(None)]),
        "geen factuur voor brp-pool over 2017-Q3: de overeenkomst loopt vanaf 2017-10-01 \
         (Art. 20 lid 1)",
        "no invoice for brp-pool in 2017-Q3: the agreement runs from 2017-10-01 (Art. 20 lid 1)",
    );
}

#[test]
fn a_client_that_joins_or_has_ended() {
    let joins = NoInvoice::Joins {
        agreement: "brp-pool".to_string(),
        on: d(2019, 1, 1),
        source: "facts.toml".to_string(),
    };
    check_plain(
        no_invoice("roosendaal", None, "2018-Q4", vec![joins]),
        "geen factuur voor roosendaal over 2018-Q4: het treedt op 2019-01-01 toe tot brp-pool \
         (toetreding, facts.toml)",
        "no invoice for roosendaal in 2018-Q4: it joins brp-pool on 2019-01-01 \
         (accession, facts.toml)",
    );
    let ended = |withdrawal| NoInvoice::Ended {
        on: d(2018, 6, 30),
        withdrawal,
    };
    check_plain(
        no_invoice("tholen", None, "2018-Q4", vec![ended(None)]),
        "geen factuur voor tholen over 2018-Q4: de deelname eindigde op 2018-06-30",
        "no invoice for tholen in 2018-Q4: its participation ended on 2018-06-30",
    );
    check_plain(
        no_invoice(
            "tholen",
            None,
            "2018-Q4",
            vec![ended(Some((d(2018, 7, 1), Some(art("Art. 22 lid 1")))))],
        ),
        "geen factuur voor tholen over 2018-Q4: de deelname eindigde op 2018-06-30 \
         (uittreding met ingang van 2018-07-01, Art. 22 lid 1)",
        "no invoice for tholen in 2018-Q4: its participation ended on 2018-06-30 \
         (withdrawal effective 2018-07-01, Art. 22 lid 1)",
    );
}

#[test]
fn a_withdrawal_in_the_period_states_its_compensation() {
    let withdrew = |compensation| {
        NoInvoice::Withdrew(Withdrawn {
            agreement: "brp-pool".to_string(),
            party: "tholen".to_string(),
            ended: d(2018, 6, 30),
            effective: d(2018, 7, 1),
            article: None,
            compensation,
        })
    };
    let command = "`ledger withdraw --agreement brp-pool --party tholen --effective 2018-07-01`";
    // 1,813.53: 31.838709… h × 56.96 (tests/withdraw.rs).
    let amount = Money::parse("1813.53").unwrap();
    let note = no_invoice("tholen", None, "2018-Q3", vec![withdrew(Ok(amount))]);
    let dutch = |a: &str| {
        format!(
            "geen factuur voor tholen over 2018-Q3: de deelname eindigde op 2018-06-30 \
             (uittreding met ingang van 2018-07-01); de vergoeding van {a} (excl. btw) wordt \
             hier niet gefactureerd; {command} berekent haar"
        )
    };
    check(
        note,
        &dutch("€ 1.813,53"),
        &format!(
            "no invoice for tholen in 2018-Q3: its participation ended on 2018-06-30 \
             (withdrawal effective 2018-07-01); the compensation of €1,813.53 (excl. VAT) is \
             not invoiced here; it is computed by {command}"
        ),
        &dutch("1813.53"),
    );
    let note = no_invoice(
        "tholen",
        None,
        "2018-Q3",
        vec![withdrew(Err("no rate".into()))],
    );
    check_plain(
        note,
        &format!(
            "geen factuur voor tholen over 2018-Q3: de deelname eindigde op 2018-06-30 \
             (uittreding met ingang van 2018-07-01); de vergoeding kan niet worden berekend \
             (no rate); {command} laat zien waarom"
        ),
        &format!(
            "no invoice for tholen in 2018-Q3: its participation ended on 2018-06-30 \
             (withdrawal effective 2018-07-01); the compensation cannot be computed \
             (no rate); {command} shows why"
        ),
    );
}

#[test]
fn nothing_to_bill_and_another_rhythm() {
    check_plain(
        no_invoice(
            "brp-pool",
            Some("tholen"),
            "2018-Q1",
            vec![NoInvoice::NothingToBill],
        ),
        "geen factuur voor brp-pool aan tholen over 2018-Q1: niets te factureren",
        "no invoice for brp-pool to tholen in 2018-Q1: nothing to bill",
    );
    let rhythm = |rhythm, timing, next| NoInvoice::Rhythm {
        rhythm,
        timing,
        next,
        article: art("Art. 9 lid 1"),
    };
    check_plain(
        no_invoice(
            "kempen-leerplicht",
            None,
            "2021-01",
            vec![rhythm(
                Rhythm::Quarter,
                Timing::Arrears,
                Some(NextInvoice {
                    period: p("2021-Q1"),
                    day: d(2021, 3, 31),
                    issuable_from: d(2021, 4, 1),
                }),
            )],
        ),
        "geen factuur voor kempen-leerplicht over 2021-01: de overeenkomst factureert per \
         kwartaal achteraf; de factuur over 2021-Q1 valt in 2021-03, de maand waarin de periode \
         eindigt, en kan worden uitgereikt vanaf 2021-04-01 (Art. 9 lid 1)",
        "no invoice for kempen-leerplicht in 2021-01: it bills per quarter in arrears; \
         its 2021-Q1 invoice falls in 2021-03, the month the period ends in, and can be issued \
         from 2021-04-01 (Art. 9 lid 1)",
    );
    check_plain(
        no_invoice(
            "kempen-leerplicht",
            None,
            "2020-Q2",
            vec![rhythm(Rhythm::Year, Timing::Advance, None)],
        ),
        "geen factuur voor kempen-leerplicht over 2020-Q2: de overeenkomst factureert per \
         jaar vooraf (Art. 9 lid 1)",
        "no invoice for kempen-leerplicht in 2020-Q2: it bills per year in advance (Art. 9 lid 1)",
    );
}

#[test]
fn the_provider_the_log_and_unbilled_rows() {
    check_plain(
        PeriodNote::Provider {
            name: "Gemeente Bergen op Zoom".to_string(),
            agreement: "brp-pool".to_string(),
        },
        "Gemeente Bergen op Zoom is de aanbieder van brp-pool; de facturen gaan naar de afnemers",
        "Gemeente Bergen op Zoom is the provider of brp-pool; its invoices go to the clients",
    );
    check_plain(
        PeriodNote::LogEnds {
            last: d(2018, 12, 21),
            period: p("2019-Q1"),
        },
        "het activiteitenlog eindigt op 2018-12-21, vóór 2019-Q1: deze facturen hebben geen \
         reiskostenregel; voeg de logregels van de periode toe aan het log als er activiteit was",
        "the activity log ends on 2018-12-21, before 2019-Q1: these invoices have no travel \
         line; add the quarter's rows to the log if there was activity",
    );
    check_plain(
        PeriodNote::LogEmpty {
            period: p("2019-Q1"),
        },
        "het activiteitenlog heeft geen logregels: deze facturen over 2019-Q1 hebben geen \
         reiskostenregel",
        "the activity log has no rows: these invoices for 2019-Q1 have no travel line",
    );
    let unbilled = |rows, period: &str| PeriodNote::Unbilled {
        client: "tholen".to_string(),
        rows: Rows {
            rows,
            logs: vec!["log.csv".to_string()],
            first_line: 2,
            last_line: 9,
        },
        period: p(period),
    };
    check_plain(
        unbilled(3, "2018-02"),
        "tholen heeft 3 logregels in 2018-02 (3 logregels van log.csv, bestandsregels 2–9) maar \
         geen gecontracteerde uren in die maand",
        "tholen has 3 activity rows in 2018-02 (3 rows of log.csv, lines 2–9) but no \
         contracted hours in that month",
    );
    check_plain(
        unbilled(1, "2018"),
        "tholen heeft 1 logregel in 2018 (1 logregel van log.csv, bestandsregels 2–9) maar geen \
         gecontracteerde uren in dat jaar",
        "tholen has 1 activity row in 2018 (1 row of log.csv, lines 2–9) but no contracted \
         hours in that year",
    );
}

/// A split phrase in Dutch, in English and as the machine formats write it.
fn check_split(p: crate::core::split::SplitPhrase, dutch: &str, english: &str, machine: &str) {
    use crate::core::explain::Phrase;
    let p = Phrase::from(p);
    assert_eq!((super::of(Locale::Nl).phrase)(&p).render(Locale::Nl), dutch);
    assert_eq!(
        (super::of(Locale::En).phrase)(&p).render(Locale::En),
        english
    );
    assert_eq!(super::machine(&p), machine);
}

#[test]
fn an_allocation_over_the_periods_in_each_language() {
    use crate::core::split::SplitPhrase as S;
    check_split(
        S::ByTermDays {
            rhythm: Rhythm::Month,
            year: 2010,
        },
        "bedrag × dagen van de looptijd in de maand ÷ dagen van de looptijd in 2010; elk deel \
         afgekapt op centen, de resterende centen naar de grootste resten (bij gelijke stand de \
         eerdere maand), zodat de delen samen het geheel zijn",
        "amount × days of the term in the month ÷ days of the term in 2010; each share cut to \
         cents, the leftover cents to the largest remainders (ties to the earlier month), so \
         the parts sum to the whole",
        "bedrag × dagen van de looptijd in de maand ÷ dagen van de looptijd in 2010; elk deel \
         afgekapt op centen, de resterende centen naar de grootste resten (bij gelijke stand de \
         eerdere maand), zodat de delen samen het geheel zijn",
    );
    check_split(
        S::AmountOf(2010),
        "bedrag 2010",
        "amount 2010",
        "bedrag 2010",
    );
    check_split(
        S::TermDays,
        "dagen van de looptijd",
        "days of the term",
        "dagen van de looptijd",
    );
    check_split(
        S::Term(art("Art. 5 sub a")),
        "looptijd (Art. 5 sub a)",
        "term (Art. 5 sub a)",
        "looptijd (Art. 5 sub a)",
    );
}

#[test]
fn an_allocation_part_and_its_leftover_cents_in_each_language() {
    use crate::core::split::SplitPhrase as S;
    use rust_decimal_macros::dec;
    // Expatcenter 2010-Q2: 16,159.20 × 91/326 = 4510.696932…, cut
    // 4510.69, one leftover cent: 4510.70.
    check_split(
        S::PeriodPart {
            days: 91,
            exact: dec!(4510.696933),
            cut: dec!(4510.69),
            part: Money::parse("4510.70").unwrap(),
        },
        "91 dagen → onafgerond 4.510,696933 → afgekapt 4.510,69 → deel € 4.510,70",
        "91 days → unrounded 4,510.696933 → cut 4,510.69 → part €4,510.70",
        "91 dagen → onafgerond 4510.696933 → afgekapt 4510.69 → deel 4510.70",
    );
    check_split(
        S::WeightIsDays(Rhythm::HalfYear),
        "gewicht = dagen van de looptijd in het halfjaar",
        "weight = days of the term in the half-year",
        "gewicht = dagen van de looptijd in het halfjaar",
    );
    check_split(
        S::LeftoverCents,
        "resterende centen",
        "leftover cents",
        "resterende centen",
    );
    check_split(
        S::Leftover {
            cents: dec!(0.02),
            given: vec!["2010-Q2".into(), "2010-Q3".into()],
        },
        "0,02 → 2010-Q2, 2010-Q3",
        "0.02 → 2010-Q2, 2010-Q3",
        "0.02 → 2010-Q2, 2010-Q3",
    );
    check_split(
        S::Leftover {
            cents: dec!(0),
            given: vec![],
        },
        "0 → geen",
        "0 → none",
        "0 → geen",
    );
    check_split(
        S::LargestRemainder,
        "grootste rest",
        "largest remainder",
        "grootste rest",
    );
}

#[test]
fn a_shared_amount_over_the_clients_in_each_language() {
    use crate::core::agreement::ShareKey;
    use crate::core::split::SplitPhrase as S;
    use rust_decimal_macros::dec;
    check_split(
        S::Indexation(None),
        "indexering",
        "indexation",
        "indexering",
    );
    check_split(
        S::WeightOf("bladel".into()),
        "gewicht bladel",
        "weight bladel",
        "gewicht bladel",
    );
    check_split(S::Key, "verdeelsleutel", "key", "verdeelsleutel");
    let key = |k| S::KeyIs(k);
    check_split(
        key(ShareKey::Payer("eersel".into())),
        "alleen betaald door eersel",
        "paid by eersel alone",
        "alleen betaald door eersel",
    );
    check_split(
        key(ShareKey::Percent(Default::default())),
        "vaste percentages",
        "fixed percentages",
        "vaste percentages",
    );
    check_split(
        key(ShareKey::Equal),
        "gelijke delen",
        "equal parts",
        "gelijke delen",
    );
    // 4500.00 × 92/366 = 1131.147…, with a leftover cent 1131.15.
    check_split(
        S::DaysOfTotal {
            days: 92,
            total: 366,
            part: Money::parse("1131.15").unwrap(),
        },
        "92 van 366 → € 1.131,15",
        "92 of 366 → €1,131.15",
        "92 van 366 → 1131.15",
    );
    check_split(
        S::DaysIn(p("2020-Q3")),
        "dagen in 2020-Q3",
        "days in 2020-Q3",
        "dagen in 2020-Q3",
    );
    check_split(
        S::WeightPart {
            weight: dec!(40),
            part: Money::parse("3600.00").unwrap(),
        },
        "40 → deel € 3.600,00",
        "40 → part €3,600.00",
        "40 → deel 3600.00",
    );
}

/// A stored note's decimal figures are typed again: written per locale in
/// a table, as stored in the machine formats; whole numbers, dates, times
/// and words stay as they are.
#[test]
fn a_stored_note_writes_its_decimals_per_locale() {
    let text = "2.00 van de uren (1794.24), -5.5; 2018 Art. 5 lid 2, 07:00–18:00 op 2018-04-02.";
    let stored = super::stored(text);
    assert_eq!(
        stored.render(Locale::Nl),
        "2,00 van de uren (1.794,24), -5,5; 2018 Art. 5 lid 2, 07:00–18:00 op 2018-04-02."
    );
    assert_eq!(
        stored.render(Locale::En),
        "2.00 van de uren (1,794.24), -5.5; 2018 Art. 5 lid 2, 07:00–18:00 op 2018-04-02."
    );
    assert_eq!(stored.plain(), text);
}
