//! Reading a register back from any bytes: open it read-only as `ledger`
//! does to list and verify, list every document, fetch each by number, the
//! live invoices, the chain and numbering checks, and each body decoded as
//! `register show` does; render every error.
#![no_main]

use ledger::register::{ListFilter, OpenMode, Register};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let path = ledger_fuzz::scratch("register.sqlite");
    for suffix in ["-wal", "-shm"] {
        let mut side = path.clone().into_os_string();
        side.push(suffix);
        let _ = std::fs::remove_file(side);
    }
    std::fs::write(&path, data).expect("the scratch register can be written");
    let register = match Register::open(&path, OpenMode::ReadOnly) {
        Ok(r) => r,
        Err(e) => {
            let _ = e.to_string();
            return;
        }
    };
    match register.list(&ListFilter::default()) {
        Ok(documents) => {
            for d in documents.iter().take(16) {
                let _ = register.get(&d.number).map_err(|e| e.to_string());
                let _ = ledger::register::body::from_body(&d.body).map_err(|e| e.to_string());
            }
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
    let filter = ListFilter {
        year: Some(2019),
        party: Some("tholen".to_owned()),
        agreement: Some("brp-pool".to_owned()),
    };
    let _ = register.list(&filter).map_err(|e| e.to_string());
    let _ = register.live_invoices().map_err(|e| e.to_string());
    match register.verify_chain() {
        Ok(problems) => problems.iter().for_each(|p| {
            let _ = p.to_string();
        }),
        Err(e) => {
            let _ = e.to_string();
        }
    }
});
