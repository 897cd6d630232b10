//! The facts TOML format: what happened beside an agreement, dated. One file
//! names its agreement; several files for one agreement are merged.

use std::collections::HashSet;
use std::path::Path;

use serde::Deserialize;
use toml::value::Datetime;
use toml::Spanned;

use crate::core::agreement::{Agreement, Article, Party, Role};
use crate::core::calendar::Wording;
use crate::core::capacity;
use crate::core::facts::*;
use crate::core::term;
use crate::load::diag::{Diagnostics, SourceFile};
use crate::load::document::{self, Schema};
use crate::load::fields::{toml_error, Checker};
use crate::load::party_details::{self, RawPartyDetails};
use crate::load::FigurePlaces;

type S<T> = Spanned<T>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFacts {
    agreement: S<String>,
    #[serde(default)]
    activity: Vec<S<String>>,
    #[serde(default)]
    declarations: Vec<S<RawDeclaration>>,
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
    #[serde(default)]
    weights: Vec<crate::load::weights::RawWeights>,
    #[serde(default)]
    party_details: Vec<RawPartyDetails>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDeclaration {
    party: S<String>,
    year: S<i64>,
    given: S<Datetime>,
    hours: Option<S<String>>,
    budget: Option<S<String>>,
    /// The lender's consent to a declaration given after the deadline.
    consent: Option<S<String>>,
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

/// A facts file parsed once: its tables, when they could be read, and the
/// problems of the reading (unknown keys, a type error). The loader asks it
/// for its agreement, then checks it against that agreement, without
/// parsing the TOML a second time.
pub struct FactsFile<'s> {
    src: &'s SourceFile,
    raw: Option<RawFacts>,
    diags: Diagnostics,
}

/// Parses the TOML of a facts file; nothing is checked yet.
pub fn read(src: &SourceFile) -> FactsFile<'_> {
    let (raw, diags) = document::read::<RawFacts>(src, &schema());
    FactsFile { src, raw, diags }
}

impl FactsFile<'_> {
    /// The agreement the file names. A file that could not be read is
    /// asked again for its `agreement` key alone ([`agreement_of`]), so that
    /// it fails as it always did: on that key, or on its TOML.
    pub fn agreement(&self) -> Result<S<String>, Diagnostics> {
        match &self.raw {
            Some(raw) => Ok(raw.agreement.clone()),
            None => agreement_of(self.src),
        }
    }

    /// Checks the file against its agreement and merges it into `facts`, as
    /// [`parse_facts`] does.
    pub fn apply(
        self,
        agreement: &mut Agreement,
        facts: &mut Facts,
        places: &mut FigurePlaces,
    ) -> Result<(), Diagnostics> {
        let mut c = Checker::new(self.src);
        c.diags = self.diags;
        let Some(raw) = self.raw else {
            return c.diags.in_file_order().into_result(());
        };
        check(&mut c, &raw, agreement, facts, places);
        facts.files.push(self.src.path.clone());
        c.diags.in_file_order().into_result(())
    }
}

/// Parses one facts file against its agreement and merges it into `facts`.
/// Published index figures are added to the agreement's series; `places`
/// says where each figure was first given. Fails with every problem found.
pub fn parse_facts(
    src: &SourceFile,
    agreement: &mut Agreement,
    facts: &mut Facts,
    places: &mut FigurePlaces,
) -> Result<(), Diagnostics> {
    read(src).apply(agreement, facts, places)
}

/// Checks every table of a read facts file and adds what holds to `facts`.
fn check(
    c: &mut Checker,
    raw: &RawFacts,
    agreement: &mut Agreement,
    facts: &mut Facts,
    places: &mut FigurePlaces,
) {
    activity(c, &raw.activity, facts);
    // Accessions come first: they add parties that later facts may name.
    accessions(c, agreement, &raw.accessions, facts);
    let parties = Parties::of(agreement, facts);
    declarations(c, agreement, &parties, &raw.declarations, facts);
    notices(c, agreement, &parties, &raw.notices, facts);
    withdrawals(c, agreement, &parties, &raw.withdrawals, facts);
    year_hours(
        c,
        &parties,
        &raw.redeployed,
        &mut facts.redeployed,
        "redeployed hours",
    );
    year_hours(
        c,
        &parties,
        &raw.shortfalls,
        &mut facts.shortfalls,
        "undelivered hours",
    );
    exceptions(c, agreement, &parties, &raw.exceptions, facts);
    if let Some(x) = &raw.external_contract {
        facts.external_contract_ends = c.date(&x.ends);
    }
    index_figures(c, agreement, &raw.index_figures, places);
    crate::load::weights::weights(c, agreement, &raw.weights, facts);
    party_details::party_details(c, &parties.all, &raw.party_details, facts);
}

