//! Row problems with one cause, said once. A withdrawal that the log goes
//! on past makes every later row of that borrower wrong, and an unknown
//! borrower every row that names it: such problems are kept back while the
//! log is read, and come out at its end as one error per cause, with the
//! number of rows, the first and the last, and the way out.

use std::collections::HashMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::core::agreement::Agreement;
use crate::core::facts::Facts;
use crate::core::term::{self, Participation};
use crate::load::diag::{CsvRecord, Diagnostic, Location};

/// What many rows can have in common that makes each of them wrong.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) enum Cause {
    /// Dated before the borrower (by its index) takes part.
    Before(usize),
    /// Dated after the borrower's part has ended.
    After(usize),
    /// Names a borrower that is not a client (as written, trimmed).
    Unknown(Vec<u8>),
}

/// A row's problem, and its cause where other rows can share it (boxed:
/// most problems have none, and a row's result stays small).
pub(super) struct RowError {
    pub diagnostic: Diagnostic,
    pub shared: Option<Box<Shared>>,
}

/// The cause of a row's problem that other rows can share.
pub(super) struct Shared {
    pub cause: Cause,
    /// The row's hours, where they were read before the problem was found.
    pub hours: Option<Decimal>,
}

impl RowError {
    pub fn shared(diagnostic: Diagnostic, cause: Cause, hours: Option<Decimal>) -> RowError {
        RowError {
            diagnostic,
            shared: Some(Box::new(Shared { cause, hours })),
        }
    }
}

impl From<Diagnostic> for RowError {
    fn from(diagnostic: Diagnostic) -> RowError {
        RowError {
            diagnostic,
            shared: None,
        }
    }
}

/// A cause in words: what the rows are (after "N rows of `x`"), and the
/// way out.
#[derive(Debug, Clone)]
struct Words {
    what: String,
    help: String,
}

/// Why each client's part of the agreement begins and ends where it does,
/// in words, by client index.
pub(super) struct Bounds {
    names: Vec<String>,
    before: Vec<Words>,
    after: Vec<Words>,
}

impl Bounds {
    pub fn new(agreement: &Agreement, facts: &Facts, borrowers: &[String]) -> Bounds {
        let end = term::agreement_end(agreement, facts);
        let before = borrowers
            .iter()
            .map(|b| start_words(agreement, facts, b))
            .collect();
        let after = borrowers
            .iter()
            .map(|b| {
                let part = term::participation(agreement, facts, b);
                end_words(facts, b, &part, end)
            })
            .collect();
        Bounds {
            names: borrowers.to_vec(),
            before,
            after,
        }
    }

    /// The way out for a row of this cause.
    fn help(&self, cause: &Cause) -> String {
        self.words(cause).help
    }

    fn words(&self, cause: &Cause) -> Words {
        match cause {
            Cause::Before(b) => self.before[*b].clone(),
            Cause::After(b) => self.after[*b].clone(),
            Cause::Unknown(_) => Words {
                what: String::new(),
                help: "correct the borrower, or record the party's accession in a facts file ([[accessions]])".to_string(),
            },
        }
    }
}

fn start_words(agreement: &Agreement, facts: &Facts, party: &str) -> Words {
    match facts.accession(party) {
        Some(a) => Words {
            what: format!("are dated before it joined on {}", a.from),
            help: format!(
                "take its rows before {} out of the log, or correct the `from` of its accession (recorded at {})",
                a.from, a.source
            ),
        },
        None => {
            let start = agreement.term.period.start();
            Words {
                what: format!("are dated before the agreement starts on {start}"),
                help: format!(
                    "take the rows before {start} out of the log, or correct the agreement's term"
                ),
            }
        }
    }
}

fn end_words(
    facts: &Facts,
    party: &str,
    part: &Participation,
    agreement_end: Option<NaiveDate>,
) -> Words {
    // The last day the borrower takes part.
    let last = part.end.map_or_else(String::new, |e| e.to_string());
    if let Some(w) = facts
        .withdrawal(party)
        .filter(|w| part.end == Some(term::previous_day(w.effective)))
    {
        return Words {
            what: format!(
                "are dated on or after {}, when its withdrawal took effect",
                w.effective
            ),
            help: format!(
                "the withdrawal is recorded at {}: if `{party}` left on {}, take its rows from that day on out of the log (and record the hours the supervisors worked elsewhere instead as the withdrawal's `redeployed_hours`); if it did not leave then, correct `effective`",
                w.source, w.effective
            ),
        };
    }
    if part.end.is_some() && part.end == agreement_end {
        return Words {
            what: format!("are dated after the agreement ends on {last}"),
            help: format!(
                "take the rows after {last} out of the log, or correct what ends the agreement (its term, or a notice in the facts)"
            ),
        };
    }
    let notice = facts
        .notices
        .iter()
        .find(|n| n.party == party)
        .map_or_else(String::new, |n| format!(" (recorded at {})", n.source));
    Words {
        what: format!("are dated after its notice ended its part on {last}"),
        help: format!("take its rows after {last} out of the log, or correct its notice{notice}"),
    }
}

