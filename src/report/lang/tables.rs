//! The typed messages of the tables of `show`, `deadlines`, `notice` and the
//! register, and the calendar's words (months, dates, the reasons a day is
//! not a working day): what the reports say, typed, so that `nl/tables.rs`
//! and `en/tables.rs` are the only places that word them.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::core::agreement::{
    Article, CompensationUntil, DeadlineKind, LineKind, OverUse, Role, ShareKey, UnderUse, Unit,
    Vat,
};
use crate::core::calendar::NonWorking;
use crate::core::calendar::{Period, Wording};
use crate::core::deadline::{Note, What};
use crate::core::facts::Declared;
use crate::core::period::Rhythm;
use crate::register::DocumentKind;
use crate::report::text::Text;

/// The fixed words of these tables: section titles, column headers and
/// row labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Heading {
    // The sections of `show`.
    Source,
    Parties,
    TermRenewalEnding,
    AmountsFeesVat,
    SharedAmounts,
    Capacity,
    KeyDeadlines,
    WhoMustAgree,
    Flags,
    Assumption,
    // Column headers.
    Article,
    Year,
    Rate,
    How,
    Date,
    Day,
    Agreement,
    What,
    Kind,
    Wording,
    NotAWorkingDay,
    // The register's columns.
    Number,
    Period,
    Client,
    Issued,
    Due,
    ExclVat,
    Vat,
    InclVat,
    Credit,
    Note,
    // The row labels of `show`.
    Term,
    Billing,
    Renewal,
    FirstNoticeDeadline,
    EarlyTermination,
    EarlyWithdrawal,
    NoCompensation,
    Travel,
    Ort,
    AdvisedBudget,
    TakeOrPay,
    YearEndSettlement,
    OverUse,
    ProviderShortfall,
    TakeOrPayException,
    DefaultPerClient,
    Billed,
    Flag,
    // The steps of `notice`.
    NoticePeriod,
    EndOfTheTerm,
    Result,
    RunningTerm,
    Compensation,
    Explanation,
}

/// The words of these tables in one language, selected with the rest of
/// its words by [`super::of`].
pub struct Tables {
    pub heading: fn(Heading) -> &'static str,
    pub say: fn(&Say) -> Text,
    /// A month's name: `januari`, `January`.
    pub month: fn(u32) -> &'static str,
    /// A date as prose writes it: `9 februari 2010`, `9 February 2010`.
    pub date: fn(NaiveDate) -> String,
    /// What a deadline is about.
    pub what: fn(&What) -> String,
    pub deadline_note: fn(&Note) -> String,
    /// Why a day is not a working day: a weekday or a holiday's name.
    pub non_working: fn(&NonWorking) -> String,
}

/// A message of these tables with the values in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Say {
    /// `3 deadlines from 2025-06-01 up to and including 2025-12-01`.
    DeadlinesIn {
        count: usize,
        from: NaiveDate,
        to: NaiveDate,
    },
    /// `zondag; next working day 2025-09-01`.
    NextWorkingDay {
        reason: NonWorking,
        next: NaiveDate,
    },
    /// The line under a table with a deadline on a day off.
    DeadlinesDoNotMove,
    /// The kind of a deadline: obligation, option, aim.
    Kind(DeadlineKind),
    /// What a deadline is about.
    What(What),
    /// A yearly deadline `show` lists at its first occurrence.
    EveryYearFirstShown(What),
    /// The lines of a calendar event's description (the ICS feed).
    /// The deadline as the (Dutch) text words it.
    IcsWording(String),
    IcsKind(DeadlineKind),
    IcsDate(NaiveDate),
    IcsNotWorking {
        reason: NonWorking,
        next: NaiveDate,
    },
    IcsNote(String),
    /// A register document's kind, by its stored name (`invoice`, `credit`).
    DocumentKind(DocumentKind),
    /// A credit note's link to the invoice it credits, and back.
    Credits(String),
    CreditedBy(String),
    /// An empty register.
    NoDocuments,
    /// The head of `register show`: `factuur brp-pool-2018-0003 (serie …)`.
    StoredTitle {
        kind: DocumentKind,
        number: String,
        series: String,
    },
    /// The line over a stored document's explanation: it is the text
    /// stored when it was issued, not worded again.
    StoredExplanation {
        issued: String,
    },
    /// `uitgegeven 2018-04-02, vervaldatum 2018-05-02`.
    IssuedDue {
        issued: String,
        due: String,
    },
    /// `crediteert brp-pool-2018-0001: <the user's reason>`.
    CreditsBecause {
        credits: String,
        reason: String,
    },
    /// The first line of `issue` and `credit`: what was (or would be)
    /// written, `count` invoices or credit notes.
    Issued {
        count: usize,
        credit: bool,
        register: String,
    },
    WouldIssue {
        count: usize,
        credit: bool,
        period: String,
        register: String,
    },
    NothingToIssue {
        period: String,
        register: String,
    },
    /// After a credit note: the period can be issued again, and how.
    IssueAgain {
        period: String,
        agreement: String,
        client: String,
    },
    /// The line under a table narrowed to `width` columns.
    LeftOut {
        width: u16,
        columns: Vec<String>,
    },
    /// A fixed label.
    Label(Heading),
    /// The messages of `show`, in the order of its sections.
    Show(Show),
    /// The messages of `notice`.
    Notice(Notice),
    /// What `check`, `verify` and `test` say on stdout about their run.
    Run(Run),
}

