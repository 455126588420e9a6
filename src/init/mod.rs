//! `paveldas init DIR`: a new site that `build` and `check` pass at once, written from the binary
//! alone: `site.yaml`, the home page, one unit with one lesson and one badge, an about page (the texts of
//! `paveldas new`, from [`crate::scaffold`]), the UI strings of its languages (`ui_strings.rs`)
//! and the default theme (both embedded at compile time, [`embedded`]). It refuses a directory
//! that holds anything but hidden files, writes nothing outside DIR, never overwrites a file, and
//! removes what it wrote when a write fails.

pub mod embedded;
mod ui_strings;

use crate::diagnostic::Diagnostic;
use crate::scaffold::{badge_text, lesson_text, unit_text, yaml_string};
use std::borrow::Cow;
use std::path::{Path, PathBuf};

/// The unit, lesson and badge of a new site.
pub const UNIT: &str = "01-getting-started";
pub const LESSON: &str = "first-lesson";
pub const BADGE: &str = "first-badge";

/// What `paveldas init` was asked for.
#[derive(Debug, Clone)]
pub struct Options {
    /// The new site's root: missing, or empty but for hidden files.
    pub dir: PathBuf,
    /// Language tags, the default one first; empty means `en`.
    pub languages: Vec<String>,
    /// The site's title; the directory's name without one.
    pub title: Option<String>,
}

/// What `init` wrote.
#[derive(Debug)]
pub struct Created {
    /// Every file written, relative to the site root, in the order written.
    pub files: Vec<PathBuf>,
    /// The languages, the default first.
    pub languages: Vec<String>,
    /// Things the author should know (languages without shipped UI strings).
    pub notes: Vec<String>,
}

/// Creates the site. On an error nothing is left behind: the directory is refused before
/// anything is written, and a failed write removes what this call wrote.
pub fn init(options: &Options) -> Result<Created, Diagnostic> {
    let languages = languages(&options.languages)?;
    let dir = &options.dir;
    let existed = check_empty(dir)?;
    let title = options.title.clone().unwrap_or_else(|| default_title(dir));
    let (files, notes) = plan(&title, &languages);
    let mut written = Written {
        root: dir,
        files: Vec::new(),
        dirs: Vec::new(),
    };
    if !existed {
        written.create_dirs(dir)?;
    }
    for (rel, bytes) in &files {
        if let Err(e) = written.write(rel, bytes) {
            written.undo();
            return Err(e);
        }
    }
    Ok(Created {
        files: written.files,
        languages,
        notes,
    })
}

/// The `--languages`, checked as `site.yaml` checks them.
fn languages(given: &[String]) -> Result<Vec<String>, Diagnostic> {
    let mut out: Vec<String> = Vec::new();
    for code in given.iter().map(|c| c.trim()).filter(|c| !c.is_empty()) {
        if let Err(why) = crate::config::parse_language(out.len(), code) {
            return Err(Diagnostic::error(
                "--languages",
                format!("`{code}` is not a valid language tag: {why}"),
            )
            .hint("use BCP 47 tags such as `en`, `lt`, `fr`, `ar` or `pt-BR`, the default language first"));
        }
        if out.iter().any(|c| c == code) {
            return Err(Diagnostic::error(
                "--languages",
                format!("language `{code}` is listed twice"),
            ));
        }
        out.push(code.to_string());
    }
    if out.is_empty() {
        out.push("en".into());
    }
    Ok(out)
}

