//! The English words of the yearly statements: `settle`, `withdraw` and
//! `budget` (their rows, headings, notes, reasons and explanations).

use rust_decimal::Decimal;

use crate::core::agreement::Article;
use crate::core::statement::{
    Basis, IssuedInPeriod, Owed, PartYear, Reason, RecordedKind, RefundPart, StatementPhrase as S,
    TakenBack, TravelNote, WindowWords, Yearly,
};
use crate::core::withdrawal::Bound;
use crate::report::text::Text;

fn t(words: impl Into<String>) -> Text {
    Text::default().words(words)
}

/// Hours as every table writes them: two decimals.
fn h(hours: Decimal) -> Text {
    Text::default().number(hours, 2)
}

/// ` (Art. 22 lid 2)` where there is a relief clause.
fn cite(a: &Option<Article>) -> String {
    a.as_ref().map_or(String::new(), |a| format!(" ({a})"))
}

pub(super) fn phrase(p: &S) -> Text {
    shared(p)
        .or_else(|| settle_rows(p))
        .or_else(|| settle_lines(p))
        .or_else(|| settle_notes(p))
        .or_else(|| settle_explained(p))
        .or_else(|| withdraw_rows(p))
        .or_else(|| withdraw_explained(p))
        .or_else(|| budget(p))
        .or_else(|| budget_explained(p))
        .or_else(|| notice_explained(p))
        .unwrap_or_default()
}

fn shared(p: &S) -> Option<Text> {
    Some(match p {
        S::LogRows {
            logs,
            rows,
            first,
            last,
        } => t(if *rows == 0 {
            format!("{} (no rows)", logs.join(", "))
        } else {
            format!("{} lines {first}–{last} ({rows} rows)", logs.join(", "))
        }),
        S::None => t("none"),
        S::Rows => t("rows"),
        S::HouseVisits => t("house visits"),
        S::LinesAbove => t("the lines above"),
        S::NoHours { agreement, report } => t(format!(
            "{agreement}: no contracted hours, {}",
            match report {
                Yearly::Settle => "nothing to settle",
                Yearly::Budget => "no budget",
            }
        )),
        S::TakesNoPart {
            agreement,
            party,
            year,
        } => t(format!("{agreement}: {party} takes no part in {year}")),
        S::NoTerm {
            agreement,
            year,
            start,
            end,
        } => t(match end {
            Some(e) => format!("agreement `{agreement}` has no term in {year}: it runs from {start} up to and including {e}"),
            None => format!("agreement `{agreement}` has no term in {year}: it starts on {start} and renews after that"),
        }),
        S::WithdrawalBesideBudget {
            party,
            effective,
            compensation,
            article,
        } => {
            let head = t(format!(
                "{party} withdraws effective {effective}: the withdrawal compensation ({article}) is not in the budget and comes on top"
            ));
            match compensation {
                Some(amount) => head.words(", ").money(*amount).words(" excl. VAT"),
                None => head.words("; it cannot be computed here, `ledger withdraw` says why"),
            }
        }
        S::PartYear {
            party,
            year,
            period,
            meaning,
        } => t(format!(
            "{party} takes part in {year} from {} up to and including {} only; {}",
            period.start(),
            period.end(),
            match meaning {
                PartYear::ContractedHours => "the contracted hours are those of that part",
                PartYear::Budget => "the budget covers that part",
            }
        )),
        _ => return None,
    })
}

