//! Outside judges of the built shipped site: checkers nobody on this project wrote, so our own tests'
//! blind spots do not become the site's.
//!
//! - the Nu HTML Checker (vnu) and lychee (offline link checker), through the scripts in
//!   `../shared/tools/peer/` (`check_html.sh`, `check_links.sh`), on the site built for offline use
//!   and on the site built with a `base_url` for publishing;
//! - headless Debian chromium from `file://`: the shared crawler `browser_check.mjs` (every reachable
//!   page, axe-core's default rules on each) and `tests/browser/site_check.mjs` (failed loads,
//!   console errors, the language switcher, search, axe-core WCAG 2.1 A/AA in light and dark colours,
//!   skip link and visible focus);
//! - and, with no outside tool, `lang`/`dir` on every page and on every untranslated text.
//!
//! The tools are installed by `../shared/tools/peer/install.sh` into `$PEER_DIR` (default
//! `/tmp/peertools`); `.ci/run` runs it. Where a tool is missing, a test says `SKIPPED` on the
//! terminal and passes, except with `CI=true`, where a missing judge is a failure. `PEER_TOOLS` may
//! point at the shared scripts when they are not at `../shared/tools/peer` beside the repository.

use crate::helpers::*;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

fn need_vnu() -> Result<PathBuf, String> {
    let jar = peer_dir().join("node_modules/vnu-jar/build/dist/vnu.jar");
    if on_path("java").is_none() {
        return Err("no `java`".into());
    }
    if !jar.is_file() {
        return Err(format!("no {}", jar.display()));
    }
    peer_script("check_html.sh")
}

fn need_lychee() -> Result<PathBuf, String> {
    let bin = peer_dir().join("venv/bin/lychee");
    if !bin.is_file() {
        return Err(format!("no {}", bin.display()));
    }
    peer_script("check_links.sh")
}

/// Chromium, node, and playwright-core and axe-core in the peer tools, or why not.
fn need_browser() -> Result<PathBuf, String> {
    let chromium = browser::find_chromium()?;
    if on_path("node").is_none() {
        return Err("no `node`".into());
    }
    for m in ["playwright-core", "axe-core"] {
        if !peer_dir().join("node_modules").join(m).is_dir() {
            return Err(format!("no {m} in {}", peer_dir().display()));
        }
    }
    Ok(chromium)
}

fn run(cmd: &mut Command) -> (bool, String) {
    let o = cmd
        .env("PEER_DIR", peer_dir())
        .output()
        .expect("run a judge");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    (o.status.success(), text)
}

#[test]
fn nu_html_checker_reports_no_errors() {
    let check = match need_vnu() {
        Ok(s) => s,
        Err(why) => return missing(&why).unwrap_or(()),
    };
    for dir in [shipped_offline(), shipped_published()] {
        assert!(html_files(dir).len() > 100, "{}", dir.display());
        let (ok, out) = run(Command::new("bash").arg(&check).arg(dir));
        assert!(
            ok,
            "the Nu HTML Checker found errors in {}:\n{out}",
            dir.display()
        );
    }
}

#[test]
fn lychee_finds_no_broken_links() {
    let check = match need_lychee() {
        Ok(s) => s,
        Err(why) => return missing(&why).unwrap_or(()),
    };
    // Every page, root-relative URLs refused (they break from file://); but for the 404 pages of
    // the site built for publishing, whose URLs start at the base URL's path (here `/`) so that a
    // host can serve them at any depth: they are checked with that path resolved in the output.
    let published = shipped_published();
    let runs = [
        (shipped_offline(), vec![]),
        (published, vec!["--exclude-path", r"(^|/)404\.html$"]),
    ];
    for (dir, extra) in runs {
        let (ok, out) = run(Command::new("bash").arg(&check).arg(dir).args(extra));
        assert!(ok, "lychee found broken links in {}:\n{out}", dir.display());
        assert!(out.contains("0 Errors"), "{out}");
    }
    let not_found: Vec<PathBuf> = html_files(published)
        .into_iter()
        .filter(|p| p.ends_with("404.html"))
        .collect();
    assert!(not_found.len() > 4);
    let (ok, out) = run(Command::new("bash")
        .arg(&check)
        .arg(&not_found[0])
        .arg("--root-dir")
        .arg(published)
        .args(&not_found[1..]));
    assert!(ok, "lychee found broken links in the 404 pages:\n{out}");
    assert!(out.contains("0 Errors"), "{out}");
}

/// Whether a console error or failed load reported by the shared crawler is axe-core's own doing:
/// axe (which that crawler injects into every page) re-reads each `<link rel=stylesheet>` with an
/// XMLHttpRequest, which Chromium refuses from `file://`. The site itself makes no such request,
/// which `browser_site_check` proves by crawling every page with nothing injected.
fn axe_stylesheet_refetch(text: &str, url: &str, site: &Path) -> bool {
    let css = |u: &str| {
        u.strip_prefix("file://")
            .filter(|p| p.ends_with(".css"))
            .is_some_and(|p| Path::new(p).starts_with(site) && Path::new(p).is_file())
    };
    if let Some(rest) = text.strip_prefix("Access to XMLHttpRequest at '") {
        let u = rest.split('\'').next().unwrap_or("");
        return css(u) && rest.contains("has been blocked by CORS policy");
    }
    (text == "Failed to load resource: net::ERR_FAILED" || text == "net::ERR_FAILED") && css(url)
}

