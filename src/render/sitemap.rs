//! Language alternates for publishers. With a `base_url`, every page's head links its canonical URL
//! and its `hreflang` alternates (plus `x-default`), and `sitemap.xml` lists every page with the same
//! alternates as `xhtml:link`s. Only languages that really have the page translated are
//! alternates; a page shown in the default language's text (not translated) names the
//! default-language page as canonical and is left out of the sitemap, and so are the search, print
//! and 404 pages (they carry `noindex` instead). `robots.txt`, which points to the sitemap, is
//! written only for a base URL at a host's root: crawlers read it nowhere else, so for a base URL
//! with a path a note says what to do instead ([`robots_note`]). Without a `base_url` nothing is
//! written (these files need absolute URLs). A `static/robots.txt` or `static/sitemap.xml` of the
//! site wins over the generated one.

use crate::config::Lang;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{Link, PageRef, Site};
use crate::output::Staging;
use crate::resolve::batches::all_jobs;
use crate::resolve::html::escape;
use crate::resolve::page_list::{job_path, Job};
use crate::resolve::paths::encode_path;
use std::fmt::Write;

/// The alternates of one page.
pub struct Alternates {
    /// One per language that has the page translated; `title` is the language tag.
    pub alternates: Vec<Link>,
    /// The default-language version.
    pub x_default: String,
}

/// `base` (ending in `/`) joined with an output path, percent-encoded as a URI.
pub fn absolute(base: &str, path: &str) -> String {
    format!("{base}{}", encode_path(path))
}

/// The alternates of page `p`; `translated(p, lang)` says whether `lang` has it translated.
pub fn alternates(
    site: &Site,
    p: PageRef,
    translated: impl Fn(PageRef, Lang) -> bool,
) -> Alternates {
    let base = site.config.base_url.as_deref().unwrap_or("");
    let dl = site.config.default_lang();
    Alternates {
        alternates: site
            .config
            .langs()
            .filter(|&o| translated(p, o))
            .map(|o| Link {
                title: o.to_string(),
                url: absolute(base, &job_path(site, Job::Page(o, p))),
            })
            .collect(),
        x_default: absolute(base, &job_path(site, Job::Page(dl, p))),
    }
}

/// The text of `sitemap.xml`: every translated page of every language with its alternates.
pub fn sitemap_xml(site: &Site) -> String {
    let base = site.config.base_url.as_deref().unwrap_or("");
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for job in all_jobs(site) {
        let Job::Page(l, p) = job else {
            continue;
        };
        if !site.is_translated(p, l) {
            continue;
        }
        let a = alternates(site, p, |p, lang| site.is_translated(p, lang));
        let _ = writeln!(
            xml,
            "  <url>\n    <loc>{}</loc>",
            escape(&absolute(base, &job_path(site, job)))
        );
        for link in a.alternates.iter().chain(std::iter::once(&Link {
            title: "x-default".into(),
            url: a.x_default.clone(),
        })) {
            let _ = writeln!(
                xml,
                "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                escape(&link.title),
                escape(&link.url)
            );
        }
        xml.push_str("  </url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// The files [`write`] writes at the output root: with a `base_url`, `sitemap.xml`, and
/// `robots.txt` when the base URL is a host's root; each unless `static/` has a file of exactly
/// that name (which then wins).
pub fn files(site: &Site) -> Vec<&'static str> {
    let Some(path) = site.config.base_path() else {
        return Vec::new();
    };
    let robots = path == "/";
    ["sitemap.xml", "robots.txt"]
        .into_iter()
        .filter(|n| *n == "sitemap.xml" || robots)
        .filter(|n| !provided(site, n))
        .collect()
}

/// Whether the site's own `static/` has a file `name` for the output root.
fn provided(site: &Site, name: &str) -> bool {
    site.assets.iter().any(|a| !a.colocated && a.target == name)
}

/// With a base URL that has a path, the note that crawlers do not read a `robots.txt` there, at
/// the base URL's origin (its `site.yaml` line or `--base-url`).
pub fn robots_note(site: &Site) -> Option<Diagnostic> {
    let base = site.config.base_url.as_deref()?;
    let path = site.config.base_path()?;
    if path == "/" {
        return None;
    }
    let host_root = &base[..base.len() - path.len() + 1];
    let message = if provided(site, "robots.txt") {
        format!(
            "static/robots.txt is copied to `{base}robots.txt`, where crawlers do not read it: they read robots.txt only at the host's root, `{host_root}robots.txt`"
        )
    } else {
        format!(
            "no robots.txt is written: crawlers read it only at the host's root, `{host_root}robots.txt`, not under `{path}`"
        )
    };
    let hint = format!(
        "sitemap.xml is written: add the line `Sitemap: {base}sitemap.xml` to the host's robots.txt, or submit that URL in the search engines' webmaster tools"
    );
    let note = Diagnostic::note("", message).hint(hint);
    Some(
        site.config
            .at_setting(&site.config.base_url_origin, "--base-url", note),
    )
}

/// Writes [`files`] at the output root; returns how many files it wrote.
pub fn write(site: &Site, staging: &Staging) -> Result<usize, Diagnostics> {
    let Some(base) = &site.config.base_url else {
        return Ok(0);
    };
    let files: Vec<(&str, String)> = files(site)
        .into_iter()
        .map(|name| match name {
            "sitemap.xml" => (name, sitemap_xml(site)),
            _ => (
                name,
                format!("User-agent: *\nAllow: /\n\nSitemap: {base}sitemap.xml\n"),
            ),
        })
        .collect();
    for (name, text) in &files {
        staging.write(name, text.as_bytes()).map_err(|e| {
            Diagnostic::error(staging.dir().join(name), format!("cannot write: {e}"))
                .hint("check free disk space and permissions of the output's parent directory")
        })?;
    }
    Ok(files.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absolute_urls_are_percent_encoded() {
        assert_eq!(
            absolute("https://x.org/a/", "lt/lessons/u/kernavė.html"),
            "https://x.org/a/lt/lessons/u/kernav%C4%97.html"
        );
    }
}
