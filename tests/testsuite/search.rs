//! Offline search: the per-language index of the shipped site finds lessons for queries typed
//! without diacritics, and a real headless Chromium finds them on `<lang>/search.html` over file://.

use crate::helpers::browser::*;
use crate::helpers::*;
use std::collections::BTreeSet;
use std::path::Path;

/// The index of one language, as the page's script sees it.
struct Index {
    docs: Vec<Vec<String>>,
    terms: Vec<String>,
    post: Vec<Vec<u32>>,
}

fn load_index(out: &Path, lang: &str) -> Index {
    let js = read(&out.join(lang).join("search-index.js"));
    let json = js
        .strip_prefix("window.PAVELDAS_SEARCH = ")
        .and_then(|s| s.trim_end().strip_suffix(';'))
        .expect("the index assigns window.PAVELDAS_SEARCH");
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(v["lang"], lang);
    let strings = |x: &serde_json::Value| -> Vec<String> {
        x.as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_string())
            .collect()
    };
    Index {
        docs: v["docs"].as_array().unwrap().iter().map(strings).collect(),
        terms: strings(&v["terms"]),
        post: v["post"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                p.as_array()
                    .unwrap()
                    .iter()
                    .map(|n| n.as_u64().unwrap() as u32)
                    .collect()
            })
            .collect(),
    }
}

impl Index {
    /// URLs of the pages with a word starting with `prefix` (already lower case, no diacritics),
    /// and of those among them that have it in the title.
    fn find(&self, prefix: &str) -> (BTreeSet<String>, BTreeSet<String>) {
        let mut all = BTreeSet::new();
        let mut titles = BTreeSet::new();
        for (term, post) in self.terms.iter().zip(&self.post) {
            if !term.starts_with(prefix) {
                continue;
            }
            let mut doc = 0usize;
            for pair in post.chunks(2) {
                doc += pair[0] as usize;
                let url = self.docs[doc][0].clone();
                if pair[1] & 4 != 0 {
                    titles.insert(url.clone());
                }
                all.insert(url);
            }
        }
        (all, titles)
    }
}

#[test]
fn shipped_index_finds_lessons_without_diacritics() {
    let out = shipped_offline();

    let lt = load_index(out, "lt");
    let (all, titles) = lt.find("kursiu");
    let spit = "lessons/06-lithuania/curonian-spit.html";
    assert!(titles.contains(spit), "kursiu in lt titles: {titles:?}");
    assert!(
        all.len() > titles.len(),
        "other lt pages mention Kuršių too"
    );
    let (all, _) = lt.find("saugoma");
    assert!(
        all.contains("lessons/02-identity/mapping-local-heritage.html"),
        "saugoma finds saugomą: {all:?}"
    );

    let fr = load_index(out, "fr");
    let (all, _) = fr.find("eglise");
    assert!(
        all.contains("lessons/06-lithuania/vilnius-historic-centre.html"),
        "eglise finds église: {all:?}"
    );
    // Prefix matching: the start of a word is enough.
    let (all, _) = fr.find("egli");
    assert!(all.contains("lessons/06-lithuania/vilnius-historic-centre.html"));

    // Every indexed page exists, and every language has every lesson.
    for lang in ["en", "lt", "fr", "ar"] {
        let index = load_index(out, lang);
        assert!(index.docs.len() >= 21, "{lang}: {} docs", index.docs.len());
        for d in &index.docs {
            assert!(out.join(lang).join(&d[0]).is_file(), "{lang}: {}", d[0]);
            assert!(!d[1].is_empty(), "{lang}: {} has a title", d[0]);
        }
    }
    // The search page loads the index and the theme's script, with relative URLs.
    let page = html(&out.join("lt/search.html"));
    let scripts = attrs(&page, "script[src]", "src");
    assert!(
        scripts.contains(&"search-index.js".to_string()),
        "{scripts:?}"
    );
    assert!(
        scripts.contains(&"../assets/search.js".to_string()),
        "{scripts:?}"
    );
    assert!(out.join("assets/search.js").is_file());
    assert_eq!(
        attrs(&page, "#search-status", "aria-live"),
        ["polite"],
        "results are announced"
    );
    assert_eq!(
        attrs(&page, "label[for=search-page-input]", "for").len(),
        1,
        "the input is labelled"
    );
}

