//! Incremental rebuilds (the dev server's): for each kind of change, the output after the rebuild is
//! byte for byte the output of a clean full build of the changed site, and the rebuild took the
//! cheap path where one exists.

use crate::helpers::*;
use paveldas::config::Overrides;
use paveldas::serve::incremental::{Outcome, Rebuild, Session};
use paveldas::{build, BuildOptions};
use std::fs;
use std::path::{Path, PathBuf};

/// A session on a fresh copy of a fixture, built once.
pub(crate) fn start(site: tempfile::TempDir) -> (tempfile::TempDir, Session) {
    let mut s = Session::new(site.path(), Overrides::default());
    let first = s
        .build()
        .unwrap_or_else(|d| panic!("first build failed:\n{d}"));
    assert_eq!(first.kind, Rebuild::Full);
    (site, s)
}

/// Asserts the output equals a clean build of the site into another directory.
pub(crate) fn assert_same_as_full_build(root: &Path) {
    let reference = tempfile::tempdir().unwrap();
    let out = reference.path().join("out");
    let options = BuildOptions {
        overrides: Overrides {
            output: Some(out.clone()),
            ..Overrides::default()
        },
        progress: false,
        exit_after: false,
        part_docs: None,
    };
    build(root, &options).unwrap_or_else(|d| panic!("reference build failed:\n{d}"));
    // The manifests differ in where and when each file was written; each must prove its output.
    let files = |dir: &Path| {
        if let Err(f) = paveldas::output::manifest::verify(dir) {
            panic!(
                "{}: the manifest does not prove the output: {f:?}",
                dir.display()
            );
        }
        let mut s = snapshot(dir);
        s.remove(Path::new(".paveldas-output"));
        s
    };
    let got = files(&root.join("public"));
    let want = files(&out);
    let differ: Vec<_> = want
        .keys()
        .chain(got.keys())
        .filter(|k| got.get(*k) != want.get(*k))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let mut report = String::new();
    for first in &differ {
        let text = |m: &std::collections::BTreeMap<PathBuf, Vec<u8>>| {
            m.get(*first)
                .map(|b| String::from_utf8_lossy(b).into_owned())
                .unwrap_or_default()
        };
        let (g, w) = (text(&got), text(&want));
        let line = g
            .lines()
            .zip(w.lines())
            .find(|(a, b)| a != b)
            .map(|(a, b)| format!("\n  incremental: {a}\n  full build:  {b}"))
            .unwrap_or_default();
        report.push_str(&format!("\n{}:{line}", first.display()));
    }
    assert!(
        differ.is_empty(),
        "incremental output differs from a full build in {differ:?}{report}"
    );
    // No empty directory is left behind either.
    let dirs = |d: &Path| -> Vec<PathBuf> {
        walkdir::WalkDir::new(d)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_dir())
            .map(|e| e.path().strip_prefix(d).unwrap().to_path_buf())
            .collect()
    };
    assert_eq!(dirs(&root.join("public")), dirs(&out));
}

pub(crate) fn rebuild(s: &mut Session, paths: &[PathBuf]) -> Outcome {
    s.rebuild(paths)
        .unwrap_or_else(|d| panic!("rebuild failed:\n{d}"))
}

const ALPHA: &str = "content/lessons/01-first/alpha.md";
const BETA: &str = "content/lessons/01-first/beta.md";

#[test]
fn lesson_body_edit_rewrites_only_that_lesson() {
    let (site, mut s) = start(fixture("basic"));
    let root = site.path();
    let p = edit(root, ALPHA, "Some text.", "Some **new** text.");
    let o = rebuild(&mut s, &[p]);
    assert_eq!(o.kind, Rebuild::Incremental);
    // Only the English pages show this body (the Lithuanian page has its own): the lesson and the
    // unit's print page; the search index follows it too.
    let pages: Vec<&String> = o.changed.iter().filter(|c| c.ends_with(".html")).collect();
    assert_eq!(
        pages,
        [
            "en/lessons/01-first/alpha.html",
            "en/lessons/01-first/print.html"
        ]
    );
    assert!(o.rendered <= 4, "rendered {} pages", o.rendered);
    let doc = html(&root.join("public/en/lessons/01-first/alpha.html"));
    assert!(texts(&doc, "strong").contains(&"new".to_string()));
    assert_same_as_full_build(root);
}

