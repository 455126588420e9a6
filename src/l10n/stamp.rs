//! Source digests of translations: `l10n stamp` and staleness.
//!
//! A translation records which version of its default-language source it was translated from:
//!
//! ```yaml
//! source_digest: 3f1c…   # SHA-256 (hex) of the source's front matter and body
//! ```
//!
//! The digest covers `---\n<front matter>---\n<body>` with LF line ends and without a BOM, which is
//! the `sha256sum` of the source file itself when it is saved with LF line ends. A translation whose
//! `source_digest` differs from its source's current digest is *stale*; one without the key is *not
//! stamped* (never stale).
//!
//! A `.ftl` translation (`locales/lt/main.ftl`) is stamped the same way against the default
//! language's file of the same name, with a resource comment `### source_digest: <hex>` (the
//! digest of the whole file); `status` then lists the messages whose source text changed since.
//!
//! `stamp` also keeps the stamped source text in `.paveldas/l10n/<digest>.md` (or `.ftl`; content
//! addressed, safe to commit or to delete), so that `status` can later show which paragraphs or
//! messages of the source changed since. Without that cache it looks for the stamped version in
//! the site's git history.

use crate::config::{Config, Overrides};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::frontmatter;
use crate::model::{BadgeMeta, LessonMeta, PageMeta, SectionMeta};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

/// Front matter that can carry a `source_digest`.
pub trait Stamped {
    fn source_digest(&self) -> Option<&str>;
}

macro_rules! stamped {
    ($($t:ty),*) => {$(
        impl Stamped for $t {
            fn source_digest(&self) -> Option<&str> {
                self.source_digest.as_deref()
            }
        }
    )*};
}
stamped!(LessonMeta, SectionMeta, BadgeMeta, PageMeta);

/// The text a digest covers: front matter and body, LF line ends.
pub fn digest_text(front_matter: &str, body: &str) -> String {
    let body = body.replace("\r\n", "\n");
    if front_matter.is_empty() {
        return body;
    }
    format!("---\n{}---\n{body}", front_matter.replace("\r\n", "\n"))
}

/// Hex SHA-256 of [`digest_text`].
pub fn digest(front_matter: &str, body: &str) -> String {
    sha256_hex(&digest_text(front_matter, body))
}

fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Whether a translation stamped with `stamped` is stale against a source whose digest is `current`.
pub fn is_stale(stamped: Option<&str>, current: &str) -> bool {
    stamped.is_some_and(|s| !s.trim().eq_ignore_ascii_case(current))
}

/// The digest and digested text of a whole file's text (BOM and CRLF tolerated).
pub fn digest_file_text(text: &str) -> Option<(String, String)> {
    let split = frontmatter::split(text).ok()?;
    let t = digest_text(split.front_matter, split.body);
    Some((sha256_hex(&t), t))
}

