//! What an e-invoice needs to know about a party that the agreement text
//! does not give: its registration numbers, VAT id, bank account, postal
//! address, Peppol endpoint, the reference it wants on its invoices, and (for
//! the party that is paid) its payment terms.
//!
//! Built by `load::party_details` from `[[party_details]]` tables in a facts
//! file; every value present has been checked there (an OIN has 20 digits, an
//! IBAN its check digits, …). A value may be absent: whether a party can
//! send or receive an e-invoice yet is asked here, field by field, so that
//! `ledger check` and the UBL writer name the same missing fields.

use crate::core::agreement::{Agreement, Role, VatCategory};
use crate::core::facts::Facts;

/// A Peppol / ISO 6523 identifier scheme a Dutch municipality uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// Organisatie-identificatienummer, 20 digits (ICD/EAS 0190).
    Oin,
    /// KvK number of the Dutch Chamber of Commerce, 8 digits (ICD/EAS 0106).
    Kvk,
}

impl Scheme {
    /// The code of the ICD and EAS lists, as UBL's `schemeID` carries it.
    pub fn code(self) -> &'static str {
        match self {
            Scheme::Oin => "0190",
            Scheme::Kvk => "0106",
        }
    }

    /// The scheme of a code; `None` for any code Dutch rules do not allow.
    pub fn from_code(code: &str) -> Option<Scheme> {
        match code {
            "0190" => Some(Scheme::Oin),
            "0106" => Some(Scheme::Kvk),
            _ => None,
        }
    }
}

/// A Peppol participant identifier: where the network delivers documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    pub scheme: Scheme,
    pub id: String,
}

/// How the paid party wants to be paid (UNCL 4461), both by credit transfer
/// to its IBAN: the codes Dutch rules allow for that (BR-NL-12).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaymentMeans {
    /// 30: credit transfer.
    CreditTransfer,
    /// 58: SEPA credit transfer.
    SepaCreditTransfer,
}

impl PaymentMeans {
    pub fn code(self) -> &'static str {
        match self {
            PaymentMeans::CreditTransfer => "30",
            PaymentMeans::SepaCreditTransfer => "58",
        }
    }
}

/// The e-invoice details of one party of an agreement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartyDetails {
    /// The party's id in the agreement (`tholen`).
    pub party: String,
    /// Whether the values are made up, to be replaced before real use.
    pub placeholder: bool,
    /// OIN, 20 digits (scheme 0190).
    pub oin: Option<String>,
    /// KvK number, 8 digits (scheme 0106).
    pub kvk: Option<String>,
    /// VAT id, `NL#########B##`.
    pub vat_id: Option<String>,
    pub iban: Option<String>,
    pub bic: Option<String>,
    pub street: Option<String>,
    pub city: Option<String>,
    pub postcode: Option<String>,
    /// ISO 3166-1 alpha-2.
    pub country: Option<String>,
    pub endpoint: Option<Endpoint>,
    /// The reference this party wants on invoices sent to it (BT-10).
    pub buyer_reference: Option<String>,
    pub payment_means: Option<PaymentMeans>,
    /// The payment terms as text (BT-20), e.g. "Betaling binnen 30 dagen".
    pub payment_terms: Option<String>,
    /// Where the table was written (`examples/brp-facts.toml:40`).
    pub source: String,
}

/// What a document needs of a party, by the side it stands on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// Sends the invoice and is paid.
    Seller,
    /// Receives it.
    Buyer,
}

impl PartyDetails {
    /// No details at all, for a party without a `[[party_details]]` table,
    /// so that "what is missing" has one answer for both cases.
    pub fn none(party: &str) -> PartyDetails {
        PartyDetails {
            party: party.to_string(),
            placeholder: false,
            oin: None,
            kvk: None,
            vat_id: None,
            iban: None,
            bic: None,
            street: None,
            city: None,
            postcode: None,
            country: None,
            endpoint: None,
            buyer_reference: None,
            payment_means: None,
            payment_terms: None,
            source: String::new(),
        }
    }

    /// The legal registration id (BT-30 / BT-47): the OIN where there is one,
    /// since municipalities are identified by it, else the KvK number.
    pub fn legal_id(&self) -> Option<(Scheme, &str)> {
        match (&self.oin, &self.kvk) {
            (Some(oin), _) => Some((Scheme::Oin, oin.as_str())),
            (None, Some(kvk)) => Some((Scheme::Kvk, kvk.as_str())),
            (None, None) => None,
        }
    }

