//! The Dutch words of the yearly statements: `settle`, `withdraw` and
//! `budget` (their rows, headings, notes, reasons and explanations), in the
//! words of the invoices (`opslag`, `btw`, `tot en met`).

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
        } => t(match rows {
            0 => format!("{} (geen logregels)", logs.join(", ")),
            1 => format!("{} bestandsregel {first} (1 logregel)", logs.join(", ")),
            _ => format!(
                "{} bestandsregels {first}–{last} ({rows} logregels)",
                logs.join(", ")
            ),
        }),
        S::None => t("geen"),
        S::Rows => t("logregels"),
        S::HouseVisits => t("huisbezoeken"),
        S::LinesAbove => t("de regels hierboven"),
        S::NoHours { agreement, report } => t(format!(
            "{agreement}: geen gecontracteerde uren, {}",
            match report {
                Yearly::Settle => "niets af te rekenen",
                Yearly::Budget => "geen begroting",
            }
        )),
        S::TakesNoPart {
            agreement,
            party,
            year,
        } => t(format!("{agreement}: {party} neemt in {year} niet deel")),
        S::NoTerm {
            agreement,
            year,
            start,
            end,
        } => t(match end {
            Some(e) => format!("overeenkomst `{agreement}` loopt niet in {year}: zij loopt van {start} tot en met {e}"),
            None => format!("overeenkomst `{agreement}` loopt niet in {year}: zij begint op {start} en wordt daarna telkens verlengd"),
        }),
        S::PartYear {
            party,
            year,
            period,
            meaning,
        } => t(format!(
            "{party} neemt in {year} alleen deel van {} tot en met {}; {}",
            period.start(),
            period.end(),
            match meaning {
                PartYear::ContractedHours => "de gecontracteerde uren zijn die van dat deel",
                PartYear::Budget => "de begroting beslaat dat deel",
            }
        )),
        S::WithdrawalBesideBudget {
            party,
            effective,
            compensation,
            article,
        } => {
            let head = t(format!(
                "{party} treedt uit per {effective}: de uittredingsvergoeding ({article}) staat niet in de begroting en komt erbij"
            ));
            match compensation {
                Some(amount) => head.words(", ").money(*amount).words(" excl. btw"),
                None => head.words("; zij is hier niet te berekenen, `ledger withdraw` zegt waarom"),
            }
        }
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
            "Jaarafrekening {year} — {name} ({party}), {agreement}"
        )),
        S::SpanAndRate { start, end, rate } => t(format!("{start} tot en met {end}, tarief "))
            .money(*rate)
            .words(" per uur"),
        S::ContractedRow { start, end } => t(format!("gecontracteerde uren {start} – {end}")),
        S::InvoicedRow { invoices } => t(format!(
            "gefactureerd: {invoices} {}",
            if *invoices == 1 {
                "kwartaalfactuur"
            } else {
                "kwartaalfacturen"
            }
        )),
        S::FeeAsInvoiced => t("opslag zoals gefactureerd"),
        S::AllocationsAsInvoiced => t("vaste bedragen zoals gefactureerd"),
        S::DeliveredRow { rows, house_visits } => t(format!(
            "geleverd (activiteitenlog: {rows} diensten, {house_visits} huisbezoeken)"
        )),
        S::OverUseRow { billed: true } => t("meerafname (in rekening gebracht als extra uren)"),
        S::OverUseRow { billed: false } => t("meerafname (niet in rekening gebracht)"),
        S::UnderUseRow => t("minderafname"),
        S::NotDeliveredRow { never_refunded } => t(if *never_refunded {
            "  niet geleverd door de aanbieder (niet terugbetaald: minderafname wordt nooit terugbetaald)"
        } else {
            "  niet geleverd door de aanbieder (nooit in rekening gebracht)"
        }),
        S::RedeployedRow { never_refunded } => t(if *never_refunded {
            "  elders ingezet door de aanbieder (niet terugbetaald: minderafname wordt nooit terugbetaald)"
        } else {
            "  elders ingezet door de aanbieder (terugbetaald)"
        }),
        S::ExceptionRow(what) => t(format!("  terugbetaald onder de uitzondering: {what}")),
        S::NoExceptionRow => t("  uitzonderingen op de afnameplicht: geen vastgelegd"),
        S::TakeOrPayRow => t("  afnameplicht (blijft verschuldigd)"),
        S::AlwaysRefundedRow => {
            t("  niet afgenomen, terugbetaald (de overeenkomst betaalt alle minderafname terug)")
        }
        S::NoDifferenceRow => t("afrekening: geen verschil te verrekenen"),
        S::SettlementExclVat => t("afrekening excl. btw"),
        S::SettlementVat { category, percent } => t(super::vat_head(*category, *percent)),
        S::SettlementInclVat => t("afrekening incl. btw"),
        S::IncomeRow { units, amount } => t("inkomsten: ")
            .exact(*units)
            .words(" × ")
            .money(*amount)
            .words(" (niet op de factuur)"),
        S::NetCostRow => t("netto kosten van het jaar (excl. btw, reiskosten apart)"),
        S::TravelRow { km } => t("reiskosten zoals gefactureerd (")
            .number(*km, 1)
            .words(" km, apart getoond)"),
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
            RefundPart::NotDelivered(d, a) => (d, "niet geleverd", a),
            RefundPart::Redeployed(d, a) => (d, "elders ingezet", a),
            RefundPart::Exception(d, a) => (d, "onder de uitzondering", a),
            RefundPart::AllRefunded(d, a) => (d, "niet afgenomen, alles terugbetaald", a),
        };
        text = text.then(h(*hours)).words(format!(" {what} ({article})"));
    }
    text
}

