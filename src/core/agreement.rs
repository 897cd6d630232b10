//! The validated agreement: parties, term, renewal, rates, fees, capacities,
//! allocations, deadlines and flags, each term carrying the article it comes
//! from.
//!
//! Values of these types are only built by `load::agreement`, which checks
//! every invariant documented here; the rest of the core trusts them.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::fmt;

use crate::core::calendar::{self, Period, Wording};
use crate::core::money::Money;
use crate::core::period::{Rhythm, Timing};

/// A reference into the agreement text, such as `Art. 12 lid 6`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(transparent)]
pub struct Article(pub String);

impl fmt::Display for Article {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The role a party plays. The provider delivers and invoices; every client
/// pays for what it takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Provider,
    Client,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Provider => "provider",
            Role::Client => "client",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Party {
    /// Short stable key used in facts files and activity logs (`tholen`).
    pub id: String,
    pub name: String,
    pub role: Role,
    /// The agreement's own word for the role (`uitlenende gemeente`).
    pub role_label: Option<String>,
    pub address: Option<String>,
    pub article: Article,
}

impl Party {
    /// Whether `query` names this party: its id or, case-insensitively, its
    /// name or its name without the "Gemeente " prefix, so that
    /// `--party Tholen` works.
    pub fn answers_to(&self, query: &str) -> bool {
        let q = query.trim().to_lowercase();
        let name = self.name.to_lowercase();
        self.id == q || name == q || name.strip_prefix("gemeente ").is_some_and(|n| n == q)
    }
}

/// The initial term, both ends inclusive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub period: Period,
    pub article: Article,
}

/// Tacit renewal: after the initial term the agreement is renewed by
/// `months` each time unless notice is given by the deadline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Renewal {
    pub months: u32,
    pub notice: RenewalNotice,
    pub article: Article,
}

/// When notice against the next renewal must be given, relative to the end
/// of the term it would end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RenewalNotice {
    /// A month and day in the calendar year in which the term ends, with the
    /// wording of the text ("vóór 1 september van het lopende jaar").
    MonthDay {
        month: u32,
        day: u32,
        wording: WordingKind,
    },
    /// A number of months before the last day of the term.
    MonthsBeforeEnd { months: u32 },
}

impl RenewalNotice {
    /// The last day on which notice ends the agreement at `term_end` rather
    /// than renewing it.
    pub fn last_day(&self, term_end: NaiveDate) -> NaiveDate {
        match *self {
            RenewalNotice::MonthDay {
                month,
                day,
                wording,
            } => {
                let anchor = clamp_month_day(term_end.year_ce().1 as i32, month, day);
                wording.at(anchor).last_day()
            }
            RenewalNotice::MonthsBeforeEnd { months } => calendar::sub_months(term_end, months),
        }
    }

    /// The wording of the deadline for the term ending at `term_end`.
    pub fn wording(&self, term_end: NaiveDate) -> Wording {
        match *self {
            RenewalNotice::MonthDay {
                month,
                day,
                wording,
            } => wording.at(clamp_month_day(term_end.year_ce().1 as i32, month, day)),
            RenewalNotice::MonthsBeforeEnd { months } => {
                Wording::NoLaterThan(calendar::sub_months(term_end, months))
            }
        }
    }
}

use chrono::Datelike;

/// A month-day in a year, clamped to the end of the month (29 February in a
/// common year becomes the 28th).
pub fn clamp_month_day(year: i32, month: u32, day: u32) -> NaiveDate {
    let last = calendar::days_in_month(year, month);
    NaiveDate::from_ymd_opt(year, month, day.min(last)).expect("month validated by the loader")
}

/// The wording of a dated deadline, without its date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WordingKind {
    Before,
    NoLaterThan,
    UpToAndIncluding,
}

impl WordingKind {
    pub fn at(self, date: NaiveDate) -> Wording {
        match self {
            WordingKind::Before => Wording::Before(date),
            WordingKind::NoLaterThan => Wording::NoLaterThan(date),
            WordingKind::UpToAndIncluding => Wording::UpToAndIncluding(date),
        }
    }
}

