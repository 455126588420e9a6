//! Case- and diacritic-insensitive words, for search: terms are folded with [`fold`] (canonical
//! decomposition, combining marks dropped, lower case, and a few letters without a decomposition
//! mapped by hand: `ł` → `l`, `ß` → `ss`), and words are runs of letters and digits of at least two
//! characters. The theme's `assets/search.js` folds queries the same way, character by character,
//! so `kursiu` finds `Kuršių` and `eglise` finds `église`.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Appends the folded form of one character to `out` (see the module doc). The theme's
/// `search.js` implements the same function; keep the two in step.
pub fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    // Latin letters (the bulk of non-ASCII text here) come from a table made once.
    if (c as u32) < LATIN_END {
        out.push_str(&latin_table()[c as usize]);
        return;
    }
    fold_char_slow(c, out);
}

/// Characters below this are folded through [`latin_table`].
const LATIN_END: u32 = 0x250;

fn latin_table() -> &'static [String] {
    static TABLE: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        (0..LATIN_END)
            .map(|u| {
                let mut s = String::new();
                if let Some(c) = char::from_u32(u) {
                    fold_char_slow(c, &mut s);
                }
                s
            })
            .collect()
    })
}

fn fold_char_slow(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    for d in std::iter::once(c).nfd() {
        if is_combining_mark(d) {
            continue;
        }
        for l in d.to_lowercase() {
            match l {
                'ł' | 'ŀ' => out.push('l'),
                'đ' | 'ð' => out.push('d'),
                'ø' => out.push('o'),
                'ħ' => out.push('h'),
                'ı' => out.push('i'),
                'ŧ' => out.push('t'),
                'ς' => out.push('σ'),
                'æ' => out.push_str("ae"),
                'œ' => out.push_str("oe"),
                'ß' => out.push_str("ss"),
                'þ' => out.push_str("th"),
                l => out.push(l),
            }
        }
    }
}

/// Case- and diacritic-insensitive form of `s`: `Kuršių` → `kursiu`, `Église` → `eglise`.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// Appends the folded form of `s` to `out` (see [`fold`]).
pub fn fold_into(s: &str, out: &mut String) {
    let mut rest = s;
    while !rest.is_empty() {
        // ASCII runs are copied and lower-cased in bulk; other characters go one by one.
        let ascii = rest
            .bytes()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        if ascii > 0 {
            let start = out.len();
            out.push_str(&rest[..ascii]);
            out[start..].make_ascii_lowercase();
            rest = &rest[ascii..];
        }
        if let Some(c) = rest.chars().next() {
            fold_char(c, out);
            rest = &rest[c.len_utf8()..];
        }
    }
}

/// The folded words of `s` (runs of letters and digits) of at least two characters.
pub fn tokens(s: &str) -> Vec<String> {
    let folded = fold(s);
    let mut out = Vec::new();
    for_each_word(&folded, |start, end| {
        out.push(folded[start..end].to_string())
    });
    out
}

/// Calls `f(start, end)` with the byte range of every word of `s` (a run of letters and digits)
/// of at least two characters. One pass over the bytes: ASCII is classified by a table lookup,
/// other characters with `char::is_alphanumeric`.
pub fn for_each_word(s: &str, mut f: impl FnMut(usize, usize)) {
    let bytes = s.as_bytes();
    let mut i = 0;
    // The current word's start and length in characters, if inside one.
    let mut start = 0;
    let mut chars = 0usize;
    while i < bytes.len() {
        let b = bytes[i];
        let (word, len) = if b < 0x80 {
            (b.is_ascii_alphanumeric(), 1)
        } else {
            let c = s[i..].chars().next().unwrap_or(' ');
            (c.is_alphanumeric(), c.len_utf8())
        };
        if word {
            if chars == 0 {
                start = i;
            }
            chars += 1;
        } else {
            if chars >= 2 {
                f(start, i);
            }
            chars = 0;
        }
        i += len;
    }
    if chars >= 2 {
        f(start, bytes.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_and_diacritics() {
        assert_eq!(fold("Kuršių nerija"), "kursiu nerija");
        assert_eq!(fold("saugomą"), "saugoma");
        assert_eq!(fold("Église Sainte-Anne"), "eglise sainte-anne");
        assert_eq!(fold("Łódź straße"), "lodz strasse");
        assert_eq!(fold("ĄČĘĖĮŠŲŪŽ"), "aceeisuuz");
        // Arabic: hamza and short vowels are marks.
        assert_eq!(fold("أَ"), "ا");
    }

    #[test]
    fn tokens_are_words_of_two_or_more() {
        let t = tokens("L'église, 1972: a Kuršių-nerija!");
        assert_eq!(t, ["eglise", "1972", "kursiu", "nerija"]);
    }
}
