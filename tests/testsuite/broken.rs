//! The broken-site corpus (`tests/broken/README.md` lists every case and its expected result): each
//! case is the `basic` fixture with a few files replaced, or made by a function here when it cannot
//! be committed (symbolic links, pipes, multi-megabyte files, a file that disappears mid-build). The
//! real binary builds each one; none may panic, crash or hang, and each ends in exactly the
//! documented result: an error naming file:line, or a successful build with the expected pages.

use crate::helpers::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What a case must produce (the `expect` file of a case directory).
#[derive(Debug, Default, Clone)]
struct Expect {
    exit: i32,
    /// Substrings of stderr (file:line: error: message).
    stderr: Vec<String>,
    /// `(page, text)`: the page's first `<h1>` reads `text`.
    h1: Vec<(String, String)>,
    /// Pages that must not contain a NUL character.
    no_nul: Vec<String>,
}

impl Expect {
    fn parse(text: &str) -> Expect {
        let mut e = Expect::default();
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let (key, rest) = line.split_once(' ').unwrap_or((line, ""));
            match key {
                "exit" => e.exit = rest.parse().unwrap(),
                "stderr" => e.stderr.push(rest.to_string()),
                "h1" => {
                    let (page, text) = rest.split_once(' ').unwrap();
                    e.h1.push((page.to_string(), text.to_string()));
                }
                "no-nul" => e.no_nul.push(rest.to_string()),
                other => panic!("unknown expectation `{other}`"),
            }
        }
        e
    }

    fn fails(lines: &[&str]) -> Expect {
        Expect {
            exit: 1,
            stderr: lines.iter().map(|s| s.to_string()).collect(),
            ..Expect::default()
        }
    }

    fn builds() -> Expect {
        Expect {
            exit: 0,
            h1: vec![("en/lessons/01-first/beta.html".into(), "Beta".into())],
            ..Expect::default()
        }
    }
}

/// Runs `paveldas build` in `root`, killing it after `limit` (a hang is a failure too).
fn build_with_limit(root: &Path, limit: Duration) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_paveldas"))
        .args(["build", "--root"])
        .arg(root)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let err = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || std::io::read_to_string(err).unwrap_or_default());
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break Some(s);
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let stderr = reader.join().unwrap();
    match status {
        Some(s) => (s.code(), stderr),
        None => (
            None,
            format!("HUNG for {limit:?}; stderr so far:\n{stderr}"),
        ),
    }
}

/// Builds a broken site and compares with what the case expects; returns the problems found.
fn check(name: &str, root: &Path, expect: &Expect) -> Vec<String> {
    let (code, err) = build_with_limit(root, Duration::from_secs(180));
    let mut problems = Vec::new();
    let mut fail = |p: String| problems.push(format!("{name}: {p}\n--- stderr:\n{err}"));
    if err.contains("panicked") || !matches!(code, Some(0) | Some(1)) {
        fail(format!("crashed (exit {code:?})"));
        return problems;
    }
    if code != Some(expect.exit) {
        fail(format!("exit {code:?}, expected {}", expect.exit));
    }
    for s in &expect.stderr {
        if !err.contains(s.as_str()) {
            fail(format!("stderr lacks `{s}`"));
        }
    }
    for (page, text) in &expect.h1 {
        let path = root.join("public").join(page);
        if !path.is_file() {
            fail(format!("no page {page}"));
            continue;
        }
        let h1 = texts(&html(&path), "h1");
        if h1.first().map(String::as_str) != Some(text.as_str()) {
            fail(format!("{page}: h1 is {h1:?}, expected {text:?}"));
        }
    }
    for page in &expect.no_nul {
        if std::fs::read(root.join("public").join(page)).is_ok_and(|b| b.contains(&0)) {
            fail(format!("{page} contains a NUL character"));
        }
    }
    problems
}

fn corpus_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(repo().join("tests/broken"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs
}

/// Makes a broken site out of a copy of the `basic` fixture.
type Make = Box<dyn FnOnce(&Path) + Send>;

/// Runs `cases` on a few threads and fails with every problem found.
fn run_all(cases: Vec<(String, Make, Expect)>) {
    let queue = std::sync::Mutex::new(cases);
    let problems = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..3 {
            s.spawn(|| loop {
                let Some((name, make, expect)) = queue.lock().unwrap().pop() else {
                    break;
                };
                let site = fixture("basic");
                make(site.path());
                let p = check(&name, site.path(), &expect);
                problems.lock().unwrap().extend(p);
            });
        }
    });
    let problems = problems.into_inner().unwrap();
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