/// Early termination by notice (Expatcenter Art. 5b): notice given on D ends
/// the agreement on D + `months`, unless the term ends first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Termination {
    pub notice_months: u32,
    pub article: Article,
}

/// Until when withdrawal compensation runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CompensationUntil {
    EndOfCurrentTerm,
    EndOfOriginalTerm,
    /// The 31 December of the year in which the withdrawal takes effect.
    EndOfCalendarYear,
}

impl CompensationUntil {
    /// The end in words, for `show` and `notice`.
    pub fn words(self) -> &'static str {
        match self {
            CompensationUntil::EndOfCurrentTerm => "the end of the current term",
            CompensationUntil::EndOfOriginalTerm => "the end of the original term",
            CompensationUntil::EndOfCalendarYear => "the end of the calendar year",
        }
    }
}

/// Early withdrawal of one client (BRP Art. 22).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Withdrawal {
    pub cap_months: u32,
    pub until: CompensationUntil,
    /// Whether the fees of the agreement also apply to the compensation.
    pub with_fees: bool,
    pub article: Article,
    /// The article that removes compensation where hours are redeployed or
    /// the external contract can be ended; `None` where the agreement has
    /// no such clause.
    pub relief_article: Option<Article>,
    /// The percentage of the lost hours compensated, 0 to 100 (100 where
    /// the text charges the hours lost in full).
    pub percent: Decimal,
}

impl Withdrawal {
    /// The relief article as a citation to append to a sentence, ` (Art. …)`,
    /// or nothing where the agreement has no relief clause.
    pub fn relief_cite(&self) -> String {
        self.relief_article
            .as_ref()
            .map_or(String::new(), |a| format!(" ({a})"))
    }
}

/// How the agreement bills: the length of its billing periods.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Billing {
    pub rhythm: Rhythm,
    /// Whether a period is invoiced at its end or at its start; this
    /// decides in which asked period the invoice falls (`Timing`).
    pub timing: Timing,
    pub article: Article,
    /// The provider's invoice number template (`BOZ-{year}-{seq:04}`),
    /// checked when loaded; `None` takes the register's default.
    pub number_template: Option<String>,
    /// A separate series for credit notes; `None` shares the invoice series.
    pub credit_template: Option<String>,
    /// Days from the issue date to the due date.
    pub payment_days: u32,
}

/// A unit price that may change over time: dated values, optionally indexed
/// every year from a first indexation date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rate {
    pub id: String,
    pub what: String,
    pub unit: Unit,
    /// Dated values in ascending order of `from`; each holds until the next.
    pub values: Vec<DatedValue>,
    pub indexation: Option<Indexation>,
    pub article: Article,
    /// Set where the agreement text does not give the figure and the TOML
    /// states what was assumed instead.
    pub assumption: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatedValue {
    pub from: NaiveDate,
    pub amount: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Indexation {
    pub series: String,
    /// The first day of the first indexed calendar year.
    pub first: NaiveDate,
    pub article: Article,
}

/// What a quantity counts. Rates are per hour or per km; a fee line counts
/// a percentage and a fixed amount (an allocation part) one item. Machine
/// formats write the snake-case name (`hour`); tables the word of the locale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Hour,
    Km,
    Percent,
    Item,
}

impl Unit {
    /// The stable name in CSV and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Hour => "hour",
            Unit::Km => "km",
            Unit::Percent => "percent",
            Unit::Item => "item",
        }
    }

    /// The word in Dutch tables.
    pub fn dutch(self) -> &'static str {
        match self {
            Unit::Hour => "uur",
            Unit::Km => "km",
            Unit::Percent => "%",
            Unit::Item => "item",
        }
    }

    /// The word in English tables.
    pub fn english(self) -> &'static str {
        match self {
            Unit::Percent => "%",
            other => other.as_str(),
        }
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A named index series with its yearly percentages, from the agreement
/// (stated as an assumption) and from the facts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexSeries {
    pub id: String,
    pub name: String,
    pub assumption: Option<String>,
    /// Percentage change per year: 2018 → 1.7 means prices rose 1.7% in 2018.
    pub figures: BTreeMap<i32, Decimal>,
}

