//! What the yearly statements (`settle`, `withdraw`, `budget`) say, as
//! typed values: their row labels, headings, notes, the reason of a
//! withdrawal and the names, formulas and sources of their explanations.
//! Figures, dates and names are fields; `report::lang` words each variant
//! per locale (`nl/statements.rs`, `en/statements.rs`), as
//! [`crate::core::explain::Phrase`] does for invoices. A statement phrase
//! travels inside `Phrase::Statement`.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::core::agreement::{Article, VatCategory};
use crate::core::calendar::{Period, Wording};
use crate::core::explain::{Phrase, Value};
use crate::core::money::Money;
use crate::core::withdrawal::Bound;

/// Which yearly report a note about an agreement without hours is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Yearly {
    Settle,
    Budget,
}

/// What a statement that covers only part of the year means by it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartYear {
    /// The settlement: the contracted hours are those of that part.
    ContractedHours,
    /// The budget covers that part.
    Budget,
}

/// Which recorded hours a note is about (facts `shortfall`, `redeployed`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordedKind {
    NotDelivered,
    Redeployed,
}

/// One ground of a refund of hours not taken, with its hours and article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefundPart {
    NotDelivered(Decimal, Article),
    Redeployed(Decimal, Article),
    Exception(Decimal, Article),
    AllRefunded(Decimal, Article),
}

/// Where a client's yearly hours come from, as the budget table names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    Default,
    Declared,
    Budget,
}

/// Why the budget has the travel figure it has, or none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TravelNote {
    NoTravel,
    NotTakingPart {
        party: String,
        prev: i32,
    },
    NoLog {
        agreement: String,
        prev: i32,
    },
    NoRows {
        party: String,
        prev: i32,
    },
    /// The previous year's log, which covers `covered` (`whole`: all of
    /// that year); `scaled` where the client took part in only some days of
    /// it, or takes part in only some of the budget year: (its km, the days
    /// of the budget period, the budget year).
    FromLog {
        prev: i32,
        covered: Period,
        whole: bool,
        scaled: Option<(Decimal, u32, i32)>,
    },
}

/// The window a withdrawal's compensation runs over, as its reason words it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WindowWords {
    pub bound: Bound,
    pub end: NaiveDate,
    pub cap_months: u32,
    /// The end under the clause, before the cap.
    pub until: NaiveDate,
    pub relief: Option<Article>,
}

/// The reason where compensation is owed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owed {
    pub name: String,
    pub effective: NaiveDate,
    pub term_number: u32,
    pub term: Period,
    pub hours: Decimal,
    pub window: WindowWords,
    /// The cap, where another end than the cap wins.
    pub within_cap: Option<u32>,
    pub article: Article,
    /// The hours redeployed that counted, and the relief clause.
    pub redeployed: Option<(Decimal, Option<Article>)>,
    pub charged: Decimal,
    /// The share compensated where it is not all, and its article.
    pub share: Option<(Decimal, Article)>,
    /// Each compensation line: hours × rate = amount.
    pub lines: Vec<(Decimal, Decimal, Money)>,
    pub with_fees: bool,
}

/// Why a withdrawal's compensation is what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    ExternalEndsBefore {
        external: NaiveDate,
        effective: NaiveDate,
        relief: Option<Article>,
    },
    NoHoursLeft {
        effective: NaiveDate,
        end: NaiveDate,
    },
    AllRedeployed {
        given: Decimal,
        lost: Decimal,
        effective: NaiveDate,
        end: NaiveDate,
        relief: Option<Article>,
    },
    Owed(Box<Owed>),
}

