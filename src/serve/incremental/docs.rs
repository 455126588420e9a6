//! Putting a re-parsed document in place of its old version in the loaded site, and the pages
//! that change with it (the table in the parent module's doc).

use crate::config::Lang;
use crate::diagnostic::Diagnostics;
use crate::l10n::stamp::{digest, digest_file_text, is_stale, Stamped};
use crate::load::{self, Kind, Parsed};
use crate::model::{Doc, PageRef, Site, Variants};
use crate::render::contexts::Job;
use std::path::Path;

/// What replacing one document means for the rebuild.
pub(super) enum Applied {
    /// The site's shape changed: load it again.
    Structure,
    /// The page whose document was replaced and the document's language, the pages to render
    /// again, and what changed.
    Pages(PageRef, Option<String>, Vec<Job>, Changed),
}

/// What changed in a replaced document besides its body.
#[derive(Clone, Copy, Default)]
pub(super) struct Changed {
    /// Any of its front matter.
    pub front_matter: bool,
    /// A lesson's `badges` list: the lesson ↔ badge relations need computing again.
    pub badges: bool,
    /// The front matter of a page listed in a menu (before or after): the menus of every page
    /// of the document's language (every language for a source) change.
    pub menus: bool,
}

/// Re-parses the modified Markdown file `rel` and puts it in place of its old version.
pub(super) fn apply_doc(site: &mut Site, root: &Path, rel: &Path) -> Result<Applied, Diagnostics> {
    let Some(entry) = load::load_file(&site.config, &root.join(rel))? else {
        return Ok(Applied::Structure);
    };
    let langs: Vec<Lang> = match &entry.lang {
        None => site.config.langs().collect(),
        Some(code) => site.config.lang(code).into_iter().collect(),
    };
    let jobs = |pages: &[PageRef]| -> Vec<Job> {
        langs
            .iter()
            .flat_map(|&l| pages.iter().map(move |p| Job::Page(l, *p)))
            .collect()
    };
    let front_matter;
    let mut badges = false;
    let mut menus = false;
    // A unit's print page shows its lessons in full.
    let mut print_unit = None;
    let (page, pages) = match (&entry.kind, entry.parsed) {
        (Kind::Lesson(dir, slug), Parsed::Lesson(doc)) => {
            let Some(u) = site.units.iter().position(|u| &u.dir == dir) else {
                return Ok(Applied::Structure);
            };
            let unit = &mut site.units[u];
            let Some(l) = unit.lessons.iter().position(|x| &x.slug == slug) else {
                return Ok(Applied::Structure);
            };
            let lesson = &mut unit.lessons[l];
            let (prev, next) = (lesson.prev, lesson.next);
            let new_badges = doc.meta.badges.clone();
            let old_badges = match &entry.lang {
                None => Some(&lesson.doc.source),
                Some(code) => lesson.doc.translations.get(code),
            }
            .map(|d| d.meta.badges.clone());
            let Some(fm) = replace(root, &mut lesson.doc, &entry.lang, doc, |a, b| {
                a.order == b.order
            })?
            else {
                return Ok(Applied::Structure);
            };
            badges = old_badges != Some(new_badges);
            front_matter = fm;
            print_unit = Some(u);
            let page = PageRef::Lesson(u, l);
            let mut pages = vec![page];
            if fm {
                pages.extend([
                    PageRef::Unit(u),
                    PageRef::Home,
                    PageRef::LessonsIndex,
                    PageRef::BadgesIndex,
                ]);
                pages.extend(
                    prev.into_iter()
                        .chain(next)
                        .map(|(u, l)| PageRef::Lesson(u, l)),
                );
            }
            (page, pages)
        }
        (Kind::Unit(dir), Parsed::Section(doc)) => {
            let Some(u) = site.units.iter().position(|u| &u.dir == dir) else {
                return Ok(Applied::Structure);
            };
            let unit = &mut site.units[u];
            let Some(fm) = replace(root, &mut unit.doc, &entry.lang, doc, |a, b| {
                a.order == b.order
            })?
            else {
                return Ok(Applied::Structure);
            };
            front_matter = fm;
            print_unit = Some(u);
            let page = PageRef::Unit(u);
            let mut pages = vec![page];
            if fm {
                pages.extend([PageRef::Home, PageRef::LessonsIndex, PageRef::BadgesIndex]);
                pages.extend((0..unit.lessons.len()).map(|l| PageRef::Lesson(u, l)));
                // Badge pages group their lessons under unit titles.
                let badges = site.badges.iter().enumerate();
                pages.extend(
                    badges
                        .filter(|(_, b)| b.units.contains(&u))
                        .map(|(b, _)| PageRef::Badge(b)),
                );
            }
            (page, pages)
        }
        (Kind::Badge(id), Parsed::Badge(doc)) => {
            let Some(b) = site.badge_index(id) else {
                return Ok(Applied::Structure);
            };
            let badge = &mut site.badges[b];
            let Some(fm) = replace(root, &mut badge.doc, &entry.lang, doc, |_, _| true)? else {
                return Ok(Applied::Structure);
            };
            front_matter = fm;
            let page = PageRef::Badge(b);
            let mut pages = vec![page];
            if fm {
                pages.push(PageRef::BadgesIndex);
                pages.extend(badge.lessons.iter().map(|&(u, l)| PageRef::Lesson(u, l)));
            }
            (page, pages)
        }
        (Kind::Page(slug), Parsed::Page(doc)) => {
            let Some(p) = site.pages.iter().position(|x| &x.slug == slug) else {
                return Ok(Applied::Structure);
            };
            let page = &mut site.pages[p];
            let listed = |v: &Variants<crate::model::PageMeta>| {
                crate::model::Menu::ALL
                    .iter()
                    .any(|&m| v.source.meta.in_menu(m))
            };
            let was_listed = listed(&page.doc);
            let Some(fm) = replace(root, &mut page.doc, &entry.lang, doc, |_, _| true)? else {
                return Ok(Applied::Structure);
            };
            let mut diags = Diagnostics::new();
            crate::load::pages::check_translations(&page.doc, &mut diags);
            if diags.has_errors() {
                return Err(diags);
            }
            front_matter = fm;
            menus = fm && (was_listed || listed(&page.doc));
            let page = PageRef::Page(p);
            (page, vec![page])
        }
        (kind, Parsed::Section(doc)) => {
            let (section, page) = match kind {
                Kind::Home => (&mut site.home, PageRef::Home),
                Kind::LessonsIndex => (&mut site.lessons_index, PageRef::LessonsIndex),
                Kind::BadgesIndex => (&mut site.badges_index, PageRef::BadgesIndex),
                _ => return Ok(Applied::Structure),
            };
            let Some(v) = section.docs.as_mut() else {
                return Ok(Applied::Structure);
            };
            match replace(root, v, &entry.lang, doc, |_, _| true)? {
                Some(fm) => front_matter = fm,
                None => return Ok(Applied::Structure),
            }
            (page, vec![page])
        }
        _ => return Ok(Applied::Structure),
    };
    let mut jobs = jobs(&pages);
    if let Some(u) = print_unit {
        jobs.extend(langs.iter().map(|&l| Job::UnitPrint(l, u)));
    }
    let changed = Changed {
        front_matter,
        badges,
        menus,
    };
    Ok(Applied::Pages(page, entry.lang, jobs, changed))
}

