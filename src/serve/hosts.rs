//! The dev server answers only its own host names (no DNS rebinding): [`allowed_host`] says which,
//! and [`host_guard`] refuses every other request with a 403 that says how to reach the server.

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// Whether the dev server answers a request whose `Host` header (or absolute request target) is
/// `host`: an IP literal (IPv4, or IPv6 in brackets, as a Host header writes it), `localhost` or a
/// name under `.localhost` (RFC 6761: these resolve to this computer), in any letter case, with an
/// optional trailing dot and port. Every other name is refused, as Vite refuses it: a web page on
/// `evil.example` can point that name at 127.0.0.1 (DNS rebinding) and read the site with the
/// browser's blessing, but its requests still say `Host: evil.example`. IP literals stay allowed,
/// so `--bind 0.0.0.0` is reachable from another computer at `http://<address>:<port>/`; no DNS
/// answer can rebind an address.
pub fn allowed_host(host: &str) -> bool {
    let name = if let Some(rest) = host.strip_prefix('[') {
        let Some((ip, after)) = rest.split_once(']') else {
            return false;
        };
        if !(after.is_empty() || after.strip_prefix(':').is_some_and(is_port)) {
            return false;
        }
        return ip.parse::<std::net::Ipv6Addr>().is_ok();
    } else {
        match host.split_once(':') {
            Some((name, port)) if is_port(port) => name,
            Some(_) => return false,
            None => host,
        }
    };
    let name = name.strip_suffix('.').unwrap_or(name);
    if name.parse::<std::net::Ipv4Addr>().is_ok() {
        return true;
    }
    let labels_ok = name.split('.').all(|l| {
        !l.is_empty()
            && l.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    });
    let lower = name.to_ascii_lowercase();
    labels_ok && (lower == "localhost" || lower.ends_with(".localhost"))
}

/// A port as a `Host` header writes it: digits, at most 65535.
fn is_port(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) && s.parse::<u16>().is_ok()
}

/// Refuses, with a 403 that says how to reach the server, every request [`allowed_host`] does not
/// allow. A request without a `Host` header (HTTP/1.0 allows that) is refused too: browsers always
/// send one, so only other programs omit it, and they can send `Host: 127.0.0.1` as easily; letting
/// it through would make "no Host" a way around the check. An absolute request target
/// (`GET http://evil.example/ HTTP/1.1`, which HTTP/1.1 servers must prefer to `Host`) is checked
/// as well.
pub async fn host_guard(
    State(port): State<u16>,
    req: Request,
    next: axum::middleware::Next,
) -> Response {
    let hosts = req.headers().get_all(header::HOST);
    let mut shown = None;
    let mut count = 0;
    for value in hosts.iter() {
        count += 1;
        let text = value.to_str().unwrap_or("");
        if !allowed_host(text) {
            shown = Some(String::from_utf8_lossy(value.as_bytes()).into_owned());
        }
    }
    if let Some(a) = req.uri().authority() {
        if shown.is_none() && !allowed_host(a.as_str()) {
            shown = Some(a.as_str().to_string());
        }
    }
    let refused = match (count, shown) {
        (_, Some(host)) => Some(format!("the host `{}`", printable(&host))),
        (0, None) => Some("a request without a Host header".to_string()),
        (1, None) => None,
        (_, None) => Some("a request with several Host headers".to_string()),
    };
    let Some(refused) = refused else {
        return next.run(req).await;
    };
    let body = format!(
        "403 Forbidden: the paveldas dev server does not answer {refused}.\n\
         It answers only its own addresses, so that no other web site can read it \
         (DNS rebinding): use http://127.0.0.1:{port}/ or http://localhost:{port}/ \
         on this computer, or http://<this computer's IP address>:{port}/ from another one \
         (with --bind 0.0.0.0).\n"
    );
    let mut r = (StatusCode::FORBIDDEN, body).into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    r
}

/// A header value as it may be shown in a message: control characters replaced, at most 100
/// characters.
fn printable(s: &str) -> String {
    let mut out: String = s
        .chars()
        .take(100)
        .map(|c| if c.is_control() { '\u{fffd}' } else { c })
        .collect();
    if s.chars().count() > 100 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_own_host_names_are_answered() {
        for ok in [
            "127.0.0.1",
            "127.0.0.1:1972",
            "192.168.1.20:8080",
            "0.0.0.0",
            "[::1]",
            "[::1]:1972",
            "[fe80::1]:80",
            "localhost",
            "localhost:1972",
            "LOCALHOST.",
            "LocalHost.:1972",
            "a.localhost",
            "my-site.localhost:1972",
            "127.0.0.1.",
        ] {
            assert!(allowed_host(ok), "{ok} should be allowed");
        }
        for bad in [
            "evil.example",
            "evil.example:1972",
            "localhost.evil.example",
            "127.0.0.1.nip.io",
            "",
            ":1972",
            "localhost:",
            "localhost:99999",
            "localhost:19x2",
            ".localhost",
            "a..localhost",
            "localhost..",
            "::1",
            "[::1",
            "[::1]x",
            "[localhost]",
            "[127.0.0.1]",
            "127.1",
            "2130706433",
            "0x7f.0.0.1",
            "evil.example\u{0}.localhost",
            "evil.example/.localhost",
            "evil example.localhost",
            "xn--lcalhost.com",
        ] {
            assert!(!allowed_host(bad), "{bad:?} should be refused");
        }
        assert_eq!(printable("a\nb"), "a\u{fffd}b");
        assert_eq!(printable(&"x".repeat(150)).chars().count(), 101);
    }
}