#[test]
fn the_edited_page_is_reported_before_the_rest_and_the_output_changes_once() {
    let (site, mut s) = start(fixture("basic"));
    let root = site.path();
    let before = std::fs::read(root.join("public/en/lessons/01-first/alpha.html")).unwrap();
    let p = edit(root, ALPHA, "title: \"Alpha", "title: \"Edited Alpha");
    let mut early: Vec<String> = Vec::new();
    let o = s
        .rebuild_with(&[p], &mut |changed, files| {
            // The edited page comes in memory; the output still holds the previous build whole.
            for c in changed {
                let page = String::from_utf8_lossy(&files[c]);
                assert!(page.contains("Edited Alpha"), "{c}: {page}");
                assert_eq!(std::fs::read(root.join("public").join(c)).unwrap(), before);
            }
            early.extend(changed.iter().cloned());
        })
        .unwrap_or_else(|d| panic!("rebuild failed:\n{d}"));
    assert_eq!(early, ["en/lessons/01-first/alpha.html"]);
    assert_eq!(o.early, early);
    // The pages listing the lesson come in the second pass, after the early report.
    assert!(o
        .changed
        .contains(&"en/lessons/01-first/index.html".to_string()));
    let shown = o.early_elapsed.expect("the early pass reports its time");
    assert!(shown <= o.elapsed, "{shown:?} > {:?}", o.elapsed);
    assert_same_as_full_build(root);
}

#[test]
fn lesson_title_edit_updates_neighbours_unit_lists_and_badges() {
    let (site, mut s) = start(fixture("basic"));
    let root = site.path();
    let p = edit(root, BETA, "title: Beta", "title: Beta renamed");
    let o = rebuild(&mut s, &[p]);
    assert_eq!(o.kind, Rebuild::Incremental);
    for page in [
        "en/lessons/01-first/beta.html",
        "en/lessons/01-first/alpha.html",
        "en/lessons/02-second/gamma.html",
        "en/lessons/01-first/index.html",
        "en/lessons/index.html",
        "en/badges/explorer.html",
        "lt/lessons/01-first/beta.html",
    ] {
        assert!(
            o.changed.contains(&page.to_string()),
            "{page} not in {:?}",
            o.changed
        );
    }
    // The edited page itself was written (and could be shown) before the pages listing it.
    assert!(o
        .early
        .contains(&"en/lessons/01-first/beta.html".to_string()));
    assert!(!o
        .early
        .contains(&"en/lessons/02-second/gamma.html".to_string()));
    let gamma = html(&root.join("public/en/lessons/02-second/gamma.html"));
    assert!(texts(&gamma, "a")
        .iter()
        .any(|t| t.contains("Beta renamed")));
    assert_same_as_full_build(root);
}

#[test]
fn lesson_badge_list_edit_updates_the_badge_pages() {
    let (site, mut s) = start(fixture("basic"));
    let root = site.path();
    let p = edit(root, BETA, "badges: [explorer]\n", "");
    let o = rebuild(&mut s, &[p]);
    assert_eq!(o.kind, Rebuild::Incremental);
    assert!(o.changed.contains(&"en/badges/explorer.html".to_string()));
    assert_same_as_full_build(root);
}

#[test]
fn translation_edit_touches_only_its_language() {
    let (site, mut s) = start(fixture("basic"));
    let root = site.path();
    let p = edit(
        root,
        "content/lessons/01-first/alpha.lt.md",
        "title: \"Alfa: Kuršių nerija\"",
        "title: \"Alfa: Kuršių nerija ir kopos\"",
    );
    let o = rebuild(&mut s, &[p]);
    assert_eq!(o.kind, Rebuild::Incremental);
    assert!(!o.changed.is_empty());
    assert!(
        o.changed.iter().all(|c| c.starts_with("lt/")),
        "{:?}",
        o.changed
    );
    // Only the Lithuanian search index is written again; the others stay (the full build agrees).
    assert!(o.changed.contains(&"lt/search-index.js".to_string()));
    assert_same_as_full_build(root);
}

