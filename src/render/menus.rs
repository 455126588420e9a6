//! The menus of every page: the pages of `content/pages/` that name `main` (listed in the header
//! navigation after the built-in items) or `footer` in their `menu`, ordered by `weight` (pages
//! without one last), then by their title in the reader's language. Computed once per language
//! for a rendering pass; each page then only makes the URLs relative to itself.

use crate::config::Lang;
use crate::model::{pick, Menu, PageRef, Site};
use crate::resolve::page_list::{job_path, Job};
use crate::resolve::paths::relative_url;
use serde::Serialize;

/// One page of a menu in one language.
#[derive(Debug, Clone)]
struct Entry {
    title: String,
    /// Its output path from the output root.
    path: String,
    /// The language and direction of the title when it is the source's (the page is not
    /// translated), which the link must then carry.
    lang: Option<(String, &'static str)>,
}

/// A menu link as templates get it.
#[derive(Debug, Serialize)]
pub struct MenuLink<'a> {
    title: &'a str,
    url: String,
    /// The page being rendered.
    current: bool,
    /// Set when the title is in another language than the page's.
    lang: Option<&'a str>,
    dir: Option<&'static str>,
}

/// The menus of a site, per language (by language index), in menu order.
pub struct Menus {
    /// `[main, footer]` of each language.
    by_lang: Vec<[Vec<Entry>; 2]>,
}

/// A page's title in `lang`: its translation's, else its source's.
pub fn page_title(site: &Site, p: usize, lang: Lang) -> String {
    let v = &site.pages[p].doc;
    pick(v.for_lang(lang), &v.source, |m| m.title.as_ref())
        .cloned()
        .unwrap_or_else(|| site.pages[p].slug.clone())
}

impl Menus {
    pub fn new(site: &Site) -> Menus {
        let by_lang = site
            .config
            .langs()
            .map(|l| Menu::ALL.map(|menu| entries(site, menu, l)))
            .collect();
        Menus { by_lang }
    }

    /// The links of `menu` in language `l` for the page at `here` (from the output root).
    pub fn links(&self, menu: Menu, l: Lang, here: &str) -> Vec<MenuLink<'_>> {
        let i = Menu::ALL.iter().position(|m| *m == menu).unwrap_or(0);
        self.by_lang[l.index()][i]
            .iter()
            .map(|e| MenuLink {
                title: &e.title,
                url: relative_url(here, &e.path),
                current: e.path == here,
                lang: e.lang.as_ref().map(|x| x.0.as_str()),
                dir: e.lang.as_ref().map(|x| x.1),
            })
            .collect()
    }
}

/// The pages of `menu` in language `l`, in order.
fn entries(site: &Site, menu: Menu, l: Lang) -> Vec<Entry> {
    let mut list: Vec<(i64, String, &str, Entry)> = site
        .pages
        .iter()
        .enumerate()
        .filter(|(_, page)| page.doc.source.meta.in_menu(menu))
        .map(|(p, page)| {
            let title = page_title(site, p, l);
            let shown = page.doc.for_lang(l);
            let lang = (!page.doc.is_translated(l, site.config.default_lang())).then(|| {
                let dir = site.config.language(&shown.lang).map_or("ltr", |x| x.dir);
                (shown.lang.clone(), dir)
            });
            let entry = Entry {
                path: job_path(site, Job::Page(l, PageRef::Page(p))),
                title: title.clone(),
                lang,
            };
            let weight = page.doc.source.meta.weight.unwrap_or(i64::MAX);
            (weight, title.to_lowercase(), page.slug.as_str(), entry)
        })
        .collect();
    list.sort_by(|a, b| (a.0, &a.1, a.2).cmp(&(b.0, &b.1, b.2)));
    list.into_iter().map(|x| x.3).collect()
}
