//! The `[[party_details]]` tables of a facts file: what an e-invoice needs
//! to know about a party (see `core::party_details`). Every value present is
//! checked here, with its place; a value left out is not an error, since a
//! party may not be ready for e-invoices yet (`ledger check` warns instead).

use std::collections::HashSet;

use serde::Deserialize;
use toml::Spanned;

use crate::core::facts::Facts;
use crate::core::party_details::{Endpoint, PartyDetails, PaymentMeans, Scheme};
use crate::load::document::Schema;
use crate::load::fields::Checker;

type S<T> = Spanned<T>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPartyDetails {
    party: S<String>,
    #[serde(default)]
    placeholder: bool,
    oin: Option<S<String>>,
    kvk: Option<S<String>>,
    vat_id: Option<S<String>>,
    iban: Option<S<String>>,
    bic: Option<S<String>>,
    street: Option<S<String>>,
    city: Option<S<String>>,
    postcode: Option<S<String>>,
    country: Option<S<String>>,
    endpoint: Option<RawEndpoint>,
    buyer_reference: Option<S<String>>,
    payment_means: Option<S<i64>>,
    payment_terms: Option<S<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEndpoint {
    scheme: S<String>,
    id: S<String>,
}

/// The table's keys, for the report of unknown keys.
pub(super) fn schema() -> Schema {
    Schema::of::<RawPartyDetails>().with("endpoint", Schema::of::<RawEndpoint>())
}

/// Checks every table and adds it to `facts`. `known` holds every party of
/// the agreement (provider and clients); a party may have one table across
/// all facts files of its agreement.
pub(super) fn party_details(
    c: &mut Checker,
    known: &HashSet<String>,
    raw: &[RawPartyDetails],
    facts: &mut Facts,
) {
    for r in raw {
        let party = r.party.get_ref();
        if !known.contains(party) {
            let mut all: Vec<&str> = known.iter().map(String::as_str).collect();
            all.sort_unstable();
            c.error_help(
                &r.party,
                format!("unknown party `{party}`"),
                format!("the parties are: {}", all.join(", ")),
            );
            continue;
        }
        if let Some(first) = facts.details(party) {
            c.error(
                &r.party,
                format!(
                    "party details for `{party}` are given twice; the first are at {}",
                    first.source
                ),
            );
            continue;
        }
        let d = details(c, r);
        facts.party_details.push(d);
    }
}

fn details(c: &mut Checker, r: &RawPartyDetails) -> PartyDetails {
    let country = r.country.as_ref().and_then(|v| country(c, v));
    let dutch = country.as_deref() == Some("NL");
    PartyDetails {
        party: r.party.get_ref().clone(),
        placeholder: r.placeholder,
        oin: r.oin.as_ref().and_then(|v| digits(c, v, "oin", 20)),
        kvk: r.kvk.as_ref().and_then(|v| digits(c, v, "kvk", 8)),
        vat_id: r.vat_id.as_ref().and_then(|v| vat_id(c, v)),
        iban: r.iban.as_ref().and_then(|v| iban(c, v)),
        bic: r.bic.as_ref().and_then(|v| bic(c, v)),
        street: r.street.as_ref().map(|v| c.text(v, "street")),
        city: r.city.as_ref().map(|v| c.text(v, "city")),
        postcode: r.postcode.as_ref().and_then(|v| postcode(c, v, dutch)),
        country,
        endpoint: r.endpoint.as_ref().and_then(|e| endpoint(c, e)),
        buyer_reference: r
            .buyer_reference
            .as_ref()
            .map(|v| c.text(v, "buyer_reference")),
        payment_means: r.payment_means.as_ref().and_then(|v| payment_means(c, v)),
        payment_terms: r.payment_terms.as_ref().map(|v| c.text(v, "payment_terms")),
        source: c.place(&r.party),
    }
}

/// A number of exactly `len` digits, as an OIN (20) or a KvK number (8) is.
fn digits(c: &mut Checker, v: &S<String>, what: &str, len: usize) -> Option<String> {
    let s = v.get_ref().trim();
    if s.len() == len && s.bytes().all(|b| b.is_ascii_digit()) {
        return Some(s.to_string());
    }
    c.error(v, format!("{what} `{s}` is not {len} digits"));
    None
}

/// A VAT id: a country prefix and up to 12 letters or digits; a Dutch one is
/// `NL` + 9 digits + `B` + 2 digits.
fn vat_id(c: &mut Checker, v: &S<String>) -> Option<String> {
    let s = v.get_ref().trim();
    let b = s.as_bytes();
    let prefixed = b.len() >= 4 && b[..2].iter().all(u8::is_ascii_uppercase);
    let rest_ok = b.len() <= 14 && b[2..].iter().all(u8::is_ascii_alphanumeric);
    let dutch_ok = !s.starts_with("NL")
        || (b.len() == 14
            && b[2..11].iter().all(u8::is_ascii_digit)
            && b[11] == b'B'
            && b[12..].iter().all(u8::is_ascii_digit));
    if prefixed && rest_ok && dutch_ok {
        return Some(s.to_string());
    }
    c.error_help(
        v,
        format!("vat_id `{s}` is not a VAT id"),
        "a Dutch VAT id is NL, 9 digits, B and 2 digits, e.g. \"NL001234567B01\"",
    );
    None
}

/// An IBAN whose check digits hold (ISO 13616, mod 97); spaces are dropped.
fn iban(c: &mut Checker, v: &S<String>) -> Option<String> {
    let s: String = v.get_ref().chars().filter(|c| *c != ' ').collect();
    let shaped = (15..=34).contains(&s.len())
        && s.as_bytes()[..2].iter().all(u8::is_ascii_uppercase)
        && s.bytes()
            .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase());
    if shaped && iban_mod97(&s) == 1 {
        return Some(s);
    }
    c.error(
        v,
        format!("iban `{}` is not a valid IBAN (check digits)", v.get_ref()),
    );
    None
}

