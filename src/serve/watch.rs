//! Watching a site's sources for the dev server: `notify` on `content/`, `static/`, `locales/`,
//! `themes/` and `site.yaml`, with events debounced into batches, so that an editor's
//! save-rename-chmod burst or a `git checkout` of a hundred files becomes one rebuild.
//!
//! A batch holds the paths events named; what they mean (modified, created, removed, an editor's
//! temporary file) is decided by the rebuild from what is on disk then, not from event kinds,
//! which differ between editors and platforms.

use crate::diagnostic::Diagnostic;
use notify::{EventKind, RecursiveMode, Watcher as _};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// The directories watched recursively, relative to the site root.
pub const WATCHED_DIRS: &[&str] = &["content", "static", "locales", "themes"];

/// How long the sources must stay quiet before a batch is handed over.
pub const QUIET: Duration = Duration::from_millis(40);
/// The longest a batch waits for quiet while events keep coming.
pub const MAX_WAIT: Duration = Duration::from_millis(1500);

/// Paths collected until the sources are quiet. Pure logic, driven by [`Watcher::next_batch`].
#[derive(Debug)]
pub struct Batch {
    quiet: Duration,
    max_wait: Duration,
    first: Option<Instant>,
    last: Option<Instant>,
    paths: BTreeSet<PathBuf>,
}

impl Batch {
    pub fn new(quiet: Duration, max_wait: Duration) -> Batch {
        Batch {
            quiet,
            max_wait,
            first: None,
            last: None,
            paths: BTreeSet::new(),
        }
    }

    /// Adds the paths of one event that happened at `now`.
    pub fn push(&mut self, now: Instant, paths: impl IntoIterator<Item = PathBuf>) {
        let mut any = false;
        for p in paths {
            self.paths.insert(p);
            any = true;
        }
        if any {
            self.first.get_or_insert(now);
            self.last = Some(now);
        }
    }

    /// When the batch is due, if it holds anything.
    pub fn deadline(&self) -> Option<Instant> {
        let (first, last) = (self.first?, self.last?);
        Some((last + self.quiet).min(first + self.max_wait))
    }

    /// Takes the paths if the batch is due at `now`.
    pub fn take_if_due(&mut self, now: Instant) -> Option<Vec<PathBuf>> {
        if self.deadline()? > now {
            return None;
        }
        self.first = None;
        self.last = None;
        Some(std::mem::take(&mut self.paths).into_iter().collect())
    }
}

/// A running watcher on one site.
pub struct Watcher {
    root: PathBuf,
    inner: notify::RecommendedWatcher,
    rx: Receiver<notify::Result<notify::Event>>,
    watched: BTreeSet<PathBuf>,
    batch: Batch,
}

impl Watcher {
    /// Starts watching the site at `root` (absolute).
    pub fn new(root: &Path) -> Result<Watcher, Diagnostic> {
        let (tx, rx) = mpsc::channel();
        let inner = notify::recommended_watcher(move |e| {
            let _ = tx.send(e);
        })
        .map_err(|e| watch_error(root, e))?;
        let mut w = Watcher {
            root: root.to_path_buf(),
            inner,
            rx,
            watched: BTreeSet::new(),
            batch: Batch::new(QUIET, MAX_WAIT),
        };
        // The root itself, not recursively: site.yaml (editors replace it by renaming) and the
        // watched directories appearing later.
        w.inner
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(|e| watch_error(root, e))?;
        w.watch_dirs()?;
        Ok(w)
    }

    fn watch_dirs(&mut self) -> Result<(), Diagnostic> {
        for d in WATCHED_DIRS {
            let dir = self.root.join(d);
            if dir.is_dir() && !self.watched.contains(&dir) {
                self.inner
                    .watch(&dir, RecursiveMode::Recursive)
                    .map_err(|e| watch_error(&dir, e))?;
                self.watched.insert(dir);
            } else if !dir.is_dir() && self.watched.remove(&dir) {
                let _ = self.inner.unwatch(&dir);
            }
        }
        Ok(())
    }

