//! The value parsers of the command line on any text: dates (`--today`,
//! `--from`, `--given`), years, spans (`--within`), reminders (`--remind`),
//! the window they make together, and number templates. A first line is
//! read as `--from`, the rest as `--to` and as `--within`.
#![no_main]

use ledger::cli::{parse_date, parse_year};
use ledger::cmd::deadlines::{parse_reminders, parse_span, window_end};
use ledger::register::{NumberContext, NumberTemplate};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = parse_date(text);
    let _ = parse_year(text);
    let _ = parse_span(text, "--within").map_err(|e| format!("{e:#}"));
    let _ = parse_reminders(text).map_err(|e| format!("{e:#}"));
    let (first, rest) = text.split_once('\n').unwrap_or((text, ""));
    if let Ok(from) = parse_date(first) {
        let to = parse_date(rest).ok();
        let _ = window_end(from, to, Some(rest)).map_err(|e| format!("{e:#}"));
        let _ = window_end(from, None, None).map_err(|e| format!("{e:#}"));
        if let Ok(template) = NumberTemplate::parse(rest) {
            let context = NumberContext {
                agreement: "brp-pool",
                issuer: "bergen-op-zoom",
                issue_date: from,
            };
            let _ = (
                template.series(&context),
                template.number(&context, i64::MAX),
            );
        }
    }
    let _ = NumberTemplate::parse(text).map_err(|e| e.to_string());
});
