//! `paveldas serve`: builds the site, serves the output directory over HTTP (axum, with
//! tower-http's `ServeFile` for every file that is not a page), watches the sources
//! ([`crate::serve::watch`]) and rebuilds incrementally ([`crate::serve::incremental`]) on every change.
//!
//! - It serves the configured output directory: the first build is a normal atomic build, later
//!   rebuilds update only the files that changed, so the folder on disk is always the last good
//!   site (usable from `file://` as after `build`).
//! - Pages are sent with a small script (`/__paveldas/live.js`, never written to disk) that listens
//!   to Server-Sent Events on `/__paveldas/events`: it reloads a page a rebuild changed (keeping
//!   the scroll position), swaps a changed stylesheet without a reload, and shows a failed build's
//!   errors over the page until the next good build. The terminal shows the same errors.
//! - Every request path goes through [`resolve_request_path`] (pure, no file system) and
//!   [`locate`]: no request can read a file outside the output directory, hidden files included.
//! - Addresses below the base URL's path (`/paveldas/en/…`) are answered as the same address at
//!   the root, as the host will answer them, so that the 404 page's URLs (which start there) work.
//! - Every request's `Host` goes through [`allowed_host`] first: only IP literals, `localhost` and
//!   `*.localhost` are answered, so a page of another web site cannot read the server through DNS
//!   rebinding (a name it controls pointed at 127.0.0.1); anything else gets a 403.

pub mod hosts;
pub mod incremental;
pub mod watch;

use crate::config::{Config, Overrides};
use crate::diagnostic::Diagnostics;
use crate::relative_diagnostics;
use crate::serve::incremental::{Outcome, Rebuild, Session};
use crate::serve::watch::Watcher;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use futures_util::stream::{self, Stream, StreamExt};
use std::collections::{HashMap, HashSet};
use std::convert::Infallible;
use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;
use tokio::sync::broadcast;
use tower::ServiceExt;
use tower_http::services::ServeFile;

/// The default port: the year of the World Heritage Convention.
pub const DEFAULT_PORT: u16 = 1972;

const LIVE_JS: &str = include_str!("live_reload.js");
const LIVE_PATH: &str = "/__paveldas/live.js";
const EVENTS_PATH: &str = "/__paveldas/events";

/// Options of `paveldas serve`.
#[derive(Debug, Clone)]
pub struct Options {
    pub root: PathBuf,
    pub overrides: Overrides,
    pub port: u16,
    pub bind: IpAddr,
    pub open: bool,
}

/// What the rebuild thread shares with the HTTP handlers.
struct Live {
    /// The directory served: the output directory of the last good build.
    /// The output being served: `None` until a build checked it (a folder paveldas did not write
    /// is never served).
    dir: RwLock<Option<PathBuf>>,
    /// The edited pages of a rebuild in progress, shown before the whole rebuild is swapped into
    /// the output (paths from the output root); emptied when the rebuild ends.
    overlay: RwLock<HashMap<String, Vec<u8>>>,
    /// The current build error as the JSON the page overlay shows, if the last build failed.
    error: RwLock<Option<String>>,
    /// Events for the pages: (event name, JSON data).
    events: broadcast::Sender<(&'static str, String)>,
    /// Tells pages when they talk to a restarted server.
    server: String,
    /// Counts the builds that changed the output, so a page that was not listening (a hidden
    /// tab) can tell on reconnecting whether it missed one.
    version: AtomicU64,
    /// Warnings already shown on the terminal.
    printed: Mutex<HashSet<String>>,
    /// The path of the site's base URL (`/` or `/paveldas/`): addresses below it are answered
    /// too, as on the host, so the 404 page's URLs (which start with it) work here.
    base_path: RwLock<String>,
}

/// Runs the dev server until it is interrupted.
pub fn run(options: Options) -> ExitCode {
    match serve(options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("{msg}");
            ExitCode::FAILURE
        }
    }
}

