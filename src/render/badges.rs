//! Open Badges: what paveldas tells machines about badges, and the badge rules that go beyond a
//! single front-matter key. This module owns
//!
//! - **integrity**: badge ids that collide (equal but for letter case or `-`/`_`), an `image` that
//!   is missing, outside the site or not a PNG/SVG image, an alignment `url` that is not absolute;
//!   each an error with file:line (unknown ids on lessons and badges without criteria or lessons
//!   are found where those are read: `resolve` and `load`);
//! - **where a badge's image is** in the output: the generated SVG (`badge_image`), a co-located
//!   file beside the badge, or a site-wide file from `static/`;
//! - **the machine-readable files**, written with a `base_url` beside the pages of every language
//!   edition of a badge (its default language and each translation): an Open Badges 2.0 BadgeClass
//!   `<lang>/badges/<id>.json`, an Open Badges 3.0 Achievement `<lang>/badges/<id>.ob3.json`, and the
//!   issuer Profile `<lang>/badges/issuer.json` from `site.yaml`. The two versions of an edition and
//!   the editions in other languages point to each other with `related`, as 1EdTech's migration guide
//!   suggests. In a language a badge is not translated into, its page links the default-language files;
//! - **the JSON-LD** embedded in each badge page: the same OB 3.0 Achievement, with relative URLs
//!   when there is no `base_url`.
//!
//! Open Badges ids must be absolute URLs, so without a `base_url` no JSON file is written and `build`
//! says so once, in a note.

use crate::config::Issuer;
use crate::config::Lang;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::yaml::Fragment;
use crate::model::{pick, Alignment, BadgeMeta, Doc, Site};
use crate::output::Staging;
use crate::resolve::paths::{encode_path, normalize, relative_url};
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use std::path::Path;

const OB2_CONTEXT: &str = "https://w3id.org/openbadges/v2";
const VC2_CONTEXT: &str = "https://www.w3.org/ns/credentials/v2";
const OB3_CONTEXT: &str = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
/// Full IRIs of the other version's type, as the migration guide writes them in `related`.
const OB2_BADGECLASS_IRI: &str = "https://w3id.org/openbadges#BadgeClass";
const OB3_ACHIEVEMENT_IRI: &str = "https://purl.imsglobal.org/spec/vc/ob/vocab.html#Achievement";

/// Checks the badges of a resolved site. `building` adds the note (or warning) saying why badge
/// JSON files will not be written.
pub fn check(site: &Site, building: bool) -> Result<Diagnostics, Diagnostics> {
    let mut diags = Diagnostics::new();
    duplicate_ids(site, &mut diags);
    for badge in &site.badges {
        for doc in badge.doc.all() {
            check_image(site, doc, &mut diags);
            check_alignment(doc, &mut diags);
        }
    }
    if building && !site.badges.is_empty() {
        if let Some(d) = json_skipped(site) {
            diags.push(d);
        }
    }
    diags.into_result()
}

fn front_matter(doc: &Doc<BadgeMeta>) -> Fragment<'_> {
    Fragment {
        file: &doc.path,
        text: &doc.front_matter,
        first_line: 2,
    }
}

/// Ids that differ only in letter case or `-`/`_` collide on case-insensitive file systems
/// (Windows, macOS) and in readers' minds.
fn duplicate_ids(site: &Site, diags: &mut Diagnostics) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (i, badge) in site.badges.iter().enumerate() {
        let key = badge.id.to_lowercase().replace('_', "-");
        match seen.get(&key) {
            Some(&first) => {
                let other = &site.badges[first];
                diags.push(
                    Diagnostic::error(
                        &badge.doc.source.path,
                        format!(
                            "badge id `{}` is the same as `{}` ({}) but for letter case or `-`/`_`",
                            badge.id,
                            other.id,
                            other.doc.source.path.display()
                        ),
                    )
                    .line(1)
                    .hint("badge ids must differ by more than case or `-`/`_` (they clash on Windows and macOS); rename one of the files"),
                );
            }
            None => {
                seen.insert(key, i);
            }
        }
    }
}

/// Where a given `image` is, as written in front matter.
#[derive(Debug, PartialEq, Eq)]
enum ImageRef {
    /// Co-located under `content/`: its path there, copied into each language directory.
    Colocated(String),
    /// In `static/`: its path from the output root.
    Static(String),
}

