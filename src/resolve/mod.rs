//! Stage 3: resolving. Completes the `Site` loaded from disk: badge references and back-links,
//! previous/next lessons ([`relations`]), and every Markdown body rendered to HTML once, in
//! parallel, with its links rewritten to the target pages (relative URLs that name files) and
//! checked; URLs in raw HTML are checked as written, never rewritten ([`raw_html`]).
//!
//! [`resolve`] renders every document at once (`check`, the dev server). `build` renders one
//! language at a time, part by part ([`crate::resolve::batches`]), with [`Resolver::render_part`], and frees
//! each part's HTML once its pages are written ([`release_part`]), so a large site's HTML is never
//! all in memory.

pub mod batches;
pub mod highlight;
pub mod html;
pub mod markdown;
pub mod page_list;
pub mod paths;
pub mod raw_html;
pub mod raw_links;
pub mod targets;
pub mod text;

mod relations;

pub use relations::link;

use crate::config::Lang;
use crate::diagnostic::{did_you_mean, Diagnostic, Diagnostics, LineIndex};
use crate::model::with_variants;
use crate::model::*;
use crate::resolve::batches::Part;
use crate::resolve::paths::{normalize, percent_decode, relative_url};
use markdown::{LinkSite, LinkTarget};
use rayon::prelude::*;
use relations::link_badges;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use targets::{Found, Target, Targets};

/// Resolves one link destination found in `doc_dir` (content-relative directory of the document)
/// for a page at `page` (path inside the language directory).
fn resolve_link(
    targets: &Targets,
    languages: &[String],
    doc_dir: &str,
    page: &str,
    site: &LinkSite,
    found: &mut Found,
) -> Result<LinkTarget, Diagnostic> {
    resolve_link_in(targets, languages, doc_dir, page, "", site, found)
}

/// [`resolve_link`] for a document in language `lang`, which URLs in raw HTML need.
fn resolve_link_in(
    targets: &Targets,
    languages: &[String],
    doc_dir: &str,
    page: &str,
    lang: &str,
    site: &LinkSite,
    found: &mut Found,
) -> Result<LinkTarget, Diagnostic> {
    if let Some(attr) = site.raw {
        let markdown = |s: &LinkSite| {
            let plain = LinkSite { raw: None, ..*s };
            resolve_link(
                targets,
                languages,
                doc_dir,
                page,
                &plain,
                &mut Found::default(),
            )
        };
        return raw_links::resolve(targets, languages, lang, page, attr, site, found, &markdown);
    }
    let dest = site.dest.trim();
    if found.kept_as_written(dest, site.line, site.col) {
        return Ok(LinkTarget::Keep);
    }
    let (path_part, fragment) = match dest.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (dest, None),
    };
    let path_part = path_part.split('?').next().unwrap_or(path_part);
    // Names are compared in NFC, as files were loaded (a link typed on a Mac may be NFD).
    let decoded = crate::load::nfc::nfc_owned(percent_decode(path_part));
    if decoded.contains('\\') {
        return Err(
            Diagnostic::error("", format!("`{dest}` uses `\\`")).hint("write paths with `/`")
        );
    }
    let with_fragment = |url: String| match fragment {
        Some(f) => format!("{url}#{f}"),
        None => url,
    };
    let escapes = || {
        Diagnostic::error("", format!("`{dest}` points outside the site root")).hint(
            "link only to files inside the site: lessons, badges, co-located files or static/",
        )
    };
    let target = if let Some(abs) = decoded.strip_prefix('/') {
        let norm = normalize(abs).ok_or_else(escapes)?;
        if targets.statics.contains(&norm) {
            Some(Target::Static(norm))
        } else {
            targets.lookup(&norm, languages)
        }
    } else {
        // Relative to the document: content/<doc_dir>/<dest>; may climb to the site root.
        let joined = format!("content/{doc_dir}/{decoded}");
        let norm = normalize(&joined).ok_or_else(escapes)?;
        if let Some(c) = norm.strip_prefix("content/") {
            targets.lookup(c, languages)
        } else if let Some(s) = norm.strip_prefix("static/") {
            targets
                .statics
                .contains(s)
                .then(|| Target::Static(s.to_string()))
        } else {
            None
        }
    };
    let lang_page = format!("x/{page}");
    match target {
        Some(Target::Page(p)) => {
            found.links.push(InternalLink {
                to: p,
                fragment: fragment.unwrap_or("").to_string(),
                line: site.line,
                col: site.col,
            });
            Ok(LinkTarget::Url(with_fragment(relative_url(
                page,
                &targets.page_paths[&p],
            ))))
        }
        Some(Target::Asset(a)) => {
            let url = with_fragment(relative_url(page, &a));
            found.assets.push(a);
            Ok(LinkTarget::Url(url))
        }
        Some(Target::Static(s)) => Ok(LinkTarget::Url(with_fragment(relative_url(&lang_page, &s)))),
        None => {
            let what = if site.is_image {
                "image"
            } else if decoded.ends_with(".md") {
                "lesson or page"
            } else {
                "file"
            };
            let mut d = Diagnostic::error("", format!("link to a missing {what}: `{dest}`"));
            if decoded.ends_with(".md") {
                let wanted = normalize(&format!("{doc_dir}/{decoded}")).unwrap_or_default();
                if let Some(s) =
                    did_you_mean(&wanted, targets.lesson_paths.iter().map(String::as_str))
                {
                    d = d.hint(format!(
                        "did you mean `{}`?",
                        relative_url(&format!("{doc_dir}/x"), s)
                    ));
                } else {
                    d = d.hint(
                        "link to the .md source file of an existing lesson or page, relative to this file",
                    );
                }
            } else if decoded.ends_with(".html") {
                d = d.hint("link to the lesson's .md source file; paveldas writes the .html URL");
            } else {
                d = d.hint("put the file next to the lesson, or in static/ and link it as `/path`");
            }
            Err(d)
        }
    }
}

