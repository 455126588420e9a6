//! Stage 2: loading content. Walks `content/` and `static/`, splits front matter from bodies, parses
//! it into typed structs and groups files into units, lessons, badges, pages and their translations by the
//! `.<lang>.md` suffix. Every problem becomes a diagnostic with file:line; nothing is skipped silently.
//! File and directory names are taken in Unicode NFC ([`crate::resolve::names`]), sources still read from
//! their real paths; the driver then checks the loaded site's outputs for clashes
//! ([`crate::output::names::check`]).

pub mod assemble;
pub mod entry;
pub mod frontmatter;
pub mod locales;
pub mod nfc;
pub mod numbers;
pub mod pages;
pub mod yaml;

pub use entry::{Content, Entry, Kind, Parsed};

use crate::config::confine::{self, Confined};
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::locales::Locales;
use crate::load::yaml::Fragment;
use crate::model::*;
use serde::de::DeserializeOwned;
use std::path::{Path, PathBuf};

/// Parses one Markdown file under `content/` on its own, for the dev server's incremental
/// rebuilds; `Ok(None)` for a draft that is not built.
pub fn load_file(config: &Config, path: &Path) -> Result<Option<Entry>, Diagnostics> {
    let relc = path.strip_prefix(config.content_dir()).unwrap_or(path);
    let confined = Confined::new(&config.root, Some(&config.output_dir));
    let shown = path.strip_prefix(&config.root).unwrap_or(path);
    for dir in path
        .ancestors()
        .take_while(|a| a.starts_with(config.content_dir()))
    {
        confined.check_link(dir, shown)?;
    }
    parse_file(config, path, relc, true)
}

/// Is this a file an editor or the OS leaves behind, not content?
pub fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.') || confine::is_editor_temporary(name)
}

/// Loads the whole site: locales and content. Any error is `Err`, except that with `keep_going`
/// (`check`) errors in the UI strings are returned with the site, whose strings then lack the
/// broken messages, so that the rest is still checked.
pub fn load_site(config: Config, keep_going: bool) -> Result<(Site, Diagnostics), Diagnostics> {
    let mut timings = crate::timings::Timings::new("load: ");
    let mut diags = Diagnostics::new();
    let locales = match Locales::load(&config, keep_going) {
        Ok((l, d)) => {
            diags.extend(d);
            Some(l)
        }
        Err(d) => {
            diags.extend(d);
            None
        }
    };
    let content = load_content_with(&config, false);
    let content = match content {
        Ok((content, d)) if !d.has_errors() => {
            diags.extend(d);
            content
        }
        Ok((_, d)) | Err(d) => {
            diags.extend(d);
            return Err(diags);
        }
    };
    let Some(locales) = locales else {
        return Err(diags);
    };
    let Content {
        units,
        badges,
        pages,
        sections: [home, lessons_index, badges_index],
        assets,
    } = content;
    let site = Site {
        config,
        locales: std::sync::Arc::new(locales),
        home,
        lessons_index,
        badges_index,
        units,
        badges,
        pages,
        assets,
    };
    timings.lap("content");
    timings.print();
    Ok((site, diags))
}

/// Loads `content/` and `static/` only (no UI strings): for `l10n status`, which reads `.ftl` files itself.
pub fn load_content(config: &Config) -> Result<(Content, Diagnostics), Diagnostics> {
    load_content_with(config, true)
}

