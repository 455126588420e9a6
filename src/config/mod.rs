//! Stage 1: the site configuration (`site.yaml`), read into typed structs and validated.

pub mod base_url;
pub mod confine;
pub mod lang;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::load::yaml::Fragment;
pub use lang::Lang;
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use unic_langid::{CharacterDirection, LanguageIdentifier};

/// The Open Badges issuer, from `site.yaml`.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct Issuer {
    pub name: String,
    pub url: String,
    pub email: Option<String>,
    pub description: Option<String>,
}

#[derive(Debug, Deserialize)]
struct RawConfig {
    title: String,
    base_url: Option<String>,
    default_language: String,
    languages: Vec<String>,
    #[serde(default = "default_theme")]
    theme: String,
    #[serde(default = "default_output")]
    output_dir: String,
    issuer: Option<Issuer>,
}

fn default_theme() -> String {
    "default".into()
}
fn default_output() -> String {
    "public".into()
}

const KEYS: &[&str] = &[
    "title",
    "base_url",
    "default_language",
    "languages",
    "theme",
    "output_dir",
    "issuer",
];

/// Where a setting (the output directory, the base URL) was given, for messages at the right
/// place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Its option on the command line (`--output`, `--base-url`).
    CommandLine,
    /// Its key in `site.yaml`, at this line.
    SiteYaml(usize),
    /// Not given (the output directory's default `public/`).
    Default,
}

/// A configured language.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Language {
    /// The tag as written in `site.yaml` (`lt`, `pt-BR`); also the output directory name.
    pub code: String,
    /// `ltr` or `rtl`, derived from the tag.
    pub dir: &'static str,
    #[serde(skip)]
    pub id: LanguageIdentifier,
    /// The language as the stages pass it.
    #[serde(skip)]
    pub lang: Lang,
}

/// The validated configuration of a site.
#[derive(Debug, Clone)]
pub struct Config {
    /// The site root: the directory holding `site.yaml`.
    pub root: PathBuf,
    pub title: String,
    /// Absolute, ASCII, ending in `/`, when given ([`base_url::normalise`]).
    pub base_url: Option<String>,
    /// Where `base_url` was given.
    pub base_url_origin: Origin,
    /// Languages in switcher order; the default one is first in `default_language`.
    pub languages: Vec<Language>,
    pub default_language: String,
    pub theme: String,
    pub theme_dir: PathBuf,
    /// The output directory: as given until [`crate::config::confine::output_dir`] checked it, then its
    /// real path (the driver sets it before anything is written).
    pub output_dir: PathBuf,
    /// The output directory as the user wrote it, for messages.
    pub output_given: PathBuf,
    /// Where the output directory was named.
    pub output_origin: Origin,
    pub issuer: Option<Issuer>,
    /// Build drafts too.
    pub drafts: bool,
}

/// Overrides from the command line.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
}