fn settle_rows(p: &S) -> Option<Text> {
    Some(match p {
        S::SettleHeading {
            year,
            name,
            party,
            agreement,
        } => t(format!(
            "Year-end settlement {year} — {name} ({party}), {agreement}"
        )),
        S::SpanAndRate { start, end, rate } => {
            t(format!("{start} up to and including {end}, rate "))
                .money(*rate)
                .words("/hour")
        }
        S::ContractedRow { start, end } => t(format!("contracted hours {start} – {end}")),
        S::InvoicedRow { invoices } => t(format!(
            "invoiced: {invoices} quarterly invoice{}",
            if *invoices == 1 { "" } else { "s" }
        )),
        S::FeeAsInvoiced => t("fee as invoiced"),
        S::AllocationsAsInvoiced => t("allocations (fixed amounts) as invoiced"),
        S::DeliveredRow { rows, house_visits } => t(format!(
            "delivered (activity log: {rows} shifts, {house_visits} house visits)"
        )),
        S::OverUseRow { billed: true } => t("over-use (charged as extra hours)"),
        S::OverUseRow { billed: false } => t("over-use (not billed)"),
        S::UnderUseRow => t("under-use"),
        S::NotDeliveredRow { never_refunded } => t(if *never_refunded {
            "  not delivered by the provider (not refunded: under-use is never refunded)"
        } else {
            "  not delivered by the provider (never charged)"
        }),
        S::RedeployedRow { never_refunded } => t(if *never_refunded {
            "  redeployed by the provider (not refunded: under-use is never refunded)"
        } else {
            "  redeployed by the provider (refunded)"
        }),
        S::ExceptionRow(what) => t(format!("  refunded under the exception: {what}")),
        S::NoExceptionRow => t("  take-or-pay exceptions: none recorded"),
        S::TakeOrPayRow => t("  take-or-pay (stays due)"),
        S::AlwaysRefundedRow => t("  not taken, refunded (the agreement refunds all under-use)"),
        S::NoDifferenceRow => t("settlement: no difference to settle"),
        S::SettlementExclVat => t("settlement excl. VAT"),
        S::SettlementVat { category, percent } => t(super::vat_head(*category, *percent)),
        S::SettlementInclVat => t("settlement incl. VAT"),
        S::IncomeRow { units, amount } => t("income: ")
            .exact(*units)
            .words(" × ")
            .money(*amount)
            .words(" (not on the invoice)"),
        S::NetCostRow => t("net cost of the year (excl. VAT, travel apart)"),
        S::TravelRow { km } => t("travel as invoiced (")
            .number(*km, 1)
            .words(" km, shown apart)"),
        _ => return None,
    })
}

fn refund_parts(parts: &[RefundPart]) -> Text {
    let mut text = Text::default();
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            text = text.words(" + ");
        }
        let (hours, what, article) = match part {
            RefundPart::NotDelivered(d, a) => (d, "not delivered", a),
            RefundPart::Redeployed(d, a) => (d, "redeployed", a),
            RefundPart::Exception(d, a) => (d, "under the exception", a),
            RefundPart::AllRefunded(d, a) => (d, "not taken, all refunded", a),
        };
        text = text.then(h(*hours)).words(format!(" {what} ({article})"));
    }
    text
}

fn recorded(what: RecordedKind) -> &'static str {
    match what {
        RecordedKind::NotDelivered => "hours not delivered",
        RecordedKind::Redeployed => "redeployed hours",
    }
}

/// The settlement's lines.
fn settle_lines(p: &S) -> Option<Text> {
    Some(match p {
        S::ExtraHours(year) => t(format!("over-use {year} beyond the contracted hours")),
        S::DeliveredMinusInvoiced {
            delivered,
            invoiced,
        } => t("delivered ")
            .then(h(*delivered))
            .words(" − invoiced ")
            .then(h(*invoiced)),
        S::RefundOfHours(year, parts) => {
            t(format!("refund of hours not taken {year}: ")).then(refund_parts(parts))
        }
        S::RefundParts(parts) => refund_parts(parts),
        _ => return None,
    })
}

