//! Incremental rebuilds for the dev server. A [`Session`] keeps the loaded and resolved [`Site`] and
//! the template engines in memory between rebuilds, and a hash of every file of the output. Given the
//! files that changed, it re-parses only those, re-renders only the pages they can affect and
//! rewrites only the output files whose bytes changed; the result is byte-identical to a clean
//! `build` (tests/incremental.rs proves it for each kind of change).
//!
//! What a change re-renders (in every language for a default-language file, in its own language
//! for a translation):
//!
//! | change | pages |
//! |---|---|
//! | a lesson's body | the lesson, its unit's print page |
//! | a lesson's front matter | + its unit, home, lessons overview, previous and next lessons, the badges it lists (before and after), badge index |
//! | a unit's body / front matter | the unit and its print page / + its lessons, home, lessons overview, the badges listing its lessons, badge index |
//! | a badge's body / front matter | the badge / + the lessons listing it, badge index |
//! | a section `_index.md` | that page |
//! | a page's body / front matter | the page / + every page (of its language, for a translation) when it is listed in a menu before or after |
//! | `locales/<lang>/*.ftl` | every page of that language and the root pages (every page for the default language, or when the language's name changed) |
//! | a template, `site.yaml` | everything (a fresh build swapped in atomically) |
//! | a file created, deleted or renamed; a lesson's or unit's `order`; a draft flag | the site is loaded again and every page re-rendered (only changed files are written) |
//! | `static/`, theme `static/`, a co-located file | no page |
//!
//! Every rebuild also re-runs [`render::copy_files`] and writes the search indexes of the languages
//! the change can reach (only its own for a translation), so every non-page output (CSS, images,
//! indexes) is exactly what a full build writes; unchanged files are not rewritten. A rebuild that
//! fails writes nothing: the output stays the last good site, and the work is kept for the next try.

mod docs;

use crate::config::Lang;
use crate::config::Overrides;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::driver::Command;
use crate::load::locales::Locales;
use crate::load::{self, is_ignored_name};
use crate::model::{with_variants, PageRef, Site};
use crate::output::manifest::{Digest, Hashes};
use crate::output::Staging;
use std::collections::HashMap;

/// What the dev server is told of the edited pages before the rest of a rebuild: the files that
/// changed, and the bytes of every file the early pass rendered.
pub type Early<'a> = &'a mut dyn FnMut(&[String], &HashMap<String, Vec<u8>>);
use crate::render;
use crate::render::contexts::{all_jobs, job_path, Job};
use crate::render::templates::Engines;
use crate::resolve::{self, Resolver};
use docs::{apply_doc, Applied};
use std::collections::{BTreeSet, HashSet};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What one rebuild did.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    /// Output files written with new bytes, `/`-separated from the output root, sorted.
    pub changed: Vec<String>,
    /// Output files removed.
    pub removed: Vec<String>,
    /// Of `changed`, the files already written and reported by an early pass (the edited pages,
    /// before the pages that merely list them).
    pub early: Vec<String>,
    /// How long after the rebuild started the early pass had written its files.
    pub early_elapsed: Option<Duration>,
    /// Pages rendered (most of them unchanged when only a few needed re-rendering).
    pub rendered: usize,
    pub kind: Rebuild,
    pub warnings: Diagnostics,
    pub elapsed: Duration,
}

/// What a rebuild had to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Rebuild {
    /// Everything loaded and built again.
    Full,
    /// The content loaded again, the pages it affects rendered.
    Reload,
    /// The changed documents re-rendered in the loaded site.
    Incremental,
    /// No change mattered.
    #[default]
    None,
}

/// The loaded state between rebuilds.
struct State {
    site: Site,
    engines: Engines,
    /// Link targets, for re-resolving single documents.
    resolver: Resolver,
    /// The output paths of every page.
    pages: HashSet<String>,
    /// Source files the site was built from, relative to the root: content Markdown, co-located
    /// files and `static/` files.
    known: HashSet<PathBuf>,
}

