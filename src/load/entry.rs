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
}

/// A parsed Markdown file before grouping.
pub enum Parsed {
    Lesson(Doc<LessonMeta>),
    Section(Doc<SectionMeta>),
    Badge(Doc<BadgeMeta>),
}

/// One parsed content file: what it is, its language suffix (none for the default language).
pub struct Entry {
    pub kind: Kind,
    pub lang: Option<String>,
    pub parsed: Parsed,
}

/// Units, badges, the home/lessons/badges sections and assets, as `load_site` groups them.
pub type Content = (Vec<Unit>, Vec<Badge>, [Section; 3], Vec<Asset>);
