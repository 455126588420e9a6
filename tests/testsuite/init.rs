//! `paveldas init DIR`: the new site builds and passes `check` with no warning, from a copy of the
//! binary run far from the source tree (traced with strace where it is installed: nothing read
//! from the repository, nothing written outside DIR); a non-empty directory is refused untouched;
//! `--languages en,lt` gives a site in both, its UI strings complete.

use crate::helpers::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs `bin` with `args` in `cwd`.
fn run(bin: &Path, cwd: &Path, args: &[&str]) -> Output {
    Command::new(bin)
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("run paveldas")
}

/// Runs `program` in `cwd` with nothing of cargo's environment (no `CARGO_*`, no library path
/// into `target/`): only `PATH`.
fn run_bare(program: &Path, cwd: &Path, args: &[&std::ffi::OsStr]) -> Output {
    Command::new(program)
        .args(args)
        .current_dir(cwd)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .output()
        .expect("run")
}

fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_paveldas"))
}

/// `paveldas init` into `dir` under a fresh temp dir (the cwd); asserts success, returns stdout.
fn init_ok(tmp: &Path, args: &[&str]) -> String {
    let o = run(&bin(), tmp, args);
    assert!(o.status.success(), "init failed:\n{}", stderr(&o));
    String::from_utf8(o.stdout).unwrap()
}

/// Builds `root` and asserts: success, no warning. Returns the output directory.
fn build_clean(root: &Path) -> PathBuf {
    let o = paveldas(root, &["build"]);
    let err = stderr(&o);
    assert!(o.status.success(), "build failed:\n{err}");
    assert!(!err.contains("warning"), "build warned:\n{err}");
    root.join("public")
}

/// `check` passes with neither errors nor warnings.
fn check_clean(root: &Path) {
    let (ok, v) = check_json(root, &[]);
    assert!(ok, "{v:#}");
    assert_eq!(v["errors"], 0, "{v:#}");
    assert_eq!(v["warnings"], 0, "{v:#}");
}

/// Every relative `href`/`src` of the page at `page` names a file of the output.
fn links_resolve(page: &Path) -> usize {
    let doc = html(page);
    let mut n = 0;
    for (s, a) in [
        ("a[href]", "href"),
        ("link[href]", "href"),
        ("script[src]", "src"),
    ] {
        for url in attrs(&doc, s, a) {
            if url.contains("://") || url.starts_with('#') {
                continue;
            }
            let file = url.split(['#', '?']).next().unwrap();
            let target = page.parent().unwrap().join(file);
            assert!(target.is_file(), "{}: `{url}` is missing", page.display());
            n += 1;
        }
    }
    n
}

#[test]
fn a_new_site_builds_and_checks_clean() {
    let tmp = tempfile::tempdir().unwrap();
    let out = init_ok(
        tmp.path(),
        &["init", "new/my site", "--title", "Our \"heritage\": a site"],
    );
    assert!(out.contains("cd 'new/my site'"), "{out}");
    assert!(out.contains("paveldas serve"), "{out}");
    let root = tmp.path().join("new/my site");
    for f in [
        "site.yaml",
        "content/_index.md",
        "content/lessons/01-getting-started/_index.md",
        "content/lessons/01-getting-started/first-lesson.md",
        "content/badges/first-badge.md",
        "locales/en/main.ftl",
        "themes/default/templates/base.html",
        "themes/default/static/assets/style.css",
    ] {
        assert!(root.join(f).is_file(), "{f} missing");
    }
    assert!(!root.join("locales/lt").exists());
    // The theme is the repository's, byte for byte.
    assert_eq!(
        snapshot(&root.join("themes/default")),
        snapshot(&repo().join("themes/default"))
    );

    let public = build_clean(&root);
    check_clean(&root);

    let home = public.join("en/index.html");
    let doc = html(&home);
    assert_eq!(texts(&doc, "h1"), ["Our \"heritage\": a site"]);
    assert_eq!(texts(&doc, "title"), ["Our \"heritage\": a site"]);
    assert_eq!(texts(&doc, ".brand"), ["Our \"heritage\": a site"]);
    let hrefs = attrs(&doc, "main a[href]", "href");
    assert!(
        hrefs.contains(&"lessons/01-getting-started/first-lesson.html".to_string()),
        "{hrefs:?}"
    );
    assert!(
        hrefs.contains(&"badges/first-badge.html".to_string()),
        "{hrefs:?}"
    );
    assert!(links_resolve(&home) > 5);

    let lesson = public.join("en/lessons/01-getting-started/first-lesson.html");
    let doc = html(&lesson);
    assert_eq!(texts(&doc, "h1"), ["First lesson"]);
    assert!(attrs(&doc, "a[href]", "href")
        .iter()
        .any(|h| h.ends_with("badges/first-badge.html")));
    links_resolve(&lesson);
    let badge = html(&public.join("en/badges/first-badge.html"));
    assert_eq!(texts(&badge, "h1"), ["First badge"]);
}

