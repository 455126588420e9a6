//! Offline search: one index per language, written at build time as `<lang>/search-index.js` (a
//! script that assigns a global, because `fetch` of a JSON file fails on `file://`), and read by the
//! theme's `assets/search.js` on `<lang>/search.html`.
//!
//! The index is built from what `resolve` already produced (`Rendered::text` and headings, front
//! matter titles and summaries); neither Markdown nor HTML is parsed again. It is a compact inverted index:
//!
//! ```text
//! window.PAVELDAS_SEARCH = {
//!   "v": 1, "lang": "lt", "chunk": 25,
//!   "docs":  [[url, title, context, summary], ...],   // url relative to the language dir
//!   "terms": ["kopos", "kursiu", ...],                // folded, sorted by UTF-16 units
//!   "post":  [[doc, value, doc, value, ...], ...]    // per term; doc ids delta-coded
//! }
//! ```
//!
//! The plain text that result snippets are cut from is most of the bytes, so it is kept out of the
//! index, in `search-text-<k>.js` files of `chunk` pages each (`window.PAVELDAS_SEARCH_TEXT[k] =
//! [text, ...]`), which the page loads with a `<script>` only for the results it shows.
//!
//! A posting's `value` is `min(tf, 31) * 8 + fields`, where `fields` has bit 4 for the title, bit 2
//! for a heading, the summary or the unit, and bit 1 for the body; `tf` counts body occurrences.
//!
//! Terms are folded with [`fold`]: canonical decomposition (NFD), combining marks dropped, lower
//! case, and a few letters without a decomposition mapped by hand (`ł` → `l`, `ß` → `ss`). The
//! client folds queries and texts the same way, character by character, so `kursiu` finds `Kuršių`
//! and `eglise` finds `église`. Building is linear in the size of the text plus a sort of the terms.

pub mod words;

use crate::config::Lang;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{pick, Doc, PageRef, Site};
use crate::output::Staging;
pub use crate::render::search::words::{fold, fold_char, tokens};
use crate::render::search::words::{fold_into, for_each_word};
use crate::resolve::batches::Part;
use crate::resolve::paths::page_path;
use hashbrown::HashTable;
use rayon::prelude::*;
use serde::Serialize;

/// The global the index script assigns.
pub const GLOBAL: &str = "PAVELDAS_SEARCH";
/// The index file inside each language directory.
pub const FILE: &str = "search-index.js";
/// The global the text chunk scripts fill in.
pub const TEXT_GLOBAL: &str = "PAVELDAS_SEARCH_TEXT";
/// Pages per text chunk: small enough that the snippets of a page of results load little.
pub const CHUNK: usize = 25;

const TITLE: u32 = 4;
const HEADING: u32 = 2;
const BODY: u32 = 1;
const MAX_TF: u32 = 31;

/// One searchable page before indexing: its fields, and its body's plain text (with `extra`
/// before it) made while indexing, in parallel.
struct Entry<'a> {
    url: String,
    title: String,
    context: String,
    summary: String,
    headings: Vec<String>,
    body: &'a crate::model::Packed,
    extra: String,
}

impl Entry<'_> {
    fn text(&self) -> String {
        let body = self.body.get();
        if self.extra.is_empty() {
            body.into_owned()
        } else {
            format!("{} {body}", self.extra)
        }
    }
}