/// The tables of a facts file, for the report of unknown keys.
fn schema() -> Schema {
    Schema::of::<RawFacts>()
        .with("declarations", Schema::of::<RawDeclaration>())
        .with("notices", Schema::of::<RawNotice>())
        .with("withdrawals", Schema::of::<RawWithdrawal>())
        .with("accessions", Schema::of::<RawAccession>())
        .with("redeployed", Schema::of::<RawYearHours>())
        .with("shortfalls", Schema::of::<RawYearHours>())
        .with("exceptions", Schema::of::<RawException>())
        .with("external_contract", Schema::of::<RawExternal>())
        .with("index_figures", Schema::of::<RawIndexFigure>())
        .with("weights", Schema::of::<crate::load::weights::RawWeights>())
        .with("party_details", party_details::schema())
}

/// `file:line` of a span, kept with each fact so that reports can say
/// where it was recorded.
fn place(c: &Checker, span: &std::ops::Range<usize>) -> String {
    let line = c.src.text[..span.start.min(c.src.text.len())]
        .matches('\n')
        .count()
        + 1;
    format!("{}:{line}", c.src.path.display())
}

/// The parties a fact may name once the accessions are known.
struct Parties {
    agreement: String,
    clients: HashSet<String>,
    /// The clients and the provider.
    all: HashSet<String>,
}

impl Parties {
    fn of(agreement: &Agreement, facts: &Facts) -> Parties {
        let clients: HashSet<String> = agreement
            .clients()
            .map(|p| p.id.clone())
            .chain(facts.accessions.iter().map(|a| a.party.id.clone()))
            .collect();
        let all = clients
            .iter()
            .cloned()
            .chain([agreement.provider().id.clone()])
            .collect();
        Parties {
            agreement: agreement.id.clone(),
            clients,
            all,
        }
    }

    /// A party that must be a client, or a problem saying why it is not.
    fn client(&self, c: &mut Checker, p: &S<String>) -> Option<String> {
        if self.clients.contains(p.get_ref()) {
            Some(p.get_ref().clone())
        } else if self.all.contains(p.get_ref()) {
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
                    self.agreement,
                    sorted(&self.clients)
                ),
            );
            None
        }
    }
}

fn activity(c: &mut Checker, raw: &[S<String>], facts: &mut Facts) {
    let dir = c.src.path.parent().unwrap_or(Path::new("")).to_path_buf();
    for log in raw {
        let path = dir.join(log.get_ref());
        if let Some(problem) = not_a_log(&path) {
            c.error(log, format!("activity log `{}` {problem}", path.display()));
            continue;
        }
        // Two names of one file (`a.csv`, `./a.csv`, a link, or a second
        // facts file) would count every row twice.
        if facts.activity_logs.iter().any(|p| same_file(p, &path)) {
            c.error_help(
                log,
                format!(
                    "activity log `{}` is already named for this agreement; its rows would count twice",
                    path.display()
                ),
                "name each activity log once, in one facts file",
            );
            continue;
        }
        facts.activity_logs.push(path);
    }
}

/// What keeps `path` from being read as a log, in words after its name:
/// missing, a directory, or not a regular file (a FIFO or `/dev/zero`,
/// which would block or never end).
fn not_a_log(path: &Path) -> Option<&'static str> {
    match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Some("not found"),
        Err(_) => Some("cannot be read"),
        Ok(m) if m.is_dir() => Some("is a directory, not a CSV file"),
        Ok(m) if !m.is_file() => Some("is not a regular file"),
        Ok(_) => None,
    }
}

/// Whether two paths name one file.
fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

fn accessions(c: &mut Checker, agreement: &Agreement, raw: &[RawAccession], facts: &mut Facts) {
    for a in raw {
        let id = c.id(&a.id, "party");
        if agreement.party(&id).is_some() || facts.accession(&id).is_some() {
            c.error(&a.id, format!("party `{id}` already takes part"));
        }
        let from = date_in_life(c, agreement, &a.from);
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
                source: place(c, &a.id.span()),
            });
        }
    }
}

fn declarations(
    c: &mut Checker,
    agreement: &Agreement,
    parties: &Parties,
    raw: &[S<RawDeclaration>],
    facts: &mut Facts,
) {
    let mut seen = HashSet::new();
    for table in raw {
        let d = table.get_ref();
        let party = parties.client(c, &d.party);
        let year = c.year(&d.year, "year");
        // A declaration may precede the agreement's start (the first year's
        // hours are agreed at signing, Art. 4 lid 3), so only the date is checked.
        let given = c.date(&d.given);
        let declared = declared(c, table);
        let consent = d.consent.as_ref().map(|x| c.text(x, "consent"));
        if let (Some(y), Some(g)) = (year, given) {
            if chrono::Datelike::year(&g) >= y {
                c.error(
                    &d.given,
                    format!("a declaration for {y} is given in the year before, not on {g}"),
                );
            } else if consent.is_none() {
                late_declaration(c, agreement, &d.given, y, g);
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
                source: place(c, &d.party.span()),
                consent,
            });
        }
    }
}

/// A declaration given after the agreement's declaration deadline is
/// refused for its year, unless the facts record the lender's consent.
fn late_declaration(
    c: &mut Checker,
    agreement: &Agreement,
    given: &S<Datetime>,
    year: i32,
    date: chrono::NaiveDate,
) {
    let Some((wording, article)) = capacity::declaration_deadline(agreement, year) else {
        return;
    };
    let last = wording.last_day();
    if date > last {
        c.error_help(
            given,
            format!(
                "a declaration for {year} given on {date} is too late: it is due {} (last day {last}, {article}); it is refused for {year}",
                due_words(wording)
            ),
            "a late declaration counts only with the lender's consent: record it as `consent = \"…\"` on this declaration",
        );
    }
}

