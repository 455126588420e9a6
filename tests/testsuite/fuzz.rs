//! Bad input never crashes: property-based fuzzing (proptest) of every parser that sees user input.
//!
//! | target | code |
//! |---|---|
//! | front-matter splitting | `frontmatter::split` |
//! | front-matter and site.yaml parsing | `yaml::Fragment::parse` (lesson, badge, section keys), `config::Config::parse` |
//! | Fluent loading | `locales::parse_ftl` |
//! | Markdown link rewriting | `markdown::render` with a resolver; the real resolver (`resolve/`) through `load_and_resolve` on a small site |
//! | URL paths | `paths::normalize`, `relative_url`, `percent_decode` |
//! | dev server paths | `serve::resolve_request_path` |
//!
//! `cargo fuzz` (libFuzzer) needs a nightly toolchain; this project builds on stable, so these
//! proptest harnesses are the fuzzers. Each runs a bounded number of cases in `cargo test` (1024, and
//! 64 for the whole-site one; the whole file takes well under a minute in a debug build). Run longer by hand with
//! `PROPTEST_CASES=100000 cargo test --release --test testsuite fuzz::`. A failing input is shrunk by
//! proptest, saved in `fuzz.proptest-regressions` beside this file (commit it), and becomes a named test in `regressions` below.
//!
//! The dev server's `serve::resolve_request_path` is fuzzed with request paths built from traversal
//! pieces (`..`, `%2e%2e`, encoded slashes and backslashes, NUL, drive letters).

use paveldas::config::{Config, Overrides};
use paveldas::diagnostic::Diagnostic;
use paveldas::load::yaml::Fragment;
use paveldas::load::{frontmatter, locales};
use paveldas::model::{BadgeMeta, LessonMeta, SectionMeta, BADGE_KEYS, LESSON_KEYS, SECTION_KEYS};
use paveldas::resolve::markdown::{self, LinkSite, LinkTarget};
use paveldas::resolve::paths;
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use std::path::Path;

/// `PROPTEST_CASES` when set, else `default`.
fn cases(default: u32) -> ProptestConfig {
    let n = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default);
    ProptestConfig {
        cases: n,
        // Shrunk failing inputs are kept here (commit the file) and replayed first on every run.
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "tests/testsuite/fuzz.proptest-regressions",
        ))),
        ..ProptestConfig::default()
    }
}

/// Text made of the pieces that matter to the parsers (fences, YAML and Fluent syntax, Markdown
/// link syntax, line ends, BOMs, multi-byte and right-to-left characters), mixed with any characters.
fn tricky_text(pieces: &'static [&'static str], max: usize) -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => proptest::sample::select(pieces).prop_map(str::to_string),
        2 => proptest::sample::select(COMMON).prop_map(str::to_string),
        1 => any::<char>().prop_map(|c| c.to_string()),
        1 => "[ -~]{0,8}",
    ];
    proptest::collection::vec(piece, 0..max).prop_map(|v| v.concat())
}

const COMMON: &[&str] = &[
    "\n",
    "\r\n",
    "\r",
    "\u{feff}",
    " ",
    "  ",
    "\t",
    "ą",
    "ž",
    "é",
    "ال",
    "\u{200f}",
    "\u{0}",
    "😀",
    "a",
    "1",
    "-1",
    "99999999999999999999",
    "é\u{301}",
];

const YAML: &[&str] = &[
    "---\n",
    "...\n",
    "title: ",
    "summary: ",
    "order: ",
    "duration_minutes: ",
    "subjects:",
    "objectives:",
    "badges: ",
    "draft: ",
    "unit: ",
    "name: ",
    "description: ",
    "criteria:",
    "alignment:",
    "tags: ",
    "languages: ",
    "default_language: ",
    "output_dir: ",
    "title:",
    "\n  - ",
    "\n- ",
    "[",
    "]",
    "{",
    "}",
    ", ",
    ": ",
    "\"",
    "'",
    "&a ",
    "*a",
    "<<: *a",
    "!!str ",
    "!!binary ",
    "? ",
    "|\n  ",
    ">\n  ",
    "#",
    "%YAML 1.2\n",
    "~",
    "null",
    "true",
    "0x1F",
    ".inf",
    "[*a, *a, *a]",
    "&a [x, x]",
    "\n    ",
];

