//! Everything a link of a body can point at ([`Targets`]: pages by source path, co-located and
//! `static/` files, files paveldas makes), and what the links of one body were found to point at
//! ([`Found`]). Shared by the Markdown link resolver (`resolve`) and the raw HTML one
//! ([`super::raw_links`]).

use crate::model::{ExternalLink, InternalLink, PageRef, Site};
use crate::resolve::paths::page_path;
use std::collections::{HashMap, HashSet};

/// Sites with more documents than this keep their rendered HTML compressed until it is used.
pub(super) const COMPRESS_ABOVE: usize = 4_000;

/// What a content-relative path (`lessons/u/x.md`, `lessons/u/map.svg`) is in the output.
pub(super) enum Target {
    Page(PageRef),
    /// A co-located asset, copied into each language directory at this path.
    Asset(String),
    /// A site-wide file from `static/`, at this path from the output root.
    Static(String),
}

/// Everything a link can point at.
pub(super) struct Targets {
    /// The site root, for reading bodies.
    pub(super) root: std::path::PathBuf,
    /// Keep rendered HTML compressed: the site is large enough for memory to matter.
    pub(super) compress: bool,
    pub(super) pages: HashMap<String, PageRef>,
    /// Page output paths by PageRef (within a language directory).
    pub(super) page_paths: HashMap<PageRef, String>,
    pub(super) colocated: HashSet<String>,
    pub(super) statics: HashSet<String>,
    /// Source paths of lessons and pages, for "did you mean".
    pub(super) lesson_paths: Vec<String>,
    /// Files paveldas makes that raw HTML may name, from the output root: badge images and JSON,
    /// the root pages. Small (a few per badge and language).
    pub(super) generated: HashSet<String>,
    /// What raw HTML may point at in the output, made when the first raw HTML URL is checked.
    pub(super) outputs: std::sync::OnceLock<Outputs>,
}

impl Targets {
    pub(super) fn build(site: &Site) -> Targets {
        let mut pages = HashMap::new();
        let mut page_paths = HashMap::new();
        let mut add = |key: String, page: PageRef| {
            page_paths.insert(page, page_path(site, page));
            pages.insert(key, page);
        };
        add("_index.md".into(), PageRef::Home);
        add("lessons/_index.md".into(), PageRef::LessonsIndex);
        add("badges/_index.md".into(), PageRef::BadgesIndex);
        let mut lesson_paths = Vec::new();
        for (u, unit) in site.units.iter().enumerate() {
            add(format!("lessons/{}/_index.md", unit.dir), PageRef::Unit(u));
            for (l, lesson) in unit.lessons.iter().enumerate() {
                let key = format!("lessons/{}/{}.md", unit.dir, lesson.slug);
                lesson_paths.push(key.clone());
                add(key, PageRef::Lesson(u, l));
            }
        }
        for (b, badge) in site.badges.iter().enumerate() {
            add(format!("badges/{}.md", badge.id), PageRef::Badge(b));
        }
        for (p, page) in site.pages.iter().enumerate() {
            let key = format!("pages/{}.md", page.slug);
            lesson_paths.push(key.clone());
            add(key, PageRef::Page(p));
        }
        let colocated = site
            .assets
            .iter()
            .filter(|a| a.colocated)
            .map(|a| a.target.clone())
            .collect();
        let statics = site
            .assets
            .iter()
            .filter(|a| !a.colocated)
            .map(|a| a.target.clone())
            .collect();
        let documents: usize = site
            .units
            .iter()
            .map(|u| {
                1 + u.doc.translations.len()
                    + u.lessons
                        .iter()
                        .map(|l| 1 + l.doc.translations.len())
                        .sum::<usize>()
            })
            .sum();
        Targets {
            root: site.config.root.clone(),
            compress: documents > COMPRESS_ABOVE,
            pages,
            page_paths,
            colocated,
            statics,
            lesson_paths,
            generated: generated(site),
            outputs: std::sync::OnceLock::new(),
        }
    }

