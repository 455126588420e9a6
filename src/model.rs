//! The `Site` model in the middle of the pipeline: what `load` fills in, `resolve` completes and
//! `render` reads. Plain data, no behaviour beyond small lookups and the one way to go through
//! every document of a site ([`Site::documents`], [`Document`]).

use crate::config::{Config, Lang};
use crate::load::locales::Locales;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::PathBuf;

/// Front matter of a lesson (SPEC §1). On a translation every key is optional and falls back.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct LessonMeta {
    pub title: Option<String>,
    pub summary: Option<String>,
    pub unit: Option<String>,
    pub order: Option<i64>,
    pub age: Option<String>,
    pub duration_minutes: Option<u32>,
    pub subjects: Option<Vec<String>>,
    pub objectives: Option<Vec<String>>,
    pub badges: Option<Vec<String>>,
    pub source_digest: Option<String>,
    pub draft: Option<bool>,
}

pub const LESSON_KEYS: &[&str] = &[
    "title",
    "summary",
    "unit",
    "order",
    "age",
    "duration_minutes",
    "subjects",
    "objectives",
    "badges",
    "source_digest",
    "draft",
];

/// Front matter of a unit's or section's `_index.md`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct SectionMeta {
    pub title: Option<String>,
    pub order: Option<i64>,
    pub summary: Option<String>,
    pub source_digest: Option<String>,
}

pub const SECTION_KEYS: &[&str] = &["title", "order", "summary", "source_digest"];

/// Front matter of a page (`content/pages/<slug>.md`). `menu` and `weight` belong to the
/// default-language file: a translation may repeat them, not change them (`load` checks it).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct PageMeta {
    pub title: Option<String>,
    pub summary: Option<String>,
    /// The menus the page is listed in (`menu: main`, or `menu: [main, footer]`), checked by `load`.
    pub menu: Option<Names>,
    /// Its place in those menus: lower first, ties by title.
    pub weight: Option<i64>,
    pub source_digest: Option<String>,
}

pub const PAGE_KEYS: &[&str] = &["title", "summary", "menu", "weight", "source_digest"];

/// A list of names that front matter may also write as one name (`menu: main`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Names(pub Vec<String>);

impl<'de> Deserialize<'de> for Names {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Names, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Names;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a name or a list of names (`main`, or `[main, footer]`)")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Names, E> {
                Ok(Names(vec![v.to_string()]))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut a: A) -> Result<Names, A::Error> {
                let mut out = Vec::new();
                while let Some(s) = a.next_element::<String>()? {
                    out.push(s);
                }
                Ok(Names(out))
            }
        }
        d.deserialize_any(V)
    }
}

/// A menu that pages can be listed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Menu {
    /// The header navigation, after the built-in items.
    Main,
    /// The footer.
    Footer,
}

impl Menu {
    pub const ALL: [Menu; 2] = [Menu::Main, Menu::Footer];

    /// Its name in front matter.
    pub fn key(self) -> &'static str {
        match self {
            Menu::Main => "main",
            Menu::Footer => "footer",
        }
    }
}

impl PageMeta {
    /// Whether the page is listed in `menu`.
    pub fn in_menu(&self, menu: Menu) -> bool {
        self.menu
            .as_ref()
            .is_some_and(|n| n.0.iter().any(|m| m == menu.key()))
    }
}

/// One alignment of a badge to a framework or a World Heritage criterion.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Alignment {
    pub name: String,
    pub url: String,
    pub description: Option<String>,
}

/// Front matter of a badge (SPEC §1).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct BadgeMeta {
    pub name: Option<String>,
    pub description: Option<String>,
    pub criteria: Option<Vec<String>>,
    pub image: Option<String>,
    pub tags: Option<Vec<String>>,
    pub alignment: Option<Vec<Alignment>>,
    pub source_digest: Option<String>,
}

pub const BADGE_KEYS: &[&str] = &[
    "name",
    "description",
    "criteria",
    "image",
    "tags",
    "alignment",
    "source_digest",
];