/// The settlement's notes.
fn settle_notes(p: &S) -> Option<Text> {
    Some(match p {
        S::NoRowsNote { party, year } => t(format!(
            "the activity log has no rows for {party} in {year}: every contracted hour counts as not taken"
        )),
        S::UnbilledNote {
            hours,
            party,
            year,
            article,
        } => t("the ").then(h(*hours)).words(format!(
            " hours {party} used beyond its contracted hours in {year} are not billed: the agreement bills no over-use (take_or_pay.over_use = not_billed, {article})"
        )),
        S::NeverRefundedNote {
            hours,
            what,
            year,
            source,
            article,
        } => t("the ").then(h(*hours)).words(format!(
            " {} recorded for {year} ({source}) give no refund: under-use is never refunded (take_or_pay.under_use = never, {article})",
            recorded(*what)
        )),
        S::NotUsedNote {
            hours,
            what,
            year,
            source,
            party,
        } => h(*hours).words(format!(
            " {} recorded for {year} ({source}) are not used: {party} used more than its contracted hours",
            recorded(*what)
        )),
        S::ExceptionNotApplied(year) => t(format!(
            "the exception recorded for {year} does not apply: there is no under-use"
        )),
        S::CountsOnlyNote {
            hours,
            what,
            year,
            source,
            used,
            under_use,
        } => t("of the ")
            .then(h(*hours))
            .words(format!(" {} recorded for {year} ({source}), ", recorded(*what)))
            .then(h(*used))
            .words(" count: the under-use is only ")
            .then(h(*under_use)),
        S::AsInvoiced {
            agreement,
            party,
            issued,
            credited,
            computed,
        } => t(as_invoiced(agreement, party, issued, credited, computed)),
        _ => return None,
    })
}

/// The names, formulas and sources of the settlement's explanations.
fn settle_explained(p: &S) -> Option<Text> {
    Some(match p {
        S::DeliveredHoursOf { party, year } => t(format!("delivered hours of {party} in {year}")),
        S::SumOfLogHours => t("Σ hours of the activity log rows in the year"),
        S::DifferenceOf { party, year } => t(format!("difference of {party} in {year}")),
        S::DifferenceFormula => t("delivered − invoiced; under-use split: not delivered by the provider first, then redeployed, the rest take-or-pay (or refunded under a recorded exception)"),
        S::DeliveredHours => t("delivered hours"),
        S::InvoicedContractedHours => t("invoiced contracted hours"),
        S::QuarterlyInvoicesRule4 => t("the quarterly invoices (rule 4)"),
        S::OverUse => t("over-use"),
        S::NotDeliveredByProvider => t("not delivered by the provider"),
        S::Redeployed => t("redeployed"),
        S::Exception => t("exception"),
        S::TakeOrPayStaysDue => t("take-or-pay, stays due"),
        S::OverUseNotBilled => t("over-use not billed"),
        S::UnderUsePolicy => t("under-use policy"),
        S::NeverRefunded => t("never refunded"),
        S::RefundedAllUnderUse => t("refunded, all under-use"),
        S::NoneRecorded(article) => t(format!("none recorded ({article})")),
        S::RecordedOf {
            used,
            recorded,
            source,
        } => h(*used)
            .words(" of ")
            .then(h(*recorded))
            .words(format!(" recorded, {source}")),
        S::NoExceptionRecorded(articles) => t(format!(
            "none recorded (take_or_pay.exceptions, {})",
            articles.join(", ")
        )),
        S::HouseVisitsTimesAmount => t("house visits in the log × amount per visit"),
        S::AmountPerVisit => t("amount per visit"),
        S::NetCostOf { party, year } => t(format!("net cost of {party} in {year}")),
        S::NetCostFormula { allocated: true } => t("service + fee + allocations as invoiced + settlement (excl. VAT) − income; travel apart"),
        S::NetCostFormula { allocated: false } => t("service + fee as invoiced + settlement (excl. VAT) − income; travel apart"),
        S::ServiceAsInvoiced => t("service as invoiced"),
        S::QuarterlyInvoices(n) => t(format!("{n} quarterly invoice(s)")),
        S::TheQuarterlyInvoices => t("the quarterly invoices"),
        S::AllocationPartsRule6 => t("the allocation parts of the invoices (rule 6)"),
        S::Income => t("income"),
        S::IncomeLinesAbove => t("the income lines above"),
        _ => return None,
    })
}

fn term_label(n: u32) -> String {
    if n == 0 {
        "initial term".to_string()
    } else {
        format!("renewal {n}")
    }
}

