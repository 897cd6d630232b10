//! The facts TOML format: what happened beside an agreement, dated. One file
//! names its agreement; several files for one agreement are merged.

use std::collections::HashSet;
use std::path::Path;

use serde::Deserialize;
use toml::value::Datetime;
use toml::Spanned;

use crate::core::agreement::{Agreement, Article, Party, Role};
use crate::core::facts::*;
use crate::core::term;
use crate::load::diag::{Diagnostics, SourceFile};
use crate::load::fields::{toml_error, Checker};

type S<T> = Spanned<T>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFacts {
    #[allow(dead_code)] // read by `agreement_of` before the full parse
    agreement: S<String>,
    #[serde(default)]
    activity: Vec<S<String>>,
    #[serde(default)]
    declarations: Vec<RawDeclaration>,
    #[serde(default)]
    notices: Vec<RawNotice>,
    #[serde(default)]
    withdrawals: Vec<RawWithdrawal>,
    #[serde(default)]
    accessions: Vec<RawAccession>,
    #[serde(default)]
    redeployed: Vec<RawYearHours>,
    #[serde(default)]
    shortfalls: Vec<RawYearHours>,
    #[serde(default)]
    exceptions: Vec<RawException>,
    external_contract: Option<RawExternal>,
    #[serde(default)]
    index_figures: Vec<RawIndexFigure>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDeclaration {
    party: S<String>,
    year: S<i64>,
    given: S<Datetime>,
    hours: Option<S<String>>,
    budget: Option<S<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNotice {
    party: S<String>,
    given: S<Datetime>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWithdrawal {
    party: S<String>,
    effective: S<Datetime>,
    redeployed_hours: Option<S<String>>,
    external_contract_ends: Option<S<Datetime>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAccession {
    id: S<String>,
    name: S<String>,
    address: Option<String>,
    from: S<Datetime>,
    article: S<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawYearHours {
    party: S<String>,
    year: S<i64>,
    hours: S<String>,
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawException {
    party: S<String>,
    year: S<i64>,
    ground: S<String>,
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExternal {
    ends: S<Datetime>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIndexFigure {
    series: S<String>,
    year: S<i64>,
    percent: S<String>,
}

/// Reads only the `agreement` key of a facts file, so that the loader can
/// pair it with its agreement before validating the rest.
pub fn agreement_of(src: &SourceFile) -> Result<S<String>, Diagnostics> {
    #[derive(Deserialize)]
    struct Head {
        agreement: S<String>,
    }
    // Unknown keys are fine here; the full parse below rejects them.
    let head: Head = toml::from_str(&src.text).map_err(|e| toml_error(src, &e))?;
    Ok(head.agreement)
}

/// Parses one facts file against its agreement and merges it into `facts`.
/// Published index figures are added to the agreement's series. Fails with
/// every problem found.
pub fn parse_facts(
    src: &SourceFile,
    agreement: &mut Agreement,
    facts: &mut Facts,
) -> Result<(), Diagnostics> {
    let raw: RawFacts = toml::from_str(&src.text).map_err(|e| toml_error(src, &e))?;
    let mut c = Checker::new(src);
    let dir = src.path.parent().unwrap_or(Path::new("")).to_path_buf();
    let at = |c: &Checker, s: &std::ops::Range<usize>| {
        let line = c.src.text[..s.start.min(c.src.text.len())]
            .matches('\n')
            .count()
            + 1;
        format!("{}:{line}", c.src.path.display())
    };

    for log in &raw.activity {
        let path = dir.join(log.get_ref());
        if !path.is_file() {
            c.error(log, format!("activity log `{}` not found", path.display()));
        }
        facts.activity_logs.push(path);
    }

    // Accessions come first: they add parties that later facts may name.
    for a in &raw.accessions {
        let id = c.id(&a.id, "party");
        if agreement.party(&id).is_some() || facts.accession(&id).is_some() {
            c.error(&a.id, format!("party `{id}` already takes part"));
        }
        let from = date_in_life(&mut c, agreement, &a.from);
        let party = Party {
            id,
            name: c.text(&a.name, "party name"),
            role: Role::Client,
            role_label: None,
            address: a.address.clone(),
            article: Article(a.article.get_ref().clone()),
        };
        if let Some(from) = from {
            facts.accessions.push(Accession {
                party,
                from,
                source: at(&c, &a.id.span()),
            });
        }
    }
    let clients: HashSet<String> = agreement
        .clients()
        .map(|p| p.id.clone())
        .chain(facts.accessions.iter().map(|a| a.party.id.clone()))
        .collect();
    let all: HashSet<String> = clients
        .iter()
        .cloned()
        .chain([agreement.provider().id.clone()])
        .collect();
    let client = |c: &mut Checker, p: &S<String>| -> Option<String> {
        if clients.contains(p.get_ref()) {
            Some(p.get_ref().clone())
        } else if all.contains(p.get_ref()) {
            c.error(
                p,
                format!("`{}` is the provider, not a client", p.get_ref()),
            );
            None
        } else {
            c.error_help(
                p,
                format!("unknown party `{}`", p.get_ref()),
                format!(
                    "the clients of `{}` are: {}",
                    agreement.id,
                    sorted(&clients)
                ),
            );
            None
        }
    };

    let mut seen = HashSet::new();
    for d in &raw.declarations {
        let party = client(&mut c, &d.party);
        let year = c.year(&d.year, "year");
        // A declaration may precede the agreement's start (the first year's
        // hours are agreed at signing, Art. 4 lid 3), so only the date is checked.
        let given = c.date(&d.given);
        let declared = match (&d.hours, &d.budget) {
            (Some(h), None) => c.positive(h, "declared hours").map(Declared::Hours),
            (None, Some(b)) => c.money(b, "declared budget", false).map(Declared::Budget),
            _ => {
                c.error(&d.party, "a declaration gives either `hours` or `budget`");
                None
            }
        };
        if let (Some(y), Some(g)) = (year, given) {
            if chrono::Datelike::year(&g) >= y {
                c.error(
                    &d.given,
                    format!("a declaration for {y} is given in the year before, not on {g}"),
                );
            }
        }
        if let (Some(party), Some(year)) = (&party, year) {
            if !seen.insert((party.clone(), year)) || facts.declaration(party, year).is_some() {
                c.error(
                    &d.party,
                    format!("a second declaration of `{party}` for {year}"),
                );
            }
        }
        if let (Some(party), Some(year), Some(given), Some(declared)) =
            (party, year, given, declared)
        {
            facts.declarations.push(Declaration {
                party,
                year,
                given,
                declared,
                source: at(&c, &d.party.span()),
            });
        }
    }

    for n in &raw.notices {
        let party = if all.contains(n.party.get_ref()) {
            Some(n.party.get_ref().clone())
        } else {
            c.error(&n.party, format!("unknown party `{}`", n.party.get_ref()));
            None
        };
        let given = date_in_life(&mut c, agreement, &n.given);
        if let (Some(party), Some(given)) = (party, given) {
            facts.notices.push(Notice {
                party,
                given,
                source: at(&c, &n.party.span()),
            });
        }
    }

    for w in &raw.withdrawals {
        let party = client(&mut c, &w.party);
        let effective = date_in_life(&mut c, agreement, &w.effective);
        let redeployed = match &w.redeployed_hours {
            Some(h) => c.non_negative(h, "redeployed hours"),
            None => Some(rust_decimal::Decimal::ZERO),
        };
        let ext = w.external_contract_ends.as_ref().and_then(|d| c.date(d));
        if let Some(p) = &party {
            if facts.withdrawal(p).is_some() {
                c.error(&w.party, format!("a second withdrawal of `{p}`"));
            }
        }
        if let (Some(party), Some(effective), Some(redeployed_hours)) =
            (party, effective, redeployed)
        {
            facts.withdrawals.push(WithdrawalFact {
                party,
                effective,
                redeployed_hours,
                external_contract_ends: ext,
                source: at(&c, &w.party.span()),
            });
        }
    }

    for (list, target, what) in [
        (&raw.redeployed, &mut facts.redeployed, "redeployed hours"),
        (&raw.shortfalls, &mut facts.shortfalls, "undelivered hours"),
    ] {
        for r in list {
            let party = client(&mut c, &r.party);
            let year = c.year(&r.year, "year");
            let hours = c.non_negative(&r.hours, what);
            if let (Some(p), Some(y)) = (&party, year) {
                if target.iter().any(|t| &t.party == p && t.year == y) {
                    c.error(
                        &r.party,
                        format!("{what} of `{p}` for {y} are recorded twice"),
                    );
                }
            }
            if let (Some(party), Some(year), Some(hours)) = (party, year, hours) {
                target.push(YearHours {
                    party,
                    year,
                    hours,
                    note: r.note.clone(),
                    source: at(&c, &r.party.span()),
                });
            }
        }
    }

    for e in &raw.exceptions {
        let party = client(&mut c, &e.party);
        let year = c.year(&e.year, "year");
        let grounds: Vec<&str> = agreement
            .take_or_pay
            .iter()
            .flat_map(|t| t.exceptions.iter().map(|e| e.id.as_str()))
            .collect();
        if !grounds.contains(&e.ground.get_ref().as_str()) {
            c.error_help(
                &e.ground,
                format!("unknown exception ground `{}`", e.ground.get_ref()),
                format!("the agreement lists: {}", grounds.join(", ")),
            );
        }
        if let (Some(party), Some(year)) = (party, year) {
            facts.exceptions.push(ExceptionFact {
                party,
                year,
                ground: e.ground.get_ref().clone(),
                note: e.note.clone(),
                source: at(&c, &e.party.span()),
            });
        }
    }

    if let Some(x) = &raw.external_contract {
        facts.external_contract_ends = c.date(&x.ends);
    }

    for f in &raw.index_figures {
        let year = c.year(&f.year, "year");
        let pct = c.index_percent(&f.percent, "index figure");
        match agreement
            .index_series
            .iter_mut()
            .find(|s| s.id == *f.series.get_ref())
        {
            None => c.error(
                &f.series,
                format!("unknown index series `{}`", f.series.get_ref()),
            ),
            Some(series) => {
                if let (Some(year), Some(pct)) = (year, pct) {
                    if let std::collections::btree_map::Entry::Vacant(slot) =
                        series.figures.entry(year)
                    {
                        slot.insert(pct);
                    } else {
                        c.error(
                            &f.year,
                            format!("the figure of `{}` for {year} is already set", series.id),
                        );
                    }
                }
            }
        }
    }

    facts.files.push(src.path.clone());
    c.diags.into_result(())
}

fn sorted(set: &HashSet<String>) -> String {
    let mut v: Vec<&str> = set.iter().map(String::as_str).collect();
    v.sort_unstable();
    v.join(", ")
}

/// A date that must lie on or after the agreement's start (and within its
/// term when it does not renew).
fn date_in_life(
    c: &mut Checker,
    agreement: &Agreement,
    value: &S<Datetime>,
) -> Option<chrono::NaiveDate> {
    let d = c.date(value)?;
    let term = agreement.term.period;
    if d < term.start() {
        c.error(
            value,
            format!("{d} lies before the agreement starts on {}", term.start()),
        );
        return None;
    }
    if term::term_containing(agreement, d).is_none() {
        c.error(value, format!("{d} lies after the agreement's term {term}"));
        return None;
    }
    Some(d)
}
