//! Billing lines and their totals, shared by invoices, settlements and
//! compensation statements: a line is rounded to cents once (DOMAIN rule 1),
//! fees are percentages of rounded lines, and VAT is computed per category
//! on the sum of the lines, as EN 16931 does (rule 4).

use rust_decimal::Decimal;
use serde::Serialize;

use crate::core::agreement::{Agreement, Article, LineKind, Unit, Vat, VatCategory};
use crate::core::explain::{Explanation, Input, Phrase, Value, CENTS};
use crate::core::money::Money;

/// One invoice line: quantity × unit price, rounded to cents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Line {
    pub kind: LineKind,
    /// The agreement's words for the line, or a typed description with
    /// figures in it (a fee over its base), worded by `report::lang`.
    pub description: Phrase,
    #[serde(with = "rust_decimal::serde::str")]
    pub quantity: Decimal,
    pub unit: Unit,
    #[serde(with = "rust_decimal::serde::str")]
    pub unit_price: Decimal,
    pub amount: Money,
    pub article: Article,
    #[serde(skip)]
    pub explanation: Explanation,
}

impl Line {
    /// A line of `quantity` × `unit_price`, rounded once to cents.
    /// The two sources say where the quantity and the price came from.
    #[allow(clippy::too_many_arguments)] // each argument is a distinct field of the line
    pub fn new(
        kind: LineKind,
        description: impl Into<Phrase>,
        quantity: Decimal,
        unit: Unit,
        unit_price: Decimal,
        article: &Article,
        quantity_source: impl Into<Phrase>,
        price_source: impl Into<Phrase>,
    ) -> Line {
        let description = description.into();
        let exact = quantity * unit_price;
        let amount = Money::round(exact);
        let explanation = Explanation::new(description.clone(), Phrase::QuantityTimesPrice, amount)
            .input(Input::new(
                Phrase::Quantity(unit),
                // Hours as every table writes them; a part month keeps
                // every decimal of its exact quantity.
                if unit == Unit::Hour && quantity.normalize().scale() <= 2 {
                    Value::Hours(quantity)
                } else {
                    Value::Number(quantity.normalize())
                },
                quantity_source,
            ))
            .input(Input::new(Phrase::UnitPrice, unit_price, price_source))
            .rounded(exact.normalize(), CENTS)
            .article(article);
        Line {
            kind,
            description,
            quantity,
            unit,
            unit_price,
            amount,
            article: article.clone(),
            explanation,
        }
    }

    /// A fixed amount (an allocation part): quantity 1, price = amount.
    pub fn fixed(
        kind: LineKind,
        description: impl Into<Phrase>,
        amount: Money,
        article: &Article,
        explanation: Explanation,
    ) -> Line {
        Line {
            kind,
            description: description.into(),
            quantity: Decimal::ONE,
            unit: Unit::Item,
            unit_price: amount.amount(),
            amount,
            article: article.clone(),
            explanation,
        }
    }
}

/// The fee lines the agreement's fees give on `lines`: each fee is its
/// percentage of the sum of the lines of the kinds in its base, rounded to
/// cents. A fee with nothing in its base gives no line.
pub fn fee_lines(a: &Agreement, lines: &[Line]) -> Vec<Line> {
    fee_lines_for(a, lines, |_| true)
}

/// As `fee_lines`, for the fees that `keep` accepts (a withdrawal without
/// fees keeps none).
pub fn fee_lines_for(
    a: &Agreement,
    lines: &[Line],
    keep: impl Fn(&crate::core::agreement::Fee) -> bool,
) -> Vec<Line> {
    let mut out = Vec::new();
    for fee in a.fees.iter().filter(|f| keep(f)) {
        let base_lines: Vec<&Line> = lines
            .iter()
            .filter(|l| fee.base.contains(&l.kind))
            .collect();
        if base_lines.is_empty() {
            continue;
        }
        let base: Money = base_lines.iter().map(|l| l.amount).sum();
        let (exact, amount) = base.percent(fee.percent);
        let mut e = Explanation::new(
            Phrase::Fee {
                what: fee.what.clone(),
                percent: fee.percent.normalize(),
            },
            Phrase::FeeOnBase,
            amount,
        )
        .rounded(exact, CENTS)
        .article(&fee.article);
        for l in &base_lines {
            e = e.input(Input::new(
                l.description.clone(),
                l.amount,
                Phrase::LineOf(l.article.clone()),
            ));
        }
        e = e.input(Input::new(
            Phrase::FeePercent,
            fee.percent.normalize(),
            Phrase::Given(format!("fees.{}.percent", fee.id)),
        ));
        out.push(Line {
            kind: LineKind::Fee,
            description: Phrase::FeeOver {
                what: fee.what.clone(),
                percent: fee.percent.normalize(),
                base,
            },
            quantity: fee.percent,
            unit: Unit::Percent,
            unit_price: base.amount(),
            amount,
            article: fee.article.clone(),
            explanation: e,
        });
    }
    out
}

/// VAT of one category over the sum of its lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VatPart {
    pub category: VatCategory,
    #[serde(with = "rust_decimal::serde::str")]
    pub percent: Decimal,
    pub base: Money,
    pub amount: Money,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(skip)]
    pub explanation: Explanation,
}

/// Subtotal, VAT and totals of a set of lines (fee lines included).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Totals {
    pub total_excl_vat: Money,
    pub vat: Vec<VatPart>,
    pub vat_total: Money,
    pub total_incl_vat: Money,
}

/// Totals of `lines` under the agreement's VAT treatment. Every line of an
/// agreement falls in its one VAT category, so an invoice never mixes "not
/// subject" with other categories.
pub fn totals(a: &Agreement, lines: &[Line]) -> Totals {
    let base: Money = lines.iter().map(|l| l.amount).sum();
    let (percent, reason) = match &a.vat {
        Vat::Standard { percent, .. } => (*percent, None),
        Vat::Exempt { reason } | Vat::NotSubject { reason } => {
            (Decimal::ZERO, Some(reason.clone()))
        }
    };
    let (exact, amount) = base.percent(percent);
    let explanation = Explanation::new(
        Phrase::VatPart {
            category: a.vat.category(),
            percent: percent.normalize(),
        },
        Phrase::VatOnLines,
        amount,
    )
    .input(Input::new(
        Phrase::SumOfLines,
        base,
        Phrase::RoundedLinesAbove,
    ))
    .input(Input::new(
        Phrase::VatPercent,
        percent.normalize(),
        Phrase::Given("vat.percent".into()),
    ))
    .rounded(exact, CENTS);
    let part = VatPart {
        category: a.vat.category(),
        percent,
        base,
        amount,
        reason,
        explanation,
    };
    Totals {
        total_excl_vat: base,
        vat_total: amount,
        total_incl_vat: base + amount,
        vat: vec![part],
    }
}
