//! What a publisher's host and the search engines see: `base_url` validated and normalised (errors
//! at `--base-url` or at the `base_url:` line, IDN hosts and non-ASCII paths encoded).

use crate::helpers::*;

/// The `basic` fixture with `line` appended to its site.yaml; returns the site and that line's
/// number.
fn with_yaml_line(line: &str) -> (tempfile::TempDir, usize) {
    let site = fixture("basic");
    let yaml = read(&site.path().join("site.yaml"));
    write(site.path(), "site.yaml", &format!("{yaml}{line}\n"));
    let n = yaml.lines().count() + 1;
    (site, n)
}

#[test]
fn a_bad_base_url_is_reported_at_the_option_or_the_line_that_gave_it() {
    let site = fixture("basic");
    for (url, says) in [
        (
            "https://example.org/?preview=1",
            "`https://example.org/?preview=1` has a query (`?preview=1`)",
        ),
        ("https://example.org/kit/#top", "has a fragment (`#top`)"),
        ("ftp://example.org/", "is not an http or https URL"),
        ("example.org/kit/", "is not an absolute URL"),
        (
            "https://me:secret@example.org/",
            "holds a user name or password",
        ),
    ] {
        let o = paveldas(site.path(), &["build", "--base-url", url]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{url}: {err}");
        let first = err.lines().next().unwrap();
        assert!(first.starts_with("--base-url: error: "), "{err}");
        assert!(first.contains(says), "{url}: {err}");
        assert!(err.contains("\n  = hint: "), "{err}");
        assert!(!err.contains("site.yaml"), "{err}");
        assert!(!site.path().join("public").exists());
    }

    // From site.yaml: at the `base_url:` line, with the line shown; `check` says the same.
    let bad = "base_url: https://example.org/kit/?preview=1";
    let (site, line) = with_yaml_line(bad);
    let err = build_fails(site.path());
    assert!(
        err.contains(&format!(
            "site.yaml:{line}: error: `https://example.org/kit/?preview=1` has a query"
        )),
        "{err}"
    );
    assert!(err.contains(&format!("{line} | {bad}")), "{err}");
    assert!(err.contains("hint: remove `?preview=1`"), "{err}");
    let (ok, report) = check_json(site.path(), &[]);
    assert!(!ok);
    let found = diagnostics_matching(&report, "site.yaml", "has a query");
    assert_eq!(found.len(), 1, "{report:#}");
    assert_eq!(found[0]["line"], line);

    // `--base-url` wins over site.yaml's (which is then not read).
    let out = build_ok(site.path(), &["--base-url", "https://example.org/"]);
    let doc = html(&out.join("en/index.html"));
    assert_eq!(
        attrs(&doc, "link[rel=canonical]", "href"),
        ["https://example.org/en/index.html"]
    );
}

#[test]
fn base_url_is_normalised_idn_host_to_punycode_path_encoded_and_slash_added() {
    let site = fixture("basic");
    let given = "https://Bücher.example/paveldas/kernavė";
    let out = build_ok(site.path(), &["--base-url", given]);
    let base = "https://xn--bcher-kva.example/paveldas/kernav%C4%97/";
    let doc = html(&out.join("en/lessons/01-first/alpha.html"));
    assert_eq!(
        attrs(&doc, "link[rel=canonical]", "href"),
        [format!("{base}en/lessons/01-first/alpha.html")]
    );
    let xml = read(&out.join("sitemap.xml"));
    let tree = roxmltree::Document::parse(&xml).expect("sitemap.xml parses");
    let locs: Vec<&str> = tree
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    assert!(locs.len() >= 5, "{locs:?}");
    for loc in &locs {
        assert!(loc.starts_with(base) && loc.is_ascii(), "{loc}");
        let rel = loc.strip_prefix(base).unwrap();
        assert!(out.join(rel).is_file(), "{loc} is no page");
    }
    for link in tree.descendants().filter(|n| n.has_tag_name("link")) {
        let href = link.attribute("href").unwrap();
        assert!(href.starts_with(base) && href.is_ascii(), "{href}");
    }
    // The badge JSON ids too.
    let json = read(&out.join("en/badges/explorer.json"));
    assert!(
        json.contains(&format!("\"{base}en/badges/explorer.json\"")),
        "{json}"
    );
}
