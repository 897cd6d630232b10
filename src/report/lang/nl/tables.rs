//! The Dutch words of the tables of show, deadlines, notice and the
//! register, and of the calendar.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use crate::core::agreement::{
    Article, CompensationUntil, DeadlineKind, LineKind, OverUse, Role, ShareKey, UnderUse, Vat,
};
use crate::core::calendar::NonWorking;
use crate::core::deadline::{Note, What};
use crate::core::facts::Declared;
use crate::core::period::Rhythm;
use crate::register::DocumentKind;
use crate::report::lang::tables::{Heading, Notice, NoticeRule, Say, SharedBilling, Show, Tables};
use crate::report::text::Text;

pub(in crate::report::lang) static TABLES: Tables = Tables {
    heading,
    say,
    month,
    date,
    what,
    deadline_note,
    non_working,
};

fn heading(h: Heading) -> &'static str {
    use Heading as H;
    match h {
        H::Source => "bron",
        H::Parties => "Partijen",
        H::TermRenewalEnding => "Looptijd, verlenging en einde",
        H::AmountsFeesVat => "Bedragen, opslagen en btw",
        H::SharedAmounts => "Gedeelde bedragen",
        H::Capacity => "Capaciteit",
        H::KeyDeadlines => "Belangrijkste termijnen",
        H::WhoMustAgree => "Wie moet instemmen",
        H::Flags => "Aandachtspunten",
        H::Assumption => "aanname",
        H::Article => "artikel",
        H::Year => "jaar",
        H::Rate => "tarief",
        H::How => "berekening",
        H::Date => "datum",
        H::Day => "dag",
        H::Agreement => "overeenkomst",
        H::What => "wat",
        H::Kind => "soort",
        H::Wording => "bewoording",
        H::NotAWorkingDay => "geen werkdag",
        H::Number => "nummer",
        H::Period => "periode",
        H::Client => "afnemer",
        H::Issued => "factuurdatum",
        H::Due => "vervaldatum",
        H::ExclVat => "excl. btw",
        H::Vat => "btw",
        H::InclVat => "incl. btw",
        H::Credit => "creditnota",
        H::Note => "opmerking",
        H::Term => "looptijd",
        H::Billing => "facturering",
        H::Renewal => "verlenging",
        H::FirstNoticeDeadline => "eerste uiterste opzegdatum",
        H::EarlyTermination => "tussentijdse opzegging",
        H::EarlyWithdrawal => "tussentijdse uittreding",
        H::NoCompensation => "geen vergoeding",
        H::Travel => "reiskosten",
        H::Ort => "ORT",
        H::AdvisedBudget => "geadviseerd budget",
        H::TakeOrPay => "afnameplicht",
        H::YearEndSettlement => "jaarafrekening",
        H::OverUse => "meerafname",
        H::ProviderShortfall => "tekort van de aanbieder",
        H::TakeOrPayException => "uitzondering op de afnameplicht",
        H::DefaultPerClient => "standaard per afnemer",
        H::Billed => "gefactureerd",
        H::Flag => "let op",
        H::NoticePeriod => "opzegtermijn",
        H::EndOfTheTerm => "einde van de looptijd",
        H::Result => "uitkomst",
        H::RunningTerm => "lopende looptijd",
        H::Compensation => "vergoeding",
        H::Explanation => "Toelichting",
    }
}

fn t(words: impl Into<String>) -> Text {
    Text::default().words(words)
}

fn say(s: &Say) -> Text {
    match s {
        Say::Label(h) => t(heading(*h)),
        Say::Show(s) => show(s),
        Say::Notice(n) => notice(n),
        Say::Run(r) => super::run::run(r),
        _ => deadlines(s).unwrap_or_default(),
    }
}

