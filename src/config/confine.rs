//! Where paveldas may read and write: nothing outside the site is ever deleted, read or published.
//!
//! - [`real_path`] resolves a path a user gave (`--output`, `output_dir`) the way the operating
//!   system will once the missing folders exist: component by component, following the links of
//!   the parts that exist, so `missing/../victim` is `victim` and `link/..` is the link target's
//!   parent.
//! - [`output_dir`] is the one check every command makes of the output directory: it must be
//!   missing, empty, or a directory paveldas wrote (proved by the [`crate::output::manifest`] it left, file by
//!   file), outside the site's sources and not containing them.
//! - [`Confined`] and [`walk`] read folders of the site without leaving it through a link, and
//!   skip hidden files (with a warning for each) except the few a static host needs.
//!
//! Hand-written because no crate resolves a path with missing components against the real
//! file system (`std::fs::canonicalize` fails on a missing path; `path-clean` is lexical only, which
//! is exactly the bug this module exists for).

use crate::config::{Config, Origin};
use crate::diagnostic::{Diagnostic, Diagnostics};
use std::io;
use std::path::{Component, Path, PathBuf};

/// Resolves `given` (relative to `base`, which must exist) to an absolute path without `.` or `..`
/// and without links among the parts that exist. Parts that do not exist are taken as they are
/// written; a `..` after one goes back to its parent, as it will once the part is created.
pub fn real_path(base: &Path, given: &Path) -> io::Result<PathBuf> {
    let mut cur = if given.is_absolute() {
        PathBuf::from("/")
    } else {
        base.canonicalize()?
    };
    // Links followed so far: a loop of links is an error, not a hang.
    let mut hops = 0;
    let mut todo: Vec<PathBuf> = vec![given.to_path_buf()];
    while let Some(path) = todo.pop() {
        let mut comps = path.components();
        while let Some(c) = comps.next() {
            match c {
                Component::Prefix(p) => cur = PathBuf::from(p.as_os_str()),
                Component::RootDir => cur.push("/"),
                Component::CurDir => {}
                Component::ParentDir => {
                    cur.pop();
                }
                Component::Normal(name) => {
                    let next = cur.join(name);
                    match std::fs::symlink_metadata(&next) {
                        Ok(m) if m.file_type().is_symlink() => {
                            hops += 1;
                            if hops > 40 {
                                return Err(io::Error::other("too many levels of symbolic links"));
                            }
                            let target = std::fs::read_link(&next)?;
                            // The rest of this path comes after the link's target.
                            let rest: PathBuf = comps.clone().collect();
                            todo.push(rest);
                            todo.push(target);
                            break;
                        }
                        _ => cur = next,
                    }
                }
            }
        }
    }
    Ok(cur)
}

/// The folders and files of a site that are its sources: an output may not be among them.
pub const SOURCES: &[&str] = &["content", "static", "locales", "themes", "site.yaml"];

/// Checks the output directory of `config` and returns its real path, which every later stage
/// writes to. Guarantees, whatever path or link was given:
/// - the output is not the site root, does not contain the site, and is not inside one of its
///   [`SOURCES`] (pages written into `content/` would be read as content by the next build);
/// - it is missing, an empty directory, or a directory whose every file paveldas wrote, unchanged
///   since (each file's size and digest match the manifest of the last build); any other file is
///   named in the error and nothing is deleted.
///
/// Every command that writes or would write the output (`build`, `serve`, `check`) calls it first
/// (`build` as [`output_path`] then [`prove`], the proof on a thread of its own while it renders).
pub fn output_dir(config: &Config) -> Result<PathBuf, Diagnostics> {
    let out = output_path(config)?;
    prove(config, &out)?;
    Ok(out)
}

/// The diagnostic about the output directory, at `site.yaml:line` or `--output`.
fn output_error(config: &Config, message: String, hint: &str) -> Diagnostics {
    let d = Diagnostic::error("", message).hint(hint);
    config
        .at_setting(&config.output_origin, "--output", d)
        .into()
}

