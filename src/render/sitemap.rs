//! Language alternates for publishers. With a `base_url`, every page's head links its canonical URL
//! and its `hreflang` alternates (plus `x-default`), and `sitemap.xml` lists every page with the same
//! alternates as `xhtml:link`s; `robots.txt` points to it. Only languages that really have the page
//! translated are alternates; a page shown in the default language's text (not translated) names the
//! default-language page as canonical and is left out of the sitemap. Without a `base_url` nothing
//! is written (these files need absolute URLs). A `static/robots.txt` or `static/sitemap.xml` of the
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

/// The files [`write`] writes at the output root: `sitemap.xml` and `robots.txt` with a
/// `base_url`, each unless `static/` has a file of exactly that name (which then wins).
pub fn files(site: &Site) -> Vec<&'static str> {
    if site.config.base_url.is_none() {
        return Vec::new();
    }
    let provided = |name: &str| site.assets.iter().any(|a| !a.colocated && a.target == name);
    ["sitemap.xml", "robots.txt"]
        .into_iter()
        .filter(|n| !provided(n))
        .collect()
}

/// Writes `sitemap.xml` and `robots.txt` at the output root when the site has a `base_url`;
/// returns how many files it wrote.
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
