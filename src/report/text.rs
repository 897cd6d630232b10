//! Text with figures in it: a sentence such as "€ 8.000,00 per client per
//! year" kept as words and typed figures, so that a table can write the
//! figures per locale while CSV and JSON write them plain ("8000.00").
//!
//! A report builds its descriptions once as `Text`; only the renderer
//! chooses how a figure reads.

use rust_decimal::Decimal;
use serde::{Serialize, Serializer};

use crate::cli::Locale;
use crate::core::explain::Phrase;
use crate::core::money::{self, Money};
use crate::report::lang::tables::Say;

/// One piece of a text: words, or a figure to be formatted by the renderer.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Words(String),
    Money(Money),
    /// A quantity with a fixed number of decimals (hours with 2, km with 1).
    Number(Decimal, u32),
    /// What the core says as a typed value, worded by `report::lang`.
    Phrase(Phrase),
    /// What a table of show, deadlines, notice or the register says, worded
    /// by `report::lang` (`tables.rs`).
    Say(Say),
}

/// Words and figures, rendered per locale for tables and plainly for CSV
/// and JSON (where it serializes as one string).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Text(Vec<Piece>);

impl Text {
    /// Appends words.
    pub fn words(mut self, s: impl Into<String>) -> Text {
        self.0.push(Piece::Words(s.into()));
        self
    }

    /// Appends an amount of money.
    pub fn money(mut self, m: Money) -> Text {
        self.0.push(Piece::Money(m));
        self
    }

    /// Appends a quantity written with exactly `places` decimals.
    pub fn number(mut self, d: Decimal, places: u32) -> Text {
        self.0.push(Piece::Number(d, places));
        self
    }

    /// Appends a quantity with the decimals it needs and no more
    /// ("126", "10,5").
    pub fn exact(self, d: Decimal) -> Text {
        let d = d.normalize();
        self.number(d, d.scale())
    }

    /// Appends a quantity as a factor of a product: with the decimals it
    /// needs, cut after `places` with `…` where it has more
    /// (`31,838709…`, `10,5`), so that the product written beside it can
    /// be checked by hand.
    pub fn factor(self, d: Decimal, places: u32) -> Text {
        let cut = d.trunc_with_scale(places);
        if cut == d {
            return self.exact(d);
        }
        self.number(cut, places).words("…")
    }

    /// Appends a quantity with the decimals it has (`70.60` stays `70,60`).
    pub fn as_is(self, d: Decimal) -> Text {
        self.number(d, d.scale())
    }

    /// Appends another text.
    pub fn then(mut self, other: Text) -> Text {
        self.0.extend(other.0);
        self
    }

    /// The text for people, figures in the table's locale.
    pub fn render(&self, locale: Locale) -> String {
        self.write(|p, s| match p {
            Piece::Money(m) => s.push_str(&super::money(*m, locale)),
            Piece::Number(d, places) => s.push_str(&super::number(*d, *places, locale)),
            Piece::Words(w) => s.push_str(w),
            Piece::Phrase(p) => s.push_str(&(super::lang::of(locale).phrase)(p).render(locale)),
            Piece::Say(m) => s.push_str(&super::lang::say(m, locale)),
        })
    }

    /// The text for machines, figures as CSV and JSON write them ("8000.00").
    pub fn plain(&self) -> String {
        self.write(|p, s| match p {
            Piece::Money(m) => s.push_str(&m.plain()),
            Piece::Number(d, places) => s.push_str(&money::plain_decimal(*d, *places)),
            Piece::Words(w) => s.push_str(w),
            Piece::Phrase(p) => s.push_str(&super::lang::machine(p)),
            Piece::Say(m) => s.push_str(&super::lang::machine_say(m)),
        })
    }

    fn write(&self, mut piece: impl FnMut(&Piece, &mut String)) -> String {
        let mut s = String::new();
        for p in &self.0 {
            piece(p, &mut s);
        }
        s
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text::default().words(s)
    }
}

impl From<Phrase> for Text {
    fn from(p: Phrase) -> Text {
        Text(vec![Piece::Phrase(p)])
    }
}

impl From<Say> for Text {
    fn from(m: Say) -> Text {
        Text(vec![Piece::Say(m)])
    }
}

impl Text {
    /// Appends a message of the tables.
    pub fn say(mut self, m: Say) -> Text {
        self.0.push(Piece::Say(m));
        self
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        Text::default().words(s)
    }
}

impl Serialize for Text {
    /// As one plain string: JSON never carries a locale's format.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.plain())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn figures_follow_the_locale_only_for_people() {
        let t = Text::default()
            .money(Money::round(dec!(16159.20)))
            .words(" paid, ")
            .exact(dec!(10.50))
            .words(" h");
        assert_eq!(t.render(Locale::Nl), "€ 16.159,20 paid, 10,5 h");
        assert_eq!(t.render(Locale::En), "€16,159.20 paid, 10.5 h");
        assert_eq!(t.plain(), "16159.20 paid, 10.5 h");
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            "\"16159.20 paid, 10.5 h\""
        );
    }
}