/// The first half of [`output_dir`]: the real path, checked against the site, and that it is a
/// directory or missing; not yet that its files are paveldas's.
pub fn output_path(config: &Config) -> Result<PathBuf, Diagnostics> {
    let root = &config.root;
    let err = |message: String, hint: &str| output_error(config, message, hint);
    let shown = config.output_given.display();
    let root_real = root.canonicalize().map_err(|e| {
        Diagnostics::from(Diagnostic::error(
            root,
            format!("cannot read the site root: {e}"),
        ))
    })?;
    let base = match config.output_origin {
        Origin::CommandLine => std::env::current_dir().unwrap_or_else(|_| root_real.clone()),
        _ => root_real.clone(),
    };
    let out = real_path(&base, &config.output_given).map_err(|e| {
        err(
            format!("output directory `{shown}` cannot be resolved: {e}"),
            "name a directory of its own, e.g. `public`",
        )
    })?;
    if out == root_real {
        return Err(err(
            format!("output directory `{shown}` is the site root"),
            "set it to a directory of its own, e.g. `output_dir: public`",
        ));
    }
    if root_real.starts_with(&out) {
        return Err(err(
            format!(
                "output directory `{shown}` ({}) contains the site itself",
                out.display()
            ),
            "the output directory is replaced on every build; choose one inside or beside the site, e.g. `public`",
        ));
    }
    for source in SOURCES {
        let src = root_real.join(source);
        let src = src.canonicalize().unwrap_or(src);
        if out.starts_with(&src) {
            return Err(err(
                format!("output directory `{shown}` is inside the site's sources (`{source}`)"),
                "choose a directory outside content/, static/, locales/ and themes/, e.g. `public`",
            ));
        }
    }
    match std::fs::symlink_metadata(&out) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(out),
        Err(e) => {
            return Err(err(
                format!("cannot read output directory `{shown}`: {e}"),
                "check its permissions",
            ))
        }
        Ok(m) if !m.is_dir() => {
            return Err(err(
                format!("output directory `{shown}` ({}) is a file", out.display()),
                "choose a directory name",
            ))
        }
        Ok(_) => {}
    }
    Ok(out)
}

/// The second half of [`output_dir`]: every file in the output directory `out` (a real path from
/// [`output_path`]) is one paveldas wrote, unchanged; the error names the others.
pub fn prove(config: &Config, out: &Path) -> Result<(), Diagnostics> {
    let shown = config.output_given.display();
    if !out.is_dir() {
        return Ok(());
    }
    let marker =
        std::fs::read_to_string(out.join(crate::output::manifest::FILE)).unwrap_or_default();
    if marker.starts_with("This directory is written by paveldas") {
        return Err(output_error(
            config,
            format!(
                "output directory `{shown}` ({}) was written by an older paveldas, whose marker does not list the files it wrote",
                out.display()
            ),
            "check that it holds nothing of yours, then delete it; the next build writes it again with a manifest that lets later builds replace it",
        ));
    }
    if let Err(foreign) = crate::output::manifest::verify(out) {
        let total = foreign.len();
        let mut names: Vec<String> = foreign.iter().take(5).map(|f| f.to_string()).collect();
        if total > 5 {
            names.push(format!("and {} more", total - 5));
        }
        return Err(output_error(
            config,
            format!(
                "output directory `{shown}` ({}) holds files paveldas did not write: {}",
                out.display(),
                names.join(", ")
            ),
            "paveldas replaces its output directory on every build and deletes nothing it did not write: move those files out, or choose another output directory",
        ));
    }
    Ok(())
}

/// The real path of the site root, against which every read is confined.
#[derive(Debug, Clone)]
pub struct Confined {
    root: PathBuf,
    /// The real output directory: never read as a source.
    output: Option<PathBuf>,
}

