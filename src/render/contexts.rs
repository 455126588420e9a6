//! Template contexts: what each kind of page gets to show. Everything here is computed from the
//! resolved `Site`; URLs are relative to the page being rendered (but for the 404 pages of a site
//! with a `base_url`, which start them at its path).

use crate::config::Lang;
use crate::model::*;
use crate::resolve::paths::{encode_path, relative_url, root_prefix};
use serde::Serialize;
use tera::Context;

pub use crate::resolve::batches::{all_jobs, language_jobs};
pub use crate::resolve::page_list::{job_path, job_template, Job, ROOT_JOBS};

#[derive(Serialize)]
struct LangLink {
    code: String,
    name: String,
    url: String,
    current: bool,
    dir: &'static str,
    translated: bool,
}

#[derive(Serialize)]
struct LessonCard {
    title: String,
    summary: String,
    url: String,
    age: Option<String>,
    duration_minutes: Option<u32>,
    translated: bool,
    /// Language and direction of the title and summary shown (the source's, when untranslated).
    lang: String,
    dir: &'static str,
}

#[derive(Serialize)]
struct UnitCard {
    title: String,
    summary: String,
    url: String,
    lessons: Vec<LessonCard>,
    order: usize,
}

/// A badge page's lessons of one unit.
#[derive(Serialize)]
struct LessonGroup {
    title: String,
    url: String,
    number: usize,
    lessons: Vec<LessonCard>,
}

#[derive(Serialize)]
struct BadgeCard {
    id: String,
    name: String,
    description: String,
    url: String,
    image: String,
    /// How many lessons count toward it.
    lessons: usize,
}

/// Builds contexts for one site.
pub struct Pages<'a> {
    pub site: &'a Site,
    /// The site title in each language (by language index), formatted once.
    site_titles: Vec<String>,
    /// Each language's name in its own language (by language index), for the switcher.
    language_names: Vec<String>,
    /// The breadcrumb labels of the home page and the lesson and badge overviews, per language.
    nav_labels: Vec<[String; 3]>,
    /// The pages listed in the header and footer menus.
    menus: crate::render::menus::Menus,
}

impl<'a> Pages<'a> {
    pub fn new(site: &'a Site) -> Pages<'a> {
        let languages = &site.config.languages;
        Pages {
            site,
            site_titles: languages
                .iter()
                .map(|l| {
                    site.locales
                        .text_or(&l.code, "site-title", &site.config.title)
                })
                .collect(),
            language_names: languages
                .iter()
                .map(|l| site.locales.language_name(&l.code))
                .collect(),
            nav_labels: languages
                .iter()
                .map(|l| {
                    [
                        ("nav-home", "Home"),
                        ("nav-lessons", "Lessons"),
                        ("nav-badges", "Badges"),
                    ]
                    .map(|(id, fallback)| site.locales.text_or(&l.code, id, fallback))
                })
                .collect(),
            menus: crate::render::menus::Menus::new(site),
        }
    }
}

fn or_empty(s: Option<&String>) -> String {
    s.cloned().unwrap_or_default()
}

impl<'a> Pages<'a> {
    fn t(&self, l: Lang, id: &str, fallback: &str) -> String {
        self.site.locales.text_or(l.code(), id, fallback)
    }

    fn lesson_title(&self, at: (usize, usize), lang: Lang) -> String {
        let v = &self.site.lesson(at).doc;
        or_empty(crate::model::pick(v.for_lang(lang), &v.source, |m| {
            m.title.as_ref()
        }))
    }

    fn unit_title(&self, u: usize, lang: Lang) -> String {
        let v = &self.site.units[u].doc;
        crate::model::pick(v.for_lang(lang), &v.source, |m| m.title.as_ref())
            .cloned()
            .unwrap_or_else(|| self.site.units[u].dir.clone())
    }

    fn badge_name(&self, b: usize, lang: Lang) -> String {
        let v = &self.site.badges[b].doc;
        or_empty(crate::model::pick(v.for_lang(lang), &v.source, |m| {
            m.name.as_ref()
        }))
    }

