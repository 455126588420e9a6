//! Stage 5: writing. Everything is written into a staging directory beside the output directory and
//! swapped in only when the whole build succeeded, so a failed or killed build never leaves a
//! half-written site, and the output always holds one whole build. The staging directory ends with
//! the [`crate::output::manifest`] of what was written, the proof the next build checks before replacing it.
//!
//! For the dev server a staging directory can also start as a hard-linked copy of the output
//! ([`Staging::update`]): only files whose bytes changed are written, and the commit swaps the
//! whole directory in at once, like a full build.

pub mod manifest;
pub mod names;

use manifest::{Digest, Hashes};

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// What a commit changed in the output.
#[derive(Debug, Default, Clone)]
pub struct Committed {
    /// Every file the output now holds, with its digest.
    pub hashes: Hashes,
    /// Files written with new bytes (or new files), sorted.
    pub changed: Vec<String>,
    /// Files removed because the site no longer produces them, sorted.
    pub removed: Vec<String>,
}

/// The file that marks a staging directory as paveldas's while it is being filled: a leftover of a
/// killed build is removed by the next one only if it holds this file or a valid manifest.
const STAGING_MARK: &str = ".paveldas-staging";

/// A staging directory being filled by a build.
pub struct Staging {
    /// The real path of the output directory (checked by [`crate::config::confine::output_dir`]).
    output: PathBuf,
    dir: PathBuf,
    made_dirs: Mutex<HashSet<PathBuf>>,
    /// The output's files before this build, as far as known (the dev server's record).
    previous: Hashes,
    /// An update: the staging directory started as a hard-linked copy of the previous output,
    /// and a write whose bytes equal the previous file's is skipped.
    update: bool,
    /// Every file written, with its digest: the new manifest.
    written: Mutex<Hashes>,
    /// Where the files go.
    place: Place,
}

/// Where a [`Staging`] puts what is written.
enum Place {
    /// The staging directory.
    Disk,
    /// [`Staging::memory`]: the files' bytes, nothing on disk.
    Memory(Mutex<HashMap<String, Vec<u8>>>),
    /// [`Staging::nowhere`]: nothing is kept.
    Nowhere,
}

