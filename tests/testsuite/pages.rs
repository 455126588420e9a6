//! Pages of `content/pages/` and their menus, on the `pages` fixture (English, Lithuanian and
//! Arabic; pages translated into both, one, or neither): the header and footer menus in order and
//! in each language, the untranslated notice, the language switcher, links between lessons and
//! pages both ways, the search index, the sitemap and alternates, `check` and `l10n status` on
//! pages, `new page`, the dev server's incremental rebuilds, and the outside judges on the output.

use crate::helpers::*;
use crate::incremental::{assert_same_as_full_build, rebuild, start};
use paveldas::serve::incremental::Rebuild;
use std::path::{Path, PathBuf};
use std::process::Command;

const BASE: &str = "https://pages.example.org/kit/";

/// A copy of the `pages` fixture with the repository's UI strings in its three languages.
fn pages_site() -> tempfile::TempDir {
    let s = fixture("pages");
    for lang in ["en", "lt", "ar"] {
        copy_tree(
            &repo().join("locales").join(lang),
            &s.path().join("locales").join(lang),
            &[],
        );
    }
    s
}

/// The pages fixture built once for offline use and once with a base URL, for the tests that
/// only read it.
fn built(published: bool) -> &'static Path {
    static OFFLINE: std::sync::OnceLock<(tempfile::TempDir, PathBuf)> = std::sync::OnceLock::new();
    static PUBLISHED: std::sync::OnceLock<(tempfile::TempDir, PathBuf)> =
        std::sync::OnceLock::new();
    let cell = if published { &PUBLISHED } else { &OFFLINE };
    &cell
        .get_or_init(|| {
            let site = pages_site();
            let args: &[&str] = if published {
                &["--base-url", BASE]
            } else {
                &[]
            };
            let out = build_ok(site.path(), args);
            (site, out)
        })
        .1
}

/// A link as a reader sees it: its text, `href`, and `lang` attribute.
#[derive(Debug, PartialEq)]
struct Shown {
    text: String,
    href: String,
    lang: Option<String>,
}

fn links(doc: &scraper::Html, selector: &str) -> Vec<Shown> {
    doc.select(&sel(selector))
        .map(|a| Shown {
            text: a.text().collect::<String>().trim().to_string(),
            href: a.value().attr("href").unwrap_or_default().to_string(),
            lang: a.value().attr("lang").map(str::to_string),
        })
        .collect()
}

/// The file a relative `href` on the page `page` (from `out`) names, without its fragment.
fn target(out: &Path, page: &str, href: &str) -> PathBuf {
    let file = href.split('#').next().unwrap();
    Path::new(page)
        .parent()
        .unwrap()
        .join(file)
        .components()
        .fold(out.to_path_buf(), |mut p, c| {
            match c {
                std::path::Component::ParentDir => {
                    p.pop();
                }
                std::path::Component::Normal(n) => p.push(n),
                _ => {}
            }
            p
        })
}

