//! The one HTML (and XML) escaper, for Markdown output, the theme's templates, `sitemap.xml` and the
//! dev server's injected script alike; hand-written because it is on the hot path of every page
//! (README "Performance": runs copied whole, `/` left alone).

/// Escapes text for HTML (and XML) text and quoted attribute values: `&`, `<`, `>`, `"` and `'`.
/// The theme's templates escape with it too ([`crate::render::templates`]): unlike Tera's default it
/// leaves `/` alone (so URLs stay readable) and copies the text between specials in runs.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    let mut done = 0;
    for (i, b) in s.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        // The specials are ASCII: `i` is a character boundary.
        out.push_str(&s[done..i]);
        out.push_str(entity);
        done = i + 1;
    }
    out.push_str(&s[done..]);
    out
}