#[test]
fn every_committed_broken_site_gives_its_documented_result() {
    let dirs = corpus_dirs();
    assert!(dirs.len() >= 25, "the corpus has {} cases", dirs.len());
    let cases = dirs
        .into_iter()
        .map(|dir| {
            let name = dir.file_name().unwrap().to_string_lossy().into_owned();
            let expect = Expect::parse(&read(&dir.join("expect")));
            let make: Make = Box::new(move |root| copy_tree(&dir, root, &["expect"]));
            (name, make, expect)
        })
        .collect();
    run_all(cases);
}

const BETA: &str = "content/lessons/01-first/beta.md";
const FRONT: &str = "---\ntitle: Beta\nunit: 01-first\norder: 2\nbadges: [explorer]\n---\n";

fn mkfifo(path: &Path) {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
}

/// The cases that cannot be committed as files, by name (listed in tests/broken/README.md too).
fn generated() -> Vec<(&'static str, Make, Expect)> {
    use std::os::unix::fs::symlink;
    let beta = "content/lessons/01-first/beta.md:";
    vec![
        (
            "huge-line",
            Box::new(|r: &Path| write(r, BETA, &format!("{FRONT}{}\n", "heritage ".repeat(500_000)))),
            Expect::builds(),
        ),
        (
            "huge-front-matter-value",
            Box::new(|r: &Path| {
                let long = "a".repeat(1 << 20);
                write(r, BETA, &format!("---\ntitle: Beta\nsummary: {long}\n---\nBody\n"))
            }),
            Expect::builds(),
        ),
        (
            "deeply-nested-lists",
            Box::new(|r: &Path| write(r, BETA, &format!("{FRONT}{}x\n", "- ".repeat(5_000)))),
            Expect::builds(),
        ),
        (
            "deeply-nested-blockquotes",
            Box::new(|r: &Path| write(r, BETA, &format!("{FRONT}{}x\n", "> ".repeat(5_000)))),
            Expect::builds(),
        ),
        (
            "deeply-nested-brackets-and-emphasis",
            Box::new(|r: &Path| {
                let s = format!("{}{}{}", "[".repeat(20_000), "*_".repeat(20_000), "](".repeat(5_000));
                write(r, BETA, &format!("{FRONT}{s}\n"))
            }),
            Expect::builds(),
        ),
        (
            "deeply-nested-yaml",
            Box::new(|r: &Path| {
                let deep = format!("{}x{}", "[".repeat(5_000), "]".repeat(5_000));
                write(r, BETA, &format!("---\ntitle: Beta\nobjectives: {deep}\n---\n"))
            }),
            // Refused by paveldas's own pre-scan, before serde_yaml's scanner spends quadratic time.
            Expect::fails(&[
                &format!("{beta}3:77: error: `[`/`{{` nested more than 64 levels deep"),
                "hint: paveldas reads YAML nested at most 64 levels deep",
            ]),
        ),
        (
            "symlink-loop",
            Box::new(|r: &Path| symlink("..", r.join("content/lessons/01-first/loop")).unwrap()),
            Expect::fails(&["content/lessons/01-first/loop: error: symbolic link loop"]),
        ),
        (
            "symlink-outside-root",
            Box::new(|r: &Path| {
                let outside = r.parent().unwrap().join(format!(
                    "outside-{}.md",
                    r.file_name().unwrap().to_string_lossy()
                ));
                std::fs::write(&outside, FRONT).unwrap();
                symlink(&outside, r.join("content/lessons/01-first/delta.md")).unwrap()
            }),
            Expect::fails(&[
                "content/lessons/01-first/delta.md: error: symbolic link points outside the site root",
            ]),
        ),
        (
            "dangling-symlink",
            Box::new(|r: &Path| symlink("nowhere.md", r.join("content/lessons/01-first/gone.md")).unwrap()),
            Expect::fails(&["content/lessons/01-first/gone.md: error: cannot read"]),
        ),
        (
            "named-pipe-in-content",
            Box::new(|r: &Path| mkfifo(&r.join("content/lessons/01-first/pipe.md"))),
            Expect::fails(&["content/lessons/01-first/pipe.md: error: not a regular file"]),
        ),
        (
            "named-pipe-in-static",
            Box::new(|r: &Path| mkfifo(&r.join("static/img/pipe.svg"))),
            Expect::fails(&["static/img/pipe.svg: error: not a regular file"]),
        ),
        // Names a checkout on macOS or Windows could not hold, or would rewrite: made here.
        (
            "case-twin-lessons",
            Box::new(|r: &Path| write(r, "content/lessons/01-first/Beta.md", "---\ntitle: Twin\n---\nB\n")),
            Expect::fails(&[
                "content/lessons/01-first/Beta.md: error: the page of `content/lessons/01-first/Beta.md` (`en/lessons/01-first/Beta.html`) and the page of `content/lessons/01-first/beta.md`",
                "differ only in letter case",
            ]),
        ),
        (
            "case-twin-co-located-files",
            Box::new(|r: &Path| write(r, "content/lessons/01-first/MAP.svg", "<svg/>")),
            Expect::fails(&[
                "content/lessons/01-first/map.svg: error: the co-located file `content/lessons/01-first/map.svg`",
                "`content/lessons/01-first/MAP.svg`",
            ]),
        ),
        (
            "static-file-takes-a-page-name",
            Box::new(|r: &Path| {
                std::fs::create_dir_all(r.join("static/lt")).unwrap();
                write(r, "static/lt/404.html", "<p>mine</p>")
            }),
            Expect::fails(&["static/lt/404.html: error: the static file `static/lt/404.html` would be written to `lt/404.html`, which is reserved for paveldas's 404 page"]),
        ),
        (
            "nfd-file-name",
            Box::new(|r: &Path| {
                write(r, "content/lessons/01-first/kernave\u{307}.md", "---\ntitle: Kernavė\n---\nBody\n")
            }),
            Expect {
                h1: vec![
                    ("en/lessons/01-first/beta.html".into(), "Beta".into()),
                    ("en/lessons/01-first/kernavė.html".into(), "Kernavė".into()),
                ],
                ..Expect::builds()
            },
        ),
        (
            "nfc-and-nfd-twins",
            Box::new(|r: &Path| {
                write(r, "content/lessons/01-first/kernavė.md", FRONT);
                write(r, "content/lessons/01-first/kernave\u{307}.md", FRONT)
            }),
            Expect::fails(&["are one name in two Unicode forms (composed, NFC, and decomposed, NFD)"]),
        ),
    ]
}

