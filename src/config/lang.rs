//! [`Lang`]: one of the site's languages, as every stage passes it around: its place in
//! `site.yaml`'s `languages` and its tag, in one small `Copy` value.

use std::fmt;

/// One of the site's configured languages: its position in `site.yaml`'s `languages` (the
/// per-language tables of a build index by it) and its tag (`lt`, `pt-BR`: the output directory
/// and the key of a document's translations). The tag is held inline, so a `Lang` is `Copy` and
/// pages and jobs carry it by value. Two `Lang`s of one site are equal when they are the same
/// language; they sort in the configured order.
#[derive(Clone, Copy)]
pub struct Lang {
    index: u8,
    len: u8,
    tag: [u8; Lang::MAX_TAG],
}

impl Lang {
    /// The longest tag a site may use (`zh-Hant-TW` is 10; BCP 47 allows longer, no site needs it).
    pub const MAX_TAG: usize = 22;

    /// The most languages a site may have.
    pub const MAX_LANGUAGES: usize = u8::MAX as usize + 1;

    /// The language at `index` of the configured list, with tag `code`; `None` when the tag or
    /// the index is too large (the config reports it).
    pub fn new(index: usize, code: &str) -> Option<Lang> {
        if code.len() > Lang::MAX_TAG || index >= Lang::MAX_LANGUAGES {
            return None;
        }
        let mut tag = [0; Lang::MAX_TAG];
        tag[..code.len()].copy_from_slice(code.as_bytes());
        Some(Lang {
            index: index as u8,
            len: code.len() as u8,
            tag,
        })
    }

    /// Its position in the configured languages.
    pub fn index(self) -> usize {
        self.index as usize
    }

    /// Its tag, as written in `site.yaml`.
    pub fn code(&self) -> &str {
        // Made from a `&str` in `new`, cut at its end: always UTF-8.
        std::str::from_utf8(&self.tag[..self.len as usize]).unwrap_or_default()
    }
}

impl PartialEq for Lang {
    fn eq(&self, other: &Lang) -> bool {
        self.index == other.index
    }
}

impl Eq for Lang {}

impl PartialOrd for Lang {
    fn partial_cmp(&self, other: &Lang) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Lang {
    fn cmp(&self, other: &Lang) -> std::cmp::Ordering {
        self.index.cmp(&other.index)
    }
}

impl std::hash::Hash for Lang {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.index.hash(state);
    }
}

impl fmt::Debug for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}#{}", self.code(), self.index)
    }
}

/// As its tag (in JSON and in templates).
impl serde::Serialize for Lang {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::Lang;

    #[test]
    fn holds_its_tag_and_place() {
        let lt = Lang::new(1, "pt-BR").unwrap();
        assert_eq!((lt.index(), lt.code()), (1, "pt-BR"));
        assert_eq!(lt.to_string(), "pt-BR");
        assert!(Lang::new(0, "en").unwrap() < lt);
        assert!(Lang::new(0, &"x".repeat(Lang::MAX_TAG + 1)).is_none());
        assert!(Lang::new(Lang::MAX_LANGUAGES, "en").is_none());
    }
}