    /// Whether the page exists in language `lang` as a translation (or is in the default language).
    fn translated(&self, page: PageRef, lang: Lang) -> bool {
        self.site.is_translated(page, lang)
    }

    /// The context every page shares.
    fn base(&self, job: Job, l: Lang, here: &str, title: &str, description: &str) -> Context {
        let site = self.site;
        let lang = site.config.language_of(l);
        let mut ctx = Context::new();
        // A host serves a 404 page for a missing address at any depth, so with a base_url its
        // URLs start at the base URL's path (`/paveldas/assets/style.css`); without one they stay
        // relative, for `file://`.
        let rooted = match job {
            Job::NotFound(_) | Job::RootNotFound => site.config.base_path(),
            _ => None,
        };
        let url = |to: &str| match rooted {
            Some(path) => format!("{path}{}", encode_path(to)),
            None => relative_url(here, to),
        };
        let root = rooted.map_or_else(|| root_prefix(here), str::to_string);
        let in_lang = |p: &str| url(&format!("{}/{p}", lang.code));
        // Search, print and 404 pages are no content of their own for search engines.
        let noindex = matches!(
            job,
            Job::Search(_) | Job::UnitPrint(..) | Job::NotFound(_) | Job::RootNotFound
        );
        ctx.insert("noindex", &noindex);
        ctx.insert("lang", &lang.code);
        ctx.insert("dir", lang.dir);
        ctx.insert("root", &root);
        ctx.insert("site_title", &self.site_titles[l.index()]);
        ctx.insert("title", title);
        ctx.insert("description", description);
        ctx.insert("home_url", &in_lang("index.html"));
        ctx.insert("lessons_url", &in_lang("lessons/index.html"));
        ctx.insert("badges_url", &in_lang("badges/index.html"));
        ctx.insert("search_url", &in_lang("search.html"));
        ctx.insert("default_language", &site.config.default_language);
        ctx.insert(
            "default_language_name",
            &self.language_names[site.config.default_lang().index()],
        );
        ctx.insert("page_path", here);
        // The pages listed in the header and the footer (empty lists for a site without).
        use crate::model::Menu;
        ctx.insert("menu_main", &self.menus.links(Menu::Main, l, here));
        ctx.insert("menu_footer", &self.menus.links(Menu::Footer, l, here));
        let page = match job {
            Job::Page(_, p) => Some(p),
            _ => None,
        };
        let dl = site.config.default_lang();
        // The same page in the default language, for the stale-translation notice.
        ctx.insert("stale", &false);
        if let Some(p) = page {
            ctx.insert(
                "original_url",
                &relative_url(here, &job_path(site, Job::Page(dl, p))),
            );
        }
        let languages: Vec<LangLink> = site
            .config
            .languages
            .iter()
            .map(|other| {
                let i = other.lang;
                let target = match job {
                    Job::Page(_, p) => job_path(site, Job::Page(i, p)),
                    Job::Search(_) => job_path(site, Job::Search(i)),
                    Job::UnitPrint(_, u) => job_path(site, Job::UnitPrint(i, u)),
                    Job::NotFound(_) => job_path(site, Job::NotFound(i)),
                    Job::RootIndex | Job::RootNotFound => {
                        job_path(site, Job::Page(i, PageRef::Home))
                    }
                };
                LangLink {
                    code: other.code.clone(),
                    name: self.language_names[i.index()].clone(),
                    url: url(&target),
                    current: i == l && !matches!(job, Job::RootIndex | Job::RootNotFound),
                    dir: other.dir,
                    translated: page.is_none_or(|p| self.translated(p, i)),
                }
            })
            .collect();
        ctx.insert("languages", &languages);
        // Canonical and alternate links need absolute URLs.
        if let (Some(base), Some(p)) = (&site.config.base_url, page) {
            let links = crate::render::sitemap::alternates(site, p, |p, l| self.translated(p, l));
            // A page shown in the default language (not translated) is a duplicate of that page.
            let canonical = if self.translated(p, l) {
                here.to_string()
            } else {
                job_path(site, Job::Page(dl, p))
            };
            ctx.insert(
                "canonical",
                &crate::render::sitemap::absolute(base, &canonical),
            );
            ctx.insert("alternates", &links.alternates);
            ctx.insert("x_default", &links.x_default);
        }
        ctx
    }