/// Resolves a badge's `image` (relative to `content/badges/`, or `/path` for `static/`).
fn image_ref(image: &str) -> Result<ImageRef, &'static str> {
    // Names are compared in NFC, as files were loaded.
    let image = crate::load::nfc::nfc(image.trim());
    let image = image.as_ref();
    if image.is_empty() {
        return Err("is empty");
    }
    if image.contains("://") || image.starts_with("data:") || image.starts_with("//") {
        return Err("is not a file in the site");
    }
    if let Some(abs) = image.strip_prefix('/') {
        return normalize(abs)
            .filter(|p| !p.is_empty())
            .map(ImageRef::Static)
            .ok_or("points outside the site root");
    }
    let joined =
        normalize(&format!("content/badges/{image}")).ok_or("points outside the site root")?;
    if let Some(c) = joined.strip_prefix("content/") {
        Ok(ImageRef::Colocated(c.to_string()))
    } else if let Some(s) = joined.strip_prefix("static/") {
        Ok(ImageRef::Static(s.to_string()))
    } else {
        Err("is neither in content/ nor in static/")
    }
}

/// The `image` a reader of `lang` gets from front matter, if any (a translation may have its own).
pub fn given_image(site: &Site, b: usize, lang: Lang) -> Option<&str> {
    let v = &site.badges[b].doc;
    pick(v.for_lang(lang), &v.source, |m| m.image.as_deref())
}

/// The badge's image for readers of `lang`, as a path from the output root.
pub fn image_path(site: &Site, b: usize, lang: Lang) -> String {
    match given_image(site, b, lang).map(image_ref) {
        Some(Ok(ImageRef::Colocated(p))) => format!("{lang}/{p}"),
        Some(Ok(ImageRef::Static(p))) => p,
        _ => generated_image_path(site, b, lang),
    }
}

fn check_image(site: &Site, doc: &Doc<BadgeMeta>, diags: &mut Diagnostics) {
    let Some(image) = &doc.meta.image else {
        return;
    };
    let fm = front_matter(doc);
    let fail = |msg: String, hint: &str| fm.error_for_key("image", msg).hint(hint.to_string());
    let found = match image_ref(image) {
        Err(why) => {
            diags.push(fail(
                format!("badge image `{image}` {why}"),
                "give a PNG or SVG file beside the badge (`image: explorer.png`) or in static/ (`image: /img/explorer.png`)",
            ));
            return;
        }
        Ok(r) => site.assets.iter().find(|a| match &r {
            ImageRef::Colocated(p) => a.colocated && &a.target == p,
            ImageRef::Static(p) => !a.colocated && &a.target == p,
        }),
    };
    let Some(asset) = found else {
        diags.push(fail(
            format!("badge image `{image}` not found"),
            "the path is relative to content/badges/ (or to static/ when it starts with `/`); leave `image` out to have an SVG badge generated",
        ));
        return;
    };
    let ext = image
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let kind = match ext.as_str() {
        "png" => "PNG",
        "svg" => "SVG",
        _ => {
            diags.push(fail(
                format!("badge image `{image}` is not a PNG or SVG image"),
                "Open Badges images must be PNG or SVG; convert it, or leave `image` out to have an SVG badge generated",
            ));
            return;
        }
    };
    let ok = std::fs::read(&asset.source)
        .map(|bytes| match kind {
            "PNG" => bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
            _ => looks_like_svg(&bytes),
        })
        .unwrap_or(false);
    if !ok {
        diags.push(fail(
            format!("badge image `{image}` is not an image: its content is not {kind}"),
            "replace the file with a real image, or leave `image` out to have an SVG badge generated",
        ));
    }
}

/// An SVG file is XML text whose root element is `<svg`.
fn looks_like_svg(bytes: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return false;
    };
    let mut rest = text.trim_start_matches('\u{feff}').trim_start();
    // Skip the XML declaration, comments and a doctype before the root element.
    loop {
        if let Some(r) = rest.strip_prefix("<?") {
            rest = r.split_once("?>").map_or("", |x| x.1).trim_start();
        } else if let Some(r) = rest.strip_prefix("<!--") {
            rest = r.split_once("-->").map_or("", |x| x.1).trim_start();
        } else if let Some(r) = rest.strip_prefix("<!") {
            rest = r.split_once('>').map_or("", |x| x.1).trim_start();
        } else {
            break;
        }
    }
    rest.strip_prefix("<svg")
        .and_then(|r| r.chars().next())
        .is_some_and(|c| c.is_whitespace() || c == '>' || c == '/')
}