/// The messages of `deadlines` and the table layout.
fn deadlines(s: &Say) -> Option<Text> {
    Some(match s {
        Say::DeadlinesIn { count, from, to } => {
            let noun = if *count == 1 { "termijn" } else { "termijnen" };
            t(format!("{count} {noun} van {from} tot en met {to}"))
        }
        Say::NextWorkingDay { reason, next } => t(format!(
            "{}; volgende werkdag {next}",
            non_working(reason)
        )),
        Say::DeadlinesDoNotMove => t(
            "Een termijn die op een weekend of feestdag valt, verschuift niet (de Algemene termijnenwet geldt niet voor contractuele termijnen); de volgende werkdag staat ernaast.",
        ),
        Say::Kind(k) => t(kind(*k)),
        Say::What(w) => t(what(w)),
        Say::EveryYearFirstShown(w) => t(format!("{} (jaarlijks; de eerste keer getoond)", what(w))),
        Say::IcsWording(nl) => t(format!("Bewoording: {nl}")),
        Say::IcsKind(k) => t(format!("Soort: {}", kind(*k))),
        Say::IcsDate(d) => t(format!("Datum: {d} ({})", super::weekday(d.weekday()))),
        Say::IcsNotWorking { reason, next } => t(format!(
            "Geen werkdag ({}); volgende werkdag {next}. De termijn zelf verschuift niet.",
            non_working(reason)
        )),
        Say::IcsNote(n) => t(format!("Opmerking: {n}")),
        Say::DocumentKind(k) => t(match k {
            DocumentKind::Invoice => "factuur",
            DocumentKind::Credit => "creditnota",
        }),
        Say::Credits(n) => t(format!("crediteert {n}")),
        Say::CreditedBy(n) => t(format!("gecrediteerd door {n}")),
        Say::NoDocuments => t("geen documenten"),
        Say::StoredTitle {
            kind,
            number,
            series,
        } => t(format!("{} {number} (serie {series})", kind_nl(*kind))),
        Say::StoredExplanation { issued } => t(format!(
            "de toelichting zoals opgeslagen bij de uitgifte op {issued}; een uitgegeven document verandert niet"
        )),
        Say::IssuedDue { issued, due } => t(format!("uitgegeven {issued}, vervaldatum {due}")),
        Say::CreditsBecause { credits, reason } => t(format!("crediteert {credits}: {reason}")),
        Say::Issued {
            count,
            credit,
            register,
        } => t(format!("{} opgenomen in {register}", documents(*count, *credit))),
        Say::WouldIssue {
            count,
            credit,
            period,
            register,
        } => t(format!(
            "proefrun: zou {} over {period} opnemen in {register}; er is niets geschreven",
            documents(*count, *credit)
        )),
        Say::NothingToIssue { period, register } => t(format!(
            "niets op te nemen over {period}; er is niets geschreven in {register}"
        )),
        Say::IssueAgain {
            period,
            agreement,
            client,
        } => t(format!(
            "{period} voor {client} kan opnieuw worden opgenomen: ledger issue --quarter {period} --agreement {agreement} --party {client}"
        )),
        Say::LeftOut { width, columns } => t(format!(
            "(weggelaten om in {width} kolommen te passen: {}; een grotere --width toont ze)",
            columns.join(", ")
        )),
        _ => return None,
    })
}

/// `3 facturen`, `1 creditnota`.
fn documents(count: usize, credit: bool) -> String {
    match (credit, count) {
        (true, 1) => "1 creditnota".to_string(),
        (true, n) => format!("{n} creditnota's"),
        (false, 1) => "1 factuur".to_string(),
        (false, n) => format!("{n} facturen"),
    }
}

fn kind(k: DeadlineKind) -> &'static str {
    match k {
        DeadlineKind::Obligation => "verplichting",
        DeadlineKind::Option => "keuze",
        DeadlineKind::Aim => "streven",
    }
}

fn what(w: &What) -> String {
    match w {
        What::Written(s) => s.clone(),
        What::EndByNotice { given } => {
            format!("Einde van de overeenkomst door de opzegging van {given}")
        }
        What::EndOfAgreement { term } => format!("Einde van de overeenkomst (looptijd {term})"),
        What::TermEnd {
            renewal,
            term,
            renewed_to,
            notice_by,
        } => {
            let label = if *renewal == 0 {
                "Einde van de eerste looptijd".to_string()
            } else {
                format!("Einde van verlenging {renewal}")
            };
            format!(
                "{label} ({term}); verlengd tot {renewed_to} tenzij uiterlijk {notice_by} is opgezegd"
            )
        }
        What::RenewalNotice { ends, renewed_to } => format!(
            "Laatste dag om verlenging op te zeggen: opzegging beëindigt de overeenkomst op {ends} in plaats van haar te verlengen tot {renewed_to}"
        ),
        What::EarlyNotice { ends, term_end } => format!(
            "Laatste dag om tussentijds op te zeggen: de overeenkomst eindigt dan op {ends} in plaats van op {term_end}"
        ),
        What::Invoice { period, clients } => {
            format!("Factuur over {period} aan {}", names(clients))
        }
    }
}

