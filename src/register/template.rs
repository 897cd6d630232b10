//! Number templates such as `BOZ-{year}-{seq:04}`: parsing, series and numbers.
//!
//! A template is parsed once into segments, so an unknown placeholder is an
//! error when the configuration is read, not when an invoice is issued. The
//! series of a document is its template rendered with everything except
//! `{seq}`, which makes every year (or agreement, or issuer) its own series
//! that starts at 1: Wet OB art. 35a allows several series as long as each is
//! unique and sequential.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use thiserror::Error;

/// The template used when an issuer configures none.
pub const DEFAULT_TEMPLATE: &str = "{agreement}-{year}-{seq:04}";

/// What a number template is filled with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumberContext<'a> {
    pub agreement: &'a str,
    pub issuer: &'a str,
    pub issue_date: NaiveDate,
}

/// Why a template was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TemplateError {
    #[error("unknown placeholder {{{name}}} in number template {template:?} (known: agreement, issuer, year, seq)")]
    UnknownPlaceholder { template: String, name: String },
    #[error("number template {template:?} has an unclosed or stray brace")]
    Brace { template: String },
    #[error("number template {template:?} needs exactly one {{seq}}, it has {count}")]
    SeqCount { template: String, count: usize },
    #[error(
        "number template {template:?} has a bad width in {{seq:{width}}} (use e.g. {{seq:04}})"
    )]
    Width { template: String, width: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Segment {
    Literal(String),
    Agreement,
    Issuer,
    Year,
    Seq { width: usize },
}

/// A parsed number template with exactly one `{seq}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberTemplate {
    text: String,
    segments: Vec<Segment>,
}

/// The number templates of one issuer: one for invoices and optionally a
/// separate series for credit notes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Numbering {
    pub invoice: NumberTemplate,
    pub credit: Option<NumberTemplate>,
}

impl Numbering {
    /// Invoices and credit notes share the one template.
    pub fn single(invoice: NumberTemplate) -> Numbering {
        Numbering {
            invoice,
            credit: None,
        }
    }

    /// The template for credit notes: the credit template if there is one,
    /// else the invoice template.
    pub fn for_credit(&self) -> &NumberTemplate {
        self.credit.as_ref().unwrap_or(&self.invoice)
    }
}

impl NumberTemplate {
    /// Parses a template.
    ///
    /// Fails on an unknown placeholder, an unbalanced brace, a bad
    /// `{seq:NN}` width, or a template without exactly one `{seq}`.
    pub fn parse(text: &str) -> Result<NumberTemplate, TemplateError> {
        let mut segments = Vec::new();
        let mut rest = text;
        while !rest.is_empty() {
            let brace = rest.find(['{', '}']).unwrap_or(rest.len());
            if brace > 0 {
                segments.push(Segment::Literal(rest[..brace].to_owned()));
            }
            rest = &rest[brace..];
            if rest.is_empty() {
                break;
            }
            let close = match (rest.starts_with('{'), rest.find('}')) {
                (true, Some(close)) if !rest[1..close].contains('{') => close,
                _ => return Err(brace_error(text)),
            };
            segments.push(placeholder(text, &rest[1..close])?);
            rest = &rest[close + 1..];
        }
        let count = segments
            .iter()
            .filter(|s| matches!(s, Segment::Seq { .. }))
            .count();
        if count != 1 {
            return Err(TemplateError::SeqCount {
                template: text.to_owned(),
                count,
            });
        }
        Ok(NumberTemplate {
            text: text.to_owned(),
            segments,
        })
    }

    /// The template [`DEFAULT_TEMPLATE`].
    pub fn default_template() -> NumberTemplate {
        NumberTemplate::parse(DEFAULT_TEMPLATE).expect("the default template is valid")
    }

    /// The template as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The series: everything rendered except `{seq}`, which stays as the
    /// literal `{seq}` so that the series key shows where the number goes.
    pub fn series(&self, context: &NumberContext<'_>) -> String {
        self.render_with(context, |_| "{seq}".to_owned())
    }

    /// The number of the `seq`-th document of its series.
    pub fn number(&self, context: &NumberContext<'_>, seq: i64) -> String {
        self.render_with(context, |width| format!("{seq:0width$}"))
    }

