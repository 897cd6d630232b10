//! The `[[shared_amounts]]` tables of an agreement: fixed yearly amounts that
//! recur, optionally indexed, shared by a key and billed by days or whole in
//! one period. Raw types mirror the file; `shared_amounts` validates them.

use std::collections::{BTreeMap, HashSet};

use rust_decimal::Decimal;
use serde::Deserialize;
use toml::Spanned;

use crate::core::agreement::{
    AmountBilling, AmountIndexation, IndexSeries, Joiners, Party, Role, ShareKey, SharedAmount,
};
use crate::core::calendar::Period;
use crate::core::period::{BillingPeriod, Rhythm};
use crate::load::fields::Checker;

type S<T> = Spanned<T>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawSharedAmount {
    id: S<String>,
    what: S<String>,
    amount: S<String>,
    from_year: S<i64>,
    until_year: Option<S<i64>>,
    indexation: Option<RawAmountIndexation>,
    key: S<String>,
    payer: Option<S<String>>,
    percent: Option<S<BTreeMap<String, S<String>>>>,
    weights: Option<S<String>>,
    joiners: Option<S<String>>,
    billing: S<String>,
    billed_in: Option<S<String>>,
    article: S<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawAmountIndexation {
    series: S<String>,
    first_year: S<i64>,
    article: S<String>,
}

/// What the agreement's other tables give that a shared amount refers to.
pub(crate) struct Context<'a> {
    pub parties: &'a [Party],
    pub series: &'a [IndexSeries],
    pub rhythm: Option<Rhythm>,
    pub term: Option<Period>,
}

pub(crate) fn shared_amounts(
    c: &mut Checker,
    raw: &[RawSharedAmount],
    cx: &Context<'_>,
) -> Vec<SharedAmount> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for s in raw {
        if !seen.insert(s.id.get_ref().clone()) {
            c.error(
                &s.id,
                format!("duplicate shared amount id `{}`", s.id.get_ref()),
            );
        }
        if let Some(amount) = shared_amount(c, s, cx) {
            out.push(amount);
        }
    }
    out
}

fn shared_amount(c: &mut Checker, s: &RawSharedAmount, cx: &Context<'_>) -> Option<SharedAmount> {
    let amount = c.money(&s.amount, "shared amount", false);
    let from_year = c.year(&s.from_year, "from_year");
    let until_year = s.until_year.as_ref().and_then(|u| c.year(u, "until_year"));
    if let (Some(f), Some(u), Some(raw)) = (from_year, until_year, &s.until_year) {
        if u < f {
            c.error(raw, format!("until_year {u} lies before from_year {f}"));
        }
    }
    if let (Some(y), Some(t)) = (from_year, cx.term) {
        if t.intersect(&Period::year(y)).is_none() {
            c.error(
                &s.from_year,
                format!("from_year {y} lies outside the term {t}"),
            );
        }
    }
    let indexation = s.indexation.as_ref().and_then(|ix| indexation(c, ix, cx));
    let key = key(c, s, cx);
    let joiners = joiners(c, s, key.as_ref());
    let billing = billing(c, s, cx, from_year);
    Some(SharedAmount {
        id: c.id(&s.id, "shared amount"),
        what: c.text(&s.what, "description"),
        amount: amount?,
        from_year: from_year?,
        until_year,
        indexation: match &s.indexation {
            Some(_) => Some(indexation?),
            None => None,
        },
        key: key?,
        joiners: joiners?,
        billing: billing?,
        article: c.article(&s.article),
    })
}

fn indexation(
    c: &mut Checker,
    ix: &RawAmountIndexation,
    cx: &Context<'_>,
) -> Option<AmountIndexation> {
    if !cx.series.iter().any(|s| s.id == *ix.series.get_ref()) {
        let known: Vec<&str> = cx.series.iter().map(|s| s.id.as_str()).collect();
        c.error_help(
            &ix.series,
            format!("unknown index series `{}`", ix.series.get_ref()),
            format!("the [[index_series]] are: {}", known.join(", ")),
        );
        return None;
    }
    Some(AmountIndexation {
        series: ix.series.get_ref().clone(),
        first_year: c.year(&ix.first_year, "first_year")?,
        article: c.article(&ix.article),
    })
}

/// The key, and the one companion key it needs (`payer`, `percent` or
/// `weights`); a companion of another key is an error, not ignored.
fn key(c: &mut Checker, s: &RawSharedAmount, cx: &Context<'_>) -> Option<ShareKey> {
    let kind = s.key.get_ref().as_str();
    let stray = [
        ("payer", s.payer.as_ref().map(|p| p.span()), "payer"),
        ("percent", s.percent.as_ref().map(|p| p.span()), "percent"),
        ("weights", s.weights.as_ref().map(|p| p.span()), "weights"),
    ];
    for (name, span, owner) in stray {
        if let Some(span) = span.filter(|_| kind != owner) {
            let d = c.src.error(
                span,
                format!("`{name}` belongs with key = \"{owner}\", not \"{kind}\""),
            );
            c.push(d);
        }
    }
    match kind {
        "payer" => {
            let Some(p) = &s.payer else {
                c.error(&s.key, "key = \"payer\" needs `payer = \"<client id>\"`");
                return None;
            };
            client(c, p, cx).map(ShareKey::Payer)
        }
        "equal" => Some(ShareKey::Equal),
        "percent" => percent_key(c, s, cx),
        "weights" => match &s.weights {
            Some(w) => Some(ShareKey::Weights(c.id(w, "weight series"))),
            None => {
                c.error(
                    &s.key,
                    "key = \"weights\" needs `weights = \"<series>\"`, e.g. \"inhabitants\"",
                );
                None
            }
        },
        other => {
            c.error_help(
                &s.key,
                format!("unknown key `{other}`"),
                "use \"payer\", \"equal\", \"percent\" or \"weights\"",
            );
            None
        }
    }
}