/// A rendered body's HTML or plain text. `check` and the dev server hold every document's at
/// once, so on a large site they keep them LZ4-compressed (about a third of the memory;
/// decompressing is far cheaper than rendering the page it goes into). `build` holds one
/// language's at a time and keeps them plain.
#[derive(Clone)]
pub enum Packed {
    Plain(String),
    Lz4(Vec<u8>),
}

impl Default for Packed {
    fn default() -> Self {
        Packed::Plain(String::new())
    }
}

impl Packed {
    pub fn new(text: String) -> Packed {
        Packed::Plain(text)
    }

    /// The same HTML, compressed.
    pub fn compressed(self) -> Packed {
        match self {
            Packed::Plain(s) if !s.is_empty() => {
                Packed::Lz4(lz4_flex::compress_prepend_size(s.as_bytes()))
            }
            other => other,
        }
    }

    /// The string.
    pub fn get(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Packed::Plain(s) => std::borrow::Cow::Borrowed(s),
            Packed::Lz4(bytes) => {
                std::borrow::Cow::Owned(match lz4_flex::decompress_size_prepended(bytes) {
                    // SAFETY: the bytes are exactly those `compressed` made from a `String` (LZ4 is
                    // lossless and the safe decoder either returns them or an error), so they are
                    // valid UTF-8; validating again would cost a pass over every page body.
                    Ok(b) => unsafe { String::from_utf8_unchecked(b) },
                    Err(_) => String::new(),
                })
            }
        }
    }
}

impl std::fmt::Debug for Packed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Packed::Plain(s) => write!(f, "Packed({} bytes)", s.len()),
            Packed::Lz4(b) => write!(f, "Packed({} compressed bytes)", b.len()),
        }
    }
}

/// What Markdown rendering produced for one document.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: Packed,
    /// The plain text, for search.
    pub text: Packed,
    pub headings: Vec<Heading>,
    pub has_code: bool,
    /// Links to other pages of the site, for anchor checks.
    pub links: Vec<InternalLink>,
    /// Co-located files the body links or embeds (output paths inside a language directory), for
    /// `check`'s unreferenced-asset warnings.
    pub assets: Vec<String>,
    /// `http(s)` links of the body, for `check --external`.
    pub external: Vec<ExternalLink>,
}

/// An `http://` or `https://` link in a body, where it was written.
#[derive(Debug, Clone)]
pub struct ExternalLink {
    pub url: String,
    pub line: usize,
    pub col: usize,
}

/// A page of the site that content can link to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PageRef {
    Home,
    LessonsIndex,
    BadgesIndex,
    Unit(usize),
    Lesson(usize, usize),
    Badge(usize),
    /// A page of `content/pages/` (index into `Site::pages`).
    Page(usize),
}

/// A link from a body to another page, with the `#fragment` it names (may be empty).
#[derive(Debug, Clone)]
pub struct InternalLink {
    pub to: PageRef,
    pub fragment: String,
    pub line: usize,
    pub col: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// One Markdown file (a default-language source or a translation) with its parsed front matter.
#[derive(Debug, Clone)]
pub struct Doc<M> {
    /// Path relative to the site root, for messages.
    pub path: PathBuf,
    pub lang: String,
    pub meta: M,
    /// The Markdown body, when loaded with it (`l10n`); a build leaves it empty and `resolve`
    /// reads it from the file when it renders the document, so that all sources are never held
    /// in memory at once.
    pub body: String,
    /// Whether `body` holds the body (else it is read from `path` when needed).
    pub body_loaded: bool,
    /// File line of the body's first line.
    pub body_line: usize,
    /// The raw front matter text (for source digests).
    pub front_matter: String,
    /// SHA-256 of this file's front matter and body (`l10n::stamp::digest`), computed only for
    /// sources that have stamped translations (empty otherwise).
    pub digest: String,
    /// On a translation: its `source_digest` differs from the source's current digest (set by `load`).
    pub stale: bool,
    /// Filled in by `resolve`.
    pub rendered: Rendered,
}

/// A default-language document with its translations by language code.
#[derive(Debug, Clone)]
pub struct Variants<M> {
    pub source: Doc<M>,
    pub translations: BTreeMap<String, Doc<M>>,
}

impl<M> Variants<M> {
    /// The document a reader of `lang` sees: the translation, or the source as fallback.
    pub fn for_lang(&self, lang: Lang) -> &Doc<M> {
        self.translations.get(lang.code()).unwrap_or(&self.source)
    }