    /// Whether page `p` has its own text in language `lang` (see `sitemap`).
    pub fn is_translated(&self, p: PageRef, lang: Lang) -> bool {
        self.translated(p, lang)
    }

    fn units_overview(&self, l: Lang, here: &str) -> Vec<UnitCard> {
        let lang = l;
        let site = self.site;
        site.units
            .iter()
            .enumerate()
            .map(|(u, unit)| {
                let src = &unit.doc.source;
                let doc = unit.doc.for_lang(lang);
                UnitCard {
                    title: self.unit_title(u, lang),
                    summary: or_empty(pick(doc, src, |m| m.summary.as_ref())),
                    url: relative_url(here, &job_path(site, Job::Page(l, PageRef::Unit(u)))),
                    order: u + 1,
                    lessons: unit
                        .lessons
                        .iter()
                        .enumerate()
                        .map(|(li, _)| self.lesson_card(l, (u, li), here))
                        .collect(),
                }
            })
            .collect()
    }

    fn lesson_card(&self, l: Lang, at: (usize, usize), here: &str) -> LessonCard {
        let lang = l;
        let lesson = self.site.lesson(at);
        let src = &lesson.doc.source;
        let doc = lesson.doc.for_lang(lang);
        LessonCard {
            title: self.lesson_title(at, lang),
            summary: or_empty(pick(doc, src, |m| m.summary.as_ref())),
            url: relative_url(
                here,
                &job_path(self.site, Job::Page(l, PageRef::Lesson(at.0, at.1))),
            ),
            age: pick(doc, src, |m| m.age.as_ref()).cloned(),
            duration_minutes: doc.meta.duration_minutes.or(src.meta.duration_minutes),
            translated: lesson
                .doc
                .is_translated(lang, self.site.config.default_lang()),
            lang: doc.lang.clone(),
            dir: self
                .site
                .config
                .language(&doc.lang)
                .map(|x| x.dir)
                .unwrap_or("ltr"),
        }
    }

    fn badge_card(&self, l: Lang, b: usize, here: &str) -> BadgeCard {
        let lang = l;
        let badge = &self.site.badges[b];
        let doc = badge.doc.for_lang(lang);
        BadgeCard {
            id: badge.id.clone(),
            name: self.badge_name(b, lang),
            description: or_empty(pick(doc, &badge.doc.source, |m| m.description.as_ref())),
            url: relative_url(here, &job_path(self.site, Job::Page(l, PageRef::Badge(b)))),
            image: relative_url(here, &crate::render::badges::image_path(self.site, b, lang)),
            lessons: badge.lessons.len(),
        }
    }

    /// Inserts the body of a document shown to a reader of language `l`, with translation status.
    fn insert_doc<M>(&self, ctx: &mut Context, l: Lang, v: &Variants<M>) {
        let lang = l;
        let doc = v.for_lang(lang);
        let untranslated = !v.is_translated(lang, self.site.config.default_lang());
        let content_lang = &doc.lang;
        let content_dir = self
            .site
            .config
            .language(content_lang)
            .map(|x| x.dir)
            .unwrap_or("ltr");
        ctx.insert("body", &doc.rendered.html.get());
        ctx.insert("headings", &doc.rendered.headings);
        ctx.insert("untranslated", &untranslated);
        ctx.insert(
            "stale",
            &v.translations.get(lang.code()).is_some_and(|t| t.stale),
        );
        ctx.insert("content_lang", content_lang);
        ctx.insert("content_dir", content_dir);
    }