/// Loads content; with `keep_bodies` false, Markdown bodies are not kept (see `Doc::body`).
fn load_content_with(
    config: &Config,
    keep_bodies: bool,
) -> Result<(Content, Diagnostics), Diagnostics> {
    let root = &config.root;
    let content_dir = config.content_dir();
    let mut diags = Diagnostics::new();
    if !content_dir.is_dir() {
        return Err(Diagnostic::error(root.join("content"), "the site has no content/ directory")
            .hint("create content/lessons/<unit>/<lesson>.md, or run `paveldas new lesson UNIT SLUG`")
            .into());
    }
    // Files are parsed while the walk goes on: each Markdown file found is handed to the thread
    // pool at once, so the (serial) walk overlaps the (parallel) parsing.
    let parsed = std::sync::Mutex::new(Vec::new());
    let mut md_count = 0usize;
    let confined = Confined::new(root, Some(&config.output_dir));
    let mut assets = Vec::new();
    rayon::scope(|scope| {
        walk_content(config, &confined, &mut assets, &mut diags, |path, relc| {
            let (i, parsed) = (md_count, &parsed);
            md_count += 1;
            scope.spawn(move |_| {
                let r = parse_file(config, &path, &relc, keep_bodies);
                parsed.lock().expect("not poisoned").push((i, r));
            });
        });
        walk_static(config, &confined, &mut assets, &mut diags);
    });
    let mut results = parsed.into_inner().expect("not poisoned");
    results.sort_unstable_by_key(|(i, _)| *i);
    let results = results.into_iter().map(|(_, r)| r);
    let mut entries = Vec::with_capacity(md_count);
    for r in results {
        match r {
            Ok(Some(e)) => entries.push(e),
            Ok(None) => {}
            Err(d) => diags.extend(d),
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    let content = crate::load::assemble::group(config, entries, assets, &mut diags);
    if diags.has_errors() {
        return Err(diags);
    }
    Ok((content, diags))
}

/// Walks `content/` in file-name order: co-located files go to `assets`, problems to `diags`, and
/// each Markdown file (absolute path, path from `content/`) to `markdown`. Links are followed only
/// into the site; hidden files are not content ([`confine::walk`]).
fn walk_content(
    config: &Config,
    confined: &Confined,
    assets: &mut Vec<Asset>,
    diags: &mut Diagnostics,
    mut markdown: impl FnMut(PathBuf, PathBuf),
) {
    let content_dir = config.content_dir();
    confine::walk(
        confined,
        &config.root,
        &content_dir,
        "content",
        false,
        diags,
        |f| {
            if f.rel.ends_with(".md") {
                markdown(f.path, PathBuf::from(f.rel));
            } else {
                assets.push(Asset {
                    source: f.path,
                    target: crate::load::nfc::nfc_owned(f.rel),
                    colocated: true,
                    theme: false,
                });
            }
        },
    );
}

/// Walks `static/` and then the theme's `static/`: their files go to `assets` (published at the
/// output root), problems to `diags`. Of hidden names only `.well-known/` and `.nojekyll` are
/// published.
fn walk_static(
    config: &Config,
    confined: &Confined,
    assets: &mut Vec<Asset>,
    diags: &mut Diagnostics,
) {
    for (dir, theme) in [
        (config.static_dir(), false),
        (config.theme_dir.join("static"), true),
    ] {
        if !dir.is_dir() {
            continue;
        }
        confine::walk(confined, &config.root, &dir, "static", true, diags, |f| {
            assets.push(Asset {
                source: f.path,
                target: crate::load::nfc::nfc_owned(f.rel),
                colocated: false,
                theme,
            });
        });
    }
}

/// Classifies a content-relative path and splits off its language suffix. Names are taken in NFC
/// (a name macOS wrote decomposed is the name the teacher typed): units, lessons and badges, and so
/// their output paths, are named in NFC whatever the form on disk.
fn classify(config: &Config, relc: &Path) -> Result<(Kind, Option<String>), Diagnostic> {
    let parts: Vec<String> = relc
        .components()
        .map(|c| crate::load::nfc::nfc_owned(c.as_os_str().to_string_lossy().into_owned()))
        .collect();
    let file = parts.last().cloned().unwrap_or_default();
    let stem = file.strip_suffix(".md").unwrap_or(&file);
    let (base, lang) = match stem.rsplit_once('.') {
        Some((b, l)) => (b.to_string(), Some(l.to_string())),
        None => (stem.to_string(), None),
    };
    let shown = Path::new("content").join(relc);
    if let Some(l) = &lang {
        if l == &config.default_language {
            return Err(Diagnostic::error(
                &shown,
                format!("`.{l}.md` is the default language's suffix"),
            )
            .hint(format!(
                "name the default-language file `{base}.md`, without a suffix"
            )));
        }
        if !config.is_language(l) {
            let codes: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
            let mut d = Diagnostic::error(
                &shown,
                format!("`{l}` in `{file}` is not a configured language"),
            );
            d = d.hint(format!(
                "configured languages are {}; add `{l}` to `languages` in site.yaml, or rename the file",
                codes.join(", ")
            ));
            return Err(d);
        }
    }
    let kind = match parts.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        [_] if base == "_index" => Kind::Home,
        ["lessons", _] if base == "_index" => Kind::LessonsIndex,
        ["badges", _] if base == "_index" => Kind::BadgesIndex,
        ["badges", _] => Kind::Badge(base.clone()),
        ["pages", _] if base == "_index" => {
            return Err(Diagnostic::error(&shown, "content/pages/ has no index page: `_index.md` is not a page")
                .hint("name the page after what it is, e.g. content/pages/about.md; the home page's text is content/_index.md"))
        }
        ["pages", _] => Kind::Page(base.clone()),
        ["lessons", unit, _] if base == "_index" => Kind::Unit(unit.to_string()),
        ["lessons", unit, _] => Kind::Lesson(unit.to_string(), base.clone()),
        _ => {
            return Err(Diagnostic::error(&shown, "this Markdown file is not in a place paveldas knows").hint(
                "lessons go in content/lessons/<unit>/<slug>.md, units in content/lessons/<unit>/_index.md, badges in content/badges/<id>.md, pages in content/pages/<slug>.md",
            ))
        }
    };
    let valid_slug = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
    };
    let name_ok = match &kind {
        Kind::Lesson(u, s) => valid_slug(u) && valid_slug(s),
        Kind::Unit(u) => valid_slug(u),
        Kind::Badge(b) | Kind::Page(b) => valid_slug(b),
        _ => true,
    };
    if !name_ok {
        return Err(Diagnostic::error(
            &shown,
            "file and directory names must be letters, digits, `-` or `_`",
        )
        .hint("rename it: names become part of the page URLs"));
    }
    Ok((kind, lang))
}