    /// Looks up a `.md` path, accepting translation file names (`x.lt.md` is the page of `x.md`).
    pub(super) fn page(&self, path: &str, languages: &[String]) -> Option<PageRef> {
        if let Some(p) = self.pages.get(path) {
            return Some(*p);
        }
        let stem = path.strip_suffix(".md")?;
        let (base, lang) = stem.rsplit_once('.')?;
        if languages.iter().any(|l| l == lang) {
            return self.pages.get(&format!("{base}.md")).copied();
        }
        None
    }

    pub(super) fn lookup(&self, path: &str, languages: &[String]) -> Option<Target> {
        if path.ends_with(".md") {
            return self.page(path, languages).map(Target::Page);
        }
        if self.colocated.contains(path) {
            return Some(Target::Asset(path.to_string()));
        }
        None
    }
}

pub(super) fn is_external(dest: &str) -> bool {
    if dest.starts_with("//") {
        return true;
    }
    match dest.find(':') {
        Some(i) => {
            let scheme = &dest[..i];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
                && !dest[..i].contains('/')
        }
        None => false,
    }
}

/// What the links of one body point at, recorded while they are resolved.
#[derive(Default)]
pub(super) struct Found {
    pub(super) links: Vec<InternalLink>,
    pub(super) assets: Vec<String>,
    pub(super) external: Vec<ExternalLink>,
}

impl Found {
    /// Whether a link destination stays as it is written: external (an `http(s)` one is recorded
    /// for `check --external`), empty, or a fragment of the same page. Both the Markdown and the
    /// raw HTML resolver start with it.
    pub(super) fn kept_as_written(&mut self, dest: &str, line: usize, col: usize) -> bool {
        if is_external(dest) {
            let lower = dest.to_ascii_lowercase();
            if lower.starts_with("http://") || lower.starts_with("https://") {
                self.external.push(ExternalLink {
                    url: dest.to_string(),
                    line,
                    col,
                });
            }
            return true;
        }
        dest.is_empty() || dest.starts_with('#')
    }
}

/// The files paveldas makes from the site that are not pages or copies, by path from the output
/// root: root pages, badge images and Open Badges JSON, and the sitemap.
pub(super) fn generated(site: &Site) -> HashSet<String> {
    let mut out: HashSet<String> = ["index.html", "404.html", "assets/highlight.css"]
        .into_iter()
        .map(String::from)
        .collect();
    if site.config.base_url.is_some() {
        out.extend(["sitemap.xml".into(), "robots.txt".into()]);
    }
    let published = crate::render::badges::published(site).is_some();
    for l in &site.config.languages {
        for b in 0..site.badges.len() {
            out.insert(crate::render::badges::image_path(site, b, l.lang));
        }
        if published {
            out.insert(format!("{}/{}", l.code, crate::render::badges::ISSUER_FILE));
        }
    }
    if published {
        for b in 0..site.badges.len() {
            for lang in crate::render::badges::editions(site, b) {
                for ob3 in [false, true] {
                    out.insert(crate::render::badges::json_path(site, b, lang, ob3));
                }
            }
        }
    }
    out
}

/// What every language directory holds besides co-located files, made from the pages the first
/// time a raw HTML URL is checked.
pub(super) struct Outputs {
    /// Pages by their path in a language directory (`lessons/u/x.html`).
    pub(super) pages: HashMap<String, PageRef>,
    /// Other pages and files of each language: search, 404 and print pages, the search index.
    pub(super) files: HashSet<String>,
}

impl Outputs {
    pub(super) fn new(targets: &Targets) -> Outputs {
        let mut files: HashSet<String> = ["search.html", "404.html", "search-index.js"]
            .into_iter()
            .map(String::from)
            .collect();
        let mut pages = HashMap::with_capacity(targets.page_paths.len());
        for (page, path) in &targets.page_paths {
            if let PageRef::Unit(_) = page {
                if let Some(dir) = path.strip_suffix("index.html") {
                    files.insert(format!("{dir}print.html"));
                }
            }
            pages.insert(path.clone(), *page);
        }
        Outputs { pages, files }
    }
}