/// What a fee is a percentage of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LineKind {
    Service,
    Ort,
    Travel,
    Allocation,
    Compensation,
    Settlement,
    /// A fee line (a percentage of other lines); never part of a fee base.
    Fee,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fee {
    pub id: String,
    pub what: String,
    pub percent: Decimal,
    pub base: Vec<LineKind>,
    pub article: Article,
    /// How the TOML reads a base the text leaves open.
    pub assumption: Option<String>,
}

/// Contracted hours: every client owes its yearly hours spread over the
/// months, billed at `rate`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hours {
    pub rate: String,
    pub what: String,
    pub article: Article,
    /// The default yearly hours of a client that declared nothing:
    /// `hours_per_week` × `weeks_per_year`.
    pub hours_per_week: Decimal,
    pub weeks_per_year: u32,
    pub default_article: Article,
    /// The article under which clients declare next year's hours or budget.
    pub declaration_article: Article,
    /// The fee whose percentage a declared budget must also cover.
    pub budget_covers_fee: Option<String>,
    /// The id of the yearly `[[deadlines]]` entry by which a declaration for
    /// year Y must be given in year Y − 1; `None` where the agreement
    /// enforces none.
    pub declaration_deadline: Option<String>,
}

impl Hours {
    pub fn default_yearly(&self) -> Decimal {
        self.hours_per_week * Decimal::from(self.weeks_per_year)
    }
}

/// Travel costs from the activity log: km × a dated per-km rate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Travel {
    pub rate: String,
    pub what: String,
    pub article: Article,
}

/// An irregular-hours allowance: a percentage on top of the hourly rate for
/// logged hours outside the daytime window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ort {
    pub percent: Decimal,
    pub what: String,
    pub article: Article,
}

/// The window of the day in which one supervisor per shift suffices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShiftRule {
    pub day_start: chrono::NaiveTime,
    pub day_end: chrono::NaiveTime,
    pub min_supervisors_outside: u32,
    pub article: Article,
}

/// A fixed amount for one calendar year, paid by one client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Allocation {
    pub id: String,
    pub what: String,
    pub year: i32,
    pub amount: Money,
    pub payer: String,
    pub method: AllocationMethod,
    pub article: Article,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AllocationMethod {
    /// In proportion to the days of the term that each billing period covers.
    DaysOfTerm,
}

/// Years for which the agreement leaves the amount to a later document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unagreed {
    pub from_year: i32,
    pub note: String,
    pub article: Article,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TakeOrPay {
    pub article: Article,
    pub settlement_article: Article,
    pub overuse_article: Article,
    pub shortfall_article: Article,
    pub exceptions: Vec<Exception>,
    /// Whether hours delivered beyond the contracted hours are billed.
    pub over_use: OverUse,
    /// How far hours contracted but not taken are refunded.
    pub under_use: UnderUse,
}

/// What the settlement does with over-use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OverUse {
    /// Extra hours × rate, with the fees (BRP Art. 4 lid 3).
    Billed,
    /// The contracted hours are all the client pays.
    NotBilled,
}

/// How far under-use is refunded at the settlement (rule 7). A recorded
/// exception refunds all of it under every policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UnderUse {
    /// Never: redeployed and undelivered hours recorded give no refund.
    Never,
    /// Only as far as the provider redeployed the hours or failed to
    /// deliver them; the rest stays due (BRP Art. 13 lid 2).
    RedeployedOrUndelivered,
    /// Every hour not taken is refunded.
    Always,
}

impl UnderUse {
    /// The TOML value, for explanations.
    pub fn as_str(self) -> &'static str {
        match self {
            UnderUse::Never => "never",
            UnderUse::RedeployedOrUndelivered => "redeployed_or_undelivered",
            UnderUse::Always => "always",
        }
    }
}

/// A ground on which take-or-pay does not apply (Art. 13 lid 3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exception {
    pub id: String,
    pub what: String,
    pub article: Article,
}