/// What `check`, `verify` and `test` report on stdout, typed. (Their
/// errors and warnings on stderr stay English, like compiler diagnostics.)
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Run {
    /// `ok: 2 agreements, 2 facts files, 1 activity log (154 rows)`.
    CheckOk {
        agreements: usize,
        facts: usize,
        logs: usize,
        rows: u64,
    },
    /// `4 parties, term 2017-10-01 – 2018-10-01, renews by 12 months`.
    CheckAgreement {
        parties: usize,
        term: Period,
        renews_months: Option<u32>,
    },
    /// `register ledger.sqlite: 5 documents, 3 live invoices`.
    VerifyHead {
        register: String,
        documents: usize,
        live: usize,
    },
    ChainOk,
    /// The last row and its hash, to keep outside the register.
    ChainHead {
        seq: i64,
        number: String,
        hash: String,
    },
    ChainProblems(usize),
    /// One thing wrong with the hash chain or the numbering.
    Tampered(crate::register::ChainProblem),
    DriftNotChecked,
    DriftNone,
    DriftFound(usize),
    /// `brp-pool-2018-0003 (brp-pool 2018-Q1 to tholen):`.
    Drifted {
        number: String,
        agreement: String,
        period: String,
        client: String,
    },
    /// What of a drifted invoice changed.
    Changed(Changed),
    /// The labels of a change's two sides, and a side that has nothing.
    Old,
    New,
    NoSide,
    /// An invoice today's inputs no longer give.
    NoInvoiceNow,
    ToCorrect,
    /// `ok    invoice Tholen 2018-Q1 (8 figures)`.
    CasePassed {
        name: String,
        figures: usize,
    },
    /// `FAIL  invoice Tholen 2018-Q1  (ledger invoice …)`.
    CaseFailed {
        name: String,
        command: String,
    },
    Expected,
    Actual,
    /// `none: why`, as the actual value of a figure the report lacks.
    ActualNone(crate::report::figures::Missing),
    HowComputed,
    /// `expectations: 12 passed, 0 failed`.
    TestTotals {
        passed: usize,
        failed: usize,
    },
    /// `invoice --out`: a file written.
    Wrote(String),
    /// `ledger test --record`: a file left as it was, or rewritten.
    Unchanged(String),
    Recorded(String),
    /// `case "invoice Tholen 2018-Q1":`, over the changed lines of a case.
    RecordedCase(String),
    /// A figure the report no longer has.
    NoLongerInReport,
}

/// What of a drifted invoice differs from today's inputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Changed {
    WholeInvoice,
    /// A line, counted from 1.
    Line(usize),
    Subtotal,
    Fees,
    TotalExclVat,
    Vat,
    TotalInclVat,
}