/// Why a path may not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// A link (or a folder reached through one) whose target is outside the site root.
    Outside(PathBuf),
    /// The link's target is inside the output directory.
    InOutput,
    /// The link is dangling or cannot be read.
    Broken(String),
}

impl Confined {
    pub fn new(root: &Path, output: Option<&Path>) -> Confined {
        Confined {
            root: root.canonicalize().unwrap_or_else(|_| root.to_path_buf()),
            output: output.map(Path::to_path_buf),
        }
    }

    /// The real path of `path` if it is inside the site root (and not in its output).
    pub fn check(&self, path: &Path) -> Result<PathBuf, Refused> {
        let real = path
            .canonicalize()
            .map_err(|e| Refused::Broken(e.to_string()))?;
        if !real.starts_with(&self.root) {
            return Err(Refused::Outside(real));
        }
        if self.output.as_ref().is_some_and(|o| real.starts_with(o)) {
            return Err(Refused::InOutput);
        }
        Ok(real)
    }

    /// Checks a path that may be a link: `Ok` for a plain file or folder, or a link into the site.
    /// `rel` is the path shown in the error.
    pub fn check_link(&self, path: &Path, rel: &Path) -> Result<(), Diagnostic> {
        let is_link = std::fs::symlink_metadata(path)
            .map(|m| m.file_type().is_symlink())
            .unwrap_or(false);
        if !is_link {
            return Ok(());
        }
        self.check(path)
            .map(|_| ())
            .map_err(|why| refused(rel, why))
    }

    pub fn root(&self) -> &Path {
        &self.root
    }
}

/// The diagnostic for a link paveldas will not follow.
pub fn refused(rel: &Path, why: Refused) -> Diagnostic {
    match why {
        Refused::Outside(target) => Diagnostic::error(
            rel,
            format!(
                "symbolic link points outside the site root (to {})",
                target.display()
            ),
        )
        .hint("paveldas reads nothing outside the site: copy the file or folder into the site instead of linking to it"),
        Refused::InOutput => Diagnostic::error(rel, "symbolic link points into the output directory")
            .hint("link to the source of the file instead"),
        Refused::Broken(e) => Diagnostic::error(rel, format!("symbolic link cannot be followed: {e}"))
            .hint("remove the link or make it point at a file of the site"),
    }
}

/// Hidden names a static host or an identifier needs, published although they start with `.`.
const PUBLISHED_HIDDEN: &[&str] = &[".well-known", ".nojekyll"];

/// One file found by [`walk`].
#[derive(Debug, Clone)]
pub struct Found {
    /// Its path as found (inside `dir`; through links that stay inside the site).
    pub path: PathBuf,
    /// Its path from `dir`, `/`-separated.
    pub rel: String,
}

