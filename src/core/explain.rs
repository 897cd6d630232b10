//! Explanations: every computed figure can say how it came about — the
//! formula, the inputs and where they came from, the unrounded value, the
//! rounding and the article.

use serde::Serialize;

use crate::core::agreement::Article;

/// One input of a calculation and where it came from (a TOML key, a fact, a
/// range of activity rows).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Input {
    pub name: String,
    pub value: String,
    pub source: String,
}

impl Input {
    pub fn new(name: impl Into<String>, value: impl ToString, source: impl Into<String>) -> Input {
        Input {
            name: name.into(),
            value: value.to_string(),
            source: source.into(),
        }
    }
}

/// How one figure was computed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Explanation {
    /// What the figure is ("service line Tholen 2018-Q1").
    pub figure: String,
    pub formula: String,
    pub inputs: Vec<Input>,
    /// The exact value before rounding, where rounding happened.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unrounded: Option<String>,
    /// The rounding applied ("to cents, half away from zero").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rounding: Option<String>,
    pub result: String,
    pub article: Option<Article>,
}

pub const CENTS: &str = "to cents, half away from zero";

impl Explanation {
    pub fn new(
        figure: impl Into<String>,
        formula: impl Into<String>,
        result: impl ToString,
    ) -> Explanation {
        Explanation {
            figure: figure.into(),
            formula: formula.into(),
            inputs: Vec::new(),
            unrounded: None,
            rounding: None,
            result: result.to_string(),
            article: None,
        }
    }

    pub fn input(mut self, input: Input) -> Explanation {
        self.inputs.push(input);
        self
    }

    pub fn rounded(mut self, unrounded: impl ToString, rounding: &str) -> Explanation {
        self.unrounded = Some(unrounded.to_string());
        self.rounding = Some(rounding.to_string());
        self
    }

    pub fn article(mut self, article: &Article) -> Explanation {
        self.article = Some(article.clone());
        self
    }

    /// Renders the explanation as indented plain text.
    pub fn render(&self, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        let article = self
            .article
            .as_ref()
            .map(|a| format!(" ({a})"))
            .unwrap_or_default();
        writeln!(out, "  {}{article}", self.figure)?;
        writeln!(out, "    formula:   {}", self.formula)?;
        for i in &self.inputs {
            writeln!(
                out,
                "    input:     {} = {}  [{}]",
                i.name, i.value, i.source
            )?;
        }
        if let (Some(u), Some(r)) = (&self.unrounded, &self.rounding) {
            writeln!(out, "    unrounded: {u}")?;
            writeln!(out, "    rounding:  {r}")?;
        }
        writeln!(out, "    result:    {}", self.result)
    }
}