    pub fn is_translated(&self, lang: Lang, default: Lang) -> bool {
        lang == default || self.translations.contains_key(lang.code())
    }

    /// Every file of the document: the source, then the translations by language code.
    pub fn all(&self) -> impl Iterator<Item = &Doc<M>> {
        std::iter::once(&self.source).chain(self.translations.values())
    }

    /// [`Variants::all`], to change them.
    pub fn all_mut(&mut self) -> impl Iterator<Item = &mut Doc<M>> {
        std::iter::once(&mut self.source).chain(self.translations.values_mut())
    }
}

/// Home page, lessons overview and badge index texts (all optional in a site).
#[derive(Debug, Clone)]
pub struct Section {
    pub docs: Option<Variants<SectionMeta>>,
}

#[derive(Debug, Clone)]
pub struct Lesson {
    pub slug: String,
    /// Index of its unit in `Site::units`.
    pub unit: usize,
    pub doc: Variants<LessonMeta>,
    /// Filled in by `resolve`: indices into `Site::badges`, in the order written.
    pub badges: Vec<usize>,
    /// Filled in by `resolve`: the previous and next lesson in reading order (unit, lesson).
    pub prev: Option<(usize, usize)>,
    pub next: Option<(usize, usize)>,
}

#[derive(Debug, Clone)]
pub struct Unit {
    /// Directory name under `content/lessons/`.
    pub dir: String,
    pub doc: Variants<SectionMeta>,
    pub lessons: Vec<Lesson>,
}

#[derive(Debug, Clone)]
pub struct Badge {
    pub id: String,
    pub doc: Variants<BadgeMeta>,
    /// Filled in by `resolve`: the lessons that count toward it, in unit order.
    pub lessons: Vec<(usize, usize)>,
    /// Filled in by `resolve`: the units of those lessons, for grouping the index.
    pub units: Vec<usize>,
}

/// A page of `content/pages/`: `<lang>/<slug>.html`.
#[derive(Debug, Clone)]
pub struct Page {
    /// The file name without `.md`.
    pub slug: String,
    pub doc: Variants<PageMeta>,
}

/// A file copied as it is: from `static/` (to the output root) or co-located in `content/`
/// (into every language directory).
#[derive(Debug, Clone)]
pub struct Asset {
    pub source: PathBuf,
    /// Output path relative to the language directory (content assets) or the output root.
    pub target: String,
    pub colocated: bool,
    /// From the theme's `static/` (copied after, and so over, the site's own `static/`).
    pub theme: bool,
}

/// The whole site: configuration, UI strings and content.
pub struct Site {
    pub config: Config,
    pub locales: std::sync::Arc<Locales>,
    pub home: Section,
    pub lessons_index: Section,
    pub badges_index: Section,
    pub units: Vec<Unit>,
    pub badges: Vec<Badge>,
    /// The pages of `content/pages/`, by slug.
    pub pages: Vec<Page>,
    pub assets: Vec<Asset>,
}

impl Site {
    pub fn lesson(&self, at: (usize, usize)) -> &Lesson {
        &self.units[at.0].lessons[at.1]
    }

    pub fn badge_index(&self, id: &str) -> Option<usize> {
        self.badges.iter().position(|b| b.id == id)
    }

    pub fn lesson_count(&self) -> usize {
        self.units.iter().map(|u| u.lessons.len()).sum()
    }
}

/// Effective value of an optional front-matter key on a translation: its own, else the source's.
pub fn pick<'a, M, T: ?Sized>(
    doc: &'a Doc<M>,
    source: &'a Doc<M>,
    get: impl Fn(&'a M) -> Option<&'a T>,
) -> Option<&'a T> {
    get(&doc.meta).or_else(|| get(&source.meta))
}