    fn crumbs(&self, l: Lang, here: &str, upto: &[PageRef]) -> Vec<Link> {
        let lang = l;
        upto.iter()
            .map(|p| Link {
                title: match *p {
                    PageRef::Home => self.nav_labels[l.index()][0].clone(),
                    PageRef::LessonsIndex => self.nav_labels[l.index()][1].clone(),
                    PageRef::BadgesIndex => self.nav_labels[l.index()][2].clone(),
                    PageRef::Unit(u) => self.unit_title(u, lang),
                    PageRef::Lesson(u, li) => self.lesson_title((u, li), lang),
                    PageRef::Badge(b) => self.badge_name(b, lang),
                    PageRef::Page(p) => crate::render::menus::page_title(self.site, p, lang),
                },
                url: relative_url(here, &job_path(self.site, Job::Page(l, *p))),
            })
            .collect()
    }

    /// The full context of a job.
    pub fn context(&self, job: Job) -> Context {
        let site = self.site;
        let here = job_path(site, job);
        match job {
            Job::RootIndex | Job::RootNotFound => {
                let dl = site.config.default_lang();
                let title = self.t(dl, "site-title", &site.config.title);
                let mut ctx = self.base(job, dl, &here, &title, "");
                ctx.insert("is_root", &true);
                ctx.insert("kind", if job == Job::RootIndex { "root" } else { "404" });
                ctx
            }
            Job::Search(l) => {
                let title = self.t(l, "search-title", "Search");
                let mut ctx = self.base(job, l, &here, &title, "");
                ctx.insert("kind", "search");
                ctx.insert("breadcrumbs", &self.crumbs(l, &here, &[PageRef::Home]));
                ctx
            }
            Job::UnitPrint(l, u) => {
                let lang = l;
                let unit = self.unit_title(u, lang);
                let mut args = fluent_bundle::FluentArgs::new();
                args.set("unit", unit.clone());
                let title = site
                    .locales
                    .format(lang.code(), "print-unit-title", Some(&args))
                    .unwrap_or_else(|_| unit.clone());
                let mut ctx = self.base(job, l, &here, &title, "");
                ctx.insert("kind", "print");
                ctx.insert("unit_title", &unit);
                ctx.insert("unit_number", &(u + 1));
                ctx.insert(
                    "unit_url",
                    &relative_url(&here, &job_path(site, Job::Page(l, PageRef::Unit(u)))),
                );
                ctx.insert(
                    "breadcrumbs",
                    &self.crumbs(
                        l,
                        &here,
                        &[PageRef::Home, PageRef::LessonsIndex, PageRef::Unit(u)],
                    ),
                );
                ctx.insert(
                    "lessons",
                    &crate::render::print::lessons(site, lang, u, &here),
                );
                ctx
            }
            Job::NotFound(l) => {
                let title = self.t(l, "not-found-title", "Page not found");
                let mut ctx = self.base(job, l, &here, &title, "");
                ctx.insert("kind", "404");
                ctx
            }
            Job::Page(l, page) => self.page_context(job, l, page, &here),
        }
    }

