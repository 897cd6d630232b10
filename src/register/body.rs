//! The stored form of an invoice: the document `ledger issue` records and
//! `ledger register show` renders back, exactly as `ledger invoice` showed it.
//!
//! The core's `Invoice` derives only `Serialize`, for its JSON report, and
//! skips what that report leaves out (the explanation of each line and VAT
//! part). This boundary type mirrors it field for field with serde both ways,
//! so that a stored body converts back into the very same `Invoice` and goes
//! through the same renderers; nothing is recomputed. Amounts are exact
//! decimal text, never floats.
//!
//! A credit note is stored in the same form: [`credit_note`] negates every
//! line amount, the subtotal, the fees, the VAT and the totals in full, and
//! the body names the invoice it credits and why.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::core::agreement::{Article, LineKind, Unit, VatCategory};
use crate::core::explain::{Explanation, Input, Phrase, Rounding, Value};
use crate::core::invoice::{Invoice, InvoiceNote, PartyRef};
use crate::core::lines::{Line, Totals, VatPart};
use crate::core::money::Money;
use crate::core::period::BillingPeriod;
use crate::report::lang;

/// The version of the body format, stored in every body so that a later
/// ledger can tell an old body from a new one.
pub const BODY_VERSION: u32 = 1;

/// Why a stored body does not convert back into an invoice. Only an edit
/// outside ledger (or a body from a newer ledger) can cause it.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum BodyError {
    #[error("the stored document is not valid JSON of an invoice: {0}")]
    Json(String),
    #[error(
        "the stored document has body version {found}; this ledger reads version {BODY_VERSION}"
    )]
    Version { found: u32 },
    #[error("the stored document has a bad {what}: {value:?}")]
    Value { what: &'static str, value: String },
}

/// What a stored document says beyond the invoice itself.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CreditRef {
    /// The number of the credited invoice.
    pub credits: String,
    pub reason: String,
}

