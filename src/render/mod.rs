//! Stage 4: rendering. Every page of every language is rendered from the theme's templates in
//! parallel (rayon) and handed straight to the staging directory; assets are copied beside them.

pub mod badge_image;
pub mod badges;
pub mod contexts;
pub mod menus;
pub mod print;
pub mod search;
pub mod sitemap;
pub mod templates;

use crate::config::Lang;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::Site;
use crate::output::Staging;
use crate::render::contexts::{job_path, job_template, Job, Pages, ROOT_JOBS};
use crate::render::templates::Engines;
use crate::resolve::batches::Part;
use rayon::prelude::*;
use std::io::IsTerminal;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The template of the pages of `content/pages/`, which a theme needs only for a site that has any.
pub const PAGE_TEMPLATE: &str = "page.html";

/// The templates every theme must have.
pub const REQUIRED_TEMPLATES: &[&str] = &[
    "home.html",
    "lessons.html",
    "unit.html",
    "lesson.html",
    "badges.html",
    "badge.html",
    "search.html",
    "print.html",
    "404.html",
    "index.html",
];

/// Page counts for the progress line of a large build on a terminal.
pub struct Progress {
    done: AtomicUsize,
    total: usize,
    show: bool,
}

impl Progress {
    /// Progress over `total` pages, shown when `wanted`, stderr is a terminal and the site is large.
    pub fn new(total: usize, wanted: bool) -> Progress {
        Progress {
            done: AtomicUsize::new(0),
            total,
            show: wanted && std::io::stderr().is_terminal() && total >= 500,
        }
    }

    /// No progress line.
    pub fn hidden() -> Progress {
        Progress::new(0, false)
    }

    fn tick(&self) {
        let n = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        if self.show && (n.is_multiple_of(500) || n == self.total) {
            eprint!("\r  rendering pages {n}/{}", self.total);
            if n == self.total {
                eprintln!();
            }
        }
    }
}

/// Renders the pages of `part` of language `l` and adds
/// its documents to the language's search `index` beside them: the search index has serial
/// steps that would otherwise leave cores idle.
pub fn render_part(
    site: &Site,
    engines: &Engines,
    l: Lang,
    part: &Part,
    index: &mut search::Index,
    staging: &Staging,
    progress: &Progress,
) -> Result<(), Diagnostics> {
    let jobs = part.jobs(site, l);
    let (pages, search) = rayon::join(
        || render_jobs(site, engines, &jobs, staging, progress),
        || index.add(site, part, staging).map_err(Diagnostics::from),
    );
    both(pages, search).map(|_| ())
}

/// Renders the pages of no language (the root language chooser and 404) and writes every other
/// file but the search indexes: assets, highlighting CSS, badge images and JSON, sitemap.
pub fn render_shared(
    site: &Site,
    engines: &Engines,
    staging: &Staging,
    progress: &Progress,
) -> Result<usize, Diagnostics> {
    render_jobs(site, engines, &ROOT_JOBS, staging, progress)?;
    copy_files(site, staging, engines)
}

/// Both results, with the errors of both.
fn both<A, B>(a: Result<A, Diagnostics>, b: Result<B, Diagnostics>) -> Result<(A, B), Diagnostics> {
    match (a, b) {
        (Ok(a), Ok(b)) => Ok((a, b)),
        (Err(mut a), Err(b)) => {
            a.extend(b);
            Err(a)
        }
        (Err(e), _) | (_, Err(e)) => Err(e),
    }
}

/// The configured language codes, in switcher order.
pub fn language_codes(site: &Site) -> Vec<String> {
    site.config.language_codes()
}

/// Loads the theme's templates, one engine per language, and checks every page kind has one.
pub fn load_engines(site: &Site) -> Result<Engines, Diagnostics> {
    load_engines_for(&site.config, &site.locales, !site.pages.is_empty())
}

/// [`load_engines`] from the parts of a site it needs, for loading on another thread; `pages`:
/// the site has pages of `content/pages/` (and so needs [`PAGE_TEMPLATE`]).
pub fn load_engines_for(
    config: &crate::config::Config,
    locales: &std::sync::Arc<crate::load::locales::Locales>,
    pages: bool,
) -> Result<Engines, Diagnostics> {
    let root = &config.root;
    let languages = config.language_codes();
    let engines = Engines::load(&config.theme_dir, root, &languages, locales)?;
    let mut diags = Diagnostics::new();
    let page = pages.then_some(&PAGE_TEMPLATE);
    for required in REQUIRED_TEMPLATES.iter().chain(page) {
        if !engines.has(required) {
            diags.push(
                Diagnostic::error(
                    Path::new("themes").join(&config.theme).join("templates"),
                    format!("the theme has no `{required}` template"),
                )
                .hint("copy it from themes/default/templates"),
            );
        }
    }
    if diags.has_errors() {
        return Err(diags);
    }
    Ok(engines)
}

