//! A minimal HTTP/1.0 client for the tests that talk to a server (the dev server, the static host
//! of `seo`, nginx in `deploy`): requests sent byte for byte, the whole reply read, and whether
//! every URL of a page loads from the server.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// How long a reply may take.
pub const WAIT: Duration = Duration::from_secs(30);

pub struct Reply {
    pub status: u16,
    pub head: String,
    pub body: String,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }

    pub fn doc(&self) -> scraper::Html {
        scraper::Html::parse_document(&self.body)
    }
}

/// Sends `target` exactly as given (no client-side normalising) and reads the whole reply.
pub fn get(port: u16, target: &str) -> Reply {
    raw(
        port,
        &format!("GET {target} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n"),
    )
}

/// Sends `request` byte for byte and reads the whole reply.
pub fn raw(port: u16, request: &str) -> Reply {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(WAIT)).unwrap();
    s.write_all(request.as_bytes()).unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    Reply {
        status,
        head: head.to_string(),
        body: body.to_string(),
    }
}

/// Every URL the page loads or links to: styles, scripts, images, links, form actions.
pub fn page_urls(doc: &scraper::Html) -> Vec<String> {
    let mut urls = Vec::new();
    for (selector, attr) in [
        ("link[href]", "href"),
        ("script[src]", "src"),
        ("img[src]", "src"),
        ("a[href]", "href"),
        ("form[action]", "action"),
    ] {
        urls.extend(super::attrs(doc, selector, attr));
    }
    urls
}

/// How many URLs `reply` (the answer to `asked`) has (but `#fragment` links), and those of them on
/// the server at `port` that it does not answer with 200.
pub fn broken_urls(port: u16, asked: &str, reply: &Reply) -> (usize, Vec<String>) {
    let page = url::Url::parse(&format!("http://127.0.0.1:{port}{asked}")).unwrap();
    let urls: Vec<String> = page_urls(&reply.doc())
        .into_iter()
        .filter(|u| !u.starts_with('#'))
        .collect();
    let broken = urls
        .iter()
        .filter(|u| {
            let to = page.join(u).unwrap();
            to.host_str() == Some("127.0.0.1") && get(port, to.path()).status != 200
        })
        .cloned()
        .collect();
    (urls.len(), broken)
}