    fn page_context(&self, job: Job, l: Lang, page: PageRef, here: &str) -> Context {
        let site = self.site;
        let lang = l;
        match page {
            PageRef::Home | PageRef::LessonsIndex | PageRef::BadgesIndex => {
                let (section, id, fallback, kind) = match page {
                    PageRef::Home => (&site.home, "site-title", site.config.title.as_str(), "home"),
                    PageRef::LessonsIndex => {
                        (&site.lessons_index, "nav-lessons", "Lessons", "lessons")
                    }
                    _ => (&site.badges_index, "nav-badges", "Badges", "badges"),
                };
                let title = section
                    .docs
                    .as_ref()
                    .and_then(|v| pick(v.for_lang(lang), &v.source, |m| m.title.as_ref()).cloned())
                    .unwrap_or_else(|| self.t(l, id, fallback));
                let mut ctx = self.base(job, l, here, &title, "");
                ctx.insert("kind", kind);
                match &section.docs {
                    Some(v) => self.insert_doc(&mut ctx, l, v),
                    None => {
                        ctx.insert("body", "");
                        ctx.insert("untranslated", &false);
                        ctx.insert("content_lang", &lang);
                    }
                }
                if page != PageRef::Home {
                    ctx.insert("breadcrumbs", &self.crumbs(l, here, &[PageRef::Home]));
                }
                if page == PageRef::BadgesIndex {
                    ctx.insert("badge_groups", &self.badge_groups(l, here));
                } else {
                    ctx.insert("units", &self.units_overview(l, here));
                }
                ctx.insert("lesson_count", &site.lesson_count());
                ctx.insert("badge_count", &site.badges.len());
                ctx
            }
            PageRef::Unit(u) => {
                let unit = &site.units[u];
                let doc = unit.doc.for_lang(lang);
                let summary = or_empty(pick(doc, &unit.doc.source, |m| m.summary.as_ref()));
                let mut ctx = self.base(job, l, here, &self.unit_title(u, lang), &summary);
                ctx.insert("kind", "unit");
                ctx.insert("summary", &summary);
                ctx.insert("unit_number", &(u + 1));
                self.insert_doc(&mut ctx, l, &unit.doc);
                ctx.insert(
                    "breadcrumbs",
                    &self.crumbs(l, here, &[PageRef::Home, PageRef::LessonsIndex]),
                );
                let lessons: Vec<LessonCard> = (0..unit.lessons.len())
                    .map(|li| self.lesson_card(l, (u, li), here))
                    .collect();
                ctx.insert("lessons", &lessons);
                ctx.insert(
                    "print_url",
                    &relative_url(here, &job_path(site, Job::UnitPrint(l, u))),
                );
                ctx
            }
            PageRef::Lesson(u, li) => {
                let lesson = &site.units[u].lessons[li];
                let src = &lesson.doc.source;
                let doc = lesson.doc.for_lang(lang);
                let summary = or_empty(pick(doc, src, |m| m.summary.as_ref()));
                let mut ctx = self.base(job, l, here, &self.lesson_title((u, li), lang), &summary);
                ctx.insert("kind", "lesson");
                ctx.insert("summary", &summary);
                ctx.insert("age", &pick(doc, src, |m| m.age.as_ref()));
                ctx.insert(
                    "duration_minutes",
                    &doc.meta.duration_minutes.or(src.meta.duration_minutes),
                );
                ctx.insert(
                    "subjects",
                    &pick(doc, src, |m| m.subjects.as_ref())
                        .cloned()
                        .unwrap_or_default(),
                );
                ctx.insert(
                    "objectives",
                    &pick(doc, src, |m| m.objectives.as_ref())
                        .cloned()
                        .unwrap_or_default(),
                );
                self.insert_doc(&mut ctx, l, &lesson.doc);
                ctx.insert(
                    "unit",
                    &Link {
                        title: self.unit_title(u, lang),
                        url: relative_url(here, &job_path(site, Job::Page(l, PageRef::Unit(u)))),
                    },
                );
                ctx.insert("unit_number", &(u + 1));
                ctx.insert("lesson_number", &(li + 1));
                ctx.insert(
                    "breadcrumbs",
                    &self.crumbs(
                        l,
                        here,
                        &[PageRef::Home, PageRef::LessonsIndex, PageRef::Unit(u)],
                    ),
                );
                let neighbour = |n: Option<(usize, usize)>| {
                    n.map(|at| Link {
                        title: self.lesson_title(at, lang),
                        url: relative_url(
                            here,
                            &job_path(site, Job::Page(l, PageRef::Lesson(at.0, at.1))),
                        ),
                    })
                };
                ctx.insert("prev", &neighbour(lesson.prev));
                ctx.insert("next", &neighbour(lesson.next));
                let badges: Vec<BadgeCard> = lesson
                    .badges
                    .iter()
                    .map(|&b| self.badge_card(l, b, here))
                    .collect();
                ctx.insert("badges", &badges);
                ctx
            }
            PageRef::Page(p) => {
                let page = &site.pages[p];
                let doc = page.doc.for_lang(lang);
                let summary = or_empty(pick(doc, &page.doc.source, |m| m.summary.as_ref()));
                let title = crate::render::menus::page_title(site, p, lang);
                let mut ctx = self.base(job, l, here, &title, &summary);
                ctx.insert("kind", "page");
                ctx.insert("summary", &summary);
                self.insert_doc(&mut ctx, l, &page.doc);
                ctx.insert("breadcrumbs", &self.crumbs(l, here, &[PageRef::Home]));
                ctx
            }
            PageRef::Badge(b) => {
                let badge = &site.badges[b];
                let src = &badge.doc.source;
                let doc = badge.doc.for_lang(lang);
                let card = self.badge_card(l, b, here);
                let mut ctx = self.base(job, l, here, &card.name, &card.description);
                ctx.insert("kind", "badge");
                ctx.insert("badge", &card);
                ctx.insert(
                    "criteria",
                    &pick(doc, src, |m| m.criteria.as_ref())
                        .cloned()
                        .unwrap_or_default(),
                );
                ctx.insert(
                    "tags",
                    &pick(doc, src, |m| m.tags.as_ref())
                        .cloned()
                        .unwrap_or_default(),
                );
                ctx.insert(
                    "alignment",
                    &pick(doc, src, |m| m.alignment.as_ref())
                        .cloned()
                        .unwrap_or_default(),
                );
                self.insert_doc(&mut ctx, l, &badge.doc);
                ctx.insert(
                    "breadcrumbs",
                    &self.crumbs(l, here, &[PageRef::Home, PageRef::BadgesIndex]),
                );
                // Lessons that count toward it, in unit order, grouped by unit.
                let mut groups: Vec<LessonGroup> = Vec::new();
                for &at in &badge.lessons {
                    let card = self.lesson_card(l, at, here);
                    match groups.last_mut() {
                        Some(g) if g.number == at.0 + 1 => g.lessons.push(card),
                        _ => {
                            let url = job_path(site, Job::Page(l, PageRef::Unit(at.0)));
                            groups.push(LessonGroup {
                                title: self.unit_title(at.0, lang),
                                url: relative_url(here, &url),
                                number: at.0 + 1,
                                lessons: vec![card],
                            });
                        }
                    }
                }
                ctx.insert("lesson_groups", &groups);
                ctx.insert(
                    "jsonld",
                    &crate::render::badges::jsonld(site, b, lang, here),
                );
                ctx.insert(
                    "machine",
                    &crate::render::badges::machine_links(site, b, lang, here),
                );
                ctx
            }
        }
    }