#[test]
fn menus_list_the_pages_in_order_in_every_language() {
    let out = built(false);
    // (language, header items after the built-in ones, footer items, titles shown in English)
    type Menus<'a> = (&'a str, [&'a str; 4], [&'a str; 4], &'a [&'a str]);
    let expected: [Menus; 3] = [
        (
            "en",
            ["Lessons", "Badges", "About us", "Contact"],
            ["Contact", "Accessibility", "Licence", "Privacy"],
            &[],
        ),
        (
            // Ties of weight by title in the reader's language: Licence (not translated) before
            // Prieinamumas, where English has Accessibility before Licence.
            "lt",
            ["Pamokos", "Ženkleliai", "Apie mus", "Kontaktai"],
            ["Kontaktai", "Licence", "Prieinamumas", "Privatumas"],
            &["Licence"],
        ),
        (
            "ar",
            ["الدروس", "الشارات", "من نحن", "Contact"],
            ["Contact", "Accessibility", "Licence", "Privacy"],
            &["Contact", "Accessibility", "Licence", "Privacy"],
        ),
    ];
    for (lang, main, footer, english) in expected {
        for page in [
            "index.html",
            "lessons/01-first/alpha.html",
            "about.html",
            "badges/index.html",
            "search.html",
            "404.html",
        ] {
            let rel = format!("{lang}/{page}");
            let doc = html(&out.join(&rel));
            let nav = links(&doc, "header .main-nav a");
            let foot = links(&doc, "footer .footer-nav a");
            let texts = |l: &[Shown]| l.iter().map(|s| s.text.clone()).collect::<Vec<_>>();
            assert_eq!(texts(&nav), main, "{rel}");
            assert_eq!(texts(&foot), footer, "{rel}");
            for s in nav.iter().chain(&foot) {
                let file = target(out, &rel, &s.href);
                assert!(file.is_file(), "{rel}: `{}` → {}", s.href, file.display());
                // A title shown from the English source says it is English.
                let want = english.contains(&s.text.as_str()).then(|| "en".to_string());
                if nav.iter().take(2).all(|b| b != s) {
                    assert_eq!(s.lang, want, "{rel}: {}", s.text);
                }
            }
            // The footer navigation is labelled in the page's language.
            let label = attrs(&doc, "footer nav.footer-nav", "aria-label");
            assert_eq!(label.len(), 1, "{rel}");
            assert_ne!(label[0], "", "{rel}");
        }
    }
    // The current page is marked in both menus.
    let doc = html(&out.join("lt/contact.html"));
    assert_eq!(texts(&doc, ".main-nav a[aria-current=page]"), ["Kontaktai"]);
    assert_eq!(
        texts(&doc, ".footer-nav a[aria-current=page]"),
        ["Kontaktai"]
    );
    // A page in no menu is built all the same, and only linked where the content links it.
    assert!(out.join("ar/history.html").is_file());
    let home = read(&out.join("en/index.html"));
    assert_eq!(home.matches("history.html").count(), 1);
    // The labels differ by language.
    let label = |l: &str| attrs(&html(&out.join(l)), "nav.footer-nav", "aria-label");
    assert_ne!(label("en/index.html"), label("lt/index.html"));
    assert_ne!(label("en/index.html"), label("ar/index.html"));
}

#[test]
fn untranslated_pages_fall_back_with_a_notice_and_the_switcher_goes_to_the_same_page() {
    let out = built(false);
    // Not translated into Lithuanian: English text, marked English, with the notice.
    let doc = html(&out.join("lt/licence.html"));
    assert_eq!(attrs(&doc, "html", "lang"), ["lt"]);
    assert_eq!(texts(&doc, "h1"), ["Licence"]);
    assert_eq!(attrs(&doc, "h1", "lang"), ["en"]);
    assert_eq!(attrs(&doc, "main .content", "lang"), ["en"]);
    assert_eq!(texts(&doc, ".notice-untranslated").len(), 1);
    assert!(texts(&doc, ".notice-untranslated")[0].contains("English"));
    // In Arabic, English content is left to right inside a right-to-left page.
    let doc = html(&out.join("ar/licence.html"));
    assert_eq!(attrs(&doc, "html", "dir"), ["rtl"]);
    assert_eq!(attrs(&doc, "main .content", "dir"), ["ltr"]);
    // Translated: its own text, no notice.
    for (page, title) in [
        ("lt/about.html", "Apie mus"),
        ("ar/about.html", "من نحن"),
        ("en/about.html", "About us"),
    ] {
        let doc = html(&out.join(page));
        assert_eq!(texts(&doc, "h1"), [title], "{page}");
        assert!(texts(&doc, ".notice-untranslated").is_empty(), "{page}");
        assert_eq!(
            texts(&doc, ".breadcrumbs [aria-current=page]"),
            [title],
            "{page}"
        );
    }
    // The language switcher of every page goes to the same page in the other languages.
    for lang in ["en", "lt", "ar"] {
        for page in ["about.html", "licence.html", "history.html"] {
            let rel = format!("{lang}/{page}");
            let doc = html(&out.join(&rel));
            let hrefs = attrs(&doc, ".lang-switcher a", "href");
            let want: Vec<String> = ["en", "lt", "ar"]
                .iter()
                .map(|l| {
                    if *l == lang {
                        page.to_string()
                    } else {
                        format!("../{l}/{page}")
                    }
                })
                .collect();
            assert_eq!(hrefs, want, "{rel}");
        }
    }
}