#[test]
fn the_binary_alone_makes_the_site() {
    // A copy of the binary, run from an empty directory: no source tree anywhere near.
    let tmp = tempfile::tempdir().unwrap();
    let bin_dir = tmp.path().join("bin");
    let cwd = tmp.path().join("empty");
    std::fs::create_dir_all(&bin_dir).unwrap();
    std::fs::create_dir_all(&cwd).unwrap();
    let copy = bin_dir.join("paveldas");
    std::fs::copy(bin(), &copy).unwrap();

    let strace = on_path("strace");
    let log = tmp.path().join("trace.log");
    let os = |s: &'static str| std::ffi::OsStr::new(s);
    let o = match &strace {
        Some(strace) => {
            let args = [os("-f"), os("-qq"), os("-e"), os("trace=%file"), os("-o")];
            let mut args: Vec<&std::ffi::OsStr> = args.to_vec();
            args.extend([log.as_os_str(), copy.as_os_str(), os("init"), os("../site")]);
            run_bare(strace, &cwd, &args)
        }
        None => run_bare(&copy, &cwd, &[os("init"), os("../site")]),
    };
    assert!(o.status.success(), "{}", stderr(&o));
    let site = tmp.path().join("site");
    assert_eq!(
        std::fs::read_dir(&cwd).unwrap().count(),
        0,
        "wrote into the cwd"
    );

    // The copy builds and checks it too, from the empty directory.
    let o = run_bare(&copy, &cwd, &[os("build"), os("--root"), os("../site")]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("warning"), "{}", stderr(&o));
    let o = run_bare(&copy, &cwd, &[os("check"), os("--root"), os("../site")]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(site.join("public/en/index.html").is_file());

    if strace.is_none() {
        missing::<()>(
            "no strace: what init reads and writes is not traced (apt-get install strace)",
        );
        return;
    }
    let trace = read(&log);
    let repo = repo().to_string_lossy().into_owned();
    let mut written = 0;
    for line in trace.lines() {
        assert!(!line.contains(&repo), "read the source tree: {line}");
        let Some(path) = line.split('"').nth(1) else {
            continue;
        };
        let creates = line.contains("mkdir") || line.contains("O_CREAT");
        if creates {
            assert!(path.starts_with("../site"), "wrote outside DIR: {line}");
            written += 1;
        }
    }
    assert!(written > 20, "the trace shows {written} writes:\n{trace}");
}

#[test]
fn a_non_empty_directory_is_refused_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("site");
    write(&dir, "notes.txt", "mine\n");
    write(&dir, "content/old.md", "old\n");
    let before = snapshot(tmp.path());
    let o = run(&bin(), tmp.path(), &["init", "site"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("site: error: directory is not empty"), "{err}");
    assert!(err.contains("`content`, `notes.txt`"), "{err}");
    assert!(err.contains("nothing was written"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(snapshot(tmp.path()), before);
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 2);

    // A file, and a bad language, are refused before anything is made.
    write(tmp.path(), "file", "x");
    let o = run(&bin(), tmp.path(), &["init", "file"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("not a directory"), "{}", stderr(&o));
    let o = run(
        &bin(),
        tmp.path(),
        &["init", "fresh", "--languages", "en,lt_LT"],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("`lt_LT` is not a valid language tag"),
        "{}",
        stderr(&o)
    );
    assert!(!tmp.path().join("fresh").exists());

    // Hidden files only (a `git init` done first) are no content: the site is made beside them.
    write(
        &dir.with_file_name("repo"),
        ".git/HEAD",
        "ref: refs/heads/main\n",
    );
    init_ok(tmp.path(), &["init", "repo"]);
    assert_eq!(
        read(&tmp.path().join("repo/.git/HEAD")),
        "ref: refs/heads/main\n"
    );
    build_clean(&tmp.path().join("repo"));
}

#[test]
fn languages_give_a_site_in_each() {
    let tmp = tempfile::tempdir().unwrap();
    init_ok(tmp.path(), &["init", "two", "--languages", "en,lt"]);
    let root = tmp.path().join("two");
    assert!(read(&root.join("site.yaml")).contains("languages: [en, lt]\n"));
    let public = build_clean(&root);
    check_clean(&root);
    for (lang, lessons) in [("en", "Lessons"), ("lt", "Pamokos")] {
        let page = public.join(lang).join("index.html");
        let doc = html(&page);
        assert_eq!(attrs(&doc, "html", "lang"), [lang]);
        assert!(texts(&doc, ".main-nav a").contains(&lessons.to_string()));
        assert_eq!(texts(&doc, ".brand"), ["two"], "{lang}: the site's title");
        let switch = attrs(&doc, ".lang-switcher a", "hreflang");
        assert_eq!(switch, ["en", "lt"]);
        links_resolve(&page);
    }
    // The Lithuanian UI strings are complete and current: nothing to do but the content.
    let o = paveldas(
        &root,
        &["l10n", "status", "--lang", "lt", "--format", "json"],
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let items = v["languages"][0]["items"].as_array().unwrap();
    let ui: Vec<_> = items
        .iter()
        .filter(|i| i["file"].as_str().unwrap_or("").starts_with("locales/"))
        .collect();
    assert!(ui.is_empty(), "{ui:#?}");

    // The repeated form, and a language paveldas ships no UI strings for.
    let out = init_ok(
        tmp.path(),
        &["init", "three", "--language", "de", "--language", "fr"],
    );
    assert!(out.contains("no UI strings for `de`"), "{out}");
    let root = tmp.path().join("three");
    let yaml = read(&root.join("site.yaml"));
    assert!(
        yaml.contains("default_language: de\nlanguages: [de, fr]\n"),
        "{yaml}"
    );
    let public = build_clean(&root);
    check_clean(&root);
    let doc = html(&public.join("fr/index.html"));
    assert_eq!(attrs(&doc, ".lang-switcher a", "lang"), ["de", "fr"]);
    assert_eq!(texts(&doc, ".lang-switcher a"), ["Deutsch", "Français"]);
}