fn withdraw_rows(p: &S) -> Option<Text> {
    Some(match p {
        S::WithdrawHeading {
            name,
            party,
            agreement,
        } => t(format!("Withdrawal compensation — {name} ({party}), {agreement}")),
        S::EffectiveRow(d) => t(format!("withdrawal takes effect on {d}")),
        S::TermRow { number, term } => t(format!(
            "current term ({}): {} up to and including {}",
            term_label(*number),
            term.start(),
            term.end()
        )),
        S::PeriodRow(Some(p)) => t(format!(
            "compensation period {} up to and including {}",
            p.start(),
            p.end()
        )),
        S::PeriodRow(None) => t("compensation period: none"),
        S::HoursLostRow => t("hours lost (contracted hours of the period)"),
        S::RedeployedHoursRow => t("redeployed hours (earliest months first)"),
        S::RedeployedCountedRow { given } => t("redeployed hours counted (of ")
            .then(h(*given))
            .words(" given)"),
        S::HoursChargedRow => t("hours charged"),
        S::CompensatedRow { percent } => t(format!(
            "compensated: {}% of the hours charged",
            percent.normalize()
        )),
        S::HoursTimes { hours, price } => crate::report::lang::hours_factor(*hours).words(" h × ").money(*price),
        S::CompensationExclVat => t("compensation (excl. VAT)"),
        S::RegularWayOut { wording, last_day } => t(format!(
            "regular way out: notice {} (last day {last_day})",
            super::due(&crate::core::deadline::Due::By(*wording))
        )),
        S::EndsWithoutCompensation { ends, of } => t(format!(
            "… ends {} on {ends} without compensation",
            what_ends(of.as_deref())
        )),
        S::AfterLastNoticeDay {
            last_day,
            next_last_day,
            ends,
            of,
        } => t(format!(
            "the effective date lies after the last notice day {last_day}; notice given by {next_last_day} ends {} on {ends}",
            what_ends(of.as_deref())
        )),
        S::Reason { reason, set_aside } => {
            why(reason).then(set_aside_words(set_aside.0, set_aside.1))
        }
        _ => return None,
    })
}

fn set_aside_words(redeployed: Option<Decimal>, external: Option<chrono::NaiveDate>) -> Text {
    let mut given = Vec::new();
    if let Some(r) = redeployed {
        given.push(t("the ").then(h(r)).words(" redeployed hours given"));
    }
    if let Some(x) = external {
        given.push(t(format!("the external contract's end on {x}")));
    }
    if given.is_empty() {
        return Text::default();
    }
    let mut text = t("; ");
    for (i, g) in given.into_iter().enumerate() {
        if i > 0 {
            text = text.words(" and ");
        }
        text = text.then(g);
    }
    text.words(" do not count: the agreement has no relief clause (withdrawal.relief_article)")
}

fn why(r: &Reason) -> Text {
    match r {
        Reason::ExternalEndsBefore {
            external,
            effective,
            relief,
        } => t(format!(
            "no compensation: the provider's external contract can end on {external}, before the withdrawal takes effect on {effective}{}",
            cite(relief)
        )),
        Reason::NoHoursLeft { effective, end } => t(format!(
            "no compensation: no contracted hours remain from {effective} up to and including {end}"
        )),
        Reason::AllRedeployed {
            given,
            lost,
            effective,
            end,
            relief,
        } => t("no compensation: the ")
            .then(h(*given))
            .words(" hours redeployed cover all ")
            .then(h(*lost))
            .words(format!(
                " hours lost from {effective} up to and including {end}{}",
                cite(relief)
            )),
        Reason::Owed(o) => owed(o),
    }
}

