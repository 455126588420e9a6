//! Output names that survive any disk. Content file and directory names are taken in Unicode's
//! composed form ([`crate::load::nfc`]: macOS writes names decomposed, `kernave` + U+0307, where a
//! teacher typed `kernavė`), and [`check`] makes sure that no two outputs of a site land on one path once
//! paths are compared as Windows, macOS and FAT USB sticks compare them ([`crate::load::nfc::fold`]): lessons, units,
//! badges, pages, co-located and `static/` files, theme files, and every file paveldas makes itself (the
//! pages of [`crate::resolve::page_list`], search indexes, badge images and JSON, the sitemap). A clash is an
//! error at the source file naming both outputs; a source taking a name paveldas needs is an error
//! naming what paveldas writes there, and a page of `content/pages/` named after one of paveldas's
//! own pages or sections ([`RESERVED_PAGE_SLUGS`]) is an error at its file's first line.
//!
//! The check is one pass over the outputs with a hash map of folded paths. Every language has the
//! same pages and co-located files ([`crate::resolve::batches::language_jobs`]), so those are entered once,
//! relative to the language directory; only what differs by language (badge images and JSON, static
//! files under a language directory) is entered per language.

use crate::config::Lang;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::nfc::{fold, fold_owned, nfc, visible};
use crate::model::{Asset, PageRef, Site};
use crate::resolve::batches::language_jobs;
use crate::resolve::page_list::{job_path, Job, ROOT_JOBS};
use rustc_hash::FxHashMap as HashMap;
use std::path::{Path, PathBuf};

