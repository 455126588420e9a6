//! Building sites end to end: output layout, links, language switching, Markdown features.

use crate::helpers::*;

#[test]
fn fixture_builds_the_spec_layout() {
    let site = fixture("basic");
    let out = build_ok(site.path(), &[]);
    for p in [
        "index.html",
        "404.html",
        "en/index.html",
        "en/lessons/index.html",
        "en/lessons/01-first/index.html",
        "en/lessons/01-first/alpha.html",
        "en/lessons/01-first/map.svg",
        "en/badges/index.html",
        "en/badges/explorer.html",
        "en/search.html",
        "en/404.html",
        "lt/lessons/02-second/gamma.html",
        "lt/lessons/01-first/map.svg",
        "img/diagram.svg",
        "assets/style.css",
        "assets/highlight.css",
        ".paveldas-output",
    ] {
        assert!(out.join(p).is_file(), "missing {p}");
    }
}

#[test]
fn markdown_links_are_rewritten_to_relative_file_urls() {
    let site = fixture("basic");
    let out = build_ok(site.path(), &[]);
    let doc = html(&out.join("en/lessons/01-first/alpha.html"));
    let hrefs = attrs(&doc, ".content a", "href");
    assert!(
        hrefs.contains(&"beta.html#activity".to_string()),
        "{hrefs:?}"
    );
    assert!(
        hrefs.contains(&"../02-second/gamma.html".to_string()),
        "{hrefs:?}"
    );
    let srcs = attrs(&doc, ".content img", "src");
    assert!(srcs.contains(&"map.svg".to_string()), "{srcs:?}");
    assert!(
        srcs.contains(&"../../../img/diagram.svg".to_string()),
        "{srcs:?}"
    );
    // Home page links, from a different depth.
    let home = html(&out.join("lt/index.html"));
    assert!(attrs(&home, ".content a", "href").contains(&"lessons/01-first/alpha.html".to_string()));
}

#[test]
fn headings_get_stable_unicode_ids() {
    let site = fixture("basic");
    let out = build_ok(site.path(), &[]);
    let lt = html(&out.join("lt/lessons/01-first/alpha.html"));
    let ids = attrs(&lt, ".content h2", "id");
    assert_eq!(ids, vec!["kuršių-nerija-kopos", "veikla"]);
    let en = html(&out.join("en/lessons/01-first/alpha.html"));
    assert_eq!(
        attrs(&en, ".content h2", "id"),
        vec!["background", "activity"]
    );
}

#[test]
fn gfm_features_render() {
    let site = fixture("basic");
    let out = build_ok(site.path(), &[]);
    let doc = html(&out.join("en/lessons/01-first/alpha.html"));
    assert_eq!(doc.select(&sel(".content table td")).count(), 2);
    assert_eq!(attrs(&doc, ".content input", "type"), vec!["checkbox"]);
    assert!(
        doc.select(&sel(".content pre.hl-code span[class^='hl-']"))
            .count()
            > 0,
        "code is highlighted with classes"
    );
}