#[test]
fn shared_browser_crawl_from_file_url() {
    let check = match need_browser().and_then(|_| peer_script("browser_check.mjs")) {
        Ok(s) => s,
        Err(why) => return missing(&why).unwrap_or(()),
    };
    let site = shipped_offline();
    let _one = browser::one_at_a_time();
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("judges/browser-shared");
    let max = html_files(site).len() + 20;
    let (_, text) = run(Command::new("node")
        .arg(&check)
        .arg(site.join("index.html"))
        .arg(&out)
        .arg(max.to_string()));
    let report: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out.join("report.json"))
            .unwrap_or_else(|e| panic!("no report from browser_check.mjs ({e}):\n{text}")),
    )
    .unwrap();
    let list = |k: &str| report[k].as_array().cloned().unwrap_or_default();
    let summary = &report["summary"];
    let pages = summary["pages"].as_u64().unwrap() as usize;
    assert!(
        pages > 100 && pages < max,
        "visited {pages} pages (max {max}):\n{text}"
    );
    assert_eq!(summary["unvisited"], 0, "pages left unvisited:\n{text}");
    assert!(list("broken_links").is_empty(), "broken links:\n{text}");
    assert!(
        list("axe_violations").is_empty(),
        "axe-core violations:\n{text}"
    );
    let own: Vec<_> = list("console_errors")
        .into_iter()
        .filter(|e| {
            !axe_stylesheet_refetch(
                e["text"].as_str().unwrap_or(""),
                e["at"].as_str().unwrap_or(""),
                site,
            )
        })
        .collect();
    assert!(own.is_empty(), "console errors: {own:#?}");
    let failed: Vec<_> = list("failed_loads")
        .into_iter()
        .filter(|e| {
            !axe_stylesheet_refetch(
                e["error"].as_str().unwrap_or(""),
                e["url"].as_str().unwrap_or(""),
                site,
            )
        })
        .collect();
    assert!(failed.is_empty(), "failed loads: {failed:#?}");
    let click = &report["click_test"];
    assert_eq!(
        click["clicked"], click["landed"],
        "clicking a link went elsewhere"
    );
}

#[test]
fn browser_site_check() {
    let chromium = match need_browser() {
        Ok(c) => c,
        Err(why) => return missing(&why).unwrap_or(()),
    };
    let site = shipped_offline();
    let _one = browser::one_at_a_time();
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("judges/browser-site");
    let (ok, text) = run(Command::new("node")
        .arg(repo().join("tests/browser/site_check.mjs"))
        .env("CHROMIUM", chromium)
        .arg(site)
        .arg(&out));
    assert!(ok, "the browser check failed:\n{text}");
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    assert!(report["problems"].as_array().unwrap().is_empty());
    let visited = report["crawl"]["visited"].as_u64().unwrap() as usize;
    let not_found_pages = html_files(site)
        .iter()
        .filter(|p| p.ends_with("404.html"))
        .count();
    assert_eq!(visited + not_found_pages, html_files(site).len(), "{text}");
    for skipped in report["skipped"].as_array().unwrap() {
        let _ = writeln!(std::io::stderr(), "\nSKIPPED browser_site_check: {skipped}");
    }
}

/// The effective `lang` and `dir` of an element: its own, or its nearest ancestor's.
fn effective(el: scraper::ElementRef, attr: &str) -> Option<String> {
    std::iter::successors(Some(el), |e| e.parent().and_then(scraper::ElementRef::wrap))
        .find_map(|e| e.value().attr(attr).map(str::to_string))
}

#[test]
fn lang_and_dir_are_right_on_every_page_and_untranslated_text() {
    let site = shipped_offline();
    let config = paveldas::config::Config::load(&repo(), &Default::default()).unwrap();
    let default = &config.default_language;
    let dir_of = |code: &str| config.language(code).map(|l| l.dir).unwrap();
    let mut untranslated_titles = 0;
    for file in html_files(site) {
        let rel = file.strip_prefix(site).unwrap();
        let doc = html(&file);
        let root = doc.root_element();
        let lang = match rel.components().count() {
            1 => default.clone(),
            _ => rel
                .components()
                .next()
                .unwrap()
                .as_os_str()
                .to_string_lossy()
                .into_owned(),
        };
        let shown = rel.display();
        assert_eq!(root.value().attr("lang"), Some(lang.as_str()), "{shown}");
        assert_eq!(root.value().attr("dir"), Some(dir_of(&lang)), "{shown}");
        // Untranslated content keeps its own language and direction: the title and the body of the
        // page or article (a unit's print page holds several lessons) that says so.
        for notice in doc.select(&sel(".notice-untranslated")) {
            let container = std::iter::successors(Some(notice), |e| {
                e.parent().and_then(scraper::ElementRef::wrap)
            })
            .find(|e| matches!(e.value().name(), "article" | "main"))
            .unwrap();
            let title = container.select(&sel("h1, header h2")).next();
            for el in title.into_iter().chain(container.select(&sel(".content"))) {
                let what = el.value().name();
                assert_eq!(
                    effective(el, "lang").as_deref(),
                    Some(default.as_str()),
                    "{what} in {shown}"
                );
                assert_eq!(
                    effective(el, "dir").as_deref(),
                    Some(dir_of(default)),
                    "{what} in {shown}"
                );
            }
            untranslated_titles += 1;
        }
        for tag in doc.select(&sel(".tag-untranslated")) {
            let link = tag
                .parent()
                .and_then(scraper::ElementRef::wrap)
                .and_then(|li| li.select(&sel("a")).next())
                .unwrap();
            assert_eq!(
                effective(link, "lang").as_deref(),
                Some(default.as_str()),
                "{shown}"
            );
            assert_eq!(
                effective(link, "dir").as_deref(),
                Some(dir_of(default)),
                "{shown}"
            );
        }
    }
    assert!(
        untranslated_titles > 10,
        "the shipped site has untranslated pages to check"
    );
}