fn recorded(what: RecordedKind) -> &'static str {
    match what {
        RecordedKind::NotDelivered => "niet geleverde uren",
        RecordedKind::Redeployed => "elders ingezette uren",
    }
}

/// The settlement's lines.
fn settle_lines(p: &S) -> Option<Text> {
    Some(match p {
        S::ExtraHours(year) => t(format!("meerafname {year} boven de gecontracteerde uren")),
        S::DeliveredMinusInvoiced {
            delivered,
            invoiced,
        } => t("geleverd ")
            .then(h(*delivered))
            .words(" − gefactureerd ")
            .then(h(*invoiced)),
        S::RefundOfHours(year, parts) => {
            t(format!("terugbetaling niet-afgenomen uren {year}: ")).then(refund_parts(parts))
        }
        S::RefundParts(parts) => refund_parts(parts),
        _ => return None,
    })
}

/// The settlement's notes.
fn settle_notes(p: &S) -> Option<Text> {
    Some(match p {
        S::NoRowsNote { party, year } => t(format!(
            "het activiteitenlog heeft geen logregels voor {party} in {year}: elk gecontracteerd uur telt als niet afgenomen"
        )),
        S::UnbilledNote {
            hours,
            party,
            year,
            article,
        } => t("de ").then(h(*hours)).words(format!(
            " uren die {party} in {year} boven de gecontracteerde uren afnam, worden niet in rekening gebracht: de overeenkomst brengt geen meerafname in rekening (take_or_pay.over_use = not_billed, {article})"
        )),
        S::NeverRefundedNote {
            hours,
            what,
            year,
            source,
            article,
        } => t("de ").then(h(*hours)).words(format!(
            " {} vastgelegd voor {year} ({source}) geven geen terugbetaling: minderafname wordt nooit terugbetaald (take_or_pay.under_use = never, {article})",
            recorded(*what)
        )),
        S::NotUsedNote {
            hours,
            what,
            year,
            source,
            party,
        } => h(*hours).words(format!(
            " {} vastgelegd voor {year} ({source}) tellen niet: {party} nam meer af dan de gecontracteerde uren",
            recorded(*what)
        )),
        S::ExceptionNotApplied(year) => t(format!(
            "de uitzondering vastgelegd voor {year} is niet van toepassing: er is geen minderafname"
        )),
        S::CountsOnlyNote {
            hours,
            what,
            year,
            source,
            used,
            under_use,
        } => t("van de ")
            .then(h(*hours))
            .words(format!(" {} vastgelegd voor {year} ({source}) tellen er ", recorded(*what)))
            .then(h(*used))
            .words(": de minderafname is maar ")
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
        S::DeliveredHoursOf { party, year } => t(format!("geleverde uren van {party} in {year}")),
        S::SumOfLogHours => t("Σ uren van de logregels van het jaar"),
        S::DifferenceOf { party, year } => t(format!("verschil van {party} in {year}")),
        S::DifferenceFormula => t("geleverd − gefactureerd; minderafname verdeeld: eerst niet geleverd door de aanbieder, dan elders ingezet, de rest afnameplicht (of terugbetaald onder een vastgelegde uitzondering)"),
        S::DeliveredHours => t("geleverde uren"),
        S::InvoicedContractedHours => t("gefactureerde gecontracteerde uren"),
        S::QuarterlyInvoicesRule4 => t("de kwartaalfacturen (regel 4)"),
        S::OverUse => t("meerafname"),
        S::NotDeliveredByProvider => t("niet geleverd door de aanbieder"),
        S::Redeployed => t("elders ingezet"),
        S::Exception => t("uitzondering"),
        S::TakeOrPayStaysDue => t("afnameplicht, blijft verschuldigd"),
        S::OverUseNotBilled => t("meerafname niet in rekening gebracht"),
        S::UnderUsePolicy => t("regeling minderafname"),
        S::NeverRefunded => t("nooit terugbetaald"),
        S::RefundedAllUnderUse => t("terugbetaald, alle minderafname"),
        S::NoneRecorded(article) => t(format!("niets vastgelegd ({article})")),
        S::RecordedOf {
            used,
            recorded,
            source,
        } => h(*used)
            .words(" van ")
            .then(h(*recorded))
            .words(format!(" vastgelegd, {source}")),
        S::NoExceptionRecorded(articles) => t(format!(
            "niets vastgelegd (take_or_pay.exceptions, {})",
            articles.join(", ")
        )),
        S::HouseVisitsTimesAmount => t("huisbezoeken in het log × bedrag per bezoek"),
        S::AmountPerVisit => t("bedrag per bezoek"),
        S::NetCostOf { party, year } => t(format!("netto kosten van {party} in {year}")),
        S::NetCostFormula { allocated: true } => t("dienst + opslag + vaste bedragen zoals gefactureerd + afrekening (excl. btw) − inkomsten; reiskosten apart"),
        S::NetCostFormula { allocated: false } => t("dienst + opslag zoals gefactureerd + afrekening (excl. btw) − inkomsten; reiskosten apart"),
        S::ServiceAsInvoiced => t("dienst zoals gefactureerd"),
        S::QuarterlyInvoices(n) => t(format!(
            "{n} {}",
            if *n == 1 {
                "kwartaalfactuur"
            } else {
                "kwartaalfacturen"
            }
        )),
        S::TheQuarterlyInvoices => t("de kwartaalfacturen"),
        S::AllocationPartsRule6 => t("de delen van vaste bedragen op de facturen (regel 6)"),
        S::Income => t("inkomsten"),
        S::IncomeLinesAbove => t("de inkomstenregels hierboven"),
        _ => return None,
    })
}

