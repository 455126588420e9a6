//! The theme's Tera templates, loaded once, with one engine per language whose `t` function looks up
//! UI strings in that language's Fluent bundle (falling back to the default language).

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::locales::{to_fluent, Locales};
use fluent_bundle::FluentArgs;
use rustc_hash::FxHashMap;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tera::{Tera, Value};

/// The `t(id="message-id", name=value, ...)` template function for one language. Each distinct
/// call (message and arguments) is formatted once per thread, on first use, and cached: a page
/// calls `t` a few dozen times, mostly with the same arguments as every other page.
struct Translate {
    lang: String,
    locales: Arc<Locales>,
    /// Names this function's entries in [`CACHE`]: unique to each engine, so the dev server's
    /// engines of reloaded locales never see older strings.
    id: u64,
}

thread_local! {
    /// Formatted `t` calls by [`Translate::id`], then by [`cache_key`]. Per thread: no lock on the
    /// hot path.
    static CACHE: std::cell::RefCell<FxHashMap<u64, FxHashMap<String, Value>>> =
        Default::default();
}

/// The next [`Translate::id`].
static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// The most functions a thread keeps cached calls of; older ones are dropped together.
const CACHED_FUNCTIONS: usize = 64;

/// The most calls cached per language and thread: a template passing a different text on every
/// page would otherwise grow the cache with the site.
const CACHE_LIMIT: usize = 20_000;

impl tera::Function for Translate {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let id = args
            .get("id")
            .and_then(Value::as_str)
            .ok_or_else(|| tera::Error::msg("t() needs an `id` argument: t(id=\"message-id\")"))?;
        let key = (args.len() > 1).then(|| cache_key(id, args));
        let key = key.as_deref().unwrap_or(id);
        let cached = CACHE.with(|c| c.borrow().get(&self.id).and_then(|m| m.get(key).cloned()));
        if let Some(v) = cached {
            return Ok(v);
        }
        let mut fargs = FluentArgs::new();
        for (k, v) in args {
            if k != "id" {
                fargs.set(k.clone(), to_fluent(v));
            }
        }
        let fargs = (args.len() > 1).then_some(&fargs);
        let v = self
            .locales
            .format(&self.lang, id, fargs)
            .map(Value::String)
            .map_err(|e| tera::Error::chain("", e))?;
        CACHE.with(|c| {
            let mut c = c.borrow_mut();
            if c.len() >= CACHED_FUNCTIONS && !c.contains_key(&self.id) {
                c.clear();
            }
            let m = c.entry(self.id).or_default();
            if m.len() < CACHE_LIMIT {
                m.insert(key.to_string(), v.clone());
            }
        });
        Ok(v)
    }

    fn is_safe(&self) -> bool {
        false
    }
}

/// The message id, then each other argument as `name=value`, in name order (for calls with
/// arguments; a call with the id alone is cached under the id). A string value is written with
/// its length first, so no value can run into the next argument.
fn cache_key(id: &str, args: &HashMap<String, Value>) -> String {
    use std::fmt::Write;
    let mut key = String::with_capacity(id.len() + 32);
    key.push_str(id);
    let mut push = |name: &str, value: &Value| {
        key.push('\0');
        key.push_str(name);
        key.push('=');
        match value {
            Value::String(s) => {
                let _ = write!(key, "{}:{s}", s.len());
            }
            other => {
                let _ = write!(key, "#{other}");
            }
        }
    };
    if args.len() == 2 {
        // The common case: one argument besides the id, nothing to sort.
        for (name, value) in args.iter().filter(|(n, _)| *n != "id") {
            push(name, value);
        }
    } else {
        let mut names: Vec<&String> = args.keys().filter(|k| *k != "id").collect();
        names.sort_unstable();
        for n in names {
            push(n, &args[n]);
        }
    }
    key
}

/// Template engines by language code.
pub struct Engines {
    pub by_lang: HashMap<String, Tera>,
    pub dir: PathBuf,
}

/// Template files of a theme: (name, path), found by [`crate::config::confine::walk`] (links only into the
/// site, hidden files skipped); problems go to `diags`.
pub fn template_files(root: &Path, dir: &Path, diags: &mut Diagnostics) -> Vec<(String, PathBuf)> {
    let confined = crate::config::confine::Confined::new(root, None);
    let mut files = Vec::new();
    crate::config::confine::walk(&confined, root, dir, "templates", false, diags, |f| {
        let n = f.rel.rsplit('/').next().unwrap_or(&f.rel);
        if [".html", ".svg", ".xml", ".js"]
            .iter()
            .any(|x| n.ends_with(x))
        {
            files.push((f.rel, f.path));
        }
    });
    files.sort();
    files
}