#[test]
fn lessons_units_the_home_page_and_pages_link_to_each_other() {
    let out = built(false);
    // (page, link text, the URL it must be rewritten to)
    let cases = [
        ("en/index.html", "about us", "about.html"),
        (
            "en/index.html",
            "the history of the kit",
            "history.html#origins",
        ),
        ("lt/index.html", "apie mus", "about.html"),
        (
            "en/lessons/01-first/index.html",
            "who we are",
            "../../about.html#who-we-are",
        ),
        (
            "en/lessons/01-first/alpha.html",
            "licence",
            "../../licence.html",
        ),
        (
            "lt/lessons/01-first/alpha.html",
            "Licencija",
            "../../licence.html",
        ),
        (
            "ar/lessons/01-first/beta.html",
            "contact",
            "../../contact.html",
        ),
        (
            "en/about.html",
            "the first lesson",
            "lessons/01-first/alpha.html#activity",
        ),
        (
            "lt/about.html",
            "pirmosios pamokos",
            "lessons/01-first/alpha.html#veikla",
        ),
        (
            "ar/about.html",
            "بالدرس الأول",
            "lessons/01-first/alpha.html",
        ),
    ];
    for (page, text, href) in cases {
        let doc = html(&out.join(page));
        let found = links(&doc, "main .content a");
        let link = found
            .iter()
            .find(|l| l.text == text)
            .unwrap_or_else(|| panic!("{page}: no link `{text}` in {found:?}"));
        assert_eq!(link.href, href, "{page}");
        let file = target(out, page, href);
        assert!(file.is_file(), "{page}: {href}");
        if let Some((_, id)) = href.split_once('#') {
            let ids = attrs(&html(&file), "[id]", "id");
            assert!(ids.iter().any(|i| i == id), "{page}: no #{id} in {href}");
        }
    }
}