/// Income of a client per unit of activity (`income.amount` per house visit).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Income {
    pub id: String,
    pub what: String,
    pub per: IncomeBasis,
    pub amount: Money,
    pub article: Article,
    /// The units expected per client per year, where the text gives a
    /// figure (BRP Art. 4 lid 5: 40 address investigations), with its article.
    pub expected_per_year: Option<u32>,
    pub expected_article: Option<Article>,
    /// Why that number, where the text does not give it for every year.
    pub expected_assumption: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IncomeBasis {
    HouseVisit,
}

/// The amount each client is advised to reserve per year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BudgetAdvice {
    pub amount: Money,
    pub article: Article,
}

/// The VAT treatment of the agreement's invoices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Vat {
    Standard {
        percent: Decimal,
        note: Option<String>,
    },
    Exempt {
        reason: String,
    },
    NotSubject {
        reason: String,
    },
}

/// The VAT category of a line (EN 16931: S, E, O).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum VatCategory {
    Standard,
    Exempt,
    NotSubject,
}

impl VatCategory {
    /// The stable name in CSV and JSON: `not_subject`.
    pub fn as_str(self) -> &'static str {
        match self {
            VatCategory::Standard => "standard",
            VatCategory::Exempt => "exempt",
            VatCategory::NotSubject => "not_subject",
        }
    }

    /// The name as words, for tables: `not subject`.
    pub fn words(self) -> &'static str {
        match self {
            VatCategory::NotSubject => "not subject",
            other => other.as_str(),
        }
    }

    /// The code of EN 16931 and UBL (UNCL 5305): S, E or O.
    pub fn code(self) -> &'static str {
        match self {
            VatCategory::Standard => "S",
            VatCategory::Exempt => "E",
            VatCategory::NotSubject => "O",
        }
    }
}

impl fmt::Display for VatCategory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Vat {
    pub fn category(&self) -> VatCategory {
        match self {
            Vat::Standard { .. } => VatCategory::Standard,
            Vat::Exempt { .. } => VatCategory::Exempt,
            Vat::NotSubject { .. } => VatCategory::NotSubject,
        }
    }
    pub fn percent(&self) -> Decimal {
        match self {
            Vat::Standard { percent, .. } => *percent,
            _ => Decimal::ZERO,
        }
    }
}

/// Whether a deadline obliges, allows or only aims at something.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineKind {
    Obligation,
    Option,
    Aim,
}

impl DeadlineKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DeadlineKind::Obligation => "obligation",
            DeadlineKind::Option => "option",
            DeadlineKind::Aim => "aim",
        }
    }
}

/// A deadline written in the agreement (the ones derived from the term,
/// renewal, termination and billing are not listed here).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeadlineSpec {
    pub id: String,
    pub what: String,
    pub kind: DeadlineKind,
    pub when: DeadlineWhen,
    pub article: Article,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeadlineWhen {
    /// One fixed date with its wording.
    Once(Wording),
    /// Every year on a month-day with its wording, from `first_year` on.
    Yearly {
        month: u32,
        day: u32,
        wording: WordingKind,
        first_year: i32,
    },
    /// Within N months after the agreement enters into force.
    WithinMonthsAfterStart { months: u32 },
}

/// Who must agree to something the agreement allows (an accession, an
/// amendment), as the text says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Consent {
    pub id: String,
    pub what: String,
    pub who: String,
    pub article: Article,
}

