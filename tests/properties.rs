//! The invariants of issue 13 as properties: for any input of the kinds
//! generated here, the figures keep to the rules of DOMAIN.md. Each
//! property names the rule it checks.

mod common;
use common::{root, Scratch};

use chrono::{Datelike, Days, NaiveDate};
use proptest::prelude::*;
use rust_decimal::Decimal;

use ledger::core::activity::{Aggregate, Totals};
use ledger::core::agreement::{Agreement, LineKind};
use ledger::core::calendar::{self, Period};
use ledger::core::capacity;
use ledger::core::facts::{Declaration, Declared, Facts};
use ledger::core::invoice::{period_invoices, Month};
use ledger::core::money::Money;
use ledger::core::period::{BillingPeriod, Rhythm};
use ledger::core::settlement;
use ledger::core::term::{self, NoticeEffect};
use ledger::core::withdrawal;

fn shipped() -> (Agreement, Facts) {
    let agreements = vec![root().join("agreements/brp-pool.toml")];
    let facts = vec![root().join("examples/brp-facts.toml")];
    let ds = ledger::load::load(&agreements, &facts).expect("shipped data loads");
    let e = ds.get("brp-pool").expect("brp-pool").clone();
    (e.agreement, e.facts)
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// A month aggregate with `hours` and `km` for tholen in each given month.
fn activity(months: &[(Month, Decimal, Decimal)]) -> Aggregate<Month> {
    Aggregate {
        borrowers: vec!["tholen".into()],
        totals: months
            .iter()
            .map(|(m, hours, km)| {
                let t = Totals {
                    rows: 1,
                    hours: *hours,
                    km: *km,
                    ..Totals::default()
                };
                (("tholen".to_string(), *m), t)
            })
            .collect(),
        warnings: Vec::new(),
        logs: Vec::new(),
    }
}

fn cents(max: i64) -> impl Strategy<Value = Decimal> {
    (0..=max).prop_map(|c| Decimal::new(c, 2))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Rule 6: allocation parts sum to the whole, for any amount, any key
    /// (weights with up to four decimals) and any number of parties.
    #[test]
    fn allocation_parts_sum_to_the_whole(
        amount in -10_000_000_000i64..10_000_000_000,
        key in prop::collection::vec(0i64..1_000_000, 1..40),
    ) {
        prop_assume!(key.iter().any(|&w| w > 0));
        let whole = Money::from_cents(amount);
        let weights: Vec<Decimal> = key.iter().map(|&w| Decimal::new(w, 4)).collect();
        let parts = whole.allocate(&weights).unwrap();
        prop_assert_eq!(parts.len(), key.len());
        prop_assert_eq!(parts.iter().copied().sum::<Money>(), whole);
        for (p, w) in parts.iter().zip(&weights) {
            if w.is_zero() {
                prop_assert!(p.is_zero());
            }
        }
    }

    /// Rules 1 and 4: every invoice's total is the sum of its rounded lines
    /// plus the VAT per category on their sum, and each fee is its percent
    /// of its rounded base, rounded once.
    #[test]
    fn invoice_totals_are_sums_of_rounded_lines(
        quarter in (2017i32..=2026, 1u8..=4),
        declared in proptest::option::of(cents(100_000)),
        hours in cents(50_000),
        km in (0i64..100_000).prop_map(|c| Decimal::new(c, 1)),
    ) {
        let (a, mut f) = shipped();
        let q = BillingPeriod::quarter(quarter.0, quarter.1).unwrap();
        if let Some(h) = declared {
            f.declarations.retain(|x| !(x.party == "tholen" && x.year == q.year()));
            f.declarations.push(Declaration {
                party: "tholen".into(), year: q.year(), given: d(2017, 9, 1),
                declared: Declared::Hours(h), source: "test".into(), consent: None,
            });
        }
        let first = q.period().start();
        let act = activity(&[((first.year(), first.month()), hours, km)]);
        let billing = period_invoices(&a, &f, q, &act).unwrap();
        for inv in &billing.invoices {
            let sum: Money = inv.lines.iter().map(|l| l.amount).sum();
            prop_assert_eq!(inv.totals.total_excl_vat, sum);
            prop_assert_eq!(inv.subtotal + inv.fees, sum);
            let mut vat = Money::ZERO;
            for part in &inv.totals.vat {
                prop_assert_eq!(part.base, sum, "one VAT category per agreement");
                prop_assert_eq!(part.amount, Money::round(part.base.amount() * part.percent / Decimal::from(100)));
                vat += part.amount;
            }
            prop_assert_eq!(inv.totals.vat_total, vat);
            prop_assert_eq!(inv.totals.total_incl_vat, sum + vat);
            for line in &inv.lines {
                prop_assert_eq!(line.amount, Money::round(line.amount.amount()), "a line is whole cents");
            }
            for fee in inv.lines.iter().filter(|l| l.kind == LineKind::Fee) {
                let def = a.fees.iter().find(|x| x.percent == fee.quantity).unwrap();
                let base: Money = inv.lines.iter().filter(|l| def.base.contains(&l.kind)).map(|l| l.amount).sum();
                prop_assert_eq!(fee.unit_price, base.amount());
                prop_assert_eq!(fee.amount, Money::round(base.amount() * def.percent / Decimal::from(100)));
            }
        }
    }

    /// Rule 7: a year's settlement is what the quarterly invoices billed
    /// plus the difference; the invoiced figures are those `invoice` gives.
    #[test]
    fn settlement_is_invoiced_plus_the_difference(
        year in 2018i32..=2024,
        delivered in cents(30_000),
    ) {
        let (a, f) = shipped();
        let act = activity(&[((year, 5), delivered, Decimal::ZERO)]);
        let s = settlement::settle(&a, &f, "tholen", year, &act).unwrap();
        let mut service = Money::ZERO;
        let mut fee = Money::ZERO;
        for q in BillingPeriod::in_year(Rhythm::Quarter, year) {
            let billing = period_invoices(&a, &f, q, &act).unwrap();
            if let Some(inv) = billing.invoices.iter().find(|i| i.recipient.id == "tholen") {
                service += inv.lines.iter().filter(|l| l.kind == LineKind::Service).map(|l| l.amount).sum::<Money>();
                fee += inv.lines.iter().filter(|l| l.kind == LineKind::Fee).map(|l| l.amount).sum::<Money>();
            }
        }
        prop_assert_eq!(s.invoiced_service, service);
        prop_assert_eq!(s.invoiced_fee, fee);
        let income: Money = s.income.iter().map(|i| i.amount).sum();
        prop_assert_eq!(s.net_cost, service + fee + s.amount() - income);
        prop_assert_eq!(s.charged_hours(), s.invoiced_hours + s.split.over_use - s.split.refunded());
    }

    /// Rule 3: contracted hours over any partition of a year sum to the
    /// yearly hours.
    #[test]
    fn contracted_hours_over_a_partition_sum_to_the_year(
        year in 2018i32..=2030,
        cuts in prop::collection::btree_set(1u64..364, 0..12),
    ) {
        let (a, f) = shipped();
        let start = d(year, 1, 1);
        let end = d(year, 12, 31);
        let mut bounds: Vec<NaiveDate> = vec![start];
        bounds.extend(cuts.iter().map(|&c| start + Days::new(c)));
        let mut sum = Decimal::ZERO;
        for (i, from) in bounds.iter().enumerate() {
            let to = bounds.get(i + 1).map_or(end, |next| term::previous_day(*next));
            let p = Period::new(*from, to).unwrap();
            sum += capacity::contracted_hours(&a, &f, "tholen", p).unwrap().hours;
        }
        let whole = capacity::contracted_hours(&a, &f, "tholen", Period::new(start, end).unwrap()).unwrap().hours;
        // Days of a month are divided exactly where they can be; a 28-digit
        // quotient may differ in its last digit.
        prop_assert!((sum - whole).abs() < Decimal::new(1, 20), "{} vs {}", sum, whole);
    }

    /// Rule 8: the compensation never exceeds the cap (twelve months of
    /// contracted hours at the highest rate of the period), and a later
    /// effective date never gives more, within one term.
    #[test]
    fn withdrawal_is_capped_and_monotone(
        term_number in 0u32..8,
        first in 0u64..366,
        later in 0u64..366,
    ) {
        let (a, f) = shipped();
        let t = term::nth_term(&a, term_number).unwrap();
        let len = (t.end() - t.start()).num_days() as u64;
        let (e1, e2) = (t.start() + Days::new(first.min(later) % (len + 1)), t.start() + Days::new(first.max(later) % (len + 1)));
        let (e1, e2) = (e1.min(e2), e1.max(e2));
        let c1 = withdrawal::compensation(&a, &f, "tholen", e1, Decimal::ZERO, None).unwrap();
        let c2 = withdrawal::compensation(&a, &f, "tholen", e2, Decimal::ZERO, None).unwrap();
        prop_assert!(c2.total <= c1.total, "{} on {} > {} on {}", c2.total, e2, c1.total, e1);
        let top = c1.lines.iter().map(|l| l.unit_price).max().unwrap_or_default();
        let year_hours = capacity::contracted_hours(&a, &f, "tholen", Period::new(e1, calendar::add_months(e1, 12)).unwrap()).unwrap().hours;
        prop_assert!(c1.total.amount() <= (year_hours * top).round_dp(2) + Decimal::new(1, 2) * Decimal::from(c1.lines.len()));
    }

    /// Rule 9 and Art. 20.2: notice on the last allowed day ends the term;
    /// one day later the agreement renews and ends a term later.
    #[test]
    fn notice_on_the_last_day_ends_the_term(n in 0u32..40) {
        let (a, _) = shipped();
        let renewal = a.renewal.as_ref().unwrap();
        let t = term::nth_term(&a, n).unwrap();
        let last = renewal.notice.last_day(t.end());
        prop_assume!(last >= a.term.period.start());
        match term::notice_effect(&a, last).unwrap() {
            NoticeEffect::EndsAtTermEnd { term, .. } => prop_assert_eq!(term, t),
            other => prop_assert!(false, "{:?}", other),
        }
        let next = term::nth_term(&a, n + 1).unwrap();
        match term::notice_effect(&a, term::next_day(last)).unwrap() {
            NoticeEffect::EndsAtTermEnd { term, .. } => prop_assert_eq!(term, next),
            other => prop_assert!(false, "{:?}", other),
        }
    }
}

/// Values to put in place of the shipped TOML's: each pair is the text
/// of the shipped value and the candidates that may replace it.
const MUTATIONS: &[(&str, &[&str])] = &[
    (
        "start = 2017-10-01",
        &[
            "start = 2018-01-01",
            "start = 2017-12-31",
            "start = 1900-01-01",
            "start = 2199-01-01",
            "start = 2018-10-01",
        ],
    ),
    (
        "end = 2018-10-01",
        &[
            "end = 2017-10-01",
            "end = 2017-10-02",
            "end = 2200-12-31",
            "end = 2019-02-28",
            "end = 2030-01-01",
        ],
    ),
    (
        "months = 12",
        &["months = 1", "months = 240", "months = 0", "months = 6"],
    ),
    (
        "notice_before = \"09-01\"",
        &[
            "notice_before = \"01-01\"",
            "notice_before = \"02-29\"",
            "notice_before = \"12-31\"",
            "notice_before = \"10-02\"",
        ],
    ),
    (
        "cap_months = 12",
        &["cap_months = 1", "cap_months = 0", "cap_months = 600"],
    ),
    (
        "amount = \"56.96\"",
        &[
            "amount = \"0.01\"",
            "amount = \"999999.99\"",
            "amount = \"1\"",
        ],
    ),
    (
        "first = 2019-01-01",
        &[
            "first = 2017-10-01",
            "first = 2100-01-01",
            "first = 2018-12-31",
        ],
    ),
    (
        "percent = \"5\"",
        &[
            "percent = \"0\"",
            "percent = \"100\"",
            "percent = \"33.33\"",
        ],
    ),
    (
        "hours_per_week = \"3\"",
        &[
            "hours_per_week = \"0.01\"",
            "hours_per_week = \"168\"",
            "hours_per_week = \"2.5\"",
        ],
    ),
    (
        "weeks_per_year = 42",
        &[
            "weeks_per_year = 1",
            "weeks_per_year = 52",
            "weeks_per_year = 53",
        ],
    ),
    ("percent = \"21\"", &["percent = \"0\"", "percent = \"9\""]),
    (
        "day_start = \"07:00\"",
        &["day_start = \"00:00\"", "day_start = \"18:00\""],
    ),
];

fn run(dir: &std::path::Path, args: &[&str]) {
    use clap::Parser;
    let mut all = vec!["ledger", "--agreements"];
    let agreements = dir.join("agreements");
    let facts = dir.join("facts");
    all.push(agreements.to_str().unwrap());
    all.push("--facts");
    all.push(facts.to_str().unwrap());
    all.extend_from_slice(args);
    let cli = ledger::cli::Cli::try_parse_from(&all).unwrap();
    let mut out = Vec::new();
    // Errors are fine; a panic fails the property.
    let _ = ledger::cmd::run(cli, &mut out);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Any agreement the loader accepts can be shown, invoiced, settled,
    /// budgeted and listed in deadlines without a panic. The agreements are
    /// the shipped BRP pool with some of its values replaced.
    #[test]
    fn any_accepted_agreement_runs_every_report(
        picks in prop::collection::vec((0usize..MUTATIONS.len(), 0usize..8), 1..6),
        year in 2017i32..=2032,
    ) {
        let mut text = std::fs::read_to_string(root().join("agreements/brp-pool.toml")).unwrap();
        for (which, choice) in &picks {
            let (from, to) = MUTATIONS[*which];
            text = text.replacen(from, to[choice % to.len()], 1);
        }
        let dir = Scratch::new();
        dir.write("agreements/brp-pool.toml", &text)
            .copy("examples/brp-facts.toml", "facts/brp-facts.toml")
            .copy("examples/brp-activity.csv", "facts/brp-activity.csv");
        let files = vec![dir.path().join("agreements/brp-pool.toml")];
        let facts = vec![dir.path().join("facts/brp-facts.toml")];
        let accepted = ledger::load::load(&files, &facts).is_ok();
        prop_assume!(accepted);
        let y = year.to_string();
        let q = format!("{year}-Q{}", 1 + (picks.len() % 4));
        let from = format!("{year}-01-01");
        let to = format!("{}-12-31", year + 1);
        run(dir.path(), &["show"]);
        run(dir.path(), &["invoice", "--quarter", &q, "--explain"]);
        run(dir.path(), &["settle", "--year", &y, "--explain"]);
        run(dir.path(), &["budget", "--year", &y]);
        run(dir.path(), &["deadlines", "--from", &from, "--to", &to, "--format", "ics"]);
        run(dir.path(), &["notice", "--agreement", "brp-pool", "--party", "tholen", "--given", &from]);
        run(dir.path(), &["withdraw", "--agreement", "brp-pool", "--party", "tholen", "--effective", &from]);
    }
}

#[test]
fn the_mutations_match_the_shipped_agreement() {
    let text = std::fs::read_to_string(root().join("agreements/brp-pool.toml")).unwrap();
    let missing: Vec<&str> = MUTATIONS
        .iter()
        .map(|(from, _)| *from)
        .filter(|from| !text.contains(from))
        .collect();
    assert!(
        missing.is_empty(),
        "no longer in brp-pool.toml: {missing:?}"
    );
}
