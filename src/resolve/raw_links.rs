//! The rules for URLs in raw HTML (found by [`super::raw_html`]): they are checked as written,
//! never rewritten, so each must work as it is in the output.

use crate::diagnostic::Diagnostic;
use crate::model::{InternalLink, PageRef};
use crate::resolve::markdown::{LinkSite, LinkTarget};
use crate::resolve::paths::{normalize, percent_decode, relative_url};
use crate::resolve::targets::{Found, Outputs, Targets};

/// Checks a URL of raw HTML on page `page` (path in the language directory) of a document in
/// `lang`. Raw HTML is not rewritten, so the URL must work as written in the output: relative to
/// the page there, naming a page's `.html`, a co-located or `static/` file, or another file
/// paveldas writes. A `.md` source, a root-relative `/path` (it breaks from disk and under a
/// sub-path) and a directory are errors with a hint; `#fragments` of pages are recorded for the
/// anchor check, and `http(s)` URLs for `check --external`. `markdown` resolves the URL as a
/// Markdown link would be, for hints.
#[allow(clippy::too_many_arguments)]
pub(super) fn resolve(
    targets: &Targets,
    languages: &[String],
    lang: &str,
    page: &str,
    attr: &str,
    site: &LinkSite,
    found: &mut Found,
    markdown: &dyn Fn(&LinkSite) -> Result<LinkTarget, Diagnostic>,
) -> Result<LinkTarget, Diagnostic> {
    let dest = site.dest.trim();
    if found.kept_as_written(dest, site.line, site.col) {
        return Ok(LinkTarget::Keep);
    }
    let (path_part, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, f),
        None => (dest, ""),
    };
    let path_part = path_part.split('?').next().unwrap_or(path_part);
    let decoded = crate::load::nfc::nfc_owned(percent_decode(path_part));
    let what = format!("raw HTML `{attr}`");
    if decoded.contains('\\') {
        return Err(Diagnostic::error("", format!("{what} `{dest}` uses `\\`"))
            .hint("write paths with `/`"));
    }
    let not_rewritten = "raw HTML is not rewritten";
    if decoded.ends_with(".md") {
        let msg = match markdown(site) {
            Ok(_) => format!("{what} links to the Markdown source `{dest}`"),
            Err(_) => format!("{what} links to `{dest}`, a Markdown source that does not exist"),
        };
        return Err(Diagnostic::error("", msg).hint(format!(
            "{not_rewritten}, so readers would get a missing file: write a Markdown link instead, \
             `[text]({dest})`, which paveldas turns into the page's URL in each language"
        )));
    }
    let here = format!("{lang}/{page}");
    let dir = here.rfind('/').map_or("", |i| &here[..i]);
    if let Some(abs) = decoded.strip_prefix('/') {
        let target = normalize(abs).filter(|p| exists(targets, languages, p).is_some());
        let mut d = Diagnostic::error(
            "",
            format!(
                "{what} `{dest}` is root-relative: it breaks when the site is opened from disk or served under a path"
            ),
        );
        d = match target {
            Some(t) => d.hint(format!(
                "{not_rewritten}: write the URL relative to the page, `{}`, or use a Markdown link or image (`[text]({dest})`)",
                relative_url(&here, &t)
            )),
            None => d.hint(format!(
                "and `{abs}` is not in the output either; {not_rewritten}: write URLs relative to the page, or use a Markdown link"
            )),
        };
        return Err(d);
    }
    if path_part.is_empty() {
        return Ok(LinkTarget::Keep); // `?query`: this page
    }
    let is_dir = path_part.ends_with('/')
        || path_part
            .rsplit('/')
            .next()
            .is_some_and(|l| l == "." || l == "..");
    let escapes = || {
        Diagnostic::error("", format!("{what} `{dest}` points outside the site"))
            .hint("link only to files of the site, relative to the page")
    };
    let target = normalize(&format!("{dir}/{decoded}")).ok_or_else(escapes)?;
    if is_dir {
        let index = format!("{target}/index.html");
        let shown = format!("{}/index.html", path_part.trim_end_matches('/'));
        let mut d = Diagnostic::error(
            "",
            format!("{what} `{dest}` names a directory: opened from disk, it shows a file listing"),
        );
        if exists(targets, languages, &index).is_some() {
            d = d.hint(format!("name the file: `{shown}`"));
        } else {
            d = d.hint("link to a file, relative to the page");
        }
        return Err(d);
    }
    match exists(targets, languages, &target) {
        Some(Exists::Page(p)) => {
            if !fragment.is_empty() {
                found.links.push(InternalLink {
                    to: p,
                    fragment: fragment.to_string(),
                    line: site.line,
                    col: site.col,
                });
            }
            Ok(LinkTarget::Keep)
        }
        Some(Exists::Colocated(a)) => {
            found.assets.push(a);
            Ok(LinkTarget::Keep)
        }
        Some(Exists::File) => Ok(LinkTarget::Keep),
        None => {
            let noun = if site.is_image {
                "file or image"
            } else {
                "page or file"
            };
            let d = Diagnostic::error("", format!("{what} links to a missing {noun}: `{dest}`"));
            Err(match markdown(site) {
                // Written as a Markdown link would be, relative to the source file.
                Ok(LinkTarget::Url(url)) => d.hint(format!(
                    "{not_rewritten}, so its URLs are relative to the page in the output: write `{url}`"
                )),
                _ => d.hint(format!(
                    "{not_rewritten}, so its URLs are relative to the page in the output (`{page}` in each language directory): \
                     a file beside the lesson is `name.svg`, another lesson `../unit/lesson.html`, a static file `{}`",
                    relative_url(&here, "img/name.svg")
                )),
            })
        }
    }
}

/// What a path from the output root is.
enum Exists {
    Page(PageRef),
    /// A co-located file, at this path in each language directory.
    Colocated(String),
    File,
}

/// Whether the output has a file at `path` (from the output root).
fn exists(targets: &Targets, languages: &[String], path: &str) -> Option<Exists> {
    if targets.statics.contains(path) || targets.generated.contains(path) {
        return Some(Exists::File);
    }
    let (lang, rest) = path.split_once('/')?;
    if !languages.iter().any(|l| l == lang) {
        return None;
    }
    let outputs = targets.outputs.get_or_init(|| Outputs::new(targets));
    if let Some(p) = outputs.pages.get(rest) {
        return Some(Exists::Page(*p));
    }
    if targets.colocated.contains(rest) {
        return Some(Exists::Colocated(rest.to_string()));
    }
    outputs.files.contains(rest).then_some(Exists::File)
}
