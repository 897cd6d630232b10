//! The facts loader on any text, beside a shipped agreement, as `load`
//! pairs a facts file with the agreement it names.
#![no_main]

use ledger::load::diag::SourceFile;
use ledger::load::facts;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let src = SourceFile::new("/nonexistent/fuzz-facts.toml", text);
    let id = match facts::agreement_of(&src) {
        Ok(id) => id,
        Err(diags) => {
            let _ = diags.to_string();
            return;
        }
    };
    let Some(shipped) = ledger_fuzz::shipped()
        .iter()
        .find(|s| s.agreement.id == *id.get_ref())
    else {
        return;
    };
    let mut agreement = shipped.agreement.clone();
    let mut places = shipped.places.clone();
    let mut found = ledger::core::facts::Facts::default();
    if let Err(diags) = facts::parse_facts(&src, &mut agreement, &mut found, &mut places) {
        let _ = diags.to_string();
    }
});
