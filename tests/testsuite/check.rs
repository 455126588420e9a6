//! `paveldas check`: passes on the shipped site, finds every defect of a broken site (each with its
//! file and line), writes no output, and with `--external` asks a local HTTP server about links.

use crate::helpers::*;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

fn line_of(path: &Path, needle: &str) -> u64 {
    read(path)
        .lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle} in {}", path.display())) as u64
        + 1
}

fn append(path: &Path, text: &str) {
    let mut f = std::fs::OpenOptions::new().append(true).open(path).unwrap();
    f.write_all(text.as_bytes()).unwrap();
}

#[test]
fn the_shipped_site_passes() {
    let site = shipped();
    let (ok, v) = check_json(site.path(), &[]);
    assert!(ok, "{v:#}");
    assert_eq!(v["ok"], true);
    assert_eq!(v["errors"], 0, "{v:#}");
    assert!(v["pages"].as_u64().unwrap() > 100);
    assert!(
        !site.path().join("public").exists(),
        "check writes no output"
    );
    let o = paveldas(site.path(), &["check"]);
    assert!(o.status.success());
    assert!(stderr(&o).contains("check passed"), "{}", stderr(&o));
}

/// The basic fixture with one defect of each kind.
fn broken_site() -> tempfile::TempDir {
    let site = fixture("basic");
    let p = site.path();
    let lessons = p.join("content/lessons/01-first");
    append(
        &lessons.join("alpha.md"),
        "\nSee [the missing part](beta.md#no-such-heading).\n",
    );
    append(
        &lessons.join("beta.md"),
        "\n![Worksheet](missing-worksheet.svg)\n",
    );
    std::fs::write(p.join("content/lessons/02-second/unused.svg"), "<svg/>").unwrap();
    let home = p.join("themes/default/templates/home.html");
    let text = read(&home).replacen(
        "{% block main %}",
        "{% block main %}\n<p>{{ t(id=\"no-such-message\") }}</p>",
        1,
    );
    std::fs::write(&home, text).unwrap();
    append(&p.join("locales/lt/main.ftl"), "\nbroken-message = { $\n");
    let badge = p.join("content/badges/explorer.md");
    let text = read(&badge).replacen("tags:", "image: no-such-badge.png\ntags:", 1);
    std::fs::write(&badge, text).unwrap();
    site
}

#[test]
fn finds_every_defect_of_a_broken_site_with_its_line() {
    let site = broken_site();
    let p = site.path();
    let (ok, v) = check_json(p, &[]);
    assert!(!ok, "exit status 1");
    assert_eq!(v["ok"], false);

    let alpha = "content/lessons/01-first/alpha.md";
    let d = diagnostics_matching(&v, alpha, "#no-such-heading");
    assert_eq!(d.len(), 1, "bad anchor: {v:#}");
    assert_eq!(d[0]["severity"], "error");
    assert_eq!(d[0]["line"], line_of(&p.join(alpha), "no-such-heading"));
    assert!(d[0]["hint"].as_str().unwrap().contains("#activity"));

    let beta = "content/lessons/01-first/beta.md";
    let d = diagnostics_matching(&v, beta, "missing-worksheet.svg");
    assert_eq!(d.len(), 1, "missing image: {v:#}");
    assert_eq!(d[0]["severity"], "error");
    assert_eq!(d[0]["line"], line_of(&p.join(beta), "missing-worksheet"));

    let home = "themes/default/templates/home.html";
    let d = diagnostics_matching(&v, home, "no-such-message");
    assert_eq!(d.len(), 1, "unknown message id, reported once: {v:#}");
    assert_eq!(d[0]["severity"], "error");
    assert_eq!(
        d[0]["line"],
        line_of(&p.join(home), "no-such-message"),
        "{v:#}"
    );

    let d = diagnostics_matching(&v, "locales/lt/main.ftl", "Fluent");
    assert!(!d.is_empty(), "Fluent syntax error: {v:#}");
    assert_eq!(d[0]["severity"], "error");
    assert_eq!(
        d[0]["line"],
        line_of(&p.join("locales/lt/main.ftl"), "broken-message")
    );

    let d = diagnostics_matching(&v, "content/badges/explorer.md", "no-such-badge.png");
    assert_eq!(d.len(), 1, "missing badge image: {v:#}");
    assert_eq!(
        d[0]["line"],
        line_of(&p.join("content/badges/explorer.md"), "image:")
    );

    let d = diagnostics_matching(&v, "content/lessons/02-second/unused.svg", "no page links");
    assert_eq!(d.len(), 1, "unreferenced file: {v:#}");
    assert_eq!(d[0]["severity"], "warning");
    assert!(
        diagnostics_matching(&v, "content/lessons/01-first/map.svg", "").is_empty(),
        "a used file is fine"
    );
    assert_eq!(v["errors"], 5, "{v:#}");
    assert!(!p.join("public").exists(), "check writes no output");

    // Text output: like a compiler, sorted by file.
    let o = paveldas(p, &["check"]);
    assert!(!o.status.success());
    let err = stderr(&o);
    let at = |needle: &str| {
        err.find(needle)
            .unwrap_or_else(|| panic!("{needle} in:\n{err}"))
    };
    let a = at(&format!(
        "{alpha}:{}:",
        line_of(&p.join(alpha), "no-such-heading")
    ));
    let b = at(&format!("{beta}:"));
    let t = at(&format!("{home}:"));
    assert!(a < b && b < t, "grouped by file in order:\n{err}");
    assert!(err.contains("error: `#no-such-heading` names no heading"));
    assert!(
        err.contains("check failed: 5 errors and 1 warning"),
        "{err}"
    );
}

