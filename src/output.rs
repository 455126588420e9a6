//! Stage 5: writing. Everything is written into a staging directory beside the output directory and
//! swapped in only when the whole build succeeded, so a failed or killed build never leaves a
//! half-written site. Also enforces the `output_dir` refusals of SPEC §4.
//!
//! For the dev server a staging directory can also *track* what it holds (a hash per file), and
//! *update* an existing output in place: only files whose bytes changed are staged, and the commit
//! moves just those into the output and removes the outputs that are no longer produced.

use crate::diagnostic::{Diagnostic, Diagnostics};
use std::collections::{HashMap, HashSet};
use std::fs;
use std::hash::{DefaultHasher, Hasher};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Output files (relative, `/`-separated) with a hash of their bytes: what an output directory holds.
pub type Hashes = HashMap<String, u64>;

/// The hash kept per output file to tell whether a rebuild changed it.
pub fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut h = DefaultHasher::new();
    h.write(bytes);
    h.finish()
}

/// What a tracked commit changed in the output.
#[derive(Debug, Default, Clone)]
pub struct Committed {
    /// Every file the output now holds, with its hash.
    pub hashes: Hashes,
    /// Files written with new bytes (or new files), sorted.
    pub changed: Vec<String>,
    /// Files removed because the site no longer produces them, sorted.
    pub removed: Vec<String>,
}

/// How a staging directory reaches the output.
enum Mode {
    /// A whole new site that replaces the output (`build`).
    Fresh,
    /// Only changed files are staged; the output is updated in place on commit.
    Update,
}

/// What a tracking staging directory knows: the output's files before, and the files of this build.
struct Tracking {
    previous: Hashes,
    current: Mutex<Hashes>,
}

/// The file paveldas leaves in its output so it knows the directory is its own.
pub const MARKER: &str = ".paveldas-output";

/// Checks that `output` is a directory paveldas may replace.
pub fn check_output_dir(root: &Path, output: &Path) -> Result<(), Diagnostics> {
    let err = |msg: String, hint: &str| -> Result<(), Diagnostics> {
        Err(Diagnostic::error(root.join("site.yaml"), msg)
            .hint(hint)
            .into())
    };
    let canon_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let canon_out = canonicalize_lenient(output);
    if canon_out == canon_root {
        return err(
            format!("output_dir `{}` is the site root", output.display()),
            "set output_dir to a directory of its own, e.g. `output_dir: public`",
        );
    }
    if canon_root.starts_with(&canon_out) {
        return err(
            format!("output_dir `{}` contains the site itself", output.display()),
            "the output directory is replaced on every build; choose one inside or beside the site",
        );
    }
    if output.is_dir() {
        for inner in ["content", "locales", "themes", "site.yaml"] {
            if output.join(inner).exists() {
                return err(
                    format!("output_dir `{}` contains `{inner}`: it looks like a site, not a build output", output.display()),
                    "choose another output_dir; paveldas replaces the whole output directory",
                );
            }
        }
        let empty = fs::read_dir(output)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty && !output.join(MARKER).is_file() {
            return err(
                format!("output_dir `{}` is not empty and was not made by paveldas", output.display()),
                "paveldas replaces its output directory on every build; empty it or choose another one",
            );
        }
    } else if output.exists() {
        return err(
            format!("output_dir `{}` is a file", output.display()),
            "choose a directory name",
        );
    }
    Ok(())
}

fn canonicalize_lenient(p: &Path) -> PathBuf {
    if let Ok(c) = p.canonicalize() {
        return c;
    }
    match (p.parent(), p.file_name()) {
        (Some(parent), Some(name)) if !parent.as_os_str().is_empty() => {
            canonicalize_lenient(parent).join(name)
        }
        _ => std::env::current_dir()
            .map(|d| d.join(p))
            .unwrap_or_else(|_| p.to_path_buf()),
    }
}

/// A staging directory being filled by a build.
pub struct Staging {
    output: PathBuf,
    dir: PathBuf,
    made_dirs: Mutex<HashSet<PathBuf>>,
    mode: Mode,
    tracking: Option<Tracking>,
}

impl Staging {
    /// Creates a fresh staging directory beside `output`, removing any left over by a killed build.
    pub fn new(output: &Path) -> io::Result<Staging> {
        let parent = output
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        fs::create_dir_all(parent)?;
        let name = output
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let prefix = format!(".{name}.paveldas-");
        if let Ok(rd) = fs::read_dir(parent) {
            for e in rd.flatten() {
                let n = e.file_name().to_string_lossy().into_owned();
                if n.starts_with(&prefix) && !pid_alive(&n) {
                    let _ = fs::remove_dir_all(e.path());
                }
            }
        }
        let dir = parent.join(format!("{prefix}{}", std::process::id()));
        if dir.exists() {
            fs::remove_dir_all(&dir)?;
        }
        fs::create_dir_all(&dir)?;
        fs::write(
            dir.join(MARKER),
            "This directory is written by paveldas and replaced on every build.\n",
        )?;
        Ok(Staging {
            output: output.to_path_buf(),
            dir,
            made_dirs: Mutex::new(HashSet::new()),
            mode: Mode::Fresh,
            tracking: None,
        })
    }

