//! URLs in raw HTML inside Markdown (`<a href>`, `<img src srcset>`, `<source src srcset>`,
//! `<video poster>`, `<link href>`, ...), so that `build` and `check` see the links lychee sees in
//! the output. paveldas does not rewrite them: they are checked as written, relative to the page
//! ([`crate::resolve`]).
//!
//! This is a small hand-written tokenizer, not an HTML parser (the only one among the dependencies,
//! html5ever, is a dev-dependency): it finds start tags, reads their attributes with double-quoted,
//! single-quoted and unquoted values (names in any case), decodes the character references that
//! matter in URLs (`&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;`, `&nbsp;`, `&#38;`, `&#x26;`; any
//! other is kept as written), splits `srcset` into its candidate URLs, and skips comments, end
//! tags, `<!...>` and `<?...>` declarations and the contents of `<script>`, `<style>`,
//! `<textarea>` and `<title>`. Raw HTML is rare, so none of this runs for a body without it.

/// Attributes that hold a URL (`srcset`: a list of them).
const URL_ATTRIBUTES: [&str; 4] = ["href", "src", "srcset", "poster"];

/// Elements whose content is text, not markup.
const RAW_TEXT: [&str; 4] = ["script", "style", "textarea", "title"];

/// A URL in raw HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawUrl {
    /// The attribute (lower case): `href`, `src`, `srcset` or `poster`.
    pub attr: &'static str,
    /// The URL with character references decoded and surrounding whitespace trimmed.
    pub url: String,
    /// Byte offset in the scanned text where the value (or the `srcset` candidate) starts.
    pub offset: usize,
}

/// Every URL of a URL attribute in `html`, a chunk of raw HTML, in order. Never panics: a tag or
/// value cut off at the end of the chunk is read as far as it goes.
pub fn urls(html: &str) -> Vec<RawUrl> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(lt) = memchr::memchr(b'<', &b[i..]) {
        i += lt + 1;
        if html[i..].starts_with("!--") {
            i = html[i + 3..].find("-->").map_or(b.len(), |e| i + 3 + e + 3);
            continue;
        }
        match b.get(i) {
            Some(c) if c.is_ascii_alphabetic() => {}
            Some(b'/' | b'!' | b'?') => {
                i = memchr::memchr(b'>', &b[i..]).map_or(b.len(), |e| i + e + 1);
                continue;
            }
            _ => continue, // a lone `<` is text
        }
        let name_end = b[i..]
            .iter()
            .position(|c| c.is_ascii_whitespace() || *c == b'/' || *c == b'>')
            .map_or(b.len(), |e| i + e);
        let name = html[i..name_end].to_ascii_lowercase();
        i = attributes(html, name_end, &mut out);
        if let Some(raw) = RAW_TEXT.iter().find(|t| **t == name) {
            // Skip to the end tag; its `</` is skipped by the loop.
            let close = format!("</{raw}");
            i = find_ascii_ci(&html[i..], &close).map_or(b.len(), |e| i + e);
        }
    }
    out
}

/// Reads the attributes of a start tag from `from` (after its name) to its `>`, pushing the URLs
/// of URL attributes; returns the offset after the tag.
fn attributes(html: &str, from: usize, out: &mut Vec<RawUrl>) -> usize {
    let b = html.as_bytes();
    let mut i = from;
    loop {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        if i >= b.len() {
            return i;
        }
        if b[i] == b'>' {
            return i + 1;
        }
        let name_start = i;
        // An attribute name runs to whitespace, `/`, `>` or `=` (an `=` first is part of it).
        i += 1;
        while i < b.len() && !(b[i].is_ascii_whitespace() || matches!(b[i], b'/' | b'>' | b'=')) {
            i += 1;
        }
        let name = &html[name_start..i];
        let mut j = i;
        while j < b.len() && b[j].is_ascii_whitespace() {
            j += 1;
        }
        if b.get(j) != Some(&b'=') {
            continue; // no value
        }
        j += 1;
        while j < b.len() && b[j].is_ascii_whitespace() {
            j += 1;
        }
        let (start, end, next) = match b.get(j) {
            Some(&q @ (b'"' | b'\'')) => {
                let end = memchr::memchr(q, &b[j + 1..]).map_or(b.len(), |e| j + 1 + e);
                (j + 1, end, (end + 1).min(b.len()))
            }
            _ => {
                let end = b[j..]
                    .iter()
                    .position(|c| c.is_ascii_whitespace() || *c == b'>')
                    .map_or(b.len(), |e| j + e);
                (j, end, end)
            }
        };
        i = next;
        let Some(attr) = URL_ATTRIBUTES.iter().find(|a| a.eq_ignore_ascii_case(name)) else {
            continue;
        };
        let value = &html[start..end];
        if *attr == "srcset" {
            for (at, url) in srcset(value) {
                out.push(RawUrl {
                    attr,
                    url: decode(url),
                    offset: start + at,
                });
            }
        } else {
            let lead = value.len() - value.trim_start().len();
            let url = decode(value.trim());
            out.push(RawUrl {
                attr,
                url,
                offset: start + lead,
            });
        }
    }
}