const FTL: &[&str] = &[
    "id = ",
    "-term = ",
    "\n",
    "\n    ",
    "{ ",
    " }",
    "{ $count }",
    "{ -term }",
    "{ $n ->\n",
    "[one] ",
    "*[other] ",
    "\n}",
    ".attr = ",
    "# ",
    "## ",
    "### ",
    "=",
    "\"",
    "{ \"",
    "\\u0041",
    "\\",
    "NUMBER(",
    ")",
    "{{",
    "}}",
    "msg.attr",
    "-",
    "[",
    "]",
    "*",
];

const MARKDOWN: &[&str] = &[
    "[x](",
    ")",
    "![i](",
    "](",
    "[ref]: ",
    "<",
    ">",
    "../",
    "./",
    "/",
    "//",
    "#",
    "?",
    "%",
    "%2e%2E/",
    "%zz",
    "%C4%85",
    "\\",
    ".md",
    ".lt.md",
    ".svg",
    "lessons/",
    "01-first/",
    "alpha",
    "beta",
    "_index",
    "../../",
    "../../../",
    "mailto:",
    "https://",
    "javascript:",
    "`",
    "```\n",
    "```json\n",
    "~~~",
    "\n\n",
    "# ",
    "## ",
    "- [ ] ",
    "- [x] ",
    "| a | b |\n|---|---|\n",
    "<a href=\"",
    "\">",
    "<img src=\"",
    "[^1]",
    "[^1]: ",
    "{#id}",
    "*",
    "_",
    "    ",
    "> ",
    "1. ",
    "\\[",
    "&amp;",
    "&#x2F;",
];

/// Every diagnostic points into the file: a line between `first` and `last` (inclusive).
fn lines_within(diags: &[Diagnostic], first: usize, last: usize) -> Result<(), TestCaseError> {
    for d in diags {
        if let Some(l) = d.line {
            prop_assert!(
                (first..=last).contains(&l),
                "line {l} outside {first}..={last}: {d}"
            );
        }
        prop_assert!(d.col.is_none_or(|c| c >= 1), "{d}");
    }
    Ok(())
}

fn line_count(text: &str) -> usize {
    text.matches('\n').count() + 1
}

