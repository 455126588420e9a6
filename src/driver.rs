//! The one driver: the order of the pipeline's stages, config → load → resolve → render → output,
//! for every command. [`prepare`] runs the front of the pipeline the same way for `build`, `check`
//! and the dev server (first build and reloads), so the same input gives the same errors in all
//! three; [`build`] then renders each language part by part and swaps the output in. `check`
//! ([`crate::check`]) renders in memory, and the dev server ([`crate::serve::incremental`]) keeps the
//! site and re-enters [`load_site`] and [`resolve_site`] for the rebuilds that need them.

use crate::config::{Config, Lang, Overrides};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::{config, load, model, output, render, resolve, timings};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How a build went.
#[derive(Debug, Clone)]
pub struct BuildReport {
    pub output: PathBuf,
    pub pages: usize,
    pub assets: usize,
    pub lessons: usize,
    pub languages: usize,
    pub elapsed: Duration,
    /// Warnings (a successful build has no errors).
    pub warnings: Diagnostics,
}

/// Options of one build.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub overrides: Overrides,
    /// Show progress on a terminal.
    pub progress: bool,
    /// The process exits right after the build: the loaded site is not freed piece by piece (the
    /// operating system takes all of the memory back at once; 0.1 s of a 10,000-lesson build).
    pub exit_after: bool,
    /// At most this many documents per part of a language ([`parts`]); `None` for the default,
    /// [`resolve::batches::PART_DOCS`]. Tests build small sites in many parts with it.
    pub part_docs: Option<usize>,
}

/// The theme's template engines, loaded on a thread of their own while the first part's
/// Markdown is rendered, and joined when first needed.
struct Engines {
    loading: Option<std::thread::JoinHandle<Result<render::templates::Engines, Diagnostics>>>,
    /// `None` until joined, and after when the templates have errors (they went into the build's
    /// diagnostics).
    ready: Option<render::templates::Engines>,
}

impl Engines {
    fn start(site: &model::Site) -> Engines {
        let (config, locales) = (site.config.clone(), site.locales.clone());
        let pages = !site.pages.is_empty();
        let loading =
            std::thread::spawn(move || render::load_engines_for(&config, &locales, pages));
        Engines {
            loading: Some(loading),
            ready: None,
        }
    }

    /// The engines, once loaded; their errors go into `warnings`, once.
    fn get(&mut self, warnings: &mut Diagnostics) -> Option<&render::templates::Engines> {
        if let Some(handle) = self.loading.take() {
            match handle.join() {
                Ok(Ok(engines)) => self.ready = Some(engines),
                Ok(Err(d)) => warnings.extend(d),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        self.ready.as_ref()
    }

    /// The loaded engines, when they loaded without errors.
    fn into_loaded(mut self, diags: &mut Diagnostics) -> Option<render::templates::Engines> {
        self.get(diags);
        self.ready
    }
}

/// Renders a resolved site the same way for every command: one language at a time, the default
/// first (its documents are the others' fallbacks), each language part by part, then the files
/// of no language. `build` renders a large site in parts of [`resolve::batches::parts`]: a
/// part's Markdown just before its pages and search entries, its HTML freed after them. `check`
/// and the dev server resolved the site whole, and for them the whole site is one part.
struct Rendering<'a> {
    command: Command,
    /// Until the templates are loaded; without them (they have errors) the languages are still
    /// resolved, to report every error of the content, but nothing is rendered.
    engines: Engines,
    /// `build`'s: renders each part's Markdown, which is freed after the part.
    per_part: Option<&'a resolve::Resolver>,
    parts: Vec<resolve::batches::Part>,
    staging: &'a output::Staging,
    progress: &'a render::Progress,
}

impl Rendering<'_> {
    /// Whether pages are rendered now: `check` renders them after errors too, to report every
    /// template error; the others stop rendering at the first error (every language is still
    /// resolved, to report every error of the content).
    fn renders(&self, diags: &Diagnostics) -> bool {
        self.command == Command::Check || !diags.has_errors()
    }

    /// Keeps the errors of a rendering step in `diags`; `false` when the build stops.
    fn keep(&self, done: Result<(), Diagnostics>, diags: &mut Diagnostics) -> bool {
        let Err(errors) = done else {
            return true;
        };
        // Unknown message ids were reported at their template's line before rendering.
        diags.extend(Diagnostics(
            errors
                .0
                .into_iter()
                .filter(|d| d.kind != crate::diagnostic::Kind::UnknownMessageId)
                .collect(),
        ));
        self.command == Command::Check
    }

