//! UBL 2.1 e-invoices: an issued invoice as a UBL `Invoice`, a credit note
//! as a UBL `CreditNote` (type 381, referring to the invoice it credits), for
//! Peppol BIS Billing 3.0 or NLCIUS (SI-UBL 2.0).
//!
//! The document is written with quick-xml's streaming `Writer`, one explicit
//! start and end event per element, in the order the UBL 2.1 XSD's
//! sequences demand (the order is listed in `shared/einvoice/README.md` §7,
//! which the functions below follow top to bottom). Like every renderer it
//! never recomputes a figure: quantities, prices, line amounts, the VAT
//! breakdown and the totals are the invoice's own. What the agreement does
//! not know (registration numbers, addresses, bank account, endpoints) comes
//! from the parties' `[[party_details]]`; when a field a document needs is
//! missing, the error names the party and the field and nothing is written.

use super::lang;
use std::fmt;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use chrono::NaiveDate;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;
use rust_decimal::Decimal;

use crate::core::agreement::{Unit, VatCategory};
use crate::core::invoice::Invoice;
use crate::core::lines::{Line, VatPart};
use crate::core::money::Money;
use crate::core::party_details::{PartyDetails, PaymentMeans, Side};
use crate::register::{Document, DocumentKind};

const NS_INVOICE: &str = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2";
const NS_CREDIT_NOTE: &str = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2";
const NS_CAC: &str = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2";
const NS_CBC: &str = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2";
/// Peppol's profile 01 (billing); NLCIUS does not check it, but its samples
/// carry it, and a receiver on the Peppol network routes by it.
const PROFILE_ID: &str = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0";
/// Every agreement so far bills in euros; the register stores the same.
const CURRENCY: &str = "EUR";

/// Which specification a document claims to follow (BT-24). The two
/// CustomizationIDs exclude each other, so a document is one or the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Profile {
    /// Peppol BIS Billing 3.0: what the Peppol network delivers.
    #[default]
    Peppol,
    /// NLCIUS / SI-UBL 2.0: the Dutch core invoice usage specification.
    Nlcius,
}

impl Profile {
    pub fn as_str(self) -> &'static str {
        match self {
            Profile::Peppol => "peppol",
            Profile::Nlcius => "nlcius",
        }
    }

    /// The `cbc:CustomizationID` of the profile.
    pub fn customization_id(self) -> &'static str {
        match self {
            Profile::Peppol => {
                "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
            }
            Profile::Nlcius => "urn:cen.eu:en16931:2017#compliant#urn:fdc:nen.nl:nlcius:v1.0",
        }
    }

    /// The `cbc:ProfileID`, the same for both.
    pub fn profile_id(self) -> &'static str {
        PROFILE_ID
    }
}

impl fmt::Display for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Profile {
    type Err = String;
    fn from_str(s: &str) -> Result<Profile, String> {
        match s {
            "peppol" => Ok(Profile::Peppol),
            "nlcius" => Ok(Profile::Nlcius),
            other => Err(format!(
                "unknown UBL profile `{other}` (use peppol or nlcius)"
            )),
        }
    }
}

/// What issuing added to the computed invoice: its number and dates, and
/// for a credit note the invoice it credits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    pub number: String,
    pub issue_date: NaiveDate,
    pub kind: IssueKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IssueKind {
    Invoice {
        due_date: NaiveDate,
    },
    /// A credit note that credits the invoice `credits` (issued on
    /// `credited_issue_date`) in full, for `reason`.
    Credit {
        credits: String,
        credited_issue_date: NaiveDate,
        reason: String,
    },
}