/// Returns `text` with `source_digest: <hex>` in its front matter: the existing line replaced, or a
/// new line inserted before the closing `---`; a file without front matter gets one. Every other byte
/// is kept, including a BOM and CRLF line ends.
pub fn set_digest(text: &str, hex: &str) -> Result<String, String> {
    let bom = if text.starts_with('\u{feff}') {
        "\u{feff}"
    } else {
        ""
    };
    let rest = &text[bom.len()..];
    let first_line = rest.split_inclusive('\n').next().unwrap_or("");
    let eol = if first_line.ends_with("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let line = format!("source_digest: {hex}");
    let split = frontmatter::split(rest)
        .map_err(|u| format!("front matter opened at line {} is not closed", u.line))?;
    let out = if !split.has_front_matter {
        format!("{bom}---{eol}{line}{eol}---{eol}{rest}")
    } else {
        let fm_start = split.front_matter.as_ptr() as usize - rest.as_ptr() as usize;
        let fm_end = fm_start + split.front_matter.len();
        let mut fm = String::new();
        let mut replaced = false;
        let mut skipping = false;
        for l in split.front_matter.split_inclusive('\n') {
            if skipping && l.starts_with([' ', '\t']) && !l.trim().is_empty() {
                continue; // a continuation line of the old value
            }
            skipping = false;
            let is_key = l
                .strip_prefix("source_digest")
                .is_some_and(|r| r.trim_start_matches([' ', '\t']).starts_with(':'));
            if is_key && !replaced {
                let end = &l[l.trim_end_matches(['\r', '\n']).len()..];
                fm.push_str(&line);
                fm.push_str(if end.is_empty() { eol } else { end });
                replaced = true;
                skipping = true;
            } else {
                fm.push_str(l);
            }
        }
        if !replaced {
            fm.push_str(&line);
            fm.push_str(eol);
        }
        format!("{bom}{}{fm}{}", &rest[..fm_start], &rest[fm_end..])
    };
    // The result must still be a YAML mapping that says what we wrote.
    let check = frontmatter::split(&out)
        .ok()
        .and_then(|s| crate::load::yaml::quiet::<serde_yaml::Mapping>(s.front_matter))
        .and_then(|m| {
            m.get("source_digest")
                .and_then(|v| v.as_str().map(String::from))
        });
    if check.as_deref() != Some(hex) {
        return Err(
            "the front matter is not a plain YAML mapping; add the line `source_digest: …` by hand"
                .into(),
        );
    }
    Ok(out)
}

/// Where `stamp` keeps the source text it stamped a translation against (`ext`: `md` or `ftl`).
pub fn cache_path(root: &Path, digest: &str, ext: &str) -> PathBuf {
    root.join(".paveldas")
        .join("l10n")
        .join(format!("{digest}.{ext}"))
}

fn is_ftl(p: &Path) -> bool {
    p.extension().is_some_and(|x| x == "ftl")
}

/// The digest and digested text of a source file: front matter and body for Markdown, the whole
/// text for `.ftl` (both without BOM, with LF line ends).
fn digest_source(path: &Path, text: &str) -> Option<(String, String)> {
    if is_ftl(path) {
        let t = text
            .strip_prefix('\u{feff}')
            .unwrap_or(text)
            .replace("\r\n", "\n");
        Some((sha256_hex(&t), t))
    } else {
        digest_file_text(text)
    }
}

/// The digest of a `.ftl` file's text, as `stamp` records it in its translations.
pub fn digest_ftl(text: &str) -> String {
    digest_source(Path::new("x.ftl"), text)
        .map(|d| d.0)
        .unwrap_or_default()
}

/// The source text a translation was stamped against, from the cache or else the git history of
/// `source` (a path relative to `root`). Checked against the digest, so a stale cache cannot lie.
pub fn stamped_source(root: &Path, source: &Path, digest: &str) -> Option<String> {
    let digest = digest.trim().to_ascii_lowercase();
    let ext = if is_ftl(source) { "ftl" } else { "md" };
    if let Ok(text) = std::fs::read_to_string(cache_path(root, &digest, ext)) {
        if sha256_hex(&text) == digest {
            return Some(text);
        }
    }
    from_git(root, source, &digest)
}

/// Returns a `.ftl` text with the resource comment `### source_digest: <hex>`: the existing one
/// replaced, or a new one (and a blank line) at the top. Every other byte is kept.
pub fn set_ftl_digest(text: &str, hex: &str) -> String {
    let bom = if text.starts_with('\u{feff}') {
        "\u{feff}"
    } else {
        ""
    };
    let rest = &text[bom.len()..];
    let eol = if rest
        .split_inclusive('\n')
        .next()
        .is_some_and(|l| l.ends_with("\r\n"))
    {
        "\r\n"
    } else {
        "\n"
    };
    let line = format!("### source_digest: {hex}");
    let mut out = String::from(bom);
    let mut replaced = false;
    for l in rest.split_inclusive('\n') {
        if !replaced && l.starts_with("### source_digest:") {
            let end = &l[l.trim_end_matches(['\r', '\n']).len()..];
            out.push_str(&line);
            out.push_str(if end.is_empty() { eol } else { end });
            replaced = true;
        } else {
            out.push_str(l);
        }
    }
    if !replaced {
        out = format!("{bom}{line}{eol}{eol}{rest}");
    }
    out
}

fn from_git(root: &Path, source: &Path, digest: &str) -> Option<String> {
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .arg("-C")
            .arg(root)
            .args(args)
            .stderr(std::process::Stdio::null())
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| o.stdout)
    };
    let rel = source.to_string_lossy().replace('\\', "/");
    let log = git(&["log", "--format=%H", "-n", "200", "--", &rel])?;
    for commit in String::from_utf8_lossy(&log).lines() {
        let Some(bytes) = git(&["show", &format!("{commit}:./{rel}")]) else {
            continue;
        };
        if let Some((d, text)) = String::from_utf8(bytes)
            .ok()
            .and_then(|t| digest_source(source, &t))
        {
            if d == digest {
                return Some(text);
            }
        }
    }
    None
}

/// What `stamp` did to one file.
#[derive(Debug, Clone)]
pub struct StampResult {
    /// The translation, relative to the site root.
    pub file: PathBuf,
    pub digest: String,
    /// False when the file already had this digest.
    pub changed: bool,
}