/// What `notice` says, typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// `Written notice by Gemeente Tholen (client) given on 2025-11-22 (zaterdag)`.
    Given {
        by: Option<(String, Role)>,
        given: NaiveDate,
    },
    /// `Ends: 2026-10-01 — …`.
    Ends {
        ends: NaiveDate,
    },
    /// What ends: one client's participation, the agreement, or (no party
    /// named, several clients) the agreement when the provider gives notice.
    Participation(String),
    TheAgreement,
    TheAgreementWhenProvider,
    /// A notice already recorded ends the agreement first.
    EndedByRecorded {
        by: String,
        given: NaiveDate,
    },
    AlreadyEndsLabel,
    AlreadyEnds {
        by: String,
        given: NaiveDate,
        source: String,
        ends: NaiveDate,
        this_given: NaiveDate,
    },
    NoNoticeClauseLabel,
    NoNoticeClause {
        ends: NaiveDate,
    },
    NoticeLabel,
    NeedsNoConsent,
    EarlyWithdrawalLabel,
    MayLeaveEarly,
    /// The withdrawal clause: what the withdrawing client pays.
    Pays {
        percent: Decimal,
        until: CompensationUntil,
        cap_months: u32,
        with_fees: bool,
    },
    Relief,
    /// `2010-06-30 + 6 months = 2010-12-30`, and why the day moved.
    NoticePeriod {
        given: NaiveDate,
        months: u32,
        computed: NaiveDate,
        clamped: Option<u32>,
    },
    TermEndsFirst {
        term_end: NaiveDate,
        computed: NaiveDate,
    },
    TermEndsAfter {
        term_end: NaiveDate,
        computed: NaiveDate,
    },
    EndsWithTerm {
        ends: NaiveDate,
    },
    EndsBeforeTerm {
        ends: NaiveDate,
    },
    /// The running term: `renewal` 0 is the initial term.
    Running {
        renewal: u32,
        term: Period,
    },
    TooLateFor(NaiveDate),
    TooLate {
        end: NaiveDate,
        wording: Wording,
        last_day: NaiveDate,
        given: NaiveDate,
        days: i64,
        renews_to: NaiveDate,
    },
    OnTimeFor(NaiveDate),
    OnTime {
        end: NaiveDate,
        wording: Wording,
        last_day: NaiveDate,
        given: NaiveDate,
        days: i64,
    },
    /// It ends at the end of the running (or, when late, the next) term.
    EndsAtTermEnd {
        next: bool,
        end: NaiveDate,
        renewal_to: NaiveDate,
    },
    HowTheEndFollows,
    /// `Early withdrawal instead, effective 2025-11-22 (before 2026-10-01)`.
    InsteadEffective {
        effective: NaiveDate,
        before: NaiveDate,
    },
    CannotBeComputed(String),
    ComputedBy(String),
}

/// What `show` says about an agreement, typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Show {
    /// `provider (uitlenende gemeente); no address in the agreement`.
    Party {
        role: Role,
        label: Option<String>,
        address: Option<String>,
    },
    /// A client that joined on `from`, by the facts' `source`.
    Joined {
        from: NaiveDate,
        source: String,
    },
    /// `2017-10-01 up to and including 2018-10-01`.
    TermSpan {
        start: NaiveDate,
        end: NaiveDate,
    },
    /// `per quarter`, `per quarter, in advance`.
    Billing {
        rhythm: Rhythm,
        advance: bool,
    },
    /// Renewed by `months` each time unless notice is given by the rule.
    Renewal {
        months: u32,
        rule: NoticeRule,
    },
    /// Notice by `last` ends the agreement on `end`.
    FirstNotice {
        last: NaiveDate,
        end: NaiveDate,
    },
    /// A termination clause: months of notice, and the last notice that
    /// ends it before its term with the end it gives.
    EarlyTermination {
        months: u32,
        last: Option<(NaiveDate, NaiveDate)>,
    },
    /// The withdrawal clause's compensation.
    EarlyWithdrawal {
        percent: Decimal,
        until: CompensationUntil,
        cap_months: u32,
        with_fees: bool,
    },
    /// The relief clause of a withdrawal.
    Relief,
    /// `fee: …` and its value.
    FeeLabel(String),
    Fee {
        percent: Decimal,
        base: Vec<LineKind>,
    },
    /// `allocation 2010: …` and its value after the amount.
    AllocationLabel {
        year: i32,
        what: String,
    },
    AllocationPaidBy(String),
    /// `from 2011`: no amount agreed, and why.
    UnagreedLabel(i32),
    Unagreed(String),
    /// Travel: what, and the rate of its km.
    Travel {
        what: String,
        rate: String,
    },
    Ort {
        what: String,
        percent: Decimal,
    },
    IncomeLabel(String),
    /// After an amount: per house visit, to the client.
    PerHouseVisit,
    /// After an amount: per client per year.
    PerClientPerYear,
    /// `verwacht: 40 per afnemer per jaar` (an income clause's expected
    /// number, for the budget).
    ExpectedPerYear(u32),
    Vat(Vat),
    UnderUse(UnderUse),
    OverUse(OverUse),
    /// Hours the provider failed to deliver, under the under-use rule.
    Shortfall(UnderUse),
    SettledYearly,
    /// The default hours of a client.
    DefaultHours {
        per_week: Decimal,
        weeks: u32,
        yearly: Decimal,
    },
    /// Billed: the contracted hours × the rate `rate`.
    BilledHours {
        rate: String,
    },
    DeclaredLabel {
        party: String,
        year: i32,
    },
    Declared {
        declared: Declared,
        given: NaiveDate,
        source: String,
        consent: Option<String>,
    },
    /// The title of a rate's table.
    RateTitle {
        id: String,
        what: String,
        unit: Unit,
        article: String,
    },
    DatedValueFrom(NaiveDate),
    /// A year whose rate cannot be computed, and why.
    RateProblem(crate::core::rate::RateError),
    /// A year whose shared amount cannot be divided, and why.
    ShareProblem(crate::core::shares::ShareError),
    /// A shared yearly amount, after its amount.
    Shared {
        from_year: i32,
        until_year: Option<i32>,
        indexation: Option<(String, i32, Article)>,
        key: ShareKey,
        billing: SharedBilling,
    },
}

