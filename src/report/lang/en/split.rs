//! The English words of the explanations of split amounts (`SplitPhrase`):
//! an allocation over the periods, a shared amount over the clients.

use crate::core::agreement::ShareKey;
use crate::core::split::SplitPhrase as S;
use crate::report::text::Text;

use super::{t, tables};

pub(super) fn phrase(p: &S) -> Text {
    allocation(p).or_else(|| shared(p)).unwrap_or_default()
}

/// The words of an allocation over the periods of its year.
fn allocation(p: &S) -> Option<Text> {
    Some(match p {
        S::ByTermDays { rhythm, year } => {
            let noun = tables::noun(*rhythm);
            t(&format!(
                "amount × days of the term in the {noun} ÷ days of the term in {year}; \
                 each share cut to cents, the leftover cents to the largest remainders \
                 (ties to the earlier {noun}), so the parts sum to the whole"
            ))
        }
        S::AmountOf(year) => t(&format!("amount {year}")),
        S::TermDays => t("days of the term"),
        S::TermDaysOf {
            total,
            year,
            start,
            end,
        } => t(&match end {
            Some(end) => format!("{total} (the days of {year} in the term {start} – {end})"),
            None => format!("{total} (the days of {year} in the term from {start} on)"),
        }),
        S::Term(article) => t(&format!("term ({article})")),
        S::PeriodPart {
            days,
            exact,
            cut,
            part,
        } => t(&format!("{days} days → unrounded "))
            .as_is(*exact)
            .words(" → cut ")
            .number(*cut, 2)
            .words(" → part ")
            .money(*part),
        S::WeightIsDays(r) => t(&format!(
            "weight = days of the term in the {}",
            tables::noun(*r)
        )),
        S::LeftoverCents => t("leftover cents"),
        S::Leftover { cents, given } => {
            let given = if given.is_empty() {
                "none".to_string()
            } else {
                given.join(", ")
            };
            Text::default().as_is(*cents).words(format!(" → {given}"))
        }
        S::LargestRemainder => t("largest remainder"),
        _ => return None,
    })
}

/// The words of a shared amount over the clients and the periods.
fn shared(p: &S) -> Option<Text> {
    Some(match p {
        S::ByKey {
            year,
            reference_day,
        } => t(&format!(
            "amount of {year} × weight of the client ÷ Σ weights of the clients taking part on \
             {reference_day}; cents by largest remainder (ties to the earlier client), so the \
             parts sum to the whole"
        )),
        S::Indexed {
            previous,
            percent,
            unrounded,
            rounded,
        } => crate::report::lang::index_step(
            previous.amount(),
            *percent,
            *unrounded,
            rounded.amount(),
        ),
        S::Indexation(None) => t("indexation"),
        S::Indexation(Some((series, article))) => t(&format!("indexation {series} ({article})")),
        S::WeightOf(party) => t(&format!("weight {party}")),
        S::WeightPart { weight, part } => Text::default()
            .exact(*weight)
            .words(" → part ")
            .money(*part),
        S::Key => t("key"),
        S::KeyIs(key) => t(&match key {
            ShareKey::Payer(p) => format!("paid by {p} alone"),
            ShareKey::Equal => "equal parts".to_string(),
            ShareKey::Percent(_) => "fixed percentages".to_string(),
            ShareKey::Weights(series) => format!("weights `{series}` per client and year (facts)"),
        }),
        S::DaysIn(period) => t(&format!("days in {period}")),
        S::DaysOfTotal { days, total, part } => t(&format!("{days} of {total} → ")).money(*part),
        S::ClientDays => {
            t("the client's days in each period of the year, cents by largest remainder")
        }
        _ => return None,
    })
}
