//! The pages a site has: one [`Job`] per output page, with its path and its template. Contexts are
//! `pages`'s, the order of rendering `parts`'s.

use crate::config::Lang;
use crate::model::{PageRef, Site};
use crate::resolve::paths::page_path;

/// A page to render: a language and what the page is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    Page(Lang, PageRef),
    Search(Lang),
    /// All lessons of a unit on one page, for printing (language, unit).
    UnitPrint(Lang, usize),
    NotFound(Lang),
    RootIndex,
    RootNotFound,
}

impl Job {
    /// The page's language; `None` for the root pages, which stand before any.
    pub fn lang(self) -> Option<Lang> {
        match self {
            Job::Page(l, _) | Job::Search(l) | Job::UnitPrint(l, _) | Job::NotFound(l) => Some(l),
            Job::RootIndex | Job::RootNotFound => None,
        }
    }
}

/// The output path of a job, from the output root.
pub fn job_path(site: &Site, job: Job) -> String {
    match job {
        Job::Page(l, p) => format!("{l}/{}", page_path(site, p)),
        Job::Search(l) => format!("{l}/search.html"),
        Job::UnitPrint(l, u) => format!("{l}/lessons/{}/print.html", site.units[u].dir),
        Job::NotFound(l) => format!("{l}/404.html"),
        Job::RootIndex => "index.html".into(),
        Job::RootNotFound => "404.html".into(),
    }
}

/// The template a job renders with.
pub fn job_template(job: Job) -> &'static str {
    match job {
        Job::Page(_, PageRef::Home) => "home.html",
        Job::Page(_, PageRef::LessonsIndex) => "lessons.html",
        Job::Page(_, PageRef::BadgesIndex) => "badges.html",
        Job::Page(_, PageRef::Unit(_)) => "unit.html",
        Job::Page(_, PageRef::Lesson(..)) => "lesson.html",
        Job::Page(_, PageRef::Badge(_)) => "badge.html",
        Job::Page(_, PageRef::Page(_)) => "page.html",
        Job::Search(_) => "search.html",
        Job::UnitPrint(..) => "print.html",
        Job::NotFound(_) | Job::RootNotFound => "404.html",
        Job::RootIndex => "index.html",
    }
}

/// The pages that belong to no language: the root language chooser and the root 404.
pub const ROOT_JOBS: [Job; 2] = [Job::RootIndex, Job::RootNotFound];
