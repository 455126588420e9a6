//! Part of loading: grouping parsed content files into units, lessons, badges, pages and sections, each
//! default-language source with its translations, in reading order. Translations without a source
//! are errors, and so are two files whose names are one name in two Unicode forms (NFC and NFD); a
//! stamped translation's staleness is decided here, once.

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::entry::{Content, Entry, Kind, Parsed};
use crate::load::frontmatter;
use crate::model::*;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;

/// A default-language source with its translations (language, file).
type Grouped = (Kind, Parsed, Vec<(String, Parsed)>);

pub fn group(
    config: &Config,
    entries: Vec<Entry>,
    assets: Vec<Asset>,
    diags: &mut Diagnostics,
) -> Content {
    // Sources and translations by kind.
    let mut sources: BTreeMap<Kind, Parsed> = BTreeMap::new();
    let mut translations: BTreeMap<Kind, Vec<(String, Parsed)>> = BTreeMap::new();
    for e in entries {
        // Two files can have one kind only when their names are one name in two Unicode forms
        // (names are taken in NFC): the second would replace the first.
        match e.lang {
            None => match sources.entry(e.kind) {
                std::collections::btree_map::Entry::Vacant(v) => {
                    v.insert(e.parsed);
                }
                std::collections::btree_map::Entry::Occupied(o) => {
                    diags.push(twins(parsed_path(o.get()), parsed_path(&e.parsed)))
                }
            },
            Some(l) => {
                let list = translations.entry(e.kind).or_default();
                match list.iter().find(|(k, _)| *k == l) {
                    Some((_, old)) => diags.push(twins(parsed_path(old), parsed_path(&e.parsed))),
                    None => list.push((l, e.parsed)),
                }
            }
        }
    }
    for (kind, list) in &translations {
        if !sources.contains_key(kind) {
            for (_, p) in list {
                let path = p.path();
                // A translation of a draft source is skipped with it.
                if let Parsed::Lesson(d) = p {
                    if d.meta.draft == Some(true) || !config.drafts && source_is_draft(config, path)
                    {
                        continue;
                    }
                }
                diags.push(
                    Diagnostic::error(path, "translation without a default-language source").hint(
                        format!(
                            "create the {} file it translates, or fix the file name",
                            config.default_language
                        ),
                    ),
                );
            }
        }
    }

    fn variants<M: crate::l10n::stamp::Stamped>(
        source: Doc<M>,
        list: Vec<(String, Parsed)>,
        get: fn(Parsed) -> Option<Doc<M>>,
    ) -> Variants<M> {
        let list: Vec<(String, Doc<M>)> = list
            .into_iter()
            .filter_map(|(l, p)| get(p).map(|d| (l, d)))
            .collect();
        let translations = list
            .into_iter()
            .map(|(l, mut d)| {
                d.stale = crate::l10n::stamp::is_stale(d.meta.source_digest(), &source.digest);
                (l, d)
            })
            .collect();
        Variants {
            source,
            translations,
        }
    }
    let as_lesson = |p: Parsed| {
        if let Parsed::Lesson(d) = p {
            Some(d)
        } else {
            None
        }
    };
    let as_section = |p: Parsed| {
        if let Parsed::Section(d) = p {
            Some(d)
        } else {
            None
        }
    };
    let as_badge = |p: Parsed| {
        if let Parsed::Badge(d) = p {
            Some(d)
        } else {
            None
        }
    };
    let as_page = |p: Parsed| {
        if let Parsed::Page(d) = p {
            Some(d)
        } else {
            None
        }
    };

    let mut home = Section { docs: None };
    let mut lessons_index = Section { docs: None };
    let mut badges_index = Section { docs: None };
    let mut units: BTreeMap<String, Unit> = BTreeMap::new();
    let mut lessons: Vec<(String, String, Variants<LessonMeta>)> = Vec::new();
    let mut badges = Vec::new();
    let mut pages = Vec::new();
    let mut grouped: Vec<Grouped> = sources
        .into_iter()
        .map(|(kind, parsed)| {
            let list = translations.remove(&kind).unwrap_or_default();
            (kind, parsed, list)
        })
        .collect();
    // Reading and hashing whole source files: in parallel, as loading is.
    grouped
        .par_iter_mut()
        .for_each(|(_, source, list)| set_source_digest(&config.root, source, list));
    for (kind, parsed, list) in grouped {
        match kind {
            Kind::Home => home.docs = as_section(parsed).map(|d| variants(d, list, as_section)),
            Kind::LessonsIndex => {
                lessons_index.docs = as_section(parsed).map(|d| variants(d, list, as_section))
            }
            Kind::BadgesIndex => {
                badges_index.docs = as_section(parsed).map(|d| variants(d, list, as_section))
            }
            Kind::Unit(dir) => {
                if let Some(d) = as_section(parsed) {
                    units.insert(
                        dir.clone(),
                        Unit {
                            dir,
                            doc: variants(d, list, as_section),
                            lessons: Vec::new(),
                        },
                    );
                }
            }
            Kind::Lesson(unit, slug) => {
                if let Some(d) = as_lesson(parsed) {
                    lessons.push((unit, slug, variants(d, list, as_lesson)));
                }
            }
            Kind::Badge(id) => {
                if let Some(d) = as_badge(parsed) {
                    badges.push(Badge {
                        id,
                        doc: variants(d, list, as_badge),
                        lessons: Vec::new(),
                        units: Vec::new(),
                    });
                }
            }
            Kind::Page(slug) => {
                if let Some(d) = as_page(parsed) {
                    let doc = variants(d, list, as_page);
                    crate::load::pages::check_translations(&doc, diags);
                    pages.push(Page { slug, doc });
                }
            }
        }
    }
    for (unit, slug, doc) in lessons {
        let Some(u) = units.get_mut(&unit) else {
            diags.push(
                Diagnostic::error(&doc.source.path, format!("unit `{unit}` has no _index.md"))
                    .hint(format!(
                        "create content/lessons/{unit}/_index.md with a `title` and an `order`"
                    )),
            );
            continue;
        };
        u.lessons.push(Lesson {
            slug,
            unit: 0,
            doc,
            badges: Vec::new(),
            prev: None,
            next: None,
        });
    }
    let mut units: Vec<Unit> = units.into_values().collect();
    units.sort_by(|a, b| {
        (a.doc.source.meta.order.unwrap_or(i64::MAX), &a.dir)
            .cmp(&(b.doc.source.meta.order.unwrap_or(i64::MAX), &b.dir))
    });
    for (i, u) in units.iter_mut().enumerate() {
        u.lessons.sort_by(|a, b| {
            (a.doc.source.meta.order.unwrap_or(i64::MAX), &a.slug)
                .cmp(&(b.doc.source.meta.order.unwrap_or(i64::MAX), &b.slug))
        });
        for l in &mut u.lessons {
            l.unit = i;
        }
    }
    Content {
        units,
        badges,
        pages,
        sections: [home, lessons_index, badges_index],
        assets,
    }
}