impl Issue {
    /// The issue metadata of a document read from the register. A credit
    /// note needs the invoice it credits, for the number and date of its
    /// BillingReference (and its body is what the credit note is written
    /// from, see [`write`]).
    ///
    /// Fails when a credit note comes without the invoice it credits, or
    /// with another one.
    pub fn of_document(doc: &Document, credited: Option<&Document>) -> anyhow::Result<Issue> {
        let kind = match (doc.kind, &doc.credits) {
            (DocumentKind::Invoice, _) => IssueKind::Invoice {
                due_date: doc.due_date,
            },
            (DocumentKind::Credit, Some(number)) => {
                let Some(invoice) = credited.filter(|c| &c.number == number) else {
                    anyhow::bail!(
                        "cannot write credit note {} as UBL without invoice {number}, which it credits",
                        doc.number
                    );
                };
                IssueKind::Credit {
                    credits: invoice.number.clone(),
                    credited_issue_date: invoice.issue_date,
                    reason: doc.reason.clone().unwrap_or_default(),
                }
            }
            (DocumentKind::Credit, None) => {
                anyhow::bail!("credit note {} names no invoice it credits", doc.number)
            }
        };
        Ok(Issue {
            number: doc.number.clone(),
            issue_date: doc.issue_date,
            kind,
        })
    }
}

/// One document for [`write_files`]: the invoice (for a credit note, the
/// credited invoice), how it was issued, and the party details of its
/// agreement.
pub struct Item<'a> {
    pub invoice: &'a Invoice,
    pub issue: Issue,
    pub parties: &'a [PartyDetails],
}

/// Writes one `<number>.xml` per item into `dir`, atomically: every
/// document is built first, so a missing party field writes nothing, and
/// then all files are written or none (`report::files`). Returns the paths.
///
/// Fails on the first document that cannot be built, when a file exists
/// and `force` is not set, or on an I/O error.
pub fn write_files(
    dir: &Path,
    items: &[Item<'_>],
    profile: Profile,
    force: bool,
) -> anyhow::Result<Vec<PathBuf>> {
    let files = items
        .iter()
        .map(|it| {
            let bytes = to_bytes(it.invoice, &it.issue, it.parties, profile)?;
            Ok((dir.join(file_name(&it.issue.number)), bytes))
        })
        .collect::<Result<Vec<_>, UblError>>()?;
    super::files::write_all_atomic(dir, &files, force, "e-invoice")?;
    Ok(files.into_iter().map(|(p, _)| p).collect())
}

/// A party that lacks fields a document needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing {
    pub party: String,
    pub side: Side,
    pub fields: Vec<&'static str>,
}

/// Why no UBL document was written.
#[derive(Debug, thiserror::Error)]
pub enum UblError {
    #[error("cannot write {number} as UBL: {}", missing_words(.missing))]
    MissingFields {
        number: String,
        missing: Vec<Missing>,
    },
    #[error("cannot write {number} as UBL: its lines fall in {count} VAT categories, and a line's category is not recorded per line")]
    SeveralVatCategories { number: String, count: usize },
    #[error("cannot write {number} as UBL: its amounts are negative; a UBL credit note carries the credited invoice's positive amounts, so pass that invoice")]
    Negative { number: String },
    #[error("cannot write the UBL document: {0}")]
    Io(#[from] io::Error),
}

fn missing_words(missing: &[Missing]) -> String {
    let parts: Vec<String> = missing
        .iter()
        .map(|m| {
            let side = match m.side {
                Side::Seller => "seller",
                Side::Buyer => "buyer",
            };
            format!(
                "party `{}` ({side}) has no {}",
                m.party,
                m.fields.join(", ")
            )
        })
        .collect();
    format!(
        "{}; add them to its [[party_details]] in a facts file (nothing was written)",
        parts.join("; ")
    )
}

/// Writes `invoice` as issued (`issue`) in `profile` into `out`, with the
/// seller's and buyer's details taken from `parties`. For a credit note,
/// `invoice` is the credited invoice: a UBL credit note states the credited
/// amounts as positive figures.
///
/// Fails, before anything is written, when the seller or buyer lacks a
/// field the document needs, when the invoice mixes VAT categories, or when
/// its amounts are negative; afterwards only on an I/O error of `out`.
pub fn write(
    invoice: &Invoice,
    issue: &Issue,
    parties: &[PartyDetails],
    profile: Profile,
    out: &mut dyn Write,
) -> Result<(), UblError> {
    let bytes = to_bytes(invoice, issue, parties, profile)?;
    out.write_all(&bytes)?;
    Ok(())
}

/// The document as bytes; see [`write`]. Building it whole first is what
/// makes "nothing written" true for a file or a pipe alike.
pub fn to_bytes(
    invoice: &Invoice,
    issue: &Issue,
    parties: &[PartyDetails],
    profile: Profile,
) -> Result<Vec<u8>, UblError> {
    let doc = Doc::new(invoice, issue, parties, profile)?;
    let mut x = X(Writer::new_with_indent(Vec::new(), b' ', 2));
    doc.document(&mut x)?;
    let mut bytes = x.0.into_inner();
    bytes.push(b'\n');
    Ok(bytes)
}

/// The file name of a document in a directory: `<number>.xml`.
pub fn file_name(number: &str) -> String {
    format!("{number}.xml")
}

/// Everything one document is written from, checked.
struct Doc<'a> {
    inv: &'a Invoice,
    issue: &'a Issue,
    seller: &'a PartyDetails,
    buyer: &'a PartyDetails,
    vat: &'a VatPart,
    profile: Profile,
}

