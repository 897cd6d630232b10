//! Reading a TOML document into its raw serde type so that one run reports
//! every unknown key of the file, not just the first.
//!
//! serde's `deny_unknown_fields` stops at the first unknown key. Instead the
//! parsed document (with spans) is walked against each table's known keys
//! first; every unknown key is reported and taken out, and the rest is then
//! deserialized as usual. The known keys are read from the raw types
//! themselves (see `Schema::of`), so the lists cannot drift from the structs.

use serde::de::{self, DeserializeOwned};
use toml::de::{DeTable, DeValue};
use toml::Spanned;

use crate::load::diag::{Diagnostic, Diagnostics, SourceFile};
use crate::load::fields::toml_error;

/// The keys a table takes, and the tables (or arrays of tables) nested in it.
pub struct Schema {
    fields: &'static [&'static str],
    nested: Vec<(&'static str, Schema)>,
}

impl Schema {
    /// The keys of a struct that derives `Deserialize`, as serde lists them.
    pub fn of<T: DeserializeOwned>() -> Schema {
        Schema {
            fields: fields_of::<T>(),
            nested: Vec::new(),
        }
    }

    /// Declares that `key` holds a table, or an array of tables, of `schema`.
    pub fn with(mut self, key: &'static str, schema: Schema) -> Schema {
        self.nested.push((key, schema));
        self
    }

    fn nested(&self, key: &str) -> Option<&Schema> {
        self.nested.iter().find(|(k, _)| *k == key).map(|(_, s)| s)
    }
}

/// Parses `src` into `T`. Every unknown key is a problem; a type error (the
/// first one serde meets) is another. The value is there whenever the file
/// could be deserialized, even with unknown keys, so that the caller can
/// report its own problems in the same run.
pub fn read<T: DeserializeOwned>(src: &SourceFile, schema: &Schema) -> (Option<T>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let mut root = match DeTable::parse(&src.text) {
        Ok(root) => root,
        Err(e) => {
            diags.push(toml_error(src, &e));
            return (None, diags);
        }
    };
    strip_unknown(src, root.get_mut(), schema, &mut diags);
    match T::deserialize(toml::de::Deserializer::from(root)) {
        Ok(value) => (Some(value), diags),
        Err(e) => {
            diags.push(toml_error(src, &e));
            (None, diags)
        }
    }
}

/// Reports and removes every key of `table` (and of the tables nested in it)
/// that its schema does not know.
fn strip_unknown(src: &SourceFile, table: &mut DeTable, schema: &Schema, diags: &mut Diagnostics) {
    let unknown: Vec<(String, Diagnostic)> = table
        .keys()
        .filter(|k| !schema.fields.contains(&k.get_ref().as_ref()))
        .map(|k| {
            // serde's own wording, so that the message is the one the
            // derived code would give.
            let e = <de::value::Error as de::Error>::unknown_field(k.get_ref(), schema.fields);
            (k.get_ref().to_string(), src.error(k.span(), e.to_string()))
        })
        .collect();
    for (name, d) in unknown {
        table.remove(name.as_str());
        diags.push(d);
    }
    for (key, value) in table.iter_mut() {
        if let Some(inner) = schema.nested(key.get_ref()) {
            strip_value(src, value, inner, diags);
        }
    }
}

fn strip_value(
    src: &SourceFile,
    value: &mut Spanned<DeValue>,
    schema: &Schema,
    diags: &mut Diagnostics,
) {
    match value.get_mut() {
        DeValue::Table(table) => strip_unknown(src, table, schema, diags),
        DeValue::Array(items) => {
            for item in items.iter_mut() {
                if let DeValue::Table(table) = item.get_mut() {
                    strip_unknown(src, table, schema, diags);
                }
            }
        }
        // A value of the wrong type is serde's to report.
        _ => {}
    }
}

/// An error type that keeps the field list serde hands to `unknown_field`:
/// deserializing a struct (with `deny_unknown_fields`) from a map whose only
/// key no struct has makes serde name every field it knows.
#[derive(Debug)]
struct FieldList(Option<&'static [&'static str]>);

impl de::Error for FieldList {
    fn custom<M: std::fmt::Display>(_: M) -> FieldList {
        FieldList(None)
    }

    fn unknown_field(_: &str, expected: &'static [&'static str]) -> FieldList {
        FieldList(Some(expected))
    }
}

impl std::fmt::Display for FieldList {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "field list probe")
    }
}

impl std::error::Error for FieldList {}

/// The fields serde knows for `T`; empty if `T` accepts unknown keys.
fn fields_of<T: DeserializeOwned>() -> &'static [&'static str] {
    let probe = de::value::MapDeserializer::<_, FieldList>::new(std::iter::once(("\u{0}", ())));
    match T::deserialize(probe) {
        Err(FieldList(Some(fields))) => fields,
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Outer {
        name: String,
        #[serde(default)]
        inner: Vec<Inner>,
    }

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inner {
        id: String,
    }

    fn schema() -> Schema {
        Schema::of::<Outer>().with("inner", Schema::of::<Inner>())
    }

    #[test]
    fn the_known_keys_come_from_the_struct() {
        assert_eq!(Schema::of::<Outer>().fields, ["name", "inner"]);
        assert_eq!(Schema::of::<Inner>().fields, ["id"]);
    }

    #[test]
    fn every_unknown_key_is_reported_and_the_rest_still_reads() {
        let src = SourceFile::new(
            "t.toml",
            "name = \"a\"\nnmae = \"b\"\n[[inner]]\nid = \"x\"\nidd = \"y\"\n",
        );
        let (value, diags) = read::<Outer>(&src, &schema());
        let places: Vec<String> = diags.0.iter().map(|d| d.position()).collect();
        assert_eq!(places, ["t.toml:2:1", "t.toml:5:1"]);
        assert_eq!(
            diags.0[1].message, "unknown field `idd`, expected `id`",
            "serde's wording is kept"
        );
        let value = value.expect("the known keys still deserialize");
        assert_eq!(value.inner[0].id, "x");
    }
}