impl Site {
    /// Whether `lang` has page `page` translated (the default language has every page; so has a
    /// language every overview without a text).
    pub fn is_translated(&self, page: PageRef, lang: Lang) -> bool {
        let d = self.config.default_lang();
        self.document(page)
            .is_none_or(|doc| with_variants!(doc, v => v.is_translated(lang, d)))
    }

    /// Every document of the site with its page, in [`documents`]'s order.
    pub fn documents(&self) -> impl Iterator<Item = (PageRef, DocumentRef<'_>)> {
        let sections = [&self.home, &self.lessons_index, &self.badges_index];
        documents(sections, &self.units, &self.badges, &self.pages)
    }

    /// Every document of the site with its page, to change them, in [`documents`]'s order.
    pub fn documents_mut(&mut self) -> impl Iterator<Item = (PageRef, DocumentMut<'_>)> {
        self.documents_in_mut(0..self.units.len(), true)
    }

    /// The documents of the units in `units` (each unit's own and its lessons') and, with `rest`,
    /// those of the overviews, the badges and the pages; in [`documents`]'s order.
    pub fn documents_in_mut(
        &mut self,
        units: Range<usize>,
        rest: bool,
    ) -> impl Iterator<Item = (PageRef, DocumentMut<'_>)> {
        let sections = [
            (PageRef::Home, &mut self.home),
            (PageRef::LessonsIndex, &mut self.lessons_index),
            (PageRef::BadgesIndex, &mut self.badges_index),
        ]
        .into_iter()
        .filter(move |_| rest)
        .filter_map(|(p, s)| Some((p, Document::Section(s.docs.as_mut()?))));
        let first = units.start;
        let units = self.units[units]
            .iter_mut()
            .enumerate()
            .flat_map(move |(k, unit)| {
                let u = first + k;
                let lessons = unit.lessons.iter_mut().enumerate();
                std::iter::once((PageRef::Unit(u), Document::Section(&mut unit.doc))).chain(
                    lessons
                        .map(move |(l, x)| (PageRef::Lesson(u, l), Document::Lesson(&mut x.doc))),
                )
            });
        let badges = if rest { &mut self.badges[..] } else { &mut [] };
        let badges = badges
            .iter_mut()
            .enumerate()
            .map(|(b, x)| (PageRef::Badge(b), Document::Badge(&mut x.doc)));
        let pages = if rest { &mut self.pages[..] } else { &mut [] };
        let pages = pages
            .iter_mut()
            .enumerate()
            .map(|(p, x)| (PageRef::Page(p), Document::Page(&mut x.doc)));
        sections.chain(units).chain(badges).chain(pages)
    }

    /// The document of page `page`; `None` for an overview without a text.
    pub fn document(&self, page: PageRef) -> Option<DocumentRef<'_>> {
        Some(match page {
            PageRef::Lesson(u, l) => Document::Lesson(&self.units[u].lessons[l].doc),
            PageRef::Unit(u) => Document::Section(&self.units[u].doc),
            PageRef::Badge(b) => Document::Badge(&self.badges[b].doc),
            PageRef::Page(p) => Document::Page(&self.pages[p].doc),
            PageRef::Home => Document::Section(self.home.docs.as_ref()?),
            PageRef::LessonsIndex => Document::Section(self.lessons_index.docs.as_ref()?),
            PageRef::BadgesIndex => Document::Section(self.badges_index.docs.as_ref()?),
        })
    }

    /// The document of page `page`, to change it; `None` for an overview without a text.
    pub fn document_mut(&mut self, page: PageRef) -> Option<DocumentMut<'_>> {
        Some(match page {
            PageRef::Lesson(u, l) => Document::Lesson(&mut self.units[u].lessons[l].doc),
            PageRef::Unit(u) => Document::Section(&mut self.units[u].doc),
            PageRef::Badge(b) => Document::Badge(&mut self.badges[b].doc),
            PageRef::Page(p) => Document::Page(&mut self.pages[p].doc),
            PageRef::Home => Document::Section(self.home.docs.as_mut()?),
            PageRef::LessonsIndex => Document::Section(self.lessons_index.docs.as_mut()?),
            PageRef::BadgesIndex => Document::Section(self.badges_index.docs.as_mut()?),
        })
    }
}

