//! The README's Deployment section against what it describes: the GitHub Pages workflow file uses
//! the actions and settings the README names and publishes the default output folder, and the
//! nginx snippet, run by a real nginx (one process, on a free loopback port) over the shipped site
//! built with a base_url, answers a missing address under each language with that language's
//! 404 page and any other with the root one, whose every style, script and link loads at any depth.

use crate::helpers::http::{broken_urls, get};
use crate::helpers::*;
use std::io::Read;
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn readme() -> String {
    read(&repo().join("README.md"))
}

#[test]
fn the_github_pages_workflow_is_what_the_readme_says() {
    let text = read(&repo().join("docs/deploy/github-pages.yml"));
    let yaml: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    let perms = &yaml["permissions"];
    assert_eq!(perms["pages"].as_str(), Some("write"));
    assert_eq!(perms["id-token"].as_str(), Some("write"));

    let steps: Vec<&serde_yaml::Value> = yaml["jobs"]
        .as_mapping()
        .unwrap()
        .values()
        .flat_map(|job| job["steps"].as_sequence().unwrap())
        .collect();
    let uses: Vec<&str> = steps.iter().filter_map(|s| s["uses"].as_str()).collect();
    let readme = readme();
    for action in [
        "actions/configure-pages@v5",
        "actions/upload-pages-artifact@v5",
        "actions/deploy-pages@v5",
    ] {
        assert!(uses.contains(&action), "{action} not in {uses:?}");
        assert!(
            readme.contains(&format!("`{action}`")),
            "README does not name {action}"
        );
    }
    let upload = steps
        .iter()
        .find(|s| s["uses"].as_str() == Some("actions/upload-pages-artifact@v5"))
        .unwrap();
    // What it uploads is what `build` writes by default, dot files included.
    assert_eq!(upload["with"]["path"].as_str(), Some("public"));
    assert_eq!(upload["with"]["include-hidden-files"].as_bool(), Some(true));
    let default_output = paveldas::config::Config::parse(
        &repo(),
        std::path::Path::new("site.yaml"),
        "title: T\ndefault_language: en\nlanguages: [en]\n",
        &Default::default(),
    )
    .unwrap()
    .output_given;
    assert_eq!(default_output, std::path::Path::new("public"));

    let scripts: String = steps
        .iter()
        .filter_map(|s| s["run"].as_str())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(scripts.contains("paveldas check\n"), "{scripts}");
    assert!(
        scripts.contains("paveldas build --base-url \"$BASE_URL/\""),
        "{scripts}"
    );
    assert!(
        scripts.contains("rm -f public/.paveldas-output"),
        "{scripts}"
    );
}

/// The README's ```nginx block.
fn nginx_snippet() -> String {
    let readme = readme();
    let start = readme.find("```nginx\n").expect("an nginx block") + "```nginx\n".len();
    let len = readme[start..].find("```").unwrap();
    readme[start..start + len].to_string()
}

#[test]
fn nginx_serves_each_language_its_own_404() {
    let Some(nginx) = on_path("nginx").or_else(|| {
        let p = std::path::PathBuf::from("/usr/sbin/nginx");
        p.is_file().then_some(p)
    }) else {
        missing::<()>("no nginx (apt-get install nginx-light)");
        return;
    };
    let site = shipped_published();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let snippet = nginx_snippet();
    assert!(snippet.contains("    listen 80;") && snippet.contains("    root /srv/heritage;"));
    let server = snippet
        .replace("    listen 80;", &format!("    listen 127.0.0.1:{port};"))
        .replace(
            "    root /srv/heritage;",
            &format!("    root {};", site.display()),
        );
    let tmp = tempfile::tempdir().unwrap();
    let t = tmp.path().display();
    let conf = format!(
        "daemon off;\nmaster_process off;\npid {t}/nginx.pid;\nerror_log {t}/error.log;\n\
         events {{}}\nhttp {{\n  access_log off;\n  types {{ text/html html; text/css css; \
         application/javascript js; image/svg+xml svg; }}\n  client_body_temp_path {t}/b;\n  \
         proxy_temp_path {t}/p;\n  fastcgi_temp_path {t}/f;\n  uwsgi_temp_path {t}/u;\n  \
         scgi_temp_path {t}/s;\n{server}}}\n"
    );
    let conf_path = tmp.path().join("nginx.conf");
    std::fs::write(&conf_path, conf).unwrap();
    let child = Command::new(&nginx)
        .arg("-p")
        .arg(tmp.path())
        .arg("-e")
        .arg(tmp.path().join("error.log"))
        .arg("-c")
        .arg(&conf_path)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut nginx = Killed(child);
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        if let Some(status) = nginx.0.try_wait().unwrap() {
            let mut err = String::new();
            nginx
                .0
                .stderr
                .take()
                .unwrap()
                .read_to_string(&mut err)
                .unwrap();
            panic!("nginx exited ({status}): {err}");
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "nginx did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }

    let lang_of = |body: &str| {
        attrs(&scraper::Html::parse_document(body), "html", "lang")
            .pop()
            .unwrap_or_default()
    };
    let root_404 = read(&site.join("404.html"));
    for (path, lang) in [
        ("/gone.html", "root"),
        ("/.paveldas-output", "root"),
        ("/en/gone.html", "en"),
        ("/lt/lessons/06-lithuania/gone.html", "lt"),
        ("/fr/badges/gone", "fr"),
        ("/ar/gone/", "ar"),
    ] {
        let reply = get(port, path);
        let (status, body) = (reply.status, reply.body.clone());
        assert_eq!(status, 404, "{path}");
        // Its styles, scripts and links start at the base URL's path: they load at any depth.
        let (checked, broken) = broken_urls(port, path, &reply);
        assert!(checked >= 9, "{path}: only {checked} URLs");
        assert!(broken.is_empty(), "{path}: {broken:?} do not load");
        let (expected, page) = if lang == "root" {
            (root_404.clone(), "404.html".to_string())
        } else {
            assert_eq!(lang_of(&body), lang, "{path}: the language of the page");
            (
                read(&site.join(lang).join("404.html")),
                format!("{lang}/404.html"),
            )
        };
        assert!(body == expected, "{path}: not {page}");
    }
    let reply = get(port, "/lt/lessons/");
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body, read(&site.join("lt/lessons/index.html")));
}