#[test]
fn unit_badge_and_section_edits() {
    let (site, mut s) = start(fixture("basic"));
    let root = site.path();
    let edits = [
        (
            "content/lessons/01-first/_index.md",
            "title: First unit",
            "title: The first unit",
        ),
        (
            "content/lessons/01-first/_index.md",
            "Unit one text.",
            "Unit one.",
        ),
        (
            "content/badges/explorer.md",
            "name: Heritage Explorer",
            "name: Heritage Pathfinder",
        ),
        (
            "content/badges/explorer.md",
            "How to earn it.",
            "How to earn it, now.",
        ),
        (
            "content/_index.md",
            "title: Fixture home",
            "title: Home of fixtures",
        ),
        ("content/_index.lt.md", "---\n", "---\n"),
    ];
    for (rel, from, to) in edits {
        let p = edit(root, rel, from, to);
        let o = rebuild(&mut s, &[p]);
        assert_eq!(o.kind, Rebuild::Incremental, "{rel}");
        assert_same_as_full_build(root);
    }
}

#[test]
fn locale_edits() {
    let (site, mut s) = start(fixture("basic"));
    let root = site.path();
    let p = edit(
        root,
        "locales/lt/main.ftl",
        "nav-home = Pradžia",
        "nav-home = Pradinis",
    );
    let o = rebuild(&mut s, &[p]);
    assert_eq!(o.kind, Rebuild::Incremental);
    assert!(o.changed.iter().any(|c| c.starts_with("lt/")));
    assert!(
        !o.changed.iter().any(|c| c.starts_with("en/")),
        "{:?}",
        o.changed
    );
    assert_same_as_full_build(root);
    let p = edit(
        root,
        "locales/en/main.ftl",
        "nav-home = Home",
        "nav-home = Start",
    );
    rebuild(&mut s, &[p]);
    assert_same_as_full_build(root);
    let p = edit(
        root,
        "locales/lt/main.ftl",
        "language-name = Lietuvių",
        "language-name = Lietuviškai",
    );
    let o = rebuild(&mut s, &[p]);
    assert!(
        o.changed.iter().any(|c| c.starts_with("en/")),
        "switcher names"
    );
    assert_same_as_full_build(root);
}

#[test]
fn template_css_and_config_edits() {
    let (site, mut s) = start(fixture("basic"));
    let root = site.path();
    let tpl = root.join("themes/default/templates/lesson.html");
    let text = read(&tpl);
    let i = text.rfind("{% endblock").expect("lesson.html has blocks");
    fs::write(
        &tpl,
        format!("{}<p class=\"x-added\"></p>{}", &text[..i], &text[i..]),
    )
    .unwrap();
    let o = rebuild(&mut s, std::slice::from_ref(&tpl));
    assert!(o
        .changed
        .contains(&"en/lessons/01-first/alpha.html".to_string()));
    assert_same_as_full_build(root);

    let css = walkdir::WalkDir::new(root.join("themes/default/static"))
        .into_iter()
        .flatten()
        .find(|e| e.path().extension().is_some_and(|x| x == "css"))
        .expect("the theme has CSS")
        .into_path();
    fs::write(&css, format!("{}\n.x-added {{ color: red }}\n", read(&css))).unwrap();
    let o = rebuild(&mut s, std::slice::from_ref(&css));
    assert_eq!(o.rendered, 0);
    assert!(
        o.changed.len() == 1 && o.changed[0].ends_with(".css"),
        "{:?}",
        o.changed
    );
    assert_same_as_full_build(root);

    let p = edit(
        root,
        "site.yaml",
        "title: Fixture Heritage",
        "title: Fixture Heritage II",
    );
    let o = rebuild(&mut s, &[p]);
    assert_eq!(o.kind, Rebuild::Full);
    assert_same_as_full_build(root);
}

#[test]
fn static_and_colocated_file_edits_copy_only() {
    let (site, mut s) = start(fixture("basic"));
    let root = site.path();
    for (rel, out) in [
        ("static/img/diagram.svg", vec!["img/diagram.svg"]),
        (
            "content/lessons/01-first/map.svg",
            vec!["en/lessons/01-first/map.svg", "lt/lessons/01-first/map.svg"],
        ),
    ] {
        let p = root.join(rel);
        fs::write(&p, read(&p).replace("</svg>", "<!-- edited --></svg>")).unwrap();
        let o = rebuild(&mut s, &[p]);
        assert_eq!(o.rendered, 0);
        assert_eq!(o.changed, out);
        assert_same_as_full_build(root);
    }
}

