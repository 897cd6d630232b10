//! The activity log reader on any bytes, read serially as every log under
//! a few megabytes is: the lean record path, the csv crate's from the first
//! quote, the row checks and the sums of `aggregate`.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    ledger_fuzz::aggregate_log(data, 1);
});
