//! `base_url`, the address the site is published at, validated and normalised with the `url`
//! crate (the WHATWG URL standard, as browsers read URLs): `http` or `https`, a host, no query,
//! fragment or user name; an internationalised host becomes punycode, non-ASCII characters and
//! spaces in the path are percent-encoded, and the path ends in `/`.

use url::Url;

/// Why a base URL was refused.
#[derive(Debug)]
pub struct Refused {
    pub message: String,
    pub hint: String,
}

const EXAMPLE: &str = "write it like `https://heritage.example.org/` or `https://example.org/heritage/` (or leave it out for offline use)";

/// `given` as paveldas writes it in front of output paths: absolute, ASCII, ending in `/`.
pub fn normalise(given: &str) -> Result<String, Refused> {
    let refuse = |message: String, hint: &str| Refused {
        message,
        hint: hint.to_string(),
    };
    let mut url = Url::parse(given.trim())
        .map_err(|e| refuse(format!("`{given}` is not an absolute URL: {e}"), EXAMPLE))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(refuse(
            format!("`{given}` is not an http or https URL"),
            EXAMPLE,
        ));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(refuse(format!("`{given}` has no host name"), EXAMPLE));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(refuse(
            format!("`{given}` holds a user name or password"),
            "leave them out: the base URL is written into every page",
        ));
    }
    if let Some(q) = url.query() {
        return Err(refuse(
            format!("`{given}` has a query (`?{q}`): every page address would be written after it"),
            &format!("remove `?{q}`: base_url is the address of the folder that holds the site"),
        ));
    }
    if let Some(f) = url.fragment() {
        return Err(refuse(
            format!(
                "`{given}` has a fragment (`#{f}`): every page address would be written after it"
            ),
            &format!("remove `#{f}`: base_url is the address of the folder that holds the site"),
        ));
    }
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url.into())
}

/// The path of a normalised base URL, from its `/` after the host (`https://x.org/a/` → `/a/`).
pub fn path(base: &str) -> &str {
    let after_scheme = base.find("://").map_or(0, |i| i + 3);
    base[after_scheme..]
        .find('/')
        .map_or("/", |i| &base[after_scheme + i..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(s: &str) -> String {
        normalise(s).unwrap_or_else(|r| panic!("{s}: {}", r.message))
    }

    #[test]
    fn normalises() {
        assert_eq!(ok("https://x.org"), "https://x.org/");
        assert_eq!(ok(" https://X.org/a "), "https://x.org/a/");
        assert_eq!(ok("http://x.org:8080/a/b/"), "http://x.org:8080/a/b/");
        assert_eq!(ok("https://lietuvà.lt/"), "https://xn--lietuv-nta.lt/");
        assert_eq!(
            ok("https://x.org/paveldas/kernavė pilis"),
            "https://x.org/paveldas/kernav%C4%97%20pilis/"
        );
        assert_eq!(ok("https://x.org/a%20b/"), "https://x.org/a%20b/");
    }

    #[test]
    fn refuses() {
        for (given, says) in [
            ("example.org", "not an absolute URL"),
            ("ftp://example.org/", "not an http or https URL"),
            ("file:///srv/site/", "not an http or https URL"),
            (
                "https://example.org/?preview=1",
                "has a query (`?preview=1`)",
            ),
            ("https://example.org/?", "has a query (`?`)"),
            ("https://example.org/a/#top", "has a fragment (`#top`)"),
            ("https://me:pw@example.org/", "user name or password"),
            ("https://exa mple.org/", "not an absolute URL"),
        ] {
            let r = normalise(given).expect_err(given);
            assert!(r.message.contains(says), "{given}: {}", r.message);
            assert!(!r.hint.is_empty());
        }
    }

    #[test]
    fn paths() {
        assert_eq!(path("https://x.org/"), "/");
        assert_eq!(path("https://x.org:81/a/b/"), "/a/b/");
        assert_eq!(path("http://[::1]:8000/p/"), "/p/");
    }
}