#[test]
fn created_deleted_renamed_and_reordered_files() {
    let (site, mut s) = start(fixture("basic"));
    let root = site.path();
    let unit = root.join("content/lessons/02-second");
    // Created: a lesson and a translation.
    fs::write(
        unit.join("delta.md"),
        "---\ntitle: Delta\norder: 2\n---\nNew.\n",
    )
    .unwrap();
    fs::write(unit.join("gamma.lt.md"), "---\ntitle: Gama\n---\nNauja.\n").unwrap();
    let o = rebuild(&mut s, &[unit.join("delta.md"), unit.join("gamma.lt.md")]);
    assert_eq!(o.kind, Rebuild::Reload);
    assert!(o
        .changed
        .contains(&"en/lessons/02-second/delta.html".to_string()));
    assert_same_as_full_build(root);
    // Renamed.
    fs::rename(unit.join("delta.md"), unit.join("epsilon.md")).unwrap();
    let o = rebuild(&mut s, &[unit.join("delta.md"), unit.join("epsilon.md")]);
    assert_eq!(o.removed.len(), 2, "{:?}", o.removed);
    assert_same_as_full_build(root);
    // Reordered.
    let p = edit(
        root,
        "content/lessons/02-second/epsilon.md",
        "order: 2",
        "order: 0",
    );
    let o = rebuild(&mut s, &[p]);
    assert_eq!(o.kind, Rebuild::Reload);
    assert_same_as_full_build(root);
    // Made a draft, then deleted.
    let p = edit(
        root,
        "content/lessons/02-second/epsilon.md",
        "---\ntitle",
        "---\ndraft: true\ntitle",
    );
    rebuild(&mut s, std::slice::from_ref(&p));
    assert!(!root
        .join("public/en/lessons/02-second/epsilon.html")
        .exists());
    assert_same_as_full_build(root);
    fs::remove_file(&p).unwrap();
    let o = rebuild(&mut s, &[p]);
    assert_eq!(o.kind, Rebuild::None, "a draft's removal changes nothing");
    assert_same_as_full_build(root);
    // A whole unit renamed.
    let moved = root.join("content/lessons/02-later");
    fs::rename(&unit, &moved).unwrap();
    let err = s.rebuild(&[unit.clone(), moved.clone()]).unwrap_err();
    assert!(
        err.to_string()
            .contains("did you mean `../02-later/gamma.md`?"),
        "{err}"
    );
    let a = edit(root, ALPHA, "../02-second/gamma.md", "../02-later/gamma.md");
    let o = rebuild(&mut s, &[a]);
    assert_eq!(o.kind, Rebuild::Reload);
    assert!(!root.join("public/en/lessons/02-second").exists());
    assert_same_as_full_build(root);
}

#[test]
fn editor_save_dance_is_one_incremental_rebuild() {
    let (site, mut s) = start(fixture("basic"));
    let root = site.path();
    // vim: probe file, rename to backup, write anew, delete the backup.
    let p = root.join(ALPHA);
    let backup = root.join(format!("{ALPHA}~"));
    let probe = root.join("content/lessons/01-first/4913");
    fs::write(&probe, "").unwrap();
    fs::remove_file(&probe).unwrap();
    fs::rename(&p, &backup).unwrap();
    fs::write(&p, read(&backup).replace("Some text.", "Other text.")).unwrap();
    fs::remove_file(&backup).unwrap();
    // JetBrains: a temporary file renamed over the original.
    let tmp = root.join(format!("{BETA}___jb_tmp___"));
    fs::write(
        &tmp,
        read(&root.join(BETA)).replace("Beta body.", "Beta text."),
    )
    .unwrap();
    fs::rename(&tmp, root.join(BETA)).unwrap();
    let o = rebuild(&mut s, &[probe, backup, p.clone(), tmp, root.join(BETA), p]);
    assert_eq!(o.kind, Rebuild::Incremental);
    assert_same_as_full_build(root);
}

#[test]
fn failed_rebuild_writes_nothing_and_the_fix_catches_up() {
    let (site, mut s) = start(fixture("basic"));
    let root = site.path();
    let before = snapshot(&root.join("public"));
    // A title change and a broken link in one save, then a YAML error in another file.
    let p = edit(root, BETA, "title: Beta", "title: Beta prime");
    let p = {
        edit(root, BETA, "Beta body.", "Beta [body](missing.md).");
        p
    };
    let err = s.rebuild(std::slice::from_ref(&p)).unwrap_err();
    assert!(err.to_string().contains("beta.md:"), "{err}");
    let q = edit(root, ALPHA, "order: 1", "order: [1");
    assert!(s.rebuild(std::slice::from_ref(&q)).is_err());
    assert_eq!(
        snapshot(&root.join("public")),
        before,
        "the last good site stays"
    );
    // Fix the link only: still failing on alpha.
    edit(root, BETA, "[body](missing.md)", "body");
    assert!(s.rebuild(std::slice::from_ref(&p)).is_err());
    edit(root, ALPHA, "order: [1", "order: 1");
    let o = rebuild(&mut s, &[q]);
    // The neighbours show the title changed two saves ago.
    assert!(o
        .changed
        .contains(&"en/lessons/02-second/gamma.html".to_string()));
    assert_same_as_full_build(root);
}

