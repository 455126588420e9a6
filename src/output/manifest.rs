//! The manifest paveldas leaves in its output (`.paveldas-output`): every file it wrote, with its
//! size and digest. It is the proof that an output directory is paveldas's own: a directory is
//! replaced only when every file in it is listed with the same bytes ([`verify`]); a file that is
//! not listed or has changed is somebody else's and is never deleted. A copied or forged manifest
//! proves nothing about files it does not list.
//!
//! The digest is XXH3-128 (`twox-hash`, already in the dependency tree): it only has to tell an
//! accidental change, at memory speed, since every byte of every build passes through it.

use rayon::prelude::*;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

/// The manifest's file name, at the top of the output.
pub const FILE: &str = ".paveldas-output";

const HEADER: &str = "paveldas output manifest 1\n\
# This directory is written by paveldas and replaced on every build. These are the files it\n\
# wrote (digest, size, inode, change time, path); any other file here is not paveldas's and\n\
# stops the next build.\n";

/// What is known of one output file: its size and digest, and where and when it was written.
#[derive(Debug, Clone, Copy, Eq)]
pub struct Digest {
    pub hash: u128,
    pub len: u64,
    /// The inode and change time (ns) of the file as written; 0 when not known.
    pub stamp: Stamp,
}

/// A file's inode and change time. The kernel sets the change time on every change to a file,
/// and no program can set it back, so a file with the stamp paveldas recorded still holds the
/// bytes it wrote (git's index relies on the same); [`verify`] then need not read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Stamp {
    pub ino: u64,
    pub ctime_ns: i128,
}

impl Stamp {
    pub fn of(meta: &std::fs::Metadata) -> Stamp {
        use std::os::unix::fs::MetadataExt;
        Stamp {
            ino: meta.ino(),
            ctime_ns: meta.ctime() as i128 * 1_000_000_000 + meta.ctime_nsec() as i128,
        }
    }
}

/// Two digests are equal when the bytes are: where a file was written does not matter.
impl PartialEq for Digest {
    fn eq(&self, other: &Digest) -> bool {
        self.hash == other.hash && self.len == other.len
    }
}

impl std::hash::Hash for Digest {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        self.hash.hash(h);
        self.len.hash(h);
    }
}

impl Digest {
    pub fn of(bytes: &[u8]) -> Digest {
        Digest {
            hash: twox_hash::XxHash3_128::oneshot(bytes),
            len: bytes.len() as u64,
            stamp: Stamp::default(),
        }
    }
}

/// Output files (relative, `/`-separated) with their digests: what an output directory holds.
pub type Hashes = rustc_hash::FxHashMap<String, Digest>;

/// The manifest's text for `files`, sorted by path.
pub fn render(files: &Hashes) -> Vec<u8> {
    let mut paths: Vec<(&String, &Digest)> = files.iter().filter(|(p, _)| *p != FILE).collect();
    paths.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let mut out = String::with_capacity(HEADER.len() + paths.len() * 80);
    out.push_str(HEADER);
    let mut num = itoa::Buffer::new();
    for (p, d) in paths {
        use std::fmt::Write;
        let _ = write!(out, "{:032x} ", d.hash);
        for n in [d.len as i128, d.stamp.ino as i128, d.stamp.ctime_ns] {
            out.push_str(num.format(n));
            out.push(' ');
        }
        out.push_str(&escape(p));
        out.push('\n');
    }
    out.into_bytes()
}

/// Parses a manifest; `None` if it is not one (an older paveldas's marker, or anything else).
pub fn parse(text: &str) -> Option<Hashes> {
    let mut lines = text.lines();
    if lines.next()? != HEADER.lines().next()? {
        return None;
    }
    let mut files = Hashes::default();
    for line in lines {
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        let mut fields = line.splitn(5, ' ');
        let mut next = || fields.next();
        let (hash, len, ino, ctime, path) = (next()?, next()?, next()?, next()?, next()?);
        let digest = Digest {
            hash: u128::from_str_radix(hash, 16).ok()?,
            len: len.parse().ok()?,
            stamp: Stamp {
                ino: ino.parse().ok()?,
                ctime_ns: ctime.parse().ok()?,
            },
        };
        files.insert(unescape(path)?, digest);
    }
    Some(files)
}