    fn badge_groups(&self, l: Lang, here: &str) -> Vec<serde_json::Value> {
        let lang = l;
        let site = self.site;
        let mut groups = Vec::new();
        let mut placed = vec![false; site.badges.len()];
        for (u, _) in site.units.iter().enumerate() {
            // A badge belongs to the unit of its first lesson; badges spanning units go last.
            let ids: Vec<usize> = (0..site.badges.len())
                .filter(|&b| !placed[b] && site.badges[b].units == [u])
                .collect();
            let badges: Vec<BadgeCard> = ids
                .iter()
                .map(|&b| {
                    placed[b] = true;
                    self.badge_card(l, b, here)
                })
                .collect();
            if !badges.is_empty() {
                let url = job_path(site, Job::Page(l, PageRef::Unit(u)));
                groups.push(serde_json::json!({
                    "title": self.unit_title(u, lang),
                    "url": relative_url(here, &url),
                    "number": u + 1,
                    "badges": badges,
                }));
            }
        }
        for (id, fallback, spans) in [
            ("badges-across-units", "Across units", true),
            ("badges-other", "Other badges", false),
        ] {
            let rest: Vec<BadgeCard> = (0..site.badges.len())
                .filter(|&b| !placed[b] && (site.badges[b].units.len() > 1) == spans)
                .map(|b| self.badge_card(l, b, here))
                .collect();
            if !rest.is_empty() {
                groups
                    .push(serde_json::json!({ "title": self.t(l, id, fallback), "badges": rest }));
            }
        }
        groups
    }
}
