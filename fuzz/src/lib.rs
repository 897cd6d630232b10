//! What the fuzz targets share: the shipped and example agreements and the
//! example facts, parsed once per process, and a scratch file per process
//! for the inputs that the code under test reads from a path (activity
//! logs, registers). Per input, only the input is parsed.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use ledger::core::agreement::Agreement;
use ledger::core::facts::Facts;
use ledger::load::diag::SourceFile;
use ledger::load::{agreement, facts, FigurePlaces};

/// A shipped agreement as `load` leaves it, with its figure places.
pub struct Shipped {
    pub agreement: Agreement,
    pub places: FigurePlaces,
}

fn parse(name: &str, text: &str) -> Shipped {
    let src = SourceFile::new(name, text);
    let (agreement, places) =
        agreement::parse_agreement_with_places(&src).expect("the shipped agreements load");
    Shipped { agreement, places }
}

/// The agreements under `agreements/` and `examples/agreements/`.
pub fn shipped() -> &'static [Shipped] {
    static SHIPPED: OnceLock<Vec<Shipped>> = OnceLock::new();
    SHIPPED.get_or_init(|| {
        vec![
            parse(
                "agreements/brp-pool.toml",
                include_str!("../../agreements/brp-pool.toml"),
            ),
            parse(
                "agreements/expatcenter.toml",
                include_str!("../../agreements/expatcenter.toml"),
            ),
            parse(
                "examples/agreements/adres-zvl.toml",
                include_str!("../../examples/agreements/adres-zvl.toml"),
            ),
            parse(
                "examples/agreements/kempen-leerplicht.toml",
                include_str!("../../examples/agreements/kempen-leerplicht.toml"),
            ),
            parse(
                "examples/agreements/kinderopvang-pool.toml",
                include_str!("../../examples/agreements/kinderopvang-pool.toml"),
            ),
        ]
    })
}

/// The shipped agreement `id` with the example facts at `facts_path` (the
/// text `facts_text`), its activity log replaced by `log`.
fn with_log(id: &str, facts_path: &str, facts_text: &str, log: &Path) -> (Agreement, Facts) {
    let shipped = shipped()
        .iter()
        .find(|s| s.agreement.id == id)
        .expect("the agreement is shipped");
    let mut agreement = shipped.agreement.clone();
    let mut facts = Facts::default();
    let mut places = shipped.places.clone();
    // The facts name a log beside them; it must exist for the facts to
    // load, so they are parsed as if they lay in the examples.
    let src = SourceFile::new(facts_path, facts_text);
    facts::parse_facts(&src, &mut agreement, &mut facts, &mut places)
        .expect("the example facts load");
    facts.activity_logs = vec![log.to_path_buf()];
    (agreement, facts)
}

/// The BRP agreement with the facts of `examples/brp-facts.toml`, its
/// activity log replaced by `log`.
pub fn brp_with_log(log: &Path) -> (Agreement, Facts) {
    with_log(
        "brp-pool",
        concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/brp-facts.toml"),
        include_str!("../../examples/brp-facts.toml"),
        log,
    )
}

/// The ADRES example (`examples/agreements/adres-zvl.toml`, a log in the
/// columns its `[activity_log]` declares) with the facts of
/// `examples/facts/adres-zvl-facts.toml`, its log replaced by `log`.
pub fn adres_with_log(log: &Path) -> (Agreement, Facts) {
    with_log(
        "adres-zvl",
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../examples/facts/adres-zvl-facts.toml"
        ),
        include_str!("../../examples/facts/adres-zvl-facts.toml"),
        log,
    )
}

/// A file of this process under the fastest temporary directory, named
/// `name`; the same path every time, so that no run leaves files behind
/// but the last.
pub fn scratch(name: &str) -> PathBuf {
    let shm = Path::new("/dev/shm");
    let dir = if shm.is_dir() {
        shm.to_path_buf()
    } else {
        std::env::temp_dir()
    };
    dir.join(format!("ledger-fuzz-{}-{name}", std::process::id()))
}

/// Writes `data` to this process's scratch log and sums it as `invoice`
/// does (per month), with the log cut into `parts` ranges; renders the
/// diagnostics of a bad log. A log whose first line names `gemeente` (the
/// ADRES example's declared party column) is read against that example's
/// agreement and facts, any other against the BRP agreement and the
/// standard columns. Both agreements and facts are parsed once per process.
pub fn aggregate_log(data: &[u8], parts: usize) {
    type Entry = (Agreement, Facts);
    static LOGS: OnceLock<(PathBuf, Entry, Entry)> = OnceLock::new();
    let (path, brp, adres) = LOGS.get_or_init(|| {
        let path = scratch("activity.csv");
        (path.clone(), brp_with_log(&path), adres_with_log(&path))
    });
    let header = data.split(|&b| b == b'\n').next().unwrap_or_default();
    let (agreement, facts) = match header.windows(8).any(|w| w == b"gemeente") {
        true => adres,
        false => brp,
    };
    std::fs::write(path, data).expect("the scratch log can be written");
    let bucket = |d| Some(ledger::core::invoice::month_of(d));
    if let Err(diags) = ledger::load::activity::aggregate_in_parts(agreement, facts, bucket, parts)
    {
        let _ = diags.to_string();
    }
}