/// Who puts a file into the output.
#[derive(Debug, Clone, Copy)]
enum Owner<'a> {
    /// A page ([`crate::resolve::page_list`]); a language's page is entered as the first language's.
    Job(Job),
    /// A language's `search-index.js` and its `search-text-<k>.js` chunks.
    SearchIndex,
    /// A language's `badges/issuer.json`.
    Issuer,
    /// A co-located file, copied into every language directory.
    Colocated(&'a Asset),
    /// The generated SVG of badge `.0` in language `.1`.
    BadgeImage(usize, Lang),
    /// The Open Badges JSON of badge `.0` in language `.1`: 3.0 if `.2`, else 2.0.
    BadgeJson(usize, Lang, bool),
    /// A file from `static/`, at its path from the output root.
    Static(&'a Asset),
    /// A file of the theme's `static/`: (source, path from the output root).
    Theme(&'a (PathBuf, String)),
    /// Another file paveldas writes at the output root.
    Named(&'static str),
}

/// What a message says about an owner.
struct Described {
    what: String,
    /// The source file to report at.
    file: Option<PathBuf>,
    /// paveldas makes the file (from a source, maybe): its name is not the author's to choose.
    generated: bool,
}

struct Checker<'a> {
    site: &'a Site,
    /// Outputs inside every language directory, by folded path from there.
    lang: HashMap<String, Owner<'a>>,
    /// Every other output, by folded path from the output root.
    root: HashMap<String, Owner<'a>>,
    /// Folded language codes, for static files under a language directory.
    codes: Vec<String>,
    diags: Diagnostics,
    /// The pairs of files already reported: badge twins clash in their pages, images and JSON,
    /// and are reported once.
    reported: std::collections::HashSet<(PathBuf, PathBuf)>,
}

/// Checks that no two outputs of `site` map to one path after NFC normalisation and case folding
/// ([`fold`]), and that no source takes a name paveldas writes. Runs once the content is loaded
/// and grouped ([`crate::load::load_site`]), so `build`, `check` and `serve` all report it.
pub fn check(site: &Site) -> Diagnostics {
    let theme: Vec<(PathBuf, String)> = site
        .assets
        .iter()
        .filter(|a| a.theme)
        .map(|a| (a.source.clone(), a.target.clone()))
        .collect();
    let mut c = Checker {
        site,
        lang: HashMap::with_capacity_and_hasher(
            site.lesson_count() + 2 * site.units.len() + site.assets.len() + 64,
            Default::default(),
        ),
        root: HashMap::default(),
        codes: site
            .config
            .languages
            .iter()
            .map(|l| fold(&l.code))
            .collect(),
        diags: Diagnostics::new(),
        reported: Default::default(),
    };
    let prefix = site.config.languages[0].code.len() + 1;
    // paveldas's own pages first, so that a source clashing with one is the one reported.
    let jobs = language_jobs(site, site.config.languages[0].lang);
    let is_content = |j: &Job| {
        matches!(
            j,
            Job::Page(
                _,
                PageRef::Unit(_) | PageRef::Lesson(..) | PageRef::Badge(_) | PageRef::Page(_)
            )
        )
    };
    let reserved = reserved_page_slugs(site, &mut c.diags);
    for pass_content in [false, true] {
        for job in jobs.iter().filter(|j| is_content(j) == pass_content) {
            if let Job::Page(_, PageRef::Page(p)) = job {
                if reserved.contains(p) {
                    continue;
                }
            }
            let mut path = job_path(site, *job);
            path.replace_range(..prefix, "");
            c.in_lang(path, Owner::Job(*job));
        }
    }
    c.in_lang(crate::render::search::FILE.into(), Owner::SearchIndex);
    let published = crate::render::badges::published(site).is_some();
    if published {
        c.in_lang(crate::render::badges::ISSUER_FILE.into(), Owner::Issuer);
    }
    for a in site.assets.iter().filter(|a| a.colocated) {
        c.in_lang(a.target.clone(), Owner::Colocated(a));
    }
    for job in ROOT_JOBS {
        c.at_root(&job_path(site, job), Owner::Job(job));
    }
    c.at_root(
        crate::render::HIGHLIGHT_CSS,
        Owner::Named(crate::render::HIGHLIGHT_CSS),
    );
    for name in crate::render::sitemap::files(site) {
        c.at_root(name, Owner::Named(name));
    }
    for t in &theme {
        c.at_root(&t.1, Owner::Theme(t));
    }
    let images = site
        .config
        .theme_dir
        .join("templates")
        .join("badge.svg")
        .is_file();
    for (b, _) in site.badges.iter().enumerate() {
        for l in site.config.langs() {
            if images && crate::render::badges::given_image(site, b, l).is_none() {
                c.at_root(
                    &crate::render::badges::generated_image_path(site, b, l),
                    Owner::BadgeImage(b, l),
                );
            }
        }
        if published {
            for l in crate::render::badges::editions(site, b) {
                for ob3 in [false, true] {
                    let path = crate::render::badges::json_path(site, b, l, ob3);
                    c.at_root(&path, Owner::BadgeJson(b, l, ob3));
                }
            }
        }
    }
    for a in site.assets.iter().filter(|a| !a.colocated && !a.theme) {
        c.at_root(&a.target, Owner::Static(a));
    }
    c.diags
}

/// The names a page of `content/pages/` may not take, beside the files of every language
/// directory: its own pages (`index.html`, `404.html`, `search.html`) and its sections'
/// directories (`lessons/`, `badges/`), which `<slug>.html` would stand beside as a second,
/// different page of the same name.
pub const RESERVED_PAGE_SLUGS: &[(&str, &str)] = &[
    ("index", "home page"),
    ("404", "404 page"),
    ("search", "search page"),
    ("lessons", "lessons overview (`lessons/`)"),
    ("badges", "badge index (`badges/`)"),
];

/// Reports each page whose slug is one of [`RESERVED_PAGE_SLUGS`] (in any letter case) at its
/// file; returns their indices, so that they are not reported again as clashes.
fn reserved_page_slugs(site: &Site, diags: &mut Diagnostics) -> Vec<usize> {
    let mut out = Vec::new();
    for (p, page) in site.pages.iter().enumerate() {
        let folded = fold(&page.slug);
        let Some((name, what)) = RESERVED_PAGE_SLUGS.iter().find(|(n, _)| *n == folded) else {
            continue;
        };
        let path = job_path(
            site,
            Job::Page(site.config.default_lang(), PageRef::Page(p)),
        );
        diags.push(
            Diagnostic::error(
                &page.doc.source.path,
                format!(
                    "the page `{}` would be `{}`, which paveldas's {what} needs: `{name}` is reserved",
                    visible(&page.slug),
                    visible(&path)
                ),
            )
            .line(1)
            .hint(format!(
                "rename the file (and its translations), e.g. to `content/pages/about-{}.md`; reserved page names: {}",
                page.slug,
                RESERVED_PAGE_SLUGS
                    .iter()
                    .map(|(n, _)| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        );
        out.push(p);
    }
    out
}

impl<'a> Checker<'a> {
    /// Enters an output of every language directory (`rel` from there).
    fn in_lang(&mut self, rel: String, owner: Owner<'a>) {
        let key = fold_owned(rel);
        if let Some(old) = self.reserved_in_lang(&key, owner) {
            let l = self.site.config.default_lang();
            self.clash(owner, l, old, l);
            return;
        }
        match self.lang.entry(key) {
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(owner);
            }
            std::collections::hash_map::Entry::Occupied(o) => {
                let old = *o.get();
                let l = self.site.config.default_lang();
                self.clash(owner, l, old, l);
            }
        }
    }

    /// The owner of names in a language directory that no single entry holds: the search index's
    /// text chunks, whose number depends on the pages.
    fn reserved_in_lang(&self, key: &str, owner: Owner<'a>) -> Option<Owner<'a>> {
        let chunk = key != crate::render::search::FILE && crate::render::search::is_index_file(key);
        (chunk && !matches!(owner, Owner::SearchIndex)).then_some(Owner::SearchIndex)
    }

    /// Enters an output at `path` from the output root; one inside a language directory is
    /// checked against that language's outputs too.
    fn at_root(&mut self, path: &str, owner: Owner<'a>) {
        let key = fold(path);
        if let Some((first, rest)) = key.split_once('/') {
            if let Some(l) = self.codes.iter().position(|c| c == first) {
                let l = self.site.config.languages[l].lang;
                let old = self
                    .reserved_in_lang(rest, owner)
                    .or_else(|| self.lang.get(rest).copied());
                if let Some(old) = old {
                    self.clash(owner, l, old, l);
                    return;
                }
            }
        }
        match self.root.entry(key) {
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(owner);
            }
            std::collections::hash_map::Entry::Occupied(o) => {
                let old = *o.get();
                let l = self.site.config.default_lang();
                self.clash(owner, l, old, l);
            }
        }
    }

    /// The output path of `owner`, in language `l` for the outputs of every language.
    fn path(&self, owner: Owner, l: Lang) -> String {
        let site = self.site;
        let code = l.code();
        match owner {
            Owner::Job(job) => match job {
                Job::Page(_, p) => job_path(site, Job::Page(l, p)),
                Job::Search(_) => job_path(site, Job::Search(l)),
                Job::UnitPrint(_, u) => job_path(site, Job::UnitPrint(l, u)),
                Job::NotFound(_) => job_path(site, Job::NotFound(l)),
                Job::RootIndex | Job::RootNotFound => job_path(site, job),
            },
            Owner::SearchIndex => format!("{code}/{}", crate::render::search::FILE),
            Owner::Issuer => format!("{code}/{}", crate::render::badges::ISSUER_FILE),
            Owner::Colocated(a) => format!("{code}/{}", a.target),
            Owner::BadgeImage(b, l) => crate::render::badges::generated_image_path(site, b, l),
            Owner::BadgeJson(b, l, ob3) => crate::render::badges::json_path(site, b, l, ob3),
            Owner::Static(a) => a.target.clone(),
            Owner::Theme(t) => t.1.clone(),
            Owner::Named(name) => name.to_string(),
        }
    }

    fn describe(&self, owner: Owner) -> Described {
        let site = self.site;
        let root = &site.config.root;
        let rel = |p: &Path| p.strip_prefix(root).unwrap_or(p).to_path_buf();
        let source = |what: &str, p: &Path, generated: bool| Described {
            what: format!("{what} `{}`", visible(&rel(p).to_string_lossy())),
            file: Some(rel(p)),
            generated,
        };
        let own = |what: String| Described {
            what: format!("paveldas's {what}"),
            file: None,
            generated: true,
        };
        match owner {
            Owner::Job(Job::Page(_, p)) => match p {
                PageRef::Lesson(u, l) => source(
                    "the page of",
                    &site.units[u].lessons[l].doc.source.path,
                    false,
                ),
                PageRef::Unit(u) => {
                    source("the unit page of", &site.units[u].doc.source.path, false)
                }
                PageRef::Badge(b) => source("the page of", &site.badges[b].doc.source.path, false),
                PageRef::Page(p) => source("the page of", &site.pages[p].doc.source.path, false),
                PageRef::Home => own("home page".into()),
                PageRef::LessonsIndex => own("lessons overview".into()),
                PageRef::BadgesIndex => own("badge index".into()),
            },
            Owner::Job(Job::Search(_)) => own("search page".into()),
            Owner::Job(Job::UnitPrint(_, u)) => own(format!(
                "print page of unit `{}`",
                visible(&site.units[u].dir)
            )),
            Owner::Job(Job::NotFound(_) | Job::RootNotFound) => own("404 page".into()),
            Owner::Job(Job::RootIndex) => own("language chooser (the root index.html)".into()),
            Owner::SearchIndex => own("search index".into()),
            Owner::Issuer => own("Open Badges issuer profile".into()),
            Owner::Colocated(a) => source("the co-located file", &a.source, false),
            Owner::BadgeImage(b, _) => source(
                "the generated image of",
                &site.badges[b].doc.source.path,
                true,
            ),
            Owner::BadgeJson(b, _, ob3) => source(
                if ob3 {
                    "the Open Badges 3.0 file of"
                } else {
                    "the Open Badges 2.0 file of"
                },
                &site.badges[b].doc.source.path,
                true,
            ),
            Owner::Static(a) => source("the static file", &a.source, false),
            Owner::Theme(t) => source("the theme file", &t.0, false),
            Owner::Named(name) if name == crate::render::HIGHLIGHT_CSS => {
                own("highlighting stylesheet".into())
            }
            Owner::Named(name) => own(format!("`{name}`")),
        }
    }

    /// Reports that `new` (in language `nl`) lands where `old` (in language `ol`) already does.
    fn clash(&mut self, new: Owner, nl: Lang, old: Owner, ol: Lang) {
        let (np, op) = (self.path(new, nl), self.path(old, ol));
        let (n, o) = (self.describe(new), self.describe(old));
        // Report at the author's file: the newcomer's, else the other's.
        let (this, this_path, other, other_path) = if !n.generated || o.generated {
            (n, np, o, op)
        } else {
            (o, op, n, np)
        };
        let same = this_path == other_path;
        let how = if nfc(&this_path) == nfc(&other_path) {
            "on Windows, macOS and FAT USB sticks (the names differ only in Unicode form: one is decomposed, NFD)"
        } else {
            "on Windows, macOS and FAT USB sticks (the names differ only in letter case)"
        };
        let (this_shown, other_shown) = (visible(&this_path), visible(&other_path));
        let (message, hint) = match &other.file {
            // paveldas's own file: the name is reserved.
            None => (
                if same {
                    format!(
                        "{} would be written to `{this_shown}`, which is reserved for {}",
                        this.what, other.what
                    )
                } else {
                    format!(
                        "{} would be written to `{this_shown}`, which is `{other_shown}` {how}, reserved for {}",
                        this.what, other.what
                    )
                },
                "rename the file: paveldas needs that name for its own".to_string(),
            ),
            Some(f) => (
                if same {
                    format!(
                        "{} and {} would both be written to `{this_shown}`",
                        this.what, other.what
                    )
                } else {
                    format!(
                        "{} (`{this_shown}`) and {} (`{other_shown}`) would be one file {how}",
                        this.what, other.what
                    )
                },
                if matches!(old, Owner::Theme(_)) && matches!(new, Owner::Static(_)) {
                    "rename the static file: the theme's file of that name is copied over it (to change the theme's file, edit it in themes/)".to_string()
                } else if other.generated && !this.generated {
                    format!(
                        "rename the file: paveldas makes `{other_shown}` from `{}`",
                        visible(&f.to_string_lossy())
                    )
                } else {
                    "rename one of the two files: a copy of the site on such a disk would lose one of them"
                        .to_string()
                },
            ),
        };
        let file = this
            .file
            .clone()
            .unwrap_or_else(|| PathBuf::from(&this_path));
        if let Some(f) = &other.file {
            if !self.reported.insert((file.clone(), f.clone())) {
                return;
            }
        }
        self.diags.push(Diagnostic::error(file, message).hint(hint));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::nfc::nfc_owned;
    use std::borrow::Cow;

    #[test]
    fn nfc_composes_and_borrows_what_is_composed() {
        assert!(matches!(nfc("what-is-heritage"), Cow::Borrowed(_)));
        assert!(matches!(nfc("kernavė"), Cow::Borrowed(_)));
        assert_eq!(nfc("kernave\u{307}"), "kernavė");
        assert_eq!(nfc_owned("z\u{30c}emaitija".into()), "žemaitija");
    }

    #[test]
    fn folding_equates_case_and_unicode_forms() {
        assert_eq!(
            fold("lessons/U/What-Is-Heritage.html"),
            "lessons/u/what-is-heritage.html"
        );
        assert_eq!(fold("KERNAVĖ.html"), fold("kernave\u{307}.html"));
        assert_eq!(fold("Šiauliai"), fold("s\u{30c}iauliai"));
        assert_eq!(fold("ΟΔΟΣ"), fold("οδοσ"));
        assert_ne!(fold("a-b"), fold("a_b"));
        assert_ne!(fold("straße"), fold("strasse"));
    }

    #[test]
    fn visible_shows_combining_marks() {
        assert_eq!(visible("kernave\u{307}.md"), "kernave\\u{307}.md");
        assert_eq!(visible("kernavė.md"), "kernavė.md");
    }
}
