//! Large but legitimate inputs stay linear, and hostile ones are refused early with a clear limit
//! (issue 14): tens of thousands of Fluent messages, of identical headings and of links to them, and
//! YAML nested deeper than paveldas reads. The tests check results and sizes, never time.

use crate::helpers::*;
use std::collections::HashSet;
use std::path::Path;

const N: usize = 20_000;

/// `n` messages (one in ten with an attribute), as a translator's big file would have them.
fn messages(n: usize, lang: &str) -> String {
    let mut s = String::new();
    for i in 0..n {
        s.push_str(&format!(
            "extra-{i} = Message {i} in {lang}, {{ $count }} items\n"
        ));
        if i % 10 == 0 {
            s.push_str(&format!("    .title = Title {i}\n"));
        }
    }
    s
}

#[test]
fn many_messages_and_identical_headings_build_with_the_usual_ids() {
    let site = fixture("basic");
    let r = site.path();
    write(r, "locales/en/extra.ftl", &messages(N, "en"));
    // The translation lacks the last message and has a stray one, so status has work to report.
    let mut lt = messages(N - 1, "lt");
    lt.push_str("stray = Old\n");
    write(r, "locales/lt/extra.ftl", &lt);
    let mut body = String::from("---\ntitle: Big\nsummary: Many headings.\n---\n");
    for i in 0..N {
        // A heading literally titled "Same 1" among the duplicates of "Same".
        body.push_str(if i == 3 {
            "## Same 1\n\ntext\n\n"
        } else {
            "## Same\n\ntext\n\n"
        });
    }
    write(r, "content/lessons/01-first/big.md", &body);
    let mut links = String::from("---\ntitle: Links\nsummary: To every heading.\n---\n");
    for i in 1..N {
        links.push_str(&format!("[{i}](big.md#same-{i})\n"));
    }
    write(r, "content/lessons/01-first/links.md", &links);

    let out = build_ok(r, &[]);
    let page = read(&out.join("en/lessons/01-first/big.html"));
    let ids: Vec<&str> = page
        .split("<h2 id=\"")
        .skip(1)
        .map(|s| &s[..s.find('"').unwrap()])
        .filter(|id| id.starts_with("same")) // not the theme's own headings
        .collect();
    assert_eq!(ids.len(), N);
    assert_eq!(
        ids.iter().collect::<HashSet<_>>().len(),
        N,
        "ids are unique"
    );
    // The usual scheme: the 4th heading ("Same 1") takes `same-1` before the 2nd duplicate could.
    assert_eq!(
        &ids[..6],
        ["same", "same-1", "same-2", "same-1-1", "same-3", "same-4"]
    );
    assert_eq!(ids[N - 1], format!("same-{}", N - 2));

    // Every link names a heading but one: `#same-19999` (there are 19,998 `same-N`).
    let o = paveldas(r, &["check"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    let bad = format!("`#same-{}` names no heading on the linked page", N - 1);
    assert_eq!(err.matches("names no heading").count(), 1, "{err}");
    assert!(err.contains(&bad), "{err}");

    let o = paveldas(r, &["l10n", "status", "--lang", "lt"]);
    let s = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}", stderr(&o));
    let missing = format!(
        "locales/en/extra.ftl:{}:1: missing: message `extra-{}`",
        N + N / 10,
        N - 1
    );
    assert!(s.contains(&missing), "{s}");
    let obsolete = format!(
        "locales/lt/extra.ftl:{}:1: obsolete: `stray`",
        N - 1 + (N - 1).div_ceil(10) + 1
    );
    assert!(s.contains(&obsolete), "{s}");
}

#[test]
fn a_message_defined_twice_among_many_is_reported_at_its_line() {
    let site = fixture("basic");
    let r = site.path();
    let mut en = messages(N, "en");
    en.push_str("extra-5 = again\n");
    write(r, "locales/en/extra.ftl", &en);
    let err = build_fails(r);
    // The first definition's line (the 6th message, after one attribute line).
    assert!(
        err.contains(
            "locales/en/extra.ftl:7: error: message `extra-5` is defined twice in locales/en"
        ),
        "{err}"
    );
}

/// Builds after `break_it` and returns stderr, asserting a clean failure.
fn fails(break_it: impl FnOnce(&Path)) -> String {
    let site = fixture("basic");
    break_it(site.path());
    let err = build_fails(site.path());
    // Refused by the pre-scan: serde_yaml never got to its own limit.
    assert!(!err.contains("recursion limit exceeded"), "{err}");
    assert!(
        err.contains("hint: paveldas reads YAML nested at most 64 levels deep"),
        "{err}"
    );
    err
}

#[test]
fn deeply_nested_yaml_is_refused_at_its_file_line_everywhere() {
    let deep = "[".repeat(100_000);
    let err = fails(|r| {
        write(
            r,
            "content/lessons/01-first/big.md",
            &format!("---\ntitle: Big\nsubjects: {deep}\n---\nx\n"),
        );
    });
    assert!(
        err.contains(
            "content/lessons/01-first/big.md:3:75: error: `[`/`{` nested more than 64 levels deep"
        ),
        "{err}"
    );

    let err = fails(|r| {
        let cfg = read(&r.join("site.yaml"));
        write(
            r,
            "site.yaml",
            &format!("{cfg}extra:\n  {}\n", "{a: ".repeat(50_000)),
        );
    });
    let line = read(&repo().join("tests/fixtures/basic/site.yaml"))
        .lines()
        .count()
        + 2;
    assert!(
        err.contains(&format!("site.yaml:{line}:259: error: `[`/`{{` nested")),
        "{err}"
    );

    let err = fails(|r| {
        let badge = read(&r.join("content/badges/explorer.md"));
        let badge = badge.replacen("---\n", &format!("---\ntags: {deep}\n"), 1);
        write(r, "content/badges/explorer.md", &badge);
    });
    assert!(
        err.contains("content/badges/explorer.md:2:71: error:"),
        "{err}"
    );

    let err = fails(|r| {
        write(
            r,
            "content/lessons/01-first/_index.md",
            &format!("---\ntitle: U\norder: {deep}\n---\n"),
        );
    });
    assert!(
        err.contains("content/lessons/01-first/_index.md:3:72: error:"),
        "{err}"
    );
}

#[test]
fn brackets_in_quoted_and_block_text_are_not_nesting() {
    let site = fixture("basic");
    let r = site.path();
    let many = "[".repeat(500);
    write(
        r,
        "content/lessons/01-first/text.md",
        &format!("---\ntitle: '{many}'\nsummary: |\n  {many}\n  {many}\nobjectives:\n  - \"{many}\"\n  - plain {many}\n---\nx\n"),
    );
    let out = build_ok(r, &[]);
    assert!(read(&out.join("en/lessons/01-first/text.html")).contains(&many));
}