/// `paveldas l10n stamp FILE...`: records the current source digest in each translation. Every file
/// is handled on its own: what was stamped, and diagnostics for the others.
pub fn stamp(
    root: &Path,
    files: &[PathBuf],
) -> Result<(Vec<StampResult>, Diagnostics), Diagnostics> {
    let config = Config::load(root, &Overrides::default())?;
    let mut diags = Diagnostics::new();
    let mut done = Vec::new();
    for f in files {
        match stamp_one(&config, f) {
            Ok((r, warning)) => {
                done.push(r);
                diags.0.extend(warning);
            }
            Err(d) => diags.push(d),
        }
    }
    Ok((done, diags))
}

fn stamp_one(
    config: &Config,
    file: &Path,
) -> Result<(StampResult, Option<Diagnostic>), Diagnostic> {
    let root = &config.root;
    let path = if file.is_absolute() || file.exists() || !root.join(file).exists() {
        file.to_path_buf()
    } else {
        root.join(file)
    };
    let canon_root = root.canonicalize().unwrap_or_else(|_| root.clone());
    let canon = path
        .canonicalize()
        .map_err(|e| Diagnostic::error(file, format!("cannot read: {e}")))?;
    let Ok(shown) = canon.strip_prefix(&canon_root).map(Path::to_path_buf) else {
        // Never written through a link (or a path) that leaves the site.
        let d = if std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
            crate::config::confine::refused(file, crate::config::confine::Refused::Outside(canon))
        } else {
            Diagnostic::error(file, "not a file of this site")
                .hint("stamp translations such as content/lessons/<unit>/<slug>.lt.md or locales/lt/main.ftl")
        };
        return Err(d);
    };
    let languages: Vec<&str> = config
        .languages
        .iter()
        .map(|l| l.code.as_str())
        .filter(|c| *c != config.default_language)
        .collect();
    if is_ftl(&shown) {
        return stamp_ftl(config, &canon, &shown, &languages);
    }
    if !shown.starts_with("content") || shown.is_absolute() {
        return Err(Diagnostic::error(
            &shown,
            "not a file in this site's content/ or locales/ directory",
        )
        .hint(
            "stamp translations such as content/lessons/<unit>/<slug>.lt.md or locales/lt/main.ftl",
        ));
    }
    let name = canon
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let base_lang = name
        .strip_suffix(".md")
        .and_then(|s| s.rsplit_once('.'))
        .filter(|(_, l)| languages.contains(l));
    let Some((base, _)) = base_lang else {
        return Err(Diagnostic::error(
            &shown,
            "not a translation: its name has no language suffix such as `.lt.md`",
        )
        .hint(format!(
            "stamp the translations (`<name>.<lang>.md`, lang one of {}), not the {} source",
            languages.join(", "),
            config.default_language
        )));
    };
    let source = canon.with_file_name(format!("{base}.md"));
    let source_shown = shown.with_file_name(format!("{base}.md"));
    let source_text = std::fs::read_to_string(&source).map_err(|e| {
        Diagnostic::error(
            &shown,
            format!("cannot read its source {}: {e}", source_shown.display()),
        )
        .hint("a translation `x.lt.md` is stamped against `x.md` in the same directory")
    })?;
    let (digest, digested) = digest_file_text(&source_text).ok_or_else(|| {
        Diagnostic::error(&source_shown, "front matter is not closed")
            .line(1)
            .hint("end the front matter with a line `---`")
    })?;
    let text = std::fs::read_to_string(&canon)
        .map_err(|e| Diagnostic::error(&shown, format!("cannot read: {e}")))?;
    let new = set_digest(&text, &digest).map_err(|m| Diagnostic::error(&shown, m))?;
    finish(root, &canon, shown, &text, &new, digest, &digested, "md")
}

/// `locales/<lang>/<name>.ftl`, stamped against `locales/<default>/<name>.ftl`.
fn stamp_ftl(
    config: &Config,
    canon: &Path,
    shown: &Path,
    languages: &[&str],
) -> Result<(StampResult, Option<Diagnostic>), Diagnostic> {
    let parts: Vec<String> = shown
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let [locales, lang, name] = parts.as_slice() else {
        return Err(
            Diagnostic::error(shown, "not a .ftl file of a language in locales/")
                .hint("stamp files such as locales/lt/main.ftl"),
        );
    };
    if locales != "locales" || !languages.contains(&lang.as_str()) {
        return Err(Diagnostic::error(
            shown,
            "not the .ftl file of a translation: it must be in locales/<lang>/ of another language than the default",
        )
        .hint(format!("languages to stamp: {}", languages.join(", "))));
    }
    let source_shown = Path::new("locales")
        .join(&config.default_language)
        .join(name);
    let source_text = std::fs::read_to_string(config.root.join(&source_shown)).map_err(|e| {
        Diagnostic::error(
            shown,
            format!("cannot read its source {}: {e}", source_shown.display()),
        )
    })?;
    let (digest, digested) = digest_source(&source_shown, &source_text).unwrap_or_default();
    let text = std::fs::read_to_string(canon)
        .map_err(|e| Diagnostic::error(shown, format!("cannot read: {e}")))?;
    let new = set_ftl_digest(&text, &digest);
    finish(
        &config.root,
        canon,
        shown.to_path_buf(),
        &text,
        &new,
        digest,
        &digested,
        "ftl",
    )
}