/// Work seen but not yet built (kept across failed rebuilds until one succeeds).
#[derive(Default)]
struct Pending {
    everything: bool,
    templates: bool,
    structure: bool,
    assets: bool,
    locales: BTreeSet<String>,
    docs: BTreeSet<PathBuf>,
    /// Pages already found dirty by a failed attempt.
    jobs: Vec<Job>,
    /// Pages whose front matter changed: the badge pages listing them show their cards.
    relink: Vec<PageRef>,
    /// A lesson's `badges` list changed: the lesson ↔ badge relations need computing again.
    rebadge: bool,
    langs: BTreeSet<Lang>,
    all: bool,
}

impl Pending {
    fn is_empty(&self) -> bool {
        !(self.everything || self.templates || self.structure || self.assets)
            && self.locales.is_empty()
            && self.docs.is_empty()
    }
}

/// The dev server's builder: a full build first, then incremental rebuilds.
pub struct Session {
    root: PathBuf,
    overrides: Overrides,
    state: Option<State>,
    /// The output's files after the last good build.
    output: Hashes,
    pending: Pending,
}

impl Session {
    /// A session for the site at `root` (made absolute); nothing is built yet.
    pub fn new(root: &Path, overrides: Overrides) -> Session {
        let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        Session {
            root,
            overrides,
            state: None,
            output: Hashes::default(),
            pending: Pending {
                everything: true,
                ..Pending::default()
            },
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The output directory of the last loaded configuration.
    pub fn output_dir(&self) -> Option<&Path> {
        self.state
            .as_ref()
            .map(|s| s.site.config.output_dir.as_path())
    }

    /// The loaded site, after a successful build.
    pub fn site(&self) -> Option<&Site> {
        self.state.as_ref().map(|s| &s.site)
    }

    /// Builds everything (the first build, or after `site.yaml` changed).
    pub fn build(&mut self) -> Result<Outcome, Diagnostics> {
        self.pending.everything = true;
        self.run(&mut |_, _| {})
    }

    /// Rebuilds after the files at `paths` (absolute) changed, were created or were removed. Does
    /// nothing (an empty outcome) when no path matters to the site.
    pub fn rebuild(&mut self, paths: &[PathBuf]) -> Result<Outcome, Diagnostics> {
        self.rebuild_with(paths, &mut |_, _| {})
    }

    /// As [`Session::rebuild`]; when the edited pages are rendered before other affected pages,
    /// `early` is called with the files changed by that first pass and the bytes of the pass's
    /// files (in memory only: the output changes once, with the whole rebuild), so the server can
    /// show them at once.
    pub fn rebuild_with(
        &mut self,
        paths: &[PathBuf],
        early: Early,
    ) -> Result<Outcome, Diagnostics> {
        for p in paths {
            self.note(p);
        }
        if self.pending.is_empty() {
            return Ok(Outcome {
                kind: Rebuild::None,
                ..Outcome::default()
            });
        }
        self.run(early)
    }

    fn run(&mut self, early: Early) -> Result<Outcome, Diagnostics> {
        let start = Instant::now();
        let result = if self.pending.everything || self.state.is_none() {
            self.pending.everything = true;
            self.full()
        } else {
            self.partial(start, early)
        };
        result.map(|mut o| {
            self.pending = Pending::default();
            o.elapsed = start.elapsed();
            o
        })
    }

    /// Sorts one changed path into the pending work.
    fn note(&mut self, path: &Path) {
        let Ok(rel) = path.strip_prefix(&self.root) else {
            return;
        };
        let rel = rel.to_path_buf();
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        if parts.is_empty() || parts.iter().any(|p| is_ignored_name(p)) {
            return;
        }
        let relevant = match parts[0].as_str() {
            "site.yaml" => parts.len() == 1,
            "content" | "static" | "locales" | "themes" => true,
            _ => false,
        };
        if !relevant {
            return;
        }
        let Some(state) = &self.state else {
            self.pending.everything = true;
            return;
        };
        let config = &state.site.config;
        match parts[0].as_str() {
            "site.yaml" => self.pending.everything = true,
            "content" | "static" => self.note_source(&rel, parts[0] == "content"),
            "locales" if parts.len() >= 2 => {
                let lang = &parts[1];
                if config.is_language(lang)
                    && (parts.len() == 2 || parts[parts.len() - 1].ends_with(".ftl"))
                {
                    self.pending.locales.insert(lang.clone());
                }
            }
            "themes" if parts.len() >= 3 && parts[1] == config.theme => match parts[2].as_str() {
                "templates" => self.pending.templates = true,
                // Its files are the site's assets, like those of static/.
                "static" => self.note_source(&rel, false),
                _ => {}
            },
            _ => {}
        }
    }

    /// A path under `content/` or `static/`: modified (known and there), created or removed.
    fn note_source(&mut self, rel: &Path, content: bool) {
        let Some(state) = &self.state else { return };
        let abs = self.root.join(rel);
        let known = state.known.contains(rel);
        if abs.is_dir() {
            // A directory moved in is new structure unless all its files are known.
            let unknown = walkdir::WalkDir::new(&abs)
                .into_iter()
                .flatten()
                .filter(|e| e.file_type().is_file())
                .any(|e| {
                    let r = e.path().strip_prefix(&self.root).unwrap_or(e.path());
                    !state.known.contains(r)
                        && !r
                            .components()
                            .any(|c| is_ignored_name(&c.as_os_str().to_string_lossy()))
                });
            self.pending.structure |= unknown;
        } else if abs.is_file() {
            let md = content && rel.extension().is_some_and(|e| e == "md");
            if known && md {
                self.pending.docs.insert(rel.to_path_buf());
            } else if known {
                self.pending.assets = true;
            } else if md {
                // A new draft changes nothing; anything else new is structure.
                let draft = matches!(load::load_file(&state.site.config, &abs), Ok(None));
                self.pending.structure |= !draft;
            } else {
                self.pending.structure = true;
            }
        } else if known || state.known.iter().any(|k| k.starts_with(rel)) {
            self.pending.structure = true;
        }
        // Gone and never known: an editor's temporary file.
    }

    /// Loads, resolves and renders everything into a fresh staging directory swapped in at the end.
    fn full(&mut self) -> Result<Outcome, Diagnostics> {
        let (mut site, mut warnings) =
            crate::driver::prepare(&self.root, &self.overrides, Command::Serve)?;
        if warnings.has_errors() {
            return Err(warnings);
        }
        let out = site.config.output_dir.clone();
        // An output this session did not write is not trusted: every file counts as changed.
        let staging = Staging::new(&out)
            .map_err(|e| io_error(&out, e))?
            .tracking(self.output.clone());
        let rendered = crate::driver::render(
            &mut site,
            Command::Serve,
            &staging,
            &render::Progress::hidden(),
            None,
            &mut warnings,
            &mut crate::timings::Timings::new("serve: "),
        );
        let engines = match rendered {
            Some((engines, _)) if !warnings.has_errors() => engines,
            _ => {
                staging.abandon();
                return Err(warnings);
            }
        };
        let pages = all_jobs(&site).len();
        let committed = staging
            .commit_tracked(|_| false)
            .map_err(|e| io_error(&out, e))?;
        self.output = committed.hashes;
        self.state = Some(State::new(site, engines, &self.root));
        Ok(Outcome {
            changed: committed.changed,
            removed: committed.removed,
            early: Vec::new(),
            early_elapsed: None,
            rendered: pages,
            kind: Rebuild::Full,
            warnings: warnings.sorted(),
            elapsed: Duration::ZERO,
        })
    }

    /// Applies the pending changes to the loaded site and renders what they affect.
    fn partial(&mut self, start: Instant, early: Early) -> Result<Outcome, Diagnostics> {
        let state = self.state.as_mut().expect("checked by run");
        let p = &mut self.pending;
        let mut timings = crate::timings::Timings::new("rebuild: ");
        let mut warnings = Diagnostics::new();
        let mut fresh = p.templates;
        let mut kind = Rebuild::Incremental;
        let mut changed_pages = Vec::new();
        // Anchor warnings need the whole site: checked after the edited pages are shown.
        let mut check_anchors = false;
        if !p.structure && !p.docs.is_empty() {
            for rel in p.docs.clone() {
                match apply_doc(&mut state.site, &self.root, &rel)? {
                    Applied::Structure => {
                        p.structure = true;
                        break;
                    }
                    Applied::Pages(page, lang, dirty, changed) => {
                        let doc_lang = lang.as_deref().and_then(|c| state.site.config.lang(c));
                        changed_pages.push((page, lang));
                        if changed.front_matter && !p.relink.contains(&page) {
                            p.relink.push(page);
                        }
                        p.rebadge |= changed.badges;
                        if changed.menus {
                            // Every page shows the menus: of the document's language, or of
                            // every language for a source (its title is the fallback).
                            match doc_lang {
                                Some(l) => {
                                    p.langs.insert(l);
                                }
                                None => p.all = true,
                            }
                        }
                        add_jobs(p, dirty);
                    }
                }
            }
            if !p.structure {
                // The badges a lesson lists (before and after) show its card.
                let badge_jobs = |site: &Site, p: &mut Pending| {
                    for b in lesson_badges(&p.relink, site).into_iter().flatten() {
                        add_jobs(
                            p,
                            site.config
                                .langs()
                                .map(|l| Job::Page(l, PageRef::Badge(b)))
                                .collect(),
                        );
                    }
                };
                timings.lap("apply");
                badge_jobs(&state.site, p);
                timings.lap("badge jobs");
                let site = &mut state.site;
                let resolved = state.resolver.resolve_docs(site, &changed_pages, p.rebadge);
                badge_jobs(site, p);
                warnings.extend(resolved?);
                check_anchors = true;
                timings.lap("resolve");
            }
        }
        if p.structure {
            kind = Rebuild::Reload;
            let config = state.site.config.clone();
            // The output stays this session's: only the content is loaded again.
            let (mut site, w) = crate::driver::load_site(config, Command::Serve)?;
            warnings = w;
            warnings.extend(crate::driver::resolve_site(&mut site, Command::Serve));
            if warnings.has_errors() {
                return Err(warnings);
            }
            warnings.extend(resolve::check_anchors(&site, false));
            let engines = render::load_engines(&site)?;
            *state = State::new(site, engines, &self.root);
            p.all = true;
        } else if !p.locales.is_empty() {
            let (locales, w) = Locales::load(&state.site.config, false)?;
            warnings.extend(w);
            let config = &state.site.config;
            for lang in &p.locales {
                let l = config.lang(lang);
                let renamed = state.site.locales.language_name(lang) != locales.language_name(lang);
                if lang == &config.default_language || renamed {
                    p.all = true;
                } else if let Some(l) = l {
                    p.langs.insert(l);
                }
            }
            p.jobs.extend([Job::RootIndex, Job::RootNotFound]);
            state.site.locales = Arc::new(locales);
            state.engines = render::load_engines(&state.site)?;
        }
        if p.templates {
            state.engines = render::load_engines(&state.site)?;
            p.all = true;
        }
        if !state.site.config.output_dir.is_dir() {
            // Someone removed the output: write all of it again.
            fresh = true;
            p.all = true;
        }
        let site = &state.site;
        // Search indexes to write again: a translation shows in its own language only; a source
        // document (or a front matter field a translation leaves to it) can show in every one.
        let search_langs: BTreeSet<Lang> =
            if p.all || changed_pages.iter().any(|(_, lang)| lang.is_none()) {
                site.config.langs().collect()
            } else {
                let config = &site.config;
                let edited = changed_pages
                    .iter()
                    .filter_map(|(_, lang)| config.lang(lang.as_deref()?));
                p.langs.iter().copied().chain(edited).collect()
            };
        let all = all_jobs(site);
        let jobs: Vec<Job> = all
            .iter()
            .copied()
            .filter(|j| {
                p.all || p.jobs.contains(j) || j.lang().is_some_and(|l| p.langs.contains(&l))
            })
            .collect();
        let out = site.config.output_dir.clone();
        // The edited pages go first: the author's own page reloads without waiting for the pages
        // that list it (overviews of thousands of lessons) and the search index.
        let (first, jobs): (Vec<Job>, Vec<Job>) = jobs.into_iter().partition(|j| {
            !fresh && matches!(j, Job::Page(_, pg) if changed_pages.iter().any(|(c, _)| c == pg))
        });
        timings.lap("jobs");
        let mut early_changed = Vec::new();
        let mut early_elapsed = None;
        let mut early_files = HashMap::new();
        if !first.is_empty() {
            // Rendered into memory and shown by the server at once; on disk they are swapped in
            // with the rest of the rebuild, so the output always holds one whole build.
            let memory = Staging::memory();
            render::render_jobs(
                site,
                &state.engines,
                &first,
                &memory,
                &render::Progress::hidden(),
            )?;
            early_files = memory.into_files();
            early_changed = early_files
                .iter()
                .filter(|(p, b)| self.output.get(*p) != Some(&Digest::of(b)))
                .map(|(p, _)| p.clone())
                .collect();
            early_changed.sort();
            if !early_changed.is_empty() {
                early_elapsed = Some(start.elapsed());
                early(&early_changed, &early_files);
            }
        }
        timings.lap("edited pages");
        if check_anchors {
            warnings.extend(resolve::check_anchors(site, false));
        }
        let staging = if fresh {
            Staging::new(&out).map(|s| s.tracking(self.output.clone()))
        } else {
            Staging::update(&out, self.output.clone())
        }
        .map_err(|e| io_error(&out, e))?;
        let done = early_files
            .iter()
            .try_for_each(|(rel, bytes)| staging.write(rel, bytes))
            .map_err(|e| io_error(&out, e))
            .and_then(|_| {
                render::render_jobs(
                    site,
                    &state.engines,
                    &jobs,
                    &staging,
                    &render::Progress::hidden(),
                )
            })
            .and_then(|_| render::copy_files(site, &staging, &state.engines))
            .and_then(|_| {
                search_langs.iter().try_for_each(|&l| {
                    crate::render::search::write_index(site, &staging, l).map(|_| ())
                })
            });
        if let Err(d) = done {
            staging.abandon();
            return Err(d);
        }
        let pages = &state.pages;
        // The search files of the other languages stay as they are.
        let kept_search = |path: &str| {
            path.split_once('/').is_some_and(|(code, name)| {
                crate::render::search::is_index_file(name)
                    && site
                        .config
                        .lang(code)
                        .is_some_and(|l| !search_langs.contains(&l))
            })
        };
        let committed = staging
            .commit_tracked(|path| pages.contains(path) || kept_search(path))
            .map_err(|e| io_error(&out, e))?;
        self.output = committed.hashes;
        timings.lap("the rest");
        timings.print();
        let mut changed = committed.changed;
        changed.extend(early_changed.iter().cloned());
        changed.sort();
        changed.dedup();
        Ok(Outcome {
            changed,
            removed: committed.removed,
            early: early_changed,
            early_elapsed,
            rendered: first.len() + jobs.len(),
            kind,
            warnings: warnings.sorted(),
            elapsed: Duration::ZERO,
        })
    }
}

impl State {
    fn new(site: Site, engines: Engines, root: &Path) -> State {
        State {
            resolver: Resolver::new(&site),
            pages: all_jobs(&site)
                .iter()
                .map(|j| job_path(&site, *j))
                .collect(),
            known: known_files(&site, root),
            site,
            engines,
        }
    }
}

fn io_error(path: &Path, e: std::io::Error) -> Diagnostics {
    Diagnostic::error(path, format!("cannot write the output: {e}"))
        .hint("check free disk space and permissions; the last good site is still served")
        .into()
}

fn add_jobs(p: &mut Pending, jobs: Vec<Job>) {
    for j in jobs {
        if !p.jobs.contains(&j) {
            p.jobs.push(j);
        }
    }
}

fn lesson_badges(pages: &[PageRef], site: &Site) -> Vec<Vec<usize>> {
    pages
        .iter()
        .filter_map(|p| match *p {
            PageRef::Lesson(u, l) => Some(site.units[u].lessons[l].badges.clone()),
            _ => None,
        })
        .collect()
}

/// The source files a site was loaded from, relative to `root`.
fn known_files(site: &Site, root: &Path) -> HashSet<PathBuf> {
    let mut known = HashSet::new();
    for (_, doc) in site.documents() {
        with_variants!(doc, v => known.extend(v.all().map(|d| d.path.clone())));
    }
    for a in &site.assets {
        let rel = a.source.strip_prefix(root).unwrap_or(&a.source);
        // Normalise `./x` and the like so lookups by watcher paths match.
        known.insert(
            rel.components()
                .filter(|c| *c != Component::CurDir)
                .collect(),
        );
    }
    known
}