#[test]
fn language_switcher_goes_to_the_same_page() {
    let site = fixture("basic");
    let out = build_ok(site.path(), &[]);
    let page = out.join("en/lessons/01-first/alpha.html");
    let doc = html(&page);
    let links: Vec<(String, String)> = doc
        .select(&sel(".lang-switcher a"))
        .map(|a| {
            (
                a.value().attr("hreflang").unwrap().to_string(),
                a.value().attr("href").unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(links.len(), 2);
    for (lang, href) in links {
        let target = page.parent().unwrap().join(&href);
        assert!(target.is_file(), "{href}");
        let t = html(&target);
        assert_eq!(attrs(&t, "html", "lang"), vec![lang.clone()]);
        assert!(
            target.ends_with(format!("{lang}/lessons/01-first/alpha.html")),
            "{}",
            target.display()
        );
    }
}

#[test]
fn untranslated_pages_fall_back_with_a_notice() {
    let site = fixture("basic");
    let out = build_ok(site.path(), &[]);
    let doc = html(&out.join("lt/lessons/02-second/gamma.html"));
    assert_eq!(attrs(&doc, "html", "lang"), vec!["lt"]);
    assert_eq!(texts(&doc, ".notice-untranslated").len(), 1);
    assert_eq!(attrs(&doc, ".content", "lang"), vec!["en"]);
    // The UI stays Lithuanian.
    assert!(texts(&doc, ".main-nav a").contains(&"Pamokos".to_string()));
    // A translated page has no notice and Lithuanian content.
    let doc = html(&out.join("lt/lessons/01-first/alpha.html"));
    assert!(texts(&doc, ".notice-untranslated").is_empty());
    assert_eq!(attrs(&doc, ".content", "lang"), vec!["lt"]);
    assert_eq!(texts(&doc, "h1"), vec!["Alfa: Kuršių nerija"]);
}

#[test]
fn lesson_page_shows_facts_breadcrumb_and_neighbours() {
    let site = fixture("basic");
    let out = build_ok(site.path(), &[]);
    let doc = html(&out.join("en/lessons/01-first/beta.html"));
    assert_eq!(texts(&doc, ".breadcrumbs li").len(), 4);
    assert_eq!(attrs(&doc, ".pager a.prev", "href"), vec!["alpha.html"]);
    assert_eq!(
        attrs(&doc, ".pager a.next", "href"),
        vec!["../02-second/gamma.html"]
    );
    let alpha = html(&out.join("lt/lessons/01-first/alpha.html"));
    let facts = texts(&alpha, ".facts dd");
    assert!(facts.iter().any(|f| f.contains("12-15")), "{facts:?}");
    // CLDR: Lithuanian 45 is `few` (n % 10 = 2..9, n % 100 not 11..19): "45 minutės".
    assert!(facts.iter().any(|f| f.contains("45 minutės")), "{facts:?}");
    assert!(facts.iter().any(|f| f.contains("Geografija")), "{facts:?}");
    assert_eq!(texts(&alpha, ".objectives li"), vec!["Apibūdinti kopas"]);
    assert_eq!(texts(&alpha, ".badge-chips a"), vec!["Paveldo tyrinėtojas"]);
}

#[test]
fn front_matter_and_ftl_text_is_escaped() {
    let site = fixture("basic");
    let p = site.path().join("content/lessons/02-second/gamma.md");
    std::fs::write(
        &p,
        "---\ntitle: \"<script>alert(1)</script> & co\"\n---\nBody.\n",
    )
    .unwrap();
    let out = build_ok(site.path(), &[]);
    let raw = read(&out.join("en/lessons/02-second/gamma.html"));
    assert!(!raw.contains("<script>alert(1)"));
    let doc = html(&out.join("en/lessons/02-second/gamma.html"));
    assert_eq!(texts(&doc, "h1"), vec!["<script>alert(1)</script> & co"]);
}

#[test]
fn new_scaffolds_files_that_build() {
    let site = fixture("basic");
    let o = paveldas(site.path(), &["new", "lesson", "03-third", "delta"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = paveldas(site.path(), &["new", "badge", "guardian"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(site
        .path()
        .join("content/lessons/03-third/delta.md")
        .is_file());
    let again = paveldas(site.path(), &["new", "badge", "guardian"]);
    assert!(!again.status.success());
    let out = build_ok(site.path(), &[]);
    assert!(out.join("lt/lessons/03-third/delta.html").is_file());
    assert!(out.join("en/badges/guardian.html").is_file());
}

#[test]
fn drafts_are_built_only_on_request() {
    let site = fixture("basic");
    let p = site.path().join("content/lessons/02-second/draft.md");
    std::fs::write(&p, "---\ntitle: Draft\ndraft: true\n---\nWIP\n").unwrap();
    let out = build_ok(site.path(), &[]);
    assert!(!out.join("en/lessons/02-second/draft.html").exists());
    let out = build_ok(site.path(), &["--drafts"]);
    assert!(out.join("en/lessons/02-second/draft.html").exists());
}

#[test]
fn output_and_base_url_flags() {
    let site = fixture("basic");
    let o = paveldas(
        site.path(),
        &[
            "build",
            "--output",
            "elsewhere",
            "--base-url",
            "https://h.example.org/sub",
        ],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    let doc = html(&site.path().join("elsewhere/en/lessons/01-first/alpha.html"));
    assert_eq!(
        attrs(&doc, "link[rel=canonical]", "href"),
        vec!["https://h.example.org/sub/en/lessons/01-first/alpha.html"]
    );
}