/// "A", "A en B", "A, B en C".
fn names(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} en {last}", rest.join(", ")),
    }
}

fn deadline_note(n: &Note) -> String {
    match n {
        Note::DerivedFromNoticePeriod { months } => format!(
            "afgeleid uit de opzegtermijn van {months} maanden: een latere opzegging beëindigt de overeenkomst niet eerder dan de looptijd"
        ),
        Note::NoInvoiceDueDate => "de overeenkomst stelt geen vervaldatum voor de periodieke factuur; de datum is de eerste dag waarop zij kan worden opgemaakt".to_string(),
    }
}

fn non_working(n: &NonWorking) -> String {
    match n {
        NonWorking::Holiday(name) => (*name).to_string(),
        NonWorking::Weekend(day) => super::weekday(*day).to_string(),
    }
}

/// The Dutch name of a month, in lower case as Dutch writes it.
///
/// # Panics
///
/// Panics if `month` is not in 1..=12.
fn month(month: u32) -> &'static str {
    match month {
        1 => "januari",
        2 => "februari",
        3 => "maart",
        4 => "april",
        5 => "mei",
        6 => "juni",
        7 => "juli",
        8 => "augustus",
        9 => "september",
        10 => "oktober",
        11 => "november",
        12 => "december",
        _ => panic!("month {month} is not in 1..=12"),
    }
}

/// A date the way Dutch prose writes it: "9 februari 2010", with no
/// leading zero on the day and the month in lower case.
pub(super) fn date(d: NaiveDate) -> String {
    format!("{} {} {}", d.day(), month(d.month()), d.year())
}

// ---------------------------------------------------------------------------
// show
// ---------------------------------------------------------------------------

fn show(s: &Show) -> Text {
    show_terms(s)
        .or_else(|| show_amounts(s))
        .or_else(|| show_capacity(s))
        .unwrap_or_default()
}

fn role(r: Role) -> &'static str {
    match r {
        Role::Provider => "aanbieder",
        Role::Client => "afnemer",
    }
}

pub(super) fn noun(r: Rhythm) -> &'static str {
    match r {
        Rhythm::Month => "maand",
        Rhythm::Quarter => "kwartaal",
        Rhythm::HalfYear => "halfjaar",
        Rhythm::Year => "jaar",
    }
}

fn nouns(r: Rhythm) -> &'static str {
    match r {
        Rhythm::Month => "maanden",
        Rhythm::Quarter => "kwartalen",
        Rhythm::HalfYear => "halfjaren",
        Rhythm::Year => "jaren",
    }
}

/// Small counts in words, as agreements write them ("zes maanden").
fn in_words(n: u32) -> String {
    const WORDS: [&str; 13] = [
        "nul", "een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien",
        "elf", "twaalf",
    ];
    WORDS
        .get(n as usize)
        .map_or_else(|| n.to_string(), |w| w.to_string())
}

/// The parties, the term and how it renews and ends.
fn show_terms(s: &Show) -> Option<Text> {
    Some(match s {
        Show::Party {
            role: r,
            label,
            address,
        } => {
            let role = match label {
                Some(l) => format!("{} ({l})", role(*r)),
                None => role(*r).to_string(),
            };
            let address = address.as_deref().unwrap_or("geen adres in de overeenkomst");
            t(format!("{role}; {address}"))
        }
        Show::Joined { from, source } => t(format!("afnemer, toegetreden op {from} ({source})")),
        Show::TermSpan { start, end } => t(format!("{start} tot en met {end}")),
        Show::Billing { rhythm, advance } => {
            let advance = if *advance { ", vooraf" } else { "" };
            t(format!("per {}{advance}", noun(*rhythm)))
        }
        Show::Renewal { months, rule } => {
            let rule = match rule {
                NoticeRule::OnDay(w) => {
                    let w = super::due(&crate::core::deadline::Due::By(*w));
                    format!("{} van het jaar waarin de looptijd eindigt", strip_year(&w))
                }
                NoticeRule::MonthsBeforeEnd(m) => {
                    format!("{m} maanden voor het einde van de looptijd")
                }
            };
            t(format!(
                "telkens verlengd met {months} maanden, tenzij {rule} schriftelijk is opgezegd"
            ))
        }
        Show::FirstNotice { last, end } => t(format!(
            "opzegging uiterlijk {last} beëindigt de overeenkomst op {end}; een latere opzegging een looptijd later"
        )),
        Show::EarlyTermination { months, last } => {
            let last = last.map_or(String::new(), |(d, e)| {
                format!(
                    "; de laatste opzegging die haar vóór het einde van de looptijd beëindigt, wordt gedaan op {d} en beëindigt haar op {e}"
                )
            });
            t(format!("opzegtermijn van {} maanden{last}", in_words(*months)))
        }
        Show::EarlyWithdrawal {
            percent,
            until,
            cap_months,
            with_fees,
        } => {
            let share = if *percent == Decimal::ONE_HUNDRED {
                String::new()
            } else {
                format!("{}% van de ", percent.normalize())
            };
            let fees = if *with_fees {
                "met opslagen"
            } else {
                "zonder opslagen"
            };
            t(format!(
                "vergoeding: {share}gecontracteerde uren die vervallen tot {}, ten hoogste {cap_months} maanden, {fees}",
                until_words(*until)
            ))
        }
        Show::Relief => t(
            "voor zover de uren elders worden ingezet of het externe contract eerder kan worden beëindigd",
        ),
        _ => return None,
    })
}

