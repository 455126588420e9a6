//! Nothing outside the site is ever deleted, read or published, whatever path or link the user
//! gives. Every case runs inside a temporary tree (`tree/site` is the site, `tree/victim` and
//! `tree/outside.txt` are the user's other files), so a regression can only delete test files; each
//! asserts the exit status, the message, and that everything outside the expected output is
//! byte-identical afterwards.

use crate::helpers::*;
use proptest::prelude::*;
use std::collections::BTreeMap;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};

/// A temporary tree holding a copy of the basic fixture at `site/` and a user's folder at
/// `victim/` with a precious file.
struct Tree {
    dir: tempfile::TempDir,
}

impl Tree {
    fn new() -> Tree {
        let dir = tempfile::tempdir().unwrap();
        let fixture = fixture("basic");
        std::fs::rename(fixture.path(), dir.path().join("site")).unwrap();
        std::fs::create_dir_all(dir.path().join("victim/docs")).unwrap();
        std::fs::write(dir.path().join("victim/docs/thesis.txt"), "precious").unwrap();
        std::fs::write(dir.path().join("outside.txt"), "secret outside the site").unwrap();
        Tree { dir }
    }
    fn path(&self) -> &Path {
        self.dir.path()
    }
    fn site(&self) -> PathBuf {
        self.dir.path().join("site")
    }
    /// Every file of the tree but those under `except` (relative to the tree).
    fn snapshot_except(&self, except: &[&str]) -> BTreeMap<PathBuf, Vec<u8>> {
        snapshot(self.path())
            .into_iter()
            .filter(|(p, _)| !except.iter().any(|e| p.starts_with(e)))
            .collect()
    }
    fn set_output_dir(&self, value: &str) {
        let p = self.site().join("site.yaml");
        let text = read(&p).replace("output_dir: public", &format!("output_dir: \"{value}\""));
        std::fs::write(p, text).unwrap();
    }
}

/// Runs paveldas with the site's directory as the working directory.
fn run(tree: &Tree, args: &[&str]) -> std::process::Output {
    paveldas(&tree.site(), args)
}

fn assert_refused(o: &std::process::Output, needle: &str) {
    let e = stderr(o);
    assert_eq!(o.status.code(), Some(1), "expected a refusal, got:\n{e}");
    assert!(e.contains(needle), "expected `{needle}` in:\n{e}");
    assert!(!e.contains("panicked"), "{e}");
}

#[test]
fn an_output_through_a_missing_folder_and_dotdot_is_checked_where_it_lands() {
    let tree = Tree::new();
    let before = tree.snapshot_except(&[]);
    let o = run(&tree, &["build", "--output", "../nonexistent/../victim"]);
    assert_refused(
        &o,
        "--output: error: output directory `../nonexistent/../victim`",
    );
    assert_refused(&o, "holds files paveldas did not write: `docs/thesis.txt`");
    assert_eq!(tree.snapshot_except(&[]), before);
    assert!(!tree.path().join("nonexistent").exists());

    tree.set_output_dir("x/../../victim");
    let before = tree.snapshot_except(&[]);
    for cmd in ["build", "check"] {
        let o = run(&tree, &[cmd]);
        assert_refused(&o, "site.yaml:5: error: output directory `x/../../victim`");
        assert_refused(&o, "`docs/thesis.txt`");
    }
    assert_eq!(tree.snapshot_except(&[]), before);
}

#[test]
fn outputs_inside_the_sources_or_around_the_site_are_refused() {
    for (value, needle) in [
        ("x/../content", "is inside the site's sources (`content`)"),
        ("content/public", "is inside the site's sources (`content`)"),
        ("x/../static/out", "is inside the site's sources (`static`)"),
        (
            "locales/../themes/default",
            "is inside the site's sources (`themes`)",
        ),
        ("x/../../site", "is the site root"),
        (".", "is the site root"),
        ("public/../..", "contains the site itself"),
        (
            "x/../site.yaml",
            "is inside the site's sources (`site.yaml`)",
        ),
    ] {
        let tree = Tree::new();
        tree.set_output_dir(value);
        let before = tree.snapshot_except(&[]);
        let o = run(&tree, &["build"]);
        assert_refused(&o, needle);
        assert!(
            stderr(&o).contains("site.yaml:5:"),
            "{value}: {}",
            stderr(&o)
        );
        assert_eq!(tree.snapshot_except(&[]), before, "{value}");
        // No staging folder is left anywhere.
        for dir in [tree.path().to_path_buf(), tree.site()] {
            for e in std::fs::read_dir(&dir).unwrap().flatten() {
                let n = e.file_name().to_string_lossy().into_owned();
                assert!(!n.contains(".paveldas-"), "{value}: left {n}");
            }
        }
    }
}

