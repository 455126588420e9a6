//! The "print the whole unit" page, `<lang>/lessons/<unit>/print.html`: every lesson of a unit on
//! one page, in reading order, for a teacher who wants the unit as one handout. This module owns
//! that page's lesson list; `pages` adds the shared context and `templates/print.html` lays it out.
//!
//! The page sits in the same directory as the lessons, so the links in their already-rendered
//! bodies stay valid as they are. Heading and footnote ids would repeat from lesson to lesson
//! (every lesson has an `#activity`), so each lesson's ids and same-page links get the lesson's
//! slug as a prefix.

use crate::config::Lang;
use crate::model::{pick, PageRef, Site};
use crate::resolve::page_list::{job_path, Job};
use crate::resolve::paths::relative_url;
use serde::Serialize;

/// One lesson as the print page shows it.
#[derive(Serialize)]
pub struct PrintLesson {
    /// The lesson's slug: the id of its section and the prefix of the ids inside it.
    pub id: String,
    pub title: String,
    pub summary: String,
    pub age: Option<String>,
    pub duration_minutes: Option<u32>,
    pub subjects: Vec<String>,
    pub objectives: Vec<String>,
    pub body: String,
    pub untranslated: bool,
    /// A translation whose source changed since it was translated.
    pub stale: bool,
    /// The lesson's page in the default language (for the stale notice), relative to this page.
    pub original_url: String,
    pub content_lang: String,
    pub content_dir: &'static str,
}

/// The lessons of unit `u` for a reader of `lang`, on the print page at `here` (its output path).
pub fn lessons(site: &Site, lang: Lang, u: usize, here: &str) -> Vec<PrintLesson> {
    let dl = site.config.default_lang();
    site.units[u]
        .lessons
        .iter()
        .enumerate()
        .map(|(i, lesson)| {
            let v = &lesson.doc;
            let src = &v.source;
            let doc = v.for_lang(lang);
            let text = |s: Option<&String>| s.cloned().unwrap_or_default();
            PrintLesson {
                id: lesson.slug.clone(),
                title: text(pick(doc, src, |m| m.title.as_ref())),
                summary: text(pick(doc, src, |m| m.summary.as_ref())),
                age: pick(doc, src, |m| m.age.as_ref()).cloned(),
                duration_minutes: doc.meta.duration_minutes.or(src.meta.duration_minutes),
                subjects: pick(doc, src, |m| m.subjects.as_ref())
                    .cloned()
                    .unwrap_or_default(),
                objectives: pick(doc, src, |m| m.objectives.as_ref())
                    .cloned()
                    .unwrap_or_default(),
                body: prefix_ids(&doc.rendered.html.get(), &format!("{}--", lesson.slug)),
                untranslated: !v.is_translated(lang, site.config.default_lang()),
                stale: v.translations.get(lang.code()).is_some_and(|t| t.stale),
                original_url: relative_url(
                    here,
                    &job_path(site, Job::Page(dl, PageRef::Lesson(u, i))),
                ),
                content_lang: doc.lang.clone(),
                content_dir: site
                    .config
                    .language(&doc.lang)
                    .map(|x| x.dir)
                    .unwrap_or("ltr"),
            }
        })
        .collect()
}

/// Prefixes every `id="…"` and every same-page `href="#…"` inside the tags of `html` with
/// `prefix`. Text between tags is left alone (a literal `<` in text is always escaped as `&lt;`).
pub fn prefix_ids(html: &str, prefix: &str) -> String {
    // In rendered Markdown a `"` in text is always escaped as `&quot;`, so `="` only occurs inside
    // tags, where it starts an attribute value. One pass over the `=` signs.
    let mut out = String::with_capacity(html.len() + 512);
    let mut rest = html;
    while let Some(eq) = memchr::memchr(b'=', rest.as_bytes()) {
        let value = eq + 2;
        if !rest[eq + 1..].starts_with('"') {
            out.push_str(&rest[..eq + 1]);
            rest = &rest[eq + 1..];
            continue;
        }
        let name = &rest[..eq];
        let at = if name.ends_with(" id") {
            Some(value)
        } else if name.ends_with(" href") && rest[value..].starts_with('#') {
            Some(value + 1)
        } else {
            None
        };
        let cut = at.unwrap_or(value);
        out.push_str(&rest[..cut]);
        if at.is_some() {
            out.push_str(prefix);
        }
        rest = &rest[cut..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::prefix_ids;

    #[test]
    fn prefixes_ids_and_fragment_links_only_inside_tags() {
        let html = "<h2 id=\"activity\">Activity</h2>\n<p>See <a href=\"#activity\">above</a>, \
                    <a href=\"x.html#activity\">there</a> and id=&quot;text&quot;.<sup class=\"footnote-reference\"><a href=\"#1\">1</a></sup></p>\n\
                    <div class=\"footnote-definition\" id=\"1\">";
        let out = prefix_ids(html, "spit--");
        assert_eq!(
            out,
            "<h2 id=\"spit--activity\">Activity</h2>\n<p>See <a href=\"#spit--activity\">above</a>, \
             <a href=\"x.html#activity\">there</a> and id=&quot;text&quot;.<sup class=\"footnote-reference\"><a href=\"#spit--1\">1</a></sup></p>\n\
             <div class=\"footnote-definition\" id=\"spit--1\">"
        );
        // Text with `=` signs, an empty fragment, a tag ending the input.
        assert_eq!(
            prefix_ids("<p>a = b, c=d</p><a href=\"#\">top</a><hr id=\"x\">", "p--"),
            "<p>a = b, c=d</p><a href=\"#p--\">top</a><hr id=\"p--x\">"
        );
        assert_eq!(prefix_ids("x=", "p--"), "x=");
    }
}
