//! paveldas: a multilingual static site generator for the UNESCO teacher kit *World Heritage in
//! Young Hands* and the open badges schools award for heritage work.
//!
//! The pipeline, one folder per stage, with the [`model::Site`] in the middle:
//!
//! ```text
//! config  →  load  →  resolve  →  render (parallel)  →  output (staging + atomic swap)
//! ```
//!
//! Beside the stages, one folder per command that is more than a build: [`check`], [`serve`],
//! [`l10n`]; [`scaffold`] is `paveldas new`.

pub mod check;
pub mod config;
pub mod diagnostic;
pub mod l10n;
pub mod load;
pub mod memory;
pub mod model;
pub mod output;
pub mod render;
pub mod resolve;
pub mod scaffold;
pub mod serve;
pub mod timings;

use config::{Config, Overrides};
use diagnostic::{Diagnostic, Diagnostics};
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
        let loading = std::thread::spawn(move || render::load_engines_for(&config, &locales));
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
}

/// What `build` renders the languages with.
struct Languages<'a> {
    /// Until the templates are loaded; without them (they have errors) the languages are still
    /// resolved, to report every error of the content, but nothing is rendered.
    engines: Engines,
    resolver: &'a resolve::Resolver,
    parts: &'a [resolve::batches::Part],
    staging: &'a output::Staging,
    progress: &'a render::Progress,
}

impl Languages<'_> {
    /// Resolves and renders one language at a time, the default first (its documents are the
    /// others' fallbacks), and each language part by part: the part's Markdown, then its pages and
    /// search entries, then its HTML freed. After the first error the remaining languages are
    /// still resolved (every error is reported), but nothing more is rendered. A language's search
    /// index is sorted and written on its own thread while the next language renders.
    fn render(
        &mut self,
        site: &mut model::Site,
        warnings: &mut Diagnostics,
        timings: &mut timings::Timings,
    ) -> Result<(), Diagnostics> {
        let mut order: Vec<usize> = (0..site.config.languages.len()).collect();
        order.sort_by_key(|&l| l != site.config.default_language_index());
        std::thread::scope(|scope| {
            let mut finishing = Vec::new();
            for (i, &l) in order.iter().enumerate() {
                let lang = site.config.languages[l].code.clone();
                let later: Vec<String> = order[i + 1..]
                    .iter()
                    .map(|&k| site.config.languages[k].code.clone())
                    .collect();
                let mut index = render::search::Index::new(&lang);
                for part in self.parts {
                    warnings.extend(self.resolver.render_part(site, &lang, part));
                    let engines = self.engines.get(warnings);
                    if let (Some(engines), false) = (engines, warnings.has_errors()) {
                        let (staging, progress) = (self.staging, self.progress);
                        render::render_part(site, engines, l, part, &mut index, staging, progress)?;
                    }
                    resolve::release_part(site, &lang, &later, part);
                }
                if self.engines.get(warnings).is_some() && !warnings.has_errors() {
                    let staging = self.staging;
                    finishing.push(scope.spawn(move || index.finish(staging)));
                }
                timings.lap("language");
            }
            for f in finishing {
                match f.join() {
                    Ok(done) => done.map(|_| ())?,
                    Err(panic) => std::panic::resume_unwind(panic),
                }
            }
            timings.lap("search indexes");
            Ok(())
        })
    }
}

/// Reads the configuration, loads and resolves the site: everything `build` and `check` share.
pub fn load_and_resolve(
    root: &Path,
    overrides: &Overrides,
    strict_locales: bool,
) -> Result<(model::Site, Diagnostics), Diagnostics> {
    let config = Config::load(root, overrides)?;
    let (mut site, mut warnings) = load::load_site(config, strict_locales)?;
    warnings.extend(resolve::resolve(&mut site)?);
    warnings.extend(render::badges::check(&site, false)?);
    Ok((site, warnings))
}

/// Builds the site at `root`: config → load → resolve → render → write. On any error the previous
/// output is left as it was.
pub fn build(root: &Path, options: &BuildOptions) -> Result<BuildReport, Diagnostics> {
    let start = Instant::now();
    let mut timings = timings::Timings::new("");
    let mut config = Config::load(root, &options.overrides)?;
    config.output_dir = config::confine::output_path(&config)?;
    // The proof that the output's files are paveldas's reads the whole output: it runs beside
    // loading, and nothing is written beside the output before it holds.
    let proof = {
        let (config, out) = (config.clone(), config.output_dir.clone());
        std::thread::spawn(move || config::confine::prove(&config, &out))
    };
    timings.lap("config");
    let loaded = load::load_site(config, true);
    let proved = match proof.join() {
        Ok(result) => result,
        Err(panic) => std::panic::resume_unwind(panic),
    };
    let (mut site, mut warnings) = match (loaded, proved) {
        (Ok(loaded), Ok(())) => loaded,
        (Ok(_), Err(d)) => return Err(d),
        (Err(mut d), proved) => {
            d.extend(proved.err().unwrap_or_default());
            return Err(d);
        }
    };
    timings.lap("load");
    // Every problem is collected in `warnings` (errors included): after the first error the
    // remaining languages are still resolved, to report every error, but nothing more is rendered.
    warnings.extend(resolve::link(&mut site));
    if !warnings.has_errors() {
        warnings.extend(render::badges::check(&site, true)?);
    }
    let engines = Engines::start(&site);
    let resolver = resolve::Resolver::per_part(&site);
    timings.lap("links");

    let out = site.config.output_dir.clone();
    let staging = output::Staging::new(&out).map_err(|e| {
        Diagnostic::error(
            &out,
            format!("cannot create the staging directory beside the output: {e}"),
        )
    })?;
    let page_count = render::contexts::all_jobs(&site).len();
    let progress = render::Progress::new(page_count, options.progress);
    let parts = resolve::batches::parts(
        &site,
        options.part_docs.unwrap_or(resolve::batches::PART_DOCS),
    );
    let mut languages = Languages {
        engines,
        resolver: &resolver,
        parts: &parts,
        staging: &staging,
        progress: &progress,
    };
    if let Err(d) = languages.render(&mut site, &mut warnings, &mut timings) {
        staging.abandon();
        return Err(d);
    }
    let engines = languages.engines.get(&mut warnings);
    let engines = match engines {
        Some(e) if !warnings.has_errors() => e,
        _ => {
            staging.abandon();
            return Err(warnings);
        }
    };
    warnings.extend(resolve::check_anchors(&site, false));
    let assets = match render::render_shared(&site, engines, &staging, &progress) {
        Ok(n) => n,
        Err(d) => {
            staging.abandon();
            return Err(d);
        }
    };
    timings.lap("shared files");
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
        warnings: warnings.sorted(),
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
