//! A real headless Chromium for integration tests: `$CHROMIUM`, else the first of `chromium`,
//! `chromium-browser` or `google-chrome` on `$PATH` (Debian's `/usr/bin/chromium`), driven
//! directly (`--dump-dom`) or through playwright-core under node (`$PLAYWRIGHT_CORE`, by default
//! the one `shared/tools/peer/install.sh` puts in `$PEER_DIR`). A missing browser skips the test
//! with a printed note, except under `CI=true`, where it is a failure.
//!
//! One browser at a time in the whole suite ([`one_at_a_time`]): two Chromiums on a small CI
//! machine make both slow, and the tests of every module run in this one process.

use super::{missing, on_path, peer_dir};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Mutex, MutexGuard};

/// Chromium, or why there is none.
pub fn find_chromium() -> Result<PathBuf, String> {
    match std::env::var_os("CHROMIUM") {
        Some(p) if Path::new(&p).is_file() => Ok(PathBuf::from(p)),
        Some(p) => Err(format!(
            "no Chromium at {} ($CHROMIUM)",
            p.to_string_lossy()
        )),
        None => ["chromium", "chromium-browser", "google-chrome"]
            .into_iter()
            .find_map(on_path)
            .ok_or_else(|| "no Chromium on $PATH (install chromium or set CHROMIUM=...)".into()),
    }
}

/// playwright-core's directory (node and `$PLAYWRIGHT_CORE`), or why there is none.
pub fn find_playwright() -> Result<PathBuf, String> {
    let dir = std::env::var_os("PLAYWRIGHT_CORE")
        .map(PathBuf::from)
        .unwrap_or_else(|| peer_dir().join("node_modules/playwright-core"));
    if on_path("node").is_none() {
        return Err("no `node`".into());
    }
    if !dir.join("package.json").is_file() {
        return Err(format!(
            "no playwright-core at {} (set PLAYWRIGHT_CORE=...)",
            dir.display()
        ));
    }
    Ok(dir)
}

/// Chromium, or `None` (skipped, printed) when it is missing outside CI.
pub fn chromium() -> Option<PathBuf> {
    find_chromium().map_or_else(|why| missing(&why), Some)
}

/// Chromium and playwright-core, or `None` (skipped, printed) when either is missing outside CI.
pub fn chromium_and_playwright() -> Option<(PathBuf, PathBuf)> {
    find_chromium()
        .and_then(|c| find_playwright().map(|p| (c, p)))
        .map_or_else(|why| missing(&why), Some)
}

/// Holds the suite's one browser slot until dropped; take it before launching Chromium.
pub fn one_at_a_time() -> MutexGuard<'static, ()> {
    static BROWSER: Mutex<()> = Mutex::new(());
    BROWSER.lock().unwrap_or_else(|e| e.into_inner())
}

pub const CHROMIUM_FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
];

/// `file://` URL of an existing file, percent-encoded.
pub fn file_url(path: &Path) -> String {
    let p = path.canonicalize().unwrap();
    let mut url = String::from("file://");
    for b in p.to_string_lossy().bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                url.push(b as char)
            }
            b => url.push_str(&format!("%{b:02X}")),
        }
    }
    url
}

/// The DOM of `url` after its scripts ran, as Chromium's `--dump-dom` prints it, with `extra`
/// flags beside [`CHROMIUM_FLAGS`].
pub fn dump_dom(browser: &Path, url: &str, extra: &[&str]) -> scraper::Html {
    let profile = tempfile::tempdir().unwrap();
    let _one = one_at_a_time();
    let o = Command::new(browser)
        .args(CHROMIUM_FLAGS)
        .args(extra)
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--virtual-time-budget=5000")
        .arg("--dump-dom")
        .arg(url)
        .output()
        .expect("run chromium");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    scraper::Html::parse_document(&String::from_utf8_lossy(&o.stdout))
}

/// Runs a node script that gets `chromium` (playwright-core's, launched on `browser` with
/// [`CHROMIUM_FLAGS`]) through the global `launch()`, with `env` set; returns the JSON it prints on
/// its last line.
pub fn run_playwright(
    pw: &Path,
    browser: &Path,
    body: &str,
    env: &[(&str, String)],
) -> serde_json::Value {
    let script = format!(
        r#"const {{ chromium }} = require(process.env.PW);
async function launch() {{
  return chromium.launch({{ executablePath: process.env.BROWSER, headless: true,
    args: JSON.parse(process.env.BROWSER_ARGS) }});
}}
(async () => {{
{body}
}})().catch(e => {{ console.error(e); process.exit(1); }});
"#
    );
    let work = tempfile::tempdir().unwrap();
    let path = work.path().join("playwright-test.cjs");
    std::fs::write(&path, script).unwrap();
    let args: Vec<&str> = CHROMIUM_FLAGS
        .iter()
        .copied()
        .filter(|f| *f != "--headless")
        .collect();
    let mut cmd = Command::new("node");
    cmd.arg(&path)
        .env("PW", pw)
        .env("BROWSER", browser)
        .env("BROWSER_ARGS", serde_json::to_string(&args).unwrap());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let _one = one_at_a_time();
    let o = cmd.output().expect("run node");
    assert!(
        o.status.success(),
        "playwright: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let stdout = String::from_utf8_lossy(&o.stdout);
    let last = stdout.lines().last().unwrap_or("");
    serde_json::from_str(last).unwrap_or_else(|e| panic!("{e}: {stdout}"))
}