fn check_alignment(doc: &Doc<BadgeMeta>, diags: &mut Diagnostics) {
    for a in doc.meta.alignment.iter().flatten() {
        if !(a.url.starts_with("https://") || a.url.starts_with("http://")) {
            diags.push(
                front_matter(doc)
                    .error_for_key(
                        "alignment",
                        format!(
                            "alignment `{}` has url `{}`, which is not an absolute http(s) URL",
                            a.name, a.url
                        ),
                    )
                    .hint("an alignment points to a framework outside the site, e.g. `https://whc.unesco.org/en/criteria/`"),
            );
        }
    }
}

/// Why badge JSON files will not be written, if they will not.
fn json_skipped(site: &Site) -> Option<Diagnostic> {
    let file = site.config.root.join("site.yaml");
    let text = std::fs::read_to_string(&file).unwrap_or_default();
    let fm = Fragment {
        file: &file,
        text: &text,
        first_line: 1,
    };
    if site.config.base_url.is_none() {
        return Some(
            Diagnostic::note(
                &file,
                "badge JSON files (Open Badges 2.0 and 3.0) are not written: there is no `base_url`",
            )
            .hint("Open Badges needs absolute ids: set `base_url` in site.yaml or pass --base-url URL; the pages are complete without it"),
        );
    }
    let skipped = |mut d: Diagnostic| {
        d.severity = crate::diagnostic::Severity::Warning;
        Some(d)
    };
    match &site.config.issuer {
        None => skipped(
            Diagnostic::error(
                &file,
                "badge JSON files are not written: site.yaml has no `issuer`",
            )
            .hint("add `issuer:` with `name`, `url` and `email` (SPEC §1)"),
        ),
        Some(i) if i.email.as_deref().is_none_or(|e| e.trim().is_empty()) => skipped(
            fm.error_for_key(
                "issuer",
                "badge JSON files are not written: the issuer has no `email`",
            )
            .hint(
                "Open Badges 2.0 validators require an issuer email: add `email:` under `issuer:`",
            ),
        ),
        Some(_) => None,
    }
}

/// The base URL and issuer when badge JSON files are written.
pub fn published(site: &Site) -> Option<(&str, &Issuer)> {
    let base = site.config.base_url.as_deref()?;
    let issuer = site.config.issuer.as_ref()?;
    issuer.email.as_deref().filter(|e| !e.trim().is_empty())?;
    Some((base, issuer))
}

/// The language whose text a reader of `lang` sees: `lang` if the badge is translated into it,
/// else the default language.
pub fn edition(site: &Site, b: usize, lang: Lang) -> Lang {
    let d = site.config.default_lang();
    if site.badges[b].doc.is_translated(lang, d) {
        lang
    } else {
        d
    }
}

/// The languages a badge has an edition in (JSON files are written for these), in site order.
pub fn editions(site: &Site, b: usize) -> Vec<Lang> {
    let d = site.config.default_lang();
    site.config
        .langs()
        .filter(|&l| site.badges[b].doc.is_translated(l, d))
        .collect()
}

fn ob2_path(site: &Site, b: usize, lang: Lang) -> String {
    format!("{lang}/badges/{}.json", site.badges[b].id)
}
fn ob3_path(site: &Site, b: usize, lang: Lang) -> String {
    format!("{lang}/badges/{}.ob3.json", site.badges[b].id)
}
fn page_path(site: &Site, b: usize, lang: Lang) -> String {
    format!("{lang}/badges/{}.html", site.badges[b].id)
}
fn issuer_path(lang: Lang) -> String {
    format!("{lang}/{ISSUER_FILE}")
}

/// The issuer Profile's path inside each language directory.
pub const ISSUER_FILE: &str = "badges/issuer.json";

/// The path from the output root of badge `b`'s Open Badges 3.0 file in `lang` if `ob3`, else its
/// 2.0 file.
pub fn json_path(site: &Site, b: usize, lang: Lang, ob3: bool) -> String {
    if ob3 {
        ob3_path(site, b, lang)
    } else {
        ob2_path(site, b, lang)
    }
}