#[test]
fn build_still_builds_with_a_bad_anchor_but_check_fails() {
    let site = fixture("basic");
    append(
        &site.path().join("content/lessons/01-first/alpha.md"),
        "\n[x](beta.md#nowhere)\n",
    );
    let o = paveldas(site.path(), &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("warning: `#nowhere`"));
    let (ok, _) = check_json(site.path(), &[]);
    assert!(!ok);
}

/// A tiny HTTP server on 127.0.0.1 answering 200 on `/ok`, 405 to HEAD and 200 to GET on
/// `/get-only`, and 404 on anything else; counts requests per path.
fn serve() -> (String, Arc<[AtomicUsize; 3]>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let counts: Arc<[AtomicUsize; 3]> = Arc::new(Default::default());
    let c = counts.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut line = String::new();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            if reader.read_line(&mut line).is_err() {
                continue;
            }
            loop {
                let mut h = String::new();
                if reader.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" {
                    break;
                }
            }
            let mut parts = line.split_whitespace();
            let method = parts.next().unwrap_or("");
            let path = parts.next().unwrap_or("");
            let (status, i) = match (method, path) {
                (_, "/ok") => ("200 OK", 0),
                ("HEAD", "/get-only") => ("405 Method Not Allowed", 1),
                (_, "/get-only") => ("200 OK", 1),
                _ => ("404 Not Found", 2),
            };
            c[i].fetch_add(1, Ordering::SeqCst);
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
        }
    });
    (base, counts)
}

#[test]
fn external_links_are_checked_against_a_local_server_and_cached() {
    let (base, counts) = serve();
    let site = fixture("basic");
    let p = site.path();
    // Badge alignment URLs are checked too: this one is kept off the network.
    let badge = p.join("content/badges/explorer.md");
    let text = read(&badge).replace("https://whc.unesco.org/en/criteria/", &format!("{base}/ok"));
    std::fs::write(&badge, text).unwrap();
    let gamma = p.join("content/lessons/02-second/gamma.md");
    append(
        &gamma,
        &format!(
            "\n[fine]({base}/ok) and [picky]({base}/get-only)\n\n[gone]({base}/gone) and [fine again]({base}/ok)\n"
        ),
    );
    // Without --external nothing is requested.
    let (ok, _) = check_json(p, &[]);
    assert!(ok);
    assert_eq!(counts[0].load(Ordering::SeqCst), 0);

    let (ok, v) = check_json(p, &["--external", "--timeout", "5"]);
    assert!(!ok, "a 404 fails the check");
    let file = "content/lessons/02-second/gamma.md";
    let d = diagnostics_matching(&v, file, "/gone");
    assert_eq!(d.len(), 1, "{v:#}");
    assert!(d[0]["message"].as_str().unwrap().contains("HTTP 404"));
    assert_eq!(d[0]["line"], line_of(&gamma, "/gone"));
    assert!(diagnostics_matching(&v, file, "/ok").is_empty(), "{v:#}");
    assert!(
        diagnostics_matching(&v, file, "/get-only").is_empty(),
        "GET after a refused HEAD: {v:#}"
    );
    assert_eq!(v["external_links_checked"], 3, "distinct URLs");
    assert_eq!(counts[0].load(Ordering::SeqCst), 1, "each URL asked once");
    assert!(p.join(".paveldas/external-links.json").is_file());

    // Working links are cached; the broken one is asked again.
    let gone_before = counts[2].load(Ordering::SeqCst);
    let (ok, _) = check_json(p, &["--external"]);
    assert!(!ok);
    assert_eq!(counts[0].load(Ordering::SeqCst), 1, "cached");
    assert!(counts[2].load(Ordering::SeqCst) > gone_before);
    // --no-cache asks again.
    let _ = check_json(p, &["--external", "--no-cache"]);
    assert_eq!(counts[0].load(Ordering::SeqCst), 2);
}