fn until_words(u: CompensationUntil) -> &'static str {
    match u {
        CompensationUntil::EndOfCurrentTerm => "het einde van de lopende looptijd",
        CompensationUntil::EndOfOriginalTerm => "het einde van de oorspronkelijke looptijd",
        CompensationUntil::EndOfCalendarYear => "het einde van het kalenderjaar",
    }
}

/// "vóór 1 september 2000" → "vóór 1 september".
fn strip_year(text: &str) -> &str {
    text.trim_end_matches(" 2000")
}

fn line_kind(kind: LineKind) -> &'static str {
    match kind {
        LineKind::Service => "inzet",
        LineKind::Ort => "ORT",
        LineKind::Travel => "reiskosten",
        LineKind::Allocation => "toerekening",
        LineKind::Compensation => "vergoeding",
        LineKind::Settlement => "afrekening",
        LineKind::Fee => "opslag",
    }
}

/// Fees, allocations, other amounts, VAT and the take-or-pay clause.
fn show_amounts(s: &Show) -> Option<Text> {
    Some(match s {
        Show::FeeLabel(what) => t(format!("opslag: {what}")),
        Show::Fee { percent, base } => {
            let base: Vec<&str> = base.iter().map(|k| line_kind(*k)).collect();
            t(format!(
                "{}% over de regels voor {}",
                percent.normalize(),
                base.join(" en ")
            ))
        }
        Show::AllocationLabel { year, what } => t(format!("toerekening {year}: {what}")),
        Show::AllocationPaidBy(payer) => t(format!(
            " te betalen door {payer}, over de kwartalen verdeeld naar dagen van de looptijd"
        )),
        Show::UnagreedLabel(year) => t(format!("vanaf {year}")),
        Show::Unagreed(note) => t(format!("geen bedrag overeengekomen: {note}")),
        Show::Travel { what, rate } => {
            t(format!("{what}: km uit het activiteitenlog × tarief `{rate}`"))
        }
        Show::Ort { what, percent } => t(format!(
            "{what}: {}% over uren buiten het dagvenster",
            percent.normalize()
        )),
        Show::IncomeLabel(what) => t(format!("inkomsten: {what}")),
        Show::PerHouseVisit => t(" per huisbezoek, voor de afnemer"),
        Show::PerClientPerYear => t(" per afnemer per jaar"),
        Show::ExpectedPerYear(n) => t(format!("verwacht: {n} per afnemer per jaar")),
        Show::Vat(v) => t(match v {
            Vat::Standard { percent, note } => format!(
                "standaard {}%{}",
                percent.normalize(),
                note.as_ref().map(|n| format!(" ({n})")).unwrap_or_default()
            ),
            Vat::Exempt { reason } => format!("vrijgesteld: {reason}"),
            Vat::NotSubject { reason } => format!("niet belastbaar: {reason}"),
        }),
        Show::UnderUse(u) => t(match u {
            UnderUse::RedeployedOrUndelivered => {
                "gecontracteerde maar niet afgenomen uren blijven over het jaar verschuldigd, tenzij de aanbieder ze elders inzet"
            }
            UnderUse::Never => {
                "gecontracteerde maar niet afgenomen uren blijven over het jaar verschuldigd en worden nooit terugbetaald, ook niet als de aanbieder ze elders inzet"
            }
            UnderUse::Always => {
                "gecontracteerde maar niet afgenomen uren worden bij de jaarafrekening terugbetaald"
            }
        }),
        Show::OverUse(o) => t(match o {
            OverUse::Billed => "meerafname wordt tegen het tarief met de opslag in rekening gebracht",
            OverUse::NotBilled => "meerafname wordt niet gefactureerd",
        }),
        Show::Shortfall(u) => t(match u {
            UnderUse::Never => {
                "uren die de aanbieder niet leverde, geven bij de afrekening geen terugbetaling"
            }
            _ => "uren die de aanbieder niet leverde, worden nooit in rekening gebracht",
        }),
        Show::SettledYearly => t(
            "verschillen tussen gecontracteerde en afgenomen uren worden aan het einde van het kalenderjaar verrekend",
        ),
        _ => return None,
    })
}

