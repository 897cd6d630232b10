//! The Dutch words of the notes of periods without an invoice
//! (`PeriodNote`) and of a withdrawal within an invoice's period.

use chrono::NaiveDate;

use crate::core::agreement::Article;
use crate::core::invoice::{NoInvoice, PeriodNote, Withdrawn};
use crate::core::period::{Rhythm, Timing};
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
            let to = to.as_ref().map_or(String::new(), |c| format!(" aan {c}"));
            let mut text = t(&format!("geen factuur voor {subject}{to} over {period}: "));
            for (k, w) in why.iter().enumerate() {
                if k > 0 {
                    text = text.words("; ");
                }
                text = text.then(no_invoice(w));
            }
            text
        }
        PeriodNote::Provider { name, agreement } => t(&format!(
            "{name} is de aanbieder van {agreement}; de facturen gaan naar de afnemers"
        )),
        PeriodNote::LogEnds { last, period } => t(&format!(
            "het activiteitenlog eindigt op {last}, vóór {period}: deze facturen hebben geen \
             reiskostenregel; voeg de logregels van de periode toe aan het log als er activiteit was"
        )),
        PeriodNote::LogEmpty { period } => t(&format!(
            "het activiteitenlog heeft geen logregels: deze facturen over {period} hebben geen \
             reiskostenregel"
        )),
        PeriodNote::Unbilled {
            client,
            rows: r,
            period,
        } => {
            let rhythm = period.rhythm();
            let that = if rhythm == Rhythm::Month {
                "die"
            } else {
                "dat"
            };
            let n = if r.rows == 1 {
                "logregel"
            } else {
                "logregels"
            };
            t(&format!("{client} heeft {} {n} in {period} (", r.rows))
                .then(rows(r))
                .words(format!(
                    ") maar geen gecontracteerde uren in {that} {}",
                    tables::noun(rhythm)
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
            "het treedt op {on} toe tot {agreement} (toetreding, {source})"
        )),
        NoInvoice::Withdrew(w) => withdrawn(w),
        NoInvoice::Ended { on, withdrawal } => t(&ended(*on, withdrawal.as_ref())),
        NoInvoice::Term {
            start,
            end,
            article,
            renewal,
        } => t(&match (end, renewal) {
            (Some(end), _) => format!("de looptijd is {start} – {end} ({article})"),
            (None, Some((months, r))) => format!(
                "de overeenkomst loopt vanaf {start} ({article}) en wordt telkens met \
                 {months} maanden verlengd ({r})"
            ),
            (None, None) => format!("de overeenkomst loopt vanaf {start} ({article})"),
        }),
        NoInvoice::Unagreed {
            from_year,
            article,
            note,
        } => t(&format!(
            "er is geen bedrag overeengekomen vanaf {from_year} ({article}: {note})"
        )),
        NoInvoice::NothingToBill => t("niets te factureren"),
        NoInvoice::Rhythm {
            rhythm,
            timing,
            next,
            article,
        } => {
            let next = next.map_or(String::new(), |n| {
                let edge = match timing {
                    Timing::Arrears => "eindigt",
                    Timing::Advance => "begint",
                };
                format!(
                    "; de factuur over {} valt in {}, de maand waarin de periode {edge}, en kan worden uitgereikt vanaf {}",
                    n.period,
                    n.day.format("%Y-%m"),
                    n.issuable_from
                )
            });
            let timing = match timing {
                Timing::Arrears => "achteraf",
                Timing::Advance => "vooraf",
            };
            t(&format!(
                "de overeenkomst factureert per {} {timing}{next} ({article})",
                tables::noun(*rhythm)
            ))
        }
    }
}

/// `de deelname eindigde op 2018-08-14 (uittreding met ingang van
/// 2018-08-15, Art. 22 lid 1)`.
fn ended(on: NaiveDate, withdrawal: Option<&(NaiveDate, Option<Article>)>) -> String {
    match withdrawal {
        None => format!("de deelname eindigde op {on}"),
        Some((effective, article)) => {
            let article = article.as_ref().map_or(String::new(), |a| format!(", {a}"));
            format!("de deelname eindigde op {on} (uittreding met ingang van {effective}{article})")
        }
    }
}

/// `de deelname eindigde op 2018-08-14 (uittreding met ingang van 2018-08-15,
/// Art. 22 lid 1); de vergoeding van € 1.813,53 (excl. btw) …`.
pub(super) fn withdrawn(w: &Withdrawn) -> Text {
    let ended = t(&ended(w.ended, Some(&(w.effective, w.article.clone())))).words("; ");
    let command = format!(
        "`ledger withdraw --agreement {} --party {} --effective {}`",
        w.agreement, w.party, w.effective
    );
    match &w.compensation {
        Ok(total) => ended
            .words("de vergoeding van ")
            .money(*total)
            .words(format!(
                " (excl. btw) wordt hier niet gefactureerd; {command} berekent haar"
            )),
        Err(e) => ended.words(format!(
            "de vergoeding kan niet worden berekend ({e}); {command} laat zien waarom"
        )),
    }
}
