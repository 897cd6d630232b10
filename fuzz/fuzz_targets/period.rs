//! The one period parser (`--quarter`, `--month`, `--half`, `--year`,
//! periods in files) on any text, and what the commands do next with a
//! period they accept.
#![no_main]

use ledger::core::period::{BillingPeriod, Rhythm};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match text.parse::<BillingPeriod>() {
        Ok(p) => {
            let _ = (p.period(), p.next(), p.to_string());
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
    for rhythm in [
        Rhythm::Month,
        Rhythm::Quarter,
        Rhythm::HalfYear,
        Rhythm::Year,
    ] {
        // `cli::parse_period` is `parse_as` with its error as the text clap
        // prints: the value parser of --quarter, --month, --half and --year.
        if let Ok(p) = ledger::cli::parse_period(rhythm, text) {
            let _ = p.period();
        }
    }
});
