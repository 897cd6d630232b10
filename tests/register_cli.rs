//! `ledger issue`, `credit`, `register list/show` and `verify`, run as the
//! real binary against a register in a temporary copy of the shipped data.
//! Figures are the hand-checked ones of tests/invoice.rs: Tholen 2018-Q1 is
//! 31.50 h × 56.96 = 1,794.24, travel 107.18, fee 5% = 89.71, excl. VAT
//! 1,991.13, VAT 418.14, total 2,409.27.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use rusqlite::Connection;

mod common;

use common::{Run, Scratch};

/// A temporary copy of the agreements and examples, with its own register.
struct Site {
    dir: Scratch,
}

impl Site {
    fn new() -> Site {
        Site {
            dir: Scratch::shipped(),
        }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    fn register(&self) -> PathBuf {
        self.path("ledger.sqlite")
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut c = common::command_in(self.dir.path());
        c.args(args).env("LEDGER_TODAY", "2018-04-02");
        c
    }

    fn run(&self, args: &[&str]) -> Run {
        self.command(args).output().unwrap().into()
    }

    fn ok(&self, args: &[&str]) -> String {
        let o = self.run(args);
        assert_eq!(o.code, 0, "{args:?} failed:\n{}\n{}", o.stdout, o.stderr);
        o.stdout
    }

    fn count(&self) -> i64 {
        let conn = Connection::open(self.register()).unwrap();
        conn.query_row("SELECT count(*) FROM documents", [], |r| r.get(0))
            .unwrap()
    }

    /// Copies of the BRP agreement under other ids, for more (agreement,
    /// period, client) combinations than the shipped data has.
    fn with_copies(self, n: usize) -> Site {
        let text = std::fs::read_to_string(self.path("agreements/brp-pool.toml")).unwrap();
        for k in 1..=n {
            let copy = text.replacen("id = \"brp-pool\"", &format!("id = \"brp-copy{k}\""), 1);
            assert_ne!(
                copy, text,
                "the agreement id line is where the test expects it"
            );
            std::fs::write(self.path(&format!("agreements/brp-copy{k}.toml")), copy).unwrap();
        }
        self
    }
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap()
}

#[test]
fn issue_list_show_pin_the_hand_checked_figures() {
    let s = Site::new();
    let dry = s.ok(&["issue", "--quarter", "2018-Q1", "--dry-run"]);
    assert!(
        dry.starts_with(
            "proefrun: zou 3 facturen over 2018-Q1 opnemen in ledger.sqlite; er is niets geschreven"
        ),
        "{dry}"
    );
    assert!(
        dry.contains("brp-pool-2018-0003 ┆ factuur ┆ brp-pool     ┆ 2018-Q1 ┆ tholen"),
        "{dry}"
    );
    assert!(!s.register().exists(), "a dry run creates no register");

    let issued = s.ok(&["issue", "--quarter", "2018-Q1"]);
    assert!(
        issued.starts_with("3 facturen opgenomen in ledger.sqlite"),
        "{issued}"
    );
    assert!(issued.contains("│ brp-pool-2018-0003 ┆ factuur ┆ brp-pool     ┆ 2018-Q1 ┆ tholen      ┆ 2018-04-02   ┆ 2018-05-02  ┆ € 1.991,13 ┆ € 418,14 ┆ € 2.409,27 ┆            │"), "{issued}");
    assert_eq!(s.count(), 3);

    let list = s.ok(&["register", "list", "--format", "csv"]);
    assert!(list.contains("brp-pool-2018-0003,invoice,brp-pool,2018-Q1,tholen,bergen-op-zoom,2018-04-02,2018-05-02,,,1991.13,418.14,2409.27,EUR"), "{list}");
    let rows = json(&s.ok(&["register", "list", "--format", "json", "--party", "tholen"]));
    assert_eq!(rows.as_array().unwrap().len(), 1);
    assert_eq!(rows[0]["total_incl_vat"], "2409.27");

    let shown = s.ok(&["register", "show", "brp-pool-2018-0003"]);
    assert!(shown.starts_with("factuur brp-pool-2018-0003 (serie brp-pool-2018-{seq})\n  uitgegeven 2018-04-02, vervaldatum 2018-05-02\nfactuur brp-pool-2018-Q1-tholen\n"), "{shown}");
    let en = s.ok(&["register", "show", "brp-pool-2018-0003", "--locale", "en"]);
    assert!(en.starts_with("invoice brp-pool-2018-0003 (series brp-pool-2018-{seq})\n  issued 2018-04-02, due 2018-05-02\ninvoice brp-pool-2018-Q1-tholen\n"), "{en}");
    // The stored document renders exactly as `ledger invoice` shows it.
    let computed = s.ok(&["invoice", "--quarter", "2018-Q1", "--party", "tholen"]);
    let body = &shown[shown.find("factuur brp-pool-2018-Q1-tholen").unwrap()..];
    assert_eq!(body, computed);
    // Steenbergen's invoice carries a note with a figure (2.00 logged hours
    // outside the day window, Art. 5 lid 2), stored as the machine formats
    // write it: the Dutch table writes it 2,00, as `ledger invoice` does,
    // and the JSON keeps it as stored.
    let shown = s.ok(&["register", "show", "brp-pool-2018-0002"]);
    let computed = s.ok(&["invoice", "--quarter", "2018-Q1", "--party", "steenbergen"]);
    let body = &shown[shown.find("factuur brp-pool-2018-Q1-steenbergen").unwrap()..];
    assert_eq!(body, computed);
    assert!(
        shown.contains(
            "; 2,00 van de gelogde uren vallen buiten het dagvenster 07:00–18:00 (Art. 5 lid 2)\n"
        ),
        "{shown}"
    );
    let stored = s.ok(&["register", "show", "brp-pool-2018-0002", "--format", "json"]);
    assert!(
        stored.contains("; 2.00 van de gelogde uren vallen buiten"),
        "{stored}"
    );
    let shown = s.ok(&["register", "show", "brp-pool-2018-0003"]);
    assert!(shown.contains("│ Inzet toezichthouder BRP (gecontracteerde uren) ┆  31,50 ┆ uur     ┆           € 56,96 ┆ € 1.794,24 ┆"), "{shown}");
    assert!(shown.contains("€ 2.409,27"), "{shown}");

    let j = json(&s.ok(&[
        "register",
        "show",
        "brp-pool-2018-0003",
        "--format",
        "json",
        "--explain",
    ]));
    assert_eq!(j["number"], "brp-pool-2018-0003");
    assert_eq!(j["document"]["lines"][0]["amount"], "1794.24");
    assert_eq!(j["document"]["lines"][2]["amount"], "89.71");
    assert_eq!(j["document"]["total_incl_vat"], "2409.27");
    assert!(!j["document"]["explanations"].as_array().unwrap().is_empty());
    let csv = s.ok(&["register", "show", "brp-pool-2018-0003", "--format", "csv"]);
    assert!(csv.contains(",1794.24,"), "{csv}");
    // The document's own columns come first: its legal number and kind,
    // its dates and what it credits, then the columns of `ledger invoice`.
    assert!(
        csv.starts_with(
            "number,document_kind,issue_date,due_date,credits,invoice_id,agreement,quarter,"
        ),
        "{csv}"
    );
    assert!(csv.contains("\nbrp-pool-2018-0003,invoice,2018-04-02,2018-05-02,,brp-pool-2018-Q1-tholen,brp-pool,2018-Q1,"), "{csv}");
    s.ok(&[
        "credit",
        "brp-pool-2018-0003",
        "--reason",
        "uren gecorrigeerd",
    ]);
    let credit = s.ok(&["register", "show", "brp-pool-2018-0004", "--format", "csv"]);
    assert!(credit.contains("\nbrp-pool-2018-0004,credit,2018-04-02,2018-04-02,brp-pool-2018-0003,brp-pool-2018-Q1-tholen,brp-pool,2018-Q1,2018-01-01,2018-03-31,bergen-op-zoom,Gemeente Bergen op Zoom,,tholen,Gemeente Tholen,,1,service,Inzet toezichthouder BRP (gecontracteerde uren),-31.50,hour,56.96,-1794.24,"), "{credit}");
    assert!(s.ok(&["verify"]).contains("afwijking: geen"));
}

#[test]
fn a_second_issue_is_refused_with_the_existing_number() {
    let s = Site::new();
    s.ok(&["issue", "--quarter", "2018-Q1"]);
    let o = s.run(&["issue", "--quarter", "2018-Q1", "--party", "tholen"]);
    assert_eq!(o.code, 1);
    assert_eq!(o.stderr, "error: the register ledger.sqlite already has invoice brp-pool-2018-0003 for agreement brp-pool, period 2018-Q1, client tholen; credit it first to issue a corrected one\n");
    assert_eq!(s.count(), 3);
}

/// The numbers of a series follow their dates, and a credit note is never
/// dated before the invoice it credits; either refusal writes nothing.
#[test]
fn documents_are_never_dated_back() {
    let s = Site::new();
    s.ok(&["issue", "--quarter", "2018-Q1", "--party", "tholen"]);
    let early = s.run(&[
        "credit",
        "brp-pool-2018-0001",
        "--reason",
        "te vroeg",
        "--date",
        "2018-04-01",
    ]);
    assert_eq!(early.code, 1, "{}", early.stderr);
    assert_eq!(early.stderr, "error: a credit note dated 2018-04-01 would come before invoice brp-pool-2018-0001 of 2018-04-02, which it credits; give a --date on or after 2018-04-02; nothing was written to the register ledger.sqlite\n");
    // 2018-Q2 issued on 2018-07-02 as 0002; 2018-Q1 for Woensdrecht dated
    // 2018-04-03 would be 0003, dated before 0002.
    s.ok(&[
        "issue",
        "--quarter",
        "2018-Q2",
        "--party",
        "tholen",
        "--date",
        "2018-07-02",
    ]);
    let back = s.run(&[
        "issue",
        "--quarter",
        "2018-Q1",
        "--party",
        "woensdrecht",
        "--date",
        "2018-04-03",
    ]);
    assert_eq!(back.code, 1, "{}", back.stderr);
    assert_eq!(back.stderr, "error: the issue date 2018-04-03 lies before 2018-07-02, the date of brp-pool-2018-0002, the last number of series brp-pool-2018-{seq}: the numbers of a series follow their dates; give a --date on or after 2018-07-02; nothing was written to the register ledger.sqlite\n");
    assert_eq!(s.count(), 2);
    // On the same day as the last document, or later, both go in.
    s.ok(&[
        "issue",
        "--quarter",
        "2018-Q1",
        "--party",
        "woensdrecht",
        "--date",
        "2018-07-02",
    ]);
    s.ok(&[
        "credit",
        "brp-pool-2018-0001",
        "--reason",
        "uren gecorrigeerd",
        "--date",
        "2018-07-02",
    ]);
    assert_eq!(s.count(), 4);
}

#[test]
fn credit_then_reissue() {
    let s = Site::new();
    s.ok(&["issue", "--quarter", "2018-Q1"]);
    let c = s.ok(&[
        "credit",
        "brp-pool-2018-0003",
        "--reason",
        "hours corrected",
    ]);
    assert!(
        c.starts_with("1 creditnota opgenomen in ledger.sqlite"),
        "{c}"
    );
    assert!(c.contains("brp-pool-2018-0004 ┆ creditnota ┆ brp-pool     ┆ 2018-Q1 ┆ tholen  ┆ 2018-04-02   ┆ 2018-04-02  ┆ € -1.991,13 ┆ € -418,14 ┆ € -2.409,27 ┆ crediteert brp-pool-2018-0003"), "{c}");
    // Its table says what it is: a credit note, what it credits and why
    // (before, its document was headed `factuur`).
    let shown = s.ok(&["register", "show", "brp-pool-2018-0004"]);
    assert!(shown.starts_with("creditnota brp-pool-2018-0004 (serie brp-pool-2018-{seq})\n  uitgegeven 2018-04-02, vervaldatum 2018-04-02\n  crediteert brp-pool-2018-0003: hours corrected\ncreditnota brp-pool-2018-Q1-tholen\n"), "{shown}");
    let en = s.ok(&["register", "show", "brp-pool-2018-0004", "--locale", "en"]);
    assert!(en.starts_with("credit note brp-pool-2018-0004 (series brp-pool-2018-{seq})\n  issued 2018-04-02, due 2018-04-02\n  credits brp-pool-2018-0003: hours corrected\ncredit note brp-pool-2018-Q1-tholen\n"), "{en}");
    // The negated fee line (−5 of 1,794.24 = −89.712 → −89.71) is worded as
    // the fee line it negates, in each language and with its figures.
    assert!(shown.contains("│ Bijdrage coördinatietaak 5% over € 1.794,24     ┆     -5 ┆ %       ┆        € 1.794,24 ┆    € -89,71 ┆"), "{shown}");
    assert!(
        en.contains("│ Bijdrage coördinatietaak 5% of €1,794.24 "),
        "{en}"
    );
    let invoice = s.ok(&["register", "show", "brp-pool-2018-0003"]);
    assert!(
        invoice.contains(
            "\n  gecrediteerd door brp-pool-2018-0004\nfactuur brp-pool-2018-Q1-tholen\n"
        ),
        "{invoice}"
    );
    let j = json(&s.ok(&["register", "show", "brp-pool-2018-0004", "--format", "json"]));
    assert_eq!(j["credits"], "brp-pool-2018-0003");
    assert_eq!(j["reason"], "hours corrected");
    let amounts: Vec<&str> = j["document"]["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["amount"].as_str().unwrap())
        .collect();
    assert_eq!(amounts, ["-1794.24", "-107.18", "-89.71"]);
    assert_eq!(j["document"]["total_incl_vat"], "-2409.27");
    let again = s.run(&["credit", "brp-pool-2018-0003", "--reason", "twice"]);
    assert_eq!(again.code, 1);
    assert_eq!(again.stderr, "error: invoice brp-pool-2018-0003 in the register ledger.sqlite was already credited by brp-pool-2018-0004\n");
    let unknown = s.run(&["credit", "brp-pool-2018-0099", "--reason", "x"]);
    assert_eq!(unknown.code, 1);
    assert_eq!(
        unknown.stderr,
        "error: the register ledger.sqlite has no document numbered brp-pool-2018-0099\n"
    );
    let re = s.ok(&["issue", "--quarter", "2018-Q1", "--party", "tholen"]);
    assert!(
        re.contains("brp-pool-2018-0005 ┆ factuur ┆ brp-pool     ┆ 2018-Q1 ┆ tholen"),
        "{re}"
    );
    let v = s.run(&["verify"]);
    assert_eq!(v.code, 0, "{}", v.stdout);
    let hash: String = Connection::open(s.register())
        .unwrap()
        .query_row("SELECT hash FROM documents WHERE seq = 5", [], |r| r.get(0))
        .unwrap();
    assert_eq!(v.stdout, format!("register ledger.sqlite: 5 documenten, 3 geldende facturen\nketen: in orde, elke rij klopt met haar hash en elke serie loopt zonder gaten\n  laatste rij 5 (brp-pool-2018-0005), hash {hash}; bewaar die buiten het register: `ledger verify --head HASH` ziet dan later of er rijen van het einde zijn verwijderd\nafwijking: geen, elke geldende factuur is wat de overeenkomsten, feiten en log van vandaag geven\n"));
    let v = s.run(&["verify", "--locale", "en"]);
    assert_eq!(v.stdout, format!("register ledger.sqlite: 5 documents, 3 live invoices\nchain: ok, every row matches its hash and every series runs without gaps\n  last row 5 (brp-pool-2018-0005), hash {hash}; keep it outside the register: `ledger verify --head HASH` then sees later whether rows were removed from the end\ndrift: none, every live invoice is what today's agreements, facts and log give\n"));
}

#[test]
fn verify_detects_tampering_with_exit_3() {
    let s = Site::new();
    s.ok(&["issue", "--quarter", "2018-Q1"]);
    let conn = Connection::open(s.register()).unwrap();
    conn.execute_batch("DROP TRIGGER documents_no_update; UPDATE documents SET total_incl_vat = '1.00' WHERE number = 'brp-pool-2018-0002';").unwrap();
    drop(conn);
    let v = s.run(&["verify", "--locale", "en"]);
    assert_eq!(v.code, 3, "{}{}", v.stdout, v.stderr);
    assert!(v.stdout.contains("chain: 1 problem\n  row 2 (brp-pool-2018-0002) does not match its hash: it was changed outside ledger\n"), "{}", v.stdout);
    assert_eq!(v.stderr, "error: the register ledger.sqlite was changed outside ledger: 1 problem in the hash chain or numbering\n");
    // In Dutch by default; the diagnostic on stderr stays English.
    let nl = s.run(&["verify"]);
    assert_eq!(nl.code, 3);
    assert!(nl.stdout.contains("keten: 1 probleem\n  rij 2 (brp-pool-2018-0002) klopt niet met haar hash: zij is buiten ledger gewijzigd\n"), "{}", nl.stdout);
    assert_eq!(nl.stderr, v.stderr);
}

/// Removing the newest rows leaves a chain that is whole: `verify` cannot
/// see it from the file alone. It prints the last row's hash to keep
/// elsewhere, and `verify --head HASH` fails with exit 3 once no row has it.
#[test]
fn verify_head_detects_rows_removed_from_the_end() {
    let s = Site::new();
    s.ok(&["issue", "--quarter", "2018-Q1"]);
    let conn = Connection::open(s.register()).unwrap();
    let hash: String = conn
        .query_row("SELECT hash FROM documents WHERE seq = 3", [], |r| r.get(0))
        .unwrap();
    let v = s.ok(&["verify", "--chain-only", "--locale", "en"]);
    assert!(v.contains(&format!("chain: ok, every row matches its hash and every series runs without gaps\n  last row 3 (brp-pool-2018-0003), hash {hash}; keep it outside the register: `ledger verify --head HASH` then sees later whether rows were removed from the end\n")), "{v}");
    let nl = s.ok(&["verify", "--chain-only"]);
    assert!(nl.contains(&format!("  laatste rij 3 (brp-pool-2018-0003), hash {hash}; bewaar die buiten het register: `ledger verify --head HASH` ziet dan later of er rijen van het einde zijn verwijderd\n")), "{nl}");
    // The full hash or its first 12 characters, in either case.
    s.ok(&["verify", "--chain-only", "--head", &hash]);
    s.ok(&[
        "verify",
        "--chain-only",
        "--head",
        &hash[..12].to_uppercase(),
    ]);
    conn.execute_batch("DROP TRIGGER documents_no_delete; DELETE FROM documents WHERE seq = 3;")
        .unwrap();
    drop(conn);
    // Without the head the chain of two rows is whole...
    let plain = s.run(&["verify", "--chain-only"]);
    assert_eq!(plain.code, 0, "{}", plain.stderr);
    // ...with it, the removal shows.
    let head = s.run(&[
        "verify",
        "--chain-only",
        "--head",
        &hash[..12],
        "--locale",
        "en",
    ]);
    assert_eq!(head.code, 3, "{}{}", head.stdout, head.stderr);
    assert!(head.stdout.contains(&format!("chain: 1 problem\n  no row has the hash {} given with --head: rows were removed from the end of the register, or it is another register\n", &hash[..12])), "{}", head.stdout);
    assert_eq!(head.stderr, "error: the register ledger.sqlite was changed outside ledger: 1 problem in the hash chain or numbering\n");
    for bad in ["2fb864c3", "xyz864c3f61d4b91"] {
        let o = s.run(&["verify", "--head", bad]);
        assert_eq!(o.code, 2, "{bad}: {}", o.stderr);
        assert!(o.stderr.contains("is not a row hash: give the 64 hexadecimal characters verify printed, or at least the first 12"), "{}", o.stderr);
    }
}

#[test]
fn verify_detects_drift_with_exit_4_old_against_new() {
    let s = Site::new();
    s.ok(&["issue", "--quarter", "2018-Q1"]);
    let agreement = s.path("agreements/brp-pool.toml");
    let text = std::fs::read_to_string(&agreement).unwrap();
    assert!(text.contains("\"56.96\""));
    std::fs::write(&agreement, text.replace("\"56.96\"", "\"56.97\"")).unwrap();
    let v = s.run(&["verify", "--locale", "en"]);
    assert_eq!(v.code, 4, "{}{}", v.stdout, v.stderr);
    // 31.50 h × 56.97 = 1,794.555 → 1,794.56; the fee 5% of it 89.728 → 89.73.
    assert!(
        v.stdout
            .contains("drift: 3 invoices differ from today's inputs\n"),
        "{}",
        v.stdout
    );
    assert!(v.stdout.contains("  brp-pool-2018-0003 (brp-pool 2018-Q1 to tholen):\n    line 1\n      old: Inzet toezichthouder BRP (gecontracteerde uren): 31.50 hour × €56.96 = €1,794.24\n      new: Inzet toezichthouder BRP (gecontracteerde uren): 31.50 hour × €56.97 = €1,794.56\n"), "{}", v.stdout);
    assert!(
        v.stdout
            .contains("    total incl. VAT\n      old: €2,409.27\n      new: €2,409.68\n"),
        "{}",
        v.stdout
    );
    // The same drift in Dutch, the default: words and figures.
    let nl = s.run(&["verify"]);
    assert_eq!(nl.code, 4);
    assert!(nl.stdout.contains("afwijking: 3 facturen zijn anders dan de invoer van vandaag geeft\n  brp-pool-2018-0001 ("), "{}", nl.stdout);
    assert!(nl.stdout.contains("  brp-pool-2018-0003 (brp-pool 2018-Q1 aan tholen):\n    regel 1\n      oud: Inzet toezichthouder BRP (gecontracteerde uren): 31,50 uur × € 56,96 = € 1.794,24\n      nieuw: Inzet toezichthouder BRP (gecontracteerde uren): 31,50 uur × € 56,97 = € 1.794,56\n"), "{}", nl.stdout);
    // The fee line (Art. 12 lid 6): 5% of 1,794.24 = 89.712 → 89.71, and of
    // 1,794.56 = 89.728 → 89.73; a percentage is written against its figure.
    assert!(nl.stdout.contains("    regel 3\n      oud: Bijdrage coördinatietaak 5% over € 1.794,24: 5% × € 1.794,24 = € 89,71\n      nieuw: Bijdrage coördinatietaak 5% over € 1.794,56: 5% × € 1.794,56 = € 89,73\n"), "{}", nl.stdout);
    assert!(
        nl.stdout
            .contains("    totaal incl. btw\n      oud: € 2.409,27\n      nieuw: € 2.409,68\n    zo te corrigeren:\n"),
        "{}",
        nl.stdout
    );
    assert_eq!(nl.stderr, v.stderr, "diagnostics stay English");
    assert!(v.stdout.contains("      ledger credit brp-pool-2018-0003 --reason \"recomputed from today's inputs\"\n      ledger issue --quarter 2018-Q1 --agreement brp-pool --party tholen\n"), "{}", v.stdout);
    assert_eq!(v.stderr, "error: 3 issued invoices differ from what today's inputs give; credit and reissue them as listed\n");
}

/// `ledger verify | head -1`: the reader closes the pipe before the report
/// is written; drift still exits 4 (it exited 0, as a closed pipe does for
/// the reports), and the summary still goes to stderr.
#[test]
fn verify_keeps_exit_4_when_its_pipe_is_closed() {
    let s = Site::new();
    s.ok(&["issue", "--quarter", "2018-Q1"]);
    let agreement = s.path("agreements/brp-pool.toml");
    let text = std::fs::read_to_string(&agreement).unwrap();
    std::fs::write(&agreement, text.replace("\"56.96\"", "\"56.97\"")).unwrap();
    let mut child = s
        .command(&["verify"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: 3 issued invoices differ from what today's inputs give; credit and reissue them as listed\n"
    );
}

#[test]
fn an_issue_date_before_the_period_ends_is_refused() {
    let s = Site::new();
    let o = s.run(&["issue", "--quarter", "2018-Q1", "--date", "2018-03-31"]);
    assert_eq!(o.code, 1);
    assert_eq!(o.stderr, "error: the issue date 2018-03-31 is not after 2018-Q1, which ends on 2018-03-31; invoices for 2018-Q1 can be issued from 2018-04-01; nothing was issued\n");
    let o = s.run(&[
        "issue",
        "--quarter",
        "2018-Q1",
        "--date",
        "2018-03-15",
        "--in-advance",
    ]);
    assert_eq!(o.code, 1);
    assert!(
        o.stderr
            .starts_with("error: --in-advance: no agreement bills in advance"),
        "{}",
        o.stderr
    );
    assert!(!s.register().exists());
}

#[test]
fn bad_registers_are_refused_and_left_alone() {
    let s = Site::new();
    std::fs::write(
        s.register(),
        "not a database at all, just text, long enough to look like a header.........",
    )
    .unwrap();
    let o = s.run(&["issue", "--quarter", "2018-Q1"]);
    assert_eq!(o.code, 1);
    assert_eq!(
        o.stderr,
        "error: ledger.sqlite is not a ledger register: not an SQLite database\n"
    );

    let other = s.path("other.sqlite");
    Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE t (x);")
        .unwrap();
    let o = s.run(&["--register", "other.sqlite", "register", "list"]);
    assert_eq!(o.code, 1);
    assert!(o.stderr.starts_with("error: other.sqlite is not a ledger register: an SQLite database of another application"), "{}", o.stderr);

    let newer = s.path("newer.sqlite");
    let o = s.run(&[
        "--register",
        "newer.sqlite",
        "issue",
        "--quarter",
        "2018-Q1",
    ]);
    assert_eq!(o.code, 0, "{}", o.stderr);
    Connection::open(&newer)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    let o = s.run(&[
        "--register",
        "newer.sqlite",
        "issue",
        "--quarter",
        "2018-Q2",
        "--date",
        "2018-07-02",
    ]);
    assert_eq!(o.code, 1);
    assert_eq!(o.stderr, "error: the register newer.sqlite was written by a newer ledger: schema 99, this ledger knows up to 1\n");

    let ro = s.path("ro.sqlite");
    s.ok(&["--register", "ro.sqlite", "issue", "--quarter", "2018-Q1"]);
    let mut p = std::fs::metadata(&ro).unwrap().permissions();
    p.set_readonly(true);
    std::fs::set_permissions(&ro, p).unwrap();
    let o = s.run(&[
        "--register",
        "ro.sqlite",
        "issue",
        "--quarter",
        "2018-Q2",
        "--date",
        "2018-07-02",
    ]);
    assert_eq!(o.code, 1);
    assert_eq!(
        o.stderr,
        "error: the register ro.sqlite is read-only; nothing was written\n"
    );
    assert!(s
        .ok(&["--register", "ro.sqlite", "register", "list"])
        .contains("brp-pool-2018-0003"));

    let o = s.run(&["--register", "missing.sqlite", "register", "show", "x"]);
    assert_eq!(o.code, 1);
    assert_eq!(
        o.stderr,
        "error: the register missing.sqlite does not exist\n"
    );
    // A damaged page: keep SQLite's header, scribble over the rest.
    let corrupt = s.path("corrupt.sqlite");
    s.ok(&[
        "--register",
        "corrupt.sqlite",
        "issue",
        "--quarter",
        "2018-Q1",
    ]);
    Connection::open(&corrupt)
        .unwrap()
        .pragma_update(None, "journal_mode", "DELETE")
        .unwrap();
    let mut bytes = std::fs::read(&corrupt).unwrap();
    for b in bytes.iter_mut().skip(100) {
        *b = 0x5a;
    }
    std::fs::write(&corrupt, bytes).unwrap();
    let o = s.run(&["--register", "corrupt.sqlite", "verify"]);
    assert_eq!(o.code, 1, "{}", o.stdout);
    assert!(o.stderr.contains("corrupt.sqlite"), "{}", o.stderr);
}

#[test]
fn a_locked_register_waits_then_fails_writing_nothing() {
    let s = Site::new();
    s.ok(&["issue", "--quarter", "2018-Q1"]);
    let conn = Connection::open(s.register()).unwrap();
    conn.execute_batch("BEGIN IMMEDIATE").unwrap();
    let started = Instant::now();
    let o = s.run(&[
        "--busy-timeout",
        "2",
        "issue",
        "--quarter",
        "2018-Q2",
        "--date",
        "2018-07-02",
    ]);
    let waited = started.elapsed();
    conn.execute_batch("ROLLBACK").unwrap();
    assert_eq!(o.code, 1);
    assert_eq!(
        o.stderr,
        "error: the register ledger.sqlite is locked by another process; nothing was written\n"
    );
    assert!(
        waited >= Duration::from_secs(2) && waited < Duration::from_secs(30),
        "{waited:?}"
    );
    assert_eq!(s.count(), 3);
}

/// The (agreement, quarter, party) combinations of the copies, from 2018.
fn combos(agreements: &[String]) -> Vec<(String, String, &'static str)> {
    let mut out = Vec::new();
    for year in 2018..=2024 {
        for q in 1..=4 {
            for a in agreements {
                for p in ["woensdrecht", "steenbergen", "tholen"] {
                    out.push((a.clone(), format!("{year}-Q{q}"), p));
                }
            }
        }
    }
    out
}

/// Every series numbers 1..=n without gaps or duplicates.
fn assert_series_complete(register: &Path) {
    let conn = Connection::open(register).unwrap();
    let mut st = conn
        .prepare("SELECT series, count(*), min(series_seq), max(series_seq), count(DISTINCT number) FROM documents GROUP BY series")
        .unwrap();
    let rows: Vec<(String, i64, i64, i64, i64)> = st
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(!rows.is_empty());
    for (series, n, min, max, distinct) in rows {
        assert_eq!((min, max, distinct), (1, n, n), "series {series}");
    }
}

#[test]
fn two_hundred_parallel_issues_take_unique_numbers_without_gaps() {
    let s = Site::new().with_copies(2);
    let agreements: Vec<String> = ["brp-pool", "brp-copy1", "brp-copy2"]
        .map(String::from)
        .to_vec();
    // The register exists before the crowd arrives, as it does in use.
    s.ok(&["issue", "--quarter", "2017-Q4", "--agreement", "brp-pool"]);
    let all = combos(&agreements);
    let chosen: Vec<_> = all.into_iter().take(210).collect();
    let children: Vec<_> = chosen
        .iter()
        .map(|(a, q, p)| {
            s.command(&["issue", "--quarter", q, "--agreement", a, "--party", p])
                .env("LEDGER_TODAY", "2030-01-02")
                // 200 processes share two cores here; each waits its turn.
                .env("LEDGER_BUSY_TIMEOUT", "120")
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut issued = 0;
    for child in children {
        let o = child.wait_with_output().unwrap();
        let stdout = String::from_utf8_lossy(&o.stdout);
        assert!(
            o.status.success(),
            "{stdout}{}",
            String::from_utf8_lossy(&o.stderr)
        );
        if stdout.starts_with("1 factuur opgenomen in") {
            issued += 1;
        }
    }
    assert!(issued >= 200, "{issued} invoices issued");
    assert_eq!(s.count(), issued + 3);
    assert_series_complete(&s.register());
    let v = s.run(&["verify", "--chain-only"]);
    assert_eq!(v.code, 0, "{}", v.stdout);
}

#[test]
fn sigkill_at_random_moments_leaves_whole_batches_or_none() {
    let s = Site::new().with_copies(2);
    let agreements = ["brp-pool", "brp-copy1", "brp-copy2"];
    s.ok(&["issue", "--quarter", "2017-Q4", "--agreement", "brp-pool"]);
    // A cheap xorshift seeded from the clock: random moments, no extra crate.
    let mut seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    let mut attempts = Vec::new();
    for k in 0..51 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let agreement = agreements[k % 3];
        let quarter = format!("{}-Q{}", 2018 + k / 12, (k / 3) % 4 + 1);
        let mut child = s
            .command(&["issue", "--quarter", &quarter, "--agreement", agreement])
            .env("LEDGER_TODAY", "2030-01-02")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros(seed % 40_000));
        let _ = child.kill(); // SIGKILL on Unix
        let _ = child.wait();
        attempts.push((agreement, quarter));
    }
    let conn = Connection::open(s.register()).unwrap();
    let check: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    drop(conn);
    let v = s.run(&["verify", "--chain-only"]);
    assert_eq!(v.code, 0, "{}{}", v.stdout, v.stderr);
    let conn = Connection::open(s.register()).unwrap();
    for (agreement, quarter) in attempts {
        let n: i64 = conn
            .query_row(
                "SELECT count(*) FROM documents WHERE agreement = ?1 AND period = ?2",
                [agreement, quarter.as_str()],
                |r| r.get(0),
            )
            .unwrap();
        assert!(n == 0 || n == 3, "{agreement} {quarter}: {n} of 3 invoices");
    }
    assert_series_complete(&s.register());
}

/// `settle` takes what was invoiced from the register where invoices were
/// issued, naming their numbers, and computes the others, saying so.
#[test]
fn settle_uses_the_issued_invoices_of_the_year() {
    let s = Site::new();
    s.ok(&["issue", "--quarter", "2018-Q1"]);
    // A later rate change must not rewrite what 2018-Q1 invoiced.
    let agreement = s.path("agreements/brp-pool.toml");
    let text = std::fs::read_to_string(&agreement).unwrap();
    std::fs::write(&agreement, text.replace("\"56.96\"", "\"56.97\"")).unwrap();
    let out = json(&s.ok(&[
        "settle", "--year", "2018", "--party", "tholen", "--format", "json",
    ]));
    let settlement = &out["agreements"][0]["settlements"][0];
    // Q1 as issued: 31.50 h × 56.96 = 1,794.24; Q2–Q4 computed at the new
    // rate: 31.50 × 56.97 = 1,794.555 → 1,794.56 each, 5,383.68 in all.
    // 1,794.24 + 5,383.68 = 7,177.92 (4 × 1,794.56 = 7,178.24 would be a
    // recomputed Q1).
    assert_eq!(settlement["invoiced_service"], "7177.92", "{settlement:#}");
    let notes: Vec<&str> = out["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n.as_str().unwrap())
        .collect();
    assert!(
        notes.contains(
            &"brp-pool tholen: zoals gefactureerd, uitgereikt: 2018-Q1 (brp-pool-2018-0003), \
              berekend (niet in het register): 2018-Q2, 2018-Q3, 2018-Q4"
        ),
        "{notes:#?}"
    );
    let english = s.ok(&[
        "settle", "--year", "2018", "--party", "tholen", "--locale", "en", "--width", "1000",
    ]);
    assert!(english.contains("brp-pool tholen: as invoiced, issued: 2018-Q1 (brp-pool-2018-0003), computed (not in the register): 2018-Q2, 2018-Q3, 2018-Q4"), "{english}");
}

/// An invoice credited and not issued again is not "not in the register":
/// the settlement says which it is, computes that quarter, and warns that
/// it must be issued before the settlement is sent.
#[test]
fn settle_names_an_invoice_credited_and_not_issued_again() {
    let s = Site::new();
    s.ok(&["issue", "--quarter", "2018-Q1"]);
    s.ok(&["credit", "brp-pool-2018-0003", "--reason", "fout"]);
    let run = s.run(&[
        "settle", "--year", "2018", "--party", "tholen", "--format", "json",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let out = json(&run.stdout);
    // 4 × 1,794.24 (31.50 h × 56.96) = 7,176.96: Q1 computed as today's
    // inputs give it, the same as the credited invoice.
    assert_eq!(
        out["agreements"][0]["settlements"][0]["invoiced_service"],
        "7176.96"
    );
    assert!(out["notes"].as_array().unwrap().iter().any(|n| n == "brp-pool tholen: zoals gefactureerd, gecrediteerd en niet opnieuw uitgereikt, dus berekend: 2018-Q1 (brp-pool-2018-0003, gecrediteerd door brp-pool-2018-0004), berekend (niet in het register): 2018-Q2, 2018-Q3, 2018-Q4"), "{}", run.stdout);
    // JSON words its notes in Dutch whatever the locale; a table in English.
    let english = s.run(&[
        "settle", "--year", "2018", "--party", "tholen", "--locale", "en", "--width", "1000",
    ]);
    assert!(english.stdout.contains("brp-pool tholen: as invoiced, credited and not issued again, so computed: 2018-Q1 (brp-pool-2018-0003, credited by brp-pool-2018-0004), computed (not in the register): 2018-Q2, 2018-Q3, 2018-Q4"), "{}", english.stdout);
    assert!(run.stderr.contains("warning: brp-pool 2018-Q1 for tholen: invoice brp-pool-2018-0003 was credited by brp-pool-2018-0004 and not issued again; the settlement counts the invoice as computed today, so issue it before the settlement is sent\n"), "{}", run.stderr);
    // Issued again, it is an issued invoice like the others.
    s.ok(&["issue", "--quarter", "2018-Q1", "--party", "tholen"]);
    let again = s.run(&[
        "settle", "--year", "2018", "--party", "tholen", "--format", "json",
    ]);
    assert!(!again.stderr.contains("credited"), "{}", again.stderr);
    assert!(
        again
            .stdout
            .contains("uitgereikt: 2018-Q1 (brp-pool-2018-0005)"),
        "{}",
        again.stdout
    );
    // Credited again, the note names the latest invoice and credit note.
    s.ok(&["credit", "brp-pool-2018-0005", "--reason", "weer fout"]);
    let twice = s.run(&["settle", "--year", "2018", "--party", "tholen"]);
    assert!(
        twice
            .stdout
            .contains("2018-Q1 (brp-pool-2018-0005, gecrediteerd door brp-pool-2018-0006)"),
        "{}",
        twice.stdout
    );
    assert!(
        !twice.stdout.contains("brp-pool-2018-0003,"),
        "{}",
        twice.stdout
    );
}

/// `register list` words its table in the locale, with the same figures:
/// BRP 2018-Q1 to Tholen, 31.50 h × 56.96 = 1,794.24 + 107.18 travel +
/// 5% fee 89.71 = 1,991.13 excl. VAT, 21% = 418.14, 2,409.27 incl. VAT
/// (Art. 12 lid 1, 4 and 6), credited by 0004.
#[test]
fn register_list_in_dutch_and_english() {
    let s = Site::new();
    s.ok(&["issue", "--quarter", "2018-Q1"]);
    s.ok(&[
        "credit",
        "brp-pool-2018-0003",
        "--reason",
        "hours corrected",
    ]);
    let cells = |out: &str, number: &str| -> Vec<String> {
        out.lines()
            .map(|l| {
                l.trim_matches('│')
                    .split('┆')
                    .map(|c| c.trim().to_string())
                    .collect::<Vec<_>>()
            })
            .find(|c| c[0] == number)
            .unwrap_or_else(|| panic!("no row {number} in:\n{out}"))
    };
    let nl = s.ok(&["register", "list"]);
    assert_eq!(
        cells(&nl, "nummer"),
        [
            "nummer",
            "soort",
            "overeenkomst",
            "periode",
            "afnemer",
            "factuurdatum",
            "vervaldatum",
            "excl. btw",
            "btw",
            "incl. btw",
            "creditnota"
        ]
    );
    assert_eq!(
        cells(&nl, "brp-pool-2018-0003"),
        [
            "brp-pool-2018-0003",
            "factuur",
            "brp-pool",
            "2018-Q1",
            "tholen",
            "2018-04-02",
            "2018-05-02",
            "€ 1.991,13",
            "€ 418,14",
            "€ 2.409,27",
            "gecrediteerd door brp-pool-2018-0004"
        ]
    );
    assert_eq!(cells(&nl, "brp-pool-2018-0004")[1], "creditnota");
    assert_eq!(
        cells(&nl, "brp-pool-2018-0004")[10],
        "crediteert brp-pool-2018-0003"
    );
    let en = s.ok(&["register", "list", "--locale", "en"]);
    assert_eq!(
        cells(&en, "number"),
        [
            "number",
            "kind",
            "agreement",
            "period",
            "client",
            "issued",
            "due",
            "excl. VAT",
            "VAT",
            "incl. VAT",
            "credit"
        ]
    );
    assert_eq!(
        cells(&en, "brp-pool-2018-0003"),
        [
            "brp-pool-2018-0003",
            "invoice",
            "brp-pool",
            "2018-Q1",
            "tholen",
            "2018-04-02",
            "2018-05-02",
            "€1,991.13",
            "€418.14",
            "€2,409.27",
            "credited by brp-pool-2018-0004"
        ]
    );
    assert_eq!(
        cells(&en, "brp-pool-2018-0004")[10],
        "credits brp-pool-2018-0003"
    );
    // At 80 columns, the line under the table names what it leaves out.
    let narrow = s.ok(&["--width", "80", "register", "list", "--locale", "en"]);
    assert!(
        narrow.contains("(left out to fit 80 columns: agreement, kind"),
        "{narrow}"
    );
    // A list without documents says so in the locale: nothing was issued
    // in 2019.
    assert_eq!(
        s.ok(&["register", "list", "--year", "2019"]),
        "geen documenten\n"
    );
    assert_eq!(
        s.ok(&["register", "list", "--year", "2019", "--locale", "en"]),
        "no documents\n"
    );
}

/// `register show --explain` prints the explanation stored with the issued
/// document, whatever the locale (an issued document never changes: Dutch
/// prose, plain decimals: 31.50 h = 126 h ÷ 12 × 3 months, Art. 12 lid 1),
/// under a line in the run's language that says it is the stored text.
#[test]
fn a_stored_explanation_is_headed_as_stored_in_the_locale() {
    let s = Site::new();
    s.ok(&["issue", "--quarter", "2018-Q1", "--date", "2018-04-02"]);
    let stored = "  gecontracteerde uren van tholen 2018-01-01 – 2018-03-31 (Art. 12 lid 1)\n";
    let nl = s.ok(&["register", "show", "brp-pool-2018-0003", "--explain"]);
    assert!(nl.contains(&format!("toelichting:\n  (de toelichting zoals opgeslagen bij de uitgifte op 2018-04-02; een uitgegeven document verandert niet)\n{stored}")), "{nl}");
    assert!(nl.contains("    uitkomst:   31.50\n"), "{nl}");
    let en = s.ok(&[
        "--locale",
        "en",
        "register",
        "show",
        "brp-pool-2018-0003",
        "--explain",
    ]);
    assert!(en.contains(&format!("explanation:\n  (the explanation as stored when it was issued on 2018-04-02; an issued document never changes)\n{stored}")), "{en}");
    // The stored words and figures are the same; only the labels follow the locale.
    assert!(en.contains("    result:    31.50\n"), "{en}");
    // Without --explain there is no explanation and no such line.
    let plain = s.ok(&["register", "show", "brp-pool-2018-0003"]);
    assert!(!plain.contains("opgeslagen bij de uitgifte"), "{plain}");
}