fn escape(p: &str) -> String {
    if !p.contains(['\\', '\n', '\r']) {
        return p.to_string();
    }
    p.replace('\\', "\\\\")
        .replace('\n', "\\n")
        .replace('\r', "\\r")
}

fn unescape(p: &str) -> Option<String> {
    if !p.contains('\\') {
        return Some(p.to_string());
    }
    let mut out = String::with_capacity(p.len());
    let mut chars = p.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            out.push(match chars.next()? {
                '\\' => '\\',
                'n' => '\n',
                'r' => '\r',
                _ => return None,
            });
        } else {
            out.push(c);
        }
    }
    Some(out)
}

/// A file in an output directory that paveldas cannot prove it wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Foreign {
    /// Its path in the output, `/`-separated.
    pub path: String,
    pub why: Why,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// Not in the manifest (or there is no manifest).
    NotListed,
    /// Listed, with other bytes than paveldas wrote.
    Changed,
    /// A symbolic link, a pipe or a device: paveldas writes only files and folders.
    NotAFile,
    /// Cannot be read.
    Unreadable,
}

impl fmt::Display for Foreign {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self.why {
            Why::NotListed => write!(f, "`{}`", self.path),
            Why::Changed => write!(f, "`{}` (changed since paveldas wrote it)", self.path),
            Why::NotAFile => write!(f, "`{}` (a link or special file)", self.path),
            Why::Unreadable => write!(f, "`{}` (cannot be read)", self.path),
        }
    }
}

/// Proves that every file in the directory `dir` is one paveldas wrote there, unchanged: listed
/// in its manifest with the same size and digest. An empty directory passes. Returns the files
/// that are not (sorted), without touching anything. Links are never followed.
pub fn verify(dir: &Path) -> Result<Hashes, Vec<Foreign>> {
    let manifest = dir.join(FILE);
    let listed = std::fs::read_to_string(&manifest)
        .ok()
        .and_then(|t| parse(&t))
        .unwrap_or_default();
    // A file changed in the same clock tick as the manifest was written could keep its change
    // time: such "racy" files are read like any other (git's rule for its index).
    let written = std::fs::metadata(&manifest)
        .map(|m| Stamp::of(&m).ctime_ns)
        .unwrap_or(i128::MIN);
    let mut foreign = Vec::new();
    let mut files = Vec::with_capacity(listed.len());
    for (path, found) in scan(dir, "") {
        match found {
            Found::File(abs, meta) => match listed.get(&path) {
                None => foreign.push(Foreign {
                    path,
                    why: Why::NotListed,
                }),
                Some(d) => files.push((abs, path, meta, *d)),
            },
            Found::Manifest => {}
            Found::Other => foreign.push(Foreign {
                path,
                why: Why::NotAFile,
            }),
            Found::Unreadable => foreign.push(Foreign {
                path,
                why: Why::Unreadable,
            }),
        }
    }
    // In parallel: a file whose stamp is the recorded one is proved unchanged by its `stat`; the
    // others are read and their digest compared (a size check alone would not see an edit).
    let changed: Vec<Foreign> = files
        .par_iter()
        .filter_map(|(abs, path, meta, want)| {
            let now = Stamp::of(meta);
            if want.stamp.ino != 0
                && meta.len() == want.len
                && now == want.stamp
                && now.ctime_ns < written
            {
                return None;
            }
            let why = match std::fs::read(abs) {
                Ok(bytes) if Digest::of(&bytes) == *want => return None,
                Ok(_) => Why::Changed,
                Err(_) => Why::Unreadable,
            };
            Some(Foreign {
                path: path.clone(),
                why,
            })
        })
        .collect();
    foreign.extend(changed);
    if foreign.is_empty() {
        Ok(files.into_iter().map(|(_, p, _, d)| (p, d)).collect())
    } else {
        foreign.sort_by(|a, b| a.path.cmp(&b.path));
        Err(foreign)
    }
}

