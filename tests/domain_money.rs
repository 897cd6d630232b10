//! The worked money figures of DOMAIN.md, at the level of `Money`: each
//! line, fee and VAT figure of the seed agreements rounded the way rule 1
//! says (once, to cents, half away from zero; a percentage of a rounded
//! amount), and the Expatcenter allocation by largest remainder (rule 6).

use ledger::core::money::Money;
use rust_decimal_macros::dec;

#[test]
fn hours_times_rate_and_fee() {
    // 31.50 h × € 56.96 = 1794.2400; 5% of 1794.24 = 89.712 -> 89.71.
    let total = Money::round(dec!(31.50) * dec!(56.96));
    assert_eq!(total, Money::round(dec!(1794.24)));
    let (exact, fee) = total.percent(dec!(5));
    assert_eq!(exact, dec!(89.712));
    assert_eq!(fee, Money::round(dec!(89.71)));

    // 21% VAT on 1883.95 = 395.6295 -> 395.63.
    let (exact, vat) = Money::round(dec!(1883.95)).percent(dec!(21));
    assert_eq!(exact, dec!(395.6295));
    assert_eq!(vat, Money::round(dec!(395.63)));

    // 126 h × 56.96 = 7176.96; 5% = 358.848 -> 358.85.
    let total = Money::round(dec!(126) * dec!(56.96));
    assert_eq!(total, Money::round(dec!(7176.96)));
    let (exact, fee) = total.percent(dec!(5));
    assert_eq!(exact, dec!(358.848));
    assert_eq!(fee, Money::round(dec!(358.85)));

    // 133.76 h × 56.96 = 7618.9696 -> 7618.97; 5% = 380.9485 -> 380.95.
    let total = Money::round(dec!(133.76) * dec!(56.96));
    assert_eq!(total, Money::round(dec!(7618.97)));
    assert_eq!(total.percent(dec!(5)).1, Money::round(dec!(380.95)));

    // 5.5 h × 56.96 = 313.28; 5% = 15.664 -> 15.66.
    let total = Money::round(dec!(5.5) * dec!(56.96));
    assert_eq!(total, Money::round(dec!(313.28)));
    assert_eq!(total.percent(dec!(5)).1, Money::round(dec!(15.66)));

    // 16 h × 56.96 = 911.36; 5% = 45.568 -> 45.57.
    let total = Money::round(dec!(16) * dec!(56.96));
    assert_eq!(total, Money::round(dec!(911.36)));
    assert_eq!(total.percent(dec!(5)).1, Money::round(dec!(45.57)));
}

#[test]
fn allocate_expatcenter_example() {
    // 16159.20 over 51, 91, 92 and 92 days (326 in total). Exact shares
    // in cents: 252797.30..., 451069.69..., 456026.50... twice. Truncated
    // that is 1615918 cents, so two cents are left. They go to the
    // largest remainders: the 91-day part (0.69...) and the first 92-day
    // part (0.50..., which ties with the second; the earlier one wins).
    let parts = Money::round(dec!(16159.20))
        .allocate(&[dec!(51), dec!(91), dec!(92), dec!(92)])
        .unwrap();
    assert_eq!(
        parts,
        [
            Money::round(dec!(2527.97)),
            Money::round(dec!(4510.70)),
            Money::round(dec!(4560.27)),
            Money::round(dec!(4560.26)),
        ]
    );
    assert_eq!(parts.iter().sum::<Money>(), Money::round(dec!(16159.20)));
}
