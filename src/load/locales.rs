//! UI strings with Fluent: `locales/<lang>/*.ftl` loaded once per language into thread-safe bundles,
//! looked up with per-message fallback along the chain reader's language → default language.

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics, LineCursor, LineIndex};
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One loaded `.ftl` file, kept for `check` and `l10n status`.
#[derive(Debug, Clone)]
pub struct LocaleFile {
    pub lang: String,
    /// Path relative to the site root.
    pub path: PathBuf,
    pub text: String,
}

/// The UI strings of every configured language.
pub struct Locales {
    default: String,
    bundles: HashMap<String, Arc<FluentBundle<FluentResource>>>,
    pub files: Vec<LocaleFile>,
}

/// Endonyms for the language switcher, used when a locale has no `language-name` message.
pub fn builtin_name(code: &str) -> Option<&'static str> {
    let primary = code.split('-').next().unwrap_or(code);
    Some(match primary {
        "en" => "English",
        "lt" => "Lietuvių",
        "fr" => "Français",
        "ar" => "العربية",
        "es" => "Español",
        "ru" => "Русский",
        "zh" => "中文",
        "de" => "Deutsch",
        "pl" => "Polski",
        "lv" => "Latviešu",
        "et" => "Eesti",
        "uk" => "Українська",
        "it" => "Italiano",
        "pt" => "Português",
        "he" => "עברית",
        "fa" => "فارسی",
        "fi" => "Suomi",
        "sv" => "Svenska",
        "no" | "nb" => "Norsk",
        "da" => "Dansk",
        _ => return None,
    })
}

/// Parses one `.ftl` text; syntax errors become errors at file:line:col (the broken entry is left
/// out of the resource, the rest of the file is kept).
pub fn parse_ftl(path: &Path, text: String) -> (FluentResource, Diagnostics) {
    let mut diags = Diagnostics::new();
    let res = match FluentResource::try_new(text) {
        Ok(r) => r,
        Err((r, errors)) => {
            let lines = LineIndex::new(r.source());
            for e in errors {
                let (line, col) = lines.line_col(e.pos.start);
                let msg = format!("Fluent syntax error: {}", e.kind);
                let d = Diagnostic::error(path, msg)
                    .at(line, col).with_source_of(&lines).hint(
                    "a message is `id = text` on one line (continuation lines indented); variables are `{ $name }`; the broken message is left out",
                );
                diags.push(d);
            }
            r
        }
    };
    (res, diags)
}

/// The line of each message's and term's first definition in `res` (`-id` for terms), from the
/// positions of the ids in the source: one pass over the file, however many messages it has.
fn entry_lines(res: &FluentResource) -> HashMap<String, usize> {
    let src = res.source();
    let mut cursor = LineCursor::new(src);
    let mut lines = HashMap::new();
    for e in res.entries() {
        let (id, name) = match e {
            fluent_syntax::ast::Entry::Message(m) => (m.id.name.to_string(), m.id.name),
            fluent_syntax::ast::Entry::Term(t) => (format!("-{}", t.id.name), t.id.name),
            _ => continue,
        };
        // The id is a slice of the source; entries come in file order, so the cursor only advances.
        let offset = (name.as_ptr() as usize).saturating_sub(src.as_ptr() as usize);
        let line = cursor.locate(offset).0;
        lines.entry(id).or_insert(line);
    }
    lines
}

/// A message id that no `.ftl` file of the language or the default language defines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownMessage {
    pub id: String,
    /// The default language, whose files every id must be in.
    pub default: String,
}

impl std::fmt::Display for UnknownMessage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "unknown message id `{}`: it is in no locales/{}/*.ftl file",
            self.id, self.default
        )
    }
}

impl std::error::Error for UnknownMessage {}