impl Config {
    pub fn language(&self, code: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.code == code)
    }

    /// The configured language codes, in switcher order.
    pub fn language_codes(&self) -> Vec<String> {
        self.languages.iter().map(|l| l.code.clone()).collect()
    }

    /// The configured languages, in switcher order.
    pub fn langs(&self) -> impl ExactSizeIterator<Item = Lang> + Clone + '_ {
        self.languages.iter().map(|l| l.lang)
    }

    /// The configured language with tag `code`.
    pub fn lang(&self, code: &str) -> Option<Lang> {
        self.language(code).map(|l| l.lang)
    }

    /// The default language.
    pub fn default_lang(&self) -> Lang {
        self.lang(&self.default_language)
            .unwrap_or(self.languages[0].lang)
    }

    /// What the configuration says of `lang` (direction, identifier).
    pub fn language_of(&self, lang: Lang) -> &Language {
        &self.languages[lang.index()]
    }

    pub fn is_language(&self, code: &str) -> bool {
        self.language(code).is_some()
    }

    pub fn content_dir(&self) -> PathBuf {
        self.root.join("content")
    }

    pub fn locales_dir(&self) -> PathBuf {
        self.root.join("locales")
    }

    pub fn static_dir(&self) -> PathBuf {
        self.root.join("static")
    }

    /// The path of the base URL (`/` or `/paveldas/`), when there is one.
    pub fn base_path(&self) -> Option<&str> {
        self.base_url.as_deref().map(base_url::path)
    }

    /// `d`, made about a setting given at `origin`, placed there: at its line in `site.yaml`
    /// (with the line's text), or at the command-line `option`.
    pub fn at_setting(&self, origin: &Origin, option: &str, mut d: Diagnostic) -> Diagnostic {
        let yaml = self.root.join("site.yaml");
        match origin {
            Origin::SiteYaml(line) => {
                d.file = yaml.clone();
                d.line(*line)
                    .with_source(&std::fs::read_to_string(&yaml).unwrap_or_default())
            }
            Origin::CommandLine => {
                d.file = option.into();
                d
            }
            Origin::Default => {
                d.file = yaml;
                d
            }
        }
    }

    /// Reads `<root>/site.yaml`.
    pub fn load(root: &Path, overrides: &Overrides) -> Result<Config, Diagnostics> {
        let path = root.join("site.yaml");
        let bytes = std::fs::read(&path).map_err(|e| {
            Diagnostic::error(&path, format!("cannot read the site configuration: {e}")).hint(
                "run paveldas in a site's root directory (the one with site.yaml), or pass --root DIR",
            )
        })?;
        let text = crate::diagnostic::decode_utf8(&path, bytes)?;
        Config::parse(root, &path, &text, overrides)
    }

    pub fn parse(
        root: &Path,
        path: &Path,
        text: &str,
        overrides: &Overrides,
    ) -> Result<Config, Diagnostics> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let frag = Fragment {
            file: path,
            text,
            first_line: 1,
        };
        let raw: RawConfig = frag.parse(KEYS)?;
        let mut diags = Diagnostics::new();

        let mut languages = Vec::new();
        for code in &raw.languages {
            match parse_language(languages.len(), code) {
                Ok(lang) => {
                    if languages.iter().any(|l: &Language| l.code == lang.code) {
                        diags.push(frag.error_for_key(
                            "languages",
                            format!("language `{code}` is listed twice"),
                        ));
                    } else {
                        languages.push(lang);
                    }
                }
                Err(why) => diags.push(
                    frag.error_for_key(
                        "languages",
                        format!("`{code}` is not a valid language tag: {why}"),
                    )
                    .hint("use BCP 47 tags such as `en`, `lt`, `fr`, `ar` or `pt-BR`"),
                ),
            }
        }
        if languages.is_empty() && !diags.has_errors() {
            diags.push(
                frag.error_for_key("languages", "`languages` is empty")
                    .hint("list at least the default language, e.g. `languages: [en]`"),
            );
        }
        if !raw.languages.contains(&raw.default_language) {
            diags.push(
                frag.error_for_key(
                    "default_language",
                    format!(
                        "default language `{}` is not in `languages`",
                        raw.default_language
                    ),
                )
                .hint(format!(
                    "add it to `languages` ({})",
                    raw.languages.join(", ")
                )),
            );
        }

        // The command line wins over site.yaml; an error names where the URL was given.
        let (base_given, base_url_origin) = match (&overrides.base_url, &raw.base_url) {
            (Some(u), _) => (Some(u), Origin::CommandLine),
            (None, Some(u)) => (
                Some(u),
                frag.line_of_key("base_url")
                    .map_or(Origin::Default, Origin::SiteYaml),
            ),
            (None, None) => (None, Origin::Default),
        };
        let base_url = match base_given {
            Some(u) if u.trim().is_empty() => None,
            Some(u) => match base_url::normalise(u) {
                Ok(b) => Some(b),
                Err(why) => {
                    let d = match base_url_origin {
                        Origin::CommandLine => Diagnostic::error("--base-url", why.message),
                        _ => frag.error_for_key("base_url", why.message),
                    };
                    diags.push(d.hint(why.hint));
                    None
                }
            },
            None => None,
        };

        let theme_dir = root.join("themes").join(&raw.theme);
        if raw.theme.contains(['/', '\\']) || raw.theme.starts_with('.') {
            diags.push(frag.error_for_key(
                "theme",
                format!(
                    "theme `{}` must be a directory name under themes/",
                    raw.theme
                ),
            ));
        } else if !theme_dir.join("templates").is_dir() {
            diags.push(
                frag.error_for_key(
                    "theme",
                    format!(
                        "theme `{}` not found: no directory {}",
                        raw.theme,
                        theme_dir.join("templates").display()
                    ),
                )
                .hint("themes live in themes/<name>/templates; the shipped one is `default`"),
            );
        }

        if let Some(issuer) = &raw.issuer {
            if !(issuer.url.starts_with("https://") || issuer.url.starts_with("http://")) {
                diags.push(frag.error_for_key(
                    "issuer",
                    format!("issuer url `{}` is not an absolute http(s) URL", issuer.url),
                ));
            }
            if let Some(email) = &issuer.email {
                let ok = email.split_once('@').is_some_and(|(user, host)| {
                    !user.is_empty()
                        && !host.is_empty()
                        && !host.contains('@')
                        && !email.contains(char::is_whitespace)
                });
                if !ok {
                    diags.push(
                        frag.error_for_key(
                            "issuer",
                            format!("issuer email `{email}` is not an email address"),
                        )
                        .hint("write it like `badges@example.org`"),
                    );
                }
            }
        }

        let (output_given, output_origin) = match &overrides.output {
            Some(o) => (o.clone(), Origin::CommandLine),
            None => (
                PathBuf::from(&raw.output_dir),
                frag.line_of_key("output_dir")
                    .map_or(Origin::Default, Origin::SiteYaml),
            ),
        };
        let output_dir = match output_origin {
            Origin::CommandLine if !output_given.is_absolute() => std::env::current_dir()
                .map(|d| d.join(&output_given))
                .unwrap_or_else(|_| output_given.clone()),
            _ => root.join(&output_given),
        };

        if diags.has_errors() {
            return Err(diags);
        }
        Ok(Config {
            root: root.to_path_buf(),
            title: raw.title,
            base_url,
            base_url_origin,
            default_language: raw.default_language,
            languages,
            theme: raw.theme,
            theme_dir,
            output_dir,
            output_given,
            output_origin,
            issuer: raw.issuer,
            drafts: overrides.drafts,
        })
    }
}