/// Reads the body of a content file loaded without it: the text after the front matter, with LF
/// line ends, and its first line. The file may have changed since it was loaded.
fn read_body(root: &Path, path: &Path) -> Result<(String, usize), Diagnostic> {
    // The same steps as `load`: read, decode, normalise line ends and NULs, split.
    let bytes = std::fs::read(root.join(path)).map_err(|e| {
        Diagnostic::error(path, format!("cannot read: {e}"))
            .hint("the file changed or disappeared during the build; run the build again")
    })?;
    let text = crate::load::frontmatter::normalize(crate::diagnostic::decode_utf8(path, bytes)?);
    let split = crate::load::frontmatter::split(&text).map_err(|u| {
        Diagnostic::error(path, "front matter is not closed")
            .line(u.line)
            .with_source(&text)
            .hint("the file changed during the build; end the front matter with a line `---`")
    })?;
    // The body is the end of the text.
    let (start, line) = (text.len() - split.body.len(), split.body_line);
    Ok((crate::load::frontmatter::into_body_lf(text, start), line))
}

/// Renders one document's body, recording its links and returning diagnostics with file:line.
fn render_doc<M>(
    doc: &mut Doc<M>,
    page: &str,
    targets: &Targets,
    languages: &[String],
) -> Vec<Diagnostic> {
    let doc_dir = doc
        .path
        .parent()
        .and_then(|p| p.strip_prefix("content").ok())
        .map(|p| {
            p.components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/")
        })
        .unwrap_or_default();
    let mut found = Found::default();
    if !doc.body_loaded {
        match read_body(&targets.root, &doc.path) {
            Ok((body, line)) => {
                doc.body = body;
                doc.body_line = line;
            }
            Err(d) => return vec![d],
        }
    }
    // The body's lines, indexed at the first broken link (not rescanned for each).
    let mut lines: Option<LineIndex> = None;
    let (mut rendered, diags) =
        markdown::render(&doc.body, doc.body_line, &mut |site: &LinkSite| {
            let lang = &doc.lang;
            resolve_link_in(targets, languages, &doc_dir, page, lang, site, &mut found).map_err(
                |d| {
                    let mut d = d.at(site.line, site.col);
                    d.source_line = lines
                        .get_or_insert_with(|| LineIndex::new(&doc.body))
                        .line(site.line + 1 - doc.body_line)
                        .map(str::to_string);
                    d
                },
            )
        });
    if targets.compress {
        rendered.html = rendered.html.compressed();
        rendered.text = rendered.text.compressed();
    }
    rendered.links = found.links;
    rendered.assets = found.assets;
    rendered.external = found.external;
    doc.rendered = rendered;
    // The Markdown source is not needed any more; error paths re-read the file.
    doc.body = String::new();
    doc.body_loaded = false;
    let path = doc.path.clone();
    diags
        .into_iter()
        .map(|mut d| {
            d.file = path.clone();
            d
        })
        .collect()
}