/// Where badge `b`'s generated image for `lang` is written (when it has no `image`).
pub fn generated_image_path(site: &Site, b: usize, lang: Lang) -> String {
    format!("{lang}/badges/{}.svg", site.badges[b].id)
}

/// How URLs are written: absolute under the base URL, or relative to a page.
enum Urls<'a> {
    Absolute(&'a str),
    From(&'a str),
}

impl Urls<'_> {
    fn to(&self, path: &str) -> String {
        match self {
            Urls::Absolute(base) => format!("{base}{}", encode_path(path)),
            Urls::From(here) => relative_url(here, path),
        }
    }
}

/// A badge's text in one language, with the default-language values for keys a translation omits.
struct Text<'a> {
    name: &'a str,
    description: &'a str,
    criteria: &'a [String],
    tags: &'a [String],
    alignment: &'a [Alignment],
}

fn text<'a>(site: &'a Site, b: usize, lang: Lang) -> Text<'a> {
    let v = &site.badges[b].doc;
    let (doc, src) = (v.for_lang(lang), &v.source);
    Text {
        name: pick(doc, src, |m| m.name.as_deref()).unwrap_or(""),
        description: pick(doc, src, |m| m.description.as_deref()).unwrap_or(""),
        criteria: pick(doc, src, |m| m.criteria.as_deref()).unwrap_or(&[]),
        tags: pick(doc, src, |m| m.tags.as_deref()).unwrap_or(&[]),
        alignment: pick(doc, src, |m| m.alignment.as_deref()).unwrap_or(&[]),
    }
}

/// The criteria as a Markdown list, each item on one line with Markdown syntax escaped, so that a
/// platform rendering the narrative shows exactly the page's checklist.
pub fn narrative(criteria: &[String]) -> String {
    let mut out = String::new();
    for c in criteria.iter().filter(|c| !c.trim().is_empty()) {
        out.push_str("- ");
        let words = c.split_whitespace().collect::<Vec<_>>().join(" ");
        // An item starting `1.` or `1)` would be read as a nested ordered list.
        let digits = words.chars().take_while(char::is_ascii_digit).count();
        for (i, ch) in words.chars().enumerate() {
            let special = "\\`*_[]<>&!|~".contains(ch)
                || (i == 0 && "#+-=".contains(ch))
                || (i == digits && digits > 0 && (ch == '.' || ch == ')'));
            if special {
                out.push('\\');
            }
            out.push(ch);
        }
        out.push('\n');
    }
    out
}

/// The Open Badges 3.0 Achievement of badge `b` in the edition `lang`. With absolute URLs it is the
/// `.ob3.json` file, with `related` links and the issuer as `creator`; relative to a page it is the
/// JSON-LD of a site without a `base_url`.
fn achievement(site: &Site, b: usize, lang: Lang, urls: &Urls, issuer: Option<&Issuer>) -> Value {
    let t = text(site, b, lang);
    let mut a = Map::new();
    a.insert("@context".into(), json!([VC2_CONTEXT, OB3_CONTEXT]));
    let id = match urls {
        Urls::Absolute(_) => urls.to(&ob3_path(site, b, lang)),
        Urls::From(_) => format!("{}#badge", urls.to(&page_path(site, b, lang))),
    };
    a.insert("id".into(), json!(id));
    a.insert("type".into(), json!(["Achievement"]));
    a.insert("achievementType".into(), json!("Badge"));
    a.insert("name".into(), json!(t.name));
    a.insert("description".into(), json!(t.description));
    a.insert(
        "criteria".into(),
        json!({ "id": urls.to(&page_path(site, b, lang)), "narrative": narrative(t.criteria) }),
    );
    a.insert(
        "image".into(),
        json!({ "id": urls.to(&image_path(site, b, lang)), "type": "Image", "caption": t.name }),
    );
    if let (Some(i), Urls::Absolute(_)) = (issuer, urls) {
        let mut p = profile(i, &urls.to(&issuer_path(lang)));
        p.remove("@context");
        p.insert("type".into(), json!(["Profile"]));
        a.insert("creator".into(), Value::Object(p));
    }
    if !t.tags.is_empty() {
        a.insert("tag".into(), json!(t.tags));
    }
    if !t.alignment.is_empty() {
        let list: Vec<Value> = t
            .alignment
            .iter()
            .map(|x| {
                let mut v =
                    json!({ "type": ["Alignment"], "targetName": x.name, "targetUrl": x.url });
                if let Some(d) = &x.description {
                    v["targetDescription"] = json!(d);
                }
                v
            })
            .collect();
        a.insert("alignment".into(), json!(list));
    }
    a.insert("inLanguage".into(), json!(lang));
    if let Urls::Absolute(_) = urls {
        let mut related = vec![json!({
            "type": ["Related", OB2_BADGECLASS_IRI],
            "id": urls.to(&ob2_path(site, b, lang)),
            "inLanguage": lang,
            "version": "Open Badges v2p0",
        })];
        for other in editions(site, b).into_iter().filter(|l| *l != lang) {
            related.push(json!({
                "type": ["Related"],
                "id": urls.to(&ob3_path(site, b, other)),
                "inLanguage": other,
            }));
        }
        a.insert("related".into(), json!(related));
    }
    Value::Object(a)
}

