//! `paveldas serve`, run as the real binary on a free port in a copy of a fixture site: pages over
//! HTTP with the live-reload script, real file edits arriving as reload events on the SSE stream,
//! build errors shown and cleared, and no way to read a file outside the output directory.

use crate::helpers::http::*;
use crate::helpers::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// A running `paveldas serve` on a copy of a fixture site, killed before the copy is removed.
struct Server {
    _serve: DevServer,
    port: u16,
    site: tempfile::TempDir,
}

fn start(site: tempfile::TempDir) -> Server {
    let serve = start_serve(site.path());
    Server {
        port: serve.port,
        _serve: serve,
        site,
    }
}

/// A reader of the server's event stream.
struct Events(BufReader<TcpStream>);

impl Events {
    fn open(port: u16) -> Events {
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        write!(
            s,
            "GET /__paveldas/events HTTP/1.0\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        let mut r = BufReader::new(s);
        let mut line = String::new();
        loop {
            line.clear();
            r.get_mut().set_read_timeout(Some(WAIT)).unwrap();
            r.read_line(&mut line).unwrap();
            if line == "\r\n" || line.is_empty() {
                break;
            }
            if line.starts_with("HTTP/") {
                assert!(line.contains(" 200 "), "{line}");
            }
        }
        Events(r)
    }

    /// The next event (name, data), waiting at most until `deadline`.
    fn next(&mut self, deadline: Instant) -> Option<(String, String)> {
        let (mut name, mut data) = (String::new(), String::new());
        let mut line = String::new();
        loop {
            let left = deadline.checked_duration_since(Instant::now())?;
            self.0
                .get_mut()
                .set_read_timeout(Some(left.max(Duration::from_millis(1))))
                .unwrap();
            line.clear();
            match self.0.read_line(&mut line) {
                Ok(0) | Err(_) => return None,
                Ok(_) => {}
            }
            let l = line.trim_end_matches(['\r', '\n']);
            if l.is_empty() {
                if !name.is_empty() || !data.is_empty() {
                    return Some((name, data));
                }
            } else if let Some(v) = l.strip_prefix("event:") {
                name = v.trim().to_string();
            } else if let Some(v) = l.strip_prefix("data:") {
                data.push_str(v.trim_start());
            }
        }
    }

    /// Waits for the next event called `name` (others are skipped) and returns its JSON data.
    fn wait_for(&mut self, name: &str) -> serde_json::Value {
        let deadline = Instant::now() + WAIT;
        loop {
            match self.next(deadline) {
                Some((n, data)) if n == name => return serde_json::from_str(&data).unwrap(),
                Some(_) => {}
                None => panic!("no `{name}` event within {WAIT:?}"),
            }
        }
    }
}

fn changed(event: &serde_json::Value) -> Vec<String> {
    event["changed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

const ALPHA: &str = "content/lessons/01-first/alpha.md";
const ALPHA_PAGE: &str = "/en/lessons/01-first/alpha.html";

#[test]
fn serves_pages_with_the_live_script_and_reloads_after_an_edit() {
    let s = start(fixture("basic"));
    let page = get(s.port, ALPHA_PAGE);
    assert_eq!(page.status, 200);
    assert_eq!(
        page.header("content-type").as_deref(),
        Some("text/html; charset=utf-8")
    );
    let scripts = attrs(
        &page.doc(),
        "script[src=\"/__paveldas/live.js\"]",
        "data-page",
    );
    assert_eq!(scripts, ["en/lessons/01-first/alpha.html"]);
    let on_disk = read(&s.site.path().join("public/en/lessons/01-first/alpha.html"));
    assert!(!on_disk.contains("__paveldas"), "built files stay clean");
    let js = get(s.port, "/__paveldas/live.js");
    assert_eq!(js.status, 200);
    assert!(js
        .header("content-type")
        .unwrap()
        .starts_with("text/javascript"));

    // Directories, content types, the site's 404 page.
    let index = get(s.port, "/en/");
    assert_eq!(index.status, 200);
    assert_eq!(texts(&index.doc(), "html").len(), 1);
    let redirect = get(s.port, "/en/lessons");
    assert_eq!(redirect.status, 307);
    assert_eq!(redirect.header("location").as_deref(), Some("/en/lessons/"));
    for (path, ty) in [
        ("/assets/style.css", "text/css"),
        ("/img/diagram.svg", "image/svg+xml"),
        ("/en/lessons/01-first/map.svg", "image/svg+xml"),
    ] {
        let r = get(s.port, path);
        assert_eq!(r.status, 200, "{path}");
        assert!(r.header("content-type").unwrap().starts_with(ty), "{path}");
    }
    let missing = get(s.port, "/lt/lessons/nothing-here.html");
    assert_eq!(missing.status, 404);
    let missing = missing.doc();
    assert_eq!(attrs(&missing, "html", "lang"), ["lt"]);
    assert_eq!(attrs(&missing, "base", "href"), ["/lt/404.html"]);

    // An edit: the reload event names the page, and the page shows the new text.
    let mut events = Events::open(s.port);
    events.wait_for("hello");
    edit(s.site.path(), ALPHA, "Some text.", "Freshly *edited* text.");
    let reload = events.wait_for("reload");
    assert!(changed(&reload).contains(&"en/lessons/01-first/alpha.html".to_string()));
    let page = get(s.port, ALPHA_PAGE);
    assert!(texts(&page.doc(), "em").contains(&"edited".to_string()));
}

#[test]
fn a_burst_of_edits_is_one_rebuild_and_css_is_swapped_alone() {
    let s = start(fixture("basic"));
    let mut events = Events::open(s.port);
    events.wait_for("hello");
    let root = s.site.path();
    edit(root, ALPHA, "Some text.", "Burst one.");
    edit(
        root,
        "content/lessons/01-first/beta.md",
        "Beta body.",
        "Burst two.",
    );
    edit(
        root,
        "content/lessons/02-second/gamma.md",
        "Back to",
        "Return to",
    );
    // One rebuild: its first event (the edited pages) names all three.
    let got = changed(&events.wait_for("reload"));
    for p in ["alpha", "beta"] {
        let page = format!("en/lessons/01-first/{p}.html");
        assert!(got.contains(&page), "{got:?}");
    }
    assert!(
        got.contains(&"en/lessons/02-second/gamma.html".to_string()),
        "{got:?}"
    );
    // Its second pass (print pages, search index) comes before the next edit.
    let mut rest = Vec::new();
    while !rest.contains(&"en/lessons/02-second/print.html".to_string()) {
        rest.extend(changed(&events.wait_for("reload")));
    }

    let css = root.join("themes/default/static/assets/style.css");
    std::fs::write(&css, read(&css) + "\n.added { color: red }\n").unwrap();
    assert_eq!(changed(&events.wait_for("reload")), ["assets/style.css"]);
    assert!(get(s.port, "/assets/style.css").body.contains(".added"));
}

#[test]
fn a_build_error_shows_in_the_page_and_clears_on_the_next_good_save() {
    let s = start(fixture("basic"));
    let root = s.site.path();
    let mut events = Events::open(s.port);
    events.wait_for("hello");
    edit(root, ALPHA, "order: 1\n", "order: [1\n");
    let err = events.wait_for("build-error");
    let d = &err["diagnostics"][0];
    let location = d["location"].as_str().unwrap();
    assert!(
        location.starts_with("content/lessons/01-first/alpha.md:"),
        "{location}"
    );
    assert!(d["line"].as_u64().is_some() && d["col"].as_u64().is_some());
    assert!(!d["message"].as_str().unwrap().is_empty());
    assert!(d["hint"].as_str().is_some());
    let lines: Vec<String> = d["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l[1].as_str().unwrap().to_string())
        .collect();
    assert!(lines.contains(&"order: [1".to_string()), "{lines:?}");

    // The last good site is still served, and a newly opened tab learns about the error too.
    let page = get(s.port, ALPHA_PAGE);
    assert_eq!(page.status, 200);
    assert_eq!(
        texts(&page.doc(), "h1"),
        ["Alpha: the Curonian Spit"],
        "last good page"
    );
    let mut late = Events::open(s.port);
    late.wait_for("hello");
    late.wait_for("build-error");

    edit(root, ALPHA, "order: [1\n", "order: 1\n");
    edit(
        root,
        ALPHA,
        "title: \"Alpha: the Curonian Spit\"",
        "title: Alpha fixed",
    );
    events.wait_for("build-ok");
    assert!(
        changed(&events.wait_for("reload")).contains(&"en/lessons/01-first/alpha.html".to_string())
    );
    assert_eq!(texts(&get(s.port, ALPHA_PAGE).doc(), "h1"), ["Alpha fixed"]);
}

#[test]
fn no_request_reads_outside_the_output_directory() {
    let s = start(fixture("basic"));
    let root = s.site.path();
    let public = root.join("public");
    // Symbolic links inside the output pointing out of it.
    std::os::unix::fs::symlink(root.join("site.yaml"), public.join("config.txt")).unwrap();
    std::os::unix::fs::symlink("/etc", public.join("etc")).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", public.join("en/passwd.txt")).unwrap();
    std::os::unix::fs::symlink(root, public.join("site")).unwrap();
    let secret = read(&root.join("site.yaml"));
    for target in [
        "/../site.yaml",
        "/en/../../site.yaml",
        "/en/lessons/../../../site.yaml",
        "/%2e%2e/site.yaml",
        "/%2E%2E/%2e%2e/etc/passwd",
        "/..%2fsite.yaml",
        "/en/%2e%2e%2f%2e%2e%2fsite.yaml",
        "/..\\site.yaml",
        "/en\\..\\..\\site.yaml",
        "/%5c..%5csite.yaml",
        "/..%5c..%5cetc%5cpasswd",
        "//etc/passwd",
        "/etc/passwd",
        "/C:/Windows/win.ini",
        "/config.txt",
        "/en/passwd.txt",
        "/site/site.yaml",
        "/site/content/lessons/01-first/alpha.md",
        "/.paveldas-output",
        "/%00/etc/passwd",
        "http://127.0.0.1/../site.yaml",
        "../site.yaml",
        "/..",
    ] {
        let r = get(s.port, target);
        assert!(
            r.status == 400 || r.status == 404,
            "{target}: status {}",
            r.status
        );
        assert!(!r.body.contains("root:"), "{target} leaked /etc/passwd");
        assert!(!r.body.contains(secret.trim()), "{target} leaked site.yaml");
        assert!(
            !r.body.contains("unit: 01-first"),
            "{target} leaked a source"
        );
    }
}

#[test]
fn only_its_own_host_names_are_answered() {
    let s = start(fixture("basic"));
    let port = s.port;
    let ask = |target: &str, host: Option<&str>| {
        let host = host.map(|h| format!("Host: {h}\r\n")).unwrap_or_default();
        raw(
            port,
            &format!("GET {target} HTTP/1.1\r\n{host}Connection: close\r\n\r\n"),
        )
    };
    for target in [
        ALPHA_PAGE,
        "/__paveldas/live.js",
        "/__paveldas/events",
        "/nothing",
    ] {
        for host in ["evil.example", "localhost.evil.example", "127.0.0.1.nip.io"] {
            let r = ask(target, Some(host));
            assert_eq!(r.status, 403, "{target} for {host}");
            assert!(r.body.contains(&format!("`{host}`")), "{}", r.body);
            assert!(
                r.body.contains(&format!("http://127.0.0.1:{port}/"))
                    && r.body.contains(&format!("http://localhost:{port}/")),
                "{}",
                r.body
            );
            assert!(
                !r.body.contains("Alpha"),
                "{target} for {host} leaked the page"
            );
        }
    }
    // HTTP/1.0 without a Host header, and an absolute target naming another host.
    let r = raw(port, &format!("GET {ALPHA_PAGE} HTTP/1.0\r\n\r\n"));
    assert_eq!(r.status, 403, "{}", r.body);
    assert!(r.body.contains("without a Host header"), "{}", r.body);
    let r = ask(
        &format!("http://evil.example{ALPHA_PAGE}"),
        Some(&format!("localhost:{port}")),
    );
    assert_eq!(r.status, 403, "{}", r.body);
    for host in [
        format!("localhost:{port}"),
        format!("LOCALHOST.:{port}"),
        format!("site.localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
    ] {
        let r = ask(ALPHA_PAGE, Some(&host));
        assert_eq!(r.status, 200, "{host}");
        assert!(r.body.contains("Alpha"), "{host}");
    }
    let js = ask("/__paveldas/live.js", Some(&format!("localhost:{port}")));
    assert_eq!(js.status, 200);
}

#[test]
fn a_busy_port_is_a_clear_error() {
    let site = fixture("basic");
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let mut child = Command::new(env!("CARGO_BIN_EXE_paveldas"))
        .args(["serve", "--port", &port, "--root"])
        .arg(site.path())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + WAIT;
    let status = loop {
        if let Some(st) = child.try_wait().unwrap() {
            break Some(st);
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let status = status.expect("serve on a busy port exits");
    assert!(!status.success());
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert!(
        err.contains(&format!("port {port} on 127.0.0.1 is already in use")),
        "{err}"
    );
    assert!(err.contains("--port 0"), "{err}");
}

#[test]
fn in_a_real_browser_pages_reload_in_place_css_swaps_and_errors_overlay() {
    let Some((chromium, pw)) = browser::chromium_and_playwright() else {
        return;
    };
    let _one = browser::one_at_a_time();
    let s = start(fixture("basic"));
    let root = s.site.path();
    let log = tempfile::NamedTempFile::new().unwrap();
    let mut node = Killed(
        Command::new("node")
            .arg(repo().join("tests/serve_browser.cjs"))
            .arg(format!("http://127.0.0.1:{}{ALPHA_PAGE}", s.port))
            .arg(&chromium)
            .env("PLAYWRIGHT_CORE", &pw)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(log.reopen().unwrap())
            .spawn()
            .expect("run node"),
    );
    let stdout = node.0.stdout.take().unwrap();
    let mut stdin = node.0.stdin.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let css = "themes/default/static/assets/style.css";
    loop {
        let line = rx
            .recv_timeout(Duration::from_secs(90))
            .unwrap_or_else(|_| panic!("the browser script stalled: {}", read(log.path())));
        match line.as_str() {
            "READY body" => {
                edit(root, ALPHA, "Some text.", "Freshly edited text.");
            }
            "READY css" => {
                let p = root.join(css);
                std::fs::write(
                    &p,
                    read(&p) + "\nbody { outline: 3px solid rgb(1, 2, 3) }\n",
                )
                .unwrap();
            }
            "READY break" => {
                edit(root, ALPHA, "order: 1\n", "order: [1\n");
            }
            "READY fix" => {
                edit(root, ALPHA, "order: [1\n", "order: 1\n");
            }
            "OK" => break,
            other => panic!("{other}\n{}", read(log.path())),
        }
        writeln!(stdin, "saved").unwrap();
    }
}
