//! Raw HTML in Markdown (`<a href>`, `<img src>`, `srcset`, `<video poster>`, ...): `build` and
//! `check` check its URLs as written (paveldas does not rewrite them), each at its file:line, and
//! `check --external` asks about every external URL a page shows, raw HTML and badge alignments
//! included.

use crate::helpers::*;
use serde_json::Value;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::Path;

const ALPHA: &str = "content/lessons/01-first/alpha.md";

fn append(root: &Path, rel: &str, text: &str) {
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(root.join(rel))
        .unwrap();
    f.write_all(text.as_bytes()).unwrap();
}

/// The line and column of the last `needle` in the file (the appended text is at its end); a
/// leading `"` in the needle is where the URL's quote is, and not counted in the column.
fn at(root: &Path, rel: &str, needle: &str) -> (usize, usize) {
    let text = read(&root.join(rel));
    let (i, line) = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains(needle))
        .last()
        .unwrap_or_else(|| panic!("{needle} in {rel}"));
    let quote = usize::from(needle.starts_with('"'));
    (
        i + 1,
        line[..line.rfind(needle).unwrap()].chars().count() + 1 + quote,
    )
}

fn line_of(root: &Path, rel: &str, needle: &str) -> usize {
    at(root, rel, needle).0
}

fn col_of(root: &Path, rel: &str, needle: &str) -> usize {
    at(root, rel, needle).1
}