#[test]
fn every_page_has_a_search_box_leading_to_the_search_page() {
    let site = fixture("basic");
    let out = build_ok(site.path(), &[]);
    let page = out.join("lt/lessons/01-first/alpha.html");
    let doc = html(&page);
    let action = attrs(&doc, "form[role=search]", "action");
    assert_eq!(action, ["../../search.html"]);
    assert!(page.parent().unwrap().join(&action[0]).is_file());
    assert_eq!(attrs(&doc, "form[role=search] input", "name"), ["q"]);
}

/// The result links, and the marks in the first result's snippet, of `<lang>/search.html?q=<query>` after its script ran.
fn dump_results(browser: &Path, out: &Path, lang: &str, query: &str) -> (Vec<String>, String) {
    let url = format!(
        "{}?q={query}",
        file_url(&out.join(lang).join("search.html"))
    );
    let dom = dump_dom(browser, &url, &[]);
    let links = attrs(&dom, "#search-results-list a", "href");
    let marks = texts(
        &dom,
        "#search-results-list li:first-child .search-result-snippet mark",
    )
    .join(" ");
    (links, marks)
}

#[test]
fn chromium_finds_lessons_on_the_search_page_from_file_urls() {
    let Some(browser) = chromium() else {
        return;
    };
    let out = shipped_offline();

    let (links, marks) = dump_results(&browser, out, "lt", "kursiu");
    assert!(!links.is_empty(), "no results for kursiu");
    // A title hit ranks above the pages that only mention the spit.
    assert_eq!(
        links[0], "lessons/06-lithuania/curonian-spit.html",
        "{links:?}"
    );
    assert!(links.len() > 1, "{links:?}");
    for l in &links {
        assert!(out.join("lt").join(l).is_file(), "result {l} exists");
    }
    assert!(marks.contains("Kuršių"), "match is highlighted: {marks}");

    let (links, marks) = dump_results(&browser, out, "fr", "eglise");
    assert_eq!(
        links.first().map(String::as_str),
        Some("lessons/06-lithuania/vilnius-historic-centre.html"),
        "{links:?}"
    );
    // The summary has no "église": this snippet comes from the lesson text, loaded on demand.
    assert!(marks.to_lowercase().contains("église"), "{marks}");
}

const TYPE_SCRIPT: &str = r#"
  const browser = await launch();
  const page = await browser.newPage();
  await page.goto(process.env.URL);
  await page.locator('#search-page-input').pressSequentially(process.env.QUERY, { delay: 30 });
  await page.locator('#search-results[data-query="' + process.env.QUERY + '"]').waitFor({ timeout: 10000 });
  const first = page.locator('#search-results-list a').first();
  const href = await first.getAttribute('href');
  const status = await page.locator('#search-status').textContent();
  await page.keyboard.press('ArrowDown');
  const focused = await page.evaluate(() => document.activeElement.getAttribute('href'));
  await Promise.all([page.waitForURL(u => !String(u).includes('search.html')), page.keyboard.press('Enter')]);
  const landed = page.url();
  const h1 = await page.locator('h1').first().textContent();
  console.log(JSON.stringify({ href, status, focused, landed, h1 }));
  await browser.close();
"#;

#[test]
fn chromium_types_a_query_and_opens_a_result_with_the_keyboard() {
    let Some((browser, pw)) = chromium_and_playwright() else {
        return;
    };
    let out = shipped_offline();
    let r = run_playwright(
        &pw,
        &browser,
        TYPE_SCRIPT,
        &[
            ("URL", file_url(&out.join("lt/search.html"))),
            ("QUERY", "kursiu".into()),
        ],
    );
    assert_eq!(r["href"], "lessons/06-lithuania/curonian-spit.html");
    assert_eq!(
        r["focused"], r["href"],
        "ArrowDown moves to the first result"
    );
    assert!(r["status"].as_str().unwrap().contains(char::is_numeric));
    let landed = r["landed"].as_str().unwrap();
    assert_eq!(
        landed,
        file_url(&out.join("lt/lessons/06-lithuania/curonian-spit.html")),
        "Enter opens the result"
    );
    assert!(r["h1"].as_str().unwrap().contains("Kuršių"), "{}", r["h1"]);
}