/// Reads a content file up to the end of its front matter: through the line that closes it, or
/// the whole file when it has no front matter or never closes it (splitting then says so). A
/// build that keeps no bodies reads and decodes each body once, when `resolve` renders it.
fn read_front_matter(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let mut buf = Vec::with_capacity(4096);
    // Bytes of complete lines already looked at, and how many lines that was.
    let mut seen = 0;
    let mut lines = 0;
    loop {
        let len = buf.len();
        buf.resize(len + 4096, 0);
        let n = file.read(&mut buf[len..])?;
        buf.truncate(len + n);
        if n == 0 {
            return Ok(buf);
        }
        while let Some(i) = memchr::memchr(b'\n', &buf[seen..]) {
            let mut line = &buf[seen..seen + i];
            if lines == 0 {
                line = line.strip_prefix("\u{feff}".as_bytes()).unwrap_or(line);
            }
            let line = line.trim_ascii_end();
            let fence = line == b"---";
            if lines == 0 && !fence {
                file.read_to_end(&mut buf)?;
                return Ok(buf);
            }
            seen += i + 1;
            lines += 1;
            if lines > 1 && (fence || line == b"...") {
                buf.truncate(seen);
                return Ok(buf);
            }
        }
    }
}

fn parse_file(
    config: &Config,
    path: &Path,
    relc: &Path,
    keep_bodies: bool,
) -> Result<Option<Entry>, Diagnostics> {
    let (kind, lang) = classify(config, relc)?;
    let shown = Path::new("content").join(relc);
    let bytes = if keep_bodies {
        std::fs::read(path)
    } else {
        read_front_matter(path)
    };
    let bytes = bytes.map_err(|e| Diagnostic::error(&shown, format!("cannot read: {e}")))?;
    let text = crate::diagnostic::decode_utf8(&shown, bytes)?;
    let text = frontmatter::normalize(text);
    let split = frontmatter::split(&text).map_err(|u| {
        Diagnostic::error(&shown, "front matter is not closed")
            .line(u.line)
            .with_source(&text)
            .hint("end the front matter with a line `---`")
    })?;
    let frag = Fragment {
        file: &shown,
        text: split.front_matter,
        first_line: split.front_line,
    };
    let lang_code = lang
        .clone()
        .unwrap_or_else(|| config.default_language.clone());
    let body = if !keep_bodies {
        String::new()
    } else {
        frontmatter::body_lf(split.body)
    };
    let front_matter = split.front_matter.to_string();
    fn doc<M>(
        shown: &Path,
        lang: String,
        meta: M,
        body: String,
        body_line: usize,
        fm: String,
        body_loaded: bool,
    ) -> Doc<M> {
        Doc {
            path: shown.to_path_buf(),
            lang,
            meta,
            digest: String::new(),
            body,
            body_loaded,
            body_line,
            front_matter: fm,
            stale: false,
            rendered: Rendered::default(),
        }
    }
    let parsed = match &kind {
        Kind::Lesson(unit, _) => {
            let meta: LessonMeta = parse_meta(&frag, LESSON_KEYS)?;
            if lang.is_none() && meta.title.as_deref().is_none_or(|t| t.trim().is_empty()) {
                return Err(missing_key(
                    &shown,
                    &split,
                    "title",
                    "a lesson needs a title: add `title: ...` to its front matter",
                )
                .into());
            }
            if let Some(u) = &meta.unit {
                if u != unit {
                    return Err(frag
                        .error_for_key("unit", format!("`unit: {u}` does not match the directory `{unit}` the lesson is in"))
                        .hint(format!("move the file to content/lessons/{u}/ or write `unit: {unit}`"))
                        .into());
                }
            }
            if meta.draft == Some(true) && !config.drafts {
                return Ok(None);
            }
            Parsed::Lesson(doc(
                &shown,
                lang_code,
                meta,
                body,
                split.body_line,
                front_matter,
                keep_bodies,
            ))
        }
        Kind::Badge(_) => {
            let meta: BadgeMeta = parse_meta(&frag, BADGE_KEYS)?;
            if let Some(c) = &meta.criteria {
                // Present but empty: point at the key (a missing key is reported below).
                if c.iter().any(|s| s.trim().is_empty()) || c.is_empty() {
                    return Err(frag
                        .error_for_key(
                            "criteria",
                            if c.is_empty() {
                                "`criteria` is empty".to_string()
                            } else {
                                "`criteria` has an empty item".to_string()
                            },
                        )
                        .hint("list what a learner must show, one checkable criterion per item (`- Visits a site`)")
                        .into());
                }
            }
            if lang.is_none() {
                let mut d = Diagnostics::new();
                for (key, missing) in [
                    (
                        "name",
                        meta.name.as_deref().is_none_or(|s| s.trim().is_empty()),
                    ),
                    (
                        "description",
                        meta.description
                            .as_deref()
                            .is_none_or(|s| s.trim().is_empty()),
                    ),
                    (
                        "criteria",
                        meta.criteria
                            .as_ref()
                            .is_none_or(|c| c.iter().all(|s| s.trim().is_empty())),
                    ),
                ] {
                    if missing {
                        let why = format!("a badge needs `{key}` (see SPEC §1)");
                        d.push(match frag.line_of_key(key) {
                            // `key:` with no value points at its line.
                            Some(_) => frag
                                .error_for_key(key, format!("`{key}` is empty"))
                                .hint(why),
                            None => missing_key(&shown, &split, key, &why),
                        });
                    }
                }
                if d.has_errors() {
                    return Err(d);
                }
            }
            Parsed::Badge(doc(
                &shown,
                lang_code,
                meta,
                body,
                split.body_line,
                front_matter,
                keep_bodies,
            ))
        }
        Kind::Page(_) => {
            let meta: PageMeta = parse_meta(&frag, PAGE_KEYS).map_err(pages::type_hints)?;
            pages::check_meta(&frag, &meta).into_result()?;
            if lang.is_none() && meta.title.as_deref().is_none_or(|t| t.trim().is_empty()) {
                return Err(missing_key(
                    &shown,
                    &split,
                    "title",
                    "a page needs a title: add `title: ...` to its front matter",
                )
                .into());
            }
            Parsed::Page(doc(
                &shown,
                lang_code,
                meta,
                body,
                split.body_line,
                front_matter,
                keep_bodies,
            ))
        }
        _ => {
            let meta: SectionMeta = parse_meta(&frag, SECTION_KEYS)?;
            if matches!(kind, Kind::Unit(_))
                && lang.is_none()
                && meta.title.as_deref().is_none_or(|t| t.trim().is_empty())
            {
                return Err(missing_key(
                    &shown,
                    &split,
                    "title",
                    "a unit needs a title in its _index.md",
                )
                .into());
            }
            Parsed::Section(doc(
                &shown,
                lang_code,
                meta,
                body,
                split.body_line,
                front_matter,
                keep_bodies,
            ))
        }
    };
    Ok(Some(Entry { kind, lang, parsed }))
}

