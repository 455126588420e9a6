//! Names that survive any disk: a lesson named in decomposed Unicode (NFD, as macOS writes names)
//! builds at its composed (NFC) path, and two outputs that would be one file on Windows, macOS or a
//! FAT USB stick (case twins, NFC/NFD twins, a source taking a name paveldas writes) fail `build`,
//! `check` and the dev server's first build alike, naming both, with nothing written.

use crate::helpers::*;
use paveldas::config::Overrides;
use paveldas::resolve::paths::percent_decode;
use paveldas::serve::incremental::Session;
use std::path::Path;

const UNIT: &str = "content/lessons/01-first";

/// Builds the `basic` fixture once (good; with a `base_url` when `published`, so badge JSON is
/// written), applies `break_it`, then asserts that `build` fails leaving the previous output byte
/// for byte, that `check` fails with the same error and that the dev server's first build does
/// too. Returns `build`'s stderr.
fn refused(published: bool, break_it: impl FnOnce(&Path), needles: &[&str]) -> String {
    let site = fixture("basic");
    let root = site.path();
    if published {
        let yaml = read(&root.join("site.yaml"));
        std::fs::write(
            root.join("site.yaml"),
            format!("{yaml}base_url: https://example.org/\n"),
        )
        .unwrap();
    }
    let err = fails_keeping_output(root, break_it);
    let out = root.join("public");
    for n in needles {
        assert!(err.contains(n), "build: no `{n}` in\n{err}");
    }

    std::fs::remove_dir_all(&out).unwrap();
    let o = paveldas(root, &["check"]);
    let text = format!("{}{}", String::from_utf8_lossy(&o.stdout), stderr(&o));
    assert_eq!(o.status.code(), Some(1), "check should fail:\n{text}");
    for n in needles {
        assert!(text.contains(n), "check: no `{n}` in\n{text}");
    }
    assert!(!out.exists(), "check wrote output");

    let mut session = Session::new(root, Overrides::default());
    let d = session.build().expect_err("serve's first build fails");
    let text = paveldas::relative_diagnostics(d, &root.canonicalize().unwrap())
        .iter()
        .map(|x| x.to_string())
        .collect::<Vec<_>>()
        .join("\n");
    for n in needles {
        assert!(text.contains(n), "serve: no `{n}` in\n{text}");
    }
    assert!(!out.exists(), "serve's failed build wrote output");
    err
}

#[test]
fn case_twin_lessons_are_refused_naming_both() {
    let err = refused(
        false,
        |r| {
            write(
                r,
                &format!("{UNIT}/Beta.md"),
                "---\ntitle: Twin\n---\nBody\n",
            )
        },
        &[
            "content/lessons/01-first/Beta.md: error: ",
            "`content/lessons/01-first/Beta.md`",
            "`content/lessons/01-first/beta.md`",
            "`en/lessons/01-first/Beta.html`",
            "`en/lessons/01-first/beta.html`",
            "differ only in letter case",
            "hint: rename one of the two files",
        ],
    );
    assert_eq!(err.matches(": error: ").count(), 1, "reported once:\n{err}");
}

#[test]
fn case_twin_units_and_badges_are_refused() {
    refused(
        false,
        |r| {
            write(
                r,
                "content/lessons/01-First/_index.md",
                "---\ntitle: Twin\n---\n",
            )
        },
        &[
            "content/lessons/01-First/_index.md: error: the unit page of",
            "`content/lessons/01-first/_index.md`",
            "`en/lessons/01-first/index.html`",
        ],
    );
    let badge = "---\nname: Twin\ndescription: D\ncriteria: [c]\n---\n";
    let err = refused(
        true,
        |r| write(r, "content/badges/Explorer.md", badge),
        &[
            "`content/badges/Explorer.md`",
            "`content/badges/explorer.md`",
            "`en/badges/explorer.html`",
        ],
    );
    // Pages, images and JSON of the twins clash alike: one report.
    assert_eq!(err.matches(": error: ").count(), 1, "reported once:\n{err}");
}

#[test]
fn co_located_files_differing_by_case_are_refused() {
    refused(
        false,
        |r| {
            write(
                r,
                &format!("{UNIT}/Map.svg"),
                "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
            )
        },
        &[
            "the co-located file `content/lessons/01-first/map.svg`",
            "the co-located file `content/lessons/01-first/Map.svg`",
            "`en/lessons/01-first/Map.svg`",
            "`en/lessons/01-first/map.svg`",
        ],
    );
}

