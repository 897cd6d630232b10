//! The stored-document decoder on any text, as `ledger register show` reads
//! a document's body back: the JSON, its version, the conversion into an
//! invoice; a body that decodes is encoded again, as `credit` does.
#![no_main]

use ledger::register::body::{from_body, to_body};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match from_body(text) {
        Ok((invoice, credit)) => {
            let _ = to_body(&invoice, credit.as_ref());
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
});