    /// Renders every page and file into the staging; every finding goes into `diags`. The number
    /// of files besides pages, when rendering went to the end (for `check`, with its errors).
    /// A language's search index is sorted and written on its own thread while the next
    /// language renders.
    fn run(
        &mut self,
        site: &mut model::Site,
        diags: &mut Diagnostics,
        timings: &mut timings::Timings,
    ) -> Option<usize> {
        let mut order: Vec<Lang> = site.config.langs().collect();
        order.sort_by_key(|&l| l != site.config.default_lang());
        let parts = std::mem::take(&mut self.parts);
        let went_on = std::thread::scope(|scope| {
            let mut finishing = Vec::new();
            let mut going = true;
            for (i, &l) in order.iter().enumerate() {
                let later = &order[i + 1..];
                let mut index = render::search::Index::new(l);
                for part in &parts {
                    if let Some(resolver) = self.per_part {
                        diags.extend(resolver.render_part(site, l, part));
                    }
                    let rendering =
                        going && self.engines.get(diags).is_some() && self.renders(diags);
                    if rendering {
                        let engines = self.engines.get(diags).expect("loaded above");
                        let (staging, progress) = (self.staging, self.progress);
                        let done = render::render_part(
                            site, engines, l, part, &mut index, staging, progress,
                        );
                        going = self.keep(done, diags);
                    }
                    if self.per_part.is_some() {
                        resolve::release_part(site, l, later, part);
                    }
                }
                if going && self.engines.get(diags).is_some() && self.renders(diags) {
                    let staging = self.staging;
                    finishing.push(scope.spawn(move || index.finish(staging)));
                }
                timings.lap("language");
            }
            for f in finishing {
                match f.join() {
                    Ok(done) => {
                        going &= self.keep(done.map(|_| ()).map_err(Diagnostics::from), diags)
                    }
                    Err(panic) => std::panic::resume_unwind(panic),
                }
            }
            timings.lap("search indexes");
            going
        });
        if !self.renders(diags) {
            return None;
        }
        diags.extend(resolve::check_anchors(site, self.command == Command::Check));
        if !went_on {
            return None;
        }
        let engines = self.engines.get(diags)?;
        match render::render_shared(site, engines, self.staging, self.progress) {
            Ok(n) => {
                timings.lap("shared files");
                Some(n)
            }
            Err(d) => {
                self.keep(Err(d), diags);
                None
            }
        }
    }
}

/// Which command runs the pipeline. What the stages do for each differs only in this module.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    /// `paveldas build`: bodies are rendered part by part, then written and swapped in.
    Build,
    /// `paveldas check`: every body rendered, pages rendered in memory, nothing written; every
    /// stage that can still run after an error runs, so one check reports all of them.
    Check,
    /// `paveldas serve`: every body rendered and the site kept whole for incremental rebuilds.
    Serve,
}