/// The serialized index of one language.
#[derive(Serialize)]
struct IndexFile<'a> {
    v: u32,
    lang: Lang,
    chunk: usize,
    docs: Vec<(&'a str, &'a str, &'a str, &'a str)>,
    terms: Vec<String>,
    post: Vec<Vec<u32>>,
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The pages of language `lang` in `part` worth finding: a part's lessons in reading order, then
/// its units; the badges and the pages of `content/pages/` in the last part.
fn entries<'a>(site: &'a Site, lang: Lang, part: &Part) -> Vec<Entry<'a>> {
    let t = |id: &str, fallback: &str| site.locales.text_or(lang.code(), id, fallback);
    let unit_label = |u: usize| {
        let mut args = fluent_bundle::FluentArgs::new();
        args.set("number", u as f64 + 1.0);
        site.locales
            .format(lang.code(), "unit-label", Some(&args))
            .unwrap_or_else(|_| format!("{}", u + 1))
    };
    let unit_title = |u: usize| {
        let v = &site.units[u].doc;
        pick(v.for_lang(lang), &v.source, |m| m.title.as_ref())
            .cloned()
            .unwrap_or_else(|| site.units[u].dir.clone())
    };
    fn headings_and_text<M>(doc: &Doc<M>) -> (Vec<String>, &crate::model::Packed) {
        let r = &doc.rendered;
        (r.headings.iter().map(|h| h.text.clone()).collect(), &r.text)
    }
    let mut out = Vec::new();
    for u in part.units() {
        let unit = &site.units[u];
        let context = format!("{}: {}", unit_label(u), unit_title(u));
        for (l, lesson) in unit.lessons.iter().enumerate() {
            let v = &lesson.doc;
            let doc = v.for_lang(lang);
            let (headings, body) = headings_and_text(doc);
            out.push(Entry {
                url: page_path(site, PageRef::Lesson(u, l)),
                title: squash(pick(doc, &v.source, |m| m.title.as_ref()).map_or("", |s| s)),
                context: context.clone(),
                summary: squash(pick(doc, &v.source, |m| m.summary.as_ref()).map_or("", |s| s)),
                headings,
                body,
                extra: String::new(),
            });
        }
    }
    for u in part.units() {
        let v = &site.units[u].doc;
        let doc = v.for_lang(lang);
        let (headings, body) = headings_and_text(doc);
        out.push(Entry {
            url: page_path(site, PageRef::Unit(u)),
            title: squash(&unit_title(u)),
            context: unit_label(u),
            summary: squash(pick(doc, &v.source, |m| m.summary.as_ref()).map_or("", |s| s)),
            headings,
            body,
            extra: String::new(),
        });
    }
    if !part.rest {
        return out;
    }
    let badges = t("nav-badges", "Badges");
    for (b, badge) in site.badges.iter().enumerate() {
        let v = &badge.doc;
        let doc = v.for_lang(lang);
        let (headings, body) = headings_and_text(doc);
        let extra = pick(doc, &v.source, |m| m.criteria.as_ref())
            .map(|c| squash(&c.join(" ")))
            .unwrap_or_default();
        out.push(Entry {
            url: page_path(site, PageRef::Badge(b)),
            title: squash(pick(doc, &v.source, |m| m.name.as_ref()).map_or("", |s| s)),
            context: badges.clone(),
            summary: squash(pick(doc, &v.source, |m| m.description.as_ref()).map_or("", |s| s)),
            headings,
            body,
            extra,
        });
    }
    let site_title = t("site-title", &site.config.title);
    for (p, page) in site.pages.iter().enumerate() {
        let v = &page.doc;
        let doc = v.for_lang(lang);
        let (headings, body) = headings_and_text(doc);
        out.push(Entry {
            url: page_path(site, PageRef::Page(p)),
            title: squash(pick(doc, &v.source, |m| m.title.as_ref()).map_or("", |s| s)),
            context: site_title.clone(),
            summary: squash(pick(doc, &v.source, |m| m.summary.as_ref()).map_or("", |s| s)),
            headings,
            body,
            extra: String::new(),
        });
    }
    out
}

/// The words of one page: the folded text of all its fields, and each distinct word as a byte
/// range into it with its hash and its posting value (`min(tf, 31) * 8 + fields`), in no order.
/// Ranges instead of owned strings: a large site has millions of (page, word) pairs.
struct PageWords {
    folded: String,
    words: Vec<PageWord>,
}

/// One distinct word of a page.
#[derive(Clone, Copy)]
struct PageWord {
    at: u32,
    len: u32,
    /// [`word_hash`] of the word: computed once, used by the page's table and the index's.
    hash: u64,
    value: u32,
}

impl PageWords {
    fn word(&self, w: &PageWord) -> &str {
        &self.folded[w.at as usize..(w.at + w.len) as usize]
    }

    #[cfg(test)]
    fn iter(&self) -> impl Iterator<Item = (&str, u32)> {
        self.words.iter().map(|w| (self.word(w), w.value))
    }
}

