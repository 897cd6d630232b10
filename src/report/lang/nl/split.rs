//! The Dutch words of the explanations of split amounts (`SplitPhrase`):
//! an allocation over the periods, a shared amount over the clients.

use crate::core::agreement::ShareKey;
use crate::core::period::Rhythm;
use crate::core::split::SplitPhrase as S;
use crate::report::text::Text;

use super::{t, tables};

/// The period with its article: `het kwartaal`, `de maand`.
fn the(r: Rhythm) -> String {
    let article = if r == Rhythm::Month { "de" } else { "het" };
    format!("{article} {}", tables::noun(r))
}

pub(super) fn phrase(p: &S) -> Text {
    allocation(p).or_else(|| shared(p)).unwrap_or_default()
}

/// The words of an allocation over the periods of its year.
fn allocation(p: &S) -> Option<Text> {
    Some(match p {
        S::ByTermDays { rhythm, year } => {
            let (the, noun) = (the(*rhythm), tables::noun(*rhythm));
            let earlier = if *rhythm == Rhythm::Month {
                "de eerdere"
            } else {
                "het eerdere"
            };
            t(&format!(
                "bedrag × dagen van de looptijd in {the} ÷ dagen van de looptijd in {year}; \
                 elk deel afgekapt op centen, de resterende centen naar de grootste resten \
                 (bij gelijke stand {earlier} {noun}), zodat de delen samen het geheel zijn"
            ))
        }
        S::AmountOf(year) => t(&format!("bedrag {year}")),
        S::TermDays => t("dagen van de looptijd"),
        S::TermDaysOf {
            total,
            year,
            start,
            end,
        } => t(&match end {
            Some(end) => format!("{total} (de dagen van {year} in de looptijd {start} – {end})"),
            None => format!("{total} (de dagen van {year} in de looptijd vanaf {start})"),
        }),
        S::Term(article) => t(&format!("looptijd ({article})")),
        S::PeriodPart {
            days,
            exact,
            cut,
            part,
        } => t(&format!("{days} dagen → onafgerond "))
            .as_is(*exact)
            .words(" → afgekapt ")
            .number(*cut, 2)
            .words(" → deel ")
            .money(*part),
        S::WeightIsDays(r) => t(&format!("gewicht = dagen van de looptijd in {}", the(*r))),
        S::LeftoverCents => t("resterende centen"),
        S::Leftover { cents, given } => {
            let given = if given.is_empty() {
                "geen".to_string()
            } else {
                given.join(", ")
            };
            Text::default().as_is(*cents).words(format!(" → {given}"))
        }
        S::LargestRemainder => t("grootste rest"),
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
            "bedrag van {year} × gewicht van de afnemer ÷ Σ gewichten van de afnemers die op \
             {reference_day} deelnemen; centen naar de grootste resten (bij gelijke stand de \
             eerdere afnemer), zodat de delen samen het geheel zijn"
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
        S::Indexation(None) => t("indexering"),
        S::Indexation(Some((series, article))) => t(&format!("indexering {series} ({article})")),
        S::WeightOf(party) => t(&format!("gewicht {party}")),
        S::WeightPart { weight, part } => Text::default()
            .exact(*weight)
            .words(" → deel ")
            .money(*part),
        S::Key => t("verdeelsleutel"),
        S::KeyIs(key) => t(&match key {
            ShareKey::Payer(p) => format!("alleen betaald door {p}"),
            ShareKey::Equal => "gelijke delen".to_string(),
            ShareKey::Percent(_) => "vaste percentages".to_string(),
            ShareKey::Weights(series) => {
                format!("gewichten `{series}` per afnemer en jaar (feiten)")
            }
        }),
        S::DaysIn(period) => t(&format!("dagen in {period}")),
        S::DaysOfTotal { days, total, part } => t(&format!("{days} van {total} → ")).money(*part),
        S::ClientDays => t(
            "de dagen van de afnemer in elke periode van het jaar, centen naar de grootste rest",
        ),
        _ => return None,
    })
}
