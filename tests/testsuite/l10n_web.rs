//! What readers and publishers see of the localisation: right-to-left pages (dir, isolation marks,
//! logical CSS, a mirrored layout measured in a real browser), canonical and hreflang links,
//! sitemap.xml and robots.txt, and the root page's language choice from file:// in Chromium.

use crate::helpers::*;
use std::path::Path;

const ISOLATES: [char; 2] = ['\u{2068}', '\u{2069}'];

#[test]
fn arabic_pages_are_rtl_with_isolated_latin_names_and_clean_attributes() {
    let s = l10n_site();
    let out = build_ok(s.path(), &[]);
    let page = html(&out.join("ar/lessons/01-sites/gamma.html"));
    assert_eq!(attrs(&page, "html", "dir"), ["rtl"]);
    assert_eq!(attrs(&page, "html", "lang"), ["ar"]);
    // The untranslated English text keeps its own language and direction inside the Arabic page.
    assert_eq!(attrs(&page, ".content", "lang"), ["en"]);
    assert_eq!(attrs(&page, ".content", "dir"), ["ltr"]);
    // So do the English title and summary, and the lesson names in lists and breadcrumbs.
    assert_eq!(attrs(&page, "h1", "dir"), ["ltr"]);
    assert_eq!(attrs(&page, ".lesson-header .summary", "lang"), ["en"]);
    let unit = html(&out.join("ar/lessons/01-sites/index.html"));
    assert_eq!(
        attrs(&unit, ".lesson-list a[lang=en]", "dir"),
        ["ltr", "ltr", "ltr"]
    );
    assert!(attrs(&page, ".breadcrumbs a", "dir")
        .iter()
        .all(|d| d == "auto"));
    let lt_unit = html(&out.join("lt/lessons/01-sites/index.html"));
    assert_eq!(
        attrs(&lt_unit, ".lesson-list a[lang]", "lang"),
        ["en"],
        "only gamma is untranslated in lt"
    );
    // Fluent isolates the Latin language name inside the Arabic sentence.
    let notice = texts(&page, ".notice-untranslated").join("");
    assert!(notice.contains("\u{2068}English\u{2069}"), "{notice:?}");
    // The other languages need no isolation.
    let lt = html(&out.join("lt/lessons/01-sites/gamma.html"));
    assert!(!texts(&lt, ".notice-untranslated")
        .join("")
        .contains(ISOLATES));
    // No mark in any attribute (alt, aria-label, placeholder, href...) of any page or image.
    let badge = html(&out.join("ar/badges/finder.html"));
    assert_eq!(
        attrs(&badge, "img.badge-image", "alt"),
        ["شارة: Site Finder"]
    );
    let mut checked = 0;
    for f in html_files(&out) {
        let doc = html(&f);
        for el in doc.select(&sel("*")) {
            for (name, value) in el.value().attrs() {
                assert!(
                    !value.contains(ISOLATES),
                    "{}: {name}={value:?}",
                    f.display()
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 1000);
    // Generated badge images too (SVG, parsed as a fragment).
    for svg in walkdir::WalkDir::new(out.join("ar")).into_iter().flatten() {
        if svg.path().extension().is_some_and(|x| x == "svg") {
            let doc = scraper::Html::parse_fragment(&read(svg.path()));
            for el in doc.select(&sel("*")) {
                for (name, value) in el.value().attrs() {
                    assert!(
                        !value.contains(ISOLATES),
                        "{}: {name}",
                        svg.path().display()
                    );
                }
            }
        }
    }
}

/// (property, value) of every declaration of a stylesheet, comments removed.
fn declarations(css: &str) -> Vec<(String, String)> {
    let mut text = String::new();
    let mut rest = css;
    while let Some(i) = rest.find("/*") {
        text.push_str(&rest[..i]);
        rest = rest[i..]
            .find("*/")
            .map(|j| &rest[i + j + 2..])
            .unwrap_or("");
    }
    text.push_str(rest);
    let mut out = Vec::new();
    let mut starts = Vec::new();
    for (i, c) in text.char_indices() {
        match c {
            '{' => starts.push(i + 1),
            '}' => {
                let start = starts.pop().unwrap();
                let block = &text[start..i];
                if !block.contains('{') {
                    for d in block.split(';') {
                        if let Some((p, v)) = d.split_once(':') {
                            out.push((p.trim().to_string(), v.trim().to_string()));
                        }
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// Space-separated values of a shorthand, not counting spaces inside parentheses.
fn values(v: &str) -> usize {
    let (mut n, mut depth, mut in_word) = (0, 0, false);
    for c in v.replace("!important", "").chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            c if c.is_whitespace() && depth == 0 => in_word = false,
            _ if !in_word => {
                in_word = true;
                n += 1;
            }
            _ => {}
        }
    }
    n
}

#[test]
fn the_theme_css_uses_logical_properties_only() {
    let css = read(&repo().join("themes/default/static/assets/style.css"));
    let decls = declarations(&css);
    assert!(decls.len() > 100, "parsed {} declarations", decls.len());
    let physical_side = ["left", "right", "top", "bottom"];
    let mut bad = Vec::new();
    for (p, v) in &decls {
        let name = p.as_str();
        let parts: Vec<&str> = name.split('-').collect();
        let is_physical = physical_side.contains(&name)
            || [
                "width",
                "height",
                "min-width",
                "max-width",
                "min-height",
                "max-height",
            ]
            .contains(&name)
            || ([
                "margin",
                "padding",
                "border",
                "scroll-margin",
                "scroll-padding",
                "inset",
            ]
            .iter()
            .any(|b| name.starts_with(b))
                && parts.iter().any(|x| physical_side.contains(x)));
        let lv = v.to_ascii_lowercase();
        let physical_value = (["float", "clear", "text-align", "caption-side"].contains(&name)
            && (lv.contains("left") || lv.contains("right")))
            || lv.contains("translatex(")
            || (name.starts_with("background") && (lv.contains("left") || lv.contains("right")));
        let asymmetric_shorthand = [
            "margin",
            "padding",
            "inset",
            "border-width",
            "border-style",
            "border-color",
            "border-radius",
            "scroll-margin",
            "scroll-padding",
        ]
        .contains(&name)
            && values(v) > 1;
        if is_physical || physical_value || asymmetric_shorthand {
            bad.push(format!("{p}: {v}"));
        }
    }
    assert!(bad.is_empty(), "physical properties in style.css: {bad:#?}");
}

const BASE: &str = "https://example.org/kit/";

fn head_links(doc: &scraper::Html) -> (Vec<String>, Vec<(String, String)>) {
    let canonical = attrs(doc, "link[rel=canonical]", "href");
    let alternates = doc
        .select(&sel("link[rel=alternate][hreflang]"))
        .map(|e| {
            (
                e.value().attr("hreflang").unwrap().to_string(),
                e.value().attr("href").unwrap().to_string(),
            )
        })
        .collect();
    (canonical, alternates)
}

fn url(path: &str) -> String {
    format!("{BASE}{path}")
}

#[test]
fn heads_link_canonical_and_alternates_for_real_translations_only() {
    let s = l10n_site();
    let out = build_ok(s.path(), &["--base-url", BASE]);
    let alpha = "lessons/01-sites/alpha.html";
    let all = vec![
        ("en".to_string(), url(&format!("en/{alpha}"))),
        ("lt".to_string(), url(&format!("lt/{alpha}"))),
        ("fr".to_string(), url(&format!("fr/{alpha}"))),
        ("x-default".to_string(), url(&format!("en/{alpha}"))),
    ];
    for lang in ["en", "lt", "fr"] {
        let (canonical, alternates) = head_links(&html(&out.join(lang).join(alpha)));
        assert_eq!(canonical, [url(&format!("{lang}/{alpha}"))]);
        assert_eq!(alternates, all);
    }
    // Arabic shows the English text: the English page is the canonical one, and ar is no alternate.
    let (canonical, alternates) = head_links(&html(&out.join("ar").join(alpha)));
    assert_eq!(canonical, [url(&format!("en/{alpha}"))]);
    assert_eq!(alternates, all);
    // A lesson only in English.
    let (_, alternates) = head_links(&html(&out.join("lt/lessons/01-sites/gamma.html")));
    let langs: Vec<&str> = alternates.iter().map(|a| a.0.as_str()).collect();
    assert_eq!(langs, ["en", "x-default"]);
    // Pages that are not content have none.
    assert_eq!(head_links(&html(&out.join("lt/search.html"))).0.len(), 0);
    assert_eq!(head_links(&html(&out.join("index.html"))).1.len(), 0);
}

/// The `<url>` entries of a sitemap: (loc, [(hreflang, href)]).
fn sitemap(xml: &str) -> Vec<(String, Vec<(String, String)>)> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut urls: Vec<(String, Vec<(String, String)>)> = Vec::new();
    let mut in_loc = false;
    let attr = |e: &quick_xml::events::BytesStart, name: &str| {
        e.try_get_attribute(name)
            .unwrap()
            .unwrap()
            .value
            .to_string()
    };
    loop {
        match reader.read_event().expect("sitemap.xml is well-formed XML") {
            Event::Start(e) if e.name().as_ref() == "url" => urls.push((String::new(), Vec::new())),
            Event::Start(e) if e.name().as_ref() == "loc" => in_loc = true,
            Event::End(e) if e.name().as_ref() == "loc" => in_loc = false,
            Event::Text(t) if in_loc => urls.last_mut().unwrap().0.push_str(t.as_ref()),
            Event::Empty(e) if e.name().as_ref() == "xhtml:link" => {
                assert_eq!(attr(&e, "rel"), "alternate");
                urls.last_mut()
                    .unwrap()
                    .1
                    .push((attr(&e, "hreflang"), attr(&e, "href")));
            }
            Event::Eof => break,
            _ => {}
        }
    }
    urls
}

#[test]
fn sitemap_lists_every_translated_page_with_its_alternates_and_robots_points_to_it_from_a_host_root(
) {
    let s = l10n_site();
    let out = build_ok(s.path(), &["--base-url", BASE]);
    let xml = read(&out.join("sitemap.xml"));
    assert!(xml.contains("xmlns:xhtml=\"http://www.w3.org/1999/xhtml\""));
    let urls = sitemap(&xml);
    let locs: Vec<&str> = urls
        .iter()
        .map(|u| u.0.strip_prefix(BASE).unwrap())
        .collect();
    for l in &locs {
        assert!(out.join(l).is_file(), "{l} is not a page");
    }
    for expected in [
        "en/index.html",
        "lt/index.html",
        "fr/lessons/01-sites/alpha.html",
        "ar/lessons/index.html",
        "lt/badges/finder.html",
    ] {
        assert!(locs.contains(&expected), "{expected} not in {locs:?}");
    }
    for absent in [
        "ar/lessons/01-sites/alpha.html",
        "fr/index.html",
        "lt/lessons/01-sites/gamma.html",
        "en/search.html",
        "index.html",
    ] {
        assert!(!locs.contains(&absent), "{absent} is listed");
    }
    assert_eq!(urls.len(), 20, "{locs:?}");
    for (loc, alternates) in &urls {
        let lang = loc.strip_prefix(BASE).unwrap().split('/').next().unwrap();
        assert!(
            alternates.contains(&(lang.to_string(), loc.clone())),
            "{loc} is not among its own alternates"
        );
        assert_eq!(alternates.iter().filter(|a| a.0 == "x-default").count(), 1);
        // The same alternates as the page's head.
        let (_, head) = head_links(&html(&out.join(loc.strip_prefix(BASE).unwrap())));
        assert_eq!(&head, alternates, "{loc}");
    }
    // Under a path no crawler reads a robots.txt (`seo` tests the note that says so); at a host's
    // root it points to the sitemap.
    assert!(!out.join("robots.txt").exists());
    let root = "https://example.org/";
    let out = build_ok(s.path(), &["--base-url", root]);
    assert_eq!(
        read(&out.join("robots.txt")),
        format!("User-agent: *\nAllow: /\n\nSitemap: {root}sitemap.xml\n")
    );

    // A site's own robots.txt wins.
    std::fs::create_dir_all(s.path().join("static")).unwrap();
    std::fs::write(
        s.path().join("static/robots.txt"),
        "User-agent: *\nDisallow: /drafts/\n",
    )
    .unwrap();
    let out = build_ok(s.path(), &["--base-url", root]);
    assert_eq!(
        read(&out.join("robots.txt")),
        "User-agent: *\nDisallow: /drafts/\n"
    );
    assert!(out.join("sitemap.xml").is_file());
}

#[test]
fn without_a_base_url_there_are_no_absolute_links_sitemap_or_robots() {
    let s = l10n_site();
    let out = build_ok(s.path(), &[]);
    assert!(!out.join("sitemap.xml").exists());
    assert!(!out.join("robots.txt").exists());
    for f in html_files(&out) {
        let (canonical, alternates) = head_links(&html(&f));
        assert!(
            canonical.is_empty() && alternates.is_empty(),
            "{}",
            f.display()
        );
    }
}

/// Opens `page` from disk in headless Chromium with the browser languages `langs`, runs its
/// scripts (following redirects) and returns the final DOM.
fn browse(chromium: &Path, page: &Path, langs: &str) -> scraper::Html {
    browser::dump_dom(
        chromium,
        &browser::file_url(page),
        &[
            "--allow-file-access-from-files",
            "--window-size=1200,900",
            // --lang sets the UI language; in headless mode navigator.languages follows --accept-lang.
            &format!("--lang={}", langs.split(',').next().unwrap()),
            &format!("--accept-lang={langs}"),
        ],
    )
}

#[test]
fn the_root_page_sends_readers_to_their_browser_language_from_file_urls() {
    let Some(chromium) = browser::chromium() else {
        return;
    };
    let s = l10n_site();
    let out = build_ok(s.path(), &[]);
    for (langs, expected) in [
        ("lt-LT", "lt"),
        ("fr-CA", "fr"),
        ("de-DE,fr", "fr"),
        ("ar-EG", "ar"),
        ("de-DE", "en"),
    ] {
        let doc = browse(&chromium, &out.join("index.html"), langs);
        assert_eq!(
            attrs(&doc, "html", "lang"),
            [expected],
            "browser languages {langs}"
        );
        assert_eq!(attrs(&doc, "body", "class"), ["kind-home"], "{langs}");
    }
    // An explicit choice from the switcher wins over the browser's languages afterwards.
    std::fs::write(
        out.join("choose.html"),
        r#"<!DOCTYPE html><title>t</title><iframe id="f" src="lt/index.html"></iframe><script>
var f = document.getElementById("f");
f.addEventListener("load", function once() {
  f.removeEventListener("load", once);
  f.contentDocument.querySelector('.lang-switcher a[data-lang="ar"]').click();
  setTimeout(function () { location.replace("index.html"); }, 200);
});
</script>"#,
    )
    .unwrap();
    let doc = browse(&chromium, &out.join("choose.html"), "lt-LT");
    assert_eq!(attrs(&doc, "html", "lang"), ["ar"]);
}

#[test]
fn an_arabic_page_is_mirrored_in_a_real_browser() {
    let Some(chromium) = browser::chromium() else {
        return;
    };
    let s = l10n_site();
    let out = build_ok(s.path(), &[]);
    // Measures the same lesson in Lithuanian and Arabic side by side (both show the untranslated
    // notice) (iframes of the built pages).
    std::fs::write(
        out.join("measure.html"),
        r#"<!DOCTYPE html><title>m</title>
<iframe id="lt" src="lt/lessons/01-sites/gamma.html" style="width:1100px;height:800px"></iframe>
<iframe id="ar" src="ar/lessons/01-sites/gamma.html" style="width:1100px;height:800px"></iframe>
<pre id="out"></pre><script>
window.addEventListener("load", function () {
  var r = {};
  ["lt", "ar"].forEach(function (id) {
    var d = document.getElementById(id).contentDocument;
    var box = function (s) { var b = d.querySelector(s).getBoundingClientRect(); return [Math.round(b.left), Math.round(b.right)]; };
    var vbox = function (s) { var b = d.querySelector(s).getBoundingClientRect(); return [Math.round(b.top), Math.round(b.bottom)]; };
    var st = d.defaultView.getComputedStyle(d.querySelector(".notice-untranslated"));
    r[id] = { width: d.documentElement.clientWidth, brand: box(".brand"), facts: box(".facts"), content: box(".lesson .content"),
              border: [st.borderLeftWidth, st.borderRightWidth],
              rows: { notice: vbox(".notice-untranslated"), facts: vbox(".facts"), content: vbox(".lesson .content") } };
  });
  document.getElementById("out").textContent = JSON.stringify(r);
});
</script>"#,
    )
    .unwrap();
    let doc = browse(&chromium, &out.join("measure.html"), "en");
    let json = texts(&doc, "#out").join("");
    let m: serde_json::Value =
        serde_json::from_str(&json).unwrap_or_else(|e| panic!("{e}: {json:?}"));
    let x = |lang: &str, what: &str, i: usize| m[lang][what][i].as_f64().unwrap();
    let half = m["lt"]["width"].as_f64().unwrap() / 2.0;
    // The site name starts on the left in Lithuanian and on the right in Arabic.
    assert!(
        x("lt", "brand", 1) < half && x("ar", "brand", 0) > half,
        "{m}"
    );
    // The facts column is right of the text in Lithuanian, left of it in Arabic.
    assert!(x("lt", "facts", 0) >= x("lt", "content", 1), "{m}");
    assert!(x("ar", "facts", 1) <= x("ar", "content", 0), "{m}");
    // In both, the notice comes before the text and the facts (not pushed below them by the grid).
    for lang in ["lt", "ar"] {
        let r = &m[lang]["rows"];
        let bottom = r["notice"][1].as_f64().unwrap();
        assert!(
            bottom <= r["content"][0].as_f64().unwrap()
                && bottom <= r["facts"][0].as_f64().unwrap(),
            "{lang}: {m}"
        );
    }
    // The notice's accent border is on the start side.
    assert_eq!(m["lt"]["border"], serde_json::json!(["4px", "0px"]), "{m}");
    assert_eq!(m["ar"]["border"], serde_json::json!(["0px", "4px"]), "{m}");
}