/// A language tag as `site.yaml` may list it (`en`, `pt-BR`) at `index` of its languages, or why
/// not; `init` checks its `--languages` with it before writing anything.
pub fn parse_language(index: usize, code: &str) -> Result<Language, String> {
    if code.contains('_') {
        return Err("use `-`, not `_`, between parts".into());
    }
    let lang = Lang::new(index, code).ok_or_else(|| {
        format!(
            "a site has at most {} languages, each tag at most {} characters",
            Lang::MAX_LANGUAGES,
            Lang::MAX_TAG
        )
    })?;
    let id = LanguageIdentifier::from_str(code).map_err(|e| e.to_string())?;
    if id.language.is_empty() {
        return Err("it has no language part".into());
    }
    if format!("{id}") != code {
        return Err(format!("write it as `{id}`"));
    }
    let dir = match id.character_direction() {
        CharacterDirection::RTL => "rtl",
        _ => "ltr",
    };
    Ok(Language {
        code: code.to_string(),
        dir,
        id,
        lang,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, Diagnostics> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("themes/default/templates")).unwrap();
        Config::parse(
            dir.path(),
            &dir.path().join("site.yaml"),
            text,
            &Overrides::default(),
        )
    }

    #[test]
    fn reads_a_good_config() {
        let c = parse(
            "title: T\ndefault_language: en\nlanguages: [en, lt, ar]\nbase_url: https://x.org\n",
        )
        .unwrap();
        assert_eq!(c.base_url.as_deref(), Some("https://x.org/"));
        assert_eq!(c.language("ar").unwrap().dir, "rtl");
        assert_eq!(c.language("lt").unwrap().dir, "ltr");
    }

    #[test]
    fn default_language_must_be_listed() {
        let e = parse("title: T\ndefault_language: de\nlanguages: [en, lt]\n").unwrap_err();
        assert_eq!(e.0[0].line, Some(2));
        assert!(e.0[0].message.contains("`de`"));
    }

    #[test]
    fn bad_language_tag() {
        let e = parse("title: T\ndefault_language: en\nlanguages: [en, lt_LT]\n").unwrap_err();
        assert_eq!(e.0[0].line, Some(3));
    }

    #[test]
    fn missing_theme() {
        let e =
            parse("title: T\ndefault_language: en\nlanguages: [en]\ntheme: fancy\n").unwrap_err();
        assert_eq!(e.0[0].line, Some(4));
    }
}