/// A property of the agreement worth showing with it (`not enforceable`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flag {
    pub id: String,
    pub what: String,
    pub article: Article,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Agreement {
    pub id: String,
    pub title: String,
    pub short_title: String,
    /// Where the agreement text is kept (informational).
    pub source: Option<String>,
    pub parties: Vec<Party>,
    pub term: Term,
    pub renewal: Option<Renewal>,
    pub termination: Option<Termination>,
    pub withdrawal: Option<Withdrawal>,
    pub billing: Billing,
    pub rates: Vec<Rate>,
    pub index_series: Vec<IndexSeries>,
    pub fees: Vec<Fee>,
    pub hours: Option<Hours>,
    pub travel: Option<Travel>,
    pub ort: Option<Ort>,
    pub shift_rule: Option<ShiftRule>,
    pub allocations: Vec<Allocation>,
    pub unagreed: Option<Unagreed>,
    pub take_or_pay: Option<TakeOrPay>,
    pub income: Vec<Income>,
    pub budget_advice: Option<BudgetAdvice>,
    pub vat: Vat,
    pub deadlines: Vec<DeadlineSpec>,
    pub consents: Vec<Consent>,
    pub flags: Vec<Flag>,
    /// Fixed yearly amounts that recur and are shared by a key.
    pub shared_amounts: Vec<SharedAmount>,
    /// The columns of the activity log and what each feeds.
    pub activity_log: crate::core::log_columns::LogColumns,
}

impl Agreement {
    pub fn party(&self, id: &str) -> Option<&Party> {
        self.parties.iter().find(|p| p.id == id)
    }

    /// Finds a party of the agreement text by `Party::answers_to`. Parties
    /// that joined later are in the facts: see `core::parties::Parties`.
    pub fn find_party(&self, query: &str) -> Option<&Party> {
        self.parties.iter().find(|p| p.answers_to(query))
    }

    pub fn provider(&self) -> &Party {
        self.parties
            .iter()
            .find(|p| p.role == Role::Provider)
            .expect("the loader requires exactly one provider")
    }

    pub fn clients(&self) -> impl Iterator<Item = &Party> {
        self.parties.iter().filter(|p| p.role == Role::Client)
    }

    pub fn rate(&self, id: &str) -> Option<&Rate> {
        self.rates.iter().find(|r| r.id == id)
    }

    pub fn series(&self, id: &str) -> Option<&IndexSeries> {
        self.index_series.iter().find(|s| s.id == id)
    }

    pub fn fee(&self, id: &str) -> Option<&Fee> {
        self.fees.iter().find(|f| f.id == id)
    }
}

/// A fixed amount per calendar year that recurs for every year of the term
/// and its renewals (from `from_year`, up to `until_year` where the text
/// stops), optionally indexed, shared by the clients by a key and billed
/// either spread by days or whole in one billing period of the year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedAmount {
    pub id: String,
    pub what: String,
    /// The amount of `from_year` (before any indexation).
    pub amount: Money,
    pub from_year: i32,
    pub until_year: Option<i32>,
    pub indexation: Option<AmountIndexation>,
    pub key: ShareKey,
    pub joiners: Joiners,
    pub billing: AmountBilling,
    pub article: Article,
}

impl SharedAmount {
    /// Whether the amount is agreed for `year` (the agreement may still not
    /// run in that year).
    pub fn agreed_for(&self, year: i32) -> bool {
        year >= self.from_year && self.until_year.is_none_or(|u| year <= u)
    }
}

/// Yearly indexation of a shared amount: the amount of year Y from
/// `first_year` on is that of Y − 1 × (1 + figure of Y − 1 ÷ 100), in cents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AmountIndexation {
    pub series: String,
    pub first_year: i32,
    pub article: Article,
}

/// How a shared amount is divided among the clients of a year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShareKey {
    /// One client pays it all (a fixed fee).
    Payer(String),
    /// Equal parts for every client taking part.
    Equal,
    /// Fixed percentages per client, summing to 100.
    Percent(BTreeMap<String, Decimal>),
    /// Weights per client and year from the facts (`[[weights]]` of this
    /// series, e.g. inhabitants on 1 January).
    Weights(String),
}

/// When a client that joins during a year starts to share in the amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Joiners {
    /// A client shares from the first year whose first day of the agreement
    /// it takes part on; one that joins during a year, from the next year.
    NextYear,
}

/// How a client's yearly part is billed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AmountBilling {
    /// Spread over the billing periods of the year by the days the client
    /// takes part in each, cents by largest remainder.
    ByDays,
    /// Whole in the `index`-th billing period of the year (Q1 is 1).
    Whole { index: u8 },
}