fn word_hash(word: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(word)
}

/// A word being counted on a page: where it first is, its hash, fields seen and body count.
struct Counting {
    at: u32,
    len: u32,
    hash: u64,
    fields: u32,
    tf: u32,
}

/// `table` is scratch space, reused from page to page (it is cleared first).
fn page_words(e: &Entry, text: &str, table: &mut HashTable<Counting>) -> PageWords {
    // Fold every field into one string, remembering where each field's text is.
    let mut folded = String::with_capacity(text.len() + 256);
    let mut fields: Vec<(usize, usize, u32)> = Vec::with_capacity(e.headings.len() + 4);
    let mut add = |s: &str, field: u32, folded: &mut String| {
        let start = folded.len();
        fold_into(s, folded);
        fields.push((start, folded.len(), field));
        folded.push(' ');
    };
    add(&e.title, TITLE, &mut folded);
    for h in e.headings.iter().chain([&e.summary, &e.context]) {
        add(h, HEADING, &mut folded);
    }
    add(text, BODY, &mut folded);
    table.clear();
    for &(start, end, field) in &fields {
        for_each_word(&folded[start..end], |a, b| {
            let (a, b) = (start + a, start + b);
            let word = &folded[a..b];
            let hash = word_hash(word);
            let same = |x: &Counting| &folded[x.at as usize..(x.at + x.len) as usize] == word;
            let x = table
                .entry(hash, same, |x| x.hash)
                .or_insert(Counting {
                    at: a as u32,
                    len: (b - a) as u32,
                    hash,
                    fields: 0,
                    tf: 0,
                })
                .into_mut();
            x.fields |= field;
            if field == BODY {
                x.tf += 1;
            }
        });
    }
    // In no particular order: postings are appended per word, so the index does not depend on it.
    let words = table
        .iter()
        .map(|x| PageWord {
            at: x.at,
            len: x.len,
            hash: x.hash,
            value: x.tf.min(MAX_TF) * 8 + x.fields,
        })
        .collect();
    PageWords { folded, words }
}

/// A term of the index being built: its postings, delta-coded, and the last page in them.
struct Term {
    word: String,
    hash: u64,
    last: u32,
    postings: Vec<u32>,
}

/// Pages tokenized at once: a multiple of [`CHUNK`], small enough that a batch's texts and word
/// lists stay a few megabytes however large the site is.
const BATCH: usize = CHUNK * 20;

/// The search index of one language being built, part by part ([`crate::resolve::batches`]): each part's
/// pages are tokenized (in parallel, batch by batch) and their text chunks written as they fill;
/// [`Index::finish`] writes the index script.
pub struct Index {
    lang: Lang,
    /// The terms so far, by [`word_hash`].
    terms: HashTable<Term>,
    /// Per document: url, title, context, summary.
    docs: Vec<[String; 4]>,
    /// Texts of documents not yet written in a full chunk.
    texts: Vec<String>,
    files: usize,
}

impl Index {
    pub fn new(lang: Lang) -> Index {
        Index {
            lang,
            terms: HashTable::new(),
            docs: Vec::new(),
            texts: Vec::new(),
            files: 0,
        }
    }

    fn write(&self, staging: &Staging, name: &str, bytes: &[u8]) -> Result<(), Diagnostic> {
        let path = format!("{}/{name}", self.lang);
        staging.write(&path, bytes).map_err(|e| {
            Diagnostic::error(&path, format!("cannot write the search index: {e}"))
                .hint("check free disk space and permissions of the output's parent")
        })
    }