fn owed(o: &Owed) -> Text {
    let within_cap = o
        .within_cap
        .map_or(String::new(), |n| format!(", within the {n}-month cap"));
    let redeployment = match &o.redeployed {
        None => t("nothing redeployed"),
        Some((d, relief)) => t("less ").then(h(*d)).words(format!(
            " hours redeployed, earliest months first{}",
            cite(relief)
        )),
    };
    let share = o.share.as_ref().map_or(String::new(), |(p, a)| {
        format!(", compensated at {}% ({a})", p.normalize())
    });
    let mut text = t(format!(
        "{} withdraws from {} in the {} ({}): it owes the ",
        o.name,
        o.effective,
        term_label(o.term_number),
        o.term
    ))
    .then(h(o.hours))
    .words(" contracted hours ")
    .then(window(&o.window))
    .words(format!("{within_cap} ({}), ", o.article))
    .then(redeployment)
    .words(": ")
    .then(h(o.charged))
    .words(format!(" charged{share}; "));
    for (i, (hours, price, amount)) in o.lines.iter().enumerate() {
        if i > 0 {
            text = text.words(" + ");
        }
        text = text
            .then(crate::report::lang::hours_factor(*hours))
            .words(" h × ")
            .as_is(*price)
            .words(" = ")
            .money(*amount);
    }
    text.words(if o.with_fees {
        "; the agreement's fees apply to compensation"
    } else {
        "; no fee: compensation is lost income, not service"
    })
}

fn window(w: &WindowWords) -> Text {
    let end = w.end;
    t(match w.bound {
        Bound::EndOfCurrentTerm => format!("to the end of the current term on {end}"),
        Bound::EndOfOriginalTerm => format!("to the end of the original term on {end}"),
        Bound::EndOfCalendarYear => format!("to the end of the calendar year on {end}"),
        Bound::Cap => format!(
            "for at most {} months, up to and including {end} (the term runs until {})",
            w.cap_months, w.until
        ),
        Bound::ExternalContract => format!(
            "up to and including {end}, when the provider's external contract can end{}",
            cite(&w.relief)
        ),
        Bound::OwnNotice => {
            format!("up to and including {end}, when its own notice ends its part anyway")
        }
    })
}

/// The names, formulas and sources of the withdrawal's explanation and lines.
fn withdraw_explained(p: &S) -> Option<Text> {
    Some(match p {
        S::HoursLostLine {
            percent,
            from,
            to,
            rate,
        } => match percent {
            None => t(format!("hours lost {from} – {to} at ")),
            Some(p) => t(format!(
                "{}% of the hours lost {from} – {to} at ",
                p.normalize()
            )),
        }
        .as_is(*rate),
        S::LostHoursSource => {
            t("contracted hours of the period − redeployed hours (rule 3, rule 8)")
        }
        S::PercentOfLost { percent, hours } => {
            t(format!("{}% (withdrawal.percent) × ", percent.normalize()))
                .then(h(*hours))
                .words(" h: contracted hours of the period − redeployed hours")
        }
        S::RateInForceFrom { rate, from } => t(format!("rates.{rate} in force from {from}")),
        S::CompensationOf { party, effective } => {
            t(format!("withdrawal compensation of {party} from {effective}"))
        }
        S::CompensationFormula { percent: false } => t("Σ per rate in force: (contracted hours from the effective date to the end of the period − redeployed hours, earliest months first) × rate"),
        S::CompensationFormula { percent: true } => t("Σ per rate in force: (contracted hours from the effective date to the end of the period − redeployed hours, earliest months first) × percent ÷ 100 × rate"),
        S::EffectiveDate => t("effective date"),
        S::CurrentTerm => t("current term"),
        S::TermOf { number, term } => t(format!("{}: {term}", term_label(*number))),
        S::TermAndRenewal => t("term and renewal"),
        S::EndUnderClause => t("end under the clause"),
        S::Cap => t("cap"),
        S::CapMonths { months, end } => t(format!("{months} months → {end}")),
        S::ExternalCanEnd => t("external contract can end"),
        S::ExternalInFacts => t("external_contract.ends in the facts"),
        S::CompensationPeriod => t("period"),
        S::EarliestOfEnds => t("the earliest of the ends above"),
        S::HoursLost => t("hours lost"),
        S::RedeployedHours => t("redeployed hours"),
        S::OfGiven { used, given } => h(*used).words(" of ").then(h(*given)).words(" given"),
        S::HoursCharged => t("hours charged"),
        S::HoursLostMinusRedeployed => t("hours lost − redeployed"),
        S::ShareCompensated => t("share compensated"),
        _ => return None,
    })
}

