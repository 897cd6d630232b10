//! UBL e-invoices of the shipped examples, in both profiles: the 2018-Q1
//! Tholen invoice, a credit note of it, and the 2010-Q1 Expatcenter invoice
//! (category O). Each document is compared byte for byte with its reviewed
//! golden file in `tests/ubl/`, its figures are read against the
//! hand-checked values, and the rules `peppol-ubl-validate` does not cover
//! (`shared/einvoice/README.md`) are asserted by parsing it. Every document
//! is also written to `target/ubl-out/`, where `.ci/validate-ubl` validates
//! it against the UBL 2.1 XSDs and the BR-* rules.
//!
//! `UPDATE_GOLDENS=1 cargo test --test ubl` rewrites the golden files; read
//! the diff against the figures below before committing it.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use roxmltree::{Document, Node};

use ledger::core::invoice::{self, Invoice};
use ledger::core::money::Money;
use ledger::core::party_details::PartyDetails;
use ledger::core::period::{BillingPeriod, Rhythm};
use ledger::load::{self, activity};
use ledger::register::{self, DocumentKind, Totals};
use ledger::report::ubl::{self, Issue, IssueKind, Profile, UblError};

const PROFILES: [Profile; 2] = [Profile::Peppol, Profile::Nlcius];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn toml_files(dir: &str) -> Vec<PathBuf> {
    load::files_with_extension(&root().join(dir), "toml").unwrap()
}

/// The invoice of `client` for `quarter` as `ledger invoice` computes it,
/// with the party details of its agreement.
fn computed(agreement: &str, quarter: &str, client: &str) -> (Invoice, Vec<PartyDetails>) {
    let dataset = load::load(&toml_files("agreements"), &toml_files("examples")).unwrap();
    let e = dataset.get(agreement).unwrap();
    let q = BillingPeriod::parse_as(Rhythm::Quarter, quarter).unwrap();
    let act = activity::aggregate(&e.agreement, &e.facts, |d| {
        q.period().contains(d).then(|| invoice::month_of(d))
    })
    .unwrap();
    let billing = invoice::period_invoices(&e.agreement, &e.facts, q, &act).unwrap();
    let inv = billing
        .invoices
        .into_iter()
        .find(|i| i.recipient.id == client)
        .unwrap();
    (inv, e.facts.party_details.clone())
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn tholen_invoice() -> Issue {
    Issue {
        number: "brp-pool-2018-0001".into(),
        issue_date: day("2018-04-03"),
        kind: IssueKind::Invoice {
            due_date: day("2018-05-03"),
        },
    }
}

fn tholen_credit() -> Issue {
    Issue {
        number: "brp-pool-2018-0002".into(),
        issue_date: day("2018-04-20"),
        kind: IssueKind::Credit {
            credits: "brp-pool-2018-0001".into(),
            credited_issue_date: day("2018-04-03"),
            reason: "Kilometers van maart dubbel geteld; vervangen door een nieuwe factuur".into(),
        },
    }
}

/// Writes the document, compares it with its golden file, leaves a copy in
/// `target/ubl-out/` for the validator, and returns it.
fn golden(
    name: &str,
    inv: &Invoice,
    issue: &Issue,
    parties: &[PartyDetails],
    p: Profile,
) -> String {
    let bytes = ubl::to_bytes(inv, issue, parties, p).unwrap();
    let text = String::from_utf8(bytes).unwrap();
    let file = format!("{name}-{p}.xml");
    let out = root().join("target/ubl-out");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join(&file), &text).unwrap();
    let path = root().join("tests/ubl").join(&file);
    if std::env::var_os("UPDATE_GOLDENS").is_some() {
        std::fs::write(&path, &text).unwrap();
    }
    let want = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (UPDATE_GOLDENS=1 writes it)", path.display()));
    assert!(want == text, "{file} differs from {}", path.display());
    text
}

fn cbc<'a>(n: Node<'a, 'a>, name: &str) -> Vec<Node<'a, 'a>> {
    n.descendants()
        .filter(|c| c.is_element() && c.tag_name().name() == name)
        .collect()
}

fn text_of<'a>(n: Node<'a, 'a>, name: &str) -> Vec<&'a str> {
    cbc(n, name).iter().filter_map(|c| c.text()).collect()
}

fn child<'a>(n: Node<'a, 'a>, name: &str) -> Option<Node<'a, 'a>> {
    n.children()
        .find(|c| c.is_element() && c.tag_name().name() == name)
}