/// The row problems with a cause, one entry per cause in the order their
/// first row came.
#[derive(Default)]
pub(super) struct Groups {
    groups: Vec<Group>,
    index: HashMap<Cause, usize>,
}

/// The rows of one cause seen so far.
struct Group {
    cause: Cause,
    /// The first row's own diagnostic.
    first: Diagnostic,
    last: CsvRecord,
    rows: u64,
    /// The sum of the rows' hours, while every row has them.
    hours: Option<Decimal>,
}

impl Groups {
    /// Keeps back a problem with a cause; gives back one without.
    pub fn keep(&mut self, e: RowError) -> Option<Diagnostic> {
        let Some(shared) = e.shared else {
            return Some(e.diagnostic);
        };
        let group = Group {
            last: record_of(&e.diagnostic),
            first: e.diagnostic,
            cause: shared.cause,
            rows: 1,
            hours: shared.hours,
        };
        self.add(group);
        None
    }

    fn add(&mut self, group: Group) {
        match self.index.get(&group.cause) {
            Some(&i) => self.groups[i].absorb(group),
            None => {
                self.index.insert(group.cause.clone(), self.groups.len());
                self.groups.push(group);
            }
        }
    }

    /// Adds `later`, read after these rows, whose lines and rows were
    /// counted from its own start; `lines` and `rows` move them on.
    pub fn append(&mut self, later: Groups, lines: u64, rows: u64) {
        for mut g in later.groups {
            if let Location::Csv { line, row, .. } = g.first.location.as_mut() {
                *line += lines;
                *row += rows;
            }
            g.last.line += lines;
            g.last.row += rows;
            self.add(g);
        }
    }

    /// One diagnostic per cause: the row's own where it is the only one.
    pub fn finish(self, bounds: &Bounds) -> Vec<Diagnostic> {
        self.groups.into_iter().map(|g| g.finish(bounds)).collect()
    }
}

impl Group {
    fn absorb(&mut self, later: Group) {
        self.rows += later.rows;
        self.last = later.last;
        self.hours = match (self.hours, later.hours) {
            (Some(a), Some(b)) => a.checked_add(b),
            _ => None,
        };
    }

    fn finish(self, bounds: &Bounds) -> Diagnostic {
        let help = bounds.help(&self.cause);
        if self.rows == 1 {
            return self.first.with_help(help);
        }
        let message = self.message(bounds);
        let Location::Csv {
            line,
            row,
            column,
            record,
        } = *self.first.location
        else {
            return self.first.with_help(help);
        };
        Diagnostic {
            path: self.first.path,
            location: Box::new(Location::CsvRows {
                rows: self.rows,
                column,
                first: CsvRecord { line, row, record },
                last: self.last,
            }),
            message,
            help: Some(help),
        }
    }

    /// "19 rows of `tholen` (47.25 h) are dated …".
    fn message(&self, bounds: &Bounds) -> String {
        let n = self.rows;
        let hours = self.hours.map_or_else(String::new, |h| format!(" ({h} h)"));
        match &self.cause {
            Cause::Before(b) | Cause::After(b) => {
                let party = &bounds.names[*b];
                let what = bounds.words(&self.cause).what;
                format!("{n} rows of `{party}`{hours} {what}")
            }
            Cause::Unknown(name) => {
                let name = String::from_utf8_lossy(name);
                format!(
                    "{n} rows name the unknown borrower `{name}`; the borrowers are: {}",
                    bounds.names.join(", ")
                )
            }
        }
    }
}

fn record_of(d: &Diagnostic) -> CsvRecord {
    match d.location.as_ref() {
        Location::Csv {
            line, row, record, ..
        } => CsvRecord {
            line: *line,
            row: *row,
            record: record.clone(),
        },
        _ => CsvRecord {
            line: 0,
            row: 0,
            record: String::new(),
        },
    }
}
