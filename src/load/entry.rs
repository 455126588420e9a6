//! What loading gives: each content file as an [`Entry`] (its kind, language and parsed front
//! matter), and the assembled [`Content`] of a site. Shared by the walk (`load`) and the assembly
//! (`load::assemble`), so neither depends on the other's internals.

use crate::model::*;

/// What a content file is, from where it sits.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Home,
    LessonsIndex,
    BadgesIndex,
    Unit(String),
    Lesson(String, String),
    Badge(String),
    /// A page of `content/pages/`, by slug.
    Page(String),
}

/// A parsed Markdown file before grouping.
pub enum Parsed {
    Lesson(Doc<LessonMeta>),
    Section(Doc<SectionMeta>),
    Badge(Doc<BadgeMeta>),
    Page(Doc<PageMeta>),
}

impl Parsed {
    /// The file it was parsed from, relative to the site root.
    pub fn path(&self) -> &std::path::Path {
        match self {
            Parsed::Lesson(d) => &d.path,
            Parsed::Section(d) => &d.path,
            Parsed::Badge(d) => &d.path,
            Parsed::Page(d) => &d.path,
        }
    }
}

/// One parsed content file: what it is, its language suffix (none for the default language).
pub struct Entry {
    pub kind: Kind,
    pub lang: Option<String>,
    pub parsed: Parsed,
}

/// A site's content as `load_site` groups it.
pub struct Content {
    pub units: Vec<Unit>,
    pub badges: Vec<Badge>,
    pub pages: Vec<Page>,
    /// The home page, lessons overview and badge index texts.
    pub sections: [Section; 3],
    pub assets: Vec<Asset>,
}