    /// Blocks until a batch of changed paths is due; `None` when the watcher stopped.
    pub fn next_batch(&mut self) -> Option<Vec<PathBuf>> {
        loop {
            let now = Instant::now();
            if let Some(paths) = self.batch.take_if_due(now) {
                return Some(paths);
            }
            let event = match self.batch.deadline() {
                Some(d) => match self.rx.recv_timeout(d.saturating_duration_since(now)) {
                    Ok(e) => e,
                    Err(RecvTimeoutError::Timeout) => continue,
                    Err(RecvTimeoutError::Disconnected) => return None,
                },
                None => self.rx.recv().ok()?,
            };
            let event = match event {
                Ok(e) => e,
                Err(e) => {
                    eprintln!("warning: watching files: {e}");
                    continue;
                }
            };
            // Reading files (ours included) is no change.
            if matches!(event.kind, EventKind::Access(_)) {
                continue;
            }
            let root_level: Vec<&PathBuf> = event
                .paths
                .iter()
                .filter(|p| p.parent() == Some(self.root.as_path()))
                .collect();
            if root_level.iter().any(|p| {
                p.file_name()
                    .is_some_and(|n| WATCHED_DIRS.iter().any(|d| n == *d))
            }) {
                if let Err(d) = self.watch_dirs() {
                    eprintln!("warning: {d}");
                }
            }
            let paths = event.paths.into_iter().filter(|p| relevant(&self.root, p));
            self.batch.push(Instant::now(), paths);
        }
    }
}

/// Whether a changed path can matter: under a watched directory, or `site.yaml`.
fn relevant(root: &Path, path: &Path) -> bool {
    match path.strip_prefix(root) {
        Ok(rel) => {
            rel == Path::new("site.yaml")
                || WATCHED_DIRS
                    .iter()
                    .any(|d| rel.starts_with(d) && rel != Path::new(d))
                || WATCHED_DIRS.iter().any(|d| rel == Path::new(d))
        }
        Err(_) => false,
    }
}

fn watch_error(path: &Path, e: notify::Error) -> Diagnostic {
    Diagnostic::error(path, format!("cannot watch for changes: {e}")).hint(
        "on Linux, raise fs.inotify.max_user_watches (sysctl) if the site has very many directories",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    #[test]
    fn a_burst_is_one_batch() {
        let t0 = Instant::now();
        let mut b = Batch::new(ms(40), ms(1500));
        assert_eq!(b.deadline(), None);
        // An editor: write temp, rename over, chmod, all within a few ms.
        b.push(t0, [PathBuf::from("/s/content/a.md~")]);
        b.push(t0 + ms(2), [PathBuf::from("/s/content/a.md")]);
        b.push(t0 + ms(3), [PathBuf::from("/s/content/a.md")]);
        assert!(b.take_if_due(t0 + ms(30)).is_none());
        let got = b.take_if_due(t0 + ms(43)).unwrap();
        assert_eq!(got.len(), 2);
        assert!(b.take_if_due(t0 + ms(100)).is_none());
    }

    #[test]
    fn a_checkout_of_a_hundred_files_is_one_batch() {
        let t0 = Instant::now();
        let mut b = Batch::new(ms(40), ms(1500));
        for i in 0..100 {
            b.push(t0 + ms(i), [PathBuf::from(format!("/s/content/l{i}.md"))]);
            assert!(b.take_if_due(t0 + ms(i)).is_none());
        }
        assert_eq!(b.take_if_due(t0 + ms(140)).unwrap().len(), 100);
    }

    #[test]
    fn endless_events_still_flush() {
        let t0 = Instant::now();
        let mut b = Batch::new(ms(40), ms(1500));
        for i in 0..200 {
            b.push(
                t0 + ms(i * 10),
                [PathBuf::from(format!("/s/content/{i}.md"))],
            );
        }
        assert_eq!(b.deadline(), Some(t0 + ms(1500)));
    }

    #[test]
    fn only_sources_are_relevant() {
        let root = Path::new("/s");
        assert!(relevant(root, Path::new("/s/site.yaml")));
        assert!(relevant(root, Path::new("/s/content/lessons/a.md")));
        assert!(relevant(
            root,
            Path::new("/s/themes/default/templates/x.html")
        ));
        assert!(!relevant(root, Path::new("/s/public/index.html")));
        assert!(!relevant(root, Path::new("/s/.public.paveldas-12/x.html")));
        assert!(!relevant(root, Path::new("/elsewhere/content/a.md")));
    }
}
