//! Fenced code is highlighted by syntect into `hl-` CSS classes, with light and dark styles;
//! an unknown language is plain text, not an error.

use crate::helpers::*;

#[test]
fn json_in_the_shipped_site_is_highlighted_with_classes_the_css_styles() {
    let out = shipped_offline();
    let doc = html(&out.join("en/lessons/06-lithuania/struve-geodetic-arc.html"));
    assert_eq!(attrs(&doc, "pre.hl-code", "data-lang"), ["json"]);
    let classes: Vec<String> = attrs(&doc, "pre.hl-code span", "class");
    assert!(
        classes.iter().any(|c| c.contains("hl-source hl-json")),
        "{classes:?}"
    );
    assert!(
        classes
            .iter()
            .any(|c| c.contains("hl-string") || c.contains("hl-definition")),
        "{classes:?}"
    );
    assert!(
        classes.iter().any(|c| c.contains("hl-constant hl-numeric")),
        "{classes:?}"
    );
    // The page links the stylesheet, which has a light and a dark theme for those classes.
    assert!(attrs(&doc, "link[rel=stylesheet]", "href")
        .contains(&"../../../assets/highlight.css".into()));
    let css = read(&out.join("assets/highlight.css"));
    assert!(css.contains(".hl-constant.hl-numeric"));
    let dark = css
        .split(paveldas::resolve::highlight::DARK_MEDIA)
        .nth(1)
        .expect("a dark theme");
    assert!(dark.contains(".hl-string"), "dark styles for strings");
    // The YAML example of the convention lesson too, in Lithuanian.
    let doc = html(&out.join("lt/lessons/01-convention/the-convention-1972.html"));
    assert!(attrs(&doc, "pre.hl-code span", "class")
        .iter()
        .any(|c| c.contains("hl-yaml")));
}

#[test]
fn unknown_languages_and_indented_code_are_plain_text() {
    let site = fixture("basic");
    let lesson = site.path().join("content/lessons/01-first/beta.md");
    let mut text = read(&lesson);
    text.push_str(
        "\n```nosuchlang\nif a < b && c > \"d\" { x }\n```\n\n    indented <code>\n\n```\nno language\n```\n",
    );
    std::fs::write(&lesson, text).unwrap();
    let o = paveldas(site.path(), &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!stderr(&o).contains("nosuchlang"), "no warning either");
    let doc = html(&site.path().join("public/en/lessons/01-first/beta.html"));
    let blocks = texts(&doc, "pre code");
    assert_eq!(
        blocks,
        [
            "if a < b && c > \"d\" { x }",
            "indented <code>",
            "no language"
        ],
        "the source text, escaped and intact"
    );
    assert_eq!(attrs(&doc, "pre", "data-lang"), ["nosuchlang"]);
    // Plain text carries no token classes beyond the plain-text scope.
    for c in attrs(&doc, "pre span", "class") {
        assert!(c.starts_with("hl-text hl-plain"), "{c}");
    }
}
