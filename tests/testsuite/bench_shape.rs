//! The benchmark corpus (bench/gen_corpus.py) builds cleanly, and the build has the shape the
//! benchmark assumes: every lesson rendered exactly once per language, fallbacks included, and no
//! other pages than the sections, badges and special pages. No timings here: bench/run.sh measures.

use crate::helpers::*;
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

const LESSONS: usize = 60;
const BADGES: usize = 5;

/// The `title` of a generated Markdown file (the generator writes JSON-quoted scalars).
fn source_title(path: &Path) -> String {
    let text = read(path);
    let line = text
        .lines()
        .skip(1)
        .take_while(|l| *l != "---")
        .find_map(|l| l.strip_prefix("title: "))
        .unwrap_or_else(|| panic!("{}: no title", path.display()));
    serde_json::from_str(line).unwrap()
}

#[test]
fn generated_corpus_renders_each_lesson_once_per_language() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("site");
    let gen = Command::new("python3")
        .arg(repo().join("bench/gen_corpus.py"))
        .arg(&root)
        .args([
            "--lessons",
            &LESSONS.to_string(),
            "--badges",
            &BADGES.to_string(),
        ])
        .args(["--seed", "3", "--project"])
        .arg(repo())
        .output()
        .expect("run python3 bench/gen_corpus.py");
    assert!(gen.status.success(), "generator failed:\n{}", stderr(&gen));
    let info: serde_json::Value = serde_json::from_str(&read(&root.join("corpus.json"))).unwrap();
    let langs: Vec<String> = serde_json::from_value(info["languages"].clone()).unwrap();
    let units = info["units"].as_u64().unwrap() as usize;
    assert_eq!(langs, ["en", "lt", "fr"]);
    assert_eq!(units, 3, "20 lessons per unit");

    let o = paveldas(&root, &["build"]);
    let log = stderr(&o);
    assert!(o.status.success(), "build failed:\n{log}");
    let problems: Vec<&str> = log
        .lines()
        .filter(|l| l.contains(": error:") || l.contains(": warning:"))
        .collect();
    assert!(problems.is_empty(), "{problems:?}");

    // Per language: home, lessons index, badges index, search, 404, each unit's page and print
    // page, lessons, badges; plus the root language chooser and the root 404.
    let expected = 2 + langs.len() * (5 + 2 * units + LESSONS + BADGES);
    assert!(
        log.contains(&format!(
            "built {expected} pages ({LESSONS} lessons × 3 languages)"
        )),
        "{log}"
    );
    let out = root.join("public");
    let files = html_files(&out);
    assert_eq!(files.len(), expected);

    let mut lesson_pages = BTreeSet::new();
    for f in &files {
        let rel = f.strip_prefix(&out).unwrap().to_string_lossy().into_owned();
        if rel.contains("/lesson-") {
            lesson_pages.insert(rel);
        }
    }
    let mut fallbacks = 0;
    let mut wanted = BTreeSet::new();
    for (i, lang) in langs.iter().enumerate() {
        for n in 1..=LESSONS {
            let unit = format!("unit-{:02}", (n - 1) / 20 + 1);
            let slug = format!("lesson-{n:04}");
            let page = format!("{lang}/lessons/{unit}/{slug}.html");
            let src_dir = root.join("content/lessons").join(&unit);
            let own = if i == 0 {
                src_dir.join(format!("{slug}.md"))
            } else {
                src_dir.join(format!("{slug}.{lang}.md"))
            };
            let translated = own.is_file();
            let source = if translated {
                own
            } else {
                src_dir.join(format!("{slug}.md"))
            };
            let doc = html(&out.join(&page));
            assert_eq!(texts(&doc, "h1"), [source_title(&source)], "{page}");
            let content_lang = if translated { lang } else { &langs[0] };
            assert_eq!(
                attrs(&doc, ".content", "lang"),
                std::slice::from_ref(content_lang),
                "{page}"
            );
            assert_eq!(
                doc.select(&sel(".notice-untranslated")).count(),
                usize::from(!translated),
                "{page}"
            );
            fallbacks += usize::from(!translated);
            wanted.insert(page);
        }
    }
    assert_eq!(
        lesson_pages, wanted,
        "one page per lesson and language, no others"
    );
    // The corpus leaves about a tenth of the translations out, so fallback pages are exercised.
    assert!((3..=30).contains(&fallbacks), "{fallbacks} fallback pages");
}
