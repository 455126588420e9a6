//! The translators' workflow: `l10n status` (text and JSON) on a fixture with known missing,
//! obsolete, mismatched and stale items; `l10n stamp` round trips; stale pages in the built site;
//! Fluent syntax errors (build fails, status goes on); CLDR plurals for lt, en, fr, ar; numbers per
//! locale; and the outside check with Mozilla's compare-locales and @fluent/syntax.

use crate::helpers::*;
use paveldas::config::{Config, Overrides};
use paveldas::load::locales::{to_fluent, Locales};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

fn run(root: &Path, args: &[&str]) -> (i32, String, String) {
    let o = paveldas(root, args);
    (
        o.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        stderr(&o),
    )
}

fn status_json(root: &Path, lang: &str) -> Value {
    let (code, out, err) = run(
        root,
        &["l10n", "status", "--lang", lang, "--format", "json"],
    );
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}"));
    assert_eq!(v["languages"].as_array().unwrap().len(), 1);
    v["languages"][0].clone()
}

/// Items of one kind as (file, line, col, id).
fn items(lang: &Value, kind: &str) -> Vec<(String, u64, Option<u64>, Option<String>)> {
    lang["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["kind"] == kind)
        .map(|i| {
            (
                i["file"].as_str().unwrap().to_string(),
                i["line"].as_u64().unwrap(),
                i["col"].as_u64(),
                i["id"].as_str().map(String::from),
            )
        })
        .collect()
}

fn file_row<'a>(lang: &'a Value, path: &str) -> &'a Value {
    lang["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == path)
        .unwrap_or_else(|| panic!("no row for {path}: {}", lang["files"]))
}

