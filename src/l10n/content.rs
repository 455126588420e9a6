//! Translation state of content files (home and overview texts, units, lessons, badges, pages) for one
//! language, and which parts of a stale translation's source changed since it was stamped.

pub use super::findings::{Change, State};
use super::findings::{FileKind, Item, ItemKind};
use super::stamp;
use crate::load::Content;
use crate::model::{documents, with_variants, Doc, PageRef, Variants};
use serde::Serialize;
use similar::{Algorithm, DiffOp};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// One content file of the default language and its translation.
#[derive(Debug, Clone, Serialize)]
pub struct DocStatus {
    pub kind: FileKind,
    pub source: PathBuf,
    /// The translation (where it would be when it does not exist).
    pub path: PathBuf,
    pub state: State,
    #[serde(skip)]
    pub words: usize,
}

/// Every default-language content file with the state of its `lang` translation.
pub fn statuses(content: &Content, root: &Path, lang: &str) -> (Vec<DocStatus>, Vec<Item>) {
    let (units, badges, sections) = (&content.units, &content.badges, &content.sections);
    let mut out = Vec::new();
    let mut items = Vec::new();
    let sections = [&sections[0], &sections[1], &sections[2]];
    for (page, doc) in documents(sections, units, badges, &content.pages) {
        let kind = match page {
            PageRef::Home => FileKind::Home,
            PageRef::LessonsIndex => FileKind::LessonsIndex,
            PageRef::BadgesIndex => FileKind::BadgesIndex,
            PageRef::Unit(_) => FileKind::Unit,
            PageRef::Lesson(..) => FileKind::Lesson,
            PageRef::Badge(_) => FileKind::Badge,
            PageRef::Page(_) => FileKind::Page,
        };
        with_variants!(doc, v => doc_status(kind, v, lang, root, &mut out, &mut items));
    }
    (out, items)
}

fn translation_path(source: &Path, lang: &str) -> PathBuf {
    let name = source.file_name().unwrap_or_default().to_string_lossy();
    let stem = name.strip_suffix(".md").unwrap_or(&name);
    source.with_file_name(format!("{stem}.{lang}.md"))
}

fn doc_status<M: stamp::Stamped>(
    kind: FileKind,
    v: &Variants<M>,
    lang: &str,
    root: &Path,
    out: &mut Vec<DocStatus>,
    items: &mut Vec<Item>,
) {
    let src = &v.source;
    let words = stamp::digest_text(&src.front_matter, &src.body)
        .split_whitespace()
        .count();
    let (state, path) = match v.translations.get(lang) {
        None => (State::Untranslated, translation_path(&src.path, lang)),
        Some(t) if t.stale => (State::Stale, t.path.clone()),
        Some(t) if t.meta.source_digest().is_some() => (State::Current, t.path.clone()),
        Some(t) => (State::NotStamped, t.path.clone()),
    };
    match state {
        State::Untranslated => items.push(
            Item::new(
                ItemKind::Untranslated,
                &src.path,
                1,
                format!("{kind} not translated yet: create {}", path.display()),
            )
            .hint("copy the source file to the translation's name, translate it, then run `paveldas l10n stamp <translation>`"),
        ),
        State::Stale => {
            let t = &v.translations[lang];
            let stamped = t.meta.source_digest().unwrap_or_default();
            let line = digest_line(t);
            let mut item = Item::new(
                ItemKind::Stale,
                &t.path,
                line,
                format!("{kind} is stale: {} changed since this translation was stamped", src.path.display()),
            )
            .hint("update the translation, then run `paveldas l10n stamp <translation>`");
            item.source = Some(src.path.clone());
            match stamp::stamped_source(root, &src.path, stamped) {
                Some(old) => item.changes = changes(&old, src),
                None => {
                    item.message.push_str(" (the stamped version is neither in .paveldas/l10n/ nor in git history, so what changed is unknown)");
                }
            }
            items.push(item);
        }
        _ => {}
    }
    out.push(DocStatus {
        kind,
        source: src.path.clone(),
        path,
        state,
        words,
    });
}

/// File line of the `source_digest:` key of a translation.
fn digest_line<M>(t: &Doc<M>) -> usize {
    t.front_matter
        .lines()
        .position(|l| l.starts_with("source_digest"))
        .map(|i| i + 2)
        .unwrap_or(1)
}