/// The rules of `shared/einvoice/README.md` that the validator leaves out,
/// for any document this crate writes.
fn assert_uncovered_rules(xml: &str, p: Profile, credit: bool) {
    let doc = Document::parse(xml).unwrap();
    let r = doc.root_element();
    assert_eq!(
        r.tag_name().name(),
        if credit { "CreditNote" } else { "Invoice" }
    );
    // CustomizationID and ProfileID per profile (BR-01, PEPPOL-EN16931-R001/R004, SI-V20-INV-R000).
    let custom = child(r, "CustomizationID").unwrap().text().unwrap();
    match p {
        Profile::Peppol => assert!(custom.ends_with("urn:fdc:peppol.eu:2017:poacc:billing:3.0")),
        Profile::Nlcius => assert!(custom.ends_with("urn:fdc:nen.nl:nlcius:v1.0")),
    }
    assert!(custom.starts_with("urn:cen.eu:en16931:2017#compliant#"));
    assert_eq!(
        child(r, "ProfileID").unwrap().text(),
        Some("urn:fdc:peppol.eu:2017:poacc:billing:01:1.0")
    );
    // Endpoint and legal ids with scheme 0190 or 0106, for both parties
    // (PEPPOL-EN16931-R010/R020, BR-NL-1, BR-NL-10, NL-R-003/005).
    for side in ["AccountingSupplierParty", "AccountingCustomerParty"] {
        let party = child(r, side).unwrap();
        for id in ["EndpointID", "CompanyID"] {
            let ids: Vec<_> = cbc(party, id)
                .into_iter()
                .filter(|n| n.parent().unwrap().tag_name().name() != "PartyTaxScheme")
                .collect();
            assert_eq!(ids.len(), 1, "{side} {id}");
            assert!(matches!(
                ids[0].attribute("schemeID"),
                Some("0190" | "0106")
            ));
        }
    }
    // A buyer reference (BR-NL-2 / PEPPOL-EN16931-R003).
    assert!(!child(r, "BuyerReference")
        .unwrap()
        .text()
        .unwrap()
        .is_empty());
    // Payment means 30 or 58 with an IBAN when the buyer pays (BR-NL-11/12,
    // BR-50); a credit note is not paid by the buyer and has none.
    let means: Vec<_> = cbc(r, "PaymentMeans");
    assert_eq!(means.len(), usize::from(!credit));
    for m in means {
        assert!(matches!(
            child(m, "PaymentMeansCode").unwrap().text(),
            Some("30" | "58")
        ));
        let iban = child(child(m, "PayeeFinancialAccount").unwrap(), "ID").unwrap();
        assert!(iban.text().unwrap().starts_with("NL"));
    }
    // At most one Note (PEPPOL-EN16931-R002).
    assert!(
        r.children()
            .filter(|c| c.tag_name().name() == "Note")
            .count()
            <= 1
    );
    // No empty elements (PEPPOL-EN16931-R008).
    for n in r.descendants().filter(Node::is_element) {
        let has_text = n.text().is_some_and(|t| !t.trim().is_empty());
        assert!(
            has_text || n.children().any(|c| c.is_element()),
            "empty <{}>",
            n.tag_name().name()
        );
    }
    // O: no VAT ids, and O is the only category (BR-O-02, BR-O-11..14).
    let categories: Vec<_> = cbc(r, "TaxCategory")
        .into_iter()
        .chain(cbc(r, "ClassifiedTaxCategory"))
        .map(|c| child(c, "ID").unwrap().text().unwrap())
        .collect();
    if categories.contains(&"O") {
        assert!(categories.iter().all(|c| *c == "O"));
        assert!(
            cbc(r, "PartyTaxScheme").is_empty(),
            "VAT id with category O"
        );
    }
    // A credit note refers to the invoice it credits (NL-R-001, BR-NL-8).
    if credit {
        assert_eq!(text_of(r, "CreditNoteTypeCode"), ["381"]);
        let reference = child(r, "BillingReference").unwrap();
        assert_eq!(text_of(reference, "ID"), ["brp-pool-2018-0001"]);
    }
}