/// Refuses a non-directory or a directory with anything but hidden entries (`.git/` is welcome:
/// paveldas writes no hidden file). Returns whether `dir` exists.
fn check_empty(dir: &Path) -> Result<bool, Diagnostic> {
    let meta = match std::fs::symlink_metadata(dir) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(Diagnostic::error(dir, format!("cannot read: {e}"))),
    };
    if !meta.is_dir() && !std::fs::metadata(dir).is_ok_and(|m| m.is_dir()) {
        return Err(Diagnostic::error(dir, "exists and is not a directory")
            .hint("name a new or empty directory for the site"));
    }
    let entries =
        std::fs::read_dir(dir).map_err(|e| Diagnostic::error(dir, format!("cannot read: {e}")))?;
    let mut visible: Vec<String> = entries
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    if visible.is_empty() {
        return Ok(true);
    }
    visible.sort();
    let shown: Vec<String> = visible.iter().take(3).map(|n| format!("`{n}`")).collect();
    let more = if visible.len() > 3 {
        format!(" and {} more", visible.len() - 3)
    } else {
        String::new()
    };
    Err(Diagnostic::error(
        dir,
        format!("directory is not empty: it holds {}{more}", shown.join(", ")),
    )
    .hint("paveldas init writes a new site into a new or empty directory and changes nothing here; to add to an existing site use `paveldas new lesson UNIT SLUG`"))
}

/// The directory's own name, else a placeholder.
fn default_title(dir: &Path) -> String {
    let named = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .or_else(|| {
            std::fs::canonicalize(dir)
                .ok()
                .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
        });
    named
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| "My heritage site".into())
}

/// A file of the new site: its path relative to the root, and its bytes.
type File = (PathBuf, Cow<'static, [u8]>);

/// Every file of the new site, and the notes for the author.
fn plan(title: &str, languages: &[String]) -> (Vec<File>, Vec<String>) {
    let mut files: Vec<File> = Vec::new();
    let mut text = |rel: &str, s: String| files.push((PathBuf::from(rel), s.into_bytes().into()));
    text("site.yaml", site_yaml(title, languages));
    text("content/_index.md", home_text(title));
    let unit = format!("content/lessons/{UNIT}");
    text(
        &format!("{unit}/_index.md"),
        unit_text("Getting started", 1),
    );
    text(
        &format!("{unit}/{LESSON}.md"),
        lesson_text(UNIT, "First lesson", 1, &[BADGE]),
    );
    text(
        &format!("content/badges/{BADGE}.md"),
        badge_text("First badge"),
    );
    if let Some((rel, s)) = about_page(title) {
        text(&rel, s);
    }

    let (locales, notes) = ui_strings::files(languages);
    for (rel, s) in locales {
        files.push((rel, s.into_bytes().into()));
    }
    for (rel, bytes) in embedded::THEME {
        files.push((Path::new("themes/default").join(rel), Cow::Borrowed(bytes)));
    }
    (files, notes)
}

/// The "about" page of a new site, as `(path, text)`: `content/pages/about.md`, in the footer of
/// every page, linking to the first lesson.
fn about_page(title: &str) -> Option<(String, String)> {
    let body = format!(
        "Say here who makes {title} and for whom. This is a page of `content/pages/`: it is in the
footer of every page because of its `menu: footer` (write `menu: main` to put it in the header). Add
another with `paveldas new page SLUG`. Pages link to lessons by their source files, as in
[the first lesson](../lessons/{UNIT}/{LESSON}.md).
"
    );
    Some((
        "content/pages/about.md".into(),
        crate::scaffold::page_text("About", &body),
    ))
}

fn site_yaml(title: &str, languages: &[String]) -> String {
    format!(
        "# paveldas site configuration: see \"Content format\" in paveldas's README.
title: {title}
# The address the site will be published at. With it, paveldas also writes the badges' Open Badges
# JSON, sitemap.xml and canonical links; without it the site is for opening from disk.
# base_url: https://heritage.example.org/
default_language: {default}
languages: [{languages}]
theme: default
output_dir: public
# Who awards the badges (Open Badges JSON needs it, with base_url):
# issuer:
#   name: Your school
#   url: https://school.example.org/
#   email: badges@school.example.org
",
        title = yaml_string(title),
        default = languages[0],
        languages = languages.join(", ")
    )
}

fn home_text(title: &str) -> String {
    format!(
        "---
title: {}
---

This is the home page of your new site: its text is in `content/_index.md`.

The lessons are in `content/lessons/`, one folder per unit. Start with
[the first lesson](lessons/{UNIT}/{LESSON}.md), which counts toward
[the first badge](badges/{BADGE}.md). Add a lesson with `paveldas new lesson {UNIT} SLUG`
and a badge with `paveldas new badge ID`.
",
        yaml_string(title)
    )
}

/// The files and directories one `init` created, to remove them again if a later write fails.
struct Written<'a> {
    root: &'a Path,
    files: Vec<PathBuf>,
    dirs: Vec<PathBuf>,
}

