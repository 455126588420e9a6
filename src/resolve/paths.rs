//! Output paths and relative URLs. Every internal URL paveldas writes is relative and names a file,
//! so the site works from `file://` on any path and on any server or sub-path.

use crate::model::{PageRef, Site};
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Path of a page inside a language directory, e.g. `lessons/01-convention/the-convention-1972.html`.
pub fn page_path(site: &Site, page: PageRef) -> String {
    match page {
        PageRef::Home => "index.html".into(),
        PageRef::LessonsIndex => "lessons/index.html".into(),
        PageRef::BadgesIndex => "badges/index.html".into(),
        PageRef::Unit(u) => format!("lessons/{}/index.html", site.units[u].dir),
        PageRef::Lesson(u, l) => format!(
            "lessons/{}/{}.html",
            site.units[u].dir, site.units[u].lessons[l].slug
        ),
        PageRef::Badge(b) => format!("badges/{}.html", site.badges[b].id),
        PageRef::Page(p) => format!("{}.html", site.pages[p].slug),
    }
}

/// The relative URL from the file `from` to the file `to`, both given as `/`-separated paths from
/// the same base directory (`lt/lessons/a/b.html` → `lt/badges/c.html` = `../../badges/c.html`).
pub fn relative_url(from: &str, to: &str) -> String {
    // Length of the common directory prefix (up to and including a `/`).
    let from_dir = from.rfind('/').map(|i| &from[..=i]).unwrap_or("");
    // Bytes, not characters: equal bytes up to a `/` are equal characters, and a `/` (ASCII) is
    // always a character boundary.
    let mut common = 0;
    for (i, (a, b)) in from_dir.bytes().zip(to.bytes()).enumerate() {
        if a != b {
            break;
        }
        if a == b'/' {
            common = i + 1;
        }
    }
    let ups = memchr::memchr_iter(b'/', &from_dir.as_bytes()[common..]).count();
    let rest = &to[common..];
    let mut url = String::with_capacity(ups * 3 + rest.len());
    for _ in 0..ups {
        url.push_str("../");
    }
    url.push_str(rest);
    url
}

/// The prefix that leads from the file `from` back to the base directory (`lt/a/b.html` → `../../`).
pub fn root_prefix(from: &str) -> String {
    "../".repeat(from.matches('/').count())
}

/// Lexically normalises a `/`-separated path (`a/./b/../c` → `a/c`); `None` if it climbs above its
/// start.
pub fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for p in path.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// What [`encode_path`] escapes: every byte but ASCII letters, digits, `-._~` (RFC 3986's
/// unreserved characters) and the `/` between segments.
pub const PATH_ESCAPED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/');

/// Percent-encodes an output path for an absolute URL (`lt/kernavė.html` → `lt/kernav%C4%97.html`).
pub fn encode_path(path: &str) -> String {
    utf8_percent_encode(path, PATH_ESCAPED).to_string()
}

/// Decodes `%XX` escapes in a URL path (invalid escapes are kept as they are; a result that is
/// not UTF-8 gives back `s` unchanged).
pub fn percent_decode(s: &str) -> String {
    match percent_decode_str(s).decode_utf8() {
        Ok(decoded) => decoded.into_owned(),
        Err(_) => s.to_string(),
    }
}

/// Decodes `%XX` escapes; `None` when a `%` is not followed by two hex digits (the dev server
/// refuses such request paths rather than guess).
pub fn percent_decode_strict(s: &str) -> Option<Vec<u8>> {
    let valid = s.split('%').skip(1).all(|rest| {
        rest.as_bytes()
            .get(..2)
            .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit))
    });
    valid.then(|| percent_decode_str(s).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_urls() {
        assert_eq!(
            relative_url("lt/lessons/a/b.html", "lt/lessons/a/c.html"),
            "c.html"
        );
        assert_eq!(
            relative_url("lt/lessons/a/b.html", "lt/lessons/x/c.html"),
            "../x/c.html"
        );
        assert_eq!(
            relative_url("lt/lessons/a/b.html", "lt/badges/c.html"),
            "../../badges/c.html"
        );
        assert_eq!(
            relative_url("lt/index.html", "assets/style.css"),
            "../assets/style.css"
        );
        assert_eq!(relative_url("index.html", "lt/index.html"), "lt/index.html");
        assert_eq!(
            relative_url("lt/lessons/a/b.html", "lt/lessons/a/index.html"),
            "index.html"
        );
        assert_eq!(
            relative_url("lt/lessons/index.html", "lt/lessons/a/index.html"),
            "a/index.html"
        );
        // Directories that differ inside a character (š and ş share their first byte).
        assert_eq!(relative_url("lt/š/x.html", "lt/ş/y.html"), "../ş/y.html");
        assert_eq!(relative_url("lt/š/x.html", "lt/š/y.html"), "y.html");
    }

    #[test]
    fn prefixes_and_normalizing() {
        assert_eq!(root_prefix("lt/lessons/a/b.html"), "../../../");
        assert_eq!(root_prefix("index.html"), "");
        assert_eq!(
            normalize("lessons/a/../b/./c.md").as_deref(),
            Some("lessons/b/c.md")
        );
        assert_eq!(normalize("../x"), None);
        assert_eq!(percent_decode("a%20b%2"), "a b%2");
        assert_eq!(percent_decode("%2e%2e"), "..");
        assert_eq!(percent_decode("%C4%97%FF"), "%C4%97%FF");
        assert_eq!(percent_decode_strict("a%20b").as_deref(), Some(&b"a b"[..]));
        assert_eq!(percent_decode_strict("a%2"), None);
        assert_eq!(percent_decode_strict("%zz"), None);
        assert_eq!(encode_path("lt/ą ž~_.-/x"), "lt/%C4%85%20%C5%BE~_.-/x");
    }
}
