//! The shipped site works offline: every internal URL is relative, names a file, and exists.

use crate::helpers::*;
use std::path::Path;

fn is_external(url: &str) -> bool {
    url.starts_with("http://")
        || url.starts_with("https://")
        || url.starts_with("mailto:")
        || url.starts_with("data:")
}

fn check_site(out: &Path) -> usize {
    let mut checked = 0;
    let mut problems = Vec::new();
    for page in html_files(out) {
        let doc = html(&page);
        for (selector, attr) in [
            ("a[href]", "href"),
            ("link[href]", "href"),
            ("img[src]", "src"),
            ("script[src]", "src"),
        ] {
            for url in attrs(&doc, selector, attr) {
                if is_external(&url) || url.starts_with('#') {
                    continue;
                }
                checked += 1;
                if url.starts_with('/') {
                    problems.push(format!("{}: root-relative URL {url}", page.display()));
                    continue;
                }
                let path = url.split(['#', '?']).next().unwrap();
                let path = percent_decode(path);
                let target = page.parent().unwrap().join(&path);
                if path.is_empty() || path.ends_with('/') || !target.is_file() {
                    problems.push(format!("{}: broken {url}", page.display()));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
    checked
}

fn percent_decode(s: &str) -> String {
    paveldas::resolve::paths::percent_decode(s)
}

#[test]
fn every_internal_url_of_the_shipped_site_resolves() {
    let out = shipped_offline();
    let n = check_site(out);
    assert!(n > 1000, "only {n} URLs checked");
    // The shipped guide is real: six units, at least 18 lessons, English and Lithuanian complete.
    let units = std::fs::read_dir(out.join("lt/lessons"))
        .unwrap()
        .flatten()
        .filter(|e| e.path().is_dir())
        .count();
    assert!(units >= 6, "{units} units");
    let lessons: Vec<_> = html_files(&out.join("lt/lessons"))
        .into_iter()
        .filter(|p| !p.ends_with("index.html"))
        .collect();
    assert!(lessons.len() >= 18, "{} lessons", lessons.len());
    for l in &lessons {
        let doc = html(l);
        assert!(
            texts(&doc, ".notice-untranslated").is_empty(),
            "{} is not translated into Lithuanian",
            l.display()
        );
    }
}

#[test]
fn every_internal_url_of_the_fixture_resolves() {
    let site = fixture("basic");
    let out = build_ok(site.path(), &[]);
    check_site(&out);
}
