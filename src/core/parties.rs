//! One resolver for the parties of an agreement: the parties of its text and
//! those that joined it later by an accession recorded in the facts, each
//! with the days it takes part. Every command finds a party through it, so
//! `--party Tholen`, an id and a later joiner resolve the same everywhere.

use chrono::NaiveDate;
use thiserror::Error;

use crate::core::agreement::{Agreement, Party, Role};
use crate::core::facts::{Accession, Facts};
use crate::core::term::{self, Participation};

/// A party of the agreement with what the facts say about it.
#[derive(Debug, Clone, Copy)]
pub struct Member<'a> {
    pub party: &'a Party,
    /// Set for a party that joined by accession.
    pub accession: Option<&'a Accession>,
    /// The days it takes part (clients; the provider's is the agreement's).
    pub participation: Participation,
}

impl Member<'_> {
    pub fn id(&self) -> &str {
        &self.party.id
    }

    pub fn is_client(&self) -> bool {
        self.party.role == Role::Client
    }
}

/// Why a `--party` query names no client.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PartyError {
    #[error("unknown party `{query}` in {agreement}; the parties are: {known}")]
    Unknown {
        agreement: String,
        query: String,
        /// `Name (id)` of every party, accessions included.
        known: String,
    },
    #[error("{name} is the {role} of agreement `{agreement}`, not a borrower")]
    NotAClient {
        agreement: String,
        name: String,
        role: &'static str,
    },
}

/// The parties of one agreement, in the order of the text, then accessions.
fn named<'m, 'a: 'm>(members: impl Iterator<Item = &'m Member<'a>>) -> String {
    members
        .map(|m| format!("{} ({})", m.party.name, m.party.id))
        .collect::<Vec<_>>()
        .join(", ")
}

#[derive(Debug, Clone)]
pub struct Parties<'a> {
    agreement: &'a Agreement,
    agreement_end: Option<NaiveDate>,
    members: Vec<Member<'a>>,
}

impl<'a> Parties<'a> {
    /// Resolves every party once: accessions, notices and withdrawals are
    /// read here and nowhere else on the way to an invoice.
    pub fn new(a: &'a Agreement, f: &'a Facts) -> Parties<'a> {
        let agreement_end = term::agreement_end(a, f);
        let own = a.parties.iter().map(|p| (p, None));
        let joined = f.accessions.iter().map(|ac| (&ac.party, Some(ac)));
        let members = own
            .chain(joined)
            .map(|(party, accession)| Member {
                party,
                accession,
                participation: term::participation_until(a, f, &party.id, agreement_end),
            })
            .collect();
        Parties {
            agreement: a,
            agreement_end,
            members,
        }
    }

    /// The last day of the agreement as a whole, if the facts or the text
    /// set one (see `term::agreement_end`).
    pub fn agreement_end(&self) -> Option<NaiveDate> {
        self.agreement_end
    }

    pub fn all(&self) -> impl Iterator<Item = &Member<'a>> {
        self.members.iter()
    }

    /// Every client: the agreement's, then those that joined by accession.
    pub fn clients(&self) -> impl Iterator<Item = &Member<'a>> {
        self.members.iter().filter(|m| m.is_client())
    }

    /// Whether a client other than `party` still takes part on `day`, so
    /// that `party`'s notice ends its own part only: clients that withdrew
    /// or gave notice before, or join later, do not count.
    pub fn others_take_part(&self, party: &str, day: NaiveDate) -> bool {
        self.clients()
            .any(|m| m.id() != party && m.participation.contains(day))
    }

    pub fn get(&self, id: &str) -> Option<&Member<'a>> {
        self.members.iter().find(|m| m.party.id == id)
    }

    /// The party `query` names by id or name (`Party::answers_to`).
    pub fn find(&self, query: &str) -> Option<&Member<'a>> {
        self.members.iter().find(|m| m.party.answers_to(query))
    }

    /// The client `query` names: `Ok(None)` when no party has that name
    /// (another agreement may have it), an error when it names a party
    /// that is not a client.
    pub fn find_client(&self, query: &str) -> Result<Option<&Member<'a>>, PartyError> {
        match self.find(query) {
            Some(m) if !m.is_client() => Err(self.not_a_client(m)),
            found => Ok(found),
        }
    }

    fn not_a_client(&self, m: &Member<'_>) -> PartyError {
        PartyError::NotAClient {
            agreement: self.agreement.id.clone(),
            name: m.party.name.clone(),
            role: m.party.role.as_str(),
        }
    }

    /// The client `query` names; an error lists the parties there are, or
    /// says that the named party is not a client.
    pub fn client(&self, query: &str) -> Result<&Member<'a>, PartyError> {
        let m = self.find(query).ok_or_else(|| PartyError::Unknown {
            agreement: self.agreement.id.clone(),
            query: query.to_string(),
            known: self.list(),
        })?;
        if !m.is_client() {
            return Err(self.not_a_client(m));
        }
        Ok(m)
    }

    /// `Name (id), …` of every party, for messages.
    pub fn list(&self) -> String {
        named(self.members.iter())
    }

    /// `Name (id), …` of every client, for messages.
    pub fn client_list(&self) -> String {
        named(self.clients())
    }

    /// The ids of every party, accessions included.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.members.iter().map(|m| m.id())
    }
}