impl Locales {
    /// Loads every configured language's `.ftl` files. Syntax errors are errors and the rest of
    /// the file is used; with `keep_going` the strings are returned with their errors (`check`
    /// goes on to report more), otherwise any error is `Err`.
    pub fn load(config: &Config, keep_going: bool) -> Result<(Locales, Diagnostics), Diagnostics> {
        let mut diags = Diagnostics::new();
        let mut bundles = HashMap::new();
        let mut files = Vec::new();
        let confined = crate::config::confine::Confined::new(&config.root, None);
        for lang in &config.languages {
            let dir = config.locales_dir().join(&lang.code);
            let shown_dir = Path::new("locales").join(&lang.code);
            // Nothing is read through a link that leaves the site.
            let mut paths: Vec<PathBuf> = Vec::new();
            let linked_out = [config.locales_dir(), dir.clone()].iter().any(|d| {
                let shown = d.strip_prefix(&config.root).unwrap_or(d);
                match confined.check_link(d, shown) {
                    Ok(()) => false,
                    Err(e) => {
                        diags.push(e);
                        true
                    }
                }
            });
            if let (false, Ok(rd)) = (linked_out, std::fs::read_dir(&dir)) {
                for p in rd.filter_map(|e| e.ok().map(|e| e.path())) {
                    if p.extension().is_none_or(|x| x != "ftl") {
                        continue;
                    }
                    match confined
                        .check_link(&p, &shown_dir.join(p.file_name().unwrap_or_default()))
                    {
                        Ok(()) => paths.push(p),
                        Err(e) => diags.push(e),
                    }
                }
            }
            paths.sort();
            if paths.is_empty() {
                let d = if lang.code == config.default_language {
                    Diagnostic::error(
                        &shown_dir,
                        "the default language has no UI strings (no .ftl files)",
                    )
                    .hint(
                        "create locales/<default>/main.ftl; every other language falls back to it",
                    )
                } else {
                    Diagnostic::warning(
                        &shown_dir,
                        format!(
                            "no UI strings for `{}`: its pages use the {} strings",
                            lang.code, config.default_language
                        ),
                    )
                    .hint(format!(
                        "copy locales/{}/*.ftl to {} and translate it",
                        config.default_language,
                        shown_dir.display()
                    ))
                };
                diags.push(d);
            }
            let mut bundle = FluentBundle::new_concurrent(vec![lang.id.clone()]);
            bundle.set_use_isolating(lang.dir == "rtl");
            // NUMBER() and locale-aware digits for every number a message shows (src/intl.rs).
            bundle
                .add_builtins()
                .expect("a new bundle has no functions yet");
            bundle.set_formatter(Some(crate::load::numbers::format_value));
            for path in paths {
                let shown = Path::new("locales")
                    .join(&lang.code)
                    .join(path.file_name().unwrap_or_default());
                let text =
                    match std::fs::read(&path).map(|b| crate::diagnostic::decode_utf8(&shown, b)) {
                        Ok(Ok(t)) => t,
                        Ok(Err(d)) => {
                            diags.push(d);
                            continue;
                        }
                        Err(e) => {
                            diags.push(Diagnostic::error(&shown, format!("cannot read: {e}")));
                            continue;
                        }
                    };
                let text = text
                    .strip_prefix('\u{feff}')
                    .map(str::to_string)
                    .unwrap_or(text);
                files.push(LocaleFile {
                    lang: lang.code.clone(),
                    path: shown.clone(),
                    text: text.clone(),
                });
                let (res, d) = parse_ftl(&shown, text);
                diags.extend(d);
                let lines = entry_lines(&res);
                if let Err(errors) = bundle.add_resource(res) {
                    for e in errors {
                        if let fluent_bundle::FluentError::Overriding { id, .. } = &e {
                            let line =
                                [lines.get(id.as_str()), lines.get(format!("-{id}").as_str())]
                                    .into_iter()
                                    .flatten()
                                    .min()
                                    .copied()
                                    .unwrap_or(1);
                            diags.push(
                                Diagnostic::error(&shown, format!("message `{id}` is defined twice in {}", shown_dir.display()))
                                    .line(line)
                                    .hint("keep one definition; ids are shared by all .ftl files of a language"),
                            );
                        }
                    }
                }
            }
            bundles.insert(lang.code.clone(), Arc::new(bundle));
        }
        if diags.has_errors() && !keep_going {
            return Err(diags);
        }
        Ok((
            Locales {
                default: config.default_language.clone(),
                bundles,
                files,
            },
            diags,
        ))
    }

    /// Whether `lang` (or the default language) has the message `id` (`id.attr` for attributes).
    pub fn has(&self, lang: &str, id: &str) -> bool {
        self.find(lang, id).is_some()
    }

    fn find(&self, lang: &str, id: &str) -> Option<&FluentBundle<FluentResource>> {
        let (msg, attr) = match id.split_once('.') {
            Some((m, a)) => (m, Some(a)),
            None => (id, None),
        };
        let has = |b: &FluentBundle<FluentResource>| {
            b.get_message(msg).is_some_and(|m| match attr {
                Some(a) => m.get_attribute(a).is_some(),
                None => m.value().is_some(),
            })
        };
        [lang, self.default.as_str()]
            .into_iter()
            .filter_map(|l| self.bundles.get(l))
            .find(|b| has(b))
            .map(|b| &**b)
    }

    /// Formats message `id` (or `id.attr`) for `lang`, falling back to the default language.
    pub fn format(
        &self,
        lang: &str,
        id: &str,
        args: Option<&FluentArgs>,
    ) -> Result<String, UnknownMessage> {
        let bundle = self.find(lang, id).ok_or_else(|| UnknownMessage {
            id: id.to_string(),
            default: self.default.clone(),
        })?;
        let (msg, attr) = match id.split_once('.') {
            Some((m, a)) => (m, Some(a)),
            None => (id, None),
        };
        let message = bundle.get_message(msg).expect("checked by find");
        let pattern = match attr {
            Some(a) => message.get_attribute(a).map(|a| a.value()),
            None => message.value(),
        }
        .expect("checked by find");
        let mut errors = Vec::new();
        let s = bundle.format_pattern(pattern, args, &mut errors);
        Ok(s.into_owned())
    }

    /// Formats `id` without arguments, or returns `fallback` when no language has it.
    pub fn text_or(&self, lang: &str, id: &str, fallback: &str) -> String {
        self.format(lang, id, None)
            .unwrap_or_else(|_| fallback.to_string())
    }

    /// The name of a language in that language, for the switcher.
    pub fn language_name(&self, code: &str) -> String {
        if let Some(b) = self.bundles.get(code) {
            if let Some(p) = b.get_message("language-name").and_then(|m| m.value()) {
                let mut e = Vec::new();
                return b.format_pattern(p, None, &mut e).into_owned();
            }
        }
        builtin_name(code)
            .map(str::to_string)
            .unwrap_or_else(|| code.to_string())
    }
}

/// Converts a template argument into a Fluent value (numbers stay numbers so plurals work).
pub fn to_fluent(v: &serde_json::Value) -> FluentValue<'static> {
    match v {
        serde_json::Value::Number(n) => FluentValue::from(n.as_f64().unwrap_or(0.0)),
        serde_json::Value::String(s) => FluentValue::from(s.clone()),
        serde_json::Value::Bool(b) => FluentValue::from(b.to_string()),
        serde_json::Value::Null => FluentValue::None,
        other => FluentValue::from(other.to_string()),
    }
}
