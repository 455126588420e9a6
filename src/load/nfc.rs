//! Names in Unicode's composed form (NFC), as a teacher typed them whatever form the disk keeps
//! (macOS writes `kernave` + U+0307 for `kernavė`), the key two names clash on (case folded) and
//! names shown with their combining marks visible.

use std::borrow::Cow;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// `s` in Unicode Normalization Form C (composed: `ė` as one character), borrowed when it already
/// is (ASCII always is).
pub fn nfc(s: &str) -> Cow<'_, str> {
    if s.is_ascii() || is_nfc_quick(s.chars()) == IsNormalized::Yes {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.nfc().collect())
    }
}

/// [`nfc`] of an owned string, without a copy when it already is NFC.
pub fn nfc_owned(s: String) -> String {
    match nfc(&s) {
        Cow::Borrowed(_) => s,
        Cow::Owned(o) => o,
    }
}

/// The key two output paths clash on: the Unicode lower case of the NFC form (composed again, and
/// final `ς` as `σ`), which equates what NTFS, APFS/HFS+ and FAT equate for the scripts of the
/// guide (`What-Is` = `what-is`, `KERNAVĖ` = `kernavė`, NFD = NFC). It is not full Unicode case
/// folding: `ß` and `ss` stay apart, as they do on NTFS.
pub fn fold(path: &str) -> String {
    if path.is_ascii() {
        return path.to_ascii_lowercase();
    }
    let lower = nfc(path).to_lowercase().replace('ς', "σ");
    nfc_owned(lower)
}

/// [`fold`] of an owned path, lowercased in place when it is ASCII (no second allocation).
pub fn fold_owned(mut path: String) -> String {
    if path.is_ascii() {
        path.make_ascii_lowercase();
        path
    } else {
        fold(&path)
    }
}

/// A name as a message shows it, combining marks (which look like nothing on their own, and make
/// an NFD name look like its NFC twin) written as `\u{307}`.
pub fn visible(s: &str) -> String {
    use unicode_normalization::char::is_combining_mark;
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if is_combining_mark(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}