/// The amounts of a document, read back: line amounts in order, then
/// (LineExtension, TaxExclusive, TaxInclusive, Payable), then the VAT.
fn figures(xml: &str) -> (Vec<String>, Vec<String>, String) {
    let doc = Document::parse(xml).unwrap();
    let r = doc.root_element();
    let lines = r
        .children()
        .filter(|c| c.tag_name().name().ends_with("Line"))
        .map(|l| {
            child(l, "LineExtensionAmount")
                .unwrap()
                .text()
                .unwrap()
                .to_string()
        })
        .collect();
    let totals = child(r, "LegalMonetaryTotal")
        .unwrap()
        .children()
        .filter_map(|c| {
            c.text()
                .filter(|t| !t.trim().is_empty())
                .map(str::to_string)
        })
        .collect();
    let tax = child(child(r, "TaxTotal").unwrap(), "TaxAmount").unwrap();
    (lines, totals, tax.text().unwrap().to_string())
}

#[test]
fn tholen_2018_q1_invoice_and_credit_note() {
    let (inv, parties) = computed("brp-pool", "2018-Q1", "tholen");
    for p in PROFILES {
        for (name, issue, credit) in [
            ("brp-pool-2018-Q1-tholen-invoice", tholen_invoice(), false),
            ("brp-pool-2018-Q1-tholen-credit", tholen_credit(), true),
        ] {
            let xml = golden(name, &inv, &issue, &parties, p);
            assert_uncovered_rules(&xml, p, credit);
            let (lines, totals, vat) = figures(&xml);
            // 31.5 h × 56.96 = 1794.24 (Art. 12 lid 1, lid 4); 564.1 km from
            // the log × 0.19 = 107.179 → 107.18 (Art. 5 lid 3); 5% of
            // 1794.24 = 89.712 → 89.71 (Art. 12 lid 6).
            assert_eq!(lines, ["1794.24", "107.18", "89.71"]);
            // 1794.24 + 107.18 + 89.71 = 1991.13; 21% = 418.1373 → 418.14;
            // 1991.13 + 418.14 = 2409.27. The credit note states the same
            // amounts: it credits the invoice in full.
            assert_eq!(totals, ["1991.13", "1991.13", "2409.27", "2409.27"]);
            assert_eq!(vat, "418.14");
            for q in [
                "HUR\">31.5<",
                "KMT\">564.1<",
                "C62\">1<",
                ">56.96<",
                ">0.19<",
            ] {
                assert!(xml.contains(q), "{name}: {q}");
            }
            assert!(xml.contains("<cbc:Percent>21</cbc:Percent>"));
            assert!(
                xml.contains("<cbc:Note>Art. 12 lid 6</cbc:Note>"),
                "article in line note"
            );
        }
    }
}

#[test]
fn expatcenter_2010_q1_not_subject() {
    let (inv, parties) = computed("expatcenter", "2010-Q1", "almere");
    let issue = Issue {
        number: "expatcenter-2010-0001".into(),
        issue_date: day("2010-04-06"),
        kind: IssueKind::Invoice {
            due_date: day("2010-05-06"),
        },
    };
    for p in PROFILES {
        let xml = golden(
            "expatcenter-2010-Q1-almere-invoice",
            &inv,
            &issue,
            &parties,
            p,
        );
        assert_uncovered_rules(&xml, p, false);
        let (lines, totals, vat) = figures(&xml);
        // 16,159.20 over the 326 days of the term, 51 of them in Q1
        // (9 February – 31 March): 2527.97 (Art. 4).
        assert_eq!(lines, ["2527.97"]);
        assert_eq!(totals, ["2527.97"; 4]);
        assert_eq!(vat, "0.00");
        assert!(xml.contains("<cbc:TaxExemptionReason>"), "BR-O-10");
        assert!(!xml.contains("<cbc:Percent>"), "BR-O-05");
    }
}

#[test]
fn a_missing_party_field_is_named_and_nothing_is_written() {
    let (inv, mut parties) = computed("brp-pool", "2018-Q1", "tholen");
    for d in parties.iter_mut().filter(|d| d.party == "tholen") {
        d.buyer_reference = None;
        d.endpoint = None;
    }
    parties.retain(|d| d.party != "bergen-op-zoom");
    let mut out = Vec::new();
    let err = ubl::write(&inv, &tholen_invoice(), &parties, Profile::Peppol, &mut out).unwrap_err();
    assert!(matches!(err, UblError::MissingFields { .. }));
    assert_eq!(
        err.to_string(),
        "cannot write brp-pool-2018-0001 as UBL: party `bergen-op-zoom` (seller) has no oin or kvk, \
         vat_id, iban, street, city, postcode, country, endpoint, payment_means; party `tholen` \
         (buyer) has no endpoint, buyer_reference; add them to its [[party_details]] in a facts \
         file (nothing was written)"
    );
    assert!(out.is_empty());
}