/// Each page's plain text, by URL, from a language's text chunk scripts.
fn chunk_texts(
    out: &Path,
    index: &Index,
    lang: &str,
) -> std::collections::BTreeMap<String, String> {
    let mut texts = std::collections::BTreeMap::new();
    for k in 0..index.docs.len().div_ceil(25) {
        let js = read(&out.join(lang).join(format!("search-text-{k}.js")));
        let json = js[js.find("] = ").expect("a chunk assigns an array") + 4..]
            .trim_end()
            .strip_suffix(';')
            .unwrap();
        let chunk: Vec<String> = serde_json::from_str(json).unwrap();
        for (i, text) in chunk.into_iter().enumerate() {
            texts.insert(index.docs[k * 25 + i][0].clone(), text);
        }
    }
    texts
}

/// Every (term, page URL, posting value) of an index.
fn postings(index: &Index) -> BTreeSet<(String, String, u32)> {
    let mut all = BTreeSet::new();
    for (term, post) in index.terms.iter().zip(&index.post) {
        let mut doc = 0usize;
        for pair in post.chunks(2) {
            doc += pair[0] as usize;
            all.insert((term.clone(), index.docs[doc][0].clone(), pair[1]));
        }
    }
    all
}

/// `build` renders each language a few units at a time and frees their HTML before the next part
/// (memory stays bounded on large sites). Built in parts of a few documents, the shipped site has
/// the same pages, and search indexes with the same pages, words and texts (in part order), as
/// built in one part.
#[test]
fn a_build_in_small_parts_writes_the_same_site() {
    use paveldas::config::Overrides;
    let site = shipped();
    let build_into = |name: &str, part_docs: usize| {
        let out = site.path().join(name);
        let options = paveldas::BuildOptions {
            overrides: Overrides {
                output: Some(out.clone()),
                ..Overrides::default()
            },
            part_docs: Some(part_docs),
            ..Default::default()
        };
        paveldas::build(site.path(), &options).unwrap_or_else(|d| panic!("build failed:\n{d}"));
        out
    };
    let whole = build_into("whole", usize::MAX);
    let parts = build_into("parts", 3);
    // The search files are chunked differently, and the manifest lists them with their digests.
    let is_search =
        |p: &Path| p.to_string_lossy().contains("/search-") || p.ends_with(".paveldas-output");
    let pages = |out: &Path| -> Vec<(std::path::PathBuf, Vec<u8>)> {
        snapshot(out)
            .into_iter()
            .filter(|(p, _)| !is_search(p))
            .collect()
    };
    let (want, got) = (pages(&whole), pages(&parts));
    assert!(want.len() > 100, "{} files", want.len());
    for ((wp, wb), (gp, gb)) in want.iter().zip(&got) {
        assert_eq!(wp, gp);
        assert!(wb == gb, "{} differs between the builds", wp.display());
    }
    assert_eq!(want.len(), got.len());

    for lang in ["en", "lt", "fr", "ar"] {
        let (a, b) = (load_index(&whole, lang), load_index(&parts, lang));
        let urls = |i: &Index| i.docs.iter().cloned().collect::<BTreeSet<_>>();
        assert_eq!(urls(&a), urls(&b), "{lang}");
        assert_eq!(postings(&a), postings(&b), "{lang}");
        assert_eq!(chunk_texts(&whole, &a, lang), chunk_texts(&parts, &b, lang));
        // In parts, each unit's overview follows its own lessons instead of all of them.
        let first_unit = |i: &Index| i.docs.iter().position(|d| d[0].ends_with("/index.html"));
        assert!(
            first_unit(&b) < first_unit(&a),
            "{lang}: the parts build was one part"
        );
    }
}