/// Renders `jobs` in parallel and writes each page into `staging`.
pub fn render_jobs(
    site: &Site,
    engines: &Engines,
    jobs: &[Job],
    staging: &Staging,
    progress: &Progress,
) -> Result<(), Diagnostics> {
    let root = &site.config.root;
    let paths: Vec<String> = jobs.iter().map(|j| job_path(site, *j)).collect();
    staging
        .make_dirs(paths.iter().map(String::as_str))
        .map_err(|e| io_error(staging.dir(), e))?;

    let pages = Pages::new(site);
    // One page per task: the overviews and badge pages of a large site take tens of milliseconds
    // each, and rayon would otherwise run a run of pages around them on one thread while the other
    // threads wait at the end of the part.
    let errors: Vec<Diagnostic> = jobs
        .par_iter()
        .zip(paths.par_iter())
        .with_max_len(1)
        .filter_map(|(job, path)| {
            let lang = job.lang().unwrap_or(site.config.default_lang());
            let ctx = pages.context(*job);
            let result = engines
                .render_bytes(lang.code(), job_template(*job), &ctx, root)
                .and_then(|html| {
                    staging
                        .write(path, &html)
                        .map_err(|e| io_error(&staging.dir().join(path), e))
                });
            progress.tick();
            result.err()
        })
        .collect();
    if !errors.is_empty() {
        // The same template error repeats on every page of a kind; report each once.
        let mut diags = Diagnostics::new();
        let mut seen = std::collections::HashSet::new();
        for e in errors {
            if seen.insert((e.file.clone(), e.line, e.message.clone())) {
                diags.push(e);
            }
        }
        return Err(diags);
    }
    Ok(())
}

fn io_error(path: &Path, e: std::io::Error) -> Diagnostic {
    Diagnostic::error(path, format!("cannot write: {e}"))
        .hint("check free disk space and permissions of the output's parent directory")
}

/// Writes every output that is not a page: [`copy_files`] and the search indexes. The dev server
/// runs it after each rebuild (unchanged files are not rewritten).
pub fn copy_assets(
    site: &Site,
    staging: &Staging,
    engines: &Engines,
) -> Result<usize, Diagnostics> {
    let files = copy_files(site, staging, engines)?;
    Ok(files + crate::render::search::write_indexes(site, staging)?)
}

/// The generated highlighting stylesheet, from the output root.
pub const HIGHLIGHT_CSS: &str = "assets/highlight.css";

/// Copies content and static files (the theme's included: [`crate::load`] found them), writes generated CSS, badge images and JSON and the
/// sitemap: every output but the pages and the search indexes.
pub fn copy_files(site: &Site, staging: &Staging, engines: &Engines) -> Result<usize, Diagnostics> {
    let languages = &language_codes(site);
    let mut jobs: Vec<(std::path::PathBuf, String)> = Vec::new();
    for a in &site.assets {
        if a.colocated {
            for l in languages {
                jobs.push((a.source.clone(), format!("{l}/{}", a.target)));
            }
        } else {
            jobs.push((a.source.clone(), a.target.clone()));
        }
    }
    let errors: Vec<Diagnostic> = jobs
        .par_iter()
        .filter_map(|(src, rel)| staging.copy(src, rel).err().map(|e| io_error(src, e)))
        .collect();
    if !errors.is_empty() {
        return Err(Diagnostics(errors));
    }
    let mut count = jobs.len();
    staging
        .write(
            HIGHLIGHT_CSS,
            crate::resolve::highlight::highlight_css_cached().as_bytes(),
        )
        .map_err(|e| Diagnostics::from(io_error(Path::new(HIGHLIGHT_CSS), e)))?;
    count += 1;
    count += crate::render::badge_image::write_images(site, staging, engines)?;
    count += crate::render::badges::write_files(site, staging)?;
    count += crate::render::sitemap::write(site, staging)?;
    Ok(count)
}
