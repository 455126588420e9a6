//! How `build` slices one language into parts: a part's Markdown is rendered, its pages and
//! search entries written, and its HTML freed before the next part's Markdown is rendered, so a
//! large site never holds more than a part's HTML and text (plus the default-language documents
//! kept as fallbacks of missing translations).

use crate::config::Lang;
use crate::model::{PageRef, Site};
use crate::resolve::page_list::Job;
use std::ops::Range;

/// A slice of a language's documents and the pages made from them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// These units: their pages, print pages and lessons.
    units: Range<usize>,
    /// Whether the part also holds everything else (the last part does): the home page, the
    /// lesson and badge overviews, the badges, the pages of `content/pages/`, the search and 404
    /// pages. Their bodies are the sections', the badges' and the pages'.
    pub rest: bool,
}

/// About how many documents a part holds by default. Smaller parts hold less memory; every part
/// ends with a wait for its slowest page, so much smaller parts leave cores idle.
pub const PART_DOCS: usize = 2_000;

/// The parts of every language, in order: units in reading order, each part ending with the unit
/// that brings it to `max_docs` documents or more, then the rest.
pub fn parts(site: &Site, max_docs: usize) -> Vec<Part> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut docs = 0;
    for (u, unit) in site.units.iter().enumerate() {
        docs += 1 + unit.lessons.len();
        if docs >= max_docs {
            parts.push(Part {
                units: start..u + 1,
                rest: false,
            });
            start = u + 1;
            docs = 0;
        }
    }
    // The rest joins the last units: one wait fewer for a part's slowest page.
    match parts.last_mut() {
        Some(last) if start == site.units.len() => last.rest = true,
        _ => parts.push(Part {
            units: start..site.units.len(),
            rest: true,
        }),
    }
    parts
}

impl Part {
    /// The units of this part.
    pub fn units(&self) -> Range<usize> {
        self.units.clone()
    }

    /// The pages of language `l` in this part.
    pub fn jobs(&self, site: &Site, l: Lang) -> Vec<Job> {
        let mut jobs = Vec::new();
        if self.rest {
            // First: the overviews and badge pages are the largest pages, not to be left for last.
            jobs.extend([
                Job::Page(l, PageRef::Home),
                Job::Page(l, PageRef::LessonsIndex),
                Job::Page(l, PageRef::BadgesIndex),
                Job::Search(l),
                Job::NotFound(l),
            ]);
            jobs.extend((0..site.badges.len()).map(|b| Job::Page(l, PageRef::Badge(b))));
            jobs.extend((0..site.pages.len()).map(|p| Job::Page(l, PageRef::Page(p))));
        }
        for u in self.units.clone() {
            jobs.push(Job::Page(l, PageRef::Unit(u)));
            jobs.push(Job::UnitPrint(l, u));
            for li in 0..site.units[u].lessons.len() {
                jobs.push(Job::Page(l, PageRef::Lesson(u, li)));
            }
        }
        jobs
    }
}

/// Every page of the site, in a stable order.
pub fn all_jobs(site: &Site) -> Vec<Job> {
    let mut jobs = crate::resolve::page_list::ROOT_JOBS.to_vec();
    for l in site.config.langs() {
        jobs.extend(language_jobs(site, l));
    }
    jobs
}

/// Every page of language `l`, part by part.
pub fn language_jobs(site: &Site, l: Lang) -> Vec<Job> {
    parts(site, PART_DOCS)
        .iter()
        .flat_map(|p| p.jobs(site, l))
        .collect()
}