    /// The keys (as the facts file spells them) a document on `side` needs
    /// and this party lacks, in file order. `vat` is the category of the
    /// document: a seller needs a VAT id unless it is "not subject" (O),
    /// where the rules forbid one (BR-O-02).
    pub fn missing(&self, side: Side, vat: VatCategory) -> Vec<&'static str> {
        let mut out = Vec::new();
        if self.legal_id().is_none() {
            out.push("oin or kvk");
        }
        let seller = side == Side::Seller;
        if seller && vat != VatCategory::NotSubject && self.vat_id.is_none() {
            out.push("vat_id");
        }
        if seller && self.iban.is_none() {
            out.push("iban");
        }
        let address = [
            ("street", &self.street),
            ("city", &self.city),
            ("postcode", &self.postcode),
            ("country", &self.country),
        ];
        out.extend(address.iter().filter(|(_, v)| v.is_none()).map(|(k, _)| *k));
        if self.endpoint.is_none() {
            out.push("endpoint");
        }
        if !seller && self.buyer_reference.is_none() {
            out.push("buyer_reference");
        }
        if seller && self.payment_means.is_none() {
            out.push("payment_means");
        }
        out
    }
}

/// A party of an agreement that cannot take part in an e-invoice yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unready {
    pub party: String,
    pub side: Side,
    /// The keys it lacks, as the facts file spells them.
    pub missing: Vec<&'static str>,
}

/// Every party of the agreement (the provider as seller, each client as
/// buyer, those that joined by accession last) that lacks a field its
/// e-invoices need, in the agreement's order.
pub fn unready(a: &Agreement, f: &Facts) -> Vec<Unready> {
    let vat = a.vat.category();
    a.parties
        .iter()
        .chain(f.accessions.iter().map(|ac| &ac.party))
        .filter_map(|p| {
            let side = match p.role {
                Role::Provider => Side::Seller,
                Role::Client => Side::Buyer,
            };
            let none = PartyDetails::none(&p.id);
            let missing = f.details(&p.id).unwrap_or(&none).missing(side, vat);
            (!missing.is_empty()).then(|| Unready {
                party: p.id.clone(),
                side,
                missing,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn complete() -> PartyDetails {
        PartyDetails {
            oin: Some("00000001001234567000".into()),
            vat_id: Some("NL001234567B01".into()),
            iban: Some("NL91ABNA0417164300".into()),
            street: Some("Raadhuisplein 1".into()),
            city: Some("Voorbeeldstad".into()),
            postcode: Some("1234 AB".into()),
            country: Some("NL".into()),
            endpoint: Some(Endpoint {
                scheme: Scheme::Oin,
                id: "00000001001234567000".into(),
            }),
            buyer_reference: Some("INK-1".into()),
            payment_means: Some(PaymentMeans::CreditTransfer),
            ..PartyDetails::none("x")
        }
    }

    #[test]
    fn a_complete_party_lacks_nothing_on_either_side() {
        let p = complete();
        assert!(p.missing(Side::Seller, VatCategory::Standard).is_empty());
        assert!(p.missing(Side::Buyer, VatCategory::Standard).is_empty());
    }

    #[test]
    fn a_buyer_needs_no_iban_vat_id_or_payment_means_but_a_reference() {
        let p = PartyDetails {
            iban: None,
            vat_id: None,
            payment_means: None,
            buyer_reference: None,
            ..complete()
        };
        assert_eq!(
            p.missing(Side::Buyer, VatCategory::Standard),
            ["buyer_reference"]
        );
        assert_eq!(
            p.missing(Side::Seller, VatCategory::Standard),
            ["vat_id", "iban", "payment_means"]
        );
    }

    #[test]
    fn a_seller_not_subject_to_vat_needs_no_vat_id() {
        let p = PartyDetails {
            vat_id: None,
            ..complete()
        };
        assert!(p.missing(Side::Seller, VatCategory::NotSubject).is_empty());
    }

    #[test]
    fn the_oin_is_the_legal_id_where_both_are_known() {
        let p = PartyDetails {
            kvk: Some("12345678".into()),
            ..complete()
        };
        assert_eq!(p.legal_id().unwrap().0, Scheme::Oin);
        let p = PartyDetails { oin: None, ..p };
        assert_eq!(p.legal_id(), Some((Scheme::Kvk, "12345678")));
        assert_eq!(
            PartyDetails::none("x")
                .missing(Side::Buyer, VatCategory::Exempt)
                .len(),
            7
        );
    }
}
