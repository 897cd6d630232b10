//! The documents a register holds: what a caller hands in, and what it reads back.
//!
//! The register stores what it is given. The body (the whole document as
//! JSON) and the fingerprint of the inputs are opaque to it, and so is the
//! billing period's key (`2018-Q1`, `2019-03`, `2019-H1`, `2019`): the billing
//! period type belongs to the core, and the register only needs to compare
//! keys for equality.

use std::fmt;

use chrono::NaiveDate;

use crate::core::money::Money;

use super::template::{NumberTemplate, Numbering};

/// Whether a document is an invoice or a credit note; in JSON and CSV
/// its stored name (`invoice`, `credit`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DocumentKind {
    Invoice,
    Credit,
}

impl DocumentKind {
    /// The value stored in the `kind` column.
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentKind::Invoice => "invoice",
            DocumentKind::Credit => "credit",
        }
    }

    /// Reads the `kind` column back; `None` for anything else.
    pub fn parse(text: &str) -> Option<DocumentKind> {
        match text {
            "invoice" => Some(DocumentKind::Invoice),
            "credit" => Some(DocumentKind::Credit),
            _ => None,
        }
    }
}

impl fmt::Display for DocumentKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A document's totals, stored as exact decimal text ("1883.95").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Totals {
    pub excl_vat: Money,
    pub vat: Money,
    pub incl_vat: Money,
    /// ISO 4217 code, "EUR" for every agreement so far.
    pub currency: String,
}

impl Totals {
    /// The same totals with the sign flipped, as a credit note carries them.
    pub fn negated(&self) -> Totals {
        Totals {
            excl_vat: -self.excl_vat,
            vat: -self.vat,
            incl_vat: -self.incl_vat,
            currency: self.currency.clone(),
        }
    }
}

/// An invoice to issue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewInvoice {
    pub agreement: String,
    /// The billing period's stable key.
    pub period: String,
    pub client: String,
    pub issuer: String,
    pub issue_date: NaiveDate,
    pub due_date: NaiveDate,
    pub template: NumberTemplate,
    pub totals: Totals,
    /// The whole document as JSON.
    pub body: String,
    /// A fingerprint of the inputs the document was computed from.
    pub fingerprint: String,
}

/// A credit note to issue against an invoice.
///
/// Its agreement, period, client, issuer and (negated) totals come from the
/// credited invoice; negating the body is the caller's job, since the body is
/// opaque to the register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCredit {
    /// The number of the invoice to credit.
    pub credits: String,
    pub reason: String,
    pub issue_date: NaiveDate,
    /// The issuer's templates; the credit note takes the credit template if
    /// there is one, else the invoice template.
    pub numbering: Numbering,
    pub body: String,
    pub fingerprint: String,
}

/// What an issue or credit recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issued {
    pub seq: i64,
    pub number: String,
    pub series: String,
    pub series_seq: i64,
    pub hash: String,
}

/// A stored document, as read back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub seq: i64,
    pub number: String,
    pub series: String,
    pub series_seq: i64,
    pub kind: DocumentKind,
    pub agreement: String,
    pub period: String,
    pub client: String,
    pub issuer: String,
    pub issue_date: NaiveDate,
    pub due_date: NaiveDate,
    /// For a credit note: the number of the credited invoice.
    pub credits: Option<String>,
    /// For a credit note: why.
    pub reason: Option<String>,
    pub totals: Totals,
    pub body: String,
    pub fingerprint: String,
    pub prev_hash: String,
    pub hash: String,
    /// For an invoice: the number of the credit note that credited it, if
    /// any. Not a column: looked up when the document is read.
    pub credited_by: Option<String>,
}

impl Document {
    /// An invoice that no credit note has credited.
    pub fn is_live_invoice(&self) -> bool {
        self.kind == DocumentKind::Invoice && self.credited_by.is_none()
    }
}

/// Which documents `list` returns; `None` matches everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListFilter {
    /// The issue date's year.
    pub year: Option<i32>,
    /// A party on either side: the client or the issuer.
    pub party: Option<String>,
    pub agreement: Option<String>,
}
