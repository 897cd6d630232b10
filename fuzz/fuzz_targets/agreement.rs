//! The agreement TOML loader on any text, as `ledger check` reads a file:
//! parse, validate, and render whatever diagnostics result.
#![no_main]

use ledger::load::agreement::parse_agreement_with_places;
use ledger::load::diag::SourceFile;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The loader reads files as UTF-8 text; other bytes stop at reading.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let src = SourceFile::new("fuzz.toml", text);
    if let Err(diags) = parse_agreement_with_places(&src) {
        let _ = diags.to_string();
    }
});
