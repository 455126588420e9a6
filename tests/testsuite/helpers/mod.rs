//! What the test modules share: fixture sites copied into temp dirs, the shipped site built once
//! for the whole suite, the real binary (`build`, `serve`), HTML parsed with a real parser, and the
//! outside tools (`browser` for Chromium), skipped where missing except under `CI=true`.

pub mod browser;
pub mod http;

use std::collections::BTreeMap;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc::Receiver;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Copies the tree `from` into `to` (merging with what is there), leaving out the paths `skip`
/// (relative to `from`) and everything under them.
pub fn copy_tree(from: &Path, to: &Path, skip: &[&str]) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(from).unwrap();
        if skip.iter().any(|s| rel.starts_with(s)) {
            continue;
        }
        let dest = to.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

fn copy_dir(from: &Path, to: &Path) {
    copy_tree(from, to, &["public", "target"]);
}

/// A copy of `tests/fixtures/<name>` in a temp dir, with the repository's themes.
pub fn fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("tests/fixtures").join(name), dir.path());
    if !dir.path().join("themes").exists() {
        copy_dir(&repo().join("themes"), &dir.path().join("themes"));
    }
    dir
}

/// A copy of the `l10n` fixture with the repository's theme strings (main.ftl) in every language,
/// so the theme always finds its messages; the fixture's own checks.ftl files hold the known problems.
pub fn l10n_site() -> tempfile::TempDir {
    let s = fixture("l10n");
    for lang in ["en", "lt", "fr", "ar"] {
        std::fs::copy(
            repo().join("locales").join(lang).join("main.ftl"),
            s.path().join("locales").join(lang).join("main.ftl"),
        )
        .unwrap();
    }
    s
}

/// A copy of the shipped site (site.yaml, content, locales, themes, static) in a temp dir.
pub fn shipped() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for part in ["content", "locales", "themes", "static"] {
        let from = repo().join(part);
        if from.exists() {
            copy_dir(&from, &dir.path().join(part));
        }
    }
    std::fs::copy(repo().join("site.yaml"), dir.path().join("site.yaml")).unwrap();
    dir
}

/// Runs the real `paveldas` binary.
pub fn paveldas(root: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_paveldas"))
        .args(args)
        .arg("--root")
        .arg(root)
        .current_dir(root)
        .output()
        .expect("run paveldas")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Runs `build` and asserts a clean failure (exit status 1, no panic); returns stderr.
pub fn build_fails(root: &Path) -> String {
    let o = paveldas(root, &["build"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "build should fail:\n{err}");
    assert!(!err.contains("panicked"), "{err}");
    err
}

/// Builds `root` (good), applies `break_it`, then asserts that `build` fails cleanly leaving the
/// previous output byte for byte and no staging directory behind. Returns stderr.
pub fn fails_keeping_output(root: &Path, break_it: impl FnOnce(&Path)) -> String {
    let out = build_ok(root, &[]);
    let before = snapshot(&out);
    break_it(root);
    let err = build_fails(root);
    assert_eq!(snapshot(&out), before, "the previous output changed");
    let leftovers: Vec<_> = std::fs::read_dir(root)
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .filter(|n| n.to_string_lossy().starts_with(".public"))
        .collect();
    assert!(leftovers.is_empty(), "staging left behind: {leftovers:?}");
    err
}

/// The base URL the shipped site is built with for publishing.
pub const SHIPPED_BASE_URL: &str = "https://heritage.example.org/";

/// The shipped site (the repository itself) built once per test run into `name` under cargo's
/// test temp dir, with `extra` arguments; the directory is emptied first, so what an older
/// paveldas left there does not count.
fn shipped_build(name: &str, extra: &[&str]) -> PathBuf {
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    if out.exists() {
        std::fs::remove_dir_all(&out).unwrap();
    }
    let mut args = vec!["build", "--output", out.to_str().unwrap()];
    args.extend_from_slice(extra);
    let o = paveldas(&repo(), &args);
    assert!(o.status.success(), "build failed:\n{}", stderr(&o));
    out
}

/// The shipped site built once for offline use (no `base_url`), for tests that only read it.
pub fn shipped_offline() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| shipped_build("shipped-offline", &[]))
}

/// The shipped site built once for publishing (`--base-url` [`SHIPPED_BASE_URL`]), so with badge
/// JSON, for tests that only read it.
pub fn shipped_published() -> &'static Path {
    static OUT: OnceLock<PathBuf> = OnceLock::new();
    OUT.get_or_init(|| shipped_build("shipped-published", &["--base-url", SHIPPED_BASE_URL]))
}

/// A child process killed (SIGKILL) and waited for when dropped.
pub struct Killed(pub Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A running `paveldas serve --port 0`, killed when dropped.
pub struct DevServer {
    pub process: Killed,
    pub port: u16,
    /// Its stdout and stderr, line by line, from after `serving URL`.
    pub lines: Receiver<String>,
}

/// Starts `paveldas serve` on `root` and waits until its first build is done (it prints
/// `serving http://127.0.0.1:PORT/` then).
pub fn start_serve(root: &Path) -> DevServer {
    let mut child = Command::new(env!("CARGO_BIN_EXE_paveldas"))
        .args(["serve", "--port", "0", "--root"])
        .arg(root)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start paveldas serve");
    let (tx, lines) = std::sync::mpsc::channel();
    for stream in [
        Box::new(child.stdout.take().unwrap()) as Box<dyn std::io::Read + Send>,
        Box::new(child.stderr.take().unwrap()),
    ] {
        let tx = tx.clone();
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stream)
                .lines()
                .map_while(Result::ok)
            {
                let _ = tx.send(line);
            }
        });
    }
    let process = Killed(child);
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let line = lines
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .expect("serve prints its address");
        if let Some(url) = line.strip_prefix("serving ") {
            let port = url
                .strip_prefix("http://127.0.0.1:")
                .unwrap_or_else(|| panic!("{url}"))
                .trim_end_matches('/')
                .parse()
                .unwrap();
            return DevServer {
                process,
                port,
                lines,
            };
        }
    }
}