#[test]
fn search_index_sitemap_and_alternates_list_the_pages() {
    let out = built(true);
    let docs = |lang: &str| -> Vec<(String, String)> {
        let js = read(&out.join(lang).join("search-index.js"));
        let json = js
            .strip_prefix("window.PAVELDAS_SEARCH = ")
            .and_then(|s| s.trim_end().strip_suffix(';'))
            .unwrap();
        let v: serde_json::Value = serde_json::from_str(json).unwrap();
        v["docs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| (d[0].as_str().unwrap().into(), d[1].as_str().unwrap().into()))
            .collect()
    };
    let en = docs("en");
    for (url, title) in [
        ("about.html", "About us"),
        ("licence.html", "Licence"),
        ("history.html", "History of the kit"),
    ] {
        assert!(en.contains(&(url.into(), title.into())), "{en:?}");
    }
    let lt = docs("lt");
    // Translated pages by their Lithuanian title, the others in English (as they are shown).
    assert!(
        lt.contains(&("about.html".into(), "Apie mus".into())),
        "{lt:?}"
    );
    assert!(
        lt.contains(&("licence.html".into(), "Licence".into())),
        "{lt:?}"
    );
    // The body of a page is searchable: its words are in the index.
    let js = read(&out.join("lt/search-index.js"));
    assert!(
        js.contains("\"mokyklu\""),
        "a word of the Lithuanian About page"
    );

    // The sitemap lists every translated page with its alternates, and no fallback page.
    let xml = read(&out.join("sitemap.xml"));
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let mut urls: Vec<(String, Vec<String>)> = Vec::new();
    for url in doc.descendants().filter(|n| n.has_tag_name("url")) {
        let loc = url
            .children()
            .find(|n| n.has_tag_name("loc"))
            .and_then(|n| n.text())
            .unwrap()
            .to_string();
        let alternates = url
            .children()
            .filter(|n| n.has_tag_name("link"))
            .map(|n| n.attribute("hreflang").unwrap().to_string())
            .collect();
        urls.push((loc, alternates));
    }
    let alternates_of = |loc: &str| {
        urls.iter()
            .find(|(l, _)| l == &format!("{BASE}{loc}"))
            .map(|(_, a)| a.clone())
    };
    for lang in ["en", "lt", "ar"] {
        assert_eq!(
            alternates_of(&format!("{lang}/about.html")),
            Some(vec![
                "en".into(),
                "lt".into(),
                "ar".into(),
                "x-default".into()
            ]),
            "{lang}/about.html"
        );
    }
    assert_eq!(
        alternates_of("lt/contact.html"),
        Some(vec!["en".into(), "lt".into(), "x-default".into()])
    );
    assert_eq!(alternates_of("en/licence.html").unwrap().len(), 2);
    assert_eq!(alternates_of("lt/licence.html"), None, "a fallback page");
    assert_eq!(alternates_of("ar/contact.html"), None, "a fallback page");
    // The head of a page carries the same alternates; a fallback page's canonical is the original.
    let head = |page: &str| html(&out.join(page));
    assert_eq!(
        attrs(&head("lt/about.html"), "link[rel=alternate]", "hreflang"),
        ["en", "lt", "ar", "x-default"]
    );
    assert_eq!(
        attrs(&head("lt/licence.html"), "link[rel=canonical]", "href"),
        [format!("{BASE}en/licence.html")]
    );
}

#[test]
fn check_reports_broken_links_from_and_to_pages_at_file_line() {
    let s = pages_site();
    let root = s.path();
    let (ok, _) = check_json(root, &[]);
    assert!(ok, "the fixture passes check");
    // A page linking to a missing lesson, and a lesson linking to a missing heading of a page.
    edit(
        root,
        "content/pages/about.md",
        "(../lessons/01-first/alpha.md#activity)",
        "(../lessons/01-first/alpa.md)",
    );
    edit(
        root,
        "content/lessons/01-first/_index.md",
        "about.md#who-we-are",
        "about.md#who-we-were",
    );
    edit(
        root,
        "content/lessons/01-first/beta.md",
        "pages/contact.md",
        "pages/contcat.md",
    );
    let (ok, v) = check_json(root, &[]);
    assert!(!ok);
    let one = |file: &str, needle: &str| {
        let found = diagnostics_matching(&v, file, needle);
        assert_eq!(found.len(), 1, "{file}: `{needle}` in {v:#}");
        found[0].clone()
    };
    let d = one("content/pages/about.md", "link to a missing lesson or page");
    assert_eq!((d["line"].as_u64(), d["col"].as_u64()), (Some(7), Some(37)));
    assert_eq!(
        d["hint"], "did you mean `../lessons/01-first/alpha.md`?",
        "{d:#}"
    );
    let d = one("content/lessons/01-first/_index.md", "names no heading");
    assert_eq!(d["line"], 6);
    assert_eq!(d["hint"], "did you mean `#who-we-are`?");
    let d = one("content/lessons/01-first/beta.md", "missing lesson or page");
    assert_eq!(d["line"], 6);
    assert_eq!(d["hint"], "did you mean `../../pages/contact.md`?");
}

#[test]
fn l10n_status_counts_pages_and_finds_stale_ones() {
    let s = pages_site();
    let root = s.path();
    let status = || {
        let o = paveldas(
            root,
            &["l10n", "status", "--format", "json", "--lang", "lt"],
        );
        assert!(o.status.success(), "{}", stderr(&o));
        let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        v["languages"][0].clone()
    };
    let lt = status();
    let pages: Vec<(String, String)> = lt["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] == "page")
        .map(|f| {
            (
                f["source"].as_str().unwrap().to_string(),
                f["state"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(pages.len(), 6, "{pages:?}");
    let state = |p: &str| {
        pages
            .iter()
            .find(|(s, _)| s == &format!("content/pages/{p}.md"))
            .map(|x| x.1.clone())
            .unwrap()
    };
    assert_eq!(state("about"), "not-stamped");
    assert_eq!(state("licence"), "untranslated");
    let untranslated: Vec<&str> = lt["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["kind"] == "untranslated" && i["file"].as_str().unwrap().contains("pages/"))
        .map(|i| i["file"].as_str().unwrap())
        .collect();
    assert_eq!(
        untranslated,
        ["content/pages/history.md", "content/pages/licence.md"]
    );
    // Stamped, then the source edited: the translation is stale, and its page says so.
    let o = paveldas(root, &["l10n", "stamp", "content/pages/about.lt.md"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(state_of(&status(), "about"), "current");
    edit(
        root,
        "content/pages/about.md",
        "Teachers and pupils.",
        "Teachers, pupils and parents.",
    );
    let lt = status();
    assert_eq!(state_of(&lt, "about"), "stale");
    let stale: Vec<&serde_json::Value> = lt["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["kind"] == "stale")
        .collect();
    assert_eq!(stale.len(), 1, "{stale:?}");
    assert_eq!(stale[0]["file"], "content/pages/about.lt.md");
    let out = build_ok(root, &[]);
    let doc = html(&out.join("lt/about.html"));
    assert_eq!(texts(&doc, ".notice-stale").len(), 1);
    assert_eq!(attrs(&doc, ".notice-stale a", "href"), ["../en/about.html"]);
}

fn state_of(lang: &serde_json::Value, page: &str) -> String {
    lang["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["source"] == format!("content/pages/{page}.md"))
        .map(|f| f["state"].as_str().unwrap().to_string())
        .unwrap()
}

#[test]
fn new_page_scaffolds_a_page_that_builds_and_refuses_existing_and_reserved_names() {
    let s = pages_site();
    let root = s.path();
    let o = paveldas(root, &["new", "page", "team"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let made = root.join("content/pages/team.md");
    assert!(read(&made).contains("menu: footer"));
    let out = build_ok(root, &[]);
    let doc = html(&out.join("lt/index.html"));
    assert!(texts(&doc, ".footer-nav a").contains(&"team".to_string()));
    let (ok, v) = check_json(root, &[]);
    assert!(ok, "{v:#}");
    // Never over an existing file.
    std::fs::write(&made, "mine").unwrap();
    let o = paveldas(root, &["new", "page", "team"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("already exists"), "{}", stderr(&o));
    assert_eq!(read(&made), "mine");
    // Nor under a name paveldas needs.
    for name in ["search", "Lessons", "404"] {
        let o = paveldas(root, &["new", "page", name]);
        assert_eq!(o.status.code(), Some(1), "{name}");
        assert!(stderr(&o).contains("is reserved"), "{}", stderr(&o));
        assert!(!root.join(format!("content/pages/{name}.md")).exists());
    }
}

#[test]
fn bad_page_front_matter_is_an_error_at_its_line() {
    // (file, text, file:line:col and message, hint)
    let cases = [
        (
            "content/pages/privacy.md",
            "---\ntitle: Privacy\nmenus: footer\n---\nx\n",
            "content/pages/privacy.md:3: error: unknown key `menus`",
            "did you mean `menu`?",
        ),
        (
            "content/pages/privacy.md",
            "---\ntitle: Privacy\nmenu: [main, fotter]\n---\nx\n",
            "content/pages/privacy.md:3:14: error: unknown menu `fotter`",
            "did you mean `footer`?",
        ),
        (
            "content/pages/privacy.md",
            "---\ntitle: Privacy\nmenu: 3\n---\nx\n",
            "content/pages/privacy.md:3:7: error: menu: invalid type",
            "write `menu: main`",
        ),
        (
            "content/pages/privacy.md",
            "---\ntitle: Privacy\nweight: first\n---\nx\n",
            "content/pages/privacy.md:3:9: error: weight: invalid type",
            "`weight` is a whole number",
        ),
        (
            "content/pages/contact.lt.md",
            "---\ntitle: Kontaktai\nmenu: footer\nweight: 3\n---\nx\n",
            "content/pages/contact.lt.md:3: error: `menu: footer` differs from the default-language file's (`menu: [main, footer]`)",
            "remove `menu` here",
        ),
        (
            "content/pages/index.md",
            "---\ntitle: Index\n---\nx\n",
            "content/pages/index.md:1: error: the page `index` would be `en/index.html`",
            "rename the file",
        ),
    ];
    for (file, text, message, hint) in cases {
        let s = pages_site();
        let root = s.path();
        let err = fails_keeping_output(root, |root| write(root, file, text));
        assert!(err.contains(message), "{file}: want `{message}` in\n{err}");
        assert!(err.contains(hint), "{file}: want `{hint}` in\n{err}");
        // `check` says the same.
        let o = paveldas(root, &["check"]);
        assert_eq!(o.status.code(), Some(1));
        assert!(
            stderr(&o).contains(message) || String::from_utf8_lossy(&o.stdout).contains(message)
        );
    }
    // The weight check holds for translations too.
    let s = pages_site();
    let err = fails_keeping_output(s.path(), |root| {
        edit(
            root,
            "content/pages/contact.lt.md",
            "weight: 2",
            "weight: 3",
        );
    });
    assert!(
        err.contains("contact.lt.md:5: error: `weight` differs from the default-language file's (`weight: 2`)"),
        "{err}"
    );
}

#[test]
fn incremental_rebuilds_of_pages_equal_a_full_build() {
    let (site, mut s) = start(pages_site());
    let root = site.path();
    let only_pages = |o: &paveldas::serve::incremental::Outcome| -> Vec<String> {
        o.changed
            .iter()
            .filter(|c| c.ends_with(".html"))
            .cloned()
            .collect()
    };
    // A body: that page in each language showing it, nothing else.
    let p = edit(
        root,
        "content/pages/licence.md",
        "copied for teaching",
        "copied freely for teaching",
    );
    let o = rebuild(&mut s, &[p]);
    assert_eq!(o.kind, Rebuild::Incremental);
    assert_eq!(
        only_pages(&o),
        ["ar/licence.html", "en/licence.html", "lt/licence.html"]
    );
    assert_same_as_full_build(root);
    // The title of a page in no menu: that page again.
    let p = edit(
        root,
        "content/pages/history.md",
        "title: History of the kit",
        "title: The kit's history",
    );
    let o = rebuild(&mut s, &[p]);
    assert_eq!(o.kind, Rebuild::Incremental);
    assert_eq!(
        only_pages(&o),
        ["ar/history.html", "en/history.html", "lt/history.html"]
    );
    assert_same_as_full_build(root);
    // The title of a translation in the menus: every Lithuanian page shows it, no other.
    let p = edit(
        root,
        "content/pages/about.lt.md",
        "title: Apie mus",
        "title: Apie projektą",
    );
    let o = rebuild(&mut s, &[p]);
    assert_eq!(o.kind, Rebuild::Incremental);
    let changed = only_pages(&o);
    assert!(changed.iter().all(|c| c.starts_with("lt/")), "{changed:?}");
    assert!(changed.contains(&"lt/lessons/01-first/alpha.html".to_string()));
    let doc = html(&root.join("public/lt/badges/index.html"));
    assert!(texts(&doc, ".main-nav a").contains(&"Apie projektą".to_string()));
    assert_same_as_full_build(root);
    // A weight of the source: the order of every language's menus.
    let p = edit(root, "content/pages/about.md", "weight: 1", "weight: 3");
    let o = rebuild(&mut s, &[p]);
    assert_eq!(o.kind, Rebuild::Incremental);
    assert!(o
        .changed
        .contains(&"ar/lessons/01-first/beta.html".to_string()));
    let doc = html(&root.join("public/en/index.html"));
    assert_eq!(
        texts(&doc, ".main-nav a"),
        ["Lessons", "Badges", "Contact", "About us"]
    );
    assert_same_as_full_build(root);
    // A translation that moves the page to another menu is refused; fixing it builds again.
    let p = edit(
        root,
        "content/pages/contact.lt.md",
        "menu: [main, footer]",
        "menu: main",
    );
    let err = s.rebuild(std::slice::from_ref(&p)).unwrap_err();
    assert!(
        err.to_string()
            .contains("differs from the default-language file's"),
        "{err}"
    );
    let p = edit(
        root,
        "content/pages/contact.lt.md",
        "menu: main",
        "menu: [main, footer]",
    );
    rebuild(&mut s, &[p]);
    assert_same_as_full_build(root);
    // Created: a page and a translation, in the footer.
    let new = root.join("content/pages/team.md");
    std::fs::write(
        &new,
        "---\ntitle: Team\nmenu: footer\nweight: 1\n---\nWho we are.\n",
    )
    .unwrap();
    let o = rebuild(&mut s, std::slice::from_ref(&new));
    assert_eq!(o.kind, Rebuild::Reload);
    assert!(o.changed.contains(&"lt/team.html".to_string()));
    let doc = html(&root.join("public/lt/about.html"));
    assert_eq!(texts(&doc, ".footer-nav a")[0], "Team");
    assert_same_as_full_build(root);
    // Deleted: its pages go, and so does its place in the menus.
    std::fs::remove_file(&new).unwrap();
    let o = rebuild(&mut s, &[new]);
    assert_eq!(o.kind, Rebuild::Reload);
    assert!(
        o.removed.contains(&"en/team.html".to_string()),
        "{:?}",
        o.removed
    );
    assert!(!root.join("public/ar/team.html").exists());
    assert_same_as_full_build(root);
    // A translation deleted: the page falls back, with the notice.
    let gone = root.join("content/pages/privacy.lt.md");
    std::fs::remove_file(&gone).unwrap();
    rebuild(&mut s, &[gone]);
    let doc = html(&root.join("public/lt/privacy.html"));
    assert_eq!(texts(&doc, ".notice-untranslated").len(), 1);
    assert_same_as_full_build(root);
}

#[test]
fn the_outside_judges_pass_the_page_kinds() {
    let out = built(true);
    // The Nu HTML Checker on every page, and the real browser: crawl, switcher, search, axe-core
    // WCAG 2.1 A/AA on each kind of page (this page kind included) in en, lt and ar.
    match peer_script("check_html.sh") {
        Ok(check) if on_path("java").is_some() => {
            let o = Command::new("bash")
                .arg(&check)
                .arg(out)
                .env("PEER_DIR", peer_dir())
                .output()
                .unwrap();
            assert!(
                o.status.success(),
                "the Nu HTML Checker found errors:\n{}{}",
                String::from_utf8_lossy(&o.stdout),
                stderr(&o)
            );
        }
        Ok(_) => missing::<()>("no `java` for the Nu HTML Checker").unwrap_or(()),
        Err(why) => missing::<()>(&why).unwrap_or(()),
    }
    let Some(chromium) = browser::chromium() else {
        return;
    };
    if !peer_dir().join("node_modules/axe-core").is_dir() {
        return missing("no axe-core in the peer tools").unwrap_or(());
    }
    let _one = browser::one_at_a_time();
    // The browser opens the site from file://, as a teacher does: the offline build (a published
    // build's 404 pages start their URLs at the base URL's path, for a host).
    let out = built(false);
    let report = Path::new(env!("CARGO_TARGET_TMPDIR")).join("pages/browser-site");
    let o = Command::new("node")
        .arg(repo().join("tests/browser/site_check.mjs"))
        .arg(out)
        .arg(&report)
        .env("CHROMIUM", chromium)
        .env("PEER_DIR", peer_dir())
        .output()
        .unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&o.stdout), stderr(&o));
    assert!(o.status.success(), "the browser check failed:\n{text}");
    let v: serde_json::Value = serde_json::from_str(&read(&report.join("report.json"))).unwrap();
    let kinds: Vec<&str> = v["a11y"]["kinds"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|k| k.as_str())
        .collect();
    assert!(
        kinds.contains(&"page"),
        "axe ran on no page of content/pages/: {kinds:?}"
    );
}