/// Paragraphs (blocks separated by blank lines) of a body with their first line's number.
fn paragraphs(body: &str, first_line: usize) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (i, line) in body.lines().enumerate() {
        if line.trim().is_empty() {
            out.extend(current.take());
        } else {
            let c = current.get_or_insert((first_line + i, String::new()));
            if !c.1.is_empty() {
                c.1.push('\n');
            }
            c.1.push_str(line.trim_end());
        }
    }
    out.extend(current);
    out
}

fn excerpt(s: &str) -> String {
    let one_line = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() > 70 {
        format!("{}…", one_line.chars().take(69).collect::<String>())
    } else {
        one_line
    }
}

/// What changed between the stamped source text `old` (as digested) and the current `src`.
pub fn changes<M>(old: &str, src: &Doc<M>) -> Vec<Change> {
    let (old_fm, old_body) = match crate::load::frontmatter::split(old) {
        Ok(s) => (s.front_matter.to_string(), s.body.to_string()),
        Err(_) => (String::new(), old.to_string()),
    };
    let mut out = Vec::new();
    // Front matter, key by key.
    let map = |t: &str| crate::load::yaml::quiet::<serde_yaml::Mapping>(t).unwrap_or_default();
    let (a, b) = (map(&old_fm), map(&src.front_matter));
    let mut keys: Vec<String> = a
        .keys()
        .chain(b.keys())
        .filter_map(|k| k.as_str().map(String::from))
        .collect();
    keys.dedup();
    let mut seen = std::collections::BTreeSet::new();
    for k in keys {
        if !seen.insert(k.clone()) || a.get(k.as_str()) == b.get(k.as_str()) {
            continue;
        }
        let line = src
            .front_matter
            .lines()
            .position(|l| {
                l.strip_prefix(k.as_str())
                    .is_some_and(|r| r.trim_start().starts_with(':'))
            })
            .map(|i| i + 2)
            .unwrap_or(1);
        out.push(Change {
            line,
            what: "front-matter".into(),
            text: format!(
                "`{k}` {}",
                if b.contains_key(k.as_str()) {
                    "changed"
                } else {
                    "removed"
                }
            ),
        });
    }
    // Body, paragraph by paragraph.
    let old_p = paragraphs(&old_body, 1);
    let new_p = paragraphs(&src.body, src.body_line);
    let end_line = src.body_line + src.body.lines().count();
    out.extend(paragraph_changes(&old_p, &new_p, end_line));
    out
}

/// How long the paragraph diff of one file may search before it settles for a coarser answer (see
/// [`paragraph_changes`]); only texts of tens of thousands of repeated paragraphs come near it.
const DIFF_DEADLINE: Duration = Duration::from_secs(1);

