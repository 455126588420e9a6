//! What a publisher's host and the search engines see: `base_url` validated and normalised (errors
//! at `--base-url` or at the `base_url:` line), `noindex` and no canonical link on search, print
//! and 404 pages (and none of them in the sitemap), `robots.txt` only where crawlers read it, and
//! a 404 page that works when a static host serves it for a missing address at any depth (served
//! here by a static host of a few lines, every URL of the answer fetched from it).

use crate::helpers::http::{broken_urls, get};
use crate::helpers::*;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};

/// The `basic` fixture with `line` appended to its site.yaml; returns the site and that line's
/// number.
fn with_yaml_line(line: &str) -> (tempfile::TempDir, usize) {
    let site = fixture("basic");
    let yaml = read(&site.path().join("site.yaml"));
    write(site.path(), "site.yaml", &format!("{yaml}{line}\n"));
    let n = yaml.lines().count() + 1;
    (site, n)
}

#[test]
fn a_bad_base_url_is_reported_at_the_option_or_the_line_that_gave_it() {
    let site = fixture("basic");
    for (url, says) in [
        (
            "https://example.org/?preview=1",
            "`https://example.org/?preview=1` has a query (`?preview=1`)",
        ),
        ("https://example.org/kit/#top", "has a fragment (`#top`)"),
        ("ftp://example.org/", "is not an http or https URL"),
        ("example.org/kit/", "is not an absolute URL"),
        (
            "https://me:secret@example.org/",
            "holds a user name or password",
        ),
    ] {
        let o = paveldas(site.path(), &["build", "--base-url", url]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{url}: {err}");
        let first = err.lines().next().unwrap();
        assert!(first.starts_with("--base-url: error: "), "{err}");
        assert!(first.contains(says), "{url}: {err}");
        assert!(err.contains("\n  = hint: "), "{err}");
        assert!(!err.contains("site.yaml"), "{err}");
        assert!(!site.path().join("public").exists());
    }

    // From site.yaml: at the `base_url:` line, with the line shown; `check` says the same.
    let bad = "base_url: https://example.org/kit/?preview=1";
    let (site, line) = with_yaml_line(bad);
    let err = build_fails(site.path());
    assert!(
        err.contains(&format!(
            "site.yaml:{line}: error: `https://example.org/kit/?preview=1` has a query"
        )),
        "{err}"
    );
    assert!(err.contains(&format!("{line} | {bad}")), "{err}");
    assert!(err.contains("hint: remove `?preview=1`"), "{err}");
    let (ok, report) = check_json(site.path(), &[]);
    assert!(!ok);
    let found = diagnostics_matching(&report, "site.yaml", "has a query");
    assert_eq!(found.len(), 1, "{report:#}");
    assert_eq!(found[0]["line"], line);

    // `--base-url` wins over site.yaml's (which is then not read).
    let out = build_ok(site.path(), &["--base-url", "https://example.org/"]);
    let doc = html(&out.join("en/index.html"));
    assert_eq!(
        attrs(&doc, "link[rel=canonical]", "href"),
        ["https://example.org/en/index.html"]
    );
}

#[test]
fn base_url_is_normalised_idn_host_to_punycode_path_encoded_and_slash_added() {
    let site = fixture("basic");
    let given = "https://Bücher.example/paveldas/kernavė";
    let out = build_ok(site.path(), &["--base-url", given]);
    let base = "https://xn--bcher-kva.example/paveldas/kernav%C4%97/";
    let doc = html(&out.join("en/lessons/01-first/alpha.html"));
    assert_eq!(
        attrs(&doc, "link[rel=canonical]", "href"),
        [format!("{base}en/lessons/01-first/alpha.html")]
    );
    let xml = read(&out.join("sitemap.xml"));
    let tree = roxmltree::Document::parse(&xml).expect("sitemap.xml parses");
    let locs: Vec<&str> = tree
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .collect();
    assert!(locs.len() >= 5, "{locs:?}");
    for loc in &locs {
        assert!(loc.starts_with(base) && loc.is_ascii(), "{loc}");
        let rel = loc.strip_prefix(base).unwrap();
        assert!(out.join(rel).is_file(), "{loc} is no page");
    }
    for link in tree.descendants().filter(|n| n.has_tag_name("link")) {
        let href = link.attribute("href").unwrap();
        assert!(href.starts_with(base) && href.is_ascii(), "{href}");
    }
    // The badge JSON ids too.
    let json = read(&out.join("en/badges/explorer.json"));
    assert!(
        json.contains(&format!("\"{base}en/badges/explorer.json\"")),
        "{json}"
    );
}

#[test]
fn search_print_and_404_pages_are_noindex_without_canonical_and_not_in_the_sitemap() {
    let site = fixture("basic");
    let base = "https://example.org/";
    let out = build_ok(site.path(), &["--base-url", base]);
    let xml = read(&out.join("sitemap.xml"));
    let mut noindex = 0;
    for file in html_files(&out) {
        let rel = file
            .strip_prefix(&out)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        let doc = html(&file);
        let robots = attrs(&doc, "meta[name=robots]", "content");
        let canonical = attrs(&doc, "link[rel=canonical]", "href");
        let listed = xml.contains(&format!("<loc>{base}{rel}</loc>"));
        if ["search.html", "print.html", "404.html"]
            .iter()
            .any(|n| rel.ends_with(n))
        {
            noindex += 1;
            assert_eq!(robots, ["noindex"], "{rel}");
            assert!(canonical.is_empty(), "{rel}: {canonical:?}");
            assert!(!listed, "{rel} is in the sitemap");
        } else {
            assert!(robots.is_empty(), "{rel}: {robots:?}");
        }
    }
    // Per language (en, lt): search, 404 and one print page per unit (two); the root 404.
    assert_eq!(noindex, 2 * 4 + 1);
    assert!(xml.contains(&format!("<loc>{base}en/lessons/01-first/alpha.html</loc>")));
}

#[test]
fn with_a_base_url_under_a_path_no_robots_txt_is_written_and_one_note_says_what_to_do() {
    let site = fixture("basic");
    let o = paveldas(
        site.path(),
        &["build", "--base-url", "https://example.org/paveldas/"],
    );
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    let out = site.path().join("public");
    assert!(out.join("sitemap.xml").is_file());
    assert!(!out.join("robots.txt").exists());
    let notes: Vec<&str> = err.lines().filter(|l| l.contains("robots.txt")).collect();
    assert_eq!(notes.len(), 2, "{err}"); // the note and its hint
    assert!(
        notes[0].starts_with("--base-url: note: no robots.txt is written: crawlers read it only at the host's root, `https://example.org/robots.txt`"),
        "{err}"
    );
    assert!(
        notes[1].contains("`Sitemap: https://example.org/paveldas/sitemap.xml`"),
        "{err}"
    );

    // From site.yaml: at its line. A site's own robots.txt is copied, and the note says it is
    // not read there.
    let (site, line) = with_yaml_line("base_url: https://example.org/paveldas/");
    write(
        site.path(),
        "static/robots.txt",
        "User-agent: *\nDisallow:\n",
    );
    let o = paveldas(site.path(), &["build"]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains(&format!("site.yaml:{line}: note: static/robots.txt is copied to `https://example.org/paveldas/robots.txt`, where crawlers do not read it")),
        "{err}"
    );
    assert!(site.path().join("public/robots.txt").is_file());

    // At a host's root: robots.txt, and no note.
    let site = fixture("basic");
    let o = paveldas(
        site.path(),
        &["build", "--base-url", "https://example.org/"],
    );
    assert!(o.status.success());
    assert!(!stderr(&o).contains("robots.txt"), "{}", stderr(&o));
    assert_eq!(
        read(&site.path().join("public/robots.txt")),
        "User-agent: *\nAllow: /\n\nSitemap: https://example.org/sitemap.xml\n"
    );
}

/// A static host in a few lines, as GitHub Pages or Netlify serve a site published at `prefix`:
/// the files under it (a directory's `index.html`), and for any missing address the `404.html` of
/// the language directory it names, else the root one, with status 404. Returns its port.
fn static_host(dir: PathBuf, prefix: &'static str) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let _ = answer(&dir, prefix, stream);
        }
    });
    port
}