/// A deadline's wording in an error message: English, as every error is,
/// with ISO dates, so that the loader needs no report words.
fn due_words(w: Wording) -> String {
    match w {
        Wording::Before(d) => format!("before {d}"),
        Wording::NoLaterThan(d) => format!("no later than {d}"),
        Wording::UpToAndIncluding(d) => format!("up to and including {d}"),
        Wording::WithinMonthsAfter { months, anchor } => {
            let unit = if months == 1 { "month" } else { "months" };
            format!("within {months} {unit} after {anchor}")
        }
    }
}

/// What a declaration declares: hours or a budget, never both. The problem
/// points at the keys that are there, or at the table when neither is.
fn declared(c: &mut Checker, table: &S<RawDeclaration>) -> Option<Declared> {
    let d = table.get_ref();
    match (&d.hours, &d.budget) {
        (Some(h), None) => c.positive(h, "declared hours").map(Declared::Hours),
        (None, Some(b)) => c.money(b, "declared budget", false).map(Declared::Budget),
        (Some(h), Some(b)) => {
            let both = "a declaration gives either `hours` or `budget`, not both";
            let help = format!("`hours` is given at {}; keep one of the two", c.place(h));
            c.error_help(b, both, help);
            None
        }
        (None, None) => {
            c.error(
                table,
                "a declaration gives either `hours` or `budget`; this one gives neither",
            );
            None
        }
    }
}

fn notices(
    c: &mut Checker,
    agreement: &Agreement,
    parties: &Parties,
    raw: &[RawNotice],
    facts: &mut Facts,
) {
    for n in raw {
        let party = if parties.all.contains(n.party.get_ref()) {
            Some(n.party.get_ref().clone())
        } else {
            c.error(&n.party, format!("unknown party `{}`", n.party.get_ref()));
            None
        };
        let given = date_in_life(c, agreement, &n.given);
        if let (Some(party), Some(given)) = (party, given) {
            facts.notices.push(Notice {
                party,
                given,
                source: place(c, &n.party.span()),
            });
        }
    }
}

fn withdrawals(
    c: &mut Checker,
    agreement: &Agreement,
    parties: &Parties,
    raw: &[RawWithdrawal],
    facts: &mut Facts,
) {
    for w in raw {
        let party = parties.client(c, &w.party);
        let effective = date_in_life(c, agreement, &w.effective);
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
                source: place(c, &w.party.span()),
            });
        }
    }
}

/// Hours per client and year (redeployed, undelivered); one entry each.
fn year_hours(
    c: &mut Checker,
    parties: &Parties,
    raw: &[RawYearHours],
    target: &mut Vec<YearHours>,
    what: &str,
) {
    for r in raw {
        let party = parties.client(c, &r.party);
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
                source: place(c, &r.party.span()),
            });
        }
    }
}

fn exceptions(
    c: &mut Checker,
    agreement: &Agreement,
    parties: &Parties,
    raw: &[RawException],
    facts: &mut Facts,
) {
    let grounds: Vec<&str> = agreement
        .take_or_pay
        .iter()
        .flat_map(|t| t.exceptions.iter().map(|e| e.id.as_str()))
        .collect();
    for e in raw {
        let party = parties.client(c, &e.party);
        let year = c.year(&e.year, "year");
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
                source: place(c, &e.party.span()),
            });
        }
    }
}

/// Published index figures, added to the agreement's series. A figure given
/// a second time is an error either way, never a silently chosen value; the
/// message says whether it repeats the first or contradicts it.
fn index_figures(
    c: &mut Checker,
    agreement: &mut Agreement,
    raw: &[RawIndexFigure],
    places: &mut FigurePlaces,
) {
    for f in raw {
        let year = c.year(&f.year, "year");
        let pct = c.index_percent(&f.percent, "index figure");
        let Some(series) = agreement
            .index_series
            .iter_mut()
            .find(|s| s.id == *f.series.get_ref())
        else {
            c.error(
                &f.series,
                format!("unknown index series `{}`", f.series.get_ref()),
            );
            continue;
        };
        let (Some(year), Some(pct)) = (year, pct) else {
            continue;
        };
        let key = (series.id.clone(), year);
        let first = places.get(&key).cloned().unwrap_or_default();
        match series.figures.get(&year) {
            None => {
                series.figures.insert(year, pct);
                places.insert(key, c.place(&f.percent));
            }
            Some(old) if *old == pct => c.error(
                &f.percent,
                format!(
                    "the figure of `{}` for {year} is given twice, first at {first}",
                    series.id
                ),
            ),
            Some(old) => c.error(
                &f.percent,
                format!(
                    "the figure of `{}` for {year} is already set to {old} at {first}; this one says {pct}",
                    series.id
                ),
            ),
        }
    }
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
