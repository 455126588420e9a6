//! Bad input is normal input: each broken site fails the build with file:line and a hint, and the
//! previous good output is left byte for byte as it was.

use crate::helpers::*;
use std::path::Path;

/// Builds the fixture once (good), applies `break_it`, builds again and returns stderr after
/// asserting failure and an untouched output.
fn broken(break_it: impl FnOnce(&Path)) -> String {
    fails_keeping_output(fixture("basic").path(), break_it)
}

#[test]
fn broken_yaml_is_reported_at_the_file_line() {
    let err = broken(|r| {
        write(
            r,
            "content/lessons/01-first/beta.md",
            "---\ntitle: Beta\nsubjects: [History\norder: 2\n---\nBody\n",
        )
    });
    assert!(err.contains("content/lessons/01-first/beta.md:4:"), "{err}");
    assert!(err.contains("hint:"), "{err}");
}

#[test]
fn unknown_key_gets_did_you_mean() {
    let err = broken(|r| {
        write(
            r,
            "content/lessons/01-first/beta.md",
            "---\ntitle: Beta\nobjectivs:\n  - x\n---\nBody\n",
        )
    });
    assert!(err.contains("content/lessons/01-first/beta.md:3"), "{err}");
    assert!(err.contains("unknown key `objectivs`"), "{err}");
    assert!(err.contains("did you mean `objectives`?"), "{err}");
}

#[test]
fn missing_title() {
    let err = broken(|r| {
        write(
            r,
            "content/lessons/01-first/beta.md",
            "---\norder: 2\n---\nBody\n",
        )
    });
    assert!(err.contains("content/lessons/01-first/beta.md:1"), "{err}");
    assert!(err.contains("missing required key `title`"), "{err}");
}

#[test]
fn link_to_a_missing_lesson() {
    let err = broken(|r| {
        write(
            r,
            "content/lessons/01-first/beta.md",
            "---\ntitle: Beta\n---\nFirst line.\n\nSee [gone](../02-second/gama.md).\n",
        )
    });
    assert!(
        err.contains("content/lessons/01-first/beta.md:6:5"),
        "{err}"
    );
    assert!(
        err.contains("did you mean `../02-second/gamma.md`?"),
        "{err}"
    );
}

#[test]
fn errors_in_every_language_are_reported_together() {
    // `build` renders one language at a time; an error in the first does not hide the others'.
    let err = broken(|r| {
        write(
            r,
            "content/lessons/01-first/beta.md",
            "---\ntitle: Beta\n---\nFirst line.\n\nSee [gone](../02-second/gama.md).\n",
        );
        let lt = r.join("content/lessons/01-first/alpha.lt.md");
        let text = std::fs::read_to_string(&lt).unwrap();
        std::fs::write(&lt, text.replace("(beta.md#activity)", "(betta.md)")).unwrap();
    });
    assert!(
        err.contains("content/lessons/01-first/beta.md:6:5"),
        "{err}"
    );
    assert!(
        err.contains("content/lessons/01-first/alpha.lt.md:8:"),
        "{err}"
    );
}

#[test]
fn asset_path_escaping_the_root() {
    let err = broken(|r| {
        write(
            r,
            "content/lessons/01-first/beta.md",
            "---\ntitle: Beta\n---\n![x](../../../../../etc/passwd)\n",
        )
    });
    assert!(
        err.contains("content/lessons/01-first/beta.md:4:1"),
        "{err}"
    );
    assert!(err.contains("outside the site root"), "{err}");
}

#[test]
fn missing_image() {
    let err = broken(|r| {
        write(
            r,
            "content/lessons/01-first/beta.md",
            "---\ntitle: Beta\n---\n\n![x](nothere.png)\n",
        )
    });
    assert!(
        err.contains("content/lessons/01-first/beta.md:5:1"),
        "{err}"
    );
    assert!(err.contains("missing image"), "{err}");
}

#[test]
fn translation_with_an_unknown_language_suffix() {
    let err = broken(|r| {
        write(
            r,
            "content/lessons/01-first/beta.de.md",
            "---\ntitle: Beta\n---\nHallo\n",
        )
    });
    assert!(err.contains("content/lessons/01-first/beta.de.md"), "{err}");
    assert!(err.contains("`de`"), "{err}");
    assert!(err.contains("configured languages"), "{err}");
}