/// Builds and asserts success; returns the output directory.
pub fn build_ok(root: &Path, extra: &[&str]) -> PathBuf {
    let mut args = vec!["build"];
    args.extend_from_slice(extra);
    let o = paveldas(root, &args);
    assert!(o.status.success(), "build failed:\n{}", stderr(&o));
    root.join("public")
}

/// Writes `text` to `rel` under `root`, creating its folders.
pub fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// Replaces the first `from` in `rel` under `root` (which must hold it) with `to`; returns the path.
pub fn edit(root: &Path, rel: &str, from: &str, to: &str) -> PathBuf {
    let p = root.join(rel);
    let text = read(&p);
    assert!(text.contains(from), "{rel} has no `{from}`");
    std::fs::write(&p, text.replacen(from, to, 1)).unwrap();
    p
}

pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub fn html(path: &Path) -> scraper::Html {
    scraper::Html::parse_document(&read(path))
}

pub fn sel(s: &str) -> scraper::Selector {
    scraper::Selector::parse(s).unwrap()
}

/// Texts of all elements matching `selector`.
pub fn texts(doc: &scraper::Html, selector: &str) -> Vec<String> {
    doc.select(&sel(selector))
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

/// Values of attribute `attr` of all elements matching `selector`.
pub fn attrs(doc: &scraper::Html, selector: &str, attr: &str) -> Vec<String> {
    doc.select(&sel(selector))
        .filter_map(|e| e.value().attr(attr).map(str::to_string))
        .collect()
}

/// Every file under `dir` with its bytes, for "left untouched" checks.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                std::fs::read(e.path()).unwrap(),
            )
        })
        .collect()
}

/// All HTML files under `dir`.
pub fn html_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.path().to_path_buf())
        .collect();
    v.sort();
    v
}

// Outside tools: a missing one skips its test with a note, except under `CI=true`.

/// Whether this is CI (`CI=true`, or `CI=1`), where a missing outside tool is a failure.
pub fn on_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// Reports that the running test cannot run (`why`): a failure in CI, elsewhere a loud skip
/// written past the test harness's output capture, so it shows in a plain `cargo test`. Returns
/// `None` to let the test return early.
pub fn missing<T>(why: &str) -> Option<T> {
    let thread = std::thread::current();
    let test = thread.name().unwrap_or("a test");
    let hint = "install the outside tools with `bash ../shared/tools/peer/install.sh`";
    assert!(
        !on_ci(),
        "{test}: {why}; with CI=true a missing outside tool is a failure ({hint})"
    );
    let _ = writeln!(std::io::stderr(), "\nSKIPPED {test}: {why} ({hint})");
    None
}

/// `program` on `$PATH`.
pub fn on_path(program: &str) -> Option<PathBuf> {
    let paths = std::env::var_os("PATH")?;
    std::env::split_paths(&paths)
        .map(|p| p.join(program))
        .find(|p| p.is_file())
}

/// `shared/<rel>` of the project's `shared/` folder: beside the repository (as in CI), or beside
/// one of its parent directories (a git worktree).
pub fn in_shared(rel: &str) -> Option<PathBuf> {
    repo()
        .ancestors()
        .skip(1)
        .map(|d| d.join("shared").join(rel))
        .find(|p| p.exists())
}

/// Where `shared/tools/peer/install.sh` put the tools: `$PEER_DIR`, by default `/tmp/peertools`.
pub fn peer_dir() -> PathBuf {
    std::env::var_os("PEER_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/tmp/peertools"))
}

/// The shared peer script `name`: in `$PEER_TOOLS`, else in `shared/tools/peer`; or why not.
pub fn peer_script(name: &str) -> Result<PathBuf, String> {
    let p = match std::env::var_os("PEER_TOOLS") {
        Some(dir) => PathBuf::from(dir).join(name),
        None => in_shared("tools/peer")
            .unwrap_or_else(|| repo().join("../shared/tools/peer"))
            .join(name),
    };
    if p.is_file() {
        Ok(p)
    } else {
        Err(format!("no {} (set PEER_TOOLS)", p.display()))
    }
}

/// Runs `paveldas check --format json` with `extra` arguments: whether it passed, and its report.
pub fn check_json(root: &Path, extra: &[&str]) -> (bool, serde_json::Value) {
    let mut args = vec!["check", "--format", "json"];
    args.extend_from_slice(extra);
    let o = paveldas(root, &args);
    let v = serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}\n{}",
            String::from_utf8_lossy(&o.stdout),
            stderr(&o)
        )
    });
    (o.status.success(), v)
}

/// The diagnostics of a `check --format json` report in `file` whose message contains `needle`.
pub fn diagnostics_matching<'a>(
    v: &'a serde_json::Value,
    file: &str,
    needle: &str,
) -> Vec<&'a serde_json::Value> {
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["file"] == file && d["message"].as_str().unwrap().contains(needle))
        .collect()
}