impl Engines {
    pub fn load(
        theme_dir: &Path,
        root: &Path,
        languages: &[String],
        locales: &Arc<Locales>,
    ) -> Result<Engines, Diagnostics> {
        let dir = theme_dir.join("templates");
        let mut diags = Diagnostics::new();
        let files = template_files(root, &dir, &mut diags);
        let mut sources = Vec::new();
        for (name, path) in &files {
            match std::fs::read_to_string(path) {
                Ok(text) => sources.push((name.clone(), text)),
                Err(e) => diags.push(Diagnostic::error(
                    shown(root, path),
                    format!("cannot read template: {e}"),
                )),
            }
        }
        if diags.has_errors() {
            return Err(diags);
        }
        let mut base = Tera::default();
        base.autoescape_on(vec![".html", ".svg", ".xml"]);
        base.set_escape_fn(crate::resolve::markdown::escape);
        if let Err(e) =
            base.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
        {
            // Parse one by one to name the file of a syntax error.
            for (name, text) in &sources {
                if let Err(e) = tera::Template::new(name, None, text) {
                    diags.push(template_error(&shown(root, &dir.join(name)), &e));
                }
            }
            if !diags.has_errors() {
                diags.push(template_error(&shown(root, &dir), &e));
            }
            return Err(diags);
        }
        let mut by_lang = HashMap::new();
        for lang in languages {
            let mut t = base.clone();
            t.register_function(
                "t",
                Translate {
                    lang: lang.clone(),
                    locales: locales.clone(),
                    id: NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
                },
            );
            by_lang.insert(lang.clone(), t);
        }
        Ok(Engines { by_lang, dir })
    }

    pub fn has(&self, name: &str) -> bool {
        self.by_lang
            .values()
            .next()
            .is_some_and(|t| t.get_template_names().any(|n| n == name))
    }

    /// Renders template `name` for `lang`; errors name the template file.
    pub fn render(
        &self,
        lang: &str,
        name: &str,
        ctx: &tera::Context,
        root: &Path,
    ) -> Result<String, Diagnostic> {
        let tera = &self.by_lang[lang];
        tera.render(name, ctx)
            .map(crate::load::numbers::strip_isolates_in_tags)
            .map_err(|e| template_error(&shown(root, &self.dir.join(name)), &e))
    }
}

impl Engines {
    /// [`Engines::render`] into bytes, for writing: no UTF-8 round trip unless the page has
    /// Unicode isolation marks to strip from its tags.
    pub fn render_bytes(
        &self,
        lang: &str,
        name: &str,
        ctx: &tera::Context,
        root: &Path,
    ) -> Result<Vec<u8>, Diagnostic> {
        let tera = &self.by_lang[lang];
        let mut out = Vec::with_capacity(16 * 1024);
        tera.render_to(name, ctx, &mut out)
            .map_err(|e| template_error(&shown(root, &self.dir.join(name)), &e))?;
        // Fluent's bidi isolates (U+2068, U+2069) are rare: two SIMD scans of the page.
        let has_isolates = memchr::memmem::find(&out, "\u{2068}".as_bytes()).is_some()
            || memchr::memmem::find(&out, "\u{2069}".as_bytes()).is_some();
        if has_isolates {
            if let Ok(text) = String::from_utf8(out.clone()) {
                return Ok(crate::load::numbers::strip_isolates_in_tags(text).into_bytes());
            }
        }
        Ok(out)
    }
}

fn shown(root: &Path, p: &Path) -> PathBuf {
    p.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| p.to_path_buf())
}