/// A stored invoice or credit note, as JSON in the register's `body` column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoredInvoice {
    pub version: u32,
    pub id: String,
    pub agreement: String,
    pub agreement_title: String,
    pub period: String,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub issuer: StoredParty,
    pub recipient: StoredParty,
    pub lines: Vec<StoredLine>,
    pub subtotal: Decimal,
    pub fees: Decimal,
    pub total_excl_vat: Decimal,
    pub vat: Vec<StoredVat>,
    pub vat_total: Decimal,
    pub total_incl_vat: Decimal,
    pub notes: Vec<String>,
    pub explanations: Vec<StoredExplanation>,
    /// Set on a credit note only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credit: Option<CreditRef>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoredParty {
    pub id: String,
    pub name: String,
    pub role_label: Option<String>,
    pub address: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoredLine {
    pub kind: String,
    pub description: String,
    pub quantity: Decimal,
    pub unit: String,
    pub unit_price: Decimal,
    pub amount: Decimal,
    pub article: String,
    pub explanation: StoredExplanation,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoredVat {
    pub category: String,
    pub percent: Decimal,
    pub base: Decimal,
    pub amount: Decimal,
    pub reason: Option<String>,
    pub explanation: StoredExplanation,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoredExplanation {
    pub figure: String,
    pub formula: String,
    /// (name, value, source) of each input.
    pub inputs: Vec<[String; 3]>,
    pub unrounded: Option<String>,
    pub rounding: Option<String>,
    pub result: String,
    pub article: Option<String>,
}

/// The JSON body of an invoice (or credit note), explanations included.
pub fn to_body(invoice: &Invoice, credit: Option<&CreditRef>) -> String {
    let stored = StoredInvoice::of(invoice, credit.cloned());
    // Serializing plain strings, decimals and dates into a String cannot fail.
    serde_json::to_string(&stored).unwrap_or_default()
}

/// The invoice a body holds, and the credited number when it is a credit
/// note. Fails on a body that is not one this ledger wrote.
pub fn from_body(body: &str) -> Result<(Invoice, Option<CreditRef>), BodyError> {
    let stored: StoredInvoice =
        serde_json::from_str(body).map_err(|e| BodyError::Json(e.to_string()))?;
    if stored.version != BODY_VERSION {
        return Err(BodyError::Version {
            found: stored.version,
        });
    }
    let credit = stored.credit.clone();
    Ok((stored.into_invoice()?, credit))
}

/// The credit note of `invoice` (number `credits`): every line amount, the
/// subtotal, the fees, the VAT and the totals negated in full. The quantity
/// is negated too, so that quantity × unit price still gives the amount.
pub fn credit_note(invoice: &Invoice, credits: &str, reason: &str) -> Invoice {
    let mut note = invoice.clone();
    for l in &mut note.lines {
        l.quantity = -l.quantity;
        l.amount = -l.amount;
    }
    note.subtotal = -note.subtotal;
    note.fees = -note.fees;
    note.totals.total_excl_vat = -note.totals.total_excl_vat;
    note.totals.vat_total = -note.totals.vat_total;
    note.totals.total_incl_vat = -note.totals.total_incl_vat;
    for v in &mut note.totals.vat {
        v.base = -v.base;
        v.amount = -v.amount;
    }
    note.notes.insert(
        0,
        InvoiceNote::Credit {
            credits: credits.to_string(),
            reason: reason.to_string(),
        },
    );
    note
}

impl StoredInvoice {
    fn of(i: &Invoice, credit: Option<CreditRef>) -> StoredInvoice {
        StoredInvoice {
            version: BODY_VERSION,
            id: i.id.clone(),
            agreement: i.agreement.clone(),
            agreement_title: i.agreement_title.clone(),
            period: i.period.to_string(),
            period_start: i.period_start,
            period_end: i.period_end,
            issuer: StoredParty::of(&i.issuer),
            recipient: StoredParty::of(&i.recipient),
            lines: i.lines.iter().map(StoredLine::of).collect(),
            subtotal: i.subtotal.amount(),
            fees: i.fees.amount(),
            total_excl_vat: i.totals.total_excl_vat.amount(),
            vat: i.totals.vat.iter().map(StoredVat::of).collect(),
            vat_total: i.totals.vat_total.amount(),
            total_incl_vat: i.totals.total_incl_vat.amount(),
            notes: i.notes.iter().map(lang::machine_note).collect(),
            explanations: i.explanations.iter().map(StoredExplanation::of).collect(),
            credit,
        }
    }

    fn into_invoice(self) -> Result<Invoice, BodyError> {
        let period = self
            .period
            .parse::<BillingPeriod>()
            .map_err(|_| bad("billing period", &self.period))?;
        Ok(Invoice {
            id: self.id,
            agreement: self.agreement,
            agreement_title: self.agreement_title,
            period,
            period_start: self.period_start,
            period_end: self.period_end,
            issuer: self.issuer.into_party(),
            recipient: self.recipient.into_party(),
            lines: self
                .lines
                .into_iter()
                .map(StoredLine::into_line)
                .collect::<Result<_, _>>()?,
            subtotal: money(self.subtotal)?,
            fees: money(self.fees)?,
            totals: Totals {
                total_excl_vat: money(self.total_excl_vat)?,
                vat: self
                    .vat
                    .into_iter()
                    .map(StoredVat::into_vat)
                    .collect::<Result<_, _>>()?,
                vat_total: money(self.vat_total)?,
                total_incl_vat: money(self.total_incl_vat)?,
            },
            notes: self.notes.into_iter().map(InvoiceNote::Verbatim).collect(),
            explanations: self
                .explanations
                .into_iter()
                .map(StoredExplanation::into_explanation)
                .collect(),
        })
    }
}

impl StoredParty {
    fn of(p: &PartyRef) -> StoredParty {
        StoredParty {
            id: p.id.clone(),
            name: p.name.clone(),
            role_label: p.role_label.clone(),
            address: p.address.clone(),
        }
    }

    fn into_party(self) -> PartyRef {
        PartyRef {
            id: self.id,
            name: self.name,
            role_label: self.role_label,
            address: self.address,
        }
    }
}

impl StoredLine {
    fn of(l: &Line) -> StoredLine {
        StoredLine {
            kind: kind_name(l.kind).to_owned(),
            description: lang::machine(&l.description),
            quantity: l.quantity,
            unit: l.unit.as_str().to_owned(),
            unit_price: l.unit_price,
            amount: l.amount.amount(),
            article: l.article.0.clone(),
            explanation: StoredExplanation::of(&l.explanation),
        }
    }

    fn into_line(self) -> Result<Line, BodyError> {
        let kind = parse_kind(&self.kind)?;
        let description =
            stored_description(kind, self.description, self.quantity, self.unit_price);
        Ok(Line {
            kind,
            description,
            quantity: self.quantity,
            unit: parse_unit(&self.unit)?,
            unit_price: self.unit_price,
            amount: money(self.amount)?,
            article: Article(self.article),
            explanation: self.explanation.into_explanation(),
        })
    }
}

/// A stored line's words as the phrase they were written from, where that
/// is certain: a fee line's `<what> <percent>% over <base>` (its quantity is
/// the percentage, its unit price the base) comes back as the typed fee
/// description, so that `register show` words it as `ledger invoice` does.
/// A credit note's fee line has the percentage negated as its quantity and
/// the words of the line it negates, so the words are matched against the
/// percentage without its sign. Any other text stays as it was stored.
fn stored_description(kind: LineKind, text: String, percent: Decimal, base: Decimal) -> Phrase {
    let base = Money::round(base);
    let percent = percent.abs().normalize();
    if kind == LineKind::Fee {
        let fee = Phrase::FeeOver {
            what: String::new(),
            percent,
            base,
        };
        let tail = lang::machine(&fee);
        if let Some(what) = text.strip_suffix(&tail) {
            let fee = Phrase::FeeOver {
                what: what.to_string(),
                percent,
                base,
            };
            if lang::machine(&fee) == text {
                return fee;
            }
        }
    }
    Phrase::Verbatim(text)
}

impl StoredVat {
    fn of(v: &VatPart) -> StoredVat {
        StoredVat {
            category: v.category.as_str().to_owned(),
            percent: v.percent,
            base: v.base.amount(),
            amount: v.amount.amount(),
            reason: v.reason.clone(),
            explanation: StoredExplanation::of(&v.explanation),
        }
    }

    fn into_vat(self) -> Result<VatPart, BodyError> {
        Ok(VatPart {
            category: parse_category(&self.category)?,
            percent: self.percent,
            base: money(self.base)?,
            amount: money(self.amount)?,
            reason: self.reason,
            explanation: self.explanation.into_explanation(),
        })
    }
}

impl StoredExplanation {
    fn of(e: &Explanation) -> StoredExplanation {
        StoredExplanation {
            figure: lang::machine(&e.figure),
            formula: lang::machine(&e.formula),
            inputs: e
                .inputs
                .iter()
                .map(|i| {
                    [
                        lang::machine(&i.name),
                        lang::machine_value(&i.value),
                        lang::machine(&i.source),
                    ]
                })
                .collect(),
            unrounded: e.unrounded.as_ref().map(lang::machine_value),
            rounding: e.rounding.as_ref().map(lang::machine_rounding),
            result: lang::machine_value(&e.result),
            article: e.article.as_ref().map(|a| a.0.clone()),
        }
    }

    fn into_explanation(self) -> Explanation {
        Explanation {
            figure: Phrase::Verbatim(self.figure),
            formula: Phrase::Verbatim(self.formula),
            inputs: self
                .inputs
                .into_iter()
                .map(|[name, value, source]| Input::new(name, value, source))
                .collect(),
            unrounded: self.unrounded.map(Value::from),
            rounding: self.rounding.map(Rounding::from),
            result: Value::from(self.result),
            article: self.article.map(Article),
        }
    }
}

fn bad(what: &'static str, value: &str) -> BodyError {
    BodyError::Value {
        what,
        value: value.to_owned(),
    }
}

/// An amount back as money; it must be whole cents, as every stored amount is.
fn money(d: Decimal) -> Result<Money, BodyError> {
    Money::parse(&d.to_string()).map_err(|_| bad("amount", &d.to_string()))
}

/// The stable name of a line kind. The match is exhaustive, so a new kind
/// cannot be added without a name here.
fn kind_name(kind: LineKind) -> &'static str {
    match kind {
        LineKind::Service => "service",
        LineKind::Ort => "ort",
        LineKind::Travel => "travel",
        LineKind::Allocation => "allocation",
        LineKind::Compensation => "compensation",
        LineKind::Settlement => "settlement",
        LineKind::Fee => "fee",
    }
}

fn parse_kind(text: &str) -> Result<LineKind, BodyError> {
    const KINDS: [LineKind; 7] = [
        LineKind::Service,
        LineKind::Ort,
        LineKind::Travel,
        LineKind::Allocation,
        LineKind::Compensation,
        LineKind::Settlement,
        LineKind::Fee,
    ];
    KINDS
        .into_iter()
        .find(|k| kind_name(*k) == text)
        .ok_or_else(|| bad("line kind", text))
}

fn parse_unit(text: &str) -> Result<Unit, BodyError> {
    [Unit::Hour, Unit::Km, Unit::Percent, Unit::Item]
        .into_iter()
        .find(|u| u.as_str() == text)
        .ok_or_else(|| bad("unit", text))
}

fn parse_category(text: &str) -> Result<VatCategory, BodyError> {
    [
        VatCategory::Standard,
        VatCategory::Exempt,
        VatCategory::NotSubject,
    ]
    .into_iter()
    .find(|c| c.as_str() == text)
    .ok_or_else(|| bad("VAT category", text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    /// The Tholen 2018-Q1 invoice of the shipped data, explanations kept.
    fn tholen_2018_q1() -> Invoice {
        let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let dataset = crate::load::load(
            &[root.join("agreements/brp-pool.toml")],
            &[root.join("examples/brp-facts.toml")],
        )
        .expect("the shipped data loads");
        let quarter = BillingPeriod::quarter(2018, 1).expect("a quarter");
        let (report, _) =
            crate::cmd::invoice::compute(&dataset, quarter, Some("brp-pool"), Some("tholen"))
                .expect("the invoices compute");
        report.invoices.into_iter().next().expect("one invoice")
    }

    #[test]
    fn the_tholen_invoice_round_trips_exactly_with_its_explanations() {
        let inv = tholen_2018_q1();
        // Hand-checked in tests/invoice.rs: 31.50 h × 56.96 = 1,794.24, fee
        // 5% = 89.71, travel 107.18, total incl. VAT 2,409.27.
        assert_eq!(inv.lines[0].amount.plain(), "1794.24");
        assert_eq!(inv.totals.total_incl_vat.plain(), "2409.27");
        assert!(!inv.explanations.is_empty());
        let body = to_body(&inv, None);
        let (back, credit) = from_body(&body).unwrap();
        // The words come back as they were stored (Dutch, figures plain,
        // as issued), not as the typed values the core built them from:
        // every figure and key is the same, and so is the body.
        assert_eq!(to_body(&back, None), body);
        assert_eq!(back.lines.len(), inv.lines.len());
        for (b, i) in back.lines.iter().zip(&inv.lines) {
            assert_eq!(
                (b.kind, b.quantity, b.unit, b.unit_price),
                (i.kind, i.quantity, i.unit, i.unit_price)
            );
            assert_eq!((b.amount, &b.article), (i.amount, &i.article));
        }
        assert_eq!(
            (back.subtotal, back.fees, &back.totals.total_excl_vat),
            (inv.subtotal, inv.fees, &inv.totals.total_excl_vat)
        );
        assert_eq!(
            (back.totals.vat_total, back.totals.total_incl_vat),
            (inv.totals.vat_total, inv.totals.total_incl_vat)
        );
        assert_eq!(credit, None);
    }

    #[test]
    fn a_credit_note_negates_everything_and_names_the_invoice() {
        let inv = tholen_2018_q1();
        let note = credit_note(&inv, "brp-pool-2018-0003", "wrong hours");
        let credit = CreditRef {
            credits: "brp-pool-2018-0003".into(),
            reason: "wrong hours".into(),
        };
        let body = to_body(&note, Some(&credit));
        let (back, read) = from_body(&body).unwrap();
        assert_eq!(to_body(&back, Some(&credit)), body);
        assert_eq!(read, Some(credit));
        let amounts: Vec<String> = back.lines.iter().map(|l| l.amount.plain()).collect();
        assert_eq!(amounts, ["-1794.24", "-107.18", "-89.71"]);
        assert_eq!(back.lines[0].quantity.to_string(), "-31.50");
        assert_eq!(back.subtotal.plain(), "-1901.42");
        assert_eq!(back.fees.plain(), "-89.71");
        assert_eq!(back.totals.total_excl_vat.plain(), "-1991.13");
        assert_eq!(back.totals.vat_total.plain(), "-418.14");
        assert_eq!(back.totals.vat[0].base.plain(), "-1991.13");
        assert_eq!(back.totals.total_incl_vat.plain(), "-2409.27");
        assert_eq!(
            lang::machine_note(&back.notes[0]),
            "creditnota voor factuur brp-pool-2018-0003: wrong hours"
        );
    }

    #[test]
    fn a_foreign_body_is_an_error_not_a_panic() {
        assert!(matches!(from_body("{}"), Err(BodyError::Json(_))));
        let inv = tholen_2018_q1();
        let body = to_body(&inv, None).replace("\"version\":1", "\"version\":9");
        assert_eq!(from_body(&body), Err(BodyError::Version { found: 9 }));
        let body = to_body(&inv, None).replace("\"kind\":\"fee\"", "\"kind\":\"gift\"");
        assert_eq!(
            from_body(&body).unwrap_err().to_string(),
            "the stored document has a bad line kind: \"gift\""
        );
    }
}