/// A typed phrase of a yearly statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StatementPhrase {
    // Shared.
    /// Rows of the activity log: `examples/brp-activity.csv lines 34–154 (45 rows)`.
    LogRows {
        logs: Vec<String>,
        rows: u64,
        first: u64,
        last: u64,
    },
    /// `none` as a value.
    None,
    Rows,
    HouseVisits,
    LinesAbove,
    /// `agreement: no contracted hours, …`
    NoHours {
        agreement: String,
        report: Yearly,
    },
    /// `agreement: party takes no part in year`
    TakesNoPart {
        agreement: String,
        party: String,
        year: i32,
    },
    /// An agreement that does not run in the year, skipped.
    NoTerm {
        agreement: String,
        year: i32,
        start: NaiveDate,
        end: Option<NaiveDate>,
    },
    PartYear {
        party: String,
        year: i32,
        period: Period,
        meaning: PartYear,
    },
    /// A recorded withdrawal that takes effect in the budget's year, under
    /// a withdrawal clause: its compensation (excl. VAT; `None` where it
    /// cannot be computed, which `withdraw` explains) is owed on top of the
    /// budget.
    WithdrawalBesideBudget {
        party: String,
        effective: NaiveDate,
        compensation: Option<Money>,
        article: Article,
    },

    // Settle: headings and rows.
    SettleHeading {
        year: i32,
        name: String,
        party: String,
        agreement: String,
    },
    SpanAndRate {
        start: NaiveDate,
        end: NaiveDate,
        rate: Money,
    },
    ContractedRow {
        start: NaiveDate,
        end: NaiveDate,
    },
    InvoicedRow {
        invoices: usize,
    },
    FeeAsInvoiced,
    AllocationsAsInvoiced,
    DeliveredRow {
        rows: u64,
        house_visits: u64,
    },
    OverUseRow {
        billed: bool,
    },
    UnderUseRow,
    NotDeliveredRow {
        never_refunded: bool,
    },
    RedeployedRow {
        never_refunded: bool,
    },
    ExceptionRow(String),
    NoExceptionRow,
    TakeOrPayRow,
    AlwaysRefundedRow,
    NoDifferenceRow,
    SettlementExclVat,
    SettlementVat {
        category: VatCategory,
        percent: Decimal,
    },
    SettlementInclVat,
    IncomeRow {
        units: Decimal,
        amount: Money,
    },
    NetCostRow,
    TravelRow {
        km: Decimal,
    },
    /// Which invoices the settlement took as invoiced.
    AsInvoiced {
        agreement: String,
        party: String,
        /// The periods whose issued invoices were taken, with their numbers.
        issued: Vec<IssuedInPeriod>,
        /// The invoices credited and not issued again: computed.
        credited: Vec<TakenBack>,
        computed: Vec<String>,
    },

    // Settle: lines, notes and explanations.
    ExtraHours(i32),
    DeliveredMinusInvoiced {
        delivered: Decimal,
        invoiced: Decimal,
    },
    RefundOfHours(i32, Vec<RefundPart>),
    RefundParts(Vec<RefundPart>),
    NoRowsNote {
        party: String,
        year: i32,
    },
    UnbilledNote {
        hours: Decimal,
        party: String,
        year: i32,
        article: Article,
    },
    NeverRefundedNote {
        hours: Decimal,
        what: RecordedKind,
        year: i32,
        source: String,
        article: Article,
    },
    NotUsedNote {
        hours: Decimal,
        what: RecordedKind,
        year: i32,
        source: String,
        party: String,
    },
    ExceptionNotApplied(i32),
    CountsOnlyNote {
        hours: Decimal,
        what: RecordedKind,
        year: i32,
        source: String,
        used: Decimal,
        under_use: Decimal,
    },
    DeliveredHoursOf {
        party: String,
        year: i32,
    },
    SumOfLogHours,
    DifferenceOf {
        party: String,
        year: i32,
    },
    DifferenceFormula,
    DeliveredHours,
    InvoicedContractedHours,
    QuarterlyInvoicesRule4,
    OverUse,
    NotDeliveredByProvider,
    Redeployed,
    Exception,
    TakeOrPayStaysDue,
    OverUseNotBilled,
    UnderUsePolicy,
    NeverRefunded,
    RefundedAllUnderUse,
    NoneRecorded(Article),
    RecordedOf {
        used: Decimal,
        recorded: Decimal,
        source: String,
    },
    NoExceptionRecorded(Vec<String>),
    HouseVisitsTimesAmount,
    AmountPerVisit,
    NetCostOf {
        party: String,
        year: i32,
    },
    NetCostFormula {
        allocated: bool,
    },
    ServiceAsInvoiced,
    QuarterlyInvoices(usize),
    TheQuarterlyInvoices,
    AllocationPartsRule6,
    Income,
    IncomeLinesAbove,

    // Withdraw.
    WithdrawHeading {
        name: String,
        party: String,
        agreement: String,
    },
    EffectiveRow(NaiveDate),
    TermRow {
        number: u32,
        term: Period,
    },
    PeriodRow(Option<Period>),
    HoursLostRow,
    RedeployedHoursRow,
    RedeployedCountedRow {
        given: Decimal,
    },
    HoursChargedRow,
    CompensatedRow {
        percent: Decimal,
    },
    /// `31,50 h × € 56,96`
    HoursTimes {
        hours: Decimal,
        price: Money,
    },
    CompensationExclVat,
    RegularWayOut {
        wording: Wording,
        last_day: NaiveDate,
    },
    /// The regular way's end; `of` names the client when its notice ends
    /// only its participation.
    EndsWithoutCompensation {
        ends: NaiveDate,
        of: Option<String>,
    },
    AfterLastNoticeDay {
        last_day: NaiveDate,
        next_last_day: NaiveDate,
        ends: NaiveDate,
        of: Option<String>,
    },
    Reason {
        reason: Reason,
        /// Redeployed hours and an external contract's end given that do
        /// not count without a relief clause.
        set_aside: (Option<Decimal>, Option<NaiveDate>),
    },
    HoursLostLine {
        percent: Option<Decimal>,
        from: NaiveDate,
        to: NaiveDate,
        rate: Decimal,
    },
    LostHoursSource,
    PercentOfLost {
        percent: Decimal,
        hours: Decimal,
    },
    RateInForceFrom {
        rate: String,
        from: NaiveDate,
    },
    CompensationOf {
        party: String,
        effective: NaiveDate,
    },
    CompensationFormula {
        percent: bool,
    },
    EffectiveDate,
    CurrentTerm,
    TermOf {
        number: u32,
        term: Period,
    },
    TermAndRenewal,
    EndUnderClause,
    Cap,
    CapMonths {
        months: u32,
        end: NaiveDate,
    },
    ExternalCanEnd,
    ExternalInFacts,
    CompensationPeriod,
    EarliestOfEnds,
    HoursLost,
    RedeployedHours,
    OfGiven {
        used: Decimal,
        given: Decimal,
    },
    HoursCharged,
    HoursLostMinusRedeployed,
    ShareCompensated,

    // Budget.
    /// The yearly hours of a client, and how they came about.
    YearlyHoursOf {
        party: String,
        year: i32,
    },
    DefaultHoursFormula,
    DefaultYearlyHours,
    DeclaredHours,
    BudgetHoursFormula,
    DeclaredBudget,
    RateWord,
    /// Where a late declaration was recorded, and the consent it was
    /// accepted with.
    LateWithConsent {
        source: String,
        consent: String,
    },
    /// The rate in force on 1 January of a year.
    RateOnNewYear(i32),
    BudgetHeading {
        year: i32,
        title: String,
        agreement: String,
    },
    Basis(Basis),
    Legend {
        allocated: bool,
        advice_article: Option<Article>,
    },
    Travel(TravelNote),
    YearlyHoursSource,
    ContractedHoursOf(Period),
    ExpectedTravelLine {
        what: String,
        year: i32,
        prev: i32,
    },
    KmOfPrevious {
        prev: i32,
        source: Box<Phrase>,
        /// The km, the days covered and the days of the budget year, where
        /// they are scaled.
        scaled: Option<(Decimal, u32, u32)>,
    },
    MarginOf {
        party: String,
        year: i32,
    },
    /// For a part year the advice counts in proportion to its contracted
    /// hours, as the expected income does.
    MarginFormula {
        whole_year: bool,
    },
    /// The advice of a part year, and where it comes from.
    AdvisedBudgetOfPart,
    AdvisedBudgetTimesShare,
    AdvisedBudget,
    ServicePlusFee,
    ShareOfYear,
    HoursOver {
        hours: Decimal,
        yearly: Decimal,
    },
    ContractedHoursWord,
    ExpectedIncomeOf {
        what: String,
        party: String,
        year: i32,
    },
    ExpectedIncomeFormula {
        whole_year: bool,
    },
    ExpectedPerYear,
    AmountPerUnit,
    NetExpectedOf {
        party: String,
        year: i32,
    },
    NetExpectedFormula {
        allocated: bool,
    },
    CostOf {
        allocated: bool,
    },
    ExpectedIncome,
    IncomeAbove,

    // The explanation of `notice`: how the end under a renewal clause
    // follows from the date the notice is given.
    NoticeEnd,
    NoticeEndFormula,
    GivenOn,
    InitialTerm,
    Renewal,
    /// The renewal's length as a value: `12 maanden`.
    RenewalMonths(u32),
    /// The notice deadline of the term that ends on this date.
    NoticeDeadlineFor(NaiveDate),
    /// A notice deadline as a value: `vóór 1 september 2019 → laatste dag
    /// 2019-08-31`.
    NoticeDeadline {
        wording: Wording,
        last_day: NaiveDate,
    },
    // The explanation of `notice` under a termination clause: the given
    // date plus the notice period, or the end of the term if earlier.
    AgreementEnd,
    NoticePeriodEndFormula {
        months: u32,
    },
    NoticePeriod,
    /// A number of months as a value: `6 maanden`, `1 maand`.
    Months(u32),
    TermEnd,
}

/// An invoice of a billing period issued into the register, by number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedInPeriod {
    pub period: String,
    pub number: String,
}

/// An invoice of a billing period that a credit note took back, with
/// nothing issued in its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TakenBack {
    pub period: String,
    pub number: String,
    pub credit: String,
}

impl From<StatementPhrase> for Phrase {
    fn from(p: StatementPhrase) -> Phrase {
        Phrase::Statement(Box::new(p))
    }
}

impl From<StatementPhrase> for Value {
    fn from(p: StatementPhrase) -> Value {
        Value::Said(p.into())
    }
}

/// A TOML key, an article or a source as it is written: the same in every
/// language.
pub fn given(s: impl ToString) -> Phrase {
    Phrase::Given(s.to_string())
}
