//! The translators' workflow: `paveldas l10n status` and `paveldas l10n stamp`.
//!
//! `status` compares every language with the default one and lists, each at file:line, what is left
//! to do: Fluent messages and attributes missing, obsolete or with different variables
//! ([`fluent`]), syntax errors (reported, the rest of the file still counts), content files
//! untranslated or stale since their source changed ([`content`], with the source paragraphs that
//! changed), and a completion percentage per language and per file. It reads `.ftl` files itself
//! (so one broken file does not hide the rest) and content through `load`. `stamp` records the source
//! digest in translations ([`stamp`]).

pub mod content;
pub mod findings;
pub mod fluent;
pub mod stamp;

mod report;

use crate::config::{Config, Overrides};
use crate::diagnostic::{Diagnostic, Diagnostics};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

pub use findings::{
    percent, ContentSummary, FileKind, FileRow, Item, ItemKind, LanguageReport, Report, UiSummary,
};
pub use report::{print_text, Paint};

/// `paveldas l10n ...`
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// Show what is left to translate: missing, obsolete and mismatched UI strings, untranslated and
    /// stale pages, and a completion percentage per language and file.
    Status {
        /// Only this language (default: every language but the default one).
        #[arg(long)]
        lang: Option<String>,
        /// `text` (a table per language) or `json` (for dashboards and CI).
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Exit with status 1 when anything is missing, mismatched, broken, untranslated or stale.
        #[arg(long)]
        strict: bool,
    },
    /// Record in each translation (`x.lt.md`, `locales/lt/main.ftl`) the digest of its source
    /// (`x.md`, `locales/<default>/main.ftl`), after updating it.
    Stamp {
        /// Translation files, e.g. content/lessons/06-lithuania/kernave.lt.md or locales/lt/main.ftl
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// Reads every `.ftl` file of one language directory: (file name, parsed).
fn read_ftl_dir(
    root: &Path,
    locales: &Path,
    lang: &str,
    warnings: &mut Diagnostics,
) -> Vec<(String, fluent::FtlFile)> {
    let mut names: Vec<String> = std::fs::read_dir(locales.join(lang))
        .map(|rd| {
            rd.flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".ftl") && !n.starts_with('.'))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let path = locales.join(lang).join(&name);
            let shown = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
            let text = match std::fs::read(&path).map(String::from_utf8) {
                Ok(Ok(t)) => t,
                Ok(Err(_)) => {
                    warnings.push(
                        Diagnostic::warning(&shown, "the file is not valid UTF-8; it is skipped")
                            .hint("save it as UTF-8"),
                    );
                    String::new()
                }
                Err(e) => {
                    warnings.push(Diagnostic::warning(&shown, format!("cannot read: {e}")));
                    String::new()
                }
            };
            let parsed = fluent::parse(&shown, &text);
            (name, parsed)
        })
        .collect()
}

/// The languages `status` reports on: `only`, or every language but the default one.
fn languages(config: &Config, only: Option<&str>) -> Result<Vec<String>, Diagnostics> {
    let default = &config.default_language;
    let file = config.root.join("site.yaml");
    match only {
        Some(l) if l == default => Err(Diagnostic::error(
            file,
            format!("`{l}` is the default language: the others are compared with it"),
        )
        .hint("ask for one of the other languages, or leave out --lang")
        .into()),
        Some(l) if !config.is_language(l) => {
            let codes: Vec<&str> = config.languages.iter().map(|x| x.code.as_str()).collect();
            Err(
                Diagnostic::error(file, format!("`{l}` is not a language of this site"))
                    .hint(format!("the site's languages are {}", codes.join(", ")))
                    .into(),
            )
        }
        Some(l) => Ok(vec![l.to_string()]),
        None => Ok(config
            .languages
            .iter()
            .map(|l| l.code.clone())
            .filter(|c| c != default)
            .collect()),
    }
}