/// The Open Badges 2.0 BadgeClass of badge `b` in the edition `lang`.
fn badge_class(site: &Site, b: usize, lang: Lang, base: &str) -> Value {
    let urls = Urls::Absolute(base);
    let t = text(site, b, lang);
    let mut c = Map::new();
    c.insert("@context".into(), json!(OB2_CONTEXT));
    c.insert("type".into(), json!("BadgeClass"));
    c.insert("id".into(), json!(urls.to(&ob2_path(site, b, lang))));
    c.insert("name".into(), json!(t.name));
    c.insert("description".into(), json!(t.description));
    c.insert("image".into(), json!(urls.to(&image_path(site, b, lang))));
    c.insert(
        "criteria".into(),
        json!({ "id": urls.to(&page_path(site, b, lang)), "narrative": narrative(t.criteria) }),
    );
    c.insert("issuer".into(), json!(urls.to(&issuer_path(lang))));
    if !t.tags.is_empty() {
        c.insert("tags".into(), json!(t.tags));
    }
    if !t.alignment.is_empty() {
        let list: Vec<Value> = t
            .alignment
            .iter()
            .map(|x| {
                let mut v = json!({ "targetName": x.name, "targetUrl": x.url });
                if let Some(d) = &x.description {
                    v["targetDescription"] = json!(d);
                }
                v
            })
            .collect();
        c.insert("alignment".into(), json!(list));
    }
    c.insert("@language".into(), json!(lang));
    let mut related = vec![json!({
        "type": [OB3_ACHIEVEMENT_IRI],
        "id": urls.to(&ob3_path(site, b, lang)),
        "@language": lang,
        "version": "Open Badges v3p0",
    })];
    for other in editions(site, b).into_iter().filter(|l| *l != lang) {
        related.push(json!({
            "type": "BadgeClass",
            "id": urls.to(&ob2_path(site, b, other)),
            "@language": other,
        }));
    }
    c.insert("related".into(), json!(related));
    Value::Object(c)
}

/// The issuer as an Open Badges 2.0 Profile with id `id`.
fn profile(issuer: &Issuer, id: &str) -> Map<String, Value> {
    let mut p = Map::new();
    p.insert("@context".into(), json!(OB2_CONTEXT));
    p.insert("type".into(), json!("Profile"));
    p.insert("id".into(), json!(id));
    p.insert("name".into(), json!(issuer.name));
    p.insert("url".into(), json!(issuer.url));
    if let Some(e) = &issuer.email {
        p.insert("email".into(), json!(e));
    }
    if let Some(d) = &issuer.description {
        p.insert("description".into(), json!(d));
    }
    p
}

/// JSON text that is safe inside a `<script>` element.
fn script_safe(v: &Value) -> String {
    serde_json::to_string_pretty(v)
        .unwrap_or_default()
        .replace('<', "\\u003c")
}