#[test]
fn every_generated_broken_site_gives_its_documented_result() {
    let cases = generated()
        .into_iter()
        .map(|(n, f, e)| (n.to_string(), f, e))
        .collect();
    run_all(cases);
}

/// A lesson deleted while a large site is being loaded: the build either missed it (success) or
/// names it (`cannot read`), never panics; tried at several moments.
#[test]
fn a_file_that_disappears_mid_build() {
    let site = fixture("basic");
    let root = site.path();
    let unit = root.join("content/lessons/03-many");
    std::fs::create_dir_all(&unit).unwrap();
    std::fs::write(unit.join("_index.md"), "---\ntitle: Many\n---\n").unwrap();
    let body = "Some text about heritage.\n\n## Activity\n\nDo it.\n".repeat(20);
    for i in 0..1000 {
        std::fs::write(
            unit.join(format!("l{i:04}.md")),
            format!("---\ntitle: Lesson {i}\n---\n{body}"),
        )
        .unwrap();
    }
    let victim = unit.join("l0500.md");
    let mut outcomes = Vec::new();
    for delay_ms in [0u64, 5, 15, 40, 100, 250] {
        std::fs::write(&victim, format!("---\ntitle: Victim\n---\n{body}")).unwrap();
        let child = Command::new(env!("CARGO_BIN_EXE_paveldas"))
            .args(["build", "--root"])
            .arg(root)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        std::fs::remove_file(&victim).unwrap();
        let out = child.wait_with_output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "{err}");
        match out.status.code() {
            Some(0) => outcomes.push("built"),
            Some(1) => {
                assert!(
                    err.contains("content/lessons/03-many/l0500.md: error: cannot read"),
                    "{err}"
                );
                outcomes.push("named the file");
            }
            other => panic!("exit {other:?} after {delay_ms} ms:\n{err}"),
        }
    }
    assert_eq!(outcomes.len(), 6);
    eprintln!("outcomes: {outcomes:?}");
}

