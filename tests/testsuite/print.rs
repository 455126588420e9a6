//! Printing: each unit has a page with all its lessons in order, linked from the unit page, and the
//! print stylesheet turns lessons into clean handouts (checked in a real Chromium's print media).

use crate::helpers::browser::*;
use crate::helpers::*;
use std::collections::HashSet;

#[test]
fn each_unit_has_a_print_page_with_all_its_lessons_in_order() {
    let out = shipped_offline();
    for lang in ["en", "lt", "fr"] {
        let unit_dir = out.join(lang).join("lessons/06-lithuania");
        let unit = html(&unit_dir.join("index.html"));
        let print_link = attrs(&unit, ".print-actions a", "href");
        assert_eq!(print_link, ["print.html"], "{lang}: unit page links to it");
        let lessons: Vec<String> = attrs(&unit, ".lesson-list a", "href")
            .into_iter()
            .map(|h| h.trim_end_matches(".html").to_string())
            .collect();
        assert_eq!(lessons.len(), 5);

        let print = html(&unit_dir.join(print_link[0].as_str()));
        let ids = attrs(&print, "article.print-unit-lesson", "id");
        assert_eq!(ids, lessons, "{lang}: every lesson, in the unit's order");
        // Each lesson's own title and body, in the reader's language.
        let titles = texts(&print, "article.print-unit-lesson > header h2");
        for (slug, title) in lessons.iter().zip(&titles) {
            let page = html(&unit_dir.join(format!("{slug}.html")));
            assert_eq!(&texts(&page, "h1")[0], title, "{lang}: {slug}");
        }
        // Ids repeat from lesson to lesson in the sources (#activity); not on this page.
        let all_ids = attrs(&print, "[id]", "id");
        let unique: HashSet<&String> = all_ids.iter().collect();
        assert_eq!(unique.len(), all_ids.len(), "{lang}: duplicate ids");
        // Same-page links follow their ids.
        for href in attrs(&print, "a[href^='#']", "href") {
            assert!(all_ids.contains(&href[1..].to_string()), "{lang}: {href}");
        }
    }
    let lt = html(&out.join("lt/lessons/06-lithuania/print.html"));
    assert_eq!(attrs(&lt, "html", "lang"), ["lt"]);
    assert!(texts(&lt, "h1")[0].contains("visos pamokos"));
    assert!(attrs(&lt, "[id]", "id").contains(&"curonian-spit--veikla".to_string()));
}

#[test]
fn a_lesson_named_print_is_refused() {
    let site = fixture("basic");
    std::fs::write(
        site.path().join("content/lessons/01-first/print.md"),
        "---\ntitle: Print\n---\nBody.\n",
    )
    .unwrap();
    let o = paveldas(site.path(), &["build"]);
    assert!(!o.status.success());
    let err = stderr(&o);
    assert!(err.contains("content/lessons/01-first/print.md"), "{err}");
    assert!(err.contains("reserved"), "{err}");
}

const PRINT_SCRIPT: &str = r#"
  const browser = await launch();
  const page = await browser.newPage();
  await page.emulateMedia({ media: 'print' });
  const style = (sel, prop, pseudo) => page.evaluate(([s, p, ps]) => {
    const el = document.querySelector(s);
    return el ? getComputedStyle(el, ps || null)[p] : null;
  }, [sel, prop, pseudo]);
  const r = {};
  await page.goto(process.env.LESSON);
  for (const s of ['.site-header', '.breadcrumbs', '.pager', '.site-footer', '.lang-switcher'])
    r['display ' + s] = await style(s, 'display');
  r.activity = await style('.content h2#activity', 'breakBefore');
  r.background = await style('.content h2#background', 'breakBefore');
  r.img = await style('.content img', 'breakInside');
  await page.goto(process.env.LINKED);
  r.after = await style('.content a[href^="http"]', 'content', '::after');
  await page.goto(process.env.PRINT);
  r.second = await style('article.print-unit-lesson + article.print-unit-lesson', 'breakBefore');
  r.veikla = await style('.content h2#curonian-spit--veikla', 'breakBefore');
  r.actions = await style('.print-actions', 'display');
  console.log(JSON.stringify(r));
  await browser.close();
"#;

#[test]
fn lessons_print_as_handouts_in_chromium() {
    let Some((browser, pw)) = chromium_and_playwright() else {
        return;
    };
    let out = shipped_offline();
    let r = run_playwright(
        &pw,
        &browser,
        PRINT_SCRIPT,
        &[
            (
                "LESSON",
                file_url(&out.join("en/lessons/06-lithuania/curonian-spit.html")),
            ),
            (
                "LINKED",
                file_url(&out.join("en/lessons/01-convention/the-convention-1972.html")),
            ),
            (
                "PRINT",
                file_url(&out.join("lt/lessons/06-lithuania/print.html")),
            ),
        ],
    );
    for s in [
        ".site-header",
        ".breadcrumbs",
        ".pager",
        ".site-footer",
        ".lang-switcher",
    ] {
        assert_eq!(r[format!("display {s}")], "none", "{s} is not printed: {r}");
    }
    assert_eq!(r["activity"], "page", "the activity starts a page: {r}");
    assert_ne!(r["background"], "page", "{r}");
    assert_eq!(r["img"], "avoid", "images are not cut: {r}");
    assert!(
        r["after"].as_str().unwrap_or("").contains("http"),
        "link targets are printed: {r}"
    );
    assert_eq!(
        r["second"], "page",
        "each lesson of a unit starts a page: {r}"
    );
    assert_eq!(r["veikla"], "page", "{r}");
    assert_eq!(r["actions"], "none", "{r}");
}