#[test]
fn write_files_writes_one_file_per_document_all_or_none() {
    let (inv, parties) = computed("brp-pool", "2018-Q1", "tholen");
    let dir = tempfile::tempdir().unwrap();
    let items = [
        ubl::Item {
            invoice: &inv,
            issue: tholen_invoice(),
            parties: &parties,
        },
        ubl::Item {
            invoice: &inv,
            issue: tholen_credit(),
            parties: &parties,
        },
    ];
    let paths = ubl::write_files(dir.path(), &items, Profile::Nlcius, false).unwrap();
    assert_eq!(
        paths,
        [
            dir.path().join("brp-pool-2018-0001.xml"),
            dir.path().join("brp-pool-2018-0002.xml")
        ]
    );
    let golden = root().join("tests/ubl/brp-pool-2018-Q1-tholen-credit-nlcius.xml");
    assert_eq!(
        std::fs::read(&paths[1]).unwrap(),
        std::fs::read(golden).unwrap()
    );
    // An existing file is kept unless forced.
    let err = ubl::write_files(dir.path(), &items, Profile::Peppol, false).unwrap_err();
    assert!(
        err.to_string().contains("already exists; use --force"),
        "{err:#}"
    );
    assert!(String::from_utf8(std::fs::read(&paths[0]).unwrap())
        .unwrap()
        .contains("nlcius"));
    ubl::write_files(dir.path(), &items, Profile::Peppol, true).unwrap();
    assert!(String::from_utf8(std::fs::read(&paths[0]).unwrap())
        .unwrap()
        .contains("peppol.eu:2017:poacc:billing:3.0"));
    // A document that cannot be built writes none of them.
    let empty = tempfile::tempdir().unwrap();
    let none: Vec<PartyDetails> = Vec::new();
    let mut broken = items;
    broken[1].parties = &none;
    assert!(ubl::write_files(empty.path(), &broken, Profile::Peppol, false).is_err());
    assert_eq!(std::fs::read_dir(empty.path()).unwrap().count(), 0);
}

fn stored(
    number: &str,
    kind: DocumentKind,
    credits: Option<&str>,
    issued: &str,
) -> register::Document {
    let totals = Totals {
        excl_vat: Money::from_cents(0),
        vat: Money::from_cents(0),
        incl_vat: Money::from_cents(0),
        currency: "EUR".into(),
    };
    register::Document {
        seq: 1,
        number: number.into(),
        series: "brp-pool-2018-".into(),
        series_seq: 1,
        kind,
        agreement: "brp-pool".into(),
        period: "2018-Q1".into(),
        client: "tholen".into(),
        issuer: "bergen-op-zoom".into(),
        issue_date: day(issued),
        due_date: day("2018-05-03"),
        credits: credits.map(str::to_string),
        reason: credits.map(|_| {
            "Kilometers van maart dubbel geteld; vervangen door een nieuwe factuur".to_string()
        }),
        totals,
        body: String::new(),
        fingerprint: String::new(),
        prev_hash: String::new(),
        hash: String::new(),
        credited_by: None,
    }
}

#[test]
fn issue_metadata_of_stored_documents() {
    let invoice = stored(
        "brp-pool-2018-0001",
        DocumentKind::Invoice,
        None,
        "2018-04-03",
    );
    let credit = stored(
        "brp-pool-2018-0002",
        DocumentKind::Credit,
        Some("brp-pool-2018-0001"),
        "2018-04-20",
    );
    assert_eq!(
        Issue::of_document(&invoice, None).unwrap(),
        tholen_invoice()
    );
    assert_eq!(
        Issue::of_document(&credit, Some(&invoice)).unwrap(),
        tholen_credit()
    );
    // The credit note needs the invoice it credits, not another one.
    let other = stored(
        "brp-pool-2018-0009",
        DocumentKind::Invoice,
        None,
        "2018-04-03",
    );
    let err = Issue::of_document(&credit, Some(&other)).unwrap_err();
    assert_eq!(err.to_string(), "cannot write credit note brp-pool-2018-0002 as UBL without invoice brp-pool-2018-0001, which it credits");
}

#[test]
fn goldens_are_the_documents_the_tests_write() {
    // Every golden file has a test that writes it: a stale one would pass
    // review while nothing checks it.
    let dir = root().join("tests/ubl");
    let names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 6, "{names:?}");
    assert!(Path::new(&dir)
        .join("expatcenter-2010-Q1-almere-invoice-nlcius.xml")
        .is_file());
}

