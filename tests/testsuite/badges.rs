//! Open Badges: badge pages with their criteria as a checklist and as JSON-LD, the Open Badges 2.0
//! and 3.0 JSON files validated against the schemas in `../shared/schemas/openbadges/`, generated
//! SVG badge images, lesson ↔ badge links, and the badge integrity errors with file:line.

use crate::helpers::*;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};

const BASE: &str = SHIPPED_BASE_URL;

/// `shared/schemas/openbadges`: beside the repository (`../shared`, as in CI), or beside one of its
/// parent directories (a git worktree).
fn schemas_dir() -> PathBuf {
    in_shared("schemas/openbadges/SOURCES.md")
        .map(|p| p.parent().unwrap().to_path_buf())
        .unwrap_or_else(|| {
            panic!(
                "shared/schemas/openbadges not found beside {} (CI puts shared/ beside the clone)",
                repo().display()
            )
        })
}

fn json_file(p: &Path) -> Value {
    serde_json::from_str(&read(p)).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

struct Validators {
    badge_class: jsonschema::Validator,
    achievement: jsonschema::Validator,
    issuer: jsonschema::Validator,
}

/// The validators SOURCES.md names: OB 2.0 BadgeClass (which loads the Profile schema for an
/// embedded issuer), OB 2.0 issuer Profile, and OB 3.0 `achievementcredential.json#/$defs/Achievement`
/// (draft 2019-09), with `$ref`s resolved from the local files only.
fn validators() -> Validators {
    let dir = schemas_dir();
    let badge_class = json_file(&dir.join("v2p0/badgeclass.schema.json"));
    let profile = json_file(&dir.join("v2p0/profile.schema.json"));
    let credential = json_file(&dir.join("v3p0/achievementcredential.json"));
    let id = |v: &Value| v["$id"].as_str().unwrap().to_string();
    let resource = |v: &Value| jsonschema::Resource::from_contents(v.clone()).unwrap();
    let achievement = json!({
        "$schema": "https://json-schema.org/draft/2019-09/schema",
        "$ref": format!("{}#/$defs/Achievement", id(&credential)),
    });
    Validators {
        badge_class: jsonschema::options()
            .should_validate_formats(true)
            .with_resource(id(&profile), resource(&profile))
            .build(&badge_class)
            .unwrap(),
        issuer: jsonschema::options()
            .should_validate_formats(true)
            .build(&profile)
            .unwrap(),
        achievement: jsonschema::options()
            .with_draft(jsonschema::Draft::Draft201909)
            .should_validate_formats(true)
            .with_resource(id(&credential), resource(&credential))
            .build(&achievement)
            .unwrap(),
    }
}

fn errors(v: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    v.iter_errors(instance)
        .map(|e| format!("{}: {e}", e.instance_path))
        .collect()
}

/// Which schema checks a badge JSON file, by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    BadgeClass,
    Achievement,
    Issuer,
}

fn kind(p: &Path) -> Kind {
    let name = p.file_name().unwrap().to_string_lossy();
    if name == "issuer.json" {
        Kind::Issuer
    } else if name.ends_with(".ob3.json") {
        Kind::Achievement
    } else {
        Kind::BadgeClass
    }
}

fn json_files(out: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = walkdir::WalkDir::new(out)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
        .map(|e| e.path().to_path_buf())
        .collect();
    v.sort();
    v
}

/// The output file an absolute URL under `BASE` names.
fn file_of(out: &Path, url: &str) -> PathBuf {
    let rel = url
        .strip_prefix(BASE)
        .unwrap_or_else(|| panic!("{url} is not under {BASE}"));
    out.join(paveldas::resolve::paths::percent_decode(rel))
}

/// The file a relative `href` on page `from` names (fragment dropped, `..` resolved).
fn target(from: &Path, href: &str) -> PathBuf {
    let path = href.split(['#', '?']).next().unwrap();
    let mut out = PathBuf::new();
    for c in from.parent().unwrap().join(path).components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            c => out.push(c),
        }
    }
    out
}

fn badge_pages(out: &Path) -> Vec<PathBuf> {
    html_files(out)
        .into_iter()
        .filter(|p| {
            p.parent().unwrap().ends_with("badges")
                && p.file_name().unwrap() != "index.html"
                && p.components().count() > out.components().count() + 1
        })
        .collect()
}