/// tests/broken/README.md documents every case, committed and generated.
#[test]
fn the_corpus_readme_lists_every_case() {
    let readme = read(&repo().join("tests/broken/README.md"));
    let listed: Vec<&str> = readme
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split('`').next())
        .collect();
    let mut names: Vec<String> = corpus_dirs()
        .iter()
        .map(|d| d.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    names.extend(generated().into_iter().map(|(n, ..)| n.to_string()));
    names.push("file-disappears-mid-build".into());
    for n in &names {
        assert!(listed.contains(&n.as_str()), "README does not list `{n}`");
    }
    for l in &listed {
        assert!(
            names.iter().any(|n| n == l),
            "README lists `{l}`, which is no case"
        );
    }
    assert!(names.len() >= 40);
}

/// The findings (file from the site root, line, message) of a result, errors and warnings, sorted;
/// and whether there was an error.
type Findings = (Vec<(PathBuf, Option<usize>, String)>, bool);

fn findings_of(root: &Path, d: &paveldas::diagnostic::Diagnostics) -> Findings {
    use paveldas::diagnostic::Severity;
    let real = root.canonicalize().unwrap();
    let mut v: Vec<_> = d
        .iter()
        .filter(|x| x.severity != Severity::Note)
        .map(|x| {
            let file = x
                .file
                .strip_prefix(&real)
                .or_else(|_| x.file.strip_prefix(root))
                .unwrap_or(&x.file)
                .to_path_buf();
            (file, x.line, x.message.clone())
        })
        .collect();
    v.sort();
    v.dedup();
    (v, d.has_errors())
}

/// `build`, `check` and the dev server's first build go through one driver: every broken site of
/// the corpus gives the same findings (file, line, message) in all three, and fails in all three.
/// `check` may find more, of the kinds only it looks for (co-located files nothing uses), and
/// reports broken `#fragments` as errors where a build warns.
#[test]
fn build_check_and_serve_report_the_same_errors() {
    use paveldas::config::Overrides;
    let mut cases: Vec<(String, Make)> = corpus_dirs()
        .into_iter()
        .map(|dir| {
            let name = dir.file_name().unwrap().to_string_lossy().into_owned();
            let make: Make = Box::new(move |root| copy_tree(&dir, root, &["expect"]));
            (name, make)
        })
        .collect();
    cases.extend(
        generated()
            .into_iter()
            .filter(|(_, _, e)| e.exit == 1)
            .map(|(n, m, _)| (n.to_string(), m)),
    );
    let mut failing = 0;
    let mut problems = Vec::new();
    for (name, make) in cases {
        let site = fixture("basic");
        let root = site.path();
        make(root);
        let built = match paveldas::build(root, &paveldas::BuildOptions::default()) {
            Ok(r) => findings_of(root, &r.warnings),
            Err(d) => findings_of(root, &d),
        };
        let report = paveldas::check::check(root, &paveldas::check::CheckOptions::default());
        let mut checked = findings_of(root, &report.diagnostics);
        checked
            .0
            .retain(|(_, _, m)| !m.contains("no page links to"));
        let served =
            match paveldas::serve::incremental::Session::new(root, Overrides::default()).build() {
                Ok(o) => findings_of(root, &o.warnings),
                Err(d) => findings_of(root, &d),
            };
        if built.1 {
            failing += 1;
        }
        // `check` goes on after an error that stops a build, to the anchor check, and a broken
        // `#fragment` fails `check` only: beyond the build's findings it may have only those.
        let anchor = |m: &str| m.contains("names no heading");
        let extra: Vec<_> = checked.0.iter().filter(|f| !built.0.contains(f)).collect();
        let covers = built.0.iter().all(|f| checked.0.contains(f));
        let same_status = built.1 == checked.1 || (!built.1 && extra.iter().all(|f| anchor(&f.2)));
        if built != served || !covers || !extra.iter().all(|f| anchor(&f.2)) || !same_status {
            problems.push(format!(
                "{name}:\n  build: {built:?}\n  check: {checked:?}\n  serve: {served:?}"
            ));
        }
    }
    assert!(failing >= 20, "only {failing} cases fail to build");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