/// The JSON-LD of badge `b`'s page in language `lang` at output path `here`: the OB 3.0
/// Achievement of the edition the reader sees.
pub fn jsonld(site: &Site, b: usize, lang: Lang, here: &str) -> String {
    let ed = edition(site, b, lang);
    let v = match published(site) {
        Some((base, issuer)) => achievement(site, b, ed, &Urls::Absolute(base), Some(issuer)),
        None => achievement(site, b, ed, &Urls::From(here), None),
    };
    script_safe(&v)
}

/// Links from badge `b`'s page (language `lang`, at `here`) to its machine-readable files, when
/// they are written: `ob2`, `ob3`, `issuer` relative URLs and `paste`, the absolute BadgeClass URL.
pub fn machine_links(site: &Site, b: usize, lang: Lang, here: &str) -> Option<Value> {
    let (base, _) = published(site)?;
    let ed = edition(site, b, lang);
    let rel = Urls::From(here);
    Some(json!({
        "ob2": rel.to(&ob2_path(site, b, ed)),
        "ob3": rel.to(&ob3_path(site, b, ed)),
        "issuer": rel.to(&issuer_path(ed)),
        "paste": Urls::Absolute(base).to(&ob2_path(site, b, ed)),
        "lang": ed,
    }))
}

/// Writes the badge JSON files into the staging directory (nothing without a `base_url` and an
/// issuer with an email). Returns how many files were written.
pub fn write_files(site: &Site, staging: &Staging) -> Result<usize, Diagnostics> {
    let Some((base, issuer)) = published(site) else {
        return Ok(0);
    };
    let mut files: Vec<(String, Value)> = Vec::new();
    for l in &site.config.languages {
        let path = issuer_path(l.lang);
        let id = Urls::Absolute(base).to(&path);
        files.push((path, Value::Object(profile(issuer, &id))));
    }
    for b in 0..site.badges.len() {
        for lang in editions(site, b) {
            files.push((ob2_path(site, b, lang), badge_class(site, b, lang, base)));
            files.push((
                ob3_path(site, b, lang),
                achievement(site, b, lang, &Urls::Absolute(base), Some(issuer)),
            ));
        }
    }
    let mut diags = Diagnostics::new();
    for (path, v) in &files {
        let mut text = serde_json::to_string_pretty(v).unwrap_or_default();
        text.push('\n');
        if let Err(e) = staging.write(path, text.as_bytes()) {
            diags.push(Diagnostic::error(
                Path::new(path),
                format!("cannot write: {e}"),
            ));
        }
    }
    if diags.has_errors() {
        Err(diags)
    } else {
        Ok(files.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_resolve_beside_the_badge_or_in_static() {
        assert_eq!(
            image_ref("explorer.png"),
            Ok(ImageRef::Colocated("badges/explorer.png".into()))
        );
        assert_eq!(
            image_ref("/img/x.svg"),
            Ok(ImageRef::Static("img/x.svg".into()))
        );
        assert_eq!(
            image_ref("../../static/img/x.svg"),
            Ok(ImageRef::Static("img/x.svg".into()))
        );
        assert!(image_ref("../../../etc/passwd").is_err());
        assert!(image_ref("https://example.org/x.png").is_err());
        assert!(image_ref("../../site.yaml").is_err());
    }

    #[test]
    fn svg_sniffing() {
        assert!(looks_like_svg(
            b"<?xml version=\"1.0\"?>\n<!-- c -->\n<!DOCTYPE svg>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>"
        ));
        assert!(looks_like_svg(b"\xef\xbb\xbf<svg>"));
        assert!(!looks_like_svg(b"<html><svg></svg></html>"));
        assert!(!looks_like_svg(b"not an image"));
        assert!(!looks_like_svg(b"\x89PNG\r\n\x1a\n"));
    }

    #[test]
    fn narrative_escapes_markdown() {
        let n = narrative(&[
            "Visit *two* sites_".into(),
            "# not a heading".into(),
            "1. not a number".into(),
            "Plain text.".into(),
        ]);
        assert_eq!(
            n,
            "- Visit \\*two\\* sites\\_\n- \\# not a heading\n- 1\\. not a number\n- Plain text.\n"
        );
    }

    #[test]
    fn urls_are_encoded() {
        assert_eq!(
            encode_path("lt/badges/ąžuolas.json"),
            "lt/badges/%C4%85%C5%BEuolas.json"
        );
        assert_eq!(script_safe(&json!("</script>")), "\"\\u003c/script>\"");
    }
}
