//! What the fuzz targets share: the shipped agreements, parsed once, and a
//! scratch file per process for the inputs that the code under test reads
//! from a path (activity logs, registers).

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

/// The two agreements under `agreements/`.
pub fn shipped() -> &'static [Shipped; 2] {
    static SHIPPED: OnceLock<[Shipped; 2]> = OnceLock::new();
    SHIPPED.get_or_init(|| {
        [
            parse(
                "agreements/brp-pool.toml",
                include_str!("../../agreements/brp-pool.toml"),
            ),
            parse(
                "agreements/expatcenter.toml",
                include_str!("../../agreements/expatcenter.toml"),
            ),
        ]
    })
}

/// The BRP agreement with the facts of `examples/brp-facts.toml`, its
/// activity log replaced by `log`.
pub fn brp_with_log(log: &Path) -> (Agreement, Facts) {
    let brp = &shipped()[0];
    let mut agreement = brp.agreement.clone();
    let mut facts = Facts::default();
    let mut places = brp.places.clone();
    // The facts name `brp-activity.csv` beside them; it must exist for the
    // facts to load, so they are parsed as if they lay in the examples.
    let src = SourceFile::new(
        concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/brp-facts.toml"),
        include_str!("../../examples/brp-facts.toml"),
    );
    facts::parse_facts(&src, &mut agreement, &mut facts, &mut places)
        .expect("the example facts load");
    facts.activity_logs = vec![log.to_path_buf()];
    (agreement, facts)
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
/// diagnostics of a bad log.
pub fn aggregate_log(data: &[u8], parts: usize) {
    static BRP: OnceLock<(PathBuf, Agreement, Facts)> = OnceLock::new();
    let (path, agreement, facts) = BRP.get_or_init(|| {
        let path = scratch("activity.csv");
        let (agreement, facts) = brp_with_log(&path);
        (path, agreement, facts)
    });
    std::fs::write(path, data).expect("the scratch log can be written");
    let bucket = |d| Some(ledger::core::invoice::month_of(d));
    if let Err(diags) = ledger::load::activity::aggregate_in_parts(agreement, facts, bucket, parts)
    {
        let _ = diags.to_string();
    }
}