impl<'a> Doc<'a> {
    fn new(
        inv: &'a Invoice,
        issue: &'a Issue,
        parties: &'a [PartyDetails],
        profile: Profile,
    ) -> Result<Doc<'a>, UblError> {
        let number = || issue.number.clone();
        let [vat] = inv.totals.vat.as_slice() else {
            return Err(UblError::SeveralVatCategories {
                number: number(),
                count: inv.totals.vat.len(),
            });
        };
        if inv.totals.total_incl_vat.is_negative()
            || inv.lines.iter().any(|l| l.amount.is_negative())
        {
            return Err(UblError::Negative { number: number() });
        }
        let find = |id: &str| parties.iter().find(|d| d.party == id);
        let (seller, buyer) = (find(&inv.issuer.id), find(&inv.recipient.id));
        let mut missing = Vec::new();
        for (id, side, details) in [
            (&inv.issuer.id, Side::Seller, seller),
            (&inv.recipient.id, Side::Buyer, buyer),
        ] {
            let fields = details.map_or_else(
                || PartyDetails::none(id).missing(side, vat.category),
                |d| d.missing(side, vat.category),
            );
            if !fields.is_empty() {
                missing.push(Missing {
                    party: id.clone(),
                    side,
                    fields,
                });
            }
        }
        match (seller, buyer) {
            (Some(seller), Some(buyer)) if missing.is_empty() => Ok(Doc {
                inv,
                issue,
                seller,
                buyer,
                vat,
                profile,
            }),
            _ => Err(UblError::MissingFields {
                number: number(),
                missing,
            }),
        }
    }

    fn credit(&self) -> bool {
        matches!(self.issue.kind, IssueKind::Credit { .. })
    }

    /// Category O: no VAT ids anywhere in the document (BR-O-02).
    fn not_subject(&self) -> bool {
        self.vat.category == VatCategory::NotSubject
    }

    fn document(&self, x: &mut X) -> io::Result<()> {
        let (root, ns) = if self.credit() {
            ("CreditNote", NS_CREDIT_NOTE)
        } else {
            ("Invoice", NS_INVOICE)
        };
        x.0.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
        let start = BytesStart::new(root).with_attributes([
            ("xmlns", ns),
            ("xmlns:cac", NS_CAC),
            ("xmlns:cbc", NS_CBC),
        ]);
        x.0.write_event(Event::Start(start))?;
        self.header(x)?;
        self.references(x)?;
        x.start("cac:AccountingSupplierParty")?;
        self.party(x, self.seller, &self.inv.issuer.name)?;
        x.end("cac:AccountingSupplierParty")?;
        x.start("cac:AccountingCustomerParty")?;
        self.party(x, self.buyer, &self.inv.recipient.name)?;
        x.end("cac:AccountingCustomerParty")?;
        self.payment(x)?;
        self.tax_total(x)?;
        self.monetary_total(x)?;
        for (k, line) in self.inv.lines.iter().enumerate() {
            self.line(x, k + 1, line)?;
        }
        x.end(root)
    }

    /// CustomizationID … BuyerReference, InvoicePeriod. An invoice has its
    /// DueDate here; a credit note has none (it goes in PaymentMeans, and a
    /// credit note is not paid by the buyer, so there is no PaymentMeans).
    fn header(&self, x: &mut X) -> io::Result<()> {
        x.leaf("cbc:CustomizationID", self.profile.customization_id())?;
        x.leaf("cbc:ProfileID", self.profile.profile_id())?;
        x.leaf("cbc:ID", &self.issue.number)?;
        x.leaf("cbc:IssueDate", &date(self.issue.issue_date))?;
        let note = match &self.issue.kind {
            IssueKind::Invoice { due_date } => {
                x.leaf("cbc:DueDate", &date(*due_date))?;
                x.leaf("cbc:InvoiceTypeCode", "380")?;
                // Peppol allows one Note (PEPPOL-EN16931-R002): the
                // invoice's notes become one text.
                let notes: Vec<String> = self.inv.notes.iter().map(lang::machine_note).collect();
                notes.join("; ")
            }
            IssueKind::Credit { reason, .. } => {
                x.leaf("cbc:CreditNoteTypeCode", "381")?;
                reason.clone()
            }
        };
        x.leaf("cbc:Note", &note)?;
        x.leaf("cbc:DocumentCurrencyCode", CURRENCY)?;
        let reference = self.buyer.buyer_reference.as_deref().unwrap_or_default();
        x.leaf("cbc:BuyerReference", reference)?;
        x.start("cac:InvoicePeriod")?;
        x.leaf("cbc:StartDate", &date(self.inv.period_start))?;
        x.leaf("cbc:EndDate", &date(self.inv.period_end))?;
        x.end("cac:InvoicePeriod")
    }

    /// BillingReference (a credit note's invoice, BG-3, which Peppol's
    /// NL-R-001 requires; its issue date only for Peppol) and
    /// ContractDocumentReference (the agreement).
    fn references(&self, x: &mut X) -> io::Result<()> {
        if let IssueKind::Credit {
            credits,
            credited_issue_date,
            ..
        } = &self.issue.kind
        {
            x.start("cac:BillingReference")?;
            x.start("cac:InvoiceDocumentReference")?;
            x.leaf("cbc:ID", credits)?;
            // The credited invoice's issue date (BT-26) helps a Peppol
            // receiver match it; SI-UBL advises against it (BR-NL-24, a
            // warning of the official NLCIUS schematron), so NLCIUS leaves
            // it out.
            if self.profile == Profile::Peppol {
                x.leaf("cbc:IssueDate", &date(*credited_issue_date))?;
            }
            x.end("cac:InvoiceDocumentReference")?;
            x.end("cac:BillingReference")?;
        }
        x.start("cac:ContractDocumentReference")?;
        x.leaf("cbc:ID", &self.inv.agreement)?;
        x.end("cac:ContractDocumentReference")
    }

    /// One `cac:Party`: EndpointID, PostalAddress, PartyTaxScheme,
    /// PartyLegalEntity. `Doc::new` has checked that every field a side
    /// needs is there.
    fn party(&self, x: &mut X, d: &PartyDetails, name: &str) -> io::Result<()> {
        x.start("cac:Party")?;
        if let Some(e) = &d.endpoint {
            x.leaf_attr("cbc:EndpointID", ("schemeID", e.scheme.code()), &e.id)?;
        }
        x.start("cac:PostalAddress")?;
        x.leaf("cbc:StreetName", d.street.as_deref().unwrap_or_default())?;
        x.leaf("cbc:CityName", d.city.as_deref().unwrap_or_default())?;
        x.leaf("cbc:PostalZone", d.postcode.as_deref().unwrap_or_default())?;
        x.start("cac:Country")?;
        x.leaf(
            "cbc:IdentificationCode",
            d.country.as_deref().unwrap_or_default(),
        )?;
        x.end("cac:Country")?;
        x.end("cac:PostalAddress")?;
        // The buyer's VAT id is optional for S and E; it is written where
        // known. With O neither party's may appear (BR-O-02).
        let vat_id = d.vat_id.as_deref().filter(|_| !self.not_subject());
        if let Some(vat_id) = vat_id {
            x.start("cac:PartyTaxScheme")?;
            x.leaf("cbc:CompanyID", vat_id)?;
            tax_scheme(x)?;
            x.end("cac:PartyTaxScheme")?;
        }
        x.start("cac:PartyLegalEntity")?;
        x.leaf("cbc:RegistrationName", name)?;
        if let Some((scheme, id)) = d.legal_id() {
            x.leaf_attr("cbc:CompanyID", ("schemeID", scheme.code()), id)?;
        }
        x.end("cac:PartyLegalEntity")?;
        x.end("cac:Party")
    }

    /// PaymentMeans and PaymentTerms of an invoice: credit transfer to the
    /// seller's IBAN (BR-50, BR-NL-12). A credit note has neither: the
    /// buyer pays nothing (BR-NL-11 asks for them only when it does).
    fn payment(&self, x: &mut X) -> io::Result<()> {
        if self.credit() {
            return Ok(());
        }
        let means = self
            .seller
            .payment_means
            .unwrap_or(PaymentMeans::SepaCreditTransfer);
        x.start("cac:PaymentMeans")?;
        x.leaf("cbc:PaymentMeansCode", means.code())?;
        x.leaf("cbc:PaymentID", &self.issue.number)?;
        x.start("cac:PayeeFinancialAccount")?;
        x.leaf("cbc:ID", self.seller.iban.as_deref().unwrap_or_default())?;
        // SI-UBL warns about a BIC with SEPA transfer (58, BR-NL-31), which
        // needs only the IBAN; with 30 it helps a bank outside SEPA.
        if let Some(bic) = self
            .seller
            .bic
            .as_deref()
            .filter(|_| means == PaymentMeans::CreditTransfer)
        {
            x.start("cac:FinancialInstitutionBranch")?;
            x.leaf("cbc:ID", bic)?;
            x.end("cac:FinancialInstitutionBranch")?;
        }
        x.end("cac:PayeeFinancialAccount")?;
        x.end("cac:PaymentMeans")?;
        if let Some(terms) = &self.seller.payment_terms {
            x.start("cac:PaymentTerms")?;
            x.leaf("cbc:Note", terms)?;
            x.end("cac:PaymentTerms")?;
        }
        Ok(())
    }

    /// One TaxTotal with the invoice's VAT part as its subtotal.
    fn tax_total(&self, x: &mut X) -> io::Result<()> {
        let v = self.vat;
        x.start("cac:TaxTotal")?;
        x.amount("cbc:TaxAmount", self.inv.totals.vat_total)?;
        x.start("cac:TaxSubtotal")?;
        x.amount("cbc:TaxableAmount", v.base)?;
        x.amount("cbc:TaxAmount", v.amount)?;
        x.start("cac:TaxCategory")?;
        self.category(x)?;
        // An exemption reason is required with E and O (BR-E-10, BR-O-10)
        // and forbidden with S (BR-S-10); as text, since SI-UBL warns on
        // the code (BR-NL-35).
        if v.category != VatCategory::Standard {
            x.leaf(
                "cbc:TaxExemptionReason",
                v.reason.as_deref().unwrap_or_default(),
            )?;
        }
        tax_scheme(x)?;
        x.end("cac:TaxCategory")?;
        x.end("cac:TaxSubtotal")?;
        x.end("cac:TaxTotal")
    }

    /// The ID and Percent of a tax category; O has no percent (BR-O-05).
    fn category(&self, x: &mut X) -> io::Result<()> {
        x.leaf("cbc:ID", self.vat.category.code())?;
        if !self.not_subject() {
            x.leaf("cbc:Percent", &decimal(self.vat.percent))?;
        }
        Ok(())
    }

    /// The invoice has no document-level allowances or charges, so the sum
    /// of the lines is also the amount excluding VAT (BR-CO-13).
    fn monetary_total(&self, x: &mut X) -> io::Result<()> {
        let t = &self.inv.totals;
        x.start("cac:LegalMonetaryTotal")?;
        x.amount("cbc:LineExtensionAmount", t.total_excl_vat)?;
        x.amount("cbc:TaxExclusiveAmount", t.total_excl_vat)?;
        x.amount("cbc:TaxInclusiveAmount", t.total_incl_vat)?;
        x.amount("cbc:PayableAmount", t.total_incl_vat)?;
        x.end("cac:LegalMonetaryTotal")
    }

    /// One InvoiceLine (CreditNoteLine): the article in its Note, so that
    /// the recipient sees where the line comes from.
    fn line(&self, x: &mut X, id: usize, line: &Line) -> io::Result<()> {
        let (element, quantity_element) = if self.credit() {
            ("cac:CreditNoteLine", "cbc:CreditedQuantity")
        } else {
            ("cac:InvoiceLine", "cbc:InvoicedQuantity")
        };
        let (quantity, unit, price) = quantity_unit_price(line);
        x.start(element)?;
        x.leaf("cbc:ID", &id.to_string())?;
        x.leaf("cbc:Note", &line.article.0)?;
        x.leaf_attr(quantity_element, ("unitCode", unit), &decimal(quantity))?;
        x.amount("cbc:LineExtensionAmount", line.amount)?;
        x.start("cac:Item")?;
        x.leaf("cbc:Name", &lang::machine(&line.description))?;
        x.start("cac:ClassifiedTaxCategory")?;
        self.category(x)?;
        tax_scheme(x)?;
        x.end("cac:ClassifiedTaxCategory")?;
        x.end("cac:Item")?;
        x.start("cac:Price")?;
        x.leaf_attr("cbc:PriceAmount", ("currencyID", CURRENCY), &decimal(price))?;
        x.end("cac:Price")?;
        x.end(element)
    }
}