/// When notice against a renewal is due, as `show` states the rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeRule {
    /// A day of the year the term ends (the wording's year is left out).
    OnDay(Wording),
    MonthsBeforeEnd(u32),
}

/// How a shared amount is billed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SharedBilling {
    /// Whole in the named period of the year (`Q1`).
    Whole(String),
    ByDays(Rhythm),
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, Weekday};

    use crate::cli::Locale;
    use crate::core::calendar::{NonWorking, Wording};
    use crate::report::lang::{self, tables::Say};

    fn d(year: i32, month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, month, day).unwrap()
    }

    #[test]
    fn wording_reads_as_dutch_and_english() {
        let cases = [
            (
                Wording::Before(d(2018, 9, 1)),
                "vóór 1 september 2018",
                "before 1 September 2018",
            ),
            (
                Wording::NoLaterThan(d(2010, 10, 1)),
                "uiterlijk 1 oktober 2010",
                "no later than 1 October 2010",
            ),
            (
                Wording::UpToAndIncluding(d(2010, 12, 31)),
                "tot en met 31 december 2010",
                "up to and including 31 December 2010",
            ),
            (
                Wording::WithinMonthsAfter {
                    months: 3,
                    anchor: d(2010, 2, 9),
                },
                "binnen 3 maanden na 9 februari 2010",
                "within 3 months after 9 February 2010",
            ),
            (
                Wording::WithinMonthsAfter {
                    months: 1,
                    anchor: d(2010, 3, 1),
                },
                "binnen 1 maand na 1 maart 2010",
                "within 1 month after 1 March 2010",
            ),
        ];
        for (wording, dutch, english) in cases {
            assert_eq!(lang::wording(wording, Locale::Nl), dutch);
            assert_eq!(lang::wording(wording, Locale::En), english);
        }
    }

    #[test]
    fn month_names() {
        assert_eq!(lang::month(1, Locale::Nl), "januari");
        assert_eq!(lang::month(12, Locale::Nl), "december");
        assert_eq!(lang::month(3, Locale::En), "March");
        let date = |l| (lang::of(l).tables.date)(d(2010, 2, 9));
        assert_eq!(date(Locale::Nl), "9 februari 2010");
        assert_eq!(date(Locale::En), "9 February 2010");
    }

    /// 2025-08-31 was a Sunday; 2025-09-01 the Monday after it.
    #[test]
    fn a_day_off_and_the_next_working_day() {
        let sunday = Say::NextWorkingDay {
            reason: NonWorking::Weekend(Weekday::Sun),
            next: d(2025, 9, 1),
        };
        assert_eq!(
            lang::say(&sunday, Locale::Nl),
            "zondag; volgende werkdag 2025-09-01"
        );
        assert_eq!(
            lang::say(&sunday, Locale::En),
            "Sunday; next working day 2025-09-01"
        );
        // A holiday keeps its Dutch name in both languages.
        let king = Say::NextWorkingDay {
            reason: NonWorking::Holiday("Koningsdag"),
            next: d(2025, 4, 28),
        };
        assert_eq!(
            lang::say(&king, Locale::En),
            "Koningsdag; next working day 2025-04-28"
        );
        assert_eq!(lang::machine_say(&sunday), lang::say(&sunday, Locale::Nl));
    }
}
