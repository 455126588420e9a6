//! Locale-aware details around Fluent that `fluent-bundle` leaves to the application:
//!
//! - numbers: every number a message shows (`{ $count }`, `{ NUMBER($n, minimumFractionDigits: 1) }`)
//!   is written with the language's CLDR symbols (digit grouping, decimal separator, minus sign), so a
//!   Lithuanian page shows `1 234,5` where an English one shows `1,234.5`. The table covers the common
//!   European languages and UNESCO's working languages (CLDR 48, checked against ICU in `tests/l10n.rs`);
//!   other languages get English symbols.
//! - bidi isolation: Fluent wraps placeables in FSI/PDI (U+2068/U+2069) in right-to-left languages so a
//!   Latin name inside Arabic text keeps its order. Those marks belong in text, not in attribute values
//!   (`alt`, `aria-label`, `placeholder`) or URLs: [`strip_isolates_in_tags`] removes them from tags.

use fluent_bundle::types::FluentNumberOptions;
use fluent_bundle::FluentValue;
use intl_memoizer::concurrent::IntlLangMemoizer;
use intl_memoizer::Memoizable;
use unic_langid::LanguageIdentifier;

/// CLDR number symbols of one language (latn or arabext digits, groups of three).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumberSymbols {
    pub group: &'static str,
    pub decimal: &'static str,
    pub minus: &'static str,
    /// Digits 0-9 when the language does not use ASCII digits.
    pub digits: Option<[char; 10]>,
    /// CLDR `minimumGroupingDigits`: 2 means 1234 stays ungrouped but 12 345 is grouped.
    pub min_grouping: usize,
}

const NBSP: &str = "\u{a0}";
const NNBSP: &str = "\u{202f}";
const MINUS: &str = "\u{2212}";
const LRM_HYPHEN: &str = "\u{200e}-";

const fn sym(group: &'static str, decimal: &'static str, minus: &'static str) -> NumberSymbols {
    NumberSymbols {
        group,
        decimal,
        minus,
        digits: None,
        min_grouping: 1,
    }
}

impl NumberSymbols {
    /// The symbols of a language tag (by its language subtag).
    pub fn for_language(lang: &str) -> NumberSymbols {
        let primary = lang.split(['-', '_']).next().unwrap_or(lang);
        let min2 = |s: NumberSymbols| NumberSymbols {
            min_grouping: 2,
            ..s
        };
        match primary {
            "lt" | "fi" | "sv" | "nb" | "no" | "nn" => sym(NBSP, ",", MINUS),
            "et" => min2(sym(NBSP, ",", MINUS)),
            "fr" => sym(NNBSP, ",", "-"),
            "ru" | "uk" | "be" | "cs" | "sk" | "bg" => sym(NBSP, ",", "-"),
            "pl" | "lv" => min2(sym(NBSP, ",", "-")),
            "de" | "da" | "nl" | "pt" | "id" | "tr" | "el" => sym(".", ",", "-"),
            "es" | "it" => min2(sym(".", ",", "-")),
            "ar" | "he" => sym(",", ".", LRM_HYPHEN),
            "fa" => NumberSymbols {
                group: "\u{66c}",
                decimal: "\u{66b}",
                minus: "\u{200e}\u{2212}",
                digits: Some(['۰', '۱', '۲', '۳', '۴', '۵', '۶', '۷', '۸', '۹']),
                min_grouping: 1,
            },
            _ => sym(",", ".", "-"),
        }
    }

    /// Formats `value` like ICU's `Intl.NumberFormat` with `options` (fraction and integer digits,
    /// grouping). `None` for values it cannot write (NaN, infinities), left to Fluent.
    pub fn format(&self, value: f64, options: &FluentNumberOptions) -> Option<String> {
        if !value.is_finite() {
            return None;
        }
        let min_fd = options.minimum_fraction_digits.unwrap_or(0).min(20);
        let max_fd = options
            .maximum_fraction_digits
            .unwrap_or(3)
            .max(min_fd)
            .min(20);
        let fixed = format!("{:.*}", max_fd, value.abs());
        let (int, frac) = fixed.split_once('.').unwrap_or((&fixed, ""));
        let mut frac = frac.to_string();
        while frac.len() > min_fd && frac.ends_with('0') {
            frac.pop();
        }
        let mut int = int.to_string();
        if let Some(min_int) = options.minimum_integer_digits {
            while int.len() < min_int.min(40) {
                int.insert(0, '0');
            }
        }
        let zero = int.bytes().all(|b| b == b'0') && frac.bytes().all(|b| b == b'0');
        let mut out = String::new();
        if value < 0.0 && !zero {
            out.push_str(self.minus);
        }
        let n = int.len();
        let grouped = options.use_grouping && n >= 3 + self.min_grouping;
        for (i, c) in int.chars().enumerate() {
            if grouped && i > 0 && (n - i).is_multiple_of(3) {
                out.push_str(self.group);
            }
            out.push(self.digit(c));
        }
        if !frac.is_empty() {
            out.push_str(self.decimal);
            out.extend(frac.chars().map(|c| self.digit(c)));
        }
        Some(out)
    }