impl Staging {
    /// Creates a fresh staging directory beside `output` (a real path checked by
    /// [`crate::config::confine::output_dir`]), removing those left over by killed builds.
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
                if n.starts_with(&prefix) && !pid_alive(&n) && is_ours(&e.path()) {
                    let _ = remove_staging(&e.path());
                }
            }
        }
        let dir = parent.join(format!("{prefix}{}", std::process::id()));
        if dir.exists() {
            if !is_ours(&dir) {
                return Err(io::Error::other(format!(
                    "{} exists and is not a staging directory of paveldas; move it away",
                    dir.display()
                )));
            }
            remove_staging(&dir)?;
        }
        fs::create_dir_all(&dir)?;
        fs::write(
            dir.join(STAGING_MARK),
            "A build of paveldas in progress; removed when it ends.\n",
        )?;
        Ok(Staging {
            output: output.to_path_buf(),
            dir,
            made_dirs: Mutex::new(HashSet::new()),
            previous: Hashes::default(),
            update: false,
            written: Mutex::new(Hashes::default()),
            place: Place::Disk,
        })
    }

    /// A staging that keeps what is written in memory and never touches the disk: the dev server
    /// shows the edited pages from it at once, before the whole rebuild is swapped in.
    pub fn memory() -> Staging {
        Staging::off_disk(Place::Memory(Mutex::new(HashMap::new())))
    }

    /// A staging that keeps nothing: `check` renders every page as `build` would, and throws
    /// each away.
    pub fn nowhere() -> Staging {
        Staging::off_disk(Place::Nowhere)
    }

    fn off_disk(place: Place) -> Staging {
        Staging {
            output: PathBuf::new(),
            dir: PathBuf::new(),
            made_dirs: Mutex::new(HashSet::new()),
            previous: Hashes::default(),
            update: false,
            written: Mutex::new(Hashes::default()),
            place,
        }
    }

    /// The files of a [`Staging::memory`] (empty for any other).
    pub fn into_files(self) -> HashMap<String, Vec<u8>> {
        match self.place {
            Place::Memory(m) => m.into_inner().expect("not poisoned"),
            Place::Disk | Place::Nowhere => HashMap::new(),
        }
    }

    /// Also knows the output's files before (the dev server's record), so that the commit can tell
    /// what changed.
    pub fn tracking(mut self, previous: Hashes) -> Staging {
        self.previous = previous;
        self
    }

    /// A staging directory that starts as a copy of the existing `output`, whose files are
    /// `previous`, made of hard links (cheap, and no byte of the output is touched): a write whose
    /// bytes equal the output's is skipped, other writes replace the link with a new file, and the
    /// commit swaps the whole directory in at once, so the output always holds one whole build.
    pub fn update(output: &Path, previous: Hashes) -> io::Result<Staging> {
        let mut s = Staging::new(output)?.tracking(previous);
        s.update = true;
        let mut dirs = HashSet::new();
        for rel in s.previous.keys() {
            if let Some((d, _)) = rel.rsplit_once('/') {
                if dirs.insert(d) {
                    fs::create_dir_all(s.dir.join(d))?;
                }
            }
            let (from, to) = (output.join(rel), s.dir.join(rel));
            if let Err(e) = fs::hard_link(&from, &to) {
                match e.kind() {
                    // Removed from the output by hand: the build writes it again if it is produced.
                    io::ErrorKind::NotFound => {}
                    _ => {
                        fs::copy(&from, &to)?;
                    }
                }
            }
        }
        *s.made_dirs.lock().expect("not poisoned") = dirs.into_iter().map(PathBuf::from).collect();
        Ok(s)
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Creates the directories for all `paths` (relative, `/`-separated) once, up front.
    pub fn make_dirs<'a>(&self, paths: impl IntoIterator<Item = &'a str>) -> io::Result<()> {
        if !matches!(self.place, Place::Disk) {
            return Ok(());
        }
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
        match &self.place {
            Place::Disk => {}
            Place::Memory(m) => {
                m.lock()
                    .expect("not poisoned")
                    .insert(rel.to_string(), bytes.to_vec());
                return Ok(());
            }
            Place::Nowhere => return Ok(()),
        }
        let mut digest = Digest::of(bytes);
        let record = |d: Digest| {
            self.written
                .lock()
                .expect("not poisoned")
                .insert(rel.to_string(), d);
        };
        let path = self.dir.join(rel);
        if self.update {
            if let Some(old) = self.previous.get(rel).filter(|d| **d == digest) {
                if path.is_file() {
                    record(*old);
                    return Ok(());
                }
            }
            // A hard link to the output's file: writing into it would change the output.
            match fs::remove_file(&path) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
                _ => {}
            }
        }
        let mut f = match fs::File::create(&path) {
            Ok(f) => f,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                if let Some(parent) = path.parent() {
                    fs::create_dir_all(parent)?;
                }
                fs::File::create(&path)?
            }
            Err(e) => return Err(e),
        };
        f.write_all(bytes)?;
        // The file's stamp lets the next build prove it unchanged without reading it.
        digest.stamp = manifest::Stamp::of(&f.metadata()?);
        record(digest);
        Ok(())
    }

    /// Copies a file into the staging directory.
    pub fn copy(&self, source: &Path, rel: &str) -> io::Result<()> {
        self.write(rel, &fs::read(source)?)
    }

    /// Swaps the finished staging directory in place of the output directory, atomically where the
    /// OS allows it (Linux `renameat2(RENAME_EXCHANGE)`), then removes the old output.
    pub fn commit(self) -> io::Result<()> {
        self.finish(|_| false, false).map(|_| ())
    }

    /// Commits and tells what changed compared with the files given to [`Staging::tracking`] or
    /// [`Staging::update`]. In an update, a file of the previous output not written this time
    /// stays if `still_produced` says so (a page not re-rendered) and is removed otherwise.
    /// The manifest of the new output is written last, then the directories are exchanged.
    pub fn commit_tracked(self, still_produced: impl Fn(&str) -> bool) -> io::Result<Committed> {
        self.finish(still_produced, true)
    }

    /// Commits; with `report`, also lists what changed (a plain `build` does not need to know).
    fn finish(self, still_produced: impl Fn(&str) -> bool, report: bool) -> io::Result<Committed> {
        let mut current = std::mem::take(&mut *self.written.lock().expect("not poisoned"));
        let previous = &self.previous;
        if self.update {
            for (p, d) in previous {
                if current.contains_key(p) {
                    continue;
                }
                if still_produced(p) {
                    current.insert(p.clone(), *d);
                } else {
                    remove_with_empty_parents(&self.dir, p);
                }
            }
        }
        let mut changed: Vec<String> = current
            .iter()
            .filter(|_| report)
            .filter(|(p, d)| previous.get(*p) != Some(*d))
            .map(|(p, _)| p.clone())
            .collect();
        changed.sort();
        let mut removed: Vec<String> = previous
            .keys()
            .filter(|p| !current.contains_key(*p))
            .cloned()
            .collect();
        removed.sort();
        let manifest = self.dir.join(manifest::FILE);
        // In an update the manifest is a link to the output's: replace it, never write through it.
        let _ = fs::remove_file(&manifest);
        fs::write(&manifest, manifest::render(&current))?;
        fs::remove_file(self.dir.join(STAGING_MARK))?;
        self.swap()?;
        Ok(Committed {
            hashes: current,
            changed,
            removed,
        })
    }

    fn swap(&self) -> io::Result<()> {
        if self.output.exists() {
            if exchange(&self.dir, &self.output).is_ok() {
                // `self.dir` now holds the previous output.
                return remove_staging(&self.dir);
            }
            let old = self.dir.with_extension("old");
            fs::rename(&self.output, &old)?;
            fs::rename(&self.dir, &self.output)?;
            let _ = remove_staging(&old);
            Ok(())
        } else {
            fs::rename(&self.dir, &self.output)
        }
    }

    /// Removes the staging directory after a failed build; the output is untouched.
    pub fn abandon(self) {
        if matches!(self.place, Place::Disk) {
            let _ = remove_staging(&self.dir);
        }
    }
}