/// Hours as every table writes them, with the invoice's two decimals.
fn hours(t: Text, d: Decimal) -> Text {
    t.number(d, 2).words(" h")
}

/// Capacity, rates and shared amounts.
fn show_capacity(s: &Show) -> Option<Text> {
    Some(match s {
        Show::DefaultHours {
            per_week,
            weeks,
            yearly,
        } => {
            let x =
                hours(Text::default(), *per_week).words(format!(" per week × {weeks} weken = "));
            let x = hours(x, *yearly).words(" per jaar = ");
            let x = hours(x, *yearly / Decimal::from(12)).words(" per maand = ");
            hours(x, *yearly / Decimal::from(4)).words(" per kwartaal")
        }
        Show::BilledHours { rate } => t(format!(
            "de gecontracteerde uren van elke maand × het uurtarief `{rate}`"
        )),
        Show::DeclaredLabel { party, year } => t(format!("opgegeven door {party} voor {year}")),
        Show::Declared {
            declared,
            given,
            source,
            consent,
        } => {
            let what = match declared {
                Declared::Hours(x) => hours(Text::default(), *x),
                Declared::Budget(b) => t("budget ").money(*b),
            };
            let consent = consent.as_ref().map_or(String::new(), |c| {
                format!(", na de termijn, met instemming van de aanbieder: {c}")
            });
            what.words(format!(", opgegeven op {given} ({source}){consent}"))
        }
        Show::RateTitle {
            id,
            what,
            unit,
            article,
        } => t(format!(
            "Tarief `{id}`: {what} per {} ({article})",
            super::unit(*unit)
        )),
        Show::DatedValueFrom(d) => t(format!("gedateerde waarde vanaf {d}")),
        Show::RateProblem(e) => t(rate_problem(e)),
        Show::ShareProblem(e) => t(share_problem(e)),
        Show::Shared {
            from_year,
            until_year,
            indexation,
            key,
            billing,
        } => t(shared(*from_year, *until_year, indexation, key, billing)),
        _ => return None,
    })
}

/// ` per jaar vanaf 2020 …; verdeelsleutel: …; in zijn geheel gefactureerd in Q1`.
fn shared(
    from: i32,
    until: Option<i32>,
    indexation: &Option<(String, i32, Article)>,
    key: &ShareKey,
    billing: &SharedBilling,
) -> String {
    let until = until.map_or(
        " voor elk jaar van de looptijd en de verlengingen".to_string(),
        |u| format!(" tot en met {u}"),
    );
    let mut words = format!(" per jaar vanaf {from}{until}");
    if let Some((series, first, article)) = indexation {
        words.push_str(&format!(
            "; geïndexeerd met `{series}` vanaf {first} ({article})"
        ));
    }
    let key_words = match key {
        ShareKey::Payer(p) => format!("geheel te betalen door {p}"),
        ShareKey::Equal => "gelijke delen".to_string(),
        ShareKey::Percent(_) => "vaste percentages".to_string(),
        ShareKey::Weights(series) => format!("gewichten `{series}` per afnemer en jaar (feiten)"),
    };
    words.push_str(&format!("; verdeelsleutel: {key_words}"));
    if !matches!(key, ShareKey::Payer(_)) {
        words.push_str("; een afnemer die in de loop van een jaar toetreedt, deelt mee vanaf het volgende jaar");
    }
    words.push_str(&match billing {
        SharedBilling::Whole(p) => format!("; in zijn geheel gefactureerd in {p}"),
        SharedBilling::ByDays(r) => format!("; over de {} verdeeld naar dagen", nouns(*r)),
    });
    words
}