/// Which documents of a page to render.
#[derive(Clone, Copy)]
enum Which<'a> {
    /// The source and every translation.
    All,
    /// Those a reader of this language sees first: the sources for the default language (they
    /// are also the fallback of missing translations), else the translations into it.
    Lang(&'a str, bool),
}

fn render_variants<M: Send>(
    v: &mut Variants<M>,
    page: &str,
    targets: &Targets,
    languages: &[String],
    which: Which,
) -> Vec<Diagnostic> {
    match which {
        Which::All => v
            .all_mut()
            .flat_map(|doc| render_doc(doc, page, targets, languages))
            .collect(),
        Which::Lang(_, true) => render_doc(&mut v.source, page, targets, languages),
        Which::Lang(lang, false) => v
            .translations
            .get_mut(lang)
            .map(|doc| render_doc(doc, page, targets, languages))
            .unwrap_or_default(),
    }
}

/// Resolves the loaded site in place, every document at once. Warnings are returned on success.
pub fn resolve(site: &mut Site) -> Result<Diagnostics, Diagnostics> {
    let mut diags = link(site);
    let resolver = Resolver::new(site);
    let (t, langs) = (&resolver.targets, &resolver.languages);
    let units = 0..site.units.len();
    diags
        .0
        .extend(render_docs(site, t, langs, Which::All, units, true));
    diags.into_result()
}

/// Renders the chosen documents of the units in `units` and, with `rest`, of the overviews and
/// badges, in parallel.
fn render_docs(
    site: &mut Site,
    t: &Targets,
    langs: &[String],
    which: Which,
    units: std::ops::Range<usize>,
    rest: bool,
) -> Vec<Diagnostic> {
    let docs: Vec<_> = site.documents_in_mut(units, rest).collect();
    docs.into_par_iter()
        .flat_map_iter(|(p, doc)| {
            let page = &t.page_paths[&p];
            with_variants!(doc, v => render_variants(v, page, t, langs, which))
        })
        .collect()
}

/// Frees the HTML and text of `part` that no page of the languages in `later` shows, once the
/// part's pages of `lang` are written: that language's translations, or for the default language
/// the sources every later language has a translation of. Headings and links stay (anchor checks
/// need them).
pub fn release_part(site: &mut Site, lang: Lang, later: &[Lang], part: &Part) {
    fn release<M>(v: &mut Variants<M>, lang: Lang, default: bool, later: &[Lang]) {
        if !default {
            if let Some(doc) = v.translations.get_mut(lang.code()) {
                doc.rendered.html = Packed::default();
                doc.rendered.text = Packed::default();
            }
        } else if later.iter().all(|l| v.translations.contains_key(l.code())) {
            v.source.rendered.html = Packed::default();
            v.source.rendered.text = Packed::default();
        }
    }
    let default = lang == site.config.default_lang();
    for (_, doc) in site.documents_in_mut(part.units(), part.rest) {
        with_variants!(doc, v => release(v, lang, default, later));
    }
}

/// What links can point at in a resolved site, kept by the dev server while the site's shape (its
/// pages and files) stays the same, to re-resolve single documents cheaply.
pub struct Resolver {
    targets: Targets,
    languages: Vec<String>,
}

impl Resolver {
    pub fn new(site: &Site) -> Resolver {
        Resolver {
            targets: Targets::build(site),
            languages: site.config.language_codes(),
        }
    }

    /// For a build that renders one part of one language at a time: only a part's HTML and text
    /// are held, so they are kept as they are, never compressed.
    pub fn per_part(site: &Site) -> Resolver {
        let mut r = Resolver::new(site);
        r.targets.compress = false;
        r
    }

    /// Renders the documents of `part` a reader of `lang` sees that no earlier language rendered
    /// (see [`release_part`]); the default language must come first. Returns warnings and errors.
    pub fn render_part(&self, site: &mut Site, lang: Lang, part: &Part) -> Diagnostics {
        let default = lang == site.config.default_lang();
        let which = Which::Lang(lang.code(), default);
        let rest = part.rest;
        let (t, langs) = (&self.targets, &self.languages);
        Diagnostics(render_docs(site, t, langs, which, part.units(), rest))
    }