/// A line's quantity, UN/ECE Rec 20 unit and price. A fee line holds its
/// percentage as quantity and its base as price; written so, quantity ×
/// price would not give the line amount (PEPPOL-EN16931-R120), so it is
/// one unit (C62) at the fee's amount, and its name says "5% over …".
fn quantity_unit_price(line: &Line) -> (Decimal, &'static str, Decimal) {
    match line.unit {
        Unit::Hour => (line.quantity, "HUR", line.unit_price),
        Unit::Km => (line.quantity, "KMT", line.unit_price),
        Unit::Item => (line.quantity, "C62", line.unit_price),
        Unit::Percent => (Decimal::ONE, "C62", line.amount.amount()),
    }
}

fn tax_scheme(x: &mut X) -> io::Result<()> {
    x.start("cac:TaxScheme")?;
    x.leaf("cbc:ID", "VAT")?;
    x.end("cac:TaxScheme")
}

fn date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// A quantity, price or percentage without trailing zeros: "31.5", "21".
fn decimal(d: Decimal) -> String {
    d.normalize().to_string()
}

/// The XML writer with the few shapes a UBL document is made of.
struct X(Writer<Vec<u8>>);

impl X {
    fn start(&mut self, name: &str) -> io::Result<()> {
        self.0.write_event(Event::Start(BytesStart::new(name)))
    }

    fn end(&mut self, name: &str) -> io::Result<()> {
        self.0.write_event(Event::End(BytesEnd::new(name)))
    }

    /// `<name>text</name>`; nothing at all for empty text, since Peppol
    /// rejects empty elements (PEPPOL-EN16931-R008). Required values are
    /// checked before writing starts, so only optional ones are ever empty.
    fn leaf(&mut self, name: &str, text: &str) -> io::Result<()> {
        self.element(BytesStart::new(name), text)
    }

    fn leaf_attr(&mut self, name: &str, attr: (&str, &str), text: &str) -> io::Result<()> {
        self.element(BytesStart::new(name).with_attributes([attr]), text)
    }

    fn amount(&mut self, name: &str, m: Money) -> io::Result<()> {
        self.leaf_attr(name, ("currencyID", CURRENCY), &m.plain())
    }

    fn element(&mut self, start: BytesStart<'_>, text: &str) -> io::Result<()> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(());
        }
        let end = BytesEnd::new(String::from_utf8_lossy(start.name().as_ref()).into_owned());
        self.0.write_event(Event::Start(start))?;
        self.0.write_event(Event::Text(BytesText::new(text)))?;
        self.0.write_event(Event::End(end))
    }
}