    fn digit(&self, c: char) -> char {
        match (self.digits, c.to_digit(10)) {
            (Some(d), Some(i)) => d[i as usize],
            _ => c,
        }
    }
}

impl Memoizable for NumberSymbols {
    type Args = ();
    type Error = ();
    fn construct(lang: LanguageIdentifier, _: ()) -> Result<Self, ()> {
        Ok(NumberSymbols::for_language(lang.language.as_str()))
    }
}

/// The formatter installed on every bundle (`FluentBundle::set_formatter`): numbers in the bundle's
/// locale, everything else as Fluent writes it.
pub fn format_value(value: &FluentValue, intls: &IntlLangMemoizer) -> Option<String> {
    let FluentValue::Number(n) = value else {
        return None;
    };
    intls
        .with_try_get::<NumberSymbols, _, _>((), |s| s.format(n.value, &n.options))
        .ok()
        .flatten()
}

/// First strong isolate and pop directional isolate, as Fluent inserts them around placeables.
const FSI: char = '\u{2068}';
const PDI: char = '\u{2069}';

/// Removes Fluent's isolation marks from inside tags (attribute values) of rendered HTML or SVG,
/// keeping them in text where they order mixed-direction runs. Output without marks is returned as is.
pub fn strip_isolates_in_tags(html: String) -> String {
    // Single-character searches are memchr-fast; a char-set search is not.
    if !html.contains(FSI) && !html.contains(PDI) {
        return html;
    }
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    let mut chars = html.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '<' if !in_tag => {
                in_tag = chars
                    .peek()
                    .is_some_and(|n| n.is_ascii_alphabetic() || matches!(n, '/' | '!' | '?'));
                out.push(c);
            }
            '>' if in_tag => {
                in_tag = false;
                out.push(c);
            }
            FSI | PDI if in_tag => {}
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(lang: &str, v: f64) -> String {
        NumberSymbols::for_language(lang)
            .format(v, &FluentNumberOptions::default())
            .unwrap()
    }

    #[test]
    fn groups_per_locale() {
        assert_eq!(f("en", 1234.0), "1,234");
        assert_eq!(f("lt", 1234.0), "1\u{a0}234");
        assert_eq!(f("fr", 1234567.0), "1\u{202f}234\u{202f}567");
        assert_eq!(f("de", -1234.5), "-1.234,5");
        assert_eq!(f("es", 1234.0), "1234");
        assert_eq!(f("es", 12345.0), "12.345");
        assert_eq!(f("lt", -0.5), "\u{2212}0,5");
        assert_eq!(f("en", 21.0), "21");
        assert_eq!(f("en", 2.0 / 3.0), "0.667");
        assert_eq!(f("fa", 1234.5), "۱٬۲۳۴٫۵");
    }

    #[test]
    fn honours_number_options() {
        let s = NumberSymbols::for_language("lt");
        let o = FluentNumberOptions {
            minimum_fraction_digits: Some(2),
            use_grouping: false,
            ..Default::default()
        };
        assert_eq!(s.format(1234.5, &o).unwrap(), "1234,50");
        let o = FluentNumberOptions {
            minimum_integer_digits: Some(3),
            maximum_fraction_digits: Some(0),
            ..Default::default()
        };
        assert_eq!(s.format(7.4, &o).unwrap(), "007");
        assert_eq!(s.format(f64::NAN, &o), None);
    }

    #[test]
    fn isolates_leave_tags_but_stay_in_text() {
        let html = "<img alt=\"شارة: \u{2068}Explorer\u{2069}\"><p>نص \u{2068}English\u{2069}</p>"
            .to_string();
        assert_eq!(
            strip_isolates_in_tags(html),
            "<img alt=\"شارة: Explorer\"><p>نص \u{2068}English\u{2069}</p>"
        );
        assert_eq!(strip_isolates_in_tags("a < b".into()), "a < b");
    }
}