/// A Tera error with its whole cause chain, as a diagnostic on the template file.
pub fn template_error(file: &Path, e: &tera::Error) -> Diagnostic {
    let mut msg = e.to_string();
    let mut unknown_message = false;
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        let text = s.to_string();
        if !text.is_empty() {
            msg.push_str(": ");
            msg.push_str(&text);
        }
        unknown_message |= s.is::<crate::load::locales::UnknownMessage>();
        src = s.source();
    }
    // Tera reports syntax errors as " --> line:col"; lift that into the location.
    let mut d = Diagnostic::error(file, msg.replace('\n', " "));
    if let Some(i) = msg.find("--> ") {
        let rest = &msg[i + 4..];
        let mut it = rest
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty());
        if let (Some(l), Some(c)) = (
            it.next().and_then(|x| x.parse().ok()),
            it.next().and_then(|x| x.parse().ok()),
        ) {
            d = d.at(l, c);
        }
    }
    if unknown_message {
        d.kind = crate::diagnostic::Kind::UnknownMessageId;
        d = d.hint(
            "add the message to the default language's .ftl files, or fix the id in the template",
        );
    }
    d
}

/// Every `t(id="…")` in the theme's templates, with its line and column.
pub fn template_message_ids(text: &str) -> Vec<(String, usize, usize)> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut lines = crate::diagnostic::LineCursor::new(text); // calls are found in order
    let mut from = 0;
    while let Some(i) = text[from..].find("t(").map(|i| i + from) {
        from = i + 2;
        if i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_') {
            continue;
        }
        let rest = text[i + 2..].trim_start();
        let Some(rest) = rest.strip_prefix("id") else {
            continue;
        };
        let Some(rest) = rest.trim_start().strip_prefix('=') else {
            continue;
        };
        let rest = rest.trim_start();
        let Some(quote) = rest.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            continue;
        };
        if let Some(end) = rest[1..].find(quote) {
            let (line, col) = lines.locate(i);
            out.push((rest[1..1 + end].to_string(), line, col));
        }
    }
    out
}

/// Message ids used by the theme's templates that the default language does not define, each at
/// its template:line:col: every command reports them before a page is rendered.
pub fn unknown_message_ids(site: &crate::model::Site) -> Diagnostics {
    let mut diags = Diagnostics::new();
    let dir = site.config.theme_dir.join("templates");
    let default = &site.config.default_language;
    // Problems of the files themselves are reported by the template loader.
    let mut reported = Diagnostics::new();
    for (_, path) in template_files(&site.config.root, &dir, &mut reported) {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue; // reported by the template loader
        };
        let shown = path.strip_prefix(&site.config.root).unwrap_or(&path);
        let lines = crate::diagnostic::LineIndex::new(&text);
        for (id, line, col) in template_message_ids(&text) {
            if !site.locales.has(default, &id) {
                diags.push(
                    Diagnostic::error(
                        shown,
                        format!(
                            "unknown message id `{id}`: it is in no locales/{default}/*.ftl file"
                        ),
                    )
                    .at(line, col)
                    .with_source_of(&lines)
                    .hint(format!(
                        "add `{id} = …` to locales/{default}/main.ftl, or fix the id"
                    )),
                );
            }
        }
    }
    diags
}

#[cfg(test)]
mod tests {
    use super::{cache_key, template_message_ids};
    use serde_json::json;
    use std::collections::HashMap;

    fn args(pairs: &[(&str, serde_json::Value)]) -> HashMap<String, serde_json::Value> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect()
    }

    #[test]
    fn cache_keys_tell_calls_apart() {
        let one = args(&[("id", json!("m")), ("a", json!("x\0b=#1"))]);
        let two = args(&[("id", json!("m")), ("a", json!("x")), ("b", json!(1))]);
        let number = args(&[("id", json!("m")), ("a", json!(1))]);
        let text = args(&[("id", json!("m")), ("a", json!("1"))]);
        let keys = [&one, &two, &number, &text].map(|a| cache_key("m", a));
        for (i, a) in keys.iter().enumerate() {
            for b in &keys[i + 1..] {
                assert_ne!(a, b);
            }
        }
        // The same arguments give the same key, whatever the map's order.
        let swapped = args(&[("b", json!(1)), ("a", json!("x")), ("id", json!("m"))]);
        assert_eq!(cache_key("m", &two), cache_key("m", &swapped));
    }

    #[test]
    fn finds_message_ids_in_templates() {
        let t = "<a>{{ t(id=\"nav-home\") }}</a>\n{{ t( id = 'x-y', n=1) }} {{ list(id=\"no\") }} {{ t(ids=\"no\") }}";
        let ids: Vec<(String, usize, usize)> = template_message_ids(t);
        assert_eq!(
            ids,
            [("nav-home".to_string(), 1, 7), ("x-y".to_string(), 2, 4)]
        );
    }
}