/// The IBAN's remainder mod 97 with the first four characters moved to the
/// end and letters as 10..35; valid IBANs give 1.
fn iban_mod97(s: &str) -> u32 {
    let rotated = s[4..].bytes().chain(s[..4].bytes());
    rotated.fold(0u32, |acc, b| {
        let value = if b.is_ascii_digit() {
            u32::from(b - b'0')
        } else {
            u32::from(b - b'A') + 10
        };
        let shift = if value >= 10 { 100 } else { 10 };
        (acc * shift + value) % 97
    })
}

fn bic(c: &mut Checker, v: &S<String>) -> Option<String> {
    let s = v.get_ref().trim();
    if (s.len() == 8 || s.len() == 11) && s.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Some(s.to_string());
    }
    c.error(v, format!("bic `{s}` is not 8 or 11 letters and digits"));
    None
}

fn country(c: &mut Checker, v: &S<String>) -> Option<String> {
    let s = v.get_ref().trim();
    if s.len() == 2 && s.bytes().all(|b| b.is_ascii_uppercase()) {
        return Some(s.to_string());
    }
    c.error(
        v,
        format!("country `{s}` is not an ISO 3166 code such as \"NL\""),
    );
    None
}

/// A postcode; a Dutch one is four digits, a space and two letters.
fn postcode(c: &mut Checker, v: &S<String>, dutch: bool) -> Option<String> {
    let s = v.get_ref().trim();
    let b = s.as_bytes();
    let ok = if dutch {
        b.len() == 7
            && b[..4].iter().all(u8::is_ascii_digit)
            && b[4] == b' '
            && b[5..].iter().all(u8::is_ascii_uppercase)
    } else {
        !s.is_empty()
    };
    if ok {
        return Some(s.to_string());
    }
    c.error(
        v,
        format!("postcode `{s}` is not a Dutch postcode such as \"4611 AS\""),
    );
    None
}

/// An endpoint: scheme 0190 with an OIN or 0106 with a KvK number.
fn endpoint(c: &mut Checker, e: &RawEndpoint) -> Option<Endpoint> {
    let Some(scheme) = Scheme::from_code(e.scheme.get_ref()) else {
        c.error_help(
            &e.scheme,
            format!("endpoint scheme `{}` is not allowed", e.scheme.get_ref()),
            "use \"0190\" (OIN) or \"0106\" (KvK number)",
        );
        return None;
    };
    let (what, len) = match scheme {
        Scheme::Oin => ("endpoint id (an OIN)", 20),
        Scheme::Kvk => ("endpoint id (a KvK number)", 8),
    };
    let id = digits(c, &e.id, what, len)?;
    Some(Endpoint { scheme, id })
}

fn payment_means(c: &mut Checker, v: &S<i64>) -> Option<PaymentMeans> {
    match v.get_ref() {
        30 => Some(PaymentMeans::CreditTransfer),
        58 => Some(PaymentMeans::SepaCreditTransfer),
        other => {
            c.error_help(
                v,
                format!("payment_means {other} is not a credit transfer code"),
                "use 30 (credit transfer) or 58 (SEPA credit transfer), paid to the iban",
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::iban_mod97;

    #[test]
    fn iban_check_digits() {
        assert_eq!(iban_mod97("NL91ABNA0417164300"), 1);
        assert_ne!(iban_mod97("NL92ABNA0417164300"), 1);
        assert_eq!(iban_mod97("GB82WEST12345698765432"), 1);
    }
}
