//! paveldas: corrected cardinal plural rules (CLDR 48) for the languages where the rules generated
//! for intl_pluralrules 7.0.2 are wrong. Most lost the modulo of a range test (Lithuanian
//! `n % 10 = 2..9 and n % 100 != 11..19` had become `i = 2..9 and i != 11..19`, so 22 or 45 items
//! took the wrong form; Arabic `n % 100 = 3..10` had become `i = 3..10`); the others changed since
//! CLDR 37 (French, Spanish, Italian, Portuguese and Catalan `many` for millions; Hebrew, Icelandic,
//! Cornish, Maltese, Romanian). paveldas' tests/testsuite/l10n.rs checks every cardinal rule of this crate
//! against ICU's (Node's `Intl.PluralRules`).

use crate::operands::PluralOperands;
use crate::rules::PluralRule;
use crate::PluralCategory::{self, *};
use unic_langid::LanguageIdentifier;

/// `n % m` when `n` is an integer (a decimal is in no integer range), as CLDR's `n % m = a..b`.
fn nmod(po: &PluralOperands, m: u64) -> Option<u64> {
    (po.n.fract() == 0.0).then(|| po.i % m)
}

fn within(x: Option<u64>, r: std::ops::RangeInclusive<u64>) -> bool {
    x.is_some_and(|x| r.contains(&x))
}

fn one_of(x: Option<u64>, set: &[u64]) -> bool {
    x.is_some_and(|x| set.contains(&x))
}

/// `e = 0 and i != 0 and i % 1000000 = 0 and v = 0` (no compact exponent here, so `e` is 0).
fn millions(po: &PluralOperands) -> bool {
    po.i != 0 && po.i % 1_000_000 == 0 && po.v == 0
}

fn lt(po: &PluralOperands) -> PluralCategory {
    let (n10, n100) = (nmod(po, 10), nmod(po, 100));
    if n10 == Some(1) && !within(n100, 11..=19) {
        ONE
    } else if within(n10, 2..=9) && !within(n100, 11..=19) {
        FEW
    } else if po.f != 0 {
        MANY
    } else {
        OTHER
    }
}

fn ar(po: &PluralOperands) -> PluralCategory {
    let n100 = nmod(po, 100);
    if po.n == 0.0 {
        ZERO
    } else if po.n == 1.0 {
        ONE
    } else if po.n == 2.0 {
        TWO
    } else if within(n100, 3..=10) {
        FEW
    } else if within(n100, 11..=99) {
        MANY
    } else {
        OTHER
    }
}

fn be(po: &PluralOperands) -> PluralCategory {
    let (n10, n100) = (nmod(po, 10), nmod(po, 100));
    if n10 == Some(1) && n100 != Some(11) {
        ONE
    } else if within(n10, 2..=4) && !within(n100, 12..=14) {
        FEW
    } else if n10 == Some(0) || within(n10, 5..=9) || within(n100, 11..=14) {
        MANY
    } else {
        OTHER
    }
}

fn br(po: &PluralOperands) -> PluralCategory {
    let (n10, n100) = (nmod(po, 10), nmod(po, 100));
    if n10 == Some(1) && !one_of(n100, &[11, 71, 91]) {
        ONE
    } else if n10 == Some(2) && !one_of(n100, &[12, 72, 92]) {
        TWO
    } else if (within(n10, 3..=4) || n10 == Some(9))
        && !(within(n100, 10..=19) || within(n100, 70..=79) || within(n100, 90..=99))
    {
        FEW
    } else if po.n != 0.0 && nmod(po, 1_000_000) == Some(0) {
        MANY
    } else {
        OTHER
    }
}

fn lv(po: &PluralOperands) -> PluralCategory {
    let (n10, n100) = (nmod(po, 10), nmod(po, 100));
    if n10 == Some(0) || within(n100, 11..=19) || (po.v == 2 && (11..=19).contains(&(po.f % 100))) {
        ZERO
    } else if (n10 == Some(1) && n100 != Some(11))
        || (po.v == 2 && po.f % 10 == 1 && po.f % 100 != 11)
        || (po.v != 2 && po.f % 10 == 1)
    {
        ONE
    } else {
        OTHER
    }
}

fn ro(po: &PluralOperands) -> PluralCategory {
    if po.i == 1 && po.v == 0 {
        ONE
    } else if po.v != 0 || po.n == 0.0 || (po.n != 1.0 && within(nmod(po, 100), 1..=19)) {
        FEW
    } else {
        OTHER
    }
}

fn mt(po: &PluralOperands) -> PluralCategory {
    let n100 = nmod(po, 100);
    if po.n == 1.0 {
        ONE
    } else if po.n == 2.0 {
        TWO
    } else if po.n == 0.0 || within(n100, 3..=10) {
        FEW
    } else if within(n100, 11..=19) {
        MANY
    } else {
        OTHER
    }
}

fn he(po: &PluralOperands) -> PluralCategory {
    if (po.i == 1 && po.v == 0) || (po.i == 0 && po.v != 0) {
        ONE
    } else if po.i == 2 && po.v == 0 {
        TWO
    } else {
        OTHER
    }
}

fn is(po: &PluralOperands) -> PluralCategory {
    if (po.t == 0 && po.i % 10 == 1 && po.i % 100 != 11) || (po.t % 10 == 1 && po.t % 100 != 11) {
        ONE
    } else {
        OTHER
    }
}

fn kw(po: &PluralOperands) -> PluralCategory {
    let n100 = nmod(po, 100);
    let n100k = nmod(po, 100_000);
    if po.n == 0.0 {
        ZERO
    } else if po.n == 1.0 {
        ONE
    } else if one_of(n100, &[2, 22, 42, 62, 82])
        || (nmod(po, 1000) == Some(0)
            && (within(n100k, 1000..=20000) || one_of(n100k, &[40000, 60000, 80000])))
        || (po.n != 0.0 && nmod(po, 1_000_000) == Some(100_000))
    {
        TWO
    } else if one_of(n100, &[3, 23, 43, 63, 83]) {
        FEW
    } else if po.n != 1.0 && one_of(n100, &[1, 21, 41, 61, 81]) {
        MANY
    } else {
        OTHER
    }
}

fn fr(po: &PluralOperands) -> PluralCategory {
    if po.i == 0 || po.i == 1 {
        ONE
    } else if millions(po) {
        MANY
    } else {
        OTHER
    }
}

fn pt(po: &PluralOperands) -> PluralCategory {
    fr(po)
}

fn es(po: &PluralOperands) -> PluralCategory {
    if po.n == 1.0 {
        ONE
    } else if millions(po) {
        MANY
    } else {
        OTHER
    }
}

/// it, ca, scn, pt-PT.
fn it(po: &PluralOperands) -> PluralCategory {
    if po.i == 1 && po.v == 0 {
        ONE
    } else if millions(po) {
        MANY
    } else {
        OTHER
    }
}

/// The corrected cardinal rule of `langid`, if it needs one.
pub fn cardinal(langid: &LanguageIdentifier) -> Option<PluralRule> {
    let rule: PluralRule = match langid.to_string().as_str() {
        "lt" => lt,
        "ar" | "ars" => ar,
        "be" => be,
        "br" => br,
        "lv" | "prg" => lv,
        "ro" => ro,
        "mt" => mt,
        "he" => he,
        "is" => is,
        "kw" => kw,
        "fr" => fr,
        "pt" => pt,
        "es" => es,
        "it" | "ca" | "scn" | "pt-PT" => it,
        _ => return None,
    };
    Some(rule)
}