/// What [`scan`] found at a path.
enum Found {
    File(PathBuf, std::fs::Metadata),
    Manifest,
    /// A link, pipe, socket or device.
    Other,
    Unreadable,
}

/// Every entry under `dir` but directories, with its path from the top (`prefix`, `/`-separated),
/// never following a link. Directories are read in parallel, and each entry is looked at with
/// `fstatat` beside its directory (`DirEntry::metadata`), not by its whole path: at 35,000 files
/// this is what the check of an output costs.
fn scan(dir: &Path, prefix: &str) -> Vec<(String, Found)> {
    let rd = match std::fs::read_dir(dir) {
        Ok(rd) => rd,
        Err(_) => return vec![(prefix.trim_end_matches('/').to_string(), Found::Unreadable)],
    };
    let mut out = Vec::new();
    let mut dirs = Vec::new();
    for e in rd {
        let Ok(e) = e else {
            out.push((prefix.to_string(), Found::Unreadable));
            continue;
        };
        let name = e.file_name().to_string_lossy().into_owned();
        let rel = format!("{prefix}{name}");
        match e.file_type() {
            Ok(t) if t.is_dir() => dirs.push((e.path(), format!("{rel}/"))),
            Ok(t) if t.is_file() => {
                if rel == FILE {
                    out.push((rel, Found::Manifest));
                    continue;
                }
                match e.metadata() {
                    Ok(m) => out.push((rel, Found::File(e.path(), m))),
                    Err(_) => out.push((rel, Found::Unreadable)),
                }
            }
            Ok(_) => out.push((rel, Found::Other)),
            Err(_) => out.push((rel, Found::Unreadable)),
        }
    }
    let nested: Vec<Vec<(String, Found)>> = dirs.par_iter().map(|(d, rel)| scan(d, rel)).collect();
    out.extend(nested.into_iter().flatten());
    out
}

/// Writes `bytes` to `path` through a temporary file and a rename, so that a kill leaves the old
/// or the new file, never half of one.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let tmp = path.with_extension("paveldas-tmp");
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn round_trips_and_refuses_other_text() {
        let mut files = Hashes::default();
        files.insert("a/b.html".into(), Digest::of(b"x"));
        files.insert("odd\nname\\.txt".into(), Digest::of(b"yy"));
        let text = String::from_utf8(render(&files)).unwrap();
        assert_eq!(parse(&text).unwrap(), files);
        assert!(
            parse("This directory is written by paveldas and replaced on every build.\n").is_none()
        );
        assert!(parse("").is_none());
    }

    #[test]
    fn only_listed_unchanged_files_pass() {
        let t = tempfile::tempdir().unwrap();
        let d = t.path();
        assert!(verify(d).is_ok(), "an empty directory");
        fs::create_dir_all(d.join("en")).unwrap();
        fs::write(d.join("en/index.html"), "page").unwrap();
        // No manifest: the file is foreign.
        assert_eq!(verify(d).unwrap_err()[0].why, Why::NotListed);
        // A forged manifest that lists nothing proves nothing.
        fs::write(d.join(FILE), HEADER).unwrap();
        assert_eq!(verify(d).unwrap_err()[0].path, "en/index.html");
        let mut files = Hashes::default();
        files.insert("en/index.html".into(), Digest::of(b"page"));
        fs::write(d.join(FILE), render(&files)).unwrap();
        assert_eq!(verify(d).unwrap().len(), 1);
        // Same size, other bytes.
        fs::write(d.join("en/index.html"), "PAGE").unwrap();
        assert_eq!(verify(d).unwrap_err()[0].why, Why::Changed);
        fs::write(d.join("en/index.html"), "page").unwrap();
        fs::write(d.join("keep.txt"), "mine").unwrap();
        let f = verify(d).unwrap_err();
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].path, "keep.txt");
        fs::remove_file(d.join("keep.txt")).unwrap();
        std::os::unix::fs::symlink("/etc", d.join("etc")).unwrap();
        assert_eq!(verify(d).unwrap_err()[0].why, Why::NotAFile);
    }
}