// ---------------------------------------------------------------------------
// notice
// ---------------------------------------------------------------------------

fn notice(n: &Notice) -> Text {
    notice_ends(n)
        .or_else(|| notice_steps(n))
        .unwrap_or_default()
}

/// What ends, and why.
fn notice_ends(n: &Notice) -> Option<Text> {
    Some(t(match n {
        Notice::Given { by, given } => {
            let by = by.as_ref().map_or(String::new(), |(name, r)| {
                format!(" door {name} ({})", role(*r))
            });
            format!(
                "Schriftelijke opzegging{by} op {given} ({})",
                super::weekday(given.weekday())
            )
        }
        Notice::Ends { ends } => format!("Einde: {ends} — "),
        Notice::Participation(name) => format!(
            "de deelname van {name}; de overeenkomst loopt door tussen de andere partijen"
        ),
        Notice::TheAgreement => "de overeenkomst".to_string(),
        Notice::TheAgreementWhenProvider => "de overeenkomst als de aanbieder opzegt; de opzegging van een afnemer beëindigt alleen diens deelname".to_string(),
        Notice::EndedByRecorded { by, given } => format!(
            "de overeenkomst, door de opzegging van {by} op {given}; deze opzegging verandert niets"
        ),
        Notice::AlreadyEndsLabel => "eindigt al".to_string(),
        Notice::AlreadyEnds {
            by,
            given,
            source,
            ends,
            this_given,
        } => format!(
            "{by} zegde op {given} op ({source}), wat de overeenkomst op {ends} beëindigt; een opzegging op {this_given} kan haar niet later beëindigen"
        ),
        Notice::NoNoticeClauseLabel => "geen opzeggingsclausule".to_string(),
        Notice::NoNoticeClause { ends } => format!(
            "de overeenkomst heeft geen clausule die haar door opzegging beëindigt; zij eindigt met haar looptijd op {ends}"
        ),
        Notice::NoticeLabel => "opzegging".to_string(),
        Notice::NeedsNoConsent => {
            "schriftelijke opzegging door één partij; geen andere partij hoeft in te stemmen"
                .to_string()
        }
        Notice::EarlyWithdrawalLabel => "tussentijdse uittreding".to_string(),
        Notice::MayLeaveEarly => "een afnemer mag uittreden voordat de opzegging ingaat, zonder instemming van de anderen, maar is een vergoeding verschuldigd".to_string(),
        Notice::Pays {
            percent,
            until,
            cap_months,
            with_fees,
        } => {
            let share = if *percent == Decimal::ONE_HUNDRED {
                String::new()
            } else {
                format!("{}% van ", percent.normalize())
            };
            let fees = if *with_fees {
                "met de opslagen van de overeenkomst"
            } else {
                "zonder opslagen"
            };
            format!(
                "de uittredende afnemer betaalt {share}de gecontracteerde uren die hij vanaf de ingangsdatum niet meer afneemt tot {}, ten hoogste {cap_months} maanden, {fees}",
                until_words(*until)
            )
        }
        Notice::Relief => "voor zover de aanbieder de uren elders kan inzetten of zijn externe inhuurcontract kan beëindigen voordat de uittreding ingaat".to_string(),
        Notice::HowTheEndFollows => "Hoe het einde volgt".to_string(),
        Notice::InsteadEffective { effective, before } => format!(
            "In plaats daarvan tussentijds uittreden, met ingang van {effective} (vóór {before})"
        ),
        Notice::CannotBeComputed(why) => format!("niet te berekenen: {why}"),
        Notice::ComputedBy(command) => format!("berekend door `{command}`"),
        _ => return None,
    }))
}