fn parsed_path(p: &Parsed) -> &Path {
    p.path()
}

/// Two content files whose names are equal in NFC (one of them decomposed, as macOS writes names).
fn twins(first: &Path, second: &Path) -> Diagnostic {
    let show = |p: &Path| crate::load::nfc::visible(&p.to_string_lossy());
    Diagnostic::error(
        second,
        format!(
            "`{}` and `{}` are one name in two Unicode forms (composed, NFC, and decomposed, NFD): they would be one page",
            show(second),
            show(first)
        ),
    )
    .hint("delete or rename one of the two files; macOS, Windows and USB sticks cannot hold both")
}

/// Sets the digest of `source` when a translation in `list` is stamped with the digest of the
/// source it was made from (the digest is needed only to compare with those stamps).
fn set_source_digest(root: &Path, source: &mut Parsed, list: &[(String, Parsed)]) {
    use crate::l10n::stamp::Stamped;
    fn stamp<M: Stamped>(d: &Doc<M>) -> bool {
        d.meta.source_digest().is_some()
    }
    let stamped = list.iter().any(|(_, p)| match p {
        Parsed::Lesson(d) => stamp(d),
        Parsed::Section(d) => stamp(d),
        Parsed::Badge(d) => stamp(d),
        Parsed::Page(d) => stamp(d),
    });
    if !stamped {
        return;
    }
    fn digest<M>(root: &Path, d: &mut Doc<M>) {
        d.digest = if d.body_loaded {
            crate::l10n::stamp::digest(&d.front_matter, &d.body)
        } else {
            std::fs::read_to_string(root.join(&d.path))
                .ok()
                .and_then(|t| crate::l10n::stamp::digest_file_text(&t))
                .map(|(hex, _)| hex)
                .unwrap_or_default()
        };
    }
    match source {
        Parsed::Lesson(d) => digest(root, d),
        Parsed::Section(d) => digest(root, d),
        Parsed::Badge(d) => digest(root, d),
        Parsed::Page(d) => digest(root, d),
    }
}

fn source_is_draft(config: &Config, translation: &Path) -> bool {
    // content/lessons/u/slug.lt.md -> content/lessons/u/slug.md
    let name = translation
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let Some(stem) = name.strip_suffix(".md") else {
        return false;
    };
    let Some((base, _)) = stem.rsplit_once('.') else {
        return false;
    };
    let source = config
        .root
        .join(translation.with_file_name(format!("{base}.md")));
    std::fs::read_to_string(source)
        .ok()
        .and_then(|t| {
            frontmatter::split(&t)
                .ok()
                .map(|s| s.front_matter.to_string())
        })
        .and_then(|fm| crate::load::yaml::quiet::<serde_yaml::Value>(&fm))
        .and_then(|v| v.get("draft").and_then(|d| d.as_bool()))
        .unwrap_or(false)
}