proptest! {
    #![proptest_config(cases(1024))]

    #[test]
    fn front_matter_split_never_panics(text in tricky_text(YAML, 40)) {
        match frontmatter::split(&text) {
            Ok(s) => {
                let t = text.strip_prefix('\u{feff}').unwrap_or(&text);
                // The body is the end of the file, and its first line is where the file says.
                prop_assert!(t.ends_with(s.body));
                let before = &t[..t.len() - s.body.len()];
                prop_assert_eq!(s.body_line, before.matches('\n').count() + 1);
                if s.has_front_matter {
                    prop_assert!(before.contains(s.front_matter));
                } else {
                    prop_assert_eq!(s.front_matter, "");
                }
            }
            Err(u) => prop_assert_eq!(u.line, 1),
        }
    }

    #[test]
    fn front_matter_parsing_never_panics(yaml in tricky_text(YAML, 40), first in 1usize..5) {
        let file = Path::new("content/lessons/u/x.md");
        let frag = Fragment { file, text: &yaml, first_line: first };
        let last = first + line_count(&yaml);
        if let Err(d) = frag.parse::<LessonMeta>(LESSON_KEYS) { lines_within(&d.0, first, last)?; }
        if let Err(d) = frag.parse::<BadgeMeta>(BADGE_KEYS) { lines_within(&d.0, first, last)?; }
        if let Err(d) = frag.parse::<SectionMeta>(SECTION_KEYS) { lines_within(&d.0, first, last)?; }
    }

    #[test]
    fn site_yaml_parsing_never_panics(yaml in tricky_text(YAML, 40)) {
        let root = Path::new("/nonexistent-site");
        if let Err(d) = Config::parse(root, &root.join("site.yaml"), &yaml, &Overrides::default()) {
            lines_within(&d.0, 1, line_count(&yaml))?;
        }
    }

    #[test]
    fn fluent_loading_never_panics(ftl in tricky_text(FTL, 60)) {
        let (_, diags) = locales::parse_ftl(Path::new("locales/lt/main.ftl"), ftl.clone());
        lines_within(&diags.0, 1, line_count(&ftl))?;
        for d in &diags.0 {
            prop_assert!(d.hint.is_some(), "{d}");
        }
    }

    #[test]
    fn markdown_link_rewriting_never_panics(body in tricky_text(MARKDOWN, 60), first in 1usize..30, mode in 0u8..3) {
        let last = first + line_count(&body);
        let mut seen = Vec::new();
        let (r, diags) = markdown::render(&body, first, &mut |site: &LinkSite| {
            seen.push((site.line, site.col));
            match mode {
                0 => Ok(LinkTarget::Keep),
                1 => Ok(LinkTarget::Url(format!("{}\"<>&", site.dest))),
                _ => Err(Diagnostic::error("x.md", "no").at(site.line, site.col)),
            }
        });
        for (line, col) in seen {
            prop_assert!((first..=last).contains(&line) && col >= 1, "link at {line}:{col}");
        }
        lines_within(&diags, first, last)?;
        // Heading ids are unique on a page (anchors must lead somewhere definite).
        let mut ids: Vec<&str> = r.headings.iter().map(|h| h.id.as_str()).collect();
        ids.sort_unstable();
        let n = ids.len();
        ids.dedup();
        prop_assert_eq!(ids.len(), n);
    }

    #[test]
    fn url_paths_never_panic_and_round_trip(
        from in proptest::collection::vec("[a-zą_][a-zą._]{0,3}", 1..5),
        to in proptest::collection::vec("[a-zą_][a-zą._]{0,3}", 1..5),
        raw in tricky_text(MARKDOWN, 12),
    ) {
        let _ = paths::percent_decode(&raw);
        if let Some(n) = paths::normalize(&raw) {
            prop_assert!(!n.split('/').any(|p| p == ".." || p == "." || p.is_empty()) || n.is_empty());
        }
        let (from, to) = (from.join("/"), to.join("/"));
        // Following the relative URL from `from`'s directory arrives at `to`.
        let url = paths::relative_url(&from, &to);
        prop_assert!(!url.starts_with('/'));
        let dir = from.rsplit_once('/').map_or("", |(d, _)| d);
        let joined = if dir.is_empty() { url.clone() } else { format!("{dir}/{url}") };
        prop_assert_eq!(paths::normalize(&joined), Some(to.clone()), "{} from {}", url, from);
    }
}

/// A small real site whose lesson body is replaced per case: the real resolver (`resolve/`) on
/// arbitrary links, anchors and images.
mod site {
    use super::*;
    use std::sync::OnceLock;

    fn site() -> &'static Path {
        static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
        DIR.get_or_init(|| {
            let dir = tempfile::tempdir().unwrap();
            let w = |rel: &str, text: &str| {
                let p = dir.path().join(rel);
                std::fs::create_dir_all(p.parent().unwrap()).unwrap();
                std::fs::write(p, text).unwrap();
            };
            w(
                "site.yaml",
                "title: T\ndefault_language: en\nlanguages: [en, lt]\n",
            );
            w("locales/en/main.ftl", "site-title = T\n");
            w("content/lessons/u/_index.md", "---\ntitle: U\n---\n");
            w(
                "content/lessons/u/alpha.md",
                "---\ntitle: Alpha\n---\n## Activity\n",
            );
            w(
                "content/lessons/u/map.svg",
                "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
            );
            w(
                "static/img/d.svg",
                "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
            );
            dir
        })
        .path()
    }

    proptest! {
        #![proptest_config(cases(64))]

        #[test]
        fn real_link_resolution_never_panics(body in tricky_text(MARKDOWN, 40), lt in any::<bool>()) {
            let root = site();
            let file = if lt { "content/lessons/u/beta.lt.md" } else { "content/lessons/u/beta.md" };
            let _ = std::fs::remove_file(root.join("content/lessons/u/beta.lt.md"));
            std::fs::write(root.join("content/lessons/u/beta.md"), "---\ntitle: Beta\n---\n").unwrap();
            let text = format!("---\ntitle: Beta\n---\n{body}");
            std::fs::write(root.join(file), &text).unwrap();
            if let Err(d) = paveldas::load_and_resolve(root, &Overrides::default()) {
                for x in &d.0 {
                    prop_assert!(x.line.is_some(), "no line: {x}");
                    if x.file.ends_with(file) {
                        lines_within(std::slice::from_ref(x), 1, line_count(&text))?;
                    }
                }
            }
        }
    }
}