/// The candidate URLs of a `srcset` value with their offsets: `a.png 1x, b.png 2x` → `a.png`,
/// `b.png` (the HTML standard's splitting: a URL runs to whitespace, trailing commas end it, and
/// descriptors run to the next comma outside parentheses).
fn srcset(value: &str) -> Vec<(usize, &str)> {
    let b = value.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b',') {
            i += 1;
        }
        if i >= b.len() {
            break;
        }
        let start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut url = &value[start..i];
        if url.ends_with(',') {
            url = url.trim_end_matches(',');
        } else {
            // Descriptors, up to the comma that ends the candidate.
            let mut depth = 0usize;
            while i < b.len() {
                match b[i] {
                    b'(' => depth += 1,
                    b')' => depth = depth.saturating_sub(1),
                    b',' if depth == 0 => break,
                    _ => {}
                }
                i += 1;
            }
        }
        if !url.is_empty() {
            out.push((start, url));
        }
    }
    out
}

/// Decodes the character references of an attribute value that matter in URLs; others stay as
/// written.
pub fn decode(value: &str) -> String {
    if !value.contains('&') {
        return value.to_string();
    }
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let semi = rest.find(';').filter(|&s| s <= 10);
        let decoded = semi.and_then(|s| {
            let name = &rest[1..s];
            let c = match name {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                "nbsp" => '\u{a0}',
                _ => {
                    let n = name.strip_prefix('#')?;
                    let code = match n.strip_prefix(['x', 'X']) {
                        Some(h) => u32::from_str_radix(h, 16).ok()?,
                        None => n.parse().ok()?,
                    };
                    char::from_u32(code).filter(|c| *c != '\0')?
                }
            };
            Some((c, s + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Byte offset of the first ASCII-case-insensitive match of `needle` (ASCII) in `hay`.
fn find_ascii_ci(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    (0..=h.len().checked_sub(n.len())?).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::resolve::markdown::LinkTarget;

    fn found(html: &str) -> Vec<(&'static str, String, usize)> {
        urls(html)
            .into_iter()
            .map(|u| (u.attr, u.url, u.offset))
            .collect()
    }

    #[test]
    fn finds_url_attributes_with_any_quoting() {
        let html = r#"<a class="x" HREF="a.html#b">x</a> <img alt='&quot;' src='p.png'> <video poster=v.jpg controls>"#;
        let got = found(html);
        let attrs: Vec<_> = got.iter().map(|(a, u, _)| (*a, u.as_str())).collect();
        assert_eq!(
            attrs,
            [("href", "a.html#b"), ("src", "p.png"), ("poster", "v.jpg")]
        );
        for (_, url, at) in &got {
            assert!(html[*at..].starts_with(url.as_str()), "{url} at {at}");
        }
    }

    #[test]
    fn decodes_references_and_trims() {
        let got = found(r#"<a href=" https://x.org/?a=1&amp;b=2&#38;c=&#x33;&copy; ">"#);
        assert_eq!(got[0].1, "https://x.org/?a=1&b=2&c=3&copy;");
        assert_eq!(got[0].2, 10);
        assert_eq!(decode("&&amp;&#0;&#xZZ;&;"), "&&&#0;&#xZZ;&;");
    }

    #[test]
    fn splits_srcset() {
        let html =
            r#"<img srcset="a.png 1x, b,c.png 2x,d.png, e.png (min-width: 1px, 2px) 3x,f.png,">"#;
        let urls: Vec<String> = found(html).into_iter().map(|x| x.1).collect();
        // As the HTML standard splits: a comma inside a URL is part of it, one after it ends it.
        assert_eq!(urls, ["a.png", "b,c.png", "d.png", "e.png", "f.png"]);
        assert!(found(r#"<source srcset="  ,, ">"#).is_empty());
    }

    #[test]
    fn skips_comments_end_tags_and_raw_text() {
        let html = "<!-- <a href=\"c.html\"> --></a href=\"e.html\"><!DOCTYPE html href=x>\
            <script>var s = '<img src=\"s.png\">';</SCRIPT><a href=\"ok.html\"> 1 < 2 <\n<style>a{}</style>";
        let urls: Vec<String> = found(html).into_iter().map(|x| x.1).collect();
        assert_eq!(urls, ["ok.html"]);
        assert!(found("<script>never closed <a href=x>").is_empty());
    }

    #[test]
    fn names_that_only_contain_url_attributes_are_not_them() {
        let urls: Vec<String> = found(r#"<a data-href="x" hreflang="lt" href=y>"#)
            .into_iter()
            .map(|x| x.1)
            .collect();
        assert_eq!(urls, ["y"]);
    }

    #[test]
    fn truncated_input_never_panics() {
        let html = r#"<a href="x" src='y' srcset=" z 1x, w" poster=p><!-- <"#;
        for end in 0..=html.len() {
            let _ = urls(&html[..end]);
        }
        let odd = "<ą href=ž><a\thref\n=\n\"š.html\"><a href=\"&#1114112;&#xffffffffff;\">";
        let urls: Vec<String> = found(odd).into_iter().map(|x| x.1).collect();
        assert_eq!(urls, ["š.html", "&#1114112;&#xffffffffff;"], "`<ą` is text");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(512))]
        #[test]
        fn any_html_is_scanned_without_panics(s in "[<>a-z =\"'&#;x0-9/!\\-\n\tąš,>]{0,96}") {
            for u in urls(&s) {
                proptest::prop_assert!(s.is_char_boundary(u.offset), "{u:?}");
            }
            // In Markdown, inside containers too, at a line of the body.
            for body in [s.clone(), format!("> - {}", s.replace('\n', "\n>   "))] {
                let (_, _) = crate::resolve::markdown::render(&body, 4, &mut |site| {
                    assert!(site.line >= 4 && site.line < 4 + body.lines().count().max(1));
                    Ok(LinkTarget::Keep)
                });
            }
        }
    }
}