/// Compares every language (or only `only`) with the default language.
pub fn status(root: &Path, only: Option<&str>) -> Result<Report, Diagnostics> {
    let config = Config::load(root, &Overrides::default())?;
    let langs = languages(&config, only)?;
    let default = config.default_language.clone();
    let mut warnings = Diagnostics::new();
    let locales = config.locales_dir();
    let reference = read_ftl_dir(&config.root, &locales, &default, &mut warnings);
    for (_, f) in &reference {
        for (line, col, msg, _) in &f.errors {
            warnings.push(
                Diagnostic::warning(&f.path, msg.clone())
                    .at(*line, *col)
                    .hint("the reference language has a broken message; `build` fails on it"),
            );
        }
    }
    let (content, content_warnings) = crate::load::load_content(&config)?;
    warnings.extend(content_warnings);

    let mut out = Vec::new();
    for lang in &langs {
        let translated = read_ftl_dir(&config.root, &locales, lang, &mut warnings);
        let mut files = Vec::new();
        let mut items = Vec::new();
        let (mut ui, mut words, mut words_done) = (UiSummary::default(), 0, 0);
        for (name, r) in &reference {
            let tr_path = Path::new("locales").join(lang).join(name);
            let tr = translated.iter().find(|(n, _)| n == name).map(|x| &x.1);
            let (c, mut it) = fluent::compare(r, tr, &tr_path, &config.root);
            ui.strings += c.total;
            ui.translated += c.translated;
            words += c.words;
            words_done += c.translated_words;
            files.push(FileRow {
                path: tr_path,
                source: r.path.clone(),
                kind: FileKind::Ftl,
                total: c.total,
                translated: c.translated,
                percent: percent(c.translated, c.total),
                state: None,
            });
            items.append(&mut it);
        }
        for (name, t) in &translated {
            if !reference.iter().any(|(n, _)| n == name) {
                let empty = fluent::FtlFile {
                    path: Path::new("locales").join(&default).join(name),
                    ..Default::default()
                };
                items.extend(fluent::compare(&empty, Some(t), &t.path, &config.root).1);
            }
        }
        ui.percent = percent(ui.translated, ui.strings);
        let (docs, mut it) = content::statuses(&content, &config.root, lang);
        items.append(&mut it);
        let mut cs = ContentSummary {
            documents: docs.len(),
            ..Default::default()
        };
        for d in &docs {
            let done = d.state != content::State::Untranslated;
            words += d.words;
            match d.state {
                content::State::Current => cs.current += 1,
                content::State::Stale => cs.stale += 1,
                content::State::NotStamped => cs.not_stamped += 1,
                content::State::Untranslated => cs.untranslated += 1,
            }
            if done {
                cs.translated += 1;
                words_done += d.words;
            }
            files.push(FileRow {
                path: d.path.clone(),
                source: d.source.clone(),
                kind: d.kind,
                total: 1,
                translated: done as usize,
                percent: if done { 100.0 } else { 0.0 },
                state: Some(d.state),
            });
        }
        cs.percent = percent(cs.translated, cs.documents);
        out.push(LanguageReport {
            language: lang.clone(),
            name: crate::load::locales::builtin_name(lang)
                .map(str::to_string)
                .unwrap_or_else(|| lang.clone()),
            percent: percent(words_done, words),
            ui,
            content: cs,
            files,
            items,
        });
    }
    Ok(Report {
        default_language: default,
        languages: out,
        warnings: warnings.sorted().0,
    })
}

fn print_diagnostics(d: &Diagnostics, root: &Path) {
    for x in crate::relative_diagnostics(d.clone(), root).iter() {
        eprintln!("{x}\n");
    }
}

/// Runs `paveldas l10n ...` in the site at `root`; returns the process exit status.
pub fn run(root: &Path, command: Command) -> ExitCode {
    match command {
        Command::Status {
            lang,
            format,
            strict,
        } => match status(root, lang.as_deref()) {
            Ok(report) => {
                let blocking: usize = report.languages.iter().map(|l| l.blocking()).sum();
                match format {
                    Format::Json => println!(
                        "{}",
                        serde_json::to_string_pretty(&report).expect("the report serializes")
                    ),
                    Format::Text => {
                        print_diagnostics(&Diagnostics(report.warnings.clone()), root);
                        print_text(&report, &mut std::io::stdout(), Paint::stdout());
                    }
                }
                if strict && blocking > 0 {
                    eprintln!("l10n status --strict: {blocking} thing(s) left to translate or fix");
                    ExitCode::FAILURE
                } else {
                    ExitCode::SUCCESS
                }
            }
            Err(d) => {
                print_diagnostics(&d.sorted(), root);
                eprintln!("l10n status: cannot read the site (see above)");
                ExitCode::FAILURE
            }
        },
        Command::Stamp { files } => match stamp::stamp(root, &files) {
            Ok((done, diags)) => {
                for r in done {
                    println!(
                        "{} {} (source digest {})",
                        if r.changed {
                            "stamped"
                        } else {
                            "already current:"
                        },
                        r.file.display(),
                        &r.digest[..12]
                    );
                }
                print_diagnostics(&diags, root);
                if diags.has_errors() {
                    eprintln!(
                        "l10n stamp: {} file(s) not stamped (see above)",
                        diags.error_count()
                    );
                    ExitCode::FAILURE
                } else {
                    ExitCode::SUCCESS
                }
            }
            Err(d) => {
                print_diagnostics(&d, root);
                ExitCode::FAILURE
            }
        },
    }
}
