//! External links for `paveldas check --external`: every distinct `http(s)` URL a page shows (the
//! Markdown links and images of every body, the URLs of raw HTML in them, and the `alignment`
//! URLs in badges' front matter, [`collect_uses`]) is requested once (HEAD, then GET where a server refuses HEAD), with a timeout, a few at a time.
//! Working URLs are remembered for a day in `.paveldas/external-links.json` under the site
//! root, so a CI run or a second check does not ask the same servers again; broken ones are always
//! asked again.

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{with_variants, Doc, Site};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// How long a working URL is trusted without asking again.
pub const CACHE_MAX_AGE: Duration = Duration::from_secs(24 * 60 * 60);
/// The cache file, relative to the site root.
pub const CACHE_FILE: &str = ".paveldas/external-links.json";
/// Requests in flight at once.
const PARALLEL: usize = 8;

/// Where a URL is written: file, line, column, and the source line.
#[derive(Debug, Clone)]
pub struct Use {
    pub file: PathBuf,
    pub line: usize,
    pub col: usize,
    pub source: Option<String>,
}

/// What asking a server gave.
enum Outcome {
    Ok,
    Status(u16),
    Failed(String),
}

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

fn load_cache(path: &Path) -> BTreeMap<String, u64> {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default()
}

fn save_cache(path: &Path, cache: &BTreeMap<String, u64>) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension("json.tmp");
    std::fs::write(
        &tmp,
        serde_json::to_string_pretty(cache).unwrap_or_default(),
    )?;
    std::fs::rename(tmp, path)
}

/// Every external URL of the resolved `site` with where it is written: the `http(s)` links of the
/// bodies (Markdown and raw HTML, recorded by [`crate::resolve`]) and each badge file's own
/// `alignment` URLs (a translation without `alignment` shows its source's, reported there).
pub fn collect_uses(site: &Site) -> BTreeMap<String, Vec<Use>> {
    let mut uses: BTreeMap<String, Vec<Use>> = BTreeMap::new();
    let root = &site.config.root;
    let mut add = |path: &Path, _body: &str, _body_line: usize, r: &crate::model::Rendered| {
        if r.external.is_empty() {
            return;
        }
        // Bodies are released after rendering: read the file for the source lines.
        let text = std::fs::read_to_string(root.join(path)).unwrap_or_default();
        for e in &r.external {
            uses.entry(e.url.clone()).or_default().push(Use {
                file: path.to_path_buf(),
                line: e.line,
                col: e.col,
                source: text
                    .lines()
                    .nth(e.line.saturating_sub(1))
                    .map(str::to_string),
            });
        }
    };
    for (_, doc) in site.documents() {
        with_variants!(doc, v => {
            for d in v.all() {
                add(&d.path, &d.body, d.body_line, &d.rendered);
            }
        });
    }
    for b in &site.badges {
        for d in b.doc.all() {
            for (url, line, col, source) in alignment_urls(d) {
                uses.entry(url).or_default().push(Use {
                    file: d.path.clone(),
                    line,
                    col,
                    source,
                });
            }
        }
    }
    uses
}

/// The `http(s)` `alignment` URLs of one badge file with their line, column and source line. The
/// front matter starts on the file's line 2; each URL is found on the first line at or after the
/// previous one's that holds it (`badges::check` reports URLs that are not `http(s)`).
fn alignment_urls(d: &Doc<crate::model::BadgeMeta>) -> Vec<(String, usize, usize, Option<String>)> {
    let Some(list) = &d.meta.alignment else {
        return Vec::new();
    };
    let lines: Vec<&str> = d.front_matter.lines().collect();
    let key = lines
        .iter()
        .position(|l| {
            l.strip_prefix("alignment")
                .is_some_and(|r| r.trim_start().starts_with(':'))
        })
        .unwrap_or(0);
    let mut from = key;
    let mut out = Vec::new();
    for a in list {
        let url = a.url.trim();
        let lower = url.to_ascii_lowercase();
        if !(lower.starts_with("http://") || lower.starts_with("https://")) {
            continue;
        }
        let found = (from..lines.len()).find_map(|i| lines[i].find(url).map(|c| (i, c)));
        let (i, col) = match found {
            Some((i, c)) => {
                from = i;
                (i, lines[i][..c].chars().count() + 1)
            }
            None => (key, 1), // written with escapes or folded: at the key
        };
        out.push((
            url.to_string(),
            i + 2,
            col,
            lines.get(i).map(|l| l.trim_end_matches('\r').to_string()),
        ));
    }
    out
}