/// How the end follows from the clause, step by step.
fn notice_steps(n: &Notice) -> Option<Text> {
    Some(t(match n {
        Notice::NoticePeriod {
            given,
            months,
            computed,
            clamped,
        } => {
            let unit = if *months == 1 { "maand" } else { "maanden" };
            let clamp = clamped.map_or(String::new(), |day| {
                format!(
                    "; {} heeft geen dag {day}, dus de opzegtermijn eindigt op de laatste dag",
                    month(computed.month())
                )
            });
            format!("{given} + {months} {unit} = {computed}{clamp}")
        }
        Notice::TermEndsFirst { term_end, computed } => {
            format!("{term_end} valt vóór {computed}: de looptijd eindigt eerst")
        }
        Notice::TermEndsAfter { term_end, computed } => format!("{term_end}, na {computed}"),
        Notice::EndsWithTerm { ends } => format!(
            "de overeenkomst eindigt met haar looptijd op {ends}; de opzegging beëindigt haar niet eerder"
        ),
        Notice::EndsBeforeTerm { ends } => {
            format!("de overeenkomst eindigt op {ends}, vóór het einde van haar looptijd")
        }
        Notice::Running { renewal, term } => match renewal {
            0 => format!("de eerste looptijd: {term}"),
            n => format!("verlenging {n}: {term}"),
        },
        Notice::TooLateFor(d) => format!("te laat voor {d}"),
        Notice::TooLate {
            end,
            wording,
            last_day,
            given,
            days,
            renews_to,
        } => format!(
            "opzegging tegen de verlenging na {end} moest {} worden gedaan (laatste dag {last_day}); {given} is {days} {} te laat, dus de overeenkomst wordt verlengd tot {renews_to}",
            super::due(&crate::core::deadline::Due::By(*wording)),
            if *days == 1 { "dag" } else { "dagen" }
        ),
        Notice::OnTimeFor(d) => format!("op tijd voor {d}"),
        Notice::OnTime {
            end,
            wording,
            last_day,
            given,
            days,
        } => {
            let margin = match days {
                0 => "de laatste dag zelf".to_string(),
                1 => "1 dag ervoor".to_string(),
                n => format!("{n} dagen ervoor"),
            };
            format!(
                "opzegging tegen de verlenging na {end} moet {} worden gedaan (laatste dag {last_day}); {given} is {margin}",
                super::due(&crate::core::deadline::Due::By(*wording))
            )
        }
        Notice::EndsAtTermEnd {
            next,
            end,
            renewal_to,
        } => {
            let which = if *next {
                "de volgende looptijd"
            } else {
                "de lopende looptijd"
            };
            format!(
                "zij eindigt aan het einde van {which}, op {end}, in plaats van te worden verlengd tot {renewal_to}"
            )
        }
        _ => return None,
    }))
}

/// A stored document's kind in a title: `factuur`, `creditnota`.
fn kind_nl(kind: DocumentKind) -> &'static str {
    match kind {
        DocumentKind::Invoice => "factuur",
        DocumentKind::Credit => "creditnota",
    }
}

/// Why `show` has no rate for a year.
fn rate_problem(e: &crate::core::rate::RateError) -> String {
    use crate::core::rate::RateError as E;
    match e {
        E::Unknown { rate } => format!("onbekend tarief `{rate}`"),
        E::NoValue { rate, date, first } => format!(
            "tarief `{rate}` heeft geen waarde op {date}; de eerste waarde geldt vanaf {first}"
        ),
        E::MissingFigure {
            series,
            year,
            rate,
            needed_for,
        } => format!(
            "indexreeks `{series}` heeft geen cijfer voor {year}, nodig om tarief `{rate}` voor {needed_for} te indexeren; voeg het toe onder [[index_figures]] in de feiten"
        ),
    }
}

/// Why `show` has no division of a shared amount for a year.
fn share_problem(e: &crate::core::shares::ShareError) -> String {
    use crate::core::shares::ShareError as E;
    match e {
        E::MissingWeight {
            amount,
            series,
            party,
            year,
        } => format!(
            "geen gewicht `{series}` voor `{party}` in {year}, nodig voor gedeeld bedrag `{amount}`; voeg het toe aan de [[weights]] van de feiten"
        ),
        E::MissingFigure {
            amount,
            series,
            year,
            needed_for,
        } => format!(
            "indexreeks `{series}` heeft geen cijfer voor {year}, nodig om gedeeld bedrag `{amount}` voor {needed_for} te indexeren"
        ),
        E::NoPercent { amount, party } => {
            format!("`{party}` heeft geen percentage in de verdeling van gedeeld bedrag `{amount}`")
        }
        // The cause is a problem of the arithmetic, said as it is.
        E::Split { amount, year, source } => {
            format!("gedeeld bedrag `{amount}` kan voor {year} niet worden verdeeld: {source}")
        }
    }
}