/// Changed, added and removed paragraphs from `old_p` to `new_p`; a paragraph removed at the end
/// is reported at `end_line`.
///
/// The paragraphs are compared with `similar`'s Myers diff: a shortest edit script, as the longest
/// common subsequence gives, in time (lengths + lengths) × edits and memory in proportion to the
/// lengths, never their product. It first drops paragraphs found on one side only, bounds its
/// search on long texts of many edits, and past [`DIFF_DEADLINE`] reports what is left as
/// replaced, paired in order (so for such texts the answer may depend on the machine's speed).
/// Each run of edits between unchanged paragraphs reads as its new paragraphs, "changed" as far
/// as old ones were removed there and "added" beyond, then the old ones left over as "removed".
fn paragraph_changes(
    old_p: &[(usize, String)],
    new_p: &[(usize, String)],
    end_line: usize,
) -> Vec<Change> {
    let old: Vec<&str> = old_p.iter().map(|p| p.1.as_str()).collect();
    let new: Vec<&str> = new_p.iter().map(|p| p.1.as_str()).collect();
    let deadline = Instant::now() + DIFF_DEADLINE;
    let ops = similar::capture_diff_slices_deadline(Algorithm::Myers, &old, &new, Some(deadline));
    let mut out = Vec::new();
    // Each run of edits between unchanged paragraphs: the old ones removed, the new ones added.
    let mut report = |removed: Range<usize>, added: Range<usize>| {
        let line = new_p.get(added.end).map_or(end_line, |p| p.0);
        let changed = removed.len();
        for (k, a) in added.clone().enumerate() {
            out.push(Change {
                line: new_p[a].0,
                what: if k < changed { "changed" } else { "added" }.into(),
                text: excerpt(&new_p[a].1),
            });
        }
        for r in removed.skip(added.len()) {
            out.push(Change {
                line,
                what: "removed".into(),
                text: excerpt(&old_p[r].1),
            });
        }
    };
    let (mut removed, mut added) = (0..0, 0..0);
    for op in &ops {
        let (_, o, n) = op.as_tag_tuple();
        if let DiffOp::Equal { .. } = op {
            report(removed, added);
            (removed, added) = (o.end..o.end, n.end..n.end);
        } else {
            (removed.end, added.end) = (o.end, n.end);
        }
    }
    report(removed, added);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Rendered, SectionMeta};

    fn doc(fm: &str, body: &str, body_line: usize) -> Doc<SectionMeta> {
        Doc {
            path: "x.md".into(),
            lang: "en".into(),
            meta: SectionMeta::default(),
            body: body.into(),
            body_loaded: true,
            body_line,
            front_matter: fm.into(),
            digest: String::new(),
            stale: false,
            rendered: Rendered::default(),
        }
    }

    #[test]
    fn long_texts_are_compared_in_bounded_time_and_memory() {
        // 40k paragraphs each way (an LCS table of 1.6e9 cells): one edited in the middle.
        let para = |i: usize, edited: bool| {
            if edited {
                format!("P{i} edited.\n\n")
            } else {
                format!("P{i}.\n\n")
            }
        };
        let n = 40_000;
        let old: String = (0..n).map(|i| para(i, false)).collect();
        let new: String = (0..n).map(|i| para(i, i == n / 2)).collect();
        let got = changes(&format!("---\n---\n{old}"), &doc("", &new, 1));
        assert_eq!(got.len(), 1);
        assert_eq!((got[0].line, got[0].what.as_str()), (n + 1, "changed"));
        // Nothing in common: paired in order, one change per paragraph.
        let other: String = (0..n + 2).map(|i| format!("Q{i}.\n\n")).collect();
        let got = changes(&format!("---\n---\n{old}"), &doc("", &other, 1));
        assert_eq!(got.len(), n + 2);
        assert_eq!(got.iter().filter(|c| c.what == "changed").count(), n);
        assert_eq!(got.iter().filter(|c| c.what == "added").count(), 2);
        // The hard case for a diff: two long texts of the same few paragraphs in another order.
        // Still done in bounded time, each new paragraph reported at most once, at its own line.
        let mix = |seed: u64| -> String {
            let mut x = seed;
            (0..20_000)
                .map(|_| {
                    x = x
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    ["A.\n\n", "B.\n\n"][(x >> 63) as usize]
                })
                .collect()
        };
        let got = changes(&format!("---\n---\n{}", mix(3)), &doc("", &mix(5), 1));
        let mut lines: Vec<usize> = got
            .iter()
            .filter(|c| c.what != "removed")
            .map(|c| c.line)
            .collect();
        let reported = lines.len();
        lines.dedup();
        assert_eq!(lines.len(), reported);
        assert!(reported <= 20_000 && got.len() - reported <= 20_000);
        assert!(lines.iter().all(|l| l % 2 == 1 && *l < 40_000), "{lines:?}");
    }

    #[test]
    fn reports_changed_added_and_removed_paragraphs_at_current_lines() {
        let old = "---\ntitle: A\n---\nOne.\n\nTwo.\n\nThree.\n\nFour.\n";
        let new = doc(
            "title: B\n",
            "One.\n\nTwo, edited.\n\nThree.\n\nNew.\n\nAnother.\n",
            4,
        );
        let c = changes(old, &new);
        let got: Vec<(usize, &str)> = c.iter().map(|c| (c.line, c.what.as_str())).collect();
        assert_eq!(
            got,
            [
                (2, "front-matter"),
                (6, "changed"),
                (10, "changed"),
                (12, "added")
            ]
        );
        let removed = changes(old, &doc("title: A\n", "One.\n\nThree.\n\nFour.\n", 4));
        assert_eq!(
            removed,
            [Change {
                line: 6,
                what: "removed".into(),
                text: "Two.".into()
            }]
        );
    }
}