fn serve(o: Options) -> Result<(), String> {
    let listener = std::net::TcpListener::bind((o.bind, o.port)).map_err(|e| bind_error(&o, e))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    if !o.bind.is_loopback() {
        eprintln!(
            "warning: listening on {}: other computers on the network can read the site",
            o.bind
        );
    }
    let mut session = Session::new(&o.root, o.overrides.clone());
    let root = session.root().to_path_buf();
    // Until the first build is done (or if it fails), the previous output is served if it is
    // proved to be paveldas's.
    let config = Config::load(&root, &o.overrides).ok();
    let fallback_dir = config
        .as_ref()
        .and_then(|c| crate::config::confine::output_dir(c).ok());
    let base_path = config.as_ref().and_then(|c| c.base_path()).unwrap_or("/");
    let (events, _) = broadcast::channel(256);
    let live = Arc::new(Live {
        dir: RwLock::new(fallback_dir),
        overlay: RwLock::new(HashMap::new()),
        error: RwLock::new(None),
        events,
        server: format!(
            "{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_millis())
                .unwrap_or(0)
        ),
        version: AtomicU64::new(0),
        printed: Mutex::new(HashSet::new()),
        base_path: RwLock::new(base_path.to_string()),
    });
    eprintln!("building {}", root.display());
    let result = session.build();
    after_build(&session, &live, &root, result);
    let mut watcher = Watcher::new(&root).map_err(|d| d.to_string())?;
    let for_thread = live.clone();
    std::thread::Builder::new()
        .name("rebuild".into())
        .spawn(move || {
            while let Some(paths) = watcher.next_batch() {
                let live = &for_thread;
                let started = std::time::Instant::now();
                let result = session.rebuild_with(&paths, &mut |changed, files| {
                    *live.overlay.write().expect("not poisoned") = files.clone();
                    clear_error(live);
                    send_reload(live, changed, &[], started.elapsed());
                });
                after_build(&session, live, &root, result);
            }
        })
        .map_err(|e| e.to_string())?;

    let url = format!("http://{addr}/");
    println!("serving {url}");
    let _ = std::io::stdout().flush();
    eprintln!("watching for changes; press Ctrl+C to stop");
    if o.open {
        open_browser(&url);
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("error: cannot start the server: {e}"))?;
    runtime.block_on(async move {
        listener.set_nonblocking(true).map_err(|e| e.to_string())?;
        let listener = tokio::net::TcpListener::from_std(listener).map_err(|e| e.to_string())?;
        axum::serve(listener, router(live, addr.port()))
            .await
            .map_err(|e| format!("error: the server stopped: {e}"))
    })
}

fn bind_error(o: &Options, e: std::io::Error) -> String {
    let addr = SocketAddr::new(o.bind, o.port);
    let (msg, hint) = match e.kind() {
        std::io::ErrorKind::AddrInUse => (
            format!("port {} on {} is already in use", o.port, o.bind),
            "stop the other server, or choose another port: --port N (--port 0 picks a free one)",
        ),
        std::io::ErrorKind::AddrNotAvailable => (
            format!(
                "cannot listen on {addr}: {} is not an address of this computer",
                o.bind
            ),
            "leave out --bind to listen on 127.0.0.1",
        ),
        std::io::ErrorKind::PermissionDenied => (
            format!("not allowed to listen on port {} of {}", o.port, o.bind),
            "ports below 1024 need privileges; choose a higher one with --port N",
        ),
        _ => (
            format!("cannot listen on {addr}: {e}"),
            "choose another port with --port N",
        ),
    };
    format!("error: {msg}\n  = hint: {hint}")
}