#[test]
fn sources_taking_names_paveldas_writes_are_refused() {
    refused(
        false,
        |r| write(r, "static/en/search.html", "mine"),
        &[
            "static/en/search.html: error: the static file `static/en/search.html` would be written to `en/search.html`, which is reserved for paveldas's search page",
            "hint: rename the file",
        ],
    );
    refused(
        false,
        |r| write(r, "static/LT/Search-Index.js", "x"),
        &[
            "static/LT/Search-Index.js: error: ",
            "`lt/search-index.js`",
            "paveldas's search index",
        ],
    );
    refused(
        false,
        |r| write(r, "static/en/search-text-0.js", "x"),
        &[
            "static/en/search-text-0.js: error: ",
            "paveldas's search index",
        ],
    );
    refused(
        false,
        |r| write(r, "static/404.html", "x"),
        &["static/404.html: error: ", "paveldas's 404 page"],
    );
    refused(
        false,
        |r| write(r, "static/assets/style.css", "x"),
        &[
            "static/assets/style.css: error: ",
            "the theme file `themes/default/static/assets/style.css`",
        ],
    );
    refused(
        false,
        |r| write(r, &format!("{UNIT}/Print.md"), "---\ntitle: P\n---\nB\n"),
        &[
            "content/lessons/01-first/Print.md: error: ",
            "reserved for paveldas's print page of unit `01-first`",
        ],
    );
    refused(
        false,
        |r| write(r, &format!("{UNIT}/beta.html"), "<p>x</p>"),
        &[
            "content/lessons/01-first/beta.html: error: the co-located file",
            "the page of `content/lessons/01-first/beta.md`",
        ],
    );
    // A co-located file where the generated badge image goes.
    refused(
        false,
        |r| {
            write(
                r,
                "content/badges/Explorer.svg",
                "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
            )
        },
        &[
            "content/badges/Explorer.svg: error: ",
            "the generated image of `content/badges/explorer.md`",
        ],
    );
    let badge = "---\nname: Issuer\ndescription: D\ncriteria: [c]\n---\n";
    refused(
        true,
        |r| {
            write(r, "content/badges/issuer.md", badge);
            write(r, "static/Robots.txt", "User-agent: *\n");
        },
        &[
            "content/badges/issuer.md: error: the Open Badges 2.0 file of `content/badges/issuer.md` would be written to `en/badges/issuer.json`, which is reserved for paveldas's Open Badges issuer profile",
            "static/Robots.txt: error: ",
            "paveldas's `robots.txt`",
        ],
    );
}

#[test]
fn a_static_robots_txt_of_that_exact_name_still_replaces_paveldas_s() {
    let site = fixture("basic");
    write(
        site.path(),
        "static/robots.txt",
        "User-agent: *\nDisallow: /\n",
    );
    let out = build_ok(site.path(), &["--base-url", "https://example.org/"]);
    assert_eq!(
        read(&out.join("robots.txt")),
        "User-agent: *\nDisallow: /\n"
    );
}

#[test]
fn nfd_names_build_at_their_nfc_path() {
    let site = fixture("basic");
    let root = site.path();
    // `kernavė` and `žemėlapis` as macOS writes them: decomposed.
    let nfd_lesson = "kernave\u{307}";
    let nfd_map = "z\u{30c}eme\u{307}lapis.svg";
    write(
        root,
        &format!("{UNIT}/{nfd_lesson}.md"),
        &format!("---\ntitle: Kernavė\n---\nThe hillforts.\n\n![Map]({nfd_map})\n"),
    );
    write(
        root,
        &format!("{UNIT}/{nfd_lesson}.lt.md"),
        "---\ntitle: Kernavė LT\n---\nPiliakalniai.\n",
    );
    write(
        root,
        &format!("{UNIT}/{nfd_map}"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    // A link typed in NFC from another lesson.
    let alpha = root.join(format!("{UNIT}/alpha.md"));
    let text = read(&alpha).replace("Some text.", "Some text, see [Kernavė](kernavė.md).");
    std::fs::write(&alpha, text).unwrap();
    let out = build_ok(root, &[]);
    let page = out.join("en/lessons/01-first/kernavė.html");
    assert!(page.is_file(), "no page at the NFC path");
    assert!(!out
        .join(format!("en/lessons/01-first/{nfd_lesson}.html"))
        .exists());
    let doc = html(&page);
    assert_eq!(texts(&doc, "h1"), ["Kernavė"]);
    assert!(
        texts(&doc, "p").iter().any(|p| p.contains("hillforts")),
        "body read from the NFD file"
    );
    let decoded = |v: Vec<String>| -> Vec<String> { v.iter().map(|s| percent_decode(s)).collect() };
    assert_eq!(decoded(attrs(&doc, "img", "src")), ["žemėlapis.svg"]);
    assert!(out.join("lt/lessons/01-first/žemėlapis.svg").is_file());
    assert_eq!(
        texts(&html(&out.join("lt/lessons/01-first/kernavė.html")), "h1"),
        ["Kernavė LT"]
    );
    let alpha = html(&out.join("en/lessons/01-first/alpha.html"));
    assert!(decoded(attrs(&alpha, "a", "href")).contains(&"kernavė.html".to_string()));
    let o = paveldas(root, &["check"]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn one_name_in_two_unicode_forms_is_refused() {
    let err = refused(
        false,
        |r| {
            write(
                r,
                &format!("{UNIT}/kernavė.md"),
                "---\ntitle: NFC\n---\nB\n",
            );
            write(
                r,
                &format!("{UNIT}/kernave\u{307}.md"),
                "---\ntitle: NFD\n---\nB\n",
            );
        },
        &[
            "one name in two Unicode forms",
            "kernave\\u{307}.md",
            "content/lessons/01-first/kernavė.md`",
        ],
    );
    assert!(
        err.contains("hint: delete or rename one of the two files"),
        "{err}"
    );
}