/// `build` fails with every needle's diagnostic (a needle is a whole URL) at its file:line:col, never panics, and `check`
/// reports the same errors; returns `build`'s stderr and `check`'s JSON.
fn fails_in_build_and_check(root: &Path, needles: &[&str]) -> (String, Value) {
    let o = paveldas(root, &["build"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "build should fail:\n{err}");
    assert!(!err.contains("panicked"), "{err}");
    let (ok, v) = check_json(root, &[]);
    assert!(!ok, "check exits 1: {v:#}");
    for needle in needles {
        let (line, col) = at(root, ALPHA, needle);
        let needle = needle.trim_start_matches('"');
        assert!(
            err.contains(&format!("{ALPHA}:{line}:{col}: error: raw HTML")),
            "{needle} at {line}:{col} in:\n{err}"
        );
        let d = diagnostics_matching(&v, ALPHA, &format!("`{needle}`"));
        assert_eq!(d.len(), 1, "{needle}: {v:#}");
        assert_eq!(d[0]["severity"], "error");
        assert_eq!(
            (d[0]["line"].as_u64(), d[0]["col"].as_u64()),
            (Some(line as u64), Some(col as u64))
        );
        assert!(
            d[0]["hint"].as_str().is_some_and(|h| !h.is_empty()),
            "{d:?}"
        );
    }
    (err, v)
}

#[test]
fn broken_raw_links_and_images_fail_build_and_check_at_their_line() {
    let site = fixture("basic");
    let p = site.path();
    append(
        p,
        ALPHA,
        "\n<p>See <a href=\"nope.html\">nothing</a>.</p>\n\n<figure>\n  <img alt=\"x\"\n       src=\"x.png\">\n</figure>\n\
         \nInline <img src='missing-inline.svg'> and <video poster=poster.jpg></video>.\n\
         \n<picture><source srcset=\"map.svg 1x, missing-2x.svg 2x\"></picture>\n",
    );
    let (_, v) = fails_in_build_and_check(
        p,
        &[
            "nope.html",
            "x.png",
            "missing-inline.svg",
            "poster.jpg",
            "missing-2x.svg",
        ],
    );
    assert_eq!(v["errors"], 5, "map.svg exists: {v:#}");
    assert!(diagnostics_matching(&v, ALPHA, "nope.html")[0]["message"]
        .as_str()
        .unwrap()
        .contains("raw HTML `href` links to a missing page or file"));
}

#[test]
fn working_raw_links_pass_and_are_written_as_they_are() {
    let site = fixture("basic");
    let p = site.path();
    std::fs::write(p.join("content/lessons/02-second/sheet.pdf"), "%PDF-1.4\n").unwrap();
    append(
        p,
        "content/lessons/02-second/gamma.md",
        "\n<p><a href=\"sheet.pdf\">worksheet</a> <a href=\"../01-first/beta.html#activity\">beta</a>\n\
         <a href=\"../01-first/map.svg?v=1\">map</a> <a href=\"index.html\">unit</a> <a href=\"print.html\">print</a>\n\
         <img src=\"../../../img/diagram.svg\" alt=\"\"> <a href=\"#top\">top</a> <a href=\"mailto:a@example.org\">mail</a>\n\
         <a href=\"../../badges/explorer.html\">badge</a> <a href=\"../../../lt/lessons/02-second/gamma.html\">lt</a>\n\
         <!-- <a href=\"commented-out.html\"> --></p>\n",
    );
    let o = paveldas(p, &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("raw HTML"), "{}", stderr(&o));
    let (ok, v) = check_json(p, &[]);
    assert!(ok, "{v:#}");
    assert!(
        diagnostics_matching(&v, "content/lessons/02-second/sheet.pdf", "no page links").is_empty(),
        "a file linked from raw HTML is used: {v:#}"
    );
    // Written as it was, and every relative URL names a file of the output, as lychee sees it.
    for lang in ["en", "lt"] {
        let page = p
            .join("public")
            .join(lang)
            .join("lessons/02-second/gamma.html");
        let doc = html(&page);
        let hrefs = attrs(&doc, "main a[href], main img[src]", "href")
            .into_iter()
            .chain(attrs(&doc, "main img[src]", "src"));
        let mut seen = 0;
        for url in hrefs {
            if url.starts_with('#') || url.starts_with("mailto:") {
                continue;
            }
            let path = url.split(['#', '?']).next().unwrap();
            if url.contains("sheet.pdf")
                || url.contains("diagram.svg")
                || url.contains("print.html")
            {
                seen += 1;
            }
            let target = page.parent().unwrap().join(path);
            assert!(target.is_file(), "{lang}: {url} → {}", target.display());
        }
        assert_eq!(seen, 3, "{lang}: the raw URLs are in the page");
    }
    let text = read(&p.join("public/en/lessons/02-second/gamma.html"));
    assert!(text.contains("<a href=\"../01-first/beta.html#activity\">"));
}

#[test]
fn a_raw_link_to_a_markdown_source_asks_for_a_markdown_link() {
    let site = fixture("basic");
    let p = site.path();
    append(
        p,
        ALPHA,
        "\n<a href=\"beta.md#activity\">beta</a> and <a href=\"../02-second/nothing.md\">x</a>\n",
    );
    let (err, v) = fails_in_build_and_check(p, &["beta.md#activity", "../02-second/nothing.md"]);
    assert!(
        err.contains("links to the Markdown source `beta.md#activity`"),
        "{err}"
    );
    assert!(
        err.contains("write a Markdown link instead, `[text](beta.md#activity)`"),
        "{err}"
    );
    let d = diagnostics_matching(&v, ALPHA, "nothing.md");
    assert!(
        d[0]["message"].as_str().unwrap().contains("does not exist"),
        "{d:?}"
    );
    assert!(d[0]["hint"]
        .as_str()
        .unwrap()
        .contains("[text](../02-second/nothing.md)"));
}

#[test]
fn root_relative_and_directory_raw_urls_get_the_url_that_works() {
    let site = fixture("basic");
    let p = site.path();
    append(
        p,
        ALPHA,
        "\n<img src=\"/img/diagram.svg\" alt=\"\"> <a href=\"../02-second/\">unit</a> <img src=\"../../../static/img/diagram.svg\" alt=\"\">\n",
    );
    let (_, v) = fails_in_build_and_check(
        p,
        &[
            "\"/img/diagram.svg",
            "../02-second/",
            "../../../static/img/diagram.svg",
        ],
    );
    let hint = |needle: &str| {
        diagnostics_matching(&v, ALPHA, needle)[0]["hint"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert!(
        hint("`/img/diagram.svg`").contains("`../../../img/diagram.svg`"),
        "{v:#}"
    );
    assert!(
        hint("../02-second/").contains("`../02-second/index.html`"),
        "{v:#}"
    );
    // Written relative to the source, as a Markdown link: the URL relative to the page is named.
    assert!(
        hint("static/img").contains("write `../../../img/diagram.svg`"),
        "{v:#}"
    );
}

#[test]
fn raw_link_fragments_are_checked_like_markdown_ones() {
    let site = fixture("basic");
    let p = site.path();
    append(
        p,
        ALPHA,
        "\n<a href=\"beta.html#no-such-heading\">beta</a>\n",
    );
    let o = paveldas(p, &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let line = line_of(p, ALPHA, "no-such-heading");
    assert!(
        stderr(&o).contains(&format!("{ALPHA}:{line}:"))
            && stderr(&o).contains("warning: `#no-such-heading`"),
        "build warns: {}",
        stderr(&o)
    );
    let (ok, v) = check_json(p, &[]);
    assert!(!ok);
    let d = diagnostics_matching(&v, ALPHA, "#no-such-heading");
    assert_eq!(d.len(), 1, "{v:#}");
    assert_eq!(d[0]["line"], line as u64);
    assert!(d[0]["hint"].as_str().unwrap().contains("#activity"));
}

#[test]
fn external_urls_include_raw_html_and_badge_alignments() {
    let site = fixture("basic");
    let p = site.path();
    append(
        p,
        ALPHA,
        "\n<a href=\"https://example.org/raw?a=1&amp;b=2\">raw</a> [md](https://example.org/md)\n",
    );
    let badge = "content/badges/explorer.md";
    let text = read(&p.join(badge)).replacen(
        "    description: \"Land use\"",
        "    description: \"Land use\"\n  - name: \"Second\"\n    url: \"https://example.org/second\"",
        1,
    );
    std::fs::write(p.join(badge), text).unwrap();
    let (site_model, _) =
        paveldas::load_and_resolve(p, &Default::default()).expect("the site resolves");
    let uses = paveldas::check::external::collect_uses(&site_model);
    let at = |url: &str| -> Vec<(String, usize, usize)> {
        uses.get(url)
            .unwrap_or_else(|| panic!("{url} not collected: {:?}", uses.keys()))
            .iter()
            .map(|u| (u.file.to_string_lossy().into_owned(), u.line, u.col))
            .collect()
    };
    let raw = "https://example.org/raw?a=1&b=2";
    assert_eq!(
        at(raw),
        [(
            ALPHA.into(),
            line_of(p, ALPHA, "/raw?"),
            col_of(p, ALPHA, "https://example.org/raw")
        )]
    );
    assert_eq!(at("https://example.org/md").len(), 1);
    let criteria = "https://whc.unesco.org/en/criteria/";
    assert_eq!(
        at(criteria),
        [(
            badge.into(),
            line_of(p, badge, criteria),
            col_of(p, badge, criteria)
        )]
    );
    assert_eq!(
        at("https://example.org/second"),
        [(
            badge.into(),
            line_of(p, badge, "/second"),
            col_of(p, badge, "https://example.org/second")
        )]
    );
    let u = &uses[criteria][0];
    assert!(u
        .source
        .as_deref()
        .unwrap()
        .contains("url: https://whc.unesco.org"));
}

/// An HTTP server on 127.0.0.1 that answers 404 to everything.
fn not_found_server() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            loop {
                let mut h = String::new();
                if reader.read_line(&mut h).unwrap_or(0) == 0 || h == "\r\n" {
                    break;
                }
            }
            let _ = write!(
                stream,
                "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
        }
    });
    base
}

#[test]
fn check_external_reports_broken_raw_and_alignment_urls_at_their_lines() {
    let base = not_found_server();
    let site = fixture("basic");
    let p = site.path();
    append(
        p,
        ALPHA,
        &format!("\n<img src=\"{base}/raw.png\" alt=\"\">\n"),
    );
    let badge = "content/badges/explorer.md";
    let text = read(&p.join(badge)).replace(
        "https://whc.unesco.org/en/criteria/",
        &format!("{base}/criteria"),
    );
    std::fs::write(p.join(badge), text).unwrap();
    let (ok, v) = check_json(p, &["--external", "--no-cache", "--timeout", "5"]);
    assert!(!ok, "{v:#}");
    assert_eq!(v["external_links_checked"], 2, "{v:#}");
    let d = diagnostics_matching(&v, ALPHA, "/raw.png");
    assert_eq!(d.len(), 1, "{v:#}");
    assert!(d[0]["message"].as_str().unwrap().contains("HTTP 404"));
    assert_eq!(d[0]["line"], line_of(p, ALPHA, "/raw.png") as u64);
    let d = diagnostics_matching(&v, badge, "/criteria");
    assert_eq!(d.len(), 1, "{v:#}");
    assert_eq!(d[0]["line"], line_of(p, badge, "/criteria") as u64);
}