/// Puts `doc` in place of the version in `lang` (`None`: the source). Returns whether its front
/// matter changed, or `None` when the change is structural (no such version, or `same_place` says
/// the document moved in the reading order).
fn replace<M: Stamped>(
    root: &Path,
    v: &mut Variants<M>,
    lang: &Option<String>,
    doc: Doc<M>,
    same_place: impl Fn(&M, &M) -> bool,
) -> Result<Option<bool>, Diagnostics> {
    let old = match lang {
        None => &mut v.source,
        Some(l) => match v.translations.get_mut(l) {
            Some(d) => d,
            None => return Ok(None),
        },
    };
    if lang.is_none() && !same_place(&old.meta, &doc.meta) {
        return Ok(None);
    }
    let fm = old.front_matter != doc.front_matter;
    *old = doc;
    // Whether a translation is stale depends on the source's digest, which `load` computes only
    // for sources with stamped translations.
    if v.translations
        .values()
        .any(|t| t.meta.source_digest().is_some())
        && (lang.is_none() || v.source.digest.is_empty())
    {
        let s = &v.source;
        v.source.digest = if s.body_loaded {
            digest(&s.front_matter, &s.body)
        } else {
            // The source's text is not kept after rendering: read it again.
            let text = std::fs::read_to_string(root.join(&s.path)).unwrap_or_default();
            digest_file_text(&text).map(|x| x.0).unwrap_or_default()
        };
    }
    for t in v.translations.values_mut() {
        t.stale = is_stale(t.meta.source_digest(), &v.source.digest);
    }
    Ok(Some(fm))
}
