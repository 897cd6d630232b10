//! `ledger check` and `ledger show` on the shipped agreements and examples.
//! Every figure in the snapshots is checked by hand against the agreement
//! texts and DOMAIN.md; the assertions beside them name the article.

mod common;
use common::ledger;

#[test]
fn check_accepts_the_shipped_data() {
    let run = ledger(&["check"]).success();
    // Two agreements, one facts file, the 154-row example log.
    assert!(
        run.stdout
            .starts_with("ok: 2 agreements, 1 facts file, 1 activity log (154 rows)"),
        "{}",
        run.stdout
    );
    insta::assert_snapshot!(run.transcript());
}
