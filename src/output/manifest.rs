//! The manifest paveldas leaves in its output (`.paveldas-output`): every file it wrote, with its
//! size and digest. It is the proof that an output directory is paveldas's own: a directory is
//! replaced only when every file in it is listed with the same bytes ([`verify`]); a file that is
//! not listed or has changed is somebody else's and is never deleted. A copied or forged manifest
//! proves nothing about files it does not list.
//!
//! The digest is XXH3-128 (`twox-hash`, already in the dependency tree): it only has to tell an
//! accidental change, at memory speed, since every byte of every build passes through it.

use rayon::prelude::*;
use std::collections::HashMap;
use std::fmt;
use std::io;
use std::path::Path;

/// The manifest's file name, at the top of the output.
pub const FILE: &str = ".paveldas-output";

const HEADER: &str = "paveldas output manifest 1\n\
# This directory is written by paveldas and replaced on every build. These are the files it\n\
# wrote (digest, size, path); any other file here is not paveldas's and stops the next build.\n";

/// What is known of one output file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Digest {
    pub hash: u128,
    pub len: u64,
}

impl Digest {
    pub fn of(bytes: &[u8]) -> Digest {
        Digest {
            hash: twox_hash::XxHash3_128::oneshot(bytes),
            len: bytes.len() as u64,
        }
    }
}

/// Output files (relative, `/`-separated) with their digests: what an output directory holds.
pub type Hashes = HashMap<String, Digest>;

/// The manifest's text for `files`, sorted by path.
pub fn render(files: &Hashes) -> Vec<u8> {
    let mut paths: Vec<(&String, &Digest)> = files.iter().filter(|(p, _)| *p != FILE).collect();
    paths.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let mut out = String::with_capacity(HEADER.len() + paths.len() * 80);
    out.push_str(HEADER);
    for (p, d) in paths {
        use std::fmt::Write;
        let _ = writeln!(out, "{:032x} {} {}", d.hash, d.len, escape(p));
    }
    out.into_bytes()
}

/// Parses a manifest; `None` if it is not one (an older paveldas's marker, or anything else).
pub fn parse(text: &str) -> Option<Hashes> {
    let mut lines = text.lines();
    if lines.next()? != HEADER.lines().next()? {
        return None;
    }
    let mut files = HashMap::new();
    for line in lines {
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        let (hash, rest) = line.split_once(' ')?;
        let (len, path) = rest.split_once(' ')?;
        let digest = Digest {
            hash: u128::from_str_radix(hash, 16).ok()?,
            len: len.parse().ok()?,
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
    let listed = std::fs::read_to_string(dir.join(FILE))
        .ok()
        .and_then(|t| parse(&t));
    let mut foreign = Vec::new();
    let mut files = Vec::new();
    for e in walkdir::WalkDir::new(dir).min_depth(1) {
        let e = match e {
            Ok(e) => e,
            Err(err) => {
                let path = err.path().unwrap_or(dir);
                foreign.push(Foreign {
                    path: rel(dir, path),
                    why: Why::Unreadable,
                });
                continue;
            }
        };
        let ft = e.file_type();
        if ft.is_dir() {
            continue;
        }
        let path = rel(dir, e.path());
        if path == FILE {
            continue;
        }
        if !ft.is_file() {
            foreign.push(Foreign {
                path,
                why: Why::NotAFile,
            });
            continue;
        }
        match listed.as_ref().and_then(|l| l.get(&path)) {
            None => foreign.push(Foreign {
                path,
                why: Why::NotListed,
            }),
            Some(d) => files.push((e.into_path(), path, *d)),
        }
    }
    // Every listed file is read and its digest compared: a size check alone would not see an edit.
    let changed: Vec<Foreign> = files
        .par_iter()
        .filter_map(|(abs, path, want)| {
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
        let hashes = files.into_iter().map(|(_, p, d)| (p, d)).collect();
        Ok(hashes)
    } else {
        foreign.sort_by(|a, b| a.path.cmp(&b.path));
        Err(foreign)
    }
}

fn rel(dir: &Path, path: &Path) -> String {
    path.strip_prefix(dir)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
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
        let mut files = Hashes::new();
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
        let mut files = Hashes::new();
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
