//! How the machine formats (JSON, and the register's stored body through
//! it) write what the core says as typed values: as the Dutch text with
//! plain figures, under the keys of the format documents. The core's types
//! derive no `Serialize` for these, since the words are the report's.

use serde::ser::{SerializeStruct, Serializer};
use serde::Serialize;

use crate::core::explain::{Explanation, Input, Phrase, Rounding, Value};
use crate::core::invoice::{InvoiceNote, PeriodNote};

impl Serialize for Phrase {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::machine(self))
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::machine_value(self))
    }
}

impl Serialize for Rounding {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::machine_rounding(self))
    }
}

impl Serialize for InvoiceNote {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::machine_note(self))
    }
}

impl Serialize for PeriodNote {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::machine_period_note(self))
    }
}

impl Serialize for Input {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Input", 3)?;
        st.serialize_field("name", &self.name)?;
        st.serialize_field("value", &self.value)?;
        st.serialize_field("source", &self.source)?;
        st.end()
    }
}

impl Serialize for Explanation {
    /// The keys of `docs/invoice-formats.md`: `unrounded` and `rounding`
    /// only where rounding happened.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Explanation", 7)?;
        st.serialize_field("figure", &self.figure)?;
        st.serialize_field("formula", &self.formula)?;
        st.serialize_field("inputs", &self.inputs)?;
        match &self.unrounded {
            Some(u) => st.serialize_field("unrounded", u)?,
            None => st.skip_field("unrounded")?,
        }
        match &self.rounding {
            Some(r) => st.serialize_field("rounding", r)?,
            None => st.skip_field("rounding")?,
        }
        st.serialize_field("result", &self.result)?;
        st.serialize_field("article", &self.article)?;
        st.end()
    }
}