fn jsonld(doc: &scraper::Html) -> Value {
    let scripts = texts(doc, r#"script[type="application/ld+json"]"#);
    assert_eq!(scripts.len(), 1, "one JSON-LD block per badge page");
    serde_json::from_str(&scripts[0]).expect("the JSON-LD parses as JSON")
}

/// The items of a Markdown criteria narrative, as a platform renders them.
fn narrative_items(markdown: &str) -> Vec<String> {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(markdown));
    texts(&scraper::Html::parse_fragment(&html), "li")
}

#[test]
fn shipped_badge_json_validates_against_the_open_badges_schemas() {
    let out = shipped_published();
    let v = validators();
    let mut counts: BTreeMap<Kind, usize> = BTreeMap::new();
    let mut problems = Vec::new();
    for file in json_files(out) {
        assert!(
            file.parent().unwrap().ends_with("badges"),
            "unexpected JSON file {}",
            file.display()
        );
        let k = kind(&file);
        *counts.entry(k).or_default() += 1;
        let validator = match k {
            Kind::BadgeClass => &v.badge_class,
            Kind::Achievement => &v.achievement,
            Kind::Issuer => &v.issuer,
        };
        for e in errors(validator, &json_file(&file)) {
            problems.push(format!("{}: {e}", file.display()));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // One edition per badge source or translation file; one issuer per language.
    let editions = std::fs::read_dir(repo().join("content/badges"))
        .unwrap()
        .flatten()
        .filter(|e| {
            let n = e.file_name().to_string_lossy().into_owned();
            n.ends_with(".md") && !n.starts_with("_index")
        })
        .count();
    assert!(
        editions >= 12,
        "the shipped site has badges in two languages"
    );
    assert_eq!(counts.get(&Kind::BadgeClass), Some(&editions), "{counts:?}");
    assert_eq!(
        counts.get(&Kind::Achievement),
        Some(&editions),
        "{counts:?}"
    );
    assert_eq!(counts.get(&Kind::Issuer), Some(&4), "{counts:?}");
}

#[test]
fn the_validation_can_fail() {
    let dir = repo().join("tests/fixtures/invalid-badge-json");
    let v = validators();
    let bad_class = errors(&v.badge_class, &json_file(&dir.join("badgeclass.json")));
    assert!(
        bad_class.iter().any(|e| e.contains("issuer")),
        "{bad_class:?}"
    );
    assert!(
        bad_class.iter().any(|e| e.starts_with("/image")),
        "{bad_class:?}"
    );
    let bad_ach = errors(
        &v.achievement,
        &json_file(&dir.join("achievement.ob3.json")),
    );
    for path in ["/type", "/image", "/inLanguage"] {
        assert!(
            bad_ach.iter().any(|e| e.starts_with(path)),
            "{path}: {bad_ach:?}"
        );
    }
    let bad_issuer = errors(&v.issuer, &json_file(&dir.join("issuer.json")));
    assert!(
        bad_issuer.iter().any(|e| e.contains("email")),
        "{bad_issuer:?}"
    );
}

#[test]
fn lithuanian_badge_json_is_ready_for_a_badge_platform() {
    let out = shipped_published();
    let page = out.join("lt/badges/young-heritage-guardian.html");
    let doc = html(&page);
    let class = json_file(&out.join("lt/badges/young-heritage-guardian.json"));
    assert_eq!(
        class["id"],
        json!(format!("{BASE}lt/badges/young-heritage-guardian.json"))
    );
    assert_eq!(class["@language"], "lt");
    assert_eq!(class["name"].as_str().unwrap(), texts(&doc, "h1")[0]);
    assert_eq!(class["name"], "Jaunasis paveldo sergėtojas");
    // Criteria link back to the page; the image and issuer are files of the site.
    assert_eq!(
        file_of(out, class["criteria"]["id"].as_str().unwrap()),
        page
    );
    let image = file_of(out, class["image"].as_str().unwrap());
    assert!(image.is_file(), "{}", image.display());
    let img_src = attrs(&doc, "img.badge-image", "src");
    assert_eq!(target(&page, &img_src[0]), image);
    let issuer = json_file(&file_of(out, class["issuer"].as_str().unwrap()));
    assert_eq!(issuer["email"], "badges@example.org");
    let ob3 = json_file(&out.join("lt/badges/young-heritage-guardian.ob3.json"));
    assert_eq!(ob3["inLanguage"], "lt");
    assert_eq!(ob3["image"]["id"], class["image"]);
    // The page shows the address to paste and links the files.
    assert_eq!(
        texts(&doc, ".paste-url"),
        vec![format!("{BASE}lt/badges/young-heritage-guardian.json")]
    );
    let links: Vec<PathBuf> = attrs(&doc, ".badge-machine a", "href")
        .iter()
        .map(|h| target(&page, h))
        .collect();
    assert!(links.iter().all(|l| l.is_file()), "{links:?}");
    assert_eq!(links.len(), 3);
}

#[test]
fn versions_and_language_editions_point_to_each_other() {
    let out = shipped_published();
    let mut checked = 0;
    for file in json_files(out) {
        let k = kind(&file);
        if k == Kind::Issuer {
            continue;
        }
        let me = json_file(&file);
        let lang = me
            .get("@language")
            .or_else(|| me.get("inLanguage"))
            .and_then(Value::as_str)
            .unwrap()
            .to_string();
        let related = me["related"].as_array().expect("related");
        let mut other_version = 0;
        for r in related {
            let there = file_of(out, r["id"].as_str().unwrap());
            assert!(
                there.is_file(),
                "{}: {} is missing",
                file.display(),
                r["id"]
            );
            let them = json_file(&there);
            if kind(&there) != k {
                other_version += 1;
            }
            // It points back.
            let back: Vec<&str> = them["related"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x["id"].as_str().unwrap())
                .collect();
            assert!(
                back.contains(&me["id"].as_str().unwrap()),
                "{} does not point back to {}",
                there.display(),
                file.display()
            );
            // Its language is as announced.
            let r_lang = r.get("@language").or_else(|| r.get("inLanguage")).unwrap();
            let their_lang = them.get("@language").or_else(|| them.get("inLanguage"));
            assert_eq!(Some(r_lang), their_lang, "{}", there.display());
            if kind(&there) != k {
                assert_eq!(r_lang.as_str(), Some(lang.as_str()));
            }
            checked += 1;
        }
        assert_eq!(
            other_version,
            1,
            "{}: one link to the other version",
            file.display()
        );
    }
    assert!(checked > 20, "{checked}");
}

#[test]
fn badge_pages_embed_their_criteria_as_json_ld() {
    let out = shipped_published();
    let pages = badge_pages(out);
    assert!(pages.len() >= 28, "{}", pages.len());
    for page in pages {
        let doc = html(&page);
        let ld = jsonld(&doc);
        let checklist = texts(&doc, ".checklist li");
        assert!(!checklist.is_empty(), "{}", page.display());
        let narrative = ld["criteria"]["narrative"].as_str().unwrap();
        assert_eq!(narrative_items(narrative), checklist, "{}", page.display());
        assert_eq!(ld["name"].as_str().unwrap(), texts(&doc, "h1")[0]);
        // The JSON-LD is the Achievement of the edition the reader sees.
        let file = file_of(out, ld["id"].as_str().unwrap());
        assert_eq!(json_file(&file), ld, "{}", page.display());
    }
}

#[test]
fn without_a_base_url_pages_are_complete_and_no_json_is_written() {
    let site = fixture("basic");
    let o = paveldas(site.path(), &["build"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let err = stderr(&o);
    assert_eq!(
        err.matches("badge JSON files").count(),
        1,
        "said once:\n{err}"
    );
    assert!(err.contains("site.yaml: note:"), "{err}");
    assert!(err.contains("--base-url"), "{err}");
    let out = site.path().join("public");
    assert!(json_files(&out).is_empty(), "{:?}", json_files(&out));
    for lang in ["en", "lt"] {
        let page = out.join(lang).join("badges/explorer.html");
        let doc = html(&page);
        assert!(texts(&doc, ".badge-machine").is_empty());
        let ld = jsonld(&doc);
        assert_eq!(
            narrative_items(ld["criteria"]["narrative"].as_str().unwrap()),
            texts(&doc, ".checklist li")
        );
        // Relative URLs that resolve against the page: to itself and to its image.
        assert_eq!(target(&page, ld["criteria"]["id"].as_str().unwrap()), page);
        assert!(target(&page, ld["image"]["id"].as_str().unwrap()).is_file());
        let errs = errors(&validators().achievement, &ld);
        assert!(errs.is_empty(), "{errs:?}");
    }
    // With a base URL there is no note.
    let o = paveldas(site.path(), &["build", "--base-url", BASE]);
    assert!(!stderr(&o).contains("badge JSON files"), "{}", stderr(&o));
    assert_eq!(json_files(&out).len(), 2 * 2 + 2);
}

#[test]
fn an_issuer_without_email_is_reported_once_and_no_json_is_written() {
    let site = fixture("basic");
    let yaml = read(&site.path().join("site.yaml"));
    let yaml: String = yaml
        .lines()
        .filter(|l| !l.contains("email"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(site.path().join("site.yaml"), yaml).unwrap();
    let o = paveldas(site.path(), &["build", "--base-url", BASE]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert_eq!(err.matches("badge JSON files").count(), 1, "{err}");
    assert!(err.contains("site.yaml:6: warning:"), "{err}");
    assert!(json_files(&site.path().join("public")).is_empty());
}

#[test]
fn lessons_and_badges_link_to_each_other() {
    let out = shipped_published();
    let mut pairs = 0;
    for lang in ["en", "lt", "fr"] {
        let dir = out.join(lang);
        for lesson in html_files(&dir.join("lessons")) {
            let doc = html(&lesson);
            for href in attrs(&doc, ".badge-chips a", "href") {
                let badge = target(&lesson, &href);
                assert!(badge.is_file(), "{}: {href}", lesson.display());
                let back: Vec<PathBuf> =
                    attrs(&html(&badge), ".badge-lessons .lesson-list a", "href")
                        .iter()
                        .map(|h| target(&badge, h))
                        .collect();
                assert!(
                    back.contains(&lesson),
                    "{} does not list {}",
                    badge.display(),
                    lesson.display()
                );
                pairs += 1;
            }
        }
        for badge in badge_pages(&dir) {
            let doc = html(&badge);
            let lessons: Vec<PathBuf> = attrs(&doc, ".badge-lessons .lesson-list a", "href")
                .iter()
                .map(|h| target(&badge, h))
                .collect();
            for lesson in &lessons {
                let back: Vec<PathBuf> = attrs(&html(lesson), ".badge-chips a", "href")
                    .iter()
                    .map(|h| target(lesson, h))
                    .collect();
                assert!(
                    back.contains(&badge),
                    "{} does not show {}",
                    lesson.display(),
                    badge.display()
                );
            }
            // In unit order: the unit directories of the lessons never go back.
            let units: Vec<String> = lessons
                .iter()
                .map(|l| {
                    l.parent()
                        .unwrap()
                        .file_name()
                        .unwrap()
                        .to_string_lossy()
                        .into_owned()
                })
                .collect();
            let mut sorted = units.clone();
            sorted.sort();
            assert_eq!(units, sorted, "{}", badge.display());
            let headings = texts(&doc, ".badge-lessons h3");
            assert_eq!(headings.len(), units.iter().collect::<BTreeSet<_>>().len());
        }
    }
    assert!(pairs > 30, "{pairs}");
}

/// The text of the `<text>` lines of a generated badge, with line-end hyphens undone.
fn svg_text(doc: &roxmltree::Document) -> String {
    let mut s = String::new();
    for t in doc.descendants().filter(|n| n.has_tag_name("text")) {
        let line = t.text().unwrap_or("");
        if s.ends_with('-') && !line.is_empty() {
            s.pop();
        } else if !s.is_empty() {
            s.push(' ');
        }
        s.push_str(line);
    }
    s
}

#[test]
fn generated_badge_images_are_svg_with_the_localized_name() {
    let out = shipped_published();
    let mut checked = 0;
    for page in badge_pages(out) {
        let doc = html(&page);
        let name = texts(&doc, "h1").remove(0);
        let svg_path = target(&page, &attrs(&doc, "img.badge-image", "src")[0]);
        let text = read(&svg_path);
        let svg = roxmltree::Document::parse(&text)
            .unwrap_or_else(|e| panic!("{}: not XML: {e}", svg_path.display()));
        let root = svg.root_element();
        assert!(root.has_tag_name(("http://www.w3.org/2000/svg", "svg")));
        let title = root
            .children()
            .find(|n| n.has_tag_name("title"))
            .expect("a <title>");
        assert_eq!(title.text(), Some(name.as_str()), "{}", svg_path.display());
        assert_eq!(
            root.attribute("aria-labelledby"),
            title.attribute("id"),
            "the title labels the image"
        );
        assert_eq!(svg_text(&svg), name, "{}", svg_path.display());
        checked += 1;
    }
    assert!(checked >= 28);
    let lt = read(&out.join("lt/badges/peace-builder.svg"));
    let lt = roxmltree::Document::parse(&lt).unwrap();
    assert_eq!(lt.root_element().attribute("lang"), Some("lt"));
}

#[test]
fn a_long_lithuanian_name_is_wrapped_and_fitted() {
    let site = fixture("basic");
    let name = "Nebeprisikiškiakopūsteliaudavome kultūrinio kraštovaizdžio tyrinėtojas";
    let lt = read(&site.path().join("content/badges/explorer.lt.md"))
        .replace("name: Paveldo tyrinėtojas", &format!("name: {name}"));
    write(site.path(), "content/badges/explorer.lt.md", &lt);
    let out = build_ok(site.path(), &[]);
    let text = read(&out.join("lt/badges/explorer.svg"));
    let svg = roxmltree::Document::parse(&text).unwrap();
    assert_eq!(svg_text(&svg), name);
    let lines: Vec<_> = svg
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .collect();
    assert!((3..=5).contains(&lines.len()), "{text}");
    assert!(
        lines.iter().all(|l| l.attribute("textLength").is_none()),
        "fits without squeezing"
    );
    let size: f64 = svg
        .descendants()
        .find_map(|n| n.attribute("font-size"))
        .unwrap()
        .parse()
        .unwrap();
    assert!(size >= 12.0, "{size}");
}

#[test]
fn the_badge_page_is_a_printable_criteria_sheet() {
    let site = fixture("basic");
    let out = build_ok(site.path(), &[]);
    let doc = html(&out.join("lt/badges/explorer.html"));
    assert_eq!(
        texts(&doc, ".checklist li"),
        vec!["Aplanko vietovę", "Pristato radinius"]
    );
    assert_eq!(doc.select(&sel(".checklist .box")).count(), 2);
    assert_eq!(
        texts(&doc, ".sheet-fields dt"),
        vec!["Mokinys", "Klasė", "Data", "Mokytojo parašas"]
    );
    assert_eq!(
        texts(&doc, "button[data-print][hidden]"),
        vec!["Spausdinti kriterijų lapą"]
    );
    // The index groups badges by unit and says how many lessons count toward each.
    let index = html(&out.join("en/badges/index.html"));
    assert_eq!(texts(&index, ".badge-group h2"), vec!["Unit 1: First unit"]);
    assert_eq!(texts(&index, ".badge-cards .meta"), vec!["2 lessons"]);
}

/// Builds the fixture after `change`, expecting failure; returns stderr.
fn fails(change: impl FnOnce(&Path)) -> String {
    let site = fixture("basic");
    change(site.path());
    let err = build_fails(site.path());
    assert!(!site.path().join("public").exists());
    err
}

const BETA: &str = "content/lessons/01-first/beta.md";
const EXPLORER: &str = "content/badges/explorer.md";

#[test]
fn a_lesson_naming_an_unknown_badge() {
    let err = fails(|r| {
        write(
            r,
            BETA,
            "---\ntitle: Beta\nunit: 01-first\nbadges: [explorer, explorr]\n---\nBody\n",
        )
    });
    assert!(
        err.contains(&format!("{BETA}:4:20: error: unknown badge `explorr`")),
        "{err}"
    );
    assert!(err.contains("did you mean `explorer`?"), "{err}");
}

#[test]
fn a_badge_without_criteria() {
    let err = fails(|r| {
        let t = read(&r.join(EXPLORER));
        let t = t.replace(
            "criteria:\n  - Visits a site\n  - Presents findings\n",
            "criteria: []\n",
        );
        write(r, EXPLORER, &t);
    });
    assert!(
        err.contains(&format!("{EXPLORER}:4: error: `criteria` is empty")),
        "{err}"
    );
    let err = fails(|r| {
        write(r, EXPLORER, "---\nname: X\ndescription: Y\n---\nBody\n");
    });
    assert!(
        err.contains(&format!(
            "{EXPLORER}:1: error: missing required key `criteria`"
        )),
        "{err}"
    );
}

#[test]
fn duplicate_badge_ids() {
    let badge = "---\nname: Twin\ndescription: D\ncriteria: [c]\n---\n";
    let err = fails(|r| write(r, "content/badges/Explorer.md", badge));
    assert!(
        err.contains(&format!(
            "{EXPLORER}: error: the page of `content/badges/explorer.md` (`en/badges/explorer.html`) and the page of `content/badges/Explorer.md` (`en/badges/Explorer.html`) would be one file"
        )),
        "{err}"
    );
    let err = fails(|r| {
        write(r, "content/badges/site-guide.md", badge);
        write(r, "content/badges/site_guide.md", badge);
    });
    assert!(
        err.contains("content/badges/site_guide.md:1: error: badge id `site_guide` is the same as `site-guide` (content/badges/site-guide.md)"),
        "{err}"
    );
}

#[test]
fn a_badge_no_lesson_counts_toward_is_a_warning() {
    let site = fixture("basic");
    write(
        site.path(),
        "content/badges/lonely.md",
        "---\nname: Lonely\ndescription: D\ncriteria: [c]\n---\n",
    );
    let o = paveldas(site.path(), &["build"]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("content/badges/lonely.md:1: warning: no lesson counts toward badge `lonely`"),
        "{err}"
    );
    let index = html(&site.path().join("public/en/badges/index.html"));
    assert_eq!(
        texts(&index, ".badge-group h2"),
        vec!["Unit 1: First unit", "Other badges"]
    );
    let page = html(&site.path().join("public/en/badges/lonely.html"));
    assert_eq!(
        texts(&page, ".badge-lessons p"),
        vec!["No lesson counts toward this badge yet."]
    );
}

/// The explorer badge with `image: <image>` on line 5.
fn with_image(r: &Path, image: &str) {
    let t = read(&r.join(EXPLORER)).replacen("criteria:", &format!("image: {image}\ncriteria:"), 1);
    write(r, EXPLORER, &t);
}

#[test]
fn a_missing_badge_image() {
    let err = fails(|r| with_image(r, "nothere.png"));
    assert!(
        err.contains(&format!(
            "{EXPLORER}:4: error: badge image `nothere.png` not found"
        )),
        "{err}"
    );
    let err = fails(|r| with_image(r, "../../../outside.png"));
    assert!(
        err.contains(&format!(
            "{EXPLORER}:4: error: badge image `../../../outside.png` points outside the site root"
        )),
        "{err}"
    );
}

#[test]
fn a_badge_image_that_is_not_an_image() {
    let err = fails(|r| {
        write(r, "content/badges/explorer.png", "this is text, not a PNG");
        with_image(r, "explorer.png");
    });
    assert!(
        err.contains(&format!(
            "{EXPLORER}:4: error: badge image `explorer.png` is not an image"
        )),
        "{err}"
    );
    let err = fails(|r| {
        write(r, "content/badges/explorer.jpg", "\u{ff}\u{d8}");
        with_image(r, "explorer.jpg");
    });
    assert!(
        err.contains(&format!(
            "{EXPLORER}:4: error: badge image `explorer.jpg` is not a PNG or SVG image"
        )),
        "{err}"
    );
}

/// A 1×1 PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4,
    0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0,
    0x1f, 0x00, 0x05, 0x00, 0x01, 0xff, 0x89, 0x99, 0x3d, 0x1d, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

#[test]
fn a_given_badge_image_is_used_on_pages_and_in_json() {
    let site = fixture("basic");
    std::fs::write(site.path().join("content/badges/explorer.png"), PNG).unwrap();
    with_image(site.path(), "explorer.png");
    let out = build_ok(site.path(), &["--base-url", BASE]);
    for lang in ["en", "lt"] {
        let page = out.join(lang).join("badges/explorer.html");
        let src = attrs(&html(&page), "img.badge-image", "src");
        assert_eq!(src, vec!["explorer.png"]);
        assert!(
            !out.join(lang).join("badges/explorer.svg").exists(),
            "nothing generated"
        );
        let class = json_file(&out.join(lang).join("badges/explorer.json"));
        assert_eq!(
            class["image"],
            json!(format!("{BASE}{lang}/badges/explorer.png"))
        );
        assert_eq!(
            std::fs::read(file_of(&out, class["image"].as_str().unwrap())).unwrap(),
            PNG
        );
        let errs = errors(&validators().badge_class, &class);
        assert!(errs.is_empty(), "{errs:?}");
    }
}