fn percent_key(c: &mut Checker, s: &RawSharedAmount, cx: &Context<'_>) -> Option<ShareKey> {
    let Some(table) = &s.percent else {
        c.error(
            &s.key,
            "key = \"percent\" needs `percent = { <client> = \"40\", … }`",
        );
        return None;
    };
    let mut map = BTreeMap::new();
    let mut ok = true;
    for (party, pct) in table.get_ref() {
        let known = cx
            .parties
            .iter()
            .any(|p| p.id == *party && p.role == Role::Client);
        if !known {
            c.error(
                table,
                format!("`{party}` in `percent` is not a client of the agreement"),
            );
            ok = false;
        }
        match c.percent(pct, "share") {
            Some(p) => {
                map.insert(party.clone(), p);
            }
            None => ok = false,
        }
    }
    let sum: Decimal = map.values().copied().sum();
    if ok && sum != Decimal::ONE_HUNDRED {
        c.error(
            table,
            format!("the percentages sum to {}, not 100", sum.normalize()),
        );
        ok = false;
    }
    ok.then_some(ShareKey::Percent(map))
}

fn client(c: &mut Checker, p: &S<String>, cx: &Context<'_>) -> Option<String> {
    match cx.parties.iter().find(|x| x.id == *p.get_ref()) {
        Some(x) if x.role == Role::Client => Some(x.id.clone()),
        Some(_) => {
            c.error(p, format!("the payer `{}` is not a client", p.get_ref()));
            None
        }
        None => {
            c.error(p, format!("unknown party `{}`", p.get_ref()));
            None
        }
    }
}

/// `joiners` states when a later client starts to share; one client paying
/// alone needs no rule.
fn joiners(c: &mut Checker, s: &RawSharedAmount, key: Option<&ShareKey>) -> Option<Joiners> {
    match &s.joiners {
        Some(j) if j.get_ref() == "next_year" => Some(Joiners::NextYear),
        Some(j) => {
            c.error_help(
                j,
                format!("unknown joiners rule `{}`", j.get_ref()),
                "use \"next_year\": a client that joins during a year shares from the next year",
            );
            None
        }
        None if matches!(key, Some(ShareKey::Payer(_))) => Some(Joiners::NextYear),
        None => {
            c.error_help(
                &s.key,
                "a shared key needs `joiners`: when a client that joins later starts to share",
                "joiners = \"next_year\"",
            );
            None
        }
    }
}

/// `billing = "by_days"`, or `billing = "whole"` with `billed_in` naming a
/// period of the agreement's rhythm (`"Q1"`, `"H1"`, `"03"`, `"year"`).
fn billing(
    c: &mut Checker,
    s: &RawSharedAmount,
    cx: &Context<'_>,
    from_year: Option<i32>,
) -> Option<AmountBilling> {
    match (s.billing.get_ref().as_str(), &s.billed_in) {
        ("by_days", None) => Some(AmountBilling::ByDays),
        ("by_days", Some(b)) => {
            c.error(b, "`billed_in` belongs with billing = \"whole\"");
            None
        }
        ("whole", Some(b)) => whole_in(c, b, cx, from_year),
        ("whole", None) => {
            c.error(
                &s.billing,
                "billing = \"whole\" needs `billed_in`, e.g. \"Q1\"",
            );
            None
        }
        (other, _) => {
            c.error_help(
                &s.billing,
                format!("unknown billing `{other}`"),
                "use \"by_days\" (spread over the periods by days) or \"whole\" (with billed_in)",
            );
            None
        }
    }
}

fn whole_in(
    c: &mut Checker,
    b: &S<String>,
    cx: &Context<'_>,
    from_year: Option<i32>,
) -> Option<AmountBilling> {
    let rhythm = cx.rhythm?;
    let text = b.get_ref();
    let probe = if text == "year" {
        "2000".to_string()
    } else {
        format!("2000-{text}")
    };
    let Ok(p) = BillingPeriod::parse_as(rhythm, &probe) else {
        c.error_help(
            b,
            format!(
                "`{text}` is not a {} of the agreement's billing",
                rhythm.noun()
            ),
            format!(
                "the agreement bills per {}; name one of its periods, e.g. \"{}\"",
                rhythm.noun(),
                example(rhythm)
            ),
        );
        return None;
    };
    // The first year's period must lie in the term, or the first amount
    // would never be billed.
    if let (Some(y), Some(t)) = (from_year, cx.term) {
        let first = BillingPeriod::new(rhythm, y, p.index())?.period();
        if t.intersect(&first).is_none() {
            c.error(
                b,
                format!(
                    "{text} of {y} lies outside the term {t}: the {y} amount would never be billed"
                ),
            );
        }
    }
    Some(AmountBilling::Whole { index: p.index() })
}

fn example(rhythm: Rhythm) -> &'static str {
    match rhythm {
        Rhythm::Month => "03",
        Rhythm::Quarter => "Q1",
        Rhythm::HalfYear => "H1",
        Rhythm::Year => "year",
    }
}