    /// Re-resolves a site in which the dev server replaced some documents, given by page and
    /// language (`None`: the default-language source): the Markdown of those documents only, and
    /// with `relink` (a lesson's `badges` list changed) the lesson ↔ badge relations. Warnings are
    /// returned on success.
    pub fn resolve_docs(
        &self,
        site: &mut Site,
        docs: &[(PageRef, Option<String>)],
        relink: bool,
    ) -> Result<Diagnostics, Diagnostics> {
        fn one<'a, M>(v: &'a mut Variants<M>, lang: &Option<String>) -> Option<&'a mut Doc<M>> {
            match lang {
                None => Some(&mut v.source),
                Some(l) => v.translations.get_mut(l),
            }
        }
        let mut diags = Diagnostics::new();
        if relink {
            link_badges(site, &mut diags);
        }
        let (t, langs) = (&self.targets, &self.languages);
        for (page, lang) in docs {
            let path = &t.page_paths[page];
            let found = site.document_mut(*page).and_then(
                |doc| with_variants!(doc, v => one(v, lang).map(|d| render_doc(d, path, t, langs))),
            );
            diags.0.extend(found.unwrap_or_default());
        }
        diags.into_result()
    }
}

/// Anchor problems: links whose `#fragment` names no heading on the target page (in the language of
/// the linking document). Used by `check` as errors and by `build` as warnings.
pub fn check_anchors(site: &Site, as_errors: bool) -> Diagnostics {
    let mut diags = Diagnostics::new();
    // The heading ids of each linked page, in page order and as a set, made once per page and
    // language: a page with many headings and many links to them costs each link one look-up.
    type Ids<'a> = (Vec<&'a str>, HashSet<&'a str>);
    let mut pages: HashMap<(PageRef, String), Option<Ids>> = HashMap::new();
    let mut check = |doc_path: &Path, lang: &str, r: &Rendered| {
        let mut found = Vec::new();
        for link in &r.links {
            if link.fragment.is_empty() {
                continue;
            }
            let frag = percent_decode(&link.fragment);
            let ids = pages.entry((link.to, lang.to_string())).or_insert_with(|| {
                let lang = site.config.lang(lang)?;
                // Only units, lessons and badges have headings to link to.
                let r = match link.to {
                    PageRef::Home | PageRef::LessonsIndex | PageRef::BadgesIndex => return None,
                    p => with_variants!(site.document(p)?, v => &v.for_lang(lang).rendered),
                };
                let list: Vec<&str> = r.headings.iter().map(|h| h.id.as_str()).collect();
                let set = list.iter().copied().collect();
                Some((list, set))
            });
            let Some((ids, set)) = ids else {
                continue;
            };
            if set.contains(frag.as_str()) {
                continue;
            }
            let msg = format!("`#{frag}` names no heading on the linked page");
            let mut d = if as_errors {
                Diagnostic::error(doc_path, msg)
            } else {
                Diagnostic::warning(doc_path, msg)
            };
            d = d.at(link.line, link.col);
            d = match did_you_mean(&frag, ids.iter().copied()) {
                Some(s) => d.hint(format!("did you mean `#{s}`?")),
                None => d.hint(headings_hint(ids)),
            };
            found.push(d);
        }
        if !found.is_empty() {
            // The linking file's lines, read and indexed once for all its broken links.
            let text = std::fs::read_to_string(site.config.root.join(doc_path)).unwrap_or_default();
            let lines = LineIndex::new(&text);
            diags
                .0
                .extend(found.into_iter().map(|d| d.with_source_of(&lines)));
        }
    };
    for (_, doc) in site.documents() {
        with_variants!(doc, v => {
            for d in v.all() {
                check(&d.path, &d.lang, &d.rendered);
            }
        });
    }
    diags
}

/// "the page's headings are: #a, #b, …", naming at most the first 20 of a long page's headings.
fn headings_hint(ids: &[&str]) -> String {
    const SHOWN: usize = 20;
    let mut list = ids
        .iter()
        .take(SHOWN)
        .map(|i| format!("#{i}"))
        .collect::<Vec<_>>()
        .join(", ");
    if ids.len() > SHOWN {
        list.push_str(&format!(", … ({} in all)", ids.len()));
    }
    format!("the page's headings are: {list}")
}

#[cfg(test)]
mod tests {
    use super::targets::is_external;

    #[test]
    fn external_links() {
        assert!(is_external("https://whc.unesco.org/"));
        assert!(is_external("mailto:a@b.org"));
        assert!(is_external("//cdn.example.org/x.js"));
        assert!(!is_external("../unit/x.md"));
        assert!(!is_external("x.md#a:b"));
    }
}