    /// Adds the pages of `part`, whose documents must be resolved.
    pub fn add(&mut self, site: &Site, part: &Part, staging: &Staging) -> Result<(), Diagnostic> {
        let entries = entries(site, self.lang, part);
        for batch in entries.chunks(BATCH) {
            let pages: Vec<(String, PageWords)> = batch
                .par_iter()
                .map_init(HashTable::new, |table, e| {
                    let text = e.text();
                    let words = page_words(e, &text, table);
                    (text, words)
                })
                .collect();
            for (e, (text, words)) in batch.iter().zip(pages) {
                let id = self.docs.len() as u32;
                for w in &words.words {
                    let word = words.word(w);
                    let term = match self.terms.find_mut(w.hash, |t| t.word == word) {
                        Some(t) => t,
                        None => {
                            let t = Term {
                                word: word.to_string(),
                                hash: w.hash,
                                last: 0,
                                postings: Vec::new(),
                            };
                            self.terms.insert_unique(w.hash, t, |t| t.hash).into_mut()
                        }
                    };
                    term.postings.push(id - term.last);
                    term.postings.push(w.value);
                    term.last = id;
                }
                let row = [&e.url, &e.title, &e.context, &e.summary].map(String::clone);
                self.docs.push(row);
                self.texts.push(text);
            }
            self.write_chunks(staging, false)?;
        }
        Ok(())
    }

    /// Writes the full text chunks held (with `all`, the last partial one too), in parallel.
    fn write_chunks(&mut self, staging: &Staging, all: bool) -> Result<(), Diagnostic> {
        let full = if all {
            self.texts.len()
        } else {
            self.texts.len() / CHUNK * CHUNK
        };
        if full == 0 {
            return Ok(());
        }
        let first = (self.docs.len() - self.texts.len()) / CHUNK;
        let chunks: Vec<Vec<u8>> = self.texts[..full]
            .par_chunks(CHUNK)
            .enumerate()
            .map(|(k, c)| {
                let k = first + k;
                let head = format!("(window.{TEXT_GLOBAL} = window.{TEXT_GLOBAL} || {{}})[{k}] = ");
                // JSON text: the texts, quotes and commas, a little escaping.
                let size = c.iter().map(|t| t.len() + t.len() / 32 + 3).sum();
                script(&head, &c, size)
            })
            .collect();
        for (k, bytes) in chunks.iter().enumerate() {
            self.write(staging, &chunk_file(first + k), bytes)?;
            self.files += 1;
        }
        self.texts.drain(..full);
        Ok(())
    }

    /// Writes the last text chunk and the index script. Returns the number of files written.
    pub fn finish(mut self, staging: &Staging) -> Result<usize, Diagnostic> {
        self.write_chunks(staging, true)?;
        let mut terms: Vec<(String, Vec<u32>)> = std::mem::take(&mut self.terms)
            .into_iter()
            .map(|t| (t.word, t.postings))
            .collect();
        sort_terms(&mut terms);
        let (terms, post): (Vec<String>, Vec<Vec<u32>>) = terms.into_iter().unzip();
        let docs = self
            .docs
            .iter()
            .map(|[u, t, c, s]| (u.as_str(), t.as_str(), c.as_str(), s.as_str()))
            .collect();
        let index = IndexFile {
            v: 1,
            lang: self.lang,
            chunk: CHUNK,
            docs,
            terms,
            post,
        };
        // Postings are small numbers with commas; terms and page fields are short strings.
        let numbers: usize = index.post.iter().map(|p| p.len() * 4 + 3).sum();
        let strings: usize = index.terms.iter().map(|t| t.len() + 3).sum::<usize>()
            + index
                .docs
                .iter()
                .map(|d| d.0.len() + d.1.len() + d.2.len() + d.3.len() + 16)
                .sum::<usize>();
        let bytes = script(&format!("window.{GLOBAL} = "), &index, numbers + strings);
        self.write(staging, FILE, &bytes)?;
        Ok(self.files + 1)
    }
}

/// Sorts terms in JavaScript's string order, the order the client binary-searches them in:
/// by UTF-16 code units. Below U+10000 that is the order of code points, which is the order of
/// UTF-8 bytes, so only terms with a character beyond it need the slower comparison.
fn sort_terms<T: Send>(terms: &mut [(String, T)]) {
    if terms.iter().any(|(w, _)| w.bytes().any(|b| b >= 0xF0)) {
        terms.par_sort_unstable_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
    } else {
        terms.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    }
}

/// `head`, `value` as JSON, `;` and a newline: a script assigning the value, serialized straight
/// into one buffer (the English index of a large site is megabytes) of about `size` bytes.
fn script(head: &str, value: &impl Serialize, size: usize) -> Vec<u8> {
    let mut out = Vec::with_capacity(head.len() + size + 2);
    out.extend_from_slice(head.as_bytes());
    serde_json::to_writer(&mut out, value).expect("plain data serializes");
    out.extend_from_slice(b";\n");
    out
}