fn travel_note(n: &TravelNote) -> Text {
    match n {
        TravelNote::NoTravel => t("the agreement bills no travel"),
        TravelNote::NotTakingPart { party, prev } => t(format!(
            "none: {party} took no part in {prev}, so there is no log to go by"
        )),
        TravelNote::NoLog { agreement, prev } => t(format!(
            "none: no activity log is recorded for {agreement}, so there is no travel of {prev} to go by"
        )),
        TravelNote::NoRows { party, prev } => t(format!(
            "none: the activity log has no rows for {party} in {prev}"
        )),
        TravelNote::FromLog {
            prev,
            covered,
            whole,
            scaled,
        } => {
            let text = t(format!(
                "from the {prev} log, which covers {} up to and including {}",
                covered.start(),
                covered.end()
            ));
            let text = match scaled {
                Some((km, days, year)) => text
                    .words(match whole {
                        true => format!(" ({} days, ", covered.days()),
                        false => format!(" only ({} days, ", covered.days()),
                    })
                    .exact(*km)
                    .words(format!(" km), scaled to the {days} days of {year}")),
                None => text,
            };
            text.words("; an estimate, shown apart, not in the margin")
        }
    }
}

fn budget(p: &S) -> Option<Text> {
    Some(match p {
        S::BudgetHeading {
            year,
            title,
            agreement,
        } => t(format!("Budget {year} — {title} ({agreement})")),
        S::Basis(b) => t(match b {
            Basis::Default => "default",
            Basis::Declared => "declared",
            Basis::Budget => "budget",
        }),
        S::Legend {
            allocated,
            advice_article,
        } => t(format!(
            "{}; margin = advice{} − cost, before travel; net = cost − expected income",
            if *allocated {
                "cost = hours × rate + allocations + fee"
            } else {
                "cost = hours × rate + fee"
            },
            cite(advice_article)
        )),
        S::Travel(n) => travel_note(n),
        S::YearlyHoursSource => t("yearly hours (declaration, budget or default)"),
        S::ContractedHoursOf(p) => t(format!("contracted hours of {p} (rule 3)")),
        S::ExpectedTravelLine { what, year, prev } => {
            t(format!("{what} {year} (expected from {prev})"))
        }
        S::KmOfPrevious {
            prev,
            source,
            scaled,
        } => {
            let source = super::phrase(source);
            match scaled {
                Some((km, covered, days)) => Text::default()
                    .exact(*km)
                    .words(format!(" km of {prev} in the activity log ("))
                    .then(source)
                    .words(format!(") over {covered} days, × {days} / {covered} days")),
                None => t(format!("km of {prev} in the activity log, ")).then(source),
            }
        }
        _ => return None,
    })
}