/// The front of the pipeline for every command: config → the output check → load → output names
/// → resolve → badge rules. `Err` when there is no site to go on with; otherwise the site and
/// every finding, errors included (the caller renders nothing when there are errors). `Build`
/// only links the site (its bodies are rendered part by part by [`build`]), and checks the
/// output's files on a thread of its own while the site loads.
pub fn prepare(
    root: &Path,
    overrides: &Overrides,
    command: Command,
) -> Result<(model::Site, Diagnostics), Diagnostics> {
    let mut config = Config::load(root, overrides)?;
    let mut diags = Diagnostics::new();
    let proof = match command {
        Command::Build => {
            config.output_dir = config::confine::output_path(&config)?;
            let (config, out) = (config.clone(), config.output_dir.clone());
            Some(std::thread::spawn(move || {
                config::confine::prove(&config, &out)
            }))
        }
        Command::Serve => {
            config.output_dir = config::confine::output_dir(&config)?;
            None
        }
        Command::Check => {
            match config::confine::output_dir(&config) {
                Ok(out) => config.output_dir = out,
                Err(d) => diags.extend(d),
            }
            None
        }
    };
    let loaded = load_site(config, command);
    if let Some(proof) = proof {
        match proof.join() {
            Ok(Ok(())) => {}
            Ok(Err(d)) => diags.extend(d),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    }
    let (mut site, warnings) = match loaded {
        Ok(x) => x,
        Err(d) => {
            diags.extend(d);
            return Err(diags);
        }
    };
    diags.extend(warnings);
    if diags.has_errors() && command != Command::Check {
        return Err(diags);
    }
    diags.extend(resolve_site(&mut site, command));
    Ok((site, diags))
}

/// Loads the site of `config` (its output already checked): content, UI strings, and the check
/// that no two outputs share a path. `check` goes on past errors in the UI strings (the broken
/// messages are left out) to report the rest; the other commands stop at any error.
pub fn load_site(
    config: Config,
    command: Command,
) -> Result<(model::Site, Diagnostics), Diagnostics> {
    let keep_going = command == Command::Check;
    let (site, mut diags) = load::load_site(config, keep_going)?;
    diags.extend(output::names::check(&site));
    if diags.has_errors() && !keep_going {
        return Err(diags);
    }
    Ok((site, diags))
}

/// Resolves a loaded site for `command`, applies the badge rules, checks the message ids the
/// templates use and notes a `robots.txt` no crawler reads; the findings, errors included.
pub fn resolve_site(site: &mut model::Site, command: Command) -> Diagnostics {
    let mut diags = Diagnostics::new();
    match command {
        Command::Build => diags.extend(resolve::link(site)),
        Command::Check | Command::Serve => match resolve::resolve(site) {
            Ok(w) | Err(w) => diags.extend(w),
        },
    }
    if diags.has_errors() && command != Command::Check {
        return diags;
    }
    match render::badges::check(site, command == Command::Build) {
        Ok(w) | Err(w) => diags.extend(w),
    }
    diags.extend(render::templates::unknown_message_ids(site));
    diags.0.extend(render::sitemap::robots_note(site));
    diags
}

/// The site of `root`, loaded and resolved as the dev server and `check` see it; `Err` on any
/// error (for tools and tests that need a whole, valid site).
pub fn load_and_resolve(
    root: &Path,
    overrides: &Overrides,
) -> Result<(model::Site, Diagnostics), Diagnostics> {
    let (site, diags) = prepare(root, overrides, Command::Serve)?;
    if diags.has_errors() {
        return Err(diags);
    }
    Ok((site, diags))
}

/// Renders the resolved `site` for `command` into `staging` (see [`Rendering`]): every command's
/// one way to render. With [`Command::Build`] the site was only linked ([`prepare`]) and its
/// languages are rendered in parts of at most `part_docs` documents (default
/// [`resolve::batches::PART_DOCS`]); every other command renders the whole site as one part.
/// Every finding goes into `diags`. The template engines and the number of files besides
/// pages, when rendering went to the end (for `check`, also after errors).
pub fn render(
    site: &mut model::Site,
    command: Command,
    staging: &output::Staging,
    progress: &render::Progress,
    part_docs: Option<usize>,
    diags: &mut Diagnostics,
    timings: &mut timings::Timings,
) -> Option<(render::templates::Engines, usize)> {
    let engines = Engines::start(site);
    let resolver = (command == Command::Build).then(|| resolve::Resolver::per_part(site));
    timings.lap("links");
    let max_docs = match command {
        Command::Build => part_docs.unwrap_or(resolve::batches::PART_DOCS),
        // A whole site is one part.
        Command::Check | Command::Serve => usize::MAX,
    };
    let mut rendering = Rendering {
        command,
        engines,
        per_part: resolver.as_ref(),
        parts: resolve::batches::parts(site, max_docs),
        staging,
        progress,
    };
    let files = rendering.run(site, diags, timings);
    let engines = rendering.engines.into_loaded(diags);
    Some((engines?, files?))
}

/// Builds the site at `root`: config → load → resolve → render → write. On any error the previous
/// output is left as it was.
pub fn build(root: &Path, options: &BuildOptions) -> Result<BuildReport, Diagnostics> {
    let start = Instant::now();
    let mut timings = timings::Timings::new("");
    let (mut site, mut diags) = prepare(root, &options.overrides, Command::Build)?;
    timings.lap("load");
    let out = site.config.output_dir.clone();
    let staging = output::Staging::new(&out).map_err(|e| {
        Diagnostic::error(
            &out,
            format!("cannot create the staging directory beside the output: {e}"),
        )
    })?;
    let page_count = render::contexts::all_jobs(&site).len();
    let progress = render::Progress::new(page_count, options.progress);
    let rendered = render(
        &mut site,
        Command::Build,
        &staging,
        &progress,
        options.part_docs,
        &mut diags,
        &mut timings,
    );
    let assets = match rendered {
        Some((_, assets)) if !diags.has_errors() => assets,
        _ => {
            staging.abandon();
            return Err(diags);
        }
    };
    staging.commit().map_err(|e| {
        Diagnostic::error(&out, format!("cannot move the new site into place: {e}"))
            .hint("the previous output, if any, is unchanged")
    })?;
    timings.lap("swap");
    let report = BuildReport {
        output: out,
        pages: page_count,
        assets,
        lessons: site.lesson_count(),
        languages: site.config.languages.len(),
        elapsed: start.elapsed(),
        warnings: diags.sorted(),
    };
    if options.exit_after {
        std::mem::forget(site);
    } else {
        drop(site);
    }
    timings.lap("free");
    timings.print();
    Ok(report)
}

/// Makes diagnostics' paths relative to the site root for printing.
pub fn relative_diagnostics(d: Diagnostics, root: &Path) -> Diagnostics {
    Diagnostics(d.0.into_iter().map(|x| x.relative_to(root)).collect())
}