/// Reports a build on the terminal and to the open pages.
fn after_build(session: &Session, live: &Live, root: &Path, result: Result<Outcome, Diagnostics>) {
    // The output now holds the edited pages too (or, after an error, the last good build again).
    live.overlay.write().expect("not poisoned").clear();
    match result {
        Ok(o) if o.kind == Rebuild::None => {}
        Ok(o) => {
            let mut printed = live.printed.lock().expect("not poisoned");
            for w in relative_diagnostics(o.warnings.clone(), root).iter() {
                let text = w.to_string();
                if printed.insert(text.clone()) {
                    eprintln!("{text}\n");
                }
            }
            drop(printed);
            let total = o.changed.len() + o.removed.len();
            match (o.kind, session.site()) {
                (Rebuild::Full, Some(site)) => eprintln!(
                    "built {} pages ({} lessons × {} languages) in {:.2?}",
                    o.rendered,
                    site.lesson_count(),
                    site.config.languages.len(),
                    o.elapsed
                ),
                _ => eprintln!(
                    "rebuilt in {:.0?}{}: {} page(s) rendered, {} file(s) changed",
                    o.elapsed,
                    o.early_elapsed
                        .map(|e| format!(" (edited pages shown after {e:.0?})"))
                        .unwrap_or_default(),
                    o.rendered,
                    total
                ),
            }
            if let Some(dir) = session.output_dir() {
                *live.dir.write().expect("not poisoned") = Some(dir.to_path_buf());
            }
            if let Some(site) = session.site() {
                let path = site.config.base_path().unwrap_or("/").to_string();
                *live.base_path.write().expect("not poisoned") = path;
            }
            clear_error(live);
            let rest: Vec<String> = o
                .changed
                .iter()
                .filter(|c| !o.early.contains(c))
                .cloned()
                .collect();
            if !rest.is_empty() || !o.removed.is_empty() {
                send_reload(live, &rest, &o.removed, o.elapsed);
            }
        }
        Err(d) => {
            let d = relative_diagnostics(d.sorted(), root);
            for x in d.iter() {
                eprintln!("{x}\n");
            }
            eprintln!(
                "build failed with {} error(s); still serving the last good build",
                d.error_count().max(1)
            );
            let payload = error_payload(root, &d);
            *live.error.write().expect("not poisoned") = Some(payload.clone());
            let _ = live.events.send(("build-error", payload));
        }
    }
}

/// Clears a failed build's error from the terminal's and the pages' point of view.
fn clear_error(live: &Live) {
    if live.error.write().expect("not poisoned").take().is_some() {
        eprintln!("the site builds again");
        let _ = live.events.send(("build-ok", "{}".into()));
    }
}

/// Tells the pages which output files changed, and how long after the rebuild started (`ms`,
/// for measuring; the pages ignore it).
fn send_reload(live: &Live, changed: &[String], removed: &[String], elapsed: Duration) {
    let version = live.version.fetch_add(1, Ordering::SeqCst) + 1;
    let data = serde_json::json!({
        "changed": changed,
        "removed": removed,
        "version": version,
        "ms": (elapsed.as_secs_f64() * 1e4).round() / 10.0,
    });
    let _ = live.events.send(("reload", data.to_string()));
}

/// The overlay's data: each diagnostic with the source lines around it.
fn error_payload(root: &Path, d: &Diagnostics) -> String {
    let items: Vec<serde_json::Value> = d
        .iter()
        .map(|x| {
            let lines: Vec<(usize, String)> = match x.line {
                Some(line) => std::fs::read_to_string(root.join(&x.file))
                    .map(|text| {
                        text.lines()
                            .enumerate()
                            .skip(line.saturating_sub(3))
                            .take(5.min(line + 2))
                            .map(|(i, l)| (i + 1, l.to_string()))
                            .collect()
                    })
                    .unwrap_or_default(),
                None => Vec::new(),
            };
            serde_json::json!({
                "severity": if x.is_error() { "error" } else { "warning" },
                "location": x.location(),
                "file": x.file,
                "line": x.line,
                "col": x.col,
                "message": x.message,
                "hint": x.hint,
                "lines": lines,
            })
        })
        .collect();
    serde_json::json!({ "diagnostics": items }).to_string()
}

