//! The English words of the notes of periods without an invoice
//! (`PeriodNote`) and of a withdrawal within an invoice's period.

use chrono::NaiveDate;

use crate::core::agreement::Article;
use crate::core::invoice::{NoInvoice, PeriodNote, Withdrawn};
use crate::core::period::Timing;
use crate::report::text::Text;

use super::{rows, t, tables};

pub(super) fn period_note(n: &PeriodNote) -> Text {
    match n {
        PeriodNote::NoInvoice {
            subject,
            to,
            period,
            why,
        } => {
            let to = to.as_ref().map_or(String::new(), |c| format!(" to {c}"));
            let mut text = t(&format!("no invoice for {subject}{to} in {period}: "));
            for (k, w) in why.iter().enumerate() {
                if k > 0 {
                    text = text.words("; ");
                }
                text = text.then(no_invoice(w));
            }
            text
        }
        PeriodNote::Provider { name, agreement } => t(&format!(
            "{name} is the provider of {agreement}; its invoices go to the clients"
        )),
        PeriodNote::LogEnds { last, period } => t(&format!(
            "the activity log ends on {last}, before {period}: these invoices have no travel \
             line; add the quarter's rows to the log if there was activity"
        )),
        PeriodNote::LogEmpty { period } => t(&format!(
            "the activity log has no rows: these invoices for {period} have no travel line"
        )),
        PeriodNote::Unbilled {
            client,
            rows: r,
            period,
        } => {
            let s = if r.rows == 1 { "" } else { "s" };
            t(&format!(
                "{client} has {} activity row{s} in {period} (",
                r.rows
            ))
            .then(rows(r))
            .words(format!(
                ") but no contracted hours in that {}",
                tables::noun(period.rhythm())
            ))
        }
    }
}

fn no_invoice(w: &NoInvoice) -> Text {
    match w {
        NoInvoice::Joins {
            agreement,
            on,
            source,
        } => t(&format!(
            "it joins {agreement} on {on} (accession, {source})"
        )),
        NoInvoice::Withdrew(w) => withdrawn(w),
        NoInvoice::Ended { on, withdrawal } => t(&ended(*on, withdrawal.as_ref())),
        NoInvoice::Term {
            start,
            end,
            article,
            renewal,
        } => t(&match (end, renewal) {
            (Some(end), _) => format!("the term runs {start} – {end} ({article})"),
            (None, Some((months, r))) => format!(
                "the agreement runs from {start} ({article}) and renews by {months} months \
                 each time ({r})"
            ),
            (None, None) => format!("the agreement runs from {start} ({article})"),
        }),
        NoInvoice::Unagreed {
            from_year,
            article,
            note,
        } => t(&format!(
            "no amount is agreed from {from_year} ({article}: {note})"
        )),
        NoInvoice::NothingToBill => t("nothing to bill"),
        NoInvoice::Rhythm {
            rhythm,
            timing,
            next,
            article,
        } => {
            let next = next.map_or(String::new(), |n| {
                let edge = match timing {
                    Timing::Arrears => "ends",
                    Timing::Advance => "starts",
                };
                format!(
                    "; its {} invoice falls in {}, the month the period {edge} in, and can be issued from {}",
                    n.period,
                    n.day.format("%Y-%m"),
                    n.issuable_from
                )
            });
            let timing = match timing {
                Timing::Arrears => "in arrears",
                Timing::Advance => "in advance",
            };
            t(&format!(
                "it bills per {} {timing}{next} ({article})",
                tables::noun(*rhythm)
            ))
        }
    }
}

/// `its participation ended on 2018-08-14 (withdrawal effective 2018-08-15,
/// Art. 22 lid 1)`.
fn ended(on: NaiveDate, withdrawal: Option<&(NaiveDate, Option<Article>)>) -> String {
    match withdrawal {
        None => format!("its participation ended on {on}"),
        Some((effective, article)) => {
            let article = article.as_ref().map_or(String::new(), |a| format!(", {a}"));
            format!("its participation ended on {on} (withdrawal effective {effective}{article})")
        }
    }
}

/// `its participation ended on 2018-08-14 (withdrawal effective 2018-08-15,
/// Art. 22 lid 1); the compensation of €1,813.53 (excl. VAT) …`.
pub(super) fn withdrawn(w: &Withdrawn) -> Text {
    let ended = t(&ended(w.ended, Some(&(w.effective, w.article.clone())))).words("; ");
    let command = format!(
        "`ledger withdraw --agreement {} --party {} --effective {}`",
        w.agreement, w.party, w.effective
    );
    match &w.compensation {
        Ok(total) => ended
            .words("the compensation of ")
            .money(*total)
            .words(format!(
                " (excl. VAT) is not invoiced here; it is computed by {command}"
            )),
        Err(e) => ended.words(format!(
            "the compensation cannot be computed ({e}); {command} shows why"
        )),
    }
}