fn budget_explained(p: &S) -> Option<Text> {
    Some(match p {
        S::YearlyHoursOf { party, year } => t(format!("contracted hours of {party} for {year}")),
        S::DefaultHoursFormula => t("hours per week × weeks per year (no declaration)"),
        S::DefaultYearlyHours => t("default yearly hours"),
        S::DeclaredHours => t("declared hours"),
        S::BudgetHoursFormula => t("budget ÷ (rate × (1 + fee/100)), cut to 2 decimals"),
        S::DeclaredBudget => t("declared budget"),
        S::RateWord => t("rate"),
        S::LateWithConsent { source, consent } => t(format!(
            "{source}, given late with the provider's consent: {consent}"
        )),
        S::RateOnNewYear(year) => t(format!("rate in force on 1 January {year}")),
        S::MarginOf { party, year } => t(format!("margin of {party} in {year}")),
        S::MarginFormula { whole_year: true } => {
            t("advised budget − (service + fee), before travel")
        }
        S::MarginFormula { whole_year: false } => t(
            "advised budget × contracted hours of the part ÷ yearly hours − (service + fee), before travel",
        ),
        S::AdvisedBudget => t("advised budget"),
        S::AdvisedBudgetOfPart => t("advised budget of the part"),
        S::AdvisedBudgetTimesShare => t("advised budget × share of the year, to cents"),
        S::ServicePlusFee => t("service + fee"),
        S::ShareOfYear => t("share of the year"),
        S::HoursOver { hours, yearly } => crate::report::lang::hours_factor(*hours)
            .words(" ÷ ")
            .exact(*yearly),
        S::ContractedHoursWord => t("contracted hours"),
        S::ExpectedIncomeOf { what, party, year } => {
            t(format!("expected {what} {party} {year}"))
        }
        S::ExpectedIncomeFormula { whole_year: true } => {
            t("expected units per year × amount per unit")
        }
        S::ExpectedIncomeFormula { whole_year: false } => t(
            "expected units per year × contracted hours of the part ÷ yearly hours × amount per unit",
        ),
        S::ExpectedPerYear => t("expected per year"),
        S::AmountPerUnit => t("amount per unit"),
        S::NetExpectedOf { party, year } => t(format!("net expected cost of {party} in {year}")),
        S::NetExpectedFormula { allocated: true } => {
            t("service + allocations + fee − expected income; travel apart")
        }
        S::NetExpectedFormula { allocated: false } => {
            t("service + fee − expected income; travel apart")
        }
        S::CostOf { allocated: true } => t("service + allocations + fee"),
        S::CostOf { allocated: false } => t("service + fee"),
        S::ExpectedIncome => t("expected income"),
        S::IncomeAbove => t("the income above"),
        _ => return None,
    })
}

fn notice_explained(p: &S) -> Option<Text> {
    Some(match p {
        S::NoticeEnd => t("end under the notice"),
        S::NoticeEndFormula => {
            t("the end of the first term whose notice deadline is on or after the date given")
        }
        S::GivenOn => t("given"),
        S::AgreementEnd => t("end of the agreement"),
        S::NoticePeriodEndFormula { months } => t(format!(
            "min(given + {}, clamped to the month's last day; the end of the term)",
            months_en(*months)
        )),
        S::NoticePeriod => t("notice period"),
        S::Months(m) => t(months_en(*m)),
        S::TermEnd => t("end of the term"),
        S::InitialTerm => t("initial term"),
        S::Renewal => t("renewal"),
        S::RenewalMonths(m) => t(format!("{m} months")),
        S::NoticeDeadlineFor(end) => t(format!("notice deadline for {end}")),
        S::NoticeDeadline { wording, last_day } => t(format!(
            "{} → last day {last_day}",
            crate::report::lang::wording(*wording, crate::cli::Locale::En)
        )),
        _ => return None,
    })
}

/// `1 month`, `6 months`.
fn months_en(months: u32) -> String {
    if months == 1 {
        "1 month".to_string()
    } else {
        format!("{months} months")
    }
}

/// What a client's notice ends: its participation, or the agreement.
fn what_ends(of: Option<&str>) -> String {
    of.map_or("the agreement".into(), |name| {
        format!("the participation of {name}")
    })
}

/// Which invoices a settlement took as invoiced: issued, credited and not
/// issued again, or computed.
fn as_invoiced(
    agreement: &str,
    party: &str,
    issued: &[IssuedInPeriod],
    credited: &[TakenBack],
    computed: &[String],
) -> String {
    let mut s = format!("{agreement} {party}: as invoiced");
    if !issued.is_empty() {
        let issued: Vec<String> = issued
            .iter()
            .map(|i| format!("{} ({})", i.period, i.number))
            .collect();
        s.push_str(&format!(", issued: {}", issued.join(", ")));
    }
    if !credited.is_empty() {
        let credited: Vec<String> = credited
            .iter()
            .map(|b| format!("{} ({}, credited by {})", b.period, b.number, b.credit))
            .collect();
        s.push_str(&format!(
            ", credited and not issued again, so computed: {}",
            credited.join(", ")
        ));
    }
    if !computed.is_empty() {
        s.push_str(&format!(
            ", computed (not in the register): {}",
            computed.join(", ")
        ));
    }
    s
}