#[test]
fn a_forged_marker_proves_nothing() {
    let tree = Tree::new();
    let victim = tree.path().join("victim");
    std::fs::write(victim.join(".paveldas-output"), "").unwrap();
    std::fs::create_dir_all(victim.join("keep")).unwrap();
    std::fs::write(victim.join("keep/precious.txt"), "mine").unwrap();
    // Even a real manifest copied from a build lists only the files paveldas wrote.
    let out = build_ok(&tree.site(), &[]);
    let before = tree.snapshot_except(&["site/public"]);
    std::fs::copy(
        out.join(".paveldas-output"),
        victim.join(".paveldas-output"),
    )
    .unwrap();
    let before_victim = snapshot(&victim);
    let o = run(&tree, &["build", "--output", "../victim"]);
    assert_refused(&o, "`docs/thesis.txt`, `keep/precious.txt`");
    assert_eq!(snapshot(&victim), before_victim);
    assert_eq!(
        tree.snapshot_except(&["site/public", "victim"]),
        before
            .into_iter()
            .filter(|(p, _)| !p.starts_with("victim"))
            .collect()
    );
}

#[test]
fn its_own_output_is_replaced_but_a_file_added_or_edited_in_it_stops_the_build() {
    let tree = Tree::new();
    let out = build_ok(&tree.site(), &[]);
    // A rebuild replaces what it wrote.
    build_ok(&tree.site(), &[]);
    std::fs::write(out.join("notes.txt"), "my notes").unwrap();
    let o = run(&tree, &["build"]);
    assert_refused(&o, "`notes.txt`");
    assert_eq!(read(&out.join("notes.txt")), "my notes");
    std::fs::remove_file(out.join("notes.txt")).unwrap();
    let page = out.join("en/index.html");
    let edited = read(&page).replace("</body>", "<p>edited by hand</p></body>");
    std::fs::write(&page, &edited).unwrap();
    let o = run(&tree, &["build"]);
    assert_refused(&o, "`en/index.html` (changed since paveldas wrote it)");
    assert_eq!(read(&page), edited);
    // A file removed by hand is no loss: the next build writes the site again.
    std::fs::remove_file(&page).unwrap();
    build_ok(&tree.site(), &[]);
    assert!(page.is_file());
    // An empty folder and a missing one are fine.
    std::fs::create_dir_all(tree.path().join("empty")).unwrap();
    let o = run(&tree, &["build", "--output", "../empty"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(tree.path().join("empty/en/index.html").is_file());
}

#[test]
fn links_out_of_the_site_are_never_followed() {
    struct Case {
        what: &'static str,
        plant: fn(&Tree),
        needle: &'static str,
    }
    let cases = [
        Case {
            what: "static file",
            plant: |t| symlink(t.path().join("outside.txt"), t.site().join("static/passwd.txt")).unwrap(),
            needle: "static/passwd.txt: error: symbolic link points outside the site root",
        },
        Case {
            what: "static folder",
            plant: |t| symlink(t.path().join("victim"), t.site().join("static/docs")).unwrap(),
            needle: "static/docs: error: symbolic link points outside the site root",
        },
        Case {
            what: "content folder",
            plant: |t| {
                let far = t.path().join("far/03-far");
                std::fs::create_dir_all(&far).unwrap();
                std::fs::write(far.join("_index.md"), "---\ntitle: Far\n---\n").unwrap();
                symlink(&far, t.site().join("content/lessons/03-far")).unwrap()
            },
            needle: "content/lessons/03-far: error: symbolic link points outside the site root",
        },
        Case {
            what: "content file",
            plant: |t| {
                std::fs::write(t.path().join("far.md"), "---\ntitle: Far\n---\nFar.\n").unwrap();
                symlink(t.path().join("far.md"), t.site().join("content/lessons/01-first/far.md")).unwrap()
            },
            needle: "content/lessons/01-first/far.md: error: symbolic link points outside the site root",
        },
        Case {
            what: "ftl file",
            plant: |t| {
                let ftl = t.site().join("locales/en/main.ftl");
                std::fs::copy(&ftl, t.path().join("main.ftl")).unwrap();
                std::fs::remove_file(&ftl).unwrap();
                symlink(t.path().join("main.ftl"), &ftl).unwrap()
            },
            needle: "locales/en/main.ftl: error: symbolic link points outside the site root",
        },
        Case {
            what: "template",
            plant: |t| {
                let tpl = t.site().join("themes/default/templates/404.html");
                std::fs::copy(&tpl, t.path().join("404.html")).unwrap();
                std::fs::remove_file(&tpl).unwrap();
                symlink(t.path().join("404.html"), &tpl).unwrap()
            },
            needle: "themes/default/templates/404.html: error: symbolic link points outside the site root",
        },
    ];
    for case in cases {
        let tree = Tree::new();
        (case.plant)(&tree);
        let before = tree.snapshot_except(&[]);
        for cmd in ["build", "check"] {
            let o = run(&tree, &[cmd]);
            assert_refused(&o, case.needle);
            assert!(
                !tree.site().join("public").exists(),
                "{}: {cmd} wrote",
                case.what
            );
        }
        assert_eq!(tree.snapshot_except(&[]), before, "{}", case.what);
    }
}

#[test]
fn links_inside_the_site_are_followed() {
    let tree = Tree::new();
    std::fs::create_dir_all(tree.site().join("shared")).unwrap();
    std::fs::write(
        tree.site().join("shared/logo.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    )
    .unwrap();
    symlink("../shared", tree.site().join("static/shared")).unwrap();
    let out = build_ok(&tree.site(), &[]);
    assert!(out.join("shared/logo.svg").is_file());
}

#[test]
fn hidden_files_are_never_published_but_well_known_and_nojekyll_are() {
    let tree = Tree::new();
    let st = tree.site().join("static");
    std::fs::create_dir_all(st.join(".git")).unwrap();
    std::fs::write(st.join(".git/config"), "[remote] url = secret").unwrap();
    std::fs::write(st.join(".env"), "TOKEN=1").unwrap();
    std::fs::create_dir_all(st.join(".well-known")).unwrap();
    std::fs::write(st.join(".well-known/security.txt"), "Contact: x").unwrap();
    std::fs::write(st.join(".nojekyll"), "").unwrap();
    std::fs::write(
        tree.site().join("content/lessons/01-first/.notes.txt"),
        "draft",
    )
    .unwrap();
    let o = run(&tree, &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let e = stderr(&o);
    for hidden in [
        "static/.git: warning: hidden folder not published",
        "static/.env: warning: hidden file not published",
        "content/lessons/01-first/.notes.txt: warning: hidden file",
    ] {
        assert!(e.contains(hidden), "expected `{hidden}` in:\n{e}");
    }
    let out = tree.site().join("public");
    assert!(out.join(".well-known/security.txt").is_file());
    assert!(out.join(".nojekyll").is_file());
    let published: Vec<String> = snapshot(&out)
        .keys()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    for p in &published {
        assert!(
            !p.contains(".git") && !p.contains(".env") && !p.contains(".notes"),
            "{p} published"
        );
    }
}

#[test]
fn stamp_never_writes_through_a_link_out_of_the_site() {
    let tree = Tree::new();
    let lt = tree.site().join("content/lessons/01-first/alpha.lt.md");
    std::fs::copy(&lt, tree.path().join("alpha.lt.md")).unwrap();
    std::fs::remove_file(&lt).unwrap();
    symlink(tree.path().join("alpha.lt.md"), &lt).unwrap();
    let ftl = tree.site().join("locales/lt/main.ftl");
    std::fs::copy(&ftl, tree.path().join("lt.ftl")).unwrap();
    std::fs::remove_file(&ftl).unwrap();
    symlink(tree.path().join("lt.ftl"), &ftl).unwrap();
    let before = tree.snapshot_except(&[]);
    for file in [
        "content/lessons/01-first/alpha.lt.md",
        "locales/lt/main.ftl",
    ] {
        let o = run(&tree, &["l10n", "stamp", file]);
        assert_refused(&o, "symbolic link points outside the site root");
    }
    assert_eq!(tree.snapshot_except(&[]), before);
}

/// Random output paths made of `.`, `..`, existing and missing folders and links: whatever the
/// build does, no file outside the folder the path really names changes, and a build that succeeds
/// wrote the site there.
#[derive(Debug, Clone)]
enum Part {
    Dot,
    Up,
    Existing(&'static str),
    Missing,
}

fn part() -> impl Strategy<Value = Part> {
    prop_oneof![
        1 => Just(Part::Dot),
        3 => Just(Part::Up),
        4 => prop::sample::select(vec!["site", "victim", "docs", "content", "static", "public", "link-out", "link-site", "empty"]).prop_map(Part::Existing),
        2 => Just(Part::Missing),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]
    #[test]
    fn no_output_path_changes_a_file_outside_the_output(parts in prop::collection::vec(part(), 1..6)) {
        let tree = Tree::new();
        std::fs::create_dir_all(tree.path().join("empty")).unwrap();
        symlink(tree.path().join("victim"), tree.site().join("link-out")).unwrap();
        symlink(tree.site(), tree.path().join("link-site")).unwrap();
        let mut given = PathBuf::new();
        for (i, p) in parts.iter().enumerate() {
            given.push(match p {
                Part::Dot => ".".to_string(),
                Part::Up => "..".to_string(),
                Part::Existing(n) => n.to_string(),
                Part::Missing => format!("missing{i}"),
            });
        }
        // Where the path really lands, computed independently: missing folders then `..`.
        let before = tree.snapshot_except(&[]);
        let o = run(&tree, &["build", "--output", given.to_str().unwrap()]);
        let after = tree.snapshot_except(&[]);
        if o.status.success() {
            let landed = landing(&tree.site(), &given);
            let rel = landed.strip_prefix(tree.path().canonicalize().unwrap()).unwrap_or(&landed).to_path_buf();
            prop_assert!(landed.join("en/index.html").is_file(), "{given:?}: no site at {landed:?}");
            let outside = |m: &BTreeMap<PathBuf, Vec<u8>>| -> BTreeMap<PathBuf, Vec<u8>> {
                m.iter().filter(|(p, _)| !p.starts_with(&rel) && !p.starts_with(Path::new("site").join(&rel))).map(|(p, b)| (p.clone(), b.clone())).collect()
            };
            prop_assert_eq!(outside(&after), outside(&before), "{:?} landed at {:?}", given, landed);
            // It landed outside the sources, in a folder that was missing or empty.
            let site = tree.site().canonicalize().unwrap();
            for src in ["content", "static", "locales", "themes"] {
                prop_assert!(!landed.starts_with(site.join(src)), "{:?}", landed);
            }
            prop_assert!(!site.starts_with(&landed));
        } else {
            prop_assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
            prop_assert!(!stderr(&o).contains("panicked"));
            prop_assert_eq!(after, before, "{:?} failed but changed files: {}", given, stderr(&o));
        }
    }
}

/// The real folder `given` names from `base`, by letting the OS resolve the existing part.
fn landing(base: &Path, given: &Path) -> PathBuf {
    let mut cur = base.canonicalize().unwrap();
    for c in given.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                cur.pop();
            }
            c => {
                cur.push(c);
                if let Ok(real) = cur.canonicalize() {
                    cur = real;
                }
            }
        }
    }
    cur
}

#[test]
fn an_output_of_an_older_paveldas_is_named_as_such_and_kept() {
    let tree = Tree::new();
    let out = tree.site().join("public");
    std::fs::create_dir_all(out.join("en")).unwrap();
    std::fs::write(
        out.join(".paveldas-output"),
        "This directory is written by paveldas and replaced on every build.\n",
    )
    .unwrap();
    std::fs::write(out.join("en/index.html"), "old").unwrap();
    let o = run(&tree, &["build"]);
    assert_refused(&o, "was written by an older paveldas");
    assert_refused(&o, "check that it holds nothing of yours, then delete it");
    assert_eq!(read(&out.join("en/index.html")), "old");
}