fn parse_meta<M: DeserializeOwned>(frag: &Fragment, keys: &[&str]) -> Result<M, Diagnostics> {
    frag.parse(keys)
}

fn missing_key(shown: &Path, split: &frontmatter::Split, key: &str, why: &str) -> Diagnostic {
    Diagnostic::error(shown, format!("missing required key `{key}`"))
        .line(1)
        .hint(if split.has_front_matter {
            why.to_string()
        } else {
            format!("{why}; the file has no front matter (a block between `---` lines at the top)")
        })
}

#[cfg(test)]
mod tests {
    use super::read_front_matter;

    fn head_of(text: &str) -> String {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.md");
        std::fs::write(&path, text).unwrap();
        String::from_utf8(read_front_matter(&path).unwrap()).unwrap()
    }

    #[test]
    fn front_matter_is_read_without_the_body() {
        let body = "Long body line.\n".repeat(1000);
        for fm in [
            "---\ntitle: A\n---\n",
            "\u{feff}---\r\ntitle: A\r\n---  \r\n",
            "---\ntitle: A\n...\n",
        ] {
            assert_eq!(head_of(&format!("{fm}{body}")), fm);
        }
        // The closing fence beyond the first block read.
        let long = format!("---\nsummary: {}\n---\n", "x".repeat(5000));
        assert_eq!(head_of(&format!("{long}{body}")), long);
    }

    #[test]
    fn files_without_closed_front_matter_are_read_whole() {
        let body = "Text ---\n---x\n".repeat(500);
        for text in [
            body.clone(),
            format!("---\ntitle: A\n{body}"),
            "---".to_string(),
            String::new(),
        ] {
            assert_eq!(head_of(&text), text);
        }
    }
}
