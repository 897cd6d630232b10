//! The activity log reader on any bytes, cut into four ranges as a large
//! log is: boundaries, per-range sums, the merge in range order, and the
//! fall-back to a serial read.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    ledger_fuzz::aggregate_log(data, 4);
});