/// Runs the real binary in `dir` (a copy of the shipped data) on 2018-04-03.
fn ledger_at(dir: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_ledger"))
        .args(args)
        .current_dir(dir)
        .env_remove("LEDGER_AGREEMENTS")
        .env_remove("LEDGER_FACTS")
        .env_remove("LEDGER_REGISTER")
        .env("LEDGER_TODAY", "2018-04-03")
        .output()
        .unwrap()
}

fn shipped_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["agreements", "examples"] {
        std::fs::create_dir(dir.path().join(sub)).unwrap();
        for f in std::fs::read_dir(root().join(sub)).unwrap() {
            let f = f.unwrap().path();
            if f.extension().is_some_and(|e| e == "toml" || e == "csv") {
                std::fs::copy(&f, dir.path().join(sub).join(f.file_name().unwrap())).unwrap();
            }
        }
    }
    dir
}

#[test]
fn issue_out_and_register_show_write_the_golden_documents() {
    let site = shipped_copy();
    let dir = site.path();
    std::fs::create_dir(dir.join("out")).unwrap();
    let issue = [
        "issue",
        "--quarter",
        "2018-Q1",
        "--party",
        "tholen",
        "--format",
        "ubl",
        "--profile",
        "nlcius",
        "--out",
        "out",
    ];
    let o = ledger_at(dir, &issue);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // Issued on 2018-04-03, due 30 days later, number 0001 of the series:
    // the reviewed golden document, byte for byte.
    let golden = |name: &str| std::fs::read(root().join("tests/ubl").join(name)).unwrap();
    let written = std::fs::read(dir.join("out/brp-pool-2018-0001.xml")).unwrap();
    assert_eq!(
        written,
        golden("brp-pool-2018-Q1-tholen-invoice-nlcius.xml")
    );
    let reason = "Kilometers van maart dubbel geteld; vervangen door een nieuwe factuur";
    let credit = [
        "credit",
        "brp-pool-2018-0001",
        "--reason",
        reason,
        "--date",
        "2018-04-20",
    ];
    assert!(ledger_at(dir, &credit).status.success());
    for (number, golden_name) in [
        (
            "brp-pool-2018-0001",
            "brp-pool-2018-Q1-tholen-invoice-peppol.xml",
        ),
        (
            "brp-pool-2018-0002",
            "brp-pool-2018-Q1-tholen-credit-peppol.xml",
        ),
    ] {
        let o = ledger_at(dir, &["register", "show", number, "--format", "ubl"]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        assert_eq!(o.stdout, golden(golden_name), "{number}");
    }
    // The reissue would be 0003: an existing file stops it before anything
    // is issued, and the file is kept.
    std::fs::write(dir.join("out/brp-pool-2018-0003.xml"), "keep").unwrap();
    let o = ledger_at(dir, &issue);
    assert_eq!(o.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("brp-pool-2018-0003.xml already exists; use --force"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read(dir.join("out/brp-pool-2018-0003.xml")).unwrap(),
        b"keep"
    );
    let list = ledger_at(dir, &["register", "list", "--format", "csv"]);
    assert!(!String::from_utf8_lossy(&list.stdout).contains("brp-pool-2018-0003"));
}

#[test]
fn issue_out_with_a_missing_party_field_issues_and_writes_nothing() {
    let site = shipped_copy();
    let dir = site.path();
    let facts = dir.join("examples/brp-facts.toml");
    let text = std::fs::read_to_string(&facts).unwrap();
    std::fs::write(
        &facts,
        text.replace("buyer_reference = \"THO-BRP-TOEZICHT\"\n", ""),
    )
    .unwrap();
    std::fs::create_dir(dir.join("out")).unwrap();
    let o = ledger_at(
        dir,
        &[
            "issue",
            "--quarter",
            "2018-Q1",
            "--format",
            "ubl",
            "--out",
            "out",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("party `tholen` (buyer) has no buyer_reference"),
        "{stderr}"
    );
    assert_eq!(std::fs::read_dir(dir.join("out")).unwrap().count(), 0);
    assert!(
        !dir.join("ledger.sqlite").exists() || {
            let list = ledger_at(dir, &["register", "list", "--format", "csv"]);
            !String::from_utf8_lossy(&list.stdout).contains("brp-pool-2018-0001")
        }
    );
}