    fn render_with(&self, context: &NumberContext<'_>, seq: impl Fn(usize) -> String) -> String {
        let mut out = String::new();
        for segment in &self.segments {
            match segment {
                Segment::Literal(text) => out.push_str(text),
                Segment::Agreement => out.push_str(context.agreement),
                Segment::Issuer => out.push_str(context.issuer),
                Segment::Year => out.push_str(&context.issue_date.year().to_string()),
                Segment::Seq { width } => out.push_str(&seq(*width)),
            }
        }
        out
    }
}

impl fmt::Display for NumberTemplate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

fn brace_error(template: &str) -> TemplateError {
    TemplateError::Brace {
        template: template.to_owned(),
    }
}

/// One `{…}` placeholder, the braces removed.
fn placeholder(template: &str, inner: &str) -> Result<Segment, TemplateError> {
    let (name, width) = match inner.split_once(':') {
        Some((name, width)) => (name, Some(width)),
        None => (inner, None),
    };
    match (name, width) {
        ("agreement", None) => Ok(Segment::Agreement),
        ("issuer", None) => Ok(Segment::Issuer),
        ("year", None) => Ok(Segment::Year),
        ("seq", None) => Ok(Segment::Seq { width: 1 }),
        ("seq", Some(width)) => seq_width(template, width),
        _ => Err(TemplateError::UnknownPlaceholder {
            template: template.to_owned(),
            name: inner.to_owned(),
        }),
    }
}

/// `04` means zero-padded to 4 digits; the leading zero is required so that
/// the template reads like Rust's and printf's formats.
fn seq_width(template: &str, width: &str) -> Result<Segment, TemplateError> {
    let bad = || TemplateError::Width {
        template: template.to_owned(),
        width: width.to_owned(),
    };
    let digits = width.strip_prefix('0').ok_or_else(bad)?;
    match digits.parse::<usize>() {
        Ok(width @ 1..=12) if digits.bytes().all(|b| b.is_ascii_digit()) => {
            Ok(Segment::Seq { width })
        }
        _ => Err(bad()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context(year: i32) -> NumberContext<'static> {
        NumberContext {
            agreement: "brp-pool",
            issuer: "bergen-op-zoom",
            issue_date: NaiveDate::from_ymd_opt(year, 4, 2).unwrap(),
        }
    }

    #[test]
    fn renders_number_and_series() {
        let template = NumberTemplate::parse("BOZ-{year}-{seq:04}").unwrap();
        assert_eq!(template.number(&context(2018), 1), "BOZ-2018-0001");
        assert_eq!(template.number(&context(2018), 12345), "BOZ-2018-12345");
        assert_eq!(template.series(&context(2018)), "BOZ-2018-{seq}");
        assert_eq!(template.series(&context(2019)), "BOZ-2019-{seq}");
    }

    #[test]
    fn default_template_uses_agreement_and_year() {
        let template = NumberTemplate::default_template();
        assert_eq!(template.number(&context(2019), 7), "brp-pool-2019-0007");
        let issuer = NumberTemplate::parse("{issuer}/{seq}").unwrap();
        assert_eq!(issuer.number(&context(2019), 7), "bergen-op-zoom/7");
    }

    #[test]
    fn refuses_bad_templates() {
        let cases = [
            ("X-{month}-{seq}", "unknown placeholder {month}"),
            ("X-{year}", "needs exactly one {seq}, it has 0"),
            ("{seq}-{seq}", "needs exactly one {seq}, it has 2"),
            ("X-{year", "unclosed or stray brace"),
            ("X}-{seq}", "unclosed or stray brace"),
            ("X-{seq:4}", "bad width"),
            ("X-{seq:0x}", "bad width"),
            ("X-{year:04}-{seq}", "unknown placeholder {year:04}"),
        ];
        for (text, expected) in cases {
            let error = NumberTemplate::parse(text).unwrap_err().to_string();
            assert!(error.contains(expected), "{text}: {error}");
        }
    }

    #[test]
    fn credit_falls_back_to_the_invoice_template() {
        let invoice = NumberTemplate::parse("F-{seq}").unwrap();
        let credit = NumberTemplate::parse("C-{seq}").unwrap();
        assert_eq!(Numbering::single(invoice.clone()).for_credit(), &invoice);
        let both = Numbering {
            invoice,
            credit: Some(credit.clone()),
        };
        assert_eq!(both.for_credit(), &credit);
    }
}