/// The name of text chunk `k`.
pub fn chunk_file(k: usize) -> String {
    format!("search-text-{k}.js")
}

/// Whether `name` (a file in a language directory) is that language's index or one of its chunks.
pub fn is_index_file(name: &str) -> bool {
    name == FILE
        || name
            .strip_prefix("search-text-")
            .and_then(|n| n.strip_suffix(".js"))
            .is_some_and(|k| !k.is_empty() && k.bytes().all(|b| b.is_ascii_digit()))
}

/// Writes `<lang>/search-index.js` and its text chunks for every language. Languages one after
/// the other, pages in parallel inside each: only one language's index is held at a time.
/// Returns the number of files.
pub fn write_indexes(site: &Site, staging: &Staging) -> Result<usize, Diagnostics> {
    let mut count = 0;
    let mut errors = Diagnostics::new();
    for lang in site.config.langs() {
        match write_index(site, staging, lang) {
            Ok(n) => count += n,
            Err(e) => errors.extend(e),
        }
    }
    if errors.is_empty() {
        Ok(count)
    } else {
        Err(errors)
    }
}

/// Writes the search index of one language and its text chunks, every part's documents resolved.
/// Returns the number of files.
pub fn write_index(site: &Site, staging: &Staging, lang: Lang) -> Result<usize, Diagnostics> {
    let mut index = Index::new(lang);
    for part in crate::resolve::batches::parts(site, crate::resolve::batches::PART_DOCS) {
        index.add(site, &part, staging)?;
    }
    Ok(index.finish(staging)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_words_carry_fields_and_counts() {
        let text = crate::model::Packed::new("Kuršių – nerija, kuršių! a".to_string());
        let e = Entry {
            url: "x.html".into(),
            title: "Kuršių nerija".into(),
            context: "Unit 6".into(),
            summary: "Dunes".into(),
            headings: vec!["Veikla".into()],
            body: &text,
            extra: String::new(),
        };
        let text = e.text();
        let pw = page_words(&e, &text, &mut HashTable::new());
        let mut words: Vec<(&str, u32)> = pw.iter().collect();
        words.sort();
        assert_eq!(
            words,
            [
                ("dunes", HEADING),
                ("kursiu", 2 * 8 + TITLE + BODY),
                ("nerija", 8 + TITLE + BODY),
                ("unit", HEADING),
                ("veikla", HEADING),
            ]
        );
    }

    #[test]
    fn index_files_are_recognised_by_name() {
        assert!(is_index_file("search-index.js"));
        assert!(is_index_file(&chunk_file(12)));
        for other in [
            "search.html",
            "search-text-.js",
            "search-text-1a.js",
            "search-foo.png",
        ] {
            assert!(!is_index_file(other), "{other}");
        }
    }

    #[test]
    fn terms_are_sorted_by_utf16_units() {
        let words = [
            "zz",
            "a",
            "ｱ",
            "ﬁ",
            "é",
            "ab",
            "\u{1D518}",
            "\u{E000}",
            "kursiu",
        ];
        let utf16 = |v: &[(String, ())]| v.iter().map(|(w, _)| w.clone()).collect::<Vec<_>>();
        let mut want: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        want.sort_by(|a, b| a.encode_utf16().cmp(b.encode_utf16()));
        // U+1D518 (a surrogate pair in UTF-16) sorts before U+E000 there, after it in UTF-8.
        let mut all: Vec<(String, ())> = words.iter().map(|w| (w.to_string(), ())).collect();
        sort_terms(&mut all);
        assert_eq!(utf16(&all), want);
        let mut bmp: Vec<(String, ())> = words
            .iter()
            .filter(|w| !w.starts_with('\u{1D518}'))
            .map(|w| (w.to_string(), ()))
            .collect();
        sort_terms(&mut bmp);
        want.retain(|w| !w.starts_with('\u{1D518}'));
        assert_eq!(utf16(&bmp), want);
    }
}