/// Writes the stamped translation (when it changed) and keeps the source text in the cache.
#[allow(clippy::too_many_arguments)]
fn finish(
    root: &Path,
    canon: &Path,
    shown: PathBuf,
    text: &str,
    new: &str,
    digest: String,
    digested: &str,
    ext: &str,
) -> Result<(StampResult, Option<Diagnostic>), Diagnostic> {
    let changed = new != text;
    if changed {
        write_atomic(canon, new.as_bytes())
            .map_err(|e| Diagnostic::error(&shown, format!("cannot write: {e}")))?;
    }
    let cache = cache_path(root, &digest, ext);
    let mut warning = None;
    if !cache.exists() {
        let written = cache
            .parent()
            .map(std::fs::create_dir_all)
            .unwrap_or(Ok(()))
            .and_then(|_| write_atomic(&cache, digested.as_bytes()));
        if let Err(e) = written {
            warning = Some(Diagnostic::warning(
                cache.strip_prefix(root).unwrap_or(&cache),
                format!("stamped, but cannot keep the source text for later diffs: {e}"),
            ));
        }
    }
    let result = StampResult {
        file: shown,
        digest,
        changed,
    };
    Ok((result, warning))
}

/// Writes through a temporary file in the same directory and renames it over `path`.
fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let tmp = dir.join(format!(
        ".{}.paveldas-tmp",
        path.file_name().unwrap_or_default().to_string_lossy()
    ));
    std::fs::write(&tmp, bytes)?;
    if let Ok(meta) = std::fs::metadata(path) {
        let _ = std::fs::set_permissions(&tmp, meta.permissions());
    }
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const H: &str = "ab12";

    #[test]
    fn inserts_before_the_closing_fence() {
        let t = "---\ntitle: A\n---\nBody\n";
        assert_eq!(
            set_digest(t, H).unwrap(),
            "---\ntitle: A\nsource_digest: ab12\n---\nBody\n"
        );
    }

    #[test]
    fn replaces_an_existing_line_and_keeps_crlf_and_bom() {
        let t = "\u{feff}---\r\ntitle: A\r\nsource_digest: old\r\nsummary: S\r\n---\r\nBody\r\n";
        assert_eq!(
            set_digest(t, H).unwrap(),
            "\u{feff}---\r\ntitle: A\r\nsource_digest: ab12\r\nsummary: S\r\n---\r\nBody\r\n"
        );
        let crlf = "---\r\ntitle: A\r\n---\r\nB";
        assert_eq!(
            set_digest(crlf, H).unwrap(),
            "---\r\ntitle: A\r\nsource_digest: ab12\r\n---\r\nB"
        );
    }

    #[test]
    fn ftl_stamps_are_a_resource_comment() {
        let t = "a = A\r\nb = B\r\n";
        let once = set_ftl_digest(t, H);
        assert_eq!(once, "### source_digest: ab12\r\n\r\na = A\r\nb = B\r\n");
        assert_eq!(
            set_ftl_digest(&once, "cd"),
            "### source_digest: cd\r\n\r\na = A\r\nb = B\r\n"
        );
        assert_eq!(digest_ftl("a = A\r\n"), digest_ftl("\u{feff}a = A\n"));
    }

    #[test]
    fn adds_front_matter_when_there_is_none() {
        assert_eq!(
            set_digest("# Hi\n", H).unwrap(),
            "---\nsource_digest: ab12\n---\n# Hi\n"
        );
    }

    #[test]
    fn refuses_what_it_cannot_write_safely() {
        assert!(set_digest("---\ntitle: A\n", H).is_err());
        assert!(set_digest("---\n{title: A}\n---\n", H).is_err());
    }

    #[test]
    fn digest_ignores_line_ends_and_matches_sha256sum() {
        let lf = "---\ntitle: A\n---\nBody\n";
        let crlf = lf.replace('\n', "\r\n");
        assert_eq!(digest_file_text(lf), digest_file_text(&crlf));
        assert_eq!(digest_file_text(lf).unwrap().0, sha256_hex(lf));
        assert!(is_stale(Some("x"), "y"));
        assert!(!is_stale(Some(" ABC "), "abc"));
        assert!(!is_stale(None, "abc"));
    }
}
