//! `paveldas check`: everything `build` validates, without writing any output, plus what a build
//! lets pass: links to headings that do not exist (`lesson.md#activity`), co-located files no page
//! uses, message ids that templates use but no locale defines, and
//! optionally (`--external`, see [`crate::check::external`]) external links that are broken.
//!
//! Through the same driver as `build` ([`crate::driver::prepare`], [`crate::driver::render`]
//! into a staging that keeps nothing), `check` goes on with the resolved site when some links are
//! broken, so one run reports a missing image *and* a bad anchor *and* an unknown message id. Exit status 1 on any error; `--format json` for CI; text
//! output sorted and grouped by file, the way a compiler prints.

pub mod external;

use crate::config::Overrides;
use crate::diagnostic::{Diagnostic, Diagnostics, Severity};
use crate::driver::Command;
use crate::model::{with_variants, Site};
use crate::output::Staging;
use crate::render::contexts::all_jobs;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How to print the findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Text,
    Json,
}

/// Options of one check.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    pub overrides: Overrides,
    /// Also request every external link.
    pub external: bool,
    /// Per-request timeout for external links.
    pub timeout: Option<Duration>,
    /// Ignore (and do not write) the external link cache.
    pub no_cache: bool,
}

/// What a check found.
#[derive(Debug, Clone, Default)]
pub struct CheckReport {
    pub diagnostics: Diagnostics,
    pub pages: usize,
    pub external_checked: usize,
}

impl CheckReport {
    pub fn ok(&self) -> bool {
        !self.diagnostics.has_errors()
    }
}

/// Checks the site at `root`. Never writes into the output directory.
pub fn check(root: &Path, options: &CheckOptions) -> CheckReport {
    let mut report = CheckReport::default();
    let diags = &mut report.diagnostics;
    let (mut site, found) = match crate::driver::prepare(root, &options.overrides, Command::Check) {
        Ok(x) => x,
        Err(d) => {
            report.diagnostics = d.sorted();
            return report;
        }
    };
    diags.extend(found);
    diags.extend(check_assets(&site));
    // Every page and file rendered as `build` renders them, and thrown away.
    report.pages = all_jobs(&site).len();
    crate::driver::render(
        &mut site,
        Command::Check,
        &Staging::nowhere(),
        &crate::render::Progress::hidden(),
        None,
        diags,
        &mut crate::timings::Timings::new("check: "),
    );
    if options.external {
        let (n, d) = crate::check::external::check_external(
            &site,
            options.timeout.unwrap_or(Duration::from_secs(10)),
            !options.no_cache,
        );
        report.external_checked = n;
        diags.extend(d);
    }
    report.diagnostics = std::mem::take(diags).sorted();
    report
}

/// Co-located files that no page links to or shows (warnings).
fn check_assets(site: &Site) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let mut used: HashSet<&str> = HashSet::new();
    for (_, doc) in site.documents() {
        with_variants!(doc, v => {
            for d in v.all() {
                used.extend(d.rendered.assets.iter().map(String::as_str));
            }
        });
    }
    // Badge images are used by the badge pages (their existence is `badges::check`'s).
    let mut badge_images: HashSet<String> = HashSet::new();
    for b in 0..site.badges.len() {
        for l in &site.config.languages {
            let path = crate::render::badges::image_path(site, b, l.lang);
            if let Some(p) = path.strip_prefix(&format!("{}/", l.code)) {
                badge_images.insert(p.to_string());
            }
        }
    }
    for a in site.assets.iter().filter(|a| a.colocated) {
        if !used.contains(a.target.as_str()) && !badge_images.contains(&a.target) {
            let shown = a
                .source
                .strip_prefix(&site.config.root)
                .unwrap_or(&a.source);
            diags.push(
                Diagnostic::warning(shown, "no page links to or embeds this file")
                    .hint("link it from a lesson (`[worksheet](file.pdf)`), or delete it: it is copied into every language"),
            );
        }
    }
    diags
}

/// The findings as JSON for CI: `{ok, errors, warnings, notes, pages, diagnostics: [...]}`.
pub fn to_json(report: &CheckReport) -> String {
    let d = &report.diagnostics;
    let value = serde_json::json!({
        "ok": report.ok(),
        "errors": d.error_count(),
        "warnings": d.iter().filter(|x| x.severity == Severity::Warning).count(),
        "notes": d.iter().filter(|x| x.severity == Severity::Note).count(),
        "pages": report.pages,
        "external_links_checked": report.external_checked,
        "diagnostics": d.0,
    });
    serde_json::to_string_pretty(&value).expect("diagnostics serialize")
}

/// The findings as text, grouped by file, with a summary line.
pub fn to_text(report: &CheckReport) -> String {
    let mut by_file: BTreeMap<&PathBuf, Vec<&Diagnostic>> = BTreeMap::new();
    for d in report.diagnostics.iter() {
        by_file.entry(&d.file).or_default().push(d);
    }
    let mut out = String::new();
    for ds in by_file.values() {
        for d in ds {
            out.push_str(&format!("{d}\n\n"));
        }
    }
    let errors = report.diagnostics.error_count();
    let warnings = report
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count();
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    if errors == 0 && warnings == 0 {
        out.push_str(&format!(
            "check passed: {} pages, no problems found",
            report.pages
        ));
    } else if errors == 0 {
        out.push_str(&format!(
            "check passed with {} in {}",
            plural(warnings, "warning"),
            plural(by_file.len(), "file"),
        ));
    } else {
        out.push_str(&format!(
            "check failed: {} and {} in {}",
            plural(errors, "error"),
            plural(warnings, "warning"),
            plural(by_file.len(), "file"),
        ));
    }
    if report.external_checked > 0 {
        out.push_str(&format!(
            " ({} external links checked)",
            report.external_checked
        ));
    }
    out.push('\n');
    out
}

/// `paveldas check`: prints the findings (paths relative to `root`) and returns whether it passed.
pub fn run(root: &Path, options: &CheckOptions, format: Format) -> bool {
    let mut report = check(root, options);
    report.diagnostics = crate::relative_diagnostics(report.diagnostics, root);
    match format {
        Format::Json => println!("{}", to_json(&report)),
        Format::Text => eprint!("{}", to_text(&report)),
    }
    report.ok()
}