fn open_browser(url: &str) {
    let mut cmd = if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else if cfg!(windows) {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else {
        std::process::Command::new("xdg-open")
    };
    match cmd.arg(url).spawn() {
        Ok(mut child) => {
            std::thread::spawn(move || child.wait());
        }
        Err(e) => eprintln!("warning: cannot open a browser ({e}); open {url} yourself"),
    }
}

fn router(live: Arc<Live>, port: u16) -> Router {
    Router::new()
        .route(LIVE_PATH, get(live_js))
        .route(EVENTS_PATH, get(events))
        .fallback(files)
        .with_state(live)
        // Outside the routes: every request, the event stream and the script included.
        .layer(axum::middleware::from_fn_with_state(
            port,
            hosts::host_guard,
        ))
}

async fn live_js() -> Response {
    let mut r = LIVE_JS.into_response();
    set(
        &mut r,
        header::CONTENT_TYPE,
        "text/javascript; charset=utf-8",
    );
    set(&mut r, header::CACHE_CONTROL, "no-cache");
    r
}

async fn events(
    State(live): State<Arc<Live>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let rx = live.events.subscribe();
    let hello = serde_json::json!({
        "server": live.server,
        "version": live.version.load(Ordering::SeqCst),
    });
    let mut first = vec![Event::default().event("hello").data(hello.to_string())];
    if let Some(e) = live.error.read().expect("not poisoned").clone() {
        first.push(Event::default().event("build-error").data(e));
    }
    let rest = stream::unfold(rx, |mut rx| async move {
        let event = match rx.recv().await {
            Ok((name, data)) => Event::default().event(name).data(data),
            // Too far behind to know what changed: reload.
            Err(broadcast::error::RecvError::Lagged(_)) => Event::default()
                .event("reload")
                .data(r#"{"all":true,"changed":[],"removed":[]}"#),
            Err(broadcast::error::RecvError::Closed) => return None,
        };
        Some((Ok(event), rx))
    });
    Sse::new(stream::iter(first.into_iter().map(Ok)).chain(rest))
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

/// What a request path names in the output directory.
#[derive(Debug, PartialEq, Eq)]
pub enum Located {
    /// A file inside the directory (its real path).
    File(PathBuf),
    /// A directory asked for without its trailing `/`: redirect so relative URLs resolve.
    Redirect(String),
    NotFound,
    /// A path no file can have: `..`, encoded separators, backslashes, hidden names, bad escapes.
    Bad,
}

/// Maps a URL path (`/lt/lessons/x.html`, still percent-encoded) to a path under `root`, without
/// touching the file system. `None` for any path that could leave `root` or name a hidden file:
/// `.`/`..` and dot-names, `/`, `\`, `:`, NUL or control characters inside a segment (also when
/// percent-encoded), invalid escapes or UTF-8. Empty segments are skipped.
pub fn resolve_request_path(root: &Path, url_path: &str) -> Option<PathBuf> {
    let rest = url_path.strip_prefix('/')?;
    let mut path = root.to_path_buf();
    for seg in rest.split('/').filter(|s| !s.is_empty()) {
        let name = String::from_utf8(crate::resolve::paths::percent_decode_strict(seg)?).ok()?;
        let bad = |c: char| matches!(c, '/' | '\\' | ':') || c.is_control();
        if name.starts_with('.') || name.chars().any(bad) {
            return None;
        }
        path.push(name);
    }
    Some(path)
}

/// Finds the file a request path names: `index.html` for a directory, and only a regular file
/// whose real path (symbolic links followed) is inside the real `root`.
pub fn locate(root: &Path, url_path: &str) -> Located {
    let Some(mut path) = resolve_request_path(root, url_path) else {
        return Located::Bad;
    };
    if path.is_dir() {
        if !url_path.ends_with('/') {
            return Located::Redirect(format!("/{}/", url_path.trim_matches('/')));
        }
        path.push("index.html");
    } else if url_path.ends_with('/') {
        return Located::NotFound;
    }
    match (path.canonicalize(), root.canonicalize()) {
        (Ok(real), Ok(real_root)) if real.starts_with(&real_root) && real.is_file() => {
            Located::File(real)
        }
        _ => Located::NotFound,
    }
}

fn set(r: &mut Response, name: header::HeaderName, value: &'static str) {
    r.headers_mut()
        .insert(name, HeaderValue::from_static(value));
}

async fn files(State(live): State<Arc<Live>>, req: Request) -> Response {
    if req.method() != Method::GET && req.method() != Method::HEAD {
        let mut r = (StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD\n").into_response();
        set(&mut r, header::ALLOW, "GET, HEAD");
        return r;
    }
    let Some(dir) = live.dir.read().expect("not poisoned").clone() else {
        return html_response(
            StatusCode::SERVICE_UNAVAILABLE,
            "<!doctype html><title>paveldas</title><p>No build yet: see the terminal for errors.</p>"
                .to_string(),
        );
    };
    let url_path = req.uri().path().to_string();
    let early = {
        let overlay = live.overlay.read().expect("not poisoned");
        let mut rel = url_path.trim_start_matches('/').to_string();
        if rel.is_empty() || rel.ends_with('/') {
            rel.push_str("index.html");
        }
        overlay.get(&rel).map(|b| (rel, b.clone()))
    };
    if let Some((rel, bytes)) = early {
        let mut html = String::from_utf8_lossy(&bytes).into_owned();
        inject(&mut html, &live_script(&rel));
        let mut r = html_response(StatusCode::OK, html);
        set(&mut r, header::CACHE_CONTROL, "no-cache");
        return r;
    }
    let mut located = locate(&dir, &url_path);
    let mut url_path = url_path.as_str();
    let base = live.base_path.read().expect("not poisoned").clone();
    if let (Located::NotFound, Some(rest)) = (&located, below_base(&base, url_path)) {
        url_path = rest;
        located = match locate(&dir, rest) {
            Located::Redirect(to) => Located::Redirect(format!("{}{to}", &base[..base.len() - 1])),
            other => other,
        };
    }
    let mut r = match located {
        Located::File(file) if is_html(&file) => page(&dir, &file, StatusCode::OK, false),
        Located::File(file) => match ServeFile::new(&file).oneshot(req).await {
            Ok(r) => r.map(Body::new),
            Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, format!("{e}\n")).into_response(),
        },
        Located::Redirect(to) => {
            let mut r = StatusCode::TEMPORARY_REDIRECT.into_response();
            if let Ok(v) = HeaderValue::from_str(&to) {
                r.headers_mut().insert(header::LOCATION, v);
            }
            r
        }
        Located::NotFound => not_found(&dir, url_path),
        Located::Bad => (StatusCode::BAD_REQUEST, "bad request path\n").into_response(),
    };
    set(&mut r, header::CACHE_CONTROL, "no-cache");
    set(&mut r, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    r
}

/// The rest of `url_path` below the base URL's path `base` (`/paveldas/en/x.html` → `/en/x.html`);
/// `None` outside it or for a base URL at the host's root.
pub fn below_base<'a>(base: &str, url_path: &'a str) -> Option<&'a str> {
    let prefix = base.strip_suffix('/').filter(|p| !p.is_empty())?;
    url_path.strip_prefix(prefix).filter(|r| r.starts_with('/'))
}

fn is_html(p: &Path) -> bool {
    p.extension().is_some_and(|e| e == "html" || e == "htm")
}

/// The site's 404 page: the language's own for a path under a language directory.
fn not_found(dir: &Path, url_path: &str) -> Response {
    let first = url_path
        .trim_start_matches('/')
        .split('/')
        .next()
        .unwrap_or("");
    let candidates = [format!("/{first}/404.html"), "/404.html".to_string()];
    for c in candidates.iter().filter(|c| !c.starts_with("//")) {
        if let Located::File(file) = locate(dir, c) {
            return page(dir, &file, StatusCode::NOT_FOUND, true);
        }
    }
    let body = format!(
        "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>Not found</title>\
         <h1>Not found</h1><p>No file in the output for this address yet.</p>{}</html>",
        live_script("")
    );
    html_response(StatusCode::NOT_FOUND, body)
}

fn live_script(page: &str) -> String {
    let escaped = crate::resolve::html::escape(page);
    format!("<script src=\"{LIVE_PATH}\" data-page=\"{escaped}\"></script>")
}

/// A page of the site with the live-reload script; a 404 page also gets a `<base>` naming its own
/// location, so its relative links work at whatever address it answers.
fn page(dir: &Path, file: &Path, status: StatusCode, base: bool) -> Response {
    let Ok(mut html) = std::fs::read_to_string(file) else {
        return (StatusCode::NOT_FOUND, "not found\n").into_response();
    };
    let real_dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    let rel = file
        .strip_prefix(&real_dir)
        .unwrap_or(file)
        .to_string_lossy()
        .replace('\\', "/");
    inject(&mut html, &live_script(&rel));
    if base {
        if let Some(i) =
            find_ci(&html, "<head").and_then(|i| html[i..].find('>').map(|j| i + j + 1))
        {
            html.insert_str(i, &format!("<base href=\"/{rel}\">"));
        }
    }
    html_response(status, html)
}

fn html_response(status: StatusCode, body: String) -> Response {
    let mut r = (status, body).into_response();
    set(&mut r, header::CONTENT_TYPE, "text/html; charset=utf-8");
    r
}

/// Inserts `snippet` before the last `</body>` (or at the end).
fn inject(html: &mut String, snippet: &str) {
    let at = html
        .to_ascii_lowercase()
        .rfind("</body>")
        .unwrap_or(html.len());
    html.insert_str(at, snippet);
}

fn find_ci(haystack: &str, needle: &str) -> Option<usize> {
    haystack.to_ascii_lowercase().find(needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_paths_stay_inside_the_root() {
        let root = Path::new("/srv/site");
        let ok = |u: &str| resolve_request_path(root, u);
        assert_eq!(ok("/"), Some(root.to_path_buf()));
        assert_eq!(
            ok("/en/lessons/a.html"),
            Some(root.join("en/lessons/a.html"))
        );
        assert_eq!(
            ok("/lt/%C5%BEemelapis.svg"),
            Some(root.join("lt/žemelapis.svg"))
        );
        assert_eq!(ok("//en//index.html"), Some(root.join("en/index.html")));
        for bad in [
            "/../etc/passwd",
            "/en/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E/%2e%2e/etc/passwd",
            "/en/%2e%2e%2f%2e%2e%2fetc/passwd",
            "/..%2fetc%2fpasswd",
            "/..\\..\\etc\\passwd",
            "/%5c..%5cetc%5cpasswd",
            "/C:/Windows/win.ini",
            "/en/./index.html",
            "/.paveldas-output",
            "/a%00.html",
            "/a%zz",
            "/a%2",
            "/%ff.html",
            "relative/path",
            "",
        ] {
            assert_eq!(ok(bad), None, "{bad}");
        }
    }

    #[test]
    fn locate_serves_files_indexes_and_nothing_outside() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("public");
        std::fs::create_dir_all(root.join("en/lessons")).unwrap();
        std::fs::write(root.join("en/index.html"), "home").unwrap();
        std::fs::write(root.join("en/lessons/index.html"), "lessons").unwrap();
        std::fs::write(tmp.path().join("secret.txt"), "secret").unwrap();
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(tmp.path().join("secret.txt"), root.join("en/link.txt"))
                .unwrap();
            std::os::unix::fs::symlink("/etc", root.join("etc")).unwrap();
        }
        let real = root.canonicalize().unwrap();
        assert_eq!(
            locate(&root, "/en/"),
            Located::File(real.join("en/index.html"))
        );
        assert_eq!(locate(&root, "/en"), Located::Redirect("/en/".into()));
        assert_eq!(
            locate(&root, "/en/lessons"),
            Located::Redirect("/en/lessons/".into())
        );
        assert_eq!(locate(&root, "/en/index.html/"), Located::NotFound);
        assert_eq!(locate(&root, "/en/missing.html"), Located::NotFound);
        assert_eq!(locate(&root, "/en/link.txt"), Located::NotFound);
        assert_eq!(locate(&root, "/etc/passwd"), Located::NotFound);
        assert_eq!(locate(&root, "/../secret.txt"), Located::Bad);
    }

    #[test]
    fn addresses_below_the_base_path() {
        assert_eq!(
            below_base("/paveldas/", "/paveldas/en/x.html"),
            Some("/en/x.html")
        );
        assert_eq!(below_base("/paveldas/", "/paveldas/"), Some("/"));
        assert_eq!(below_base("/paveldas/", "/paveldas"), None);
        assert_eq!(below_base("/paveldas/", "/paveldasx/en/"), None);
        assert_eq!(below_base("/paveldas/", "/en/x.html"), None);
        assert_eq!(below_base("/", "/en/x.html"), None);
    }

    #[test]
    fn injection() {
        let mut h = "<html><BODY>x</BODY></html>".to_string();
        inject(&mut h, "<script></script>");
        assert_eq!(h, "<html><BODY>x<script></script></BODY></html>");
        let mut h = "no body".to_string();
        inject(&mut h, "!");
        assert_eq!(h, "no body!");
        assert!(live_script("a\"b").contains("data-page=\"a&quot;b\""));
    }
}