/// Inputs the fuzzers once found wrong, kept as plain tests.
mod regressions {
    use super::*;

    /// A lone CR (a line break to YAML, not to editors' line numbers) and an error at the very end
    /// of the text were reported on lines past the end of the front matter.
    #[test]
    fn yaml_errors_at_lone_cr_and_at_the_end_point_into_the_file() {
        for (text, line) in [
            ("title: \rą", 2),
            ("[title: ", 2),
            ("title: x\ncriteria: [", 3),
        ] {
            let frag = Fragment {
                file: Path::new("content/lessons/u/x.md"),
                text,
                first_line: 2,
            };
            let err = frag.parse::<LessonMeta>(LESSON_KEYS).unwrap_err();
            assert_eq!(err.0[0].line, Some(line), "{text:?}: {}", err.0[0]);
            assert!(err.0[0].source_line.is_some(), "{}", err.0[0]);
        }
    }

    /// Raw HTML ending in an unclosed tag with a multi-byte character: the search text cut the
    /// tag one byte short, inside the character.
    #[test]
    fn unclosed_raw_html_tags_give_plain_text() {
        for (body, text) in [
            ("<?ą", ""),
            ("text\n\n<div ž", "text"),
            // Not HTML to CommonMark: text, with a curly quote.
            ("a <span title=\"ū", "a <span title=“ū"),
        ] {
            let (r, _) =
                paveldas::resolve::markdown::render(body, 1, &mut |_| Ok(LinkTarget::Keep));
            assert_eq!(r.text.get(), text, "{body:?}");
        }
    }
}

/// Pieces of request paths that try to leave the served directory.
const REQUEST: &[&str] = &[
    "/",
    "//",
    "..",
    ".",
    "%2e",
    "%2E",
    "%2e%2e",
    "%2E%2e",
    "%2f",
    "%2F",
    "%5c",
    "%5C",
    "\\",
    "%00",
    "%zz",
    "%",
    ":",
    "c:",
    "%3a",
    "index.html",
    "lt",
    "lessons",
    "a b",
    "%20",
    "%C5%A1",
    "%ff",
    ".hidden",
    "~",
    "?",
    "#",
];

proptest! {
    #![proptest_config(cases(2048))]

    /// The dev server's path resolution: anything it accepts stays inside the root, with no `.`
    /// or `..` component and no hidden name, whatever the request path.
    #[test]
    fn request_paths_never_leave_the_served_directory(
        parts in proptest::collection::vec(proptest::sample::select(REQUEST), 0..12),
        lead in proptest::bool::ANY,
    ) {
        let root = Path::new("/srv/site/public");
        let mut url = if lead { String::from("/") } else { String::new() };
        url.push_str(&parts.concat());
        if let Some(p) = paveldas::serve::resolve_request_path(root, &url) {
            prop_assert!(p.starts_with(root), "{url} -> {}", p.display());
            for c in p.strip_prefix(root).unwrap().components() {
                let std::path::Component::Normal(name) = c else {
                    return Err(TestCaseError::fail(format!("{url} -> {}", p.display())));
                };
                let name = name.to_string_lossy();
                prop_assert!(!name.starts_with('.'), "{url} -> {}", p.display());
                prop_assert!(!name.contains(['/', '\\', ':', '\0']), "{url} -> {}", p.display());
            }
        }
    }
}