fn answer(dir: &Path, prefix: &str, mut stream: TcpStream) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request = String::new();
    reader.read_line(&mut request)?;
    let mut header = String::new();
    while reader.read_line(&mut header)? > 2 {
        header.clear();
    }
    let target = request.split(' ').nth(1).unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("");
    let rel = path
        .strip_prefix(prefix)
        .map(paveldas::resolve::paths::percent_decode);
    let file = rel
        .as_deref()
        .filter(|r| !r.split('/').any(|s| s == ".."))
        .map(|r| {
            let f = dir.join(r);
            if f.is_dir() {
                f.join("index.html")
            } else {
                f
            }
        })
        .filter(|f| f.is_file());
    let (status, file) = match file {
        Some(f) => ("200 OK", f),
        None => {
            let lang = rel.as_deref().unwrap_or("").split('/').next().unwrap_or("");
            let own = dir.join(lang).join("404.html");
            let page = if !lang.is_empty() && own.is_file() {
                own
            } else {
                dir.join("404.html")
            };
            ("404 Not Found", page)
        }
    };
    let body = std::fs::read(file)?;
    write!(
        stream,
        "HTTP/1.0 {status}\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )?;
    stream.write_all(&body)
}

#[test]
fn the_404_page_works_when_a_static_host_serves_it_for_a_missing_deep_address() {
    let site = fixture("basic");
    let out = build_ok(
        site.path(),
        &["--base-url", "https://example.org/paveldas/"],
    );
    let port = static_host(out, "/paveldas/");
    for (asked, lang) in [
        ("/paveldas/en/no/such/page.html", "en"),
        ("/paveldas/lt/a/b/c/d/e.html", "lt"),
        ("/paveldas/no/such/deep/page.html", "en"),
        ("/paveldas/nothing.html", "en"),
    ] {
        let reply = get(port, asked);
        assert_eq!(reply.status, 404, "{asked}");
        let doc = reply.doc();
        assert_eq!(attrs(&doc, "html", "lang"), [lang], "{asked}");
        assert_eq!(attrs(&doc, "body", "class"), ["kind-404"], "{asked}");
        let (checked, broken) = broken_urls(port, asked, &reply);
        assert!(checked >= 9, "{asked}: only {checked} URLs");
        assert!(broken.is_empty(), "{asked}: broken {broken:?}");
        assert_eq!(
            attrs(&doc, "link[rel=stylesheet]", "href"),
            [
                "/paveldas/assets/style.css",
                "/paveldas/assets/highlight.css"
            ]
        );
    }

    // Without a base_url the 404 page stays relative (it works from file://, see `offline`), and
    // so it breaks when a host serves it at another depth: the check above has teeth.
    let site = fixture("basic");
    let out = build_ok(site.path(), &[]);
    let doc = html(&out.join("en/404.html"));
    assert_eq!(
        attrs(&doc, "link[rel=stylesheet]", "href"),
        ["../assets/style.css", "../assets/highlight.css"]
    );
    let port = static_host(out, "/paveldas/");
    let asked = "/paveldas/en/no/such/page.html";
    let (_, broken) = broken_urls(port, asked, &get(port, asked));
    assert!(
        broken.contains(&"../assets/style.css".to_string()),
        "{broken:?}"
    );
}

#[test]
fn the_dev_server_answers_below_the_base_path_as_the_host_does() {
    let (site, _) = with_yaml_line("base_url: https://example.org/paveldas/");
    let serve = start_serve(site.path());
    let port = serve.port;
    assert_eq!(get(port, "/en/index.html").status, 200);
    assert_eq!(get(port, "/paveldas/en/index.html").status, 200);
    let redirect = get(port, "/paveldas/en");
    assert_eq!(redirect.status, 307);
    assert_eq!(
        redirect.header("location").as_deref(),
        Some("/paveldas/en/")
    );
    let asked = "/paveldas/lt/no/such/page.html";
    let reply = get(port, asked);
    assert_eq!(reply.status, 404);
    assert_eq!(attrs(&reply.doc(), "html", "lang"), ["lt"]);
    let (checked, broken) = broken_urls(port, asked, &reply);
    assert!(checked >= 9, "only {checked} URLs");
    assert!(broken.is_empty(), "broken {broken:?}");
}