    /// Also keeps a hash of every file written, so that [`Staging::commit_tracked`] can tell what
    /// changed compared with `previous` (the dev server's record of the output).
    pub fn tracking(mut self, previous: Hashes) -> Staging {
        self.tracking = Some(Tracking {
            previous,
            current: Mutex::new(HashMap::new()),
        });
        self
    }

    /// A staging directory that updates the existing `output`, whose files are `previous`, in place:
    /// a write whose bytes equal the output's is skipped, other writes are staged and moved into the
    /// output on commit (see [`Staging::commit_tracked`] for the files not written).
    pub fn update(output: &Path, previous: Hashes) -> io::Result<Staging> {
        let mut s = Staging::new(output)?.tracking(previous);
        fs::remove_file(s.dir.join(MARKER))?;
        s.mode = Mode::Update;
        Ok(s)
    }

    /// Records `bytes` as the content of `rel`; false when an update can skip writing it.
    fn track(&self, rel: &str, bytes: &[u8]) -> bool {
        let Some(t) = &self.tracking else {
            return true;
        };
        let h = hash_bytes(bytes);
        t.current
            .lock()
            .expect("not poisoned")
            .insert(rel.to_string(), h);
        !matches!(self.mode, Mode::Update) || t.previous.get(rel) != Some(&h)
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Creates the directories for all `paths` (relative, `/`-separated) once, up front.
    pub fn make_dirs<'a>(&self, paths: impl IntoIterator<Item = &'a str>) -> io::Result<()> {
        let mut made = self.made_dirs.lock().expect("not poisoned");
        for p in paths {
            if let Some((dir, _)) = p.rsplit_once('/') {
                let d = PathBuf::from(dir);
                if made.insert(d.clone()) {
                    fs::create_dir_all(self.dir.join(&d))?;
                }
            }
        }
        Ok(())
    }

    /// Writes one file (relative `/`-separated path) with a single write call.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        if !self.track(rel, bytes) {
            return Ok(());
        }
        let path = self.dir.join(rel);
        match fs::File::create(&path) {
            Ok(mut f) => f.write_all(bytes),
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                if let Some(parent) = path.parent() {
                    fs::create_dir_all(parent)?;
                }
                fs::File::create(&path)?.write_all(bytes)
            }
            Err(e) => Err(e),
        }
    }

    /// Copies a file into the staging directory (hard link when possible).
    pub fn copy(&self, source: &Path, rel: &str) -> io::Result<()> {
        if self.tracking.is_some() {
            return self.write(rel, &fs::read(source)?);
        }
        let path = self.dir.join(rel);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::copy(source, &path).map(|_| ())
    }

    /// Swaps the finished staging directory in place of the output directory, atomically where the
    /// OS allows it (Linux `renameat2(RENAME_EXCHANGE)`), then removes the old output.
    pub fn commit(self) -> io::Result<()> {
        match self.mode {
            Mode::Update => self.commit_tracked(|_| false).map(|_| ()),
            Mode::Fresh => self.swap(),
        }
    }

    fn swap(&self) -> io::Result<()> {
        if self.output.exists() {
            if exchange(&self.dir, &self.output).is_ok() {
                // `self.dir` now holds the previous output.
                return remove_tree(&self.dir);
            }
            let old = self.dir.with_extension("old");
            fs::rename(&self.output, &old)?;
            fs::rename(&self.dir, &self.output)?;
            let _ = remove_tree(&old);
            Ok(())
        } else {
            fs::rename(&self.dir, &self.output)
        }
    }

    /// Commits (the swap, or the in-place update) and tells what changed compared with the hashes
    /// given to [`Staging::tracking`] or [`Staging::update`]. In an update, a file of the previous
    /// output not written this time stays if `still_produced` says so (a page not re-rendered) and
    /// is removed otherwise.
    pub fn commit_tracked(self, still_produced: impl Fn(&str) -> bool) -> io::Result<Committed> {
        let (previous, mut current) = match &self.tracking {
            Some(t) => (
                &t.previous,
                std::mem::take(&mut *t.current.lock().expect("not poisoned")),
            ),
            None => (&HashMap::new(), HashMap::new()),
        };
        if matches!(self.mode, Mode::Update) {
            for (p, h) in previous {
                if !current.contains_key(p) && still_produced(p) {
                    current.insert(p.clone(), *h);
                }
            }
        }
        // What is staged; files a hook wrote straight into `dir()` were not hashed: hash them now.
        let mut staged = Vec::new();
        for e in walkdir::WalkDir::new(&self.dir).into_iter().flatten() {
            if !e.file_type().is_file() || e.depth() == 1 && e.file_name() == MARKER {
                continue;
            }
            let rel = e.path().strip_prefix(&self.dir).unwrap_or(e.path());
            let rel = rel.to_string_lossy().replace('\\', "/");
            if !current.contains_key(&rel) {
                current.insert(rel.clone(), hash_bytes(&fs::read(e.path())?));
            }
            staged.push(rel);
        }
        let mut changed: Vec<String> = match self.mode {
            Mode::Fresh => current
                .iter()
                .filter(|(p, h)| previous.get(*p) != Some(*h))
                .map(|(p, _)| p.clone())
                .collect(),
            Mode::Update => staged.clone(),
        };
        changed.sort();
        let mut removed: Vec<String> = previous
            .keys()
            .filter(|p| !current.contains_key(*p))
            .cloned()
            .collect();
        removed.sort();
        match self.mode {
            Mode::Fresh => self.swap()?,
            Mode::Update => {
                for rel in &staged {
                    let to = self.output.join(rel);
                    if let Some(parent) = to.parent() {
                        fs::create_dir_all(parent)?;
                    }
                    fs::rename(self.dir.join(rel), &to)?;
                }
                for rel in &removed {
                    let path = self.output.join(rel);
                    let _ = fs::remove_file(&path);
                    // Directories left empty go too: a fresh build would not have them.
                    let mut dir = path.parent();
                    while let Some(d) = dir.filter(|d| *d != self.output) {
                        if fs::remove_dir(d).is_err() {
                            break;
                        }
                        dir = d.parent();
                    }
                }
                let _ = fs::remove_dir_all(&self.dir);
            }
        }
        Ok(Committed {
            hashes: current,
            changed,
            removed,
        })
    }

    /// Removes the staging directory after a failed build; the output is untouched.
    pub fn abandon(self) {
        let _ = fs::remove_dir_all(&self.dir);
    }
}