fn term_label(n: u32) -> String {
    if n == 0 {
        "eerste looptijd".to_string()
    } else {
        format!("verlenging {n}")
    }
}

fn withdraw_rows(p: &S) -> Option<Text> {
    Some(match p {
        S::WithdrawHeading {
            name,
            party,
            agreement,
        } => t(format!("Uittredingsvergoeding — {name} ({party}), {agreement}")),
        S::EffectiveRow(d) => t(format!("uittreding gaat in op {d}")),
        S::TermRow { number, term } => t(format!(
            "huidige looptijd ({}): {} tot en met {}",
            term_label(*number),
            term.start(),
            term.end()
        )),
        S::PeriodRow(Some(p)) => t(format!(
            "vergoedingsperiode {} tot en met {}",
            p.start(),
            p.end()
        )),
        S::PeriodRow(None) => t("vergoedingsperiode: geen"),
        S::HoursLostRow => t("gederfde uren (gecontracteerde uren van de periode)"),
        S::RedeployedHoursRow => t("elders ingezette uren (vroegste maanden eerst)"),
        S::RedeployedCountedRow { given } => t("elders ingezette uren geteld (van ")
            .then(h(*given))
            .words(" opgegeven)"),
        S::HoursChargedRow => t("in rekening gebrachte uren"),
        S::CompensatedRow { percent } => t(format!(
            "vergoed: {}% van de in rekening gebrachte uren",
            percent.normalize()
        )),
        S::HoursTimes { hours, price } => crate::report::lang::hours_factor(*hours).words(" uur × ").money(*price),
        S::CompensationExclVat => t("vergoeding (excl. btw)"),
        S::RegularWayOut { wording, last_day } => t(format!(
            "reguliere weg: opzegging {} (laatste dag {last_day})",
            super::due(&crate::core::deadline::Due::By(*wording))
        )),
        S::EndsWithoutCompensation { ends, of } => t(format!(
            "… beëindigt {} op {ends} zonder vergoeding",
            what_ends(of.as_deref())
        )),
        S::AfterLastNoticeDay {
            last_day,
            next_last_day,
            ends,
            of,
        } => t(format!(
            "de ingangsdatum ligt na de laatste opzegdag {last_day}; een opzegging uiterlijk {next_last_day} beëindigt {} op {ends}",
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
        given.push(
            t("de ")
                .then(h(r))
                .words(" opgegeven elders ingezette uren"),
        );
    }
    if let Some(x) = external {
        given.push(t(format!("het einde van de externe overeenkomst op {x}")));
    }
    if given.is_empty() {
        return Text::default();
    }
    let mut text = t("; ");
    for (i, g) in given.into_iter().enumerate() {
        if i > 0 {
            text = text.words(" en ");
        }
        text = text.then(g);
    }
    text.words(
        " tellen niet: de overeenkomst heeft geen ontlastingsbepaling (withdrawal.relief_article)",
    )
}

fn why(r: &Reason) -> Text {
    match r {
        Reason::ExternalEndsBefore {
            external,
            effective,
            relief,
        } => t(format!(
            "geen vergoeding: de externe overeenkomst van de aanbieder kan eindigen op {external}, vóór de uittreding ingaat op {effective}{}",
            cite(relief)
        )),
        Reason::NoHoursLeft { effective, end } => t(format!(
            "geen vergoeding: er resten geen gecontracteerde uren van {effective} tot en met {end}"
        )),
        Reason::AllRedeployed {
            given,
            lost,
            effective,
            end,
            relief,
        } => t("geen vergoeding: de ")
            .then(h(*given))
            .words(" elders ingezette uren dekken alle ")
            .then(h(*lost))
            .words(format!(
                " gederfde uren van {effective} tot en met {end}{}",
                cite(relief)
            )),
        Reason::Owed(o) => owed(o),
    }
}

fn owed(o: &Owed) -> Text {
    let within_cap = o.within_cap.map_or(String::new(), |n| {
        format!(", binnen het maximum van {n} maanden")
    });
    let redeployment = match &o.redeployed {
        None => t("niets elders ingezet"),
        Some((d, relief)) => t("min ").then(h(*d)).words(format!(
            " elders ingezette uren, vroegste maanden eerst{}",
            cite(relief)
        )),
    };
    let share = o.share.as_ref().map_or(String::new(), |(p, a)| {
        format!(", vergoed voor {}% ({a})", p.normalize())
    });
    let mut text = t(format!(
        "{} treedt uit per {} in de {} ({}): zij is de ",
        o.name,
        o.effective,
        term_label(o.term_number),
        o.term
    ))
    .then(h(o.hours))
    .words(" gecontracteerde uren ")
    .then(window(&o.window))
    .words(format!("{within_cap} verschuldigd ({}), ", o.article))
    .then(redeployment)
    .words(": ")
    .then(h(o.charged))
    .words(format!(" in rekening gebracht{share}; "));
    for (i, (hours, price, amount)) in o.lines.iter().enumerate() {
        if i > 0 {
            text = text.words(" + ");
        }
        text = text
            .then(crate::report::lang::hours_factor(*hours))
            .words(" uur × ")
            .as_is(*price)
            .words(" = ")
            .money(*amount);
    }
    text.words(if o.with_fees {
        "; de opslagen van de overeenkomst gelden ook voor de vergoeding"
    } else {
        "; geen opslag: de vergoeding is gederfde inkomsten, geen dienst"
    })
}

fn window(w: &WindowWords) -> Text {
    let end = w.end;
    t(match w.bound {
        Bound::EndOfCurrentTerm => format!("tot het einde van de huidige looptijd op {end}"),
        Bound::EndOfOriginalTerm => {
            format!("tot het einde van de oorspronkelijke looptijd op {end}")
        }
        Bound::EndOfCalendarYear => format!("tot het einde van het kalenderjaar op {end}"),
        Bound::Cap => format!(
            "voor ten hoogste {} maanden, tot en met {end} (de looptijd loopt tot {})",
            w.cap_months, w.until
        ),
        Bound::ExternalContract => format!(
            "tot en met {end}, wanneer de externe overeenkomst van de aanbieder kan eindigen{}",
            cite(&w.relief)
        ),
        Bound::OwnNotice => {
            format!("tot en met {end}, wanneer haar eigen opzegging haar deelname toch beëindigt")
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
            None => t(format!("gederfde uren {from} – {to} à ")),
            Some(p) => t(format!(
                "{}% van de gederfde uren {from} – {to} à ",
                p.normalize()
            )),
        }
        .as_is(*rate),
        S::LostHoursSource => t(
            "gecontracteerde uren van de periode − elders ingezette uren (regel 3, regel 8)",
        ),
        S::PercentOfLost { percent, hours } => {
            t(format!("{}% (withdrawal.percent) × ", percent.normalize()))
                .then(h(*hours))
                .words(" uur: gecontracteerde uren van de periode − elders ingezette uren")
        }
        S::RateInForceFrom { rate, from } => t(format!("rates.{rate} geldend vanaf {from}")),
        S::CompensationOf { party, effective } => {
            t(format!("uittredingsvergoeding van {party} vanaf {effective}"))
        }
        S::CompensationFormula { percent: false } => t("Σ per geldend tarief: (gecontracteerde uren van de ingangsdatum tot het einde van de periode − elders ingezette uren, vroegste maanden eerst) × tarief"),
        S::CompensationFormula { percent: true } => t("Σ per geldend tarief: (gecontracteerde uren van de ingangsdatum tot het einde van de periode − elders ingezette uren, vroegste maanden eerst) × percentage ÷ 100 × tarief"),
        S::EffectiveDate => t("ingangsdatum"),
        S::CurrentTerm => t("huidige looptijd"),
        S::TermOf { number, term } => t(format!("{}: {term}", term_label(*number))),
        S::TermAndRenewal => t("looptijd en verlenging"),
        S::EndUnderClause => t("einde volgens de bepaling"),
        S::Cap => t("maximum"),
        S::CapMonths { months, end } => t(format!("{months} maanden → {end}")),
        S::ExternalCanEnd => t("externe overeenkomst kan eindigen"),
        S::ExternalInFacts => t("external_contract.ends in de feiten"),
        S::CompensationPeriod => t("periode"),
        S::EarliestOfEnds => t("het vroegste van de einden hierboven"),
        S::HoursLost => t("gederfde uren"),
        S::RedeployedHours => t("elders ingezette uren"),
        S::OfGiven { used, given } => h(*used).words(" van ").then(h(*given)).words(" opgegeven"),
        S::HoursCharged => t("in rekening gebrachte uren"),
        S::HoursLostMinusRedeployed => t("gederfde uren − elders ingezet"),
        S::ShareCompensated => t("vergoed deel"),
        _ => return None,
    })
}

fn travel_note(n: &TravelNote) -> Text {
    match n {
        TravelNote::NoTravel => t("de overeenkomst brengt geen reiskosten in rekening"),
        TravelNote::NotTakingPart { party, prev } => t(format!(
            "geen: {party} nam in {prev} niet deel, dus er is geen log om van uit te gaan"
        )),
        TravelNote::NoLog { agreement, prev } => t(format!(
            "geen: voor {agreement} is geen activiteitenlog vastgelegd, dus er zijn geen reiskosten van {prev} om van uit te gaan"
        )),
        TravelNote::NoRows { party, prev } => t(format!(
            "geen: het activiteitenlog heeft geen logregels voor {party} in {prev}"
        )),
        TravelNote::FromLog {
            prev,
            covered,
            whole,
            scaled,
        } => {
            let text = t(format!(
                "uit het log van {prev}, dat {} tot en met {} beslaat",
                covered.start(),
                covered.end()
            ));
            let text = match scaled {
                Some((km, days, year)) => text
                    .words(match whole {
                        true => format!(" ({} dagen, ", covered.days()),
                        false => format!(" (alleen {} dagen, ", covered.days()),
                    })
                    .exact(*km)
                    .words(format!(" km, geschaald naar de {days} dagen van {year})")),
                None => text,
            };
            text.words("; een schatting, apart getoond, niet in de marge")
        }
    }
}

fn budget(p: &S) -> Option<Text> {
    Some(match p {
        S::BudgetHeading {
            year,
            title,
            agreement,
        } => t(format!("Begroting {year} — {title} ({agreement})")),
        S::Basis(b) => t(match b {
            Basis::Default => "standaard",
            Basis::Declared => "opgegeven",
            Basis::Budget => "budget",
        }),
        S::Legend {
            allocated,
            advice_article,
        } => t(format!(
            "{}; marge = advies{} − kosten, vóór reiskosten; netto = kosten − verwachte inkomsten",
            if *allocated {
                "kosten = uren × tarief + vaste bedragen + opslag"
            } else {
                "kosten = uren × tarief + opslag"
            },
            cite(advice_article)
        )),
        S::Travel(n) => travel_note(n),
        S::YearlyHoursSource => t("jaaruren (opgave, budget of standaard)"),
        S::ContractedHoursOf(p) => t(format!("gecontracteerde uren van {p} (regel 3)")),
        S::ExpectedTravelLine { what, year, prev } => {
            t(format!("{what} {year} (verwacht naar {prev})"))
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
                    .words(format!(" km van {prev} in het activiteitenlog ("))
                    .then(source)
                    .words(format!(
                        ") over {covered} dagen, × {days} / {covered} dagen"
                    )),
                None => t(format!("km van {prev} in het activiteitenlog, ")).then(source),
            }
        }
        _ => return None,
    })
}

fn budget_explained(p: &S) -> Option<Text> {
    Some(match p {
        S::YearlyHoursOf { party, year } => t(format!("gecontracteerde uren van {party} voor {year}")),
        S::DefaultHoursFormula => t("uren per week × weken per jaar (geen opgave)"),
        S::DefaultYearlyHours => t("standaard jaaruren"),
        S::DeclaredHours => t("opgegeven uren"),
        S::BudgetHoursFormula => t("budget ÷ (tarief × (1 + opslag/100)), afgekapt op 2 decimalen"),
        S::DeclaredBudget => t("opgegeven budget"),
        S::RateWord => t("tarief"),
        S::LateWithConsent { source, consent } => t(format!(
            "{source}, te laat opgegeven met instemming van de aanbieder: {consent}"
        )),
        S::RateOnNewYear(year) => t(format!("tarief geldend op 1 januari {year}")),
        S::MarginOf { party, year } => t(format!("marge van {party} in {year}")),
        S::MarginFormula { whole_year: true } => {
            t("geadviseerd budget − (dienst + opslag), vóór reiskosten")
        }
        S::MarginFormula { whole_year: false } => t(
            "geadviseerd budget × gecontracteerde uren van het deel ÷ jaaruren − (dienst + opslag), vóór reiskosten",
        ),
        S::AdvisedBudget => t("geadviseerd budget"),
        S::AdvisedBudgetOfPart => t("geadviseerd budget van het deel"),
        S::AdvisedBudgetTimesShare => t("geadviseerd budget × deel van het jaar, op centen"),
        S::ServicePlusFee => t("dienst + opslag"),
        S::ShareOfYear => t("deel van het jaar"),
        S::HoursOver { hours, yearly } => crate::report::lang::hours_factor(*hours)
            .words(" ÷ ")
            .exact(*yearly),
        S::ContractedHoursWord => t("gecontracteerde uren"),
        S::ExpectedIncomeOf { what, party, year } => {
            t(format!("verwacht: {what} {party} {year}"))
        }
        S::ExpectedIncomeFormula { whole_year: true } => {
            t("verwacht aantal per jaar × bedrag per eenheid")
        }
        S::ExpectedIncomeFormula { whole_year: false } => t(
            "verwacht aantal per jaar × gecontracteerde uren van het deel ÷ jaaruren × bedrag per eenheid",
        ),
        S::ExpectedPerYear => t("verwacht per jaar"),
        S::AmountPerUnit => t("bedrag per eenheid"),
        S::NetExpectedOf { party, year } => {
            t(format!("netto verwachte kosten van {party} in {year}"))
        }
        S::NetExpectedFormula { allocated: true } => {
            t("dienst + vaste bedragen + opslag − verwachte inkomsten; reiskosten apart")
        }
        S::NetExpectedFormula { allocated: false } => {
            t("dienst + opslag − verwachte inkomsten; reiskosten apart")
        }
        S::CostOf { allocated: true } => t("dienst + vaste bedragen + opslag"),
        S::CostOf { allocated: false } => t("dienst + opslag"),
        S::ExpectedIncome => t("verwachte inkomsten"),
        S::IncomeAbove => t("de inkomsten hierboven"),
        _ => return None,
    })
}

fn notice_explained(p: &S) -> Option<Text> {
    Some(match p {
        S::NoticeEnd => t("einde na de opzegging"),
        S::NoticeEndFormula => {
            t("het einde van de eerste looptijd waarvan de uiterste opzegdatum op of na de gegeven datum valt")
        }
        S::GivenOn => t("gegeven op"),
        S::AgreementEnd => t("einde van de overeenkomst"),
        S::NoticePeriodEndFormula { months } => t(format!(
            "min(gegeven op + {}, begrensd op de laatste dag van de maand; het einde van de looptijd)",
            months_nl(*months)
        )),
        S::NoticePeriod => t("opzegtermijn"),
        S::Months(m) => t(months_nl(*m)),
        S::TermEnd => t("einde van de looptijd"),
        S::InitialTerm => t("eerste looptijd"),
        S::Renewal => t("verlenging"),
        S::RenewalMonths(m) => t(format!("{m} maanden")),
        S::NoticeDeadlineFor(end) => t(format!("uiterste opzegdatum voor {end}")),
        S::NoticeDeadline { wording, last_day } => t(format!(
            "{} → laatste dag {last_day}",
            crate::report::lang::wording(*wording, crate::cli::Locale::Nl)
        )),
        _ => return None,
    })
}

/// `1 maand`, `6 maanden`.
fn months_nl(months: u32) -> String {
    if months == 1 {
        "1 maand".to_string()
    } else {
        format!("{months} maanden")
    }
}

/// What a client's notice ends: its participation, or the agreement.
fn what_ends(of: Option<&str>) -> String {
    of.map_or("de overeenkomst".into(), |name| {
        format!("de deelname van {name}")
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
    let mut s = format!("{agreement} {party}: zoals gefactureerd");
    if !issued.is_empty() {
        let issued: Vec<String> = issued
            .iter()
            .map(|i| format!("{} ({})", i.period, i.number))
            .collect();
        s.push_str(&format!(", uitgereikt: {}", issued.join(", ")));
    }
    if !credited.is_empty() {
        let credited: Vec<String> = credited
            .iter()
            .map(|b| {
                format!(
                    "{} ({}, gecrediteerd door {})",
                    b.period, b.number, b.credit
                )
            })
            .collect();
        s.push_str(&format!(
            ", gecrediteerd en niet opnieuw uitgereikt, dus berekend: {}",
            credited.join(", ")
        ));
    }
    if !computed.is_empty() {
        s.push_str(&format!(
            ", berekend (niet in het register): {}",
            computed.join(", ")
        ));
    }
    s
}
