//! A real headless Chromium for integration tests: Debian's `/usr/bin/chromium` (or `$CHROMIUM`),
//! driven directly (`--dump-dom`) or through playwright-core under node (`$PLAYWRIGHT_CORE`, by
//! default the one `shared/tools/peer/install.sh` puts in /tmp/peertools). A missing browser skips
//! the test with a printed note, except under `CI=true`, where it is a failure.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

fn on_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

/// Chromium, or `None` (printed) when it is missing outside CI.
pub fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("CHROMIUM")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/usr/bin/chromium"));
    if path.is_file() {
        return Some(path);
    }
    assert!(
        !on_ci(),
        "CI=true but there is no Chromium at {}: install Debian's chromium",
        path.display()
    );
    eprintln!(
        "skipped: no Chromium at {} (set CHROMIUM=...)",
        path.display()
    );
    None
}

/// playwright-core's directory, or `None` (printed) when it or node is missing outside CI.
pub fn playwright() -> Option<PathBuf> {
    let dir = std::env::var_os("PLAYWRIGHT_CORE")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("/tmp/peertools/node_modules/playwright-core"));
    let node_ok = Command::new("node").arg("--version").output().is_ok();
    if node_ok && dir.join("package.json").is_file() {
        return Some(dir);
    }
    assert!(
        !on_ci(),
        "CI=true but node or playwright-core at {} is missing: run shared/tools/peer/install.sh",
        dir.display()
    );
    eprintln!(
        "skipped: node or playwright-core at {} is missing (set PLAYWRIGHT_CORE=...)",
        dir.display()
    );
    None
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

/// The DOM of `url` after its scripts ran, as Chromium's `--dump-dom` prints it.
pub fn dump_dom(browser: &Path, url: &str) -> scraper::Html {
    let profile = tempfile::tempdir().unwrap();
    let o = Command::new(browser)
        .args(CHROMIUM_FLAGS)
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--virtual-time-budget=5000")
        .arg("--dump-dom")
        .arg(url)
        .output()
        .expect("run chromium");
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    scraper::Html::parse_document(&String::from_utf8_lossy(&o.stdout))
}

/// Runs a node script that gets `chromium` (playwright-core's, launched on `browser`) through the
/// global `launch()`, with `env` set; returns the JSON it prints on its last line.
pub fn run_playwright(
    pw: &Path,
    browser: &Path,
    work: &Path,
    body: &str,
    env: &[(&str, String)],
) -> serde_json::Value {
    let script = format!(
        r#"const {{ chromium }} = require(process.env.PW);
async function launch() {{
  return chromium.launch({{ executablePath: process.env.BROWSER, headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking',
           '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'] }});
}}
(async () => {{
{body}
}})().catch(e => {{ console.error(e); process.exit(1); }});
"#
    );
    let path = work.join("playwright-test.cjs");
    std::fs::write(&path, script).unwrap();
    let mut cmd = Command::new("node");
    cmd.arg(&path).env("PW", pw).env("BROWSER", browser);
    for (k, v) in env {
        cmd.env(k, v);
    }
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