fn ask(agent: &ureq::Agent, url: &str) -> Outcome {
    let status = |r: Result<ureq::http::Response<ureq::Body>, ureq::Error>| match r {
        Ok(resp) => Ok(resp.status().as_u16()),
        Err(e) => Err(e.to_string()),
    };
    let head = status(agent.head(url).call());
    // Some servers refuse or mishandle HEAD: ask again with GET.
    let result = match head {
        Ok(405 | 403 | 501) | Err(_) => status(agent.get(url).call()).or(head),
        other => other,
    };
    match result {
        Ok(s) if s < 400 => Outcome::Ok,
        Ok(s) => Outcome::Status(s),
        Err(e) => Outcome::Failed(e),
    }
}

/// Requests every external link of the site. Returns the number of distinct URLs and the problems.
pub fn check_external(site: &Site, timeout: Duration, use_cache: bool) -> (usize, Diagnostics) {
    let uses = collect_uses(site);
    let cache_path = site.config.root.join(CACHE_FILE);
    let mut cache = if use_cache {
        load_cache(&cache_path)
    } else {
        BTreeMap::new()
    };
    let fresh = |url: &str| {
        cache
            .get(url)
            .is_some_and(|&t| now().saturating_sub(t) < CACHE_MAX_AGE.as_secs())
    };
    let todo: Vec<&String> = uses.keys().filter(|u| !fresh(u)).collect();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .max_redirects(10)
        .user_agent(concat!(
            "paveldas/",
            env!("CARGO_PKG_VERSION"),
            " (link check)"
        ))
        .build()
        .into();
    let ask_all = || -> Vec<(&String, Outcome)> {
        todo.par_iter()
            .map(|url| (*url, ask(&agent, url)))
            .collect()
    };
    let results: Vec<(&String, Outcome)> = match rayon::ThreadPoolBuilder::new()
        .num_threads(PARALLEL)
        .build()
    {
        Ok(pool) => pool.install(ask_all),
        Err(_) => ask_all(),
    };
    let mut diags = Diagnostics::new();
    let mut outcomes: HashMap<&String, &Outcome> = HashMap::new();
    for (url, outcome) in &results {
        if matches!(outcome, Outcome::Ok) {
            cache.insert((*url).clone(), now());
        } else {
            cache.remove(*url);
        }
        outcomes.insert(url, outcome);
    }
    for (url, outcome) in outcomes {
        let (message, hint, warn) = match outcome {
            Outcome::Ok => continue,
            Outcome::Status(429) => (
                format!("external link `{url}`: the server asks to slow down (HTTP 429)"),
                "run the check again later".to_string(),
                true,
            ),
            Outcome::Status(s) => (
                format!("broken external link `{url}`: HTTP {s}"),
                "fix or remove the link; if the page moved, link to its new address".to_string(),
                false,
            ),
            Outcome::Failed(e) => (
                format!("external link `{url}` cannot be reached: {e}"),
                format!(
                    "check the address; the timeout is {}s (`--timeout`)",
                    timeout.as_secs()
                ),
                false,
            ),
        };
        for u in &uses[url] {
            let mut d = if warn {
                Diagnostic::warning(&u.file, &message)
            } else {
                Diagnostic::error(&u.file, &message)
            };
            d = d.at(u.line, u.col).hint(&hint);
            d.source_line = u.source.clone();
            diags.push(d);
        }
    }
    if use_cache {
        if let Err(e) = save_cache(&cache_path, &cache) {
            diags.push(
                Diagnostic::warning(CACHE_FILE, format!("cannot write the link cache: {e}"))
                    .hint("the next check asks every server again"),
            );
        }
    }
    (uses.len(), diags)
}