#[test]
fn status_json_lists_what_is_missing_obsolete_mismatched_and_stale() {
    let s = l10n_site();
    let lt = status_json(s.path(), "lt");
    assert_eq!(lt["language"], "lt");
    let checks = |kind| -> Vec<_> {
        items(&lt, kind)
            .into_iter()
            .filter(|i| i.0.ends_with("checks.ftl"))
            .collect()
    };
    assert_eq!(
        checks("missing-message"),
        [(
            "locales/en/checks.ftl".into(),
            13,
            Some(1),
            Some("check-only-en".into())
        )]
    );
    assert_eq!(
        checks("missing-attribute"),
        [(
            "locales/en/checks.ftl".into(),
            12,
            Some(6),
            Some("check-menu.aria-label".into())
        )]
    );
    assert_eq!(
        checks("obsolete-message"),
        [(
            "locales/lt/checks.ftl".into(),
            13,
            Some(1),
            Some("check-old".into())
        )]
    );
    assert_eq!(
        checks("variables"),
        [(
            "locales/lt/checks.ftl".into(),
            10,
            Some(1),
            Some("check-greeting".into())
        )]
    );
    let var = lt["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == "variables")
        .unwrap();
    assert!(
        var["hint"]
            .as_str()
            .unwrap()
            .contains("`$nmae` should probably be `$name`"),
        "{var}"
    );
    // Per-file completion: 5 of the 7 strings of checks.ftl (values and attributes).
    let row = file_row(&lt, "locales/lt/checks.ftl");
    assert_eq!(
        (row["total"].as_u64(), row["translated"].as_u64()),
        (Some(7), Some(5))
    );
    assert_eq!(row["percent"], 71.4);

    // Content: one untranslated lesson, one stale lesson with what changed in its source.
    assert_eq!(
        items(&lt, "untranslated"),
        [("content/lessons/01-sites/gamma.md".into(), 1, None, None)]
    );
    assert_eq!(
        items(&lt, "stale"),
        [("content/lessons/01-sites/beta.lt.md".into(), 4, None, None)]
    );
    let stale = lt["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == "stale")
        .unwrap();
    assert_eq!(stale["source"], "content/lessons/01-sites/beta.md");
    let changes: Vec<(u64, &str)> = stale["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["line"].as_u64().unwrap(), c["what"].as_str().unwrap()))
        .collect();
    assert_eq!(
        changes,
        [(3, "front-matter"), (8, "changed"), (14, "added")]
    );
    let states: Vec<(&str, &str)> = lt["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["kind"] != "ftl")
        .map(|f| (f["path"].as_str().unwrap(), f["state"].as_str().unwrap()))
        .collect();
    assert_eq!(
        states,
        [
            ("content/_index.lt.md", "current"),
            ("content/lessons/01-sites/_index.lt.md", "not-stamped"),
            ("content/lessons/01-sites/alpha.lt.md", "current"),
            ("content/lessons/01-sites/beta.lt.md", "stale"),
            ("content/lessons/01-sites/gamma.lt.md", "untranslated"),
            ("content/badges/finder.lt.md", "not-stamped"),
        ]
    );
    let c = &lt["content"];
    assert_eq!(
        [
            &c["documents"],
            &c["translated"],
            &c["current"],
            &c["stale"],
            &c["not_stamped"],
            &c["untranslated"]
        ],
        [
            &json!(6),
            &json!(5),
            &json!(2),
            &json!(1),
            &json!(2),
            &json!(1)
        ]
    );
    let p = lt["percent"].as_f64().unwrap();
    assert!(p > 50.0 && p < 100.0, "{p}");

    // A language without any translation of checks.ftl's sibling files is listed too.
    let ar = status_json(s.path(), "ar");
    assert_eq!(file_row(&ar, "locales/ar/checks.ftl")["percent"], 100.0);
    assert_eq!(ar["content"]["translated"], 0);
}

#[test]
fn status_text_is_a_table_per_language_and_strict_fails_on_work_left() {
    let s = l10n_site();
    let (code, out, err) = run(s.path(), &["l10n", "status"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        !out.contains('\x1b'),
        "no colour when not on a terminal:\n{out}"
    );
    for lang in ["lt Lietuvių:", "fr Français:", "ar العربية:"] {
        assert!(out.contains(lang), "{out}");
    }
    let row = out
        .lines()
        .find(|l| l.trim_start().starts_with("locales/lt/checks.ftl"))
        .unwrap_or_else(|| panic!("{out}"));
    let cols: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(cols, ["locales/lt/checks.ftl", "5", "7", "71%"]);
    assert!(
        out.contains("locales/en/checks.ftl:13:1: missing: message `check-only-en`"),
        "{out}"
    );
    assert!(
        out.contains("content/lessons/01-sites/beta.md:8: changed: People planted"),
        "{out}"
    );

    let (code, _, err) = run(s.path(), &["l10n", "status", "--lang", "lt", "--strict"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("--strict"), "{err}");
}

#[test]
fn a_translator_fixes_a_message_and_sees_it_gone() {
    let s = l10n_site();
    let before = status_json(s.path(), "lt");
    assert_eq!(items(&before, "variables").len(), 1);
    let ftl = s.path().join("locales/lt/checks.ftl");
    let text = read(&ftl).replace("{ $nmae }", "{ $name }");
    std::fs::write(&ftl, text).unwrap();
    let after = status_json(s.path(), "lt");
    assert!(items(&after, "variables").is_empty(), "{}", after["items"]);
    assert_eq!(
        after["items"].as_array().unwrap().len(),
        before["items"].as_array().unwrap().len() - 1
    );
}

#[test]
fn status_refuses_unknown_and_default_languages() {
    let s = l10n_site();
    let (code, _, err) = run(s.path(), &["l10n", "status", "--lang", "de"]);
    assert_eq!(code, 1);
    assert!(err.contains("`de` is not a language of this site"), "{err}");
    assert!(err.contains("en, lt, fr, ar"), "{err}");
    let (code, _, err) = run(s.path(), &["l10n", "status", "--lang", "en"]);
    assert_eq!(code, 1);
    assert!(err.contains("default language"), "{err}");
}

/// Lines of a text with their line ends, to compare files line by line, byte for byte.
fn lines(b: &[u8]) -> Vec<Vec<u8>> {
    b.split_inclusive(|c| *c == b'\n')
        .map(<[u8]>::to_vec)
        .collect()
}

#[test]
fn stamp_changes_only_the_digest_line_and_keeps_crlf_and_bom() {
    let s = l10n_site();
    let root = s.path();
    // A new CRLF translation with a BOM, not stamped yet: one line is inserted.
    let gamma = root.join("content/lessons/01-sites/gamma.lt.md");
    let original = "\u{feff}---\r\ntitle: Gama\r\nsummary: Trečioji pamoka.\r\n---\r\nKol kas tik angliškai.\r\n";
    std::fs::write(&gamma, original).unwrap();
    let (code, out, err) = run(
        root,
        &["l10n", "stamp", "content/lessons/01-sites/gamma.lt.md"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("stamped content/lessons/01-sites/gamma.lt.md"),
        "{out}"
    );
    let stamped = std::fs::read(&gamma).unwrap();
    let (old, new) = (lines(original.as_bytes()), lines(&stamped));
    assert_eq!(new.len(), old.len() + 1);
    let digest_line = String::from_utf8(new[3].clone()).unwrap();
    assert!(
        digest_line.starts_with("source_digest: ") && digest_line.ends_with("\r\n"),
        "{digest_line:?}"
    );
    let mut without = new.clone();
    without.remove(3);
    assert_eq!(without, old, "every other byte is kept");
    // The digest is the sha256 of the source's text with LF line ends.
    let hex = digest_line
        .trim_end()
        .strip_prefix("source_digest: ")
        .unwrap();
    let source = std::fs::read_to_string(root.join("content/lessons/01-sites/gamma.md")).unwrap();
    assert_eq!(
        paveldas::l10n::stamp::digest_file_text(&source).unwrap().0,
        hex
    );

    // An existing digest line is replaced in place.
    let beta = root.join("content/lessons/01-sites/beta.lt.md");
    let before = std::fs::read(&beta).unwrap();
    let (code, _, err) = run(root, &["l10n", "stamp", beta.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let after = std::fs::read(&beta).unwrap();
    let (b, a) = (lines(&before), lines(&after));
    assert_eq!(a.len(), b.len());
    let differing: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
    assert_eq!(differing, [3], "only the source_digest line changes");

    // Stamping again changes nothing.
    let (code, out, _) = run(
        root,
        &["l10n", "stamp", "content/lessons/01-sites/beta.lt.md"],
    );
    assert_eq!(code, 0);
    assert!(out.contains("already current"), "{out}");
    assert_eq!(std::fs::read(&beta).unwrap(), after);

    let lt = status_json(root, "lt");
    assert!(items(&lt, "stale").is_empty(), "{}", lt["items"]);
    assert!(items(&lt, "untranslated").is_empty());
    assert_eq!(lt["content"]["current"], 4);
}

#[test]
fn stamped_ftl_files_list_the_messages_whose_source_changed() {
    let s = l10n_site();
    let root = s.path();
    let ftl = root.join("locales/lt/checks.ftl");
    let before = std::fs::read(&ftl).unwrap();
    let (code, out, err) = run(root, &["l10n", "stamp", "locales/lt/checks.ftl"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("stamped locales/lt/checks.ftl"), "{out}");
    // A resource comment and a blank line on top; every other byte as it was.
    let after = std::fs::read(&ftl).unwrap();
    let (b, a) = (lines(&before), lines(&after));
    assert!(String::from_utf8_lossy(&a[0]).starts_with("### source_digest: "));
    assert_eq!(a[1], b"\n");
    assert_eq!(&a[2..], &b[..]);
    assert!(items(&status_json(root, "lt"), "stale-message").is_empty());

    // The English text of one message changes: that message, and only it, is stale.
    let en = root.join("locales/en/checks.ftl");
    std::fs::write(
        &en,
        read(&en).replace("check-menu = Menu", "check-menu = Main menu"),
    )
    .unwrap();
    let lt = status_json(root, "lt");
    assert_eq!(
        items(&lt, "stale-message"),
        [(
            "locales/lt/checks.ftl".into(),
            13,
            Some(1),
            Some("check-menu".into())
        )]
    );
    let item = lt["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == "stale-message")
        .unwrap();
    assert_eq!(item["source"], "locales/en/checks.ftl");
    assert_eq!(item["changes"][0]["line"], 10);
    assert_eq!(item["changes"][0]["text"], "check-menu = Main menu");

    // Re-stamped after the translator's update: nothing stale, and the site still builds.
    let (code, _, err) = run(root, &["l10n", "stamp", "locales/lt/checks.ftl"]);
    assert_eq!(code, 0, "{err}");
    assert!(items(&status_json(root, "lt"), "stale-message").is_empty());
    build_ok(root, &[]);
    let (code, _, err) = run(root, &["l10n", "stamp", "locales/en/checks.ftl"]);
    assert_eq!(code, 1);
    assert!(err.contains("not the .ftl file of a translation"), "{err}");
}

#[test]
fn stamp_refuses_sources_and_missing_files_without_writing() {
    let s = l10n_site();
    let root = s.path();
    let src = root.join("content/lessons/01-sites/alpha.md");
    let before = std::fs::read(&src).unwrap();
    let (code, _, err) = run(
        root,
        &["l10n", "stamp", "content/lessons/01-sites/alpha.md"],
    );
    assert_eq!(code, 1);
    assert!(err.contains("not a translation"), "{err}");
    assert_eq!(std::fs::read(&src).unwrap(), before);
    let (code, _, err) = run(
        root,
        &["l10n", "stamp", "content/lessons/01-sites/nope.lt.md"],
    );
    assert_eq!(code, 1);
    assert!(err.contains("nope.lt.md"), "{err}");
}

#[test]
fn after_an_author_edits_a_lesson_its_translation_is_stale_until_restamped() {
    let s = l10n_site();
    let root = s.path();
    let lt_page = |out: &Path| html(&out.join("lt/lessons/01-sites/alpha.html"));
    let out = build_ok(root, &[]);
    assert!(texts(&lt_page(&out), ".notice-stale").is_empty());

    // alpha.lt.md was stamped by hand (no cached source, no git): stale, changes unknown.
    let src = root.join("content/lessons/01-sites/alpha.md");
    let edited = read(&src).replace(
        "Find a site near your school.",
        "Find two sites near your school.",
    );
    std::fs::write(&src, &edited).unwrap();
    let lt = status_json(root, "lt");
    let stale = &lt["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["file"] == "content/lessons/01-sites/alpha.lt.md")
        .unwrap()
        .clone();
    assert_eq!(stale["kind"], "stale");
    assert!(
        stale["message"].as_str().unwrap().contains("unknown"),
        "{stale}"
    );

    // The built page says so, discreetly, and links the original; the English page does not.
    let out = build_ok(root, &[]);
    let page = lt_page(&out);
    assert_eq!(texts(&page, ".notice-stale").len(), 1);
    assert_eq!(
        attrs(&page, ".notice-stale a", "href"),
        ["../../../en/lessons/01-sites/alpha.html"]
    );
    assert!(texts(&page, ".notice-stale")[0].contains("English"));
    assert!(texts(
        &html(&out.join("en/lessons/01-sites/alpha.html")),
        ".notice-stale"
    )
    .is_empty());
    assert!(
        texts(
            &html(&out.join("fr/lessons/01-sites/alpha.html")),
            ".notice-stale"
        )
        .is_empty(),
        "fr is not stamped"
    );

    // Re-translated and stamped: current again, and the stamp keeps the source for later diffs.
    let (code, _, err) = run(
        root,
        &["l10n", "stamp", "content/lessons/01-sites/alpha.lt.md"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(texts(&lt_page(&build_ok(root, &[])), ".notice-stale").is_empty());
    std::fs::write(
        &src,
        edited.replace("## Activity", "A new paragraph.\n\n## Activity"),
    )
    .unwrap();
    let lt = status_json(root, "lt");
    let stale = lt["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["file"] == "content/lessons/01-sites/alpha.lt.md")
        .unwrap()
        .clone();
    assert_eq!(stale["changes"][0]["what"], "added");
    assert_eq!(stale["changes"][0]["line"], 10);
    assert_eq!(stale["changes"][0]["text"], "A new paragraph.");
}

/// Breaks the message `check-old` in lt/checks.ftl; returns the site.
fn broken_ftl() -> tempfile::TempDir {
    let s = l10n_site();
    let ftl = s.path().join("locales/lt/checks.ftl");
    let text = read(&ftl).replace("check-old = Pasenęs tekstas", "check-old = { $x");
    std::fs::write(&ftl, text).unwrap();
    s
}

/// `path:line:col` of the first diagnostic naming `file` in `err`.
fn location(err: &str, file: &str) -> (usize, usize) {
    let at = err
        .find(file)
        .unwrap_or_else(|| panic!("{file} not in:\n{err}"));
    let mut it = err[at + file.len()..].split(':').skip(1);
    let line = it.next().unwrap().parse().unwrap();
    let col = it.next().unwrap().parse().unwrap();
    (line, col)
}

#[test]
fn fluent_syntax_errors_fail_the_build_but_status_goes_on() {
    let s = broken_ftl();
    let err = build_fails(s.path());
    let (line, col) = location(&err, "locales/lt/checks.ftl");
    assert_eq!(line, 14, "{err}");

    let lt = status_json(s.path(), "lt");
    let syntax = items(&lt, "syntax-error");
    assert_eq!(
        syntax,
        [(
            "locales/lt/checks.ftl".into(),
            line as u64,
            Some(col as u64),
            Some("check-old".into())
        )]
    );
    // The rest of the file still counts.
    let row = file_row(&lt, "locales/lt/checks.ftl");
    assert_eq!(row["translated"], 5);
    assert!(
        items(&lt, "obsolete-message").is_empty(),
        "a broken message is reported once"
    );

    // A load that keeps going (`check`) keeps every other message of the file.
    let config = Config::load(s.path(), &Overrides::default()).unwrap();
    let (locales, found) = Locales::load(&config, true).unwrap();
    assert!(found.iter().any(|d| d.is_error() && d.line == Some(line)));
    assert_eq!(
        locales.format("lt", "check-menu.title", None).unwrap(),
        "Atidaryti meniu"
    );
    // `check` loads it leniently too, and still reports the syntax error as an error.
    let (_, found) = paveldas::driver::prepare(
        s.path(),
        &Overrides::default(),
        paveldas::driver::Command::Check,
    )
    .unwrap();
    assert!(found.iter().any(|d| d.is_error() && d.line == Some(line)));
}

#[test]
fn messages_fall_back_per_id_to_the_default_language() {
    let s = l10n_site();
    let config = Config::load(s.path(), &Overrides::default()).unwrap();
    let (locales, _) = Locales::load(&config, false).unwrap();
    assert_eq!(
        locales.format("lt", "check-only-en", None).unwrap(),
        "Only in English"
    );
    assert_eq!(locales.format("lt", "check-menu", None).unwrap(), "Meniu");
    assert_eq!(
        locales.format("lt", "check-menu.aria-label", None).unwrap(),
        "Site menu"
    );
    assert!(locales.format("lt", "no-such-message", None).is_err());
}

fn format(locales: &Locales, lang: &str, id: &str, args: &[(&str, Value)]) -> String {
    let mut fargs = fluent_bundle::FluentArgs::new();
    for (k, v) in args {
        fargs.set(*k, to_fluent(v));
    }
    locales.format(lang, id, Some(&fargs)).unwrap()
}

#[test]
fn plural_categories_follow_cldr_for_lt_en_fr_ar() {
    let s = l10n_site();
    let config = Config::load(s.path(), &Overrides::default()).unwrap();
    let (locales, _) = Locales::load(&config, false).unwrap();
    let cases: &[(&str, &[(f64, &str)])] = &[
        (
            "lt",
            &[
                (1.0, "one"),
                (2.0, "few"),
                (5.0, "few"),
                (10.0, "other"),
                (11.0, "other"),
                (21.0, "one"),
                (1.5, "many"),
                (0.0, "other"),
                (22.0, "few"),
                (111.0, "other"),
            ],
        ),
        (
            "en",
            &[
                (1.0, "one"),
                (2.0, "other"),
                (0.0, "other"),
                (1.5, "other"),
                (21.0, "other"),
            ],
        ),
        (
            "fr",
            &[
                (0.0, "one"),
                (1.0, "one"),
                (1.5, "one"),
                (2.0, "other"),
                (21.0, "other"),
                (1_000_000.0, "many"),
            ],
        ),
        (
            "ar",
            &[
                (0.0, "zero"),
                (1.0, "one"),
                (2.0, "two"),
                (3.0, "few"),
                (10.0, "few"),
                (11.0, "many"),
                (99.0, "many"),
                (100.0, "other"),
                (102.0, "other"),
                (1.5, "other"),
            ],
        ),
    ];
    for (lang, expected) in cases {
        for (n, category) in *expected {
            let got = format(&locales, lang, "check-plural", &[("n", json!(n))]);
            assert_eq!(&got, category, "{lang} {n}");
        }
    }
    // The shipped Lithuanian strings pick the right form, with the decimal comma.
    let minutes: Vec<String> = [1.0, 2.0, 5.0, 10.0, 11.0, 21.0, 1.5, 22.0, 45.0, 111.0]
        .iter()
        .map(|m| {
            format(
                &locales,
                "lt",
                "lesson-duration-value",
                &[("minutes", json!(m))],
            )
        })
        .collect();
    assert_eq!(
        minutes,
        [
            "1 minutė",
            "2 minutės",
            "5 minutės",
            "10 minučių",
            "11 minučių",
            "21 minutė",
            "1,5 minutės",
            "22 minutės",
            "45 minutės",
            "111 minučių"
        ]
    );
    // Arabic: six forms of "lesson".
    let lessons: Vec<String> = [0.0, 1.0, 2.0, 3.0, 11.0, 100.0, 103.0, 111.0]
        .iter()
        .map(|n| {
            format(&locales, "ar", "unit-lessons", &[("count", json!(n))])
                .replace(['\u{2068}', '\u{2069}'], "")
        })
        .collect();
    assert_eq!(
        lessons,
        [
            "لا دروس",
            "درس واحد",
            "درسان",
            "3 دروس",
            "11 درسًا",
            "100 درس",
            "103 دروس",
            "111 درسًا"
        ]
    );
}

#[test]
fn numbers_are_formatted_per_locale() {
    let s = l10n_site();
    let config = Config::load(s.path(), &Overrides::default()).unwrap();
    let (locales, _) = Locales::load(&config, false).unwrap();
    let stats = |lang| {
        format(
            &locales,
            lang,
            "home-stats",
            &[("lessons", json!(1234)), ("badges", json!(7))],
        )
        .replace(['\u{2068}', '\u{2069}'], "")
    };
    assert!(
        stats("en").starts_with("1,234 lessons and 7 open badges"),
        "{}",
        stats("en")
    );
    assert!(
        stats("lt").starts_with("1\u{a0}234 pamokos ir 7 atvirieji"),
        "{}",
        stats("lt")
    );
    assert!(
        stats("fr").starts_with("1\u{202f}234 leçons et 7 badges"),
        "{}",
        stats("fr")
    );
    assert!(
        stats("ar").starts_with("1,234 درسًا و7 شارات"),
        "{}",
        stats("ar")
    );
    // Fluent's NUMBER() works and its options are honoured.
    std::fs::write(
        s.path().join("locales/lt/extra.ftl"),
        "check-number = { NUMBER($n, minimumFractionDigits: 2) }\n",
    )
    .unwrap();
    let (locales, _) = Locales::load(&config, false).unwrap();
    assert_eq!(
        format(&locales, "lt", "check-number", &[("n", json!(1234.5))]),
        "1\u{a0}234,50"
    );
}

#[test]
fn number_formats_match_icu() {
    let Some(node) = tool("node") else { return };
    let langs = [
        "en", "lt", "fr", "ar", "de", "es", "pl", "ru", "fi", "et", "fa",
    ];
    let numbers = [
        0.0,
        7.0,
        1234.0,
        -1234.5,
        12345.678,
        1234567.0,
        0.5,
        1000.0,
        2.0 / 3.0,
    ];
    let script = format!(
        "const r={{}};for(const l of {langs:?}){{r[l]={numbers:?}.map(n=>new Intl.NumberFormat(l).format(n))}};console.log(JSON.stringify(r))"
    );
    let o = std::process::Command::new(node)
        .args(["-e", &script])
        .output()
        .unwrap();
    let icu: Value = serde_json::from_slice(&o.stdout).unwrap();
    for l in langs {
        let ours: Vec<String> = numbers
            .iter()
            .map(|n| {
                paveldas::load::numbers::NumberSymbols::for_language(l)
                    .format(*n, &Default::default())
                    .unwrap()
            })
            .collect();
        assert_eq!(json!(ours), icu[l], "{l}");
    }
}

#[test]
fn plural_rules_agree_with_icu() {
    use intl_pluralrules::{PluralRuleType, PluralRules};
    let Some(node) = tool("node") else { return };
    let mut samples: Vec<String> = (0..=1200).map(|i| i.to_string()).collect();
    for s in [
        "10000", "20000", "100000", "1000000", "2000000", "0.0", "0.1", "0.5", "1.0", "1.1",
        "1.10", "1.25", "1.5", "2.0", "2.5", "2.75", "3.01", "3.5", "10.1", "11.11", "11.5",
        "21.3", "101.2",
    ] {
        samples.push(s.into());
    }
    let locales: Vec<String> = PluralRules::get_locales(PluralRuleType::CARDINAL)
        .iter()
        .map(|l| l.to_string())
        .collect();
    // ICU's category for each sample, or null where ICU has no rules of its own for the locale.
    let script = format!(
        "const s={samples:?};const r={{}};for(const l of {locales:?}){{let p;try{{p=new Intl.PluralRules(l)}}catch(e){{continue}}if(p.resolvedOptions().locale.split('-')[0]!==l.split('-')[0])continue;const q=[0,1,2].map(v=>new Intl.PluralRules(l,{{minimumFractionDigits:v}}));r[l]=s.map(x=>q[x.includes('.')?x.split('.')[1].length:0].select(Number(x)))}};console.log(JSON.stringify(r))"
    );
    let o = std::process::Command::new(node)
        .args(["-e", &script])
        .output()
        .unwrap();
    let icu: serde_json::Map<String, Value> = serde_json::from_slice(&o.stdout).unwrap();
    assert!(icu.len() > 150, "ICU knows {} locales", icu.len());
    let mut wrong = Vec::new();
    for (l, cats) in &icu {
        let pr = PluralRules::create(
            l.parse::<unic_langid::LanguageIdentifier>().unwrap(),
            PluralRuleType::CARDINAL,
        )
        .unwrap();
        for (sample, want) in samples.iter().zip(cats.as_array().unwrap()) {
            let got = format!("{:?}", pr.select(sample.as_str()).unwrap()).to_lowercase();
            if want != got.as_str() {
                wrong.push(format!("{l} {sample}: {got}, ICU {want}"));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} differences, e.g. {:?}",
        wrong.len(),
        &wrong[..wrong.len().min(10)]
    );
}

/// A tool the outside checks need: `None` (skipped, with a message) when it is not installed,
/// a failure when `CI=true`.
fn tool(name: &str) -> Option<PathBuf> {
    on_path(name).or_else(|| missing(&format!("`{name}` is not installed")))
}

/// The peer `check_ftl.sh` and its tools, or `None` (skipped) when they are not installed.
fn check_ftl() -> Option<PathBuf> {
    let peer = peer_dir();
    let tools = if peer.join("venv/bin/compare-locales").is_file()
        && peer.join("node_modules/@fluent/syntax").is_dir()
    {
        Ok(())
    } else {
        Err(format!(
            "no compare-locales and @fluent/syntax in {}",
            peer.display()
        ))
    };
    tools
        .and_then(|()| peer_script("check_ftl.sh"))
        .map_or_else(|why| missing(&why), Some)
}

#[test]
fn shipped_locales_pass_compare_locales_and_fluent_syntax() {
    let Some(script) = check_ftl() else { return };
    let o = std::process::Command::new("bash")
        .arg(&script)
        .arg(repo().join("locales"))
        .arg("en")
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{out}\n{}", stderr(&o));
    assert!(out.contains("0 syntax errors"), "{out}");
}

#[test]
fn a_broken_ftl_fails_the_peer_check_at_the_same_line_as_paveldas() {
    let Some(script) = check_ftl() else { return };
    let s = broken_ftl();
    let err = stderr(&paveldas(s.path(), &["build"]));
    let (line, _) = location(&err, "locales/lt/checks.ftl");
    let o = std::process::Command::new("bash")
        .arg(&script)
        .arg(s.path().join("locales"))
        .arg("en")
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(!o.status.success(), "{out}");
    assert!(
        out.contains(&format!("lt/checks.ftl:{line}: E0003")),
        "paveldas said line {line}:\n{out}"
    );
}