fn pid_alive(name: &str) -> bool {
    let Some(pid) = name
        .rsplit('-')
        .next()
        .and_then(|p| p.split('.').next())
        .and_then(|p| p.parse::<u32>().ok())
    else {
        return false;
    };
    pid != std::process::id() && Path::new(&format!("/proc/{pid}")).exists()
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let ca = CString::new(a.as_os_str().as_bytes()).map_err(|_| io::ErrorKind::InvalidInput)?;
    let cb = CString::new(b.as_os_str().as_bytes()).map_err(|_| io::ErrorKind::InvalidInput)?;
    // SAFETY: both are valid NUL-terminated paths; renameat2 does not keep the pointers.
    let r = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            ca.as_ptr(),
            libc::AT_FDCWD,
            cb.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}

/// Removes a directory tree like `fs::remove_dir_all`, with its subdirectories in parallel:
/// removing the previous output of a large site is mostly system time spent per file.
/// Symbolic links are removed, never followed.
pub fn remove_tree(dir: &Path) -> io::Result<()> {
    use rayon::prelude::*;
    let entries: Vec<fs::DirEntry> = fs::read_dir(dir)?.collect::<io::Result<_>>()?;
    entries.par_iter().try_for_each(|e| {
        if e.file_type()?.is_dir() {
            remove_tree(&e.path())
        } else {
            fs::remove_file(e.path())
        }
    })?;
    fs::remove_dir(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_dangerous_outputs() {
        let site = tempfile::tempdir().unwrap();
        let root = site.path();
        assert!(check_output_dir(root, root).is_err());
        assert!(check_output_dir(root, root.parent().unwrap()).is_err());
        fs::create_dir_all(root.join("public")).unwrap();
        fs::write(root.join("public/notes.txt"), "mine").unwrap();
        assert!(check_output_dir(root, &root.join("public")).is_err());
        fs::write(root.join("public").join(MARKER), "").unwrap();
        assert!(check_output_dir(root, &root.join("public")).is_ok());
        assert!(check_output_dir(root, &root.join("fresh")).is_ok());
    }

    #[test]
    fn swap_replaces_output() {
        let site = tempfile::tempdir().unwrap();
        let out = site.path().join("public");
        fs::create_dir_all(&out).unwrap();
        fs::write(out.join("old.html"), "old").unwrap();
        let s = Staging::new(&out).unwrap();
        s.write("a/new.html", b"new").unwrap();
        s.commit().unwrap();
        assert!(out.join("a/new.html").is_file());
        assert!(!out.join("old.html").exists());
        assert!(out.join(MARKER).is_file());
        let leftovers: Vec<_> = fs::read_dir(site.path()).unwrap().flatten().collect();
        assert_eq!(leftovers.len(), 1);
    }
}