#[test]
fn output_dir_is_the_site_root() {
    let err = broken(|r| {
        let t = std::fs::read_to_string(r.join("site.yaml")).unwrap();
        std::fs::write(
            r.join("site.yaml"),
            t.replace("output_dir: public", "output_dir: ."),
        )
        .unwrap();
    });
    assert!(err.contains("site.yaml"), "{err}");
    assert!(err.contains("is the site root"), "{err}");
}

#[test]
fn output_dir_with_foreign_files_is_refused() {
    let site = fixture("basic");
    write(site.path(), "mine/notes.txt", "precious");
    let t = std::fs::read_to_string(site.path().join("site.yaml")).unwrap();
    std::fs::write(
        site.path().join("site.yaml"),
        t.replace("output_dir: public", "output_dir: mine"),
    )
    .unwrap();
    let err = build_fails(site.path());
    assert!(
        err.contains("holds files paveldas did not write: `notes.txt`"),
        "{err}"
    );
    assert_eq!(read(&site.path().join("mine/notes.txt")), "precious");
}

#[test]
fn template_using_an_unknown_message_id() {
    let err = broken(|r| {
        let p = r.join("themes/default/templates/404.html");
        let t = std::fs::read_to_string(&p).unwrap();
        std::fs::write(
            &p,
            t.replace("t(id=\"not-found-text\")", "t(id=\"no-such-message\")"),
        )
        .unwrap();
    });
    assert!(err.contains("themes/default/templates/404.html"), "{err}");
    assert!(err.contains("no-such-message"), "{err}");
}

#[test]
fn unknown_badge_id_on_a_lesson() {
    let err = broken(|r| {
        write(
            r,
            "content/lessons/01-first/beta.md",
            "---\ntitle: Beta\nbadges: [explorr]\n---\nBody\n",
        )
    });
    assert!(err.contains("content/lessons/01-first/beta.md:3"), "{err}");
    assert!(err.contains("did you mean `explorer`?"), "{err}");
}

#[test]
fn config_errors_name_key_and_line() {
    let err = broken(|r| {
        let t = std::fs::read_to_string(r.join("site.yaml")).unwrap();
        std::fs::write(
            r.join("site.yaml"),
            t.replace("default_language: en", "default_language: fr"),
        )
        .unwrap();
    });
    assert!(err.contains("site.yaml:2"), "{err}");
    assert!(
        err.contains("default language `fr` is not in `languages`"),
        "{err}"
    );
}

#[test]
fn broken_ftl_fails_the_build_with_line_and_column() {
    let err = broken(|r| {
        let p = r.join("locales/lt/main.ftl");
        let t = std::fs::read_to_string(&p).unwrap();
        std::fs::write(&p, t.replace("nav-home = Pradžia", "nav-home Pradžia")).unwrap();
    });
    assert!(err.contains("locales/lt/main.ftl:"), "{err}");
    assert!(err.contains("Fluent syntax error"), "{err}");
}

#[test]
fn missing_ftl_message_falls_back_to_the_default_language() {
    let site = fixture("basic");
    let p = site.path().join("locales/lt/main.ftl");
    let t = std::fs::read_to_string(&p).unwrap();
    std::fs::write(&p, t.replace("nav-badges = Ženkleliai\n", "")).unwrap();
    let out = build_ok(site.path(), &[]);
    let doc = html(&out.join("lt/index.html"));
    let nav = texts(&doc, ".main-nav a");
    assert!(nav.contains(&"Badges".to_string()), "{nav:?}");
    assert!(nav.contains(&"Pamokos".to_string()), "{nav:?}");
}

#[test]
fn invalid_utf8_and_unclosed_front_matter() {
    let err = broken(|r| {
        std::fs::write(
            r.join("content/lessons/01-first/beta.md"),
            b"---\ntitle: B\xff\n---\n",
        )
        .unwrap()
    });
    assert!(err.contains("beta.md:2"), "{err}");
    assert!(err.contains("not valid UTF-8"), "{err}");
    let err = broken(|r| write(r, "content/lessons/01-first/beta.md", "---\ntitle: B\n"));
    assert!(err.contains("front matter is not closed"), "{err}");
}

#[test]
fn unit_key_must_match_directory() {
    let err = broken(|r| {
        write(
            r,
            "content/lessons/01-first/beta.md",
            "---\ntitle: Beta\nunit: 02-second\n---\nBody\n",
        )
    });
    assert!(err.contains("beta.md:3"), "{err}");
    assert!(err.contains("does not match the directory"), "{err}");
}