#[test]
fn shipped_site_lesson_edits() {
    let (site, mut s) = start(shipped());
    let root = site.path();
    let lesson = walkdir::WalkDir::new(root.join("content/lessons"))
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .map(|e| e.into_path())
        .filter(|p| {
            p.extension().is_some_and(|x| x == "md")
                && !p.file_name().unwrap().to_string_lossy().starts_with('_')
                && p.file_stem()
                    .unwrap()
                    .to_string_lossy()
                    .matches('.')
                    .count()
                    == 0
        })
        .nth(3)
        .expect("a lesson");
    let text = read(&lesson);
    let title_line = text.lines().find(|l| l.starts_with("title:")).unwrap();
    fs::write(
        &lesson,
        text.replacen(title_line, "title: \"A new title\"", 1) + "\nOne more line.\n",
    )
    .unwrap();
    let o = rebuild(&mut s, &[lesson]);
    assert_eq!(o.kind, Rebuild::Incremental);
    assert_same_as_full_build(root);
}

#[test]
fn a_failure_elsewhere_in_the_batch_does_not_lose_a_badge_change() {
    let (site, mut s) = start(fixture("basic"));
    let root = site.path();
    let b = edit(root, BETA, "badges: [explorer]\n", "");
    let a = edit(root, ALPHA, "order: 1", "order: [1");
    assert!(s.rebuild(&[a.clone(), b]).is_err());
    edit(root, ALPHA, "order: [1", "order: 1");
    let o = rebuild(&mut s, &[a]);
    assert!(o.changed.contains(&"en/badges/explorer.html".to_string()));
    assert_same_as_full_build(root);
}

#[test]
fn a_source_edit_marks_its_stamped_translations_stale() {
    let site = fixture("l10n");
    for lang in ["en", "lt", "fr", "ar"] {
        fs::copy(
            repo().join("locales").join(lang).join("main.ftl"),
            site.path().join("locales").join(lang).join("main.ftl"),
        )
        .unwrap();
    }
    let (site, mut s) = start(site);
    let root = site.path();
    let lt = "public/lt/lessons/01-sites/alpha.html";
    let before = read(&root.join(lt));
    let p = edit(
        root,
        "content/lessons/01-sites/alpha.md",
        "belong to all of us.",
        "belong to everyone.",
    );
    let o = rebuild(&mut s, &[p]);
    assert!(o
        .changed
        .contains(&"lt/lessons/01-sites/alpha.html".to_string()));
    assert_ne!(read(&root.join(lt)), before, "the stale notice appears");
    assert_same_as_full_build(root);
    // Re-stamping the translation (as `l10n stamp` does) clears it again.
    let p = edit(
        root,
        "content/lessons/01-sites/alpha.md",
        "belong to everyone.",
        "belong to all of us.",
    );
    rebuild(&mut s, &[p]);
    assert_eq!(read(&root.join(lt)), before);
    assert_same_as_full_build(root);
}

#[test]
fn stamping_a_translation_for_the_first_time() {
    let (site, mut s) = start(fixture("basic"));
    let root = site.path();
    let source = read(&root.join(ALPHA));
    let (digest, _) = paveldas::l10n::stamp::digest_file_text(&source).unwrap();
    for stamp in ["0000", digest.as_str()] {
        let p = root.join("content/lessons/01-first/alpha.lt.md");
        let text = read(&p);
        let text = match text.find("source_digest: ") {
            Some(i) => {
                let end = i + text[i..].find('\n').unwrap();
                format!("{}source_digest: {stamp}{}", &text[..i], &text[end..])
            }
            None => text.replacen("---\n", &format!("---\nsource_digest: {stamp}\n"), 1),
        };
        fs::write(&p, text).unwrap();
        rebuild(&mut s, &[p]);
        assert_same_as_full_build(root);
    }
}