impl Written<'_> {
    /// Creates `dir` and its missing parents, recording each one created.
    fn create_dirs(&mut self, dir: &Path) -> Result<(), Diagnostic> {
        let mut missing = Vec::new();
        let mut d = dir;
        while !d.as_os_str().is_empty() && std::fs::symlink_metadata(d).is_err() {
            missing.push(d.to_path_buf());
            match d.parent() {
                Some(p) => d = p,
                None => break,
            }
        }
        for d in missing.into_iter().rev() {
            if let Err(e) = std::fs::create_dir(&d) {
                self.undo();
                return Err(Diagnostic::error(
                    &d,
                    format!("cannot create directory: {e}"),
                ));
            }
            self.dirs.push(d);
        }
        Ok(())
    }

    /// Writes `rel` under the root as a new file (never over an existing one).
    fn write(&mut self, rel: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
        use std::io::Write;
        let path = self.root.join(rel);
        if let Some(parent) = path.parent() {
            self.create_dirs(parent)?;
        }
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(|e| Diagnostic::error(&path, format!("cannot create: {e}")))?;
        self.files.push(rel.to_path_buf());
        f.write_all(bytes)
            .map_err(|e| Diagnostic::error(&path, format!("cannot write: {e}")))
    }

    /// Removes the files written and the directories created (the root too if this call made
    /// it; one that existed is never in the list).
    fn undo(&mut self) {
        for f in self.files.drain(..).rev() {
            let _ = std::fs::remove_file(self.root.join(f));
        }
        for d in self.dirs.drain(..).rev() {
            // Only empty directories go: remove_dir refuses the others.
            let _ = std::fs::remove_dir(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_are_checked_before_anything_is_written() {
        let langs = |v: &[&str]| languages(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(langs(&[]).unwrap(), ["en"]);
        assert_eq!(langs(&["lt", " en "]).unwrap(), ["lt", "en"]);
        assert!(langs(&["en_GB"]).unwrap_err().message.contains("en_GB"));
        assert!(langs(&["en", "en"]).unwrap_err().message.contains("twice"));
    }

    #[test]
    fn a_failed_write_takes_back_what_was_written() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("new/site");
        let mut w = Written {
            root: &root,
            files: Vec::new(),
            dirs: Vec::new(),
        };
        w.create_dirs(&root).unwrap();
        w.write(Path::new("a/b.md"), b"x").unwrap();
        w.write(Path::new("c.md"), b"y").unwrap();
        assert!(
            w.write(Path::new("c.md"), b"z").is_err(),
            "never overwrites"
        );
        assert_eq!(std::fs::read(root.join("c.md")).unwrap(), b"y");
        assert!(w.write(Path::new("c.md/d.md"), b"z").is_err());
        w.undo();
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 0);
    }

    #[test]
    fn the_plan_stays_inside_the_site() {
        let (files, notes) = plan("T", &["de".into(), "lt".into(), "xx".into()]);
        for (rel, _) in &files {
            assert!(rel.is_relative(), "{}", rel.display());
            assert!(
                rel.components()
                    .all(|c| matches!(c, std::path::Component::Normal(_))),
                "{}",
                rel.display()
            );
        }
        let has = |p: &str| files.iter().any(|(r, _)| r == Path::new(p));
        assert!(has("locales/de/main.ftl") && has("locales/lt/main.ftl"));
        assert!(!has("locales/xx/main.ftl"));
        assert_eq!(notes.len(), 2, "{notes:?}");
    }
}
