//! The facts that happen over time beside an agreement: declarations,
//! notices, withdrawals, accessions, redeployed hours, hours the provider
//! failed to deliver, take-or-pay exceptions and external contracts.
//!
//! Built by `load::facts`; every party named here is known to the agreement
//! (or joins it by an accession), every date lies within the agreement's life.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use std::path::PathBuf;

use crate::core::agreement::Party;
use crate::core::money::Money;
use crate::core::party_details::PartyDetails;

/// What a client declared for a calendar year (Art. 4 lid 4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Declared {
    Hours(Decimal),
    Budget(Money),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declaration {
    pub party: String,
    pub year: i32,
    pub given: NaiveDate,
    pub declared: Declared,
    /// Where the fact was written, for explanations (`examples/brp-facts.toml:12`).
    pub source: String,
    /// The lender's consent to a declaration given after the agreement's
    /// declaration deadline, as the facts record it; `None` for one on time.
    pub consent: Option<String>,
}

/// A written notice by a party.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub party: String,
    pub given: NaiveDate,
    pub source: String,
}

/// An early withdrawal of a client that has taken effect.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WithdrawalFact {
    pub party: String,
    pub effective: NaiveDate,
    pub redeployed_hours: Decimal,
    pub external_contract_ends: Option<NaiveDate>,
    pub source: String,
}

/// A party joining from a date (Art. 21).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Accession {
    pub party: Party,
    pub from: NaiveDate,
    pub source: String,
}

/// Hours of one client in one calendar year: redeployed elsewhere by the
/// provider, or not delivered by the provider.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearHours {
    pub party: String,
    pub year: i32,
    pub hours: Decimal,
    pub note: Option<String>,
    pub source: String,
}

/// A recorded take-or-pay exception (Art. 13 lid 3) for a client and year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExceptionFact {
    pub party: String,
    pub year: i32,
    pub ground: String,
    pub note: Option<String>,
    pub source: String,
}

/// The weight of one client in one year of a weight series (inhabitants on
/// 1 January), as a shared amount's key uses it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Weight {
    pub series: String,
    pub year: i32,
    pub party: String,
    pub value: Decimal,
    pub source: String,
}

/// All facts recorded for one agreement.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Facts {
    pub declarations: Vec<Declaration>,
    pub notices: Vec<Notice>,
    pub withdrawals: Vec<WithdrawalFact>,
    pub accessions: Vec<Accession>,
    pub redeployed: Vec<YearHours>,
    pub shortfalls: Vec<YearHours>,
    pub exceptions: Vec<ExceptionFact>,
    /// The date the provider's external hiring contract can end, if recorded.
    pub external_contract_ends: Option<NaiveDate>,
    /// Activity logs (CSV) for this agreement, resolved to paths.
    pub activity_logs: Vec<PathBuf>,
    /// The facts files these came from.
    pub files: Vec<PathBuf>,
    /// Weights of shared amounts per series, year and client.
    pub weights: Vec<Weight>,
    /// What e-invoices need to know about the parties, at most one per party.
    pub party_details: Vec<PartyDetails>,
}

impl Facts {
    pub fn declaration(&self, party: &str, year: i32) -> Option<&Declaration> {
        self.declarations
            .iter()
            .find(|d| d.party == party && d.year == year)
    }

    pub fn redeployed_hours(&self, party: &str, year: i32) -> Option<&YearHours> {
        self.redeployed
            .iter()
            .find(|r| r.party == party && r.year == year)
    }

    pub fn shortfall_hours(&self, party: &str, year: i32) -> Option<&YearHours> {
        self.shortfalls
            .iter()
            .find(|r| r.party == party && r.year == year)
    }

    pub fn exception(&self, party: &str, year: i32) -> Option<&ExceptionFact> {
        self.exceptions
            .iter()
            .find(|e| e.party == party && e.year == year)
    }

    /// The e-invoice details of a party, if any were recorded.
    pub fn details(&self, party: &str) -> Option<&PartyDetails> {
        self.party_details.iter().find(|d| d.party == party)
    }

    pub fn withdrawal(&self, party: &str) -> Option<&WithdrawalFact> {
        self.withdrawals.iter().find(|w| w.party == party)
    }

    pub fn weight(&self, series: &str, year: i32, party: &str) -> Option<&Weight> {
        self.weights
            .iter()
            .find(|w| w.series == series && w.year == year && w.party == party)
    }

    pub fn accession(&self, party: &str) -> Option<&Accession> {
        self.accessions.iter().find(|a| a.party.id == party)
    }
}