/// Removes `rel` from `dir`, and the directories it leaves empty (a fresh build would not have them).
fn remove_with_empty_parents(dir: &Path, rel: &str) {
    let path = dir.join(rel);
    let _ = fs::remove_file(&path);
    let mut parent = path.parent();
    while let Some(d) = parent.filter(|d| *d != dir) {
        if fs::remove_dir(d).is_err() {
            break;
        }
        parent = d.parent();
    }
}

/// Removes a staging directory (or an old output exchanged out of place) so that, killed at any
/// moment, what is left still holds the staging mark and is removed by the next build.
fn remove_staging(dir: &Path) -> io::Result<()> {
    use rayon::prelude::*;
    fs::write(dir.join(STAGING_MARK), "Being removed by paveldas.\n")?;
    let entries: Vec<fs::DirEntry> = fs::read_dir(dir)?.collect::<io::Result<_>>()?;
    entries
        .par_iter()
        .filter(|e| e.file_name() != STAGING_MARK)
        .try_for_each(|e| {
            if e.file_type()?.is_dir() {
                remove_tree(&e.path())
            } else {
                fs::remove_file(e.path())
            }
        })?;
    fs::remove_file(dir.join(STAGING_MARK))?;
    fs::remove_dir(dir)
}

/// A leftover staging directory paveldas may remove: it holds the staging mark, or it is an old
/// output (exchanged out) whose manifest proves every file.
fn is_ours(dir: &Path) -> bool {
    dir.join(STAGING_MARK).is_file()
        || (dir.join(manifest::FILE).is_file() && manifest::verify(dir).is_ok())
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

/// Exchanges two directories in one step (Linux `renameat2(RENAME_EXCHANGE)`): at no moment is
/// there no output.
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    Ok(renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE)?)
}

/// Elsewhere there is no such call: the swap renames the output away, then the staging directory
/// into its place.
#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}

/// Removes a directory tree like `fs::remove_dir_all`, with its subdirectories in parallel:
/// removing the previous output of a large site is mostly system time spent per file.
/// Symbolic links are removed, never followed.
pub fn remove_tree(dir: &Path) -> io::Result<()> {
    use rayon::prelude::*;
    if fs::symlink_metadata(dir)?.file_type().is_symlink() {
        return fs::remove_file(dir);
    }
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

    #[cfg(target_os = "linux")]
    #[test]
    fn exchange_swaps_two_directories_in_place() {
        let t = tempfile::tempdir().unwrap();
        let (a, b) = (t.path().join("a"), t.path().join("b"));
        fs::create_dir(&a).unwrap();
        fs::create_dir(&b).unwrap();
        fs::write(a.join("in-a"), "").unwrap();
        fs::write(b.join("in-b"), "").unwrap();
        exchange(&a, &b).unwrap();
        assert!(a.join("in-b").is_file() && b.join("in-a").is_file());
        assert!(!a.join("in-a").exists() && !b.join("in-b").exists());
        let missing = exchange(&a, &t.path().join("missing")).unwrap_err();
        assert_eq!(missing.kind(), io::ErrorKind::NotFound);
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
        assert!(manifest::verify(&out).is_ok());
        let leftovers: Vec<_> = fs::read_dir(site.path()).unwrap().flatten().collect();
        assert_eq!(leftovers.len(), 1);
    }

    #[test]
    fn an_update_never_writes_through_the_output_and_swaps_at_once() {
        let site = tempfile::tempdir().unwrap();
        let out = site.path().join("public");
        let s = Staging::new(&out).unwrap();
        s.write("a/keep.html", b"keep").unwrap();
        s.write("a/edit.html", b"old").unwrap();
        s.write("gone.html", b"gone").unwrap();
        s.commit().unwrap();
        let before = manifest::verify(&out).unwrap();
        let s = Staging::update(&out, before.clone()).unwrap();
        s.write("a/edit.html", b"new").unwrap();
        s.write("a/keep.html", b"keep").unwrap();
        // Until the commit the output holds the old build, byte for byte.
        assert_eq!(fs::read(out.join("a/edit.html")).unwrap(), b"old");
        let c = s.commit_tracked(|_| false).unwrap();
        assert_eq!(c.changed, ["a/edit.html"]);
        assert_eq!(c.removed, ["gone.html"]);
        assert_eq!(fs::read(out.join("a/edit.html")).unwrap(), b"new");
        assert!(!out.join("gone.html").exists());
        assert_eq!(manifest::verify(&out).unwrap(), c.hashes);
        let leftovers: Vec<_> = fs::read_dir(site.path()).unwrap().flatten().collect();
        assert_eq!(leftovers.len(), 1);
    }
}