/// Walks `dir` (a folder of the site) in file-name order and hands each of its files to `each`. Links are followed
/// only into the site (others are errors in `diags`); hidden files and folders (`.git`, `.env`) are
/// skipped with a warning, except `.well-known/` and `.nojekyll` when `publish_hidden` is set;
/// editors' temporary files are skipped silently; pipes, sockets and devices are errors.
/// `what` names the folder in hints (`static`); paths in diagnostics are shown from `shown_root`.
pub fn walk(
    confined: &Confined,
    shown_root: &Path,
    dir: &Path,
    what: &str,
    publish_hidden: bool,
    diags: &mut Diagnostics,
    mut each: impl FnMut(Found),
) {
    let show = |p: &Path| -> PathBuf {
        p.strip_prefix(shown_root)
            .map(Path::to_path_buf)
            .unwrap_or_else(|_| p.to_path_buf())
    };
    let mut it = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter();
    while let Some(entry) = it.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| dir.into());
                let msg = if e.loop_ancestor().is_some() {
                    "symbolic link loop".to_string()
                } else {
                    format!(
                        "cannot read: {}",
                        e.io_error()
                            .map(|e| e.to_string())
                            .unwrap_or_else(|| e.to_string())
                    )
                };
                diags.push(
                    Diagnostic::error(show(&path), msg)
                        .hint("remove the link or fix the file's permissions"),
                );
                continue;
            }
        };
        let is_dir = entry.file_type().is_dir();
        if entry.depth() > 0 {
            let name = entry.file_name().to_string_lossy();
            if is_editor_temporary(&name) {
                if is_dir {
                    it.skip_current_dir();
                }
                continue;
            }
            if name.starts_with('.')
                && !(publish_hidden && entry.depth() == 1 && PUBLISHED_HIDDEN.contains(&&*name))
            {
                let kind = if is_dir { "folder" } else { "file" };
                diags.push(
                    Diagnostic::warning(
                        show(entry.path()),
                        format!("hidden {kind} not published"),
                    )
                    .hint(if publish_hidden {
                        format!("paveldas never publishes hidden files and folders (only .well-known/ and .nojekyll at the top of {what}/); rename it without the leading `.` to publish it")
                    } else {
                        format!("paveldas never reads hidden files and folders in {what}/; rename it without the leading `.` to use it")
                    }),
                );
                if is_dir {
                    it.skip_current_dir();
                }
                continue;
            }
        }
        if entry.path_is_symlink() || entry.depth() == 0 {
            if let Err(why) = confined.check(entry.path()) {
                diags.push(refused(&show(entry.path()), why));
                if is_dir {
                    it.skip_current_dir();
                }
                continue;
            }
        }
        if is_dir {
            continue;
        }
        if !entry.file_type().is_file() {
            diags.push(Diagnostic::not_regular_file(show(entry.path()), what));
            continue;
        }
        let rel = entry
            .path()
            .strip_prefix(dir)
            .unwrap_or(entry.path())
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        each(Found {
            path: entry.path().to_path_buf(),
            rel,
        });
    }
}

/// Editors' and systems' temporary files, skipped without a word: `#x#`, `x~`, `.x.swp`, `4913`
/// (vim's probe file), `Thumbs.db`, `.DS_Store`.
pub fn is_editor_temporary(name: &str) -> bool {
    name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "Thumbs.db"
        || name == ".DS_Store"
        || name == "4913"
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;
    use std::os::unix::fs::symlink;

    #[test]
    fn missing_parts_then_dotdot_resolve_like_the_os_will() {
        let t = tempfile::tempdir().unwrap();
        let base = t.path().canonicalize().unwrap();
        fs::create_dir_all(base.join("site")).unwrap();
        fs::create_dir_all(base.join("victim")).unwrap();
        let site = base.join("site");
        assert_eq!(
            real_path(&site, Path::new("../nonexistent/../victim")).unwrap(),
            base.join("victim")
        );
        assert_eq!(
            real_path(&site, Path::new("x/../../victim")).unwrap(),
            base.join("victim")
        );
        assert_eq!(
            real_path(&site, Path::new("x/../content")).unwrap(),
            site.join("content")
        );
        assert_eq!(
            real_path(&site, Path::new("./public/")).unwrap(),
            site.join("public")
        );
        assert_eq!(
            real_path(&site, Path::new("a/b/c")).unwrap(),
            site.join("a/b/c")
        );
        // A link: `..` after it is the target's parent.
        fs::create_dir_all(base.join("far/away")).unwrap();
        symlink(base.join("far/away"), site.join("link")).unwrap();
        assert_eq!(
            real_path(&site, Path::new("link/..")).unwrap(),
            base.join("far")
        );
        assert_eq!(
            real_path(&site, Path::new("link/out")).unwrap(),
            base.join("far/away/out")
        );
        // A relative link.
        symlink("../victim", site.join("rel")).unwrap();
        assert_eq!(
            real_path(&site, Path::new("rel")).unwrap(),
            base.join("victim")
        );
        // A loop is an error.
        symlink("loop2", site.join("loop1")).unwrap();
        symlink("loop1", site.join("loop2")).unwrap();
        assert!(real_path(&site, Path::new("loop1/x")).is_err());
    }
}