/// One document of the site (a page's default-language source and its translations), whatever
/// its kind of front matter. [`with_variants!`] runs the same code on any of them.
#[derive(Debug)]
pub enum Document<S, L, B, P> {
    /// A unit, the home page, or the lessons or badges overview.
    Section(S),
    Lesson(L),
    Badge(B),
    /// A page of `content/pages/`.
    Page(P),
}

/// A document to read, as [`Site::documents`] yields them.
pub type DocumentRef<'a> = Document<
    &'a Variants<SectionMeta>,
    &'a Variants<LessonMeta>,
    &'a Variants<BadgeMeta>,
    &'a Variants<PageMeta>,
>;

/// A document to change, as [`Site::documents_mut`] yields them.
pub type DocumentMut<'a> = Document<
    &'a mut Variants<SectionMeta>,
    &'a mut Variants<LessonMeta>,
    &'a mut Variants<BadgeMeta>,
    &'a mut Variants<PageMeta>,
>;

/// `with_variants!(doc, v => expr)`: `expr` with `v` bound to the `Variants` inside the
/// [`Document`] `doc`, whichever its front-matter type (code generic over `M` works on all four).
macro_rules! with_variants {
    ($doc:expr, $v:ident => $body:expr) => {
        match $doc {
            $crate::model::Document::Section($v) => $body,
            $crate::model::Document::Lesson($v) => $body,
            $crate::model::Document::Badge($v) => $body,
            $crate::model::Document::Page($v) => $body,
        }
    };
}
pub(crate) use with_variants;

/// Every document, with its page, of a site made of `sections` (home, lessons overview, badges
/// overview: those with a text), `units`, `badges` and `pages`, in one order: the overviews, each
/// unit followed by its lessons, the badges, the pages.
pub fn documents<'a>(
    sections: [&'a Section; 3],
    units: &'a [Unit],
    badges: &'a [Badge],
    pages: &'a [Page],
) -> impl Iterator<Item = (PageRef, DocumentRef<'a>)> {
    let overviews = [PageRef::Home, PageRef::LessonsIndex, PageRef::BadgesIndex];
    let sections = overviews
        .into_iter()
        .zip(sections)
        .filter_map(|(p, s)| Some((p, Document::Section(s.docs.as_ref()?))));
    let units = units.iter().enumerate().flat_map(|(u, unit)| {
        let lessons = unit.lessons.iter().enumerate();
        std::iter::once((PageRef::Unit(u), Document::Section(&unit.doc)))
            .chain(lessons.map(move |(l, x)| (PageRef::Lesson(u, l), Document::Lesson(&x.doc))))
    });
    let badges = badges
        .iter()
        .enumerate()
        .map(|(b, x)| (PageRef::Badge(b), Document::Badge(&x.doc)));
    let pages = pages
        .iter()
        .enumerate()
        .map(|(p, x)| (PageRef::Page(p), Document::Page(&x.doc)));
    sections.chain(units).chain(badges).chain(pages)
}

/// A titled link as pages show it (navigation, language alternates).
#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub title: String,
    pub url: String,
}

#[cfg(test)]
mod tests {
    use super::Packed;

    #[test]
    fn compressed_html_round_trips() {
        let text = "<p>Kuršių nerija – “dunes” &amp; <em>people</em></p>\n".repeat(50);
        let html = Packed::new(text.clone()).compressed();
        assert!(matches!(html, Packed::Lz4(_)));
        assert_eq!(html.get(), text);
        assert_eq!(Packed::new(String::new()).compressed().get(), "");
    }
}
